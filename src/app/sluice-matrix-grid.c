/* sluice-matrix-grid.c: the environment matrix itself: migrations down,
 * environments across, each cell the migration's status there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-history-format.h"
#include "sluice-matrix-grid.h"

/* The header of each environment's column, in the colours the rest of the
 * app gives environments (style.css, .environment-pill). */
static const char * const environment_header_rules[] = {
  [SLUICE_ENVIRONMENT_SANDBOX] = "background-color: alpha(currentColor, 0.1);",
  [SLUICE_ENVIRONMENT_DEV]     = "background-color: alpha(#2ec27e, 0.22); color: #26a269;",
  [SLUICE_ENVIRONMENT_STAGING] = "background-color: #f5c211; color: rgba(0, 0, 0, 0.8);",
  [SLUICE_ENVIRONMENT_PROD]    = "background-color: #e01b24; color: white;",
};

struct _SluiceMatrixGrid
{
  GtkWidget              parent_instance;

  GListStore            *rows;         /* GtkStringObject: versions */
  GHashTable            *names;        /* version -> name */
  GtkCssProvider        *header_css;
  char                  *view_class;

  GtkWidget             *scrolled_window;
  GtkColumnView         *column_view;
};

G_DEFINE_FINAL_TYPE (SluiceMatrixGrid, sluice_matrix_grid, GTK_TYPE_WIDGET)

/* Rows -------------------------------------------------------------------- */

static int
compare_versions (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return sluice_version_compare (gtk_string_object_get_string ((GtkStringObject *) a),
                                 gtk_string_object_get_string ((GtkStringObject *) b));
}

static void
add_row (SluiceMatrixGrid *self,
         const char       *version,
         const char       *name)
{
  g_autoptr(GtkStringObject) row = NULL;

  if (g_hash_table_contains (self->names, version))
    return;

  g_hash_table_insert (self->names, g_strdup (version), g_strdup (name));
  row = gtk_string_object_new (version);
  g_list_store_insert_sorted (self->rows, row, compare_versions, NULL);
}

void
sluice_matrix_grid_add_folder_rows (SluiceMatrixGrid      *self,
                                    SluiceMigrationFolder *folder)
{
  GListModel *migrations;

  g_return_if_fail (SLUICE_IS_MATRIX_GRID (self));
  g_return_if_fail (SLUICE_IS_MIGRATION_FOLDER (folder));

  migrations = sluice_migration_folder_get_migrations (folder);

  for (guint i = 0; i < g_list_model_get_n_items (migrations); i++)
    {
      g_autoptr(SluiceMigration) migration = g_list_model_get_item (migrations, i);

      add_row (self, sluice_migration_get_version (migration), sluice_migration_get_name (migration));
    }
}

/* What a database applied that the folder no longer has gets a row too. */
void
sluice_matrix_grid_add_report_rows (SluiceMatrixGrid   *self,
                                    SluiceStatusReport *report)
{
  GListModel *items;

  g_return_if_fail (SLUICE_IS_MATRIX_GRID (self));
  g_return_if_fail (SLUICE_IS_STATUS_REPORT (report));

  items = sluice_status_report_get_items (report);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

      add_row (self, sluice_status_item_get_version (item), sluice_status_item_get_name (item));
    }
}

/* Cells ------------------------------------------------------------------- */

static void
setup_migration_cell (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *version = gtk_label_new (NULL);
  GtkWidget *name = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (version), 0);
  gtk_label_set_width_chars (GTK_LABEL (version), 5);
  gtk_widget_add_css_class (version, "numeric");
  gtk_widget_add_css_class (version, "heading");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), version);
  gtk_box_append (GTK_BOX (box), name);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_migration_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  SluiceMatrixGrid *self = user_data;
  GtkStringObject *row = gtk_list_item_get_item (list_item);
  const char *version = gtk_string_object_get_string (row);
  const char *name = g_hash_table_lookup (self->names, version);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *version_label = gtk_widget_get_first_child (box);
  GtkWidget *name_label = gtk_widget_get_next_sibling (version_label);

  gtk_label_set_label (GTK_LABEL (version_label), version);
  gtk_label_set_label (GTK_LABEL (name_label), name != NULL ? name : "");
  gtk_widget_set_tooltip_text (name_label, name);
}

static void
setup_status_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *pill = sluice_status_pill_new ();
  GtkWidget *date = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (date), 0);
  gtk_label_set_ellipsize (GTK_LABEL (date), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (date, "caption");
  gtk_widget_add_css_class (date, "dim-label");
  gtk_widget_add_css_class (date, "numeric");
  gtk_box_append (GTK_BOX (box), pill);
  gtk_box_append (GTK_BOX (box), date);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static char *
describe_item (SluiceStatusItem *item)
{
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
  g_autofree char *when = NULL;
  g_autofree char *took = NULL;
  g_autofree char *applied = NULL;
  const char *who;

  if (entry == NULL)
    return g_strdup (_("Pending: not applied to this database yet"));

  when = sluice_format_date_time (sluice_history_entry_get_applied_at (entry));
  who = sluice_history_entry_get_applied_by (entry);
  took = sluice_format_duration_ms (sluice_history_entry_get_execution_ms (entry));
  if (who != NULL)
    applied = g_strdup_printf (_("%s by %s, took %s"), when, who, took);
  else
    applied = g_strdup_printf (_("%s, took %s"), when, took);

  switch (sluice_status_item_get_status (item))
    {
    case SLUICE_STATUS_DRIFT:
      return g_strdup_printf (_("Applied %s; the file changed since"), applied);
    case SLUICE_STATUS_FAILED:
      return g_strdup_printf (_("Failed: %s"), applied);
    case SLUICE_STATUS_MISSING:
      return g_strdup_printf (_("Applied %s; the folder no longer has its file"), applied);
    case SLUICE_STATUS_OUT_OF_ORDER:
      return g_strdup_printf (_("Applied %s, after a later version"), applied);
    case SLUICE_STATUS_APPLIED:
    case SLUICE_STATUS_PENDING:
    default:
      return g_strdup_printf (_("Applied %s"), applied);
    }
}

static void
update_status_cell (GtkListItem        *list_item,
                    SluiceMatrixColumn *column)
{
  GtkStringObject *row = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *pill;
  GtkWidget *date;
  SluiceStatusItem *item;
  SluiceHistoryEntry *entry;
  g_autofree char *tooltip = NULL;
  g_autofree char *when = NULL;
  const GError *error;

  if (row == NULL || box == NULL)
    return;

  pill = gtk_widget_get_first_child (box);
  date = gtk_widget_get_next_sibling (pill);
  gtk_widget_set_visible (pill, TRUE);
  gtk_label_set_label (GTK_LABEL (date), "");

  switch (sluice_matrix_column_get_state (column))
    {
    case SLUICE_MATRIX_COLUMN_LOADING:
      gtk_widget_set_visible (pill, FALSE);
      gtk_label_set_label (GTK_LABEL (date), "…");
      gtk_widget_set_tooltip_text (box, _("Reading this database’s history…"));
      return;

    case SLUICE_MATRIX_COLUMN_UNREACHABLE:
    case SLUICE_MATRIX_COLUMN_UNREADABLE:
      error = sluice_matrix_column_get_error (column);
      gtk_label_set_label (GTK_LABEL (pill),
                           sluice_matrix_column_get_state (column) == SLUICE_MATRIX_COLUMN_UNREACHABLE
                           ? _("Unreachable") : _("Unreadable"));
      gtk_widget_set_css_classes (pill, (const char *[]) { "status-pill", "unreachable", NULL });
      if (error != NULL)
        tooltip = sluice_error_text_describe (error);
      gtk_widget_set_tooltip_text (box, tooltip);
      return;

    case SLUICE_MATRIX_COLUMN_READY:
    default:
      break;
    }

  item = sluice_matrix_column_find_item (column, gtk_string_object_get_string (row));
  if (item == NULL)
    {
      gtk_widget_set_visible (pill, FALSE);
      gtk_label_set_label (GTK_LABEL (date), "—");
      gtk_widget_set_tooltip_text (box, _("This database’s history does not name this migration"));
      return;
    }

  sluice_status_pill_set_status (pill, sluice_status_item_get_status (item));
  entry = sluice_status_item_get_entry (item);
  if (entry != NULL && sluice_history_entry_get_applied_at (entry) != NULL)
    when = sluice_format_date (sluice_history_entry_get_applied_at (entry));
  gtk_label_set_label (GTK_LABEL (date), when != NULL ? when : "");

  tooltip = describe_item (item);
  gtk_widget_set_tooltip_text (box, tooltip);
}

static void
on_cell_column_state_changed (SluiceMatrixColumn *column,
                              GParamSpec         *pspec,
                              GtkListItem        *list_item)
{
  update_status_cell (list_item, column);
}

static void
bind_status_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  SluiceMatrixColumn *column = user_data;
  gulong handler;

  update_status_cell (list_item, column);

  /* The column may finish after its cells are bound: follow it. */
  handler = g_signal_connect_object (column, "notify::state",
                                     G_CALLBACK (on_cell_column_state_changed), list_item, 0);
  g_object_set_data (G_OBJECT (list_item), "sluice-matrix-handler", GSIZE_TO_POINTER (handler));
}

static void
unbind_status_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  SluiceMatrixColumn *column = user_data;
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "sluice-matrix-handler"));

  if (handler != 0)
    g_signal_handler_disconnect (column, handler);
  g_object_set_data (G_OBJECT (list_item), "sluice-matrix-handler", NULL);
}

/* Columns ----------------------------------------------------------------- */

static void
add_migration_column (SluiceMatrixGrid *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_migration_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_migration_cell), self);
  column = gtk_column_view_column_new (_("Migration"), factory);
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

static void
add_environment_column (SluiceMatrixGrid   *self,
                        SluiceMatrixColumn *matrix_column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  SluiceProfile *profile = sluice_matrix_column_get_profile (matrix_column);

  /* The factory holds the column: it outlives every cell. */
  g_object_set_data_full (G_OBJECT (factory), "sluice-matrix-column",
                          g_object_ref (matrix_column), g_object_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_status_cell), matrix_column);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_status_cell), matrix_column);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_status_cell), matrix_column);

  column = gtk_column_view_column_new (sluice_profile_get_name (profile), factory);
  gtk_column_view_column_set_fixed_width (column, 176);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

static void
remove_environment_columns (SluiceMatrixGrid *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  /* The first column, the migrations, stays. */
  while (g_list_model_get_n_items (columns) > 1)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 1);

      gtk_column_view_remove_column (self->column_view, column);
    }
}

/* Each environment's column header in its colour.  GTK 4.8 gives no access
 * to header widgets, so the rules go by position, for this view only. */
static void
update_header_css (SluiceMatrixGrid *self,
                   GPtrArray        *columns)
{
  g_autoptr(GString) css = g_string_new (NULL);

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      SluiceProfile *profile = sluice_matrix_column_get_profile (g_ptr_array_index (columns, i));
      SluiceEnvironment environment = sluice_profile_get_environment (profile);

      if (environment >= G_N_ELEMENTS (environment_header_rules))
        continue;
      /* The title's own dimming would wash the colour out. */
      g_string_append_printf (css,
                              "columnview.%s > header > button:nth-child(%u) { %s }\n"
                              "columnview.%s > header > button:nth-child(%u) > box { color: inherit; }\n",
                              self->view_class, i + 2, environment_header_rules[environment],
                              self->view_class, i + 2);
    }

  gtk_css_provider_load_from_data (self->header_css, css->str, css->len);
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_matrix_grid_dispose (GObject *object)
{
  SluiceMatrixGrid *self = SLUICE_MATRIX_GRID (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  if (self->header_css != NULL)
    {
      gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                     GTK_STYLE_PROVIDER (self->header_css));
      g_clear_object (&self->header_css);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_MATRIX_GRID);

  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (sluice_matrix_grid_parent_class)->dispose (object);
}

static void
sluice_matrix_grid_finalize (GObject *object)
{
  SluiceMatrixGrid *self = SLUICE_MATRIX_GRID (object);

  g_clear_pointer (&self->view_class, g_free);

  G_OBJECT_CLASS (sluice_matrix_grid_parent_class)->finalize (object);
}

static void
sluice_matrix_grid_class_init (SluiceMatrixGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_matrix_grid_dispose;
  object_class->finalize = sluice_matrix_grid_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-matrix-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceMatrixGrid, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SluiceMatrixGrid, column_view);
}

static void
sluice_matrix_grid_init (SluiceMatrixGrid *self)
{
  static guint n_grids;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Header colours are per view: two windows may show different profiles. */
  self->view_class = g_strdup_printf ("environment-matrix-%u", ++n_grids);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), self->view_class);
  self->header_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->header_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  add_migration_column (self);
}

GtkWidget *
sluice_matrix_grid_new (void)
{
  return g_object_new (SLUICE_TYPE_MATRIX_GRID, NULL);
}

GListModel *
sluice_matrix_grid_get_rows (SluiceMatrixGrid *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_GRID (self), NULL);
  return G_LIST_MODEL (self->rows);
}

void
sluice_matrix_grid_set_columns (SluiceMatrixGrid *self,
                                GPtrArray        *columns)
{
  g_return_if_fail (SLUICE_IS_MATRIX_GRID (self));

  remove_environment_columns (self);
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    add_environment_column (self, g_ptr_array_index (columns, i));
  update_header_css (self, columns);
}

void
sluice_matrix_grid_clear (SluiceMatrixGrid *self)
{
  g_return_if_fail (SLUICE_IS_MATRIX_GRID (self));

  remove_environment_columns (self);
  g_list_store_remove_all (self->rows);
  g_hash_table_remove_all (self->names);
  gtk_css_provider_load_from_data (self->header_css, "", 0);
}
