/* sluice-plan-text-node-key.c: a text plan's "Key: value" detail lines
 * ("Filter: ...", "Buffers: shared hit=1 ...", "I/O Timings: ...",
 * "WAL: ...", "Heap Blocks: ...", "Group Key: ..." of grouping sets) read
 * into the members EXPLAIN (FORMAT JSON) would give
 *
 * Separate from sluice-plan-text-node-detail.c, which finds the key of a
 * detail line (or its several segments) and sends it here: what each key
 * holds and how its figures read is this file's whole subject.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-plan-text-private.h"

/* "shared hit=1 read=2 dirtied=3 written=4, local ..., temp read=5 written=6" */
static gboolean
read_buffers (Target *target,
              Cursor *cursor)
{
  /* Kinds by their index in kinds[]: compared as numbers, not strings,
   * for each figure of each node. */
  static const char *kinds[] = { "shared", "local", "temp" };
  static const struct { int kind; const char *field; const char *key; } keys[] = {
    { 0, "hit", "Shared Hit Blocks" },
    { 0, "read", "Shared Read Blocks" },
    { 0, "dirtied", "Shared Dirtied Blocks" },
    { 0, "written", "Shared Written Blocks" },
    { 1, "hit", "Local Hit Blocks" },
    { 1, "read", "Local Read Blocks" },
    { 1, "dirtied", "Local Dirtied Blocks" },
    { 1, "written", "Local Written Blocks" },
    { 2, "read", "Temp Read Blocks" },
    { 2, "written", "Temp Written Blocks" },
  };
  int kind = -1;

  while (cursor->p < cursor->end)
    {
      const char *word = cursor->p;
      gsize word_length;
      double number;
      gboolean found = FALSE;

      cursor_skip_spaces (cursor);
      if (cursor_skip (cursor, ","))
        {
          kind = -1;
          continue;
        }

      word = cursor->p;
      while (cursor->p < cursor->end && *cursor->p != ' ' && *cursor->p != '=' && *cursor->p != ',')
        cursor->p++;
      word_length = cursor->p - word;
      if (word_length == 0)
        break;

      if (!cursor_skip (cursor, "="))
        {
          kind = -1;
          for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
            if (_sluice_plan_text_name_equals (word, word_length, kinds[i]))
              kind = (int) i;
          continue;
        }

      if (!_sluice_plan_text_cursor_number (cursor, &number))
        return FALSE;

      for (guint i = 0; kind >= 0 && i < G_N_ELEMENTS (keys); i++)
        {
          if (keys[i].kind == kind && _sluice_plan_text_name_equals (word, word_length, keys[i].field))
            {
              if (!apply_number (target, keys[i].key, number))
                return FALSE;
              found = TRUE;
            }
        }

      (void) found;
    }

  return TRUE;
}

/* "read=1.2 write=0.3" (13, 14), "shared/local read=... write=..., temp
 * read=... write=..." (15), "shared read=..., local ..., temp ..." (16+) */
static gboolean
read_io_timings (Target *target,
                 Cursor *cursor)
{
  const char *kind = "";

  while (cursor->p < cursor->end)
    {
      const char *word;
      gsize word_length;
      double number;

      cursor_skip_spaces (cursor);
      if (cursor_skip (cursor, ","))
        continue;

      word = cursor->p;
      while (cursor->p < cursor->end && *cursor->p != ' ' && *cursor->p != '=' && *cursor->p != ',')
        cursor->p++;
      word_length = cursor->p - word;
      if (word_length == 0)
        break;

      if (!cursor_skip (cursor, "="))
        {
          if (_sluice_plan_text_name_equals (word, word_length, "temp"))
            kind = "temp";
          else
            kind = "";
          continue;
        }

      if (!_sluice_plan_text_cursor_number (cursor, &number))
        return FALSE;

      if (_sluice_plan_text_name_equals (word, word_length, "read"))
        {
          if (!apply_number (target, g_str_equal (kind, "temp") ? "Temp I/O Read Time" : "I/O Read Time", number))
            return FALSE;
        }
      else if (_sluice_plan_text_name_equals (word, word_length, "write"))
        {
          if (!apply_number (target, g_str_equal (kind, "temp") ? "Temp I/O Write Time" : "I/O Write Time", number))
            return FALSE;
        }
    }

  return TRUE;
}

/* "records=1 fpi=0 bytes=59" */
static gboolean
read_wal (Target *target,
          Cursor *cursor)
{
  static const struct { const char *word; const char *key; } keys[] = {
    { "records=", "WAL Records" },
    { "fpi=", "WAL FPI" },
    { "bytes=", "WAL Bytes" },
  };

  while (cursor->p < cursor->end)
    {
      gboolean found = FALSE;

      cursor_skip_spaces (cursor);
      for (guint i = 0; i < G_N_ELEMENTS (keys) && !found; i++)
        {
          double number;

          if (!cursor_skip (cursor, keys[i].word))
            continue;
          if (!_sluice_plan_text_cursor_number (cursor, &number) || !apply_number (target, keys[i].key, number))
            return FALSE;
          found = TRUE;
        }

      if (!found)
        {
          /* A figure this parser does not know ("buffers full=0"). */
          while (cursor->p < cursor->end && *cursor->p != ' ')
            cursor->p++;
        }
    }

  return TRUE;
}

/* "exact=10 lossy=5" */
static gboolean
read_heap_blocks (Target *target,
                  Cursor *cursor)
{
  while (cursor->p < cursor->end)
    {
      double number;

      cursor_skip_spaces (cursor);
      if (cursor_skip (cursor, "exact="))
        {
          if (!_sluice_plan_text_cursor_number (cursor, &number) || !apply_number (target, "Exact Heap Blocks", number))
            return FALSE;
        }
      else if (cursor_skip (cursor, "lossy="))
        {
          if (!_sluice_plan_text_cursor_number (cursor, &number) || !apply_number (target, "Lossy Heap Blocks", number))
            return FALSE;
        }
      else
        break;
    }

  return TRUE;
}

/* Keys whose JSON value is a number. */
static const char *number_keys[] = {
  "Rows Removed by Filter",
  "Rows Removed by Join Filter",
  "Rows Removed by Index Recheck",
  "Heap Fetches",
  "Workers Planned",
  "Workers Launched",
  "Subplans Removed",
  "Planned Partitions",
  "Tuples Inserted",
  "Conflicting Tuples",
  "Index Searches",
};

static const char *boolean_keys[] = {
  "Single Copy",
  "Inner Unique",
};

/* An Aggregate with grouping sets prints a "Group Key:" (and "Sort Key:",
 * "Hash Key:") per set, where JSON gives one "Grouping Sets" list and no
 * "Group Key": the lines go into that property, as text. */
static gboolean
read_grouping_set (Target     *target,
                   const char *key,
                   const char *value,
                   gsize       value_length)
{
  SluicePlanNode *node = target->node;
  SluicePlanProperty *sets = NULL;
  gboolean grouping_sets;

  if (g_strcmp0 (node->node_type, "Aggregate") != 0 ||
      (!g_str_equal (key, "Group Key") && !g_str_equal (key, "Sort Key") && !g_str_equal (key, "Hash Key")))
    return FALSE;

  for (guint i = 0; node->properties != NULL && i < node->properties->len; i++)
    {
      SluicePlanProperty *property = g_ptr_array_index (node->properties, i);

      if (g_str_equal (property->key, "Grouping Sets"))
        sets = property;
    }

  grouping_sets = sets != NULL || node->group_key != NULL || !g_str_equal (key, "Group Key");
  if (!grouping_sets)
    return FALSE;

  if (sets == NULL)
    {
      _sluice_plan_properties_add (_sluice_plan_node_ensure_properties (node), "Grouping Sets", "");
      sets = g_ptr_array_index (node->properties, node->properties->len - 1);
      if (node->group_key != NULL)
        {
          g_free (sets->value);
          sets->value = g_strdup_printf ("Group Key: %s", node->group_key);
          node->group_key = NULL;  /* in the plan's chunk */
        }
    }

  {
    char *joined = g_strdup_printf ("%s%s%s: %.*s", sets->value, *sets->value != '\0' ? "; " : "",
                                    key, (int) value_length, value);

    g_free (sets->value);
    sets->value = joined;
  }

  return TRUE;
}

gboolean
_sluice_plan_text_read_key_value (Target     *target,
                                  const char *key,
                                  gsize       key_length,
                                  const char *value,
                                  gsize       value_length)
{
  const char *key_text;
  Cursor cursor = { value, value + value_length };

  /* The key as a C string, in a buffer kept for the whole parse rather
   * than allocated for each detail line. */
  g_string_truncate (target->key, 0);
  g_string_append_len (target->key, key, key_length);
  key_text = target->key->str;

  if (_sluice_plan_text_name_equals (key, key_length, "Buffers"))
    {
      if (!read_buffers (target, &cursor))
        goto bad_figures;
      return TRUE;
    }
  if (_sluice_plan_text_name_equals (key, key_length, "I/O Timings"))
    {
      if (!read_io_timings (target, &cursor))
        goto bad_figures;
      return TRUE;
    }
  if (_sluice_plan_text_name_equals (key, key_length, "WAL"))
    {
      if (!read_wal (target, &cursor))
        goto bad_figures;
      return TRUE;
    }
  if (_sluice_plan_text_name_equals (key, key_length, "Heap Blocks"))
    {
      if (!read_heap_blocks (target, &cursor))
        goto bad_figures;
      return TRUE;
    }

  if (target->worker == NULL && read_grouping_set (target, key_text, value, value_length))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (number_keys); i++)
    {
      double number;

      if (!_sluice_plan_text_name_equals (key, key_length, number_keys[i]))
        continue;
      if (_sluice_plan_text_cursor_number (&cursor, &number) && cursor.p == cursor.end)
        return apply_number (target, key_text, number);
      return apply_string (target, key_text, value, value_length);
    }

  for (guint i = 0; i < G_N_ELEMENTS (boolean_keys); i++)
    {
      if (!_sluice_plan_text_name_equals (key, key_length, boolean_keys[i]))
        continue;
      if (_sluice_plan_text_name_equals (value, value_length, "true") ||
          _sluice_plan_text_name_equals (value, value_length, "false"))
        return apply_boolean (target, key_text, _sluice_plan_text_name_equals (value, value_length, "true"));
    }

  return apply_string (target, key_text, value, value_length);

bad_figures:
  if (!(target->error != NULL && *target->error != NULL))
    g_set_error (target->error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("Line %u: the figures of “%s” cannot be read."), target->line, key_text);
  return FALSE;
}
