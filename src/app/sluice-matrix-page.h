/* sluice-matrix-page.h: every environment that shares a migration folder,
 * side by side: which migration is where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-application.h"
#include "sluice-matrix-column.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_MATRIX_PAGE (sluice_matrix_page_get_type ())
G_DECLARE_FINAL_TYPE (SluiceMatrixPage, sluice_matrix_page, SLUICE, MATRIX_PAGE, GtkWidget)

/* Properties (notify): "application" (where the profiles and their sessions
 * are), "session" (nullable: the selected profile) and "loading"
 * (read-only: the folder or any column is still being read).
 *
 * Rows are the migrations of the selected profile's folder (and any that a
 * database applied but the folder no longer has); columns the profiles
 * whose migration folder is the same path, sandbox first and production
 * last.  The page reads when it is shown; each column connects and reads
 * on its own, at the same time as the others. */
GtkWidget             *sluice_matrix_page_new             (void);

SluiceApplication     *sluice_matrix_page_get_application (SluiceMatrixPage  *self);
void                   sluice_matrix_page_set_application (SluiceMatrixPage  *self,
                                                           SluiceApplication *application);
SluiceSession         *sluice_matrix_page_get_session     (SluiceMatrixPage  *self);
void                   sluice_matrix_page_set_session     (SluiceMatrixPage  *self,
                                                           SluiceSession     *session);
gboolean               sluice_matrix_page_get_loading     (SluiceMatrixPage  *self);

/* "empty", "loading", "failed" (the folder could not be read; see
 * get_error), "no-folder" or "matrix". */
const char            *sluice_matrix_page_get_view        (SluiceMatrixPage  *self);
const GError          *sluice_matrix_page_get_error       (SluiceMatrixPage  *self);
SluiceMigrationFolder *sluice_matrix_page_get_folder      (SluiceMatrixPage  *self);

/* The environments, in column order. */
guint                  sluice_matrix_page_get_n_columns   (SluiceMatrixPage  *self);
SluiceMatrixColumn    *sluice_matrix_page_get_column      (SluiceMatrixPage  *self,
                                                           guint              index);
/* The rows: GtkStringObject holding each version, in version order. */
GListModel            *sluice_matrix_page_get_rows        (SluiceMatrixPage  *self);

/* Reads the folder and every environment anew (or, while the page is
 * hidden, when it is next shown). */
void                   sluice_matrix_page_reload          (SluiceMatrixPage  *self);

G_END_DECLS
