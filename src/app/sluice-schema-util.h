/* sluice-schema-util.h: pieces the Schema page's views share: read-only SQL
 * views and the cells of attribute grids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "sluice.h"

G_BEGIN_DECLS

/* Makes @view a read-only, highlighted SQL view whose colours follow the
 * light or dark style. */
void       sluice_schema_setup_sql_view  (GtkSourceView *view);
void       sluice_schema_set_sql         (GtkSourceView *view,
                                          const char    *sql);
char      *sluice_schema_dup_sql         (GtkSourceView *view);

/* A wrapped, selectable label for a grid cell; "—" for NULL. */
GtkWidget *sluice_schema_cell_new        (const char    *text,
                                          gboolean       monospace);
void       sluice_schema_grid_clear      (GtkGrid       *grid);

/* The CSS class of a hazard pill ("data-loss", "table-rewrite" ...). */
char      *sluice_schema_hazard_css_class (SluiceHazards hazard);

G_END_DECLS
