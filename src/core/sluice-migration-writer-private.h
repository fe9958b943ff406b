/* sluice-migration-writer-private.h: what the migration writer's
 * dispatcher (sluice-migration-writer.c), its formats
 * (sluice-migration-writer-<format>.c) and its commit share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sluice-migration-writer.h"

G_BEGIN_DECLS

#define SLUICE_MIGRATION_TIMESTAMP_DIGITS 14    /* YYYYMMDDHHMMSS */

typedef struct
{
  char *path;
  char *contents;
} SluiceMigrationNewFile;

/* A migration to write: what was asked, and what a format's planner
 * decided to write. */
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
  GPtrArray             *files;          /* SluiceMigrationNewFile, the up file first */
  char                  *index_path;     /* journal or plan to replace; nullable */
  char                  *index_original; /* its text when read; NULL: a new file */
  char                  *index_contents;
} SluiceMigrationPlan;

typedef enum
{
  SLUICE_MARKER_MATCH_EXACT,      /* the line starts with the prefix */
  SLUICE_MARKER_MATCH_SQUEEZED,   /* the same once blanks are taken out */
  SLUICE_MARKER_MATCH_FOLDED,     /* the same once blanks are taken out, in any case */
} SluiceMarkerMatch;

/* The highest version number of a folder's migrations. */
typedef struct
{
  guint64  highest;
  gsize    width;       /* digits of the highest version as written */
  gboolean any;
} SluiceMigrationVersions;

/* Adds a new file at @file_name (relative to the folder); takes @contents. */
void       _sluice_migration_writer_add_file                (SluiceMigrationPlan      *plan,
                                                             const char               *file_name,
                                                             char                     *contents);

/* Names and text (sluice-migration-writer-util.c) */
char      *_sluice_migration_writer_make_slug               (const char               *name);
char      *_sluice_migration_writer_trimmed_block           (const char               *sql);
gboolean   _sluice_migration_writer_has_marker_line         (const char               *sql,
                                                             const char               *prefix,
                                                             SluiceMarkerMatch         match);
gboolean   _sluice_migration_writer_check_markers           (SluiceMigrationPlan      *plan,
                                                             const char               *prefix,
                                                             SluiceMarkerMatch         match,
                                                             const char               *marker,
                                                             GError                  **error);
char      *_sluice_migration_writer_format_timestamp        (GDateTime                *now);
guint64    _sluice_migration_writer_later_than              (guint64                   candidate,
                                                             guint64                   highest);
gboolean   _sluice_migration_writer_check_transactional_sql (const char               *sql,
                                                             gboolean                  single_ok,
                                                             const char               *tool,
                                                             GError                  **error);

/* Reading the folder (sluice-migration-writer-util.c) */
GPtrArray *_sluice_migration_writer_list_names              (const char               *dir,
                                                             GError                  **error);
gboolean   _sluice_migration_writer_leading_number          (const char               *name,
                                                             guint64                  *value,
                                                             gsize                    *digits);
void       _sluice_migration_writer_versions_add            (SluiceMigrationVersions  *versions,
                                                             guint64                   value,
                                                             gsize                     digits);
gboolean   _sluice_migration_writer_read_text_file          (const char               *path,
                                                             char                    **text,
                                                             GError                  **error);

/* The formats' planners: each fills @plan's files (and index) or fails
 * with nothing written. */
gboolean   _sluice_migration_writer_plan_sluice             (SluiceMigrationPlan      *plan,
                                                             GError                  **error);
gboolean   _sluice_migration_writer_plan_plain              (SluiceMigrationPlan      *plan,
                                                             GError                  **error);
gboolean   _sluice_migration_writer_plan_dbmate             (SluiceMigrationPlan      *plan,
                                                             GError                  **error);
gboolean   _sluice_migration_writer_plan_golang_migrate     (SluiceMigrationPlan      *plan,
                                                             GError                  **error);
gboolean   _sluice_migration_writer_plan_flyway             (SluiceMigrationPlan      *plan,
                                                             GError                  **error);
gboolean   _sluice_migration_writer_plan_drizzle            (SluiceMigrationPlan      *plan,
                                                             GError                  **error);
gboolean   _sluice_migration_writer_plan_sqitch             (SluiceMigrationPlan      *plan,
                                                             GError                  **error);

/* Writes the planned files, then the index (sluice-migration-writer-commit.c);
 * the paths written, the up file first, or NULL with nothing left behind. */
char     **_sluice_migration_writer_commit                  (SluiceMigrationPlan      *plan,
                                                             GError                  **error);

G_END_DECLS
