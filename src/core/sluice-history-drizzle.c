/* sluice-history-drizzle.c: reading drizzle.__drizzle_migrations
 *
 * Drizzle stores (id, hash, created_at): created_at is the journal's
 * "when" of the migration (epoch milliseconds), not the time it was
 * applied, so it is the join key and no applied time is known.  Nor is the
 * name: the journal's tag is not stored.
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

  g_strv_builder_add (statements,
                      "SELECT id, hash, created_at::text AS created_at"
                      "  FROM drizzle.__drizzle_migrations"
                      " ORDER BY id");

  return g_strv_builder_end (statements);
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
    {
      const char *hash = sluice_result_get_value (result, row, 1);
      const char *created_at = sluice_result_get_value (result, row, 2);
      SluiceHistoryEntry *entry;

      /* created_at is nullable; such a row cannot join any file, and
       * keyed by its hash it shows up as missing rather than vanishing. */
      entry = sluice_history_entry_new (created_at != NULL ? created_at : hash);
      sluice_history_entry_set_checksum (entry, hash);
      g_ptr_array_add (entries, entry);
    }

  _sluice_history_rows_add_entries (rows, entries, TRUE);
  return TRUE;
}

const SluiceHistoryReader _sluice_history_drizzle_reader = {
  build_statements,
  read_rows,
};
