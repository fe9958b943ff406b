/* sluice-history-writer.h: recording a run in the folder tool's own table
 *
 * When a project's migrations belong to another tool (Drizzle, dbmate,
 * golang-migrate, Flyway, Sqitch), Sluice writes that tool's history table
 * exactly as the tool itself would: same table, same columns, same values
 * (Drizzle's sha256 hash and folder millis, golang-migrate's single row and
 * dirty flag, Flyway's installed_rank and CRC32 checksum, Sqitch's change
 * ids, events and tags), so that `drizzle-kit migrate`, `dbmate status`,
 * `migrate version`, `flyway info` and `sqitch status` see the migration
 * as applied (or, after a rollback, as not applied).
 *
 * The statements returned are complete SQL (values quoted as literals,
 * identifiers with sluice_sql_quote), to be run by the executor on the
 * run's connection: setup once before the first migration; record inside
 * the migration's transaction, after its statements.  For SLUICE and PLAIN
 * formats they are empty arrays (Sluice's own tables are the executor's).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sluice-migration.h"
#include "sluice-types.h"

G_BEGIN_DECLS

/* Creates the tool's history table(s) when missing, as the tool does on
 * its first run (CREATE ... IF NOT EXISTS).  char * each. */
GPtrArray  *sluice_history_writer_setup_statements  (SluiceMigrationFormat  format,
                                                     const char            *project,
                                                     GError               **error);

/* Before the migration's statements (golang-migrate marks the version
 * dirty first, outside the transaction, and clears it after).  Empty for
 * most tools. */
GPtrArray  *sluice_history_writer_begin_statements  (SluiceMigrationFormat  format,
                                                     SluiceMigration       *migration,
                                                     SluiceRunDirection     direction,
                                                     GError               **error);

/* Records @migration as applied (UP) or removes it (DOWN), as the tool
 * does when its own run succeeds.  @execution_ms for tools that keep it. */
GPtrArray  *sluice_history_writer_record_statements (SluiceMigrationFormat  format,
                                                     const char            *project,
                                                     SluiceMigration       *migration,
                                                     SluiceRunDirection     direction,
                                                     gint64                 execution_ms,
                                                     GError               **error);

/* The statements the tool itself writes when its run of @migration
 * fails, to be run on the run's connection after the failure, outside
 * the failed transaction (after its ROLLBACK), in autocommit:
 *  - Flyway: a row with success = false, but only for a migration that
 *    runs outside a transaction (a transactional one is rolled back and
 *    leaves no row, as Flyway's DbMigrate on PostgreSQL);
 *  - Sqitch: a "fail" event in sqitch.events for a deploy (a failed
 *    revert logs nothing);
 *  - the others write nothing (golang-migrate's dirty row is its begin
 *    statements' doing): an empty array.
 * NULL and @error when the rows cannot be made. */
GPtrArray  *sluice_history_writer_failure_statements (SluiceMigrationFormat  format,
                                                      const char            *project,
                                                      SluiceMigration       *migration,
                                                      SluiceRunDirection     direction,
                                                      gint64                 execution_ms,
                                                      GError               **error);

G_END_DECLS
