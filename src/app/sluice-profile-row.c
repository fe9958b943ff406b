/* sluice-profile-row.c: one profile in the sidebar, with its live state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-profile-row.h"

struct _SluiceProfileRow
{
  GtkListBoxRow   parent_instance;

  SluiceSession  *session;

  GtkDrawingArea *colour_dot;
  GtkLabel       *name_label;
  GtkLabel       *subtitle_label;
  GtkStack       *state_stack;
  GtkWidget      *state_dot;
  GtkSpinner     *spinner;
  GtkPopoverMenu *context_menu;
};

G_DEFINE_FINAL_TYPE (SluiceProfileRow, sluice_profile_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
draw_colour_dot (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  SluiceProfileRow *self = user_data;
  GdkRGBA rgba;

  if (self->session == NULL ||
      !gdk_rgba_parse (&rgba, sluice_profile_get_colour (sluice_session_get_profile (self->session))))
    return;

  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
update_subtitle (SluiceProfileRow *self)
{
  SluiceProfile *profile = sluice_session_get_profile (self->session);
  g_autofree char *summary = sluice_conninfo_describe (sluice_profile_get_connection (profile));

  gtk_label_set_label (self->subtitle_label, summary);
}

static void
update_colour (SluiceProfileRow *self)
{
  SluiceProfile *profile = sluice_session_get_profile (self->session);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->colour_dot),
                               sluice_environment_get_label (sluice_profile_get_environment (profile)));
  gtk_widget_queue_draw (GTK_WIDGET (self->colour_dot));
}

static void
update_state (SluiceProfileRow *self)
{
  SluiceConnectionState state = sluice_session_get_state (self->session);
  const char *css_class;
  const char *description;
  gboolean connecting = FALSE;

  switch (state)
    {
    case SLUICE_CONNECTION_CONNECTING:
      connecting = TRUE;
      css_class = "disconnected";
      description = _("Connecting…");
      break;
    case SLUICE_CONNECTION_READY:
    case SLUICE_CONNECTION_BUSY:
      css_class = "connected";
      description = _("Connected");
      break;
    case SLUICE_CONNECTION_FAILED:
      css_class = "failed";
      description = sluice_session_get_error_message (self->session);
      if (description == NULL)
        description = _("The connection failed");
      break;
    case SLUICE_CONNECTION_DISCONNECTED:
    default:
      css_class = "disconnected";
      description = _("Not connected");
      break;
    }

  /* A failure shows a warning sign, not a red dot: red dots mean
   * production here. */
  gtk_widget_set_css_classes (self->state_dot, (const char *[]) { "connection-state", css_class, NULL });
  gtk_spinner_set_spinning (self->spinner, connecting);
  gtk_stack_set_visible_child_name (self->state_stack,
                                    connecting ? "spinner"
                                    : state == SLUICE_CONNECTION_FAILED ? "failed"
                                    : "dot");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_stack), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
popup_context_menu (SluiceProfileRow *self,
                    double            x,
                    double            y)
{
  SluiceProfile *profile = sluice_session_get_profile (self->session);

  /* The menu's actions work on the selected profile: select this one. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.select-profile", "s",
                              sluice_profile_get_id (profile));

  if (x >= 0 && y >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                                 &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  else
    gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), NULL);

  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
on_secondary_click_pressed (GtkGestureClick  *gesture,
                            int               n_press,
                            double            x,
                            double            y,
                            SluiceProfileRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_context_menu (self, x, y);
}

static void
on_long_press_pressed (GtkGestureLongPress *gesture,
                       double               x,
                       double               y,
                       SluiceProfileRow    *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_context_menu (self, x, y);
}

static gboolean
popup_menu_binding (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  popup_context_menu (SLUICE_PROFILE_ROW (widget), -1, -1);
  return TRUE;
}

static void
sluice_profile_row_constructed (GObject *object)
{
  SluiceProfileRow *self = SLUICE_PROFILE_ROW (object);
  SluiceProfile *profile = sluice_session_get_profile (self->session);

  G_OBJECT_CLASS (sluice_profile_row_parent_class)->constructed (object);

  g_object_bind_property (profile, "name", self->name_label, "label", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (profile, "notify::connection",
                           G_CALLBACK (update_subtitle), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (profile, "notify::colour",
                           G_CALLBACK (update_colour), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (profile, "notify::environment",
                           G_CALLBACK (update_colour), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::error-message",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);

  update_subtitle (self);
  update_colour (self);
  update_state (self);
}

static void
sluice_profile_row_dispose (GObject *object)
{
  SluiceProfileRow *self = SLUICE_PROFILE_ROW (object);

  if (self->context_menu != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->context_menu));
  self->context_menu = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_PROFILE_ROW);

  G_OBJECT_CLASS (sluice_profile_row_parent_class)->dispose (object);
}

static void
sluice_profile_row_finalize (GObject *object)
{
  SluiceProfileRow *self = SLUICE_PROFILE_ROW (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (sluice_profile_row_parent_class)->finalize (object);
}

static void
sluice_profile_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SluiceProfileRow *self = SLUICE_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SluiceProfileRow *self = SLUICE_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_row_class_init (SluiceProfileRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sluice_profile_row_constructed;
  object_class->dispose = sluice_profile_row_dispose;
  object_class->finalize = sluice_profile_row_finalize;
  object_class->get_property = sluice_profile_row_get_property;
  object_class->set_property = sluice_profile_row_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-profile-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileRow, colour_dot);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileRow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileRow, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileRow, context_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_secondary_click_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_long_press_pressed);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, popup_menu_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, popup_menu_binding, NULL);
}

static void
sluice_profile_row_init (SluiceProfileRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->context_menu), GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->colour_dot, draw_colour_dot, self, NULL);
}

GtkWidget *
sluice_profile_row_new (SluiceSession *session)
{
  g_return_val_if_fail (SLUICE_IS_SESSION (session), NULL);

  return g_object_new (SLUICE_TYPE_PROFILE_ROW, "session", session, NULL);
}

SluiceSession *
sluice_profile_row_get_session (SluiceProfileRow *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_ROW (self), NULL);
  return self->session;
}

SluiceProfile *
sluice_profile_row_get_profile (SluiceProfileRow *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_ROW (self), NULL);
  return sluice_session_get_profile (self->session);
}
