/* sluice-connection-connect.c: opening a SluiceConnection without blocking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-connection-private.h"
#include "sluice-error.h"
#include "sluice-pg-service.h"

/* Connecting ---------------------------------------------------------------- */

typedef struct
{
  GPtrArray *keywords;
  GPtrArray *values;
  guint      serial;

  /* Copies for the thread, which must not read the connection itself. */
  char      *connection;
  char      *options;
} StartData;

static void
start_data_free (StartData *data)
{
  /* The password is among the values: wipe it, not just free it. */
  for (guint i = 0; i < data->values->len; i++)
    {
      char *value = g_ptr_array_index (data->values, i);

      if (value != NULL)
        explicit_bzero (value, strlen (value));
    }
  g_ptr_array_unref (data->keywords);
  g_ptr_array_unref (data->values);
  g_free (data->connection);
  g_free (data->options);
  g_free (data);
}

static void
start_data_add (StartData  *data,
                const char *keyword,
                const char *value)
{
  g_ptr_array_add (data->keywords, g_strdup (keyword));
  g_ptr_array_add (data->values, g_strdup (value));
}

static StartData *
start_data_new (SluiceConnection *self)
{
  StartData *data = g_new0 (StartData, 1);

  data->keywords = g_ptr_array_new_with_free_func (g_free);
  data->values = g_ptr_array_new_with_free_func (g_free);
  data->serial = self->connect_serial;

  /* Keywords are read in order and later ones win, so the application
   * name given in the connection text overrides ours, and the password we
   * were handed overrides one in the text. */
  start_data_add (data, "fallback_application_name", "sluice");
  if (self->connection != NULL && *self->connection != '\0')
    {
      if (sluice_connection_kind_for_text (self->connection) == SLUICE_CONNECTION_KIND_SERVICE)
        start_data_add (data, "service", self->connection);
      else
        start_data_add (data, "dbname", self->connection);
    }
  if (self->password != NULL)
    start_data_add (data, "password", self->password);

  /* The "options" keyword, if any, is added by the thread. */
  data->connection = g_strdup (self->connection);
  data->options = g_strdup (self->options);

  return data;
}

/* The "options" of @service in the first pg_service.conf that has it, as
 * libpq looks it up. */
static char *
dup_service_options (const char *service)
{
  g_auto(GStrv) paths = sluice_pg_service_default_paths ();

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) services = NULL;
      gsize length = 0;

      /* A file libpq cannot read fails the connection with its own words. */
      if (!g_file_get_contents (paths[i], &contents, &length, NULL) ||
          (services = sluice_pg_service_parse (contents, length, paths[i], NULL)) == NULL)
        continue;

      for (guint j = 0; j < services->len; j++)
        {
          SluicePgService *entry = g_ptr_array_index (services, j);

          if (g_str_equal (entry->name, service))
            return g_strdup (g_hash_table_lookup (entry->params, "options"));
        }
    }

  return NULL;
}

/* The "options" libpq would send without ours: those of the connection
 * text, else those of its service, else PGOPTIONS; NULL for none.  Setting
 * the keyword replaces all of them, hence the merge.  Reads files. */
static char *
dup_given_options (const char *connection)
{
  g_autofree char *service = NULL;
  char *options = NULL;

  if (connection != NULL && *connection != '\0')
    {
      if (sluice_connection_kind_for_text (connection) == SLUICE_CONNECTION_KIND_SERVICE)
        service = g_strdup (connection);
      else
        {
          PQconninfoOption *parsed = PQconninfoParse (connection, NULL);

          for (PQconninfoOption *option = parsed; option != NULL && option->keyword != NULL; option++)
            {
              if (option->val == NULL)
                continue;
              if (strcmp (option->keyword, "options") == 0)
                options = g_strdup (option->val);
              else if (strcmp (option->keyword, "service") == 0)
                service = g_strdup (option->val);
            }
          PQconninfoFree (parsed);
        }
    }

  if (options != NULL)
    return options;

  if (service == NULL)
    service = g_strdup (g_getenv ("PGSERVICE"));
  if (service != NULL && (options = dup_service_options (service)) != NULL)
    return options;

  return g_strdup (g_getenv ("PGOPTIONS"));
}

static void
start_connect_in_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  StartData *data = task_data;
  PGconn *conn;

  if (data->options != NULL)
    {
      g_autofree char *given = dup_given_options (data->connection);

      /* The server reads them in order: for a setting named twice, the
       * last one, ours, wins. */
      if (given != NULL && *given != '\0')
        {
          g_autofree char *merged = g_strconcat (given, " ", data->options, NULL);

          start_data_add (data, "options", merged);
        }
      else
        start_data_add (data, "options", data->options);
    }

  g_ptr_array_add (data->keywords, NULL);
  g_ptr_array_add (data->values, NULL);

  conn = PQconnectStartParams ((const char * const *) data->keywords->pdata,
                               (const char * const *) data->values->pdata,
                               1 /* expand_dbname */);
  g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static GError *
connect_error_new (const char *reason)
{
  return g_error_new (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                      _("Could not connect to the server (%s). Nothing was run. "
                        "Check the host, port, database name and user of the connection, "
                        "and that the server is running."),
                      reason);
}

/* Ends the connection attempt, if any: a thread still resolving will find
 * its serial outdated and drop what it made.  Hands back the connect task
 * and the queries queued meanwhile, for the caller to answer once the
 * state is set. */
GTask *
_sluice_connection_end_connect_attempt (SluiceConnection *self,
                                        GQueue           *queued)
{
  self->connect_serial++;
  _sluice_connection_drop_connection (self);
  g_queue_clear (queued);
  while (!g_queue_is_empty (&self->queue))
    g_queue_push_tail (queued, g_queue_pop_head (&self->queue));

  return g_steal_pointer (&self->connect_task);
}

static void
connect_failed (SluiceConnection *self,
                const char       *reason)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) queued_error = NULL;
  GQueue queued = G_QUEUE_INIT;

  task = _sluice_connection_end_connect_attempt (self, &queued);
  g_clear_error (&self->error);
  self->error = connect_error_new (reason);
  _sluice_connection_set_state (self, SLUICE_CONNECTION_FAILED);

  queued_error = g_error_new (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                              _("The statement was not run: could not connect to the server (%s)."),
                              reason);
  if (task != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  _sluice_connection_requests_return_error (&queued, queued_error);
}

static void
connect_failed_from_libpq (SluiceConnection *self)
{
  g_autofree char *reason = NULL;

  if (self->conn == NULL)
    reason = g_strdup (_("out of memory"));
  else
    reason = _sluice_connection_tidy_libpq_message (PQerrorMessage (self->conn));

  connect_failed (self, reason);
}

static void
connect_abandoned (SluiceConnection *self,
                   GQuark            domain,
                   int               code,
                   const char       *message)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) queued_error = NULL;
  GQueue queued = G_QUEUE_INIT;

  task = _sluice_connection_end_connect_attempt (self, &queued);
  _sluice_connection_set_state (self, SLUICE_CONNECTION_DISCONNECTED);

  queued_error = g_error_new_literal (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                                      _("The statement was not run: the connection attempt was given up before it succeeded."));
  if (task != NULL)
    g_task_return_new_error (task, domain, code, "%s", message);
  _sluice_connection_requests_return_error (&queued, queued_error);
}

static void
cache_server_info (SluiceConnection *self)
{
  const char *version = PQparameterStatus (self->conn, "server_version");

  g_free (self->database);
  self->database = g_strdup (PQdb (self->conn));
  g_free (self->user);
  self->user = g_strdup (PQuser (self->conn));
  g_free (self->host);
  self->host = g_strdup (PQhost (self->conn));
  g_free (self->server_version_string);
  self->server_version_string = g_strdup (version);
  self->server_version = PQserverVersion (self->conn);
  self->backend_pid = PQbackendPID (self->conn);
}

static void
connect_succeeded (SluiceConnection *self)
{
  g_autoptr(GTask) task = NULL;

  _sluice_connection_clear_source (&self->connect_cancel_source);
  _sluice_connection_clear_source (&self->connect_timeout_source);

  if (PQsetnonblocking (self->conn, 1) != 0)
    {
      connect_failed_from_libpq (self);
      return;
    }

  cache_server_info (self);
  g_clear_error (&self->error);
  _sluice_connection_set_state (self, SLUICE_CONNECTION_READY);
  _sluice_connection_update_watch (self);
  _sluice_connection_emit_pending_notices (self);

  task = g_steal_pointer (&self->connect_task);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);

  _sluice_connection_maybe_start_next (self);
}

void
_sluice_connection_connect_poll (SluiceConnection *self)
{
  switch (PQconnectPoll (self->conn))
    {
    case PGRES_POLLING_READING:
      _sluice_connection_watch_socket (self, G_IO_IN, TRUE);
      break;

    case PGRES_POLLING_WRITING:
      _sluice_connection_watch_socket (self, G_IO_OUT, TRUE);
      break;

    case PGRES_POLLING_OK:
      connect_succeeded (self);
      break;

    case PGRES_POLLING_FAILED:
    case PGRES_POLLING_ACTIVE:
    default:
      connect_failed_from_libpq (self);
      break;
    }
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  SluiceConnection *self = user_data;

  g_clear_pointer (&self->connect_timeout_source, g_source_unref);
  connect_failed (self, _("the server did not answer within the connect_timeout of the connection"));

  return G_SOURCE_REMOVE;
}

/* libpq only enforces connect_timeout in its blocking calls; honour it here
 * too, so that a host that drops packets does not leave us CONNECTING. */
static void
arm_connect_timeout (SluiceConnection *self)
{
  PQconninfoOption *options = PQconninfo (self->conn);
  int seconds = 0;

  if (options == NULL)
    return;

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, "connect_timeout") == 0 && option->val != NULL)
        seconds = atoi (option->val);
    }
  PQconninfoFree (options);

  if (seconds <= 0)
    return;

  /* libpq rounds anything below 2 s up to 2 s; so do we. */
  self->connect_timeout_source = g_timeout_source_new_seconds (MAX (seconds, 2));
  g_source_set_callback (self->connect_timeout_source, on_connect_timeout, self, NULL);
  g_source_set_static_name (self->connect_timeout_source, "[sluice] connect timeout");
  g_source_attach (self->connect_timeout_source, self->context);
}

static void
on_connect_started (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SluiceConnection *self = SLUICE_CONNECTION (object);
  StartData *data = g_task_get_task_data (G_TASK (result));
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Abandoned (cancelled or closed) while the thread was resolving. */
  if (data->serial != self->connect_serial || self->connect_task == NULL)
    {
      g_clear_pointer (&conn, PQfinish);
      return;
    }

  self->conn = conn;
  if (conn == NULL || PQstatus (conn) == CONNECTION_BAD)
    {
      connect_failed_from_libpq (self);
      return;
    }

  PQsetNoticeReceiver (conn, _sluice_connection_on_notice, self);
  arm_connect_timeout (self);

  /* As the libpq manual says: behave as if PQconnectPoll() had last
   * returned PGRES_POLLING_WRITING. */
  _sluice_connection_watch_socket (self, G_IO_OUT, TRUE);
}

static gboolean
on_connect_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  SluiceConnection *self = user_data;

  g_clear_pointer (&self->connect_cancel_source, g_source_unref);
  connect_abandoned (self, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     _("The connection attempt was cancelled."));

  return G_SOURCE_REMOVE;
}

void
sluice_connection_connect_async (SluiceConnection    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) start = NULL;

  g_return_if_fail (SLUICE_IS_CONNECTION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_connection_connect_async);
  /* Whether it was cancelled is decided here, not by GTask: a connection
   * that did get established is reported as such. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->state == SLUICE_CONNECTION_CONNECTING || _sluice_connection_is_connected (self))
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("The connection is already open or being opened; nothing was changed."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  _sluice_connection_drop_connection (self);
  g_clear_error (&self->error);
  g_clear_pointer (&self->last_fatal, g_free);
  self->connect_serial++;
  self->connect_task = g_steal_pointer (&task);
  _sluice_connection_set_state (self, SLUICE_CONNECTION_CONNECTING);

  if (cancellable != NULL)
    {
      self->connect_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->connect_cancel_source,
                             G_SOURCE_FUNC (on_connect_cancelled), self, NULL);
      g_source_set_static_name (self->connect_cancel_source, "[sluice] connect cancelled");
      g_source_attach (self->connect_cancel_source, self->context);
    }

  start = g_task_new (self, NULL, on_connect_started, NULL);
  g_task_set_source_tag (start, start_connect_in_thread);
  g_task_set_task_data (start, start_data_new (self), (GDestroyNotify) start_data_free);
  g_task_run_in_thread (start, start_connect_in_thread);
}

gboolean
sluice_connection_connect_finish (SluiceConnection  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
