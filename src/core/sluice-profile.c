/* sluice-profile.c: one connection profile (dev, staging, prod, sandbox)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-profile.h"
#include "sluice-profile-store-private.h"
#include "sluice-secrets.h"

struct _SluiceProfile
{
  GObject            parent_instance;

  char              *id;
  char              *name;
  char              *connection;
  char              *migration_folder;
  SluiceEnvironment  environment;
  SluiceGuardLevel   guard;
  guint              lock_timeout_ms;
  guint              statement_timeout_ms;
  /* Lint severities by rule id (both strings); empty when none is set. */
  GHashTable        *lint;

  /* The object this profile was read from, so that members a newer Sluice
   * (or a person) added are written back unchanged. */
  JsonObject        *source;
};

G_DEFINE_FINAL_TYPE (SluiceProfile, sluice_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ENVIRONMENT,
  PROP_CONNECTION,
  PROP_CONNECTION_KIND,
  PROP_MIGRATION_FOLDER,
  PROP_GUARD,
  PROP_COLOUR,
  PROP_LOCK_TIMEOUT_MS,
  PROP_STATEMENT_TIMEOUT_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The members of profiles.json that Sluice owns. */
#define MEMBER_ID                   "id"
#define MEMBER_NAME                 "name"
#define MEMBER_ENVIRONMENT          "environment"
#define MEMBER_CONNECTION           "connection"
#define MEMBER_MIGRATION_FOLDER     "migration_folder"
#define MEMBER_GUARD                "guard"
#define MEMBER_LOCK_TIMEOUT_MS      "lock_timeout_ms"
#define MEMBER_STATEMENT_TIMEOUT_MS "statement_timeout_ms"
#define MEMBER_LINT                 "lint"
/* Never read, never written back: passwords belong in the keyring. */
#define MEMBER_PASSWORD             "password"

static void
sluice_profile_finalize (GObject *object)
{
  SluiceProfile *self = (SluiceProfile *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->connection, g_free);
  g_clear_pointer (&self->migration_folder, g_free);
  g_clear_pointer (&self->source, json_object_unref);
  g_clear_pointer (&self->lint, g_hash_table_unref);

  G_OBJECT_CLASS (sluice_profile_parent_class)->finalize (object);
}

static void
sluice_profile_constructed (GObject *object)
{
  SluiceProfile *self = (SluiceProfile *)object;

  G_OBJECT_CLASS (sluice_profile_parent_class)->constructed (object);

  if (self->id == NULL || self->id[0] == '\0')
    {
      g_free (self->id);
      self->id = g_uuid_string_random ();
    }
}

static void
sluice_profile_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SluiceProfile *self = SLUICE_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ENVIRONMENT:
      g_value_set_enum (value, self->environment);
      break;

    case PROP_CONNECTION:
      g_value_set_string (value, self->connection);
      break;

    case PROP_CONNECTION_KIND:
      g_value_set_enum (value, sluice_profile_get_connection_kind (self));
      break;

    case PROP_MIGRATION_FOLDER:
      g_value_set_string (value, self->migration_folder);
      break;

    case PROP_GUARD:
      g_value_set_enum (value, self->guard);
      break;

    case PROP_COLOUR:
      g_value_set_string (value, sluice_profile_get_colour (self));
      break;

    case PROP_LOCK_TIMEOUT_MS:
      g_value_set_uint (value, self->lock_timeout_ms);
      break;

    case PROP_STATEMENT_TIMEOUT_MS:
      g_value_set_uint (value, self->statement_timeout_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SluiceProfile *self = SLUICE_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      sluice_profile_set_name (self, g_value_get_string (value));
      break;

    case PROP_ENVIRONMENT:
      sluice_profile_set_environment (self, g_value_get_enum (value));
      break;

    case PROP_CONNECTION:
      sluice_profile_set_connection (self, g_value_get_string (value));
      break;

    case PROP_MIGRATION_FOLDER:
      sluice_profile_set_migration_folder (self, g_value_get_string (value));
      break;

    case PROP_GUARD:
      sluice_profile_set_guard (self, g_value_get_enum (value));
      break;

    case PROP_LOCK_TIMEOUT_MS:
      sluice_profile_set_lock_timeout_ms (self, g_value_get_uint (value));
      break;

    case PROP_STATEMENT_TIMEOUT_MS:
      sluice_profile_set_statement_timeout_ms (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_class_init (SluiceProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_profile_finalize;
  object_class->constructed = sluice_profile_constructed;
  object_class->get_property = sluice_profile_get_property;
  object_class->set_property = sluice_profile_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENVIRONMENT] =
    g_param_spec_enum ("environment", NULL, NULL,
                       SLUICE_TYPE_ENVIRONMENT,
                       SLUICE_ENVIRONMENT_DEV,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONNECTION] =
    g_param_spec_string ("connection", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONNECTION_KIND] =
    g_param_spec_enum ("connection-kind", NULL, NULL,
                       SLUICE_TYPE_CONNECTION_KIND,
                       SLUICE_CONNECTION_KIND_CONNINFO,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_MIGRATION_FOLDER] =
    g_param_spec_string ("migration-folder", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_GUARD] =
    g_param_spec_enum ("guard", NULL, NULL,
                       SLUICE_TYPE_GUARD_LEVEL,
                       SLUICE_GUARD_RELAXED,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COLOUR] =
    g_param_spec_string ("colour", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOCK_TIMEOUT_MS] =
    g_param_spec_uint ("lock-timeout-ms", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATEMENT_TIMEOUT_MS] =
    g_param_spec_uint ("statement-timeout-ms", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_profile_init (SluiceProfile *self)
{
  self->environment = SLUICE_ENVIRONMENT_DEV;
  self->guard = sluice_environment_default_guard (self->environment);
  self->lint = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
copy_lint_severities (SluiceProfile *to,
                      SluiceProfile *from)
{
  GHashTableIter iter;
  gpointer rule, severity;

  g_hash_table_iter_init (&iter, from->lint);
  while (g_hash_table_iter_next (&iter, &rule, &severity))
    g_hash_table_replace (to->lint, g_strdup (rule), g_strdup (severity));
}

SluiceProfile *
sluice_profile_new (const char        *name,
                    SluiceEnvironment  environment,
                    const char        *connection)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (SLUICE_TYPE_PROFILE,
                       "name", name,
                       "environment", environment,
                       "guard", sluice_environment_default_guard (environment),
                       "connection", connection,
                       NULL);
}

SluiceProfile *
sluice_profile_duplicate (SluiceProfile *self,
                          const char    *new_name)
{
  SluiceProfile *copy;

  g_return_val_if_fail (SLUICE_IS_PROFILE (self), NULL);
  g_return_val_if_fail (new_name != NULL, NULL);

  copy = g_object_new (SLUICE_TYPE_PROFILE,
                       "name", new_name,
                       "environment", self->environment,
                       "guard", self->guard,
                       "connection", self->connection,
                       "migration-folder", self->migration_folder,
                       "lock-timeout-ms", self->lock_timeout_ms,
                       "statement-timeout-ms", self->statement_timeout_ms,
                       NULL);

  /* The unknown members travel with the copy: they describe the same
   * database as far as Sluice can tell. */
  if (self->source != NULL)
    copy->source = json_object_ref (self->source);

  copy_lint_severities (copy, self);

  return copy;
}

const char *
sluice_profile_get_id (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), NULL);

  return self->id;
}

const char *
sluice_profile_get_name (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), NULL);

  return self->name;
}

void
sluice_profile_set_name (SluiceProfile *self,
                         const char    *name)
{
  g_return_if_fail (SLUICE_IS_PROFILE (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

SluiceEnvironment
sluice_profile_get_environment (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), SLUICE_ENVIRONMENT_DEV);

  return self->environment;
}

void
sluice_profile_set_environment (SluiceProfile     *self,
                                SluiceEnvironment  environment)
{
  g_return_if_fail (SLUICE_IS_PROFILE (self));
  g_return_if_fail (environment <= SLUICE_ENVIRONMENT_PROD);

  if (self->environment == environment)
    return;

  self->environment = environment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOUR]);
}

const char *
sluice_profile_get_connection (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), NULL);

  return self->connection;
}

void
sluice_profile_set_connection (SluiceProfile *self,
                               const char    *connection)
{
  SluiceConnectionKind old_kind;

  g_return_if_fail (SLUICE_IS_PROFILE (self));

  if (g_strcmp0 (self->connection, connection) == 0)
    return;

  old_kind = sluice_profile_get_connection_kind (self);

  g_free (self->connection);
  self->connection = g_strdup (connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);

  if (old_kind != sluice_profile_get_connection_kind (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_KIND]);
}

SluiceConnectionKind
sluice_profile_get_connection_kind (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), SLUICE_CONNECTION_KIND_CONNINFO);

  return sluice_connection_kind_for_text (self->connection);
}

const char *
sluice_profile_get_migration_folder (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), NULL);

  return self->migration_folder;
}

void
sluice_profile_set_migration_folder (SluiceProfile *self,
                                     const char    *path)
{
  g_return_if_fail (SLUICE_IS_PROFILE (self));

  /* An empty path is no folder: that is what an emptied entry row means. */
  if (path != NULL && path[0] == '\0')
    path = NULL;

  if (g_strcmp0 (self->migration_folder, path) == 0)
    return;

  g_free (self->migration_folder);
  self->migration_folder = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIGRATION_FOLDER]);
}

SluiceGuardLevel
sluice_profile_get_guard (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), SLUICE_GUARD_STRICT);

  return self->guard;
}

void
sluice_profile_set_guard (SluiceProfile    *self,
                          SluiceGuardLevel  guard)
{
  g_return_if_fail (SLUICE_IS_PROFILE (self));
  g_return_if_fail (guard <= SLUICE_GUARD_STRICT);

  if (self->guard == guard)
    return;

  self->guard = guard;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUARD]);
}

/* The GNOME palette: red 3, yellow 5, green 4 and the light grey of dark 1,
 * so the colours match the rest of the desktop. */
const char *
sluice_profile_get_colour (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), NULL);

  switch (self->environment)
    {
    case SLUICE_ENVIRONMENT_PROD:    return "#e01b24";
    case SLUICE_ENVIRONMENT_STAGING: return "#e5a50a";
    case SLUICE_ENVIRONMENT_DEV:     return "#2ec27e";
    case SLUICE_ENVIRONMENT_SANDBOX: return "#9a9996";
    default:                         g_return_val_if_reached ("#9a9996");
    }
}

guint
sluice_profile_get_lock_timeout_ms (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), 0);

  return self->lock_timeout_ms;
}

void
sluice_profile_set_lock_timeout_ms (SluiceProfile *self,
                                    guint          ms)
{
  g_return_if_fail (SLUICE_IS_PROFILE (self));

  if (self->lock_timeout_ms == ms)
    return;

  self->lock_timeout_ms = ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCK_TIMEOUT_MS]);
}

guint
sluice_profile_get_statement_timeout_ms (SluiceProfile *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), 0);

  return self->statement_timeout_ms;
}

void
sluice_profile_set_statement_timeout_ms (SluiceProfile *self,
                                         guint          ms)
{
  g_return_if_fail (SLUICE_IS_PROFILE (self));

  if (self->statement_timeout_ms == ms)
    return;

  self->statement_timeout_ms = ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATEMENT_TIMEOUT_MS]);
}

/* Lint severities */

static gboolean
lint_severity_is_known (const char *severity)
{
  return g_strcmp0 (severity, "error") == 0 || g_strcmp0 (severity, "warning") == 0 ||
         g_strcmp0 (severity, "info") == 0 || g_strcmp0 (severity, "off") == 0;
}

static int
compare_rule_ids (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

const char *
sluice_profile_get_lint_severity (SluiceProfile *self,
                                  const char    *rule)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE (self), NULL);
  g_return_val_if_fail (rule != NULL, NULL);

  return g_hash_table_lookup (self->lint, rule);
}

void
sluice_profile_set_lint_severity (SluiceProfile *self,
                                  const char    *rule,
                                  const char    *severity)
{
  g_return_if_fail (SLUICE_IS_PROFILE (self));
  g_return_if_fail (rule != NULL && rule[0] != '\0');
  g_return_if_fail (severity == NULL || lint_severity_is_known (severity));

  if (severity == NULL)
    g_hash_table_remove (self->lint, rule);
  else
    g_hash_table_replace (self->lint, g_strdup (rule), g_strdup (severity));
}

char **
sluice_profile_dup_lint_rules (SluiceProfile *self)
{
  g_autoptr(GPtrArray) rules = NULL;
  GHashTableIter iter;
  gpointer rule;

  g_return_val_if_fail (SLUICE_IS_PROFILE (self), NULL);

  rules = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->lint);
  while (g_hash_table_iter_next (&iter, &rule, NULL))
    g_ptr_array_add (rules, g_strdup (rule));
  g_ptr_array_sort (rules, compare_rule_ids);
  g_ptr_array_add (rules, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&rules), FALSE);
}

/* Passwords in connection text */

/* Where a password is written in connection text.  [start, end) is what
 * taking it out removes; [value_start, value_end) is the value as written
 * (quoted, escaped or percent-encoded). */
typedef struct
{
  gsize start;
  gsize end;
  gsize value_start;
  gsize value_end;
  /* The value is percent-encoded (a URI), not conninfo-quoted. */
  guint uri_encoded : 1;
} PasswordSpan;

static void
add_password_span (GArray     *spans,
                   const char *text,
                   const char *start,
                   const char *end,
                   const char *value_start,
                   const char *value_end,
                   gboolean    uri_encoded)
{
  PasswordSpan span = {
    .start = start - text,
    .end = end - text,
    .value_start = value_start - text,
    .value_end = value_end - text,
    .uri_encoded = uri_encoded,
  };

  g_array_append_val (spans, span);
}

/* "key = value" pairs, as libpq's conninfo_parse() reads them: values are
 * single-quoted or end at a blank, and a backslash escapes the next
 * character.  Text libpq would refuse is read up to where it goes wrong, so
 * a password before a mistake is still found. */
static void
find_conninfo_passwords (const char *text,
                         GArray     *spans)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *key_start, *key_end, *value_start;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      key_start = p;
      while (*p != '\0' && *p != '=' && !g_ascii_isspace (*p))
        p++;
      key_end = p;
      while (g_ascii_isspace (*p))
        p++;
      if (*p != '=')
        break;
      p++;
      while (g_ascii_isspace (*p))
        p++;

      value_start = p;
      if (*p == '\'')
        {
          for (p++; *p != '\0' && *p != '\''; p++)
            if (*p == '\\' && p[1] != '\0')
              p++;
          if (*p == '\'')
            p++;
        }
      else
        {
          for (; *p != '\0' && !g_ascii_isspace (*p); p++)
            if (*p == '\\' && p[1] != '\0')
              p++;
        }

      /* Keywords are case-sensitive in libpq. */
      if (key_end - key_start == strlen ("password") &&
          strncmp (key_start, "password", key_end - key_start) == 0)
        {
          const char *end = p;

          /* Taking the pair out takes the blanks after it too. */
          while (g_ascii_isspace (*end))
            end++;
          add_password_span (spans, text, key_start, end, value_start, p, FALSE);
        }
    }
}

/* postgres://[user[:password]@]hosts[/dbname][?key=value&...], as libpq's
 * conninfo_uri_parse_options() reads it: the user part ends at the first
 * "@" before any "/", the password starts at its first ":", and the
 * parameters (percent-decoded, keys too) follow the first "?" after it. */
static void
find_uri_passwords (const char *text,
                    GArray     *spans)
{
  const char *authority = strstr (text, "://") + strlen ("://");
  const char *p = authority;
  const char *query;

  while (*p != '\0' && *p != '@' && *p != '/')
    p++;
  if (*p == '@')
    {
      const char *colon = memchr (authority, ':', p - authority);

      if (colon != NULL)
        add_password_span (spans, text, colon, p, colon + 1, p, TRUE);
      authority = p + 1;
    }

  query = strchr (authority, '?');
  if (query == NULL)
    return;

  for (const char *param = query + 1; *param != '\0'; )
    {
      gsize length = strcspn (param, "&");
      const char *equals = memchr (param, '=', length);

      if (equals != NULL)
        {
          g_autofree char *raw_key = g_strndup (param, equals - param);
          g_autofree char *key = g_uri_unescape_string (raw_key, NULL);

          if (g_strcmp0 (key, "password") == 0)
            {
              const char *start = param;
              const char *end = param + length;

              /* One separator goes with the parameter: the "&" before it,
               * else the one after it, else the "?" of a lone parameter. */
              if (param[-1] == '&')
                start--;
              else if (*end == '&')
                end++;
              else
                start--;
              add_password_span (spans, text, start, end, equals + 1, param + length, TRUE);
            }
        }

      param += length;
      if (*param == '&')
        param++;
    }
}

static GArray *
find_passwords (const char *connection)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (PasswordSpan));

  if (connection == NULL)
    return spans;

  switch (sluice_connection_kind_for_text (connection))
    {
    case SLUICE_CONNECTION_KIND_URI:
      find_uri_passwords (connection, spans);
      break;

    case SLUICE_CONNECTION_KIND_CONNINFO:
      find_conninfo_passwords (connection, spans);
      break;

    case SLUICE_CONNECTION_KIND_SERVICE:
    default:
      /* A service name is a name: its password is in pg_service.conf or
       * ~/.pgpass, never in the text. */
      break;
    }

  return spans;
}

/* The password libpq reads from @connection: NULL when it reads none, or
 * when it cannot read @connection at all (@parsed says which). */
static char *
dup_libpq_password (const char *connection,
                    gboolean   *parsed)
{
  PQconninfoOption *options;
  char *password = NULL;

  *parsed = FALSE;
  if (connection == NULL ||
      sluice_connection_kind_for_text (connection) == SLUICE_CONNECTION_KIND_SERVICE)
    return NULL;

  options = PQconninfoParse (connection, NULL);
  if (options == NULL)
    return NULL;

  *parsed = TRUE;
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, "password") == 0 && option->val != NULL && option->val[0] != '\0')
        password = g_strdup (option->val);
    }

  PQconninfoFree (options);

  return password;
}

/* A value as written, as libpq reads it: conninfo quoting and escapes, or
 * percent-encoding. */
static char *
unquote_value (const char         *connection,
               const PasswordSpan *span)
{
  const char *p = connection + span->value_start;
  const char *end = connection + span->value_end;
  GString *value = g_string_new (NULL);

  if (span->uri_encoded)
    {
      g_autofree char *raw = g_strndup (p, end - p);
      char *decoded = g_uri_unescape_string (raw, NULL);

      g_string_free (value, TRUE);
      return decoded != NULL ? decoded : g_steal_pointer (&raw);
    }

  if (p < end && *p == '\'')
    {
      p++;
      if (end > p && end[-1] == '\'')
        end--;
    }
  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      g_string_append_c (value, *p);
    }

  return g_string_free (value, FALSE);
}

/* "password=''" or "password=" hold no password. */
static gboolean
span_has_value (const char         *connection,
                const PasswordSpan *span)
{
  char *value = unquote_value (connection, span);
  gboolean has_value = value[0] != '\0';

  sluice_secure_free (value);
  return has_value;
}

gboolean
sluice_profile_connection_has_password (const char *connection)
{
  g_autoptr(GArray) spans = NULL;
  char *password;
  gboolean parsed;

  password = dup_libpq_password (connection, &parsed);
  if (password != NULL)
    {
      sluice_secure_free (password);
      return TRUE;
    }
  if (parsed)
    return FALSE;

  /* Text libpq refuses may still hold a password a person typed. */
  spans = find_passwords (connection);
  for (guint i = 0; i < spans->len; i++)
    {
      if (span_has_value (connection, &g_array_index (spans, PasswordSpan, i)))
        return TRUE;
    }

  return FALSE;
}

/* @connection with each span replaced by @replacement, or taken out when
 * @replacement is NULL. */
static char *
rewrite_spans (const char *connection,
               GArray     *spans,
               const char *replacement)
{
  GString *text = g_string_new (NULL);
  gsize done = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      const PasswordSpan *span = &g_array_index (spans, PasswordSpan, i);

      if (replacement != NULL)
        {
          g_string_append_len (text, connection + done, span->value_start - done);
          g_string_append (text, replacement);
          done = span->value_end;
        }
      else
        {
          g_string_append_len (text, connection + done, span->start - done);
          done = span->end;
        }
    }
  g_string_append (text, connection + done);

  /* "host=db password=x" loses the blank before the pair too. */
  if (replacement == NULL && sluice_connection_kind_for_text (connection) == SLUICE_CONNECTION_KIND_CONNINFO)
    g_strstrip (text->str);

  return g_string_free (text, FALSE);
}

char *
sluice_profile_connection_strip_password (const char  *connection,
                                          char       **password)
{
  g_autoptr(GArray) spans = NULL;
  char *stripped;
  gboolean parsed;

  if (password != NULL)
    {
      *password = dup_libpq_password (connection, &parsed);
      /* libpq keeps the last of several: so does this. */
      if (*password == NULL && !parsed)
        {
          g_autoptr(GArray) found = find_passwords (connection);

          if (found->len > 0)
            *password = unquote_value (connection,
                                       &g_array_index (found, PasswordSpan, found->len - 1));
        }
    }

  if (connection == NULL)
    return NULL;

  spans = find_passwords (connection);
  stripped = rewrite_spans (connection, spans, NULL);

  /* The readers above follow libpq's; should they ever part ways, the
   * text still must not keep a password. */
  if (sluice_profile_connection_has_password (stripped))
    {
      g_free (stripped);
      return g_strdup ("");
    }

  return stripped;
}

char *
sluice_profile_connection_redact_password (const char *connection)
{
  g_autoptr(GArray) spans = NULL;
  g_autofree char *redacted = NULL;

  if (connection == NULL)
    return NULL;

  spans = find_passwords (connection);
  redacted = rewrite_spans (connection, spans, "***");

  /* As in strip: a password the readers missed is not shown either. */
  {
    g_autofree char *stripped = rewrite_spans (connection, spans, NULL);

    if (sluice_profile_connection_has_password (stripped))
      return g_strdup ("***");
  }

  return g_steal_pointer (&redacted);
}

/* Reading JSON */

/* What a person would call the JSON value they wrote, for error messages. */
static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");

    case JSON_NODE_ARRAY:
      return _("a list");

    case JSON_NODE_NULL:
      return _("null");

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:  return _("text");
        case G_TYPE_BOOLEAN: return _("true or false");
        case G_TYPE_INT64:
        case G_TYPE_DOUBLE:  return _("a number");
        default:             return _("an unknown value");
        }
    }
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Reads a text member.  A missing member is fine when !@required; null is
 * fine when @nullable. */
static gboolean
read_string_member (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    gboolean     nullable,
                    const char **value,
                    const char **bad_member,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;

  if (node == NULL)
    {
      if (!required)
        return TRUE;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("it has no “%s” member, which is required"), member);
      return FALSE;
    }

  if (nullable && JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_is_string (node))
    {
      *bad_member = member;
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“%s” must be text, not %s"), member, describe_node (node));
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_milliseconds_member (JsonObject  *object,
                          const char  *member,
                          guint       *value,
                          const char **bad_member,
                          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  *value = 0;

  /* Missing or null: the server's own setting. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (node);

      if (number >= 0 && number <= G_MAXUINT)
        {
          *value = (guint)number;
          return TRUE;
        }

      *bad_member = member;
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“%s” is %lld, which is not between 0 and %u milliseconds"),
                   member, (long long) number, G_MAXUINT);
      return FALSE;
    }

  /* "3000.0" or "3e3", as some tools write numbers, is still a whole
   * number of milliseconds. */
  if (type == G_TYPE_DOUBLE)
    {
      double number = json_node_get_double (node);

      if (number >= 0 && number <= G_MAXUINT && number == (double)(guint)number)
        {
          *value = (guint)number;
          return TRUE;
        }

      *bad_member = member;
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“%s” is %g, which is not a whole number of milliseconds between 0 and %u"),
                   member, number, G_MAXUINT);
      return FALSE;
    }

  *bad_member = member;
  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("“%s” must be a whole number of milliseconds, not %s"),
               member, describe_node (node));
  return FALSE;
}

static gboolean
string_is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

static void
warn_about_password_once (void)
{
  static gsize warned = 0;

  /* Once per process: the point is to tell the user, not to fill the
   * journal.  The value itself is never printed. */
  if (g_once_init_enter (&warned))
    {
      /* Plain ASCII: log messages are not translated, and reach consoles
       * in any encoding. */
      g_warning ("profiles.json holds a \"password\" member; Sluice ignores it and "
                 "will not write it back. Keep passwords in the keyring or in ~/.pgpass.");
      g_once_init_leave (&warned, 1);
    }
}

/* Once per profile: which one to fix.  The password itself is never
 * printed.  Plain ASCII, untranslated, as above. */
static void
warn_about_connection_password (const char *name,
                                gboolean    reading)
{
  if (reading)
    g_warning ("profiles.json holds a password in the connection of the profile \"%s\"; "
               "Sluice ignores it and will not write it back. Keep passwords in the keyring "
               "(the profile's Password field) or in ~/.pgpass.",
               name != NULL ? name : "");
  else
    g_warning ("The connection of the profile \"%s\" holds a password; it was left out of "
               "profiles.json. Keep passwords in the keyring (the profile's Password field) "
               "or in ~/.pgpass.",
               name != NULL ? name : "");
}

/* The optional "lint" member: {"rule-id": "error"|"warning"|"info"|"off"}.
 * Rule ids are not checked here: a newer Sluice's rules are kept. */
static gboolean
read_lint_member (JsonObject  *object,
                  JsonObject **lint,
                  const char **bad_member,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, MEMBER_LINT);
  JsonObjectIter iter;
  const char *rule;
  JsonNode *value;

  *lint = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *bad_member = MEMBER_LINT;
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“%s” must be an object of rule names and severities, not %s"),
                   MEMBER_LINT, describe_node (node));
      return FALSE;
    }

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &rule, &value))
    {
      if (!node_is_string (value) || !lint_severity_is_known (json_node_get_string (value)))
        {
          *bad_member = MEMBER_LINT;
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("the lint severity of “%s” must be one of error, warning, info or off"),
                       rule);
          return FALSE;
        }
    }

  *lint = json_node_get_object (node);
  return TRUE;
}

SluiceProfile *
_sluice_profile_new_from_json_full (JsonObject  *object,
                                    const char **bad_member,
                                    GError     **error)
{
  SluiceProfile *self;
  g_autofree char *stripped_connection = NULL;
  const char *unused_member = NULL;
  const char *id, *name, *environment_text, *connection, *folder, *guard_text;
  SluiceEnvironment environment;
  SluiceGuardLevel guard;
  guint lock_timeout_ms, statement_timeout_ms;
  JsonObject *lint = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (bad_member == NULL)
    bad_member = &unused_member;
  *bad_member = NULL;

  if (!read_string_member (object, MEMBER_NAME, TRUE, FALSE, &name, bad_member, error))
    return NULL;
  if (string_is_blank (name))
    {
      *bad_member = MEMBER_NAME;
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("its “name” is empty"));
      return NULL;
    }

  if (!read_string_member (object, MEMBER_ID, FALSE, FALSE, &id, bad_member, error) ||
      !read_string_member (object, MEMBER_ENVIRONMENT, TRUE, FALSE, &environment_text, bad_member, error) ||
      !read_string_member (object, MEMBER_CONNECTION, TRUE, FALSE, &connection, bad_member, error) ||
      !read_string_member (object, MEMBER_MIGRATION_FOLDER, FALSE, TRUE, &folder, bad_member, error) ||
      !read_string_member (object, MEMBER_GUARD, FALSE, TRUE, &guard_text, bad_member, error) ||
      !read_milliseconds_member (object, MEMBER_LOCK_TIMEOUT_MS, &lock_timeout_ms, bad_member, error) ||
      !read_milliseconds_member (object, MEMBER_STATEMENT_TIMEOUT_MS, &statement_timeout_ms, bad_member, error) ||
      !read_lint_member (object, &lint, bad_member, error))
    return NULL;

  if (!sluice_environment_from_string (environment_text, &environment))
    {
      *bad_member = MEMBER_ENVIRONMENT;
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“environment” is “%s”, which is not one of sandbox, dev, staging or prod"),
                   environment_text);
      return NULL;
    }

  /* A hand-written profile without a guard gets its environment's: the
   * safe default, never a weaker one. */
  if (guard_text == NULL)
    guard = sluice_environment_default_guard (environment);
  else if (!sluice_guard_level_from_string (guard_text, &guard))
    {
      *bad_member = MEMBER_GUARD;
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("“guard” is “%s”, which is not one of relaxed, confirm or strict"),
                   guard_text);
      return NULL;
    }

  if (json_object_has_member (object, MEMBER_PASSWORD))
    warn_about_password_once ();

  /* Kept, it would be written back on the next save. */
  if (sluice_profile_connection_has_password (connection))
    {
      stripped_connection = sluice_profile_connection_strip_password (connection, NULL);
      connection = stripped_connection;
      warn_about_connection_password (name, TRUE);
    }

  self = g_object_new (SLUICE_TYPE_PROFILE,
                       "id", id,
                       "name", name,
                       "environment", environment,
                       "connection", connection,
                       "migration-folder", folder,
                       "guard", guard,
                       "lock-timeout-ms", lock_timeout_ms,
                       "statement-timeout-ms", statement_timeout_ms,
                       NULL);
  self->source = json_object_ref (object);

  if (lint != NULL)
    {
      JsonObjectIter iter;
      const char *rule;
      JsonNode *value;

      json_object_iter_init (&iter, lint);
      while (json_object_iter_next (&iter, &rule, &value))
        g_hash_table_replace (self->lint, g_strdup (rule), g_strdup (json_node_get_string (value)));
    }

  return self;
}

SluiceProfile *
sluice_profile_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  SluiceProfile *self;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = _sluice_profile_new_from_json_full (object, NULL, &local_error);
  if (self == NULL)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("Invalid profile: %s"), local_error->message);

  return self;
}

/* Writing JSON */

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

JsonObject *
sluice_profile_to_json (SluiceProfile *self)
{
  JsonObject *object;

  g_return_val_if_fail (SLUICE_IS_PROFILE (self), NULL);

  object = json_object_new ();

  /* Start from what the profile was read from, so members Sluice does not
   * know survive, in the order the file had them; a new profile gets
   * Sluice's members in this stable order. */
  if (self->source != NULL)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init_ordered (&iter, self->source);
      while (json_object_iter_next_ordered (&iter, &member, &node))
        {
          if (g_strcmp0 (member, MEMBER_PASSWORD) != 0)
            json_object_set_member (object, member, json_node_copy (node));
        }
    }

  json_object_set_string_member (object, MEMBER_ID, self->id);
  /* Never null: the file must read back.  An empty connection is libpq's
   * defaults; the store refuses to save a profile without a name. */
  json_object_set_string_member (object, MEMBER_NAME, self->name != NULL ? self->name : "");
  json_object_set_string_member (object, MEMBER_ENVIRONMENT,
                                 sluice_environment_to_string (self->environment));
  /* Whoever set it, a password in the connection is not written. */
  if (sluice_profile_connection_has_password (self->connection))
    {
      g_autofree char *stripped = sluice_profile_connection_strip_password (self->connection, NULL);

      warn_about_connection_password (self->name, FALSE);
      json_object_set_string_member (object, MEMBER_CONNECTION, stripped);
    }
  else
    json_object_set_string_member (object, MEMBER_CONNECTION,
                                   self->connection != NULL ? self->connection : "");
  set_string_or_null (object, MEMBER_MIGRATION_FOLDER, self->migration_folder);
  json_object_set_string_member (object, MEMBER_GUARD,
                                 sluice_guard_level_to_string (self->guard));
  json_object_set_int_member (object, MEMBER_LOCK_TIMEOUT_MS, self->lock_timeout_ms);
  json_object_set_int_member (object, MEMBER_STATEMENT_TIMEOUT_MS, self->statement_timeout_ms);

  /* Only written when set, so that files without it stay as they were. */
  if (g_hash_table_size (self->lint) > 0)
    {
      g_auto(GStrv) rules = sluice_profile_dup_lint_rules (self);
      JsonObject *lint = json_object_new ();

      for (guint i = 0; rules[i] != NULL; i++)
        json_object_set_string_member (lint, rules[i], g_hash_table_lookup (self->lint, rules[i]));
      json_object_set_object_member (object, MEMBER_LINT, lint);
    }
  else if (json_object_has_member (object, MEMBER_LINT))
    json_object_remove_member (object, MEMBER_LINT);

  return object;
}
