/* test-health-rules.c: the rules of the health report without a server:
 * identifier quoting, index flags, the B-tree estimate, the table hint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice.h"
#include "sluice-health-private.h"

/* Quoting ------------------------------------------------------------------ */

static void
test_quote_identifier (void)
{
  static const struct { const char *name; const char *quoted; } cases[] = {
    { "orders", "orders" },
    { "order_items2", "order_items2" },
    { "_private", "_private" },
    { "Orders", "\"Orders\"" },            /* upper case folds unless quoted */
    { "2fa_codes", "\"2fa_codes\"" },      /* a digit cannot start it */
    { "with space", "\"with space\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" }, /* quotes are doubled */
    { "", "\"\"" },
    { "café", "\"café\"" },                /* only ASCII stays bare */
    { "select", "\"select\"" },            /* reserved keyword */
    { "user", "\"user\"" },                /* reserved */
    { "between", "\"between\"" },          /* column-name keyword */
    { "left", "\"left\"" },                /* type/function-name keyword */
    { "name", "name" },                    /* unreserved keyword */
    { "comment", "comment" },              /* unreserved keyword */
    { "a.b", "\"a.b\"" },
    { "x;drop table t", "\"x;drop table t\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = sluice_quote_identifier (cases[i].name);

      g_assert_cmpstr (quoted, ==, cases[i].quoted);
    }
}

static void
test_quote_qualified (void)
{
  g_autofree char *plain = sluice_quote_qualified_name ("public", "orders_idx");
  g_autofree char *mixed = sluice_quote_qualified_name ("App", "select");
  g_autofree char *bare = sluice_quote_qualified_name (NULL, "t");

  g_assert_cmpstr (plain, ==, "public.orders_idx");
  g_assert_cmpstr (mixed, ==, "\"App\".\"select\"");
  g_assert_cmpstr (bare, ==, "t");
}

/* Index facts built by hand, as the health query would report them ----- */

#define INT4_OPS 1978
#define TEXT_OPS 3126
#define DEFAULT_COLLATION 100

static SluiceIndexInfo *
make_index (guint32      oid,
            const char  *name,
            const char  *method,
            const char  *columns,   /* "a,b|c": key columns, then INCLUDE */
            gboolean     unique,
            const char  *constraint_name)
{
  SluiceIndexFacts *facts = sluice_index_facts_new ();
  g_auto(GStrv) parts = g_strsplit (columns, "|", 2);
  g_auto(GStrv) keys = g_strsplit (parts[0], ",", -1);
  g_auto(GStrv) included = parts[1] != NULL ? g_strsplit (parts[1], ",", -1) : g_new0 (char *, 1);

  facts->oid = oid;
  facts->table_oid = 500;
  facts->schema = g_strdup ("public");
  facts->table = g_strdup ("orders");
  facts->name = g_strdup (name);
  facts->definition = g_strdup_printf ("CREATE INDEX %s ON public.orders USING %s (%s)", name, method, columns);
  facts->method = g_strdup (method);
  facts->is_unique = unique;
  facts->is_primary = constraint_name != NULL && g_str_has_suffix (constraint_name, "_pkey");
  facts->constraint_name = g_strdup (constraint_name);
  facts->is_valid = TRUE;
  facts->scans = 10;
  facts->n_key_columns = g_strv_length (keys);
  facts->reltuples = 1000;
  facts->size_bytes = 8192 * 5;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      SluiceIndexColumn *column = sluice_index_column_new (keys[i]);

      column->opclass = INT4_OPS;
      column->has_stats = TRUE;
      column->avg_width = 4;
      g_ptr_array_add (facts->columns, column);
    }
  for (guint i = 0; included[i] != NULL; i++)
    {
      SluiceIndexColumn *column = sluice_index_column_new (included[i]);

      column->has_stats = TRUE;
      column->avg_width = 4;
      g_ptr_array_add (facts->columns, column);
    }

  return sluice_index_info_new_take_facts (facts);
}

static SluiceIndexFacts *
facts_of (SluiceIndexInfo *info)
{
  return (SluiceIndexFacts *) sluice_index_info_get_facts (info);
}

static GPtrArray *
flag_all (SluiceIndexInfo *first,
          ...)
{
  GPtrArray *indexes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) reset = g_date_time_new_utc (2024, 5, 1, 10, 0, 0);
  va_list args;

  va_start (args, first);
  for (SluiceIndexInfo *info = first; info != NULL; info = va_arg (args, SluiceIndexInfo *))
    g_ptr_array_add (indexes, info);
  va_end (args);

  sluice_index_flags_apply (indexes, reset, FALSE);
  return indexes;
}

static SluiceIndexInfo *
nth (GPtrArray *indexes,
     guint      i)
{
  return g_ptr_array_index (indexes, i);
}

static void
test_flags_duplicate (void)
{
  g_autoptr(GPtrArray) indexes = flag_all (make_index (10, "orders_customer_idx", "btree", "customer_id", FALSE, NULL),
                                           make_index (11, "orders_customer_copy", "btree", "customer_id", FALSE, NULL),
                                           make_index (12, "orders_customer_third", "btree", "customer_id", FALSE, NULL),
                                           NULL);

  /* The oldest is kept; both others point at it. */
  g_assert_false (sluice_index_info_has_flag (nth (indexes, 0), SLUICE_INDEX_FLAG_DUPLICATE));
  g_assert_true (sluice_index_info_has_flag (nth (indexes, 1), SLUICE_INDEX_FLAG_DUPLICATE));
  g_assert_true (sluice_index_info_has_flag (nth (indexes, 2), SLUICE_INDEX_FLAG_DUPLICATE));
  g_assert_cmpstr (sluice_index_info_get_related_index (nth (indexes, 1)), ==, "public.orders_customer_idx");
  g_assert_cmpstr (sluice_index_info_get_related_index (nth (indexes, 2)), ==, "public.orders_customer_idx");
  g_assert_nonnull (strstr (sluice_index_info_get_explanation (nth (indexes, 1), SLUICE_INDEX_FLAG_DUPLICATE),
                            "public.orders_customer_idx"));
  /* A duplicate is not also called redundant. */
  g_assert_false (sluice_index_info_has_flag (nth (indexes, 1), SLUICE_INDEX_FLAG_REDUNDANT));
}

static void
test_flags_duplicate_keeps_constraint (void)
{
  /* The newer index backs the primary key: the older plain one goes. */
  g_autoptr(GPtrArray) indexes = flag_all (make_index (10, "orders_id_idx", "btree", "id", FALSE, NULL),
                                           make_index (11, "orders_pkey", "btree", "id", TRUE, "orders_pkey"),
                                           NULL);

  g_assert_true (sluice_index_info_has_flag (nth (indexes, 0), SLUICE_INDEX_FLAG_DUPLICATE));
  g_assert_cmpstr (sluice_index_info_get_related_index (nth (indexes, 0)), ==, "public.orders_pkey");
  g_assert_cmpuint (sluice_index_info_get_flags (nth (indexes, 1)), ==, SLUICE_INDEX_FLAG_NONE);
}

static void
test_flags_not_duplicate (void)
{
  g_autoptr(GPtrArray) indexes = NULL;
  SluiceIndexInfo *partial = make_index (11, "orders_open_idx", "btree", "customer_id", FALSE, NULL);
  SluiceIndexInfo *descending = make_index (12, "orders_desc_idx", "btree", "customer_id", FALSE, NULL);
  SluiceIndexInfo *collated = make_index (13, "orders_coll_idx", "btree", "customer_id", FALSE, NULL);
  SluiceIndexInfo *hashed = make_index (14, "orders_hash_idx", "hash", "customer_id", FALSE, NULL);
  SluiceIndexInfo *other_opclass = make_index (15, "orders_text_idx", "btree", "customer_id", FALSE, NULL);
  SluiceIndexInfo *with_include = make_index (16, "orders_incl_idx", "btree", "customer_id|total", FALSE, NULL);

  facts_of (partial)->predicate = g_strdup ("(status = 'open'::text)");
  ((SluiceIndexColumn *) g_ptr_array_index (facts_of (descending)->columns, 0))->option = 3;
  ((SluiceIndexColumn *) g_ptr_array_index (facts_of (collated)->columns, 0))->collation = DEFAULT_COLLATION + 1;
  ((SluiceIndexColumn *) g_ptr_array_index (facts_of (other_opclass)->columns, 0))->opclass = TEXT_OPS;

  indexes = flag_all (make_index (10, "orders_customer_idx", "btree", "customer_id", FALSE, NULL),
                      partial, descending, collated, hashed, other_opclass, with_include, NULL);

  for (guint i = 0; i < indexes->len; i++)
    g_assert_false (sluice_index_info_has_flag (nth (indexes, i), SLUICE_INDEX_FLAG_DUPLICATE));
}

static void
test_flags_redundant (void)
{
  g_autoptr(GPtrArray) indexes = flag_all (make_index (10, "orders_customer_idx", "btree", "customer_id", FALSE, NULL),
                                           make_index (11, "orders_customer_created_idx", "btree", "customer_id,created_at", FALSE, NULL),
                                           make_index (12, "orders_created_idx", "btree", "created_at", FALSE, NULL),
                                           NULL);

  g_assert_true (sluice_index_info_has_flag (nth (indexes, 0), SLUICE_INDEX_FLAG_REDUNDANT));
  g_assert_cmpstr (sluice_index_info_get_related_index (nth (indexes, 0)), ==, "public.orders_customer_created_idx");
  g_assert_false (sluice_index_info_has_flag (nth (indexes, 1), SLUICE_INDEX_FLAG_REDUNDANT));
  /* Not a leading column of the other: not redundant. */
  g_assert_false (sluice_index_info_has_flag (nth (indexes, 2), SLUICE_INDEX_FLAG_REDUNDANT));
}

static void
test_flags_redundant_rules (void)
{
  g_autoptr(GPtrArray) indexes = NULL;
  SluiceIndexInfo *unique_prefix = make_index (10, "orders_code_key", "btree", "code", TRUE, NULL);
  SluiceIndexInfo *constraint_prefix = make_index (11, "orders_pkey", "btree", "id", TRUE, "orders_pkey");
  SluiceIndexInfo *partial_prefix = make_index (12, "orders_open_idx", "btree", "customer_id", FALSE, NULL);
  SluiceIndexInfo *include_prefix = make_index (13, "orders_cust_incl_idx", "btree", "customer_id|note", FALSE, NULL);
  SluiceIndexInfo *gin_prefix = make_index (14, "orders_tags_gin", "gin", "tags", FALSE, NULL);
  SluiceIndexInfo *invalid_longer = make_index (15, "orders_code_status_idx", "btree", "status,code", FALSE, NULL);
  SluiceIndexInfo *status_prefix = make_index (16, "orders_status_idx", "btree", "status", FALSE, NULL);

  facts_of (partial_prefix)->predicate = g_strdup ("(status = 'open'::text)");
  facts_of (invalid_longer)->is_valid = FALSE;

  indexes = flag_all (unique_prefix, constraint_prefix, partial_prefix, include_prefix, gin_prefix,
                      invalid_longer, status_prefix,
                      make_index (20, "orders_code_customer_idx", "btree", "code,customer_id", FALSE, NULL),
                      make_index (21, "orders_id_created_idx", "btree", "id,created_at", FALSE, NULL),
                      make_index (22, "orders_customer_total_idx", "btree", "customer_id,total", FALSE, NULL),
                      make_index (23, "orders_tags_more_gin", "gin", "tags,labels", FALSE, NULL),
                      NULL);

  /* A unique index enforces what the longer one cannot. */
  g_assert_false (sluice_index_info_has_flag (unique_prefix, SLUICE_INDEX_FLAG_REDUNDANT));
  /* The index of a PRIMARY KEY is never the one flagged. */
  g_assert_false (sluice_index_info_has_flag (constraint_prefix, SLUICE_INDEX_FLAG_REDUNDANT));
  /* Different predicates serve different rows. */
  g_assert_false (sluice_index_info_has_flag (partial_prefix, SLUICE_INDEX_FLAG_REDUNDANT));
  /* Its INCLUDE column "note" is not in the longer index. */
  g_assert_false (sluice_index_info_has_flag (include_prefix, SLUICE_INDEX_FLAG_REDUNDANT));
  /* The prefix rule is for B-trees. */
  g_assert_false (sluice_index_info_has_flag (gin_prefix, SLUICE_INDEX_FLAG_REDUNDANT));
  /* An invalid index cannot stand in for another. */
  g_assert_false (sluice_index_info_has_flag (status_prefix, SLUICE_INDEX_FLAG_REDUNDANT));
  g_assert_true (sluice_index_info_has_flag (invalid_longer, SLUICE_INDEX_FLAG_INVALID));
}

static void
test_flags_unused (void)
{
  g_autoptr(GPtrArray) indexes = NULL;
  SluiceIndexInfo *unused = make_index (10, "orders_note_idx", "btree", "note", FALSE, NULL);
  SluiceIndexInfo *used = make_index (11, "orders_total_idx", "btree", "total", FALSE, NULL);
  SluiceIndexInfo *pkey = make_index (12, "orders_pkey", "btree", "id", TRUE, "orders_pkey");
  SluiceIndexInfo *unique = make_index (13, "orders_code_key", "btree", "code", TRUE, NULL);
  SluiceIndexInfo *exclusion = make_index (14, "orders_period_excl", "gist", "period", FALSE, "orders_period_excl");
  const char *explanation;

  facts_of (unused)->scans = 0;
  facts_of (used)->scans = 1;
  facts_of (pkey)->scans = 0;
  facts_of (unique)->scans = 0;
  facts_of (exclusion)->scans = 0;
  indexes = flag_all (unused, used, pkey, unique, exclusion, NULL);

  g_assert_true (sluice_index_info_has_flag (unused, SLUICE_INDEX_FLAG_UNUSED));
  g_assert_false (sluice_index_info_has_flag (used, SLUICE_INDEX_FLAG_UNUSED));
  g_assert_false (sluice_index_info_has_flag (pkey, SLUICE_INDEX_FLAG_UNUSED));
  g_assert_false (sluice_index_info_has_flag (unique, SLUICE_INDEX_FLAG_UNUSED));
  g_assert_false (sluice_index_info_has_flag (exclusion, SLUICE_INDEX_FLAG_UNUSED));

  /* The explanation says since when (the reset, in local time). */
  explanation = sluice_index_info_get_explanation (unused, SLUICE_INDEX_FLAG_UNUSED);
  g_assert_nonnull (strstr (explanation, "since the statistics reset at 20"));
  g_assert_cmpstr (sluice_index_info_get_explanations (unused)[0], ==, explanation);
}

static void
test_flags_invalid (void)
{
  g_autoptr(GPtrArray) indexes = NULL;
  SluiceIndexInfo *failed = make_index (10, "orders_code_idx", "btree", "code", TRUE, NULL);
  SluiceIndexInfo *building = make_index (11, "orders_total_idx", "btree", "total", FALSE, NULL);

  facts_of (failed)->is_valid = FALSE;
  facts_of (failed)->scans = 0;
  facts_of (building)->is_valid = FALSE;
  facts_of (building)->is_building = TRUE;
  facts_of (building)->scans = 0;
  indexes = flag_all (failed, building, NULL);

  /* Invalid, and nothing else: it is not "unused" in the usual sense. */
  g_assert_cmpuint (sluice_index_info_get_flags (failed), ==, SLUICE_INDEX_FLAG_INVALID);
  /* A CREATE INDEX CONCURRENTLY still running is not flagged. */
  g_assert_cmpuint (sluice_index_info_get_flags (building), ==, SLUICE_INDEX_FLAG_NONE);
}

static void
test_flags_names (void)
{
  g_auto(GStrv) names = sluice_index_flags_to_strv (SLUICE_INDEX_FLAG_BLOATED | SLUICE_INDEX_FLAG_UNUSED |
                                                     SLUICE_INDEX_FLAG_REDUNDANT);
  const char * const expected[] = { "unused", "redundant", "bloated", NULL };

  g_assert_cmpstrv (names, expected);
  g_assert_cmpstr (sluice_index_flag_to_string (SLUICE_INDEX_FLAG_INVALID), ==, "invalid");
  g_assert_cmpstr (sluice_index_flag_to_string (SLUICE_INDEX_FLAG_DUPLICATE), ==, "duplicate");
  g_assert_null (sluice_index_flag_to_string (SLUICE_INDEX_FLAG_UNUSED | SLUICE_INDEX_FLAG_INVALID));
  g_assert_nonnull (sluice_index_flag_get_label (SLUICE_INDEX_FLAG_BLOATED));
  g_assert_true (G_TYPE_IS_FLAGS (SLUICE_TYPE_INDEX_FLAGS));
}

/* The B-tree estimate ------------------------------------------------------ */

static SluiceIndexFacts *
int_index_facts (double reltuples,
                 gint64 pages)
{
  SluiceIndexFacts *facts = sluice_index_facts_new ();
  SluiceIndexColumn *column = sluice_index_column_new ("id");

  facts->schema = g_strdup ("public");
  facts->table = g_strdup ("orders");
  facts->name = g_strdup ("orders_id_idx");
  facts->method = g_strdup ("btree");
  facts->reltuples = reltuples;
  facts->block_size = 8192;
  facts->size_bytes = pages * 8192;
  facts->n_key_columns = 1;
  column->has_stats = TRUE;
  column->avg_width = 4;
  g_ptr_array_add (facts->columns, column);
  return facts;
}

static void
test_bloat_estimate (void)
{
  g_autoptr(SluiceIndexFacts) fresh = NULL;
  g_autoptr(SluiceIndexFacts) bloated = NULL;
  g_autoptr(SluiceIndexFacts) nullable = NULL;
  g_autofree char *why_not = NULL;
  gint64 bytes;
  double ratio;

  /* An int4 key: 8 bytes of header + 8 of data (MAXALIGNed) + a 4-byte
   * line pointer = 20 bytes; (8192 - 24 - 16) x 90 % / 20 = 366 per leaf
   * page; 100 000 rows = 274 leaves + the metapage = 275 pages. */
  fresh = int_index_facts (100000, 275);
  g_assert_true (sluice_index_estimate_bloat (fresh, &bytes, &ratio, &why_not));
  g_assert_null (why_not);
  g_assert_cmpint (bytes, ==, 0);
  g_assert_cmpfloat (ratio, ==, 0);

  bloated = int_index_facts (100000, 1375);
  g_assert_true (sluice_index_estimate_bloat (bloated, &bytes, &ratio, &why_not));
  g_assert_cmpint (bytes, ==, (1375 - 275) * 8192);
  g_assert_cmpfloat_with_epsilon (ratio, 1100.0 / 1375.0, 1e-9);

  /* A null bitmap makes the header 12 bytes, MAXALIGNed to 16; half the
   * rows hold 8 bytes of data, 4 on average, MAXALIGNed to 8; with the line
   * pointer 28 bytes a tuple, 262 a page: 382 leaves + the metapage. */
  nullable = int_index_facts (100000, 383);
  ((SluiceIndexColumn *) g_ptr_array_index (nullable->columns, 0))->null_frac = 0.5;
  ((SluiceIndexColumn *) g_ptr_array_index (nullable->columns, 0))->avg_width = 8;
  g_assert_true (sluice_index_estimate_bloat (nullable, &bytes, &ratio, &why_not));
  g_assert_cmpint (bytes, ==, 0);
}

static void
test_bloat_not_available (void)
{
  g_autoptr(SluiceIndexFacts) no_stats = int_index_facts (1000, 10);
  g_autoptr(SluiceIndexFacts) never_analyzed = int_index_facts (-1, 10);
  g_autoptr(SluiceIndexFacts) gin = int_index_facts (1000, 10);
  g_autofree char *why_no_stats = NULL;
  g_autofree char *why_never = NULL;
  g_autofree char *why_gin = NULL;
  gint64 bytes;
  double ratio;

  ((SluiceIndexColumn *) g_ptr_array_index (no_stats->columns, 0))->has_stats = FALSE;
  g_assert_false (sluice_index_estimate_bloat (no_stats, &bytes, &ratio, &why_no_stats));
  g_assert_nonnull (strstr (why_no_stats, "B-tree estimate from pg_stats is not available"));
  g_assert_nonnull (strstr (why_no_stats, "ANALYZE"));

  g_assert_false (sluice_index_estimate_bloat (never_analyzed, &bytes, &ratio, &why_never));
  g_assert_nonnull (strstr (why_never, "ANALYZE"));

  g_free (gin->method);
  gin->method = g_strdup ("gin");
  g_assert_false (sluice_index_estimate_bloat (gin, &bytes, &ratio, &why_gin));
  g_assert_nonnull (strstr (why_gin, "gin"));
}

static void
test_bloat_flag_thresholds (void)
{
  g_autoptr(GPtrArray) indexes = NULL;
  SluiceIndexInfo *big = make_index (10, "orders_big_idx", "btree", "a", FALSE, NULL);
  SluiceIndexInfo *small = make_index (11, "orders_small_idx", "btree", "b", FALSE, NULL);
  SluiceIndexInfo *slight = make_index (12, "orders_slight_idx", "btree", "c", FALSE, NULL);

  /* 1000 rows need 4 pages; 300 pages is 98 % and 2.4 MB of free space. */
  facts_of (big)->size_bytes = 300 * 8192;
  /* 98 % too, but only 0.4 MB: below the 1 MB floor. */
  facts_of (small)->size_bytes = 50 * 8192;
  /* 100 000 rows in 330 pages: 17 %, below 30 %. */
  facts_of (slight)->reltuples = 100000;
  facts_of (slight)->size_bytes = 330 * 8192;
  indexes = flag_all (big, small, slight, NULL);

  g_assert_true (sluice_index_info_has_flag (big, SLUICE_INDEX_FLAG_BLOATED));
  g_assert_nonnull (strstr (sluice_index_info_get_explanation (big, SLUICE_INDEX_FLAG_BLOATED),
                            "B-tree estimate from pg_stats"));
  g_assert_false (sluice_index_info_has_flag (small, SLUICE_INDEX_FLAG_BLOATED));
  g_assert_true (sluice_index_info_get_bloat_available (small));
  g_assert_false (sluice_index_info_has_flag (slight, SLUICE_INDEX_FLAG_BLOATED));
  g_assert_cmpfloat (sluice_index_info_get_bloat_ratio (slight), <, 0.30);
}

static void
test_ddl_text (void)
{
  g_autoptr(GPtrArray) indexes = flag_all (make_index (10, "Orders Idx", "btree", "a", FALSE, NULL), NULL);
  g_autofree char *drop = sluice_index_info_dup_drop_sql (nth (indexes, 0));
  g_autofree char *reindex = sluice_index_info_dup_reindex_sql (nth (indexes, 0));
  g_autofree char *create = sluice_index_info_dup_create_sql (nth (indexes, 0));

  g_assert_cmpstr (drop, ==, "DROP INDEX CONCURRENTLY public.\"Orders Idx\";");
  g_assert_cmpstr (reindex, ==, "REINDEX INDEX CONCURRENTLY public.\"Orders Idx\";");
  g_assert_true (g_str_has_suffix (create, ");"));
}

/* Tables ------------------------------------------------------------------- */

static void
test_table_hint (void)
{
  SluiceTableFacts facts = { 0 };

  facts.live_tuples = 50000;
  facts.seq_scans = 40;
  facts.index_scans = 60;
  facts.seq_tuples_read = 2000000;
  g_assert_true (sluice_table_facts_mostly_sequential (&facts));

  /* 95 % of scans through an index is fine. */
  facts.seq_scans = 5;
  facts.index_scans = 95;
  g_assert_false (sluice_table_facts_mostly_sequential (&facts));

  /* A small table is read sequentially on purpose. */
  facts.seq_scans = 100;
  facts.index_scans = 0;
  facts.live_tuples = 9999;
  g_assert_false (sluice_table_facts_mostly_sequential (&facts));

  /* Sequential scans that read less than the table (LIMIT) are no sign. */
  facts.live_tuples = 50000;
  facts.seq_tuples_read = 100;
  g_assert_false (sluice_table_facts_mostly_sequential (&facts));
}

static void
test_table_sizes_add_up (void)
{
  SluiceTableFacts *facts = sluice_table_facts_new ();
  g_autoptr(SluiceTableHealth) table = NULL;

  facts->schema = g_strdup ("public");
  facts->name = g_strdup ("orders");
  facts->heap_bytes = 1000;
  facts->index_bytes = 300;
  facts->toast_bytes = 20;
  facts->live_tuples = 20000;
  facts->seq_scans = 10;
  facts->seq_tuples_read = 200000;
  table = sluice_table_health_new_take_facts (facts);

  g_assert_cmpint (sluice_table_health_get_total_bytes (table), ==, 1320);
  g_assert_cmpfloat (sluice_table_health_get_index_share (table), ==, 0);
  g_assert_true (sluice_table_health_get_mostly_sequential (table));
  g_assert_nonnull (sluice_table_health_get_hint (table));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/health/quote/identifier", test_quote_identifier);
  g_test_add_func ("/health/quote/qualified", test_quote_qualified);
  g_test_add_func ("/health/flags/duplicate", test_flags_duplicate);
  g_test_add_func ("/health/flags/duplicate-keeps-constraint", test_flags_duplicate_keeps_constraint);
  g_test_add_func ("/health/flags/not-duplicate", test_flags_not_duplicate);
  g_test_add_func ("/health/flags/redundant", test_flags_redundant);
  g_test_add_func ("/health/flags/redundant-rules", test_flags_redundant_rules);
  g_test_add_func ("/health/flags/unused", test_flags_unused);
  g_test_add_func ("/health/flags/invalid", test_flags_invalid);
  g_test_add_func ("/health/flags/names", test_flags_names);
  g_test_add_func ("/health/bloat/estimate", test_bloat_estimate);
  g_test_add_func ("/health/bloat/not-available", test_bloat_not_available);
  g_test_add_func ("/health/bloat/thresholds", test_bloat_flag_thresholds);
  g_test_add_func ("/health/ddl", test_ddl_text);
  g_test_add_func ("/health/table/hint", test_table_hint);
  g_test_add_func ("/health/table/sizes", test_table_sizes_add_up);

  return g_test_run ();
}
