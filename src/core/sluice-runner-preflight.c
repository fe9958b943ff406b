/* sluice-runner-preflight.c: the checks before a run
 *
 * The history is read and joined with the folder (drift, pending), then
 * one query per check, in order, on the run's own connection: each is
 * small, and reading them one by one lets each check say exactly what it
 * found.  A check whose query fails (a role that may not read
 * pg_stat_replication, say) is a warning, never a crash of the sequence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-runner-private.h"

typedef struct _Check Check;

/* Reads a check's rows into its state and message. */
typedef void (*CheckInterpret) (SluiceRunner         *self,
                                SluiceResult         *result,
                                SluicePreflightCheck *check);

struct _Check
{
  const char     *id;
  const char     *title;
  const char     *sql;
  gboolean        takes_relations;   /* $1: the relations, one a line */
  gboolean        takes_lock_key;    /* $1: the runner's advisory key */
  CheckInterpret  interpret;
};

static void interpret_privileges        (SluiceRunner *, SluiceResult *, SluicePreflightCheck *);
static void interpret_long_transactions (SluiceRunner *, SluiceResult *, SluicePreflightCheck *);
static void interpret_blocking_sessions (SluiceRunner *, SluiceResult *, SluicePreflightCheck *);
static void interpret_invalid_indexes   (SluiceRunner *, SluiceResult *, SluicePreflightCheck *);
static void interpret_replication_lag   (SluiceRunner *, SluiceResult *, SluicePreflightCheck *);
static void interpret_runner_lock       (SluiceRunner *, SluiceResult *, SluicePreflightCheck *);

/* $1 in the checks that take relations: qualified names, one a line; the
 * ones that do not exist yet (created by the run) are skipped by
 * to_regclass. */
static const Check server_checks[] = {
  {
    "privileges", N_("Privileges"),
    "WITH rel AS ("
    "  SELECT r.name, to_regclass (r.name) AS oid,"
    "         CASE WHEN array_length (parse_ident (r.name), 1) > 1"
    "              THEN (parse_ident (r.name))[1] ELSE 'public' END AS nsp"
    "  FROM unnest (string_to_array ($1, E'\\n')) AS r (name) WHERE r.name <> '')"
    " SELECT 'schema' AS kind, n.nspname AS name"
    "  FROM (SELECT DISTINCT nsp FROM rel) s JOIN pg_namespace n ON n.nspname = s.nsp"
    "  WHERE NOT has_schema_privilege (n.oid, 'CREATE')"
    " UNION ALL"
    " SELECT 'table', rel.name FROM rel JOIN pg_class c ON c.oid = rel.oid"
    "  WHERE NOT pg_has_role (c.relowner, 'USAGE')",
    TRUE, FALSE, interpret_privileges,
  },
  {
    "long-transactions", N_("Long-running transactions"),
    "SELECT pid, coalesce (state, '') AS state,"
    "       extract (epoch FROM now () - xact_start)::bigint AS seconds,"
    "       left (regexp_replace (coalesce (query, ''), '\\s+', ' ', 'g'), 60) AS query"
    " FROM pg_stat_activity"
    " WHERE xact_start < now () - interval '1 minute' AND pid <> pg_backend_pid ()"
    "   AND backend_type = 'client backend'"
    " ORDER BY xact_start",
    FALSE, FALSE, interpret_long_transactions,
  },
  {
    "blocking-sessions", N_("Sessions holding locks"),
    "SELECT DISTINCT l.pid, quote_ident (n.nspname) || '.' || quote_ident (c.relname) AS relation,"
    "       l.mode, coalesce (a.state, '') AS state"
    " FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.granted AND l.pid <> pg_backend_pid () AND l.locktype = 'relation'"
    "   AND l.relation IN (SELECT to_regclass (r) FROM unnest (string_to_array ($1, E'\\n')) AS r"
    "                      WHERE r <> '')"
    " ORDER BY 1, 2",
    TRUE, FALSE, interpret_blocking_sessions,
  },
  {
    "invalid-indexes", N_("Invalid indexes"),
    "SELECT quote_ident (n.nspname) || '.' || quote_ident (c.relname) AS name"
    " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE NOT i.indisvalid ORDER BY 1",
    FALSE, FALSE, interpret_invalid_indexes,
  },
  {
    "replication-lag", N_("Replication lag"),
    "SELECT coalesce (application_name, client_addr::text, pid::text) AS name,"
    "       coalesce (extract (epoch FROM replay_lag), -1)::float8 AS lag"
    " FROM pg_stat_replication ORDER BY 2 DESC",
    FALSE, FALSE, interpret_replication_lag,
  },
  {
    "runner-lock", N_("Another run"),
    "SELECT pid FROM pg_locks"
    " WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid <> pg_backend_pid ()"
    "   AND database = (SELECT oid FROM pg_database WHERE datname = current_database ())"
    "   AND ((classid::int8 << 32) | objid::int8) = $1::int8",
    FALSE, TRUE, interpret_runner_lock,
  },
};

/* Replicas further behind than this are worth a warning before a change
 * that their readers will see late. */
#define REPLICATION_LAG_WARNING_SECONDS 30

typedef struct
{
  GCancellable *cancellable;
  guint         next;           /* index in server_checks */
  char         *relations_text; /* $1 */
  char         *lock_key_text;
} PreflightData;

static void
preflight_data_free (PreflightData *data)
{
  g_clear_object (&data->cancellable);
  g_free (data->relations_text);
  g_free (data->lock_key_text);
  g_free (data);
}

static SluicePreflightCheck *
add_check (SluiceRunner     *self,
           const char       *id,
           const char       *title,
           SluiceCheckState  state,
           const char       *message)
{
  SluicePreflightCheck *check = g_new0 (SluicePreflightCheck, 1);

  check->id = g_strdup (id);
  check->title = g_strdup (title);
  check->state = state;
  check->message = g_strdup (message);
  g_ptr_array_add (self->checks, check);
  return check;
}

static void
emit_check (SluiceRunner         *self,
            SluicePreflightCheck *check)
{
  g_autofree char *line = NULL;

  switch (check->state)
    {
    case SLUICE_CHECK_OK:
      line = g_strdup_printf (_("%s: %s"), check->title, check->message);
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_INFO, NULL, line);
      break;
    case SLUICE_CHECK_WARNING:
      line = g_strdup_printf (_("%s (warning): %s"), check->title, check->message);
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, line);
      break;
    case SLUICE_CHECK_ERROR:
    default:
      line = g_strdup_printf (_("%s (blocks the run): %s"), check->title, check->message);
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, line);
      break;
    }
}

static void
record_check (SluiceRunner     *self,
              const char       *id,
              const char       *title,
              SluiceCheckState  state,
              const char       *message)
{
  emit_check (self, add_check (self, id, title, state, message));
}

/* "a, b, c and 4 more" */
static char *
join_some (GPtrArray *items)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint shown = MIN (items->len, 5);

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (items, i));
    }
  if (items->len > shown)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more",
                                               items->len - shown),
                            items->len - shown);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Interpreting each server check */

static void
interpret_privileges (SluiceRunner         *self,
                      SluiceResult         *result,
                      SluicePreflightCheck *check)
{
  g_autoptr(GPtrArray) schemas = g_ptr_array_new ();
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();
  int n = sluice_result_get_n_rows (result);

  for (int i = 0; i < n; i++)
    {
      const char *kind = sluice_result_get_value (result, i, 0);
      const char *name = sluice_result_get_value (result, i, 1);

      g_ptr_array_add (g_str_equal (kind, "schema") ? schemas : tables, (gpointer) name);
    }

  if (schemas->len == 0 && tables->len == 0)
    {
      check->state = SLUICE_CHECK_OK;
      check->message = g_strdup_printf (_("%s may create in the schemas the migrations use and owns the tables they alter."),
                                        sluice_connection_get_user (self->connection));
      return;
    }

  check->state = SLUICE_CHECK_ERROR;
  if (schemas->len > 0)
    {
      g_autofree char *list = join_some (schemas);

      check->message = g_strdup_printf (_("%s may not create objects in %s: the migrations would fail. "
                                          "Run them as a role that may, or GRANT CREATE ON SCHEMA."),
                                        sluice_connection_get_user (self->connection), list);
    }
  else
    {
      g_autofree char *list = join_some (tables);

      check->message = g_strdup_printf (_("%s does not own %s, which the migrations alter: they would fail. "
                                          "Run them as the owner."),
                                        sluice_connection_get_user (self->connection), list);
    }
}

static void
interpret_long_transactions (SluiceRunner         *self,
                             SluiceResult         *result,
                             SluicePreflightCheck *check)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  int n = sluice_result_get_n_rows (result);

  if (n == 0)
    {
      check->state = SLUICE_CHECK_OK;
      check->message = g_strdup (_("No transaction has been open for more than a minute."));
      return;
    }

  for (int i = 0; i < n; i++)
    g_ptr_array_add (items, g_strdup_printf (_("pid %s (%s, %s s: %s)"),
                                             sluice_result_get_value (result, i, 0),
                                             sluice_result_get_value (result, i, 1),
                                             sluice_result_get_value (result, i, 2),
                                             sluice_result_get_value (result, i, 3)));
  list = join_some (items);

  /* A long transaction holds back vacuum and, with a lock, blocks DDL;
   * the run may still go: the lock timeout stops it cleanly. */
  check->state = SLUICE_CHECK_WARNING;
  check->message = g_strdup_printf (_("Open for more than a minute: %s. A lock they hold would make the run wait; "
                                      "look at them in Activity before going on."),
                                    list);
}

static void
interpret_blocking_sessions (SluiceRunner         *self,
                             SluiceResult         *result,
                             SluicePreflightCheck *check)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  int n = sluice_result_get_n_rows (result);

  if (n == 0)
    {
      check->state = SLUICE_CHECK_OK;
      check->message = g_strdup (_("No other session holds a lock on the tables the migrations touch."));
      return;
    }

  for (int i = 0; i < n; i++)
    g_ptr_array_add (items, g_strdup_printf (_("pid %s holds %s on %s (%s)"),
                                             sluice_result_get_value (result, i, 0),
                                             sluice_result_get_value (result, i, 2),
                                             sluice_result_get_value (result, i, 1),
                                             sluice_result_get_value (result, i, 3)));
  list = join_some (items);

  check->state = SLUICE_CHECK_WARNING;
  check->message = g_strdup_printf (_("%s. The run will wait for these locks up to its lock timeout."), list);
}

static void
interpret_invalid_indexes (SluiceRunner         *self,
                           SluiceResult         *result,
                           SluicePreflightCheck *check)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autofree char *list = NULL;
  int n = sluice_result_get_n_rows (result);

  if (n == 0)
    {
      check->state = SLUICE_CHECK_OK;
      check->message = g_strdup (_("No invalid index."));
      return;
    }

  for (int i = 0; i < n; i++)
    g_ptr_array_add (items, (gpointer) sluice_result_get_value (result, i, 0));
  list = join_some (items);

  check->state = SLUICE_CHECK_WARNING;
  check->message = g_strdup_printf (_("Invalid indexes, left by an earlier failed build: %s. "
                                      "They slow down writes and serve no query; drop them "
                                      "(DROP INDEX CONCURRENTLY) before building them again."),
                                    list);
}

static void
interpret_replication_lag (SluiceRunner         *self,
                           SluiceResult         *result,
                           SluicePreflightCheck *check)
{
  g_autoptr(GPtrArray) behind = g_ptr_array_new_with_free_func (g_free);
  int n = sluice_result_get_n_rows (result);

  if (n == 0)
    {
      check->state = SLUICE_CHECK_OK;
      check->message = g_strdup (_("No standby is connected."));
      return;
    }

  for (int i = 0; i < n; i++)
    {
      double lag = g_ascii_strtod (sluice_result_get_value (result, i, 1), NULL);

      if (lag >= REPLICATION_LAG_WARNING_SECONDS)
        g_ptr_array_add (behind, g_strdup_printf (_("%s is %.0f s behind"),
                                                  sluice_result_get_value (result, i, 0), lag));
    }

  if (behind->len == 0)
    {
      check->state = SLUICE_CHECK_OK;
      check->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%d standby, less than %d s behind.",
                                                     "%d standbys, each less than %d s behind.", n),
                                        n, REPLICATION_LAG_WARNING_SECONDS);
    }
  else
    {
      g_autofree char *list = join_some (behind);

      check->state = SLUICE_CHECK_WARNING;
      check->message = g_strdup_printf (_("%s: the change will reach them late, and a rewrite adds to the lag."), list);
    }
}

static void
interpret_runner_lock (SluiceRunner         *self,
                       SluiceResult         *result,
                       SluicePreflightCheck *check)
{
  if (sluice_result_get_n_rows (result) == 0)
    {
      check->state = SLUICE_CHECK_OK;
      check->message = g_strdup (_("No other Sluice run is under way on this database."));
      return;
    }

  check->state = SLUICE_CHECK_ERROR;
  check->message = g_strdup_printf (_("Another Sluice run (pid %s) is under way on this database: "
                                      "wait for it to finish."),
                                    sluice_result_get_value (result, 0, 0));
}

/* The sequence */

static void run_next_check (GTask *task);

static void
finish_preflight (GTask *task)
{
  SluiceRunner *self = g_task_get_source_object (task);
  guint n_errors = 0;

  for (guint i = 0; i < self->checks->len; i++)
    {
      const SluicePreflightCheck *check = g_ptr_array_index (self->checks, i);

      if (check->state == SLUICE_CHECK_ERROR)
        n_errors++;
    }

  self->preflight_done = TRUE;
  self->preflight_ok = n_errors == 0;

  if (self->preflight_ok)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%u preflight check failed: nothing was run. Fix what it reports, then check again.",
                                        "%u preflight checks failed: nothing was run. Fix what they report, then check again.",
                                        n_errors),
                           n_errors);
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunner *self = g_task_get_source_object (task);
  PreflightData *data = g_task_get_task_data (task);
  const Check *def = &server_checks[data->next];
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;
  SluicePreflightCheck *check;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (source), result, &error);

  if (rows == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (rows == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not be checked: %s"), error->message);

      /* A lost connection blocks; a query the role may not run does not. */
      record_check (self, def->id, _(def->title),
                    sluice_connection_get_state (self->connection) == SLUICE_CONNECTION_READY
                      ? SLUICE_CHECK_WARNING : SLUICE_CHECK_ERROR,
                    message);
      if (sluice_connection_get_state (self->connection) != SLUICE_CONNECTION_READY)
        {
          finish_preflight (task);
          return;
        }
    }
  else
    {
      check = add_check (self, def->id, _(def->title), SLUICE_CHECK_OK, NULL);
      def->interpret (self, rows, check);
      emit_check (self, check);
    }

  data->next++;
  run_next_check (g_steal_pointer (&task));
}

static void
run_next_check (GTask *task)
{
  SluiceRunner *self = g_task_get_source_object (task);
  PreflightData *data = g_task_get_task_data (task);
  const Check *def;
  const char *params[1] = { NULL };
  int n_params = 0;

  if (data->next >= G_N_ELEMENTS (server_checks))
    {
      finish_preflight (task);
      g_object_unref (task);
      return;
    }

  def = &server_checks[data->next];
  if (def->takes_relations)
    {
      params[0] = data->relations_text;
      n_params = 1;
    }
  else if (def->takes_lock_key)
    {
      params[0] = data->lock_key_text;
      n_params = 1;
    }

  sluice_connection_query_async (self->connection, def->sql, params, n_params,
                                 data->cancellable, check_done, task);
}

/* Folder joined with history: drift and the migrations to run */

static void
check_drift (SluiceRunner *self)
{
  guint n_drift = sluice_status_report_count (self->status, SLUICE_STATUS_DRIFT);
  guint n_missing = sluice_status_report_count (self->status, SLUICE_STATUS_MISSING);
  guint n_failed = sluice_status_report_count (self->status, SLUICE_STATUS_FAILED);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  g_autofree char *message = NULL;

  if (n_drift + n_missing + n_failed == 0)
    {
      record_check (self, "drift", _("History"), SLUICE_CHECK_OK,
                    _("The history matches the folder: no edited, missing or failed migration."));
      return;
    }

  if (n_drift > 0)
    g_ptr_array_add (parts, sluice_status_describe_count (SLUICE_STATUS_DRIFT, n_drift));
  if (n_missing > 0)
    g_ptr_array_add (parts, sluice_status_describe_count (SLUICE_STATUS_MISSING, n_missing));
  if (n_failed > 0)
    g_ptr_array_add (parts, sluice_status_describe_count (SLUICE_STATUS_FAILED, n_failed));
  list = join_some (parts);

  message = g_strdup_printf (_("%s: the database and the folder disagree. Look at the History page "
                               "(or sluice-cli status) before going on."),
                             list);
  record_check (self, "drift", _("History"), SLUICE_CHECK_WARNING, message);
}

static gboolean
target_is_known (SluiceRunner *self)
{
  GListModel *items = sluice_status_report_get_items (self->status);
  guint n = g_list_model_get_n_items (items);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

      if (sluice_version_compare (sluice_status_item_get_version (item), self->target_version) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A rollback plan is made from the history as it was then: a migration
 * applied since (or one reverted by someone else) would leave the plan's
 * steps reverting the wrong things, and the newer migration recorded as
 * applied over a schema that no longer has it. */

static gboolean
status_is_applied (SluiceMigrationStatus status)
{
  return status == SLUICE_STATUS_APPLIED ||
         status == SLUICE_STATUS_DRIFT ||
         status == SLUICE_STATUS_OUT_OF_ORDER ||
         status == SLUICE_STATUS_MISSING;
}

/* As SluiceRollbackPlan finds its target among the items. */
static gboolean
item_is_target (SluiceStatusItem *item,
                const char       *target)
{
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
  SluiceMigration *migration = sluice_status_item_get_migration (item);
  const char *version = sluice_status_item_get_version (item);

  if (g_strcmp0 (version, target) == 0)
    return TRUE;
  if (entry != NULL && g_strcmp0 (sluice_history_entry_get_key (entry), target) == 0)
    return TRUE;
  return version != NULL && migration != NULL &&
         sluice_version_compare (version, target) == 0 &&
         sluice_migration_get_format (migration) != SLUICE_MIGRATION_FORMAT_SQITCH;
}

/* The key a plan step carries for @item: its migration's history key,
 * else (its file is gone) the history entry's. */
static const char *
item_key (SluiceStatusItem *item)
{
  SluiceMigration *migration = sluice_status_item_get_migration (item);
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);

  if (migration != NULL)
    return sluice_migration_get_history_key (migration);
  if (entry != NULL)
    return sluice_history_entry_get_key (entry);
  return sluice_status_item_get_version (item);
}

/* The keys applied above @target in the history just read, newest first
 * (repeatables are no point in the history); NULL when @target is no
 * longer applied. */
static GPtrArray *
applied_above_target (SluiceRunner *self,
                      const char   *target)
{
  GListModel *items = sluice_status_report_get_items (self->status);
  guint n = g_list_model_get_n_items (items);
  gboolean to_nothing = target == NULL || target[0] == '\0' || g_str_equal (target, "0");
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  guint start = 0;

  if (!to_nothing)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < n && !found; i++)
        {
          g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

          if (item_is_target (item, target) && status_is_applied (sluice_status_item_get_status (item)))
            {
              found = TRUE;
              start = i + 1;
            }
        }
      if (!found)
        return NULL;
    }

  for (guint i = n; i > start; i--)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i - 1);
      SluiceMigration *migration = sluice_status_item_get_migration (item);

      if (!status_is_applied (sluice_status_item_get_status (item)))
        continue;
      if (migration != NULL && sluice_migration_get_kind (migration) == SLUICE_MIGRATION_REPEATABLE)
        continue;
      g_ptr_array_add (keys, g_strdup (item_key (item)));
    }

  return g_steal_pointer (&keys);
}

char *
_sluice_runner_describe_stale_plan (SluiceRunner *self)
{
  const char *target = self->target_version != NULL ? self->target_version : "0";
  g_autoptr(GPtrArray) applied = applied_above_target (self, target);
  g_autoptr(GPtrArray) planned = g_ptr_array_new ();
  g_autofree char *applied_list = NULL;
  g_autofree char *planned_list = NULL;
  gboolean same;

  if (applied == NULL)
    return g_strdup_printf (_("Version %s, which the rollback plan goes back to, is no longer applied: the history "
                              "changed since the plan was made. Nothing was run. Plan the rollback again."),
                            target);

  for (guint i = 0; i < self->migrations->len; i++)
    g_ptr_array_add (planned, (gpointer) sluice_migration_get_history_key (g_ptr_array_index (self->migrations, i)));

  same = applied->len == planned->len;
  for (guint i = 0; same && i < applied->len; i++)
    same = g_strcmp0 (g_ptr_array_index (applied, i), g_ptr_array_index (planned, i)) == 0;
  if (same)
    return NULL;

  applied_list = applied->len > 0 ? join_some (applied) : g_strdup (_("none"));
  planned_list = planned->len > 0 ? join_some (planned) : g_strdup (_("none"));
  return g_strdup_printf (_("The history changed since the rollback plan was made: applied above %s now, newest "
                            "first: %s; the plan reverts: %s. Running it would revert the wrong migrations. "
                            "Nothing was run. Plan the rollback again."),
                          target, applied_list, planned_list);
}

static gboolean
is_retry_of_this_run (SluiceStatusItem *item,
                      gpointer          user_data)
{
  SluiceRunner *self = user_data;

  return sluice_status_item_is_retry (item) &&
         g_ptr_array_find (self->migrations, sluice_status_item_get_migration (item), NULL);
}

/* A migration whose last attempt failed runs again: said, so that no one
 * takes it for a first run, with what a failure outside a transaction
 * may have left behind. */
static void
check_retries (SluiceRunner *self)
{
  g_autofree char *list = sluice_status_report_list_versions (self->status, is_retry_of_this_run, self);
  g_autofree char *message = NULL;

  if (list == NULL)
    return;

  message = g_strdup_printf (_("The last attempt of %s failed; it runs again with this run. In one "
                               "transaction nothing of that attempt stayed; outside one, the statements "
                               "it completed did (the History page says how many): its SQL must cope "
                               "with that."),
                             list);
  record_check (self, "retry", _("Failed before"), SLUICE_CHECK_WARNING, message);
}

/* UP: the pending migrations of the folder, in its order, up to the
 * target.  DOWN: the plan's steps, as given, once they are found to be
 * what the history just read has applied above the plan's target. */
static void
check_pending (SluiceRunner *self)
{
  g_autofree char *message = NULL;

  if (self->direction == SLUICE_RUN_UP)
    {
      GListModel *items = sluice_status_report_get_items (self->status);
      guint n = g_list_model_get_n_items (items);

      if (self->target_version != NULL && !target_is_known (self))
        {
          g_ptr_array_set_size (self->migrations, 0);
          message = g_strdup_printf (_("No migration of the folder has version %s: nothing would run. "
                                       "Name a version the folder holds."),
                                     self->target_version);
          record_check (self, "pending", _("Pending migrations"), SLUICE_CHECK_ERROR, message);
          return;
        }

      g_ptr_array_set_size (self->migrations, 0);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);
          SluiceMigration *migration = sluice_status_item_get_migration (item);

          if (!sluice_status_item_can_run (item))
            continue;
          if (self->target_version != NULL &&
              sluice_migration_get_kind (migration) == SLUICE_MIGRATION_VERSIONED &&
              sluice_version_compare (sluice_migration_get_version (migration), self->target_version) > 0)
            continue;
          g_ptr_array_add (self->migrations, g_object_ref (migration));
        }
    }
  else
    {
      g_autofree char *stale = _sluice_runner_describe_stale_plan (self);

      if (stale != NULL)
        {
          record_check (self, "pending", _("Pending migrations"), SLUICE_CHECK_ERROR, stale);
          return;
        }
    }

  if (self->migrations->len == 0)
    {
      record_check (self, "pending", _("Pending migrations"), SLUICE_CHECK_OK,
                    self->direction == SLUICE_RUN_UP ? _("Nothing to apply: the database is up to date.")
                                                     : _("Nothing to revert."));
      return;
    }

  if (self->migrations->len == 1)
    message = g_strdup_printf (self->direction == SLUICE_RUN_UP ? _("1 migration to apply: %s.")
                                                                : _("1 migration to revert: %s."),
                               sluice_migration_get_version (g_ptr_array_index (self->migrations, 0)));
  else if (self->direction == SLUICE_RUN_UP)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u migration to apply, from %s to %s.",
                                            "%u migrations to apply, from %s to %s.",
                                            self->migrations->len),
                               self->migrations->len,
                               sluice_migration_get_version (g_ptr_array_index (self->migrations, 0)),
                               sluice_migration_get_version (g_ptr_array_index (self->migrations,
                                                                                self->migrations->len - 1)));
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u migration to revert, from %s down to %s.",
                                            "%u migrations to revert, from %s down to %s.",
                                            self->migrations->len),
                               self->migrations->len,
                               sluice_migration_get_version (g_ptr_array_index (self->migrations, 0)),
                               sluice_migration_get_version (g_ptr_array_index (self->migrations,
                                                                                self->migrations->len - 1)));
  record_check (self, "pending", _("Pending migrations"), SLUICE_CHECK_OK, message);
  if (self->direction == SLUICE_RUN_UP)
    check_retries (self);

  /* Nothing to run in that direction: the executor would refuse it later. */
  for (guint i = 0; i < self->migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (self->migrations, i);

      if (_sluice_runner_migration_sql (self, migration) == NULL)
        {
          g_autofree char *missing = g_strdup_printf (_("Migration %s has no down script: it cannot be reverted this way."),
                                                      sluice_migration_get_version (migration));

          record_check (self, "pending", _("Pending migrations"), SLUICE_CHECK_ERROR, missing);
          return;
        }
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The relations the statements name, sorted: what the privileges and
 * lock checks look at, and what a table-only backup of a down run dumps. */
static void
collect_relations (SluiceRunner  *self,
                   PreflightData *data)
{
  g_autoptr(GHashTable) relations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gpointer *keys = NULL;
  guint n = 0;

  _sluice_runner_collect_names (self, NULL, relations);

  keys = g_hash_table_get_keys_as_array (relations, &n);
  qsort (keys, n, sizeof (gpointer), compare_names);

  g_strfreev (self->relations);
  self->relations = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    self->relations[i] = g_strdup (keys[i]);

  data->relations_text = g_strjoinv ("\n", self->relations);
}

static void
history_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunner *self = g_task_get_source_object (task);
  PreflightData *data = g_task_get_task_data (task);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  history = sluice_history_read_finish (result, &error);
  if (history == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The history could not be read: %s"), error->message);

      record_check (self, "drift", _("History"), SLUICE_CHECK_ERROR, message);
      finish_preflight (task);
      return;
    }

  g_clear_object (&self->status);
  self->status = sluice_status_report_new (self->folder, history);

  check_drift (self);
  check_pending (self);
  collect_relations (self, data);

  /* The lint reads the migrations preflight settled on. */
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  run_next_check (g_steal_pointer (&task));
}

static void
check_connection (SluiceRunner *self)
{
  g_autofree char *message = NULL;

  if (sluice_connection_get_state (self->connection) != SLUICE_CONNECTION_READY)
    {
      const GError *error = sluice_connection_get_error (self->connection);

      message = g_strdup_printf (_("Not connected%s%s. Connect, then check again."),
                                 error != NULL ? ": " : "", error != NULL ? error->message : "");
      record_check (self, "connection", _("Connection"), SLUICE_CHECK_ERROR, message);
      return;
    }

  message = g_strdup_printf (_("Connected to %s as %s, PostgreSQL %s."),
                             sluice_connection_get_database (self->connection),
                             sluice_connection_get_user (self->connection),
                             sluice_connection_get_server_version_string (self->connection));
  record_check (self, "connection", _("Connection"), SLUICE_CHECK_OK, message);
}

void
sluice_runner_preflight_async (SluiceRunner        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PreflightData *data;

  g_return_if_fail (SLUICE_IS_RUNNER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_runner_preflight_async);

  if (self->running)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("The run is under way: its checks cannot be run again now."));
      return;
    }

  data = g_new0 (PreflightData, 1);
  data->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  data->lock_key_text = g_strdup_printf ("%" G_GINT64_FORMAT, sluice_executor_advisory_key ());
  g_task_set_task_data (task, data, (GDestroyNotify) preflight_data_free);

  self->preflight_done = FALSE;
  self->preflight_ok = FALSE;
  g_ptr_array_set_size (self->checks, 0);

  _sluice_runner_emit (self, SLUICE_RUN_EVENT_STEP, NULL, _("Preflight checks"));

  check_connection (self);
  if (sluice_connection_get_state (self->connection) != SLUICE_CONNECTION_READY)
    {
      finish_preflight (task);
      return;
    }

  sluice_history_read_full_async (self->connection,
                                  sluice_migration_folder_get_format (self->folder),
                                  sluice_migration_folder_get_project (self->folder),
                                  cancellable, history_read, g_steal_pointer (&task));
}

gboolean
sluice_runner_preflight_finish (SluiceRunner  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_runner_preflight_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
sluice_runner_get_checks (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  return self->checks;
}
