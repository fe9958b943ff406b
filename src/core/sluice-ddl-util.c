/* sluice-ddl-util.c: small helpers the DDL of every kind shares
 * (internal to libsluice)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-ddl-private.h"
#include "sluice-sql-quote.h"

const char *
sluice_ddl_identity_of (SluiceCatalogObject *object)
{
  return sluice_catalog_object_get_identity (object);
}

const char *
sluice_ddl_attribute (SluiceCatalogObject *object,
                      const char          *name)
{
  return sluice_catalog_object_get_attribute (object, name);
}

gboolean
sluice_ddl_attribute_changed (SluiceCatalogObject *from,
                              SluiceCatalogObject *to,
                              const char          *name)
{
  return g_strcmp0 (sluice_ddl_attribute (from, name), sluice_ddl_attribute (to, name)) != 0;
}

/* Quotes are doubled and nothing else: standard_conforming_strings is on
 * since 9.1, so backslashes are plain characters. */
char *
sluice_ddl_quote_literal (const char *text)
{
  GString *literal = g_string_new ("'");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (literal, '\'');
      g_string_append_c (literal, *p);
    }
  g_string_append_c (literal, '\'');

  return g_string_free (literal, FALSE);
}

void
sluice_ddl_write_schema_object_rename (SluiceDdlWriter     *writer,
                                       const char          *sql_kind,
                                       SluiceCatalogObject *from,
                                       SluiceCatalogObject *to,
                                       SluiceLockMode       lock,
                                       const char          *arguments,
                                       const char          *rename_note)
{
  const char *identity = sluice_ddl_identity_of (to);
  const char *old_schema = sluice_catalog_object_get_schema (from);
  const char *new_schema = sluice_catalog_object_get_schema (to);
  const char *old_name = sluice_catalog_object_get_name (from);
  const char *new_name = sluice_catalog_object_get_name (to);
  gboolean locks = lock != SLUICE_LOCK_NONE;

  if (g_strcmp0 (old_schema, new_schema) != 0)
    {
      const char *current = sluice_catalog_object_get_sql_name (from);
      g_autofree char *schema = sluice_quote_identifier (new_schema);

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                             lock, locks ? current : NULL, NULL,
                             "ALTER %s %s SET SCHEMA %s", sql_kind, current, schema);
    }

  if (g_strcmp0 (old_name, new_name) != 0)
    {
      /* After SET SCHEMA the object has its old name in the new schema. */
      g_autofree char *moved = sluice_quote_qualified_name (new_schema, old_name);
      g_autofree char *name = sluice_quote_identifier (new_name);
      g_autofree char *signature = arguments != NULL
                                   ? g_strdup_printf ("(%s)", arguments)
                                   : g_strdup ("");

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                             lock, locks ? moved : NULL, rename_note,
                             "ALTER %s %s%s RENAME TO %s", sql_kind, moved, signature, name);
    }
}
