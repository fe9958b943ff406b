/* sluice-history-writer-sqitch.c: recording a run in Sqitch's registry
 *
 * Sqitch knows a deployed change by its id: the SHA-1 of a short text
 * naming the project, its uri, the change, the id of the change planned
 * before it, the planner, the planned time, the dependencies and the note
 * (App::Sqitch::Plan::Change's info and id), hashed the way git hashes an
 * object ("change LENGTH\0TEXT").  Tags have ids made the same way.  The
 * migration carries none of that, so the plan next to its scripts is read
 * again here and every id worked out from the top, as Sqitch does.
 *
 * Deploying inserts the change, its dependencies, the tags planned on it
 * and a "deploy" event; reverting deletes the change and its tags and adds
 * a "revert" event (log_deploy_change and log_revert_change of Sqitch's
 * DBI engine).  A deploy that fails adds a "fail" event, the deploy event's
 * twin, once the change's transaction is over (log_fail_change, called by
 * Engine::deploy_change); a revert that fails logs nothing.  Setup creates
 * the registry as `sqitch deploy` does the first time (registry release
 * 1.1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-history-writer-private.h"

#define SQITCH_REGISTRY_RELEASE "1.1"

typedef struct
{
  char      *name;
  char      *planned_at;     /* "2024-01-16T14:20:00Z", as in the plan */
  char      *planner_name;
  char      *planner_email;
  char      *note;
  GPtrArray *requires;       /* char *, as Sqitch prints them */
  GPtrArray *conflicts;      /* char *, without the '!' */
  GPtrArray *tags;           /* SqitchTag *, planned right after the change */
  char      *id;
  char      *key;            /* the history key: name, or name@tag for an earlier instance */
} SqitchChange;

typedef struct
{
  char *name;                /* without the '@' */
  char *planned_at;
  char *planner_name;
  char *planner_email;
  char *note;
  char *id;
} SqitchTag;

typedef struct
{
  char      *project;
  char      *uri;
  GPtrArray *changes;        /* SqitchChange *, in plan order */
} SqitchPlan;

static void
sqitch_tag_free (SqitchTag *tag)
{
  g_free (tag->name);
  g_free (tag->planned_at);
  g_free (tag->planner_name);
  g_free (tag->planner_email);
  g_free (tag->note);
  g_free (tag->id);
  g_free (tag);
}

static void
sqitch_change_free (SqitchChange *change)
{
  g_free (change->name);
  g_free (change->planned_at);
  g_free (change->planner_name);
  g_free (change->planner_email);
  g_free (change->note);
  g_ptr_array_unref (change->requires);
  g_ptr_array_unref (change->conflicts);
  g_ptr_array_unref (change->tags);
  g_free (change->id);
  g_free (change->key);
  g_free (change);
}

static void
sqitch_plan_free (SqitchPlan *plan)
{
  g_free (plan->project);
  g_free (plan->uri);
  g_ptr_array_unref (plan->changes);
  g_free (plan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SqitchPlan, sqitch_plan_free)

/* "type LENGTH\0TEXT", as App::Sqitch hashes changes and tags. */
static char *
object_id (const char *type,
           const char *info)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *header = g_strdup_printf ("%s %zu", type, strlen (info));

  g_checksum_update (checksum, (const guchar *) header, strlen (header) + 1);
  g_checksum_update (checksum, (const guchar *) info, strlen (info));

  return g_strdup (g_checksum_get_string (checksum));
}

/* The part after the name: "[deps] TIME PLANNER <EMAIL>".  FALSE when it
 * is not that. */
static gboolean
parse_planned (const char  *p,
               char       **planned_at,
               char       **planner_name,
               char       **planner_email)
{
  const char *time_end;
  const char *open;
  const char *close;

  while (*p == ' ' || *p == '\t')
    p++;
  time_end = p;
  while (*time_end != '\0' && *time_end != ' ' && *time_end != '\t')
    time_end++;
  if (time_end == p || time_end[-1] != 'Z')
    return FALSE;

  open = strchr (time_end, '<');
  close = open != NULL ? strchr (open, '>') : NULL;
  if (close == NULL)
    return FALSE;

  *planned_at = g_strndup (p, time_end - p);
  *planner_name = g_strstrip (g_strndup (time_end, open - time_end));
  *planner_email = g_strndup (open + 1, close - open - 1);
  return TRUE;
}

/* A dependency as Sqitch prints it: without its project when that is the
 * plan's own. */
static char *
dependency_string (const char *token,
                   const char *project)
{
  const char *colon = strchr (token, ':');

  if (colon != NULL && project != NULL &&
      strlen (project) == (gsize) (colon - token) && strncmp (token, project, colon - token) == 0)
    return g_strdup (colon + 1);

  return g_strdup (token);
}

static SqitchChange *
parse_change_line (const char *line,
                   const char *project,
                   const char *note)
{
  g_autoptr(GPtrArray) requires = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = NULL;
  const char *p = line;
  const char *name_end;
  SqitchChange *change;
  char *planned_at = NULL;
  char *planner_name = NULL;
  char *planner_email = NULL;

  while (*p == ' ' || *p == '\t')
    p++;
  name_end = p;
  while (*name_end != '\0' && *name_end != ' ' && *name_end != '\t' && *name_end != '[')
    name_end++;
  if (name_end == p)
    return NULL;
  name = g_strndup (p, name_end - p);
  p = name_end;

  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '[')
    {
      const char *close = strchr (p, ']');
      g_autofree char *inside = NULL;
      g_auto(GStrv) tokens = NULL;

      if (close == NULL)
        return NULL;
      inside = g_strndup (p + 1, close - p - 1);
      g_strdelimit (inside, "\t", ' ');
      tokens = g_strsplit (inside, " ", -1);
      for (guint i = 0; tokens[i] != NULL; i++)
        {
          if (tokens[i][0] == '\0')
            continue;
          if (tokens[i][0] == '!')
            g_ptr_array_add (conflicts, dependency_string (tokens[i] + 1, project));
          else
            g_ptr_array_add (requires, dependency_string (tokens[i], project));
        }
      p = close + 1;
    }

  if (!parse_planned (p, &planned_at, &planner_name, &planner_email))
    return NULL;

  change = g_new0 (SqitchChange, 1);
  change->name = g_steal_pointer (&name);
  change->planned_at = planned_at;
  change->planner_name = planner_name;
  change->planner_email = planner_email;
  change->note = g_strdup (note);
  change->requires = g_steal_pointer (&requires);
  change->conflicts = g_steal_pointer (&conflicts);
  change->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) sqitch_tag_free);
  return change;
}

static SqitchTag *
parse_tag_line (const char *line,
                const char *note)
{
  const char *p = line;
  const char *name_end;
  SqitchTag *tag;
  char *planned_at = NULL;
  char *planner_name = NULL;
  char *planner_email = NULL;

  while (*p == ' ' || *p == '\t')
    p++;
  p++;  /* the '@' */
  name_end = p;
  while (*name_end != '\0' && *name_end != ' ' && *name_end != '\t')
    name_end++;
  if (name_end == p || !parse_planned (name_end, &planned_at, &planner_name, &planner_email))
    return NULL;

  tag = g_new0 (SqitchTag, 1);
  tag->name = g_strndup (p, name_end - p);
  tag->planned_at = planned_at;
  tag->planner_name = planner_name;
  tag->planner_email = planner_email;
  tag->note = g_strdup (note);
  return tag;
}

static char *
format_planner (const char *name,
                const char *email)
{
  return g_strdup_printf ("%s <%s>", name, email);
}

/* Change ids chain through their parents, and tag ids name their change:
 * they are worked out in plan order. */
static void
compute_ids (SqitchPlan *plan)
{
  const char *parent_id = NULL;

  for (guint i = 0; i < plan->changes->len; i++)
    {
      SqitchChange *change = g_ptr_array_index (plan->changes, i);
      g_autofree char *planner = format_planner (change->planner_name, change->planner_email);
      GString *info = g_string_new (NULL);
      g_autofree char *text = NULL;

      g_string_append_printf (info, "project %s", plan->project);
      if (plan->uri != NULL)
        g_string_append_printf (info, "\nuri %s", plan->uri);
      g_string_append_printf (info, "\nchange %s", change->name);
      if (parent_id != NULL)
        g_string_append_printf (info, "\nparent %s", parent_id);
      g_string_append_printf (info, "\nplanner %s", planner);
      g_string_append_printf (info, "\ndate %s", change->planned_at);
      if (change->requires->len > 0)
        {
          g_string_append (info, "\nrequires");
          for (guint r = 0; r < change->requires->len; r++)
            g_string_append_printf (info, "\n  + %s", (char *) g_ptr_array_index (change->requires, r));
        }
      if (change->conflicts->len > 0)
        {
          g_string_append (info, "\nconflicts");
          for (guint c = 0; c < change->conflicts->len; c++)
            g_string_append_printf (info, "\n  - %s", (char *) g_ptr_array_index (change->conflicts, c));
        }
      if (change->note[0] != '\0')
        g_string_append_printf (info, "\n\n%s", change->note);

      text = g_string_free (info, FALSE);
      change->id = object_id ("change", text);
      parent_id = change->id;

      for (guint t = 0; t < change->tags->len; t++)
        {
          SqitchTag *tag = g_ptr_array_index (change->tags, t);
          g_autofree char *tag_planner = format_planner (tag->planner_name, tag->planner_email);
          g_autofree char *tag_text = NULL;

          tag_text = g_strdup_printf ("project %s%s%s\ntag @%s\nchange %s\nplanner %s\ndate %s%s%s",
                                      plan->project,
                                      plan->uri != NULL ? "\nuri " : "",
                                      plan->uri != NULL ? plan->uri : "",
                                      tag->name, change->id, tag_planner, tag->planned_at,
                                      tag->note[0] != '\0' ? "\n\n" : "", tag->note);
          tag->id = object_id ("tag", tag_text);
        }
    }
}

/* The keys the folder adapter gives: a change planned again later (a
 * rework) is, where it was planned before, "name@TAG" with the first tag
 * planned at or after it. */
static void
compute_keys (SqitchPlan *plan)
{
  for (guint i = 0; i < plan->changes->len; i++)
    {
      SqitchChange *change = g_ptr_array_index (plan->changes, i);
      const char *first_tag = NULL;
      gboolean planned_again = FALSE;

      for (guint j = i; j < plan->changes->len; j++)
        {
          SqitchChange *later = g_ptr_array_index (plan->changes, j);

          if (j > i && g_str_equal (later->name, change->name))
            planned_again = TRUE;
          if (first_tag == NULL && later->tags->len > 0)
            first_tag = ((SqitchTag *) g_ptr_array_index (later->tags, 0))->name;
        }

      change->key = planned_again && first_tag != NULL
                    ? g_strconcat (change->name, "@", first_tag, NULL)
                    : g_strdup (change->name);
    }
}

/* Splits "text # note" as Sqitch does: the note starts at the first '#'. */
static char *
split_note (char *line)
{
  char *hash = strchr (line, '#');
  char *note;
  char *end;

  if (hash == NULL)
    return g_strdup ("");

  note = hash + 1;
  while (*note == ' ' || *note == '\t')
    note++;
  note = g_strdup (note);
  end = hash;
  while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  *end = '\0';

  return note;
}

static void
parse_pragma (SqitchPlan *plan,
              const char *line)
{
  g_autofree char *copy = g_strdup (line + 1);
  char *equals = strchr (copy, '=');
  char *name;
  char *value;

  if (equals == NULL)
    return;
  *equals = '\0';
  name = g_strstrip (copy);
  value = g_strstrip (equals + 1);

  if (g_str_equal (name, "project") && plan->project == NULL)
    plan->project = g_strdup (value);
  else if (g_str_equal (name, "uri") && plan->uri == NULL && value[0] != '\0')
    plan->uri = g_strdup (value);
}

static SqitchPlan *
read_plan (const char  *plan_path,
           GError     **error)
{
  g_autoptr(SqitchPlan) plan = g_new0 (SqitchPlan, 1);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (plan_path, &text, NULL, error))
    return NULL;

  plan->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sqitch_change_free);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      g_autofree char *note = NULL;
      gsize length = strlen (line);
      const char *start = line;

      if (length > 0 && line[length - 1] == '\r')
        line[length - 1] = '\0';
      while (*start == ' ' || *start == '\t')
        start++;
      if (*start == '\0' || *start == '#')
        continue;
      if (*start == '%')
        {
          parse_pragma (plan, start);
          continue;
        }

      note = split_note (line);
      if (*start == '@')
        {
          SqitchTag *tag = parse_tag_line (start, note);
          SqitchChange *last = plan->changes->len > 0
                               ? g_ptr_array_index (plan->changes, plan->changes->len - 1) : NULL;

          if (tag == NULL || last == NULL)
            goto bad_line;
          g_ptr_array_add (last->tags, tag);
        }
      else
        {
          SqitchChange *change = parse_change_line (start, plan->project, note);

          if (change == NULL)
            goto bad_line;
          g_ptr_array_add (plan->changes, change);
        }
      continue;

    bad_line:
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s, line %u: Sluice cannot read this line of the plan, so it cannot name the changes as Sqitch does; nothing was recorded."),
                   plan_path, i + 1);
      return NULL;
    }

  if (plan->project == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s has no %%project line, which names the project in Sqitch’s registry; nothing was recorded."),
                   plan_path);
      return NULL;
    }

  compute_ids (plan);
  compute_keys (plan);
  return g_steal_pointer (&plan);
}

/* The sqitch.plan of the project a deploy script belongs to: the nearest
 * folder above it that has one. */
static char *
find_plan (SluiceMigration *migration)
{
  const char * const *files = sluice_migration_get_files (migration);
  g_autofree char *dir = NULL;

  if (files == NULL || files[0] == NULL)
    return NULL;

  dir = g_path_get_dirname (files[0]);
  for (guint depth = 0; depth < 16; depth++)
    {
      g_autofree char *plan_path = g_build_filename (dir, "sqitch.plan", NULL);
      g_autofree char *parent = NULL;

      if (g_file_test (plan_path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&plan_path);

      parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        break;
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }

  return NULL;
}

/* Who commits, as Sqitch finds its user.name and user.email when neither
 * is configured: the environment first, then the system account. */
static char *
committer_name (void)
{
  const char *name = g_getenv ("SQITCH_FULLNAME");

  if (name == NULL || name[0] == '\0')
    name = g_get_real_name ();
  if (name == NULL || name[0] == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();

  return _sluice_history_writer_literal (name);
}

static char *
committer_email (void)
{
  const char *email = g_getenv ("SQITCH_EMAIL");
  g_autofree char *made = NULL;

  if (email == NULL || email[0] == '\0')
    email = made = g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());

  return _sluice_history_writer_literal (email);
}

static char *
text_array (GPtrArray  *items,
            const char *(*get) (gpointer item))
{
  GString *array = g_string_new ("ARRAY[");

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *literal = _sluice_history_writer_literal (get (g_ptr_array_index (items, i)));

      if (i > 0)
        g_string_append (array, ", ");
      g_string_append (array, literal);
    }
  g_string_append (array, "]::text[]");

  return g_string_free (array, FALSE);
}

static const char *
get_string (gpointer item)
{
  return item;
}

static const char *
get_tag_name (gpointer item)
{
  return ((SqitchTag *) item)->name;
}

/* The id a "requires" entry resolves to: within the project, the change of
 * that name planned last before @index; else whatever the registry holds. */
static char *
dependency_id_sql (SqitchPlan *plan,
                   guint       index,
                   const char *dependency)
{
  g_autofree char *name = g_strdup (dependency);
  char *at = strchr (name, '@');
  g_autofree char *literal = NULL;

  if (at != NULL)
    *at = '\0';

  if (strchr (name, ':') == NULL)
    for (guint i = index; i > 0; i--)
      {
        SqitchChange *earlier = g_ptr_array_index (plan->changes, i - 1);

        if (g_str_equal (earlier->name, name))
          return _sluice_history_writer_literal (earlier->id);
      }

  {
    char *colon = strchr (name, ':');
    g_autofree char *project = colon != NULL ? g_strndup (name, colon - name) : g_strdup (plan->project);
    g_autofree char *project_literal = _sluice_history_writer_literal (project);

    literal = _sluice_history_writer_literal (colon != NULL ? colon + 1 : name);
    return g_strdup_printf ("(SELECT change_id FROM sqitch.changes WHERE project = %s AND change = %s"
                            " ORDER BY committed_at DESC LIMIT 1)", project_literal, literal);
  }
}

GPtrArray *
_sluice_history_writer_sqitch_setup (const char  *project,
                                     GError     **error)
{
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = committer_name ();
  g_autofree char *email = committer_email ();

  g_ptr_array_add (statements, g_strdup ("CREATE SCHEMA IF NOT EXISTS sqitch"));
  g_ptr_array_add (statements, g_strdup (
    "CREATE TABLE IF NOT EXISTS sqitch.releases ("
    " version REAL PRIMARY KEY,"
    " installed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),"
    " installer_name TEXT NOT NULL,"
    " installer_email TEXT NOT NULL)"));
  g_ptr_array_add (statements, g_strdup (
    "CREATE TABLE IF NOT EXISTS sqitch.projects ("
    " project TEXT PRIMARY KEY,"
    " uri TEXT NULL UNIQUE,"
    " created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),"
    " creator_name TEXT NOT NULL,"
    " creator_email TEXT NOT NULL)"));
  g_ptr_array_add (statements, g_strdup (
    "CREATE TABLE IF NOT EXISTS sqitch.changes ("
    " change_id TEXT PRIMARY KEY,"
    " script_hash TEXT NULL,"
    " change TEXT NOT NULL,"
    " project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,"
    " note TEXT NOT NULL DEFAULT '',"
    " committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),"
    " committer_name TEXT NOT NULL,"
    " committer_email TEXT NOT NULL,"
    " planned_at TIMESTAMPTZ NOT NULL,"
    " planner_name TEXT NOT NULL,"
    " planner_email TEXT NOT NULL,"
    " UNIQUE(project, script_hash))"));
  g_ptr_array_add (statements, g_strdup (
    "CREATE TABLE IF NOT EXISTS sqitch.tags ("
    " tag_id TEXT PRIMARY KEY,"
    " tag TEXT NOT NULL,"
    " project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,"
    " change_id TEXT NOT NULL REFERENCES sqitch.changes(change_id) ON UPDATE CASCADE,"
    " note TEXT NOT NULL DEFAULT '',"
    " committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),"
    " committer_name TEXT NOT NULL,"
    " committer_email TEXT NOT NULL,"
    " planned_at TIMESTAMPTZ NOT NULL,"
    " planner_name TEXT NOT NULL,"
    " planner_email TEXT NOT NULL,"
    " UNIQUE(project, tag))"));
  g_ptr_array_add (statements, g_strdup (
    "CREATE TABLE IF NOT EXISTS sqitch.dependencies ("
    " change_id TEXT NOT NULL REFERENCES sqitch.changes(change_id) ON UPDATE CASCADE ON DELETE CASCADE,"
    " type TEXT NOT NULL,"
    " dependency TEXT NOT NULL,"
    " dependency_id TEXT NULL REFERENCES sqitch.changes(change_id) ON UPDATE CASCADE"
    "   CONSTRAINT dependencies_check CHECK ("
    "     (type = 'require' AND dependency_id IS NOT NULL)"
    "     OR (type = 'conflict' AND dependency_id IS NULL)),"
    " PRIMARY KEY (change_id, dependency))"));
  g_ptr_array_add (statements, g_strdup (
    "CREATE TABLE IF NOT EXISTS sqitch.events ("
    " event TEXT NOT NULL CONSTRAINT events_event_check CHECK ("
    "   event IN ('deploy', 'revert', 'fail', 'merge')),"
    " change_id TEXT NOT NULL,"
    " change TEXT NOT NULL,"
    " project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,"
    " note TEXT NOT NULL DEFAULT '',"
    " requires TEXT[] NOT NULL DEFAULT '{}',"
    " conflicts TEXT[] NOT NULL DEFAULT '{}',"
    " tags TEXT[] NOT NULL DEFAULT '{}',"
    " committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),"
    " committer_name TEXT NOT NULL,"
    " committer_email TEXT NOT NULL,"
    " planned_at TIMESTAMPTZ NOT NULL,"
    " planner_name TEXT NOT NULL,"
    " planner_email TEXT NOT NULL,"
    " PRIMARY KEY (change_id, committed_at))"));
  /* Sqitch refuses a registry without its release row. */
  g_ptr_array_add (statements, g_strdup_printf (
    "INSERT INTO sqitch.releases (version, installer_name, installer_email)"
    " SELECT " SQITCH_REGISTRY_RELEASE ", %s, %s"
    "  WHERE NOT EXISTS (SELECT 1 FROM sqitch.releases)", name, email));

  return g_steal_pointer (&statements);
}

static void
add_change_rows (GPtrArray    *statements,
                 SqitchPlan   *plan,
                 guint         index,
                 SqitchChange *change,
                 const char   *hash,
                 const char   *name,
                 const char   *email)
{
  g_autofree char *id = _sluice_history_writer_literal (change->id);
  g_autofree char *project = _sluice_history_writer_literal (plan->project);
  g_autofree char *change_name = _sluice_history_writer_literal (change->name);
  g_autofree char *note = _sluice_history_writer_literal (change->note);
  g_autofree char *planned_at = _sluice_history_writer_literal (change->planned_at);
  g_autofree char *planner_name = _sluice_history_writer_literal (change->planner_name);
  g_autofree char *planner_email = _sluice_history_writer_literal (change->planner_email);

  g_ptr_array_add (statements, g_strdup_printf (
    "INSERT INTO sqitch.changes (change_id, script_hash, change, project, note,"
    " committer_name, committer_email, planned_at, planner_name, planner_email, committed_at)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s::timestamptz, %s, %s, clock_timestamp())",
    id, hash, change_name, project, note, name, email, planned_at, planner_name, planner_email));

  for (guint r = 0; r < change->requires->len; r++)
    {
      const char *dependency = g_ptr_array_index (change->requires, r);
      g_autofree char *literal = _sluice_history_writer_literal (dependency);
      g_autofree char *resolved = dependency_id_sql (plan, index, dependency);

      g_ptr_array_add (statements, g_strdup_printf (
        "INSERT INTO sqitch.dependencies (change_id, type, dependency, dependency_id)"
        " VALUES (%s, 'require', %s, %s)", id, literal, resolved));
    }
  for (guint c = 0; c < change->conflicts->len; c++)
    {
      g_autofree char *literal = _sluice_history_writer_literal (g_ptr_array_index (change->conflicts, c));

      g_ptr_array_add (statements, g_strdup_printf (
        "INSERT INTO sqitch.dependencies (change_id, type, dependency, dependency_id)"
        " VALUES (%s, 'conflict', %s, NULL)", id, literal));
    }

  for (guint t = 0; t < change->tags->len; t++)
    {
      SqitchTag *tag = g_ptr_array_index (change->tags, t);
      g_autofree char *tag_id = _sluice_history_writer_literal (tag->id);
      g_autofree char *tag_name = g_strconcat ("@", tag->name, NULL);
      g_autofree char *tag_literal = _sluice_history_writer_literal (tag_name);
      g_autofree char *tag_note = _sluice_history_writer_literal (tag->note);
      g_autofree char *tag_at = _sluice_history_writer_literal (tag->planned_at);
      g_autofree char *tag_planner = _sluice_history_writer_literal (tag->planner_name);
      g_autofree char *tag_email = _sluice_history_writer_literal (tag->planner_email);

      g_ptr_array_add (statements, g_strdup_printf (
        "INSERT INTO sqitch.tags (tag_id, tag, project, change_id, note, committer_name,"
        " committer_email, planned_at, planner_name, planner_email)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s::timestamptz, %s, %s)"
        " ON CONFLICT (tag_id) DO NOTHING",
        tag_id, tag_literal, project, id, tag_note, name, email, tag_at, tag_planner, tag_email));
    }
}

static char *
event_statement (const char   *event,
                 SqitchPlan   *plan,
                 SqitchChange *change,
                 const char   *name,
                 const char   *email)
{
  g_autofree char *id = _sluice_history_writer_literal (change->id);
  g_autofree char *project = _sluice_history_writer_literal (plan->project);
  g_autofree char *change_name = _sluice_history_writer_literal (change->name);
  g_autofree char *note = _sluice_history_writer_literal (change->note);
  g_autofree char *planned_at = _sluice_history_writer_literal (change->planned_at);
  g_autofree char *planner_name = _sluice_history_writer_literal (change->planner_name);
  g_autofree char *planner_email = _sluice_history_writer_literal (change->planner_email);
  g_autofree char *tags = NULL;
  g_autofree char *requires = text_array (change->requires, get_string);
  g_autofree char *conflicts = text_array (change->conflicts, get_string);
  GString *tag_names = g_string_new ("ARRAY[");

  for (guint t = 0; t < change->tags->len; t++)
    {
      g_autofree char *tag_name = g_strconcat ("@", get_tag_name (g_ptr_array_index (change->tags, t)), NULL);
      g_autofree char *literal = _sluice_history_writer_literal (tag_name);

      g_string_append_printf (tag_names, "%s%s", t > 0 ? ", " : "", literal);
    }
  g_string_append (tag_names, "]::text[]");
  tags = g_string_free (tag_names, FALSE);

  return g_strdup_printf (
    "INSERT INTO sqitch.events (event, change_id, change, project, note, tags, requires, conflicts,"
    " committer_name, committer_email, planned_at, planner_name, planner_email, committed_at)"
    " VALUES ('%s', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::timestamptz, %s, %s, clock_timestamp())",
    event, id, change_name, project, note, tags, requires, conflicts, name, email,
    planned_at, planner_name, planner_email);
}

/* The plan of @migration's project, and the change that is @migration in
 * it (at @index), or NULL and @error. */
static SqitchPlan *
plan_and_change (const char       *project,
                 SluiceMigration  *migration,
                 SqitchChange    **change,
                 guint            *index,
                 GError          **error)
{
  g_autoptr(SqitchPlan) plan = NULL;
  g_autofree char *plan_path = find_plan (migration);
  const char *key = sluice_migration_get_history_key (migration);

  if (plan_path == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
                   _("No sqitch.plan was found above %s, and Sqitch’s registry names changes by what the plan says; nothing was recorded."),
                   sluice_migration_get_version (migration));
      return NULL;
    }

  plan = read_plan (plan_path, error);
  if (plan == NULL)
    return NULL;

  if (project != NULL && g_strcmp0 (project, plan->project) != 0)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s names the project “%s”, not “%s”; nothing was recorded."),
                   plan_path, plan->project, project);
      return NULL;
    }

  for (guint i = 0; i < plan->changes->len; i++)
    {
      SqitchChange *candidate = g_ptr_array_index (plan->changes, i);

      if (g_strcmp0 (candidate->key, key) == 0)
        {
          *change = candidate;
          *index = i;
          return g_steal_pointer (&plan);
        }
    }

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
               _("%s does not plan the change “%s”; nothing was recorded."),
               plan_path, key);
  return NULL;
}

/* Sqitch registers the project when a deploy or revert starts, before any
 * change: every event's project row is there. */
static char *
project_statement (SqitchPlan *plan,
                   const char *name,
                   const char *email)
{
  g_autofree char *project_literal = _sluice_history_writer_literal (plan->project);
  g_autofree char *uri_literal = plan->uri != NULL ? _sluice_history_writer_literal (plan->uri)
                                                   : g_strdup ("NULL");

  return g_strdup_printf ("INSERT INTO sqitch.projects (project, uri, creator_name, creator_email)"
                          " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                          project_literal, uri_literal, name, email);
}

GPtrArray *
_sluice_history_writer_sqitch_failure (const char          *project,
                                       SluiceMigration     *migration,
                                       SluiceRunDirection   direction,
                                       GError             **error)
{
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SqitchPlan) plan = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  SqitchChange *change = NULL;
  guint index = 0;

  if (direction == SLUICE_RUN_DOWN)
    return g_steal_pointer (&statements);

  plan = plan_and_change (project, migration, &change, &index, error);
  if (plan == NULL)
    return NULL;

  name = committer_name ();
  email = committer_email ();
  g_ptr_array_add (statements, project_statement (plan, name, email));
  g_ptr_array_add (statements, event_statement ("fail", plan, change, name, email));

  return g_steal_pointer (&statements);
}

GPtrArray *
_sluice_history_writer_sqitch_record (const char          *project,
                                      SluiceMigration     *migration,
                                      SluiceRunDirection   direction,
                                      GError             **error)
{
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SqitchPlan) plan = NULL;
  g_autofree char *name = committer_name ();
  g_autofree char *email = committer_email ();
  SqitchChange *change = NULL;
  guint index = 0;

  plan = plan_and_change (project, migration, &change, &index, error);
  if (plan == NULL)
    return NULL;

  /* Sqitch locks sqitch.changes here; the executor's advisory lock does
   * that job, and these statements may run outside a transaction block
   * (after a migration run one statement at a time), where LOCK fails. */
  g_ptr_array_add (statements, project_statement (plan, name, email));

  if (direction == SLUICE_RUN_DOWN)
    {
      g_autofree char *id = _sluice_history_writer_literal (change->id);

      g_ptr_array_add (statements, g_strdup_printf ("DELETE FROM sqitch.tags WHERE change_id = %s", id));
      g_ptr_array_add (statements, g_strdup_printf ("DELETE FROM sqitch.changes WHERE change_id = %s", id));
      g_ptr_array_add (statements, event_statement ("revert", plan, change, name, email));
    }
  else
    {
      const char *checksum = sluice_migration_get_checksum (migration);
      g_autofree char *hash = checksum != NULL ? _sluice_history_writer_literal (checksum) : g_strdup ("NULL");

      add_change_rows (statements, plan, index, change, hash, name, email);
      g_ptr_array_add (statements, event_statement ("deploy", plan, change, name, email));
    }

  return g_steal_pointer (&statements);
}
