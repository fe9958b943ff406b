/* sluice-lock-mode.h: PostgreSQL's table-level lock modes, shared by the
 * lint (the lock a statement will take) and the schema diff (the lock a
 * generated statement takes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In PostgreSQL's order of strength; NONE for statements that take no
 * table-level lock worth reporting. */
typedef enum
{
  SLUICE_LOCK_NONE,
  SLUICE_LOCK_ACCESS_SHARE,
  SLUICE_LOCK_ROW_SHARE,
  SLUICE_LOCK_ROW_EXCLUSIVE,
  SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE,
  SLUICE_LOCK_SHARE,
  SLUICE_LOCK_SHARE_ROW_EXCLUSIVE,
  SLUICE_LOCK_EXCLUSIVE,
  SLUICE_LOCK_ACCESS_EXCLUSIVE,
} SluiceLockMode;

/* The name as PostgreSQL's documentation and pg_locks spell it without the
 * "Lock" suffix ("ACCESS EXCLUSIVE", "SHARE UPDATE EXCLUSIVE"); NULL for
 * SLUICE_LOCK_NONE.  Stable: it is what `sluice-cli lint --json` prints. */
const char     *sluice_lock_mode_to_string   (SluiceLockMode  mode);
/* Accepts the name above and pg_locks' "AccessExclusiveLock" form. */
gboolean        sluice_lock_mode_from_string (const char     *text,
                                              SluiceLockMode *mode);
/* TRUE when a lock in @held blocks a request for @requested on the same
 * table (PostgreSQL's conflict table). */
gboolean        sluice_lock_mode_conflicts   (SluiceLockMode  held,
                                              SluiceLockMode  requested);
/* What a lock in @mode keeps other sessions from doing, in words for a
 * person, translated ("blocks all reads and writes", "blocks writes",
 * "blocks schema changes and VACUUM"). */
const char     *sluice_lock_mode_describe_blocking (SluiceLockMode mode);

G_END_DECLS
