/* sluice-source-sqitch.c: a Sqitch project (sqitch.plan, deploy/ revert/ verify/)
 *
 * The plan holds pragmas ("%project=shop"), one line per change
 *   name [dependencies] 2024-01-16T14:20:00Z Planner Name <email> # note
 * and tag lines ("@v1.0 <timestamp> <planner> # note") that name the change
 * above them.  The plan's order is the deploy order.  Each change has
 * deploy/<name>.sql, and usually revert/<name>.sql and verify/<name>.sql.
 *
 * A change may be reworked: named again later in the plan, after a tag.
 * Its earlier instance then keeps its scripts as deploy/<name>@<tag>.sql,
 * with the first tag after it that has such a file, and Sqitch calls it
 * <name>@<tag>; Sluice uses that as its version and history key, and the
 * bare name for the latest instance.
 *
 * Sqitch records the SHA-1 of the deploy script's bytes as
 * sqitch.changes.script_hash.  Its pg engine runs each script through psql
 * as it is, without a transaction of its own: the scripts Sqitch writes
 * hold BEGIN and COMMIT.  Sluice therefore takes a change as transactional
 * unless one of its statements cannot run in a transaction block, in which
 * case the script must not (and in practice does not) open one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-migration-source-private.h"
#include "sluice-sql.h"

#define SQITCH_PLAN        "sqitch.plan"
#define SQITCH_DEPLOY_DIR  "deploy"
#define SQITCH_REVERT_DIR  "revert"
#define SQITCH_VERIFY_DIR  "verify"
#define SQITCH_EXTENSION   ".sql"

typedef struct
{
  char       *name;
  char       *note;
  guint       line;
  guint       plan_index;    /* position among the plan's lines that count */
  GPtrArray  *rework_tags;   /* tag names (without '@') when reworked later, else NULL */
} PlanChange;

typedef struct
{
  char  *name;
  guint  plan_index;
} PlanTag;

typedef struct
{
  SluiceFolderLoad *load;
  const char       *plan_path;
  GPtrArray        *changes;   /* PlanChange, in plan order */
  GPtrArray        *tags;      /* PlanTag, in plan order */
  GHashTable       *latest;    /* change name -> PlanChange, its latest instance */
  GHashTable       *tag_names; /* tag name -> line */
  guint             next_index;
} PlanRead;

static void
plan_change_free (PlanChange *change)
{
  g_free (change->name);
  g_free (change->note);
  g_clear_pointer (&change->rework_tags, g_ptr_array_unref);
  g_free (change);
}

static void
plan_tag_free (PlanTag *tag)
{
  g_free (tag->name);
  g_free (tag);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlanChange, plan_change_free)

gboolean
_sluice_source_sqitch_detect (const char *dir)
{
  g_autofree char *plan_path = g_build_filename (dir, SQITCH_PLAN, NULL);

  return g_file_test (plan_path, G_FILE_TEST_IS_REGULAR);
}

static const char *
skip_blanks (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\0';
}

/* Sqitch's names: no blanks and none of ":@#\\", not starting or ending
 * with punctuation other than '_'.  A '/' puts the scripts in a subfolder,
 * so each part between slashes must be a plain name too: nothing that
 * leaves the project. */
static gboolean
is_valid_name (const char *name)
{
  g_auto(GStrv) parts = NULL;
  gsize length = strlen (name);

  if (length == 0 || strpbrk (name, ":@#\\ \t") != NULL)
    return FALSE;

  if ((g_ascii_ispunct (name[0]) && name[0] != '_') ||
      (g_ascii_ispunct (name[length - 1]) && name[length - 1] != '_'))
    return FALSE;

  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return FALSE;

  return TRUE;
}

/* "2024-01-16T14:20:00Z", always UTC, as Sqitch writes planned_at. */
static gboolean
is_valid_timestamp (const char *text,
                    gsize       length)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  g_autoptr(GDateTime) time = NULL;
  int year, month, day, hour, minute, second;

  if (length != strlen (pattern))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
        return FALSE;
    }

  if (sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2dZ", &year, &month, &day, &hour, &minute, &second) != 6)
    return FALSE;

  time = g_date_time_new_utc (year, month, day, hour, minute, second);
  return time != NULL;
}

/* Reads "timestamp planner <email> [# note]", the part every change and tag
 * line ends with.  On failure @message says what is missing. */
static gboolean
parse_planned (const char  *p,
               char       **note,
               char       **message)
{
  const char *start = skip_blanks (p);
  const char *end = start;
  const char *open;
  const char *close;
  g_autofree char *planner = NULL;

  while (!is_blank (*end))
    end++;

  if (!is_valid_timestamp (start, end - start))
    {
      *message = g_strdup (_("it has no planned time like 2024-01-16T14:20:00Z (UTC) where Sqitch expects one"));
      return FALSE;
    }

  open = strchr (end, '<');
  close = open != NULL ? strchr (open, '>') : NULL;
  if (open == NULL || close == NULL)
    {
      *message = g_strdup (_("it has no planner’s email in angle brackets after the time"));
      return FALSE;
    }

  planner = g_strstrip (g_strndup (end, open - end));
  if (planner[0] == '\0')
    {
      *message = g_strdup (_("it has no planner’s name before the email"));
      return FALSE;
    }

  p = skip_blanks (close + 1);
  if (*p == '#')
    *note = g_strstrip (g_strdup (p + 1));
  else if (*p == '\0')
    *note = g_strdup ("");
  else
    {
      *message = g_strdup_printf (_("it has “%s” after the email, where only a “# note” may follow"), p);
      return FALSE;
    }

  return TRUE;
}

static void
read_tag_line (PlanRead   *read,
               const char *text,
               guint       line)
{
  g_autofree char *name = NULL;
  g_autofree char *note = NULL;
  g_autofree char *message = NULL;
  const char *end = text + 1;
  PlanTag *tag;

  while (!is_blank (*end))
    end++;

  name = g_strndup (text + 1, end - text - 1);

  if (!is_valid_name (name))
    {
      _sluice_folder_load_add_problem (read->load, read->plan_path, line,
                                       _("“@%s” is not a tag name Sqitch accepts; the line was ignored."), name);
      return;
    }

  if (read->changes->len == 0)
    {
      _sluice_folder_load_add_problem (read->load, read->plan_path, line,
                                       _("The tag “@%s” comes before any change, and a tag names the change above it; the line was ignored."),
                                       name);
      return;
    }

  if (!parse_planned (end, &note, &message))
    {
      _sluice_folder_load_add_problem (read->load, read->plan_path, line,
                                       /* Translators: the tag “@NAME” was ignored: WHAT IS WRONG */
                                       _("The tag “@%s” was ignored: %s."), name, message);
      return;
    }

  if (g_hash_table_contains (read->tag_names, name))
    {
      _sluice_folder_load_add_problem (read->load, read->plan_path, line,
                                       _("The tag “@%s” is already on line %u; this one was ignored."),
                                       name, GPOINTER_TO_UINT (g_hash_table_lookup (read->tag_names, name)));
      return;
    }

  g_hash_table_insert (read->tag_names, g_strdup (name), GUINT_TO_POINTER (line));

  tag = g_new0 (PlanTag, 1);
  tag->name = g_steal_pointer (&name);
  tag->plan_index = read->next_index++;
  g_ptr_array_add (read->tags, tag);
}

/* A change named again is a rework: Sqitch wants a tag between the two, so
 * that the earlier one can be told apart as name@tag.  Those tags are
 * noted on the earlier instance. */
static gboolean
note_rework (PlanRead   *read,
             PlanChange *earlier,
             guint       line)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < read->tags->len; i++)
    {
      PlanTag *tag = g_ptr_array_index (read->tags, i);

      if (tag->plan_index > earlier->plan_index)
        g_ptr_array_add (tags, g_strdup (tag->name));
    }

  if (tags->len == 0)
    {
      _sluice_folder_load_add_problem (read->load, read->plan_path, line,
                                       _("“%s” is already planned on line %u with no tag between the two, and Sqitch reworks a change only after a tag; this line was skipped."),
                                       earlier->name, earlier->line);
      return FALSE;
    }

  earlier->rework_tags = g_steal_pointer (&tags);
  return TRUE;
}

static void
read_change_line (PlanRead   *read,
                  const char *text,
                  guint       line)
{
  g_autoptr(PlanChange) change = NULL;
  g_autofree char *name = NULL;
  g_autofree char *note = NULL;
  g_autofree char *message = NULL;
  const char *p = text;
  const char *end;
  PlanChange *earlier;

  /* Plans of Sqitch before 0.9 could mark a change "+" (deploy) or "-"
   * (revert); "-" undoes the change at that point, which Sluice does not
   * model. */
  if (*p == '+')
    p = skip_blanks (p + 1);
  else if (*p == '-')
    {
      _sluice_folder_load_add_problem (read->load, read->plan_path, line,
                                       _("A “-” (revert) line is an old plan syntax that Sluice does not read; the line was skipped."));
      return;
    }

  end = p;
  while (!is_blank (*end) && *end != '[')
    end++;
  name = g_strndup (p, end - p);

  if (!is_valid_name (name))
    {
      _sluice_folder_load_add_problem (read->load, read->plan_path, line,
                                       _("“%s” is not a change name Sqitch accepts (no blanks, no “:@#\\”, no punctuation at either end); the line was skipped."),
                                       name);
      return;
    }

  p = skip_blanks (end);
  if (*p == '[')
    {
      /* The dependencies tell Sqitch what must be deployed first; the plan
       * order already respects them, so only the brackets are checked. */
      const char *close = strchr (p, ']');

      if (close == NULL)
        {
          _sluice_folder_load_add_problem (read->load, read->plan_path, line,
                                           _("The dependencies of “%s” open a “[” that is never closed; the line was skipped."),
                                           name);
          return;
        }
      p = close + 1;
    }

  if (!parse_planned (p, &note, &message))
    {
      _sluice_folder_load_add_problem (read->load, read->plan_path, line,
                                       /* Translators: the change “NAME” was skipped: WHAT IS WRONG */
                                       _("The change “%s” was skipped: %s."), name, message);
      return;
    }

  earlier = g_hash_table_lookup (read->latest, name);
  if (earlier != NULL && !note_rework (read, earlier, line))
    return;

  change = g_new0 (PlanChange, 1);
  change->name = g_steal_pointer (&name);
  change->note = g_steal_pointer (&note);
  change->line = line;
  change->plan_index = read->next_index++;

  g_hash_table_insert (read->latest, change->name, change);
  g_ptr_array_add (read->changes, g_steal_pointer (&change));
}

/* "%project=shop", blanks allowed around the '='; the first one counts. */
static void
read_pragma_line (PlanRead   *read,
                  const char *text)
{
  const char *p = text + 1;
  gsize name_length;

  while (g_ascii_isspace (*p))
    p++;
  name_length = strcspn (p, " \t=");
  if (name_length != strlen ("project") || strncmp (p, "project", name_length) != 0)
    return;

  p += name_length;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '=')
    return;
  p++;
  while (g_ascii_isspace (*p))
    p++;

  /* A project name has no blanks; a "# note" may follow it. */
  name_length = strcspn (p, " \t#");
  if (name_length > 0 && read->load->project == NULL)
    read->load->project = g_strndup (p, name_length);
}

static void
read_plan_line (PlanRead   *read,
                const char *raw,
                guint       line)
{
  g_autofree char *text = g_strstrip (g_strdup (raw));

  switch (text[0])
    {
    case '\0':
    case '#':
      return;

    case '%':
      /* Of the pragmas (%syntax-version, %project, %uri), only the project
       * matters: the registry may hold other projects too.  None says
       * anything about the order or the scripts. */
      read_pragma_line (read, text);
      return;

    case '@':
      read_tag_line (read, text, line);
      return;

    default:
      read_change_line (read, text, line);
      return;
    }
}

static char *
script_path (const char *dir,
             const char *kind,
             const char *name,
             const char *tag)
{
  g_autofree char *file_name = tag != NULL
    ? g_strconcat (name, "@", tag, SQITCH_EXTENSION, NULL)
    : g_strconcat (name, SQITCH_EXTENSION, NULL);

  /* Names with '/' are subfolders: the file name can hold them. */
  return g_build_filename (dir, kind, file_name, NULL);
}

/* Which tag's scripts an earlier instance of a reworked change uses: the
 * first tag after it whose deploy script exists, as Sqitch looks them up,
 * or the first tag when none does (and the deploy script is missing). */
static const char *
rework_tag (const char *dir,
            PlanChange *change)
{
  if (change->rework_tags == NULL)
    return NULL;

  for (guint i = 0; i < change->rework_tags->len; i++)
    {
      const char *tag = g_ptr_array_index (change->rework_tags, i);
      g_autofree char *deploy = script_path (dir, SQITCH_DEPLOY_DIR, change->name, tag);

      if (g_file_test (deploy, G_FILE_TEST_IS_REGULAR))
        return tag;
    }

  return g_ptr_array_index (change->rework_tags, 0);
}

static gboolean
needs_autocommit (GPtrArray *statements)
{
  for (guint i = 0; i < statements->len; i++)
    {
      SluiceStatement *statement = g_ptr_array_index (statements, i);

      if (sluice_sql_needs_autocommit (statement->text))
        return TRUE;
    }

  return FALSE;
}

/* The revert script is the change's down SQL; one that does not scan is
 * dropped without losing the change, which may well be deployed. */
static void
attach_revert (SluiceFolderLoad *load,
               SluiceMigration  *migration,
               const char       *revert_path)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *revert = NULL;
  gsize length = 0;
  guint line = 0;

  revert = _sluice_folder_load_read_text (load, revert_path, &length);
  if (revert == NULL)
    return;

  statements = _sluice_sql_split_at (revert, 1, &line, &error);
  if (statements == NULL)
    {
      _sluice_folder_load_add_problem (load, revert_path, line,
                                       _("%s; the revert script was skipped, and its change has no down SQL."),
                                       error->message);
      return;
    }

  sluice_migration_set_down_sql (migration, revert);
  sluice_migration_add_file (migration, revert_path);
}

static void
load_change (PlanRead   *read,
             PlanChange *change)
{
  SluiceFolderLoad *load = read->load;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autofree char *key = NULL;
  g_autofree char *deploy_path = NULL;
  g_autofree char *revert_path = NULL;
  g_autofree char *verify_path = NULL;
  g_autofree char *deploy = NULL;
  g_autofree char *checksum = NULL;
  const char *tag = rework_tag (load->dir, change);
  gsize length = 0;

  key = tag != NULL ? g_strconcat (change->name, "@", tag, NULL) : g_strdup (change->name);
  deploy_path = script_path (load->dir, SQITCH_DEPLOY_DIR, change->name, tag);
  revert_path = script_path (load->dir, SQITCH_REVERT_DIR, change->name, tag);
  verify_path = script_path (load->dir, SQITCH_VERIFY_DIR, change->name, tag);

  if (!g_file_test (deploy_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *file_name = g_strconcat (key, SQITCH_EXTENSION, NULL);
      g_autofree char *relative = g_build_filename (SQITCH_DEPLOY_DIR, file_name, NULL);

      _sluice_folder_load_add_problem (load, read->plan_path, change->line,
                                       _("The plan names “%s”, but its deploy script %s is not in the folder; the change was skipped."),
                                       key, relative);
      return;
    }

  deploy = _sluice_folder_load_read_text (load, deploy_path, &length);
  if (deploy == NULL)
    return;

  statements = _sluice_folder_load_split_sql (load, deploy_path, deploy, 1);
  if (statements == NULL)
    return;

  checksum = _sluice_checksum_sha1_hex (deploy, length);

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SQITCH, key,
                                    change->note[0] != '\0' ? change->note : change->name);
  sluice_migration_set_history_key (migration, key);
  sluice_migration_set_up_sql (migration, deploy, 1);
  sluice_migration_set_checksum (migration, checksum);
  sluice_migration_set_transactional (migration, !needs_autocommit (statements));
  sluice_migration_add_file (migration, deploy_path);

  if (g_file_test (revert_path, G_FILE_TEST_EXISTS))
    attach_revert (load, migration, revert_path);

  /* The verify script is not run by Sluice (yet), but it belongs to the
   * change, and a person looking at the change wants to find it. */
  if (g_file_test (verify_path, G_FILE_TEST_IS_REGULAR))
    sluice_migration_add_file (migration, verify_path);

  g_ptr_array_add (load->migrations, g_steal_pointer (&migration));
}

/* The plan must be UTF-8 throughout (Sqitch reads it so); a byte that is
 * not stops the whole plan, since the order of what follows is unknown. */
static gboolean
check_plan_text (const char  *text,
                 gsize        length,
                 guint       *bad_line)
{
  const char *end = NULL;

  if (g_utf8_validate_len (text, length, &end))
    return TRUE;

  *bad_line = 1;
  for (const char *p = text; p < end; p++)
    if (*p == '\n')
      (*bad_line)++;

  return FALSE;
}

gboolean
_sluice_source_sqitch_load (SluiceFolderLoad  *load,
                            GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_change_free);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_tag_free);
  g_autoptr(GHashTable) latest = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) tag_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *plan_path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  PlanRead read;
  gsize length = 0;
  guint bad_line = 0;

  g_return_val_if_fail (load != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  plan_path = g_build_filename (load->dir, SQITCH_PLAN, NULL);

  if (!g_file_get_contents (plan_path, &text, &length, &local_error))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("The Sqitch plan %s could not be read (%s); no change of the project was read."),
                   plan_path, local_error->message);
      return FALSE;
    }

  if (!check_plan_text (text, length, &bad_line))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s, line %u: the plan is not valid UTF-8 text (or holds a NUL byte); no change of the project was read. Save the plan as UTF-8."),
                   plan_path, bad_line);
      return FALSE;
    }

  read.load = load;
  read.plan_path = plan_path;
  read.changes = changes;
  read.tags = tags;
  read.latest = latest;
  read.tag_names = tag_names;
  read.next_index = 0;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    read_plan_line (&read, lines[i], i + 1);

  for (guint i = 0; i < changes->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (load->cancellable, error))
        return FALSE;

      load_change (&read, g_ptr_array_index (changes, i));
    }

  return TRUE;
}
