/* sluice-schema-page-private.h: what the Schema page
 * (sluice-schema-page.c) shares with its parts: browse, snapshots, sides,
 * compare and migration (sluice-schema-page-*.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice-application.h"
#include "sluice-schema-browser.h"
#include "sluice-schema-page.h"

G_BEGIN_DECLS

typedef enum
{
  SLUICE_SCHEMA_SIDE_LIVE,
  SLUICE_SCHEMA_SIDE_FILE,
  SLUICE_SCHEMA_SIDE_CHOOSE,
} SluiceSchemaSideKind;

/* One choice of a side's dropdown. */
typedef struct
{
  SluiceSchemaSideKind  kind;
  SluiceProfile        *profile;   /* SLUICE_SCHEMA_SIDE_LIVE */
  GFile                *file;      /* SLUICE_SCHEMA_SIDE_FILE */
  char                 *label;
} SluiceSchemaSide;

struct _SluiceSchemaPage
{
  GtkWidget                parent_instance;

  SluiceSession           *session;
  SluiceCatalog           *catalog;
  gboolean                 catalog_live;
  SluiceDiff              *diff;
  SluiceDiffFlags          diff_flags;
  char                    *error;
  char                    *saved_snapshot;
  char                   **written_paths;
  GCancellable            *load_cancellable;
  GCancellable            *compare_cancellable;
  GCancellable            *io_cancellable;
  GPtrArray               *sides;
  GtkStringList           *side_labels;
  GPtrArray               *opened_files;
  guint                    from_position;
  guint                    to_position;
  guint                    busy;
  gboolean                 loading;
  gboolean                 dirty;
  gboolean                 compared_once;
  gboolean                 sides_chosen;
  gboolean                 rebuilding_sides;

  GtkSpinner              *spinner;
  GtkLabel                *status_label;
  GtkWidget               *cancel_button;
  GtkWidget               *browse_buttons;
  GtkStack                *mode_stack;
  GtkStack                *browse_stack;
  AdwStatusPage           *loading_page;
  GtkSpinner              *loading_spinner;
  AdwStatusPage           *error_page;
  GtkLabel                *error_label;
  SluiceSchemaBrowser     *browser;
  GtkDropDown             *from_dropdown;
  GtkDropDown             *to_dropdown;
  GtkCheckButton          *ignore_check;
  GtkStack                *compare_stack;
  AdwStatusPage           *compare_loading_page;
  GtkSpinner              *compare_spinner;
  AdwStatusPage           *compare_error_page;
  GtkLabel                *compare_error_label;
  SluiceSchemaCompareView *compare_view;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_MODE,
  PROP_LOADING,
  PROP_CATALOG,
  PROP_DIFF,
  PROP_SELECTED_OBJECT,
  N_PROPS
};

/* The page (sluice-schema-page.c) */
void                  _sluice_schema_page_notify                (SluiceSchemaPage *self,
                                                                 guint             prop_id);
SluiceProfile        *_sluice_schema_page_get_profile           (SluiceSchemaPage *self);
GtkWindow            *_sluice_schema_page_get_window            (SluiceSchemaPage *self);
SluiceApplication    *_sluice_schema_page_get_application       (SluiceSchemaPage *self);
void                  _sluice_schema_page_set_status            (SluiceSchemaPage *self,
                                                                 const char       *status);
void                  _sluice_schema_page_set_error             (SluiceSchemaPage *self,
                                                                 const char       *message);
void                  _sluice_schema_page_set_loading           (SluiceSchemaPage *self,
                                                                 gboolean          loading);
void                  _sluice_schema_page_begin_busy            (SluiceSchemaPage *self);
void                  _sluice_schema_page_end_busy              (SluiceSchemaPage *self);
void                  _sluice_schema_page_show_error_dialog     (SluiceSchemaPage *self,
                                                                 const char       *heading,
                                                                 const char       *body);
void                  _sluice_schema_page_update_actions        (SluiceSchemaPage *self);

/* Browse (sluice-schema-page-browse.c) */
void                  _sluice_schema_page_set_catalog           (SluiceSchemaPage *self,
                                                                 SluiceCatalog    *catalog,
                                                                 gboolean          live,
                                                                 const char       *file_name);
void                  _sluice_schema_page_reload_browse         (SluiceSchemaPage *self);

/* Snapshot files (sluice-schema-page-snapshots.c) */
void                  _sluice_schema_page_remember_file         (SluiceSchemaPage *self,
                                                                 GFile            *file);
GtkFileChooserNative *_sluice_schema_page_snapshot_chooser_new  (SluiceSchemaPage *self,
                                                                 const char       *title);
void                  _sluice_schema_page_open_snapshot_action  (GtkWidget        *widget,
                                                                 const char       *action_name,
                                                                 GVariant         *parameter);
void                  _sluice_schema_page_save_snapshot_action  (GtkWidget        *widget,
                                                                 const char       *action_name,
                                                                 GVariant         *parameter);

/* The compare sides (sluice-schema-page-sides.c) */
void                  _sluice_schema_page_init_sides            (SluiceSchemaPage *self);
void                  _sluice_schema_page_side_free             (SluiceSchemaSide *side);
SluiceSchemaSide     *_sluice_schema_page_side_copy             (const SluiceSchemaSide *side);
SluiceSchemaSide     *_sluice_schema_page_get_side              (SluiceSchemaPage *self,
                                                                 gboolean          to_side);
void                  _sluice_schema_page_rebuild_sides         (SluiceSchemaPage *self,
                                                                 GPtrArray        *snapshot_files);
void                  _sluice_schema_page_swap_sides_action     (GtkWidget        *widget,
                                                                 const char       *action_name,
                                                                 GVariant         *parameter);

/* Compare (sluice-schema-page-compare.c) */
void                  _sluice_schema_page_set_diff              (SluiceSchemaPage *self,
                                                                 SluiceDiff       *diff);
void                  _sluice_schema_page_start_compare         (SluiceSchemaPage *self);
void                  _sluice_schema_page_compare_action        (GtkWidget        *widget,
                                                                 const char       *action_name,
                                                                 GVariant         *parameter);

/* Save as migration (sluice-schema-page-migration.c) */
void                  _sluice_schema_page_save_migration_action (GtkWidget        *widget,
                                                                 const char       *action_name,
                                                                 GVariant         *parameter);

G_END_DECLS
