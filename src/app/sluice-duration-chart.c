/* sluice-duration-chart.c: how long each applied migration took, in the
 * order they were applied
 *
 * Drawn with GtkSnapshot nodes only (colour, rounded clips, text), as
 * Sysprof draws its tracks: a value axis on the left, one bar per applied
 * migration, bars grouped into runs (one person's deploy) with the run's
 * date beneath.  The x axis is the order of application rather than the
 * clock: a deploy applies its migrations seconds apart and weeks pass
 * between deploys, so a clock axis would stack whole deploys into one bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sluice-duration-chart.h"
#include "sluice-duration-chart-layout.h"
#include "sluice-history-format.h"

#define BAR_RADIUS      4.f

typedef SluiceDurationChartBar      Bar;
typedef SluiceDurationChartRun      Run;
typedef SluiceDurationChartGeometry Geometry;

struct _SluiceDurationChart
{
  GtkWidget                  parent_instance;

  GListModel                *model;
  SluiceStatusItem          *selected_item;
  SluiceDurationChartLayout *layout;

  int                        hover_index; /* -1: none */
};

G_DEFINE_FINAL_TYPE (SluiceDurationChart, sluice_duration_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED_ITEM,
  PROP_N_BARS,
  PROP_LOG_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The data ---------------------------------------------------------------- */

static void
rebuild (SluiceDurationChart *self)
{
  guint old_n_bars = self->layout->bars->len;
  gboolean old_log_scale = self->layout->log_scale;

  self->hover_index = -1;
  sluice_duration_chart_layout_set_items (self->layout, self->model);

  if (self->layout->log_scale != old_log_scale)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (old_n_bars != self->layout->bars->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_BARS]);
}

static void
on_items_changed (SluiceDurationChart *self)
{
  rebuild (self);
}

static int
find_bar_of_item (SluiceDurationChart *self,
                  SluiceStatusItem    *item)
{
  return sluice_duration_chart_layout_find_item (self->layout, item);
}

/* Geometry ---------------------------------------------------------------- */

static PangoLayout *
create_small_layout (SluiceDurationChart *self,
                     const char          *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  return layout;
}

static float
measure_axis_width (SluiceDurationChart *self)
{
  guint n_ticks = sluice_duration_chart_layout_get_n_ticks (self->layout);
  int widest = 0;

  for (guint i = 0; i < n_ticks; i++)
    {
      g_autofree char *text = sluice_duration_chart_layout_format_tick (self->layout, i);
      g_autoptr(PangoLayout) layout = create_small_layout (self, text);
      int width;

      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }

  return widest;
}

static float
measure_label_height (SluiceDurationChart *self)
{
  g_autoptr(PangoLayout) layout = create_small_layout (self, "0");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static void
compute_geometry (SluiceDurationChart *self,
                  Geometry            *geometry)
{
  sluice_duration_chart_layout_compute_geometry (self->layout,
                                                 gtk_widget_get_width (GTK_WIDGET (self)),
                                                 gtk_widget_get_height (GTK_WIDGET (self)),
                                                 measure_axis_width (self),
                                                 measure_label_height (self),
                                                 geometry);
}

static int
bar_at (SluiceDurationChart *self,
        double               x,
        double               y)
{
  Geometry geometry;

  if (self->layout->bars->len == 0)
    return -1;

  compute_geometry (self, &geometry);
  return sluice_duration_chart_layout_bar_at (self->layout, &geometry, x, y);
}

/* Drawing ----------------------------------------------------------------- */

static void
get_foreground (SluiceDurationChart *self,
                GdkRGBA             *colour)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), colour);
}

static GdkRGBA
with_alpha (const GdkRGBA *colour,
            float          alpha)
{
  GdkRGBA result = *colour;

  result.alpha *= alpha;
  return result;
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             float          x,
             float          y,
             const GdkRGBA *colour)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (roundf (x), roundf (y)));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static void
append_rounded (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                float                  top_radius,
                float                  bottom_radius,
                const GdkRGBA         *colour)
{
  GskRoundedRect rounded;
  float limit = MIN (rect->size.width / 2, rect->size.height / 2);
  graphene_size_t top = GRAPHENE_SIZE_INIT (MIN (top_radius, limit), MIN (top_radius, limit));
  graphene_size_t bottom = GRAPHENE_SIZE_INIT (MIN (bottom_radius, limit), MIN (bottom_radius, limit));

  gsk_rounded_rect_init (&rounded, rect, &top, &top, &bottom, &bottom);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, colour, rect);
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_axis (SluiceDurationChart *self,
               GtkSnapshot         *snapshot,
               const Geometry      *geometry,
               const GdkRGBA       *foreground)
{
  GdkRGBA grid = with_alpha (foreground, 0.08f);
  GdkRGBA baseline = with_alpha (foreground, 0.2f);
  GdkRGBA dim = with_alpha (foreground, 0.55f);
  guint n_ticks = sluice_duration_chart_layout_get_n_ticks (self->layout);

  for (guint i = 0; i < n_ticks; i++)
    {
      double fraction = sluice_duration_chart_layout_get_tick_fraction (self->layout, i);
      float y = roundf (geometry->plot_y + geometry->plot_height - fraction * geometry->plot_height);
      g_autofree char *text = sluice_duration_chart_layout_format_tick (self->layout, i);
      g_autoptr(PangoLayout) layout = create_small_layout (self, text);
      int width, height;

      gtk_snapshot_append_color (snapshot, i == 0 ? &baseline : &grid,
                                 &GRAPHENE_RECT_INIT (geometry->plot_x - 4, y,
                                                      geometry->plot_width + 4, 1));

      pango_layout_get_pixel_size (layout, &width, &height);
      append_text (snapshot, layout, geometry->plot_x - SLUICE_DURATION_CHART_AXIS_GAP - width,
                   y - height / 2.f, &dim);
    }
}

static void
snapshot_runs (SluiceDurationChart *self,
               GtkSnapshot         *snapshot,
               const Geometry      *geometry,
               const GdkRGBA       *foreground)
{
  GdkRGBA band = with_alpha (foreground, 0.035f);
  GdkRGBA text_colour = with_alpha (foreground, 0.8f);
  GdkRGBA dim = with_alpha (foreground, 0.5f);
  GArray *runs = self->layout->runs;

  for (guint i = 0; i < runs->len; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);
      float label_y = geometry->plot_y + geometry->plot_height + SLUICE_DURATION_CHART_RUN_LABEL_GAP;
      float x, width;
      g_autofree char *when = NULL;
      g_autoptr(PangoLayout) when_layout = NULL;
      g_autoptr(PangoLayout) who_layout = NULL;
      int when_width, who_width;

      sluice_duration_chart_layout_get_run_extent (self->layout, geometry, i, &x, &width);

      /* A quiet band behind each run, so that runs read as groups. */
      if (runs->len > 1)
        append_rounded (snapshot,
                        &GRAPHENE_RECT_INIT (x - 2, geometry->plot_y - 6,
                                             width + 4, geometry->plot_height + 6),
                        6, 0, &band);

      when = run->when != NULL ? sluice_format_date (run->when) : g_strdup (_("Unknown date"));
      when_layout = create_small_layout (self, when);
      pango_layout_get_pixel_size (when_layout, &when_width, NULL);

      /* Labels only where they fit: the tooltip says it for narrow runs. */
      if (when_width > width + SLUICE_DURATION_CHART_RUN_GAP - 4)
        continue;

      append_text (snapshot, when_layout, x + (width - when_width) / 2, label_y, &text_colour);

      if (run->who == NULL)
        continue;

      who_layout = create_small_layout (self, run->who);
      pango_layout_get_pixel_size (who_layout, &who_width, NULL);
      if (who_width <= width + SLUICE_DURATION_CHART_RUN_GAP - 4)
        append_text (snapshot, who_layout, x + (width - who_width) / 2,
                     label_y + geometry->label_height, &dim);
    }
}

static void
snapshot_bars (SluiceDurationChart *self,
               GtkSnapshot         *snapshot,
               const Geometry      *geometry,
               const GdkRGBA       *foreground)
{
  GdkRGBA hover = with_alpha (foreground, 0.07f);
  GdkRGBA accent;
  GdkRGBA selected_column;
  int selected = find_bar_of_item (self, self->selected_item);

  gdk_rgba_parse (&accent, "#3584e4");
  selected_column = with_alpha (&accent, 0.16f);

  for (guint i = 0; i < self->layout->bars->len; i++)
    {
      const Bar *bar = sluice_duration_chart_layout_get_bar (self->layout, i);
      float x = sluice_duration_chart_layout_get_slot_x (self->layout, geometry, i);
      graphene_rect_t column = GRAPHENE_RECT_INIT (x, geometry->plot_y - 4,
                                                   geometry->slot_width, geometry->plot_height + 4);
      graphene_rect_t rect;
      GdkRGBA colour;

      if ((int) i == selected)
        append_rounded (snapshot, &column, 5, 0, &selected_column);
      else if ((int) i == self->hover_index)
        append_rounded (snapshot, &column, 5, 0, &hover);

      sluice_duration_chart_layout_get_bar_rect (self->layout, geometry, i, &rect);
      sluice_status_colour (sluice_status_item_get_status (bar->item), &colour);

      /* A duration the tool did not record: a hollow stub, not a bar. */
      if (bar->ms < 0)
        colour = with_alpha (&colour, 0.45f);
      else if (selected >= 0 && (int) i != selected)
        colour = with_alpha (&colour, 0.8f);

      append_rounded (snapshot, &rect, BAR_RADIUS, 0, &colour);
    }
}

static void
snapshot_empty (SluiceDurationChart *self,
                GtkSnapshot         *snapshot,
                const GdkRGBA       *foreground)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                  _("Nothing applied here yet"));
  GdkRGBA dim = with_alpha (foreground, 0.55f);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  append_text (snapshot, layout,
               (gtk_widget_get_width (GTK_WIDGET (self)) - width) / 2.f,
               (gtk_widget_get_height (GTK_WIDGET (self)) - height) / 2.f,
               &dim);
}

static void
sluice_duration_chart_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  SluiceDurationChart *self = SLUICE_DURATION_CHART (widget);
  GdkRGBA foreground;
  Geometry geometry;

  get_foreground (self, &foreground);

  if (self->layout->bars->len == 0)
    {
      snapshot_empty (self, snapshot, &foreground);
      return;
    }

  compute_geometry (self, &geometry);
  snapshot_runs (self, snapshot, &geometry, &foreground);
  snapshot_axis (self, snapshot, &geometry, &foreground);
  snapshot_bars (self, snapshot, &geometry, &foreground);
}

static void
sluice_duration_chart_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      *minimum = 120;
      *natural = 170;
    }
}

/* Interaction ------------------------------------------------------------- */

static void
set_hover_index (SluiceDurationChart *self,
                 int                  index)
{
  if (self->hover_index == index)
    return;

  self->hover_index = index;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), index >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SluiceDurationChart      *self)
{
  set_hover_index (self, bar_at (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          SluiceDurationChart      *self)
{
  set_hover_index (self, -1);
}

static void
on_pressed (GtkGestureClick     *gesture,
            int                  n_press,
            double               x,
            double               y,
            SluiceDurationChart *self)
{
  int index = bar_at (self, x, y);

  if (index < 0)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  sluice_duration_chart_set_selected_item (self, sluice_duration_chart_layout_get_bar (self->layout, index)->item);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SluiceDurationChart   *self)
{
  int selected = find_bar_of_item (self, self->selected_item);
  int last = (int) self->layout->bars->len - 1;
  int next;

  if (last < 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      next = selected < 0 ? last : MAX (0, selected - 1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      next = selected < 0 ? 0 : MIN (last, selected + 1);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      next = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      next = last;
      break;
    default:
      return FALSE;
    }

  sluice_duration_chart_set_selected_item (self, sluice_duration_chart_layout_get_bar (self->layout, next)->item);
  return TRUE;
}

static char *
describe_bar (const Bar *bar)
{
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (bar->item);
  const char *name = sluice_status_item_get_name (bar->item);
  const char *who = sluice_history_entry_get_applied_by (entry);
  g_autofree char *when = sluice_format_date_time (bar->applied_at);
  g_autofree char *took = sluice_format_duration_ms (bar->ms);
  g_autofree char *heading = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *duration = NULL;

  heading = g_markup_printf_escaped ("<b>%s</b> %s", sluice_status_item_get_version (bar->item),
                                     name != NULL ? name : "");
  if (who != NULL)
    /* Translators: when a migration was applied, then by which role. */
    applied = g_markup_printf_escaped (_("Applied %s by %s"), when, who);
  else
    applied = g_markup_printf_escaped (_("Applied %s"), when);

  if (bar->ms >= 0)
    /* Translators: how long a migration took, then its status. */
    duration = g_markup_printf_escaped (_("Took %s · %s"), took,
                                        sluice_migration_status_get_label (sluice_status_item_get_status (bar->item)));
  else
    duration = g_markup_printf_escaped (_("Duration not recorded · %s"),
                                        sluice_migration_status_get_label (sluice_status_item_get_status (bar->item)));

  return g_strjoin ("\n", heading, applied, duration, NULL);
}

static gboolean
sluice_duration_chart_query_tooltip (GtkWidget  *widget,
                                     int         x,
                                     int         y,
                                     gboolean    keyboard_mode,
                                     GtkTooltip *tooltip)
{
  SluiceDurationChart *self = SLUICE_DURATION_CHART (widget);
  int index = keyboard_mode ? find_bar_of_item (self, self->selected_item) : bar_at (self, x, y);
  g_autofree char *markup = NULL;
  Geometry geometry;
  graphene_rect_t rect;

  if (index < 0)
    return FALSE;

  markup = describe_bar (sluice_duration_chart_layout_get_bar (self->layout, index));
  gtk_tooltip_set_markup (tooltip, markup);

  /* Point at the bar, not at wherever the pointer happens to be. */
  compute_geometry (self, &geometry);
  sluice_duration_chart_layout_get_bar_rect (self->layout, &geometry, index, &rect);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { rect.origin.x, rect.origin.y,
                                                       rect.size.width, rect.size.height });
  return TRUE;
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_duration_chart_dispose (GObject *object)
{
  SluiceDurationChart *self = SLUICE_DURATION_CHART (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);
  g_clear_object (&self->selected_item);
  sluice_duration_chart_layout_clear (self->layout);

  G_OBJECT_CLASS (sluice_duration_chart_parent_class)->dispose (object);
}

static void
sluice_duration_chart_finalize (GObject *object)
{
  SluiceDurationChart *self = SLUICE_DURATION_CHART (object);

  g_clear_pointer (&self->layout, sluice_duration_chart_layout_free);

  G_OBJECT_CLASS (sluice_duration_chart_parent_class)->finalize (object);
}

static void
sluice_duration_chart_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SluiceDurationChart *self = SLUICE_DURATION_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_SELECTED_ITEM:
      g_value_set_object (value, self->selected_item);
      break;
    case PROP_N_BARS:
      g_value_set_uint (value, self->layout->bars->len);
      break;
    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->layout->log_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_duration_chart_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SluiceDurationChart *self = SLUICE_DURATION_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sluice_duration_chart_set_model (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_ITEM:
      sluice_duration_chart_set_selected_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_duration_chart_class_init (SluiceDurationChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_duration_chart_dispose;
  object_class->finalize = sluice_duration_chart_finalize;
  object_class->get_property = sluice_duration_chart_get_property;
  object_class->set_property = sluice_duration_chart_set_property;

  widget_class->snapshot = sluice_duration_chart_snapshot;
  widget_class->measure = sluice_duration_chart_measure;
  widget_class->query_tooltip = sluice_duration_chart_query_tooltip;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ITEM] =
    g_param_spec_object ("selected-item", NULL, NULL, SLUICE_TYPE_STATUS_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_BARS] =
    g_param_spec_uint ("n-bars", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "durationchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sluice_duration_chart_init (SluiceDurationChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->layout = sluice_duration_chart_layout_new ();
  self->hover_index = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How long each applied migration took"),
                                  -1);
}

GtkWidget *
sluice_duration_chart_new (void)
{
  return g_object_new (SLUICE_TYPE_DURATION_CHART, NULL);
}

GListModel *
sluice_duration_chart_get_model (SluiceDurationChart *self)
{
  g_return_val_if_fail (SLUICE_IS_DURATION_CHART (self), NULL);
  return self->model;
}

void
sluice_duration_chart_set_model (SluiceDurationChart *self,
                                 GListModel          *model)
{
  g_return_if_fail (SLUICE_IS_DURATION_CHART (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_items_changed), self);

  /* The selection was an item of the old model. */
  sluice_duration_chart_set_selected_item (self, NULL);
  rebuild (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

SluiceStatusItem *
sluice_duration_chart_get_selected_item (SluiceDurationChart *self)
{
  g_return_val_if_fail (SLUICE_IS_DURATION_CHART (self), NULL);
  return self->selected_item;
}

/* Any item may be set (the list selects pending ones too); only one with a
 * bar shows as selected. */
void
sluice_duration_chart_set_selected_item (SluiceDurationChart *self,
                                         SluiceStatusItem    *item)
{
  g_return_if_fail (SLUICE_IS_DURATION_CHART (self));
  g_return_if_fail (item == NULL || SLUICE_IS_STATUS_ITEM (item));

  if (!g_set_object (&self->selected_item, item))
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

guint
sluice_duration_chart_get_n_bars (SluiceDurationChart *self)
{
  g_return_val_if_fail (SLUICE_IS_DURATION_CHART (self), 0);
  return self->layout->bars->len;
}

gboolean
sluice_duration_chart_get_log_scale (SluiceDurationChart *self)
{
  g_return_val_if_fail (SLUICE_IS_DURATION_CHART (self), FALSE);
  return self->layout->log_scale;
}

SluiceStatusItem *
sluice_duration_chart_get_bar_item (SluiceDurationChart *self,
                                    guint                index)
{
  g_return_val_if_fail (SLUICE_IS_DURATION_CHART (self), NULL);

  if (index >= self->layout->bars->len)
    return NULL;
  return sluice_duration_chart_layout_get_bar (self->layout, index)->item;
}

gboolean
sluice_duration_chart_get_bar_area (SluiceDurationChart *self,
                                    guint                index,
                                    graphene_rect_t     *area)
{
  Geometry geometry;

  g_return_val_if_fail (SLUICE_IS_DURATION_CHART (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (index >= self->layout->bars->len)
    return FALSE;

  compute_geometry (self, &geometry);
  sluice_duration_chart_layout_get_bar_rect (self->layout, &geometry, index, area);
  return TRUE;
}
