/* sluice-plan-flame.c: the plan as an icicle chart of where the time goes
 *
 * Drawn with GtkSnapshot colour and text nodes only.  The boxes are laid
 * out once per plan (SluicePlanFlameLayout, in units of the root's width);
 * a frame maps them to pixels through the zoom and the two adjustments
 * and, row by row, binary-searches the first box in view, so that a plan
 * of 10,000 nodes costs what is on screen.  Runs of boxes narrower than a
 * pixel are drawn as one pixel column each, so that many small nodes (the
 * partitions under an Append) still show where they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "sluice-plan-flame.h"
#include "sluice-plan-format.h"

#define ROW_HEIGHT       24.f
#define BOX_GAP          1.f
#define MIN_BOX_WIDTH    1.f   /* narrower boxes merge into pixel columns */
#define MIN_LABEL_WIDTH  24.f
#define LABEL_PADDING    4.f
#define MAX_ZOOM         1e7
#define ZOOM_STEP        1.25

struct _SluicePlanFlame
{
  GtkWidget              parent_instance;

  SluicePlan            *plan;
  SluicePlanNode        *selected_node;
  SluicePlanFlameLayout *layout;

  GtkAdjustment         *hadjustment;
  GtkAdjustment         *vadjustment;
  guint                  hscroll_policy : 1;
  guint                  vscroll_policy : 1;

  double                 zoom;
  double                 gesture_start_zoom;
  double                 pointer_x;
  double                 pointer_y;
  guint                  hover_node;      /* G_MAXUINT: none */
  guint                  n_drawn;
  gboolean               reveal_pending;  /* selected while not allocated */
};

static void sluice_plan_flame_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SluicePlanFlame, sluice_plan_flame, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, sluice_plan_flame_scrollable_init))

enum {
  PROP_0,
  PROP_PLAN,
  PROP_SELECTED_NODE,
  PROP_ZOOM,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

static void
sluice_plan_flame_scrollable_init (GtkScrollableInterface *iface)
{
}

/* Geometry ---------------------------------------------------------------- */

static double
get_content_width (SluicePlanFlame *self)
{
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1) * self->zoom;
}

static double
get_content_height (SluicePlanFlame *self)
{
  return sluice_plan_flame_layout_get_n_rows (self->layout) * ROW_HEIGHT;
}

static double
get_hvalue (SluicePlanFlame *self)
{
  return self->hadjustment != NULL ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static double
get_vvalue (SluicePlanFlame *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static void
configure_adjustments (SluicePlanFlame *self,
                       double           hvalue,
                       double           vvalue)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double content_width = get_content_width (self);
  double content_height = get_content_height (self);

  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment,
                              CLAMP (hvalue, 0, MAX (content_width - width, 0)),
                              0, MAX (content_width, width),
                              width * 0.1, width * 0.9, width);
  if (self->vadjustment != NULL)
    gtk_adjustment_configure (self->vadjustment,
                              CLAMP (vvalue, 0, MAX (content_height - height, 0)),
                              0, MAX (content_height, height),
                              ROW_HEIGHT, height * 0.9, height);
}

/* The box of @node in widget coordinates, however narrow or far. */
static gboolean
compute_box_rect (SluicePlanFlame          *self,
                  const SluicePlanFlameBox *box,
                  graphene_rect_t          *rect)
{
  double content_width = get_content_width (self);

  if (box == NULL)
    return FALSE;

  graphene_rect_init (rect,
                      box->x * content_width - get_hvalue (self),
                      box->depth * ROW_HEIGHT - get_vvalue (self),
                      box->width * content_width,
                      ROW_HEIGHT);
  return TRUE;
}

static guint
box_index_at (SluicePlanFlame *self,
              double           x,
              double           y)
{
  double content_y = y + get_vvalue (self);
  double content_x = x + get_hvalue (self);

  if (self->plan == NULL || content_y < 0 || x < 0 || x >= gtk_widget_get_width (GTK_WIDGET (self)))
    return G_MAXUINT;

  return sluice_plan_flame_layout_find_at (self->layout, (guint) (content_y / ROW_HEIGHT),
                                           content_x / get_content_width (self));
}

static guint
node_at (SluicePlanFlame *self,
         double           x,
         double           y)
{
  const SluicePlanFlameBox *box = sluice_plan_flame_layout_get_box (self->layout, box_index_at (self, x, y));

  return box != NULL ? box->node : G_MAXUINT;
}

/* Zoom and scroll ---------------------------------------------------------- */

static void
set_zoom_keeping (SluicePlanFlame *self,
                  double           zoom,
                  double           x)
{
  double old_content_width = get_content_width (self);
  double fraction = (get_hvalue (self) + x) / old_content_width;

  zoom = CLAMP (zoom, 1.0, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  configure_adjustments (self, fraction * get_content_width (self) - x, get_vvalue (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
scroll_row_into_view (SluicePlanFlame *self,
                      guint            depth)
{
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double top = depth * ROW_HEIGHT;
  double vvalue = get_vvalue (self);

  if (top < vvalue)
    vvalue = top;
  else if (top + ROW_HEIGHT > vvalue + height)
    vvalue = top + ROW_HEIGHT - height;
  configure_adjustments (self, get_hvalue (self), vvalue);
}

/* After a selection made elsewhere: bring the node's box into view,
 * zooming only when it is too narrow to find. */
static void
reveal_node (SluicePlanFlame *self,
             SluicePlanNode  *node)
{
  const SluicePlanFlameBox *box;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double content_width;
  double left, right;

  if (node == NULL)
    return;

  /* Hidden (the tree is shown): once it has a size. */
  self->reveal_pending = width <= 0;
  if (self->reveal_pending)
    return;

  box = sluice_plan_flame_layout_get_node_box (self->layout, sluice_plan_node_get_id (node));
  if (box == NULL)
    return;

  if (box->width * get_content_width (self) < MIN_LABEL_WIDTH * 2 && box->width > 0)
    set_zoom_keeping (self, MIN (MIN_LABEL_WIDTH * 4 / (box->width * width), MAX_ZOOM), 0);

  content_width = get_content_width (self);
  left = box->x * content_width;
  right = left + box->width * content_width;
  if (left < get_hvalue (self) || right > get_hvalue (self) + width)
    configure_adjustments (self, left - MAX (width - (right - left), 0) / 2, get_vvalue (self));

  scroll_row_into_view (self, box->depth);
}

void
sluice_plan_flame_zoom_to_node (SluicePlanFlame *self,
                                SluicePlanNode  *node)
{
  const SluicePlanFlameBox *box;

  g_return_if_fail (SLUICE_IS_PLAN_FLAME (self));
  g_return_if_fail (SLUICE_IS_PLAN_NODE (node));

  box = sluice_plan_flame_layout_get_node_box (self->layout, sluice_plan_node_get_id (node));
  if (box == NULL || box->width <= 0)
    return;

  self->zoom = CLAMP (1.0 / box->width, 1.0, MAX_ZOOM);
  configure_adjustments (self, box->x * get_content_width (self), get_vvalue (self));
  scroll_row_into_view (self, box->depth);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
sluice_plan_flame_reset_zoom (SluicePlanFlame *self)
{
  g_return_if_fail (SLUICE_IS_PLAN_FLAME (self));

  self->zoom = 1.0;
  configure_adjustments (self, 0, get_vvalue (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
sluice_plan_flame_zoom_at (SluicePlanFlame *self,
                           double           factor,
                           double           x)
{
  g_return_if_fail (SLUICE_IS_PLAN_FLAME (self));
  g_return_if_fail (factor > 0);

  set_zoom_keeping (self, self->zoom * factor, x);
}

/* Drawing ----------------------------------------------------------------- */

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
get_text_colour (guint     heat,
                 gboolean  dark,
                 GdkRGBA  *colour)
{
  /* Dark text on the light boxes, light text on red and on dark boxes. */
  if (dark || heat >= SLUICE_PLAN_N_HEAT_LEVELS - 1)
    *colour = (GdkRGBA) { 1, 1, 1, 0.95f };
  else
    *colour = (GdkRGBA) { 0, 0, 0, 0.85f };
}

static void
append_label (SluicePlanFlame *self,
              GtkSnapshot     *snapshot,
              PangoLayout     *pango_layout,
              const SluicePlanFlameBox *box,
              const graphene_rect_t *rect,
              gboolean         dark)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  float left = MAX (rect->origin.x, 0) + LABEL_PADDING;
  float right = MIN (rect->origin.x + rect->size.width, width) - LABEL_PADDING;
  const char *text;
  GdkRGBA colour;
  int text_height;

  if (right - left < MIN_LABEL_WIDTH - 2 * LABEL_PADDING)
    return;

  text = sluice_plan_flame_layout_get_label (self->layout, box->node);
  pango_layout_set_text (pango_layout, text, -1);
  pango_layout_set_width (pango_layout, (int) ((right - left) * PANGO_SCALE));
  pango_layout_get_pixel_size (pango_layout, NULL, &text_height);
  get_text_colour (box->heat, dark, &colour);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (roundf (left),
                                                          roundf (rect->origin.y + (ROW_HEIGHT - BOX_GAP - text_height) / 2)));
  gtk_snapshot_append_layout (snapshot, pango_layout, &colour);
  gtk_snapshot_restore (snapshot);
}

static void
append_outline (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GdkRGBA         *colour,
                float                  thickness)
{
  GskRoundedRect outline;
  float widths[4] = { thickness, thickness, thickness, thickness };
  GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&outline, rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colours);
}

static void
snapshot_row (SluicePlanFlame *self,
              GtkSnapshot     *snapshot,
              PangoLayout     *pango_layout,
              guint            row,
              gboolean         dark,
              graphene_rect_t *selected_rect,
              gboolean        *selected_visible)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double content_width = get_content_width (self);
  double hvalue = get_hvalue (self);
  guint selected_id = self->selected_node != NULL ? sluice_plan_node_get_id (self->selected_node) : G_MAXUINT;
  guint first;
  guint n = sluice_plan_flame_layout_get_row (self->layout, row, &first);
  guint end = first + n;
  float y = row * ROW_HEIGHT - get_vvalue (self);
  guint index = sluice_plan_flame_layout_find_from (self->layout, row, hvalue / content_width);

  while (index < end)
    {
      const SluicePlanFlameBox *box = sluice_plan_flame_layout_get_box (self->layout, index);
      double x = box->x * content_width - hvalue;
      double box_width = box->width * content_width;
      graphene_rect_t rect;
      GdkRGBA colour;

      if (x >= width)
        break;

      if (box_width <= 0)
        {
          index++;
          continue;
        }

      sluice_plan_format_heat_colour (box->heat, dark, &colour);

      if (box_width < MIN_BOX_WIDTH)
        {
          /* One pixel column for this box and whatever else starts in it. */
          double column = floor (x);

          graphene_rect_init (&rect, column, y, 1, ROW_HEIGHT - BOX_GAP);
          colour.alpha = 0.6f;
          gtk_snapshot_append_color (snapshot, &colour, &rect);
          self->n_drawn++;
          index = MAX (index + 1,
                       sluice_plan_flame_layout_find_from (self->layout, row, (column + 1 + hvalue) / content_width));
          continue;
        }

      graphene_rect_init (&rect, x, y, box_width > 2 * BOX_GAP ? box_width - BOX_GAP : box_width,
                          ROW_HEIGHT - BOX_GAP);
      gtk_snapshot_append_color (snapshot, &colour, &rect);
      if (box->node == self->hover_node)
        gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, dark ? 0.15f : 0.35f }, &rect);
      if (box->node == selected_id)
        {
          *selected_rect = rect;
          *selected_visible = TRUE;
        }

      if (box_width >= MIN_LABEL_WIDTH)
        append_label (self, snapshot, pango_layout, box, &rect, dark);

      self->n_drawn++;
      index++;
    }
}

static void
sluice_plan_flame_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SluicePlanFlame *self = SLUICE_PLAN_FLAME (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  guint n_rows = sluice_plan_flame_layout_get_n_rows (self->layout);
  g_autoptr(PangoLayout) pango_layout = NULL;
  graphene_rect_t selected_rect;
  gboolean selected_visible = FALSE;
  gboolean dark = is_dark ();
  guint first_row, last_row;

  self->n_drawn = 0;
  if (self->plan == NULL || n_rows == 0 || width <= 0 || height <= 0)
    return;

  first_row = (guint) (get_vvalue (self) / ROW_HEIGHT);
  last_row = MIN ((guint) ((get_vvalue (self) + height) / ROW_HEIGHT), n_rows - 1);

  pango_layout = gtk_widget_create_pango_layout (widget, NULL);
  pango_layout_set_ellipsize (pango_layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (pango_layout, TRUE);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint row = first_row; row <= last_row; row++)
    snapshot_row (self, snapshot, pango_layout, row, dark, &selected_rect, &selected_visible);

  /* The selection last, so that no neighbour covers its outline. */
  if (selected_visible)
    {
      GdkRGBA outline;

      gtk_style_context_get_color (gtk_widget_get_style_context (widget), &outline);
      append_outline (snapshot, &selected_rect, &outline, 2);
    }
  gtk_snapshot_pop (snapshot);
}

/* Input ------------------------------------------------------------------- */

static void
set_hover (SluicePlanFlame *self,
           guint            node)
{
  if (self->hover_node == node)
    return;
  self->hover_node = node;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SluicePlanFlame          *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  set_hover (self, node_at (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          SluicePlanFlame          *self)
{
  set_hover (self, G_MAXUINT);
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            SluicePlanFlame *self)
{
  guint id = node_at (self, x, y);
  SluicePlanNode *node;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (id == G_MAXUINT)
    return;

  node = sluice_plan_get_node (self->plan, id);
  if (n_press == 1)
    sluice_plan_flame_set_selected_node (self, node);
  else if (n_press == 2)
    sluice_plan_flame_zoom_to_node (self, node);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SluicePlanFlame          *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  /* Without Ctrl, the scrolled window around us scrolls. */
  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;

  sluice_plan_flame_zoom_at (self, pow (ZOOM_STEP, -dy), self->pointer_x);
  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               SluicePlanFlame  *self)
{
  self->gesture_start_zoom = self->zoom;
}

static void
on_zoom_scale_changed (GtkGestureZoom  *gesture,
                       double           scale,
                       SluicePlanFlame *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  set_zoom_keeping (self, self->gesture_start_zoom * scale, x);
}

static gboolean
sluice_plan_flame_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_tooltip,
                                 GtkTooltip *tooltip)
{
  SluicePlanFlame *self = SLUICE_PLAN_FLAME (widget);
  guint id = keyboard_tooltip && self->selected_node != NULL
             ? sluice_plan_node_get_id (self->selected_node) : node_at (self, x, y);
  SluicePlanNode *node;
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;

  if (id == G_MAXUINT || self->plan == NULL)
    return FALSE;

  node = sluice_plan_get_node (self->plan, id);
  label = sluice_plan_format_node_label (node);

  if (sluice_plan_format_uses_time (self->plan))
    {
      g_autofree char *exclusive = sluice_plan_format_ms (sluice_plan_node_get_exclusive_ms (node));
      g_autofree char *inclusive = sluice_plan_format_ms (sluice_plan_node_get_inclusive_ms (node));
      g_autofree char *share = sluice_plan_format_share (sluice_plan_node_get_share (node));
      g_autofree char *rows = sluice_plan_format_count (sluice_plan_node_get_total_rows (node));

      /* Translators: a node of the plan graph: its name, then its own time
       * and share, its time with what runs below it, and the rows it gave. */
      text = g_strdup_printf (_("%s\nOwn time: %s (%s)\nWith the nodes below: %s\nRows: %s"),
                              label, exclusive, share, inclusive, rows);
    }
  else
    {
      g_autofree char *rows = sluice_plan_format_count (sluice_plan_node_get_plan_rows (node));

      /* Translators: a node of a plan without timing: its name, the
       * planner's cost and its estimated rows. */
      text = g_strdup_printf (_("%s\nCost: %.2f\nEstimated rows: %s"),
                              label, sluice_plan_node_get_total_cost (node), rows);
    }

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sluice_plan_flame_zoom_at (SLUICE_PLAN_FLAME (widget), ZOOM_STEP * ZOOM_STEP,
                             gtk_widget_get_width (widget) / 2.0);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  sluice_plan_flame_zoom_at (SLUICE_PLAN_FLAME (widget), 1 / (ZOOM_STEP * ZOOM_STEP),
                             gtk_widget_get_width (widget) / 2.0);
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  sluice_plan_flame_reset_zoom (SLUICE_PLAN_FLAME (widget));
}

static void
zoom_to_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SluicePlanFlame *self = SLUICE_PLAN_FLAME (widget);

  if (self->selected_node != NULL)
    sluice_plan_flame_zoom_to_node (self, self->selected_node);
}

/* Adjustments ------------------------------------------------------------- */

static void
on_adjustment_value_changed (SluicePlanFlame *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (SluicePlanFlame  *self,
                GtkAdjustment   **slot,
                GtkAdjustment    *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, on_adjustment_value_changed, self);
  g_set_object (slot, adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  configure_adjustments (self, get_hvalue (self), get_vvalue (self));
}

static void
sluice_plan_flame_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  SluicePlanFlame *self = SLUICE_PLAN_FLAME (widget);
  double upper = self->hadjustment != NULL ? gtk_adjustment_get_upper (self->hadjustment) : 0;
  double fraction = upper > 0 ? get_hvalue (self) / upper : 0;

  /* A new width keeps the same part of the plan at the left edge. */
  configure_adjustments (self, fraction * width * self->zoom, get_vvalue (self));

  if (self->reveal_pending && width > 0)
    reveal_node (self, self->selected_node);
}

static void
sluice_plan_flame_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  SluicePlanFlame *self = SLUICE_PLAN_FLAME (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 480;
    }
  else
    {
      guint n_rows = sluice_plan_flame_layout_get_n_rows (self->layout);

      *minimum = (int) (ROW_HEIGHT * 3);
      *natural = (int) (ROW_HEIGHT * CLAMP (n_rows, 3, 20));
    }
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_plan_flame_dispose (GObject *object)
{
  SluicePlanFlame *self = SLUICE_PLAN_FLAME (object);

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_value_changed, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->selected_node);
  g_clear_pointer (&self->layout, sluice_plan_flame_layout_free);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (sluice_plan_flame_parent_class)->dispose (object);
}

static void
sluice_plan_flame_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SluicePlanFlame *self = SLUICE_PLAN_FLAME (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_SELECTED_NODE:
      g_value_set_object (value, self->selected_node);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_flame_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SluicePlanFlame *self = SLUICE_PLAN_FLAME (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      sluice_plan_flame_set_plan (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_NODE:
      sluice_plan_flame_set_selected_node (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_flame_class_init (SluicePlanFlameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_plan_flame_dispose;
  object_class->get_property = sluice_plan_flame_get_property;
  object_class->set_property = sluice_plan_flame_set_property;

  widget_class->snapshot = sluice_plan_flame_snapshot;
  widget_class->measure = sluice_plan_flame_measure;
  widget_class->size_allocate = sluice_plan_flame_size_allocate;
  widget_class->query_tooltip = sluice_plan_flame_query_tooltip;

  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, SLUICE_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_NODE] =
    g_param_spec_object ("selected-node", NULL, NULL, SLUICE_TYPE_PLAN_NODE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 1.0, MAX_ZOOM, 1.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_install_action (widget_class, "flame.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "flame.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "flame.reset-zoom", NULL, reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "flame.zoom-to-selected", NULL, zoom_to_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "flame.reset-zoom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "flame.reset-zoom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "flame.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "flame.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "flame.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "flame.zoom-to-selected", NULL);

  gtk_widget_class_set_css_name (widget_class, "planflame");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sluice_plan_flame_init (SluicePlanFlame *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkGesture *zoom = gtk_gesture_zoom_new ();

  self->zoom = 1.0;
  self->hover_node = G_MAXUINT;
  self->layout = sluice_plan_flame_layout_new (NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (zoom, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
sluice_plan_flame_new (void)
{
  return g_object_new (SLUICE_TYPE_PLAN_FLAME, NULL);
}

SluicePlan *
sluice_plan_flame_get_plan (SluicePlanFlame *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_FLAME (self), NULL);
  return self->plan;
}

void
sluice_plan_flame_set_plan (SluicePlanFlame *self,
                            SluicePlan      *plan)
{
  g_return_if_fail (SLUICE_IS_PLAN_FLAME (self));
  g_return_if_fail (plan == NULL || SLUICE_IS_PLAN (plan));

  if (self->plan == plan)
    return;

  g_clear_object (&self->selected_node);
  g_set_object (&self->plan, plan);
  g_clear_pointer (&self->layout, sluice_plan_flame_layout_free);
  self->layout = sluice_plan_flame_layout_new (plan);
  self->hover_node = G_MAXUINT;
  self->zoom = 1.0;

  configure_adjustments (self, 0, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

SluicePlanNode *
sluice_plan_flame_get_selected_node (SluicePlanFlame *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_FLAME (self), NULL);
  return self->selected_node;
}

void
sluice_plan_flame_set_selected_node (SluicePlanFlame *self,
                                     SluicePlanNode  *node)
{
  g_return_if_fail (SLUICE_IS_PLAN_FLAME (self));
  g_return_if_fail (node == NULL || SLUICE_IS_PLAN_NODE (node));

  if (!g_set_object (&self->selected_node, node))
    return;

  reveal_node (self, node);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
}

double
sluice_plan_flame_get_zoom (SluicePlanFlame *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_FLAME (self), 1.0);
  return self->zoom;
}

const SluicePlanFlameLayout *
sluice_plan_flame_get_layout (SluicePlanFlame *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_FLAME (self), NULL);
  return self->layout;
}

SluicePlanNode *
sluice_plan_flame_get_node_at (SluicePlanFlame *self,
                               double           x,
                               double           y)
{
  guint id;

  g_return_val_if_fail (SLUICE_IS_PLAN_FLAME (self), NULL);

  id = node_at (self, x, y);
  return id != G_MAXUINT ? sluice_plan_get_node (self->plan, id) : NULL;
}

gboolean
sluice_plan_flame_get_node_area (SluicePlanFlame *self,
                                 SluicePlanNode  *node,
                                 graphene_rect_t *area)
{
  graphene_rect_t rect;
  graphene_rect_t bounds;

  g_return_val_if_fail (SLUICE_IS_PLAN_FLAME (self), FALSE);
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (node), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (!compute_box_rect (self, sluice_plan_flame_layout_get_node_box (self->layout, sluice_plan_node_get_id (node)), &rect))
    return FALSE;

  *area = rect;
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
  return rect.size.width >= MIN_BOX_WIDTH && graphene_rect_intersection (&rect, &bounds, NULL);
}

guint
sluice_plan_flame_get_n_drawn (SluicePlanFlame *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_FLAME (self), 0);
  return self->n_drawn;
}
