/* sluice-lint-config.c: which lint rules report at which severity, and for
 * which server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-lint-private.h"
#include "sluice-profile.h"

struct _SluiceLintConfig
{
  gatomicrefcount   ref_count;
  SluiceGuardLevel  guard;
  GHashTable       *overrides;       /* rule id -> GINT_TO_POINTER (severity) */
  guint             server_version;
  gboolean          runner_sets_lock_timeout;
};

G_DEFINE_BOXED_TYPE (SluiceLintConfig, sluice_lint_config,
                     sluice_lint_config_ref, sluice_lint_config_unref)

/* Severity names */

static const char * const severity_names[] = {
  [SLUICE_LINT_SEVERITY_OFF] = "off",
  [SLUICE_LINT_SEVERITY_INFO] = "info",
  [SLUICE_LINT_SEVERITY_WARNING] = "warning",
  [SLUICE_LINT_SEVERITY_ERROR] = "error",
};

GType
sluice_lint_severity_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SLUICE_LINT_SEVERITY_OFF, "SLUICE_LINT_SEVERITY_OFF", "off" },
        { SLUICE_LINT_SEVERITY_INFO, "SLUICE_LINT_SEVERITY_INFO", "info" },
        { SLUICE_LINT_SEVERITY_WARNING, "SLUICE_LINT_SEVERITY_WARNING", "warning" },
        { SLUICE_LINT_SEVERITY_ERROR, "SLUICE_LINT_SEVERITY_ERROR", "error" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("SluiceLintSeverity"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

const char *
sluice_lint_severity_to_string (SluiceLintSeverity severity)
{
  if ((guint) severity >= G_N_ELEMENTS (severity_names))
    return NULL;
  return severity_names[severity];
}

gboolean
sluice_lint_severity_from_string (const char         *text,
                                  SluiceLintSeverity *severity)
{
  g_return_val_if_fail (severity != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (severity_names); i++)
    {
      if (g_ascii_strcasecmp (text, severity_names[i]) == 0)
        {
          *severity = (SluiceLintSeverity) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The configuration */

SluiceLintConfig *
sluice_lint_config_new (SluiceGuardLevel guard)
{
  SluiceLintConfig *config = g_new0 (SluiceLintConfig, 1);

  g_atomic_ref_count_init (&config->ref_count);
  config->guard = CLAMP (guard, SLUICE_GUARD_RELAXED, SLUICE_GUARD_STRICT);
  config->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  config->server_version = SLUICE_LINT_DEFAULT_SERVER_VERSION;

  return config;
}

SluiceLintConfig *
sluice_lint_config_new_for_profile (SluiceProfile *profile)
{
  g_auto(GStrv) rules = NULL;
  SluiceLintConfig *config;

  g_return_val_if_fail (SLUICE_IS_PROFILE (profile), NULL);

  config = sluice_lint_config_new (sluice_profile_get_guard (profile));
  /* Sluice's runner sets the profile's lock_timeout before each migration. */
  config->runner_sets_lock_timeout = sluice_profile_get_lock_timeout_ms (profile) > 0;

  rules = sluice_profile_dup_lint_rules (profile);
  for (guint i = 0; rules[i] != NULL; i++)
    {
      SluiceLintSeverity severity;

      if (sluice_lint_severity_from_string (sluice_profile_get_lint_severity (profile, rules[i]), &severity))
        sluice_lint_config_set_severity (config, rules[i], severity);
    }

  return config;
}

SluiceLintConfig *
sluice_lint_config_ref (SluiceLintConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  g_atomic_ref_count_inc (&config->ref_count);
  return config;
}

void
sluice_lint_config_unref (SluiceLintConfig *config)
{
  g_return_if_fail (config != NULL);

  if (g_atomic_ref_count_dec (&config->ref_count))
    {
      g_hash_table_unref (config->overrides);
      g_free (config);
    }
}

SluiceGuardLevel
sluice_lint_config_get_guard (SluiceLintConfig *config)
{
  g_return_val_if_fail (config != NULL, SLUICE_GUARD_STRICT);

  return config->guard;
}

void
sluice_lint_config_set_severity (SluiceLintConfig   *config,
                                 const char         *rule,
                                 SluiceLintSeverity  severity)
{
  g_return_if_fail (config != NULL);
  g_return_if_fail (rule != NULL);
  g_return_if_fail (severity <= SLUICE_LINT_SEVERITY_ERROR);

  g_hash_table_replace (config->overrides, g_strdup (rule), GINT_TO_POINTER (severity));
}

void
sluice_lint_config_unset_severity (SluiceLintConfig *config,
                                   const char       *rule)
{
  g_return_if_fail (config != NULL);
  g_return_if_fail (rule != NULL);

  g_hash_table_remove (config->overrides, rule);
}

SluiceLintSeverity
sluice_lint_config_get_severity (SluiceLintConfig *config,
                                 const char       *rule)
{
  gpointer value;

  g_return_val_if_fail (config != NULL, SLUICE_LINT_SEVERITY_OFF);
  g_return_val_if_fail (rule != NULL, SLUICE_LINT_SEVERITY_OFF);

  if (g_hash_table_lookup_extended (config->overrides, rule, NULL, &value))
    return (SluiceLintSeverity) GPOINTER_TO_INT (value);

  return sluice_lint_rule_get_default_severity (rule, config->guard);
}

/* 11 -> 110000; 9 (a 9.x major written alone) is refused by the parser,
 * but a caller's 96 or 9 still means something: the first release. */
static guint
normalise_server_version (guint version)
{
  if (version == 0)
    return SLUICE_LINT_DEFAULT_SERVER_VERSION;
  if (version < 100)
    return version * 10000;
  return version;
}

void
sluice_lint_config_set_server_version (SluiceLintConfig *config,
                                       guint             server_version)
{
  g_return_if_fail (config != NULL);

  config->server_version = normalise_server_version (server_version);
}

guint
sluice_lint_config_get_server_version (SluiceLintConfig *config)
{
  g_return_val_if_fail (config != NULL, SLUICE_LINT_DEFAULT_SERVER_VERSION);

  return config->server_version;
}

void
sluice_lint_config_set_runner_sets_lock_timeout (SluiceLintConfig *config,
                                                 gboolean          sets)
{
  g_return_if_fail (config != NULL);

  config->runner_sets_lock_timeout = !!sets;
}

gboolean
sluice_lint_config_get_runner_sets_lock_timeout (SluiceLintConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  return config->runner_sets_lock_timeout;
}

static gboolean
parse_number (const char *text,
              guint64    *value)
{
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  *value = g_ascii_strtoull (text, &end, 10);
  return end != NULL && *end == '\0' && *value <= G_MAXUINT;
}

gboolean
sluice_lint_parse_server_version (const char  *text,
                                  guint       *server_version,
                                  GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 major = 0, minor = 0;
  guint n_parts;

  g_return_val_if_fail (server_version != NULL, FALSE);

  if (text != NULL)
    {
      parts = g_strsplit (text, ".", -1);
      n_parts = g_strv_length (parts);

      if (n_parts == 1 && parse_number (parts[0], &major))
        {
          /* "15" or "150004" */
          if (major >= 10 && major < 100)
            {
              *server_version = (guint) major * 10000;
              return TRUE;
            }
          if (major >= 100000 && major < 1000000)
            {
              *server_version = (guint) major;
              return TRUE;
            }
        }
      else if (n_parts == 2 && parse_number (parts[0], &major) && parse_number (parts[1], &minor) &&
               major >= 10 && major < 100 && minor < 100)
        {
          *server_version = (guint) (major * 10000 + minor);
          return TRUE;
        }
    }

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("“%s” is not a PostgreSQL server version; give the major (“15”), "
                 "major.minor (“15.4”) or server_version_num (“150004”), 10 or newer."),
               text != NULL ? text : "");
  return FALSE;
}
