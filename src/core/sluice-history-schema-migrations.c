/* sluice-history-schema-migrations.c: the schema_migrations of dbmate, Rails,
 * golang-migrate and hand-rolled runners
 *
 * dbmate and Rails keep one row per applied version and nothing else, so
 * no order of application is known: entries are ranked in version order.
 * golang-migrate keeps a single row, the current version (and whether it
 * failed part-way): every lower version is applied too.  Hand-rolled
 * runners add description, applied_at, applied_by, execution_time_ms and
 * checksum, or some of them; each is read only when it is there, and only
 * when its type can be read as expected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-history-private.h"

/* Column expressions are chosen from constants only. */
static const char *
column_or_null (const SluiceHistoryProbe *probe,
                const char               *column,
                const char               *categories,
                const char               *expression,
                const char               *null_expression)
{
  char category = _sluice_history_probe_column_category (probe, column);

  if (category == '\0' || (categories != NULL && strchr (categories, category) == NULL))
    return null_expression;

  return expression;
}

static char *
build_hand_rolled_select (const SluiceHistoryProbe *probe)
{
  return g_strconcat ("SELECT version::text AS version, ",
                      column_or_null (probe, "description", NULL,
                                      "description::text", "NULL::text"), " AS description, ",
                      column_or_null (probe, "applied_at", "D",
                                      SLUICE_HISTORY_ISO_UTC ("applied_at::timestamptz"),
                                      "NULL::text"), " AS applied_at, ",
                      column_or_null (probe, "applied_by", NULL,
                                      "applied_by::text", "NULL::text"), " AS applied_by, ",
                      column_or_null (probe, "execution_time_ms", "N",
                                      "round(execution_time_ms)::bigint", "NULL::bigint"),
                      " AS execution_time_ms, ",
                      column_or_null (probe, "checksum", NULL,
                                      "checksum::text", "NULL::text"), " AS checksum",
                      "  FROM schema_migrations",
                      NULL);
}

static GStrv
build_statements (const SluiceHistoryProbe *probe,
                  SluiceHistoryTool         tool)
{
  g_autoptr(GStrvBuilder) statements = g_strv_builder_new ();
  g_autofree char *hand_rolled = NULL;

  switch (tool)
    {
    case SLUICE_HISTORY_TOOL_GOLANG_MIGRATE:
      g_strv_builder_add (statements,
                          column_or_null (probe, "dirty", "B",
                                          "SELECT version::text AS version, dirty FROM schema_migrations",
                                          "SELECT version::text AS version, false AS dirty FROM schema_migrations"));
      break;

    case SLUICE_HISTORY_TOOL_HAND_ROLLED:
      hand_rolled = build_hand_rolled_select (probe);
      g_strv_builder_add (statements, hand_rolled);
      break;

    case SLUICE_HISTORY_TOOL_DBMATE:
    case SLUICE_HISTORY_TOOL_RAILS:
    default:
      g_strv_builder_add (statements, "SELECT version::text AS version FROM schema_migrations");
      break;
    }

  return g_strv_builder_end (statements);
}

/* Applied order where it is known, else version order. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  SluiceHistoryEntry *entry_a = *(SluiceHistoryEntry **) a;
  SluiceHistoryEntry *entry_b = *(SluiceHistoryEntry **) b;
  GDateTime *at_a = sluice_history_entry_get_applied_at (entry_a);
  GDateTime *at_b = sluice_history_entry_get_applied_at (entry_b);

  if (at_a != NULL && at_b != NULL && !g_date_time_equal (at_a, at_b))
    return g_date_time_compare (at_a, at_b);
  if ((at_a == NULL) != (at_b == NULL))
    return at_a == NULL ? 1 : -1;

  return sluice_version_compare (sluice_history_entry_get_version (entry_a),
                                 sluice_history_entry_get_version (entry_b));
}

static SluiceHistoryEntry *
hand_rolled_entry (SluiceResult *result,
                   int           row)
{
  SluiceHistoryEntry *entry = sluice_history_entry_new (sluice_result_get_value (result, row, 0));
  g_autoptr(GDateTime) applied_at = _sluice_history_parse_timestamp (sluice_result_get_value (result, row, 2));

  sluice_history_entry_set_name (entry, sluice_result_get_value (result, row, 1));
  sluice_history_entry_set_applied_at (entry, applied_at);
  sluice_history_entry_set_applied_by (entry, sluice_result_get_value (result, row, 3));
  sluice_history_entry_set_execution_ms (entry, _sluice_history_result_int64_or (result, row, 4, -1));
  sluice_history_entry_set_checksum (entry, sluice_result_get_value (result, row, 5));

  return entry;
}

static SluiceHistoryEntry *
golang_migrate_entry (SluiceResult *result,
                      int           row)
{
  SluiceHistoryEntry *entry = sluice_history_entry_new (sluice_result_get_value (result, row, 0));

  if (sluice_result_get_boolean (result, row, 1))
    sluice_history_entry_set_state (entry, SLUICE_HISTORY_DIRTY);
  _sluice_history_entry_set_covers_lower (entry, TRUE);

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
    {
      if (sluice_result_is_null (result, row, 0))
        continue;

      if (tool == SLUICE_HISTORY_TOOL_HAND_ROLLED)
        g_ptr_array_add (entries, hand_rolled_entry (result, row));
      else if (tool == SLUICE_HISTORY_TOOL_GOLANG_MIGRATE)
        g_ptr_array_add (entries, golang_migrate_entry (result, row));
      else
        g_ptr_array_add (entries, sluice_history_entry_new (sluice_result_get_value (result, row, 0)));
    }

  g_ptr_array_sort (entries, compare_entries);
  _sluice_history_rows_add_entries (rows, entries, TRUE);
  return TRUE;
}

const SluiceHistoryReader _sluice_history_schema_migrations_reader = {
  build_statements,
  read_rows,
};
