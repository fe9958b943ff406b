/* sluice-cli-table.h: column-aligned tables and JSON members for the
 * subcommands of sluice-cli (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A table for people: the header and the rows are kept until printed, so
 * that each column is as wide as its widest cell (in terminal columns,
 * by sluice_cli_display_width), with two blanks between columns. */
typedef struct
{
  guint      n_columns;
  GPtrArray *rows;   /* GStrv of n_columns cells each; row 0 is the header */
} SluiceCliTable;

/* @header: the NULL-terminated column titles, copied. */
void  sluice_cli_table_init            (SluiceCliTable     *table,
                                        const char * const *header);
/* Takes n_columns `const char *` cells, copied; NULL or "" shows as "-". */
void  sluice_cli_table_add             (SluiceCliTable     *table,
                                        ...);
/* Takes @cells: a NULL-terminated array of exactly n_columns strings. */
void  sluice_cli_table_add_row         (SluiceCliTable     *table,
                                        char              **cells);
/* Prints the rows on stdout, without trailing blanks, and frees them. */
void  sluice_cli_table_print_and_clear (SluiceCliTable     *table);

/* "@member": @value, or null when @value is NULL. */
void  sluice_cli_json_add_string       (JsonBuilder        *builder,
                                        const char         *member,
                                        const char         *value);
/* "@member": ISO 8601 in UTC ("2026-11-21T09:40:12.345678Z"), or null. */
void  sluice_cli_json_add_time         (JsonBuilder        *builder,
                                        const char         *member,
                                        GDateTime          *when);
/* @when as ISO 8601 in UTC, or NULL when @when is NULL. */
char *sluice_cli_format_utc_time       (GDateTime          *when);

G_END_DECLS
