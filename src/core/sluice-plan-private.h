/* sluice-plan-private.h: what the plan parsers and the model share
 * (internal to libsluice)
 *
 * A plan is sluice-plan.c (the type), -read.c, -frame.c, -build.c and
 * -summary.c; a node is sluice-plan-node.c (the type), -node-members.c,
 * -node-workers.c and -node-title.c; sluice-plan-properties.c keeps what
 * both hold as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <json-glib/json-glib.h>

#include "sluice-plan.h"
#include "sluice-plan-node.h"

G_BEGIN_DECLS

/* The texts of a plan's nodes, in one shared chunk (sluice-plan-strings.c). */
typedef struct _SluicePlanStrings SluicePlanStrings;

SluicePlanStrings *_sluice_plan_strings_new   (void);
SluicePlanStrings *_sluice_plan_strings_ref   (SluicePlanStrings *self);
void               _sluice_plan_strings_unref (SluicePlanStrings *self);
/* A copy of @text (@length bytes, then a NUL) that lives as long as @self. */
char              *_sluice_plan_strings_add   (SluicePlanStrings *self,
                                               const char        *text,
                                               gsize              length);

struct _SluicePlanNode
{
  GObject                 parent_instance;

  /* Tree: the plan owns every node; parent and children are borrowed and
   * cleared when the plan goes, so a node kept longer never dangles. */
  guint                   id;
  guint                   depth;
  guint                   line;
  guint                   subtree_end;     /* one past the last id below */
  SluicePlanNode         *parent;
  GPtrArray              *children;

  /* The texts below, but the title, are in @strings, shared with the
   * other nodes of the plan: never freed one by one. */
  SluicePlanStrings      *strings;
  char                   *node_type;
  char                   *title;
  char                   *relation_name;
  char                   *schema;
  char                   *alias;
  char                   *index_name;
  char                   *cte_name;
  char                   *function_name;
  char                   *join_type;
  char                   *strategy;
  char                   *partial_mode;
  char                   *operation;
  char                   *scan_direction;
  char                   *subplan_name;
  SluicePlanRelationship  relationship;
  gboolean                parallel_aware;
  gboolean                async_capable;
  gboolean                single_copy;

  gboolean                has_costs;
  double                  startup_cost;
  double                  total_cost;
  double                  plan_rows;
  int                     plan_width;

  gboolean                has_actuals;
  gboolean                has_timing;
  double                  actual_startup_ms;
  double                  actual_total_ms;
  double                  actual_rows;
  double                  actual_loops;

  int                     workers_planned;
  int                     workers_launched;
  GPtrArray              *workers;          /* NULL until there is one */

  char                   *filter;
  char                   *index_cond;
  char                   *recheck_cond;
  char                   *join_filter;
  char                   *hash_cond;
  char                   *merge_cond;
  char                   *output;
  char                   *sort_key;
  char                   *group_key;

  double                  rows_removed_by_filter;
  double                  rows_removed_by_join_filter;
  double                  rows_removed_by_index_recheck;
  double                  heap_fetches;
  gint64                  exact_heap_blocks;
  gint64                  lossy_heap_blocks;

  char                   *sort_method;
  char                   *sort_space_type;
  gint64                  sort_space_kb;

  gint64                  hash_buckets;
  gint64                  original_hash_buckets;
  gint64                  hash_batches;
  gint64                  original_hash_batches;
  gint64                  peak_memory_kb;
  gint64                  disk_usage_kb;

  gboolean                has_buffers;
  SluicePlanBuffers       buffers;
  SluicePlanBuffers       exclusive_buffers;

  GPtrArray              *properties;       /* NULL until there is one */

  /* The model */
  double                  processes;
  double                  inclusive_ms;
  double                  exclusive_ms;
  double                  share;
  double                  misestimate;
  SluicePlanEstimate      estimate;
};

/* Plans: the type is sluice-plan.c, the rest reads and fills it. */
struct _SluicePlan
{
  GObject               parent_instance;

  SluicePlanFormat      format;
  SluicePlanStrings    *strings;       /* for its nodes' texts */
  char                 *source;
  gsize                 source_length;
  gboolean              source_borrowed;  /* not ours yet: see _sluice_plan_keep_source () */
  JsonNode             *json_plan;     /* EXPLAIN's JSON, for saving */
  char                 *plan_text;     /* EXPLAIN's text, for saving */

  GPtrArray            *nodes;         /* of SluicePlanNode, pre-order */
  guint                 max_depth;
  gboolean              has_actuals;
  gboolean              has_timing;
  gboolean              has_buffers;

  double                planning_ms;
  double                execution_ms;
  double                total_ms;
  double                exclusive_sum_ms;
  SluicePlanBuffers    *planning_buffers;
  SluicePlanJit        *jit;
  GPtrArray            *triggers;
  GPtrArray            *settings;
  GPtrArray            *summary_properties;
  double                serialization_ms;
  gint64                serialization_kb;
  char                 *serialization_format;

  char                 *query;
  SluiceExplainOptions  options;
  int                   server_version;
  GDateTime            *captured_at;
  gboolean              rolled_back;
};

/* JSON values: the types a member's value may have */
static inline gboolean
_sluice_plan_json_is_number (JsonNode *value)
{
  GType type;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return FALSE;

  type = json_node_get_value_type (value);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static inline gboolean
_sluice_plan_json_is_string (JsonNode *value)
{
  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_STRING;
}

static inline gboolean
_sluice_plan_json_is_boolean (JsonNode *value)
{
  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_BOOLEAN;
}

/* memcmp () == 0 without its call, for the short names of members: eight
 * bytes at a time, the last eight overlapping. */
static inline gboolean
_sluice_plan_same_bytes (const char *a,
                         const char *b,
                         gsize       length)
{
  guint64 piece_a, piece_b;

  if (length < 8)
    {
      for (gsize i = 0; i < length; i++)
        if (a[i] != b[i])
          return FALSE;
      return TRUE;
    }

  for (gsize i = 0; i + 8 < length; i += 8)
    {
      memcpy (&piece_a, a + i, 8);
      memcpy (&piece_b, b + i, 8);
      if (piece_a != piece_b)
        return FALSE;
    }
  memcpy (&piece_a, a + length - 8, 8);
  memcpy (&piece_b, b + length - 8, 8);
  return piece_a == piece_b;
}

/* Nodes */
/* A node whose texts go in @plan's chunk. */
SluicePlanNode   *_sluice_plan_node_new              (SluicePlan        *plan);
GPtrArray        *_sluice_plan_node_ensure_workers    (SluicePlanNode    *node);
GPtrArray        *_sluice_plan_node_ensure_properties (SluicePlanNode    *node);
/* The title worked out from the node's fields (sluice-plan-node-title.c);
 * sluice_plan_node_get_title() keeps it. */
char             *_sluice_plan_node_make_title       (SluicePlanNode    *node);
/* Reads one member of a plan node as EXPLAIN (FORMAT JSON) names it:
 * known keys into their fields, the rest into the properties.  The text
 * parser turns its lines into the same members.  Returns FALSE, with
 * *@problem set to a static description marked with N_(), when @value has a
 * type the key cannot have. */
gboolean          _sluice_plan_node_apply_member     (SluicePlanNode    *node,
                                                      const char        *key,
                                                      JsonNode          *value,
                                                      const char       **problem);
/* Reads the "Workers" member of @node (sluice-plan-node-workers.c). */
gboolean          _sluice_plan_node_apply_workers    (SluicePlanNode    *node,
                                                      JsonNode          *value,
                                                      const char       **problem);
/* Shortcuts of _sluice_plan_node_apply_member() for the parsers' scalar
 * values, without a JsonNode: each applies the member as
 * _sluice_plan_node_apply_member() would and returns TRUE, or does
 * nothing and returns FALSE when the member is not one it knows for such
 * a value (the caller then takes the general path, errors included).
 * The try_*() take the name (@key_length is strlen (@key)); the take_*()
 * take its place in the table of known names,
 * _sluice_plan_member_find(): below SLUICE_PLAN_MEMBER_SLOTS, one place a
 * name, or -1 for a name no field has. */
#define SLUICE_PLAN_MEMBER_SLOTS 256
int               _sluice_plan_member_find           (const char        *key,
                                                      gsize              key_length);
/* The name of a place _sluice_plan_member_find() gave. */
const char       *_sluice_plan_member_name           (int                member_index,
                                                      gsize             *length);
gboolean          _sluice_plan_node_take_number      (SluicePlanNode    *node,
                                                      int                member_index,
                                                      double             value);
gboolean          _sluice_plan_node_take_string      (SluicePlanNode    *node,
                                                      int                member_index,
                                                      const char        *value,
                                                      gsize              value_length);
gboolean          _sluice_plan_node_take_boolean     (SluicePlanNode    *node,
                                                      int                member_index,
                                                      gboolean           value);
gboolean          _sluice_plan_node_try_number       (SluicePlanNode    *node,
                                                      const char        *key,
                                                      gsize              key_length,
                                                      double             value);
gboolean          _sluice_plan_node_try_string       (SluicePlanNode    *node,
                                                      const char        *key,
                                                      gsize              key_length,
                                                      const char        *value,
                                                      gsize              value_length);
gboolean          _sluice_plan_node_try_boolean      (SluicePlanNode    *node,
                                                      const char        *key,
                                                      gsize              key_length,
                                                      gboolean           value);
SluicePlanWorker *_sluice_plan_worker_new            (int                number);
void              _sluice_plan_worker_free           (SluicePlanWorker  *worker);
gboolean          _sluice_plan_worker_apply_member   (SluicePlanWorker  *worker,
                                                      const char        *key,
                                                      JsonNode          *value,
                                                      const char       **problem);
/* Buffers, I/O times and WAL keys, shared by nodes, workers and planning;
 * FALSE when @key is none of them. */
gboolean          _sluice_plan_buffers_apply_member  (SluicePlanBuffers *buffers,
                                                      const char        *key,
                                                      JsonNode          *value,
                                                      gboolean          *is_number);
void              _sluice_plan_property_free         (SluicePlanProperty *property);
void              _sluice_plan_properties_add        (GPtrArray          *properties,
                                                      const char         *key,
                                                      const char         *value);
/* The value of @key in a list of SluicePlanProperty, or NULL. */
const char       *_sluice_plan_properties_lookup     (GPtrArray          *properties,
                                                      const char         *key);
/* A JSON value as the text format prints it: lists joined with ", ". */
char             *_sluice_plan_json_to_text          (JsonNode           *value);
/* A number as EXPLAIN prints it: whole numbers without a point, others
 * with 15 significant digits. */
char             *_sluice_plan_format_number         (double             number);
/* The relationship named by EXPLAIN ("Outer", "InitPlan", ...). */
SluicePlanRelationship _sluice_plan_relationship_from_string (const char *text);

/* Plans */
/* A plan to fill, which borrows @source (the text as the user gave it)
 * while the parsers read: whoever hands the plan on first keeps the
 * source with _sluice_plan_keep_source(), before that text can go. */
SluicePlan       *_sluice_plan_new                   (SluicePlanFormat   format,
                                                      const char        *source,
                                                      gsize              length);
/* Makes the borrowed source the plan's own: takes @owned when the source
 * is that buffer (the caller gives it up: it is freed with the plan), and
 * copies it otherwise.  Does nothing for a source already kept. */
void              _sluice_plan_keep_source           (SluicePlan        *self,
                                                      char              *owned);
/* Appends @node in pre-order under @parent (NULL for the root), giving it
 * its id and depth. */
void              _sluice_plan_add_node              (SluicePlan        *self,
                                                      SluicePlanNode    *node,
                                                      SluicePlanNode    *parent);
/* Reads one top-level member of EXPLAIN's output ("Planning Time",
 * "Triggers", "JIT", ...) */
gboolean          _sluice_plan_apply_summary_member  (SluicePlan        *self,
                                                      const char        *key,
                                                      JsonNode          *value,
                                                      const char       **problem);
SluicePlanBuffers *_sluice_plan_ensure_planning_buffers (SluicePlan     *self);
SluicePlanJit    *_sluice_plan_ensure_jit            (SluicePlan        *self);
void              _sluice_plan_add_trigger           (SluicePlan        *self,
                                                      SluicePlanTrigger *trigger);
void              _sluice_plan_add_setting           (SluicePlan        *self,
                                                      const char        *name,
                                                      const char        *value);
void              _sluice_plan_add_summary_property  (SluicePlan        *self,
                                                      const char        *key,
                                                      const char        *value);
void              _sluice_plan_set_planning_ms       (SluicePlan        *self,
                                                      double             ms);
void              _sluice_plan_set_execution_ms      (SluicePlan        *self,
                                                      double             ms);
void              _sluice_plan_set_serialization     (SluicePlan        *self,
                                                      double             ms,
                                                      gint64             kb,
                                                      const char        *format);
/* Keeps the JSON value the plan was read from, for saving. */
void              _sluice_plan_set_json_source       (SluicePlan        *self,
                                                      JsonNode          *plan);
JsonNode         *_sluice_plan_get_json_source       (SluicePlan        *self);
/* Keeps the EXPLAIN text the plan was read from, for saving. */
void              _sluice_plan_set_text_source       (SluicePlan        *self,
                                                      const char        *text,
                                                      gsize              length);
const char       *_sluice_plan_get_text_source       (SluicePlan        *self);
void              _sluice_plan_set_total_ms          (SluicePlan        *self,
                                                      double             total_ms);
/* How the plan was captured (sluice_plan_explain_finish(), saved files). */
void              _sluice_plan_set_capture           (SluicePlan                 *self,
                                                      const SluiceExplainOptions *options,
                                                      int                         server_version,
                                                      GDateTime                  *captured_at,
                                                      gboolean                    rolled_back);
/* Works out the model once every node is in: depths, inclusive and
 * exclusive times, shares, estimates, exclusive buffers. */
void              _sluice_plan_finish                (SluicePlan        *self);
void              _sluice_plan_compute_model         (SluicePlan        *self);

void              _sluice_plan_trigger_free          (SluicePlanTrigger *trigger);

/* A count for messages: "950", "12k", "1.2M", "3.4G". */
char             *_sluice_plan_format_count          (double             count);

/* psql's frame around a plan, taken off: the "QUERY PLAN" header, the
 * dashes, the "(N rows)" footer, the one-space margin, the "+" marks of
 * multi-line cells and border-2 rules.  Lines are kept (a removed line
 * becomes empty) so that line numbers still point into the input.
 * Returns NULL, with *@out_length = @length, when there is nothing to take
 * off: use @data as it is. */
char             *_sluice_plan_unframe               (const char        *data,
                                                      gsize              length,
                                                      gsize             *out_length);
/* Refuses input larger than SLUICE_PLAN_MAX_INPUT_BYTES. */
gboolean          _sluice_plan_check_size            (gsize              length,
                                                      GError           **error);

/* Parsers working on unframed text */
SluicePlan       *_sluice_plan_parse_json            (const char        *data,
                                                      gsize              length,
                                                      const char        *source,
                                                      gsize              source_length,
                                                      GError           **error);
SluicePlan       *_sluice_plan_parse_text            (const char        *data,
                                                      gsize              length,
                                                      const char        *source,
                                                      gsize              source_length,
                                                      GError           **error);

G_END_DECLS
