/* sluice-migration-writer-flyway.c: Flyway's V<n>__slug.sql and U<n>__slug.sql
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-migration-writer-private.h"

/* The first part of the versions of V, U and B scripts in @dir and its
 * subfolders (Flyway scans them all). */
static gboolean
flyway_versions (const char               *dir,
                 guint                     depth,
                 SluiceMigrationVersions  *versions,
                 GError                  **error)
{
  g_autoptr(GPtrArray) names = _sluice_migration_writer_list_names (dir, error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = NULL;
      guint64 value;
      gsize digits;

      if (name[0] == '.')
        continue;

      path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          /* An unreadable subfolder is the loader's to report. */
          if (depth < 16)
            flyway_versions (path, depth + 1, versions, NULL);
          continue;
        }

      if ((name[0] == 'V' || name[0] == 'U' || name[0] == 'B') &&
          strstr (name, "__") != NULL && g_str_has_suffix (name, ".sql") &&
          _sluice_migration_writer_leading_number (name + 1, &value, &digits))
        _sluice_migration_writer_versions_add (versions, value, digits);
    }

  return TRUE;
}

gboolean
_sluice_migration_writer_plan_flyway (SluiceMigrationPlan  *plan,
                                      GError              **error)
{
  g_autofree char *version = NULL;
  g_autofree char *base = NULL;
  SluiceMigrationVersions versions = { 0 };

  if (!flyway_versions (plan->dir, 0, &versions, error))
    return FALSE;

  if (versions.any && versions.width == SLUICE_MIGRATION_TIMESTAMP_DIGITS)
    {
      g_autofree char *now = _sluice_migration_writer_format_timestamp (plan->now);

      version = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                 _sluice_migration_writer_later_than (g_ascii_strtoull (now, NULL, 10),
                                                                      versions.highest));
    }
  else
    {
      /* "V001": the next one keeps the zeros; "V1.2": the next is V2. */
      version = g_strdup_printf ("%0*" G_GUINT64_FORMAT,
                                 (int) (versions.any ? versions.width : 1),
                                 versions.any ? versions.highest + 1 : 1);
    }

  base = g_strdup_printf ("%s__%s.sql", version, plan->slug);
  _sluice_migration_writer_add_file (plan, g_strconcat ("V", base, NULL),
                                     _sluice_migration_writer_trimmed_block (plan->up_sql));
  if (plan->down_sql != NULL)
    _sluice_migration_writer_add_file (plan, g_strconcat ("U", base, NULL),
                                       _sluice_migration_writer_trimmed_block (plan->down_sql));

  /* Flyway's per-script configuration; it would also leave the
   * transaction by itself for CONCURRENTLY, but says so here for any
   * statement the caller knows about. */
  if (!plan->transactional)
    _sluice_migration_writer_add_file (plan, g_strconcat ("V", base, ".conf", NULL),
                                       g_strdup ("executeInTransaction=false\n"));

  return TRUE;
}
