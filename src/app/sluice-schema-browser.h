/* sluice-schema-browser.h: a catalog's objects as a tree, with the
 * selected object's DDL and attributes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_SCHEMA_BROWSER (sluice_schema_browser_get_type ())

G_DECLARE_FINAL_TYPE (SluiceSchemaBrowser, sluice_schema_browser, SLUICE, SCHEMA_BROWSER, GtkWidget)

GtkWidget           *sluice_schema_browser_new                 (void);
void                 sluice_schema_browser_set_catalog         (SluiceSchemaBrowser *self,
                                                                SluiceCatalog       *catalog);
/* The line above the tree that says where the catalog came from. */
void                 sluice_schema_browser_set_source          (SluiceSchemaBrowser *self,
                                                                const char          *source);
/* The rows of the tree as shown (GtkTreeListRow of SluiceSchemaNode). */
GListModel          *sluice_schema_browser_get_tree_rows       (SluiceSchemaBrowser *self);
void                 sluice_schema_browser_set_search          (SluiceSchemaBrowser *self,
                                                                const char          *text);
/* Opens the tree down to the object of @identity and selects it; FALSE
 * when the catalog has no such object. */
gboolean             sluice_schema_browser_select_identity     (SluiceSchemaBrowser *self,
                                                                const char          *identity);
SluiceCatalogObject *sluice_schema_browser_get_selected_object (SluiceSchemaBrowser *self);
char                *sluice_schema_browser_dup_ddl             (SluiceSchemaBrowser *self);
GtkGrid             *sluice_schema_browser_get_attributes      (SluiceSchemaBrowser *self);

G_END_DECLS
