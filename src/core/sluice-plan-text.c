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

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-plan-text-private.h"

/* UTF-8 */

/* g_utf8_validate_len () over the whole input, with *@invalid where it
 * stops, at a fraction of the cost for the ASCII plans mostly are: runs of
 * ASCII are skipped a word at a time, and GLib only sees the runs of
 * other bytes.  A run ends before an ASCII byte, which can never be part
 * of a longer character, so each run is valid exactly when it is valid in
 * the whole text, and fails at the same byte. */
static gboolean
validate_utf8 (const char  *data,
               gsize        length,
               const char **invalid)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      const char *run;

      /* Eight ASCII bytes, none of them NUL, at a time. */
      while ((gsize) (end - p) >= sizeof (guint64))
        {
          guint64 word;

          memcpy (&word, p, sizeof word);
          if (((word | ((word - ones) & ~word)) & highs) != 0)
            break;
          p += sizeof word;
        }

      while (p < end && (guchar) *p < 0x80 && *p != '\0')
        p++;
      if (p == end)
        break;
      if (*p == '\0')
        {
          *invalid = p;
          return FALSE;
        }

      run = p;
      while (p < end && (guchar) *p >= 0x80)
        p++;
      if (!g_utf8_validate_len (run, p - run, invalid))
        return FALSE;
    }

  *invalid = end;
  return TRUE;
}

/* Lines */

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

      /* The indentation: deep plans have tens of blanks a line, skipped
       * eight at a time where they come in runs. */
      while (p < end)
        {
          if (data[p] == ' ')
            {
              gsize run = p;

              while (end - p >= 8 && memcmp (data + p, "        ", 8) == 0)
                p += 8;
              while (p < end && data[p] == ' ')
                p++;
              line.column += (guint) (p - run);
            }
          else if (data[p] == '\t')
            {
              line.column = (line.column / 8 + 1) * 8;
              p++;
            }
          else
            break;
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
      gboolean members;
      guint n_plain = 0, index = 0;

      /* Most nodes are leaves: nothing to compare their type for. */
      if (node->children->len == 0)
        continue;

      members = g_strcmp0 (type, "Append") == 0 || g_strcmp0 (type, "Merge Append") == 0 ||
                g_strcmp0 (type, "BitmapAnd") == 0 || g_strcmp0 (type, "BitmapOr") == 0;

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
  g_autoptr(SluicePlanNode) node = _sluice_plan_node_new (parser->plan);
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

  if (!_sluice_plan_text_read_node_line (&parser->target, text, length, &is_node))
    {
      if (!is_node && (error == NULL || *error == NULL))
        set_not_a_node (error, line, is_root);
      return FALSE;
    }

  if (header != NULL)
    {
      node->subplan_name = _sluice_plan_strings_add (node->strings, header->text, header->length);
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
      return _sluice_plan_text_read_summary_line (parser->plan, line->text, line->length, &parser->block);
    }

  if (parser->in_summary)
    {
      if (parser->block == BLOCK_PLANNING)
        return _sluice_plan_text_read_planning_line (parser->plan, target, line->text, line->length);
      if (parser->block == BLOCK_JIT)
        {
          _sluice_plan_text_read_jit_line (parser->plan, line->text, line->length);
          return TRUE;
        }

      /* A line further in after the summary started: keep it. */
      return _sluice_plan_text_read_summary_line (parser->plan, line->text, line->length, &parser->block);
    }

  if (starts_with (line->text, line->length, "Worker ") && g_ascii_isdigit (line->text[7]))
    {
      target->worker = NULL;
      if (_sluice_plan_text_read_worker_line (target, line))
        return TRUE;
      if (error != NULL && *error != NULL)
        return FALSE;
      target->worker = NULL;
    }
  else if (target->worker != NULL && line->column <= target->worker_column)
    target->worker = NULL;

  return _sluice_plan_text_read_detail (target, line->text, line->length);
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
  g_autoptr(GString) key = g_string_sized_new (64);
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  Parser parser = { 0 };
  const char *invalid = NULL;
  guint first = 0;

  /* Names and conditions end up in labels and files: UTF-8 only. */
  if (!validate_utf8 (data, length, &invalid))
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
  parser.target.key = key;
  parser.target.segments = segments;

  /* A bare "QUERY PLAN" heading without psql's rule under it. */
  if (lines->len > 0 && _sluice_plan_text_name_equals (g_array_index (lines, TextLine, 0).text,
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
