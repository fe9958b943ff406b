/* sluice-plan-text-node.c: a text plan's node lines ("->  Hash Left Join
 * (cost=...) (actual ...)") read into the members EXPLAIN (FORMAT JSON)
 * would give: the title (node type, join type, strategy, "using", "on"),
 * the costs and the actuals
 *
 * A node's header line is read here; its detail lines below it are read
 * in sluice-plan-text-node-detail.c and sluice-plan-text-node-key.c, the
 * small readers they all share are in sluice-plan-text-node-cursor.c.
 * What the readers apply (apply_number() and the others) is defined in
 * sluice-plan-text-private.h, a static copy in each reader's file: they
 * call it for every member of every node.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-plan-text-private.h"

/* Why a member could not be applied: out of line, as only a failure
 * comes here (apply_json() in sluice-plan-text-private.h). */
void
_sluice_plan_text_member_error (Target     *target,
                                const char *key,
                                const char *problem)
{
  g_set_error (target->error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("Line %u: “%s” %s."), target->line, key, _(problem));
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
gboolean
_sluice_plan_text_read_actuals (Target *target,
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

      if (!_sluice_plan_text_read_actuals (target, &cursor) || !cursor_skip (&cursor, ")") || cursor.p != end)
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
