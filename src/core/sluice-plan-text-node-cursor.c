/* sluice-plan-text-node-cursor.c: the small readers every line of a
 * text plan is read with: plain decimal numbers, "kB" sizes, the first
 * and the last of a string in a line
 *
 * Separate from the lines they read (node lines in sluice-plan-text-node.c,
 * detail lines in -detail.c and -key.c, the summary in
 * sluice-plan-text-summary.c): all of those call them, and none of them
 * is about what a line means.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sluice-plan-text-private.h"

/* Small readers over [p, end) */

/* A plain decimal number ("12", "0.005", "-1.5"); no "inf", no hex. */
gboolean
_sluice_plan_text_cursor_number (Cursor *cursor,
                                 double *number)
{
  /* Up to 15 digits: the digits as an integer over a power of ten, one
   * correctly rounded division, the same double strtod() gives.  The
   * digits are gathered while the number is scanned: this runs for every
   * figure of every node. */
  static const double powers[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                    1e11, 1e12, 1e13, 1e14, 1e15 };
  char buffer[64];
  const char *start = cursor->p;
  const char *q = start;
  char *end = NULL;
  gsize length;
  guint64 mantissa = 0;
  guint digits = 0, decimals = 0;

  if (q < cursor->end && *q == '-')
    q++;
  if (q >= cursor->end || !g_ascii_isdigit (*q))
    return FALSE;
  while (q < cursor->end && g_ascii_isdigit (*q))
    {
      if (digits < 16)
        mantissa = mantissa * 10 + (guint64) (*q - '0');
      digits++;
      q++;
    }
  /* One decimal point, followed by a digit: "0.005..0.010" is two numbers. */
  if (q + 1 < cursor->end && *q == '.' && g_ascii_isdigit (q[1]))
    {
      q++;
      while (q < cursor->end && g_ascii_isdigit (*q))
        {
          if (digits < 16)
            mantissa = mantissa * 10 + (guint64) (*q - '0');
          digits++;
          decimals++;
          q++;
        }
    }

  length = q - start;
  if (length >= sizeof buffer)
    return FALSE;

  if (digits <= 15)
    {
      *number = (double) mantissa / powers[decimals];
      if (*start == '-')
        *number = -*number;
      cursor->p = q;
      return TRUE;
    }

  memcpy (buffer, start, length);
  buffer[length] = '\0';

  *number = g_ascii_strtod (buffer, &end);
  if (end != buffer + length || !isfinite (*number))
    return FALSE;

  cursor->p = q;
  return TRUE;
}

/* Finds the last @needle in [start, start + length); NULL if none. */
const char *
_sluice_plan_text_find_last (const char *start,
                             gsize       length,
                             const char *needle)
{
  gsize needle_length = strlen (needle);

  if (length < needle_length)
    return NULL;

  for (gsize i = length - needle_length + 1; i-- > 0;)
    {
      if (start[i] == needle[0] && memcmp (start + i, needle, needle_length) == 0)
        return start + i;
    }

  return NULL;
}

const char *
_sluice_plan_text_find_first (const char *start,
                              gsize       length,
                              const char *needle)
{
  gsize needle_length = strlen (needle);

  if (length < needle_length)
    return NULL;

  /* memchr () finds the first byte of each candidate far faster than a
   * loop of ours: this runs over every detail line, twice. */
  for (const char *p = start, *last = start + length - needle_length;
       p <= last && (p = memchr (p, needle[0], last - p + 1)) != NULL;
       p++)
    {
      if (memcmp (p, needle, needle_length) == 0)
        return p;
    }

  return NULL;
}

/* "kB" sizes: "25kB" -> 25 */
gboolean
_sluice_plan_text_read_kilobytes (Cursor *cursor,
                                  double *number)
{
  if (!_sluice_plan_text_cursor_number (cursor, number))
    return FALSE;
  cursor_skip (cursor, "kB");
  return TRUE;
}
