/* sluice-history-entry.c: one migration as a history table records it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-history-private.h"

struct _SluiceHistoryEntry
{
  GObject             parent_instance;

  char               *key;
  char               *version;
  char               *name;
  char               *checksum;
  GDateTime          *applied_at;
  char               *applied_by;
  gint64              execution_ms;
  SluiceHistoryState  state;
  guint               rank;
  char               *log;

  guint               covers_lower : 1;
  guint               marker : 1;
  guint               repeatable : 1;
  guint               baseline : 1;
};

G_DEFINE_FINAL_TYPE (SluiceHistoryEntry, sluice_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY,
  PROP_VERSION,
  PROP_NAME,
  PROP_CHECKSUM,
  PROP_APPLIED_AT,
  PROP_APPLIED_BY,
  PROP_EXECUTION_MS,
  PROP_STATE,
  PROP_RANK,
  PROP_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sluice_history_entry_finalize (GObject *object)
{
  SluiceHistoryEntry *self = (SluiceHistoryEntry *)object;

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->checksum, g_free);
  g_clear_pointer (&self->applied_at, g_date_time_unref);
  g_clear_pointer (&self->applied_by, g_free);
  g_clear_pointer (&self->log, g_free);

  G_OBJECT_CLASS (sluice_history_entry_parent_class)->finalize (object);
}

static void
sluice_history_entry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SluiceHistoryEntry *self = SLUICE_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_VERSION:
      g_value_set_string (value, sluice_history_entry_get_version (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CHECKSUM:
      g_value_set_string (value, self->checksum);
      break;

    case PROP_APPLIED_AT:
      g_value_set_boxed (value, self->applied_at);
      break;

    case PROP_APPLIED_BY:
      g_value_set_string (value, self->applied_by);
      break;

    case PROP_EXECUTION_MS:
      g_value_set_int64 (value, self->execution_ms);
      break;

    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;

    case PROP_LOG:
      g_value_set_string (value, self->log);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_history_entry_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SluiceHistoryEntry *self = SLUICE_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_free (self->key);
      self->key = g_value_dup_string (value);
      break;

    case PROP_VERSION:
      sluice_history_entry_set_version (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      sluice_history_entry_set_name (self, g_value_get_string (value));
      break;

    case PROP_CHECKSUM:
      sluice_history_entry_set_checksum (self, g_value_get_string (value));
      break;

    case PROP_APPLIED_AT:
      sluice_history_entry_set_applied_at (self, g_value_get_boxed (value));
      break;

    case PROP_APPLIED_BY:
      sluice_history_entry_set_applied_by (self, g_value_get_string (value));
      break;

    case PROP_EXECUTION_MS:
      sluice_history_entry_set_execution_ms (self, g_value_get_int64 (value));
      break;

    case PROP_STATE:
      sluice_history_entry_set_state (self, g_value_get_uint (value));
      break;

    case PROP_RANK:
      sluice_history_entry_set_rank (self, g_value_get_uint (value));
      break;

    case PROP_LOG:
      sluice_history_entry_set_log (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_history_entry_class_init (SluiceHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_history_entry_finalize;
  object_class->get_property = sluice_history_entry_get_property;
  object_class->set_property = sluice_history_entry_set_property;

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKSUM] =
    g_param_spec_string ("checksum", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLIED_AT] =
    g_param_spec_boxed ("applied-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLIED_BY] =
    g_param_spec_string ("applied-by", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXECUTION_MS] =
    g_param_spec_int64 ("execution-ms", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A SluiceHistoryState. */
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL,
                       SLUICE_HISTORY_APPLIED, SLUICE_HISTORY_ROLLED_BACK, SLUICE_HISTORY_APPLIED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RANK] =
    g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG] =
    g_param_spec_string ("log", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_history_entry_init (SluiceHistoryEntry *self)
{
  self->execution_ms = -1;
  self->state = SLUICE_HISTORY_APPLIED;
}

SluiceHistoryEntry *
sluice_history_entry_new (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_object_new (SLUICE_TYPE_HISTORY_ENTRY, "key", key, NULL);
}

const char *
sluice_history_entry_get_key (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), NULL);

  return self->key;
}

/* Tools that keep no separate version (Sqitch's change names, Flyway's
 * repeatables) are known by their key alone. */
const char *
sluice_history_entry_get_version (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), NULL);

  return self->version != NULL ? self->version : self->key;
}

const char *
sluice_history_entry_get_name (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), NULL);

  return self->name;
}

const char *
sluice_history_entry_get_checksum (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), NULL);

  return self->checksum;
}

GDateTime *
sluice_history_entry_get_applied_at (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), NULL);

  return self->applied_at;
}

const char *
sluice_history_entry_get_applied_by (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), NULL);

  return self->applied_by;
}

gint64
sluice_history_entry_get_execution_ms (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), -1);

  return self->execution_ms;
}

SluiceHistoryState
sluice_history_entry_get_state (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), SLUICE_HISTORY_APPLIED);

  return self->state;
}

guint
sluice_history_entry_get_rank (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), 0);

  return self->rank;
}

const char *
sluice_history_entry_get_log (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), NULL);

  return self->log;
}

static void
set_string (SluiceHistoryEntry  *self,
            char               **field,
            const char          *value,
            int                  prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
sluice_history_entry_set_version (SluiceHistoryEntry *self,
                                  const char         *version)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  set_string (self, &self->version, version, PROP_VERSION);
}

void
sluice_history_entry_set_name (SluiceHistoryEntry *self,
                               const char         *name)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  set_string (self, &self->name, name, PROP_NAME);
}

void
sluice_history_entry_set_checksum (SluiceHistoryEntry *self,
                                   const char         *checksum)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  set_string (self, &self->checksum, checksum, PROP_CHECKSUM);
}

void
sluice_history_entry_set_applied_at (SluiceHistoryEntry *self,
                                     GDateTime          *applied_at)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  if (self->applied_at == applied_at)
    return;

  g_clear_pointer (&self->applied_at, g_date_time_unref);
  if (applied_at != NULL)
    self->applied_at = g_date_time_ref (applied_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLIED_AT]);
}

void
sluice_history_entry_set_applied_by (SluiceHistoryEntry *self,
                                     const char         *applied_by)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  set_string (self, &self->applied_by, applied_by, PROP_APPLIED_BY);
}

void
sluice_history_entry_set_execution_ms (SluiceHistoryEntry *self,
                                       gint64              ms)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  ms = MAX (ms, -1);
  if (self->execution_ms == ms)
    return;

  self->execution_ms = ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTION_MS]);
}

void
sluice_history_entry_set_state (SluiceHistoryEntry *self,
                                SluiceHistoryState  state)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));
  g_return_if_fail (state <= SLUICE_HISTORY_ROLLED_BACK);

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
sluice_history_entry_set_rank (SluiceHistoryEntry *self,
                               guint               rank)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  if (self->rank == rank)
    return;

  self->rank = rank;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANK]);
}

void
sluice_history_entry_set_log (SluiceHistoryEntry *self,
                              const char         *log)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  set_string (self, &self->log, log, PROP_LOG);
}

void
_sluice_history_entry_set_covers_lower (SluiceHistoryEntry *self,
                                        gboolean            covers_lower)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  self->covers_lower = !!covers_lower;
}

gboolean
_sluice_history_entry_get_covers_lower (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), FALSE);

  return self->covers_lower;
}

void
_sluice_history_entry_set_marker (SluiceHistoryEntry *self,
                                  gboolean            marker)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  self->marker = !!marker;
}

gboolean
_sluice_history_entry_get_marker (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), FALSE);

  return self->marker;
}

void
_sluice_history_entry_set_repeatable (SluiceHistoryEntry *self,
                                      gboolean            repeatable)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  self->repeatable = !!repeatable;
}

gboolean
_sluice_history_entry_get_repeatable (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), FALSE);

  return self->repeatable;
}

void
_sluice_history_entry_set_baseline (SluiceHistoryEntry *self,
                                    gboolean            baseline)
{
  g_return_if_fail (SLUICE_IS_HISTORY_ENTRY (self));

  self->baseline = !!baseline;
}

gboolean
_sluice_history_entry_get_baseline (SluiceHistoryEntry *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_ENTRY (self), FALSE);

  return self->baseline;
}
