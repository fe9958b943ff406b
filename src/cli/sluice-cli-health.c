/* sluice-cli-health.c: sluice-cli indexes and activity
 *
 *   sluice-cli indexes  -p PROFILE | -c CONNINFO [--json]
 *   sluice-cli activity -p PROFILE | -c CONNINFO [--long-transaction SECONDS] [--json]
 *
 * indexes prints every index with its size, scans and flags (unused,
 * duplicate, redundant, invalid, bloated), each flag explained, then the
 * foreign keys no index covers and the tables read mostly sequentially;
 * activity prints the sessions, who blocks whom, the locks not granted, the
 * long transactions and, with pg_stat_statements, the top statements.
 * Both only read: they change nothing on the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-cli.h"
#include "sluice-cli-table.h"

/* A query on one line, cut to @max_chars characters. */
static char *
one_line (const char *text,
          guint       max_chars)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean space = FALSE;
  guint n_chars = 0;

  if (text == NULL)
    return g_strdup ("");

  for (const char *p = text; *p != '\0' && n_chars < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = line->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (line, ' ');
          n_chars++;
          space = FALSE;
        }
      g_string_append_unichar (line, c);
      n_chars++;
    }

  if (n_chars >= max_chars && strlen (text) > line->len)
    g_string_append (line, "…");

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static char *
format_count (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static char *
format_seconds (double seconds)
{
  gint64 whole = (gint64) seconds;

  if (seconds < 0)
    return g_strdup ("-");
  if (whole < 60)
    return g_strdup_printf ("%.1fs", seconds);
  if (whole < 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m%02" G_GINT64_FORMAT "s", whole / 60, whole % 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT "h%02" G_GINT64_FORMAT "m", whole / 3600, (whole % 3600) / 60);
}

/* JSON helpers */

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *member,
          gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

/* A duration the server measured, or null when there is none. */
static void
add_seconds (JsonBuilder *builder,
             const char  *member,
             double       seconds)
{
  json_builder_set_member_name (builder, member);
  if (seconds >= 0)
    json_builder_add_double_value (builder, seconds);
  else
    json_builder_add_null_value (builder);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_pids (JsonBuilder *builder,
          const char  *member,
          const int   *pids,
          guint        n_pids)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_pids; i++)
    json_builder_add_int_value (builder, pids[i]);
  json_builder_end_array (builder);
}

/* indexes */

static void
add_index_json (JsonBuilder     *builder,
                SluiceIndexInfo *index)
{
  g_auto(GStrv) flags = sluice_index_flags_to_strv (sluice_index_info_get_flags (index));

  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "schema", sluice_index_info_get_schema (index));
  sluice_cli_json_add_string (builder, "table", sluice_index_info_get_table (index));
  sluice_cli_json_add_string (builder, "name", sluice_index_info_get_name (index));
  sluice_cli_json_add_string (builder, "definition", sluice_index_info_get_definition (index));
  sluice_cli_json_add_string (builder, "method", sluice_index_info_get_method (index));
  add_int (builder, "size_bytes", sluice_index_info_get_size_bytes (index));
  add_int (builder, "scans", sluice_index_info_get_scans (index));
  add_int (builder, "tuples_read", sluice_index_info_get_tuples_read (index));
  add_int (builder, "tuples_fetched", sluice_index_info_get_tuples_fetched (index));
  sluice_cli_json_add_string (builder, "constraint", sluice_index_info_get_constraint_name (index));
  add_bool (builder, "unique", sluice_index_info_get_is_unique (index));
  add_bool (builder, "primary", sluice_index_info_get_is_primary (index));
  add_bool (builder, "valid", sluice_index_info_get_is_valid (index));
  add_bool (builder, "partial", sluice_index_info_get_is_partial (index));
  add_strv (builder, "flags", (const char * const *) flags);
  add_strv (builder, "explanations", sluice_index_info_get_explanations (index));
  sluice_cli_json_add_string (builder, "related_index", sluice_index_info_get_related_index (index));

  json_builder_set_member_name (builder, "bloat");
  json_builder_begin_object (builder);
  add_bool (builder, "available", sluice_index_info_get_bloat_available (index));
  add_int (builder, "bytes", sluice_index_info_get_bloat_bytes (index));
  json_builder_set_member_name (builder, "ratio");
  json_builder_add_double_value (builder, sluice_index_info_get_bloat_ratio (index));
  sluice_cli_json_add_string (builder, "method", "btree-estimate-pg_stats");
  sluice_cli_json_add_string (builder, "note", sluice_index_info_get_bloat_note (index));
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

static void
add_foreign_key_json (JsonBuilder               *builder,
                      SluiceUnindexedForeignKey *key)
{
  g_autofree char *sql = sluice_unindexed_foreign_key_dup_create_index_sql (key);

  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "schema", sluice_unindexed_foreign_key_get_schema (key));
  sluice_cli_json_add_string (builder, "table", sluice_unindexed_foreign_key_get_table (key));
  sluice_cli_json_add_string (builder, "constraint", sluice_unindexed_foreign_key_get_constraint_name (key));
  add_strv (builder, "columns", sluice_unindexed_foreign_key_get_columns (key));
  sluice_cli_json_add_string (builder, "referenced_schema", sluice_unindexed_foreign_key_get_referenced_schema (key));
  sluice_cli_json_add_string (builder, "referenced_table", sluice_unindexed_foreign_key_get_referenced_table (key));
  add_int (builder, "table_bytes", sluice_unindexed_foreign_key_get_table_bytes (key));
  add_int (builder, "estimated_rows", sluice_unindexed_foreign_key_get_estimated_rows (key));
  sluice_cli_json_add_string (builder, "explanation", sluice_unindexed_foreign_key_get_explanation (key));
  sluice_cli_json_add_string (builder, "create_index_sql", sql);
  json_builder_end_object (builder);
}

static void
add_table_json (JsonBuilder       *builder,
                SluiceTableHealth *table)
{
  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "schema", sluice_table_health_get_schema (table));
  sluice_cli_json_add_string (builder, "name", sluice_table_health_get_name (table));
  add_int (builder, "heap_bytes", sluice_table_health_get_heap_bytes (table));
  add_int (builder, "index_bytes", sluice_table_health_get_index_bytes (table));
  add_int (builder, "toast_bytes", sluice_table_health_get_toast_bytes (table));
  add_int (builder, "total_bytes", sluice_table_health_get_total_bytes (table));
  add_int (builder, "live_tuples", sluice_table_health_get_live_tuples (table));
  add_int (builder, "dead_tuples", sluice_table_health_get_dead_tuples (table));
  sluice_cli_json_add_time (builder, "last_vacuum", sluice_table_health_get_last_vacuum (table));
  sluice_cli_json_add_time (builder, "last_autovacuum", sluice_table_health_get_last_autovacuum (table));
  sluice_cli_json_add_time (builder, "last_analyze", sluice_table_health_get_last_analyze (table));
  sluice_cli_json_add_time (builder, "last_autoanalyze", sluice_table_health_get_last_autoanalyze (table));
  add_int (builder, "seq_scans", sluice_table_health_get_seq_scans (table));
  add_int (builder, "seq_tuples_read", sluice_table_health_get_seq_tuples_read (table));
  add_int (builder, "index_scans", sluice_table_health_get_index_scans (table));
  add_int (builder, "index_tuples_fetched", sluice_table_health_get_index_tuples_fetched (table));
  add_int (builder, "inserts", sluice_table_health_get_inserts (table));
  add_int (builder, "updates", sluice_table_health_get_updates (table));
  add_int (builder, "hot_updates", sluice_table_health_get_hot_updates (table));
  add_int (builder, "deletes", sluice_table_health_get_deletes (table));
  add_bool (builder, "mostly_sequential", sluice_table_health_get_mostly_sequential (table));
  sluice_cli_json_add_string (builder, "hint", sluice_table_health_get_hint (table));
  json_builder_end_object (builder);
}

static JsonNode *
build_indexes_json (SluiceHealth *health)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *indexes = sluice_health_get_indexes (health);
  GListModel *keys = sluice_health_get_unindexed_foreign_keys (health);
  GListModel *tables = sluice_health_get_tables (health);

  json_builder_begin_object (builder);
  sluice_cli_json_add_string (builder, "database", sluice_health_get_database (health));
  sluice_cli_json_add_time (builder, "stats_reset", sluice_health_get_stats_reset (health));
  add_bool (builder, "stats_reset_is_server_start", sluice_health_get_stats_reset_is_server_start (health));

  json_builder_set_member_name (builder, "indexes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
    {
      g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (indexes, i);

      add_index_json (builder, index);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "unindexed_foreign_keys");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
    {
      g_autoptr(SluiceUnindexedForeignKey) key = g_list_model_get_item (keys, i);

      add_foreign_key_json (builder, key);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SluiceTableHealth) table = g_list_model_get_item (tables, i);

      add_table_json (builder, table);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_indexes_human (SluiceHealth *health)
{
  GListModel *indexes = sluice_health_get_indexes (health);
  GListModel *keys = sluice_health_get_unindexed_foreign_keys (health);
  GListModel *tables = sluice_health_get_tables (health);
  guint n_indexes = g_list_model_get_n_items (indexes);
  g_autofree char *since = sluice_health_dup_stats_reset_text (health);
  gboolean any_flag = FALSE;
  SluiceCliTable table;

  printf ("%s\n\n", since);

  if (n_indexes == 0)
    printf ("%s\n", _("No indexes: the database has no user tables with indexes."));
  else
    {
      sluice_cli_table_init (&table, (const char * const []) {
                               _("TABLE"), _("INDEX"), _("SIZE"), _("SCANS"), _("FLAGS"), NULL });
      for (guint i = 0; i < n_indexes; i++)
        {
          g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (indexes, i);
          g_autofree char *qualified = g_strdup_printf ("%s.%s", sluice_index_info_get_schema (index),
                                                        sluice_index_info_get_table (index));
          g_autofree char *size = g_format_size (sluice_index_info_get_size_bytes (index));
          g_autofree char *scans = format_count (sluice_index_info_get_scans (index));
          g_auto(GStrv) flags = sluice_index_flags_to_strv (sluice_index_info_get_flags (index));
          g_autofree char *flag_text = g_strjoinv (",", flags);

          any_flag = any_flag || flags[0] != NULL;
          sluice_cli_table_add (&table, qualified, sluice_index_info_get_name (index), size, scans, flag_text);
        }
      sluice_cli_table_print_and_clear (&table);
    }

  if (any_flag)
    {
      printf ("\n%s\n", _("Why:"));
      for (guint i = 0; i < n_indexes; i++)
        {
          g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (indexes, i);
          const char * const *explanations = sluice_index_info_get_explanations (index);

          for (guint j = 0; explanations[j] != NULL; j++)
            printf ("  %s.%s: %s\n", sluice_index_info_get_schema (index),
                    sluice_index_info_get_name (index), explanations[j]);
        }
    }

  if (g_list_model_get_n_items (keys) > 0)
    {
      printf ("\n%s\n", _("Foreign keys without an index:"));
      for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
        {
          g_autoptr(SluiceUnindexedForeignKey) key = g_list_model_get_item (keys, i);
          g_autofree char *sql = sluice_unindexed_foreign_key_dup_create_index_sql (key);

          printf ("  %s\n    %s\n", sluice_unindexed_foreign_key_get_explanation (key), sql);
        }
    }

  for (guint i = 0, shown = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SluiceTableHealth) health_table = g_list_model_get_item (tables, i);

      if (!sluice_table_health_get_mostly_sequential (health_table))
        continue;
      if (shown++ == 0)
        printf ("\n%s\n", _("Tables read mostly sequentially:"));
      printf ("  %s.%s: %s\n", sluice_table_health_get_schema (health_table),
              sluice_table_health_get_name (health_table), sluice_table_health_get_hint (health_table));
    }
}

static SluiceHealth *
load_health (SluiceConnection  *connection,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceHealth *health;
  SluiceCliAsync async;

  sluice_cli_async_init (&async);
  sluice_health_load_async (connection, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  health = sluice_health_load_finish (result, error);
  sluice_cli_async_clear (&async);

  return health;
}

int
sluice_cli_indexes_main (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceCliDatabase) database = NULL;
  g_autoptr(SluiceHealth) health = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *conninfo = NULL;
  SluiceCliExit exit_code;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
      N_("The profile to connect with"), N_("PROFILE") },
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &conninfo,
      N_("A libpq connection string or postgres:// URI"), N_("CONNINFO") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("indexes", NULL,
                                           _("Prints every index with its size, scans and flags "
                                             "(unused, duplicate, redundant, invalid, bloated), "
                                             "the foreign keys no index covers, and the tables "
                                             "read mostly sequentially. Reads only."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      sluice_cli_print_error (_("indexes takes no arguments, but “%s” was given; name the database "
                                "with -p PROFILE or -c CONNINFO."),
                              argv[1]);
      return SLUICE_CLI_EXIT_USAGE;
    }

  database = sluice_cli_connect (profile_name, conninfo, &exit_code);
  if (database == NULL)
    return exit_code;

  health = load_health (database->connection, &error);
  if (health == NULL)
    return sluice_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) root = build_indexes_json (health);

      sluice_cli_print_json (root);
    }
  else
    {
      print_indexes_human (health);
    }

  return SLUICE_CLI_EXIT_SUCCESS;
}

/* activity */

static void
add_session_json (JsonBuilder       *builder,
                  SluiceSessionInfo *session)
{
  guint n_pids;
  const int *pids = sluice_session_info_get_blocked_by (session, &n_pids);

  json_builder_begin_object (builder);
  add_int (builder, "pid", sluice_session_info_get_pid (session));
  sluice_cli_json_add_string (builder, "user", sluice_session_info_get_user (session));
  sluice_cli_json_add_string (builder, "database", sluice_session_info_get_database (session));
  sluice_cli_json_add_string (builder, "application", sluice_session_info_get_application (session));
  sluice_cli_json_add_string (builder, "client", sluice_session_info_get_client (session));
  sluice_cli_json_add_string (builder, "backend_type", sluice_session_info_get_backend_type (session));
  sluice_cli_json_add_string (builder, "state", sluice_session_info_get_state (session));
  sluice_cli_json_add_string (builder, "wait_event_type", sluice_session_info_get_wait_event_type (session));
  sluice_cli_json_add_string (builder, "wait_event", sluice_session_info_get_wait_event (session));
  add_pids (builder, "blocked_by", pids, n_pids);
  sluice_cli_json_add_string (builder, "query", sluice_session_info_get_query (session));
  sluice_cli_json_add_time (builder, "backend_start", sluice_session_info_get_backend_start (session));
  sluice_cli_json_add_time (builder, "xact_start", sluice_session_info_get_xact_start (session));
  sluice_cli_json_add_time (builder, "query_start", sluice_session_info_get_query_start (session));
  add_seconds (builder, "xact_seconds", sluice_session_info_get_xact_seconds (session));
  add_seconds (builder, "query_seconds", sluice_session_info_get_query_seconds (session));
  json_builder_end_object (builder);
}

static void
add_tree_json (JsonBuilder       *builder,
               SluiceSessionInfo *session)
{
  GListModel *children = sluice_session_info_get_children (session);

  json_builder_begin_object (builder);
  add_int (builder, "pid", sluice_session_info_get_pid (session));
  json_builder_set_member_name (builder, "children");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(SluiceSessionInfo) child = g_list_model_get_item (children, i);

      add_tree_json (builder, child);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_statements_json (JsonBuilder *builder,
                     const char  *member,
                     GListModel  *statements)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (statements); i++)
    {
      g_autoptr(SluiceStatementStat) stat = g_list_model_get_item (statements, i);

      json_builder_begin_object (builder);
      sluice_cli_json_add_string (builder, "query_id", sluice_statement_stat_get_query_id (stat));
      sluice_cli_json_add_string (builder, "query", sluice_statement_stat_get_query (stat));
      add_int (builder, "calls", sluice_statement_stat_get_calls (stat));
      json_builder_set_member_name (builder, "total_ms");
      json_builder_add_double_value (builder, sluice_statement_stat_get_total_ms (stat));
      json_builder_set_member_name (builder, "mean_ms");
      json_builder_add_double_value (builder, sluice_statement_stat_get_mean_ms (stat));
      add_int (builder, "rows", sluice_statement_stat_get_rows (stat));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static JsonNode *
build_activity_json (SluiceActivity *activity)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *sessions = sluice_activity_get_sessions (activity);
  GListModel *roots = sluice_activity_get_blocking_roots (activity);
  GListModel *locks = sluice_activity_get_locks_waiting (activity);
  GListModel *long_transactions = sluice_activity_get_long_transactions (activity);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(SluiceSessionInfo) session = g_list_model_get_item (sessions, i);

      add_session_json (builder, session);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "blocking_tree");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (roots); i++)
    {
      g_autoptr(SluiceSessionInfo) root = g_list_model_get_item (roots, i);

      add_tree_json (builder, root);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "locks_waiting");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (locks); i++)
    {
      g_autoptr(SluiceLockWait) lock = g_list_model_get_item (locks, i);
      guint n_pids;
      const int *pids = sluice_lock_wait_get_blocked_by (lock, &n_pids);

      json_builder_begin_object (builder);
      add_int (builder, "pid", sluice_lock_wait_get_pid (lock));
      sluice_cli_json_add_string (builder, "lock_type", sluice_lock_wait_get_lock_type (lock));
      sluice_cli_json_add_string (builder, "mode", sluice_lock_wait_get_mode (lock));
      sluice_cli_json_add_string (builder, "relation", sluice_lock_wait_get_relation (lock));
      sluice_cli_json_add_string (builder, "target", sluice_lock_wait_get_target (lock));
      add_seconds (builder, "wait_seconds", sluice_lock_wait_get_wait_seconds (lock));
      add_pids (builder, "blocked_by", pids, n_pids);
      sluice_cli_json_add_string (builder, "query", sluice_lock_wait_get_query (lock));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_int (builder, "long_transaction_seconds", sluice_activity_get_long_transaction_seconds (activity));
  json_builder_set_member_name (builder, "long_transactions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (long_transactions); i++)
    {
      g_autoptr(SluiceSessionInfo) session = g_list_model_get_item (long_transactions, i);

      json_builder_begin_object (builder);
      add_int (builder, "pid", sluice_session_info_get_pid (session));
      sluice_cli_json_add_string (builder, "state", sluice_session_info_get_state (session));
      sluice_cli_json_add_time (builder, "xact_start", sluice_session_info_get_xact_start (session));
      add_seconds (builder, "xact_seconds", sluice_session_info_get_xact_seconds (session));
      sluice_cli_json_add_string (builder, "query", sluice_session_info_get_query (session));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "pg_stat_statements");
  json_builder_begin_object (builder);
  add_bool (builder, "installed", sluice_activity_get_has_statements (activity));
  sluice_cli_json_add_string (builder, "error", sluice_activity_get_statements_error (activity));
  add_statements_json (builder, "top_by_total", sluice_activity_get_top_by_total (activity));
  add_statements_json (builder, "top_by_mean", sluice_activity_get_top_by_mean (activity));
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
format_pids (const int *pids,
             guint      n_pids)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_pids; i++)
    g_string_append_printf (text, "%s%d", i > 0 ? "," : "", pids[i]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_tree (SluiceSessionInfo *session,
            guint              depth)
{
  GListModel *children = sluice_session_info_get_children (session);
  g_autofree char *query = one_line (sluice_session_info_get_query (session), 60);
  g_autofree char *indent = g_strnfill (depth * 2 + 2, ' ');

  printf ("%s%s%d  %s  %s\n", indent, depth > 0 ? "└ " : "",
          sluice_session_info_get_pid (session),
          sluice_session_info_get_state (session) != NULL ? sluice_session_info_get_state (session) : "-",
          query);
  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(SluiceSessionInfo) child = g_list_model_get_item (children, i);

      print_tree (child, depth + 1);
    }
}

static void
print_activity_human (SluiceActivity *activity)
{
  GListModel *sessions = sluice_activity_get_sessions (activity);
  GListModel *roots = sluice_activity_get_blocking_roots (activity);
  GListModel *locks = sluice_activity_get_locks_waiting (activity);
  GListModel *long_transactions = sluice_activity_get_long_transactions (activity);
  SluiceCliTable table;

  if (g_list_model_get_n_items (sessions) == 0)
    printf ("%s\n", _("No other session is connected."));
  else
    {
      sluice_cli_table_init (&table, (const char * const []) {
                               _("PID"), _("USER"), _("DATABASE"), _("STATE"), _("WAIT"), _("XACT"),
                               _("QUERY TIME"), _("BLOCKED BY"), _("QUERY"), NULL });
      for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
        {
          g_autoptr(SluiceSessionInfo) session = g_list_model_get_item (sessions, i);
          g_autofree char *pid = g_strdup_printf ("%d", sluice_session_info_get_pid (session));
          g_autofree char *wait = sluice_session_info_dup_wait_text (session);
          g_autofree char *xact = format_seconds (sluice_session_info_get_xact_seconds (session));
          g_autofree char *query_time = format_seconds (sluice_session_info_get_query_seconds (session));
          g_autofree char *query = one_line (sluice_session_info_get_query (session), 60);
          guint n_pids;
          const int *pids = sluice_session_info_get_blocked_by (session, &n_pids);
          g_autofree char *blocked_by = format_pids (pids, n_pids);
          const char *state = sluice_session_info_get_state (session);

          sluice_cli_table_add (&table, pid, sluice_session_info_get_user (session),
                                sluice_session_info_get_database (session),
                                state != NULL ? state : sluice_session_info_get_backend_type (session),
                                wait, xact, query_time, blocked_by, query);
        }
      sluice_cli_table_print_and_clear (&table);
    }

  if (g_list_model_get_n_items (roots) > 0)
    {
      printf ("\n%s\n", _("Blocking (each session above those it blocks):"));
      for (guint i = 0; i < g_list_model_get_n_items (roots); i++)
        {
          g_autoptr(SluiceSessionInfo) root = g_list_model_get_item (roots, i);

          print_tree (root, 0);
        }
    }

  if (g_list_model_get_n_items (locks) > 0)
    {
      printf ("\n%s\n", _("Locks waited for:"));
      sluice_cli_table_init (&table, (const char * const []) {
                               _("PID"), _("MODE"), _("ON"), _("WAITING"), _("BLOCKED BY"), NULL });
      for (guint i = 0; i < g_list_model_get_n_items (locks); i++)
        {
          g_autoptr(SluiceLockWait) lock = g_list_model_get_item (locks, i);
          g_autofree char *pid = g_strdup_printf ("%d", sluice_lock_wait_get_pid (lock));
          g_autofree char *waiting = format_seconds (sluice_lock_wait_get_wait_seconds (lock));
          guint n_pids;
          const int *pids = sluice_lock_wait_get_blocked_by (lock, &n_pids);
          g_autofree char *blocked_by = format_pids (pids, n_pids);

          sluice_cli_table_add (&table, pid, sluice_lock_wait_get_mode (lock), sluice_lock_wait_get_target (lock),
                                waiting, blocked_by);
        }
      sluice_cli_table_print_and_clear (&table);
    }

  if (g_list_model_get_n_items (long_transactions) > 0)
    {
      printf ("\n");
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "Transactions open for more than %u second:\n",
                           "Transactions open for more than %u seconds:\n",
                           sluice_activity_get_long_transaction_seconds (activity)),
              sluice_activity_get_long_transaction_seconds (activity));
      for (guint i = 0; i < g_list_model_get_n_items (long_transactions); i++)
        {
          g_autoptr(SluiceSessionInfo) session = g_list_model_get_item (long_transactions, i);
          g_autofree char *age = format_seconds (sluice_session_info_get_xact_seconds (session));
          g_autofree char *query = one_line (sluice_session_info_get_query (session), 60);

          printf ("  %d  %s  %s  %s\n", sluice_session_info_get_pid (session), age,
                  sluice_session_info_get_state (session) != NULL ? sluice_session_info_get_state (session) : "-",
                  query);
        }
    }

  if (sluice_activity_get_statements_error (activity) != NULL)
    printf ("\n%s\n", sluice_activity_get_statements_error (activity));
  else if (sluice_activity_get_has_statements (activity))
    {
      GListModel *top = sluice_activity_get_top_by_total (activity);

      printf ("\n%s\n", _("Top statements by total time (pg_stat_statements):"));
      sluice_cli_table_init (&table, (const char * const []) {
                               _("TOTAL MS"), _("MEAN MS"), _("CALLS"), _("QUERY"), NULL });
      for (guint i = 0; i < g_list_model_get_n_items (top); i++)
        {
          g_autoptr(SluiceStatementStat) stat = g_list_model_get_item (top, i);
          g_autofree char *total = g_strdup_printf ("%.1f", sluice_statement_stat_get_total_ms (stat));
          g_autofree char *mean = g_strdup_printf ("%.2f", sluice_statement_stat_get_mean_ms (stat));
          g_autofree char *calls = format_count (sluice_statement_stat_get_calls (stat));
          g_autofree char *query = one_line (sluice_statement_stat_get_query (stat), 70);

          sluice_cli_table_add (&table, total, mean, calls, query);
        }
      sluice_cli_table_print_and_clear (&table);
    }
}

static SluiceActivity *
load_activity (SluiceConnection  *connection,
               guint              long_seconds,
               GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceActivity *activity;
  SluiceCliAsync async;

  sluice_cli_async_init (&async);
  sluice_activity_load_async (connection, long_seconds, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  activity = sluice_activity_load_finish (result, error);
  sluice_cli_async_clear (&async);

  return activity;
}

int
sluice_cli_activity_main (int    argc,
                          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceCliDatabase) database = NULL;
  g_autoptr(SluiceActivity) activity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *conninfo = NULL;
  SluiceCliExit exit_code;
  gboolean json = FALSE;
  int long_seconds = SLUICE_ACTIVITY_DEFAULT_LONG_TRANSACTION_SECONDS;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
      N_("The profile to connect with"), N_("PROFILE") },
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &conninfo,
      N_("A libpq connection string or postgres:// URI"), N_("CONNINFO") },
    { "long-transaction", 0, 0, G_OPTION_ARG_INT, &long_seconds,
      N_("A transaction open this long is listed as long (default 300)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("activity", NULL,
                                           _("Prints the sessions of the server, which block which, "
                                             "the locks waited for, the long transactions and, when "
                                             "pg_stat_statements is installed, the top statements. "
                                             "Reads only."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      sluice_cli_print_error (_("activity takes no arguments, but “%s” was given; name the database "
                                "with -p PROFILE or -c CONNINFO."),
                              argv[1]);
      return SLUICE_CLI_EXIT_USAGE;
    }

  if (long_seconds < 0)
    {
      sluice_cli_print_error (_("--long-transaction must be 0 or more seconds, not %d."), long_seconds);
      return SLUICE_CLI_EXIT_USAGE;
    }

  database = sluice_cli_connect (profile_name, conninfo, &exit_code);
  if (database == NULL)
    return exit_code;

  activity = load_activity (database->connection, (guint) long_seconds, &error);
  if (activity == NULL)
    return sluice_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) root = build_activity_json (activity);

      sluice_cli_print_json (root);
    }
  else
    {
      print_activity_human (activity);
    }

  return SLUICE_CLI_EXIT_SUCCESS;
}
