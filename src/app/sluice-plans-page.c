/* sluice-plans-page.c: EXPLAIN a statement on the profile's database, or
 * read a plan from elsewhere, and see where its time goes
 *
 * The widget itself: its properties, template and actions, the session,
 * and the status, error and running state every part of it reports to.
 * The parts (sluice-plans-page-private.h): the editor and its options
 * (-editor.c), running EXPLAIN (-run.c), pasting, opening and saving
 * plans (-io.c), the plan shown (-plan.c) and its views (-views.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "sluice-plan-advice.h"
#include "sluice-plan-run.h"
#include "sluice-plans-page-private.h"
#include "sluice-window.h"

G_DEFINE_FINAL_TYPE (SluicePlansPage, sluice_plans_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

void
_sluice_plans_page_notify (SluicePlansPage *self,
                           guint            prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Small helpers ------------------------------------------------------------ */

SluiceProfile *
_sluice_plans_page_get_profile (SluicePlansPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

GtkWindow *
_sluice_plans_page_get_window (SluicePlansPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_sluice_plans_page_add_toast (SluicePlansPage *self,
                              const char      *message)
{
  GtkWindow *window = _sluice_plans_page_get_window (self);

  if (SLUICE_IS_WINDOW (window))
    sluice_window_add_toast (SLUICE_WINDOW (window), message);
}

void
_sluice_plans_page_set_status (SluicePlansPage *self,
                               const char      *status)
{
  gtk_label_set_label (self->status_label, status != NULL ? status : "");
}

void
_sluice_plans_page_show_error (SluicePlansPage *self,
                               const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
on_error_dismissed (SluicePlansPage *self)
{
  _sluice_plans_page_show_error (self, NULL);
}

void
_sluice_plans_page_set_running (SluicePlansPage *self,
                                gboolean         running)
{
  gtk_spinner_set_spinning (self->spinner, running);
  if (self->running == running)
    return;

  self->running = running;
  _sluice_plans_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
_sluice_plans_page_update_actions (SluicePlansPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "plans.run", self->session != NULL && !self->running);
  gtk_widget_action_set_enabled (widget, "plans.cancel", self->running);
  gtk_widget_action_set_enabled (widget, "plans.save", self->plan != NULL);
}

/* The session --------------------------------------------------------------- */

static void
on_profile_changed (SluicePlansPage *self)
{
  _sluice_plans_page_update_notice (self);
}

static void
sluice_plans_page_map (GtkWidget *widget)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);

  GTK_WIDGET_CLASS (sluice_plans_page_parent_class)->map (widget);

  if (self->version_wanted)
    _sluice_plans_page_learn_server_version (self);
}

/* GObject ------------------------------------------------------------------- */

static void
sluice_plans_page_dispose (GObject *object)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->io_cancellable);
  g_clear_handle_id (&self->notice_source, g_source_remove);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->profile_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_PLANS_PAGE);
  /* The template's root is not a bound child: unparent what is left. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->io_cancellable);
  g_clear_object (&self->selected_node);
  g_clear_object (&self->plan);
  g_clear_object (&self->runs);
  g_clear_object (&self->session);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_plans_page_parent_class)->dispose (object);
}

static void
sluice_plans_page_finalize (GObject *object)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (object);

  g_free (self->notice);
  g_free (self->error);
  g_free (self->last_paste);

  G_OBJECT_CLASS (sluice_plans_page_parent_class)->finalize (object);
}

static void
sluice_plans_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_SELECTED_NODE:
      g_value_set_object (value, self->selected_node);
      break;
    case PROP_VIEW:
      g_value_set_string (value, sluice_plans_page_get_view (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plans_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sluice_plans_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_NODE:
      sluice_plans_page_select_node (self, g_value_get_object (value));
      break;
    case PROP_VIEW:
      sluice_plans_page_set_view (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plans_page_class_init (SluicePlansPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_plans_page_dispose;
  object_class->finalize = sluice_plans_page_finalize;
  object_class->get_property = sluice_plans_page_get_property;
  object_class->set_property = sluice_plans_page_set_property;

  widget_class->map = sluice_plans_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, SLUICE_TYPE_PLAN,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_NODE] =
    g_param_spec_object ("selected-node", NULL, NULL, SLUICE_TYPE_PLAN_NODE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "tree",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "plans.run", NULL, _sluice_plans_page_run_action);
  gtk_widget_class_install_action (widget_class, "plans.cancel", NULL, _sluice_plans_page_cancel_action);
  gtk_widget_class_install_action (widget_class, "plans.paste", NULL, _sluice_plans_page_paste_action);
  gtk_widget_class_install_action (widget_class, "plans.open", NULL, _sluice_plans_page_open_action);
  gtk_widget_class_install_action (widget_class, "plans.save", NULL, _sluice_plans_page_save_action);
  /* Stateful: the Tree, Graph and Compare toggles show which is on. */
  gtk_widget_class_install_property_action (widget_class, "plans.view", "view");

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (SLUICE_TYPE_PLAN_TREE);
  g_type_ensure (SLUICE_TYPE_PLAN_FLAME);
  g_type_ensure (SLUICE_TYPE_PLAN_DETAIL);
  g_type_ensure (SLUICE_TYPE_PLAN_COMPARE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-plans-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, editor);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, options_box);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, analyze_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, buffers_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, verbose_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, settings_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, wal_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, timing_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, serialize_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, memory_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, execution_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, planning_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, jit_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, triggers_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, nodes_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, rolled_back_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, warnings_title);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, warnings_scroller);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, views_stack);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, nodes_stack);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, tree);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, flame);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, detail);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, compare_view);
  gtk_widget_class_bind_template_callback (widget_class, on_error_dismissed);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_warning_activated",
                                                G_CALLBACK (_sluice_plans_page_on_warning_activated));
}

static void
sluice_plans_page_init (SluicePlansPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->runs = g_list_store_new (SLUICE_TYPE_PLAN_RUN);
  self->io_cancellable = g_cancellable_new ();
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_plan_warning_free);

  _sluice_plans_page_init_editor (self);
  _sluice_plans_page_init_views (self);

  self->profile_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::guard",
                                  G_CALLBACK (on_profile_changed), self);

  gtk_widget_set_visible (GTK_WIDGET (self->rolled_back_label), FALSE);
  _sluice_plans_page_apply_view (self, "tree");
  _sluice_plans_page_update_actions (self);
}

GtkWidget *
sluice_plans_page_new (void)
{
  return g_object_new (SLUICE_TYPE_PLANS_PAGE, NULL);
}

SluiceSession *
sluice_plans_page_get_session (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->session;
}

void
sluice_plans_page_set_session (SluicePlansPage *self,
                               SluiceSession   *session)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* A run on the last profile is not shown on this one's page. */
  if (self->run_cancellable != NULL)
    {
      g_cancellable_cancel (self->run_cancellable);
      g_clear_object (&self->run_cancellable);
      _sluice_plans_page_set_running (self, FALSE);
      _sluice_plans_page_set_status (self, NULL);
    }

  g_signal_group_set_target (self->profile_signals, _sluice_plans_page_get_profile (self));
  _sluice_plans_page_set_server_version (self, 0);
  _sluice_plans_page_learn_server_version (self);
  _sluice_plans_page_update_notice (self);
  _sluice_plans_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
sluice_plans_page_get_running (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), FALSE);
  return self->running;
}

const char *
sluice_plans_page_get_error (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->error;
}
