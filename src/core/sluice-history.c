/* sluice-history.c: finding a database's migration history, and reading it
 *
 * Two round trips.  The first probes the catalog for every history table
 * Sluice knows (their access, and the columns of schema_migrations, which
 * four tools share); the second reads the chosen tool's tables with that
 * tool's reader (sluice-history-TOOL.c).  No query names a table the probe
 * did not find, so none fails because a table is missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-history-private.h"

struct _SluiceHistory
{
  GObject            parent_instance;

  SluiceHistoryTool  tool;
  GArray            *tools_found;
  GListStore        *entries;
  GListStore        *run_log;
  /* key -> the latest SluiceHistoryEntry with that key */
  GHashTable        *by_key;
};

G_DEFINE_FINAL_TYPE (SluiceHistory, sluice_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TOOL,
  PROP_ENTRIES,
  PROP_RUN_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Tools */

#define DEFINE_ENUM_TYPE(TypeName, type_name, ...)                          \
  GType                                                                     \
  type_name##_get_type (void)                                               \
  {                                                                         \
    static gsize type_id;                                                   \
    if (g_once_init_enter (&type_id))                                       \
      {                                                                     \
        static const GEnumValue values[] = { __VA_ARGS__, { 0, NULL, NULL } }; \
        g_once_init_leave (&type_id, g_enum_register_static (#TypeName, values)); \
      }                                                                     \
    return type_id;                                                         \
  }

DEFINE_ENUM_TYPE (SluiceHistoryTool, sluice_history_tool,
                  { SLUICE_HISTORY_TOOL_NONE, "SLUICE_HISTORY_TOOL_NONE", "none" },
                  { SLUICE_HISTORY_TOOL_SLUICE, "SLUICE_HISTORY_TOOL_SLUICE", "sluice" },
                  { SLUICE_HISTORY_TOOL_DRIZZLE, "SLUICE_HISTORY_TOOL_DRIZZLE", "drizzle" },
                  { SLUICE_HISTORY_TOOL_DBMATE, "SLUICE_HISTORY_TOOL_DBMATE", "dbmate" },
                  { SLUICE_HISTORY_TOOL_GOLANG_MIGRATE, "SLUICE_HISTORY_TOOL_GOLANG_MIGRATE", "golang-migrate" },
                  { SLUICE_HISTORY_TOOL_RAILS, "SLUICE_HISTORY_TOOL_RAILS", "rails" },
                  { SLUICE_HISTORY_TOOL_HAND_ROLLED, "SLUICE_HISTORY_TOOL_HAND_ROLLED", "hand-rolled" },
                  { SLUICE_HISTORY_TOOL_FLYWAY, "SLUICE_HISTORY_TOOL_FLYWAY", "flyway" },
                  { SLUICE_HISTORY_TOOL_SQITCH, "SLUICE_HISTORY_TOOL_SQITCH", "sqitch" },
                  { SLUICE_HISTORY_TOOL_PRISMA, "SLUICE_HISTORY_TOOL_PRISMA", "prisma" })

const char *
sluice_history_tool_to_string (SluiceHistoryTool tool)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SLUICE_TYPE_HISTORY_TOOL);
  GEnumValue *value = g_enum_get_value (klass, tool);

  return value != NULL ? value->value_nick : NULL;
}

/* Rails and Prisma keep their migrations in files Sluice does not read
 * (Ruby, Prisma's folders), so they have no folder format.  Hand-rolled
 * runners apply plain NNNN_name.sql folders. */
SluiceMigrationFormat
sluice_history_tool_get_format (SluiceHistoryTool tool)
{
  switch (tool)
    {
    case SLUICE_HISTORY_TOOL_SLUICE: return SLUICE_MIGRATION_FORMAT_SLUICE;
    case SLUICE_HISTORY_TOOL_DRIZZLE: return SLUICE_MIGRATION_FORMAT_DRIZZLE;
    case SLUICE_HISTORY_TOOL_DBMATE: return SLUICE_MIGRATION_FORMAT_DBMATE;
    case SLUICE_HISTORY_TOOL_GOLANG_MIGRATE: return SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE;
    case SLUICE_HISTORY_TOOL_HAND_ROLLED: return SLUICE_MIGRATION_FORMAT_PLAIN;
    case SLUICE_HISTORY_TOOL_FLYWAY: return SLUICE_MIGRATION_FORMAT_FLYWAY;
    case SLUICE_HISTORY_TOOL_SQITCH: return SLUICE_MIGRATION_FORMAT_SQITCH;
    case SLUICE_HISTORY_TOOL_NONE:
    case SLUICE_HISTORY_TOOL_RAILS:
    case SLUICE_HISTORY_TOOL_PRISMA:
    default:
      return SLUICE_MIGRATION_FORMAT_AUTO;
    }
}

/* Sluice's own tables */

static const char * const schema_statements[] = {
  "CREATE SCHEMA IF NOT EXISTS sluice",

  "CREATE TABLE IF NOT EXISTS sluice.migrations ("
  "  version      text PRIMARY KEY,"
  "  name         text NOT NULL,"
  "  checksum     text,"
  "  applied_by   text NOT NULL DEFAULT current_user,"
  "  applied_at   timestamptz NOT NULL DEFAULT now(),"
  "  execution_ms bigint NOT NULL"
  ")",

  "CREATE TABLE IF NOT EXISTS sluice.run_log ("
  "  id               bigserial PRIMARY KEY,"
  "  version          text NOT NULL,"
  "  name             text,"
  "  direction        text NOT NULL CHECK (direction IN ('up', 'down')),"
  "  started_at       timestamptz NOT NULL,"
  "  finished_at      timestamptz,"
  "  success          boolean,"
  "  error            text,"
  "  sqlstate         text,"
  "  statements_done  int,"
  "  statements_total int,"
  "  actor            text NOT NULL DEFAULT current_user,"
  "  note             text"
  ")",

  NULL
};

const char * const *
_sluice_history_schema_statements (void)
{
  return schema_statements;
}

const char *
sluice_history_schema_sql (void)
{
  static gsize joined;

  if (g_once_init_enter (&joined))
    {
      GString *sql = g_string_new (NULL);

      for (guint i = 0; schema_statements[i] != NULL; i++)
        g_string_append_printf (sql, "%s;\n", schema_statements[i]);
      g_once_init_leave (&joined, (gsize) g_string_free (sql, FALSE));
    }

  return (const char *) joined;
}

/* Helpers for the readers */

GDateTime *
_sluice_history_parse_timestamp (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;

  return g_date_time_new_from_iso8601 (text, NULL);
}

gint64
_sluice_history_result_int64_or (SluiceResult *result,
                                 int           row,
                                 int           column,
                                 gint64        if_null)
{
  if (sluice_result_is_null (result, row, column))
    return if_null;

  return sluice_result_get_int64 (result, row, column);
}

gboolean
_sluice_history_check_columns (SluiceResult       *result,
                               const char * const *columns,
                               GError            **error)
{
  for (guint i = 0; columns[i] != NULL; i++)
    {
      if (sluice_result_get_column_index (result, columns[i]) < 0)
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                       _("The history table's rows came back without the column “%s”; "
                         "nothing was read."),
                       columns[i]);
          return FALSE;
        }
    }

  return TRUE;
}

void
_sluice_history_rows_add_entries (SluiceHistoryRows *rows,
                                  GPtrArray         *entries,
                                  gboolean           number_them)
{
  guint first = g_list_model_get_n_items (G_LIST_MODEL (rows->entries));

  if (number_them)
    for (guint i = 0; i < entries->len; i++)
      sluice_history_entry_set_rank (g_ptr_array_index (entries, i), first + i);

  g_list_store_splice (rows->entries, first, 0, entries->pdata, entries->len);
}

char
_sluice_history_probe_column_category (const SluiceHistoryProbe *probe,
                                       const char               *column)
{
  if (probe->schema_migrations_columns == NULL)
    return '\0';

  for (guint i = 0; probe->schema_migrations_columns[i] != NULL; i++)
    if (g_str_equal (probe->schema_migrations_columns[i], column))
      return probe->schema_migrations_categories[i][0];

  return '\0';
}

static gboolean
probe_has_column (const SluiceHistoryProbe *probe,
                  const char               *column)
{
  return _sluice_history_probe_column_category (probe, column) != '\0';
}

/* The object */

static void
sluice_history_finalize (GObject *object)
{
  SluiceHistory *self = (SluiceHistory *)object;

  g_clear_pointer (&self->tools_found, g_array_unref);
  g_clear_object (&self->entries);
  g_clear_object (&self->run_log);
  g_clear_pointer (&self->by_key, g_hash_table_unref);

  G_OBJECT_CLASS (sluice_history_parent_class)->finalize (object);
}

static void
sluice_history_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SluiceHistory *self = SLUICE_HISTORY (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;

    case PROP_ENTRIES:
      g_value_set_object (value, self->entries);
      break;

    case PROP_RUN_LOG:
      g_value_set_object (value, self->run_log);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_history_class_init (SluiceHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_history_finalize;
  object_class->get_property = sluice_history_get_property;

  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL,
                       SLUICE_TYPE_HISTORY_TOOL, SLUICE_HISTORY_TOOL_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTRIES] =
    g_param_spec_object ("entries", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUN_LOG] =
    g_param_spec_object ("run-log", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_history_init (SluiceHistory *self)
{
  self->tools_found = g_array_new (FALSE, FALSE, sizeof (SluiceHistoryTool));
  self->entries = g_list_store_new (SLUICE_TYPE_HISTORY_ENTRY);
  self->run_log = g_list_store_new (SLUICE_TYPE_RUN_RECORD);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

/* Entries come in applied order, so a later entry for the same key (a
 * re-run repeatable, a retried migration) replaces an earlier one. */
static void
index_entries (SluiceHistory *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  g_hash_table_remove_all (self->by_key);
  for (guint i = 0; i < n_items; i++)
    {
      SluiceHistoryEntry *entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      g_hash_table_replace (self->by_key, (gpointer) sluice_history_entry_get_key (entry), entry);
    }
}

SluiceHistory *
_sluice_history_new_for_entries (SluiceHistoryTool  tool,
                                 GPtrArray         *entries)
{
  SluiceHistory *self = g_object_new (SLUICE_TYPE_HISTORY, NULL);

  self->tool = tool;
  if (tool != SLUICE_HISTORY_TOOL_NONE)
    g_array_append_val (self->tools_found, tool);
  if (entries != NULL)
    g_list_store_splice (self->entries, 0, 0, entries->pdata, entries->len);
  index_entries (self);

  return self;
}

SluiceHistoryTool
sluice_history_get_tool (SluiceHistory *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY (self), SLUICE_HISTORY_TOOL_NONE);

  return self->tool;
}

GArray *
sluice_history_get_tools_found (SluiceHistory *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY (self), NULL);

  return self->tools_found;
}

GListModel *
sluice_history_get_entries (SluiceHistory *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY (self), NULL);

  return G_LIST_MODEL (self->entries);
}

GListModel *
sluice_history_get_run_log (SluiceHistory *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY (self), NULL);

  return G_LIST_MODEL (self->run_log);
}

SluiceHistoryEntry *
sluice_history_find (SluiceHistory *self,
                     const char    *key)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY (self), NULL);

  if (key == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_key, key);
}

/* The catalog probe */

/* NULL: no such table; true: readable; false: there but not readable.
 * Schema-qualified names are looked up in pg_class rather than with
 * to_regclass(), which raises an error for a schema this role may not use. */
#define PROBE_IN_SCHEMA(schema, table)                                         \
  "(SELECT has_table_privilege(c.oid, 'SELECT') AND has_schema_privilege(n.oid, 'USAGE')" \
  "   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
  "  WHERE n.nspname = '" schema "' AND c.relname = '" table "'"               \
  "    AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))"
/* Unqualified names, as the tools themselves find them: on the search_path
 * (which only holds schemas this role may use). */
#define PROBE_ON_PATH(table)                                                   \
  "(SELECT has_table_privilege(c.oid, 'SELECT') FROM pg_catalog.pg_class c"    \
  "  WHERE c.oid = pg_catalog.to_regclass('" table "'))"

static const char * const probe_statements[] = {
  "SELECT " PROBE_IN_SCHEMA ("sluice", "migrations") ","
  "       " PROBE_IN_SCHEMA ("sluice", "run_log") ","
  "       " PROBE_IN_SCHEMA ("drizzle", "__drizzle_migrations") ","
  "       " PROBE_ON_PATH ("flyway_schema_history") ","
  "       " PROBE_IN_SCHEMA ("sqitch", "changes") ","
  "       " PROBE_IN_SCHEMA ("sqitch", "events") ","
  "       " PROBE_ON_PATH ("_prisma_migrations") ","
  "       " PROBE_ON_PATH ("schema_migrations") ","
  "       " PROBE_ON_PATH ("ar_internal_metadata") ","
  "       " PROBE_IN_SCHEMA ("sqitch", "tags"),

  "SELECT a.attname, t.typcategory"
  "  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
  " WHERE a.attrelid = pg_catalog.to_regclass('schema_migrations')"
  "   AND a.attnum > 0 AND NOT a.attisdropped"
  " ORDER BY a.attnum",

  NULL
};

static SluiceTableAccess
table_access (SluiceResult *result,
              int           column)
{
  if (sluice_result_is_null (result, 0, column))
    return SLUICE_TABLE_MISSING;

  return sluice_result_get_boolean (result, 0, column) ? SLUICE_TABLE_READABLE
                                                       : SLUICE_TABLE_UNREADABLE;
}

static void
probe_clear (SluiceHistoryProbe *probe)
{
  g_clear_pointer (&probe->schema_migrations_columns, g_strfreev);
  g_clear_pointer (&probe->schema_migrations_categories, g_strfreev);
  g_clear_pointer (&probe->project, g_free);
}

static gboolean
probe_read (SluiceHistoryProbe  *probe,
            GPtrArray           *results,
            GError             **error)
{
  SluiceResult *tables;
  SluiceResult *columns;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) categories = g_strv_builder_new ();
  SluiceTableAccess *fields[] = {
    &probe->sluice_migrations, &probe->sluice_run_log, &probe->drizzle, &probe->flyway,
    &probe->sqitch_changes, &probe->sqitch_events, &probe->prisma,
    &probe->schema_migrations, &probe->ar_internal_metadata, &probe->sqitch_tags,
  };

  tables = g_ptr_array_index (results, 0);
  columns = g_ptr_array_index (results, 1);
  if (sluice_result_get_n_rows (tables) != 1 ||
      sluice_result_get_n_columns (tables) != G_N_ELEMENTS (fields))
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                           _("The server's catalog answered the history probe in an unexpected "
                             "shape; no history was read."));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = table_access (tables, i);

  for (int row = 0; row < sluice_result_get_n_rows (columns); row++)
    {
      g_strv_builder_add (names, sluice_result_get_value (columns, row, 0));
      g_strv_builder_add (categories, sluice_result_get_value (columns, row, 1));
    }
  probe->schema_migrations_columns = g_strv_builder_end (names);
  probe->schema_migrations_categories = g_strv_builder_end (categories);

  return TRUE;
}

/* schema_migrations is kept by four tools; its columns tell them apart.
 * A table without a version column is none of them. */
static SluiceHistoryTool
schema_migrations_tool (const SluiceHistoryProbe *probe)
{
  static const char * const hand_rolled_columns[] = {
    "description", "applied_at", "applied_by", "execution_time_ms", "checksum",
  };

  if (probe->schema_migrations == SLUICE_TABLE_MISSING ||
      !probe_has_column (probe, "version"))
    return SLUICE_HISTORY_TOOL_NONE;

  if (probe_has_column (probe, "dirty"))
    return SLUICE_HISTORY_TOOL_GOLANG_MIGRATE;

  for (guint i = 0; i < G_N_ELEMENTS (hand_rolled_columns); i++)
    if (probe_has_column (probe, hand_rolled_columns[i]))
      return SLUICE_HISTORY_TOOL_HAND_ROLLED;

  if (probe->ar_internal_metadata != SLUICE_TABLE_MISSING)
    return SLUICE_HISTORY_TOOL_RAILS;

  return SLUICE_HISTORY_TOOL_DBMATE;
}

static void
collect_tools_found (const SluiceHistoryProbe *probe,
                     GArray                   *found)
{
  SluiceHistoryTool tool;

#define ADD_IF(condition, value) \
  G_STMT_START { if (condition) { tool = (value); g_array_append_val (found, tool); } } G_STMT_END

  ADD_IF (probe->sluice_migrations != SLUICE_TABLE_MISSING, SLUICE_HISTORY_TOOL_SLUICE);
  ADD_IF (probe->drizzle != SLUICE_TABLE_MISSING, SLUICE_HISTORY_TOOL_DRIZZLE);
  ADD_IF (schema_migrations_tool (probe) != SLUICE_HISTORY_TOOL_NONE, schema_migrations_tool (probe));
  ADD_IF (probe->flyway != SLUICE_TABLE_MISSING, SLUICE_HISTORY_TOOL_FLYWAY);
  ADD_IF (probe->sqitch_changes != SLUICE_TABLE_MISSING, SLUICE_HISTORY_TOOL_SQITCH);
  ADD_IF (probe->prisma != SLUICE_TABLE_MISSING, SLUICE_HISTORY_TOOL_PRISMA);

#undef ADD_IF
}

static SluiceHistoryTool
choose_tool (GArray                *found,
             SluiceMigrationFormat  preferred)
{
  if (found->len == 0)
    return SLUICE_HISTORY_TOOL_NONE;

  if (preferred != SLUICE_MIGRATION_FORMAT_AUTO)
    for (guint i = 0; i < found->len; i++)
      if (sluice_history_tool_get_format (g_array_index (found, SluiceHistoryTool, i)) == preferred)
        return g_array_index (found, SluiceHistoryTool, i);

  for (guint i = 0; i < found->len; i++)
    if (g_array_index (found, SluiceHistoryTool, i) == SLUICE_HISTORY_TOOL_SLUICE)
      return SLUICE_HISTORY_TOOL_SLUICE;

  return g_array_index (found, SluiceHistoryTool, 0);
}

static const SluiceHistoryReader *
reader_for_tool (SluiceHistoryTool tool)
{
  switch (tool)
    {
    case SLUICE_HISTORY_TOOL_SLUICE: return &_sluice_history_sluice_reader;
    case SLUICE_HISTORY_TOOL_DRIZZLE: return &_sluice_history_drizzle_reader;
    case SLUICE_HISTORY_TOOL_DBMATE:
    case SLUICE_HISTORY_TOOL_GOLANG_MIGRATE:
    case SLUICE_HISTORY_TOOL_RAILS:
    case SLUICE_HISTORY_TOOL_HAND_ROLLED: return &_sluice_history_schema_migrations_reader;
    case SLUICE_HISTORY_TOOL_FLYWAY: return &_sluice_history_flyway_reader;
    case SLUICE_HISTORY_TOOL_SQITCH: return &_sluice_history_sqitch_reader;
    case SLUICE_HISTORY_TOOL_PRISMA: return &_sluice_history_prisma_reader;
    case SLUICE_HISTORY_TOOL_NONE:
    default:
      return NULL;
    }
}

/* The table whose rows make the entries. */
static SluiceTableAccess
main_table_access (const SluiceHistoryProbe *probe,
                   SluiceHistoryTool         tool,
                   const char              **table)
{
  switch (tool)
    {
    case SLUICE_HISTORY_TOOL_SLUICE:
      *table = "sluice.migrations";
      return probe->sluice_migrations;
    case SLUICE_HISTORY_TOOL_DRIZZLE:
      *table = "drizzle.__drizzle_migrations";
      return probe->drizzle;
    case SLUICE_HISTORY_TOOL_FLYWAY:
      *table = "flyway_schema_history";
      return probe->flyway;
    case SLUICE_HISTORY_TOOL_SQITCH:
      *table = "sqitch.changes";
      return probe->sqitch_changes;
    case SLUICE_HISTORY_TOOL_PRISMA:
      *table = "_prisma_migrations";
      return probe->prisma;
    case SLUICE_HISTORY_TOOL_DBMATE:
    case SLUICE_HISTORY_TOOL_GOLANG_MIGRATE:
    case SLUICE_HISTORY_TOOL_RAILS:
    case SLUICE_HISTORY_TOOL_HAND_ROLLED:
    case SLUICE_HISTORY_TOOL_NONE:
    default:
      *table = "schema_migrations";
      return probe->schema_migrations;
    }
}

/* Reading */

typedef struct
{
  SluiceConnection     *connection;
  SluiceMigrationFormat preferred;
  SluiceHistoryProbe    probe;
  SluiceHistory        *history;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->connection);
  probe_clear (&data->probe);
  g_clear_object (&data->history);
  g_free (data);
}

static void
on_rows_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  SluiceHistory *history = data->history;
  const SluiceHistoryReader *reader = reader_for_tool (history->tool);
  SluiceHistoryRows rows = { history->entries, history->run_log };
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL ||
      !reader->read_rows (&data->probe, history->tool, results, &rows, &error))
    {
      g_prefix_error (&error, _("Could not read the %s history: "),
                      sluice_history_tool_to_string (history->tool));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  index_entries (history);
  g_task_return_pointer (task, g_object_ref (history), g_object_unref);
}

static void
on_probed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  SluiceHistory *history = data->history;
  const SluiceHistoryReader *reader;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) statements = NULL;
  const char *table = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL || !probe_read (&data->probe, results, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  collect_tools_found (&data->probe, history->tools_found);
  history->tool = choose_tool (history->tools_found, data->preferred);

  if (history->tool == SLUICE_HISTORY_TOOL_NONE)
    {
      g_task_return_pointer (task, g_object_ref (history), g_object_unref);
      return;
    }

  if (main_table_access (&data->probe, history->tool, &table) == SLUICE_TABLE_UNREADABLE)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                               _("The %s history table “%s” exists, but this role may not read "
                                 "it; nothing was read. Grant it SELECT on the table (and USAGE "
                                 "on its schema), or connect as its owner."),
                               sluice_history_tool_to_string (history->tool), table);
      return;
    }

  reader = reader_for_tool (history->tool);
  statements = reader->build_statements (&data->probe, history->tool);
  sluice_connection_pipeline_async (data->connection, (const char * const *) statements,
                                    g_task_get_cancellable (task),
                                    on_rows_read, g_object_ref (task));
}

void
sluice_history_read_async (SluiceConnection     *connection,
                           SluiceMigrationFormat preferred,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  sluice_history_read_full_async (connection, preferred, NULL, cancellable, callback, user_data);
}

void
sluice_history_read_full_async (SluiceConnection     *connection,
                                SluiceMigrationFormat preferred,
                                const char           *project,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (SLUICE_IS_CONNECTION (connection));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_history_read_async);

  data = g_new0 (ReadData, 1);
  data->connection = g_object_ref (connection);
  data->history = g_object_new (SLUICE_TYPE_HISTORY, NULL);
  data->preferred = preferred;
  data->probe.project = g_strdup (project);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  sluice_connection_pipeline_async (connection, probe_statements, cancellable,
                                    on_probed, g_steal_pointer (&task));
}

SluiceHistory *
sluice_history_read_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_history_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
