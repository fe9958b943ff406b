/* sluice-error.c: the error domains of libsluice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-error.h"

#define SQLSTATE_LENGTH 5

G_DEFINE_QUARK (sluice-error-quark, sluice_error)

/* SLUICE_SERVER_ERROR is an extended GError domain: the server's fields
 * travel with the GError through g_error_copy(), g_task_propagate_*() and
 * g_propagate_error(), so no side channel is needed to read them back. */
typedef struct
{
  char *sqlstate;
  char *detail;
  char *hint;
} SluiceServerErrorPrivate;

static void
sluice_server_error_private_init (SluiceServerErrorPrivate *priv)
{
  priv->sqlstate = NULL;
  priv->detail = NULL;
  priv->hint = NULL;
}

static void
sluice_server_error_private_copy (const SluiceServerErrorPrivate *src_priv,
                                  SluiceServerErrorPrivate       *dest_priv)
{
  dest_priv->sqlstate = g_strdup (src_priv->sqlstate);
  dest_priv->detail = g_strdup (src_priv->detail);
  dest_priv->hint = g_strdup (src_priv->hint);
}

static void
sluice_server_error_private_clear (SluiceServerErrorPrivate *priv)
{
  g_clear_pointer (&priv->sqlstate, g_free);
  g_clear_pointer (&priv->detail, g_free);
  g_clear_pointer (&priv->hint, g_free);
}

G_DEFINE_EXTENDED_ERROR (SluiceServerError, sluice_server_error)

/* SQLSTATEs are exactly five characters of [0-9A-Z]; anything else
 * (a client-side libpq error has none at all) is not one. */
static gboolean
sqlstate_is_valid (const char *sqlstate)
{
  if (sqlstate == NULL)
    return FALSE;

  for (guint i = 0; i < SQLSTATE_LENGTH; i++)
    {
      char c = sqlstate[i];

      if (!g_ascii_isdigit (c) && !(c >= 'A' && c <= 'Z'))
        return FALSE;
    }

  return sqlstate[SQLSTATE_LENGTH] == '\0';
}

/* Packs the five characters six bits each, first character in the low
 * bits, as PostgreSQL's MAKE_SQLSTATE does, so that codes compare
 * with the server's own ERRCODE_ numbers.  Returns 0
 * (SLUICE_SERVER_ERROR_UNKNOWN) for text that is not an SQLSTATE;
 * "00000" (successful completion) packs to 0 as well, which is right:
 * it is never an error. */
int
sluice_sqlstate_to_code (const char *sqlstate)
{
  int code = 0;

  if (!sqlstate_is_valid (sqlstate))
    return SLUICE_SERVER_ERROR_UNKNOWN;

  for (guint i = 0; i < SQLSTATE_LENGTH; i++)
    code += ((sqlstate[i] - '0') & 0x3F) << (6 * i);

  return code;
}

void
sluice_set_server_error (GError     **error,
                         const char  *sqlstate,
                         const char  *message,
                         const char  *detail,
                         const char  *hint)
{
  SluiceServerErrorPrivate *priv;
  GError *server_error;

  if (message == NULL || *message == '\0')
    message = _("The server reported an error without a message");

  server_error = g_error_new_literal (SLUICE_SERVER_ERROR,
                                      sluice_sqlstate_to_code (sqlstate),
                                      message);
  priv = sluice_server_error_get_private (server_error);
  priv->sqlstate = sqlstate_is_valid (sqlstate) ? g_strdup (sqlstate) : NULL;
  priv->detail = (detail != NULL && *detail != '\0') ? g_strdup (detail) : NULL;
  priv->hint = (hint != NULL && *hint != '\0') ? g_strdup (hint) : NULL;

  /* Frees it when @error is NULL, and warns like g_set_error() when
   * *@error is already set. */
  g_propagate_error (error, server_error);
}

static const SluiceServerErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != SLUICE_SERVER_ERROR)
    return NULL;

  return sluice_server_error_get_private (error);
}

const char *
sluice_server_error_get_sqlstate (const GError *error)
{
  const SluiceServerErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->sqlstate : NULL;
}

const char *
sluice_server_error_get_detail (const GError *error)
{
  const SluiceServerErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->detail : NULL;
}

const char *
sluice_server_error_get_hint (const GError *error)
{
  const SluiceServerErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->hint : NULL;
}

/* TRUE when @error is a server error with exactly @sqlstate. */
gboolean
sluice_server_error_matches (const GError *error,
                             const char   *sqlstate)
{
  const char *own = sluice_server_error_get_sqlstate (error);

  return own != NULL && sqlstate != NULL && strcmp (own, sqlstate) == 0;
}

char *
sluice_error_tidy_message (const char *text)
{
  g_auto(GStrv) lines = NULL;
  GString *tidy = g_string_new (NULL);

  if (text == NULL)
    return g_string_free (tidy, FALSE);

  /* libpq ends its messages with a newline and goes on with "\n\t";
   * a tab becomes a space like a line break. */
  lines = g_strsplit_set (text, "\r\n\t", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      if (tidy->len > 0)
        g_string_append_c (tidy, ' ');
      g_string_append (tidy, line);
    }

  return g_string_free (tidy, FALSE);
}
