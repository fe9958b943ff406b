/* sluice-plan-text-node.c: a text plan's node lines ("->  Hash Join
 * (cost=...) (actual ...)") and detail lines ("Filter: ...", "Buffers:
 * ...", "Worker 0: ...") read into the members EXPLAIN (FORMAT JSON) would
 * give, with the small readers they share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-plan-text-private.h"

/* Small readers over [p, end) */

/* A plain decimal number ("12", "0.005", "-1.5"); no "inf", no hex. */
gboolean
_sluice_plan_text_cursor_number (Cursor *cursor,
                                 double *number)
{
  /* Up to 15 digits: the digits as an integer over a power of ten, one
   * correctly rounded division, the same double strtod() gives.  The
   * digits are gathered while the number is scanned: this runs for every
   * figure of every node. */
  static const double powers[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                    1e11, 1e12, 1e13, 1e14, 1e15 };
  char buffer[64];
  const char *start = cursor->p;
  const char *q = start;
  char *end = NULL;
  gsize length;
  guint64 mantissa = 0;
  guint digits = 0, decimals = 0;

  if (q < cursor->end && *q == '-')
    q++;
  if (q >= cursor->end || !g_ascii_isdigit (*q))
    return FALSE;
  while (q < cursor->end && g_ascii_isdigit (*q))
    {
      if (digits < 16)
        mantissa = mantissa * 10 + (guint64) (*q - '0');
      digits++;
      q++;
    }
  /* One decimal point, followed by a digit: "0.005..0.010" is two numbers. */
  if (q + 1 < cursor->end && *q == '.' && g_ascii_isdigit (q[1]))
    {
      q++;
      while (q < cursor->end && g_ascii_isdigit (*q))
        {
          if (digits < 16)
            mantissa = mantissa * 10 + (guint64) (*q - '0');
          digits++;
          decimals++;
          q++;
        }
    }

  length = q - start;
  if (length >= sizeof buffer)
    return FALSE;

  if (digits <= 15)
    {
      *number = (double) mantissa / powers[decimals];
      if (*start == '-')
        *number = -*number;
      cursor->p = q;
      return TRUE;
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
const char *
_sluice_plan_text_find_last (const char *start,
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

const char *
_sluice_plan_text_find_first (const char *start,
                              gsize       length,
                              const char *needle)
{
  gsize needle_length = strlen (needle);

  if (length < needle_length)
    return NULL;

  /* memchr () finds the first byte of each candidate far faster than a
   * loop of ours: this runs over every detail line, twice. */
  for (const char *p = start, *last = start + length - needle_length;
       p <= last && (p = memchr (p, needle[0], last - p + 1)) != NULL;
       p++)
    {
      if (memcmp (p, needle, needle_length) == 0)
        return p;
    }

  return NULL;
}

/* Members, as EXPLAIN (FORMAT JSON) would name them */

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

/* A node's own fields are set straight from the value with
 * _sluice_plan_node_try_*(), as the JSON stream reader does.  The rest
 * (workers, keys kept as properties, values of the wrong type and their
 * errors) goes as a JSON value through _sluice_plan_node_apply_member ():
 * one JsonNode of each type is set to each value in turn (the readers keep
 * nothing of it), rather than one allocated per member.  Only
 * json_node_set_*() on a node of that type: json_node_init*() again would
 * free its value and then use it. */
static gboolean
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

static gboolean
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

static gboolean
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

/* "kB" sizes: "25kB" -> 25 */
gboolean
_sluice_plan_text_read_kilobytes (Cursor *cursor,
                                  double *number)
{
  if (!_sluice_plan_text_cursor_number (cursor, number))
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

  if (!cursor_skip (cursor, "(cost=") || !_sluice_plan_text_cursor_number (cursor, &startup) ||
      !cursor_skip (cursor, "..") || !_sluice_plan_text_cursor_number (cursor, &total) ||
      !cursor_skip (cursor, " rows=") || !_sluice_plan_text_cursor_number (cursor, &rows) ||
      !cursor_skip (cursor, " width=") || !_sluice_plan_text_cursor_number (cursor, &width) ||
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
      if (!_sluice_plan_text_cursor_number (cursor, &startup) || !cursor_skip (cursor, "..") ||
          !_sluice_plan_text_cursor_number (cursor, &total) || !cursor_skip (cursor, " "))
        return FALSE;
      timing = TRUE;
    }

  if (!cursor_skip (cursor, "rows=") || !_sluice_plan_text_cursor_number (cursor, &rows) ||
      !cursor_skip (cursor, " loops=") || !_sluice_plan_text_cursor_number (cursor, &loops))
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
  gsize       length;        /* of text, to skip most entries at once */
  const char *node_type;
  const char *target_key;    /* what " on X" names; NULL: only an alias */
} KnownNode;

#define KNOWN(text, node_type, target_key) { text, sizeof (text) - 1, node_type, target_key }

/* The nodes whose text name is their JSON "Node Type", and what " on X"
 * names for them. */
static const KnownNode known_nodes[] = {
  KNOWN ("Result", "Result", NULL),
  KNOWN ("ProjectSet", "ProjectSet", NULL),
  KNOWN ("Append", "Append", NULL),
  KNOWN ("Merge Append", "Merge Append", NULL),
  KNOWN ("Recursive Union", "Recursive Union", NULL),
  KNOWN ("BitmapAnd", "BitmapAnd", NULL),
  KNOWN ("BitmapOr", "BitmapOr", NULL),
  KNOWN ("Gather", "Gather", NULL),
  KNOWN ("Gather Merge", "Gather Merge", NULL),
  KNOWN ("Seq Scan", "Seq Scan", "Relation Name"),
  KNOWN ("Sample Scan", "Sample Scan", "Relation Name"),
  KNOWN ("Index Scan", "Index Scan", "Relation Name"),
  KNOWN ("Index Only Scan", "Index Only Scan", "Relation Name"),
  KNOWN ("Bitmap Index Scan", "Bitmap Index Scan", "Index Name"),
  KNOWN ("Bitmap Heap Scan", "Bitmap Heap Scan", "Relation Name"),
  KNOWN ("Tid Scan", "Tid Scan", "Relation Name"),
  KNOWN ("Tid Range Scan", "Tid Range Scan", "Relation Name"),
  KNOWN ("Subquery Scan", "Subquery Scan", NULL),
  KNOWN ("Function Scan", "Function Scan", "Function Name"),
  KNOWN ("Table Function Scan", "Table Function Scan", "Table Function Name"),
  KNOWN ("Values Scan", "Values Scan", NULL),
  KNOWN ("CTE Scan", "CTE Scan", "CTE Name"),
  KNOWN ("Named Tuplestore Scan", "Named Tuplestore Scan", "Tuplestore Name"),
  KNOWN ("WorkTable Scan", "WorkTable Scan", "CTE Name"),
  KNOWN ("Foreign Scan", "Foreign Scan", "Relation Name"),
  KNOWN ("Materialize", "Materialize", NULL),
  KNOWN ("Memoize", "Memoize", NULL),
  KNOWN ("Result Cache", "Result Cache", NULL),
  KNOWN ("Sort", "Sort", NULL),
  KNOWN ("Incremental Sort", "Incremental Sort", NULL),
  KNOWN ("Group", "Group", NULL),
  KNOWN ("WindowAgg", "WindowAgg", NULL),
  KNOWN ("Unique", "Unique", NULL),
  KNOWN ("LockRows", "LockRows", NULL),
  KNOWN ("Limit", "Limit", NULL),
  KNOWN ("Hash", "Hash", NULL),
  KNOWN ("Nested Loop", "Nested Loop", NULL),
  KNOWN ("Hash Join", "Hash Join", NULL),
  KNOWN ("Merge Join", "Merge Join", NULL),
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

  if (_sluice_plan_text_name_equals (name, length, node_type))
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
      if (_sluice_plan_text_name_equals (name, length, kinds[i].text))
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
  if (_sluice_plan_text_name_equals (name, length, "Nested Loop"))
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

      if (known->length != length || memcmp (name, known->text, length) != 0)
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

  using_at = _sluice_plan_text_find_first (title, length, " using ");
  on_at = _sluice_plan_text_find_first (title, length, " on ");
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
gboolean
_sluice_plan_text_read_node_line (Target     *target,
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
  else if (end > text && end[-1] == ')' &&
           (actual_at = _sluice_plan_text_find_last (text, length, " (actual ")) != NULL)
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

  if (end > text && end[-1] == ')' && (cost_at = _sluice_plan_text_find_last (text, end - text, "(cost=")) != NULL)
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

      if (read_actuals (target, &cursor))
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
