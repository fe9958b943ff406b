/* sluice-cli-profiles.c: sluice-cli profiles [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "sluice-cli.h"

/* Stable words for scripts, like the environment and guard names. */
static const char *
connection_kind_to_string (SluiceConnectionKind kind)
{
  switch (kind)
    {
    case SLUICE_CONNECTION_KIND_URI:      return "uri";
    case SLUICE_CONNECTION_KIND_SERVICE:  return "service";
    case SLUICE_CONNECTION_KIND_CONNINFO:
    default:                              return "conninfo";
    }
}

/* What the listing shows of a connection: never a password, however it
 * got into the profile (a file written by hand is read without one). */
static char *
dup_shown_connection (SluiceProfile *profile)
{
  return sluice_profile_connection_redact_password (sluice_profile_get_connection (profile));
}

static JsonNode *
build_profiles_json (SluiceProfileStore *store)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "profiles");
  json_builder_begin_array (builder);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *connection = dup_shown_connection (profile);
      const char *folder = sluice_profile_get_migration_folder (profile);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, sluice_profile_get_id (profile));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, sluice_profile_get_name (profile));
      json_builder_set_member_name (builder, "environment");
      json_builder_add_string_value (builder,
                                     sluice_environment_to_string (sluice_profile_get_environment (profile)));
      json_builder_set_member_name (builder, "connection");
      json_builder_add_string_value (builder, connection != NULL ? connection : "");
      json_builder_set_member_name (builder, "connection_kind");
      json_builder_add_string_value (builder,
                                     connection_kind_to_string (sluice_profile_get_connection_kind (profile)));
      json_builder_set_member_name (builder, "migration_folder");
      if (folder != NULL)
        json_builder_add_string_value (builder, folder);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "guard");
      json_builder_add_string_value (builder, sluice_guard_level_to_string (sluice_profile_get_guard (profile)));
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_padded (const char *text,
              guint       width,
              gboolean    last)
{
  if (last)
    {
      printf ("%s\n", text);
      return;
    }

  printf ("%s", text);
  for (glong pad = (glong) width - sluice_cli_display_width (text) + 2; pad > 0; pad--)
    putchar (' ');
}

#define N_COLUMNS 6

static void
print_profiles_table (SluiceProfileStore *store)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[N_COLUMNS] = { 0 };
  char **header;

  if (n_items == 0)
    {
      printf (_("No profiles yet in %s. Add one in Sluice, or run “sluice-cli sandbox start” "
                "for the sandbox.\n"),
              sluice_profile_store_get_path (store));
      return;
    }

  header = g_new0 (char *, N_COLUMNS + 1);
  header[0] = g_strdup (_("NAME"));
  header[1] = g_strdup (_("ENVIRONMENT"));
  header[2] = g_strdup (_("KIND"));
  header[3] = g_strdup (_("CONNECTION"));
  header[4] = g_strdup (_("MIGRATIONS"));
  header[5] = g_strdup (_("GUARD"));
  g_ptr_array_add (rows, header);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), i);
      const char *folder = sluice_profile_get_migration_folder (profile);
      char **row = g_new0 (char *, N_COLUMNS + 1);

      row[0] = g_strdup (sluice_profile_get_name (profile));
      row[1] = g_strdup (sluice_environment_to_string (sluice_profile_get_environment (profile)));
      row[2] = g_strdup (connection_kind_to_string (sluice_profile_get_connection_kind (profile)));
      row[3] = dup_shown_connection (profile);
      if (row[3] == NULL)
        row[3] = g_strdup ("");
      row[4] = g_strdup (folder != NULL ? folder : "-");
      row[5] = g_strdup (sluice_guard_level_to_string (sluice_profile_get_guard (profile)));
      g_ptr_array_add (rows, row);
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], sluice_cli_display_width (row[c]));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < N_COLUMNS; c++)
        print_padded (row[c], widths[c], c == N_COLUMNS - 1);
    }
}

int
sluice_cli_profiles_main (int    argc,
                          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("profiles", NULL,
                                           _("Lists the connection profiles: name, environment, "
                                             "connection, migration folder and guard."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      sluice_cli_print_error (_("profiles takes no arguments, but “%s” was given."), argv[1]);
      return SLUICE_CLI_EXIT_USAGE;
    }

  store = sluice_cli_load_profiles (&error);
  if (store == NULL)
    return sluice_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) root = build_profiles_json (store);

      sluice_cli_print_json (root);
    }
  else
    {
      print_profiles_table (store);
    }

  return SLUICE_CLI_EXIT_SUCCESS;
}
