/* bench-plan.c: parsing and modelling a 10,000-node plan, against the
 * 50 ms target
 *
 * The plan is what a query over 2,000 partitions gives: a Limit over a
 * Sort over an Aggregate over an Append whose members are each a Hash Join
 * of a filtered Seq Scan and a Hash over a Bitmap Heap Scan, every node
 * with its conditions and buffers, 10,000 nodes in all.  It is written in
 * EXPLAIN's JSON and in its text (psql's indentation, as a person pastes
 * it), and each is parsed (which includes working out the model) eleven
 * times; the model alone is worked out again on the parsed plan.  The wall
 * time (best, median) and the CPU time (median) are printed, with the
 * ratio of the CPU time to the 50 ms target: on a busy machine the wall
 * time also counts waiting for a core.
 * "bench-plan --write DIR" writes the two plans to DIR instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sluice.h"
#include "sluice-plan-private.h"  /* _sluice_plan_compute_model () */

#define N_MEMBERS 1999
#define RUNS 11
#define TARGET_MS 50.0

typedef struct
{
  const char *type;
  const char *title;
  const char *relation;
  const char *index;
  const char *detail;      /* a text line, or NULL */
  const char *detail_key;  /* its JSON member */
  const char *detail_value;
  double      total_ms;
  double      rows;
  double      loops;
} BenchNode;

/* Text, psql's way: six more blanks a level, "->  " before each node. */
static void
append_text_node (GString         *text,
                  guint            depth,
                  const BenchNode *node,
                  guint            number)
{
  guint indent = depth == 0 ? 0 : 2 + (depth - 1) * 6;
  guint detail_indent = depth == 0 ? 2 : indent + 6;

  g_string_append_printf (text, "%*s%s%s", indent, "", depth > 0 ? "->  " : "", node->title);
  if (node->index != NULL)
    g_string_append_printf (text, " on %s", node->index);
  if (node->relation != NULL)
    g_string_append_printf (text, " on %s_%u", node->relation, number);
  g_string_append_printf (text, "  (cost=0.00..%u.50 rows=%.0f width=8) (actual time=0.010..%.3f rows=%.0f loops=%.0f)\n",
                          100 + number, node->rows, node->total_ms, node->rows, node->loops);
  if (node->detail != NULL)
    g_string_append_printf (text, "%*s%s\n", detail_indent, "", node->detail);
  g_string_append_printf (text, "%*sBuffers: shared hit=%u read=%u\n", detail_indent, "", 10 + number % 7, number % 5);
}

/* EXPLAIN (FORMAT JSON) as PostgreSQL writes it: two blanks a level,
 * "Key": value, and numbers to the precision EXPLAIN prints them (costs
 * to two places, times to three, rows and loops whole), not as a JSON
 * library would (0.40000000000000002). */
typedef struct
{
  GString  *out;
  guint     level;
  gboolean  first;          /* nothing written yet in the open container */
  gboolean  after_name;     /* a member's name is written, its value is next */
  GArray   *firsts;         /* of the enclosing containers */
} JsonWriter;

static void
json_prefix (JsonWriter *writer)
{
  if (writer->after_name)
    {
      writer->after_name = FALSE;
      return;
    }
  if (writer->level > 0)
    g_string_append_printf (writer->out, "%s\n%*s", writer->first ? "" : ",", writer->level * 2, "");
  writer->first = FALSE;
}

static void
json_begin (JsonWriter *writer,
            char        bracket)
{
  json_prefix (writer);
  g_string_append_c (writer->out, bracket);
  g_array_append_val (writer->firsts, writer->first);
  writer->level++;
  writer->first = TRUE;
}

static void
json_end (JsonWriter *writer,
          char        bracket)
{
  writer->level--;
  g_string_append_printf (writer->out, "\n%*s%c", writer->level * 2, "", bracket);
  writer->first = g_array_index (writer->firsts, gboolean, writer->firsts->len - 1);
  g_array_set_size (writer->firsts, writer->firsts->len - 1);
}

static void
json_name (JsonWriter *writer,
           const char *name)
{
  json_prefix (writer);
  g_string_append_printf (writer->out, "\"%s\": ", name);
  writer->after_name = TRUE;
}

/* A member whose value is already JSON text. */
static void G_GNUC_PRINTF (3, 4)
json_member (JsonWriter *writer,
             const char *name,
             const char *format,
             ...)
{
  va_list args;

  json_name (writer, name);
  writer->after_name = FALSE;
  va_start (args, format);
  g_string_append_vprintf (writer->out, format, args);
  va_end (args);
}

/* The bench's strings hold no quote, backslash or control character. */
static void
json_string_member (JsonWriter *writer,
                    const char *name,
                    const char *value)
{
  json_member (writer, name, "\"%s\"", value);
}

static void
begin_json_node (JsonWriter      *writer,
                 const BenchNode *node,
                 guint            number,
                 const char      *relationship)
{
  json_begin (writer, '{');
  json_string_member (writer, "Node Type", node->type);
  if (relationship != NULL)
    json_string_member (writer, "Parent Relationship", relationship);
  json_member (writer, "Parallel Aware", "false");
  if (node->relation != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s_%u", node->relation, number);

      json_string_member (writer, "Relation Name", name);
      json_string_member (writer, "Alias", name);
    }
  if (node->index != NULL)
    json_string_member (writer, "Index Name", node->index);
  json_member (writer, "Startup Cost", "%.2f", 0.0);
  json_member (writer, "Total Cost", "%.2f", 100.5 + number);
  json_member (writer, "Plan Rows", "%.0f", node->rows);
  json_member (writer, "Plan Width", "%d", 8);
  json_member (writer, "Actual Startup Time", "%.3f", 0.010);
  json_member (writer, "Actual Total Time", "%.3f", node->total_ms);
  json_member (writer, "Actual Rows", "%.0f", node->rows);
  json_member (writer, "Actual Loops", "%.0f", node->loops);
  if (node->detail_key != NULL)
    json_string_member (writer, node->detail_key, node->detail_value);
  json_member (writer, "Shared Hit Blocks", "%u", 10 + number % 7);
  json_member (writer, "Shared Read Blocks", "%u", number % 5);
}

static const BenchNode top[] = {
  { "Limit", "Limit", NULL, NULL, NULL, NULL, NULL, 900.0, 100, 1 },
  { "Sort", "Sort", NULL, NULL, "Sort Key: (count(*)) DESC", "Sort Key", "(count(*)) DESC", 899.0, 100, 1 },
  { "Aggregate", "HashAggregate", NULL, NULL, "Group Key: events.kind", "Group Key", "events.kind", 880.0, 3, 1 },
  { "Append", "Append", NULL, NULL, NULL, NULL, NULL, 850.0, 199900, 1 },
};

static const BenchNode member[] = {
  { "Hash Join", "Hash Join", NULL, NULL, "Hash Cond: (e.kind_id = k.id)", "Hash Cond", "(e.kind_id = k.id)", 0.40, 100, 1 },
  { "Seq Scan", "Seq Scan", "events", NULL, "Filter: (occurred_at > '2024-01-01'::date)", "Filter", "(occurred_at > '2024-01-01'::date)", 0.20, 100, 1 },
  { "Hash", "Hash", NULL, NULL, "Buckets: 1024  Batches: 1  Memory Usage: 9kB", NULL, NULL, 0.10, 10, 1 },
  { "Bitmap Heap Scan", "Bitmap Heap Scan", "kinds", NULL, "Recheck Cond: (id < 10)", "Recheck Cond", "(id < 10)", 0.08, 10, 1 },
  { "Bitmap Index Scan", "Bitmap Index Scan", NULL, "kinds_pkey", "Index Cond: (id < 10)", "Index Cond", "(id < 10)", 0.02, 10, 1 },
};

static const guint member_depth[] = { 0, 1, 1, 2, 3 };

static void
build_plan (char **text_out,
            char **json_out)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (gboolean));
  JsonWriter writer = { .out = g_string_new (NULL), .first = TRUE, .firsts = firsts };
  guint number = 0;

  json_begin (&writer, '[');
  json_begin (&writer, '{');
  json_name (&writer, "Plan");

  for (guint i = 0; i < G_N_ELEMENTS (top); i++)
    {
      append_text_node (text, i, &top[i], number);
      begin_json_node (&writer, &top[i], number++, i == 0 ? NULL : "Outer");
      json_name (&writer, "Plans");
      json_begin (&writer, '[');
    }

  for (guint m = 0; m < N_MEMBERS; m++)
    {
      /* Hash Join (Seq Scan, Hash (Bitmap Heap Scan (Bitmap Index Scan))) */
      static const char *relationships[] = { "Member", "Outer", "Inner", "Outer", "Outer" };

      for (guint k = 0; k < G_N_ELEMENTS (member); k++)
        {
          append_text_node (text, 4 + member_depth[k], &member[k], number);
          begin_json_node (&writer, &member[k], number++, relationships[k]);
          if (k == 0 || k == 2 || k == 3)
            {
              json_name (&writer, "Plans");
              json_begin (&writer, '[');
            }
          else
            json_end (&writer, '}');
        }
      /* Close Bitmap Heap Scan, Hash, Hash Join. */
      for (guint k = 0; k < 3; k++)
        {
          json_end (&writer, ']');
          json_end (&writer, '}');
        }
    }

  /* One more member, to make it 10,000. */
  append_text_node (text, 4, &member[1], number);
  begin_json_node (&writer, &member[1], number++, "Member");
  json_end (&writer, '}');

  for (guint i = 0; i < G_N_ELEMENTS (top); i++)
    {
      json_end (&writer, ']');
      json_end (&writer, '}');
    }

  g_string_append (text, "Planning Time: 12.345 ms\nExecution Time: 950.000 ms\n");
  json_member (&writer, "Planning Time", "%.3f", 12.345);
  json_member (&writer, "Execution Time", "%.3f", 950.0);
  json_end (&writer, '}');
  json_end (&writer, ']');

  g_assert (number == 10000);


  *text_out = g_string_free (text, FALSE);
  *json_out = g_string_free (writer.out, FALSE);
}

/* CPU time of this process, in µs: what the work cost, whatever else
 * the machine is doing (the wall time is printed too). */
static gint64
cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        double     *times,
        double     *cpu)
{
  qsort (times, RUNS, sizeof (double), compare_doubles);
  qsort (cpu, RUNS, sizeof (double), compare_doubles);
  printf ("%-20s wall best %8.2f ms median %8.2f ms | CPU median %8.2f ms | target %.0f ms, ratio %.2f %s\n",
          what, times[0], times[RUNS / 2], cpu[RUNS / 2], TARGET_MS, cpu[RUNS / 2] / TARGET_MS,
          cpu[RUNS / 2] <= TARGET_MS ? "(within)" : "(OVER)");
}

/* The Plans page hands the parser a buffer of its own (the server's
 * answer, a file's contents, the pasted text), which the plan keeps as its
 * source: each run gets a fresh copy, made before the clock starts. */
static SluicePlan *
time_parse (const char *what,
            const char *data,
            SluicePlan *(*parse) (char *, gsize, GError **))
{
  double times[RUNS], cpu[RUNS];
  SluicePlan *plan = NULL;

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      gsize length = strlen (data);
      char *copy = g_strndup (data, length);
      gint64 start, start_cpu;

      g_clear_object (&plan);
      start = g_get_monotonic_time ();
      start_cpu = cpu_time ();
      plan = parse (copy, length, &error);
      cpu[run] = (cpu_time () - start_cpu) / 1000.0;
      times[run] = (g_get_monotonic_time () - start) / 1000.0;
      if (plan == NULL)
        g_error ("%s: %s", what, error->message);
    }

  g_assert (sluice_plan_get_n_nodes (plan) == 10000);
  report (what, times, cpu);
  return plan;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autoptr(SluicePlan) json_plan = NULL;
  g_autoptr(SluicePlan) text_plan = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(SluicePlanComparison) comparison = NULL;
  double times[RUNS], cpu[RUNS];
  gint64 start;

  build_plan (&text, &json);

  /* bench-plan --write DIR: the plans as files, for other benchmarks and
   * for looking at. */
  if (argc == 3 && g_str_equal (argv[1], "--write"))
    {
      g_autofree char *json_path = g_build_filename (argv[2], "plan-10000.json", NULL);
      g_autofree char *text_path = g_build_filename (argv[2], "plan-10000.txt", NULL);
      g_autoptr(GError) error = NULL;

      if (!g_file_set_contents (json_path, json, -1, &error) ||
          !g_file_set_contents (text_path, text, -1, &error))
        g_error ("%s", error->message);
      return 0;
    }

  printf ("A 10,000-node plan: %.1f MB of JSON, %.1f MB of text\n", strlen (json) / 1e6, strlen (text) / 1e6);

  json_plan = time_parse ("parse JSON + model", json, sluice_plan_new_from_json_take);
  text_plan = time_parse ("parse text + model", text, sluice_plan_new_from_data_take);

  for (guint run = 0; run < RUNS; run++)
    {
      gint64 start_cpu = cpu_time ();

      start = g_get_monotonic_time ();
      _sluice_plan_compute_model (text_plan);
      cpu[run] = (cpu_time () - start_cpu) / 1000.0;
      times[run] = (g_get_monotonic_time () - start) / 1000.0;
    }
  report ("model alone", times, cpu);

  start = g_get_monotonic_time ();
  warnings = sluice_plan_advise (text_plan);
  printf ("advice: %u warnings in %.2f ms\n", warnings->len, (g_get_monotonic_time () - start) / 1000.0);

  start = g_get_monotonic_time ();
  comparison = sluice_plan_comparison_new (json_plan, text_plan);
  printf ("compare JSON with text: %u rows in %.2f ms, verdict “%s”\n",
          sluice_plan_comparison_get_pairs (comparison)->len, (g_get_monotonic_time () - start) / 1000.0,
          sluice_plan_comparison_get_verdict (comparison));

  printf ("exclusive sum %.3f ms of %.3f ms executing\n",
          sluice_plan_get_exclusive_sum_ms (text_plan), sluice_plan_get_execution_ms (text_plan));

  return 0;
}
