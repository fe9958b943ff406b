/* sluice-server-user.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sluice-error.h"
#include "sluice-server-user.h"

struct _SluiceServerUser
{
  char  *name;
  uid_t  uid;
  gid_t  gid;
  gid_t *groups;
  int    n_groups;
};

G_DEFINE_BOXED_TYPE (SluiceServerUser, sluice_server_user,
                     sluice_server_user_copy, sluice_server_user_free)

const char *
sluice_server_user_default_name (void)
{
  const char *name = g_getenv ("SLUICE_SANDBOX_USER");

  if (name == NULL || *name == '\0')
    name = "postgres";

  return name;
}

SluiceServerUser *
sluice_server_user_lookup (const char  *name,
                           GError     **error)
{
  g_autoptr(SluiceServerUser) self = NULL;
  struct passwd *pw;
  int n_groups = 0;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pw = getpwnam (name);
  if (pw == NULL || pw->pw_uid == 0)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
                   _("PostgreSQL refuses to run as root, and the system user “%s” that the "
                     "sandbox server would run as does not exist or is root. Nothing was "
                     "created. Create that user, or name another with SLUICE_SANDBOX_USER."),
                   name);
      return NULL;
    }

  self = g_new0 (SluiceServerUser, 1);
  self->name = g_strdup (name);
  self->uid = pw->pw_uid;
  self->gid = pw->pw_gid;

  /* The first call only counts the groups. */
  getgrouplist (name, pw->pw_gid, NULL, &n_groups);
  self->groups = g_new0 (gid_t, MAX (n_groups, 1));
  if (getgrouplist (name, pw->pw_gid, self->groups, &n_groups) < 0)
    n_groups = 0;
  self->n_groups = n_groups;

  return g_steal_pointer (&self);
}

SluiceServerUser *
sluice_server_user_copy (const SluiceServerUser *self)
{
  SluiceServerUser *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (SluiceServerUser, 1);
  copy->name = g_strdup (self->name);
  copy->uid = self->uid;
  copy->gid = self->gid;
  copy->groups = g_memdup2 (self->groups, sizeof (gid_t) * (gsize) MAX (self->n_groups, 1));
  copy->n_groups = self->n_groups;

  return copy;
}

void
sluice_server_user_free (SluiceServerUser *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->groups, g_free);
  g_free (self);
}

const char *
sluice_server_user_get_name (const SluiceServerUser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

uid_t
sluice_server_user_get_uid (const SluiceServerUser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->uid;
}

gid_t
sluice_server_user_get_gid (const SluiceServerUser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->gid;
}

static gboolean
gid_in_list (gid_t        gid,
             const gid_t *groups,
             int          n_groups)
{
  for (int i = 0; i < n_groups; i++)
    if (groups[i] == gid)
      return TRUE;
  return FALSE;
}

/* Whether the server's user may search @dir, by the owner/group/other rule
 * the kernel applies.  A directory that does not exist yet will be created
 * by us with mode 0755, so it is searchable. */
static gboolean
can_search (const SluiceServerUser *self,
            const char             *dir)
{
  struct stat st;
  mode_t bit;

  if (g_stat (dir, &st) != 0)
    return errno == ENOENT;
  if (!S_ISDIR (st.st_mode))
    return FALSE;

  if (st.st_uid == self->uid)
    bit = S_IXUSR;
  else if (st.st_gid == self->gid ||
           gid_in_list (st.st_gid, self->groups, self->n_groups))
    bit = S_IXGRP;
  else
    bit = S_IXOTH;

  return (st.st_mode & bit) != 0;
}

gboolean
sluice_server_user_can_reach (const SluiceServerUser *self,
                              const char             *path)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);

  for (;;)
    {
      g_autofree char *parent = NULL;

      if (!can_search (self, dir))
        return FALSE;

      parent = g_path_get_dirname (dir);
      if (g_strcmp0 (parent, dir) == 0)
        return TRUE;
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
}

void
sluice_server_user_child_setup (gpointer user_data)
{
  const SluiceServerUser *self = user_data;
  static const char message[] = "sluice: could not switch to the sandbox server's user\n";

  /* Between fork and exec: async-signal-safe calls only. */
  if (setgroups ((size_t) self->n_groups, self->groups) != 0 ||
      setgid (self->gid) != 0 ||
      setuid (self->uid) != 0)
    {
      G_GNUC_UNUSED ssize_t ignored = write (STDERR_FILENO, message, sizeof message - 1);
      _exit (126);
    }
}
