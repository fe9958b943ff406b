/* sluice-migration-writer.h: a new migration written into a project's
 * folder in that folder's own format, so its tool sees it as its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-migration.h"

G_BEGIN_DECLS

/* Writes a migration named @name (a short description: "add order
 * status"; turned into the slug the format uses) with @up_sql and, when
 * not NULL, @down_sql, into the folder at @path, in @format
 * (SLUICE_MIGRATION_FORMAT_AUTO: the folder's detected format; Sluice's
 * own for an empty or new folder).  The version is the next one of the
 * folder, in the format's style (NNNN for Sluice and plain, a UTC
 * timestamp for dbmate, V<n> for Flyway, the journal's next index for
 * Drizzle — updating meta/_journal.json —, a sqitch.plan line and
 * deploy/revert/verify scripts for Sqitch).  @transactional FALSE marks
 * the migration as one that must run outside a transaction where the
 * format can say so.
 *
 * Never overwrites a file: an existing name gives SLUICE_ERROR_FAILED and
 * nothing is written.  Files are written atomically; when a format needs
 * several files, a failure removes the ones already written.  Returns the
 * paths written (NULL-terminated; free with g_strfreev()), the main (up)
 * file first. */
char **sluice_migration_writer_write (const char            *path,
                                      SluiceMigrationFormat  format,
                                      const char            *name,
                                      const char            *up_sql,
                                      const char            *down_sql,
                                      gboolean               transactional,
                                      GError               **error);

G_END_DECLS
