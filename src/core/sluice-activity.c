/* sluice-activity.c: the live activity of a server: sessions, the blocking
 * tree, locks not granted, long transactions, top statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "sluice-activity.h"
#include "sluice-activity-private.h"
#include "sluice-error.h"
#include "sluice-health-private.h"
#include "sluice-sql-mask.h"
#include "sluice-sql-quote.h"

struct _SluiceActivity
{
  GObject     parent_instance;

  guint       long_transaction_seconds;
  GPtrArray  *session_array;    /* SluiceSessionInfo, by pid */
  GListStore *sessions;
  GListStore *roots;
  GListStore *locks_waiting;
  GListStore *long_transactions;
  gboolean    has_statements;
  char       *statements_error;
  GListStore *top_by_total;
  GListStore *top_by_mean;
  gint64      round_trip_us;
};

G_DEFINE_FINAL_TYPE (SluiceActivity, sluice_activity, G_TYPE_OBJECT)

#define ISO_UTC(expr) "to_char((" expr ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
#define SECONDS_SINCE(expr) "greatest(extract(epoch FROM clock_timestamp() - (" expr ")), 0)::float8"

/* Every session of the server but this one; background processes that
 * belong to no database (checkpointer, ...) hold no lock worth showing. */
static const char sessions_sql[] =
  "SELECT a.pid, a.usename, a.datname, a.application_name,"
  "       CASE WHEN a.client_addr IS NOT NULL"
  "            THEN coalesce(a.client_hostname, host(a.client_addr)) || ':' || a.client_port"
  "            WHEN a.client_port = -1 THEN 'local'"
  "            ELSE '' END,"
  "       a.backend_type, a.state, a.wait_event_type, a.wait_event, a.query,"
  "       " ISO_UTC ("a.backend_start") ", " ISO_UTC ("a.xact_start") ","
  "       " ISO_UTC ("a.query_start") ", " ISO_UTC ("a.state_change") ","
  "       " SECONDS_SINCE ("a.backend_start") ", " SECONDS_SINCE ("a.xact_start") ","
  "       " SECONDS_SINCE ("a.query_start") ","
  "       pg_blocking_pids(a.pid)"
  "  FROM pg_stat_activity a"
  " WHERE a.pid <> pg_backend_pid()"
  "   AND (a.datid IS NOT NULL OR a.backend_type IN ('client backend', 'walsender'))"
  " ORDER BY a.pid";

#define LOCKS_SQL(WAIT_SECONDS, ORDER)                                                   \
  "SELECT l.pid, l.locktype, l.mode,"                                                    \
  "       CASE WHEN l.relation IS NOT NULL"                                              \
  "             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())" \
  "            THEN l.relation::regclass::text END,"                                     \
  "       l.relation, l.page, l.tuple, l.transactionid::text, l.virtualxid,"             \
  "       l.classid, l.objid,"                                                           \
  "       " WAIT_SECONDS ","                                                             \
  "       a.query, pg_blocking_pids(l.pid)"                                              \
  "  FROM pg_locks l"                                                                    \
  "  LEFT JOIN pg_stat_activity a ON a.pid = l.pid"                                      \
  " WHERE NOT l.granted AND l.pid <> pg_backend_pid()"                                   \
  " ORDER BY " ORDER

/* pg_locks.waitstart came with PostgreSQL 14. */
static const char locks_sql[] = LOCKS_SQL (SECONDS_SINCE ("l.waitstart"), "l.waitstart NULLS LAST, l.pid");
static const char locks_sql_13[] = LOCKS_SQL ("NULL::float8", "l.pid");

static const char extension_sql[] =
  "SELECT n.nspname, e.extversion"
  "  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
  " WHERE e.extname = 'pg_stat_statements'";

enum { STATEMENT_SESSIONS, STATEMENT_LOCKS, STATEMENT_EXTENSION };

/* The blocking tree -------------------------------------------------------- */

GArray *
sluice_activity_parse_pid_array (const char *text)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (int));
  const char *p = text;

  if (text == NULL)
    return pids;

  while (*p != '\0')
    {
      char *end;
      gint64 value;

      if (!g_ascii_isdigit (*p))
        {
          p++;
          continue;
        }

      value = g_ascii_strtoll (p, &end, 10);
      if (value > 0 && value <= G_MAXINT)
        {
          int pid = (int) value;

          g_array_append_val (pids, pid);
        }
      p = end;
    }

  return pids;
}

static SluiceSessionInfo *
find_in (GPtrArray *sessions,
         int        pid)
{
  for (guint i = 0; i < sessions->len; i++)
    {
      SluiceSessionInfo *info = g_ptr_array_index (sessions, i);

      if (sluice_session_info_get_pid (info) == pid)
        return info;
    }

  return NULL;
}

/* Does @from block @to, directly or through others? */
static gboolean
reaches (GPtrArray         *sessions,
         SluiceSessionInfo *from,
         SluiceSessionInfo *to,
         GHashTable        *visited)
{
  if (!g_hash_table_add (visited, from))
    return FALSE;

  for (guint i = 0; i < sessions->len; i++)
    {
      SluiceSessionInfo *waiter = g_ptr_array_index (sessions, i);

      if (!sluice_session_info_is_blocked_by (waiter, sluice_session_info_get_pid (from)))
        continue;
      if (waiter == to || reaches (sessions, waiter, to, visited))
        return TRUE;
    }

  return FALSE;
}

static gboolean
blocks_transitively (GPtrArray         *sessions,
                     SluiceSessionInfo *from,
                     SluiceSessionInfo *to)
{
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);

  return reaches (sessions, from, to, visited);
}

/* @waiter goes under @blocker unless it also waits for a session that
 * @blocker blocks (then it shows under that one, further down the chain),
 * and unless the two wait for each other (a deadlock the server is about to
 * break: a child that is its own ancestor would never end). */
static gboolean
is_direct_child (GPtrArray         *sessions,
                 SluiceSessionInfo *blocker,
                 SluiceSessionInfo *waiter)
{
  guint n_pids;
  const int *pids = sluice_session_info_get_blocked_by (waiter, &n_pids);

  if (blocks_transitively (sessions, waiter, blocker))
    return FALSE;

  for (guint i = 0; i < n_pids; i++)
    {
      SluiceSessionInfo *other = find_in (sessions, pids[i]);

      if (other != NULL && other != blocker && blocks_transitively (sessions, blocker, other))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_listed_blocker (GPtrArray         *sessions,
                    SluiceSessionInfo *info)
{
  guint n_pids;
  const int *pids = sluice_session_info_get_blocked_by (info, &n_pids);

  for (guint i = 0; i < n_pids; i++)
    {
      if (find_in (sessions, pids[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

void
sluice_activity_build_tree (GPtrArray  *sessions,
                            GListStore *roots)
{
  g_return_if_fail (sessions != NULL);
  g_return_if_fail (G_IS_LIST_STORE (roots));

  for (guint i = 0; i < sessions->len; i++)
    {
      SluiceSessionInfo *blocker = g_ptr_array_index (sessions, i);
      GListStore *children = sluice_session_info_get_children_store (blocker);
      gboolean blocking = FALSE;

      g_list_store_remove_all (children);
      for (guint j = 0; j < sessions->len; j++)
        {
          SluiceSessionInfo *waiter = g_ptr_array_index (sessions, j);

          if (waiter == blocker
              || !sluice_session_info_is_blocked_by (waiter, sluice_session_info_get_pid (blocker)))
            continue;

          blocking = TRUE;
          if (is_direct_child (sessions, blocker, waiter))
            g_list_store_append (children, waiter);
        }

      sluice_session_info_set_blocking (blocker, blocking);
    }

  for (guint i = 0; i < sessions->len; i++)
    {
      SluiceSessionInfo *info = g_ptr_array_index (sessions, i);

      if (sluice_session_info_get_blocking (info) && !has_listed_blocker (sessions, info))
        g_list_store_append (roots, info);
    }
}

/* Loading ------------------------------------------------------------------ */

static char *
dup_value (SluiceResult *result,
           int           row,
           int           column)
{
  return g_strdup (sluice_result_get_value (result, row, column));
}

static double
seconds_value (SluiceResult *result,
               int           row,
               int           column)
{
  const char *text = sluice_result_get_value (result, row, column);

  return text != NULL ? g_ascii_strtod (text, NULL) : -1;
}

static void
read_sessions (SluiceActivity *self,
               SluiceResult   *result)
{
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      SluiceSessionFacts *facts = sluice_session_facts_new ((int) sluice_result_get_int64 (result, row, 0));

      facts->user = dup_value (result, row, 1);
      facts->database = dup_value (result, row, 2);
      facts->application = dup_value (result, row, 3);
      facts->client = dup_value (result, row, 4);
      facts->backend_type = dup_value (result, row, 5);
      facts->state = dup_value (result, row, 6);
      facts->wait_event_type = dup_value (result, row, 7);
      facts->wait_event = dup_value (result, row, 8);
      /* Shown on screen: a CREATE ROLE's password is not. */
      facts->query = sluice_sql_mask_passwords (sluice_result_get_value (result, row, 9));
      facts->backend_start = sluice_health_parse_timestamp (sluice_result_get_value (result, row, 10));
      facts->xact_start = sluice_health_parse_timestamp (sluice_result_get_value (result, row, 11));
      facts->query_start = sluice_health_parse_timestamp (sluice_result_get_value (result, row, 12));
      facts->state_change = sluice_health_parse_timestamp (sluice_result_get_value (result, row, 13));
      facts->backend_seconds = seconds_value (result, row, 14);
      facts->xact_seconds = seconds_value (result, row, 15);
      facts->query_seconds = seconds_value (result, row, 16);
      g_array_unref (facts->blocked_by);
      facts->blocked_by = sluice_activity_parse_pid_array (sluice_result_get_value (result, row, 17));

      g_ptr_array_add (self->session_array, sluice_session_info_new_take_facts (facts));
    }

  g_list_store_splice (self->sessions, 0, 0, self->session_array->pdata, self->session_array->len);
  sluice_activity_build_tree (self->session_array, self->roots);
}

static int
compare_xact_age (gconstpointer a,
                  gconstpointer b)
{
  double age_a = sluice_session_info_get_xact_seconds (*(SluiceSessionInfo **) a);
  double age_b = sluice_session_info_get_xact_seconds (*(SluiceSessionInfo **) b);

  return (age_a < age_b) - (age_a > age_b);
}

static void
find_long_transactions (SluiceActivity *self)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  for (guint i = 0; i < self->session_array->len; i++)
    {
      SluiceSessionInfo *info = g_ptr_array_index (self->session_array, i);

      if (sluice_session_info_get_xact_start (info) != NULL
          && sluice_session_info_get_xact_seconds (info) >= self->long_transaction_seconds)
        g_ptr_array_add (found, info);
    }

  g_ptr_array_sort (found, compare_xact_age);
  g_list_store_splice (self->long_transactions, 0, 0, found->pdata, found->len);
}

static char *
describe_lock_target (SluiceResult *result,
                      int           row)
{
  const char *lock_type = sluice_result_get_value (result, row, 1);
  const char *relation = sluice_result_get_value (result, row, 3);
  const char *relation_oid = sluice_result_get_value (result, row, 4);
  g_autofree char *relation_text = NULL;

  if (relation != NULL)
    relation_text = g_strdup (relation);
  else if (relation_oid != NULL)
    /* Translators: %s is an OID */
    relation_text = g_strdup_printf (_("relation %s of another database"), relation_oid);

  if (g_strcmp0 (lock_type, "relation") == 0 && relation_text != NULL)
    return g_steal_pointer (&relation_text);
  if (g_strcmp0 (lock_type, "page") == 0 && relation_text != NULL)
    /* Translators: "page 12 of public.orders" */
    return g_strdup_printf (_("page %s of %s"), sluice_result_get_value (result, row, 5), relation_text);
  if (g_strcmp0 (lock_type, "tuple") == 0 && relation_text != NULL)
    /* Translators: "row (12,3) of public.orders" */
    return g_strdup_printf (_("row (%s,%s) of %s"), sluice_result_get_value (result, row, 5),
                            sluice_result_get_value (result, row, 6), relation_text);
  if (g_strcmp0 (lock_type, "transactionid") == 0)
    return g_strdup_printf (_("transaction %s"), sluice_result_get_value (result, row, 7));
  if (g_strcmp0 (lock_type, "virtualxid") == 0)
    return g_strdup_printf (_("virtual transaction %s"), sluice_result_get_value (result, row, 8));
  if (g_strcmp0 (lock_type, "advisory") == 0)
    return g_strdup_printf (_("advisory lock %s:%s"), sluice_result_get_value (result, row, 9),
                            sluice_result_get_value (result, row, 10));
  if (relation_text != NULL)
    return g_strdup_printf ("%s %s", lock_type, relation_text);

  return g_strdup (lock_type);
}

static void
read_locks (SluiceActivity *self,
            SluiceResult   *result)
{
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      g_autofree char *target = describe_lock_target (result, row);
      g_autoptr(GArray) blocked_by = sluice_activity_parse_pid_array (sluice_result_get_value (result, row, 13));
      g_autoptr(SluiceLockWait) lock = NULL;
      g_autofree char *query = sluice_sql_mask_passwords (sluice_result_get_value (result, row, 12));

      lock = sluice_lock_wait_new ((int) sluice_result_get_int64 (result, row, 0),
                                   sluice_result_get_value (result, row, 1),
                                   sluice_result_get_value (result, row, 2),
                                   sluice_result_get_value (result, row, 3),
                                   target,
                                   seconds_value (result, row, 11),
                                   query,
                                   blocked_by);
      g_list_store_append (self->locks_waiting, lock);
    }
}

/* pg_stat_statements 1.8 (PostgreSQL 13) renamed total_time and mean_time
 * to total_exec_time and mean_exec_time; what counts is the version of the
 * extension installed in the database, not the server's. */
static gboolean
has_exec_time_columns (const char *extversion)
{
  g_auto(GStrv) parts = g_strsplit (extversion != NULL ? extversion : "", ".", 3);
  gint64 major = parts[0] != NULL ? g_ascii_strtoll (parts[0], NULL, 10) : 0;
  gint64 minor = parts[0] != NULL && parts[1] != NULL ? g_ascii_strtoll (parts[1], NULL, 10) : 0;

  return major > 1 || (major == 1 && minor >= 8);
}

static char **
build_statement_queries (const char *schema,
                         const char *extversion)
{
  g_autofree char *view = NULL;
  const char *total = has_exec_time_columns (extversion) ? "total_exec_time" : "total_time";
  const char *mean = has_exec_time_columns (extversion) ? "mean_exec_time" : "mean_time";
  char **queries = g_new0 (char *, 3);

  view = sluice_quote_identifier (schema);
#define TOP_STATEMENTS_SQL                                                        \
  "SELECT queryid::text, query, calls, %s, %s, rows"                              \
  "  FROM %s.pg_stat_statements"                                                  \
  " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())" \
  " ORDER BY %s DESC"                                                             \
  " LIMIT %d"
  queries[0] = g_strdup_printf (TOP_STATEMENTS_SQL, total, mean, view, total, SLUICE_ACTIVITY_TOP_STATEMENTS);
  queries[1] = g_strdup_printf (TOP_STATEMENTS_SQL, total, mean, view, mean, SLUICE_ACTIVITY_TOP_STATEMENTS);
#undef TOP_STATEMENTS_SQL
  return queries;
}

static void
read_statements (GListStore   *store,
                 SluiceResult *result)
{
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      g_autoptr(SluiceStatementStat) stat = NULL;
      /* pg_stat_statements keeps a utility statement's text as it was. */
      g_autofree char *query = sluice_sql_mask_passwords (sluice_result_get_value (result, row, 1));

      stat = sluice_statement_stat_new (sluice_result_get_value (result, row, 0),
                                        query,
                                        sluice_result_get_int64 (result, row, 2),
                                        seconds_value (result, row, 3),
                                        seconds_value (result, row, 4),
                                        sluice_result_get_int64 (result, row, 5));
      g_list_store_append (store, stat);
    }
}

static void
statements_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceActivity *self = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* Typically "must be loaded via shared_preload_libraries": the rest
       * of the page stands. */
      self->statements_error =
        g_strdup_printf (_("The top statements could not be read from pg_stat_statements (%s); sessions and locks are shown all the same."),
                         error->message);
      g_task_return_pointer (task, g_object_ref (self), g_object_unref);
      return;
    }

  read_statements (self->top_by_total, g_ptr_array_index (results, 0));
  read_statements (self->top_by_mean, g_ptr_array_index (results, 1));
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
pipeline_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceActivity *self = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  SluiceResult *extension;
  g_auto(GStrv) queries = NULL;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_prefix_error (&error, _("Could not read the server's activity: "));
      g_task_return_error (task, error);
      return;
    }

  self->round_trip_us = sluice_result_get_elapsed_us (g_ptr_array_index (results, results->len - 1));
  read_sessions (self, g_ptr_array_index (results, STATEMENT_SESSIONS));
  find_long_transactions (self);
  read_locks (self, g_ptr_array_index (results, STATEMENT_LOCKS));

  extension = g_ptr_array_index (results, STATEMENT_EXTENSION);
  self->has_statements = sluice_result_get_n_rows (extension) > 0;
  if (!self->has_statements)
    {
      g_task_return_pointer (task, g_object_ref (self), g_object_unref);
      return;
    }

  queries = build_statement_queries (sluice_result_get_value (extension, 0, 0),
                                     sluice_result_get_value (extension, 0, 1));
  sluice_connection_pipeline_async (SLUICE_CONNECTION (object), (const char * const *) queries,
                                    g_task_get_cancellable (task),
                                    statements_cb, g_object_ref (task));
}

void
sluice_activity_load_async (SluiceConnection    *connection,
                            guint                long_transaction_seconds,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SluiceActivity *self;
  const char *statements[4];

  g_return_if_fail (SLUICE_IS_CONNECTION (connection));

  self = g_object_new (SLUICE_TYPE_ACTIVITY, NULL);
  self->long_transaction_seconds = long_transaction_seconds;

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_activity_load_async);
  g_task_set_task_data (task, self, g_object_unref);

  statements[STATEMENT_SESSIONS] = sessions_sql;
  statements[STATEMENT_LOCKS] = sluice_connection_get_server_version (connection) >= 140000
                                ? locks_sql : locks_sql_13;
  statements[STATEMENT_EXTENSION] = extension_sql;
  statements[3] = NULL;

  sluice_connection_pipeline_async (connection, statements, cancellable,
                                    pipeline_cb, g_steal_pointer (&task));
}

SluiceActivity *
sluice_activity_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_activity_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GListModel *
sluice_activity_get_sessions (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), NULL);
  return G_LIST_MODEL (self->sessions);
}

GListModel *
sluice_activity_get_blocking_roots (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), NULL);
  return G_LIST_MODEL (self->roots);
}

GListModel *
sluice_activity_get_locks_waiting (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), NULL);
  return G_LIST_MODEL (self->locks_waiting);
}

GListModel *
sluice_activity_get_long_transactions (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), NULL);
  return G_LIST_MODEL (self->long_transactions);
}

guint
sluice_activity_get_long_transaction_seconds (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), 0);
  return self->long_transaction_seconds;
}

SluiceSessionInfo *
sluice_activity_find_session (SluiceActivity *self,
                              int             pid)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), NULL);
  return find_in (self->session_array, pid);
}

gboolean
sluice_activity_get_has_statements (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), FALSE);
  return self->has_statements;
}

const char *
sluice_activity_get_statements_error (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), NULL);
  return self->statements_error;
}

GListModel *
sluice_activity_get_top_by_total (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), NULL);
  return G_LIST_MODEL (self->top_by_total);
}

GListModel *
sluice_activity_get_top_by_mean (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), NULL);
  return G_LIST_MODEL (self->top_by_mean);
}

gint64
sluice_activity_get_round_trip_us (SluiceActivity *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY (self), 0);
  return self->round_trip_us;
}

/* Cancel and terminate ----------------------------------------------------- */

static void
signal_backend_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SluiceResult) rows = NULL;
  int pid = GPOINTER_TO_INT (g_task_get_task_data (task));
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (sluice_result_get_n_rows (rows) != 1 || !sluice_result_get_boolean (rows, 0, 0))
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
                               _("No session with process ID %d was signalled: it has probably ended already. Nothing was changed; reload to see the sessions now."),
                               pid);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
signal_backend (SluiceConnection    *connection,
                const char          *sql,
                int                  pid,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (connection, cancellable, callback, user_data);
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  const char *params[] = { pid_text };

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GINT_TO_POINTER (pid), NULL);
  sluice_connection_query_async (connection, sql, params, 1, cancellable,
                                 signal_backend_cb, g_steal_pointer (&task));
}

void
sluice_activity_cancel_backend_async (SluiceConnection    *connection,
                                      int                  pid,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (SLUICE_IS_CONNECTION (connection));
  g_return_if_fail (pid > 0);

  signal_backend (connection, "SELECT pg_cancel_backend($1::int)", pid,
                  sluice_activity_cancel_backend_async, cancellable, callback, user_data);
}

gboolean
sluice_activity_cancel_backend_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_activity_cancel_backend_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sluice_activity_terminate_backend_async (SluiceConnection    *connection,
                                         int                  pid,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (SLUICE_IS_CONNECTION (connection));
  g_return_if_fail (pid > 0);

  signal_backend (connection, "SELECT pg_terminate_backend($1::int)", pid,
                  sluice_activity_terminate_backend_async, cancellable, callback, user_data);
}

gboolean
sluice_activity_terminate_backend_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_activity_terminate_backend_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sluice_activity_finalize (GObject *object)
{
  SluiceActivity *self = SLUICE_ACTIVITY (object);

  g_clear_pointer (&self->session_array, g_ptr_array_unref);
  g_clear_object (&self->sessions);
  g_clear_object (&self->roots);
  g_clear_object (&self->locks_waiting);
  g_clear_object (&self->long_transactions);
  g_clear_pointer (&self->statements_error, g_free);
  g_clear_object (&self->top_by_total);
  g_clear_object (&self->top_by_mean);

  G_OBJECT_CLASS (sluice_activity_parent_class)->finalize (object);
}

static void
sluice_activity_class_init (SluiceActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_activity_finalize;
}

static void
sluice_activity_init (SluiceActivity *self)
{
  self->long_transaction_seconds = SLUICE_ACTIVITY_DEFAULT_LONG_TRANSACTION_SECONDS;
  self->session_array = g_ptr_array_new_with_free_func (g_object_unref);
  self->sessions = g_list_store_new (SLUICE_TYPE_SESSION_INFO);
  self->roots = g_list_store_new (SLUICE_TYPE_SESSION_INFO);
  self->locks_waiting = g_list_store_new (SLUICE_TYPE_LOCK_WAIT);
  self->long_transactions = g_list_store_new (SLUICE_TYPE_SESSION_INFO);
  self->top_by_total = g_list_store_new (SLUICE_TYPE_STATEMENT_STAT);
  self->top_by_mean = g_list_store_new (SLUICE_TYPE_STATEMENT_STAT);
}
