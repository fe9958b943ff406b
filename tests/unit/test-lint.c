/* test-lint.c: the migration lint: every rule, positions, ignore comments,
 * configuration, server versions, transactions, profiles and hostile text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sluice.h"
#include "sluice-lint.h"

typedef struct
{
  SluiceGuardLevel guard;
  guint            server_version;   /* 0: the default */
  gboolean         transactional;
} Options;

static GPtrArray *
lint_with (const char    *sql,
           const Options *options)
{
  g_autoptr(SluiceLintConfig) config = sluice_lint_config_new (options->guard);
  g_autoptr(SluiceLint) lint = NULL;
  SluiceLintSource source = { "m.sql", 1, options->transactional };

  if (options->server_version != 0)
    sluice_lint_config_set_server_version (config, options->server_version);
  lint = sluice_lint_new (config);

  return sluice_lint_check_sql (lint, sql, &source);
}

static GPtrArray *
lint_text (const char *sql)
{
  Options options = { SLUICE_GUARD_CONFIRM, 0, FALSE };

  return lint_with (sql, &options);
}

static const SluiceLintFinding *
find_rule (GPtrArray  *findings,
           const char *rule)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const SluiceLintFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->rule, rule))
        return finding;
    }

  return NULL;
}

static guint
count_rule (GPtrArray  *findings,
            const char *rule)
{
  guint count = 0;

  for (guint i = 0; i < findings->len; i++)
    {
      const SluiceLintFinding *finding = g_ptr_array_index (findings, i);

      count += g_str_equal (finding->rule, rule);
    }

  return count;
}

static void
assert_rule (const char *sql,
             const char *rule)
{
  g_autoptr(GPtrArray) findings = lint_text (sql);
  const SluiceLintFinding *finding = find_rule (findings, rule);

  if (finding == NULL)
    g_error ("“%s” gives no %s finding", sql, rule);

  /* Every finding says what, why and (but for notes and parse errors) how. */
  g_assert_nonnull (finding->message);
  g_assert_cmpstr (finding->message, !=, "");
  g_assert_nonnull (finding->why);
  g_assert_cmpstr (finding->file, ==, "m.sql");
  g_assert_cmpuint (finding->line, >=, 1);
  g_assert_cmpuint (finding->column, >=, 1);
  g_assert_cmpint (finding->severity, !=, SLUICE_LINT_SEVERITY_OFF);
  if (!g_str_equal (rule, "lock-level") && !g_str_equal (rule, "syntax-error"))
    g_assert_nonnull (finding->rewrite);
}

static void
assert_no_rule (const char *sql,
                const char *rule)
{
  g_autoptr(GPtrArray) findings = lint_text (sql);

  if (find_rule (findings, rule) != NULL)
    g_error ("“%s” gives a %s finding: %s", sql, rule, find_rule (findings, rule)->message);
}

static void
assert_lock (const char     *sql,
             const char     *rule,
             SluiceLockMode  lock)
{
  g_autoptr(GPtrArray) findings = lint_text (sql);
  const SluiceLintFinding *finding = find_rule (findings, rule);

  g_assert_nonnull (finding);
  g_assert_cmpstr (sluice_lock_mode_to_string (finding->lock), ==, sluice_lock_mode_to_string (lock));
}

/* Rules, each positive and negative ------------------------------------------- */

static void
test_create_index (void)
{
  assert_rule ("CREATE INDEX i ON t (a)", "create-index-not-concurrently");
  assert_rule ("CREATE UNIQUE INDEX i ON s.t (a, b)", "create-index-not-concurrently");
  assert_lock ("CREATE INDEX i ON t (a)", "create-index-not-concurrently", SLUICE_LOCK_SHARE);
  assert_no_rule ("CREATE INDEX CONCURRENTLY i ON t (a)", "create-index-not-concurrently");
  /* A table made in the same text has no rows and no readers. */
  assert_no_rule ("CREATE TABLE t (a int); CREATE INDEX i ON t (a)", "create-index-not-concurrently");
  assert_no_rule ("CREATE TABLE s.t (a int); CREATE INDEX i ON s.t (a)", "create-index-not-concurrently");
  assert_rule ("CREATE TABLE s.t (a int); CREATE INDEX i ON other (a)", "create-index-not-concurrently");
}

static void
test_drop_index (void)
{
  assert_rule ("DROP INDEX i", "drop-index-not-concurrently");
  assert_lock ("DROP INDEX i", "drop-index-not-concurrently", SLUICE_LOCK_ACCESS_EXCLUSIVE);
  assert_no_rule ("DROP INDEX CONCURRENTLY i", "drop-index-not-concurrently");
}

static void
test_concurrently_in_transaction (void)
{
  Options transactional = { SLUICE_GUARD_CONFIRM, 0, TRUE };
  g_autoptr(GPtrArray) wrapped = lint_with ("CREATE INDEX CONCURRENTLY i ON t (a)", &transactional);
  g_autoptr(GPtrArray) vacuum = lint_with ("VACUUM t", &transactional);
  g_autoptr(GPtrArray) plain = lint_with ("CREATE INDEX i ON t (a)", &transactional);

  g_assert_nonnull (find_rule (wrapped, "concurrently-in-transaction"));
  g_assert_cmpint (find_rule (wrapped, "concurrently-in-transaction")->severity, ==, SLUICE_LINT_SEVERITY_ERROR);
  g_assert_nonnull (find_rule (vacuum, "concurrently-in-transaction"));
  g_assert_null (find_rule (plain, "concurrently-in-transaction"));

  /* Outside the tool's transaction, only an explicit block counts. */
  assert_rule ("BEGIN; CREATE INDEX CONCURRENTLY i ON t (a); COMMIT", "concurrently-in-transaction");
  assert_rule ("START TRANSACTION; DROP INDEX CONCURRENTLY i; COMMIT", "concurrently-in-transaction");
  assert_rule ("BEGIN; REINDEX TABLE CONCURRENTLY t; COMMIT", "concurrently-in-transaction");
  assert_rule ("BEGIN; ALTER TABLE p DETACH PARTITION c CONCURRENTLY; COMMIT", "concurrently-in-transaction");
  assert_no_rule ("CREATE INDEX CONCURRENTLY i ON t (a)", "concurrently-in-transaction");
  assert_no_rule ("BEGIN; COMMIT; CREATE INDEX CONCURRENTLY i ON t (a)", "concurrently-in-transaction");
  assert_no_rule ("BEGIN; ROLLBACK; VACUUM t", "concurrently-in-transaction");
}

static void
test_constraint_not_valid (void)
{
  assert_rule ("ALTER TABLE o ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id)", "constraint-without-not-valid");
  assert_lock ("ALTER TABLE o ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id)",
               "constraint-without-not-valid", SLUICE_LOCK_SHARE_ROW_EXCLUSIVE);
  assert_rule ("ALTER TABLE o ADD CONSTRAINT c CHECK (n > 0)", "constraint-without-not-valid");
  assert_lock ("ALTER TABLE o ADD CONSTRAINT c CHECK (n > 0)", "constraint-without-not-valid", SLUICE_LOCK_ACCESS_EXCLUSIVE);
  assert_rule ("ALTER TABLE o ADD COLUMN u int REFERENCES u (id)", "constraint-without-not-valid");
  assert_no_rule ("ALTER TABLE o ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id) NOT VALID", "constraint-without-not-valid");
  assert_no_rule ("ALTER TABLE o ADD CONSTRAINT c CHECK (n > 0) NOT VALID", "constraint-without-not-valid");
  assert_no_rule ("ALTER TABLE o VALIDATE CONSTRAINT c", "constraint-without-not-valid");
  assert_no_rule ("CREATE TABLE o (u int); ALTER TABLE o ADD CONSTRAINT c CHECK (u > 0)", "constraint-without-not-valid");
}

static void
test_builds_index (void)
{
  assert_rule ("ALTER TABLE t ADD PRIMARY KEY (id)", "add-constraint-builds-index");
  assert_rule ("ALTER TABLE t ADD CONSTRAINT u UNIQUE (email)", "add-constraint-builds-index");
  assert_rule ("ALTER TABLE t ADD CONSTRAINT x EXCLUDE USING gist (r WITH &&)", "add-constraint-builds-index");
  assert_rule ("ALTER TABLE t ADD COLUMN id bigint PRIMARY KEY", "add-constraint-builds-index");
  assert_no_rule ("ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id", "add-constraint-builds-index");
  assert_no_rule ("ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX t_email", "add-constraint-builds-index");
}

static void
test_column_type (void)
{
  assert_rule ("ALTER TABLE t ALTER COLUMN id TYPE bigint", "column-type-rewrite");
  assert_rule ("ALTER TABLE t ALTER COLUMN d TYPE timestamptz", "column-type-rewrite");
  assert_rule ("ALTER TABLE t ALTER COLUMN s TYPE varchar(20) USING left(s, 20)", "column-type-rewrite");
  /* Widenings are a catalog change: a note on the lock, not a rewrite. */
  assert_no_rule ("ALTER TABLE t ALTER COLUMN s TYPE varchar(200)", "column-type-rewrite");
  assert_no_rule ("ALTER TABLE t ALTER COLUMN s TYPE text", "column-type-rewrite");
  assert_no_rule ("ALTER TABLE t ALTER COLUMN n TYPE numeric(20,2)", "column-type-rewrite");
  assert_rule ("ALTER TABLE t ALTER COLUMN s TYPE text", "lock-level");
  assert_no_rule ("CREATE TABLE t (id int); ALTER TABLE t ALTER COLUMN id TYPE bigint", "column-type-rewrite");
}

static void
test_set_not_null (void)
{
  Options pg11 = { SLUICE_GUARD_CONFIRM, 110000, FALSE };
  const char *proven = "ALTER TABLE t ADD CONSTRAINT t_e_nn CHECK (e IS NOT NULL) NOT VALID;\n"
                       "ALTER TABLE t VALIDATE CONSTRAINT t_e_nn;\n"
                       "ALTER TABLE t ALTER COLUMN e SET NOT NULL;\n";
  g_autoptr(GPtrArray) old = lint_with (proven, &pg11);

  assert_rule ("ALTER TABLE t ALTER COLUMN e SET NOT NULL", "set-not-null-scan");
  assert_lock ("ALTER TABLE t ALTER COLUMN e SET NOT NULL", "set-not-null-scan", SLUICE_LOCK_ACCESS_EXCLUSIVE);
  assert_no_rule ("ALTER TABLE t ALTER COLUMN e DROP NOT NULL", "set-not-null-scan");
  /* From 12, a validated CHECK (e IS NOT NULL) spares the scan. */
  assert_no_rule (proven, "set-not-null-scan");
  g_assert_nonnull (find_rule (old, "set-not-null-scan"));
  /* Not validated, or another column: still a scan. */
  assert_rule ("ALTER TABLE t ADD CONSTRAINT c CHECK (e IS NOT NULL) NOT VALID;\n"
               "ALTER TABLE t ALTER COLUMN e SET NOT NULL;", "set-not-null-scan");
  assert_rule ("ALTER TABLE t ADD CONSTRAINT c CHECK (f IS NOT NULL) NOT VALID;\n"
               "ALTER TABLE t VALIDATE CONSTRAINT c;\n"
               "ALTER TABLE t ALTER COLUMN e SET NOT NULL;", "set-not-null-scan");
}

static void
test_add_column_default (void)
{
  Options pg10 = { SLUICE_GUARD_CONFIRM, 100000, FALSE };
  g_autoptr(GPtrArray) constant_on_10 = lint_with ("ALTER TABLE t ADD COLUMN c int DEFAULT 0", &pg10);
  g_autoptr(GPtrArray) now_on_10 = lint_with ("ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now()", &pg10);
  g_autoptr(GPtrArray) plain_on_10 = lint_with ("ALTER TABLE t ADD COLUMN c int", &pg10);

  /* Volatile: a rewrite on every version. */
  assert_rule ("ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()", "add-column-default-rewrite");
  assert_rule ("ALTER TABLE t ADD COLUMN c float8 DEFAULT random() * 10", "add-column-default-rewrite");
  assert_rule ("ALTER TABLE t ADD COLUMN c timestamptz DEFAULT clock_timestamp()", "add-column-default-rewrite");
  assert_rule ("ALTER TABLE t ADD COLUMN c bigserial", "add-column-default-rewrite");
  assert_rule ("ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS IDENTITY", "add-column-default-rewrite");
  assert_rule ("ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS (a * 2) STORED", "add-column-default-rewrite");
  assert_rule ("ALTER TABLE t ADD COLUMN c int DEFAULT my_function()", "add-column-default-rewrite");
  /* Constants and stable functions: instant from 11. */
  assert_no_rule ("ALTER TABLE t ADD COLUMN c int DEFAULT 0", "add-column-default-rewrite");
  assert_no_rule ("ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now()", "add-column-default-rewrite");
  assert_no_rule ("ALTER TABLE t ADD COLUMN c timestamptz DEFAULT CURRENT_TIMESTAMP", "add-column-default-rewrite");
  assert_no_rule ("ALTER TABLE t ADD COLUMN c text DEFAULT lower('X')", "add-column-default-rewrite");
  assert_no_rule ("ALTER TABLE t ADD COLUMN c int", "add-column-default-rewrite");
  /* ... but not before. */
  g_assert_nonnull (find_rule (constant_on_10, "add-column-default-rewrite"));
  g_assert_nonnull (strstr (find_rule (constant_on_10, "add-column-default-rewrite")->message, "PostgreSQL 10"));
  g_assert_nonnull (find_rule (now_on_10, "add-column-default-rewrite"));
  g_assert_null (find_rule (plain_on_10, "add-column-default-rewrite"));
}

static void
test_add_column_not_null (void)
{
  assert_rule ("ALTER TABLE t ADD COLUMN c int NOT NULL", "add-column-not-null-without-default");
  assert_no_rule ("ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0", "add-column-not-null-without-default");
  assert_no_rule ("ALTER TABLE t ADD COLUMN c int", "add-column-not-null-without-default");
  assert_no_rule ("ALTER TABLE t ADD COLUMN c bigserial NOT NULL", "add-column-not-null-without-default");
  assert_no_rule ("ALTER TABLE t ADD COLUMN c int NOT NULL GENERATED ALWAYS AS IDENTITY", "add-column-not-null-without-default");
  assert_no_rule ("CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN c int NOT NULL", "add-column-not-null-without-default");
}

static void
test_table_rewrite (void)
{
  assert_rule ("ALTER TABLE t SET TABLESPACE slow", "table-rewrite");
  assert_rule ("ALTER TABLE t SET LOGGED", "table-rewrite");
  assert_rule ("ALTER TABLE t SET UNLOGGED", "table-rewrite");
  assert_no_rule ("ALTER TABLE t SET (fillfactor = 70)", "table-rewrite");
}

static void
test_renames_and_drops (void)
{
  assert_rule ("ALTER TABLE t RENAME COLUMN a TO b", "rename-column");
  assert_rule ("ALTER TABLE t RENAME TO u", "rename-table");
  assert_no_rule ("ALTER TABLE t RENAME CONSTRAINT a TO b", "rename-column");
  assert_no_rule ("ALTER INDEX i RENAME TO j", "rename-table");
  assert_no_rule ("CREATE TABLE t (a int); ALTER TABLE t RENAME COLUMN a TO b", "rename-column");

  assert_rule ("ALTER TABLE t DROP COLUMN a", "drop-column");
  assert_rule ("ALTER TABLE t DROP COLUMN IF EXISTS a CASCADE", "drop-column");
  assert_no_rule ("ALTER TABLE t ADD COLUMN a int", "drop-column");

  assert_rule ("DROP TABLE t", "drop-table");
  assert_rule ("DROP TABLE IF EXISTS s.t, u CASCADE", "drop-table");
  assert_rule ("DROP SEQUENCE s", "drop-table");
  assert_no_rule ("DROP VIEW v", "drop-table");
  assert_no_rule ("CREATE TABLE t (a int); DROP TABLE t", "drop-table");
  assert_rule ("DROP SCHEMA s CASCADE", "drop-schema");
  assert_rule ("DROP DATABASE d", "drop-database");

  assert_rule ("TRUNCATE t", "truncate");
  assert_rule ("TRUNCATE TABLE a, b CASCADE", "truncate");
  assert_no_rule ("CREATE TABLE t (a int); TRUNCATE t", "truncate");
}

static void
test_lock_timeout (void)
{
  g_autoptr(SluiceLintConfig) config = sluice_lint_config_new (SLUICE_GUARD_CONFIRM);
  g_autoptr(SluiceLint) lint = NULL;
  g_autoptr(GPtrArray) by_runner = NULL;
  g_autoptr(GPtrArray) twice = NULL;

  assert_rule ("ALTER TABLE t DROP COLUMN a", "missing-lock-timeout");
  assert_rule ("CREATE INDEX i ON t (a)", "missing-lock-timeout");
  assert_rule ("LOCK TABLE t", "missing-lock-timeout");
  assert_no_rule ("SET lock_timeout = '2s'; ALTER TABLE t DROP COLUMN a", "missing-lock-timeout");
  assert_no_rule ("SET LOCAL lock_timeout TO 2000; ALTER TABLE t DROP COLUMN a", "missing-lock-timeout");
  /* Turned off again, it does not count. */
  assert_rule ("SET lock_timeout = '2s'; SET lock_timeout = 0; ALTER TABLE t DROP COLUMN a", "missing-lock-timeout");
  assert_rule ("SET lock_timeout = '2s'; SET lock_timeout = '0'; ALTER TABLE t DROP COLUMN a", "missing-lock-timeout");
  /* Weak locks, DML and new tables do not need it. */
  assert_no_rule ("CREATE INDEX CONCURRENTLY i ON t (a)", "missing-lock-timeout");
  assert_no_rule ("ALTER TABLE t VALIDATE CONSTRAINT c", "missing-lock-timeout");
  assert_no_rule ("UPDATE t SET a = 1 WHERE id = 2", "missing-lock-timeout");
  assert_no_rule ("CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int", "missing-lock-timeout");

  /* Said once a text. */
  twice = lint_text ("ALTER TABLE t DROP COLUMN a; ALTER TABLE u DROP COLUMN b;");
  g_assert_cmpuint (count_rule (twice, "missing-lock-timeout"), ==, 1);

  /* Sluice's runner sets it from the profile. */
  sluice_lint_config_set_runner_sets_lock_timeout (config, TRUE);
  g_assert_true (sluice_lint_config_get_runner_sets_lock_timeout (config));
  lint = sluice_lint_new (config);
  by_runner = sluice_lint_check_sql (lint, "ALTER TABLE t DROP COLUMN a", NULL);
  g_assert_null (find_rule (by_runner, "missing-lock-timeout"));
  g_assert_nonnull (find_rule (by_runner, "drop-column"));
}

static void
test_maintenance (void)
{
  Options pg11 = { SLUICE_GUARD_CONFIRM, 110000, FALSE };
  g_autoptr(GPtrArray) old = lint_with ("REINDEX INDEX i", &pg11);

  assert_rule ("VACUUM FULL t", "vacuum-full");
  assert_rule ("VACUUM (FULL, ANALYZE) t", "vacuum-full");
  assert_lock ("VACUUM FULL t", "vacuum-full", SLUICE_LOCK_ACCESS_EXCLUSIVE);
  assert_no_rule ("VACUUM t", "vacuum-full");
  assert_no_rule ("VACUUM (FULL false) t", "vacuum-full");
  assert_no_rule ("VACUUM (ANALYZE) t", "vacuum-full");

  assert_rule ("CLUSTER t USING t_pkey", "cluster");
  assert_rule ("CLUSTER", "cluster");

  assert_rule ("REINDEX TABLE t", "reindex-not-concurrently");
  assert_rule ("REINDEX INDEX i", "reindex-not-concurrently");
  assert_lock ("REINDEX TABLE t", "reindex-not-concurrently", SLUICE_LOCK_SHARE);
  assert_no_rule ("REINDEX TABLE CONCURRENTLY t", "reindex-not-concurrently");
  assert_no_rule ("REINDEX (CONCURRENTLY) INDEX i", "reindex-not-concurrently");
  /* Before 12 the safe way is another one. */
  g_assert_nonnull (strstr (find_rule (old, "reindex-not-concurrently")->rewrite, "CREATE INDEX CONCURRENTLY"));

  assert_rule ("REFRESH MATERIALIZED VIEW v", "refresh-matview-not-concurrently");
  assert_no_rule ("REFRESH MATERIALIZED VIEW CONCURRENTLY v", "refresh-matview-not-concurrently");
}

static void
test_mass_writes (void)
{
  assert_rule ("UPDATE t SET a = 1", "update-delete-without-where");
  assert_rule ("DELETE FROM t", "update-delete-without-where");
  assert_lock ("DELETE FROM t", "update-delete-without-where", SLUICE_LOCK_ROW_EXCLUSIVE);
  assert_no_rule ("UPDATE t SET a = 1 WHERE id < 1000", "update-delete-without-where");
  assert_no_rule ("DELETE FROM t WHERE false", "update-delete-without-where");
  assert_no_rule ("CREATE TABLE t (a int); UPDATE t SET a = 1", "update-delete-without-where");
  assert_no_rule ("INSERT INTO t VALUES (1)", "update-delete-without-where");
}

static void
test_uncommitted_transaction (void)
{
  g_autoptr(GPtrArray) findings = lint_text ("SELECT 1;\nBEGIN;\nUPDATE t SET a = 1 WHERE id = 1;\n");
  const SluiceLintFinding *finding = find_rule (findings, "uncommitted-transaction");

  g_assert_nonnull (finding);
  g_assert_cmpuint (finding->line, ==, 2);
  g_assert_cmpuint (finding->column, ==, 1);
  assert_no_rule ("BEGIN; UPDATE t SET a = 1 WHERE id = 1; COMMIT;", "uncommitted-transaction");
}

static void
test_lock_level (void)
{
  g_autoptr(GPtrArray) findings = lint_text ("ALTER TABLE t ALTER COLUMN a SET DEFAULT 1;\n"
                                        "ALTER TABLE t DROP COLUMN b;\n"
                                        "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\n"
                                        "SELECT 1;\n"
                                        "CREATE TABLE n (a int);\n"
                                        "ALTER TABLE n ADD COLUMN b int;\n");
  const SluiceLintFinding *finding;

  /* Every schema change on an existing table says its lock, once: a
   * statement another rule reports has its lock in that finding. */
  g_assert_cmpuint (count_rule (findings, "lock-level"), ==, 1);
  finding = find_rule (findings, "lock-level");
  g_assert_cmpuint (finding->line, ==, 3);
  g_assert_cmpint (finding->lock, ==, SLUICE_LOCK_SHARE_ROW_EXCLUSIVE);
  g_assert_cmpint (finding->severity, ==, SLUICE_LINT_SEVERITY_INFO);
  finding = find_rule (findings, "missing-lock-timeout");
  g_assert_cmpuint (finding->line, ==, 1);
  g_assert_cmpint (finding->lock, ==, SLUICE_LOCK_ACCESS_EXCLUSIVE);

  for (guint i = 0; i < findings->len; i++)
    g_assert_cmpuint (((SluiceLintFinding *) g_ptr_array_index (findings, i))->line, <, 4);
}

/* Positions ------------------------------------------------------------------------ */

static void
test_positions (void)
{
  g_autoptr(SluiceLint) lint = sluice_lint_new (NULL);
  SluiceLintSource source = { "up.sql", 10, FALSE };
  g_autoptr(GPtrArray) findings = NULL;
  const SluiceLintFinding *finding;

  findings = sluice_lint_check_sql (lint,
                                    "-- a comment\n"
                                    "SET lock_timeout = '1s';\n"
                                    "/* a block\n comment */   CREATE INDEX i ON t (a);\n"
                                    "ALTER TABLE t\n"
                                    "  ADD COLUMN «é» int,\n"
                                    "  ADD COLUMN x int NOT NULL;\n",
                                    &source);

  finding = find_rule (findings, "create-index-not-concurrently");
  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->file, ==, "up.sql");
  g_assert_cmpuint (finding->line, ==, 13);
  g_assert_cmpuint (finding->column, ==, 15);

  /* The subcommand's own place, counted in characters. */
  finding = find_rule (findings, "add-column-not-null-without-default");
  g_assert_nonnull (finding);
  g_assert_cmpuint (finding->line, ==, 16);
  g_assert_cmpuint (finding->column, ==, 20);
}

static void
test_positions_in_characters (void)
{
  g_autoptr(GPtrArray) findings = lint_text ("SELECT 'ééé'; DROP TABLE t;");
  const SluiceLintFinding *finding = find_rule (findings, "drop-table");

  g_assert_nonnull (finding);
  g_assert_cmpuint (finding->line, ==, 1);
  g_assert_cmpuint (finding->column, ==, 15);
}

/* Ignore comments ------------------------------------------------------------------- */

static void
test_ignore (void)
{
  /* On the line before, or on the statement's own line. */
  assert_no_rule ("-- sluice:ignore drop-table\nDROP TABLE t;", "drop-table");
  assert_no_rule ("DROP TABLE t; -- sluice:ignore drop-table", "drop-table");
  assert_no_rule ("DROP TABLE t -- sluice:ignore drop-table\n;", "drop-table");
  /* A list, with commas or blanks. */
  assert_no_rule ("-- sluice:ignore missing-lock-timeout, drop-table\nDROP TABLE t;", "drop-table");
  assert_no_rule ("-- sluice:ignore missing-lock-timeout drop-table\nDROP TABLE t;", "missing-lock-timeout");
  /* Bare: every rule of that statement. */
  {
    g_autoptr(GPtrArray) findings = lint_text ("--sluice:ignore\nDROP TABLE t;\nTRUNCATE u;");

    g_assert_null (find_rule (findings, "drop-table"));
    g_assert_nonnull (find_rule (findings, "truncate"));
  }
  /* A block of comment lines above the statement counts as a whole. */
  assert_no_rule ("-- why: archived in 0041\n-- sluice:ignore drop-table\n  -- squawk-ignore ban-drop-table\nDROP TABLE t;", "drop-table");
  assert_rule ("-- sluice:ignore drop-table\nSELECT 1;\nDROP TABLE t;", "drop-table");
  /* Another rule, or too far above, does not count. */
  assert_rule ("-- sluice:ignore truncate\nDROP TABLE t;", "drop-table");
  assert_rule ("-- sluice:ignore drop-table\n\nDROP TABLE t;", "drop-table");
  assert_rule ("-- sluice:ignored drop-table\nDROP TABLE t;", "drop-table");
  /* A later statement is not covered by an earlier one's comment. */
  {
    g_autoptr(GPtrArray) findings = lint_text ("-- sluice:ignore drop-table\nDROP TABLE t;\n\nDROP TABLE u;");

    g_assert_cmpuint (count_rule (findings, "drop-table"), ==, 1);
    g_assert_cmpuint (find_rule (findings, "drop-table")->line, ==, 4);
  }
  /* For the whole text. */
  {
    g_autoptr(GPtrArray) findings = lint_text ("DROP TABLE t;\n\n\nDROP TABLE u;\n-- sluice:ignore-file drop-table, truncate\n");

    g_assert_null (find_rule (findings, "drop-table"));
    g_assert_nonnull (find_rule (findings, "missing-lock-timeout"));
  }
}

/* Configuration ---------------------------------------------------------------------- */

static void
test_guard_defaults (void)
{
  const char * const *ids = sluice_lint_rule_ids ();
  Options relaxed = { SLUICE_GUARD_RELAXED, 0, FALSE };
  Options strict = { SLUICE_GUARD_STRICT, 0, FALSE };
  g_autoptr(GPtrArray) on_dev = lint_with ("CREATE INDEX i ON t (a)", &relaxed);
  g_autoptr(GPtrArray) on_prod = lint_with ("CREATE INDEX i ON t (a)", &strict);

  g_assert_cmpint (find_rule (on_dev, "create-index-not-concurrently")->severity, ==, SLUICE_LINT_SEVERITY_WARNING);
  g_assert_cmpint (find_rule (on_prod, "create-index-not-concurrently")->severity, ==, SLUICE_LINT_SEVERITY_ERROR);
  g_assert_cmpint (find_rule (on_dev, "missing-lock-timeout")->severity, ==, SLUICE_LINT_SEVERITY_INFO);
  g_assert_cmpint (find_rule (on_prod, "missing-lock-timeout")->severity, ==, SLUICE_LINT_SEVERITY_ERROR);
  g_assert_cmpint (sluice_lint_findings_get_max_severity (on_dev), ==, SLUICE_LINT_SEVERITY_WARNING);
  g_assert_cmpint (sluice_lint_findings_get_max_severity (on_prod), ==, SLUICE_LINT_SEVERITY_ERROR);

  /* Every rule: a summary, kebab-case, never weaker on prod than on dev. */
  g_assert_cmpuint (g_strv_length ((char **) ids), >=, 20);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_assert_true (sluice_lint_rule_exists (ids[i]));
      g_assert_nonnull (sluice_lint_rule_get_summary (ids[i]));
      for (const char *p = ids[i]; *p != '\0'; p++)
        g_assert_true (g_ascii_islower (*p) || *p == '-');
      g_assert_cmpint (sluice_lint_rule_get_default_severity (ids[i], SLUICE_GUARD_STRICT), >=,
                       sluice_lint_rule_get_default_severity (ids[i], SLUICE_GUARD_RELAXED));
      g_assert_cmpint (sluice_lint_rule_get_default_severity (ids[i], SLUICE_GUARD_RELAXED), !=,
                       SLUICE_LINT_SEVERITY_OFF);
    }
  g_assert_false (sluice_lint_rule_exists ("no-such-rule"));
  g_assert_null (sluice_lint_rule_get_summary ("no-such-rule"));
  g_assert_cmpint (sluice_lint_rule_get_default_severity ("no-such-rule", SLUICE_GUARD_STRICT), ==,
                   SLUICE_LINT_SEVERITY_OFF);
}

static void
test_overrides (void)
{
  g_autoptr(SluiceLintConfig) config = sluice_lint_config_new (SLUICE_GUARD_STRICT);
  g_autoptr(SluiceLint) lint = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  sluice_lint_config_set_severity (config, "drop-table", SLUICE_LINT_SEVERITY_INFO);
  sluice_lint_config_set_severity (config, "missing-lock-timeout", SLUICE_LINT_SEVERITY_OFF);
  sluice_lint_config_set_severity (config, "truncate", SLUICE_LINT_SEVERITY_WARNING);
  sluice_lint_config_unset_severity (config, "truncate");
  /* A newer Sluice's rule is kept and harmless. */
  sluice_lint_config_set_severity (config, "rule-from-the-future", SLUICE_LINT_SEVERITY_ERROR);
  g_assert_cmpint (sluice_lint_config_get_severity (config, "rule-from-the-future"), ==, SLUICE_LINT_SEVERITY_ERROR);
  g_assert_cmpint (sluice_lint_config_get_guard (config), ==, SLUICE_GUARD_STRICT);

  lint = sluice_lint_new (config);
  g_assert_true (sluice_lint_get_config (lint) == config);
  findings = sluice_lint_check_sql (lint, "DROP TABLE t; TRUNCATE u;", NULL);

  g_assert_cmpint (find_rule (findings, "drop-table")->severity, ==, SLUICE_LINT_SEVERITY_INFO);
  g_assert_null (find_rule (findings, "missing-lock-timeout"));
  g_assert_cmpint (find_rule (findings, "truncate")->severity, ==, SLUICE_LINT_SEVERITY_ERROR);
  g_assert_null (find_rule (findings, "drop-table")->file);
}

static void
test_severity_names (void)
{
  g_autofree char *name = NULL;
  SluiceLintSeverity severity;

  for (SluiceLintSeverity s = SLUICE_LINT_SEVERITY_OFF; s <= SLUICE_LINT_SEVERITY_ERROR; s++)
    {
      g_assert_true (sluice_lint_severity_from_string (sluice_lint_severity_to_string (s), &severity));
      g_assert_cmpint (severity, ==, s);
    }
  g_assert_true (sluice_lint_severity_from_string ("WARNING", &severity));
  g_assert_cmpint (severity, ==, SLUICE_LINT_SEVERITY_WARNING);
  g_assert_false (sluice_lint_severity_from_string ("fatal", &severity));
  g_assert_false (sluice_lint_severity_from_string (NULL, &severity));
  name = g_enum_to_string (SLUICE_TYPE_LINT_SEVERITY, SLUICE_LINT_SEVERITY_ERROR);
  g_assert_cmpstr (name, ==, "SLUICE_LINT_SEVERITY_ERROR");
}

static void
test_server_versions (void)
{
  g_autoptr(SluiceLintConfig) config = sluice_lint_config_new (SLUICE_GUARD_CONFIRM);
  g_autoptr(GError) error = NULL;
  guint version = 0;

  g_assert_cmpuint (sluice_lint_config_get_server_version (config), ==, SLUICE_LINT_DEFAULT_SERVER_VERSION);
  sluice_lint_config_set_server_version (config, 11);
  g_assert_cmpuint (sluice_lint_config_get_server_version (config), ==, 110000);
  sluice_lint_config_set_server_version (config, 160002);
  g_assert_cmpuint (sluice_lint_config_get_server_version (config), ==, 160002);

  g_assert_true (sluice_lint_parse_server_version ("15", &version, &error));
  g_assert_cmpuint (version, ==, 150000);
  g_assert_true (sluice_lint_parse_server_version ("15.4", &version, &error));
  g_assert_cmpuint (version, ==, 150004);
  g_assert_true (sluice_lint_parse_server_version ("110000", &version, &error));
  g_assert_cmpuint (version, ==, 110000);
  g_assert_no_error (error);

  for (guint i = 0; i < 7; i++)
    {
      const char *bad[] = { "", "9.6", "fifteen", "15.", "1500", "15.4.1", "-15" };

      g_assert_false (sluice_lint_parse_server_version (bad[i], &version, &error));
      g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
}

/* Profiles --------------------------------------------------------------------------- */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_profile_lint_member (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"name\": \"shop\", \"environment\": \"prod\", "
                                               "\"connection\": \"dbname=shop\", \"lock_timeout_ms\": 0, "
                                               "\"lint\": {\"drop-table\": \"warning\", \"future-rule\": \"off\"}, "
                                               "\"other\": 1}");
  g_autoptr(SluiceProfile) profile = NULL;
  g_autoptr(SluiceProfile) copy = NULL;
  g_autoptr(JsonObject) written = NULL;
  g_autoptr(SluiceLintConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rules = NULL;
  JsonObject *lint;

  profile = sluice_profile_new_from_json (object, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (sluice_profile_get_lint_severity (profile, "drop-table"), ==, "warning");
  g_assert_cmpstr (sluice_profile_get_lint_severity (profile, "future-rule"), ==, "off");
  g_assert_null (sluice_profile_get_lint_severity (profile, "truncate"));
  rules = sluice_profile_dup_lint_rules (profile);
  g_assert_cmpuint (g_strv_length (rules), ==, 2);
  g_assert_cmpstr (rules[0], ==, "drop-table");
  g_assert_cmpstr (rules[1], ==, "future-rule");

  /* The profile decides: prod is STRICT, drop-table lowered to a warning. */
  config = sluice_lint_config_new_for_profile (profile);
  g_assert_cmpint (sluice_lint_config_get_guard (config), ==, SLUICE_GUARD_STRICT);
  g_assert_cmpint (sluice_lint_config_get_severity (config, "drop-table"), ==, SLUICE_LINT_SEVERITY_WARNING);
  g_assert_cmpint (sluice_lint_config_get_severity (config, "truncate"), ==, SLUICE_LINT_SEVERITY_ERROR);
  g_assert_false (sluice_lint_config_get_runner_sets_lock_timeout (config));

  sluice_profile_set_lint_severity (profile, "truncate", "info");
  sluice_profile_set_lint_severity (profile, "future-rule", NULL);
  sluice_profile_set_lock_timeout_ms (profile, 5000);
  g_clear_pointer (&config, sluice_lint_config_unref);
  config = sluice_lint_config_new_for_profile (profile);
  g_assert_cmpint (sluice_lint_config_get_severity (config, "truncate"), ==, SLUICE_LINT_SEVERITY_INFO);
  g_assert_true (sluice_lint_config_get_runner_sets_lock_timeout (config));

  written = sluice_profile_to_json (profile);
  lint = json_object_get_object_member (written, "lint");
  g_assert_nonnull (lint);
  g_assert_cmpuint (json_object_get_size (lint), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (lint, "truncate"), ==, "info");
  g_assert_cmpstr (json_object_get_string_member (lint, "drop-table"), ==, "warning");
  g_assert_cmpint (json_object_get_int_member (written, "other"), ==, 1);

  copy = sluice_profile_duplicate (profile, "copy");
  g_assert_cmpstr (sluice_profile_get_lint_severity (copy, "truncate"), ==, "info");

  /* All gone: the member is left out again. */
  sluice_profile_set_lint_severity (profile, "truncate", NULL);
  sluice_profile_set_lint_severity (profile, "drop-table", NULL);
  g_clear_pointer (&written, json_object_unref);
  written = sluice_profile_to_json (profile);
  g_assert_false (json_object_has_member (written, "lint"));
}

static void
test_profile_lint_member_invalid (void)
{
  const char *bad[] = {
    "{\"name\": \"a\", \"environment\": \"dev\", \"connection\": \"\", \"lint\": [\"drop-table\"]}",
    "{\"name\": \"a\", \"environment\": \"dev\", \"connection\": \"\", \"lint\": {\"drop-table\": \"fatal\"}}",
    "{\"name\": \"a\", \"environment\": \"dev\", \"connection\": \"\", \"lint\": {\"drop-table\": 3}}",
  };
  g_autoptr(JsonObject) without = parse_object ("{\"name\": \"a\", \"environment\": \"dev\", \"connection\": \"\", \"lint\": null}");
  g_autoptr(SluiceProfile) profile = sluice_profile_new_from_json (without, NULL);
  g_auto(GStrv) rules = NULL;

  g_assert_nonnull (profile);
  rules = sluice_profile_dup_lint_rules (profile);
  g_assert_cmpuint (g_strv_length (rules), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SluiceProfile) refused = sluice_profile_new_from_json (object, &error);

      g_assert_null (refused);
      g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "lint"));
    }
}

/* Migrations in folders ----------------------------------------------------------------- */

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static SluiceMigration *
migration_at (SluiceMigrationFolder *folder,
              guint                  position)
{
  return g_list_model_get_item (sluice_migration_folder_get_migrations (folder), position);
}

static void
test_migration_sections (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-lint-XXXXXX", &error);
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) first = NULL;
  g_autoptr(SluiceMigration) second = NULL;
  g_autoptr(SluiceLint) lint = sluice_lint_new (NULL);
  g_autoptr(GPtrArray) first_findings = NULL;
  g_autoptr(GPtrArray) second_findings = NULL;
  const SluiceLintFinding *finding;

  g_assert_no_error (error);
  write_file (dir, "0001_users.sql",
              "-- Adds an index\n"
              "-- sluice:up\n"
              "SET lock_timeout = '1s';\n"
              "-- sluice:ignore create-index-not-concurrently\n"
              "CREATE INDEX a ON users (a);\n"
              "CREATE INDEX b ON users (b);\n"
              "-- sluice:down\n"
              "DROP INDEX b;\n");
  write_file (dir, "0002_concurrent.sql",
              "-- sluice:up\n"
              "CREATE INDEX CONCURRENTLY c ON users (c);\n");

  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  /* The ignore comment is a comment to the folder reader, not a marker. */
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder)), ==, 2);

  first = migration_at (folder, 0);
  first_findings = sluice_lint_check_migration (lint, first);
  /* Only the up section, at its lines in the file. */
  g_assert_cmpuint (first_findings->len, ==, 1);
  finding = g_ptr_array_index (first_findings, 0);
  g_assert_cmpstr (finding->rule, ==, "create-index-not-concurrently");
  g_assert_cmpuint (finding->line, ==, 6);
  g_assert_true (g_str_has_suffix (finding->file, "0001_users.sql"));

  /* Sluice runs it in one transaction: CONCURRENTLY fails there. */
  second = migration_at (folder, 1);
  second_findings = sluice_lint_check_migration (lint, second);
  g_assert_nonnull (find_rule (second_findings, "concurrently-in-transaction"));
  g_assert_cmpuint (find_rule (second_findings, "concurrently-in-transaction")->line, ==, 2);

  remove_dir (dir);
}

static void
test_migration_no_transaction (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-lint-XXXXXX", &error);
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(SluiceLint) lint = sluice_lint_new (NULL);
  g_autoptr(GPtrArray) findings = NULL;

  g_assert_no_error (error);
  write_file (dir, "20240101000000_idx.sql",
              "-- migrate:up transaction:false\n"
              "CREATE INDEX CONCURRENTLY c ON users (c);\n"
              "-- migrate:down\n"
              "DROP TABLE users;\n");

  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_DBMATE, &error);
  g_assert_no_error (error);
  migration = migration_at (folder, 0);
  g_assert_false (sluice_migration_get_transactional (migration));

  findings = sluice_lint_check_migration (lint, migration);
  g_assert_null (find_rule (findings, "concurrently-in-transaction"));
  g_assert_null (find_rule (findings, "drop-table"));

  remove_dir (dir);
}

static void
test_check_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-lint-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "good.sql", NULL);
  g_autofree char *binary = g_build_filename (dir, "binary.sql", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.sql", NULL);
  g_autoptr(SluiceLint) lint = sluice_lint_new (NULL);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) none = NULL;

  g_assert_no_error (error);
  write_file (dir, "good.sql", "SELECT 1;\nTRUNCATE t;\n");
  g_file_set_contents (binary, "SELECT 1;\n\nSELECT '\xff';\n", -1, &error);
  g_assert_no_error (error);

  findings = sluice_lint_check_file (lint, good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (find_rule (findings, "truncate")->file, ==, good);
  g_assert_cmpuint (find_rule (findings, "truncate")->line, ==, 2);

  none = sluice_lint_check_file (lint, binary, &error);
  g_assert_null (none);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_clear_error (&error);

  none = sluice_lint_check_file (lint, missing, &error);
  g_assert_null (none);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);

  remove_dir (dir);
}

/* Hostile text ----------------------------------------------------------------------- */

static void
test_syntax_error (void)
{
  g_autoptr(GPtrArray) findings = lint_text ("DROP TABLE a;\n"
                                        "ALTER TABLE t ADD COLUMN;\n"
                                        "TRUNCATE b;\n");
  const SluiceLintFinding *finding = find_rule (findings, "syntax-error");

  g_assert_nonnull (finding);
  g_assert_cmpuint (finding->line, ==, 2);
  g_assert_cmpuint (finding->column, ==, 25);
  g_assert_cmpint (finding->severity, ==, SLUICE_LINT_SEVERITY_ERROR);
  g_assert_null (sluice_lock_mode_to_string (finding->lock));
  g_assert_nonnull (strstr (finding->message, "syntax error"));
  /* The statements around it are still linted. */
  g_assert_nonnull (find_rule (findings, "drop-table"));
  g_assert_nonnull (find_rule (findings, "truncate"));
}

static void
test_unterminated (void)
{
  const char *texts[] = {
    "DROP TABLE a;\nSELECT $$ never closed;\n",
    "DROP TABLE a;\nSELECT 'never closed;\n",
    "DROP TABLE a;\n/* never closed\n",
    "DROP TABLE a;\nSELECT \"never closed;\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) findings = lint_text (texts[i]);
      const SluiceLintFinding *finding = find_rule (findings, "syntax-error");

      g_assert_nonnull (finding);
      g_assert_cmpuint (finding->line, ==, 2);
    }
}

static void
test_hostile_text (void)
{
  g_autoptr(GPtrArray) invalid = lint_text ("SELECT 1;\nSELECT '\xc3\x28';\n");
  g_autoptr(GPtrArray) empty = lint_text ("");
  g_autoptr(GPtrArray) comments = lint_text ("-- nothing\n/* at all */\n;;;\n");
  g_autoptr(GString) deep = g_string_new ("SELECT ");
  g_autoptr(GPtrArray) deep_findings = NULL;
  g_autoptr(GPtrArray) atomic = NULL;

  g_assert_nonnull (find_rule (invalid, "syntax-error"));
  g_assert_cmpuint (find_rule (invalid, "syntax-error")->line, ==, 2);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (comments->len, ==, 0);

  /* Deeper than the parser's stack: refused, not a crash. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '(');
  g_string_append (deep, "1");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ')');
  g_string_append (deep, ";\nDROP TABLE t;");
  deep_findings = lint_text (deep->str);
  g_assert_nonnull (find_rule (deep_findings, "syntax-error"));

  /* A SQL-standard function body keeps its semicolons. */
  atomic = lint_text ("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nDROP TABLE t;");
  g_assert_null (find_rule (atomic, "syntax-error"));
  g_assert_cmpuint (find_rule (atomic, "drop-table")->line, ==, 2);
}

/* Names come back from the parse tree's JSON with their escapes undone. */
static void
test_escaped_names (void)
{
  g_autoptr(GPtrArray) findings = lint_text ("ALTER TABLE \"a\"\"b\\c\" DROP COLUMN \"tab\there\";\n"
                                             "DROP TABLE \"日本\U0001F600\";");
  const SluiceLintFinding *drop_column = find_rule (findings, "drop-column");
  const SluiceLintFinding *drop_table = find_rule (findings, "drop-table");

  g_assert_nonnull (drop_column);
  g_assert_nonnull (strstr (drop_column->message, "a\"b\\c"));
  g_assert_nonnull (strstr (drop_column->message, "tab\there"));
  g_assert_nonnull (drop_table);
  g_assert_nonnull (strstr (drop_table->message, "日本\U0001F600"));
  g_assert_true (g_utf8_validate (drop_table->message, -1, NULL));
}

static void
test_huge_text (void)
{
  g_autoptr(GString) sql = g_string_new ("SET lock_timeout = '1s';\n");
  g_autoptr(GPtrArray) findings = NULL;
  gint64 start;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (sql, "ALTER TABLE t%u ADD COLUMN c%u int;\nCREATE INDEX i%u ON t%u (c%u);\n", i, i, i, i, i);

  start = g_get_monotonic_time ();
  findings = lint_text (sql->str);
  g_test_message ("%u statements linted in %.0f ms", 40001, (g_get_monotonic_time () - start) / 1000.0);

  g_assert_cmpuint (count_rule (findings, "create-index-not-concurrently"), ==, 20000);
  g_assert_cmpuint (count_rule (findings, "lock-level"), ==, 20000);
  g_assert_cmpuint (((SluiceLintFinding *) g_ptr_array_index (findings, findings->len - 1))->line, ==, 40001);
}

static void
test_finding_boxed (void)
{
  g_autoptr(GPtrArray) findings = lint_text ("DROP TABLE t;");
  const SluiceLintFinding *finding = find_rule (findings, "drop-table");
  g_autoptr(SluiceLintFinding) copy = sluice_lint_finding_copy (finding);

  g_assert_cmpstr (copy->rule, ==, finding->rule);
  g_assert_cmpstr (copy->message, ==, finding->message);
  g_assert_cmpstr (copy->rewrite, ==, finding->rewrite);
  g_assert_cmpuint (copy->line, ==, finding->line);
  g_assert_true (G_TYPE_IS_BOXED (SLUICE_TYPE_LINT_FINDING));
  g_assert_true (G_TYPE_IS_BOXED (SLUICE_TYPE_LINT_CONFIG));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lint/rule/create-index", test_create_index);
  g_test_add_func ("/lint/rule/drop-index", test_drop_index);
  g_test_add_func ("/lint/rule/concurrently-in-transaction", test_concurrently_in_transaction);
  g_test_add_func ("/lint/rule/constraint-not-valid", test_constraint_not_valid);
  g_test_add_func ("/lint/rule/builds-index", test_builds_index);
  g_test_add_func ("/lint/rule/column-type", test_column_type);
  g_test_add_func ("/lint/rule/set-not-null", test_set_not_null);
  g_test_add_func ("/lint/rule/add-column-default", test_add_column_default);
  g_test_add_func ("/lint/rule/add-column-not-null", test_add_column_not_null);
  g_test_add_func ("/lint/rule/table-rewrite", test_table_rewrite);
  g_test_add_func ("/lint/rule/renames-and-drops", test_renames_and_drops);
  g_test_add_func ("/lint/rule/lock-timeout", test_lock_timeout);
  g_test_add_func ("/lint/rule/maintenance", test_maintenance);
  g_test_add_func ("/lint/rule/mass-writes", test_mass_writes);
  g_test_add_func ("/lint/rule/uncommitted-transaction", test_uncommitted_transaction);
  g_test_add_func ("/lint/rule/lock-level", test_lock_level);
  g_test_add_func ("/lint/positions", test_positions);
  g_test_add_func ("/lint/positions/characters", test_positions_in_characters);
  g_test_add_func ("/lint/ignore", test_ignore);
  g_test_add_func ("/lint/config/guard-defaults", test_guard_defaults);
  g_test_add_func ("/lint/config/overrides", test_overrides);
  g_test_add_func ("/lint/config/severity-names", test_severity_names);
  g_test_add_func ("/lint/config/server-versions", test_server_versions);
  g_test_add_func ("/lint/profile/member", test_profile_lint_member);
  g_test_add_func ("/lint/profile/member-invalid", test_profile_lint_member_invalid);
  g_test_add_func ("/lint/migration/sections", test_migration_sections);
  g_test_add_func ("/lint/migration/no-transaction", test_migration_no_transaction);
  g_test_add_func ("/lint/file", test_check_file);
  g_test_add_func ("/lint/hostile/syntax-error", test_syntax_error);
  g_test_add_func ("/lint/hostile/unterminated", test_unterminated);
  g_test_add_func ("/lint/hostile/text", test_hostile_text);
  g_test_add_func ("/lint/hostile/escaped-names", test_escaped_names);
  g_test_add_func ("/lint/hostile/huge", test_huge_text);
  g_test_add_func ("/lint/finding-boxed", test_finding_boxed);

  return g_test_run ();
}
