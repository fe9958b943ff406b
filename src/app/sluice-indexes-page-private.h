/* sluice-indexes-page-private.h: what the Indexes page
 * (sluice-indexes-page.c) shares with its parts: reading the health report
 * (sluice-indexes-page-load.c), the scans sampler (-sampler.c), the
 * columns of the list (-columns.c), the search and the filters
 * (-filter.c), the selection and the detail pane (-detail.c), the summary
 * (-summary.c), the unindexed foreign keys (-foreign-keys.c) and the
 * actions on an index (-actions.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice-index-detail.h"
#include "sluice-indexes-page.h"
#include "sluice-tables-view.h"

G_BEGIN_DECLS

struct _SluiceIndexesPage
{
  GtkWidget            parent_instance;

  SluiceSession       *session;
  SluiceConnection    *connection;
  SluiceHealth        *health;
  SluiceIndexSampler  *sampler;
  SluiceIndexInfo     *selected_index;
  GError              *error;
  GCancellable        *cancellable;
  GCancellable        *action_cancellable;
  GSignalGroup        *profile_signals;
  GHashTable          *rate_cells;      /* bound sparkline cells of the rows */
  char                *search_folded;
  char                *keep_selection;  /* "schema.name" to select again after a reload */
  guint                sample_interval_ms;
  gboolean             only_flagged;
  gboolean             loading;
  gboolean             dirty;
  gboolean             action_running;

  /* The list: report -> filter -> sort (by the column view) -> selection. */
  GtkFilterListModel  *filter_model;
  GtkCustomFilter     *filter;
  GtkSortListModel    *sort_model;
  GtkSingleSelection  *selection;
  GtkColumnViewColumn *rate_column;

  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkLabel            *loading_title;
  AdwStatusPage       *error_page;
  GtkLabel            *error_label;
  GtkLabel            *summary_label;
  GtkLabel            *stats_reset_label;
  GtkBox              *flag_counts_box;
  GtkSearchEntry      *search_entry;
  GtkToggleButton     *only_flagged_button;
  GtkStack            *section_stack;
  GtkStackPage        *indexes_stack_page;
  GtkStackPage        *tables_stack_page;
  GtkStackPage        *foreign_keys_stack_page;
  GtkWidget           *indexes_paned;
  GtkStack            *index_list_stack;
  GtkColumnView       *index_view;
  SluiceIndexDetail   *index_detail;
  SluiceTablesView    *tables_view;
  GtkListBox          *foreign_key_list;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  PROP_HEALTH,
  PROP_SELECTED_INDEX,
  N_PROPS
};

/* The page (sluice-indexes-page.c) */
void           _sluice_indexes_page_notify                   (SluiceIndexesPage *self,
                                                              guint              prop_id);
SluiceProfile *_sluice_indexes_page_get_profile              (SluiceIndexesPage *self);
char          *_sluice_indexes_page_index_key                (SluiceIndexInfo   *index);

/* Reading the report (sluice-indexes-page-load.c) */
void           _sluice_indexes_page_load                     (SluiceIndexesPage *self);
void           _sluice_indexes_page_cancel_load              (SluiceIndexesPage *self);
void           _sluice_indexes_page_clear_results            (SluiceIndexesPage *self);

/* The scans sampler (sluice-indexes-page-sampler.c) */
GArray        *_sluice_indexes_page_dup_rates                (SluiceIndexesPage *self,
                                                              SluiceIndexInfo   *index);
void           _sluice_indexes_page_ensure_sampler           (SluiceIndexesPage *self,
                                                              SluiceConnection  *connection);
void           _sluice_indexes_page_drop_sampler             (SluiceIndexesPage *self);
void           _sluice_indexes_page_update_sampler_running   (SluiceIndexesPage *self);

/* The columns of the list (sluice-indexes-page-columns.c) */
void           _sluice_indexes_page_setup_index_view         (SluiceIndexesPage *self);
void           _sluice_indexes_page_update_rate_cell         (SluiceIndexesPage *self,
                                                              GtkWidget         *cell);

/* The search and the filters (sluice-indexes-page-filter.c) */
gboolean       _sluice_indexes_page_filter_index             (gpointer           item,
                                                              gpointer           user_data);
void           _sluice_indexes_page_refilter                 (SluiceIndexesPage *self);
void           _sluice_indexes_page_on_filtered_items_changed (SluiceIndexesPage *self);
void           _sluice_indexes_page_on_search_changed        (SluiceIndexesPage *self);
void           _sluice_indexes_page_on_only_flagged_toggled  (SluiceIndexesPage *self);
void           _sluice_indexes_page_on_section_changed       (SluiceIndexesPage *self);

/* The selection and the detail pane (sluice-indexes-page-detail.c) */
void           _sluice_indexes_page_set_selected_index       (SluiceIndexesPage *self,
                                                              SluiceIndexInfo   *index);
void           _sluice_indexes_page_on_selection_changed     (SluiceIndexesPage *self);
void           _sluice_indexes_page_update_detail_rates      (SluiceIndexesPage *self);
guint          _sluice_indexes_page_find_visible_position    (SluiceIndexesPage *self,
                                                              const char        *schema,
                                                              const char        *name);
void           _sluice_indexes_page_scroll_to_position       (SluiceIndexesPage *self,
                                                              guint              position);

/* The summary above the tabs (sluice-indexes-page-summary.c) */
void           _sluice_indexes_page_fill_summary             (SluiceIndexesPage *self);

/* The unindexed foreign keys (sluice-indexes-page-foreign-keys.c) */
void           _sluice_indexes_page_fill_foreign_keys        (SluiceIndexesPage *self);

/* The actions on an index (sluice-indexes-page-actions.c) */
void           _sluice_indexes_page_update_actions           (SluiceIndexesPage *self);
void           _sluice_indexes_page_reload_action            (GtkWidget         *widget,
                                                              const char        *action_name,
                                                              GVariant          *parameter);
void           _sluice_indexes_page_copy_ddl_action          (GtkWidget         *widget,
                                                              const char        *action_name,
                                                              GVariant          *parameter);
void           _sluice_indexes_page_reindex_action           (GtkWidget         *widget,
                                                              const char        *action_name,
                                                              GVariant          *parameter);
void           _sluice_indexes_page_drop_action              (GtkWidget         *widget,
                                                              const char        *action_name,
                                                              GVariant          *parameter);

G_END_DECLS
