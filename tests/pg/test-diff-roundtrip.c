/* test-diff-roundtrip.c: the round trip of every case in tests/pg/diff-cases/
 *
 * For each case directory (before.sql, after.sql): load both into fresh
 * databases, snapshot both, diff, apply the generated DDL to the "before"
 * database, snapshot it again and require an empty diff against "after".
 * The script is applied statement by statement as generated (runs of
 * transactional statements in one transaction, CONCURRENTLY ones alone)
 * and, when it has CONCURRENTLY statements, also as the transactional-only
 * script in one transaction, in another copy of "before".  A failing case prints the attributes that
 * still differ and the script.
 *
 * The cases are found at run time: $SLUICE_DIFF_CASES_DIR, else
 * pg/diff-cases under G_TEST_SRCDIR (set by meson).  -p
 * /diff-roundtrip/SLUG runs one case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "sluice.h"
#include "sluice-test-pg.h"

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} AsyncWait;

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

/* A database of the harness's cluster, dropped when the case ends. */
typedef struct
{
  char *conninfo;
  char *name;
} Database;

static Database *
database_new (void)
{
  Database *database = g_new0 (Database, 1);
  PQconninfoOption *options;

  database->conninfo = sluice_test_pg_new_database ();
  options = PQconninfoParse (database->conninfo, NULL);
  g_assert_nonnull (options);
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    if (strcmp (option->keyword, "dbname") == 0 && option->val != NULL)
      database->name = g_strdup (option->val);
  PQconninfoFree (options);
  g_assert_nonnull (database->name);
  return database;
}

static void
database_free (Database *database)
{
  g_autofree char *admin = sluice_test_pg_admin_conninfo ();
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", database->name);

  sluice_test_pg_exec (admin, sql);
  g_free (database->conninfo);
  g_free (database->name);
  g_free (database);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Database, database_free)

/* Runs @sql (any number of statements) on @conn; the server's message on
 * error. */
static char *
exec_sql (PGconn     *conn,
          const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  char *error = NULL;

  if (PQresultStatus (result) != PGRES_COMMAND_OK &&
      PQresultStatus (result) != PGRES_TUPLES_OK &&
      PQresultStatus (result) != PGRES_EMPTY_QUERY)
    error = g_strdup (PQresultErrorMessage (result));

  PQclear (result);
  return error;
}

/* The cluster is thrown away after the run: commits need not wait for
 * the disk, which makes the many small DDL transactions faster. */
static PGconn *
connect_or_fail (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);
  g_autofree char *failure = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("connecting to %s: %s", conninfo, PQerrorMessage (conn));

  failure = exec_sql (conn, "SET synchronous_commit = off");
  g_assert_null (failure);
  return conn;
}

static gboolean
load_file (const char  *conninfo,
           const char  *path,
           char       **message)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *conn;
  char *failure;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      *message = g_strdup (error->message);
      return FALSE;
    }

  conn = connect_or_fail (conninfo);
  failure = exec_sql (conn, contents);
  PQfinish (conn);

  if (failure != NULL)
    {
      *message = g_strdup_printf ("%s: %s", path, failure);
      g_free (failure);
      return FALSE;
    }

  return TRUE;
}

static SluiceCatalog *
capture (const char  *conninfo,
         char       **message)
{
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  SluiceCatalog *catalog;
  AsyncWait wait = { 0 };

  sluice_connection_connect_async (connection, NULL, store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  if (!sluice_connection_connect_finish (connection, wait.result, &error))
    {
      *message = g_strdup (error->message);
      g_object_unref (wait.result);
      return NULL;
    }
  g_clear_object (&wait.result);
  wait.done = FALSE;

  sluice_catalog_capture_async (connection, NULL, NULL, store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  catalog = sluice_catalog_capture_finish (wait.result, &error);
  g_object_unref (wait.result);

  if (catalog == NULL)
    *message = g_strdup_printf ("capture: %s", error->message);
  return catalog;
}

/* Every change with the attributes that differ, for the failure message. */
static char *
format_changes (SluiceDiff *diff)
{
  GPtrArray *changes = sluice_diff_get_changes (diff);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;

      g_string_append_printf (text, "  %s %s\n", sluice_change_kind_to_string (change->kind),
                              sluice_catalog_object_get_identity (object));
      for (guint j = 0; j < change->attributes->len; j++)
        {
          const SluiceAttributeChange *attribute = g_ptr_array_index (change->attributes, j);

          g_string_append_printf (text, "    %s: %s -> %s\n", attribute->name,
                                  attribute->old_value != NULL ? attribute->old_value : "(absent)",
                                  attribute->new_value != NULL ? attribute->new_value : "(absent)");
        }
    }

  return g_string_free (text, FALSE);
}

/* Applies the statements as generated: a run of transactional ones in one
 * transaction, a non-transactional one (CONCURRENTLY) on its own. */
static gboolean
apply_statements (const char  *conninfo,
                  GPtrArray   *statements,
                  char       **message)
{
  PGconn *conn = connect_or_fail (conninfo);
  gboolean in_transaction = FALSE;
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < statements->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);
      gboolean alone = (statement->hazards & SLUICE_HAZARD_NON_TRANSACTIONAL) != 0;
      g_autofree char *failure = NULL;

      if (alone && in_transaction)
        {
          failure = exec_sql (conn, "COMMIT");
          in_transaction = FALSE;
        }
      else if (!alone && !in_transaction)
        {
          failure = exec_sql (conn, "BEGIN");
          in_transaction = TRUE;
        }

      if (failure == NULL)
        failure = exec_sql (conn, statement->sql);

      if (failure != NULL)
        {
          *message = g_strdup_printf ("statement %u failed: %s\n  %s", i + 1, statement->sql, failure);
          ok = FALSE;
        }
    }

  if (ok && in_transaction)
    {
      g_autofree char *failure = exec_sql (conn, "COMMIT");

      if (failure != NULL)
        {
          *message = g_strdup_printf ("COMMIT failed: %s", failure);
          ok = FALSE;
        }
    }

  PQfinish (conn);
  return ok;
}

/* Applies the transactional-only script as one transaction. */
static gboolean
apply_script (const char  *conninfo,
              const char  *script,
              char       **message)
{
  PGconn *conn = connect_or_fail (conninfo);
  g_autofree char *wrapped = g_strconcat ("BEGIN;\n", script, "\nCOMMIT;", NULL);
  g_autofree char *failure = exec_sql (conn, wrapped);

  PQfinish (conn);
  if (failure != NULL)
    {
      *message = g_strdup_printf ("the transactional script failed: %s", failure);
      return FALSE;
    }
  return TRUE;
}

typedef enum
{
  APPLY_STATEMENTS,
  APPLY_TRANSACTIONAL_SCRIPT,
} ApplyMode;

/* Loads before.sql into a fresh database, applies the DDL and requires it
 * to match @after.  NULL when it does; else what went wrong. */
static char *
round_trip (const char    *case_dir,
            SluiceDiff    *diff,
            SluiceCatalog *after,
            ApplyMode      mode)
{
  g_autoptr(Database) database = database_new ();
  g_autofree char *before_sql = g_build_filename (case_dir, "before.sql", NULL);
  g_autofree char *message = NULL;
  g_autofree char *script = sluice_diff_to_sql (diff, mode == APPLY_TRANSACTIONAL_SCRIPT);
  g_autoptr(SluiceCatalog) applied = NULL;
  g_autoptr(SluiceDiff) remaining = NULL;
  g_autofree char *changes = NULL;
  const char *mode_name = mode == APPLY_STATEMENTS ? "statements as generated" : "transactional script";
  gboolean ok;

  if (!load_file (database->conninfo, before_sql, &message))
    return g_steal_pointer (&message);

  if (mode == APPLY_STATEMENTS)
    ok = apply_statements (database->conninfo, sluice_diff_get_statements (diff), &message);
  else
    ok = apply_script (database->conninfo, script, &message);

  if (!ok)
    return g_strdup_printf ("[%s] %s\n--- generated SQL ---\n%s", mode_name, message, script);

  applied = capture (database->conninfo, &message);
  if (applied == NULL)
    return g_steal_pointer (&message);

  remaining = sluice_diff_new (applied, after, 0);
  if (sluice_diff_is_empty (remaining))
    return NULL;

  changes = format_changes (remaining);
  return g_strdup_printf ("[%s] after applying the DDL, still different from after.sql:\n%s"
                          "--- generated SQL ---\n%s", mode_name, changes, script);
}

static gboolean
has_non_transactional (GPtrArray *statements)
{
  for (guint i = 0; i < statements->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);

      if (statement->hazards & SLUICE_HAZARD_NON_TRANSACTIONAL)
        return TRUE;
    }

  return FALSE;
}

static void
run_case (gconstpointer data)
{
  const char *case_dir = data;
  g_autoptr(Database) before_db = database_new ();
  g_autoptr(Database) after_db = database_new ();
  g_autofree char *before_sql = g_build_filename (case_dir, "before.sql", NULL);
  g_autofree char *after_sql = g_build_filename (case_dir, "after.sql", NULL);
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *script = NULL;
  g_autoptr(SluiceCatalog) before = NULL;
  g_autoptr(SluiceCatalog) after = NULL;
  g_autoptr(SluiceDiff) diff = NULL;

  if (!load_file (before_db->conninfo, before_sql, &message) ||
      !load_file (after_db->conninfo, after_sql, &message))
    {
      g_test_fail_printf ("loading the case: %s", message);
      return;
    }

  before = capture (before_db->conninfo, &message);
  if (before != NULL)
    after = capture (after_db->conninfo, &message);
  if (before == NULL || after == NULL)
    {
      g_test_fail_printf ("%s", message);
      return;
    }

  diff = sluice_diff_new (before, after, 0);
  summary = sluice_diff_describe (diff);
  script = sluice_diff_to_sql (diff, FALSE);
  g_test_message ("%s", summary);
  g_test_message ("%s", script);

  /* A case changes something, and the snapshot must see it. */
  if (sluice_diff_is_empty (diff))
    {
      g_test_fail_printf ("before.sql and after.sql give equal snapshots: the case checks nothing");
      return;
    }

  /* Without CONCURRENTLY statements the generated statements already ran
   * in one transaction: the transactional script is the same. */
  message = round_trip (case_dir, diff, after, APPLY_STATEMENTS);
  if (message == NULL && has_non_transactional (sluice_diff_get_statements (diff)))
    message = round_trip (case_dir, diff, after, APPLY_TRANSACTIONAL_SCRIPT);
  if (message != NULL)
    g_test_fail_printf ("%s", message);
}

static char *
cases_dir (void)
{
  const char *dir = g_getenv ("SLUICE_DIFF_CASES_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_test_build_filename (G_TEST_DIST, "pg", "diff-cases", NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char **arguments = g_new0 (char *, argc + 2);
  int n_arguments = 0;
  const char *name;

  /* Every case runs even when one fails (GLib stops at the first failure
   * unless told to keep going): a failing run lists them all. */
  arguments[n_arguments++] = argv[0];
  arguments[n_arguments++] = (char *) "--keep-going";
  for (int i = 1; i < argc; i++)
    arguments[n_arguments++] = argv[i];
  argv = arguments;
  argc = n_arguments;

  g_test_init (&argc, &argv, NULL);

  dir = cases_dir ();
  listing = g_dir_open (dir, 0, &error);
  if (listing == NULL)
    g_error ("the diff cases: %s", error->message);

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *after = g_build_filename (path, "after.sql", NULL);

      if (g_file_test (after, G_FILE_TEST_EXISTS))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    g_error ("no case in %s", dir);

  for (guint i = 0; i < names->len; i++)
    {
      const char *slug = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strconcat ("/diff-roundtrip/", slug, NULL);

      g_test_add_data_func_full (test_path, g_build_filename (dir, slug, NULL), run_case, g_free);
    }

  return g_test_run ();
}
