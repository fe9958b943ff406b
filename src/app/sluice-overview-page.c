/* sluice-overview-page.c: the Overview of a profile's database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-overview-page.h"

struct _SluiceOverviewPage
{
  GtkWidget           parent_instance;

  SluiceSession      *session;
  SluiceSandbox      *sandbox;
  SluiceOverview     *overview;
  GError             *error;
  GCancellable       *cancellable;
  GSignalGroup       *profile_signals;
  GSignalGroup       *sandbox_signals;
  gboolean            loading;

  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkLabel           *loading_title;
  GtkLabel           *loading_detail;
  AdwStatusPage      *error_page;
  GtkLabel           *error_label;
  GtkWidget          *start_sandbox_button;
  GtkLabel           *version_label;
  GtkLabel           *round_trip_label;
  GtkLabel           *size_label;
  GtkLabel           *database_label;
  GtkLabel           *uptime_label;
  GtkLabel           *started_label;
  GtkLabel           *connections_label;
  GtkLevelBar        *connections_bar;
  GtkLabel           *connections_detail_label;
  GtkListBox         *tables_list;
  GtkListBox         *extensions_list;
  AdwActionRow       *server_row;
  AdwActionRow       *connected_as_row;
  GtkLabel           *environment_label;
  GtkLabel           *guard_label;
  AdwActionRow       *folder_row;
  GtkWidget          *folder_button;
};

G_DEFINE_FINAL_TYPE (SluiceOverviewPage, sluice_overview_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SANDBOX,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One connect-then-read; the page may be gone when it completes, and then
 * its cancellable says so: nothing touches the page after a cancel. */
typedef struct
{
  SluiceOverviewPage *self;
  GCancellable       *cancellable;
} LoadOp;

static LoadOp *
load_op_new (SluiceOverviewPage *self)
{
  LoadOp *op = g_new0 (LoadOp, 1);

  op->self = self;
  op->cancellable = g_object_ref (self->cancellable);
  return op;
}

static void
load_op_free (LoadOp *op)
{
  g_clear_object (&op->cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadOp, load_op_free)

static SluiceProfile *
get_profile (SluiceOverviewPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

static SluiceSandboxState
get_sandbox_state (SluiceOverviewPage *self)
{
  SluiceSandboxState state = SLUICE_SANDBOX_MISSING;

  if (self->sandbox != NULL)
    g_object_get (self->sandbox, "state", &state, NULL);
  return state;
}

static gboolean
is_sandbox_profile (SluiceOverviewPage *self)
{
  SluiceProfile *profile = get_profile (self);

  return self->sandbox != NULL && profile != NULL &&
         sluice_profile_get_environment (profile) == SLUICE_ENVIRONMENT_SANDBOX;
}

static gboolean
waiting_for_sandbox (SluiceOverviewPage *self)
{
  return is_sandbox_profile (self) && get_sandbox_state (self) == SLUICE_SANDBOX_STARTING;
}

static void
set_loading (SluiceOverviewPage *self,
             gboolean            loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_loading (SluiceOverviewPage *self,
              const char         *title,
              const char         *detail)
{
  gtk_label_set_label (self->loading_title, title);
  gtk_label_set_label (self->loading_detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->loading_detail), detail != NULL && *detail != '\0');
  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
}

static void
update_start_sandbox_button (SluiceOverviewPage *self)
{
  SluiceSandboxState state = get_sandbox_state (self);

  gtk_widget_set_visible (self->start_sandbox_button,
                          is_sandbox_profile (self) &&
                          state != SLUICE_SANDBOX_RUNNING &&
                          state != SLUICE_SANDBOX_STARTING);
}

static void
show_failure (SluiceOverviewPage *self,
              const GError       *error,
              gboolean            while_connecting)
{
  SluiceProfile *profile = get_profile (self);
  g_autofree char *title = NULL;
  g_autofree char *message = g_strstrip (g_strdup (error->message));

  g_clear_error (&self->error);
  self->error = g_error_copy (error);

  if (while_connecting)
    title = g_strdup_printf (_("Could Not Connect to “%s”"), sluice_profile_get_name (profile));
  else
    title = g_strdup_printf (_("Could Not Read the Overview of “%s”"), sluice_profile_get_name (profile));

  adw_status_page_set_title (self->error_page, title);
  gtk_label_set_label (self->error_label, message);
  update_start_sandbox_button (self);
  gtk_stack_set_visible_child_name (self->stack, "failed");
  set_loading (self, FALSE);
}

/* Filling ---------------------------------------------------------------- */

static char *
format_uptime (gint64 seconds)
{
  gint64 days = seconds / 86400;
  gint64 hours = (seconds % 86400) / 3600;
  gint64 minutes = (seconds % 3600) / 60;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (days > 0)
    {
      first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), (int) days);
      second = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", hours), (int) hours);
    }
  else if (hours > 0)
    {
      first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", hours), (int) hours);
      second = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes), (int) minutes);
    }
  else if (minutes > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes), (int) minutes);
  else
    return g_strdup (_("Under a minute"));

  /* Translators: an uptime of two parts, such as "3 days, 4 hours". */
  return g_strdup_printf (_("%s, %s"), first, second);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
create_placeholder_row (const char *title,
                        const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static char *
format_table_subtitle (const SluiceTableSize *table)
{
  g_autofree char *rows = NULL;
  g_autofree char *heap = g_format_size (table->table_bytes);
  g_autofree char *indexes = g_format_size (table->index_bytes);

  if (table->estimated_rows >= 0)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, table->estimated_rows);
      rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "≈ %s row", "≈ %s rows",
                                           (gulong) table->estimated_rows),
                              count);
    }
  else
    rows = g_strdup (_("not analyzed yet"));

  /* Translators: row estimate, then heap size, then index size. */
  return g_strdup_printf (_("%s · table %s · indexes %s"), rows, heap, indexes);
}

static GtkWidget *
create_table_row (const SluiceTableSize *table,
                  gint64                 largest_bytes)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
  g_autofree char *title = g_strdup_printf ("%s.%s", table->schema, table->name);
  g_autofree char *subtitle = format_table_subtitle (table);
  g_autofree char *size = g_format_size (table->total_bytes);
  GtkWidget *size_label = gtk_label_new (size);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar),
                           largest_bytes > 0 ? (double) table->total_bytes / largest_bytes : 0);
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (bar, "size-bar");
  gtk_widget_set_tooltip_text (bar, size);

  gtk_label_set_width_chars (GTK_LABEL (size_label), 9);
  gtk_label_set_xalign (GTK_LABEL (size_label), 1);
  gtk_widget_add_css_class (size_label, "numeric");

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), size_label);
  return row;
}

static void
fill_tables (SluiceOverviewPage *self,
             GPtrArray          *tables)
{
  gint64 largest = 0;

  clear_list (self->tables_list);

  if (tables == NULL || tables->len == 0)
    {
      gtk_list_box_append (self->tables_list,
                           create_placeholder_row (_("No Tables Yet"),
                                                   _("This database has no tables outside the system schemas.")));
      return;
    }

  for (guint i = 0; i < tables->len; i++)
    largest = MAX (largest, ((SluiceTableSize *) g_ptr_array_index (tables, i))->total_bytes);

  for (guint i = 0; i < tables->len; i++)
    gtk_list_box_append (self->tables_list, create_table_row (g_ptr_array_index (tables, i), largest));
}

static void
fill_extensions (SluiceOverviewPage *self,
                 GPtrArray          *extensions)
{
  clear_list (self->extensions_list);

  if (extensions == NULL || extensions->len == 0)
    {
      gtk_list_box_append (self->extensions_list,
                           create_placeholder_row (_("No Extensions"),
                                                   _("Not even PL/pgSQL is installed here.")));
      return;
    }

  for (guint i = 0; i < extensions->len; i++)
    {
      const SluiceExtensionInfo *extension = g_ptr_array_index (extensions, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *version = gtk_label_new (extension->version);
      g_autofree char *subtitle = g_strdup_printf (_("In schema %s"), extension->schema);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), extension->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (version, "dim-label");
      gtk_widget_add_css_class (version, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), version);
      gtk_list_box_append (self->extensions_list, row);
    }
}

static void
fill_server_facts (SluiceOverviewPage *self,
                   SluiceOverview     *overview)
{
  const char *version = sluice_overview_get_server_version (overview);
  g_autofree char *short_version = g_strndup (version, strcspn (version, " "));
  g_autofree char *server = g_strdup_printf (_("PostgreSQL %s"), version);
  g_autofree char *round_trip = g_strdup_printf (_("%.1f ms round trip"),
                                                 sluice_overview_get_round_trip_us (overview) / 1000.0);
  g_autofree char *size = g_format_size (sluice_overview_get_database_bytes (overview));
  g_autofree char *uptime = format_uptime (sluice_overview_get_uptime_seconds (overview));
  GDateTime *started_at = sluice_overview_get_started_at (overview);
  g_autofree char *started = NULL;

  gtk_label_set_label (self->version_label, short_version);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->version_label), server);
  gtk_label_set_label (self->round_trip_label, round_trip);
  adw_action_row_set_subtitle (self->server_row, server);

  gtk_label_set_label (self->size_label, size);
  gtk_label_set_label (self->database_label, sluice_overview_get_database (overview));

  gtk_label_set_label (self->uptime_label, uptime);
  if (started_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (started_at);
      /* Translators: when the server started; a g_date_time_format() format. */
      started = g_date_time_format (local, _("Since %Y-%m-%d %H:%M"));
    }
  gtk_label_set_label (self->started_label, started != NULL ? started : "");
}

static void
fill_connections (SluiceOverviewPage *self,
                  SluiceOverview     *overview)
{
  int used = sluice_overview_get_connections_used (overview);
  int max = sluice_overview_get_connections_max (overview);
  double fraction = max > 0 ? CLAMP ((double) used / max, 0, 1) : 0;
  /* Translators: connections in use, of the server's max_connections. */
  g_autofree char *value = g_strdup_printf (_("%d of %d"), used, max);
  g_autofree char *detail = g_strdup_printf (_("%d%% in use"), (int) (fraction * 100 + 0.5));

  gtk_label_set_label (self->connections_label, value);
  gtk_level_bar_set_value (self->connections_bar, fraction);
  gtk_label_set_label (self->connections_detail_label, detail);
}

static void
fill_connected_as (SluiceOverviewPage *self)
{
  SluiceConnection *connection = sluice_session_get_connection (self->session);
  g_autofree char *text = NULL;

  if (connection != NULL)
    /* Translators: role, then host or socket directory, then database. */
    text = g_strdup_printf (_("%s on %s, database %s"),
                            sluice_connection_get_user (connection),
                            sluice_connection_get_host (connection),
                            sluice_connection_get_database (connection));
  adw_action_row_set_subtitle (self->connected_as_row, text != NULL ? text : "");
}

static void
update_profile_facts (SluiceOverviewPage *self)
{
  SluiceProfile *profile = get_profile (self);
  SluiceEnvironment environment;
  const char *folder;

  if (profile == NULL)
    return;

  environment = sluice_profile_get_environment (profile);
  gtk_label_set_label (self->environment_label, sluice_environment_get_label (environment));
  gtk_widget_set_css_classes (GTK_WIDGET (self->environment_label),
                              (const char *[]) { "environment-pill",
                                                 sluice_environment_to_string (environment),
                                                 NULL });
  gtk_label_set_label (self->guard_label, sluice_guard_level_get_label (sluice_profile_get_guard (profile)));

  folder = sluice_profile_get_migration_folder (profile);
  if (folder != NULL && *folder != '\0')
    adw_action_row_set_subtitle (self->folder_row, folder);
  else
    adw_action_row_set_subtitle (self->folder_row, _("None yet: choose one in the profile’s settings"));
  gtk_widget_set_visible (self->folder_button, folder != NULL && *folder != '\0');
}

static void
show_overview (SluiceOverviewPage *self,
               SluiceOverview     *overview)
{
  g_set_object (&self->overview, overview);
  g_clear_error (&self->error);

  fill_server_facts (self, overview);
  fill_connections (self, overview);
  fill_connected_as (self);
  fill_tables (self, sluice_overview_get_largest_tables (overview));
  fill_extensions (self, sluice_overview_get_extensions (overview));
  update_profile_facts (self);

  gtk_stack_set_visible_child_name (self->stack, "overview");
  set_loading (self, FALSE);
}

/* Loading ---------------------------------------------------------------- */

static void
overview_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceOverview) overview = sluice_overview_load_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (overview == NULL)
    show_failure (op->self, error, FALSE);
  else
    show_overview (op->self, overview);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  SluiceOverviewPage *self;
  GCancellable *cancellable;

  connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);
  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  self = op->self;
  if (connection == NULL)
    {
      show_failure (self, error, TRUE);
      return;
    }

  show_loading (self, _("Reading the Overview…"), NULL);
  cancellable = op->cancellable;
  sluice_overview_load_async (connection, cancellable, overview_cb, g_steal_pointer (&op));
}

static void
cancel_load (SluiceOverviewPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
show_sandbox_progress (SluiceOverviewPage *self)
{
  const char *progress = self->sandbox != NULL ? sluice_sandbox_get_progress (self->sandbox) : NULL;

  show_loading (self, _("Starting the Sandbox…"),
                progress != NULL ? progress : _("Sluice is starting its local PostgreSQL."));
}

void
sluice_overview_page_reload (SluiceOverviewPage *self)
{
  SluiceProfile *profile;
  g_autofree char *title = NULL;

  g_return_if_fail (SLUICE_IS_OVERVIEW_PAGE (self));

  cancel_load (self);
  g_clear_object (&self->overview);
  g_clear_error (&self->error);

  if (self->session == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      set_loading (self, FALSE);
      return;
    }

  /* The sandbox's own progress says more than "Connecting…"; its state
   * change brings us back here once it is up (or failed). */
  if (waiting_for_sandbox (self))
    {
      show_sandbox_progress (self);
      return;
    }

  profile = get_profile (self);
  title = g_strdup_printf (_("Connecting to “%s”…"), sluice_profile_get_name (profile));
  show_loading (self, title, NULL);

  self->cancellable = g_cancellable_new ();
  sluice_session_connect_async (self->session, self->cancellable, connect_cb, load_op_new (self));
}

static void
on_profile_connection_changed (SluiceOverviewPage *self)
{
  sluice_overview_page_reload (self);
}

static void
on_sandbox_progress_changed (SluiceOverviewPage *self)
{
  if (waiting_for_sandbox (self))
    show_sandbox_progress (self);
}

static void
on_sandbox_state_changed (SluiceOverviewPage *self)
{
  gboolean was_waiting = self->loading && self->cancellable == NULL && self->session != NULL;

  update_start_sandbox_button (self);

  if (!is_sandbox_profile (self))
    return;

  if (waiting_for_sandbox (self))
    show_sandbox_progress (self);
  else if (was_waiting || (self->error != NULL && get_sandbox_state (self) == SLUICE_SANDBOX_RUNNING))
    sluice_overview_page_reload (self);
}

static void
on_open_folder_clicked (SluiceOverviewPage *self)
{
  SluiceProfile *profile = get_profile (self);
  const char *folder = profile != NULL ? sluice_profile_get_migration_folder (profile) : NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (folder == NULL || *folder == '\0')
    return;

  file = g_file_new_for_path (folder);
  uri = g_file_get_uri (file);
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME);
}

/* GObject ---------------------------------------------------------------- */

static void
sluice_overview_page_dispose (GObject *object)
{
  SluiceOverviewPage *self = SLUICE_OVERVIEW_PAGE (object);

  cancel_load (self);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  if (self->sandbox_signals != NULL)
    g_signal_group_set_target (self->sandbox_signals, NULL);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->sandbox_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->overview);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_OVERVIEW_PAGE);

  G_OBJECT_CLASS (sluice_overview_page_parent_class)->dispose (object);
}

static void
sluice_overview_page_finalize (GObject *object)
{
  SluiceOverviewPage *self = SLUICE_OVERVIEW_PAGE (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (sluice_overview_page_parent_class)->finalize (object);
}

static void
sluice_overview_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SluiceOverviewPage *self = SLUICE_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SANDBOX:
      g_value_set_object (value, self->sandbox);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_overview_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SluiceOverviewPage *self = SLUICE_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sluice_overview_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_SANDBOX:
      sluice_overview_page_set_sandbox (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_overview_page_class_init (SluiceOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_overview_page_dispose;
  object_class->finalize = sluice_overview_page_finalize;
  object_class->get_property = sluice_overview_page_get_property;
  object_class->set_property = sluice_overview_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SANDBOX] =
    g_param_spec_object ("sandbox", NULL, NULL, SLUICE_TYPE_SANDBOX,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, loading_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, loading_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, start_sandbox_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, version_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, round_trip_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, size_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, database_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, uptime_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, started_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, connections_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, connections_bar);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, connections_detail_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, tables_list);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, extensions_list);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, connected_as_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, environment_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, guard_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceOverviewPage, folder_button);
  gtk_widget_class_bind_template_callback (widget_class, on_open_folder_clicked);
}

static void
sluice_overview_page_init (SluiceOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The bar turns amber, then red, as the server nears max_connections. */
  gtk_level_bar_remove_offset_value (self->connections_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->connections_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->connections_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->connections_bar, "ok", 0.75);
  gtk_level_bar_add_offset_value (self->connections_bar, "busy", 0.9);
  gtk_level_bar_add_offset_value (self->connections_bar, "full", 1.0);

  self->profile_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::connection",
                                  G_CALLBACK (on_profile_connection_changed), self);
  g_signal_group_connect_swapped (self->profile_signals, "notify::environment",
                                  G_CALLBACK (update_profile_facts), self);
  g_signal_group_connect_swapped (self->profile_signals, "notify::guard",
                                  G_CALLBACK (update_profile_facts), self);
  g_signal_group_connect_swapped (self->profile_signals, "notify::migration-folder",
                                  G_CALLBACK (update_profile_facts), self);

  self->sandbox_signals = g_signal_group_new (SLUICE_TYPE_SANDBOX);
  g_signal_group_connect_swapped (self->sandbox_signals, "notify::progress",
                                  G_CALLBACK (on_sandbox_progress_changed), self);
  g_signal_group_connect_swapped (self->sandbox_signals, "notify::state",
                                  G_CALLBACK (on_sandbox_state_changed), self);
}

GtkWidget *
sluice_overview_page_new (void)
{
  return g_object_new (SLUICE_TYPE_OVERVIEW_PAGE, NULL);
}

SluiceSession *
sluice_overview_page_get_session (SluiceOverviewPage *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW_PAGE (self), NULL);
  return self->session;
}

void
sluice_overview_page_set_session (SluiceOverviewPage *self,
                                  SluiceSession      *session)
{
  g_return_if_fail (SLUICE_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->profile_signals, get_profile (self));
  sluice_overview_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

SluiceSandbox *
sluice_overview_page_get_sandbox (SluiceOverviewPage *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW_PAGE (self), NULL);
  return self->sandbox;
}

void
sluice_overview_page_set_sandbox (SluiceOverviewPage *self,
                                  SluiceSandbox      *sandbox)
{
  g_return_if_fail (SLUICE_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (sandbox == NULL || SLUICE_IS_SANDBOX (sandbox));

  if (!g_set_object (&self->sandbox, sandbox))
    return;

  g_signal_group_set_target (self->sandbox_signals, sandbox);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX]);
}

gboolean
sluice_overview_page_get_loading (SluiceOverviewPage *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW_PAGE (self), FALSE);
  return self->loading;
}

SluiceOverview *
sluice_overview_page_get_overview (SluiceOverviewPage *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW_PAGE (self), NULL);
  return self->overview;
}

const GError *
sluice_overview_page_get_error (SluiceOverviewPage *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW_PAGE (self), NULL);
  return self->error;
}
