/* sluice-activity-page-load.c: reading a profile's activity for the
 * Activity page: connecting, loading, showing each read, and the timer that
 * reads again every few seconds while the page is shown and not paused
 *
 * Separate from the widget because it is the page's heartbeat: when a read
 * starts, what it cancels, and how its result or failure reaches the rest
 * of the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-activity-page-private.h"
#include "sluice-page-util.h"

static void
set_loading (SluiceActivityPage *self,
             gboolean            loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_spinner_set_spinning (self->refresh_spinner, loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  _sluice_activity_page_notify (self, PROP_LOADING);
}

static void
show_failure (SluiceActivityPage *self,
              const GError       *error,
              gboolean            while_connecting)
{
  SluiceProfile *profile = _sluice_activity_page_get_profile (self);
  g_autofree char *title = NULL;

  g_clear_error (&self->error);
  self->error = g_error_copy (error);

  if (while_connecting)
    title = g_strdup_printf (_("Could Not Connect to “%s”"), sluice_profile_get_name (profile));
  else
    title = g_strdup_printf (_("Could Not Read the Activity of “%s”"), sluice_profile_get_name (profile));

  sluice_page_show_failure (self->stack, self->error_page, self->error_label,
                            while_connecting ? "network-error-symbolic" : "dialog-warning-symbolic",
                            title,
                            _("Nothing was changed on the server. Sluice tries again every few "
                              "seconds while this page is open."),
                            error);
  set_loading (self, FALSE);
}

static void
show_activity (SluiceActivityPage *self,
               SluiceConnection   *connection,
               SluiceActivity     *activity)
{
  g_set_object (&self->activity, activity);
  g_set_object (&self->connection, connection);
  g_clear_error (&self->error);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = g_date_time_new_now_utc ();
  self->n_refreshes++;

  _sluice_activity_page_show_sessions (self, activity);

  sluice_locks_list_set_activity (self->locks_list, activity);
  sluice_long_transactions_list_set_activity (self->long_list, activity);
  sluice_statements_list_set_activity (self->statements_list, activity);
  _sluice_activity_page_fill_summary (self);

  gtk_stack_set_visible_child_name (self->stack, "activity");
  set_loading (self, FALSE);
  _sluice_activity_page_update_actions (self);
  _sluice_activity_page_notify (self, PROP_ACTIVITY);
}

static void
load_done (SluiceActivityPage *self,
           SluicePageLoadOp   *op)
{
  /* This read is over: the next tick may start another. */
  if (self->cancellable == op->cancellable)
    g_clear_object (&self->cancellable);
}

static void
activity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SluicePageLoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceActivity) activity = sluice_activity_load_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  load_done (op->self, op);
  if (activity == NULL)
    show_failure (op->self, error, FALSE);
  else
    show_activity (op->self, op->connection, activity);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluicePageLoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  SluiceConnection *connection;
  GCancellable *cancellable;

  op->connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);
  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (op->connection == NULL)
    {
      load_done (op->self, op);
      show_failure (op->self, error, TRUE);
      return;
    }

  connection = op->connection;
  cancellable = op->cancellable;
  sluice_activity_load_async (connection, SLUICE_ACTIVITY_DEFAULT_LONG_TRANSACTION_SECONDS,
                              cancellable, activity_cb, g_steal_pointer (&op));
}

void
_sluice_activity_page_cancel_load (SluiceActivityPage *self)
{
  sluice_page_cancel (&self->cancellable);
  set_loading (self, FALSE);
}

static void
start_load (SluiceActivityPage *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  _sluice_activity_page_cancel_load (self);

  /* Only the first read takes the whole page; later ones refresh in place
   * (or retry quietly behind the error). */
  if (g_strcmp0 (view, "activity") != 0 && g_strcmp0 (view, "failed") != 0)
    {
      g_autofree char *title = g_strdup_printf (_("Connecting to “%s”…"),
                                                sluice_profile_get_name (_sluice_activity_page_get_profile (self)));

      gtk_label_set_label (self->loading_title, title);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  sluice_session_connect_async (self->session, self->cancellable, connect_cb,
                                sluice_page_load_op_new (self, self->cancellable));
}

static gboolean
on_refresh_tick (gpointer user_data)
{
  SluiceActivityPage *self = user_data;

  /* A slow server: let the read in flight finish rather than restart it. */
  if (self->cancellable == NULL)
    start_load (self);
  return G_SOURCE_CONTINUE;
}

void
_sluice_activity_page_update_refresh_timer (SluiceActivityPage *self)
{
  gboolean should_run = self->session != NULL && !self->paused && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (should_run && self->refresh_id == 0)
    self->refresh_id = g_timeout_add (self->refresh_interval_ms, on_refresh_tick, self);
  else if (!should_run && self->refresh_id != 0)
    g_clear_handle_id (&self->refresh_id, g_source_remove);
}

void
_sluice_activity_page_load (SluiceActivityPage *self)
{
  if (self->session == NULL)
    {
      _sluice_activity_page_cancel_load (self);
      self->dirty = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      _sluice_activity_page_cancel_load (self);
      self->dirty = TRUE;
      return;
    }

  self->dirty = FALSE;
  start_load (self);

  /* A read now: the next tick is a whole interval away. */
  if (self->refresh_id != 0)
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      _sluice_activity_page_update_refresh_timer (self);
    }
}
