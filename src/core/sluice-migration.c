/* sluice-migration.c: one migration, whatever tool's folder it came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-migration.h"

struct _SluiceMigration
{
  GObject                parent_instance;

  SluiceMigrationFormat  format;
  SluiceMigrationKind    kind;
  char                  *version;
  char                  *name;
  char                  *history_key;
  char                  *up_sql;
  guint                  up_line;
  char                  *down_sql;
  char                  *checksum;
  GPtrArray             *files;   /* NULL-terminated array of paths */
  guint                  transactional : 1;
};

G_DEFINE_FINAL_TYPE (SluiceMigration, sluice_migration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORMAT,
  PROP_KIND,
  PROP_VERSION,
  PROP_NAME,
  PROP_HISTORY_KEY,
  PROP_UP_SQL,
  PROP_DOWN_SQL,
  PROP_CHECKSUM,
  PROP_TRANSACTIONAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Formats -------------------------------------------------------------------- */

GType
sluice_migration_format_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      /* The nicks are the stable names of profiles, the CLI and JSON. */
      static const GEnumValue values[] = {
        { SLUICE_MIGRATION_FORMAT_AUTO, "SLUICE_MIGRATION_FORMAT_AUTO", "auto" },
        { SLUICE_MIGRATION_FORMAT_SLUICE, "SLUICE_MIGRATION_FORMAT_SLUICE", "sluice" },
        { SLUICE_MIGRATION_FORMAT_PLAIN, "SLUICE_MIGRATION_FORMAT_PLAIN", "plain" },
        { SLUICE_MIGRATION_FORMAT_DRIZZLE, "SLUICE_MIGRATION_FORMAT_DRIZZLE", "drizzle" },
        { SLUICE_MIGRATION_FORMAT_DBMATE, "SLUICE_MIGRATION_FORMAT_DBMATE", "dbmate" },
        { SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, "SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE", "golang-migrate" },
        { SLUICE_MIGRATION_FORMAT_FLYWAY, "SLUICE_MIGRATION_FORMAT_FLYWAY", "flyway" },
        { SLUICE_MIGRATION_FORMAT_SQITCH, "SLUICE_MIGRATION_FORMAT_SQITCH", "sqitch" },
        { 0, NULL, NULL }
      };

      g_once_init_leave (&type_id, g_enum_register_static ("SluiceMigrationFormat", values));
    }

  return type_id;
}

static GType
sluice_migration_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SLUICE_MIGRATION_VERSIONED, "SLUICE_MIGRATION_VERSIONED", "versioned" },
        { SLUICE_MIGRATION_REPEATABLE, "SLUICE_MIGRATION_REPEATABLE", "repeatable" },
        { SLUICE_MIGRATION_BASELINE, "SLUICE_MIGRATION_BASELINE", "baseline" },
        { 0, NULL, NULL }
      };

      g_once_init_leave (&type_id, g_enum_register_static ("SluiceMigrationKind", values));
    }

  return type_id;
}

const char *
sluice_migration_format_to_string (SluiceMigrationFormat format)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SLUICE_TYPE_MIGRATION_FORMAT);
  GEnumValue *value = g_enum_get_value (klass, format);

  return value != NULL ? value->value_nick : NULL;
}

gboolean
sluice_migration_format_from_string (const char            *text,
                                     SluiceMigrationFormat *format)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  if (text == NULL)
    return FALSE;

  klass = g_type_class_ref (SLUICE_TYPE_MIGRATION_FORMAT);
  value = g_enum_get_value_by_nick (klass, text);

  if (value == NULL)
    return FALSE;

  if (format != NULL)
    *format = value->value;

  return TRUE;
}

/* Versions ------------------------------------------------------------------- */

static gboolean
is_separator (char c)
{
  return c == '.' || c == '_';
}

/* Compares the digit runs starting at *@a and *@b as numbers of any length
 * and moves both past them. */
static int
compare_numbers (const char **a,
                 const char **b)
{
  const char *start_a, *start_b;
  gsize length_a, length_b;
  int result;

  while (**a == '0')
    (*a)++;
  while (**b == '0')
    (*b)++;

  start_a = *a;
  start_b = *b;

  while (g_ascii_isdigit (**a))
    (*a)++;
  while (g_ascii_isdigit (**b))
    (*b)++;

  length_a = *a - start_a;
  length_b = *b - start_b;

  if (length_a != length_b)
    return length_a < length_b ? -1 : 1;

  result = memcmp (start_a, start_b, length_a);
  return result < 0 ? -1 : result > 0 ? 1 : 0;
}

int
sluice_version_compare (const char *a,
                        const char *b)
{
  if (a == NULL || b == NULL)
    return a == b ? 0 : a == NULL ? -1 : 1;

  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          int result = compare_numbers (&a, &b);

          if (result != 0)
            return result;
        }
      else if (is_separator (*a) && is_separator (*b))
        {
          a++;
          b++;
        }
      else
        {
          /* A separator sorts before any other byte, so that "1_2" < "1a". */
          guchar ca = is_separator (*a) ? 1 : (guchar) *a;
          guchar cb = is_separator (*b) ? 1 : (guchar) *b;

          if (ca != cb)
            return ca < cb ? -1 : 1;

          a++;
          b++;
        }
    }

  /* The shorter version, all else equal, comes first ("1" < "1.1"). */
  if (*a == *b)
    return 0;

  return *a == '\0' ? -1 : 1;
}

/* The object ------------------------------------------------------------------ */

static void
sluice_migration_finalize (GObject *object)
{
  SluiceMigration *self = (SluiceMigration *)object;

  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->history_key, g_free);
  g_clear_pointer (&self->up_sql, g_free);
  g_clear_pointer (&self->down_sql, g_free);
  g_clear_pointer (&self->checksum, g_free);
  g_clear_pointer (&self->files, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_migration_parent_class)->finalize (object);
}

static void
sluice_migration_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SluiceMigration *self = SLUICE_MIGRATION (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_HISTORY_KEY:
      g_value_set_string (value, sluice_migration_get_history_key (self));
      break;

    case PROP_UP_SQL:
      g_value_set_string (value, sluice_migration_get_up_sql (self));
      break;

    case PROP_DOWN_SQL:
      g_value_set_string (value, self->down_sql);
      break;

    case PROP_CHECKSUM:
      g_value_set_string (value, self->checksum);
      break;

    case PROP_TRANSACTIONAL:
      g_value_set_boolean (value, self->transactional);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migration_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SluiceMigration *self = SLUICE_MIGRATION (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
      break;

    case PROP_VERSION:
      self->version = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migration_class_init (SluiceMigrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_migration_finalize;
  object_class->get_property = sluice_migration_get_property;
  object_class->set_property = sluice_migration_set_property;

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       SLUICE_TYPE_MIGRATION_FORMAT,
                       SLUICE_MIGRATION_FORMAT_SLUICE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       sluice_migration_kind_get_type (),
                       SLUICE_MIGRATION_VERSIONED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HISTORY_KEY] =
    g_param_spec_string ("history-key", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UP_SQL] =
    g_param_spec_string ("up-sql", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DOWN_SQL] =
    g_param_spec_string ("down-sql", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CHECKSUM] =
    g_param_spec_string ("checksum", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TRANSACTIONAL] =
    g_param_spec_boolean ("transactional", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_migration_init (SluiceMigration *self)
{
  self->kind = SLUICE_MIGRATION_VERSIONED;
  self->transactional = TRUE;
  self->files = g_ptr_array_new_null_terminated (2, g_free, TRUE);
}

SluiceMigration *
sluice_migration_new (SluiceMigrationFormat  format,
                      const char            *version,
                      const char            *name)
{
  return g_object_new (SLUICE_TYPE_MIGRATION,
                       "format", format,
                       "version", version,
                       "name", name,
                       NULL);
}

SluiceMigrationFormat
sluice_migration_get_format (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), SLUICE_MIGRATION_FORMAT_AUTO);

  return self->format;
}

SluiceMigrationKind
sluice_migration_get_kind (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), SLUICE_MIGRATION_VERSIONED);

  return self->kind;
}

const char *
sluice_migration_get_version (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), NULL);

  return self->version;
}

const char *
sluice_migration_get_name (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), NULL);

  return self->name;
}

/* Unless an adapter says otherwise, history names a migration by its version
 * (Sluice, plain and dbmate all do). */
const char *
sluice_migration_get_history_key (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), NULL);

  return self->history_key != NULL ? self->history_key : self->version;
}

const char *
sluice_migration_get_up_sql (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), NULL);

  return self->up_sql != NULL ? self->up_sql : "";
}

const char *
sluice_migration_get_down_sql (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), NULL);

  return self->down_sql;
}

const char *
sluice_migration_get_checksum (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), NULL);

  return self->checksum;
}

gboolean
sluice_migration_get_transactional (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), TRUE);

  return self->transactional;
}

const char * const *
sluice_migration_get_files (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), NULL);

  return (const char * const *) self->files->pdata;
}

guint
sluice_migration_get_up_line (SluiceMigration *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION (self), 0);

  return self->up_line;
}

static void
replace_string (SluiceMigration  *self,
                char            **field,
                const char       *value,
                GParamSpec       *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
sluice_migration_set_kind (SluiceMigration     *self,
                           SluiceMigrationKind  kind)
{
  g_return_if_fail (SLUICE_IS_MIGRATION (self));

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

void
sluice_migration_set_history_key (SluiceMigration *self,
                                  const char      *key)
{
  g_return_if_fail (SLUICE_IS_MIGRATION (self));

  replace_string (self, &self->history_key, key, properties[PROP_HISTORY_KEY]);
}

void
sluice_migration_set_up_sql (SluiceMigration *self,
                             const char      *sql,
                             guint            first_line)
{
  g_return_if_fail (SLUICE_IS_MIGRATION (self));

  self->up_line = first_line;
  replace_string (self, &self->up_sql, sql, properties[PROP_UP_SQL]);
}

void
sluice_migration_set_down_sql (SluiceMigration *self,
                               const char      *sql)
{
  g_return_if_fail (SLUICE_IS_MIGRATION (self));

  replace_string (self, &self->down_sql, sql, properties[PROP_DOWN_SQL]);
}

void
sluice_migration_set_checksum (SluiceMigration *self,
                               const char      *checksum)
{
  g_return_if_fail (SLUICE_IS_MIGRATION (self));

  replace_string (self, &self->checksum, checksum, properties[PROP_CHECKSUM]);
}

void
sluice_migration_set_transactional (SluiceMigration *self,
                                    gboolean         transactional)
{
  g_return_if_fail (SLUICE_IS_MIGRATION (self));

  transactional = !!transactional;
  if (self->transactional == (guint) transactional)
    return;

  self->transactional = transactional;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSACTIONAL]);
}

void
sluice_migration_add_file (SluiceMigration *self,
                           const char      *path)
{
  g_return_if_fail (SLUICE_IS_MIGRATION (self));
  g_return_if_fail (path != NULL);

  g_ptr_array_add (self->files, g_strdup (path));
}
