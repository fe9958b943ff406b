/* sluice-page-util.h: pieces the database pages share: column factories,
 * text cells, count pills, the load bookkeeping and the guarded actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice.h"

G_BEGIN_DECLS

/* Columns and cells ------------------------------------------------------- */

const char          *sluice_page_or_dash             (const char         *text);
GtkOrdering          sluice_page_to_ordering         (int                 result);
int                  sluice_page_compare_doubles     (double              a,
                                                      double              b);
GtkListItemFactory  *sluice_page_column_factory_new  (int                 id,
                                                      GCallback           setup,
                                                      GCallback           bind,
                                                      GCallback           unbind,
                                                      gpointer            user_data);
int                  sluice_page_factory_column      (GtkSignalListItemFactory *factory);
GtkColumnViewColumn *sluice_page_append_column       (GtkColumnView      *view,
                                                      const char         *title,
                                                      GtkListItemFactory *factory,
                                                      GtkSorter          *sorter,
                                                      int                 fixed_width);
GtkWidget           *sluice_page_text_cell_new       (gboolean            numeric,
                                                      gboolean            monospace);
void                 sluice_page_set_text_cell       (GtkWidget          *label,
                                                      const char         *text,
                                                      const char         *tooltip);
GtkWidget           *sluice_page_count_pill_new      (const char         *text,
                                                      const char         *pill_class,
                                                      const char         *css_class);

/* States ------------------------------------------------------------------ */

void                 sluice_page_show_failure        (GtkStack           *stack,
                                                      AdwStatusPage      *error_page,
                                                      GtkLabel           *error_label,
                                                      const char         *icon_name,
                                                      const char         *title,
                                                      const char         *description,
                                                      const GError       *error);

/* Loading ----------------------------------------------------------------- */

/* One read of a page: the page, the cancellable of that read, and the
 * connection once it is open. */
typedef struct
{
  gpointer          self;
  GCancellable     *cancellable;
  SluiceConnection *connection;
} SluicePageLoadOp;

SluicePageLoadOp    *sluice_page_load_op_new         (gpointer            self,
                                                      GCancellable       *cancellable);
void                 sluice_page_load_op_free        (SluicePageLoadOp   *op);
void                 sluice_page_cancel              (GCancellable      **cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluicePageLoadOp, sluice_page_load_op_free)

/* Guarded actions --------------------------------------------------------- */

typedef void (*SluicePageUpdateFunc) (gpointer page);

GCancellable        *sluice_page_ensure_cancellable  (GCancellable      **cancellable);
void                 sluice_page_guard_confirm_async (GtkWidget          *page,
                                                      SluiceProfile      *profile,
                                                      SluiceConnection   *connection,
                                                      const char         *action_text,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean             sluice_page_guard_confirm_finish (GAsyncResult      *result,
                                                      GCancellable       *cancellable,
                                                      gpointer            page,
                                                      gboolean           *action_running,
                                                      SluicePageUpdateFunc update_actions);

G_END_DECLS
