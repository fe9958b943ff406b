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

/* to_regclass('public.@name') as text: @name, or NULL when there is none. */
char            *executor_test_relation  (const char *conninfo,
                                          const char *name);
void             executor_test_assert_relation (const char *conninfo,
                                                const char *name,
                                                gboolean    exists);
/* No session keeps Sluice's advisory lock after a run, whatever happened. */
void             executor_test_assert_advisory_lock_free (const char *conninfo);

G_END_DECLS
