/* test-migration.c: SluiceMigration, formats, version order and the tools'
 * checksum rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sluice-migration.h"
#include "sluice-migration-source-private.h"

static void
test_format_names (void)
{
  static const struct {
    SluiceMigrationFormat  format;
    const char            *name;
  } names[] = {
    { SLUICE_MIGRATION_FORMAT_AUTO, "auto" },
    { SLUICE_MIGRATION_FORMAT_SLUICE, "sluice" },
    { SLUICE_MIGRATION_FORMAT_PLAIN, "plain" },
    { SLUICE_MIGRATION_FORMAT_DRIZZLE, "drizzle" },
    { SLUICE_MIGRATION_FORMAT_DBMATE, "dbmate" },
    { SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, "golang-migrate" },
    { SLUICE_MIGRATION_FORMAT_FLYWAY, "flyway" },
    { SLUICE_MIGRATION_FORMAT_SQITCH, "sqitch" },
  };
  SluiceMigrationFormat format;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (sluice_migration_format_to_string (names[i].format), ==, names[i].name);
      g_assert_true (sluice_migration_format_from_string (names[i].name, &format));
      g_assert_cmpint (format, ==, names[i].format);
    }

  g_assert_false (sluice_migration_format_from_string ("liquibase", &format));
  g_assert_false (sluice_migration_format_from_string ("Sluice", &format));
  g_assert_false (sluice_migration_format_from_string ("", &format));
  g_assert_false (sluice_migration_format_from_string (NULL, &format));
}

static int
sign (int value)
{
  return value < 0 ? -1 : value > 0 ? 1 : 0;
}

static void
test_version_compare (void)
{
  static const struct {
    const char *a;
    const char *b;
    int         expected;
  } cases[] = {
    { "1", "1", 0 },
    { "9", "10", -1 },
    { "0001", "1", 0 },
    { "0001", "0002", -1 },
    { "0010", "0009", 1 },
    { "1.2", "1_2", 0 },
    { "1.2", "1.10", -1 },
    { "1.10", "1.9", 1 },
    { "1", "1.1", -1 },
    { "1.0", "1", 1 },
    { "2", "1.9", 1 },
    { "20240101120000", "20231231235959", 1 },
    { "99999999999999999999999", "100000000000000000000000", -1 },
    { "1_2", "1a", -1 },
    { "abc", "abd", -1 },
    { "create_users", "add_users", 1 },
    { "v2", "v10", -1 },
    { "", "1", -1 },
    { "", "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s <=> %s", cases[i].a, cases[i].b);
      g_assert_cmpint (sign (sluice_version_compare (cases[i].a, cases[i].b)), ==, cases[i].expected);
      g_assert_cmpint (sign (sluice_version_compare (cases[i].b, cases[i].a)), ==, -cases[i].expected);
    }

  g_assert_cmpint (sluice_version_compare (NULL, NULL), ==, 0);
  g_assert_cmpint (sluice_version_compare (NULL, "1"), <, 0);
  g_assert_cmpint (sluice_version_compare ("1", NULL), >, 0);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GPtrArray *names = user_data;

  g_ptr_array_add (names, g_strdup (pspec->name));
}

static void
test_migration_object (void)
{
  g_autoptr(SluiceMigration) migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, "000042", "add_orders");
  g_autoptr(GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *history_key = NULL;
  const char * const *files;
  gboolean transactional;

  /* What a fresh migration says before an adapter fills it. */
  g_assert_cmpint (sluice_migration_get_format (migration), ==, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE);
  g_assert_cmpint (sluice_migration_get_kind (migration), ==, SLUICE_MIGRATION_VERSIONED);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "000042");
  g_assert_cmpstr (sluice_migration_get_name (migration), ==, "add_orders");
  g_assert_cmpstr (sluice_migration_get_history_key (migration), ==, "000042");
  g_assert_cmpstr (sluice_migration_get_up_sql (migration), ==, "");
  g_assert_null (sluice_migration_get_down_sql (migration));
  g_assert_null (sluice_migration_get_checksum (migration));
  g_assert_true (sluice_migration_get_transactional (migration));
  g_assert_null (sluice_migration_get_files (migration)[0]);

  g_signal_connect (migration, "notify", G_CALLBACK (on_notify), notified);

  sluice_migration_set_history_key (migration, "42");
  sluice_migration_set_up_sql (migration, "CREATE TABLE orders (id int);\n", 3);
  sluice_migration_set_down_sql (migration, "DROP TABLE orders;\n");
  sluice_migration_set_checksum (migration, "abc");
  sluice_migration_set_transactional (migration, FALSE);
  sluice_migration_set_transactional (migration, FALSE);
  sluice_migration_set_kind (migration, SLUICE_MIGRATION_REPEATABLE);
  sluice_migration_add_file (migration, "/tmp/000042_add_orders.up.sql");
  sluice_migration_add_file (migration, "/tmp/000042_add_orders.down.sql");

  g_assert_cmpstr (sluice_migration_get_history_key (migration), ==, "42");
  g_assert_cmpstr (sluice_migration_get_up_sql (migration), ==, "CREATE TABLE orders (id int);\n");
  g_assert_cmpuint (sluice_migration_get_up_line (migration), ==, 3);
  g_assert_cmpstr (sluice_migration_get_down_sql (migration), ==, "DROP TABLE orders;\n");
  g_assert_cmpstr (sluice_migration_get_checksum (migration), ==, "abc");
  g_assert_false (sluice_migration_get_transactional (migration));
  g_assert_cmpint (sluice_migration_get_kind (migration), ==, SLUICE_MIGRATION_REPEATABLE);

  files = sluice_migration_get_files (migration);
  g_assert_cmpuint (g_strv_length ((char **) files), ==, 2);
  g_assert_cmpstr (files[0], ==, "/tmp/000042_add_orders.up.sql");

  /* Each change is notified once; setting the same value again is not. */
  g_assert_cmpuint (notified->len, ==, 6);

  g_object_get (migration, "history-key", &history_key, "transactional", &transactional, NULL);
  g_assert_cmpstr (history_key, ==, "42");
  g_assert_false (transactional);
}

/* Known values, computed apart from Sluice (sha256sum, sha1sum, and
 * java.util.zip.CRC32 for the Flyway rule). */
static void
test_checksums (void)
{
  static const char crlf[] = "CREATE TABLE t (id int);\r\nDROP TABLE t;\r\n";
  static const char lf[] = "CREATE TABLE t (id int);\nDROP TABLE t;\n";
  g_autofree char *sha_abc = _sluice_checksum_sha256_hex ("abc", 3);
  g_autofree char *sha_empty = _sluice_checksum_sha256_hex ("", 0);
  g_autofree char *sha_crlf = _sluice_checksum_sha256_hex (crlf, strlen (crlf));
  g_autofree char *sha_lf = _sluice_checksum_sha256_hex (lf, strlen (lf));
  g_autofree char *sha_lf_from_crlf = _sluice_checksum_sha256_hex_lf (crlf, strlen (crlf));
  g_autofree char *sha_lf_lone_cr = _sluice_checksum_sha256_hex_lf ("a\rb\r", 4);
  g_autofree char *sha_raw_lone_cr = _sluice_checksum_sha256_hex ("a\rb\r", 4);
  g_autofree char *sha1_abc = _sluice_checksum_sha1_hex ("abc", 3);
  g_autofree char *flyway_digits = _sluice_checksum_flyway ("123456789", 9);
  g_autofree char *flyway_lines = _sluice_checksum_flyway ("1234\r\n\r\n56789\n", 14);
  g_autofree char *flyway_bom = _sluice_checksum_flyway ("\xEF\xBB\xBF" "123456789", 12);
  g_autofree char *flyway_abc = _sluice_checksum_flyway ("abc", 3);
  g_autofree char *flyway_empty = _sluice_checksum_flyway ("", 0);

  g_assert_cmpstr (sha_abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (sha_empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (sha_crlf, !=, sha_lf);
  g_assert_cmpstr (sha_lf_from_crlf, ==, sha_lf);
  g_assert_cmpstr (sha_lf_lone_cr, ==, sha_raw_lone_cr);
  g_assert_cmpstr (sha1_abc, ==, "a9993e364706816aba3e25717850c26c9cd0d89d");

  /* CRC-32 of "123456789" is 0xCBF43926, stored signed. */
  g_assert_cmpstr (flyway_digits, ==, "-873187034");
  g_assert_cmpstr (flyway_lines, ==, "-873187034");
  g_assert_cmpstr (flyway_bom, ==, "-873187034");
  g_assert_cmpstr (flyway_abc, ==, "891568578");
  g_assert_cmpstr (flyway_empty, ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migration/format-names", test_format_names);
  g_test_add_func ("/migration/version-compare", test_version_compare);
  g_test_add_func ("/migration/object", test_migration_object);
  g_test_add_func ("/migration/checksums", test_checksums);

  return g_test_run ();
}
