/* sluice-ddl-access.c: the DDL of who may do what: comments, owners and
 * privileges of every kind, row-level security policies, publications and
 * default privileges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-ddl-private.h"
#include "sluice-sql-quote.h"

/* ACL ITEMS
 *
 * An "acl" attribute is the aclitem[] text of the catalog:
 * "{app=r*w/owner,=U/owner}".  Privileges are compared per grantee (the
 * grantor cannot be chosen by a GRANT run as the owner or a superuser, so
 * it is not something the DDL can turn into another value). */

/* PostgreSQL's privilege letters in the order it prints them
 * (ACL_ALL_RIGHTS_STR), with the keyword GRANT spells them with. */
static const struct
{
  char        letter;
  const char *keyword;
} privilege_letters[] = {
  { 'a', "INSERT" },
  { 'r', "SELECT" },
  { 'w', "UPDATE" },
  { 'd', "DELETE" },
  { 'D', "TRUNCATE" },
  { 'x', "REFERENCES" },
  { 't', "TRIGGER" },
  { 'X', "EXECUTE" },
  { 'U', "USAGE" },
  { 'C', "CREATE" },
  { 'T', "TEMPORARY" },
  { 'c', "CONNECT" },
  { 's', "SET" },
  { 'A', "ALTER SYSTEM" },
};

typedef struct
{
  char    *grantee;      /* "" for PUBLIC */
  GString *privileges;   /* letters */
  GString *grantable;    /* letters held WITH GRANT OPTION */
} AclGrant;

static void
acl_grant_free (gpointer data)
{
  AclGrant *grant = data;

  g_free (grant->grantee);
  g_string_free (grant->privileges, TRUE);
  g_string_free (grant->grantable, TRUE);
  g_free (grant);
}

static AclGrant *
acl_lookup_or_add (GPtrArray  *grants,
                   const char *grantee)
{
  AclGrant *grant;

  for (guint i = 0; i < grants->len; i++)
    {
      grant = g_ptr_array_index (grants, i);
      if (g_strcmp0 (grant->grantee, grantee) == 0)
        return grant;
    }

  grant = g_new0 (AclGrant, 1);
  grant->grantee = g_strdup (grantee);
  grant->privileges = g_string_new (NULL);
  grant->grantable = g_string_new (NULL);
  g_ptr_array_add (grants, grant);

  return grant;
}

static void
add_letter (GString *letters,
            char     letter)
{
  if (strchr (letters->str, letter) == NULL)
    g_string_append_c (letters, letter);
}

/* Reads a role name of an aclitem: bare up to @stop, or double-quoted with
 * doubled quotes inside (aclitem's own quoting). */
static char *
read_acl_role (const char **cursor,
               const char  *stops)
{
  const char *p = *cursor;
  GString *name = g_string_new (NULL);

  if (*p == '"')
    {
      p++;
      while (*p != '\0')
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (name, '"');
              p += 2;
            }
          else if (*p == '"')
            {
              p++;
              break;
            }
          else
            g_string_append_c (name, *p++);
        }
    }
  else
    {
      while (*p != '\0' && strchr (stops, *p) == NULL)
        g_string_append_c (name, *p++);
    }

  *cursor = p;
  return g_string_free (name, FALSE);
}

static void
parse_acl_item (GPtrArray  *grants,
                const char *item)
{
  g_autofree char *grantee = NULL;
  const char *p = item;
  AclGrant *grant;

  grantee = read_acl_role (&p, "=");
  if (*p != '=')
    return;
  p++;

  grant = acl_lookup_or_add (grants, grantee);
  for (; *p != '\0' && *p != '/'; p++)
    {
      if (*p == '*')
        continue;
      add_letter (grant->privileges, *p);
      if (p[1] == '*')
        add_letter (grant->grantable, *p);
    }
}

/* Splits the array text into its items: an item is bare, or in double
 * quotes with backslash escapes (array_out's quoting, used when an item
 * holds a quoted role name). */
static GPtrArray *
parse_acl (const char *text)
{
  GPtrArray *grants = g_ptr_array_new_with_free_func (acl_grant_free);
  const char *p = text;

  if (text == NULL)
    return grants;

  if (*p == '{')
    p++;

  while (*p != '\0' && *p != '}')
    {
      g_autoptr(GString) item = g_string_new (NULL);

      if (*p == '"')
        {
          p++;
          while (*p != '\0' && *p != '"')
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (item, *p++);
            }
          if (*p == '"')
            p++;
        }
      while (*p != '\0' && *p != ',' && *p != '}')
        g_string_append_c (item, *p++);
      if (*p == ',')
        p++;

      parse_acl_item (grants, item->str);
    }

  return grants;
}

/* The privileges an object of @sql_kind has when its acl is NULL
 * (PostgreSQL's acldefault()), for an owner @owner. */
static void
add_default_acl (GPtrArray  *grants,
                 const char *sql_kind,
                 const char *owner)
{
  const char *owner_privileges = NULL;
  const char *public_privileges = NULL;

  if (g_str_equal (sql_kind, "TABLE") || g_str_equal (sql_kind, "VIEW") ||
      g_str_equal (sql_kind, "MATERIALIZED VIEW") || g_str_equal (sql_kind, "FOREIGN TABLE") ||
      g_str_equal (sql_kind, "TABLES"))
    owner_privileges = "arwdDxt";
  else if (g_str_equal (sql_kind, "SEQUENCE") || g_str_equal (sql_kind, "SEQUENCES"))
    owner_privileges = "rwU";
  else if (g_str_equal (sql_kind, "FUNCTION") || g_str_equal (sql_kind, "PROCEDURE") ||
           g_str_equal (sql_kind, "ROUTINE") || g_str_equal (sql_kind, "FUNCTIONS"))
    owner_privileges = public_privileges = "X";
  else if (g_str_equal (sql_kind, "TYPE") || g_str_equal (sql_kind, "DOMAIN") ||
           g_str_equal (sql_kind, "LANGUAGE") || g_str_equal (sql_kind, "TYPES"))
    owner_privileges = public_privileges = "U";
  else if (g_str_equal (sql_kind, "SCHEMA") || g_str_equal (sql_kind, "SCHEMAS"))
    owner_privileges = "UC";

  if (public_privileges != NULL)
    g_string_append (acl_lookup_or_add (grants, "")->privileges, public_privileges);
  if (owner_privileges != NULL && owner != NULL)
    g_string_append (acl_lookup_or_add (grants, owner)->privileges, owner_privileges);
}

static GPtrArray *
acl_or_default (const char *acl,
                const char *sql_kind,
                const char *owner)
{
  GPtrArray *grants;

  if (acl != NULL)
    return parse_acl (acl);

  grants = g_ptr_array_new_with_free_func (acl_grant_free);
  add_default_acl (grants, sql_kind, owner);
  return grants;
}

/* The letters of @a not in @b, in PostgreSQL's order. */
static char *
letters_minus (const char *a,
               const char *b)
{
  GString *result = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (privilege_letters); i++)
    {
      char letter = privilege_letters[i].letter;

      if (strchr (a, letter) != NULL && strchr (b, letter) == NULL)
        g_string_append_c (result, letter);
    }

  return g_string_free (result, FALSE);
}

/* "SELECT, UPDATE", or "SELECT (a), UPDATE (a)" with @column. */
static char *
privilege_list (const char *letters,
                const char *column)
{
  GString *list = g_string_new (NULL);

  for (const char *p = letters; *p != '\0'; p++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (privilege_letters); i++)
        {
          if (privilege_letters[i].letter != *p)
            continue;
          if (list->len > 0)
            g_string_append (list, ", ");
          g_string_append (list, privilege_letters[i].keyword);
          if (column != NULL)
            g_string_append_printf (list, " (%s)", column);
        }
    }

  return g_string_free (list, FALSE);
}

static char *
grantee_sql (const char *grantee)
{
  if (grantee == NULL || grantee[0] == '\0')
    return g_strdup ("PUBLIC");
  return sluice_quote_identifier (grantee);
}

/* Where a GRANT statement goes: "GRANT %s ON <target> TO ...". */
typedef struct
{
  const char *identity;
  char       *prefix;      /* "ALTER DEFAULT PRIVILEGES FOR ROLE r " or "" */
  char       *target;      /* "TABLE public.t", "TABLES" */
  char       *column;      /* quoted column for column privileges */
} GrantTarget;

static void
write_grant_difference (SluiceDdlWriter   *writer,
                        const GrantTarget *target,
                        GPtrArray         *old_grants,
                        GPtrArray         *new_grants)
{
  g_autoptr(GPtrArray) grantees = g_ptr_array_new ();
  const char *empty = "";

  /* Every grantee of either side, the old ones first, in their order. */
  for (guint i = 0; i < old_grants->len; i++)
    g_ptr_array_add (grantees, ((AclGrant *) g_ptr_array_index (old_grants, i))->grantee);
  for (guint i = 0; i < new_grants->len; i++)
    {
      AclGrant *grant = g_ptr_array_index (new_grants, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < old_grants->len && !seen; j++)
        seen = g_str_equal (((AclGrant *) g_ptr_array_index (old_grants, j))->grantee, grant->grantee);
      if (!seen)
        g_ptr_array_add (grantees, grant->grantee);
    }

  for (guint i = 0; i < grantees->len; i++)
    {
      const char *grantee = g_ptr_array_index (grantees, i);
      AclGrant *old_grant = NULL;
      AclGrant *new_grant = NULL;
      const char *old_privileges, *old_grantable, *new_privileges, *new_grantable;
      g_autofree char *who = grantee_sql (grantee);
      g_autofree char *revoke = NULL;
      g_autofree char *revoke_option = NULL;
      g_autofree char *grant = NULL;
      g_autofree char *grant_option = NULL;
      g_autofree char *kept_option = NULL;

      for (guint j = 0; j < old_grants->len; j++)
        if (g_str_equal (((AclGrant *) g_ptr_array_index (old_grants, j))->grantee, grantee))
          old_grant = g_ptr_array_index (old_grants, j);
      for (guint j = 0; j < new_grants->len; j++)
        if (g_str_equal (((AclGrant *) g_ptr_array_index (new_grants, j))->grantee, grantee))
          new_grant = g_ptr_array_index (new_grants, j);

      old_privileges = old_grant != NULL ? old_grant->privileges->str : empty;
      old_grantable = old_grant != NULL ? old_grant->grantable->str : empty;
      new_privileges = new_grant != NULL ? new_grant->privileges->str : empty;
      new_grantable = new_grant != NULL ? new_grant->grantable->str : empty;

      revoke = letters_minus (old_privileges, new_privileges);
      /* Grant options lost on privileges that stay. */
      kept_option = letters_minus (old_grantable, new_grantable);
      revoke_option = letters_minus (kept_option, revoke);
      grant_option = letters_minus (new_grantable, old_grantable);
      {
        g_autofree char *plain = letters_minus (new_privileges, old_privileges);
        grant = letters_minus (plain, grant_option);
      }

      if (revoke[0] != '\0')
        {
          g_autofree char *list = privilege_list (revoke, target->column);
          sluice_ddl_writer_add (writer, target->identity, SLUICE_HAZARD_PRIVILEGES,
                                 SLUICE_LOCK_NONE, NULL, NULL,
                                 "%sREVOKE %s ON %s FROM %s",
                                 target->prefix, list, target->target, who);
        }
      if (revoke_option[0] != '\0')
        {
          g_autofree char *list = privilege_list (revoke_option, target->column);
          sluice_ddl_writer_add (writer, target->identity, SLUICE_HAZARD_PRIVILEGES,
                                 SLUICE_LOCK_NONE, NULL, NULL,
                                 "%sREVOKE GRANT OPTION FOR %s ON %s FROM %s",
                                 target->prefix, list, target->target, who);
        }
      if (grant[0] != '\0')
        {
          g_autofree char *list = privilege_list (grant, target->column);
          sluice_ddl_writer_add (writer, target->identity, SLUICE_HAZARD_PRIVILEGES,
                                 SLUICE_LOCK_NONE, NULL, NULL,
                                 "%sGRANT %s ON %s TO %s",
                                 target->prefix, list, target->target, who);
        }
      if (grant_option[0] != '\0')
        {
          g_autofree char *list = privilege_list (grant_option, target->column);
          sluice_ddl_writer_add (writer, target->identity, SLUICE_HAZARD_PRIVILEGES,
                                 SLUICE_LOCK_NONE, NULL, NULL,
                                 "%sGRANT %s ON %s TO %s WITH GRANT OPTION",
                                 target->prefix, list, target->target, who);
        }
    }
}

/* Replaces @old_owner by @new_owner as ALTER ... OWNER TO does to an acl
 * (aclnewowner): the new owner gets the old owner's privileges. */
static void
acl_rename_owner (GPtrArray  *grants,
                  const char *old_owner,
                  const char *new_owner)
{
  AclGrant *old_grant = NULL;
  AclGrant *new_grant;

  if (old_owner == NULL || new_owner == NULL || g_str_equal (old_owner, new_owner))
    return;

  for (guint i = 0; i < grants->len; i++)
    if (g_str_equal (((AclGrant *) g_ptr_array_index (grants, i))->grantee, old_owner))
      old_grant = g_ptr_array_index (grants, i);
  if (old_grant == NULL)
    return;

  new_grant = acl_lookup_or_add (grants, new_owner);
  for (const char *p = old_grant->privileges->str; *p != '\0'; p++)
    add_letter (new_grant->privileges, *p);
  for (const char *p = old_grant->grantable->str; *p != '\0'; p++)
    add_letter (new_grant->grantable, *p);
  g_ptr_array_remove (grants, old_grant);
}

static gboolean
is_relation_kind (const char *sql_kind)
{
  return g_str_equal (sql_kind, "TABLE") || g_str_equal (sql_kind, "VIEW") ||
         g_str_equal (sql_kind, "MATERIALIZED VIEW") || g_str_equal (sql_kind, "SEQUENCE") ||
         g_str_equal (sql_kind, "FOREIGN TABLE");
}

static gboolean
kind_has_owner (const char *sql_kind)
{
  static const char * const without[] = {
    "COLUMN", "CONSTRAINT", "INDEX", "TRIGGER", "POLICY", "RULE",
    /* ALTER EXTENSION has no OWNER TO: the creator owns it. */
    "EXTENSION", NULL
  };

  return !g_strv_contains (without, sql_kind);
}

/* The qualified name of the table or domain a child belongs to. */
static char *
parent_sql_name (SluiceCatalogObject *object)
{
  return sluice_quote_qualified_name (sluice_catalog_object_get_schema (object),
                                      sluice_catalog_object_get_parent_name (object));
}

static gboolean
parent_is_domain (SluiceCatalogObject *object)
{
  const char *parent = sluice_catalog_object_get_parent_identity (object);

  return parent != NULL && g_str_has_prefix (parent, "type ");
}

/* What COMMENT ON names the object with. */
static char *
comment_target (SluiceCatalogObject *object,
                const char          *sql_kind,
                const char          *sql_name)
{
  g_autofree char *parent = NULL;
  g_autofree char *name = NULL;

  if (sluice_catalog_object_get_parent_name (object) == NULL)
    return g_strdup_printf ("%s %s", sql_kind, sql_name);

  parent = parent_sql_name (object);
  name = sluice_quote_identifier (sluice_catalog_object_get_name (object));

  if (g_str_equal (sql_kind, "COLUMN"))
    return g_strdup_printf ("COLUMN %s.%s", parent, name);
  if (g_str_equal (sql_kind, "INDEX"))
    return g_strdup_printf ("INDEX %s", sql_name);
  if (g_str_equal (sql_kind, "CONSTRAINT") && parent_is_domain (object))
    return g_strdup_printf ("CONSTRAINT %s ON DOMAIN %s", name, parent);

  return g_strdup_printf ("%s %s ON %s", sql_kind, name, parent);
}

static const char *
grant_kind (const char *sql_kind)
{
  if (is_relation_kind (sql_kind) && !g_str_equal (sql_kind, "SEQUENCE"))
    return "TABLE";
  return sql_kind;
}

/* Which of the comment, the owner and the privileges to write. */
typedef enum
{
  PART_COMMENT = 1 << 0,
  PART_OWNER   = 1 << 1,
  PART_ACL     = 1 << 2,
  PART_ALL     = PART_COMMENT | PART_OWNER | PART_ACL,
} AccessParts;

static void write_comment_and_acl (SluiceDdlWriter     *writer,
                                   SluiceCatalogObject *from,
                                   SluiceCatalogObject *to,
                                   const char          *sql_kind,
                                   const char          *sql_name,
                                   AccessParts          parts);

void
sluice_ddl_write_comment_and_acl (SluiceDdlWriter     *writer,
                                  SluiceCatalogObject *from,
                                  SluiceCatalogObject *to,
                                  const char          *sql_kind,
                                  const char          *sql_name)
{
  write_comment_and_acl (writer, from, to, sql_kind, sql_name, PART_ALL);
}

void
sluice_ddl_write_comment_and_acl_changes (SluiceDdlWriter          *writer,
                                          const SluiceObjectChange *change,
                                          const char               *sql_kind,
                                          const char               *sql_name)
{
  AccessParts parts = 0;

  for (guint i = 0; change->attributes != NULL && i < change->attributes->len; i++)
    {
      const SluiceAttributeChange *attribute = g_ptr_array_index (change->attributes, i);

      if (g_str_equal (attribute->name, "comment"))
        parts |= PART_COMMENT;
      else if (g_str_equal (attribute->name, "owner"))
        parts |= PART_OWNER;
      else if (g_str_equal (attribute->name, "acl"))
        parts |= PART_ACL;
    }

  if (parts != 0)
    write_comment_and_acl (writer, change->from_object, change->to_object, sql_kind, sql_name, parts);
}

static void
write_comment_and_acl (SluiceDdlWriter     *writer,
                       SluiceCatalogObject *from,
                       SluiceCatalogObject *to,
                       const char          *sql_kind,
                       const char          *sql_name,
                       AccessParts          parts)
{
  const char *identity = sluice_catalog_object_get_identity (to);
  const char *old_comment = from != NULL ? sluice_catalog_object_get_attribute (from, "comment") : NULL;
  const char *new_comment = sluice_catalog_object_get_attribute (to, "comment");
  const char *old_owner = from != NULL ? sluice_catalog_object_get_attribute (from, "owner") : NULL;
  const char *new_owner = sluice_catalog_object_get_attribute (to, "owner");
  const char *old_acl = from != NULL ? sluice_catalog_object_get_attribute (from, "acl") : NULL;
  const char *new_acl = sluice_catalog_object_get_attribute (to, "acl");
  gboolean relation = is_relation_kind (sql_kind);
  gboolean column = g_str_equal (sql_kind, "COLUMN");
  SluiceLockMode relation_lock = relation ? SLUICE_LOCK_ACCESS_EXCLUSIVE : SLUICE_LOCK_NONE;

  if ((parts & PART_COMMENT) && g_strcmp0 (old_comment, new_comment) != 0 &&
      (from != NULL || new_comment != NULL))
    {
      g_autofree char *target = comment_target (to, sql_kind, sql_name);
      g_autofree char *literal = new_comment != NULL ? sluice_ddl_quote_literal (new_comment) : g_strdup ("NULL");
      g_autofree char *table = NULL;

      if (relation)
        table = g_strdup (sql_name);
      else if (column || sluice_catalog_object_get_parent_name (to) != NULL)
        table = parent_sql_name (to);

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE,
                             table != NULL ? SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE : SLUICE_LOCK_NONE,
                             table, NULL,
                             "COMMENT ON %s IS %s", target, literal);
    }

  /* ALTER OWNER before the privileges: the server moves the old owner's
   * privileges to the new one, and the GRANTs below start from there. */
  if ((parts & PART_OWNER) && from != NULL && kind_has_owner (sql_kind) && new_owner != NULL &&
      g_strcmp0 (old_owner, new_owner) != 0)
    {
      g_autofree char *who = sluice_quote_identifier (new_owner);

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_PRIVILEGES,
                             relation_lock, relation ? sql_name : NULL, NULL,
                             "ALTER %s %s OWNER TO %s", sql_kind, sql_name, who);
    }
  else if ((parts & PART_OWNER) && from == NULL && kind_has_owner (sql_kind) && new_owner != NULL)
    {
      /* The role running the script owns what it creates; say who
       * should own it (a no-op when that is the same role). */
      g_autofree char *who = sluice_quote_identifier (new_owner);

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE,
                             SLUICE_LOCK_NONE, NULL, NULL,
                             "ALTER %s %s OWNER TO %s", sql_kind, sql_name, who);
    }

  /* When the owner is not written (its change ignored), the privileges
   * are compared as they are: the old owner's stay the old owner's. */
  if ((parts & PART_ACL) &&
      (g_strcmp0 (old_acl, new_acl) != 0 ||
       ((parts & PART_OWNER) && from != NULL && g_strcmp0 (old_owner, new_owner) != 0 && old_acl != NULL)))
    {
      g_autoptr(GPtrArray) old_grants = NULL;
      g_autoptr(GPtrArray) new_grants = NULL;
      GrantTarget target = { identity, g_strdup (""), NULL, NULL };

      if (from != NULL)
        {
          old_grants = acl_or_default (old_acl, sql_kind, old_owner);
          if (parts & PART_OWNER)
            acl_rename_owner (old_grants, old_owner, new_owner);
        }
      else
        old_grants = acl_or_default (NULL, sql_kind, new_owner);
      new_grants = acl_or_default (new_acl, sql_kind, new_owner);

      if (column)
        {
          g_autofree char *table = parent_sql_name (to);

          target.target = g_strdup_printf ("TABLE %s", table);
          target.column = sluice_quote_identifier (sluice_catalog_object_get_name (to));
        }
      else
        target.target = g_strdup_printf ("%s %s", grant_kind (sql_kind), sql_name);

      write_grant_difference (writer, &target, old_grants, new_grants);

      g_free (target.prefix);
      g_free (target.target);
      g_free (target.column);
    }
}

/* POLICIES */

static char *
policy_table (SluiceCatalogObject *policy)
{
  return parent_sql_name (policy);
}

/* The "roles" attribute holds the names quoted as needed, and "public"
 * for PUBLIC (which no role can be called unquoted). */
static char *
policy_roles_sql (const char *roles)
{
  g_auto(GStrv) names = NULL;
  GString *sql = g_string_new (NULL);

  if (roles == NULL || roles[0] == '\0')
    {
      g_string_free (sql, TRUE);
      return g_strdup ("PUBLIC");
    }

  names = g_strsplit (roles, ", ", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      g_string_append (sql, g_str_equal (names[i], "public") ? "PUBLIC" : names[i]);
    }

  return g_string_free (sql, FALSE);
}

static const char *
policy_command_sql (const char *command)
{
  if (command == NULL)
    return "ALL";
  if (g_str_equal (command, "select"))
    return "SELECT";
  if (g_str_equal (command, "insert"))
    return "INSERT";
  if (g_str_equal (command, "update"))
    return "UPDATE";
  if (g_str_equal (command, "delete"))
    return "DELETE";
  return "ALL";
}

static void
policy_create (SluiceDdlWriter     *writer,
               SluiceCatalog       *catalog,
               SluiceCatalogObject *object)
{
  g_autofree char *table = policy_table (object);
  g_autofree char *name = sluice_quote_identifier (sluice_catalog_object_get_name (object));
  g_autofree char *roles = policy_roles_sql (sluice_catalog_object_get_attribute (object, "roles"));
  const char *using_expr = sluice_catalog_object_get_attribute (object, "using");
  const char *check_expr = sluice_catalog_object_get_attribute (object, "with_check");
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "CREATE POLICY %s ON %s AS %s FOR %s TO %s",
                          name, table,
                          sluice_catalog_object_get_boolean (object, "permissive") ? "PERMISSIVE" : "RESTRICTIVE",
                          policy_command_sql (sluice_catalog_object_get_attribute (object, "command")),
                          roles);
  if (using_expr != NULL)
    g_string_append_printf (sql, " USING (%s)", using_expr);
  if (check_expr != NULL)
    g_string_append_printf (sql, " WITH CHECK (%s)", check_expr);

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_PRIVILEGES, SLUICE_LOCK_ACCESS_EXCLUSIVE, table,
                         NULL, "%s", sql->str);
  sluice_ddl_write_comment_and_acl (writer, NULL, object, "POLICY", name);
}

static void
policy_drop (SluiceDdlWriter     *writer,
             SluiceCatalog       *catalog,
             SluiceCatalogObject *object)
{
  g_autofree char *table = policy_table (object);
  g_autofree char *name = sluice_quote_identifier (sluice_catalog_object_get_name (object));

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_PRIVILEGES, SLUICE_LOCK_ACCESS_EXCLUSIVE, table,
                         NULL, "DROP POLICY %s ON %s", name, table);
}

static SluiceDdlAlterResult
policy_alter (SluiceDdlWriter          *writer,
              SluiceCatalog            *to_catalog,
              SluiceCatalogObject      *from,
              SluiceCatalogObject      *to,
              const SluiceObjectChange *change)
{
  const char *old_using = sluice_catalog_object_get_attribute (from, "using");
  const char *new_using = sluice_catalog_object_get_attribute (to, "using");
  const char *old_check = sluice_catalog_object_get_attribute (from, "with_check");
  const char *new_check = sluice_catalog_object_get_attribute (to, "with_check");
  const char *old_roles = sluice_catalog_object_get_attribute (from, "roles");
  const char *new_roles = sluice_catalog_object_get_attribute (to, "roles");
  g_autofree char *table = policy_table (to);
  g_autofree char *name = sluice_quote_identifier (sluice_catalog_object_get_name (to));
  g_autoptr(GString) clauses = g_string_new (NULL);

  /* ALTER POLICY cannot change the command or the kind, nor take an
   * expression away. */
  if (g_strcmp0 (sluice_catalog_object_get_attribute (from, "command"),
                 sluice_catalog_object_get_attribute (to, "command")) != 0 ||
      sluice_catalog_object_get_boolean (from, "permissive") != sluice_catalog_object_get_boolean (to, "permissive") ||
      (old_using != NULL && new_using == NULL) ||
      (old_check != NULL && new_check == NULL))
    return SLUICE_DDL_REPLACE;

  if (g_strcmp0 (old_roles, new_roles) != 0)
    {
      g_autofree char *roles = policy_roles_sql (new_roles);
      g_string_append_printf (clauses, " TO %s", roles);
    }
  if (g_strcmp0 (old_using, new_using) != 0)
    g_string_append_printf (clauses, " USING (%s)", new_using);
  if (g_strcmp0 (old_check, new_check) != 0)
    g_string_append_printf (clauses, " WITH CHECK (%s)", new_check);

  if (clauses->len > 0)
    sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to),
                           SLUICE_HAZARD_PRIVILEGES, SLUICE_LOCK_ACCESS_EXCLUSIVE, table,
                           NULL, "ALTER POLICY %s ON %s%s", name, table, clauses->str);

  sluice_ddl_write_comment_and_acl_changes (writer, change, "POLICY", name);
  return SLUICE_DDL_ALTERED;
}

static void
policy_rename (SluiceDdlWriter     *writer,
               SluiceCatalogObject *from,
               SluiceCatalogObject *to)
{
  g_autofree char *table = policy_table (to);
  g_autofree char *old_name = sluice_quote_identifier (sluice_catalog_object_get_name (from));
  g_autofree char *new_name = sluice_quote_identifier (sluice_catalog_object_get_name (to));

  if (g_str_equal (old_name, new_name))
    return;

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to),
                         SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table,
                         NULL, "ALTER POLICY %s ON %s RENAME TO %s", old_name, table, new_name);
}

const SluiceDdlKindOps sluice_ddl_policy_ops = {
  policy_create,
  policy_drop,
  policy_alter,
  policy_rename,
};

/* PUBLICATIONS */

/* Splits a ", "-joined list whose items may hold ", " inside parentheses
 * or quotes ("public.t (a, b) WHERE (a > 1), public.u"). */
static GPtrArray *
split_top_level_list (const char *text)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  GString *item = g_string_new (NULL);
  int depth = 0;
  char quote = 0;

  if (text == NULL || text[0] == '\0')
    {
      g_string_free (item, TRUE);
      return items;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;
      else if (*p == ',' && depth == 0)
        {
          g_ptr_array_add (items, g_strdup (g_strstrip (item->str)));
          g_string_truncate (item, 0);
          continue;
        }
      g_string_append_c (item, *p);
    }
  g_ptr_array_add (items, g_strdup (g_strstrip (item->str)));
  g_string_free (item, TRUE);

  return items;
}

/* "TABLE a, b, TABLES IN SCHEMA s" or NULL when nothing is published. */
static char *
publication_objects_sql (SluiceCatalogObject *publication)
{
  g_autoptr(GPtrArray) tables = split_top_level_list (sluice_catalog_object_get_attribute (publication, "tables"));
  g_autoptr(GPtrArray) schemas = split_top_level_list (sluice_catalog_object_get_attribute (publication, "schemas"));
  GString *sql = g_string_new (NULL);

  for (guint i = 0; i < tables->len; i++)
    g_string_append_printf (sql, "%sTABLE %s", sql->len > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (tables, i));
  for (guint i = 0; i < schemas->len; i++)
    g_string_append_printf (sql, "%sTABLES IN SCHEMA %s", sql->len > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (schemas, i));

  if (sql->len == 0)
    {
      g_string_free (sql, TRUE);
      return NULL;
    }
  return g_string_free (sql, FALSE);
}

static char *
publication_options_sql (SluiceCatalogObject *publication)
{
  const char *publish = sluice_catalog_object_get_attribute (publication, "publish");
  g_autofree char *literal = sluice_ddl_quote_literal (publish != NULL ? publish : "");

  return g_strdup_printf ("publish = %s, publish_via_partition_root = %s",
                          literal,
                          sluice_catalog_object_get_boolean (publication, "via_root") ? "true" : "false");
}

static void
publication_create (SluiceDdlWriter     *writer,
                    SluiceCatalog       *catalog,
                    SluiceCatalogObject *object)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);
  g_autofree char *objects = publication_objects_sql (object);
  g_autofree char *options = publication_options_sql (object);
  g_autofree char *target = NULL;

  if (sluice_catalog_object_get_boolean (object, "all_tables"))
    target = g_strdup (" FOR ALL TABLES");
  else if (objects != NULL)
    target = g_strdup_printf (" FOR %s", objects);
  else
    target = g_strdup ("");

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_NONE, SLUICE_LOCK_NONE, NULL, NULL,
                         "CREATE PUBLICATION %s%s WITH (%s)", sql_name, target, options);
  sluice_ddl_write_comment_and_acl (writer, NULL, object, "PUBLICATION", sql_name);
}

static void
publication_drop (SluiceDdlWriter     *writer,
                  SluiceCatalog       *catalog,
                  SluiceCatalogObject *object)
{
  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_BACKWARD_INCOMPATIBLE, SLUICE_LOCK_NONE, NULL,
                         _("Subscribers of this publication stop receiving changes."),
                         "DROP PUBLICATION %s", sluice_catalog_object_get_sql_name (object));
}

static SluiceDdlAlterResult
publication_alter (SluiceDdlWriter          *writer,
                   SluiceCatalog            *to_catalog,
                   SluiceCatalogObject      *from,
                   SluiceCatalogObject      *to,
                   const SluiceObjectChange *change)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (to);
  const char *identity = sluice_catalog_object_get_identity (to);

  if (sluice_catalog_object_get_boolean (from, "all_tables") !=
      sluice_catalog_object_get_boolean (to, "all_tables"))
    return SLUICE_DDL_REPLACE;

  if (g_strcmp0 (sluice_catalog_object_get_attribute (from, "tables"),
                 sluice_catalog_object_get_attribute (to, "tables")) != 0 ||
      g_strcmp0 (sluice_catalog_object_get_attribute (from, "schemas"),
                 sluice_catalog_object_get_attribute (to, "schemas")) != 0)
    {
      g_autofree char *objects = publication_objects_sql (to);
      g_autofree char *old_objects = publication_objects_sql (from);

      if (objects != NULL)
        sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE,
                               SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE, NULL, NULL,
                               "ALTER PUBLICATION %s SET %s", sql_name, objects);
      else if (old_objects != NULL)
        sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE,
                               SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE, NULL, NULL,
                               "ALTER PUBLICATION %s DROP %s", sql_name, old_objects);
    }

  if (g_strcmp0 (sluice_catalog_object_get_attribute (from, "publish"),
                 sluice_catalog_object_get_attribute (to, "publish")) != 0 ||
      sluice_catalog_object_get_boolean (from, "via_root") !=
      sluice_catalog_object_get_boolean (to, "via_root"))
    {
      g_autofree char *options = publication_options_sql (to);

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_NONE,
                             NULL, NULL, "ALTER PUBLICATION %s SET (%s)", sql_name, options);
    }

  sluice_ddl_write_comment_and_acl_changes (writer, change, "PUBLICATION", sql_name);
  return SLUICE_DDL_ALTERED;
}

static void
publication_rename (SluiceDdlWriter     *writer,
                    SluiceCatalogObject *from,
                    SluiceCatalogObject *to)
{
  g_autofree char *new_name = sluice_quote_identifier (sluice_catalog_object_get_name (to));

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to),
                         SLUICE_HAZARD_BACKWARD_INCOMPATIBLE, SLUICE_LOCK_NONE, NULL, NULL,
                         "ALTER PUBLICATION %s RENAME TO %s",
                         sluice_catalog_object_get_sql_name (from), new_name);
}

const SluiceDdlKindOps sluice_ddl_publication_ops = {
  publication_create,
  publication_drop,
  publication_alter,
  publication_rename,
};

/* DEFAULT PRIVILEGES
 *
 * Named "ROLE:OBJECTS".  A database-wide entry holds the whole acl new
 * objects get (starting from the built-in defaults); an entry for a schema
 * only holds what is added to them.  An absent entry is the built-in
 * defaults, or nothing for a schema. */

static gboolean
split_default_privileges_name (SluiceCatalogObject  *object,
                               char                **role,
                               char                **objects)
{
  const char *name = sluice_catalog_object_get_name (object);
  const char *colon = strrchr (name, ':');

  if (colon == NULL)
    return FALSE;

  *role = g_strndup (name, colon - name);
  *objects = g_ascii_strup (colon + 1, -1);
  return TRUE;
}

static void
write_default_privileges (SluiceDdlWriter     *writer,
                          SluiceCatalogObject *object,
                          const char          *old_acl,
                          const char          *new_acl,
                          gboolean             old_present,
                          gboolean             new_present)
{
  g_autofree char *role = NULL;
  g_autofree char *objects = NULL;
  g_autofree char *quoted_role = NULL;
  g_autoptr(GPtrArray) old_grants = NULL;
  g_autoptr(GPtrArray) new_grants = NULL;
  const char *schema = sluice_catalog_object_get_schema (object);
  GrantTarget target = { sluice_catalog_object_get_identity (object), NULL, NULL, NULL };

  if (!split_default_privileges_name (object, &role, &objects))
    return;

  quoted_role = sluice_quote_identifier (role);
  if (schema != NULL)
    {
      g_autofree char *quoted_schema = sluice_quote_identifier (schema);

      target.prefix = g_strdup_printf ("ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s ",
                                       quoted_role, quoted_schema);
      old_grants = old_present ? parse_acl (old_acl) : g_ptr_array_new_with_free_func (acl_grant_free);
      new_grants = new_present ? parse_acl (new_acl) : g_ptr_array_new_with_free_func (acl_grant_free);
    }
  else
    {
      target.prefix = g_strdup_printf ("ALTER DEFAULT PRIVILEGES FOR ROLE %s ", quoted_role);
      old_grants = acl_or_default (old_present ? old_acl : NULL, objects, role);
      new_grants = acl_or_default (new_present ? new_acl : NULL, objects, role);
    }
  target.target = g_strdup (objects);

  write_grant_difference (writer, &target, old_grants, new_grants);

  g_free (target.prefix);
  g_free (target.target);
}

static void
default_privileges_create (SluiceDdlWriter     *writer,
                           SluiceCatalog       *catalog,
                           SluiceCatalogObject *object)
{
  write_default_privileges (writer, object, NULL,
                            sluice_catalog_object_get_attribute (object, "acl"),
                            FALSE, TRUE);
}

static void
default_privileges_drop (SluiceDdlWriter     *writer,
                         SluiceCatalog       *catalog,
                         SluiceCatalogObject *object)
{
  write_default_privileges (writer, object,
                            sluice_catalog_object_get_attribute (object, "acl"), NULL,
                            TRUE, FALSE);
}

static SluiceDdlAlterResult
default_privileges_alter (SluiceDdlWriter          *writer,
                          SluiceCatalog            *to_catalog,
                          SluiceCatalogObject      *from,
                          SluiceCatalogObject      *to,
                          const SluiceObjectChange *change)
{
  write_default_privileges (writer, to,
                            sluice_catalog_object_get_attribute (from, "acl"),
                            sluice_catalog_object_get_attribute (to, "acl"),
                            TRUE, TRUE);
  return SLUICE_DDL_ALTERED;
}

/* Default privileges are named after their role and kind of object:
 * another name is another entry, never a rename. */
static void
default_privileges_rename (SluiceDdlWriter     *writer,
                           SluiceCatalogObject *from,
                           SluiceCatalogObject *to)
{
  default_privileges_drop (writer, NULL, from);
  default_privileges_create (writer, NULL, to);
}

const SluiceDdlKindOps sluice_ddl_default_privileges_ops = {
  default_privileges_create,
  default_privileges_drop,
  default_privileges_alter,
  default_privileges_rename,
};
