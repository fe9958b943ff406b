/* sluice-migrate-page-runner.c: the page's SluiceRunner, made when a
 * run starts (an up run or a rollback) and dropped with what is shown,
 * and the events it emits, shown as they arrive: in the live log, and
 * on the run step's rows, waiting note and progress bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-migrate-page-private.h"

/* The runner's events ---------------------------------------------------- */

static GtkWidget *
find_run_row (SluiceMigratePage *self,
              const char        *version)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->run_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (version != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (row), "version"), version) == 0)
      return row;
  return NULL;
}

static void
set_run_row (SluiceMigratePage *self,
             const char        *version,
             const char        *icon_name,
             const char        *css_class,
             const char        *subtitle)
{
  GtkWidget *row = find_run_row (self, version);
  GtkWidget *image;
  g_autofree char *escaped = NULL;

  if (row == NULL)
    return;

  image = g_object_get_data (G_OBJECT (row), "icon");
  gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
  gtk_widget_remove_css_class (image, "accent");
  gtk_widget_remove_css_class (image, "success");
  gtk_widget_remove_css_class (image, "error");
  gtk_widget_remove_css_class (image, "dim-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (image, css_class);
  if (subtitle != NULL)
    {
      escaped = g_markup_escape_text (subtitle, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
}

typedef struct
{
  SluiceMigratePage *self;
  SluiceRunEvent    *event;
} ThreadEvent;

/* The thread the widgets live in (set by _sluice_migrate_page_init_runner). */
static GThread *ui_thread;

static void show_runner_event (SluiceMigratePage *self,
                               SluiceRunEvent    *event);

static gboolean
show_thread_event (gpointer user_data)
{
  ThreadEvent *thread_event = user_data;

  if (!thread_event->self->disposed)
    show_runner_event (thread_event->self, thread_event->event);
  return G_SOURCE_REMOVE;
}

static void
thread_event_free (gpointer user_data)
{
  ThreadEvent *thread_event = user_data;

  g_object_unref (thread_event->self);
  g_object_unref (thread_event->event);
  g_free (thread_event);
}

/* The lint runs in a worker thread, and its events are emitted there:
 * they are shown from the UI thread. */
static void
on_runner_event (SluiceMigratePage *self,
                 SluiceRunEvent    *event)
{
  ThreadEvent *thread_event;

  if (g_thread_self () == ui_thread)
    {
      show_runner_event (self, event);
      return;
    }

  thread_event = g_new0 (ThreadEvent, 1);
  thread_event->self = g_object_ref (self);
  thread_event->event = g_object_ref (event);
  g_idle_add_full (G_PRIORITY_DEFAULT, show_thread_event, thread_event, thread_event_free);
}

static void
show_runner_event (SluiceMigratePage *self,
                   SluiceRunEvent    *event)
{
  const char *version = sluice_run_event_get_version (event);
  const char *message = sluice_run_event_get_message (event);

  _sluice_migrate_page_log_event (self, event);
  if (!self->executing)
    return;

  switch (sluice_run_event_get_kind (event))
    {
    case SLUICE_RUN_EVENT_MIGRATION_STARTED:
      set_run_row (self, version, "media-playback-start-symbolic", "accent", message);
      break;
    case SLUICE_RUN_EVENT_STATEMENT_STARTED:
      {
        g_autofree char *status = g_strdup_printf (_("%s: statement %u of %u"), version != NULL ? version : "",
                                                   sluice_run_event_get_statement_index (event),
                                                   sluice_run_event_get_statement_count (event));

        _sluice_migrate_page_set_status (self, status);
        gtk_revealer_set_reveal_child (self->waiting_revealer, FALSE);
      }
      break;
    case SLUICE_RUN_EVENT_WAITING:
    case SLUICE_RUN_EVENT_LOCK_RETRY:
      gtk_label_set_label (self->waiting_label, message);
      gtk_revealer_set_reveal_child (self->waiting_revealer, TRUE);
      break;
    case SLUICE_RUN_EVENT_PROGRESS:
      gtk_label_set_label (self->progress_label, message);
      if (sluice_run_event_get_fraction (event) >= 0)
        gtk_progress_bar_set_fraction (self->index_progress, sluice_run_event_get_fraction (event));
      else
        gtk_progress_bar_pulse (self->index_progress);
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
      break;
    case SLUICE_RUN_EVENT_STATEMENT_DONE:
      gtk_revealer_set_reveal_child (self->waiting_revealer, FALSE);
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
      break;
    case SLUICE_RUN_EVENT_MIGRATION_DONE:
      set_run_row (self, version, "emblem-ok-symbolic", "success", message);
      break;
    case SLUICE_RUN_EVENT_MIGRATION_FAILED:
      set_run_row (self, version, "dialog-error-symbolic", "error", message);
      break;
    case SLUICE_RUN_EVENT_STEP:
    case SLUICE_RUN_EVENT_INFO:
    case SLUICE_RUN_EVENT_WARNING:
    case SLUICE_RUN_EVENT_FINISHED:
    default:
      break;
    }
}

/* Making and dropping the runner ---------------------------------------- */

void
_sluice_migrate_page_new_runner (SluiceMigratePage *self)
{
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);

  _sluice_migrate_page_drop_runner (self);
  if (self->plan != NULL)
    self->runner = sluice_runner_new_rollback (profile, self->connection, self->folder, self->plan);
  else
    self->runner = sluice_runner_new_migrate (profile, self->connection, self->folder, NULL);
  g_signal_connect_object (self->runner, "event", G_CALLBACK (on_runner_event), self, G_CONNECT_SWAPPED);
}

void
_sluice_migrate_page_drop_runner (SluiceMigratePage *self)
{
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  if (self->backup != NULL)
    g_signal_handlers_disconnect_by_data (self->backup, self);
  g_clear_object (&self->runner);
  g_clear_object (&self->backup);
  g_clear_object (&self->rehearsal);
  self->executed = FALSE;
  self->executing = FALSE;
  self->run_cancelled = FALSE;
  self->preflight_passed = FALSE;
  self->backup_settled = FALSE;
  self->rehearsed = FALSE;
  self->analyzed = FALSE;
}

/* Called from the page's init (through _sluice_migrate_page_init_steps). */
void
_sluice_migrate_page_init_runner (SluiceMigratePage *self)
{
  ui_thread = g_thread_self ();
}
