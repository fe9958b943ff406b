/* sluice-ddl-routine.c: the DDL of functions, procedures and event
 * triggers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-ddl-private.h"
#include "sluice-sql-quote.h"

/* FUNCTIONS AND PROCEDURES
 *
 * The "definition" attribute is pg_get_functiondef(): a whole CREATE OR
 * REPLACE statement that sets every property but the owner, the
 * privileges and the comment, so it both creates a routine and replaces
 * one whose signature and result stay the same. */

static const char *
routine_sql_kind (SluiceCatalogObject *object)
{
  return sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_PROCEDURE ? "PROCEDURE" : "FUNCTION";
}

/* The definition without the blanks and ';' it may end with (the writer
 * adds the ';'). */
static char *
routine_definition (SluiceCatalogObject *object)
{
  const char *definition = sluice_ddl_attribute (object, "definition");
  char *text;
  gsize length;

  if (definition == NULL)
    return NULL;

  text = g_strdup (definition);
  length = strlen (text);
  while (length > 0 && (g_ascii_isspace (text[length - 1]) || text[length - 1] == ';'))
    text[--length] = '\0';

  return text;
}

static void
write_routine_definition (SluiceDdlWriter     *writer,
                          SluiceCatalogObject *object,
                          SluiceHazards        hazards,
                          const char          *note)
{
  g_autofree char *definition = routine_definition (object);

  if (definition == NULL)
    {
      g_warning ("%s has no definition, not written", sluice_ddl_identity_of (object));
      return;
    }

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), hazards, SLUICE_LOCK_NONE,
                         NULL, note, "%s", definition);
}

static void
routine_create (SluiceDdlWriter     *writer,
                SluiceCatalog       *catalog,
                SluiceCatalogObject *object)
{
  write_routine_definition (writer, object, SLUICE_HAZARD_NONE, NULL);
  sluice_ddl_write_comment_and_acl (writer, NULL, object, routine_sql_kind (object),
                                    sluice_catalog_object_get_sql_name (object));
}

static void
routine_drop (SluiceDdlWriter     *writer,
              SluiceCatalog       *catalog,
              SluiceCatalogObject *object)
{
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_NONE, NULL, NULL,
                         "DROP %s %s", routine_sql_kind (object),
                         sluice_catalog_object_get_sql_name (object));
}

static SluiceDdlAlterResult
routine_alter (SluiceDdlWriter          *writer,
               SluiceCatalog            *to_catalog,
               SluiceCatalogObject      *from,
               SluiceCatalogObject      *to,
               const SluiceObjectChange *change)
{
  static const char * const defined[] = {
    "language", "body", "volatility", "strict", "security", "parallel",
    "leakproof", "cost", "rows", "config", "definition", NULL
  };
  gboolean redefine = FALSE;

  /* CREATE OR REPLACE cannot change the result type, rename an argument
   * or take a default away: the routine is dropped and created again,
   * with what uses it. */
  if (sluice_ddl_attribute_changed (from, to, "returns") || sluice_ddl_attribute_changed (from, to, "arguments"))
    return SLUICE_DDL_REPLACE;

  for (guint i = 0; defined[i] != NULL; i++)
    redefine |= sluice_ddl_attribute_changed (from, to, defined[i]);

  if (redefine)
    write_routine_definition (writer, to, SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                              _("Replaced in place: callers see the new body from their next call."));

  sluice_ddl_write_comment_and_acl_changes (writer, change, routine_sql_kind (to),
                                            sluice_catalog_object_get_sql_name (to));
  return SLUICE_DDL_ALTERED;
}

static void
routine_rename (SluiceDdlWriter     *writer,
                SluiceCatalogObject *from,
                SluiceCatalogObject *to)
{
  const char *arguments = sluice_catalog_object_get_arguments (from);

  sluice_ddl_write_schema_object_rename (writer, routine_sql_kind (to), from, to,
                                         SLUICE_LOCK_NONE,
                                         arguments != NULL ? arguments : "",
                                         _("Code that calls the routine by its old name stops working."));
}

const SluiceDdlKindOps sluice_ddl_function_ops = {
  routine_create,
  routine_drop,
  routine_alter,
  routine_rename,
};

const SluiceDdlKindOps sluice_ddl_procedure_ops = {
  routine_create,
  routine_drop,
  routine_alter,
  routine_rename,
};

/* EVENT TRIGGERS */

/* The ALTER EVENT TRIGGER form of an "enabled" value; NULL for the
 * state a new event trigger has. */
static const char *
event_trigger_enable_sql (const char *enabled)
{
  if (enabled == NULL || g_str_equal (enabled, "origin"))
    return "ENABLE";
  if (g_str_equal (enabled, "disabled"))
    return "DISABLE";
  if (g_str_equal (enabled, "replica"))
    return "ENABLE REPLICA";
  if (g_str_equal (enabled, "always"))
    return "ENABLE ALWAYS";
  return "ENABLE";
}

static char *
event_trigger_tags_sql (const char *tags)
{
  g_auto(GStrv) names = NULL;
  GString *sql = g_string_new (NULL);

  names = g_strsplit (tags, ", ", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *literal = sluice_ddl_quote_literal (names[i]);

      g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", literal);
    }

  return g_string_free (sql, FALSE);
}

static void
write_event_trigger_enabled (SluiceDdlWriter     *writer,
                             SluiceCatalogObject *object)
{
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_NONE, NULL, NULL,
                         "ALTER EVENT TRIGGER %s %s",
                         sluice_catalog_object_get_sql_name (object),
                         event_trigger_enable_sql (sluice_ddl_attribute (object, "enabled")));
}

static void
event_trigger_create (SluiceDdlWriter     *writer,
                      SluiceCatalog       *catalog,
                      SluiceCatalogObject *object)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);
  const char *tags = sluice_ddl_attribute (object, "tags");
  const char *enabled = sluice_ddl_attribute (object, "enabled");
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "CREATE EVENT TRIGGER %s ON %s", sql_name,
                          sluice_ddl_attribute (object, "event"));
  if (tags != NULL && tags[0] != '\0')
    {
      g_autofree char *list = event_trigger_tags_sql (tags);
      g_string_append_printf (sql, " WHEN TAG IN (%s)", list);
    }
  g_string_append_printf (sql, " EXECUTE FUNCTION %s()", sluice_ddl_attribute (object, "function"));

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_NONE, NULL, NULL, "%s", sql->str);
  if (enabled != NULL && !g_str_equal (enabled, "origin"))
    write_event_trigger_enabled (writer, object);
  sluice_ddl_write_comment_and_acl (writer, NULL, object, "EVENT TRIGGER", sql_name);
}

static void
event_trigger_drop (SluiceDdlWriter     *writer,
                    SluiceCatalog       *catalog,
                    SluiceCatalogObject *object)
{
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_NONE, NULL, NULL,
                         "DROP EVENT TRIGGER %s", sluice_catalog_object_get_sql_name (object));
}

static SluiceDdlAlterResult
event_trigger_alter (SluiceDdlWriter          *writer,
                     SluiceCatalog            *to_catalog,
                     SluiceCatalogObject      *from,
                     SluiceCatalogObject      *to,
                     const SluiceObjectChange *change)
{
  if (sluice_ddl_attribute_changed (from, to, "event") || sluice_ddl_attribute_changed (from, to, "tags") ||
      sluice_ddl_attribute_changed (from, to, "function"))
    return SLUICE_DDL_REPLACE;

  if (sluice_ddl_attribute_changed (from, to, "enabled"))
    write_event_trigger_enabled (writer, to);

  sluice_ddl_write_comment_and_acl_changes (writer, change, "EVENT TRIGGER",
                                            sluice_catalog_object_get_sql_name (to));
  return SLUICE_DDL_ALTERED;
}

static void
event_trigger_rename (SluiceDdlWriter     *writer,
                      SluiceCatalogObject *from,
                      SluiceCatalogObject *to)
{
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_NONE, NULL, NULL,
                         "ALTER EVENT TRIGGER %s RENAME TO %s",
                         sluice_catalog_object_get_sql_name (from),
                         sluice_catalog_object_get_sql_name (to));
}

const SluiceDdlKindOps sluice_ddl_event_trigger_ops = {
  event_trigger_create,
  event_trigger_drop,
  event_trigger_alter,
  event_trigger_rename,
};
