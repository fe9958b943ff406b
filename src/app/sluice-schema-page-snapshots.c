/* sluice-schema-page-snapshots.c: the Schema page's snapshot files: one
 * opened to browse, the live catalog saved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-health-format.h"
#include "sluice-page-util.h"
#include "sluice-schema-page-private.h"

typedef struct
{
  SluiceSchemaPage *self;
  GFile            *file;
  char             *data;     /* a snapshot to write */
  gsize             length;
} FileOp;

static void
file_op_free (FileOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->file);
  g_free (op->data);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileOp, file_op_free)

void
_sluice_schema_page_remember_file (SluiceSchemaPage *self,
                                   GFile            *file)
{
  for (guint i = 0; i < self->opened_files->len; i++)
    if (g_file_equal (g_ptr_array_index (self->opened_files, i), file))
      return;
  g_ptr_array_add (self->opened_files, g_object_ref (file));
}

static void
load_snapshot_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FileOp) op = user_data;
  SluiceSchemaPage *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_load_file_finish (result, &error);
  g_autofree char *name = g_file_get_basename (op->file);

  _sluice_schema_page_end_busy (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _sluice_schema_page_set_status (self, NULL);
  if (catalog == NULL)
    {
      /* Translators: a file name, then why it could not be read. */
      g_autofree char *body = g_strdup_printf (_("“%s” was not opened, and what the page showed is still shown.\n%s"),
                                               name, error->message);

      _sluice_schema_page_show_error_dialog (self, _("Snapshot Not Opened"), body);
      return;
    }

  /* A live read in flight would replace the file: it is stopped. */
  sluice_page_cancel (&self->load_cancellable);
  _sluice_schema_page_set_loading (self, FALSE);
  _sluice_schema_page_set_error (self, NULL);
  _sluice_schema_page_remember_file (self, op->file);
  _sluice_schema_page_set_catalog (self, catalog, FALSE, name);
  _sluice_schema_page_rebuild_sides (self, NULL);
}

void
sluice_schema_page_open_snapshot (SluiceSchemaPage *self,
                                  GFile            *file)
{
  FileOp *op;

  g_return_if_fail (SLUICE_IS_SCHEMA_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  op = g_new0 (FileOp, 1);
  op->self = g_object_ref (self);
  op->file = g_object_ref (file);
  _sluice_schema_page_begin_busy (self);
  _sluice_schema_page_set_status (self, _("Reading the snapshot…"));
  sluice_catalog_load_file_async (file, self->io_cancellable, load_snapshot_cb, op);
}

static void
on_open_response (GtkNativeDialog  *chooser,
                  int               response,
                  SluiceSchemaPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    sluice_schema_page_open_snapshot (self, file);
}

GtkFileChooserNative *
_sluice_schema_page_snapshot_chooser_new (SluiceSchemaPage *self,
                                          const char       *title)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  SluiceProfile *profile = _sluice_schema_page_get_profile (self);

  chooser = gtk_file_chooser_native_new (title, _sluice_schema_page_get_window (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Schema snapshots (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (profile != NULL)
    {
      g_autoptr(GFile) folder = sluice_catalog_folder_for_profile (sluice_profile_get_id (profile));

      if (g_file_query_exists (folder, NULL))
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  return chooser;
}

void
_sluice_schema_page_open_snapshot_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (widget);
  GtkFileChooserNative *chooser = _sluice_schema_page_snapshot_chooser_new (self, _("Open a Snapshot"));

  g_signal_connect_object (chooser, "response", G_CALLBACK (on_open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_snapshot_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  FileOp *op = task_data;
  GError *error = NULL;

  /* Written beside, then renamed over: never half a file. */
  if (sluice_json_file_save (op->file, op->data, op->length, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_snapshot_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (object);
  FileOp *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (op->file);

  _sluice_schema_page_end_busy (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *body = NULL;

      /* The page went away. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: a path, then why it could not be written. */
      body = g_strdup_printf (_("Nothing was written to “%s”. Check that the folder can be "
                                "written, then save again.\n%s"),
                              path, error->message);

      g_clear_pointer (&self->saved_snapshot, g_free);
      _sluice_schema_page_show_error_dialog (self, _("Snapshot Not Saved"), body);
      return;
    }

  {
    /* Translators: the path of the snapshot file written. */
    g_autofree char *message = g_strdup_printf (_("Snapshot saved to %s"), path);

    g_free (self->saved_snapshot);
    self->saved_snapshot = g_steal_pointer (&path);
    _sluice_schema_page_set_error (self, NULL);
    _sluice_schema_page_set_status (self, message);
    sluice_widget_add_toast (GTK_WIDGET (self), message);
  }
  sluice_schema_page_rescan_snapshots (self);
}

void
sluice_schema_page_save_snapshot (SluiceSchemaPage *self)
{
  SluiceProfile *profile;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  FileOp *op;

  g_return_if_fail (SLUICE_IS_SCHEMA_PAGE (self));

  if (self->catalog == NULL || !self->catalog_live || self->session == NULL)
    return;

  profile = _sluice_schema_page_get_profile (self);
  sluice_catalog_set_profile (self->catalog, sluice_profile_get_id (profile), sluice_profile_get_name (profile));
  sluice_catalog_set_label (self->catalog, _("by hand"));

  folder = sluice_catalog_folder_for_profile (sluice_profile_get_id (profile));
  now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  name = g_strdup_printf ("%s-by-hand.json", stamp);

  op = g_new0 (FileOp, 1);
  op->self = g_object_ref (self);
  op->file = g_file_get_child (folder, name);
  /* Serialized here: the catalog's objects fill some fields on first use,
   * and the page reads them on this thread. */
  op->data = sluice_catalog_to_data (self->catalog, &op->length);

  g_clear_pointer (&self->saved_snapshot, g_free);
  _sluice_schema_page_begin_busy (self);
  task = g_task_new (self, self->io_cancellable, save_snapshot_cb, NULL);
  g_task_set_source_tag (task, sluice_schema_page_save_snapshot);
  g_task_set_task_data (task, op, (GDestroyNotify) file_op_free);
  g_task_run_in_thread (task, save_snapshot_thread);
}

void
_sluice_schema_page_save_snapshot_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  sluice_schema_page_save_snapshot (SLUICE_SCHEMA_PAGE (widget));
}

const char *
sluice_schema_page_get_saved_snapshot (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return self->saved_snapshot;
}
