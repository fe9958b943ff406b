/* sluice-plans-page-io.c: plans the Plans page reads from elsewhere or
 * writes: "paste" (a dialog to paste EXPLAIN's output into), "open" and
 * "save" (file choosers), and what they do once a file is chosen
 *
 * Separate from running EXPLAIN (sluice-plans-page-run.c): these plans
 * come with no connection, and are read or written in a thread by
 * sluice-plan-io.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-plan-io.h"
#include "sluice-plans-page-private.h"

/* Pasting, opening and saving ---------------------------------------------- */

static void
parse_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SluicePlansPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = sluice_plan_io_parse_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _sluice_plans_page_set_status (self, NULL);
  if (plan == NULL)
    {
      /* Translators: why the pasted text could not be read follows. */
      g_autofree char *message = g_strdup_printf (_("The pasted text was not shown: it is not a plan Sluice can "
                                                    "read. Paste the whole output of EXPLAIN, in JSON or as psql "
                                                    "prints it.\n%s"),
                                                  error->message);

      _sluice_plans_page_show_error (self, message);
      return;
    }

  sluice_plans_page_show_plan (self, plan, _("Pasted"));
}

static void
import_text (SluicePlansPage *self,
             const char      *text)
{
  g_free (self->last_paste);
  self->last_paste = g_strdup (text);
  _sluice_plans_page_set_status (self, _("Reading the plan…"));
  sluice_plan_io_parse_async (text, self->io_cancellable, parse_cb, g_object_ref (self));
}

static void
on_paste_response (AdwMessageDialog *dialog,
                   const char       *response,
                   SluicePlansPage  *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text-view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (g_strcmp0 (response, "show") != 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*g_strstrip (text) == '\0')
    return;

  import_text (self, text);
}

void
_sluice_plans_page_paste_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *view;

  dialog = adw_message_dialog_new (_sluice_plans_page_get_window (self), _("Paste a Plan"),
                                   _("Paste the output of EXPLAIN: JSON (FORMAT JSON), the text psql prints "
                                     "(with or without its QUERY PLAN header and + marks), or a plan Sluice saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "show", _("_Show Plan"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "show", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "show");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  view = gtk_text_view_new ();
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_NONE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Plan"), -1);
  /* The text of a paste that could not be read, to correct it. */
  if (self->last_paste != NULL && self->error != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), self->last_paste, -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 560);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_add_css_class (dialog, "plan-paste-dialog");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  g_object_set_data (G_OBJECT (dialog), "text-view", view);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_paste_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

typedef struct
{
  SluicePlansPage *self;
  char            *name;
} FileOp;

static void
file_op_free (FileOp *op)
{
  g_clear_object (&op->self);
  g_free (op->name);
  g_free (op);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  FileOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = sluice_plan_io_load_finish (result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _sluice_plans_page_set_status (op->self, NULL);
      if (plan != NULL)
        {
          sluice_plans_page_show_plan (op->self, plan, op->name);
        }
      else
        {
          /* Translators: a file name, then why it could not be read. */
          g_autofree char *message = g_strdup_printf (_("“%s” was not opened: %s"), op->name, error->message);

          _sluice_plans_page_show_error (op->self, message);
        }
    }

  file_op_free (op);
}

static void
on_open_response (GtkNativeDialog *chooser,
                  int              response,
                  SluicePlansPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    sluice_plans_page_open_file (self, file);
}

void
_sluice_plans_page_open_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open a Plan"), _sluice_plans_page_get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  sluice_plan_io_add_filters (GTK_FILE_CHOOSER (chooser));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  FileOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (sluice_plan_io_save_finish (result, &error))
    {
      /* Translators: the file name the plan was saved to. */
      g_autofree char *message = g_strdup_printf (_("Plan saved to “%s”"), op->name);

      _sluice_plans_page_set_status (op->self, message);
      _sluice_plans_page_add_toast (op->self, message);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: a file name, then why it could not be written. */
      g_autofree char *message = g_strdup_printf (_("The plan was not saved to “%s”: %s. Choose another "
                                                    "folder, or check that this one can be written."),
                                                  op->name, error->message);

      _sluice_plans_page_set_status (op->self, NULL);
      _sluice_plans_page_show_error (op->self, message);
    }

  file_op_free (op);
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  SluicePlansPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    sluice_plans_page_save_file (self, file);
}

void
_sluice_plans_page_save_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->plan == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save the Plan"), _sluice_plans_page_get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = sluice_plan_io_suggest_name (self->plan);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
sluice_plans_page_open_file (SluicePlansPage *self,
                             GFile           *file)
{
  FileOp *op;

  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  op = g_new0 (FileOp, 1);
  op->self = g_object_ref (self);
  op->name = g_file_get_basename (file);
  _sluice_plans_page_set_status (self, _("Reading the plan…"));
  sluice_plan_io_load_async (file, self->io_cancellable, load_cb, op);
}

void
sluice_plans_page_save_file (SluicePlansPage *self,
                             GFile           *file)
{
  FileOp *op;

  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->plan == NULL)
    return;

  op = g_new0 (FileOp, 1);
  op->self = g_object_ref (self);
  op->name = g_file_get_basename (file);
  sluice_plan_io_save_async (self->plan, file, self->io_cancellable, save_cb, op);
}
