/* sluice-test-interop.h: running other projects' migration tools in pg tests
 *
 * The interop tests let the real tool (dbmate and drizzle-kit installed by
 * `npm ci` in tests/interop, sqitch from Debian) apply a folder, then check
 * that Sluice reads the same state the tool reports.  A missing tool fails
 * the test: it is never skipped, so CI cannot pass without having run it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sluice-history.h"
#include "sluice-migration-folder.h"
#include "sluice-status.h"

G_BEGIN_DECLS

typedef struct
{
  char *out;
  char *err;
  int   status;   /* exit status; -1 when it did not exit normally */
} SluiceToolRun;

void        sluice_tool_run_clear               (SluiceToolRun      *run);

/* tests/interop in the source tree ($SLUICE_INTEROP_DIR overrides). */
const char *sluice_test_interop_dir             (void);
/* The built sluice-cli ($SLUICE_CLI overrides). */
const char *sluice_test_cli_path                (void);

/* The absolute path of @name: "dbmate" and "drizzle-kit" from
 * tests/interop/node_modules/.bin, anything else from PATH.  When it is not
 * there, marks the test failed with what to run, and returns NULL. */
char       *sluice_test_interop_find_tool       (const char         *name);

/* Runs @argv (NULL-terminated) in @cwd (NULL: ours) with @env entries
 * ("NAME=value", NULL-terminated, may be NULL) added to our environment,
 * and waits for it. */
void        sluice_test_run_program             (SluiceToolRun      *run,
                                                 const char         *cwd,
                                                 const char * const *env,
                                                 const char * const *argv);

/* The harness's cluster: socket directory, port and user as exported. */
const char *sluice_test_pg_host                 (void);
const char *sluice_test_pg_port                 (void);
const char *sluice_test_pg_user                 (void);
/* The dbname of a conninfo made by sluice_test_pg_new_database(). */
char       *sluice_test_pg_dbname               (const char         *conninfo);
/* Rows of @sql (blocking libpq; fine in tests), each a GStrv of its values
 * ("" for NULL); fails the test on error. */
GPtrArray  *sluice_test_pg_rows                 (const char         *conninfo,
                                                 const char         *sql);

/* Copies tests/interop/fixtures/@name into a new temporary folder. */
char       *sluice_test_interop_copy_fixture    (const char         *name);
/* Copies the folder at @source_path into a new temporary folder whose
 * name holds @label (one file name part). */
char       *sluice_test_copy_folder             (const char         *source_path,
                                                 const char         *label);
void        sluice_test_remove_tree             (const char         *path);
void        sluice_test_write_file              (const char         *path,
                                                 const char         *contents);
char       *sluice_test_read_file               (const char         *path);
/* Appends @text to the file at @path. */
void        sluice_test_append_file             (const char         *path,
                                                 const char         *text);

/* drizzle-kit's config (JavaScript: an object written as JSON, so that
 * paths are quoted by a JSON writer) for the migrations at @dir on
 * @conninfo's database, alone in a new temporary folder; returns its
 * path. */
char       *sluice_test_drizzle_write_config    (const char         *conninfo,
                                                 const char         *dir);
/* Runs `drizzle-kit migrate --config @config_path` in the config's folder,
 * with NODE_PATH at tests/interop/node_modules, and waits for it. */
void        sluice_test_drizzle_migrate         (SluiceToolRun      *run,
                                                 const char         *drizzle_kit,
                                                 const char         *config_path);

/* Sluice's view of a folder and a database through the core API. */
typedef struct
{
  SluiceMigrationFolder *folder;
  SluiceHistory         *history;
  SluiceStatusReport    *report;
  GHashTable            *by_key;      /* history key -> status word */
  GHashTable            *by_version;  /* version -> status word */
} SluiceInteropStatus;

void        sluice_test_interop_status_core     (SluiceInteropStatus   *status,
                                                 const char            *conninfo,
                                                 const char            *dir,
                                                 SluiceMigrationFormat  format);
void        sluice_interop_status_clear         (SluiceInteropStatus   *status);
SluiceStatusItem *sluice_interop_status_find    (SluiceInteropStatus   *status,
                                                 const char            *key);

/* `sluice-cli status --json -c CONNINFO -d DIR`: checks the members the
 * CLI contract promises, and returns version -> status word.  The
 * document is returned in @root when that is not NULL. */
GHashTable *sluice_test_interop_status_cli      (const char            *conninfo,
                                                 const char            *dir,
                                                 JsonObject           **root);

/* Fails the test, listing both, unless the two tables hold the same pairs. */
void        sluice_test_assert_same_statuses    (GHashTable            *expected,
                                                 const char            *expected_what,
                                                 GHashTable            *actual,
                                                 const char            *actual_what);
/* A new string -> string table. */
GHashTable *sluice_test_status_table_new        (void);

G_END_DECLS
