/* sluice-run-event.c: one line of a run's log, as it happens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-run-event.h"
#include "sluice-sql-mask.h"

/* The CLI prints one line per event: a statement longer than this is cut,
 * so that a long CREATE FUNCTION never floods a terminal. */
#define SQL_LINE_MAX_CHARS 72

struct _SluiceRunEvent
{
  GObject             parent_instance;

  SluiceRunEventKind  kind;
  GDateTime          *time;
  char               *version;
  char               *message;
  guint               statement_index;
  guint               statement_count;
  char               *sql;
  double              elapsed_ms;
  double              fraction;
  char               *sqlstate;
};

G_DEFINE_FINAL_TYPE (SluiceRunEvent, sluice_run_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_VERSION,
  PROP_MESSAGE,
  PROP_STATEMENT_INDEX,
  PROP_STATEMENT_COUNT,
  PROP_SQL,
  PROP_ELAPSED_MS,
  PROP_FRACTION,
  PROP_SQLSTATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Kinds ---------------------------------------------------------------------- */

GType
sluice_run_event_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      /* The nicks are the stable names of --json and the run log. */
      static const GEnumValue values[] = {
        { SLUICE_RUN_EVENT_STEP, "SLUICE_RUN_EVENT_STEP", "step" },
        { SLUICE_RUN_EVENT_INFO, "SLUICE_RUN_EVENT_INFO", "info" },
        { SLUICE_RUN_EVENT_WARNING, "SLUICE_RUN_EVENT_WARNING", "warning" },
        { SLUICE_RUN_EVENT_MIGRATION_STARTED, "SLUICE_RUN_EVENT_MIGRATION_STARTED", "migration-started" },
        { SLUICE_RUN_EVENT_STATEMENT_STARTED, "SLUICE_RUN_EVENT_STATEMENT_STARTED", "statement-started" },
        { SLUICE_RUN_EVENT_STATEMENT_DONE, "SLUICE_RUN_EVENT_STATEMENT_DONE", "statement-done" },
        { SLUICE_RUN_EVENT_LOCK_RETRY, "SLUICE_RUN_EVENT_LOCK_RETRY", "lock-retry" },
        { SLUICE_RUN_EVENT_WAITING, "SLUICE_RUN_EVENT_WAITING", "waiting" },
        { SLUICE_RUN_EVENT_PROGRESS, "SLUICE_RUN_EVENT_PROGRESS", "progress" },
        { SLUICE_RUN_EVENT_MIGRATION_DONE, "SLUICE_RUN_EVENT_MIGRATION_DONE", "migration-done" },
        { SLUICE_RUN_EVENT_MIGRATION_FAILED, "SLUICE_RUN_EVENT_MIGRATION_FAILED", "migration-failed" },
        { SLUICE_RUN_EVENT_FINISHED, "SLUICE_RUN_EVENT_FINISHED", "finished" },
        { 0, NULL, NULL }
      };

      g_once_init_leave (&type_id, g_enum_register_static ("SluiceRunEventKind", values));
    }

  return type_id;
}

const char *
sluice_run_event_kind_to_string (SluiceRunEventKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SLUICE_TYPE_RUN_EVENT_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  /* The class is static (registered once), so the nick outlives the ref. */
  return value != NULL ? value->value_nick : NULL;
}

/* GObject -------------------------------------------------------------------- */

static void
sluice_run_event_finalize (GObject *object)
{
  SluiceRunEvent *self = (SluiceRunEvent *) object;

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->sql, g_free);
  g_clear_pointer (&self->sqlstate, g_free);

  G_OBJECT_CLASS (sluice_run_event_parent_class)->finalize (object);
}

static void
sluice_run_event_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SluiceRunEvent *self = SLUICE_RUN_EVENT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_STATEMENT_INDEX:
      g_value_set_uint (value, self->statement_index);
      break;

    case PROP_STATEMENT_COUNT:
      g_value_set_uint (value, self->statement_count);
      break;

    case PROP_SQL:
      g_value_set_string (value, self->sql);
      break;

    case PROP_ELAPSED_MS:
      g_value_set_double (value, self->elapsed_ms);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_SQLSTATE:
      g_value_set_string (value, self->sqlstate);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_run_event_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SluiceRunEvent *self = SLUICE_RUN_EVENT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_VERSION:
      self->version = g_value_dup_string (value);
      break;

    case PROP_MESSAGE:
      self->message = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_run_event_class_init (SluiceRunEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_run_event_finalize;
  object_class->get_property = sluice_run_event_get_property;
  object_class->set_property = sluice_run_event_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       SLUICE_TYPE_RUN_EVENT_KIND, SLUICE_RUN_EVENT_INFO,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATEMENT_INDEX] =
    g_param_spec_uint ("statement-index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATEMENT_COUNT] =
    g_param_spec_uint ("statement-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SQL] =
    g_param_spec_string ("sql", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ELAPSED_MS] =
    g_param_spec_double ("elapsed-ms", NULL, NULL, -1, G_MAXDOUBLE, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1, 1, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SQLSTATE] =
    g_param_spec_string ("sqlstate", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_run_event_init (SluiceRunEvent *self)
{
  self->time = g_date_time_new_now_local ();
  self->elapsed_ms = -1;
  self->fraction = -1;
}

/* API ------------------------------------------------------------------------ */

SluiceRunEvent *
sluice_run_event_new (SluiceRunEventKind  kind,
                      const char         *version,
                      const char         *message)
{
  return g_object_new (SLUICE_TYPE_RUN_EVENT,
                       "kind", kind,
                       "version", version,
                       "message", message != NULL ? message : "",
                       NULL);
}

SluiceRunEventKind
sluice_run_event_get_kind (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), SLUICE_RUN_EVENT_INFO);

  return self->kind;
}

GDateTime *
sluice_run_event_get_time (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), NULL);

  return self->time;
}

const char *
sluice_run_event_get_version (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), NULL);

  return self->version;
}

const char *
sluice_run_event_get_message (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), NULL);

  return self->message;
}

guint
sluice_run_event_get_statement_index (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), 0);

  return self->statement_index;
}

guint
sluice_run_event_get_statement_count (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), 0);

  return self->statement_count;
}

const char *
sluice_run_event_get_sql (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), NULL);

  return self->sql;
}

double
sluice_run_event_get_elapsed_ms (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), -1);

  return self->elapsed_ms;
}

double
sluice_run_event_get_fraction (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), -1);

  return self->fraction;
}

const char *
sluice_run_event_get_sqlstate (SluiceRunEvent *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), NULL);

  return self->sqlstate;
}

void
sluice_run_event_set_statement (SluiceRunEvent *self,
                                guint           index,
                                guint           count,
                                const char     *sql)
{
  g_autofree char *masked = NULL;

  g_return_if_fail (SLUICE_IS_RUN_EVENT (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->statement_index != index)
    {
      self->statement_index = index;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATEMENT_INDEX]);
    }

  if (self->statement_count != count)
    {
      self->statement_count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATEMENT_COUNT]);
    }

  /* What the event carries is shown (the CLI's log, the Migrate page):
   * a role's password never is. */
  masked = sluice_sql_mask_passwords (sql);
  if (g_strcmp0 (self->sql, masked) != 0)
    {
      g_free (self->sql);
      self->sql = g_steal_pointer (&masked);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SQL]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
sluice_run_event_set_elapsed_ms (SluiceRunEvent *self,
                                 double          elapsed_ms)
{
  g_return_if_fail (SLUICE_IS_RUN_EVENT (self));

  if (self->elapsed_ms == elapsed_ms)
    return;

  self->elapsed_ms = elapsed_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED_MS]);
}

void
sluice_run_event_set_fraction (SluiceRunEvent *self,
                               double          fraction)
{
  g_return_if_fail (SLUICE_IS_RUN_EVENT (self));

  /* Anything outside 0..1 means "unknown", as at construction. */
  if (fraction < 0 || fraction > 1)
    fraction = -1;

  if (self->fraction == fraction)
    return;

  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

void
sluice_run_event_set_sqlstate (SluiceRunEvent *self,
                               const char     *sqlstate)
{
  g_return_if_fail (SLUICE_IS_RUN_EVENT (self));

  if (g_strcmp0 (self->sqlstate, sqlstate) == 0)
    return;

  g_free (self->sqlstate);
  self->sqlstate = g_strdup (sqlstate);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SQLSTATE]);
}

/* The first non-blank line of @sql, cut to SQL_LINE_MAX_CHARS characters;
 * an ellipsis says that more followed. */
static char *
shorten_sql (const char *sql)
{
  g_auto(GStrv) lines = g_strsplit (sql, "\n", -1);
  const char *first = NULL;
  gboolean more = FALSE;
  g_autofree char *stripped = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (first == NULL && lines[i][0] != '\0')
        first = lines[i];
      else if (first != NULL && lines[i][0] != '\0')
        {
          more = TRUE;
          break;
        }
    }

  if (first == NULL)
    return g_strdup ("");

  stripped = g_utf8_make_valid (first, -1);
  if (g_utf8_strlen (stripped, -1) > SQL_LINE_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (stripped, 0, SQL_LINE_MAX_CHARS);

      return g_strconcat (cut, "…", NULL);
    }

  return more ? g_strconcat (stripped, " …", NULL) : g_steal_pointer (&stripped);
}

char *
sluice_run_event_to_line (SluiceRunEvent *self)
{
  g_autofree char *clock = NULL;
  GString *line;

  g_return_val_if_fail (SLUICE_IS_RUN_EVENT (self), NULL);

  clock = g_date_time_format (self->time, "%H:%M:%S");
  line = g_string_new (clock);

  if (self->version != NULL)
    g_string_append_printf (line, "  %s", self->version);

  if (self->message != NULL && self->message[0] != '\0')
    g_string_append_printf (line, "  %s", self->message);

  /* Only where the statement is news: when it starts. */
  if (self->kind == SLUICE_RUN_EVENT_STATEMENT_STARTED && self->sql != NULL)
    {
      g_autofree char *sql = shorten_sql (self->sql);

      if (sql[0] != '\0')
        g_string_append_printf (line, ": %s", sql);
    }

  return g_string_free (line, FALSE);
}
