/* sluice-migration-writer.c: a new migration written into a project's
 * folder in that folder's own format, so its tool sees it as its own
 *
 * Each format has a function that plans the files: the new ones (never
 * existing before) and, for Drizzle and Sqitch, the new text of the one
 * index file the tool keeps (meta/_journal.json, sqitch.plan).  Nothing is
 * touched until the whole plan is known and no new name is taken; then
 * the new files are written, each through a hidden temporary file linked
 * into place (link() refuses to replace a file, so a file that appeared
 * meanwhile is never overwritten), and the index file last, replaced
 * atomically.  A failure removes what was written.
 *
 * The files follow what each tool's own generator writes (sluice-cli new,
 * dbmate new, migrate create, drizzle-kit generate, sqitch add), and are
 * read back by the adapters in sluice-source-*.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "sluice-error.h"
#include "sluice-migration-folder.h"
#include "sluice-migration-writer.h"
#include "sluice-sql.h"

#define MAX_SLUG_LENGTH        100
#define SLUICE_VERSION_WIDTH   4
#define GOLANG_SEQUENCE_WIDTH  6     /* migrate create -seq -digits 6 */
#define TIMESTAMP_DIGITS       14    /* YYYYMMDDHHMMSS */
#define UNIX_TIME_DIGITS       10

#define DRIZZLE_BREAKPOINT     "--> statement-breakpoint"

typedef struct
{
  char *path;
  char *contents;
} NewFile;

static void
new_file_free (NewFile *file)
{
  g_free (file->path);
  g_free (file->contents);
  g_free (file);
}

typedef struct
{
  /* What was asked */
  char                  *dir;            /* absolute */
  SluiceMigrationFormat  format;
  char                  *title;          /* the name as given, on one line */
  char                  *slug;
  const char            *up_sql;
  const char            *down_sql;       /* NULL: none */
  gboolean               transactional;
  GDateTime             *now;            /* UTC */

  /* What will be written */
  GPtrArray             *files;          /* NewFile, the up file first */
  char                  *index_path;     /* journal or plan to replace; nullable */
  char                  *index_original; /* its text when read; NULL: a new file */
  char                  *index_contents;
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->dir, g_free);
  g_clear_pointer (&plan->title, g_free);
  g_clear_pointer (&plan->slug, g_free);
  g_clear_pointer (&plan->now, g_date_time_unref);
  g_clear_pointer (&plan->files, g_ptr_array_unref);
  g_clear_pointer (&plan->index_path, g_free);
  g_clear_pointer (&plan->index_original, g_free);
  g_clear_pointer (&plan->index_contents, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

static void
plan_add_file (Plan       *plan,
               const char *file_name,
               char       *contents)
{
  NewFile *file = g_new0 (NewFile, 1);

  file->path = g_build_filename (plan->dir, file_name, NULL);
  file->contents = contents;
  g_ptr_array_add (plan->files, file);
}

/* Names and text ------------------------------------------------------------ */

/* Lower-case letters, digits and single underscores, as every tool here
 * accepts in a file name: "Add order status" and "addOrderStatus" both
 * become "add_order_status".  NULL when nothing of the name is usable. */
static char *
make_slug (const char *name)
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

/* The name on one line, for comments and notes. */
static char *
one_line (const char *text)
{
  char *line = g_utf8_make_valid (text, -1);

  g_strdelimit (line, "\r\n\t\v\f", ' ');
  return g_strstrip (line);
}

/* @sql without blank lines or spaces at its ends, ending in a newline
 * (or "" when there is nothing). */
static char *
trimmed_block (const char *sql)
{
  g_autofree char *copy = g_strdup (sql != NULL ? sql : "");

  g_strstrip (copy);
  if (copy[0] == '\0')
    return g_strdup ("");

  return g_strconcat (copy, "\n", NULL);
}

typedef enum
{
  MATCH_EXACT,      /* the line starts with the prefix */
  MATCH_SQUEEZED,   /* the same once blanks are taken out */
  MATCH_FOLDED,     /* the same once blanks are taken out, in any case */
} MarkerMatch;

/* A line of @sql that starts like one of the format's markers would cut
 * the file in the wrong place when the tool reads it. */
static gboolean
has_marker_line (const char  *sql,
                 const char  *prefix,
                 MarkerMatch  match)
{
  g_auto(GStrv) lines = NULL;

  if (sql == NULL)
    return FALSE;

  lines = g_strsplit (sql, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) squeezed = g_string_new (NULL);

      if (match == MATCH_EXACT)
        {
          if (g_str_has_prefix (lines[i], prefix))
            return TRUE;
          continue;
        }

      /* "--up migration" and "-- Up  Migration" are both markers. */
      for (const char *p = lines[i]; *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          g_string_append_c (squeezed, match == MATCH_FOLDED ? g_ascii_tolower (*p) : *p);

      if (g_str_has_prefix (squeezed->str, prefix))
        return TRUE;
    }

  return FALSE;
}

static gboolean
check_markers (Plan         *plan,
               const char   *prefix,
               MarkerMatch   match,
               const char   *marker,
               GError      **error)
{
  if (!has_marker_line (plan->up_sql, prefix, match) &&
      !has_marker_line (plan->down_sql, prefix, match))
    return TRUE;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("The SQL holds a line like “%s”, which %s reads as a marker of its own; "
                 "nothing was written. Change or remove that comment line."),
               marker, sluice_migration_format_to_string (plan->format));
  return FALSE;
}

static char *
format_timestamp (GDateTime *now)
{
  return g_date_time_format (now, "%Y%m%d%H%M%S");
}

/* The larger of @candidate (a time) and @highest + 1: a clock set back, or
 * two migrations written within one second, must still give a later
 * version than every one the folder has. */
static guint64
later_than (guint64 candidate,
            guint64 highest)
{
  return candidate > highest ? candidate : highest + 1;
}

/* Reading the folder -------------------------------------------------------- */

static GPtrArray *
list_names (const char  *dir,
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
static gboolean
leading_number (const char *name,
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

typedef struct
{
  guint64  highest;
  gsize    width;       /* digits of the highest version as written */
  gboolean any;
} Versions;

static void
versions_add (Versions *versions,
              guint64   value,
              gsize     digits)
{
  if (!versions->any || value > versions->highest ||
      (value == versions->highest && digits > versions->width))
    {
      versions->highest = value;
      versions->width = digits;
    }
  versions->any = TRUE;
}

static gboolean
read_text_file (const char  *path,
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

/* Sluice and plain: NNNN_slug.sql ------------------------------------------- */

static gboolean
numbered_versions (const char  *dir,
                   Versions    *versions,
                   char       **highest_file,
                   GError     **error)
{
  g_autoptr(GPtrArray) names = list_names (dir, error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint64 value;
      gsize digits;

      if (!leading_number (name, &value, &digits) || name[digits] != '_' ||
          !g_str_has_suffix (name, ".sql"))
        continue;

      if (!versions->any || value > versions->highest)
        {
          g_free (*highest_file);
          *highest_file = g_strdup (name);
        }
      versions_add (versions, value, digits);
    }

  return TRUE;
}

static char *
next_number (Versions *versions)
{
  return g_strdup_printf ("%0*" G_GUINT64_FORMAT,
                          (int) (versions->any ? versions->width : SLUICE_VERSION_WIDTH),
                          versions->any ? versions->highest + 1 : 1);
}

static gboolean
plan_sluice (Plan    *plan,
             GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *highest_file = NULL;
  g_autofree char *version = NULL;
  g_autofree char *up = trimmed_block (plan->up_sql);
  g_autofree char *down = trimmed_block (plan->down_sql);
  Versions versions = { 0 };

  if (!check_markers (plan, "-- sluice:", MATCH_EXACT, "-- sluice:", error) ||
      !numbered_versions (plan->dir, &versions, &highest_file, error))
    return FALSE;

  version = next_number (&versions);

  /* The header is comments only; the slug first, so that the line can
   * never read as a "-- sluice:" marker. */
  g_string_append_printf (text, "-- %s: %s\n", plan->slug, plan->title);
  if (!plan->transactional)
    g_string_append (text, "-- sluice:no-transaction\n");
  g_string_append_printf (text, "-- sluice:up\n%s\n-- sluice:down\n%s", up, down);

  plan_add_file (plan, g_strdup_printf ("%s_%s.sql", version, plan->slug),
                 g_string_free (g_steal_pointer (&text), FALSE));
  return TRUE;
}

/* Whether the folder's newest file keeps its down SQL in a "-- Down
 * Migration" section rather than in a rollback_ file. */
static gboolean
plain_uses_sections (const char *dir,
                     const char *highest_file)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (highest_file == NULL)
    return FALSE;

  path = g_build_filename (dir, highest_file, NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;

  return has_marker_line (text, "--upmigration", MATCH_FOLDED) ||
         has_marker_line (text, "--downmigration", MATCH_FOLDED);
}

static gboolean
plan_plain (Plan    *plan,
            GError **error)
{
  g_autofree char *highest_file = NULL;
  g_autofree char *version = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *up = trimmed_block (plan->up_sql);
  Versions versions = { 0 };

  if (!check_markers (plan, "--upmigration", MATCH_FOLDED, "-- Up Migration", error) ||
      !check_markers (plan, "--downmigration", MATCH_FOLDED, "-- Down Migration", error) ||
      !numbered_versions (plan->dir, &versions, &highest_file, error))
    return FALSE;

  version = next_number (&versions);
  file_name = g_strdup_printf ("%s_%s.sql", version, plan->slug);

  if (plain_uses_sections (plan->dir, highest_file))
    {
      g_autofree char *down = trimmed_block (plan->down_sql);

      plan_add_file (plan, file_name,
                     g_strdup_printf ("-- Up Migration\n%s\n-- Down Migration\n%s", up, down));
      return TRUE;
    }

  plan_add_file (plan, file_name, g_steal_pointer (&up));
  if (plan->down_sql != NULL)
    plan_add_file (plan, g_strconcat ("rollback_", file_name, NULL), trimmed_block (plan->down_sql));

  return TRUE;
}

/* dbmate: YYYYMMDDHHMMSS_slug.sql ------------------------------------------- */

static gboolean
plan_dbmate (Plan    *plan,
             GError **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *now = format_timestamp (plan->now);
  g_autofree char *up = trimmed_block (plan->up_sql);
  g_autofree char *down = trimmed_block (plan->down_sql);
  const char *option = plan->transactional ? "" : " transaction:false";
  Versions versions = { 0 };
  guint64 version;

  if (!check_markers (plan, "--migrate:", MATCH_SQUEEZED, "-- migrate:", error))
    return FALSE;

  names = list_names (plan->dir, error);
  if (names == NULL)
    return FALSE;

  /* dbmate reads every ^(\d+).*\.sql$ file. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint64 value;
      gsize digits;

      if (leading_number (name, &value, &digits) && g_str_has_suffix (name, ".sql"))
        versions_add (&versions, value, digits);
    }

  version = later_than (g_ascii_strtoull (now, NULL, 10), versions.highest);

  /* dbmate needs both markers, the down one even when empty. */
  plan_add_file (plan,
                 g_strdup_printf ("%" G_GUINT64_FORMAT "_%s.sql", version, plan->slug),
                 g_strdup_printf ("-- migrate:up%s\n%s\n-- migrate:down%s\n%s",
                                  option, up, option, down));
  return TRUE;
}

/* For the tools that run a file in one transaction: a statement that
 * cannot run in a transaction block (CONCURRENTLY) would make the file
 * fail every time, so it is refused here, where the fix is known.  With
 * @single_ok, one such statement alone passes: it is then sent by itself,
 * outside any transaction. */
static gboolean
check_transactional_sql (const char  *sql,
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

/* golang-migrate: N_slug.up.sql and N_slug.down.sql ------------------------- */

static gboolean
plan_golang_migrate (Plan    *plan,
                     GError **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *version = NULL;
  Versions versions = { 0 };

  /* golang-migrate sends each file as one query: several statements make
   * one implicit transaction. */
  if (!check_transactional_sql (plan->up_sql, TRUE, "golang-migrate", error) ||
      !check_transactional_sql (plan->down_sql, TRUE, "golang-migrate", error))
    return FALSE;

  names = list_names (plan->dir, error);
  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint64 value;
      gsize digits;

      if (leading_number (name, &value, &digits) && name[digits] == '_' &&
          (strstr (name, ".up.") != NULL || strstr (name, ".down.") != NULL))
        versions_add (&versions, value, digits);
    }

  /* migrate create numbers by time (20060102150405, UTC) unless told
   * -seq; a folder of either kind goes on as it started. */
  if (versions.any && versions.width == TIMESTAMP_DIGITS)
    {
      g_autofree char *now = format_timestamp (plan->now);

      version = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                 later_than (g_ascii_strtoull (now, NULL, 10), versions.highest));
    }
  else if (versions.any && versions.width == UNIX_TIME_DIGITS && versions.highest >= 1000000000)
    {
      version = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                 later_than ((guint64) g_date_time_to_unix (plan->now), versions.highest));
    }
  else
    {
      version = g_strdup_printf ("%0*" G_GUINT64_FORMAT,
                                 (int) (versions.any ? versions.width : GOLANG_SEQUENCE_WIDTH),
                                 versions.any ? versions.highest + 1 : 1);
    }

  plan_add_file (plan, g_strdup_printf ("%s_%s.up.sql", version, plan->slug),
                 trimmed_block (plan->up_sql));
  if (plan->down_sql != NULL)
    plan_add_file (plan, g_strdup_printf ("%s_%s.down.sql", version, plan->slug),
                   trimmed_block (plan->down_sql));

  return TRUE;
}

/* Flyway: V<n>__slug.sql, U<n>__slug.sql ------------------------------------ */

/* The first part of the versions of V, U and B scripts in @dir and its
 * subfolders (Flyway scans them all). */
static gboolean
flyway_versions (const char  *dir,
                 guint        depth,
                 Versions    *versions,
                 GError     **error)
{
  g_autoptr(GPtrArray) names = list_names (dir, error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = NULL;
      guint64 value;
      gsize digits;

      if (name[0] == '.')
        continue;

      path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          /* An unreadable subfolder is the loader's to report. */
          if (depth < 16)
            flyway_versions (path, depth + 1, versions, NULL);
          continue;
        }

      if ((name[0] == 'V' || name[0] == 'U' || name[0] == 'B') &&
          strstr (name, "__") != NULL && g_str_has_suffix (name, ".sql") &&
          leading_number (name + 1, &value, &digits))
        versions_add (versions, value, digits);
    }

  return TRUE;
}

static gboolean
plan_flyway (Plan    *plan,
             GError **error)
{
  g_autofree char *version = NULL;
  g_autofree char *base = NULL;
  Versions versions = { 0 };

  if (!flyway_versions (plan->dir, 0, &versions, error))
    return FALSE;

  if (versions.any && versions.width == TIMESTAMP_DIGITS)
    {
      g_autofree char *now = format_timestamp (plan->now);

      version = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                 later_than (g_ascii_strtoull (now, NULL, 10), versions.highest));
    }
  else
    {
      /* "V001": the next one keeps the zeros; "V1.2": the next is V2. */
      version = g_strdup_printf ("%0*" G_GUINT64_FORMAT,
                                 (int) (versions.any ? versions.width : 1),
                                 versions.any ? versions.highest + 1 : 1);
    }

  base = g_strdup_printf ("%s__%s.sql", version, plan->slug);
  plan_add_file (plan, g_strconcat ("V", base, NULL), trimmed_block (plan->up_sql));
  if (plan->down_sql != NULL)
    plan_add_file (plan, g_strconcat ("U", base, NULL), trimmed_block (plan->down_sql));

  /* Flyway's per-script configuration; it would also leave the
   * transaction by itself for CONCURRENTLY, but says so here for any
   * statement the caller knows about. */
  if (!plan->transactional)
    plan_add_file (plan, g_strconcat ("V", base, ".conf", NULL),
                   g_strdup ("executeInTransaction=false\n"));

  return TRUE;
}

/* Drizzle: NNNN_slug.sql and an entry in meta/_journal.json ------------------ */

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

static gboolean
plan_drizzle (Plan    *plan,
              GError **error)
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
  if (!check_transactional_sql (plan->up_sql, FALSE, "drizzle", error))
    return FALSE;

  sql = drizzle_sql (plan->up_sql, error);
  if (sql == NULL)
    return FALSE;

  if (g_file_test (journal_path, G_FILE_TEST_EXISTS))
    {
      if (!read_text_file (journal_path, &plan->index_original, error) ||
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

  if (digits == TIMESTAMP_DIGITS)
    prefix = format_timestamp (plan->now);
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

  plan_add_file (plan, g_strconcat (tag, ".sql", NULL), g_steal_pointer (&sql));
  plan->index_path = g_steal_pointer (&journal_path);
  plan->index_contents = g_string_free (g_steal_pointer (&contents), FALSE);

  return TRUE;
}

/* Sqitch: a plan line and deploy/ revert/ verify/ scripts -------------------- */

typedef struct
{
  char *project;
  char *planner;     /* "Name <email>" */
} SqitchPlan;

static void
sqitch_plan_clear (SqitchPlan *plan)
{
  g_clear_pointer (&plan->project, g_free);
  g_clear_pointer (&plan->planner, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SqitchPlan, sqitch_plan_clear)

/* The planner of a change or tag line: what lies between its time
 * ("2024-01-16T14:20:00Z") and the end of the email. */
static char *
planner_of_line (const char *line)
{
  const char *z = NULL;
  const char *close;

  for (const char *p = strchr (line, 'T'); p != NULL; p = strchr (p + 1, 'T'))
    {
      if (p - line >= 10 && g_ascii_isdigit (p[-1]) && p[-3] == '-' && strlen (p) > 9 && p[9] == 'Z')
        {
          z = p + 9;
          break;
        }
    }

  if (z == NULL || (close = strchr (z, '>')) == NULL || strchr (z, '<') == NULL)
    return NULL;

  return g_strstrip (g_strndup (z + 1, close + 1 - (z + 1)));
}

/* Reads the project and the planner of the last line, and refuses a
 * change name the plan already has (Sqitch would take it for a rework). */
static gboolean
read_sqitch_plan (Plan        *plan,
                  const char  *text,
                  SqitchPlan  *sqitch,
                  GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      const char *name = line;
      g_autofree char *planner = NULL;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      if (line[0] == '%')
        {
          const char *p = line + 1;

          if (sqitch->project == NULL && g_str_has_prefix (p, "project"))
            {
              p += strlen ("project");
              while (*p == ' ' || *p == '\t')
                p++;
              if (*p == '=')
                {
                  p++;
                  while (*p == ' ' || *p == '\t')
                    p++;
                  if (strcspn (p, " \t#") > 0)
                    sqitch->project = g_strndup (p, strcspn (p, " \t#"));
                }
            }
          continue;
        }

      planner = planner_of_line (line);
      if (planner != NULL)
        {
          g_free (sqitch->planner);
          sqitch->planner = g_steal_pointer (&planner);
        }

      if (line[0] == '@')
        continue;

      if (name[0] == '+')
        name++;
      while (*name == ' ' || *name == '\t')
        name++;

      if (strncmp (name, plan->slug, strlen (plan->slug)) == 0 &&
          (name[strlen (plan->slug)] == ' ' || name[strlen (plan->slug)] == '\t' ||
           name[strlen (plan->slug)] == '[' || name[strlen (plan->slug)] == '\0'))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                       _("The Sqitch plan already has a change named “%s” (line %u); nothing was "
                         "written. Give the migration another name."),
                       plan->slug, i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

static char *
default_planner (void)
{
  const char *real_name = g_get_real_name ();
  const char *user = g_get_user_name ();

  if (real_name == NULL || real_name[0] == '\0' || g_str_equal (real_name, "Unknown"))
    real_name = user;

  return g_strdup_printf ("%s <%s@%s>", real_name, user, g_get_host_name ());
}

static gboolean
plan_sqitch (Plan    *plan,
             GError **error)
{
  g_auto(SqitchPlan) sqitch = { 0 };
  g_autofree char *plan_path = g_build_filename (plan->dir, "sqitch.plan", NULL);
  g_autofree char *planned_at = g_date_time_format (plan->now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *file_name = g_strconcat (plan->slug, ".sql", NULL);
  g_autofree char *up = trimmed_block (plan->up_sql);
  g_autofree char *down = plan->down_sql != NULL ? trimmed_block (plan->down_sql)
                                                 : g_strdup ("-- XXX Add DDLs here.\n");
  g_autoptr(GString) contents = g_string_new (NULL);
  const char *newline = "\n";
  const char *project;

  if (g_file_test (plan_path, G_FILE_TEST_EXISTS))
    {
      if (!read_text_file (plan_path, &plan->index_original, error) ||
          !read_sqitch_plan (plan, plan->index_original, &sqitch, error))
        return FALSE;

      if (strstr (plan->index_original, "\r\n") != NULL)
        newline = "\r\n";
    }

  /* A new project is named after its folder, as a name Sqitch accepts. */
  if (sqitch.project == NULL)
    {
      g_autofree char *base = g_path_get_basename (plan->dir);

      sqitch.project = make_slug (base);
      if (sqitch.project == NULL)
        sqitch.project = g_strdup ("migrations");
    }
  project = sqitch.project;
  if (sqitch.planner == NULL)
    sqitch.planner = default_planner ();

  if (plan->index_original != NULL)
    {
      gsize length = strlen (plan->index_original);

      g_string_append (contents, plan->index_original);
      if (length > 0 && plan->index_original[length - 1] != '\n')
        g_string_append (contents, newline);
    }
  else
    {
      /* What sqitch init writes. */
      g_string_append_printf (contents, "%%syntax-version=1.0.0%s%%project=%s%s%s",
                              newline, project, newline, newline);
    }

  g_string_append_printf (contents, "%s %s %s # %s%s",
                          plan->slug, planned_at, sqitch.planner, plan->title, newline);

  /* The scripts as sqitch add writes them; a script that must run outside
   * a transaction block (CONCURRENTLY) opens none. */
  {
    g_autofree char *deploy_name = g_build_filename ("deploy", file_name, NULL);
    g_autofree char *revert_name = g_build_filename ("revert", file_name, NULL);
    g_autofree char *verify_name = g_build_filename ("verify", file_name, NULL);

    if (plan->transactional)
      {
        plan_add_file (plan, deploy_name,
                       g_strdup_printf ("-- Deploy %s:%s to pg\n\nBEGIN;\n\n%s\nCOMMIT;\n",
                                        project, plan->slug, up));
        plan_add_file (plan, revert_name,
                       g_strdup_printf ("-- Revert %s:%s from pg\n\nBEGIN;\n\n%s\nCOMMIT;\n",
                                        project, plan->slug, down));
      }
    else
      {
        plan_add_file (plan, deploy_name,
                       g_strdup_printf ("-- Deploy %s:%s to pg\n\n%s", project, plan->slug, up));
        plan_add_file (plan, revert_name,
                       g_strdup_printf ("-- Revert %s:%s from pg\n\n%s", project, plan->slug, down));
      }

    plan_add_file (plan, verify_name,
                   g_strdup_printf ("-- Verify %s:%s on pg\n\nBEGIN;\n\n-- XXX Add verifications here.\n\nROLLBACK;\n",
                                    project, plan->slug));
  }

  plan->index_path = g_steal_pointer (&plan_path);
  plan->index_contents = g_string_free (g_steal_pointer (&contents), FALSE);

  return TRUE;
}

/* Writing ---------------------------------------------------------------------- */

static void
remove_written (GPtrArray *written,
                GPtrArray *made_dirs)
{
  for (guint i = 0; i < written->len; i++)
    g_unlink (g_ptr_array_index (written, i));

  /* Folders made for the new files, deepest first, if still empty. */
  for (guint i = made_dirs->len; i > 0; i--)
    g_rmdir (g_ptr_array_index (made_dirs, i - 1));
}

static gboolean
make_parent (const char  *path,
             GPtrArray   *made_dirs,
             GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_file_test (parent, G_FILE_TEST_IS_DIR))
    return TRUE;

  if (!make_parent (parent, made_dirs, error))
    return FALSE;

  if (g_mkdir (parent, 0777) != 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The folder %s could not be made (%s); no migration was written."),
                   parent, g_strerror (saved_errno));
      return FALSE;
    }

  g_ptr_array_add (made_dirs, g_steal_pointer (&parent));
  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *contents,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, contents, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      contents += n;
      length -= n;
    }

  return TRUE;
}

/* Writes @contents to a new file at @path: the whole file appears at once
 * or not at all, and an existing file is never replaced. */
static gboolean
create_file (const char  *path,
             const char  *contents,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *temp = g_build_filename (dir, ".sluice-new-XXXXXX", NULL);
  gsize length = strlen (contents);
  int saved_errno = 0;
  int fd;

  fd = g_mkstemp_full (temp, O_WRONLY, 0644);
  if (fd < 0)
    {
      saved_errno = errno;
      goto failed;
    }

  if (!write_all (fd, contents, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (temp);
      goto failed;
    }
  close (fd);

  /* link() fails with EEXIST rather than replace a file. */
  if (link (temp, path) == 0)
    {
      g_unlink (temp);
      return TRUE;
    }

  saved_errno = errno;
  g_unlink (temp);

  if (saved_errno == EEXIST)
    goto failed;

  /* Some file systems have no hard links: create exclusively instead. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0)
    {
      saved_errno = errno;
      goto failed;
    }
  if (!write_all (fd, contents, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (path);
      goto failed;
    }
  close (fd);
  return TRUE;

failed:
  if (saved_errno == EEXIST)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                 _("%s already exists and was left as it is; no migration was written."),
                 path);
  else
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                 _("%s could not be written (%s); no migration was written."),
                 path, g_strerror (saved_errno));
  return FALSE;
}

/* Replaces the journal or plan with its new text, atomically, unless it
 * changed since it was read (another writer got there first). */
static gboolean
replace_index (Plan    *plan,
               GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *current = NULL;
  GStatBuf buf;
  int mode = 0644;

  if (plan->index_original != NULL)
    {
      if (!g_file_get_contents (plan->index_path, &current, NULL, &local_error) ||
          !g_str_equal (current, plan->index_original))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                       _("%s changed while the migration was written; nothing was written. Try again."),
                       plan->index_path);
          return FALSE;
        }

      if (g_stat (plan->index_path, &buf) == 0)
        mode = buf.st_mode & 0777;
    }
  else if (g_file_test (plan->index_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                   _("%s appeared while the migration was written; nothing was written. Try again."),
                   plan->index_path);
      return FALSE;
    }

  if (!g_file_set_contents_full (plan->index_path, plan->index_contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, mode, &local_error))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("%s could not be updated (%s); no migration was written."),
                   plan->index_path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static char **
commit_plan (Plan    *plan,
             GError **error)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) made_dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();

  /* Every name is checked before anything is written, so that a clash
   * leaves the folder as it was. */
  for (guint i = 0; i < plan->files->len; i++)
    {
      NewFile *file = g_ptr_array_index (plan->files, i);

      if (g_file_test (file->path, G_FILE_TEST_EXISTS) ||
          g_file_test (file->path, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                       _("%s already exists and was left as it is; no migration was written. "
                         "Give the migration another name."),
                       file->path);
          return NULL;
        }
    }

  for (guint i = 0; i < plan->files->len; i++)
    {
      NewFile *file = g_ptr_array_index (plan->files, i);

      if (!make_parent (file->path, made_dirs, error) ||
          !create_file (file->path, file->contents, error))
        {
          remove_written (written, made_dirs);
          return NULL;
        }

      g_ptr_array_add (written, g_strdup (file->path));
      g_strv_builder_add (paths, file->path);
    }

  if (plan->index_path != NULL)
    {
      if (!make_parent (plan->index_path, made_dirs, error) ||
          !replace_index (plan, error))
        {
          remove_written (written, made_dirs);
          return NULL;
        }
      g_strv_builder_add (paths, plan->index_path);
    }

  return g_strv_builder_end (paths);
}

/* The folder, made when it does not exist yet. */
static char *
prepare_folder (const char  *path,
                gboolean    *made,
                GError     **error)
{
  g_autofree char *dir = NULL;

  if (path == NULL || path[0] == '\0')
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("No migration folder was given; no migration was written."));
      return NULL;
    }

  dir = g_canonicalize_filename (path, NULL);

  if (g_file_test (dir, G_FILE_TEST_EXISTS) && !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s is a file, not a migration folder; no migration was written."),
                   dir);
      return NULL;
    }

  *made = !g_file_test (dir, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The migration folder %s could not be made (%s); no migration was written."),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&dir);
}

/* AUTO: the folder's own format; Sluice's when the folder holds no
 * migration of any format Sluice knows. */
static SluiceMigrationFormat
resolve_format (const char             *dir,
                SluiceMigrationFormat   format,
                GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  SluiceMigrationFormat detected;

  if (format != SLUICE_MIGRATION_FORMAT_AUTO)
    return format;

  detected = sluice_migration_format_detect (dir, &local_error);
  if (detected != SLUICE_MIGRATION_FORMAT_AUTO)
    return detected;

  if (g_error_matches (local_error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT))
    return SLUICE_MIGRATION_FORMAT_SLUICE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return SLUICE_MIGRATION_FORMAT_AUTO;
}

/* The SQL must scan to its end: the folder's loader would otherwise skip
 * the migration as broken. */
static gboolean
check_sql (const char  *sql,
           const char  *which,
           GError     **error)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) local_error = NULL;

  if (sql == NULL)
    return TRUE;

  statements = sluice_sql_split (sql, 1, &local_error);
  if (statements != NULL)
    return TRUE;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               /* Translators: the first %s is "up" or "down" */
               _("The %s SQL cannot be read to its end (%s); no migration was written."),
               which, local_error->message);
  return FALSE;
}

char **
sluice_migration_writer_write (const char             *path,
                               SluiceMigrationFormat   format,
                               const char             *name,
                               const char             *up_sql,
                               const char             *down_sql,
                               gboolean                transactional,
                               GError                **error)
{
  g_auto(Plan) plan = { 0 };
  gboolean made_folder = FALSE;
  char **paths;
  gboolean planned;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (up_sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan.slug = make_slug (name);
  if (plan.slug == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“%s” cannot name a migration: it has no letters. Say what the migration does, "
                     "for example “add order status”; nothing was written."),
                   name);
      return NULL;
    }

  if (!check_sql (up_sql, "up", error) || !check_sql (down_sql, "down", error))
    return NULL;

  plan.dir = prepare_folder (path, &made_folder, error);
  if (plan.dir == NULL)
    return NULL;

  plan.format = resolve_format (plan.dir, format, error);
  if (plan.format == SLUICE_MIGRATION_FORMAT_AUTO)
    {
      if (made_folder)
        g_rmdir (plan.dir);
      return NULL;
    }

  plan.title = one_line (name);
  plan.up_sql = up_sql;
  plan.down_sql = down_sql;
  plan.transactional = transactional;
  plan.now = g_date_time_new_now_utc ();
  plan.files = g_ptr_array_new_with_free_func ((GDestroyNotify) new_file_free);

  switch (plan.format)
    {
    case SLUICE_MIGRATION_FORMAT_SLUICE:
      planned = plan_sluice (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_PLAIN:
      planned = plan_plain (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_DBMATE:
      planned = plan_dbmate (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE:
      planned = plan_golang_migrate (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_FLYWAY:
      planned = plan_flyway (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_DRIZZLE:
      planned = plan_drizzle (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_SQITCH:
      planned = plan_sqitch (&plan, error);
      break;
    case SLUICE_MIGRATION_FORMAT_AUTO:
    default:
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("Sluice cannot write migrations in format %d."), (int) plan.format);
      planned = FALSE;
      break;
    }

  paths = planned ? commit_plan (&plan, error) : NULL;

  /* A folder made for this migration goes again with it. */
  if (paths == NULL && made_folder)
    g_rmdir (plan.dir);

  return paths;
}
