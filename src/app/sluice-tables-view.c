/* sluice-tables-view.c: the Tables tab of the Indexes page: sizes, tuples,
 * maintenance and how each table is read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-health-format.h"
#include "sluice-tables-view.h"

/* Dead tuples worth a warning: a fifth of the table, and not a handful. */
#define DEAD_WARNING_RATIO 0.2
#define DEAD_WARNING_MIN   1000

typedef enum
{
  COLUMN_TABLE,
  COLUMN_SIZE,
  COLUMN_ROWS,
  COLUMN_VACUUM,
  COLUMN_ANALYZE,
  COLUMN_READS,
} Column;

struct _SluiceTablesView
{
  GtkWidget           parent_instance;

  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  SluiceTableHealth  *selected;
  char               *search_folded;

  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkStack           *detail_stack;
  GtkLabel           *table_name_label;
  GtkLabel           *table_subtitle_label;
  GtkWidget          *hint_box;
  GtkLabel           *hint_label;
  GtkWidget          *size_box;
  GtkWidget          *rows_box;
  GtkWidget          *maintenance_box;
  GtkWidget          *reads_box;
};

G_DEFINE_FINAL_TYPE (SluiceTablesView, sluice_tables_view, GTK_TYPE_WIDGET)

/* Text -------------------------------------------------------------------- */

static char *
qualified_name (SluiceTableHealth *table)
{
  const char *schema = sluice_table_health_get_schema (table);

  /* Most tables live in public: their schema is noise. */
  if (g_strcmp0 (schema, "public") == 0)
    return g_strdup (sluice_table_health_get_name (table));
  return g_strdup_printf ("%s.%s", schema, sluice_table_health_get_name (table));
}

static char *
describe_writes (SluiceTableHealth *table)
{
  g_autofree char *inserted = sluice_format_count_short (sluice_table_health_get_inserts (table));
  g_autofree char *updated = sluice_format_count_short (sluice_table_health_get_updates (table));
  g_autofree char *deleted = sluice_format_count_short (sluice_table_health_get_deletes (table));

  /* Translators: rows inserted, updated and deleted since the statistics reset. */
  return g_strdup_printf (_("%s inserted · %s updated · %s deleted"), inserted, updated, deleted);
}

static char *
describe_statistics (SluiceTableHealth *table)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", sluice_table_health_get_schema (table),
                                           sluice_table_health_get_name (table));
  g_autofree char *inserted = sluice_format_count (sluice_table_health_get_inserts (table));
  g_autofree char *updated = sluice_format_count (sluice_table_health_get_updates (table));
  g_autofree char *hot = sluice_format_count (sluice_table_health_get_hot_updates (table));
  g_autofree char *deleted = sluice_format_count (sluice_table_health_get_deletes (table));
  g_autofree char *modified = sluice_format_count (sluice_table_health_get_modified_since_analyze (table));
  g_autofree char *vacuums = sluice_format_count (sluice_table_health_get_vacuum_count (table));
  g_autofree char *autovacuums = sluice_format_count (sluice_table_health_get_autovacuum_count (table));
  g_autofree char *analyzes = sluice_format_count (sluice_table_health_get_analyze_count (table));
  g_autofree char *autoanalyzes = sluice_format_count (sluice_table_health_get_autoanalyze_count (table));

  return g_strdup_printf (_("%s, since the statistics reset:\n"
                            "Inserted %s, updated %s (%s HOT), deleted %s rows\n"
                            "%s rows changed since the last analyze\n"
                            "Vacuumed %s times by hand, %s by autovacuum\n"
                            "Analyzed %s times by hand, %s by autovacuum"),
                          name, inserted, updated, hot, deleted, modified,
                          vacuums, autovacuums, analyzes, autoanalyzes);
}

static char *
describe_size_parts (SluiceTableHealth *table)
{
  g_autofree char *heap = g_format_size (sluice_table_health_get_heap_bytes (table));
  g_autofree char *indexes = g_format_size (sluice_table_health_get_index_bytes (table));
  g_autofree char *toast = g_format_size (sluice_table_health_get_toast_bytes (table));

  /* TOAST, when there is none, is a word too many for the cell. */
  if (sluice_table_health_get_toast_bytes (table) == 0)
    /* Translators: the sizes of a table's heap and of its indexes. */
    return g_strdup_printf (_("heap %s · indexes %s"), heap, indexes);

  /* Translators: the sizes of a table's heap, its indexes and its TOAST data. */
  return g_strdup_printf (_("heap %s · indexes %s · TOAST %s"), heap, indexes, toast);
}

static double
dead_ratio (SluiceTableHealth *table)
{
  gint64 live = sluice_table_health_get_live_tuples (table);
  gint64 dead = sluice_table_health_get_dead_tuples (table);

  return live + dead > 0 ? (double) dead / (live + dead) : 0;
}

static gboolean
dead_deserve_warning (SluiceTableHealth *table)
{
  return sluice_table_health_get_dead_tuples (table) >= DEAD_WARNING_MIN &&
         dead_ratio (table) >= DEAD_WARNING_RATIO;
}

static char *
describe_dead (SluiceTableHealth *table,
               gboolean          *warn)
{
  gint64 dead = sluice_table_health_get_dead_tuples (table);
  g_autofree char *count = sluice_format_count (dead);
  double ratio = dead_ratio (table);

  *warn = dead_deserve_warning (table);
  if (dead == 0)
    return g_strdup (_("no dead rows"));

  /* Translators: dead rows, then their share of all rows, as in "340 dead (2.7 %)". */
  return g_strdup_printf (_("%s dead (%.1f %%)"), count, ratio * 100);
}

static char *
describe_maintenance (const char *kind,
                      GDateTime  *when)
{
  g_autofree char *ago = sluice_format_time_ago (when, _("never"));

  /* Translators: "auto" or "manual", then when, as in "auto · 3 min ago". */
  return g_strdup_printf (_("%s · %s"), kind, ago);
}

static char *
describe_maintenance_tooltip (const char *what,
                              GDateTime  *manual,
                              GDateTime  *automatic)
{
  g_autofree char *manual_text = NULL;
  g_autofree char *auto_text = NULL;

  if (manual != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (manual);
      manual_text = g_date_time_format (local, _("%-d %b %Y, %H:%M:%S"));
    }
  if (automatic != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (automatic);
      auto_text = g_date_time_format (local, _("%-d %b %Y, %H:%M:%S"));
    }

  /* Translators: "Vacuum" or "Analyze", then when it last ran by hand and
   * by autovacuum. */
  return g_strdup_printf (_("%s by hand: %s\n%s by autovacuum: %s"),
                          what, manual_text != NULL ? manual_text : _("never since the statistics reset"),
                          what, auto_text != NULL ? auto_text : _("never since the statistics reset"));
}

/* Cells ------------------------------------------------------------------- *
 *
 * Every cell is two lines (a value, then what it is made of) with an
 * optional icon before them: rows of one height, easy to scan. */

static GtkWidget *
create_two_line_cell (gboolean numeric)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *first = gtk_label_new (NULL);
  GtkWidget *second = gtk_label_new (NULL);

  gtk_widget_set_visible (icon, FALSE);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (icon, "warning");

  for (GtkWidget *label = first; label != NULL; label = label == first ? second : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      if (numeric)
        gtk_widget_add_css_class (label, "numeric");
    }
  gtk_widget_add_css_class (second, "caption");
  gtk_widget_add_css_class (second, "dim-label");

  gtk_widget_set_hexpand (lines, TRUE);
  gtk_widget_set_valign (lines, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (lines), first);
  gtk_box_append (GTK_BOX (lines), second);
  gtk_box_append (GTK_BOX (cell), icon);
  gtk_box_append (GTK_BOX (cell), lines);
  return cell;
}

static GtkWidget *
cell_icon (GtkWidget *cell)
{
  return gtk_widget_get_first_child (cell);
}

static GtkLabel *
cell_line (GtkWidget *cell,
           guint      line)
{
  GtkWidget *label = gtk_widget_get_first_child (gtk_widget_get_last_child (cell));

  if (line == 1)
    label = gtk_widget_get_next_sibling (label);
  return GTK_LABEL (label);
}

static void
set_cell (GtkWidget  *cell,
          const char *first,
          const char *second,
          gboolean    warn_second)
{
  GtkLabel *second_label = cell_line (cell, 1);

  gtk_label_set_label (cell_line (cell, 0), first != NULL ? first : "");
  gtk_label_set_label (second_label, second != NULL ? second : "");

  /* A warning is read, not dimmed. */
  if (warn_second)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (second_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (second_label), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (second_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (second_label), "dim-label");
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);

  gtk_list_item_set_child (list_item, create_two_line_cell (column == COLUMN_SIZE || column == COLUMN_ROWS));
}

static void
bind_table (GtkWidget         *cell,
            SluiceTableHealth *table)
{
  g_autofree char *name = qualified_name (table);
  g_autofree char *writes = describe_writes (table);
  g_autofree char *tooltip = describe_statistics (table);
  const char *hint = sluice_table_health_get_hint (table);

  g_autofree char *full_tooltip = hint != NULL ? g_strdup_printf ("%s\n\n%s", hint, tooltip) : NULL;

  set_cell (cell, name, hint != NULL ? hint : writes, hint != NULL);
  gtk_widget_set_tooltip_text (cell, full_tooltip != NULL ? full_tooltip : tooltip);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SluiceTableHealth *table = gtk_list_item_get_item (list_item);
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *tooltip = NULL;
  gboolean warn = FALSE;
  double share;

  gtk_widget_set_visible (cell_icon (cell), FALSE);

  switch (column)
    {
    case COLUMN_TABLE:
      bind_table (cell, table);
      return;

    case COLUMN_SIZE:
      first = g_format_size (sluice_table_health_get_total_bytes (table));
      second = describe_size_parts (table);
      break;

    case COLUMN_ROWS:
      {
        g_autofree char *live = sluice_format_count (sluice_table_health_get_live_tuples (table));

        /* Translators: live rows of a table, as in "12,000 live". */
        first = g_strdup_printf (_("%s live"), live);
        second = describe_dead (table, &warn);
      }
      break;

    case COLUMN_VACUUM:
      first = describe_maintenance (_("auto"), sluice_table_health_get_last_autovacuum (table));
      second = describe_maintenance (_("manual"), sluice_table_health_get_last_vacuum (table));
      tooltip = describe_maintenance_tooltip (_("Vacuum"), sluice_table_health_get_last_vacuum (table),
                                              sluice_table_health_get_last_autovacuum (table));
      break;

    case COLUMN_ANALYZE:
      first = describe_maintenance (_("auto"), sluice_table_health_get_last_autoanalyze (table));
      second = describe_maintenance (_("manual"), sluice_table_health_get_last_analyze (table));
      tooltip = describe_maintenance_tooltip (_("Analyze"), sluice_table_health_get_last_analyze (table),
                                              sluice_table_health_get_last_autoanalyze (table));
      break;

    case COLUMN_READS:
      {
        g_autofree char *seq = sluice_format_count_short (sluice_table_health_get_seq_scans (table));
        g_autofree char *idx = sluice_format_count_short (sluice_table_health_get_index_scans (table));

        share = sluice_table_health_get_index_share (table);
        if (share < 0)
          first = g_strdup (_("Not scanned"));
        else
          /* Translators: the share of a table's scans that used an index. */
          first = g_strdup_printf (_("%.0f %% by index"), share * 100);
        /* Translators: sequential scans, then index scans. */
        second = g_strdup_printf (_("%s seq · %s index scans"), seq, idx);
        if (sluice_table_health_get_mostly_sequential (table))
          {
            gtk_widget_set_visible (cell_icon (cell), TRUE);
            tooltip = g_strdup (sluice_table_health_get_hint (table));
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  set_cell (cell, first, second, warn);
  gtk_widget_set_tooltip_text (cell, tooltip);
}

/* Sorting ----------------------------------------------------------------- */

static int
compare_int64 (gint64 a,
               gint64 b)
{
  return a < b ? -1 : a > b;
}

static GDateTime *
latest (GDateTime *a,
        GDateTime *b)
{
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;
  return g_date_time_compare (a, b) >= 0 ? a : b;
}

static int
compare_times (GDateTime *a,
               GDateTime *b)
{
  /* Never sorts before any time. */
  if (a == NULL || b == NULL)
    return (b == NULL) - (a == NULL);
  return g_date_time_compare (a, b);
}

static int
compare_tables (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SluiceTableHealth *first = (SluiceTableHealth *) a;
  SluiceTableHealth *second = (SluiceTableHealth *) b;
  int result = 0;

  switch (column)
    {
    case COLUMN_TABLE:
      break;
    case COLUMN_SIZE:
      result = compare_int64 (sluice_table_health_get_total_bytes (first),
                              sluice_table_health_get_total_bytes (second));
      break;
    case COLUMN_ROWS:
      result = compare_int64 (sluice_table_health_get_live_tuples (first),
                              sluice_table_health_get_live_tuples (second));
      break;
    case COLUMN_VACUUM:
      result = compare_times (latest (sluice_table_health_get_last_vacuum (first),
                                      sluice_table_health_get_last_autovacuum (first)),
                              latest (sluice_table_health_get_last_vacuum (second),
                                      sluice_table_health_get_last_autovacuum (second)));
      break;
    case COLUMN_ANALYZE:
      result = compare_times (latest (sluice_table_health_get_last_analyze (first),
                                      sluice_table_health_get_last_autoanalyze (first)),
                              latest (sluice_table_health_get_last_analyze (second),
                                      sluice_table_health_get_last_autoanalyze (second)));
      break;
    case COLUMN_READS:
      {
        double first_share = sluice_table_health_get_index_share (first);
        double second_share = sluice_table_health_get_index_share (second);

        result = first_share < second_share ? -1 : first_share > second_share;
      }
      break;
    default:
      g_assert_not_reached ();
    }

  if (result == 0)
    result = g_strcmp0 (sluice_table_health_get_schema (first), sluice_table_health_get_schema (second));
  if (result == 0)
    result = g_strcmp0 (sluice_table_health_get_name (first), sluice_table_health_get_name (second));

  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* Filtering --------------------------------------------------------------- */

static gboolean
filter_table (gpointer item,
              gpointer user_data)
{
  SluiceTablesView *self = user_data;
  g_autofree char *name = NULL;
  g_autofree char *folded = NULL;

  if (self->search_folded == NULL)
    return TRUE;

  name = g_strdup_printf ("%s.%s", sluice_table_health_get_schema (item), sluice_table_health_get_name (item));
  folded = g_utf8_casefold (name, -1);
  return strstr (folded, self->search_folded) != NULL;
}

static void
update_stack (SluiceTablesView *self)
{
  GListModel *tables = gtk_filter_list_model_get_model (self->filter_model);
  const char *view = "list";

  if (tables != NULL && g_list_model_get_n_items (tables) == 0)
    view = "no-tables";
  else if (tables != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    view = "no-match";

  gtk_stack_set_visible_child_name (self->stack, view);
}

/* The detail -------------------------------------------------------------- */

static GtkWidget *
refill_facts (GtkWidget *box)
{
  GtkWidget *facts = sluice_facts_new ();

  sluice_widget_remove_children (box);
  gtk_widget_set_hexpand (facts, TRUE);
  gtk_box_append (GTK_BOX (box), facts);
  return facts;
}

static void
add_count (GtkWidget  *facts,
           const char *name,
           gint64      count)
{
  g_autofree char *text = sluice_format_count (count);

  sluice_facts_add (facts, name, text, FALSE);
}

static void
add_size (GtkWidget  *facts,
          const char *name,
          gint64      bytes)
{
  g_autofree char *text = g_format_size (bytes);

  sluice_facts_add (facts, name, text, FALSE);
}

static void
add_time (GtkWidget  *facts,
          const char *name,
          GDateTime  *when)
{
  g_autofree char *ago = sluice_format_time_ago (when, _("never"));

  sluice_facts_add (facts, name, ago, FALSE);
}

static void
fill_detail (SluiceTablesView *self)
{
  SluiceTableHealth *table = self->selected;
  g_autofree char *name = NULL;
  g_autofree char *total = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *dead = NULL;
  g_autofree char *share = NULL;
  const char *hint;
  GtkWidget *facts;
  double index_share;

  if (table == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  name = g_strdup_printf ("%s.%s", sluice_table_health_get_schema (table), sluice_table_health_get_name (table));
  total = g_format_size (sluice_table_health_get_total_bytes (table));
  /* Translators: a table's total size on disk, as in "32.6 MB on disk". */
  subtitle = g_strdup_printf (_("%s on disk, indexes and TOAST included"), total);
  gtk_label_set_label (self->table_name_label, name);
  gtk_label_set_label (self->table_subtitle_label, subtitle);

  hint = sluice_table_health_get_hint (table);
  gtk_label_set_label (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (self->hint_box, hint != NULL);

  facts = refill_facts (self->size_box);
  add_size (facts, _("Heap"), sluice_table_health_get_heap_bytes (table));
  add_size (facts, _("Indexes"), sluice_table_health_get_index_bytes (table));
  add_size (facts, _("TOAST"), sluice_table_health_get_toast_bytes (table));
  add_size (facts, _("Total"), sluice_table_health_get_total_bytes (table));

  facts = refill_facts (self->rows_box);
  add_count (facts, _("Live"), sluice_table_health_get_live_tuples (table));
  {
    g_autofree char *count = sluice_format_count (sluice_table_health_get_dead_tuples (table));

    /* Translators: dead rows and their share of all rows, as in "340 (2.7 %)". */
    dead = g_strdup_printf (_("%s (%.1f %%)"), count, 100.0 * dead_ratio (table));
    sluice_facts_add (facts, _("Dead"), dead, dead_deserve_warning (table));
  }
  add_count (facts, _("Inserted"), sluice_table_health_get_inserts (table));
  {
    g_autofree char *updated = sluice_format_count (sluice_table_health_get_updates (table));
    g_autofree char *hot = sluice_format_count (sluice_table_health_get_hot_updates (table));
    /* Translators: rows updated, then how many of them were HOT updates. */
    g_autofree char *text = g_strdup_printf (_("%s (%s HOT)"), updated, hot);

    sluice_facts_add (facts, _("Updated"), text, FALSE);
  }
  add_count (facts, _("Deleted"), sluice_table_health_get_deletes (table));
  add_count (facts, _("Changed since analyze"), sluice_table_health_get_modified_since_analyze (table));

  facts = refill_facts (self->maintenance_box);
  add_time (facts, _("Vacuum"), sluice_table_health_get_last_vacuum (table));
  add_time (facts, _("Autovacuum"), sluice_table_health_get_last_autovacuum (table));
  add_time (facts, _("Analyze"), sluice_table_health_get_last_analyze (table));
  add_time (facts, _("Autoanalyze"), sluice_table_health_get_last_autoanalyze (table));
  {
    g_autofree char *by_hand = sluice_format_count (sluice_table_health_get_vacuum_count (table));
    g_autofree char *automatic = sluice_format_count (sluice_table_health_get_autovacuum_count (table));
    /* Translators: vacuums run by hand, then by autovacuum. */
    g_autofree char *text = g_strdup_printf (_("%s by hand · %s auto"), by_hand, automatic);

    sluice_facts_add (facts, _("Vacuums"), text, FALSE);
  }

  facts = refill_facts (self->reads_box);
  add_count (facts, _("Sequential scans"), sluice_table_health_get_seq_scans (table));
  add_count (facts, _("Rows read by them"), sluice_table_health_get_seq_tuples_read (table));
  add_count (facts, _("Index scans"), sluice_table_health_get_index_scans (table));
  add_count (facts, _("Rows fetched by them"), sluice_table_health_get_index_tuples_fetched (table));
  index_share = sluice_table_health_get_index_share (table);
  share = index_share < 0 ? g_strdup (_("not scanned")) : g_strdup_printf ("%.0f %%", index_share * 100);
  sluice_facts_add (facts, _("Share by index"), share, sluice_table_health_get_mostly_sequential (table));

  gtk_stack_set_visible_child_name (self->detail_stack, "table");
}

static void
on_selection_changed (SluiceTablesView *self)
{
  g_set_object (&self->selected, gtk_single_selection_get_selected_item (self->selection));
  fill_detail (self);
}

/* Setup ------------------------------------------------------------------- */

static GtkColumnViewColumn *
add_column (SluiceTablesView *self,
            Column            column,
            const char       *title,
            int               fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  g_autoptr(GtkSorter) sorter = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_tables, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  else
    gtk_column_view_column_set_expand (view_column, TRUE);

  gtk_column_view_append_column (self->column_view, view_column);
  return view_column;
}

static void
setup_columns (SluiceTablesView *self)
{
  GtkColumnViewColumn *size;

  add_column (self, COLUMN_TABLE, _("Table"), -1);
  size = add_column (self, COLUMN_SIZE, _("Size"), 260);
  add_column (self, COLUMN_ROWS, _("Rows"), 140);
  add_column (self, COLUMN_VACUUM, _("Last Vacuum"), 136);
  add_column (self, COLUMN_ANALYZE, _("Last Analyze"), 136);
  add_column (self, COLUMN_READS, _("Reads"), 160);

  /* The largest tables first: they are the ones that cost. */
  gtk_column_view_sort_by_column (self->column_view, size, GTK_SORT_DESCENDING);
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_tables_view_dispose (GObject *object)
{
  SluiceTablesView *self = SLUICE_TABLES_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_TABLES_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->selected);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->search_folded, g_free);

  G_OBJECT_CLASS (sluice_tables_view_parent_class)->dispose (object);
}

static void
sluice_tables_view_class_init (SluiceTablesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_tables_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-tables-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, column_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, table_name_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, table_subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, hint_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, size_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, rows_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, maintenance_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceTablesView, reads_box);
}

static void
sluice_tables_view_init (SluiceTablesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (filter_table, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);
  setup_columns (self);
}

GtkWidget *
sluice_tables_view_new (void)
{
  return g_object_new (SLUICE_TYPE_TABLES_VIEW, NULL);
}

void
sluice_tables_view_set_tables (SluiceTablesView *self,
                               GListModel       *tables)
{
  g_return_if_fail (SLUICE_IS_TABLES_VIEW (self));
  g_return_if_fail (tables == NULL || G_IS_LIST_MODEL (tables));

  gtk_filter_list_model_set_model (self->filter_model, tables);
  update_stack (self);
}

void
sluice_tables_view_set_search (SluiceTablesView *self,
                               const char       *text)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (SLUICE_IS_TABLES_VIEW (self));

  g_clear_pointer (&self->search_folded, g_free);
  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*stripped != '\0')
    self->search_folded = g_utf8_casefold (stripped, -1);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_stack (self);
}

GListModel *
sluice_tables_view_get_visible_tables (SluiceTablesView *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLES_VIEW (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

SluiceTableHealth *
sluice_tables_view_get_selected_table (SluiceTablesView *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLES_VIEW (self), NULL);
  return self->selected;
}

gboolean
sluice_tables_view_select_table (SluiceTablesView *self,
                                 const char       *schema,
                                 const char       *name)
{
  GListModel *model;

  g_return_val_if_fail (SLUICE_IS_TABLES_VIEW (self), FALSE);

  model = G_LIST_MODEL (self->sort_model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SluiceTableHealth) table = g_list_model_get_item (model, i);

      if (g_strcmp0 (sluice_table_health_get_schema (table), schema) == 0 &&
          g_strcmp0 (sluice_table_health_get_name (table), name) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return self->selected == table;
        }
    }

  return FALSE;
}
