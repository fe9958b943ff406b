/* sluice-test-pg.h: what pg tests need from the cluster the harness started
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"

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

G_END_DECLS
