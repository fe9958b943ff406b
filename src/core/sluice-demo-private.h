/* sluice-demo-private.h: seeding the sandbox's demo database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Applies the first half of the demo folder (sluice_demo_dir(); ceil(n/2)
 * migrations) to the database at @conninfo, recording them in Sluice's
 * history, so that a fresh sandbox has both applied and pending
 * migrations to show.  Only for a database that was just created.  On
 * failure the error names the migration that failed; the ones before it
 * stay applied. */
void      _sluice_demo_seed_async  (const char          *conninfo,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  _sluice_demo_seed_finish (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
