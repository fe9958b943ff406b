/* sluice-history-sqitch.c: reading Sqitch's registry (sqitch.changes, sqitch.events)
 *
 * sqitch.changes lists what is deployed now; sqitch.events is the audit
 * trail (deploy, revert, fail, merge), which becomes the run log.  A change
 * whose latest event is a failure, and which is not deployed, becomes a
 * FAILED entry, as for Sluice's own run log.  Changes are known by name;
 * with several projects in one registry, every project's changes are read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-history-private.h"

#define CHANGES_SQL \
  "SELECT change, script_hash," \
  "       " SLUICE_HISTORY_ISO_UTC ("committed_at") " AS committed_at," \
  "       committer_name, note" \
  "  FROM sqitch.changes" \
  " ORDER BY committed_at, change_id"

#define EVENTS_SQL \
  "SELECT event, change," \
  "       " SLUICE_HISTORY_ISO_UTC ("committed_at") " AS committed_at," \
  "       committer_name, note" \
  "  FROM sqitch.events" \
  " ORDER BY committed_at, change_id"

static GStrv
build_statements (const SluiceHistoryProbe *probe,
                  SluiceHistoryTool         tool)
{
  g_autoptr(GStrvBuilder) statements = g_strv_builder_new ();

  g_strv_builder_add (statements, CHANGES_SQL);
  if (probe->sqitch_events == SLUICE_TABLE_READABLE)
    g_strv_builder_add (statements, EVENTS_SQL);

  return g_strv_builder_end (statements);
}

static SluiceHistoryEntry *
new_entry (const char *change,
           GDateTime  *committed_at,
           const char *committer)
{
  SluiceHistoryEntry *entry = sluice_history_entry_new (change);

  sluice_history_entry_set_name (entry, change);
  sluice_history_entry_set_applied_at (entry, committed_at);
  sluice_history_entry_set_applied_by (entry, committer);

  return entry;
}

static SluiceRunRecord *
record_from_event (SluiceResult *events,
                   int           row,
                   GDateTime    *committed_at)
{
  const char *event = sluice_result_get_value (events, row, 0);
  SluiceRunRecord *record = sluice_run_record_new (sluice_result_get_value (events, row, 1), event);

  /* An event is recorded once done: it starts and ends at one instant. */
  g_object_set (record,
                "name", sluice_result_get_value (events, row, 1),
                "started-at", committed_at,
                "finished-at", committed_at,
                "success", g_strcmp0 (event, "fail") != 0,
                "actor", sluice_result_get_value (events, row, 3),
                "note", sluice_result_get_value (events, row, 4),
                NULL);

  return record;
}

/* The run log, and a FAILED entry per undeployed change whose last event failed. */
static void
read_events (SluiceResult      *events,
             GHashTable        *deployed,
             GPtrArray         *entries,
             SluiceHistoryRows *rows)
{
  g_autoptr(GHashTable) last_event = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (int row = 0; row < sluice_result_get_n_rows (events); row++)
    {
      g_autoptr(GDateTime) committed_at =
        _sluice_history_parse_timestamp (sluice_result_get_value (events, row, 2));
      g_autoptr(SluiceRunRecord) record = record_from_event (events, row, committed_at);
      const char *change = sluice_result_get_value (events, row, 1);

      g_list_store_append (rows->run_log, record);
      if (!g_hash_table_contains (last_event, change))
        g_ptr_array_add (order, (gpointer) change);
      g_hash_table_insert (last_event, (gpointer) change, GINT_TO_POINTER (row + 1));
    }

  for (guint i = 0; i < order->len; i++)
    {
      const char *change = g_ptr_array_index (order, i);
      int row = GPOINTER_TO_INT (g_hash_table_lookup (last_event, change)) - 1;
      g_autoptr(GDateTime) committed_at = NULL;
      SluiceHistoryEntry *entry;

      if (g_hash_table_contains (deployed, change) ||
          g_strcmp0 (sluice_result_get_value (events, row, 0), "fail") != 0)
        continue;

      committed_at = _sluice_history_parse_timestamp (sluice_result_get_value (events, row, 2));
      entry = new_entry (change, committed_at, sluice_result_get_value (events, row, 3));
      sluice_history_entry_set_state (entry, SLUICE_HISTORY_FAILED);
      sluice_history_entry_set_log (entry, sluice_result_get_value (events, row, 4));
      g_ptr_array_add (entries, entry);
    }
}

static int
compare_applied_at (gconstpointer a,
                    gconstpointer b)
{
  GDateTime *at_a = sluice_history_entry_get_applied_at (*(SluiceHistoryEntry **) a);
  GDateTime *at_b = sluice_history_entry_get_applied_at (*(SluiceHistoryEntry **) b);

  if (at_a == NULL || at_b == NULL)
    return (at_a == NULL) - (at_b == NULL);

  return g_date_time_compare (at_a, at_b);
}

static gboolean
read_rows (const SluiceHistoryProbe *probe,
           SluiceHistoryTool         tool,
           GPtrArray                *results,
           SluiceHistoryRows        *rows,
           GError                  **error)
{
  SluiceResult *changes = g_ptr_array_index (results, 0);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) deployed = g_hash_table_new (g_str_hash, g_str_equal);

  for (int row = 0; row < sluice_result_get_n_rows (changes); row++)
    {
      g_autoptr(GDateTime) committed_at =
        _sluice_history_parse_timestamp (sluice_result_get_value (changes, row, 2));
      const char *change = sluice_result_get_value (changes, row, 0);
      SluiceHistoryEntry *entry = new_entry (change, committed_at,
                                             sluice_result_get_value (changes, row, 3));

      sluice_history_entry_set_checksum (entry, sluice_result_get_value (changes, row, 1));
      g_ptr_array_add (entries, entry);
      g_hash_table_add (deployed, (gpointer) change);
    }

  if (results->len > 1)
    {
      read_events (g_ptr_array_index (results, 1), deployed, entries, rows);
      /* The failed ones go where they happened.  GLib's sort is stable. */
      g_ptr_array_sort (entries, compare_applied_at);
    }

  _sluice_history_rows_add_entries (rows, entries, TRUE);
  return TRUE;
}

const SluiceHistoryReader _sluice_history_sqitch_reader = {
  build_statements,
  read_rows,
};
