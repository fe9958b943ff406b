/* sluice-error-text.c: a GError as the windows show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice.h"
#include "sluice-error-text.h"

char *
sluice_error_text_describe (const GError *error)
{
  GString *text;

  g_return_val_if_fail (error != NULL, NULL);

  text = g_string_new (error->message);

  /* libpq ends its messages with a newline */
  while (text->len > 0 && g_ascii_isspace (text->str[text->len - 1]))
    g_string_truncate (text, text->len - 1);

  if (error->domain == SLUICE_SERVER_ERROR)
    {
      const char *sqlstate = sluice_server_error_get_sqlstate (error);
      const char *detail = sluice_server_error_get_detail (error);
      const char *hint = sluice_server_error_get_hint (error);

      if (detail != NULL && detail[0] != '\0')
        g_string_append_printf (text, "\n%s", detail);
      if (hint != NULL && hint[0] != '\0')
        g_string_append_printf (text, "\n%s %s", _("Hint:"), hint);
      if (sqlstate != NULL && sqlstate[0] != '\0')
        g_string_append_printf (text, "\n%s %s", _("SQLSTATE"), sqlstate);
    }

  return g_string_free (text, FALSE);
}
