/* test-plan-json-stream.c: the one-pass JSON reader builds what the
 * careful reader builds
 *
 * sluice_plan_new_from_json () reads EXPLAIN's JSON in one pass
 * (sluice-plan-json-stream.c) and leaves anything it is not sure of to
 * the careful path (SluiceJsonReader over json-glib).  A saved plan file
 * is always read the careful way, so each plan here is read from its JSON,
 * saved, read back, and both plans are written out field by field: the
 * two dumps must be the same text.  The plans are the JSON fixtures and
 * fuzz corpus of real EXPLAIN output, and made-up ones with what real
 * plans rarely hold (escapes, non-ASCII names, nested values).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice.h"
#include "sluice-plan-json-private.h"
#include "sluice-plan-private.h"   /* _sluice_plan_unframe () */

/* As sluice-plan-json.c allows. */
#define MAX_NESTING (2 * SLUICE_PLAN_MAX_JSON_DEPTH + 16)

static void
dump_text (GString    *out,
           const char *name,
           const char *value)
{
  g_string_append_printf (out, "  %s=%s\n", name, value != NULL ? value : "(null)");
}

static void
dump_number (GString    *out,
             const char *name,
             double      value)
{
  g_string_append_printf (out, "  %s=%.17g\n", name, value);
}

static void
dump_buffers (GString                 *out,
              const char              *name,
              const SluicePlanBuffers *buffers)
{
  g_string_append_printf (out, "  %s=%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                          " local %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                          " temp %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " io %.17g/%.17g/%.17g/%.17g"
                          " wal %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "\n",
                          name, buffers->shared_hit, buffers->shared_read, buffers->shared_dirtied, buffers->shared_written,
                          buffers->local_hit, buffers->local_read, buffers->local_dirtied, buffers->local_written,
                          buffers->temp_read, buffers->temp_written,
                          buffers->io_read_ms, buffers->io_write_ms, buffers->temp_io_read_ms, buffers->temp_io_write_ms,
                          buffers->wal_records, buffers->wal_fpi, buffers->wal_bytes);
}

static void
dump_properties (GString    *out,
                 const char *name,
                 GPtrArray  *properties)
{
  for (guint i = 0; properties != NULL && i < properties->len; i++)
    {
      SluicePlanProperty *property = g_ptr_array_index (properties, i);

      g_string_append_printf (out, "  %s[%u] %s=%s\n", name, i, property->key, property->value);
    }
}

static void
dump_node (GString        *out,
           SluicePlanNode *node)
{
  SluicePlanNode *parent = sluice_plan_node_get_parent (node);
  GPtrArray *workers = sluice_plan_node_get_workers (node);

  g_string_append_printf (out, "node %u parent %d depth %u line %u children %u\n",
                          sluice_plan_node_get_id (node),
                          parent != NULL ? (int) sluice_plan_node_get_id (parent) : -1,
                          sluice_plan_node_get_depth (node), sluice_plan_node_get_line (node),
                          sluice_plan_node_get_children (node)->len);
  dump_text (out, "type", sluice_plan_node_get_node_type (node));
  dump_text (out, "title", sluice_plan_node_get_title (node));
  dump_text (out, "relation", sluice_plan_node_get_relation_name (node));
  dump_text (out, "schema", sluice_plan_node_get_schema (node));
  dump_text (out, "alias", sluice_plan_node_get_alias (node));
  dump_text (out, "index", sluice_plan_node_get_index_name (node));
  dump_text (out, "cte", sluice_plan_node_get_cte_name (node));
  dump_text (out, "function", sluice_plan_node_get_function_name (node));
  dump_text (out, "join", sluice_plan_node_get_join_type (node));
  dump_text (out, "strategy", sluice_plan_node_get_strategy (node));
  dump_text (out, "partial", sluice_plan_node_get_partial_mode (node));
  dump_text (out, "operation", sluice_plan_node_get_operation (node));
  dump_text (out, "direction", sluice_plan_node_get_scan_direction (node));
  dump_text (out, "subplan", sluice_plan_node_get_subplan_name (node));
  dump_text (out, "filter", sluice_plan_node_get_filter (node));
  dump_text (out, "index cond", sluice_plan_node_get_index_cond (node));
  dump_text (out, "recheck", sluice_plan_node_get_recheck_cond (node));
  dump_text (out, "join filter", sluice_plan_node_get_join_filter (node));
  dump_text (out, "hash cond", sluice_plan_node_get_hash_cond (node));
  dump_text (out, "merge cond", sluice_plan_node_get_merge_cond (node));
  dump_text (out, "output", sluice_plan_node_get_output (node));
  dump_text (out, "sort key", sluice_plan_node_get_sort_key (node));
  dump_text (out, "group key", sluice_plan_node_get_group_key (node));
  dump_text (out, "sort method", sluice_plan_node_get_sort_method (node));
  dump_text (out, "sort space type", sluice_plan_node_get_sort_space_type (node));
  g_string_append_printf (out, "  flags parallel %d async %d relationship %d actuals %d timing %d buffers %d estimate %d\n",
                          sluice_plan_node_get_parallel_aware (node), sluice_plan_node_get_async_capable (node),
                          sluice_plan_node_get_relationship (node), sluice_plan_node_has_actuals (node),
                          sluice_plan_node_has_timing (node), sluice_plan_node_has_buffers (node),
                          sluice_plan_node_get_estimate (node));
  dump_number (out, "startup cost", sluice_plan_node_get_startup_cost (node));
  dump_number (out, "total cost", sluice_plan_node_get_total_cost (node));
  dump_number (out, "plan rows", sluice_plan_node_get_plan_rows (node));
  dump_number (out, "plan width", sluice_plan_node_get_plan_width (node));
  dump_number (out, "startup ms", sluice_plan_node_get_actual_startup_ms (node));
  dump_number (out, "total ms", sluice_plan_node_get_actual_total_ms (node));
  dump_number (out, "rows", sluice_plan_node_get_actual_rows (node));
  dump_number (out, "loops", sluice_plan_node_get_actual_loops (node));
  dump_number (out, "workers planned", sluice_plan_node_get_workers_planned (node));
  dump_number (out, "workers launched", sluice_plan_node_get_workers_launched (node));
  dump_number (out, "removed by filter", sluice_plan_node_get_rows_removed_by_filter (node));
  dump_number (out, "removed by join filter", sluice_plan_node_get_rows_removed_by_join_filter (node));
  dump_number (out, "removed by recheck", sluice_plan_node_get_rows_removed_by_index_recheck (node));
  dump_number (out, "heap fetches", sluice_plan_node_get_heap_fetches (node));
  dump_number (out, "exact heap blocks", sluice_plan_node_get_exact_heap_blocks (node));
  dump_number (out, "lossy heap blocks", sluice_plan_node_get_lossy_heap_blocks (node));
  dump_number (out, "sort space", sluice_plan_node_get_sort_space_kb (node));
  dump_number (out, "hash buckets", sluice_plan_node_get_hash_buckets (node));
  dump_number (out, "original hash buckets", sluice_plan_node_get_original_hash_buckets (node));
  dump_number (out, "hash batches", sluice_plan_node_get_hash_batches (node));
  dump_number (out, "original hash batches", sluice_plan_node_get_original_hash_batches (node));
  dump_number (out, "peak memory", sluice_plan_node_get_peak_memory_kb (node));
  dump_number (out, "disk usage", sluice_plan_node_get_disk_usage_kb (node));
  dump_number (out, "inclusive ms", sluice_plan_node_get_inclusive_ms (node));
  dump_number (out, "exclusive ms", sluice_plan_node_get_exclusive_ms (node));
  dump_number (out, "share", sluice_plan_node_get_share (node));
  dump_number (out, "processes", sluice_plan_node_get_processes (node));
  dump_number (out, "misestimate", sluice_plan_node_get_misestimate (node));
  dump_buffers (out, "buffers", sluice_plan_node_get_buffers (node));
  dump_buffers (out, "exclusive buffers", sluice_plan_node_get_exclusive_buffers (node));
  dump_properties (out, "property", sluice_plan_node_get_properties (node));

  for (guint i = 0; workers != NULL && i < workers->len; i++)
    {
      SluicePlanWorker *worker = g_ptr_array_index (workers, i);

      g_string_append_printf (out, "  worker %d %.17g %.17g %.17g %.17g\n", worker->number,
                              worker->actual_startup_ms, worker->actual_total_ms,
                              worker->actual_rows, worker->actual_loops);
      dump_buffers (out, "worker buffers", &worker->buffers);
      dump_properties (out, "worker property", worker->properties);
    }
}

static char *
dump_plan (SluicePlan *plan)
{
  GString *out = g_string_new (NULL);
  const SluicePlanJit *jit = sluice_plan_get_jit (plan);
  GPtrArray *triggers = sluice_plan_get_triggers (plan);

  g_string_append_printf (out, "plan %u nodes, depth %u\n", sluice_plan_get_n_nodes (plan), sluice_plan_get_max_depth (plan));
  dump_number (out, "planning ms", sluice_plan_get_planning_ms (plan));
  dump_number (out, "execution ms", sluice_plan_get_execution_ms (plan));
  dump_number (out, "total ms", sluice_plan_get_total_ms (plan));
  dump_number (out, "exclusive sum ms", sluice_plan_get_exclusive_sum_ms (plan));
  dump_number (out, "serialization ms", sluice_plan_get_serialization_ms (plan));
  dump_number (out, "serialization kB", sluice_plan_get_serialization_kb (plan));
  dump_text (out, "serialization format", sluice_plan_get_serialization_format (plan));
  dump_text (out, "query", sluice_plan_get_query (plan));
  if (sluice_plan_get_planning_buffers (plan) != NULL)
    dump_buffers (out, "planning buffers", sluice_plan_get_planning_buffers (plan));
  if (jit != NULL)
    g_string_append_printf (out, "  jit %" G_GINT64_FORMAT " %d%d%d%d %.17g %.17g %.17g %.17g %.17g %.17g\n",
                            jit->functions, jit->inlining, jit->optimization, jit->expressions, jit->deforming,
                            jit->generation_ms, jit->deform_ms, jit->inlining_ms, jit->optimization_ms,
                            jit->emission_ms, jit->total_ms);
  for (guint i = 0; triggers != NULL && i < triggers->len; i++)
    {
      SluicePlanTrigger *trigger = g_ptr_array_index (triggers, i);

      g_string_append_printf (out, "  trigger %s %s %s %.17g %.17g\n", trigger->name,
                              trigger->constraint_name != NULL ? trigger->constraint_name : "-",
                              trigger->relation != NULL ? trigger->relation : "-",
                              trigger->time_ms, trigger->calls);
    }
  dump_properties (out, "setting", sluice_plan_get_settings (plan));
  dump_properties (out, "summary", sluice_plan_get_summary_properties (plan));

  for (guint i = 0; i < sluice_plan_get_n_nodes (plan); i++)
    dump_node (out, sluice_plan_get_node (plan, i));

  return g_string_free (out, FALSE);
}

/* Reads @json both ways and compares them; FALSE when the one-pass
 * reader left it to the careful one. */
static gboolean
both_ways_same (const char *what,
                const char *json,
                gsize       length,
                gboolean    required)
{
  g_autoptr(GError) error = NULL;
  gsize unframed_length;
  g_autofree char *unframed = _sluice_plan_unframe (json, length, &unframed_length);
  g_autoptr(SluicePlan) fast = _sluice_plan_parse_json_stream (unframed != NULL ? unframed : json, unframed_length,
                                                               json, length, MAX_NESTING);
  g_autoptr(SluicePlan) careful = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *fast_dump = NULL;
  g_autofree char *careful_dump = NULL;
  gsize saved_length;

  if (what != NULL)
    g_test_message ("%s", what);
  /* The one-pass reader took it (it gives up without an error). */
  if (fast == NULL && !required)
    return FALSE;
  g_assert_nonnull (fast);
  /* As sluice_plan_new_from_json () does before handing a plan out. */
  _sluice_plan_keep_source (fast, NULL);

  saved = sluice_plan_to_saved_data (fast, &saved_length);
  careful = sluice_plan_new_from_data (saved, saved_length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (careful);

  fast_dump = dump_plan (fast);
  careful_dump = dump_plan (careful);
  g_assert_cmpstr (fast_dump, ==, careful_dump);
  return TRUE;
}

static void
assert_both_ways_same (const char *what,
                       const char *json,
                       gsize       length)
{
  both_ways_same (what, json, length, TRUE);
}

static void
check_folder (const char *folder,
              guint      *n_checked)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, folder, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(SluicePlan) probe = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".json") || !g_file_get_contents (file, &contents, &length, NULL))
        continue;

      /* Saved plan files are read the careful way only. */
      probe = sluice_plan_new_from_json (contents, length, NULL);
      if (probe == NULL || strstr (contents, "\"sluice_plan\"") != NULL)
        continue;

      assert_both_ways_same (file, contents, length);
      (*n_checked)++;
    }
}

static void
test_real_plans (void)
{
  guint n_checked = 0;

  check_folder ("unit/fixtures/plans", &n_checked);
  check_folder ("fuzz/corpus/plan-json", &n_checked);
  g_assert_cmpuint (n_checked, >=, 5);
}

/* What real plans rarely hold: escapes of every kind, names that are not
 * ASCII, lists and objects as values, keys Sluice does not know, workers,
 * the summary's members, numbers in every JSON form. */
static const char unusual_plan[] =
  "[\n"
  "  {\n"
  "    \"Plan\": {\n"
  "      \"Node Type\": \"Gather\",\n"
  "      \"Parallel Aware\": false,\n"
  "      \"Async Capable\": false,\n"
  "      \"Startup Cost\": 1000.00,\n"
  "      \"Total Cost\": 1.5e3,\n"
  "      \"Plan Rows\": 12E-1,\n"
  "      \"Plan Width\": 8,\n"
  "      \"Actual Startup Time\": 0.010,\n"
  "      \"Actual Total Time\": 12.3456789012345678,\n"
  "      \"Actual Rows\": 0,\n"
  "      \"Actual Loops\": 1,\n"
  "      \"Workers Planned\": 2,\n"
  "      \"Workers Launched\": 1,\n"
  "      \"Single Copy\": false,\n"
  "      \"Output\": [\"t.\\\"quoted\\\"\", \"caf\\u00e9\", \"tab\\there\", \"slash\\/back\\\\\"],\n"
  "      \"Custom Thing\": {\"a\": [1, 2.5, -3, true, null], \"b\": {}},\n"
  "      \"Empty List\": [],\n"
  "      \"Nothing\": null,\n"
  "      \"Negative\": -0.0,\n"
  "      \"Big\": 123456789012345678,\n"
  "      \"Shared Hit Blocks\": 10,\n"
  "      \"Shared Read Blocks\": 2,\n"
  "      \"I/O Read Time\": 0.125,\n"
  "      \"Plans\": [\n"
  "        {\n"
  "          \"Node Type\": \"Seq Scan\",\n"
  "          \"Parent Relationship\": \"Outer\",\n"
  "          \"Parallel Aware\": true,\n"
  "          \"Relation Name\": \"bücher\",\n"
  "          \"Schema\": \"public\",\n"
  "          \"Alias\": \"b\\u0001\\u20ac\",\n"
  /* Escaped names: decoded, then kept aside while an escaped value is. */
  "          \"Index\\u0020Name\": \"i\\u00e9\",\n"
  "          \"A name longer than the reader's buffer for names, with an escape \\\" in it, and then some more words to pass a hundred and twenty-eight bytes\": \"v\\/w\",\n"
  "          \"Startup Cost\": 0.00,\n"
  "          \"Total Cost\": 100.5,\n"
  "          \"Plan Rows\": 100,\n"
  "          \"Plan Width\": 8,\n"
  "          \"Actual Startup Time\": 0.005,\n"
  "          \"Actual Total Time\": 6.5,\n"
  "          \"Actual Rows\": 0,\n"
  "          \"Actual Loops\": 2,\n"
  "          \"Filter\": \"(title ~~ '%日本%'::text)\",\n"
  "          \"Rows Removed by Filter\": 5000,\n"
  "          \"Shared Hit Blocks\": 8,\n"
  "          \"Shared Read Blocks\": 2,\n"
  "          \"Workers\": [\n"
  "            {\"Worker Number\": 0, \"Actual Startup Time\": 0.01, \"Actual Total Time\": 6.4,\n"
  "             \"Actual Rows\": 0, \"Actual Loops\": 1, \"Shared Hit Blocks\": 4, \"Sort Method\": \"quicksort\"}\n"
  "          ],\n"
  "          \"Plans\": []\n"
  "        }\n"
  "      ]\n"
  "    },\n"
  "    \"Planning\": {\"Shared Hit Blocks\": 3},\n"
  "    \"Planning Time\": 0.25,\n"
  "    \"Triggers\": [{\"Trigger Name\": \"audit\", \"Relation\": \"bücher\", \"Time\": 0.5, \"Calls\": 2}],\n"
  "    \"JIT\": {\"Functions\": 4, \"Options\": {\"Inlining\": false, \"Optimization\": false, \"Expressions\": true, \"Deforming\": true},\n"
  "            \"Timing\": {\"Generation\": 0.5, \"Inlining\": 0.0, \"Optimization\": 0.25, \"Emission\": 1.0, \"Total\": 1.75}},\n"
  "    \"Settings\": {\"work_mem\": \"64kB\"},\n"
  "    \"Execution Time\": 13.0,\n"
  "    \"Some Future Key\": \"kept\"\n"
  "  },\n"
  "  {\"ignored\": [1, 2, 3]}\n"
  "]\n";

static void
test_unusual_plan (void)
{
  assert_both_ways_same ("an unusual plan", unusual_plan, strlen (unusual_plan));
}

/* Compact JSON, as a program writes it, and the object without its list. */
static void
test_compact_plan (void)
{
  const char *json =
    "{\"Plan\":{\"Node Type\":\"Limit\",\"Plans\":[{\"Node Type\":\"Index Only Scan\",\"Parent Relationship\":\"Outer\","
    "\"Index Name\":\"t_pkey\",\"Relation Name\":\"t\",\"Heap Fetches\":7,\"Plans\":[]}],\"Total Cost\":1},"
    "\"Planning Time\":0.1}";

  assert_both_ways_same ("a compact plan", json, strlen (json));
}

/* The one-pass reader guesses each member name from the one before it in
 * the last node: nodes whose members come in other orders, a name that
 * starts like the guess, the guess escaped, and names it has no field for
 * read as the careful path reads them. */
static void
test_member_order (void)
{
  const char *json =
    "[{\"Plan\": {\"Node Type\": \"Append\", \"Total Cost\": 9, \"Plan Rows\": 3, \"Plans\": ["
    "{\"Node Type\": \"Seq Scan\", \"Relation Name\": \"a\", \"Total Cost\": 1, \"Plan Rows\": 1},"
    "{\"Node Type\": \"Seq Scan\", \"Total Cost\": 2, \"Relation Name\": \"b\", \"Plan Rows\": 1},"
    "{\"Node Type\": \"Seq Scan\", \"Total Costs\": 5, \"Relation Name\": \"c\", \"Total Cost\": 3},"
    "{\"Node Type\": \"Seq Scan\", \"Total\\u0020Cost\": 4, \"Relation Name\": \"d\", \"Plan Rows\": 2},"
    "{\"Node Type\": \"Seq Scan\", \"Relation Name\": \"e\", \"Output\": \"x\", \"Inner Unique\": true}"
    "]}, \"Planning Time\": 0.1}]";
  /* A name twice in a node, read once through the shortcuts (a string)
   * and once the general way (a list): still a duplicate. */
  const char *twice =
    "[{\"Plan\": {\"Node Type\": \"Result\", \"Output\": \"a\", \"Total Cost\": 1, \"Output\": [\"b\"]}}]";
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *extra = NULL;
  GPtrArray *children;

  assert_both_ways_same ("members in other orders", json, strlen (json));

  plan = sluice_plan_new_from_json (json, strlen (json), &error);
  g_assert_no_error (error);
  children = sluice_plan_node_get_children (sluice_plan_get_root (plan));
  g_assert_cmpuint (children->len, ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (sluice_plan_node_get_total_cost (g_ptr_array_index (children, i)), ==, i + 1);
  extra = sluice_plan_node_dup_value (g_ptr_array_index (children, 2), "Total Costs");
  g_assert_cmpstr (extra, ==, "5");
  g_clear_object (&plan);

  g_assert_null (_sluice_plan_parse_json_stream (twice, strlen (twice), twice, strlen (twice), MAX_NESTING));
  plan = sluice_plan_new_from_json (twice, strlen (twice), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sluice_plan_node_get_output (sluice_plan_get_root (plan)), ==, "b");
}

/* What the one-pass reader leaves to the careful one still reads as the
 * careful one reads it (or is refused as before). */
static void
test_left_to_the_careful_path (void)
{
  /* A member twice: json-glib keeps the last. */
  const char *twice = "[{\"Plan\": {\"Node Type\": \"Result\", \"Alias\": \"a\", \"Alias\": \"b\"}}]";
  /* A surrogate pair. */
  const char *pair = "[{\"Plan\": {\"Node Type\": \"Result\", \"Alias\": \"\\ud83d\\ude00\"}}]";
  /* Just the root node. */
  const char *bare = "{\"Node Type\": \"Result\", \"Total Cost\": 1}";
  /* Truncated. */
  const char *truncated = "[{\"Plan\": {\"Node Type\": \"Result\", \"Plans\": [";
  const char *left[] = { twice, pair, bare, truncated };
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (left); i++)
    g_assert_null (_sluice_plan_parse_json_stream (left[i], strlen (left[i]), left[i], strlen (left[i]), MAX_NESTING));

  plan = sluice_plan_new_from_json (twice, strlen (twice), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sluice_plan_node_get_alias (sluice_plan_get_root (plan)), ==, "b");
  g_clear_object (&plan);

  plan = sluice_plan_new_from_json (pair, strlen (pair), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sluice_plan_node_get_alias (sluice_plan_get_root (plan)), ==, "\xf0\x9f\x98\x80");
  g_clear_object (&plan);

  plan = sluice_plan_new_from_json (bare, strlen (bare), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_plan_get_n_nodes (plan), ==, 1);
  g_clear_object (&plan);

  plan = sluice_plan_new_from_json (truncated, strlen (truncated), &error);
  g_assert_null (plan);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Line 1"));
}

/* Plans with a few bytes changed, inserted, removed or repeated, from a
 * fixed seed: whatever the one-pass reader still takes must read the same
 * the careful way (and a save must not find it unreadable). */
static const char mutation_bytes[] = "{}[],:\"\\ \n0123456789eE.-+tfnul/'\x01\xc3\xa9\xff";

static void
mutate (GRand   *rand,
        GString *text)
{
  guint position = text->len > 0 ? g_rand_int_range (rand, 0, text->len) : 0;

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      if (text->len > 0)
        g_string_erase (text, position, 1);
      break;
    case 1:
      g_string_insert_c (text, position, mutation_bytes[g_rand_int_range (rand, 0, sizeof mutation_bytes - 1)]);
      break;
    case 2:
      if (text->len > 0)
        text->str[position] = mutation_bytes[g_rand_int_range (rand, 0, sizeof mutation_bytes - 1)];
      break;
    default:
      {
        guint length = MIN (text->len - position, (guint) g_rand_int_range (rand, 1, 80));
        g_autofree char *slice = g_strndup (text->str + position, length);

        g_string_insert (text, position, slice);
      }
      break;
    }
}

static void
test_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);
  const char *seeds[] = { unusual_plan,
                          "[{\"Plan\": {\"Node Type\": \"Limit\", \"Total Cost\": 1.5, \"Plans\": [{\"Node Type\": \"Seq Scan\", "
                          "\"Relation Name\": \"t\", \"Output\": [\"a\", \"b\"], \"Plans\": []}]}, \"Planning Time\": 0.1}]" };
  guint taken = 0, left = 0;

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GString) text = g_string_new (seeds[round % G_N_ELEMENTS (seeds)]);
      guint n_mutations = g_rand_int_range (rand, 1, 4);

      for (guint i = 0; i < n_mutations; i++)
        mutate (rand, text);

      if (both_ways_same (NULL, text->str, text->len, FALSE))
        taken++;
      else
        left++;
    }

  g_test_message ("%u mutated plans read in one pass and the same the careful way, %u left to it", taken, left);
  g_assert_cmpuint (taken, >, 0);
  g_assert_cmpuint (left, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan/json-stream/real-plans", test_real_plans);
  g_test_add_func ("/plan/json-stream/unusual", test_unusual_plan);
  g_test_add_func ("/plan/json-stream/compact", test_compact_plan);
  g_test_add_func ("/plan/json-stream/member-order", test_member_order);
  g_test_add_func ("/plan/json-stream/left-to-the-careful-path", test_left_to_the_careful_path);
  g_test_add_func ("/plan/json-stream/mutations", test_mutations);

  return g_test_run ();
}
