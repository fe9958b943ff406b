/* sluice-cli-status.c: sluice-cli status, history and new
 *
 *   sluice-cli status  -p PROFILE | -c CONNINFO [-d DIR] [--format FORMAT] [--json]
 *   sluice-cli history -p PROFILE | -c CONNINFO [--json]
 *   sluice-cli new NAME [-d DIR] [--json]
 *
 * status joins a migration folder (by default the profile's) with the
 * history the database keeps, whichever tool wrote it; history prints that
 * history alone; new writes an empty migration in Sluice's own format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-cli.h"
#include "sluice-cli-table.h"
#include "sluice-history.h"
#include "sluice-migration-folder.h"
#include "sluice-status.h"

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "-";
}

/* "2026-11-21 09:40" in local time, for people. */
static char *
format_local_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup ("-");

  local = g_date_time_to_local (when);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* Reading the database and the folder */

static SluiceHistory *
read_history (SluiceConnection       *connection,
              SluiceMigrationFormat   preferred,
              GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceHistory *history;
  SluiceCliAsync async;

  sluice_cli_async_init (&async);
  sluice_history_read_async (connection, preferred, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  history = sluice_history_read_finish (result, error);
  sluice_cli_async_clear (&async);

  return history;
}

/* A folder that cannot be read, or whose format cannot be told, is the
 * caller's input: exit 2 whatever the error's domain. */
static SluiceMigrationFolder *
load_folder (const char             *path,
             SluiceMigrationFormat   format,
             SluiceCliExit          *exit_code)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder;

  if (!g_file_test (absolute, G_FILE_TEST_IS_DIR))
    {
      sluice_cli_print_error (_("The migration folder %s does not exist or is not a folder. "
                                "Nothing was read; give the folder with -d DIR."),
                              absolute);
      *exit_code = SLUICE_CLI_EXIT_USAGE;
      return NULL;
    }

  folder = sluice_migration_folder_load (absolute, format, &error);
  if (folder == NULL)
    {
      sluice_cli_print_error (_("Could not read the migration folder %s: %s"),
                              absolute, error->message);
      *exit_code = SLUICE_CLI_EXIT_USAGE;
      return NULL;
    }

  *exit_code = SLUICE_CLI_EXIT_SUCCESS;
  return folder;
}

/* status */

static void
add_problems_json (JsonBuilder           *builder,
                   SluiceMigrationFolder *folder)
{
  GPtrArray *problems = folder != NULL ? sluice_migration_folder_get_problems (folder) : NULL;

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const SluiceFolderProblem *problem = g_ptr_array_index (problems, i);

      json_builder_begin_object (builder);
      sluice_cli_json_add_string (builder, "file", problem->path);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, problem->line);
      sluice_cli_json_add_string (builder, "message", problem->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_status_item_json (JsonBuilder      *builder,
                      SluiceStatusItem *item)
{
  SluiceMigration *migration = sluice_status_item_get_migration (item);
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
  const char * const *files = migration != NULL ? sluice_migration_get_files (migration) : NULL;

  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "version", sluice_status_item_get_version (item));
  sluice_cli_json_add_string (builder, "name", sluice_status_item_get_name (item));
  sluice_cli_json_add_string (builder, "status",
                              sluice_migration_status_to_string (sluice_status_item_get_status (item)));
  sluice_cli_json_add_time (builder, "applied_at",
                            entry != NULL ? sluice_history_entry_get_applied_at (entry) : NULL);
  sluice_cli_json_add_string (builder, "applied_by",
                              entry != NULL ? sluice_history_entry_get_applied_by (entry) : NULL);
  sluice_cli_json_add_string (builder, "checksum_file",
                              migration != NULL ? sluice_migration_get_checksum (migration) : NULL);
  sluice_cli_json_add_string (builder, "checksum_applied",
                              entry != NULL ? sluice_history_entry_get_checksum (entry) : NULL);
  sluice_cli_json_add_string (builder, "key",
                              migration != NULL ? sluice_migration_get_history_key (migration)
                                                : entry != NULL ? sluice_history_entry_get_key (entry) : NULL);
  sluice_cli_json_add_string (builder, "file", files != NULL ? files[0] : NULL);
  json_builder_end_object (builder);
}

static JsonNode *
build_status_json (SluiceStatusReport    *report,
                   SluiceMigrationFolder *folder,
                   SluiceHistory         *history)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *items = sluice_status_report_get_items (report);
  SluiceHistoryEntry *last = sluice_status_report_get_last_change (report);
  guint n_items = g_list_model_get_n_items (items);

  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "current", sluice_status_report_get_current_version (report));
  sluice_cli_json_add_string (builder, "format",
                              folder != NULL
                                ? sluice_migration_format_to_string (sluice_migration_folder_get_format (folder))
                                : NULL);
  sluice_cli_json_add_string (builder, "folder", folder != NULL ? sluice_migration_folder_get_path (folder) : NULL);
  sluice_cli_json_add_string (builder, "tool", sluice_history_tool_to_string (sluice_history_get_tool (history)));
  json_builder_set_member_name (builder, "pending");
  json_builder_add_int_value (builder, sluice_status_report_get_pending_count (report));

  json_builder_set_member_name (builder, "last_change");
  if (last != NULL)
    {
      json_builder_begin_object (builder);
      sluice_cli_json_add_string (builder, "version", sluice_history_entry_get_version (last));
      sluice_cli_json_add_string (builder, "name", sluice_history_entry_get_name (last));
      sluice_cli_json_add_time (builder, "applied_at", sluice_history_entry_get_applied_at (last));
      sluice_cli_json_add_string (builder, "applied_by", sluice_history_entry_get_applied_by (last));
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }

  json_builder_set_member_name (builder, "migrations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

      add_status_item_json (builder, item);
    }
  json_builder_end_array (builder);

  add_problems_json (builder, folder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_status_table (SluiceStatusReport *report)
{
  GListModel *items = sluice_status_report_get_items (report);
  guint n_items = g_list_model_get_n_items (items);
  SluiceCliTable table;

  if (n_items == 0)
    {
      printf ("%s\n", _("No migrations: the folder holds none and the database records none."));
      return;
    }

  sluice_cli_table_init (&table, (const char * const []) {
                           _("VERSION"), _("NAME"), _("STATUS"), _("APPLIED"), _("BY"), NULL });

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);
      SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
      char **row = g_new0 (char *, 6);

      row[0] = g_strdup (or_dash (sluice_status_item_get_version (item)));
      row[1] = g_strdup (or_dash (sluice_status_item_get_name (item)));
      row[2] = g_strdup (sluice_migration_status_get_label (sluice_status_item_get_status (item)));
      row[3] = format_local_time (entry != NULL ? sluice_history_entry_get_applied_at (entry) : NULL);
      row[4] = g_strdup (or_dash (entry != NULL ? sluice_history_entry_get_applied_by (entry) : NULL));
      sluice_cli_table_add_row (&table, row);
    }

  sluice_cli_table_print_and_clear (&table);
}

/* "current 0008, 8 pending, last change 2026-11-21 09:40 by root", then
 * what needs a person's eyes: whole translated phrases, joined. */
static void
print_status_summary (SluiceStatusReport *report)
{
  static const SluiceMigrationStatus attention[] = {
    SLUICE_STATUS_DRIFT, SLUICE_STATUS_MISSING, SLUICE_STATUS_FAILED, SLUICE_STATUS_OUT_OF_ORDER,
  };
  const char *current = sluice_status_report_get_current_version (report);
  SluiceHistoryEntry *last = sluice_status_report_get_last_change (report);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;

  if (current != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("current %s"), current));
  else
    g_ptr_array_add (parts, g_strdup (_("nothing applied")));

  g_ptr_array_add (parts, sluice_status_describe_count (SLUICE_STATUS_PENDING,
                                                        sluice_status_report_get_pending_count (report)));

  /* Some tools (dbmate, golang-migrate) record no time: then there is
   * nothing to say about the last change beyond the current version. */
  if (last != NULL && sluice_history_entry_get_applied_at (last) != NULL)
    {
      g_autofree char *when = format_local_time (sluice_history_entry_get_applied_at (last));
      const char *who = sluice_history_entry_get_applied_by (last);

      if (who != NULL)
        g_ptr_array_add (parts, g_strdup_printf (_("last change %s by %s"), when, who));
      else
        g_ptr_array_add (parts, g_strdup_printf (_("last change %s"), when));
    }

  for (guint i = 0; i < G_N_ELEMENTS (attention); i++)
    {
      guint count = sluice_status_report_count (report, attention[i]);

      if (count > 0)
        g_ptr_array_add (parts, sluice_status_describe_count (attention[i], count));
    }

  g_ptr_array_add (parts, NULL);
  /* Translators: between the parts of the status summary line ("current
   * 0008, 8 pending, last change 2026-11-21 09:40 by root, 1 drifted"). */
  line = g_strjoinv (_(", "), (char **) parts->pdata);

  printf ("\n%s\n", line);
}

static void
print_problems (SluiceMigrationFolder *folder)
{
  GPtrArray *problems = sluice_migration_folder_get_problems (folder);

  if (problems == NULL || problems->len == 0)
    return;

  printf ("\n%s\n", g_dngettext (GETTEXT_PACKAGE,
                                 "A file of the folder could not be read as a migration; it is left out above:",
                                 "Some files of the folder could not be read as migrations; they are left out above:",
                                 problems->len));
  for (guint i = 0; i < problems->len; i++)
    {
      const SluiceFolderProblem *problem = g_ptr_array_index (problems, i);

      if (problem->line > 0)
        printf ("  %s:%u: %s\n", problem->path, problem->line, problem->message);
      else
        printf ("  %s: %s\n", problem->path, problem->message);
    }
}

static void
print_status_human (SluiceStatusReport    *report,
                    SluiceMigrationFolder *folder,
                    SluiceHistory         *history,
                    const char            *why_no_folder)
{
  SluiceHistoryTool tool = sluice_history_get_tool (history);

  if (folder != NULL)
    printf (_("Folder %s (%s), history: %s\n\n"),
            sluice_migration_folder_get_path (folder),
            sluice_migration_format_to_string (sluice_migration_folder_get_format (folder)),
            tool == SLUICE_HISTORY_TOOL_NONE ? _("none recorded yet")
                                             : sluice_history_tool_to_string (tool));
  else
    printf ("%s\n\n", why_no_folder);

  print_status_table (report);
  print_status_summary (report);
  if (folder != NULL)
    print_problems (folder);
}

int
sluice_cli_status_main (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceCliDatabase) database = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *format_name = NULL;
  const char *why_no_folder = NULL;
  SluiceMigrationFormat format = SLUICE_MIGRATION_FORMAT_AUTO;
  SluiceCliExit exit_code;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
      N_("The profile to connect with; its migration folder is read unless -d is given"), N_("PROFILE") },
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &conninfo,
      N_("A libpq connection string or postgres:// URI"), N_("CONNINFO") },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
      N_("The migration folder (default: the profile's)"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("The folder's format: sluice, plain, drizzle, dbmate, golang-migrate, flyway, sqitch "
         "(default: detected)"), N_("FORMAT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("status", NULL,
                                           _("Joins a migration folder with the history the database "
                                             "keeps (Sluice's, or another tool's) and prints each "
                                             "migration's status: applied, pending, missing, drift, "
                                             "failed or out_of_order."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      sluice_cli_print_error (_("status takes no arguments, but “%s” was given; name the folder "
                                "with -d DIR."),
                              argv[1]);
      return SLUICE_CLI_EXIT_USAGE;
    }

  if (format_name != NULL && !sluice_migration_format_from_string (format_name, &format))
    {
      sluice_cli_print_error (_("“%s” is not a migration format; give one of sluice, plain, drizzle, "
                                "dbmate, golang-migrate, flyway or sqitch, or leave --format out."),
                              format_name);
      return SLUICE_CLI_EXIT_USAGE;
    }

  /* A folder named on the command line is checked before connecting:
   * a typo there is the caller's, whatever the network does. */
  if (dir != NULL && !(folder = load_folder (dir, format, &exit_code)))
    return exit_code;

  database = sluice_cli_connect (profile_name, conninfo, &exit_code);
  if (database == NULL)
    return exit_code;

  if (folder == NULL && database->session != NULL)
    {
      SluiceProfile *profile = sluice_session_get_profile (database->session);
      const char *profile_dir = sluice_profile_get_migration_folder (profile);

      if (profile_dir != NULL && *profile_dir != '\0')
        {
          if (!(folder = load_folder (profile_dir, format, &exit_code)))
            return exit_code;
        }
      else
        {
          why_no_folder = _("The profile has no migration folder (and no -d DIR was given): "
                            "only the history is shown.");
        }
    }
  else if (folder == NULL)
    {
      why_no_folder = _("No migration folder was given (-d DIR): only the history is shown.");
    }

  history = read_history (database->connection,
                          folder != NULL ? sluice_migration_folder_get_format (folder)
                                         : SLUICE_MIGRATION_FORMAT_AUTO,
                          &error);
  if (history == NULL)
    return sluice_cli_fail (error);

  report = sluice_status_report_new (folder, history);

  if (json)
    {
      g_autoptr(JsonNode) root = build_status_json (report, folder, history);

      sluice_cli_print_json (root);
    }
  else
    {
      print_status_human (report, folder, history, why_no_folder);
    }

  /* Problems in the folder are reported, not failed on: a status is
   * still true for every migration that could be read. */
  return SLUICE_CLI_EXIT_SUCCESS;
}

/* history */

/* Stable words for scripts. */
static const char *
history_state_to_string (SluiceHistoryState state)
{
  switch (state)
    {
    case SLUICE_HISTORY_FAILED:      return "failed";
    case SLUICE_HISTORY_DIRTY:       return "dirty";
    case SLUICE_HISTORY_ROLLED_BACK: return "rolled_back";
    case SLUICE_HISTORY_APPLIED:
    default:                         return "applied";
    }
}

static const char *
history_state_get_label (SluiceHistoryState state)
{
  switch (state)
    {
    case SLUICE_HISTORY_FAILED:      return _("failed");
    case SLUICE_HISTORY_DIRTY:       return _("dirty");
    case SLUICE_HISTORY_ROLLED_BACK: return _("rolled back");
    case SLUICE_HISTORY_APPLIED:
    default:                         return _("ok");
    }
}

static void
add_history_entry_json (JsonBuilder        *builder,
                        SluiceHistoryEntry *entry)
{
  SluiceHistoryState state = sluice_history_entry_get_state (entry);
  gint64 execution_ms = sluice_history_entry_get_execution_ms (entry);

  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "version", sluice_history_entry_get_version (entry));
  sluice_cli_json_add_string (builder, "name", sluice_history_entry_get_name (entry));
  sluice_cli_json_add_time (builder, "applied_at", sluice_history_entry_get_applied_at (entry));
  sluice_cli_json_add_string (builder, "applied_by", sluice_history_entry_get_applied_by (entry));
  json_builder_set_member_name (builder, "execution_ms");
  if (execution_ms >= 0)
    json_builder_add_int_value (builder, execution_ms);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, state == SLUICE_HISTORY_APPLIED);
  sluice_cli_json_add_string (builder, "state", history_state_to_string (state));
  sluice_cli_json_add_string (builder, "key", sluice_history_entry_get_key (entry));
  sluice_cli_json_add_string (builder, "checksum", sluice_history_entry_get_checksum (entry));
  sluice_cli_json_add_string (builder, "log", sluice_history_entry_get_log (entry));
  json_builder_end_object (builder);
}

/* The run record is read through its properties, each turned into the JSON
 * value of its own type; one the object lacks is null, so that every member
 * is always there. */
typedef struct
{
  const char *property;
  const char *member;
} RunField;

static const RunField run_fields[] = {
  { "key",              "version" },
  { "name",             "name" },
  { "direction",        "direction" },
  { "started-at",       "started_at" },
  { "finished-at",      "finished_at" },
  { "success",          "success" },
  { "error",            "error" },
  { "sqlstate",         "sqlstate" },
  { "actor",            "actor" },
  { "statements-done",  "statements_done" },
  { "statements-total", "statements_total" },
  { "note",             "note" },
};

static void
add_value_json (JsonBuilder  *builder,
                const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_STRING && g_value_get_string (value) != NULL)
    json_builder_add_string_value (builder, g_value_get_string (value));
  else if (type == G_TYPE_BOOLEAN)
    json_builder_add_boolean_value (builder, g_value_get_boolean (value));
  else if (type == G_TYPE_INT)
    json_builder_add_int_value (builder, g_value_get_int (value));
  else if (type == G_TYPE_UINT)
    json_builder_add_int_value (builder, g_value_get_uint (value));
  else if (type == G_TYPE_INT64)
    json_builder_add_int_value (builder, g_value_get_int64 (value));
  else if (type == G_TYPE_DATE_TIME && g_value_get_boxed (value) != NULL)
    {
      g_autofree char *text = sluice_cli_format_utc_time (g_value_get_boxed (value));

      json_builder_add_string_value (builder, text);
    }
  else if (G_VALUE_HOLDS_ENUM (value))
    {
      GEnumClass *klass = g_type_class_ref (type);
      GEnumValue *enum_value = g_enum_get_value (klass, g_value_get_enum (value));

      if (enum_value != NULL)
        json_builder_add_string_value (builder, enum_value->value_nick);
      else
        json_builder_add_null_value (builder);
      g_type_class_unref (klass);
    }
  else
    json_builder_add_null_value (builder);
}

static gboolean
get_run_property (SluiceRunRecord *record,
                  const char      *property,
                  GValue          *value)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (record), property);

  if (pspec == NULL || !(pspec->flags & G_PARAM_READABLE))
    return FALSE;

  g_value_init (value, pspec->value_type);
  g_object_get_property (G_OBJECT (record), property, value);
  return TRUE;
}

static void
add_run_record_json (JsonBuilder     *builder,
                     SluiceRunRecord *record)
{
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (run_fields); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      json_builder_set_member_name (builder, run_fields[i].member);
      if (get_run_property (record, run_fields[i].property, &value))
        add_value_json (builder, &value);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
}

static JsonNode *
build_history_json (SluiceHistory *history)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *entries = sluice_history_get_entries (history);
  GListModel *runs = sluice_history_get_run_log (history);
  guint n_entries = g_list_model_get_n_items (entries);
  guint n_runs = runs != NULL ? g_list_model_get_n_items (runs) : 0;

  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "tool", sluice_history_tool_to_string (sluice_history_get_tool (history)));

  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_entries; i++)
    {
      g_autoptr(SluiceHistoryEntry) entry = g_list_model_get_item (entries, i);

      add_history_entry_json (builder, entry);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "runs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_runs; i++)
    {
      g_autoptr(SluiceRunRecord) record = g_list_model_get_item (runs, i);

      add_run_record_json (builder, record);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
run_property_to_text (SluiceRunRecord *record,
                      const char      *property)
{
  g_auto(GValue) value = G_VALUE_INIT;

  if (!get_run_property (record, property, &value))
    return g_strdup ("-");

  if (G_VALUE_HOLDS_STRING (&value))
    return g_strdup (or_dash (g_value_get_string (&value)));
  if (G_VALUE_HOLDS (&value, G_TYPE_DATE_TIME))
    return format_local_time (g_value_get_boxed (&value));
  if (G_VALUE_HOLDS_BOOLEAN (&value))
    return g_strdup (g_value_get_boolean (&value) ? _("ok") : _("failed"));

  return g_strdup_value_contents (&value);
}

static void
print_history_human (SluiceHistory *history)
{
  GListModel *entries = sluice_history_get_entries (history);
  GListModel *runs = sluice_history_get_run_log (history);
  guint n_entries = g_list_model_get_n_items (entries);
  guint n_runs = runs != NULL ? g_list_model_get_n_items (runs) : 0;
  SluiceHistoryTool tool = sluice_history_get_tool (history);
  SluiceCliTable table;

  if (tool == SLUICE_HISTORY_TOOL_NONE)
    {
      printf ("%s\n", _("The database has no migration history table of any tool Sluice knows: "
                        "nothing was applied by a migration tool."));
      return;
    }

  printf (_("History kept by %s\n\n"), sluice_history_tool_to_string (tool));

  if (n_entries == 0)
    printf ("%s\n", _("The history table is empty."));
  else
    {
      sluice_cli_table_init (&table, (const char * const []) {
                               _("VERSION"), _("NAME"), _("APPLIED"), _("BY"), _("DURATION"), _("RESULT"), NULL });
      for (guint i = 0; i < n_entries; i++)
        {
          g_autoptr(SluiceHistoryEntry) entry = g_list_model_get_item (entries, i);
          gint64 execution_ms = sluice_history_entry_get_execution_ms (entry);
          char **row = g_new0 (char *, 7);

          row[0] = g_strdup (or_dash (sluice_history_entry_get_version (entry)));
          row[1] = g_strdup (or_dash (sluice_history_entry_get_name (entry)));
          row[2] = format_local_time (sluice_history_entry_get_applied_at (entry));
          row[3] = g_strdup (or_dash (sluice_history_entry_get_applied_by (entry)));
          if (execution_ms >= 0)
            {
              g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, execution_ms);

              /* TRANSLATORS: a duration in milliseconds, e.g. "12 ms" */
              row[4] = g_strdup_printf (_("%s ms"), number);
            }
          else
            {
              row[4] = g_strdup ("-");
            }
          row[5] = g_strdup (history_state_get_label (sluice_history_entry_get_state (entry)));
          sluice_cli_table_add_row (&table, row);
        }
      sluice_cli_table_print_and_clear (&table);
    }

  if (n_runs == 0)
    return;

  printf ("\n%s\n\n", _("Run log (every attempt, oldest first):"));
  sluice_cli_table_init (&table, (const char * const []) {
                           _("STARTED"), _("DIRECTION"), _("VERSION"), _("RESULT"), _("ERROR"), NULL });
  for (guint i = 0; i < n_runs; i++)
    {
      g_autoptr(SluiceRunRecord) record = g_list_model_get_item (runs, i);
      char **row = g_new0 (char *, 6);

      row[0] = run_property_to_text (record, "started-at");
      row[1] = run_property_to_text (record, "direction");
      row[2] = run_property_to_text (record, "key");
      row[3] = run_property_to_text (record, "success");
      row[4] = run_property_to_text (record, "error");
      /* A table row is one line: a server error may have several. */
      g_strdelimit (row[4], "\r\n\t", ' ');
      sluice_cli_table_add_row (&table, row);
    }
  sluice_cli_table_print_and_clear (&table);
}

int
sluice_cli_history_main (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceCliDatabase) database = NULL;
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *conninfo = NULL;
  SluiceCliExit exit_code;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
      N_("The profile to connect with"), N_("PROFILE") },
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &conninfo,
      N_("A libpq connection string or postgres:// URI"), N_("CONNINFO") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("history", NULL,
                                           _("Prints the migrations the database records as applied "
                                             "(in Sluice's history or another tool's), and Sluice's "
                                             "run log of every attempt."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      sluice_cli_print_error (_("history takes no arguments, but “%s” was given; name the database "
                                "with -p PROFILE or -c CONNINFO."),
                              argv[1]);
      return SLUICE_CLI_EXIT_USAGE;
    }

  database = sluice_cli_connect (profile_name, conninfo, &exit_code);
  if (database == NULL)
    return exit_code;

  history = read_history (database->connection, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  if (history == NULL)
    return sluice_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) root = build_history_json (history);

      sluice_cli_print_json (root);
    }
  else
    {
      print_history_human (history);
    }

  return SLUICE_CLI_EXIT_SUCCESS;
}

/* new */

int
sluice_cli_new_main (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *path = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
      N_("The migration folder (default: the current folder)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("new", _("NAME"),
                                           _("Writes an empty migration in Sluice's format, "
                                             "NNNN_NAME.sql with the next version, and prints its path."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc != 2)
    {
      sluice_cli_print_error (_("new takes one NAME, such as “add_tickets_priority”; "
                                "%d arguments were given. Nothing was written."),
                              argc - 1);
      return SLUICE_CLI_EXIT_USAGE;
    }

  absolute = g_canonicalize_filename (dir != NULL ? dir : ".", NULL);
  if (!g_file_test (absolute, G_FILE_TEST_IS_DIR))
    {
      sluice_cli_print_error (_("The migration folder %s does not exist or is not a folder. "
                                "Nothing was written; create it first or give another with -d DIR."),
                              absolute);
      return SLUICE_CLI_EXIT_USAGE;
    }

  path = sluice_migration_folder_new_migration (absolute, argv[1], &error);
  if (path == NULL)
    return sluice_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *version = g_strndup (base, strcspn (base, "_"));

      json_builder_begin_object (builder);
      sluice_cli_json_add_string (builder, "path", path);
      sluice_cli_json_add_string (builder, "version", version);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sluice_cli_print_json (root);
    }
  else
    {
      printf ("%s\n", path);
    }

  return SLUICE_CLI_EXIT_SUCCESS;
}
