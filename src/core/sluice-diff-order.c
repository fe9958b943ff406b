/* sluice-diff-order.c: the order of the DDL script that turns one catalog
 * into another
 *
 * The script has four parts:
 *   1. drops, each object's dependents before it (reverse dependency
 *      order), with the alterations that stop an object depending on a
 *      dropped one placed just before that drop;
 *   2. renames, by kind (a table before its columns);
 *   3. alterations and creates, prerequisites first (dependency order,
 *      kind order as the tie-break);
 *   4. the statements the kinds deferred: foreign keys, VALIDATE
 *      CONSTRAINT, sequence ownership.
 * An object that cannot be altered in place (SLUICE_DDL_REPLACE) is
 * dropped and created again, and so are, transitively, the objects that
 * depend on it; an alteration that invalidates its dependents
 * (SLUICE_DDL_ALTERED_REBUILD_DEPENDENTS: a column whose type changes
 * under a view) has its dependents dropped before and created after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-catalog-private.h"
#include "sluice-ddl-private.h"

typedef struct
{
  GPtrArray *statements;
  GPtrArray *deferred;
} Chunk;

#if defined(__GNUC__) || defined(__clang__)
# define PREFETCH(address) __builtin_prefetch (address)
#else
# define PREFETCH(address) ((void) (address))
#endif

/* One object that depends on an identity, linked to the next one. */
typedef struct
{
  SluiceCatalogObject *object;
  guint                next;    /* index + 1 of the next link; 0 ends */
} DependentLink;

/* An identity of "from" and the first of its dependents. */
typedef struct
{
  const char *identity;         /* borrowed from an object, or in names */
  guint32     hash;
  guint       head;             /* index + 1 of a DependentLink; 0: free slot */
} DependentSlot;

typedef struct
{
  SluiceDiff      *diff;
  SluiceCatalog   *from;
  SluiceCatalog   *to;
  SluiceDdlWriter *writer;

  GPtrArray       *script;        /* SluiceDdlStatement, owned */
  GPtrArray       *deferred;      /* SluiceDdlStatement, owned */

  /* What depends on an object of "from", built when first asked for (see
   * build_dependents()).  Children are found through the catalog's own
   * index of them instead. */
  DependentSlot   *slots;         /* open addressing, linear probing */
  guint            n_slots;       /* a power of two; 0 until built */
  guint            n_used;
  GArray          *links;         /* DependentLink */
  GStringChunk    *names;         /* identities made up for the slots' keys */
  GHashTable      *drop_set;      /* "from" identity -> object */
  GHashTable      *create_set;    /* "to" identity -> object */
  GHashTable      *alters;        /* "to" identity -> Chunk */
  GHashTable      *renames;       /* "to" identity -> Chunk */
  GHashTable      *altered_from;  /* "from" identity -> "to" object, for altered objects */
  GHashTable      *visited;
} Engine;

static void
chunk_free (Chunk *chunk)
{
  g_clear_pointer (&chunk->statements, g_ptr_array_unref);
  g_clear_pointer (&chunk->deferred, g_ptr_array_unref);
  g_free (chunk);
}

static Chunk *
chunk_take (SluiceDdlWriter *writer)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->statements = sluice_ddl_writer_steal (writer);
  chunk->deferred = sluice_ddl_writer_steal_deferred (writer);
  return chunk;
}

static void
emit_chunk (Engine *engine,
            Chunk  *chunk)
{
  g_ptr_array_extend_and_steal (engine->script, g_steal_pointer (&chunk->statements));
  g_ptr_array_extend_and_steal (engine->deferred, g_steal_pointer (&chunk->deferred));
  chunk->statements = g_ptr_array_new ();
  chunk->deferred = g_ptr_array_new ();
}

static void
emit_writer (Engine *engine)
{
  Chunk *chunk = chunk_take (engine->writer);

  emit_chunk (engine, chunk);
  chunk_free (chunk);
}

/* Identities an object's relations name beyond its dependencies: the
 * parent of a partition and the parents of an inheritance child (the
 * capture may or may not list them among the dependencies). */
static void
add_table_parents (SluiceCatalogObject *object,
                   GPtrArray           *identities)
{
  const char *partition_of;
  const char *inherits;

  if (sluice_catalog_object_get_kind (object) != SLUICE_CATALOG_TABLE)
    return;

  partition_of = sluice_catalog_object_get_attribute (object, "partition_of");
  if (partition_of != NULL)
    g_ptr_array_add (identities, g_strconcat ("table ", partition_of, NULL));

  inherits = sluice_catalog_object_get_attribute (object, "inherits");
  if (inherits != NULL)
    {
      g_auto(GStrv) parents = g_strsplit (inherits, ", ", -1);

      for (guint i = 0; parents[i] != NULL; i++)
        g_ptr_array_add (identities, g_strconcat ("table ", parents[i], NULL));
    }
}

/* Everything @object needs to exist before it: its dependencies, its
 * parent, the tables it is a partition or child of.  A sequence's
 * ownership by a column is left out: the column's default needs the
 * sequence first, and OWNED BY is written last anyway. */
static GPtrArray *
prerequisites_of (SluiceCatalogObject *object,
                  gboolean             for_creation)
{
  GPtrArray *identities = g_ptr_array_new_with_free_func (g_free);
  const char * const *dependencies = sluice_catalog_object_get_dependencies (object);
  gboolean is_sequence = sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_SEQUENCE;
  const char *parent = sluice_catalog_object_get_parent_identity (object);

  for (guint i = 0; dependencies != NULL && dependencies[i] != NULL; i++)
    {
      if (for_creation && is_sequence && g_str_has_prefix (dependencies[i], "column "))
        continue;
      g_ptr_array_add (identities, g_strdup (dependencies[i]));
    }

  if (parent != NULL)
    g_ptr_array_add (identities, g_strdup (parent));

  /* A sequence owned by a column goes when the column goes: to drop the
   * column, the ownership must be given up first (or the sequence is
   * dropped with it). */
  if (!for_creation && is_sequence &&
      sluice_catalog_object_get_attribute (object, "owned_by") != NULL)
    g_ptr_array_add (identities, g_strconcat ("column ",
                                              sluice_catalog_object_get_attribute (object, "owned_by"),
                                              NULL));

  add_table_parents (object, identities);
  return identities;
}

/* A hash of the whole identity, eight bytes at a time: g_str_hash() goes
 * byte by byte, and the index below hashes every dependency of a
 * catalog. */
static guint32
identity_hash (const char *identity)
{
  gsize length = strlen (identity);
  guint64 hash = 0x9E3779B97F4A7C15ull ^ length;
  guint64 word;
  gsize i;

  for (i = 0; i + 8 <= length; i += 8)
    {
      memcpy (&word, identity + i, 8);
      hash = (hash ^ word) * 0x9E3779B97F4A7C15ull;
      hash ^= hash >> 29;
    }
  word = 0;
  memcpy (&word, identity + i, length - i);
  hash = (hash ^ word) * 0x9E3779B97F4A7C15ull;
  hash ^= hash >> 32;

  return (guint32) hash;
}

/* The slot of @identity, or the free slot where it would go.  Shared
 * dependency strings are one pointer, so most hits need no strcmp(). */
static DependentSlot *
find_slot (Engine     *engine,
           const char *identity,
           guint32     hash)
{
  guint mask = engine->n_slots - 1;

  for (guint i = hash & mask;; i = (i + 1) & mask)
    {
      DependentSlot *slot = &engine->slots[i];

      if (slot->head == 0)
        return slot;
      if (slot->hash == hash && (slot->identity == identity || strcmp (slot->identity, identity) == 0))
        return slot;
    }
}

static void
grow_slots (Engine *engine)
{
  DependentSlot *old_slots = engine->slots;
  guint old_n_slots = engine->n_slots;

  engine->n_slots = old_n_slots * 2;
  engine->slots = g_new0 (DependentSlot, engine->n_slots);

  for (guint i = 0; i < old_n_slots; i++)
    {
      guint mask = engine->n_slots - 1;
      guint j;

      if (old_slots[i].head == 0)
        continue;

      for (j = old_slots[i].hash & mask; engine->slots[j].head != 0; j = (j + 1) & mask)
        ;
      engine->slots[j] = old_slots[i];
    }

  g_free (old_slots);
}

static void
add_dependent (Engine              *engine,
               const char          *identity,
               SluiceCatalogObject *object)
{
  guint32 hash = identity_hash (identity);
  DependentSlot *slot = find_slot (engine, identity, hash);
  DependentLink link = { object, slot->head };

  if (slot->head == 0)
    {
      slot->identity = identity;
      slot->hash = hash;
      engine->n_used++;
    }
  g_array_append_val (engine->links, link);
  slot->head = engine->links->len;

  /* Kept at most three quarters full, so that probes stay short. */
  if (engine->n_used * 4 > engine->n_slots * 3)
    grow_slots (engine);
}

/* The reverse of prerequisites_of() over all of "from", but for the
 * parents (see dependents_of()).  It looks at every object of the catalog,
 * most of the DDL's time on a big one, so it is kept lean: the
 * dependencies' own strings are the keys, and the lists are links in one
 * array rather than an array per identity. */
static void
build_dependents (Engine *engine)
{
  GPtrArray *objects = _sluice_catalog_peek_objects (engine->from);

  engine->n_slots = 64;
  while (engine->n_slots < objects->len / 2)
    engine->n_slots *= 2;
  engine->slots = g_new0 (DependentSlot, engine->n_slots);
  engine->links = g_array_sized_new (FALSE, FALSE, sizeof (DependentLink), objects->len);
  engine->names = g_string_chunk_new (4096);

  for (guint i = 0; i < objects->len; i++)
    {
      SluiceCatalogObject *object = g_ptr_array_index (objects, i);
      const char * const *dependencies = sluice_catalog_object_get_dependencies (object);
      SluiceCatalogKind kind = sluice_catalog_object_get_kind (object);

      /* The objects lie in memory in no useful order: ask for the next
       * ones early, as the diff's walk does. */
      if (i + 32 < objects->len)
        PREFETCH (g_ptr_array_index (objects, i + 32));
      if (i + 16 < objects->len)
        PREFETCH (sluice_catalog_object_get_dependencies (g_ptr_array_index (objects, i + 16)));

      for (guint j = 0; dependencies[j] != NULL; j++)
        add_dependent (engine, dependencies[j], object);

      if (kind == SLUICE_CATALOG_SEQUENCE)
        {
          const char *owned_by = sluice_catalog_object_get_attribute (object, "owned_by");

          if (owned_by != NULL)
            {
              g_autofree char *column = g_strconcat ("column ", owned_by, NULL);

              add_dependent (engine, g_string_chunk_insert_const (engine->names, column), object);
            }
        }
      else if (kind == SLUICE_CATALOG_TABLE)
        {
          g_autoptr(GPtrArray) parents = g_ptr_array_new_with_free_func (g_free);

          add_table_parents (object, parents);
          for (guint j = 0; j < parents->len; j++)
            add_dependent (engine,
                           g_string_chunk_insert_const (engine->names, g_ptr_array_index (parents, j)),
                           object);
        }
    }
}

static int compare_by_kind_then_identity (gconstpointer a,
                                          gconstpointer b);

/* The objects of "from" that have the object of @identity among their
 * prerequisites (prerequisites_of() with for_creation FALSE), each once,
 * in the catalog's order; free with g_ptr_array_unref(). */
static GPtrArray *
dependents_of (Engine     *engine,
               const char *identity)
{
  GPtrArray *dependents;
  guint link;

  if (engine->n_slots == 0)
    build_dependents (engine);

  /* Children (columns, constraints, indexes ...) are most of what
   * depends on anything: the catalog knows them already. */
  dependents = sluice_catalog_get_children (engine->from, identity);
  for (guint i = dependents->len; i > 0; i--)
    {
      SluiceCatalogObject *child = g_ptr_array_index (dependents, i - 1);

      if (g_strcmp0 (sluice_catalog_object_get_parent_identity (child), identity) != 0)
        g_ptr_array_remove_index (dependents, i - 1);
    }

  link = find_slot (engine, identity, identity_hash (identity))->head;
  while (link != 0)
    {
      const DependentLink *entry = &g_array_index (engine->links, DependentLink, link - 1);

      g_ptr_array_add (dependents, entry->object);
      link = entry->next;
    }

  g_ptr_array_sort (dependents, compare_by_kind_then_identity);
  for (guint i = dependents->len; i > 1; i--)
    if (g_ptr_array_index (dependents, i - 1) == g_ptr_array_index (dependents, i - 2))
      g_ptr_array_remove_index (dependents, i - 1);

  return dependents;
}

/* The object @from_object is in "to": its match, or the object of the same
 * identity; NULL when it is gone. */
static SluiceCatalogObject *
counterpart_in_to (Engine              *engine,
                   SluiceCatalogObject *from_object)
{
  const char *identity = sluice_catalog_object_get_identity (from_object);
  const SluiceObjectChange *change = sluice_diff_lookup (engine->diff, identity);

  if (change != NULL && change->from_object == from_object)
    return change->to_object;

  if (change != NULL && change->kind == SLUICE_CHANGE_ADDED)
    return NULL;

  return sluice_catalog_lookup (engine->to, identity);
}

static void
add_to_drop (Engine              *engine,
             SluiceCatalogObject *object)
{
  g_hash_table_insert (engine->drop_set, (gpointer) sluice_catalog_object_get_identity (object), object);
}

static void
add_to_create (Engine              *engine,
               SluiceCatalogObject *object)
{
  const char *identity = sluice_catalog_object_get_identity (object);

  g_hash_table_insert (engine->create_set, (gpointer) identity, object);
  sluice_ddl_writer_mark_created (engine->writer, identity);
}

static void rebuild_dependents_of (Engine     *engine,
                                   const char *identity,
                                   gboolean    skip_rebuilt_by_server);

/* Drops @object and creates what it is in "to" (if anything), with all
 * that depends on it. */
static void
rebuild (Engine              *engine,
         SluiceCatalogObject *object)
{
  SluiceCatalogObject *counterpart;

  if (g_hash_table_contains (engine->drop_set, sluice_catalog_object_get_identity (object)))
    return;

  add_to_drop (engine, object);
  counterpart = counterpart_in_to (engine, object);
  if (counterpart != NULL)
    add_to_create (engine, counterpart);

  rebuild_dependents_of (engine, sluice_catalog_object_get_identity (object), FALSE);
}

/* PostgreSQL rebuilds the indexes and constraints of a retyped column
 * itself; anything else over it (views, policies, generated columns ...)
 * must be dropped and created again. */
static void
rebuild_dependents_of (Engine     *engine,
                       const char *identity,
                       gboolean    skip_rebuilt_by_server)
{
  g_autoptr(GPtrArray) list = dependents_of (engine, identity);

  for (guint i = 0; i < list->len; i++)
    {
      SluiceCatalogObject *dependent = g_ptr_array_index (list, i);
      SluiceCatalogKind kind = sluice_catalog_object_get_kind (dependent);

      /* A sequence owned by the column keeps its values through a type
       * change. */
      if (skip_rebuilt_by_server &&
          (kind == SLUICE_CATALOG_INDEX || kind == SLUICE_CATALOG_CONSTRAINT ||
           kind == SLUICE_CATALOG_SEQUENCE))
        continue;

      rebuild (engine, dependent);
    }
}

static gboolean
names_differ (SluiceCatalogObject *from,
              SluiceCatalogObject *to)
{
  return g_strcmp0 (sluice_catalog_object_get_name (from), sluice_catalog_object_get_name (to)) != 0 ||
         g_strcmp0 (sluice_catalog_object_get_schema (from), sluice_catalog_object_get_schema (to)) != 0 ||
         g_strcmp0 (sluice_catalog_object_get_arguments (from), sluice_catalog_object_get_arguments (to)) != 0;
}

/* Asks each kind how it alters (and renames) its changed objects; those it
 * cannot alter are rebuilt. */
static void
plan_alterations (Engine *engine)
{
  GPtrArray *changes = sluice_diff_get_changes (engine->diff);
  g_autoptr(GPtrArray) rebuild_sources = g_ptr_array_new ();
  g_autoptr(GPtrArray) replaced = g_ptr_array_new ();

  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      const SluiceDdlKindOps *ops;
      const char *to_identity;
      SluiceDdlAlterResult result;

      if (change->kind == SLUICE_CHANGE_ADDED)
        {
          add_to_create (engine, change->to_object);
          continue;
        }

      if (change->kind == SLUICE_CHANGE_REMOVED)
        {
          add_to_drop (engine, change->from_object);
          continue;
        }

      ops = sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (change->to_object));
      to_identity = sluice_catalog_object_get_identity (change->to_object);

      if (change->kind == SLUICE_CHANGE_RENAMED && names_differ (change->from_object, change->to_object))
        {
          ops->rename (engine->writer, change->from_object, change->to_object);
          g_hash_table_insert (engine->renames, (gpointer) to_identity, chunk_take (engine->writer));
        }

      result = ops->alter (engine->writer, engine->to, change->from_object, change->to_object, change);
      g_hash_table_insert (engine->alters, (gpointer) to_identity, chunk_take (engine->writer));
      g_hash_table_insert (engine->altered_from,
                           (gpointer) sluice_catalog_object_get_identity (change->from_object),
                           change->to_object);

      if (result == SLUICE_DDL_REPLACE)
        g_ptr_array_add (replaced, change->from_object);
      else if (result == SLUICE_DDL_ALTERED_REBUILD_DEPENDENTS)
        g_ptr_array_add (rebuild_sources, change->from_object);
    }

  for (guint i = 0; i < replaced->len; i++)
    rebuild (engine, g_ptr_array_index (replaced, i));

  for (guint i = 0; i < rebuild_sources->len; i++)
    rebuild_dependents_of (engine,
                           sluice_catalog_object_get_identity (g_ptr_array_index (rebuild_sources, i)),
                           TRUE);
}

/* Whether dropping something else drops @object with it: a child of a
 * dropped table, or a sequence owned by a dropped column. */
static gboolean
dropped_implicitly (Engine              *engine,
                    SluiceCatalogObject *object)
{
  const char *parent = sluice_catalog_object_get_parent_identity (object);

  if (parent != NULL && g_hash_table_contains (engine->drop_set, parent))
    return TRUE;

  if (sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_SEQUENCE)
    {
      const char *owned_by = sluice_catalog_object_get_attribute (object, "owned_by");
      g_autofree char *column = NULL;
      SluiceCatalogObject *owner;

      if (owned_by == NULL)
        return FALSE;

      column = g_strconcat ("column ", owned_by, NULL);
      if (g_hash_table_contains (engine->drop_set, column))
        return TRUE;

      owner = sluice_catalog_lookup (engine->from, column);
      if (owner != NULL)
        return dropped_implicitly (engine, owner);
    }

  return FALSE;
}

/* An altered object that depends on @dropped in "from" but not in "to"
 * (a default that stops calling a dropped function ...) is altered just
 * before the drop. */
static gboolean
stops_depending_on (SluiceCatalogObject *to_object,
                    const char          *dropped)
{
  const char * const *dependencies = sluice_catalog_object_get_dependencies (to_object);

  for (guint i = 0; dependencies != NULL && dependencies[i] != NULL; i++)
    if (strcmp (dependencies[i], dropped) == 0)
      return FALSE;

  return TRUE;
}

static void
emit_alter (Engine              *engine,
            SluiceCatalogObject *to_object)
{
  const char *identity = sluice_catalog_object_get_identity (to_object);
  Chunk *chunk;

  if (g_hash_table_contains (engine->create_set, identity))
    return;

  chunk = g_hash_table_lookup (engine->alters, identity);
  if (chunk != NULL)
    {
      emit_chunk (engine, chunk);
      g_hash_table_remove (engine->alters, identity);
    }
}

static void
visit_drop (Engine              *engine,
            SluiceCatalogObject *object)
{
  const char *identity = sluice_catalog_object_get_identity (object);
  g_autoptr(GPtrArray) list = NULL;

  if (g_hash_table_contains (engine->visited, object))
    return;
  g_hash_table_add (engine->visited, object);

  list = dependents_of (engine, identity);
  for (guint i = 0; i < list->len; i++)
    {
      SluiceCatalogObject *dependent = g_ptr_array_index (list, i);
      const char *dependent_identity = sluice_catalog_object_get_identity (dependent);
      SluiceCatalogObject *altered;

      if (g_hash_table_lookup (engine->drop_set, dependent_identity) == dependent)
        {
          visit_drop (engine, dependent);
          continue;
        }

      altered = g_hash_table_lookup (engine->altered_from, dependent_identity);
      if (altered != NULL && stops_depending_on (altered, identity))
        emit_alter (engine, altered);
    }

  if (!dropped_implicitly (engine, object))
    {
      const SluiceDdlKindOps *ops = sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (object));

      ops->drop (engine->writer, engine->from, object);
      emit_writer (engine);
    }
}

static int
compare_by_kind_then_identity (gconstpointer a,
                               gconstpointer b)
{
  SluiceCatalogObject *object_a = *(SluiceCatalogObject * const *) a;
  SluiceCatalogObject *object_b = *(SluiceCatalogObject * const *) b;
  SluiceCatalogKind kind_a = sluice_catalog_object_get_kind (object_a);
  SluiceCatalogKind kind_b = sluice_catalog_object_get_kind (object_b);

  if (kind_a != kind_b)
    return kind_a < kind_b ? -1 : 1;
  return strcmp (sluice_catalog_object_get_identity (object_a),
                 sluice_catalog_object_get_identity (object_b));
}

static GPtrArray *
sorted_values (GHashTable *table)
{
  GPtrArray *values = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (values, value);

  g_ptr_array_sort (values, compare_by_kind_then_identity);
  return values;
}

static void
write_drops (Engine *engine)
{
  g_autoptr(GPtrArray) objects = sorted_values (engine->drop_set);

  /* Latest kinds first, so that with no dependency recorded a view still
   * goes before the tables and a column before its type. */
  for (guint i = objects->len; i > 0; i--)
    visit_drop (engine, g_ptr_array_index (objects, i - 1));
}

static void
write_renames (Engine *engine)
{
  GPtrArray *changes = sluice_diff_get_changes (engine->diff);

  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      const char *identity;
      Chunk *chunk;

      if (change->kind != SLUICE_CHANGE_RENAMED)
        continue;

      identity = sluice_catalog_object_get_identity (change->to_object);
      chunk = g_hash_table_lookup (engine->renames, identity);
      if (chunk == NULL || g_hash_table_contains (engine->create_set, identity))
        continue;

      emit_chunk (engine, chunk);
    }
}

/* The "to" objects of the table's columns that its CREATE TABLE writes
 * inline: their prerequisites are the table's. */
static void
add_inline_column_prerequisites (Engine              *engine,
                                 SluiceCatalogObject *table,
                                 GPtrArray           *prerequisites)
{
  g_autoptr(GPtrArray) children = NULL;

  if (sluice_catalog_object_get_kind (table) != SLUICE_CATALOG_TABLE)
    return;

  children = sluice_catalog_get_children (engine->to, sluice_catalog_object_get_identity (table));
  for (guint i = 0; i < children->len; i++)
    {
      SluiceCatalogObject *child = g_ptr_array_index (children, i);
      const char * const *dependencies;

      if (sluice_catalog_object_get_kind (child) != SLUICE_CATALOG_COLUMN)
        continue;

      dependencies = sluice_catalog_object_get_dependencies (child);
      for (guint j = 0; dependencies != NULL && dependencies[j] != NULL; j++)
        g_ptr_array_add (prerequisites, g_strdup (dependencies[j]));
    }
}

static void
visit_create (Engine              *engine,
              SluiceCatalogObject *object)
{
  const char *identity = sluice_catalog_object_get_identity (object);
  gboolean is_created = g_hash_table_lookup (engine->create_set, identity) == object;
  g_autoptr(GPtrArray) prerequisites = NULL;

  if (g_hash_table_contains (engine->visited, object))
    return;
  g_hash_table_add (engine->visited, object);

  prerequisites = prerequisites_of (object, TRUE);
  if (is_created)
    add_inline_column_prerequisites (engine, object, prerequisites);

  for (guint i = 0; i < prerequisites->len; i++)
    {
      const char *prerequisite = g_ptr_array_index (prerequisites, i);
      SluiceCatalogObject *other = g_hash_table_lookup (engine->create_set, prerequisite);

      if (other == NULL && g_hash_table_contains (engine->alters, prerequisite))
        other = sluice_catalog_lookup (engine->to, prerequisite);

      if (other != NULL && other != object)
        visit_create (engine, other);
    }

  if (is_created)
    {
      const SluiceDdlKindOps *ops = sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (object));

      ops->create (engine->writer, engine->to, object);
      emit_writer (engine);
    }
  else
    emit_alter (engine, object);
}

static void
write_alters_and_creates (Engine *engine)
{
  GPtrArray *changes = sluice_diff_get_changes (engine->diff);
  g_autoptr(GPtrArray) created = sorted_values (engine->create_set);

  g_hash_table_remove_all (engine->visited);

  /* Alterations first where nothing new is needed for them: an ATTACH
   * PARTITION or a DETACH before the partitions created next to it. */
  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);

      if (change->kind == SLUICE_CHANGE_CHANGED || change->kind == SLUICE_CHANGE_RENAMED)
        visit_create (engine, change->to_object);
    }

  for (guint i = 0; i < created->len; i++)
    visit_create (engine, g_ptr_array_index (created, i));
}

static void
engine_init (Engine     *engine,
             SluiceDiff *diff)
{
  guint flags = 0;

  engine->diff = diff;
  engine->from = sluice_diff_get_from (diff);
  engine->to = sluice_diff_get_to (diff);
  engine->writer = sluice_ddl_writer_new ();
  g_object_get (diff, "flags", &flags, NULL);
  sluice_ddl_writer_set_match_oids (engine->writer, (flags & SLUICE_DIFF_MATCH_OIDS) != 0);
  engine->script = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_ddl_statement_free);
  engine->deferred = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_ddl_statement_free);
  engine->drop_set = g_hash_table_new (g_str_hash, g_str_equal);
  engine->create_set = g_hash_table_new (g_str_hash, g_str_equal);
  engine->alters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) chunk_free);
  engine->renames = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) chunk_free);
  engine->altered_from = g_hash_table_new (g_str_hash, g_str_equal);
  engine->visited = g_hash_table_new (NULL, NULL);
}

static void
engine_clear (Engine *engine)
{
  sluice_ddl_writer_free (engine->writer);
  g_clear_pointer (&engine->script, g_ptr_array_unref);
  g_clear_pointer (&engine->deferred, g_ptr_array_unref);
  g_clear_pointer (&engine->slots, g_free);
  g_clear_pointer (&engine->links, g_array_unref);
  g_clear_pointer (&engine->names, g_string_chunk_free);
  g_clear_pointer (&engine->drop_set, g_hash_table_unref);
  g_clear_pointer (&engine->create_set, g_hash_table_unref);
  g_clear_pointer (&engine->alters, g_hash_table_unref);
  g_clear_pointer (&engine->renames, g_hash_table_unref);
  g_clear_pointer (&engine->altered_from, g_hash_table_unref);
  g_clear_pointer (&engine->visited, g_hash_table_unref);
}

GPtrArray *
sluice_diff_build_statements (SluiceDiff *diff)
{
  Engine engine = { 0 };
  GPtrArray *statements;

  engine_init (&engine, diff);

  plan_alterations (&engine);
  write_drops (&engine);
  write_renames (&engine);
  write_alters_and_creates (&engine);

  g_ptr_array_extend_and_steal (engine.script, g_steal_pointer (&engine.deferred));
  statements = g_steal_pointer (&engine.script);
  engine_clear (&engine);
  return statements;
}

/* The Schema page's DDL of one object: its create, and for a table its
 * children's after it, as if the object were new. */
char *
sluice_catalog_object_to_sql (SluiceCatalog       *catalog,
                              SluiceCatalogObject *object)
{
  SluiceDdlWriter *writer;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) deferred = NULL;
  g_autoptr(GPtrArray) children = NULL;
  const SluiceDdlKindOps *ops;
  GString *sql;

  g_return_val_if_fail (SLUICE_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (object), NULL);

  writer = sluice_ddl_writer_new ();
  sluice_ddl_writer_mark_created (writer, sluice_catalog_object_get_identity (object));
  ops = sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (object));
  ops->create (writer, catalog, object);

  if (sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_TABLE)
    {
      children = sluice_catalog_get_children (catalog, sluice_catalog_object_get_identity (object));
      for (guint i = 0; i < children->len; i++)
        {
          SluiceCatalogObject *child = g_ptr_array_index (children, i);

          sluice_ddl_writer_mark_created (writer, sluice_catalog_object_get_identity (child));
          ops = sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (child));
          ops->create (writer, catalog, child);
        }
    }

  statements = sluice_ddl_writer_steal (writer);
  deferred = sluice_ddl_writer_steal_deferred (writer);
  sluice_ddl_writer_free (writer);

  sql = g_string_new (NULL);
  for (guint i = 0; i < statements->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);

      g_string_append_printf (sql, "%s\n", statement->sql);
    }
  for (guint i = 0; i < deferred->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (deferred, i);

      g_string_append_printf (sql, "%s\n", statement->sql);
    }

  return g_string_free (sql, FALSE);
}
