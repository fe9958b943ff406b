/* fuzz-plan-text.c: any bytes through sluice_plan_new_from_text() and
 * sluice_plan_new_from_data()
 *
 * See fuzz-plan-common.h for what is checked of the plan or the error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "fuzz-plan-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(SluicePlan) sniffed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) sniffed_error = NULL;

  fuzz_plan_make_criticals_fatal ();

  plan = sluice_plan_new_from_text ((const char *) data, size, &error);
  if (plan != NULL)
    fuzz_plan_check (plan);
  else
    fuzz_plan_check_error (error);

  /* The same bytes told apart as JSON or text. */
  sniffed = sluice_plan_new_from_data ((const char *) data, size, &sniffed_error);
  if (sniffed != NULL)
    fuzz_plan_check (sniffed);
  else
    fuzz_plan_check_error (sniffed_error);

  return 0;
}
