/* sluice-plan-run.c: one plan the Plans page showed this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-plan-format.h"
#include "sluice-plan-run.h"

#define QUERY_PREVIEW_CHARS 48

struct _SluicePlanRun
{
  GObject     parent_instance;

  SluicePlan *plan;
  char       *origin;
  char       *label;
  guint       number;
  GDateTime  *added_at;
};

G_DEFINE_FINAL_TYPE (SluicePlanRun, sluice_plan_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAN,
  PROP_ORIGIN,
  PROP_NUMBER,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The statement on one line, cut to a length a menu can show. */
static char *
preview_query (const char *query)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean space = FALSE;
  glong length;

  for (const char *p = query; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = line->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (line, ' ');
      space = FALSE;
      g_string_append_c (line, *p);
    }

  length = g_utf8_strlen (line->str, -1);
  if (length > QUERY_PREVIEW_CHARS)
    {
      const char *cut = g_utf8_offset_to_pointer (line->str, QUERY_PREVIEW_CHARS - 1);

      g_string_truncate (line, cut - line->str);
      g_string_append (line, "…");
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static char *
describe_root (SluicePlan *plan)
{
  SluicePlanNode *root = sluice_plan_get_root (plan);

  return root != NULL ? sluice_plan_node_dup_label (root) : g_strdup (_("Empty plan"));
}

static void
build_label (SluicePlanRun *self)
{
  const char *query = sluice_plan_get_query (self->plan);
  g_autofree char *what = query != NULL && *query != '\0' ? preview_query (query) : describe_root (self->plan);
  g_autofree char *when = g_date_time_format (self->added_at, "%H:%M:%S");
  double total = sluice_plan_get_execution_ms (self->plan);
  g_autofree char *time = total >= 0 ? sluice_plan_format_ms (total) : NULL;

  if (time != NULL)
    /* Translators: a plan in the session's list: its number, the time it
     * was added, the statement, how long it ran and where it came from. */
    self->label = g_strdup_printf (_("#%u · %s · %s · %s, %s"), self->number, when, what, time, self->origin);
  else
    /* Translators: as above, for a plan without execution time. */
    self->label = g_strdup_printf (_("#%u · %s · %s · %s"), self->number, when, what, self->origin);
}

static void
sluice_plan_run_finalize (GObject *object)
{
  SluicePlanRun *self = SLUICE_PLAN_RUN (object);

  g_clear_object (&self->plan);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->added_at, g_date_time_unref);

  G_OBJECT_CLASS (sluice_plan_run_parent_class)->finalize (object);
}

static void
sluice_plan_run_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SluicePlanRun *self = SLUICE_PLAN_RUN (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_ORIGIN:
      g_value_set_string (value, self->origin);
      break;
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_run_class_init (SluicePlanRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_plan_run_finalize;
  object_class->get_property = sluice_plan_run_get_property;

  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, SLUICE_TYPE_PLAN,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGIN] =
    g_param_spec_string ("origin", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_plan_run_init (SluicePlanRun *self)
{
}

SluicePlanRun *
sluice_plan_run_new (SluicePlan *plan,
                     const char *origin,
                     guint       number)
{
  SluicePlanRun *self;

  g_return_val_if_fail (SLUICE_IS_PLAN (plan), NULL);

  self = g_object_new (SLUICE_TYPE_PLAN_RUN, NULL);
  self->plan = g_object_ref (plan);
  self->origin = g_strdup (origin != NULL ? origin : "");
  self->number = number;
  self->added_at = g_date_time_new_now_local ();
  build_label (self);
  return self;
}

SluicePlan *
sluice_plan_run_get_plan (SluicePlanRun *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_RUN (self), NULL);
  return self->plan;
}

const char *
sluice_plan_run_get_origin (SluicePlanRun *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_RUN (self), NULL);
  return self->origin;
}

guint
sluice_plan_run_get_number (SluicePlanRun *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_RUN (self), 0);
  return self->number;
}

const char *
sluice_plan_run_get_label (SluicePlanRun *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_RUN (self), NULL);
  return self->label;
}
