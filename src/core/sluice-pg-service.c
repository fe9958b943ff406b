/* sluice-pg-service.c: reading pg_service.conf as libpq does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-pg-service.h"

/* Where libpq looks for the system-wide file when $PGSYSCONFDIR is not set:
 * its compile-time sysconfdir.  Debian and Ubuntu build libpq with
 * /etc/postgresql-common; other builds (a Flatpak runtime, Fedora) can
 * override this from the build system. */
#ifndef SLUICE_PG_SYSCONFDIR
# define SLUICE_PG_SYSCONFDIR "/etc/postgresql-common"
#endif

void
sluice_pg_service_free (SluicePgService *service)
{
  if (service == NULL)
    return;

  g_free (service->name);
  g_clear_pointer (&service->params, g_hash_table_unref);
  g_free (service);
}

static SluicePgService *
sluice_pg_service_new (const char *name,
                       gsize       name_length,
                       guint       line)
{
  SluicePgService *service = g_new0 (SluicePgService, 1);

  service->name = g_strndup (name, name_length);
  service->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  service->line = line;

  return service;
}

typedef struct
{
  const char      *origin;
  GPtrArray       *services;
  GHashTable      *seen_names;
  /* The section the next settings belong to; NULL before the first one
   * and inside a repeated section, whose settings libpq never reads. */
  SluicePgService *current;
  gboolean         in_section;
} Parser;

/* The error messages never quote the offending line: a line of a service
 * file can hold a password. */
G_GNUC_PRINTF (4, 5)
static void
set_line_error (GError    **error,
                const char *origin,
                guint       line,
                const char *format,
                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               /* Translators: "FILE line N: what is wrong" */
               _("%s line %u: %s"), origin, line, detail);
}

static void
trim (const char **start,
      gsize       *length)
{
  while (*length > 0 && g_ascii_isspace ((*start)[0]))
    {
      (*start)++;
      (*length)--;
    }

  while (*length > 0 && g_ascii_isspace ((*start)[*length - 1]))
    (*length)--;
}

static gboolean
parse_section (Parser      *parser,
               const char  *line,
               gsize        length,
               guint        line_number,
               GError     **error)
{
  const char *close = memchr (line, ']', length);
  const char *name = line + 1;
  g_autofree char *key = NULL;
  gsize name_length;

  if (close == NULL)
    {
      set_line_error (error, parser->origin, line_number,
                      _("a service name must end with “]”"));
      return FALSE;
    }

  /* libpq compares the text between the brackets as it is, and ignores
   * whatever follows the "]", so do the same. */
  name_length = close - name;
  if (name_length == 0)
    {
      set_line_error (error, parser->origin, line_number,
                      _("the service name between “[” and “]” is empty"));
      return FALSE;
    }

  parser->in_section = TRUE;
  key = g_strndup (name, name_length);

  /* libpq stops at the first section with the name it looks for, so a
   * repeated section is never read: keep the first. */
  if (g_hash_table_contains (parser->seen_names, key))
    {
      parser->current = NULL;
      return TRUE;
    }

  parser->current = sluice_pg_service_new (name, name_length, line_number);
  g_hash_table_add (parser->seen_names, g_steal_pointer (&key));
  g_ptr_array_add (parser->services, parser->current);

  return TRUE;
}

static gboolean
parse_setting (Parser      *parser,
               const char  *line,
               gsize        length,
               guint        line_number,
               GError     **error)
{
  const char *equals = memchr (line, '=', length);
  const char *key = line;
  const char *value;
  gsize key_length, value_length;

  if (!parser->in_section)
    {
      set_line_error (error, parser->origin, line_number,
                      _("a setting comes before the first [service] line"));
      return FALSE;
    }

  if (equals == NULL)
    {
      set_line_error (error, parser->origin, line_number,
                      _("expected “keyword=value” or a “[service]” line"));
      return FALSE;
    }

  key_length = equals - line;
  value = equals + 1;
  value_length = length - key_length - 1;
  trim (&key, &key_length);
  trim (&value, &value_length);

  if (key_length == 0)
    {
      set_line_error (error, parser->origin, line_number,
                      _("a setting has no keyword before “=”"));
      return FALSE;
    }

  if (key_length == strlen ("service") && memcmp (key, "service", key_length) == 0)
    {
      set_line_error (error, parser->origin, line_number,
                      _("a service cannot name another service (libpq refuses this too)"));
      return FALSE;
    }

  /* Sluice does not copy passwords out of files. */
  if (key_length == strlen ("password") && memcmp (key, "password", key_length) == 0)
    return TRUE;

  if (parser->current != NULL)
    {
      g_autofree char *keyword = g_strndup (key, key_length);

      /* libpq keeps the first value of a keyword and ignores repeats. */
      if (!g_hash_table_contains (parser->current->params, keyword))
        g_hash_table_insert (parser->current->params,
                             g_steal_pointer (&keyword),
                             g_strndup (value, value_length));
    }

  return TRUE;
}

static gboolean
parse_line (Parser      *parser,
            const char  *line,
            gsize        length,
            guint        line_number,
            GError     **error)
{
  if (memchr (line, '\0', length) != NULL)
    {
      set_line_error (error, parser->origin, line_number,
                      _("the line holds a NUL byte, which a service file cannot contain"));
      return FALSE;
    }

  trim (&line, &length);

  /* Comments are skipped before the UTF-8 check: a comment in another
   * encoding harms nobody, and libpq skips it too. */
  if (length == 0 || line[0] == '#')
    return TRUE;

  if (!g_utf8_validate_len (line, length, NULL))
    {
      set_line_error (error, parser->origin, line_number,
                      _("the line is not valid UTF-8 text"));
      return FALSE;
    }

  if (line[0] == '[')
    return parse_section (parser, line, length, line_number, error);

  return parse_setting (parser, line, length, line_number, error);
}

GPtrArray *
sluice_pg_service_parse (const char  *text,
                         gsize        length,
                         const char  *origin,
                         GError     **error)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GHashTable) seen_names = NULL;
  Parser parser = { 0 };
  g_autofree char *display_origin = NULL;
  gsize position = 0;
  guint line_number = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_origin = origin != NULL ? g_filename_display_name (origin) : g_strdup ("pg_service.conf");
  services = g_ptr_array_new_with_free_func ((GDestroyNotify)sluice_pg_service_free);
  seen_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  parser.origin = display_origin;
  parser.services = services;
  parser.seen_names = seen_names;

  while (position < length)
    {
      const char *start = text + position;
      const char *newline = memchr (start, '\n', length - position);
      gsize line_length = newline != NULL ? (gsize)(newline - start) : length - position;

      if (line_number == G_MAXUINT)
        {
          set_line_error (error, display_origin, line_number,
                          _("the file has too many lines"));
          return NULL;
        }
      line_number++;

      if (!parse_line (&parser, start, line_length, line_number, error))
        return NULL;

      position += line_length + 1;
    }

  return g_steal_pointer (&services);
}

GStrv
sluice_pg_service_default_paths (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *user_file = NULL;
  g_autofree char *system_file = NULL;
  const char *service_file = g_getenv ("PGSERVICEFILE");
  const char *sysconfdir = g_getenv ("PGSYSCONFDIR");

  /* libpq's order: the user's file, then the system's; a service found in
   * the first is not looked up in the second. */
  if (service_file != NULL)
    user_file = g_strdup (service_file);
  else
    user_file = g_build_filename (g_get_home_dir (), ".pg_service.conf", NULL);

  system_file = g_build_filename (sysconfdir != NULL ? sysconfdir : SLUICE_PG_SYSCONFDIR,
                                  "pg_service.conf", NULL);

  if (user_file[0] != '\0' && g_file_test (user_file, G_FILE_TEST_IS_REGULAR))
    g_strv_builder_add (builder, user_file);
  if (g_strcmp0 (system_file, user_file) != 0 &&
      g_file_test (system_file, G_FILE_TEST_IS_REGULAR))
    g_strv_builder_add (builder, system_file);

  return g_strv_builder_end (builder);
}
