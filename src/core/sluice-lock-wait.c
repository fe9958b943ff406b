/* sluice-lock-wait.c: a lock requested and not granted (pg_locks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-activity-private.h"
#include "sluice-lock-wait.h"

struct _SluiceLockWait
{
  GObject  parent_instance;

  int      pid;
  char    *lock_type;
  char    *mode;
  char    *relation;
  char    *target;
  double   wait_seconds;
  char    *query;
  GArray  *blocked_by;
};

G_DEFINE_FINAL_TYPE (SluiceLockWait, sluice_lock_wait, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PID,
  PROP_LOCK_TYPE,
  PROP_MODE,
  PROP_RELATION,
  PROP_TARGET,
  PROP_WAIT_SECONDS,
  PROP_QUERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SluiceLockWait *
sluice_lock_wait_new (int         pid,
                      const char *lock_type,
                      const char *mode,
                      const char *relation,
                      const char *target,
                      double      wait_seconds,
                      const char *query,
                      GArray     *blocked_by)
{
  SluiceLockWait *self = g_object_new (SLUICE_TYPE_LOCK_WAIT, NULL);

  self->pid = pid;
  self->lock_type = g_strdup (lock_type);
  self->mode = g_strdup (mode);
  self->relation = g_strdup (relation);
  self->target = g_strdup (target != NULL ? target : lock_type);
  self->wait_seconds = wait_seconds;
  self->query = g_strdup (query != NULL ? query : "");
  if (blocked_by != NULL)
    g_array_append_vals (self->blocked_by, blocked_by->data, blocked_by->len);
  return self;
}

int
sluice_lock_wait_get_pid (SluiceLockWait *self)
{
  g_return_val_if_fail (SLUICE_IS_LOCK_WAIT (self), 0);
  return self->pid;
}

const char *
sluice_lock_wait_get_lock_type (SluiceLockWait *self)
{
  g_return_val_if_fail (SLUICE_IS_LOCK_WAIT (self), NULL);
  return self->lock_type;
}

const char *
sluice_lock_wait_get_mode (SluiceLockWait *self)
{
  g_return_val_if_fail (SLUICE_IS_LOCK_WAIT (self), NULL);
  return self->mode;
}

const char *
sluice_lock_wait_get_relation (SluiceLockWait *self)
{
  g_return_val_if_fail (SLUICE_IS_LOCK_WAIT (self), NULL);
  return self->relation;
}

const char *
sluice_lock_wait_get_target (SluiceLockWait *self)
{
  g_return_val_if_fail (SLUICE_IS_LOCK_WAIT (self), NULL);
  return self->target;
}

double
sluice_lock_wait_get_wait_seconds (SluiceLockWait *self)
{
  g_return_val_if_fail (SLUICE_IS_LOCK_WAIT (self), -1);
  return self->wait_seconds;
}

const char *
sluice_lock_wait_get_query (SluiceLockWait *self)
{
  g_return_val_if_fail (SLUICE_IS_LOCK_WAIT (self), NULL);
  return self->query;
}

const int *
sluice_lock_wait_get_blocked_by (SluiceLockWait *self,
                                 guint          *n_pids)
{
  g_return_val_if_fail (SLUICE_IS_LOCK_WAIT (self), NULL);

  if (n_pids != NULL)
    *n_pids = self->blocked_by->len;
  return (const int *) (gpointer) self->blocked_by->data;
}

static void
sluice_lock_wait_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SluiceLockWait *self = SLUICE_LOCK_WAIT (object);

  switch (prop_id)
    {
    case PROP_PID:
      g_value_set_int (value, self->pid);
      break;
    case PROP_LOCK_TYPE:
      g_value_set_string (value, self->lock_type);
      break;
    case PROP_MODE:
      g_value_set_string (value, self->mode);
      break;
    case PROP_RELATION:
      g_value_set_string (value, self->relation);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_WAIT_SECONDS:
      g_value_set_double (value, self->wait_seconds);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_lock_wait_finalize (GObject *object)
{
  SluiceLockWait *self = SLUICE_LOCK_WAIT (object);

  g_clear_pointer (&self->lock_type, g_free);
  g_clear_pointer (&self->mode, g_free);
  g_clear_pointer (&self->relation, g_free);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->blocked_by, g_array_unref);

  G_OBJECT_CLASS (sluice_lock_wait_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
sluice_lock_wait_class_init (SluiceLockWaitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sluice_lock_wait_get_property;
  object_class->finalize = sluice_lock_wait_finalize;

  properties[PROP_PID] = g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_LOCK_TYPE] = g_param_spec_string ("lock-type", NULL, NULL, NULL, RO);
  properties[PROP_MODE] = g_param_spec_string ("mode", NULL, NULL, NULL, RO);
  properties[PROP_RELATION] = g_param_spec_string ("relation", NULL, NULL, NULL, RO);
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, RO);
  properties[PROP_WAIT_SECONDS] = g_param_spec_double ("wait-seconds", NULL, NULL, -1, G_MAXDOUBLE, -1, RO);
  properties[PROP_QUERY] = g_param_spec_string ("query", NULL, NULL, NULL, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_lock_wait_init (SluiceLockWait *self)
{
  self->blocked_by = g_array_new (FALSE, FALSE, sizeof (int));
}
