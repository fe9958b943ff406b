/* sluice-conninfo-summary.h: where a profile points, in a few words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A short description of a conninfo string, postgres:// URI or service name
 * for labels ("sluice_demo on db.example.com", "service “billing”").  It
 * never contains a password.  The app reads no libpq, so this is a small
 * reader of the two documented syntaxes, enough for a label. */
char *sluice_conninfo_summarize (const char *connection);

G_END_DECLS
