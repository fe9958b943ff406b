/* sluice-result.h: the rows of one statement's result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sluice-types.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_RESULT (sluice_result_get_type ())
G_DECLARE_FINAL_TYPE (SluiceResult, sluice_result, SLUICE, RESULT, GObject)

/* Takes ownership of @pg_result (a PGresult *, kept opaque here so that
 * headers need no libpq).  @elapsed_us is the round trip, send to result. */
SluiceResult  *sluice_result_new_take        (gpointer      pg_result,
                                              gint64        elapsed_us);

int            sluice_result_get_n_rows      (SluiceResult *self);
int            sluice_result_get_n_columns   (SluiceResult *self);
const char    *sluice_result_get_column_name (SluiceResult *self,
                                              int           column);
/* -1 when there is no such column. */
int            sluice_result_get_column_index (SluiceResult *self,
                                               const char   *name);
/* NULL for SQL NULL. */
const char    *sluice_result_get_value       (SluiceResult *self,
                                              int           row,
                                              int           column);
const char    *sluice_result_get_value_by_name (SluiceResult *self,
                                                int           row,
                                                const char   *column);
gboolean       sluice_result_is_null         (SluiceResult *self,
                                              int           row,
                                              int           column);
gint64         sluice_result_get_int64       (SluiceResult *self,
                                              int           row,
                                              int           column);
gboolean       sluice_result_get_boolean     (SluiceResult *self,
                                              int           row,
                                              int           column);
/* "INSERT 0 1", "CREATE TABLE", ... */
const char    *sluice_result_get_command_status (SluiceResult *self);
gint64         sluice_result_get_elapsed_us  (SluiceResult *self);

G_END_DECLS
