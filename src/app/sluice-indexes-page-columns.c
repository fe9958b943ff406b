/* sluice-indexes-page-columns.c: the columns of the Indexes page's list:
 * their cells (text, the scans sparkline, the finding pills) and how each
 * sorts
 *
 * Separate because the column view's factories and sorters are a
 * self-contained piece: they read a SluiceIndexInfo and the sampler's
 * rates, and nothing else of the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-health-format.h"
#include "sluice-indexes-page-private.h"
#include "sluice-page-util.h"
#include "sluice-sparkline.h"

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

static char *
table_label (SluiceIndexInfo *index)
{
  const char *schema = sluice_index_info_get_schema (index);

  if (g_strcmp0 (schema, "public") == 0)
    return g_strdup (sluice_index_info_get_table (index));
  return g_strdup_printf ("%s.%s", schema, sluice_index_info_get_table (index));
}

static double
latest_rate (SluiceIndexesPage *self,
             SluiceIndexInfo   *index)
{
  g_autoptr(GArray) rates = _sluice_indexes_page_dup_rates (self, index);

  return rates->len > 0 ? g_array_index (rates, double, rates->len - 1) : -1;
}

void
_sluice_indexes_page_update_rate_cell (SluiceIndexesPage *self,
                                       GtkWidget         *cell)
{
  SluiceIndexInfo *index = g_object_get_data (G_OBJECT (cell), "sluice-index");
  SluiceSparkline *sparkline = SLUICE_SPARKLINE (gtk_widget_get_first_child (cell));
  GtkLabel *label = GTK_LABEL (gtk_widget_get_last_child (cell));
  g_autoptr(GArray) rates = _sluice_indexes_page_dup_rates (self, index);
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
      _sluice_indexes_page_update_rate_cell (self, child);
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

void
_sluice_indexes_page_setup_index_view (SluiceIndexesPage *self)
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
