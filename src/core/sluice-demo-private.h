/* sluice-demo-private.h: creating and seeding the sandbox's demo database
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

/* Says what the demo database's preparation is doing now (translated). */
typedef void (*SluiceDemoProgressFunc) (const char *progress,
                                        gpointer    user_data);

/* On a sandbox server that has just started: connects to @admin_conninfo
 * (its "postgres" database), creates SLUICE_SANDBOX_DEMO_DATABASE when it
 * is missing and then seeds it through @demo_conninfo
 * (_sluice_demo_seed_async()), calling @progress first.  A database that
 * was there already, or that another client created meanwhile, is left
 * as it is: Sluice seeds only what it created. */
void      _sluice_demo_database_prepare_async  (const char             *admin_conninfo,
                                                const char             *demo_conninfo,
                                                GCancellable           *cancellable,
                                                SluiceDemoProgressFunc  progress,
                                                gpointer                progress_data,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data);
/* On failure, @created says whether the database had been created (the
 * seeding failed: the database is there and usable) or not (it could not
 * be checked for or created).  A cancel fails with G_IO_ERROR_CANCELLED. */
gboolean  _sluice_demo_database_prepare_finish (GAsyncResult           *result,
                                                gboolean               *created,
                                                GError                **error);

G_END_DECLS
