/* sluice-schema-compare-view.h: two schema catalogs side by side: what was
 * added, removed and changed, attribute by attribute, and the DDL that
 * turns one into the other with its hazards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-schema-change-item.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_SCHEMA_COMPARE_VIEW (sluice_schema_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (SluiceSchemaCompareView, sluice_schema_compare_view, SLUICE, SCHEMA_COMPARE_VIEW, GtkWidget)

/* Two sections: "objects", the objects of both sides in two columns,
 * coloured added (green), removed (red), changed (amber), with the
 * selected one's attributes (old | new) and its DDL on either side; and
 * "ddl", the generated statements, each with its hazards and lock.
 *
 * Actions (group "compare"): "section" and "changed-only" (stateful, the
 * properties of the same names), "copy-script".
 *
 * Properties: "diff" (nullable), "section", "changed-only" (default TRUE:
 * the unchanged objects are hidden), "selected" (read-only, nullable). */
GtkWidget              *sluice_schema_compare_view_new              (void);

SluiceDiff             *sluice_schema_compare_view_get_diff         (SluiceSchemaCompareView *self);
void                    sluice_schema_compare_view_set_diff         (SluiceSchemaCompareView *self,
                                                                     SluiceDiff              *diff);

/* The summary line (sluice_diff_describe()). */
const char             *sluice_schema_compare_view_get_summary      (SluiceSchemaCompareView *self);
/* How many rows of each state the list holds (filter or not). */
guint                   sluice_schema_compare_view_count            (SluiceSchemaCompareView *self,
                                                                     SluiceChangeKind         kind);
/* The rows as shown now (SluiceSchemaChangeItem). */
GListModel             *sluice_schema_compare_view_get_rows         (SluiceSchemaCompareView *self);

gboolean                sluice_schema_compare_view_get_changed_only (SluiceSchemaCompareView *self);
void                    sluice_schema_compare_view_set_changed_only (SluiceSchemaCompareView *self,
                                                                     gboolean                 changed_only);
const char             *sluice_schema_compare_view_get_section      (SluiceSchemaCompareView *self);
void                    sluice_schema_compare_view_set_section      (SluiceSchemaCompareView *self,
                                                                     const char              *section);

SluiceSchemaChangeItem *sluice_schema_compare_view_get_selected     (SluiceSchemaCompareView *self);
/* Selects the row of the object with @identity (on either side), showing
 * the unchanged rows if it is one; FALSE when there is none. */
gboolean                sluice_schema_compare_view_select_identity  (SluiceSchemaCompareView *self,
                                                                     const char              *identity);

/* The attribute grid of the selected row: a header row, then one row per
 * attribute, three labels each (name, old, new). */
GtkGrid                *sluice_schema_compare_view_get_attributes   (SluiceSchemaCompareView *self);
/* The DDL of the selected object on each side ("" when absent). */
char                   *sluice_schema_compare_view_dup_side_sql     (SluiceSchemaCompareView *self,
                                                                     gboolean                 to_side);
/* The statements list (a GtkListBox, one row per statement). */
GtkListBox             *sluice_schema_compare_view_get_statements   (SluiceSchemaCompareView *self);

G_END_DECLS
