/* sluice-plan-text.c: EXPLAIN's text format, as psql prints it, read into
 * the same SluicePlan as the JSON format gives
 *
 * The text is a tree drawn with indentation: a node line is "->  Name
 * (cost=...) (actual ...)" under its parent, its detail lines ("Filter:
 * ...", "Buffers: ...") follow it, a subplan's children come under a
 * header line ("InitPlan 1 (returns $0)", "SubPlan 1", "CTE name"), and
 * the summary ("Planning Time: ...") is at the root's column.  Each line
 * is turned into the members EXPLAIN (FORMAT JSON) would have given, so
 * one piece of code (sluice-plan-node.c) reads both formats.
 *
 * The parser keeps its own stack of open nodes, so a plan 10,000 levels
 * deep costs no C stack, and every line is read once: linear time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-plan-private.h"

/* Lines */

typedef struct
{
  const char *text;      /* after the indentation */
  gsize       length;
  guint       column;    /* of the first non-blank character, tabs at 8 */
  guint       number;    /* 1-based line of the input */
} TextLine;

static GArray *
read_lines (const char *data,
            gsize       length)
{
  GArray *lines = g_array_sized_new (FALSE, FALSE, sizeof (TextLine), length / 48 + 16);
  gsize start = 0;
  guint number = 1;

  while (start <= length)
    {
      const char *newline = start < length ? memchr (data + start, '\n', length - start) : NULL;
      gsize end = newline != NULL ? (gsize) (newline - data) : length;
      TextLine line = { NULL, 0, 0, number };
      gsize p = start;

      while (p < end && (data[p] == ' ' || data[p] == '\t'))
        {
          line.column = data[p] == '\t' ? (line.column / 8 + 1) * 8 : line.column + 1;
          p++;
        }

      line.text = data + p;
      line.length = end - p;
      while (line.length > 0 && g_ascii_isspace (line.text[line.length - 1]))
        line.length--;

      if (line.length > 0)
        g_array_append_val (lines, line);

      start = end + 1;
      number++;
    }

  return lines;
}

/* Small readers over [p, end) */

typedef struct
{
  const char *p;
  const char *end;
} Cursor;

static gboolean
cursor_skip (Cursor     *cursor,
             const char *literal)
{
  gsize length = strlen (literal);

  if ((gsize) (cursor->end - cursor->p) < length || memcmp (cursor->p, literal, length) != 0)
    return FALSE;
  cursor->p += length;
  return TRUE;
}

static void
cursor_skip_spaces (Cursor *cursor)
{
  while (cursor->p < cursor->end && *cursor->p == ' ')
    cursor->p++;
}

/* A plain decimal number ("12", "0.005", "-1.5"); no "inf", no hex. */
static gboolean
cursor_number (Cursor *cursor,
               double *number)
{
  char buffer[64];
  const char *start = cursor->p;
  const char *q = start;
  char *end = NULL;
  gsize length;

  if (q < cursor->end && *q == '-')
    q++;
  if (q >= cursor->end || !g_ascii_isdigit (*q))
    return FALSE;
  while (q < cursor->end && g_ascii_isdigit (*q))
    q++;
  /* One decimal point, followed by a digit: "0.005..0.010" is two numbers. */
  if (q + 1 < cursor->end && *q == '.' && g_ascii_isdigit (q[1]))
    {
      q++;
      while (q < cursor->end && g_ascii_isdigit (*q))
        q++;
    }

  length = q - start;
  if (length >= sizeof buffer)
    return FALSE;

  /* Up to 15 digits: the digits as an integer over a power of ten, one
   * correctly rounded division, the same double strtod() gives. */
  {
    static const double powers[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                      1e11, 1e12, 1e13, 1e14, 1e15 };
    guint64 mantissa = 0;
    guint digits = 0, decimals = 0;
    gboolean fraction = FALSE;

    for (const char *c = start + (*start == '-'); c < q; c++)
      {
        if (*c == '.')
          {
            fraction = TRUE;
            continue;
          }
        mantissa = mantissa * 10 + (guint64) (*c - '0');
        digits++;
        decimals += fraction;
      }

    if (digits <= 15)
      {
        *number = (double) mantissa / powers[decimals];
        if (*start == '-')
          *number = -*number;
        cursor->p = q;
        return TRUE;
      }
  }

  memcpy (buffer, start, length);
  buffer[length] = '\0';

  *number = g_ascii_strtod (buffer, &end);
  if (end != buffer + length || !isfinite (*number))
    return FALSE;

  cursor->p = q;
  return TRUE;
}

/* A SQL identifier as quote_identifier() prints it: bare, or in double
 * quotes with "" for a quote.  Bare ones stop at a blank or a dot. */
static char *
cursor_identifier (Cursor *cursor)
{
  GString *name;

  if (cursor->p >= cursor->end)
    return NULL;

  if (*cursor->p != '"')
    {
      const char *start = cursor->p;

      while (cursor->p < cursor->end && *cursor->p != ' ' && *cursor->p != '.')
        cursor->p++;
      return cursor->p > start ? g_strndup (start, cursor->p - start) : NULL;
    }

  name = g_string_new (NULL);
  cursor->p++;
  while (cursor->p < cursor->end)
    {
      if (*cursor->p == '"')
        {
          if (cursor->p + 1 < cursor->end && cursor->p[1] == '"')
            {
              g_string_append_c (name, '"');
              cursor->p += 2;
              continue;
            }
          cursor->p++;
          return g_string_free (name, FALSE);
        }
      g_string_append_c (name, *cursor->p);
      cursor->p++;
    }

  /* No closing quote: take what there is. */
  return g_string_free (name, FALSE);
}

/* Finds the last @needle in [start, start + length); NULL if none. */
static const char *
find_last (const char *start,
           gsize       length,
           const char *needle)
{
  gsize needle_length = strlen (needle);

  if (length < needle_length)
    return NULL;

  for (gsize i = length - needle_length + 1; i-- > 0;)
    {
      if (start[i] == needle[0] && memcmp (start + i, needle, needle_length) == 0)
        return start + i;
    }

  return NULL;
}

static const char *
find_first (const char *start,
            gsize       length,
            const char *needle)
{
  gsize needle_length = strlen (needle);

  if (length < needle_length)
    return NULL;

  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (start[i] == needle[0] && memcmp (start + i, needle, needle_length) == 0)
        return start + i;
    }

  return NULL;
}

static gboolean
starts_with (const char *text,
             gsize       length,
             const char *prefix)
{
  gsize prefix_length = strlen (prefix);

  return length >= prefix_length && memcmp (text, prefix, prefix_length) == 0;
}

/* Members, as EXPLAIN (FORMAT JSON) would name them */

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
} Target;

static gboolean
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
    g_set_error (target->error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("Line %u: “%s” %s."), target->line, key, _(problem));
  return ok;
}

/* The nodes read members as JSON values: one JsonNode of each type is set
 * to each value in turn (the readers keep nothing of it), rather than one
 * allocated per member of a 10,000-node plan.  Only json_node_set_*() on
 * a node of that type: json_node_init*() again would free its value and
 * then use it. */
static gboolean
apply_number (Target     *target,
              const char *key,
              double      number)
{
  json_node_set_double (target->number, number);
  return apply_json (target, key, target->number);
}

static gboolean
apply_string (Target     *target,
              const char *key,
              const char *text,
              gssize      length)
{
  if (length < 0)
    json_node_set_string (target->string, text);
  else
    {
      g_string_truncate (target->buffer, 0);
      g_string_append_len (target->buffer, text, length);
      json_node_set_string (target->string, target->buffer->str);
    }
  return apply_json (target, key, target->string);
}

static gboolean
apply_boolean (Target     *target,
               const char *key,
               gboolean    boolean)
{
  json_node_set_boolean (target->boolean, boolean);
  return apply_json (target, key, target->boolean);
}

/* "kB" sizes: "25kB" -> 25 */
static gboolean
read_kilobytes (Cursor *cursor,
                double *number)
{
  if (!cursor_number (cursor, number))
    return FALSE;
  cursor_skip (cursor, "kB");
  return TRUE;
}

/* "(cost=0.00..35.50 rows=2550 width=4)" */
static gboolean
read_costs (Target *target,
            Cursor *cursor)
{
  double startup, total, rows, width;

  if (!cursor_skip (cursor, "(cost=") || !cursor_number (cursor, &startup) ||
      !cursor_skip (cursor, "..") || !cursor_number (cursor, &total) ||
      !cursor_skip (cursor, " rows=") || !cursor_number (cursor, &rows) ||
      !cursor_skip (cursor, " width=") || !cursor_number (cursor, &width) ||
      !cursor_skip (cursor, ")"))
    return FALSE;

  return apply_number (target, "Startup Cost", startup) &&
         apply_number (target, "Total Cost", total) &&
         apply_number (target, "Plan Rows", rows) &&
         apply_number (target, "Plan Width", width);
}

/* "actual time=0.005..0.010 rows=3 loops=1" or "actual rows=3 loops=1",
 * without the parentheses (a worker line has none). */
static gboolean
read_actuals (Target *target,
              Cursor *cursor)
{
  double startup = 0, total = 0, rows, loops;
  gboolean timing = FALSE;

  if (!cursor_skip (cursor, "actual "))
    return FALSE;

  if (cursor_skip (cursor, "time="))
    {
      if (!cursor_number (cursor, &startup) || !cursor_skip (cursor, "..") ||
          !cursor_number (cursor, &total) || !cursor_skip (cursor, " "))
        return FALSE;
      timing = TRUE;
    }

  if (!cursor_skip (cursor, "rows=") || !cursor_number (cursor, &rows) ||
      !cursor_skip (cursor, " loops=") || !cursor_number (cursor, &loops))
    return FALSE;

  if (timing && (!apply_number (target, "Actual Startup Time", startup) ||
                 !apply_number (target, "Actual Total Time", total)))
    return FALSE;

  return apply_number (target, "Actual Rows", rows) &&
         apply_number (target, "Actual Loops", loops);
}

/* Node titles */

typedef struct
{
  const char *text;
  const char *node_type;
  const char *target_key;    /* what " on X" names; NULL: only an alias */
} KnownNode;

/* The nodes whose text name is their JSON "Node Type", and what " on X"
 * names for them. */
static const KnownNode known_nodes[] = {
  { "Result", "Result", NULL },
  { "ProjectSet", "ProjectSet", NULL },
  { "Append", "Append", NULL },
  { "Merge Append", "Merge Append", NULL },
  { "Recursive Union", "Recursive Union", NULL },
  { "BitmapAnd", "BitmapAnd", NULL },
  { "BitmapOr", "BitmapOr", NULL },
  { "Gather", "Gather", NULL },
  { "Gather Merge", "Gather Merge", NULL },
  { "Seq Scan", "Seq Scan", "Relation Name" },
  { "Sample Scan", "Sample Scan", "Relation Name" },
  { "Index Scan", "Index Scan", "Relation Name" },
  { "Index Only Scan", "Index Only Scan", "Relation Name" },
  { "Bitmap Index Scan", "Bitmap Index Scan", "Index Name" },
  { "Bitmap Heap Scan", "Bitmap Heap Scan", "Relation Name" },
  { "Tid Scan", "Tid Scan", "Relation Name" },
  { "Tid Range Scan", "Tid Range Scan", "Relation Name" },
  { "Subquery Scan", "Subquery Scan", NULL },
  { "Function Scan", "Function Scan", "Function Name" },
  { "Table Function Scan", "Table Function Scan", "Table Function Name" },
  { "Values Scan", "Values Scan", NULL },
  { "CTE Scan", "CTE Scan", "CTE Name" },
  { "Named Tuplestore Scan", "Named Tuplestore Scan", "Tuplestore Name" },
  { "WorkTable Scan", "WorkTable Scan", "CTE Name" },
  { "Foreign Scan", "Foreign Scan", "Relation Name" },
  { "Materialize", "Materialize", NULL },
  { "Memoize", "Memoize", NULL },
  { "Result Cache", "Result Cache", NULL },
  { "Sort", "Sort", NULL },
  { "Incremental Sort", "Incremental Sort", NULL },
  { "Group", "Group", NULL },
  { "WindowAgg", "WindowAgg", NULL },
  { "Unique", "Unique", NULL },
  { "LockRows", "LockRows", NULL },
  { "Limit", "Limit", NULL },
  { "Hash", "Hash", NULL },
  { "Nested Loop", "Nested Loop", NULL },
  { "Hash Join", "Hash Join", NULL },
  { "Merge Join", "Merge Join", NULL },
};

static const char *join_types[] = {
  "Left", "Full", "Right", "Semi", "Anti", "Right Anti", "Right Semi",
};

static const char *setop_commands[] = {
  "Intersect", "Intersect All", "Except", "Except All",
};

static gboolean
is_one_of (const char   *text,
           gsize         length,
           const char  **list,
           gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (strlen (list[i]) == length && memcmp (text, list[i], length) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
name_equals (const char *name,
             gsize       length,
             const char *literal)
{
  return strlen (literal) == length && memcmp (name, literal, length) == 0;
}

/* "Hash Left Join" -> Hash Join, Left; "Nested Loop Semi Join" -> ... */
static gboolean
read_join_name (Target     *target,
                const char *name,
                gsize       length,
                const char *prefix,
                const char *node_type)
{
  gsize prefix_length = strlen (prefix);
  const char *middle;
  gsize middle_length;

  if (name_equals (name, length, node_type))
    return apply_string (target, "Node Type", node_type, -1) &&
           apply_string (target, "Join Type", "Inner", -1);

  if (length < prefix_length + strlen (" Join") + 1 || !starts_with (name, length, prefix) ||
      name[prefix_length] != ' ' || memcmp (name + length - strlen (" Join"), " Join", strlen (" Join")) != 0)
    return FALSE;

  middle = name + prefix_length + 1;
  middle_length = length - prefix_length - 1 - strlen (" Join");
  if (!is_one_of (middle, middle_length, join_types, G_N_ELEMENTS (join_types)))
    return FALSE;

  return apply_string (target, "Node Type", node_type, -1) &&
         apply_string (target, "Join Type", middle, middle_length);
}

static gboolean
read_aggregate_name (Target     *target,
                     const char *name,
                     gsize       length)
{
  static const struct { const char *text; const char *strategy; } kinds[] = {
    { "Aggregate", "Plain" },
    { "GroupAggregate", "Sorted" },
    { "HashAggregate", "Hashed" },
    { "MixedAggregate", "Mixed" },
  };
  const char *mode = "Simple";

  if (starts_with (name, length, "Partial "))
    {
      mode = "Partial";
      name += strlen ("Partial ");
      length -= strlen ("Partial ");
    }
  else if (starts_with (name, length, "Finalize "))
    {
      mode = "Finalize";
      name += strlen ("Finalize ");
      length -= strlen ("Finalize ");
    }

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (name_equals (name, length, kinds[i].text))
        return apply_string (target, "Node Type", "Aggregate", -1) &&
               apply_string (target, "Strategy", kinds[i].strategy, -1) &&
               apply_string (target, "Partial Mode", mode, -1);
    }

  return FALSE;
}

static gboolean
read_setop_name (Target     *target,
                 const char *name,
                 gsize       length)
{
  const char *strategy;
  gsize head;

  if (starts_with (name, length, "HashSetOp "))
    {
      strategy = "Hashed";
      head = strlen ("HashSetOp ");
    }
  else if (starts_with (name, length, "SetOp "))
    {
      strategy = "Sorted";
      head = strlen ("SetOp ");
    }
  else
    return FALSE;

  if (!is_one_of (name + head, length - head, setop_commands, G_N_ELEMENTS (setop_commands)))
    return FALSE;

  return apply_string (target, "Node Type", "SetOp", -1) &&
         apply_string (target, "Strategy", strategy, -1) &&
         apply_string (target, "Command", name + head, length - head);
}

typedef enum
{
  NAME_UNKNOWN,
  NAME_KNOWN,
  NAME_FAILED,     /* an error is set */
} NameResult;

/* Reads the node's name (before " using " / " on "), applying Node Type
 * and what the name implies.  *@target_key receives what " on X" names. */
static NameResult
read_node_name (Target      *target,
                const char  *name,
                gsize        length,
                const char **target_key)
{
  static const char *operations[] = { "Insert", "Update", "Delete", "Merge" };
  gboolean backward = FALSE;

  *target_key = NULL;

#define APPLIED(ok) ((ok) ? NAME_KNOWN : NAME_FAILED)

  if (read_join_name (target, name, length, "Hash", "Hash Join") ||
      read_join_name (target, name, length, "Merge", "Merge Join"))
    return APPLIED (TRUE);
  if (name_equals (name, length, "Nested Loop"))
    return APPLIED (apply_string (target, "Node Type", "Nested Loop", -1) &&
                    apply_string (target, "Join Type", "Inner", -1));
  if (starts_with (name, length, "Nested Loop ") && length > strlen ("Nested Loop  Join") &&
      memcmp (name + length - strlen (" Join"), " Join", strlen (" Join")) == 0)
    {
      const char *middle = name + strlen ("Nested Loop ");
      gsize middle_length = length - strlen ("Nested Loop ") - strlen (" Join");

      if (is_one_of (middle, middle_length, join_types, G_N_ELEMENTS (join_types)))
        return APPLIED (apply_string (target, "Node Type", "Nested Loop", -1) &&
                        apply_string (target, "Join Type", middle, middle_length));
    }

  if (read_aggregate_name (target, name, length) || read_setop_name (target, name, length))
    return NAME_KNOWN;

  if (is_one_of (name, length, operations, G_N_ELEMENTS (operations)))
    {
      *target_key = "Relation Name";
      return APPLIED (apply_string (target, "Node Type", "ModifyTable", -1) &&
                      apply_string (target, "Operation", name, length));
    }

  if (starts_with (name, length, "Foreign ") &&
      is_one_of (name + strlen ("Foreign "), length - strlen ("Foreign "), operations, 3))
    {
      *target_key = "Relation Name";
      return APPLIED (apply_string (target, "Node Type", "Foreign Scan", -1) &&
                      apply_string (target, "Operation", name + strlen ("Foreign "),
                                    length - strlen ("Foreign ")));
    }

  if (starts_with (name, length, "Custom Scan (") && name[length - 1] == ')')
    {
      *target_key = "Relation Name";
      return APPLIED (apply_string (target, "Node Type", "Custom Scan", -1) &&
                      apply_string (target, "Custom Plan Provider", name + strlen ("Custom Scan ("),
                                    length - strlen ("Custom Scan (") - 1));
    }

  if (length > strlen (" Backward") &&
      memcmp (name + length - strlen (" Backward"), " Backward", strlen (" Backward")) == 0)
    {
      backward = TRUE;
      length -= strlen (" Backward");
    }

  for (guint i = 0; i < G_N_ELEMENTS (known_nodes); i++)
    {
      const KnownNode *known = &known_nodes[i];
      gboolean is_index_scan;

      if (!name_equals (name, length, known->text))
        continue;

      is_index_scan = g_str_equal (known->node_type, "Index Scan") ||
                      g_str_equal (known->node_type, "Index Only Scan");
      if (backward && !is_index_scan)
        return NAME_UNKNOWN;

      *target_key = known->target_key;
      if (!apply_string (target, "Node Type", known->node_type, -1))
        return NAME_FAILED;
      if (is_index_scan)
        return APPLIED (apply_string (target, "Scan Direction", backward ? "Backward" : "Forward", -1));
      if (g_str_equal (known->node_type, "Foreign Scan"))
        return APPLIED (apply_string (target, "Operation", "Select", -1));
      return NAME_KNOWN;
    }

#undef APPLIED

  return NAME_UNKNOWN;
}

/* " on [schema.]name [alias]" or " on alias" */
static gboolean
read_on_target (Target     *target,
                Cursor     *cursor,
                const char *target_key)
{
  g_autofree char *first = cursor_identifier (cursor);
  g_autofree char *second = NULL;
  g_autofree char *alias = NULL;

  if (first == NULL)
    return TRUE;

  if (cursor->p < cursor->end && *cursor->p == '.')
    {
      cursor->p++;
      second = cursor_identifier (cursor);
    }

  cursor_skip_spaces (cursor);
  if (cursor->p < cursor->end)
    alias = cursor_identifier (cursor);

  /* Subquery and Values scans name only their alias. */
  if (target_key == NULL)
    return apply_string (target, "Alias", first, -1);

  if (g_str_equal (target_key, "Index Name"))
    return apply_string (target, "Index Name", first, -1);

  if (second != NULL)
    {
      if (!apply_string (target, "Schema", first, -1) ||
          !apply_string (target, target_key, second, -1))
        return FALSE;
    }
  else if (!apply_string (target, target_key, first, -1))
    return FALSE;

  return apply_string (target, "Alias", alias != NULL ? alias : second != NULL ? second : first, -1);
}

/* "Parallel Index Scan Backward using idx on public.t x" */
static gboolean
read_title (Target     *target,
            const char *title,
            gsize       length,
            gboolean   *known)
{
  const char *using_at, *on_at, *name_end;
  const char *target_key = NULL;
  NameResult result;

  if (starts_with (title, length, "Parallel "))
    {
      if (!apply_boolean (target, "Parallel Aware", TRUE))
        return FALSE;
      title += strlen ("Parallel ");
      length -= strlen ("Parallel ");
    }
  if (starts_with (title, length, "Async "))
    {
      if (!apply_boolean (target, "Async Capable", TRUE))
        return FALSE;
      title += strlen ("Async ");
      length -= strlen ("Async ");
    }

  using_at = find_first (title, length, " using ");
  on_at = find_first (title, length, " on ");
  name_end = title + length;
  if (using_at != NULL)
    name_end = using_at;
  else if (on_at != NULL)
    name_end = on_at;

  result = read_node_name (target, title, name_end - title, &target_key);
  if (result == NAME_FAILED)
    return FALSE;

  *known = result == NAME_KNOWN;
  if (!*known)
    {
      /* A node this parser does not know: keep its whole title as type. */
      return apply_string (target, "Node Type", title, length);
    }

  if (using_at != NULL)
    {
      Cursor cursor = { using_at + strlen (" using "), title + length };
      g_autofree char *index = cursor_identifier (&cursor);

      if (index != NULL && !apply_string (target, "Index Name", index, -1))
        return FALSE;
      cursor_skip_spaces (&cursor);
      on_at = cursor_skip (&cursor, "on ") ? cursor.p - strlen (" on ") : NULL;
    }

  if (on_at != NULL)
    {
      Cursor cursor = { on_at + strlen (" on "), title + length };

      return read_on_target (target, &cursor, target_key);
    }

  return TRUE;
}

/* A node line without its arrow: title, costs, actuals.  Returns FALSE
 * with *@is_node FALSE when the line is not a node at all. */
static gboolean
read_node_line (Target     *target,
                const char *text,
                gsize       length,
                gboolean   *is_node)
{
  const char *end = text + length;
  const char *actual_at = NULL, *cost_at;
  gboolean has_figures = FALSE;
  gboolean known = FALSE;

  *is_node = TRUE;

  if (length >= strlen (" (never executed)") &&
      memcmp (end - strlen (" (never executed)"), " (never executed)", strlen (" (never executed)")) == 0)
    {
      end -= strlen (" (never executed)");
      has_figures = TRUE;
      if (!apply_number (target, "Actual Rows", 0) || !apply_number (target, "Actual Loops", 0))
        return FALSE;
    }
  else if (end > text && end[-1] == ')' && (actual_at = find_last (text, length, " (actual ")) != NULL)
    {
      Cursor cursor = { actual_at + 2, end };

      if (!read_actuals (target, &cursor) || !cursor_skip (&cursor, ")") || cursor.p != end)
        {
          if (!(target->error != NULL && *target->error != NULL))
            g_set_error (target->error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                         _("Line %u: the figures in “(actual …)” cannot be read."), target->line);
          return FALSE;
        }
      end = actual_at;
      has_figures = TRUE;
    }

  if (end > text && end[-1] == ')' && (cost_at = find_last (text, end - text, "(cost=")) != NULL)
    {
      Cursor cursor = { cost_at, end };

      if (!read_costs (target, &cursor) || cursor.p != end)
        {
          if (!(target->error != NULL && *target->error != NULL))
            g_set_error (target->error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                         _("Line %u: the figures in “(cost=…)” cannot be read."), target->line);
          return FALSE;
        }
      end = cost_at;
      has_figures = TRUE;
    }

  while (end > text && end[-1] == ' ')
    end--;

  if (end == text)
    {
      *is_node = FALSE;
      return FALSE;
    }

  if (!read_title (target, text, end - text, &known))
    return FALSE;

  /* A line with neither figures nor a name EXPLAIN uses is no node. */
  if (!known && !has_figures)
    {
      *is_node = FALSE;
      return FALSE;
    }

  return TRUE;
}

/* Detail lines */

/* "shared hit=1 read=2 dirtied=3 written=4, local ..., temp read=5 written=6" */
static gboolean
read_buffers (Target *target,
              Cursor *cursor)
{
  static const struct { const char *kind; const char *field; const char *key; } keys[] = {
    { "shared", "hit", "Shared Hit Blocks" },
    { "shared", "read", "Shared Read Blocks" },
    { "shared", "dirtied", "Shared Dirtied Blocks" },
    { "shared", "written", "Shared Written Blocks" },
    { "local", "hit", "Local Hit Blocks" },
    { "local", "read", "Local Read Blocks" },
    { "local", "dirtied", "Local Dirtied Blocks" },
    { "local", "written", "Local Written Blocks" },
    { "temp", "read", "Temp Read Blocks" },
    { "temp", "written", "Temp Written Blocks" },
  };
  const char *kind = NULL;

  while (cursor->p < cursor->end)
    {
      const char *word = cursor->p;
      gsize word_length;
      double number;
      gboolean found = FALSE;

      cursor_skip_spaces (cursor);
      if (cursor_skip (cursor, ","))
        {
          kind = NULL;
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
          kind = NULL;
          for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
            if (name_equals (word, word_length, keys[i].kind))
              kind = keys[i].kind;
          continue;
        }

      if (!cursor_number (cursor, &number))
        return FALSE;

      for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (keys); i++)
        {
          if (g_str_equal (keys[i].kind, kind) && name_equals (word, word_length, keys[i].field))
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
          if (name_equals (word, word_length, "temp"))
            kind = "temp";
          else
            kind = "";
          continue;
        }

      if (!cursor_number (cursor, &number))
        return FALSE;

      if (name_equals (word, word_length, "read"))
        {
          if (!apply_number (target, g_str_equal (kind, "temp") ? "Temp I/O Read Time" : "I/O Read Time", number))
            return FALSE;
        }
      else if (name_equals (word, word_length, "write"))
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
          if (!cursor_number (cursor, &number) || !apply_number (target, keys[i].key, number))
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
          if (!cursor_number (cursor, &number) || !apply_number (target, "Exact Heap Blocks", number))
            return FALSE;
        }
      else if (cursor_skip (cursor, "lossy="))
        {
          if (!cursor_number (cursor, &number) || !apply_number (target, "Lossy Heap Blocks", number))
            return FALSE;
        }
      else
        break;
    }

  return TRUE;
}

/* Splits "A: x  B: y (originally z)  C: wkB" at its double blanks. */
typedef struct
{
  const char *key;
  gsize       key_length;
  const char *value;
  gsize       value_length;
} Segment;

static GArray *
split_segments (const char *text,
                gsize       length)
{
  GArray *segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  gsize start = 0;

  for (gsize i = 0; i <= length; i++)
    {
      if (i == length || (i + 1 < length && text[i] == ' ' && text[i + 1] == ' '))
        {
          const char *piece = text + start;
          gsize piece_length = i - start;
          const char *colon = find_first (piece, piece_length, ": ");

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

  return segments;
}

static gboolean
segment_is (const Segment *segment,
            const char    *key)
{
  return name_equals (segment->key, segment->key_length, key);
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

  if (!cursor_number (&cursor, &number))
    return apply_string (target, key, text, length);

  original = number;
  if (cursor_skip (&cursor, " (originally ") && !cursor_number (&cursor, &original))
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

  if (!read_kilobytes (&cursor, &number))
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

      if (read_kilobytes (&cursor, &number) && cursor.p == cursor.end &&
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
  g_autoptr(GArray) segments = split_segments (text, length);
  const Segment *first;

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
          g_clear_pointer (&node->group_key, g_free);
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

static gboolean
read_key_value (Target     *target,
                const char *key,
                gsize       key_length,
                const char *value,
                gsize       value_length)
{
  g_autofree char *key_text = g_strndup (key, key_length);
  Cursor cursor = { value, value + value_length };

  if (g_str_equal (key_text, "Buffers"))
    {
      if (!read_buffers (target, &cursor))
        goto bad_figures;
      return TRUE;
    }
  if (g_str_equal (key_text, "I/O Timings"))
    {
      if (!read_io_timings (target, &cursor))
        goto bad_figures;
      return TRUE;
    }
  if (g_str_equal (key_text, "WAL"))
    {
      if (!read_wal (target, &cursor))
        goto bad_figures;
      return TRUE;
    }
  if (g_str_equal (key_text, "Heap Blocks"))
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

      if (!g_str_equal (key_text, number_keys[i]))
        continue;
      if (cursor_number (&cursor, &number) && cursor.p == cursor.end)
        return apply_number (target, key_text, number);
      return apply_string (target, key_text, value, value_length);
    }

  for (guint i = 0; i < G_N_ELEMENTS (boolean_keys); i++)
    {
      if (!g_str_equal (key_text, boolean_keys[i]))
        continue;
      if (name_equals (value, value_length, "true") || name_equals (value, value_length, "false"))
        return apply_boolean (target, key_text, name_equals (value, value_length, "true"));
    }

  return apply_string (target, key_text, value, value_length);

bad_figures:
  if (!(target->error != NULL && *target->error != NULL))
    g_set_error (target->error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("Line %u: the figures of “%s” cannot be read."), target->line, key_text);
  return FALSE;
}

static gboolean
read_detail (Target     *target,
             const char *text,
             gsize       length)
{
  const char *colon;
  gboolean handled;

  if (starts_with (text, length, "actual "))
    {
      Cursor cursor = { text, text + length };

      if (read_actuals (target, &cursor))
        return TRUE;
      if (target->error != NULL && *target->error != NULL)
        return FALSE;
    }

  /* Only a line with a double blank has several "Key: value" segments. */
  if (find_first (text, length, "  ") != NULL)
    {
      if (!read_segments (target, text, length, &handled))
        return FALSE;
      if (handled)
        return TRUE;
    }

  colon = find_first (text, length, ": ");
  if (colon == NULL)
    {
      /* "Update on t1 t" below a ModifyTable, "Settings" without
       * values...: kept as they are. */
      if (length > 0 && text[length - 1] == ':')
        return apply_string (target, "Details", text, length - 1);
      return apply_string (target, "Details", text, length);
    }

  return read_key_value (target, text, colon - text, colon + 2, length - (colon - text) - 2);
}

/* "Worker 0:  actual time=..." or "Worker 0:  Sort Method: ..." */
static gboolean
read_worker_line (Target         *target,
                  const TextLine *line)
{
  Cursor cursor = { line->text, line->text + line->length };
  SluicePlanNode *node = target->node;
  SluicePlanWorker *worker = NULL;
  double number;

  if (!cursor_skip (&cursor, "Worker ") || !cursor_number (&cursor, &number) || !cursor_skip (&cursor, ":"))
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

  if (cursor.p < cursor.end && !read_detail (target, cursor.p, cursor.end - cursor.p))
    return FALSE;
  return TRUE;
}

/* The summary */

typedef enum
{
  BLOCK_NONE,
  BLOCK_PLANNING,
  BLOCK_JIT,
} Block;

static gboolean
read_time_ms (const char *text,
              gsize       length,
              double     *ms)
{
  Cursor cursor = { text, text + length };

  if (!cursor_number (&cursor, ms))
    return FALSE;
  cursor_skip (&cursor, " ms");
  return cursor.p == cursor.end;
}

/* "Trigger name [for constraint c] [on rel]: time=1.2 calls=3"; without
 * VERBOSE a foreign key's trigger is "Trigger for constraint c: ...", and
 * with TIMING OFF there is no "time=". */
static gboolean
read_trigger (SluicePlan *plan,
              const char *text,
              gsize       length)
{
  const char *name = text + strlen ("Trigger");
  const char *figures = find_last (text, length, ": time=");
  const char *name_end, *constraint_at, *on_at;
  SluicePlanTrigger *trigger;
  Cursor cursor;
  double time_ms = 0, calls = 0;

  if (figures == NULL)
    figures = find_last (text, length, ": calls=");
  if (figures == NULL || figures < name)
    return FALSE;

  cursor = (Cursor) { figures + 2, text + length };
  if (cursor_skip (&cursor, "time="))
    {
      if (!cursor_number (&cursor, &time_ms))
        return FALSE;
      cursor_skip (&cursor, " ");
    }
  if (cursor_skip (&cursor, "calls="))
    cursor_number (&cursor, &calls);

  trigger = g_new0 (SluicePlanTrigger, 1);
  name_end = figures;
  on_at = find_last (name, name_end - name, " on ");
  if (on_at != NULL)
    {
      trigger->relation = g_strndup (on_at + strlen (" on "), name_end - on_at - strlen (" on "));
      name_end = on_at;
    }
  constraint_at = find_first (name, name_end - name, " for constraint ");
  if (constraint_at != NULL)
    {
      trigger->constraint_name = g_strndup (constraint_at + strlen (" for constraint "),
                                            name_end - constraint_at - strlen (" for constraint "));
      name_end = constraint_at;
    }
  if (name_end > name + 1)
    trigger->name = g_strndup (name + 1, name_end - name - 1);
  trigger->time_ms = time_ms;
  trigger->calls = calls;
  _sluice_plan_add_trigger (plan, trigger);

  return TRUE;
}

/* "work_mem = '64kB', search_path = 'a, b'" */
static void
read_settings (SluicePlan *plan,
               const char *text,
               gsize       length)
{
  Cursor cursor = { text, text + length };

  while (cursor.p < cursor.end)
    {
      const char *name = cursor.p;
      const char *name_end;
      g_autoptr(GString) value = g_string_new (NULL);
      g_autofree char *name_text = NULL;

      while (cursor.p < cursor.end && *cursor.p != ' ')
        cursor.p++;
      name_end = cursor.p;
      if (!cursor_skip (&cursor, " = '"))
        break;

      while (cursor.p < cursor.end)
        {
          if (*cursor.p == '\'')
            {
              if (cursor.p + 1 < cursor.end && cursor.p[1] == '\'')
                {
                  g_string_append_c (value, '\'');
                  cursor.p += 2;
                  continue;
                }
              cursor.p++;
              break;
            }
          g_string_append_c (value, *cursor.p);
          cursor.p++;
        }

      name_text = g_strndup (name, name_end - name);
      _sluice_plan_add_setting (plan, name_text, value->str);

      cursor_skip (&cursor, ",");
      cursor_skip_spaces (&cursor);
    }
}

/* "Options: Inlining false, Optimization false, Expressions true, Deforming true" */
static void
read_jit_options (SluicePlanJit *jit,
                  const char    *text,
                  gsize          length)
{
  jit->inlining = find_first (text, length, "Inlining true") != NULL;
  jit->optimization = find_first (text, length, "Optimization true") != NULL;
  jit->expressions = find_first (text, length, "Expressions true") != NULL;
  jit->deforming = find_first (text, length, "Deforming true") != NULL;
}

static double
jit_time (const char *text,
          gsize       length,
          const char *name)
{
  const char *at = find_first (text, length, name);
  Cursor cursor;
  double ms;

  if (at == NULL)
    return -1;
  cursor = (Cursor) { at + strlen (name), text + length };
  return cursor_number (&cursor, &ms) ? ms : -1;
}

/* "Timing: Generation 1.0 ms (Deform 0.2 ms), Inlining 0.0 ms, ..." */
static void
read_jit_timing (SluicePlanJit *jit,
                 const char    *text,
                 gsize          length)
{
  jit->generation_ms = MAX (jit_time (text, length, "Generation "), 0);
  jit->deform_ms = jit_time (text, length, "(Deform ");
  jit->inlining_ms = MAX (jit_time (text, length, "Inlining "), 0);
  jit->optimization_ms = MAX (jit_time (text, length, "Optimization "), 0);
  jit->emission_ms = MAX (jit_time (text, length, "Emission "), 0);
  jit->total_ms = MAX (jit_time (text, length, "Total "), 0);
}

static void
read_jit_line (SluicePlan *plan,
               const char *text,
               gsize       length)
{
  SluicePlanJit *jit = _sluice_plan_ensure_jit (plan);
  Cursor cursor = { text, text + length };
  double number;

  if (cursor_skip (&cursor, "Functions: ") && cursor_number (&cursor, &number))
    jit->functions = (gint64) number;
  else if (cursor_skip (&cursor, "Options: "))
    read_jit_options (jit, cursor.p, cursor.end - cursor.p);
  else if (cursor_skip (&cursor, "Timing: "))
    read_jit_timing (jit, cursor.p, cursor.end - cursor.p);
}

/* "time=0.1 ms  output=1kB  format=text" */
static void
read_serialization (SluicePlan *plan,
                    const char *text,
                    gsize       length)
{
  double ms = -1, kb = -1;
  const char *format_at = find_first (text, length, "format=");
  const char *time_at = find_first (text, length, "time=");
  const char *output_at = find_first (text, length, "output=");
  g_autofree char *format = NULL;

  if (time_at != NULL)
    {
      Cursor cursor = { time_at + strlen ("time="), text + length };

      if (!cursor_number (&cursor, &ms))
        ms = -1;
    }
  if (output_at != NULL)
    {
      Cursor cursor = { output_at + strlen ("output="), text + length };

      if (!read_kilobytes (&cursor, &kb))
        kb = -1;
    }
  if (format_at != NULL)
    {
      const char *start = format_at + strlen ("format=");
      const char *end = start;

      while (end < text + length && *end != ' ')
        end++;
      format = g_strndup (start, end - start);
    }

  _sluice_plan_set_serialization (plan, ms, (gint64) kb, format);
}

static gboolean
read_planning_line (SluicePlan *plan,
                    Target     *target,
                    const char *text,
                    gsize       length)
{
  SluicePlanBuffers *buffers = _sluice_plan_ensure_planning_buffers (plan);
  g_autoptr(SluicePlanNode) holder = _sluice_plan_node_new ();
  Target planning = *target;
  const char *colon = find_first (text, length, ": ");

  /* The planning figures are read as a node's would be, then moved. */
  planning.node = holder;
  planning.worker = NULL;
  if (colon != NULL && (starts_with (text, length, "Buffers: ") || starts_with (text, length, "I/O Timings: ")))
    {
      if (!read_key_value (&planning, text, colon - text, colon + 2, length - (colon - text) - 2))
        return FALSE;
      sluice_plan_buffers_add (buffers, &holder->buffers);
      return TRUE;
    }

  if (colon != NULL)
    {
      g_autofree char *key = g_strdup_printf ("Planning %.*s", (int) (colon - text), text);
      g_autofree char *value = g_strndup (colon + 2, length - (colon - text) - 2);

      _sluice_plan_add_summary_property (plan, key, value);
    }

  return TRUE;
}

static gboolean
read_summary_line (SluicePlan *plan,
                   const char *text,
                   gsize       length,
                   Block      *block)
{
  const char *colon = find_first (text, length, ": ");
  double ms;

  *block = BLOCK_NONE;

  if (name_equals (text, length, "Planning:"))
    {
      *block = BLOCK_PLANNING;
      return TRUE;
    }
  if (name_equals (text, length, "JIT:"))
    {
      *block = BLOCK_JIT;
      _sluice_plan_ensure_jit (plan);
      return TRUE;
    }
  if ((starts_with (text, length, "Trigger ") || starts_with (text, length, "Trigger:")) &&
      read_trigger (plan, text, length))
    return TRUE;

  if (colon == NULL)
    {
      g_autofree char *line = g_strndup (text, length);

      _sluice_plan_add_summary_property (plan, "Details", line);
      return TRUE;
    }

  if (starts_with (text, length, "Planning Time: ") &&
      read_time_ms (colon + 2, length - (colon - text) - 2, &ms))
    _sluice_plan_set_planning_ms (plan, ms);
  else if ((starts_with (text, length, "Execution Time: ") || starts_with (text, length, "Total runtime: ")) &&
           read_time_ms (colon + 2, length - (colon - text) - 2, &ms))
    _sluice_plan_set_execution_ms (plan, ms);
  else if (starts_with (text, length, "Settings: "))
    read_settings (plan, colon + 2, length - (colon - text) - 2);
  else if (starts_with (text, length, "Serialization: "))
    read_serialization (plan, colon + 2, length - (colon - text) - 2);
  else
    {
      g_autofree char *key = g_strndup (text, colon - text);
      g_autofree char *value = g_strndup (colon + 2, length - (colon - text) - 2);

      _sluice_plan_add_summary_property (plan, key, value);
    }

  return TRUE;
}

/* The tree */

typedef struct
{
  guint           column;
  SluicePlanNode *node;     /* a node, or NULL for a subplan header */
  const TextLine *header;
  gboolean        header_used;
} Open;

static gboolean
is_subplan_header (const TextLine *line,
                   const TextLine *next)
{
  if (!starts_with (line->text, line->length, "InitPlan ") &&
      !starts_with (line->text, line->length, "SubPlan ") &&
      !starts_with (line->text, line->length, "CTE "))
    return FALSE;

  /* A header always has its node right below it, further in. */
  return next != NULL && starts_with (next->text, next->length, "->") && next->column > line->column;
}

static SluicePlanRelationship
header_relationship (const TextLine *header)
{
  if (starts_with (header->text, header->length, "SubPlan "))
    return SLUICE_PLAN_RELATIONSHIP_SUBPLAN;
  return SLUICE_PLAN_RELATIONSHIP_INIT_PLAN;
}

/* Outer, Inner, Member, Subquery: what EXPLAIN's JSON says of the plain
 * children (not the subplans), from the parent's type and the order. */
static void
set_relationships (SluicePlan *plan)
{
  GPtrArray *nodes = sluice_plan_get_nodes (plan);

  for (guint i = 0; i < nodes->len; i++)
    {
      SluicePlanNode *node = g_ptr_array_index (nodes, i);
      const char *type = node->node_type;
      gboolean members = g_strcmp0 (type, "Append") == 0 || g_strcmp0 (type, "Merge Append") == 0 ||
                         g_strcmp0 (type, "BitmapAnd") == 0 || g_strcmp0 (type, "BitmapOr") == 0;
      guint n_plain = 0, index = 0;

      for (guint c = 0; c < node->children->len; c++)
        {
          SluicePlanNode *child = g_ptr_array_index (node->children, c);

          if (child->subplan_name == NULL)
            n_plain++;
        }

      /* Before PostgreSQL 14 a ModifyTable had one member per table. */
      if (g_strcmp0 (type, "ModifyTable") == 0 && n_plain > 1)
        members = TRUE;

      for (guint c = 0; c < node->children->len; c++)
        {
          SluicePlanNode *child = g_ptr_array_index (node->children, c);

          if (child->subplan_name != NULL)
            continue;

          if (members)
            child->relationship = SLUICE_PLAN_RELATIONSHIP_MEMBER;
          else if (g_strcmp0 (type, "Subquery Scan") == 0)
            child->relationship = SLUICE_PLAN_RELATIONSHIP_SUBQUERY;
          else if (index == 0)
            child->relationship = SLUICE_PLAN_RELATIONSHIP_OUTER;
          else if (index == 1)
            child->relationship = SLUICE_PLAN_RELATIONSHIP_INNER;
          else
            child->relationship = SLUICE_PLAN_RELATIONSHIP_OTHER;
          index++;
        }
    }
}

typedef struct
{
  SluicePlan      *plan;
  GArray          *open;          /* of Open */
  Target           target;
  guint            root_column;
  gboolean         in_summary;
  Block            block;
  guint            block_column;
} Parser;

static void
set_not_a_node (GError        **error,
                const TextLine *line,
                gboolean        first)
{
  g_autofree char *shown = g_utf8_make_valid (line->text, MIN (line->length, 60));

  if (first)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("Line %u: “%s” is not the first line of a plan. A plan in EXPLAIN's text format "
                   "starts with a node, such as “Seq Scan on orders  (cost=0.00..35.50 rows=2550 width=4)”."),
                 line->number, shown);
  else
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("Line %u: “%s” follows “->” but is not a plan node."),
                 line->number, shown);
}

static gboolean
add_node_line (Parser         *parser,
               const TextLine *line,
               gboolean        is_root,
               GError        **error)
{
  g_autoptr(SluicePlanNode) node = _sluice_plan_node_new ();
  SluicePlanNode *parent = NULL;
  const TextLine *header = NULL;
  const char *text = line->text;
  gsize length = line->length;
  gboolean is_node = TRUE;
  Open open = { line->column, NULL, NULL, FALSE };

  if (!is_root)
    {
      /* Pop what this node is not below. */
      while (parser->open->len > 0 && g_array_index (parser->open, Open, parser->open->len - 1).column >= line->column)
        g_array_set_size (parser->open, parser->open->len - 1);

      if (parser->open->len == 0)
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("Line %u: this node is not indented under the plan's first node, so it has no parent. "
                         "The plan's lines may have lost their leading blanks."),
                       line->number);
          return FALSE;
        }

      {
        Open *top = &g_array_index (parser->open, Open, parser->open->len - 1);

        if (top->node == NULL && !top->header_used)
          {
            header = top->header;
            top->header_used = TRUE;
          }
        /* The node the header (or the node) belongs to. */
        for (guint i = parser->open->len; i-- > 0 && parent == NULL;)
          parent = g_array_index (parser->open, Open, i).node;
      }

      /* "->" and the blanks after it */
      text += 2;
      length -= 2;
      while (length > 0 && *text == ' ')
        {
          text++;
          length--;
        }
    }

  node->line = line->number;
  parser->target.node = node;
  parser->target.worker = NULL;
  parser->target.line = line->number;

  if (!read_node_line (&parser->target, text, length, &is_node))
    {
      if (!is_node && (error == NULL || *error == NULL))
        set_not_a_node (error, line, is_root);
      return FALSE;
    }

  if (header != NULL)
    {
      node->subplan_name = g_strndup (header->text, header->length);
      node->relationship = header_relationship (header);
    }

  open.node = node;
  _sluice_plan_add_node (parser->plan, g_object_ref (node), parent);
  g_array_append_val (parser->open, open);

  return TRUE;
}

static gboolean
add_header_line (Parser         *parser,
                 const TextLine *line,
                 GError        **error)
{
  Open open = { line->column, NULL, line, FALSE };

  while (parser->open->len > 0 && g_array_index (parser->open, Open, parser->open->len - 1).column >= line->column)
    g_array_set_size (parser->open, parser->open->len - 1);

  if (parser->open->len == 0)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("Line %u: this subplan is not indented under the plan's first node. "
                     "The plan's lines may have lost their leading blanks."),
                   line->number);
      return FALSE;
    }

  g_array_append_val (parser->open, open);
  return TRUE;
}

static gboolean
add_other_line (Parser         *parser,
                const TextLine *line,
                GError        **error)
{
  Target *target = &parser->target;

  target->line = line->number;

  if (line->column <= parser->root_column)
    {
      parser->in_summary = TRUE;
      parser->block_column = line->column;
      return read_summary_line (parser->plan, line->text, line->length, &parser->block);
    }

  if (parser->in_summary)
    {
      if (parser->block == BLOCK_PLANNING)
        return read_planning_line (parser->plan, target, line->text, line->length);
      if (parser->block == BLOCK_JIT)
        {
          read_jit_line (parser->plan, line->text, line->length);
          return TRUE;
        }

      /* A line further in after the summary started: keep it. */
      return read_summary_line (parser->plan, line->text, line->length, &parser->block);
    }

  if (starts_with (line->text, line->length, "Worker ") && g_ascii_isdigit (line->text[7]))
    {
      target->worker = NULL;
      if (read_worker_line (target, line))
        return TRUE;
      if (error != NULL && *error != NULL)
        return FALSE;
      target->worker = NULL;
    }
  else if (target->worker != NULL && line->column <= target->worker_column)
    target->worker = NULL;

  return read_detail (target, line->text, line->length);
}

SluicePlan *
_sluice_plan_parse_text (const char  *data,
                         gsize        length,
                         const char  *source,
                         gsize        source_length,
                         GError     **error)
{
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (Open));
  g_autoptr(SluicePlan) plan = _sluice_plan_new (SLUICE_PLAN_FORMAT_TEXT, source, source_length);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) number = json_node_init_double (json_node_alloc (), 0);
  g_autoptr(JsonNode) string = json_node_init_string (json_node_alloc (), "");
  g_autoptr(JsonNode) boolean = json_node_init_boolean (json_node_alloc (), FALSE);
  g_autoptr(GString) buffer = g_string_sized_new (256);
  Parser parser = { 0 };
  const char *invalid = NULL;
  guint first = 0;

  /* Names and conditions end up in labels and files: UTF-8 only. */
  if (!g_utf8_validate_len (data, length, &invalid))
    {
      guint line = 1;

      for (const char *p = data; p < invalid; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("Line %u: the text is not valid UTF-8 (or holds a NUL byte), so it is not a plan "
                     "as psql prints it."),
                   line);
      return NULL;
    }

  lines = read_lines (data, length);
  parser.plan = plan;
  parser.open = open;
  parser.target.plan = plan;
  /* Always an error of our own: the readers test whether one was set. */
  parser.target.error = &local_error;
  parser.target.number = number;
  parser.target.string = string;
  parser.target.boolean = boolean;
  parser.target.buffer = buffer;

  /* A bare "QUERY PLAN" heading without psql's rule under it. */
  if (lines->len > 0 && name_equals (g_array_index (lines, TextLine, 0).text,
                                     g_array_index (lines, TextLine, 0).length, "QUERY PLAN"))
    first = 1;

  if (first >= lines->len)
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("There is no plan: the text is empty."));
      return NULL;
    }

  for (guint i = first; i < lines->len; i++)
    {
      const TextLine *line = &g_array_index (lines, TextLine, i);
      const TextLine *next = i + 1 < lines->len ? &g_array_index (lines, TextLine, i + 1) : NULL;
      gboolean ok;

      if (i == first)
        {
          /* The root: psql prints no arrow before it, others may. */
          TextLine root = *line;

          if (starts_with (root.text, root.length, "->"))
            {
              root.text += 2;
              root.length -= 2;
              while (root.length > 0 && *root.text == ' ')
                {
                  root.text++;
                  root.length--;
                }
            }
          parser.root_column = line->column;
          ok = add_node_line (&parser, &root, TRUE, &local_error);
        }
      else if (starts_with (line->text, line->length, "->"))
        {
          if (parser.in_summary)
            {
              g_set_error (&local_error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("Line %u: a plan node after the lines at the first node's level (the summary); "
                             "the plan's indentation may be broken."),
                           line->number);
              ok = FALSE;
            }
          else
            ok = add_node_line (&parser, line, FALSE, &local_error);
        }
      else if (!parser.in_summary && is_subplan_header (line, next))
        ok = add_header_line (&parser, line, &local_error);
      else
        ok = add_other_line (&parser, line, &local_error);

      if (!ok)
        {
          if (local_error == NULL)
            g_set_error (&local_error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                         _("Line %u cannot be read as part of a plan."), line->number);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  set_relationships (plan);
  _sluice_plan_set_text_source (plan, source, source_length);
  _sluice_plan_finish (plan);

  return g_steal_pointer (&plan);
}
