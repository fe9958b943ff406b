/* sluice-migration-writer-numbered.c: Sluice's and plain folders, both
 * NNNN_slug.sql
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-migration-writer-private.h"

#define SLUICE_VERSION_WIDTH 4

static gboolean
numbered_versions (const char               *dir,
                   SluiceMigrationVersions  *versions,
                   char                    **highest_file,
                   GError                  **error)
{
  g_autoptr(GPtrArray) names = _sluice_migration_writer_list_names (dir, error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint64 value;
      gsize digits;

      if (!_sluice_migration_writer_leading_number (name, &value, &digits) || name[digits] != '_' ||
          !g_str_has_suffix (name, ".sql"))
        continue;

      if (!versions->any || value > versions->highest)
        {
          g_free (*highest_file);
          *highest_file = g_strdup (name);
        }
      _sluice_migration_writer_versions_add (versions, value, digits);
    }

  return TRUE;
}

static char *
next_number (SluiceMigrationVersions *versions)
{
  return g_strdup_printf ("%0*" G_GUINT64_FORMAT,
                          (int) (versions->any ? versions->width : SLUICE_VERSION_WIDTH),
                          versions->any ? versions->highest + 1 : 1);
}

gboolean
_sluice_migration_writer_plan_sluice (SluiceMigrationPlan  *plan,
                                      GError              **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *highest_file = NULL;
  g_autofree char *version = NULL;
  g_autofree char *up = _sluice_migration_writer_trimmed_block (plan->up_sql);
  g_autofree char *down = _sluice_migration_writer_trimmed_block (plan->down_sql);
  SluiceMigrationVersions versions = { 0 };

  if (!_sluice_migration_writer_check_markers (plan, "-- sluice:", SLUICE_MARKER_MATCH_EXACT, "-- sluice:", error) ||
      !numbered_versions (plan->dir, &versions, &highest_file, error))
    return FALSE;

  version = next_number (&versions);

  /* The header is comments only; the slug first, so that the line can
   * never read as a "-- sluice:" marker. */
  g_string_append_printf (text, "-- %s: %s\n", plan->slug, plan->title);
  if (!plan->transactional)
    g_string_append (text, "-- sluice:no-transaction\n");
  g_string_append_printf (text, "-- sluice:up\n%s\n-- sluice:down\n%s", up, down);

  _sluice_migration_writer_add_file (plan, g_strdup_printf ("%s_%s.sql", version, plan->slug),
                                     g_string_free (g_steal_pointer (&text), FALSE));
  return TRUE;
}

/* Whether the folder's newest file keeps its down SQL in a "-- Down
 * Migration" section rather than in a rollback_ file. */
static gboolean
plain_uses_sections (const char *dir,
                     const char *highest_file)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (highest_file == NULL)
    return FALSE;

  path = g_build_filename (dir, highest_file, NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;

  return _sluice_migration_writer_has_marker_line (text, "--upmigration", SLUICE_MARKER_MATCH_FOLDED) ||
         _sluice_migration_writer_has_marker_line (text, "--downmigration", SLUICE_MARKER_MATCH_FOLDED);
}

gboolean
_sluice_migration_writer_plan_plain (SluiceMigrationPlan  *plan,
                                     GError              **error)
{
  g_autofree char *highest_file = NULL;
  g_autofree char *version = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *up = _sluice_migration_writer_trimmed_block (plan->up_sql);
  SluiceMigrationVersions versions = { 0 };

  if (!_sluice_migration_writer_check_markers (plan, "--upmigration", SLUICE_MARKER_MATCH_FOLDED,
                                               "-- Up Migration", error) ||
      !_sluice_migration_writer_check_markers (plan, "--downmigration", SLUICE_MARKER_MATCH_FOLDED,
                                               "-- Down Migration", error) ||
      !numbered_versions (plan->dir, &versions, &highest_file, error))
    return FALSE;

  version = next_number (&versions);
  file_name = g_strdup_printf ("%s_%s.sql", version, plan->slug);

  if (plain_uses_sections (plan->dir, highest_file))
    {
      g_autofree char *down = _sluice_migration_writer_trimmed_block (plan->down_sql);

      _sluice_migration_writer_add_file (plan, file_name,
                                         g_strdup_printf ("-- Up Migration\n%s\n-- Down Migration\n%s", up, down));
      return TRUE;
    }

  _sluice_migration_writer_add_file (plan, file_name, g_steal_pointer (&up));
  if (plan->down_sql != NULL)
    _sluice_migration_writer_add_file (plan, g_strconcat ("rollback_", file_name, NULL),
                                       _sluice_migration_writer_trimmed_block (plan->down_sql));

  return TRUE;
}
