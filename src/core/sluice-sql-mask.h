/* sluice-sql-mask.h: passwords taken out of SQL text before it is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The placeholder a masked password literal becomes. */
#define SLUICE_SQL_MASKED_LITERAL "'********'"

/* A copy of @sql fit for a log, a terminal or a screen: every string
 * constant that follows the word PASSWORD (CREATE/ALTER ROLE ...
 * [ENCRYPTED] PASSWORD '...', OPTIONS (password '...')), in any quoting
 * ('', E'', U&'', $$ $$, $tag$ $tag$), comments in between or not,
 * becomes SLUICE_SQL_MASKED_LITERAL; PASSWORD NULL is left as it is.
 * Tokens come from PostgreSQL's own scanner (libpg_query), so a
 * "password" inside another literal or a comment is not taken for one.
 * Text the scanner cannot read to its end (pg_stat_activity cuts long
 * queries, a statement may be invalid) is cut at the first "password",
 * whatever the case, and the rest replaced by the placeholder: when in
 * doubt, less is shown.  NULL for NULL. */
char  *sluice_sql_mask_passwords (const char *sql);

G_END_DECLS
