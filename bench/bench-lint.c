/* bench-lint.c: Sluice's lint of 1,000 migration files against squawk's
 *
 * Generates N migration files (1,000 by default) in a temporary folder,
 * each like a real one: a CREATE TABLE of a dozen columns, columns added
 * with and without defaults, indexes, a foreign key, a type change, a
 * backfill, comments.  Then, over the same files in the same run, several
 * runs of each:
 *
 *  - Sluice in-process: sluice_lint_check_file() on every file;
 *  - `sluice-cli lint --json FILE...`, one process for all the files;
 *  - `squawk --reporter json FILE...` (squawk-cli from tests/interop's npm
 *    install), one process for all the files.
 *
 * Prints the medians and the ratios, of wall-clock time and of CPU time
 * (user + system, of this process for in-process runs and of the child
 * for programs): on a machine shared with other work the CPU time is the
 * steadier figure.  Nothing about timings is asserted; that every tool
 * reads every file and finds something in it is.
 *
 * Usage: bench-lint [--files N] [--runs R]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "sluice-lint.h"
#include "sluice-test-interop.h"

static int n_files = 1000;
static int n_runs = 5;

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

  return (x > y) - (x < y);
}

static double
cpu_ms (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* One migration, varied by @i so that no two files are the same. */
static char *
migration_text (int i)
{
  GString *sql = g_string_new (NULL);
  int table = i % 97;

  g_string_append_printf (sql,
                          "-- Migration %04d: accounts_%d and its orders\n"
                          "SET lock_timeout = '5s';\n"
                          "SET statement_timeout = '60s';\n\n"
                          "CREATE TABLE IF NOT EXISTS accounts_%d (\n"
                          "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                          "  email text NOT NULL,\n"
                          "  name varchar(200),\n"
                          "  plan text NOT NULL DEFAULT 'free',\n"
                          "  balance numeric(12,2) NOT NULL DEFAULT 0,\n"
                          "  country char(2),\n"
                          "  settings jsonb NOT NULL DEFAULT '{}',\n"
                          "  created_at timestamptz NOT NULL DEFAULT now(),\n"
                          "  updated_at timestamptz,\n"
                          "  deleted boolean NOT NULL DEFAULT false,\n"
                          "  CONSTRAINT accounts_%d_email_check CHECK (position('@' in email) > 1)\n"
                          ");\n"
                          "CREATE UNIQUE INDEX IF NOT EXISTS accounts_%d_email_key ON accounts_%d (lower(email));\n\n",
                          i, i, i, i, i, i);

  g_string_append_printf (sql,
                          "/* Orders get their account and a public id. */\n"
                          "ALTER TABLE orders_%d ADD COLUMN IF NOT EXISTS account_id bigint;\n"
                          "ALTER TABLE orders_%d ADD COLUMN IF NOT EXISTS public_id uuid DEFAULT gen_random_uuid();\n"
                          "CREATE INDEX orders_%d_account_%d_idx ON orders_%d (account_id);\n"
                          "ALTER TABLE orders_%d ADD CONSTRAINT orders_%d_account_%d_fk\n"
                          "  FOREIGN KEY (account_id) REFERENCES accounts_%d (id) NOT VALID;\n"
                          "ALTER TABLE orders_%d VALIDATE CONSTRAINT orders_%d_account_%d_fk;\n",
                          table, table, table, i, table, table, table, i, i, table, table, i);

  if (i % 3 == 0)
    g_string_append_printf (sql, "ALTER TABLE orders_%d ALTER COLUMN quantity TYPE bigint;\n", table);
  if (i % 4 == 0)
    g_string_append_printf (sql, "ALTER TABLE orders_%d ALTER COLUMN note SET NOT NULL;\n", table);
  if (i % 5 == 0)
    g_string_append_printf (sql, "ALTER TABLE orders_%d RENAME COLUMN qty_old TO qty_legacy_%d;\n", table, i);

  g_string_append_printf (sql,
                          "\nUPDATE orders_%d SET account_id = 0 WHERE account_id IS NULL AND id < %d;\n"
                          "INSERT INTO audit_log (event, detail) VALUES ('migration', 'accounts_%d');\n",
                          table, (i + 1) * 1000, i);

  return g_string_free (sql, FALSE);
}

static GPtrArray *
write_files (const char *dir)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_strdup_printf ("%04d_accounts_%d.sql", i + 1, i);
      g_autofree char *text = migration_text (i);
      char *path = g_build_filename (dir, name, NULL);

      sluice_test_write_file (path, text);
      g_ptr_array_add (paths, path);
    }

  return paths;
}

/* The files a JSON list of findings names (@member of each, under @list
 * or the root array). */
static guint
count_files (const char *json,
             const char *list,
             const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) files = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root;
  JsonArray *findings;

  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return 0;

  root = json_parser_get_root (parser);
  if (list != NULL && JSON_NODE_HOLDS_OBJECT (root))
    findings = json_object_get_array_member (json_node_get_object (root), list);
  else if (JSON_NODE_HOLDS_ARRAY (root))
    findings = json_node_get_array (root);
  else
    return 0;

  for (guint i = 0; findings != NULL && i < json_array_get_length (findings); i++)
    g_hash_table_add (files, (gpointer) json_object_get_string_member (json_array_get_object_element (findings, i), member));

  return g_hash_table_size (files);
}

static double
run_in_process (GPtrArray *paths,
                double    *cpu,
                guint     *n_findings,
                guint     *n_with_findings)
{
  g_autoptr(SluiceLint) lint = sluice_lint_new (NULL);
  double cpu_start = cpu_ms (RUSAGE_SELF);
  gint64 start = g_get_monotonic_time ();
  double ms;

  *n_findings = 0;
  *n_with_findings = 0;
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) findings = sluice_lint_check_file (lint, g_ptr_array_index (paths, i), &error);

      g_assert_no_error (error);
      *n_findings += findings->len;
      *n_with_findings += findings->len > 0;
    }

  ms = ms_since (start);
  *cpu = cpu_ms (RUSAGE_SELF) - cpu_start;
  return ms;
}

static double
run_program (const char * const *argv,
             const char         *list,
             const char         *member,
             double             *cpu,
             guint              *n_with_findings)
{
  SluiceToolRun run = { 0 };
  double cpu_start = cpu_ms (RUSAGE_CHILDREN);
  gint64 start = g_get_monotonic_time ();
  double ms;

  sluice_test_run_program (&run, NULL, NULL, argv);
  ms = ms_since (start);
  *cpu = cpu_ms (RUSAGE_CHILDREN) - cpu_start;

  if (run.status != 0 && run.status != 1)
    g_error ("%s exited %d: %.500s", argv[0], run.status, run.err);

  *n_with_findings = count_files (run.out, list, member);
  sluice_tool_run_clear (&run);
  return ms;
}

static char *
find_squawk (void)
{
  g_autofree char *path = g_build_filename (sluice_test_interop_dir (), "node_modules", ".bin", "squawk", NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("squawk is not installed in %s/node_modules: run `npm ci` in tests/interop "
             "(build-aux/dev.sh test does)", sluice_test_interop_dir ());

  return g_steal_pointer (&path);
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "files", 0, 0, G_OPTION_ARG_INT, &n_files, "Migration files to generate (1000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs of each tool (5)", "R" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *squawk = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) cli_argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) squawk_argv = g_ptr_array_new ();
  g_autoptr(GArray) in_process = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cli = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) theirs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) in_process_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cli_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) theirs_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_findings = 0, with_in_process = 0, with_cli = 0, with_squawk = 0;
  double ours_ms, cli_ms, squawk_ms, ours_cpu, cli_cpu_ms, squawk_cpu;
  gsize bytes = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  n_files = MAX (n_files, 1);
  n_runs = MAX (n_runs, 1);

  squawk = find_squawk ();
  dir = g_dir_make_tmp ("sluice-bench-lint-XXXXXX", &error);
  g_assert_no_error (error);
  paths = write_files (dir);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *text = sluice_test_read_file (g_ptr_array_index (paths, i));

      bytes += strlen (text);
    }

  g_ptr_array_add (cli_argv, (char *) sluice_test_cli_path ());
  g_ptr_array_add (cli_argv, (char *) "lint");
  g_ptr_array_add (cli_argv, (char *) "--json");
  g_ptr_array_add (squawk_argv, squawk);
  g_ptr_array_add (squawk_argv, (char *) "--reporter");
  g_ptr_array_add (squawk_argv, (char *) "json");
  for (guint i = 0; i < paths->len; i++)
    {
      g_ptr_array_add (cli_argv, g_ptr_array_index (paths, i));
      g_ptr_array_add (squawk_argv, g_ptr_array_index (paths, i));
    }
  g_ptr_array_add (cli_argv, NULL);
  g_ptr_array_add (squawk_argv, NULL);

  /* Interleaved, so that a busy moment of the machine hits all three. */
  for (int run = 0; run < n_runs; run++)
    {
      double ms, cpu;

      ms = run_in_process (paths, &cpu, &n_findings, &with_in_process);
      g_array_append_val (in_process, ms);
      g_array_append_val (in_process_cpu, cpu);
      ms = run_program ((const char * const *) cli_argv->pdata, "findings", "file", &cpu, &with_cli);
      g_array_append_val (cli, ms);
      g_array_append_val (cli_cpu, cpu);
      ms = run_program ((const char * const *) squawk_argv->pdata, NULL, "file", &cpu, &with_squawk);
      g_array_append_val (theirs, ms);
      g_array_append_val (theirs_cpu, cpu);
    }

  ours_ms = median (in_process);
  cli_ms = median (cli);
  squawk_ms = median (theirs);
  ours_cpu = median (in_process_cpu);
  cli_cpu_ms = median (cli_cpu);
  squawk_cpu = median (theirs_cpu);

  printf ("%d migration files (%.1f MiB), median of %d runs each; wall clock, then CPU (user + system)\n",
          n_files, bytes / 1048576.0, n_runs);
  printf ("  Sluice in-process (sluice_lint_check_file): %8.1f ms wall %8.1f ms CPU  %u findings\n",
          ours_ms, ours_cpu, n_findings);
  printf ("  sluice-cli lint --json (one process):        %8.1f ms wall %8.1f ms CPU\n", cli_ms, cli_cpu_ms);
  printf ("  squawk --reporter json (one process):        %8.1f ms wall %8.1f ms CPU\n", squawk_ms, squawk_cpu);
  printf ("  squawk / sluice-cli: %.2fx wall, %.2fx CPU; squawk / Sluice in-process: %.2fx wall, %.2fx CPU\n",
          squawk_ms / cli_ms, squawk_cpu / cli_cpu_ms, squawk_ms / ours_ms, squawk_cpu / ours_cpu);

  sluice_test_remove_tree (dir);

  /* Every tool read every file and found something in each. */
  if (with_in_process != (guint) n_files || with_cli != (guint) n_files || with_squawk != (guint) n_files)
    {
      g_printerr ("files with findings: in-process %u, sluice-cli %u, squawk %u of %d\n",
                  with_in_process, with_cli, with_squawk, n_files);
      return 1;
    }

  return 0;
}
