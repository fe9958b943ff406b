/* sluice-history.h: what a database says was applied, read from any tool's table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-migration.h"

G_BEGIN_DECLS

typedef enum
{
  SLUICE_HISTORY_TOOL_NONE,            /* no history table found: nothing applied */
  SLUICE_HISTORY_TOOL_SLUICE,          /* sluice.migrations + sluice.run_log */
  SLUICE_HISTORY_TOOL_DRIZZLE,         /* drizzle.__drizzle_migrations */
  SLUICE_HISTORY_TOOL_DBMATE,          /* schema_migrations(version) */
  SLUICE_HISTORY_TOOL_GOLANG_MIGRATE,  /* schema_migrations(version, dirty) */
  SLUICE_HISTORY_TOOL_RAILS,           /* schema_migrations(version) + ar_internal_metadata */
  SLUICE_HISTORY_TOOL_HAND_ROLLED,     /* schema_migrations(version, description, applied_at, applied_by, execution_time_ms, checksum) */
  SLUICE_HISTORY_TOOL_FLYWAY,          /* flyway_schema_history */
  SLUICE_HISTORY_TOOL_SQITCH,          /* sqitch.changes + sqitch.events */
  SLUICE_HISTORY_TOOL_PRISMA,          /* _prisma_migrations */
} SluiceHistoryTool;

typedef enum
{
  SLUICE_HISTORY_APPLIED,
  SLUICE_HISTORY_FAILED,       /* recorded as failed (Flyway success=false, Prisma unfinished, ...) */
  SLUICE_HISTORY_DIRTY,        /* golang-migrate dirty=true: failed part-way */
  SLUICE_HISTORY_ROLLED_BACK,  /* Prisma rolled_back_at */
} SluiceHistoryState;

GType        sluice_history_tool_get_type   (void) G_GNUC_CONST;
#define SLUICE_TYPE_HISTORY_TOOL (sluice_history_tool_get_type ())
/* Stable names: "none", "sluice", "drizzle", "dbmate", "golang-migrate",
 * "rails", "hand-rolled", "flyway", "sqitch", "prisma". */
const char  *sluice_history_tool_to_string  (SluiceHistoryTool tool);
/* The folder format whose history this tool keeps (AUTO when none). */
SluiceMigrationFormat sluice_history_tool_get_format (SluiceHistoryTool tool);

/* One applied (or failed) migration as the history table records it. */
#define SLUICE_TYPE_HISTORY_ENTRY (sluice_history_entry_get_type ())
G_DECLARE_FINAL_TYPE (SluiceHistoryEntry, sluice_history_entry, SLUICE, HISTORY_ENTRY, GObject)

SluiceHistoryEntry *sluice_history_entry_new            (const char *key);
/* Joins with sluice_migration_get_history_key(). */
const char         *sluice_history_entry_get_key        (SluiceHistoryEntry *self);
const char         *sluice_history_entry_get_version    (SluiceHistoryEntry *self);
const char         *sluice_history_entry_get_name       (SluiceHistoryEntry *self);  /* nullable */
const char         *sluice_history_entry_get_checksum   (SluiceHistoryEntry *self);  /* nullable */
GDateTime          *sluice_history_entry_get_applied_at (SluiceHistoryEntry *self);  /* nullable */
const char         *sluice_history_entry_get_applied_by (SluiceHistoryEntry *self);  /* nullable */
gint64              sluice_history_entry_get_execution_ms (SluiceHistoryEntry *self); /* -1: not recorded */
SluiceHistoryState  sluice_history_entry_get_state      (SluiceHistoryEntry *self);
/* Position in the order the tool applied them (0-based). */
guint               sluice_history_entry_get_rank       (SluiceHistoryEntry *self);
const char         *sluice_history_entry_get_log        (SluiceHistoryEntry *self);  /* error or tool log; nullable */

void  sluice_history_entry_set_version      (SluiceHistoryEntry *self, const char *version);
void  sluice_history_entry_set_name         (SluiceHistoryEntry *self, const char *name);
void  sluice_history_entry_set_checksum     (SluiceHistoryEntry *self, const char *checksum);
void  sluice_history_entry_set_applied_at   (SluiceHistoryEntry *self, GDateTime *applied_at);
void  sluice_history_entry_set_applied_by   (SluiceHistoryEntry *self, const char *applied_by);
void  sluice_history_entry_set_execution_ms (SluiceHistoryEntry *self, gint64 ms);
void  sluice_history_entry_set_state        (SluiceHistoryEntry *self, SluiceHistoryState state);
void  sluice_history_entry_set_rank         (SluiceHistoryEntry *self, guint rank);
void  sluice_history_entry_set_log          (SluiceHistoryEntry *self, const char *log);

/* One attempt of a run, from Sluice's sluice.run_log (or Sqitch's events). */
#define SLUICE_TYPE_RUN_RECORD (sluice_run_record_get_type ())
G_DECLARE_FINAL_TYPE (SluiceRunRecord, sluice_run_record, SLUICE, RUN_RECORD, GObject)

/* Properties: "key", "name", "direction" ("up", "down"; Sqitch: "deploy",
 * "revert", "fail"), "started-at", "finished-at" (GDateTime, nullable),
 * "success", "error", "sqlstate", "actor", "statements-done",
 * "statements-total", "note". */
SluiceRunRecord    *sluice_run_record_new               (const char *key,
                                                         const char *direction);

/* Everything read from one database. */
#define SLUICE_TYPE_HISTORY (sluice_history_get_type ())
G_DECLARE_FINAL_TYPE (SluiceHistory, sluice_history, SLUICE, HISTORY, GObject)

/* Probes the catalog (to_regclass, pg_attribute) for every known history
 * table in one round trip, then reads the tool's table: never a failing
 * query.  When several tools' tables exist, @preferred (the folder's
 * format; AUTO for none) picks the one to read, else Sluice's own, else the
 * first found. */
void                sluice_history_read_async           (SluiceConnection     *connection,
                                                         SluiceMigrationFormat preferred,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
SluiceHistory      *sluice_history_read_finish          (GAsyncResult         *result,
                                                         GError              **error);
/* As sluice_history_read_async(), reading only @project's rows from a
 * registry that several projects share (Sqitch's; the folder's
 * sluice_migration_folder_get_project()).  NULL reads every project's.
 * Finish with sluice_history_read_finish(). */
void                sluice_history_read_full_async      (SluiceConnection     *connection,
                                                         SluiceMigrationFormat preferred,
                                                         const char           *project,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);

SluiceHistoryTool   sluice_history_get_tool             (SluiceHistory *self);
/* Every tool whose table was found (SluiceHistoryTool values). */
GArray             *sluice_history_get_tools_found      (SluiceHistory *self);
/* GListModel of SluiceHistoryEntry, in applied order. */
GListModel         *sluice_history_get_entries          (SluiceHistory *self);
/* GListModel of SluiceRunRecord, oldest first (empty when the tool keeps none). */
GListModel         *sluice_history_get_run_log          (SluiceHistory *self);
SluiceHistoryEntry *sluice_history_find                 (SluiceHistory *self,
                                                         const char    *key);

/* The DDL of Sluice's own tables (schema sluice), idempotent. */
const char         *sluice_history_schema_sql           (void);

G_END_DECLS
