/* sluice-migration-writer-golang-migrate.c: golang-migrate's N_slug.up.sql
 * and N_slug.down.sql
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-migration-writer-private.h"

#define GOLANG_SEQUENCE_WIDTH  6     /* migrate create -seq -digits 6 */
#define UNIX_TIME_DIGITS       10

gboolean
_sluice_migration_writer_plan_golang_migrate (SluiceMigrationPlan  *plan,
                                              GError              **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *version = NULL;
  SluiceMigrationVersions versions = { 0 };

  /* golang-migrate sends each file as one query: several statements make
   * one implicit transaction. */
  if (!_sluice_migration_writer_check_transactional_sql (plan->up_sql, TRUE, "golang-migrate", error) ||
      !_sluice_migration_writer_check_transactional_sql (plan->down_sql, TRUE, "golang-migrate", error))
    return FALSE;

  names = _sluice_migration_writer_list_names (plan->dir, error);
  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint64 value;
      gsize digits;

      if (_sluice_migration_writer_leading_number (name, &value, &digits) && name[digits] == '_' &&
          (strstr (name, ".up.") != NULL || strstr (name, ".down.") != NULL))
        _sluice_migration_writer_versions_add (&versions, value, digits);
    }

  /* migrate create numbers by time (20060102150405, UTC) unless told
   * -seq; a folder of either kind goes on as it started. */
  if (versions.any && versions.width == SLUICE_MIGRATION_TIMESTAMP_DIGITS)
    {
      g_autofree char *now = _sluice_migration_writer_format_timestamp (plan->now);

      version = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                 _sluice_migration_writer_later_than (g_ascii_strtoull (now, NULL, 10),
                                                                      versions.highest));
    }
  else if (versions.any && versions.width == UNIX_TIME_DIGITS && versions.highest >= 1000000000)
    {
      version = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                 _sluice_migration_writer_later_than ((guint64) g_date_time_to_unix (plan->now),
                                                                      versions.highest));
    }
  else
    {
      version = g_strdup_printf ("%0*" G_GUINT64_FORMAT,
                                 (int) (versions.any ? versions.width : GOLANG_SEQUENCE_WIDTH),
                                 versions.any ? versions.highest + 1 : 1);
    }

  _sluice_migration_writer_add_file (plan, g_strdup_printf ("%s_%s.up.sql", version, plan->slug),
                                     _sluice_migration_writer_trimmed_block (plan->up_sql));
  if (plan->down_sql != NULL)
    _sluice_migration_writer_add_file (plan, g_strdup_printf ("%s_%s.down.sql", version, plan->slug),
                                       _sluice_migration_writer_trimmed_block (plan->down_sql));

  return TRUE;
}
