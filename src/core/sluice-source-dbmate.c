/* sluice-source-dbmate.c: dbmate's migration folder
 *
 * dbmate reads every file matching ^(\d+).*\.sql$; the leading digits are
 * the version it stores in schema_migrations.  Each file holds
 * "-- migrate:up" and then "-- migrate:down" (both required, no statement
 * before the up marker), and options may follow a marker, such as
 * "transaction:false".  The markers are found as dbmate's regular
 * expressions find them: the first line that matches each.  dbmate keeps
 * no checksum.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-migration-source-private.h"
#include "sluice-sql.h"

#define MARK_UP   "-- migrate:up"
#define MARK_DOWN "-- migrate:down"

#define DETECT_READ_SIZE (64 * 1024)

static gboolean
is_blank (char c)
{
  /* Go's \s: space, \t, \n, \f, \r (and \v in RE2's Perl classes). */
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '\v';
}

/* ^--\s*migrate:DIRECTION(\s*$|\s+\S+) for up, and the same anchored at the
 * end of the line for down: a down marker takes one option at most.  On a
 * match, *@options is what follows the marker. */
static gboolean
match_marker (const char  *line,
              gsize        length,
              const char  *direction,
              gboolean     one_option_at_most,
              const char **options,
              gsize       *options_length)
{
  const char *p = line;
  const char *end = line + length;
  gsize direction_length = strlen (direction);
  const char *rest;

  if (length < 2 || p[0] != '-' || p[1] != '-')
    return FALSE;
  p += 2;

  while (p < end && is_blank (*p))
    p++;

  if ((gsize) (end - p) < strlen ("migrate:") + direction_length ||
      strncmp (p, "migrate:", strlen ("migrate:")) != 0 ||
      strncmp (p + strlen ("migrate:"), direction, direction_length) != 0)
    return FALSE;

  p += strlen ("migrate:") + direction_length;
  rest = p;

  /* "-- migrate:upper" is no marker: the name must end here. */
  if (p < end && !is_blank (*p))
    return FALSE;

  while (p < end && is_blank (*p))
    p++;

  if (one_option_at_most && p < end)
    {
      while (p < end && !is_blank (*p))
        p++;
      while (p < end && is_blank (*p))
        p++;
      if (p < end)
        return FALSE;
    }

  *options = rest;
  *options_length = end - rest;
  return TRUE;
}

/* dbmate's rule: the migration runs in a transaction unless an option
 * reads exactly "transaction:false". */
static gboolean
options_transactional (const char *options,
                       gsize       length)
{
  g_autofree char *text = g_strndup (options, length);
  g_auto(GStrv) words = g_strsplit_set (text, " \t\f\v\r", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (words[i], ":", -1);

      if (g_strv_length (pair) == 2 && g_str_equal (pair[0], "transaction"))
        return !g_str_equal (pair[1], "false");
    }

  return TRUE;
}

static gboolean
is_comment_or_blank_line (const char *line,
                          gsize       length)
{
  gsize i = 0;

  while (i < length && is_blank (line[i]))
    i++;

  return i == length || (length - i >= 2 && line[i] == '-' && line[i + 1] == '-');
}

/* ^(\d+).*\.sql$ */
static gboolean
parse_file_name (const char  *file_name,
                 char       **version,
                 char       **name)
{
  gsize digits = strspn (file_name, "0123456789");
  gsize length = strlen (file_name);
  const char *rest;

  if (digits == 0 || !g_str_has_suffix (file_name, ".sql") || length < digits + strlen (".sql"))
    return FALSE;

  if (version != NULL)
    *version = g_strndup (file_name, digits);

  if (name != NULL)
    {
      rest = file_name + digits;
      if (*rest == '_' || *rest == '-')
        rest++;
      *name = g_utf8_make_valid (rest, MAX (file_name + length - strlen (".sql"), rest) - rest);
    }

  return TRUE;
}

static gboolean
text_has_up_marker (const char *text,
                    gsize       length)
{
  SluiceLineReader reader;
  const char *line, *options;
  gsize line_length, options_length;

  _sluice_line_reader_init (&reader, text, length);

  while (_sluice_line_reader_next (&reader, &line, &line_length, NULL))
    {
      if (match_marker (line, line_length, "up", FALSE, &options, &options_length))
        return TRUE;
    }

  return FALSE;
}

gboolean
_sluice_source_dbmate_detect (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *entry;

  if (handle == NULL)
    return FALSE;

  while ((entry = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFileInputStream) stream = NULL;
      g_autofree char *buffer = NULL;
      gsize length = 0;

      if (!parse_file_name (entry, NULL, NULL))
        continue;

      path = g_build_filename (dir, entry, NULL);
      file = g_file_new_for_path (path);
      stream = g_file_read (file, NULL, NULL);
      if (stream == NULL)
        continue;

      buffer = g_malloc (DETECT_READ_SIZE);
      if (g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, DETECT_READ_SIZE, &length, NULL, NULL) &&
          text_has_up_marker (buffer, length))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  guint    up_marker_line;
  gsize    up_marker_start;
  gsize    up_start;
  guint    down_marker_line;
  gsize    down_marker_start;
  gsize    down_start;
  gboolean transactional;
} Sections;

static gboolean
find_sections (SluiceFolderLoad *load,
               const char       *path,
               const char       *text,
               gsize             length,
               Sections         *sections)
{
  SluiceLineReader reader;
  const char *line, *options;
  gsize line_length, line_start, options_length;
  guint first_statement_line = 0;

  memset (sections, 0, sizeof *sections);
  sections->transactional = TRUE;

  _sluice_line_reader_init (&reader, text, length);

  while (_sluice_line_reader_next (&reader, &line, &line_length, &line_start))
    {
      if (sections->up_marker_line == 0 &&
          match_marker (line, line_length, "up", FALSE, &options, &options_length))
        {
          sections->up_marker_line = reader.number;
          sections->up_marker_start = line_start;
          sections->up_start = reader.position;
          sections->transactional = options_transactional (options, options_length);
        }
      else if (sections->down_marker_line == 0 &&
               match_marker (line, line_length, "down", TRUE, &options, &options_length))
        {
          sections->down_marker_line = reader.number;
          sections->down_marker_start = line_start;
          sections->down_start = reader.position;
        }
      else if (sections->up_marker_line == 0 && first_statement_line == 0 &&
               !is_comment_or_blank_line (line, line_length))
        first_statement_line = reader.number;
    }

  if (sections->up_marker_line == 0)
    {
      _sluice_folder_load_add_problem (load, path, 0,
                                       _("The file has no “%s” line, which dbmate requires; it was skipped."),
                                       MARK_UP);
      return FALSE;
    }

  if (sections->down_marker_line == 0)
    {
      _sluice_folder_load_add_problem (load, path, 0,
                                       _("The file has no “%s” line, which dbmate requires (even when empty); it was skipped."),
                                       MARK_DOWN);
      return FALSE;
    }

  if (sections->down_marker_line < sections->up_marker_line)
    {
      _sluice_folder_load_add_problem (load, path, sections->down_marker_line,
                                       _("“%s” comes before “%s”, which dbmate refuses; this migration was skipped."),
                                       MARK_DOWN, MARK_UP);
      return FALSE;
    }

  /* The down marker cannot be above the up marker here, so a statement
   * line met before the up marker is one dbmate refuses. */
  if (first_statement_line != 0 && first_statement_line < sections->up_marker_line)
    {
      _sluice_folder_load_add_problem (load, path, first_statement_line,
                                       _("A statement before “%s”, which dbmate refuses; this migration was skipped."),
                                       MARK_UP);
      return FALSE;
    }

  return TRUE;
}

static SluiceMigration *
parse_migration (SluiceFolderLoad *load,
                 const char       *file_name)
{
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(GPtrArray) down_statements = NULL;
  g_autofree char *path = g_build_filename (load->dir, file_name, NULL);
  g_autofree char *version = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *up = NULL;
  g_autofree char *down = NULL;
  Sections sections;
  gsize length;

  parse_file_name (file_name, &version, &name);

  text = _sluice_folder_load_read_text (load, path, &length);
  if (text == NULL)
    return NULL;

  if (!find_sections (load, path, text, length, &sections))
    return NULL;

  /* What dbmate sends is from each marker on; the marker lines are
   * comments, so the SQL is the same without them. */
  up = g_strndup (text + sections.up_start, sections.down_marker_start - sections.up_start);
  if (!_sluice_folder_load_check_sql (load, path, up, sections.up_marker_line + 1))
    return NULL;

  down = g_strndup (text + sections.down_start, length - sections.down_start);
  down_statements = _sluice_folder_load_split_sql (load, path, down, sections.down_marker_line + 1);
  if (down_statements == NULL)
    return NULL;

  /* An empty down block is allowed by dbmate, and undoes nothing. */
  if (down_statements->len == 0)
    g_clear_pointer (&down, g_free);

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_DBMATE, version, name);
  sluice_migration_set_up_sql (migration, up, sections.up_marker_line + 1);
  sluice_migration_set_down_sql (migration, down);
  /* dbmate reads "transaction:false" on each marker; the down one only
   * matters when rolling back, which is not judged here. */
  sluice_migration_set_transactional (migration, sections.transactional);
  sluice_migration_add_file (migration, path);

  return g_steal_pointer (&migration);
}

gboolean
_sluice_source_dbmate_load (SluiceFolderLoad  *load,
                            GError           **error)
{
  g_autoptr(GPtrArray) names = _sluice_folder_load_list (load, NULL, error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);
      SluiceMigration *migration;

      if (g_cancellable_is_cancelled (load->cancellable))
        return TRUE;

      if (!parse_file_name (file_name, NULL, NULL))
        continue;

      migration = parse_migration (load, file_name);
      if (migration != NULL)
        g_ptr_array_add (load->migrations, migration);
    }

  return TRUE;
}
