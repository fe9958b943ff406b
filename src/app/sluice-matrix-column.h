/* sluice-matrix-column.h: one environment of the matrix: a profile, its
 * connection and the status of the shared folder's migrations there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice.h"
#include "sluice-status.h"

G_BEGIN_DECLS

typedef enum
{
  SLUICE_MATRIX_COLUMN_LOADING,
  SLUICE_MATRIX_COLUMN_READY,
  SLUICE_MATRIX_COLUMN_UNREACHABLE,  /* could not connect */
  SLUICE_MATRIX_COLUMN_UNREADABLE,   /* connected, but the history could not be read */
} SluiceMatrixColumnState;

GType sluice_matrix_column_state_get_type (void) G_GNUC_CONST;
#define SLUICE_TYPE_MATRIX_COLUMN_STATE (sluice_matrix_column_state_get_type ())

#define SLUICE_TYPE_MATRIX_COLUMN (sluice_matrix_column_get_type ())
G_DECLARE_FINAL_TYPE (SluiceMatrixColumn, sluice_matrix_column, SLUICE, MATRIX_COLUMN, GObject)

/* Properties: "session" (construct-only), "state" and "report" (read-only,
 * notify).  A column loads on its own: one that cannot be reached fails
 * alone, and never holds up the others. */
SluiceMatrixColumn      *sluice_matrix_column_new        (SluiceSession          *session);

SluiceSession           *sluice_matrix_column_get_session (SluiceMatrixColumn    *self);
SluiceProfile           *sluice_matrix_column_get_profile (SluiceMatrixColumn    *self);
SluiceMatrixColumnState  sluice_matrix_column_get_state  (SluiceMatrixColumn     *self);
const GError            *sluice_matrix_column_get_error  (SluiceMatrixColumn     *self);
SluiceStatusReport      *sluice_matrix_column_get_report (SluiceMatrixColumn     *self);
/* The status of @version here; NULL while loading, or when this database
 * knows no such migration. */
SluiceStatusItem        *sluice_matrix_column_find_item  (SluiceMatrixColumn     *self,
                                                          const char             *version);

/* Connects (sluice_session_connect_async()), reads the history with the
 * folder's format preferred, and joins it with @folder.  Cancelling stops
 * it without a state change. */
void                     sluice_matrix_column_load       (SluiceMatrixColumn     *self,
                                                          SluiceMigrationFolder  *folder,
                                                          GCancellable           *cancellable);

G_END_DECLS
