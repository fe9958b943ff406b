/* test-pg-service.c: reading pg_service.conf as libpq does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-pg-service.h"

static GPtrArray *
parse (const char  *text,
       GError     **error)
{
  return sluice_pg_service_parse (text, strlen (text), "/etc/test/pg_service.conf", error);
}

static SluicePgService *
get_service (GPtrArray *services,
             guint      index)
{
  g_assert_cmpuint (index, <, services->len);
  return g_ptr_array_index (services, index);
}

static const char *
get_param (SluicePgService *service,
           const char      *keyword)
{
  return g_hash_table_lookup (service->params, keyword);
}

static void
test_realistic_file (void)
{
  const char *text =
    "# Connection services for the shop team.\n"
    "\n"
    "[shop-prod]\n"
    "host=db1.example.com\n"
    "port=5432\n"
    "dbname=shop\n"
    "user=deploy\n"
    "sslmode=verify-full\n"
    "password=do-not-copy-me\n"
    "\n"
    "[shop-staging]\n"
    "host = staging.example.com\n"
    "\tdbname = shop   \n"
    "  # an indented comment\n"
    "options=-c search_path=app,public\n"
    "\n"
    "[local]\n"
    "host=/var/run/postgresql\n"
    "dbname=shop_dev";   /* no newline at the end */
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = parse (text, &error);
  SluicePgService *prod, *staging, *local;

  g_assert_no_error (error);
  g_assert_nonnull (services);
  g_assert_cmpuint (services->len, ==, 3);

  prod = get_service (services, 0);
  g_assert_cmpstr (prod->name, ==, "shop-prod");
  g_assert_cmpuint (prod->line, ==, 3);
  g_assert_cmpstr (get_param (prod, "host"), ==, "db1.example.com");
  g_assert_cmpstr (get_param (prod, "port"), ==, "5432");
  g_assert_cmpstr (get_param (prod, "sslmode"), ==, "verify-full");
  /* The password is dropped: Sluice never copies one. */
  g_assert_false (g_hash_table_contains (prod->params, "password"));
  g_assert_cmpuint (g_hash_table_size (prod->params), ==, 5);

  staging = get_service (services, 1);
  g_assert_cmpstr (staging->name, ==, "shop-staging");
  g_assert_cmpuint (staging->line, ==, 11);
  g_assert_cmpstr (get_param (staging, "host"), ==, "staging.example.com");
  g_assert_cmpstr (get_param (staging, "dbname"), ==, "shop");
  /* Only the first "=" splits: the value keeps its own. */
  g_assert_cmpstr (get_param (staging, "options"), ==, "-c search_path=app,public");

  local = get_service (services, 2);
  g_assert_cmpstr (local->name, ==, "local");
  g_assert_cmpuint (local->line, ==, 17);
  g_assert_cmpstr (get_param (local, "dbname"), ==, "shop_dev");
}

static void
test_crlf_and_blank_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = parse ("\r\n[a]\r\nhost=x\r\n\r\n   \r\n[b]\r\nport=1\r\n", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 2);
  g_assert_cmpstr (get_service (services, 0)->name, ==, "a");
  g_assert_cmpstr (get_param (get_service (services, 0), "host"), ==, "x");
  g_assert_cmpstr (get_service (services, 1)->name, ==, "b");
  g_assert_cmpuint (get_service (services, 1)->line, ==, 6);
  g_assert_cmpstr (get_param (get_service (services, 1), "port"), ==, "1");
}

/* libpq stops at the first section with the name, and keeps the first
 * value of a keyword. */
static void
test_first_wins (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = parse ("[one]\nhost=first\nhost=second\n"
                                         "[two]\ndbname=t\n"
                                         "[one]\nhost=third\nport=9\n",
                                         &error);
  SluicePgService *one;

  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 2);

  one = get_service (services, 0);
  g_assert_cmpstr (one->name, ==, "one");
  g_assert_cmpuint (one->line, ==, 1);
  g_assert_cmpstr (get_param (one, "host"), ==, "first");
  g_assert_null (get_param (one, "port"));
  g_assert_cmpstr (get_service (services, 1)->name, ==, "two");
}

static void
test_empty_and_comments_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) empty = sluice_pg_service_parse (NULL, 0, NULL, &error);
  g_autoptr(GPtrArray) comments = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);

  comments = parse ("\n# only\n   # comments\n\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 0);
}

/* libpq compares the text between the brackets as it is and ignores what
 * follows the "]". */
static void
test_section_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = parse ("[my service] # the main one\nhost=x\n"
                                         "[ spaced ]\nhost=y\n",
                                         &error);

  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 2);
  g_assert_cmpstr (get_service (services, 0)->name, ==, "my service");
  g_assert_cmpstr (get_service (services, 1)->name, ==, " spaced ");
}

static void
assert_refused (const char *text,
                gsize       length,
                guint       line,
                const char *secret)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autofree char *where = g_strdup_printf ("/etc/test/pg_service.conf line %u:", line);

  services = sluice_pg_service_parse (text, length, "/etc/test/pg_service.conf", &error);

  g_assert_null (services);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, where));

  /* The offending line is never quoted: it may hold a password. */
  if (secret != NULL)
    g_assert_null (strstr (error->message, secret));
}

static void
test_malformed_lines (void)
{
#define REFUSED(text, line, secret) assert_refused (text, strlen (text), line, secret)
  REFUSED ("host=x\n[a]\n", 1, NULL);
  REFUSED ("# comment\n\npassword=hunter2\n[a]\n", 3, "hunter2");
  REFUSED ("[a]\nhost=x\npassword hunter2\n", 3, "hunter2");
  REFUSED ("[a]\nservice=b\n", 2, NULL);
  REFUSED ("[a]\n = value\n", 2, NULL);
  REFUSED ("[a]\nhost=x\n[unterminated\nhost=y\n", 3, NULL);
  REFUSED ("[]\nhost=x\n", 1, NULL);
#undef REFUSED
}

static void
test_hostile_bytes (void)
{
  static const char with_nul[] = "[a]\nhost=x\0y\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GString) long_text = NULL;

  assert_refused (with_nul, sizeof with_nul - 1, 2, NULL);
  assert_refused ("[a]\nhost=\xff\xfe\n", strlen ("[a]\nhost=\xff\xfe\n"), 2, NULL);
  assert_refused ("[\xc3\x28]\nhost=x\n", strlen ("[\xc3\x28]\nhost=x\n"), 1, NULL);

  /* A comment in Latin-1 is skipped as libpq skips it. */
  services = parse ("# caf\xe9\n[a]\nhost=x\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 1);
  g_clear_pointer (&services, g_ptr_array_unref);

  /* libpq 14 and later have no line length limit; neither does Sluice. */
  long_text = g_string_new ("[long]\noptions=");
  for (guint i = 0; i < 100000; i++)
    g_string_append (long_text, "-c x=1 ");
  g_string_append (long_text, "\nhost=h\n");
  services = sluice_pg_service_parse (long_text->str, long_text->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 1);
  g_assert_cmpuint (strlen (get_param (get_service (services, 0), "options")), ==, 7 * 100000 - 1);
  g_assert_cmpstr (get_param (get_service (services, 0), "host"), ==, "h");
}

/* The text is read only as far as @length says: no NUL is needed at the end. */
static void
test_length_is_respected (void)
{
  const char text[] = "[a]\nhost=x\n[b]\nhost=y\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = sluice_pg_service_parse (text, strlen ("[a]\nhost=x\n[b"), NULL, &error);

  /* "[b" without its "]" is where the text stops. */
  g_assert_null (services);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_prefix (error->message, "pg_service.conf line 3:"));
}

static char *
write_file (const char *directory,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (directory, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_default_paths (void)
{
  g_autofree char *home_file = NULL;
  g_autofree char *env_file = NULL;
  g_autofree char *sys_file = NULL;
  g_autofree char *sysconfdir = g_build_filename (g_get_user_data_dir (), "sysconf", NULL);
  g_auto(GStrv) paths = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sysconfdir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  g_setenv ("PGSYSCONFDIR", sysconfdir, TRUE);
  g_unsetenv ("PGSERVICEFILE");

  /* Nothing exists yet: no paths. */
  paths = sluice_pg_service_default_paths ();
  g_assert_cmpuint (g_strv_length (paths), ==, 0);
  g_clear_pointer (&paths, g_strfreev);

  /* ~/.pg_service.conf, then $PGSYSCONFDIR/pg_service.conf. */
  home_file = write_file (g_get_home_dir (), ".pg_service.conf", "[h]\nhost=h\n");
  sys_file = write_file (sysconfdir, "pg_service.conf", "[s]\nhost=s\n");
  paths = sluice_pg_service_default_paths ();
  g_assert_cmpuint (g_strv_length (paths), ==, 2);
  g_assert_cmpstr (paths[0], ==, home_file);
  g_assert_cmpstr (paths[1], ==, sys_file);
  g_clear_pointer (&paths, g_strfreev);

  /* $PGSERVICEFILE replaces the file in the home directory. */
  env_file = write_file (g_get_user_config_dir (), "services.conf", "[e]\nhost=e\n");
  g_setenv ("PGSERVICEFILE", env_file, TRUE);
  paths = sluice_pg_service_default_paths ();
  g_assert_cmpuint (g_strv_length (paths), ==, 2);
  g_assert_cmpstr (paths[0], ==, env_file);
  g_assert_cmpstr (paths[1], ==, sys_file);
  g_clear_pointer (&paths, g_strfreev);

  /* A $PGSERVICEFILE that does not exist is skipped, as libpq skips it. */
  g_setenv ("PGSERVICEFILE", "/nonexistent/pg_service.conf", TRUE);
  paths = sluice_pg_service_default_paths ();
  g_assert_cmpuint (g_strv_length (paths), ==, 1);
  g_assert_cmpstr (paths[0], ==, sys_file);

  g_unsetenv ("PGSERVICEFILE");
  g_unsetenv ("PGSYSCONFDIR");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pg-service/realistic", test_realistic_file);
  g_test_add_func ("/pg-service/crlf", test_crlf_and_blank_lines);
  g_test_add_func ("/pg-service/first-wins", test_first_wins);
  g_test_add_func ("/pg-service/empty", test_empty_and_comments_only);
  g_test_add_func ("/pg-service/section-names", test_section_names);
  g_test_add_func ("/pg-service/malformed", test_malformed_lines);
  g_test_add_func ("/pg-service/hostile", test_hostile_bytes);
  g_test_add_func ("/pg-service/length", test_length_is_respected);
  g_test_add_func ("/pg-service/default-paths", test_default_paths);

  return g_test_run ();
}
