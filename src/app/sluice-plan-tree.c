/* sluice-plan-tree.c: the plan as a tree with a column per figure
 *
 * The expander is our own rather than GtkTreeExpander: GTK 4.8's adds one
 * indent widget per level to every row, which a plan thousands of levels
 * deep (psql's text allows it) would turn into millions of widgets.  Ours
 * is a margin, capped, and a button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-plan-format.h"
#include "sluice-plan-node-cell.h"
#include "sluice-plan-node-list.h"
#include "sluice-plan-share-bar.h"
#include "sluice-plan-tree.h"

/* Expanded on display: every level of any real plan. */
#define AUTO_EXPAND_DEPTH 64
/* Indentation stops growing past this depth, and says so. */
#define MAX_INDENT_DEPTH  24
#define INDENT_PX         12

struct _SluicePlanTree
{
  GtkWidget           parent_instance;

  SluicePlan         *plan;
  SluicePlanNode     *selected_node;
  GtkTreeListModel   *rows;
  GtkSingleSelection *selection;
  gboolean            selecting;

  GtkScrolledWindow  *scroller;
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (SluicePlanTree, sluice_plan_tree, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAN,
  PROP_SELECTED_NODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The model ---------------------------------------------------------------- */

static gboolean
node_has_children (SluicePlanNode *node)
{
  GPtrArray *children = sluice_plan_node_get_children (node);

  return children != NULL && children->len > 0;
}

static GListModel *
create_child_model (gpointer item,
                    gpointer user_data)
{
  SluicePlanNode *node = item;
  GPtrArray *children = sluice_plan_node_get_children (node);

  if (children == NULL || children->len == 0)
    return NULL;

  return G_LIST_MODEL (sluice_plan_node_list_new ((SluicePlanNode * const *) children->pdata, children->len));
}

/* Expands row by row rather than with the model's autoexpand, which
 * recurses once per level. */
static void
expand_rows (GtkTreeListModel *rows,
             guint             max_depth)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rows)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (rows, i);
      g_autoptr(SluicePlanNode) node = NULL;

      if (row == NULL || gtk_tree_list_row_get_depth (row) >= max_depth)
        continue;

      node = gtk_tree_list_row_get_item (row);
      if (node_has_children (node) && !gtk_tree_list_row_get_expanded (row))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static SluicePlanNode *
get_row_node (GtkTreeListRow *row)
{
  g_autoptr(SluicePlanNode) node = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

  /* The plan keeps its nodes alive. */
  return node;
}

static guint
index_in_parent (SluicePlanNode *node)
{
  SluicePlanNode *parent = sluice_plan_node_get_parent (node);
  GPtrArray *siblings = parent != NULL ? sluice_plan_node_get_children (parent) : NULL;
  guint index = 0;

  if (siblings != NULL && g_ptr_array_find (siblings, node, &index))
    return index;
  return 0;
}

/* The row of @node, expanding its ancestors; its position, or
 * GTK_INVALID_LIST_POSITION. */
static guint
reveal_node (SluicePlanTree *self,
             SluicePlanNode *node)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  g_autoptr(GtkTreeListRow) row = NULL;

  if (self->rows == NULL || node == NULL)
    return GTK_INVALID_LIST_POSITION;

  for (SluicePlanNode *up = node; up != NULL; up = sluice_plan_node_get_parent (up))
    g_ptr_array_add (path, up);

  row = gtk_tree_list_model_get_row (self->rows, 0);
  if (row == NULL || get_row_node (row) != g_ptr_array_index (path, path->len - 1))
    return GTK_INVALID_LIST_POSITION;

  for (guint i = path->len - 1; i > 0; i--)
    {
      SluicePlanNode *child = g_ptr_array_index (path, i - 1);
      GtkTreeListRow *child_row;

      gtk_tree_list_row_set_expanded (row, TRUE);
      child_row = gtk_tree_list_row_get_child_row (row, index_in_parent (child));
      if (child_row == NULL)
        return GTK_INVALID_LIST_POSITION;
      g_object_unref (row);
      row = child_row;
    }

  return gtk_tree_list_row_get_position (row);
}

static GtkWidget *
find_list_view (SluicePlanTree *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;

  return NULL;
}

static void
scroll_to_position (SluicePlanTree *self,
                    guint           position)
{
  GtkWidget *list_view = find_list_view (self);

  /* GTK 4.8 has no gtk_column_view_scroll_to(): its list's own action. */
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

/* Cells --------------------------------------------------------------------
 *
 * Tooltips are asked for when shown ("query-tooltip"), never set on bind:
 * in GTK 4.8 setting one queries the pointer on the display, a round trip
 * per cell that made scrolling stall. */

typedef enum
{
  COLUMN_NODE,
  COLUMN_TIME,
  COLUMN_SHARE,
  COLUMN_ROWS,
  COLUMN_LOOPS,
  COLUMN_BUFFERS,
} Column;

static char *
describe_cell (SluicePlanTree *self,
               Column          column,
               GtkTreeListRow *row,
               SluicePlanNode *node)
{
  switch (column)
    {
    case COLUMN_NODE:
      {
        g_autofree char *label = sluice_plan_format_node_label (node);
        guint depth = gtk_tree_list_row_get_depth (row);

        if (depth <= MAX_INDENT_DEPTH)
          return g_steal_pointer (&label);
        /* Translators: a tooltip of a node nested deeper than the tree
         * indents: the node, then its level. */
        return g_strdup_printf (_("%s\nLevel %u of the plan"), label, depth);
      }

    case COLUMN_TIME:
      if (sluice_plan_format_uses_time (self->plan))
        {
          g_autofree char *inclusive = sluice_plan_format_ms (sluice_plan_node_get_inclusive_ms (node));

          /* Translators: a tooltip: the node's time including the nodes below it. */
          return g_strdup_printf (_("%s with the nodes below it"), inclusive);
        }
      return g_strdup (_("No timing: the bar shows the node’s share of the planner’s cost"));

    case COLUMN_ROWS:
      if (sluice_plan_node_has_actuals (node))
        {
          g_autofree char *actual = sluice_plan_format_count (sluice_plan_node_get_actual_rows (node));
          g_autofree char *estimated = sluice_plan_format_count (sluice_plan_node_get_plan_rows (node));

          /* Translators: a tooltip of the rows column. */
          return g_strdup_printf (_("%s rows per loop; the planner estimated %s"), actual, estimated);
        }
      return g_strdup (_("Estimated rows per loop (the plan has no ANALYZE figures)"));

    case COLUMN_BUFFERS:
      if (sluice_plan_node_has_buffers (node))
        return g_strdup (_("Shared blocks of this node alone: found in the cache, and read"));
      return NULL;

    case COLUMN_SHARE:
    case COLUMN_LOOPS:
    default:
      return NULL;
    }
}

static gboolean
on_query_cell_tooltip (GtkWidget   *widget,
                       int          x,
                       int          y,
                       gboolean     keyboard,
                       GtkTooltip  *tooltip,
                       GtkListItem *list_item)
{
  SluicePlanTree *self = g_object_get_data (G_OBJECT (widget), "tree");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "column"));
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(SluicePlanNode) node = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
  g_autofree char *text = NULL;

  if (node == NULL || self->plan == NULL)
    return FALSE;

  text = describe_cell (self, column, row, node);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
set_cell_child (SluicePlanTree *self,
                GtkListItem    *list_item,
                GtkWidget      *child,
                Column          column)
{
  g_object_set_data (G_OBJECT (child), "tree", self);
  g_object_set_data (G_OBJECT (child), "column", GINT_TO_POINTER (column));
  gtk_widget_set_has_tooltip (child, TRUE);
  g_signal_connect (child, "query-tooltip", G_CALLBACK (on_query_cell_tooltip), list_item);
  gtk_list_item_set_child (list_item, child);
}

/* Cells are GtkInscriptions, made for this: their size comes from a
 * number of characters, not from laying their text out, so a frame that
 * binds a screenful of rows does not shape every text several times. */
static GtkWidget *
new_number_cell (void)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 3);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), 10);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (inscription, "numeric");
  return inscription;
}

static void
set_cell_heat (GtkWidget      *child,
               SluicePlanTree *self,
               SluicePlanNode *node)
{
  GtkWidget *cell = gtk_widget_get_parent (child);
  guint level = node != NULL ? sluice_plan_format_heat_level (sluice_plan_format_node_share (self->plan, node)) : 0;

  /* The tint goes on the cell, so that every column of a row shares it.
   * A cell holds one level's class at a time: most rows bound while the
   * tree scrolls keep theirs, and are left alone. */
  if (cell != NULL && !gtk_widget_has_css_class (cell, sluice_plan_format_heat_class (level)))
    sluice_plan_format_set_heat (cell, level);
}

static void
update_expander (GtkTreeListRow *row,
                 GParamSpec     *pspec,
                 GtkWidget      *expander)
{
  gboolean expanded = gtk_tree_list_row_get_expanded (row);
  const char *icon = expanded ? "pan-down-symbolic" : "pan-end-symbolic";

  /* A leaf's expander is hidden: leave its icon be.  Setting an icon,
   * even the same one, has the image measured again, and with it the
   * row, for each row bound while the tree scrolls. */
  if (gtk_tree_list_row_is_expandable (row) &&
      g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (expander)), icon) != 0)
    gtk_image_set_from_icon_name (GTK_IMAGE (expander), icon);
  gtk_accessible_update_state (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
}

static void
on_expander_pressed (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     GtkWidget       *expander)
{
  GtkTreeListRow *row = g_object_get_data (G_OBJECT (expander), "row");

  if (row == NULL || !gtk_tree_list_row_is_expandable (row))
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

/* The node in one label: what it is for (an InitPlan, a CTE), in small
 * bold; its type in bold; what it works on, dimmed.  One label rather than
 * three: rows are made and bound by the dozen as the tree scrolls. */
static void
set_node_text (GtkInscription *inscription,
               SluicePlanNode *node)
{
  const char *title = sluice_plan_node_get_title (node);
  const char *subplan = sluice_plan_node_get_subplan_name (node);
  g_autofree char *full = sluice_plan_node_dup_label (node);
  g_autoptr(GString) text = g_string_new (NULL);
  PangoAttrList *attributes = pango_attr_list_new ();
  PangoAttribute *attribute;
  const char *detail = "";
  guint start;

  if (title == NULL || !g_str_has_prefix (full, title))
    title = full;
  else
    detail = full + strlen (title);

  if (subplan != NULL && *subplan != '\0')
    {
      g_string_append (text, subplan);
      attribute = pango_attr_scale_new (PANGO_SCALE_SMALL);
      attribute->start_index = 0;
      attribute->end_index = text->len;
      pango_attr_list_insert (attributes, attribute);
      attribute = pango_attr_foreground_alpha_new (G_MAXUINT16 * 0.7);
      attribute->start_index = 0;
      attribute->end_index = text->len;
      pango_attr_list_insert (attributes, attribute);
      g_string_append (text, "  ");
    }

  start = text->len;
  g_string_append (text, title);
  attribute = pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD);
  attribute->start_index = start;
  attribute->end_index = text->len;
  pango_attr_list_insert (attributes, attribute);

  start = text->len;
  g_string_append (text, detail);
  attribute = pango_attr_foreground_alpha_new (G_MAXUINT16 * 0.6);
  attribute->start_index = start;
  attribute->end_index = text->len;
  pango_attr_list_insert (attributes, attribute);

  gtk_inscription_set_text (inscription, text->str);
  gtk_inscription_set_attributes (inscription, attributes);
  pango_attr_list_unref (attributes);
}

static void
setup_node_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 SluicePlanTree           *self)
{
  GtkWidget *cell = sluice_plan_node_cell_new ();
  GtkWidget *expander = GTK_WIDGET (sluice_plan_node_cell_get_expander (SLUICE_PLAN_NODE_CELL (cell)));
  GtkInscription *label = sluice_plan_node_cell_get_label (SLUICE_PLAN_NODE_CELL (cell));
  GtkGesture *click = gtk_gesture_click_new ();

  /* Rows are open unless closed by hand: starting with the open icon
   * spares the first bind of every row an icon change, which has the
   * image, its row and the whole window measured again. */
  gtk_image_set_from_icon_name (GTK_IMAGE (expander), "pan-down-symbolic");
  gtk_widget_add_css_class (expander, "plan-expander");
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show or hide the nodes below"), -1);
  g_signal_connect (click, "pressed", G_CALLBACK (on_expander_pressed), expander);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (click));

  gtk_inscription_set_text_overflow (label, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (label, 12);
  gtk_inscription_set_nat_chars (label, 40);

  set_cell_child (self, list_item, cell, COLUMN_NODE);
}

static void
bind_node_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                SluicePlanTree           *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  SluicePlanNode *node = get_row_node (row);
  GtkWidget *expander = GTK_WIDGET (sluice_plan_node_cell_get_expander (SLUICE_PLAN_NODE_CELL (cell)));
  guint depth = gtk_tree_list_row_get_depth (row);
  gboolean expandable = node_has_children (node);

  sluice_plan_node_cell_set_indent (SLUICE_PLAN_NODE_CELL (cell), MIN (depth, MAX_INDENT_DEPTH) * INDENT_PX);
  gtk_widget_set_opacity (expander, expandable ? 1.0 : 0.0);
  g_object_set_data (G_OBJECT (expander), "row", row);
  update_expander (row, NULL, expander);
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (update_expander), expander, 0);

  set_node_text (sluice_plan_node_cell_get_label (SLUICE_PLAN_NODE_CELL (cell)), node);
  set_cell_heat (cell, self, node);
}

static void
unbind_node_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  SluicePlanTree           *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  GtkWidget *expander = GTK_WIDGET (sluice_plan_node_cell_get_expander (SLUICE_PLAN_NODE_CELL (cell)));
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, update_expander, expander);
  g_object_set_data (G_OBJECT (expander), "row", NULL);
}

static void
setup_time_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 SluicePlanTree           *self)
{
  set_cell_child (self, list_item, sluice_plan_share_bar_new (), COLUMN_TIME);
}

static void
bind_time_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                SluicePlanTree           *self)
{
  GtkWidget *bar = gtk_list_item_get_child (list_item);
  SluicePlanNode *node = get_row_node (gtk_list_item_get_item (list_item));
  g_autofree char *text = NULL;

  if (sluice_plan_format_uses_time (self->plan))
    text = sluice_plan_format_ms (sluice_plan_node_get_exclusive_ms (node));

  sluice_plan_share_bar_set_fraction (SLUICE_PLAN_SHARE_BAR (bar), sluice_plan_format_node_share (self->plan, node));
  sluice_plan_share_bar_set_text (SLUICE_PLAN_SHARE_BAR (bar), text != NULL ? text : "—");
  set_cell_heat (bar, self, node);
}

static void
setup_share_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  SluicePlanTree           *self)
{
  set_cell_child (self, list_item, new_number_cell (), COLUMN_SHARE);
}

static void
setup_loops_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  SluicePlanTree           *self)
{
  set_cell_child (self, list_item, new_number_cell (), COLUMN_LOOPS);
}

static void
setup_buffers_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    SluicePlanTree           *self)
{
  set_cell_child (self, list_item, new_number_cell (), COLUMN_BUFFERS);
}

static void
bind_share_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 SluicePlanTree           *self)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  SluicePlanNode *node = get_row_node (gtk_list_item_get_item (list_item));
  g_autofree char *text = sluice_plan_format_share (sluice_plan_format_node_share (self->plan, node));

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  set_cell_heat (label, self, node);
}

static void
setup_rows_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 SluicePlanTree           *self)
{
  set_cell_child (self, list_item, new_number_cell (), COLUMN_ROWS);
}

/* "1.2k / 10  ↑ 123x": rows per loop, the estimate, and how far off it
 * was, in red from 10x. */
static void
bind_rows_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                SluicePlanTree           *self)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  SluicePlanNode *node = get_row_node (gtk_list_item_get_item (list_item));
  g_autofree char *estimated = sluice_plan_format_count_short (sluice_plan_node_get_plan_rows (node));
  g_autofree char *misestimate = sluice_plan_format_misestimate (node);
  g_autofree char *rows = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  PangoAttrList *attributes = pango_attr_list_new ();

  if (sluice_plan_node_has_actuals (node))
    {
      g_autofree char *actual = sluice_plan_format_count_short (sluice_plan_node_get_actual_rows (node));

      /* Translators: rows that came, then rows the planner estimated (per loop). */
      rows = g_strdup_printf (_("%s / %s"), actual, estimated);
    }
  else
    {
      /* Translators: no actual rows (no ANALYZE), then the estimate. */
      rows = g_strdup_printf (_("— / %s"), estimated);
    }
  g_string_append (text, rows);

  if (misestimate != NULL)
    {
      gboolean bad = sluice_plan_node_get_misestimate (node) >= 10;
      guint start = text->len + 2;
      PangoAttribute *attribute;

      g_string_append_printf (text, "  %s", misestimate);
      attribute = pango_attr_scale_new (PANGO_SCALE_SMALL);
      attribute->start_index = start;
      attribute->end_index = text->len;
      pango_attr_list_insert (attributes, attribute);
      if (bad)
        {
          gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

          /* GNOME's red, as @error_color is in each style. */
          attribute = dark ? pango_attr_foreground_new (0xffff, 0x7b7b, 0x6363)
                           : pango_attr_foreground_new (0xc0c0, 0x1c1c, 0x2828);
          attribute->start_index = start;
          attribute->end_index = text->len;
          pango_attr_list_insert (attributes, attribute);
          attribute = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
        }
      else
        {
          attribute = pango_attr_foreground_alpha_new (G_MAXUINT16 * 0.7);
        }
      attribute->start_index = start;
      attribute->end_index = text->len;
      pango_attr_list_insert (attributes, attribute);
    }

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text->str);
  gtk_inscription_set_attributes (GTK_INSCRIPTION (label), attributes);
  pango_attr_list_unref (attributes);
  set_cell_heat (label, self, node);
}

static void
bind_loops_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 SluicePlanTree           *self)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  SluicePlanNode *node = get_row_node (gtk_list_item_get_item (list_item));
  g_autofree char *text = NULL;

  if (sluice_plan_node_has_actuals (node))
    text = sluice_plan_format_count_short (sluice_plan_node_get_actual_loops (node));
  gtk_inscription_set_text (GTK_INSCRIPTION (label), text != NULL ? text : "—");
  set_cell_heat (label, self, node);
}

static void
bind_buffers_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   SluicePlanTree           *self)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  SluicePlanNode *node = get_row_node (gtk_list_item_get_item (list_item));
  g_autofree char *text = NULL;

  if (sluice_plan_node_has_buffers (node))
    text = sluice_plan_format_buffers_short (sluice_plan_node_get_exclusive_buffers (node));
  gtk_inscription_set_text (GTK_INSCRIPTION (label), text != NULL ? text : "—");
  set_cell_heat (label, self, node);
}

typedef void (*CellFunc) (GtkSignalListItemFactory *, GtkListItem *, SluicePlanTree *);

static void
add_column (SluicePlanTree *self,
            const char     *title,
            CellFunc        setup,
            CellFunc        bind,
            CellFunc        unbind,
            int             fixed_width,
            gboolean        expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind), self);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", G_CALLBACK (unbind), self);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  gtk_column_view_append_column (self->column_view, column);
}

static void
create_columns (SluicePlanTree *self)
{
  /* A fixed width (that still grows with the window): otherwise the view
   * measures every visible name again whenever a row comes into view. */
  add_column (self, _("Node"), setup_node_cell, bind_node_cell, unbind_node_cell, 260, TRUE);
  add_column (self, _("Own Time"), setup_time_cell, bind_time_cell, NULL, 124, FALSE);
  add_column (self, _("Share"), setup_share_cell, bind_share_cell, NULL, 64, FALSE);
  add_column (self, _("Rows / Estimated"), setup_rows_cell, bind_rows_cell, NULL, 128, FALSE);
  add_column (self, _("Loops"), setup_loops_cell, bind_loops_cell, NULL, 56, FALSE);
  add_column (self, _("Hit / Read"), setup_buffers_cell, bind_buffers_cell, NULL, 110, FALSE);
}

/* Selection ----------------------------------------------------------------- */

static void
on_selection_changed (SluicePlanTree *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  SluicePlanNode *node = get_row_node (row);

  if (self->selecting || node == self->selected_node)
    return;

  g_set_object (&self->selected_node, node);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
}

static gboolean
set_selected_expanded (SluicePlanTree *self,
                       gboolean        expanded)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);

  if (row == NULL || !gtk_tree_list_row_is_expandable (row))
    return FALSE;
  gtk_tree_list_row_set_expanded (row, expanded);
  return TRUE;
}

static gboolean
expand_selected (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  return set_selected_expanded (user_data, TRUE);
}

static gboolean
collapse_selected (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  return set_selected_expanded (user_data, FALSE);
}

static void
add_key_shortcuts (SluicePlanTree *self)
{
  static const struct { guint key; gboolean expand; } keys[] = {
    { GDK_KEY_plus, TRUE }, { GDK_KEY_KP_Add, TRUE }, { GDK_KEY_Right, TRUE },
    { GDK_KEY_minus, FALSE }, { GDK_KEY_KP_Subtract, FALSE }, { GDK_KEY_Left, FALSE },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcutAction *action = gtk_callback_action_new (keys[i].expand ? expand_selected : collapse_selected,
                                                           self, NULL);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, 0), action));
    }

  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);
}

/* GObject ------------------------------------------------------------------- */

static void
sluice_plan_tree_dispose (GObject *object)
{
  SluicePlanTree *self = SLUICE_PLAN_TREE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->selected_node);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (sluice_plan_tree_parent_class)->dispose (object);
}

static void
sluice_plan_tree_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SluicePlanTree *self = SLUICE_PLAN_TREE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_SELECTED_NODE:
      g_value_set_object (value, self->selected_node);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_tree_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SluicePlanTree *self = SLUICE_PLAN_TREE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      sluice_plan_tree_set_plan (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_NODE:
      sluice_plan_tree_set_selected_node (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_tree_class_init (SluicePlanTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_plan_tree_dispose;
  object_class->get_property = sluice_plan_tree_get_property;
  object_class->set_property = sluice_plan_tree_set_property;

  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, SLUICE_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_NODE] =
    g_param_spec_object ("selected-node", NULL, NULL, SLUICE_TYPE_PLAN_NODE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plantree");
}

static void
sluice_plan_tree_init (SluicePlanTree *self)
{
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (g_object_ref (GTK_SELECTION_MODEL (self->selection))));
  gtk_column_view_set_show_column_separators (self->column_view, FALSE);
  gtk_column_view_set_reorderable (self->column_view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "plan-tree");
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  create_columns (self);
  add_key_shortcuts (self);

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->column_view));
  gtk_widget_set_parent (GTK_WIDGET (self->scroller), GTK_WIDGET (self));
}

GtkWidget *
sluice_plan_tree_new (void)
{
  return g_object_new (SLUICE_TYPE_PLAN_TREE, NULL);
}

SluicePlan *
sluice_plan_tree_get_plan (SluicePlanTree *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_TREE (self), NULL);
  return self->plan;
}

void
sluice_plan_tree_set_plan (SluicePlanTree *self,
                           SluicePlan     *plan)
{
  g_autoptr(SluicePlanNodeList) roots = NULL;
  SluicePlanNode *root;
  gboolean autoexpand;

  g_return_if_fail (SLUICE_IS_PLAN_TREE (self));
  g_return_if_fail (plan == NULL || SLUICE_IS_PLAN (plan));

  if (self->plan == plan)
    return;

  self->selecting = TRUE;
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->rows);
  g_clear_object (&self->selected_node);
  g_set_object (&self->plan, plan);

  if (plan != NULL && sluice_plan_get_root (plan) != NULL)
    {
      root = sluice_plan_get_root (plan);
      roots = sluice_plan_node_list_new (&root, 1);
      /* Every level open.  The model's own autoexpand opens the tree as it
       * builds it, at no cost in signals, but recurses once per level: a
       * plan deeper than any real one is opened row by row instead, down
       * to a depth, before the view sees the model. */
      autoexpand = sluice_plan_get_max_depth (plan) < AUTO_EXPAND_DEPTH;
      self->rows = gtk_tree_list_model_new (G_LIST_MODEL (g_steal_pointer (&roots)), FALSE, autoexpand,
                                            create_child_model, NULL, NULL);
      if (!autoexpand)
        expand_rows (self->rows, AUTO_EXPAND_DEPTH);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->rows));
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    }
  self->selecting = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
}

SluicePlanNode *
sluice_plan_tree_get_selected_node (SluicePlanTree *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_TREE (self), NULL);
  return self->selected_node;
}

void
sluice_plan_tree_set_selected_node (SluicePlanTree *self,
                                    SluicePlanNode *node)
{
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (SLUICE_IS_PLAN_TREE (self));
  g_return_if_fail (node == NULL || SLUICE_IS_PLAN_NODE (node));

  if (!g_set_object (&self->selected_node, node))
    return;

  self->selecting = TRUE;
  if (node != NULL)
    position = reveal_node (self, node);
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;

  if (position != GTK_INVALID_LIST_POSITION)
    scroll_to_position (self, position);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
}

void
sluice_plan_tree_expand_all (SluicePlanTree *self)
{
  g_return_if_fail (SLUICE_IS_PLAN_TREE (self));

  if (self->rows != NULL)
    expand_rows (self->rows, G_MAXUINT);
}

GListModel *
sluice_plan_tree_get_rows (SluicePlanTree *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_TREE (self), NULL);
  return self->rows != NULL ? G_LIST_MODEL (self->rows) : NULL;
}

GtkColumnView *
sluice_plan_tree_get_column_view (SluicePlanTree *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_TREE (self), NULL);
  return self->column_view;
}

GtkAdjustment *
sluice_plan_tree_get_vadjustment (SluicePlanTree *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_TREE (self), NULL);
  return gtk_scrolled_window_get_vadjustment (self->scroller);
}
