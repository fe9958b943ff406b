/* sluice-cli-lint.c: sluice-cli lint
 *
 *   sluice-cli lint FILE... [--json] [-p PROFILE] [--guard LEVEL]
 *                   [--server-version N]
 *
 * Lints migration files.  A file that belongs to a migration folder Sluice
 * can read (its own format, dbmate, golang-migrate, Flyway, ...) is linted
 * as its tool runs it: only the up section, in one transaction unless the
 * file says otherwise; any other file is linted whole, statement by
 * statement.  The severities come from the profile (-p; its guard level
 * and its "lint" overrides) or from --guard (confirm by default).
 *
 * Exit codes: 0 no error-level finding, 1 at least one, 2 a usage error
 * or a file that cannot be read (the other files are still linted).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-cli.h"
#include "sluice-lint.h"

typedef struct
{
  SluiceLint *lint;
  GHashTable *folders;    /* directory -> SluiceMigrationFolder, or a NULL value: not a folder Sluice reads */
} Linter;

static void
unref_folder (gpointer folder)
{
  if (folder != NULL)
    g_object_unref (folder);
}

/* The migration of a loaded folder whose up file is @path, or NULL. */
static SluiceMigration *
find_migration (SluiceMigrationFolder *folder,
                const char            *path)
{
  GListModel *migrations = sluice_migration_folder_get_migrations (folder);
  guint n = g_list_model_get_n_items (migrations);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SluiceMigration) migration = g_list_model_get_item (migrations, i);
      const char * const *files = sluice_migration_get_files (migration);

      if (files != NULL && files[0] != NULL && g_str_equal (files[0], path))
        return g_steal_pointer (&migration);
    }

  return NULL;
}

static SluiceMigrationFolder *
folder_for (Linter     *linter,
            const char *directory)
{
  SluiceMigrationFolder *folder;
  gpointer value;

  if (g_hash_table_lookup_extended (linter->folders, directory, NULL, &value))
    return value;

  /* A folder whose format cannot be told is no error: its files are
   * linted as plain SQL. */
  folder = sluice_migration_folder_load (directory, SLUICE_MIGRATION_FORMAT_AUTO, NULL);
  g_hash_table_insert (linter->folders, g_strdup (directory), folder);

  return folder;
}

static GPtrArray *
lint_one (Linter      *linter,
          const char  *argument,
          GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (argument);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *directory = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  SluiceMigrationFolder *folder;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s is not a file that can be read; it was not linted."), argument);
      return NULL;
    }

  directory = g_path_get_dirname (path);
  folder = folder_for (linter, directory);
  if (folder != NULL)
    migration = find_migration (folder, path);

  if (migration != NULL)
    findings = sluice_lint_check_migration (linter->lint, migration);
  else
    findings = sluice_lint_check_file (linter->lint, path, error);

  if (findings == NULL)
    return NULL;

  /* The file as the caller named it. */
  for (guint i = 0; i < findings->len; i++)
    {
      SluiceLintFinding *finding = g_ptr_array_index (findings, i);

      g_free (finding->file);
      finding->file = g_strdup (argument);
    }

  return g_steal_pointer (&findings);
}

/* For people */

static const char *
severity_label (SluiceLintSeverity severity)
{
  switch (severity)
    {
    case SLUICE_LINT_SEVERITY_ERROR:
      return _("error");
    case SLUICE_LINT_SEVERITY_WARNING:
      return _("warning");
    case SLUICE_LINT_SEVERITY_INFO:
      return _("info");
    case SLUICE_LINT_SEVERITY_OFF:
    default:
      return "";
    }
}

static void
print_finding (const SluiceLintFinding *finding)
{
  /* FILE:LINE:COLUMN: as compilers write it, for editors to jump to. */
  printf ("%s:%u:%u: %s: %s [%s]\n", finding->file, finding->line, finding->column,
          severity_label (finding->severity), finding->message, finding->rule);
  if (finding->why != NULL)
    printf ("    %s %s\n", _("Why:"), finding->why);
  if (finding->rewrite != NULL)
    printf ("    %s %s\n", _("Instead:"), finding->rewrite);
}

static void
print_summary (GPtrArray *findings,
               guint      n_files)
{
  guint counts[SLUICE_LINT_SEVERITY_ERROR + 1] = { 0 };
  g_autofree char *errors = NULL, *warnings = NULL, *infos = NULL;

  for (guint i = 0; i < findings->len; i++)
    {
      const SluiceLintFinding *finding = g_ptr_array_index (findings, i);

      counts[finding->severity]++;
    }

  errors = g_strdup_printf (ngettext ("%u error", "%u errors", counts[SLUICE_LINT_SEVERITY_ERROR]),
                            counts[SLUICE_LINT_SEVERITY_ERROR]);
  warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", counts[SLUICE_LINT_SEVERITY_WARNING]),
                              counts[SLUICE_LINT_SEVERITY_WARNING]);
  infos = g_strdup_printf (ngettext ("%u note", "%u notes", counts[SLUICE_LINT_SEVERITY_INFO]),
                           counts[SLUICE_LINT_SEVERITY_INFO]);

  /* Translators: "2 errors, 1 warning, 3 notes in 4 files" */
  printf (ngettext ("%s, %s, %s in %u file\n", "%s, %s, %s in %u files\n", n_files),
          errors, warnings, infos, n_files);
}

/* For scripts */

static JsonNode *
build_json (GPtrArray *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);

  for (guint i = 0; i < findings->len; i++)
    {
      const SluiceLintFinding *finding = g_ptr_array_index (findings, i);
      const char *lock = sluice_lock_mode_to_string (finding->lock);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, finding->file);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, finding->line);
      json_builder_set_member_name (builder, "column");
      json_builder_add_int_value (builder, finding->column);
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, finding->rule);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, sluice_lint_severity_to_string (finding->severity));
      json_builder_set_member_name (builder, "lock");
      if (lock != NULL)
        json_builder_add_string_value (builder, lock);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, finding->message);
      json_builder_set_member_name (builder, "why");
      json_builder_add_string_value (builder, finding->why);
      json_builder_set_member_name (builder, "rewrite");
      if (finding->rewrite != NULL)
        json_builder_add_string_value (builder, finding->rewrite);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Options */

static SluiceLintConfig *
config_for_profile (const char  *name,
                    GError     **error)
{
  g_autoptr(SluiceProfileStore) store = sluice_cli_load_profiles (error);
  SluiceProfile *profile;

  if (store == NULL)
    return NULL;

  profile = sluice_profile_store_find_by_name (store, name);
  if (profile == NULL)
    profile = sluice_profile_store_find_by_id (store, name);

  if (profile == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("There is no profile named “%s” in %s. Nothing was linted. "
                     "“sluice-cli profiles” lists the profiles."),
                   name, sluice_profile_store_get_path (store));
      return NULL;
    }

  return sluice_lint_config_new_for_profile (profile);
}

static SluiceLintConfig *
make_config (const char  *profile_name,
             const char  *guard_text,
             const char  *server_version_text,
             GError     **error)
{
  g_autoptr(SluiceLintConfig) config = NULL;
  SluiceGuardLevel guard = SLUICE_GUARD_CONFIRM;
  guint server_version;

  if (profile_name != NULL && guard_text != NULL)
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("Give either -p PROFILE or --guard, not both: the profile has its own guard level."));
      return NULL;
    }

  if (guard_text != NULL && !sluice_guard_level_from_string (guard_text, &guard))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("--guard is “%s”, which is not one of relaxed, confirm or strict."), guard_text);
      return NULL;
    }

  if (profile_name != NULL)
    config = config_for_profile (profile_name, error);
  else
    config = sluice_lint_config_new (guard);

  if (config == NULL)
    return NULL;

  if (server_version_text != NULL)
    {
      if (!sluice_lint_parse_server_version (server_version_text, &server_version, error))
        return NULL;
      sluice_lint_config_set_server_version (config, server_version);
    }

  return g_steal_pointer (&config);
}

int
sluice_cli_lint_main (int    argc,
                      char **argv)
{
  g_autofree char *profile_name = NULL;
  g_autofree char *guard_text = NULL;
  g_autofree char *server_version_text = NULL;
  g_auto(GStrv) files = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
      N_("Use the lint severities and guard level of this profile"), N_("PROFILE") },
    { "guard", 0, 0, G_OPTION_ARG_STRING, &guard_text,
      N_("Severities of this guard level without a profile: relaxed, confirm (the default) or strict"), N_("LEVEL") },
    { "server-version", 0, 0, G_OPTION_ARG_STRING, &server_version_text,
      N_("The PostgreSQL version the migrations will run on (15, 15.4 or 150004; default 15)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the findings as one JSON document"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceLintConfig) config = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gboolean input_error = FALSE;
  Linter linter;

  context = sluice_cli_option_context_new ("lint", _("FILE…"),
                                           _("Say what each statement of migration files will lock, rewrite or "
                                             "lose on a live database, and how to write it safely."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (files == NULL || files[0] == NULL)
    {
      sluice_cli_print_error (_("lint: name at least one migration file (see “sluice-cli lint --help”)."));
      return SLUICE_CLI_EXIT_USAGE;
    }

  config = make_config (profile_name, guard_text, server_version_text, &error);
  if (config == NULL)
    return sluice_cli_fail (error);

  linter.lint = sluice_lint_new (config);
  linter.folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_folder);
  all = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_lint_finding_free);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) findings = NULL;
      g_autoptr(GError) file_error = NULL;

      findings = lint_one (&linter, files[i], &file_error);
      if (findings == NULL)
        {
          sluice_cli_print_error ("%s", file_error->message);
          input_error = TRUE;
          continue;
        }

      g_ptr_array_extend_and_steal (all, g_steal_pointer (&findings));
    }

  g_hash_table_unref (linter.folders);
  g_object_unref (linter.lint);

  if (json)
    {
      g_autoptr(JsonNode) root = build_json (all);

      sluice_cli_print_json (root);
    }
  else
    {
      for (guint i = 0; i < all->len; i++)
        print_finding (g_ptr_array_index (all, i));
      print_summary (all, g_strv_length (files));
    }

  if (input_error)
    return SLUICE_CLI_EXIT_USAGE;
  if (sluice_lint_findings_get_max_severity (all) == SLUICE_LINT_SEVERITY_ERROR)
    return SLUICE_CLI_EXIT_FAILURE;
  return SLUICE_CLI_EXIT_SUCCESS;
}
