/* sluice-statement-stat.c: one row of pg_stat_statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-activity-private.h"
#include "sluice-statement-stat.h"

struct _SluiceStatementStat
{
  GObject  parent_instance;

  char    *query_id;
  char    *query;
  gint64   calls;
  double   total_ms;
  double   mean_ms;
  gint64   rows;
};

G_DEFINE_FINAL_TYPE (SluiceStatementStat, sluice_statement_stat, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_QUERY_ID,
  PROP_QUERY,
  PROP_CALLS,
  PROP_TOTAL_MS,
  PROP_MEAN_MS,
  PROP_ROWS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SluiceStatementStat *
sluice_statement_stat_new (const char *query_id,
                           const char *query,
                           gint64      calls,
                           double      total_ms,
                           double      mean_ms,
                           gint64      rows)
{
  SluiceStatementStat *self = g_object_new (SLUICE_TYPE_STATEMENT_STAT, NULL);

  self->query_id = g_strdup (query_id);
  self->query = g_strdup (query != NULL ? query : "");
  self->calls = calls;
  self->total_ms = total_ms;
  self->mean_ms = mean_ms;
  self->rows = rows;
  return self;
}

const char *
sluice_statement_stat_get_query_id (SluiceStatementStat *self)
{
  g_return_val_if_fail (SLUICE_IS_STATEMENT_STAT (self), NULL);
  return self->query_id;
}

const char *
sluice_statement_stat_get_query (SluiceStatementStat *self)
{
  g_return_val_if_fail (SLUICE_IS_STATEMENT_STAT (self), NULL);
  return self->query;
}

gint64
sluice_statement_stat_get_calls (SluiceStatementStat *self)
{
  g_return_val_if_fail (SLUICE_IS_STATEMENT_STAT (self), 0);
  return self->calls;
}

double
sluice_statement_stat_get_total_ms (SluiceStatementStat *self)
{
  g_return_val_if_fail (SLUICE_IS_STATEMENT_STAT (self), 0);
  return self->total_ms;
}

double
sluice_statement_stat_get_mean_ms (SluiceStatementStat *self)
{
  g_return_val_if_fail (SLUICE_IS_STATEMENT_STAT (self), 0);
  return self->mean_ms;
}

gint64
sluice_statement_stat_get_rows (SluiceStatementStat *self)
{
  g_return_val_if_fail (SLUICE_IS_STATEMENT_STAT (self), 0);
  return self->rows;
}

static void
sluice_statement_stat_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SluiceStatementStat *self = SLUICE_STATEMENT_STAT (object);

  switch (prop_id)
    {
    case PROP_QUERY_ID:
      g_value_set_string (value, self->query_id);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_CALLS:
      g_value_set_int64 (value, self->calls);
      break;
    case PROP_TOTAL_MS:
      g_value_set_double (value, self->total_ms);
      break;
    case PROP_MEAN_MS:
      g_value_set_double (value, self->mean_ms);
      break;
    case PROP_ROWS:
      g_value_set_int64 (value, self->rows);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_statement_stat_finalize (GObject *object)
{
  SluiceStatementStat *self = SLUICE_STATEMENT_STAT (object);

  g_clear_pointer (&self->query_id, g_free);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (sluice_statement_stat_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
sluice_statement_stat_class_init (SluiceStatementStatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sluice_statement_stat_get_property;
  object_class->finalize = sluice_statement_stat_finalize;

  properties[PROP_QUERY_ID] = g_param_spec_string ("query-id", NULL, NULL, NULL, RO);
  properties[PROP_QUERY] = g_param_spec_string ("query", NULL, NULL, NULL, RO);
  properties[PROP_CALLS] = g_param_spec_int64 ("calls", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_TOTAL_MS] = g_param_spec_double ("total-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, RO);
  properties[PROP_MEAN_MS] = g_param_spec_double ("mean-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, RO);
  properties[PROP_ROWS] = g_param_spec_int64 ("rows", NULL, NULL, 0, G_MAXINT64, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_statement_stat_init (SluiceStatementStat *self)
{
}
