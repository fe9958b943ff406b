/* test-diff-roundtrip.c: the round trip of every case in tests/pg/diff-cases/
 *
 * For each case directory (before.sql, after.sql): load both into fresh
 * databases, snapshot both, diff, apply the generated DDL to the "before"
 * database, snapshot it again and require an empty diff against "after".
 * The script is applied statement by statement as generated (runs of
 * transactional statements in one transaction, CONCURRENTLY ones alone)
 * and, when it has CONCURRENTLY statements, also as the transactional-only
 * script in one transaction, in a copy of "before" (CREATE DATABASE ...
 * TEMPLATE, made before anything was applied).  A failing case prints the
 * attributes that still differ and the script.
 *
 * Speed: the cases run in a small pool of worker threads (each with its own
 * main context, connections and databases), so that one case's server work
 * overlaps another's snapshot and diff.  Each case is still one GTest case:
 * it waits for its own worker's result and reports it (messages, failure).
 * $SLUICE_DIFF_ROUNDTRIP_JOBS sets the number of workers (default 6; 1 runs
 * the cases one after the other).
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

/* Creating a database mostly waits (for checkpoints, for the disk), so
 * more workers than cores still help: 6 beat 4 and 2 on two cores. */
#define DEFAULT_JOBS 6

/* One case: filled in by a worker, reported by its GTest case. */
typedef struct
{
  guint   index;
  char   *slug;
  char   *dir;
  char   *test_path;

  /* Under cases_lock. */
  gboolean submitted;
  gboolean done;

  /* Written by the worker before done, read by the test after. */
  char   *summary;
  char   *script;
  char   *timings;
  char   *failure;
} Case;

static void
case_free (Case *c)
{
  g_free (c->slug);
  g_free (c->dir);
  g_free (c->test_path);
  g_free (c->summary);
  g_free (c->script);
  g_free (c->timings);
  g_free (c->failure);
  g_free (c);
}

static GPtrArray   *cases;          /* of Case */
static GMutex       cases_lock;
static GCond        case_done;
static GThreadPool *pool;
static char        *base_conninfo;  /* the harness's cluster, no dbname */
static char        *admin_conninfo;
/* Roles are cluster-wide: cases create theirs in DO blocks that check
 * first, which two loads running at once could both pass.  Loads are
 * short; they run one at a time. */
static GMutex       load_lock;
/* The -p and -s paths given to GLib, to queue only the cases it will run. */
static GPtrArray   *only_paths;
static GPtrArray   *skip_paths;

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static char *
conninfo_for (const char *dbname)
{
  return g_strdup_printf ("%s dbname='%s'", base_conninfo, dbname);
}

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

/* Database names are made here from a case's number: no user text. */
static char *
create_database (PGconn     *admin,
                 const char *name,
                 const char *template_name)
{
  g_autofree char *sql = NULL;
  g_autofree char *failure = NULL;

  /* FILE_COPY copies the template's files and checkpoints around it;
   * WAL_LOG (PostgreSQL 15's default) writes every block of it to the WAL.
   * Without fsync (see make_cluster_throwaway()) the checkpoints are
   * cheap, and FILE_COPY took two thirds of WAL_LOG's time here. */
  if (template_name != NULL)
    sql = g_strdup_printf ("CREATE DATABASE \"%s\" TEMPLATE \"%s\" STRATEGY FILE_COPY",
                           name, template_name);
  else
    sql = g_strdup_printf ("CREATE DATABASE \"%s\" STRATEGY FILE_COPY", name);

  failure = exec_sql (admin, sql);
  if (failure != NULL)
    return g_strdup_printf ("%s: %s", sql, failure);
  return NULL;
}

static void
drop_database (PGconn     *admin,
               const char *name)
{
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
  g_autofree char *failure = exec_sql (admin, sql);

  if (failure != NULL)
    g_error ("%s: %s", sql, failure);
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
  g_mutex_lock (&load_lock);
  failure = exec_sql (conn, contents);
  g_mutex_unlock (&load_lock);
  PQfinish (conn);

  if (failure != NULL)
    {
      *message = g_strdup_printf ("%s: %s", path, failure);
      g_free (failure);
      return FALSE;
    }

  return TRUE;
}

/* Snapshots of several databases at once: their queries overlap. */
typedef struct
{
  SluiceConnection *connection;
  gboolean          done;
  SluiceCatalog    *catalog;
  char             *message;
} Capture;

static void
on_captured (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Capture *capture = user_data;
  g_autoptr(GError) error = NULL;

  capture->catalog = sluice_catalog_capture_finish (result, &error);
  if (capture->catalog == NULL)
    capture->message = g_strdup_printf ("capture: %s", error->message);
  capture->done = TRUE;
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Capture *capture = user_data;
  g_autoptr(GError) error = NULL;

  if (!sluice_connection_connect_finish (capture->connection, result, &error))
    {
      capture->message = g_strdup (error->message);
      capture->done = TRUE;
      return;
    }

  sluice_catalog_capture_async (capture->connection, NULL, NULL, on_captured, capture);
}

/* sluice_test_wait_for() for a worker: spins the thread's own context
 * until every capture is done. */
static void
wait_for_captures (Capture *captures,
                   guint    n,
                   guint    timeout_ms)
{
  GMainContext *context = g_main_context_get_thread_default ();
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  gboolean timed_out = FALSE;

  g_source_set_callback (timeout, on_timeout, &timed_out, NULL);
  g_source_attach (timeout, context);

  for (guint i = 0; i < n && !timed_out; i++)
    while (!captures[i].done && !timed_out)
      g_main_context_iteration (context, TRUE);

  if (timed_out)
    g_error ("timed out after %u ms", timeout_ms);
  g_source_destroy (timeout);
}

/* Captures every database of @conninfos; FALSE with the first message if
 * one failed.  The connections are closed when this returns (a database
 * used as a template must have none). */
static gboolean
capture_all (const char     **conninfos,
             SluiceCatalog  **catalogs,
             guint            n,
             char           **message)
{
  g_autofree Capture *captures = g_new0 (Capture, n);
  gboolean ok = TRUE;

  for (guint i = 0; i < n; i++)
    {
      captures[i].connection = sluice_connection_new (conninfos[i], NULL);
      sluice_connection_connect_async (captures[i].connection, NULL, on_connected, &captures[i]);
    }

  wait_for_captures (captures, n, 90000);

  for (guint i = 0; i < n; i++)
    {
      if (ok && captures[i].catalog == NULL)
        {
          *message = g_steal_pointer (&captures[i].message);
          ok = FALSE;
        }
      catalogs[i] = g_steal_pointer (&captures[i].catalog);
      g_free (captures[i].message);
      g_object_unref (captures[i].connection);
    }

  if (!ok)
    for (guint i = 0; i < n; i++)
      g_clear_object (&catalogs[i]);
  return ok;
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

/* Applies the DDL to @conninfo, a database holding before.sql and nothing
 * applied yet, and requires it to match @after.  NULL when it does; else
 * what went wrong. */
static char *
round_trip (const char    *conninfo,
            SluiceDiff    *diff,
            SluiceCatalog *after,
            ApplyMode      mode)
{
  g_autofree char *message = NULL;
  g_autofree char *script = sluice_diff_to_sql (diff, mode == APPLY_TRANSACTIONAL_SCRIPT);
  g_autoptr(SluiceCatalog) applied = NULL;
  g_autoptr(SluiceDiff) remaining = NULL;
  g_autofree char *changes = NULL;
  const char *mode_name = mode == APPLY_STATEMENTS ? "statements as generated" : "transactional script";
  gboolean ok;

  if (mode == APPLY_STATEMENTS)
    ok = apply_statements (conninfo, sluice_diff_get_statements (diff), &message);
  else
    ok = apply_script (conninfo, script, &message);

  if (!ok)
    return g_strdup_printf ("[%s] %s\n--- generated SQL ---\n%s", mode_name, message, script);

  if (!capture_all (&conninfo, &applied, 1, &message))
    return g_strdup_printf ("[%s] %s", mode_name, message);

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

/* Milliseconds per phase, printed with each case to show where the time
 * goes. */
typedef struct
{
  GString *text;
  gint64   last;
} Timings;

static void
timings_mark (Timings    *timings,
              const char *phase)
{
  gint64 now = g_get_monotonic_time ();

  g_string_append_printf (timings->text, "%s%s %" G_GINT64_FORMAT " ms",
                          timings->text->len > 0 ? ", " : "", phase, (now - timings->last) / 1000);
  timings->last = now;
}

/* The round trip of one case; NULL when it holds, else the failure. */
static char *
check_case (Case    *c,
            PGconn  *admin,
            Timings *timings)
{
  g_autofree char *before_name = g_strdup_printf ("roundtrip_%u_before", c->index);
  g_autofree char *after_name = g_strdup_printf ("roundtrip_%u_after", c->index);
  g_autofree char *copy_name = g_strdup_printf ("roundtrip_%u_copy", c->index);
  g_autofree char *before_conninfo = conninfo_for (before_name);
  g_autofree char *after_conninfo = conninfo_for (after_name);
  g_autofree char *copy_conninfo = conninfo_for (copy_name);
  g_autofree char *before_sql = g_build_filename (c->dir, "before.sql", NULL);
  g_autofree char *after_sql = g_build_filename (c->dir, "after.sql", NULL);
  g_autofree char *message = NULL;
  const char *conninfos[2] = { before_conninfo, after_conninfo };
  SluiceCatalog *catalogs[2] = { NULL, NULL };
  g_autoptr(SluiceCatalog) before = NULL;
  g_autoptr(SluiceCatalog) after = NULL;
  g_autoptr(SluiceDiff) diff = NULL;
  gboolean needs_script;

  if ((message = create_database (admin, before_name, NULL)) != NULL ||
      (message = create_database (admin, after_name, NULL)) != NULL)
    return g_steal_pointer (&message);
  timings_mark (timings, "create");

  if (!load_file (before_conninfo, before_sql, &message) ||
      !load_file (after_conninfo, after_sql, &message))
    return g_strdup_printf ("loading the case: %s", message);
  timings_mark (timings, "load");

  if (!capture_all (conninfos, catalogs, 2, &message))
    return g_steal_pointer (&message);
  before = catalogs[0];
  after = catalogs[1];
  timings_mark (timings, "capture");

  diff = sluice_diff_new (before, after, 0);
  c->summary = sluice_diff_describe (diff);
  c->script = sluice_diff_to_sql (diff, FALSE);
  timings_mark (timings, "diff");

  /* A case changes something, and the snapshot must see it. */
  if (sluice_diff_is_empty (diff))
    return g_strdup ("before.sql and after.sql give equal snapshots: the case checks nothing");

  /* Without CONCURRENTLY statements the generated statements already ran
   * in one transaction: the transactional script is the same.  With them,
   * the script gets a copy of "before" taken now, before anything is
   * applied; it is the same as loading before.sql again. */
  needs_script = has_non_transactional (sluice_diff_get_statements (diff));
  if (needs_script && (message = create_database (admin, copy_name, before_name)) != NULL)
    return g_steal_pointer (&message);

  message = round_trip (before_conninfo, diff, after, APPLY_STATEMENTS);
  timings_mark (timings, "apply+capture");
  if (message == NULL && needs_script)
    {
      message = round_trip (copy_conninfo, diff, after, APPLY_TRANSACTIONAL_SCRIPT);
      timings_mark (timings, "script+capture");
    }

  return g_steal_pointer (&message);
}

static void
run_case_in_worker (gpointer data,
                    gpointer user_data)
{
  Case *c = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  Timings timings = { g_string_new (NULL), g_get_monotonic_time () };
  const char *suffixes[] = { "before", "after", "copy" };
  PGconn *admin;
  char *failure;

  g_main_context_push_thread_default (context);
  admin = connect_or_fail (admin_conninfo);
  /* Not the NOTICE of dropping a copy that was not needed. */
  g_free (exec_sql (admin, "SET client_min_messages = warning"));

  failure = check_case (c, admin, &timings);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strdup_printf ("roundtrip_%u_%s", c->index, suffixes[i]);

      drop_database (admin, name);
    }
  timings_mark (&timings, "drop");
  PQfinish (admin);

  /* Whatever the finished operations left queued for this context. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  g_mutex_lock (&cases_lock);
  c->failure = failure;
  c->timings = g_string_free (timings.text, FALSE);
  c->done = TRUE;
  g_cond_broadcast (&case_done);
  g_mutex_unlock (&cases_lock);
}

/* GLib's rule for -p and -s: a path and every test below it. */
static gboolean
path_matches (const char *test_path,
              GPtrArray  *paths)
{
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      gsize length = strlen (path);

      if (strncmp (test_path, path, length) == 0 &&
          (test_path[length] == '\0' || test_path[length] == '/' ||
           (length > 0 && path[length - 1] == '/')))
        return TRUE;
    }
  return FALSE;
}

static gboolean
case_selected (Case *c)
{
  if (only_paths->len > 0 && !path_matches (c->test_path, only_paths))
    return FALSE;
  return !path_matches (c->test_path, skip_paths);
}

static void
submit_locked (Case *c)
{
  g_autoptr(GError) error = NULL;

  c->submitted = TRUE;
  if (!g_thread_pool_push (pool, c, &error))
    g_error ("queueing %s: %s", c->slug, error->message);
}

/* The cluster lives as long as this one test program (the harness makes
 * it in a temporary directory and deletes it after): nothing in it has to
 * survive a crash, so it need not flush to disk.  Without fsync, creating
 * and dropping databases no longer waits for checkpoints' syncs, which was
 * much of the time.  fsync and full_page_writes take effect on reload. */
static void
make_cluster_throwaway (void)
{
  sluice_test_pg_exec (admin_conninfo, "ALTER SYSTEM SET fsync = off");
  sluice_test_pg_exec (admin_conninfo, "ALTER SYSTEM SET full_page_writes = off");
  sluice_test_pg_exec (admin_conninfo, "SELECT pg_reload_conf()");
}

static void
start_workers (void)
{
  const char *jobs_text = g_getenv ("SLUICE_DIFF_ROUNDTRIP_JOBS");
  guint64 jobs = DEFAULT_JOBS;
  g_autoptr(GError) error = NULL;

  if (pool != NULL)
    return;

  if (jobs_text != NULL && *jobs_text != '\0' &&
      (!g_ascii_string_to_unsigned (jobs_text, 10, 1, 64, &jobs, &error)))
    g_error ("SLUICE_DIFF_ROUNDTRIP_JOBS: %s", error->message);

  base_conninfo = g_strdup_printf ("host='%s' port=%s user='%s' application_name=sluice-tests",
                                   g_getenv ("SLUICE_TEST_PGHOST"),
                                   g_getenv ("SLUICE_TEST_PGPORT"),
                                   g_getenv ("SLUICE_TEST_PGUSER"));
  admin_conninfo = sluice_test_pg_admin_conninfo ();
  make_cluster_throwaway ();

  pool = g_thread_pool_new (run_case_in_worker, NULL, (int) jobs, FALSE, &error);
  if (pool == NULL)
    g_error ("starting the workers: %s", error->message);

  /* In the order GLib runs them, so the first results come first. */
  g_mutex_lock (&cases_lock);
  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = g_ptr_array_index (cases, i);

      if (case_selected (c))
        submit_locked (c);
    }
  g_mutex_unlock (&cases_lock);
}

/* The GTest case: waits for the case's worker and reports its result. */
static void
run_case (gconstpointer data)
{
  Case *c = (Case *) data;

  start_workers ();

  g_mutex_lock (&cases_lock);
  if (!c->submitted)
    submit_locked (c);
  while (!c->done)
    g_cond_wait (&case_done, &cases_lock);
  g_mutex_unlock (&cases_lock);

  if (c->summary != NULL)
    g_test_message ("%s", c->summary);
  if (c->script != NULL)
    g_test_message ("%s", c->script);
  g_test_message ("time: %s", c->timings);

  if (c->failure != NULL)
    g_test_fail_printf ("%s", c->failure);
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

/* Notes the -p and -s paths before g_test_init() takes them. */
static void
note_test_paths (int    argc,
                 char **argv)
{
  only_paths = g_ptr_array_new ();
  skip_paths = g_ptr_array_new ();

  for (int i = 1; i < argc; i++)
    {
      GPtrArray *paths = NULL;
      const char *path = NULL;

      if (argv[i][0] == '-' && (argv[i][1] == 'p' || argv[i][1] == 's'))
        {
          paths = argv[i][1] == 'p' ? only_paths : skip_paths;
          if (argv[i][2] == '=')
            path = argv[i] + 3;
          else if (argv[i][2] == '\0' && i + 1 < argc)
            path = argv[++i];
        }

      if (path != NULL)
        g_ptr_array_add (paths, (char *) path);
    }
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
  int status;

  /* Every case runs even when one fails (GLib stops at the first failure
   * unless told to keep going): a failing run lists them all. */
  arguments[n_arguments++] = argv[0];
  arguments[n_arguments++] = (char *) "--keep-going";
  for (int i = 1; i < argc; i++)
    arguments[n_arguments++] = argv[i];
  argv = arguments;
  argc = n_arguments;

  note_test_paths (argc, argv);
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

  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  for (guint i = 0; i < names->len; i++)
    {
      Case *c = g_new0 (Case, 1);

      c->index = i;
      c->slug = g_strdup (g_ptr_array_index (names, i));
      c->dir = g_build_filename (dir, c->slug, NULL);
      c->test_path = g_strconcat ("/diff-roundtrip/", c->slug, NULL);
      g_ptr_array_add (cases, c);
      g_test_add_data_func (c->test_path, c, run_case);
    }

  status = g_test_run ();

  /* Every queued case finishes (they were queued only if GLib would run
   * them) before the cases are freed. */
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  g_clear_pointer (&cases, g_ptr_array_unref);
  g_clear_pointer (&only_paths, g_ptr_array_unref);
  g_clear_pointer (&skip_paths, g_ptr_array_unref);
  g_clear_pointer (&base_conninfo, g_free);
  g_clear_pointer (&admin_conninfo, g_free);
  return status;
}
