/* sluice-schema-page.h: the objects of a profile's database with their DDL,
 * snapshots of them, and two catalogs compared
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-schema-compare-view.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_SCHEMA_PAGE (sluice_schema_page_get_type ())
G_DECLARE_FINAL_TYPE (SluiceSchemaPage, sluice_schema_page, SLUICE, SCHEMA_PAGE, GtkWidget)

/* Two modes (the "mode" property, "browse" or "compare"):
 *
 * Browse: a snapshot of the live database of the profile, read when the
 * page is shown (sluice_catalog_capture_async(), cancellable), as a tree:
 * schemas, kinds, objects, their children, with a search by name; the
 * selected object's DDL (highlighted, read-only) and attributes.  "Save
 * snapshot" keeps it in the profile's snapshot folder; "Open snapshot"
 * shows a file instead.
 *
 * Compare: two sides, each the live database of this or another profile,
 * a snapshot file of the profile's folder (those taken before and after
 * the latest run are offered by name), or any file; the comparison in a
 * SluiceSchemaCompareView, and "Save as migration" writing its DDL (and
 * the DDL back) into the profile's migration folder.
 *
 * Actions (group "schema"): "mode" (stateful), "reload", "cancel",
 * "save-snapshot", "open-snapshot", "copy-ddl", "compare", "swap-sides",
 * "save-migration".
 *
 * Properties (notify): "session" (nullable), "mode", "loading"
 * (read-only), "catalog" (read-only: the catalog browsed), "diff"
 * (read-only), "selected-object" (read-only). */
GtkWidget               *sluice_schema_page_new                  (void);

SluiceSession           *sluice_schema_page_get_session          (SluiceSchemaPage *self);
void                     sluice_schema_page_set_session          (SluiceSchemaPage *self,
                                                                  SluiceSession    *session);

const char              *sluice_schema_page_get_mode             (SluiceSchemaPage *self);
void                     sluice_schema_page_set_mode             (SluiceSchemaPage *self,
                                                                  const char       *mode);
gboolean                 sluice_schema_page_get_loading          (SluiceSchemaPage *self);
/* Browse: "empty", "loading", "failed" or "catalog". */
const char              *sluice_schema_page_get_view             (SluiceSchemaPage *self);
/* Compare: "idle", "loading", "failed" or "diff". */
const char              *sluice_schema_page_get_compare_state    (SluiceSchemaPage *self);
/* Why the last read, comparison or write failed, as shown; NULL when the
 * last one worked. */
const char              *sluice_schema_page_get_error            (SluiceSchemaPage *self);

/* Reads the live database again (browse), or compares again (compare);
 * a hidden page does it when it is next shown. */
void                     sluice_schema_page_reload               (SluiceSchemaPage *self);

/* Browse ------------------------------------------------------------------ */

SluiceCatalog           *sluice_schema_page_get_catalog          (SluiceSchemaPage *self);
/* The rows of the tree as shown (GtkTreeListRow of SluiceSchemaNode). */
GListModel              *sluice_schema_page_get_tree_rows        (SluiceSchemaPage *self);
void                     sluice_schema_page_set_search           (SluiceSchemaPage *self,
                                                                  const char       *text);
/* Opens the tree down to the object with @identity and selects it;
 * FALSE when the catalog has no such object (or the search hides it). */
gboolean                 sluice_schema_page_select_identity      (SluiceSchemaPage *self,
                                                                  const char       *identity);
SluiceCatalogObject     *sluice_schema_page_get_selected_object  (SluiceSchemaPage *self);
/* The DDL shown for the selected object. */
char                    *sluice_schema_page_dup_ddl              (SluiceSchemaPage *self);
/* The attributes of the selected object: two labels a row (name, value). */
GtkGrid                 *sluice_schema_page_get_attributes       (SluiceSchemaPage *self);

/* Shows the snapshot in @file (read on a worker thread). */
void                     sluice_schema_page_open_snapshot        (SluiceSchemaPage *self,
                                                                  GFile            *file);
/* Saves the live catalog shown in the profile's snapshot folder; the
 * path written, once done (NULL before, or after a failure). */
void                     sluice_schema_page_save_snapshot        (SluiceSchemaPage *self);
const char              *sluice_schema_page_get_saved_snapshot   (SluiceSchemaPage *self);

/* Compare ----------------------------------------------------------------- */

/* The choices of either side's dropdown (GtkStringObject), in order. */
GListModel              *sluice_schema_page_get_side_labels      (SluiceSchemaPage *self);
/* Chooses the side whose label is @label; FALSE when there is none. */
gboolean                 sluice_schema_page_select_side          (SluiceSchemaPage *self,
                                                                  gboolean          to_side,
                                                                  const char       *label);
/* The label of the side chosen now. */
const char              *sluice_schema_page_get_side_label       (SluiceSchemaPage *self,
                                                                  gboolean          to_side);
/* Reads the profile's snapshot folder again, to offer its files. */
void                     sluice_schema_page_rescan_snapshots     (SluiceSchemaPage *self);
SluiceDiff              *sluice_schema_page_get_diff             (SluiceSchemaPage *self);
SluiceSchemaCompareView *sluice_schema_page_get_compare_view     (SluiceSchemaPage *self);
/* What "Save as migration" does once named: writes the comparison's DDL
 * into the profile's migration folder (on a worker thread).  The paths
 * written, once done (NULL before, or after a failure: the error is
 * shown in a dialog and is get_error()). */
void                     sluice_schema_page_save_migration       (SluiceSchemaPage *self,
                                                                  const char       *name);
const char * const      *sluice_schema_page_get_written_paths    (SluiceSchemaPage *self);
/* Whether a snapshot, a migration or a folder listing is being written
 * or read now. */
gboolean                 sluice_schema_page_get_busy             (SluiceSchemaPage *self);

G_END_DECLS
