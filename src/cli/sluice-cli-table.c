/* sluice-cli-table.c: column-aligned tables and JSON members for the
 * subcommands of sluice-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "sluice-cli.h"
#include "sluice-cli-table.h"

/* Tables */

void
sluice_cli_table_init (SluiceCliTable     *table,
                       const char * const *header)
{
  table->n_columns = g_strv_length ((char **) header);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (table->rows, g_strdupv ((char **) header));
}

void
sluice_cli_table_add (SluiceCliTable *table,
                      ...)
{
  char **cells = g_new0 (char *, table->n_columns + 1);
  va_list args;

  va_start (args, table);
  for (guint c = 0; c < table->n_columns; c++)
    {
      const char *cell = va_arg (args, const char *);

      cells[c] = g_strdup (cell != NULL && *cell != '\0' ? cell : "-");
    }
  va_end (args);

  g_ptr_array_add (table->rows, cells);
}

void
sluice_cli_table_add_row (SluiceCliTable  *table,
                          char           **cells)
{
  g_assert (g_strv_length (cells) == table->n_columns);
  g_ptr_array_add (table->rows, cells);
}

void
sluice_cli_table_print_and_clear (SluiceCliTable *table)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], sluice_cli_display_width (row[c]));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < table->n_columns; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < table->n_columns)
            for (glong pad = (glong) widths[c] - sluice_cli_display_width (row[c]) + 2; pad > 0; pad--)
              g_string_append_c (line, ' ');
        }
      /* The last column may be empty: no trailing blanks. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      printf ("%s\n", line->str);
    }

  g_clear_pointer (&table->rows, g_ptr_array_unref);
}

/* JSON members */

void
sluice_cli_json_add_string (JsonBuilder *builder,
                            const char  *member,
                            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* UTC whatever zone the server or this machine is in, so that scripts
 * compare the times as text. */
char *
sluice_cli_format_utc_time (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;

  if (when == NULL)
    return NULL;

  utc = g_date_time_to_utc (when);
  return g_date_time_format_iso8601 (utc);
}

void
sluice_cli_json_add_time (JsonBuilder *builder,
                          const char  *member,
                          GDateTime   *when)
{
  g_autofree char *text = sluice_cli_format_utc_time (when);

  sluice_cli_json_add_string (builder, member, text);
}
