/* sluice-sql-quote.h: quoting SQL identifiers as PostgreSQL does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns @name as PostgreSQL's quote_identifier() would write it: bare
 * when it is a lower-case identifier that is not a reserved keyword
 * (or a keyword that cannot be a column name), else in double quotes with
 * every '"' doubled.  For text Sluice builds itself (DDL shown to copy,
 * DROP INDEX CONCURRENTLY ...), so that no connection is needed. */
char *sluice_quote_identifier          (const char *name);

/* "schema.name", each part quoted with sluice_quote_identifier(). */
char *sluice_quote_qualified_name      (const char *schema,
                                        const char *name);

G_END_DECLS
