/* sluice-history-prisma.c: reading _prisma_migrations
 *
 * One row per attempt, known by migration_name ("20240102030405_name").  A
 * row neither finished nor rolled back is a migration that failed; one with
 * rolled_back_at was marked rolled back (`prisma migrate resolve
 * --rolled-back`).  The time it was applied is finished_at, else started_at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-history-private.h"

static GStrv
build_statements (const SluiceHistoryProbe *probe,
                  SluiceHistoryTool         tool)
{
  g_autoptr(GStrvBuilder) statements = g_strv_builder_new ();

  g_strv_builder_add (statements,
                      "SELECT migration_name, checksum,"
                      "       " SLUICE_HISTORY_ISO_UTC ("started_at") " AS started_at,"
                      "       " SLUICE_HISTORY_ISO_UTC ("finished_at") " AS finished_at,"
                      "       rolled_back_at IS NOT NULL AS rolled_back,"
                      "       round(extract(epoch FROM finished_at - started_at) * 1000)::bigint AS ms,"
                      "       logs"
                      "  FROM _prisma_migrations"
                      " ORDER BY started_at, migration_name");

  return g_strv_builder_end (statements);
}

/* "20240102030405_add_users": version "20240102030405", name "add_users". */
static void
set_version_and_name (SluiceHistoryEntry *entry,
                      const char         *migration_name)
{
  const char *underscore = strchr (migration_name, '_');
  g_autofree char *version = NULL;

  if (underscore == NULL || underscore == migration_name)
    return;

  version = g_strndup (migration_name, underscore - migration_name);
  for (const char *p = version; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return;

  sluice_history_entry_set_version (entry, version);
  sluice_history_entry_set_name (entry, underscore + 1);
}

static SluiceHistoryEntry *
entry_from_row (SluiceResult *result,
                int           row)
{
  const char *migration_name = sluice_result_get_value (result, row, 0);
  g_autoptr(GDateTime) started_at = _sluice_history_parse_timestamp (sluice_result_get_value (result, row, 2));
  g_autoptr(GDateTime) finished_at = _sluice_history_parse_timestamp (sluice_result_get_value (result, row, 3));
  SluiceHistoryEntry *entry = sluice_history_entry_new (migration_name);

  set_version_and_name (entry, migration_name);
  sluice_history_entry_set_checksum (entry, sluice_result_get_value (result, row, 1));
  sluice_history_entry_set_applied_at (entry, finished_at != NULL ? finished_at : started_at);
  sluice_history_entry_set_execution_ms (entry, _sluice_history_result_int64_or (result, row, 5, -1));
  sluice_history_entry_set_log (entry, sluice_result_get_value (result, row, 6));

  if (sluice_result_get_boolean (result, row, 4))
    sluice_history_entry_set_state (entry, SLUICE_HISTORY_ROLLED_BACK);
  else if (finished_at == NULL)
    sluice_history_entry_set_state (entry, SLUICE_HISTORY_FAILED);

  return entry;
}

static gboolean
read_rows (const SluiceHistoryProbe *probe,
           SluiceHistoryTool         tool,
           GPtrArray                *results,
           SluiceHistoryRows        *rows,
           GError                  **error)
{
  SluiceResult *result = g_ptr_array_index (results, 0);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    g_ptr_array_add (entries, entry_from_row (result, row));

  _sluice_history_rows_add_entries (rows, entries, TRUE);
  return TRUE;
}

const SluiceHistoryReader _sluice_history_prisma_reader = {
  build_statements,
  read_rows,
};
