/* sluice-plan-io.h: reading and writing plans off the main thread, for the
 * Plans page and its comparison
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-plan.h"

G_BEGIN_DECLS

/* Parses pasted text (JSON, psql's text or a Sluice plan file) in a
 * thread: a plan of megabytes must not hold up the window. */
void        sluice_plan_io_parse_async   (const char           *text,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
SluicePlan *sluice_plan_io_parse_finish  (GAsyncResult         *result,
                                          GError              **error);

void        sluice_plan_io_load_async    (GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
SluicePlan *sluice_plan_io_load_finish   (GAsyncResult         *result,
                                          GError              **error);

/* Saves @plan as a Sluice plan file (atomically). */
void        sluice_plan_io_save_async    (SluicePlan           *plan,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    sluice_plan_io_save_finish   (GAsyncResult         *result,
                                          GError              **error);

/* The file filters of plan choosers: plans (JSON, text, Sluice's), and
 * every file. */
void        sluice_plan_io_add_filters   (GtkFileChooser       *chooser);

/* "plan-2024-03-12-1402.json": a name to save @plan under. */
char       *sluice_plan_io_suggest_name  (SluicePlan           *plan);

G_END_DECLS
