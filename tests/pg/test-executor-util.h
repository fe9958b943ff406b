/* test-executor-util.h: what test-executor and test-executor-faults share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice.h"
#include "sluice-test-pg.h"

G_BEGIN_DECLS

/* Called for every event as it is emitted, before it is kept. */
typedef void (*ExecutorEventHook) (SluiceRunEvent *event,
                                   gpointer        user_data);

typedef struct
{
  GPtrArray         *events;      /* SluiceRunEvent, in order */
  ExecutorEventHook  hook;
  gpointer           hook_data;
} ExecutorLog;

/* A migration of Sluice's format made by hand; @down_sql nullable. */
SluiceMigration *executor_test_migration (const char *version,
                                          const char *name,
                                          const char *up_sql,
                                          const char *down_sql,
                                          gboolean    transactional);

/* Runs @executor over @migrations, spinning the main loop, keeping every
 * event in @log (nullable) and printing each as the CLI would. */
gboolean         executor_test_run       (SluiceExecutor  *executor,
                                          GPtrArray       *migrations,
                                          ExecutorLog     *log,
                                          GStrv           *done,
                                          GError         **error);

void             executor_log_init       (ExecutorLog *log);
void             executor_log_clear      (ExecutorLog *log);
/* How many events of @kind the log holds. */
guint            executor_log_count      (ExecutorLog        *log,
                                          SluiceRunEventKind  kind);
/* The kinds in order, as their stable names joined by ' '. */
char            *executor_log_kinds      (ExecutorLog *log);

/* The first column of the first row, or NULL; by plain libpq, on a
 * connection of its own. */
char            *executor_test_query     (const char *conninfo,
                                          const char *sql);

/* A libpq session of the test's own, kept open (to hold locks). */
gpointer         executor_test_session_open  (const char *conninfo);
/* Runs @sql on @session; aborts the test on error. */
void             executor_test_session_exec  (gpointer    session,
                                              const char *sql);
void             executor_test_session_close (gpointer    session);

G_END_DECLS
