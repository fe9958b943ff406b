/* test-backup-tables.c: the tables a backup before a run must hold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "sluice.h"

static void
add_migration (GPtrArray  *migrations,
               const char *version,
               const char *up_sql)
{
  SluiceMigration *migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SLUICE, version, "test");

  sluice_migration_set_up_sql (migration, up_sql, 1);
  g_ptr_array_add (migrations, migration);
}

/* The tables touched by one migration of @up_sql, joined by spaces. */
static char *
touched_by (const char *up_sql)
{
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) tables = NULL;

  add_migration (migrations, "1", up_sql);
  tables = sluice_backup_tables_touched (migrations);
  g_assert_nonnull (tables);
  return g_strjoinv (" ", tables);
}

static void
assert_touched (const char *up_sql,
                const char *expected)
{
  g_autofree char *touched = touched_by (up_sql);

  g_assert_cmpstr (touched, ==, expected);
}

static void
test_alterations (void)
{
  assert_touched ("ALTER TABLE orders ADD COLUMN note text;", "public.orders");
  assert_touched ("ALTER TABLE billing.invoices ALTER COLUMN total TYPE numeric(12,2);",
                  "billing.invoices");
  assert_touched ("ALTER TABLE orders RENAME COLUMN note TO remark;", "public.orders");
  assert_touched ("ALTER TABLE orders RENAME TO purchases;", "public.orders");
  assert_touched ("ALTER TABLE orders SET SCHEMA archive;", "public.orders");
  assert_touched ("ALTER TABLE orders RENAME CONSTRAINT orders_pkey TO orders_pk;", "public.orders");
  /* Quoted names keep their case. */
  assert_touched ("ALTER TABLE \"Shop\".\"Orders\" DROP COLUMN x;", "Shop.Orders");
}

static void
test_drops_and_truncates (void)
{
  assert_touched ("DROP TABLE a, s.b CASCADE;", "public.a s.b");
  assert_touched ("DROP TABLE IF EXISTS mydb.s.c;", "s.c");
  assert_touched ("TRUNCATE orders, audit.log RESTART IDENTITY;", "audit.log public.orders");
  /* Not tables: nothing at risk in a table. */
  assert_touched ("DROP INDEX orders_idx; DROP VIEW v; DROP SEQUENCE s;", "");
}

static void
test_writes (void)
{
  assert_touched ("INSERT INTO settings (k, v) VALUES ('a', 'b');", "public.settings");
  assert_touched ("UPDATE orders SET total = 0 WHERE id = 1;", "public.orders");
  assert_touched ("DELETE FROM sessions WHERE ended;", "public.sessions");
  assert_touched ("COPY orders FROM '/tmp/x.csv';", "public.orders");
  /* COPY TO reads only. */
  assert_touched ("COPY orders TO STDOUT;", "");
  /* A write hidden in a WITH. */
  assert_touched ("WITH moved AS (DELETE FROM queue RETURNING *) "
                  "INSERT INTO archive.queue SELECT * FROM moved;",
                  "archive.queue public.queue");
  assert_touched ("MERGE INTO stock s USING incoming i ON s.id = i.id "
                  "WHEN MATCHED THEN UPDATE SET n = i.n;", "public.stock");
  /* Reads, indexes and temporary tables put nothing at risk. */
  assert_touched ("SELECT * FROM orders; CREATE INDEX CONCURRENTLY ON orders (total); "
                  "CREATE TEMP TABLE t (a int); INSERT INTO t VALUES (1);", "");
}

static void
test_created_tables_left_out (void)
{
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) tables = NULL;
  g_autofree char *joined = NULL;

  /* Written before it is created (it existed then), created, then altered
   * and filled: only the first counts.  Same for CREATE TABLE AS. */
  add_migration (migrations, "1",
                 "UPDATE public.orders SET total = 1;\n"
                 "DROP TABLE orders;\n"
                 "CREATE TABLE orders (id bigint primary key);\n"
                 "ALTER TABLE orders ADD COLUMN total numeric;\n");
  add_migration (migrations, "2",
                 "INSERT INTO orders (id) VALUES (1);\n"
                 "CREATE TABLE summary AS SELECT count(*) FROM orders;\n"
                 "ALTER TABLE summary ADD COLUMN at timestamptz;\n"
                 "SELECT 1 AS x INTO copied;\n"
                 "TRUNCATE copied, customers;\n"
                 "ALTER TABLE customers ADD COLUMN email text;\n");

  tables = sluice_backup_tables_touched (migrations);
  joined = g_strjoinv (" ", tables);
  g_assert_cmpstr (joined, ==, "public.customers public.orders");
}

static void
test_unparsable_and_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_auto(GStrv) tables = sluice_backup_tables_touched (none);

  g_assert_nonnull (tables);
  g_assert_cmpuint (g_strv_length (tables), ==, 0);

  /* The lint reports the syntax error; the backup has nothing to say. */
  assert_touched ("ALTER TABLE orders ADD COLUMN;", "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backup/tables/alterations", test_alterations);
  g_test_add_func ("/backup/tables/drops-and-truncates", test_drops_and_truncates);
  g_test_add_func ("/backup/tables/writes", test_writes);
  g_test_add_func ("/backup/tables/created-left-out", test_created_tables_left_out);
  g_test_add_func ("/backup/tables/unparsable-and-empty", test_unparsable_and_empty);

  return g_test_run ();
}
