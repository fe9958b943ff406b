/* sluice-indexes-page-actions.c: the Indexes page's actions on the selected
 * index: reload, copy its DDL, and reindex or drop it concurrently after
 * the profile's guard agreed
 *
 * Separate because the writes are the page's only way to change the server:
 * their confirmation, progress and outcome stay together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-health-format.h"
#include "sluice-indexes-page-private.h"
#include "sluice-page-util.h"

typedef enum
{
  ACTION_DROP,
  ACTION_REINDEX,
} IndexAction;

void
_sluice_indexes_page_update_actions (SluiceIndexesPage *self)
{
  SluiceIndexInfo *index = self->selected_index;
  gboolean writable = index != NULL && self->connection != NULL && !self->action_running;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "indexes.copy-ddl", index != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "indexes.reindex", writable);
  /* An index that backs a constraint goes with the constraint. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "indexes.drop",
                                 writable && sluice_index_info_get_constraint_name (index) == NULL);
}

void
_sluice_indexes_page_reload_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  sluice_indexes_page_reload (SLUICE_INDEXES_PAGE (widget));
}

void
_sluice_indexes_page_copy_ddl_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (widget);
  g_autofree char *sql = NULL;
  g_autofree char *message = NULL;

  if (self->selected_index == NULL)
    return;

  sql = sluice_index_info_dup_create_sql (self->selected_index);
  sluice_copy_to_clipboard (widget, sql);
  message = g_strdup_printf (_("Copied the definition of “%s”"), sluice_index_info_get_name (self->selected_index));
  sluice_widget_add_toast (widget, message);
}

typedef struct
{
  SluiceIndexesPage *self;
  SluiceIndexInfo   *index;
  SluiceConnection  *connection;
  GCancellable      *cancellable;
  AdwToast          *progress;
  IndexAction        action;
} ActionOp;

static void
action_op_free (ActionOp *op)
{
  g_clear_object (&op->index);
  g_clear_object (&op->connection);
  g_clear_object (&op->cancellable);
  /* Whatever the outcome, the work is no longer running. */
  if (op->progress != NULL)
    adw_toast_dismiss (op->progress);
  g_clear_object (&op->progress);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionOp, action_op_free)

static void
finish_action (ActionOp     *op,
               const GError *error)
{
  SluiceIndexesPage *self = op->self;
  const char *name = sluice_index_info_get_name (op->index);
  g_autofree char *message = NULL;

  if (op->progress != NULL)
    adw_toast_dismiss (op->progress);
  self->action_running = FALSE;
  _sluice_indexes_page_update_actions (self);

  if (error != NULL)
    {
      g_autofree char *reason = sluice_error_text_describe (error);

      if (op->action == ACTION_DROP)
        message = g_strdup_printf (_("“%s” was not dropped: %s"), name, reason);
      else
        message = g_strdup_printf (_("“%s” was not rebuilt: %s"), name, reason);
      sluice_widget_add_toast (GTK_WIDGET (self), message);
      return;
    }

  if (op->action == ACTION_DROP)
    message = g_strdup_printf (_("Dropped the index “%s”"), name);
  else
    message = g_strdup_printf (_("Rebuilt the index “%s”"), name);
  sluice_widget_add_toast (GTK_WIDGET (self), message);

  if (op->action == ACTION_REINDEX)
    self->keep_selection = _sluice_indexes_page_index_key (op->index);
  sluice_indexes_page_reload (self);
}

static void
index_action_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ActionOp) op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (op->action == ACTION_DROP)
    done = sluice_health_drop_index_finish (result, &error);
  else
    done = sluice_health_reindex_index_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  finish_action (op, done ? NULL : error);
}

static void
guard_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ActionOp) op = user_data;
  SluiceIndexesPage *self;
  SluiceConnection *connection;
  SluiceIndexInfo *index;
  GCancellable *cancellable;

  if (!sluice_page_guard_confirm_finish (result, op->cancellable, op->self, &op->self->action_running,
                                         (SluicePageUpdateFunc) _sluice_indexes_page_update_actions))
    return;

  self = op->self;
  connection = op->connection;
  index = op->index;
  cancellable = op->cancellable;
  if (op->action == ACTION_DROP)
    {
      g_autofree char *message = g_strdup_printf (_("Dropping “%s” concurrently…"), sluice_index_info_get_name (index));

      op->progress = sluice_widget_add_progress_toast (GTK_WIDGET (self), message);
      sluice_health_drop_index_async (connection, index, cancellable, index_action_cb, g_steal_pointer (&op));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Rebuilding “%s” concurrently…"), sluice_index_info_get_name (index));

      op->progress = sluice_widget_add_progress_toast (GTK_WIDGET (self), message);
      sluice_health_reindex_index_async (connection, index, cancellable, index_action_cb, g_steal_pointer (&op));
    }
}

static void
run_index_action (SluiceIndexesPage *self,
                  IndexAction        action)
{
  SluiceIndexInfo *index = self->selected_index;
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *action_text = NULL;
  ActionOp *op;

  if (index == NULL || self->connection == NULL || self->action_running)
    return;

  name = _sluice_indexes_page_index_key (index);
  if (action == ACTION_DROP)
    {
      sql = sluice_index_info_dup_drop_sql (index);
      action_text = g_strdup_printf (_("Drops the index “%s” without blocking reads or writes:\n%s\n"
                                       "Queries that use it fall back to other plans. Copy its DDL first "
                                       "to be able to build it again."),
                                     name, sql);
    }
  else
    {
      sql = sluice_index_info_dup_reindex_sql (index);
      action_text = g_strdup_printf (_("Rebuilds the index “%s” without blocking reads or writes:\n%s\n"
                                       "The table’s writes go on; the build takes disk space and I/O "
                                       "while it runs."),
                                     name, sql);
    }

  op = g_new0 (ActionOp, 1);
  op->self = self;
  op->index = g_object_ref (index);
  op->connection = g_object_ref (self->connection);
  op->cancellable = sluice_page_ensure_cancellable (&self->action_cancellable);
  op->action = action;

  self->action_running = TRUE;
  _sluice_indexes_page_update_actions (self);

  sluice_page_guard_confirm_async (GTK_WIDGET (self), _sluice_indexes_page_get_profile (self), self->connection,
                                   action_text, op->cancellable, guard_cb, op);
}

void
_sluice_indexes_page_drop_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  run_index_action (SLUICE_INDEXES_PAGE (widget), ACTION_DROP);
}

void
_sluice_indexes_page_reindex_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  run_index_action (SLUICE_INDEXES_PAGE (widget), ACTION_REINDEX);
}
