/* sluice-cli-migrate.c: sluice-cli migrate, rollback and rehearse
 *
 *   sluice-cli migrate  -p PROFILE | -c CONNINFO [-d DIR] [--to V] [--dry-run]
 *                       [--backup DIR | --no-backup REASON] [--lock-timeout D]
 *                       [--statement-timeout D] [--lock-retries N] [--analyze]
 *                       [--accept-lint] [--yes] [--json]
 *   sluice-cli rollback -p PROFILE | -c CONNINFO [-d DIR] --to V (same options)
 *   sluice-cli rehearse -p PROFILE | -c CONNINFO [-d DIR] [--to V] [--keep]
 *                       [--sandbox DIR] [--json]
 *
 * The guided run of SluiceRunner, headless: preflight, lint, backup, then
 * the run and its verification.  The run log streams as it happens, one
 * line per event, on stdout (on stderr with --json, so that stdout holds
 * only the JSON document: {"applied": [V...], "failed": V|null,
 * "error": text|null}; for rehearse {"statements", "duration_ms",
 * "down_tested", "reversible", "error"}), one document on every exit
 * past the option parsing, a failure's or a usage error's too.  A run
 * that writes to prod (a prod environment or a strict guard) needs the
 * database's name typed on a terminal, or --yes.
 *
 * Exit codes: 0 the run succeeded (or there was nothing to do; a dry run
 * found nothing blocking), 1 the connection, a check, the lint, the
 * backup or a migration failed (any error once the run has started),
 * 2 a usage or input error found before anything was run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "sluice-cli.h"
#include "sluice-cli-table.h"
#include "sluice-backup.h"
#include "sluice-rehearsal.h"
#include "sluice-rollback-plan.h"
#include "sluice-runner.h"

typedef struct
{
  char     *profile;
  char     *conninfo;
  char     *dir;
  char     *to;
  char     *backup_dir;
  char     *no_backup;
  char     *lock_timeout;
  char     *statement_timeout;
  char     *sandbox_dir;
  int       lock_retries;
  gboolean  dry_run;
  gboolean  analyze;
  gboolean  accept_lint;
  gboolean  yes;
  gboolean  json;
  gboolean  keep;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->profile, g_free);
  g_clear_pointer (&options->conninfo, g_free);
  g_clear_pointer (&options->dir, g_free);
  g_clear_pointer (&options->to, g_free);
  g_clear_pointer (&options->backup_dir, g_free);
  g_clear_pointer (&options->no_backup, g_free);
  g_clear_pointer (&options->lock_timeout, g_free);
  g_clear_pointer (&options->statement_timeout, g_free);
  g_clear_pointer (&options->sandbox_dir, g_free);
}

/* What one command run holds. */
typedef struct
{
  Options                options;
  SluiceRunDirection     direction;
  SluiceCliDatabase     *database;
  SluiceProfile         *profile;
  SluiceMigrationFolder *folder;
  SluiceRunner          *runner;
  FILE                  *log;          /* where the run log goes */
} Run;

static void
run_clear (Run *run)
{
  g_clear_object (&run->runner);
  g_clear_object (&run->folder);
  g_clear_object (&run->profile);
  g_clear_pointer (&run->database, sluice_cli_database_free);
  options_clear (&run->options);
}

/* Durations */

/* "5s", "500ms", "2min", "1h", "1.5s"; a bare number is milliseconds, as
 * PostgreSQL reads lock_timeout. */
static gboolean
parse_duration (const char  *text,
                const char  *option,
                guint       *ms,
                GError     **error)
{
  static const struct { const char *unit; double factor; } units[] = {
    { "", 1 }, { "ms", 1 }, { "s", 1000 }, { "min", 60000 }, { "m", 60000 }, { "h", 3600000 },
  };
  char *end = NULL;
  double value;

  value = g_ascii_strtod (text, &end);
  if (end != text && value >= 0)
    {
      g_autofree char *unit = g_strstrip (g_ascii_strdown (end, -1));

      for (guint i = 0; i < G_N_ELEMENTS (units); i++)
        {
          double result = value * units[i].factor;

          if (g_str_equal (unit, units[i].unit) && result < G_MAXUINT)
            {
              *ms = (guint) (result + 0.5);
              return TRUE;
            }
        }
    }

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("%s “%s” is not a duration: give a number with ms, s, min or h (“5s”). Nothing was run."),
               option, text);
  return FALSE;
}

/* Output */

static void
print_json_result (Run        *run,
                   const char *error_text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char * const *done = run->runner != NULL ? sluice_runner_get_done (run->runner) : NULL;
  const char *failed = run->runner != NULL ? sluice_runner_get_failed_version (run->runner) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "applied");
  json_builder_begin_array (builder);
  for (guint i = 0; done != NULL && done[i] != NULL; i++)
    json_builder_add_string_value (builder, done[i]);
  json_builder_end_array (builder);
  sluice_cli_json_add_string (builder, "failed", failed);
  sluice_cli_json_add_string (builder, "error", error_text);
  sluice_cli_json_add_string (builder, "direction", sluice_run_direction_to_string (run->direction));
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, run->options.dry_run);

  json_builder_set_member_name (builder, "undeclared");
  json_builder_begin_array (builder);
  if (run->runner != NULL && sluice_runner_get_verification_diff (run->runner) != NULL)
    {
      g_auto(GStrv) undeclared = sluice_runner_get_undeclared_changes (run->runner);

      for (guint i = 0; undeclared[i] != NULL; i++)
        json_builder_add_string_value (builder, undeclared[i]);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "invalid_indexes");
  json_builder_begin_array (builder);
  if (run->runner != NULL)
    {
      const char * const *invalid = sluice_runner_get_invalid_indexes (run->runner);

      for (guint i = 0; invalid != NULL && invalid[i] != NULL; i++)
        json_builder_add_string_value (builder, invalid[i]);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  sluice_cli_print_json (root);
}

/* Ends the command: the error on stderr as one line, the JSON document
 * when asked, and the exit code. */
static int
finish (Run           *run,
        SluiceCliExit  exit_code,
        const char    *error_text)
{
  if (error_text != NULL)
    sluice_cli_print_error ("%s", error_text);
  if (run->options.json)
    print_json_result (run, error_text);
  return exit_code;
}

/* After the run started, every error is the run's failure (1), never
 * a usage error: statements may have run already. */
static int
finish_run_error (Run          *run,
                  const GError *error)
{
  return finish (run, SLUICE_CLI_EXIT_FAILURE, error->message);
}

static int
finish_error (Run          *run,
              const GError *error)
{
  SluiceCliExit exit_code = SLUICE_CLI_EXIT_FAILURE;

  if (g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT) ||
      error->domain == G_OPTION_ERROR)
    exit_code = SLUICE_CLI_EXIT_USAGE;
  return finish (run, exit_code, error->message);
}

static void
on_event (SluiceRunner   *runner,
          SluiceRunEvent *event,
          Run            *run)
{
  g_autofree char *line = sluice_run_event_to_line (event);

  fprintf (run->log, "%s\n", line);
  fflush (run->log);
}

static void
log_line (Run        *run,
          const char *line)
{
  fprintf (run->log, "%s\n", line);
  fflush (run->log);
}

/* A line of the run log that is no runner event (the backup's progress,
 * advice after the run), stamped like the events' lines. */
static void
log_timed (Run        *run,
           const char *message)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");

  fprintf (run->log, "%s  %s\n", stamp, message);
  fflush (run->log);
}

/* Setting up: database, folder, runner */

static gboolean
open_database (Run     *run,
               GError **error)
{
  /* The error is returned, not printed: with --json it goes into the
   * document too. */
  run->database = sluice_cli_open_database (run->options.profile, run->options.conninfo, error);
  if (run->database == NULL)
    return FALSE;

  if (run->database->session != NULL)
    {
      run->profile = g_object_ref (sluice_session_get_profile (run->database->session));
    }
  else
    {
      /* -c: a profile of the moment, guarded as dev, whose id follows from
       * the connection (without its password), so that the snapshots of
       * one run are found by the next one's rollback plan. */
      g_autofree char *stripped = sluice_profile_connection_strip_password (run->options.conninfo, NULL);
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, stripped, -1);
      g_autofree char *id = g_strdup_printf ("conninfo-%.16s", digest);

      run->profile = g_object_new (SLUICE_TYPE_PROFILE,
                                   "id", id,
                                   "name", sluice_connection_get_database (run->database->connection),
                                   "environment", SLUICE_ENVIRONMENT_DEV,
                                   "connection", run->options.conninfo,
                                   NULL);
      sluice_profile_set_guard (run->profile, sluice_environment_default_guard (SLUICE_ENVIRONMENT_DEV));
    }
  return TRUE;
}

/* A folder that is not given, not there or not readable: an input error. */
static gboolean
open_folder (Run     *run,
             GError **error)
{
  const char *path = run->options.dir;
  g_autofree char *absolute = NULL;
  g_autoptr(GError) load_error = NULL;

  if (path == NULL)
    path = sluice_profile_get_migration_folder (run->profile);
  if (path == NULL)
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("No migration folder: give one with -d DIR (the profile names none). Nothing was run."));
      return FALSE;
    }

  absolute = g_canonicalize_filename (path, NULL);
  if (!g_file_test (absolute, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("The migration folder %s does not exist or is not a folder. "
                     "Nothing was run; give the folder with -d DIR."),
                   absolute);
      return FALSE;
    }

  run->folder = sluice_migration_folder_load (absolute, SLUICE_MIGRATION_FORMAT_AUTO, &load_error);
  if (run->folder == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("Could not read the migration folder %s: %s"), absolute, load_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
apply_overrides (Run     *run,
                 GError **error)
{
  guint ms;

  if (run->options.lock_timeout != NULL)
    {
      if (!parse_duration (run->options.lock_timeout, "--lock-timeout", &ms, error))
        return FALSE;
      sluice_runner_set_lock_timeout_ms (run->runner, ms);
    }
  if (run->options.statement_timeout != NULL)
    {
      if (!parse_duration (run->options.statement_timeout, "--statement-timeout", &ms, error))
        return FALSE;
      sluice_runner_set_statement_timeout_ms (run->runner, ms);
    }
  if (run->options.lock_retries >= 0)
    sluice_runner_set_lock_retries (run->runner, (guint) run->options.lock_retries);
  return TRUE;
}

/* Reading the history and joining it with the folder, for a rollback plan. */
static SluiceStatusReport *
read_status (Run     *run,
             GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SluiceHistory) history = NULL;
  SluiceCliAsync async;

  sluice_cli_async_init (&async);
  sluice_history_read_full_async (run->database->connection,
                                  sluice_migration_folder_get_format (run->folder),
                                  sluice_migration_folder_get_project (run->folder),
                                  NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  history = sluice_history_read_finish (result, error);
  sluice_cli_async_clear (&async);

  if (history == NULL)
    return NULL;
  return sluice_status_report_new (run->folder, history);
}

static SluiceRollbackPlan *
make_rollback_plan (Run     *run,
                    GError **error)
{
  g_autoptr(SluiceStatusReport) status = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SluiceRollbackPlan *plan;
  SluiceCliAsync async;

  if (!(status = read_status (run, error)))
    return NULL;

  sluice_cli_async_init (&async);
  sluice_rollback_plan_new_async (run->database->connection, status,
                                  sluice_profile_get_id (run->profile), run->options.to,
                                  NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  plan = sluice_rollback_plan_new_finish (result, error);
  sluice_cli_async_clear (&async);

  return plan;
}

static void
print_rollback_plan (Run                *run,
                     SluiceRollbackPlan *plan)
{
  GPtrArray *steps = sluice_rollback_plan_get_steps (plan);
  g_autofree char *title = g_strdup_printf (_("Rollback plan to %s:"), sluice_rollback_plan_get_target_version (plan));

  log_line (run, title);
  for (guint i = 0; i < steps->len; i++)
    {
      SluiceMigration *step = g_ptr_array_index (steps, i);
      const char * const *warnings = sluice_rollback_plan_get_warnings (plan, i);
      g_autofree char *line = NULL;

      line = g_strdup_printf ("  %s %s  %s", sluice_migration_get_version (step), sluice_migration_get_name (step),
                              sluice_rollback_plan_get_source (plan, i) == SLUICE_ROLLBACK_FROM_DOWN_SCRIPT
                                ? _("(its down script)")
                                : _("(DDL generated back to the snapshot taken before it ran)"));
      log_line (run, line);
      for (guint j = 0; warnings != NULL && warnings[j] != NULL; j++)
        {
          g_autofree char *warning = g_strdup_printf (_("    warning: %s"), warnings[j]);

          log_line (run, warning);
        }
    }
}

static void
print_dry_run_plan (Run *run)
{
  GPtrArray *migrations = sluice_runner_get_migrations (run->runner);

  log_line (run, run->direction == SLUICE_RUN_UP ? _("Dry run: would apply, in order:")
                                                 : _("Dry run: would revert, in order:"));
  for (guint i = 0; i < migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (migrations, i);
      const char *sql = run->direction == SLUICE_RUN_UP ? sluice_migration_get_up_sql (migration)
                                                        : sluice_migration_get_down_sql (migration);
      g_autoptr(GPtrArray) statements = sql != NULL ? sluice_sql_split (sql, 1, NULL) : NULL;
      guint n = statements != NULL ? statements->len : 0;
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u statement", "%u statements", n), n);
      g_autofree char *line = g_strdup_printf ("  %s %s  (%s, %s)",
                                               sluice_migration_get_version (migration),
                                               sluice_migration_get_name (migration),
                                               count,
                                               sluice_migration_get_transactional (migration)
                                                 ? _("in one transaction") : _("statement by statement"));

      log_line (run, line);
    }
  log_line (run, _("Dry run: nothing was written."));
}

/* Guards */

static gboolean
writes_to_prod (Run *run)
{
  return sluice_profile_get_environment (run->profile) == SLUICE_ENVIRONMENT_PROD ||
         sluice_profile_get_guard (run->profile) == SLUICE_GUARD_STRICT;
}

/* The typed confirmation of a prod run, on the terminal. */
static gboolean
confirm_prod (Run            *run,
              SluiceCliExit  *exit_code,
              char          **error_text)
{
  const char *database = sluice_connection_get_database (run->database->connection);
  char line[512];
  g_autofree char *typed = NULL;

  if (!writes_to_prod (run) || run->options.yes)
    return TRUE;

  if (!isatty (STDIN_FILENO))
    {
      *error_text = g_strdup_printf (_("%s is a prod profile: type the database name at a terminal, "
                                       "or give --yes in a script. Nothing was run."),
                                     sluice_profile_get_name (run->profile));
      *exit_code = SLUICE_CLI_EXIT_USAGE;
      return FALSE;
    }

  fprintf (stderr, _("This run writes to %s (prod). Type the database name “%s” to go on: "),
           sluice_profile_get_name (run->profile), database);
  fflush (stderr);

  if (fgets (line, sizeof line, stdin) == NULL)
    line[0] = '\0';
  /* The terminal echoed the Enter; a stderr that is no terminal did not
   * see it, and the next line must not follow the prompt. */
  if (!isatty (STDERR_FILENO))
    fputc ('\n', stderr);
  typed = g_strstrip (g_strdup (line));

  if (!g_str_equal (typed, database))
    {
      *error_text = g_strdup (_("The name typed is not the database's: nothing was run."));
      *exit_code = SLUICE_CLI_EXIT_FAILURE;
      return FALSE;
    }
  return TRUE;
}

static void
on_backup_status (SluiceBackup *backup,
                  GParamSpec   *pspec,
                  Run          *run)
{
  const char *status = sluice_backup_get_status (backup);

  if (status != NULL)
    log_timed (run, status);
}

/* --backup DIR takes the whole database; --no-backup REASON is recorded.
 * A prod run needs one of them. */
static gboolean
handle_backup (Run            *run,
               SluiceCliExit  *exit_code,
               char          **error_text)
{
  g_autoptr(SluiceBackup) backup = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  SluiceCliAsync async;
  gboolean ok;

  if (run->options.backup_dir == NULL)
    {
      if (run->options.no_backup != NULL)
        sluice_runner_skip_backup (run->runner, run->options.no_backup);
      return TRUE;
    }

  backup = sluice_runner_new_backup (run->runner, run->options.backup_dir, TRUE);

  warning = sluice_backup_check_versions (backup, &error);
  if (warning != NULL)
    log_timed (run, warning);
  g_clear_error (&error);

  g_signal_connect (backup, "notify::status", G_CALLBACK (on_backup_status), run);

  sluice_cli_async_init (&async);
  sluice_backup_run_async (backup, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  ok = sluice_backup_run_finish (backup, result, &error);
  sluice_cli_async_clear (&async);

  g_signal_handlers_disconnect_by_func (backup, on_backup_status, run);

  if (!ok)
    {
      *error_text = g_strdup_printf (_("The backup failed: %s. Nothing was run."), error->message);
      *exit_code = SLUICE_CLI_EXIT_FAILURE;
      return FALSE;
    }

  sluice_runner_set_backup (run->runner, backup);
  return TRUE;
}

/* The steps */

/* "Another run: ... Nothing was run.": what blocked, in the one error line. */
static char *
failed_checks (Run *run)
{
  GPtrArray *checks = sluice_runner_get_checks (run->runner);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < checks->len; i++)
    {
      const SluicePreflightCheck *check = g_ptr_array_index (checks, i);

      if (check->state != SLUICE_CHECK_ERROR)
        continue;
      if (text->len > 0)
        g_string_append (text, " ");
      g_string_append_printf (text, _("%s: %s"), check->title, check->message);
    }

  if (text->len == 0)
    return NULL;
  g_string_append_printf (text, " %s", _("Nothing was run."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
preflight (Run     *run,
           GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceCliAsync async;
  gboolean ok;

  sluice_cli_async_init (&async);
  sluice_runner_preflight_async (run->runner, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  ok = sluice_runner_preflight_finish (run->runner, result, error);
  sluice_cli_async_clear (&async);

  return ok;
}

static gboolean
execute (Run     *run,
         GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceCliAsync async;
  gboolean ok;

  sluice_cli_async_init (&async);
  sluice_runner_execute_async (run->runner, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  ok = sluice_runner_execute_finish (run->runner, result, error);
  sluice_cli_async_clear (&async);

  return ok;
}

static void
after_run (Run *run)
{
  const char * const *invalid = sluice_runner_get_invalid_indexes (run->runner);
  g_auto(GStrv) tables = NULL;

  for (guint i = 0; invalid != NULL && invalid[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf (_("An invalid index was left by the failed build: %s. "
                                                 "Drop it with DROP INDEX CONCURRENTLY %s; before running again."),
                                               invalid[i], invalid[i]);

      log_timed (run, line);
    }

  tables = sluice_runner_get_tables_to_analyze (run->runner);
  if (tables == NULL || tables[0] == NULL)
    return;

  if (run->options.analyze)
    {
      g_autoptr(GAsyncResult) result = NULL;
      SluiceCliAsync async;

      sluice_cli_async_init (&async);
      sluice_runner_analyze_async (run->runner, NULL, sluice_cli_async_done, &async);
      result = sluice_cli_async_wait (&async);
      /* A failed ANALYZE is reported as a warning event; the run stands. */
      sluice_runner_analyze_finish (run->runner, result, NULL);
      sluice_cli_async_clear (&async);
    }
  else
    {
      g_autofree char *list = g_strjoinv (", ", tables);
      g_autofree char *line = g_strdup_printf (_("ANALYZE is advised for %s (--analyze runs it)."), list);

      log_timed (run, line);
    }
}

static int
run_guided (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *error_text = NULL;
  g_autoptr(SluiceRollbackPlan) plan = NULL;
  SluiceCliExit exit_code = SLUICE_CLI_EXIT_SUCCESS;

  if (run->options.backup_dir != NULL && run->options.no_backup != NULL)
    return finish (run, SLUICE_CLI_EXIT_USAGE, _("Give either --backup DIR or --no-backup REASON, not both."));
  if (run->options.no_backup != NULL && *g_strstrip (run->options.no_backup) == '\0')
    return finish (run, SLUICE_CLI_EXIT_USAGE, _("--no-backup needs a reason: it is recorded in the run log."));
  if (run->direction == SLUICE_RUN_DOWN && run->options.to == NULL)
    return finish (run, SLUICE_CLI_EXIT_USAGE, _("Name the version to go back to with --to V (0 reverts everything)."));

  if (!open_database (run, &error) || !open_folder (run, &error))
    return finish_error (run, error);

  if (run->direction == SLUICE_RUN_UP)
    {
      run->runner = sluice_runner_new_migrate (run->profile, run->database->connection,
                                               run->folder, run->options.to);
    }
  else
    {
      if (!(plan = make_rollback_plan (run, &error)))
        return finish_error (run, error);
      print_rollback_plan (run, plan);
      run->runner = sluice_runner_new_rollback (run->profile, run->database->connection,
                                                run->folder, plan);
    }
  g_signal_connect (run->runner, "event", G_CALLBACK (on_event), run);

  if (!apply_overrides (run, &error))
    return finish_error (run, error);

  if (!preflight (run, &error))
    {
      g_autofree char *checks = failed_checks (run);

      if (checks == NULL)
        return finish_error (run, error);
      return finish (run, SLUICE_CLI_EXIT_FAILURE, checks);
    }

  sluice_runner_lint (run->runner);
  if (sluice_runner_lint_blocks (run->runner))
    {
      if (!run->options.accept_lint)
        return finish (run, SLUICE_CLI_EXIT_FAILURE,
                       _("The lint found errors that block runs on this profile: nothing was run. "
                         "Fix the statements, silence a rule with “-- sluice:ignore RULE” where it is safe, "
                         "or accept the findings with --accept-lint."));
      /* Said in the run log, so that the acceptance is on record. */
      sluice_runner_acknowledge_lint (run->runner);
    }

  if (run->options.dry_run)
    {
      print_dry_run_plan (run);
      return finish (run, SLUICE_CLI_EXIT_SUCCESS, NULL);
    }

  if (sluice_runner_get_migrations (run->runner)->len == 0)
    {
      log_timed (run, run->direction == SLUICE_RUN_UP ? _("Nothing to apply: the database is up to date.")
                                                      : _("Nothing to revert."));
      return finish (run, SLUICE_CLI_EXIT_SUCCESS, NULL);
    }

  if (sluice_runner_backup_required (run->runner) &&
      run->options.backup_dir == NULL && run->options.no_backup == NULL)
    return finish (run, SLUICE_CLI_EXIT_USAGE,
                   _("This profile needs a backup before a run: give --backup DIR, "
                     "or --no-backup REASON to record why there is none. Nothing was run."));

  if (!confirm_prod (run, &exit_code, &error_text) ||
      !handle_backup (run, &exit_code, &error_text))
    return finish (run, exit_code, error_text);

  if (!execute (run, &error))
    {
      after_run (run);
      return finish_run_error (run, error);
    }

  after_run (run);
  return finish (run, SLUICE_CLI_EXIT_SUCCESS, NULL);
}

static int
guided_main (SluiceRunDirection   direction,
             int                  argc,
             char               **argv)
{
  Run run = { 0 };
  int exit_code;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &run.options.profile, N_("The profile to run on"), N_("PROFILE") },
    { "conninfo", 'c', 0, G_OPTION_ARG_STRING, &run.options.conninfo, N_("A conninfo or postgres:// URI instead of a profile"), N_("CONNINFO") },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &run.options.dir, N_("The migration folder (default: the profile's)"), N_("DIR") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &run.options.to,
      direction == SLUICE_RUN_UP ? N_("Apply up to this version only") : N_("The version to go back to (0: all)"), N_("V") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &run.options.dry_run, N_("Run the checks and the lint and print the plan; write nothing"), NULL },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &run.options.backup_dir, N_("Back up the database with pg_dump into DIR first"), N_("DIR") },
    { "no-backup", 0, 0, G_OPTION_ARG_STRING, &run.options.no_backup, N_("Run without a backup, recording why"), N_("REASON") },
    { "lock-timeout", 0, 0, G_OPTION_ARG_STRING, &run.options.lock_timeout, N_("lock_timeout for each statement (e.g. 5s), overriding the profile"), N_("DURATION") },
    { "statement-timeout", 0, 0, G_OPTION_ARG_STRING, &run.options.statement_timeout, N_("statement_timeout (e.g. 10min), overriding the profile"), N_("DURATION") },
    { "lock-retries", 0, 0, G_OPTION_ARG_INT, &run.options.lock_retries, N_("Retries after a lock timeout"), N_("N") },
    { "analyze", 0, 0, G_OPTION_ARG_NONE, &run.options.analyze, N_("ANALYZE the tables the run created or altered"), NULL },
    { "accept-lint", 0, 0, G_OPTION_ARG_NONE, &run.options.accept_lint, N_("Run even though the lint found errors (a rollback's DROP TABLE, say)"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &run.options.yes, N_("Do not ask for the database name on prod"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &run.options.json, N_("Print the result as JSON (the run log goes to stderr)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;

  run.direction = direction;
  run.options.lock_retries = -1;
  run.log = stdout;

  context = sluice_cli_option_context_new (argv[0], NULL,
                                           direction == SLUICE_RUN_UP
                                             ? _("Apply the pending migrations of a folder, with checks, lint, backup and verification.")
                                             : _("Revert applied migrations back to a version, with the same guards."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;
  if (run.options.json)
    run.log = stderr;
  if (argc > 1)
    {
      g_autofree char *text = g_strdup_printf (_("%s takes no argument “%s” (see “sluice-cli %s --help”)."),
                                               argv[0], argv[1], argv[0]);

      exit_code = finish (&run, SLUICE_CLI_EXIT_USAGE, text);
      run_clear (&run);
      return exit_code;
    }
  if (run.options.lock_retries < -1)
    {
      exit_code = finish (&run, SLUICE_CLI_EXIT_USAGE, _("--lock-retries must be 0 or more."));
      run_clear (&run);
      return exit_code;
    }

  exit_code = run_guided (&run);
  run_clear (&run);
  return exit_code;
}

int
sluice_cli_migrate_main (int    argc,
                         char **argv)
{
  return guided_main (SLUICE_RUN_UP, argc, argv);
}

int
sluice_cli_rollback_main (int    argc,
                          char **argv)
{
  return guided_main (SLUICE_RUN_DOWN, argc, argv);
}

/* rehearse */

/* @rehearsal: NULL when none ran (nothing pending, or a failure before
 * it): the document has the same members then. */
static JsonNode *
rehearsal_to_json (SluiceRehearsal *rehearsal,
                   const char      *error_text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *statements = rehearsal != NULL ? sluice_rehearsal_get_statements (rehearsal) : NULL;
  SluiceDiff *reversibility = rehearsal != NULL ? sluice_rehearsal_get_reversibility_diff (rehearsal) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "statements");
  json_builder_begin_array (builder);
  for (guint i = 0; statements != NULL && i < statements->len; i++)
    {
      const SluiceRehearsalStatement *statement = g_ptr_array_index (statements, i);

      json_builder_begin_object (builder);
      sluice_cli_json_add_string (builder, "version", statement->version);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, statement->index);
      sluice_cli_json_add_string (builder, "sql", statement->sql);
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_double_value (builder, statement->duration_ms);
      json_builder_set_member_name (builder, "locks");
      json_builder_begin_array (builder);
      for (guint j = 0; statement->locks != NULL && statement->locks[j] != NULL; j++)
        json_builder_add_string_value (builder, statement->locks[j]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "rewritten");
      json_builder_begin_array (builder);
      for (guint j = 0; statement->rewritten != NULL && statement->rewritten[j] != NULL; j++)
        json_builder_add_string_value (builder, statement->rewritten[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_double_value (builder, rehearsal != NULL ? sluice_rehearsal_get_duration_ms (rehearsal) : 0);
  json_builder_set_member_name (builder, "down_tested");
  json_builder_add_boolean_value (builder, rehearsal != NULL && sluice_rehearsal_get_down_tested (rehearsal));
  json_builder_set_member_name (builder, "reversible");
  if (reversibility != NULL)
    json_builder_add_boolean_value (builder, sluice_diff_is_empty (reversibility));
  else
    json_builder_add_null_value (builder);
  sluice_cli_json_add_string (builder, "error", error_text);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Ends rehearse: the error on stderr as one line, the JSON document when
 * asked (on every exit), and the exit code. */
static int
finish_rehearse (Run             *run,
                 SluiceRehearsal *rehearsal,
                 SluiceCliExit    exit_code,
                 const char      *error_text)
{
  if (error_text != NULL)
    sluice_cli_print_error ("%s", error_text);
  if (run->options.json)
    {
      g_autoptr(JsonNode) root = rehearsal_to_json (rehearsal, error_text);

      sluice_cli_print_json (root);
    }
  return exit_code;
}

static int
finish_rehearse_error (Run          *run,
                       const GError *error)
{
  SluiceCliExit exit_code = SLUICE_CLI_EXIT_FAILURE;

  if (g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT))
    exit_code = SLUICE_CLI_EXIT_USAGE;
  return finish_rehearse (run, NULL, exit_code, error->message);
}

static void
print_rehearsal (Run             *run,
                 SluiceRehearsal *rehearsal)
{
  GPtrArray *statements = sluice_rehearsal_get_statements (rehearsal);
  SluiceDiff *reversibility = sluice_rehearsal_get_reversibility_diff (rehearsal);
  g_autofree char *total = NULL;

  log_line (run, _("What each statement did in the rehearsal:"));
  for (guint i = 0; statements != NULL && i < statements->len; i++)
    {
      const SluiceRehearsalStatement *statement = g_ptr_array_index (statements, i);
      g_autofree char *locks = statement->locks != NULL && statement->locks[0] != NULL
                                 ? g_strjoinv ("; ", statement->locks) : g_strdup (_("no table lock"));
      g_autofree char *first_line = g_strndup (statement->sql, strcspn (statement->sql, "\n"));
      g_autofree char *line = g_strdup_printf ("  %s #%u  %.0f ms  %s  %s",
                                               statement->version, statement->index,
                                               statement->duration_ms, locks, first_line);

      log_line (run, line);
      if (statement->rewritten != NULL && statement->rewritten[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (", ", statement->rewritten);
          g_autofree char *rewrite = g_strdup_printf (_("      rewrote %s"), list);

          log_line (run, rewrite);
        }
    }

  total = g_strdup_printf (_("Rehearsal took %.0f ms."), sluice_rehearsal_get_duration_ms (rehearsal));
  log_line (run, total);

  if (!sluice_rehearsal_get_down_tested (rehearsal))
    log_line (run, _("Reversibility not tested: not every migration has a down script."));
  else if (reversibility != NULL && sluice_diff_is_empty (reversibility))
    log_line (run, _("Reversible: after the down scripts the schema is as before."));
  else if (reversibility != NULL)
    {
      g_autofree char *description = sluice_diff_describe (reversibility);
      g_autofree char *line = g_strdup_printf (_("Not reversible: after the down scripts, %s."), description);

      log_line (run, line);
    }
}

/* The user's sandbox, or the cluster under --sandbox DIR; started when
 * it is not running. */
static SluiceSandbox *
start_sandbox (const char  *root_dir,
               GError     **error)
{
  g_autoptr(SluiceSandbox) sandbox = root_dir != NULL ? sluice_sandbox_new (root_dir)
                                                      : sluice_sandbox_new_default ();
  g_autoptr(GAsyncResult) result = NULL;
  SluiceCliAsync async;
  gboolean ok;

  sluice_cli_async_init (&async);
  sluice_sandbox_start_async (sandbox, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  ok = sluice_sandbox_start_finish (sandbox, result, error);
  sluice_cli_async_clear (&async);

  return ok ? g_steal_pointer (&sandbox) : NULL;
}

static int
run_rehearse (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceSandbox) sandbox = NULL;
  g_autoptr(SluiceRehearsal) rehearsal = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SluiceCliAsync async;
  gboolean ok;

  if (!open_database (run, &error) || !open_folder (run, &error))
    return finish_rehearse_error (run, error);

  run->runner = sluice_runner_new_migrate (run->profile, run->database->connection, run->folder, run->options.to);
  g_signal_connect (run->runner, "event", G_CALLBACK (on_event), run);

  /* Preflight only to learn what is pending; its warnings are the
   * target's, not the rehearsal's, so a failed check does not stop it. */
  if (!preflight (run, &error))
    {
      g_autofree char *line = g_strdup_printf (_("Preflight: %s (the rehearsal goes on: it never writes to the target)"),
                                               error->message);

      log_timed (run, line);
      g_clear_error (&error);
    }

  if (sluice_runner_get_migrations (run->runner)->len == 0)
    {
      log_timed (run, _("Nothing to rehearse: no migration is pending."));
      return finish_rehearse (run, NULL, SLUICE_CLI_EXIT_SUCCESS, NULL);
    }

  log_timed (run, _("Starting the sandbox"));
  if (!(sandbox = start_sandbox (run->options.sandbox_dir, &error)))
    {
      g_autofree char *text = g_strdup_printf (_("The sandbox could not be started: %s. Nothing was rehearsed."),
                                               error->message);

      return finish_rehearse (run, NULL, SLUICE_CLI_EXIT_FAILURE, text);
    }

  rehearsal = sluice_runner_new_rehearsal (run->runner, sandbox);
  sluice_rehearsal_set_keep_database (rehearsal, run->options.keep);

  sluice_cli_async_init (&async);
  sluice_rehearsal_run_async (rehearsal, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  ok = sluice_rehearsal_run_finish (rehearsal, result, &error);
  sluice_cli_async_clear (&async);

  print_rehearsal (run, rehearsal);
  if (run->options.keep && sluice_rehearsal_get_database_name (rehearsal) != NULL)
    {
      g_autofree char *line = g_strdup_printf (_("The sandbox database %s was kept."),
                                               sluice_rehearsal_get_database_name (rehearsal));

      log_timed (run, line);
    }

  if (!ok)
    return finish_rehearse (run, rehearsal, SLUICE_CLI_EXIT_FAILURE, error->message);
  return finish_rehearse (run, rehearsal, SLUICE_CLI_EXIT_SUCCESS, NULL);
}

int
sluice_cli_rehearse_main (int    argc,
                          char **argv)
{
  Run run = { 0 };
  int exit_code;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &run.options.profile, N_("The profile whose schema is cloned"), N_("PROFILE") },
    { "conninfo", 'c', 0, G_OPTION_ARG_STRING, &run.options.conninfo, N_("A conninfo or postgres:// URI instead of a profile"), N_("CONNINFO") },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &run.options.dir, N_("The migration folder (default: the profile's)"), N_("DIR") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &run.options.to, N_("Rehearse up to this version only"), N_("V") },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &run.options.keep, N_("Keep the sandbox database for a person to look at"), NULL },
    { "sandbox", 0, 0, G_OPTION_ARG_FILENAME, &run.options.sandbox_dir, N_("The sandbox cluster's folder (default: the user's sandbox)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &run.options.json, N_("Print the report as JSON (the log goes to stderr)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;

  run.direction = SLUICE_RUN_UP;
  run.log = stdout;

  context = sluice_cli_option_context_new (argv[0], NULL,
                                           _("Run the pending migrations on a copy of the schema in the sandbox, "
                                             "and report the locks, rewrites, durations and reversibility."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;
  if (run.options.json)
    run.log = stderr;
  if (argc > 1)
    {
      g_autofree char *text = g_strdup_printf (_("%s takes no argument “%s” (see “sluice-cli %s --help”)."),
                                               argv[0], argv[1], argv[0]);

      exit_code = finish_rehearse (&run, NULL, SLUICE_CLI_EXIT_USAGE, text);
      run_clear (&run);
      return exit_code;
    }

  exit_code = run_rehearse (&run);
  run_clear (&run);
  return exit_code;
}
