/* sluice-executor-private.h: what the parts of SluiceExecutor share
 *
 * sluice-executor.c holds the type and a run's task; the run's steps are
 * in sluice-executor-lock.c (the advisory lock and timeouts),
 * -migration.c (each migration's statements), -transaction.c (its
 * transaction and the script's own), -record.c (the history rows of a
 * success), -failure.c (what follows a failed attempt), -retry.c (lock
 * timeout retries), -invalid-index.c (what a failed CONCURRENTLY leaves)
 * and -tool.c (the folder's tool's own history).
 * sluice-executor-describe.c words its failures; sluice-executor-drop.c
 * drops the invalid indexes a failed CREATE INDEX CONCURRENTLY left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

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

/* sluice-executor.c: a run's task and what its steps share */
void              _sluice_executor_run_reset_migration (SluiceExecutorRun *data);
const char       *_sluice_executor_migration_sql       (SluiceExecutor    *self,
                                                        SluiceMigration   *migration);
/* Milliseconds since the current attempt started. */
gint64            _sluice_executor_attempt_ms          (SluiceExecutorRun *data);
/* sluice.run_log.note: how the migration ran, @extra (nullable), the
 * caller's note; NULL when there is nothing to say. */
char             *_sluice_executor_run_log_note        (SluiceExecutor    *self,
                                                        SluiceExecutorRun *data,
                                                        const char        *extra);
void              _sluice_executor_emit_event          (SluiceExecutor    *self,
                                                        SluiceRunEvent    *event);
void              _sluice_executor_send_step           (GTask               *task,
                                                        const char          *sql,
                                                        const char * const  *params,
                                                        int                  n_params,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback);
/* Returns the task: the run's last step, once its guards are given back. */
void              _sluice_executor_complete_run        (GTask             *task);

/* sluice-executor-lock.c: the advisory lock and the session's timeouts */
void              _sluice_executor_take_advisory_lock  (GTask             *task);
/* Takes @error (nullable: success). */
void              _sluice_executor_finish_run          (GTask             *task,
                                                        GError            *error);

/* sluice-executor-migration.c: the steps of one migration */
void              _sluice_executor_start_next_migration (GTask            *task);
void              _sluice_executor_start_attempt       (GTask             *task);
void              _sluice_executor_send_statement      (GTask             *task);
void              _sluice_executor_migration_done      (GTask             *task);

/* sluice-executor-transaction.c: a migration's transaction */
gboolean          _sluice_executor_choose_transaction  (SluiceExecutor     *self,
                                                        SluiceExecutorRun  *data,
                                                        GError            **error);
PGTransactionStatusType
                  _sluice_executor_transaction_status  (SluiceExecutor    *self);

/* sluice-executor-record.c: the history of a migration that succeeded */
void              _sluice_executor_prepare_history_tables (GTask          *task);
void              _sluice_executor_record_success      (GTask             *task);

/* sluice-executor-failure.c: what follows a failed attempt */
/* Takes @error. */
void              _sluice_executor_fail_attempt        (GTask             *task,
                                                        GError            *error);
void              _sluice_executor_log_attempt         (GTask             *task);
void              _sluice_executor_after_attempt_logged (GTask            *task);

/* sluice-executor-retry.c: lock timeout retries */
void              _sluice_executor_schedule_retry      (GTask             *task);

/* sluice-executor-invalid-index.c: what a failed CONCURRENTLY leaves */
gboolean          _sluice_executor_may_leave_invalid_index (const char    *sql);
void              _sluice_executor_read_invalid_before (GTask             *task);
void              _sluice_executor_check_invalid_indexes (GTask           *task);

/* sluice-executor-tool.c: the folder's tool's own history */
void              _sluice_executor_run_tool_begin      (GTask             *task);
void              _sluice_executor_restore_tool_state  (GTask             *task);
void              _sluice_executor_record_tool_failure (GTask             *task);

G_END_DECLS
