/* lint-vs-squawk.c: Sluice's lint and the real squawk over the same corpus
 *
 * Runs `sluice-cli lint --json` and `squawk --reporter json` (squawk-cli
 * from npm, pinned in tests/interop/package.json) once each over every
 * file of tests/interop/lint-corpus, and prints two Markdown tables: what
 * each tool finds per file, and for each pair of rules the tools share, in
 * how many files each one fires.  It fails when squawk is missing or its
 * output cannot be read, or when Sluice's rules for a file differ from the
 * "-- sluice-expects:" line at the top of the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sluice.h"
#include "sluice-test-interop.h"

/* The rules of both tools that look for the same thing (squawk's names as
 * of squawk-cli 2.61). */
static const struct
{
  const char *sluice;
  const char *squawk[3];
} shared_rules[] = {
  { "create-index-not-concurrently", { "require-concurrent-index-creation" } },
  { "drop-index-not-concurrently", { "require-concurrent-index-deletion" } },
  { "concurrently-in-transaction", { "ban-concurrent-index-creation-in-transaction" } },
  { "constraint-without-not-valid", { "constraint-missing-not-valid", "adding-foreign-key-constraint" } },
  { "add-constraint-builds-index", { "adding-serial-primary-key-field", "disallowed-unique-constraint" } },
  { "column-type-rewrite", { "changing-column-type" } },
  { "set-not-null-scan", { "adding-not-nullable-field" } },
  { "add-column-default-rewrite", { "adding-field-with-default" } },
  { "add-column-not-null-without-default", { "adding-required-field" } },
  { "rename-column", { "renaming-column" } },
  { "rename-table", { "renaming-table" } },
  { "drop-column", { "ban-drop-column" } },
  { "drop-table", { "ban-drop-table" } },
  { "truncate", { "ban-truncate-cascade" } },
  { "missing-lock-timeout", { "require-lock-timeout" } },
  { "reindex-not-concurrently", { "require-concurrent-reindex" } },
  { "uncommitted-transaction", { "ban-uncommitted-transaction" } },
  { "syntax-error", { "syntax-error" } },
};

static char *
find_squawk (void)
{
  g_autofree char *path = g_build_filename (sluice_test_interop_dir (), "node_modules", ".bin", "squawk", NULL);

  if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&path);

  g_printerr ("squawk is not installed in %s/node_modules: run `npm ci` in tests/interop "
              "(build-aux/dev.sh test does); this comparison needs the real tool\n",
              sluice_test_interop_dir ());
  return NULL;
}

/* file base name -> GHashTable set of rule ids */
static GHashTable *
new_rules_by_file (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
}

static void
add_rule (GHashTable *by_file,
          const char *file,
          const char *rule)
{
  g_autofree char *base = g_path_get_basename (file);
  GHashTable *rules = g_hash_table_lookup (by_file, base);

  if (rules == NULL)
    {
      rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (by_file, g_strdup (base), rules);
    }
  g_hash_table_add (rules, g_strdup (rule));
}

static gboolean
has_rule (GHashTable *by_file,
          const char *file,
          const char *rule)
{
  GHashTable *rules = g_hash_table_lookup (by_file, file);

  return rules != NULL && g_hash_table_contains (rules, rule);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
rules_text (GHashTable *by_file,
            const char *file)
{
  GHashTable *rules = g_hash_table_lookup (by_file, file);
  g_autoptr(GPtrArray) names = NULL;
  GHashTableIter iter;
  gpointer rule;

  if (rules == NULL || g_hash_table_size (rules) == 0)
    return g_strdup ("—");

  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, rules);
  while (g_hash_table_iter_next (&iter, &rule, NULL))
    g_ptr_array_add (names, rule);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (", ", (char **) names->pdata);
}

static JsonNode *
parse_json (const char *tool,
            const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    {
      g_printerr ("%s printed no JSON (%s): %.300s\n", tool, error->message, text);
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

static GPtrArray *
corpus_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      if (g_str_has_suffix (name, ".sql"))
        g_ptr_array_add (files, g_build_filename (dir, name, NULL));
    }
  g_ptr_array_sort (files, compare_strings);

  return files;
}

/* "-- sluice-expects: a, b" or "none" on the first line. */
static GHashTable *
expected_rules (const char *path)
{
  g_autofree char *text = sluice_test_read_file (path);
  GHashTable *rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *prefix = "-- sluice-expects:";
  g_autofree char *line = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_true (g_str_has_prefix (text, prefix));
  line = g_strndup (text + strlen (prefix), strcspn (text + strlen (prefix), "\n"));
  names = g_strsplit (line, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] != '\0' && !g_str_equal (names[i], "none"))
        g_hash_table_add (rules, g_strdup (names[i]));
    }

  return rules;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *corpus = g_build_filename (sluice_test_interop_dir (), "lint-corpus", NULL);
  g_autoptr(GPtrArray) files = corpus_files (corpus);
  g_autoptr(GPtrArray) sluice_argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) squawk_argv = g_ptr_array_new ();
  g_autoptr(GHashTable) by_sluice = new_rules_by_file ();
  g_autoptr(GHashTable) by_squawk = new_rules_by_file ();
  g_autoptr(JsonNode) sluice_root = NULL;
  g_autoptr(JsonNode) squawk_root = NULL;
  g_autofree char *squawk = find_squawk ();
  g_autofree char *squawk_version = NULL;
  SluiceToolRun run = { 0 };
  JsonArray *findings;
  guint failures = 0;

  if (squawk == NULL || files->len < 25)
    {
      g_printerr ("no squawk, or fewer than 25 files in %s\n", corpus);
      return 1;
    }

  /* Both tools over every file, once each. */
  g_ptr_array_add (sluice_argv, (char *) sluice_test_cli_path ());
  g_ptr_array_add (sluice_argv, (char *) "lint");
  g_ptr_array_add (sluice_argv, (char *) "--json");
  g_ptr_array_add (squawk_argv, squawk);
  g_ptr_array_add (squawk_argv, (char *) "--reporter");
  g_ptr_array_add (squawk_argv, (char *) "json");
  for (guint i = 0; i < files->len; i++)
    {
      g_ptr_array_add (sluice_argv, g_ptr_array_index (files, i));
      g_ptr_array_add (squawk_argv, g_ptr_array_index (files, i));
    }
  g_ptr_array_add (sluice_argv, NULL);
  g_ptr_array_add (squawk_argv, NULL);

  sluice_test_run_program (&run, NULL, NULL, (const char * const *) sluice_argv->pdata);
  if (run.status != 1 || (sluice_root = parse_json ("sluice-cli lint", run.out)) == NULL)
    {
      g_printerr ("sluice-cli lint exited %d: %s\n", run.status, run.err);
      return 1;
    }
  findings = json_object_get_array_member (json_node_get_object (sluice_root), "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);
      const char *rule = json_object_get_string_member (finding, "rule");

      /* The notes on locks have no counterpart in squawk. */
      if (!g_str_equal (rule, "lock-level"))
        add_rule (by_sluice, json_object_get_string_member (finding, "file"), rule);
    }
  sluice_tool_run_clear (&run);

  sluice_test_run_program (&run, NULL, NULL, (const char * const *) squawk_argv->pdata);
  if ((run.status != 0 && run.status != 1) || (squawk_root = parse_json ("squawk", run.out)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (squawk_root))
    {
      g_printerr ("squawk exited %d: %s\n", run.status, run.err);
      return 1;
    }
  findings = json_node_get_array (squawk_root);
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      add_rule (by_squawk, json_object_get_string_member (finding, "file"),
                json_object_get_string_member (finding, "rule_name"));
    }
  sluice_tool_run_clear (&run);

  sluice_test_run_program (&run, NULL, NULL, (const char * const []) { squawk, "--version", NULL });
  squawk_version = g_strstrip (g_strdup (run.out != NULL ? run.out : ""));
  sluice_tool_run_clear (&run);

  printf ("Sluice (sluice-cli lint, default severities) and %s over the %u files of "
          "tests/interop/lint-corpus; lock-level notes left out.\n\n", squawk_version, files->len);
  printf ("| file | Sluice | squawk |\n| --- | --- | --- |\n");
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (files, i));
      g_autofree char *ours = rules_text (by_sluice, base);
      g_autofree char *theirs = rules_text (by_squawk, base);
      g_autoptr(GHashTable) expected = expected_rules (g_ptr_array_index (files, i));
      GHashTable *found = g_hash_table_lookup (by_sluice, base);
      guint n_found = found != NULL ? g_hash_table_size (found) : 0;
      gboolean as_expected = n_found == g_hash_table_size (expected);
      GHashTableIter iter;
      gpointer rule;

      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &rule, NULL))
        as_expected = as_expected && has_rule (by_sluice, base, rule);

      printf ("| %s | %s%s | %s |\n", base, ours, as_expected ? "" : " **(unexpected)**", theirs);
      failures += !as_expected;
    }

  printf ("\n| Sluice rule | squawk rule | files Sluice flags | files squawk flags | both |\n"
          "| --- | --- | ---: | ---: | ---: |\n");
  for (guint r = 0; r < G_N_ELEMENTS (shared_rules); r++)
    {
      g_autofree char *squawk_names = g_strjoinv (", ", (char **) shared_rules[r].squawk);
      guint ours = 0, theirs = 0, both = 0;

      for (guint i = 0; i < files->len; i++)
        {
          g_autofree char *base = g_path_get_basename (g_ptr_array_index (files, i));
          gboolean a = has_rule (by_sluice, base, shared_rules[r].sluice);
          gboolean b = FALSE;

          for (guint k = 0; k < G_N_ELEMENTS (shared_rules[r].squawk) && shared_rules[r].squawk[k] != NULL; k++)
            b = b || has_rule (by_squawk, base, shared_rules[r].squawk[k]);

          ours += a;
          theirs += b;
          both += a && b;
        }

      printf ("| %s | %s | %u | %u | %u |\n", shared_rules[r].sluice, squawk_names, ours, theirs, both);
    }

  if (g_hash_table_size (by_squawk) == 0)
    {
      g_printerr ("squawk found nothing in any file: its output was not read\n");
      return 1;
    }

  if (failures > 0)
    {
      g_printerr ("%u files where Sluice's findings differ from their -- sluice-expects: line\n", failures);
      return 1;
    }

  printf ("\n%u passed, 0 failed\n", files->len);
  return 0;
}
