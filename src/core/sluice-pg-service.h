/* sluice-pg-service.h: reading pg_service.conf as libpq does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char       *name;      /* the [section] name */
  GHashTable *params;    /* keyword -> value, both strings */
  guint       line;      /* where the section starts, 1-based */
} SluicePgService;

void        sluice_pg_service_free          (SluicePgService *service);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluicePgService, sluice_pg_service_free)

/* Parses the text of a pg_service.conf (sections, key=value lines, '#'
 * comments) into a GPtrArray of SluicePgService.  A malformed line gives
 * SLUICE_ERROR_INVALID_INPUT naming @origin and the line.  A "password"
 * keyword is dropped, never kept: Sluice does not copy passwords. */
GPtrArray  *sluice_pg_service_parse         (const char      *text,
                                             gsize            length,
                                             const char      *origin,
                                             GError         **error);
/* The files libpq reads, in its order, that exist on this machine. */
GStrv       sluice_pg_service_default_paths (void);

G_END_DECLS
