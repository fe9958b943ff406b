/* sluice-migration-folder.c: a migration folder read by its tool's conventions
 *
 * The folder picks the adapter (sluice-source-*.c) for the format, lets it
 * append migrations and problems, then puts the migrations in the order the
 * tool applies them (version order, or the plan's or journal's order for
 * Sqitch and Drizzle) and sets aside a second migration with a version (for
 * Drizzle, a history key) already taken.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-migration-folder.h"
#include "sluice-migration-source-private.h"

/* A migration larger than this is no hand-written script; reading it whole
 * could exhaust memory, so it is reported instead. */
#define MAX_FILE_SIZE ((guint64) 256 * 1024 * 1024)

/* Four digits unless the folder already uses another width. */
#define DEFAULT_VERSION_WIDTH 4
#define MAX_NAME_LENGTH 100

struct _SluiceMigrationFolder
{
  GObject                parent_instance;

  char                  *path;
  SluiceMigrationFormat  format;
  char                  *project;
  GListStore            *migrations;
  GHashTable            *by_key;      /* history key -> SluiceMigration (borrowed) */
  GPtrArray             *problems;
};

G_DEFINE_FINAL_TYPE (SluiceMigrationFolder, sluice_migration_folder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_FORMAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SluiceMigrationFormat   format;
  SluiceSourceDetectFunc  detect;
  SluiceSourceLoadFunc    load;
} Adapter;

/* In the order formats are detected: the most specific marker first (a plan
 * or a journal names the whole folder), Sluice's own and plain last since
 * their file names are what other tools' names look like too. */
static const Adapter adapters[] = {
  { SLUICE_MIGRATION_FORMAT_SQITCH, _sluice_source_sqitch_detect, _sluice_source_sqitch_load },
  { SLUICE_MIGRATION_FORMAT_DRIZZLE, _sluice_source_drizzle_detect, _sluice_source_drizzle_load },
  { SLUICE_MIGRATION_FORMAT_FLYWAY, _sluice_source_flyway_detect, _sluice_source_flyway_load },
  { SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, _sluice_source_golang_migrate_detect, _sluice_source_golang_migrate_load },
  { SLUICE_MIGRATION_FORMAT_DBMATE, _sluice_source_dbmate_detect, _sluice_source_dbmate_load },
  { SLUICE_MIGRATION_FORMAT_SLUICE, _sluice_source_sluice_detect, _sluice_source_sluice_load },
  { SLUICE_MIGRATION_FORMAT_PLAIN, _sluice_source_plain_detect, _sluice_source_plain_load },
};

static const Adapter *
find_adapter (SluiceMigrationFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (adapters); i++)
    {
      if (adapters[i].format == format)
        return &adapters[i];
    }

  return NULL;
}

/* Problems and the load context ------------------------------------------- */

void
sluice_folder_problem_free (SluiceFolderProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

void
_sluice_folder_load_add_problem (SluiceFolderLoad *load,
                                 const char       *path,
                                 guint             line,
                                 const char       *format,
                                 ...)
{
  SluiceFolderProblem *problem;
  va_list args;

  g_return_if_fail (load != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (format != NULL);

  problem = g_new0 (SluiceFolderProblem, 1);
  problem->path = g_path_is_absolute (path) ? g_strdup (path) : g_build_filename (load->dir, path, NULL);
  problem->line = line;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (load->problems, problem);
}

static guint
line_of_offset (const char *text,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n')
        line++;
    }

  return line;
}

char *
_sluice_folder_load_read_text (SluiceFolderLoad *load,
                               const char       *path,
                               gsize            *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *invalid = NULL;
  const char *nul;
  GStatBuf buf;
  gsize size = 0;
  int stat_result;

  g_return_val_if_fail (load != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (length != NULL)
    *length = 0;

  stat_result = g_stat (path, &buf);

  if (stat_result != 0 && g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      _sluice_folder_load_add_problem (load, path, 0,
                                       _("This is a link to a file that does not exist; it was skipped."));
      return NULL;
    }
  else if (stat_result == 0)
    {
      if (S_ISDIR (buf.st_mode))
        {
          _sluice_folder_load_add_problem (load, path, 0,
                                           _("This is a folder, not a file, although it is named like a migration; it was skipped."));
          return NULL;
        }

      if ((guint64) buf.st_size > MAX_FILE_SIZE)
        {
          _sluice_folder_load_add_problem (load, path, 0,
                                           _("The file is larger than %u MiB, more than a migration script should hold; it was skipped."),
                                           (guint) (MAX_FILE_SIZE / (1024 * 1024)));
          return NULL;
        }
    }

  if (!g_file_get_contents (path, &contents, &size, &error))
    {
      _sluice_folder_load_add_problem (load, path, 0,
                                       _("The file cannot be read (%s); it was skipped."),
                                       error->message);
      return NULL;
    }

  nul = memchr (contents, '\0', size);

  if (!g_utf8_validate (contents, nul != NULL ? nul - contents : (gssize) size, &invalid))
    {
      _sluice_folder_load_add_problem (load, path, line_of_offset (contents, invalid - contents),
                                       _("This line is not valid UTF-8 text; the file was skipped. Save it as UTF-8 and reload."));
      return NULL;
    }

  if (nul != NULL)
    {
      _sluice_folder_load_add_problem (load, path, line_of_offset (contents, nul - contents),
                                       _("This line holds a NUL byte, which SQL text cannot contain; the file was skipped."));
      return NULL;
    }

  if (length != NULL)
    *length = size;

  return g_steal_pointer (&contents);
}

GPtrArray *
_sluice_folder_load_split_sql (SluiceFolderLoad *load,
                               const char       *path,
                               const char       *sql,
                               guint             first_line)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *statements;
  guint line = 0;

  g_return_val_if_fail (load != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  statements = _sluice_sql_split_at (sql, first_line, &line, &error);

  if (statements == NULL)
    _sluice_folder_load_add_problem (load, path, line,
                                     _("%s; this migration was skipped."),
                                     error->message);

  return statements;
}

gboolean
_sluice_folder_load_check_sql (SluiceFolderLoad *load,
                               const char       *path,
                               const char       *sql,
                               guint             first_line)
{
  g_autoptr(GPtrArray) statements = NULL;

  g_return_val_if_fail (load != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (sql == NULL)
    return TRUE;

  statements = _sluice_folder_load_split_sql (load, path, sql, first_line);

  return statements != NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

GPtrArray *
_sluice_folder_load_list (SluiceFolderLoad  *load,
                          const char        *dir,
                          GError           **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) handle = NULL;
  g_autofree char *path = NULL;
  const char *name;

  g_return_val_if_fail (load != NULL, NULL);

  path = dir != NULL ? g_build_filename (load->dir, dir, NULL) : g_strdup (load->dir);
  handle = g_dir_open (path, 0, &local_error);

  if (handle == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The folder “%s” cannot be read (%s); no migration was loaded."),
                   display, local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      /* Editors' backups and lock files (".#x.sql") are no migrations. */
      if (name[0] != '.')
        g_ptr_array_add (names, g_strdup (name));
    }

  g_ptr_array_sort (names, compare_names);

  return g_steal_pointer (&names);
}

void
_sluice_line_reader_init (SluiceLineReader *reader,
                          const char       *text,
                          gsize             length)
{
  *reader = (SluiceLineReader) { text, length, 0, 0 };
}

gboolean
_sluice_line_reader_next (SluiceLineReader  *reader,
                          const char       **line,
                          gsize             *line_length,
                          gsize             *line_start)
{
  const char *end;
  gsize start = reader->position;
  gsize length;

  /* Text ending in "\n" has no empty line after it. */
  if (start >= reader->length)
    return FALSE;

  end = memchr (reader->text + start, '\n', reader->length - start);
  length = end != NULL ? (gsize) (end - reader->text) - start : reader->length - start;
  reader->position = start + length + (end != NULL ? 1 : 0);
  reader->number++;

  if (length > 0 && reader->text[start + length - 1] == '\r')
    length--;

  if (line != NULL)
    *line = reader->text + start;
  if (line_length != NULL)
    *line_length = length;
  if (line_start != NULL)
    *line_start = start;

  return TRUE;
}

/* Order and duplicates ----------------------------------------------------- */

static int
kind_rank (SluiceMigrationKind kind)
{
  /* Flyway: a baseline comes before the versioned migration of its version
   * (it replaces those up to it), repeatables after all versioned ones. */
  switch (kind)
    {
    case SLUICE_MIGRATION_BASELINE:
      return 0;
    case SLUICE_MIGRATION_VERSIONED:
      return 1;
    case SLUICE_MIGRATION_REPEATABLE:
    default:
      return 2;
    }
}

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  SluiceMigration *ma = *(SluiceMigration * const *) a;
  SluiceMigration *mb = *(SluiceMigration * const *) b;
  SluiceMigrationKind ka = sluice_migration_get_kind (ma);
  SluiceMigrationKind kb = sluice_migration_get_kind (mb);
  int result;

  if (ka == SLUICE_MIGRATION_REPEATABLE && kb == SLUICE_MIGRATION_REPEATABLE)
    return g_strcmp0 (sluice_migration_get_name (ma), sluice_migration_get_name (mb));

  if ((ka == SLUICE_MIGRATION_REPEATABLE) != (kb == SLUICE_MIGRATION_REPEATABLE))
    return kind_rank (ka) - kind_rank (kb);

  result = sluice_version_compare (sluice_migration_get_version (ma), sluice_migration_get_version (mb));
  if (result != 0)
    return result;

  return kind_rank (ka) - kind_rank (kb);
}

static const char *
first_file (SluiceMigration *migration)
{
  const char * const *files = sluice_migration_get_files (migration);

  return files[0] != NULL ? files[0] : "";
}

/* Two migrations one history row cannot tell apart. */
static gboolean
same_version (SluiceMigration *a,
              SluiceMigration *b)
{
  const char *version_a = sluice_migration_get_version (a);
  const char *version_b = sluice_migration_get_version (b);

  if (sluice_migration_get_kind (a) != sluice_migration_get_kind (b))
    return FALSE;

  if (g_strcmp0 (sluice_migration_get_history_key (a), sluice_migration_get_history_key (b)) == 0)
    return TRUE;

  return sluice_migration_get_kind (a) != SLUICE_MIGRATION_REPEATABLE &&
         version_a != NULL && version_b != NULL &&
         sluice_version_compare (version_a, version_b) == 0;
}

static void
report_duplicate (SluiceFolderLoad *load,
                  SluiceMigration  *kept,
                  SluiceMigration  *skipped)
{
  g_autofree char *kept_name = g_filename_display_basename (first_file (kept));
  const char *version = sluice_migration_get_version (skipped);

  if (version == NULL)
    version = sluice_migration_get_history_key (skipped);

  _sluice_folder_load_add_problem (load, first_file (skipped), 0,
                                   _("Version %s is already used by “%s”; this file was skipped. Give it a version of its own."),
                                   version != NULL ? version : "", kept_name);
}

/* Drizzle applies its journal's order, whatever the numbers in the tags
 * say: two branches merged can both bring a 0005_…, told apart by their
 * "when" (the history key), and a later number may come first. */
static void
drop_duplicate_keys (SluiceFolderLoad *load)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < load->migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (load->migrations, i);
      const char *key = sluice_migration_get_history_key (migration);
      SluiceMigration *same_key = key != NULL ? g_hash_table_lookup (keys, key) : NULL;

      if (same_key != NULL)
        {
          report_duplicate (load, same_key, migration);
          continue;
        }

      if (key != NULL)
        g_hash_table_insert (keys, (gpointer) key, migration);
      g_ptr_array_add (kept, g_object_ref (migration));
    }

  g_ptr_array_set_size (load->migrations, 0);
  g_ptr_array_extend_and_steal (load->migrations, g_steal_pointer (&kept));
}

/* Puts the migrations in the order the tool applies them and drops every
 * second migration of a version, keeping the one met first. */
static void
order_migrations (SluiceFolderLoad      *load,
                  SluiceMigrationFormat  format)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  /* Sqitch applies its plan's order, which names changes rather than
   * numbering them; reworked changes there share a name on purpose. */
  if (format == SLUICE_MIGRATION_FORMAT_SQITCH)
    return;

  if (format == SLUICE_MIGRATION_FORMAT_DRIZZLE)
    {
      drop_duplicate_keys (load);
      return;
    }

  /* g_ptr_array_sort() is stable: equal versions keep the adapter's order. */
  g_ptr_array_sort (load->migrations, compare_migrations);

  for (guint i = 0; i < load->migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (load->migrations, i);
      SluiceMigration *previous = kept->len > 0 ? g_ptr_array_index (kept, kept->len - 1) : NULL;
      const char *key = sluice_migration_get_history_key (migration);
      SluiceMigration *same_key = key != NULL ? g_hash_table_lookup (keys, key) : NULL;

      if (previous != NULL && same_version (previous, migration))
        report_duplicate (load, previous, migration);
      else if (same_key != NULL && same_version (same_key, migration))
        report_duplicate (load, same_key, migration);
      else
        {
          if (key != NULL)
            g_hash_table_insert (keys, (gpointer) key, migration);
          g_ptr_array_add (kept, g_object_ref (migration));
        }
    }

  g_ptr_array_set_size (load->migrations, 0);
  g_ptr_array_extend_and_steal (load->migrations, g_steal_pointer (&kept));
}

/* The object ---------------------------------------------------------------- */

static void
sluice_migration_folder_finalize (GObject *object)
{
  SluiceMigrationFolder *self = (SluiceMigrationFolder *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->project, g_free);
  g_clear_object (&self->migrations);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_migration_folder_parent_class)->finalize (object);
}

static void
sluice_migration_folder_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SluiceMigrationFolder *self = SLUICE_MIGRATION_FOLDER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migration_folder_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  SluiceMigrationFolder *self = SLUICE_MIGRATION_FOLDER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migration_folder_class_init (SluiceMigrationFolderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_migration_folder_finalize;
  object_class->get_property = sluice_migration_folder_get_property;
  object_class->set_property = sluice_migration_folder_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       SLUICE_TYPE_MIGRATION_FORMAT,
                       SLUICE_MIGRATION_FORMAT_SLUICE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_migration_folder_init (SluiceMigrationFolder *self)
{
  self->migrations = g_list_store_new (SLUICE_TYPE_MIGRATION);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_folder_problem_free);
}

/* Loading -------------------------------------------------------------------- */

/* An absolute, normalised path of a folder that exists. */
static char *
resolve_folder (const char  *path,
                GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *display = NULL;

  if (path == NULL || path[0] == '\0')
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("No migration folder was given."));
      return NULL;
    }

  absolute = g_canonicalize_filename (path, NULL);
  display = g_filename_display_name (absolute);

  if (!g_file_test (absolute, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
                   _("The migration folder “%s” does not exist. Check the profile’s folder or the -d option."),
                   display);
      return NULL;
    }

  if (!g_file_test (absolute, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“%s” is a file, not a migration folder. Give the folder that holds the migrations."),
                   display);
      return NULL;
    }

  return g_steal_pointer (&absolute);
}

static SluiceMigrationFormat
detect_in (const char  *dir,
           GError     **error)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  /* The adapters' detect functions treat an unreadable folder as "not
   * mine"; say what is really wrong instead. */
  handle = g_dir_open (dir, 0, &local_error);
  if (handle == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The migration folder cannot be read: %s"), local_error->message);
      return SLUICE_MIGRATION_FORMAT_AUTO;
    }

  for (guint i = 0; i < G_N_ELEMENTS (adapters); i++)
    {
      if (adapters[i].detect (dir))
        return adapters[i].format;
    }

  display = g_filename_display_name (dir);

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("No migrations were recognised in “%s”. Sluice looked for sqitch.plan, "
                 "meta/_journal.json (Drizzle), V1__name.sql (Flyway), 1_name.up.sql "
                 "(golang-migrate), “-- migrate:up” (dbmate), “-- sluice:up” (Sluice) and "
                 "NNNN_name.sql files. Name the format on the profile if it is one of these."),
               display);
  return SLUICE_MIGRATION_FORMAT_AUTO;
}

SluiceMigrationFormat
sluice_migration_format_detect (const char  *path,
                                GError     **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, SLUICE_MIGRATION_FORMAT_AUTO);

  dir = resolve_folder (path, error);
  if (dir == NULL)
    return SLUICE_MIGRATION_FORMAT_AUTO;

  return detect_in (dir, error);
}

static SluiceMigrationFolder *
load_folder (const char             *path,
             SluiceMigrationFormat   format,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autoptr(SluiceMigrationFolder) self = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *dir = NULL;
  const Adapter *adapter;
  SluiceFolderLoad load;
  gboolean loaded;

  dir = resolve_folder (path, error);
  if (dir == NULL)
    return NULL;

  if (format == SLUICE_MIGRATION_FORMAT_AUTO)
    {
      format = detect_in (dir, error);
      if (format == SLUICE_MIGRATION_FORMAT_AUTO)
        return NULL;
    }

  adapter = find_adapter (format);
  if (adapter == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("Sluice cannot read migration folders in format %d."), (int) format);
      return NULL;
    }

  self = g_object_new (SLUICE_TYPE_MIGRATION_FOLDER,
                       "path", dir,
                       "format", format,
                       NULL);

  load = (SluiceFolderLoad) {
    .dir = dir,
    .migrations = migrations,
    .problems = self->problems,
    .cancellable = cancellable,
  };

  loaded = adapter->load (&load, error);
  self->project = g_steal_pointer (&load.project);
  if (!loaded)
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  order_migrations (&load, format);

  for (guint i = 0; i < migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (migrations, i);
      const char *key = sluice_migration_get_history_key (migration);
      SluiceMigration *known = key != NULL ? g_hash_table_lookup (self->by_key, key) : NULL;

      /* A Flyway B file and V file of one version share the key; most rows
       * that name it record the V file. */
      if (key != NULL &&
          (known == NULL ||
           (sluice_migration_get_kind (known) == SLUICE_MIGRATION_BASELINE &&
            sluice_migration_get_kind (migration) == SLUICE_MIGRATION_VERSIONED)))
        g_hash_table_insert (self->by_key, (gpointer) key, migration);
    }

  g_list_store_splice (self->migrations, 0, 0, migrations->pdata, migrations->len);

  return g_steal_pointer (&self);
}

SluiceMigrationFolder *
sluice_migration_folder_load (const char             *path,
                              SluiceMigrationFormat   format,
                              GError                **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_folder (path, format, NULL, error);
}

typedef struct
{
  char                  *path;
  SluiceMigrationFormat  format;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  SluiceMigrationFolder *folder;

  folder = load_folder (data->path, data->format, cancellable, &error);

  if (folder == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, folder, g_object_unref);
}

void
sluice_migration_folder_load_async (const char            *path,
                                    SluiceMigrationFormat  format,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (path);
  data->format = format;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_migration_folder_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_in_thread);
}

SluiceMigrationFolder *
sluice_migration_folder_load_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_migration_folder_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
sluice_migration_folder_get_path (SluiceMigrationFolder *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_FOLDER (self), NULL);

  return self->path;
}

SluiceMigrationFormat
sluice_migration_folder_get_format (SluiceMigrationFolder *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_FOLDER (self), SLUICE_MIGRATION_FORMAT_AUTO);

  return self->format;
}

const char *
sluice_migration_folder_get_project (SluiceMigrationFolder *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_FOLDER (self), NULL);

  return self->project;
}

GListModel *
sluice_migration_folder_get_migrations (SluiceMigrationFolder *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_FOLDER (self), NULL);

  return G_LIST_MODEL (self->migrations);
}

SluiceMigration *
sluice_migration_folder_find (SluiceMigrationFolder *self,
                              const char            *history_key)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_FOLDER (self), NULL);

  if (history_key == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_key, history_key);
}

GPtrArray *
sluice_migration_folder_get_problems (SluiceMigrationFolder *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_FOLDER (self), NULL);

  return self->problems;
}

/* New migrations ------------------------------------------------------------ */

/* Lower-case letters, digits and single underscores: "Add users.email" and
 * "addUsersEmail" both become "add_users_email".  NULL when nothing of the
 * name is usable. */
static char *
sanitize_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, NULL);
  g_autoptr(GString) result = g_string_new (NULL);
  gboolean has_letter = FALSE;
  gboolean pending_separator = FALSE;
  char previous = '\0';

  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = *p;

      if (g_ascii_isalnum (c))
        {
          /* A capital after a small letter or digit starts a word. */
          if (g_ascii_isupper (c) && (g_ascii_islower (previous) || g_ascii_isdigit (previous)))
            pending_separator = TRUE;

          if (pending_separator && result->len > 0)
            g_string_append_c (result, '_');
          pending_separator = FALSE;

          g_string_append_c (result, g_ascii_tolower (c));
          has_letter |= g_ascii_isalpha (c);
        }
      else
        pending_separator = TRUE;

      previous = c;
    }

  if (!has_letter)
    return NULL;

  if (result->len > MAX_NAME_LENGTH)
    g_string_truncate (result, MAX_NAME_LENGTH);

  while (result->len > 0 && result->str[result->len - 1] == '_')
    g_string_truncate (result, result->len - 1);

  return g_string_free (g_steal_pointer (&result), FALSE);
}

/* The highest version among NNNN_name.sql files of @dir and its width. */
static gboolean
find_highest_version (const char  *dir,
                      guint64     *highest,
                      guint       *width,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &local_error);
  const char *entry;

  *highest = 0;
  *width = DEFAULT_VERSION_WIDTH;

  if (handle == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The migration folder cannot be read (%s); no migration was written."),
                   local_error->message);
      return FALSE;
    }

  while ((entry = g_dir_read_name (handle)) != NULL)
    {
      gsize digits = strspn (entry, "0123456789");
      guint64 version;

      if (digits == 0 || entry[digits] != '_' || !g_str_has_suffix (entry, ".sql"))
        continue;

      /* More digits than a guint64 holds is no version Sluice writes after. */
      if (digits > 18)
        {
          g_autofree char *display = g_filename_display_name (entry);

          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("The version of “%s” is too long to count on from; no migration was written."),
                       display);
          return FALSE;
        }

      version = g_ascii_strtoull (entry, NULL, 10);

      if (version > *highest || (version == *highest && digits > *width))
        {
          *highest = version;
          *width = digits;
        }
    }

  return TRUE;
}

char *
sluice_migration_folder_new_migration (const char  *path,
                                       const char  *name,
                                       GError     **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *snake = NULL;
  g_autofree char *version = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *header = NULL;
  guint64 highest;
  guint width;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  snake = sanitize_name (name);
  if (snake == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“%s” cannot name a migration: it has no letters. Say what the migration does, "
                     "for example “add_users_email”; no file was written."),
                   name);
      return NULL;
    }

  dir = resolve_folder (path, error);
  if (dir == NULL)
    return NULL;

  if (!find_highest_version (dir, &highest, &width, error))
    return NULL;

  version = g_strdup_printf ("%0*" G_GUINT64_FORMAT, (int) width, highest + 1);
  file_name = g_strdup_printf ("%s_%s.sql", version, snake);
  file_path = g_build_filename (dir, file_name, NULL);

  /* TRANSLATORS: the first line of a new migration file; %s is its name */
  header = g_strdup_printf (_("-- %s: say what this migration changes and why."), snake);
  contents = g_strdup_printf ("%s\n"
                              "-- sluice:up\n"
                              "\n"
                              "-- sluice:down\n"
                              "\n",
                              header);

  /* G_FILE_CREATE_NONE fails when the file exists: never overwrite one. */
  file = g_file_new_for_path (file_path);
  stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, &local_error);

  if (stream == NULL ||
      !g_output_stream_write_all (G_OUTPUT_STREAM (stream), contents, strlen (contents), NULL, NULL, &local_error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error))
    {
      g_autofree char *display = g_filename_display_name (file_path);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                     _("“%s” already exists and was left as it is. Try again: the next version will be used."),
                     display);
      else
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                     _("The new migration “%s” could not be written: %s"),
                     display, local_error->message);

      /* A half-written file would be read as a migration: remove it. */
      if (stream != NULL)
        g_file_delete (file, NULL, NULL);

      return NULL;
    }

  return g_steal_pointer (&file_path);
}
