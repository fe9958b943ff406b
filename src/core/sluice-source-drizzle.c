/* sluice-source-drizzle.c: a drizzle-kit migration folder
 *
 * drizzle-kit writes meta/_journal.json, {"version", "dialect", "entries":
 * [{"idx", "version", "when", "tag", "breakpoints"}]}, and one <tag>.sql
 * beside meta/ per entry, its statements separated by
 * "--> statement-breakpoint" lines.  drizzle-orm's migrator applies the
 * entries in journal order, all in one transaction, and records each one in
 * drizzle.__drizzle_migrations as (hash, created_at): the SHA-256 of the
 * file's text and the entry's "when".  There are no down migrations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-json-reader.h"
#include "sluice-migration-source-private.h"

#define DRIZZLE_META_DIR    "meta"
#define DRIZZLE_JOURNAL     "_journal.json"
#define DRIZZLE_BREAKPOINT  "--> statement-breakpoint"
#define DRIZZLE_DIALECT     "postgresql"

typedef struct
{
  SluiceFolderLoad *load;
  SluiceJsonReader *reader;
  const char       *journal_path;
  GHashTable       *seen_tags;    /* tag -> line */
  GHashTable       *seen_whens;   /* "when" text -> tag */
} JournalRead;

static char *
journal_path_for (const char *dir)
{
  return g_build_filename (dir, DRIZZLE_META_DIR, DRIZZLE_JOURNAL, NULL);
}

gboolean
_sluice_source_drizzle_detect (const char *dir)
{
  g_autofree char *journal_path = journal_path_for (dir);

  return g_file_test (journal_path, G_FILE_TEST_IS_REGULAR);
}

/* drizzle-orm runs each text between two breakpoints as one query.  A
 * custom migration may leave the last statement before a breakpoint
 * without its ';', which drizzle does not need but a split by the SQL
 * scanner does: Sluice adds the ';' on the marker's line, so statements
 * and line numbers stay those drizzle sees. */
static gboolean
chunk_is_terminated (const char *chunk,
                     const char *end)
{
  while (end > chunk && g_ascii_isspace (end[-1]))
    end--;

  return end == chunk || end[-1] == ';';
}

static char *
up_sql_from_text (const char *text)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *chunk = text;
  const char *marker;

  while ((marker = strstr (chunk, DRIZZLE_BREAKPOINT)) != NULL)
    {
      g_string_append_len (sql, chunk, marker - chunk);
      if (!chunk_is_terminated (chunk, marker))
        g_string_append_c (sql, ';');
      g_string_append (sql, DRIZZLE_BREAKPOINT);
      chunk = marker + strlen (DRIZZLE_BREAKPOINT);
    }

  g_string_append (sql, chunk);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* drizzle-kit's tags start with the migration's number ("0003_lean_puma",
 * or "20240116142000_lean_puma" with prefix "timestamp"); with prefix
 * "none" they have none ("_lean_puma"), and the entry's place in the
 * journal stands in for it. */
static void
split_tag (const char  *tag,
           guint        index,
           char       **version,
           char       **name)
{
  gsize digits = 0;

  while (g_ascii_isdigit (tag[digits]))
    digits++;

  if (digits == 0)
    {
      *version = g_strdup_printf ("%04u", index);
      *name = g_strdup (tag[0] == '_' && tag[1] != '\0' ? tag + 1 : tag);
      return;
    }

  *version = g_strndup (tag, digits);
  if (tag[digits] == '_' && tag[digits + 1] != '\0')
    *name = g_strdup (tag + digits + 1);
  else
    *name = g_strdup (tag);
}

/* The file name drizzle-orm reads is "<folder>/<tag>.sql": a tag that
 * leaves the folder is refused rather than followed. */
static gboolean
tag_is_safe (const char *tag)
{
  return tag[0] != '\0' &&
         tag[0] != '.' &&
         strchr (tag, '/') == NULL &&
         strchr (tag, '\\') == NULL;
}

static const char *
get_tag (JournalRead *read,
         JsonObject  *entry,
         guint        index)
{
  JsonNode *node = json_object_get_member (entry, "tag");
  const char *tag;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      _sluice_folder_load_add_problem (read->load, read->journal_path,
                                       sluice_json_reader_get_member_line (read->reader, entry, "tag"),
                                       _("Journal entry #%u has no “tag” text naming its SQL file; it was skipped."),
                                       index + 1);
      return NULL;
    }

  tag = json_node_get_string (node);
  if (!tag_is_safe (tag))
    {
      _sluice_folder_load_add_problem (read->load, read->journal_path,
                                       sluice_json_reader_get_member_line (read->reader, entry, "tag"),
                                       _("Journal entry #%u has the tag “%s”, which does not name a file of this folder; it was skipped."),
                                       index + 1, tag);
      return NULL;
    }

  return tag;
}

static char *
get_when (JournalRead *read,
          JsonObject  *entry,
          const char  *tag)
{
  JsonNode *node = json_object_get_member (entry, "when");

  /* drizzle-kit writes Date.now(), milliseconds since 1970, and
   * drizzle-orm stores it as created_at (bigint): a whole number. */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    {
      _sluice_folder_load_add_problem (read->load, read->journal_path,
                                       sluice_json_reader_get_member_line (read->reader, entry, "when"),
                                       _("Journal entry “%s” has no “when” time in milliseconds, which is how drizzle records it; it was skipped."),
                                       tag);
      return NULL;
    }

  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

static void
read_entry (JournalRead *read,
            JsonArray   *entries,
            guint        index)
{
  g_autoptr(SluiceMigration) migration = NULL;
  g_autofree char *when = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *sql_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *up_sql = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *version = NULL;
  g_autofree char *name = NULL;
  JsonNode *node = json_array_get_element (entries, index);
  JsonObject *entry;
  const char *tag;
  const char *first_tag;
  guint line;
  gsize length = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _sluice_folder_load_add_problem (read->load, read->journal_path,
                                       sluice_json_reader_get_element_line (read->reader, entries, index),
                                       _("Journal entry #%u is not an object in braces; it was skipped."),
                                       index + 1);
      return;
    }

  entry = json_node_get_object (node);
  line = sluice_json_reader_get_member_line (read->reader, entry, "tag");

  tag = get_tag (read, entry, index);
  if (tag == NULL)
    return;

  when = get_when (read, entry, tag);
  if (when == NULL)
    return;

  if (g_hash_table_contains (read->seen_tags, tag))
    {
      _sluice_folder_load_add_problem (read->load, read->journal_path, line,
                                       _("The journal names “%s” twice (first on line %u); this entry was skipped."),
                                       tag, GPOINTER_TO_UINT (g_hash_table_lookup (read->seen_tags, tag)));
      return;
    }
  g_hash_table_insert (read->seen_tags, g_strdup (tag), GUINT_TO_POINTER (line));

  /* "when" is the key drizzle's history table knows a migration by. */
  first_tag = g_hash_table_lookup (read->seen_whens, when);
  if (first_tag != NULL)
    {
      _sluice_folder_load_add_problem (read->load, read->journal_path,
                                       sluice_json_reader_get_member_line (read->reader, entry, "when"),
                                       _("Entry “%s” has the same “when” (%s) as “%s”, so drizzle’s history cannot tell them apart; it was skipped. Give it a later time."),
                                       tag, when, first_tag);
      return;
    }
  g_hash_table_insert (read->seen_whens, g_strdup (when), g_strdup (tag));

  file_name = g_strconcat (tag, ".sql", NULL);
  sql_path = g_build_filename (read->load->dir, file_name, NULL);

  if (!g_file_test (sql_path, G_FILE_TEST_EXISTS))
    {
      _sluice_folder_load_add_problem (read->load, read->journal_path, line,
                                       _("The journal names “%s”, which is not in the folder; that migration was skipped, and drizzle would stop there. Restore the file or remove the entry."),
                                       file_name);
      return;
    }

  text = _sluice_folder_load_read_text (read->load, sql_path, &length);
  if (text == NULL)
    return;

  /* drizzle-orm 0.45 hashes the text as read (Node's toString() of the
   * file, which for UTF-8 text is its bytes), CRLF included: checked
   * against what its migrator stored in __drizzle_migrations. */
  checksum = _sluice_checksum_sha256_hex (text, length);
  up_sql = up_sql_from_text (text);
  if (!_sluice_folder_load_check_sql (read->load, sql_path, up_sql, 1))
    return;

  split_tag (tag, index, &version, &name);

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_DRIZZLE, version, name);
  sluice_migration_set_history_key (migration, when);
  sluice_migration_set_up_sql (migration, up_sql, 1);
  sluice_migration_set_checksum (migration, checksum);
  /* drizzle-orm runs all pending migrations in one transaction. */
  sluice_migration_set_transactional (migration, TRUE);
  sluice_migration_add_file (migration, sql_path);

  g_ptr_array_add (read->load->migrations, g_steal_pointer (&migration));
}

static void
check_dialect (JournalRead *read,
               JsonObject  *root)
{
  JsonNode *node = json_object_get_member (root, "dialect");
  const char *dialect = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    dialect = json_node_get_string (node);

  /* Older drizzle-kit wrote "pg". */
  if (dialect == NULL || g_strcmp0 (dialect, DRIZZLE_DIALECT) == 0 || g_strcmp0 (dialect, "pg") == 0)
    return;

  _sluice_folder_load_add_problem (read->load, read->journal_path,
                                   sluice_json_reader_get_member_line (read->reader, root, "dialect"),
                                   _("The journal is for “%s”, not PostgreSQL; its migrations were read anyway, but may not run on PostgreSQL."),
                                   dialect);
}

static gboolean
set_journal_error (GError     **error,
                   const char  *journal_path,
                   guint        line,
                   const char  *what)
{
  if (line > 0)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 /* Translators: PATH, line N: what is wrong */
                 _("%s, line %u: %s. No migration of the folder was read; fix the journal (drizzle-kit writes it) and read the folder again."),
                 journal_path, line, what);
  else
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("%s: %s. No migration of the folder was read; fix the journal (drizzle-kit writes it) and read the folder again."),
                 journal_path, what);
  return FALSE;
}

/* Two branches that each generated a migration leave git's conflict
 * markers in the journal, its most common way to break.  JSON text cannot
 * hold a line starting so, and naming the conflict says what to do better
 * than a syntax error further down would. */
static guint
find_conflict_marker (const char *data,
                      gsize       length)
{
  SluiceLineReader reader;
  const char *line;
  gsize line_length;

  _sluice_line_reader_init (&reader, data, length);

  while (_sluice_line_reader_next (&reader, &line, &line_length, NULL))
    {
      if (line_length >= 7 &&
          (strncmp (line, "<<<<<<<", 7) == 0 ||
           strncmp (line, "=======", 7) == 0 ||
           strncmp (line, ">>>>>>>", 7) == 0))
        return reader.number;
    }

  return 0;
}

gboolean
_sluice_source_drizzle_load (SluiceFolderLoad  *load,
                             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SluiceJsonReader) reader = NULL;
  g_autoptr(GHashTable) seen_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_whens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *journal_path = NULL;
  g_autofree char *data = NULL;
  JournalRead read;
  JsonNode *root;
  JsonNode *entries_node;
  JsonArray *entries;
  gsize length = 0;
  guint line = 0;

  g_return_val_if_fail (load != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  journal_path = journal_path_for (load->dir);

  /* The journal is read here rather than as one more text file: the JSON
   * reader refuses what is not UTF-8 with its line, and a journal that
   * cannot be read leaves nothing to load. */
  if (!g_file_get_contents (journal_path, &data, &length, &local_error))
    return set_journal_error (error, journal_path, 0, local_error->message);

  line = find_conflict_marker (data, length);
  if (line > 0)
    return set_journal_error (error, journal_path, line,
                              _("a merge conflict is left in the journal; keep both branches’ entries in “when” order, and regenerate the later migrations if they clash"));

  reader = sluice_json_reader_new_from_data (data, length, &line, NULL, &local_error);
  if (reader == NULL)
    return set_journal_error (error, journal_path, line, local_error->message);

  root = sluice_json_reader_get_root (reader);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return set_journal_error (error, journal_path, 1, _("the journal is not a JSON object"));

  entries_node = json_object_get_member (json_node_get_object (root), "entries");
  if (entries_node == NULL || !JSON_NODE_HOLDS_ARRAY (entries_node))
    return set_journal_error (error, journal_path,
                              sluice_json_reader_get_member_line (reader, json_node_get_object (root), "entries"),
                              _("the journal has no “entries” list"));

  read.load = load;
  read.reader = reader;
  read.journal_path = journal_path;
  read.seen_tags = seen_tags;
  read.seen_whens = seen_whens;

  check_dialect (&read, json_node_get_object (root));

  entries = json_node_get_array (entries_node);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      if (g_cancellable_set_error_if_cancelled (load->cancellable, error))
        return FALSE;

      read_entry (&read, entries, i);
    }

  return TRUE;
}
