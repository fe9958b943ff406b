/* sluice-activity-page-actions.c: the Activity page's actions on the
 * selected session: refresh, copy its query, and cancel its query or
 * terminate it after the profile's guard agreed
 *
 * Separate because signalling a backend is the page's only way to change
 * the server: the confirmation and the outcome stay together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-activity-page-private.h"
#include "sluice-error-text.h"
#include "sluice-health-format.h"
#include "sluice-page-util.h"

typedef enum
{
  ACTION_CANCEL,
  ACTION_TERMINATE,
} SessionAction;

void
_sluice_activity_page_update_actions (SluiceActivityPage *self)
{
  SluiceSessionInfo *info = self->selected_session;
  gboolean can_signal = info != NULL && self->connection != NULL && !self->action_running;
  const char *query = info != NULL ? sluice_session_info_get_query (info) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.copy-query", query != NULL && *query != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.cancel-query",
                                 can_signal && (_sluice_activity_page_is_running (info) ||
                                                sluice_session_info_get_blocked (info)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.terminate", can_signal);
}

void
_sluice_activity_page_refresh_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  sluice_activity_page_reload (SLUICE_ACTIVITY_PAGE (widget));
}

void
_sluice_activity_page_copy_query_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (widget);
  g_autofree char *message = NULL;

  if (self->selected_session == NULL)
    return;

  sluice_copy_to_clipboard (widget, sluice_session_info_get_query (self->selected_session));
  message = g_strdup_printf (_("Copied the query of session %d"), sluice_session_info_get_pid (self->selected_session));
  sluice_widget_add_toast (widget, message);
}

typedef struct
{
  SluiceActivityPage *self;
  SluiceConnection   *connection;
  GCancellable       *cancellable;
  SessionAction       action;
  int                 pid;
} ActionOp;

static void
action_op_free (ActionOp *op)
{
  g_clear_object (&op->connection);
  g_clear_object (&op->cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionOp, action_op_free)

static void
session_action_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ActionOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  SluiceActivityPage *self = op->self;
  gboolean done;

  if (op->action == ACTION_CANCEL)
    done = sluice_activity_cancel_backend_finish (result, &error);
  else
    done = sluice_activity_terminate_backend_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  self->action_running = FALSE;
  _sluice_activity_page_update_actions (self);

  if (!done && g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND))
    message = g_strdup_printf (_("Session %d had already ended: nothing was done"), op->pid);
  else if (!done)
    {
      g_autofree char *reason = sluice_error_text_describe (error);

      if (op->action == ACTION_CANCEL)
        message = g_strdup_printf (_("The query of session %d was not cancelled: %s"), op->pid, reason);
      else
        message = g_strdup_printf (_("Session %d was not terminated: %s"), op->pid, reason);
    }
  else if (op->action == ACTION_CANCEL)
    message = g_strdup_printf (_("Asked session %d to cancel its query"), op->pid);
  else
    message = g_strdup_printf (_("Terminated session %d"), op->pid);

  sluice_widget_add_toast (GTK_WIDGET (self), message);
  sluice_activity_page_reload (self);
}

static void
guard_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ActionOp) op = user_data;
  SluiceConnection *connection;
  GCancellable *cancellable;
  int pid;

  if (!sluice_page_guard_confirm_finish (result, op->cancellable, op->self, &op->self->action_running,
                                         (SluicePageUpdateFunc) _sluice_activity_page_update_actions))
    return;

  connection = op->connection;
  cancellable = op->cancellable;
  pid = op->pid;
  if (op->action == ACTION_CANCEL)
    sluice_activity_cancel_backend_async (connection, pid, cancellable, session_action_cb, g_steal_pointer (&op));
  else
    sluice_activity_terminate_backend_async (connection, pid, cancellable, session_action_cb, g_steal_pointer (&op));
}

static char *
describe_session (SluiceSessionInfo *info)
{
  const char *user = sluice_session_info_get_user (info);
  const char *state = sluice_session_state_label (info);

  if (user != NULL)
    /* Translators: a session: its process id, role and state, as in
     * "session 4242 (maria, Idle in Transaction)". */
    return g_strdup_printf (_("session %d (%s, %s)"), sluice_session_info_get_pid (info), user, state);
  return g_strdup_printf (_("session %d (%s)"), sluice_session_info_get_pid (info), state);
}

static void
run_session_action (SluiceActivityPage *self,
                    SessionAction       action)
{
  SluiceSessionInfo *info = self->selected_session;
  g_autofree char *who = NULL;
  g_autofree char *action_text = NULL;
  ActionOp *op;

  if (info == NULL || self->connection == NULL || self->action_running)
    return;

  who = describe_session (info);
  if (action == ACTION_CANCEL)
    action_text = g_strdup_printf (_("Cancels the running query of %s with pg_cancel_backend(). The session "
                                     "stays connected; a transaction it has open fails and must be rolled "
                                     "back."),
                                   who);
  else
    action_text = g_strdup_printf (_("Terminates %s with pg_terminate_backend(). Its client is disconnected "
                                     "and its open transaction, if any, is rolled back; sessions it blocks "
                                     "go on."),
                                   who);

  op = g_new0 (ActionOp, 1);
  op->self = self;
  op->connection = g_object_ref (self->connection);
  op->cancellable = sluice_page_ensure_cancellable (&self->action_cancellable);
  op->action = action;
  op->pid = sluice_session_info_get_pid (info);

  self->action_running = TRUE;
  _sluice_activity_page_update_actions (self);

  sluice_page_guard_confirm_async (GTK_WIDGET (self), _sluice_activity_page_get_profile (self), self->connection,
                                   action_text, op->cancellable, guard_cb, op);
}

void
_sluice_activity_page_cancel_query_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  run_session_action (SLUICE_ACTIVITY_PAGE (widget), ACTION_CANCEL);
}

void
_sluice_activity_page_terminate_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  run_session_action (SLUICE_ACTIVITY_PAGE (widget), ACTION_TERMINATE);
}
