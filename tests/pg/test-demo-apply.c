/* test-demo-apply.c: the demo project applies, rolls back and applies again
 *
 * On a fresh database of a real server: every up section in version order
 * (a transaction per migration, or statement by statement for the
 * no-transaction ones), then the objects the demo promises, then every down
 * section in reverse order, which must leave the public schema empty, then
 * every up again. This tests the demo's SQL, not the app, so it may block
 * on libpq (PQexec).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libpq-fe.h>
#include <pg_query.h>
#include <string.h>

#include "sluice-test-pg.h"

#define MARK_UP             "-- sluice:up"
#define MARK_DOWN           "-- sluice:down"
#define MARK_NO_TRANSACTION "-- sluice:no-transaction"

typedef struct
{
  char     *file_name;
  guint64   version;
  char     *up;
  char     *down;            /* NULL when the file has no down section */
  gboolean  no_transaction;
} DemoMigration;

static void
demo_migration_free (DemoMigration *migration)
{
  g_free (migration->file_name);
  g_free (migration->up);
  g_free (migration->down);
  g_free (migration);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoMigration, demo_migration_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* A private reading of the format in data/demo/README.md; test-demo-folder
 * checks the files against it in detail, here it only has to cut them. */
static DemoMigration *
demo_migration_load (const char *dir,
                     const char *file_name)
{
  g_autoptr(DemoMigration) migration = g_new0 (DemoMigration, 1);
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GString *section = NULL;
  GString *up = NULL;
  GString *down = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strchomp (g_strdup (lines[i]));

      if (g_str_equal (line, MARK_UP))
        section = up = g_string_new (NULL);
      else if (g_str_equal (line, MARK_DOWN))
        section = down = g_string_new (NULL);
      else if (g_str_equal (line, MARK_NO_TRANSACTION) && section == NULL)
        migration->no_transaction = TRUE;
      else if (section != NULL)
        g_string_append_printf (section, "%s\n", lines[i]);
    }

  if (up == NULL)
    g_error ("%s has no “%s” line", file_name, MARK_UP);

  migration->file_name = g_strdup (file_name);
  migration->version = g_ascii_strtoull (file_name, NULL, 10);
  migration->up = g_string_free (up, FALSE);
  if (down != NULL)
    migration->down = g_string_free (down, FALSE);
  return g_steal_pointer (&migration);
}

static gint
compare_by_version (gconstpointer a,
                    gconstpointer b)
{
  const DemoMigration *ma = *(DemoMigration * const *) a;
  const DemoMigration *mb = *(DemoMigration * const *) b;

  return ma->version < mb->version ? -1 : ma->version > mb->version;
}

static GPtrArray *
load_demo_migrations (void)
{
  const char *dir = g_getenv ("SLUICE_DEMO_DIR");
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_migration_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) gdir = NULL;
  const char *name;

  if (dir == NULL)
    dir = SLUICE_SOURCE_DEMO_DIR;

  gdir = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (gdir)) != NULL)
    if (g_ascii_isdigit (name[0]) && g_str_has_suffix (name, ".sql"))
      g_ptr_array_add (migrations, demo_migration_load (dir, name));

  g_ptr_array_sort (migrations, compare_by_version);
  g_assert_cmpuint (migrations->len, >=, 10);
  return g_steal_pointer (&migrations);
}

static PGconn *
connect_quietly (const char *conninfo)
{
  g_autoptr(PGconn) conn = PQconnectdb (conninfo);
  g_autoptr(PGresult) result = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("connecting to %s: %s", conninfo, PQerrorMessage (conn));

  /* The down sections drop a lot; their NOTICEs are not news. */
  result = PQexec (conn, "SET client_min_messages = warning");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  return g_steal_pointer (&conn);
}

/* Runs @sql, which may hold several statements; on failure records which
 * migration and what the server said, and returns FALSE. */
static gboolean
run_sql (PGconn              *conn,
         const DemoMigration *migration,
         const char          *what,
         const char          *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;

  g_test_message ("%s (%s) failed: %s", migration->file_name, what,
                  PQresultErrorMessage (result));
  g_test_fail ();
  return FALSE;
}

/* A no-transaction section runs statement by statement, each in autocommit
 * mode, as Sluice will run it: CONCURRENTLY refuses a transaction block, and
 * a multi-statement simple query would be one implicit transaction. */
static gboolean
run_statements_one_by_one (PGconn              *conn,
                           const DemoMigration *migration,
                           const char          *what,
                           const char          *sql)
{
  PgQuerySplitResult split = pg_query_split_with_scanner (sql);
  gboolean ok = TRUE;

  if (split.error != NULL)
    {
      g_test_message ("%s (%s) does not split: %s", migration->file_name, what,
                      split.error->message);
      g_test_fail ();
      ok = FALSE;
    }

  for (int i = 0; ok && i < split.n_stmts; i++)
    {
      g_autofree char *statement = g_strndup (sql + split.stmts[i]->stmt_location,
                                              split.stmts[i]->stmt_len);

      ok = run_sql (conn, migration, what, statement);
    }

  pg_query_free_split_result (split);
  return ok;
}

static gboolean
run_section (PGconn              *conn,
             const DemoMigration *migration,
             const char          *what,
             const char          *sql)
{
  g_autoptr(PGresult) rollback = NULL;

  if (migration->no_transaction)
    return run_statements_one_by_one (conn, migration, what, sql);

  if (!run_sql (conn, migration, what, "BEGIN"))
    return FALSE;
  if (run_sql (conn, migration, what, sql) &&
      run_sql (conn, migration, what, "COMMIT"))
    return TRUE;

  rollback = PQexec (conn, "ROLLBACK");
  return FALSE;
}

static gboolean
apply_all_up (PGconn    *conn,
              GPtrArray *migrations)
{
  for (guint i = 0; i < migrations->len; i++)
    {
      const DemoMigration *migration = g_ptr_array_index (migrations, i);

      if (!run_section (conn, migration, "up", migration->up))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_all_down (PGconn    *conn,
                GPtrArray *migrations)
{
  for (guint i = migrations->len; i > 0; i--)
    {
      const DemoMigration *migration = g_ptr_array_index (migrations, i - 1);

      /* Migrations without a down section change data only (README.md);
       * the empty-schema check below catches one that does not. */
      if (migration->down == NULL)
        continue;
      if (!run_section (conn, migration, "down", migration->down))
        return FALSE;
    }
  return TRUE;
}

/* The first column of the first row of @sql, as an integer. */
static gint64
query_int (PGconn     *conn,
           const char *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

static char *
query_text (PGconn     *conn,
            const char *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static void
assert_demo_objects (PGconn *conn)
{
  g_autofree char *status_labels = NULL;

  /* Tables, each with rows from the seed (0009) and the SLA policies (0011). */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_class"
    " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
    "   AND relname IN ('organizations', 'users', 'tickets', 'comments', 'tags',"
    "                   'ticket_tags', 'audit_log', 'sla_policies')"), ==, 8);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM organizations"), >, 0);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM tickets"), >=, 300);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM comments"), >=, 300);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM ticket_tags"), >, 0);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM sla_policies"), >, 0);

  /* Foreign keys hold the tenants together. */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_constraint"
    " WHERE connamespace = 'public'::regnamespace AND contype = 'f'"), >=, 10);

  /* The enums, in their declared order. */
  status_labels = query_text (conn,
    "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum"
    " WHERE enumtypid = 'public.ticket_status'::regtype");
  g_assert_cmpstr (status_labels, ==, "new,open,pending,solved,closed");
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_type"
    " WHERE typnamespace = 'public'::regnamespace AND typtype = 'e'"), ==, 2);

  /* An identity column and a serial one. */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_attribute"
    " WHERE attrelid = 'public.tickets'::regclass AND attname = 'id' AND attidentity = 'a'"), ==, 1);
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) WHERE pg_get_serial_sequence('public.tags', 'id') IS NOT NULL"), ==, 1);

  /* The view answers, and shows open tickets only. */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_class"
    " WHERE oid = 'public.ticket_queue'::regclass AND relkind = 'v'"), ==, 1);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM ticket_queue"), >, 0);
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM ticket_queue WHERE status NOT IN ('new', 'open', 'pending')"), ==, 0);

  /* The trigger functions and their triggers, and they fire. */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_trigger"
    " WHERE tgrelid = 'public.tickets'::regclass AND NOT tgisinternal"
    "   AND tgname IN ('tickets_touch_updated_at', 'tickets_audit')"), ==, 2);
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_proc"
    " WHERE pronamespace = 'public'::regnamespace AND prorettype = 'trigger'::regtype"), ==, 2);
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM audit_log WHERE table_name = 'tickets' AND action = 'INSERT'"), ==,
    query_int (conn, "SELECT count(*) FROM tickets"));

  /* The backfills: first answers where there are answers, and every
   * ticket on an SLA policy. */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM tickets WHERE first_response_at IS NOT NULL"), >, 0);
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM tickets WHERE sla_policy_id IS NULL"), ==, 0);

  /* The constraint added NOT VALID, validated later. */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_constraint"
    " WHERE conrelid = 'public.tickets'::regclass"
    "   AND conname = 'tickets_sla_policy_id_fkey' AND contype = 'f' AND convalidated"), ==, 1);

  /* Check constraints. */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_constraint"
    " WHERE connamespace = 'public'::regnamespace AND contype = 'c'"), >=, 5);

  /* The index built CONCURRENTLY is valid, ready and partial. */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM pg_index"
    " WHERE indexrelid = 'public.tickets_open_queue_idx'::regclass"
    "   AND indisvalid AND indisready AND indpred IS NOT NULL"), ==, 1);

  /* The data-only migration ran. */
  g_assert_cmpint (query_int (conn,
    "SELECT count(*) FROM users WHERE email <> lower(email)"), ==, 0);
}

/* Relations (tables, views, indexes, sequences), types (enums, and the row
 * and array types of relations) and functions left in public. */
static char *
public_leftovers (PGconn *conn)
{
  return query_text (conn,
    "SELECT coalesce(string_agg(what, ', ' ORDER BY what), '') FROM ("
    "  SELECT 'relation ' || relname AS what FROM pg_class"
    "   WHERE relnamespace = 'public'::regnamespace"
    "  UNION ALL"
    "  SELECT 'type ' || typname FROM pg_type"
    "   WHERE typnamespace = 'public'::regnamespace"
    "  UNION ALL"
    "  SELECT 'function ' || proname FROM pg_proc"
    "   WHERE pronamespace = 'public'::regnamespace"
    ") AS leftovers");
}

static void
test_up_down_up (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(PGconn) conn = connect_quietly (conninfo);
  g_autoptr(GPtrArray) migrations = load_demo_migrations ();
  g_autofree char *before = public_leftovers (conn);
  g_autofree char *after_down = NULL;

  /* A fresh database starts with an empty public schema. */
  g_assert_cmpstr (before, ==, "");

  g_test_message ("applying %u migrations", migrations->len);
  g_assert_true (apply_all_up (conn, migrations));
  assert_demo_objects (conn);

  g_test_message ("rolling back");
  g_assert_true (apply_all_down (conn, migrations));
  after_down = public_leftovers (conn);
  g_assert_cmpstr (after_down, ==, "");

  g_test_message ("applying again");
  g_assert_true (apply_all_up (conn, migrations));
  assert_demo_objects (conn);
}

/* Run inside a transaction block, the no-transaction migrations must fail:
 * otherwise their marker would be there for nothing. */
static void
test_concurrently_refuses_transaction (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(PGconn) conn = connect_quietly (conninfo);
  g_autoptr(GPtrArray) migrations = load_demo_migrations ();
  guint checked = 0;

  for (guint i = 0; i < migrations->len; i++)
    {
      const DemoMigration *migration = g_ptr_array_index (migrations, i);
      g_autoptr(PGresult) result = NULL;

      if (!migration->no_transaction)
        {
          g_assert_true (run_section (conn, migration, "up", migration->up));
          continue;
        }

      result = PQexec (conn, "BEGIN");
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
      g_clear_pointer (&result, PQclear);

      result = PQexec (conn, migration->up);
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
      /* 25001: active_sql_transaction */
      g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, "25001");
      g_clear_pointer (&result, PQclear);

      result = PQexec (conn, "ROLLBACK");
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
      checked++;

      /* Then apply it properly, so the later migrations find their index. */
      g_assert_true (run_section (conn, migration, "up", migration->up));
    }

  g_assert_cmpuint (checked, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/up-down-up", test_up_down_up);
  g_test_add_func ("/demo/concurrently-refuses-transaction", test_concurrently_refuses_transaction);

  status = g_test_run ();
  pg_query_exit ();
  return status;
}
