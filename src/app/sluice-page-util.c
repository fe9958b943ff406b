/* sluice-page-util.c: pieces the database pages share: column factories,
 * text cells, count pills, the load bookkeeping and the guarded actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-error-text.h"
#include "sluice-guard-dialog.h"
#include "sluice-page-util.h"

/* Columns and cells ------------------------------------------------------- */

const char *
sluice_page_or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

GtkOrdering
sluice_page_to_ordering (int result)
{
  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

int
sluice_page_compare_doubles (double a,
                             double b)
{
  return a < b ? -1 : a > b;
}

/* A factory that remembers which column it fills, so that one setup and
 * one bind function can serve every column of a view. */
GtkListItemFactory *
sluice_page_column_factory_new (int       id,
                                GCallback setup,
                                GCallback bind,
                                GCallback unbind,
                                gpointer  user_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (id));
  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, user_data);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, user_data);
  return factory;
}

int
sluice_page_factory_column (GtkSignalListItemFactory *factory)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
}

/* Takes @factory; a column without a fixed width takes the spare room. */
GtkColumnViewColumn *
sluice_page_append_column (GtkColumnView      *view,
                           const char         *title,
                           GtkListItemFactory *factory,
                           GtkSorter          *sorter,
                           int                 fixed_width)
{
  g_autoptr(GtkColumnViewColumn) column = gtk_column_view_column_new (title, factory);

  if (sorter != NULL)
    gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  else
    gtk_column_view_column_set_expand (column, TRUE);

  gtk_column_view_append_column (view, column);
  return column;
}

GtkWidget *
sluice_page_text_cell_new (gboolean numeric,
                           gboolean monospace)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (monospace)
    gtk_widget_add_css_class (label, "query-cell");
  return label;
}

void
sluice_page_set_text_cell (GtkWidget  *label,
                           const char *text,
                           const char *tooltip)
{
  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (label, tooltip);
}

/* A pill of the summary line that counts something, e.g. "3 Waiting". */
GtkWidget *
sluice_page_count_pill_new (const char *text,
                            const char *pill_class,
                            const char *css_class)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, pill_class);
  gtk_widget_add_css_class (pill, css_class);
  gtk_widget_add_css_class (pill, "count");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

/* States ------------------------------------------------------------------ */

void
sluice_page_show_failure (GtkStack      *stack,
                          AdwStatusPage *error_page,
                          GtkLabel      *error_label,
                          const char    *icon_name,
                          const char    *title,
                          const char    *description,
                          const GError  *error)
{
  g_autofree char *message = sluice_error_text_describe (error);

  adw_status_page_set_icon_name (error_page, icon_name);
  adw_status_page_set_title (error_page, title);
  adw_status_page_set_description (error_page, description);
  gtk_label_set_label (error_label, message);
  gtk_stack_set_visible_child_name (stack, "failed");
}

/* Loading ----------------------------------------------------------------- */

SluicePageLoadOp *
sluice_page_load_op_new (gpointer      self,
                         GCancellable *cancellable)
{
  SluicePageLoadOp *op = g_new0 (SluicePageLoadOp, 1);

  op->self = self;
  op->cancellable = g_object_ref (cancellable);
  return op;
}

void
sluice_page_load_op_free (SluicePageLoadOp *op)
{
  g_clear_object (&op->cancellable);
  g_clear_object (&op->connection);
  g_free (op);
}

/* Cancels the work in flight, if any, and forgets it. */
void
sluice_page_cancel (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

/* Guarded actions --------------------------------------------------------- */

/* Returns a new reference to *@cancellable, creating it first if needed. */
GCancellable *
sluice_page_ensure_cancellable (GCancellable **cancellable)
{
  if (*cancellable == NULL)
    *cancellable = g_cancellable_new ();
  return g_object_ref (*cancellable);
}

void
sluice_page_guard_confirm_async (GtkWidget          *page,
                                 SluiceProfile      *profile,
                                 SluiceConnection   *connection,
                                 const char         *action_text,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  sluice_guard_confirm_async (GTK_WINDOW (gtk_widget_get_root (page)),
                              profile, sluice_connection_get_database (connection),
                              action_text, cancellable, callback, user_data);
}

/* TRUE when the write may go ahead.  When the person declined, the action
 * is over: the page's actions are enabled again (unless the page itself
 * went away, which cancelled @cancellable). */
gboolean
sluice_page_guard_confirm_finish (GAsyncResult        *result,
                                  GCancellable        *cancellable,
                                  gpointer             page,
                                  gboolean            *action_running,
                                  SluicePageUpdateFunc update_actions)
{
  g_autoptr(GError) error = NULL;

  if (!sluice_guard_confirm_finish (result, &error) || g_cancellable_is_cancelled (cancellable))
    {
      if (!g_cancellable_is_cancelled (cancellable))
        {
          *action_running = FALSE;
          update_actions (page);
        }
      return FALSE;
    }
  return TRUE;
}
