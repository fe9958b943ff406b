/* sluice-migrate-page-verify-actions.c: what the verify step offers to
 * do after a run, each confirmed like any other write: ANALYZE the
 * tables the run changed, and drop the invalid indexes a failed build
 * left
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-guard-dialog.h"
#include "sluice-migrate-page-private.h"

static void
analyze_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean done = sluice_runner_analyze_finish (SLUICE_RUNNER (object), result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);

  if (done)
    {
      self->analyzed = TRUE;
      _sluice_migrate_page_set_status (self, _("ANALYZE done: the planner has fresh statistics."));
    }
  else if (_sluice_migrate_page_is_cancelled (error))
    _sluice_migrate_page_set_status (self, _("ANALYZE cancelled; the statistics may be out of date still."));
  else
    {
      g_autofree char *message = sluice_error_text_describe (error);

      _sluice_migrate_page_set_error (self, message);
      _sluice_migrate_page_set_status (self, _("ANALYZE failed; the statistics may be out of date still."));
      _sluice_migrate_page_show_message (self, _("ANALYZE Failed"), message);
    }
  _sluice_migrate_page_refresh_verify (self);
  _sluice_migrate_page_update_actions (self);
}

static void
analyze_guard_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean confirmed = sluice_guard_confirm_finish (result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  if (!confirmed)
    {
      _sluice_migrate_page_end_busy (self);
      _sluice_migrate_page_set_status (self, _("ANALYZE not run: the confirmation was declined. Nothing was "
                                               "changed."));
      return;
    }
  _sluice_migrate_page_set_status (self, _("Running ANALYZE on the tables the run changed…"));
  sluice_runner_analyze_async (self->runner, self->cancellable, analyze_cb, g_steal_pointer (&op));
}

/* ANALYZE writes statistics and takes locks: on a guarded profile it is
 * confirmed like every other write. */
void
_sluice_migrate_page_analyze_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  g_auto(GStrv) tables = sluice_runner_get_tables_to_analyze (self->runner);
  g_autofree char *joined = tables != NULL ? g_strjoinv (", ", tables) : g_strdup ("");
  g_autofree char *text = g_strdup_printf (_("Runs ANALYZE on %s."), joined);

  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Waiting for the confirmation…"));
  sluice_guard_confirm_async (_sluice_migrate_page_get_window (self), _sluice_migrate_page_get_profile (self),
                              _sluice_migrate_page_get_database (self), text, self->cancellable, analyze_guard_cb,
                              _sluice_migrate_op_new (self));
}

static void
drop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean done = sluice_runner_drop_invalid_indexes_finish (SLUICE_RUNNER (object), result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);

  if (done)
    _sluice_migrate_page_set_status (self, _("The invalid indexes were dropped."));
  else if (_sluice_migrate_page_is_cancelled (error))
    _sluice_migrate_page_set_status (self, _("Cancelled; the invalid indexes that were not dropped yet are "
                                             "listed below."));
  else
    {
      g_autofree char *message = sluice_error_text_describe (error);

      _sluice_migrate_page_set_error (self, message);
      _sluice_migrate_page_set_status (self, _("Could not drop the invalid indexes; those left are listed below."));
      _sluice_migrate_page_show_message (self, _("Could Not Drop the Invalid Indexes"), message);
    }
  _sluice_migrate_page_refresh_verify (self);
  _sluice_migrate_page_update_actions (self);
}

static void
drop_guard_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean confirmed = sluice_guard_confirm_finish (result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  if (!confirmed)
    {
      _sluice_migrate_page_end_busy (self);
      _sluice_migrate_page_set_status (self, _("Not dropped: the confirmation was declined. Nothing was changed."));
      return;
    }
  _sluice_migrate_page_set_status (self, _("Dropping the invalid indexes…"));
  sluice_runner_drop_invalid_indexes_async (self->runner, self->cancellable, drop_cb, g_steal_pointer (&op));
}

void
_sluice_migrate_page_drop_invalid_indexes_action (GtkWidget  *widget,
                                                  const char *action_name,
                                                  GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  const char * const *invalid = sluice_runner_get_invalid_indexes (self->runner);
  g_autofree char *joined = g_strjoinv (", ", (char **) invalid);
  g_autofree char *text = g_strdup_printf (_("Drops the invalid indexes %s with DROP INDEX CONCURRENTLY."), joined);

  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Waiting for the confirmation…"));
  sluice_guard_confirm_async (_sluice_migrate_page_get_window (self), _sluice_migrate_page_get_profile (self),
                              _sluice_migrate_page_get_database (self), text, self->cancellable, drop_guard_cb,
                              _sluice_migrate_op_new (self));
}
