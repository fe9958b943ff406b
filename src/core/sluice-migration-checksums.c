/* sluice-migration-checksums.c: migration checksums by each tool's own rule
 *
 * A checksum only tells "edited since applied" when it is computed exactly
 * as the tool that wrote the history row computed it, so each rule here
 * follows its tool (see docs in sluice-migration-source-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-migration-source-private.h"

static char *
checksum_hex (GChecksumType  type,
              const char    *text,
              gsize          length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (type);

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length > 0)
    g_checksum_update (checksum, (const guchar *) text, length);

  return g_strdup (g_checksum_get_string (checksum));
}

char *
_sluice_checksum_sha256_hex (const char *text,
                             gsize       length)
{
  return checksum_hex (G_CHECKSUM_SHA256, text, length);
}

/* Drizzle (recent versions) hashes the file after turning every CRLF into
 * LF; a lone CR stays. */
char *
_sluice_checksum_sha256_hex_lf (const char *text,
                                gsize       length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize start = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  for (gsize i = 0; i + 1 < length; i++)
    {
      if (text[i] == '\r' && text[i + 1] == '\n')
        {
          /* Feed what precedes the CR; the LF starts the next run. */
          if (i > start)
            g_checksum_update (checksum, (const guchar *) text + start, i - start);
          start = i + 1;
        }
    }

  if (length > start)
    g_checksum_update (checksum, (const guchar *) text + start, length - start);

  return g_strdup (g_checksum_get_string (checksum));
}

char *
_sluice_checksum_sha1_hex (const char *text,
                           gsize       length)
{
  return checksum_hex (G_CHECKSUM_SHA1, text, length);
}

/* CRC-32/IEEE (reflected polynomial 0xEDB88320), as java.util.zip.CRC32. */
static guint32 crc32_table[256];

static void
crc32_table_init (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;

          crc32_table[n] = c;
        }

      g_once_init_leave (&initialized, 1);
    }
}

/* Flyway reads the script with BufferedReader.readLine(), which splits on
 * "\n", "\r" and "\r\n" and drops the terminators, strips a BOM from the
 * first line only, and feeds each line's UTF-8 bytes to a CRC32.  Feeding
 * every byte that is not CR or LF is therefore the same CRC.  The value is
 * stored as a signed 32-bit integer, which is what we print. */
char *
_sluice_checksum_flyway (const char *text,
                         gsize       length)
{
  static const char bom[] = "\xEF\xBB\xBF";
  guint32 crc = 0xFFFFFFFFu;
  gsize i = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  crc32_table_init ();

  if (length >= 3 && memcmp (text, bom, 3) == 0)
    i = 3;

  for (; i < length; i++)
    {
      guchar byte = (guchar) text[i];

      if (byte == '\r' || byte == '\n')
        continue;

      crc = crc32_table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
    }

  crc ^= 0xFFFFFFFFu;

  return g_strdup_printf ("%" G_GINT32_FORMAT, (gint32) crc);
}
