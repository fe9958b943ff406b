/* sluice-schema-page-browse.c: the Schema page's browse mode: the
 * catalog read from the profile's database (or a snapshot opened) and
 * handed to the SluiceSchemaBrowser that shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-page-util.h"
#include "sluice-schema-page-private.h"

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static char *
describe_source (SluiceSchemaPage *self,
                 const char       *file_name)
{
  SluiceCatalog *catalog = self->catalog;
  g_autofree char *taken = format_time (sluice_catalog_get_taken_at (catalog));
  guint n = sluice_catalog_get_n_objects (catalog);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u object", "%u objects", n), n);
  const char *label = sluice_catalog_get_label (catalog);

  if (file_name != NULL)
    /* Translators: a file name, its label (or "—"), when it was taken, a count of objects. */
    return g_strdup_printf (_("Snapshot “%s” (%s) · taken %s · %s"), file_name, sluice_page_or_dash (label), taken, count);

  /* Translators: a database, a count of objects, the time it took to read them. */
  return g_strdup_printf (_("Live “%s” · %s read in %.0f ms"), sluice_page_or_dash (sluice_catalog_get_database (catalog)),
                          count, sluice_catalog_get_duration_ms (catalog));
}


void
_sluice_schema_page_set_catalog (SluiceSchemaPage *self,
                                 SluiceCatalog    *catalog,
                                 gboolean          live,
                                 const char       *file_name)
{
  SluiceCatalogObject *selected = sluice_schema_browser_get_selected_object (self->browser);
  g_autofree char *keep = selected != NULL ? g_strdup (sluice_catalog_object_get_identity (selected)) : NULL;

  g_set_object (&self->catalog, catalog);
  self->catalog_live = live && catalog != NULL;
  sluice_schema_browser_set_catalog (self->browser, catalog);

  if (catalog != NULL)
    {
      g_autofree char *source = describe_source (self, file_name);

      sluice_schema_browser_set_source (self->browser, source);
      gtk_stack_set_visible_child_name (self->browse_stack, "catalog");
      /* A refresh keeps the object one was looking at. */
      if (keep != NULL)
        sluice_schema_browser_select_identity (self->browser, keep);
    }

  _sluice_schema_page_update_actions (self);
  _sluice_schema_page_notify (self, PROP_CATALOG);
}

static void
show_browse_failure (SluiceSchemaPage *self,
                     const GError     *error,
                     gboolean          while_connecting)
{
  SluiceProfile *profile = _sluice_schema_page_get_profile (self);
  g_autofree char *title = NULL;
  g_autofree char *details = sluice_error_text_describe (error);

  if (while_connecting)
    title = g_strdup_printf (_("Could Not Connect to “%s”"), sluice_profile_get_name (profile));
  else
    title = g_strdup_printf (_("Could Not Read the Catalog of “%s”"), sluice_profile_get_name (profile));

  sluice_page_show_failure (self->browse_stack, self->error_page, self->error_label,
                            while_connecting ? "network-error-symbolic" : "dialog-warning-symbolic", title,
                            while_connecting
                            ? _("Nothing was changed on the server. Check the profile’s connection settings, then try again.")
                            : _("Nothing was changed on the server: Sluice only reads pg_catalog, in a read-only "
                                "transaction. Check that the profile’s role may read the catalog, then try again."),
                            error);
  _sluice_schema_page_set_error (self, details);
  _sluice_schema_page_set_status (self, NULL);
  _sluice_schema_page_set_loading (self, FALSE);
}

static void
capture_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluicePageLoadOp) op = user_data;
  SluiceSchemaPage *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_capture_finish (result, &error);
  SluiceProfile *profile;

  if (g_cancellable_is_cancelled (op->cancellable) || op->cancellable != self->load_cancellable)
    return;

  g_clear_object (&self->load_cancellable);
  if (catalog == NULL)
    {
      show_browse_failure (self, error, FALSE);
      return;
    }

  profile = _sluice_schema_page_get_profile (self);
  sluice_catalog_set_profile (catalog, sluice_profile_get_id (profile), sluice_profile_get_name (profile));
  _sluice_schema_page_set_error (self, NULL);
  _sluice_schema_page_set_loading (self, FALSE);
  _sluice_schema_page_set_catalog (self, catalog, TRUE, NULL);
  {
    guint n = sluice_catalog_get_n_objects (catalog);
    g_autofree char *status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Read %u object in %.0f ms",
                                                            "Read %u objects in %.0f ms", n),
                                               n, sluice_catalog_get_duration_ms (catalog));

    _sluice_schema_page_set_status (self, status);
  }
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluicePageLoadOp) op = user_data;
  SluiceSchemaPage *self = op->self;
  g_autoptr(GError) error = NULL;
  SluiceConnection *connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);
  g_autofree char *title = NULL;
  GCancellable *cancellable;

  if (g_cancellable_is_cancelled (op->cancellable) || op->cancellable != self->load_cancellable)
    {
      g_clear_object (&connection);
      return;
    }

  if (connection == NULL)
    {
      g_clear_object (&self->load_cancellable);
      show_browse_failure (self, error, TRUE);
      return;
    }

  op->connection = connection;
  /* Translators: the database's name. */
  title = g_strdup_printf (_("Reading the Catalog of “%s”…"), sluice_connection_get_database (connection));
  adw_status_page_set_title (self->loading_page, title);
  _sluice_schema_page_set_status (self, _("Reading pg_catalog in one read-only transaction…"));
  /* Apart: the order in which arguments are read is not defined. */
  cancellable = op->cancellable;
  sluice_catalog_capture_async (connection, NULL, cancellable, capture_cb, g_steal_pointer (&op));
}

void
_sluice_schema_page_reload_browse (SluiceSchemaPage *self)
{
  g_autofree char *title = NULL;

  sluice_page_cancel (&self->load_cancellable);

  if (self->session == NULL)
    {
      _sluice_schema_page_set_catalog (self, NULL, FALSE, NULL);
      gtk_stack_set_visible_child_name (self->browse_stack, "empty");
      _sluice_schema_page_set_loading (self, FALSE);
      self->dirty = FALSE;
      return;
    }

  /* Hidden pages read when they are shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      _sluice_schema_page_set_loading (self, FALSE);
      return;
    }

  self->dirty = FALSE;
  title = g_strdup_printf (_("Connecting to “%s”…"),
                           sluice_profile_get_name (_sluice_schema_page_get_profile (self)));
  adw_status_page_set_title (self->loading_page, title);
  /* The tree stays while it is read again: a refresh does not blank it. */
  if (self->catalog == NULL || !self->catalog_live)
    gtk_stack_set_visible_child_name (self->browse_stack, "loading");
  _sluice_schema_page_set_status (self, title);
  _sluice_schema_page_set_loading (self, TRUE);

  self->load_cancellable = g_cancellable_new ();
  sluice_session_connect_async (self->session, self->load_cancellable, connect_cb,
                                sluice_page_load_op_new (self, self->load_cancellable));
}

SluiceCatalog *
sluice_schema_page_get_catalog (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return self->catalog;
}

GListModel *
sluice_schema_page_get_tree_rows (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return sluice_schema_browser_get_tree_rows (self->browser);
}

void
sluice_schema_page_set_search (SluiceSchemaPage *self,
                               const char       *text)
{
  g_return_if_fail (SLUICE_IS_SCHEMA_PAGE (self));
  sluice_schema_browser_set_search (self->browser, text);
}

gboolean
sluice_schema_page_select_identity (SluiceSchemaPage *self,
                                    const char       *identity)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  return sluice_schema_browser_select_identity (self->browser, identity);
}

SluiceCatalogObject *
sluice_schema_page_get_selected_object (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return sluice_schema_browser_get_selected_object (self->browser);
}

char *
sluice_schema_page_dup_ddl (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return sluice_schema_browser_dup_ddl (self->browser);
}

GtkGrid *
sluice_schema_page_get_attributes (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return sluice_schema_browser_get_attributes (self->browser);
}
