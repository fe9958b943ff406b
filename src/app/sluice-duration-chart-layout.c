/* sluice-duration-chart-layout.c: where the duration chart puts things
 *
 * The x axis is the order of application rather than the clock: a deploy
 * applies its migrations seconds apart and weeks pass between deploys, so
 * a clock axis would stack whole deploys into one bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sluice-duration-chart-layout.h"
#include "sluice-history-format.h"

#define PAD_TOP         14.f
#define PAD_RIGHT       14.f
#define PAD_LEFT        12.f
#define MAX_BAR_WIDTH   28.f
#define MIN_BAR_HEIGHT  3.f

typedef SluiceDurationChartBar      Bar;
typedef SluiceDurationChartRun      Run;
typedef SluiceDurationChartGeometry Geometry;

static void
bar_clear (Bar *bar)
{
  g_clear_object (&bar->item);
  g_clear_pointer (&bar->applied_at, g_date_time_unref);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->when, g_date_time_unref);
  g_clear_pointer (&run->who, g_free);
}

SluiceDurationChartLayout *
sluice_duration_chart_layout_new (void)
{
  SluiceDurationChartLayout *self = g_new0 (SluiceDurationChartLayout, 1);

  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, (GDestroyNotify) bar_clear);
  self->runs = g_array_new (FALSE, TRUE, sizeof (Run));
  g_array_set_clear_func (self->runs, (GDestroyNotify) run_clear);
  self->axis_high = 1;
  self->axis_step = 1;
  return self;
}

void
sluice_duration_chart_layout_free (SluiceDurationChartLayout *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->bars, g_array_unref);
  g_clear_pointer (&self->runs, g_array_unref);
  g_free (self);
}

void
sluice_duration_chart_layout_clear (SluiceDurationChartLayout *self)
{
  g_array_set_size (self->bars, 0);
  g_array_set_size (self->runs, 0);
}

/* The data ---------------------------------------------------------------- */

static int
compare_bars (gconstpointer a,
              gconstpointer b)
{
  const Bar *first = a;
  const Bar *second = b;

  if (first->rank != second->rank)
    return first->rank < second->rank ? -1 : 1;
  if (first->applied_at != NULL && second->applied_at != NULL)
    return g_date_time_compare (first->applied_at, second->applied_at);
  return 0;
}

static gboolean
starts_new_run (const Bar *previous,
                const Bar *bar)
{
  SluiceHistoryEntry *previous_entry = sluice_status_item_get_entry (previous->item);
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (bar->item);

  if (g_strcmp0 (sluice_history_entry_get_applied_by (previous_entry),
                 sluice_history_entry_get_applied_by (entry)) != 0)
    return TRUE;

  if (previous->applied_at == NULL || bar->applied_at == NULL)
    return previous->applied_at != bar->applied_at;

  return g_date_time_difference (bar->applied_at, previous->applied_at) >
         SLUICE_DURATION_CHART_RUN_GAP_SECONDS * G_TIME_SPAN_SECOND;
}

static void
collect_runs (SluiceDurationChartLayout *self)
{
  g_array_set_size (self->runs, 0);

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);

      if (i == 0 || starts_new_run (&g_array_index (self->bars, Bar, i - 1), bar))
        {
          SluiceHistoryEntry *entry = sluice_status_item_get_entry (bar->item);
          Run run = { .first = i };

          run.when = bar->applied_at != NULL ? g_date_time_ref (bar->applied_at) : NULL;
          run.who = g_strdup (sluice_history_entry_get_applied_by (entry));
          g_array_append_val (self->runs, run);
        }

      g_array_index (self->runs, Run, self->runs->len - 1).n_bars++;
      bar->run = self->runs->len - 1;
    }
}

static double
nice_step (double range)
{
  double magnitude = pow (10, floor (log10 (range)));
  double fraction = range / magnitude;

  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

/* Linear while the durations are comparable; a log scale once the longest
 * is over a hundred times the shortest, else a seed that takes seconds
 * flattens every DDL migration of a few milliseconds to nothing. */
static void
compute_axis (SluiceDurationChartLayout *self)
{
  gint64 shortest = G_MAXINT64;
  gint64 longest = 0;

  for (guint i = 0; i < self->bars->len; i++)
    {
      gint64 ms = g_array_index (self->bars, Bar, i).ms;

      if (ms < 0)
        continue;
      shortest = MIN (shortest, MAX (ms, 1));
      longest = MAX (longest, ms);
    }

  if (longest == 0)
    {
      shortest = 1;
      longest = 1;
    }

  self->log_scale = longest / shortest >= 100;

  if (self->log_scale)
    {
      self->axis_low = floor (log10 ((double) shortest));
      self->axis_high = ceil (log10 ((double) longest));
      if (self->axis_high <= self->axis_low)
        self->axis_high = self->axis_low + 1;
      self->axis_step = 1;
    }
  else
    {
      self->axis_step = nice_step (longest / 4.0);
      self->axis_low = 0;
      self->axis_high = ceil (longest / self->axis_step) * self->axis_step;
      if (self->axis_high <= 0)
        self->axis_high = self->axis_step;
    }
}

void
sluice_duration_chart_layout_set_items (SluiceDurationChartLayout *self,
                                        GListModel                *model)
{
  guint n_items = model != NULL ? g_list_model_get_n_items (model) : 0;

  g_array_set_size (self->bars, 0);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (model, i);
      SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
      GDateTime *applied_at;
      Bar bar = { 0 };

      /* Pending migrations have no entry: nothing to draw. */
      if (entry == NULL)
        continue;

      applied_at = sluice_history_entry_get_applied_at (entry);
      bar.item = g_steal_pointer (&item);
      bar.ms = sluice_history_entry_get_execution_ms (entry);
      bar.applied_at = applied_at != NULL ? g_date_time_ref (applied_at) : NULL;
      bar.rank = sluice_history_entry_get_rank (entry);
      g_array_append_val (self->bars, bar);
    }

  g_array_sort (self->bars, compare_bars);
  collect_runs (self);
  compute_axis (self);
}

guint
sluice_duration_chart_layout_get_n_bars (const SluiceDurationChartLayout *self)
{
  return self->bars->len;
}

const SluiceDurationChartBar *
sluice_duration_chart_layout_get_bar (const SluiceDurationChartLayout *self,
                                      guint                            index)
{
  g_return_val_if_fail (index < self->bars->len, NULL);
  return &g_array_index (self->bars, Bar, index);
}

int
sluice_duration_chart_layout_find_item (const SluiceDurationChartLayout *self,
                                        SluiceStatusItem                *item)
{
  for (guint i = 0; item != NULL && i < self->bars->len; i++)
    if (g_array_index (self->bars, Bar, i).item == item)
      return i;
  return -1;
}

/* The axis ---------------------------------------------------------------- */

guint
sluice_duration_chart_layout_get_n_ticks (const SluiceDurationChartLayout *self)
{
  guint n_ticks = 0;

  for (double tick = self->axis_low; tick <= self->axis_high + 1e-9; tick += self->axis_step)
    n_ticks++;
  return n_ticks;
}

double
sluice_duration_chart_layout_get_tick (const SluiceDurationChartLayout *self,
                                       guint                            index)
{
  return self->axis_low + index * self->axis_step;
}

double
sluice_duration_chart_layout_get_tick_fraction (const SluiceDurationChartLayout *self,
                                                guint                            index)
{
  double tick = sluice_duration_chart_layout_get_tick (self, index);

  return (tick - self->axis_low) / (self->axis_high - self->axis_low);
}

static double
tick_to_ms (const SluiceDurationChartLayout *self,
            double                           tick)
{
  return self->log_scale ? pow (10, tick) : tick;
}

char *
sluice_duration_chart_layout_format_tick (const SluiceDurationChartLayout *self,
                                          guint                            index)
{
  double tick = sluice_duration_chart_layout_get_tick (self, index);

  return sluice_format_duration_ms ((gint64) llround (tick_to_ms (self, tick)));
}

double
sluice_duration_chart_layout_fraction_of (const SluiceDurationChartLayout *self,
                                          gint64                           ms)
{
  double value;

  if (self->log_scale)
    value = (log10 ((double) MAX (ms, 1)) - self->axis_low) / (self->axis_high - self->axis_low);
  else
    value = ms / self->axis_high;

  return CLAMP (value, 0, 1);
}

/* Geometry ---------------------------------------------------------------- */

void
sluice_duration_chart_layout_compute_geometry (const SluiceDurationChartLayout *self,
                                               float                            width,
                                               float                            height,
                                               float                            axis_width,
                                               float                            label_height,
                                               SluiceDurationChartGeometry     *geometry)
{
  guint n_runs = self->runs->len;
  float available;

  geometry->label_height = label_height;
  geometry->plot_x = PAD_LEFT + axis_width + SLUICE_DURATION_CHART_AXIS_GAP;
  geometry->plot_y = PAD_TOP;
  geometry->plot_width = MAX (1.f, width - geometry->plot_x - PAD_RIGHT);
  /* Two lines under the bars: the run's date, and who ran it. */
  geometry->plot_height = MAX (1.f, height - PAD_TOP - SLUICE_DURATION_CHART_RUN_LABEL_GAP -
                                    2 * geometry->label_height - 8);

  available = geometry->plot_width - (n_runs > 1 ? (n_runs - 1) * SLUICE_DURATION_CHART_RUN_GAP : 0);
  geometry->slot_width = self->bars->len > 0 ? MAX (1.f, available / self->bars->len) : 0;
  geometry->bar_width = MIN (MAX_BAR_WIDTH, MAX (1.f, floorf (geometry->slot_width * 0.68f)));
}

static float
slot_x (const Geometry *geometry,
        const Bar      *bar,
        guint           index)
{
  return geometry->plot_x + index * geometry->slot_width + bar->run * SLUICE_DURATION_CHART_RUN_GAP;
}

float
sluice_duration_chart_layout_get_slot_x (const SluiceDurationChartLayout   *self,
                                         const SluiceDurationChartGeometry *geometry,
                                         guint                              index)
{
  return slot_x (geometry, &g_array_index (self->bars, Bar, index), index);
}

void
sluice_duration_chart_layout_get_bar_rect (const SluiceDurationChartLayout   *self,
                                           const SluiceDurationChartGeometry *geometry,
                                           guint                              index,
                                           graphene_rect_t                   *rect)
{
  const Bar *bar = &g_array_index (self->bars, Bar, index);
  float x = slot_x (geometry, bar, index) + (geometry->slot_width - geometry->bar_width) / 2;
  float bar_height;

  if (bar->ms < 0)
    bar_height = MIN_BAR_HEIGHT;
  else
    bar_height = MAX (MIN_BAR_HEIGHT, roundf (sluice_duration_chart_layout_fraction_of (self, bar->ms) *
                                              geometry->plot_height));

  graphene_rect_init (rect, roundf (x), geometry->plot_y + geometry->plot_height - bar_height,
                      geometry->bar_width, bar_height);
}

void
sluice_duration_chart_layout_get_run_extent (const SluiceDurationChartLayout   *self,
                                             const SluiceDurationChartGeometry *geometry,
                                             guint                              index,
                                             float                             *x,
                                             float                             *width)
{
  const Run *run = &g_array_index (self->runs, Run, index);

  *x = slot_x (geometry, &g_array_index (self->bars, Bar, run->first), run->first);
  *width = run->n_bars * geometry->slot_width;
}

int
sluice_duration_chart_layout_bar_at (const SluiceDurationChartLayout   *self,
                                     const SluiceDurationChartGeometry *geometry,
                                     double                             x,
                                     double                             y)
{
  if (y < geometry->plot_y - PAD_TOP / 2 ||
      y > geometry->plot_y + geometry->plot_height + SLUICE_DURATION_CHART_RUN_LABEL_GAP)
    return -1;

  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);
      float start = slot_x (geometry, bar, i);

      if (x >= start && x < start + geometry->slot_width)
        return i;
    }

  return -1;
}
