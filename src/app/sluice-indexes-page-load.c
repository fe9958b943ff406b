/* sluice-indexes-page-load.c: reading a profile's health report for the
 * Indexes page: connecting, loading, and the page's states while it does
 * (loading, failed, shown)
 *
 * Separate from the widget because it is the one asynchronous path that
 * fills everything else: the list, the tables, the summary and the foreign
 * keys all start from show_health().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-indexes-page-private.h"
#include "sluice-page-util.h"

static void
set_loading (SluiceIndexesPage *self,
             gboolean           loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  _sluice_indexes_page_notify (self, PROP_LOADING);
}

static void
show_loading (SluiceIndexesPage *self,
              const char        *title)
{
  gtk_label_set_label (self->loading_title, title);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
}

static void
show_failure (SluiceIndexesPage *self,
              const GError      *error,
              gboolean           while_connecting)
{
  SluiceProfile *profile = _sluice_indexes_page_get_profile (self);
  g_autofree char *title = NULL;

  g_clear_error (&self->error);
  self->error = g_error_copy (error);

  if (while_connecting)
    {
      title = g_strdup_printf (_("Could Not Connect to “%s”"), sluice_profile_get_name (profile));
      sluice_page_show_failure (self->stack, self->error_page, self->error_label, "network-error-symbolic", title,
                                _("Nothing was changed on the server. Check the profile’s connection "
                                  "settings, then try again."),
                                error);
    }
  else
    {
      title = g_strdup_printf (_("Could Not Read the Indexes of “%s”"), sluice_profile_get_name (profile));
      sluice_page_show_failure (self->stack, self->error_page, self->error_label, "dialog-warning-symbolic", title,
                                _("Nothing was changed on the server: Sluice only reads the "
                                  "statistics views. Check that the profile’s role may read them, "
                                  "then try again."),
                                error);
    }

  set_loading (self, FALSE);
  _sluice_indexes_page_update_sampler_running (self);
}

void
_sluice_indexes_page_clear_results (SluiceIndexesPage *self)
{
  _sluice_indexes_page_set_selected_index (self, NULL);
  gtk_filter_list_model_set_model (self->filter_model, NULL);
  sluice_tables_view_set_tables (self->tables_view, NULL);
  g_clear_error (&self->error);
  if (self->health != NULL)
    {
      g_clear_object (&self->health);
      _sluice_indexes_page_notify (self, PROP_HEALTH);
    }
}

static void
show_health (SluiceIndexesPage *self,
             SluiceConnection  *connection,
             SluiceHealth      *health)
{
  g_autofree char *keep = g_steal_pointer (&self->keep_selection);

  if (keep == NULL && self->selected_index != NULL)
    keep = _sluice_indexes_page_index_key (self->selected_index);

  _sluice_indexes_page_clear_results (self);
  self->health = g_object_ref (health);
  g_set_object (&self->connection, connection);

  gtk_filter_list_model_set_model (self->filter_model, sluice_health_get_indexes (health));
  sluice_tables_view_set_tables (self->tables_view, sluice_health_get_tables (health));
  _sluice_indexes_page_fill_summary (self);
  _sluice_indexes_page_fill_foreign_keys (self);

  /* A refresh keeps the index one was looking at. */
  if (keep != NULL)
    {
      const char *dot = strchr (keep, '.');
      g_autofree char *schema = dot != NULL ? g_strndup (keep, dot - keep) : NULL;

      if (schema != NULL)
        sluice_indexes_page_select_index (self, schema, dot + 1);
    }

  gtk_stack_set_visible_child_name (self->stack, "health");
  set_loading (self, FALSE);

  _sluice_indexes_page_ensure_sampler (self, connection);
  _sluice_indexes_page_update_sampler_running (self);
  _sluice_indexes_page_update_actions (self);
  _sluice_indexes_page_notify (self, PROP_HEALTH);
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SluicePageLoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceHealth) health = sluice_health_load_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (health == NULL)
    show_failure (op->self, error, FALSE);
  else
    show_health (op->self, op->connection, health);
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
      show_failure (op->self, error, TRUE);
      return;
    }

  show_loading (op->self, _("Reading Index Statistics…"));
  connection = op->connection;
  cancellable = op->cancellable;
  sluice_health_load_async (connection, cancellable, health_cb, g_steal_pointer (&op));
}

void
_sluice_indexes_page_cancel_load (SluiceIndexesPage *self)
{
  sluice_page_cancel (&self->cancellable);
}

void
_sluice_indexes_page_load (SluiceIndexesPage *self)
{
  g_autofree char *title = NULL;

  _sluice_indexes_page_cancel_load (self);

  if (self->session == NULL)
    {
      _sluice_indexes_page_clear_results (self);
      self->dirty = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      set_loading (self, FALSE);
      return;
    }

  /* Hidden pages read when they are shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      set_loading (self, FALSE);
      return;
    }

  self->dirty = FALSE;
  title = g_strdup_printf (_("Connecting to “%s”…"),
                           sluice_profile_get_name (_sluice_indexes_page_get_profile (self)));
  show_loading (self, title);
  _sluice_indexes_page_update_sampler_running (self);

  self->cancellable = g_cancellable_new ();
  sluice_session_connect_async (self->session, self->cancellable, connect_cb,
                                sluice_page_load_op_new (self, self->cancellable));
}
