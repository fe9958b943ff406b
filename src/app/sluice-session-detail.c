/* sluice-session-detail.c: the Activity page's pane about one session: its
 * whole query, what it waits for, whom it blocks, and what can be done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>

#include "sluice-health-format.h"
#include "sluice-session-detail.h"

struct _SluiceSessionDetail
{
  GtkWidget          parent_instance;

  SluiceSessionInfo *info;

  GtkStack          *stack;
  AdwStatusPage     *gone_page;
  GtkLabel          *title_label;
  GtkLabel          *state_pill;
  GtkWidget         *facts_box;
  GtkWidget         *facts;
  GtkSourceView     *query_view;
};

G_DEFINE_FINAL_TYPE (SluiceSessionDetail, sluice_session_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_style_scheme (SluiceSessionDetail *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark"
                                                                                          : "Adwaita");

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->query_view))),
                                      scheme);
}

static void
setup_query_view (SluiceSessionDetail *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->query_view)));

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "sql"));
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);
}

static char *
format_pids (const int *pids,
             guint      n_pids)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_pids; i++)
    g_string_append_printf (text, "%s%d", i > 0 ? ", " : "", pids[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_children (SluiceSessionInfo *info)
{
  GListModel *children = sluice_session_info_get_children (info);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(SluiceSessionInfo) child = g_list_model_get_item (children, i);

      g_string_append_printf (text, "%s%d", i > 0 ? ", " : "", sluice_session_info_get_pid (child));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_since (GDateTime *when,
              double     seconds)
{
  g_autofree char *duration = sluice_format_seconds (seconds);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *time = NULL;

  if (when == NULL || seconds < 0)
    return NULL;

  local = g_date_time_to_local (when);
  time = g_date_time_format (local, "%H:%M:%S");
  /* Translators: a duration, then the time it started, as in "3 min 5 s (since 14:02:11)". */
  return g_strdup_printf (_("%s (since %s)"), duration, time);
}

static void
add_fact (SluiceSessionDetail *self,
          const char          *title,
          const char          *value,
          gboolean             warn)
{
  if (value == NULL || *value == '\0')
    return;

  sluice_facts_add (self->facts, title, value, warn);
}

static void
fill_facts (SluiceSessionDetail *self)
{
  SluiceSessionInfo *info = self->info;
  const char *user = sluice_session_info_get_user (info);
  const char *database = sluice_session_info_get_database (info);
  const char *backend_type = sluice_session_info_get_backend_type (info);
  g_autofree char *connected = sluice_format_time_ago (sluice_session_info_get_backend_start (info), NULL);
  g_autofree char *transaction = format_since (sluice_session_info_get_xact_start (info),
                                               sluice_session_info_get_xact_seconds (info));
  g_autofree char *query = format_since (sluice_session_info_get_query_start (info),
                                         sluice_session_info_get_query_seconds (info));
  g_autofree char *wait = sluice_session_info_dup_wait_text (info);
  g_autofree char *blocked_by = NULL;
  g_autofree char *blocks = format_children (info);
  const int *pids;
  guint n_pids = 0;

  pids = sluice_session_info_get_blocked_by (info, &n_pids);
  blocked_by = format_pids (pids, n_pids);

  sluice_widget_remove_children (self->facts_box);
  self->facts = sluice_facts_new ();
  gtk_widget_set_hexpand (self->facts, TRUE);
  gtk_box_append (GTK_BOX (self->facts_box), self->facts);
  add_fact (self, _("Role"), user, FALSE);
  add_fact (self, _("Database"), database, FALSE);
  add_fact (self, _("Application"), sluice_session_info_get_application (info), FALSE);
  add_fact (self, _("Client"), sluice_session_info_get_client (info), FALSE);
  if (g_strcmp0 (backend_type, "client backend") != 0)
    add_fact (self, _("Process"), backend_type, FALSE);
  add_fact (self, _("Connected"), sluice_session_info_get_backend_start (info) != NULL ? connected : NULL, FALSE);
  add_fact (self, _("Transaction Open"), transaction, FALSE);
  add_fact (self, _("Query Started"), query, FALSE);
  add_fact (self, _("Waiting For"), wait, sluice_session_info_get_blocked (info));
  add_fact (self, _("Blocked By"), blocked_by, TRUE);
  add_fact (self, _("Blocks"), blocks, TRUE);
}

static void
fill (SluiceSessionDetail *self)
{
  SluiceSessionInfo *info = self->info;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->query_view));
  g_autofree char *title = NULL;
  g_autofree char *query = NULL;
  const char *state = NULL;
  GtkTextIter start;

  if (info == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  /* Translators: the heading of a session's pane, its process id. */
  title = g_strdup_printf (_("Session %d"), sluice_session_info_get_pid (info));
  gtk_label_set_label (self->title_label, title);

  gtk_label_set_label (self->state_pill, sluice_session_state_label (info));
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_pill),
                              (const char *[]) { "state-pill", sluice_session_state_css_class (info), NULL });
  state = sluice_session_info_get_state (info);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_pill), state);

  fill_facts (self);

  query = g_strstrip (g_strdup (sluice_session_info_get_query (info)));
  if (*query == '\0')
    {
      g_free (query);
      query = g_strdup (_("-- No query yet"));
    }

  /* Every refresh brings the session again: leave the text (and where one
   * scrolled to in it) alone while the query is the same. */
  {
    GtkTextIter end;
    g_autofree char *shown = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    if (g_strcmp0 (shown, query) != 0)
      {
        gtk_text_buffer_set_text (buffer, query, -1);
        gtk_text_buffer_get_start_iter (buffer, &start);
        gtk_text_buffer_place_cursor (buffer, &start);
      }
  }

  gtk_stack_set_visible_child_name (self->stack, "session");
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_session_detail_dispose (GObject *object)
{
  SluiceSessionDetail *self = SLUICE_SESSION_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_SESSION_DETAIL);
  g_clear_object (&self->info);

  G_OBJECT_CLASS (sluice_session_detail_parent_class)->dispose (object);
}

static void
sluice_session_detail_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SluiceSessionDetail *self = SLUICE_SESSION_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SESSION_INFO:
      g_value_set_object (value, self->info);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_session_detail_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SluiceSessionDetail *self = SLUICE_SESSION_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SESSION_INFO:
      sluice_session_detail_set_session_info (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_session_detail_class_init (SluiceSessionDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_session_detail_dispose;
  object_class->get_property = sluice_session_detail_get_property;
  object_class->set_property = sluice_session_detail_set_property;

  properties[PROP_SESSION_INFO] =
    g_param_spec_object ("session-info", NULL, NULL, SLUICE_TYPE_SESSION_INFO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-session-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceSessionDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceSessionDetail, gone_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceSessionDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceSessionDetail, state_pill);
  gtk_widget_class_bind_template_child (widget_class, SluiceSessionDetail, facts_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceSessionDetail, query_view);
}

static void
sluice_session_detail_init (SluiceSessionDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  setup_query_view (self);
}

GtkWidget *
sluice_session_detail_new (void)
{
  return g_object_new (SLUICE_TYPE_SESSION_DETAIL, NULL);
}

SluiceSessionInfo *
sluice_session_detail_get_session_info (SluiceSessionDetail *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_DETAIL (self), NULL);
  return self->info;
}

void
sluice_session_detail_set_session_info (SluiceSessionDetail *self,
                                        SluiceSessionInfo   *info)
{
  g_return_if_fail (SLUICE_IS_SESSION_DETAIL (self));
  g_return_if_fail (info == NULL || SLUICE_IS_SESSION_INFO (info));

  /* A refresh brings a new object for the same session: fill anyway. */
  g_set_object (&self->info, info);
  fill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_INFO]);
}

void
sluice_session_detail_show_gone (SluiceSessionDetail *self,
                                 int                  pid)
{
  g_autofree char *description = NULL;

  g_return_if_fail (SLUICE_IS_SESSION_DETAIL (self));

  g_clear_object (&self->info);
  description = g_strdup_printf (_("Session %d is no longer on the server: it disconnected, or was "
                                   "terminated."),
                                 pid);
  adw_status_page_set_description (self->gone_page, description);
  gtk_stack_set_visible_child_name (self->stack, "gone");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_INFO]);
}
