/* sluice-plan-node-cell.c: the plan tree's first cell, an expander and
 * the node's name, indented
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-plan-node-cell.h"

#define SPACING 4

struct _SluicePlanNodeCell
{
  GtkWidget  parent_instance;

  GtkWidget *expander;
  GtkWidget *label;
  int        indent;
};

G_DEFINE_FINAL_TYPE (SluicePlanNodeCell, sluice_plan_node_cell, GTK_TYPE_WIDGET)

static void
sluice_plan_node_cell_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  SluicePlanNodeCell *self = SLUICE_PLAN_NODE_CELL (widget);
  int expander_minimum, expander_natural, label_minimum, label_natural;

  gtk_widget_measure (self->expander, orientation, -1, &expander_minimum, &expander_natural, NULL, NULL);
  gtk_widget_measure (self->label, orientation, -1, &label_minimum, &label_natural, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = expander_minimum + SPACING + label_minimum;
      *natural = expander_natural + SPACING + label_natural;
    }
  else
    {
      *minimum = MAX (expander_minimum, label_minimum);
      *natural = MAX (expander_natural, label_natural);
    }
}

static void
sluice_plan_node_cell_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  SluicePlanNodeCell *self = SLUICE_PLAN_NODE_CELL (widget);
  int expander_width, expander_height, label_minimum, indent, x;

  gtk_widget_measure (self->expander, GTK_ORIENTATION_HORIZONTAL, -1, &expander_width, NULL, NULL, NULL);
  gtk_widget_measure (self->expander, GTK_ORIENTATION_VERTICAL, expander_width, &expander_height, NULL, NULL, NULL);
  gtk_widget_measure (self->label, GTK_ORIENTATION_HORIZONTAL, -1, &label_minimum, NULL, NULL, NULL);

  indent = MAX (0, MIN (self->indent, width - expander_width - SPACING - label_minimum));
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    {
      gtk_widget_size_allocate (self->expander,
                                &(GtkAllocation) { width - indent - expander_width, (height - expander_height) / 2,
                                                   expander_width, expander_height },
                                -1);
      x = indent + expander_width + SPACING;
      gtk_widget_size_allocate (self->label,
                                &(GtkAllocation) { 0, 0, MAX (label_minimum, width - x), height },
                                baseline);
      return;
    }

  gtk_widget_size_allocate (self->expander,
                            &(GtkAllocation) { indent, (height - expander_height) / 2, expander_width, expander_height },
                            -1);
  x = indent + expander_width + SPACING;
  gtk_widget_size_allocate (self->label, &(GtkAllocation) { x, 0, MAX (label_minimum, width - x), height }, baseline);
}

static void
sluice_plan_node_cell_dispose (GObject *object)
{
  SluicePlanNodeCell *self = SLUICE_PLAN_NODE_CELL (object);

  g_clear_pointer (&self->expander, gtk_widget_unparent);
  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (sluice_plan_node_cell_parent_class)->dispose (object);
}

static void
sluice_plan_node_cell_class_init (SluicePlanNodeCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_plan_node_cell_dispose;
  widget_class->measure = sluice_plan_node_cell_measure;
  widget_class->size_allocate = sluice_plan_node_cell_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "plannodecell");
}

static void
sluice_plan_node_cell_init (SluicePlanNodeCell *self)
{
  self->expander = gtk_image_new_from_icon_name ("pan-end-symbolic");
  gtk_widget_set_parent (self->expander, GTK_WIDGET (self));

  self->label = gtk_inscription_new (NULL);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
}

GtkWidget *
sluice_plan_node_cell_new (void)
{
  return g_object_new (SLUICE_TYPE_PLAN_NODE_CELL, NULL);
}

GtkImage *
sluice_plan_node_cell_get_expander (SluicePlanNodeCell *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE_CELL (self), NULL);
  return GTK_IMAGE (self->expander);
}

GtkInscription *
sluice_plan_node_cell_get_label (SluicePlanNodeCell *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE_CELL (self), NULL);
  return GTK_INSCRIPTION (self->label);
}

void
sluice_plan_node_cell_set_indent (SluicePlanNodeCell *self,
                                  int                 indent)
{
  g_return_if_fail (SLUICE_IS_PLAN_NODE_CELL (self));

  indent = MAX (indent, 0);
  if (self->indent == indent)
    return;

  self->indent = indent;
  /* Placed again, not measured again. */
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}
