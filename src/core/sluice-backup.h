/* sluice-backup.h: the backup a run offers before it writes
 *
 * pg_dump -Fc of the whole database, or of the tables a migration touches
 * (-t for each), into a file named after the database, the profile and the
 * time in the chosen folder; the progress parsed from pg_dump --verbose
 * ("dumping contents of table ..." against the number of tables to dump);
 * then verified with pg_restore --list (its table of contents must list
 * every table dumped).  Cancelling kills pg_dump and removes the partial
 * file.  A pg_dump older than the server is refused by pg_dump itself; a
 * pg_dump newer than the server is fine; Sluice says which one it used and
 * warns before starting when the newest one installed is older than the
 * server.  The file is never removed by Sluice once verified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_BACKUP (sluice_backup_get_type ())
G_DECLARE_FINAL_TYPE (SluiceBackup, sluice_backup, SLUICE, BACKUP, GObject)

/* @tables: qualified table names ("public.orders"), or NULL for the whole
 * database.  @directory: created when missing.  Properties "fraction"
 * (double, 0..1, -1 while unknown) and "status" (translated sentence)
 * notify as pg_dump goes, on the caller's main context. */
SluiceBackup        *sluice_backup_new              (SluiceConnection     *connection,
                                                     const char           *directory,
                                                     const char * const   *tables);

/* Names the backup file after the profile too (nullable: none). */
void                 sluice_backup_set_profile_name (SluiceBackup         *self,
                                                     const char           *profile_name);

/* Before running: a translated warning when the pg_dump found is older
 * than the server (the dump would fail), else NULL. */
char                *sluice_backup_check_versions   (SluiceBackup         *self,
                                                     GError              **error);

void                 sluice_backup_run_async        (SluiceBackup         *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean             sluice_backup_run_finish       (SluiceBackup         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

double               sluice_backup_get_fraction     (SluiceBackup *self);
const char          *sluice_backup_get_status       (SluiceBackup *self);
/* After a successful run: */
const char          *sluice_backup_get_path         (SluiceBackup *self);
guint64              sluice_backup_get_size         (SluiceBackup *self);
guint                sluice_backup_get_toc_entries  (SluiceBackup *self);
const char          *sluice_backup_get_pg_dump_path (SluiceBackup *self);
const char          *sluice_backup_get_pg_dump_version (SluiceBackup *self);

/* The tables that @migrations' up SQL (SluiceMigration) writes to or
 * alters, qualified ("public.orders"; unqualified names get "public"),
 * from the libpg_query parse tree; sorted, no duplicates.  Tables the
 * migrations create are left out (there is nothing to back up). */
GStrv                sluice_backup_tables_touched   (GPtrArray            *migrations);

G_END_DECLS
