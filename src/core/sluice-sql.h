/* sluice-sql.h: SQL text split into statements by PostgreSQL's own scanner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *text;       /* the statement, without its terminating ';' */
  gsize   offset;     /* byte offset of the statement in the script */
  guint   line;       /* 1-based line of the statement's first token */
  guint   column;     /* 1-based column (in bytes) of that token */
} SluiceStatement;

void        sluice_statement_free  (SluiceStatement *statement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceStatement, sluice_statement_free)

/* Splits @sql with libpg_query's scanner, so dollar quotes, E'' strings,
 * nested comments and BEGIN ATOMIC bodies never break a split.  Returns a
 * GPtrArray of SluiceStatement (empty statements and comment-only text are
 * dropped).  Text the scanner cannot finish (an unterminated dollar quote
 * or comment) gives SLUICE_ERROR_INVALID_INPUT naming the line where the
 * unterminated token starts, offset by @first_line (the line of @sql's
 * first byte in its file; 1 for a whole file). */
GPtrArray  *sluice_sql_split       (const char  *sql,
                                    guint        first_line,
                                    GError     **error);

/* TRUE when @statement cannot run inside a transaction block
 * (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, ALTER
 * SYSTEM, CREATE DATABASE, ...), judged
 * from libpg_query's parse tree. */
gboolean    sluice_sql_needs_autocommit (const char *statement);

G_END_DECLS
