/* sluice-types.h: forward declarations and enums shared across libsluice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _SluiceConnection     SluiceConnection;
typedef struct _SluiceResult         SluiceResult;
typedef struct _SluiceProfile        SluiceProfile;
typedef struct _SluiceProfileStore   SluiceProfileStore;
typedef struct _SluiceSandbox        SluiceSandbox;
typedef struct _SluiceSession        SluiceSession;
typedef struct _SluiceOverview       SluiceOverview;

typedef enum
{
  SLUICE_ENVIRONMENT_SANDBOX,
  SLUICE_ENVIRONMENT_DEV,
  SLUICE_ENVIRONMENT_STAGING,
  SLUICE_ENVIRONMENT_PROD,
} SluiceEnvironment;

/* How much a profile guards writes.  RELAXED: no confirmation; CONFIRM: every
 * write asks once; STRICT: every write asks for the database name to be typed,
 * and writing EXPLAIN ANALYZE is refused. */
typedef enum
{
  SLUICE_GUARD_RELAXED,
  SLUICE_GUARD_CONFIRM,
  SLUICE_GUARD_STRICT,
} SluiceGuardLevel;

typedef enum
{
  SLUICE_CONNECTION_DISCONNECTED,
  SLUICE_CONNECTION_CONNECTING,
  SLUICE_CONNECTION_READY,
  SLUICE_CONNECTION_BUSY,
  SLUICE_CONNECTION_FAILED,     /* connect failed, or the server went away */
} SluiceConnectionState;

/* How a profile's connection string is to be read (derived from its text,
 * by the same rule as the CLI: a postgres:// URI, a conninfo with '=', or
 * otherwise a pg_service.conf service name). */
typedef enum
{
  SLUICE_CONNECTION_KIND_CONNINFO,
  SLUICE_CONNECTION_KIND_URI,
  SLUICE_CONNECTION_KIND_SERVICE,
} SluiceConnectionKind;

typedef enum
{
  SLUICE_SANDBOX_MISSING,       /* no cluster has been created yet */
  SLUICE_SANDBOX_STOPPED,
  SLUICE_SANDBOX_STARTING,
  SLUICE_SANDBOX_RUNNING,
  SLUICE_SANDBOX_STOPPING,
} SluiceSandboxState;

GType        sluice_environment_get_type         (void) G_GNUC_CONST;
GType        sluice_guard_level_get_type         (void) G_GNUC_CONST;
GType        sluice_connection_state_get_type    (void) G_GNUC_CONST;
GType        sluice_connection_kind_get_type     (void) G_GNUC_CONST;
GType        sluice_sandbox_state_get_type       (void) G_GNUC_CONST;
#define SLUICE_TYPE_ENVIRONMENT        (sluice_environment_get_type ())
#define SLUICE_TYPE_GUARD_LEVEL        (sluice_guard_level_get_type ())
#define SLUICE_TYPE_CONNECTION_STATE   (sluice_connection_state_get_type ())
#define SLUICE_TYPE_CONNECTION_KIND    (sluice_connection_kind_get_type ())
#define SLUICE_TYPE_SANDBOX_STATE      (sluice_sandbox_state_get_type ())

/* Stable, untranslated names used in files and on the command line
 * ("sandbox", "dev", "staging", "prod"; "relaxed", "confirm", "strict"). */
const char        *sluice_environment_to_string   (SluiceEnvironment  environment);
gboolean           sluice_environment_from_string (const char        *text,
                                                   SluiceEnvironment *environment);
const char        *sluice_environment_get_label   (SluiceEnvironment  environment); /* translated */
SluiceGuardLevel   sluice_environment_default_guard (SluiceEnvironment environment);
const char        *sluice_guard_level_to_string   (SluiceGuardLevel   guard);
gboolean           sluice_guard_level_from_string (const char        *text,
                                                   SluiceGuardLevel  *guard);
const char        *sluice_guard_level_get_label   (SluiceGuardLevel   guard);      /* translated */

SluiceConnectionKind sluice_connection_kind_for_text (const char *connection);

/* Which way a run goes: applying migrations, or reverting them. */
typedef enum
{
  SLUICE_RUN_UP,
  SLUICE_RUN_DOWN,
} SluiceRunDirection;

/* "up" or "down": the words of sluice.run_log.direction and of the CLI. */
const char          *sluice_run_direction_to_string  (SluiceRunDirection direction);

G_END_DECLS
