/* sluice-plan-json.c: EXPLAIN (FORMAT JSON) output and Sluice's plan
 * files, read into a SluicePlan
 *
 * EXPLAIN's output is first read in one pass (sluice-plan-json-stream.c);
 * what that fast path is not sure of, saved plan files and every error
 * come here.  json-glib parses recursively, so nesting is counted first
 * and a plan deeper than SLUICE_PLAN_MAX_JSON_DEPTH is refused before
 * json-glib sees it.  The tree is then walked with a stack of our own.
 * Members are read in the order of the text (json_object_iter_init_ordered
 * ()), as the fast path reads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-json-reader.h"
#include "sluice-plan-json-private.h"
#include "sluice-plan-private.h"

#define SAVED_FORMAT_VERSION 1

/* Two levels a node ("Plans": [ { ... ), and a few more around the root
 * and inside a node (Workers, JIT, a saved file's wrapper). */
#define MAX_NESTING (2 * SLUICE_PLAN_MAX_JSON_DEPTH + 16)

static void
set_line_error (GError     **error,
                guint        line,
                const char  *message)
{
  if (line > 0)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("Line %u: %s"), line, message);
  else
    g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT, message);
}

/* The line where the nesting first goes past MAX_NESTING, or 0. */
static guint
find_too_deep (const char *data,
               gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint line = 1;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;
      else if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_NESTING)
            return line;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return 0;
}

typedef struct
{
  JsonObject     *object;
  SluicePlanNode *parent;
} Pending;

static gboolean
read_node (SluicePlan        *plan,
           SluiceJsonReader  *reader,
           Pending           *pending,
           GArray            *stack,
           GError           **error)
{
  JsonObject *object = pending->object;
  SluicePlanNode *node = _sluice_plan_node_new (plan);
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonNode *plans;

  node->line = sluice_json_reader_get_object_line (reader, object);
  _sluice_plan_add_node (plan, node, pending->parent);

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      const char *problem = NULL;

      if (!_sluice_plan_node_apply_member (node, member, value, &problem))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” %s."), member, _(problem));

          set_line_error (error, sluice_json_reader_get_member_line (reader, object, member), message);
          return FALSE;
        }
    }

  if (node->node_type == NULL)
    {
      set_line_error (error, node->line, _("A plan node has no “Node Type”, so this is not EXPLAIN's JSON."));
      return FALSE;
    }

  plans = json_object_get_member (object, "Plans");
  if (plans == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (plans))
    {
      set_line_error (error, sluice_json_reader_get_member_line (reader, object, "Plans"),
                      _("“Plans” should be a list of plan nodes."));
      return FALSE;
    }

  /* Pushed last first, so that the first child comes off the stack first
   * and the ids stay in pre-order. */
  for (guint i = json_array_get_length (json_node_get_array (plans)); i-- > 0;)
    {
      JsonArray *array = json_node_get_array (plans);
      JsonNode *element = json_array_get_element (array, i);
      Pending child;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_line_error (error, sluice_json_reader_get_element_line (reader, array, i),
                          _("“Plans” should be a list of plan nodes."));
          return FALSE;
        }

      child.object = json_node_get_object (element);
      child.parent = node;
      g_array_append_val (stack, child);
    }

  return TRUE;
}

static gboolean
read_tree (SluicePlan        *plan,
           SluiceJsonReader  *reader,
           JsonObject        *root,
           GError           **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Pending));
  Pending first = { root, NULL };

  g_array_append_val (stack, first);

  while (stack->len > 0)
    {
      Pending pending = g_array_index (stack, Pending, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);
      if (!read_node (plan, reader, &pending, stack, error))
        return FALSE;
    }

  return TRUE;
}

/* The object of EXPLAIN's output: {"Plan": ..., "Planning Time": ...}. */
static gboolean
read_explain_object (SluicePlan        *plan,
                     SluiceJsonReader  *reader,
                     JsonObject        *object,
                     GError           **error)
{
  JsonNode *root = json_object_get_member (object, "Plan");
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  /* Just the plan's root node, as some tools copy it. */
  if (root == NULL && json_object_has_member (object, "Node Type"))
    return read_tree (plan, reader, object, error);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_line_error (error, sluice_json_reader_get_object_line (reader, object),
                      _("The JSON has no “Plan” object, so it is not the output of EXPLAIN (FORMAT JSON)."));
      return FALSE;
    }

  if (!read_tree (plan, reader, json_node_get_object (root), error))
    return FALSE;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      const char *problem = NULL;

      if (g_str_equal (member, "Plan"))
        continue;

      if (!_sluice_plan_apply_summary_member (plan, member, value, &problem))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” %s."), member, _(problem));

          set_line_error (error, sluice_json_reader_get_member_line (reader, object, member), message);
          return FALSE;
        }
    }

  return TRUE;
}

/* EXPLAIN's output: an array of one object, or the object alone. */
static gboolean
read_explain (SluicePlan        *plan,
              SluiceJsonReader  *reader,
              JsonNode          *explain,
              GError           **error)
{
  if (JSON_NODE_HOLDS_ARRAY (explain))
    {
      JsonArray *array = json_node_get_array (explain);
      JsonNode *first;

      if (json_array_get_length (array) == 0)
        {
          set_line_error (error, 1, _("The JSON is an empty list: there is no plan in it."));
          return FALSE;
        }

      first = json_array_get_element (array, 0);
      if (!JSON_NODE_HOLDS_OBJECT (first))
        {
          set_line_error (error, sluice_json_reader_get_element_line (reader, array, 0),
                          _("The list should hold EXPLAIN's plan object."));
          return FALSE;
        }

      return read_explain_object (plan, reader, json_node_get_object (first), error);
    }

  if (JSON_NODE_HOLDS_OBJECT (explain))
    return read_explain_object (plan, reader, json_node_get_object (explain), error);

  set_line_error (error, 1, _("The JSON is neither a list nor an object, so it holds no plan."));
  return FALSE;
}

/* Saved plan files */

static void
read_saved_options (JsonObject           *object,
                    SluiceExplainOptions *options)
{
  options->analyze = json_object_get_boolean_member_with_default (object, "analyze", FALSE);
  options->buffers = json_object_get_boolean_member_with_default (object, "buffers", FALSE);
  options->verbose = json_object_get_boolean_member_with_default (object, "verbose", FALSE);
  options->settings = json_object_get_boolean_member_with_default (object, "settings", FALSE);
  options->wal = json_object_get_boolean_member_with_default (object, "wal", FALSE);
  options->timing = json_object_get_boolean_member_with_default (object, "timing", TRUE);
  options->serialize = json_object_get_boolean_member_with_default (object, "serialize", FALSE);
  options->memory = json_object_get_boolean_member_with_default (object, "memory", FALSE);
  options->statement_timeout_ms =
    (guint) CLAMP (json_object_get_int_member_with_default (object, "statement_timeout_ms", 0), 0, G_MAXUINT);
}

static SluicePlan *
read_saved (SluiceJsonReader  *reader,
            JsonObject        *object,
            const char        *source,
            gsize              source_length,
            GError           **error)
{
  g_autoptr(SluicePlan) plan = NULL;
  SluiceExplainOptions options = { 0 };
  JsonNode *version = json_object_get_member (object, "sluice_plan");
  JsonNode *explain = json_object_get_member (object, "plan");
  const char *plan_text = json_object_get_string_member_with_default (object, "plan_text", NULL);
  const char *captured = json_object_get_string_member_with_default (object, "captured_at", NULL);
  g_autoptr(GDateTime) captured_at = NULL;
  JsonNode *options_node;

  if (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      set_line_error (error, sluice_json_reader_get_member_line (reader, object, "sluice_plan"),
                      _("“sluice_plan” should be the file format's version number."));
      return NULL;
    }

  if (json_node_get_int (version) > SAVED_FORMAT_VERSION)
    {
      g_autofree char *message =
        g_strdup_printf (_("The plan file is in format %lld, which a newer Sluice wrote; "
                           "this one reads format %d. Open it with a newer Sluice."),
                         (long long) json_node_get_int (version), SAVED_FORMAT_VERSION);

      set_line_error (error, 0, message);
      return NULL;
    }

  if (explain != NULL && !JSON_NODE_HOLDS_NULL (explain))
    {
      plan = _sluice_plan_new (SLUICE_PLAN_FORMAT_JSON, source, source_length);
      _sluice_plan_set_json_source (plan, explain);
      if (!read_explain (plan, reader, explain, error))
        return NULL;
      _sluice_plan_finish (plan);
    }
  else if (plan_text != NULL)
    {
      g_autoptr(GError) text_error = NULL;
      g_autofree char *unframed = NULL;
      gsize unframed_length;

      unframed = _sluice_plan_unframe (plan_text, strlen (plan_text), &unframed_length);
      plan = _sluice_plan_parse_text (unframed != NULL ? unframed : plan_text, unframed_length,
                                      plan_text, strlen (plan_text), &text_error);
      if (plan == NULL)
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("The plan text in the file is not a plan: %s"), text_error->message);
          return NULL;
        }
      /* Its source is the file's text, which goes with the reader. */
      _sluice_plan_keep_source (plan, NULL);
    }
  else
    {
      set_line_error (error, sluice_json_reader_get_object_line (reader, object),
                      _("The plan file holds neither “plan” nor “plan_text”."));
      return NULL;
    }

  options_node = json_object_get_member (object, "options");
  if (options_node != NULL && JSON_NODE_HOLDS_OBJECT (options_node))
    read_saved_options (json_node_get_object (options_node), &options);
  else
    options = *sluice_plan_get_options (plan);

  if (captured != NULL)
    captured_at = g_date_time_new_from_iso8601 (captured, NULL);

  _sluice_plan_set_capture (plan, &options,
                            (int) CLAMP (json_object_get_int_member_with_default (object, "server_version", 0), 0, G_MAXINT),
                            captured_at,
                            json_object_get_boolean_member_with_default (object, "rolled_back", FALSE));

  if (json_object_get_string_member_with_default (object, "query", NULL) != NULL)
    sluice_plan_set_query (plan, json_object_get_string_member (object, "query"));

  return g_steal_pointer (&plan);
}

static SluicePlan *
parse_json (const char  *data,
            gsize        length,
            const char  *source,
            gsize        source_length,
            gboolean     track_positions,
            gboolean    *syntax_error,
            GError     **error)
{
  g_autoptr(SluiceJsonReader) reader = NULL;
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GError) json_error = NULL;
  guint line = 0, column = 0;
  JsonNode *root;

  *syntax_error = FALSE;
  reader = sluice_json_reader_new_from_data_full (data, length, MAX_NESTING + 1, track_positions,
                                                  &line, &column, &json_error);
  if (reader == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("This is not valid JSON: %s."), json_error->message);

      *syntax_error = TRUE;
      set_line_error (error, line, message);
      return NULL;
    }

  root = sluice_json_reader_get_root (reader);
  if (root == NULL)
    {
      *syntax_error = TRUE;
      set_line_error (error, 0, _("There is no plan: the text is empty."));
      return NULL;
    }

  if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "sluice_plan"))
    return read_saved (reader, json_node_get_object (root), source, source_length, error);

  plan = _sluice_plan_new (SLUICE_PLAN_FORMAT_JSON, source, source_length);
  _sluice_plan_set_json_source (plan, root);
  if (!read_explain (plan, reader, root, error))
    return NULL;

  _sluice_plan_finish (plan);
  return g_steal_pointer (&plan);
}

SluicePlan *
_sluice_plan_parse_json (const char  *data,
                         gsize        length,
                         const char  *source,
                         gsize        source_length,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean syntax_error;
  guint deep_line;
  SluicePlan *plan;

  /* The fast path takes nearly every plan EXPLAIN gives; it gives up,
   * without a word, on anything else. */
  plan = _sluice_plan_parse_json_stream (data, length, source, source_length, MAX_NESTING);
  if (plan != NULL)
    return plan;

  deep_line = find_too_deep (data, length);
  if (deep_line > 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The JSON plan is nested more than %d nodes deep, deeper than Sluice reads in JSON. "
                           "Nothing was read; EXPLAIN's text format has no such limit."),
                         SLUICE_PLAN_MAX_JSON_DEPTH);

      set_line_error (error, deep_line, message);
      return NULL;
    }

  /* Noting every member's line costs as much as parsing: only when a
   * member turns out wrong is the text read again to say where. */
  plan = parse_json (data, length, source, source_length, FALSE, &syntax_error, &local_error);
  if (plan != NULL)
    return plan;
  if (syntax_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return parse_json (data, length, source, source_length, TRUE, &syntax_error, error);
}

/* Writing plan files */

static JsonNode *
options_to_json (const SluiceExplainOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
#define ADD_BOOLEAN(name) \
  json_builder_set_member_name (builder, #name); \
  json_builder_add_boolean_value (builder, options->name)
  ADD_BOOLEAN (analyze);
  ADD_BOOLEAN (buffers);
  ADD_BOOLEAN (verbose);
  ADD_BOOLEAN (settings);
  ADD_BOOLEAN (wal);
  ADD_BOOLEAN (timing);
  ADD_BOOLEAN (serialize);
  ADD_BOOLEAN (memory);
#undef ADD_BOOLEAN
  json_builder_set_member_name (builder, "statement_timeout_ms");
  json_builder_add_int_value (builder, options->statement_timeout_ms);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A plan the fast path read keeps its text but no JsonNode of it: the
 * JSON is read again, the careful way, when the plan is saved (rarely,
 * and not on the way to showing it). */
static JsonNode *
read_json_source (SluicePlan *self)
{
  const char *source = sluice_plan_get_source (self);
  gsize source_length = source != NULL ? strlen (source) : 0;
  g_autofree char *unframed = NULL;
  g_autoptr(SluiceJsonReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  JsonNode *root;

  if (source == NULL)
    return NULL;

  unframed = _sluice_plan_unframe (source, source_length, &length);
  reader = sluice_json_reader_new_from_data_full (unframed != NULL ? unframed : source, length,
                                                  MAX_NESTING + 1, FALSE, NULL, NULL, &error);
  if (reader == NULL || (root = sluice_json_reader_get_root (reader)) == NULL)
    {
      /* The same text parsed when the plan was read. */
      g_critical ("A JSON plan no longer parses: %s", error != NULL ? error->message : "empty");
      return NULL;
    }

  return json_node_ref (root);
}

char *
sluice_plan_to_saved_data (SluicePlan *self,
                           gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) read_again = NULL;
  GDateTime *captured_at;
  JsonNode *explain;

  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  captured_at = sluice_plan_get_captured_at (self);
  explain = _sluice_plan_get_json_source (self);
  if (explain == NULL && _sluice_plan_get_text_source (self) == NULL &&
      sluice_plan_get_source_format (self) == SLUICE_PLAN_FORMAT_JSON)
    explain = read_again = read_json_source (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sluice_plan");
  json_builder_add_int_value (builder, SAVED_FORMAT_VERSION);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, sluice_plan_format_to_string (sluice_plan_get_source_format (self)));
  json_builder_set_member_name (builder, "captured_at");
  if (captured_at != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (captured_at);
      g_autofree char *text = g_date_time_format_iso8601 (utc);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "server_version");
  json_builder_add_int_value (builder, sluice_plan_get_server_version (self));
  json_builder_set_member_name (builder, "query");
  if (sluice_plan_get_query (self) != NULL)
    json_builder_add_string_value (builder, sluice_plan_get_query (self));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "rolled_back");
  json_builder_add_boolean_value (builder, sluice_plan_get_rolled_back (self));
  json_builder_set_member_name (builder, "options");
  json_builder_add_value (builder, options_to_json (sluice_plan_get_options (self)));

  if (explain != NULL)
    {
      json_builder_set_member_name (builder, "plan");
      json_builder_add_value (builder, json_node_copy (explain));
    }
  else
    {
      json_builder_set_member_name (builder, "plan_text");
      json_builder_add_string_value (builder, _sluice_plan_get_text_source (self));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, length);
}

gboolean
sluice_plan_save_to_file (SluicePlan    *self,
                          GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (SLUICE_IS_PLAN (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = sluice_plan_to_saved_data (self, &length);

  /* GIO writes a temporary file and renames it over the old one. */
  return g_file_replace_contents (file, data, length, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  cancellable, error);
}
