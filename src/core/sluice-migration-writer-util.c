/* sluice-migration-writer-util.c: what the formats share: names, text, markers,
 * versions and the folder's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-migration-writer-private.h"
#include "sluice-sql.h"

#define MAX_SLUG_LENGTH 100

/* Lower-case letters, digits and single underscores, as every tool here
 * accepts in a file name: "Add order status" and "addOrderStatus" both
 * become "add_order_status".  NULL when nothing of the name is usable. */
char *
_sluice_migration_writer_make_slug (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, NULL);
  g_autoptr(GString) slug = g_string_new (NULL);
  gboolean has_letter = FALSE;
  gboolean separate = FALSE;
  char previous = '\0';

  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = *p;

      if (!g_ascii_isalnum (c))
        {
          separate = TRUE;
          previous = c;
          continue;
        }

      /* A capital after a small letter or a digit starts a word. */
      if (g_ascii_isupper (c) && (g_ascii_islower (previous) || g_ascii_isdigit (previous)))
        separate = TRUE;

      if (separate && slug->len > 0)
        g_string_append_c (slug, '_');
      separate = FALSE;

      g_string_append_c (slug, g_ascii_tolower (c));
      has_letter |= g_ascii_isalpha (c);
      previous = c;
    }

  if (!has_letter)
    return NULL;

  if (slug->len > MAX_SLUG_LENGTH)
    g_string_truncate (slug, MAX_SLUG_LENGTH);
  while (slug->len > 0 && slug->str[slug->len - 1] == '_')
    g_string_truncate (slug, slug->len - 1);

  return g_string_free (g_steal_pointer (&slug), FALSE);
}

/* @sql without blank lines or spaces at its ends, ending in a newline
 * (or "" when there is nothing). */
char *
_sluice_migration_writer_trimmed_block (const char *sql)
{
  g_autofree char *copy = g_strdup (sql != NULL ? sql : "");

  g_strstrip (copy);
  if (copy[0] == '\0')
    return g_strdup ("");

  return g_strconcat (copy, "\n", NULL);
}

/* A line of @sql that starts like one of the format's markers would cut
 * the file in the wrong place when the tool reads it. */
gboolean
_sluice_migration_writer_has_marker_line (const char        *sql,
                                          const char        *prefix,
                                          SluiceMarkerMatch  match)
{
  g_auto(GStrv) lines = NULL;

  if (sql == NULL)
    return FALSE;

  lines = g_strsplit (sql, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) squeezed = g_string_new (NULL);

      if (match == SLUICE_MARKER_MATCH_EXACT)
        {
          if (g_str_has_prefix (lines[i], prefix))
            return TRUE;
          continue;
        }

      /* "--up migration" and "-- Up  Migration" are both markers. */
      for (const char *p = lines[i]; *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          g_string_append_c (squeezed, match == SLUICE_MARKER_MATCH_FOLDED ? g_ascii_tolower (*p) : *p);

      if (g_str_has_prefix (squeezed->str, prefix))
        return TRUE;
    }

  return FALSE;
}

gboolean
_sluice_migration_writer_check_markers (SluiceMigrationPlan  *plan,
                                        const char           *prefix,
                                        SluiceMarkerMatch     match,
                                        const char           *marker,
                                        GError              **error)
{
  if (!_sluice_migration_writer_has_marker_line (plan->up_sql, prefix, match) &&
      !_sluice_migration_writer_has_marker_line (plan->down_sql, prefix, match))
    return TRUE;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("The SQL holds a line like “%s”, which %s reads as a marker of its own; "
                 "nothing was written. Change or remove that comment line."),
               marker, sluice_migration_format_to_string (plan->format));
  return FALSE;
}

char *
_sluice_migration_writer_format_timestamp (GDateTime *now)
{
  return g_date_time_format (now, "%Y%m%d%H%M%S");
}

/* The larger of @candidate (a time) and @highest + 1: a clock set back, or
 * two migrations written within one second, must still give a later
 * version than every one the folder has. */
guint64
_sluice_migration_writer_later_than (guint64 candidate,
                                     guint64 highest)
{
  return candidate > highest ? candidate : highest + 1;
}

GPtrArray *
_sluice_migration_writer_list_names (const char  *dir,
                                     GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &local_error);
  const char *name;

  if (handle == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The migration folder cannot be read (%s); no migration was written."),
                   local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));

  return g_steal_pointer (&names);
}

/* The leading digits of @name as a number; FALSE when it has none or more
 * than a guint64 holds (no tool numbers so). */
gboolean
_sluice_migration_writer_leading_number (const char *name,
                                         guint64    *value,
                                         gsize      *digits)
{
  gsize n = strspn (name, "0123456789");

  if (n == 0 || n > 19)
    return FALSE;

  *value = g_ascii_strtoull (name, NULL, 10);
  *digits = n;
  return TRUE;
}

void
_sluice_migration_writer_versions_add (SluiceMigrationVersions *versions,
                                       guint64                  value,
                                       gsize                    digits)
{
  if (!versions->any || value > versions->highest ||
      (value == versions->highest && digits > versions->width))
    {
      versions->highest = value;
      versions->width = digits;
    }
  versions->any = TRUE;
}

gboolean
_sluice_migration_writer_read_text_file (const char  *path,
                                         char       **text,
                                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, text, &length, &local_error))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("%s cannot be read (%s); no migration was written."),
                   path, local_error->message);
      return FALSE;
    }

  if (!g_utf8_validate (*text, length, NULL))
    {
      g_clear_pointer (text, g_free);
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s is not UTF-8 text; no migration was written. Save it as UTF-8."),
                   path);
      return FALSE;
    }

  return TRUE;
}

/* For the tools that run a file in one transaction: a statement that
 * cannot run in a transaction block (CONCURRENTLY) would make the file
 * fail every time, so it is refused here, where the fix is known.  With
 * @single_ok, one such statement alone passes: it is then sent by itself,
 * outside any transaction. */
gboolean
_sluice_migration_writer_check_transactional_sql (const char  *sql,
                                                  gboolean     single_ok,
                                                  const char  *tool,
                                                  GError     **error)
{
  g_autoptr(GPtrArray) statements = NULL;

  if (sql == NULL)
    return TRUE;

  statements = sluice_sql_split (sql, 1, error);
  if (statements == NULL)
    return FALSE;

  if (single_ok && statements->len == 1)
    return TRUE;

  for (guint i = 0; i < statements->len; i++)
    {
      SluiceStatement *statement = g_ptr_array_index (statements, i);

      if (sluice_sql_needs_autocommit (statement->text))
        {
          g_autofree char *first_line = g_strndup (statement->text, strcspn (statement->text, "\n"));

          if (single_ok)
            g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                         _("“%s” cannot run inside a transaction block, and %s runs this migration in "
                           "one; nothing was written. Use the transactional form (CREATE INDEX without "
                           "CONCURRENTLY) or put the statement in a migration of its own."),
                         first_line, tool);
          else
            g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                         _("“%s” cannot run inside a transaction block, and %s runs every migration in "
                           "one; nothing was written. Use the transactional form (CREATE INDEX without "
                           "CONCURRENTLY)."),
                         first_line, tool);
          return FALSE;
        }
    }

  return TRUE;
}
