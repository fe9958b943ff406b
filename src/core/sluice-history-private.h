/* sluice-history-private.h: what the history readers of each tool share
 *
 * sluice-history.c probes the catalog once, picks a tool, then asks that
 * tool's reader (one sluice-history-TOOL.c each) for the statements of the
 * second round trip and for turning their rows into entries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-history.h"

G_BEGIN_DECLS

/* A timestamp(tz) column as ISO 8601 in UTC, so that no session setting
 * (DateStyle, TimeZone) changes what is parsed. */
#define SLUICE_HISTORY_ISO_UTC(expr) \
  "to_char((" expr ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"

typedef enum
{
  SLUICE_TABLE_MISSING,
  SLUICE_TABLE_READABLE,
  SLUICE_TABLE_UNREADABLE,   /* there, but this role may not SELECT from it */
} SluiceTableAccess;

/* What the catalog probe found. */
typedef struct
{
  SluiceTableAccess  sluice_migrations;
  SluiceTableAccess  sluice_run_log;
  SluiceTableAccess  drizzle;
  SluiceTableAccess  flyway;
  SluiceTableAccess  sqitch_changes;
  SluiceTableAccess  sqitch_events;
  SluiceTableAccess  sqitch_tags;      /* names the earlier instances of reworked changes */
  SluiceTableAccess  prisma;
  SluiceTableAccess  schema_migrations;
  SluiceTableAccess  ar_internal_metadata;
  /* The columns of the schema_migrations found on the search_path, and
   * each one's pg_type.typcategory ("D" date/time, "N" numeric, ...). */
  GStrv              schema_migrations_columns;
  GStrv              schema_migrations_categories;
  /* Not from the catalog: the project the caller asked for, whose rows
   * alone a reader of a shared registry keeps (NULL: every project's). */
  char              *project;
} SluiceHistoryProbe;

/* The typcategory of schema_migrations' @column, or '\0' when it has none. */
char                _sluice_history_probe_column_category (const SluiceHistoryProbe *probe,
                                                           const char               *column);

/* Where a reader puts what it read. */
typedef struct
{
  GListStore *entries;   /* SluiceHistoryEntry, in applied order */
  GListStore *run_log;   /* SluiceRunRecord, oldest first */
} SluiceHistoryRows;

typedef struct
{
  /* The statements of the second round trip (one pipeline), for @tool. */
  GStrv    (*build_statements) (const SluiceHistoryProbe *probe,
                                SluiceHistoryTool         tool);
  /* @results holds one SluiceResult per statement. */
  gboolean (*read_rows)        (const SluiceHistoryProbe *probe,
                                SluiceHistoryTool         tool,
                                GPtrArray                *results,
                                SluiceHistoryRows        *rows,
                                GError                  **error);
} SluiceHistoryReader;

extern const SluiceHistoryReader _sluice_history_sluice_reader;
extern const SluiceHistoryReader _sluice_history_drizzle_reader;
extern const SluiceHistoryReader _sluice_history_schema_migrations_reader;
extern const SluiceHistoryReader _sluice_history_flyway_reader;
extern const SluiceHistoryReader _sluice_history_sqitch_reader;
extern const SluiceHistoryReader _sluice_history_prisma_reader;

/* Appends @entries (SluiceHistoryEntry, in applied order) to @rows; with
 * @number_them, their ranks become their positions. */
void                _sluice_history_rows_add_entries (SluiceHistoryRows *rows,
                                                      GPtrArray         *entries,
                                                      gboolean           number_them);

/* Parses SLUICE_HISTORY_ISO_UTC() text; NULL for NULL or unparsable text. */
GDateTime          *_sluice_history_parse_timestamp (const char *text);
/* A nullable int column: -1 for NULL. */
gint64              _sluice_history_result_int64_or (SluiceResult *result,
                                                     int           row,
                                                     int           column,
                                                     gint64        if_null);
/* Fails when @result lacks a column the reader's own SELECT names. */
gboolean            _sluice_history_check_columns   (SluiceResult       *result,
                                                     const char * const *columns,
                                                     GError            **error);

/* The entry stands for every migration of a lower version too: the single
 * row of golang-migrate, a Flyway baseline. */
void                _sluice_history_entry_set_covers_lower (SluiceHistoryEntry *self,
                                                            gboolean            covers_lower);
gboolean            _sluice_history_entry_get_covers_lower (SluiceHistoryEntry *self);
/* The entry marks a point, not a migration of its own (a Flyway baseline
 * made by `flyway baseline`): no file is expected for it. */
void                _sluice_history_entry_set_marker       (SluiceHistoryEntry *self,
                                                            gboolean            marker);
gboolean            _sluice_history_entry_get_marker       (SluiceHistoryEntry *self);
/* A Flyway repeatable: re-applied whenever its checksum changes. */
void                _sluice_history_entry_set_repeatable   (SluiceHistoryEntry *self,
                                                            gboolean            repeatable);
gboolean            _sluice_history_entry_get_repeatable   (SluiceHistoryEntry *self);
/* A Flyway baseline row: SQL_BASELINE (a B file was applied) or BASELINE
 * (`flyway baseline`).  It shares its version with a V file, and the
 * status join gives it to the B file of that version, never the V file. */
void                _sluice_history_entry_set_baseline     (SluiceHistoryEntry *self,
                                                            gboolean            baseline);
gboolean            _sluice_history_entry_get_baseline     (SluiceHistoryEntry *self);

/* The statements of sluice_history_schema_sql(), one each (NULL-terminated),
 * for a pipeline. */
const char * const *_sluice_history_schema_statements (void);

/* Builds a history from entries made by hand (the status unit tests). */
SluiceHistory      *_sluice_history_new_for_entries (SluiceHistoryTool  tool,
                                                     GPtrArray         *entries);

G_END_DECLS
