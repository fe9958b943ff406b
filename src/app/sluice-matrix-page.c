/* sluice-matrix-page.c: every environment that shares a migration folder,
 * side by side: which migration is where
 *
 * The page reads the folder and finds the profiles that share it; each
 * SluiceMatrixColumn then connects and reads its own database.  A
 * SluiceEnvironmentCard per column sits above the SluiceMatrixGrid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-environment-card.h"
#include "sluice-error-text.h"
#include "sluice-history-format.h"
#include "sluice-matrix-grid.h"
#include "sluice-matrix-page.h"

struct _SluiceMatrixPage
{
  GtkWidget              parent_instance;

  SluiceApplication     *application;
  SluiceSession         *session;
  SluiceMigrationFolder *folder;
  GError                *error;
  GCancellable          *cancellable;
  GSignalGroup          *profile_signals;
  GSignalGroup          *store_signals;
  GPtrArray             *columns;      /* SluiceMatrixColumn */
  GPtrArray             *cards;        /* SluiceEnvironmentCard, one per column */
  gboolean               loading;
  gboolean               dirty;

  GtkStack              *stack;
  GtkSpinner            *spinner;
  GtkLabel              *error_label;
  GtkLabel              *folder_label;
  GtkBox                *legend_box;
  GtkBox                *cards_box;
  SluiceMatrixGrid      *grid;
};

G_DEFINE_FINAL_TYPE (SluiceMatrixPage, sluice_matrix_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_SESSION,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void on_column_state_changed (SluiceMatrixPage *self);

/* Helpers ----------------------------------------------------------------- */

static SluiceProfile *
get_profile (SluiceMatrixPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

static char *
canonical_folder (SluiceProfile *profile)
{
  const char *folder = sluice_profile_get_migration_folder (profile);

  if (folder == NULL || *folder == '\0')
    return NULL;
  return g_canonicalize_filename (folder, NULL);
}

static void
set_loading (SluiceMatrixPage *self,
             gboolean          loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_loading (SluiceMatrixPage *self)
{
  gboolean loading = self->cancellable != NULL && self->folder == NULL && self->error == NULL;

  for (guint i = 0; !loading && i < self->columns->len; i++)
    loading = sluice_matrix_column_get_state (g_ptr_array_index (self->columns, i)) == SLUICE_MATRIX_COLUMN_LOADING;

  set_loading (self, loading);
}

/* Cards and legend -------------------------------------------------------- */

/* The nearest column before @index that could be read: the card of @index
 * says how far it is from there. */
static SluiceMatrixColumn *
find_previous_ready (SluiceMatrixPage *self,
                     guint             index)
{
  for (guint i = index; i > 0; i--)
    if (sluice_matrix_column_get_state (g_ptr_array_index (self->columns, i - 1)) == SLUICE_MATRIX_COLUMN_READY)
      return g_ptr_array_index (self->columns, i - 1);

  return NULL;
}

static void
update_legend (SluiceMatrixPage *self)
{
  guint n_statuses;
  const SluiceMigrationStatus *counted_statuses = sluice_environment_card_get_counted_statuses (&n_statuses);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend_box))) != NULL)
    gtk_box_remove (self->legend_box, child);

  for (guint s = 0; s < n_statuses; s++)
    {
      gboolean present = FALSE;

      for (guint i = 0; i < self->columns->len && !present; i++)
        {
          SluiceStatusReport *report = sluice_matrix_column_get_report (g_ptr_array_index (self->columns, i));

          present = report != NULL && sluice_status_report_count (report, counted_statuses[s]) > 0;
        }

      if (present)
        {
          GtkWidget *pill = sluice_status_pill_new ();

          sluice_status_pill_set_status (pill, counted_statuses[s]);
          gtk_box_append (self->legend_box, pill);
        }
    }
}

static void
on_column_state_changed (SluiceMatrixPage *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      SluiceStatusReport *report = sluice_matrix_column_get_report (g_ptr_array_index (self->columns, i));

      if (report != NULL)
        sluice_matrix_grid_add_report_rows (self->grid, report);
    }

  for (guint i = 0; i < self->cards->len; i++)
    sluice_environment_card_update (g_ptr_array_index (self->cards, i),
                                    find_previous_ready (self, i),
                                    sluice_matrix_grid_get_rows (self->grid));

  update_legend (self);
  update_loading (self);
}

/* Loading ----------------------------------------------------------------- */

static int
compare_profiles (gconstpointer a,
                  gconstpointer b)
{
  SluiceProfile *first = *(SluiceProfile **) a;
  SluiceProfile *second = *(SluiceProfile **) b;
  SluiceEnvironment first_env = sluice_profile_get_environment (first);
  SluiceEnvironment second_env = sluice_profile_get_environment (second);

  if (first_env != second_env)
    return first_env < second_env ? -1 : 1;
  return g_utf8_collate (sluice_profile_get_name (first), sluice_profile_get_name (second));
}

/* The profiles whose folder is this one's, in the order a change travels. */
static GPtrArray *
collect_sharing_profiles (SluiceMatrixPage *self)
{
  GPtrArray *profiles = g_ptr_array_new_with_free_func (g_object_unref);
  SluiceProfile *selected = get_profile (self);
  g_autofree char *folder = canonical_folder (selected);
  GListModel *store;

  if (self->application == NULL)
    {
      g_ptr_array_add (profiles, g_object_ref (selected));
      return profiles;
    }

  store = G_LIST_MODEL (sluice_application_get_store (self->application));
  for (guint i = 0; i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr(SluiceProfile) profile = g_list_model_get_item (store, i);
      g_autofree char *other = canonical_folder (profile);

      if (profile == selected || g_strcmp0 (other, folder) == 0)
        g_ptr_array_add (profiles, g_steal_pointer (&profile));
    }

  g_ptr_array_sort (profiles, compare_profiles);
  return profiles;
}

static SluiceSession *
session_of (SluiceMatrixPage *self,
            SluiceProfile    *profile)
{
  if (profile == get_profile (self) || self->application == NULL)
    return self->session;
  return sluice_application_get_session (self->application, profile);
}

static void
start_columns (SluiceMatrixPage *self)
{
  g_autoptr(GPtrArray) profiles = collect_sharing_profiles (self);

  for (guint i = 0; i < profiles->len; i++)
    {
      SluiceSession *session = session_of (self, g_ptr_array_index (profiles, i));
      g_autoptr(SluiceMatrixColumn) column = NULL;
      GtkWidget *card;

      if (session == NULL)
        continue;

      column = sluice_matrix_column_new (session);
      g_ptr_array_add (self->columns, g_object_ref (column));

      card = sluice_environment_card_new (column);
      sluice_environment_card_set_current (SLUICE_ENVIRONMENT_CARD (card), session == self->session);
      g_ptr_array_add (self->cards, g_object_ref (card));
      gtk_box_append (self->cards_box, card);

      g_signal_connect_swapped (column, "notify::state", G_CALLBACK (on_column_state_changed), self);
    }

  sluice_matrix_grid_set_columns (self->grid, self->columns);

  /* All at once: a slow or dead server holds up only its own column. */
  for (guint i = 0; i < self->columns->len; i++)
    sluice_matrix_column_load (g_ptr_array_index (self->columns, i), self->folder, self->cancellable);

  on_column_state_changed (self);
}

static void
clear_matrix (SluiceMatrixPage *self)
{
  GtkWidget *child;

  for (guint i = 0; i < self->columns->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->columns, i), on_column_state_changed, self);

  sluice_matrix_grid_clear (self->grid);
  g_ptr_array_set_size (self->cards, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_box_remove (self->cards_box, child);
  g_ptr_array_set_size (self->columns, 0);
  g_clear_object (&self->folder);
  g_clear_error (&self->error);
}

typedef struct
{
  SluiceMatrixPage *self;
  GCancellable     *cancellable;
} FolderOp;

static void
folder_op_free (FolderOp *op)
{
  g_clear_object (&op->cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolderOp, folder_op_free)

static void
folder_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FolderOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = sluice_migration_folder_load_finish (result, &error);
  SluiceMatrixPage *self;
  g_autofree char *message = NULL;

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  self = op->self;
  if (folder == NULL)
    {
      self->error = g_steal_pointer (&error);
      message = sluice_error_text_describe (self->error);
      gtk_label_set_label (self->error_label, message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      update_loading (self);
      return;
    }

  self->folder = g_steal_pointer (&folder);
  gtk_label_set_label (self->folder_label, sluice_migration_folder_get_path (self->folder));
  sluice_matrix_grid_add_folder_rows (self->grid, self->folder);
  start_columns (self);
  gtk_stack_set_visible_child_name (self->stack, "matrix");
}

static void
cancel_load (SluiceMatrixPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

void
sluice_matrix_page_reload (SluiceMatrixPage *self)
{
  SluiceProfile *profile;
  const char *folder;
  FolderOp *op;

  g_return_if_fail (SLUICE_IS_MATRIX_PAGE (self));

  cancel_load (self);
  clear_matrix (self);

  if (self->session == NULL)
    {
      self->dirty = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_loading (self);
      return;
    }

  /* A hidden page reads when it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_loading (self);
      return;
    }

  self->dirty = FALSE;
  profile = get_profile (self);
  folder = sluice_profile_get_migration_folder (profile);
  if (folder == NULL || *folder == '\0')
    {
      gtk_stack_set_visible_child_name (self->stack, "no-folder");
      update_loading (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  op = g_new0 (FolderOp, 1);
  op->self = self;
  op->cancellable = g_object_ref (self->cancellable);

  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_loading (self);
  sluice_migration_folder_load_async (folder, SLUICE_MIGRATION_FORMAT_AUTO, self->cancellable, folder_cb, op);
}

static void
on_retry_clicked (SluiceMatrixPage *self)
{
  sluice_matrix_page_reload (self);
}

static void
on_profiles_changed (SluiceMatrixPage *self)
{
  sluice_matrix_page_reload (self);
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_matrix_page_map (GtkWidget *widget)
{
  SluiceMatrixPage *self = SLUICE_MATRIX_PAGE (widget);

  GTK_WIDGET_CLASS (sluice_matrix_page_parent_class)->map (widget);

  if (self->dirty)
    sluice_matrix_page_reload (self);
}

static void
sluice_matrix_page_dispose (GObject *object)
{
  SluiceMatrixPage *self = SLUICE_MATRIX_PAGE (object);

  cancel_load (self);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->store_signals);

  if (self->columns != NULL)
    clear_matrix (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_MATRIX_PAGE);

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (sluice_matrix_page_parent_class)->dispose (object);
}

static void
sluice_matrix_page_finalize (GObject *object)
{
  SluiceMatrixPage *self = SLUICE_MATRIX_PAGE (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (sluice_matrix_page_parent_class)->finalize (object);
}

static void
sluice_matrix_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SluiceMatrixPage *self = SLUICE_MATRIX_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_matrix_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SluiceMatrixPage *self = SLUICE_MATRIX_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      sluice_matrix_page_set_application (self, g_value_get_object (value));
      break;
    case PROP_SESSION:
      sluice_matrix_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_matrix_page_class_init (SluiceMatrixPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_matrix_page_dispose;
  object_class->finalize = sluice_matrix_page_finalize;
  object_class->get_property = sluice_matrix_page_get_property;
  object_class->set_property = sluice_matrix_page_set_property;

  widget_class->map = sluice_matrix_page_map;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL, SLUICE_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SLUICE_TYPE_MATRIX_GRID);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-matrix-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceMatrixPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceMatrixPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceMatrixPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceMatrixPage, folder_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceMatrixPage, legend_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceMatrixPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceMatrixPage, grid);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
}

static void
sluice_matrix_page_init (SluiceMatrixPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->cards = g_ptr_array_new_with_free_func (g_object_unref);

  self->profile_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::migration-folder",
                                  G_CALLBACK (on_profiles_changed), self);
  g_signal_group_connect_swapped (self->profile_signals, "notify::connection",
                                  G_CALLBACK (on_profiles_changed), self);

  self->store_signals = g_signal_group_new (SLUICE_TYPE_PROFILE_STORE);
  g_signal_group_connect_swapped (self->store_signals, "items-changed",
                                  G_CALLBACK (on_profiles_changed), self);
}

GtkWidget *
sluice_matrix_page_new (void)
{
  return g_object_new (SLUICE_TYPE_MATRIX_PAGE, NULL);
}

SluiceApplication *
sluice_matrix_page_get_application (SluiceMatrixPage *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_PAGE (self), NULL);
  return self->application;
}

void
sluice_matrix_page_set_application (SluiceMatrixPage  *self,
                                    SluiceApplication *application)
{
  g_return_if_fail (SLUICE_IS_MATRIX_PAGE (self));
  g_return_if_fail (application == NULL || SLUICE_IS_APPLICATION (application));

  if (!g_set_object (&self->application, application))
    return;

  g_signal_group_set_target (self->store_signals,
                             application != NULL ? sluice_application_get_store (application) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATION]);
}

SluiceSession *
sluice_matrix_page_get_session (SluiceMatrixPage *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_PAGE (self), NULL);
  return self->session;
}

void
sluice_matrix_page_set_session (SluiceMatrixPage *self,
                                SluiceSession    *session)
{
  g_return_if_fail (SLUICE_IS_MATRIX_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->profile_signals, get_profile (self));
  sluice_matrix_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
sluice_matrix_page_get_loading (SluiceMatrixPage *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_PAGE (self), FALSE);
  return self->loading;
}

const char *
sluice_matrix_page_get_view (SluiceMatrixPage *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const GError *
sluice_matrix_page_get_error (SluiceMatrixPage *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_PAGE (self), NULL);
  return self->error;
}

SluiceMigrationFolder *
sluice_matrix_page_get_folder (SluiceMatrixPage *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_PAGE (self), NULL);
  return self->folder;
}

guint
sluice_matrix_page_get_n_columns (SluiceMatrixPage *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_PAGE (self), 0);
  return self->columns->len;
}

SluiceMatrixColumn *
sluice_matrix_page_get_column (SluiceMatrixPage *self,
                               guint             index)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_PAGE (self), NULL);

  if (index >= self->columns->len)
    return NULL;
  return g_ptr_array_index (self->columns, index);
}

GListModel *
sluice_matrix_page_get_rows (SluiceMatrixPage *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_PAGE (self), NULL);
  return sluice_matrix_grid_get_rows (self->grid);
}
