/* sluice-lock-wait.h: a lock requested and not granted (pg_locks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SLUICE_TYPE_LOCK_WAIT (sluice_lock_wait_get_type ())
G_DECLARE_FINAL_TYPE (SluiceLockWait, sluice_lock_wait, SLUICE, LOCK_WAIT, GObject)

/* Read-only properties: "pid", "lock-type", "mode", "relation", "target",
 * "wait-seconds", "query". */

int           sluice_lock_wait_get_pid          (SluiceLockWait *self);
const char   *sluice_lock_wait_get_lock_type    (SluiceLockWait *self); /* "relation", "transactionid", "tuple", ... */
const char   *sluice_lock_wait_get_mode         (SluiceLockWait *self); /* "AccessExclusiveLock", ... */
/* "schema.table" (as regclass prints it) for relation, page and tuple
 * locks in this database, else NULL. */
const char   *sluice_lock_wait_get_relation     (SluiceLockWait *self);
/* What is locked, for people: the relation, "transaction 1234", ... */
const char   *sluice_lock_wait_get_target       (SluiceLockWait *self);
/* Since pg_locks.waitstart (PostgreSQL 14 and later); -1 when unknown. */
double        sluice_lock_wait_get_wait_seconds (SluiceLockWait *self);
const char   *sluice_lock_wait_get_query        (SluiceLockWait *self); /* "" when unknown */
const int    *sluice_lock_wait_get_blocked_by   (SluiceLockWait *self,
                                                 guint          *n_pids);

G_END_DECLS
