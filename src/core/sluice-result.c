/* sluice-result.c: the rows of one statement's result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "sluice-result.h"

struct _SluiceResult
{
  GObject   parent_instance;

  PGresult *pg_result;
  gint64    elapsed_us;
};

G_DEFINE_FINAL_TYPE (SluiceResult, sluice_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_ROWS,
  PROP_N_COLUMNS,
  PROP_COMMAND_STATUS,
  PROP_ELAPSED_US,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sluice_result_finalize (GObject *object)
{
  SluiceResult *self = (SluiceResult *)object;

  g_clear_pointer (&self->pg_result, PQclear);

  G_OBJECT_CLASS (sluice_result_parent_class)->finalize (object);
}

static void
sluice_result_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SluiceResult *self = SLUICE_RESULT (object);

  switch (prop_id)
    {
    case PROP_N_ROWS:
      g_value_set_int (value, sluice_result_get_n_rows (self));
      break;

    case PROP_N_COLUMNS:
      g_value_set_int (value, sluice_result_get_n_columns (self));
      break;

    case PROP_COMMAND_STATUS:
      g_value_set_string (value, sluice_result_get_command_status (self));
      break;

    case PROP_ELAPSED_US:
      g_value_set_int64 (value, self->elapsed_us);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_result_class_init (SluiceResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_result_finalize;
  object_class->get_property = sluice_result_get_property;

  properties[PROP_N_ROWS] =
    g_param_spec_int ("n-rows", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_COLUMNS] =
    g_param_spec_int ("n-columns", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_COMMAND_STATUS] =
    g_param_spec_string ("command-status", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ELAPSED_US] =
    g_param_spec_int64 ("elapsed-us", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_result_init (SluiceResult *self)
{
}

SluiceResult *
sluice_result_new_take (gpointer pg_result,
                        gint64   elapsed_us)
{
  SluiceResult *self;

  g_return_val_if_fail (pg_result != NULL, NULL);

  self = g_object_new (SLUICE_TYPE_RESULT, NULL);
  self->pg_result = pg_result;
  self->elapsed_us = MAX (elapsed_us, 0);

  return self;
}

int
sluice_result_get_n_rows (SluiceResult *self)
{
  g_return_val_if_fail (SLUICE_IS_RESULT (self), 0);

  return PQntuples (self->pg_result);
}

int
sluice_result_get_n_columns (SluiceResult *self)
{
  g_return_val_if_fail (SLUICE_IS_RESULT (self), 0);

  return PQnfields (self->pg_result);
}

const char *
sluice_result_get_column_name (SluiceResult *self,
                               int           column)
{
  g_return_val_if_fail (SLUICE_IS_RESULT (self), NULL);
  g_return_val_if_fail (column >= 0 && column < PQnfields (self->pg_result), NULL);

  return PQfname (self->pg_result, column);
}

/* An exact match on the name the server sent.  PQfnumber() is not used on
 * purpose: it folds unquoted names to lower case and parses double quotes,
 * which surprises callers that pass a name they read from the result. */
int
sluice_result_get_column_index (SluiceResult *self,
                                const char   *name)
{
  int n_columns;

  g_return_val_if_fail (SLUICE_IS_RESULT (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  n_columns = PQnfields (self->pg_result);
  for (int i = 0; i < n_columns; i++)
    {
      if (strcmp (PQfname (self->pg_result, i), name) == 0)
        return i;
    }

  return -1;
}

static gboolean
cell_is_valid (SluiceResult *self,
               int           row,
               int           column)
{
  return row >= 0 && row < PQntuples (self->pg_result) &&
         column >= 0 && column < PQnfields (self->pg_result);
}

const char *
sluice_result_get_value (SluiceResult *self,
                         int           row,
                         int           column)
{
  g_return_val_if_fail (SLUICE_IS_RESULT (self), NULL);
  g_return_val_if_fail (cell_is_valid (self, row, column), NULL);

  /* PQgetvalue() gives "" for SQL NULL; callers must be able to tell. */
  if (PQgetisnull (self->pg_result, row, column))
    return NULL;

  return PQgetvalue (self->pg_result, row, column);
}

const char *
sluice_result_get_value_by_name (SluiceResult *self,
                                 int           row,
                                 const char   *column)
{
  int index;

  g_return_val_if_fail (SLUICE_IS_RESULT (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  index = sluice_result_get_column_index (self, column);
  g_return_val_if_fail (index >= 0, NULL);

  return sluice_result_get_value (self, row, index);
}

gboolean
sluice_result_is_null (SluiceResult *self,
                       int           row,
                       int           column)
{
  g_return_val_if_fail (SLUICE_IS_RESULT (self), TRUE);
  g_return_val_if_fail (cell_is_valid (self, row, column), TRUE);

  return PQgetisnull (self->pg_result, row, column);
}

/* 0 for SQL NULL and for text that is not an integer. */
gint64
sluice_result_get_int64 (SluiceResult *self,
                         int           row,
                         int           column)
{
  const char *value;
  char *end = NULL;
  gint64 number;

  g_return_val_if_fail (SLUICE_IS_RESULT (self), 0);
  g_return_val_if_fail (cell_is_valid (self, row, column), 0);

  value = sluice_result_get_value (self, row, column);
  if (value == NULL)
    return 0;

  number = g_ascii_strtoll (value, &end, 10);
  if (end == value || *end != '\0')
    return 0;

  return number;
}

/* TRUE only for the server's text form of true ("t"); NULL is FALSE. */
gboolean
sluice_result_get_boolean (SluiceResult *self,
                           int           row,
                           int           column)
{
  const char *value;

  g_return_val_if_fail (SLUICE_IS_RESULT (self), FALSE);
  g_return_val_if_fail (cell_is_valid (self, row, column), FALSE);

  value = sluice_result_get_value (self, row, column);

  return value != NULL && strcmp (value, "t") == 0;
}

const char *
sluice_result_get_command_status (SluiceResult *self)
{
  g_return_val_if_fail (SLUICE_IS_RESULT (self), NULL);

  return PQcmdStatus (self->pg_result);
}

gint64
sluice_result_get_elapsed_us (SluiceResult *self)
{
  g_return_val_if_fail (SLUICE_IS_RESULT (self), 0);

  return self->elapsed_us;
}
