/* sluice-unindexed-foreign-key.c: a foreign key no index covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-health-private.h"
#include "sluice-sql-quote.h"
#include "sluice-unindexed-foreign-key.h"

struct _SluiceUnindexedForeignKey
{
  GObject  parent_instance;

  char    *schema;
  char    *table;
  char    *constraint_name;
  GStrv    columns;
  char    *referenced_schema;
  char    *referenced_table;
  gint64   table_bytes;
  gint64   estimated_rows;
  char    *explanation;
};

G_DEFINE_FINAL_TYPE (SluiceUnindexedForeignKey, sluice_unindexed_foreign_key, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHEMA,
  PROP_TABLE,
  PROP_CONSTRAINT_NAME,
  PROP_COLUMNS,
  PROP_REFERENCED_SCHEMA,
  PROP_REFERENCED_TABLE,
  PROP_TABLE_BYTES,
  PROP_ESTIMATED_ROWS,
  PROP_EXPLANATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SluiceUnindexedForeignKey *
sluice_unindexed_foreign_key_new (const char         *schema,
                                  const char         *table,
                                  const char         *constraint_name,
                                  const char * const *columns,
                                  const char         *referenced_schema,
                                  const char         *referenced_table,
                                  gint64              table_bytes,
                                  gint64              estimated_rows)
{
  SluiceUnindexedForeignKey *self = g_object_new (SLUICE_TYPE_UNINDEXED_FOREIGN_KEY, NULL);
  g_autofree char *column_list = NULL;

  self->schema = g_strdup (schema);
  self->table = g_strdup (table);
  self->constraint_name = g_strdup (constraint_name);
  self->columns = g_strdupv ((GStrv) columns);
  self->referenced_schema = g_strdup (referenced_schema);
  self->referenced_table = g_strdup (referenced_table);
  self->table_bytes = table_bytes;
  self->estimated_rows = estimated_rows;

  column_list = g_strjoinv (", ", self->columns);
  /* Translators: foreign key NAME (COLUMNS) of TABLE references TABLE */
  self->explanation = g_strdup_printf (_("No index of %s.%s starts with the columns (%s) of its foreign key %s, so every DELETE on %s.%s, and every update of its key, scans %s.%s in full while holding locks."),
                                       schema, table, column_list, constraint_name,
                                       referenced_schema, referenced_table, schema, table);
  return self;
}

const char *
sluice_unindexed_foreign_key_get_schema (SluiceUnindexedForeignKey *self)
{
  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), NULL);
  return self->schema;
}

const char *
sluice_unindexed_foreign_key_get_table (SluiceUnindexedForeignKey *self)
{
  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), NULL);
  return self->table;
}

const char *
sluice_unindexed_foreign_key_get_constraint_name (SluiceUnindexedForeignKey *self)
{
  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), NULL);
  return self->constraint_name;
}

const char * const *
sluice_unindexed_foreign_key_get_columns (SluiceUnindexedForeignKey *self)
{
  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), NULL);
  return (const char * const *) self->columns;
}

const char *
sluice_unindexed_foreign_key_get_referenced_schema (SluiceUnindexedForeignKey *self)
{
  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), NULL);
  return self->referenced_schema;
}

const char *
sluice_unindexed_foreign_key_get_referenced_table (SluiceUnindexedForeignKey *self)
{
  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), NULL);
  return self->referenced_table;
}

gint64
sluice_unindexed_foreign_key_get_table_bytes (SluiceUnindexedForeignKey *self)
{
  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), 0);
  return self->table_bytes;
}

gint64
sluice_unindexed_foreign_key_get_estimated_rows (SluiceUnindexedForeignKey *self)
{
  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), 0);
  return self->estimated_rows;
}

const char *
sluice_unindexed_foreign_key_get_explanation (SluiceUnindexedForeignKey *self)
{
  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), NULL);
  return self->explanation;
}

char *
sluice_unindexed_foreign_key_dup_create_index_sql (SluiceUnindexedForeignKey *self)
{
  g_autoptr(GString) sql = g_string_new ("CREATE INDEX CONCURRENTLY ON ");
  g_autofree char *table = NULL;

  g_return_val_if_fail (SLUICE_IS_UNINDEXED_FOREIGN_KEY (self), NULL);

  table = sluice_quote_qualified_name (self->schema, self->table);
  g_string_append_printf (sql, "%s (", table);
  for (guint i = 0; self->columns[i] != NULL; i++)
    {
      g_autofree char *column = sluice_quote_identifier (self->columns[i]);

      g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", column);
    }
  g_string_append (sql, ");");

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
sluice_unindexed_foreign_key_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  SluiceUnindexedForeignKey *self = SLUICE_UNINDEXED_FOREIGN_KEY (object);

  switch (prop_id)
    {
    case PROP_SCHEMA:
      g_value_set_string (value, self->schema);
      break;
    case PROP_TABLE:
      g_value_set_string (value, self->table);
      break;
    case PROP_CONSTRAINT_NAME:
      g_value_set_string (value, self->constraint_name);
      break;
    case PROP_COLUMNS:
      g_value_set_boxed (value, self->columns);
      break;
    case PROP_REFERENCED_SCHEMA:
      g_value_set_string (value, self->referenced_schema);
      break;
    case PROP_REFERENCED_TABLE:
      g_value_set_string (value, self->referenced_table);
      break;
    case PROP_TABLE_BYTES:
      g_value_set_int64 (value, self->table_bytes);
      break;
    case PROP_ESTIMATED_ROWS:
      g_value_set_int64 (value, self->estimated_rows);
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, self->explanation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_unindexed_foreign_key_finalize (GObject *object)
{
  SluiceUnindexedForeignKey *self = SLUICE_UNINDEXED_FOREIGN_KEY (object);

  g_clear_pointer (&self->schema, g_free);
  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->constraint_name, g_free);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->referenced_schema, g_free);
  g_clear_pointer (&self->referenced_table, g_free);
  g_clear_pointer (&self->explanation, g_free);

  G_OBJECT_CLASS (sluice_unindexed_foreign_key_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
sluice_unindexed_foreign_key_class_init (SluiceUnindexedForeignKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sluice_unindexed_foreign_key_get_property;
  object_class->finalize = sluice_unindexed_foreign_key_finalize;

  properties[PROP_SCHEMA] = g_param_spec_string ("schema", NULL, NULL, NULL, RO);
  properties[PROP_TABLE] = g_param_spec_string ("table", NULL, NULL, NULL, RO);
  properties[PROP_CONSTRAINT_NAME] = g_param_spec_string ("constraint-name", NULL, NULL, NULL, RO);
  properties[PROP_COLUMNS] = g_param_spec_boxed ("columns", NULL, NULL, G_TYPE_STRV, RO);
  properties[PROP_REFERENCED_SCHEMA] = g_param_spec_string ("referenced-schema", NULL, NULL, NULL, RO);
  properties[PROP_REFERENCED_TABLE] = g_param_spec_string ("referenced-table", NULL, NULL, NULL, RO);
  properties[PROP_TABLE_BYTES] = g_param_spec_int64 ("table-bytes", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_ESTIMATED_ROWS] = g_param_spec_int64 ("estimated-rows", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_unindexed_foreign_key_init (SluiceUnindexedForeignKey *self)
{
}
