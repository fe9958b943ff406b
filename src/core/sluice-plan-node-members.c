/* sluice-plan-node-members.c: the member names of EXPLAIN's plan nodes,
 * read into a node's fields and given back by name
 *
 * One table knows every name a node has a field for ("Node Type",
 * "Actual Rows", "Shared Hit Blocks", ...) and what value each takes.
 * Every member of every node goes through it: as a JsonNode through
 * _sluice_plan_node_apply_member(), or as a bare number, string or
 * boolean through the shortcuts of the JSON stream reader and the text
 * parser (_sluice_plan_member_find() then _sluice_plan_node_take_*(), or
 * _sluice_plan_node_try_*() by name).  sluice_plan_node_dup_value() reads
 * it the other way.
 *
 * A file of its own because it is the parsers' hot path, 300,000 lookups
 * for a 10,000-node plan: the lookup (member_slot(), find_member_len()) is
 * static inline and the shortcuts sit next to it, so that nothing on that
 * path is a call into another file.  Keep them together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-plan-private.h"

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
#define MEMBER_SLOTS SLUICE_PLAN_MEMBER_SLOTS

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

/* Filled once, by the first lookup; the take_*() functions index it with
 * what a lookup gave, so it is always filled by then. */
static Member member_slots[MEMBER_SLOTS];

static inline const Member *
member_table (void)
{
  static gsize filled;

  if (g_once_init_enter (&filled))
    {
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        member_table_add (member_slots, fields[i].key, MEMBER_FIELD, &fields[i]);
      for (guint i = 0; i < G_N_ELEMENTS (buffer_keys); i++)
        member_table_add (member_slots, buffer_keys[i].key, MEMBER_BUFFER, &buffer_keys[i]);
      member_table_add (member_slots, "Plans", MEMBER_PLANS, NULL);
      member_table_add (member_slots, "Parent Relationship", MEMBER_RELATIONSHIP, NULL);
      member_table_add (member_slots, "Workers", MEMBER_WORKERS, NULL);
      member_table_add (member_slots, "Single Copy", MEMBER_SINGLE_COPY, NULL);
      g_once_init_leave (&filled, 1);
    }

  return member_slots;
}

/* The entry of @key, @length bytes long, or NULL for a name the table
 * does not know. */
static inline const Member *
find_member_len (const char *key,
                 gsize       length)
{
  const Member *table = member_table ();

  for (guint slot = member_slot (key, length); table[slot].key != NULL; slot = (slot + 1) & (MEMBER_SLOTS - 1))
    if (table[slot].length == length && _sluice_plan_same_bytes (table[slot].key, key, length))
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
      if (!_sluice_plan_json_is_string (value))
        {
          *problem = N_("should be a text");
          return FALSE;
        }
      {
        const char *text = json_node_get_string (value);

        *(char **) place = _sluice_plan_strings_add (node->strings, text, strlen (text));
      }
      return TRUE;

    case FIELD_TEXT:
      if (!_sluice_plan_json_is_string (value) && !JSON_NODE_HOLDS_ARRAY (value))
        {
          *problem = N_("should be a text or a list");
          return FALSE;
        }
      {
        g_autofree char *text = _sluice_plan_json_to_text (value);

        *(char **) place = _sluice_plan_strings_add (node->strings, text, strlen (text));
      }
      return TRUE;

    case FIELD_BOOLEAN:
      if (!_sluice_plan_json_is_boolean (value))
        {
          *problem = N_("should be true or false");
          return FALSE;
        }
      *(gboolean *) place = json_node_get_boolean (value);
      return TRUE;

    case FIELD_DOUBLE:
    case FIELD_INT:
    case FIELD_INT64:
      if (!_sluice_plan_json_is_number (value))
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
apply_buffer (SluicePlanBuffers *buffers,
              const BufferKey   *entry,
              JsonNode          *value)
{
  double number;

  if (!_sluice_plan_json_is_number (value))
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
          if (!_sluice_plan_json_is_string (value))
            {
              *problem = N_("should be a text");
              return FALSE;
            }
          node->relationship = _sluice_plan_relationship_from_string (json_node_get_string (value));
          return TRUE;

        case MEMBER_WORKERS:
          return _sluice_plan_node_apply_workers (node, value, problem);

        case MEMBER_SINGLE_COPY:
          if (_sluice_plan_json_is_boolean (value))
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

/* The parsers' shortcuts: what apply_field () and apply_buffer () do
 * with a number, a string or a boolean, for the members that take one,
 * with no JsonNode made and read between.  Any other case, errors
 * included, is left to _sluice_plan_node_apply_member (). */
int
_sluice_plan_member_find (const char *key,
                          gsize       key_length)
{
  const Member *member = find_member_len (key, key_length);

  return member != NULL ? (int) (member - member_table ()) : -1;
}

const char *
_sluice_plan_member_name (int    member_index,
                          gsize *length)
{
  const Member *member = &member_table ()[member_index];

  *length = member->length;
  return member->key;
}

gboolean
_sluice_plan_node_take_number (SluicePlanNode *node,
                               int             member_index,
                               double          value)
{
  const Member *member;
  const Field *field;
  gpointer place;

  if (member_index < 0 || !isfinite (value))
    return FALSE;

  member = &member_slots[member_index];
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
_sluice_plan_node_take_string (SluicePlanNode *node,
                               int             member_index,
                               const char     *value,
                               gsize           value_length)
{
  const Member *member;
  const Field *field;
  char **place;

  if (member_index < 0)
    return FALSE;

  member = &member_slots[member_index];
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
  *place = _sluice_plan_strings_add (node->strings, value, value_length);
  mark_field (node, field);
  return TRUE;
}

gboolean
_sluice_plan_node_take_boolean (SluicePlanNode *node,
                                int             member_index,
                                gboolean        value)
{
  const Member *member;
  const Field *field;

  if (member_index < 0)
    return FALSE;

  member = &member_slots[member_index];
  if (member->kind != MEMBER_FIELD)
    return FALSE;

  field = member->entry;
  if (field->kind != FIELD_BOOLEAN)
    return FALSE;

  *(gboolean *) G_STRUCT_MEMBER_P (node, field->offset) = value;
  mark_field (node, field);
  return TRUE;
}

gboolean
_sluice_plan_node_try_number (SluicePlanNode *node,
                              const char     *key,
                              gsize           key_length,
                              double          value)
{
  return _sluice_plan_node_take_number (node, _sluice_plan_member_find (key, key_length), value);
}

gboolean
_sluice_plan_node_try_string (SluicePlanNode *node,
                              const char     *key,
                              gsize           key_length,
                              const char     *value,
                              gsize           value_length)
{
  return _sluice_plan_node_take_string (node, _sluice_plan_member_find (key, key_length), value, value_length);
}

gboolean
_sluice_plan_node_try_boolean (SluicePlanNode *node,
                               const char     *key,
                               gsize           key_length,
                               gboolean        value)
{
  return _sluice_plan_node_take_boolean (node, _sluice_plan_member_find (key, key_length), value);
}

/* Most nodes have few keys without a field: the array comes when the
 * first one does (a 10,000-node plan is 10,000 allocations fewer). */
GPtrArray *
_sluice_plan_node_ensure_properties (SluicePlanNode *node)
{
  if (node->properties == NULL)
    node->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_plan_property_free);
  return node->properties;
}

/* Reading back */

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
             ? NULL : _sluice_plan_format_number (*(double *) place);
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
      return _sluice_plan_format_number (G_STRUCT_MEMBER (double, &self->buffers, entry->offset));
    if (entry != NULL)
      return g_strdup_printf ("%" G_GINT64_FORMAT, G_STRUCT_MEMBER (gint64, &self->buffers, entry->offset));
  }

  return g_strdup (_sluice_plan_properties_lookup (self->properties, key));
}
