/* sluice-lint-allocator.c: memory for the lint's unpacked parse trees
 *
 * protobuf-c unpacks a parse tree with one allocation per node and frees
 * it node by node; with malloc that was a third of the lint's time.  A
 * tree lives only while its statements are checked (the hits keep copies
 * of what they need), so protobuf-c is given this allocator instead: it
 * hands out memory from large blocks and frees nothing until
 * _sluice_lint_allocator_reset(), which keeps the blocks for the next
 * tree.  protobuf-c's ProtobufCAllocator is the hook it offers for this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-lint-private.h"

#define BLOCK_SIZE (64 * 1024)
/* What protobuf-c's default allocator (malloc) would guarantee. */
#define ALIGNMENT  16

struct _SluiceLintAllocator
{
  ProtobufCAllocator  allocator;   /* first: handed to protobuf-c */
  GPtrArray          *blocks;      /* BLOCK_SIZE each, kept across resets */
  GPtrArray          *large;       /* one allocation each, freed on reset */
  guint               current;     /* the block being filled */
  gsize               used;        /* bytes used in it */
};

static void *
allocator_alloc (void   *allocator_data,
                 size_t  size)
{
  SluiceLintAllocator *self = allocator_data;
  void *memory;

  size = (size + ALIGNMENT - 1) & ~(gsize) (ALIGNMENT - 1);

  if (size > BLOCK_SIZE / 4)
    {
      memory = g_malloc (size);
      g_ptr_array_add (self->large, memory);
      return memory;
    }

  if (self->used + size > BLOCK_SIZE)
    {
      self->current++;
      self->used = 0;
      if (self->current == self->blocks->len)
        g_ptr_array_add (self->blocks, g_malloc (BLOCK_SIZE));
    }

  memory = (char *) g_ptr_array_index (self->blocks, self->current) + self->used;
  self->used += size;
  return memory;
}

/* Everything goes at once, in _sluice_lint_allocator_reset(). */
static void
allocator_free (void *allocator_data,
                void *pointer)
{
}

SluiceLintAllocator *
_sluice_lint_allocator_new (void)
{
  SluiceLintAllocator *self = g_new0 (SluiceLintAllocator, 1);

  self->allocator = (ProtobufCAllocator) { allocator_alloc, allocator_free, self };
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->large = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->blocks, g_malloc (BLOCK_SIZE));

  return self;
}

ProtobufCAllocator *
_sluice_lint_allocator_get (SluiceLintAllocator *self)
{
  return &self->allocator;
}

void
_sluice_lint_allocator_reset (SluiceLintAllocator *self)
{
  self->current = 0;
  self->used = 0;
  g_ptr_array_set_size (self->large, 0);
}

void
_sluice_lint_allocator_free (SluiceLintAllocator *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->blocks);
  g_ptr_array_unref (self->large);
  g_free (self);
}
