/* sluice-preferences-window.c: the preferences of Sluice (GSettings)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice.h"
#include "sluice-application.h"
#include "sluice-preferences-window.h"

struct _SluicePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwPreferencesGroup  *sandbox_group;
  GtkSwitch            *start_sandbox_switch;
  GtkSwitch            *stop_sandbox_switch;
  AdwComboRow          *style_row;
};

G_DEFINE_FINAL_TYPE (SluicePreferencesWindow, sluice_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows of the style combo, in the order of the .ui's string list. */
static const char * const style_variants[] = { "default", "light", "dark" };

static gboolean
style_variant_to_selected (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  const char *style = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_variants); i++)
    if (g_str_equal (style, style_variants[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  /* The schema's choices keep anything else out; follow the system. */
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
selected_to_style_variant (const GValue       *value,
                           const GVariantType *expected_type,
                           gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (style_variants))
    return NULL;
  return g_variant_new_string (style_variants[selected]);
}

/* The application's own sandbox: the one it starts and stops. */
static SluiceSandbox *
get_application_sandbox (void)
{
  GApplication *application = g_application_get_default ();

  if (!SLUICE_IS_APPLICATION (application))
    return NULL;
  return sluice_application_get_sandbox (SLUICE_APPLICATION (application));
}

/* Says where the sandbox lives: under $XDG_DATA_HOME normally, elsewhere
 * when Sluice runs as root and the server's user cannot reach it. */
static void
describe_sandbox_location (SluicePreferencesWindow *self)
{
  SluiceSandbox *sandbox = get_application_sandbox ();
  const char *home = g_get_home_dir ();
  const char *root_dir;
  g_autofree char *display = NULL;
  g_autofree char *description = NULL;

  /* Without the application (a window shown on its own) there is no
   * sandbox to speak of: say what it is, not where. */
  if (sandbox == NULL)
    {
      adw_preferences_group_set_description (self->sandbox_group,
                                             _("A local PostgreSQL cluster that Sluice creates and runs "
                                               "on a Unix socket only, for rehearsing migrations. "
                                               "Nothing outside this computer can reach it."));
      return;
    }

  root_dir = sluice_sandbox_get_root_dir (sandbox);
  if (home != NULL && g_str_has_prefix (root_dir, home) &&
      (root_dir[strlen (home)] == '/' || root_dir[strlen (home)] == '\0') &&
      strcmp (home, "/") != 0)
    display = g_strconcat ("~", root_dir + strlen (home), NULL);
  else
    display = g_filename_display_name (root_dir);

  description = g_strdup_printf (_("A local PostgreSQL cluster that Sluice creates and runs in %s, "
                                   "on a Unix socket only, for rehearsing migrations. "
                                   "Nothing outside this computer can reach it."),
                                 display);
  adw_preferences_group_set_description (self->sandbox_group, description);
}

static void
sluice_preferences_window_dispose (GObject *object)
{
  SluicePreferencesWindow *self = (SluicePreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sluice_preferences_window_parent_class)->dispose (object);
}

static void
sluice_preferences_window_class_init (SluicePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SluicePreferencesWindow, sandbox_group);
  gtk_widget_class_bind_template_child (widget_class, SluicePreferencesWindow, start_sandbox_switch);
  gtk_widget_class_bind_template_child (widget_class, SluicePreferencesWindow, stop_sandbox_switch);
  gtk_widget_class_bind_template_child (widget_class, SluicePreferencesWindow, style_row);
}

static void
sluice_preferences_window_init (SluicePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "start-sandbox",
                   self->start_sandbox_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "stop-sandbox-on-quit",
                   self->stop_sandbox_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "style-variant",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_variant_to_selected,
                                selected_to_style_variant,
                                NULL, NULL);

  describe_sandbox_location (self);
}

GtkWindow *
sluice_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SLUICE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
