/* sluice-migration-list.c: the History page's list of migrations, with a
 * search and a status filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-history-format.h"
#include "sluice-migration-list.h"

/* The statuses the filter offers, after "All Statuses", in this order. */
static const SluiceMigrationStatus filter_statuses[] = {
  SLUICE_STATUS_APPLIED,
  SLUICE_STATUS_PENDING,
  SLUICE_STATUS_DRIFT,
  SLUICE_STATUS_FAILED,
  SLUICE_STATUS_MISSING,
  SLUICE_STATUS_OUT_OF_ORDER,
};

typedef enum
{
  COLUMN_VERSION,
  COLUMN_NAME,
  COLUMN_STATUS,
  COLUMN_APPLIED_AT,
  COLUMN_APPLIED_BY,
  COLUMN_DURATION,
} Column;

struct _SluiceMigrationList
{
  GtkWidget              parent_instance;

  /* The list: report items -> filter -> sort (by the column view) -> selection. */
  GtkFilterListModel    *filter_model;
  GtkCustomFilter       *filter;
  GtkSortListModel      *sort_model;
  GtkSingleSelection    *selection;
  char                  *search_folded;
  int                    status_filter;   /* -1: all */

  GtkWidget             *content;
  GtkSearchEntry        *search_entry;
  GtkDropDown           *status_dropdown;
  GtkStack              *stack;
  GtkColumnView         *column_view;
};

G_DEFINE_FINAL_TYPE (SluiceMigrationList, sluice_migration_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The list ---------------------------------------------------------------- */

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  SluiceMigrationList *self = user_data;
  SluiceStatusItem *status_item = item;
  const char *fields[2];

  if (self->status_filter >= 0 &&
      (int) sluice_status_item_get_status (status_item) != self->status_filter)
    return FALSE;

  if (self->search_folded == NULL)
    return TRUE;

  fields[0] = sluice_status_item_get_version (status_item);
  fields[1] = sluice_status_item_get_name (status_item);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = fields[i] != NULL ? g_utf8_casefold (fields[i], -1) : NULL;

      if (folded != NULL && strstr (folded, self->search_folded) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
refilter (SluiceMigrationList *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_changed (SluiceMigrationList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search_folded, g_free);
  if (*stripped != '\0')
    self->search_folded = g_utf8_casefold (stripped, -1);
  refilter (self);
}

static void
on_status_filter_changed (SluiceMigrationList *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > G_N_ELEMENTS (filter_statuses))
    self->status_filter = -1;
  else
    self->status_filter = filter_statuses[selected - 1];
  refilter (self);
}

static void
on_filtered_items_changed (SluiceMigrationList *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 || gtk_filter_list_model_get_model (self->filter_model) == NULL
                                                ? "list" : "no-match");
}

static char *
describe_applied_at (SluiceStatusItem *item)
{
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);

  return entry != NULL ? sluice_format_date_time (sluice_history_entry_get_applied_at (entry)) : g_strdup ("—");
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label;

  if (column == COLUMN_STATUS)
    {
      label = sluice_status_pill_new ();
    }
  else
    {
      label = gtk_label_new (NULL);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_DURATION ? 1 : 0);
      if (column == COLUMN_VERSION || column == COLUMN_DURATION || column == COLUMN_APPLIED_AT)
        gtk_widget_add_css_class (label, "numeric");
      if (column == COLUMN_APPLIED_BY)
        gtk_widget_add_css_class (label, "dim-label");
    }

  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SluiceStatusItem *item = gtk_list_item_get_item (list_item);
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_VERSION:
      text = g_strdup (sluice_status_item_get_version (item));
      break;
    case COLUMN_NAME:
      text = g_strdup (sluice_status_item_get_name (item));
      gtk_widget_set_tooltip_text (label, text);
      break;
    case COLUMN_STATUS:
      sluice_status_pill_set_status (label, sluice_status_item_get_status (item));
      return;
    case COLUMN_APPLIED_AT:
      text = describe_applied_at (item);
      break;
    case COLUMN_APPLIED_BY:
      text = g_strdup (entry != NULL && sluice_history_entry_get_applied_by (entry) != NULL
                       ? sluice_history_entry_get_applied_by (entry) : "—");
      break;
    case COLUMN_DURATION:
      text = sluice_format_duration_ms (entry != NULL ? sluice_history_entry_get_execution_ms (entry) : -1);
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
}

static GDateTime *
applied_at_of (SluiceStatusItem *item)
{
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);

  return entry != NULL ? sluice_history_entry_get_applied_at (entry) : NULL;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SluiceStatusItem *first = (SluiceStatusItem *) a;
  SluiceStatusItem *second = (SluiceStatusItem *) b;
  SluiceHistoryEntry *first_entry = sluice_status_item_get_entry (first);
  SluiceHistoryEntry *second_entry = sluice_status_item_get_entry (second);
  GDateTime *first_when, *second_when;
  gint64 first_ms, second_ms;
  int result = 0;

  switch (column)
    {
    case COLUMN_VERSION:
      result = sluice_version_compare (sluice_status_item_get_version (first),
                                       sluice_status_item_get_version (second));
      break;
    case COLUMN_NAME:
      result = g_utf8_collate (sluice_status_item_get_name (first) ? sluice_status_item_get_name (first) : "",
                               sluice_status_item_get_name (second) ? sluice_status_item_get_name (second) : "");
      break;
    case COLUMN_STATUS:
      result = (int) sluice_status_item_get_status (first) - (int) sluice_status_item_get_status (second);
      break;
    case COLUMN_APPLIED_AT:
      first_when = applied_at_of (first);
      second_when = applied_at_of (second);
      /* Not applied sorts after applied. */
      if (first_when == NULL || second_when == NULL)
        result = (first_when == NULL) - (second_when == NULL);
      else
        result = g_date_time_compare (first_when, second_when);
      break;
    case COLUMN_APPLIED_BY:
      result = g_strcmp0 (first_entry ? sluice_history_entry_get_applied_by (first_entry) : NULL,
                          second_entry ? sluice_history_entry_get_applied_by (second_entry) : NULL);
      break;
    case COLUMN_DURATION:
      first_ms = first_entry != NULL ? sluice_history_entry_get_execution_ms (first_entry) : -1;
      second_ms = second_entry != NULL ? sluice_history_entry_get_execution_ms (second_entry) : -1;
      result = first_ms < second_ms ? -1 : first_ms > second_ms;
      break;
    default:
      g_assert_not_reached ();
    }

  if (result == 0 && column != COLUMN_VERSION)
    result = sluice_version_compare (sluice_status_item_get_version (first),
                                     sluice_status_item_get_version (second));

  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
add_column (SluiceMigrationList *self,
            Column               column,
            const char          *title,
            int                  fixed_width,
            gboolean             expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_items, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);

  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (sorter);
  g_object_unref (view_column);
}

static void
setup_list (SluiceMigrationList *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_filtered_items_changed), self, G_CONNECT_SWAPPED);

  add_column (self, COLUMN_VERSION, _("Version"), 72, FALSE);
  add_column (self, COLUMN_NAME, _("Name"), -1, TRUE);
  add_column (self, COLUMN_STATUS, _("Status"), 100, FALSE);
  add_column (self, COLUMN_APPLIED_AT, _("Applied At"), 146, FALSE);
  add_column (self, COLUMN_APPLIED_BY, _("By"), 72, FALSE);
  add_column (self, COLUMN_DURATION, _("Duration"), 80, FALSE);

  gtk_string_list_append (statuses, _("All Statuses"));
  for (guint i = 0; i < G_N_ELEMENTS (filter_statuses); i++)
    gtk_string_list_append (statuses, sluice_status_short_label (filter_statuses[i]));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
  self->status_filter = -1;
}

static guint
find_position (GListModel *model,
               gpointer    item)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (model, i);

      if (other == item)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
scroll_list_to (SluiceMigrationList *self,
                guint                position)
{
  /* GtkColumnView has no scroll_to before GTK 4.12; its list view has the
   * action. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

static void
clear_filters (SluiceMigrationList *self)
{
  g_clear_pointer (&self->search_folded, g_free);
  self->status_filter = -1;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  refilter (self);
}


static void
on_selection_changed (SluiceMigrationList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_migration_list_dispose (GObject *object)
{
  SluiceMigrationList *self = SLUICE_MIGRATION_LIST (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_MIGRATION_LIST);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (sluice_migration_list_parent_class)->dispose (object);
}

static void
sluice_migration_list_finalize (GObject *object)
{
  SluiceMigrationList *self = SLUICE_MIGRATION_LIST (object);

  g_clear_pointer (&self->search_folded, g_free);

  G_OBJECT_CLASS (sluice_migration_list_parent_class)->finalize (object);
}

static void
sluice_migration_list_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SluiceMigrationList *self = SLUICE_MIGRATION_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, sluice_migration_list_get_model (self));
      break;
    case PROP_SELECTED_ITEM:
      g_value_set_object (value, sluice_migration_list_get_selected_item (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migration_list_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SluiceMigrationList *self = SLUICE_MIGRATION_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sluice_migration_list_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migration_list_class_init (SluiceMigrationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_migration_list_dispose;
  object_class->finalize = sluice_migration_list_finalize;
  object_class->get_property = sluice_migration_list_get_property;
  object_class->set_property = sluice_migration_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ITEM] =
    g_param_spec_object ("selected-item", NULL, NULL, SLUICE_TYPE_STATUS_ITEM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-migration-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationList, content);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationList, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationList, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationList, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_status_filter_changed);
}

static void
sluice_migration_list_init (SluiceMigrationList *self)
{
  self->status_filter = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  setup_list (self);

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
sluice_migration_list_new (void)
{
  return g_object_new (SLUICE_TYPE_MIGRATION_LIST, NULL);
}

GListModel *
sluice_migration_list_get_model (SluiceMigrationList *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_LIST (self), NULL);
  return gtk_filter_list_model_get_model (self->filter_model);
}

void
sluice_migration_list_set_model (SluiceMigrationList *self,
                                 GListModel          *model)
{
  g_return_if_fail (SLUICE_IS_MIGRATION_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (gtk_filter_list_model_get_model (self->filter_model) == model)
    return;

  gtk_filter_list_model_set_model (self->filter_model, model);
  on_filtered_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
sluice_migration_list_get_visible_items (SluiceMigrationList *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_LIST (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

SluiceStatusItem *
sluice_migration_list_get_selected_item (SluiceMigrationList *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_LIST (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

gboolean
sluice_migration_list_select_item (SluiceMigrationList *self,
                                   SluiceStatusItem    *item)
{
  guint position;

  g_return_val_if_fail (SLUICE_IS_MIGRATION_LIST (self), FALSE);
  g_return_val_if_fail (item == NULL || SLUICE_IS_STATUS_ITEM (item), FALSE);

  if (item == NULL)
    {
      gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
      return TRUE;
    }

  position = find_position (G_LIST_MODEL (self->sort_model), item);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Hidden by the filter: whoever asked for it wants to see it. */
      clear_filters (self);
      position = find_position (G_LIST_MODEL (self->sort_model), item);
    }

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  scroll_list_to (self, position);
  return TRUE;
}
