/* sluice-plan-text-node-detail.c: a text plan's detail lines below a
 * node: the line of several "Key: value" segments (sorts, hashes,
 * HashAggregate, Memoize, "Storage: ..."), the "actual ..." of a worker,
 * "Worker N: ..." lines, and the lines with no value ("Details")
 *
 * Separate from sluice-plan-text-node.c (the node's own line) and from
 * sluice-plan-text-node-key.c (what a single "Key: value" means): this
 * file decides which of those a detail line is, and splits the lines of
 * several segments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-plan-text-private.h"

/* Detail lines */

/* Splits "A: x  B: y (originally z)  C: wkB" at its double blanks. */
/* Into @segments, emptied first: one array serves every line. */
static void
split_segments (GArray     *segments,
                const char *text,
                gsize       length)
{
  gsize start = 0;

  g_array_set_size (segments, 0);

  for (gsize i = 0; i <= length; i++)
    {
      if (i == length || (i + 1 < length && text[i] == ' ' && text[i + 1] == ' '))
        {
          const char *piece = text + start;
          gsize piece_length = i - start;
          const char *colon = _sluice_plan_text_find_first (piece, piece_length, ": ");

          if (piece_length > 0)
            {
              Segment segment = { piece, piece_length, piece + piece_length, 0 };

              if (colon != NULL)
                {
                  segment.key_length = colon - piece;
                  segment.value = colon + 2;
                  segment.value_length = piece_length - segment.key_length - 2;
                }
              g_array_append_val (segments, segment);
            }

          while (i < length && text[i] == ' ')
            i++;
          start = i;
        }
    }
}

static gboolean
segment_is (const Segment *segment,
            const char    *key)
{
  return _sluice_plan_text_name_equals (segment->key, segment->key_length, key);
}

/* "N (originally M)" */
static gboolean
read_original (Target     *target,
               const char *key,
               const char *original_key,
               const char *text,
               gsize       length)
{
  Cursor cursor = { text, text + length };
  double number, original;

  if (!_sluice_plan_text_cursor_number (&cursor, &number))
    return apply_string (target, key, text, length);

  original = number;
  if (cursor_skip (&cursor, " (originally ") && !_sluice_plan_text_cursor_number (&cursor, &original))
    original = number;

  return apply_number (target, key, number) && apply_number (target, original_key, original);
}

static gboolean
read_size_segment (Target        *target,
                   const char    *key,
                   const Segment *segment)
{
  Cursor cursor = { segment->value, segment->value + segment->value_length };
  double number;

  if (!_sluice_plan_text_read_kilobytes (&cursor, &number))
    return apply_string (target, key, segment->value, segment->value_length);
  return apply_number (target, key, number);
}

/* Expressions may hold double blanks of their own (in literals): their
 * lines are never split. */
static const char *expression_keys[] = {
  "Filter", "Join Filter", "Index Cond", "Recheck Cond", "Hash Cond", "Merge Cond",
  "One-Time Filter", "Output", "Sort Key", "Group Key", "Presorted Key", "Order By",
  "TID Cond", "Cache Key", "Hash Key", "Run Condition", "Conflict Filter",
  "Conflict Arbiter Indexes", "Function Call", "Table Function Call", "Window",
};

/* "Storage: Memory  Maximum Storage: 17kB" (17+) and whatever else comes
 * as several "Key: value" segments: each its own member, sizes in kB as
 * numbers, as JSON gives them. */
static gboolean
read_generic_segments (Target   *target,
                       GArray   *segments,
                       gboolean *handled)
{
  const Segment *first = &g_array_index (segments, Segment, 0);

  if (segments->len < 2)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (expression_keys); i++)
    if (segment_is (first, expression_keys[i]))
      return TRUE;

  /* An Incremental Sort's groups are one object each in JSON, not a
   * "Sort Method" of the node: kept whole. */
  if (segment_is (first, "Full-sort Groups") || segment_is (first, "Pre-sorted Groups"))
    return TRUE;

  for (guint i = 0; i < segments->len; i++)
    if (g_array_index (segments, Segment, i).key_length == 0 ||
        g_array_index (segments, Segment, i).value == g_array_index (segments, Segment, i).key +
                                                        g_array_index (segments, Segment, i).key_length)
      return TRUE;

  *handled = TRUE;
  for (guint i = 0; i < segments->len; i++)
    {
      const Segment *segment = &g_array_index (segments, Segment, i);
      g_autofree char *key = g_strndup (segment->key, segment->key_length);
      Cursor cursor = { segment->value, segment->value + segment->value_length };
      double number;

      if (_sluice_plan_text_read_kilobytes (&cursor, &number) && cursor.p == cursor.end &&
          segment->value_length > 2 && memcmp (cursor.end - 2, "kB", 2) == 0)
        {
          if (!apply_number (target, key, number))
            return FALSE;
        }
      else if (!apply_string (target, key, segment->value, segment->value_length))
        return FALSE;
    }

  return TRUE;
}

/* Lines of several "Key: value" segments: sorts, hashes, HashAggregate,
 * Memoize.  Returns FALSE with no error set when the line is not one. */
static gboolean
read_segments (Target     *target,
               const char *text,
               gsize       length,
               gboolean   *handled)
{
  GArray *segments = target->segments;
  const Segment *first;

  split_segments (segments, text, length);

  *handled = FALSE;
  if (segments->len == 0)
    return TRUE;

  first = &g_array_index (segments, Segment, 0);

  if (segment_is (first, "Sort Method"))
    {
      *handled = TRUE;
      if (!apply_string (target, "Sort Method", first->value, first->value_length))
        return FALSE;
      for (guint i = 1; i < segments->len; i++)
        {
          const Segment *segment = &g_array_index (segments, Segment, i);

          if (segment_is (segment, "Memory") || segment_is (segment, "Disk"))
            {
              if (!apply_string (target, "Sort Space Type", segment->key, segment->key_length) ||
                  !read_size_segment (target, "Sort Space Used", segment))
                return FALSE;
            }
        }
      return TRUE;
    }

  if (segment_is (first, "Buckets"))
    {
      *handled = TRUE;
      for (guint i = 0; i < segments->len; i++)
        {
          const Segment *segment = &g_array_index (segments, Segment, i);
          gboolean ok = TRUE;

          if (segment_is (segment, "Buckets"))
            ok = read_original (target, "Hash Buckets", "Original Hash Buckets",
                                segment->value, segment->value_length);
          else if (segment_is (segment, "Batches"))
            ok = read_original (target, "Hash Batches", "Original Hash Batches",
                                segment->value, segment->value_length);
          else if (segment_is (segment, "Memory Usage"))
            ok = read_size_segment (target, "Peak Memory Usage", segment);
          if (!ok)
            return FALSE;
        }
      return TRUE;
    }

  /* HashAggregate ("Planned Partitions: 4  Batches: 5  Memory Usage: ...
   * Disk Usage: ...") and Memoize ("Hits: ...  Misses: ..."). */
  if (segment_is (first, "Batches") || segment_is (first, "Hits") || segment_is (first, "Planned Partitions"))
    {
      static const struct { const char *text; const char *key; gboolean size; } keys[] = {
        { "Planned Partitions", "Planned Partitions", FALSE },
        { "Batches", "HashAgg Batches", FALSE },
        { "Memory Usage", "Peak Memory Usage", TRUE },
        { "Disk Usage", "Disk Usage", TRUE },
        { "Hits", "Cache Hits", FALSE },
        { "Misses", "Cache Misses", FALSE },
        { "Evictions", "Cache Evictions", FALSE },
        { "Overflows", "Cache Overflows", FALSE },
      };

      *handled = TRUE;
      for (guint i = 0; i < segments->len; i++)
        {
          const Segment *segment = &g_array_index (segments, Segment, i);

          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            {
              if (!segment_is (segment, keys[k].text))
                continue;
              if (!read_size_segment (target, keys[k].key, segment))
                return FALSE;
            }
        }
      return TRUE;
    }

  return read_generic_segments (target, segments, handled);
}

gboolean
_sluice_plan_text_read_detail (Target     *target,
                               const char *text,
                               gsize       length)
{
  const char *colon;
  gboolean handled;

  if (starts_with (text, length, "actual "))
    {
      Cursor cursor = { text, text + length };

      if (_sluice_plan_text_read_actuals (target, &cursor))
        return TRUE;
      if (target->error != NULL && *target->error != NULL)
        return FALSE;
    }

  /* Only a line with a double blank has several "Key: value" segments. */
  if (_sluice_plan_text_find_first (text, length, "  ") != NULL)
    {
      if (!read_segments (target, text, length, &handled))
        return FALSE;
      if (handled)
        return TRUE;
    }

  colon = _sluice_plan_text_find_first (text, length, ": ");
  if (colon == NULL)
    {
      /* "Update on t1 t" below a ModifyTable, "Settings" without
       * values...: kept as they are. */
      if (length > 0 && text[length - 1] == ':')
        return apply_string (target, "Details", text, length - 1);
      return apply_string (target, "Details", text, length);
    }

  return _sluice_plan_text_read_key_value (target, text, colon - text, colon + 2, length - (colon - text) - 2);
}

/* "Worker 0:  actual time=..." or "Worker 0:  Sort Method: ..." */
gboolean
_sluice_plan_text_read_worker_line (Target         *target,
                                    const TextLine *line)
{
  Cursor cursor = { line->text, line->text + line->length };
  SluicePlanNode *node = target->node;
  SluicePlanWorker *worker = NULL;
  double number;

  if (!cursor_skip (&cursor, "Worker ") || !_sluice_plan_text_cursor_number (&cursor, &number) ||
      !cursor_skip (&cursor, ":"))
    return FALSE;

  for (guint i = 0; node->workers != NULL && i < node->workers->len; i++)
    {
      SluicePlanWorker *w = g_ptr_array_index (node->workers, i);

      if (w->number == (int) number)
        worker = w;
    }
  if (worker == NULL)
    {
      worker = _sluice_plan_worker_new ((int) number);
      g_ptr_array_add (_sluice_plan_node_ensure_workers (node), worker);
    }

  target->worker = worker;
  target->worker_column = line->column;
  cursor_skip_spaces (&cursor);

  if (cursor.p < cursor.end && !_sluice_plan_text_read_detail (target, cursor.p, cursor.end - cursor.p))
    return FALSE;
  return TRUE;
}
