/* sluice-unindexed-foreign-key.h: a foreign key no index covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SLUICE_TYPE_UNINDEXED_FOREIGN_KEY (sluice_unindexed_foreign_key_get_type ())
G_DECLARE_FINAL_TYPE (SluiceUnindexedForeignKey, sluice_unindexed_foreign_key, SLUICE, UNINDEXED_FOREIGN_KEY, GObject)

/* A FOREIGN KEY whose columns are not the leading columns (in any order)
 * of any valid, non-partial index of its table: every DELETE or key UPDATE
 * on the referenced table scans the whole referencing table.
 * Read-only properties: "schema", "table", "constraint-name", "columns"
 * (GStrv), "referenced-schema", "referenced-table", "table-bytes",
 * "estimated-rows", "explanation". */

const char          *sluice_unindexed_foreign_key_get_schema            (SluiceUnindexedForeignKey *self);
const char          *sluice_unindexed_foreign_key_get_table             (SluiceUnindexedForeignKey *self);
const char          *sluice_unindexed_foreign_key_get_constraint_name   (SluiceUnindexedForeignKey *self);
/* The referencing columns, in the constraint's order. */
const char * const  *sluice_unindexed_foreign_key_get_columns           (SluiceUnindexedForeignKey *self);
const char          *sluice_unindexed_foreign_key_get_referenced_schema (SluiceUnindexedForeignKey *self);
const char          *sluice_unindexed_foreign_key_get_referenced_table  (SluiceUnindexedForeignKey *self);
gint64               sluice_unindexed_foreign_key_get_table_bytes       (SluiceUnindexedForeignKey *self);
gint64               sluice_unindexed_foreign_key_get_estimated_rows    (SluiceUnindexedForeignKey *self);
/* One translated sentence. */
const char          *sluice_unindexed_foreign_key_get_explanation       (SluiceUnindexedForeignKey *self);
/* CREATE INDEX CONCURRENTLY ON schema.table (columns); identifiers quoted. */
char                *sluice_unindexed_foreign_key_dup_create_index_sql  (SluiceUnindexedForeignKey *self);

G_END_DECLS
