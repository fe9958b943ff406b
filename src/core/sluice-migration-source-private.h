/* sluice-migration-source-private.h: what every folder format adapter shares
 *
 * Each format lives in its own sluice-source-FORMAT.c with a detect and a
 * load function; sluice-migration-folder.c picks one and drives it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-migration-folder.h"

G_BEGIN_DECLS

typedef struct
{
  const char   *dir;          /* absolute path of the folder */
  GPtrArray    *migrations;   /* SluiceMigration, appended by the adapter, any order */
  GPtrArray    *problems;     /* SluiceFolderProblem */
  GCancellable *cancellable;
  char         *project;      /* set by the adapter when the folder names its project */
} SluiceFolderLoad;

/* Records a problem with one file; the adapter then skips what it says and
 * goes on with the rest of the folder. */
void   _sluice_folder_load_add_problem (SluiceFolderLoad *load,
                                        const char       *path,
                                        guint             line,
                                        const char       *format,
                                        ...) G_GNUC_PRINTF (4, 5);
/* Reads @path as text.  Unreadable files, invalid UTF-8 (the problem names
 * the line) and NUL bytes become problems and NULL. */
char  *_sluice_folder_load_read_text   (SluiceFolderLoad *load,
                                        const char       *path,
                                        gsize            *length);
/* Makes sure PostgreSQL's scanner can read @sql (which starts at line
 * @first_line of @path) to its end.  An unterminated dollar quote, comment,
 * string or quoted identifier becomes a problem naming the line where it
 * starts, and FALSE: the adapter then skips the migration. */
gboolean _sluice_folder_load_check_sql (SluiceFolderLoad *load,
                                        const char       *path,
                                        const char       *sql,
                                        guint             first_line);

/* sluice_sql_split() for a section of @path: a text the scanner cannot
 * finish becomes a problem as above, and NULL. */
GPtrArray *_sluice_folder_load_split_sql (SluiceFolderLoad *load,
                                          const char       *path,
                                          const char       *sql,
                                          guint             first_line);

/* The names in @dir (relative to load->dir; NULL for the folder itself),
 * sorted bytewise, without hidden ones.  An unreadable folder is an error. */
GPtrArray *_sluice_folder_load_list      (SluiceFolderLoad *load,
                                          const char       *dir,
                                          GError          **error);

/* Walks a text line by line: each line without its "\n" or "\r\n". */
typedef struct
{
  const char *text;
  gsize       length;
  gsize       position;   /* where the next line starts */
  guint       number;     /* 1-based number of the line last returned */
} SluiceLineReader;

void     _sluice_line_reader_init (SluiceLineReader *reader,
                                   const char       *text,
                                   gsize             length);
gboolean _sluice_line_reader_next (SluiceLineReader *reader,
                                   const char      **line,
                                   gsize            *line_length,
                                   gsize            *line_start);

/* sluice_sql_split() that tells apart the line of the token the scanner
 * could not finish (0 when the error is not about a place in the text):
 * the error's message then does not name the line. */
GPtrArray *_sluice_sql_split_at        (const char       *sql,
                                        guint             first_line,
                                        guint            *error_line,
                                        GError          **error);

/* Each adapter: detect says whether the folder looks like its format (cheap:
 * names and markers only); load fills @load, failing only when the folder as
 * a whole cannot be read (a journal or plan that does not parse). */
typedef gboolean (*SluiceSourceDetectFunc) (const char        *dir);
typedef gboolean (*SluiceSourceLoadFunc)   (SluiceFolderLoad  *load,
                                            GError           **error);

gboolean _sluice_source_sluice_detect         (const char *dir);
gboolean _sluice_source_sluice_load           (SluiceFolderLoad *load, GError **error);
gboolean _sluice_source_plain_detect          (const char *dir);
gboolean _sluice_source_plain_load            (SluiceFolderLoad *load, GError **error);
gboolean _sluice_source_dbmate_detect         (const char *dir);
gboolean _sluice_source_dbmate_load           (SluiceFolderLoad *load, GError **error);
gboolean _sluice_source_golang_migrate_detect (const char *dir);
gboolean _sluice_source_golang_migrate_load   (SluiceFolderLoad *load, GError **error);
gboolean _sluice_source_flyway_detect         (const char *dir);
gboolean _sluice_source_flyway_load           (SluiceFolderLoad *load, GError **error);
gboolean _sluice_source_drizzle_detect        (const char *dir);
gboolean _sluice_source_drizzle_load          (SluiceFolderLoad *load, GError **error);
gboolean _sluice_source_sqitch_detect         (const char *dir);
gboolean _sluice_source_sqitch_load           (SluiceFolderLoad *load, GError **error);

/* Checksums by each tool's own rule (sluice-migration-checksums.c). */
char    *_sluice_checksum_sha256_hex          (const char *text, gsize length);   /* Drizzle (the file as it is), Prisma */
char    *_sluice_checksum_sha256_hex_lf       (const char *text, gsize length);   /* Sluice: CRLF -> LF first */
char    *_sluice_checksum_sha1_hex            (const char *text, gsize length);   /* Sqitch deploy script */
char    *_sluice_checksum_flyway              (const char *text, gsize length);   /* signed CRC-32 over lines, as decimal */

G_END_DECLS
