/* sluice-overview.h: the facts of the Overview page, read in one round trip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  char   *version;
  char   *schema;
} SluiceExtensionInfo;

typedef struct
{
  char   *schema;
  char   *name;
  gint64  total_bytes;   /* heap + indexes + TOAST */
  gint64  table_bytes;
  gint64  index_bytes;
  gint64  estimated_rows;
} SluiceTableSize;

#define SLUICE_TYPE_OVERVIEW (sluice_overview_get_type ())
G_DECLARE_FINAL_TYPE (SluiceOverview, sluice_overview, SLUICE, OVERVIEW, GObject)

void             sluice_overview_load_async            (SluiceConnection    *connection,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
SluiceOverview  *sluice_overview_load_finish           (GAsyncResult        *result,
                                                        GError             **error);

const char      *sluice_overview_get_server_version    (SluiceOverview *self); /* "PostgreSQL 15.4 on ..." short form "15.4" */
const char      *sluice_overview_get_database          (SluiceOverview *self);
gint64           sluice_overview_get_database_bytes    (SluiceOverview *self);
GDateTime       *sluice_overview_get_started_at        (SluiceOverview *self);
gint64           sluice_overview_get_uptime_seconds    (SluiceOverview *self);
int              sluice_overview_get_connections_used  (SluiceOverview *self);
int              sluice_overview_get_connections_max   (SluiceOverview *self);
/* SluiceExtensionInfo, by name. */
GPtrArray       *sluice_overview_get_extensions        (SluiceOverview *self);
/* SluiceTableSize, the ten largest by total size, largest first. */
GPtrArray       *sluice_overview_get_largest_tables    (SluiceOverview *self);
gint64           sluice_overview_get_round_trip_us     (SluiceOverview *self);

G_END_DECLS
