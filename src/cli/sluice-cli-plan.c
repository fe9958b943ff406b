/* sluice-cli-plan.c: sluice-cli plan and explain
 *
 *   sluice-cli plan FILE [--top N] [--json]
 *   sluice-cli explain -p PROFILE | -c CONNINFO [--analyze] [--buffers]
 *                      [--verbose] [--settings] [--wal] [--no-timing]
 *                      [--allow-write] [--save FILE] [--top N] [--json] SQL
 *
 * plan reads a plan in EXPLAIN's JSON or text format (or a plan file
 * Sluice saved; "-" reads stdin) and prints its summary: the total time,
 * the nodes that took the most time of their own, and the warnings.
 * explain runs EXPLAIN (FORMAT JSON) with the options given and prints the
 * same summary.  EXPLAIN ANALYZE of a statement that writes runs inside a
 * transaction that is rolled back; on a STRICT profile it is refused unless
 * --allow-write is given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-cli.h"
#include "sluice-cli-table.h"
#include "sluice-plan.h"
#include "sluice-plan-advice.h"
#include "sluice-plan-explain.h"

#define DEFAULT_TOP 10

/* Reading the plan */

static char *
read_stdin (gsize   *length,
            GError **error)
{
  GString *data = g_string_new (NULL);
  char buffer[65536];
  gsize n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    {
      g_string_append_len (data, buffer, n);
      /* One byte past the limit is enough for the parser to refuse it. */
      if (data->len > SLUICE_PLAN_MAX_INPUT_BYTES)
        break;
    }

  if (ferror (stdin))
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("The plan could not be read from standard input."));
      g_string_free (data, TRUE);
      return NULL;
    }

  *length = data->len;
  return g_string_free (data, FALSE);
}

static SluicePlan *
load_plan (const char  *path,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  SluicePlan *plan;

  if (g_str_equal (path, "-"))
    {
      g_autofree char *data = NULL;
      gsize length;

      if ((data = read_stdin (&length, error)) == NULL)
        return NULL;
      return sluice_plan_new_from_data (data, length, error);
    }

  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

    plan = sluice_plan_new_from_file (file, NULL, &local_error);
  }

  if (plan == NULL)
    {
      /* A file that is missing or unreadable is the caller's input too. */
      if (local_error->domain == G_IO_ERROR)
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                     _("Could not read the plan file %s: %s"), path, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return plan;
}

/* For people */

static char *
format_ms (double ms)
{
  if (ms < 0)
    return g_strdup ("-");
  return g_strdup_printf (_("%.3f ms"), ms);
}

static char *
format_rows (double rows)
{
  if (rows < 0)
    return g_strdup ("-");
  return g_strdup_printf ("%.0f", rows);
}

static void
print_padded (GString    *line,
              const char *text,
              guint       width,
              gboolean    right)
{
  guint shown = sluice_cli_display_width (text);
  guint pad = width > shown ? width - shown : 0;

  if (right)
    for (guint i = 0; i < pad; i++)
      g_string_append_c (line, ' ');
  g_string_append (line, text);
  if (!right)
    for (guint i = 0; i < pad; i++)
      g_string_append_c (line, ' ');
  g_string_append (line, "  ");
}

static void
print_top_nodes (SluicePlan *plan,
                 guint       top)
{
  g_autoptr(GPtrArray) nodes = sluice_plan_get_top_nodes (plan, top);
  gboolean timing = sluice_plan_has_timing (plan);
  const char *header[] = { _("Node"), timing ? _("Exclusive") : _("Cost"), _("Share"),
                           _("Rows"), _("Planned"), _("Loops"), _("Operation") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[G_N_ELEMENTS (header)] = { 0 };

  g_ptr_array_add (rows, g_strdupv ((char **) (const char *[]) { header[0], header[1], header[2], header[3],
                                                                 header[4], header[5], header[6], NULL }));

  for (guint i = 0; i < nodes->len; i++)
    {
      SluicePlanNode *node = g_ptr_array_index (nodes, i);
      char **cells = g_new0 (char *, G_N_ELEMENTS (header) + 1);
      g_autofree char *label = sluice_plan_node_dup_label (node);

      cells[0] = g_strdup_printf ("%u", sluice_plan_node_get_id (node));
      cells[1] = timing ? format_ms (sluice_plan_node_get_exclusive_ms (node))
                        : g_strdup_printf ("%.2f", sluice_plan_node_get_total_cost (node));
      cells[2] = timing ? g_strdup_printf ("%.1f%%", 100 * sluice_plan_node_get_share (node)) : g_strdup ("-");
      cells[3] = format_rows (sluice_plan_node_has_actuals (node) ? sluice_plan_node_get_actual_rows (node) : -1);
      cells[4] = format_rows (sluice_plan_node_get_plan_rows (node));
      cells[5] = format_rows (sluice_plan_node_has_actuals (node) ? sluice_plan_node_get_actual_loops (node) : -1);
      cells[6] = g_strdup_printf ("%*s%s", (int) MIN (sluice_plan_node_get_depth (node), 20), "", label);
      g_ptr_array_add (rows, cells);
    }

  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < G_N_ELEMENTS (header); c++)
      widths[c] = MAX (widths[c], sluice_cli_display_width (((char **) g_ptr_array_index (rows, r))[c]));

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new ("  ");

      for (guint c = 0; c < G_N_ELEMENTS (header); c++)
        print_padded (line, cells[c], c + 1 < G_N_ELEMENTS (header) ? widths[c] : 0, c >= 1 && c <= 5);
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      printf ("%s\n", line->str);
    }
}

static void
print_summary (SluicePlan *plan,
               GPtrArray  *warnings,
               guint       top)
{
  g_autofree char *execution = format_ms (sluice_plan_get_execution_ms (plan));
  g_autofree char *planning = format_ms (sluice_plan_get_planning_ms (plan));
  guint n_nodes = sluice_plan_get_n_nodes (plan);

  if (sluice_plan_get_execution_ms (plan) >= 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "Execution %s, planning %s, %u node\n",
                         "Execution %s, planning %s, %u nodes\n", n_nodes),
            execution, planning, n_nodes);
  else if (sluice_plan_has_timing (plan))
    printf (g_dngettext (GETTEXT_PACKAGE, "No execution time in the plan; its nodes took %.3f ms, %u node\n",
                         "No execution time in the plan; its nodes took %.3f ms, %u nodes\n", n_nodes),
            sluice_plan_get_exclusive_sum_ms (plan), n_nodes);
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "No execution time (EXPLAIN without ANALYZE); estimated cost %.2f, %u node\n",
                         "No execution time (EXPLAIN without ANALYZE); estimated cost %.2f, %u nodes\n", n_nodes),
            sluice_plan_node_get_total_cost (sluice_plan_get_root (plan)), n_nodes);

  if (sluice_plan_get_rolled_back (plan))
    printf ("%s\n", _("The statement writes, so EXPLAIN ANALYZE ran it inside a transaction that was rolled back: "
                      "nothing it changed was kept."));

  if (sluice_plan_get_jit (plan) != NULL)
    printf (_("JIT: %lld functions, %.3f ms\n"),
            (long long) sluice_plan_get_jit (plan)->functions, sluice_plan_get_jit (plan)->total_ms);
  if (sluice_plan_get_triggers (plan)->len > 0)
    printf (_("Triggers: %.3f ms\n"), sluice_plan_get_trigger_ms (plan));

  printf ("\n%s\n", sluice_plan_has_timing (plan) ? _("Nodes by exclusive time:") : _("Nodes by estimated cost:"));
  print_top_nodes (plan, top);

  printf ("\n");
  if (warnings->len == 0)
    {
      printf ("%s\n", _("No warnings."));
      return;
    }

  printf ("%s\n", _("Warnings:"));
  for (guint i = 0; i < warnings->len; i++)
    {
      SluicePlanWarning *warning = g_ptr_array_index (warnings, i);

      printf (_("  node %u [%s] %s\n"), warning->node, warning->rule, warning->message);
    }
}

/* For scripts (DESIGN.md's CLI contract) */

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *member,
                    double       value,
                    gboolean     known)
{
  json_builder_set_member_name (builder, member);
  if (known)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_node_json (JsonBuilder    *builder,
               SluicePlanNode *node)
{
  SluicePlanNode *parent = sluice_plan_node_get_parent (node);
  gboolean actuals = sluice_plan_node_has_actuals (node);
  g_autofree char *label = sluice_plan_node_dup_label (node);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, sluice_plan_node_get_id (node));
  json_builder_set_member_name (builder, "parent");
  if (parent != NULL)
    json_builder_add_int_value (builder, sluice_plan_node_get_id (parent));
  else
    json_builder_add_null_value (builder);
  sluice_cli_json_add_string (builder, "type", sluice_plan_node_get_node_type (node));
  sluice_cli_json_add_string (builder, "relation", sluice_plan_node_get_relation_name (node));
  add_number_or_null (builder, "exclusive_ms", sluice_plan_node_get_exclusive_ms (node),
                      sluice_plan_node_has_timing (node));
  add_number_or_null (builder, "actual_rows", sluice_plan_node_get_actual_rows (node), actuals);
  add_number_or_null (builder, "plan_rows", sluice_plan_node_get_plan_rows (node), TRUE);
  add_number_or_null (builder, "loops", sluice_plan_node_get_actual_loops (node), actuals);
  /* Extra members */
  sluice_cli_json_add_string (builder, "title", sluice_plan_node_get_title (node));
  sluice_cli_json_add_string (builder, "label", label);
  sluice_cli_json_add_string (builder, "index", sluice_plan_node_get_index_name (node));
  add_number_or_null (builder, "inclusive_ms", sluice_plan_node_get_inclusive_ms (node),
                      sluice_plan_node_has_timing (node));
  add_number_or_null (builder, "misestimate", sluice_plan_node_get_misestimate (node),
                      sluice_plan_node_get_estimate (node) != SLUICE_PLAN_ESTIMATE_UNKNOWN);
  json_builder_end_object (builder);
}

static JsonNode *
build_json (SluicePlan *plan,
            GPtrArray  *warnings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *nodes = sluice_plan_get_nodes (plan);
  double execution = sluice_plan_get_execution_ms (plan);
  double planning = sluice_plan_get_planning_ms (plan);

  json_builder_begin_object (builder);
  add_number_or_null (builder, "execution_ms", execution, execution >= 0);
  add_number_or_null (builder, "planning_ms", planning, planning >= 0);
  json_builder_set_member_name (builder, "node_count");
  json_builder_add_int_value (builder, nodes->len);

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < nodes->len; i++)
    add_node_json (builder, g_ptr_array_index (nodes, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < warnings->len; i++)
    {
      SluicePlanWarning *warning = g_ptr_array_index (warnings, i);

      json_builder_begin_object (builder);
      sluice_cli_json_add_string (builder, "rule", warning->rule);
      json_builder_set_member_name (builder, "node");
      json_builder_add_int_value (builder, warning->node);
      sluice_cli_json_add_string (builder, "message", warning->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* Extra members */
  add_number_or_null (builder, "total_ms", sluice_plan_get_total_ms (plan), sluice_plan_has_timing (plan));
  add_number_or_null (builder, "trigger_ms", sluice_plan_get_trigger_ms (plan), sluice_plan_get_triggers (plan)->len > 0);
  add_number_or_null (builder, "jit_ms", sluice_plan_get_jit (plan) != NULL ? sluice_plan_get_jit (plan)->total_ms : 0,
                      sluice_plan_get_jit (plan) != NULL);
  sluice_cli_json_add_string (builder, "format", sluice_plan_format_to_string (sluice_plan_get_source_format (plan)));
  json_builder_set_member_name (builder, "rolled_back");
  json_builder_add_boolean_value (builder, sluice_plan_get_rolled_back (plan));
  sluice_cli_json_add_string (builder, "query", sluice_plan_get_query (plan));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_plan (SluicePlan *plan,
            gboolean    as_json,
            guint       top)
{
  g_autoptr(GPtrArray) warnings = sluice_plan_advise (plan);

  if (as_json)
    {
      g_autoptr(JsonNode) root = build_json (plan, warnings);

      sluice_cli_print_json (root);
    }
  else
    print_summary (plan, warnings, top);
}

/* plan */

int
sluice_cli_plan_main (int    argc,
                      char **argv)
{
  gboolean as_json = FALSE;
  int top = DEFAULT_TOP;
  const GOptionEntry entries[] = {
    { "top", 0, 0, G_OPTION_ARG_INT, &top, N_("How many nodes to list (default 10; 0 lists all)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  context = sluice_cli_option_context_new ("plan", _("FILE"),
                                           _("Summarise a plan: EXPLAIN's JSON or text output, as psql prints "
                                             "it or not, or a plan file Sluice saved (- reads standard input)."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc != 2 || top < 0)
    {
      sluice_cli_print_error (_("Give one plan file (or - for standard input); "
                                "“sluice-cli plan --help” shows the options."));
      return SLUICE_CLI_EXIT_USAGE;
    }

  plan = load_plan (argv[1], &error);
  if (plan == NULL)
    return sluice_cli_fail (error);

  print_plan (plan, as_json, top);
  return SLUICE_CLI_EXIT_SUCCESS;
}

/* explain */

static SluiceProfile *
lookup_profile (const char *name)
{
  g_autoptr(SluiceProfileStore) store = sluice_cli_load_profiles (NULL);
  SluiceProfile *profile;

  if (store == NULL)
    return NULL;

  profile = sluice_profile_store_find_by_name (store, name);
  if (profile == NULL)
    profile = sluice_profile_store_find_by_id (store, name);

  return profile != NULL ? g_object_ref (profile) : NULL;
}

static SluicePlan *
run_explain (SluiceConnection            *connection,
             const char                  *sql,
             const SluiceExplainOptions  *options,
             GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceCliAsync async;
  SluicePlan *plan;

  sluice_cli_async_init (&async);
  sluice_plan_explain_async (connection, sql, options, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  plan = sluice_plan_explain_finish (result, error);
  sluice_cli_async_clear (&async);

  return plan;
}

int
sluice_cli_explain_main (int    argc,
                         char **argv)
{
  g_autofree char *profile_name = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *save_path = NULL;
  gboolean analyze = FALSE, buffers = FALSE, verbose = FALSE, settings = FALSE, wal = FALSE;
  gboolean no_timing = FALSE, allow_write = FALSE, as_json = FALSE;
  int top = DEFAULT_TOP;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name, N_("The profile to connect with"), N_("PROFILE") },
    { "conninfo", 'c', 0, G_OPTION_ARG_STRING, &conninfo, N_("A conninfo string or postgres:// URI"), N_("CONNINFO") },
    { "analyze", 0, 0, G_OPTION_ARG_NONE, &analyze, N_("Run the statement (EXPLAIN ANALYZE); writes are rolled back"), NULL },
    { "buffers", 0, 0, G_OPTION_ARG_NONE, &buffers, N_("Count buffers (BUFFERS)"), NULL },
    { "verbose", 0, 0, G_OPTION_ARG_NONE, &verbose, N_("Show output columns and per-worker figures (VERBOSE)"), NULL },
    { "settings", 0, 0, G_OPTION_ARG_NONE, &settings, N_("Show the settings that differ from the defaults (SETTINGS)"), NULL },
    { "wal", 0, 0, G_OPTION_ARG_NONE, &wal, N_("Count the WAL written (WAL, with --analyze)"), NULL },
    { "no-timing", 0, 0, G_OPTION_ARG_NONE, &no_timing, N_("Do not time each node (TIMING FALSE)"), NULL },
    { "allow-write", 0, 0, G_OPTION_ARG_NONE, &allow_write,
      N_("Allow --analyze of a statement that writes on a STRICT profile (it is still rolled back)"), NULL },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save_path, N_("Save the plan as a Sluice plan file"), N_("FILE") },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, N_("How many nodes to list (default 10; 0 lists all)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceCliDatabase) database = NULL;
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceProfile) profile = NULL;
  SluiceCliExit exit_code;
  const char *sql;

  context = sluice_cli_option_context_new ("explain", _("SQL"),
                                           _("Run EXPLAIN (FORMAT JSON) on one statement and summarise the plan. "
                                             "With --analyze the statement runs inside a transaction that is "
                                             "rolled back."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc != 2 || top < 0)
    {
      sluice_cli_print_error (_("Give the statement to explain as one argument; "
                                "“sluice-cli explain --help” shows the options."));
      return SLUICE_CLI_EXIT_USAGE;
    }
  sql = argv[1];

  options->analyze = analyze;
  options->buffers = buffers;
  options->verbose = verbose;
  options->settings = settings;
  options->wal = wal;
  options->timing = !no_timing;

  if (profile_name != NULL && conninfo == NULL && (profile = lookup_profile (profile_name)) != NULL)
    {
      options->statement_timeout_ms = sluice_profile_get_statement_timeout_ms (profile);

      /* Refused before connecting: nothing is run on the server. */
      if (analyze && !allow_write && sluice_profile_get_guard (profile) == SLUICE_GUARD_STRICT &&
          sluice_plan_statement_writes (sql))
        {
          sluice_cli_print_error (_("Refused: the statement writes, and EXPLAIN ANALYZE would run it on “%s”, "
                                    "a STRICT profile. Nothing was run. Drop --analyze, or give --allow-write "
                                    "to run it inside a transaction that is rolled back."),
                                  sluice_profile_get_name (profile));
          return SLUICE_CLI_EXIT_FAILURE;
        }
    }

  database = sluice_cli_connect (profile_name, conninfo, &exit_code);
  if (database == NULL)
    return exit_code;

  plan = run_explain (database->connection, sql, options, &error);
  if (plan == NULL)
    return sluice_cli_fail (error);

  if (save_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (save_path);

      if (!sluice_plan_save_to_file (plan, file, NULL, &error))
        {
          sluice_cli_print_error (_("The plan could not be saved to %s: %s"), save_path, error->message);
          return SLUICE_CLI_EXIT_FAILURE;
        }
    }

  print_plan (plan, as_json, top);
  return SLUICE_CLI_EXIT_SUCCESS;
}
