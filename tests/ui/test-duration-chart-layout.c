/* test-duration-chart-layout.c: where the duration chart puts its bars,
 * runs and ticks, computed with no widget and no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "sluice-duration-chart-layout.h"
#include "sluice-status-private.h"

/* An applied migration as its history entry says: by @who, @minutes after
 * a fixed day, taking @ms (-1: not recorded), @rank-th in the tool's
 * order. */
static void
add_applied (GListStore *items,
             const char *version,
             const char *who,
             int         minutes,
             gint64      ms,
             guint       rank)
{
  g_autoptr(SluiceHistoryEntry) entry = sluice_history_entry_new (version);
  g_autoptr(GDateTime) day = g_date_time_new_utc (2024, 3, 12, 9, 0, 0);
  g_autoptr(GDateTime) when = g_date_time_add_minutes (day, minutes);
  g_autoptr(SluiceStatusItem) item = NULL;

  sluice_history_entry_set_version (entry, version);
  sluice_history_entry_set_applied_by (entry, who);
  sluice_history_entry_set_applied_at (entry, when);
  sluice_history_entry_set_execution_ms (entry, ms);
  sluice_history_entry_set_rank (entry, rank);
  item = _sluice_status_item_new (SLUICE_STATUS_APPLIED, NULL, entry);
  g_list_store_append (items, item);
}

static void
add_pending (GListStore *items,
             const char *version)
{
  g_autoptr(SluiceMigration) migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SLUICE, version, "pending");
  g_autoptr(SluiceStatusItem) item = _sluice_status_item_new (SLUICE_STATUS_PENDING, migration, NULL);

  g_list_store_append (items, item);
}

static const char *
bar_version (SluiceDurationChartLayout *layout,
             guint                      index)
{
  return sluice_status_item_get_version (sluice_duration_chart_layout_get_bar (layout, index)->item);
}

/* Bars in the order applied, pending ones left out; runs split by person
 * and by a gap of more than half an hour. */
static void
test_runs (void)
{
  g_autoptr(GListStore) items = g_list_store_new (SLUICE_TYPE_STATUS_ITEM);
  g_autoptr(SluiceDurationChartLayout) layout = sluice_duration_chart_layout_new ();
  const SluiceDurationChartRun *runs;

  /* Listed out of order: the chart goes by the tool's order (rank). */
  add_applied (items, "0003", "maria", 2, 12, 2);
  add_applied (items, "0001", "maria", 0, 10, 0);
  add_applied (items, "0002", "maria", 1, 11, 1);
  add_applied (items, "0004", "deploy", 3, 13, 3);       /* another person */
  add_applied (items, "0005", "deploy", 3 + 31, 14, 4);  /* 31 minutes later */
  add_applied (items, "0006", "deploy", 3 + 31 + 30, 15, 5);  /* 30 minutes later: same run */
  add_pending (items, "0007");

  sluice_duration_chart_layout_set_items (layout, G_LIST_MODEL (items));

  g_assert_cmpuint (sluice_duration_chart_layout_get_n_bars (layout), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%04u", i + 1);

      g_assert_cmpstr (bar_version (layout, i), ==, expected);
    }

  g_assert_cmpuint (layout->runs->len, ==, 3);
  runs = (const SluiceDurationChartRun *) layout->runs->data;
  g_assert_cmpuint (runs[0].first, ==, 0);
  g_assert_cmpuint (runs[0].n_bars, ==, 3);
  g_assert_cmpstr (runs[0].who, ==, "maria");
  g_assert_cmpuint (runs[1].first, ==, 3);
  g_assert_cmpuint (runs[1].n_bars, ==, 1);
  g_assert_cmpstr (runs[1].who, ==, "deploy");
  g_assert_cmpuint (runs[2].first, ==, 4);
  g_assert_cmpuint (runs[2].n_bars, ==, 2);
  g_assert_cmpint (g_date_time_get_minute (runs[2].when), ==, 34);
  g_assert_cmpuint (sluice_duration_chart_layout_get_bar (layout, 5)->run, ==, 2);

  g_assert_cmpint (sluice_duration_chart_layout_find_item (layout,
                                                           sluice_duration_chart_layout_get_bar (layout, 4)->item),
                   ==, 4);
  g_assert_cmpint (sluice_duration_chart_layout_find_item (layout, NULL), ==, -1);

  /* Nothing left: no bars, no runs. */
  sluice_duration_chart_layout_set_items (layout, NULL);
  g_assert_cmpuint (sluice_duration_chart_layout_get_n_bars (layout), ==, 0);
  g_assert_cmpuint (layout->runs->len, ==, 0);
}

/* Comparable durations: a linear axis from 0 in round steps. */
static void
test_linear_axis (void)
{
  g_autoptr(GListStore) items = g_list_store_new (SLUICE_TYPE_STATUS_ITEM);
  g_autoptr(SluiceDurationChartLayout) layout = sluice_duration_chart_layout_new ();
  const char *labels[] = { "0 ms", "10 ms", "20 ms", "30 ms", "40 ms" };

  add_applied (items, "0001", "maria", 0, 8, 0);
  add_applied (items, "0002", "maria", 1, 37, 1);
  add_applied (items, "0003", "maria", 2, -1, 2);  /* not recorded: not on the axis */
  sluice_duration_chart_layout_set_items (layout, G_LIST_MODEL (items));

  g_assert_false (layout->log_scale);
  g_assert_cmpfloat (layout->axis_low, ==, 0);
  g_assert_cmpfloat (layout->axis_step, ==, 10);
  g_assert_cmpfloat (layout->axis_high, ==, 40);

  g_assert_cmpuint (sluice_duration_chart_layout_get_n_ticks (layout), ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *label = sluice_duration_chart_layout_format_tick (layout, i);

      g_assert_cmpstr (label, ==, labels[i]);
      g_assert_cmpfloat_with_epsilon (sluice_duration_chart_layout_get_tick_fraction (layout, i), i / 4.0, 1e-9);
    }

  g_assert_cmpfloat_with_epsilon (sluice_duration_chart_layout_fraction_of (layout, 20), 0.5, 1e-9);
  g_assert_cmpfloat (sluice_duration_chart_layout_fraction_of (layout, 400), ==, 1);
}

/* A seed that takes seconds beside DDL of a few milliseconds: a log scale
 * in decades, so the short ones still show. */
static void
test_log_axis (void)
{
  g_autoptr(GListStore) items = g_list_store_new (SLUICE_TYPE_STATUS_ITEM);
  g_autoptr(SluiceDurationChartLayout) layout = sluice_duration_chart_layout_new ();
  const char *labels[] = { "1 ms", "10 ms", "100 ms", "1 s", "10 s" };

  add_applied (items, "0001", "maria", 0, 3, 0);
  add_applied (items, "0002", "maria", 1, 4200, 1);
  add_applied (items, "0003", "maria", 2, 0, 2);  /* "0 ms" counts as 1 on a log scale */
  sluice_duration_chart_layout_set_items (layout, G_LIST_MODEL (items));

  g_assert_true (layout->log_scale);
  g_assert_cmpfloat (layout->axis_low, ==, 0);
  g_assert_cmpfloat (layout->axis_high, ==, 4);

  g_assert_cmpuint (sluice_duration_chart_layout_get_n_ticks (layout), ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *label = sluice_duration_chart_layout_format_tick (layout, i);

      g_assert_cmpstr (label, ==, labels[i]);
    }

  g_assert_cmpfloat_with_epsilon (sluice_duration_chart_layout_fraction_of (layout, 100), 0.5, 1e-9);
  g_assert_cmpfloat (sluice_duration_chart_layout_fraction_of (layout, 0), ==, 0);

  /* Back to comparable durations: linear again. */
  g_list_store_remove (items, 1);
  sluice_duration_chart_layout_set_items (layout, G_LIST_MODEL (items));
  g_assert_false (layout->log_scale);
}

/* Bars inside the plot, runs apart, and the pointer finds the bar. */
static void
test_geometry (void)
{
  g_autoptr(GListStore) items = g_list_store_new (SLUICE_TYPE_STATUS_ITEM);
  g_autoptr(SluiceDurationChartLayout) layout = sluice_duration_chart_layout_new ();
  SluiceDurationChartGeometry geometry;
  float previous_end = 0;

  add_applied (items, "0001", "maria", 0, 10, 0);
  add_applied (items, "0002", "maria", 1, 40, 1);
  add_applied (items, "0003", "jonas", 600, 20, 2);
  add_applied (items, "0004", "jonas", 601, -1, 3);
  sluice_duration_chart_layout_set_items (layout, G_LIST_MODEL (items));

  sluice_duration_chart_layout_compute_geometry (layout, 600, 170, 40, 14, &geometry);
  g_assert_cmpfloat (geometry.plot_x, ==, 12 + 40 + SLUICE_DURATION_CHART_AXIS_GAP);
  g_assert_cmpfloat (geometry.plot_x + geometry.plot_width, <=, 600);
  g_assert_cmpfloat (geometry.plot_height, >, 0);
  g_assert_cmpfloat (geometry.bar_width, <=, geometry.slot_width);

  for (guint i = 0; i < sluice_duration_chart_layout_get_n_bars (layout); i++)
    {
      graphene_rect_t rect;
      float slot = sluice_duration_chart_layout_get_slot_x (layout, &geometry, i);
      double middle = slot + geometry.slot_width / 2;

      sluice_duration_chart_layout_get_bar_rect (layout, &geometry, i, &rect);
      g_assert_cmpfloat (rect.origin.x, >=, geometry.plot_x);
      g_assert_cmpfloat (rect.origin.x + rect.size.width, <=, geometry.plot_x + geometry.plot_width);
      g_assert_cmpfloat (rect.origin.y + rect.size.height, ==, geometry.plot_y + geometry.plot_height);
      g_assert_cmpfloat (rect.size.height, >=, 3);
      g_assert_cmpfloat (rect.origin.x, >=, previous_end);
      previous_end = rect.origin.x + rect.size.width;

      g_assert_cmpint (sluice_duration_chart_layout_bar_at (layout, &geometry, middle,
                                                            geometry.plot_y + geometry.plot_height / 2),
                       ==, (int) i);
    }

  /* The longest fills the plot; one not recorded is a stub. */
  {
    graphene_rect_t longest, stub;

    sluice_duration_chart_layout_get_bar_rect (layout, &geometry, 1, &longest);
    sluice_duration_chart_layout_get_bar_rect (layout, &geometry, 3, &stub);
    g_assert_cmpfloat (longest.size.height, ==, roundf (geometry.plot_height));
    g_assert_cmpfloat (stub.size.height, ==, 3);
  }

  /* Two runs, a gap between them. */
  {
    float first_x, first_width, second_x, second_width;

    g_assert_cmpuint (layout->runs->len, ==, 2);
    sluice_duration_chart_layout_get_run_extent (layout, &geometry, 0, &first_x, &first_width);
    sluice_duration_chart_layout_get_run_extent (layout, &geometry, 1, &second_x, &second_width);
    g_assert_cmpfloat (first_width, ==, 2 * geometry.slot_width);
    g_assert_cmpfloat_with_epsilon (second_x - (first_x + first_width), SLUICE_DURATION_CHART_RUN_GAP, 1e-3);
    g_assert_cmpfloat_with_epsilon (second_x + second_width, geometry.plot_x + geometry.plot_width, 1e-3);
  }

  /* Left of the plot, or far below it: no bar. */
  g_assert_cmpint (sluice_duration_chart_layout_bar_at (layout, &geometry, 2, geometry.plot_y + 10), ==, -1);
  g_assert_cmpint (sluice_duration_chart_layout_bar_at (layout, &geometry, geometry.plot_x + 1, 169), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/duration-chart-layout/runs", test_runs);
  g_test_add_func ("/duration-chart-layout/linear-axis", test_linear_axis);
  g_test_add_func ("/duration-chart-layout/log-axis", test_log_axis);
  g_test_add_func ("/duration-chart-layout/geometry", test_geometry);

  return g_test_run ();
}
