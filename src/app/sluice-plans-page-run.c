/* sluice-plans-page-run.c: running EXPLAIN from the Plans page: "run"
 * connects, asks the profile's guard before EXPLAIN ANALYZE of a
 * statement that writes, runs it and shows the plan or why there is
 * none; "cancel" stops it on the server; the server's version is learnt
 * to offer its options
 *
 * Separate from the editor (sluice-plans-page-editor.c): a run is a chain
 * of asynchronous steps, each of which may find itself stale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-guard-dialog.h"
#include "sluice-plan-explain.h"
#include "sluice-plans-page-private.h"

/* A version new enough to offer every option while validating SQL. */
#define ANY_SERVER_VERSION 999999

/* Running EXPLAIN ---------------------------------------------------------- */

typedef struct
{
  SluicePlansPage      *self;
  GCancellable         *cancellable;
  SluiceConnection     *connection;
  SluiceExplainOptions *options;
  char                 *sql;
  char                 *profile_name;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->connection);
  g_clear_pointer (&run->options, sluice_explain_options_free);
  g_free (run->sql);
  g_free (run->profile_name);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Whether @run is still the page's: a newer run, another profile or the
 * page going away leave its results unshown. */
static gboolean
run_is_current (Run *run)
{
  return !g_cancellable_is_cancelled (run->cancellable) && run->self->run_cancellable == run->cancellable;
}

static void
finish_run (Run *run)
{
  if (run->self->run_cancellable == run->cancellable)
    {
      g_clear_object (&run->self->run_cancellable);
      _sluice_plans_page_set_running (run->self, FALSE);
    }
}

static void
explain_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  SluicePlansPage *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = sluice_plan_explain_finish (result, &error);
  gboolean cancelled_by_person = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
                                 self->run_cancellable == run->cancellable;

  if (!run_is_current (run) && !cancelled_by_person)
    return;

  finish_run (run);
  if (plan == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _sluice_plans_page_set_status (self, _("Cancelled: the statement was stopped on the server and rolled back; nothing was changed."));
        }
      else
        {
          g_autofree char *details = sluice_error_text_describe (error);
          g_autofree char *message = NULL;

          /* Translators: why EXPLAIN failed (the server's words) follows. */
          message = g_strdup_printf (_("EXPLAIN failed, and nothing was changed: it ran inside a transaction "
                                       "that was rolled back. Correct the statement and run it again.\n%s"),
                                     details);
          _sluice_plans_page_show_error (self, message);
          _sluice_plans_page_set_status (self, NULL);
        }
      return;
    }

  _sluice_plans_page_set_status (self, sluice_plan_get_rolled_back (plan)
                    ? _("Ran inside a transaction that was rolled back: nothing was kept.")
                    : NULL);
  sluice_plans_page_show_plan (self, plan, run->profile_name);
}

static void
start_explain (Run *run)
{
  g_autofree char *status = NULL;

  if (run->options->analyze)
    /* Translators: the profile's name. */
    status = g_strdup_printf (_("Running EXPLAIN ANALYZE on “%s”…"), run->profile_name);
  else
    status = g_strdup_printf (_("Planning on “%s”…"), run->profile_name);
  _sluice_plans_page_set_status (run->self, status);

  sluice_plan_explain_async (run->connection, run->sql, run->options, run->cancellable,
                             explain_cb, run);
}

static void
guard_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!sluice_guard_confirm_finish (result, &error))
    {
      if (run_is_current (run))
        {
          finish_run (run);
          _sluice_plans_page_set_status (run->self, NULL);
          _sluice_plans_page_show_error (run->self,
                                         _("EXPLAIN ANALYZE was not run: it was not confirmed, and nothing was "
                                           "sent to the server. Turn ANALYZE off to see the plan without running "
                                           "the statement."));
        }
      run_free (run);
      return;
    }

  if (!run_is_current (run))
    {
      run_free (run);
      return;
    }

  start_explain (run);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  SluicePlansPage *self = run->self;
  g_autoptr(GError) error = NULL;
  SluiceConnection *connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);

  if (!run_is_current (run))
    {
      g_clear_object (&connection);
      run_free (run);
      return;
    }

  if (connection == NULL)
    {
      g_autofree char *details = sluice_error_text_describe (error);
      /* Translators: the profile's name, then why the connection failed. */
      g_autofree char *message = g_strdup_printf (_("Could not connect to “%s”; nothing was run. Check the "
                                                    "profile’s connection settings, then try again.\n%s"),
                                                  run->profile_name, details);

      finish_run (run);
      _sluice_plans_page_set_status (self, NULL);
      _sluice_plans_page_show_error (self, message);
      run_free (run);
      return;
    }

  run->connection = connection;
  _sluice_plans_page_set_server_version (self, sluice_connection_get_server_version (connection));

  if (run->options->analyze && sluice_plan_statement_writes (run->sql))
    {
      _sluice_plans_page_set_status (self, _("Waiting for confirmation…"));
      sluice_guard_confirm_async (_sluice_plans_page_get_window (self),
                                  sluice_session_get_profile (self->session),
                                  sluice_connection_get_database (connection),
                                  _("Runs EXPLAIN ANALYZE of a statement that writes. Sluice runs it inside a "
                                    "transaction and rolls it back, so nothing it writes is kept; while it "
                                    "runs it takes its locks and fires its triggers."),
                                  run->cancellable, guard_cb, run);
      return;
    }

  start_explain (run);
}

void
_sluice_plans_page_run_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);
  g_autofree char *sql = _sluice_plans_page_get_editor_text (self);
  g_autoptr(SluiceExplainOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *validated = NULL;
  Run *run;

  if (self->session == NULL || self->running)
    return;

  g_strstrip (sql);
  if (*sql == '\0')
    {
      _sluice_plans_page_show_error (self, _("There is no statement to explain: type one in the editor first."));
      return;
    }

  /* One statement, and not an EXPLAIN already: said before connecting. */
  options = sluice_plans_page_get_options (self);
  validated = sluice_plan_build_explain_sql (sql, options, ANY_SERVER_VERSION, NULL, &error);
  if (validated == NULL)
    {
      /* Translators: why the statement cannot be explained follows. */
      g_autofree char *message = g_strdup_printf (_("Nothing was run. %s"), error->message);

      _sluice_plans_page_show_error (self, message);
      return;
    }

  _sluice_plans_page_show_error (self, NULL);
  _sluice_plans_page_update_notice (self);

  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (self->run_cancellable);
  run->options = g_steal_pointer (&options);
  run->sql = g_steal_pointer (&sql);
  run->profile_name = g_strdup (sluice_profile_get_name (_sluice_plans_page_get_profile (self)));

  _sluice_plans_page_set_running (self, TRUE);
  _sluice_plans_page_set_status (self, _("Connecting…"));
  sluice_session_connect_async (self->session, run->cancellable, connect_cb, run);
}

void
_sluice_plans_page_cancel_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);

  if (self->run_cancellable == NULL)
    return;

  /* explain_cb() still reports it; the statement is cancelled on the
   * server and its transaction rolled back by SluiceConnection. */
  g_cancellable_cancel (self->run_cancellable);
  _sluice_plans_page_set_status (self, _("Cancelling…"));
}

/* Learning the server version ----------------------------------------------- */

static void
version_connect_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SluicePlansPage) self = user_data;
  g_autoptr(SluiceConnection) connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, NULL);

  /* A failure is said when a run fails; here it only leaves the options
   * as they are. */
  if (connection != NULL && SLUICE_SESSION (object) == self->session)
    _sluice_plans_page_set_server_version (self, sluice_connection_get_server_version (connection));
}

void
_sluice_plans_page_learn_server_version (SluicePlansPage *self)
{
  if (self->session == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->version_wanted = self->session != NULL;
      return;
    }

  self->version_wanted = FALSE;
  sluice_session_connect_async (self->session, self->io_cancellable, version_connect_cb, g_object_ref (self));
}
