/* test-interop-sqitch.c: a project deployed by the real sqitch, read by Sluice
 *
 * sqitch (Debian's package) deploys tests/interop/fixtures/sqitch, a plan
 * of three changes written by `sqitch init` and `sqitch add`.  Then:
 *
 * 1. `sqitch add` plans a fourth change (pending) and the deploy script of
 *    the second is edited (drift: sqitch records the SHA-1 of each deploy
 *    script as script_hash).  `sqitch status --show-changes` lists what is
 *    deployed and what is not; `sqitch check` names the change whose script
 *    diverges.  Sluice must say the same.
 * 2. The third change is deleted from the plan and its scripts removed
 *    (missing).  sqitch status then refuses to go on: it names the change
 *    deployed last and says it cannot find it in sqitch.plan; `sqitch plan`
 *    lists what the plan still holds.  Sluice must call that change
 *    missing and keep the others as they were.
 *
 * And the Sqitch shop fixture of the unit tests, whose plan reworks
 * order_totals after @v1.1, deployed first through @v1.1 and then whole:
 * Sluice must name each instance as Sqitch does (order_totals@v1.1, then
 * order_totals) and agree with `sqitch status` on both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sluice-migration-writer.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

typedef struct
{
  char  *sqitch;
  char  *conninfo;
  char  *dir;      /* the project, a copy of the fixture */
  char  *target;   /* db:pg://USER@/DB */
  char **env;
} Fixture;

static void
fixture_clear (Fixture *fixture)
{
  sluice_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->sqitch, g_free);
  g_clear_pointer (&fixture->conninfo, g_free);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->target, g_free);
  g_clear_pointer (&fixture->env, g_strfreev);
}

/* @source_path: the project to copy, NULL for tests/interop/fixtures/sqitch. */
static gboolean
fixture_init (Fixture    *fixture,
              const char *source_path)
{
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;
  g_autofree char *db = NULL;
  g_autofree char *no_config = NULL;

  fixture->sqitch = sluice_test_interop_find_tool ("sqitch");
  if (fixture->sqitch == NULL)
    return FALSE;

  fixture->conninfo = sluice_test_pg_new_database ();
  fixture->dir = source_path != NULL ? sluice_test_copy_folder (source_path, "sqitch")
                                     : sluice_test_interop_copy_fixture ("sqitch");

  dbname = sluice_test_pg_dbname (fixture->conninfo);
  user = g_uri_escape_string (sluice_test_pg_user (), NULL, FALSE);
  db = g_uri_escape_string (dbname, NULL, FALSE);
  /* No host in the URI: libpq (under psql and DBD::Pg) takes PGHOST, the
   * socket directory. */
  fixture->target = g_strdup_printf ("db:pg://%s@/%s", user, db);

  /* Neither the machine's nor the user's sqitch.conf: only the project's. */
  no_config = g_build_filename (fixture->dir, "no-such-sqitch.conf", NULL);
  fixture->env = g_new0 (char *, 9);
  fixture->env[0] = g_strconcat ("PGHOST=", sluice_test_pg_host (), NULL);
  fixture->env[1] = g_strconcat ("PGPORT=", sluice_test_pg_port (), NULL);
  fixture->env[2] = g_strconcat ("SQITCH_USER_CONFIG=", no_config, NULL);
  fixture->env[3] = g_strconcat ("SQITCH_SYSTEM_CONFIG=", no_config, NULL);
  fixture->env[4] = g_strdup ("SQITCH_FULLNAME=Sluice Tests");
  fixture->env[5] = g_strdup ("SQITCH_EMAIL=tests@sluice.invalid");
  fixture->env[6] = g_strdup ("TZ=UTC");
  /* Should sqitch still want an editor, it fails instead of waiting. */
  fixture->env[7] = g_strdup ("EDITOR=false");

  return TRUE;
}

/* sqitch ARGS... [TARGET] in the project. */
static void
run_sqitch (Fixture            *fixture,
            SluiceToolRun      *run,
            const char * const *args,
            gboolean            with_target)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, fixture->sqitch);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  if (with_target)
    g_ptr_array_add (argv, fixture->target);
  g_ptr_array_add (argv, NULL);

  sluice_test_run_program (run, fixture->dir, (const char * const *) fixture->env,
                           (const char * const *) argv->pdata);
}

static char *
project_file (Fixture    *fixture,
              const char *kind,
              const char *change)
{
  g_autofree char *name = g_strconcat (change, ".sql", NULL);

  return g_build_filename (fixture->dir, kind, name, NULL);
}

/* Lines "#   NAME - DATE - WHO" under "# Changes:" in `sqitch status
 * --show-changes`: every deployed change. */
static GPtrArray *
parse_deployed (const char *status_out)
{
  g_autoptr(GRegex) regex = g_regex_new ("^#   (\\S+)\\s+- ", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (g_regex_match (regex, status_out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    g_ptr_array_add (names, g_match_info_fetch (match, 1));
  return names;
}

/* "  * NAME" under "Undeployed change(s):". */
static GPtrArray *
parse_undeployed (const char *status_out)
{
  g_autoptr(GRegex) regex = g_regex_new ("^  \\* (\\S+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (g_regex_match (regex, status_out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    g_ptr_array_add (names, g_match_info_fetch (match, 1));
  return names;
}

/* `sqitch check`: "Script signatures diverge at change NAME". */
static char *
diverging_change (Fixture *fixture)
{
  g_autoptr(GRegex) regex = g_regex_new ("^Script signatures diverge at change (\\S+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  SluiceToolRun run = { 0 };
  char *name = NULL;

  run_sqitch (fixture, &run, (const char * const []) { "check", NULL }, TRUE);
  if (g_regex_match (regex, run.out, 0, &match))
    {
      name = g_match_info_fetch (match, 1);
      g_assert_cmpint (run.status, !=, 0);
    }
  else
    {
      g_assert_cmpint (run.status, ==, 0);
    }
  sluice_tool_run_clear (&run);

  return name;
}

/* `sqitch plan --format oneline`: "ID deploy NAME". */
static GPtrArray *
planned_changes (Fixture *fixture)
{
  g_autoptr(GRegex) regex = g_regex_new ("^[0-9a-f]{40} deploy (\\S+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  SluiceToolRun run = { 0 };

  run_sqitch (fixture, &run, (const char * const []) { "plan", "--format", "oneline", "--no-headers", NULL }, FALSE);
  g_assert_cmpint (run.status, ==, 0);

  for (g_regex_match (regex, run.out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    g_ptr_array_add (names, g_match_info_fetch (match, 1));
  sluice_tool_run_clear (&run);

  return names;
}

static gboolean
contains (GPtrArray  *names,
          const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

/* The item whose history entry is the registry's row of @change with
 * @script_hash. */
static SluiceStatusItem *
find_item_of_row (SluiceInteropStatus *status,
                  const char          *change,
                  const char          *script_hash)
{
  GListModel *items = sluice_status_report_get_items (status->report);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);
      SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);

      if (entry != NULL &&
          g_strcmp0 (sluice_history_entry_get_name (entry), change) == 0 &&
          g_strcmp0 (sluice_history_entry_get_checksum (entry), script_hash) == 0)
        return item;   /* the report keeps its own reference */
    }

  return NULL;
}

static void
assert_sluice_agrees (Fixture    *fixture,
                      GHashTable *expected,
                      const char *what)
{
  g_autoptr(GHashTable) cli = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) hashes = NULL;
  SluiceInteropStatus status = { 0 };
  SluiceStatusItem *item;

  sluice_test_interop_status_core (&status, fixture->conninfo, fixture->dir, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_migration_folder_get_format (status.folder), ==, SLUICE_MIGRATION_FORMAT_SQITCH);
  g_assert_cmpint (sluice_history_get_tool (status.history), ==, SLUICE_HISTORY_TOOL_SQITCH);
  g_assert_cmpuint (sluice_migration_folder_get_problems (status.folder)->len, ==, 0);
  sluice_test_assert_same_statuses (expected, what, status.by_key, "Sluice (core)");

  /* The applied checksum Sluice shows is sqitch's own script_hash: every
   * deployed row is an item's entry (a reworked change has several rows
   * of one name). */
  hashes = sluice_test_pg_rows (fixture->conninfo, "SELECT change, script_hash FROM sqitch.changes");
  for (guint i = 0; i < hashes->len; i++)
    {
      char **row = g_ptr_array_index (hashes, i);

      item = find_item_of_row (&status, row[0], row[1]);
      g_assert_nonnull (item);
    }

  cli = sluice_test_interop_status_cli (fixture->conninfo, fixture->dir, &root);
  sluice_test_assert_same_statuses (expected, what, cli, "sluice-cli status --json");
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "sqitch");
  g_assert_cmpstr (json_object_get_string_member (root, "tool"), ==, "sqitch");

  sluice_interop_status_clear (&status);
}

static void
test_sqitch_status (void)
{
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GPtrArray) deployed = NULL;
  g_autoptr(GPtrArray) undeployed = NULL;
  g_autoptr(GPtrArray) planned = NULL;
  g_autofree char *diverging = NULL;
  g_autofree char *deploy_script = NULL;
  g_autofree char *script = NULL;
  g_autofree char *plan_path = NULL;
  g_autofree char *plan = NULL;
  g_autoptr(GRegex) plan_line = NULL;
  g_autofree char *trimmed_plan = NULL;
  SluiceToolRun run = { 0 };
  Fixture fixture = { 0 };
  const char * const kinds[] = { "deploy", "revert", "verify" };

  if (!fixture_init (&fixture, NULL))
    return;

  run_sqitch (&fixture, &run, (const char * const []) { "deploy", NULL }, TRUE);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);

  /* 1. A change planned after the deploy, and an edited deploy script. */
  /* With its note: without one, sqitch add opens an editor. */
  run_sqitch (&fixture, &run,
              (const char * const []) { "add", "index_books_title", "-n", "Find books by title", NULL },
              FALSE);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);
  deploy_script = project_file (&fixture, "deploy", "index_books_title");
  script = sluice_test_read_file (deploy_script);
  g_assert_nonnull (strstr (script, "-- XXX Add DDLs here."));
  {
    g_autoptr(GRegex) placeholder = g_regex_new ("-- XXX Add DDLs here\\.", 0, 0, NULL);
    g_autofree char *filled = g_regex_replace_literal (placeholder, script, -1, 0,
                                                       "CREATE INDEX books_title_idx ON books (title);", 0, NULL);

    sluice_test_write_file (deploy_script, filled);
  }
  {
    g_autofree char *edited = project_file (&fixture, "deploy", "create_books");

    sluice_test_append_file (edited, "-- edited after sqitch deployed it\n");
  }

  run_sqitch (&fixture, &run, (const char * const []) { "status", "--show-changes", NULL }, TRUE);
  g_assert_cmpint (run.status, ==, 0);
  deployed = parse_deployed (run.out);
  undeployed = parse_undeployed (run.out);
  sluice_tool_run_clear (&run);
  diverging = diverging_change (&fixture);

  expected = sluice_test_status_table_new ();
  for (guint i = 0; i < deployed->len; i++)
    {
      const char *name = g_ptr_array_index (deployed, i);

      g_hash_table_insert (expected, g_strdup (name),
                           g_strdup (g_strcmp0 (name, diverging) == 0 ? "drift" : "applied"));
    }
  for (guint i = 0; i < undeployed->len; i++)
    g_hash_table_insert (expected, g_strdup (g_ptr_array_index (undeployed, i)), g_strdup ("pending"));

  g_assert_cmpuint (g_hash_table_size (expected), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (expected, "create_authors"), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, "create_books"), ==, "drift");
  g_assert_cmpstr (g_hash_table_lookup (expected, "add_authors_born"), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, "index_books_title"), ==, "pending");

  assert_sluice_agrees (&fixture, expected, "sqitch status and sqitch check");

  /* 2. The last deployed change deleted from the plan, scripts and all. */
  plan_path = g_build_filename (fixture.dir, "sqitch.plan", NULL);
  plan = sluice_test_read_file (plan_path);
  plan_line = g_regex_new ("^add_authors_born .*\\n", G_REGEX_MULTILINE, 0, NULL);
  trimmed_plan = g_regex_replace_literal (plan_line, plan, -1, 0, "", 0, NULL);
  g_assert_cmpstr (trimmed_plan, !=, plan);
  sluice_test_write_file (plan_path, trimmed_plan);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *path = project_file (&fixture, kinds[i], "add_authors_born");

      g_assert_cmpint (g_unlink (path), ==, 0);
    }

  g_clear_pointer (&deployed, g_ptr_array_unref);
  run_sqitch (&fixture, &run, (const char * const []) { "status", "--show-changes", NULL }, TRUE);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.out, "# Name:     add_authors_born"));
  g_assert_nonnull (strstr (run.err, "Cannot find this change in sqitch.plan"));
  deployed = parse_deployed (run.out);
  sluice_tool_run_clear (&run);
  planned = planned_changes (&fixture);
  g_clear_pointer (&diverging, g_free);
  diverging = diverging_change (&fixture);

  g_clear_pointer (&expected, g_hash_table_unref);
  expected = sluice_test_status_table_new ();
  for (guint i = 0; i < deployed->len; i++)
    {
      const char *name = g_ptr_array_index (deployed, i);
      const char *word = !contains (planned, name) ? "missing"
                         : g_strcmp0 (name, diverging) == 0 ? "drift" : "applied";

      g_hash_table_insert (expected, g_strdup (name), g_strdup (word));
    }
  for (guint i = 0; i < planned->len; i++)
    if (!contains (deployed, g_ptr_array_index (planned, i)))
      g_hash_table_insert (expected, g_strdup (g_ptr_array_index (planned, i)), g_strdup ("pending"));

  g_assert_cmpuint (g_hash_table_size (expected), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (expected, "create_authors"), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, "create_books"), ==, "drift");
  g_assert_cmpstr (g_hash_table_lookup (expected, "add_authors_born"), ==, "missing");
  g_assert_cmpstr (g_hash_table_lookup (expected, "index_books_title"), ==, "pending");

  assert_sluice_agrees (&fixture, expected, "sqitch status, plan and check");

  fixture_clear (&fixture);
}

/* Sqitch's own names for the instances of @change, in plan order.  A
 * reworked change is ambiguous, and `sqitch show change NAME` then lists
 * the tag-qualified name of each instance, latest first: NAME@HEAD (the
 * bare name, which Sluice uses for the latest), NAME@TAG for the others. */
static GPtrArray *
qualified_instances (Fixture    *fixture,
                     const char *change)
{
  g_autoptr(GRegex) regex = g_regex_new ("^  \\* (\\S+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *output = NULL;
  g_autofree char *head = g_strconcat (change, "@HEAD", NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  SluiceToolRun run = { 0 };

  run_sqitch (fixture, &run, (const char * const []) { "show", "change", change, NULL }, FALSE);
  if (run.status == 0)
    {
      g_ptr_array_add (names, g_strdup (change));
      sluice_tool_run_clear (&run);
      return names;
    }

  output = g_strconcat (run.out, run.err, NULL);
  g_assert_nonnull (strstr (output, "is ambiguous"));
  for (g_regex_match (regex, output, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      g_ptr_array_insert (names, 0, g_strcmp0 (name, head) == 0 ? g_strdup (change) : g_steal_pointer (&name));
    }
  sluice_tool_run_clear (&run);
  g_assert_cmpuint (names->len, >, 1);

  return names;
}

/* The next instance of @change not yet met: Sqitch deploys a plan's
 * instances in order, so the deployed ones come first. */
static const char *
next_instance (Fixture    *fixture,
               GHashTable *instances,
               GHashTable *met,
               const char *change)
{
  GPtrArray *names = g_hash_table_lookup (instances, change);
  guint n_met = GPOINTER_TO_UINT (g_hash_table_lookup (met, change));

  if (names == NULL)
    {
      names = qualified_instances (fixture, change);
      g_hash_table_insert (instances, g_strdup (change), names);
    }

  g_assert_cmpuint (n_met, <, names->len);
  g_hash_table_insert (met, g_strdup (change), GUINT_TO_POINTER (n_met + 1));
  return g_ptr_array_index (names, n_met);
}

/* What `sqitch status --show-changes` says, with each instance of a
 * reworked change under its tag-qualified name. */
static GHashTable *
expected_from_sqitch_status (Fixture *fixture)
{
  g_autoptr(GHashTable) instances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) met = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) deployed = NULL;
  g_autoptr(GPtrArray) undeployed = NULL;
  GHashTable *expected = sluice_test_status_table_new ();
  SluiceToolRun run = { 0 };

  run_sqitch (fixture, &run, (const char * const []) { "status", "--show-changes", NULL }, TRUE);
  g_assert_cmpint (run.status, ==, 0);
  deployed = parse_deployed (run.out);
  undeployed = parse_undeployed (run.out);
  sluice_tool_run_clear (&run);

  /* Nothing diverges: the scripts are those deployed. */
  g_assert_null (diverging_change (fixture));

  /* Latest first in the listing: walk it from the oldest. */
  for (guint i = deployed->len; i > 0; i--)
    g_hash_table_insert (expected,
                         g_strdup (next_instance (fixture, instances, met, g_ptr_array_index (deployed, i - 1))),
                         g_strdup ("applied"));
  for (guint i = 0; i < undeployed->len; i++)
    g_hash_table_insert (expected,
                         g_strdup (next_instance (fixture, instances, met, g_ptr_array_index (undeployed, i))),
                         g_strdup ("pending"));

  return expected;
}

static void
test_sqitch_rework (void)
{
  g_autofree char *shop = g_test_build_filename (G_TEST_DIST, "unit", "fixtures", "folders", "sqitch", "shop", NULL);
  g_autoptr(GHashTable) expected = NULL;
  SluiceToolRun run = { 0 };
  Fixture fixture = { 0 };

  if (!fixture_init (&fixture, shop))
    return;

  /* 1. Through @v1.1: order_totals in its first form only.  The registry
   *    has one row of the name; the plan's latest form is pending. */
  run_sqitch (&fixture, &run, (const char * const []) { "deploy", "--to", "@v1.1", NULL }, TRUE);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);

  expected = expected_from_sqitch_status (&fixture);
  g_assert_cmpuint (g_hash_table_size (expected), ==, 6);
  g_assert_cmpstr (g_hash_table_lookup (expected, "orders"), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, "order_totals@v1.1"), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, "order_totals"), ==, "pending");
  g_assert_cmpstr (g_hash_table_lookup (expected, "orders_placed_at_idx"), ==, "pending");
  assert_sluice_agrees (&fixture, expected, "sqitch status (through @v1.1)");
  g_clear_pointer (&expected, g_hash_table_unref);

  /* 2. The rest: two rows named order_totals, each its own instance. */
  run_sqitch (&fixture, &run, (const char * const []) { "deploy", NULL }, TRUE);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);

  expected = expected_from_sqitch_status (&fixture);
  g_assert_cmpuint (g_hash_table_size (expected), ==, 6);
  g_assert_cmpstr (g_hash_table_lookup (expected, "order_totals@v1.1"), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, "order_totals"), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, "orders_placed_at_idx"), ==, "applied");
  assert_sluice_agrees (&fixture, expected, "sqitch status (deployed)");

  fixture_clear (&fixture);
}

/* A change written by sluice_migration_writer_write() is Sqitch's own:
 * `sqitch plan` lists it, `sqitch status` calls it undeployed, and deploy,
 * verify and revert run its scripts. */
static void
test_sqitch_written_change (void)
{
  g_autoptr(GPtrArray) planned = NULL;
  g_autoptr(GPtrArray) undeployed = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  SluiceToolRun run = { 0 };
  Fixture fixture = { 0 };

  if (!fixture_init (&fixture, NULL))
    return;

  run_sqitch (&fixture, &run, (const char * const []) { "deploy", NULL }, TRUE);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);

  paths = sluice_migration_writer_write (fixture.dir, SLUICE_MIGRATION_FORMAT_AUTO, "add authors email",
                                         "ALTER TABLE authors ADD COLUMN email text;\n",
                                         "ALTER TABLE authors DROP COLUMN email;\n",
                                         TRUE, &error);
  g_assert_no_error (error);

  planned = planned_changes (&fixture);
  g_assert_true (contains (planned, "add_authors_email"));

  run_sqitch (&fixture, &run, (const char * const []) { "status", NULL }, TRUE);
  undeployed = parse_undeployed (run.out);
  sluice_tool_run_clear (&run);
  g_assert_cmpuint (undeployed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (undeployed, 0), ==, "add_authors_email");

  run_sqitch (&fixture, &run, (const char * const []) { "deploy", "--verify", NULL }, TRUE);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "add_authors_email"));
  sluice_tool_run_clear (&run);

  rows = sluice_test_pg_rows (fixture.conninfo,
                              "SELECT count(*) FROM pg_attribute "
                              "WHERE attrelid = to_regclass('authors') AND attname = 'email'");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "1");
  g_clear_pointer (&rows, g_ptr_array_unref);

  run_sqitch (&fixture, &run, (const char * const []) { "revert", "-y", "--to", "@HEAD^", NULL }, TRUE);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);

  rows = sluice_test_pg_rows (fixture.conninfo,
                              "SELECT count(*) FROM pg_attribute "
                              "WHERE attrelid = to_regclass('authors') AND attname = 'email'");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "0");

  fixture_clear (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interop/sqitch/status", test_sqitch_status);
  g_test_add_func ("/interop/sqitch/rework", test_sqitch_rework);
  g_test_add_func ("/interop/sqitch/written-change", test_sqitch_written_change);

  return g_test_run ();
}
