/* sluice-index-sampler.c: polls index scans while a page is open, for sparklines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-index-sampler.h"

typedef struct
{
  gint64  last_scans;
  gint64  last_time_us;   /* monotonic, when the sample arrived */
  GArray *rates;          /* double, scans per minute, oldest first */
  guint   seen_in_poll;
} IndexRing;

struct _SluiceIndexSampler
{
  GObject           parent_instance;

  SluiceConnection *connection;
  guint             interval_ms;
  guint             capacity;
  guint             timeout_id;
  GCancellable     *cancellable;    /* of the poll in flight, NULL when none */
  guint             n_samples;
  char             *last_error;
  char             *stats_reset;    /* of the last poll, to see a reset of the whole database */
  GHashTable       *rings;          /* GUINT_TO_POINTER (oid) -> IndexRing */
};

G_DEFINE_FINAL_TYPE (SluiceIndexSampler, sluice_index_sampler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_INTERVAL_MS,
  PROP_CAPACITY,
  PROP_RUNNING,
  PROP_N_SAMPLES,
  PROP_LAST_ERROR,
  N_PROPS
};

enum {
  SAMPLED,
  INDEX_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Small enough to cost nothing every few seconds: counters only. */
static const char poll_sql[] =
  "SELECT s.indexrelid, s.idx_scan, d.stats_reset::text"
  "  FROM pg_stat_user_indexes s"
  "  LEFT JOIN pg_stat_database d ON d.datname = current_database()";

static void
index_ring_free (IndexRing *ring)
{
  g_array_unref (ring->rates);
  g_free (ring);
}

static IndexRing *
index_ring_new (gint64 scans,
                gint64 now_us)
{
  IndexRing *ring = g_new0 (IndexRing, 1);

  ring->rates = g_array_new (FALSE, FALSE, sizeof (double));
  ring->last_scans = scans;
  ring->last_time_us = now_us;
  return ring;
}

static void
ring_add_sample (SluiceIndexSampler *self,
                 IndexRing          *ring,
                 gint64              scans,
                 gint64              now_us)
{
  gint64 elapsed_us = now_us - ring->last_time_us;

  /* A counter that went down was reset: what came before says nothing
   * about the rate now, so start over from this sample. */
  if (scans < ring->last_scans)
    g_array_set_size (ring->rates, 0);
  else if (elapsed_us > 0)
    {
      double rate = (double) (scans - ring->last_scans) * 60.0 * G_USEC_PER_SEC / (double) elapsed_us;

      g_array_append_val (ring->rates, rate);
      while (ring->rates->len > self->capacity)
        g_array_remove_index (ring->rates, 0);
    }

  ring->last_scans = scans;
  ring->last_time_us = now_us;
}

static void
set_last_error (SluiceIndexSampler *self,
                const char         *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
forget_missing (SluiceIndexSampler *self,
                guint               poll)
{
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      IndexRing *ring = value;

      if (ring->seen_in_poll != poll)
        {
          guint oid = GPOINTER_TO_UINT (key);

          g_array_append_val (removed, oid);
          g_hash_table_iter_remove (&iter);
        }
    }

  for (guint i = 0; i < removed->len; i++)
    g_signal_emit (self, signals[INDEX_REMOVED], 0, g_array_index (removed, guint, i));
}

static void
take_sample (SluiceIndexSampler *self,
             SluiceResult       *result)
{
  gint64 now_us = g_get_monotonic_time ();
  guint poll = self->n_samples + 1;
  int n_rows = sluice_result_get_n_rows (result);

  if (n_rows > 0)
    {
      const char *stats_reset = sluice_result_get_value (result, 0, 2);

      /* pg_stat_reset(): every counter starts again. */
      if (self->n_samples > 0 && g_strcmp0 (stats_reset, self->stats_reset) != 0)
        g_hash_table_remove_all (self->rings);
      g_free (self->stats_reset);
      self->stats_reset = g_strdup (stats_reset);
    }

  for (int row = 0; row < n_rows; row++)
    {
      guint oid = (guint) sluice_result_get_int64 (result, row, 0);
      gint64 scans = sluice_result_get_int64 (result, row, 1);
      IndexRing *ring = g_hash_table_lookup (self->rings, GUINT_TO_POINTER (oid));

      if (ring == NULL)
        {
          ring = index_ring_new (scans, now_us);
          g_hash_table_insert (self->rings, GUINT_TO_POINTER (oid), ring);
        }
      else
        ring_add_sample (self, ring, scans, now_us);

      ring->seen_in_poll = poll;
    }

  forget_missing (self, poll);

  self->n_samples = poll;
  set_last_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SAMPLES]);
  g_signal_emit (self, signals[SAMPLED], 0);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SluiceIndexSampler) self = user_data;
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (rows == NULL)
    {
      set_last_error (self, error->message);
      return;
    }

  take_sample (self, rows);
}

static gboolean
poll_now (gpointer user_data)
{
  SluiceIndexSampler *self = user_data;

  /* One poll at a time: a slow server gets fewer samples, not a queue. */
  if (self->cancellable != NULL)
    return G_SOURCE_CONTINUE;

  self->cancellable = g_cancellable_new ();
  sluice_connection_query_async (self->connection, poll_sql, NULL, 0, self->cancellable,
                                 poll_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

SluiceIndexSampler *
sluice_index_sampler_new (SluiceConnection *connection)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (connection), NULL);

  return g_object_new (SLUICE_TYPE_INDEX_SAMPLER, "connection", connection, NULL);
}

SluiceConnection *
sluice_index_sampler_get_connection (SluiceIndexSampler *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_SAMPLER (self), NULL);
  return self->connection;
}

guint
sluice_index_sampler_get_interval_ms (SluiceIndexSampler *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_SAMPLER (self), 0);
  return self->interval_ms;
}

static void
schedule (SluiceIndexSampler *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (self->interval_ms, poll_now, self);
}

void
sluice_index_sampler_set_interval_ms (SluiceIndexSampler *self,
                                      guint               interval_ms)
{
  g_return_if_fail (SLUICE_IS_INDEX_SAMPLER (self));
  g_return_if_fail (interval_ms > 0);

  if (self->interval_ms == interval_ms)
    return;

  self->interval_ms = interval_ms;
  if (self->timeout_id != 0)
    schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
}

guint
sluice_index_sampler_get_capacity (SluiceIndexSampler *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_SAMPLER (self), 0);
  return self->capacity;
}

void
sluice_index_sampler_set_capacity (SluiceIndexSampler *self,
                                   guint               capacity)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SLUICE_IS_INDEX_SAMPLER (self));
  g_return_if_fail (capacity > 0);

  if (self->capacity == capacity)
    return;

  self->capacity = capacity;
  g_hash_table_iter_init (&iter, self->rings);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      IndexRing *ring = value;

      if (ring->rates->len > capacity)
        g_array_remove_range (ring->rates, 0, ring->rates->len - capacity);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

void
sluice_index_sampler_start (SluiceIndexSampler *self)
{
  g_return_if_fail (SLUICE_IS_INDEX_SAMPLER (self));

  if (self->timeout_id != 0)
    return;

  schedule (self);
  poll_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
sluice_index_sampler_stop (SluiceIndexSampler *self)
{
  g_return_if_fail (SLUICE_IS_INDEX_SAMPLER (self));

  if (self->timeout_id == 0)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
sluice_index_sampler_get_running (SluiceIndexSampler *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_SAMPLER (self), FALSE);
  return self->timeout_id != 0;
}

guint
sluice_index_sampler_get_n_samples (SluiceIndexSampler *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_SAMPLER (self), 0);
  return self->n_samples;
}

const char *
sluice_index_sampler_get_last_error (SluiceIndexSampler *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_SAMPLER (self), NULL);
  return self->last_error;
}

GArray *
sluice_index_sampler_dup_rates (SluiceIndexSampler *self,
                                guint32             index_oid)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (double));
  IndexRing *ring;

  g_return_val_if_fail (SLUICE_IS_INDEX_SAMPLER (self), copy);

  ring = g_hash_table_lookup (self->rings, GUINT_TO_POINTER (index_oid));
  if (ring != NULL && ring->rates->len > 0)
    g_array_append_vals (copy, ring->rates->data, ring->rates->len);

  return copy;
}

gint64
sluice_index_sampler_get_last_scans (SluiceIndexSampler *self,
                                     guint32             index_oid)
{
  IndexRing *ring;

  g_return_val_if_fail (SLUICE_IS_INDEX_SAMPLER (self), -1);

  ring = g_hash_table_lookup (self->rings, GUINT_TO_POINTER (index_oid));
  return ring != NULL ? ring->last_scans : -1;
}

double
sluice_index_sampler_get_max_rate (SluiceIndexSampler *self)
{
  GHashTableIter iter;
  gpointer value;
  double max_rate = 0;

  g_return_val_if_fail (SLUICE_IS_INDEX_SAMPLER (self), 0);

  g_hash_table_iter_init (&iter, self->rings);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      IndexRing *ring = value;

      for (guint i = 0; i < ring->rates->len; i++)
        max_rate = MAX (max_rate, g_array_index (ring->rates, double, i));
    }

  return max_rate;
}

void
sluice_index_sampler_clear (SluiceIndexSampler *self)
{
  g_return_if_fail (SLUICE_IS_INDEX_SAMPLER (self));

  g_hash_table_remove_all (self->rings);
}

static void
sluice_index_sampler_dispose (GObject *object)
{
  SluiceIndexSampler *self = SLUICE_INDEX_SAMPLER (object);

  sluice_index_sampler_stop (self);

  G_OBJECT_CLASS (sluice_index_sampler_parent_class)->dispose (object);
}

static void
sluice_index_sampler_finalize (GObject *object)
{
  SluiceIndexSampler *self = SLUICE_INDEX_SAMPLER (object);

  g_clear_object (&self->connection);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->stats_reset, g_free);
  g_clear_pointer (&self->rings, g_hash_table_unref);

  G_OBJECT_CLASS (sluice_index_sampler_parent_class)->finalize (object);
}

static void
sluice_index_sampler_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SluiceIndexSampler *self = SLUICE_INDEX_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->timeout_id != 0);
      break;
    case PROP_N_SAMPLES:
      g_value_set_uint (value, self->n_samples);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_index_sampler_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SluiceIndexSampler *self = SLUICE_INDEX_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    case PROP_INTERVAL_MS:
      sluice_index_sampler_set_interval_ms (self, g_value_get_uint (value));
      break;
    case PROP_CAPACITY:
      sluice_index_sampler_set_capacity (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_index_sampler_class_init (SluiceIndexSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sluice_index_sampler_dispose;
  object_class->finalize = sluice_index_sampler_finalize;
  object_class->get_property = sluice_index_sampler_get_property;
  object_class->set_property = sluice_index_sampler_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SLUICE_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL, 1, G_MAXUINT,
                       SLUICE_INDEX_SAMPLER_DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL, 1, G_MAXUINT,
                       SLUICE_INDEX_SAMPLER_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SAMPLES] =
    g_param_spec_uint ("n-samples", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAMPLED] = g_signal_new ("sampled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[INDEX_REMOVED] = g_signal_new ("index-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
sluice_index_sampler_init (SluiceIndexSampler *self)
{
  self->interval_ms = SLUICE_INDEX_SAMPLER_DEFAULT_INTERVAL_MS;
  self->capacity = SLUICE_INDEX_SAMPLER_DEFAULT_CAPACITY;
  self->rings = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) index_ring_free);
}
