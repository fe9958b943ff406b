/* sluice-demo.c: the demo project, the sandbox profile bound to it, and
 * the sandbox's demo database
 *
 * Declared in sluice-sandbox.h (the sandbox is where the demo runs) and,
 * for what the sandbox's start calls, in sluice-demo-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-applier.h"
#include "sluice-connection.h"
#include "sluice-demo-private.h"
#include "sluice-error.h"
#include "sluice-migration-folder.h"
#include "sluice-profile.h"
#include "sluice-sandbox.h"
#include "sluice-sql-quote.h"

const char *
sluice_demo_dir (void)
{
  static gsize installed_or_source;
  const char *from_env = g_getenv ("SLUICE_DEMO_DIR");

  if (from_env != NULL && *from_env != '\0')
    return from_env;

  if (g_once_init_enter (&installed_or_source))
    {
      const char *dir = SLUICE_DEMO_DIR;

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        dir = SLUICE_SOURCE_DEMO_DIR;
      g_once_init_leave (&installed_or_source, (gsize) dir);
    }

  return (const char *) installed_or_source;
}

/* Profiles */

static SluiceProfile *
find_sandbox_profile (SluiceProfileStore *store)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n_items; i++)
    {
      SluiceProfile *profile = g_list_model_get_item (G_LIST_MODEL (store), i);
      gboolean is_sandbox = sluice_profile_get_environment (profile) == SLUICE_ENVIRONMENT_SANDBOX;

      /* The store keeps its own reference. */
      g_object_unref (profile);
      if (is_sandbox)
        return profile;
    }

  return NULL;
}

/* The returned profile belongs to @store (transfer none), like
 * sluice_profile_store_find_by_name(). */
SluiceProfile *
sluice_sandbox_ensure_profile (SluiceSandbox       *self,
                               SluiceProfileStore  *store,
                               GError             **error)
{
  g_autoptr(SluiceProfile) profile = NULL;
  g_autofree char *name = NULL;
  g_autofree char *conninfo = NULL;
  SluiceProfile *existing;

  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((existing = find_sandbox_profile (store)) != NULL)
    return existing;

  /* The name is the user's to change; "Sandbox" is only the first one. */
  name = sluice_profile_store_dup_unique_name (store, _("Sandbox"));
  conninfo = sluice_sandbox_dup_conninfo (self, SLUICE_SANDBOX_DEMO_DATABASE);

  profile = sluice_profile_new (name, SLUICE_ENVIRONMENT_SANDBOX, conninfo);
  sluice_profile_set_migration_folder (profile, sluice_demo_dir ());
  sluice_profile_set_guard (profile, sluice_environment_default_guard (SLUICE_ENVIRONMENT_SANDBOX));

  if (!sluice_profile_store_add (store, profile, error))
    return NULL;

  if (!sluice_profile_store_save (store, error))
    {
      /* Keep the store as the file is, so the next save does not surprise. */
      sluice_profile_store_remove (store, profile);
      return NULL;
    }

  return profile;
}

/* Seeding the demo database */

typedef struct
{
  char             *conninfo;
  SluiceConnection *connection;
  GPtrArray        *first_half;   /* SluiceMigration */
} SeedData;

static void
seed_data_free (SeedData *data)
{
  g_clear_pointer (&data->conninfo, g_free);
  if (data->connection != NULL)
    sluice_connection_close (data->connection);
  g_clear_object (&data->connection);
  g_clear_pointer (&data->first_half, g_ptr_array_unref);
  g_free (data);
}

static void
on_seed_applied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!sluice_applier_apply_finish (result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_seed_connected (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeedData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!sluice_connection_connect_finish (data->connection, result, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not connect to the demo database: %s. No demo migration "
                                 "was applied."),
                               error->message);
      return;
    }

  sluice_applier_apply_async (data->connection, data->first_half,
                              g_task_get_cancellable (task),
                              on_seed_applied, g_object_ref (task));
}

/* A problem in the demo folder is a packaging fault: better to apply
 * nothing than a first half with a hole in it. */
static gboolean
check_demo_folder (SluiceMigrationFolder  *folder,
                   GError                **error)
{
  GPtrArray *problems = sluice_migration_folder_get_problems (folder);
  SluiceFolderProblem *problem;

  if (problems == NULL || problems->len == 0)
    return TRUE;

  problem = g_ptr_array_index (problems, 0);
  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("The demo folder has a broken file, “%s” (line %u): %s No demo migration was "
                 "applied."),
               problem->path, problem->line, problem->message);
  return FALSE;
}

static void
on_demo_folder_loaded (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeedData *data = g_task_get_task_data (task);
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *migrations;
  guint half;

  folder = sluice_migration_folder_load_finish (result, &error);
  if (folder == NULL)
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("The demo folder “%s” could not be read: %s. No demo migration "
                                 "was applied."),
                               sluice_demo_dir (), error->message);
      return;
    }

  if (!check_demo_folder (folder, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  migrations = sluice_migration_folder_get_migrations (folder);
  half = (g_list_model_get_n_items (migrations) + 1) / 2;
  data->first_half = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < half; i++)
    g_ptr_array_add (data->first_half, g_list_model_get_item (migrations, i));

  data->connection = sluice_connection_new (data->conninfo, NULL);
  sluice_connection_connect_async (data->connection, g_task_get_cancellable (task),
                                   on_seed_connected, g_object_ref (task));
}

void
_sluice_demo_seed_async (const char          *conninfo,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SeedData *data;

  g_return_if_fail (conninfo != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sluice_demo_seed_async);

  data = g_new0 (SeedData, 1);
  data->conninfo = g_strdup (conninfo);
  g_task_set_task_data (task, data, (GDestroyNotify) seed_data_free);

  /* Reading the folder is file I/O: it runs in a thread. */
  sluice_migration_folder_load_async (sluice_demo_dir (), SLUICE_MIGRATION_FORMAT_SLUICE,
                                      cancellable, on_demo_folder_loaded,
                                      g_steal_pointer (&task));
}

gboolean
_sluice_demo_seed_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _sluice_demo_seed_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Creating the demo database */

typedef struct
{
  char                   *demo_conninfo;
  SluiceConnection       *connection;   /* to the "postgres" database */
  SluiceDemoProgressFunc  progress;
  gpointer                progress_data;
  gboolean                created;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_pointer (&data->demo_conninfo, g_free);
  if (data->connection != NULL)
    sluice_connection_close (data->connection);
  g_clear_object (&data->connection);
  g_free (data);
}

static void
on_demo_database_seeded (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_sluice_demo_seed_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Only right after CREATE DATABASE: a fresh demo database gets the first
 * half of the demo folder, so that its history and pending list are real. */
static void
seed_demo_database (GTask *task)
{
  PrepareData *data = g_task_get_task_data (task);

  data->created = TRUE;
  data->progress (_("Applying the demo migrations…"), data->progress_data);
  _sluice_demo_seed_async (data->demo_conninfo, g_task_get_cancellable (task),
                           on_demo_database_seeded, g_object_ref (task));
}

static void
on_demo_database_created (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SluiceResult) query_result = NULL;
  GError *error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);

  /* 42P04 duplicate_database: another client created it meanwhile, and
   * a database Sluice did not create is never seeded. */
  if (query_result == NULL && sluice_server_error_matches (error, "42P04"))
    {
      g_clear_error (&error);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (query_result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  seed_demo_database (task);
}

static void
on_demo_database_checked (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrepareData *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  GError *error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (sluice_result_get_n_rows (query_result) > 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* SluiceConnection hides its PGconn, so PQescapeIdentifier is not at
   * hand; the name is our own constant anyway. */
  quoted = sluice_quote_identifier (SLUICE_SANDBOX_DEMO_DATABASE);
  sql = g_strconcat ("CREATE DATABASE ", quoted, NULL);
  sluice_connection_query_async (data->connection, sql, NULL, 0,
                                 g_task_get_cancellable (task),
                                 on_demo_database_created, g_object_ref (task));
}

static void
on_admin_connection_ready (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrepareData *data = g_task_get_task_data (task);
  const char *params[] = { SLUICE_SANDBOX_DEMO_DATABASE };
  GError *error = NULL;

  if (!sluice_connection_connect_finish (SLUICE_CONNECTION (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  sluice_connection_query_async (data->connection,
                                 "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1",
                                 params, G_N_ELEMENTS (params),
                                 g_task_get_cancellable (task),
                                 on_demo_database_checked, g_object_ref (task));
}

void
_sluice_demo_database_prepare_async (const char             *admin_conninfo,
                                     const char             *demo_conninfo,
                                     GCancellable           *cancellable,
                                     SluiceDemoProgressFunc  progress,
                                     gpointer                progress_data,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  PrepareData *data;

  g_return_if_fail (admin_conninfo != NULL);
  g_return_if_fail (demo_conninfo != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (progress != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sluice_demo_database_prepare_async);

  data = g_new0 (PrepareData, 1);
  data->demo_conninfo = g_strdup (demo_conninfo);
  data->connection = sluice_connection_new (admin_conninfo, NULL);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);

  sluice_connection_connect_async (data->connection, cancellable,
                                   on_admin_connection_ready, g_steal_pointer (&task));
}

gboolean
_sluice_demo_database_prepare_finish (GAsyncResult  *result,
                                      gboolean      *created,
                                      GError       **error)
{
  PrepareData *data;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _sluice_demo_database_prepare_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (created != NULL)
    *created = data->created;

  return g_task_propagate_boolean (G_TASK (result), error);
}
