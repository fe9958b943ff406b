/* sluice-run-monitor.c: what a running migration waits on, and how far it is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-activity-private.h"
#include "sluice-error.h"
#include "sluice-lock-mode.h"
#include "sluice-run-monitor.h"
#include "sluice-sql-mask.h"

/* A blocker of the watched backend, for the run log's sentence. */
typedef struct
{
  int     pid;
  char   *state;
  double  state_seconds;
  char   *query;
} Blocker;

static void
blocker_free (Blocker *blocker)
{
  g_free (blocker->state);
  g_free (blocker->query);
  g_free (blocker);
}

void
sluice_held_lock_free (SluiceHeldLock *lock)
{
  if (lock == NULL)
    return;

  g_free (lock->lock_type);
  g_free (lock->mode);
  g_free (lock->relation);
  g_free (lock);
}

/* The sample --------------------------------------------------------------- */

struct _SluiceRunSample
{
  GObject    parent_instance;

  int        pid;
  GPtrArray *waits;       /* SluiceLockWait */
  GPtrArray *held;        /* SluiceHeldLock */
  GPtrArray *blockers;    /* Blocker */
  char      *query;
  char      *state;
  char      *index_phase;
  char      *index_relation;
  double     index_fraction;
  gboolean   index_counted;  /* the phase counts blocks or tuples */
};

G_DEFINE_FINAL_TYPE (SluiceRunSample, sluice_run_sample, G_TYPE_OBJECT)

enum {
  SAMPLE_PROP_0,
  SAMPLE_PROP_PID,
  SAMPLE_PROP_QUERY,
  SAMPLE_PROP_INDEX_PHASE,
  SAMPLE_PROP_INDEX_RELATION,
  SAMPLE_PROP_INDEX_FRACTION,
  SAMPLE_N_PROPS
};

static GParamSpec *sample_properties[SAMPLE_N_PROPS];

int
sluice_run_sample_get_pid (SluiceRunSample *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_SAMPLE (self), 0);
  return self->pid;
}

GPtrArray *
sluice_run_sample_get_waits (SluiceRunSample *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_SAMPLE (self), NULL);
  return self->waits;
}

GPtrArray *
sluice_run_sample_get_held (SluiceRunSample *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_SAMPLE (self), NULL);
  return self->held;
}

const char *
sluice_run_sample_get_query (SluiceRunSample *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_SAMPLE (self), NULL);
  return self->query;
}

const char *
sluice_run_sample_get_index_phase (SluiceRunSample *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_SAMPLE (self), NULL);
  return self->index_phase;
}

const char *
sluice_run_sample_get_index_relation (SluiceRunSample *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_SAMPLE (self), NULL);
  return self->index_relation;
}

double
sluice_run_sample_get_index_fraction (SluiceRunSample *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_SAMPLE (self), -1);
  return self->index_fraction;
}

static const Blocker *
find_blocker (SluiceRunSample *self,
              int              pid)
{
  for (guint i = 0; i < self->blockers->len; i++)
    {
      const Blocker *blocker = g_ptr_array_index (self->blockers, i);

      if (blocker->pid == pid)
        return blocker;
    }

  return NULL;
}

/* "ACCESS EXCLUSIVE" from "AccessExclusiveLock"; other modes (advisory
 * "ExclusiveLock" on a transaction ...) as pg_locks spells them. */
static const char *
mode_for_people (const char *mode)
{
  SluiceLockMode parsed;

  if (mode != NULL && sluice_lock_mode_from_string (mode, &parsed) && parsed != SLUICE_LOCK_NONE)
    return sluice_lock_mode_to_string (parsed);
  return mode != NULL ? mode : "";
}

static void
append_blocker (GString       *text,
                const Blocker *blocker,
                int            pid)
{
  if (blocker == NULL || blocker->state == NULL)
    {
      g_string_append_printf (text, _("pid %d"), pid);
      return;
    }

  if (blocker->state_seconds >= 0)
    /* Translators: "pid 4242 (idle in transaction for 12 s)" */
    g_string_append_printf (text, _("pid %d (%s for %.0f s)"), pid, blocker->state, blocker->state_seconds);
  else
    g_string_append_printf (text, _("pid %d (%s)"), pid, blocker->state);
}

static void
describe_wait (SluiceRunSample *self,
               SluiceLockWait  *wait,
               GString         *text)
{
  guint n_pids = 0;
  const int *pids = sluice_lock_wait_get_blocked_by (wait, &n_pids);

  /* Translators: "waiting for ACCESS EXCLUSIVE on public.orders" */
  g_string_append_printf (text, _("waiting for %s on %s"),
                          mode_for_people (sluice_lock_wait_get_mode (wait)),
                          sluice_lock_wait_get_target (wait));
  if (n_pids == 0)
    return;

  g_string_append (text, _(", held by "));
  for (guint i = 0; i < n_pids; i++)
    {
      if (i > 0)
        g_string_append (text, _(", "));
      append_blocker (text, find_blocker (self, pids[i]), pids[i]);
    }
}

char *
sluice_run_sample_describe (SluiceRunSample *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (SLUICE_IS_RUN_SAMPLE (self), NULL);

  for (guint i = 0; i < self->waits->len; i++)
    {
      if (text->len > 0)
        g_string_append (text, "; ");
      describe_wait (self, g_ptr_array_index (self->waits, i), text);
    }

  if (self->index_phase != NULL)
    {
      if (text->len > 0)
        g_string_append (text, "; ");
      if (self->index_counted)
        /* Translators: "building public.orders_total_idx: building index: scanning table, 42 %" */
        g_string_append_printf (text, _("building %s: %s, %.0f %%"),
                                self->index_relation != NULL ? self->index_relation : "?",
                                self->index_phase, self->index_fraction * 100);
      else
        g_string_append_printf (text, _("building %s: %s"),
                                self->index_relation != NULL ? self->index_relation : "?",
                                self->index_phase);
    }

  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
sluice_run_sample_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SluiceRunSample *self = SLUICE_RUN_SAMPLE (object);

  switch (prop_id)
    {
    case SAMPLE_PROP_PID:
      g_value_set_int (value, self->pid);
      break;
    case SAMPLE_PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case SAMPLE_PROP_INDEX_PHASE:
      g_value_set_string (value, self->index_phase);
      break;
    case SAMPLE_PROP_INDEX_RELATION:
      g_value_set_string (value, self->index_relation);
      break;
    case SAMPLE_PROP_INDEX_FRACTION:
      g_value_set_double (value, self->index_fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_run_sample_finalize (GObject *object)
{
  SluiceRunSample *self = SLUICE_RUN_SAMPLE (object);

  g_clear_pointer (&self->waits, g_ptr_array_unref);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->blockers, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->index_phase, g_free);
  g_clear_pointer (&self->index_relation, g_free);

  G_OBJECT_CLASS (sluice_run_sample_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
sluice_run_sample_class_init (SluiceRunSampleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sluice_run_sample_get_property;
  object_class->finalize = sluice_run_sample_finalize;

  sample_properties[SAMPLE_PROP_PID] = g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0, RO);
  sample_properties[SAMPLE_PROP_QUERY] = g_param_spec_string ("query", NULL, NULL, NULL, RO);
  sample_properties[SAMPLE_PROP_INDEX_PHASE] = g_param_spec_string ("index-phase", NULL, NULL, NULL, RO);
  sample_properties[SAMPLE_PROP_INDEX_RELATION] = g_param_spec_string ("index-relation", NULL, NULL, NULL, RO);
  sample_properties[SAMPLE_PROP_INDEX_FRACTION] = g_param_spec_double ("index-fraction", NULL, NULL, -1, 1, -1, RO);

  g_object_class_install_properties (object_class, SAMPLE_N_PROPS, sample_properties);
}

static void
sluice_run_sample_init (SluiceRunSample *self)
{
  self->waits = g_ptr_array_new_with_free_func (g_object_unref);
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_held_lock_free);
  self->blockers = g_ptr_array_new_with_free_func ((GDestroyNotify) blocker_free);
  self->index_fraction = -1;
}

/* Reading a sample ----------------------------------------------------------- */

#define SECONDS_SINCE(expr) "greatest(extract(epoch FROM clock_timestamp() - (" expr ")), 0)::float8"

/* The relation's qualified name when this database can see it (a table
 * the watched transaction created is not visible yet: its OID then). */
#define QUALIFIED_RELATION(oid)                                                     \
  "CASE WHEN " oid " IS NOT NULL AND " oid " <> 0 THEN coalesce("                   \
  "  (SELECT format('%%I.%%I', n.nspname, c.relname) FROM pg_class c"               \
  "     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = " oid "),"      \
  "  " oid "::text) END"

/* Every lock of the backend, granted or not; the columns of activity's
 * lock query so that the target reads the same. */
#define LOCKS_SQL(WAIT_SECONDS)                                                     \
  "SELECT l.granted, l.locktype, l.mode,"                                           \
  "       CASE WHEN l.database = (SELECT oid FROM pg_database WHERE datname = current_database())" \
  "            THEN " QUALIFIED_RELATION ("l.relation") " END,"                     \
  "       l.relation, l.page, l.tuple, l.transactionid::text, l.virtualxid,"        \
  "       l.classid, l.objid, " WAIT_SECONDS ", pg_blocking_pids(l.pid)"            \
  "  FROM pg_locks l"                                                               \
  " WHERE l.pid = %d"                                                               \
  " ORDER BY l.granted, l.locktype, l.relation"

enum {
  LOCK_GRANTED, LOCK_TYPE, LOCK_MODE, LOCK_RELATION, LOCK_RELATION_OID, LOCK_PAGE,
  LOCK_TUPLE, LOCK_XID, LOCK_VXID, LOCK_CLASSID, LOCK_OBJID, LOCK_WAIT_SECONDS, LOCK_BLOCKED_BY
};

static const char activity_sql[] =
  "SELECT a.query, a.state FROM pg_stat_activity a WHERE a.pid = %d";

static const char blockers_sql[] =
  "SELECT b.pid, b.state, " SECONDS_SINCE ("b.state_change") ", b.query"
  "  FROM pg_stat_activity b"
  " WHERE b.pid = ANY (pg_blocking_pids(%d))";

static const char progress_sql[] =
  "SELECT p.phase,"
  "       " QUALIFIED_RELATION ("p.index_relid") ","
  "       " QUALIFIED_RELATION ("p.relid") ","
  "       p.blocks_total, p.blocks_done, p.tuples_total, p.tuples_done"
  "  FROM pg_stat_progress_create_index p"
  " WHERE p.pid = %d";

enum { QUERY_LOCKS, QUERY_ACTIVITY, QUERY_BLOCKERS, QUERY_PROGRESS, N_QUERIES };

static char *
describe_lock_target (SluiceResult *result,
                      int           row)
{
  const char *lock_type = sluice_result_get_value (result, row, LOCK_TYPE);
  const char *relation = sluice_result_get_value (result, row, LOCK_RELATION);

  if (g_strcmp0 (lock_type, "relation") == 0 && relation != NULL)
    return g_strdup (relation);
  if (g_strcmp0 (lock_type, "tuple") == 0 && relation != NULL)
    return g_strdup_printf (_("row (%s,%s) of %s"), sluice_result_get_value (result, row, LOCK_PAGE),
                            sluice_result_get_value (result, row, LOCK_TUPLE), relation);
  if (g_strcmp0 (lock_type, "page") == 0 && relation != NULL)
    return g_strdup_printf (_("page %s of %s"), sluice_result_get_value (result, row, LOCK_PAGE), relation);
  if (g_strcmp0 (lock_type, "transactionid") == 0)
    return g_strdup_printf (_("transaction %s"), sluice_result_get_value (result, row, LOCK_XID));
  if (g_strcmp0 (lock_type, "virtualxid") == 0)
    return g_strdup_printf (_("virtual transaction %s"), sluice_result_get_value (result, row, LOCK_VXID));
  if (g_strcmp0 (lock_type, "advisory") == 0)
    return g_strdup_printf (_("advisory lock %s:%s"), sluice_result_get_value (result, row, LOCK_CLASSID),
                            sluice_result_get_value (result, row, LOCK_OBJID));
  if (relation != NULL)
    return g_strdup_printf ("%s %s", lock_type, relation);

  return g_strdup (lock_type);
}

static void
read_locks (SluiceRunSample *sample,
            SluiceResult    *result)
{
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      const char *wait_seconds;

      if (sluice_result_get_boolean (result, row, LOCK_GRANTED))
        {
          SluiceHeldLock *lock = g_new0 (SluiceHeldLock, 1);

          lock->lock_type = g_strdup (sluice_result_get_value (result, row, LOCK_TYPE));
          lock->mode = g_strdup (sluice_result_get_value (result, row, LOCK_MODE));
          lock->relation = g_strdup (sluice_result_get_value (result, row, LOCK_RELATION));
          g_ptr_array_add (sample->held, lock);
        }
      else
        {
          g_autofree char *target = describe_lock_target (result, row);
          g_autoptr(GArray) blocked_by = NULL;

          blocked_by = sluice_activity_parse_pid_array (sluice_result_get_value (result, row, LOCK_BLOCKED_BY));
          wait_seconds = sluice_result_get_value (result, row, LOCK_WAIT_SECONDS);
          g_ptr_array_add (sample->waits,
                           sluice_lock_wait_new (sample->pid,
                                                 sluice_result_get_value (result, row, LOCK_TYPE),
                                                 sluice_result_get_value (result, row, LOCK_MODE),
                                                 sluice_result_get_value (result, row, LOCK_RELATION),
                                                 target,
                                                 wait_seconds != NULL ? g_ascii_strtod (wait_seconds, NULL) : -1,
                                                 sample->query,
                                                 blocked_by));
        }
    }
}

static void
read_blockers (SluiceRunSample *sample,
               SluiceResult    *result)
{
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      Blocker *blocker = g_new0 (Blocker, 1);
      const char *seconds = sluice_result_get_value (result, row, 2);

      blocker->pid = (int) sluice_result_get_int64 (result, row, 0);
      blocker->state = g_strdup (sluice_result_get_value (result, row, 1));
      blocker->state_seconds = seconds != NULL ? g_ascii_strtod (seconds, NULL) : -1;
      /* Another session's text: it may be setting a role's password. */
      blocker->query = sluice_sql_mask_passwords (sluice_result_get_value (result, row, 3));
      g_ptr_array_add (sample->blockers, blocker);
    }
}

/* Blocks while the table is scanned, tuples while they are sorted and
 * loaded: whichever the current phase counts. */
static void
read_progress (SluiceRunSample *sample,
               SluiceResult    *result)
{
  gint64 blocks_total, blocks_done, tuples_total, tuples_done;
  const char *index_name;

  if (sluice_result_get_n_rows (result) == 0)
    return;

  sample->index_phase = g_strdup (sluice_result_get_value (result, 0, 0));
  /* index_relid is 0 during a plain CREATE INDEX: name the table then. */
  index_name = sluice_result_get_value (result, 0, 1);
  sample->index_relation = g_strdup (index_name != NULL ? index_name : sluice_result_get_value (result, 0, 2));

  blocks_total = sluice_result_get_int64 (result, 0, 3);
  blocks_done = sluice_result_get_int64 (result, 0, 4);
  tuples_total = sluice_result_get_int64 (result, 0, 5);
  tuples_done = sluice_result_get_int64 (result, 0, 6);

  sample->index_counted = blocks_total > 0 || tuples_total > 0;
  if (blocks_total > 0)
    sample->index_fraction = CLAMP ((double) blocks_done / (double) blocks_total, 0.0, 1.0);
  else if (tuples_total > 0)
    sample->index_fraction = CLAMP ((double) tuples_done / (double) tuples_total, 0.0, 1.0);
  else
    sample->index_fraction = 0;
}

static SluiceRunSample *
sample_from_results (int        pid,
                     GPtrArray *results)
{
  SluiceRunSample *sample = g_object_new (SLUICE_TYPE_RUN_SAMPLE, NULL);
  SluiceResult *activity = g_ptr_array_index (results, QUERY_ACTIVITY);

  sample->pid = pid;
  if (sluice_result_get_n_rows (activity) > 0)
    {
      sample->query = sluice_sql_mask_passwords (sluice_result_get_value (activity, 0, 0));
      sample->state = g_strdup (sluice_result_get_value (activity, 0, 1));
    }

  read_locks (sample, g_ptr_array_index (results, QUERY_LOCKS));
  read_blockers (sample, g_ptr_array_index (results, QUERY_BLOCKERS));
  read_progress (sample, g_ptr_array_index (results, QUERY_PROGRESS));
  return sample;
}

/* The monitor ---------------------------------------------------------------- */

struct _SluiceRunMonitor
{
  GObject           parent_instance;

  SluiceConnection *observer;
  int               watched_pid;
  guint             interval_ms;

  /* The pid is a number we format ourselves: no text of a person's ever
   * goes into these. */
  char             *queries[N_QUERIES + 1];

  GMainContext     *context;
  GCancellable     *cancellable;
  GSource          *timeout;
  /* Bumped at every start and stop, so that the answer of a query sent
   * before a stop is dropped even when it arrives after a new start. */
  guint             generation;
  gboolean          running;
  SluiceRunSample  *last_sample;
};

G_DEFINE_FINAL_TYPE (SluiceRunMonitor, sluice_run_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OBSERVER,
  PROP_WATCHED_PID,
  PROP_INTERVAL_MS,
  PROP_RUNNING,
  PROP_LAST_SAMPLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAMPLE,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SluiceRunMonitor *self;
  guint             generation;
} Round;

static void send_query (SluiceRunMonitor *self);

static void
set_running (SluiceRunMonitor *self,
             gboolean          running)
{
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
clear_pending (SluiceRunMonitor *self)
{
  self->generation++;
  if (self->timeout != NULL)
    {
      g_source_destroy (self->timeout);
      g_clear_pointer (&self->timeout, g_source_unref);
    }
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static gboolean
on_interval_over (gpointer user_data)
{
  SluiceRunMonitor *self = user_data;

  g_clear_pointer (&self->timeout, g_source_unref);
  send_query (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_next (SluiceRunMonitor *self)
{
  self->timeout = g_timeout_source_new (self->interval_ms);
  g_source_set_callback (self->timeout, on_interval_over, self, NULL);
  g_source_set_static_name (self->timeout, "[sluice] run monitor");
  g_source_attach (self->timeout, self->context);
}

static void
on_sampled (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Round *round = user_data;
  g_autoptr(SluiceRunMonitor) self = round->self;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint generation = round->generation;
  gboolean current = generation == self->generation;

  g_free (round);
  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (!current || !self->running)
    return;

  if (results == NULL)
    {
      /* The run goes on without us: say so once and stop watching. */
      g_prefix_error (&error, _("Stopped watching the run's locks and progress: "));
      clear_pending (self);
      set_running (self, FALSE);
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  g_clear_object (&self->last_sample);
  self->last_sample = sample_from_results (self->watched_pid, results);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SAMPLE]);
  g_signal_emit (self, signals[SAMPLE], 0, self->last_sample);

  /* A handler may have stopped (or stopped and restarted) us. */
  if (self->running && generation == self->generation)
    schedule_next (self);
}

static void
send_query (SluiceRunMonitor *self)
{
  Round *round = g_new0 (Round, 1);

  round->self = g_object_ref (self);
  round->generation = self->generation;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  sluice_connection_pipeline_async (self->observer, (const char * const *) self->queries,
                                    self->cancellable, on_sampled, round);
}

SluiceRunMonitor *
sluice_run_monitor_new (SluiceConnection *observer,
                        int               watched_pid,
                        guint             interval_ms)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (observer), NULL);
  g_return_val_if_fail (watched_pid > 0, NULL);

  return g_object_new (SLUICE_TYPE_RUN_MONITOR,
                       "observer", observer,
                       "watched-pid", watched_pid,
                       "interval-ms", interval_ms,
                       NULL);
}

void
sluice_run_monitor_start (SluiceRunMonitor *self)
{
  g_return_if_fail (SLUICE_IS_RUN_MONITOR (self));

  if (self->running)
    return;

  clear_pending (self);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  set_running (self, TRUE);
  send_query (self);
}

void
sluice_run_monitor_stop (SluiceRunMonitor *self)
{
  g_return_if_fail (SLUICE_IS_RUN_MONITOR (self));

  if (!self->running)
    return;

  clear_pending (self);
  set_running (self, FALSE);
}

gboolean
sluice_run_monitor_is_running (SluiceRunMonitor *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_MONITOR (self), FALSE);
  return self->running;
}

SluiceRunSample *
sluice_run_monitor_get_last_sample (SluiceRunMonitor *self)
{
  g_return_val_if_fail (SLUICE_IS_RUN_MONITOR (self), NULL);
  return self->last_sample;
}

static void
build_queries (SluiceRunMonitor *self)
{
  /* pg_locks.waitstart came with PostgreSQL 14. */
  if (sluice_connection_get_server_version (self->observer) >= 140000)
    self->queries[QUERY_LOCKS] = g_strdup_printf (LOCKS_SQL (SECONDS_SINCE ("l.waitstart")), self->watched_pid);
  else
    self->queries[QUERY_LOCKS] = g_strdup_printf (LOCKS_SQL ("NULL::float8"), self->watched_pid);
  self->queries[QUERY_ACTIVITY] = g_strdup_printf (activity_sql, self->watched_pid);
  self->queries[QUERY_BLOCKERS] = g_strdup_printf (blockers_sql, self->watched_pid);
  self->queries[QUERY_PROGRESS] = g_strdup_printf (progress_sql, self->watched_pid);
  self->queries[N_QUERIES] = NULL;
}

static void
sluice_run_monitor_constructed (GObject *object)
{
  SluiceRunMonitor *self = SLUICE_RUN_MONITOR (object);

  G_OBJECT_CLASS (sluice_run_monitor_parent_class)->constructed (object);

  build_queries (self);
}

static void
sluice_run_monitor_dispose (GObject *object)
{
  SluiceRunMonitor *self = SLUICE_RUN_MONITOR (object);

  clear_pending (self);
  self->running = FALSE;

  G_OBJECT_CLASS (sluice_run_monitor_parent_class)->dispose (object);
}

static void
sluice_run_monitor_finalize (GObject *object)
{
  SluiceRunMonitor *self = SLUICE_RUN_MONITOR (object);

  for (guint i = 0; i < N_QUERIES; i++)
    g_clear_pointer (&self->queries[i], g_free);
  g_clear_object (&self->observer);
  g_clear_object (&self->last_sample);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sluice_run_monitor_parent_class)->finalize (object);
}

static void
sluice_run_monitor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SluiceRunMonitor *self = SLUICE_RUN_MONITOR (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      g_value_set_object (value, self->observer);
      break;
    case PROP_WATCHED_PID:
      g_value_set_int (value, self->watched_pid);
      break;
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_LAST_SAMPLE:
      g_value_set_object (value, self->last_sample);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_run_monitor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SluiceRunMonitor *self = SLUICE_RUN_MONITOR (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      self->observer = g_value_dup_object (value);
      break;
    case PROP_WATCHED_PID:
      self->watched_pid = g_value_get_int (value);
      break;
    case PROP_INTERVAL_MS:
      self->interval_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define CONSTRUCT_ONLY (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)

static void
sluice_run_monitor_class_init (SluiceRunMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sluice_run_monitor_constructed;
  object_class->dispose = sluice_run_monitor_dispose;
  object_class->finalize = sluice_run_monitor_finalize;
  object_class->get_property = sluice_run_monitor_get_property;
  object_class->set_property = sluice_run_monitor_set_property;

  properties[PROP_OBSERVER] =
    g_param_spec_object ("observer", NULL, NULL, SLUICE_TYPE_CONNECTION, CONSTRUCT_ONLY);
  properties[PROP_WATCHED_PID] =
    g_param_spec_int ("watched-pid", NULL, NULL, 0, G_MAXINT, 0, CONSTRUCT_ONLY);
  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL, 0, G_MAXUINT, 250, CONSTRUCT_ONLY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, RO);
  properties[PROP_LAST_SAMPLE] =
    g_param_spec_object ("last-sample", NULL, NULL, SLUICE_TYPE_RUN_SAMPLE, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* SluiceRunSample *sample */
  signals[SAMPLE] = g_signal_new ("sample", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLUICE_TYPE_RUN_SAMPLE);
  /* const GError *error: why watching stopped */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sluice_run_monitor_init (SluiceRunMonitor *self)
{
  self->interval_ms = 250;
}
