/* sluice-plan-text-summary.c: the lines of a text plan below its tree
 * ("Planning Time: ...", "Trigger ...", "JIT:", "Settings: ...")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-plan-text-private.h"

/* The summary */

static gboolean
read_time_ms (const char *text,
              gsize       length,
              double     *ms)
{
  Cursor cursor = { text, text + length };

  if (!_sluice_plan_text_cursor_number (&cursor, ms))
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
  const char *figures = _sluice_plan_text_find_last (text, length, ": time=");
  const char *name_end, *constraint_at, *on_at;
  SluicePlanTrigger *trigger;
  Cursor cursor;
  double time_ms = 0, calls = 0;

  if (figures == NULL)
    figures = _sluice_plan_text_find_last (text, length, ": calls=");
  if (figures == NULL || figures < name)
    return FALSE;

  cursor = (Cursor) { figures + 2, text + length };
  if (cursor_skip (&cursor, "time="))
    {
      if (!_sluice_plan_text_cursor_number (&cursor, &time_ms))
        return FALSE;
      cursor_skip (&cursor, " ");
    }
  if (cursor_skip (&cursor, "calls="))
    _sluice_plan_text_cursor_number (&cursor, &calls);

  trigger = g_new0 (SluicePlanTrigger, 1);
  name_end = figures;
  on_at = _sluice_plan_text_find_last (name, name_end - name, " on ");
  if (on_at != NULL)
    {
      trigger->relation = g_strndup (on_at + strlen (" on "), name_end - on_at - strlen (" on "));
      name_end = on_at;
    }
  constraint_at = _sluice_plan_text_find_first (name, name_end - name, " for constraint ");
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
  jit->inlining = _sluice_plan_text_find_first (text, length, "Inlining true") != NULL;
  jit->optimization = _sluice_plan_text_find_first (text, length, "Optimization true") != NULL;
  jit->expressions = _sluice_plan_text_find_first (text, length, "Expressions true") != NULL;
  jit->deforming = _sluice_plan_text_find_first (text, length, "Deforming true") != NULL;
}

static double
jit_time (const char *text,
          gsize       length,
          const char *name)
{
  const char *at = _sluice_plan_text_find_first (text, length, name);
  Cursor cursor;
  double ms;

  if (at == NULL)
    return -1;
  cursor = (Cursor) { at + strlen (name), text + length };
  return _sluice_plan_text_cursor_number (&cursor, &ms) ? ms : -1;
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

void
_sluice_plan_text_read_jit_line (SluicePlan *plan,
                                 const char *text,
                                 gsize       length)
{
  SluicePlanJit *jit = _sluice_plan_ensure_jit (plan);
  Cursor cursor = { text, text + length };
  double number;

  if (cursor_skip (&cursor, "Functions: ") && _sluice_plan_text_cursor_number (&cursor, &number))
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
  const char *format_at = _sluice_plan_text_find_first (text, length, "format=");
  const char *time_at = _sluice_plan_text_find_first (text, length, "time=");
  const char *output_at = _sluice_plan_text_find_first (text, length, "output=");
  g_autofree char *format = NULL;

  if (time_at != NULL)
    {
      Cursor cursor = { time_at + strlen ("time="), text + length };

      if (!_sluice_plan_text_cursor_number (&cursor, &ms))
        ms = -1;
    }
  if (output_at != NULL)
    {
      Cursor cursor = { output_at + strlen ("output="), text + length };

      if (!_sluice_plan_text_read_kilobytes (&cursor, &kb))
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

gboolean
_sluice_plan_text_read_planning_line (SluicePlan *plan,
                                      Target     *target,
                                      const char *text,
                                      gsize       length)
{
  SluicePlanBuffers *buffers = _sluice_plan_ensure_planning_buffers (plan);
  g_autoptr(SluicePlanNode) holder = _sluice_plan_node_new (plan);
  Target planning = *target;
  const char *colon = _sluice_plan_text_find_first (text, length, ": ");

  /* The planning figures are read as a node's would be, then moved. */
  planning.node = holder;
  planning.worker = NULL;
  if (colon != NULL && (starts_with (text, length, "Buffers: ") || starts_with (text, length, "I/O Timings: ")))
    {
      if (!_sluice_plan_text_read_key_value (&planning, text, colon - text, colon + 2, length - (colon - text) - 2))
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

gboolean
_sluice_plan_text_read_summary_line (SluicePlan *plan,
                                     const char *text,
                                     gsize       length,
                                     Block      *block)
{
  const char *colon = _sluice_plan_text_find_first (text, length, ": ");
  double ms;

  *block = BLOCK_NONE;

  if (_sluice_plan_text_name_equals (text, length, "Planning:"))
    {
      *block = BLOCK_PLANNING;
      return TRUE;
    }
  if (_sluice_plan_text_name_equals (text, length, "JIT:"))
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
