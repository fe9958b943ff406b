/* fuzz-source-sluice.c: Sluice's own format read from a folder of fuzzed files
 *
 * The input is one or two files (see fuzz-source-common.h for the layout):
 * the first file is 0001_first.sql; the second is 0002_second.sql, or
 * 0001_second.sql (a duplicate version) when bit 0 of the flags is set.
 * With bit 1 of the flags, the second file's first line names it.
 * Loading must never fail and what loads must be sound.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-source-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *dir;
  FuzzInput input;

  fuzz_make_criticals_fatal ();

  if (!fuzz_input_parse (data, size, &input))
    return 0;

  dir = fuzz_folder ();
  fuzz_write (dir, "0001_first.sql", input.first, input.first_length);

  if (input.second != NULL)
    {
      g_autofree char *name = fuzz_second_name (&input, (input.flags & 1) ? "0001_second.sql" : "0002_second.sql");

      fuzz_write (dir, name, input.second, input.second_length);
    }

  fuzz_load (dir, SLUICE_MIGRATION_FORMAT_SLUICE, input.second != NULL ? 2 : 1);

  return 0;
}
