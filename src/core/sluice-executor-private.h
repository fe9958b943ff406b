/* sluice-executor-private.h: what the parts of SluiceExecutor share
 *
 * sluice-executor.c runs a migration run; sluice-executor-describe.c words
 * its failures; sluice-executor-drop.c drops the invalid indexes a failed
 * CREATE INDEX CONCURRENTLY left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-executor.h"

G_BEGIN_DECLS

#define SLUICE_SQLSTATE_LOCK_NOT_AVAILABLE "55P03"

struct _SluiceExecutor
{
  GObject               parent_instance;

  SluiceConnection     *connection;
  SluiceExecuteOptions  options;      /* project and note owned */
  gboolean              busy;
  char                 *failed_version;
  GStrv                 invalid_indexes;
};

/* One run's state, the task data of sluice_executor_run_async(). */
typedef struct
{
  GPtrArray   *migrations;
  GPtrArray   *done;              /* char *: versions applied or reverted */
  guint        index;
  gboolean     lock_held;
  char        *old_lock_timeout;
  char        *old_statement_timeout;
  GError      *run_error;         /* what the caller gets, once unlocked */

  /* The migration being run */
  GPtrArray   *statements;        /* SluiceStatement; NULL when it could not be split */
  gboolean     transactional;
  guint        statements_done;
  guint        retries;           /* lock timeout retries used */
  guint        delay_ms;
  gboolean     in_transaction;
  gboolean     recording;         /* the history rows are being written */
  gboolean     committing;
  gboolean     step_sent;
  gboolean     outcome_unknown;
  gboolean     retrying;          /* the failure is a lock timeout to retry */
  gboolean     beginning;         /* the tool's begin statements are running */
  gboolean     tool_state_read;   /* golang-migrate's row is read with the begin statements */
  gboolean     tool_marked;       /* ... and was marked dirty */
  gboolean     tool_restored;     /* ... and was set back after a clean failure (or tried) */
  gboolean     tool_failure_recorded; /* the tool's own failure rows were written (or tried) */
  GPtrArray   *tool_failure_statements; /* char *, NULL-terminated: alive while they run */
  gboolean     tool_dirty_before;
  char        *tool_version_before; /* NULL: no row before */
  gboolean     left_invalid_index; /* the failed statement left an invalid index */
  gboolean     refused;           /* not run: its SQL cannot run as it says */
  gboolean     transaction_ended; /* the server had no transaction when we thought one open */
  char        *invalid_before;    /* "{oid,...}" before a CONCURRENTLY statement */
  GPtrArray   *record_statements; /* char *: the tool's history statements; NULL: Sluice's row */
  GArray      *record_owners;     /* guint per record statement: its migration, after index */
  guint        folded;            /* covered steps after index, recorded in its transaction */
  guint        record_index;
  char        *started_at;        /* ISO 8601, of the attempt */
  char        *attempt_log_id;    /* sluice.run_log.id of the last failed attempt */
  gint64       started_us;        /* of the attempt */
  gint64       migration_started_us;
  GError      *failure;           /* what the caller gets */
  GError      *cause;             /* what the run log gets */
} SluiceExecutorRun;

gboolean          _sluice_executor_going_down          (SluiceExecutor    *self);
gboolean          _sluice_executor_connection_usable   (SluiceExecutor    *self);
SluiceMigration  *_sluice_executor_current_migration   (SluiceExecutorRun *data);
const char       *_sluice_executor_migration_key       (SluiceMigration   *migration);
const char       *_sluice_executor_migration_name      (SluiceMigration   *migration);
gboolean          _sluice_executor_is_connection_loss  (const GError      *error);
/* An error message inside our own sentence, without its full stop. */
char             *_sluice_executor_dup_without_full_stop (const char      *message);
void              _sluice_executor_emit_simple         (SluiceExecutor     *self,
                                                        SluiceRunEventKind  kind,
                                                        const char         *version,
                                                        const char         *message);

/* The caller's error for the failure @error of the current migration:
 * where it stopped, why, and what was and was not changed; the server's
 * SQLSTATE, detail and hint kept. */
GError           *_sluice_executor_new_failure         (SluiceExecutor    *self,
                                                        SluiceExecutorRun *data,
                                                        const GError      *error);

G_END_DECLS
