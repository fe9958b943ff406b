/* test-plan-capture.c: plans of real queries, captured with the real psql
 * in JSON and in text, must parse into the same tree
 *
 * Each query of many shapes (every join kind, parallel aggregates, CTEs,
 * InitPlans and SubPlans, window functions, sorts that spill, hashes that
 * batch, partitions, DML with RETURNING inside a rolled-back transaction,
 * triggers...) is explained twice by /usr/bin/psql, once with FORMAT JSON
 * and once in text, exactly as psql prints them (aligned, with the header,
 * the "+" marks of the JSON cell and the "(N rows)" footer).  The two runs
 * are two executions, so their times differ; everything else that does not
 * depend on the clock must be the same: the shape, the node types, names,
 * relations and conditions, the estimates, rows and loops.  The text is
 * also printed again as one psql cell (with "+" marks), which must give
 * exactly the text's plan, times included.  In every plan the exclusive
 * times must add up to the time the plan accounts for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice.h"
#include "sluice-test-pg.h"

/* Settings for every query: parallel plans cheap, work_mem tiny so that
 * sorts spill and hashes batch, JIT off unless a case turns it on. */
#define BASE_SETTINGS \
  "-c parallel_setup_cost=0 -c parallel_tuple_cost=0 -c min_parallel_table_scan_size=0 " \
  "-c min_parallel_index_scan_size=0 -c max_parallel_workers_per_gather=2 -c work_mem=64kB -c jit=off"

typedef struct
{
  const char *name;
  const char *sql;
  const char *settings;   /* more -c options, or NULL */
  gboolean    writes;     /* run inside BEGIN ... ROLLBACK */
} PlanCase;

static const PlanCase cases[] = {
  { "seq-scan-filter", "SELECT * FROM orders WHERE total > 300 AND status = 'paid'", NULL, FALSE },
  { "index-scan", "SELECT * FROM orders WHERE id BETWEEN 100 AND 120", NULL, FALSE },
  { "index-only-scan", "SELECT customer_id FROM orders WHERE customer_id < 500", "-c max_parallel_workers_per_gather=0", FALSE },
  { "bitmap-or", "SELECT * FROM orders WHERE customer_id IN (1, 2, 3) OR created_at = '2024-02-01'", NULL, FALSE },
  { "bitmap-and", "SELECT * FROM orders WHERE customer_id < 3000 AND created_at < '2024-02-15'",
    "-c enable_seqscan=off -c enable_indexscan=off", FALSE },
  { "hash-join", "SELECT c.name, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.country = 'fr'", NULL, FALSE },
  { "merge-join", "SELECT o.id, i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.id < 5000",
    "-c enable_hashjoin=off -c enable_nestloop=off", FALSE },
  { "nested-loop", "SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id < 50", NULL, FALSE },
  { "left-join", "SELECT c.id, count(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id", NULL, FALSE },
  { "semi-join", "SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'cancelled')", NULL, FALSE },
  { "anti-join", "SELECT * FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)", NULL, FALSE },
  { "full-join", "SELECT p.id, i.order_id FROM products p FULL JOIN (SELECT * FROM order_items WHERE order_id < 100) i ON i.product_id = p.id", NULL, FALSE },
  { "lateral", "SELECT c.id, l.total FROM customers c CROSS JOIN LATERAL (SELECT total FROM orders o WHERE o.customer_id = c.id "
    "ORDER BY total DESC LIMIT 2) l WHERE c.id < 200", NULL, FALSE },
  { "parallel-aggregate", "SELECT status, count(*), sum(total) FROM orders GROUP BY status", NULL, FALSE },
  { "parallel-count", "SELECT count(*) FROM order_items", NULL, FALSE },
  { "cte-materialized", "WITH big AS MATERIALIZED (SELECT customer_id, sum(total) AS s FROM orders GROUP BY customer_id) "
    "SELECT * FROM big WHERE s > 1000 ORDER BY s DESC LIMIT 10", NULL, FALSE },
  { "cte-read-twice", "WITH c AS MATERIALIZED (SELECT * FROM customers WHERE country = 'jp') "
    "SELECT count(*) FROM c a JOIN c b ON a.id = b.id + 1", NULL, FALSE },
  { "initplan", "SELECT * FROM orders WHERE total = (SELECT max(total) FROM orders)", NULL, FALSE },
  { "subplan", "SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) FROM customers c WHERE c.id < 100", NULL, FALSE },
  { "hashed-subplan", "SELECT * FROM products WHERE id NOT IN (SELECT product_id FROM order_items WHERE quantity > 2)",
    "-c work_mem=4MB -c max_parallel_workers_per_gather=0", FALSE },
  { "window", "SELECT id, customer_id, rank() OVER (PARTITION BY customer_id ORDER BY total DESC) FROM orders WHERE customer_id < 500", NULL, FALSE },
  { "sort-spill", "SELECT * FROM orders ORDER BY total, id", "-c max_parallel_workers_per_gather=0", FALSE },
  { "hash-batches", "SELECT count(*) FROM orders o JOIN order_items i ON i.order_id = o.id",
    "-c enable_mergejoin=off -c enable_nestloop=off -c max_parallel_workers_per_gather=0", FALSE },
  { "partition-pruning", "SELECT count(*) FROM events WHERE occurred_at BETWEEN '2024-02-01' AND '2024-02-15'", NULL, FALSE },
  { "partition-append", "SELECT kind, count(*) FROM events GROUP BY kind", NULL, FALSE },
  { "runtime-pruning", "SELECT count(*) FROM events WHERE occurred_at = (SELECT max(created_at) FROM orders)",
    "-c max_parallel_workers_per_gather=0", FALSE },
  { "insert-returning", "INSERT INTO customers SELECT g + 100000, 'new ' || g, 'fr', now() FROM generate_series (1, 100) g RETURNING id", NULL, TRUE },
  { "update-trigger", "UPDATE products SET price = price + 1 WHERE id <= 300 RETURNING id", NULL, TRUE },
  { "delete-returning", "DELETE FROM order_items WHERE order_id <= 200 RETURNING order_id", NULL, TRUE },
  { "insert-foreign-key", "INSERT INTO order_items SELECT id, 2000, 9 FROM orders WHERE id <= 300 ON CONFLICT DO NOTHING", NULL, TRUE },
  { "values", "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) v (id, label) JOIN customers c ON c.id = v.id", NULL, FALSE },
  { "function-scan", "SELECT * FROM generate_series (1, 1000) g WHERE g % 7 = 0", NULL, FALSE },
  { "union", "SELECT id FROM customers WHERE country = 'fr' UNION SELECT customer_id FROM orders WHERE total > 330", NULL, FALSE },
  { "union-all-limit", "(SELECT id FROM customers ORDER BY id LIMIT 5) UNION ALL (SELECT id FROM orders ORDER BY id DESC LIMIT 5)", NULL, FALSE },
  { "index-backward-limit", "SELECT * FROM orders ORDER BY created_at DESC LIMIT 10", NULL, FALSE },
  { "recursive-cte", "WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100) SELECT sum(n) FROM r", NULL, FALSE },
  { "except", "SELECT customer_id FROM orders EXCEPT SELECT id FROM customers WHERE country = 'fr'", NULL, FALSE },
  { "memoize", "SELECT count(*) FROM order_items i JOIN products p ON p.id = i.product_id WHERE i.order_id < 3000",
    "-c enable_hashjoin=off -c enable_mergejoin=off", FALSE },
  { "incremental-sort", "SELECT * FROM orders ORDER BY created_at, total LIMIT 100", NULL, FALSE },
  { "distinct", "SELECT DISTINCT country FROM customers", "-c max_parallel_workers_per_gather=0", FALSE },
  { "grouping-sets", "SELECT country, date_trunc('month', created_at), count(*) FROM customers "
    "GROUP BY GROUPING SETS ((country), (date_trunc('month', created_at)))", NULL, FALSE },
  { "lock-rows", "SELECT * FROM customers WHERE id < 10 FOR UPDATE", NULL, TRUE },
  { "subquery-scan", "SELECT * FROM (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id "
    "ORDER BY n DESC LIMIT 20) t WHERE n > 1", NULL, FALSE },
  { "misestimated-function", "SELECT count(*) FROM sluice_test_numbers (50000)", NULL, FALSE },
};

static char *fixture_conninfo;

/* psql */

static const char *
psql_path (void)
{
  static char *path;

  if (path == NULL)
    {
      path = g_find_program_in_path ("psql");
      if (path == NULL)
        path = g_strdup ("/usr/bin/psql");
    }
  return path;
}

/* Runs psql -X -q on the fixture database with @commands (each a -c),
 * returning what it printed. */
static char *
run_psql (const char          *settings,
          const char * const  *commands)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *options = g_strconcat (BASE_SETTINGS, settings != NULL ? " " : "", settings, NULL);
  char *out = NULL;
  g_autofree char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "PGOPTIONS", options, TRUE);
  g_subprocess_launcher_setenv (launcher, "PSQLRC", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PAGER");
  g_subprocess_launcher_unsetenv (launcher, "PGSERVICE");

  g_ptr_array_add (argv, (char *) psql_path ());
  g_ptr_array_add (argv, "-X");
  g_ptr_array_add (argv, "-q");
  g_ptr_array_add (argv, "-v");
  g_ptr_array_add (argv, "ON_ERROR_STOP=1");
  g_ptr_array_add (argv, "-d");
  g_ptr_array_add (argv, fixture_conninfo);
  for (guint i = 0; commands[i] != NULL; i++)
    {
      g_ptr_array_add (argv, "-c");
      g_ptr_array_add (argv, (char *) commands[i]);
    }
  g_ptr_array_add (argv, NULL);

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (subprocess))
    g_error ("psql failed: %s", err);

  return out;
}

static char *
capture (const PlanCase *plan_case,
         const char     *explain_options)
{
  g_autofree char *explain = g_strdup_printf ("EXPLAIN (%s) %s", explain_options, plan_case->sql);

  if (plan_case->writes)
    return run_psql (plan_case->settings, (const char * const []) { "BEGIN", explain, "ROLLBACK", NULL });
  return run_psql (plan_case->settings, (const char * const []) { explain, NULL });
}

/* The text plan printed again by psql as one multi-line cell, with the
 * "+" marks psql puts at the end of each of its lines. */
static char *
as_one_cell (const char *text_output)
{
  g_autofree char *select = g_strdup_printf ("SELECT $sluice_plan$%s$sluice_plan$ AS \"QUERY PLAN\"", text_output);

  return run_psql (NULL, (const char * const []) { select, NULL });
}

/* Comparing */

static void
assert_same_text (const char *what,
                  guint       id,
                  const char *json_value,
                  const char *text_value)
{
  if (g_strcmp0 (json_value, text_value) != 0)
    g_error ("node %u: %s is “%s” in JSON, “%s” in text", id, what,
             json_value != NULL ? json_value : "(none)", text_value != NULL ? text_value : "(none)");
}

static void
assert_close (const char *what,
              guint       id,
              double      a,
              double      b,
              double      tolerance)
{
  if (a - b > tolerance || b - a > tolerance)
    g_error ("node %u: %s is %.3f in JSON, %.3f in text", id, what, a, b);
}

/* A count the text format leaves out when it is 0. */
static double
count_or_zero (double value)
{
  return value < 0 ? 0 : value;
}

static gboolean
under_gather (SluicePlanNode *node)
{
  for (SluicePlanNode *p = sluice_plan_node_get_parent (node); p != NULL; p = sluice_plan_node_get_parent (p))
    {
      const char *type = sluice_plan_node_get_node_type (p);

      if (g_str_equal (type, "Gather") || g_str_equal (type, "Gather Merge"))
        return TRUE;
    }
  return FALSE;
}

/* A Gather over a partial aggregate gathers each process's groups: how
 * many depends on how the rows fell among the processes (a worker that
 * starts late may get none), run to run. */
static gboolean
gathers_partial_groups (SluicePlanNode *node)
{
  const char *type = sluice_plan_node_get_node_type (node);
  GPtrArray *children;

  if (!g_str_equal (type, "Gather") && !g_str_equal (type, "Gather Merge"))
    return FALSE;

  for (children = sluice_plan_node_get_children (node); children->len > 0;
       children = sluice_plan_node_get_children (node))
    {
      node = g_ptr_array_index (children, 0);
      if (g_strcmp0 (sluice_plan_node_get_partial_mode (node), "Partial") == 0)
        return TRUE;
    }
  return FALSE;
}

/* Workers under a Limit stop when the leader has enough rows, and how far
 * each got by then is a race: their row counts differ run to run. */
static gboolean
under_limited_gather (SluicePlanNode *node)
{
  gboolean seen_gather = FALSE;

  for (SluicePlanNode *p = sluice_plan_node_get_parent (node); p != NULL; p = sluice_plan_node_get_parent (p))
    {
      const char *type = sluice_plan_node_get_node_type (p);

      if (g_str_equal (type, "Gather") || g_str_equal (type, "Gather Merge"))
        seen_gather = TRUE;
      else if (seen_gather && g_str_equal (type, "Limit"))
        return TRUE;
    }
  return FALSE;
}

static void
assert_same_node (SluicePlanNode *a,
                  SluicePlanNode *b,
                  gboolean        same_execution,
                  gboolean        same_estimates)
{
  guint id = sluice_plan_node_get_id (a);
  SluicePlanNode *parent_a = sluice_plan_node_get_parent (a);
  SluicePlanNode *parent_b = sluice_plan_node_get_parent (b);
  gboolean parallel = under_gather (a);

  g_assert_cmpuint (id, ==, sluice_plan_node_get_id (b));
  g_assert_cmpuint (parent_a != NULL ? sluice_plan_node_get_id (parent_a) : G_MAXUINT, ==,
                    parent_b != NULL ? sluice_plan_node_get_id (parent_b) : G_MAXUINT);
  g_assert_cmpuint (sluice_plan_node_get_depth (a), ==, sluice_plan_node_get_depth (b));

  assert_same_text ("the node type", id, sluice_plan_node_get_node_type (a), sluice_plan_node_get_node_type (b));
  assert_same_text ("the title", id, sluice_plan_node_get_title (a), sluice_plan_node_get_title (b));
  assert_same_text ("the relation", id, sluice_plan_node_get_relation_name (a), sluice_plan_node_get_relation_name (b));
  assert_same_text ("the schema", id, sluice_plan_node_get_schema (a), sluice_plan_node_get_schema (b));
  assert_same_text ("the alias", id, sluice_plan_node_get_alias (a), sluice_plan_node_get_alias (b));
  assert_same_text ("the index", id, sluice_plan_node_get_index_name (a), sluice_plan_node_get_index_name (b));
  assert_same_text ("the CTE", id, sluice_plan_node_get_cte_name (a), sluice_plan_node_get_cte_name (b));
  assert_same_text ("the function", id, sluice_plan_node_get_function_name (a), sluice_plan_node_get_function_name (b));
  assert_same_text ("the join type", id, sluice_plan_node_get_join_type (a), sluice_plan_node_get_join_type (b));
  assert_same_text ("the strategy", id, sluice_plan_node_get_strategy (a), sluice_plan_node_get_strategy (b));
  assert_same_text ("the partial mode", id, sluice_plan_node_get_partial_mode (a), sluice_plan_node_get_partial_mode (b));
  assert_same_text ("the operation", id, sluice_plan_node_get_operation (a), sluice_plan_node_get_operation (b));
  assert_same_text ("the scan direction", id, sluice_plan_node_get_scan_direction (a), sluice_plan_node_get_scan_direction (b));
  assert_same_text ("the subplan name", id, sluice_plan_node_get_subplan_name (a), sluice_plan_node_get_subplan_name (b));
  g_assert_cmpint (sluice_plan_node_get_relationship (a), ==, sluice_plan_node_get_relationship (b));
  g_assert_cmpint (sluice_plan_node_get_parallel_aware (a), ==, sluice_plan_node_get_parallel_aware (b));

  assert_same_text ("the filter", id, sluice_plan_node_get_filter (a), sluice_plan_node_get_filter (b));
  assert_same_text ("the index condition", id, sluice_plan_node_get_index_cond (a), sluice_plan_node_get_index_cond (b));
  assert_same_text ("the recheck condition", id, sluice_plan_node_get_recheck_cond (a), sluice_plan_node_get_recheck_cond (b));
  assert_same_text ("the join filter", id, sluice_plan_node_get_join_filter (a), sluice_plan_node_get_join_filter (b));
  assert_same_text ("the hash condition", id, sluice_plan_node_get_hash_cond (a), sluice_plan_node_get_hash_cond (b));
  assert_same_text ("the merge condition", id, sluice_plan_node_get_merge_cond (a), sluice_plan_node_get_merge_cond (b));
  assert_same_text ("the sort key", id, sluice_plan_node_get_sort_key (a), sluice_plan_node_get_sort_key (b));
  assert_same_text ("the group key", id, sluice_plan_node_get_group_key (a), sluice_plan_node_get_group_key (b));
  assert_same_text ("the output", id, sluice_plan_node_get_output (a), sluice_plan_node_get_output (b));

  /* The estimates do not depend on the run, unless a run wrote: a
   * rolled-back write still grows the table the next run estimates. */
  if (same_estimates)
    {
  assert_close ("the startup cost", id, sluice_plan_node_get_startup_cost (a), sluice_plan_node_get_startup_cost (b), 0.005);
  assert_close ("the total cost", id, sluice_plan_node_get_total_cost (a), sluice_plan_node_get_total_cost (b), 0.005);
  assert_close ("the planned rows", id, sluice_plan_node_get_plan_rows (a), sluice_plan_node_get_plan_rows (b), 0);
  g_assert_cmpint (sluice_plan_node_get_plan_width (a), ==, sluice_plan_node_get_plan_width (b));
    }

  /* Neither do rows and loops, but how a parallel worker's share of rows
   * falls can: there compare the totals. */
  g_assert_cmpint (sluice_plan_node_has_actuals (a), ==, sluice_plan_node_has_actuals (b));
  if (!sluice_plan_node_has_actuals (a) ||
      (!same_execution && (under_limited_gather (a) || gathers_partial_groups (a))))
    ;
  else if (!parallel || same_execution)
    {
      assert_close ("the loops", id, sluice_plan_node_get_actual_loops (a), sluice_plan_node_get_actual_loops (b), 0);
      assert_close ("the rows", id, sluice_plan_node_get_actual_rows (a), sluice_plan_node_get_actual_rows (b), 0);
      assert_close ("the rows removed by the filter", id,
                    count_or_zero (sluice_plan_node_get_rows_removed_by_filter (a)),
                    count_or_zero (sluice_plan_node_get_rows_removed_by_filter (b)), 0);
      assert_close ("the rows removed by the join filter", id,
                    count_or_zero (sluice_plan_node_get_rows_removed_by_join_filter (a)),
                    count_or_zero (sluice_plan_node_get_rows_removed_by_join_filter (b)), 0);
    }
  else
    assert_close ("the rows in all", id, sluice_plan_node_get_total_rows (a), sluice_plan_node_get_total_rows (b),
                  sluice_plan_node_get_actual_loops (a) + sluice_plan_node_get_actual_loops (b));

  /* A parallel Sort's method is the leader's, and whether the leader's
   * share of rows fits in work_mem depends on how the race went (it
   * failed once: "external merge" in one run, "quicksort" in the next). */
  if (!parallel || same_execution)
    {
      assert_same_text ("the sort method", id, sluice_plan_node_get_sort_method (a), sluice_plan_node_get_sort_method (b));
      assert_same_text ("the sort space", id, sluice_plan_node_get_sort_space_type (a), sluice_plan_node_get_sort_space_type (b));
      g_assert_cmpint (sluice_plan_node_get_sort_spilled (a), ==, sluice_plan_node_get_sort_spilled (b));
    }
  /* A Parallel Hash grows its batches as the workers' race goes. */
  if (!parallel || same_execution)
    {
      g_assert_cmpint (sluice_plan_node_get_hash_batches (a), ==, sluice_plan_node_get_hash_batches (b));
      g_assert_cmpint (sluice_plan_node_get_original_hash_batches (a), ==, sluice_plan_node_get_original_hash_batches (b));
      g_assert_cmpint (sluice_plan_node_get_hash_buckets (a), ==, sluice_plan_node_get_hash_buckets (b));
    }
  else
    g_assert_cmpint (sluice_plan_node_get_hash_batches (a) > 0, ==, sluice_plan_node_get_hash_batches (b) > 0);
  g_assert_cmpint (MAX (sluice_plan_node_get_lossy_heap_blocks (a), 0), ==, MAX (sluice_plan_node_get_lossy_heap_blocks (b), 0));
  g_assert_cmpint (sluice_plan_node_get_workers_planned (a), ==, sluice_plan_node_get_workers_planned (b));
  if (sluice_plan_node_has_buffers (a) != sluice_plan_node_has_buffers (b))
    g_assert_true (sluice_plan_buffers_is_empty (sluice_plan_node_get_buffers (sluice_plan_node_has_buffers (a) ? a : b)));

  if (same_execution)
    {
      const SluicePlanBuffers *buffers_a = sluice_plan_node_get_buffers (a);
      const SluicePlanBuffers *buffers_b = sluice_plan_node_get_buffers (b);

      /* The visibility map changes as other tests write and roll back. */
      assert_close ("the heap fetches", id, sluice_plan_node_get_heap_fetches (a), sluice_plan_node_get_heap_fetches (b), 0);
      assert_close ("the startup time", id, sluice_plan_node_get_actual_startup_ms (a), sluice_plan_node_get_actual_startup_ms (b), 0);
      assert_close ("the total time", id, sluice_plan_node_get_actual_total_ms (a), sluice_plan_node_get_actual_total_ms (b), 0);
      assert_close ("the exclusive time", id, sluice_plan_node_get_exclusive_ms (a), sluice_plan_node_get_exclusive_ms (b), 1e-9);
      g_assert_true (memcmp (buffers_a, buffers_b, sizeof *buffers_a) == 0);
      g_assert_cmpint (sluice_plan_node_get_workers_launched (a), ==, sluice_plan_node_get_workers_launched (b));
    }
}

static gboolean
buffers_all_zero (SluicePlan *plan)
{
  for (guint i = 0; i < sluice_plan_get_n_nodes (plan); i++)
    if (!sluice_plan_buffers_is_empty (sluice_plan_node_get_buffers (sluice_plan_get_node (plan, i))))
      return FALSE;
  return TRUE;
}

static void
assert_same_tree (SluicePlan *a,
                  SluicePlan *b,
                  gboolean    same_execution,
                  gboolean    same_estimates)
{
  g_assert_cmpuint (sluice_plan_get_n_nodes (a), ==, sluice_plan_get_n_nodes (b));
  g_assert_cmpuint (sluice_plan_get_max_depth (a), ==, sluice_plan_get_max_depth (b));
  g_assert_cmpint (sluice_plan_has_actuals (a), ==, sluice_plan_has_actuals (b));
  /* The text format leaves out buffers that are all zero: a plan that
   * touched no block has no "Buffers:" line to tell BUFFERS was on. */
  if (sluice_plan_has_buffers (a) != sluice_plan_has_buffers (b))
    g_assert_true (buffers_all_zero (sluice_plan_has_buffers (a) ? a : b));
  g_assert_cmpuint (sluice_plan_get_triggers (a)->len, ==, sluice_plan_get_triggers (b)->len);

  for (guint i = 0; i < sluice_plan_get_n_nodes (a); i++)
    assert_same_node (sluice_plan_get_node (a, i), sluice_plan_get_node (b, i), same_execution, same_estimates);

  if (same_execution)
    {
      g_assert_cmpfloat (sluice_plan_get_execution_ms (a), ==, sluice_plan_get_execution_ms (b));
      g_assert_cmpfloat (sluice_plan_get_planning_ms (a), ==, sluice_plan_get_planning_ms (b));
      g_assert_cmpfloat (sluice_plan_get_trigger_ms (a), ==, sluice_plan_get_trigger_ms (b));
    }
}

/* The times of one plan: rounding is 0.0005 ms a figure, times its loops. */
static double
rounding_of (SluicePlan *plan)
{
  double rounding = 0;

  for (guint i = 0; i < sluice_plan_get_n_nodes (plan); i++)
    {
      SluicePlanNode *node = sluice_plan_get_node (plan, i);

      rounding += 0.0005 * MAX (sluice_plan_node_get_actual_loops (node), 1) * 2;
    }
  return rounding;
}

/* The exclusive times add up to what the nodes account for: the root's
 * time, plus CTEs that ran after the plan (none here read nothing); and
 * that is the execution time but for executor start-up and shutdown and
 * the AFTER triggers. */
static gboolean
assert_times_add_up (const char *name,
                     SluicePlan *plan,
                     gboolean    last_attempt)
{
  SluicePlanNode *root = sluice_plan_get_root (plan);
  double sum = sluice_plan_get_exclusive_sum_ms (plan);
  double execution = sluice_plan_get_execution_ms (plan);
  double accounted = execution - sluice_plan_get_trigger_ms (plan);
  double rounding = rounding_of (plan);
  double share_sum = 0;

  g_assert_cmpfloat (execution, >, 0);
  g_assert_cmpfloat (sluice_plan_get_total_ms (plan), ==, execution);

  /* No node's time was counted twice or lost: the sum is the root's.  A
   * worker preempted on a loaded machine can report a node under a Gather
   * longer than the Gather itself (its own time is then taken as 0): such
   * a plan is measured again before it counts as a failure. */
  if (sum - sluice_plan_node_get_inclusive_ms (root) > rounding ||
      sluice_plan_node_get_inclusive_ms (root) - sum > rounding)
    {
      if (last_attempt)
        g_error ("%s: the exclusive times add up to %.3f ms, the root took %.3f ms", name, sum,
                 sluice_plan_node_get_inclusive_ms (root));
      g_test_message ("%s: the exclusive times add up to %.3f ms, the root took %.3f ms: measuring again",
                      name, sum, sluice_plan_node_get_inclusive_ms (root));
      return FALSE;
    }

  /* And that is the execution time, within what the executor does around
   * the plan (start-up, shutting workers down, AFTER triggers). */
  g_test_message ("%s: exclusive sum %.3f ms, execution %.3f ms (triggers %.3f ms), %.1f%%",
                  name, sum, execution, sluice_plan_get_trigger_ms (plan), 100 * sum / accounted);
  if (sum > accounted + rounding)
    g_error ("%s: the exclusive times add up to %.3f ms of %.3f ms executing (%.3f in triggers)",
             name, sum, execution, sluice_plan_get_trigger_ms (plan));
  /* Time outside every node grows when the backend is preempted between
   * start-up and the first row (a loaded machine): measure again then. */
  if (sum < accounted - MAX (1.0, 0.3 * accounted))
    {
      if (last_attempt)
        g_error ("%s: the exclusive times add up to %.3f ms of %.3f ms executing (%.3f in triggers)",
                 name, sum, execution, sluice_plan_get_trigger_ms (plan));
      g_test_message ("%s: %.3f ms of %.3f ms are outside the plan's nodes: measuring again",
                      name, execution - sum, execution);
      return FALSE;
    }

  for (guint i = 0; i < sluice_plan_get_n_nodes (plan); i++)
    {
      SluicePlanNode *node = sluice_plan_get_node (plan, i);

      g_assert_cmpfloat (sluice_plan_node_get_exclusive_ms (node), >=, 0);
      g_assert_cmpfloat (sluice_plan_node_get_exclusive_ms (node), <=, sluice_plan_node_get_inclusive_ms (node));
      share_sum += sluice_plan_node_get_share (node);
    }
  /* The shares are the exclusive times over the execution time. */
  g_assert_cmpfloat (share_sum, <=, sum / execution + 1e-9);
  g_assert_cmpfloat (share_sum, >=, MIN (sum / execution, 1.0) - 1e-9 * sluice_plan_get_n_nodes (plan));
  return TRUE;
}

static SluicePlan *
parse_json (const char *output)
{
  g_autoptr(GError) error = NULL;
  SluicePlan *plan = sluice_plan_new_from_json (output, strlen (output), &error);

  if (plan == NULL)
    g_error ("the JSON plan does not parse: %s\n%s", error->message, output);
  g_assert_cmpint (sluice_plan_get_source_format (plan), ==, SLUICE_PLAN_FORMAT_JSON);
  return plan;
}

static SluicePlan *
parse_text (const char *output)
{
  g_autoptr(GError) error = NULL;
  SluicePlan *plan = sluice_plan_new_from_data (output, strlen (output), &error);

  if (plan == NULL)
    g_error ("the text plan does not parse: %s\n%s", error->message, output);
  g_assert_cmpint (sluice_plan_get_source_format (plan), ==, SLUICE_PLAN_FORMAT_TEXT);
  return plan;
}

/* FALSE when only the time outside the plan's nodes was off (and this is
 * not the last attempt): the caller measures again. */
static gboolean
check_capture (const PlanCase *plan_case,
               gboolean        last_attempt)
{
  g_autofree char *json_output = capture (plan_case, "ANALYZE, BUFFERS, FORMAT JSON");
  g_autofree char *text_output = capture (plan_case, "ANALYZE, BUFFERS");
  g_autofree char *cell_output = as_one_cell (text_output);
  g_autoptr(SluicePlan) json_plan = parse_json (json_output);
  g_autoptr(SluicePlan) text_plan = parse_text (text_output);
  g_autoptr(SluicePlan) cell_plan = parse_text (cell_output);

  /* psql printed it as we think: a frame, and "+" marks in the cell. */
  g_assert_nonnull (strstr (text_output, "QUERY PLAN"));
  g_assert_nonnull (strstr (text_output, "\n----"));
  g_assert_nonnull (strstr (json_output, "+\n"));
  g_assert_nonnull (strstr (cell_output, "+\n"));

  g_test_message ("%s: %u nodes\n%s", plan_case->name, sluice_plan_get_n_nodes (text_plan), text_output);

  assert_same_tree (json_plan, text_plan, FALSE, !plan_case->writes);
  assert_same_tree (text_plan, cell_plan, TRUE, TRUE);
  if (!assert_times_add_up ("JSON", json_plan, last_attempt) ||
      !assert_times_add_up ("text", text_plan, last_attempt))
    return FALSE;

  if (plan_case->writes)
    {
      /* psql ran it inside BEGIN ... ROLLBACK: nothing is left. */
      g_autofree char *count = run_psql (NULL, (const char * const []) {
        "SELECT count(*) FROM customers WHERE id > 100000", NULL });

      g_assert_nonnull (strstr (count, " 0\n"));
    }
  return TRUE;
}

static void
test_capture (gconstpointer data)
{
  const guint attempts = 3;

  for (guint i = 1; i <= attempts; i++)
    if (check_capture (data, i == attempts))
      return;
}

/* Options that change what a node shows */

static void
test_verbose_settings_wal (void)
{
  static const PlanCase parallel = { "verbose", "SELECT status, count(*), sum(total) FROM orders GROUP BY status", NULL, FALSE };
  static const PlanCase insert = { "verbose-insert", "INSERT INTO audit_log (table_name, op) SELECT 'orders', 'x' FROM generate_series (1, 50)", NULL, TRUE };
  const char *options = "ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL";
  g_autofree char *json_options = g_strconcat (options, ", FORMAT JSON", NULL);
  g_autofree char *json_output = capture (&parallel, json_options);
  g_autofree char *text_output = capture (&parallel, options);
  g_autofree char *insert_json = capture (&insert, json_options);
  g_autofree char *insert_text = capture (&insert, options);
  g_autoptr(SluicePlan) json_plan = parse_json (json_output);
  g_autoptr(SluicePlan) text_plan = parse_text (text_output);
  g_autoptr(SluicePlan) insert_json_plan = parse_json (insert_json);
  g_autoptr(SluicePlan) insert_text_plan = parse_text (insert_text);
  SluicePlan *plans[] = { json_plan, text_plan };

  g_test_message ("%s", text_output);
  assert_same_tree (json_plan, text_plan, FALSE, TRUE);
  assert_same_tree (insert_json_plan, insert_text_plan, FALSE, FALSE);

  for (guint p = 0; p < G_N_ELEMENTS (plans); p++)
    {
      gboolean saw_workers = FALSE;

      /* SETTINGS: what differs from the defaults, work_mem among them. */
      g_assert_cmpuint (sluice_plan_get_settings (plans[p])->len, >, 0);
      g_assert_true (sluice_plan_get_options (plans[p])->verbose);
      g_assert_true (sluice_plan_get_options (plans[p])->settings);

      /* VERBOSE: each worker's own figures below a Gather. */
      for (guint i = 0; i < sluice_plan_get_n_nodes (plans[p]); i++)
        {
          SluicePlanNode *node = sluice_plan_get_node (plans[p], i);
          GPtrArray *workers = sluice_plan_node_get_workers (node);

          g_assert_nonnull (sluice_plan_node_get_output (node));
          if (workers->len > 0 && under_gather (node))
            {
              SluicePlanWorker *worker = g_ptr_array_index (workers, 0);

              saw_workers = TRUE;
              g_assert_cmpfloat (worker->actual_loops, >=, 1);
              g_assert_cmpfloat (worker->actual_total_ms, >=, 0);
            }
        }
      g_assert_true (saw_workers);
    }

  /* WAL: the insert wrote some. */
  g_assert_cmpint (sluice_plan_node_get_buffers (sluice_plan_get_root (insert_json_plan))->wal_records, >, 0);
  g_assert_cmpint (sluice_plan_node_get_buffers (sluice_plan_get_root (insert_text_plan))->wal_records, >, 0);
  g_assert_cmpint (sluice_plan_node_get_buffers (sluice_plan_get_root (insert_text_plan))->wal_bytes, >, 0);
}

static void
test_without_analyze (void)
{
  static const PlanCase join = { "no-analyze", "SELECT c.name, o.total FROM orders o JOIN customers c ON c.id = o.customer_id "
                                 "WHERE c.country = 'fr' AND o.id IN (SELECT order_id FROM order_items WHERE quantity = 2)", NULL, FALSE };
  g_autofree char *json_output = capture (&join, "FORMAT JSON");
  g_autofree char *text_output = capture (&join, "COSTS TRUE");
  g_autofree char *timing_json = capture (&join, "ANALYZE, TIMING FALSE, FORMAT JSON");
  g_autofree char *timing_text = capture (&join, "ANALYZE, TIMING FALSE");
  g_autoptr(SluicePlan) json_plan = parse_json (json_output);
  g_autoptr(SluicePlan) text_plan = parse_text (text_output);
  g_autoptr(SluicePlan) timing_json_plan = parse_json (timing_json);
  g_autoptr(SluicePlan) timing_text_plan = parse_text (timing_text);

  assert_same_tree (json_plan, text_plan, FALSE, TRUE);
  g_assert_false (sluice_plan_has_actuals (text_plan));
  g_assert_cmpfloat (sluice_plan_get_execution_ms (text_plan), <, 0);
  g_assert_cmpfloat (sluice_plan_node_get_total_cost (sluice_plan_get_root (text_plan)), >, 0);

  assert_same_tree (timing_json_plan, timing_text_plan, FALSE, TRUE);
  g_assert_true (sluice_plan_has_actuals (timing_text_plan));
  g_assert_false (sluice_plan_has_timing (timing_text_plan));
  g_assert_false (sluice_plan_has_timing (timing_json_plan));
  g_assert_cmpfloat (sluice_plan_get_exclusive_sum_ms (timing_text_plan), ==, 0);
}

static void
test_jit (void)
{
  static const PlanCase query = { "jit", "SELECT sum(total * 2 + 1) FROM orders WHERE total > 10",
                                  "-c jit=on -c jit_above_cost=0 -c jit_inline_above_cost=0 -c jit_optimize_above_cost=0", FALSE };
  g_autofree char *available = run_psql (query.settings, (const char * const []) { "SELECT pg_jit_available ()", NULL });
  g_autofree char *json_output = NULL;
  g_autofree char *text_output = NULL;
  g_autoptr(SluicePlan) json_plan = NULL;
  g_autoptr(SluicePlan) text_plan = NULL;

  if (strstr (available, " t\n") == NULL)
    {
      g_test_skip ("the server has no JIT (pg_jit_available () is false: llvmjit is not installed)");
      return;
    }

  json_output = capture (&query, "ANALYZE, BUFFERS, FORMAT JSON");
  text_output = capture (&query, "ANALYZE, BUFFERS");
  json_plan = parse_json (json_output);
  text_plan = parse_text (text_output);

  g_test_message ("%s", text_output);
  assert_same_tree (json_plan, text_plan, FALSE, TRUE);
  g_assert_nonnull (sluice_plan_get_jit (json_plan));
  g_assert_nonnull (sluice_plan_get_jit (text_plan));
  g_assert_cmpint (sluice_plan_get_jit (json_plan)->functions, ==, sluice_plan_get_jit (text_plan)->functions);
  g_assert_cmpint (sluice_plan_get_jit (text_plan)->functions, >, 0);
  g_assert_true (sluice_plan_get_jit (text_plan)->inlining);
  g_assert_true (sluice_plan_get_jit (text_plan)->optimization);
  g_assert_cmpfloat (sluice_plan_get_jit (text_plan)->total_ms, >, 0);
  g_assert_cmpfloat (sluice_plan_get_jit (text_plan)->total_ms, >=, sluice_plan_get_jit (text_plan)->emission_ms);
}

static void
test_triggers (void)
{
  static const PlanCase update = { "triggers", "UPDATE products SET price = price + 1 WHERE id <= 300", NULL, TRUE };
  static const PlanCase insert = { "fk-triggers", "INSERT INTO order_items SELECT id, 2000, 9 FROM orders WHERE id <= 300 ON CONFLICT DO NOTHING", NULL, TRUE };
  g_autofree char *json_output = capture (&update, "ANALYZE, FORMAT JSON");
  g_autofree char *text_output = capture (&update, "ANALYZE");
  g_autofree char *fk_json_output = capture (&insert, "ANALYZE, FORMAT JSON");
  g_autofree char *fk_text_output = capture (&insert, "ANALYZE");
  g_autoptr(SluicePlan) json_plan = parse_json (json_output);
  g_autoptr(SluicePlan) text_plan = parse_text (text_output);
  g_autoptr(SluicePlan) fk_json = parse_json (fk_json_output);
  g_autoptr(SluicePlan) fk_text = parse_text (fk_text_output);
  SluicePlanTrigger *json_trigger, *text_trigger;

  g_assert_cmpuint (sluice_plan_get_triggers (json_plan)->len, ==, 1);
  g_assert_cmpuint (sluice_plan_get_triggers (text_plan)->len, ==, 1);
  json_trigger = g_ptr_array_index (sluice_plan_get_triggers (json_plan), 0);
  text_trigger = g_ptr_array_index (sluice_plan_get_triggers (text_plan), 0);
  g_assert_cmpstr (json_trigger->name, ==, "products_audit");
  g_assert_cmpstr (text_trigger->name, ==, "products_audit");
  g_assert_cmpfloat (json_trigger->calls, ==, 300);
  g_assert_cmpfloat (text_trigger->calls, ==, 300);
  g_assert_cmpfloat (text_trigger->time_ms, >, 0);

  /* The foreign keys' checks are triggers for their constraint. */
  g_assert_cmpuint (sluice_plan_get_triggers (fk_json)->len, ==, sluice_plan_get_triggers (fk_text)->len);
  g_assert_cmpuint (sluice_plan_get_triggers (fk_text)->len, >=, 1);
  for (guint i = 0; i < sluice_plan_get_triggers (fk_text)->len; i++)
    {
      SluicePlanTrigger *a = g_ptr_array_index (sluice_plan_get_triggers (fk_json), i);
      SluicePlanTrigger *b = g_ptr_array_index (sluice_plan_get_triggers (fk_text), i);

      /* Without VERBOSE the text names a foreign key's trigger by its
       * constraint only. */
      g_assert_nonnull (a->name);
      g_assert_null (b->name);
      g_assert_cmpstr (a->constraint_name, ==, b->constraint_name);
      g_assert_nonnull (b->constraint_name);
      g_assert_cmpfloat (a->calls, ==, b->calls);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *fixture_path = NULL;
  g_autofree char *fixture = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  fixture_conninfo = sluice_test_pg_new_database ();
  fixture_path = g_test_build_filename (G_TEST_DIST, "pg", "plan-fixture.sql", NULL);
  g_file_get_contents (fixture_path, &fixture, NULL, &error);
  g_assert_no_error (error);
  sluice_test_pg_exec (fixture_conninfo, fixture);
  sluice_test_pg_exec (fixture_conninfo, "VACUUM ANALYZE");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/plan/capture/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_capture);
    }
  g_test_add_func ("/plan/capture/verbose-settings-wal", test_verbose_settings_wal);
  g_test_add_func ("/plan/capture/without-analyze", test_without_analyze);
  g_test_add_func ("/plan/capture/jit", test_jit);
  g_test_add_func ("/plan/capture/triggers", test_triggers);

  return g_test_run ();
}
