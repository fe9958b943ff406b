/* test-backup.c: pg_dump -Fc backups before a run, on a real server with
 * the real pg_dump and pg_restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sluice.h"
#include "sluice-test-pg.h"

/* Small helpers ------------------------------------------------------------ */

static char *
database_of (const char *conninfo)
{
  return sluice_test_pg_query_value (conninfo, "SELECT current_database()");
}

/* A database with three tables in two schemas, one with a mixed-case
 * name, and some rows in each. */
static char *
new_shop_database (void)
{
  char *conninfo = sluice_test_pg_new_database ();

  sluice_test_pg_exec (conninfo,
                       "CREATE SCHEMA billing;"
                       "CREATE TABLE public.customers (id int PRIMARY KEY, name text);"
                       "CREATE TABLE public.orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric);"
                       "CREATE TABLE billing.\"Invoices\" (id int PRIMARY KEY, amount numeric);"
                       "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 200) g;"
                       "INSERT INTO orders SELECT g, 1 + g % 200, g * 1.5 FROM generate_series(1, 5000) g;"
                       "INSERT INTO billing.\"Invoices\" SELECT g, g FROM generate_series(1, 300) g;");
  return conninfo;
}

static char *
new_scratch_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sluice-backup-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* The names in @dir, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return g_strdup ("");
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Runs a PostgreSQL program the test's own way, returning its stdout. */
static char *
run_program (const char * const *argv,
             int                *exit_status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (exit_status != NULL)
    *exit_status = status;
  else if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

typedef struct
{
  GArray    *fractions;
  GPtrArray *statuses;
} Progress;

static void
on_fraction (SluiceBackup *backup,
             GParamSpec   *pspec,
             Progress     *progress)
{
  double fraction = sluice_backup_get_fraction (backup);

  g_array_append_val (progress->fractions, fraction);
}

static void
on_status (SluiceBackup *backup,
           GParamSpec   *pspec,
           Progress     *progress)
{
  g_ptr_array_add (progress->statuses, g_strdup (sluice_backup_get_status (backup)));
}

static gboolean
run_backup (SluiceBackup  *backup,
            GCancellable  *cancellable,
            GError       **error)
{
  SluiceTestAsyncWait wait = { 0 };
  gboolean ok;

  sluice_backup_run_async (backup, cancellable, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  ok = sluice_backup_run_finish (backup, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static char *
pg_restore_list (const char *path)
{
  g_autofree char *pg_restore = sluice_pg_client_find_program ("pg_restore", NULL);
  const char *argv[] = { pg_restore, "--list", path, NULL };

  g_assert_nonnull (pg_restore);
  return run_program (argv, NULL);
}

/* The whole database ------------------------------------------------------- */

static void
test_whole_database (void)
{
  g_autofree char *conninfo = new_shop_database ();
  g_autofree char *database = database_of (conninfo);
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autofree char *dir = new_scratch_dir ();
  g_autofree char *folder = g_build_filename (dir, "backups", "nested", NULL);
  g_autoptr(SluiceBackup) backup = sluice_backup_new (connection, folder, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *toc = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *expected_name = NULL;
  g_autofree char *restored_conninfo = NULL;
  g_autofree char *count = NULL;
  g_autofree char *pg_restore = NULL;
  g_autofree char *dbname_arg = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (double)),
                        g_ptr_array_new_with_free_func (g_free) };
  gboolean saw_partial_progress = FALSE;
  gboolean saw_table_status = FALSE;
  int dump_major = 0;
  struct stat st;

  sluice_backup_set_profile_name (backup, "shop prod");

  /* The client of a live connection names the same server and database. */
  {
    g_autoptr(SluicePgClient) client = sluice_pg_client_new (connection, &error);
    g_autofree char *dbname = g_strdup_printf ("dbname=%s", database);
    g_autoptr(GSubprocessLauncher) launcher = NULL;

    g_assert_no_error (error);
    g_test_message ("conninfo: %s", sluice_pg_client_get_conninfo (client));
    g_assert_nonnull (strstr (sluice_pg_client_get_conninfo (client), dbname));
    g_assert_nonnull (strstr (sluice_pg_client_get_conninfo (client), g_getenv ("SLUICE_TEST_PGHOST")));
    g_assert_null (strstr (sluice_pg_client_get_conninfo (client), "password"));
    /* No password: the user's own passfile, if any, stays in force. */
    launcher = sluice_pg_client_new_launcher (client);
    g_assert_cmpstr (g_subprocess_launcher_getenv (launcher, "PGAPPNAME"), ==, "sluice");
  }

  /* pg_dump 15 against a 15 server: no warning. */
  warning = sluice_backup_check_versions (backup, &error);
  g_assert_no_error (error);
  g_assert_null (warning);
  g_assert_nonnull (sluice_backup_get_pg_dump_path (backup));
  dump_major = atoi (sluice_backup_get_pg_dump_version (backup));
  g_assert_cmpint (dump_major, >=, sluice_connection_get_server_version (connection) / 10000);

  /* Unknown until pg_dump reports its first table. */
  g_assert_cmpfloat (sluice_backup_get_fraction (backup), ==, -1.0);
  g_signal_connect (backup, "notify::fraction", G_CALLBACK (on_fraction), &progress);
  g_signal_connect (backup, "notify::status", G_CALLBACK (on_status), &progress);

  g_assert_true (run_backup (backup, NULL, &error));
  g_assert_no_error (error);

  /* Named after the database and the profile, in the folder it created. */
  g_assert_nonnull (sluice_backup_get_path (backup));
  g_assert_true (g_str_has_prefix (sluice_backup_get_path (backup), folder));
  expected_name = g_strdup_printf ("%s-shop_prod-", database);
  g_assert_nonnull (strstr (sluice_backup_get_path (backup), expected_name));
  g_assert_true (g_str_has_suffix (sluice_backup_get_path (backup), ".dump"));
  g_assert_cmpint (g_stat (sluice_backup_get_path (backup), &st), ==, 0);
  g_assert_cmpuint (sluice_backup_get_size (backup), ==, (guint64) st.st_size);
  g_assert_cmpuint (sluice_backup_get_size (backup), >, 1000);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* Nothing else in the folder: no partial file left behind. */
  listing = list_dir (folder);
  g_assert_cmpstr (listing, ==, strrchr (sluice_backup_get_path (backup), '/') + 1);

  /* Progress: a table at a time, then done. */
  g_assert_cmpuint (progress.fractions->len, >=, 3);
  g_assert_cmpfloat (g_array_index (progress.fractions, double, 0), ==, 0.0);
  for (guint i = 0; i < progress.fractions->len; i++)
    {
      double fraction = g_array_index (progress.fractions, double, i);

      if (fraction > 0.0 && fraction < 1.0)
        saw_partial_progress = TRUE;
    }
  g_assert_true (saw_partial_progress);
  g_assert_cmpfloat (sluice_backup_get_fraction (backup), ==, 1.0);
  for (guint i = 0; i < progress.statuses->len; i++)
    {
      if (strstr (g_ptr_array_index (progress.statuses, i), "billing.Invoices (") != NULL)
        saw_table_status = TRUE;
    }
  g_assert_true (saw_table_status);
  g_assert_nonnull (strstr (sluice_backup_get_status (backup), "verified"));

  /* Our own pg_restore --list agrees with what the backup counted. */
  toc = pg_restore_list (sluice_backup_get_path (backup));
  g_assert_nonnull (strstr (toc, " TABLE DATA public customers "));
  g_assert_nonnull (strstr (toc, " TABLE DATA public orders "));
  g_assert_nonnull (strstr (toc, " TABLE DATA billing Invoices "));
  g_assert_cmpuint (sluice_backup_get_toc_entries (backup), >=, 6);

  /* And it restores: the rows are all there. */
  restored_conninfo = sluice_test_pg_new_database ();
  pg_restore = sluice_pg_client_find_program ("pg_restore", NULL);
  dbname_arg = g_strdup_printf ("--dbname=%s", restored_conninfo);
  {
    const char *argv[] = { pg_restore, "--no-owner", "--exit-on-error", dbname_arg,
                           sluice_backup_get_path (backup), NULL };
    g_autofree char *out = run_program (argv, NULL);
  }
  count = sluice_test_pg_query_value (restored_conninfo,
                                      "SELECT (SELECT count(*) FROM orders) || ' ' || (SELECT sum(total) FROM orders)"
                                      " || ' ' || (SELECT count(*) FROM billing.\"Invoices\")");
  g_assert_cmpstr (count, ==, "5000 18753750.0 300");

  g_array_unref (progress.fractions);
  g_ptr_array_unref (progress.statuses);
  g_unlink (sluice_backup_get_path (backup));
  g_rmdir (folder);
  remove_dir (dir);
}

/* A subset: the tables a migration touches --------------------------------- */

static void
test_tables_touched_subset (void)
{
  g_autofree char *conninfo = new_shop_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autofree char *dir = new_scratch_dir ();
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(SluiceBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tables = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *toc = NULL;

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SLUICE, "2", "invoice_notes");
  sluice_migration_set_up_sql (migration,
                               "CREATE TABLE notes (id int);\n"
                               "ALTER TABLE billing.\"Invoices\" ADD COLUMN note text;\n"
                               "UPDATE orders SET total = total * 2 WHERE id < 10;\n"
                               "INSERT INTO notes VALUES (1);\n", 1);
  g_ptr_array_add (migrations, g_object_ref (migration));

  tables = sluice_backup_tables_touched (migrations);
  joined = g_strjoinv (" ", tables);
  g_assert_cmpstr (joined, ==, "billing.Invoices public.orders");

  backup = sluice_backup_new (connection, dir, (const char * const *) tables);
  g_assert_true (run_backup (backup, NULL, &error));
  g_assert_no_error (error);

  toc = pg_restore_list (sluice_backup_get_path (backup));
  g_assert_nonnull (strstr (toc, " TABLE DATA public orders "));
  g_assert_nonnull (strstr (toc, " TABLE DATA billing Invoices "));
  g_assert_null (strstr (toc, " TABLE DATA public customers "));
  g_assert_cmpfloat (sluice_backup_get_fraction (backup), ==, 1.0);

  g_unlink (sluice_backup_get_path (backup));
  remove_dir (dir);
}

/* Cancelling --------------------------------------------------------------- */

static gboolean
dir_has_partial (const char *dir)
{
  g_autofree char *listing = list_dir (dir);

  return strstr (listing, ".partial") != NULL;
}

static gboolean
on_cancel_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_cancel_removes_partial_file (void)
{
  g_autofree char *conninfo = new_shop_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autofree char *dir = new_scratch_dir ();
  g_autoptr(SluiceBackup) backup = sluice_backup_new (connection, dir, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *waiting = NULL;
  SluiceTestAsyncWait wait = { 0 };
  gboolean timed_out = FALSE;
  guint timeout_id;
  PGconn *holder;

  /* Another session holds orders: pg_dump waits for its lock, with its
   * file already open, until it is cancelled. */
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN; LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");

  sluice_backup_run_async (backup, cancellable, sluice_test_store_result, &wait);

  timeout_id = g_timeout_add (20000, on_cancel_timeout, &timed_out);
  while (!timed_out && !wait.done && !dir_has_partial (dir))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_assert_false (wait.done);

  /* Make sure pg_dump really is blocked on the lock, not just starting. */
  while (!timed_out && !wait.done)
    {
      g_free (waiting);
      waiting = sluice_test_pg_query_value (conninfo,
                                            "SELECT count(*) FROM pg_stat_activity "
                                            "WHERE query LIKE 'LOCK TABLE%' AND wait_event_type = 'Lock'");
      if (g_str_equal (waiting, "1"))
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_assert_cmpstr (waiting, ==, "1");
  g_source_remove (timeout_id);

  g_cancellable_cancel (cancellable);
  sluice_test_wait_for (&wait.done, 20000);
  g_assert_false (sluice_backup_run_finish (backup, wait.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_object_unref (wait.result);
  g_assert_null (sluice_backup_get_path (backup));

  /* The partial file is gone, and pg_dump cancelled its query as it
   * went (its session does not wait for the lock any more). */
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  g_free (waiting);
  waiting = sluice_test_pg_query_value (conninfo,
                                        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LOCK TABLE%' "
                                        "AND pid <> pg_backend_pid()");
  for (guint i = 0; i < 100 && !g_str_equal (waiting, "0"); i++)
    {
      g_usleep (50000);
      g_free (waiting);
      waiting = sluice_test_pg_query_value (conninfo,
                                            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LOCK TABLE%' "
                                        "AND pid <> pg_backend_pid()");
    }
  g_assert_cmpstr (waiting, ==, "0");

  PQfinish (holder);

  /* The same backup runs again to the end once the lock is gone. */
  g_clear_error (&error);
  g_assert_true (run_backup (backup, NULL, &error));
  g_assert_no_error (error);
  g_unlink (sluice_backup_get_path (backup));
  remove_dir (dir);
}

/* pg_dump failing ---------------------------------------------------------- */

static void
test_failing_pg_dump (void)
{
  g_autofree char *conninfo = new_shop_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autofree char *dir = new_scratch_dir ();
  const char *tables[] = { "public.orders", "public.no_such_table", NULL };
  g_autoptr(SluiceBackup) backup = sluice_backup_new (connection, dir, tables);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_false (run_backup (backup, NULL, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_TOOL);
  g_test_message ("%s", error->message);
  /* pg_dump's own words, and ours on what was (not) done. */
  g_assert_nonnull (strstr (error->message, "no matching tables were found"));
  g_assert_nonnull (strstr (error->message, "no_such_table"));
  g_assert_nonnull (strstr (error->message, "unfinished file was removed"));
  g_assert_null (sluice_backup_get_path (backup));

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  remove_dir (dir);
}

/* A role with a password --------------------------------------------------- */

static char *
conninfo_as (const char *user,
             const char *database)
{
  return g_strdup_printf ("host='%s' port=%s user=%s dbname=%s",
                          g_getenv ("SLUICE_TEST_PGHOST"), g_getenv ("SLUICE_TEST_PGPORT"),
                          user, database);
}

/* The harness's cluster trusts local connections; this role must give a
 * password from now on. */
static void
require_password_for (const char *admin_conninfo,
                      const char *role)
{
  g_autofree char *hba_file = sluice_test_pg_query_value (admin_conninfo, "SHOW hba_file");
  g_autofree char *contents = NULL;
  g_autofree char *updated = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reloaded = NULL;

  g_assert_true (g_file_get_contents (hba_file, &contents, NULL, &error));
  updated = g_strdup_printf ("local all %s scram-sha-256\n%s", role, contents);
  g_assert_true (g_file_set_contents (hba_file, updated, -1, &error));
  g_assert_no_error (error);
  reloaded = sluice_test_pg_query_value (admin_conninfo, "SELECT pg_reload_conf()");
  g_assert_cmpstr (reloaded, ==, "t");

  /* The postmaster reloads on SIGHUP, asynchronously: wait until the
   * role is refused without a password. */
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *database = sluice_test_pg_query_value (admin_conninfo, "SELECT current_database()");
      g_autofree char *as_role = g_strdup_printf ("host='%s' port=%s user=%s dbname=%s",
                                                  g_getenv ("SLUICE_TEST_PGHOST"),
                                                  g_getenv ("SLUICE_TEST_PGPORT"), role, database);
      PGconn *conn = PQconnectdb (as_role);
      gboolean refused = PQstatus (conn) != CONNECTION_OK;

      PQfinish (conn);
      if (refused)
        return;
      g_usleep (20000);
    }
  g_error ("the server still lets %s in without a password", role);
}

static void
test_password_through_passfile (void)
{
  /* A password a sloppy passfile or conninfo writer would break. */
  static const char password[] = "p@ss:wo\\rd 'x'";
  g_autofree char *admin_conninfo = new_shop_database ();
  g_autofree char *database = database_of (admin_conninfo);
  g_autofree char *user_conninfo = conninfo_as ("backup_role", database);
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceConnection) wrong = NULL;
  g_autoptr(SluiceConnection) none = NULL;
  g_autoptr(SluicePgClient) client = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(SluiceBackup) backup = NULL;
  g_autoptr(SluiceBackup) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *passfile = NULL;
  g_autofree char *toc = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *dir = new_scratch_dir ();
  g_autofree char *create_role = NULL;
  const char *tables[] = { "public.orders", NULL };
  PGconn *admin;
  char *literal;
  struct stat st;

  admin = PQconnectdb (admin_conninfo);
  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  literal = PQescapeLiteral (admin, password, strlen (password));
  create_role = g_strdup_printf ("CREATE ROLE backup_role LOGIN PASSWORD %s; "
                                 "GRANT SELECT ON public.orders TO backup_role", literal);
  PQfreemem (literal);
  PQfinish (admin);
  sluice_test_pg_exec (admin_conninfo, create_role);
  require_password_for (admin_conninfo, "backup_role");

  /* The client keeps the password off the conninfo, in a 0600 passfile
   * that lives as long as the client or a launcher of it. */
  client = sluice_pg_client_new_for_conninfo (user_conninfo, password, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (sluice_pg_client_get_conninfo (client), "p@ss"));
  g_assert_nonnull (strstr (sluice_pg_client_get_conninfo (client), "user=backup_role"));
  launcher = sluice_pg_client_new_launcher (client);
  passfile = g_strdup (g_subprocess_launcher_getenv (launcher, "PGPASSFILE"));
  g_assert_nonnull (passfile);
  g_assert_cmpint (g_stat (passfile, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&client, sluice_pg_client_free);
  g_assert_true (g_file_test (passfile, G_FILE_TEST_EXISTS));
  g_clear_object (&launcher);
  g_assert_false (g_file_test (passfile, G_FILE_TEST_EXISTS));

  /* A password in the conninfo text goes to the passfile too. */
  {
    g_autoptr(GString) with_password = g_string_new (user_conninfo);
    g_autoptr(SluicePgClient) from_text = NULL;

    g_string_append (with_password, " password=");
    sluice_conninfo_append_value (with_password, password);
    from_text = sluice_pg_client_new_for_conninfo (with_password->str, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (strstr (sluice_pg_client_get_conninfo (from_text), "password"));
    launcher = sluice_pg_client_new_launcher (from_text);
    g_assert_nonnull (g_subprocess_launcher_getenv (launcher, "PGPASSFILE"));
    g_clear_object (&launcher);
  }

  /* Connected with the password: pg_dump gets it through the passfile. */
  connection = sluice_connection_new (user_conninfo, password);
  {
    SluiceTestAsyncWait wait = { 0 };

    sluice_connection_connect_async (connection, NULL, sluice_test_store_result, &wait);
    sluice_test_wait_for (&wait.done, 20000);
    g_assert_true (sluice_connection_connect_finish (connection, wait.result, &error));
    g_assert_no_error (error);
    g_object_unref (wait.result);
  }
  backup = sluice_backup_new (connection, dir, tables);
  g_assert_true (run_backup (backup, NULL, &error));
  g_assert_no_error (error);
  toc = pg_restore_list (sluice_backup_get_path (backup));
  g_assert_nonnull (strstr (toc, " TABLE DATA public orders "));
  g_unlink (sluice_backup_get_path (backup));

  /* A wrong password: pg_dump's refusal, said clearly. */
  wrong = sluice_connection_new (user_conninfo, "not the password");
  refused = sluice_backup_new (wrong, dir, tables);
  g_assert_false (run_backup (refused, NULL, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_TOOL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "password authentication failed for user \"backup_role\""));
  g_assert_nonnull (strstr (error->message, "unfinished file was removed"));
  g_clear_error (&error);
  g_clear_object (&refused);

  /* No password at all: pg_dump does not wait for one on a terminal. */
  none = sluice_connection_new (user_conninfo, NULL);
  refused = sluice_backup_new (none, dir, tables);
  g_assert_false (run_backup (refused, NULL, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_TOOL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "no password supplied"));

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  remove_dir (dir);
}

/* The demo's real migrations ----------------------------------------------- */

/* Migrations @first to @last (1-based) of the demo folder. */
static GPtrArray *
demo_migrations (SluiceMigrationFolder *folder,
                 guint                  first,
                 guint                  last)
{
  GListModel *migrations = sluice_migration_folder_get_migrations (folder);
  GPtrArray *some = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (g_list_model_get_n_items (migrations), >=, last);
  for (guint i = first - 1; i < last; i++)
    g_ptr_array_add (some, g_list_model_get_item (migrations, i));
  return some;
}

static void
test_demo_migrations (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder =
    sluice_migration_folder_load (sluice_demo_dir (), SLUICE_MIGRATION_FORMAT_SLUICE, &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) applied = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_auto(GStrv) touched_by_all = NULL;
  g_auto(GStrv) touched_by_pending = NULL;
  g_auto(GStrv) applied_versions = NULL;
  g_autoptr(SluiceBackup) backup = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *toc = NULL;
  g_autofree char *dir = new_scratch_dir ();
  SluiceTestAsyncWait wait = { 0 };

  g_assert_no_error (error);
  all = demo_migrations (folder, 1, 16);
  applied = demo_migrations (folder, 1, 9);
  pending = demo_migrations (folder, 10, 16);

  /* From an empty database, every table the demo touches it creates first. */
  touched_by_all = sluice_backup_tables_touched (all);
  g_assert_cmpuint (g_strv_length (touched_by_all), ==, 0);

  /* Once 1-9 are applied, 10-16 alter, backfill and normalise the tickets
   * and the users (sla_policies is created by 11: nothing to back up). */
  touched_by_pending = sluice_backup_tables_touched (pending);
  joined = g_strjoinv (" ", touched_by_pending);
  g_assert_cmpstr (joined, ==, "public.tickets public.users");

  sluice_applier_apply_async (connection, applied, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_true (sluice_applier_apply_finish (wait.result, &applied_versions, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);

  backup = sluice_backup_new (connection, dir, (const char * const *) touched_by_pending);
  g_assert_true (run_backup (backup, NULL, &error));
  g_assert_no_error (error);
  toc = pg_restore_list (sluice_backup_get_path (backup));
  g_assert_nonnull (strstr (toc, " TABLE DATA public tickets "));
  g_assert_nonnull (strstr (toc, " TABLE DATA public users "));
  g_assert_null (strstr (toc, " TABLE DATA public comments "));

  g_unlink (sluice_backup_get_path (backup));
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backup/whole-database", test_whole_database);
  g_test_add_func ("/backup/tables-touched-subset", test_tables_touched_subset);
  g_test_add_func ("/backup/demo-migrations", test_demo_migrations);
  g_test_add_func ("/backup/cancel-removes-partial-file", test_cancel_removes_partial_file);
  g_test_add_func ("/backup/failing-pg-dump", test_failing_pg_dump);
  g_test_add_func ("/backup/password-through-passfile", test_password_through_passfile);

  return g_test_run ();
}
