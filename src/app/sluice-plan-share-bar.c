/* sluice-plan-share-bar.c: a small bar of a node's share of the plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sluice-plan-format.h"
#include "sluice-plan-share-bar.h"

#define BAR_WIDTH  44
#define BAR_HEIGHT 8
#define TEXT_GAP   8
/* "123.4 ms" */
#define NATURAL_TEXT_CHARS 9

struct _SluicePlanShareBar
{
  GtkWidget parent_instance;

  double    fraction;
  char     *text;

  /* The font's figures, for measuring: asking Pango for its metrics
   * shapes a sample text each time.  Kept until the widget's Pango
   * context changes (its serial says when). */
  guint     metrics_serial;
  int       digit_width;
  int       line_height;
};

G_DEFINE_FINAL_TYPE (SluicePlanShareBar, sluice_plan_share_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
append_rounded (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GdkRGBA         *colour)
{
  GskRoundedRect rounded;
  float radius = MIN (rect->size.height, rect->size.width) / 2;

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, colour, rect);
  gtk_snapshot_pop (snapshot);
}

static PangoLayout *
create_text_layout (SluicePlanShareBar *self)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
  PangoAttrList *attributes = pango_attr_list_new ();

  /* Figures in a column line up. */
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  return layout;
}

static void
sluice_plan_share_bar_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  SluicePlanShareBar *self = SLUICE_PLAN_SHARE_BAR (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float y = (height - BAR_HEIGHT) / 2;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA colour;
  GdkRGBA trough;
  GdkRGBA fill;
  float fill_width;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colour);
  trough = colour;
  trough.alpha *= 0.12f;
  append_rounded (snapshot, &GRAPHENE_RECT_INIT (0, y, BAR_WIDTH, BAR_HEIGHT), &trough);

  if (self->fraction > 0)
    {
      /* Whatever took any time at all shows as a sliver. */
      fill_width = MAX (BAR_WIDTH * (float) self->fraction, BAR_HEIGHT / 2.f);
      sluice_plan_format_heat_colour (sluice_plan_format_heat_level (self->fraction), dark, &fill);
      append_rounded (snapshot, &GRAPHENE_RECT_INIT (0, y, MIN (fill_width, BAR_WIDTH), BAR_HEIGHT), &fill);
    }

  if (self->text != NULL && *self->text != '\0')
    {
      g_autoptr(PangoLayout) layout = create_text_layout (self);
      int text_width, text_height;

      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MAX (width - text_width, BAR_WIDTH + TEXT_GAP),
                                                              floorf ((height - text_height) / 2)));
      gtk_snapshot_append_layout (snapshot, layout, &colour);
      gtk_snapshot_restore (snapshot);
    }
}

static void
sluice_plan_share_bar_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  SluicePlanShareBar *self = SLUICE_PLAN_SHARE_BAR (widget);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  int digit, line;

  /* From the font's metrics, not from laying the text out: bars are cells
   * of a tree that binds a screenful of rows a frame as it scrolls. */
  if (self->metrics_serial == 0 || self->metrics_serial != pango_context_get_serial (context))
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

      self->digit_width = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_digit_width (metrics));
      self->line_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
      self->metrics_serial = pango_context_get_serial (context);
      pango_font_metrics_unref (metrics);
    }
  digit = self->digit_width;
  line = self->line_height;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = BAR_WIDTH;
      *natural = BAR_WIDTH + TEXT_GAP + NATURAL_TEXT_CHARS * digit;
    }
  else
    {
      *minimum = *natural = MAX (BAR_HEIGHT, line);
    }
}

static void
sluice_plan_share_bar_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SluicePlanShareBar *self = SLUICE_PLAN_SHARE_BAR (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_share_bar_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SluicePlanShareBar *self = SLUICE_PLAN_SHARE_BAR (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      sluice_plan_share_bar_set_fraction (self, g_value_get_double (value));
      break;
    case PROP_TEXT:
      sluice_plan_share_bar_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_share_bar_finalize (GObject *object)
{
  SluicePlanShareBar *self = SLUICE_PLAN_SHARE_BAR (object);

  g_free (self->text);

  G_OBJECT_CLASS (sluice_plan_share_bar_parent_class)->finalize (object);
}

static void
sluice_plan_share_bar_class_init (SluicePlanShareBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sluice_plan_share_bar_finalize;
  object_class->get_property = sluice_plan_share_bar_get_property;
  object_class->set_property = sluice_plan_share_bar_set_property;

  widget_class->snapshot = sluice_plan_share_bar_snapshot;
  widget_class->measure = sluice_plan_share_bar_measure;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "sharebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
sluice_plan_share_bar_init (SluicePlanShareBar *self)
{
}

GtkWidget *
sluice_plan_share_bar_new (void)
{
  return g_object_new (SLUICE_TYPE_PLAN_SHARE_BAR, NULL);
}

double
sluice_plan_share_bar_get_fraction (SluicePlanShareBar *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_SHARE_BAR (self), 0);
  return self->fraction;
}

void
sluice_plan_share_bar_set_fraction (SluicePlanShareBar *self,
                                    double              fraction)
{
  g_return_if_fail (SLUICE_IS_PLAN_SHARE_BAR (self));

  fraction = CLAMP (fraction, 0, 1);
  if (self->fraction == fraction)
    return;

  self->fraction = fraction;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, fraction * 100, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

const char *
sluice_plan_share_bar_get_text (SluicePlanShareBar *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_SHARE_BAR (self), NULL);
  return self->text;
}

void
sluice_plan_share_bar_set_text (SluicePlanShareBar *self,
                                const char         *text)
{
  g_return_if_fail (SLUICE_IS_PLAN_SHARE_BAR (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  /* The size comes from the font, not from the text: a redraw will do.
   * (A resize would have the tree measure its rows again each time one
   * is bound as it scrolls.) */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}
