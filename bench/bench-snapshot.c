/* bench-snapshot.c: snapshots and diffs of a 10,000-table schema, against
 * pg_dump --schema-only and migra, and their self-consistency
 *
 * Generates the large schema of bench/bench-schema-generate.sql (10,000
 * tables, 25,000 indexes, 8,000 foreign keys, 1,000 views, 1,000
 * functions ...) in a fresh database of the pg harness's cluster, then
 * prints, in one run:
 *
 *  - the time Sluice takes to snapshot it (sluice_catalog_capture_async,
 *    connection included; --runs runs after an untimed one), against
 *    `pg_dump --schema-only` of the same database (the server's own
 *    pg_dump, as many runs) and against migra (@pgkit/migra from
 *    tests/interop, from an empty database to this one, so that it reads
 *    the whole schema; one run, stopped after --migra-limit seconds: on
 *    10,000 tables it takes far longer), with the ratios and the 10x
 *    target;
 *  - saving the first snapshot to a file and loading it back: times and
 *    size;
 *  - self-consistency: the loaded file against a later live snapshot must
 *    be an empty diff; anything else fails the benchmark (correctness,
 *    not timing);
 *  - the diff of two such catalogs (before and after twenty changes made
 *    by hand on the same database) against the 200 ms target, and the time
 *    to write its DDL; then the DDL from "after" back to "before", applied,
 *    must leave an empty diff to "before", which fails the benchmark
 *    otherwise;
 *  - peak memory (ru_maxrss) and the heap one catalog holds (mallinfo2).
 *
 * On a loaded machine wall time is several times the CPU time, so the
 * snapshot, pg_dump and the diff print both, and the ratios on both:
 * Sluice's CPU is the process's (getrusage RUSAGE_SELF: the capture
 * builds the catalog in a worker thread), pg_dump's is the child's
 * (RUSAGE_CHILDREN deltas), the diff's is its thread's
 * (CLOCK_THREAD_CPUTIME_ID).  The server's side is the CPU of the backend
 * that served each (it has exited by then: the postmaster's cutime and
 * cstime in /proc/PID/stat, which count its reaped children; an
 * autovacuum worker that ends at the same moment would count too).
 *
 * Usage: bench-snapshot [--tables N] [--runs R] [--no-migra] [--migra-limit S]
 *                       [--reuse DBNAME]
 *        bench-snapshot --from-file A.json --to-file B.json
 * The second form only times the diff of two snapshot files (and its DDL)
 * against the 200 ms target, without a server: write the files once with
 * `sluice-cli snapshot` and measure the diff engine in seconds.
 * --reuse measures a database generated before (the changes are made in
 * it, then undone).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <pg_query.h>

#include "sluice.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

#define SNAPSHOT_TARGET_RATIO 10.0
#define DIFF_TARGET_MS 200.0
#define DIFF_RUNS 5

static int n_tables = 10000;
static int n_runs = 1;
static gboolean no_migra = FALSE;
static int migra_limit_s = 60;
static char *reuse_database = NULL;
static char *from_file_path = NULL;
static char *to_file_path = NULL;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2.0;
}

static double
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  /* kilobytes on Linux */
}

static double
heap_in_use_mib (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

static char *
conninfo_for (const char *dbname)
{
  return g_strdup_printf ("host='%s' port=%s user='%s' dbname='%s' application_name=sluice-bench",
                          sluice_test_pg_host (), sluice_test_pg_port (), sluice_test_pg_user (), dbname);
}

static char *
url_for (const char *dbname)
{
  g_autofree char *user = g_uri_escape_string (sluice_test_pg_user (), NULL, FALSE);
  g_autofree char *db = g_uri_escape_string (dbname, NULL, FALSE);
  g_autofree char *host = g_uri_escape_string (sluice_test_pg_host (), NULL, FALSE);

  return g_strdup_printf ("postgresql://%s@localhost/%s?host=%s&port=%s",
                          user, db, host, sluice_test_pg_port ());
}

static PGconn *
connect_blocking (const char *conninfo)
{
  g_autoptr(PGconn) conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("connecting to %s: %s", conninfo, PQerrorMessage (conn));
  return g_steal_pointer (&conn);
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%.200s: %s", sql, PQresultErrorMessage (result));
}

static gint64
query_int (PGconn     *conn,
           const char *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != 1)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

/* CPU time */

static double
timeval_ms (const struct timeval *tv)
{
  return tv->tv_sec * 1000.0 + tv->tv_usec / 1000.0;
}

/* User + system CPU of this process (RUSAGE_SELF, every thread) or of its
 * waited-for children (RUSAGE_CHILDREN). */
static double
rusage_cpu_ms (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return timeval_ms (&usage.ru_utime) + timeval_ms (&usage.ru_stime);
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Fields of /proc/@pid/stat, from the state (field 3) on: the command
 * name before it may hold spaces.  NULL when it cannot be read (another
 * user's process, another machine's server). */
static char **
proc_stat_fields (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  end = strrchr (text, ')');
  if (end == NULL)
    return NULL;
  return g_strsplit (g_strstrip ((char *) end + 1), " ", -1);
}

/* The server's process that forks the backends: the parent of ours. */
static int
find_postmaster_pid (PGconn *conn)
{
  g_auto(GStrv) fields = proc_stat_fields ((int) query_int (conn, "SELECT pg_backend_pid ()"));

  if (fields == NULL || g_strv_length (fields) < 2)
    return -1;
  return (int) g_ascii_strtoll (fields[1], NULL, 10);   /* field 4, ppid */
}

/* The CPU of the postmaster's exited (reaped) children: a backend's CPU
 * lands there when its client disconnects.  -1 when it cannot be read. */
static double
reaped_backends_cpu_ms (int postmaster_pid)
{
  g_auto(GStrv) fields = postmaster_pid > 0 ? proc_stat_fields (postmaster_pid) : NULL;
  double ticks;

  if (fields == NULL || g_strv_length (fields) < 15)
    return -1;
  /* Fields 16 and 17: cutime and cstime, in clock ticks. */
  ticks = g_ascii_strtod (fields[13], NULL) + g_ascii_strtod (fields[14], NULL);
  return ticks * 1000.0 / sysconf (_SC_CLK_TCK);
}

/* A backend exits a moment after its client closed the connection, and
 * its CPU counts once the postmaster reaped it: waits until @count_sql
 * (how many such backends are still in pg_stat_activity) says none. */
static void
wait_for_backend_exit (PGconn     *monitor,
                       const char *count_sql)
{
  for (int i = 0; i < 200 && query_int (monitor, count_sql) > 0; i++)
    g_usleep (10000);
  /* Leaving pg_stat_activity comes just before the process ends. */
  g_usleep (50000);
}

/* Sends each statement of @sql alone (autocommit): the generator's DO
 * blocks commit as they go, which they may only do outside a transaction
 * block, and a multi-statement string would be one. */
static void
run_script (PGconn     *conn,
            const char *sql)
{
  PgQuerySplitResult split = pg_query_split_with_scanner (sql);

  if (split.error != NULL)
    g_error ("the script does not split: %s", split.error->message);

  for (int i = 0; i < split.n_stmts; i++)
    {
      g_autofree char *statement = g_strndup (sql + split.stmts[i]->stmt_location,
                                              split.stmts[i]->stmt_len);

      exec_or_die (conn, statement);
    }
  pg_query_free_split_result (split);
}

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

/* Generation */

static void
generate_schema (const char *conninfo)
{
  g_autoptr(PGconn) conn = connect_blocking (conninfo);
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *setting = g_strdup_printf ("SET sluice_bench.tables = '%d'", n_tables);
  gint64 start;

  if (!g_file_get_contents (SLUICE_BENCH_SCHEMA_SQL, &script, NULL, &error))
    g_error ("%s", error->message);

  exec_or_die (conn, setting);
  start = g_get_monotonic_time ();
  run_script (conn, script);
  printf ("generated the schema (bench/bench-schema-generate.sql, %d tables) in %.1f s\n",
          n_tables, ms_since (start) / 1000.0);

  /* A database that has lived for a while has statistics on its catalogs
   * (autovacuum gathers them); one generated a second ago has none, and
   * whether autovacuum's ANALYZE lands before or during the timed runs
   * would decide the figures (a capture on catalogs never analysed took
   * four times as long).  Both tools are measured on analysed catalogs. */
  start = g_get_monotonic_time ();
  exec_or_die (conn, "ANALYZE");
  printf ("  ANALYZE of the new catalogs: %.1f s\n", ms_since (start) / 1000.0);

  printf ("  in pg_catalog: %" G_GINT64_FORMAT " tables, %" G_GINT64_FORMAT " columns, %" G_GINT64_FORMAT
          " indexes (%" G_GINT64_FORMAT " not behind a constraint), %" G_GINT64_FORMAT " foreign keys, %"
          G_GINT64_FORMAT " views, %" G_GINT64_FORMAT " functions, %" G_GINT64_FORMAT " triggers; database %"
          G_GINT64_FORMAT " MiB\n",
          query_int (conn, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                           " WHERE c.relkind = 'r' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"),
          query_int (conn, "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                           " JOIN pg_namespace n ON n.oid = c.relnamespace"
                           " WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
                           " AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"),
          query_int (conn, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                           " JOIN pg_namespace n ON n.oid = c.relnamespace"
                           " WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"),
          query_int (conn, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                           " JOIN pg_namespace n ON n.oid = c.relnamespace"
                           " WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
                           " AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)"),
          query_int (conn, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"),
          query_int (conn, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                           " WHERE c.relkind = 'v' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"),
          query_int (conn, "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                           " WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"),
          query_int (conn, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"),
          query_int (conn, "SELECT pg_database_size(current_database()) / (1024 * 1024)"));
}

/* Snapshots */

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

/* A snapshot as a person waits for it: connecting, then capturing. */
static SluiceCatalog *
capture (const char *conninfo,
         double     *elapsed_ms)
{
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  g_autoptr(SluiceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  Wait wait = { 0 };

  sluice_connection_connect_async (connection, NULL, on_done, &wait);
  sluice_test_wait_for (&wait.done, 120000);
  if (!sluice_connection_connect_finish (connection, wait.result, &error))
    g_error ("connecting: %s", error->message);
  g_clear_object (&wait.result);

  wait.done = FALSE;
  sluice_catalog_capture_async (connection, NULL, NULL, on_done, &wait);
  sluice_test_wait_for (&wait.done, 600000);
  catalog = sluice_catalog_capture_finish (wait.result, &error);
  if (catalog == NULL)
    g_error ("snapshot: %s", error->message);
  g_clear_object (&wait.result);

  if (elapsed_ms != NULL)
    *elapsed_ms = ms_since (start);
  sluice_connection_close (connection);
  return g_steal_pointer (&catalog);
}

/* What no reader of the catalogs can do without: their rows as they are
 * stored (no joins, no names looked up, nothing formatted), plus the
 * deparsing only the server can do (defaults, check and exclusion
 * constraints, index expressions and predicates, views, functions,
 * triggers), pipelined on a fresh connection as a snapshot reads them
 * (columns that only newer servers have are left out: any version runs it).
 * pg_dump's time divided by this is the most any such reader could gain
 * over it here: the issue's 10x assumes the catalog queries are a small
 * part of pg_dump's time. */
static const char * const floor_queries[] = {
  "SELECT oid, relname, relnamespace, relkind, relowner, relacl, reloptions, relpersistence,"
  "       relispartition, relrowsecurity, relforcerowsecurity, relreplident, relam"
  "  FROM pg_class WHERE oid >= 16384",
  "SELECT attrelid, attnum, attname, atttypid, atttypmod, attnotnull, attidentity, attgenerated,"
  "       attcollation, attstorage, attstattarget, attislocal, attacl"
  "  FROM pg_attribute WHERE attrelid >= 16384 AND attnum > 0 AND NOT attisdropped",
  "SELECT indexrelid, indrelid, indnatts, indnkeyatts, indisunique, indisvalid,"
  "       indkey, indclass, indoption, indcollation,"
  "       CASE WHEN indexprs IS NOT NULL THEN pg_get_expr (indexprs, indrelid) END,"
  "       CASE WHEN indpred IS NOT NULL THEN pg_get_expr (indpred, indrelid) END"
  "  FROM pg_index WHERE indrelid >= 16384",
  "SELECT oid, conname, connamespace, contype, condeferrable, condeferred, convalidated, conrelid,"
  "       contypid, conindid, conparentid, confrelid, confupdtype, confdeltype, confmatchtype,"
  "       conislocal, conkey, confkey,"
  "       CASE WHEN contype IN ('c', 'x') THEN pg_get_constraintdef (oid) END"
  "  FROM pg_constraint WHERE oid >= 16384",
  /* A default cannot refer to columns: deparsed without opening its table. */
  "SELECT d.adrelid, d.adnum, pg_get_expr (d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END)"
  "  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
  " WHERE d.adrelid >= 16384",
  "SELECT classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype"
  "  FROM pg_depend WHERE objid >= 16384 AND deptype IN ('n', 'a', 'i')",
  "SELECT objoid, classoid, objsubid, description FROM pg_description WHERE objoid >= 16384",
  "SELECT oid, typname, typnamespace, typtype, typbasetype, typtypmod, typnotnull, typrelid, typacl"
  "  FROM pg_type WHERE oid >= 16384",
  "SELECT seqrelid, seqtypid, seqstart, seqincrement, seqmax, seqmin, seqcache, seqcycle FROM pg_sequence",
  "SELECT oid, pg_get_viewdef (oid, true) FROM pg_class WHERE relkind IN ('v', 'm') AND oid >= 16384",
  "SELECT oid, pg_get_functiondef (oid) FROM pg_proc WHERE oid >= 16384 AND prokind IN ('f', 'p')",
  "SELECT oid, pg_get_triggerdef (oid) FROM pg_trigger WHERE oid >= 16384 AND NOT tgisinternal",
};

/* Connecting, then the floor's queries in one pipeline: ms. */
static double
catalog_floor_ms (const char *conninfo)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PGconn) conn = connect_blocking (conninfo);
  guint n_results = 0;

  if (!PQenterPipelineMode (conn))
    g_error ("pipeline mode: %s", PQerrorMessage (conn));
  for (guint i = 0; i < G_N_ELEMENTS (floor_queries); i++)
    if (!PQsendQueryParams (conn, floor_queries[i], 0, NULL, NULL, NULL, NULL, 0))
      g_error ("floor query %u: %s", i, PQerrorMessage (conn));
  if (!PQpipelineSync (conn))
    g_error ("pipeline sync: %s", PQerrorMessage (conn));

  while (n_results < G_N_ELEMENTS (floor_queries))
    {
      g_autoptr(PGresult) result = PQgetResult (conn);

      if (result == NULL)
        {
          /* The end of one query's results, or of the connection. */
          if (PQstatus (conn) == CONNECTION_BAD)
            g_error ("floor queries: %s", PQerrorMessage (conn));
          continue;
        }
      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        g_error ("floor query %u: %s", n_results, PQresultErrorMessage (result));
      n_results++;
    }
  /* The sync's own result. */
  while (TRUE)
    {
      g_autoptr(PGresult) result = PQgetResult (conn);

      if (result != NULL && PQresultStatus (result) == PGRES_PIPELINE_SYNC)
        break;
      if (PQstatus (conn) == CONNECTION_BAD)
        g_error ("floor queries: %s", PQerrorMessage (conn));
    }

  return ms_since (start);
}

static void
print_counts (SluiceCatalog *catalog)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (int kind = 0; kind < SLUICE_CATALOG_N_KINDS; kind++)
    {
      guint count = sluice_catalog_count_kind (catalog, kind);

      if (count == 0)
        continue;
      g_string_append_printf (line, "%s%u %s", line->len > 0 ? ", " : "", count,
                              sluice_catalog_kind_to_string (kind));
    }
  printf ("  %u objects: %s\n", sluice_catalog_get_n_objects (catalog), line->str);
}

/* The first @max changes of a diff, one a line. */
static void
print_changes (SluiceDiff *diff,
               guint       max)
{
  GPtrArray *changes = sluice_diff_get_changes (diff);

  for (guint i = 0; i < changes->len && i < max; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;

      printf ("    %s %s", sluice_change_kind_to_string (change->kind),
              sluice_catalog_object_get_identity (object));
      for (guint j = 0; change->attributes != NULL && j < change->attributes->len; j++)
        {
          const SluiceAttributeChange *attribute = g_ptr_array_index (change->attributes, j);

          printf ("%s%s: %.60s -> %.60s", j == 0 ? " (" : "; ", attribute->name,
                  attribute->old_value != NULL ? attribute->old_value : "(none)",
                  attribute->new_value != NULL ? attribute->new_value : "(none)");
        }
      printf ("%s\n", change->attributes != NULL && change->attributes->len > 0 ? ")" : "");
    }
  if (changes->len > max)
    printf ("    ... and %u more\n", changes->len - max);
}

/* Diff timing ---------------------------------------------------------------- */

typedef struct
{
  GArray *wall;   /* ms, in run order */
  GArray *cpu;
} Timings;

static void
timings_init (Timings *timings)
{
  timings->wall = g_array_new (FALSE, FALSE, sizeof (double));
  timings->cpu = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
timings_clear (Timings *timings)
{
  g_clear_pointer (&timings->wall, g_array_unref);
  g_clear_pointer (&timings->cpu, g_array_unref);
}

/* "median 27.5 ms CPU (28.1 ms wall); runs 81.7, 27.4 ... ms CPU": the
 * first run is shown apart, as it may pay for the heap the capture or the
 * load left to sort (see below). */
static void
print_timings (const char *what,
               Timings    *timings,
               double     *median_cpu,
               double     *median_wall)
{
  g_autoptr(GString) runs = g_string_new (NULL);

  for (guint i = 0; i < timings->cpu->len; i++)
    g_string_append_printf (runs, "%s%.1f", i == 0 ? "" : ", ", g_array_index (timings->cpu, double, i));
  *median_cpu = median (timings->cpu);
  *median_wall = median (timings->wall);
  printf ("  %-9s median %.1f ms CPU (%.1f ms wall); each run, CPU: %s ms\n",
          what, *median_cpu, *median_wall, runs->str);
}

static const char *
target_verdict (double ms)
{
  return ms < DIFF_TARGET_MS ? "met" : "MISSED";
}

/* Diffs @from and @to DIFF_RUNS times, each a new diff then its DDL
 * (written on first request), and prints the times against the 200 ms
 * target.  CPU is the thread's (the diff has no threads of its own); wall
 * time on a loaded machine is several times that.  Returns the first
 * diff. */
static SluiceDiff *
time_diff (SluiceCatalog *from,
           SluiceCatalog *to)
{
  Timings diff_timings;
  Timings ddl_timings;
  SluiceDiff *first = NULL;
  double diff_cpu, diff_wall, ddl_cpu, ddl_wall, worst_cpu = 0;
  g_autofree char *describe = NULL;

  timings_init (&diff_timings);
  timings_init (&ddl_timings);

  for (int i = 0; i < DIFF_RUNS; i++)
    {
      g_autoptr(SluiceDiff) diff = NULL;
      double cpu = thread_cpu_ms ();
      gint64 start = g_get_monotonic_time ();
      double ms;

      diff = sluice_diff_new (from, to, 0);
      sluice_diff_is_empty (diff);
      ms = ms_since (start);
      cpu = thread_cpu_ms () - cpu;
      g_array_append_val (diff_timings.wall, ms);
      g_array_append_val (diff_timings.cpu, cpu);
      worst_cpu = MAX (worst_cpu, cpu);

      cpu = thread_cpu_ms ();
      start = g_get_monotonic_time ();
      sluice_diff_get_statements (diff);
      ms = ms_since (start);
      cpu = thread_cpu_ms () - cpu;
      g_array_append_val (ddl_timings.wall, ms);
      g_array_append_val (ddl_timings.cpu, cpu);

      if (first == NULL)
        first = g_steal_pointer (&diff);
    }

  printf ("diff of two catalogs of %u and %u objects: %u objects differ, %u DDL statements;"
          " %d runs, each a new diff then its DDL\n",
          sluice_catalog_get_n_objects (from), sluice_catalog_get_n_objects (to),
          sluice_diff_get_changes (first)->len, sluice_diff_get_statements (first)->len, DIFF_RUNS);
  print_timings ("diff:", &diff_timings, &diff_cpu, &diff_wall);
  print_timings ("its DDL:", &ddl_timings, &ddl_cpu, &ddl_wall);
  printf ("  DIFF TIME against the %.0f ms target: %.1f ms CPU = %.2f of the target (%.1fx under it)"
          " -- target %s on CPU; %.1f ms wall = %.2f -- %s on wall time; slowest run %.1f ms CPU -- %s\n",
          DIFF_TARGET_MS, diff_cpu, diff_cpu / DIFF_TARGET_MS, DIFF_TARGET_MS / MAX (diff_cpu, 0.001),
          target_verdict (diff_cpu), diff_wall, diff_wall / DIFF_TARGET_MS, target_verdict (diff_wall),
          worst_cpu, target_verdict (worst_cpu));
  printf ("  DIFF + DDL against the %.0f ms target: %.1f ms CPU = %.2f of the target (%.1fx under it)"
          " -- target %s on CPU; %.1f ms wall = %.2f -- %s on wall time (wall is %.1fx the CPU: the machine's load)\n",
          DIFF_TARGET_MS, diff_cpu + ddl_cpu, (diff_cpu + ddl_cpu) / DIFF_TARGET_MS,
          DIFF_TARGET_MS / MAX (diff_cpu + ddl_cpu, 0.001), target_verdict (diff_cpu + ddl_cpu),
          diff_wall + ddl_wall, (diff_wall + ddl_wall) / DIFF_TARGET_MS, target_verdict (diff_wall + ddl_wall),
          (diff_wall + ddl_wall) / MAX (diff_cpu + ddl_cpu, 0.001));
  describe = sluice_diff_describe (first);
  printf ("  %s\n", describe);

  timings_clear (&diff_timings);
  timings_clear (&ddl_timings);
  return first;
}

/* --from-file/--to-file: the diff of two snapshot files alone, no server
 * (write them once with `sluice-cli snapshot`). */
static int
diff_files (const char *from_path,
            const char *to_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from_file = g_file_new_for_commandline_arg (from_path);
  g_autoptr(GFile) to_file = g_file_new_for_commandline_arg (to_path);
  g_autoptr(SluiceCatalog) from = NULL;
  g_autoptr(SluiceCatalog) to = NULL;
  g_autoptr(SluiceDiff) diff = NULL;
  gint64 start = g_get_monotonic_time ();

  from = sluice_catalog_load_file (from_file, &error);
  if (from != NULL)
    to = sluice_catalog_load_file (to_file, &error);
  if (to == NULL)
    {
      fprintf (stderr, "bench-snapshot: %s\n", error->message);
      return 2;
    }
  printf ("loaded %s and %s in %.0f ms\n", from_path, to_path, ms_since (start));

  diff = time_diff (from, to);
  return 0;
}

/* Programs */

static double
run_timed (const char * const *argv,
           const char         *cwd,
           gsize              *output_size)
{
  SluiceToolRun run = { 0 };
  gint64 start = g_get_monotonic_time ();
  double ms;

  sluice_test_run_program (&run, cwd, NULL, argv);
  ms = ms_since (start);
  if (run.status != 0)
    g_error ("%s failed (exit %d): %.2000s", argv[0], run.status, run.err);
  if (output_size != NULL)
    *output_size = run.out != NULL ? strlen (run.out) : 0;
  sluice_tool_run_clear (&run);
  return ms;
}

typedef struct
{
  gboolean  done;
  gboolean  timed_out;
  char     *out;
  char     *err;
} LimitedRun;

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LimitedRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err, &error))
    g_error ("reading a program's output: %s", error->message);
  run->done = TRUE;
}

static gboolean
on_limit (gpointer user_data)
{
  LimitedRun *run = user_data;

  run->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs @argv in @cwd for at most @limit_s seconds (then kills it), its
 * output going to the file @output_path: node programs that end with
 * process.exit() lose what they wrote past the 64 KiB of a pipe.  Returns
 * the time it took, or -1 when it was killed. */
static double
run_limited (const char * const *argv,
             const char         *cwd,
             guint               limit_s,
             const char         *output_path,
             gsize              *output_size)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  gint64 start = g_get_monotonic_time ();
  LimitedRun run = { 0 };
  guint limit_id;
  double ms;
  int status;

  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_set_stdout_file_path (launcher, output_path);
  subprocess = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (subprocess == NULL)
    g_error ("%s: %s", argv[0], error->message);
  g_subprocess_communicate_utf8_async (subprocess, NULL, NULL, on_communicated, &run);
  limit_id = g_timeout_add_seconds (limit_s, on_limit, &run);
  while (!run.done && !run.timed_out)
    g_main_context_iteration (NULL, TRUE);
  ms = ms_since (start);

  if (run.timed_out)
    {
      g_subprocess_force_exit (subprocess);
      while (!run.done)
        g_main_context_iteration (NULL, TRUE);
      g_free (run.out);
      g_free (run.err);
      return -1;
    }
  g_source_remove (limit_id);

  status = g_subprocess_get_if_exited (subprocess) ? g_subprocess_get_exit_status (subprocess) : -1;
  /* migra exits 2 when the databases differ, as Python's migra does. */
  if (status != 0 && status != 2)
    g_error ("%s failed (exit %d): %.2000s", argv[0], status, run.err);
  if (!g_file_get_contents (output_path, &output, output_size, &error))
    g_error ("%s", error->message);
  g_free (run.out);
  g_free (run.err);
  return ms;
}

/* Changes of the kinds a release brings, each one Sluice's DDL can undo
 * (no enum value added: PostgreSQL cannot drop one). */
static const char * const modifications[] = {
  "ALTER TABLE app.accounts_00001 ADD COLUMN region text NOT NULL DEFAULT 'eu'",
  "ALTER TABLE billing.accounts_00002 ALTER COLUMN name TYPE varchar(200)",
  "ALTER TABLE inventory.accounts_00003 ALTER COLUMN updated_at SET DEFAULT now()",
  "ALTER TABLE crm.accounts_00004 DROP COLUMN payload",
  "ALTER TABLE inventory.accounts_00003 ALTER COLUMN duration SET NOT NULL",
  "DROP INDEX app.orders_00011_status_created_idx",
  "CREATE INDEX orders_00012_name_idx ON billing.orders_00012 (name)",
  "CREATE INDEX orders_00013_recent_idx ON inventory.orders_00013 (created_at) WHERE status = 'active'",
  "ALTER TABLE crm.orders_00014 ADD CONSTRAINT orders_00014_name_check CHECK (name <> '')",
  "CREATE OR REPLACE VIEW app.accounts_00001_v WITH (security_barrier) AS SELECT id, name, created_at, updated_at"
  " FROM app.accounts_00001 WHERE status = 'active'",
  "CREATE OR REPLACE FUNCTION crm.fn_0001 (p_id bigint) RETURNS text LANGUAGE sql STABLE STRICT PARALLEL SAFE"
  " AS $$SELECT upper(name) FROM crm.accounts_00004 WHERE id = p_id$$",
  "COMMENT ON TABLE shipping.accounts_00007 IS 'Renamed in spirit'",
  "COMMENT ON COLUMN support.accounts_00009.name IS NULL",
  "CREATE TABLE app.release_notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL,"
  " account_id bigint REFERENCES app.accounts_00001 (id))",
  "CREATE SCHEMA archive",
  "CREATE TABLE archive.old_orders (LIKE app.orders_00011 INCLUDING ALL)",
  /* On a table with privileges of its own already: on one with the
   * default ones (NULL relacl), the REVOKE that undoes this leaves an
   * explicit ACL equal to the default, which snapshots tell from NULL. */
  "GRANT SELECT ON reporting.accounts_00010 TO sluice_bench_reader",
  "ALTER TABLE support.accounts_00009 SET (fillfactor = 80)",
  "CREATE SEQUENCE reporting.invoice_numbers START 1000",
  NULL
};

static void
modify_database (const char *conninfo)
{
  g_autoptr(PGconn) conn = connect_blocking (conninfo);

  exec_or_die (conn, "SET client_min_messages = warning");
  for (guint i = 0; modifications[i] != NULL; i++)
    exec_or_die (conn, modifications[i]);
}

/* Applies the statements of @diff to @conninfo one by one (autocommit:
 * CONCURRENTLY refuses a transaction block); FALSE at the first error. */
static gboolean
apply_statements (const char *conninfo,
                  SluiceDiff *diff)
{
  g_autoptr(PGconn) conn = connect_blocking (conninfo);
  GPtrArray *statements = sluice_diff_get_statements (diff);

  exec_or_die (conn, "SET client_min_messages = warning");
  for (guint i = 0; i < statements->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);
      g_autoptr(PGresult) result = PQexec (conn, statement->sql);

      if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        {
          printf ("  FAILED: statement %u of %u: %s\n    %s", i + 1, statements->len,
                  statement->sql, PQresultErrorMessage (result));
          return FALSE;
        }
    }
  return TRUE;
}

/* A CPU figure, or why there is none. */
static char *
format_cpu (double ms)
{
  if (ms < 0)
    return g_strdup ("unknown (no /proc/PID/stat of the server)");
  return g_strdup_printf ("%.0f ms", ms);
}

/* The snapshot against pg_dump in CPU time too: on a loaded machine the
 * wall times mostly say how long each waited for a core. */
static void
print_cpu_comparison (double sluice_ms,
                      double sluice_cpu,
                      double sluice_server_cpu,
                      double dump_ms,
                      double dump_cpu,
                      double dump_server_cpu)
{
  g_autofree char *sluice_server = format_cpu (sluice_server_cpu);
  g_autofree char *dump_server = format_cpu (dump_server_cpu);

  printf ("  CPU: sluice %.0f ms (the process, every thread) + its backend %s;"
          " wall is %.1fx the two\n",
          sluice_cpu, sluice_server, sluice_ms / MAX (sluice_cpu + MAX (sluice_server_cpu, 0), 0.001));
  printf ("  CPU: pg_dump %.0f ms (the child process) + its backend %s;"
          " wall is %.1fx the two\n",
          dump_cpu, dump_server, dump_ms / MAX (dump_cpu + MAX (dump_server_cpu, 0), 0.001));
  printf ("  sluice is %.1fx faster than pg_dump in client CPU (target: %.0fx) %s\n",
          dump_cpu / MAX (sluice_cpu, 0.001), SNAPSHOT_TARGET_RATIO,
          dump_cpu / MAX (sluice_cpu, 0.001) >= SNAPSHOT_TARGET_RATIO ? "-- target met" : "-- TARGET MISSED");
  if (sluice_server_cpu >= 0 && dump_server_cpu >= 0)
    printf ("  client + server CPU: pg_dump's is %.1fx sluice's\n",
            (dump_cpu + dump_server_cpu) / MAX (sluice_cpu + sluice_server_cpu, 0.001));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sluice_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) dump_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) equal_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sluice_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sluice_server_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) dump_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) dump_server_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) equal_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PGconn) monitor = NULL;
  g_autofree char *capture_conninfo = NULL;
  g_autofree char *dump_conninfo = NULL;
  double sluice_cpu, sluice_server_cpu, dump_cpu, dump_server_cpu, equal_cpu;
  int postmaster_pid;
  g_autoptr(SluiceCatalog) catalog = NULL;
  g_autoptr(SluiceCatalog) loaded = NULL;
  g_autoptr(SluiceCatalog) live = NULL;
  g_autoptr(SluiceCatalog) modified = NULL;
  g_autoptr(SluiceCatalog) reverted = NULL;
  g_autoptr(SluiceDiff) self_diff = NULL;
  g_autoptr(SluiceDiff) change_diff = NULL;
  g_autoptr(SluiceDiff) revert_diff = NULL;
  g_autoptr(SluiceDiff) reverted_diff = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *empty_conninfo = NULL;
  g_autofree char *bindir = NULL;
  g_autofree char *pg_dump = NULL;
  g_autofree char *migra = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *path = NULL;
  double sluice_ms, dump_ms, floor_ms, migra_ms = 0, save_ms, load_ms, equal_ms;
  double heap_before, catalog_mib;
  gsize dump_size = 0, migra_size = 0;
  goffset file_size;
  gboolean consistent, round_trip;
  gint64 start;
  gint64 bench_start = g_get_monotonic_time ();
  const GOptionEntry entries[] = {
    { "tables", 't', 0, G_OPTION_ARG_INT, &n_tables, "Tables in the schema (10000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Timed runs of the snapshot and of pg_dump (1)", "R" },
    { "no-migra", 0, 0, G_OPTION_ARG_NONE, &no_migra, "Do not run migra", NULL },
    { "migra-limit", 0, 0, G_OPTION_ARG_INT, &migra_limit_s, "Stop migra after S seconds (60)", "S" },
    { "reuse", 0, 0, G_OPTION_ARG_STRING, &reuse_database, "Measure this database, generated before, instead of generating one", "DBNAME" },
    { "from-file", 0, 0, G_OPTION_ARG_FILENAME, &from_file_path, "Only time the diff of this snapshot file ...", "FILE" },
    { "to-file", 0, 0, G_OPTION_ARG_FILENAME, &to_file_path, "... to this one (no server needed)", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* Line by line, so that a log shows how far a long run got. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (n_tables < 10 || n_runs < 1 || migra_limit_s < 1)
    {
      fprintf (stderr, "--tables must be at least 10, --runs and --migra-limit at least 1\n");
      return 2;
    }

  if (from_file_path != NULL || to_file_path != NULL)
    {
      if (from_file_path == NULL || to_file_path == NULL)
        {
          fprintf (stderr, "--from-file and --to-file go together\n");
          return 2;
        }
      return diff_files (from_file_path, to_file_path);
    }

  admin = sluice_test_pg_admin_conninfo ();

  /* g_test_fail_printf() needs a test; this is a program: no tool, no bench. */
  bindir = server_bindir (admin, &error);
  if (bindir == NULL)
    {
      fprintf (stderr, "bench-snapshot: %s\n", error->message);
      return 1;
    }
  pg_dump = g_build_filename (bindir, "pg_dump", NULL);
  migra = g_build_filename (sluice_test_interop_dir (), "node_modules", ".bin", "migra", NULL);
  if (!no_migra && !g_file_test (migra, G_FILE_TEST_IS_EXECUTABLE))
    {
      fprintf (stderr, "bench-snapshot: %s is missing: run `npm ci` in tests/interop "
               "(build-aux/dev.sh test does)\n", migra);
      return 1;
    }

  if (reuse_database != NULL)
    conninfo = conninfo_for (reuse_database);
  else
    conninfo = sluice_test_pg_new_database ();
  dbname = sluice_test_pg_dbname (conninfo);
  work_dir = g_dir_make_tmp ("sluice-bench-snapshot-XXXXXX", &error);
  g_assert_no_error (error);

  if (reuse_database == NULL)
    {
      /* The harness's cluster is this run's alone and thrown away after
       * it: no fsync, so that neither the generation nor the server's
       * shutdown checkpoint waits minutes for the disk to take 700 MB of
       * catalog files.  What is measured reads the catalog, which this
       * does not change. */
      sluice_test_pg_exec (admin, "ALTER SYSTEM SET fsync = off");
      sluice_test_pg_exec (admin, "ALTER SYSTEM SET full_page_writes = off");
      sluice_test_pg_exec (admin, "SELECT pg_reload_conf ()");
      generate_schema (conninfo);
    }

  /* A first snapshot, untimed: it warms the server's caches for Sluice
   * and pg_dump alike.  It is the one saved to a file below. */
  heap_before = heap_in_use_mib ();
  catalog = capture (conninfo, NULL);
  catalog_mib = heap_in_use_mib () - heap_before;

  /* The CPU each side's backend used: the connections are told apart by
   * their application_name (a later keyword wins in a conninfo). */
  monitor = connect_blocking (admin);
  postmaster_pid = find_postmaster_pid (monitor);
  capture_conninfo = g_strconcat (conninfo, " application_name=sluice-bench-capture", NULL);
  dump_conninfo = g_strconcat (conninfo, " application_name=sluice-bench-pg-dump", NULL);

  /* Interleaved, so that a slow moment of the machine hits both.  The
   * last snapshot is the live one the file is compared with. */
  for (int i = 0; i < n_runs; i++)
    {
      double ms, cpu, server;

      g_clear_object (&live);
      cpu = rusage_cpu_ms (RUSAGE_SELF);
      server = reaped_backends_cpu_ms (postmaster_pid);
      live = capture (capture_conninfo, &ms);
      cpu = rusage_cpu_ms (RUSAGE_SELF) - cpu;
      wait_for_backend_exit (monitor, "SELECT count(*) FROM pg_stat_activity"
                                      " WHERE application_name = 'sluice-bench-capture'");
      server = reaped_backends_cpu_ms (postmaster_pid) - server;
      g_array_append_val (sluice_times, ms);
      g_array_append_val (sluice_cpus, cpu);
      g_array_append_val (sluice_server_cpus, server);

      cpu = rusage_cpu_ms (RUSAGE_CHILDREN);
      server = reaped_backends_cpu_ms (postmaster_pid);
      ms = run_timed ((const char * const []) { pg_dump, "--schema-only", "-d", dump_conninfo, NULL }, NULL, &dump_size);
      cpu = rusage_cpu_ms (RUSAGE_CHILDREN) - cpu;
      wait_for_backend_exit (monitor, "SELECT count(*) FROM pg_stat_activity"
                                      " WHERE application_name = 'sluice-bench-pg-dump'");
      server = reaped_backends_cpu_ms (postmaster_pid) - server;
      g_array_append_val (dump_times, ms);
      g_array_append_val (dump_cpus, cpu);
      g_array_append_val (dump_server_cpus, server);

      ms = catalog_floor_ms (conninfo);
      g_array_append_val (floor_times, ms);
    }
  sluice_ms = median (sluice_times);
  dump_ms = median (dump_times);
  sluice_cpu = median (sluice_cpus);
  sluice_server_cpu = median (sluice_server_cpus);
  dump_cpu = median (dump_cpus);
  dump_server_cpu = median (dump_server_cpus);

  printf ("\nsnapshot of %s (%d run%s each, after one untimed snapshot)\n", dbname, n_runs, n_runs > 1 ? "s, medians" : "");
  print_counts (catalog);
  printf ("  sluice snapshot (connect + capture, in-process): %.0f ms (the capture's own duration: %.0f ms)\n",
          sluice_ms, sluice_catalog_get_duration_ms (live));
  printf ("  pg_dump --schema-only (%s, a process; %.1f MiB of SQL): %.0f ms\n",
          pg_dump, dump_size / (1024.0 * 1024.0), dump_ms);
  printf ("  sluice is %.1fx faster than pg_dump --schema-only (target: %.0fx) %s\n",
          dump_ms / sluice_ms, SNAPSHOT_TARGET_RATIO,
          dump_ms / sluice_ms >= SNAPSHOT_TARGET_RATIO ? "-- target met" : "-- TARGET MISSED");
  print_cpu_comparison (sluice_ms, sluice_cpu, sluice_server_cpu, dump_ms, dump_cpu, dump_server_cpu);
  floor_ms = median (floor_times);
  printf ("  catalog floor (fresh connection, one pipeline: the catalogs' raw rows, and only the deparsing the\n"
          "  server alone can do: defaults, checks, index expressions, views, functions, triggers): %.0f ms\n",
          floor_ms);
  printf ("  pg_dump --schema-only / floor = %.1fx: the most any reader of the catalogs can gain over pg_dump here;"
          " sluice is at %.1fx of the floor\n", dump_ms / floor_ms, sluice_ms / floor_ms);

  if (!no_migra)
    {
      g_autofree char *empty_name = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = url_for (dbname);
      g_autofree char *migra_output = g_build_filename (work_dir, "migra.sql", NULL);

      empty_conninfo = sluice_test_pg_new_database ();
      empty_name = sluice_test_pg_dbname (empty_conninfo);
      from = url_for (empty_name);
      /* From an empty database: migra reads this whole schema and writes
       * all of it, as pg_dump does. */
      migra_ms = run_limited ((const char * const []) { migra, "run", from, to, "--unsafe", "--with-privileges", NULL },
                              work_dir, migra_limit_s, migra_output, &migra_size);
      if (migra_ms < 0)
        {
          printf ("  migra (@pgkit/migra, node, empty database -> this one): did not finish in %d s, stopped"
                  " (--migra-limit)\n", migra_limit_s);
          printf ("  sluice is more than %.0fx faster than migra\n", migra_limit_s * 1000.0 / sluice_ms);
        }
      else
        {
          printf ("  migra (@pgkit/migra, node, empty database -> this one; one run; %.1f MiB of SQL): %.0f ms\n",
                  migra_size / (1024.0 * 1024.0), migra_ms);
          printf ("  sluice is %.1fx faster than migra\n", migra_ms / sluice_ms);
        }
    }

  /* Files */
  path = g_build_filename (work_dir, "large.sluice-snapshot.json", NULL);
  file = g_file_new_for_path (path);
  start = g_get_monotonic_time ();
  if (!sluice_catalog_save_file (catalog, file, &error))
    g_error ("saving: %s", error->message);
  save_ms = ms_since (start);
  {
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);

    g_assert_no_error (error);
    file_size = g_file_info_get_size (info);
  }
  start = g_get_monotonic_time ();
  loaded = sluice_catalog_load_file (file, &error);
  if (loaded == NULL)
    g_error ("loading: %s", error->message);
  load_ms = ms_since (start);
  printf ("\nsnapshot file: %.1f MiB, saved in %.0f ms, loaded in %.0f ms\n",
          file_size / (1024.0 * 1024.0), save_ms, load_ms);

  /* Self-consistency: the file against a later live snapshot. */
  for (int i = 0; i < DIFF_RUNS; i++)
    {
      g_autoptr(SluiceDiff) diff = NULL;
      double ms;

      double cpu = thread_cpu_ms ();

      start = g_get_monotonic_time ();
      diff = sluice_diff_new (loaded, live, 0);
      sluice_diff_is_empty (diff);
      ms = ms_since (start);
      cpu = thread_cpu_ms () - cpu;
      g_array_append_val (equal_times, ms);
      g_array_append_val (equal_cpus, cpu);
      if (self_diff == NULL)
        self_diff = g_steal_pointer (&diff);
    }
  equal_ms = median (equal_times);
  equal_cpu = median (equal_cpus);
  consistent = sluice_diff_is_empty (self_diff);
  printf ("self-consistency: snapshot -> file -> load -> diff against a later live snapshot: %s\n",
          consistent ? "empty (ok)" : "NOT EMPTY");
  if (!consistent)
    print_changes (self_diff, 30);
  g_clear_object (&loaded);
  g_clear_object (&catalog);

  /* Changes, made on the same database: two catalogs of the same size
   * that differ, without copying 10,000 tables. */
  modify_database (conninfo);
  modified = capture (conninfo, NULL);

  printf ("\nthe diff before and after %zu changes made by hand on the database; equal catalogs (the file"
          " against live) take %.1f ms wall, %.1f ms CPU (median of %d runs)\n",
          (gsize) G_N_ELEMENTS (modifications) - 1, equal_ms, equal_cpu, DIFF_RUNS);
  change_diff = time_diff (live, modified);

  /* Round trip at this size: the DDL from the changed schema back to the
   * first one, applied, must give the first one again. */
  revert_diff = sluice_diff_new (modified, live, 0);
  round_trip = apply_statements (conninfo, revert_diff);
  if (round_trip)
    {
      reverted = capture (conninfo, NULL);
      reverted_diff = sluice_diff_new (reverted, live, 0);
      round_trip = sluice_diff_is_empty (reverted_diff);
    }
  printf ("round trip at this size: the DDL undoing the changes (%u statements), applied, then diffed"
          " against the first snapshot: %s\n",
          sluice_diff_get_statements (revert_diff)->len, round_trip ? "empty (ok)" : "NOT EMPTY");
  if (reverted_diff != NULL && !round_trip)
    print_changes (reverted_diff, 30);
  if (!round_trip)
    {
      g_autofree char *sql = sluice_diff_to_sql (revert_diff, FALSE);

      printf ("  the DDL was:\n%s\n", sql);
    }

  printf ("\nmemory: peak RSS %.0f MiB; one catalog of %u objects holds about %.0f MiB of heap\n",
          peak_rss_mib (), sluice_catalog_get_n_objects (live), catalog_mib);
  /* Written out now, so that the server stops quickly after us. */
  start = g_get_monotonic_time ();
  sluice_test_pg_exec (admin, "CHECKPOINT");
  printf ("checkpoint after the run: %.1f s\n", ms_since (start) / 1000.0);
  printf ("the whole benchmark took %.0f s\n", ms_since (bench_start) / 1000.0);

  sluice_test_remove_tree (work_dir);
  pg_query_exit ();

  if (!consistent || !round_trip)
    {
      fprintf (stderr, "bench-snapshot: %s\n",
               !consistent ? "the snapshot is not self-consistent (see above)"
                           : "the generated DDL does not undo the changes (see above)");
      return 1;
    }
  return 0;
}
