/* sluice-migrate-page-log.c: the live log of a run, one row per
 * SluiceRunEvent, as the events arrive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-migrate-page-private.h"

static const char * const kind_classes[] = { "heading", "warning", "error", "success", "dim-label" };

static const char *
kind_class (SluiceRunEventKind kind)
{
  switch (kind)
    {
    case SLUICE_RUN_EVENT_STEP:
    case SLUICE_RUN_EVENT_MIGRATION_STARTED:
      return "heading";
    case SLUICE_RUN_EVENT_WARNING:
    case SLUICE_RUN_EVENT_LOCK_RETRY:
    case SLUICE_RUN_EVENT_WAITING:
      return "warning";
    case SLUICE_RUN_EVENT_MIGRATION_FAILED:
      return "error";
    case SLUICE_RUN_EVENT_MIGRATION_DONE:
      return "success";
    case SLUICE_RUN_EVENT_STATEMENT_STARTED:
    case SLUICE_RUN_EVENT_STATEMENT_DONE:
    case SLUICE_RUN_EVENT_PROGRESS:
      return "dim-label";
    case SLUICE_RUN_EVENT_INFO:
    case SLUICE_RUN_EVENT_FINISHED:
    default:
      return NULL;
    }
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *version = gtk_label_new (NULL);
  GtkWidget *message = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (time, "monospace");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (version, "monospace");
  gtk_label_set_width_chars (GTK_LABEL (version), 6);
  gtk_label_set_xalign (GTK_LABEL (version), 0);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (message), TRUE);
  gtk_widget_set_hexpand (message, TRUE);
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), version);
  gtk_box_append (GTK_BOX (box), message);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

/* What a row says: the message, and for a statement its number and its
 * first line, so that the log reads as the run went. */
static char *
describe_event (SluiceRunEvent *event)
{
  const char *message = sluice_run_event_get_message (event);
  const char *sql = sluice_run_event_get_sql (event);
  guint index = sluice_run_event_get_statement_index (event);

  if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_STATEMENT_STARTED && sql != NULL && index > 0)
    {
      g_autofree char *first = g_strndup (sql, strcspn (sql, "\n"));

      return g_strdup_printf ("%s — %s", message, first);
    }
  return g_strdup (message);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  SluiceRunEvent *event = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *time = gtk_widget_get_first_child (box);
  GtkWidget *version = gtk_widget_get_next_sibling (time);
  GtkWidget *message = gtk_widget_get_next_sibling (version);
  g_autofree char *clock = g_date_time_format (sluice_run_event_get_time (event), "%H:%M:%S");
  g_autofree char *text = describe_event (event);
  const char *css_class = kind_class (sluice_run_event_get_kind (event));
  const char *event_version = sluice_run_event_get_version (event);

  gtk_label_set_label (GTK_LABEL (time), clock);
  gtk_label_set_label (GTK_LABEL (version), event_version != NULL ? event_version : "");
  gtk_label_set_label (GTK_LABEL (message), text);
  for (guint i = 0; i < G_N_ELEMENTS (kind_classes); i++)
    gtk_widget_remove_css_class (message, kind_classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (message, css_class);
}

/* Follow the end of the log while it grows, as a terminal does; GTK 4.8
 * has no gtk_list_view_scroll_to(), so the adjustment is moved once the
 * new rows were measured. */
static gboolean
scroll_to_end (gpointer user_data)
{
  SluiceMigratePage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->log_scroller);
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->scroll_idle = 0;
  /* An empty or unmapped list has no rows to scroll to. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->log)) == 0 ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->log_view)) ||
      end <= gtk_adjustment_get_value (adjustment))
    return G_SOURCE_REMOVE;
  gtk_adjustment_set_value (adjustment, end);
  return G_SOURCE_REMOVE;
}

static void
on_log_changed (SluiceMigratePage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->log)) == 0;

  gtk_widget_set_visible (self->log_empty_label, empty);
  gtk_widget_set_visible (GTK_WIDGET (self->log_scroller), !empty);
  if (self->scroll_idle == 0 && !self->disposed)
    self->scroll_idle = g_timeout_add (50, scroll_to_end, self);
}

void
_sluice_migrate_page_init_log (SluiceMigratePage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->log)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->log_view, factory);
  gtk_list_view_set_model (self->log_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);

  g_signal_connect_object (self->log, "items-changed", G_CALLBACK (on_log_changed), self, G_CONNECT_SWAPPED);
  on_log_changed (self);
}

void
_sluice_migrate_page_log_event (SluiceMigratePage *self,
                                SluiceRunEvent    *event)
{
  g_list_store_append (self->log, event);
}

void
_sluice_migrate_page_log_line (SluiceMigratePage  *self,
                               SluiceRunEventKind  kind,
                               const char         *message)
{
  g_autoptr(SluiceRunEvent) event = sluice_run_event_new (kind, NULL, message);

  g_list_store_append (self->log, event);
}
