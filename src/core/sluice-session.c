/* sluice-session.c: a profile bound to its live connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-secrets.h"
#include "sluice-session.h"

struct _SluiceSession
{
  GObject           parent_instance;

  SluiceProfile    *profile;
  SluiceConnection *connection;
  char             *error_message;

  /* Callers waiting on the attempt in flight: one attempt is shared. */
  GPtrArray        *waiting_tasks;
  GCancellable     *attempt_cancellable;
  /* Bumped when an attempt is given up, so that its late callbacks, which
   * carry the serial they were started with, know to do nothing. */
  guint             attempt_serial;
  gulong            profile_changed_id;
  gulong            state_changed_id;
};

G_DEFINE_FINAL_TYPE (SluiceSession, sluice_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_CONNECTION,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error_message (SluiceSession *self,
                   const char    *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
on_connection_state_changed (SluiceSession *self)
{
  const GError *error = sluice_connection_get_error (self->connection);

  if (sluice_connection_get_state (self->connection) == SLUICE_CONNECTION_FAILED && error != NULL)
    set_error_message (self, error->message);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_connection (SluiceSession    *self,
                SluiceConnection *connection)
{
  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->state_changed_id, self->connection);
      sluice_connection_close (self->connection);
      g_clear_object (&self->connection);
    }

  if (connection != NULL)
    {
      self->connection = g_object_ref (connection);
      self->state_changed_id =
        g_signal_connect_object (connection, "notify::state",
                                 G_CALLBACK (on_connection_state_changed), self,
                                 G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
complete_waiting_tasks (SluiceSession *self,
                        const GError  *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->waiting_tasks);

  g_clear_object (&self->attempt_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_object_ref (self->connection), g_object_unref);
    }
}

typedef struct
{
  SluiceSession *self;
  guint          serial;
} Attempt;

static Attempt *
attempt_new (SluiceSession *self)
{
  Attempt *attempt = g_new0 (Attempt, 1);

  attempt->self = g_object_ref (self);
  attempt->serial = self->attempt_serial;
  return attempt;
}

static void
attempt_free (Attempt *attempt)
{
  g_object_unref (attempt->self);
  g_free (attempt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_free)

static gboolean
attempt_is_current (Attempt *attempt)
{
  return attempt->serial == attempt->self->attempt_serial;
}

/* The server settings of the profile, as libpq "options"; NULL for none. */
static char *
dup_profile_options (SluiceProfile *profile)
{
  guint lock_timeout_ms = sluice_profile_get_lock_timeout_ms (profile);
  guint statement_timeout_ms = sluice_profile_get_statement_timeout_ms (profile);
  GString *options = g_string_new (NULL);

  /* 0 is the server's own setting: nothing to send. */
  if (lock_timeout_ms > 0)
    g_string_append_printf (options, "-c lock_timeout=%ums", lock_timeout_ms);
  if (statement_timeout_ms > 0)
    g_string_append_printf (options, "%s-c statement_timeout=%ums",
                            options->len > 0 ? " " : "", statement_timeout_ms);

  if (options->len == 0)
    {
      g_string_free (options, TRUE);
      return NULL;
    }

  return g_string_free (options, FALSE);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SluiceConnection *connection = SLUICE_CONNECTION (object);
  g_autoptr(Attempt) attempt = user_data;
  SluiceSession *self = attempt->self;
  g_autoptr(GError) error = NULL;
  gboolean connected = sluice_connection_connect_finish (connection, result, &error);

  /* Given up (disconnect, profile edit): its callers have their answer. */
  if (!attempt_is_current (attempt))
    return;

  if (!connected)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error_message (self, error->message);
      set_connection (self, NULL);
      complete_waiting_tasks (self, error);
      return;
    }

  set_error_message (self, NULL);
  complete_waiting_tasks (self, NULL);
}

static void
password_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  SluiceSession *self = attempt->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  g_autofree char *options = NULL;
  char *password = sluice_secrets_lookup_finish (result, &error);

  if (!attempt_is_current (attempt))
    {
      sluice_secure_free (password);
      return;
    }

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error_message (self, error->message);
      complete_waiting_tasks (self, error);
      return;
    }

  options = dup_profile_options (self->profile);
  connection = sluice_connection_new_full (sluice_profile_get_connection (self->profile),
                                           password, options);
  sluice_secure_free (password);

  set_connection (self, connection);
  /* A handler of "notify::connection" may have disconnected already. */
  if (!attempt_is_current (attempt))
    return;

  sluice_connection_connect_async (connection, self->attempt_cancellable,
                                   connect_cb, g_steal_pointer (&attempt));
}

void
sluice_session_connect_async (SluiceSession       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLUICE_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_session_connect_async);

  if (self->connection != NULL &&
      (sluice_connection_get_state (self->connection) == SLUICE_CONNECTION_READY ||
       sluice_connection_get_state (self->connection) == SLUICE_CONNECTION_BUSY))
    {
      g_task_return_pointer (task, g_object_ref (self->connection), g_object_unref);
      return;
    }

  if (self->waiting_tasks != NULL)
    {
      g_ptr_array_add (self->waiting_tasks, g_steal_pointer (&task));
      return;
    }

  self->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->waiting_tasks, g_steal_pointer (&task));

  /* The shared attempt has its own cancellable: one caller giving up must
   * not cancel the others' connection. */
  self->attempt_cancellable = g_cancellable_new ();
  set_error_message (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  sluice_secrets_lookup_async (sluice_profile_get_id (self->profile),
                               self->attempt_cancellable,
                               password_lookup_cb, attempt_new (self));
}

SluiceConnection *
sluice_session_connect_finish (SluiceSession  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Ends the attempt in flight, if any: its callers are answered now, and
 * its own callbacks, when they come, find it outdated.  Returns whether
 * there was one. */
static gboolean
give_up_attempt (SluiceSession *self)
{
  if (self->waiting_tasks == NULL)
    return FALSE;

  self->attempt_serial++;
  g_cancellable_cancel (self->attempt_cancellable);
  return TRUE;
}

void
sluice_session_disconnect (SluiceSession *self)
{
  gboolean gave_up;

  g_return_if_fail (SLUICE_IS_SESSION (self));

  g_object_ref (self);
  gave_up = give_up_attempt (self);
  set_connection (self, NULL);

  /* Last: a caller may connect again from its callback. */
  if (gave_up)
    {
      g_autoptr(GError) error =
        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The connection attempt was given up because the session was "
                               "disconnected. Nothing was run."));

      complete_waiting_tasks (self, error);
    }
  g_object_unref (self);
}

static void
on_profile_connection_changed (SluiceSession *self)
{
  /* The old connection points at a server the profile no longer names. */
  sluice_session_disconnect (self);
  set_error_message (self, NULL);
}

SluiceSession *
sluice_session_new (SluiceProfile *profile)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (profile), NULL);

  return g_object_new (SLUICE_TYPE_SESSION, "profile", profile, NULL);
}

SluiceProfile *
sluice_session_get_profile (SluiceSession *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION (self), NULL);
  return self->profile;
}

SluiceConnection *
sluice_session_get_connection (SluiceSession *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION (self), NULL);
  return self->connection;
}

SluiceConnectionState
sluice_session_get_state (SluiceSession *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION (self), SLUICE_CONNECTION_DISCONNECTED);

  if (self->connection == NULL)
    return self->waiting_tasks != NULL ? SLUICE_CONNECTION_CONNECTING
                                       : self->error_message != NULL ? SLUICE_CONNECTION_FAILED
                                                                     : SLUICE_CONNECTION_DISCONNECTED;
  return sluice_connection_get_state (self->connection);
}

const char *
sluice_session_get_error_message (SluiceSession *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION (self), NULL);
  return self->error_message;
}

static void
sluice_session_constructed (GObject *object)
{
  SluiceSession *self = SLUICE_SESSION (object);

  G_OBJECT_CLASS (sluice_session_parent_class)->constructed (object);

  self->profile_changed_id =
    g_signal_connect_object (self->profile, "notify::connection",
                             G_CALLBACK (on_profile_connection_changed), self,
                             G_CONNECT_SWAPPED);
}

static void
sluice_session_dispose (GObject *object)
{
  SluiceSession *self = SLUICE_SESSION (object);

  sluice_session_disconnect (self);

  G_OBJECT_CLASS (sluice_session_parent_class)->dispose (object);
}

static void
sluice_session_finalize (GObject *object)
{
  SluiceSession *self = SLUICE_SESSION (object);

  g_clear_object (&self->profile);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->waiting_tasks, g_ptr_array_unref);
  g_clear_object (&self->attempt_cancellable);

  G_OBJECT_CLASS (sluice_session_parent_class)->finalize (object);
}

static void
sluice_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SluiceSession *self = SLUICE_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_STATE:
      g_value_set_enum (value, sluice_session_get_state (self));
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_session_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SluiceSession *self = SLUICE_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_session_class_init (SluiceSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sluice_session_constructed;
  object_class->dispose = sluice_session_dispose;
  object_class->finalize = sluice_session_finalize;
  object_class->get_property = sluice_session_get_property;
  object_class->set_property = sluice_session_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, SLUICE_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SLUICE_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SLUICE_TYPE_CONNECTION_STATE,
                       SLUICE_CONNECTION_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_session_init (SluiceSession *self)
{
}
