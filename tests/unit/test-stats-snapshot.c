/* test-stats-snapshot.c: statistics snapshot files: round trip, comparison,
 * and files that must be refused with their line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sluice.h"

static const char good_snapshot[] =
  "{\n"
  "  \"format\": \"sluice-stats\",\n"
  "  \"format_version\": 1,\n"
  "  \"taken_at\": \"2024-05-01T10:00:00Z\",\n"
  "  \"profile_id\": \"prod-eu\",\n"
  "  \"migration_version\": \"0007\",\n"
  "  \"database\": \"shop\",\n"
  "  \"server_version\": \"15.4\",\n"
  "  \"stats_reset\": \"2024-04-01T00:00:00Z\",\n"
  "  \"indexes\": [\n"
  "    {\"schema\": \"public\", \"table\": \"orders\", \"name\": \"orders_created_idx\",\n"
  "     \"scans\": 10, \"tuples_read\": 100, \"tuples_fetched\": 90, \"size_bytes\": 16384},\n"
  "    {\"schema\": \"public\", \"table\": \"orders\", \"name\": \"orders_old_idx\",\n"
  "     \"scans\": 3, \"tuples_read\": 3, \"tuples_fetched\": 3, \"size_bytes\": 8192},\n"
  "    {\"schema\": \"public\", \"table\": \"orders\", \"name\": \"orders_idle_idx\",\n"
  "     \"scans\": 7, \"tuples_read\": 0, \"tuples_fetched\": 0, \"size_bytes\": 8192}\n"
  "  ],\n"
  "  \"tables\": [\n"
  "    {\"schema\": \"public\", \"name\": \"orders\", \"seq_scans\": 2, \"seq_tuples_read\": 2000,\n"
  "     \"index_scans\": 20, \"live_tuples\": 1000, \"dead_tuples\": 5, \"inserts\": 1000,\n"
  "     \"updates\": 10, \"deletes\": 0, \"total_bytes\": 245760}\n"
  "  ]\n"
  "}\n";

static SluiceStatsSnapshot *
parse_or_fail (const char *text)
{
  g_autoptr(GError) error = NULL;
  SluiceStatsSnapshot *snapshot = sluice_stats_snapshot_new_from_data (text, strlen (text), "good.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return snapshot;
}

static void
test_round_trip (void)
{
  g_autoptr(SluiceStatsSnapshot) snapshot = parse_or_fail (good_snapshot);
  g_autoptr(SluiceStatsSnapshot) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const SluiceIndexStat *index;
  const SluiceTableStat *table;
  gsize first_length;
  gsize second_length;

  g_assert_cmpstr (sluice_stats_snapshot_get_profile_id (snapshot), ==, "prod-eu");
  g_assert_cmpstr (sluice_stats_snapshot_get_migration_version (snapshot), ==, "0007");
  g_assert_cmpstr (sluice_stats_snapshot_get_database (snapshot), ==, "shop");
  g_assert_cmpint (g_date_time_get_month (sluice_stats_snapshot_get_stats_reset (snapshot)), ==, 4);
  g_assert_cmpuint (sluice_stats_snapshot_get_indexes (snapshot)->len, ==, 3);
  index = sluice_stats_snapshot_find_index (snapshot, "public", "orders_created_idx");
  g_assert_nonnull (index);
  g_assert_cmpint (index->scans, ==, 10);
  g_assert_cmpint (index->size_bytes, ==, 16384);
  table = g_ptr_array_index (sluice_stats_snapshot_get_tables (snapshot), 0);
  g_assert_cmpint (table->seq_tuples_read, ==, 2000);
  g_assert_cmpint (table->total_bytes, ==, 245760);

  first = sluice_stats_snapshot_to_data (snapshot, &first_length);
  again = sluice_stats_snapshot_new_from_data (first, first_length, "written.json", &error);
  g_assert_no_error (error);
  second = sluice_stats_snapshot_to_data (again, &second_length);
  g_assert_cmpstr (first, ==, second);
  g_assert_true (g_str_has_suffix (first, "}\n"));
  g_assert_nonnull (strstr (first, "\"taken_at\" : \"2024-05-01T10:00:00.000000Z\""));
}

static void
test_save_and_load_for (void)
{
  g_autoptr(SluiceStatsSnapshot) snapshot = parse_or_fail (good_snapshot);
  g_autoptr(SluiceStatsSnapshot) loaded = NULL;
  g_autoptr(SluiceStatsSnapshot) missing = NULL;
  g_autoptr(GFile) file = sluice_stats_snapshot_file_for ("prod/eu", "../0007 add index");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "sluice", "stats", "prod_eu",
                                                ".._0007_add_index.json", NULL);

  /* Neither part can climb out of the stats folder or make a subfolder. */
  g_assert_cmpstr (path, ==, expected);

  g_assert_true (sluice_stats_snapshot_save_file (snapshot, file, &error));
  g_assert_no_error (error);
  loaded = sluice_stats_snapshot_load_for ("prod/eu", "../0007 add index", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_stats_snapshot_get_indexes (loaded)->len, ==, 3);

  missing = sluice_stats_snapshot_load_for ("prod/eu", "0008", &error);
  g_assert_null (missing);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND);
}

static void
test_compare (void)
{
  g_autoptr(SluiceStatsSnapshot) then = parse_or_fail (good_snapshot);
  g_autoptr(SluiceStatsSnapshot) now = NULL;
  g_autoptr(SluiceStatsSnapshot) after_reset = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) reset_changes = NULL;
  g_autoptr(GString) later = g_string_new (good_snapshot);
  const SluiceIndexUsageChange *created = NULL;
  const SluiceIndexUsageChange *dropped = NULL;
  const SluiceIndexUsageChange *idle = NULL;
  const SluiceIndexUsageChange *fresh = NULL;
  g_autofree char *created_text = NULL;
  g_autofree char *dropped_text = NULL;
  g_autofree char *idle_text = NULL;
  g_autofree char *fresh_text = NULL;

  /* 1234 scans later; orders_old_idx dropped, orders_new_idx created. */
  g_string_replace (later, "\"scans\": 10,", "\"scans\": 1244,", 1);
  g_string_replace (later, "orders_old_idx", "orders_new_idx", 1);
  now = parse_or_fail (later->str);

  changes = sluice_stats_snapshot_compare (then, now);
  g_assert_cmpuint (changes->len, ==, 4);
  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceIndexUsageChange *change = g_ptr_array_index (changes, i);

      if (g_str_equal (change->name, "orders_created_idx"))
        created = change;
      else if (g_str_equal (change->name, "orders_old_idx"))
        dropped = change;
      else if (g_str_equal (change->name, "orders_idle_idx"))
        idle = change;
      else if (g_str_equal (change->name, "orders_new_idx"))
        fresh = change;
    }

  g_assert_cmpint (created->state, ==, SLUICE_INDEX_USAGE_KEPT);
  g_assert_cmpint (created->scans_since, ==, 1234);
  g_assert_false (created->reset_between);
  created_text = sluice_index_usage_change_describe (created);
  g_assert_cmpstr (created_text, ==, "Since this snapshot: index public.orders_created_idx was scanned 1234 times.");

  g_assert_cmpint (dropped->state, ==, SLUICE_INDEX_USAGE_DROPPED);
  dropped_text = sluice_index_usage_change_describe (dropped);
  g_assert_cmpstr (dropped_text, ==, "Since this snapshot: index public.orders_old_idx was dropped.");

  g_assert_cmpint (idle->scans_since, ==, 0);
  idle_text = sluice_index_usage_change_describe (idle);
  g_assert_cmpstr (idle_text, ==, "Since this snapshot: index public.orders_idle_idx was not scanned once.");

  g_assert_cmpint (fresh->state, ==, SLUICE_INDEX_USAGE_NEW);
  g_assert_cmpint (fresh->scans_then, ==, -1);
  fresh_text = sluice_index_usage_change_describe (fresh);
  g_assert_nonnull (strstr (fresh_text, "created"));

  /* After pg_stat_reset() the counters restart: the scans since the
   * reset are what can be said. */
  g_string_replace (later, "2024-04-01T00:00:00Z", "2024-05-02T00:00:00Z", 1);
  g_string_replace (later, "\"scans\": 1244,", "\"scans\": 4,", 1);
  after_reset = parse_or_fail (later->str);
  reset_changes = sluice_stats_snapshot_compare (then, after_reset);
  for (guint i = 0; i < reset_changes->len; i++)
    {
      const SluiceIndexUsageChange *change = g_ptr_array_index (reset_changes, i);

      if (g_str_equal (change->name, "orders_created_idx"))
        {
          g_autofree char *text = sluice_index_usage_change_describe (change);

          g_assert_true (change->reset_between);
          g_assert_cmpint (change->scans_since, ==, 4);
          g_assert_nonnull (strstr (text, "reset"));
        }
    }
}

/* Hostile files: each refused, with the file and the line of the fault. */
static void
test_hostile_files (void)
{
  static const struct { const char *text; const char *needle; } cases[] = {
    { "", "one object in braces" },
    { "[]", "one object in braces" },
    { "{\"format\": \"sluice-profiles\", \"format_version\": 1}", "not a Sluice statistics snapshot" },
    { "{\"format\": \"sluice-stats\",\n\"format_version\": 2}", "line 2: the snapshot was written by a newer Sluice" },
    { "{\"format\": \"sluice-stats\",\n\"format_version\": 0}", "line 2: “format_version” is 0" },
    { "{\"format\": \"sluice-stats\",\n\"format_version\": \"1\"}", "line 2: “format_version” must be a whole number" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 1,\n\"taken_at\": \"yesterday\"}", "line 2: “taken_at” must be a date" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 1,\n\"taken_at\": \"2024-05-01T10:00:00Z\"}", "“profile_id” is missing" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 1, \"taken_at\": \"2024-05-01T10:00:00Z\",\n"
      "\"profile_id\": null, \"migration_version\": null, \"database\": \"\", \"server_version\": null,\n"
      "\"stats_reset\": null, \"indexes\": [], \"tables\": []}", "line 2: “database” must not be empty" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 1, \"taken_at\": \"2024-05-01T10:00:00Z\",\n"
      "\"profile_id\": null, \"migration_version\": null, \"database\": \"d\", \"server_version\": null,\n"
      "\"stats_reset\": null,\n\"indexes\": {}, \"tables\": []}", "line 4: “indexes” must be a list" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 1, \"taken_at\": \"2024-05-01T10:00:00Z\",\n"
      "\"profile_id\": null, \"migration_version\": null, \"database\": \"d\", \"server_version\": null,\n"
      "\"stats_reset\": null, \"indexes\": [\n"
      "{\"schema\": \"s\", \"table\": \"t\", \"name\": \"i\", \"scans\": -4, \"tuples_read\": 0,"
      " \"tuples_fetched\": 0, \"size_bytes\": 0}], \"tables\": []}", "line 4: “scans” is -4, but a count cannot be negative" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 1, \"taken_at\": \"2024-05-01T10:00:00Z\",\n"
      "\"profile_id\": null, \"migration_version\": null, \"database\": \"d\", \"server_version\": null,\n"
      "\"stats_reset\": null, \"indexes\": [\n"
      "{\"schema\": \"s\", \"table\": \"t\", \"name\": \"i\", \"scans\": 1.5, \"tuples_read\": 0,"
      " \"tuples_fetched\": 0, \"size_bytes\": 0}], \"tables\": []}", "line 4: “scans” must be a whole number" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 1, \"taken_at\": \"2024-05-01T10:00:00Z\",\n"
      "\"profile_id\": null, \"migration_version\": null, \"database\": \"d\", \"server_version\": null,\n"
      "\"stats_reset\": null, \"indexes\": [\n"
      "{\"schema\": \"s\", \"table\": \"t\", \"name\": \"i\", \"scans\": 1, \"tuples_read\": 0, \"tuples_fetched\": 0, \"size_bytes\": 0},\n"
      "{\"schema\": \"s\", \"table\": \"t\", \"name\": \"i\", \"scans\": 2, \"tuples_read\": 0, \"tuples_fetched\": 0, \"size_bytes\": 0}\n"
      "], \"tables\": []}", "line 5: index s.i is listed twice" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 1, \"taken_at\": \"2024-05-01T10:00:00Z\",\n"
      "\"profile_id\": null, \"migration_version\": null, \"database\": \"d\", \"server_version\": null,\n"
      "\"stats_reset\": null, \"indexes\": [], \"tables\": [\n\"orders\"]}", "line 4: table #1 is not an object" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 1, \"taken_at\": \"2024-05-01T10:00:00Z\",\n"
      "\"profile_id\": null, \"migration_version\": null, \"database\": \"d\", \"server_version\": null,\n"
      "\"stats_reset\": null, \"indexes\": [], \"tables\": [\n"
      "{\"schema\": \"s\", \"name\": \"t\"}]}", "line 4: the member “seq_scans” is missing" },
    { "{\"format\": \"sluice-stats\", // a comment\n\"format_version\": 1}", "line 1" },
    { "{\"format\": \"sluice-stats\", \"format_version\": 99999999999999999999}", "too large" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SluiceStatsSnapshot) snapshot = NULL;

      snapshot = sluice_stats_snapshot_new_from_data (cases[i].text, strlen (cases[i].text), "hostile.json", &error);
      g_assert_null (snapshot);
      g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
      g_test_message ("case %u: %s", i, error->message);
      g_assert_true (g_str_has_prefix (error->message, "hostile.json"));
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: “%s” not in “%s”", i, cases[i].needle, error->message);
      g_assert_nonnull (strstr (error->message, "nothing was changed"));
    }
}

static void
test_binary_garbage (void)
{
  static const char garbage[] = "{\"format\": \"sluice-stats\x00\xff\", \"format_version\": 1}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceStatsSnapshot) snapshot = NULL;

  snapshot = sluice_stats_snapshot_new_from_data (garbage, sizeof garbage - 1, "garbage.json", &error);
  g_assert_null (snapshot);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/stats-snapshot/round-trip", test_round_trip);
  g_test_add_func ("/stats-snapshot/save-and-load-for", test_save_and_load_for);
  g_test_add_func ("/stats-snapshot/compare", test_compare);
  g_test_add_func ("/stats-snapshot/hostile", test_hostile_files);
  g_test_add_func ("/stats-snapshot/binary-garbage", test_binary_garbage);

  return g_test_run ();
}
