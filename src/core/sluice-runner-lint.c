/* sluice-runner-lint.c: the lint step
 *
 * SluiceLint over the migrations to run, with the profile's configuration
 * and the server's version; for a rollback, over their down SQL, found
 * back in its file for a position.  Every finding goes out as an event,
 * then a count.  The guard level decides whether errors block the run
 * (sluice_runner_lint_blocks()) until they are acknowledged.  Apart from
 * the object because it is a step of its own, the only one that reads
 * the migrations' files rather than the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-runner-private.h"

/* The line where @text starts in the file at @path; 0 when it is not there. */
static guint
line_of_text (const char *path,
              const char *text)
{
  g_autofree char *contents = NULL;
  const char *found;
  guint line = 1;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  found = strstr (contents, text);
  if (found == NULL)
    return 0;
  for (const char *p = contents; p < found; p++)
    if (*p == '\n')
      line++;
  return line;
}

static GPtrArray *
lint_migration (SluiceRunner    *self,
                SluiceLint      *lint,
                SluiceMigration *migration)
{
  const char * const *files;
  SluiceLintSource source = { 0 };
  const char *sql;

  if (self->direction == SLUICE_RUN_UP)
    return sluice_lint_check_migration (lint, migration);

  /* A down script: its own file when it has one (the second file), else
   * the up file's; the position of the down text in it is not known. */
  sql = sluice_migration_get_down_sql (migration);
  if (sql == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_lint_finding_free);

  files = sluice_migration_get_files (migration);
  if (files != NULL && files[0] != NULL)
    {
      source.file = files[1] != NULL ? files[1] : files[0];
      source.first_line = line_of_text (source.file, sql);
      /* Not found where it was read from: no position is better than a wrong one. */
      if (source.first_line == 0)
        source.file = NULL;
    }
  source.transactional = sluice_migration_get_transactional (migration);
  return sluice_lint_check_sql (lint, sql, &source);
}

static void
emit_lint_summary (SluiceRunner *self)
{
  guint n_errors = 0;
  guint n_warnings = 0;
  g_autofree char *summary = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  for (guint i = 0; i < self->findings->len; i++)
    {
      const SluiceLintFinding *finding = g_ptr_array_index (self->findings, i);
      g_autofree char *line = NULL;

      if (finding->severity == SLUICE_LINT_SEVERITY_ERROR)
        n_errors++;
      else if (finding->severity == SLUICE_LINT_SEVERITY_WARNING)
        n_warnings++;
      else
        continue;

      line = g_strdup_printf ("%s:%u:%u %s [%s] %s",
                              finding->file != NULL ? finding->file : "-",
                              finding->line, finding->column,
                              sluice_lint_severity_to_string (finding->severity),
                              finding->rule, finding->message);
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, line);
    }

  errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors), n_errors);
  warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings), n_warnings);
  /* Translators: the first part counts errors, the second warnings */
  summary = g_strdup_printf (_("Lint: %s, %s."), errors, warnings);
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_INFO, NULL, summary);
}

GPtrArray *
sluice_runner_lint (SluiceRunner *self)
{
  g_autoptr(SluiceLintConfig) config = NULL;
  g_autoptr(SluiceLint) lint = NULL;
  int server_version;

  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);

  config = sluice_lint_config_new_for_profile (self->profile);
  server_version = sluice_connection_get_server_version (self->connection);
  if (server_version > 0)
    sluice_lint_config_set_server_version (config, (guint) server_version);
  sluice_lint_config_set_runner_sets_lock_timeout (config, _sluice_runner_effective_lock_timeout_ms (self) > 0);
  lint = sluice_lint_new (config);

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_lint_finding_free);
  self->lint_acknowledged = FALSE;

  _sluice_runner_emit (self, SLUICE_RUN_EVENT_STEP, NULL, _("Lint"));
  for (guint i = 0; i < self->migrations->len; i++)
    {
      g_autoptr(GPtrArray) findings = lint_migration (self, lint, g_ptr_array_index (self->migrations, i));

      for (guint j = 0; j < findings->len; j++)
        g_ptr_array_add (self->findings, g_steal_pointer (&g_ptr_array_index (findings, j)));
      g_ptr_array_set_free_func (findings, NULL);
    }
  emit_lint_summary (self);

  return self->findings;
}

gboolean
sluice_runner_lint_blocks (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);

  if (self->findings == NULL)
    sluice_runner_lint (self);

  /* RELAXED: the findings are read, nothing blocks. */
  if (sluice_profile_get_guard (self->profile) == SLUICE_GUARD_RELAXED)
    return FALSE;
  if (self->lint_acknowledged)
    return FALSE;
  return sluice_lint_findings_get_max_severity (self->findings) == SLUICE_LINT_SEVERITY_ERROR;
}

void
sluice_runner_acknowledge_lint (SluiceRunner *self)
{
  g_return_if_fail (SLUICE_IS_RUNNER (self));

  if (self->findings == NULL)
    sluice_runner_lint (self);
  self->lint_acknowledged = TRUE;
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL,
                       _("The lint's errors were acknowledged: the run may go on."));
}
