/* sluice-migration-folder.h: a migration folder read by its tool's conventions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-migration.h"

G_BEGIN_DECLS

/* Something wrong with one file of a folder.  The rest of the folder still
 * loads; the problem names the file and line. */
typedef struct
{
  char  *path;      /* absolute */
  guint  line;      /* 1-based; 0 when the problem is the whole file */
  char  *message;   /* translated, one sentence, says what was skipped */
} SluiceFolderProblem;

void sluice_folder_problem_free (SluiceFolderProblem *problem);

#define SLUICE_TYPE_MIGRATION_FOLDER (sluice_migration_folder_get_type ())
G_DECLARE_FINAL_TYPE (SluiceMigrationFolder, sluice_migration_folder, SLUICE, MIGRATION_FOLDER, GObject)

/* Reads @path (blocking file I/O: call it from a thread, or use the async
 * pair).  With SLUICE_MIGRATION_FORMAT_AUTO the format is detected from the
 * folder's contents.  Fails only when the folder itself cannot be read or its
 * format cannot be told; problems with single files are collected. */
SluiceMigrationFolder *sluice_migration_folder_load         (const char             *path,
                                                             SluiceMigrationFormat   format,
                                                             GError                **error);
void                   sluice_migration_folder_load_async   (const char             *path,
                                                             SluiceMigrationFormat   format,
                                                             GCancellable           *cancellable,
                                                             GAsyncReadyCallback     callback,
                                                             gpointer                user_data);
SluiceMigrationFolder *sluice_migration_folder_load_finish  (GAsyncResult           *result,
                                                             GError                **error);

/* Which format the folder at @path is in; SLUICE_ERROR_INVALID_INPUT when it
 * cannot be told (the message says what was looked for). */
SluiceMigrationFormat  sluice_migration_format_detect       (const char             *path,
                                                             GError                **error);

const char            *sluice_migration_folder_get_path     (SluiceMigrationFolder  *self);
SluiceMigrationFormat  sluice_migration_folder_get_format   (SluiceMigrationFolder  *self);
/* The project the folder names, or NULL: for Sqitch, the %project of
 * sqitch.plan, which tells apart the projects of a shared registry (see
 * sluice_history_read_full_async()). */
const char            *sluice_migration_folder_get_project  (SluiceMigrationFolder  *self);
/* A GListModel of SluiceMigration in the order the tool applies them. */
GListModel            *sluice_migration_folder_get_migrations (SluiceMigrationFolder *self);
/* The migration a history row of @history_key names.  A Flyway baseline
 * (B2__x.sql) shares its key with the versioned migration of its version
 * (V2__y.sql): find() gives the versioned one, and the status join tells
 * them apart by the row's type. */
SluiceMigration       *sluice_migration_folder_find         (SluiceMigrationFolder  *self,
                                                             const char             *history_key);
/* SluiceFolderProblem, in the order met. */
GPtrArray             *sluice_migration_folder_get_problems (SluiceMigrationFolder  *self);

/* Writes a new empty migration in Sluice's format, named NNNN_@name.sql
 * with the next version, and returns its path. */
char                  *sluice_migration_folder_new_migration (const char            *path,
                                                              const char            *name,
                                                              GError               **error);

G_END_DECLS
