/* sluice-rollback-plan.c: how to go back to a version
 *
 * The plan is made in three moves:
 *  1. from the status report, the migrations applied above the target,
 *     newest first, and for each the SQL that reverts it: its own down
 *     script, else the newest "*-before-VERSION.json" pre-snapshot in the
 *     profile's snapshot folder, else the plan fails naming it;
 *  2. when a step needs generated DDL, the live catalog is captured (once);
 *  3. on a worker thread, the snapshots are loaded and diffed: the first
 *     step goes from the live catalog to its pre-snapshot, a later one from
 *     the pre-snapshot of the step before it (the state that step leaves).
 *     Down scripts are linted for what loses data.
 *
 * The tools' history tables are not the migrations' doing: objects of
 * Sluice's, Drizzle's and Sqitch's schemas and the schema_migrations and
 * flyway_schema_history tables are left out of the generated DDL, so a
 * pre-snapshot taken before a tool's first run never drops its history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-catalog.h"
#include "sluice-diff.h"
#include "sluice-error.h"
#include "sluice-lint.h"
#include "sluice-rollback-plan.h"

typedef struct
{
  SluiceMigration      *original;   /* as read from the folder; NULL when its file is missing */
  SluiceHistoryEntry   *entry;
  SluiceRollbackSource  source;
  GFile                *snapshot;   /* the pre-snapshot its generated DDL goes back to; nullable */
  /* Reverted by the generated DDL of a newer step of the same run (the
   * runner snapshots a run once, before its first migration): its own
   * down SQL does nothing, and its history rows go. */
  gboolean              covered;
  SluiceMigration      *step;       /* what will run: down SQL set */
  GStrv                 warnings;
} PlanStep;

struct _SluiceRollbackPlan
{
  GObject    parent_instance;

  char      *target_version;
  GPtrArray *steps;        /* PlanStep */
  GPtrArray *migrations;   /* SluiceMigration, the steps' */
};

G_DEFINE_FINAL_TYPE (SluiceRollbackPlan, sluice_rollback_plan, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TARGET_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Lint rules whose finding means data is lost. */
static const char * const data_loss_rules[] = {
  "drop-column", "drop-table", "drop-schema", "drop-database", "truncate",
  "update-delete-without-where", NULL
};

/* Schemas whose objects are history, never a migration's. */
static const char * const history_schemas[] = { "sluice", "drizzle", "sqitch", NULL };
/* Tables, in any schema, that are some tool's history. */
static const char * const history_tables[] = { "schema_migrations", "flyway_schema_history", NULL };

static void
plan_step_free (PlanStep *step)
{
  g_clear_object (&step->original);
  g_clear_object (&step->entry);
  g_clear_object (&step->snapshot);
  g_clear_object (&step->step);
  g_clear_pointer (&step->warnings, g_strfreev);
  g_free (step);
}

static void
sluice_rollback_plan_finalize (GObject *object)
{
  SluiceRollbackPlan *self = (SluiceRollbackPlan *) object;

  g_clear_pointer (&self->target_version, g_free);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->migrations, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_rollback_plan_parent_class)->finalize (object);
}

static void
sluice_rollback_plan_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SluiceRollbackPlan *self = SLUICE_ROLLBACK_PLAN (object);

  switch (prop_id)
    {
    case PROP_TARGET_VERSION:
      g_value_set_string (value, self->target_version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_rollback_plan_class_init (SluiceRollbackPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_rollback_plan_finalize;
  object_class->get_property = sluice_rollback_plan_get_property;

  properties[PROP_TARGET_VERSION] =
    g_param_spec_string ("target-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_rollback_plan_init (SluiceRollbackPlan *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_step_free);
  self->migrations = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Building --------------------------------------------------------------- */

typedef struct
{
  SluiceRollbackPlan *plan;
  SluiceConnection   *connection;
  SluiceCatalog      *live;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_object (&data->plan);
  g_clear_object (&data->connection);
  g_clear_object (&data->live);
  g_free (data);
}

static gboolean
is_applied (SluiceMigrationStatus status)
{
  return status == SLUICE_STATUS_APPLIED ||
         status == SLUICE_STATUS_DRIFT ||
         status == SLUICE_STATUS_OUT_OF_ORDER ||
         status == SLUICE_STATUS_MISSING;
}

static gboolean
item_is_version (SluiceStatusItem *item,
                 const char       *version)
{
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);

  if (g_strcmp0 (sluice_status_item_get_version (item), version) == 0)
    return TRUE;
  if (entry != NULL && g_strcmp0 (sluice_history_entry_get_key (entry), version) == 0)
    return TRUE;

  return sluice_status_item_get_version (item) != NULL &&
         sluice_status_item_get_migration (item) != NULL &&
         sluice_version_compare (sluice_status_item_get_version (item), version) == 0 &&
         sluice_migration_get_format (sluice_status_item_get_migration (item)) != SLUICE_MIGRATION_FORMAT_SQITCH;
}

/* The newest "*-before-VERSION.json" of @folder: names start with the
 * time, so the last in byte order is the newest. */
static GFile *
find_pre_snapshot (GFile      *folder,
                   const char *version)
{
  g_autofree char *path = g_file_get_path (folder);
  g_autofree char *safe_version = g_strdup (version);
  g_autofree char *suffix = NULL;
  g_autofree char *best = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL || (dir = g_dir_open (path, 0, NULL)) == NULL)
    return NULL;

  /* The runner writes the version with characters outside
   * [A-Za-z0-9._-] turned into '_'. */
  g_strcanon (safe_version, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", '_');
  suffix = g_strconcat ("-before-", safe_version, ".json", NULL);

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, suffix) && (best == NULL || strcmp (name, best) > 0))
      {
        g_free (best);
        best = g_strdup (name);
      }

  return best != NULL ? g_file_get_child (folder, best) : NULL;
}

static SluiceMigration *
copy_migration (PlanStep   *step,
                const char *down_sql)
{
  SluiceMigration *original = step->original;
  SluiceMigration *copy;
  const char * const *files;

  if (original == NULL)
    {
      /* Its file is gone: the history entry says what it was. */
      copy = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SLUICE,
                                   sluice_history_entry_get_version (step->entry) != NULL
                                   ? sluice_history_entry_get_version (step->entry)
                                   : sluice_history_entry_get_key (step->entry),
                                   sluice_history_entry_get_name (step->entry));
      sluice_migration_set_history_key (copy, sluice_history_entry_get_key (step->entry));
      sluice_migration_set_checksum (copy, sluice_history_entry_get_checksum (step->entry));
      sluice_migration_set_down_sql (copy, down_sql);
      return copy;
    }

  copy = sluice_migration_new (sluice_migration_get_format (original),
                               sluice_migration_get_version (original),
                               sluice_migration_get_name (original));
  sluice_migration_set_kind (copy, sluice_migration_get_kind (original));
  sluice_migration_set_history_key (copy, sluice_migration_get_history_key (original));
  if (sluice_migration_get_up_sql (original) != NULL)
    sluice_migration_set_up_sql (copy, sluice_migration_get_up_sql (original),
                                 sluice_migration_get_up_line (original));
  sluice_migration_set_down_sql (copy, down_sql);
  sluice_migration_set_checksum (copy, sluice_migration_get_checksum (original));
  files = sluice_migration_get_files (original);
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    sluice_migration_add_file (copy, files[i]);

  return copy;
}

static const char *
step_version (PlanStep *step)
{
  if (step->original != NULL)
    return sluice_migration_get_version (step->original);
  if (step->entry != NULL && sluice_history_entry_get_version (step->entry) != NULL)
    return sluice_history_entry_get_version (step->entry);
  return step->entry != NULL ? sluice_history_entry_get_key (step->entry) : "";
}

/* Picks each step's source; fails naming the first that has neither. */
static gboolean
choose_steps (SluiceRollbackPlan  *self,
              SluiceStatusReport  *status,
              const char          *profile_id,
              const char          *target,
              GError             **error)
{
  GListModel *items = sluice_status_report_get_items (status);
  g_autoptr(GFile) folder = sluice_catalog_folder_for_profile (profile_id != NULL ? profile_id : "");
  guint n_items = g_list_model_get_n_items (items);
  guint start = 0;
  /* The newest of the steps without a down script or a snapshot of their
   * own, until an older one of them has a snapshot. */
  PlanStep *group_head = NULL;
  gboolean to_nothing = target == NULL || target[0] == '\0' || g_str_equal (target, "0");

  if (!to_nothing)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < n_items && !found; i++)
        {
          g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

          if (item_is_version (item, target) && is_applied (sluice_status_item_get_status (item)))
            {
              found = TRUE;
              start = i + 1;
            }
        }

      if (!found)
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("Version %s is not applied, so there is nothing to go back to; nothing was planned. Pick an applied version."),
                       target);
          return FALSE;
        }
    }

  /* Newest first: the folder's order, backwards. */
  for (guint i = n_items; i > start; i--)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i - 1);
      g_autoptr(GFile) snapshot = NULL;
      SluiceMigration *migration = sluice_status_item_get_migration (item);
      PlanStep *step;

      if (!is_applied (sluice_status_item_get_status (item)))
        continue;
      /* A repeatable is not a point in the history: Flyway never undoes it. */
      if (migration != NULL && sluice_migration_get_kind (migration) == SLUICE_MIGRATION_REPEATABLE)
        continue;

      step = g_new0 (PlanStep, 1);
      step->original = migration != NULL ? g_object_ref (migration) : NULL;
      step->entry = sluice_status_item_get_entry (item) != NULL
                    ? g_object_ref (sluice_status_item_get_entry (item)) : NULL;
      g_ptr_array_add (self->steps, step);

      if (migration != NULL && sluice_migration_get_down_sql (migration) != NULL)
        {
          if (group_head != NULL)
            break;  /* the group has no snapshot to go back to */
          step->source = SLUICE_ROLLBACK_FROM_DOWN_SCRIPT;
          /* Not for its SQL: what state it leaves, for an older step's DDL. */
          step->snapshot = find_pre_snapshot (folder, sluice_status_item_get_version (item));
          continue;
        }

      step->source = SLUICE_ROLLBACK_FROM_PRE_SNAPSHOT;
      snapshot = find_pre_snapshot (folder, sluice_status_item_get_version (item));
      if (group_head == NULL && snapshot != NULL)
        step->snapshot = g_steal_pointer (&snapshot);
      else if (group_head == NULL)
        group_head = step;
      else
        {
          /* Within a run: the newest migration of the group reverts the
           * whole group, back to the snapshot taken before the run. */
          step->covered = TRUE;
          if (snapshot != NULL)
            {
              group_head->snapshot = g_steal_pointer (&snapshot);
              group_head = NULL;
            }
        }
    }

  if (group_head != NULL)
    {
      g_autofree char *folder_path = g_file_get_path (folder);
      const char *version = step_version (group_head);

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
                   _("Migration %s has no down script and no pre-snapshot (%s/*-before-%s.json, or one taken before an earlier migration of the same run), so Sluice cannot tell how to revert it; nothing was planned and nothing was run. Write its down script, or revert it by hand."),
                   version, folder_path, version);
      return FALSE;
    }

  if (self->steps->len == 0)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("Nothing is applied above version %s; nothing was planned."),
                   to_nothing ? "0" : target);
      return FALSE;
    }

  return TRUE;
}

static gboolean
needs_live_catalog (SluiceRollbackPlan *self)
{
  return self->steps->len > 0 &&
         ((PlanStep *) g_ptr_array_index (self->steps, 0))->source == SLUICE_ROLLBACK_FROM_PRE_SNAPSHOT;
}

/* "table drizzle.__drizzle_migrations", "index public.schema_migrations_pkey" ... */
static gboolean
is_history_identity (const char *identity)
{
  const char *name;

  if (identity == NULL || (name = strchr (identity, ' ')) == NULL)
    return FALSE;
  name++;

  for (guint i = 0; history_schemas[i] != NULL; i++)
    {
      gsize length = strlen (history_schemas[i]);

      if (strncmp (name, history_schemas[i], length) == 0 &&
          (name[length] == '\0' || name[length] == '.'))
        return TRUE;
    }

  for (guint i = 0; history_tables[i] != NULL; i++)
    {
      const char *found = strstr (name, history_tables[i]);

      if (found != NULL && (found == name || found[-1] == '.'))
        return TRUE;
    }

  return FALSE;
}

static char *
statement_summary (const char *sql)
{
  g_autofree char *copy = g_strstrip (g_strdup (sql));
  gsize length = strlen (copy);

  if (length > 0 && copy[length - 1] == ';')
    copy[length - 1] = '\0';
  g_strdelimit (copy, "\n\t", ' ');

  return g_steal_pointer (&copy);
}

/* The DDL from @from back to @to, without the tools' history; its
 * data-loss warnings in @warnings. */
static char *
generate_down (SluiceCatalog *from,
               SluiceCatalog *to,
               GStrvBuilder  *warnings,
               gboolean      *transactional)
{
  g_autoptr(SluiceDiff) diff = sluice_diff_new (from, to, SLUICE_DIFF_MATCH_OIDS);
  GPtrArray *statements = sluice_diff_get_statements (diff);
  GString *sql = g_string_new (NULL);

  *transactional = TRUE;
  for (guint i = 0; i < statements->len; i++)
    {
      SluiceDdlStatement *statement = g_ptr_array_index (statements, i);

      if (is_history_identity (statement->identity))
        continue;

      g_string_append (sql, statement->sql);
      g_string_append_c (sql, '\n');
      if (statement->hazards & SLUICE_HAZARD_NON_TRANSACTIONAL)
        *transactional = FALSE;
      if (statement->hazards & SLUICE_HAZARD_DATA_LOSS)
        {
          g_autofree char *summary = statement_summary (statement->sql);
          g_autofree char *warning = NULL;

          /* Translators: a statement, then what it does ("drops data"). */
          warning = g_strdup_printf (_("%s: %s"), summary, sluice_hazard_get_label (SLUICE_HAZARD_DATA_LOSS));
          g_strv_builder_add (warnings, warning);
        }
    }

  return g_string_free (sql, FALSE);
}

static void
lint_down_script (SluiceLint      *lint,
                  SluiceMigration *migration,
                  GStrvBuilder    *warnings)
{
  const char * const *files = sluice_migration_get_files (migration);
  SluiceLintSource source = { NULL, 0, sluice_migration_get_transactional (migration) };
  g_autoptr(GPtrArray) findings = NULL;

  /* The down script is the last file (.down.sql, rollback_, U, revert/),
   * or the up file itself when it holds both sections. */
  if (files != NULL && files[0] != NULL)
    source.file = files[g_strv_length ((char **) files) - 1];

  findings = sluice_lint_check_sql (lint, sluice_migration_get_down_sql (migration), &source);
  for (guint i = 0; i < findings->len; i++)
    {
      SluiceLintFinding *finding = g_ptr_array_index (findings, i);

      if (g_strv_contains (data_loss_rules, finding->rule))
        g_strv_builder_add (warnings, finding->message);
    }
}

static gboolean
make_steps (SluiceRollbackPlan  *self,
            SluiceCatalog       *live,
            GCancellable        *cancellable,
            GError             **error)
{
  g_autoptr(SluiceLintConfig) config = sluice_lint_config_new (SLUICE_GUARD_STRICT);
  g_autoptr(SluiceLint) lint = sluice_lint_new (config);
  /* The state the database is in when the step runs, where it is known. */
  g_autoptr(SluiceCatalog) current = live != NULL ? g_object_ref (live) : NULL;

  for (guint i = 0; i < self->steps->len; i++)
    {
      PlanStep *step = g_ptr_array_index (self->steps, i);
      g_autoptr(GStrvBuilder) warnings = g_strv_builder_new ();
      g_autoptr(SluiceCatalog) before = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (step->snapshot != NULL)
        {
          before = sluice_catalog_load_file (step->snapshot, error);
          if (before == NULL)
            return FALSE;
        }

      if (step->covered)
        {
          g_autofree char *note = NULL;

          /* Nothing to run: only its history rows go.  The state after it
           * is the one the group's DDL went back to: current stays. */
          note = g_strdup_printf ("-- %s\n", _("Reverted by the generated DDL of the newer migration of the same run."));
          step->step = copy_migration (step, note);
          step->warnings = g_strv_builder_end (warnings);
          g_ptr_array_add (self->migrations, g_object_ref (step->step));
          continue;
        }

      if (step->source == SLUICE_ROLLBACK_FROM_DOWN_SCRIPT)
        {
          step->step = copy_migration (step, sluice_migration_get_down_sql (step->original));
          sluice_migration_set_transactional (step->step, sluice_migration_get_transactional (step->original));
          lint_down_script (lint, step->step, warnings);
        }
      else
        {
          g_autofree char *down = NULL;
          gboolean transactional = TRUE;

          if (current == NULL)
            {
              PlanStep *newer = g_ptr_array_index (self->steps, i - 1);

              g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
                           _("Migration %s has no down script, and its DDL cannot be generated: the state after reverting %s is unknown, as that migration has no pre-snapshot. Nothing was planned and nothing was run."),
                           step_version (step), step_version (newer));
              return FALSE;
            }

          down = generate_down (current, before, warnings, &transactional);
          step->step = copy_migration (step, down);
          sluice_migration_set_transactional (step->step, transactional);
        }

      step->warnings = g_strv_builder_end (warnings);
      g_ptr_array_add (self->migrations, g_object_ref (step->step));

      g_clear_object (&current);
      current = g_steal_pointer (&before);
    }

  return TRUE;
}

static void
make_steps_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  BuildData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (!make_steps (data->plan, data->live, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (data->plan), g_object_unref);
}

/* Sluice's own tables, as the runner leaves them out of its snapshots. */
static const char * const excluded_schemas[] = { "sluice", NULL };

static void
on_live_captured (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BuildData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->live = sluice_catalog_capture_finish (result, &error);
  if (data->live == NULL)
    {
      g_prefix_error (&error, _("The live schema could not be read to generate the rollback DDL; nothing was planned: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_run_in_thread (task, make_steps_thread);
}

void
sluice_rollback_plan_new_async (SluiceConnection     *connection,
                                SluiceStatusReport   *status,
                                const char           *profile_id,
                                const char           *target_version,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  BuildData *data;

  g_return_if_fail (SLUICE_IS_STATUS_REPORT (status));
  g_return_if_fail (connection == NULL || SLUICE_IS_CONNECTION (connection));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_rollback_plan_new_async);

  data = g_new0 (BuildData, 1);
  data->plan = g_object_new (SLUICE_TYPE_ROLLBACK_PLAN, NULL);
  data->plan->target_version = g_strdup (target_version != NULL && target_version[0] != '\0'
                                         ? target_version : "0");
  data->connection = connection != NULL ? g_object_ref (connection) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);

  if (!choose_steps (data->plan, status, profile_id, target_version, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!needs_live_catalog (data->plan))
    {
      g_task_run_in_thread (task, make_steps_thread);
      return;
    }

  if (connection == NULL)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                               _("Generating the rollback DDL needs a connection to read the live schema; nothing was planned."));
      return;
    }

  sluice_catalog_capture_async (connection, excluded_schemas, cancellable,
                                on_live_captured, g_steal_pointer (&task));
}

SluiceRollbackPlan *
sluice_rollback_plan_new_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_rollback_plan_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors -------------------------------------------------------------- */

const char *
sluice_rollback_plan_get_target_version (SluiceRollbackPlan *self)
{
  g_return_val_if_fail (SLUICE_IS_ROLLBACK_PLAN (self), NULL);

  return self->target_version;
}

GPtrArray *
sluice_rollback_plan_get_steps (SluiceRollbackPlan *self)
{
  g_return_val_if_fail (SLUICE_IS_ROLLBACK_PLAN (self), NULL);

  return self->migrations;
}

SluiceRollbackSource
sluice_rollback_plan_get_source (SluiceRollbackPlan *self,
                                 guint               step)
{
  g_return_val_if_fail (SLUICE_IS_ROLLBACK_PLAN (self), SLUICE_ROLLBACK_FROM_DOWN_SCRIPT);
  g_return_val_if_fail (step < self->steps->len, SLUICE_ROLLBACK_FROM_DOWN_SCRIPT);

  return ((PlanStep *) g_ptr_array_index (self->steps, step))->source;
}

const char * const *
sluice_rollback_plan_get_warnings (SluiceRollbackPlan *self,
                                   guint               step)
{
  g_return_val_if_fail (SLUICE_IS_ROLLBACK_PLAN (self), NULL);
  g_return_val_if_fail (step < self->steps->len, NULL);

  return (const char * const *) ((PlanStep *) g_ptr_array_index (self->steps, step))->warnings;
}

gboolean
sluice_rollback_plan_loses_data (SluiceRollbackPlan *self)
{
  g_return_val_if_fail (SLUICE_IS_ROLLBACK_PLAN (self), FALSE);

  for (guint i = 0; i < self->steps->len; i++)
    {
      PlanStep *step = g_ptr_array_index (self->steps, i);

      if (step->warnings != NULL && step->warnings[0] != NULL)
        return TRUE;
    }

  return FALSE;
}
