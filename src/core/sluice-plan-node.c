/* sluice-plan-node.c: one node of an EXPLAIN plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-plan-private.h"

G_DEFINE_FINAL_TYPE (SluicePlanNode, sluice_plan_node, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NODE_TYPE,
  PROP_TITLE,
  PROP_RELATION_NAME,
  PROP_INCLUSIVE_MS,
  PROP_EXCLUSIVE_MS,
  PROP_SHARE,
  PROP_ACTUAL_ROWS,
  PROP_PLAN_ROWS,
  PROP_LOOPS,
  PROP_MISESTIMATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Properties (SluicePlanProperty) */

void
_sluice_plan_property_free (SluicePlanProperty *property)
{
  if (property == NULL)
    return;

  g_free (property->key);
  g_free (property->value);
  g_free (property);
}

void
_sluice_plan_properties_add (GPtrArray  *list,
                             const char *key,
                             const char *value)
{
  SluicePlanProperty *property = g_new0 (SluicePlanProperty, 1);

  property->key = g_strdup (key);
  property->value = g_strdup (value);
  g_ptr_array_add (list, property);
}

static const char *
properties_lookup (GPtrArray  *list,
                   const char *key)
{
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const SluicePlanProperty *property = g_ptr_array_index (list, i);

      if (g_str_equal (property->key, key))
        return property->value;
    }

  return NULL;
}

/* JSON values as text */

static char *
format_number (double number)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (number > -1e15 && number < 1e15 && number == (double) (gint64) number)
    return g_strdup_printf ("%.0f", number);

  /* 15 significant digits: what EXPLAIN printed, without binary noise. */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", number));
}

char *
_sluice_plan_json_to_text (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");

  if (JSON_NODE_HOLDS_VALUE (value))
    {
      GType type = json_node_get_value_type (value);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (value));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (value) ? "true" : "false");
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      return format_number (json_node_get_double (value));
    }

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *element = _sluice_plan_json_to_text (json_array_get_element (array, i));

          if (i > 0)
            g_string_append (text, ", ");
          g_string_append (text, element);
        }

      return g_string_free (text, FALSE);
    }

  return json_to_string (value, FALSE);
}

static gboolean
json_is_number (JsonNode *value)
{
  GType type;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return FALSE;

  type = json_node_get_value_type (value);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
json_is_string (JsonNode *value)
{
  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_STRING;
}

static gboolean
json_is_boolean (JsonNode *value)
{
  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_BOOLEAN;
}

/* Relationships */

static SluicePlanRelationship
relationship_from_text (const char *text,
                        gsize       length)
{
  static const struct
  {
    const char             *name;
    SluicePlanRelationship  relationship;
  } names[] = {
    { "Outer", SLUICE_PLAN_RELATIONSHIP_OUTER },
    { "Inner", SLUICE_PLAN_RELATIONSHIP_INNER },
    { "Subquery", SLUICE_PLAN_RELATIONSHIP_SUBQUERY },
    { "Member", SLUICE_PLAN_RELATIONSHIP_MEMBER },
    { "InitPlan", SLUICE_PLAN_RELATIONSHIP_INIT_PLAN },
    { "SubPlan", SLUICE_PLAN_RELATIONSHIP_SUBPLAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strlen (names[i].name) == length && memcmp (names[i].name, text, length) == 0)
      return names[i].relationship;
  return SLUICE_PLAN_RELATIONSHIP_OTHER;
}

SluicePlanRelationship
_sluice_plan_relationship_from_string (const char *text)
{
  if (text == NULL)
    return SLUICE_PLAN_RELATIONSHIP_NONE;
  return relationship_from_text (text, strlen (text));
}

const char *
sluice_plan_relationship_to_string (SluicePlanRelationship relationship)
{
  switch (relationship)
    {
    case SLUICE_PLAN_RELATIONSHIP_NONE:      return NULL;
    case SLUICE_PLAN_RELATIONSHIP_OUTER:     return "Outer";
    case SLUICE_PLAN_RELATIONSHIP_INNER:     return "Inner";
    case SLUICE_PLAN_RELATIONSHIP_SUBQUERY:  return "Subquery";
    case SLUICE_PLAN_RELATIONSHIP_MEMBER:    return "Member";
    case SLUICE_PLAN_RELATIONSHIP_INIT_PLAN: return "InitPlan";
    case SLUICE_PLAN_RELATIONSHIP_SUBPLAN:   return "SubPlan";
    case SLUICE_PLAN_RELATIONSHIP_OTHER:     return "Other";
    default:                                 return NULL;
    }
}

/* Buffers */

typedef enum
{
  BUFFER_BLOCKS,
  BUFFER_MS,
} BufferUnit;

typedef struct
{
  const char *key;
  gsize       offset;
  BufferUnit  unit;
} BufferKey;

#define BUFFER_FIELD(field) G_STRUCT_OFFSET (SluicePlanBuffers, field)

/* PostgreSQL 13 to 15 name the shared and local I/O times "I/O Read
 * Time"; 16 splits them.  Either way they add up into io_read_ms. */
static const BufferKey buffer_keys[] = {
  { "Shared Hit Blocks",     BUFFER_FIELD (shared_hit),       BUFFER_BLOCKS },
  { "Shared Read Blocks",    BUFFER_FIELD (shared_read),      BUFFER_BLOCKS },
  { "Shared Dirtied Blocks", BUFFER_FIELD (shared_dirtied),   BUFFER_BLOCKS },
  { "Shared Written Blocks", BUFFER_FIELD (shared_written),   BUFFER_BLOCKS },
  { "Local Hit Blocks",      BUFFER_FIELD (local_hit),        BUFFER_BLOCKS },
  { "Local Read Blocks",     BUFFER_FIELD (local_read),       BUFFER_BLOCKS },
  { "Local Dirtied Blocks",  BUFFER_FIELD (local_dirtied),    BUFFER_BLOCKS },
  { "Local Written Blocks",  BUFFER_FIELD (local_written),    BUFFER_BLOCKS },
  { "Temp Read Blocks",      BUFFER_FIELD (temp_read),        BUFFER_BLOCKS },
  { "Temp Written Blocks",   BUFFER_FIELD (temp_written),     BUFFER_BLOCKS },
  { "I/O Read Time",         BUFFER_FIELD (io_read_ms),       BUFFER_MS },
  { "I/O Write Time",        BUFFER_FIELD (io_write_ms),      BUFFER_MS },
  { "Shared I/O Read Time",  BUFFER_FIELD (io_read_ms),       BUFFER_MS },
  { "Shared I/O Write Time", BUFFER_FIELD (io_write_ms),      BUFFER_MS },
  { "Local I/O Read Time",   BUFFER_FIELD (io_read_ms),       BUFFER_MS },
  { "Local I/O Write Time",  BUFFER_FIELD (io_write_ms),      BUFFER_MS },
  { "Temp I/O Read Time",    BUFFER_FIELD (temp_io_read_ms),  BUFFER_MS },
  { "Temp I/O Write Time",   BUFFER_FIELD (temp_io_write_ms), BUFFER_MS },
  { "WAL Records",           BUFFER_FIELD (wal_records),      BUFFER_BLOCKS },
  { "WAL FPI",               BUFFER_FIELD (wal_fpi),          BUFFER_BLOCKS },
  { "WAL Bytes",             BUFFER_FIELD (wal_bytes),        BUFFER_BLOCKS },
};

static const BufferKey *find_buffer_key (const char *key);

static gboolean apply_buffer (SluicePlanBuffers *buffers,
                              const BufferKey   *entry,
                              JsonNode          *value);

gboolean
_sluice_plan_buffers_apply_member (SluicePlanBuffers *buffers,
                                   const char        *key,
                                   JsonNode          *value,
                                   gboolean          *is_number)
{
  const BufferKey *entry = find_buffer_key (key);

  *is_number = TRUE;
  if (entry == NULL)
    return FALSE;

  *is_number = apply_buffer (buffers, entry, value);
  return TRUE;
}

void
sluice_plan_buffers_add (SluicePlanBuffers       *sum,
                         const SluicePlanBuffers *other)
{
  sum->shared_hit += other->shared_hit;
  sum->shared_read += other->shared_read;
  sum->shared_dirtied += other->shared_dirtied;
  sum->shared_written += other->shared_written;
  sum->local_hit += other->local_hit;
  sum->local_read += other->local_read;
  sum->local_dirtied += other->local_dirtied;
  sum->local_written += other->local_written;
  sum->temp_read += other->temp_read;
  sum->temp_written += other->temp_written;
  sum->io_read_ms += other->io_read_ms;
  sum->io_write_ms += other->io_write_ms;
  sum->temp_io_read_ms += other->temp_io_read_ms;
  sum->temp_io_write_ms += other->temp_io_write_ms;
  sum->wal_records += other->wal_records;
  sum->wal_fpi += other->wal_fpi;
  sum->wal_bytes += other->wal_bytes;
}

gboolean
sluice_plan_buffers_is_empty (const SluicePlanBuffers *buffers)
{
  static const SluicePlanBuffers empty = { 0 };

  return memcmp (buffers, &empty, sizeof empty) == 0;
}

/* Workers */

SluicePlanWorker *
_sluice_plan_worker_new (int number)
{
  SluicePlanWorker *worker = g_new0 (SluicePlanWorker, 1);

  worker->number = number;
  worker->actual_startup_ms = -1;
  worker->actual_total_ms = -1;
  worker->actual_rows = -1;
  worker->actual_loops = -1;
  worker->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_plan_property_free);

  return worker;
}

void
_sluice_plan_worker_free (SluicePlanWorker *worker)
{
  if (worker == NULL)
    return;

  g_clear_pointer (&worker->properties, g_ptr_array_unref);
  g_free (worker);
}

gboolean
_sluice_plan_worker_apply_member (SluicePlanWorker  *worker,
                                  const char        *key,
                                  JsonNode          *value,
                                  const char       **problem)
{
  static const struct { const char *key; gsize offset; } times[] = {
    { "Actual Startup Time", G_STRUCT_OFFSET (SluicePlanWorker, actual_startup_ms) },
    { "Actual Total Time",   G_STRUCT_OFFSET (SluicePlanWorker, actual_total_ms) },
    { "Actual Rows",         G_STRUCT_OFFSET (SluicePlanWorker, actual_rows) },
    { "Actual Loops",        G_STRUCT_OFFSET (SluicePlanWorker, actual_loops) },
  };
  gboolean is_number;

  if (g_str_equal (key, "Worker Number"))
    {
      if (!json_is_number (value))
        {
          *problem = N_("should be a number");
          return FALSE;
        }
      worker->number = (int) CLAMP (json_node_get_double (value), G_MININT, G_MAXINT);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      if (!g_str_equal (key, times[i].key))
        continue;
      if (!json_is_number (value))
        {
          *problem = N_("should be a number");
          return FALSE;
        }
      G_STRUCT_MEMBER (double, worker, times[i].offset) = json_node_get_double (value);
      return TRUE;
    }

  if (_sluice_plan_buffers_apply_member (&worker->buffers, key, value, &is_number))
    {
      if (!is_number)
        *problem = N_("should be a number");
      return is_number;
    }

  {
    g_autofree char *text = _sluice_plan_json_to_text (value);

    _sluice_plan_properties_add (worker->properties, key, text);
  }

  return TRUE;
}

/* Reading members */

typedef enum
{
  FIELD_STRING,     /* a JSON string */
  FIELD_TEXT,       /* a string, or a list printed joined with ", " */
  FIELD_DOUBLE,
  FIELD_INT,
  FIELD_INT64,
  FIELD_BOOLEAN,
} FieldKind;

/* What reading a field also says about the node. */
typedef enum
{
  MARK_NONE    = 0,
  MARK_ACTUALS = 1 << 0,   /* EXPLAIN ANALYZE ran it */
  MARK_TIMING  = 1 << 1,   /* with TIMING */
  MARK_COSTS   = 1 << 2,   /* with COSTS */
} FieldMark;

typedef struct
{
  const char *key;
  FieldKind   kind;
  gsize       offset;
  FieldMark   mark;
} Field;

#define NODE_FIELD(field) G_STRUCT_OFFSET (SluicePlanNode, field)

static const Field fields[] = {
  { "Node Type",                     FIELD_STRING,  NODE_FIELD (node_type) },
  { "Relation Name",                 FIELD_STRING,  NODE_FIELD (relation_name) },
  { "Schema",                        FIELD_STRING,  NODE_FIELD (schema) },
  { "Alias",                         FIELD_STRING,  NODE_FIELD (alias) },
  { "Index Name",                    FIELD_STRING,  NODE_FIELD (index_name) },
  { "CTE Name",                      FIELD_STRING,  NODE_FIELD (cte_name) },
  { "Function Name",                 FIELD_STRING,  NODE_FIELD (function_name) },
  { "Join Type",                     FIELD_STRING,  NODE_FIELD (join_type) },
  { "Strategy",                      FIELD_STRING,  NODE_FIELD (strategy) },
  { "Partial Mode",                  FIELD_STRING,  NODE_FIELD (partial_mode) },
  { "Operation",                     FIELD_STRING,  NODE_FIELD (operation) },
  { "Scan Direction",                FIELD_STRING,  NODE_FIELD (scan_direction) },
  { "Subplan Name",                  FIELD_STRING,  NODE_FIELD (subplan_name) },
  { "Filter",                        FIELD_TEXT,    NODE_FIELD (filter) },
  { "Index Cond",                    FIELD_TEXT,    NODE_FIELD (index_cond) },
  { "Recheck Cond",                  FIELD_TEXT,    NODE_FIELD (recheck_cond) },
  { "Join Filter",                   FIELD_TEXT,    NODE_FIELD (join_filter) },
  { "Hash Cond",                     FIELD_TEXT,    NODE_FIELD (hash_cond) },
  { "Merge Cond",                    FIELD_TEXT,    NODE_FIELD (merge_cond) },
  { "Output",                        FIELD_TEXT,    NODE_FIELD (output) },
  { "Sort Key",                      FIELD_TEXT,    NODE_FIELD (sort_key) },
  { "Group Key",                     FIELD_TEXT,    NODE_FIELD (group_key) },
  { "Sort Method",                   FIELD_STRING,  NODE_FIELD (sort_method) },
  { "Sort Space Type",               FIELD_STRING,  NODE_FIELD (sort_space_type) },
  { "Parallel Aware",                FIELD_BOOLEAN, NODE_FIELD (parallel_aware) },
  { "Async Capable",                 FIELD_BOOLEAN, NODE_FIELD (async_capable) },
  { "Startup Cost",                  FIELD_DOUBLE,  NODE_FIELD (startup_cost) },
  { "Total Cost",                    FIELD_DOUBLE,  NODE_FIELD (total_cost) },
  { "Plan Rows",                     FIELD_DOUBLE,  NODE_FIELD (plan_rows), MARK_COSTS },
  { "Plan Width",                    FIELD_INT,     NODE_FIELD (plan_width) },
  { "Actual Startup Time",           FIELD_DOUBLE,  NODE_FIELD (actual_startup_ms) },
  { "Actual Total Time",             FIELD_DOUBLE,  NODE_FIELD (actual_total_ms), MARK_TIMING },
  { "Actual Rows",                   FIELD_DOUBLE,  NODE_FIELD (actual_rows) },
  { "Actual Loops",                  FIELD_DOUBLE,  NODE_FIELD (actual_loops), MARK_ACTUALS },
  { "Workers Planned",               FIELD_INT,     NODE_FIELD (workers_planned) },
  { "Workers Launched",              FIELD_INT,     NODE_FIELD (workers_launched) },
  { "Rows Removed by Filter",        FIELD_DOUBLE,  NODE_FIELD (rows_removed_by_filter) },
  { "Rows Removed by Join Filter",   FIELD_DOUBLE,  NODE_FIELD (rows_removed_by_join_filter) },
  { "Rows Removed by Index Recheck", FIELD_DOUBLE,  NODE_FIELD (rows_removed_by_index_recheck) },
  { "Heap Fetches",                  FIELD_DOUBLE,  NODE_FIELD (heap_fetches) },
  { "Exact Heap Blocks",             FIELD_INT64,   NODE_FIELD (exact_heap_blocks) },
  { "Lossy Heap Blocks",             FIELD_INT64,   NODE_FIELD (lossy_heap_blocks) },
  { "Sort Space Used",               FIELD_INT64,   NODE_FIELD (sort_space_kb) },
  { "Hash Buckets",                  FIELD_INT64,   NODE_FIELD (hash_buckets) },
  { "Original Hash Buckets",         FIELD_INT64,   NODE_FIELD (original_hash_buckets) },
  { "Hash Batches",                  FIELD_INT64,   NODE_FIELD (hash_batches) },
  { "Original Hash Batches",         FIELD_INT64,   NODE_FIELD (original_hash_batches) },
  { "HashAgg Batches",               FIELD_INT64,   NODE_FIELD (hash_batches) },
  { "Peak Memory Usage",             FIELD_INT64,   NODE_FIELD (peak_memory_kb) },
  { "Disk Usage",                    FIELD_INT64,   NODE_FIELD (disk_usage_kb) },
};

/* Member names: one table for every name a node's reader knows */

typedef enum
{
  MEMBER_FIELD,
  MEMBER_BUFFER,
  MEMBER_PLANS,
  MEMBER_RELATIONSHIP,
  MEMBER_WORKERS,
  MEMBER_SINGLE_COPY,
} MemberKind;

typedef struct
{
  const char    *key;        /* NULL: an empty slot */
  gsize          length;
  MemberKind     kind;
  gconstpointer  entry;      /* the Field or BufferKey */
  gboolean       is_blocks;  /* a buffer count, not a time */
} Member;

/* A power of two, over twice the names known, so that probes are short. */
#define MEMBER_SLOTS 256

/* Names are looked up for every member of every node, 300,000 times in a
 * 10,000-node plan: their length and four of their bytes tell EXPLAIN's
 * names apart well enough, for less than hashing every byte, and a table
 * of our own spares GHashTable's indirect calls and a strcmp () per hit. */
static inline guint
member_slot (const char *name,
             gsize       length)
{
  guint hash = (guint) length;

  if (length > 0)
    {
      hash = hash * 31 + (guchar) name[0];
      hash = hash * 31 + (guchar) name[length / 3];
      hash = hash * 31 + (guchar) name[length / 2];
      hash = hash * 31 + (guchar) name[length - 1];
    }
  return (hash ^ (hash >> 8)) & (MEMBER_SLOTS - 1);
}

static void
member_table_add (Member        *table,
                  const char    *key,
                  MemberKind     kind,
                  gconstpointer  entry)
{
  gsize length = strlen (key);
  guint slot = member_slot (key, length);

  while (table[slot].key != NULL)
    slot = (slot + 1) & (MEMBER_SLOTS - 1);

  table[slot].key = key;
  table[slot].length = length;
  table[slot].kind = kind;
  table[slot].entry = entry;
  table[slot].is_blocks = kind == MEMBER_BUFFER && g_str_has_suffix (key, "Blocks");
}

static const Member *
member_table (void)
{
  static Member *table;

  if (g_once_init_enter (&table))
    {
      Member *members = g_new0 (Member, MEMBER_SLOTS);

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        member_table_add (members, fields[i].key, MEMBER_FIELD, &fields[i]);
      for (guint i = 0; i < G_N_ELEMENTS (buffer_keys); i++)
        member_table_add (members, buffer_keys[i].key, MEMBER_BUFFER, &buffer_keys[i]);
      member_table_add (members, "Plans", MEMBER_PLANS, NULL);
      member_table_add (members, "Parent Relationship", MEMBER_RELATIONSHIP, NULL);
      member_table_add (members, "Workers", MEMBER_WORKERS, NULL);
      member_table_add (members, "Single Copy", MEMBER_SINGLE_COPY, NULL);
      g_once_init_leave (&table, members);
    }

  return table;
}

/* The entry of @key, @length bytes long, or NULL for a name the table
 * does not know. */
static inline const Member *
find_member_len (const char *key,
                 gsize       length)
{
  const Member *table = member_table ();

  for (guint slot = member_slot (key, length); table[slot].key != NULL; slot = (slot + 1) & (MEMBER_SLOTS - 1))
    if (table[slot].length == length && memcmp (table[slot].key, key, length) == 0)
      return &table[slot];

  return NULL;
}

static const Member *
find_member (const char *key)
{
  return find_member_len (key, strlen (key));
}

static const BufferKey *
find_buffer_key (const char *key)
{
  const Member *member = find_member (key);

  return member != NULL && member->kind == MEMBER_BUFFER ? member->entry : NULL;
}

static const Field *
find_field (const char *key)
{
  const Member *member = find_member (key);

  return member != NULL && member->kind == MEMBER_FIELD ? member->entry : NULL;
}

static gboolean
apply_field (SluicePlanNode  *node,
             const Field     *field,
             JsonNode        *value,
             const char     **problem)
{
  gpointer place = G_STRUCT_MEMBER_P (node, field->offset);
  double number;

  switch (field->kind)
    {
    case FIELD_STRING:
      if (!json_is_string (value))
        {
          *problem = N_("should be a text");
          return FALSE;
        }
      g_free (*(char **) place);
      *(char **) place = g_strdup (json_node_get_string (value));
      return TRUE;

    case FIELD_TEXT:
      if (!json_is_string (value) && !JSON_NODE_HOLDS_ARRAY (value))
        {
          *problem = N_("should be a text or a list");
          return FALSE;
        }
      g_free (*(char **) place);
      *(char **) place = _sluice_plan_json_to_text (value);
      return TRUE;

    case FIELD_BOOLEAN:
      if (!json_is_boolean (value))
        {
          *problem = N_("should be true or false");
          return FALSE;
        }
      *(gboolean *) place = json_node_get_boolean (value);
      return TRUE;

    case FIELD_DOUBLE:
    case FIELD_INT:
    case FIELD_INT64:
      if (!json_is_number (value))
        {
          *problem = N_("should be a number");
          return FALSE;
        }
      number = json_node_get_double (value);
      if (!isfinite (number))
        {
          *problem = N_("should be a finite number");
          return FALSE;
        }
      if (field->kind == FIELD_DOUBLE)
        *(double *) place = number;
      else if (field->kind == FIELD_INT)
        *(int *) place = (int) CLAMP (number, (double) G_MININT, (double) G_MAXINT);
      else
        *(gint64 *) place = (gint64) CLAMP (number, (double) G_MININT64, (double) G_MAXINT64);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* What reading a field says about the node. */
static inline void
mark_field (SluicePlanNode *node,
            const Field    *field)
{
  node->has_actuals |= (field->mark & MARK_ACTUALS) != 0;
  node->has_timing |= (field->mark & MARK_TIMING) != 0;
  node->has_costs |= (field->mark & MARK_COSTS) != 0;
}

static gboolean
apply_workers (SluicePlanNode  *node,
               JsonNode        *value,
               const char     **problem)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      *problem = N_("should be a list");
      return FALSE;
    }

  array = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      SluicePlanWorker *worker;
      JsonObjectIter iter;
      const char *member;
      JsonNode *member_value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          *problem = N_("should be a list of objects");
          return FALSE;
        }

      worker = _sluice_plan_worker_new ((int) i);
      g_ptr_array_add (_sluice_plan_node_ensure_workers (node), worker);

      json_object_iter_init (&iter, json_node_get_object (element));
      while (json_object_iter_next (&iter, &member, &member_value))
        {
          if (!_sluice_plan_worker_apply_member (worker, member, member_value, problem))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
apply_buffer (SluicePlanBuffers *buffers,
              const BufferKey   *entry,
              JsonNode          *value)
{
  double number;

  if (!json_is_number (value))
    return FALSE;

  number = json_node_get_double (value);
  if (entry->unit == BUFFER_MS)
    G_STRUCT_MEMBER (double, buffers, entry->offset) += number;
  else
    G_STRUCT_MEMBER (gint64, buffers, entry->offset) += (gint64) CLAMP (number, (double) G_MININT64, (double) G_MAXINT64);
  return TRUE;
}

gboolean
_sluice_plan_node_apply_member (SluicePlanNode  *node,
                                const char      *key,
                                JsonNode        *value,
                                const char     **problem)
{
  const Member *member = find_member (key);

  *problem = NULL;

  if (member != NULL)
    {
      switch (member->kind)
        {
        case MEMBER_FIELD:
          {
            const Field *field = member->entry;

            if (!apply_field (node, field, value, problem))
              return FALSE;

            mark_field (node, field);
            return TRUE;
          }

        case MEMBER_BUFFER:
          if (!apply_buffer (&node->buffers, member->entry, value))
            {
              *problem = N_("should be a number");
              return FALSE;
            }
          if (member->is_blocks)
            node->has_buffers = TRUE;
          return TRUE;

        case MEMBER_PLANS:
          /* The parsers walk the children themselves. */
          return TRUE;

        case MEMBER_RELATIONSHIP:
          if (!json_is_string (value))
            {
              *problem = N_("should be a text");
              return FALSE;
            }
          node->relationship = _sluice_plan_relationship_from_string (json_node_get_string (value));
          return TRUE;

        case MEMBER_WORKERS:
          return apply_workers (node, value, problem);

        case MEMBER_SINGLE_COPY:
          if (json_is_boolean (value))
            node->single_copy = json_node_get_boolean (value);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  {
    g_autofree char *text = _sluice_plan_json_to_text (value);

    _sluice_plan_properties_add (_sluice_plan_node_ensure_properties (node), key, text);
  }

  return TRUE;
}

/* The JSON stream reader's shortcuts: what apply_field () and
 * apply_buffer () do with a number, a string or a boolean, for the
 * members that take one, with no JsonNode made and read between.  Any
 * other case, errors included, is left to _sluice_plan_node_apply_member (). */
gboolean
_sluice_plan_node_try_number (SluicePlanNode *node,
                              const char     *key,
                              gsize           key_length,
                              double          value)
{
  const Member *member = find_member_len (key, key_length);
  const Field *field;
  gpointer place;

  if (member == NULL || !isfinite (value))
    return FALSE;

  if (member->kind == MEMBER_BUFFER)
    {
      const BufferKey *entry = member->entry;

      if (entry->unit == BUFFER_MS)
        G_STRUCT_MEMBER (double, &node->buffers, entry->offset) += value;
      else
        G_STRUCT_MEMBER (gint64, &node->buffers, entry->offset) += (gint64) CLAMP (value, (double) G_MININT64, (double) G_MAXINT64);
      if (member->is_blocks)
        node->has_buffers = TRUE;
      return TRUE;
    }

  if (member->kind != MEMBER_FIELD)
    return FALSE;

  field = member->entry;
  place = G_STRUCT_MEMBER_P (node, field->offset);
  switch (field->kind)
    {
    case FIELD_DOUBLE:
      *(double *) place = value;
      break;
    case FIELD_INT:
      *(int *) place = (int) CLAMP (value, (double) G_MININT, (double) G_MAXINT);
      break;
    case FIELD_INT64:
      *(gint64 *) place = (gint64) CLAMP (value, (double) G_MININT64, (double) G_MAXINT64);
      break;
    case FIELD_STRING:
    case FIELD_TEXT:
    case FIELD_BOOLEAN:
    default:
      return FALSE;
    }

  mark_field (node, field);
  return TRUE;
}

gboolean
_sluice_plan_node_try_string (SluicePlanNode *node,
                              const char     *key,
                              gsize           key_length,
                              const char     *value,
                              gsize           value_length)
{
  const Member *member = find_member_len (key, key_length);
  const Field *field;
  char **place;

  if (member == NULL)
    return FALSE;

  if (member->kind == MEMBER_RELATIONSHIP)
    {
      /* @value may be the JSON text itself, with no NUL after it. */
      node->relationship = relationship_from_text (value, value_length);
      return TRUE;
    }

  if (member->kind != MEMBER_FIELD)
    return FALSE;

  field = member->entry;
  if (field->kind != FIELD_STRING && field->kind != FIELD_TEXT)
    return FALSE;

  /* A text field's string is the text itself (_sluice_plan_json_to_text ()). */
  place = G_STRUCT_MEMBER_P (node, field->offset);
  g_free (*place);
  *place = g_strndup (value, value_length);
  mark_field (node, field);
  return TRUE;
}

gboolean
_sluice_plan_node_try_boolean (SluicePlanNode *node,
                               const char     *key,
                               gsize           key_length,
                               gboolean        value)
{
  const Member *member = find_member_len (key, key_length);
  const Field *field;

  if (member == NULL || member->kind != MEMBER_FIELD)
    return FALSE;

  field = member->entry;
  if (field->kind != FIELD_BOOLEAN)
    return FALSE;

  *(gboolean *) G_STRUCT_MEMBER_P (node, field->offset) = value;
  mark_field (node, field);
  return TRUE;
}

/* Most nodes have no workers and few other keys: the arrays come when
 * the first one does (a 10,000-node plan is 20,000 allocations fewer). */
GPtrArray *
_sluice_plan_node_ensure_workers (SluicePlanNode *node)
{
  if (node->workers == NULL)
    node->workers = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_plan_worker_free);
  return node->workers;
}

GPtrArray *
_sluice_plan_node_ensure_properties (SluicePlanNode *node)
{
  if (node->properties == NULL)
    node->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_plan_property_free);
  return node->properties;
}

/* What the getters give for a node without any: empty, shared, read-only. */
static GPtrArray *
empty_array (void)
{
  static GPtrArray *empty;

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());
  return empty;
}

/* GObject */

SluicePlanNode *
_sluice_plan_node_new (void)
{
  return g_object_new (SLUICE_TYPE_PLAN_NODE, NULL);
}

static void
sluice_plan_node_finalize (GObject *object)
{
  SluicePlanNode *self = (SluicePlanNode *) object;

  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->workers, g_ptr_array_unref);
  g_clear_pointer (&self->properties, g_ptr_array_unref);

  g_free (self->node_type);
  g_free (self->title);
  g_free (self->relation_name);
  g_free (self->schema);
  g_free (self->alias);
  g_free (self->index_name);
  g_free (self->cte_name);
  g_free (self->function_name);
  g_free (self->join_type);
  g_free (self->strategy);
  g_free (self->partial_mode);
  g_free (self->operation);
  g_free (self->scan_direction);
  g_free (self->subplan_name);
  g_free (self->filter);
  g_free (self->index_cond);
  g_free (self->recheck_cond);
  g_free (self->join_filter);
  g_free (self->hash_cond);
  g_free (self->merge_cond);
  g_free (self->output);
  g_free (self->sort_key);
  g_free (self->group_key);
  g_free (self->sort_method);
  g_free (self->sort_space_type);

  G_OBJECT_CLASS (sluice_plan_node_parent_class)->finalize (object);
}

static void
sluice_plan_node_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SluicePlanNode *self = SLUICE_PLAN_NODE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_NODE_TYPE:
      g_value_set_string (value, self->node_type);
      break;
    case PROP_TITLE:
      g_value_set_string (value, sluice_plan_node_get_title (self));
      break;
    case PROP_RELATION_NAME:
      g_value_set_string (value, self->relation_name);
      break;
    case PROP_INCLUSIVE_MS:
      g_value_set_double (value, self->inclusive_ms);
      break;
    case PROP_EXCLUSIVE_MS:
      g_value_set_double (value, self->exclusive_ms);
      break;
    case PROP_SHARE:
      g_value_set_double (value, self->share);
      break;
    case PROP_ACTUAL_ROWS:
      g_value_set_double (value, self->actual_rows);
      break;
    case PROP_PLAN_ROWS:
      g_value_set_double (value, self->plan_rows);
      break;
    case PROP_LOOPS:
      g_value_set_double (value, self->actual_loops);
      break;
    case PROP_MISESTIMATE:
      g_value_set_double (value, self->misestimate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_node_class_init (SluicePlanNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sluice_plan_node_finalize;
  object_class->get_property = sluice_plan_node_get_property;

  properties[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NODE_TYPE] = g_param_spec_string ("node-type", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_RELATION_NAME] = g_param_spec_string ("relation-name", NULL, NULL, NULL, flags);
  properties[PROP_INCLUSIVE_MS] = g_param_spec_double ("inclusive-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_EXCLUSIVE_MS] = g_param_spec_double ("exclusive-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_SHARE] = g_param_spec_double ("share", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_ACTUAL_ROWS] = g_param_spec_double ("actual-rows", NULL, NULL, -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_PLAN_ROWS] = g_param_spec_double ("plan-rows", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_LOOPS] = g_param_spec_double ("loops", NULL, NULL, -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_MISESTIMATE] = g_param_spec_double ("misestimate", NULL, NULL, 1, G_MAXDOUBLE, 1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_plan_node_init (SluicePlanNode *self)
{
  self->children = g_ptr_array_new ();

  self->plan_width = 0;
  self->actual_startup_ms = -1;
  self->actual_total_ms = -1;
  self->actual_rows = -1;
  self->actual_loops = -1;
  self->workers_planned = -1;
  self->workers_launched = -1;
  self->rows_removed_by_filter = -1;
  self->rows_removed_by_join_filter = -1;
  self->rows_removed_by_index_recheck = -1;
  self->heap_fetches = -1;
  self->exact_heap_blocks = -1;
  self->lossy_heap_blocks = -1;
  self->sort_space_kb = -1;
  self->hash_buckets = -1;
  self->original_hash_buckets = -1;
  self->hash_batches = -1;
  self->original_hash_batches = -1;
  self->peak_memory_kb = -1;
  self->disk_usage_kb = -1;
  self->processes = 1;
  self->misestimate = 1;
  self->estimate = SLUICE_PLAN_ESTIMATE_UNKNOWN;
}

/* Getters */

guint
sluice_plan_node_get_id (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->id;
}

SluicePlanNode *
sluice_plan_node_get_parent (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->parent;
}

GPtrArray *
sluice_plan_node_get_children (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->children;
}

guint
sluice_plan_node_get_depth (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->depth;
}

guint
sluice_plan_node_get_line (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->line;
}

const char *
sluice_plan_node_get_node_type (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->node_type;
}

const char *
sluice_plan_node_get_relation_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->relation_name;
}

const char *
sluice_plan_node_get_schema (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->schema;
}

const char *
sluice_plan_node_get_alias (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->alias;
}

const char *
sluice_plan_node_get_index_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->index_name;
}

const char *
sluice_plan_node_get_cte_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->cte_name;
}

const char *
sluice_plan_node_get_function_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->function_name;
}

const char *
sluice_plan_node_get_join_type (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->join_type;
}

const char *
sluice_plan_node_get_strategy (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->strategy;
}

const char *
sluice_plan_node_get_partial_mode (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->partial_mode;
}

const char *
sluice_plan_node_get_operation (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->operation;
}

const char *
sluice_plan_node_get_scan_direction (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->scan_direction;
}

gboolean
sluice_plan_node_get_parallel_aware (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->parallel_aware;
}

gboolean
sluice_plan_node_get_async_capable (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->async_capable;
}

SluicePlanRelationship
sluice_plan_node_get_relationship (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), SLUICE_PLAN_RELATIONSHIP_NONE);

  return self->relationship;
}

const char *
sluice_plan_node_get_subplan_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->subplan_name;
}

double
sluice_plan_node_get_startup_cost (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->startup_cost;
}

double
sluice_plan_node_get_total_cost (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->total_cost;
}

double
sluice_plan_node_get_plan_rows (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->plan_rows;
}

int
sluice_plan_node_get_plan_width (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->plan_width;
}

gboolean
sluice_plan_node_has_actuals (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->has_actuals;
}

gboolean
sluice_plan_node_has_timing (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->has_timing;
}

double
sluice_plan_node_get_actual_startup_ms (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->actual_startup_ms;
}

double
sluice_plan_node_get_actual_total_ms (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->actual_total_ms;
}

double
sluice_plan_node_get_actual_rows (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->actual_rows;
}

double
sluice_plan_node_get_actual_loops (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->actual_loops;
}

int
sluice_plan_node_get_workers_planned (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->workers_planned;
}

int
sluice_plan_node_get_workers_launched (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->workers_launched;
}

GPtrArray *
sluice_plan_node_get_workers (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->workers != NULL ? self->workers : empty_array ();
}

const char *
sluice_plan_node_get_filter (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->filter;
}

const char *
sluice_plan_node_get_index_cond (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->index_cond;
}

const char *
sluice_plan_node_get_recheck_cond (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->recheck_cond;
}

const char *
sluice_plan_node_get_join_filter (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->join_filter;
}

const char *
sluice_plan_node_get_hash_cond (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->hash_cond;
}

const char *
sluice_plan_node_get_merge_cond (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->merge_cond;
}

const char *
sluice_plan_node_get_output (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->output;
}

const char *
sluice_plan_node_get_sort_key (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->sort_key;
}

const char *
sluice_plan_node_get_group_key (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->group_key;
}

double
sluice_plan_node_get_rows_removed_by_filter (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->rows_removed_by_filter;
}

double
sluice_plan_node_get_rows_removed_by_join_filter (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->rows_removed_by_join_filter;
}

double
sluice_plan_node_get_rows_removed_by_index_recheck (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->rows_removed_by_index_recheck;
}

double
sluice_plan_node_get_heap_fetches (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->heap_fetches;
}

gint64
sluice_plan_node_get_exact_heap_blocks (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->exact_heap_blocks;
}

gint64
sluice_plan_node_get_lossy_heap_blocks (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->lossy_heap_blocks;
}

const char *
sluice_plan_node_get_sort_method (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->sort_method;
}

gint64
sluice_plan_node_get_sort_space_kb (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->sort_space_kb;
}

const char *
sluice_plan_node_get_sort_space_type (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->sort_space_type;
}

gint64
sluice_plan_node_get_hash_buckets (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->hash_buckets;
}

gint64
sluice_plan_node_get_original_hash_buckets (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->original_hash_buckets;
}

gint64
sluice_plan_node_get_hash_batches (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->hash_batches;
}

gint64
sluice_plan_node_get_original_hash_batches (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->original_hash_batches;
}

gint64
sluice_plan_node_get_peak_memory_kb (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->peak_memory_kb;
}

gint64
sluice_plan_node_get_disk_usage_kb (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->disk_usage_kb;
}

gboolean
sluice_plan_node_has_buffers (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->has_buffers;
}

GPtrArray *
sluice_plan_node_get_properties (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->properties != NULL ? self->properties : empty_array ();
}

double
sluice_plan_node_get_inclusive_ms (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->inclusive_ms;
}

double
sluice_plan_node_get_exclusive_ms (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->exclusive_ms;
}

double
sluice_plan_node_get_share (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->share;
}

double
sluice_plan_node_get_processes (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 1);

  return self->processes;
}

double
sluice_plan_node_get_misestimate (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 1);

  return self->misestimate;
}

SluicePlanEstimate
sluice_plan_node_get_estimate (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), SLUICE_PLAN_ESTIMATE_UNKNOWN);

  return self->estimate;
}

const SluicePlanBuffers *
sluice_plan_node_get_buffers (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return &self->buffers;
}

const SluicePlanBuffers *
sluice_plan_node_get_exclusive_buffers (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return &self->exclusive_buffers;
}

gboolean
sluice_plan_node_get_sort_spilled (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return g_strcmp0 (self->sort_space_type, "Disk") == 0 ||
         (self->sort_method != NULL && g_str_has_prefix (self->sort_method, "external"));
}

double
sluice_plan_node_get_total_rows (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  if (!self->has_actuals || self->actual_rows < 0 || self->actual_loops < 0)
    return -1;
  return self->actual_rows * self->actual_loops;
}

const char *
sluice_plan_node_get_title (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  if (self->title == NULL)
    _sluice_plan_node_finish (self);
  return self->title;
}

/* The node's name as the text format prints it (explain.c's "pname"),
 * from the fields the JSON format gives. */
static char *
make_title (SluicePlanNode *self)
{
  const char *type = self->node_type != NULL ? self->node_type : "";
  const char *join = self->join_type != NULL ? self->join_type : "Inner";
  GString *title = g_string_new (NULL);

  if (self->parallel_aware)
    g_string_append (title, "Parallel ");
  if (self->async_capable)
    g_string_append (title, "Async ");

  if (g_str_equal (type, "Aggregate"))
    {
      const char *strategy = self->strategy != NULL ? self->strategy : "Plain";

      if (g_strcmp0 (self->partial_mode, "Partial") == 0 || g_strcmp0 (self->partial_mode, "Finalize") == 0)
        g_string_append_printf (title, "%s ", self->partial_mode);

      if (g_str_equal (strategy, "Sorted"))
        g_string_append (title, "GroupAggregate");
      else if (g_str_equal (strategy, "Hashed"))
        g_string_append (title, "HashAggregate");
      else if (g_str_equal (strategy, "Mixed"))
        g_string_append (title, "MixedAggregate");
      else
        g_string_append (title, "Aggregate");
    }
  else if (g_str_equal (type, "Hash Join") || g_str_equal (type, "Merge Join"))
    {
      if (g_str_equal (join, "Inner"))
        g_string_append (title, type);
      else
        g_string_append_printf (title, "%s %s Join", g_str_equal (type, "Hash Join") ? "Hash" : "Merge", join);
    }
  else if (g_str_equal (type, "Nested Loop"))
    {
      g_string_append (title, type);
      if (!g_str_equal (join, "Inner"))
        g_string_append_printf (title, " %s Join", join);
    }
  else if (g_str_equal (type, "ModifyTable") && self->operation != NULL)
    g_string_append (title, self->operation);
  else if (g_str_equal (type, "Foreign Scan") && self->operation != NULL &&
           !g_str_equal (self->operation, "Select"))
    g_string_append_printf (title, "Foreign %s", self->operation);
  else if (g_str_equal (type, "SetOp"))
    {
      const char *command = properties_lookup (self->properties, "Command");

      g_string_append (title, g_strcmp0 (self->strategy, "Hashed") == 0 ? "HashSetOp" : "SetOp");
      if (command != NULL)
        g_string_append_printf (title, " %s", command);
    }
  else if (g_str_equal (type, "Custom Scan") && properties_lookup (self->properties, "Custom Plan Provider"))
    g_string_append_printf (title, "Custom Scan (%s)", properties_lookup (self->properties, "Custom Plan Provider"));
  else
    {
      g_string_append (title, type);
      if ((g_str_equal (type, "Index Scan") || g_str_equal (type, "Index Only Scan")) &&
          g_strcmp0 (self->scan_direction, "Backward") == 0)
        g_string_append (title, " Backward");
    }

  return g_string_free (title, FALSE);
}

void
_sluice_plan_node_finish (SluicePlanNode *self)
{
  const char *type = self->node_type != NULL ? self->node_type : "";

  g_free (self->title);

  /* Most titles are the type itself. */
  if (!self->parallel_aware && !self->async_capable && self->join_type == NULL &&
      self->operation == NULL && self->strategy == NULL && self->scan_direction == NULL &&
      !g_str_equal (type, "Custom Scan") && !g_str_equal (type, "Aggregate"))
    self->title = g_strdup (type);
  else
    self->title = make_title (self);
}

/* What the node works on, as the text format names it. */
static const char *
target_name (SluicePlanNode *self)
{
  if (self->relation_name != NULL)
    return self->relation_name;
  if (self->function_name != NULL)
    return self->function_name;
  if (self->cte_name != NULL)
    return self->cte_name;
  if (properties_lookup (self->properties, "Tuplestore Name") != NULL)
    return properties_lookup (self->properties, "Tuplestore Name");
  return properties_lookup (self->properties, "Table Function Name");
}

char *
sluice_plan_node_dup_label (SluicePlanNode *self)
{
  GString *label;
  const char *target;

  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  label = g_string_new (sluice_plan_node_get_title (self));
  target = target_name (self);

  if (self->index_name != NULL)
    {
      if (g_strcmp0 (self->node_type, "Bitmap Index Scan") == 0)
        g_string_append_printf (label, " on %s", self->index_name);
      else
        g_string_append_printf (label, " using %s", self->index_name);
    }

  if (target != NULL)
    {
      g_string_append (label, " on ");
      if (self->schema != NULL)
        g_string_append_printf (label, "%s.", self->schema);
      g_string_append (label, target);
      if (self->alias != NULL && !g_str_equal (self->alias, target))
        g_string_append_printf (label, " %s", self->alias);
    }
  else if (self->alias != NULL)
    g_string_append_printf (label, " on %s", self->alias);

  return g_string_free (label, FALSE);
}

static char *
field_to_text (SluicePlanNode *self,
               const Field    *field)
{
  gpointer place = G_STRUCT_MEMBER_P (self, field->offset);

  switch (field->kind)
    {
    case FIELD_STRING:
    case FIELD_TEXT:
      return g_strdup (*(char **) place);
    case FIELD_BOOLEAN:
      return g_strdup (*(gboolean *) place ? "true" : "false");
    case FIELD_DOUBLE:
      return *(double *) place < 0 && !g_str_has_suffix (field->key, "Cost")
             ? NULL : format_number (*(double *) place);
    case FIELD_INT:
      return *(int *) place < 0 ? NULL : g_strdup_printf ("%d", *(int *) place);
    case FIELD_INT64:
      return *(gint64 *) place < 0 ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) place);
    default:
      g_assert_not_reached ();
    }
}

char *
sluice_plan_node_dup_value (SluicePlanNode *self,
                            const char     *key)
{
  const Field *field;

  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (g_str_equal (key, "Parent Relationship"))
    return g_strdup (sluice_plan_relationship_to_string (self->relationship));

  /* Hash and HashAgg batches share a field: answer for the one it holds. */
  if (g_str_equal (key, "HashAgg Batches") || g_str_equal (key, "Hash Batches"))
    {
      gboolean is_hash = g_strcmp0 (self->node_type, "Hash") == 0;

      if (is_hash != g_str_equal (key, "Hash Batches"))
        return NULL;
    }

  field = find_field (key);
  if (field != NULL)
    return field_to_text (self, field);

  {
    const BufferKey *entry = find_buffer_key (key);

    if (entry != NULL && entry->unit == BUFFER_MS)
      return format_number (G_STRUCT_MEMBER (double, &self->buffers, entry->offset));
    if (entry != NULL)
      return g_strdup_printf ("%" G_GINT64_FORMAT, G_STRUCT_MEMBER (gint64, &self->buffers, entry->offset));
  }

  return g_strdup (properties_lookup (self->properties, key));
}
