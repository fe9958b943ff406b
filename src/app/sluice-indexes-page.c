/* sluice-indexes-page.c: every index of a profile's database with its use,
 * size and findings; its tables; the foreign keys no index covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-error-text.h"
#include "sluice-health-format.h"
#include "sluice-index-detail.h"
#include "sluice-indexes-page.h"
#include "sluice-page-util.h"
#include "sluice-sparkline.h"
#include "sluice-tables-view.h"

/* The strip of a row: the last few minutes at the default interval. */
#define ROW_SPARKLINE_SLOTS 24

typedef enum
{
  COLUMN_TABLE,
  COLUMN_NAME,
  COLUMN_SIZE,
  COLUMN_SCANS,
  COLUMN_TUPLES_READ,
  COLUMN_TUPLES_FETCHED,
  COLUMN_RATE,
  COLUMN_FLAGS,
} Column;

typedef enum
{
  ACTION_DROP,
  ACTION_REINDEX,
} IndexAction;

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

G_DEFINE_FINAL_TYPE (SluiceIndexesPage, sluice_indexes_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  PROP_HEALTH,
  PROP_SELECTED_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions          (SluiceIndexesPage *self);
static void update_sampler_running  (SluiceIndexesPage *self);
static void fill_foreign_keys       (SluiceIndexesPage *self);

/* Small helpers ----------------------------------------------------------- */

static SluiceProfile *
get_profile (SluiceIndexesPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

static char *
index_key (SluiceIndexInfo *index)
{
  return g_strdup_printf ("%s.%s", sluice_index_info_get_schema (index), sluice_index_info_get_name (index));
}

static char *
table_label (SluiceIndexInfo *index)
{
  const char *schema = sluice_index_info_get_schema (index);

  if (g_strcmp0 (schema, "public") == 0)
    return g_strdup (sluice_index_info_get_table (index));
  return g_strdup_printf ("%s.%s", schema, sluice_index_info_get_table (index));
}

static GArray *
dup_rates (SluiceIndexesPage *self,
           SluiceIndexInfo   *index)
{
  if (self->sampler == NULL || index == NULL)
    return g_array_new (FALSE, FALSE, sizeof (double));
  return sluice_index_sampler_dup_rates (self->sampler, sluice_index_info_get_oid (index));
}

static double
latest_rate (SluiceIndexesPage *self,
             SluiceIndexInfo   *index)
{
  g_autoptr(GArray) rates = dup_rates (self, index);

  return rates->len > 0 ? g_array_index (rates, double, rates->len - 1) : -1;
}

/* States ------------------------------------------------------------------ */

static void
set_loading (SluiceIndexesPage *self,
             gboolean           loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_loading (SluiceIndexesPage *self,
              const char        *title)
{
  gtk_label_set_label (self->loading_title, title);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
}

static void
show_failure (SluiceIndexesPage *self,
              const GError      *error,
              gboolean           while_connecting)
{
  SluiceProfile *profile = get_profile (self);
  g_autofree char *title = NULL;

  g_clear_error (&self->error);
  self->error = g_error_copy (error);

  if (while_connecting)
    {
      title = g_strdup_printf (_("Could Not Connect to “%s”"), sluice_profile_get_name (profile));
      sluice_page_show_failure (self->stack, self->error_page, self->error_label, "network-error-symbolic", title,
                                _("Nothing was changed on the server. Check the profile’s connection "
                                  "settings, then try again."),
                                error);
    }
  else
    {
      title = g_strdup_printf (_("Could Not Read the Indexes of “%s”"), sluice_profile_get_name (profile));
      sluice_page_show_failure (self->stack, self->error_page, self->error_label, "dialog-warning-symbolic", title,
                                _("Nothing was changed on the server: Sluice only reads the "
                                  "statistics views. Check that the profile’s role may read them, "
                                  "then try again."),
                                error);
    }

  set_loading (self, FALSE);
  update_sampler_running (self);
}

/* The list of indexes ----------------------------------------------------- */

static gboolean
filter_index (gpointer item,
              gpointer user_data)
{
  SluiceIndexesPage *self = user_data;
  SluiceIndexInfo *index = item;
  const char *fields[4];

  if (self->only_flagged && sluice_index_info_get_flags (index) == SLUICE_INDEX_FLAG_NONE)
    return FALSE;

  if (self->search_folded == NULL)
    return TRUE;

  fields[0] = sluice_index_info_get_schema (index);
  fields[1] = sluice_index_info_get_table (index);
  fields[2] = sluice_index_info_get_name (index);
  fields[3] = sluice_index_info_get_definition (index);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = fields[i] != NULL ? g_utf8_casefold (fields[i], -1) : NULL;

      if (folded != NULL && strstr (folded, self->search_folded) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
refilter (SluiceIndexesPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_filtered_items_changed (SluiceIndexesPage *self)
{
  gboolean empty = gtk_filter_list_model_get_model (self->filter_model) != NULL &&
                   g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0;

  gtk_stack_set_visible_child_name (self->index_list_stack, empty ? "no-match" : "list");
}

static void
update_rate_cell (SluiceIndexesPage *self,
                  GtkWidget         *cell)
{
  SluiceIndexInfo *index = g_object_get_data (G_OBJECT (cell), "sluice-index");
  SluiceSparkline *sparkline = SLUICE_SPARKLINE (gtk_widget_get_first_child (cell));
  GtkLabel *label = GTK_LABEL (gtk_widget_get_last_child (cell));
  g_autoptr(GArray) rates = dup_rates (self, index);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  sluice_sparkline_set_values (sparkline, (const double *) (gpointer) rates->data, rates->len);

  if (rates->len == 0)
    {
      gtk_label_set_label (label, "…");
      gtk_widget_set_tooltip_text (cell, _("Scans per minute: measuring (two samples are needed)"));
      return;
    }

  text = sluice_format_rate (g_array_index (rates, double, rates->len - 1));
  /* Translators: scans per minute now, then the highest in the strip. */
  tooltip = g_strdup_printf (_("Scans per minute: %s now, peak %.1f"),
                             text, sluice_sparkline_get_peak (sparkline));
  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (cell, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sparkline), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static GtkWidget *
create_rate_cell (void)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *sparkline = sluice_sparkline_new ();
  GtkWidget *label = gtk_label_new (NULL);

  sluice_sparkline_set_n_slots (SLUICE_SPARKLINE (sparkline), ROW_SPARKLINE_SLOTS);
  gtk_widget_set_size_request (sparkline, ROW_SPARKLINE_SLOTS * 3, 16);
  gtk_widget_set_valign (sparkline, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (sparkline, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_width_chars (GTK_LABEL (label), 4);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (cell), sparkline);
  gtk_box_append (GTK_BOX (cell), label);
  gtk_widget_add_css_class (cell, "rate-cell");
  return cell;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  Column column = sluice_page_factory_column (factory);
  GtkWidget *child;

  switch (column)
    {
    case COLUMN_RATE:
      child = create_rate_cell ();
      break;

    case COLUMN_FLAGS:
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      gtk_widget_add_css_class (child, "index-flags");
      break;

    default:
      child = gtk_label_new (NULL);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
      if (column == COLUMN_TABLE || column == COLUMN_NAME)
        gtk_label_set_xalign (GTK_LABEL (child), 0);
      else
        {
          gtk_label_set_xalign (GTK_LABEL (child), 1);
          gtk_widget_add_css_class (child, "numeric");
        }
      if (column == COLUMN_NAME)
        gtk_widget_add_css_class (child, "index-name");
      break;
    }

  gtk_list_item_set_child (list_item, child);
}

static void
bind_flags (GtkWidget       *box,
            SluiceIndexInfo *index)
{
  const SluiceIndexFlags *flags;
  guint n_flags;

  sluice_widget_remove_children (box);

  flags = sluice_index_flags_by_severity (&n_flags);
  for (guint i = 0; i < n_flags; i++)
    if (sluice_index_info_has_flag (index, flags[i]))
      gtk_box_append (GTK_BOX (box),
                      sluice_index_flag_pill_new (flags[i], sluice_index_info_get_explanation (index, flags[i])));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           SluiceIndexesPage        *self)
{
  Column column = sluice_page_factory_column (factory);
  SluiceIndexInfo *index = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  switch (column)
    {
    case COLUMN_TABLE:
      text = table_label (index);
      tooltip = g_strdup_printf ("%s.%s", sluice_index_info_get_schema (index), sluice_index_info_get_table (index));
      break;
    case COLUMN_NAME:
      text = g_strdup (sluice_index_info_get_name (index));
      tooltip = g_strdup (sluice_index_info_get_definition (index));
      break;
    case COLUMN_SIZE:
      text = g_format_size (sluice_index_info_get_size_bytes (index));
      break;
    case COLUMN_SCANS:
      text = sluice_format_count (sluice_index_info_get_scans (index));
      break;
    case COLUMN_TUPLES_READ:
      text = sluice_format_count_short (sluice_index_info_get_tuples_read (index));
      tooltip = sluice_format_count (sluice_index_info_get_tuples_read (index));
      break;
    case COLUMN_TUPLES_FETCHED:
      text = sluice_format_count_short (sluice_index_info_get_tuples_fetched (index));
      tooltip = sluice_format_count (sluice_index_info_get_tuples_fetched (index));
      break;
    case COLUMN_RATE:
      g_object_set_data_full (G_OBJECT (child), "sluice-index", g_object_ref (index), g_object_unref);
      g_hash_table_add (self->rate_cells, child);
      update_rate_cell (self, child);
      return;
    case COLUMN_FLAGS:
      bind_flags (child, index);
      return;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (GTK_LABEL (child), text);
  gtk_widget_set_tooltip_text (child, tooltip);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             SluiceIndexesPage        *self)
{
  Column column = sluice_page_factory_column (factory);
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (column != COLUMN_RATE || child == NULL)
    return;

  if (self->rate_cells != NULL)
    g_hash_table_remove (self->rate_cells, child);
  g_object_set_data (G_OBJECT (child), "sluice-index", NULL);
}

static int
compare_int64 (gint64 a,
               gint64 b)
{
  return a < b ? -1 : a > b;
}

typedef struct
{
  SluiceIndexesPage *self;
  Column             column;
} SortSpec;

static int
compare_by_spec (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const SortSpec *spec = user_data;
  SluiceIndexInfo *first = (SluiceIndexInfo *) a;
  SluiceIndexInfo *second = (SluiceIndexInfo *) b;
  int result = 0;

  switch (spec->column)
    {
    case COLUMN_TABLE:
      result = g_strcmp0 (sluice_index_info_get_schema (first), sluice_index_info_get_schema (second));
      if (result == 0)
        result = g_strcmp0 (sluice_index_info_get_table (first), sluice_index_info_get_table (second));
      break;
    case COLUMN_NAME:
      break;
    case COLUMN_SIZE:
      result = compare_int64 (sluice_index_info_get_size_bytes (first), sluice_index_info_get_size_bytes (second));
      break;
    case COLUMN_SCANS:
      result = compare_int64 (sluice_index_info_get_scans (first), sluice_index_info_get_scans (second));
      break;
    case COLUMN_TUPLES_READ:
      result = compare_int64 (sluice_index_info_get_tuples_read (first), sluice_index_info_get_tuples_read (second));
      break;
    case COLUMN_TUPLES_FETCHED:
      result = compare_int64 (sluice_index_info_get_tuples_fetched (first),
                              sluice_index_info_get_tuples_fetched (second));
      break;
    case COLUMN_RATE:
      {
        double first_rate = latest_rate (spec->self, first);
        double second_rate = latest_rate (spec->self, second);

        result = first_rate < second_rate ? -1 : first_rate > second_rate;
      }
      break;
    case COLUMN_FLAGS:
      result = compare_int64 (sluice_index_flags_severity (sluice_index_info_get_flags (first)),
                              sluice_index_flags_severity (sluice_index_info_get_flags (second)));
      break;
    default:
      g_assert_not_reached ();
    }

  /* Ties: by table, then by name, so that the order never jumps. */
  if (result == 0 && spec->column != COLUMN_TABLE)
    {
      result = g_strcmp0 (sluice_index_info_get_schema (first), sluice_index_info_get_schema (second));
      if (result == 0)
        result = g_strcmp0 (sluice_index_info_get_table (first), sluice_index_info_get_table (second));
    }
  if (result == 0)
    result = g_strcmp0 (sluice_index_info_get_name (first), sluice_index_info_get_name (second));

  return sluice_page_to_ordering (result);
}

static GtkColumnViewColumn *
add_column (SluiceIndexesPage *self,
            Column             column,
            const char        *title,
            int                fixed_width)
{
  GtkListItemFactory *factory = sluice_page_column_factory_new (column, G_CALLBACK (setup_cell),
                                                                G_CALLBACK (bind_cell), G_CALLBACK (unbind_cell),
                                                                self);
  g_autoptr(GtkSorter) sorter = NULL;
  SortSpec *spec = g_new0 (SortSpec, 1);

  spec->self = self;
  spec->column = column;
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_by_spec, spec, g_free));

  return sluice_page_append_column (self->index_view, title, factory, sorter, fixed_width);
}

static void
setup_index_view (SluiceIndexesPage *self)
{
  GtkColumnViewColumn *flags;

  add_column (self, COLUMN_TABLE, _("Table"), 150);
  add_column (self, COLUMN_NAME, _("Index"), -1);
  add_column (self, COLUMN_SIZE, _("Size"), 84);
  add_column (self, COLUMN_SCANS, _("Scans"), 84);
  add_column (self, COLUMN_TUPLES_READ, _("Tuples Read"), 104);
  add_column (self, COLUMN_TUPLES_FETCHED, _("Fetched"), 84);
  self->rate_column = add_column (self, COLUMN_RATE, _("Scans / min"), 130);
  flags = add_column (self, COLUMN_FLAGS, _("Findings"), 210);

  /* What needs a look first. */
  gtk_column_view_sort_by_column (self->index_view, flags, GTK_SORT_DESCENDING);
}

/* Selection ---------------------------------------------------------------- */

static void
update_detail_rates (SluiceIndexesPage *self)
{
  g_autoptr(GArray) rates = dup_rates (self, self->selected_index);

  sluice_index_detail_set_rates (self->index_detail, (const double *) (gpointer) rates->data, rates->len,
                                 self->sampler != NULL && sluice_index_sampler_get_running (self->sampler));
}

static void
set_selected_index (SluiceIndexesPage *self,
                    SluiceIndexInfo   *index)
{
  if (!g_set_object (&self->selected_index, index))
    return;

  sluice_index_detail_set_index (self->index_detail, index);
  update_detail_rates (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_INDEX]);
}

static void
on_selection_changed (SluiceIndexesPage *self)
{
  set_selected_index (self, gtk_single_selection_get_selected_item (self->selection));
}

static guint
find_visible_position (SluiceIndexesPage *self,
                       const char        *schema,
                       const char        *name)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (model, i);

      if (g_strcmp0 (sluice_index_info_get_schema (index), schema) == 0 &&
          g_strcmp0 (sluice_index_info_get_name (index), name) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
scroll_to_position (SluiceIndexesPage *self,
                    guint              position)
{
  /* GTK 4.8 has no gtk_column_view_scroll_to(); its list view has the
   * action the keyboard uses. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->index_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

/* The summary and the foreign keys ---------------------------------------- */

static char *
format_stats_since (SluiceHealth *health)
{
  GDateTime *reset = sluice_health_get_stats_reset (health);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (reset == NULL)
    return sluice_health_dup_stats_reset_text (health);

  local = g_date_time_to_local (reset);
  /* Translators: a date and time, as g_date_time_format() takes it. */
  when = g_date_time_format (local, _("%-d %b %Y, %H:%M"));
  if (sluice_health_get_stats_reset_is_server_start (health))
    /* Translators: when the server started; its statistics were never reset. */
    return g_strdup_printf (_("Statistics since the server started, %s"), when);
  /* Translators: when the statistics were last reset. */
  return g_strdup_printf (_("Statistics since their reset, %s"), when);
}

static void
fill_summary (SluiceIndexesPage *self)
{
  GListModel *indexes = sluice_health_get_indexes (self->health);
  GListModel *foreign_keys = sluice_health_get_unindexed_foreign_keys (self->health);
  guint n_indexes = g_list_model_get_n_items (indexes);
  guint n_foreign_keys = g_list_model_get_n_items (foreign_keys);
  g_autofree char *reset = sluice_health_dup_stats_reset_text (self->health);
  g_autofree char *since = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *indexes_title = NULL;
  g_autofree char *tables_title = NULL;
  g_autofree char *fk_title = NULL;
  const SluiceIndexFlags *flags;
  guint n_flags;
  gint64 total = 0;

  for (guint i = 0; i < n_indexes; i++)
    {
      g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (indexes, i);

      total += sluice_index_info_get_size_bytes (index);
    }

  size_text = g_format_size (total);
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u index", "%u indexes", n_indexes), n_indexes);
  /* Translators: how many indexes, then their total size. */
  summary = g_strdup_printf (_("%s · %s on disk"), count_text, size_text);
  gtk_label_set_label (self->summary_label, summary);
  /* Short, beside the findings; the full sentence in the tooltip. */
  since = format_stats_since (self->health);
  gtk_label_set_label (self->stats_reset_label, since);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stats_reset_label), reset);

  sluice_widget_remove_children (GTK_WIDGET (self->flag_counts_box));
  flags = sluice_index_flags_by_severity (&n_flags);
  for (guint i = 0; i < n_flags; i++)
    {
      guint count = sluice_health_count_flagged (self->health, flags[i]);
      g_autofree char *text = NULL;
      GtkWidget *pill;

      if (count == 0)
        continue;

      /* Translators: a count of indexes and the label of a finding, as in "2 Unused". */
      text = g_strdup_printf (_("%u %s"), count, sluice_index_flag_get_label (flags[i]));
      pill = sluice_index_flag_pill_new (flags[i], NULL);
      gtk_label_set_label (GTK_LABEL (pill), text);
      gtk_widget_add_css_class (pill, "count");
      gtk_box_append (self->flag_counts_box, pill);
    }

  if (n_foreign_keys > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Unindexed Foreign Key",
                                                            "%u Unindexed Foreign Keys", n_foreign_keys),
                                               n_foreign_keys);

      gtk_box_append (self->flag_counts_box, sluice_page_count_pill_new (text, "flag-pill", "foreign-key"));
    }

  /* Translators: a tab title and how many items it holds. */
  indexes_title = g_strdup_printf (_("%s (%u)"), _("Indexes"), n_indexes);
  tables_title = g_strdup_printf (_("%s (%u)"), _("Tables"),
                                  g_list_model_get_n_items (sluice_health_get_tables (self->health)));
  fk_title = g_strdup_printf (_("%s (%u)"), _("Unindexed Foreign Keys"), n_foreign_keys);
  gtk_stack_page_set_title (self->indexes_stack_page, indexes_title);
  gtk_stack_page_set_title (self->tables_stack_page, tables_title);
  gtk_stack_page_set_title (self->foreign_keys_stack_page, fk_title);
  gtk_stack_page_set_needs_attention (self->foreign_keys_stack_page, n_foreign_keys > 0);
}

static void
on_copy_foreign_key_index (GtkButton         *button,
                           SluiceIndexesPage *self)
{
  SluiceUnindexedForeignKey *key = g_object_get_data (G_OBJECT (button), "sluice-foreign-key");
  g_autofree char *sql = sluice_unindexed_foreign_key_dup_create_index_sql (key);
  g_autofree char *message = NULL;

  sluice_copy_to_clipboard (GTK_WIDGET (self), sql);
  message = g_strdup_printf (_("Copied a CREATE INDEX for “%s”: nothing was run"),
                             sluice_unindexed_foreign_key_get_constraint_name (key));
  sluice_widget_add_toast (GTK_WIDGET (self), message);
}

static GtkWidget *
create_foreign_key_row (SluiceIndexesPage         *self,
                        SluiceUnindexedForeignKey *key)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *columns = g_strjoinv (", ", (char **) sluice_unindexed_foreign_key_get_columns (key));
  g_autofree char *title = NULL;
  g_autofree char *size = g_format_size (sluice_unindexed_foreign_key_get_table_bytes (key));
  GtkWidget *size_label = gtk_label_new (size);
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  /* Translators: the referencing table and its columns, then the constraint
   * and the referenced table, as in "orders (customer_id) · orders_customer_fk → customers". */
  title = g_strdup_printf (_("%s.%s (%s) → %s.%s"),
                           sluice_unindexed_foreign_key_get_schema (key),
                           sluice_unindexed_foreign_key_get_table (key), columns,
                           sluice_unindexed_foreign_key_get_referenced_schema (key),
                           sluice_unindexed_foreign_key_get_referenced_table (key));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sluice_unindexed_foreign_key_get_explanation (key));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_add_css_class (size_label, "dim-label");
  gtk_widget_add_css_class (size_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), size_label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Copy a CREATE INDEX CONCURRENTLY for these columns"));
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "sluice-foreign-key", g_object_ref (key), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_copy_foreign_key_index), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  gtk_widget_add_css_class (row, "foreign-key-row");
  return row;
}

static gboolean
foreign_key_matches (SluiceIndexesPage         *self,
                     SluiceUnindexedForeignKey *key)
{
  const char *fields[4];

  if (self->search_folded == NULL)
    return TRUE;

  fields[0] = sluice_unindexed_foreign_key_get_table (key);
  fields[1] = sluice_unindexed_foreign_key_get_constraint_name (key);
  fields[2] = sluice_unindexed_foreign_key_get_referenced_table (key);
  fields[3] = sluice_unindexed_foreign_key_get_schema (key);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = fields[i] != NULL ? g_utf8_casefold (fields[i], -1) : NULL;

      if (folded != NULL && strstr (folded, self->search_folded) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
fill_foreign_keys (SluiceIndexesPage *self)
{
  GListModel *keys = self->health != NULL ? sluice_health_get_unindexed_foreign_keys (self->health) : NULL;
  guint n_keys = keys != NULL ? g_list_model_get_n_items (keys) : 0;
  guint shown = 0;

  sluice_widget_remove_children (GTK_WIDGET (self->foreign_key_list));

  for (guint i = 0; i < n_keys; i++)
    {
      g_autoptr(SluiceUnindexedForeignKey) key = g_list_model_get_item (keys, i);

      if (!foreign_key_matches (self, key))
        continue;
      gtk_list_box_append (self->foreign_key_list, create_foreign_key_row (self, key));
      shown++;
    }

  if (shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (n_keys == 0 ? "object-select-symbolic" : "edit-find-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     n_keys == 0 ? _("Every foreign key has an index")
                                                 : _("No unindexed foreign key matches the search"));
      if (n_keys == 0)
        gtk_widget_add_css_class (icon, "success");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->foreign_key_list, row);
    }
}

/* Showing a report --------------------------------------------------------- */

static void
clear_results (SluiceIndexesPage *self)
{
  set_selected_index (self, NULL);
  gtk_filter_list_model_set_model (self->filter_model, NULL);
  sluice_tables_view_set_tables (self->tables_view, NULL);
  g_clear_error (&self->error);
  if (self->health != NULL)
    {
      g_clear_object (&self->health);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEALTH]);
    }
}

static void
on_sampled (SluiceIndexesPage *self)
{
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_iter_init (&iter, self->rate_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    update_rate_cell (self, cell);

  update_detail_rates (self);

  /* Sorted by the rate, the order follows the new rates (the column
   * view's sorter ignores the change while that column sorts nothing). */
  gtk_sorter_changed (gtk_column_view_column_get_sorter (self->rate_column), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
on_sampler_running_changed (SluiceIndexesPage *self)
{
  update_detail_rates (self);
}

static void
ensure_sampler (SluiceIndexesPage *self,
                SluiceConnection  *connection)
{
  if (self->sampler != NULL && sluice_index_sampler_get_connection (self->sampler) == connection)
    return;

  if (self->sampler != NULL)
    {
      sluice_index_sampler_stop (self->sampler);
      g_signal_handlers_disconnect_by_data (self->sampler, self);
      g_clear_object (&self->sampler);
    }

  self->sampler = sluice_index_sampler_new (connection);
  sluice_index_sampler_set_interval_ms (self->sampler, self->sample_interval_ms);
  g_signal_connect_object (self->sampler, "sampled", G_CALLBACK (on_sampled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sampler, "notify::running",
                           G_CALLBACK (on_sampler_running_changed), self, G_CONNECT_SWAPPED);
}

static void
update_sampler_running (SluiceIndexesPage *self)
{
  gboolean visible;

  if (self->sampler == NULL)
    return;

  /* Polling costs the server a query: only while someone looks. */
  visible = gtk_widget_get_mapped (self->indexes_paned) && self->health != NULL &&
            g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "health") == 0;

  if (visible && !sluice_index_sampler_get_running (self->sampler))
    sluice_index_sampler_start (self->sampler);
  else if (!visible && sluice_index_sampler_get_running (self->sampler))
    sluice_index_sampler_stop (self->sampler);
}

static void
show_health (SluiceIndexesPage *self,
             SluiceConnection  *connection,
             SluiceHealth      *health)
{
  g_autofree char *keep = g_steal_pointer (&self->keep_selection);

  if (keep == NULL && self->selected_index != NULL)
    keep = index_key (self->selected_index);

  clear_results (self);
  self->health = g_object_ref (health);
  g_set_object (&self->connection, connection);

  gtk_filter_list_model_set_model (self->filter_model, sluice_health_get_indexes (health));
  sluice_tables_view_set_tables (self->tables_view, sluice_health_get_tables (health));
  fill_summary (self);
  fill_foreign_keys (self);

  /* A refresh keeps the index one was looking at. */
  if (keep != NULL)
    {
      const char *dot = strchr (keep, '.');
      g_autofree char *schema = dot != NULL ? g_strndup (keep, dot - keep) : NULL;

      if (schema != NULL)
        sluice_indexes_page_select_index (self, schema, dot + 1);
    }

  gtk_stack_set_visible_child_name (self->stack, "health");
  set_loading (self, FALSE);

  ensure_sampler (self, connection);
  update_sampler_running (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEALTH]);
}

/* Loading ----------------------------------------------------------------- */

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SluicePageLoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceHealth) health = sluice_health_load_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (health == NULL)
    show_failure (op->self, error, FALSE);
  else
    show_health (op->self, op->connection, health);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluicePageLoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  SluiceConnection *connection;
  GCancellable *cancellable;

  op->connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);
  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (op->connection == NULL)
    {
      show_failure (op->self, error, TRUE);
      return;
    }

  show_loading (op->self, _("Reading Index Statistics…"));
  connection = op->connection;
  cancellable = op->cancellable;
  sluice_health_load_async (connection, cancellable, health_cb, g_steal_pointer (&op));
}

static void
cancel_load (SluiceIndexesPage *self)
{
  sluice_page_cancel (&self->cancellable);
}

void
sluice_indexes_page_reload (SluiceIndexesPage *self)
{
  g_autofree char *title = NULL;

  g_return_if_fail (SLUICE_IS_INDEXES_PAGE (self));

  cancel_load (self);

  if (self->session == NULL)
    {
      clear_results (self);
      self->dirty = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      set_loading (self, FALSE);
      return;
    }

  /* Hidden pages read when they are shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      set_loading (self, FALSE);
      return;
    }

  self->dirty = FALSE;
  title = g_strdup_printf (_("Connecting to “%s”…"), sluice_profile_get_name (get_profile (self)));
  show_loading (self, title);
  update_sampler_running (self);

  self->cancellable = g_cancellable_new ();
  sluice_session_connect_async (self->session, self->cancellable, connect_cb,
                                sluice_page_load_op_new (self, self->cancellable));
}

/* Actions ------------------------------------------------------------------ */

static void
update_actions (SluiceIndexesPage *self)
{
  SluiceIndexInfo *index = self->selected_index;
  gboolean writable = index != NULL && self->connection != NULL && !self->action_running;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "indexes.copy-ddl", index != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "indexes.reindex", writable);
  /* An index that backs a constraint goes with the constraint. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "indexes.drop",
                                 writable && sluice_index_info_get_constraint_name (index) == NULL);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sluice_indexes_page_reload (SLUICE_INDEXES_PAGE (widget));
}

static void
copy_ddl_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (widget);
  g_autofree char *sql = NULL;
  g_autofree char *message = NULL;

  if (self->selected_index == NULL)
    return;

  sql = sluice_index_info_dup_create_sql (self->selected_index);
  sluice_copy_to_clipboard (widget, sql);
  message = g_strdup_printf (_("Copied the definition of “%s”"), sluice_index_info_get_name (self->selected_index));
  sluice_widget_add_toast (widget, message);
}

typedef struct
{
  SluiceIndexesPage *self;
  SluiceIndexInfo   *index;
  SluiceConnection  *connection;
  GCancellable      *cancellable;
  AdwToast          *progress;
  IndexAction        action;
} ActionOp;

static void
action_op_free (ActionOp *op)
{
  g_clear_object (&op->index);
  g_clear_object (&op->connection);
  g_clear_object (&op->cancellable);
  /* Whatever the outcome, the work is no longer running. */
  if (op->progress != NULL)
    adw_toast_dismiss (op->progress);
  g_clear_object (&op->progress);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionOp, action_op_free)

static void
finish_action (ActionOp     *op,
               const GError *error)
{
  SluiceIndexesPage *self = op->self;
  const char *name = sluice_index_info_get_name (op->index);
  g_autofree char *message = NULL;

  if (op->progress != NULL)
    adw_toast_dismiss (op->progress);
  self->action_running = FALSE;
  update_actions (self);

  if (error != NULL)
    {
      g_autofree char *reason = sluice_error_text_describe (error);

      if (op->action == ACTION_DROP)
        message = g_strdup_printf (_("“%s” was not dropped: %s"), name, reason);
      else
        message = g_strdup_printf (_("“%s” was not rebuilt: %s"), name, reason);
      sluice_widget_add_toast (GTK_WIDGET (self), message);
      return;
    }

  if (op->action == ACTION_DROP)
    message = g_strdup_printf (_("Dropped the index “%s”"), name);
  else
    message = g_strdup_printf (_("Rebuilt the index “%s”"), name);
  sluice_widget_add_toast (GTK_WIDGET (self), message);

  if (op->action == ACTION_REINDEX)
    self->keep_selection = index_key (op->index);
  sluice_indexes_page_reload (self);
}

static void
index_action_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ActionOp) op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (op->action == ACTION_DROP)
    done = sluice_health_drop_index_finish (result, &error);
  else
    done = sluice_health_reindex_index_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  finish_action (op, done ? NULL : error);
}

static void
guard_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ActionOp) op = user_data;
  SluiceIndexesPage *self;
  SluiceConnection *connection;
  SluiceIndexInfo *index;
  GCancellable *cancellable;

  if (!sluice_page_guard_confirm_finish (result, op->cancellable, op->self, &op->self->action_running,
                                         (SluicePageUpdateFunc) update_actions))
    return;

  self = op->self;
  connection = op->connection;
  index = op->index;
  cancellable = op->cancellable;
  if (op->action == ACTION_DROP)
    {
      g_autofree char *message = g_strdup_printf (_("Dropping “%s” concurrently…"), sluice_index_info_get_name (index));

      op->progress = sluice_widget_add_progress_toast (GTK_WIDGET (self), message);
      sluice_health_drop_index_async (connection, index, cancellable, index_action_cb, g_steal_pointer (&op));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Rebuilding “%s” concurrently…"), sluice_index_info_get_name (index));

      op->progress = sluice_widget_add_progress_toast (GTK_WIDGET (self), message);
      sluice_health_reindex_index_async (connection, index, cancellable, index_action_cb, g_steal_pointer (&op));
    }
}

static void
run_index_action (SluiceIndexesPage *self,
                  IndexAction        action)
{
  SluiceIndexInfo *index = self->selected_index;
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *action_text = NULL;
  ActionOp *op;

  if (index == NULL || self->connection == NULL || self->action_running)
    return;

  name = index_key (index);
  if (action == ACTION_DROP)
    {
      sql = sluice_index_info_dup_drop_sql (index);
      action_text = g_strdup_printf (_("Drops the index “%s” without blocking reads or writes:\n%s\n"
                                       "Queries that use it fall back to other plans. Copy its DDL first "
                                       "to be able to build it again."),
                                     name, sql);
    }
  else
    {
      sql = sluice_index_info_dup_reindex_sql (index);
      action_text = g_strdup_printf (_("Rebuilds the index “%s” without blocking reads or writes:\n%s\n"
                                       "The table’s writes go on; the build takes disk space and I/O "
                                       "while it runs."),
                                     name, sql);
    }

  op = g_new0 (ActionOp, 1);
  op->self = self;
  op->index = g_object_ref (index);
  op->connection = g_object_ref (self->connection);
  op->cancellable = sluice_page_ensure_cancellable (&self->action_cancellable);
  op->action = action;

  self->action_running = TRUE;
  update_actions (self);

  sluice_page_guard_confirm_async (GTK_WIDGET (self), get_profile (self), self->connection, action_text,
                                   op->cancellable, guard_cb, op);
}

static void
drop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  run_index_action (SLUICE_INDEXES_PAGE (widget), ACTION_DROP);
}

static void
reindex_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_index_action (SLUICE_INDEXES_PAGE (widget), ACTION_REINDEX);
}

/* Signals ----------------------------------------------------------------- */

static void
on_search_changed (SluiceIndexesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search_folded, g_free);
  if (*stripped != '\0')
    self->search_folded = g_utf8_casefold (stripped, -1);

  refilter (self);
  sluice_tables_view_set_search (self->tables_view, stripped);
  fill_foreign_keys (self);
}

static void
on_only_flagged_toggled (SluiceIndexesPage *self)
{
  self->only_flagged = gtk_toggle_button_get_active (self->only_flagged_button);
  refilter (self);
}

static void
on_section_changed (SluiceIndexesPage *self)
{
  const char *section = gtk_stack_get_visible_child_name (self->section_stack);

  gtk_widget_set_visible (GTK_WIDGET (self->only_flagged_button), g_strcmp0 (section, "indexes") == 0);

  if (g_strcmp0 (section, "tables") == 0)
    g_object_set (self->search_entry, "placeholder-text", _("Search tables"), NULL);
  else if (g_strcmp0 (section, "foreign-keys") == 0)
    g_object_set (self->search_entry, "placeholder-text", _("Search foreign keys by table"), NULL);
  else
    g_object_set (self->search_entry, "placeholder-text", _("Search by table, index or definition"), NULL);
}

static void
on_profile_connection_changed (SluiceIndexesPage *self)
{
  sluice_indexes_page_reload (self);
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_indexes_page_map (GtkWidget *widget)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (widget);

  GTK_WIDGET_CLASS (sluice_indexes_page_parent_class)->map (widget);

  if (self->dirty)
    sluice_indexes_page_reload (self);
}

static void
sluice_indexes_page_dispose (GObject *object)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (object);

  cancel_load (self);
  sluice_page_cancel (&self->action_cancellable);

  if (self->sampler != NULL)
    {
      sluice_index_sampler_stop (self->sampler);
      g_signal_handlers_disconnect_by_data (self->sampler, self);
      g_clear_object (&self->sampler);
    }

  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->profile_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_INDEXES_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->rate_cells, g_hash_table_unref);
  g_clear_object (&self->selected_index);
  g_clear_object (&self->health);
  g_clear_object (&self->connection);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sluice_indexes_page_parent_class)->dispose (object);
}

static void
sluice_indexes_page_finalize (GObject *object)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (object);

  g_clear_error (&self->error);
  g_clear_pointer (&self->search_folded, g_free);
  g_clear_pointer (&self->keep_selection, g_free);

  G_OBJECT_CLASS (sluice_indexes_page_parent_class)->finalize (object);
}

static void
sluice_indexes_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_HEALTH:
      g_value_set_object (value, self->health);
      break;
    case PROP_SELECTED_INDEX:
      g_value_set_object (value, self->selected_index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_indexes_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sluice_indexes_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_indexes_page_class_init (SluiceIndexesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_indexes_page_dispose;
  object_class->finalize = sluice_indexes_page_finalize;
  object_class->get_property = sluice_indexes_page_get_property;
  object_class->set_property = sluice_indexes_page_set_property;

  widget_class->map = sluice_indexes_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEALTH] =
    g_param_spec_object ("health", NULL, NULL, SLUICE_TYPE_HEALTH,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_INDEX] =
    g_param_spec_object ("selected-index", NULL, NULL, SLUICE_TYPE_INDEX_INFO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "indexes.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "indexes.copy-ddl", NULL, copy_ddl_action);
  gtk_widget_class_install_action (widget_class, "indexes.reindex", NULL, reindex_action);
  gtk_widget_class_install_action (widget_class, "indexes.drop", NULL, drop_action);

  g_type_ensure (SLUICE_TYPE_INDEX_DETAIL);
  g_type_ensure (SLUICE_TYPE_TABLES_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-indexes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, loading_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, stats_reset_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, flag_counts_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, only_flagged_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, section_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, indexes_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, tables_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, foreign_keys_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, indexes_paned);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, index_list_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, index_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, index_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, tables_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, foreign_key_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_only_flagged_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_section_changed);
}

static void
sluice_indexes_page_init (SluiceIndexesPage *self)
{
  self->sample_interval_ms = SLUICE_INDEX_SAMPLER_DEFAULT_INTERVAL_MS;
  self->rate_cells = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (filter_index, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->index_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->index_view, GTK_SELECTION_MODEL (self->selection));
  setup_index_view (self);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_filtered_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  /* The sampler follows the list of indexes on screen. */
  g_signal_connect_object (self->indexes_paned, "map",
                           G_CALLBACK (update_sampler_running), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->indexes_paned, "unmap",
                           G_CALLBACK (update_sampler_running), self, G_CONNECT_SWAPPED);

  self->profile_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::connection",
                                  G_CALLBACK (on_profile_connection_changed), self);

  on_section_changed (self);
  update_actions (self);
}

GtkWidget *
sluice_indexes_page_new (void)
{
  return g_object_new (SLUICE_TYPE_INDEXES_PAGE, NULL);
}

SluiceSession *
sluice_indexes_page_get_session (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->session;
}

void
sluice_indexes_page_set_session (SluiceIndexesPage *self,
                                 SluiceSession     *session)
{
  g_return_if_fail (SLUICE_IS_INDEXES_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* Another profile: nothing of the last one may linger, shown or not. */
  cancel_load (self);
  sluice_page_cancel (&self->action_cancellable);
  self->action_running = FALSE;
  if (self->sampler != NULL)
    {
      sluice_index_sampler_stop (self->sampler);
      g_signal_handlers_disconnect_by_data (self->sampler, self);
      g_clear_object (&self->sampler);
    }
  g_clear_object (&self->connection);
  g_clear_pointer (&self->keep_selection, g_free);
  clear_results (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  g_signal_group_set_target (self->profile_signals, get_profile (self));
  sluice_indexes_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
sluice_indexes_page_get_loading (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), FALSE);
  return self->loading;
}

const char *
sluice_indexes_page_get_view (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const GError *
sluice_indexes_page_get_error (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->error;
}

SluiceHealth *
sluice_indexes_page_get_health (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->health;
}

const char *
sluice_indexes_page_get_section (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->section_stack);
}

void
sluice_indexes_page_set_section (SluiceIndexesPage *self,
                                 const char        *section)
{
  g_return_if_fail (SLUICE_IS_INDEXES_PAGE (self));
  g_return_if_fail (section != NULL);

  gtk_stack_set_visible_child_name (self->section_stack, section);
}

GListModel *
sluice_indexes_page_get_visible_indexes (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

GListModel *
sluice_indexes_page_get_visible_tables (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return sluice_tables_view_get_visible_tables (self->tables_view);
}

SluiceIndexInfo *
sluice_indexes_page_get_selected_index (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->selected_index;
}

gboolean
sluice_indexes_page_select_index (SluiceIndexesPage *self,
                                  const char        *schema,
                                  const char        *name)
{
  guint position;

  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), FALSE);
  g_return_val_if_fail (schema != NULL && name != NULL, FALSE);

  if (self->health == NULL || sluice_health_find_index (self->health, schema, name) == NULL)
    return FALSE;

  position = find_visible_position (self, schema, name);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Hidden by a filter: show everything rather than nothing. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_toggle_button_set_active (self->only_flagged_button, FALSE);
      g_clear_pointer (&self->search_folded, g_free);
      refilter (self);
      position = find_visible_position (self, schema, name);
    }

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  scroll_to_position (self, position);
  return self->selected_index != NULL;
}

gboolean
sluice_indexes_page_select_table (SluiceIndexesPage *self,
                                  const char        *schema,
                                  const char        *name)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), FALSE);
  g_return_val_if_fail (schema != NULL && name != NULL, FALSE);

  return sluice_tables_view_select_table (self->tables_view, schema, name);
}

SluiceIndexSampler *
sluice_indexes_page_get_sampler (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->sampler;
}

void
sluice_indexes_page_set_sample_interval (SluiceIndexesPage *self,
                                         guint              interval_ms)
{
  g_return_if_fail (SLUICE_IS_INDEXES_PAGE (self));
  g_return_if_fail (interval_ms > 0);

  self->sample_interval_ms = interval_ms;
  if (self->sampler != NULL)
    sluice_index_sampler_set_interval_ms (self->sampler, interval_ms);
}
