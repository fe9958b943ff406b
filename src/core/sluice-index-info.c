/* sluice-index-info.c: one index of the health report, with its statistics and flags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-health-private.h"
#include "sluice-index-info.h"
#include "sluice-sql-quote.h"

#define N_FLAG_BITS 5

struct _SluiceIndexInfo
{
  GObject           parent_instance;

  SluiceIndexFacts *facts;
  SluiceIndexFlags  flags;
  char             *explanations_by_bit[N_FLAG_BITS];
  GStrv             explanations;        /* in enum order, rebuilt on change */
  char             *related_index;
  gboolean          bloat_available;
  gint64            bloat_bytes;
  double            bloat_ratio;
  char             *bloat_note;
};

G_DEFINE_FINAL_TYPE (SluiceIndexInfo, sluice_index_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OID,
  PROP_SCHEMA,
  PROP_TABLE,
  PROP_NAME,
  PROP_DEFINITION,
  PROP_METHOD,
  PROP_SIZE_BYTES,
  PROP_SCANS,
  PROP_TUPLES_READ,
  PROP_TUPLES_FETCHED,
  PROP_CONSTRAINT_NAME,
  PROP_IS_UNIQUE,
  PROP_IS_PRIMARY,
  PROP_IS_VALID,
  PROP_IS_PARTIAL,
  PROP_FLAGS,
  PROP_RELATED_INDEX,
  PROP_BLOAT_AVAILABLE,
  PROP_BLOAT_BYTES,
  PROP_BLOAT_RATIO,
  PROP_BLOAT_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SluiceIndexInfo *
sluice_index_info_new_take_facts (SluiceIndexFacts *facts)
{
  SluiceIndexInfo *self;

  g_return_val_if_fail (facts != NULL, NULL);

  self = g_object_new (SLUICE_TYPE_INDEX_INFO, NULL);
  self->facts = facts;
  return self;
}

const SluiceIndexFacts *
sluice_index_info_get_facts (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return self->facts;
}

static int
flag_bit (SluiceIndexFlags flag)
{
  for (int bit = 0; bit < N_FLAG_BITS; bit++)
    {
      if (flag == (SluiceIndexFlags) (1 << bit))
        return bit;
    }

  return -1;
}

static void
rebuild_explanations (SluiceIndexInfo *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (int bit = 0; bit < N_FLAG_BITS; bit++)
    {
      if (self->explanations_by_bit[bit] != NULL)
        g_strv_builder_add (builder, self->explanations_by_bit[bit]);
    }

  g_strfreev (self->explanations);
  self->explanations = g_strv_builder_end (builder);
}

void
sluice_index_info_add_flag (SluiceIndexInfo  *self,
                            SluiceIndexFlags  flag,
                            const char       *explanation,
                            const char       *related_index)
{
  int bit = flag_bit (flag);

  g_return_if_fail (SLUICE_IS_INDEX_INFO (self));
  g_return_if_fail (bit >= 0);
  g_return_if_fail (explanation != NULL);

  self->flags |= flag;
  g_free (self->explanations_by_bit[bit]);
  self->explanations_by_bit[bit] = g_strdup (explanation);
  rebuild_explanations (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGS]);

  if (related_index != NULL && g_strcmp0 (self->related_index, related_index) != 0)
    {
      g_free (self->related_index);
      self->related_index = g_strdup (related_index);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELATED_INDEX]);
    }
}

void
sluice_index_info_set_bloat (SluiceIndexInfo *self,
                             gboolean         available,
                             gint64           bloat_bytes,
                             double           bloat_ratio,
                             const char      *note)
{
  g_return_if_fail (SLUICE_IS_INDEX_INFO (self));

  self->bloat_available = available;
  self->bloat_bytes = bloat_bytes;
  self->bloat_ratio = bloat_ratio;
  g_free (self->bloat_note);
  self->bloat_note = g_strdup (note);
}

guint32
sluice_index_info_get_oid (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), 0);
  return self->facts->oid;
}

guint32
sluice_index_info_get_table_oid (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), 0);
  return self->facts->table_oid;
}

const char *
sluice_index_info_get_schema (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return self->facts->schema;
}

const char *
sluice_index_info_get_table (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return self->facts->table;
}

const char *
sluice_index_info_get_name (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return self->facts->name;
}

const char *
sluice_index_info_get_definition (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return self->facts->definition;
}

const char *
sluice_index_info_get_method (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return self->facts->method;
}

gint64
sluice_index_info_get_size_bytes (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), 0);
  return self->facts->size_bytes;
}

gint64
sluice_index_info_get_scans (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), 0);
  return self->facts->scans;
}

gint64
sluice_index_info_get_tuples_read (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), 0);
  return self->facts->tuples_read;
}

gint64
sluice_index_info_get_tuples_fetched (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), 0);
  return self->facts->tuples_fetched;
}

const char *
sluice_index_info_get_constraint_name (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return self->facts->constraint_name;
}

gboolean
sluice_index_info_get_is_unique (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), FALSE);
  return self->facts->is_unique;
}

gboolean
sluice_index_info_get_is_primary (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), FALSE);
  return self->facts->is_primary;
}

gboolean
sluice_index_info_get_is_valid (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), FALSE);
  return self->facts->is_valid;
}

gboolean
sluice_index_info_get_is_partial (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), FALSE);
  return self->facts->predicate != NULL;
}

SluiceIndexFlags
sluice_index_info_get_flags (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), SLUICE_INDEX_FLAG_NONE);
  return self->flags;
}

gboolean
sluice_index_info_has_flag (SluiceIndexInfo  *self,
                            SluiceIndexFlags  flag)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), FALSE);
  return (self->flags & flag) != 0;
}

const char *
sluice_index_info_get_explanation (SluiceIndexInfo  *self,
                                   SluiceIndexFlags  flag)
{
  int bit = flag_bit (flag);

  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);

  return bit >= 0 ? self->explanations_by_bit[bit] : NULL;
}

const char * const *
sluice_index_info_get_explanations (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return (const char * const *) self->explanations;
}

const char *
sluice_index_info_get_related_index (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return self->related_index;
}

gboolean
sluice_index_info_get_bloat_available (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), FALSE);
  return self->bloat_available;
}

gint64
sluice_index_info_get_bloat_bytes (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), 0);
  return self->bloat_bytes;
}

double
sluice_index_info_get_bloat_ratio (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), 0);
  return self->bloat_ratio;
}

const char *
sluice_index_info_get_bloat_note (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return self->bloat_note;
}

char *
sluice_index_info_dup_create_sql (SluiceIndexInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);
  return g_strdup_printf ("%s;", self->facts->definition);
}

char *
sluice_index_info_dup_drop_sql (SluiceIndexInfo *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);

  name = sluice_quote_qualified_name (self->facts->schema, self->facts->name);
  return g_strdup_printf ("DROP INDEX CONCURRENTLY %s;", name);
}

char *
sluice_index_info_dup_reindex_sql (SluiceIndexInfo *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (SLUICE_IS_INDEX_INFO (self), NULL);

  name = sluice_quote_qualified_name (self->facts->schema, self->facts->name);
  return g_strdup_printf ("REINDEX INDEX CONCURRENTLY %s;", name);
}

static void
sluice_index_info_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SluiceIndexInfo *self = SLUICE_INDEX_INFO (object);
  SluiceIndexFacts *facts = self->facts;

  if (facts == NULL)
    return;

  switch (prop_id)
    {
    case PROP_OID:
      g_value_set_uint (value, facts->oid);
      break;
    case PROP_SCHEMA:
      g_value_set_string (value, facts->schema);
      break;
    case PROP_TABLE:
      g_value_set_string (value, facts->table);
      break;
    case PROP_NAME:
      g_value_set_string (value, facts->name);
      break;
    case PROP_DEFINITION:
      g_value_set_string (value, facts->definition);
      break;
    case PROP_METHOD:
      g_value_set_string (value, facts->method);
      break;
    case PROP_SIZE_BYTES:
      g_value_set_int64 (value, facts->size_bytes);
      break;
    case PROP_SCANS:
      g_value_set_int64 (value, facts->scans);
      break;
    case PROP_TUPLES_READ:
      g_value_set_int64 (value, facts->tuples_read);
      break;
    case PROP_TUPLES_FETCHED:
      g_value_set_int64 (value, facts->tuples_fetched);
      break;
    case PROP_CONSTRAINT_NAME:
      g_value_set_string (value, facts->constraint_name);
      break;
    case PROP_IS_UNIQUE:
      g_value_set_boolean (value, facts->is_unique);
      break;
    case PROP_IS_PRIMARY:
      g_value_set_boolean (value, facts->is_primary);
      break;
    case PROP_IS_VALID:
      g_value_set_boolean (value, facts->is_valid);
      break;
    case PROP_IS_PARTIAL:
      g_value_set_boolean (value, facts->predicate != NULL);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    case PROP_RELATED_INDEX:
      g_value_set_string (value, self->related_index);
      break;
    case PROP_BLOAT_AVAILABLE:
      g_value_set_boolean (value, self->bloat_available);
      break;
    case PROP_BLOAT_BYTES:
      g_value_set_int64 (value, self->bloat_bytes);
      break;
    case PROP_BLOAT_RATIO:
      g_value_set_double (value, self->bloat_ratio);
      break;
    case PROP_BLOAT_NOTE:
      g_value_set_string (value, self->bloat_note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_index_info_finalize (GObject *object)
{
  SluiceIndexInfo *self = SLUICE_INDEX_INFO (object);

  g_clear_pointer (&self->facts, sluice_index_facts_free);
  for (int bit = 0; bit < N_FLAG_BITS; bit++)
    g_clear_pointer (&self->explanations_by_bit[bit], g_free);
  g_clear_pointer (&self->explanations, g_strfreev);
  g_clear_pointer (&self->related_index, g_free);
  g_clear_pointer (&self->bloat_note, g_free);

  G_OBJECT_CLASS (sluice_index_info_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
sluice_index_info_class_init (SluiceIndexInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sluice_index_info_get_property;
  object_class->finalize = sluice_index_info_finalize;

  properties[PROP_OID] = g_param_spec_uint ("oid", NULL, NULL, 0, G_MAXUINT32, 0, RO);
  properties[PROP_SCHEMA] = g_param_spec_string ("schema", NULL, NULL, NULL, RO);
  properties[PROP_TABLE] = g_param_spec_string ("table", NULL, NULL, NULL, RO);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, RO);
  properties[PROP_DEFINITION] = g_param_spec_string ("definition", NULL, NULL, NULL, RO);
  properties[PROP_METHOD] = g_param_spec_string ("method", NULL, NULL, NULL, RO);
  properties[PROP_SIZE_BYTES] = g_param_spec_int64 ("size-bytes", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_SCANS] = g_param_spec_int64 ("scans", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_TUPLES_READ] = g_param_spec_int64 ("tuples-read", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_TUPLES_FETCHED] = g_param_spec_int64 ("tuples-fetched", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_CONSTRAINT_NAME] = g_param_spec_string ("constraint-name", NULL, NULL, NULL, RO);
  properties[PROP_IS_UNIQUE] = g_param_spec_boolean ("is-unique", NULL, NULL, FALSE, RO);
  properties[PROP_IS_PRIMARY] = g_param_spec_boolean ("is-primary", NULL, NULL, FALSE, RO);
  properties[PROP_IS_VALID] = g_param_spec_boolean ("is-valid", NULL, NULL, TRUE, RO);
  properties[PROP_IS_PARTIAL] = g_param_spec_boolean ("is-partial", NULL, NULL, FALSE, RO);
  properties[PROP_FLAGS] = g_param_spec_flags ("flags", NULL, NULL, SLUICE_TYPE_INDEX_FLAGS,
                                               SLUICE_INDEX_FLAG_NONE, RO);
  properties[PROP_RELATED_INDEX] = g_param_spec_string ("related-index", NULL, NULL, NULL, RO);
  properties[PROP_BLOAT_AVAILABLE] = g_param_spec_boolean ("bloat-available", NULL, NULL, FALSE, RO);
  properties[PROP_BLOAT_BYTES] = g_param_spec_int64 ("bloat-bytes", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_BLOAT_RATIO] = g_param_spec_double ("bloat-ratio", NULL, NULL, 0, 1, 0, RO);
  properties[PROP_BLOAT_NOTE] = g_param_spec_string ("bloat-note", NULL, NULL, NULL, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_index_info_init (SluiceIndexInfo *self)
{
  self->explanations = g_new0 (char *, 1);
}
