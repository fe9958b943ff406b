/* sluice-migration-writer-commit.c: a planned migration written: new files
 * linked into place, the index file replaced last, all undone on failure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sluice-error.h"
#include "sluice-migration-writer-private.h"

static void
remove_written (GPtrArray *written,
                GPtrArray *made_dirs)
{
  for (guint i = 0; i < written->len; i++)
    g_unlink (g_ptr_array_index (written, i));

  /* Folders made for the new files, deepest first, if still empty. */
  for (guint i = made_dirs->len; i > 0; i--)
    g_rmdir (g_ptr_array_index (made_dirs, i - 1));
}

static gboolean
make_parent (const char  *path,
             GPtrArray   *made_dirs,
             GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_file_test (parent, G_FILE_TEST_IS_DIR))
    return TRUE;

  if (!make_parent (parent, made_dirs, error))
    return FALSE;

  if (g_mkdir (parent, 0777) != 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The folder %s could not be made (%s); no migration was written."),
                   parent, g_strerror (saved_errno));
      return FALSE;
    }

  g_ptr_array_add (made_dirs, g_steal_pointer (&parent));
  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *contents,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, contents, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      contents += n;
      length -= n;
    }

  return TRUE;
}

/* Writes @contents to a new file at @path: the whole file appears at once
 * or not at all, and an existing file is never replaced. */
static gboolean
create_file (const char  *path,
             const char  *contents,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *temp = g_build_filename (dir, ".sluice-new-XXXXXX", NULL);
  gsize length = strlen (contents);
  int saved_errno = 0;
  int fd;

  fd = g_mkstemp_full (temp, O_WRONLY, 0644);
  if (fd < 0)
    {
      saved_errno = errno;
      goto failed;
    }

  if (!write_all (fd, contents, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (temp);
      goto failed;
    }
  close (fd);

  /* link() fails with EEXIST rather than replace a file. */
  if (link (temp, path) == 0)
    {
      g_unlink (temp);
      return TRUE;
    }

  saved_errno = errno;
  g_unlink (temp);

  if (saved_errno == EEXIST)
    goto failed;

  /* Some file systems have no hard links: create exclusively instead. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0)
    {
      saved_errno = errno;
      goto failed;
    }
  if (!write_all (fd, contents, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (path);
      goto failed;
    }
  close (fd);
  return TRUE;

failed:
  if (saved_errno == EEXIST)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                 _("%s already exists and was left as it is; no migration was written."),
                 path);
  else
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                 _("%s could not be written (%s); no migration was written."),
                 path, g_strerror (saved_errno));
  return FALSE;
}

/* Replaces the journal or plan with its new text, atomically, unless it
 * changed since it was read (another writer got there first). */
static gboolean
replace_index (SluiceMigrationPlan  *plan,
               GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *current = NULL;
  GStatBuf buf;
  int mode = 0644;

  if (plan->index_original != NULL)
    {
      if (!g_file_get_contents (plan->index_path, &current, NULL, &local_error) ||
          !g_str_equal (current, plan->index_original))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                       _("%s changed while the migration was written; nothing was written. Try again."),
                       plan->index_path);
          return FALSE;
        }

      if (g_stat (plan->index_path, &buf) == 0)
        mode = buf.st_mode & 0777;
    }
  else if (g_file_test (plan->index_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                   _("%s appeared while the migration was written; nothing was written. Try again."),
                   plan->index_path);
      return FALSE;
    }

  if (!g_file_set_contents_full (plan->index_path, plan->index_contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, mode, &local_error))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("%s could not be updated (%s); no migration was written."),
                   plan->index_path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

char **
_sluice_migration_writer_commit (SluiceMigrationPlan  *plan,
                                 GError              **error)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) made_dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();

  /* Every name is checked before anything is written, so that a clash
   * leaves the folder as it was. */
  for (guint i = 0; i < plan->files->len; i++)
    {
      SluiceMigrationNewFile *file = g_ptr_array_index (plan->files, i);

      if (g_file_test (file->path, G_FILE_TEST_EXISTS) ||
          g_file_test (file->path, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                       _("%s already exists and was left as it is; no migration was written. "
                         "Give the migration another name."),
                       file->path);
          return NULL;
        }
    }

  for (guint i = 0; i < plan->files->len; i++)
    {
      SluiceMigrationNewFile *file = g_ptr_array_index (plan->files, i);

      if (!make_parent (file->path, made_dirs, error) ||
          !create_file (file->path, file->contents, error))
        {
          remove_written (written, made_dirs);
          return NULL;
        }

      g_ptr_array_add (written, g_strdup (file->path));
      g_strv_builder_add (paths, file->path);
    }

  if (plan->index_path != NULL)
    {
      if (!make_parent (plan->index_path, made_dirs, error) ||
          !replace_index (plan, error))
        {
          remove_written (written, made_dirs);
          return NULL;
        }
      g_strv_builder_add (paths, plan->index_path);
    }

  return g_strv_builder_end (paths);
}
