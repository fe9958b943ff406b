/* sluice-migration-list.h: the History page's list of migrations, with a
 * search and a status filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-status.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_MIGRATION_LIST (sluice_migration_list_get_type ())
G_DECLARE_FINAL_TYPE (SluiceMigrationList, sluice_migration_list, SLUICE, MIGRATION_LIST, GtkWidget)

/* Properties (notify): "model" (nullable GListModel of SluiceStatusItem:
 * a status report's items) and "selected-item" (read-only, nullable: the
 * row chosen in the list).
 *
 * The rows are the model's items, filtered by the search (version or name,
 * any case) and the status chosen, sorted by the column clicked. */
GtkWidget        *sluice_migration_list_new               (void);

GListModel       *sluice_migration_list_get_model         (SluiceMigrationList *self);
void              sluice_migration_list_set_model         (SluiceMigrationList *self,
                                                           GListModel          *model);

/* The rows as filtered and sorted now (SluiceStatusItem). */
GListModel       *sluice_migration_list_get_visible_items (SluiceMigrationList *self);

SluiceStatusItem *sluice_migration_list_get_selected_item (SluiceMigrationList *self);
/* Selects @item and scrolls to it, clearing a filter that hides it; NULL
 * selects nothing.  FALSE when @item is not in the model. */
gboolean          sluice_migration_list_select_item       (SluiceMigrationList *self,
                                                           SluiceStatusItem    *item);

G_END_DECLS
