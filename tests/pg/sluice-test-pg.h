/* sluice-test-pg.h: what pg tests need from the cluster the harness started,
 * and the scaffolding they share (waiting, connecting, queries, folders)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "sluice-connection.h"
#include "sluice-migration-folder.h"

G_BEGIN_DECLS

/* The harness exports SLUICE_TEST_PGHOST (the socket directory),
 * SLUICE_TEST_PGPORT and SLUICE_TEST_PGUSER (a superuser role). */

/* A conninfo for the maintenance database "postgres". */
char     *sluice_test_pg_admin_conninfo (void);
/* Creates a database no other test uses and returns its conninfo. */
char     *sluice_test_pg_new_database   (void);
/* Runs @sql (blocking; fine in tests) on @conninfo; aborts the test on error. */
void      sluice_test_pg_exec           (const char *conninfo,
                                         const char *sql);
/* Runs each of @statements (SQL text) with sluice_test_pg_exec(). */
void      sluice_test_pg_exec_all       (const char *conninfo,
                                         GPtrArray  *statements);
/* The first column of the first row of @sql (blocking, on a connection of
 * its own), or NULL when there is no row or the value is NULL; aborts the
 * test unless @sql returns rows. */
char     *sluice_test_pg_query_value    (const char *conninfo,
                                         const char *sql);
/* A libpq session of the test's own, kept open (the other session that
 * holds locks, say); PQfinish() it. */
PGconn   *sluice_test_pg_session_open   (const char *conninfo);
/* Runs @sql on @session; aborts the test unless it succeeds. */
void      sluice_test_pg_session_exec   (PGconn     *session,
                                         const char *sql);
/* Iterates the default main context until *@flag is TRUE, failing the test
 * after @timeout_ms. */
void      sluice_test_wait_for          (const gboolean *flag,
                                         guint           timeout_ms);

/* One asynchronous call's result: pass sluice_test_store_result() as the
 * callback and the struct as its data, then sluice_test_wait_for
 * (&wait.done, ...); unref @result after its _finish(). */
typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} SluiceTestAsyncWait;

void              sluice_test_store_result (GObject      *object,
                                            GAsyncResult *result,
                                            gpointer      user_data);
/* A connection to @conninfo, connected; fails the test if it cannot be. */
SluiceConnection *sluice_test_pg_connect   (const char   *conninfo);
/* Runs @sql on @connection, spinning the main loop; fails the test on
 * error. */
SluiceResult     *sluice_test_query        (SluiceConnection *connection,
                                            const char       *sql);


/* A new temporary folder "sluice-@label-XXXXXX" holding @names_and_texts
 * (file name, text, ..., NULL); a name may hold sub-folders. */
char             *sluice_test_make_folder       (const char                 *label,
                                                 const char * const         *names_and_texts);
/* @folder's migrations in order, as a new array that owns them. */
GPtrArray        *sluice_test_folder_migrations (SluiceMigrationFolder      *folder);

G_END_DECLS
