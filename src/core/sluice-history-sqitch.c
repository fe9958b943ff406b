/* sluice-history-sqitch.c: reading Sqitch's registry (sqitch.changes, sqitch.events)
 *
 * sqitch.changes lists what is deployed now; sqitch.events is the audit
 * trail (deploy, revert, fail, merge), which becomes the run log.  A change
 * whose latest event is a failure, and which is not deployed, becomes a
 * FAILED entry, as for Sluice's own run log.  Changes are known by name.
 * One registry may hold several projects: when the caller names one (the
 * %project of its sqitch.plan), only its rows are kept, else every
 * project's.  The rows are told apart here rather than in SQL, as the
 * statements go in a pipeline, which takes no parameters.
 *
 * A reworked change is deployed once per instance, each time under the
 * same name.  Sqitch tells the instances apart as "name@tag", the tag
 * being the first one planned at or after that instance (see
 * format_tag_qualified_name in App::Sqitch::Plan::Change), and the Sqitch
 * folder adapter keys the earlier instances so.  The registry records each
 * deployed tag in sqitch.tags with the change it is on: every row of a name
 * but its latest gets the first tag whose change was committed at or after
 * it, in its project.  The latest keeps the bare name, as in the plan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-history-private.h"

#define CHANGES_SELECT \
  "SELECT c.change, c.script_hash," \
  "       " SLUICE_HISTORY_ISO_UTC ("c.committed_at") " AS committed_at," \
  "       c.committer_name, c.note, c.change_id, c.project,"

/* Only the earlier instances of a name get a tag; the row_number() is
 * over the same order as the rows themselves. */
#define REWORK_TAG \
  "       CASE WHEN row_number() OVER (PARTITION BY c.project, c.change" \
  "                                    ORDER BY c.committed_at DESC, c.change_id DESC) > 1" \
  "            THEN (SELECT t.tag FROM sqitch.tags t" \
  "                    JOIN sqitch.changes tagged ON tagged.change_id = t.change_id" \
  "                   WHERE t.project = c.project AND tagged.committed_at >= c.committed_at" \
  "                   ORDER BY tagged.committed_at, t.committed_at, t.tag" \
  "                   LIMIT 1)" \
  "       END AS rework_tag"

#define CHANGES_FROM \
  "  FROM sqitch.changes c" \
  " ORDER BY c.committed_at, c.change_id"

/* Without sqitch.tags (an old or a partly readable registry), reworked
 * changes keep their bare name and the latest row of a name counts. */
#define CHANGES_SQL           CHANGES_SELECT REWORK_TAG CHANGES_FROM
#define CHANGES_SQL_NO_TAGS   CHANGES_SELECT " NULL::text AS rework_tag" CHANGES_FROM

#define EVENTS_SQL \
  "SELECT event, change," \
  "       " SLUICE_HISTORY_ISO_UTC ("committed_at") " AS committed_at," \
  "       committer_name, note, change_id, project" \
  "  FROM sqitch.events" \
  " ORDER BY committed_at, change_id"

enum { CHANGE_NAME, CHANGE_HASH, CHANGE_AT, CHANGE_BY, CHANGE_NOTE, CHANGE_ID, CHANGE_PROJECT,
       CHANGE_REWORK_TAG };
enum { EVENT_KIND, EVENT_NAME, EVENT_AT, EVENT_BY, EVENT_NOTE, EVENT_CHANGE_ID, EVENT_PROJECT };

/* Whether row @row of @result, whose project is in @column, belongs to the
 * project asked for. */
static gboolean
is_wanted (const SluiceHistoryProbe *probe,
           SluiceResult             *result,
           int                       row,
           int                       column)
{
  return probe->project == NULL ||
         g_strcmp0 (sluice_result_get_value (result, row, column), probe->project) == 0;
}

static GStrv
build_statements (const SluiceHistoryProbe *probe,
                  SluiceHistoryTool         tool)
{
  g_autoptr(GStrvBuilder) statements = g_strv_builder_new ();

  g_strv_builder_add (statements, probe->sqitch_tags == SLUICE_TABLE_READABLE ? CHANGES_SQL
                                                                               : CHANGES_SQL_NO_TAGS);
  if (probe->sqitch_events == SLUICE_TABLE_READABLE)
    g_strv_builder_add (statements, EVENTS_SQL);

  return g_strv_builder_end (statements);
}

static SluiceHistoryEntry *
new_entry (const char *key,
           const char *change,
           GDateTime  *committed_at,
           const char *committer)
{
  SluiceHistoryEntry *entry = sluice_history_entry_new (key);

  sluice_history_entry_set_name (entry, change);
  sluice_history_entry_set_applied_at (entry, committed_at);
  sluice_history_entry_set_applied_by (entry, committer);

  return entry;
}

/* The key of the change an event is about: that of its deployed row (so a
 * reworked change's events go with the right instance), else its name. */
static const char *
event_key (SluiceResult *events,
           int           row,
           GHashTable   *keys_by_id)
{
  const char *key = g_hash_table_lookup (keys_by_id, sluice_result_get_value (events, row, EVENT_CHANGE_ID));

  return key != NULL ? key : sluice_result_get_value (events, row, EVENT_NAME);
}

static SluiceRunRecord *
record_from_event (SluiceResult *events,
                   int           row,
                   const char   *key,
                   GDateTime    *committed_at)
{
  const char *event = sluice_result_get_value (events, row, EVENT_KIND);
  SluiceRunRecord *record = sluice_run_record_new (key, event);

  /* An event is recorded once done: it starts and ends at one instant. */
  g_object_set (record,
                "name", sluice_result_get_value (events, row, EVENT_NAME),
                "started-at", committed_at,
                "finished-at", committed_at,
                "success", g_strcmp0 (event, "fail") != 0,
                "actor", sluice_result_get_value (events, row, EVENT_BY),
                "note", sluice_result_get_value (events, row, EVENT_NOTE),
                NULL);

  return record;
}

/* The run log, and a FAILED entry per undeployed change whose last event failed. */
static void
read_events (const SluiceHistoryProbe *probe,
             SluiceResult             *events,
             GHashTable               *keys_by_id,
             GHashTable               *deployed,
             GPtrArray                *entries,
             SluiceHistoryRows        *rows)
{
  g_autoptr(GHashTable) last_event = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (int row = 0; row < sluice_result_get_n_rows (events); row++)
    {
      g_autoptr(GDateTime) committed_at = NULL;
      g_autoptr(SluiceRunRecord) record = NULL;
      const char *key;

      if (!is_wanted (probe, events, row, EVENT_PROJECT))
        continue;

      committed_at = _sluice_history_parse_timestamp (sluice_result_get_value (events, row, EVENT_AT));
      key = event_key (events, row, keys_by_id);
      record = record_from_event (events, row, key, committed_at);

      g_list_store_append (rows->run_log, record);
      if (!g_hash_table_contains (last_event, key))
        g_ptr_array_add (order, (gpointer) key);
      g_hash_table_insert (last_event, (gpointer) key, GINT_TO_POINTER (row + 1));
    }

  for (guint i = 0; i < order->len; i++)
    {
      const char *key = g_ptr_array_index (order, i);
      int row = GPOINTER_TO_INT (g_hash_table_lookup (last_event, key)) - 1;
      g_autoptr(GDateTime) committed_at = NULL;
      SluiceHistoryEntry *entry;

      if (g_hash_table_contains (deployed, key) ||
          g_strcmp0 (sluice_result_get_value (events, row, EVENT_KIND), "fail") != 0)
        continue;

      committed_at = _sluice_history_parse_timestamp (sluice_result_get_value (events, row, EVENT_AT));
      entry = new_entry (key, sluice_result_get_value (events, row, EVENT_NAME), committed_at,
                         sluice_result_get_value (events, row, EVENT_BY));
      sluice_history_entry_set_state (entry, SLUICE_HISTORY_FAILED);
      sluice_history_entry_set_log (entry, sluice_result_get_value (events, row, EVENT_NOTE));
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
  /* change_id -> key, and the keys deployed; the keys belong to the entries. */
  g_autoptr(GHashTable) keys_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) deployed = g_hash_table_new (g_str_hash, g_str_equal);

  for (int row = 0; row < sluice_result_get_n_rows (changes); row++)
    {
      g_autoptr(GDateTime) committed_at = NULL;
      const char *change = sluice_result_get_value (changes, row, CHANGE_NAME);
      const char *rework_tag = sluice_result_get_value (changes, row, CHANGE_REWORK_TAG);
      g_autofree char *key = NULL;
      SluiceHistoryEntry *entry;

      /* The rework tags are worked out per project (the window and the
       * tags both go by it): skipping other projects' rows changes none. */
      if (!is_wanted (probe, changes, row, CHANGE_PROJECT))
        continue;

      committed_at = _sluice_history_parse_timestamp (sluice_result_get_value (changes, row, CHANGE_AT));
      /* sqitch.tags.tag holds the '@': "@v1.1". */
      key = rework_tag != NULL ? g_strconcat (change, rework_tag, NULL) : g_strdup (change);
      entry = new_entry (key, change, committed_at, sluice_result_get_value (changes, row, CHANGE_BY));
      sluice_history_entry_set_checksum (entry, sluice_result_get_value (changes, row, CHANGE_HASH));
      g_ptr_array_add (entries, entry);

      g_hash_table_insert (keys_by_id, (gpointer) sluice_result_get_value (changes, row, CHANGE_ID),
                           (gpointer) sluice_history_entry_get_key (entry));
      g_hash_table_add (deployed, (gpointer) sluice_history_entry_get_key (entry));
    }

  if (results->len > 1)
    {
      read_events (probe, g_ptr_array_index (results, 1), keys_by_id, deployed, entries, rows);
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
