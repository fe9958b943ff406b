/* sluice-schema-page-compare.c: the Schema page's compare mode: both
 * sides read at once, then their diff worked out off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-application.h"
#include "sluice-error-text.h"
#include "sluice-page-util.h"
#include "sluice-schema-page-private.h"

typedef struct
{
  SluiceSchemaPage *self;
  GCancellable     *cancellable;
  SluiceSchemaSide *sides[2];
  SluiceCatalog    *catalogs[2];
  GError           *error;
  guint             failed_side;
  guint             pending;
  SluiceDiffFlags   flags;
} CompareOp;

typedef struct
{
  CompareOp *op;
  guint      index;
} SideLoad;

static void
compare_op_clear (CompareOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->cancellable);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&op->sides[i], _sluice_schema_page_side_free);
      g_clear_object (&op->catalogs[i]);
    }
  g_clear_error (&op->error);
}

static void
side_load_release_op (CompareOp *op)
{
  g_rc_box_release_full (op, (GDestroyNotify) compare_op_clear);
}

static void
side_load_free (SideLoad *load)
{
  side_load_release_op (load->op);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SideLoad, side_load_free)

static gboolean
compare_is_current (CompareOp *op)
{
  return !g_cancellable_is_cancelled (op->cancellable) && op->self->compare_cancellable == op->cancellable;
}

static void
show_compare_failure (SluiceSchemaPage *self,
                      const char       *title,
                      const char       *details)
{
  adw_status_page_set_title (self->compare_error_page, title);
  adw_status_page_set_description (self->compare_error_page,
                                   _("Nothing was changed on either side: Sluice only reads catalogs and files. "
                                     "Correct the side named, then compare again."));
  gtk_label_set_label (self->compare_error_label, details);
  gtk_stack_set_visible_child_name (self->compare_stack, "failed");
  _sluice_schema_page_set_error (self, details);
  _sluice_schema_page_set_status (self, NULL);
  _sluice_schema_page_set_loading (self, FALSE);
}

void
_sluice_schema_page_set_diff (SluiceSchemaPage *self,
                              SluiceDiff       *diff)
{
  if (!g_set_object (&self->diff, diff))
    return;
  sluice_schema_compare_view_set_diff (self->compare_view, diff);
  _sluice_schema_page_update_actions (self);
  _sluice_schema_page_notify (self, PROP_DIFF);
}

static void
diff_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CompareOp *op = task_data;
  g_autoptr(SluiceDiff) diff = sluice_diff_new (op->catalogs[0], op->catalogs[1], op->flags);

  /* The statements are worked out here too, off the main loop. */
  sluice_diff_get_statements (diff);
  g_task_return_pointer (task, g_steal_pointer (&diff), g_object_unref);
}

static void
diff_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (object);
  CompareOp *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(SluiceDiff) diff = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *status = NULL;

  if (!compare_is_current (op) || diff == NULL)
    return;

  g_clear_object (&self->compare_cancellable);
  _sluice_schema_page_set_loading (self, FALSE);
  _sluice_schema_page_set_error (self, NULL);
  self->diff_flags = op->flags;
  _sluice_schema_page_set_diff (self, diff);
  gtk_stack_set_visible_child_name (self->compare_stack, "diff");
  /* Translators: the two sides compared. */
  status = g_strdup_printf (_("%s → %s"), op->sides[0]->label, op->sides[1]->label);
  _sluice_schema_page_set_status (self, status);
}

static gboolean
same_database (SluiceCatalog *a,
               SluiceCatalog *b)
{
  return sluice_catalog_get_profile_id (a) != NULL &&
         g_strcmp0 (sluice_catalog_get_profile_id (a), sluice_catalog_get_profile_id (b)) == 0 &&
         g_strcmp0 (sluice_catalog_get_database (a), sluice_catalog_get_database (b)) == 0;
}

static void
side_done (CompareOp     *op,
           guint          index,
           SluiceCatalog *catalog,
           GError        *error)
{
  SluiceSchemaPage *self = op->self;
  g_autoptr(GTask) task = NULL;

  op->pending--;
  if (catalog != NULL)
    op->catalogs[index] = g_object_ref (catalog);
  else if (op->error == NULL)
    {
      op->error = g_error_copy (error);
      op->failed_side = index;
    }

  if (op->pending > 0 || !compare_is_current (op))
    return;

  if (op->error != NULL)
    {
      g_autofree char *details = sluice_error_text_describe (op->error);
      g_autofree char *title = NULL;

      /* Translators: the label of the side that could not be read. */
      title = g_strdup_printf (_("Could Not Read “%s”"), op->sides[op->failed_side]->label);
      show_compare_failure (self, title, details);
      return;
    }

  /* Two snapshots of one database (before and after a run) match renamed
   * objects by OID. */
  if (same_database (op->catalogs[0], op->catalogs[1]))
    op->flags |= SLUICE_DIFF_MATCH_OIDS;

  _sluice_schema_page_set_status (self, _("Comparing…"));
  task = g_task_new (self, op->cancellable, diff_cb, NULL);
  g_task_set_source_tag (task, side_done);
  g_task_set_task_data (task, g_rc_box_acquire (op), (GDestroyNotify) side_load_release_op);
  g_task_run_in_thread (task, diff_thread);
}

static void
side_capture_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SideLoad) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_capture_finish (result, &error);
  SluiceProfile *profile = load->op->sides[load->index]->profile;

  if (catalog != NULL)
    sluice_catalog_set_profile (catalog, sluice_profile_get_id (profile), sluice_profile_get_name (profile));
  side_done (load->op, load->index, catalog, error);
}

static void
side_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SideLoad) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceConnection) connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);
  GCancellable *cancellable;

  if (connection == NULL)
    {
      side_done (load->op, load->index, NULL, error);
      return;
    }

  cancellable = load->op->cancellable;
  sluice_catalog_capture_async (connection, NULL, cancellable, side_capture_cb, g_steal_pointer (&load));
}

static void
side_file_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SideLoad) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_load_file_finish (result, &error);

  side_done (load->op, load->index, catalog, error);
}

static void
load_side (SluiceSchemaPage *self,
           CompareOp        *op,
           guint             index)
{
  SluiceSchemaSide *side = op->sides[index];
  SideLoad *load = g_new0 (SideLoad, 1);

  load->op = g_rc_box_acquire (op);
  load->index = index;

  if (side->kind == SLUICE_SCHEMA_SIDE_FILE)
    {
      sluice_catalog_load_file_async (side->file, op->cancellable, side_file_cb, load);
    }
  else
    {
      SluiceApplication *application = _sluice_schema_page_get_application (self);
      SluiceSession *session = NULL;

      if (self->session != NULL && side->profile == _sluice_schema_page_get_profile (self))
        session = self->session;
      else if (application != NULL)
        session = sluice_application_get_session (application, side->profile);

      if (session == NULL)
        {
          g_autoptr(GError) error = g_error_new (SLUICE_ERROR, SLUICE_ERROR_FAILED, _("The profile “%s” has no session."),
                                                 sluice_profile_get_name (side->profile));

          side_done (op, index, NULL, error);
          side_load_free (load);
          return;
        }
      sluice_session_connect_async (session, op->cancellable, side_connect_cb, load);
    }
}

void
_sluice_schema_page_start_compare (SluiceSchemaPage *self)
{
  SluiceSchemaSide *from = _sluice_schema_page_get_side (self, FALSE);
  SluiceSchemaSide *to = _sluice_schema_page_get_side (self, TRUE);
  g_autofree char *title = NULL;
  CompareOp *op;

  if (from == NULL || to == NULL || from->kind == SLUICE_SCHEMA_SIDE_CHOOSE || to->kind == SLUICE_SCHEMA_SIDE_CHOOSE)
    return;

  sluice_page_cancel (&self->compare_cancellable);
  self->compare_cancellable = g_cancellable_new ();
  self->compared_once = TRUE;

  op = g_rc_box_new0 (CompareOp);
  op->self = g_object_ref (self);
  op->cancellable = g_object_ref (self->compare_cancellable);
  op->sides[0] = _sluice_schema_page_side_copy (from);
  op->sides[1] = _sluice_schema_page_side_copy (to);
  op->pending = 2;
  if (gtk_check_button_get_active (self->ignore_check))
    op->flags |= SLUICE_DIFF_IGNORE_OWNERS | SLUICE_DIFF_IGNORE_PRIVILEGES;

  /* Translators: the two sides being read. */
  title = g_strdup_printf (_("Reading “%s” and “%s”…"), from->label, to->label);
  adw_status_page_set_title (self->compare_loading_page, title);
  gtk_stack_set_visible_child_name (self->compare_stack, "loading");
  _sluice_schema_page_set_status (self, title);
  _sluice_schema_page_set_loading (self, TRUE);

  load_side (self, op, 0);
  load_side (self, op, 1);
  side_load_release_op (op);
}

void
_sluice_schema_page_compare_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  _sluice_schema_page_start_compare (SLUICE_SCHEMA_PAGE (widget));
}

SluiceDiff *
sluice_schema_page_get_diff (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return self->diff;
}

SluiceSchemaCompareView *
sluice_schema_page_get_compare_view (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return self->compare_view;
}
