/* sluice-conninfo.h: writing (and reading) libpq connection strings
 *
 * Plain functions, no type: what the parts of libsluice that build or show
 * a conninfo ("host=/run/x port=5432 dbname=shop") share, so that they all
 * quote and read values the way libpq does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @value to @conninfo as a conninfo value (what follows "key=").
 * It stays bare when libpq reads it back unchanged and it cannot be taken
 * for anything else, which keeps the common case readable; it is written
 * in single quotes, with every ' and \ escaped by a backslash, when it is
 * empty or holds a blank, a quote, a backslash or an '=' (a bare service
 * name with an '=' would read as a conninfo). */
void  sluice_conninfo_append_value (GString    *conninfo,
                                    const char *value);

/* Where @connection (a conninfo, postgres:// URI or service name) points,
 * in a few words for labels: "billing on db.example.com:6432", "sluice_demo
 * on local socket, port 54321", "billing on db1, db2:6432", "service
 * “billing”".  Read with libpq's own parser (host lists, hostaddr, URI
 * parameters); never holds a password. */
char *sluice_conninfo_describe     (const char *connection);

G_END_DECLS
