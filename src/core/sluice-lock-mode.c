/* sluice-lock-mode.c: PostgreSQL's table-level lock modes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-lock-mode.h"

typedef struct
{
  const char *name;
  const char *pg_locks_name;
  /* Bit n set: conflicts with mode n (as in the table of "Conflicting
   * Lock Modes" of PostgreSQL's documentation, chapter "Explicit
   * Locking"). */
  guint       conflicts;
} LockModeInfo;

#define BIT(mode) (1u << (mode))

static const LockModeInfo lock_modes[] = {
  [SLUICE_LOCK_NONE] = { NULL, NULL, 0 },
  [SLUICE_LOCK_ACCESS_SHARE] = {
    "ACCESS SHARE", "AccessShareLock",
    BIT (SLUICE_LOCK_ACCESS_EXCLUSIVE) },
  [SLUICE_LOCK_ROW_SHARE] = {
    "ROW SHARE", "RowShareLock",
    BIT (SLUICE_LOCK_EXCLUSIVE) | BIT (SLUICE_LOCK_ACCESS_EXCLUSIVE) },
  [SLUICE_LOCK_ROW_EXCLUSIVE] = {
    "ROW EXCLUSIVE", "RowExclusiveLock",
    BIT (SLUICE_LOCK_SHARE) | BIT (SLUICE_LOCK_SHARE_ROW_EXCLUSIVE)
    | BIT (SLUICE_LOCK_EXCLUSIVE) | BIT (SLUICE_LOCK_ACCESS_EXCLUSIVE) },
  [SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE] = {
    "SHARE UPDATE EXCLUSIVE", "ShareUpdateExclusiveLock",
    BIT (SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE) | BIT (SLUICE_LOCK_SHARE)
    | BIT (SLUICE_LOCK_SHARE_ROW_EXCLUSIVE) | BIT (SLUICE_LOCK_EXCLUSIVE)
    | BIT (SLUICE_LOCK_ACCESS_EXCLUSIVE) },
  [SLUICE_LOCK_SHARE] = {
    "SHARE", "ShareLock",
    BIT (SLUICE_LOCK_ROW_EXCLUSIVE) | BIT (SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE)
    | BIT (SLUICE_LOCK_SHARE_ROW_EXCLUSIVE) | BIT (SLUICE_LOCK_EXCLUSIVE)
    | BIT (SLUICE_LOCK_ACCESS_EXCLUSIVE) },
  [SLUICE_LOCK_SHARE_ROW_EXCLUSIVE] = {
    "SHARE ROW EXCLUSIVE", "ShareRowExclusiveLock",
    BIT (SLUICE_LOCK_ROW_EXCLUSIVE) | BIT (SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE)
    | BIT (SLUICE_LOCK_SHARE) | BIT (SLUICE_LOCK_SHARE_ROW_EXCLUSIVE)
    | BIT (SLUICE_LOCK_EXCLUSIVE) | BIT (SLUICE_LOCK_ACCESS_EXCLUSIVE) },
  [SLUICE_LOCK_EXCLUSIVE] = {
    "EXCLUSIVE", "ExclusiveLock",
    BIT (SLUICE_LOCK_ROW_SHARE) | BIT (SLUICE_LOCK_ROW_EXCLUSIVE)
    | BIT (SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE) | BIT (SLUICE_LOCK_SHARE)
    | BIT (SLUICE_LOCK_SHARE_ROW_EXCLUSIVE) | BIT (SLUICE_LOCK_EXCLUSIVE)
    | BIT (SLUICE_LOCK_ACCESS_EXCLUSIVE) },
  [SLUICE_LOCK_ACCESS_EXCLUSIVE] = {
    "ACCESS EXCLUSIVE", "AccessExclusiveLock",
    BIT (SLUICE_LOCK_ACCESS_SHARE) | BIT (SLUICE_LOCK_ROW_SHARE)
    | BIT (SLUICE_LOCK_ROW_EXCLUSIVE) | BIT (SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE)
    | BIT (SLUICE_LOCK_SHARE) | BIT (SLUICE_LOCK_SHARE_ROW_EXCLUSIVE)
    | BIT (SLUICE_LOCK_EXCLUSIVE) | BIT (SLUICE_LOCK_ACCESS_EXCLUSIVE) },
};

static gboolean
is_valid (SluiceLockMode mode)
{
  return mode >= SLUICE_LOCK_NONE && mode <= SLUICE_LOCK_ACCESS_EXCLUSIVE;
}

const char *
sluice_lock_mode_to_string (SluiceLockMode mode)
{
  g_return_val_if_fail (is_valid (mode), NULL);

  return lock_modes[mode].name;
}

gboolean
sluice_lock_mode_from_string (const char     *text,
                              SluiceLockMode *mode)
{
  g_return_val_if_fail (mode != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = SLUICE_LOCK_ACCESS_SHARE; i <= SLUICE_LOCK_ACCESS_EXCLUSIVE; i++)
    {
      if (g_ascii_strcasecmp (text, lock_modes[i].name) == 0
          || strcmp (text, lock_modes[i].pg_locks_name) == 0)
        {
          *mode = (SluiceLockMode) i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
sluice_lock_mode_conflicts (SluiceLockMode held,
                            SluiceLockMode requested)
{
  g_return_val_if_fail (is_valid (held) && is_valid (requested), FALSE);

  return (lock_modes[held].conflicts & BIT (requested)) != 0;
}

const char *
sluice_lock_mode_describe_blocking (SluiceLockMode mode)
{
  g_return_val_if_fail (is_valid (mode), NULL);

  switch (mode)
    {
    case SLUICE_LOCK_NONE:
      return _("blocks nothing");
    case SLUICE_LOCK_ACCESS_SHARE:
      return _("blocks only changes that need an ACCESS EXCLUSIVE lock");
    case SLUICE_LOCK_ROW_SHARE:
      return _("blocks EXCLUSIVE and ACCESS EXCLUSIVE locks");
    case SLUICE_LOCK_ROW_EXCLUSIVE:
      return _("blocks index builds and other table-wide locks; reads and row writes go on");
    case SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE:
      return _("blocks schema changes, VACUUM and other concurrent index builds; reads and writes go on");
    case SLUICE_LOCK_SHARE:
      return _("blocks all writes (INSERT, UPDATE, DELETE); reads go on");
    case SLUICE_LOCK_SHARE_ROW_EXCLUSIVE:
      return _("blocks all writes and other SHARE ROW EXCLUSIVE locks; reads go on");
    case SLUICE_LOCK_EXCLUSIVE:
      return _("blocks all writes and SELECT ... FOR UPDATE; plain reads go on");
    case SLUICE_LOCK_ACCESS_EXCLUSIVE:
      return _("blocks all reads and writes of the table");
    default:
      g_assert_not_reached ();
    }
}
