/* sluice-history-flyway.c: reading flyway_schema_history
 *
 * One row per attempt, ordered by installed_rank.  Versioned migrations
 * are known by their version, repeatables (version NULL) by their
 * description, so a re-run repeatable has several rows: the last one
 * counts.  The rank is installed_rank - 1 (0-based, Flyway's own order).
 * Rows that are not migrations are left out (SCHEMA: Flyway created the
 * schema), UNDO and DELETE rows take back the rows before them for the
 * same version, and a BASELINE row stands for every lower version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-history-private.h"

static GStrv
build_statements (const SluiceHistoryProbe *probe,
                  SluiceHistoryTool         tool)
{
  g_autoptr(GStrvBuilder) statements = g_strv_builder_new ();

  /* installed_on is a timestamp without time zone, written with the
   * session's now(): read it in the server's time zone. */
  g_strv_builder_add (statements,
                      "SELECT installed_rank, version, description, type, script,"
                      "       checksum::text AS checksum, installed_by,"
                      "       " SLUICE_HISTORY_ISO_UTC ("installed_on::timestamptz") " AS installed_on,"
                      "       execution_time, success"
                      "  FROM flyway_schema_history"
                      " ORDER BY installed_rank");

  return g_strv_builder_end (statements);
}

/* Removes the entries before for @key: an undo or delete row took them back. */
static void
take_back (GPtrArray  *entries,
           const char *key)
{
  for (guint i = entries->len; i > 0; i--)
    if (g_strcmp0 (sluice_history_entry_get_key (g_ptr_array_index (entries, i - 1)), key) == 0)
      g_ptr_array_remove_index (entries, i - 1);
}

static SluiceHistoryEntry *
entry_from_row (SluiceResult *result,
                int           row)
{
  const char *version = sluice_result_get_value (result, row, 1);
  const char *description = sluice_result_get_value (result, row, 2);
  const char *type = sluice_result_get_value (result, row, 3);
  g_autoptr(GDateTime) installed_on = _sluice_history_parse_timestamp (sluice_result_get_value (result, row, 7));
  SluiceHistoryEntry *entry = sluice_history_entry_new (version != NULL ? version : description);
  gint64 installed_rank = sluice_result_get_int64 (result, row, 0);

  sluice_history_entry_set_version (entry, version);
  sluice_history_entry_set_name (entry, description);
  sluice_history_entry_set_checksum (entry, sluice_result_get_value (result, row, 5));
  sluice_history_entry_set_applied_by (entry, sluice_result_get_value (result, row, 6));
  sluice_history_entry_set_applied_at (entry, installed_on);
  sluice_history_entry_set_execution_ms (entry, _sluice_history_result_int64_or (result, row, 8, -1));
  sluice_history_entry_set_rank (entry, (guint) CLAMP (installed_rank - 1, 0, G_MAXUINT));
  if (!sluice_result_get_boolean (result, row, 9))
    sluice_history_entry_set_state (entry, SLUICE_HISTORY_FAILED);

  _sluice_history_entry_set_repeatable (entry, version == NULL);
  if (g_strcmp0 (type, "BASELINE") == 0 || g_strcmp0 (type, "SQL_BASELINE") == 0)
    {
      _sluice_history_entry_set_covers_lower (entry, TRUE);
      _sluice_history_entry_set_baseline (entry, TRUE);
    }
  /* `flyway baseline` writes a row of its own; a baseline migration (B
   * prefix, SQL_BASELINE) is a file like any other. */
  _sluice_history_entry_set_marker (entry, g_strcmp0 (type, "BASELINE") == 0);

  return entry;
}

static gboolean
read_rows (const SluiceHistoryProbe *probe,
           SluiceHistoryTool         tool,
           GPtrArray                *results,
           SluiceHistoryRows        *rows,
           GError                  **error)
{
  static const char * const columns[] = {
    "installed_rank", "version", "description", "type", "script", "checksum",
    "installed_by", "installed_on", "execution_time", "success", NULL
  };
  SluiceResult *result = g_ptr_array_index (results, 0);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  if (!_sluice_history_check_columns (result, columns, error))
    return FALSE;

  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      const char *type = sluice_result_get_value (result, row, 3);
      const char *version = sluice_result_get_value (result, row, 1);
      const char *description = sluice_result_get_value (result, row, 2);

      if (g_strcmp0 (type, "SCHEMA") == 0)
        continue;

      if (type != NULL && (g_str_has_prefix (type, "UNDO") || g_str_equal (type, "DELETE")))
        {
          take_back (entries, version != NULL ? version : description);
          continue;
        }

      g_ptr_array_add (entries, entry_from_row (result, row));
    }

  _sluice_history_rows_add_entries (rows, entries, FALSE);
  return TRUE;
}

const SluiceHistoryReader _sluice_history_flyway_reader = {
  build_statements,
  read_rows,
};
