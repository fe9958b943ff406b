/* sluice-matrix-grid.h: the environment matrix itself: migrations down,
 * environments across, each cell the migration's status there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-matrix-column.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_MATRIX_GRID (sluice_matrix_grid_get_type ())
G_DECLARE_FINAL_TYPE (SluiceMatrixGrid, sluice_matrix_grid, SLUICE, MATRIX_GRID, GtkWidget)

/* The first column names the migration; then one per environment, its
 * header in the environment's colour.  A cell follows its column as it
 * loads: "…", then a status pill and the date applied, or why the
 * database could not be read. */
GtkWidget  *sluice_matrix_grid_new              (void);

/* The rows: GtkStringObject holding each version, in version order. */
GListModel *sluice_matrix_grid_get_rows         (SluiceMatrixGrid      *self);
/* A row per migration of @folder; a row per migration @report knows, for
 * what a database applied that the folder no longer has.  A version
 * already there is left as it is. */
void        sluice_matrix_grid_add_folder_rows  (SluiceMatrixGrid      *self,
                                                 SluiceMigrationFolder *folder);
void        sluice_matrix_grid_add_report_rows  (SluiceMatrixGrid      *self,
                                                 SluiceStatusReport    *report);

/* A column per SluiceMatrixColumn of @columns, in that order, in place of
 * the environments shown. */
void        sluice_matrix_grid_set_columns      (SluiceMatrixGrid      *self,
                                                 GPtrArray             *columns);
/* No rows and no environments. */
void        sluice_matrix_grid_clear            (SluiceMatrixGrid      *self);

G_END_DECLS
