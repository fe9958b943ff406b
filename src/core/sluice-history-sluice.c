/* sluice-history-sluice.c: reading Sluice's own sluice.migrations and sluice.run_log
 *
 * sluice.migrations holds what is applied.  A migration whose latest
 * attempt in the run log failed, and which is not applied, is an entry too
 * (FAILED, with the error as its log): that is what a DBA needs to see.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-history-private.h"

#define APPLIED_SQL \
  "SELECT version, name, checksum, applied_by," \
  "       " SLUICE_HISTORY_ISO_UTC ("applied_at") " AS applied_at," \
  "       execution_ms, NULL::text AS error, applied_at AS sort_at" \
  "  FROM sluice.migrations"

/* The latest 'up' attempt of each version, when it failed and left the
 * version unapplied. */
#define FAILED_SQL \
  "SELECT version, name, NULL::text, actor," \
  "       " SLUICE_HISTORY_ISO_UTC ("started_at") "," \
  "       NULL::bigint, coalesce(error, ''), started_at" \
  "  FROM (SELECT DISTINCT ON (version) *" \
  "          FROM sluice.run_log WHERE direction = 'up'" \
  "         ORDER BY version, started_at DESC, id DESC) AS latest" \
  " WHERE success IS NOT TRUE" \
  "   AND NOT EXISTS (SELECT 1 FROM sluice.migrations m WHERE m.version = latest.version)"

#define RUN_LOG_SQL \
  "SELECT version, name, direction," \
  "       " SLUICE_HISTORY_ISO_UTC ("started_at") " AS started_at," \
  "       " SLUICE_HISTORY_ISO_UTC ("finished_at") " AS finished_at," \
  "       success, error, sqlstate, actor, statements_done, statements_total, note" \
  "  FROM sluice.run_log" \
  " ORDER BY started_at, id"

static GStrv
build_statements (const SluiceHistoryProbe *probe,
                  SluiceHistoryTool         tool)
{
  g_autoptr(GStrvBuilder) statements = g_strv_builder_new ();

  if (probe->sluice_run_log == SLUICE_TABLE_READABLE)
    {
      g_strv_builder_add (statements, APPLIED_SQL " UNION ALL " FAILED_SQL " ORDER BY 8, 1");
      g_strv_builder_add (statements, RUN_LOG_SQL);
    }
  else
    g_strv_builder_add (statements, APPLIED_SQL " ORDER BY 8, 1");

  return g_strv_builder_end (statements);
}

static SluiceHistoryEntry *
entry_from_row (SluiceResult *result,
                int           row)
{
  SluiceHistoryEntry *entry = sluice_history_entry_new (sluice_result_get_value (result, row, 0));
  g_autoptr(GDateTime) applied_at = _sluice_history_parse_timestamp (sluice_result_get_value (result, row, 4));
  const char *error = sluice_result_get_value (result, row, 6);

  sluice_history_entry_set_version (entry, sluice_result_get_value (result, row, 0));
  sluice_history_entry_set_name (entry, sluice_result_get_value (result, row, 1));
  sluice_history_entry_set_checksum (entry, sluice_result_get_value (result, row, 2));
  sluice_history_entry_set_applied_by (entry, sluice_result_get_value (result, row, 3));
  sluice_history_entry_set_applied_at (entry, applied_at);
  sluice_history_entry_set_execution_ms (entry, _sluice_history_result_int64_or (result, row, 5, -1));

  if (error != NULL)
    {
      sluice_history_entry_set_state (entry, SLUICE_HISTORY_FAILED);
      sluice_history_entry_set_log (entry, *error != '\0' ? error : NULL);
    }

  return entry;
}

static int
int_or (SluiceResult *result,
        int           row,
        const char   *column,
        int           if_null)
{
  int index = sluice_result_get_column_index (result, column);

  return (int) _sluice_history_result_int64_or (result, row, index, if_null);
}

static SluiceRunRecord *
record_from_row (SluiceResult *result,
                 int           row)
{
  g_autoptr(GDateTime) started_at =
    _sluice_history_parse_timestamp (sluice_result_get_value_by_name (result, row, "started_at"));
  g_autoptr(GDateTime) finished_at =
    _sluice_history_parse_timestamp (sluice_result_get_value_by_name (result, row, "finished_at"));
  SluiceRunRecord *record =
    sluice_run_record_new (sluice_result_get_value_by_name (result, row, "version"),
                           sluice_result_get_value_by_name (result, row, "direction"));

  g_object_set (record,
                "name", sluice_result_get_value_by_name (result, row, "name"),
                "started-at", started_at,
                "finished-at", finished_at,
                "success", g_strcmp0 (sluice_result_get_value_by_name (result, row, "success"), "t") == 0,
                "error", sluice_result_get_value_by_name (result, row, "error"),
                "sqlstate", sluice_result_get_value_by_name (result, row, "sqlstate"),
                "actor", sluice_result_get_value_by_name (result, row, "actor"),
                "statements-done", int_or (result, row, "statements_done", -1),
                "statements-total", int_or (result, row, "statements_total", -1),
                "note", sluice_result_get_value_by_name (result, row, "note"),
                NULL);

  return record;
}

static gboolean
read_rows (const SluiceHistoryProbe *probe,
           SluiceHistoryTool         tool,
           GPtrArray                *results,
           SluiceHistoryRows        *rows,
           GError                  **error)
{
  static const char * const run_log_columns[] = {
    "version", "name", "direction", "started_at", "finished_at", "success", "error",
    "sqlstate", "actor", "statements_done", "statements_total", "note", NULL
  };
  SluiceResult *applied = g_ptr_array_index (results, 0);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (int row = 0; row < sluice_result_get_n_rows (applied); row++)
    g_ptr_array_add (entries, entry_from_row (applied, row));
  _sluice_history_rows_add_entries (rows, entries, TRUE);

  if (results->len > 1)
    {
      SluiceResult *log = g_ptr_array_index (results, 1);

      if (!_sluice_history_check_columns (log, run_log_columns, error))
        return FALSE;

      for (int row = 0; row < sluice_result_get_n_rows (log); row++)
        {
          g_autoptr(SluiceRunRecord) record = record_from_row (log, row);

          g_list_store_append (rows->run_log, record);
        }
    }

  return TRUE;
}

const SluiceHistoryReader _sluice_history_sluice_reader = {
  build_statements,
  read_rows,
};
