/* sluice-test-pg.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sluice-test-pg.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <unistd.h>

static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    g_error ("%s is not set: pg tests run under sluice-pg-harness (meson test --suite pg)", name);
  return value;
}

static char *
conninfo_for (const char *dbname)
{
  return g_strdup_printf ("host='%s' port=%s user='%s' dbname='%s' application_name=sluice-tests",
                          require_env ("SLUICE_TEST_PGHOST"),
                          require_env ("SLUICE_TEST_PGPORT"),
                          require_env ("SLUICE_TEST_PGUSER"),
                          dbname);
}

char *
sluice_test_pg_admin_conninfo (void)
{
  return conninfo_for ("postgres");
}

void
sluice_test_pg_exec (const char *conninfo,
                     const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("connecting to %s: %s", conninfo, PQerrorMessage (conn));

  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK &&
      PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));

  PQclear (result);
  PQfinish (conn);
}

void
sluice_test_pg_exec_all (const char *conninfo,
                         GPtrArray  *statements)
{
  g_assert_nonnull (statements);
  for (guint i = 0; i < statements->len; i++)
    sluice_test_pg_exec (conninfo, g_ptr_array_index (statements, i));
}

char *
sluice_test_pg_query_value (const char *conninfo,
                            const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;
  char *value = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("connecting to %s: %s", conninfo, PQerrorMessage (conn));

  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));

  PQclear (result);
  PQfinish (conn);
  return value;
}

char *
sluice_test_pg_new_database (void)
{
  static guint counter;
  g_autofree char *admin = sluice_test_pg_admin_conninfo ();
  g_autofree char *name = g_strdup_printf ("test_%d_%u", (int) getpid (), ++counter);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

  sluice_test_pg_exec (admin, sql);
  return conninfo_for (name);
}

PGconn *
sluice_test_pg_session_open (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

void
sluice_test_pg_session_exec (PGconn     *session,
                             const char *sql)
{
  PGresult *result = PQexec (session, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
sluice_test_wait_for (const gboolean *flag,
                      guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("timed out after %u ms", timeout_ms);
  g_source_remove (id);
}

void
sluice_test_store_result (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  SluiceTestAsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

SluiceConnection *
sluice_test_pg_connect (const char *conninfo)
{
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };

  sluice_connection_connect_async (connection, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_true (sluice_connection_connect_finish (connection, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
  return g_steal_pointer (&connection);
}

SluiceResult *
sluice_test_query (SluiceConnection *connection,
                   const char       *sql)
{
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };
  SluiceResult *result;

  sluice_connection_query_async (connection, sql, NULL, 0, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  result = sluice_connection_query_finish (connection, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  return result;
}

char *
sluice_test_make_folder (const char         *label,
                         const char * const *names_and_texts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("sluice-%s-XXXXXX", label);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  for (guint i = 0; names_and_texts[i] != NULL; i += 2)
    {
      g_autofree char *path = g_build_filename (dir, names_and_texts[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, names_and_texts[i + 1], -1, &error));
      g_assert_no_error (error);
    }
  return dir;
}

GPtrArray *
sluice_test_folder_migrations (SluiceMigrationFolder *folder)
{
  GListModel *model = sluice_migration_folder_get_migrations (folder);
  GPtrArray *migrations = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (migrations, g_list_model_get_item (model, i));
  return migrations;
}
