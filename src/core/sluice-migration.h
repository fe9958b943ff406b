/* sluice-migration.h: one migration, whatever tool's folder it came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SLUICE_MIGRATION_FORMAT_AUTO,           /* detect from the folder */
  SLUICE_MIGRATION_FORMAT_SLUICE,         /* NNNN_name.sql with -- sluice:up / -- sluice:down */
  SLUICE_MIGRATION_FORMAT_PLAIN,          /* NNNN_name.sql [+ rollback_NNNN_name.sql], or -- UP MIGRATION / -- DOWN MIGRATION */
  SLUICE_MIGRATION_FORMAT_DRIZZLE,        /* meta/_journal.json + TAG.sql, --> statement-breakpoint */
  SLUICE_MIGRATION_FORMAT_DBMATE,         /* -- migrate:up / -- migrate:down [transaction:false] */
  SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, /* N_name.up.sql / N_name.down.sql */
  SLUICE_MIGRATION_FORMAT_FLYWAY,         /* V1_2__name.sql, U, R, B prefixes */
  SLUICE_MIGRATION_FORMAT_SQITCH,         /* sqitch.plan + deploy/ revert/ verify/ */
} SluiceMigrationFormat;

typedef enum
{
  SLUICE_MIGRATION_VERSIONED,
  SLUICE_MIGRATION_REPEATABLE,  /* Flyway R__: re-applied when its checksum changes */
  SLUICE_MIGRATION_BASELINE,    /* Flyway B: only on an empty database */
} SluiceMigrationKind;

GType        sluice_migration_format_get_type    (void) G_GNUC_CONST;
#define SLUICE_TYPE_MIGRATION_FORMAT (sluice_migration_format_get_type ())
/* Stable names: "auto", "sluice", "plain", "drizzle", "dbmate", "golang-migrate", "flyway", "sqitch". */
const char  *sluice_migration_format_to_string   (SluiceMigrationFormat  format);
gboolean     sluice_migration_format_from_string (const char            *text,
                                                  SluiceMigrationFormat *format);

/* Orders versions as migration tools do: runs of digits compare as numbers
 * ("9" < "10", "0001" == "1"), '.' and '_' separate parts ("1.2" == "1_2"
 * < "1.10"), other text compares bytewise. */
int          sluice_version_compare              (const char *a,
                                                  const char *b);

#define SLUICE_TYPE_MIGRATION (sluice_migration_get_type ())
G_DECLARE_FINAL_TYPE (SluiceMigration, sluice_migration, SLUICE, MIGRATION, GObject)

/* Built by the source adapters; read-only afterwards.
 *
 * @version is what the tool calls the version (the number; for Sqitch the
 * change name; for Drizzle the tag's number).  @history_key is how the
 * tool's history table names this migration, so that joining files and
 * history is plain equality: the version for Sluice, plain and dbmate; the
 * version as an integer without leading zeros for golang-migrate; the
 * version, or the description for repeatables, for Flyway; the journal's
 * "when" for Drizzle; the change name for Sqitch.  @checksum is computed
 * with the tool's own rule (NULL when the tool keeps none). */
SluiceMigration      *sluice_migration_new              (SluiceMigrationFormat format,
                                                         const char           *version,
                                                         const char           *name);

SluiceMigrationFormat sluice_migration_get_format       (SluiceMigration *self);
SluiceMigrationKind   sluice_migration_get_kind         (SluiceMigration *self);
const char           *sluice_migration_get_version      (SluiceMigration *self);
const char           *sluice_migration_get_name         (SluiceMigration *self);
const char           *sluice_migration_get_history_key  (SluiceMigration *self);
const char           *sluice_migration_get_up_sql       (SluiceMigration *self);
const char           *sluice_migration_get_down_sql     (SluiceMigration *self);  /* NULL: none */
const char           *sluice_migration_get_checksum     (SluiceMigration *self);  /* NULL: the tool keeps none */
gboolean              sluice_migration_get_transactional (SluiceMigration *self);
/* The files it was read from (absolute paths), up file first. */
const char * const   *sluice_migration_get_files        (SluiceMigration *self);
/* Line of the up SQL's first line in the up file (for positions in lint). */
guint                 sluice_migration_get_up_line      (SluiceMigration *self);

void  sluice_migration_set_kind          (SluiceMigration *self, SluiceMigrationKind kind);
void  sluice_migration_set_history_key   (SluiceMigration *self, const char *key);
void  sluice_migration_set_up_sql        (SluiceMigration *self, const char *sql, guint first_line);
void  sluice_migration_set_down_sql      (SluiceMigration *self, const char *sql);
void  sluice_migration_set_checksum      (SluiceMigration *self, const char *checksum);
void  sluice_migration_set_transactional (SluiceMigration *self, gboolean transactional);
void  sluice_migration_add_file          (SluiceMigration *self, const char *path);

G_END_DECLS
