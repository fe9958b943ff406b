/* sluice-sparkline.c: a small strip of bars for a rate over the last minutes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sluice-sparkline.h"

#define DEFAULT_N_SLOTS 30
#define BAR_WIDTH        3
#define BAR_GAP          1
#define NATURAL_HEIGHT  18

struct _SluiceSparkline
{
  GtkWidget  parent_instance;

  GArray    *values;    /* double, oldest first */
  guint      n_slots;
  double     peak;
};

G_DEFINE_FINAL_TYPE (SluiceSparkline, sluice_sparkline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_SLOTS,
  PROP_PEAK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Geometry ---------------------------------------------------------------- */

/* The first value drawn: only the newest n_slots fit. */
static guint
first_shown (SluiceSparkline *self)
{
  return self->values->len > self->n_slots ? self->values->len - self->n_slots : 0;
}

static void
update_peak (SluiceSparkline *self)
{
  double peak = 0;

  for (guint i = first_shown (self); i < self->values->len; i++)
    peak = MAX (peak, g_array_index (self->values, double, i));

  if (peak == self->peak)
    return;

  self->peak = peak;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEAK]);
}

/* Bars are as wide as fit (at least one pixel), on whole pixels, and the
 * strip is right-aligned: the newest value is always at the right edge. */
static int
bar_step (SluiceSparkline *self,
          int              width)
{
  int step = self->n_slots > 0 ? width / (int) self->n_slots : 0;

  return MAX (step, 2);
}

gboolean
sluice_sparkline_get_bar_area (SluiceSparkline *self,
                               guint            index,
                               graphene_rect_t *area)
{
  int width, height, step, bar_width, slot, x, bar_height;
  double value;
  guint first;

  g_return_val_if_fail (SLUICE_IS_SPARKLINE (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  first = first_shown (self);
  if (index >= self->values->len || index < first || width <= 0 || height <= 0)
    return FALSE;

  step = bar_step (self, width);
  bar_width = MAX (step - BAR_GAP, 1);
  slot = (int) (self->values->len - 1 - index);  /* 0: the newest, at the right */
  x = width - (slot + 1) * step + (step - bar_width);
  if (x < 0)
    return FALSE;

  value = g_array_index (self->values, double, index);
  if (value <= 0 || self->peak <= 0)
    bar_height = 0;
  else
    bar_height = MAX ((int) lround (value / self->peak * height), 2);

  graphene_rect_init (area, x, height - bar_height, bar_width, bar_height);
  return TRUE;
}

/* Drawing ----------------------------------------------------------------- */

static void
sluice_sparkline_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SluiceSparkline *self = SLUICE_SPARKLINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA colour, older, baseline;

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colour);
  older = colour;
  older.alpha *= 0.55f;
  baseline = colour;
  baseline.alpha *= 0.18f;

  /* A hairline baseline: the strip reads as a chart even when all is
   * quiet, and zeros sit on it. */
  gtk_snapshot_append_color (snapshot, &baseline, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  for (guint i = first_shown (self); i < self->values->len; i++)
    {
      graphene_rect_t area;
      gboolean newest = i + 1 == self->values->len;

      if (sluice_sparkline_get_bar_area (self, i, &area) && area.size.height > 0)
        gtk_snapshot_append_color (snapshot, newest ? &colour : &older, &area);
    }
}

static void
sluice_sparkline_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SluiceSparkline *self = SLUICE_SPARKLINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) self->n_slots * 2;
      *natural = (int) self->n_slots * (BAR_WIDTH + BAR_GAP);
    }
  else
    {
      *minimum = 8;
      *natural = NATURAL_HEIGHT;
    }
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_sparkline_finalize (GObject *object)
{
  SluiceSparkline *self = SLUICE_SPARKLINE (object);

  g_clear_pointer (&self->values, g_array_unref);

  G_OBJECT_CLASS (sluice_sparkline_parent_class)->finalize (object);
}

static void
sluice_sparkline_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SluiceSparkline *self = SLUICE_SPARKLINE (object);

  switch (prop_id)
    {
    case PROP_N_SLOTS:
      g_value_set_uint (value, self->n_slots);
      break;
    case PROP_PEAK:
      g_value_set_double (value, self->peak);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_sparkline_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SluiceSparkline *self = SLUICE_SPARKLINE (object);

  switch (prop_id)
    {
    case PROP_N_SLOTS:
      sluice_sparkline_set_n_slots (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_sparkline_class_init (SluiceSparklineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sluice_sparkline_finalize;
  object_class->get_property = sluice_sparkline_get_property;
  object_class->set_property = sluice_sparkline_set_property;

  widget_class->snapshot = sluice_sparkline_snapshot;
  widget_class->measure = sluice_sparkline_measure;

  properties[PROP_N_SLOTS] =
    g_param_spec_uint ("n-slots", NULL, NULL, 1, 1000, DEFAULT_N_SLOTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEAK] =
    g_param_spec_double ("peak", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sluice_sparkline_init (SluiceSparkline *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->n_slots = DEFAULT_N_SLOTS;
}

GtkWidget *
sluice_sparkline_new (void)
{
  return g_object_new (SLUICE_TYPE_SPARKLINE, NULL);
}

void
sluice_sparkline_set_values (SluiceSparkline *self,
                             const double    *values,
                             guint            n_values)
{
  g_return_if_fail (SLUICE_IS_SPARKLINE (self));
  g_return_if_fail (values != NULL || n_values == 0);

  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n_values; i++)
    {
      /* A negative rate is a counter reset: show it as nothing happened. */
      double value = isfinite (values[i]) && values[i] > 0 ? values[i] : 0;

      g_array_append_val (self->values, value);
    }

  update_peak (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sluice_sparkline_get_n_values (SluiceSparkline *self)
{
  g_return_val_if_fail (SLUICE_IS_SPARKLINE (self), 0);
  return self->values->len;
}

double
sluice_sparkline_get_value (SluiceSparkline *self,
                            guint            index)
{
  g_return_val_if_fail (SLUICE_IS_SPARKLINE (self), 0);
  g_return_val_if_fail (index < self->values->len, 0);
  return g_array_index (self->values, double, index);
}

double
sluice_sparkline_get_peak (SluiceSparkline *self)
{
  g_return_val_if_fail (SLUICE_IS_SPARKLINE (self), 0);
  return self->peak;
}

guint
sluice_sparkline_get_n_slots (SluiceSparkline *self)
{
  g_return_val_if_fail (SLUICE_IS_SPARKLINE (self), DEFAULT_N_SLOTS);
  return self->n_slots;
}

void
sluice_sparkline_set_n_slots (SluiceSparkline *self,
                              guint            n_slots)
{
  g_return_if_fail (SLUICE_IS_SPARKLINE (self));
  g_return_if_fail (n_slots > 0);

  if (self->n_slots == n_slots)
    return;

  self->n_slots = n_slots;
  update_peak (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SLOTS]);
}
