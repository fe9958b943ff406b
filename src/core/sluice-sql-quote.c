/* sluice-sql-quote.c: quoting SQL identifiers as PostgreSQL does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <pg_query.h>
#include <string.h>

#include "sluice-sql-quote.h"

/* PostgreSQL leaves an identifier bare only when it is made of lower-case
 * letters, digits and underscores, does not start with a digit, and is not
 * a keyword other than an unreserved one.  Which words are keywords, and of
 * which kind, is the server's grammar's business: libpg_query's scanner
 * (the real one) says, so no keyword list is kept here. */

static gboolean
is_plain_lower_identifier (const char *name)
{
  if (name[0] == '\0' || !(g_ascii_islower (name[0]) || name[0] == '_'))
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
        return FALSE;
    }

  return TRUE;
}

/* The protobuf wire format of pg_query_scan()'s ScanResult, read by hand so
 * that no protobuf-c headers are needed: ScanResult.tokens = 2 (length
 * delimited); ScanToken.start = 1, end = 2, keyword_kind = 5 (varints). */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         position;
} WireReader;

static gboolean
wire_varint (WireReader *reader,
             guint64    *value)
{
  guint64 result = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (reader->position >= reader->length)
        return FALSE;

      byte = reader->data[reader->position++];
      result |= (guint64) (byte & 0x7F) << shift;
      if ((byte & 0x80) == 0)
        {
          *value = result;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
wire_skip (WireReader *reader,
           guint       wire_type)
{
  guint64 value;
  gsize size;

  switch (wire_type)
    {
    case 0:
      return wire_varint (reader, &value);
    case 1:
      size = 8;
      break;
    case 2:
      if (!wire_varint (reader, &value))
        return FALSE;
      if (value > reader->length - reader->position)
        return FALSE;
      size = (gsize) value;
      break;
    case 5:
      size = 4;
      break;
    default:
      return FALSE;
    }

  if (size > reader->length - reader->position)
    return FALSE;
  reader->position += size;
  return TRUE;
}

typedef struct
{
  guint64 start;
  guint64 end;
  guint64 keyword_kind;
} ScannedToken;

static gboolean
read_token (const guint8 *data,
            gsize         length,
            ScannedToken *token)
{
  WireReader reader = { data, length, 0 };

  memset (token, 0, sizeof *token);
  while (reader.position < reader.length)
    {
      guint64 key;
      guint field;
      guint wire_type;

      if (!wire_varint (&reader, &key))
        return FALSE;
      field = (guint) (key >> 3);
      wire_type = (guint) (key & 7);

      if (wire_type == 0 && (field == 1 || field == 2 || field == 5))
        {
          guint64 value;

          if (!wire_varint (&reader, &value))
            return FALSE;
          if (field == 1)
            token->start = value;
          else if (field == 2)
            token->end = value;
          else
            token->keyword_kind = value;
        }
      else if (!wire_skip (&reader, wire_type))
        return FALSE;
    }

  return TRUE;
}

/* TRUE when @name scans as one word that is a keyword the grammar does not
 * let stand as a bare identifier everywhere (any kind but unreserved). */
static gboolean
is_quoting_keyword (const char *name)
{
  PgQueryScanResult scan = pg_query_scan (name);
  WireReader reader = { (const guint8 *) scan.pbuf.data, scan.pbuf.len, 0 };
  guint n_tokens = 0;
  ScannedToken token = { 0 };
  gboolean needs_quotes = TRUE;   /* anything unexpected: quote, always safe */

  if (scan.error != NULL)
    goto out;

  while (reader.position < reader.length)
    {
      guint64 key;

      if (!wire_varint (&reader, &key))
        goto out;

      if ((key >> 3) == 2 && (key & 7) == 2)
        {
          guint64 size;

          if (!wire_varint (&reader, &size) || size > reader.length - reader.position)
            goto out;
          if (!read_token (reader.data + reader.position, (gsize) size, &token))
            goto out;
          reader.position += (gsize) size;
          n_tokens++;
        }
      else if (!wire_skip (&reader, (guint) (key & 7)))
        goto out;
    }

  if (n_tokens == 1 && token.start == 0 && token.end == strlen (name))
    needs_quotes = token.keyword_kind != 0 && token.keyword_kind != 1; /* NO_KEYWORD, UNRESERVED_KEYWORD */

out:
  pg_query_free_scan_result (scan);
  return needs_quotes;
}

char *
sluice_quote_identifier (const char *name)
{
  GString *quoted;

  g_return_val_if_fail (name != NULL, NULL);

  if (is_plain_lower_identifier (name) && !is_quoting_keyword (name))
    return g_strdup (name);

  quoted = g_string_sized_new (strlen (name) + 2);
  g_string_append_c (quoted, '"');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}

char *
sluice_quote_qualified_name (const char *schema,
                             const char *name)
{
  g_autofree char *quoted_schema = NULL;
  g_autofree char *quoted_name = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  quoted_name = sluice_quote_identifier (name);
  if (schema == NULL || schema[0] == '\0')
    return g_steal_pointer (&quoted_name);

  quoted_schema = sluice_quote_identifier (schema);
  return g_strdup_printf ("%s.%s", quoted_schema, quoted_name);
}
