/* diff-peers.c: Sluice's schema diff against apgdiff and migra, case by case
 *
 * For every case of tests/pg/diff-cases/ (a before.sql and an after.sql),
 * on the pg harness's cluster: loads both into fresh databases, then lets
 * each tool write the DDL that turns "before" into "after" and applies it
 * to a copy of "before" with psql (autocommit, stopping at the first
 * error), as a person would run the tool's output:
 *
 *  - sluice:  SluiceDiff of the two live catalogs, sluice_diff_to_sql();
 *  - apgdiff: `apgdiff BEFORE.sql AFTER.sql` on `pg_dump --schema-only` of
 *             both databases (apgdiff from Debian);
 *  - migra:   `migra run FROM TO --unsafe --with-privileges` on the two live
 *             databases (@pgkit/migra from tests/interop's npm install).
 *
 * The result is judged by Sluice's own diff (no flags: owners, privileges
 * and comments count) between the copy and "after": "ok" when empty,
 * "wrong" when the DDL ran but left differences, "error" when the tool
 * failed or its DDL did not run.  Prints one line per case and the table
 * with totals; --markdown FILE writes the table for the README too.
 *
 * Fails when a tool is missing (never skipped), when a case does not load,
 * or when Sluice itself does not get a case right; what the peers get
 * wrong is what is being measured, not a failure.
 *
 * Speed: the time goes to the subprocesses (a JVM, node, psql, pg_dump)
 * and the server, so the cases run in a small pool of worker threads, each
 * with its own main context, databases and folder; the main thread prints
 * each case's line in the cases' order as soon as it and those before it
 * are done, so the output is the same as one case after the other.
 * $SLUICE_DIFF_PEERS_JOBS sets the number of workers (default 4; 1 runs
 * the cases one after the other).
 *
 * Usage: diff-peers [--cases DIR] [--case SLUG]... [--markdown FILE]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sluice.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

/* The tools mostly wait for the server or start a runtime (a JVM, node):
 * more workers than the two cores still pay. */
#define DEFAULT_JOBS 4

typedef enum
{
  VERDICT_OK,
  VERDICT_WRONG,
  VERDICT_ERROR,
  N_VERDICTS
} Verdict;

static const char * const verdict_names[N_VERDICTS] = { "ok", "wrong", "error" };

typedef enum
{
  TOOL_SLUICE,
  TOOL_APGDIFF,
  TOOL_MIGRA,
  N_TOOLS
} Tool;

static const char * const tool_names[N_TOOLS] = { "sluice", "apgdiff", "migra" };

typedef struct
{
  guint    index;
  char    *slug;
  /* Under results_lock. */
  gboolean done;
  /* Written by the worker before done, read by the main thread after. */
  gboolean broken;             /* the case did not load, or no snapshot */
  double   total_s;
  Verdict  verdicts[N_TOOLS];
  char    *details[N_TOOLS];   /* why, when not ok */
  /* Where the time went, in seconds: preparing the databases, Sluice
   * (while the peers run), then waiting for each peer and judging it,
   * dropping the databases. */
  double   setup_s;
  double   tool_s[N_TOOLS];
  double   cleanup_s;
} CaseResult;

static void
case_result_free (CaseResult *result)
{
  g_free (result->slug);
  for (guint i = 0; i < N_TOOLS; i++)
    g_free (result->details[i]);
  g_free (result);
}

typedef struct
{
  char *psql;
  char *pg_dump;
  char *apgdiff;
  char *migra;
  char *work_dir;
  char *admin;
  char *cases_dir;
} Peers;

static GMutex results_lock;
static GCond  result_done;
/* Roles are cluster-wide: cases create theirs in DO blocks that check
 * first, which two loads running at once could both pass.  Loads are
 * short; they run one at a time. */
static GMutex load_lock;

/* Databases */

static char *
conninfo_for (const char *dbname)
{
  return g_strdup_printf ("host='%s' port=%s user='%s' dbname='%s' application_name=sluice-diff-peers",
                          sluice_test_pg_host (), sluice_test_pg_port (), sluice_test_pg_user (), dbname);
}

/* migra takes URLs; node-postgres reads the socket directory from "host". */
static char *
url_for (const char *dbname)
{
  g_autofree char *user = g_uri_escape_string (sluice_test_pg_user (), NULL, FALSE);
  g_autofree char *db = g_uri_escape_string (dbname, NULL, FALSE);
  g_autofree char *host = g_uri_escape_string (sluice_test_pg_host (), NULL, FALSE);

  return g_strdup_printf ("postgresql://%s@localhost/%s?host=%s&port=%s",
                          user, db, host, sluice_test_pg_port ());
}

/* A new database ("peers_N_@what", N the case's number), empty or a copy
 * of @template (which nobody may be connected to).  FILE_COPY copies the
 * template's files and checkpoints around it; WAL_LOG (PostgreSQL 15's
 * default) writes every block to the WAL.  Without fsync (see
 * make_cluster_throwaway()) the checkpoints are cheap. */
static char *
create_database (Peers      *peers,
                 guint       index,
                 const char *what,
                 const char *template)
{
  g_autofree char *sql = NULL;
  char *name = g_strdup_printf ("peers_%u_%s", index, what);

  if (template != NULL)
    sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY", name, template);
  else
    sql = g_strdup_printf ("CREATE DATABASE %s STRATEGY FILE_COPY", name);
  sluice_test_pg_exec (peers->admin, sql);
  return name;
}

static void
drop_database (Peers      *peers,
               const char *name)
{
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);

  sluice_test_pg_exec (peers->admin, sql);
}

/* Tools */

/* The server's own client programs: pg_dump refuses a newer server, and
 * an older pg_dump than the server would not be a fair comparison.  Debian
 * keeps them in /usr/lib/postgresql/MAJOR/bin; elsewhere, wherever
 * sluice_find_pg_bindir() finds the server's programs. */
static char *
server_bindir (const char  *conninfo,
               GError     **error)
{
  g_autoptr(GPtrArray) rows = sluice_test_pg_rows (conninfo, "SELECT current_setting ('server_version_num')::integer / 10000");
  g_autofree char *debian = g_strdup_printf ("/usr/lib/postgresql/%s/bin", ((char **) g_ptr_array_index (rows, 0))[0]);
  g_autofree char *pg_dump = g_build_filename (debian, "pg_dump", NULL);

  if (g_file_test (pg_dump, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&debian);
  return sluice_find_pg_bindir (error);
}

/* The first @max non-empty lines of @text, joined on one line. */
static char *
first_lines (const char *text,
             guint       max)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL && n < max; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, " | ");
      g_string_append (out, lines[i]);
      n++;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Runs the SQL file at @path on @dbname with psql, autocommit, stopping
 * at the first error: FALSE with what psql said in @details. */
static gboolean
run_sql_file (Peers       *peers,
              const char  *dbname,
              const char  *path,
              char       **details)
{
  g_autofree char *conninfo = conninfo_for (dbname);
  SluiceToolRun run = { 0 };
  gboolean ok;

  sluice_test_run_program (&run, NULL, (const char * const []) { "PGOPTIONS=-c client_min_messages=warning", NULL },
                           (const char * const []) { peers->psql, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                                     "-d", conninfo, "-f", path, NULL });
  ok = run.status == 0;
  if (!ok && details != NULL)
    *details = first_lines (run.err, 2);
  sluice_tool_run_clear (&run);
  return ok;
}

/* Loads a case's SQL file, one load at a time (see load_lock). */
static gboolean
load_case_file (Peers       *peers,
                const char  *dbname,
                const char  *path,
                char       **details)
{
  gboolean ok;

  g_mutex_lock (&load_lock);
  ok = run_sql_file (peers, dbname, path, details);
  g_mutex_unlock (&load_lock);
  return ok;
}

static gboolean
on_wait_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* sluice_test_wait_for() for a worker: spins the thread's own context
 * (where its async operations complete) until *@flag is set. */
static void
wait_in_thread (const gboolean *flag,
                guint           timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  gboolean timed_out = FALSE;

  g_source_set_callback (timeout, on_wait_timeout, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!*flag && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);

  if (timed_out)
    g_error ("timed out after %u ms", timeout_ms);
}

/* A program running while we do something else, its standard output
 * going to a file: node programs that end with process.exit() lose what
 * they wrote past the 64 KiB of a pipe. */
typedef struct
{
  GSubprocess *subprocess;
  gboolean     done;
  char        *err;
  int          status;   /* exit status; -1 when it did not exit normally */
} Background;

static void
on_background_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Background *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (run->subprocess, result, NULL, &run->err, &error))
    g_error ("reading a program's output: %s", error->message);
  run->status = g_subprocess_get_if_exited (run->subprocess) ? g_subprocess_get_exit_status (run->subprocess) : -1;
  run->done = TRUE;
}

static void
background_start (Background         *run,
                  const char         *cwd,
                  const char         *output_path,
                  const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_set_stdout_file_path (launcher, output_path);
  run->subprocess = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (run->subprocess, NULL, NULL, on_background_done, run);
}

/* Waits for the program's end (a tool that hangs fails the whole run:
 * the harness's watchdog stops it). */
static void
background_wait (Background *run)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  while (!run->done)
    g_main_context_iteration (context, TRUE);
  g_clear_object (&run->subprocess);
}

static void
background_clear (Background *run)
{
  g_clear_object (&run->subprocess);
  g_clear_pointer (&run->err, g_free);
}

static gboolean
dump_schema (Peers      *peers,
             const char *dbname,
             const char *path)
{
  g_autofree char *conninfo = conninfo_for (dbname);
  SluiceToolRun run = { 0 };
  gboolean ok;

  sluice_test_run_program (&run, NULL, NULL,
                           (const char * const []) { peers->pg_dump, "--schema-only", "-f", path,
                                                     "-d", conninfo, NULL });
  ok = run.status == 0;
  if (!ok)
    g_printerr ("pg_dump of %s failed: %s\n", dbname, run.err);
  sluice_tool_run_clear (&run);
  return ok;
}

/* Catalogs */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static SluiceCatalog *
capture (const char  *dbname,
         GError     **error)
{
  g_autofree char *conninfo = conninfo_for (dbname);
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  g_autoptr(SluiceCatalog) catalog = NULL;
  Wait wait = { 0 };
  gboolean connected;

  sluice_connection_connect_async (connection, NULL, on_done, &wait);
  wait_in_thread (&wait.done, 120000);
  connected = sluice_connection_connect_finish (connection, wait.result, error);
  g_clear_object (&wait.result);
  if (!connected)
    return NULL;

  wait.done = FALSE;
  sluice_catalog_capture_async (connection, NULL, NULL, on_done, &wait);
  wait_in_thread (&wait.done, 300000);
  catalog = sluice_catalog_capture_finish (wait.result, error);
  g_clear_object (&wait.result);
  sluice_connection_close (connection);
  return g_steal_pointer (&catalog);
}

/* What differs, in a few words: "changed column public.t.c (type), added
 * index public.i (+2 more)". */
static char *
summarize_diff (SluiceDiff *diff)
{
  GPtrArray *changes = sluice_diff_get_changes (diff);
  g_autoptr(GString) out = g_string_new (NULL);
  guint shown = MIN (changes->len, 3);

  for (guint i = 0; i < shown; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s %s", sluice_change_kind_to_string (change->kind),
                              sluice_catalog_object_get_identity (object));
      if (change->attributes != NULL && change->attributes->len > 0)
        {
          g_string_append (out, " (");
          for (guint j = 0; j < change->attributes->len; j++)
            {
              const SluiceAttributeChange *attribute = g_ptr_array_index (change->attributes, j);

              g_string_append_printf (out, "%s%s", j > 0 ? ", " : "", attribute->name);
            }
          g_string_append (out, ")");
        }
    }
  if (changes->len > shown)
    g_string_append_printf (out, " (+%u more)", changes->len - shown);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Judges @dbname, where a tool's DDL ran, against "after". */
static Verdict
judge (const char     *dbname,
       SluiceCatalog  *after,
       char          **details)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceCatalog) result = capture (dbname, &error);
  g_autoptr(SluiceDiff) diff = NULL;

  if (result == NULL)
    {
      *details = g_strdup_printf ("no snapshot of the result: %s", error->message);
      return VERDICT_ERROR;
    }

  diff = sluice_diff_new (result, after, 0);
  if (sluice_diff_is_empty (diff))
    return VERDICT_OK;

  *details = summarize_diff (diff);
  return VERDICT_WRONG;
}

/* The tools, each from "before" (or its copy @target) to "after" */

static Verdict
run_sluice (Peers          *peers,
            const char     *case_dir,
            const char     *target,
            SluiceCatalog  *after,
            char          **details)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceCatalog) before = capture (target, &error);
  g_autoptr(SluiceDiff) diff = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *path = g_build_filename (case_dir, "sluice.sql", NULL);

  if (before == NULL)
    {
      *details = g_strdup_printf ("no snapshot of before: %s", error->message);
      return VERDICT_ERROR;
    }

  diff = sluice_diff_new (before, after, 0);
  sql = sluice_diff_to_sql (diff, FALSE);
  sluice_test_write_file (path, sql);
  if (!run_sql_file (peers, target, path, details))
    return VERDICT_ERROR;
  return judge (target, after, details);
}

/* pg_dump writes psql's \restrict and \unrestrict meta-commands around
 * the SQL (since 15.14); apgdiff reads SQL only and stops at them.  They
 * are no part of the schema: leave them out of what apgdiff reads. */
static void
strip_psql_meta_commands (const char *path)
{
  g_autofree char *text = sluice_test_read_file (path);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) kept = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "\\restrict ") || g_str_has_prefix (lines[i], "\\unrestrict "))
        continue;
      g_string_append (kept, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (kept, '\n');
    }
  sluice_test_write_file (path, kept->str);
}

static void
start_apgdiff (Peers      *peers,
               const char *case_dir,
               const char *before_dump,
               const char *after_dump,
               Background *run)
{
  g_autofree char *path = g_build_filename (case_dir, "apgdiff.sql", NULL);

  background_start (run, case_dir, path,
                    (const char * const []) { peers->apgdiff, before_dump, after_dump, NULL });
}

static void
start_migra (Peers      *peers,
             const char *case_dir,
             const char *target,
             const char *after_db,
             Background *run)
{
  g_autofree char *path = g_build_filename (case_dir, "migra.sql", NULL);
  g_autofree char *from = url_for (target);
  g_autofree char *to = url_for (after_db);

  background_start (run, case_dir, path,
                    (const char * const []) { peers->migra, "run", from, to, "--unsafe", "--with-privileges", NULL });
}

/* Waits for @tool, then applies what it wrote to @target and judges. */
static Verdict
finish_peer (Peers          *peers,
             Tool            tool,
             Background     *run,
             const char     *case_dir,
             const char     *target,
             SluiceCatalog  *after,
             char          **details)
{
  g_autofree char *file_name = g_strdup_printf ("%s.sql", tool_names[tool]);
  g_autofree char *path = g_build_filename (case_dir, file_name, NULL);

  background_wait (run);
  /* @pgkit/migra exits 0 whether or not the databases differ, 1 when it
   * fails; Python's migra exits 2 when they differ: both mean success. */
  if (run->status != 0 && !(tool == TOOL_MIGRA && run->status == 2))
    {
      g_autofree char *said = first_lines (run->err, 2);

      *details = g_strdup_printf ("%s exit %d: %s", tool_names[tool], run->status, said);
      return VERDICT_ERROR;
    }

  if (!run_sql_file (peers, target, path, details))
    return VERDICT_ERROR;
  return judge (target, after, details);
}

/* One case */

/* Seconds since *@step, which moves to now. */
static double
seconds_since (gint64 *step)
{
  gint64 now = g_get_monotonic_time ();
  double seconds = (now - *step) / 1e6;

  *step = now;
  return seconds;
}

static void
run_case (Peers      *peers,
          CaseResult *result)
{
  const char *cases_dir = peers->cases_dir;
  const char *slug = result->slug;
  g_autofree char *before_sql = g_build_filename (cases_dir, slug, "before.sql", NULL);
  g_autofree char *after_sql = g_build_filename (cases_dir, slug, "after.sql", NULL);
  g_autofree char *case_dir = g_build_filename (peers->work_dir, slug, NULL);
  g_autofree char *before_dump = g_build_filename (case_dir, "before.dump.sql", NULL);
  g_autofree char *after_dump = g_build_filename (case_dir, "after.dump.sql", NULL);
  g_autofree char *before_db = NULL;
  g_autofree char *after_db = NULL;
  g_autofree char *apgdiff_db = NULL;
  g_autofree char *migra_db = NULL;
  g_autofree char *load_error = NULL;
  g_autoptr(SluiceCatalog) after = NULL;
  g_autoptr(GError) error = NULL;
  Background apgdiff = { 0 };
  Background migra = { 0 };
  gint64 step = g_get_monotonic_time ();

  g_mkdir_with_parents (case_dir, 0700);

  before_db = create_database (peers, result->index, "before", NULL);
  after_db = create_database (peers, result->index, "after", NULL);
  if (!load_case_file (peers, before_db, before_sql, &load_error) ||
      !load_case_file (peers, after_db, after_sql, &load_error))
    {
      g_printerr ("%s: the case does not load: %s\n", slug, load_error);
      result->broken = TRUE;
      for (guint i = 0; i < N_TOOLS; i++)
        {
          result->verdicts[i] = VERDICT_ERROR;
          result->details[i] = g_strdup ("the case does not load");
        }
      goto out;
    }

  after = capture (after_db, &error);
  if (after == NULL ||
      !dump_schema (peers, before_db, before_dump) ||
      !dump_schema (peers, after_db, after_dump))
    {
      g_printerr ("%s: no snapshot or dump of the case: %s\n", slug, error != NULL ? error->message : "pg_dump failed");
      result->broken = TRUE;
      for (guint i = 0; i < N_TOOLS; i++)
        {
          result->verdicts[i] = VERDICT_ERROR;
          result->details[i] = g_strdup ("no snapshot or dump of the case");
        }
      goto out;
    }

  /* Copies first: nobody may be connected to a template. */
  apgdiff_db = create_database (peers, result->index, "apgdiff", before_db);
  migra_db = create_database (peers, result->index, "migra", before_db);

  /* The peers (a JVM, node) start while Sluice works: the three run at
   * once, each on its own database. */
  strip_psql_meta_commands (before_dump);
  strip_psql_meta_commands (after_dump);
  start_apgdiff (peers, case_dir, before_dump, after_dump, &apgdiff);
  start_migra (peers, case_dir, migra_db, after_db, &migra);

  result->setup_s = seconds_since (&step);

  result->verdicts[TOOL_SLUICE] = run_sluice (peers, case_dir, before_db, after,
                                              &result->details[TOOL_SLUICE]);
  result->tool_s[TOOL_SLUICE] = seconds_since (&step);
  result->verdicts[TOOL_APGDIFF] = finish_peer (peers, TOOL_APGDIFF, &apgdiff, case_dir, apgdiff_db, after,
                                                &result->details[TOOL_APGDIFF]);
  result->tool_s[TOOL_APGDIFF] = seconds_since (&step);
  result->verdicts[TOOL_MIGRA] = finish_peer (peers, TOOL_MIGRA, &migra, case_dir, migra_db, after,
                                              &result->details[TOOL_MIGRA]);
  result->tool_s[TOOL_MIGRA] = seconds_since (&step);

out:
  background_clear (&apgdiff);
  background_clear (&migra);
  {
    const char *databases[] = { before_db, after_db, apgdiff_db, migra_db };

    for (guint i = 0; i < G_N_ELEMENTS (databases); i++)
      if (databases[i] != NULL)
        drop_database (peers, databases[i]);
  }
  sluice_test_remove_tree (case_dir);
  result->cleanup_s = seconds_since (&step);
}

/* A worker: one case in the thread's own main context. */
static void
run_case_in_worker (gpointer data,
                    gpointer user_data)
{
  CaseResult *result = data;
  Peers *peers = user_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  gint64 start = g_get_monotonic_time ();

  g_main_context_push_thread_default (context);
  run_case (peers, result);
  /* Whatever the finished operations left queued for this context. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  g_mutex_lock (&results_lock);
  result->total_s = (g_get_monotonic_time () - start) / 1e6;
  result->done = TRUE;
  g_cond_broadcast (&result_done);
  g_mutex_unlock (&results_lock);
}

static void
wait_for_result (CaseResult *result)
{
  g_mutex_lock (&results_lock);
  while (!result->done)
    g_cond_wait (&result_done, &results_lock);
  g_mutex_unlock (&results_lock);
}

/* The harness's cluster is this run's alone and thrown away after it:
 * no fsync, so that the checkpoints CREATE and DROP DATABASE wait for do
 * not wait for the disk, hundreds of times; no full-page images in the
 * WAL either.  Both take effect on reload. */
static void
make_cluster_throwaway (Peers *peers)
{
  sluice_test_pg_exec (peers->admin, "ALTER SYSTEM SET fsync = off");
  sluice_test_pg_exec (peers->admin, "ALTER SYSTEM SET full_page_writes = off");
  sluice_test_pg_exec (peers->admin, "SELECT pg_reload_conf ()");
}

static guint
jobs_from_environment (void)
{
  const char *text = g_getenv ("SLUICE_DIFF_PEERS_JOBS");
  g_autoptr(GError) error = NULL;
  guint64 jobs = DEFAULT_JOBS;

  if (text != NULL && *text != '\0' &&
      !g_ascii_string_to_unsigned (text, 10, 1, 64, &jobs, &error))
    g_error ("SLUICE_DIFF_PEERS_JOBS: %s", error->message);
  return (guint) jobs;
}

/* The table */

static char *
format_table (GPtrArray *results)
{
  g_autoptr(GString) out = g_string_new ("| case | sluice | apgdiff | migra |\n|---|---|---|---|\n");
  guint totals[N_TOOLS][N_VERDICTS] = { { 0 } };

  for (guint i = 0; i < results->len; i++)
    {
      const CaseResult *result = g_ptr_array_index (results, i);

      g_string_append_printf (out, "| %s |", result->slug);
      for (guint t = 0; t < N_TOOLS; t++)
        {
          g_string_append_printf (out, " %s |", verdict_names[result->verdicts[t]]);
          totals[t][result->verdicts[t]]++;
        }
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "| **%u cases: ok / wrong / error** |", results->len);
  for (guint t = 0; t < N_TOOLS; t++)
    g_string_append_printf (out, " **%u** / %u / %u |",
                            totals[t][VERDICT_OK], totals[t][VERDICT_WRONG], totals[t][VERDICT_ERROR]);
  g_string_append_c (out, '\n');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* g_ptr_array_sort () passes pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_cases (const char  *cases_dir,
            char       **only,
            GError     **error)
{
  g_autoptr(GPtrArray) slugs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (cases_dir, 0, error);
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *before = g_build_filename (cases_dir, name, "before.sql", NULL);
      g_autofree char *after = g_build_filename (cases_dir, name, "after.sql", NULL);

      if (only != NULL && !g_strv_contains ((const char * const *) only, name))
        continue;
      if (g_file_test (before, G_FILE_TEST_IS_REGULAR) && g_file_test (after, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (slugs, g_strdup (name));
    }
  g_ptr_array_sort (slugs, compare_strings);
  return g_steal_pointer (&slugs);
}

/* A tool's path, or NULL with a message saying how to get it. */
static char *
find_tool (const char *name,
           const char *path,
           const char *how)
{
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (path);
  if (path == NULL)
    {
      char *found = g_find_program_in_path (name);

      if (found != NULL)
        return found;
    }
  g_printerr ("diff-peers: %s is missing (%s): %s\n", name, path != NULL ? path : "not in PATH", how);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) slugs = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) case_result_free);
  GThreadPool *pool = NULL;
  g_autofree char *cases_dir = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *bindir = NULL;
  g_autofree char *migra_path = NULL;
  g_autofree char *table = NULL;
  g_auto(GStrv) only = NULL;
  Peers peers = { 0 };
  guint jobs = jobs_from_environment ();
  gboolean broken = FALSE;
  guint sluice_not_ok = 0;
  gint64 start = g_get_monotonic_time ();
  const GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_FILENAME, &cases_dir, "The folder of the cases (tests/pg/diff-cases)", "DIR" },
    { "case", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only, "Run only this case (repeatable)", "SLUG" },
    { "markdown", 0, 0, G_OPTION_ARG_FILENAME, &markdown, "Also write the table to FILE", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* Line by line, so that a log shows how far a long run got. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (cases_dir == NULL)
    cases_dir = g_strdup (SLUICE_DIFF_CASES_DIR);

  peers.admin = sluice_test_pg_admin_conninfo ();
  bindir = server_bindir (peers.admin, &error);
  if (bindir == NULL)
    {
      g_printerr ("diff-peers: %s\n", error->message);
      return 1;
    }
  {
    g_autofree char *psql = g_build_filename (bindir, "psql", NULL);
    g_autofree char *pg_dump = g_build_filename (bindir, "pg_dump", NULL);

    migra_path = g_build_filename (sluice_test_interop_dir (), "node_modules", ".bin", "migra", NULL);
    peers.psql = find_tool ("psql", psql, "install postgresql-client-15");
    peers.pg_dump = find_tool ("pg_dump", pg_dump, "install postgresql-client-15");
    peers.apgdiff = find_tool ("apgdiff", NULL, "install Debian's apgdiff (build-aux/dev.sh test does)");
    peers.migra = find_tool ("migra", migra_path, "run `npm ci` in tests/interop (build-aux/dev.sh test does)");
  }
  if (peers.psql == NULL || peers.pg_dump == NULL || peers.apgdiff == NULL || peers.migra == NULL)
    return 1;

  slugs = list_cases (cases_dir, only, &error);
  if (slugs == NULL)
    {
      g_printerr ("diff-peers: %s\n", error->message);
      return 1;
    }
  if (slugs->len == 0)
    {
      g_printerr ("diff-peers: no case in %s\n", cases_dir);
      return 1;
    }

  peers.work_dir = g_dir_make_tmp ("sluice-diff-peers-XXXXXX", &error);
  g_assert_no_error (error);

  peers.cases_dir = g_strdup (cases_dir);
  make_cluster_throwaway (&peers);

  for (guint i = 0; i < slugs->len; i++)
    {
      CaseResult *result = g_new0 (CaseResult, 1);

      result->index = i + 1;
      result->slug = g_strdup (g_ptr_array_index (slugs, i));
      g_ptr_array_add (results, result);
    }

  pool = g_thread_pool_new (run_case_in_worker, &peers, (int) jobs, FALSE, &error);
  g_assert_no_error (error);
  /* In the cases' order, so that the first lines come first. */
  for (guint i = 0; i < results->len; i++)
    if (!g_thread_pool_push (pool, g_ptr_array_index (results, i), &error))
      g_error ("queueing a case: %s", error->message);

  printf ("%u cases from %s (%u at a time)\n", slugs->len, cases_dir, jobs);
  for (guint i = 0; i < results->len; i++)
    {
      CaseResult *result = g_ptr_array_index (results, i);

      wait_for_result (result);
      if (result->broken)
        broken = TRUE;
      if (result->verdicts[TOOL_SLUICE] != VERDICT_OK)
        sluice_not_ok++;

      printf ("[%u/%u] %s: sluice %s, apgdiff %s, migra %s (%.1f s: databases %.1f, sluice %.1f,"
              " then apgdiff %.1f, migra %.1f, drop %.1f)\n", i + 1, results->len, result->slug,
              verdict_names[result->verdicts[TOOL_SLUICE]],
              verdict_names[result->verdicts[TOOL_APGDIFF]],
              verdict_names[result->verdicts[TOOL_MIGRA]],
              result->total_s,
              result->setup_s, result->tool_s[TOOL_SLUICE], result->tool_s[TOOL_APGDIFF],
              result->tool_s[TOOL_MIGRA], result->cleanup_s);
      for (guint t = 0; t < N_TOOLS; t++)
        if (result->details[t] != NULL)
          printf ("    %s: %s\n", tool_names[t], result->details[t]);
      fflush (stdout);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  table = format_table (results);
  printf ("\n%s\n", table);
  printf ("%u cases in %.0f s\n", results->len, (g_get_monotonic_time () - start) / 1e6);

  if (markdown != NULL && !g_file_set_contents (markdown, table, -1, &error))
    {
      g_printerr ("diff-peers: %s\n", error->message);
      return 1;
    }

  sluice_test_remove_tree (peers.work_dir);
  g_free (peers.psql);
  g_free (peers.pg_dump);
  g_free (peers.apgdiff);
  g_free (peers.migra);
  g_free (peers.work_dir);
  g_free (peers.admin);
  g_free (peers.cases_dir);

  if (broken)
    {
      g_printerr ("diff-peers: some cases did not load (see above)\n");
      return 1;
    }
  if (sluice_not_ok > 0)
    {
      g_printerr ("diff-peers: Sluice did not get %u case(s) right (see above; tests/pg/test-diff-roundtrip says more)\n",
                  sluice_not_ok);
      return 1;
    }
  return 0;
}
