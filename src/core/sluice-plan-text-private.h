/* sluice-plan-text-private.h: what the readers of EXPLAIN's text format
 * share (internal to libsluice)
 *
 * sluice-plan-text.c splits psql's output into lines and builds the tree,
 * sluice-plan-text-node.c reads node and detail lines into node members,
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

/* sluice-plan-text-node.c: small readers, node lines, detail lines */

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

gboolean
_sluice_plan_text_read_key_value (Target     *target,
                                  const char *key,
                                  gsize       key_length,
                                  const char *value,
                                  gsize       value_length);

gboolean
_sluice_plan_text_read_node_line (Target     *target,
                                  const char *text,
                                  gsize       length,
                                  gboolean   *is_node);

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
