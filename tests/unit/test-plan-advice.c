/* test-plan-advice.c: the warnings a plan gets, the comparison of two
 * plans, and the EXPLAIN statement Sluice builds
 *
 * Each rule is given a plan that crosses its threshold (and one that stays
 * just under it where the threshold is the point); the warning must name
 * the rule, the node and the figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice.h"

static SluicePlan *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  SluicePlan *plan = sluice_plan_new_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

static GPtrArray *
advise (const char *text)
{
  g_autoptr(SluicePlan) plan = parse (text);

  return sluice_plan_advise (plan);
}

/* The one warning of @rule; fails when there is not exactly one. */
static SluicePlanWarning *
only_warning (GPtrArray  *warnings,
              const char *rule)
{
  SluicePlanWarning *found = NULL;

  for (guint i = 0; i < warnings->len; i++)
    {
      SluicePlanWarning *warning = g_ptr_array_index (warnings, i);

      g_test_message ("%s (node %u): %s", warning->rule, warning->node, warning->message);
      if (!g_str_equal (warning->rule, rule))
        continue;
      g_assert_null (found);
      found = warning;
    }

  if (found == NULL)
    g_error ("no %s warning", rule);
  return found;
}

static gboolean
has_rule (GPtrArray  *warnings,
          const char *rule)
{
  for (guint i = 0; i < warnings->len; i++)
    if (g_str_equal (((SluicePlanWarning *) g_ptr_array_index (warnings, i))->rule, rule))
      return TRUE;
  return FALSE;
}

static void
assert_mentions (const SluicePlanWarning *warning,
                 const char              *words)
{
  if (strstr (warning->message, words) == NULL)
    g_error ("“%s” does not mention “%s”", warning->message, words);
}

/* Advice */

static void
test_misestimate (void)
{
  g_autoptr(GPtrArray) under = advise (
    "Hash Join  (cost=10.00..50.00 rows=100 width=8) (actual time=0.100..9.000 rows=100 loops=1)\n"
    "  Hash Cond: (a.id = b.id)\n"
    "  ->  Seq Scan on a  (cost=0.00..10.00 rows=10 width=4) (actual time=0.010..5.000 rows=5000 loops=1)\n"
    "  ->  Hash  (cost=10.00..10.00 rows=100 width=4) (actual time=0.050..0.050 rows=100 loops=1)\n"
    "        Buckets: 1024  Batches: 1  Memory Usage: 12kB\n"
    "        ->  Seq Scan on b  (cost=0.00..10.00 rows=100 width=4) (actual time=0.005..0.030 rows=100 loops=1)\n");
  g_autoptr(GPtrArray) over = advise (
    "Index Scan using t_x_idx on t  (cost=0.29..80.00 rows=2000 width=4) (actual time=0.010..0.020 rows=3 loops=10)\n"
    "  Index Cond: (x = 1)\n");
  g_autoptr(GPtrArray) just_under = advise (
    "Seq Scan on t  (cost=0.00..10.00 rows=100 width=4) (actual time=0.010..1.000 rows=1000 loops=1)\n");
  SluicePlanWarning *warning;

  warning = only_warning (under, "row-misestimate");
  g_assert_cmpuint (warning->node, ==, 1);
  assert_mentions (warning, "Seq Scan on a");
  assert_mentions (warning, "500x more");

  /* Rows per loop: 2,000 expected each loop, 3 came. */
  warning = only_warning (over, "row-misestimate");
  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "667x fewer");
  assert_mentions (warning, "2.0k");

  /* Exactly 10x is not over 10x. */
  g_assert_false (has_rule (just_under, "row-misestimate"));
}

static void
test_seq_scan_filter (void)
{
  g_autoptr(GPtrArray) warnings = advise (
    "Seq Scan on orders  (cost=0.00..2041.00 rows=95 width=24) (actual time=0.012..9.800 rows=100 loops=1)\n"
    "  Filter: (customer_id = 42)\n"
    "  Rows Removed by Filter: 99900\n"
    "Execution Time: 9.900 ms\n");
  /* Parallel: per loop figures, three loops. */
  g_autoptr(GPtrArray) parallel = advise (
    "Gather  (cost=0.00..1000.00 rows=300 width=24) (actual time=0.500..5.000 rows=300 loops=1)\n"
    "  Workers Planned: 2\n"
    "  Workers Launched: 2\n"
    "  ->  Parallel Seq Scan on orders  (cost=0.00..900.00 rows=100 width=24) (actual time=0.010..4.000 rows=100 loops=3)\n"
    "        Filter: (status = 'x'::text)\n"
    "        Rows Removed by Filter: 3300\n");
  g_autoptr(GPtrArray) small = advise (
    "Seq Scan on tiny  (cost=0.00..20.00 rows=10 width=24) (actual time=0.012..0.100 rows=10 loops=1)\n"
    "  Filter: (a = 1)\n"
    "  Rows Removed by Filter: 990\n");
  g_autoptr(GPtrArray) keeps_most = advise (
    "Seq Scan on orders  (cost=0.00..2041.00 rows=60000 width=24) (actual time=0.012..9.800 rows=60000 loops=1)\n"
    "  Filter: (total > 10)\n"
    "  Rows Removed by Filter: 40000\n");
  SluicePlanWarning *warning;

  warning = only_warning (warnings, "seq-scan-filter");
  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "Seq Scan on orders");
  assert_mentions (warning, "100k rows");
  assert_mentions (warning, "99%");
  assert_mentions (warning, "(customer_id = 42)");

  /* 3 × (100 + 3,300) = 10,200 rows read, 97% removed. */
  warning = only_warning (parallel, "seq-scan-filter");
  g_assert_cmpuint (warning->node, ==, 1);
  assert_mentions (warning, "10k rows");
  assert_mentions (warning, "97%");

  g_assert_false (has_rule (small, "seq-scan-filter"));
  g_assert_false (has_rule (keeps_most, "seq-scan-filter"));
}

static void
test_spills (void)
{
  g_autoptr(GPtrArray) warnings = advise (
    "Sort  (cost=9000.00..9250.00 rows=100000 width=24) (actual time=80.000..95.000 rows=100000 loops=1)\n"
    "  Sort Key: total\n"
    "  Sort Method: external merge  Disk: 3512kB\n"
    "  ->  Hash Join  (cost=300.00..2000.00 rows=100000 width=24) (actual time=5.000..60.000 rows=100000 loops=1)\n"
    "        Hash Cond: (o.customer_id = c.id)\n"
    "        ->  Seq Scan on orders o  (cost=0.00..1500.00 rows=100000 width=20) (actual time=0.010..10.000 rows=100000 loops=1)\n"
    "        ->  Hash  (cost=200.00..200.00 rows=20000 width=8) (actual time=4.000..4.000 rows=20000 loops=1)\n"
    "              Buckets: 16384 (originally 16384)  Batches: 4 (originally 1)  Memory Usage: 257kB\n"
    "              ->  Seq Scan on customers c  (cost=0.00..200.00 rows=20000 width=8) (actual time=0.010..2.000 rows=20000 loops=1)\n"
    "Execution Time: 96.000 ms\n");
  g_autoptr(GPtrArray) hash_aggregate = advise (
    "HashAggregate  (cost=1755.58..1842.74 rows=4893 width=4) (actual time=40.044..47.686 rows=4140 loops=1)\n"
    "  Group Key: orders.customer_id\n"
    "  Planned Partitions: 4  Batches: 5  Memory Usage: 145kB  Disk Usage: 224kB\n"
    "  ->  Seq Scan on orders  (cost=0.00..1500.00 rows=4900 width=4) (actual time=0.010..10.000 rows=4900 loops=1)\n");
  g_autoptr(GPtrArray) in_memory = advise (
    "Sort  (cost=10.00..11.00 rows=100 width=4) (actual time=0.100..0.110 rows=100 loops=1)\n"
    "  Sort Key: a\n"
    "  Sort Method: quicksort  Memory: 29kB\n"
    "  ->  Seq Scan on t  (cost=0.00..2.00 rows=100 width=4) (actual time=0.010..0.020 rows=100 loops=1)\n");
  SluicePlanWarning *warning;

  warning = only_warning (warnings, "sort-on-disk");
  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "external merge");
  assert_mentions (warning, "3512 kB");
  warning = only_warning (warnings, "hash-batches");
  g_assert_cmpuint (warning->node, ==, 3);
  assert_mentions (warning, "4 batches");
  assert_mentions (warning, "planned 1");

  warning = only_warning (hash_aggregate, "hash-batches");
  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "5 batches");

  g_assert_cmpuint (in_memory->len, ==, 0);
}

static void
test_nested_loop (void)
{
  g_autoptr(GPtrArray) warnings = advise (
    "Nested Loop  (cost=0.29..5000.00 rows=100 width=8) (actual time=0.020..30.000 rows=12000 loops=1)\n"
    "  ->  Seq Scan on customers c  (cost=0.00..300.00 rows=10 width=4) (actual time=0.010..3.000 rows=12000 loops=1)\n"
    "  ->  Index Scan using orders_customer_idx on orders o  (cost=0.29..8.30 rows=10 width=4) (actual time=0.001..0.002 rows=1 loops=12000)\n"
    "        Index Cond: (customer_id = c.id)\n");
  g_autoptr(GPtrArray) few = advise (
    "Nested Loop  (cost=0.29..5000.00 rows=100 width=8) (actual time=0.020..3.000 rows=999 loops=1)\n"
    "  ->  Seq Scan on customers c  (cost=0.00..300.00 rows=999 width=4) (actual time=0.010..1.000 rows=999 loops=1)\n"
    "  ->  Index Scan using orders_customer_idx on orders o  (cost=0.29..8.30 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=999)\n"
    "        Index Cond: (customer_id = c.id)\n");
  SluicePlanWarning *warning = only_warning (warnings, "nested-loop-loops");

  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "12k times");
  assert_mentions (warning, "Index Scan using orders_customer_idx on orders o");
  g_assert_false (has_rule (few, "nested-loop-loops"));
}

static void
test_bitmap_and_heap_fetches (void)
{
  g_autoptr(GPtrArray) lossy = advise (
    "Bitmap Heap Scan on events  (cost=100.00..5000.00 rows=50000 width=40) (actual time=5.000..40.000 rows=50000 loops=1)\n"
    "  Recheck Cond: (occurred_at > '2024-01-01'::date)\n"
    "  Rows Removed by Index Recheck: 12000\n"
    "  Heap Blocks: exact=120 lossy=880\n"
    "  ->  Bitmap Index Scan on events_occurred_idx  (cost=0.00..90.00 rows=50000 width=0) (actual time=4.000..4.000 rows=50000 loops=1)\n"
    "        Index Cond: (occurred_at > '2024-01-01'::date)\n");
  g_autoptr(GPtrArray) fetches = advise (
    "Index Only Scan using orders_customer_idx on orders  (cost=0.29..100.00 rows=5000 width=4) (actual time=0.010..3.000 rows=5000 loops=1)\n"
    "  Index Cond: (customer_id < 1000)\n"
    "  Heap Fetches: 2500\n");
  g_autoptr(GPtrArray) share = advise (
    "Index Only Scan using orders_customer_idx on orders  (cost=0.29..10.00 rows=100 width=4) (actual time=0.010..0.300 rows=100 loops=1)\n"
    "  Index Cond: (customer_id < 20)\n"
    "  Heap Fetches: 10\n");
  g_autoptr(GPtrArray) fresh = advise (
    "Index Only Scan using orders_customer_idx on orders  (cost=0.29..100.00 rows=5000 width=4) (actual time=0.010..3.000 rows=5000 loops=1)\n"
    "  Index Cond: (customer_id < 1000)\n"
    "  Heap Fetches: 0\n");
  SluicePlanWarning *warning;

  warning = only_warning (lossy, "lossy-bitmap");
  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "880 heap blocks");

  warning = only_warning (fetches, "heap-fetches");
  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "2.5k times");
  assert_mentions (warning, "50%");
  assert_mentions (warning, "VACUUM");

  /* 10 fetches of 100 rows: 10%, the threshold. */
  g_assert_true (has_rule (share, "heap-fetches"));
  g_assert_false (has_rule (fresh, "heap-fetches"));
}

static void
test_workers_jit_triggers (void)
{
  g_autoptr(GPtrArray) workers = advise (
    "Gather  (cost=0.00..1000.00 rows=300 width=24) (actual time=0.500..5.000 rows=300 loops=1)\n"
    "  Workers Planned: 4\n"
    "  Workers Launched: 1\n"
    "  ->  Parallel Seq Scan on orders  (cost=0.00..900.00 rows=75 width=24) (actual time=0.010..4.000 rows=150 loops=2)\n");
  g_autoptr(GPtrArray) jit = advise (
    "Aggregate  (cost=1.00..2.00 rows=1 width=8) (actual time=3.000..3.000 rows=1 loops=1)\n"
    "  ->  Seq Scan on t  (cost=0.00..1.00 rows=100 width=4) (actual time=0.010..0.500 rows=100 loops=1)\n"
    "Planning Time: 0.100 ms\n"
    "JIT:\n"
    "  Functions: 4\n"
    "  Options: Inlining true, Optimization true, Expressions true, Deforming true\n"
    "  Timing: Generation 0.400 ms, Inlining 1.000 ms, Optimization 0.800 ms, Emission 0.700 ms, Total 2.900 ms\n"
    "Execution Time: 3.200 ms\n");
  g_autoptr(GPtrArray) triggers = advise (
    "Update on products  (cost=0.28..21.93 rows=340 width=22) (actual time=0.219..1.780 rows=300 loops=1)\n"
    "  ->  Index Scan using products_pkey on products  (cost=0.28..21.93 rows=340 width=22) (actual time=0.039..0.279 rows=300 loops=1)\n"
    "        Index Cond: (id <= 300)\n"
    "Planning Time: 0.463 ms\n"
    "Trigger products_audit: time=19.128 calls=300\n"
    "Trigger for constraint products_fk: time=0.500 calls=300\n"
    "Execution Time: 21.033 ms\n");
  SluicePlanWarning *warning;

  warning = only_warning (workers, "workers-not-launched");
  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "1 of the 4");

  warning = only_warning (jit, "jit-time");
  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "2.9 ms");
  assert_mentions (warning, "90%");

  warning = only_warning (triggers, "trigger-time");
  g_assert_cmpuint (warning->node, ==, 0);
  assert_mentions (warning, "products_audit");
  assert_mentions (warning, "93%");
  assert_mentions (warning, "300 calls");
}

static void
test_clean_plan (void)
{
  g_autoptr(GPtrArray) warnings = advise (
    "Index Scan using orders_pkey on orders  (cost=0.29..8.31 rows=1 width=24) (actual time=0.010..0.011 rows=1 loops=1)\n"
    "  Index Cond: (id = 42)\n"
    "Planning Time: 0.050 ms\n"
    "Execution Time: 0.030 ms\n");
  /* Without ANALYZE there are no figures to judge. */
  g_autoptr(GPtrArray) estimates = advise (
    "Seq Scan on orders  (cost=0.00..2041.00 rows=95 width=24)\n"
    "  Filter: (customer_id = 42)\n");

  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpuint (estimates->len, ==, 0);
}

/* Comparing */

static const char *seq_before =
  "Seq Scan on orders  (cost=0.00..2041.00 rows=10 width=24) (actual time=0.012..33.900 rows=10 loops=1)\n"
  "  Filter: (customer_id = 42)\n"
  "  Rows Removed by Filter: 99990\n"
  "Planning Time: 0.100 ms\n"
  "Execution Time: 34.000 ms\n";

static const char *index_after =
  "Index Scan using idx_orders_customer on orders  (cost=0.29..8.30 rows=10 width=24) (actual time=0.010..0.990 rows=10 loops=1)\n"
  "  Index Cond: (customer_id = 42)\n"
  "Planning Time: 0.100 ms\n"
  "Execution Time: 1.000 ms\n";

static void
test_compare_index (void)
{
  g_autoptr(SluicePlan) before = parse (seq_before);
  g_autoptr(SluicePlan) after = parse (index_after);
  g_autoptr(SluicePlanComparison) comparison = sluice_plan_comparison_new (before, after);
  g_autoptr(SluicePlanComparison) back = sluice_plan_comparison_new (after, before);
  GPtrArray *pairs = sluice_plan_comparison_get_pairs (comparison);
  SluicePlanPair *pair;

  g_assert_cmpstr (sluice_plan_comparison_get_verdict (comparison), ==, "now an Index Scan on idx_orders_customer; 34x faster");
  g_assert_cmpfloat_with_epsilon (sluice_plan_comparison_get_speedup (comparison), 34.0, 1e-9);
  g_assert_cmpuint (pairs->len, ==, 1);
  pair = g_ptr_array_index (pairs, 0);
  g_assert_true (pair->before == sluice_plan_get_root (before));
  g_assert_true (pair->after == sluice_plan_get_root (after));
  g_assert_cmpfloat_with_epsilon (pair->time_ratio, 0.990 / 33.900, 1e-9);
  g_assert_cmpfloat (pair->rows_ratio, ==, 1);
  g_assert_true (sluice_plan_comparison_get_match (comparison, sluice_plan_get_root (after)) == sluice_plan_get_root (before));

  /* The other way round: slower, and where the time went. */
  g_assert_cmpstr (sluice_plan_comparison_get_verdict (back), ==, "34x slower: Seq Scan on orders now reads 100k rows");
}

static void
test_compare_same_shape (void)
{
  g_autoptr(SluicePlan) before = parse (
    "Seq Scan on orders  (cost=0.00..20000.00 rows=100 width=24) (actual time=0.012..99.000 rows=100 loops=1)\n"
    "  Filter: (status = 'x'::text)\n"
    "  Rows Removed by Filter: 500000\n"
    "Execution Time: 100.000 ms\n");
  g_autoptr(SluicePlan) after = parse (
    "Seq Scan on orders  (cost=0.00..48000.00 rows=100 width=24) (actual time=0.012..209.000 rows=100 loops=1)\n"
    "  Filter: (status = 'x'::text)\n"
    "  Rows Removed by Filter: 1199900\n"
    "Execution Time: 210.000 ms\n");
  g_autoptr(SluicePlan) again = parse (
    "Seq Scan on orders  (cost=0.00..20000.00 rows=100 width=24) (actual time=0.012..89.000 rows=100 loops=1)\n"
    "  Filter: (status = 'x'::text)\n"
    "  Rows Removed by Filter: 500000\n"
    "Execution Time: 90.000 ms\n");
  g_autoptr(SluicePlanComparison) slower = sluice_plan_comparison_new (before, after);
  g_autoptr(SluicePlanComparison) faster = sluice_plan_comparison_new (before, again);

  g_assert_cmpstr (sluice_plan_comparison_get_verdict (slower), ==, "2.1x slower: Seq Scan on orders now reads 1.2M rows");
  g_assert_cmpstr (sluice_plan_comparison_get_verdict (faster), ==, "same plan; 1.1x faster");
}

static void
test_compare_inserted_node (void)
{
  g_autoptr(SluicePlan) before = parse (
    "Hash Join  (cost=1.09..2.22 rows=3 width=8) (actual time=0.050..1.000 rows=3 loops=1)\n"
    "  Hash Cond: (a.id = b.id)\n"
    "  ->  Seq Scan on a  (cost=0.00..1.05 rows=5 width=4) (actual time=0.010..0.500 rows=5 loops=1)\n"
    "  ->  Hash  (cost=1.04..1.04 rows=4 width=4) (actual time=0.020..0.300 rows=4 loops=1)\n"
    "        ->  Seq Scan on b  (cost=0.00..1.04 rows=4 width=4) (actual time=0.005..0.200 rows=4 loops=1)\n"
    "Execution Time: 1.000 ms\n");
  g_autoptr(SluicePlan) after = parse (
    "Merge Join  (cost=2.09..3.22 rows=3 width=8) (actual time=0.050..2.000 rows=3 loops=1)\n"
    "  Merge Cond: (a.id = b.id)\n"
    "  ->  Sort  (cost=1.09..1.10 rows=5 width=4) (actual time=0.020..0.900 rows=5 loops=1)\n"
    "        Sort Key: a.id\n"
    "        ->  Seq Scan on a  (cost=0.00..1.05 rows=5 width=4) (actual time=0.010..0.500 rows=5 loops=1)\n"
    "  ->  Sort  (cost=1.09..1.10 rows=4 width=4) (actual time=0.020..0.800 rows=4 loops=1)\n"
    "        Sort Key: b.id\n"
    "        ->  Seq Scan on b  (cost=0.00..1.04 rows=4 width=4) (actual time=0.005..0.200 rows=4 loops=1)\n"
    "Execution Time: 2.000 ms\n");
  g_autoptr(SluicePlanComparison) comparison = sluice_plan_comparison_new (before, after);
  GPtrArray *pairs = sluice_plan_comparison_get_pairs (comparison);
  guint both = 0, only_before = 0, only_after = 0;

  /* The scans of a and b are matched though they moved under Sorts; the
   * join is matched as the root; the Hash went, the Sorts came. */
  g_assert_true (sluice_plan_comparison_get_match (comparison, sluice_plan_get_node (before, 1)) ==
                 sluice_plan_get_node (after, 2));
  g_assert_true (sluice_plan_comparison_get_match (comparison, sluice_plan_get_node (before, 3)) ==
                 sluice_plan_get_node (after, 4));
  g_assert_true (sluice_plan_comparison_get_match (comparison, sluice_plan_get_root (after)) ==
                 sluice_plan_get_root (before));
  g_assert_null (sluice_plan_comparison_get_match (comparison, sluice_plan_get_node (before, 2)));

  for (guint i = 0; i < pairs->len; i++)
    {
      SluicePlanPair *pair = g_ptr_array_index (pairs, i);

      if (pair->before != NULL && pair->after != NULL)
        both++;
      else if (pair->before != NULL)
        only_before++;
      else
        only_after++;
    }
  g_assert_cmpuint (both, ==, 3);
  g_assert_cmpuint (only_before, ==, 1);
  g_assert_cmpuint (only_after, ==, 2);
  /* The second Sort's 0.6 ms of its own is the most time added. */
  g_assert_cmpstr (sluice_plan_comparison_get_verdict (comparison), ==, "2.0x slower: Sort now takes 0.6 ms");
}

/* EXPLAIN */

static void
test_explain_sql (void)
{
  const struct { int version; const char *expected; } versions[] = {
    { 110000, "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, TIMING FALSE, FORMAT JSON) SELECT 1" },
    { 120000, "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, TIMING FALSE, FORMAT JSON) SELECT 1" },
    { 150000, "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL, TIMING FALSE, FORMAT JSON) SELECT 1" },
    { 170000, "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL, TIMING FALSE, SERIALIZE, MEMORY, FORMAT JSON) SELECT 1" },
  };
  SluiceExplainOptions all = { TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, TRUE, TRUE, 0 };
  SluiceExplainOptions plain = { FALSE, TRUE, FALSE, FALSE, TRUE, FALSE, TRUE, FALSE, 0 };
  const char *refused[] = { "", "  -- nothing\n", "SELECT 1; SELECT 2", "EXPLAIN SELECT 1", "SELECT $$" };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autoptr(GError) error = NULL;
      SluiceExplainOptions used;
      g_autofree char *sql = sluice_plan_build_explain_sql ("SELECT 1;", &all, versions[i].version, &used, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (sql, ==, versions[i].expected);
      g_assert_cmpint (used.settings, ==, versions[i].version >= 120000);
      g_assert_cmpint (used.wal, ==, versions[i].version >= 130000);
      g_assert_cmpint (used.serialize, ==, versions[i].version >= 170000);
    }

  /* Without ANALYZE: no WAL, TIMING or SERIALIZE; BUFFERS from 13. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *old = sluice_plan_build_explain_sql ("SELECT 1", &plain, 120000, NULL, &error);
    g_autofree char *new = sluice_plan_build_explain_sql ("SELECT 1", &plain, 170000, NULL, &error);

    g_assert_cmpstr (old, ==, "EXPLAIN (FORMAT JSON) SELECT 1");
    g_assert_cmpstr (new, ==, "EXPLAIN (BUFFERS, FORMAT JSON) SELECT 1");
  }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *sql = sluice_plan_build_explain_sql (refused[i], &all, 150000, NULL, &error);

      g_assert_null (sql);
      g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
    }
}

static void
test_statement_writes (void)
{
  const struct { const char *sql; gboolean writes; } cases[] = {
    { "SELECT * FROM t WHERE a = 1", FALSE },
    { "select count(*) from t join u using (id) where x in (select y from v)", FALSE },
    { "VALUES (1), (2)", FALSE },
    { "TABLE t", FALSE },
    { "WITH x AS (SELECT 1) SELECT * FROM x", FALSE },
    { "SELECT 1 UNION SELECT 2", FALSE },
    { "INSERT INTO t VALUES (1)", TRUE },
    { "UPDATE t SET a = 2", TRUE },
    { "DELETE FROM t", TRUE },
    { "MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE", TRUE },
    { "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", TRUE },
    { "WITH a AS (SELECT 1), b AS (WITH c AS (UPDATE t SET a = 1 RETURNING a) SELECT * FROM c) SELECT * FROM b", TRUE },
    { "SELECT * FROM t FOR UPDATE", TRUE },
    { "SELECT * FROM (SELECT * FROM t FOR SHARE) s", TRUE },
    { "SELECT 1 UNION (SELECT a FROM t FOR UPDATE)", TRUE },
    { "SELECT * INTO copy FROM t", TRUE },
    { "CREATE TABLE x AS SELECT 1", TRUE },
    { "EXECUTE prepared_thing", TRUE },
    { "SELECT 1; DELETE FROM t", TRUE },
    { "this is not sql", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (sluice_plan_statement_writes (cases[i].sql) != cases[i].writes)
        g_error ("“%s” should %s", cases[i].sql, cases[i].writes ? "write" : "not write");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan/advice/misestimate", test_misestimate);
  g_test_add_func ("/plan/advice/seq-scan-filter", test_seq_scan_filter);
  g_test_add_func ("/plan/advice/spills", test_spills);
  g_test_add_func ("/plan/advice/nested-loop", test_nested_loop);
  g_test_add_func ("/plan/advice/bitmap-and-heap-fetches", test_bitmap_and_heap_fetches);
  g_test_add_func ("/plan/advice/workers-jit-triggers", test_workers_jit_triggers);
  g_test_add_func ("/plan/advice/clean", test_clean_plan);
  g_test_add_func ("/plan/compare/index", test_compare_index);
  g_test_add_func ("/plan/compare/same-shape", test_compare_same_shape);
  g_test_add_func ("/plan/compare/inserted-node", test_compare_inserted_node);
  g_test_add_func ("/plan/explain/sql", test_explain_sql);
  g_test_add_func ("/plan/explain/writes", test_statement_writes);

  return g_test_run ();
}
