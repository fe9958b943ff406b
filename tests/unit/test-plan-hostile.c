/* test-plan-hostile.c: plans nobody should paste, read without a crash,
 * a freeze or a stack overflow
 *
 * Truncated JSON, broken indentation, a 100 MB paste, a plan 10,000 levels
 * deep in text and in JSON, text that is not UTF-8: each either gives a
 * plan that holds together or an error that names the line.  The big
 * inputs print how long they took, so that a parser gone quadratic shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sluice.h"

#define NODE_FIGURES "  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)"

static void
assert_line_error (const GError *error,
                   guint         line)
{
  g_autofree char *prefix = g_strdup_printf ("Line %u: ", line);

  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start with “%s”", error->message, prefix);
}

static SluicePlan *
parse (const char  *text,
       GError     **error)
{
  return sluice_plan_new_from_data (text, strlen (text), error);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* JSON */

static void
test_truncated_json (void)
{
  const char *json = "[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Seq Scan\",\n      \"Relation Name\": \"orders\",\n"
                     "      \"Plans\": [\n        {\"Node Type\": \"Hash\"";
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = parse (json, &error);

  g_assert_null (plan);
  assert_line_error (error, 7);
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
}

static void
test_json_wrong_types (void)
{
  const struct { const char *json; guint line; const char *words; } cases[] = {
    { "{\"Plan\": {\n\"Node Type\": 5}}", 2, "Node Type" },
    { "{\"Plan\": {\"Node Type\": \"Sort\",\n\"Actual Rows\": \"many\"}}", 2, "Actual Rows" },
    { "{\"Plan\": {\"Node Type\": \"Sort\",\n\"Plans\": [1]}}", 2, "Plans" },
    { "[\n{\"Plan\": {\"Relation Name\": \"t\"}}]", 2, "Node Type" },
    { "{\"Planning Time\": 1}", 1, "Plan" },
    { "[]", 1, "no plan" },
    { "{\"Plan\": {\"Node Type\": \"Sort\"},\n\"Execution Time\": \"fast\"}", 2, "Execution Time" },
    { "{\"sluice_plan\": 99, \"plan\": []}", 0, "newer Sluice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SluicePlan) plan = parse (cases[i].json, &error);

      g_assert_null (plan);
      if (cases[i].line > 0)
        assert_line_error (error, cases[i].line);
      else
        g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
      if (strstr (error->message, cases[i].words) == NULL)
        g_error ("“%s” does not mention “%s”", error->message, cases[i].words);
    }
}

/* A JSON plan @depth nodes deep, each the only child of the one above. */
static char *
deep_json (guint depth)
{
  GString *json = g_string_new ("[{\"Plan\": ");

  for (guint i = 0; i < depth; i++)
    {
      g_string_append (json, "{\"Node Type\": \"Result\", \"Total Cost\": 0.01, \"Plan Rows\": 1, "
                             "\"Actual Total Time\": 0.002, \"Actual Rows\": 1, \"Actual Loops\": 1");
      if (i + 1 < depth)
        g_string_append (json, ", \"Plans\": [");
    }
  for (guint i = 0; i < depth; i++)
    g_string_append (json, i + 1 < depth ? "}]" : "}");
  g_string_append (json, ", \"Execution Time\": 1.0}]");

  return g_string_free (json, FALSE);
}

static void
test_deep_json (void)
{
  g_autofree char *ok = deep_json (SLUICE_PLAN_MAX_JSON_DEPTH);
  g_autofree char *deep = deep_json (10000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(SluicePlan) refused = NULL;

  plan = parse (ok, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_plan_get_n_nodes (plan), ==, SLUICE_PLAN_MAX_JSON_DEPTH);
  g_assert_cmpuint (sluice_plan_get_max_depth (plan), ==, SLUICE_PLAN_MAX_JSON_DEPTH - 1);

  /* json-glib would recurse 20,000 levels: refused before it sees it. */
  refused = parse (deep, &error);
  g_assert_null (refused);
  assert_line_error (error, 1);
  g_assert_nonnull (strstr (error->message, "1000"));
  g_assert_nonnull (strstr (error->message, "text format"));
}

/* Text */

static void
test_broken_indentation (void)
{
  const struct { const char *text; guint line; } refused[] = {
    /* A node left of the first: it has no parent. */
    { "Hash Join" NODE_FIGURES "\n  ->  Seq Scan on a" NODE_FIGURES "\n->  Hash" NODE_FIGURES "\n", 3 },
    /* A detail before any node. */
    { "  Filter: (a = 1)\nSeq Scan on t" NODE_FIGURES "\n", 1 },
    /* An arrow to something that is no node. */
    { "Sort" NODE_FIGURES "\n  ->  what is this\n", 2 },
    /* Figures that cannot be read. */
    { "Sort  (cost=0.00..x rows=1 width=4)\n", 1 },
    { "Sort  (cost=0.00..1.00 rows=1 width=4) (actual time=0.1..0.2 rows=1 loops=)\n", 1 },
    /* A subplan header left of the first node. */
    { "  Sort" NODE_FIGURES "\nInitPlan 1 (returns $0)\n    ->  Result" NODE_FIGURES "\n", 2 },
  };
  /* Lines shifted in or out but still below the first node: a tree,
   * perhaps not the one meant, that holds together. */
  const char *shifted = "Hash Join" NODE_FIGURES "\n"
                        "    ->  Seq Scan on a" NODE_FIGURES "\n"
                        " ->  Hash" NODE_FIGURES "\n"
                        "         Buckets: 1024  Batches: 1  Memory Usage: 9kB\n"
                        "   ->  Seq Scan on b" NODE_FIGURES "\n"
                        "Execution Time: 1.000 ms\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) refused_error = NULL;
      g_autoptr(SluicePlan) refused_plan = parse (refused[i].text, &refused_error);

      g_assert_null (refused_plan);
      assert_line_error (refused_error, refused[i].line);
    }

  plan = parse (shifted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_plan_get_n_nodes (plan), ==, 4);
  /* Each node goes under the nearest one above it that is further left. */
  g_assert_true (sluice_plan_node_get_parent (sluice_plan_get_node (plan, 1)) == sluice_plan_get_root (plan));
  g_assert_true (sluice_plan_node_get_parent (sluice_plan_get_node (plan, 2)) == sluice_plan_get_root (plan));
  g_assert_true (sluice_plan_node_get_parent (sluice_plan_get_node (plan, 3)) == sluice_plan_get_node (plan, 2));
  g_assert_cmpint (sluice_plan_node_get_hash_buckets (sluice_plan_get_node (plan, 2)), ==, 1024);
  g_assert_cmpfloat (sluice_plan_get_execution_ms (plan), ==, 1.0);
}

static void
test_not_text (void)
{
#define WITH_NUL "Seq Scan on t" NODE_FIGURES "\n\n  Filter: (a = 1)\0 hidden\n"
  const struct { const char *data; gsize length; guint line; } cases[] = {
    { "Seq Scan on t" NODE_FIGURES "\n  Filter: (a = '\xff\xfe')\n", 0, 2 },
    { WITH_NUL, sizeof (WITH_NUL) - 1, 3 },
    { "hello world\n", 0, 1 },
    { "", 0, 0 },
    { "   \n\n  \n", 0, 0 },
    { "QUERY PLAN\n----------\n(0 rows)\n", 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize length = cases[i].length > 0 ? cases[i].length : strlen (cases[i].data);
      g_autoptr(SluicePlan) plan = NULL;

      plan = sluice_plan_new_from_data (cases[i].data, length, &error);
      g_assert_null (plan);
      if (cases[i].line > 0)
        assert_line_error (error, cases[i].line);
      else
        {
          g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
          g_assert_nonnull (strstr (error->message, "no plan"));
        }
    }
#undef WITH_NUL
}

/* A text plan @depth levels deep, indented one blank a level (psql's six
 * would make 10,000 levels 300 MB). */
static char *
deep_text (guint depth)
{
  GString *text = g_string_sized_new ((gsize) depth * depth / 2 + (gsize) depth * 100);

  g_string_append (text, "Result" NODE_FIGURES "\n");
  for (guint i = 1; i < depth; i++)
    {
      for (guint c = 0; c < i; c++)
        g_string_append_c (text, ' ');
      g_string_append (text, "->  Result" NODE_FIGURES "\n");
    }
  g_string_append (text, "Execution Time: 1.000 ms\n");

  return g_string_free (text, FALSE);
}

static void
test_deep_text (void)
{
  g_autofree char *text = deep_text (10000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(SluicePlan) reloaded = NULL;
  g_autoptr(SluicePlanComparison) comparison = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *saved = NULL;
  gsize saved_length;
  gint64 start;

  g_test_message ("10,000 levels: %.1f MB of text", strlen (text) / 1e6);

  start = g_get_monotonic_time ();
  plan = sluice_plan_new_from_text (text, strlen (text), &error);
  g_test_message ("parsed and modelled in %.3f s", seconds_since (start));
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_plan_get_n_nodes (plan), ==, 10000);
  g_assert_cmpuint (sluice_plan_get_max_depth (plan), ==, 9999);
  g_assert_cmpuint (sluice_plan_node_get_depth (sluice_plan_get_node (plan, 9999)), ==, 9999);
  g_assert_true (sluice_plan_node_get_parent (sluice_plan_get_node (plan, 9999)) == sluice_plan_get_node (plan, 9998));

  /* Each Result took 0.002 ms and its child 0.002: 0 of its own, but
   * the deepest; together the root's 0.002 ms. */
  g_assert_cmpfloat_with_epsilon (sluice_plan_get_exclusive_sum_ms (plan), 0.002, 1e-9);
  g_assert_cmpfloat_with_epsilon (sluice_plan_node_get_exclusive_ms (sluice_plan_get_node (plan, 9999)), 0.002, 1e-9);

  /* Everything else walks it without recursing either. */
  start = g_get_monotonic_time ();
  comparison = sluice_plan_comparison_new (plan, plan);
  g_test_message ("compared with itself in %.3f s", seconds_since (start));
  g_assert_cmpuint (sluice_plan_comparison_get_pairs (comparison)->len, ==, 10000);
  g_assert_true (sluice_plan_comparison_get_match (comparison, sluice_plan_get_node (plan, 9999)) ==
                 sluice_plan_get_node (plan, 9999));
  warnings = sluice_plan_advise (plan);
  g_assert_cmpuint (warnings->len, ==, 0);

  /* Saved as its text: JSON would be too deep for json-glib. */
  saved = sluice_plan_to_saved_data (plan, &saved_length);
  reloaded = sluice_plan_new_from_data (saved, saved_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_plan_get_n_nodes (reloaded), ==, 10000);
}

static void
test_huge_paste (void)
{
  gsize size = 100 * 1024 * 1024;
  g_autofree char *paste = g_malloc (size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = NULL;
  gint64 start;

  memset (paste, 'x', size);
  start = g_get_monotonic_time ();
  plan = sluice_plan_new_from_data (paste, size, &error);
  g_test_message ("100 MB refused in %.3f s", seconds_since (start));
  g_assert_null (plan);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "64"));
  g_assert_nonnull (strstr (error->message, "nothing was read"));
}

/* Just under the limit, one line and many: linear, or this takes hours. */
static void
test_large_but_allowed (void)
{
  gsize filter_length = 60 * 1000 * 1000;
  GString *text = g_string_sized_new (filter_length + 1000);
  g_autoptr(GString) wide = g_string_new ("Append" NODE_FIGURES "\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(SluicePlan) wide_plan = NULL;
  g_autofree char *data = NULL;
  gint64 start;

  g_string_append (text, "Seq Scan on t" NODE_FIGURES "\n  Filter: (a = '");
  for (gsize i = 0; i < filter_length; i++)
    g_string_append_c (text, 'a' + i % 26);
  g_string_append (text, "'::text)\n");
  data = g_string_free (text, FALSE);

  start = g_get_monotonic_time ();
  plan = sluice_plan_new_from_data (data, strlen (data), &error);
  g_test_message ("a 60 MB line in %.3f s", seconds_since (start));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (sluice_plan_node_get_filter (sluice_plan_get_root (plan))), ==, filter_length + strlen ("(a = '") + strlen ("'::text)"));

  /* 200,000 partitions under one Append (pev2#476 had 10,000). */
  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (wide, "  ->  Seq Scan on events_%u" NODE_FIGURES "\n", i);
  start = g_get_monotonic_time ();
  wide_plan = sluice_plan_new_from_data (wide->str, wide->len, &error);
  g_test_message ("%.1f MB, 200,001 nodes in %.3f s", wide->len / 1e6, seconds_since (start));
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_plan_get_n_nodes (wide_plan), ==, 200001);
  g_assert_cmpint (sluice_plan_node_get_relationship (sluice_plan_get_node (wide_plan, 200000)), ==,
                   SLUICE_PLAN_RELATIONSHIP_MEMBER);
}

static void
test_huge_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-plan-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "huge.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(SluicePlan) plan = NULL;

  g_assert_no_error (error);
  stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  /* A sparse 100 MB file: refused by its size, before it is read. */
  g_assert_true (g_seekable_truncate (G_SEEKABLE (stream), 100 * 1024 * 1024, NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));

  plan = sluice_plan_new_from_file (file, NULL, &error);
  g_assert_null (plan);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "64"));

  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan/hostile/truncated-json", test_truncated_json);
  g_test_add_func ("/plan/hostile/json-wrong-types", test_json_wrong_types);
  g_test_add_func ("/plan/hostile/deep-json", test_deep_json);
  g_test_add_func ("/plan/hostile/broken-indentation", test_broken_indentation);
  g_test_add_func ("/plan/hostile/not-text", test_not_text);
  g_test_add_func ("/plan/hostile/deep-text", test_deep_text);
  g_test_add_func ("/plan/hostile/huge-paste", test_huge_paste);
  g_test_add_func ("/plan/hostile/large-but-allowed", test_large_but_allowed);
  g_test_add_func ("/plan/hostile/huge-file", test_huge_file);

  return g_test_run ();
}
