/* sluice-rehearsal-clone.c: the target's schema, cloned into the sandbox
 *
 * A new database in the sandbox cluster, then, read from the target (and
 * only read): the roles its dump names, created NOLOGIN where the sandbox
 * lacks them; its schema, dumped with pg_dump --schema-only and restored
 * with psql; for a Sqitch folder, the rows of its registry too; last, a
 * twin of the restored database (CREATE DATABASE ... TEMPLATE) for the
 * probe pass.  Apart from the rest because it is the only part that talks
 * to the target and runs programs: what comes after sees the sandbox only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sluice-error.h"
#include "sluice-pg-client.h"
#include "sluice-rehearsal-private.h"
#include "sluice-sql-quote.h"

/* The twin ------------------------------------------------------------------------ */

static void
on_probe_created (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rows = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_prefix_error (&error, _("Could not copy the rehearsal database in the sandbox: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  job->created_probe = TRUE;
  _sluice_rehearsal_connect_next (task);
}

/* A copy of the restored schema, made while nobody is connected to it. */
static void
create_probe_database (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autofree char *probe = sluice_quote_identifier (job->probe_name);
  g_autofree char *source = sluice_quote_identifier (job->self->database_name);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", probe, source);

  sluice_connection_query_async (job->admin, sql, NULL, 0, job->cancellable,
                                 on_probe_created, g_object_ref (task));
}

/* Cloning the schema -------------------------------------------------------------- */

/* The program's error output, trimmed, for a message. */
static gboolean
program_succeeded (GSubprocess   *subprocess,
                   GAsyncResult  *result,
                   const char    *program,
                   GError       **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!g_subprocess_communicate_utf8_finish (subprocess, result, &out, &err, error))
    return FALSE;

  if (g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) == 0)
    return TRUE;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
               /* Translators: "pg_dump failed: <its message>" */
               _("%s failed: %s"), program, err != NULL ? g_strstrip (err) : "");
  return FALSE;
}

static gboolean
spawn_program (SluiceRehearsalJob  *job,
               SluicePgClient      *client,
               const char          *program,
               const char         **args,
               GError             **error)
{
  g_autofree char *path = sluice_pg_client_find_program (program, error);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  if (path == NULL)
    return FALSE;

  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_clear_object (&job->launcher);
  g_clear_object (&job->subprocess);
  job->launcher = sluice_pg_client_new_launcher (client);
  job->subprocess = g_subprocess_launcher_spawnv (job->launcher, (const char * const *) argv->pdata, error);
  return job->subprocess != NULL;
}

static void copy_registry (GTask *task);

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!program_succeeded (G_SUBPROCESS (object), result, "psql", &error))
    {
      g_prefix_error (&error, _("The target's schema could not be restored in the sandbox: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  copy_registry (task);
}

/* psql runs job->dump_path in the rehearsal database. */
static void
restore_dump (GTask               *task,
              GAsyncReadyCallback  callback)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autofree char *conninfo = _sluice_rehearsal_dup_sandbox_conninfo (job, job->self->database_name);
  g_autoptr(SluicePgClient) client = NULL;
  GError *error = NULL;
  const char *args[] = {
    "--no-psqlrc", "--quiet", "--no-password", "--set", "ON_ERROR_STOP=1",
    "--dbname", conninfo, "--file", job->dump_path, NULL
  };

  client = sluice_pg_client_new_for_conninfo (conninfo, NULL, &error);
  if (client == NULL || !spawn_program (job, client, "psql", args, &error))
    {
      _sluice_rehearsal_fail (task, error);
      return;
    }

  g_subprocess_communicate_utf8_async (job->subprocess, NULL, job->cancellable,
                                       callback, g_object_ref (task));
}

/* Sqitch's registry: its rows, not only its tables ------------------------------ */

static void
on_registry_restored (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!program_succeeded (G_SUBPROCESS (object), result, "psql", &error))
    {
      g_prefix_error (&error, _("The target's Sqitch registry could not be copied to the sandbox: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  create_probe_database (task);
}

static void
on_registry_dumped (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!program_succeeded (G_SUBPROCESS (object), result, "pg_dump", &error))
    {
      g_prefix_error (&error, _("The target's Sqitch registry could not be dumped: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  restore_dump (task, on_registry_restored);
}

static void
on_registry_probed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(SluicePgClient) client = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_prefix_error (&error, _("The target's Sqitch registry could not be read: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  /* No registry yet: the executor's setup creates an empty one, as the
   * target's first `sqitch deploy` would. */
  if (sluice_result_get_n_rows (rows) == 0)
    {
      create_probe_database (task);
      return;
    }

  client = sluice_pg_client_new (job->self->target, &error);
  if (client == NULL)
    {
      _sluice_rehearsal_fail (task, error);
      return;
    }

  g_unlink (job->dump_path);
  g_free (job->dump_path);
  job->dump_path = g_build_filename (job->work_dir, "sqitch-registry.sql", NULL);

  {
    const char *args[] = {
      "--data-only", "--schema=sqitch", "--no-password", "--file", job->dump_path,
      "--dbname", sluice_pg_client_get_conninfo (client), NULL
    };

    if (!spawn_program (job, client, "pg_dump", args, &error))
      {
        _sluice_rehearsal_fail (task, error);
        return;
      }
  }

  g_subprocess_communicate_utf8_async (job->subprocess, NULL, job->cancellable,
                                       on_registry_dumped, g_object_ref (task));
}

/* The sandbox copy is schema-only, but a Sqitch change that requires one
 * deployed before names it in sqitch.dependencies, whose dependency_id
 * must be a row of sqitch.changes (NOT NULL for a require, a foreign key):
 * without the target's registry rows the rehearsal would fail where the
 * real run does not.  The registry is small; the rows are copied as they
 * are, so the history writer stays exactly Sqitch's. */
static void
copy_registry (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);

  if (job->self->history_format != SLUICE_MIGRATION_FORMAT_SQITCH)
    {
      create_probe_database (task);
      return;
    }

  sluice_connection_query_async (job->self->target,
                                 "SELECT 1 FROM pg_namespace WHERE nspname = 'sqitch'",
                                 NULL, 0, job->cancellable, on_registry_probed, g_object_ref (task));
}

static void
on_dumped (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!program_succeeded (G_SUBPROCESS (object), result, "pg_dump", &error))
    {
      g_prefix_error (&error, _("The target's schema could not be dumped: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  restore_dump (task, on_restored);
}

static void
dump_schema (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(SluicePgClient) client = NULL;
  GError *error = NULL;

  client = sluice_pg_client_new (job->self->target, &error);
  if (client == NULL)
    {
      _sluice_rehearsal_fail (task, error);
      return;
    }

  job->work_dir = g_dir_make_tmp ("sluice-rehearsal-XXXXXX", &error);
  if (job->work_dir == NULL)
    {
      _sluice_rehearsal_fail (task, error);
      return;
    }
  job->dump_path = g_build_filename (job->work_dir, "schema.sql", NULL);

  {
    const char *args[] = {
      "--schema-only", "--no-password", "--file", job->dump_path,
      "--dbname", sluice_pg_client_get_conninfo (client), NULL
    };

    if (!spawn_program (job, client, "pg_dump", args, &error))
      {
        _sluice_rehearsal_fail (task, error);
        return;
      }
  }

  g_subprocess_communicate_utf8_async (job->subprocess, NULL, job->cancellable,
                                       on_dumped, g_object_ref (task));
}

static void
on_roles_created (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_prefix_error (&error, _("The roles the target's schema names could not be created in the sandbox: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  dump_schema (task);
}

static void
on_sandbox_roles_read (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GHashTable) existing = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  GStrv wanted = g_object_get_data (G_OBJECT (task), "target-roles");
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      _sluice_rehearsal_fail (task, error);
      return;
    }

  existing = g_hash_table_new (g_str_hash, g_str_equal);
  for (int row = 0; row < sluice_result_get_n_rows (rows); row++)
    g_hash_table_add (existing, (gpointer) sluice_result_get_value (rows, row, 0));

  for (guint i = 0; wanted != NULL && wanted[i] != NULL; i++)
    {
      g_autofree char *quoted = NULL;

      if (g_hash_table_contains (existing, wanted[i]))
        continue;
      quoted = sluice_quote_identifier (wanted[i]);
      g_ptr_array_add (statements, g_strdup_printf ("CREATE ROLE %s NOLOGIN", quoted));
    }

  if (statements->len == 0)
    {
      dump_schema (task);
      return;
    }

  g_ptr_array_add (statements, NULL);
  sluice_connection_pipeline_async (job->admin, (const char * const *) statements->pdata, job->cancellable,
                                    on_roles_created, g_object_ref (task));
}

/* The roles that own something in the target database or were granted
 * something there (pg_shdepend), its owner and the bootstrap superuser:
 * the roles its dump names. */
static const char target_roles_sql[] =
  "SELECT r.rolname FROM pg_roles r"
  " WHERE r.rolname !~ '^pg_'"
  "   AND (r.oid IN (SELECT d.refobjid FROM pg_shdepend d"
  "                   WHERE d.refclassid = 'pg_authid'::regclass"
  "                     AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()))"
  "        OR r.oid = (SELECT datdba FROM pg_database WHERE datname = current_database())"
  "        OR r.oid = 10)"
  " ORDER BY 1";

static void
on_target_roles_read (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_prefix_error (&error, _("The roles of the target could not be read: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  for (int row = 0; row < sluice_result_get_n_rows (rows); row++)
    g_strv_builder_add (builder, sluice_result_get_value (rows, row, 0));
  g_object_set_data_full (G_OBJECT (task), "target-roles", g_strv_builder_end (builder),
                          (GDestroyNotify) g_strfreev);

  sluice_connection_query_async (job->admin, "SELECT rolname FROM pg_roles", NULL, 0, job->cancellable,
                                 on_sandbox_roles_read, g_object_ref (task));
}

static void
on_database_created (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rows = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_prefix_error (&error, _("Could not create the rehearsal database in the sandbox: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  job->created_database = TRUE;
  sluice_connection_query_async (job->self->target, target_roles_sql, NULL, 0, job->cancellable,
                                 on_target_roles_read, g_object_ref (task));
}

static void
on_admin_connected (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  GError *error = NULL;

  if (!sluice_connection_connect_finish (SLUICE_CONNECTION (object), result, &error))
    {
      g_prefix_error (&error, _("Could not connect to the sandbox: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  quoted = sluice_quote_identifier (job->self->database_name);
  sql = g_strdup_printf ("CREATE DATABASE %s", quoted);
  sluice_connection_query_async (job->admin, sql, NULL, 0, job->cancellable,
                                 on_database_created, g_object_ref (task));
}

/* The first stage: everything starts from the sandbox's maintenance
 * database. */
void
_sluice_rehearsal_clone (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);

  job->admin = _sluice_rehearsal_new_sandbox_connection (job, "postgres");
  sluice_connection_connect_async (job->admin, job->cancellable, on_admin_connected, g_object_ref (task));
}
