/* sluice-migration-writer-sqitch.c: Sqitch's plan line and its deploy/,
 * revert/ and verify/ scripts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-migration-writer-private.h"

typedef struct
{
  char *project;
  char *planner;     /* "Name <email>" */
} SqitchPlan;

static void
sqitch_plan_clear (SqitchPlan *plan)
{
  g_clear_pointer (&plan->project, g_free);
  g_clear_pointer (&plan->planner, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SqitchPlan, sqitch_plan_clear)

/* The planner of a change or tag line: what lies between its time
 * ("2024-01-16T14:20:00Z") and the end of the email. */
static char *
planner_of_line (const char *line)
{
  const char *z = NULL;
  const char *close;

  for (const char *p = strchr (line, 'T'); p != NULL; p = strchr (p + 1, 'T'))
    {
      if (p - line >= 10 && g_ascii_isdigit (p[-1]) && p[-3] == '-' && strlen (p) > 9 && p[9] == 'Z')
        {
          z = p + 9;
          break;
        }
    }

  if (z == NULL || (close = strchr (z, '>')) == NULL || strchr (z, '<') == NULL)
    return NULL;

  return g_strstrip (g_strndup (z + 1, close + 1 - (z + 1)));
}

/* Reads the project and the planner of the last line, and refuses a
 * change name the plan already has (Sqitch would take it for a rework). */
static gboolean
read_sqitch_plan (SluiceMigrationPlan  *plan,
                  const char           *text,
                  SqitchPlan           *sqitch,
                  GError              **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      const char *name = line;
      g_autofree char *planner = NULL;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      if (line[0] == '%')
        {
          const char *p = line + 1;

          if (sqitch->project == NULL && g_str_has_prefix (p, "project"))
            {
              p += strlen ("project");
              while (*p == ' ' || *p == '\t')
                p++;
              if (*p == '=')
                {
                  p++;
                  while (*p == ' ' || *p == '\t')
                    p++;
                  if (strcspn (p, " \t#") > 0)
                    sqitch->project = g_strndup (p, strcspn (p, " \t#"));
                }
            }
          continue;
        }

      planner = planner_of_line (line);
      if (planner != NULL)
        {
          g_free (sqitch->planner);
          sqitch->planner = g_steal_pointer (&planner);
        }

      if (line[0] == '@')
        continue;

      if (name[0] == '+')
        name++;
      while (*name == ' ' || *name == '\t')
        name++;

      if (strncmp (name, plan->slug, strlen (plan->slug)) == 0 &&
          (name[strlen (plan->slug)] == ' ' || name[strlen (plan->slug)] == '\t' ||
           name[strlen (plan->slug)] == '[' || name[strlen (plan->slug)] == '\0'))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                       _("The Sqitch plan already has a change named “%s” (line %u); nothing was "
                         "written. Give the migration another name."),
                       plan->slug, i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

static char *
default_planner (void)
{
  const char *real_name = g_get_real_name ();
  const char *user = g_get_user_name ();

  if (real_name == NULL || real_name[0] == '\0' || g_str_equal (real_name, "Unknown"))
    real_name = user;

  return g_strdup_printf ("%s <%s@%s>", real_name, user, g_get_host_name ());
}

gboolean
_sluice_migration_writer_plan_sqitch (SluiceMigrationPlan  *plan,
                                      GError              **error)
{
  g_auto(SqitchPlan) sqitch = { 0 };
  g_autofree char *plan_path = g_build_filename (plan->dir, "sqitch.plan", NULL);
  g_autofree char *planned_at = g_date_time_format (plan->now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *file_name = g_strconcat (plan->slug, ".sql", NULL);
  g_autofree char *up = _sluice_migration_writer_trimmed_block (plan->up_sql);
  g_autofree char *down = plan->down_sql != NULL ? _sluice_migration_writer_trimmed_block (plan->down_sql)
                                                 : g_strdup ("-- XXX Add DDLs here.\n");
  g_autoptr(GString) contents = g_string_new (NULL);
  const char *newline = "\n";
  const char *project;

  if (g_file_test (plan_path, G_FILE_TEST_EXISTS))
    {
      if (!_sluice_migration_writer_read_text_file (plan_path, &plan->index_original, error) ||
          !read_sqitch_plan (plan, plan->index_original, &sqitch, error))
        return FALSE;

      if (strstr (plan->index_original, "\r\n") != NULL)
        newline = "\r\n";
    }

  /* A new project is named after its folder, as a name Sqitch accepts. */
  if (sqitch.project == NULL)
    {
      g_autofree char *base = g_path_get_basename (plan->dir);

      sqitch.project = _sluice_migration_writer_make_slug (base);
      if (sqitch.project == NULL)
        sqitch.project = g_strdup ("migrations");
    }
  project = sqitch.project;
  if (sqitch.planner == NULL)
    sqitch.planner = default_planner ();

  if (plan->index_original != NULL)
    {
      gsize length = strlen (plan->index_original);

      g_string_append (contents, plan->index_original);
      if (length > 0 && plan->index_original[length - 1] != '\n')
        g_string_append (contents, newline);
    }
  else
    {
      /* What sqitch init writes. */
      g_string_append_printf (contents, "%%syntax-version=1.0.0%s%%project=%s%s%s",
                              newline, project, newline, newline);
    }

  g_string_append_printf (contents, "%s %s %s # %s%s",
                          plan->slug, planned_at, sqitch.planner, plan->title, newline);

  /* The scripts as sqitch add writes them; a script that must run outside
   * a transaction block (CONCURRENTLY) opens none. */
  {
    g_autofree char *deploy_name = g_build_filename ("deploy", file_name, NULL);
    g_autofree char *revert_name = g_build_filename ("revert", file_name, NULL);
    g_autofree char *verify_name = g_build_filename ("verify", file_name, NULL);

    if (plan->transactional)
      {
        _sluice_migration_writer_add_file (plan, deploy_name,
                                           g_strdup_printf ("-- Deploy %s:%s to pg\n\nBEGIN;\n\n%s\nCOMMIT;\n",
                                                            project, plan->slug, up));
        _sluice_migration_writer_add_file (plan, revert_name,
                                           g_strdup_printf ("-- Revert %s:%s from pg\n\nBEGIN;\n\n%s\nCOMMIT;\n",
                                                            project, plan->slug, down));
      }
    else
      {
        _sluice_migration_writer_add_file (plan, deploy_name,
                                           g_strdup_printf ("-- Deploy %s:%s to pg\n\n%s", project, plan->slug, up));
        _sluice_migration_writer_add_file (plan, revert_name,
                                           g_strdup_printf ("-- Revert %s:%s from pg\n\n%s",
                                                            project, plan->slug, down));
      }

    _sluice_migration_writer_add_file (plan, verify_name,
                                       g_strdup_printf ("-- Verify %s:%s on pg\n\nBEGIN;\n\n"
                                                        "-- XXX Add verifications here.\n\nROLLBACK;\n",
                                                        project, plan->slug));
  }

  plan->index_path = g_steal_pointer (&plan_path);
  plan->index_contents = g_string_free (g_steal_pointer (&contents), FALSE);

  return TRUE;
}
