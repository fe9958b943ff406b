/* sluice-migration-writer.c: a new migration written into a project's
 * folder in that folder's own format, so its tool sees it as its own
 *
 * Each format has a function that plans the files: the new ones (never
 * existing before) and, for Drizzle and Sqitch, the new text of the one
 * index file the tool keeps (meta/_journal.json, sqitch.plan).  Nothing is
 * touched until the whole plan is known and no new name is taken; then
 * the new files are written, each through a hidden temporary file linked
 * into place (link() refuses to replace a file, so a file that appeared
 * meanwhile is never overwritten), and the index file last, replaced
 * atomically.  A failure removes what was written.
 *
 * The files follow what each tool's own generator writes (sluice-cli new,
 * dbmate new, migrate create, drizzle-kit generate, sqitch add), and are
 * read back by the adapters in sluice-source-*.c.
 *
 * This file checks what was asked and hands it to the format's planner in
 * sluice-migration-writer-<format>.c (Sluice's and plain folders share
 * -numbered.c); what the planners share is in -util.c, and the writing of
 * a finished plan in -commit.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sluice-error.h"
#include "sluice-migration-folder.h"
#include "sluice-migration-writer-private.h"
#include "sluice-sql.h"

static void
new_file_free (SluiceMigrationNewFile *file)
{
  g_free (file->path);
  g_free (file->contents);
  g_free (file);
}

static void
plan_clear (SluiceMigrationPlan *plan)
{
  g_clear_pointer (&plan->dir, g_free);
  g_clear_pointer (&plan->title, g_free);
  g_clear_pointer (&plan->slug, g_free);
  g_clear_pointer (&plan->now, g_date_time_unref);
  g_clear_pointer (&plan->files, g_ptr_array_unref);
  g_clear_pointer (&plan->index_path, g_free);
  g_clear_pointer (&plan->index_original, g_free);
  g_clear_pointer (&plan->index_contents, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SluiceMigrationPlan, plan_clear)

void
_sluice_migration_writer_add_file (SluiceMigrationPlan *plan,
                                   const char          *file_name,
                                   char                *contents)
{
  SluiceMigrationNewFile *file = g_new0 (SluiceMigrationNewFile, 1);

  file->path = g_build_filename (plan->dir, file_name, NULL);
  file->contents = contents;
  g_ptr_array_add (plan->files, file);
}

/* The name on one line, for comments and notes. */
static char *
one_line (const char *text)
{
  char *line = g_utf8_make_valid (text, -1);

  g_strdelimit (line, "\r\n\t\v\f", ' ');
  return g_strstrip (line);
}

/* The folder, made when it does not exist yet. */
static char *
prepare_folder (const char  *path,
                gboolean    *made,
                GError     **error)
{
  g_autofree char *dir = NULL;

  if (path == NULL || path[0] == '\0')
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("No migration folder was given; no migration was written."));
      return NULL;
    }

  dir = g_canonicalize_filename (path, NULL);

  if (g_file_test (dir, G_FILE_TEST_EXISTS) && !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s is a file, not a migration folder; no migration was written."),
                   dir);
      return NULL;
    }

  *made = !g_file_test (dir, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The migration folder %s could not be made (%s); no migration was written."),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&dir);
}

/* AUTO: the folder's own format; Sluice's when the folder holds no
 * migration of any format Sluice knows. */
static SluiceMigrationFormat
resolve_format (const char             *dir,
                SluiceMigrationFormat   format,
                GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  SluiceMigrationFormat detected;

  if (format != SLUICE_MIGRATION_FORMAT_AUTO)
    return format;

  detected = sluice_migration_format_detect (dir, &local_error);
  if (detected != SLUICE_MIGRATION_FORMAT_AUTO)
    return detected;

  if (g_error_matches (local_error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT))
    return SLUICE_MIGRATION_FORMAT_SLUICE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return SLUICE_MIGRATION_FORMAT_AUTO;
}

/* The SQL must scan to its end: the folder's loader would otherwise skip
 * the migration as broken. */
static gboolean
check_sql (const char  *sql,
           const char  *which,
           GError     **error)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) local_error = NULL;

  if (sql == NULL)
    return TRUE;

  statements = sluice_sql_split (sql, 1, &local_error);
  if (statements != NULL)
    return TRUE;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               /* Translators: the first %s is "up" or "down" */
               _("The %s SQL cannot be read to its end (%s); no migration was written."),
               which, local_error->message);
  return FALSE;
}

char **
sluice_migration_writer_write (const char             *path,
                               SluiceMigrationFormat   format,
                               const char             *name,
                               const char             *up_sql,
                               const char             *down_sql,
                               gboolean                transactional,
                               GError                **error)
{
  g_auto(SluiceMigrationPlan) plan = { 0 };
  gboolean made_folder = FALSE;
  char **paths;
  gboolean planned;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (up_sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan.slug = _sluice_migration_writer_make_slug (name);
  if (plan.slug == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“%s” cannot name a migration: it has no letters. Say what the migration does, "
                     "for example “add order status”; nothing was written."),
                   name);
      return NULL;
    }

  if (!check_sql (up_sql, "up", error) || !check_sql (down_sql, "down", error))
    return NULL;

  plan.dir = prepare_folder (path, &made_folder, error);
  if (plan.dir == NULL)
    return NULL;

  plan.format = resolve_format (plan.dir, format, error);
  if (plan.format == SLUICE_MIGRATION_FORMAT_AUTO)
    {
      if (made_folder)
        g_rmdir (plan.dir);
      return NULL;
    }

  plan.title = one_line (name);
  plan.up_sql = up_sql;
  plan.down_sql = down_sql;
  plan.transactional = transactional;
  plan.now = g_date_time_new_now_utc ();
  plan.files = g_ptr_array_new_with_free_func ((GDestroyNotify) new_file_free);

  switch (plan.format)
    {
    case SLUICE_MIGRATION_FORMAT_SLUICE:
      planned = _sluice_migration_writer_plan_sluice (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_PLAIN:
      planned = _sluice_migration_writer_plan_plain (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_DBMATE:
      planned = _sluice_migration_writer_plan_dbmate (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE:
      planned = _sluice_migration_writer_plan_golang_migrate (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_FLYWAY:
      planned = _sluice_migration_writer_plan_flyway (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_DRIZZLE:
      planned = _sluice_migration_writer_plan_drizzle (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_SQITCH:
      planned = _sluice_migration_writer_plan_sqitch (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_AUTO:
    default:
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("Sluice cannot write migrations in format %d."), (int) plan.format);
      planned = FALSE;
      break;
    }

  paths = planned ? _sluice_migration_writer_commit (&plan, error) : NULL;

  /* A folder made for this migration goes again with it. */
  if (paths == NULL && made_folder)
    g_rmdir (plan.dir);

  return paths;
}
