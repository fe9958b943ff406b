/* sluice-error.h: the error domains of libsluice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SLUICE_ERROR (sluice_error_quark ())

/* Errors that libsluice raises itself.  Errors reported by a PostgreSQL
 * server use SLUICE_SERVER_ERROR below, so that callers can read the
 * SQLSTATE, detail and hint the server sent. */
typedef enum
{
  SLUICE_ERROR_FAILED,
  SLUICE_ERROR_CONNECTION,     /* could not connect, or the connection was lost */
  SLUICE_ERROR_INVALID_INPUT,  /* a file or argument we were given is malformed */
  SLUICE_ERROR_NOT_FOUND,      /* a named profile, tool or file does not exist */
  SLUICE_ERROR_BUSY,           /* the object is already doing what was asked */
  SLUICE_ERROR_TOOL,           /* an external program (initdb, pg_ctl, ...) failed */
} SluiceError;

#define SLUICE_SERVER_ERROR (sluice_server_error_quark ())

/* A server error: the GError code is the SQLSTATE packed with
 * MAKE_SQLSTATE-style 6-bit encoding (see sluice_sqlstate_to_code()), and the
 * full fields are kept in the error's private data. */
typedef enum
{
  SLUICE_SERVER_ERROR_UNKNOWN = 0,
} SluiceServerError;

GQuark       sluice_error_quark                (void);
GQuark       sluice_server_error_quark         (void);

int          sluice_sqlstate_to_code           (const char   *sqlstate);

void         sluice_set_server_error           (GError      **error,
                                                const char   *sqlstate,
                                                const char   *message,
                                                const char   *detail,
                                                const char   *hint);
const char  *sluice_server_error_get_sqlstate  (const GError *error);
const char  *sluice_server_error_get_detail    (const GError *error);
const char  *sluice_server_error_get_hint      (const GError *error);
gboolean     sluice_server_error_matches       (const GError *error,
                                                const char   *sqlstate);

/* @text (a libpq message, a program's output, a log excerpt) on one line,
 * for a message a person reads: split at line breaks and tabs, every part
 * stripped of its blanks, the empty ones dropped, the rest joined by one
 * space.  "" for NULL. */
char        *sluice_error_tidy_message         (const char   *text);

G_END_DECLS
