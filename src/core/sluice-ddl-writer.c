/* sluice-ddl-writer.c: the statements one object's DDL produces, the ops of
 * each kind, hazards, and the diff's statements as one script
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-ddl-private.h"

struct _SluiceDdlWriter
{
  GPtrArray  *statements;
  GPtrArray  *deferred;
  GHashTable *created;
  gboolean    is_deferred;
  gboolean    match_oids;
};

/* Hazards */

static const struct
{
  SluiceHazards  hazard;
  const char    *name;
  const char    *label;
} hazard_names[] = {
  { SLUICE_HAZARD_DATA_LOSS, "data_loss", N_("loses data") },
  { SLUICE_HAZARD_TABLE_REWRITE, "table_rewrite", N_("rewrites the table") },
  { SLUICE_HAZARD_FULL_SCAN, "full_scan", N_("scans the whole table") },
  { SLUICE_HAZARD_BLOCKING_INDEX_BUILD, "blocking_index_build", N_("builds an index while blocking writes") },
  { SLUICE_HAZARD_BACKWARD_INCOMPATIBLE, "backward_incompatible", N_("may break running code") },
  { SLUICE_HAZARD_NON_TRANSACTIONAL, "non_transactional", N_("cannot run in a transaction") },
  { SLUICE_HAZARD_PRIVILEGES, "privileges", N_("changes privileges") },
};

GType
sluice_hazards_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GFlagsValue values[] = {
        { SLUICE_HAZARD_NONE, "SLUICE_HAZARD_NONE", "none" },
        { SLUICE_HAZARD_DATA_LOSS, "SLUICE_HAZARD_DATA_LOSS", "data_loss" },
        { SLUICE_HAZARD_TABLE_REWRITE, "SLUICE_HAZARD_TABLE_REWRITE", "table_rewrite" },
        { SLUICE_HAZARD_FULL_SCAN, "SLUICE_HAZARD_FULL_SCAN", "full_scan" },
        { SLUICE_HAZARD_BLOCKING_INDEX_BUILD, "SLUICE_HAZARD_BLOCKING_INDEX_BUILD", "blocking_index_build" },
        { SLUICE_HAZARD_BACKWARD_INCOMPATIBLE, "SLUICE_HAZARD_BACKWARD_INCOMPATIBLE", "backward_incompatible" },
        { SLUICE_HAZARD_NON_TRANSACTIONAL, "SLUICE_HAZARD_NON_TRANSACTIONAL", "non_transactional" },
        { SLUICE_HAZARD_PRIVILEGES, "SLUICE_HAZARD_PRIVILEGES", "privileges" },
        { 0, NULL, NULL }
      };

      g_once_init_leave (&type_id, g_flags_register_static ("SluiceHazards", values));
    }

  return type_id;
}

char **
sluice_hazards_to_strv (SluiceHazards hazards)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **strv;

  for (guint i = 0; i < G_N_ELEMENTS (hazard_names); i++)
    if (hazards & hazard_names[i].hazard)
      g_strv_builder_add (builder, hazard_names[i].name);

  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}

const char *
sluice_hazard_get_label (SluiceHazards hazard)
{
  for (guint i = 0; i < G_N_ELEMENTS (hazard_names); i++)
    if (hazard == hazard_names[i].hazard)
      return _(hazard_names[i].label);

  return NULL;
}

/* Statements */

void
sluice_ddl_statement_free (SluiceDdlStatement *statement)
{
  if (statement == NULL)
    return;

  g_free (statement->sql);
  g_free (statement->identity);
  g_free (statement->locked_table);
  g_free (statement->note);
  g_free (statement);
}

static SluiceDdlStatement *
statement_copy (const SluiceDdlStatement *statement)
{
  SluiceDdlStatement *copy = g_new0 (SluiceDdlStatement, 1);

  copy->sql = g_strdup (statement->sql);
  copy->identity = g_strdup (statement->identity);
  copy->hazards = statement->hazards;
  copy->lock = statement->lock;
  copy->locked_table = g_strdup (statement->locked_table);
  copy->note = g_strdup (statement->note);
  return copy;
}

/* Removes the first " CONCURRENTLY" word of @sql. */
static char *
without_concurrently (const char *sql)
{
  const char *found = strstr (sql, " CONCURRENTLY");
  g_autofree char *head = NULL;

  if (found == NULL)
    return g_strdup (sql);

  head = g_strndup (sql, found - sql);
  return g_strconcat (head, found + strlen (" CONCURRENTLY"), NULL);
}

SluiceDdlStatement *
sluice_ddl_statement_to_transactional (const SluiceDdlStatement *statement)
{
  SluiceDdlStatement *copy = statement_copy (statement);

  if (!(statement->hazards & SLUICE_HAZARD_NON_TRANSACTIONAL) ||
      strstr (statement->sql, " CONCURRENTLY") == NULL)
    return copy;

  g_free (copy->sql);
  copy->sql = without_concurrently (statement->sql);
  copy->hazards &= ~SLUICE_HAZARD_NON_TRANSACTIONAL;
  g_clear_pointer (&copy->note, g_free);

  if (g_str_has_prefix (copy->sql, "CREATE "))
    {
      /* A plain CREATE INDEX holds SHARE for the whole build. */
      copy->hazards |= SLUICE_HAZARD_BLOCKING_INDEX_BUILD;
      copy->lock = SLUICE_LOCK_SHARE;
      copy->note = g_strdup (_("Built without CONCURRENTLY so that the script runs in one transaction: writes to the table wait until the index is built."));
    }
  else if (g_str_has_prefix (copy->sql, "DROP "))
    {
      copy->lock = SLUICE_LOCK_ACCESS_EXCLUSIVE;
    }

  return copy;
}

/* The writer */

SluiceDdlWriter *
sluice_ddl_writer_new (void)
{
  SluiceDdlWriter *writer = g_new0 (SluiceDdlWriter, 1);

  writer->statements = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_ddl_statement_free);
  writer->deferred = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_ddl_statement_free);
  writer->created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return writer;
}

void
sluice_ddl_writer_free (SluiceDdlWriter *writer)
{
  if (writer == NULL)
    return;

  g_ptr_array_unref (writer->statements);
  g_ptr_array_unref (writer->deferred);
  g_hash_table_unref (writer->created);
  g_free (writer);
}

static GPtrArray *
steal_array (GPtrArray **array)
{
  GPtrArray *stolen = *array;

  *array = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_ddl_statement_free);
  return stolen;
}

GPtrArray *
sluice_ddl_writer_steal (SluiceDdlWriter *writer)
{
  return steal_array (&writer->statements);
}

GPtrArray *
sluice_ddl_writer_steal_deferred (SluiceDdlWriter *writer)
{
  return steal_array (&writer->deferred);
}

void
sluice_ddl_writer_set_deferred (SluiceDdlWriter *writer,
                                gboolean         deferred)
{
  writer->is_deferred = !!deferred;
}

void
sluice_ddl_writer_set_match_oids (SluiceDdlWriter *writer,
                                  gboolean         match_oids)
{
  writer->match_oids = !!match_oids;
}

gboolean
sluice_ddl_writer_get_match_oids (SluiceDdlWriter *writer)
{
  return writer->match_oids;
}

void
sluice_ddl_writer_mark_created (SluiceDdlWriter *writer,
                                const char      *identity)
{
  g_hash_table_add (writer->created, g_strdup (identity));
}

gboolean
sluice_ddl_writer_is_created (SluiceDdlWriter *writer,
                              const char      *identity)
{
  return identity != NULL && g_hash_table_contains (writer->created, identity);
}

void
sluice_ddl_writer_add (SluiceDdlWriter *writer,
                       const char      *identity,
                       SluiceHazards    hazards,
                       SluiceLockMode   lock,
                       const char      *locked_table,
                       const char      *note,
                       const char      *format,
                       ...)
{
  SluiceDdlStatement *statement = g_new0 (SluiceDdlStatement, 1);
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);

  g_strchomp (body);
  if (g_str_has_suffix (body, ";"))
    statement->sql = g_steal_pointer (&body);
  else
    statement->sql = g_strconcat (body, ";", NULL);
  statement->identity = g_strdup (identity);
  statement->hazards = hazards;
  statement->lock = lock;
  statement->locked_table = g_strdup (locked_table);
  statement->note = g_strdup (note);

  g_ptr_array_add (writer->is_deferred ? writer->deferred : writer->statements, statement);
}

/* The ops of each kind */

const SluiceDdlKindOps *
sluice_ddl_ops_for_kind (SluiceCatalogKind kind)
{
  switch (kind)
    {
    case SLUICE_CATALOG_SCHEMA: return &sluice_ddl_schema_ops;
    case SLUICE_CATALOG_EXTENSION: return &sluice_ddl_extension_ops;
    case SLUICE_CATALOG_COLLATION: return &sluice_ddl_collation_ops;
    case SLUICE_CATALOG_TYPE: return &sluice_ddl_type_ops;
    case SLUICE_CATALOG_FUNCTION: return &sluice_ddl_function_ops;
    case SLUICE_CATALOG_PROCEDURE: return &sluice_ddl_procedure_ops;
    case SLUICE_CATALOG_SEQUENCE: return &sluice_ddl_sequence_ops;
    case SLUICE_CATALOG_TABLE: return &sluice_ddl_table_ops;
    case SLUICE_CATALOG_COLUMN: return &sluice_ddl_column_ops;
    case SLUICE_CATALOG_CONSTRAINT: return &sluice_ddl_constraint_ops;
    case SLUICE_CATALOG_INDEX: return &sluice_ddl_index_ops;
    case SLUICE_CATALOG_VIEW: return &sluice_ddl_view_ops;
    case SLUICE_CATALOG_MATERIALIZED_VIEW: return &sluice_ddl_materialized_view_ops;
    case SLUICE_CATALOG_TRIGGER: return &sluice_ddl_trigger_ops;
    case SLUICE_CATALOG_POLICY: return &sluice_ddl_policy_ops;
    case SLUICE_CATALOG_EVENT_TRIGGER: return &sluice_ddl_event_trigger_ops;
    case SLUICE_CATALOG_PUBLICATION: return &sluice_ddl_publication_ops;
    case SLUICE_CATALOG_DEFAULT_PRIVILEGES: return &sluice_ddl_default_privileges_ops;
    case SLUICE_CATALOG_N_KINDS:
    default:
      break;
    }

  g_return_val_if_reached (NULL);
}

/* The script */

static void
append_statement_comment (GString                  *script,
                          const SluiceDdlStatement *statement)
{
  g_auto(GStrv) hazards = sluice_hazards_to_strv (statement->hazards);
  const char *lock = sluice_lock_mode_to_string (statement->lock);

  g_string_append (script, "-- ");
  if (hazards[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", hazards);

      g_string_append_printf (script, "hazards: %s", joined);
    }
  else
    g_string_append (script, "hazards: none");

  if (lock != NULL)
    {
      g_string_append_printf (script, "; lock: %s", lock);
      if (statement->locked_table != NULL)
        g_string_append_printf (script, " on %s", statement->locked_table);
    }
  g_string_append_c (script, '\n');

  if (statement->note != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (statement->note, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        g_string_append_printf (script, "-- %s\n", lines[i]);
    }
}

char *
sluice_diff_to_sql (SluiceDiff *self,
                    gboolean    transactional_only)
{
  GPtrArray *statements;
  GString *script;

  g_return_val_if_fail (SLUICE_IS_DIFF (self), NULL);

  statements = sluice_diff_get_statements (self);
  script = g_string_new (NULL);

  for (guint i = 0; i < statements->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);
      g_autoptr(SluiceDdlStatement) written = NULL;

      if (transactional_only)
        written = sluice_ddl_statement_to_transactional (statement);
      else
        written = statement_copy (statement);

      if (i > 0)
        g_string_append_c (script, '\n');
      append_statement_comment (script, written);
      g_string_append (script, written->sql);
      g_string_append_c (script, '\n');
    }

  return g_string_free (script, FALSE);
}
