/* sluice-profile.h: one connection profile (dev, staging, prod, sandbox)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sluice-types.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PROFILE (sluice_profile_get_type ())
G_DECLARE_FINAL_TYPE (SluiceProfile, sluice_profile, SLUICE, PROFILE, GObject)

/* Properties (all notify): "id" (construct-only, a UUID generated when
 * NULL), "name", "environment" (SluiceEnvironment), "connection" (conninfo,
 * URI or service name), "connection-kind" (read-only, derived), "migration-
 * folder" (nullable path), "guard" (SluiceGuardLevel), "colour" (read-only,
 * "#rrggbb" derived from the environment), "lock-timeout-ms" and
 * "statement-timeout-ms" (0 = the server's setting). */
SluiceProfile        *sluice_profile_new                  (const char        *name,
                                                           SluiceEnvironment  environment,
                                                           const char        *connection);
/* A copy with a new id and "NAME (copy)"-style name chosen by the caller. */
SluiceProfile        *sluice_profile_duplicate            (SluiceProfile     *self,
                                                           const char        *new_name);

const char           *sluice_profile_get_id               (SluiceProfile     *self);
const char           *sluice_profile_get_name             (SluiceProfile     *self);
void                  sluice_profile_set_name             (SluiceProfile     *self,
                                                           const char        *name);
SluiceEnvironment     sluice_profile_get_environment      (SluiceProfile     *self);
void                  sluice_profile_set_environment      (SluiceProfile     *self,
                                                           SluiceEnvironment  environment);
const char           *sluice_profile_get_connection       (SluiceProfile     *self);
void                  sluice_profile_set_connection       (SluiceProfile     *self,
                                                           const char        *connection);
SluiceConnectionKind  sluice_profile_get_connection_kind  (SluiceProfile     *self);
const char           *sluice_profile_get_migration_folder (SluiceProfile     *self);
void                  sluice_profile_set_migration_folder (SluiceProfile     *self,
                                                           const char        *path);
SluiceGuardLevel      sluice_profile_get_guard            (SluiceProfile     *self);
void                  sluice_profile_set_guard            (SluiceProfile     *self,
                                                           SluiceGuardLevel   guard);
const char           *sluice_profile_get_colour           (SluiceProfile     *self);
guint                 sluice_profile_get_lock_timeout_ms  (SluiceProfile     *self);
void                  sluice_profile_set_lock_timeout_ms  (SluiceProfile     *self,
                                                           guint              ms);
guint                 sluice_profile_get_statement_timeout_ms (SluiceProfile *self);
void                  sluice_profile_set_statement_timeout_ms (SluiceProfile *self,
                                                               guint          ms);

/* Lint rule severities, kept in the optional "lint" member of the JSON
 * form: {"rule-id": "error" | "warning" | "info" | "off"} (see
 * sluice-lint.h; ids Sluice does not know are kept).  get: the severity
 * name set for @rule, or NULL for the guard level's default.  set: a NULL
 * @severity removes the rule's entry; other values must be one of the four
 * names (not a property: no notify is emitted).  dup_lint_rules: the ids
 * that have a severity, sorted. */
const char           *sluice_profile_get_lint_severity    (SluiceProfile     *self,
                                                           const char        *rule);
void                  sluice_profile_set_lint_severity    (SluiceProfile     *self,
                                                           const char        *rule,
                                                           const char        *severity);
char                **sluice_profile_dup_lint_rules       (SluiceProfile     *self);

/* Passwords in connection text.  libpq takes a password in a conninfo
 * ("password=..."), in a URI's user part ("postgres://user:PASSWORD@host")
 * or in a URI parameter ("?password=..."); a service name holds none.
 * Sluice never writes one to a file: a profile read from profiles.json with
 * a password in its connection loses it (with a warning that names the
 * profile, never the password), and sluice_profile_to_json() never writes
 * one.  The password goes in the keyring or ~/.pgpass instead.
 *
 * has_password: whether @connection holds a non-empty password.
 * strip_password: @connection without its password (unchanged when it has
 *   none); @password (nullable) receives the password as libpq would read
 *   it (unquoted, percent-decoded), or NULL.
 * redact_password: @connection with the password written as "***", for
 *   showing it to a person. */
gboolean              sluice_profile_connection_has_password    (const char  *connection);
char                 *sluice_profile_connection_strip_password  (const char  *connection,
                                                                 char       **password);
char                 *sluice_profile_connection_redact_password (const char  *connection);

/* JSON form, as stored in profiles.json.  Members Sluice does not know are
 * kept and written back unchanged, so that a newer Sluice's fields survive an
 * older one.  Never holds a password. */
SluiceProfile        *sluice_profile_new_from_json        (JsonObject        *object,
                                                           GError           **error);
JsonObject           *sluice_profile_to_json              (SluiceProfile     *self);

G_END_DECLS
