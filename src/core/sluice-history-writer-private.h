/* sluice-history-writer-private.h: what the history writers of each tool share
 *
 * sluice-history-writer.c writes the tables of the tools whose history is
 * one table (Drizzle, dbmate, golang-migrate, Flyway); Sqitch's registry,
 * whose rows are named by ids computed from the plan, has a file of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-history-writer.h"

G_BEGIN_DECLS

/* @text as an SQL string literal, whatever standard_conforming_strings says. */
char      *_sluice_history_writer_literal (const char *text);

GPtrArray *_sluice_history_writer_sqitch_setup  (const char       *project,
                                                 GError          **error);
GPtrArray *_sluice_history_writer_sqitch_record (const char       *project,
                                                 SluiceMigration  *migration,
                                                 SluiceRunDirection direction,
                                                 GError          **error);
/* The "fail" event Sqitch logs when a deploy fails; nothing for a revert. */
GPtrArray *_sluice_history_writer_sqitch_failure (const char       *project,
                                                  SluiceMigration  *migration,
                                                  SluiceRunDirection direction,
                                                  GError          **error);

G_END_DECLS
