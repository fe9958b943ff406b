/* sluice-cli-sandbox.c: sluice-cli sandbox start|stop|status [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "sluice-cli.h"

/* Stable words for scripts. */
static const char *
state_to_string (SluiceSandboxState state)
{
  switch (state)
    {
    case SLUICE_SANDBOX_STOPPED:  return "stopped";
    case SLUICE_SANDBOX_STARTING: return "starting";
    case SLUICE_SANDBOX_RUNNING:  return "running";
    case SLUICE_SANDBOX_STOPPING: return "stopping";
    case SLUICE_SANDBOX_MISSING:
    default:                      return "missing";
    }
}

static const char *
state_to_label (SluiceSandboxState state)
{
  switch (state)
    {
    case SLUICE_SANDBOX_STOPPED:  return _("stopped");
    case SLUICE_SANDBOX_STARTING: return _("starting");
    case SLUICE_SANDBOX_RUNNING:  return _("running");
    case SLUICE_SANDBOX_STOPPING: return _("stopping");
    case SLUICE_SANDBOX_MISSING:
    default:                      return _("not created yet");
    }
}

static void
print_status_json (SluiceSandbox *sandbox,
                   SluiceProfile *profile)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *conninfo = sluice_sandbox_dup_conninfo (sandbox, SLUICE_SANDBOX_DEMO_DATABASE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state_to_string (sluice_sandbox_get_state (sandbox)));
  json_builder_set_member_name (builder, "root_dir");
  json_builder_add_string_value (builder, sluice_sandbox_get_root_dir (sandbox));
  json_builder_set_member_name (builder, "data_dir");
  json_builder_add_string_value (builder, sluice_sandbox_get_data_dir (sandbox));
  json_builder_set_member_name (builder, "socket_dir");
  json_builder_add_string_value (builder, sluice_sandbox_get_socket_dir (sandbox));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, sluice_sandbox_get_port (sandbox));
  json_builder_set_member_name (builder, "superuser");
  json_builder_add_string_value (builder, sluice_sandbox_get_superuser (sandbox));
  json_builder_set_member_name (builder, "os_user");
  json_builder_add_string_value (builder, sluice_sandbox_get_os_user (sandbox));
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, SLUICE_SANDBOX_DEMO_DATABASE);
  json_builder_set_member_name (builder, "conninfo");
  json_builder_add_string_value (builder, conninfo);
  json_builder_set_member_name (builder, "log");
  json_builder_add_string_value (builder, sluice_sandbox_get_log_path (sandbox));
  if (profile != NULL)
    {
      json_builder_set_member_name (builder, "profile");
      json_builder_add_string_value (builder, sluice_profile_get_name (profile));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  sluice_cli_print_json (root);
}

static void
print_status_text (SluiceSandbox *sandbox,
                   SluiceProfile *profile)
{
  g_autofree char *conninfo = sluice_sandbox_dup_conninfo (sandbox, SLUICE_SANDBOX_DEMO_DATABASE);

  printf (_("State:       %s\n"), state_to_label (sluice_sandbox_get_state (sandbox)));
  printf (_("Folder:      %s\n"), sluice_sandbox_get_root_dir (sandbox));
  printf (_("Socket:      %s (port %u, no TCP)\n"),
          sluice_sandbox_get_socket_dir (sandbox), sluice_sandbox_get_port (sandbox));
  printf (_("Server user: %s\n"), sluice_sandbox_get_os_user (sandbox));
  printf (_("Connection:  %s\n"), conninfo);
  printf (_("Log:         %s\n"), sluice_sandbox_get_log_path (sandbox));
  if (profile != NULL)
    printf (_("Profile:     %s (sluice-cli ping -p \"%s\")\n"),
            sluice_profile_get_name (profile), sluice_profile_get_name (profile));
}

static void
on_progress (SluiceSandbox *sandbox,
             GParamSpec    *pspec,
             gpointer       user_data)
{
  const char *progress = sluice_sandbox_get_progress (sandbox);

  if (progress != NULL)
    {
      printf ("%s\n", progress);
      fflush (stdout);
    }
}

static gboolean
on_interrupt (gpointer user_data)
{
  /* The sandbox stops a half-started server when cancelled. */
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_sandbox (SluiceSandbox  *sandbox,
               gboolean        show_progress,
               GError        **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  SluiceCliAsync async;
  gulong progress_id = 0;
  guint sigint_id;
  guint sigterm_id;
  gboolean started;

  if (show_progress)
    progress_id = g_signal_connect (sandbox, "notify::progress", G_CALLBACK (on_progress), NULL);
  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);

  sluice_cli_async_init (&async);
  sluice_sandbox_start_async (sandbox, cancellable, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  started = sluice_sandbox_start_finish (sandbox, result, error);
  sluice_cli_async_clear (&async);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_signal_handler (&progress_id, sandbox);

  return started;
}

static gboolean
stop_sandbox (SluiceSandbox  *sandbox,
              gboolean        show_progress,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceCliAsync async;
  gulong progress_id = 0;
  gboolean stopped;

  if (show_progress)
    progress_id = g_signal_connect (sandbox, "notify::progress", G_CALLBACK (on_progress), NULL);

  sluice_cli_async_init (&async);
  sluice_sandbox_stop_async (sandbox, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  stopped = sluice_sandbox_stop_finish (sandbox, result, error);
  sluice_cli_async_clear (&async);

  g_clear_signal_handler (&progress_id, sandbox);
  return stopped;
}

static int
run_start (SluiceSandbox *sandbox,
           gboolean       json)
{
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SluiceProfile *profile;

  if (!start_sandbox (sandbox, !json, &error))
    return sluice_cli_fail (error);

  /* The sandbox is the first profile a new user sees, in the app and here. */
  if (!(store = sluice_cli_load_profiles (&error)) ||
      !(profile = sluice_sandbox_ensure_profile (sandbox, store, &error)))
    {
      g_prefix_error (&error, _("The sandbox is running, but its profile was not added: "));
      return sluice_cli_fail (error);
    }

  if (json)
    print_status_json (sandbox, profile);
  else
    print_status_text (sandbox, profile);

  return SLUICE_CLI_EXIT_SUCCESS;
}

static int
run_stop (SluiceSandbox *sandbox,
          gboolean       json)
{
  g_autoptr(GError) error = NULL;

  if (!stop_sandbox (sandbox, !json, &error))
    return sluice_cli_fail (error);

  if (json)
    print_status_json (sandbox, NULL);
  else
    print_status_text (sandbox, NULL);

  return SLUICE_CLI_EXIT_SUCCESS;
}

static int
run_status (SluiceSandbox *sandbox,
            gboolean       json)
{
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SluiceProfile *profile = NULL;
  guint n_items;

  /* Status reads; a profile file that does not load only hides the
   * profile line, it is reported by the commands that need it. */
  store = sluice_cli_load_profiles (&error);
  n_items = store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (store)) : 0;
  for (guint i = 0; i < n_items && profile == NULL; i++)
    {
      g_autoptr(SluiceProfile) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (sluice_profile_get_environment (item) == SLUICE_ENVIRONMENT_SANDBOX)
        profile = item;
    }

  if (json)
    print_status_json (sandbox, profile);
  else
    print_status_text (sandbox, profile);

  return SLUICE_CLI_EXIT_SUCCESS;
}

int
sluice_cli_sandbox_main (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceSandbox) sandbox = NULL;
  gboolean json = FALSE;
  const char *action;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("sandbox", "start|stop|status",
                                           _("Starts, stops or shows the local sandbox cluster "
                                             "(created on first start, with the demo database)."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc != 2)
    {
      sluice_cli_print_error (_("sandbox needs one action: start, stop or status."));
      return SLUICE_CLI_EXIT_USAGE;
    }

  action = argv[1];
  if (!g_str_equal (action, "start") && !g_str_equal (action, "stop") &&
      !g_str_equal (action, "status"))
    {
      sluice_cli_print_error (_("Unknown sandbox action “%s”: use start, stop or status."), action);
      return SLUICE_CLI_EXIT_USAGE;
    }

  sandbox = sluice_sandbox_new_default ();

  if (g_str_equal (action, "start"))
    return run_start (sandbox, json);
  if (g_str_equal (action, "stop"))
    return run_stop (sandbox, json);
  return run_status (sandbox, json);
}
