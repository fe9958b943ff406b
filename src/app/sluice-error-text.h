/* sluice-error-text.h: a GError as the windows show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The error's message without libpq's trailing newline; for a
 * SLUICE_SERVER_ERROR, followed by the server's detail, hint and SQLSTATE,
 * one to a line, so a person sees all the server said. */
char *sluice_error_text_describe (const GError *error);

G_END_DECLS
