/* sluice-table-health.c: one table of the health report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-health-private.h"
#include "sluice-table-health.h"

struct _SluiceTableHealth
{
  GObject           parent_instance;

  SluiceTableFacts *facts;
  char             *hint;
};

G_DEFINE_FINAL_TYPE (SluiceTableHealth, sluice_table_health, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OID,
  PROP_SCHEMA,
  PROP_NAME,
  PROP_HEAP_BYTES,
  PROP_INDEX_BYTES,
  PROP_TOAST_BYTES,
  PROP_TOTAL_BYTES,
  PROP_LIVE_TUPLES,
  PROP_DEAD_TUPLES,
  PROP_LAST_VACUUM,
  PROP_LAST_AUTOVACUUM,
  PROP_LAST_ANALYZE,
  PROP_LAST_AUTOANALYZE,
  PROP_SEQ_SCANS,
  PROP_SEQ_TUPLES_READ,
  PROP_INDEX_SCANS,
  PROP_INDEX_TUPLES_FETCHED,
  PROP_INSERTS,
  PROP_UPDATES,
  PROP_HOT_UPDATES,
  PROP_DELETES,
  PROP_MODIFIED_SINCE_ANALYZE,
  PROP_VACUUM_COUNT,
  PROP_AUTOVACUUM_COUNT,
  PROP_ANALYZE_COUNT,
  PROP_AUTOANALYZE_COUNT,
  PROP_INDEX_SHARE,
  PROP_MOSTLY_SEQUENTIAL,
  PROP_HINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SluiceTableFacts *
sluice_table_facts_new (void)
{
  return g_new0 (SluiceTableFacts, 1);
}

void
sluice_table_facts_free (SluiceTableFacts *facts)
{
  if (facts == NULL)
    return;

  g_free (facts->schema);
  g_free (facts->name);
  g_clear_pointer (&facts->last_vacuum, g_date_time_unref);
  g_clear_pointer (&facts->last_autovacuum, g_date_time_unref);
  g_clear_pointer (&facts->last_analyze, g_date_time_unref);
  g_clear_pointer (&facts->last_autoanalyze, g_date_time_unref);
  g_free (facts);
}

static double
index_share (const SluiceTableFacts *facts)
{
  gint64 scans = facts->seq_scans + facts->index_scans;

  if (scans <= 0)
    return -1;
  return (double) facts->index_scans / (double) scans;
}

/* A large table that sequential scans read mostly, and read whole at least
 * once: a query is missing an index, or one is not selective enough. */
gboolean
sluice_table_facts_mostly_sequential (const SluiceTableFacts *facts)
{
  double share = index_share (facts);

  return facts->live_tuples >= SLUICE_TABLE_HINT_MIN_ROWS
         && facts->seq_scans > 0
         && share >= 0 && share < SLUICE_TABLE_HINT_MIN_INDEX_SHARE
         && facts->seq_tuples_read >= facts->live_tuples;
}

SluiceTableHealth *
sluice_table_health_new_take_facts (SluiceTableFacts *facts)
{
  SluiceTableHealth *self;

  g_return_val_if_fail (facts != NULL, NULL);

  self = g_object_new (SLUICE_TYPE_TABLE_HEALTH, NULL);
  self->facts = facts;

  if (sluice_table_facts_mostly_sequential (facts))
    {
      g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, facts->live_tuples);
      g_autofree char *read = g_strdup_printf ("%" G_GINT64_FORMAT, facts->seq_tuples_read);

      /* Translators: "%.0f%%" is the share of index scans, e.g. "12%" */
      self->hint = g_strdup_printf (_("Only %.0f%% of the scans of this table of %s rows use an index, and sequential scans read %s rows since the statistics reset: a frequent query probably lacks an index (see pg_stat_statements, then EXPLAIN it)."),
                                    index_share (facts) * 100.0, rows, read);
    }

  return self;
}

guint32
sluice_table_health_get_oid (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->oid;
}

const char *
sluice_table_health_get_schema (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), NULL);
  return self->facts->schema;
}

const char *
sluice_table_health_get_name (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), NULL);
  return self->facts->name;
}

gint64
sluice_table_health_get_total_bytes (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->heap_bytes + self->facts->index_bytes + self->facts->toast_bytes;
}

double
sluice_table_health_get_index_share (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), -1);
  return index_share (self->facts);
}

gboolean
sluice_table_health_get_mostly_sequential (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), FALSE);
  return self->hint != NULL;
}

const char *
sluice_table_health_get_hint (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), NULL);
  return self->hint;
}

gint64
sluice_table_health_get_heap_bytes (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->heap_bytes;
}

gint64
sluice_table_health_get_index_bytes (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->index_bytes;
}

gint64
sluice_table_health_get_toast_bytes (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->toast_bytes;
}

gint64
sluice_table_health_get_live_tuples (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->live_tuples;
}

gint64
sluice_table_health_get_dead_tuples (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->dead_tuples;
}

gint64
sluice_table_health_get_seq_scans (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->seq_scans;
}

gint64
sluice_table_health_get_seq_tuples_read (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->seq_tuples_read;
}

gint64
sluice_table_health_get_index_scans (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->index_scans;
}

gint64
sluice_table_health_get_index_tuples_fetched (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->index_tuples_fetched;
}

gint64
sluice_table_health_get_inserts (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->inserts;
}

gint64
sluice_table_health_get_updates (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->updates;
}

gint64
sluice_table_health_get_hot_updates (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->hot_updates;
}

gint64
sluice_table_health_get_deletes (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->deletes;
}

gint64
sluice_table_health_get_modified_since_analyze (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->modified_since_analyze;
}

gint64
sluice_table_health_get_vacuum_count (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->vacuum_count;
}

gint64
sluice_table_health_get_autovacuum_count (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->autovacuum_count;
}

gint64
sluice_table_health_get_analyze_count (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->analyze_count;
}

gint64
sluice_table_health_get_autoanalyze_count (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), 0);
  return self->facts->autoanalyze_count;
}

GDateTime *
sluice_table_health_get_last_vacuum (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), NULL);
  return self->facts->last_vacuum;
}

GDateTime *
sluice_table_health_get_last_autovacuum (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), NULL);
  return self->facts->last_autovacuum;
}

GDateTime *
sluice_table_health_get_last_analyze (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), NULL);
  return self->facts->last_analyze;
}

GDateTime *
sluice_table_health_get_last_autoanalyze (SluiceTableHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_TABLE_HEALTH (self), NULL);
  return self->facts->last_autoanalyze;
}

static void
sluice_table_health_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SluiceTableHealth *self = SLUICE_TABLE_HEALTH (object);

  if (self->facts == NULL)
    return;

  switch (prop_id)
    {
    case PROP_OID:
      g_value_set_uint (value, self->facts->oid);
      break;
    case PROP_SCHEMA:
      g_value_set_string (value, self->facts->schema);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->facts->name);
      break;
    case PROP_TOTAL_BYTES:
      g_value_set_int64 (value, sluice_table_health_get_total_bytes (self));
      break;
    case PROP_INDEX_SHARE:
      g_value_set_double (value, index_share (self->facts));
      break;
    case PROP_MOSTLY_SEQUENTIAL:
      g_value_set_boolean (value, self->hint != NULL);
      break;
    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;
    case PROP_HEAP_BYTES:
      g_value_set_int64 (value, self->facts->heap_bytes);
      break;
    case PROP_INDEX_BYTES:
      g_value_set_int64 (value, self->facts->index_bytes);
      break;
    case PROP_TOAST_BYTES:
      g_value_set_int64 (value, self->facts->toast_bytes);
      break;
    case PROP_LIVE_TUPLES:
      g_value_set_int64 (value, self->facts->live_tuples);
      break;
    case PROP_DEAD_TUPLES:
      g_value_set_int64 (value, self->facts->dead_tuples);
      break;
    case PROP_SEQ_SCANS:
      g_value_set_int64 (value, self->facts->seq_scans);
      break;
    case PROP_SEQ_TUPLES_READ:
      g_value_set_int64 (value, self->facts->seq_tuples_read);
      break;
    case PROP_INDEX_SCANS:
      g_value_set_int64 (value, self->facts->index_scans);
      break;
    case PROP_INDEX_TUPLES_FETCHED:
      g_value_set_int64 (value, self->facts->index_tuples_fetched);
      break;
    case PROP_INSERTS:
      g_value_set_int64 (value, self->facts->inserts);
      break;
    case PROP_UPDATES:
      g_value_set_int64 (value, self->facts->updates);
      break;
    case PROP_HOT_UPDATES:
      g_value_set_int64 (value, self->facts->hot_updates);
      break;
    case PROP_DELETES:
      g_value_set_int64 (value, self->facts->deletes);
      break;
    case PROP_MODIFIED_SINCE_ANALYZE:
      g_value_set_int64 (value, self->facts->modified_since_analyze);
      break;
    case PROP_VACUUM_COUNT:
      g_value_set_int64 (value, self->facts->vacuum_count);
      break;
    case PROP_AUTOVACUUM_COUNT:
      g_value_set_int64 (value, self->facts->autovacuum_count);
      break;
    case PROP_ANALYZE_COUNT:
      g_value_set_int64 (value, self->facts->analyze_count);
      break;
    case PROP_AUTOANALYZE_COUNT:
      g_value_set_int64 (value, self->facts->autoanalyze_count);
      break;
    case PROP_LAST_VACUUM:
      g_value_set_boxed (value, self->facts->last_vacuum);
      break;
    case PROP_LAST_AUTOVACUUM:
      g_value_set_boxed (value, self->facts->last_autovacuum);
      break;
    case PROP_LAST_ANALYZE:
      g_value_set_boxed (value, self->facts->last_analyze);
      break;
    case PROP_LAST_AUTOANALYZE:
      g_value_set_boxed (value, self->facts->last_autoanalyze);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_table_health_finalize (GObject *object)
{
  SluiceTableHealth *self = SLUICE_TABLE_HEALTH (object);

  g_clear_pointer (&self->facts, sluice_table_facts_free);
  g_clear_pointer (&self->hint, g_free);

  G_OBJECT_CLASS (sluice_table_health_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
sluice_table_health_class_init (SluiceTableHealthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sluice_table_health_get_property;
  object_class->finalize = sluice_table_health_finalize;

  properties[PROP_OID] = g_param_spec_uint ("oid", NULL, NULL, 0, G_MAXUINT32, 0, RO);
  properties[PROP_SCHEMA] = g_param_spec_string ("schema", NULL, NULL, NULL, RO);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, RO);
  properties[PROP_TOTAL_BYTES] = g_param_spec_int64 ("total-bytes", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_INDEX_SHARE] = g_param_spec_double ("index-share", NULL, NULL, -1, 1, -1, RO);
  properties[PROP_MOSTLY_SEQUENTIAL] = g_param_spec_boolean ("mostly-sequential", NULL, NULL, FALSE, RO);
  properties[PROP_HINT] = g_param_spec_string ("hint", NULL, NULL, NULL, RO);
  properties[PROP_HEAP_BYTES] = g_param_spec_int64 ("heap-bytes", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_INDEX_BYTES] = g_param_spec_int64 ("index-bytes", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_TOAST_BYTES] = g_param_spec_int64 ("toast-bytes", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_LIVE_TUPLES] = g_param_spec_int64 ("live-tuples", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_DEAD_TUPLES] = g_param_spec_int64 ("dead-tuples", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_SEQ_SCANS] = g_param_spec_int64 ("seq-scans", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_SEQ_TUPLES_READ] = g_param_spec_int64 ("seq-tuples-read", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_INDEX_SCANS] = g_param_spec_int64 ("index-scans", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_INDEX_TUPLES_FETCHED] = g_param_spec_int64 ("index-tuples-fetched", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_INSERTS] = g_param_spec_int64 ("inserts", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_UPDATES] = g_param_spec_int64 ("updates", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_HOT_UPDATES] = g_param_spec_int64 ("hot-updates", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_DELETES] = g_param_spec_int64 ("deletes", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_MODIFIED_SINCE_ANALYZE] = g_param_spec_int64 ("modified-since-analyze", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_VACUUM_COUNT] = g_param_spec_int64 ("vacuum-count", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_AUTOVACUUM_COUNT] = g_param_spec_int64 ("autovacuum-count", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_ANALYZE_COUNT] = g_param_spec_int64 ("analyze-count", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_AUTOANALYZE_COUNT] = g_param_spec_int64 ("autoanalyze-count", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_LAST_VACUUM] = g_param_spec_boxed ("last-vacuum", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_LAST_AUTOVACUUM] = g_param_spec_boxed ("last-autovacuum", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_LAST_ANALYZE] = g_param_spec_boxed ("last-analyze", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_LAST_AUTOANALYZE] = g_param_spec_boxed ("last-autoanalyze", NULL, NULL, G_TYPE_DATE_TIME, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_table_health_init (SluiceTableHealth *self)
{
}
