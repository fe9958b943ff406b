/* sluice-plan-strings.c: the texts of a plan's nodes, kept together
 *
 * A 10,000-node plan has some 40,000 short texts (node types, relation
 * names, conditions).  One allocation each was a fifth of reading a plan,
 * and as much again of freeing it: instead the nodes of a plan copy them
 * into one shared GStringChunk, which goes with the last node that holds
 * it (a node may outlive its plan in a view).  Nodes are filled in one
 * thread and only read afterwards, so the chunk needs no lock; only the
 * count of holders is atomic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-plan-private.h"

struct _SluicePlanStrings
{
  GStringChunk *chunk;
};

/* Blocks of this size hold most plans' texts in a few allocations. */
#define BLOCK_SIZE (32 * 1024)

SluicePlanStrings *
_sluice_plan_strings_new (void)
{
  SluicePlanStrings *self = g_atomic_rc_box_new0 (SluicePlanStrings);

  self->chunk = g_string_chunk_new (BLOCK_SIZE);
  return self;
}

SluicePlanStrings *
_sluice_plan_strings_ref (SluicePlanStrings *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
strings_clear (gpointer data)
{
  SluicePlanStrings *self = data;

  g_string_chunk_free (self->chunk);
}

void
_sluice_plan_strings_unref (SluicePlanStrings *self)
{
  g_atomic_rc_box_release_full (self, strings_clear);
}

char *
_sluice_plan_strings_add (SluicePlanStrings *self,
                          const char        *text,
                          gsize              length)
{
  return g_string_chunk_insert_len (self->chunk, text, (gssize) length);
}
