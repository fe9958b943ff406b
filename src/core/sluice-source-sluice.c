/* sluice-source-sluice.c: Sluice's own migration format
 *
 * One file per migration, NNNN_snake_name.sql:
 *
 *   -- What the migration does and why (the header: comments only)
 *   -- sluice:no-transaction          (optional, in the header)
 *   -- sluice:up
 *   SQL that applies it
 *   -- sluice:down                    (optional)
 *   SQL that exactly undoes it
 *
 * Each marker is a line of its own.  The version is the number as written
 * ("0001"), and so is the history key.  The checksum is the SHA-256 (hex)
 * of the up section, the text between the two marker lines exactly as in
 * the file, with CRLF turned into LF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-migration-source-private.h"
#include "sluice-sql.h"

#define MARK_PREFIX         "-- sluice:"
#define MARK_UP             "-- sluice:up"
#define MARK_DOWN           "-- sluice:down"
#define MARK_NO_TRANSACTION "-- sluice:no-transaction"
#define MARK_IGNORE         "-- sluice:ignore"

/* Detection reads no more than this of each file: the up marker follows a
 * short header. */
#define DETECT_READ_SIZE (64 * 1024)

typedef enum
{
  LINE_SQL,
  LINE_UP,
  LINE_DOWN,
  LINE_NO_TRANSACTION,
  LINE_UNKNOWN_MARKER,
} LineKind;

/* Trailing blanks are forgiven; anything else makes the line ordinary text
 * or, when it starts like a marker, a marker Sluice does not know. */
static LineKind
classify_line (const char *line,
               gsize       length)
{
  while (length > 0 && (line[length - 1] == ' ' || line[length - 1] == '\t'))
    length--;

  if (length < strlen (MARK_PREFIX) || strncmp (line, MARK_PREFIX, strlen (MARK_PREFIX)) != 0)
    return LINE_SQL;

  /* "-- sluice:ignore RULE" and "-- sluice:ignore-file RULE" are the
   * lint's comments (sluice-lint.h), ordinary SQL comments here. */
  if (length >= strlen (MARK_IGNORE) && strncmp (line, MARK_IGNORE, strlen (MARK_IGNORE)) == 0 &&
      (length == strlen (MARK_IGNORE) || line[strlen (MARK_IGNORE)] == ' ' ||
       line[strlen (MARK_IGNORE)] == '\t' || line[strlen (MARK_IGNORE)] == '-'))
    return LINE_SQL;

  if (length == strlen (MARK_UP) && strncmp (line, MARK_UP, length) == 0)
    return LINE_UP;
  if (length == strlen (MARK_DOWN) && strncmp (line, MARK_DOWN, length) == 0)
    return LINE_DOWN;
  if (length == strlen (MARK_NO_TRANSACTION) && strncmp (line, MARK_NO_TRANSACTION, length) == 0)
    return LINE_NO_TRANSACTION;

  return LINE_UNKNOWN_MARKER;
}

/* NNNN_name.sql: the digits and the name; FALSE for any other file name. */
static gboolean
parse_file_name (const char  *file_name,
                 char       **version,
                 char       **name)
{
  gsize digits = strspn (file_name, "0123456789");
  gsize length = strlen (file_name);

  if (digits == 0 || file_name[digits] != '_' ||
      !g_str_has_suffix (file_name, ".sql") ||
      length <= digits + 1 + strlen (".sql"))
    return FALSE;

  *version = g_strndup (file_name, digits);
  *name = g_utf8_make_valid (file_name + digits + 1, length - digits - 1 - strlen (".sql"));
  return TRUE;
}

static gboolean
text_has_up_marker (const char *text,
                    gsize       length)
{
  SluiceLineReader reader;
  const char *line;
  gsize line_length;

  _sluice_line_reader_init (&reader, text, length);

  while (_sluice_line_reader_next (&reader, &line, &line_length, NULL))
    {
      if (classify_line (line, line_length) == LINE_UP)
        return TRUE;
    }

  return FALSE;
}

static gboolean
file_has_up_marker (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autofree char *buffer = NULL;
  gsize length = 0;

  if (stream == NULL)
    return FALSE;

  buffer = g_malloc (DETECT_READ_SIZE);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, DETECT_READ_SIZE, &length, NULL, NULL))
    return FALSE;

  return text_has_up_marker (buffer, length);
}

gboolean
_sluice_source_sluice_detect (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *entry;

  if (handle == NULL)
    return FALSE;

  while ((entry = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;

      if (entry[0] == '.' || !g_str_has_suffix (entry, ".sql"))
        continue;

      path = g_build_filename (dir, entry, NULL);
      if (file_has_up_marker (path))
        return TRUE;
    }

  return FALSE;
}

/* Where the sections of one file are (byte offsets into its text). */
typedef struct
{
  gsize    header_end;
  guint    up_line;       /* first line of the up SQL */
  gsize    up_start;
  gsize    up_end;
  gboolean has_up;
  guint    down_line;
  gsize    down_start;
  gboolean has_down;
  gboolean no_transaction;
} Sections;

static gboolean
find_sections (SluiceFolderLoad *load,
               const char       *path,
               const char       *text,
               gsize             length,
               Sections         *sections)
{
  SluiceLineReader reader;
  const char *line;
  gsize line_length, line_start;

  memset (sections, 0, sizeof *sections);
  sections->header_end = length;
  sections->up_end = length;

  _sluice_line_reader_init (&reader, text, length);

  while (_sluice_line_reader_next (&reader, &line, &line_length, &line_start))
    {
      switch (classify_line (line, line_length))
        {
        case LINE_SQL:
          break;

        case LINE_NO_TRANSACTION:
          if (sections->has_up)
            {
              _sluice_folder_load_add_problem (load, path, reader.number,
                                               _("“%s” must come before “%s”, in the header; this migration was skipped."),
                                               MARK_NO_TRANSACTION, MARK_UP);
              return FALSE;
            }
          sections->no_transaction = TRUE;
          break;

        case LINE_UP:
          if (sections->has_up)
            {
              _sluice_folder_load_add_problem (load, path, reader.number,
                                               _("A second “%s” line; a migration has one up section. This migration was skipped."),
                                               MARK_UP);
              return FALSE;
            }
          sections->has_up = TRUE;
          sections->header_end = line_start;
          sections->up_line = reader.number + 1;
          sections->up_start = reader.position;
          break;

        case LINE_DOWN:
          if (!sections->has_up || sections->has_down)
            {
              _sluice_folder_load_add_problem (load, path, reader.number,
                                               sections->has_down
                                               ? _("A second “%s” line; a migration has one down section. This migration was skipped.")
                                               : _("“%s” comes before “-- sluice:up”; the down section must follow the up section. This migration was skipped."),
                                               MARK_DOWN);
              return FALSE;
            }
          sections->has_down = TRUE;
          sections->up_end = line_start;
          sections->down_line = reader.number + 1;
          sections->down_start = reader.position;
          break;

        case LINE_UNKNOWN_MARKER:
        default:
          {
            g_autofree char *marker = g_strndup (line, line_length);

            _sluice_folder_load_add_problem (load, path, reader.number,
                                             _("“%s” is not a Sluice marker (they are “%s”, “%s” and “%s”); this migration was skipped."),
                                             g_strstrip (marker), MARK_UP, MARK_DOWN, MARK_NO_TRANSACTION);
            return FALSE;
          }
        }
    }

  if (!sections->has_up)
    {
      _sluice_folder_load_add_problem (load, path, 0,
                                       _("The file has no “%s” line, so its SQL cannot be told from its header; it was skipped."),
                                       MARK_UP);
      return FALSE;
    }

  return TRUE;
}

/* The header is for people: SQL in it would never run, so it is refused
 * rather than silently ignored. */
static gboolean
check_header (SluiceFolderLoad *load,
              const char       *path,
              const char       *text,
              gsize             header_end)
{
  g_autofree char *header = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  const SluiceStatement *first;
  gsize start = 0;

  /* A byte-order mark some editors write is no SQL. */
  if (header_end >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    start = 3;

  header = g_strndup (text + start, header_end - start);
  statements = _sluice_folder_load_split_sql (load, path, header, 1);

  if (statements == NULL)
    return FALSE;

  if (statements->len == 0)
    return TRUE;

  first = g_ptr_array_index (statements, 0);
  _sluice_folder_load_add_problem (load, path, first->line,
                                   _("SQL before “%s” would never run; move it into the up section. This migration was skipped."),
                                   MARK_UP);
  return FALSE;
}

static SluiceMigration *
parse_migration (SluiceFolderLoad *load,
                 const char       *path,
                 const char       *version,
                 const char       *name)
{
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(GPtrArray) up_statements = NULL;
  g_autoptr(GPtrArray) down_statements = NULL;
  g_autofree char *text = NULL;
  g_autofree char *up = NULL;
  g_autofree char *down = NULL;
  g_autofree char *checksum = NULL;
  Sections sections;
  gsize length;

  text = _sluice_folder_load_read_text (load, path, &length);
  if (text == NULL)
    return NULL;

  if (!find_sections (load, path, text, length, &sections) ||
      !check_header (load, path, text, sections.header_end))
    return NULL;

  up = g_strndup (text + sections.up_start, sections.up_end - sections.up_start);
  up_statements = _sluice_folder_load_split_sql (load, path, up, sections.up_line);
  if (up_statements == NULL)
    return NULL;

  if (sections.has_down)
    {
      down = g_strndup (text + sections.down_start, length - sections.down_start);
      down_statements = _sluice_folder_load_split_sql (load, path, down, sections.down_line);
      if (down_statements == NULL)
        return NULL;

      /* An empty down section (as `sluice-cli new` writes it) undoes
       * nothing: there is no down script until someone writes one. */
      if (down_statements->len == 0)
        g_clear_pointer (&down, g_free);
    }

  checksum = _sluice_checksum_sha256_hex_lf (up, strlen (up));

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SLUICE, version, name);
  sluice_migration_set_up_sql (migration, up, sections.up_line);
  sluice_migration_set_down_sql (migration, down);
  sluice_migration_set_checksum (migration, checksum);
  sluice_migration_set_transactional (migration, !sections.no_transaction);
  sluice_migration_add_file (migration, path);

  return g_steal_pointer (&migration);
}

gboolean
_sluice_source_sluice_load (SluiceFolderLoad  *load,
                            GError           **error)
{
  g_autoptr(GPtrArray) names = _sluice_folder_load_list (load, NULL, error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (load->dir, file_name, NULL);
      g_autofree char *version = NULL;
      g_autofree char *name = NULL;
      SluiceMigration *migration;

      if (g_cancellable_is_cancelled (load->cancellable))
        return TRUE;

      if (!parse_file_name (file_name, &version, &name))
        {
          /* A file written as a migration but misnamed would be missed
           * without a word: say so. */
          if (g_str_has_suffix (file_name, ".sql") &&
              g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
              file_has_up_marker (path))
            _sluice_folder_load_add_problem (load, path, 0,
                                             _("This file holds “%s” but is not named NNNN_name.sql, so it has no version; it was skipped."),
                                             MARK_UP);
          continue;
        }

      migration = parse_migration (load, path, version, name);
      if (migration != NULL)
        g_ptr_array_add (load->migrations, migration);
    }

  return TRUE;
}
