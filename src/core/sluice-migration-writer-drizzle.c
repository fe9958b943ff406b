/* sluice-migration-writer-drizzle.c: Drizzle's NNNN_slug.sql and its entry
 * in meta/_journal.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-migration-writer-private.h"
#include "sluice-sql.h"

#define DRIZZLE_BREAKPOINT "--> statement-breakpoint"

/* The statements of @sql as drizzle-kit writes them, each with the
 * comments before it, joined by breakpoint lines. */
static char *
drizzle_sql (const char  *sql,
             GError     **error)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gsize position = 0;

  statements = sluice_sql_split (sql, 1, error);
  if (statements == NULL)
    return NULL;

  for (guint i = 0; i < statements->len; i++)
    {
      SluiceStatement *statement = g_ptr_array_index (statements, i);
      g_autofree char *before = NULL;

      before = g_strndup (sql + position, statement->offset - position);
      g_strstrip (before);

      if (i > 0)
        g_string_append (text, "\n" DRIZZLE_BREAKPOINT "\n");
      if (before[0] != '\0')
        g_string_append_printf (text, "%s\n", before);
      g_string_append_printf (text, "%s;", statement->text);

      /* Past the statement and its ';'. */
      position = statement->offset + strlen (statement->text);
      while (sql[position] != '\0' && g_ascii_isspace (sql[position]))
        position++;
      if (sql[position] == ';')
        position++;
    }

  if (text->len > 0)
    g_string_append_c (text, '\n');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Where the "entries" array of the journal's top object closes, found by
 * walking the text (strings skipped), so that the new entry goes in with
 * every other byte of the file kept as it was. */
static gboolean
find_entries_end (const char *text,
                  gsize      *close,
                  gboolean   *empty)
{
  int depth = 0;
  gboolean expect_entries = FALSE;
  gboolean in_entries = FALSE;
  gsize last_value = 0;

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      char c = text[i];

      if (c == '"')
        {
          gsize start = i + 1;

          for (i++; text[i] != '\0' && text[i] != '"'; i++)
            if (text[i] == '\\' && text[i + 1] != '\0')
              i++;
          if (text[i] == '\0')
            return FALSE;

          if (depth == 1 && !in_entries && i - start == strlen ("entries") &&
              strncmp (text + start, "entries", i - start) == 0)
            expect_entries = TRUE;
          if (in_entries && depth == 2)
            last_value = i;
          continue;
        }

      if (c == '{' || c == '[')
        {
          depth++;
          if (c == '[' && depth == 2 && expect_entries)
            {
              in_entries = TRUE;
              last_value = i;
            }
          continue;
        }

      if (c == '}' || c == ']')
        {
          if (in_entries && depth == 2 && c == ']')
            {
              *close = i;
              *empty = text[last_value] == '[';
              return TRUE;
            }
          depth--;
          if (in_entries && depth == 2)
            last_value = i;
          continue;
        }

      if (c == ',' && depth == 1)
        expect_entries = FALSE;
      else if (in_entries && depth == 2 && !g_ascii_isspace (c) && c != ',')
        last_value = i;
    }

  return FALSE;
}

static char *
json_string (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

typedef struct
{
  guint    n_entries;
  gint64   highest_when;
  char    *entry_version;   /* the "version" of the last entry */
  char    *last_tag;
} Journal;

static void
journal_clear (Journal *journal)
{
  g_clear_pointer (&journal->entry_version, g_free);
  g_clear_pointer (&journal->last_tag, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Journal, journal_clear)

static gboolean
read_journal (const char  *path,
              const char  *text,
              Journal     *journal,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonNode *entries;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s is not valid JSON (%s); no migration was written. Fix the journal first."),
                   path, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  entries = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
    ? json_object_get_member (json_node_get_object (root), "entries") : NULL;

  if (entries == NULL || !JSON_NODE_HOLDS_ARRAY (entries))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s has no “entries” list; no migration was written. Fix the journal first."),
                   path);
      return FALSE;
    }

  array = json_node_get_array (entries);
  journal->n_entries = json_array_get_length (array);

  for (guint i = 0; i < journal->n_entries; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);

      if (json_object_has_member (entry, "when"))
        {
          JsonNode *when = json_object_get_member (entry, "when");

          if (JSON_NODE_HOLDS_VALUE (when) && json_node_get_value_type (when) == G_TYPE_INT64)
            journal->highest_when = MAX (journal->highest_when, json_node_get_int (when));
        }

      g_free (journal->entry_version);
      journal->entry_version = g_strdup (json_object_get_string_member_with_default (entry, "version", NULL));
      g_free (journal->last_tag);
      journal->last_tag = g_strdup (json_object_get_string_member_with_default (entry, "tag", NULL));
    }

  if (journal->entry_version == NULL)
    journal->entry_version = g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                                                   "version", "7"));

  return TRUE;
}

gboolean
_sluice_migration_writer_plan_drizzle (SluiceMigrationPlan  *plan,
                                       GError              **error)
{
  g_auto(Journal) journal = { 0 };
  g_autofree char *meta = g_build_filename (plan->dir, "meta", NULL);
  g_autofree char *journal_path = g_build_filename (meta, "_journal.json", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *version_json = NULL;
  g_autofree char *tag_json = NULL;
  g_autoptr(GString) contents = NULL;
  const char *newline = "\n";
  gint64 when;
  gsize close = 0;
  gboolean empty = FALSE;
  gsize digits = 0;

  /* drizzle-orm cuts the file at every breakpoint, wherever it is. */
  if (strstr (plan->up_sql, DRIZZLE_BREAKPOINT) != NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("The SQL holds “%s”, which drizzle reads as a marker of its own; "
                     "nothing was written. Change or remove that text."),
                   DRIZZLE_BREAKPOINT);
      return FALSE;
    }

  /* drizzle-orm runs every pending migration in one transaction. */
  if (!_sluice_migration_writer_check_transactional_sql (plan->up_sql, FALSE, "drizzle", error))
    return FALSE;

  sql = drizzle_sql (plan->up_sql, error);
  if (sql == NULL)
    return FALSE;

  if (g_file_test (journal_path, G_FILE_TEST_EXISTS))
    {
      if (!_sluice_migration_writer_read_text_file (journal_path, &plan->index_original, error) ||
          !read_journal (journal_path, plan->index_original, &journal, error))
        return FALSE;

      if (!find_entries_end (plan->index_original, &close, &empty))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("The end of the “entries” list of %s could not be found; no migration was written."),
                       journal_path);
          return FALSE;
        }

      if (strstr (plan->index_original, "\r\n") != NULL)
        newline = "\r\n";
    }
  else
    {
      /* A new project: the journal drizzle-kit starts with. */
      plan->index_original = NULL;
      journal.entry_version = g_strdup ("7");
    }

  /* drizzle-kit's default tag prefix is the entry's index, "0003_";
   * with prefix "timestamp" it is the UTC time. */
  if (journal.last_tag != NULL)
    while (g_ascii_isdigit (journal.last_tag[digits]))
      digits++;

  if (digits == SLUICE_MIGRATION_TIMESTAMP_DIGITS)
    prefix = _sluice_migration_writer_format_timestamp (plan->now);
  else
    prefix = g_strdup_printf ("%04u", journal.n_entries);

  tag = g_strdup_printf ("%s_%s", prefix, plan->slug);
  when = MAX (g_date_time_to_unix (plan->now) * 1000 + g_date_time_get_microsecond (plan->now) / 1000,
              journal.highest_when + 1);

  version_json = json_string (journal.entry_version);
  tag_json = json_string (tag);
  entry = g_strdup_printf ("    {%s"
                           "      \"idx\": %u,%s"
                           "      \"version\": %s,%s"
                           "      \"when\": %" G_GINT64_FORMAT ",%s"
                           "      \"tag\": %s,%s"
                           "      \"breakpoints\": true%s"
                           "    }",
                           newline, journal.n_entries, newline, version_json, newline,
                           when, newline, tag_json, newline, newline);

  if (plan->index_original != NULL)
    {
      const char *text = plan->index_original;

      contents = g_string_new (NULL);
      if (empty)
        {
          /* "[]" or "[ ]": the entry on lines of its own. */
          gsize open = close;

          while (open > 0 && text[open] != '[')
            open--;
          g_string_append_len (contents, text, open + 1);
          g_string_append_printf (contents, "%s%s%s  ", newline, entry, newline);
          g_string_append (contents, text + close);
        }
      else
        {
          gsize last = close;

          /* After the last entry's '}', before the blanks that end the list. */
          while (last > 0 && g_ascii_isspace (text[last - 1]))
            last--;
          g_string_append_len (contents, text, last);
          g_string_append_printf (contents, ",%s%s", newline, entry);
          g_string_append (contents, text + last);
        }
    }
  else
    {
      contents = g_string_new (NULL);
      g_string_append_printf (contents,
                              "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n"
                              "  \"entries\": [\n%s\n  ]\n}", entry);
    }

  _sluice_migration_writer_add_file (plan, g_strconcat (tag, ".sql", NULL), g_steal_pointer (&sql));
  plan->index_path = g_steal_pointer (&journal_path);
  plan->index_contents = g_string_free (g_steal_pointer (&contents), FALSE);

  return TRUE;
}
