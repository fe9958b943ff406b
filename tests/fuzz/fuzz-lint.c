/* fuzz-lint.c: any text through sluice_lint_check_sql()
 *
 * Whatever the text, the lint returns findings (never crashes, never
 * warns): each names a known rule with a severity that is not OFF, a line
 * inside the text (counted from the source's first line) and a column
 * from 1, a lock mode that exists and a message, reason and (but for
 * notes and parse errors) a safe rewrite.  It is run with the tool's
 * transaction on and off, on PostgreSQL 10 and 15, under each guard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-lint.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define FIRST_LINE 5

static void
fail (const char *what,
      const char *detail)
{
  g_printerr ("%s: %s\n", what, detail != NULL ? detail : "");
  abort ();
}

static void
make_criticals_fatal (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      g_once_init_leave (&done, 1);
    }
}

static void
check_finding (const SluiceLintFinding *finding,
               guint                    n_lines)
{
  if (!sluice_lint_rule_exists (finding->rule))
    fail ("unknown rule", finding->rule);
  if (finding->severity == SLUICE_LINT_SEVERITY_OFF || finding->severity > SLUICE_LINT_SEVERITY_ERROR)
    fail ("bad severity", finding->rule);
  if (finding->line < FIRST_LINE || finding->line >= FIRST_LINE + n_lines)
    fail ("line outside the text", finding->message);
  if (finding->column < 1)
    fail ("column 0", finding->message);
  if (finding->lock > SLUICE_LOCK_ACCESS_EXCLUSIVE)
    fail ("bad lock", finding->rule);
  if (finding->message == NULL || finding->message[0] == '\0' ||
      !g_utf8_validate (finding->message, -1, NULL))
    fail ("no message", finding->rule);
  if (finding->why == NULL || finding->why[0] == '\0')
    fail ("no reason", finding->rule);
  if (finding->rewrite == NULL && !g_str_equal (finding->rule, "lock-level") &&
      !g_str_equal (finding->rule, "syntax-error"))
    fail ("no rewrite", finding->rule);
  if (g_strcmp0 (finding->file, "fuzz.sql") != 0)
    fail ("wrong file", finding->file);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Up to a NUL byte, as a C string; "" for no data (data may be NULL). */
  g_autofree char *text = size > 0 ? g_strndup ((const char *) data, size) : g_strdup ("");
  guint n_lines = 1;

  make_criticals_fatal ();

  for (const char *p = text; *p != '\0'; p++)
    n_lines += *p == '\n';

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(SluiceLintConfig) config = sluice_lint_config_new ((SluiceGuardLevel) round);
      g_autoptr(SluiceLint) lint = NULL;
      g_autoptr(GPtrArray) findings = NULL;
      SluiceLintSource source = { "fuzz.sql", FIRST_LINE, round == 1 };

      sluice_lint_config_set_server_version (config, round == 2 ? 100000 : 150000);
      lint = sluice_lint_new (config);
      findings = sluice_lint_check_sql (lint, text, &source);

      if (findings == NULL)
        fail ("no findings array", NULL);

      for (guint i = 0; i < findings->len; i++)
        check_finding (g_ptr_array_index (findings, i), n_lines);
    }

  return 0;
}
