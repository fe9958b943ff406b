/* fuzz-stats-snapshot.c: statistics snapshot files through their reader
 *
 * Any text must either load, or fail with an invalid-input error that
 * names the file.  What loads must write text that loads again and writes
 * the very same text: a snapshot Sluice saved is never one it cannot read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-stats-snapshot.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define DISPLAY_NAME "fuzz/stats/0001.json"

static void
check_round_trip (SluiceStatsSnapshot *snapshot)
{
  g_autoptr(SluiceStatsSnapshot) again = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_length = 0;
  gsize second_length = 0;

  first = sluice_stats_snapshot_to_data (snapshot, &first_length);
  again = sluice_stats_snapshot_new_from_data (first, first_length, DISPLAY_NAME, &error);
  if (again == NULL)
    {
      g_printerr ("Sluice cannot read back the snapshot it wrote: %s\n%s\n", error->message, first);
      abort ();
    }

  second = sluice_stats_snapshot_to_data (again, &second_length);
  if (first_length != second_length || memcmp (first, second, first_length) != 0)
    {
      g_printerr ("A save and a load changed the snapshot:\n%s\n---\n%s\n", first, second);
      abort ();
    }

  /* Comparing it with itself: every index kept, none scanned since. */
  changes = sluice_stats_snapshot_compare (snapshot, again);
  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceIndexUsageChange *change = g_ptr_array_index (changes, i);
      g_autofree char *text = sluice_index_usage_change_describe (change);

      if (change->state != SLUICE_INDEX_USAGE_KEPT || change->scans_since != 0 || text == NULL)
        {
          g_printerr ("A snapshot compared with itself shows a change for %s.%s\n",
                      change->schema, change->name);
          abort ();
        }
    }
}

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
  g_autoptr(SluiceStatsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  make_criticals_fatal ();

  snapshot = sluice_stats_snapshot_new_from_data ((const char *) data, size, DISPLAY_NAME, &error);
  if (snapshot != NULL)
    {
      check_round_trip (snapshot);
      return 0;
    }

  if (error == NULL || !g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT) ||
      !g_str_has_prefix (error->message, DISPLAY_NAME))
    {
      g_printerr ("A refused snapshot must give an error naming it: %s\n",
                  error != NULL ? error->message : "(no error)");
      abort ();
    }

  return 0;
}
