/* test-status.c: the join of folder and history, built by hand (no I/O)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "sluice-history-private.h"
#include "sluice-status-private.h"

static SluiceMigration *
add_migration (GListStore            *folder,
               SluiceMigrationFormat  format,
               const char            *version,
               const char            *key,
               const char            *checksum)
{
  g_autoptr(SluiceMigration) migration = sluice_migration_new (format, version, "step");

  if (key != NULL)
    sluice_migration_set_history_key (migration, key);
  sluice_migration_set_checksum (migration, checksum);
  sluice_migration_set_up_sql (migration, "SELECT 1;\n", 1);
  g_list_store_append (folder, migration);

  return migration;
}

/* Minutes after a fixed instant, so that applied_at orders entries. */
static GDateTime *
minute (int n)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (2024, 5, 1, 9, 0, 0);

  return g_date_time_add_minutes (base, n);
}

static SluiceHistoryEntry *
add_entry (GPtrArray          *entries,
           const char         *key,
           const char         *checksum,
           SluiceHistoryState  state,
           guint               rank)
{
  SluiceHistoryEntry *entry = sluice_history_entry_new (key);
  g_autoptr(GDateTime) at = minute ((int) rank);

  sluice_history_entry_set_checksum (entry, checksum);
  sluice_history_entry_set_state (entry, state);
  sluice_history_entry_set_rank (entry, rank);
  sluice_history_entry_set_applied_at (entry, at);
  sluice_history_entry_set_applied_by (entry, "alice");
  g_ptr_array_add (entries, entry);

  return entry;
}

static SluiceStatusItem *
item_at (SluiceStatusReport *report,
         guint               position)
{
  GListModel *items = sluice_status_report_get_items (report);
  SluiceStatusItem *item = g_list_model_get_item (items, position);

  g_object_unref (item);  /* the report keeps it */
  return item;
}

/* Checks the report's items: "version:status" each, in order. */
static void
assert_items (SluiceStatusReport *report,
              const char * const *expected)
{
  GListModel *items = sluice_status_report_get_items (report);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GString) wanted = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      SluiceStatusItem *item = item_at (report, i);

      g_string_append_printf (seen, "%s:%s ", sluice_status_item_get_version (item),
                              sluice_migration_status_to_string (sluice_status_item_get_status (item)));
    }
  for (guint i = 0; expected[i] != NULL; i++)
    g_string_append_printf (wanted, "%s ", expected[i]);

  g_assert_cmpstr (seen->str, ==, wanted->str);
}

static gboolean
has_status (SluiceStatusItem *item,
            gpointer          user_data)
{
  return sluice_status_item_get_status (item) == (SluiceMigrationStatus) GPOINTER_TO_INT (user_data);
}

static gboolean
is_retry (SluiceStatusItem *item,
          gpointer          user_data)
{
  return sluice_status_item_is_retry (item);
}

static gboolean
keep_none (SluiceStatusItem *item,
           gpointer          user_data)
{
  return FALSE;
}

/* Every status at once, with Sluice's own history. */
static void
test_every_status (void)
{
  g_autoptr(GListStore) folder = g_list_store_new (SLUICE_TYPE_MIGRATION);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  SluiceHistoryEntry *failed;
  SluiceHistoryEntry *last;
  const SluiceMigrationFormat f = SLUICE_MIGRATION_FORMAT_SLUICE;
  const char * const expected[] = {
    "0001:applied", "0002:drift", "0003:failed", "0004:pending", "0005:out_of_order",
    "0006:applied", "0007:missing", "0008:pending", NULL
  };

  add_migration (folder, f, "0001", NULL, "aa01");
  add_migration (folder, f, "0002", NULL, "aa02-edited");
  add_migration (folder, f, "0003", NULL, "aa03");
  add_migration (folder, f, "0004", NULL, "aa04");
  add_migration (folder, f, "0005", NULL, "aa05");
  add_migration (folder, f, "0006", NULL, "aa06");
  add_migration (folder, f, "0008", NULL, "aa08");

  add_entry (entries, "0001", "AA01", SLUICE_HISTORY_APPLIED, 0);  /* hex: case does not matter */
  add_entry (entries, "0002", "aa02", SLUICE_HISTORY_APPLIED, 1);
  add_entry (entries, "0006", "aa06", SLUICE_HISTORY_APPLIED, 2);
  add_entry (entries, "0005", "aa05", SLUICE_HISTORY_APPLIED, 3);  /* after 0006 */
  add_entry (entries, "0007", "aa07", SLUICE_HISTORY_APPLIED, 4);  /* its file is gone */
  failed = add_entry (entries, "0003", NULL, SLUICE_HISTORY_FAILED, 5);
  sluice_history_entry_set_log (failed, "relation \"x\" does not exist");
  last = failed;

  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_SLUICE, entries);
  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder), f, history);

  assert_items (report, expected);
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "0007");
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, 2);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_APPLIED), ==, 2);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_DRIFT), ==, 1);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_FAILED), ==, 1);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_MISSING), ==, 1);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_OUT_OF_ORDER), ==, 1);
  g_assert_true (sluice_status_report_get_last_change (report) == last);

  /* Items point at both sides where both exist. */
  g_assert_nonnull (sluice_status_item_get_migration (item_at (report, 1)));
  g_assert_cmpstr (sluice_history_entry_get_checksum (sluice_status_item_get_entry (item_at (report, 1))), ==, "aa02");
  g_assert_null (sluice_status_item_get_entry (item_at (report, 3)));
  g_assert_null (sluice_status_item_get_migration (item_at (report, 6)));
  g_assert_cmpstr (sluice_status_item_get_name (item_at (report, 0)), ==, "step");

  /* Versions named for messages, by any rule, in the report's order. */
  {
    g_autofree char *runnable = sluice_status_report_list_versions (report, has_status,
                                                                   GINT_TO_POINTER (SLUICE_STATUS_PENDING));
    g_autofree char *failed_list = sluice_status_report_list_versions (report, has_status,
                                                                      GINT_TO_POINTER (SLUICE_STATUS_FAILED));
    g_autofree char *retried = sluice_status_report_list_versions (report, is_retry, NULL);
    g_autofree char *none = sluice_status_report_list_versions (report, keep_none, NULL);

    g_assert_cmpstr (runnable, ==, "0004, 0008");
    g_assert_cmpstr (failed_list, ==, "0003");
    /* Sluice's own failed attempt left it unrecorded: the next run takes it again. */
    g_assert_cmpstr (retried, ==, "0003");
    g_assert_null (none);
  }
}

/* Checksums by another rule than the folder's are not compared. */
static void
test_no_drift_across_rules (void)
{
  g_autoptr(GListStore) folder = g_list_store_new (SLUICE_TYPE_MIGRATION);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  const char * const expected[] = { "0001:applied", "0002:applied", NULL };

  add_migration (folder, SLUICE_MIGRATION_FORMAT_SLUICE, "0001", NULL, "sha-of-file");
  add_migration (folder, SLUICE_MIGRATION_FORMAT_SLUICE, "0002", NULL, NULL);
  add_entry (entries, "0001", "crc-of-other-tool", SLUICE_HISTORY_APPLIED, 0);
  add_entry (entries, "0002", "something", SLUICE_HISTORY_APPLIED, 1);

  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_FLYWAY, entries);
  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder),
                                                     SLUICE_MIGRATION_FORMAT_SLUICE, history);
  assert_items (report, expected);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_DRIFT), ==, 0);
}

/* golang-migrate's single row: the current version, dirty; all below applied. */
static void
test_golang_migrate_dirty (void)
{
  g_autoptr(GListStore) folder = g_list_store_new (SLUICE_TYPE_MIGRATION);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  SluiceHistoryEntry *row;
  const SluiceMigrationFormat f = SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE;
  const char * const expected[] = {
    "000001:applied", "000002:applied", "000003:failed", "000004:pending", NULL
  };

  add_migration (folder, f, "000001", "1", NULL);
  add_migration (folder, f, "000002", "2", NULL);
  add_migration (folder, f, "000003", "3", NULL);
  add_migration (folder, f, "000004", "4", NULL);
  row = add_entry (entries, "3", NULL, SLUICE_HISTORY_DIRTY, 0);
  sluice_history_entry_set_applied_at (row, NULL);
  _sluice_history_entry_set_covers_lower (row, TRUE);

  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_GOLANG_MIGRATE, entries);
  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder), f, history);

  assert_items (report, expected);
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "000002");
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, 1);
  g_assert_null (sluice_status_item_get_entry (item_at (report, 0)));
  g_assert_true (sluice_status_item_get_entry (item_at (report, 2)) == row);
  /* No time recorded anywhere: the last change is the highest rank. */
  g_assert_true (sluice_status_report_get_last_change (report) == row);
}

/* Flyway: a changed repeatable is pending again, a baseline row is no
 * migration but covers what is below it, a failed row fails, and a re-run
 * repeatable counts by its latest row. */
static void
test_flyway_rules (void)
{
  g_autoptr(GListStore) folder = g_list_store_new (SLUICE_TYPE_MIGRATION);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  SluiceMigration *views;
  SluiceMigration *grants;
  SluiceHistoryEntry *entry;
  const SluiceMigrationFormat f = SLUICE_MIGRATION_FORMAT_FLYWAY;
  const char * const expected[] = {
    "1:applied", "2.1:drift", "2.2:failed", "3:pending", "views:pending", "grants:applied", NULL
  };

  add_migration (folder, f, "1", NULL, "-1001");
  add_migration (folder, f, "2.1", NULL, "-1021");
  add_migration (folder, f, "2.2", NULL, "1022");
  add_migration (folder, f, "3", NULL, "1003");
  views = add_migration (folder, f, "views", "views", "555");
  sluice_migration_set_kind (views, SLUICE_MIGRATION_REPEATABLE);
  grants = add_migration (folder, f, "grants", "grants", "777");
  sluice_migration_set_kind (grants, SLUICE_MIGRATION_REPEATABLE);

  entry = add_entry (entries, "2", NULL, SLUICE_HISTORY_APPLIED, 0);
  sluice_history_entry_set_name (entry, "<< Flyway Baseline >>");
  _sluice_history_entry_set_covers_lower (entry, TRUE);
  _sluice_history_entry_set_marker (entry, TRUE);
  add_entry (entries, "2.1", "987", SLUICE_HISTORY_APPLIED, 1);
  add_entry (entries, "2.2", "1022", SLUICE_HISTORY_FAILED, 2);
  entry = add_entry (entries, "views", "444", SLUICE_HISTORY_APPLIED, 3);
  _sluice_history_entry_set_repeatable (entry, TRUE);
  entry = add_entry (entries, "grants", "111", SLUICE_HISTORY_APPLIED, 4);
  _sluice_history_entry_set_repeatable (entry, TRUE);
  entry = add_entry (entries, "grants", "777", SLUICE_HISTORY_APPLIED, 5);
  _sluice_history_entry_set_repeatable (entry, TRUE);

  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_FLYWAY, entries);
  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder), f, history);

  assert_items (report, expected);
  /* Repeatables are no version. */
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "2.1");
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, 2);
  g_assert_true (sluice_status_item_get_entry (item_at (report, 5)) == entry);
  g_assert_true (sluice_history_find (history, "grants") == entry);
}

static SluiceMigration *
add_flyway_baseline (GListStore *folder,
                     const char *version,
                     const char *checksum)
{
  SluiceMigration *migration = add_migration (folder, SLUICE_MIGRATION_FORMAT_FLYWAY, version, version, checksum);

  sluice_migration_set_kind (migration, SLUICE_MIGRATION_BASELINE);
  return migration;
}

static SluiceHistoryEntry *
add_flyway_baseline_row (GPtrArray  *entries,
                         const char *version,
                         const char *checksum,
                         guint       rank)
{
  SluiceHistoryEntry *entry = add_entry (entries, version, checksum, SLUICE_HISTORY_APPLIED, rank);

  /* As sluice-history-flyway.c reads a SQL_BASELINE row. */
  _sluice_history_entry_set_covers_lower (entry, TRUE);
  _sluice_history_entry_set_baseline (entry, TRUE);
  return entry;
}

/* Flyway: B2__x.sql and V2__y.sql share the key "2"; the row's type says
 * which one it records.  A database built by the baseline migration has
 * V1 and V2 below it (Flyway never runs them there); one built by V1 and
 * V2 never runs the baseline migration. */
static void
test_flyway_baseline_migration (void)
{
  const SluiceMigrationFormat f = SLUICE_MIGRATION_FORMAT_FLYWAY;
  const char * const from_baseline[] = { "1:applied", "2:applied", "2:applied", "3:pending", NULL };
  const char * const from_versions[] = { "1:applied", "2:applied", "2:applied", "3:applied", NULL };
  g_autoptr(GListStore) folder = g_list_store_new (SLUICE_TYPE_MIGRATION);
  g_autoptr(GPtrArray) baseline_rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) versioned_rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  SluiceMigration *baseline;
  SluiceMigration *v2;
  SluiceHistoryEntry *baseline_row;
  SluiceHistoryEntry *v2_row;

  /* In the folder's order: a baseline before the V file of its version. */
  add_migration (folder, f, "1", "1", "101");
  baseline = add_flyway_baseline (folder, "2", "-500");
  v2 = add_migration (folder, f, "2", "2", "102");
  add_migration (folder, f, "3", "3", "103");

  /* A new database: flyway migrate ran B2, then nothing yet. */
  baseline_row = add_flyway_baseline_row (baseline_rows, "2", "-500", 1);
  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_FLYWAY, baseline_rows);
  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder), f, history);

  assert_items (report, from_baseline);
  g_assert_true (sluice_status_item_get_migration (item_at (report, 1)) == baseline);
  g_assert_true (sluice_status_item_get_entry (item_at (report, 1)) == baseline_row);
  /* V2 lies under the baseline: applied, with no row of its own. */
  g_assert_true (sluice_status_item_get_migration (item_at (report, 2)) == v2);
  g_assert_null (sluice_status_item_get_entry (item_at (report, 2)));
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_DRIFT), ==, 0);
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, 1);
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "2");
  g_clear_object (&report);
  g_clear_object (&history);

  /* An older database: V1, V2 and V3 ran, one by one. */
  add_entry (versioned_rows, "1", "101", SLUICE_HISTORY_APPLIED, 1);
  v2_row = add_entry (versioned_rows, "2", "102", SLUICE_HISTORY_APPLIED, 2);
  add_entry (versioned_rows, "3", "103", SLUICE_HISTORY_APPLIED, 3);
  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_FLYWAY, versioned_rows);
  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder), f, history);

  assert_items (report, from_versions);
  g_assert_true (sluice_status_item_get_migration (item_at (report, 1)) == baseline);
  g_assert_null (sluice_status_item_get_entry (item_at (report, 1)));
  g_assert_true (sluice_status_item_get_entry (item_at (report, 2)) == v2_row);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_DRIFT), ==, 0);
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, 0);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_MISSING), ==, 0);
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "3");
}

/* Sqitch: a change reworked in the plan.  Deployed in both forms, the
 * registry's earlier row is keyed name@tag as the folder's (see
 * sluice-history-sqitch.c).  Deployed only in its earlier form, the one
 * row has the bare name, yet records the earlier form: its script hash
 * says so, and the reworked form is pending, not drifted. */
static void
test_sqitch_rework_half_deployed (void)
{
  const SluiceMigrationFormat f = SLUICE_MIGRATION_FORMAT_SQITCH;
  const char * const expected[] = {
    "orders:applied", "order_totals@v1.1:applied", "order_totals:pending", "orders_idx:pending", NULL
  };
  g_autoptr(GListStore) folder = g_list_store_new (SLUICE_TYPE_MIGRATION);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  SluiceHistoryEntry *row;

  add_migration (folder, f, "orders", "orders", "h1");
  add_migration (folder, f, "order_totals@v1.1", "order_totals@v1.1", "h2");
  add_migration (folder, f, "order_totals", "order_totals", "h3");
  add_migration (folder, f, "orders_idx", "orders_idx", "h4");
  add_entry (entries, "orders", "h1", SLUICE_HISTORY_APPLIED, 0);
  row = add_entry (entries, "order_totals", "h2", SLUICE_HISTORY_APPLIED, 1);

  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_SQITCH, entries);
  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder), f, history);

  assert_items (report, expected);
  g_assert_true (sluice_status_item_get_entry (item_at (report, 1)) == row);
  g_assert_null (sluice_status_item_get_entry (item_at (report, 2)));
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_MISSING), ==, 0);
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, 2);
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "order_totals@v1.1");
}

/* Tools without ranks: applied_at tells the order; a rolled-back Prisma
 * row counts as failed. */
static void
test_order_by_time_and_rolled_back (void)
{
  g_autoptr(GListStore) folder = g_list_store_new (SLUICE_TYPE_MIGRATION);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  SluiceHistoryEntry *entry;
  g_autoptr(GDateTime) early = minute (1);
  g_autoptr(GDateTime) late = minute (30);
  const SluiceMigrationFormat f = SLUICE_MIGRATION_FORMAT_PLAIN;
  const char * const expected[] = {
    "10:applied", "11:out_of_order", "12:applied", "13:failed", NULL
  };

  add_migration (folder, f, "10", NULL, NULL);
  add_migration (folder, f, "11", NULL, NULL);
  add_migration (folder, f, "12", NULL, NULL);
  add_migration (folder, f, "13", NULL, NULL);
  add_entry (entries, "10", NULL, SLUICE_HISTORY_APPLIED, 0);
  entry = add_entry (entries, "11", NULL, SLUICE_HISTORY_APPLIED, 0);
  sluice_history_entry_set_applied_at (entry, late);
  entry = add_entry (entries, "12", NULL, SLUICE_HISTORY_APPLIED, 0);
  sluice_history_entry_set_applied_at (entry, early);
  add_entry (entries, "13", NULL, SLUICE_HISTORY_ROLLED_BACK, 0);

  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_HAND_ROLLED, entries);
  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder), f, history);

  assert_items (report, expected);
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "12");
  g_assert_cmpstr (sluice_history_entry_get_key (sluice_status_report_get_last_change (report)), ==, "11");
}

/* Without a folder every entry is an item, in version order, never
 * missing; 9 was applied after 10. */
static void
test_no_folder (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  const char * const expected[] = { "9:out_of_order", "10:applied", "11:failed", NULL };

  add_entry (entries, "10", NULL, SLUICE_HISTORY_APPLIED, 0);
  add_entry (entries, "9", NULL, SLUICE_HISTORY_APPLIED, 1);
  add_entry (entries, "11", NULL, SLUICE_HISTORY_FAILED, 2);

  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_HAND_ROLLED, entries);
  report = sluice_status_report_new (NULL, history);

  assert_items (report, expected);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_MISSING), ==, 0);
  g_assert_null (sluice_status_item_get_migration (item_at (report, 0)));
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "10");
}

/* Nothing applied: all pending, no current version, no last change. */
static void
test_empty_history (void)
{
  g_autoptr(GListStore) folder = g_list_store_new (SLUICE_TYPE_MIGRATION);
  g_autoptr(SluiceHistory) history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_NONE, NULL);
  g_autoptr(SluiceStatusReport) report = NULL;
  const char * const expected[] = { "0001:pending", "0002:pending", NULL };

  add_migration (folder, SLUICE_MIGRATION_FORMAT_SLUICE, "0001", NULL, "a");
  add_migration (folder, SLUICE_MIGRATION_FORMAT_SLUICE, "0002", NULL, "b");

  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder),
                                                     SLUICE_MIGRATION_FORMAT_SLUICE, history);
  assert_items (report, expected);
  g_assert_null (sluice_status_report_get_current_version (report));
  g_assert_null (sluice_status_report_get_last_change (report));
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, 2);
}

/* Sqitch's keys are change names: missing ones go last, the plan order
 * (not name order) tells what is out of order. */
static void
test_sqitch_plan_order (void)
{
  g_autoptr(GListStore) folder = g_list_store_new (SLUICE_TYPE_MIGRATION);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  const SluiceMigrationFormat f = SLUICE_MIGRATION_FORMAT_SQITCH;
  const char * const expected[] = {
    "users:applied", "appschema:applied", "flips:pending", "dropped:missing", NULL
  };

  add_migration (folder, f, "users", NULL, "h1");
  add_migration (folder, f, "appschema", NULL, "h2");
  add_migration (folder, f, "flips", NULL, "h3");
  add_entry (entries, "users", "h1", SLUICE_HISTORY_APPLIED, 0);
  add_entry (entries, "dropped", "h9", SLUICE_HISTORY_APPLIED, 1);
  add_entry (entries, "appschema", "h2", SLUICE_HISTORY_APPLIED, 2);

  history = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_SQITCH, entries);
  report = _sluice_status_report_new_for_migrations (G_LIST_MODEL (folder), f, history);

  assert_items (report, expected);
  /* Change names have no order of their own: the latest deployed counts. */
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "appschema");
}

static void
test_names (void)
{
  const char * const names[] = { "applied", "pending", "missing", "drift", "failed", "out_of_order" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (sluice_migration_status_to_string (i), ==, names[i]);
      g_assert_nonnull (sluice_migration_status_get_label (i));
    }
  g_assert_cmpstr (sluice_history_tool_to_string (SLUICE_HISTORY_TOOL_GOLANG_MIGRATE), ==, "golang-migrate");
  g_assert_cmpstr (sluice_history_tool_to_string (SLUICE_HISTORY_TOOL_HAND_ROLLED), ==, "hand-rolled");
  g_assert_cmpint (sluice_history_tool_get_format (SLUICE_HISTORY_TOOL_DBMATE), ==, SLUICE_MIGRATION_FORMAT_DBMATE);
  g_assert_cmpint (sluice_history_tool_get_format (SLUICE_HISTORY_TOOL_PRISMA), ==, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_nonnull (strstr (sluice_history_schema_sql (), "CREATE TABLE IF NOT EXISTS sluice.run_log"));
}

/* Whole phrases with their plural forms, for the app and the CLI alike. */
static void
test_describe_count (void)
{
  static const struct {
    SluiceMigrationStatus status;
    guint count;
    const char *expected;
  } cases[] = {
    { SLUICE_STATUS_APPLIED, 11, "11 applied" },
    { SLUICE_STATUS_PENDING, 1, "1 pending" },
    { SLUICE_STATUS_MISSING, 2, "2 missing" },
    { SLUICE_STATUS_DRIFT, 1, "1 drifted" },
    { SLUICE_STATUS_FAILED, 0, "0 failed" },
    { SLUICE_STATUS_OUT_OF_ORDER, 3, "3 out of order" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sluice_status_describe_count (cases[i].status, cases[i].count);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status/every-status", test_every_status);
  g_test_add_func ("/status/no-drift-across-rules", test_no_drift_across_rules);
  g_test_add_func ("/status/golang-migrate-dirty", test_golang_migrate_dirty);
  g_test_add_func ("/status/flyway-rules", test_flyway_rules);
  g_test_add_func ("/status/flyway-baseline-migration", test_flyway_baseline_migration);
  g_test_add_func ("/status/sqitch-rework-half-deployed", test_sqitch_rework_half_deployed);
  g_test_add_func ("/status/order-by-time-and-rolled-back", test_order_by_time_and_rolled_back);
  g_test_add_func ("/status/no-folder", test_no_folder);
  g_test_add_func ("/status/empty-history", test_empty_history);
  g_test_add_func ("/status/sqitch-plan-order", test_sqitch_plan_order);
  g_test_add_func ("/status/names", test_names);
  g_test_add_func ("/status/describe-count", test_describe_count);

  return g_test_run ();
}
