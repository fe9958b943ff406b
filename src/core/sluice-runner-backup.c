/* sluice-runner-backup.c: the backup step's bookkeeping
 *
 * Whether the profile must be offered a backup (prod, or a STRICT guard),
 * the SluiceBackup to take (the whole database, or only the tables the
 * migrations touch), and what was decided: the backup taken, or the
 * reason for skipping it, both recorded in the run log's note.  Apart
 * from the object because it is a step of its own; the backup itself is
 * SluiceBackup's, watched by the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-runner-private.h"

static gboolean
is_prod (SluiceRunner *self)
{
  return sluice_profile_get_environment (self->profile) == SLUICE_ENVIRONMENT_PROD ||
         sluice_profile_get_guard (self->profile) == SLUICE_GUARD_STRICT;
}

gboolean
sluice_runner_backup_required (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);
  return is_prod (self);
}

SluiceBackup *
sluice_runner_new_backup (SluiceRunner *self,
                          const char   *directory,
                          gboolean      whole_database)
{
  g_auto(GStrv) tables = NULL;

  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  g_return_val_if_fail (directory != NULL, NULL);

  if (!whole_database)
    {
      if (self->direction == SLUICE_RUN_UP)
        tables = sluice_backup_tables_touched (self->migrations);
      else
        tables = g_strdupv (self->relations);

      /* Nothing to back up table by table (only new tables): the whole
       * database is small then, and a dump with no table is refused. */
      if (tables != NULL && tables[0] == NULL)
        g_clear_pointer (&tables, g_strfreev);
    }

  return sluice_backup_new (self->connection, directory, (const char * const *) tables);
}

void
sluice_runner_set_backup (SluiceRunner *self,
                          SluiceBackup *backup)
{
  g_autofree char *message = NULL;

  g_return_if_fail (SLUICE_IS_RUNNER (self));
  g_return_if_fail (SLUICE_IS_BACKUP (backup));

  g_set_object (&self->backup, backup);
  g_clear_pointer (&self->skip_reason, g_free);

  message = g_strdup_printf (_("Backup taken: %s."), sluice_backup_get_path (backup));
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_INFO, NULL, message);
}

void
sluice_runner_skip_backup (SluiceRunner *self,
                           const char   *reason)
{
  g_autofree char *message = NULL;

  g_return_if_fail (SLUICE_IS_RUNNER (self));

  g_clear_object (&self->backup);
  g_free (self->skip_reason);
  self->skip_reason = reason != NULL ? g_strstrip (g_strdup (reason)) : NULL;

  if (self->skip_reason != NULL && *self->skip_reason != '\0')
    {
      message = g_strdup_printf (_("No backup taken: %s"), self->skip_reason);
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }
}

/* What goes to sluice.run_log.note: where the backup is, or why there is
 * none. */
char *
_sluice_runner_run_note (SluiceRunner *self)
{
  if (self->backup != NULL && sluice_backup_get_path (self->backup) != NULL)
    return g_strdup_printf ("backup: %s", sluice_backup_get_path (self->backup));
  if (self->skip_reason != NULL && *self->skip_reason != '\0')
    return g_strdup_printf ("no backup: %s", self->skip_reason);
  return NULL;
}
