/* fuzz-pg-service.c: pg_service.conf text through sluice_pg_service_parse()
 *
 * Any text must either parse, or fail with an error naming the origin and
 * a line.  What parses holds no password, and every service has a name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-pg-service.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define ORIGIN "fuzz/pg_service.conf"

static void
check_services (GPtrArray *services)
{
  for (guint i = 0; i < services->len; i++)
    {
      SluicePgService *service = g_ptr_array_index (services, i);
      GHashTableIter iter;
      gpointer key, value;

      if (service->name == NULL || service->name[0] == '\0' || service->line == 0 ||
          !g_utf8_validate (service->name, -1, NULL))
        {
          g_printerr ("service #%u has no usable name or line\n", i + 1);
          abort ();
        }

      if (g_hash_table_contains (service->params, "password"))
        {
          g_printerr ("service %s kept a password\n", service->name);
          abort ();
        }

      g_hash_table_iter_init (&iter, service->params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
            {
              g_printerr ("service %s holds text that is not UTF-8\n", service->name);
              abort ();
            }
        }

      /* libpq reads the first section of a name: no name twice. */
      for (guint j = 0; j < i; j++)
        {
          SluicePgService *earlier = g_ptr_array_index (services, j);

          if (strcmp (earlier->name, service->name) == 0)
            {
              g_printerr ("service %s is listed twice\n", service->name);
              abort ();
            }
        }
    }
}

/* A critical is a bug even when nothing crashes: the libraries' checks
 * on their arguments must never fire, whatever the input. */
static void
make_criticals_fatal (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      g_once_init_leave (&done, 1);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  make_criticals_fatal ();

  services = sluice_pg_service_parse ((const char *)data, size, ORIGIN, &error);

  if (services != NULL)
    {
      check_services (services);
      return 0;
    }

  if (error == NULL || !g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT) ||
      strstr (error->message, ORIGIN " line ") == NULL)
    {
      g_printerr ("A refused file must give an error naming it and the line: %s\n",
                  error != NULL ? error->message : "(no error)");
      abort ();
    }

  return 0;
}
