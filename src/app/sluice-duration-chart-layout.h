/* sluice-duration-chart-layout.h: where the duration chart puts things
 *
 * The numbers behind SluiceDurationChart, with no widget and no drawing:
 * the bars (one per history entry, in the order applied), the runs they
 * group into, the value axis (linear, or logarithmic when durations span
 * decades) with its ticks, and the geometry for a given size.  The widget
 * measures text, draws and handles input; everything here is plain
 * arithmetic over a list of SluiceStatusItem, so it can be tested alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-status.h"

G_BEGIN_DECLS

/* Migrations applied by one person with no more than this between two of
 * them belong to one run. */
#define SLUICE_DURATION_CHART_RUN_GAP_SECONDS (30 * 60)

/* Spacing the drawing shares with the geometry. */
#define SLUICE_DURATION_CHART_AXIS_GAP      10.f  /* between tick labels and the plot */
#define SLUICE_DURATION_CHART_RUN_GAP       14.f  /* between two runs */
#define SLUICE_DURATION_CHART_RUN_LABEL_GAP 8.f   /* between the plot and a run's labels */

/* A bar: one history entry. */
typedef struct
{
  SluiceStatusItem *item;
  gint64            ms;        /* -1: not recorded */
  GDateTime        *applied_at; /* nullable */
  guint             rank;
  guint             run;
} SluiceDurationChartBar;

/* A run: consecutive bars by one person, close together in time. */
typedef struct
{
  guint      first;
  guint      n_bars;
  GDateTime *when;   /* of its first bar; nullable */
  char      *who;    /* nullable */
} SluiceDurationChartRun;

/* Where things go for a given size; recomputed on demand (a few bars). */
typedef struct
{
  float plot_x;
  float plot_y;
  float plot_width;
  float plot_height;
  float slot_width;
  float bar_width;
  float label_height;
} SluiceDurationChartGeometry;

typedef struct
{
  GArray   *bars;      /* SluiceDurationChartBar, in the order applied */
  GArray   *runs;      /* SluiceDurationChartRun */

  /* The value axis. */
  gboolean  log_scale;
  double    axis_low;  /* log: decade exponent; linear: 0 */
  double    axis_high; /* log: decade exponent; linear: ms */
  double    axis_step;
} SluiceDurationChartLayout;

SluiceDurationChartLayout *sluice_duration_chart_layout_new          (void);
void                       sluice_duration_chart_layout_free         (SluiceDurationChartLayout *self);

/* Bars, runs and axis anew from @model (SluiceStatusItem, nullable): every
 * item with a history entry is a bar.  clear() drops the bars and runs. */
void                       sluice_duration_chart_layout_set_items    (SluiceDurationChartLayout *self,
                                                                      GListModel                *model);
void                       sluice_duration_chart_layout_clear        (SluiceDurationChartLayout *self);

guint                      sluice_duration_chart_layout_get_n_bars   (const SluiceDurationChartLayout *self);
const SluiceDurationChartBar *sluice_duration_chart_layout_get_bar   (const SluiceDurationChartLayout *self,
                                                                      guint                      index);
/* The bar of @item, or -1. */
int                        sluice_duration_chart_layout_find_item    (const SluiceDurationChartLayout *self,
                                                                      SluiceStatusItem          *item);

/* The value axis's ticks, from the baseline (index 0) up: the value of
 * each (a decade exponent on a log scale, else milliseconds), its height
 * as a fraction of the plot's, and its label ("10 ms"). */
guint                      sluice_duration_chart_layout_get_n_ticks  (const SluiceDurationChartLayout *self);
double                     sluice_duration_chart_layout_get_tick     (const SluiceDurationChartLayout *self,
                                                                      guint                      index);
double                     sluice_duration_chart_layout_get_tick_fraction (const SluiceDurationChartLayout *self,
                                                                      guint                      index);
char                      *sluice_duration_chart_layout_format_tick  (const SluiceDurationChartLayout *self,
                                                                      guint                      index);

/* The height of a bar of @ms, as a fraction of the plot's (0 to 1). */
double                     sluice_duration_chart_layout_fraction_of  (const SluiceDurationChartLayout *self,
                                                                      gint64                     ms);

/* The geometry for a widget of @width × @height whose widest tick label
 * is @axis_width and whose small text is @label_height high. */
void                       sluice_duration_chart_layout_compute_geometry (const SluiceDurationChartLayout *self,
                                                                      float                      width,
                                                                      float                      height,
                                                                      float                      axis_width,
                                                                      float                      label_height,
                                                                      SluiceDurationChartGeometry *geometry);

/* Where bar @index is drawn; the horizontal extent of run @index (its
 * band and labels go there); the bar under a point, or -1. */
void                       sluice_duration_chart_layout_get_bar_rect (const SluiceDurationChartLayout   *self,
                                                                      const SluiceDurationChartGeometry *geometry,
                                                                      guint                              index,
                                                                      graphene_rect_t                   *rect);
void                       sluice_duration_chart_layout_get_run_extent (const SluiceDurationChartLayout   *self,
                                                                      const SluiceDurationChartGeometry *geometry,
                                                                      guint                              index,
                                                                      float                             *x,
                                                                      float                             *width);
/* The left edge of bar @index's slot (a slot is the bar and the space
 * around it, where the pointer picks it). */
float                      sluice_duration_chart_layout_get_slot_x   (const SluiceDurationChartLayout   *self,
                                                                      const SluiceDurationChartGeometry *geometry,
                                                                      guint                              index);
int                        sluice_duration_chart_layout_bar_at       (const SluiceDurationChartLayout   *self,
                                                                      const SluiceDurationChartGeometry *geometry,
                                                                      double                             x,
                                                                      double                             y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceDurationChartLayout, sluice_duration_chart_layout_free)

G_END_DECLS
