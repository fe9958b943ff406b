/* test-profile-store.c: profiles.json, the store's GListModel, importing
 * pg_service.conf, and passwords without a keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <libsecret/secret.h>
#include <sys/stat.h>

#include "sluice-error.h"
#include "sluice-profile-store.h"
#include "sluice-secrets.h"

/* Helpers */

static char *
make_config_dir (void)
{
  char *dir = g_build_filename (g_get_user_config_dir (), "sluice", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static char *
profiles_path (void)
{
  g_autofree char *dir = make_config_dir ();

  return g_build_filename (dir, "profiles.json", NULL);
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static JsonObject *
read_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_message_says (const GError *error,
                     const char   *words)
{
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static SluiceProfile *
get_profile (SluiceProfileStore *store,
             guint               position)
{
  SluiceProfile *profile = g_list_model_get_item (G_LIST_MODEL (store), position);

  g_assert_nonnull (profile);
  /* The store holds its own reference; this keeps the tests short. */
  g_object_unref (profile);

  return profile;
}

static guint
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 0777;
}

/* Loading and saving */

static void
test_missing_file (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "new", "sluice", NULL);
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("p", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sluice_profile_store_get_path (store), ==, path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == SLUICE_TYPE_PROFILE);

  /* A new user: no file is an empty list, not an error. */
  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  /* The folder is private, the file too, and there was nothing to back up. */
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
}

static void
test_default_path (void)
{
  g_autofree char *expected = NULL;
  g_autoptr(SluiceProfileStore) store = NULL;

  g_unsetenv ("SLUICE_CONFIG_DIR");
  store = sluice_profile_store_new_default ();
  expected = g_build_filename (g_get_user_config_dir (), "sluice", "profiles.json", NULL);
  g_assert_cmpstr (sluice_profile_store_get_path (store), ==, expected);
  g_clear_object (&store);

  g_setenv ("SLUICE_CONFIG_DIR", "/tmp/elsewhere", TRUE);
  store = sluice_profile_store_new_default ();
  g_assert_cmpstr (sluice_profile_store_get_path (store), ==, "/tmp/elsewhere/profiles.json");
  g_unsetenv ("SLUICE_CONFIG_DIR");
}

static void
test_round_trip (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfileStore) loaded = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;
  struct {
    const char *name;
    SluiceEnvironment environment;
    const char *connection;
    const char *folder;
    SluiceGuardLevel guard;
    guint lock_timeout_ms;
    guint statement_timeout_ms;
  } expected[] = {
    { "Sandbox", SLUICE_ENVIRONMENT_SANDBOX, "host=/run/sluice dbname=demo", "/usr/share/sluice/demo",
      SLUICE_GUARD_RELAXED, 0, 0 },
    { "shop prod", SLUICE_ENVIRONMENT_PROD, "postgresql://deploy@db1/shop?sslmode=verify-full",
      "/home/ada/shop/migrations", SLUICE_GUARD_STRICT, 3000, 600000 },
    { "shop staging", SLUICE_ENVIRONMENT_STAGING, "shop-staging", NULL, SLUICE_GUARD_RELAXED, 1, G_MAXUINT },
    { "開発 \"dev\" \\ é", SLUICE_ENVIRONMENT_DEV, "host=localhost dbname='a b'", "/tmp/マイグレーション",
      SLUICE_GUARD_CONFIRM, 250, 0 },
  };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (sluice_profile_store_load (store, &error));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(SluiceProfile) profile = sluice_profile_new (expected[i].name, expected[i].environment,
                                                              expected[i].connection);

      sluice_profile_set_migration_folder (profile, expected[i].folder);
      sluice_profile_set_guard (profile, expected[i].guard);
      sluice_profile_set_lock_timeout_ms (profile, expected[i].lock_timeout_ms);
      sluice_profile_set_statement_timeout_ms (profile, expected[i].statement_timeout_ms);
      g_ptr_array_add (ids, g_strdup (sluice_profile_get_id (profile)));

      g_assert_true (sluice_profile_store_add (store, profile, &error));
      g_assert_no_error (error);
    }

  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  g_assert_true (sluice_profile_store_load (loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded)), ==, G_N_ELEMENTS (expected));

  /* Every field, in the file's order. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SluiceProfile *profile = get_profile (loaded, i);

      g_assert_cmpstr (sluice_profile_get_id (profile), ==, g_ptr_array_index (ids, i));
      g_assert_cmpstr (sluice_profile_get_name (profile), ==, expected[i].name);
      g_assert_cmpint (sluice_profile_get_environment (profile), ==, expected[i].environment);
      g_assert_cmpstr (sluice_profile_get_connection (profile), ==, expected[i].connection);
      g_assert_cmpstr (sluice_profile_get_migration_folder (profile), ==, expected[i].folder);
      g_assert_cmpint (sluice_profile_get_guard (profile), ==, expected[i].guard);
      g_assert_cmpuint (sluice_profile_get_lock_timeout_ms (profile), ==, expected[i].lock_timeout_ms);
      g_assert_cmpuint (sluice_profile_get_statement_timeout_ms (profile), ==, expected[i].statement_timeout_ms);
    }

  g_assert_true (sluice_profile_store_find_by_name (loaded, "shop prod") == get_profile (loaded, 1));
  g_assert_true (sluice_profile_store_find_by_id (loaded, g_ptr_array_index (ids, 3)) == get_profile (loaded, 3));
  g_assert_null (sluice_profile_store_find_by_name (loaded, "nope"));
  g_assert_null (sluice_profile_store_find_by_id (loaded, "nope"));
}

static void
test_unknown_members_survive (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *profile_object;
  JsonArray *nested;

  write_text (path,
              "{\n"
              "  \"version\": 1,\n"
              "  \"written_by\": \"Sluice 9.0\",\n"
              "  \"profiles\": [\n"
              "    {\n"
              "      \"id\": \"p1\",\n"
              "      \"name\": \"dev\",\n"
              "      \"environment\": \"dev\",\n"
              "      \"connection\": \"service=dev\",\n"
              "      \"tags\": [\"team-a\", {\"nested\": [1, 2.5, true, null]}],\n"
              "      \"ssh_tunnel\": {\"host\": \"bastion\", \"port\": 22}\n"
              "    }\n"
              "  ],\n"
              "  \"window\": {\"width\": 1200}\n"
              "}\n");

  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_no_error (error);
  sluice_profile_set_name (get_profile (store, 0), "dev renamed");
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  text = read_text (path);
  g_test_message ("%s", text);
  root = read_json (path);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "written_by"), ==, "Sluice 9.0");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "window"), "width"), ==, 1200);

  profile_object = json_array_get_object_element (json_object_get_array_member (root, "profiles"), 0);
  g_assert_cmpstr (json_object_get_string_member (profile_object, "name"), ==, "dev renamed");
  g_assert_cmpstr (json_object_get_string_member (profile_object, "id"), ==, "p1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (profile_object, "ssh_tunnel"),
                                                  "host"), ==, "bastion");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (profile_object, "tags")), ==, 2);
  nested = json_object_get_array_member (json_array_get_object_element (
             json_object_get_array_member (profile_object, "tags"), 1), "nested");
  g_assert_cmpfloat (json_array_get_double_element (nested, 1), ==, 2.5);
  g_assert_true (json_array_get_boolean_element (nested, 2));
}

/* Corrupt files: the error names the file and the line, and the file is
 * never overwritten. */
static void
assert_refused_and_kept (const char *text,
                         const char *expected_words)
{
  g_autofree char *path = profiles_path ();
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("new", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_unlink (backup);
  write_text (path, text);

  g_assert_false (sluice_profile_store_load (store, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  assert_message_says (error, path);
  assert_message_says (error, expected_words);
  g_clear_error (&error);

  /* Nothing may replace it now, even after an edit in the app. */
  g_assert_true (sluice_profile_store_add (store, profile, NULL));
  g_assert_false (sluice_profile_store_save (store, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  assert_message_says (error, "not saved");

  after = read_text (path);
  g_assert_cmpstr (after, ==, text);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
}

static void
test_corrupt_trailing_comma (void)
{
  assert_refused_and_kept ("{\n"
                           "  \"version\": 1,\n"
                           "  \"profiles\": [\n"
                           "    {\"name\": \"a\", \"environment\": \"dev\", \"connection\": \"x\"},\n"
                           "    {\"name\": \"b\", \"environment\": \"dev\", \"connection\": \"y\"},\n"
                           "  ]\n"
                           "}\n",
                           "profiles.json line 5, column 59: a comma is followed by a closing bracket");
}

static void
test_corrupt_truncated (void)
{
  assert_refused_and_kept ("{\n"
                           "  \"version\": 1,\n"
                           "  \"profiles\": [\n"
                           "    {\"name\": \"a\", \"environment\": \"de",
                           "profiles.json line 4");
}

static void
test_corrupt_wrong_types (void)
{
  const char *head =
    "{\n"
    "  \"version\": 1,\n"
    "  \"profiles\": [\n"
    "    {\n"
    "      \"name\": \"a\",\n"
    "      \"environment\": \"dev\",\n"
    "      \"connection\": \"x\"\n"
    "    },\n";
  g_autofree char *bad_timeout = g_strconcat (head,
                                              "    {\n"
                                              "      \"name\": \"prod\",\n"
                                              "      \"environment\": \"prod\",\n"
                                              "      \"connection\": \"x\",\n"
                                              "      \"lock_timeout_ms\": \"5s\"\n"
                                              "    }\n"
                                              "  ]\n"
                                              "}\n", NULL);
  g_autofree char *bad_environment = g_strconcat (head,
                                                  "    {\n"
                                                  "      \"name\": \"prod\",\n"
                                                  "      \"environment\": \"production\",\n"
                                                  "      \"connection\": \"x\"\n"
                                                  "    }\n"
                                                  "  ]\n"
                                                  "}\n", NULL);
  g_autofree char *no_name = g_strconcat (head,
                                          "    {\n"
                                          "      \"environment\": \"dev\",\n"
                                          "      \"connection\": \"x\"\n"
                                          "    }\n"
                                          "  ]\n"
                                          "}\n", NULL);

  assert_refused_and_kept (bad_timeout,
                           "profiles.json line 13: profile #2 (“prod”): “lock_timeout_ms” must be a whole "
                           "number of milliseconds, not text");
  assert_refused_and_kept (bad_environment,
                           "profiles.json line 11: profile #2 (“prod”): “environment” is “production”");
  assert_refused_and_kept (no_name, "profiles.json line 9: profile #2: it has no “name” member");
  assert_refused_and_kept ("{\"version\": 1, \"profiles\": {}}", "“profiles” must be a list");
  assert_refused_and_kept ("{\"version\": 1,\n \"profiles\": [\n 7\n]}", "line 3: profile #1 is not an object");
  assert_refused_and_kept ("[]", "must hold one object");
  assert_refused_and_kept ("{\"version\": \"1\"}", "“version” must be a whole number");
}

static void
test_corrupt_bytes (void)
{
  g_autofree char *deep = NULL;
  GString *nested = g_string_new ("{\"profiles\":\n");

  assert_refused_and_kept ("{\n\"version\": 1,\n\"profiles\": [{\"name\": \"\xc3\x28\"}]}",
                           "profiles.json line 3: the text is not valid UTF-8");

  /* json-glib would change these, or write them back as text no JSON
   * reader takes: a later save would break the file. */
  assert_refused_and_kept ("{\"version\": 1,\n\"x\": 99999999999999999999}",
                           "line 2: the number 99999999999999999999 is too large");
  assert_refused_and_kept ("{\"version\": 1,\n\"x\": [1,\n1e999]}",
                           "line 3: the number 1e999 is too large");
  assert_refused_and_kept ("{\"version\": 1,\n\"x\": \"a\\u0000b\"}",
                           "line 2: a text holds “\\u0000”");
  assert_refused_and_kept ("{\"version\": 1,\n\"x\": \"\\ud83d\"}",
                           "line 2: a text holds half of a “\\u” surrogate pair");
  assert_refused_and_kept ("{\"version\": 1,\n\n\"x\": \"\\ud8,0\"}",
                           "line 3: a “\\u” escape in a text is not followed by four hexadecimal digits");
  assert_refused_and_kept ("{\"version\": 1,\n\"x\": \"\\615\"}",
                           "line 2: a text holds “\\6”, which is not an escape JSON knows");
  assert_refused_and_kept ("{\"version\": 1,\n\"x\": 'single'}",
                           "line 2: a text is in single quotes");
  /* json-glib skips comments: a save would silently drop them. */
  assert_refused_and_kept ("{\n  \"version\": 1,\n  /* keep prod first */\n  \"profiles\": []\n}\n",
                           "line 3: JSON has no comments");

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nested, '[');
  deep = g_string_free (nested, FALSE);
  assert_refused_and_kept (deep, "line 2: the data is nested more than 64 levels deep");
}

static void
test_nul_byte (void)
{
  static const char text[] = "{\"version\": 1,\n\"profiles\": [\n{\"name\": \"a\0b\"}]}";
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  gsize length = 0;

  g_file_set_contents (path, text, sizeof text - 1, &error);
  g_assert_no_error (error);

  g_assert_false (sluice_profile_store_load (store, &error));
  assert_message_says (error, "profiles.json line 3: the text holds a NUL byte");
  g_clear_error (&error);
  g_assert_false (sluice_profile_store_save (store, &error));

  g_file_get_contents (path, &after, &length, NULL);
  g_assert_cmpmem (after, length, text, sizeof text - 1);
}

static void
test_future_version (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *text = "{\"version\": 2, \"profiles\": [{\"shape\": \"new\"}]}";

  write_text (path, text);

  g_assert_false (sluice_profile_store_load (store, &error));
  assert_message_says (error, "written by a newer Sluice (format version 2; this Sluice reads version 1)");
  g_clear_error (&error);

  g_assert_false (sluice_profile_store_save (store, &error));
  assert_message_says (error, "not saved");

  after = read_text (path);
  g_assert_cmpstr (after, ==, text);
}

/* A file fixed by hand loads, and then saves. */
static void
test_reload_after_fix (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;

  write_text (path, "{\"version\": 1, \"profiles\": [,]}");
  g_assert_false (sluice_profile_store_load (store, &error));
  g_clear_error (&error);

  write_text (path, "{\"version\": 1, \"profiles\": []}");
  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
}

static void
test_escapes_survive (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfileStore) again = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;

  write_text (path,
              "{\"version\": 1, \"profiles\": [{\"name\": \"\\ud83d\\ude00 \\u00e9 \\\"q\\\" \\\\u0000\", "
              "\"environment\": \"dev\", \"connection\": \"x\", \"big\": -9223372036854775808}]}");
  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sluice_profile_get_name (get_profile (store, 0)), ==, "😀 é \"q\" \\u0000");

  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_true (sluice_profile_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sluice_profile_get_name (get_profile (again, 0)), ==, "😀 é \"q\" \\u0000");
}

static void
test_empty_file (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;

  /* An empty file holds nothing that could be lost. */
  write_text (path, " \n");
  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

static void
test_backup_and_atomic_save (void)
{
  g_autofree char *path = profiles_path ();
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) first = sluice_profile_new ("first", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(SluiceProfile) second = sluice_profile_new ("second", SLUICE_ENVIRONMENT_DEV, "y");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *dirname = NULL;
  g_autofree char *saved_once = NULL;
  g_autofree char *saved_twice = NULL;
  g_autofree char *backup_text = NULL;
  const char *name;

  g_unlink (path);
  g_unlink (backup);
  g_assert_true (sluice_profile_store_load (store, &error));

  g_assert_true (sluice_profile_store_add (store, first, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
  saved_once = read_text (path);

  g_assert_true (sluice_profile_store_add (store, second, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
  saved_twice = read_text (path);

  /* The .bak holds what the file held before the last save. */
  backup_text = read_text (backup);
  g_assert_cmpstr (backup_text, ==, saved_once);
  g_assert_cmpstr (saved_twice, !=, saved_once);
  g_assert_nonnull (strstr (saved_twice, "\"second\""));
  g_assert_true (g_str_has_suffix (saved_twice, "}\n"));
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (backup), ==, 0600);

  /* Nothing but the file and its backup: no temporary file left behind. */
  dirname = g_path_get_dirname (path);
  dir = g_dir_open (dirname, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_true (g_str_equal (name, "profiles.json") || g_str_equal (name, "profiles.json.bak"));
}

static void
test_changed_on_disk (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfileStore) other = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) mine = sluice_profile_new ("mine", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(SluiceProfile) theirs = sluice_profile_new ("theirs", SLUICE_ENVIRONMENT_DEV, "y");
  g_autoptr(GError) error = NULL;
  g_autofree char *their_text = NULL;
  g_autofree char *after = NULL;

  write_text (path, "{\"version\": 1, \"profiles\": []}");
  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_true (sluice_profile_store_load (other, &error));

  /* Another Sluice saves first. */
  g_assert_true (sluice_profile_store_add (other, theirs, &error));
  g_assert_true (sluice_profile_store_save (other, &error));
  g_assert_no_error (error);
  their_text = read_text (path);

  /* Ours would lose their profile: refused, and the file is theirs. */
  g_assert_true (sluice_profile_store_add (store, mine, &error));
  g_assert_false (sluice_profile_store_save (store, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  assert_message_says (error, "changed on disk since Sluice read it");
  g_clear_error (&error);
  after = read_text (path);
  g_assert_cmpstr (after, ==, their_text);

  /* Reloaded, the store may save again. */
  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_nonnull (sluice_profile_store_find_by_name (store, "theirs"));
  g_assert_true (sluice_profile_store_add (store, mine, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
}

static void
test_save_without_load (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("p", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *text = "{\"version\": 1, \"profiles\": [{\"name\": \"kept\", \"environment\": \"dev\", \"connection\": \"x\"}]}";

  write_text (path, text);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_false (sluice_profile_store_save (store, &error));
  assert_message_says (error, "was not loaded");
  after = read_text (path);
  g_assert_cmpstr (after, ==, text);
}

/* What is saved must load again: a profile emptied of its name is refused
 * before anything is written, and a missing connection is written as "". */
static void
test_save_needs_names (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfileStore) again = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("named", SLUICE_ENVIRONMENT_DEV, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_unlink (path);
  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
  before = read_text (path);

  sluice_profile_set_name (profile, " ");
  g_assert_false (sluice_profile_store_save (store, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  assert_message_says (error, "profile #1 has no name");
  g_clear_error (&error);
  after = read_text (path);
  g_assert_cmpstr (after, ==, before);

  g_assert_true (sluice_profile_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sluice_profile_get_connection (get_profile (again, 0)), ==, "");
}

/* People keep configuration in dotfile repositories through links. */
static void
test_symlink_kept (void)
{
  g_autofree char *dir = make_config_dir ();
  g_autofree char *link_path = g_build_filename (dir, "linked.json", NULL);
  g_autofree char *real_dir = g_build_filename (g_get_user_data_dir (), "dotfiles", NULL);
  g_autofree char *real_path = g_build_filename (real_dir, "profiles.json", NULL);
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (link_path);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("linked", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (g_mkdir_with_parents (real_dir, 0700), ==, 0);
  write_text (real_path, "{\"version\": 1, \"profiles\": []}");
  g_assert_cmpint (symlink (real_path, link_path), ==, 0);

  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  target = g_file_read_link (link_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target, ==, real_path);
  text = read_text (real_path);
  g_assert_nonnull (strstr (text, "\"linked\""));
}

/* Names and the list */

static void
test_duplicate_names (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) third = sluice_profile_new ("twin", SLUICE_ENVIRONMENT_DEV, "z");
  g_autoptr(SluiceProfile) fresh = sluice_profile_new ("fresh", SLUICE_ENVIRONMENT_DEV, "z");
  g_autoptr(GError) error = NULL;
  g_autofree char *unique = NULL;

  /* A file with a name twice loads (it is the user's file), ... */
  write_text (path,
              "{\"version\": 1, \"profiles\": [\n"
              "  {\"id\": \"same\", \"name\": \"twin\", \"environment\": \"dev\", \"connection\": \"x\"},\n"
              "  {\"id\": \"same\", \"name\": \"twin\", \"environment\": \"prod\", \"connection\": \"y\"}\n"
              "]}\n");
  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  /* ... a block copied by hand gets an id of its own, ... */
  g_assert_cmpstr (sluice_profile_get_id (get_profile (store, 0)), ==, "same");
  g_assert_cmpstr (sluice_profile_get_id (get_profile (store, 1)), !=, "same");

  /* ... but no new profile may take a name in use. */
  g_assert_false (sluice_profile_store_add (store, third, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY);
  assert_message_says (error, "“twin” already exists");
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  /* Nor may one profile be added twice. */
  g_assert_true (sluice_profile_store_add (store, fresh, &error));
  g_assert_false (sluice_profile_store_add (store, fresh, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY);
  g_clear_error (&error);

  unique = sluice_profile_store_dup_unique_name (store, "twin");
  g_assert_cmpstr (unique, ==, "twin 2");
  g_clear_pointer (&unique, g_free);
  unique = sluice_profile_store_dup_unique_name (store, "other");
  g_assert_cmpstr (unique, ==, "other");
}

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *changed)
{
  changed->calls++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

#define assert_items_changed(changed, c, p, r, a) \
  G_STMT_START { \
    g_assert_cmpuint ((changed).calls, ==, (c)); \
    g_assert_cmpuint ((changed).position, ==, (p)); \
    g_assert_cmpuint ((changed).removed, ==, (r)); \
    g_assert_cmpuint ((changed).added, ==, (a)); \
  } G_STMT_END

/* A profile put back goes where it was; past the end is the end; the
 * checks of add() hold. */
static void
test_insert (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) a = sluice_profile_new ("a", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(SluiceProfile) b = sluice_profile_new ("b", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(SluiceProfile) c = sluice_profile_new ("c", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(SluiceProfile) other_b = sluice_profile_new ("b", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(SluiceProfile) item = NULL;
  g_autoptr(GError) error = NULL;
  ItemsChanged changed = { 0 };

  g_assert_true (sluice_profile_store_add (store, a, &error));
  g_assert_true (sluice_profile_store_add (store, c, &error));
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &changed);

  g_assert_true (sluice_profile_store_insert (store, 1, b, &error));
  g_assert_no_error (error);
  assert_items_changed (changed, 1, 1, 0, 1);
  item = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_true (item == b);

  g_assert_false (sluice_profile_store_insert (store, 0, other_b, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY);
  g_clear_error (&error);
  assert_items_changed (changed, 1, 1, 0, 1);

  sluice_profile_store_remove (store, a);
  g_assert_true (sluice_profile_store_insert (store, 99, a, &error));
  assert_items_changed (changed, 3, 2, 0, 1);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (store), 2);
  g_assert_true (item == a);
}

static void
test_items_changed (void)
{
  g_autofree char *path = profiles_path ();
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) a = sluice_profile_new ("a", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(SluiceProfile) b = sluice_profile_new ("b", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(SluiceProfile) c = sluice_profile_new ("c", SLUICE_ENVIRONMENT_DEV, "x");
  g_autoptr(SluiceProfile) item = NULL;
  g_autoptr(GError) error = NULL;
  ItemsChanged changed = { 0 };

  g_unlink (path);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &changed);

  /* Loading no file into an empty store changes nothing. */
  g_assert_true (sluice_profile_store_load (store, &error));
  assert_items_changed (changed, 0, 0, 0, 0);

  g_assert_true (sluice_profile_store_add (store, a, &error));
  assert_items_changed (changed, 1, 0, 0, 1);
  g_assert_true (sluice_profile_store_add (store, b, &error));
  assert_items_changed (changed, 2, 1, 0, 1);
  g_assert_true (sluice_profile_store_add (store, c, &error));
  assert_items_changed (changed, 3, 2, 0, 1);

  item = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_true (item == b);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 3));

  /* A failed add is no change. */
  g_assert_false (sluice_profile_store_add (store, a, &error));
  g_clear_error (&error);
  assert_items_changed (changed, 3, 2, 0, 1);

  /* Editing a profile is a property change, not a list change. */
  sluice_profile_set_name (b, "b renamed");
  sluice_profile_set_environment (b, SLUICE_ENVIRONMENT_PROD);
  assert_items_changed (changed, 3, 2, 0, 1);

  sluice_profile_store_remove (store, b);
  assert_items_changed (changed, 4, 1, 1, 0);
  sluice_profile_store_remove (store, b);
  assert_items_changed (changed, 4, 1, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  /* A load replaces the whole list at once. */
  write_text (path,
              "{\"version\": 1, \"profiles\": [\n"
              "  {\"name\": \"x\", \"environment\": \"dev\", \"connection\": \"x\"},\n"
              "  {\"name\": \"y\", \"environment\": \"dev\", \"connection\": \"x\"},\n"
              "  {\"name\": \"z\", \"environment\": \"dev\", \"connection\": \"x\"}\n"
              "]}\n");
  g_assert_true (sluice_profile_store_load (store, &error));
  assert_items_changed (changed, 5, 0, 2, 3);

  /* A failed load leaves the list alone. */
  write_text (path, "{");
  g_assert_false (sluice_profile_store_load (store, &error));
  g_clear_error (&error);
  assert_items_changed (changed, 5, 0, 2, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
}

/* Passwords */

static void
test_password_not_kept (void)
{
  g_autofree char *path = profiles_path ();

  if (g_test_subprocess ())
    {
      g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

      write_text (path,
                  "{\"version\": 1, \"profiles\": [\n"
                  "  {\"name\": \"p\", \"environment\": \"prod\", \"connection\": \"host=db\",\n"
                  "   \"password\": \"hunter2-secret\"}\n"
                  "]}\n");
      g_assert_true (sluice_profile_store_load (store, &error));
      g_assert_no_error (error);
      sluice_profile_set_lock_timeout_ms (get_profile (store, 0), 100);
      g_assert_true (sluice_profile_store_save (store, &error));
      g_assert_no_error (error);

      text = read_text (path);
      g_assert_null (strstr (text, "password"));
      g_assert_null (strstr (text, "hunter2-secret"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*holds a \"password\" member*");
  g_test_trap_assert_stderr_unmatched ("*hunter2-secret*");
  g_test_trap_assert_stdout_unmatched ("*hunter2-secret*");
}

/* Importing pg_service.conf */

static char *
write_service_file (const char *name,
                    const char *text)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "services", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_text (path, text);

  return path;
}

static void
test_import (void)
{
  g_autofree char *path = profiles_path ();
  g_autofree char *services = NULL;
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) existing = sluice_profile_new ("laptop", SLUICE_ENVIRONMENT_SANDBOX, "host=/tmp");
  g_autoptr(GError) error = NULL;
  struct {
    const char *name;
    const char *connection;
    SluiceEnvironment environment;
    SluiceGuardLevel guard;
  } expected[] = {
    { "shop-prod", "shop-prod", SLUICE_ENVIRONMENT_PROD, SLUICE_GUARD_STRICT },
    { "shop-stg", "shop-stg", SLUICE_ENVIRONMENT_STAGING, SLUICE_GUARD_CONFIRM },
    { "laptop 2", "laptop", SLUICE_ENVIRONMENT_DEV, SLUICE_GUARD_RELAXED },
  };
  g_autofree char *text = NULL;

  g_unlink (path);
  services = write_service_file ("pg_service.conf",
                                 "# three services, one of them twice\n"
                                 "[shop-prod]\nhost=db1\ndbname=shop\npassword=hunter2-secret\n\n"
                                 "[shop-stg]\nhost=db2\ndbname=shop\n\n"
                                 "[laptop]\nhost=localhost\n\n"
                                 "[shop-prod]\nhost=ignored\n");

  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_true (sluice_profile_store_add (store, existing, &error));

  g_assert_cmpint (sluice_profile_store_import_pg_service (store, services, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SluiceProfile *profile = get_profile (store, i + 1);

      g_assert_cmpstr (sluice_profile_get_name (profile), ==, expected[i].name);
      g_assert_cmpstr (sluice_profile_get_connection (profile), ==, expected[i].connection);
      g_assert_cmpint (sluice_profile_get_connection_kind (profile), ==, SLUICE_CONNECTION_KIND_SERVICE);
      g_assert_cmpint (sluice_profile_get_environment (profile), ==, expected[i].environment);
      g_assert_cmpint (sluice_profile_get_guard (profile), ==, expected[i].guard);
    }

  /* Again: every service is already a profile. */
  g_assert_cmpint (sluice_profile_store_import_pg_service (store, services, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);

  /* Saved, the password the service file held is nowhere. */
  g_assert_true (sluice_profile_store_save (store, &error));
  text = read_text (path);
  g_assert_null (strstr (text, "hunter2-secret"));
  g_assert_null (strstr (text, "password"));
}

static void
test_import_skips_named_services (void)
{
  g_autofree char *path = profiles_path ();
  g_autofree char *services = NULL;
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) by_keyword = sluice_profile_new ("a", SLUICE_ENVIRONMENT_DEV, "service=alpha dbname=x");
  g_autoptr(SluiceProfile) by_uri = sluice_profile_new ("b", SLUICE_ENVIRONMENT_DEV, "postgresql:///x?service=beta");
  g_autoptr(GError) error = NULL;

  services = write_service_file ("named.conf",
                                 "[alpha]\nhost=a\n[beta]\nhost=b\n[odd name]\nhost=c\n[k=v]\nhost=d\n");

  g_assert_true (sluice_profile_store_add (store, by_keyword, &error));
  g_assert_true (sluice_profile_store_add (store, by_uri, &error));

  g_assert_cmpint (sluice_profile_store_import_pg_service (store, services, &error), ==, 2);
  g_assert_no_error (error);

  /* Names that would not read as a service name are spelled out. */
  g_assert_cmpstr (sluice_profile_get_name (get_profile (store, 2)), ==, "odd name");
  g_assert_cmpstr (sluice_profile_get_connection (get_profile (store, 2)), ==, "service='odd name'");
  g_assert_cmpstr (sluice_profile_get_connection (get_profile (store, 3)), ==, "service='k=v'");

  g_assert_cmpint (sluice_profile_store_import_pg_service (store, services, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_import_default_files (void)
{
  g_autofree char *path = profiles_path ();
  g_autofree char *sysconfdir = g_build_filename (g_get_user_data_dir (), "sysconf", NULL);
  g_autofree char *system_file = g_build_filename (sysconfdir, "pg_service.conf", NULL);
  g_autofree char *user_file = NULL;
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sysconfdir, 0700), ==, 0);
  write_text (system_file, "[shared]\nhost=system\n[dev-db]\nhost=d\n");
  user_file = write_service_file ("user.conf", "[shared]\nhost=user\n[mine]\nhost=m\n");
  g_setenv ("PGSYSCONFDIR", sysconfdir, TRUE);
  g_setenv ("PGSERVICEFILE", user_file, TRUE);

  /* "shared" comes from the user's file, as libpq would read it. */
  g_assert_cmpint (sluice_profile_store_import_pg_service (store, NULL, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpstr (sluice_profile_get_name (get_profile (store, 0)), ==, "shared");
  g_assert_cmpstr (sluice_profile_get_name (get_profile (store, 1)), ==, "mine");
  g_assert_cmpstr (sluice_profile_get_name (get_profile (store, 2)), ==, "dev-db");

  g_unsetenv ("PGSYSCONFDIR");
  g_unsetenv ("PGSERVICEFILE");
}

static void
test_import_errors (void)
{
  g_autofree char *path = profiles_path ();
  g_autofree char *broken = NULL;
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sluice_profile_store_import_pg_service (store, "/nonexistent/pg_service.conf", &error), ==, -1);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND);
  assert_message_says (error, "/nonexistent/pg_service.conf");
  g_clear_error (&error);

  /* One bad line: nothing at all is added. */
  broken = write_service_file ("broken.conf", "[good]\nhost=g\n[bad]\nhost\n");
  g_assert_cmpint (sluice_profile_store_import_pg_service (store, broken, &error), ==, -1);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  assert_message_says (error, "broken.conf line 4:");
  assert_message_says (error, "no profile was added");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

/* Passwords without a keyring */

static void
on_async_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
test_secrets_without_keyring (void)
{
  g_autofree char *bus = g_build_filename (g_get_user_runtime_dir (), "no-bus-here", NULL);
  g_autoptr(GAsyncResult) lookup_result = NULL;
  g_autoptr(GAsyncResult) store_result = NULL;
  g_autoptr(GAsyncResult) clear_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *address = g_strconcat ("unix:path=", bus, NULL);

  /* Under with-keyring.sh a keyring answers on the session bus, which
   * GDBus keeps once connected: this test is for the other case. */
  if (g_getenv ("SLUICE_TEST_KEYRING") != NULL)
    {
      g_test_skip ("a keyring is running (SLUICE_TEST_KEYRING)");
      return;
    }

  /* No session bus answers, so no secret service does either. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_unsetenv ("DISPLAY");

  sluice_secrets_lookup_async ("4c1f8a7e-0000-4000-8000-000000000001", NULL, on_async_done, &lookup_result);
  password = sluice_secrets_lookup_finish (wait_for_result (&lookup_result), &error);
  /* libpq then reads ~/.pgpass: not an error. */
  g_assert_no_error (error);
  g_assert_null (password);

  sluice_secrets_store_async ("4c1f8a7e-0000-4000-8000-000000000001", "shop prod", "hunter2-secret",
                              NULL, on_async_done, &store_result);
  g_assert_false (sluice_secrets_store_finish (wait_for_result (&store_result), &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  assert_message_says (error, "The password was not saved");
  assert_message_says (error, "~/.pgpass");
  g_assert_null (strstr (error->message, "hunter2-secret"));
  g_clear_error (&error);

  sluice_secrets_clear_async ("4c1f8a7e-0000-4000-8000-000000000001", NULL, on_async_done, &clear_result);
  g_assert_true (sluice_secrets_clear_finish (wait_for_result (&clear_result), &error));
  g_assert_no_error (error);
}

static char *
dup_keyring_label (const char *profile_id)
{
  static const SecretSchema schema = {
    "io.github.sluice.Sluice.Password", SECRET_SCHEMA_NONE,
    { { "profile-id", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }
  };
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;
  char *label;

  g_hash_table_insert (attributes, (gpointer)"profile-id", (gpointer)profile_id);
  items = secret_service_search_sync (NULL, &schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  if (items == NULL)
    return NULL;

  g_assert_null (items->next);
  label = secret_item_get_label (items->data);
  g_list_free_full (items, g_object_unref);

  return label;
}

/* The real thing: a throwaway, unlocked GNOME keyring on a private session
 * bus, which tests/unit/with-keyring.sh provides. */
static void
test_secrets_with_keyring (void)
{
  const char *id = "4c1f8a7e-0000-4000-8000-000000000002";
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *label = NULL;

  if (g_getenv ("SLUICE_TEST_KEYRING") == NULL)
    {
      g_test_skip ("needs a keyring: run under tests/unit/with-keyring.sh");
      return;
    }

  sluice_secrets_store_async (id, "shop prod", "first-secret", NULL, on_async_done, &result);
  g_assert_true (sluice_secrets_store_finish (wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  label = dup_keyring_label (id);
  g_assert_cmpstr (label, ==, "Sluice: shop prod");

  sluice_secrets_lookup_async (id, NULL, on_async_done, &result);
  password = sluice_secrets_lookup_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "first-secret");
  g_clear_object (&result);
  g_clear_pointer (&password, g_free);

  /* Storing again replaces, it does not add a second item. */
  sluice_secrets_store_async (id, "shop prod", "second-secret", NULL, on_async_done, &result);
  g_assert_true (sluice_secrets_store_finish (wait_for_result (&result), &error));
  g_clear_object (&result);
  sluice_secrets_lookup_async (id, NULL, on_async_done, &result);
  password = sluice_secrets_lookup_finish (wait_for_result (&result), &error);
  g_assert_cmpstr (password, ==, "second-secret");
  g_clear_object (&result);
  g_clear_pointer (&password, g_free);
  g_clear_pointer (&label, g_free);
  label = dup_keyring_label (id);
  g_assert_cmpstr (label, ==, "Sluice: shop prod");

  /* Another profile's password is another item. */
  sluice_secrets_lookup_async ("some-other-profile", NULL, on_async_done, &result);
  password = sluice_secrets_lookup_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_clear_object (&result);

  sluice_secrets_clear_async (id, NULL, on_async_done, &result);
  g_assert_true (sluice_secrets_clear_finish (wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  sluice_secrets_lookup_async (id, NULL, on_async_done, &result);
  password = sluice_secrets_lookup_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_clear_object (&result);

  /* Clearing what is not there is no error. */
  sluice_secrets_clear_async (id, NULL, on_async_done, &result);
  g_assert_true (sluice_secrets_clear_finish (wait_for_result (&result), &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/profile-store/missing-file", test_missing_file);
  g_test_add_func ("/profile-store/default-path", test_default_path);
  g_test_add_func ("/profile-store/round-trip", test_round_trip);
  g_test_add_func ("/profile-store/unknown-members", test_unknown_members_survive);
  g_test_add_func ("/profile-store/corrupt/trailing-comma", test_corrupt_trailing_comma);
  g_test_add_func ("/profile-store/corrupt/truncated", test_corrupt_truncated);
  g_test_add_func ("/profile-store/corrupt/wrong-types", test_corrupt_wrong_types);
  g_test_add_func ("/profile-store/corrupt/bytes", test_corrupt_bytes);
  g_test_add_func ("/profile-store/corrupt/nul", test_nul_byte);
  g_test_add_func ("/profile-store/future-version", test_future_version);
  g_test_add_func ("/profile-store/reload-after-fix", test_reload_after_fix);
  g_test_add_func ("/profile-store/empty-file", test_empty_file);
  g_test_add_func ("/profile-store/escapes", test_escapes_survive);
  g_test_add_func ("/profile-store/backup", test_backup_and_atomic_save);
  g_test_add_func ("/profile-store/changed-on-disk", test_changed_on_disk);
  g_test_add_func ("/profile-store/save-without-load", test_save_without_load);
  g_test_add_func ("/profile-store/save-needs-names", test_save_needs_names);
  g_test_add_func ("/profile-store/symlink", test_symlink_kept);
  g_test_add_func ("/profile-store/duplicate-names", test_duplicate_names);
  g_test_add_func ("/profile-store/items-changed", test_items_changed);
  g_test_add_func ("/profile-store/insert", test_insert);
  g_test_add_func ("/profile-store/password", test_password_not_kept);
  g_test_add_func ("/profile-store/import", test_import);
  g_test_add_func ("/profile-store/import/named-services", test_import_skips_named_services);
  g_test_add_func ("/profile-store/import/default-files", test_import_default_files);
  g_test_add_func ("/profile-store/import/errors", test_import_errors);
  g_test_add_func ("/secrets/no-keyring", test_secrets_without_keyring);
  g_test_add_func ("/secrets/keyring", test_secrets_with_keyring);

  return g_test_run ();
}
