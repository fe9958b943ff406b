/* sluice-plan-text-private.h: what the readers of EXPLAIN's text format
 * share (internal to libsluice)
 *
 * sluice-plan-text.c splits psql's output into lines and builds the tree,
 * sluice-plan-text-node.c reads node lines into node members,
 * sluice-plan-text-node-detail.c and sluice-plan-text-node-key.c their
 * detail lines, with the small readers of sluice-plan-text-node-cursor.c,
 * sluice-plan-text-summary.c reads the summary below the tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "sluice-plan-private.h"

G_BEGIN_DECLS

typedef struct
{
  const char *text;      /* after the indentation */
  gsize       length;
  guint       column;    /* of the first non-blank character, tabs at 8 */
  guint       number;    /* 1-based line of the input */
} TextLine;

typedef struct
{
  const char *p;
  const char *end;
} Cursor;

/* One "Key: value" of a line of several ("Buckets: 1024  Batches: 1") */
typedef struct
{
  const char *key;
  gsize       key_length;
  const char *value;
  gsize       value_length;
} Segment;

typedef struct
{
  SluicePlan        *plan;
  SluicePlanNode    *node;      /* the node detail lines go to */
  SluicePlanWorker  *worker;    /* or this worker of it */
  guint              worker_column;
  GError           **error;
  guint              line;
  JsonNode          *number;    /* the value being applied, reused */
  JsonNode          *string;
  JsonNode          *boolean;
  GString           *buffer;    /* for strings that are not NUL-terminated */
  GString           *key;       /* the same, for keys read from a line */
  GArray            *segments;  /* of Segment, for each line split in turn */
} Target;

typedef enum
{
  BLOCK_NONE,
  BLOCK_PLANNING,
  BLOCK_JIT,
} Block;

static inline gboolean
cursor_skip (Cursor     *cursor,
             const char *literal)
{
  gsize length = strlen (literal);

  if ((gsize) (cursor->end - cursor->p) < length || memcmp (cursor->p, literal, length) != 0)
    return FALSE;
  cursor->p += length;
  return TRUE;
}

static inline void
cursor_skip_spaces (Cursor *cursor)
{
  while (cursor->p < cursor->end && *cursor->p == ' ')
    cursor->p++;
}

static inline gboolean
starts_with (const char *text,
             gsize       length,
             const char *prefix)
{
  gsize prefix_length = strlen (prefix);

  return length >= prefix_length && memcmp (text, prefix, prefix_length) == 0;
}

/* Whether [name, name + length) is @literal: inline, so that the length
 * of a literal is known when compiling (it is asked a few times a line). */
static inline gboolean
_sluice_plan_text_name_equals (const char *name,
                               gsize       length,
                               const char *literal)
{
  return strlen (literal) == length && memcmp (name, literal, length) == 0;
}

/* Members, as EXPLAIN (FORMAT JSON) would name them: what every reader of
 * sluice-plan-text-node*.c applies, for every member of every node.
 * Defined here rather than in one of those files: each reader's file
 * gets its own static copy, which the compiler may inline as it would one
 * of the file's own functions, where a function of another file would be
 * a call for each member.  Static, not "static inline": the compiler
 * then decides in each file whether inlining them pays; "inline" had it
 * inline them everywhere, which in sluice-plan-text-node-key.c kept the
 * loops over key tables from being unrolled and cost more than it saved.
 * G_GNUC_UNUSED: for the files of this header that apply nothing.  Only
 * the error of a member that cannot be applied is out of line (in
 * sluice-plan-text-node.c). */

void
_sluice_plan_text_member_error (Target     *target,
                                const char *key,
                                const char *problem);

G_GNUC_UNUSED static gboolean
apply_json (Target     *target,
            const char *key,
            JsonNode   *value)
{
  const char *problem = NULL;
  gboolean ok;

  if (target->worker != NULL)
    ok = _sluice_plan_worker_apply_member (target->worker, key, value, &problem);
  else
    ok = _sluice_plan_node_apply_member (target->node, key, value, &problem);

  if (!ok)
    _sluice_plan_text_member_error (target, key, problem);
  return ok;
}

/* A node's own fields are set straight from the value with
 * _sluice_plan_node_try_*(), as the JSON stream reader does.  The rest
 * (workers, keys kept as properties, values of the wrong type and their
 * errors) goes as a JSON value through _sluice_plan_node_apply_member ():
 * one JsonNode of each type is set to each value in turn (the readers keep
 * nothing of it), rather than one allocated per member.  Only
 * json_node_set_*() on a node of that type: json_node_init*() again would
 * free its value and then use it. */
G_GNUC_UNUSED static gboolean
apply_number_len (Target     *target,
                  const char *key,
                  gsize       key_length,
                  double      number)
{
  if (target->worker == NULL && _sluice_plan_node_try_number (target->node, key, key_length, number))
    return TRUE;

  json_node_set_double (target->number, number);
  return apply_json (target, key, target->number);
}

G_GNUC_UNUSED static gboolean
apply_string_len (Target     *target,
                  const char *key,
                  gsize       key_length,
                  const char *text,
                  gssize      length)
{
  /* Always NUL-terminated: the shortcut reads some values as C strings. */
  if (length >= 0)
    {
      g_string_truncate (target->buffer, 0);
      g_string_append_len (target->buffer, text, length);
      text = target->buffer->str;
    }
  else
    length = strlen (text);

  if (target->worker == NULL &&
      _sluice_plan_node_try_string (target->node, key, key_length, text, length))
    return TRUE;

  json_node_set_string (target->string, text);
  return apply_json (target, key, target->string);
}

G_GNUC_UNUSED static gboolean
apply_boolean_len (Target     *target,
                   const char *key,
                   gsize       key_length,
                   gboolean    boolean)
{
  if (target->worker == NULL && _sluice_plan_node_try_boolean (target->node, key, key_length, boolean))
    return TRUE;

  json_node_set_boolean (target->boolean, boolean);
  return apply_json (target, key, target->boolean);
}

/* Most keys are literals: their length is then worked out when compiling. */
#define apply_number(target, key, number) apply_number_len ((target), (key), strlen (key), (number))
#define apply_string(target, key, text, length) apply_string_len ((target), (key), strlen (key), (text), (length))
#define apply_boolean(target, key, boolean) apply_boolean_len ((target), (key), strlen (key), (boolean))

/* sluice-plan-text-node-cursor.c: small readers */

gboolean
_sluice_plan_text_cursor_number (Cursor *cursor,
                                 double *number);

const char *
_sluice_plan_text_find_last (const char *start,
                             gsize       length,
                             const char *needle);

const char *
_sluice_plan_text_find_first (const char *start,
                              gsize       length,
                              const char *needle);

gboolean
_sluice_plan_text_read_kilobytes (Cursor *cursor,
                                  double *number);

/* sluice-plan-text-node.c: node lines */

gboolean
_sluice_plan_text_read_actuals (Target *target,
                                Cursor *cursor);

gboolean
_sluice_plan_text_read_node_line (Target     *target,
                                  const char *text,
                                  gsize       length,
                                  gboolean   *is_node);

/* sluice-plan-text-node-key.c: "Key: value" detail lines */

gboolean
_sluice_plan_text_read_key_value (Target     *target,
                                  const char *key,
                                  gsize       key_length,
                                  const char *value,
                                  gsize       value_length);

/* sluice-plan-text-node-detail.c: detail and worker lines */

gboolean
_sluice_plan_text_read_detail (Target     *target,
                               const char *text,
                               gsize       length);

gboolean
_sluice_plan_text_read_worker_line (Target         *target,
                                    const TextLine *line);

/* sluice-plan-text-summary.c: the lines below the tree */

gboolean
_sluice_plan_text_read_summary_line (SluicePlan *plan,
                                     const char *text,
                                     gsize       length,
                                     Block      *block);

gboolean
_sluice_plan_text_read_planning_line (SluicePlan *plan,
                                      Target     *target,
                                      const char *text,
                                      gsize       length);

void
_sluice_plan_text_read_jit_line (SluicePlan *plan,
                                 const char *text,
                                 gsize       length);

G_END_DECLS
