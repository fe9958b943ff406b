/* sluice-plan-frame.c: psql's frame around a pasted plan, taken off
 *
 * A plan copied from psql comes with the "QUERY PLAN" header, dashes, a
 * "(N rows)" footer, a one-space margin and "+" at the end of every line
 * of a multi-line cell.  Both parsers read the plan without them; this
 * is plain text work, apart from any parser or plan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-plan-private.h"

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

/* Trims blanks at both ends of [*start, *start + *length). */
static void
trim (const char **start,
      gsize       *length)
{
  while (*length > 0 && g_ascii_isspace ((*start)[0]))
    {
      (*start)++;
      (*length)--;
    }
  while (*length > 0 && g_ascii_isspace ((*start)[*length - 1]))
    (*length)--;
}

static gboolean
is_rule (const char *line,
         gsize       length)
{
  trim (&line, &length);
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (line[i] != '-' && line[i] != '+' && line[i] != '|')
      return FALSE;
  return memchr (line, '-', length) != NULL;
}

static gboolean
is_header (const char *line,
           gsize       length)
{
  trim (&line, &length);
  if (length > 0 && line[0] == '|')
    {
      line++;
      length--;
    }
  if (length > 0 && line[length - 1] == '|')
    length--;
  trim (&line, &length);
  return length == strlen ("QUERY PLAN") && memcmp (line, "QUERY PLAN", length) == 0;
}

static gboolean
is_footer (const char *line,
           gsize       length)
{
  gsize i = 1;

  trim (&line, &length);
  if (length < 7 || line[0] != '(' || line[length - 1] != ')')
    return FALSE;
  while (i < length && g_ascii_isdigit (line[i]))
    i++;
  if (i == 1)
    return FALSE;
  return (length - i == strlen (" rows)") && memcmp (line + i, " rows)", length - i) == 0) ||
         (length - i == strlen (" row)") && memcmp (line + i, " row)", length - i) == 0);
}

typedef struct
{
  const char *start;
  gsize       length;
} Line;

static GArray *
split_lines (const char *data,
             gsize       length)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  gsize start = 0;

  for (gsize i = 0; i <= length; i++)
    {
      if (i == length || data[i] == '\n')
        {
          Line line = { data + start, i - start };

          if (line.length > 0 && line.start[line.length - 1] == '\r')
            line.length--;
          if (i < length || line.length > 0)
            g_array_append_val (lines, line);
          start = i + 1;
        }
    }

  return lines;
}

static gboolean
ends_with_plus (const Line *line)
{
  gsize length = line->length;

  while (length > 0 && line->start[length - 1] == ' ')
    length--;
  return length > 0 && line->start[length - 1] == '+';
}

/* Whether there can be a frame or "+" marks to take off: a first line
 * that is a rule or the header, or a line ending with "+".  One pass and
 * no allocation, as most pastes have neither. */
static gboolean
may_have_frame (const char *data,
                gsize       length)
{
  gsize first = 0, first_end;

  while (first < length && g_ascii_isspace (data[first]))
    first++;
  first_end = first;
  while (first_end < length && data[first_end] != '\n')
    first_end++;
  if (first < length && (data[first] == '-' || data[first] == '+' ||
                         (first_end - first >= strlen ("QUERY PLAN") &&
                          memcmp (data + first, "QUERY PLAN", strlen ("QUERY PLAN")) == 0)))
    return TRUE;

  /* psql marks every line of a cell but its last: the first lines say. */
  for (gsize i = 0, lines = 0; i < length && lines < 64; i++)
    {
      gsize j = i;

      if (data[i] != '\n' && i + 1 != length)
        continue;
      lines++;
      if (data[i] != '\n')
        j = i + 1;
      while (j > 0 && (data[j - 1] == ' ' || data[j - 1] == '\r'))
        j--;
      if (j > 0 && data[j - 1] == '+')
        return TRUE;
    }

  return FALSE;
}

char *
_sluice_plan_unframe (const char *data,
                      gsize       length,
                      gsize      *out_length)
{
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GString) text = NULL;
  gboolean framed = FALSE;
  gboolean bordered = FALSE;
  guint n_content = 0, n_plus = 0;
  guint first = 0;

  if (!may_have_frame (data, length))
    {
      *out_length = length;
      return NULL;
    }

  lines = split_lines (data, length);
  text = g_string_sized_new (length + 1);

  /* The header: "QUERY PLAN" over a rule, perhaps under a rule. */
  while (first < lines->len && is_blank (g_array_index (lines, Line, first).start,
                                         g_array_index (lines, Line, first).length))
    first++;
  if (first < lines->len && is_rule (g_array_index (lines, Line, first).start,
                                     g_array_index (lines, Line, first).length))
    {
      bordered = TRUE;
      first++;
    }
  if (first + 1 < lines->len &&
      is_header (g_array_index (lines, Line, first).start, g_array_index (lines, Line, first).length) &&
      is_rule (g_array_index (lines, Line, first + 1).start, g_array_index (lines, Line, first + 1).length))
    framed = TRUE;
  else
    bordered = FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);

      if (framed && (is_rule (line->start, line->length) || is_header (line->start, line->length) ||
                     is_footer (line->start, line->length)))
        {
          line->length = 0;
          continue;
        }

      if (framed && bordered && line->length > 0 && line->start[0] == '|')
        {
          line->start++;
          line->length--;
          while (line->length > 0 && line->start[line->length - 1] == ' ')
            line->length--;
          if (line->length > 0 && line->start[line->length - 1] == '|')
            line->length--;
        }

      /* psql's one-space margin. */
      if (framed && line->length > 0 && line->start[0] == ' ')
        {
          line->start++;
          line->length--;
        }

      if (!is_blank (line->start, line->length))
        {
          n_content++;
          if (ends_with_plus (line))
            n_plus++;
        }
    }

  /* A multi-line cell ends every line but its last with "+": strip the
   * marks when they are psql's, not when one line happens to end so. */
  if (n_plus > 0 && (framed || n_plus * 2 >= n_content - 1))
    {
      for (guint i = 0; i < lines->len; i++)
        {
          Line *line = &g_array_index (lines, Line, i);

          if (ends_with_plus (line))
            {
              while (line->length > 0 && line->start[line->length - 1] == ' ')
                line->length--;
              line->length--;
            }
        }
    }

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);

      while (line->length > 0 && g_ascii_isspace (line->start[line->length - 1]))
        line->length--;
      g_string_append_len (text, line->start, line->length);
      g_string_append_c (text, '\n');
    }

  *out_length = text->len;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

