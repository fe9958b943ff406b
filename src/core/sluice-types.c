/* sluice-types.c: the enums shared across libsluice, and their stable names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-types.h"

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

DEFINE_ENUM_TYPE (SluiceEnvironment, sluice_environment,
                  { SLUICE_ENVIRONMENT_SANDBOX, "SLUICE_ENVIRONMENT_SANDBOX", "sandbox" },
                  { SLUICE_ENVIRONMENT_DEV, "SLUICE_ENVIRONMENT_DEV", "dev" },
                  { SLUICE_ENVIRONMENT_STAGING, "SLUICE_ENVIRONMENT_STAGING", "staging" },
                  { SLUICE_ENVIRONMENT_PROD, "SLUICE_ENVIRONMENT_PROD", "prod" })

DEFINE_ENUM_TYPE (SluiceGuardLevel, sluice_guard_level,
                  { SLUICE_GUARD_RELAXED, "SLUICE_GUARD_RELAXED", "relaxed" },
                  { SLUICE_GUARD_CONFIRM, "SLUICE_GUARD_CONFIRM", "confirm" },
                  { SLUICE_GUARD_STRICT, "SLUICE_GUARD_STRICT", "strict" })

DEFINE_ENUM_TYPE (SluiceConnectionState, sluice_connection_state,
                  { SLUICE_CONNECTION_DISCONNECTED, "SLUICE_CONNECTION_DISCONNECTED", "disconnected" },
                  { SLUICE_CONNECTION_CONNECTING, "SLUICE_CONNECTION_CONNECTING", "connecting" },
                  { SLUICE_CONNECTION_READY, "SLUICE_CONNECTION_READY", "ready" },
                  { SLUICE_CONNECTION_BUSY, "SLUICE_CONNECTION_BUSY", "busy" },
                  { SLUICE_CONNECTION_FAILED, "SLUICE_CONNECTION_FAILED", "failed" })

DEFINE_ENUM_TYPE (SluiceConnectionKind, sluice_connection_kind,
                  { SLUICE_CONNECTION_KIND_CONNINFO, "SLUICE_CONNECTION_KIND_CONNINFO", "conninfo" },
                  { SLUICE_CONNECTION_KIND_URI, "SLUICE_CONNECTION_KIND_URI", "uri" },
                  { SLUICE_CONNECTION_KIND_SERVICE, "SLUICE_CONNECTION_KIND_SERVICE", "service" })

DEFINE_ENUM_TYPE (SluiceSandboxState, sluice_sandbox_state,
                  { SLUICE_SANDBOX_MISSING, "SLUICE_SANDBOX_MISSING", "missing" },
                  { SLUICE_SANDBOX_STOPPED, "SLUICE_SANDBOX_STOPPED", "stopped" },
                  { SLUICE_SANDBOX_STARTING, "SLUICE_SANDBOX_STARTING", "starting" },
                  { SLUICE_SANDBOX_RUNNING, "SLUICE_SANDBOX_RUNNING", "running" },
                  { SLUICE_SANDBOX_STOPPING, "SLUICE_SANDBOX_STOPPING", "stopping" })

/* The stable names are the enums' nicks, so files, the CLI and GObject
 * properties all agree on one spelling. */
static const char *
enum_to_nick (GType type,
              int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found != NULL ? found->value_nick : NULL;
}

static gboolean
enum_from_nick (GType       type,
                const char *text,
                int        *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found;

  if (text == NULL)
    return FALSE;

  found = g_enum_get_value_by_nick (klass, text);
  if (found == NULL)
    return FALSE;

  *value = found->value;
  return TRUE;
}

const char *
sluice_environment_to_string (SluiceEnvironment environment)
{
  return enum_to_nick (SLUICE_TYPE_ENVIRONMENT, environment);
}

gboolean
sluice_environment_from_string (const char        *text,
                                SluiceEnvironment *environment)
{
  int value;

  if (!enum_from_nick (SLUICE_TYPE_ENVIRONMENT, text, &value))
    return FALSE;
  *environment = value;
  return TRUE;
}

const char *
sluice_environment_get_label (SluiceEnvironment environment)
{
  switch (environment)
    {
    case SLUICE_ENVIRONMENT_SANDBOX: return _("Sandbox");
    case SLUICE_ENVIRONMENT_DEV:     return _("Development");
    case SLUICE_ENVIRONMENT_STAGING: return _("Staging");
    case SLUICE_ENVIRONMENT_PROD:    return _("Production");
    default:                         g_return_val_if_reached (NULL);
    }
}

SluiceGuardLevel
sluice_environment_default_guard (SluiceEnvironment environment)
{
  switch (environment)
    {
    case SLUICE_ENVIRONMENT_PROD:    return SLUICE_GUARD_STRICT;
    case SLUICE_ENVIRONMENT_STAGING: return SLUICE_GUARD_CONFIRM;
    case SLUICE_ENVIRONMENT_SANDBOX:
    case SLUICE_ENVIRONMENT_DEV:
    default:                         return SLUICE_GUARD_RELAXED;
    }
}

const char *
sluice_guard_level_to_string (SluiceGuardLevel guard)
{
  return enum_to_nick (SLUICE_TYPE_GUARD_LEVEL, guard);
}

gboolean
sluice_guard_level_from_string (const char       *text,
                                SluiceGuardLevel *guard)
{
  int value;

  if (!enum_from_nick (SLUICE_TYPE_GUARD_LEVEL, text, &value))
    return FALSE;
  *guard = value;
  return TRUE;
}

const char *
sluice_guard_level_get_label (SluiceGuardLevel guard)
{
  switch (guard)
    {
    case SLUICE_GUARD_RELAXED: return _("Relaxed");
    case SLUICE_GUARD_CONFIRM: return _("Confirm writes");
    case SLUICE_GUARD_STRICT:  return _("Type the database name");
    default:                   g_return_val_if_reached (NULL);
    }
}

SluiceConnectionKind
sluice_connection_kind_for_text (const char *connection)
{
  if (connection == NULL)
    return SLUICE_CONNECTION_KIND_CONNINFO;
  if (g_str_has_prefix (connection, "postgresql://") ||
      g_str_has_prefix (connection, "postgres://"))
    return SLUICE_CONNECTION_KIND_URI;
  if (strchr (connection, '=') != NULL)
    return SLUICE_CONNECTION_KIND_CONNINFO;
  return SLUICE_CONNECTION_KIND_SERVICE;
}

const char *
sluice_run_direction_to_string (SluiceRunDirection direction)
{
  return direction == SLUICE_RUN_DOWN ? "down" : "up";
}
