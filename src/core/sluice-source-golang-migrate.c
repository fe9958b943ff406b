/* sluice-source-golang-migrate.c: golang-migrate's migration folder
 *
 * golang-migrate reads files named ^([0-9]+)_(.*)\.(down|up)\.(.*)$: the
 * number is the version, parsed as an unsigned 64-bit integer, and that
 * integer (without leading zeros) is what schema_migrations holds.  An up
 * and a down file share a version; two up (or two down) files of one
 * version are an error for golang-migrate, and a problem here.  Each file
 * runs as one multi-statement query, in one implicit transaction.  There
 * are no checksums.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-migration-source-private.h"
#include "sluice-sql.h"

typedef struct
{
  char     *version;     /* as written */
  char     *key;         /* the integer, as schema_migrations holds it */
  char     *name;
  gboolean  up;
  char     *extension;
} FileName;

static void
file_name_clear (FileName *parsed)
{
  g_clear_pointer (&parsed->version, g_free);
  g_clear_pointer (&parsed->key, g_free);
  g_clear_pointer (&parsed->name, g_free);
  g_clear_pointer (&parsed->extension, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FileName, file_name_clear)

/* ^([0-9]+)_(.*)\.(down|up)\.(.*)$ -- the greedy (.*) takes the last
 * ".up." or ".down." of the name, as Go's regexp does. */
static gboolean
parse_file_name (const char *file_name,
                 FileName   *parsed)
{
  gsize digits = strspn (file_name, "0123456789");
  const char *rest;
  const char *best = NULL;
  gboolean best_up = FALSE;

  memset (parsed, 0, sizeof *parsed);

  if (digits == 0 || file_name[digits] != '_')
    return FALSE;

  rest = file_name + digits + 1;

  for (const char *p = strchr (rest, '.'); p != NULL; p = strchr (p + 1, '.'))
    {
      if (g_str_has_prefix (p, ".up."))
        {
          best = p;
          best_up = TRUE;
        }
      else if (g_str_has_prefix (p, ".down."))
        {
          best = p;
          best_up = FALSE;
        }
    }

  if (best == NULL)
    return FALSE;

  parsed->version = g_strndup (file_name, digits);
  parsed->name = g_utf8_make_valid (rest, best - rest);
  parsed->up = best_up;
  parsed->extension = g_strdup (best + (best_up ? strlen (".up.") : strlen (".down.")));

  return TRUE;
}

/* The version as golang-migrate's strconv.ParseUint reads it; FALSE when
 * it does not fit in 64 bits. */
static gboolean
version_key (const char  *version,
             char       **key)
{
  guint64 value;
  char *end = NULL;

  errno = 0;
  value = g_ascii_strtoull (version, &end, 10);

  if (errno != 0 || end == NULL || *end != '\0')
    return FALSE;

  *key = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  return TRUE;
}

gboolean
_sluice_source_golang_migrate_detect (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *entry;

  if (handle == NULL)
    return FALSE;

  while ((entry = g_dir_read_name (handle)) != NULL)
    {
      g_auto(FileName) parsed = { 0 };

      if (parse_file_name (entry, &parsed) && parsed.up && g_str_equal (parsed.extension, "sql"))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  char *up_file;      /* names, relative to the folder */
  char *down_file;
} Pair;

static void
pair_free (Pair *pair)
{
  g_free (pair->up_file);
  g_free (pair->down_file);
  g_free (pair);
}

/* Groups the files by version, reporting a second file of one direction. */
static GHashTable *
pair_files (SluiceFolderLoad *load,
            GPtrArray        *names,
            GPtrArray        *order)
{
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pair_free);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);
      g_auto(FileName) parsed = { 0 };
      g_autofree char *key = NULL;
      Pair *pair;
      char **slot;

      if (!parse_file_name (file_name, &parsed))
        continue;

      if (!version_key (parsed.version, &key))
        {
          g_autofree char *path = g_build_filename (load->dir, file_name, NULL);

          _sluice_folder_load_add_problem (load, path, 0,
                                           _("The version %s is larger than golang-migrate can count (64 bits); this file was skipped."),
                                           parsed.version);
          continue;
        }

      pair = g_hash_table_lookup (pairs, key);
      if (pair == NULL)
        {
          pair = g_new0 (Pair, 1);
          g_hash_table_insert (pairs, g_strdup (key), pair);
          g_ptr_array_add (order, g_strdup (key));
        }

      slot = parsed.up ? &pair->up_file : &pair->down_file;

      if (*slot != NULL)
        {
          g_autofree char *path = g_build_filename (load->dir, file_name, NULL);
          g_autofree char *display = g_filename_display_name (*slot);

          _sluice_folder_load_add_problem (load, path, 0,
                                           parsed.up
                                           ? _("Version %s already has the up file “%s”, and golang-migrate refuses two; this file was skipped.")
                                           : _("Version %s already has the down file “%s”, and golang-migrate refuses two; this file was skipped."),
                                           parsed.version, display);
          continue;
        }

      *slot = g_strdup (file_name);
    }

  return g_steal_pointer (&pairs);
}

static SluiceMigration *
parse_migration (SluiceFolderLoad *load,
                 const char       *key,
                 Pair             *pair)
{
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(GPtrArray) down_statements = NULL;
  g_autofree char *up_path = NULL;
  g_autofree char *down_path = NULL;
  g_autofree char *up = NULL;
  g_autofree char *down = NULL;
  g_auto(FileName) parsed = { 0 };
  gsize length;

  if (pair->up_file == NULL)
    {
      g_autofree char *path = g_build_filename (load->dir, pair->down_file, NULL);

      _sluice_folder_load_add_problem (load, path, 0,
                                       _("This down file has no up file of the same version; it was ignored."));
      return NULL;
    }

  parse_file_name (pair->up_file, &parsed);
  up_path = g_build_filename (load->dir, pair->up_file, NULL);

  up = _sluice_folder_load_read_text (load, up_path, &length);
  if (up == NULL || !_sluice_folder_load_check_sql (load, up_path, up, 1))
    return NULL;

  if (pair->down_file != NULL)
    {
      down_path = g_build_filename (load->dir, pair->down_file, NULL);

      /* Without its down file the migration would look as if it had none. */
      down = _sluice_folder_load_read_text (load, down_path, &length);
      if (down == NULL)
        return NULL;

      down_statements = _sluice_folder_load_split_sql (load, down_path, down, 1);
      if (down_statements == NULL)
        return NULL;

      if (down_statements->len == 0)
        g_clear_pointer (&down, g_free);
    }

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, parsed.version, parsed.name);
  sluice_migration_set_history_key (migration, key);
  sluice_migration_set_up_sql (migration, up, 1);
  sluice_migration_set_down_sql (migration, down);
  sluice_migration_add_file (migration, up_path);

  if (down_path != NULL)
    sluice_migration_add_file (migration, down_path);

  return g_steal_pointer (&migration);
}

gboolean
_sluice_source_golang_migrate_load (SluiceFolderLoad  *load,
                                    GError           **error)
{
  g_autoptr(GPtrArray) names = _sluice_folder_load_list (load, NULL, error);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) pairs = NULL;

  if (names == NULL)
    return FALSE;

  pairs = pair_files (load, names, order);

  for (guint i = 0; i < order->len; i++)
    {
      const char *key = g_ptr_array_index (order, i);
      SluiceMigration *migration;

      if (g_cancellable_is_cancelled (load->cancellable))
        return TRUE;

      migration = parse_migration (load, key, g_hash_table_lookup (pairs, key));
      if (migration != NULL)
        g_ptr_array_add (load->migrations, migration);
    }

  return TRUE;
}
