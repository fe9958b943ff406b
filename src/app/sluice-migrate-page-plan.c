/* sluice-migrate-page-plan.c: what a run would do, before it does
 * anything: the pending migrations of an up run, or the steps of a
 * rollback with where their SQL comes from and the data they lose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-migrate-page-private.h"

static GPtrArray *
pending_migrations (SluiceMigratePage *self)
{
  GPtrArray *pending = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *items = sluice_status_report_get_items (self->report);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);
      SluiceMigration *migration = sluice_status_item_get_migration (item);

      if (sluice_status_item_can_run (item))
        g_ptr_array_add (pending, g_object_ref (migration));
    }
  return pending;
}

/* Failed, and no run takes it again by itself (dirty, rolled back). */
static gboolean
is_failed_for_good (SluiceStatusItem *item,
                    gpointer          user_data)
{
  return sluice_status_item_get_status (item) == SLUICE_STATUS_FAILED &&
         sluice_status_item_get_migration (item) != NULL &&
         !sluice_status_item_is_retry (item);
}

/* A run takes it again because its last attempt failed. */
static gboolean
is_retry (SluiceStatusItem *item,
          gpointer          user_data)
{
  return sluice_status_item_is_retry (item);
}

guint
_sluice_migrate_page_count_pending (SluiceMigratePage *self)
{
  g_autoptr(GPtrArray) pending = NULL;

  if (self->report == NULL)
    return 0;
  pending = pending_migrations (self);
  return pending->len;
}

/* The first line of the SQL that is not a comment, for a row's subtitle. */
static char *
first_statement_line (const char *sql)
{
  g_auto(GStrv) lines = g_strsplit (sql != NULL ? sql : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0' && !g_str_has_prefix (lines[i], "--"))
        return g_strdup (lines[i]);
    }
  return g_strdup ("");
}

static GtkWidget *
migration_row_new (SluiceMigration *migration)
{
  g_autofree char *title = g_strdup_printf ("%s  %s", sluice_migration_get_version (migration),
                                            sluice_migration_get_name (migration));
  g_autofree char *first = first_statement_line (sluice_migration_get_up_sql (migration));
  g_autofree char *subtitle =
    g_strdup_printf ("%s · %s\n%s",
                     sluice_migration_get_transactional (migration)
                       ? _("in one transaction") : _("statement by statement, outside a transaction"),
                     sluice_migration_get_down_sql (migration) != NULL
                       ? _("has a down migration") : _("no down migration"),
                     first);

  return _sluice_migrate_page_row_new (title, subtitle, "document-edit-symbolic", NULL);
}

static void
show_up_plan (SluiceMigratePage *self)
{
  g_autoptr(GPtrArray) pending = pending_migrations (self);
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);
  const char *current = sluice_status_report_get_current_version (self->report);
  g_autofree char *heading = NULL;
  g_autofree char *description = NULL;
  g_autofree char *failed = sluice_status_report_list_versions (self->report, is_failed_for_good, NULL);
  g_autofree char *retried = sluice_status_report_list_versions (self->report, is_retry, NULL);

  _sluice_migrate_page_clear_list (self->plan_list);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_warning), FALSE);

  if (pending->len == 0 && failed != NULL)
    {
      /* Not "every migration is applied": one failed and is not. */
      heading = g_strdup (_("Nothing to Migrate"));
      description = g_strdup_printf (_("The last attempt of %s on “%s” failed and left it marked so in its "
                                       "tool’s history (current version %s): a dirty golang-migrate version "
                                       "or a Prisma one marked rolled back. Tell the tool first (migrate "
                                       "force, prisma migrate resolve), then it runs again."),
                                     failed, sluice_profile_get_name (profile), current != NULL ? current : "—");
    }
  else if (pending->len == 0)
    {
      heading = g_strdup (_("Nothing to Migrate"));
      description = g_strdup_printf (_("Every migration of the folder is applied to “%s” (current version %s). "
                                       "Nothing will be run."),
                                     sluice_profile_get_name (profile), current != NULL ? current : "—");
    }
  else
    {
      heading = g_strdup_printf (ngettext ("%u Migration to Apply", "%u Migrations to Apply", pending->len),
                                 pending->len);
      description = g_strdup_printf (_("From version %s to %s on “%s”. Nothing runs before the checks: "
                                       "preflight, lint, backup and an optional rehearsal come first."),
                                     current != NULL ? current : "—",
                                     sluice_migration_get_version (g_ptr_array_index (pending, pending->len - 1)),
                                     sluice_profile_get_name (profile));
      if (retried != NULL)
        {
          char *with_retry = g_strdup_printf (_("%s The last attempt of %s failed: it runs again."),
                                              description, retried);

          g_free (description);
          description = with_retry;
        }
    }

  gtk_label_set_label (self->plan_heading, heading);
  gtk_label_set_label (self->plan_description, description);
  for (guint i = 0; i < pending->len; i++)
    gtk_list_box_append (self->plan_list, migration_row_new (g_ptr_array_index (pending, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->plan_list), pending->len > 0);

  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PLAN,
                                       pending->len > 0 ? SLUICE_STEP_STATE_ACTIVE : SLUICE_STEP_STATE_DONE);
  _sluice_migrate_page_set_buttons (self,
                                    pending->len > 0 ? _("Preflight only reads; nothing is changed yet.") : NULL,
                                    NULL, NULL,
                                    pending->len > 0 ? _("_Check Before Running") : NULL,
                                    "migrate.start", FALSE);
}

/* One step of a rollback: what it reverts, with which SQL (shown whole,
 * for a DBA to read before it runs), from where, and what it loses. */
static GtkWidget *
rollback_row_new (SluiceRollbackPlan *plan,
                  guint               index)
{
  GPtrArray *steps = sluice_rollback_plan_get_steps (plan);
  SluiceMigration *migration = g_ptr_array_index (steps, index);
  const char * const *warnings = sluice_rollback_plan_get_warnings (plan, index);
  gboolean generated = sluice_rollback_plan_get_source (plan, index) == SLUICE_ROLLBACK_FROM_PRE_SNAPSHOT;
  g_autofree char *title = g_strdup_printf (_("Revert %s  %s"), sluice_migration_get_version (migration),
                                            sluice_migration_get_name (migration));
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *sql_label;
  GtkWidget *sql_row;
  GtkWidget *image;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row),
                                 generated
                                 ? _("DDL generated back to the snapshot taken before it ran (it has no down migration)")
                                 : _("Its own down migration"));
  image = gtk_image_new_from_icon_name (warnings != NULL && warnings[0] != NULL
                                        ? "dialog-warning-symbolic" : "edit-undo-symbolic");
  if (warnings != NULL && warnings[0] != NULL)
    gtk_widget_add_css_class (image, "warning");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), image);

  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              _sluice_migrate_page_row_new (warnings[i], NULL, "dialog-warning-symbolic", "warning"));

  sql_label = gtk_label_new (sluice_migration_get_down_sql (migration));
  gtk_label_set_xalign (GTK_LABEL (sql_label), 0);
  gtk_label_set_wrap (GTK_LABEL (sql_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (sql_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (sql_label), TRUE);
  gtk_widget_add_css_class (sql_label, "monospace");
  gtk_widget_set_margin_top (sql_label, 8);
  gtk_widget_set_margin_bottom (sql_label, 8);
  gtk_widget_set_margin_start (sql_label, 12);
  gtk_widget_set_margin_end (sql_label, 12);
  sql_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (sql_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (sql_row), sql_label);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sql_row);

  /* Steps that lose data are open from the start: read before run. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), warnings != NULL && warnings[0] != NULL);
  return row;
}

static void
show_rollback_plan (SluiceMigratePage *self)
{
  GPtrArray *steps = sluice_rollback_plan_get_steps (self->plan);
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);
  const char *current = sluice_status_report_get_current_version (self->report);
  g_autofree char *heading = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GString) losses = NULL;
  guint generated = 0;

  _sluice_migrate_page_clear_list (self->plan_list);
  for (guint i = 0; i < steps->len; i++)
    {
      gtk_list_box_append (self->plan_list, rollback_row_new (self->plan, i));
      if (sluice_rollback_plan_get_source (self->plan, i) == SLUICE_ROLLBACK_FROM_PRE_SNAPSHOT)
        generated++;
    }

  heading = g_strdup_printf (ngettext ("%u Migration to Revert", "%u Migrations to Revert", steps->len),
                             steps->len);
  description = g_strdup_printf (_("From version %s back to %s on “%s”, newest first. Nothing has run; the same "
                                   "checks as any run come first."),
                                 current != NULL ? current : "—",
                                 sluice_rollback_plan_get_target_version (self->plan),
                                 sluice_profile_get_name (profile));
  if (generated > 0)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%u of them has no down migration: its SQL is generated "
                                                         "from the snapshot taken before it ran.",
                                                         "%u of them have no down migration: their SQL is "
                                                         "generated from the snapshots taken before they ran.",
                                                         generated), generated);
      g_autofree char *both = g_strconcat (description, " ", more, NULL);

      g_free (description);
      description = g_steal_pointer (&both);
    }
  gtk_label_set_label (self->plan_heading, heading);
  gtk_label_set_label (self->plan_description, description);

  /* What is lost, said before the list, where it cannot be missed. */
  losses = g_string_new (_("This rollback loses data. Take the backup the next steps offer."));
  for (guint i = 0; i < steps->len; i++)
    {
      const char * const *warnings = sluice_rollback_plan_get_warnings (self->plan, i);

      for (guint j = 0; warnings != NULL && warnings[j] != NULL; j++)
        g_string_append_printf (losses, "\n• %s: %s",
                                sluice_migration_get_version (g_ptr_array_index (steps, i)), warnings[j]);
    }
  gtk_label_set_label (self->plan_warning, losses->str);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_warning), sluice_rollback_plan_loses_data (self->plan));
  gtk_widget_set_visible (GTK_WIDGET (self->plan_list), TRUE);

  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PLAN, SLUICE_STEP_STATE_ACTIVE);
  _sluice_migrate_page_set_buttons (self, _("Preflight only reads; nothing is changed yet."),
                                    NULL, NULL, _("_Check Before Rolling Back"), "migrate.start", FALSE);
}

void
_sluice_migrate_page_show_plan (SluiceMigratePage *self)
{
  if (self->plan != NULL)
    {
      show_rollback_plan (self);
      /* Nothing to rehearse: the steps are applied already. */
      _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_REHEARSAL, SLUICE_STEP_STATE_SKIPPED);
    }
  else
    show_up_plan (self);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_PLAN);
}

static void
show_plan_failure (SluiceMigratePage *self,
                   const GError      *error)
{
  g_autofree char *message = sluice_error_text_describe (error);
  g_autofree char *heading = g_strdup_printf (_("No Way Back to %s"), self->rollback_target);

  _sluice_migrate_page_set_error (self, message);
  _sluice_migrate_page_clear_list (self->plan_list);
  gtk_label_set_label (self->plan_heading, heading);
  gtk_label_set_label (self->plan_description,
                       _("Nothing was run. A migration with neither a down migration nor a snapshot taken "
                         "before it ran cannot be reverted by Sluice: write its down migration, then try again."));
  gtk_label_set_label (self->plan_warning, message);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_warning), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_list), FALSE);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PLAN, SLUICE_STEP_STATE_FAILED);
  _sluice_migrate_page_set_buttons (self, NULL, NULL, NULL, _("_Show Pending Migrations"),
                                    "migrate.migrate-mode", FALSE);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_PLAN);
}

static void
plan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceRollbackPlan) plan = sluice_rollback_plan_new_finish (result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);
  _sluice_migrate_page_set_status (self, NULL);

  if (plan == NULL)
    {
      show_plan_failure (self, error);
      return;
    }

  self->plan = g_steal_pointer (&plan);
  _sluice_migrate_page_show_plan (self);
}

void
_sluice_migrate_page_plan_rollback (SluiceMigratePage *self)
{
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);

  gtk_label_set_label (self->loading_label, _("Planning the Rollback…"));
  _sluice_migrate_page_begin_busy (self, _("Planning the rollback: reading down migrations and snapshots"));
  sluice_rollback_plan_new_async (self->connection, self->report, sluice_profile_get_id (profile),
                                  self->rollback_target, self->cancellable, plan_cb,
                                  _sluice_migrate_op_new (self));
}
