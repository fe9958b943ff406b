/* sluice-run-record.c: one attempt to apply or revert a migration
 *
 * Read from sluice.run_log, or from Sqitch's events.  Only properties: the
 * History page binds them, and the readers set them with g_object_set().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-history.h"

struct _SluiceRunRecord
{
  GObject    parent_instance;

  char      *key;
  char      *name;
  char      *direction;
  GDateTime *started_at;
  GDateTime *finished_at;
  gboolean   success;
  char      *error;
  char      *sqlstate;
  char      *actor;
  int        statements_done;
  int        statements_total;
  char      *note;
};

G_DEFINE_FINAL_TYPE (SluiceRunRecord, sluice_run_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY,
  PROP_NAME,
  PROP_DIRECTION,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  PROP_SUCCESS,
  PROP_ERROR,
  PROP_SQLSTATE,
  PROP_ACTOR,
  PROP_STATEMENTS_DONE,
  PROP_STATEMENTS_TOTAL,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sluice_run_record_finalize (GObject *object)
{
  SluiceRunRecord *self = (SluiceRunRecord *)object;

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->direction, g_free);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->sqlstate, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (sluice_run_record_parent_class)->finalize (object);
}

/* Maps a string property to its field, so that get and set share one table. */
static char **
string_field (SluiceRunRecord *self,
              guint            prop_id)
{
  switch (prop_id)
    {
    case PROP_KEY: return &self->key;
    case PROP_NAME: return &self->name;
    case PROP_DIRECTION: return &self->direction;
    case PROP_ERROR: return &self->error;
    case PROP_SQLSTATE: return &self->sqlstate;
    case PROP_ACTOR: return &self->actor;
    case PROP_NOTE: return &self->note;
    default: return NULL;
    }
}

static void
sluice_run_record_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SluiceRunRecord *self = SLUICE_RUN_RECORD (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      g_value_set_string (value, *field);
      return;
    }

  switch (prop_id)
    {
    case PROP_STARTED_AT:
      g_value_set_boxed (value, self->started_at);
      break;

    case PROP_FINISHED_AT:
      g_value_set_boxed (value, self->finished_at);
      break;

    case PROP_SUCCESS:
      g_value_set_boolean (value, self->success);
      break;

    case PROP_STATEMENTS_DONE:
      g_value_set_int (value, self->statements_done);
      break;

    case PROP_STATEMENTS_TOTAL:
      g_value_set_int (value, self->statements_total);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_date_time (SluiceRunRecord  *self,
               GDateTime       **field,
               GDateTime        *value,
               guint             prop_id)
{
  if (*field == value)
    return;

  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
sluice_run_record_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SluiceRunRecord *self = SLUICE_RUN_RECORD (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      if (g_strcmp0 (*field, g_value_get_string (value)) != 0)
        {
          g_free (*field);
          *field = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      return;
    }

  switch (prop_id)
    {
    case PROP_STARTED_AT:
      set_date_time (self, &self->started_at, g_value_get_boxed (value), prop_id);
      break;

    case PROP_FINISHED_AT:
      set_date_time (self, &self->finished_at, g_value_get_boxed (value), prop_id);
      break;

    case PROP_SUCCESS:
      if (self->success != g_value_get_boolean (value))
        {
          self->success = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_STATEMENTS_DONE:
      if (self->statements_done != g_value_get_int (value))
        {
          self->statements_done = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_STATEMENTS_TOTAL:
      if (self->statements_total != g_value_get_int (value))
        {
          self->statements_total = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_pspec (const char  *name,
              GParamFlags  extra)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | extra);
}

static void
sluice_run_record_class_init (SluiceRunRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sluice_run_record_finalize;
  object_class->get_property = sluice_run_record_get_property;
  object_class->set_property = sluice_run_record_set_property;

  properties[PROP_KEY] = string_pspec ("key", G_PARAM_CONSTRUCT_ONLY);
  properties[PROP_DIRECTION] = string_pspec ("direction", G_PARAM_CONSTRUCT_ONLY);
  properties[PROP_NAME] = string_pspec ("name", G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] = string_pspec ("error", G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SQLSTATE] = string_pspec ("sqlstate", G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACTOR] = string_pspec ("actor", G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NOTE] = string_pspec ("note", G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STARTED_AT] =
    g_param_spec_boxed ("started-at", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_FINISHED_AT] =
    g_param_spec_boxed ("finished-at", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_SUCCESS] =
    g_param_spec_boolean ("success", NULL, NULL, FALSE, rw);
  /* -1: not recorded (Sqitch counts no statements). */
  properties[PROP_STATEMENTS_DONE] =
    g_param_spec_int ("statements-done", NULL, NULL, -1, G_MAXINT, -1, rw);
  properties[PROP_STATEMENTS_TOTAL] =
    g_param_spec_int ("statements-total", NULL, NULL, -1, G_MAXINT, -1, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_run_record_init (SluiceRunRecord *self)
{
  self->statements_done = -1;
  self->statements_total = -1;
}

SluiceRunRecord *
sluice_run_record_new (const char *key,
                       const char *direction)
{
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (direction != NULL, NULL);

  return g_object_new (SLUICE_TYPE_RUN_RECORD,
                       "key", key,
                       "direction", direction,
                       NULL);
}
