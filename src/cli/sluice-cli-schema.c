/* sluice-cli-schema.c: sluice-cli snapshot and diff
 *
 *   sluice-cli snapshot -p PROFILE | -c CONNINFO -o FILE [--label TEXT]
 *                       [--exclude-schema SCHEMA ...] [--json]
 *   sluice-cli diff A B [--sql] [--transactional] [--json]
 *                   [--ignore-owners] [--ignore-privileges] [--ignore-comments]
 *
 * snapshot saves every object of a database's schemas to a snapshot file;
 * diff compares two catalogs, each a snapshot file, a conninfo or a
 * profile (DESIGN.md says how an argument is told), and prints what
 * differs, or the DDL that turns A into B.  diff exits as diff(1) does: 0
 * when equal, 1 when different, 2 on any error, so that "different" is
 * never mistaken for "could not compare".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-cli.h"
#include "sluice-cli-table.h"

/* Values longer than this are cut in the list for people; --json has them
 * whole. */
#define MAX_VALUE_CHARS 72

/* Capturing */

static SluiceCatalog *
capture_catalog (SluiceConnection    *connection,
                 const char * const  *exclude_schemas,
                 GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceCatalog *catalog;
  SluiceCliAsync async;

  sluice_cli_async_init (&async);
  sluice_catalog_capture_async (connection, exclude_schemas, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  catalog = sluice_catalog_capture_finish (result, error);
  sluice_cli_async_clear (&async);

  return catalog;
}

/* The migration version the database's history names as current, or NULL
 * when no tool's history is there.  The profile's folder, when it has one
 * that reads, picks the tool's table and orders the versions as the tool
 * does.  A history that cannot be read leaves the snapshot without a
 * version rather than without a snapshot. */
static char *
read_current_version (SluiceConnection *connection,
                      SluiceProfile    *profile)
{
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *folder_path = profile != NULL ? sluice_profile_get_migration_folder (profile) : NULL;
  SluiceCliAsync async;

  if (folder_path != NULL && folder_path[0] != '\0')
    {
      folder = sluice_migration_folder_load (folder_path, SLUICE_MIGRATION_FORMAT_AUTO, &error);
      if (folder == NULL)
        {
          g_debug ("The profile's folder is not used for the snapshot's version: %s", error->message);
          g_clear_error (&error);
        }
    }

  sluice_cli_async_init (&async);
  sluice_history_read_full_async (connection,
                                  folder != NULL ? sluice_migration_folder_get_format (folder)
                                                 : SLUICE_MIGRATION_FORMAT_AUTO,
                                  folder != NULL ? sluice_migration_folder_get_project (folder) : NULL,
                                  NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  history = sluice_history_read_finish (result, &error);
  sluice_cli_async_clear (&async);

  if (history == NULL)
    {
      g_debug ("No migration version for the snapshot: %s", error->message);
      return NULL;
    }

  if (sluice_history_get_tool (history) == SLUICE_HISTORY_TOOL_NONE)
    return NULL;

  report = sluice_status_report_new (folder, history);
  return g_strdup (sluice_status_report_get_current_version (report));
}

/* "12 tables, 30 columns, 4 indexes": the kinds the catalog has. */
static char *
describe_counts (SluiceCatalog *catalog)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint kind = 0; kind < SLUICE_CATALOG_N_KINDS; kind++)
    {
      guint count = sluice_catalog_count_kind (catalog, kind);

      if (count > 0)
        g_ptr_array_add (parts, g_strdup_printf ("%u %s", count,
                                                 sluice_catalog_kind_get_plural_label (kind, count)));
    }

  if (parts->len == 0)
    return g_strdup (_("no objects"));

  g_ptr_array_add (parts, NULL);
  /* Translators: between the parts of "12 tables, 30 columns, 4 indexes" */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static void
add_catalog_json (JsonBuilder   *builder,
                  SluiceCatalog *catalog)
{
  json_builder_set_member_name (builder, "objects");
  json_builder_add_int_value (builder, sluice_catalog_get_n_objects (catalog));

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint kind = 0; kind < SLUICE_CATALOG_N_KINDS; kind++)
    {
      guint count = sluice_catalog_count_kind (catalog, kind);

      if (count == 0)
        continue;
      json_builder_set_member_name (builder, sluice_catalog_kind_to_string (kind));
      json_builder_add_int_value (builder, count);
    }
  json_builder_end_object (builder);

  sluice_cli_json_add_string (builder, "database", sluice_catalog_get_database (catalog));
  sluice_cli_json_add_string (builder, "server_version", sluice_catalog_get_server_version (catalog));
  sluice_cli_json_add_string (builder, "profile", sluice_catalog_get_profile_name (catalog));
  sluice_cli_json_add_string (builder, "migration_version", sluice_catalog_get_migration_version (catalog));
  sluice_cli_json_add_string (builder, "label", sluice_catalog_get_label (catalog));
  sluice_cli_json_add_time (builder, "taken_at", sluice_catalog_get_taken_at (catalog));
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_double_value (builder, sluice_catalog_get_duration_ms (catalog));
}

/* snapshot */

int
sluice_cli_snapshot_main (int    argc,
                          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceCliDatabase) database = NULL;
  g_autoptr(SluiceCatalog) catalog = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *output = NULL;
  g_autofree char *label = NULL;
  g_autofree char *version = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) exclude_schemas = NULL;
  SluiceProfile *profile;
  SluiceCliExit exit_code;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
      N_("The profile to connect with"), N_("PROFILE") },
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &conninfo,
      N_("A libpq connection string or postgres:// URI"), N_("CONNINFO") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The snapshot file to write (its folders are made)"), N_("FILE") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label,
      N_("A label kept in the file, such as “before 0012”"), N_("TEXT") },
    { "exclude-schema", 0, 0, G_OPTION_ARG_STRING_ARRAY, &exclude_schemas,
      N_("Leave out a schema (may be given several times)"), N_("SCHEMA") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("snapshot", NULL,
                                           _("Reads every object of the database's schemas from "
                                             "pg_catalog and saves them to a snapshot file, with the "
                                             "server version and the current migration version, for "
                                             "“sluice-cli diff” and the Schema page."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      sluice_cli_print_error (_("snapshot takes no arguments, but “%s” was given; name the file "
                                "with -o FILE."),
                              argv[1]);
      return SLUICE_CLI_EXIT_USAGE;
    }

  if (output == NULL || output[0] == '\0')
    {
      sluice_cli_print_error (_("Name the snapshot file with -o FILE. Nothing was read."));
      return SLUICE_CLI_EXIT_USAGE;
    }

  path = g_canonicalize_filename (output, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      sluice_cli_print_error (_("%s is a folder; give the snapshot file's name with -o FILE. "
                                "Nothing was read."),
                              path);
      return SLUICE_CLI_EXIT_USAGE;
    }

  database = sluice_cli_connect (profile_name, conninfo, &exit_code);
  if (database == NULL)
    return exit_code;

  catalog = capture_catalog (database->connection, (const char * const *) exclude_schemas, &error);
  if (catalog == NULL)
    return sluice_cli_fail (error);

  profile = database->session != NULL ? sluice_session_get_profile (database->session) : NULL;
  if (profile != NULL)
    sluice_catalog_set_profile (catalog, sluice_profile_get_id (profile), sluice_profile_get_name (profile));

  version = read_current_version (database->connection, profile);
  sluice_catalog_set_migration_version (catalog, version);
  sluice_catalog_set_label (catalog, label);

  file = g_file_new_for_path (path);
  if (!sluice_catalog_save_file (catalog, file, &error))
    return sluice_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      sluice_cli_json_add_string (builder, "file", path);
      add_catalog_json (builder, catalog);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sluice_cli_print_json (root);
    }
  else
    {
      g_autofree char *counts = describe_counts (catalog);
      guint n_objects = sluice_catalog_get_n_objects (catalog);

      printf (g_dngettext (GETTEXT_PACKAGE,
                           "Wrote %s: %u object (%s) of database %s, read in %.0f ms.\n",
                           "Wrote %s: %u objects (%s) of database %s, read in %.0f ms.\n",
                           n_objects),
              path, n_objects, counts,
              sluice_catalog_get_database (catalog) != NULL ? sluice_catalog_get_database (catalog) : "-",
              sluice_catalog_get_duration_ms (catalog));
      if (version != NULL)
        printf (_("Migration version at the time: %s\n"), version);
    }

  return SLUICE_CLI_EXIT_SUCCESS;
}

/* diff */

typedef enum
{
  SOURCE_FILE,
  SOURCE_CONNINFO,
  SOURCE_PROFILE,
} SourceKind;

/* DESIGN.md's rule: an existing file is a snapshot, text with '=' or
 * starting with "postgres" a conninfo, anything else a profile. */
static SourceKind
classify_source (const char *argument)
{
  if (g_file_test (argument, G_FILE_TEST_EXISTS))
    return SOURCE_FILE;
  if (strchr (argument, '=') != NULL || g_str_has_prefix (argument, "postgres"))
    return SOURCE_CONNINFO;
  return SOURCE_PROFILE;
}

/* For people: the file and what it says of itself. */
static char *
describe_file (const char    *path,
               SluiceCatalog *catalog)
{
  const char *label = sluice_catalog_get_label (catalog);
  const char *database = sluice_catalog_get_database (catalog);
  GDateTime *taken_at = sluice_catalog_get_taken_at (catalog);
  g_autofree char *when = NULL;

  if (taken_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (taken_at);

      when = g_date_time_format (local, "%Y-%m-%d %H:%M");
    }

  if (label != NULL && label[0] != '\0')
    /* Translators: "snapshot FILE of database DB taken at TIME, “LABEL”" */
    return g_strdup_printf (_("snapshot %s of database %s taken at %s, “%s”"),
                            path, database != NULL ? database : "-", when != NULL ? when : "-", label);

  return g_strdup_printf (_("snapshot %s of database %s taken at %s"),
                          path, database != NULL ? database : "-", when != NULL ? when : "-");
}

/* For people; never the connection string, which may hold a password. */
static char *
describe_live (SluiceCatalog *catalog)
{
  const char *profile = sluice_catalog_get_profile_name (catalog);
  const char *database = sluice_catalog_get_database (catalog);

  if (profile != NULL)
    return g_strdup_printf (_("database %s of profile %s, live"), database != NULL ? database : "-", profile);

  return g_strdup_printf (_("database %s, live"), database != NULL ? database : "-");
}

/* A connection string libpq cannot read, said here rather than as an
 * error about -c, which diff does not take.  The text is not echoed: it
 * may hold a password. */
static gboolean
check_conninfo (const char *conninfo,
                const char *which)
{
  PQconninfoOption *options;
  char *message = NULL;

  if (sluice_connection_kind_for_text (conninfo) == SLUICE_CONNECTION_KIND_SERVICE)
    return TRUE;

  options = PQconninfoParse (conninfo, &message);
  if (options != NULL)
    {
      PQconninfoFree (options);
      return TRUE;
    }

  sluice_cli_print_error (_("%s is read as a connection string (it holds “=” or starts with "
                            "“postgres”), but libpq cannot read it: %s. Nothing was compared."),
                          which, message != NULL ? g_strstrip (message) : _("out of memory"));
  PQfreemem (message);
  return FALSE;
}

/* The catalog @argument names: loaded, or captured live.  Every failure is
 * printed here, as one line, and is exit 2 for diff. */
static SluiceCatalog *
open_catalog (const char  *argument,
              const char  *which,
              char       **description)
{
  g_autoptr(GError) error = NULL;
  SluiceCatalog *catalog = NULL;
  SourceKind kind = classify_source (argument);

  if (kind == SOURCE_FILE)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argument);

      catalog = sluice_catalog_load_file (file, &error);
      if (catalog == NULL)
        {
          /* Translators: "A: <why the file could not be read>" */
          sluice_cli_print_error (_("%s: %s"), which, error->message);
          return NULL;
        }

      *description = describe_file (argument, catalog);
    }
  else
    {
      g_autoptr(SluiceCliDatabase) database = NULL;
      SluiceCliExit exit_code;

      if (kind == SOURCE_CONNINFO && !check_conninfo (argument, which))
        return NULL;

      database = sluice_cli_connect (kind == SOURCE_PROFILE ? argument : NULL,
                                     kind == SOURCE_CONNINFO ? argument : NULL,
                                     &exit_code);
      if (database == NULL)
        return NULL;

      catalog = capture_catalog (database->connection, NULL, &error);
      if (catalog == NULL)
        {
          sluice_cli_print_error (_("%s: the catalog could not be read: %s"), which, error->message);
          return NULL;
        }

      if (database->session != NULL)
        {
          SluiceProfile *profile = sluice_session_get_profile (database->session);

          sluice_catalog_set_profile (catalog, sluice_profile_get_id (profile),
                                      sluice_profile_get_name (profile));
        }

      *description = describe_live (catalog);
    }

  return catalog;
}

static void
add_change_json (JsonBuilder              *builder,
                 const SluiceObjectChange *change)
{
  SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;

  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "identity", sluice_catalog_object_get_identity (object));
  sluice_cli_json_add_string (builder, "kind",
                              sluice_catalog_kind_to_string (sluice_catalog_object_get_kind (object)));
  sluice_cli_json_add_string (builder, "change", sluice_change_kind_to_string (change->kind));
  if (change->kind == SLUICE_CHANGE_RENAMED && change->from_object != NULL)
    sluice_cli_json_add_string (builder, "old_identity", sluice_catalog_object_get_identity (change->from_object));

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_array (builder);
  for (guint i = 0; change->attributes != NULL && i < change->attributes->len; i++)
    {
      const SluiceAttributeChange *attribute = g_ptr_array_index (change->attributes, i);

      json_builder_begin_object (builder);
      sluice_cli_json_add_string (builder, "name", attribute->name);
      sluice_cli_json_add_string (builder, "old", attribute->old_value);
      sluice_cli_json_add_string (builder, "new", attribute->new_value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_statement_json (JsonBuilder              *builder,
                    const SluiceDdlStatement *statement)
{
  g_auto(GStrv) hazards = sluice_hazards_to_strv (statement->hazards);

  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "sql", statement->sql);
  sluice_cli_json_add_string (builder, "identity", statement->identity);
  json_builder_set_member_name (builder, "hazards");
  json_builder_begin_array (builder);
  for (guint i = 0; hazards != NULL && hazards[i] != NULL; i++)
    json_builder_add_string_value (builder, hazards[i]);
  json_builder_end_array (builder);
  sluice_cli_json_add_string (builder, "lock", sluice_lock_mode_to_string (statement->lock));
  sluice_cli_json_add_string (builder, "locked_table", statement->locked_table);
  sluice_cli_json_add_string (builder, "note", statement->note);
  json_builder_end_object (builder);
}

static JsonNode *
build_diff_json (SluiceDiff *diff)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *summary = sluice_diff_describe (diff);
  GPtrArray *changes = sluice_diff_get_changes (diff);
  GPtrArray *statements = sluice_diff_get_statements (diff);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "equal");
  json_builder_add_boolean_value (builder, sluice_diff_is_empty (diff));
  sluice_cli_json_add_string (builder, "summary", summary);

  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    add_change_json (builder, g_ptr_array_index (changes, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "statements");
  json_builder_begin_array (builder);
  for (guint i = 0; statements != NULL && i < statements->len; i++)
    add_statement_json (builder, g_ptr_array_index (statements, i));
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A value on one line, cut for the list; "(none)" when absent. */
static char *
short_value (const char *value)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean space = FALSE;
  guint n_chars = 0;

  if (value == NULL)
    return g_strdup (_("(none)"));

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = line->len > 0;
          continue;
        }
      if (n_chars >= MAX_VALUE_CHARS)
        {
          g_string_append (line, "…");
          break;
        }
      if (space)
        {
          g_string_append_c (line, ' ');
          n_chars++;
          space = FALSE;
        }
      g_string_append_unichar (line, c);
      n_chars++;
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static const char *
change_mark (SluiceChangeKind kind)
{
  switch (kind)
    {
    case SLUICE_CHANGE_ADDED:   return "+";
    case SLUICE_CHANGE_REMOVED: return "-";
    case SLUICE_CHANGE_RENAMED: return ">";
    case SLUICE_CHANGE_CHANGED:
    default:                    return "~";
    }
}

static void
print_diff_human (SluiceDiff *diff,
                  const char *description_a,
                  const char *description_b)
{
  g_autofree char *summary = sluice_diff_describe (diff);
  GPtrArray *changes = sluice_diff_get_changes (diff);

  printf ("A: %s\n", description_a);
  printf ("B: %s\n", description_b);
  /* Translators: what changes from A to B, as sluice_diff_describe() says it */
  printf (_("From A to B: %s\n"), summary);

  if (sluice_diff_is_empty (diff))
    return;

  printf ("\n");
  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;

      if (change->kind == SLUICE_CHANGE_RENAMED && change->from_object != NULL)
        /* Translators: "> table public.b (was table public.a)" */
        printf (_("%s %s (was %s)\n"), change_mark (change->kind),
                sluice_catalog_object_get_identity (object),
                sluice_catalog_object_get_identity (change->from_object));
      else
        printf ("%s %s\n", change_mark (change->kind), sluice_catalog_object_get_identity (object));

      for (guint j = 0; change->attributes != NULL && j < change->attributes->len; j++)
        {
          const SluiceAttributeChange *attribute = g_ptr_array_index (change->attributes, j);
          g_autofree char *old_value = short_value (attribute->old_value);
          g_autofree char *new_value = short_value (attribute->new_value);

          /* Translators: "    type: integer → bigint" */
          printf (_("    %s: %s → %s\n"), attribute->name, old_value, new_value);
        }
    }

  printf ("\n%s\n", _("“+” only in B, “-” only in A, “~” changed, “>” renamed; --sql prints the DDL "
                      "that turns A into B."));
}

int
sluice_cli_diff_main (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceCatalog) from = NULL;
  g_autoptr(SluiceCatalog) to = NULL;
  g_autoptr(SluiceDiff) diff = NULL;
  SluiceDiffFlags flags = 0;
  gboolean sql = FALSE;
  gboolean transactional = FALSE;
  gboolean json = FALSE;
  gboolean ignore_owners = FALSE;
  gboolean ignore_privileges = FALSE;
  gboolean ignore_comments = FALSE;
  g_autofree char *description_a = NULL;
  g_autofree char *description_b = NULL;
  const GOptionEntry entries[] = {
    { "sql", 0, 0, G_OPTION_ARG_NONE, &sql,
      N_("Print the DDL that turns A into B, each statement after a comment naming its hazards and lock"), NULL },
    { "transactional", 0, 0, G_OPTION_ARG_NONE, &transactional,
      N_("With --sql: only statements that run in a transaction (plain CREATE INDEX instead of CONCURRENTLY)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { "ignore-owners", 0, 0, G_OPTION_ARG_NONE, &ignore_owners,
      N_("Do not compare owners"), NULL },
    { "ignore-privileges", 0, 0, G_OPTION_ARG_NONE, &ignore_privileges,
      N_("Do not compare privileges (ACLs, default privileges)"), NULL },
    { "ignore-comments", 0, 0, G_OPTION_ARG_NONE, &ignore_comments,
      N_("Do not compare comments"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("diff", _("A B"),
                                           _("Compares two schema catalogs and prints what differs. "
                                             "A and B are each a snapshot file (when such a file exists), "
                                             "a connection string (with “=”, or starting with “postgres”) "
                                             "or a profile name. Exits 0 when they are equal, 1 when they "
                                             "differ, 2 on an error."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc != 3)
    {
      sluice_cli_print_error (_("diff compares two catalogs, A and B (snapshot files, connection "
                                "strings or profiles); %d arguments were given."),
                              argc - 1);
      return SLUICE_CLI_EXIT_USAGE;
    }

  if (transactional && !sql)
    {
      sluice_cli_print_error (_("--transactional only changes what --sql prints; give --sql too."));
      return SLUICE_CLI_EXIT_USAGE;
    }

  if (ignore_owners)
    flags |= SLUICE_DIFF_IGNORE_OWNERS;
  if (ignore_privileges)
    flags |= SLUICE_DIFF_IGNORE_PRIVILEGES;
  if (ignore_comments)
    flags |= SLUICE_DIFF_IGNORE_COMMENTS;

  /* Any error is exit 2: 1 would read as "different". */
  from = open_catalog (argv[1], "A", &description_a);
  if (from == NULL)
    return SLUICE_CLI_EXIT_USAGE;

  to = open_catalog (argv[2], "B", &description_b);
  if (to == NULL)
    return SLUICE_CLI_EXIT_USAGE;

  diff = sluice_diff_new (from, to, flags);

  if (json)
    {
      g_autoptr(JsonNode) root = build_diff_json (diff);

      sluice_cli_print_json (root);
    }
  else if (sql)
    {
      g_autofree char *script = sluice_diff_to_sql (diff, transactional);

      fputs (script != NULL ? script : "", stdout);
      if (script != NULL && script[0] != '\0' && !g_str_has_suffix (script, "\n"))
        fputc ('\n', stdout);
    }
  else
    {
      print_diff_human (diff, description_a, description_b);
    }

  return sluice_diff_is_empty (diff) ? SLUICE_CLI_EXIT_SUCCESS : SLUICE_CLI_EXIT_FAILURE;
}
