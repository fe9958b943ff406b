/* sluice-tables-view.h: the Tables tab of the Indexes page: sizes, tuples,
 * maintenance and how each table is read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-health.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_TABLES_VIEW (sluice_tables_view_get_type ())
G_DECLARE_FINAL_TYPE (SluiceTablesView, sluice_tables_view, SLUICE, TABLES_VIEW, GtkWidget)

GtkWidget  *sluice_tables_view_new                (void);
/* @tables: SluiceTableHealth (nullable). */
void        sluice_tables_view_set_tables         (SluiceTablesView *self,
                                                   GListModel       *tables);
/* Shows only the tables whose schema or name contains @text (ignoring
 * case); NULL or "" shows all. */
void        sluice_tables_view_set_search         (SluiceTablesView *self,
                                                   const char       *text);
/* The table the detail pane shows, or NULL. */
SluiceTableHealth *sluice_tables_view_get_selected_table (SluiceTablesView *self);
/* Selects a shown table; FALSE when it is not shown. */
gboolean    sluice_tables_view_select_table       (SluiceTablesView *self,
                                                   const char       *schema,
                                                   const char       *name);
/* The rows as filtered and sorted now (SluiceTableHealth). */
GListModel *sluice_tables_view_get_visible_tables (SluiceTablesView *self);

G_END_DECLS
