/* sluice-plan-read.c: making a plan from what the user gives:
 * sluice_plan_new_from_json(), _from_text(), _from_data(), _from_file(),
 * and the _take() variants that give the plan the caller's buffer
 *
 * Each refuses input over SLUICE_PLAN_MAX_INPUT_BYTES, takes psql's
 * frame off (sluice-plan-frame.c) and hands the rest to the JSON or the
 * text parser.  Apart from the plan's type, which only holds the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-plan-private.h"

/* Size */

gboolean
_sluice_plan_check_size (gsize    length,
                         GError **error)
{
  g_autofree char *size = NULL;
  g_autofree char *limit = NULL;

  if (length <= SLUICE_PLAN_MAX_INPUT_BYTES)
    return TRUE;

  size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
  limit = g_format_size_full (SLUICE_PLAN_MAX_INPUT_BYTES, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("The plan is %s, more than the %s Sluice reads, so nothing was read. "
                 "Check that only the plan was pasted, or run EXPLAIN on a smaller part of the query."),
               size, limit);
  return FALSE;
}

/* Reading: the parsers' plans borrow what they read, and are given it
 * (or a copy) on the way out. */

static SluicePlan *
read_json (const char  *data,
           gsize        length,
           GError     **error)
{
  g_autofree char *unframed = NULL;
  gsize unframed_length;

  if (!_sluice_plan_check_size (length, error))
    return NULL;

  unframed = _sluice_plan_unframe (data, length, &unframed_length);
  return _sluice_plan_parse_json (unframed != NULL ? unframed : data, unframed_length, data, length, error);
}

static SluicePlan *
read_data (const char  *data,
           gsize        length,
           GError     **error)
{
  g_autofree char *unframed = NULL;
  const char *text;
  gsize unframed_length;
  gsize i = 0;

  if (!_sluice_plan_check_size (length, error))
    return NULL;

  unframed = _sluice_plan_unframe (data, length, &unframed_length);
  text = unframed != NULL ? unframed : data;

  if (unframed_length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < unframed_length && g_ascii_isspace (text[i]))
    i++;

  if (i < unframed_length && (text[i] == '[' || text[i] == '{'))
    return _sluice_plan_parse_json (text, unframed_length, data, length, error);
  return _sluice_plan_parse_text (text, unframed_length, data, length, error);
}

static SluicePlan *
keep_copy (SluicePlan *plan)
{
  if (plan != NULL)
    _sluice_plan_keep_source (plan, NULL);
  return plan;
}

/* The plan takes @data as its source when it can, or frees it. */
static SluicePlan *
keep_taken (SluicePlan *plan,
            char       *data)
{
  if (plan != NULL)
    {
      _sluice_plan_keep_source (plan, data);
      if (plan->source == data)
        return plan;
    }
  g_free (data);
  return plan;
}

SluicePlan *
sluice_plan_new_from_json (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return keep_copy (read_json (data, length, error));
}

SluicePlan *
sluice_plan_new_from_json_take (char    *data,
                                gsize    length,
                                GError **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (data[length] == '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return keep_taken (read_json (data, length, error), data);
}

SluicePlan *
sluice_plan_new_from_text (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autofree char *unframed = NULL;
  gsize unframed_length;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_sluice_plan_check_size (length, error))
    return NULL;

  unframed = _sluice_plan_unframe (data, length, &unframed_length);
  return keep_copy (_sluice_plan_parse_text (unframed != NULL ? unframed : data, unframed_length,
                                             data, length, error));
}

SluicePlan *
sluice_plan_new_from_data (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return keep_copy (read_data (data, length, error));
}

SluicePlan *
sluice_plan_new_from_data_take (char    *data,
                                gsize    length,
                                GError **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (data[length] == '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return keep_taken (read_data (data, length, error), data);
}

SluicePlan *
sluice_plan_new_from_file (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  char *contents;
  gsize length;
  SluicePlan *plan;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Refuse a huge file before reading it into memory. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL && !_sluice_plan_check_size (g_file_info_get_size (info), error))
    return NULL;

  /* g_file_load_contents () ends the text with a NUL. */
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  plan = sluice_plan_new_from_data_take (contents, length, &local_error);
  if (plan == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", name, local_error->message);
      return NULL;
    }

  return plan;
}
