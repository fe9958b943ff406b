/* sluice-schema-page.c: the objects of a profile's database with their DDL,
 * snapshots of them, and two catalogs compared
 *
 * This file holds the widget, its actions and what its parts share; the
 * parts are sluice-schema-page-browse.c (the catalog read for the
 * SluiceSchemaBrowser, which shows the tree and the DDL),
 * -snapshots.c (snapshot files opened and saved), -sides.c (the compare
 * sides' choices), -compare.c (both sides read and diffed) and
 * -migration.c (a diff saved as a migration).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-application.h"
#include "sluice-health-format.h"
#include "sluice-page-util.h"
#include "sluice-schema-page-private.h"

G_DEFINE_FINAL_TYPE (SluiceSchemaPage, sluice_schema_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

void
_sluice_schema_page_notify (SluiceSchemaPage *self,
                            guint             prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Small helpers ------------------------------------------------------------ */

SluiceProfile *
_sluice_schema_page_get_profile (SluiceSchemaPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

GtkWindow *
_sluice_schema_page_get_window (SluiceSchemaPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

SluiceApplication *
_sluice_schema_page_get_application (SluiceSchemaPage *self)
{
  GtkWindow *window = _sluice_schema_page_get_window (self);
  GtkApplication *application = window != NULL ? gtk_window_get_application (window) : NULL;

  return SLUICE_IS_APPLICATION (application) ? SLUICE_APPLICATION (application) : NULL;
}

void
_sluice_schema_page_set_status (SluiceSchemaPage *self,
                                const char       *status)
{
  gtk_label_set_label (self->status_label, status != NULL ? status : "");
}

void
_sluice_schema_page_set_error (SluiceSchemaPage *self,
                               const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

void
_sluice_schema_page_set_loading (SluiceSchemaPage *self,
                                 gboolean          loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_spinner_set_spinning (self->loading_spinner, loading);
  gtk_spinner_set_spinning (self->compare_spinner, loading);
  gtk_widget_set_visible (self->cancel_button, loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  _sluice_schema_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
_sluice_schema_page_begin_busy (SluiceSchemaPage *self)
{
  self->busy++;
  _sluice_schema_page_update_actions (self);
}

void
_sluice_schema_page_end_busy (SluiceSchemaPage *self)
{
  g_return_if_fail (self->busy > 0);
  self->busy--;
  _sluice_schema_page_update_actions (self);
}

/* An error that leaves what is shown in place: said in a dialog. */
void
_sluice_schema_page_show_error_dialog (SluiceSchemaPage *self,
                                       const char       *heading,
                                       const char       *body)
{
  GtkWidget *dialog = adw_message_dialog_new (_sluice_schema_page_get_window (self), heading, body);

  _sluice_schema_page_set_error (self, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_widget_add_css_class (dialog, "schema-error-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions ------------------------------------------------------------------ */

void
_sluice_schema_page_update_actions (SluiceSchemaPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean compare_mode;
  SluiceSchemaSide *from;
  SluiceSchemaSide *to;

  /* Work that finishes after the page went away. */
  if (self->sides == NULL)
    return;

  compare_mode = g_strcmp0 (sluice_schema_page_get_mode (self), "compare") == 0;
  from = _sluice_schema_page_get_side (self, FALSE);
  to = _sluice_schema_page_get_side (self, TRUE);

  gtk_widget_action_set_enabled (widget, "schema.reload", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "schema.cancel", self->loading);
  gtk_widget_action_set_enabled (widget, "schema.save-snapshot",
                                 self->catalog != NULL && self->catalog_live && self->busy == 0);
  gtk_widget_action_set_enabled (widget, "schema.open-snapshot", TRUE);
  gtk_widget_action_set_enabled (widget, "schema.copy-ddl",
                                 self->browser != NULL &&
                                 sluice_schema_browser_get_selected_object (self->browser) != NULL);
  gtk_widget_action_set_enabled (widget, "schema.compare",
                                 from != NULL && to != NULL &&
                                 from->kind != SLUICE_SCHEMA_SIDE_CHOOSE && to->kind != SLUICE_SCHEMA_SIDE_CHOOSE);
  gtk_widget_action_set_enabled (widget, "schema.swap-sides", self->sides->len > 1);
  gtk_widget_action_set_enabled (widget, "schema.save-migration",
                                 self->diff != NULL && !sluice_diff_is_empty (self->diff) &&
                                 self->session != NULL && self->busy == 0);
  gtk_widget_set_visible (self->browse_buttons, !compare_mode);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sluice_schema_page_reload (SLUICE_SCHEMA_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (widget);

  sluice_page_cancel (&self->load_cancellable);
  sluice_page_cancel (&self->compare_cancellable);
  _sluice_schema_page_set_loading (self, FALSE);
  _sluice_schema_page_set_status (self, _("Cancelled; nothing was changed on the server."));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->browse_stack), "loading") == 0)
    gtk_stack_set_visible_child_name (self->browse_stack, self->catalog != NULL ? "catalog" : "empty");
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->compare_stack), "loading") == 0)
    gtk_stack_set_visible_child_name (self->compare_stack, self->diff != NULL ? "diff" : "idle");
}

static void
copy_ddl_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (widget);
  g_autofree char *ddl = NULL;

  if (sluice_schema_browser_get_selected_object (self->browser) == NULL)
    return;
  ddl = sluice_schema_browser_dup_ddl (self->browser);
  sluice_copy_to_clipboard (widget, ddl);
  sluice_widget_add_toast (widget, _("Copied the DDL"));
}

static void
on_selected_object_changed (SluiceSchemaPage *self)
{
  _sluice_schema_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_OBJECT]);
}

/* GObject ------------------------------------------------------------------ */

static void
sluice_schema_page_map (GtkWidget *widget)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (widget);

  GTK_WIDGET_CLASS (sluice_schema_page_parent_class)->map (widget);

  if (self->dirty)
    sluice_schema_page_reload (self);
}

static void
sluice_schema_page_dispose (GObject *object)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (object);
  GtkWidget *child;

  sluice_page_cancel (&self->load_cancellable);
  sluice_page_cancel (&self->compare_cancellable);
  if (self->io_cancellable != NULL)
    g_cancellable_cancel (self->io_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_SCHEMA_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->io_cancellable);
  g_clear_object (&self->catalog);
  g_clear_object (&self->diff);
  g_clear_object (&self->session);
  g_clear_object (&self->side_labels);
  g_clear_pointer (&self->sides, g_ptr_array_unref);
  g_clear_pointer (&self->opened_files, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_schema_page_parent_class)->dispose (object);
}

static void
sluice_schema_page_finalize (GObject *object)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (object);

  g_free (self->error);
  g_free (self->saved_snapshot);
  g_strfreev (self->written_paths);

  G_OBJECT_CLASS (sluice_schema_page_parent_class)->finalize (object);
}

static void
sluice_schema_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MODE:
      g_value_set_string (value, sluice_schema_page_get_mode (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_DIFF:
      g_value_set_object (value, self->diff);
      break;
    case PROP_SELECTED_OBJECT:
      g_value_set_object (value, sluice_schema_page_get_selected_object (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_schema_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sluice_schema_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_MODE:
      sluice_schema_page_set_mode (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_schema_page_class_init (SluiceSchemaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_schema_page_dispose;
  object_class->finalize = sluice_schema_page_finalize;
  object_class->get_property = sluice_schema_page_get_property;
  object_class->set_property = sluice_schema_page_set_property;

  widget_class->map = sluice_schema_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "browse",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, SLUICE_TYPE_CATALOG,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIFF] =
    g_param_spec_object ("diff", NULL, NULL, SLUICE_TYPE_DIFF,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_OBJECT] =
    g_param_spec_object ("selected-object", NULL, NULL, SLUICE_TYPE_CATALOG_OBJECT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "schema.mode", "mode");
  gtk_widget_class_install_action (widget_class, "schema.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "schema.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "schema.save-snapshot", NULL, _sluice_schema_page_save_snapshot_action);
  gtk_widget_class_install_action (widget_class, "schema.open-snapshot", NULL, _sluice_schema_page_open_snapshot_action);
  gtk_widget_class_install_action (widget_class, "schema.copy-ddl", NULL, copy_ddl_action);
  gtk_widget_class_install_action (widget_class, "schema.compare", NULL, _sluice_schema_page_compare_action);
  gtk_widget_class_install_action (widget_class, "schema.swap-sides", NULL, _sluice_schema_page_swap_sides_action);
  gtk_widget_class_install_action (widget_class, "schema.save-migration", NULL, _sluice_schema_page_save_migration_action);

  g_type_ensure (SLUICE_TYPE_SCHEMA_BROWSER);
  g_type_ensure (SLUICE_TYPE_SCHEMA_COMPARE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-schema-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, browse_buttons);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, browse_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, browser);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, to_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, ignore_check);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, compare_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, compare_loading_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, compare_spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, compare_error_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, compare_error_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaPage, compare_view);
}

static void
sluice_schema_page_init (SluiceSchemaPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->io_cancellable = g_cancellable_new ();
  _sluice_schema_page_init_sides (self);

  g_signal_connect_object (self->browser, "notify::selected-object",
                           G_CALLBACK (on_selected_object_changed), self, G_CONNECT_SWAPPED);
  _sluice_schema_page_set_loading (self, FALSE);
  gtk_stack_set_visible_child_name (self->browse_stack, "empty");
  gtk_stack_set_visible_child_name (self->compare_stack, "idle");
  _sluice_schema_page_update_actions (self);
}

GtkWidget *
sluice_schema_page_new (void)
{
  return g_object_new (SLUICE_TYPE_SCHEMA_PAGE, NULL);
}

SluiceSession *
sluice_schema_page_get_session (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return self->session;
}

void
sluice_schema_page_set_session (SluiceSchemaPage *self,
                                SluiceSession    *session)
{
  g_return_if_fail (SLUICE_IS_SCHEMA_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* Another profile: nothing of the last one may linger. */
  sluice_page_cancel (&self->load_cancellable);
  sluice_page_cancel (&self->compare_cancellable);
  _sluice_schema_page_set_loading (self, FALSE);
  _sluice_schema_page_set_error (self, NULL);
  _sluice_schema_page_set_status (self, NULL);
  _sluice_schema_page_set_catalog (self, NULL, FALSE, NULL);
  _sluice_schema_page_set_diff (self, NULL);
  self->compared_once = FALSE;
  self->sides_chosen = FALSE;
  g_clear_pointer (&self->saved_snapshot, g_free);
  g_clear_pointer (&self->written_paths, g_strfreev);
  gtk_stack_set_visible_child_name (self->browse_stack, "empty");
  gtk_stack_set_visible_child_name (self->compare_stack, "idle");

  /* The last profile's choices go; this one's snapshots are listed. */
  g_ptr_array_set_size (self->sides, 0);
  _sluice_schema_page_rebuild_sides (self, NULL);
  sluice_schema_page_rescan_snapshots (self);
  _sluice_schema_page_reload_browse (self);
  _sluice_schema_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
sluice_schema_page_get_mode (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->mode_stack);
}

void
sluice_schema_page_set_mode (SluiceSchemaPage *self,
                             const char       *mode)
{
  g_return_if_fail (SLUICE_IS_SCHEMA_PAGE (self));

  if (g_strcmp0 (mode, "browse") != 0 && g_strcmp0 (mode, "compare") != 0)
    return;
  if (g_strcmp0 (sluice_schema_page_get_mode (self), mode) == 0)
    return;

  gtk_stack_set_visible_child_name (self->mode_stack, mode);
  /* New snapshots may have been taken since the last look. */
  if (g_strcmp0 (mode, "compare") == 0)
    sluice_schema_page_rescan_snapshots (self);
  _sluice_schema_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

gboolean
sluice_schema_page_get_loading (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), FALSE);
  return self->loading;
}

const char *
sluice_schema_page_get_view (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->browse_stack);
}

const char *
sluice_schema_page_get_compare_state (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->compare_stack);
}

const char *
sluice_schema_page_get_error (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return self->error;
}

void
sluice_schema_page_reload (SluiceSchemaPage *self)
{
  g_return_if_fail (SLUICE_IS_SCHEMA_PAGE (self));

  if (g_strcmp0 (sluice_schema_page_get_mode (self), "compare") == 0 && self->compared_once)
    {
      _sluice_schema_page_start_compare (self);
      return;
    }
  _sluice_schema_page_reload_browse (self);
}

gboolean
sluice_schema_page_get_busy (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), FALSE);
  return self->busy > 0;
}
