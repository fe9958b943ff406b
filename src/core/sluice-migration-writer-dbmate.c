/* sluice-migration-writer-dbmate.c: dbmate's YYYYMMDDHHMMSS_slug.sql
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-migration-writer-private.h"

gboolean
_sluice_migration_writer_plan_dbmate (SluiceMigrationPlan  *plan,
                                      GError              **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *now = _sluice_migration_writer_format_timestamp (plan->now);
  g_autofree char *up = _sluice_migration_writer_trimmed_block (plan->up_sql);
  g_autofree char *down = _sluice_migration_writer_trimmed_block (plan->down_sql);
  const char *option = plan->transactional ? "" : " transaction:false";
  SluiceMigrationVersions versions = { 0 };
  guint64 version;

  if (!_sluice_migration_writer_check_markers (plan, "--migrate:", SLUICE_MARKER_MATCH_SQUEEZED, "-- migrate:", error))
    return FALSE;

  names = _sluice_migration_writer_list_names (plan->dir, error);
  if (names == NULL)
    return FALSE;

  /* dbmate reads every ^(\d+).*\.sql$ file. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint64 value;
      gsize digits;

      if (_sluice_migration_writer_leading_number (name, &value, &digits) && g_str_has_suffix (name, ".sql"))
        _sluice_migration_writer_versions_add (&versions, value, digits);
    }

  version = _sluice_migration_writer_later_than (g_ascii_strtoull (now, NULL, 10), versions.highest);

  /* dbmate needs both markers, the down one even when empty. */
  _sluice_migration_writer_add_file (plan,
                                     g_strdup_printf ("%" G_GUINT64_FORMAT "_%s.sql", version, plan->slug),
                                     g_strdup_printf ("-- migrate:up%s\n%s\n-- migrate:down%s\n%s",
                                                      option, up, option, down));
  return TRUE;
}
