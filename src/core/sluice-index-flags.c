/* sluice-index-flags.c: the rules that flag an index, and their words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-health-private.h"
#include "sluice-index-flags.h"

/* The sizes the B-tree estimate counts with (PostgreSQL's on-disk layout
 * on 64-bit builds): the page header, the B-tree special space, one line
 * pointer per tuple, the index tuple header and its null bitmap. */
#define PAGE_HEADER_BYTES        24
#define BTREE_OPAQUE_BYTES       16
#define LINE_POINTER_BYTES        4
#define INDEX_TUPLE_HEADER_BYTES  8
#define NULL_BITMAP_BYTES         4
#define MAX_ALIGN                 8
#define DEFAULT_BTREE_FILLFACTOR 90

static const struct
{
  SluiceIndexFlags  flag;
  const char       *name;
  const char       *label;
} flag_names[] = {
  { SLUICE_INDEX_FLAG_UNUSED, "unused", N_("Unused") },
  { SLUICE_INDEX_FLAG_DUPLICATE, "duplicate", N_("Duplicate") },
  { SLUICE_INDEX_FLAG_REDUNDANT, "redundant", N_("Redundant") },
  { SLUICE_INDEX_FLAG_INVALID, "invalid", N_("Invalid") },
  { SLUICE_INDEX_FLAG_BLOATED, "bloated", N_("Bloated") },
};

GType
sluice_index_flags_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GFlagsValue values[] = {
        { SLUICE_INDEX_FLAG_UNUSED, "SLUICE_INDEX_FLAG_UNUSED", "unused" },
        { SLUICE_INDEX_FLAG_DUPLICATE, "SLUICE_INDEX_FLAG_DUPLICATE", "duplicate" },
        { SLUICE_INDEX_FLAG_REDUNDANT, "SLUICE_INDEX_FLAG_REDUNDANT", "redundant" },
        { SLUICE_INDEX_FLAG_INVALID, "SLUICE_INDEX_FLAG_INVALID", "invalid" },
        { SLUICE_INDEX_FLAG_BLOATED, "SLUICE_INDEX_FLAG_BLOATED", "bloated" },
        { 0, NULL, NULL }
      };

      g_once_init_leave (&type_id, g_flags_register_static ("SluiceIndexFlags", values));
    }

  return type_id;
}

const char *
sluice_index_flag_to_string (SluiceIndexFlags flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_names); i++)
    {
      if (flag_names[i].flag == flag)
        return flag_names[i].name;
    }

  return NULL;
}

const char *
sluice_index_flag_get_label (SluiceIndexFlags flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_names); i++)
    {
      if (flag_names[i].flag == flag)
        return _(flag_names[i].label);
    }

  return NULL;
}

GStrv
sluice_index_flags_to_strv (SluiceIndexFlags flags)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (flag_names); i++)
    {
      if (flags & flag_names[i].flag)
        g_strv_builder_add (builder, flag_names[i].name);
    }

  return g_strv_builder_end (builder);
}

/* Facts ------------------------------------------------------------------ */

SluiceIndexColumn *
sluice_index_column_new (const char *definition)
{
  SluiceIndexColumn *column = g_new0 (SluiceIndexColumn, 1);

  column->definition = g_strdup (definition);
  return column;
}

void
sluice_index_column_free (SluiceIndexColumn *column)
{
  if (column == NULL)
    return;

  g_free (column->definition);
  g_free (column);
}

SluiceIndexFacts *
sluice_index_facts_new (void)
{
  SluiceIndexFacts *facts = g_new0 (SluiceIndexFacts, 1);

  facts->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_index_column_free);
  facts->reltuples = -1;
  facts->block_size = 8192;
  return facts;
}

void
sluice_index_facts_free (SluiceIndexFacts *facts)
{
  if (facts == NULL)
    return;

  g_free (facts->schema);
  g_free (facts->table);
  g_free (facts->name);
  g_free (facts->definition);
  g_free (facts->method);
  g_free (facts->predicate);
  g_free (facts->constraint_name);
  g_clear_pointer (&facts->columns, g_ptr_array_unref);
  g_free (facts);
}

static SluiceIndexColumn *
column_at (const SluiceIndexFacts *facts,
           guint                   i)
{
  return g_ptr_array_index (facts->columns, i);
}

static gboolean
same_key_column (const SluiceIndexColumn *a,
                 const SluiceIndexColumn *b)
{
  return g_strcmp0 (a->definition, b->definition) == 0
         && a->opclass == b->opclass
         && a->collation == b->collation
         && a->option == b->option;
}

static gboolean
same_access (const SluiceIndexFacts *a,
             const SluiceIndexFacts *b)
{
  return a->table_oid == b->table_oid
         && g_strcmp0 (a->method, b->method) == 0
         && g_strcmp0 (a->predicate, b->predicate) == 0;
}

gboolean
sluice_index_facts_same_definition (const SluiceIndexFacts *a,
                                    const SluiceIndexFacts *b)
{
  if (!same_access (a, b)
      || a->n_key_columns != b->n_key_columns
      || a->columns->len != b->columns->len)
    return FALSE;

  for (guint i = 0; i < a->columns->len; i++)
    {
      if (!same_key_column (column_at (a, i), column_at (b, i)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_column_definition (const SluiceIndexFacts *facts,
                       const char             *definition)
{
  for (guint i = 0; i < facts->columns->len; i++)
    {
      if (g_strcmp0 (column_at (facts, i)->definition, definition) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
sluice_index_facts_is_prefix_of (const SluiceIndexFacts *a,
                                 const SluiceIndexFacts *b)
{
  if (!same_access (a, b)
      || a->n_key_columns == 0
      || a->n_key_columns >= b->n_key_columns)
    return FALSE;

  for (guint i = 0; i < a->n_key_columns; i++)
    {
      if (!same_key_column (column_at (a, i), column_at (b, i)))
        return FALSE;
    }

  /* An INCLUDE column that the longer index lacks gives index-only scans
   * it cannot: then the shorter one is not redundant. */
  for (guint i = a->n_key_columns; i < a->columns->len; i++)
    {
      if (!has_column_definition (b, column_at (a, i)->definition))
        return FALSE;
    }

  return TRUE;
}

/* The B-tree estimate ----------------------------------------------------
 *
 * How many pages a freshly built B-tree of the same rows would take: each
 * leaf tuple is its header (plus a null bitmap when a column holds NULLs)
 * and the average width of its columns from pg_stats, each MAXALIGNed, plus
 * a line pointer; a leaf page holds (block - page header - special space) x
 * fillfactor of them; one more page for the metapage.  Inner pages are not
 * counted (about 1 % of a B-tree), which errs towards less bloat.  The
 * difference with the real size is the estimated free space.  The same
 * idea as ioguix/pgsql-bloat-estimation's btree_bloat.sql. */

/* Rounding of positive values without libm, which libsluice does not link. */
static gint64
round_up (double value)
{
  gint64 whole = (gint64) value;

  return (double) whole < value ? whole + 1 : whole;
}

static gint64
max_align (gint64 bytes)
{
  return (bytes + MAX_ALIGN - 1) & ~((gint64) MAX_ALIGN - 1);
}

gboolean
sluice_index_estimate_bloat (const SluiceIndexFacts  *facts,
                             gint64                  *bloat_bytes,
                             double                  *bloat_ratio,
                             char                   **why_not)
{
  double data_width = 0;
  gboolean has_nulls = FALSE;
  gint64 tuple_bytes;
  double usable_bytes;
  double tuples_per_page;
  gint64 expected_pages;
  gint64 actual_pages;
  int fillfactor;

  *bloat_bytes = 0;
  *bloat_ratio = 0;
  *why_not = NULL;

  if (g_strcmp0 (facts->method, "btree") != 0)
    {
      *why_not = g_strdup_printf (_("No bloat estimate: the B-tree estimate from pg_stats does not apply to %s indexes."),
                                  facts->method);
      return FALSE;
    }

  if (facts->reltuples < 0)
    {
      *why_not = g_strdup_printf (_("No bloat estimate: table %s.%s was never analyzed, so the B-tree estimate from pg_stats has no row count; run ANALYZE on it."),
                                  facts->schema, facts->table);
      return FALSE;
    }

  for (guint i = 0; i < facts->columns->len; i++)
    {
      const SluiceIndexColumn *column = column_at (facts, i);

      if (!column->has_stats)
        {
          *why_not = g_strdup_printf (_("No bloat estimate: pg_stats has no statistics for column %s, so the B-tree estimate from pg_stats is not available; run ANALYZE on %s.%s."),
                                      column->definition, facts->schema, facts->table);
          return FALSE;
        }

      if (column->is_name_type)
        {
          *why_not = g_strdup_printf (_("No bloat estimate: column %s is of type name, which a B-tree stores shorter than pg_stats reports, so the B-tree estimate from pg_stats would be wrong."),
                                      column->definition);
          return FALSE;
        }

      data_width += (1.0 - column->null_frac) * column->avg_width;
      has_nulls = has_nulls || column->null_frac > 0;
    }

  fillfactor = facts->fillfactor > 0 ? facts->fillfactor : DEFAULT_BTREE_FILLFACTOR;
  tuple_bytes = max_align (INDEX_TUPLE_HEADER_BYTES + (has_nulls ? NULL_BITMAP_BYTES : 0))
                + max_align (round_up (data_width))
                + LINE_POINTER_BYTES;
  usable_bytes = (double) (facts->block_size - PAGE_HEADER_BYTES - BTREE_OPAQUE_BYTES) * fillfactor / 100.0;
  tuples_per_page = (double) (gint64) (usable_bytes / (double) tuple_bytes);
  if (tuples_per_page < 1)
    tuples_per_page = 1;

  expected_pages = 1 + round_up (facts->reltuples / tuples_per_page);
  actual_pages = facts->size_bytes / facts->block_size;

  if (actual_pages > expected_pages)
    {
      *bloat_bytes = (actual_pages - expected_pages) * (gint64) facts->block_size;
      *bloat_ratio = (double) (actual_pages - expected_pages) / (double) actual_pages;
    }

  return TRUE;
}

/* Flagging ---------------------------------------------------------------- */

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

char *
sluice_health_format_reset (GDateTime *stats_reset,
                            gboolean   reset_is_server_start)
{
  g_autofree char *when = NULL;

  if (stats_reset == NULL)
    return g_strdup (_("since the statistics were last reset (time unknown)"));

  when = format_time (stats_reset);
  if (reset_is_server_start)
    /* Translators: %s is a date and time */
    return g_strdup_printf (_("since the server started at %s (the statistics were never reset)"), when);

  /* Translators: %s is a date and time */
  return g_strdup_printf (_("since the statistics reset at %s"), when);
}

static char *
qualified (const SluiceIndexFacts *facts)
{
  return g_strdup_printf ("%s.%s", facts->schema, facts->name);
}

static gboolean
backs_constraint (const SluiceIndexFacts *facts)
{
  return facts->constraint_name != NULL || facts->is_primary;
}

/* Which of two identical indexes to keep: the one behind a constraint,
 * then a unique one, then the older (smaller oid). */
static int
keep_rank (const SluiceIndexFacts *facts)
{
  return (facts->is_primary ? 4 : 0)
         + (backs_constraint (facts) ? 2 : 0)
         + (facts->is_unique ? 1 : 0);
}

static gboolean
keep_before (const SluiceIndexFacts *a,
             const SluiceIndexFacts *b)
{
  int rank_a = keep_rank (a);
  int rank_b = keep_rank (b);

  if (rank_a != rank_b)
    return rank_a > rank_b;
  return a->oid < b->oid;
}

static void
flag_invalid (SluiceIndexInfo *info)
{
  const SluiceIndexFacts *facts = sluice_index_info_get_facts (info);

  if (facts->is_valid || facts->is_building)
    return;

  sluice_index_info_add_flag (info, SLUICE_INDEX_FLAG_INVALID,
                              _("The index is invalid, left by a CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY that failed or was cancelled: queries never use it but every write still maintains it, so drop it and build it again."),
                              NULL);
}

static void
flag_unused (SluiceIndexInfo *info,
             const char      *since)
{
  const SluiceIndexFacts *facts = sluice_index_info_get_facts (info);
  g_autofree char *text = NULL;

  /* A unique index enforces uniqueness even when never scanned. */
  if (!facts->is_valid || facts->scans > 0 || backs_constraint (facts) || facts->is_unique)
    return;

  /* Translators: the first %s reads "since the statistics reset at <time>" */
  text = g_strdup_printf (_("No scan has used this index %s, yet every write to %s.%s maintains it; statistics are kept per server, so check the replicas before dropping it."),
                          since, facts->schema, facts->table);
  sluice_index_info_add_flag (info, SLUICE_INDEX_FLAG_UNUSED, text, NULL);
}

static void
flag_duplicate (SluiceIndexInfo *info,
                GPtrArray       *indexes)
{
  const SluiceIndexFacts *facts = sluice_index_info_get_facts (info);
  const SluiceIndexFacts *keeper = NULL;
  g_autofree char *keeper_name = NULL;
  g_autofree char *text = NULL;

  if (!facts->is_valid || backs_constraint (facts))
    return;

  /* Of three identical indexes, both others point at the one kept. */
  for (guint i = 0; i < indexes->len; i++)
    {
      const SluiceIndexFacts *other = sluice_index_info_get_facts (g_ptr_array_index (indexes, i));

      if (other == facts || !other->is_valid
          || !sluice_index_facts_same_definition (facts, other)
          || !keep_before (other, facts))
        continue;

      if (keeper == NULL || keep_before (other, keeper))
        keeper = other;
    }

  if (keeper == NULL)
    return;

  keeper_name = qualified (keeper);
  text = g_strdup_printf (_("It has the same columns, operator classes, collations, predicate and method as %s, which already does all its work."),
                          keeper_name);
  sluice_index_info_add_flag (info, SLUICE_INDEX_FLAG_DUPLICATE, text, keeper_name);
}

static void
flag_redundant (SluiceIndexInfo *info,
                GPtrArray       *indexes)
{
  const SluiceIndexFacts *facts = sluice_index_info_get_facts (info);

  /* A unique index enforces something a longer index cannot, and the
   * prefix rule holds for B-trees only. */
  if (!facts->is_valid || backs_constraint (facts) || facts->is_unique
      || g_strcmp0 (facts->method, "btree") != 0
      || sluice_index_info_has_flag (info, SLUICE_INDEX_FLAG_DUPLICATE))
    return;

  for (guint i = 0; i < indexes->len; i++)
    {
      const SluiceIndexFacts *other = sluice_index_info_get_facts (g_ptr_array_index (indexes, i));
      g_autofree char *other_name = NULL;
      g_autofree char *text = NULL;

      if (other == facts || !other->is_valid
          || !sluice_index_facts_is_prefix_of (facts, other))
        continue;

      other_name = qualified (other);
      text = g_strdup_printf (_("Its key columns are the leading columns of %s (same method, predicate, operator classes and collations), which serves the same lookups."),
                              other_name);
      sluice_index_info_add_flag (info, SLUICE_INDEX_FLAG_REDUNDANT, text, other_name);
      return;
    }
}

static void
estimate_bloat (SluiceIndexInfo *info)
{
  const SluiceIndexFacts *facts = sluice_index_info_get_facts (info);
  g_autofree char *why_not = NULL;
  g_autofree char *note = NULL;
  g_autofree char *free_text = NULL;
  g_autofree char *size_text = NULL;
  gint64 bloat_bytes;
  double bloat_ratio;

  if (!sluice_index_estimate_bloat (facts, &bloat_bytes, &bloat_ratio, &why_not))
    {
      sluice_index_info_set_bloat (info, FALSE, 0, 0, why_not);
      return;
    }

  free_text = g_format_size (bloat_bytes);
  size_text = g_format_size (facts->size_bytes);
  /* Translators: "about 12.0 MB of 15.0 MB (80%) is free space" */
  note = g_strdup_printf (_("B-tree estimate from pg_stats (row count, average column widths, null fractions, alignment and fillfactor): about %s of %s (%.0f%%) is free space."),
                          free_text, size_text, bloat_ratio * 100.0);
  sluice_index_info_set_bloat (info, TRUE, bloat_bytes, bloat_ratio, note);

  if (facts->is_valid
      && bloat_ratio >= SLUICE_INDEX_BLOAT_MIN_RATIO
      && bloat_bytes >= SLUICE_INDEX_BLOAT_MIN_BYTES)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("By the B-tree estimate from pg_stats, about %s of its %s (%.0f%%) is free space that REINDEX INDEX CONCURRENTLY would give back."),
                              free_text, size_text, bloat_ratio * 100.0);
      sluice_index_info_add_flag (info, SLUICE_INDEX_FLAG_BLOATED, text, NULL);
    }
}

void
sluice_index_flags_apply (GPtrArray *indexes,
                          GDateTime *stats_reset,
                          gboolean   reset_is_server_start)
{
  g_autofree char *since = sluice_health_format_reset (stats_reset, reset_is_server_start);

  g_return_if_fail (indexes != NULL);

  /* Flags are added in the order of the enum, so that explanations and
   * sluice_index_flags_to_strv() line up. */
  for (guint i = 0; i < indexes->len; i++)
    flag_unused (g_ptr_array_index (indexes, i), since);
  for (guint i = 0; i < indexes->len; i++)
    flag_duplicate (g_ptr_array_index (indexes, i), indexes);
  for (guint i = 0; i < indexes->len; i++)
    flag_redundant (g_ptr_array_index (indexes, i), indexes);
  for (guint i = 0; i < indexes->len; i++)
    flag_invalid (g_ptr_array_index (indexes, i));
  for (guint i = 0; i < indexes->len; i++)
    estimate_bloat (g_ptr_array_index (indexes, i));
}
