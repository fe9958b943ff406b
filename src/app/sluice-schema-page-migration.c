/* sluice-schema-page-migration.c: a compared diff saved as a new migration
 * in the profile's migration folder, with the way back as its down part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-health-format.h"
#include "sluice-page-util.h"
#include "sluice-schema-page-private.h"

typedef struct
{
  char            *folder;
  char            *name;
  char            *up_sql;
  char            *down_sql;
  gboolean         transactional;
} MigrationOp;

static void
migration_op_free (MigrationOp *op)
{
  g_free (op->folder);
  g_free (op->name);
  g_free (op->up_sql);
  g_free (op->down_sql);
  g_free (op);
}

static void
write_migration_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  MigrationOp *op = task_data;
  GError *error = NULL;
  char **paths;

  paths = sluice_migration_writer_write (op->folder, SLUICE_MIGRATION_FORMAT_AUTO, op->name, op->up_sql, op->down_sql,
                                         op->transactional, &error);
  if (paths == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, paths, (GDestroyNotify) g_strfreev);
}

static void
write_migration_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (object);
  MigrationOp *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  char **paths = g_task_propagate_pointer (G_TASK (result), &error);

  _sluice_schema_page_end_busy (self);
  if (paths == NULL)
    {
      /* Translators: the migration folder, then why. */
      g_autofree char *body = g_strdup_printf (_("Nothing was written to “%s”. %s"), op->folder, error->message);

      _sluice_schema_page_show_error_dialog (self, _("Migration Not Written"), body);
      return;
    }

  g_strfreev (self->written_paths);
  self->written_paths = paths;
  _sluice_schema_page_set_error (self, NULL);
  {
    /* Translators: the path of the migration file written. */
    g_autofree char *message = g_strdup_printf (_("Migration written to %s"), paths[0]);

    _sluice_schema_page_set_status (self, message);
    sluice_widget_add_toast (GTK_WIDGET (self), message);
  }
}

static gboolean
diff_is_transactional (SluiceDiff *diff)
{
  GPtrArray *statements = sluice_diff_get_statements (diff);

  for (guint i = 0; statements != NULL && i < statements->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);

      if (statement->hazards & SLUICE_HAZARD_NON_TRANSACTIONAL)
        return FALSE;
    }
  return TRUE;
}

void
sluice_schema_page_save_migration (SluiceSchemaPage *self,
                                   const char       *name)
{
  SluiceProfile *profile;
  const char *folder;
  g_autoptr(GTask) task = NULL;
  g_autofree char *trimmed = NULL;
  MigrationOp *op;

  g_return_if_fail (SLUICE_IS_SCHEMA_PAGE (self));
  g_return_if_fail (name != NULL);

  if (self->diff == NULL || self->session == NULL)
    return;

  g_clear_pointer (&self->written_paths, g_strfreev);
  profile = _sluice_schema_page_get_profile (self);
  folder = sluice_profile_get_migration_folder (profile);
  trimmed = g_strstrip (g_strdup (name));

  if (folder == NULL || *folder == '\0')
    {
      /* Translators: the profile's name. */
      g_autofree char *body = g_strdup_printf (_("Nothing was written: the profile “%s” has no migration folder. "
                                                 "Set one in the profile’s settings, then save again."),
                                               sluice_profile_get_name (profile));

      _sluice_schema_page_show_error_dialog (self, _("Migration Not Written"), body);
      return;
    }

  if (*trimmed == '\0')
    {
      _sluice_schema_page_show_error_dialog (self, _("Migration Not Written"),
                                             _("Nothing was written: the migration needs a name, such as “add order status”."));
      return;
    }

  op = g_new0 (MigrationOp, 1);
  op->folder = g_strdup (folder);
  op->name = g_steal_pointer (&trimmed);
  op->up_sql = sluice_diff_to_sql (self->diff, FALSE);
  /* The way back, the DDL from the right-hand side to the left, worked
   * out here: the catalogs fill some fields on first use, and the page
   * reads them on this thread.  A diff takes milliseconds. */
  {
    g_autoptr(SluiceDiff) back = sluice_diff_new (sluice_diff_get_to (self->diff), sluice_diff_get_from (self->diff),
                                                  self->diff_flags);

    /* One marker covers the whole file: the way back may need to run
     * outside a transaction (CREATE INDEX CONCURRENTLY) even when the
     * way there does not. */
    op->transactional = diff_is_transactional (self->diff) && diff_is_transactional (back);
    if (!sluice_diff_is_empty (back))
      op->down_sql = sluice_diff_to_sql (back, FALSE);
  }

  _sluice_schema_page_begin_busy (self);
  _sluice_schema_page_set_status (self, _("Writing the migration…"));
  task = g_task_new (self, NULL, write_migration_cb, NULL);
  g_task_set_source_tag (task, sluice_schema_page_save_migration);
  g_task_set_task_data (task, op, (GDestroyNotify) migration_op_free);
  g_task_run_in_thread (task, write_migration_thread);
}

static void
on_migration_name_response (AdwMessageDialog *dialog,
                            const char       *response,
                            SluiceSchemaPage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "name-entry");

  if (g_strcmp0 (response, "save") == 0)
    sluice_schema_page_save_migration (self, gtk_editable_get_text (entry));
}

void
_sluice_schema_page_save_migration_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (widget);
  SluiceProfile *profile = _sluice_schema_page_get_profile (self);
  const char *folder;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *entry;

  if (self->diff == NULL || profile == NULL)
    return;

  folder = sluice_profile_get_migration_folder (profile);
  if (folder == NULL || *folder == '\0')
    {
      sluice_schema_page_save_migration (self, "-");
      return;
    }

  /* Translators: the migration folder. */
  body = g_strdup_printf (_("The DDL is written as a new migration in “%s”, in the folder’s own format, with the "
                            "DDL back as its down part. Nothing is run."), folder);
  dialog = adw_message_dialog_new (_sluice_schema_page_get_window (self), _("Save as Migration"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (entry), _("schema changes"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data (G_OBJECT (dialog), "name-entry", entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_migration_name_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

const char * const *
sluice_schema_page_get_written_paths (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return (const char * const *) self->written_paths;
}
