/* sluice-lint.h: what a migration's statements will do to a live database
 *
 * The lint reads each statement's parse tree (libpg_query, PostgreSQL's
 * own parser) and says, per statement, the table lock it takes and what
 * that lock blocks, whether it rewrites or scans a table, whether it loses
 * data or breaks the clients still running, and how to write it safely.
 *
 * Rules have stable kebab-case ids ("create-index-not-concurrently"); each
 * has a default severity per guard level (a rule may be an error on a
 * STRICT prod profile and a warning on a RELAXED dev one), which a profile's
 * "lint" member overrides per rule.  A statement's findings are silenced
 * by a comment on one of its lines or on the comment lines right above it:
 *
 *   -- sluice:ignore create-index-not-concurrently, missing-lock-timeout
 *   -- sluice:ignore                   (every rule, for that statement)
 *   -- sluice:ignore-file drop-table   (anywhere: for the whole text)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sluice-lock-mode.h"
#include "sluice-migration.h"
#include "sluice-types.h"

G_BEGIN_DECLS

typedef enum
{
  SLUICE_LINT_SEVERITY_OFF,       /* the rule is not run */
  SLUICE_LINT_SEVERITY_INFO,
  SLUICE_LINT_SEVERITY_WARNING,
  SLUICE_LINT_SEVERITY_ERROR,     /* blocks a run (sluice-cli lint exits 1) */
} SluiceLintSeverity;

GType        sluice_lint_severity_get_type    (void) G_GNUC_CONST;
#define SLUICE_TYPE_LINT_SEVERITY (sluice_lint_severity_get_type ())
/* Stable names: "off", "info", "warning", "error". */
const char  *sluice_lint_severity_to_string   (SluiceLintSeverity  severity);
gboolean     sluice_lint_severity_from_string (const char         *text,
                                               SluiceLintSeverity *severity);

/* The rules ---------------------------------------------------------------- */

/* The ids of every rule, in a stable order, NULL-terminated. */
const char * const *sluice_lint_rule_ids          (void);
gboolean            sluice_lint_rule_exists       (const char       *rule);
/* One line saying what the rule looks for, translated; NULL for an
 * unknown id. */
const char         *sluice_lint_rule_get_summary  (const char       *rule);
/* The severity a rule has by default under @guard (OFF for an unknown id). */
SluiceLintSeverity  sluice_lint_rule_get_default_severity (const char       *rule,
                                                           SluiceGuardLevel  guard);

/* Findings ------------------------------------------------------------------ */

typedef struct
{
  char               *file;       /* as given to the lint; NULL for text without a file */
  guint               line;       /* 1-based, in the file */
  guint               column;     /* 1-based, in characters */
  char               *rule;       /* stable id */
  SluiceLintSeverity  severity;   /* never OFF */
  SluiceLockMode      lock;       /* the table lock the statement takes; NONE when none */
  char               *message;    /* translated: what the statement does, the lock and what it blocks */
  char               *why;        /* translated: why it matters on a live database */
  char               *rewrite;    /* translated: the safe way to write it; NULL when there is none */
} SluiceLintFinding;

GType              sluice_lint_finding_get_type (void) G_GNUC_CONST;
#define SLUICE_TYPE_LINT_FINDING (sluice_lint_finding_get_type ())
SluiceLintFinding *sluice_lint_finding_copy     (const SluiceLintFinding *finding);
void               sluice_lint_finding_free     (SluiceLintFinding       *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceLintFinding, sluice_lint_finding_free)

/* Configuration (sluice-lint-config.c) -------------------------------------- */

/* Reference counted; not thread-safe to change while a lint uses it. */
typedef struct _SluiceLintConfig SluiceLintConfig;

GType              sluice_lint_config_get_type (void) G_GNUC_CONST;
#define SLUICE_TYPE_LINT_CONFIG (sluice_lint_config_get_type ())

/* The defaults of @guard; server version SLUICE_LINT_DEFAULT_SERVER_VERSION;
 * the runner is taken not to set lock_timeout. */
SluiceLintConfig  *sluice_lint_config_new                 (SluiceGuardLevel   guard);
/* @profile's guard level and its "lint" severities; the runner sets
 * lock_timeout when the profile has one. */
SluiceLintConfig  *sluice_lint_config_new_for_profile     (SluiceProfile     *profile);
SluiceLintConfig  *sluice_lint_config_ref                 (SluiceLintConfig  *config);
void               sluice_lint_config_unref               (SluiceLintConfig  *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceLintConfig, sluice_lint_config_unref)

SluiceGuardLevel   sluice_lint_config_get_guard           (SluiceLintConfig  *config);
/* An override for one rule (unknown ids are kept: a newer Sluice's rules
 * in a profile).  unset_severity goes back to the guard's default. */
void               sluice_lint_config_set_severity        (SluiceLintConfig  *config,
                                                           const char        *rule,
                                                           SluiceLintSeverity severity);
void               sluice_lint_config_unset_severity      (SluiceLintConfig  *config,
                                                           const char        *rule);
SluiceLintSeverity sluice_lint_config_get_severity        (SluiceLintConfig  *config,
                                                           const char        *rule);

/* The server the migration will run on, as server_version_num (150004);
 * a major alone (11, 15) or below 10 is read as that major's first release.
 * Rules whose meaning changed with a release follow it (a default on
 * ADD COLUMN rewrites the table before 11, REINDEX CONCURRENTLY exists from
 * 12, ...). */
#define SLUICE_LINT_DEFAULT_SERVER_VERSION 150000
void               sluice_lint_config_set_server_version  (SluiceLintConfig  *config,
                                                           guint              server_version);
guint              sluice_lint_config_get_server_version  (SluiceLintConfig  *config);
/* TRUE when whoever runs the migration sets lock_timeout itself (Sluice's
 * runner does when the profile has one): "missing-lock-timeout" is then
 * not reported. */
void               sluice_lint_config_set_runner_sets_lock_timeout (SluiceLintConfig *config,
                                                                    gboolean          sets);
gboolean           sluice_lint_config_get_runner_sets_lock_timeout (SluiceLintConfig *config);

/* Reads "16", "16.2", "160002" or "110000" into server_version_num form;
 * FALSE (with SLUICE_ERROR_INVALID_INPUT) for anything else. */
gboolean           sluice_lint_parse_server_version       (const char        *text,
                                                           guint             *server_version,
                                                           GError           **error);

/* The lint (sluice-lint.c) -------------------------------------------------- */

#define SLUICE_TYPE_LINT (sluice_lint_get_type ())
G_DECLARE_FINAL_TYPE (SluiceLint, sluice_lint, SLUICE, LINT, GObject)

/* Property "config" (SluiceLintConfig, construct-only; NULL: the defaults
 * of SLUICE_GUARD_CONFIRM). */
SluiceLint        *sluice_lint_new          (SluiceLintConfig  *config);
SluiceLintConfig  *sluice_lint_get_config   (SluiceLint        *self);

/* How a text will be run, which some rules depend on. */
typedef struct
{
  const char *file;           /* named in the findings; may be NULL */
  guint       first_line;     /* line of the text's first byte in @file (0 or 1: the start) */
  gboolean    transactional;  /* the tool runs the whole text in one transaction */
} SluiceLintSource;

/* Lints @sql.  Never fails: text PostgreSQL's parser refuses gives a
 * "syntax-error" finding at the line where it stops (and the statements
 * around it are still linted where they can be told apart).  Returns the
 * findings (SluiceLintFinding) in the order of the text. */
GPtrArray         *sluice_lint_check_sql       (SluiceLint              *self,
                                                const char              *sql,
                                                const SluiceLintSource  *source);
/* A whole .sql file, run statement by statement (not in one transaction):
 * only I/O errors and text that is no UTF-8 fail (SLUICE_ERROR_INVALID_INPUT). */
GPtrArray         *sluice_lint_check_file      (SluiceLint              *self,
                                                const char              *path,
                                                GError                 **error);
/* The up SQL of @migration, at its place in its up file, run in a
 * transaction as its tool runs it. */
GPtrArray         *sluice_lint_check_migration (SluiceLint              *self,
                                                SluiceMigration         *migration);

/* The most severe finding of @findings (OFF when there is none). */
SluiceLintSeverity sluice_lint_findings_get_max_severity (GPtrArray *findings);

G_END_DECLS
