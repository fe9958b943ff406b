/* sluice-matrix-column.c: one environment of the matrix: a profile, its
 * connection and the status of the shared folder's migrations there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-matrix-column.h"

struct _SluiceMatrixColumn
{
  GObject                  parent_instance;

  SluiceSession           *session;
  SluiceMigrationFolder   *folder;
  SluiceStatusReport      *report;
  GHashTable              *items;   /* version -> SluiceStatusItem */
  GError                  *error;
  SluiceMatrixColumnState  state;
};

G_DEFINE_ENUM_TYPE (SluiceMatrixColumnState, sluice_matrix_column_state,
                    G_DEFINE_ENUM_VALUE (SLUICE_MATRIX_COLUMN_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (SLUICE_MATRIX_COLUMN_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (SLUICE_MATRIX_COLUMN_UNREACHABLE, "unreachable"),
                    G_DEFINE_ENUM_VALUE (SLUICE_MATRIX_COLUMN_UNREADABLE, "unreadable"))

G_DEFINE_FINAL_TYPE (SluiceMatrixColumn, sluice_matrix_column, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_STATE,
  PROP_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (SluiceMatrixColumn      *self,
           SluiceMatrixColumnState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
fail (SluiceMatrixColumn      *self,
      SluiceMatrixColumnState  state,
      const GError            *error)
{
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  set_state (self, state);
}

static void
set_report (SluiceMatrixColumn *self,
            SluiceStatusReport *report)
{
  GListModel *items = sluice_status_report_get_items (report);

  g_set_object (&self->report, report);
  g_hash_table_remove_all (self->items);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      SluiceStatusItem *item = g_list_model_get_item (items, i);

      g_hash_table_replace (self->items, g_strdup (sluice_status_item_get_version (item)), item);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  set_state (self, SLUICE_MATRIX_COLUMN_READY);
}

/* The column lives as long as its operation; a cancel leaves it be. */
typedef struct
{
  SluiceMatrixColumn *self;
  GCancellable       *cancellable;
} LoadOp;

static void
load_op_free (LoadOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadOp, load_op_free)

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LoadOp) op = user_data;
  SluiceMatrixColumn *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceHistory) history = sluice_history_read_finish (result, &error);
  g_autoptr(SluiceStatusReport) report = NULL;

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (history == NULL)
    {
      fail (self, SLUICE_MATRIX_COLUMN_UNREADABLE, error);
      return;
    }

  report = sluice_status_report_new (self->folder, history);
  set_report (self, report);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  SluiceMigrationFormat format;
  GCancellable *cancellable;

  connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);
  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (connection == NULL)
    {
      fail (op->self, SLUICE_MATRIX_COLUMN_UNREACHABLE, error);
      return;
    }

  /* Arguments are evaluated in no set order: nothing reads op once it is
   * handed over. */
  format = sluice_migration_folder_get_format (op->self->folder);
  cancellable = op->cancellable;
  sluice_history_read_async (connection, format, cancellable, history_cb, g_steal_pointer (&op));
}

static void
sluice_matrix_column_dispose (GObject *object)
{
  SluiceMatrixColumn *self = SLUICE_MATRIX_COLUMN (object);

  g_clear_object (&self->session);
  g_clear_object (&self->folder);
  g_clear_object (&self->report);
  g_clear_pointer (&self->items, g_hash_table_unref);

  G_OBJECT_CLASS (sluice_matrix_column_parent_class)->dispose (object);
}

static void
sluice_matrix_column_finalize (GObject *object)
{
  SluiceMatrixColumn *self = SLUICE_MATRIX_COLUMN (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (sluice_matrix_column_parent_class)->finalize (object);
}

static void
sluice_matrix_column_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SluiceMatrixColumn *self = SLUICE_MATRIX_COLUMN (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_matrix_column_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SluiceMatrixColumn *self = SLUICE_MATRIX_COLUMN (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_matrix_column_class_init (SluiceMatrixColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sluice_matrix_column_dispose;
  object_class->finalize = sluice_matrix_column_finalize;
  object_class->get_property = sluice_matrix_column_get_property;
  object_class->set_property = sluice_matrix_column_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SLUICE_TYPE_MATRIX_COLUMN_STATE, SLUICE_MATRIX_COLUMN_LOADING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, SLUICE_TYPE_STATUS_REPORT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_matrix_column_init (SluiceMatrixColumn *self)
{
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->state = SLUICE_MATRIX_COLUMN_LOADING;
}

SluiceMatrixColumn *
sluice_matrix_column_new (SluiceSession *session)
{
  g_return_val_if_fail (SLUICE_IS_SESSION (session), NULL);

  return g_object_new (SLUICE_TYPE_MATRIX_COLUMN, "session", session, NULL);
}

SluiceSession *
sluice_matrix_column_get_session (SluiceMatrixColumn *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_COLUMN (self), NULL);
  return self->session;
}

SluiceProfile *
sluice_matrix_column_get_profile (SluiceMatrixColumn *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_COLUMN (self), NULL);
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

SluiceMatrixColumnState
sluice_matrix_column_get_state (SluiceMatrixColumn *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_COLUMN (self), SLUICE_MATRIX_COLUMN_LOADING);
  return self->state;
}

const GError *
sluice_matrix_column_get_error (SluiceMatrixColumn *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_COLUMN (self), NULL);
  return self->error;
}

SluiceStatusReport *
sluice_matrix_column_get_report (SluiceMatrixColumn *self)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_COLUMN (self), NULL);
  return self->report;
}

SluiceStatusItem *
sluice_matrix_column_find_item (SluiceMatrixColumn *self,
                                const char         *version)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_COLUMN (self), NULL);

  if (version == NULL || self->items == NULL)
    return NULL;
  return g_hash_table_lookup (self->items, version);
}

void
sluice_matrix_column_load (SluiceMatrixColumn    *self,
                           SluiceMigrationFolder *folder,
                           GCancellable          *cancellable)
{
  LoadOp *op;

  g_return_if_fail (SLUICE_IS_MATRIX_COLUMN (self));
  g_return_if_fail (SLUICE_IS_MIGRATION_FOLDER (folder));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  g_set_object (&self->folder, folder);
  g_clear_error (&self->error);
  set_state (self, SLUICE_MATRIX_COLUMN_LOADING);

  op = g_new0 (LoadOp, 1);
  op->self = g_object_ref (self);
  op->cancellable = g_object_ref (cancellable);
  sluice_session_connect_async (self->session, cancellable, connect_cb, op);
}
