/* sluice-source-flyway.c: a folder of Flyway SQL migrations
 *
 * Flyway names each script <prefix><version>__<description>.sql: V for a
 * versioned migration, U for its undo, B for a baseline (run instead of the
 * versions up to its own on an empty database) and R__<description>.sql for
 * a repeatable one (no version: re-run whenever its checksum changes, after
 * all versioned ones, in description order).  Version parts are separated by
 * '.' or '_' ("V1_2" is version 1.2) and the description's underscores are
 * spaces.  Flyway scans the location's subfolders too.
 *
 * A sidecar <script>.sql.conf holds per-script settings; Sluice reads
 * executeInTransaction.  Flyway also runs a script outside a transaction by
 * itself when a statement cannot run inside one (CREATE INDEX CONCURRENTLY),
 * so Sluice does the same.
 *
 * The checksum is Flyway's own (a signed CRC-32 over the lines), so that it
 * compares equal to flyway_schema_history.checksum.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-migration-source-private.h"
#include "sluice-sql.h"

#define FLYWAY_SEPARATOR   "__"
#define FLYWAY_SUFFIX      ".sql"
#define FLYWAY_CONF_SUFFIX ".conf"
#define UTF8_BOM           "\xEF\xBB\xBF"

/* Flyway has no limit, but a folder deeper than this is not a migration
 * location anyone wrote by hand, and the limit keeps a loop of bind mounts
 * from running forever. */
#define FLYWAY_MAX_DEPTH   16

typedef enum
{
  FLYWAY_VERSIONED,
  FLYWAY_UNDO,
  FLYWAY_BASELINE,
  FLYWAY_REPEATABLE,
} FlywayScriptType;

typedef struct
{
  FlywayScriptType  type;
  char             *path;
  char             *file_name;
  char             *version;      /* parts joined with '.'; NULL for repeatables */
  char             *description;  /* underscores turned into spaces */
} FlywayScript;

static void
flyway_script_free (FlywayScript *script)
{
  g_free (script->path);
  g_free (script->file_name);
  g_free (script->version);
  g_free (script->description);
  g_free (script);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlywayScript, flyway_script_free)

typedef enum
{
  NAME_IGNORED,   /* not a migration script: a callback, notes, another suffix */
  NAME_SCRIPT,
  NAME_INVALID,   /* meant as a migration, but Flyway would refuse the name */
} NameResult;

/* Flyway's version: numbers separated by single '.' or '_', written back
 * with dots as Flyway shows and records it ("1_2" -> "1.2").  Leading
 * zeros stay: Flyway records "001" for V001. */
static char *
normalize_version (const char *text,
                   gsize       length)
{
  g_autoptr(GString) version = g_string_sized_new (length);
  gboolean after_digit = FALSE;

  if (length == 0)
    return NULL;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (g_ascii_isdigit (c))
        {
          g_string_append_c (version, c);
          after_digit = TRUE;
        }
      else if ((c == '.' || c == '_') && after_digit)
        {
          g_string_append_c (version, '.');
          after_digit = FALSE;
        }
      else
        return NULL;
    }

  if (!after_digit)
    return NULL;

  return g_string_free (g_steal_pointer (&version), FALSE);
}

/* Splits a normalized version into its numbers without leading zeros and
 * drops trailing zero parts, so that versions Flyway takes as equal ("1",
 * "1.0", "01") give the same text. */
static char *
version_identity (const char *version)
{
  g_auto(GStrv) parts = g_strsplit (version, ".", -1);
  g_autoptr(GString) identity = g_string_new (NULL);
  guint n = g_strv_length (parts);

  while (n > 1)
    {
      const char *part = parts[n - 1];

      while (*part == '0')
        part++;
      if (*part != '\0')
        break;
      n--;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *part = parts[i];

      while (part[0] == '0' && part[1] != '\0')
        part++;
      if (i > 0)
        g_string_append_c (identity, '.');
      g_string_append (identity, part);
    }

  return g_string_free (g_steal_pointer (&identity), FALSE);
}

static char *
description_from_name (const char *text)
{
  char *description = g_strdup (text);

  g_strdelimit (description, "_", ' ');
  return description;
}

/* Parses a file name the way Flyway's resource name parser does, with the
 * default prefixes, separator and suffix.  Names that start like a
 * migration (a prefix and then a digit, or "R__") but that Flyway would
 * refuse give NAME_INVALID and a message: Flyway skips them silently
 * unless validateMigrationNaming is on, which is how a migration that
 * "never ran" goes unnoticed. */
static NameResult
parse_file_name (const char    *file_name,
                 FlywayScript **script_out,
                 char         **message_out)
{
  g_autoptr(FlywayScript) script = NULL;
  g_autofree char *stem = NULL;
  const char *rest;
  const char *separator;
  FlywayScriptType type;

  if (!g_str_has_suffix (file_name, FLYWAY_SUFFIX))
    return NAME_IGNORED;

  stem = g_strndup (file_name, strlen (file_name) - strlen (FLYWAY_SUFFIX));

  switch (stem[0])
    {
    case 'V': type = FLYWAY_VERSIONED; break;
    case 'U': type = FLYWAY_UNDO; break;
    case 'B': type = FLYWAY_BASELINE; break;
    case 'R': type = FLYWAY_REPEATABLE; break;
    default: return NAME_IGNORED;
    }

  rest = stem + 1;
  separator = strstr (rest, FLYWAY_SEPARATOR);

  if (type == FLYWAY_REPEATABLE)
    {
      if (separator == rest)
        {
          if (rest[strlen (FLYWAY_SEPARATOR)] == '\0')
            {
              *message_out = g_strdup_printf (_("“%s” has no description after “R__”, and a repeatable migration is known by its description. The file was skipped; name it R__what_it_does.sql."),
                                              file_name);
              return NAME_INVALID;
            }
        }
      else if (separator != NULL && g_ascii_isdigit (rest[0]))
        {
          *message_out = g_strdup_printf (_("“%s” looks like a repeatable migration with a version, which Flyway refuses. The file was skipped; name it R__description.sql, or V%s for a versioned one."),
                                          file_name, file_name + 1);
          return NAME_INVALID;
        }
      else
        return NAME_IGNORED;
    }
  else if (separator == rest)
    {
      *message_out = g_strdup_printf (_("“%s” has no version between its prefix and “__”. The file was skipped; name it like %c1__%s.sql."),
                                      file_name, stem[0], rest + strlen (FLYWAY_SEPARATOR));
      return NAME_INVALID;
    }
  else if (!g_ascii_isdigit (rest[0]))
    return NAME_IGNORED;
  else if (separator == NULL)
    {
      *message_out = g_strdup_printf (_("“%s” has no “__” (two underscores) between the version and the description, so Flyway ignores it. The file was skipped; rename it like %c1__description.sql."),
                                      file_name, stem[0]);
      return NAME_INVALID;
    }

  script = g_new0 (FlywayScript, 1);
  script->type = type;
  script->file_name = g_strdup (file_name);
  script->description = description_from_name (separator + strlen (FLYWAY_SEPARATOR));

  if (type != FLYWAY_REPEATABLE)
    {
      g_autofree char *written = g_strndup (rest, separator - rest);

      script->version = normalize_version (written, strlen (written));
      if (script->version == NULL)
        {
          *message_out = g_strdup_printf (_("“%s”: “%s” is not a Flyway version (numbers separated by dots or underscores, like 1.2 or 1_2), and Flyway refuses the name. The file was skipped."),
                                          file_name, written);
          return NAME_INVALID;
        }
    }

  *script_out = g_steal_pointer (&script);
  return NAME_SCRIPT;
}

static gboolean
is_skipped_entry (const char *name)
{
  /* Hidden files and folders are editors' and tools' own (.git, .idea). */
  return name[0] == '.';
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
collect_scripts (SluiceFolderLoad *load,
                 const char       *dir_path,
                 guint             depth,
                 GPtrArray        *scripts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (g_cancellable_is_cancelled (load->cancellable))
    return;

  dir = g_dir_open (dir_path, 0, &error);
  if (dir == NULL)
    {
      _sluice_folder_load_add_problem (load, dir_path, 0,
                                       _("The folder could not be read (%s); migrations in it were skipped."),
                                       error->message);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (!is_skipped_entry (name))
      g_ptr_array_add (names, g_strdup (name));

  /* Directory order is the file system's; sort for problems in a stable
   * order and for a stable choice between duplicates. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir_path, file_name, NULL);
      g_autoptr(FlywayScript) script = NULL;
      g_autofree char *message = NULL;
      NameResult result;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            continue;
          if (depth + 1 < FLYWAY_MAX_DEPTH)
            collect_scripts (load, path, depth + 1, scripts);
          continue;
        }

      result = parse_file_name (file_name, &script, &message);

      /* The name becomes the migration's description, its history key and
       * a query parameter: it has to be text. */
      if (result != NAME_IGNORED && !g_utf8_validate (file_name, -1, NULL))
        {
          g_autofree char *display = g_filename_display_name (file_name);

          _sluice_folder_load_add_problem (load, path, 0,
                                           _("The name “%s” is not valid UTF-8 text, so Flyway’s history could not name it; the file was skipped. Rename it."),
                                           display);
          continue;
        }

      switch (result)
        {
        case NAME_IGNORED:
          break;

        case NAME_INVALID:
          _sluice_folder_load_add_problem (load, path, 0, "%s", message);
          break;

        case NAME_SCRIPT:
          script->path = g_steal_pointer (&path);
          g_ptr_array_add (scripts, g_steal_pointer (&script));
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* The next line of @text as Java's readers see lines: ended by "\n",
 * "\r\n" or a lone "\r".  Returns FALSE at the end. */
static gboolean
next_line (const char **cursor,
           const char  *end,
           const char **line,
           gsize       *line_length)
{
  const char *p = *cursor;

  if (p >= end)
    return FALSE;

  *line = p;
  while (p < end && *p != '\n' && *p != '\r')
    p++;
  *line_length = p - *line;

  if (p < end && *p == '\r')
    {
      p++;
      if (p < end && *p == '\n')
        p++;
    }
  else if (p < end && *p == '\n')
    p++;

  *cursor = p;
  return TRUE;
}

/* The Java properties syntax Flyway reads script configuration with, as
 * far as one file needs it: "key=value" or "key: value" lines, '#' and '!'
 * comments. */
static gboolean
read_execute_in_transaction (SluiceFolderLoad *load,
                             const char       *conf_path,
                             gboolean         *transactional)
{
  g_autofree char *text = NULL;
  const char *cursor;
  const char *end;
  const char *line_text;
  gsize line_length;
  gsize length = 0;
  guint line = 0;

  text = _sluice_folder_load_read_text (load, conf_path, &length);
  if (text == NULL)
    return FALSE;

  cursor = text;
  end = text + length;

  while (next_line (&cursor, end, &line_text, &line_length))
    {
      g_autofree char *stripped = g_strstrip (g_strndup (line_text, line_length));
      const char *equals;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      line++;

      if (stripped[0] == '\0' || stripped[0] == '#' || stripped[0] == '!')
        continue;

      equals = strpbrk (stripped, "=:");
      if (equals == NULL)
        {
          _sluice_folder_load_add_problem (load, conf_path, line,
                                           _("This line is not “key=value”; it was ignored."));
          continue;
        }

      key = g_strstrip (g_strndup (stripped, equals - stripped));
      value = g_strstrip (g_strdup (equals + 1));

      if (g_strcmp0 (key, "executeInTransaction") != 0)
        continue;

      if (g_ascii_strcasecmp (value, "false") == 0)
        *transactional = FALSE;
      else if (g_ascii_strcasecmp (value, "true") == 0)
        *transactional = TRUE;
      else
        _sluice_folder_load_add_problem (load, conf_path, line,
                                         _("executeInTransaction is “%s”, neither true nor false; the migration is taken to run in a transaction."),
                                         value);
    }

  return TRUE;
}

static const char *
skip_bom (const char *text)
{
  /* Flyway drops a byte order mark before running a script; PostgreSQL
   * would read it as part of the first token. */
  return g_str_has_prefix (text, UTF8_BOM) ? text + strlen (UTF8_BOM) : text;
}

/* Flyway runs a migration outside a transaction by itself when one of its
 * statements cannot run inside one. */
static gboolean
needs_autocommit (GPtrArray *statements)
{
  for (guint i = 0; i < statements->len; i++)
    {
      SluiceStatement *statement = g_ptr_array_index (statements, i);

      if (sluice_sql_needs_autocommit (statement->text))
        return TRUE;
    }

  return FALSE;
}

static SluiceMigration *
build_migration (SluiceFolderLoad   *load,
                 const FlywayScript *script)
{
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autofree char *text = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *checksum = NULL;
  gboolean transactional = TRUE;
  gboolean has_conf = FALSE;
  const char *sql;
  gsize length = 0;

  text = _sluice_folder_load_read_text (load, script->path, &length);
  if (text == NULL)
    return NULL;

  sql = skip_bom (text);
  statements = _sluice_folder_load_split_sql (load, script->path, sql, 1);
  if (statements == NULL)
    return NULL;

  checksum = _sluice_checksum_flyway (text, length);

  conf_path = g_strconcat (script->path, FLYWAY_CONF_SUFFIX, NULL);
  if (g_file_test (conf_path, G_FILE_TEST_IS_REGULAR))
    has_conf = read_execute_in_transaction (load, conf_path, &transactional);

  if (transactional && needs_autocommit (statements))
    transactional = FALSE;

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_FLYWAY, script->version, script->description);

  switch (script->type)
    {
    case FLYWAY_VERSIONED:
      sluice_migration_set_kind (migration, SLUICE_MIGRATION_VERSIONED);
      sluice_migration_set_history_key (migration, script->version);
      break;

    case FLYWAY_BASELINE:
      sluice_migration_set_kind (migration, SLUICE_MIGRATION_BASELINE);
      sluice_migration_set_history_key (migration, script->version);
      break;

    case FLYWAY_REPEATABLE:
      /* flyway_schema_history keeps NULL as the version of a repeatable
       * migration; its description is what names it. */
      sluice_migration_set_kind (migration, SLUICE_MIGRATION_REPEATABLE);
      sluice_migration_set_history_key (migration, script->description);
      break;

    case FLYWAY_UNDO:
    default:
      g_assert_not_reached ();
    }

  sluice_migration_set_up_sql (migration, sql, 1);
  sluice_migration_set_checksum (migration, checksum);
  sluice_migration_set_transactional (migration, transactional);
  sluice_migration_add_file (migration, script->path);
  if (has_conf)
    sluice_migration_add_file (migration, conf_path);

  return g_steal_pointer (&migration);
}

static void
attach_undo (SluiceFolderLoad   *load,
             const FlywayScript *undo,
             SluiceMigration    *migration)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *sql;
  gsize length = 0;
  guint line = 0;

  text = _sluice_folder_load_read_text (load, undo->path, &length);
  if (text == NULL)
    return;

  /* A broken undo script is no reason to lose the migration it undoes,
   * which may well be applied. */
  sql = skip_bom (text);
  statements = _sluice_sql_split_at (sql, 1, &line, &error);
  if (statements == NULL)
    {
      _sluice_folder_load_add_problem (load, undo->path, line,
                                       _("%s; the undo script was skipped, and its migration has none."),
                                       error->message);
      return;
    }

  sluice_migration_set_down_sql (migration, sql);
  sluice_migration_add_file (migration, undo->path);
}

/* Flyway refuses two scripts of one kind that it takes as the same
 * migration; Sluice keeps the first (in path order) and says so. */
static gboolean
claim_key (SluiceFolderLoad   *load,
           GHashTable         *seen,
           const char         *key,
           const FlywayScript *script)
{
  const FlywayScript *first = g_hash_table_lookup (seen, key);

  if (first == NULL)
    {
      g_hash_table_insert (seen, g_strdup (key), (gpointer) script);
      return TRUE;
    }

  if (script->type == FLYWAY_REPEATABLE)
    _sluice_folder_load_add_problem (load, script->path, 0,
                                     _("“%s” has the description “%s”, as “%s” has; Flyway refuses two repeatable migrations with one description. This file was skipped; rename one of them."),
                                     script->file_name, script->description, first->file_name);
  else
    _sluice_folder_load_add_problem (load, script->path, 0,
                                     _("“%s” has version %s, as “%s” has; Flyway refuses two migrations of one kind with one version. This file was skipped; give it the next free version."),
                                     script->file_name, script->version, first->file_name);

  return FALSE;
}

gboolean
_sluice_source_flyway_detect (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return FALSE;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autoptr(FlywayScript) script = NULL;
      g_autofree char *message = NULL;

      if (parse_file_name (name, &script, &message) == NAME_SCRIPT && script->type != FLYWAY_UNDO)
        return TRUE;
    }

  return FALSE;
}

gboolean
_sluice_source_flyway_load (SluiceFolderLoad  *load,
                            GError           **error)
{
  g_autoptr(GPtrArray) scripts = g_ptr_array_new_with_free_func ((GDestroyNotify) flyway_script_free);
  g_autoptr(GHashTable) versioned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) baselines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) repeatables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) undos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* version identity -> SluiceMigration (borrowed from load->migrations) */
  g_autoptr(GHashTable) by_version = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (load != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  collect_scripts (load, load->dir, 0, scripts);

  if (g_cancellable_set_error_if_cancelled (load->cancellable, error))
    return FALSE;

  for (guint i = 0; i < scripts->len; i++)
    {
      const FlywayScript *script = g_ptr_array_index (scripts, i);
      g_autofree char *identity = NULL;
      SluiceMigration *migration;
      GHashTable *seen;

      switch (script->type)
        {
        case FLYWAY_VERSIONED: seen = versioned; break;
        case FLYWAY_BASELINE: seen = baselines; break;
        case FLYWAY_REPEATABLE: seen = repeatables; break;
        case FLYWAY_UNDO: continue;   /* once every versioned one is known */
        default: g_assert_not_reached ();
        }

      identity = script->version != NULL ? version_identity (script->version)
                                         : g_strdup (script->description);

      if (!claim_key (load, seen, identity, script))
        continue;

      migration = build_migration (load, script);
      if (migration == NULL)
        continue;

      g_ptr_array_add (load->migrations, migration);
      if (script->type == FLYWAY_VERSIONED)
        g_hash_table_insert (by_version, g_steal_pointer (&identity), migration);
    }

  for (guint i = 0; i < scripts->len; i++)
    {
      const FlywayScript *script = g_ptr_array_index (scripts, i);
      g_autofree char *identity = NULL;
      SluiceMigration *migration;

      if (script->type != FLYWAY_UNDO)
        continue;

      identity = version_identity (script->version);
      if (!claim_key (load, undos, identity, script))
        continue;

      migration = g_hash_table_lookup (by_version, identity);
      if (migration == NULL && g_hash_table_contains (versioned, identity))
        continue;   /* its versioned script could not be read: already said */
      if (migration == NULL)
        {
          _sluice_folder_load_add_problem (load, script->path, 0,
                                           _("“%s” undoes version %s, but there is no versioned migration V%s__….sql to attach it to. The file was skipped."),
                                           script->file_name, script->version, script->version);
          continue;
        }

      attach_undo (load, script, migration);
    }

  return !g_cancellable_set_error_if_cancelled (load->cancellable, error);
}
