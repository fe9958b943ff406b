/* sluice-migrate-page-verify.c: the last step: what the run did, compared
 * with the snapshot taken before it: the migrations done, failed and not
 * run, changes no statement names, invalid indexes, stale statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-migrate-page-private.h"

static void
fill_verify_list (SluiceMigratePage *self)
{
  g_auto(GStrv) undeclared = sluice_runner_get_undeclared_changes (self->runner);
  g_auto(GStrv) tables = sluice_runner_get_tables_to_analyze (self->runner);
  const char * const *invalid = sluice_runner_get_invalid_indexes (self->runner);
  const char * const *done = sluice_runner_get_done (self->runner);
  const char *failed = sluice_runner_get_failed_version (self->runner);
  GPtrArray *migrations = sluice_runner_get_migrations (self->runner);
  g_autoptr(GPtrArray) not_run = g_ptr_array_new ();

  /* The migrations the run never reached: after a failure, or a cancel
   * between two migrations (when nothing failed). */
  for (guint i = 0; migrations != NULL && i < migrations->len; i++)
    {
      const char *version = sluice_migration_get_version (g_ptr_array_index (migrations, i));

      if (g_strcmp0 (version, failed) != 0 &&
          (done == NULL || !g_strv_contains (done, version)))
        g_ptr_array_add (not_run, (gpointer) version);
    }

  _sluice_migrate_page_clear_list (self->verify_list);

  if (done != NULL && done[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) done);
      guint n_done = g_strv_length ((char **) done);
      g_autofree char *title = _sluice_migrate_page_is_rollback (self)
        ? g_strdup_printf (ngettext ("%u migration reverted", "%u migrations reverted", n_done), n_done)
        : g_strdup_printf (ngettext ("%u migration done", "%u migrations done", n_done), n_done);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title, joined, "emblem-ok-symbolic", "success"));
    }
  if (failed != NULL)
    {
      g_autofree char *title = _sluice_migrate_page_is_rollback (self)
        ? g_strdup_printf (_("%s was not reverted"), failed)
        : g_strdup_printf (_("%s was not applied"), failed);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title,
                                                         self->run_cancelled
                                                         ? _("The run was cancelled during it, so the history does "
                                                             "not record it as done; the message above says what "
                                                             "of it, if anything, remains.")
                                                         : _("It failed, so the history does not record it as "
                                                             "done; the message above says what of it, if "
                                                             "anything, remains."),
                                                         "dialog-error-symbolic", "error"));
    }
  if (not_run->len > 0)
    {
      g_autofree char *joined = NULL;
      g_autofree char *title = self->run_cancelled
        ? g_strdup_printf (ngettext ("%u migration not run: the run was cancelled",
                                     "%u migrations not run: the run was cancelled", not_run->len),
                           not_run->len)
        : g_strdup_printf (ngettext ("%u migration not run", "%u migrations not run", not_run->len),
                           not_run->len);

      g_ptr_array_add (not_run, NULL);
      joined = g_strjoinv (", ", (char **) not_run->pdata);
      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title, joined, "dialog-information-symbolic", NULL));
    }
  for (guint i = 0; undeclared != NULL && undeclared[i] != NULL; i++)
    {
      g_autofree char *title = g_strdup_printf (_("%s changed, but no statement names it"), undeclared[i]);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title, _("A trigger, an event trigger or a cascade did "
                                                                  "it: check it is meant."),
                                                         "dialog-warning-symbolic", "warning"));
    }
  for (guint i = 0; invalid != NULL && invalid[i] != NULL; i++)
    {
      g_autofree char *title = g_strdup_printf (_("Invalid index left by the failed build: %s"), invalid[i]);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title, _("It is kept up to date on every write but "
                                                                  "never used. Drop it, then build it again."),
                                                         "dialog-error-symbolic", "error"));
    }
  if (tables != NULL && tables[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", tables);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (self->analyzed ? _("Statistics updated with ANALYZE")
                                                                        : _("Statistics are out of date"),
                                                         joined, self->analyzed ? "emblem-ok-symbolic"
                                                                                : "dialog-information-symbolic",
                                                         self->analyzed ? "success" : NULL));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->verify_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->verify_list)) != NULL);
}

static void
update_verify_buttons (SluiceMigratePage *self)
{
  g_auto(GStrv) tables = sluice_runner_get_tables_to_analyze (self->runner);
  const char * const *invalid = sluice_runner_get_invalid_indexes (self->runner);
  guint n_tables = tables != NULL ? g_strv_length (tables) : 0;
  g_autofree char *analyze = g_strdup_printf (ngettext ("_ANALYZE %u Table", "_ANALYZE %u Tables", n_tables),
                                              n_tables);
  gboolean offer_analyze = n_tables > 0 && !self->analyzed;
  /* After a rollback the target is the current version: planning it
   * again would find nothing to revert, so "Done" shows what is now
   * pending instead. */
  const char *done_action = _sluice_migrate_page_is_rollback (self) ? "migrate.migrate-mode" : "migrate.reload";

  _sluice_migrate_page_set_buttons (self,
                                    offer_analyze ? _("The planner knows nothing yet of what the run changed.")
                                                  : _("Compared with the snapshot taken before the run."),
                                    invalid != NULL && invalid[0] != NULL ? _("_Drop Invalid Indexes…") : NULL,
                                    "migrate.drop-invalid-indexes",
                                    offer_analyze ? analyze : _("_Done"),
                                    offer_analyze ? "migrate.analyze" : done_action, FALSE);
}

void
_sluice_migrate_page_enter_verify (SluiceMigratePage *self,
                                   const GError      *error)
{
  const char *failed = sluice_runner_get_failed_version (self->runner);
  const char * const *done = sluice_runner_get_done (self->runner);
  g_autofree char *summary = sluice_runner_describe_changes (self->runner);
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) undeclared = sluice_runner_get_undeclared_changes (self->runner);

  if (error == NULL && _sluice_migrate_page_is_rollback (self))
    heading = g_strdup_printf (_("Rolled Back to %s"), sluice_rollback_plan_get_target_version (self->plan));
  else if (error == NULL && done != NULL && done[0] != NULL)
    heading = g_strdup_printf (_("Migrated to %s"), done[g_strv_length ((char **) done) - 1]);
  else if (error == NULL)
    heading = g_strdup (_("Migrated"));
  else if (self->run_cancelled && failed != NULL)
    heading = g_strdup_printf (_("The Run Was Cancelled at %s"), failed);
  else if (self->run_cancelled)
    heading = g_strdup (_("The Run Was Cancelled"));
  else if (failed != NULL)
    heading = g_strdup_printf (_("The Run Stopped at %s"), failed);
  else
    heading = g_strdup (_("The Run Did Not Complete"));

  if (error != NULL)
    {
      g_autofree char *message = sluice_error_text_describe (error);

      _sluice_migrate_page_set_error (self, message);
      text = summary != NULL ? g_strdup_printf ("%s\n\n%s", message, summary) : g_strdup (message);
    }
  else
    text = g_strdup (summary != NULL ? summary : _("No snapshot was compared."));

  gtk_label_set_label (self->verify_heading, heading);
  gtk_label_set_label (self->verify_summary, text);
  fill_verify_list (self);
  update_verify_buttons (self);

  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_VERIFY,
                                       error != NULL ? SLUICE_STEP_STATE_FAILED :
                                       undeclared != NULL && undeclared[0] != NULL ? SLUICE_STEP_STATE_WARNING :
                                       SLUICE_STEP_STATE_DONE);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_VERIFY);
}

/* After a follow-up (sluice-migrate-page-verify-actions.c) changed what
 * is left to do. */
void
_sluice_migrate_page_refresh_verify (SluiceMigratePage *self)
{
  fill_verify_list (self);
  update_verify_buttons (self);
}
