/* test-profile.c: one connection profile and its JSON form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-error.h"
#include "sluice-profile.h"

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static void
test_new_defaults (void)
{
  g_autoptr(SluiceProfile) prod = sluice_profile_new ("shop", SLUICE_ENVIRONMENT_PROD, "host=db dbname=shop");
  g_autoptr(SluiceProfile) other = sluice_profile_new ("other", SLUICE_ENVIRONMENT_SANDBOX, "svc");

  g_assert_cmpstr (sluice_profile_get_name (prod), ==, "shop");
  g_assert_cmpint (sluice_profile_get_environment (prod), ==, SLUICE_ENVIRONMENT_PROD);
  g_assert_cmpstr (sluice_profile_get_connection (prod), ==, "host=db dbname=shop");
  /* The environment's guard: prod is strict until the user says otherwise. */
  g_assert_cmpint (sluice_profile_get_guard (prod), ==, SLUICE_GUARD_STRICT);
  g_assert_cmpstr (sluice_profile_get_colour (prod), ==, "#e01b24");
  g_assert_null (sluice_profile_get_migration_folder (prod));
  g_assert_cmpuint (sluice_profile_get_lock_timeout_ms (prod), ==, 0);
  g_assert_cmpuint (sluice_profile_get_statement_timeout_ms (prod), ==, 0);

  /* A random UUID, different each time. */
  g_assert_true (g_uuid_string_is_valid (sluice_profile_get_id (prod)));
  g_assert_cmpstr (sluice_profile_get_id (prod), !=, sluice_profile_get_id (other));
  g_assert_cmpint (sluice_profile_get_guard (other), ==, SLUICE_GUARD_RELAXED);
  g_assert_cmpstr (sluice_profile_get_colour (other), ==, "#9a9996");
}

static void
test_colours (void)
{
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("p", SLUICE_ENVIRONMENT_DEV, "x");
  g_autofree char *colour = NULL;

  g_assert_cmpstr (sluice_profile_get_colour (profile), ==, "#2ec27e");
  sluice_profile_set_environment (profile, SLUICE_ENVIRONMENT_STAGING);
  g_assert_cmpstr (sluice_profile_get_colour (profile), ==, "#e5a50a");
  sluice_profile_set_environment (profile, SLUICE_ENVIRONMENT_PROD);
  g_assert_cmpstr (sluice_profile_get_colour (profile), ==, "#e01b24");
  sluice_profile_set_environment (profile, SLUICE_ENVIRONMENT_SANDBOX);
  g_assert_cmpstr (sluice_profile_get_colour (profile), ==, "#9a9996");

  g_object_get (profile, "colour", &colour, NULL);
  g_assert_cmpstr (colour, ==, "#9a9996");
}

static void
test_connection_kind (void)
{
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("p", SLUICE_ENVIRONMENT_DEV, "host=db");
  SluiceConnectionKind kind;

  g_assert_cmpint (sluice_profile_get_connection_kind (profile), ==, SLUICE_CONNECTION_KIND_CONNINFO);
  sluice_profile_set_connection (profile, "postgresql://db/shop");
  g_assert_cmpint (sluice_profile_get_connection_kind (profile), ==, SLUICE_CONNECTION_KIND_URI);
  sluice_profile_set_connection (profile, "postgres://db/shop");
  g_assert_cmpint (sluice_profile_get_connection_kind (profile), ==, SLUICE_CONNECTION_KIND_URI);
  sluice_profile_set_connection (profile, "shop-prod");
  g_assert_cmpint (sluice_profile_get_connection_kind (profile), ==, SLUICE_CONNECTION_KIND_SERVICE);

  g_object_get (profile, "connection-kind", &kind, NULL);
  g_assert_cmpint (kind, ==, SLUICE_CONNECTION_KIND_SERVICE);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GHashTable *counts)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer)pspec->name, GUINT_TO_POINTER (count + 1));
}

static guint
get_count (GHashTable *counts,
           const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_notify (void)
{
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("p", SLUICE_ENVIRONMENT_DEV, "host=db");
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect (profile, "notify", G_CALLBACK (count_notify), counts);

  sluice_profile_set_name (profile, "q");
  sluice_profile_set_name (profile, "q");
  g_assert_cmpuint (get_count (counts, "name"), ==, 1);

  /* The colour follows the environment. */
  sluice_profile_set_environment (profile, SLUICE_ENVIRONMENT_PROD);
  sluice_profile_set_environment (profile, SLUICE_ENVIRONMENT_PROD);
  g_assert_cmpuint (get_count (counts, "environment"), ==, 1);
  g_assert_cmpuint (get_count (counts, "colour"), ==, 1);

  /* The kind changes only when the text reads differently. */
  sluice_profile_set_connection (profile, "host=other");
  g_assert_cmpuint (get_count (counts, "connection"), ==, 1);
  g_assert_cmpuint (get_count (counts, "connection-kind"), ==, 0);
  sluice_profile_set_connection (profile, "service-name");
  g_assert_cmpuint (get_count (counts, "connection"), ==, 2);
  g_assert_cmpuint (get_count (counts, "connection-kind"), ==, 1);

  sluice_profile_set_migration_folder (profile, "/src/migrations");
  sluice_profile_set_migration_folder (profile, "/src/migrations");
  /* An emptied entry means no folder. */
  sluice_profile_set_migration_folder (profile, "");
  g_assert_null (sluice_profile_get_migration_folder (profile));
  g_assert_cmpuint (get_count (counts, "migration-folder"), ==, 2);

  sluice_profile_set_guard (profile, SLUICE_GUARD_CONFIRM);
  sluice_profile_set_guard (profile, SLUICE_GUARD_CONFIRM);
  g_assert_cmpuint (get_count (counts, "guard"), ==, 1);

  sluice_profile_set_lock_timeout_ms (profile, 1000);
  sluice_profile_set_lock_timeout_ms (profile, 1000);
  sluice_profile_set_statement_timeout_ms (profile, 2000);
  g_assert_cmpuint (get_count (counts, "lock-timeout-ms"), ==, 1);
  g_assert_cmpuint (get_count (counts, "statement-timeout-ms"), ==, 1);
}

static void
assert_same_profile (SluiceProfile *a,
                     SluiceProfile *b)
{
  g_assert_cmpstr (sluice_profile_get_id (a), ==, sluice_profile_get_id (b));
  g_assert_cmpstr (sluice_profile_get_name (a), ==, sluice_profile_get_name (b));
  g_assert_cmpint (sluice_profile_get_environment (a), ==, sluice_profile_get_environment (b));
  g_assert_cmpstr (sluice_profile_get_connection (a), ==, sluice_profile_get_connection (b));
  g_assert_cmpstr (sluice_profile_get_migration_folder (a), ==, sluice_profile_get_migration_folder (b));
  g_assert_cmpint (sluice_profile_get_guard (a), ==, sluice_profile_get_guard (b));
  g_assert_cmpuint (sluice_profile_get_lock_timeout_ms (a), ==, sluice_profile_get_lock_timeout_ms (b));
  g_assert_cmpuint (sluice_profile_get_statement_timeout_ms (a), ==, sluice_profile_get_statement_timeout_ms (b));
}

static void
test_json_round_trip (void)
{
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("本番 “shop”", SLUICE_ENVIRONMENT_STAGING,
                                                          "postgresql://deploy@db:5432/shop?sslmode=require");
  g_autoptr(SluiceProfile) copy = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  sluice_profile_set_migration_folder (profile, "/home/ada/src/shop/migrations");
  /* Not the environment's default guard, so the test sees it travel. */
  sluice_profile_set_guard (profile, SLUICE_GUARD_STRICT);
  sluice_profile_set_lock_timeout_ms (profile, 3000);
  sluice_profile_set_statement_timeout_ms (profile, G_MAXUINT);

  object = sluice_profile_to_json (profile);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, sluice_profile_get_id (profile));
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "本番 “shop”");
  g_assert_cmpstr (json_object_get_string_member (object, "environment"), ==, "staging");
  g_assert_cmpstr (json_object_get_string_member (object, "connection"), ==,
                   "postgresql://deploy@db:5432/shop?sslmode=require");
  g_assert_cmpstr (json_object_get_string_member (object, "migration_folder"), ==,
                   "/home/ada/src/shop/migrations");
  g_assert_cmpstr (json_object_get_string_member (object, "guard"), ==, "strict");
  g_assert_cmpint (json_object_get_int_member (object, "lock_timeout_ms"), ==, 3000);
  g_assert_cmpint (json_object_get_int_member (object, "statement_timeout_ms"), ==, G_MAXUINT);
  g_assert_false (json_object_has_member (object, "colour"));
  g_assert_false (json_object_has_member (object, "password"));

  copy = sluice_profile_new_from_json (object, &error);
  g_assert_no_error (error);
  assert_same_profile (profile, copy);
}

static void
test_json_defaults (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"name\": \"p\", \"environment\": \"prod\", "
                                               "\"connection\": \"svc\", \"migration_folder\": null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceProfile) profile = sluice_profile_new_from_json (object, &error);

  g_assert_no_error (error);
  /* No id: one is made.  No guard: the environment's, never a weaker one. */
  g_assert_true (g_uuid_string_is_valid (sluice_profile_get_id (profile)));
  g_assert_cmpint (sluice_profile_get_guard (profile), ==, SLUICE_GUARD_STRICT);
  g_assert_null (sluice_profile_get_migration_folder (profile));
  g_assert_cmpuint (sluice_profile_get_lock_timeout_ms (profile), ==, 0);
}

static void
test_json_whole_doubles (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"name\": \"p\", \"environment\": \"dev\", "
                                               "\"connection\": \"svc\", \"lock_timeout_ms\": 3000.0, "
                                               "\"statement_timeout_ms\": 6e4}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceProfile) profile = sluice_profile_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (sluice_profile_get_lock_timeout_ms (profile), ==, 3000);
  g_assert_cmpuint (sluice_profile_get_statement_timeout_ms (profile), ==, 60000);
}

static void
test_unknown_members_survive (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"future\": {\"a\": [1, 2]}, \"id\": \"x1\", "
                                               "\"name\": \"p\", \"environment\": \"dev\", "
                                               "\"connection\": \"svc\", \"note\": \"keep me\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceProfile) profile = sluice_profile_new_from_json (object, &error);
  g_autoptr(JsonObject) written = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  sluice_profile_set_name (profile, "renamed");
  written = sluice_profile_to_json (profile);
  text = object_to_text (written);
  g_test_message ("%s", text);

  g_assert_cmpstr (json_object_get_string_member (written, "note"), ==, "keep me");
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (
                     json_object_get_object_member (written, "future"), "a"), 1), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (written, "name"), ==, "renamed");
  g_assert_cmpstr (json_object_get_string_member (written, "id"), ==, "x1");

  /* The file's order is kept: an edit changes one line of the file. */
  members = json_object_get_members (written);
  g_assert_cmpstr (members->data, ==, "future");
  g_assert_cmpstr (members->next->data, ==, "id");
}

static void
assert_invalid (const char *text,
                const char *expected_words)
{
  g_autoptr(JsonObject) object = parse_object (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceProfile) profile = sluice_profile_new_from_json (object, &error);

  g_assert_null (profile);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  if (strstr (error->message, expected_words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected_words);
}

static void
test_validation (void)
{
  assert_invalid ("{\"environment\": \"dev\", \"connection\": \"x\"}", "“name”");
  assert_invalid ("{\"name\": \"  \", \"environment\": \"dev\", \"connection\": \"x\"}", "“name” is empty");
  assert_invalid ("{\"name\": 7, \"environment\": \"dev\", \"connection\": \"x\"}", "“name” must be text, not a number");
  assert_invalid ("{\"name\": \"p\", \"connection\": \"x\"}", "“environment”");
  assert_invalid ("{\"name\": \"p\", \"environment\": \"production\", \"connection\": \"x\"}", "“production”");
  assert_invalid ("{\"name\": \"p\", \"environment\": \"dev\"}", "“connection”");
  assert_invalid ("{\"name\": \"p\", \"environment\": \"dev\", \"connection\": [\"x\"]}",
                  "“connection” must be text, not a list");
  assert_invalid ("{\"name\": \"p\", \"environment\": \"dev\", \"connection\": \"x\", \"guard\": \"loose\"}",
                  "“loose”");
  assert_invalid ("{\"name\": \"p\", \"environment\": \"dev\", \"connection\": \"x\", \"migration_folder\": true}",
                  "“migration_folder” must be text, not true or false");
  assert_invalid ("{\"name\": \"p\", \"environment\": \"dev\", \"connection\": \"x\", \"lock_timeout_ms\": \"5s\"}",
                  "“lock_timeout_ms” must be a whole number of milliseconds, not text");
  assert_invalid ("{\"name\": \"p\", \"environment\": \"dev\", \"connection\": \"x\", \"lock_timeout_ms\": 1.5}",
                  "“lock_timeout_ms” is 1.5, which is not a whole number");
  assert_invalid ("{\"name\": \"p\", \"environment\": \"dev\", \"connection\": \"x\", \"statement_timeout_ms\": -1}",
                  "“statement_timeout_ms” is -1");
  assert_invalid ("{\"name\": \"p\", \"environment\": \"dev\", \"connection\": \"x\", \"statement_timeout_ms\": 4294967296}",
                  "4294967296");
  assert_invalid ("{\"id\": 12, \"name\": \"p\", \"environment\": \"dev\", \"connection\": \"x\"}",
                  "“id” must be text");
}

/* A password in the file is neither loaded nor written back, and the
 * warning about it never shows the value. */
static void
test_password_dropped (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(JsonObject) object = parse_object ("{\"name\": \"p\", \"environment\": \"prod\", "
                                                   "\"connection\": \"host=db\", "
                                                   "\"password\": \"hunter2-secret\"}");
      g_autoptr(GError) error = NULL;
      g_autoptr(SluiceProfile) profile = NULL;
      g_autoptr(SluiceProfile) second = NULL;
      g_autoptr(JsonObject) written = NULL;
      g_autofree char *text = NULL;

      /* Warnings are not fatal here: the parent reads them. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

      profile = sluice_profile_new_from_json (object, &error);
      g_assert_no_error (error);
      written = sluice_profile_to_json (profile);
      text = object_to_text (written);
      g_assert_false (json_object_has_member (written, "password"));
      g_assert_null (strstr (text, "hunter2-secret"));

      /* Once is enough. */
      second = sluice_profile_new_from_json (object, &error);
      g_assert_no_error (error);
      g_print ("written: %s\n", text);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*holds a \"password\" member*");
  g_test_trap_assert_stderr_unmatched ("*hunter2-secret*");
  g_test_trap_assert_stderr_unmatched ("*holds a \"password\" member*holds a \"password\" member*");
  g_test_trap_assert_stdout_unmatched ("*hunter2-secret*");
}

typedef struct
{
  const char *connection;
  gboolean    has_password;
  const char *stripped;
  const char *password;
  const char *redacted;
} PasswordCase;

/* libpq's three places for a password, its quoting, and text it refuses:
 * found, taken out with the rest as written, and shown as "***". */
static void
test_connection_password (void)
{
  static const PasswordCase cases[] = {
    { "host=db password=x", TRUE, "host=db", "x", "host=db password=***" },
    { "password=x host=db dbname=app", TRUE, "host=db dbname=app", "x", "password=*** host=db dbname=app" },
    { "host=db  password = 'it\\'s a secret'  dbname=app", TRUE, "host=db  dbname=app", "it's a secret",
      "host=db  password = ***  dbname=app" },
    { "host=db password='' dbname=app", FALSE, "host=db dbname=app", NULL, "host=db password=*** dbname=app" },
    { "host=db dbname=app", FALSE, "host=db dbname=app", NULL, "host=db dbname=app" },
    /* An unknown keyword: libpq refuses the text, the password is still seen. */
    { "host=db passwort=typo password=x", TRUE, "host=db passwort=typo", "x", "host=db passwort=typo password=***" },
    { "postgres://u:x@db/app", TRUE, "postgres://u@db/app", "x", "postgres://u:***@db/app" },
    { "postgresql://u:p%40ss@db1:5432,db2/app?sslmode=require", TRUE,
      "postgresql://u@db1:5432,db2/app?sslmode=require", "p@ss",
      "postgresql://u:***@db1:5432,db2/app?sslmode=require" },
    { "postgresql://db/app?password=x", TRUE, "postgresql://db/app", "x", "postgresql://db/app?password=***" },
    { "postgresql://db/app?sslmode=require&password=x&user=u", TRUE,
      "postgresql://db/app?sslmode=require&user=u", "x",
      "postgresql://db/app?sslmode=require&password=***&user=u" },
    { "postgresql://db/app?pass%77ord=x&user=u", TRUE, "postgresql://db/app?user=u", "x",
      "postgresql://db/app?pass%77ord=***&user=u" },
    { "postgresql://u@db/app", FALSE, "postgresql://u@db/app", NULL, "postgresql://u@db/app" },
    /* A colon after the host is a port, not a password. */
    { "postgresql://db:6432/app", FALSE, "postgresql://db:6432/app", NULL, "postgresql://db:6432/app" },
    { "billing-prod", FALSE, "billing-prod", NULL, "billing-prod" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const PasswordCase *c = &cases[i];
      g_autofree char *password = NULL;
      g_autofree char *stripped = sluice_profile_connection_strip_password (c->connection, &password);
      g_autofree char *redacted = sluice_profile_connection_redact_password (c->connection);

      g_test_message ("%s", c->connection);
      g_assert_cmpint (sluice_profile_connection_has_password (c->connection), ==, c->has_password);
      g_assert_cmpstr (stripped, ==, c->stripped);
      g_assert_cmpstr (password, ==, c->password);
      g_assert_cmpstr (redacted, ==, c->redacted);
      g_assert_false (sluice_profile_connection_has_password (stripped));
      if (c->password != NULL)
        g_assert_null (strstr (redacted, c->password));
    }

  g_assert_false (sluice_profile_connection_has_password (NULL));
  g_assert_null (sluice_profile_connection_strip_password (NULL, NULL));
}

/* A password in the connection of profiles.json is not kept, so the next
 * save leaves it out; one set through the API is not written either.  The
 * warnings name the profile, never the password. */
static void
test_connection_password_not_written (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(JsonObject) object = parse_object ("{\"name\": \"billing\", \"environment\": \"prod\", "
                                                   "\"connection\": \"host=db password=hunter2-secret dbname=app\"}");
      g_autoptr(GError) error = NULL;
      g_autoptr(SluiceProfile) profile = NULL;
      g_autoptr(SluiceProfile) typed = NULL;
      g_autoptr(JsonObject) written = NULL;
      g_autoptr(JsonObject) written_typed = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_typed = NULL;

      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

      profile = sluice_profile_new_from_json (object, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sluice_profile_get_connection (profile), ==, "host=db dbname=app");
      written = sluice_profile_to_json (profile);
      text = object_to_text (written);
      g_assert_null (strstr (text, "hunter2-secret"));
      g_assert_cmpstr (json_object_get_string_member (written, "connection"), ==, "host=db dbname=app");

      typed = sluice_profile_new ("typed", SLUICE_ENVIRONMENT_DEV, "postgres://app:hunter2-secret@db/app");
      written_typed = sluice_profile_to_json (typed);
      text_typed = object_to_text (written_typed);
      g_assert_null (strstr (text_typed, "hunter2-secret"));
      g_assert_cmpstr (json_object_get_string_member (written_typed, "connection"), ==, "postgres://app@db/app");
      g_print ("written: %s %s\n", text, text_typed);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*password in the connection of the profile \"billing\"*");
  g_test_trap_assert_stderr ("*connection of the profile \"typed\" holds a password*");
  g_test_trap_assert_stderr_unmatched ("*hunter2-secret*");
  g_test_trap_assert_stdout_unmatched ("*hunter2-secret*");
}

static void
test_duplicate (void)
{
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("shop", SLUICE_ENVIRONMENT_PROD, "host=db");
  g_autoptr(SluiceProfile) copy = NULL;

  sluice_profile_set_migration_folder (profile, "/src");
  sluice_profile_set_guard (profile, SLUICE_GUARD_CONFIRM);
  sluice_profile_set_lock_timeout_ms (profile, 10);
  sluice_profile_set_statement_timeout_ms (profile, 20);

  copy = sluice_profile_duplicate (profile, "shop (copy)");
  g_assert_cmpstr (sluice_profile_get_name (copy), ==, "shop (copy)");
  g_assert_cmpstr (sluice_profile_get_id (copy), !=, sluice_profile_get_id (profile));
  g_assert_true (g_uuid_string_is_valid (sluice_profile_get_id (copy)));
  g_assert_cmpint (sluice_profile_get_environment (copy), ==, SLUICE_ENVIRONMENT_PROD);
  g_assert_cmpstr (sluice_profile_get_connection (copy), ==, "host=db");
  g_assert_cmpstr (sluice_profile_get_migration_folder (copy), ==, "/src");
  g_assert_cmpint (sluice_profile_get_guard (copy), ==, SLUICE_GUARD_CONFIRM);
  g_assert_cmpuint (sluice_profile_get_lock_timeout_ms (copy), ==, 10);
  g_assert_cmpuint (sluice_profile_get_statement_timeout_ms (copy), ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/profile/new", test_new_defaults);
  g_test_add_func ("/profile/colours", test_colours);
  g_test_add_func ("/profile/connection-kind", test_connection_kind);
  g_test_add_func ("/profile/notify", test_notify);
  g_test_add_func ("/profile/json/round-trip", test_json_round_trip);
  g_test_add_func ("/profile/json/defaults", test_json_defaults);
  g_test_add_func ("/profile/json/whole-doubles", test_json_whole_doubles);
  g_test_add_func ("/profile/json/unknown-members", test_unknown_members_survive);
  g_test_add_func ("/profile/json/validation", test_validation);
  g_test_add_func ("/profile/json/password", test_password_dropped);
  g_test_add_func ("/profile/json/connection-password", test_connection_password_not_written);
  g_test_add_func ("/profile/connection-password", test_connection_password);
  g_test_add_func ("/profile/duplicate", test_duplicate);

  return g_test_run ();
}
