/* test-history.c: every tool's history table, as the tool writes it, read back
 *
 * Each test creates a tool's table(s) with the DDL the tool itself uses
 * (see ../shared/reference/migration-tools.md and the tools' sources),
 * inserts rows as the tool would (a failed Flyway row, a dirty
 * golang-migrate row, a rolled back and an unfinished Prisma row, ...),
 * and checks what SluiceHistory makes of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "sluice.h"
#include "sluice-history-private.h"
#include "sluice-test-pg.h"

static SluiceHistory *
try_read_history (const char             *conninfo,
                  SluiceMigrationFormat   preferred,
                  GError                **error)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  SluiceHistory *history;
  SluiceTestAsyncWait wait = { 0 };

  sluice_history_read_async (connection, preferred, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  history = sluice_history_read_finish (wait.result, error);
  g_object_unref (wait.result);
  sluice_connection_close (connection);
  return history;
}

static SluiceHistory *
read_history (const char            *conninfo,
              SluiceMigrationFormat  preferred)
{
  g_autoptr(GError) error = NULL;
  SluiceHistory *history = try_read_history (conninfo, preferred, &error);

  g_assert_no_error (error);
  g_assert_nonnull (history);
  return history;
}

static SluiceHistoryEntry *
entry_at (SluiceHistory *history,
          guint          position)
{
  GListModel *entries = sluice_history_get_entries (history);
  SluiceHistoryEntry *entry = g_list_model_get_item (entries, position);

  g_assert_nonnull (entry);
  g_object_unref (entry);  /* the history keeps it */
  return entry;
}

static guint
n_entries (SluiceHistory *history)
{
  return g_list_model_get_n_items (sluice_history_get_entries (history));
}

static SluiceMigrationFolder *
load_fixture (const char            *tool,
              const char            *name,
              SluiceMigrationFormat  format)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "unit", "fixtures", "folders", tool, name, NULL);
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder = sluice_migration_folder_load (path, format, &error);

  g_assert_no_error (error);
  g_assert_nonnull (folder);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  return folder;
}

/* "version:status " for each item of the report, in order. */
static char *
describe_report (SluiceStatusReport *report)
{
  GListModel *items = sluice_status_report_get_items (report);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);
      const char *version = sluice_status_item_get_version (item);

      /* Flyway's repeatables have no version: their name. */
      g_string_append_printf (text, "%s:%s ", version != NULL ? version : sluice_status_item_get_name (item),
                              sluice_migration_status_to_string (sluice_status_item_get_status (item)));
    }

  return g_string_free (text, FALSE);
}

/* "2024-03-01T09:00:01Z", or NULL. */
static char *
utc_text (GDateTime *at)
{
  g_autoptr(GDateTime) utc = NULL;

  if (at == NULL)
    return NULL;

  utc = g_date_time_to_utc (at);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static void
assert_applied_at (SluiceHistoryEntry *entry,
                   const char         *expected)
{
  g_autofree char *text = utc_text (sluice_history_entry_get_applied_at (entry));

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_tools_found (SluiceHistory           *history,
                    const SluiceHistoryTool *expected,
                    guint                    n_expected)
{
  GArray *found = sluice_history_get_tools_found (history);

  g_assert_cmpuint (found->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (found, SluiceHistoryTool, i), ==, expected[i]);
}

/* Makes the database's sessions read timestamps without a time zone in
 * Paris time, so that Flyway's local installed_on is seen to be converted. */
static void
set_database_time_zone (const char *conninfo,
                        const char *zone)
{
  g_autofree char *sql =
    g_strdup_printf ("DO $$ BEGIN EXECUTE format('ALTER DATABASE %%I SET timezone = %%L', "
                     "current_database(), '%s'); END $$", zone);

  sluice_test_pg_exec (conninfo, sql);
}

static void
test_no_history (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;

  /* A table of the right name in the wrong place is not a history. */
  sluice_test_pg_exec (conninfo,
                       "CREATE SCHEMA elsewhere;"
                       "CREATE TABLE elsewhere.schema_migrations (version text);"
                       "CREATE TABLE public.migrations (version text);");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_NONE);
  g_assert_cmpuint (n_entries (history), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_history_get_run_log (history)), ==, 0);
  g_assert_cmpuint (sluice_history_get_tools_found (history)->len, ==, 0);
  g_assert_null (sluice_history_find (history, "1"));
}

static void
test_sluice (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;
  const SluiceHistoryTool tools[] = { SLUICE_HISTORY_TOOL_SLUICE };
  GListModel *run_log;
  SluiceHistoryEntry *entry;
  g_autoptr(SluiceRunRecord) failed = NULL;
  g_autofree char *error = NULL;
  g_autofree char *sqlstate = NULL;
  g_autofree char *direction = NULL;
  gboolean success = TRUE;
  int done = 0;
  int total = 0;

  sluice_test_pg_exec (conninfo, sluice_history_schema_sql ());
  /* Idempotent. */
  sluice_test_pg_exec (conninfo, sluice_history_schema_sql ());
  sluice_test_pg_exec (conninfo,
                       "INSERT INTO sluice.migrations (version, name, checksum, applied_by, applied_at, execution_ms) VALUES"
                       " ('0001', 'create_organizations', 'aa11', 'ops', '2024-05-01 09:00:00+00', 12),"
                       " ('0002', 'create_users', 'bb22', 'ops', '2024-05-01 09:00:01+00', 30);"
                       "INSERT INTO sluice.run_log (version, name, direction, started_at, finished_at, success,"
                       "                            error, sqlstate, statements_done, statements_total, actor) VALUES"
                       " ('0001', 'create_organizations', 'up', '2024-05-01 09:00:00+00', '2024-05-01 09:00:00.012+00', true, NULL, NULL, 2, 2, 'ops'),"
                       " ('0002', 'create_users', 'up', '2024-05-01 09:00:01+00', '2024-05-01 09:00:01.030+00', true, NULL, NULL, 3, 3, 'ops'),"
                       " ('0003', 'create_ticket_enums', 'up', '2024-05-01 09:00:02+00', '2024-05-01 09:00:02.004+00', false,"
                       "  'type \"ticket_state\" already exists', '42710', 1, 2, 'ops'),"
                       /* A failure that was later fixed is no failure. */
                       " ('0002', 'create_users', 'up', '2024-05-01 08:00:00+00', '2024-05-01 08:00:00.1+00', false, 'boom', 'XX000', 0, 3, 'ops');");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_SLUICE);
  assert_tools_found (history, tools, G_N_ELEMENTS (tools));
  g_assert_cmpuint (n_entries (history), ==, 3);

  entry = entry_at (history, 0);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "0001");
  g_assert_cmpstr (sluice_history_entry_get_version (entry), ==, "0001");
  g_assert_cmpstr (sluice_history_entry_get_name (entry), ==, "create_organizations");
  g_assert_cmpstr (sluice_history_entry_get_checksum (entry), ==, "aa11");
  g_assert_cmpstr (sluice_history_entry_get_applied_by (entry), ==, "ops");
  g_assert_cmpint (sluice_history_entry_get_execution_ms (entry), ==, 12);
  g_assert_cmpint (sluice_history_entry_get_state (entry), ==, SLUICE_HISTORY_APPLIED);
  g_assert_cmpuint (sluice_history_entry_get_rank (entry), ==, 0);
  assert_applied_at (entry, "2024-05-01T09:00:00.000000Z");

  entry = entry_at (history, 2);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "0003");
  g_assert_cmpint (sluice_history_entry_get_state (entry), ==, SLUICE_HISTORY_FAILED);
  g_assert_cmpstr (sluice_history_entry_get_log (entry), ==, "type \"ticket_state\" already exists");
  g_assert_null (sluice_history_entry_get_checksum (entry));
  g_assert_cmpuint (sluice_history_entry_get_rank (entry), ==, 2);
  assert_applied_at (entry, "2024-05-01T09:00:02.000000Z");
  g_assert_true (sluice_history_find (history, "0002") == entry_at (history, 1));

  run_log = sluice_history_get_run_log (history);
  g_assert_cmpuint (g_list_model_get_n_items (run_log), ==, 4);
  failed = g_list_model_get_item (run_log, 3);
  g_object_get (failed, "error", &error, "sqlstate", &sqlstate, "direction", &direction,
                "success", &success, "statements-done", &done, "statements-total", &total, NULL);
  g_assert_cmpstr (error, ==, "type \"ticket_state\" already exists");
  g_assert_cmpstr (sqlstate, ==, "42710");
  g_assert_cmpstr (direction, ==, "up");
  g_assert_false (success);
  g_assert_cmpint (done, ==, 1);
  g_assert_cmpint (total, ==, 2);
}

static void
test_flyway (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;
  SluiceHistoryEntry *entry;

  set_database_time_zone (conninfo, "Europe/Paris");
  /* PostgreSQLDatabase's DDL. */
  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE \"public\".\"flyway_schema_history\" ("
                       "  \"installed_rank\" INT NOT NULL,"
                       "  \"version\" VARCHAR(50),"
                       "  \"description\" VARCHAR(200) NOT NULL,"
                       "  \"type\" VARCHAR(20) NOT NULL,"
                       "  \"script\" VARCHAR(1000) NOT NULL,"
                       "  \"checksum\" INTEGER,"
                       "  \"installed_by\" VARCHAR(100) NOT NULL,"
                       "  \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),"
                       "  \"execution_time\" INTEGER NOT NULL,"
                       "  \"success\" BOOLEAN NOT NULL);"
                       "ALTER TABLE \"public\".\"flyway_schema_history\" ADD CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY (\"installed_rank\");"
                       "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"public\".\"flyway_schema_history\" (\"success\");"
                       "INSERT INTO flyway_schema_history VALUES"
                       " (1, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '\"public\"', NULL, 'deploy', '2024-03-01 10:00:00', 0, true),"
                       " (2, '1', 'create users', 'SQL', 'V1__create_users.sql', -1840359232, 'deploy', '2024-03-01 10:00:01.5', 42, true),"
                       " (3, '1.1', 'add email', 'SQL', 'V1_1__add_email.sql', 1187765032, 'deploy', '2024-03-01 10:00:02', 7, true),"
                       " (4, NULL, 'refresh views', 'SQL', 'R__refresh_views.sql', 12345, 'deploy', '2024-03-01 10:00:03', 3, true),"
                       " (5, '2', 'add index', 'SQL', 'V2__add_index.sql', 99, 'ci', '2024-03-02 11:00:00', 1500, false);");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_FLYWAY);
  /* The SCHEMA row is Flyway's own, not a migration. */
  g_assert_cmpuint (n_entries (history), ==, 4);

  entry = entry_at (history, 0);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "1");
  g_assert_cmpstr (sluice_history_entry_get_name (entry), ==, "create users");
  g_assert_cmpstr (sluice_history_entry_get_checksum (entry), ==, "-1840359232");
  g_assert_cmpstr (sluice_history_entry_get_applied_by (entry), ==, "deploy");
  g_assert_cmpint (sluice_history_entry_get_execution_ms (entry), ==, 42);
  g_assert_cmpuint (sluice_history_entry_get_rank (entry), ==, 1);
  /* Local Paris time (UTC+1 in March). */
  assert_applied_at (entry, "2024-03-01T09:00:01.500000Z");

  entry = entry_at (history, 1);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "1.1");
  g_assert_cmpstr (sluice_history_entry_get_checksum (entry), ==, "1187765032");

  /* A repeatable is known by its description. */
  entry = entry_at (history, 2);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "refresh views");
  g_assert_cmpuint (sluice_history_entry_get_rank (entry), ==, 3);

  entry = entry_at (history, 3);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "2");
  g_assert_cmpint (sluice_history_entry_get_state (entry), ==, SLUICE_HISTORY_FAILED);
  g_assert_cmpstr (sluice_history_entry_get_applied_by (entry), ==, "ci");
  assert_applied_at (entry, "2024-03-02T10:00:00.000000Z");
  g_assert_cmpuint (g_list_model_get_n_items (sluice_history_get_run_log (history)), ==, 0);
}

/* flyway_schema_history as PostgreSQLDatabase creates it. */
static const char flyway_table_sql[] =
  "CREATE TABLE \"public\".\"flyway_schema_history\" ("
  "  \"installed_rank\" INT NOT NULL,"
  "  \"version\" VARCHAR(50),"
  "  \"description\" VARCHAR(200) NOT NULL,"
  "  \"type\" VARCHAR(20) NOT NULL,"
  "  \"script\" VARCHAR(1000) NOT NULL,"
  "  \"checksum\" INTEGER,"
  "  \"installed_by\" VARCHAR(100) NOT NULL,"
  "  \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),"
  "  \"execution_time\" INTEGER NOT NULL,"
  "  \"success\" BOOLEAN NOT NULL);"
  "ALTER TABLE \"public\".\"flyway_schema_history\" ADD CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY (\"installed_rank\");";

/* The Flyway shop fixture holds B2__shop_baseline.sql and
 * V2__orders_total_check.sql, both of version 2.  On a new database Flyway
 * runs B2 (a SQL_BASELINE row) and never V1..V2; on an older one it ran
 * V1..V2 (SQL rows) and never runs B2.  Neither is drift. */
static void
test_flyway_baseline_migration (void)
{
  g_autofree char *from_baseline = sluice_test_pg_new_database ();
  g_autofree char *from_versions = sluice_test_pg_new_database ();
  g_autoptr(SluiceMigrationFolder) folder = load_fixture ("flyway", "shop", SLUICE_MIGRATION_FORMAT_FLYWAY);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  g_autoptr(SluiceStatusItem) b2 = NULL;
  g_autoptr(SluiceStatusItem) v2 = NULL;
  g_autofree char *text = NULL;
  GListModel *items;

  sluice_test_pg_exec (from_baseline, flyway_table_sql);
  sluice_test_pg_exec (from_baseline,
                       "INSERT INTO flyway_schema_history VALUES"
                       " (1, '2', 'shop baseline', 'SQL_BASELINE', 'B2__shop_baseline.sql', 1253310866, 'deploy', '2024-03-01 10:00:00', 40, true),"
                       " (2, '3', 'seed countries', 'SQL', 'V3__seed_countries.sql', -1238397777, 'deploy', '2024-03-01 10:00:01', 5, true);");

  history = read_history (from_baseline, SLUICE_MIGRATION_FORMAT_FLYWAY);
  g_assert_true (_sluice_history_entry_get_baseline (entry_at (history, 0)));
  g_assert_false (_sluice_history_entry_get_baseline (entry_at (history, 1)));
  report = sluice_status_report_new (folder, history);
  text = describe_report (report);
  g_test_message ("from the baseline: %s", text);
  g_assert_cmpstr (text, ==,
                   "1:applied 1.1:applied 1.2:applied 2:applied 2:applied 3:applied "
                   "audit function:pending customer totals view:pending ");
  items = sluice_status_report_get_items (report);
  b2 = g_list_model_get_item (items, 3);
  v2 = g_list_model_get_item (items, 4);
  g_assert_cmpint (sluice_migration_get_kind (sluice_status_item_get_migration (b2)), ==, SLUICE_MIGRATION_BASELINE);
  g_assert_true (sluice_status_item_get_entry (b2) == entry_at (history, 0));
  g_assert_null (sluice_status_item_get_entry (v2));
  g_clear_object (&b2);
  g_clear_object (&v2);
  g_clear_object (&report);
  g_clear_object (&history);
  g_clear_pointer (&text, g_free);

  sluice_test_pg_exec (from_versions, flyway_table_sql);
  sluice_test_pg_exec (from_versions,
                       "INSERT INTO flyway_schema_history VALUES"
                       " (1, '1', 'create customers', 'SQL', 'V1__create_customers.sql', -1511759925, 'deploy', '2024-03-01 10:00:00', 4, true),"
                       " (2, '1.1', 'customers email index', 'SQL', 'V1.1__customers_email_index.sql', -1555773281, 'deploy', '2024-03-01 10:00:01', 4, true),"
                       " (3, '1.2', 'create orders', 'SQL', 'V1_2__create_orders.sql', -786808901, 'deploy', '2024-03-01 10:00:02', 4, true),"
                       " (4, '2', 'orders total check', 'SQL', 'V2__orders_total_check.sql', -1602223197, 'deploy', '2024-03-01 10:00:03', 4, true);");

  history = read_history (from_versions, SLUICE_MIGRATION_FORMAT_FLYWAY);
  report = sluice_status_report_new (folder, history);
  text = describe_report (report);
  g_test_message ("from the versioned migrations: %s", text);
  g_assert_cmpstr (text, ==,
                   "1:applied 1.1:applied 1.2:applied 2:applied 2:applied 3:pending "
                   "audit function:pending customer totals view:pending ");
  items = sluice_status_report_get_items (report);
  b2 = g_list_model_get_item (items, 3);
  v2 = g_list_model_get_item (items, 4);
  g_assert_null (sluice_status_item_get_entry (b2));
  g_assert_true (sluice_status_item_get_entry (v2) == entry_at (history, 3));
  g_assert_true (sluice_migration_folder_find (folder, "2") == sluice_status_item_get_migration (v2));
}

static void
test_golang_migrate (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;
  SluiceHistoryEntry *entry;

  /* database/postgres/postgres.go, and the row a failed migration leaves. */
  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE IF NOT EXISTS \"public\".\"schema_migrations\" "
                       "(version bigint not null primary key, dirty boolean not null);"
                       "BEGIN; TRUNCATE \"public\".\"schema_migrations\";"
                       "INSERT INTO \"public\".\"schema_migrations\" (version, dirty) VALUES (20240105120000, true);"
                       "COMMIT;");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_GOLANG_MIGRATE);
  g_assert_cmpuint (n_entries (history), ==, 1);
  entry = entry_at (history, 0);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "20240105120000");
  g_assert_cmpint (sluice_history_entry_get_state (entry), ==, SLUICE_HISTORY_DIRTY);
  g_assert_null (sluice_history_entry_get_applied_at (entry));
  g_assert_cmpint (sluice_history_entry_get_execution_ms (entry), ==, -1);
}

static void
test_dbmate (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;
  SluiceHistoryEntry *entry;

  /* pkg/driver/postgres/postgres.go */
  sluice_test_pg_exec (conninfo,
                       "create table if not exists public.schema_migrations (version varchar(255) primary key);"
                       "insert into public.schema_migrations (version) values ('20240102000000'), "
                       "('20231231235959'), ('20240101000000');");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_DBMATE);
  g_assert_cmpuint (n_entries (history), ==, 3);
  /* No order of application is kept: version order. */
  g_assert_cmpstr (sluice_history_entry_get_key (entry_at (history, 0)), ==, "20231231235959");
  g_assert_cmpstr (sluice_history_entry_get_key (entry_at (history, 1)), ==, "20240101000000");
  entry = entry_at (history, 2);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "20240102000000");
  g_assert_cmpuint (sluice_history_entry_get_rank (entry), ==, 2);
  g_assert_null (sluice_history_entry_get_checksum (entry));
  g_assert_null (sluice_history_entry_get_applied_at (entry));
  g_assert_cmpint (sluice_history_entry_get_state (entry), ==, SLUICE_HISTORY_APPLIED);
}

static void
test_rails (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;

  /* As db/structure.sql has them. */
  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE public.schema_migrations (version character varying NOT NULL);"
                       "ALTER TABLE ONLY public.schema_migrations ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);"
                       "CREATE TABLE public.ar_internal_metadata (key character varying NOT NULL, value character varying,"
                       "  created_at timestamp(6) without time zone NOT NULL, updated_at timestamp(6) without time zone NOT NULL);"
                       "ALTER TABLE ONLY public.ar_internal_metadata ADD CONSTRAINT ar_internal_metadata_pkey PRIMARY KEY (key);"
                       "INSERT INTO ar_internal_metadata VALUES ('environment', 'production', now(), now());"
                       "INSERT INTO schema_migrations (version) VALUES ('20230901120000'), ('20230915083000');");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_RAILS);
  g_assert_cmpuint (n_entries (history), ==, 2);
  g_assert_cmpstr (sluice_history_entry_get_key (entry_at (history, 1)), ==, "20230915083000");
}

static void
test_hand_rolled (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;
  SluiceHistoryEntry *entry;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE schema_migrations ("
                       "  version text PRIMARY KEY, description text NOT NULL,"
                       "  applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT current_user,"
                       "  execution_time_ms integer NOT NULL, checksum text);"
                       "INSERT INTO schema_migrations VALUES"
                       " ('10', 'add orders index', '2024-02-01 08:00:05+00', 'ops', 930, 'b1946ac9'),"
                       " ('9', 'create orders', '2024-02-01 08:00:00+00', 'ops', 120, '0cc175b9');");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_HAND_ROLLED);
  g_assert_cmpuint (n_entries (history), ==, 2);

  entry = entry_at (history, 0);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "9");
  g_assert_cmpstr (sluice_history_entry_get_name (entry), ==, "create orders");
  g_assert_cmpstr (sluice_history_entry_get_checksum (entry), ==, "0cc175b9");
  g_assert_cmpstr (sluice_history_entry_get_applied_by (entry), ==, "ops");
  g_assert_cmpint (sluice_history_entry_get_execution_ms (entry), ==, 120);
  assert_applied_at (entry, "2024-02-01T08:00:00.000000Z");
  g_assert_cmpuint (sluice_history_entry_get_rank (entry), ==, 0);

  entry = entry_at (history, 1);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "10");
  g_assert_cmpint (sluice_history_entry_get_execution_ms (entry), ==, 930);
}

static void
test_drizzle (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;
  SluiceHistoryEntry *entry;

  /* drizzle-orm/src/pg-core/dialect.ts */
  sluice_test_pg_exec (conninfo,
                       "CREATE SCHEMA IF NOT EXISTS \"drizzle\";"
                       "CREATE TABLE IF NOT EXISTS \"drizzle\".\"__drizzle_migrations\" ("
                       "  id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);"
                       "INSERT INTO \"drizzle\".\"__drizzle_migrations\" (\"hash\", \"created_at\") VALUES"
                       " ('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 1714000000000),"
                       " ('60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752', 1714000100000);");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_DRIZZLE);
  g_assert_cmpuint (n_entries (history), ==, 2);
  entry = entry_at (history, 1);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "1714000100000");
  g_assert_cmpstr (sluice_history_entry_get_checksum (entry), ==,
                   "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752");
  g_assert_null (sluice_history_entry_get_name (entry));
  g_assert_null (sluice_history_entry_get_applied_at (entry));
  g_assert_cmpuint (sluice_history_entry_get_rank (entry), ==, 1);
}

/* lib/App/Sqitch/Engine/pg.sql, the tables the history reads and what they refer to. */
static const char sqitch_registry_sql[] =
  "CREATE SCHEMA sqitch;"
  "CREATE TABLE sqitch.projects (project TEXT PRIMARY KEY, uri TEXT NULL UNIQUE,"
  "  created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), creator_name TEXT NOT NULL, creator_email TEXT NOT NULL);"
  "CREATE TABLE sqitch.changes (change_id TEXT PRIMARY KEY, script_hash TEXT NULL, change TEXT NOT NULL,"
  "  project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE, note TEXT NOT NULL DEFAULT '',"
  "  committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), committer_name TEXT NOT NULL, committer_email TEXT NOT NULL,"
  "  planned_at TIMESTAMPTZ NOT NULL, planner_name TEXT NOT NULL, planner_email TEXT NOT NULL,"
  "  UNIQUE(project, script_hash));"
  "CREATE TABLE sqitch.events (event TEXT NOT NULL CHECK (event IN ('deploy', 'revert', 'fail', 'merge')),"
  "  change_id TEXT NOT NULL, change TEXT NOT NULL,"
  "  project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE, note TEXT NOT NULL DEFAULT '',"
  "  requires TEXT[] NOT NULL DEFAULT '{}', conflicts TEXT[] NOT NULL DEFAULT '{}', tags TEXT[] NOT NULL DEFAULT '{}',"
  "  committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), committer_name TEXT NOT NULL, committer_email TEXT NOT NULL,"
  "  planned_at TIMESTAMPTZ NOT NULL, planner_name TEXT NOT NULL, planner_email TEXT NOT NULL,"
  "  PRIMARY KEY (change_id, committed_at));";

static void
test_sqitch (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceRunRecord) record = NULL;
  g_autofree char *direction = NULL;
  g_autofree char *actor = NULL;
  gboolean success = TRUE;
  GListModel *run_log;
  SluiceHistoryEntry *entry;

  sluice_test_pg_exec (conninfo, sqitch_registry_sql);
  sluice_test_pg_exec (conninfo,
                       "INSERT INTO sqitch.projects VALUES ('flipr', 'https://example.org/flipr/', now(), 'Marge', 'marge@example.org');"
                       "INSERT INTO sqitch.changes VALUES"
                       " ('c1', 'e1f2a3', 'appschema', 'flipr', 'Add schema', '2024-01-16 14:20:00+00', 'Marge', 'marge@example.org',"
                       "  '2024-01-16 10:00:00+00', 'Marge', 'marge@example.org'),"
                       " ('c2', 'b4c5d6', 'users', 'flipr', 'Creates table to track our users.', '2024-01-16 14:20:01+00', 'Homer', 'homer@example.org',"
                       "  '2024-01-16 10:05:00+00', 'Marge', 'marge@example.org');"
                       "INSERT INTO sqitch.events (event, change_id, change, project, note, committed_at, committer_name, committer_email,"
                       "                           planned_at, planner_name, planner_email) VALUES"
                       " ('deploy', 'c1', 'appschema', 'flipr', '', '2024-01-16 14:20:00+00', 'Marge', 'm@x', '2024-01-16 10:00:00+00', 'Marge', 'm@x'),"
                       " ('deploy', 'c2', 'users', 'flipr', '', '2024-01-16 14:20:01+00', 'Homer', 'h@x', '2024-01-16 10:05:00+00', 'Marge', 'm@x'),"
                       " ('deploy', 'c3', 'flips', 'flipr', '', '2024-01-16 14:20:02+00', 'Homer', 'h@x', '2024-01-16 10:06:00+00', 'Marge', 'm@x'),"
                       " ('revert', 'c3', 'flips', 'flipr', '', '2024-01-16 14:30:00+00', 'Homer', 'h@x', '2024-01-16 10:06:00+00', 'Marge', 'm@x'),"
                       " ('fail', 'c4', 'widgets', 'flipr', 'Deploy failed', '2024-01-16 14:40:00+00', 'Bart', 'b@x', '2024-01-16 10:07:00+00', 'Marge', 'm@x');");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_SQITCH);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_SQITCH);
  /* appschema, users deployed; flips reverted (gone); widgets failed. */
  g_assert_cmpuint (n_entries (history), ==, 3);

  entry = entry_at (history, 1);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "users");
  g_assert_cmpstr (sluice_history_entry_get_checksum (entry), ==, "b4c5d6");
  g_assert_cmpstr (sluice_history_entry_get_applied_by (entry), ==, "Homer");
  assert_applied_at (entry, "2024-01-16T14:20:01.000000Z");
  g_assert_cmpuint (sluice_history_entry_get_rank (entry), ==, 1);

  entry = entry_at (history, 2);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "widgets");
  g_assert_cmpint (sluice_history_entry_get_state (entry), ==, SLUICE_HISTORY_FAILED);
  g_assert_cmpstr (sluice_history_entry_get_applied_by (entry), ==, "Bart");
  g_assert_null (sluice_history_find (history, "flips"));

  run_log = sluice_history_get_run_log (history);
  g_assert_cmpuint (g_list_model_get_n_items (run_log), ==, 5);
  record = g_list_model_get_item (run_log, 3);
  g_object_get (record, "direction", &direction, "actor", &actor, "success", &success, NULL);
  g_assert_cmpstr (direction, ==, "revert");
  g_assert_cmpstr (actor, ==, "Homer");
  g_assert_true (success);
}

/* The tags table of the same pg.sql. */
static const char sqitch_tags_sql[] =
  "CREATE TABLE sqitch.tags (tag_id TEXT PRIMARY KEY, tag TEXT NOT NULL,"
  "  project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,"
  "  change_id TEXT NOT NULL REFERENCES sqitch.changes(change_id) ON UPDATE CASCADE,"
  "  note TEXT NOT NULL DEFAULT '', committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),"
  "  committer_name TEXT NOT NULL, committer_email TEXT NOT NULL,"
  "  planned_at TIMESTAMPTZ NOT NULL, planner_name TEXT NOT NULL, planner_email TEXT NOT NULL,"
  "  UNIQUE(project, tag));";

/* The rows `sqitch deploy` wrote for the Sqitch shop fixture, whose plan
 * reworks order_totals after @v1.1 (ids shortened; hashes as deployed). */
static const char sqitch_shop_rows_sql[] =
  "INSERT INTO sqitch.projects VALUES ('shop', 'https://example.com/shop', now(), 'Ada', 'ada@example.com');"
  "INSERT INTO sqitch.changes (change_id, script_hash, change, project, note, committed_at, committer_name,"
  "                            committer_email, planned_at, planner_name, planner_email) VALUES"
  " ('d449', 'ea5820aa0f5f1de9b35b8861da59e2fe029a4169', 'appschema', 'shop', '', '2026-11-21 09:56:06.629+00', 'T', 't@x', now(), 'Ada', 'a@x'),"
  " ('df53', '0fdfa3c79e980c6310f3c5d612d0e44b4f673048', 'customers', 'shop', '', '2026-11-21 09:56:06.683+00', 'T', 't@x', now(), 'Ada', 'a@x'),"
  " ('9466', '2d7241a07d58e6503c8a70f40b89ecc40ceb1617', 'orders', 'shop', '', '2026-11-21 09:56:06.738+00', 'T', 't@x', now(), 'Ada', 'a@x'),"
  " ('6553', 'da4235b3e7bbe1558aaf6a6b8d2b93b0fe161ea1', 'order_totals', 'shop', '', '2026-11-21 09:56:06.788+00', 'T', 't@x', now(), 'Ada', 'a@x'),"
  " ('ab26', '4a7fa428cfae339e2983d3e869521e7744f5c9dd', 'order_totals', 'shop', '', '2026-11-21 09:56:06.835+00', 'T', 't@x', now(), 'Ada', 'a@x'),"
  " ('aeeb', '2ef9367b24adf19277e8c8634f65f6a8f0033e58', 'orders_placed_at_idx', 'shop', '', '2026-11-21 09:56:06.886+00', 'T', 't@x', now(), 'Ada', 'a@x');"
  "INSERT INTO sqitch.tags (tag_id, tag, project, change_id, committed_at, committer_name, committer_email,"
  "                         planned_at, planner_name, planner_email) VALUES"
  " ('t10', '@v1.0', 'shop', '9466', '2026-11-21 09:56:06.740+00', 'T', 't@x', now(), 'Ada', 'a@x'),"
  " ('t11', '@v1.1', 'shop', '6553', '2026-11-21 09:56:06.789+00', 'T', 't@x', now(), 'Ada', 'a@x');"
  "INSERT INTO sqitch.events (event, change_id, change, project, committed_at, committer_name, committer_email,"
  "                           planned_at, planner_name, planner_email)"
  " SELECT 'deploy', change_id, change, project, committed_at, 'T', 't@x', now(), 'Ada', 'a@x' FROM sqitch.changes;";

/* A reworked change is deployed twice under one name: the earlier row is
 * keyed name@tag, as Sqitch and the folder adapter call it, so the
 * deployed project shows no drift. */
static void
test_sqitch_rework (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceMigrationFolder) folder = load_fixture ("sqitch", "shop", SLUICE_MIGRATION_FORMAT_SQITCH);
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  g_autoptr(SluiceRunRecord) record = NULL;
  g_autofree char *text = NULL;
  g_autofree char *record_key = NULL;
  SluiceHistoryEntry *entry;

  sluice_test_pg_exec (conninfo, sqitch_registry_sql);
  sluice_test_pg_exec (conninfo, sqitch_tags_sql);
  sluice_test_pg_exec (conninfo, sqitch_shop_rows_sql);

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_SQITCH);
  g_assert_cmpuint (n_entries (history), ==, 6);
  entry = entry_at (history, 3);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "order_totals@v1.1");
  g_assert_cmpstr (sluice_history_entry_get_name (entry), ==, "order_totals");
  g_assert_cmpstr (sluice_history_entry_get_checksum (entry), ==, "da4235b3e7bbe1558aaf6a6b8d2b93b0fe161ea1");
  entry = entry_at (history, 4);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "order_totals");
  g_assert_true (sluice_history_find (history, "order_totals") == entry);
  /* Not reworked, though tagged: the bare name. */
  g_assert_cmpstr (sluice_history_entry_get_key (entry_at (history, 2)), ==, "orders");

  /* The events go with the instance they deployed. */
  record = g_list_model_get_item (sluice_history_get_run_log (history), 3);
  g_object_get (record, "key", &record_key, NULL);
  g_assert_cmpstr (record_key, ==, "order_totals@v1.1");

  report = sluice_status_report_new (folder, history);
  text = describe_report (report);
  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==,
                   "appschema:applied customers:applied orders:applied order_totals@v1.1:applied "
                   "order_totals:applied orders_placed_at_idx:applied ");
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "orders_placed_at_idx");
  g_clear_object (&report);
  g_clear_object (&history);

  /* Without sqitch.tags (or with no right to read it) the earlier row
   * cannot be named; the latest row of the name counts, and the join
   * still gives the earlier one to order_totals@v1.1 by its hash. */
  sluice_test_pg_exec (conninfo, "DROP TABLE sqitch.tags;");
  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_SQITCH);
  g_assert_cmpuint (n_entries (history), ==, 6);
  g_assert_cmpstr (sluice_history_entry_get_key (entry_at (history, 3)), ==, "order_totals");
  g_assert_true (sluice_history_find (history, "order_totals") == entry_at (history, 4));
  report = sluice_status_report_new (folder, history);
  g_clear_pointer (&text, g_free);
  text = describe_report (report);
  g_assert_cmpstr (text, ==,
                   "appschema:applied customers:applied orders:applied order_totals@v1.1:applied "
                   "order_totals:applied orders_placed_at_idx:applied ");
}

/* Another project deployed to the same registry, with a change of the
 * same name as one of shop's, and a failure. */
static const char sqitch_flipr_rows_sql[] =
  "INSERT INTO sqitch.projects VALUES ('flipr', 'https://example.org/flipr/', now(), 'Marge', 'marge@example.org');"
  "INSERT INTO sqitch.changes (change_id, script_hash, change, project, note, committed_at, committer_name,"
  "                            committer_email, planned_at, planner_name, planner_email) VALUES"
  " ('f1', 'aa11', 'appschema', 'flipr', '', '2026-11-20 08:00:00+00', 'M', 'm@x', now(), 'Marge', 'm@x'),"
  " ('f2', 'bb22', 'flips', 'flipr', '', '2026-11-21 09:56:06.700+00', 'M', 'm@x', now(), 'Marge', 'm@x');"
  "INSERT INTO sqitch.tags (tag_id, tag, project, change_id, committed_at, committer_name, committer_email,"
  "                         planned_at, planner_name, planner_email) VALUES"
  " ('ft1', '@v1.1', 'flipr', 'f1', '2026-11-20 08:00:01+00', 'M', 'm@x', now(), 'Marge', 'm@x');"
  "INSERT INTO sqitch.events (event, change_id, change, project, note, committed_at, committer_name, committer_email,"
  "                           planned_at, planner_name, planner_email) VALUES"
  " ('deploy', 'f1', 'appschema', 'flipr', '', '2026-11-20 08:00:00+00', 'M', 'm@x', now(), 'Marge', 'm@x'),"
  " ('deploy', 'f2', 'flips', 'flipr', '', '2026-11-21 09:56:06.700+00', 'M', 'm@x', now(), 'Marge', 'm@x'),"
  " ('fail', 'f3', 'widgets', 'flipr', 'Deploy failed', '2026-11-21 10:00:00+00', 'M', 'm@x', now(), 'Marge', 'm@x');";

static SluiceHistory *
read_project_history (const char *conninfo,
                      const char *project)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GError) error = NULL;
  SluiceHistory *history;
  SluiceTestAsyncWait wait = { 0 };

  sluice_history_read_full_async (connection, SLUICE_MIGRATION_FORMAT_SQITCH, project, NULL,
                                  sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  history = sluice_history_read_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  sluice_connection_close (connection);
  return history;
}

/* Two projects in one registry: the folder's %project picks its own rows,
 * so the other project's changes, events and failures are not shown as
 * this one's. */
static void
test_sqitch_shared_registry (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceMigrationFolder) folder = load_fixture ("sqitch", "shop", SLUICE_MIGRATION_FORMAT_SQITCH);
  g_autoptr(SluiceHistory) everything = NULL;
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  g_autofree char *text = NULL;
  GListModel *run_log;

  sluice_test_pg_exec (conninfo, sqitch_registry_sql);
  sluice_test_pg_exec (conninfo, sqitch_tags_sql);
  sluice_test_pg_exec (conninfo, sqitch_shop_rows_sql);
  sluice_test_pg_exec (conninfo, sqitch_flipr_rows_sql);

  g_assert_cmpstr (sluice_migration_folder_get_project (folder), ==, "shop");

  /* Read whole, the registry mixes both: 6 + 2 deployed and 1 failed. */
  everything = read_project_history (conninfo, NULL);
  g_assert_cmpuint (n_entries (everything), ==, 9);

  history = read_project_history (conninfo, sluice_migration_folder_get_project (folder));
  g_assert_cmpuint (n_entries (history), ==, 6);
  g_assert_null (sluice_history_find (history, "flips"));
  g_assert_null (sluice_history_find (history, "widgets"));
  g_assert_cmpstr (sluice_history_entry_get_checksum (sluice_history_find (history, "appschema")), ==,
                   "ea5820aa0f5f1de9b35b8861da59e2fe029a4169");
  /* The rework tag is shop's own @v1.1, not flipr's. */
  g_assert_cmpstr (sluice_history_entry_get_key (entry_at (history, 3)), ==, "order_totals@v1.1");

  run_log = sluice_history_get_run_log (history);
  g_assert_cmpuint (g_list_model_get_n_items (run_log), ==, 6);
  for (guint i = 0; i < g_list_model_get_n_items (run_log); i++)
    {
      g_autoptr(SluiceRunRecord) record = g_list_model_get_item (run_log, i);
      g_autofree char *direction = NULL;

      g_object_get (record, "direction", &direction, NULL);
      g_assert_cmpstr (direction, ==, "deploy");
    }

  report = sluice_status_report_new (folder, history);
  text = describe_report (report);
  g_assert_cmpstr (text, ==,
                   "appschema:applied customers:applied orders:applied order_totals@v1.1:applied "
                   "order_totals:applied orders_placed_at_idx:applied ");
}

static void
test_prisma (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) history = NULL;
  SluiceHistoryEntry *entry;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE \"_prisma_migrations\" ("
                       "  \"id\" VARCHAR(36) PRIMARY KEY NOT NULL, \"checksum\" VARCHAR(64) NOT NULL,"
                       "  \"finished_at\" TIMESTAMPTZ, \"migration_name\" VARCHAR(255) NOT NULL, \"logs\" TEXT,"
                       "  \"rolled_back_at\" TIMESTAMPTZ, \"started_at\" TIMESTAMPTZ NOT NULL DEFAULT now(),"
                       "  \"applied_steps_count\" INTEGER NOT NULL DEFAULT 0);"
                       "INSERT INTO _prisma_migrations VALUES"
                       " ('0c1d7f2e-0000-4000-8000-000000000001', 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778',"
                       "  '2024-04-01 10:00:01.25+00', '20240401100000_init', NULL, NULL, '2024-04-01 10:00:00+00', 1),"
                       " ('0c1d7f2e-0000-4000-8000-000000000002', 'b3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778',"
                       "  NULL, '20240402090000_add_posts', 'Migration failed: column \"title\" contains null values',"
                       "  '2024-04-02 09:10:00+00', '2024-04-02 09:00:00+00', 0),"
                       " ('0c1d7f2e-0000-4000-8000-000000000003', 'b3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778',"
                       "  '2024-04-02 09:20:00.5+00', '20240402090000_add_posts', NULL, NULL, '2024-04-02 09:20:00+00', 1),"
                       " ('0c1d7f2e-0000-4000-8000-000000000004', 'c3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778',"
                       "  NULL, '20240403080000_add_tags', 'relation \"tags\" already exists', NULL, '2024-04-03 08:00:00+00', 0);");

  history = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (history), ==, SLUICE_HISTORY_TOOL_PRISMA);
  g_assert_cmpuint (n_entries (history), ==, 4);

  entry = entry_at (history, 0);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "20240401100000_init");
  g_assert_cmpstr (sluice_history_entry_get_version (entry), ==, "20240401100000");
  g_assert_cmpstr (sluice_history_entry_get_name (entry), ==, "init");
  g_assert_cmpint (sluice_history_entry_get_execution_ms (entry), ==, 1250);
  assert_applied_at (entry, "2024-04-01T10:00:01.250000Z");
  g_assert_cmpint (sluice_history_entry_get_state (entry), ==, SLUICE_HISTORY_APPLIED);

  entry = entry_at (history, 1);
  g_assert_cmpint (sluice_history_entry_get_state (entry), ==, SLUICE_HISTORY_ROLLED_BACK);
  g_assert_cmpstr (sluice_history_entry_get_log (entry), ==, "Migration failed: column \"title\" contains null values");

  /* Re-applied after the roll back: the latest row counts. */
  g_assert_true (sluice_history_find (history, "20240402090000_add_posts") == entry_at (history, 2));
  g_assert_cmpint (sluice_history_entry_get_state (entry_at (history, 2)), ==, SLUICE_HISTORY_APPLIED);

  entry = entry_at (history, 3);
  g_assert_cmpstr (sluice_history_entry_get_key (entry), ==, "20240403080000_add_tags");
  g_assert_cmpint (sluice_history_entry_get_state (entry), ==, SLUICE_HISTORY_FAILED);
  g_assert_cmpint (sluice_history_entry_get_execution_ms (entry), ==, -1);
  assert_applied_at (entry, "2024-04-03T08:00:00.000000Z");
  g_assert_cmpuint (sluice_history_entry_get_rank (entry), ==, 3);
}

/* Two tools' tables: the folder's format chooses, else Sluice's own. */
static void
test_preferred_tool (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceHistory) dbmate = NULL;
  g_autoptr(SluiceHistory) sluice = NULL;
  const SluiceHistoryTool tools[] = { SLUICE_HISTORY_TOOL_SLUICE, SLUICE_HISTORY_TOOL_DBMATE };

  sluice_test_pg_exec (conninfo, sluice_history_schema_sql ());
  sluice_test_pg_exec (conninfo,
                       "INSERT INTO sluice.migrations (version, name, execution_ms) VALUES ('0001', 'init', 5);"
                       "create table schema_migrations (version varchar(255) primary key);"
                       "insert into schema_migrations values ('20240101000000'), ('20240102000000');");

  dbmate = read_history (conninfo, SLUICE_MIGRATION_FORMAT_DBMATE);
  g_assert_cmpint (sluice_history_get_tool (dbmate), ==, SLUICE_HISTORY_TOOL_DBMATE);
  assert_tools_found (dbmate, tools, G_N_ELEMENTS (tools));
  g_assert_cmpuint (n_entries (dbmate), ==, 2);
  g_assert_cmpstr (sluice_history_entry_get_key (entry_at (dbmate, 0)), ==, "20240101000000");

  sluice = read_history (conninfo, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_history_get_tool (sluice), ==, SLUICE_HISTORY_TOOL_SLUICE);
  g_assert_cmpuint (n_entries (sluice), ==, 1);
  /* Its own entries say by whom: the default is the role that applied it. */
  g_assert_nonnull (sluice_history_entry_get_applied_by (entry_at (sluice, 0)));
}

/* A role that may not use the schema: the probe still answers, and the
 * read says what is wrong instead of failing on a query. */
static void
test_unreadable_table (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *as_reader = NULL;
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  sluice_test_pg_exec (conninfo, sluice_history_schema_sql ());
  sluice_test_pg_exec (conninfo,
                       "DO $$ BEGIN"
                       "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'history_reader') THEN"
                       "    CREATE ROLE history_reader LOGIN;"
                       "  END IF;"
                       "END $$;"
                       "REVOKE ALL ON SCHEMA sluice FROM PUBLIC;");

  as_reader = g_strconcat (conninfo, " user=history_reader", NULL);
  history = try_read_history (as_reader, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_null (history);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "sluice.migrations"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/none", test_no_history);
  g_test_add_func ("/history/sluice", test_sluice);
  g_test_add_func ("/history/flyway", test_flyway);
  g_test_add_func ("/history/flyway-baseline-migration", test_flyway_baseline_migration);
  g_test_add_func ("/history/golang-migrate", test_golang_migrate);
  g_test_add_func ("/history/dbmate", test_dbmate);
  g_test_add_func ("/history/rails", test_rails);
  g_test_add_func ("/history/hand-rolled", test_hand_rolled);
  g_test_add_func ("/history/drizzle", test_drizzle);
  g_test_add_func ("/history/sqitch", test_sqitch);
  g_test_add_func ("/history/sqitch-rework", test_sqitch_rework);
  g_test_add_func ("/history/sqitch-shared-registry", test_sqitch_shared_registry);
  g_test_add_func ("/history/prisma", test_prisma);
  g_test_add_func ("/history/preferred-tool", test_preferred_tool);
  g_test_add_func ("/history/unreadable-table", test_unreadable_table);

  return g_test_run ();
}
