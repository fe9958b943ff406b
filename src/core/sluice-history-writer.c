/* sluice-history-writer.c: recording a run in the folder tool's own table
 *
 * Each tool's rows are written as that tool writes them after its own
 * successful run, so the tool, run afterwards, finds nothing to do:
 *  - drizzle-orm: drizzle.__drizzle_migrations (id serial, hash, created_at),
 *    hash being the SHA-256 of the file and created_at the journal's "when";
 *  - dbmate: schema_migrations (version varchar primary key), one row per
 *    applied version;
 *  - golang-migrate: schema_migrations (version bigint, dirty boolean), a
 *    single row: the version is marked dirty before the migration runs
 *    and clean after it, and going down leaves the version before it;
 *  - Flyway: flyway_schema_history, one row per run with the next
 *    installed_rank, the CRC-32 checksum Flyway computes, and an UNDO_SQL
 *    row when a U script reverts a version;
 *  - Sqitch: its registry (sluice-history-writer-sqitch.c).
 *
 * When a run fails, only Flyway and Sqitch write anything of their own:
 * Flyway a success = false row for a migration it could not run in a
 * transaction (DbMigrate: a transactional one is rolled back, no row),
 * Sqitch a "fail" event for a deploy (Engine::deploy_change).  dbmate and
 * Drizzle roll back and write nothing; golang-migrate's dirty row is
 * already there, written before the migration ran.
 *
 * Tables are left unqualified where the tool uses the connection's current
 * schema (all but Drizzle's and Sqitch's, which have schemas of their own).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-history-writer-private.h"
#include "sluice-migration-source-private.h"

char *
_sluice_history_writer_literal (const char *text)
{
  GString *literal = g_string_new (NULL);
  gboolean has_backslash = strchr (text, '\\') != NULL;

  /* An E'' literal means the same under either setting of
   * standard_conforming_strings. */
  if (has_backslash)
    g_string_append_c (literal, 'E');
  g_string_append_c (literal, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append (literal, "''");
      else if (*p == '\\')
        g_string_append (literal, "\\\\");
      else
        g_string_append_c (literal, *p);
    }
  g_string_append_c (literal, '\'');

  return g_string_free (literal, FALSE);
}

static GPtrArray *
statements_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static void
add_statement (GPtrArray  *statements,
               const char *format,
               ...) G_GNUC_PRINTF (2, 3);

static void
add_statement (GPtrArray  *statements,
               const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (statements, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
require_key (SluiceMigration  *migration,
             GError          **error)
{
  if (sluice_migration_get_history_key (migration) != NULL)
    return TRUE;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("Migration %s has no key for its tool’s history table; nothing was recorded."),
               sluice_migration_get_version (migration));
  return FALSE;
}

/* A bigint key must be digits only: it goes into the SQL as a number. */
static gboolean
require_integer_key (SluiceMigration  *migration,
                     const char       *what,
                     GError          **error)
{
  const char *key = sluice_migration_get_history_key (migration);

  if (!require_key (migration, error))
    return FALSE;

  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(p == key && *p == '-'))
      goto bad;
  if (key[0] != '\0' && g_strcmp0 (key, "-") != 0)
    return TRUE;

bad:
  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("Migration %s has the key “%s”, but %s records a whole number; nothing was recorded."),
               sluice_migration_get_version (migration), key, what);
  return FALSE;
}

/* Drizzle ---------------------------------------------------------------- */

static void
drizzle_setup (GPtrArray *statements)
{
  g_ptr_array_add (statements, g_strdup ("CREATE SCHEMA IF NOT EXISTS drizzle"));
  g_ptr_array_add (statements,
                   g_strdup ("CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations ("
                             " id SERIAL PRIMARY KEY,"
                             " hash text NOT NULL,"
                             " created_at bigint)"));
}

static gboolean
drizzle_record (GPtrArray           *statements,
                SluiceMigration     *migration,
                SluiceRunDirection   direction,
                GError             **error)
{
  const char *when = sluice_migration_get_history_key (migration);
  g_autofree char *hash = NULL;

  if (!require_integer_key (migration, "drizzle", error))
    return FALSE;

  if (direction == SLUICE_RUN_DOWN)
    {
      /* Drizzle applies every entry above the highest created_at, so
       * removing the row makes the migration pending again. */
      add_statement (statements, "DELETE FROM drizzle.__drizzle_migrations WHERE created_at = %s", when);
      return TRUE;
    }

  hash = _sluice_history_writer_literal (sluice_migration_get_checksum (migration) != NULL
                                         ? sluice_migration_get_checksum (migration) : "");
  add_statement (statements,
                 "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (%s, %s)",
                 hash, when);
  return TRUE;
}

/* dbmate ----------------------------------------------------------------- */

static void
dbmate_setup (GPtrArray *statements)
{
  g_ptr_array_add (statements,
                   g_strdup ("CREATE TABLE IF NOT EXISTS schema_migrations ("
                             " version varchar(128) PRIMARY KEY)"));
}

static gboolean
dbmate_record (GPtrArray           *statements,
               SluiceMigration     *migration,
               SluiceRunDirection   direction,
               GError             **error)
{
  g_autofree char *version = NULL;

  if (!require_key (migration, error))
    return FALSE;

  version = _sluice_history_writer_literal (sluice_migration_get_history_key (migration));
  if (direction == SLUICE_RUN_DOWN)
    add_statement (statements, "DELETE FROM schema_migrations WHERE version = %s", version);
  else
    add_statement (statements, "INSERT INTO schema_migrations (version) VALUES (%s)", version);

  return TRUE;
}

/* golang-migrate --------------------------------------------------------- */

static void
golang_migrate_setup (GPtrArray *statements)
{
  g_ptr_array_add (statements,
                   g_strdup ("CREATE TABLE IF NOT EXISTS schema_migrations ("
                             " version bigint NOT NULL PRIMARY KEY,"
                             " dirty boolean NOT NULL)"));
}

/* The number of a golang-migrate file name ("000002_add.up.sql": 2), or
 * FALSE when it is not one. */
static gboolean
golang_migrate_file_version (const char *file_name,
                             guint64    *version)
{
  const char *underscore = strchr (file_name, '_');
  g_autofree char *digits = NULL;

  if (underscore == NULL || underscore == file_name)
    return FALSE;
  if (!g_str_has_suffix (file_name, ".sql") ||
      (strstr (underscore, ".up.") == NULL && strstr (underscore, ".down.") == NULL))
    return FALSE;

  digits = g_strndup (file_name, underscore - file_name);
  return g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, version, NULL);
}

/* golang-migrate goes down to the next lower version among the folder's
 * files (its source's Prev), or to none (-1). */
static gint64
golang_migrate_previous_version (SluiceMigration *migration)
{
  const char * const *files = sluice_migration_get_files (migration);
  guint64 current = g_ascii_strtoull (sluice_migration_get_history_key (migration), NULL, 10);
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  gint64 previous = -1;
  const char *name;

  if (files == NULL || files[0] == NULL)
    return -1;

  dir_path = g_path_get_dirname (files[0]);
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return -1;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 version;

      if (golang_migrate_file_version (name, &version) && version < current &&
          (gint64) version > previous)
        previous = (gint64) version;
    }

  return previous;
}

/* As its postgres driver's SetVersion: the single row replaced; version
 * -1 (none) is stored only while dirty. */
static void
golang_migrate_set_version (GPtrArray *statements,
                            gint64     version,
                            gboolean   dirty)
{
  g_ptr_array_add (statements, g_strdup ("TRUNCATE schema_migrations"));
  if (version >= 0 || dirty)
    add_statement (statements,
                   "INSERT INTO schema_migrations (version, dirty) VALUES (%" G_GINT64_FORMAT ", %s)",
                   version, dirty ? "true" : "false");
}

static gint64
golang_migrate_target (SluiceMigration    *migration,
                       SluiceRunDirection  direction)
{
  if (direction == SLUICE_RUN_DOWN)
    return golang_migrate_previous_version (migration);

  return g_ascii_strtoll (sluice_migration_get_history_key (migration), NULL, 10);
}

/* Flyway ----------------------------------------------------------------- */

static void
flyway_setup (GPtrArray *statements)
{
  g_ptr_array_add (statements,
                   g_strdup ("CREATE TABLE IF NOT EXISTS flyway_schema_history ("
                             " installed_rank INT NOT NULL,"
                             " version VARCHAR(50),"
                             " description VARCHAR(200) NOT NULL,"
                             " type VARCHAR(20) NOT NULL,"
                             " script VARCHAR(1000) NOT NULL,"
                             " checksum INTEGER,"
                             " installed_by VARCHAR(100) NOT NULL,"
                             " installed_on TIMESTAMP NOT NULL DEFAULT now(),"
                             " execution_time INTEGER NOT NULL,"
                             " success BOOLEAN NOT NULL,"
                             " CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank))"));
  g_ptr_array_add (statements,
                   g_strdup ("CREATE INDEX IF NOT EXISTS flyway_schema_history_s_idx"
                             " ON flyway_schema_history (success)"));
}

/* The file Flyway names in "script": the U file going down, else the
 * migration's own, relative to its location (the folder). */
static char *
flyway_script (SluiceMigration    *migration,
               SluiceRunDirection  direction)
{
  const char * const *files = sluice_migration_get_files (migration);

  if (files == NULL || files[0] == NULL)
    return g_strdup (sluice_migration_get_name (migration));

  if (direction == SLUICE_RUN_DOWN)
    for (guint i = 1; files[i] != NULL; i++)
      {
        g_autofree char *base = g_path_get_basename (files[i]);

        if (base[0] == 'U' && g_str_has_suffix (base, ".sql"))
          return g_steal_pointer (&base);
      }

  return g_path_get_basename (files[0]);
}

static const char *
flyway_type (SluiceMigration    *migration,
             SluiceRunDirection  direction)
{
  if (direction == SLUICE_RUN_DOWN)
    return "UNDO_SQL";
  if (sluice_migration_get_kind (migration) == SLUICE_MIGRATION_BASELINE)
    return "SQL_BASELINE";
  return "SQL";
}

static gboolean
flyway_record (GPtrArray           *statements,
               SluiceMigration     *migration,
               SluiceRunDirection   direction,
               gint64               execution_ms,
               gboolean             success,
               GError             **error)
{
  gboolean repeatable = sluice_migration_get_kind (migration) == SLUICE_MIGRATION_REPEATABLE;
  g_autofree char *script = flyway_script (migration, direction);
  g_autofree char *version = NULL;
  g_autofree char *description = NULL;
  g_autofree char *script_literal = NULL;
  g_autofree char *checksum = NULL;
  const char *down;

  if (!require_key (migration, error))
    return FALSE;

  if (direction == SLUICE_RUN_DOWN && repeatable)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“%s” is a repeatable migration, which Flyway never undoes; nothing was recorded."),
                   sluice_migration_get_name (migration));
      return FALSE;
    }

  version = repeatable ? g_strdup ("NULL")
                       : _sluice_history_writer_literal (sluice_migration_get_version (migration));
  description = _sluice_history_writer_literal (sluice_migration_get_name (migration) != NULL
                                                ? sluice_migration_get_name (migration) : "");
  script_literal = _sluice_history_writer_literal (script);

  down = sluice_migration_get_down_sql (migration);
  if (direction == SLUICE_RUN_DOWN)
    checksum = down != NULL ? _sluice_checksum_flyway (down, strlen (down)) : g_strdup ("NULL");
  else
    checksum = g_strdup (sluice_migration_get_checksum (migration) != NULL
                         ? sluice_migration_get_checksum (migration) : "NULL");

  /* Checksums are decimal numbers made here, never text from the file. */
  for (const char *p = checksum; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '-' && g_strcmp0 (checksum, "NULL") != 0)
      {
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                     _("Migration %s has the checksum “%s”, which is not Flyway’s; nothing was recorded."),
                     sluice_migration_get_version (migration), checksum);
        return FALSE;
      }

  /* A version run again after it failed: its failed row goes first, as
   * `flyway repair` removes it before Flyway migrates again; otherwise
   * Flyway's validate would stop at the failed row left behind. */
  if (success && direction == SLUICE_RUN_UP && !repeatable)
    add_statement (statements,
                   "DELETE FROM flyway_schema_history WHERE version = %s AND NOT success",
                   version);

  /* No LOCK TABLE for the rank: the executor's advisory lock keeps runs
   * apart, the primary key refuses a rank taken twice, and the statement
   * must also run outside a transaction block (after a migration that
   * runs one statement at a time). */
  add_statement (statements,
                 "INSERT INTO flyway_schema_history"
                 " (installed_rank, version, description, type, script, checksum,"
                 "  installed_by, execution_time, success)"
                 " SELECT COALESCE(MAX(installed_rank), 0) + 1, %s, %s, '%s', %s, %s,"
                 "        current_user, %" G_GINT64_FORMAT ", %s"
                 "   FROM flyway_schema_history",
                 version, description, flyway_type (migration, direction), script_literal, checksum,
                 CLAMP (execution_ms, 0, G_MAXINT32), success ? "true" : "false");
  return TRUE;
}

/* Public ----------------------------------------------------------------- */

GPtrArray *
sluice_history_writer_setup_statements (SluiceMigrationFormat   format,
                                        const char             *project,
                                        GError                **error)
{
  g_autoptr(GPtrArray) statements = statements_new ();

  switch (format)
    {
    case SLUICE_MIGRATION_FORMAT_DRIZZLE:
      drizzle_setup (statements);
      break;
    case SLUICE_MIGRATION_FORMAT_DBMATE:
      dbmate_setup (statements);
      break;
    case SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE:
      golang_migrate_setup (statements);
      break;
    case SLUICE_MIGRATION_FORMAT_FLYWAY:
      flyway_setup (statements);
      break;
    case SLUICE_MIGRATION_FORMAT_SQITCH:
      return _sluice_history_writer_sqitch_setup (project, error);
    case SLUICE_MIGRATION_FORMAT_AUTO:
    case SLUICE_MIGRATION_FORMAT_SLUICE:
    case SLUICE_MIGRATION_FORMAT_PLAIN:
    default:
      break;
    }

  return g_steal_pointer (&statements);
}

GPtrArray *
sluice_history_writer_begin_statements (SluiceMigrationFormat   format,
                                        SluiceMigration        *migration,
                                        SluiceRunDirection      direction,
                                        GError                **error)
{
  g_autoptr(GPtrArray) statements = statements_new ();

  g_return_val_if_fail (SLUICE_IS_MIGRATION (migration), NULL);

  if (format == SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE)
    {
      if (!require_integer_key (migration, "golang-migrate", error))
        return NULL;
      golang_migrate_set_version (statements, golang_migrate_target (migration, direction), TRUE);
    }

  return g_steal_pointer (&statements);
}

GPtrArray *
sluice_history_writer_record_statements (SluiceMigrationFormat   format,
                                         const char             *project,
                                         SluiceMigration        *migration,
                                         SluiceRunDirection      direction,
                                         gint64                  execution_ms,
                                         GError                **error)
{
  g_autoptr(GPtrArray) statements = statements_new ();
  gboolean ok = TRUE;

  g_return_val_if_fail (SLUICE_IS_MIGRATION (migration), NULL);

  switch (format)
    {
    case SLUICE_MIGRATION_FORMAT_DRIZZLE:
      ok = drizzle_record (statements, migration, direction, error);
      break;
    case SLUICE_MIGRATION_FORMAT_DBMATE:
      ok = dbmate_record (statements, migration, direction, error);
      break;
    case SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE:
      ok = require_integer_key (migration, "golang-migrate", error);
      if (ok)
        golang_migrate_set_version (statements, golang_migrate_target (migration, direction), FALSE);
      break;
    case SLUICE_MIGRATION_FORMAT_FLYWAY:
      ok = flyway_record (statements, migration, direction, execution_ms, TRUE, error);
      break;
    case SLUICE_MIGRATION_FORMAT_SQITCH:
      return _sluice_history_writer_sqitch_record (project, migration, direction, error);
    case SLUICE_MIGRATION_FORMAT_AUTO:
    case SLUICE_MIGRATION_FORMAT_SLUICE:
    case SLUICE_MIGRATION_FORMAT_PLAIN:
    default:
      break;
    }

  if (!ok)
    return NULL;

  return g_steal_pointer (&statements);
}

GPtrArray *
sluice_history_writer_failure_statements (SluiceMigrationFormat   format,
                                          const char             *project,
                                          SluiceMigration        *migration,
                                          SluiceRunDirection      direction,
                                          gint64                  execution_ms,
                                          GError                **error)
{
  g_autoptr(GPtrArray) statements = statements_new ();

  g_return_val_if_fail (SLUICE_IS_MIGRATION (migration), NULL);

  switch (format)
    {
    case SLUICE_MIGRATION_FORMAT_FLYWAY:
      /* Undo is Flyway Teams' closed code: what it records when an undo
       * fails is not known, and a failed UNDO_SQL row would read as the
       * version taken back.  So only a migration going up, and only one
       * whose statements stayed (run outside a transaction). */
      if (direction == SLUICE_RUN_UP && !sluice_migration_get_transactional (migration) &&
          !flyway_record (statements, migration, direction, execution_ms, FALSE, error))
        return NULL;
      break;
    case SLUICE_MIGRATION_FORMAT_SQITCH:
      return _sluice_history_writer_sqitch_failure (project, migration, direction, error);
    case SLUICE_MIGRATION_FORMAT_DRIZZLE:
    case SLUICE_MIGRATION_FORMAT_DBMATE:
    case SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE:
    case SLUICE_MIGRATION_FORMAT_AUTO:
    case SLUICE_MIGRATION_FORMAT_SLUICE:
    case SLUICE_MIGRATION_FORMAT_PLAIN:
    default:
      break;
    }

  return g_steal_pointer (&statements);
}
