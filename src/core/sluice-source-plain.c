/* sluice-source-plain.c: a plain folder of numbered SQL files
 *
 * Two conventions hand-rolled runners use, both read here:
 *
 * - NNNN_name.sql holds the up SQL, and an optional rollback_NNNN_name.sql
 *   next to it the down SQL;
 * - NNNN_name.sql holds both, in sections after "-- UP MIGRATION" and
 *   "-- DOWN MIGRATION" lines (in any case, as node-pg-migrate writes
 *   "-- Up Migration").  Without an up marker, what precedes the down
 *   marker is the up SQL.
 *
 * The version is the number as written, and so is the history key.  No tool
 * keeps a checksum for these; Sluice records its own rule's (SHA-256 of the
 * up SQL, CRLF turned into LF) when it applies them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-migration-source-private.h"
#include "sluice-sql.h"

#define ROLLBACK_PREFIX "rollback_"

typedef enum
{
  MARK_NONE,
  MARK_UP,
  MARK_DOWN,
} Mark;

static gboolean
skip_word (const char **p,
           const char  *end,
           const char  *word)
{
  gsize length = strlen (word);

  if ((gsize) (end - *p) < length || g_ascii_strncasecmp (*p, word, length) != 0)
    return FALSE;

  *p += length;
  return TRUE;
}

static void
skip_blanks (const char **p,
             const char  *end)
{
  while (*p < end && (**p == ' ' || **p == '\t'))
    (*p)++;
}

/* "--", blanks, "up" or "down", blanks, "migration", blanks: any case. */
static Mark
classify_line (const char *line,
               gsize       length)
{
  const char *p = line;
  const char *end = line + length;
  Mark mark;

  if (!skip_word (&p, end, "--"))
    return MARK_NONE;

  skip_blanks (&p, end);

  if (skip_word (&p, end, "up"))
    mark = MARK_UP;
  else if (skip_word (&p, end, "down"))
    mark = MARK_DOWN;
  else
    return MARK_NONE;

  if (p >= end || (*p != ' ' && *p != '\t'))
    return MARK_NONE;

  skip_blanks (&p, end);

  if (!skip_word (&p, end, "migration"))
    return MARK_NONE;

  skip_blanks (&p, end);

  return p == end ? mark : MARK_NONE;
}

/* NNNN_name.sql: FALSE for any other name. */
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

  if (version != NULL)
    *version = g_strndup (file_name, digits);
  if (name != NULL)
    *name = g_utf8_make_valid (file_name + digits + 1, length - digits - 1 - strlen (".sql"));

  return TRUE;
}

gboolean
_sluice_source_plain_detect (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *entry;

  if (handle == NULL)
    return FALSE;

  while ((entry = g_dir_read_name (handle)) != NULL)
    {
      if (parse_file_name (entry, NULL, NULL))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  const char *up;
  gsize       up_length;
  guint       up_line;
  const char *down;        /* NULL: no down section */
  gsize       down_length;
  guint       down_line;
  gboolean    has_marker;
} Sections;

/* Finds the -- UP MIGRATION / -- DOWN MIGRATION sections of @text; a file
 * without them is all up SQL. */
static gboolean
find_sections (SluiceFolderLoad *load,
               const char       *path,
               const char       *text,
               gsize             length,
               Sections         *sections,
               gsize            *header_end)
{
  SluiceLineReader reader;
  const char *line;
  gsize line_length, line_start;
  gboolean has_up = FALSE;
  gsize up_start = 0, up_end = length;

  memset (sections, 0, sizeof *sections);
  sections->up_line = 1;
  *header_end = 0;

  _sluice_line_reader_init (&reader, text, length);

  while (_sluice_line_reader_next (&reader, &line, &line_length, &line_start))
    {
      Mark mark = classify_line (line, line_length);

      if (mark == MARK_NONE)
        continue;

      if ((mark == MARK_UP && (has_up || sections->down != NULL)) ||
          (mark == MARK_DOWN && sections->down != NULL))
        {
          _sluice_folder_load_add_problem (load, path, reader.number,
                                           mark == MARK_UP && sections->down != NULL
                                           ? _("An up marker after the down section; the up section must come first. This migration was skipped.")
                                           : _("A second marker of the same section; this migration was skipped."));
          return FALSE;
        }

      sections->has_marker = TRUE;

      if (mark == MARK_UP)
        {
          has_up = TRUE;
          *header_end = line_start;
          up_start = reader.position;
          sections->up_line = reader.number + 1;
        }
      else
        {
          up_end = line_start;
          sections->down = text + reader.position;
          sections->down_length = length - reader.position;
          sections->down_line = reader.number + 1;
        }
    }

  sections->up = text + up_start;
  sections->up_length = up_end - up_start;

  return TRUE;
}

static gboolean
check_header (SluiceFolderLoad *load,
              const char       *path,
              const char       *text,
              gsize             header_end)
{
  g_autofree char *header = g_strndup (text, header_end);
  g_autoptr(GPtrArray) statements = _sluice_folder_load_split_sql (load, path, header, 1);
  const SluiceStatement *first;

  if (statements == NULL)
    return FALSE;

  if (statements->len == 0)
    return TRUE;

  first = g_ptr_array_index (statements, 0);
  _sluice_folder_load_add_problem (load, path, first->line,
                                   _("SQL before the up marker would never run; move it into the up section. This migration was skipped."));
  return FALSE;
}

/* The down SQL, or NULL when it holds no statement (nothing to undo with). */
static char *
read_down (SluiceFolderLoad *load,
           const char       *path,
           const char       *text,
           gsize             length,
           guint             first_line,
           gboolean         *ok)
{
  g_autofree char *down = g_strndup (text, length);
  g_autoptr(GPtrArray) statements = _sluice_folder_load_split_sql (load, path, down, first_line);

  *ok = statements != NULL;

  if (statements == NULL || statements->len == 0)
    return NULL;

  return g_steal_pointer (&down);
}

static SluiceMigration *
parse_migration (SluiceFolderLoad *load,
                 const char       *file_name,
                 GHashTable       *rollbacks)
{
  g_autoptr(SluiceMigration) migration = NULL;
  g_autofree char *path = g_build_filename (load->dir, file_name, NULL);
  g_autofree char *rollback_name = g_strconcat (ROLLBACK_PREFIX, file_name, NULL);
  g_autofree char *rollback_path = NULL;
  g_autofree char *version = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *up = NULL;
  g_autofree char *down = NULL;
  g_autofree char *checksum = NULL;
  gboolean has_rollback;
  gboolean ok = TRUE;
  Sections sections;
  gsize length, header_end;

  parse_file_name (file_name, &version, &name);

  /* The rollback file is claimed even when this migration is skipped, so
   * that it is not also reported as an orphan. */
  has_rollback = g_hash_table_remove (rollbacks, rollback_name);
  rollback_path = g_build_filename (load->dir, rollback_name, NULL);

  text = _sluice_folder_load_read_text (load, path, &length);
  if (text == NULL)
    return NULL;

  if (!find_sections (load, path, text, length, &sections, &header_end) ||
      !check_header (load, path, text, header_end))
    return NULL;

  up = g_strndup (sections.up, sections.up_length);
  if (!_sluice_folder_load_check_sql (load, path, up, sections.up_line))
    return NULL;

  if (sections.down != NULL)
    {
      down = read_down (load, path, sections.down, sections.down_length, sections.down_line, &ok);
      if (!ok)
        return NULL;

      if (has_rollback)
        {
          g_autofree char *display = g_filename_display_name (file_name);

          _sluice_folder_load_add_problem (load, rollback_path, 0,
                                           _("This rollback file was ignored: “%s” has a down section of its own."),
                                           display);
        }
    }
  else if (has_rollback)
    {
      g_autofree char *rollback_text = _sluice_folder_load_read_text (load, rollback_path, &length);

      /* Without its rollback the migration would look as if it had none. */
      if (rollback_text == NULL)
        return NULL;

      down = read_down (load, rollback_path, rollback_text, length, 1, &ok);
      if (!ok)
        return NULL;
    }

  checksum = _sluice_checksum_sha256_hex_lf (up, strlen (up));

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_PLAIN, version, name);
  sluice_migration_set_up_sql (migration, up, sections.up_line);
  sluice_migration_set_down_sql (migration, down);
  sluice_migration_set_checksum (migration, checksum);
  sluice_migration_add_file (migration, path);

  if (has_rollback && sections.down == NULL)
    sluice_migration_add_file (migration, rollback_path);

  return g_steal_pointer (&migration);
}

gboolean
_sluice_source_plain_load (SluiceFolderLoad  *load,
                           GError           **error)
{
  g_autoptr(GPtrArray) names = _sluice_folder_load_list (load, NULL, error);
  g_autoptr(GHashTable) rollbacks = g_hash_table_new (g_str_hash, g_str_equal);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);

      if (g_str_has_prefix (file_name, ROLLBACK_PREFIX) &&
          parse_file_name (file_name + strlen (ROLLBACK_PREFIX), NULL, NULL))
        g_hash_table_add (rollbacks, (gpointer) file_name);
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);
      SluiceMigration *migration;

      if (g_cancellable_is_cancelled (load->cancellable))
        return TRUE;

      if (!parse_file_name (file_name, NULL, NULL))
        continue;

      migration = parse_migration (load, file_name, rollbacks);
      if (migration != NULL)
        g_ptr_array_add (load->migrations, migration);
    }

  /* What is left rolls back a migration that is not there. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);

      if (g_hash_table_contains (rollbacks, file_name))
        {
          g_autofree char *path = g_build_filename (load->dir, file_name, NULL);
          g_autofree char *display = g_filename_display_name (file_name + strlen (ROLLBACK_PREFIX));

          _sluice_folder_load_add_problem (load, path, 0,
                                           _("This rollback file has no “%s” to roll back; it was ignored."),
                                           display);
        }
    }

  return TRUE;
}
