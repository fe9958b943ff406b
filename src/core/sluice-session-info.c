/* sluice-session-info.c: one server session (a pg_stat_activity row) and
 * the sessions it blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-activity-private.h"
#include "sluice-session-info.h"

struct _SluiceSessionInfo
{
  GObject             parent_instance;

  SluiceSessionFacts *facts;
  GListStore         *children;
  gboolean            blocking;
};

G_DEFINE_FINAL_TYPE (SluiceSessionInfo, sluice_session_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PID,
  PROP_USER,
  PROP_DATABASE,
  PROP_APPLICATION,
  PROP_CLIENT,
  PROP_BACKEND_TYPE,
  PROP_STATE,
  PROP_WAIT_EVENT_TYPE,
  PROP_WAIT_EVENT,
  PROP_QUERY,
  PROP_BACKEND_START,
  PROP_XACT_START,
  PROP_QUERY_START,
  PROP_STATE_CHANGE,
  PROP_BACKEND_SECONDS,
  PROP_XACT_SECONDS,
  PROP_QUERY_SECONDS,
  PROP_BLOCKED,
  PROP_BLOCKING,
  PROP_N_BLOCKED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SluiceSessionFacts *
sluice_session_facts_new (int pid)
{
  SluiceSessionFacts *facts = g_new0 (SluiceSessionFacts, 1);

  facts->pid = pid;
  facts->backend_seconds = -1;
  facts->xact_seconds = -1;
  facts->query_seconds = -1;
  facts->blocked_by = g_array_new (FALSE, FALSE, sizeof (int));
  return facts;
}

void
sluice_session_facts_free (SluiceSessionFacts *facts)
{
  if (facts == NULL)
    return;

  g_free (facts->user);
  g_free (facts->database);
  g_free (facts->application);
  g_free (facts->client);
  g_free (facts->backend_type);
  g_free (facts->state);
  g_free (facts->wait_event_type);
  g_free (facts->wait_event);
  g_free (facts->query);
  g_clear_pointer (&facts->backend_start, g_date_time_unref);
  g_clear_pointer (&facts->xact_start, g_date_time_unref);
  g_clear_pointer (&facts->query_start, g_date_time_unref);
  g_clear_pointer (&facts->state_change, g_date_time_unref);
  g_clear_pointer (&facts->blocked_by, g_array_unref);
  g_free (facts);
}

SluiceSessionInfo *
sluice_session_info_new_take_facts (SluiceSessionFacts *facts)
{
  SluiceSessionInfo *self;

  g_return_val_if_fail (facts != NULL, NULL);

  self = g_object_new (SLUICE_TYPE_SESSION_INFO, NULL);
  self->facts = facts;
  if (self->facts->application == NULL)
    self->facts->application = g_strdup ("");
  if (self->facts->query == NULL)
    self->facts->query = g_strdup ("");
  if (self->facts->client == NULL)
    self->facts->client = g_strdup ("local");
  return self;
}

void
sluice_session_info_set_blocking (SluiceSessionInfo *self,
                                  gboolean           blocking)
{
  g_return_if_fail (SLUICE_IS_SESSION_INFO (self));

  blocking = !!blocking;
  if (self->blocking == blocking)
    return;

  self->blocking = blocking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKING]);
}

GListStore *
sluice_session_info_get_children_store (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->children;
}

int
sluice_session_info_get_pid (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), 0);
  return self->facts->pid;
}

const char *
sluice_session_info_get_user (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->user;
}

const char *
sluice_session_info_get_database (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->database;
}

const char *
sluice_session_info_get_application (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->application;
}

const char *
sluice_session_info_get_client (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->client;
}

const char *
sluice_session_info_get_backend_type (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->backend_type;
}

const char *
sluice_session_info_get_state (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->state;
}

const char *
sluice_session_info_get_wait_event_type (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->wait_event_type;
}

const char *
sluice_session_info_get_wait_event (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->wait_event;
}

const char *
sluice_session_info_get_query (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->query;
}

GDateTime *
sluice_session_info_get_backend_start (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->backend_start;
}

GDateTime *
sluice_session_info_get_xact_start (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->xact_start;
}

GDateTime *
sluice_session_info_get_query_start (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->query_start;
}

GDateTime *
sluice_session_info_get_state_change (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return self->facts->state_change;
}

double
sluice_session_info_get_backend_seconds (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), -1);
  return self->facts->backend_seconds;
}

double
sluice_session_info_get_xact_seconds (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), -1);
  return self->facts->xact_seconds;
}

double
sluice_session_info_get_query_seconds (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), -1);
  return self->facts->query_seconds;
}

const int *
sluice_session_info_get_blocked_by (SluiceSessionInfo *self,
                                    guint             *n_pids)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);

  if (n_pids != NULL)
    *n_pids = self->facts->blocked_by->len;
  return (const int *) (gpointer) self->facts->blocked_by->data;
}

gboolean
sluice_session_info_is_blocked_by (SluiceSessionInfo *self,
                                   int                pid)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), FALSE);

  for (guint i = 0; i < self->facts->blocked_by->len; i++)
    {
      if (g_array_index (self->facts->blocked_by, int, i) == pid)
        return TRUE;
    }

  return FALSE;
}

gboolean
sluice_session_info_get_blocked (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), FALSE);
  return self->facts->blocked_by->len > 0;
}

gboolean
sluice_session_info_get_blocking (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), FALSE);
  return self->blocking;
}

GListModel *
sluice_session_info_get_children (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);
  return G_LIST_MODEL (self->children);
}

char *
sluice_session_info_dup_wait_text (SluiceSessionInfo *self)
{
  g_return_val_if_fail (SLUICE_IS_SESSION_INFO (self), NULL);

  if (self->facts->wait_event_type == NULL)
    return NULL;
  if (self->facts->wait_event == NULL)
    return g_strdup (self->facts->wait_event_type);
  return g_strdup_printf ("%s: %s", self->facts->wait_event_type, self->facts->wait_event);
}

static void
sluice_session_info_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SluiceSessionInfo *self = SLUICE_SESSION_INFO (object);

  if (self->facts == NULL)
    return;

  switch (prop_id)
    {
    case PROP_PID:
      g_value_set_int (value, self->facts->pid);
      break;
    case PROP_USER:
      g_value_set_string (value, self->facts->user);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, self->facts->database);
      break;
    case PROP_APPLICATION:
      g_value_set_string (value, self->facts->application);
      break;
    case PROP_CLIENT:
      g_value_set_string (value, self->facts->client);
      break;
    case PROP_BACKEND_TYPE:
      g_value_set_string (value, self->facts->backend_type);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->facts->state);
      break;
    case PROP_WAIT_EVENT_TYPE:
      g_value_set_string (value, self->facts->wait_event_type);
      break;
    case PROP_WAIT_EVENT:
      g_value_set_string (value, self->facts->wait_event);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->facts->query);
      break;
    case PROP_BACKEND_START:
      g_value_set_boxed (value, self->facts->backend_start);
      break;
    case PROP_XACT_START:
      g_value_set_boxed (value, self->facts->xact_start);
      break;
    case PROP_QUERY_START:
      g_value_set_boxed (value, self->facts->query_start);
      break;
    case PROP_STATE_CHANGE:
      g_value_set_boxed (value, self->facts->state_change);
      break;
    case PROP_BACKEND_SECONDS:
      g_value_set_double (value, self->facts->backend_seconds);
      break;
    case PROP_XACT_SECONDS:
      g_value_set_double (value, self->facts->xact_seconds);
      break;
    case PROP_QUERY_SECONDS:
      g_value_set_double (value, self->facts->query_seconds);
      break;
    case PROP_BLOCKED:
      g_value_set_boolean (value, self->facts->blocked_by->len > 0);
      break;
    case PROP_BLOCKING:
      g_value_set_boolean (value, self->blocking);
      break;
    case PROP_N_BLOCKED_BY:
      g_value_set_uint (value, self->facts->blocked_by->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_session_info_dispose (GObject *object)
{
  SluiceSessionInfo *self = SLUICE_SESSION_INFO (object);

  /* Children do not point back, so the tree holds no cycle; emptying the
   * store here only frees sooner. */
  if (self->children != NULL)
    g_list_store_remove_all (self->children);

  G_OBJECT_CLASS (sluice_session_info_parent_class)->dispose (object);
}

static void
sluice_session_info_finalize (GObject *object)
{
  SluiceSessionInfo *self = SLUICE_SESSION_INFO (object);

  g_clear_pointer (&self->facts, sluice_session_facts_free);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (sluice_session_info_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
sluice_session_info_class_init (SluiceSessionInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sluice_session_info_get_property;
  object_class->dispose = sluice_session_info_dispose;
  object_class->finalize = sluice_session_info_finalize;

  properties[PROP_PID] = g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, RO);
  properties[PROP_DATABASE] = g_param_spec_string ("database", NULL, NULL, NULL, RO);
  properties[PROP_APPLICATION] = g_param_spec_string ("application", NULL, NULL, NULL, RO);
  properties[PROP_CLIENT] = g_param_spec_string ("client", NULL, NULL, NULL, RO);
  properties[PROP_BACKEND_TYPE] = g_param_spec_string ("backend-type", NULL, NULL, NULL, RO);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, RO);
  properties[PROP_WAIT_EVENT_TYPE] = g_param_spec_string ("wait-event-type", NULL, NULL, NULL, RO);
  properties[PROP_WAIT_EVENT] = g_param_spec_string ("wait-event", NULL, NULL, NULL, RO);
  properties[PROP_QUERY] = g_param_spec_string ("query", NULL, NULL, NULL, RO);
  properties[PROP_BACKEND_START] = g_param_spec_boxed ("backend-start", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_XACT_START] = g_param_spec_boxed ("xact-start", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_QUERY_START] = g_param_spec_boxed ("query-start", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_STATE_CHANGE] = g_param_spec_boxed ("state-change", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_BACKEND_SECONDS] = g_param_spec_double ("backend-seconds", NULL, NULL, -1, G_MAXDOUBLE, -1, RO);
  properties[PROP_XACT_SECONDS] = g_param_spec_double ("xact-seconds", NULL, NULL, -1, G_MAXDOUBLE, -1, RO);
  properties[PROP_QUERY_SECONDS] = g_param_spec_double ("query-seconds", NULL, NULL, -1, G_MAXDOUBLE, -1, RO);
  properties[PROP_BLOCKED] = g_param_spec_boolean ("blocked", NULL, NULL, FALSE, RO);
  properties[PROP_BLOCKING] = g_param_spec_boolean ("blocking", NULL, NULL, FALSE, RO);
  properties[PROP_N_BLOCKED_BY] = g_param_spec_uint ("n-blocked-by", NULL, NULL, 0, G_MAXUINT, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_session_info_init (SluiceSessionInfo *self)
{
  self->children = g_list_store_new (SLUICE_TYPE_SESSION_INFO);
}
