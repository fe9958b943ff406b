/* sluice-schema-browser.c: a catalog's objects as a tree (schemas, then
 * kinds), searchable by name, with the selected object's DDL and attributes
 *
 * The Schema page reads the catalog (live or from a snapshot file) and
 * hands it here; this widget only shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>

#include "sluice-schema-browser.h"
#include "sluice-schema-node.h"
#include "sluice-schema-util.h"

/* Below this many objects the tree opens every schema's kinds at once. */
#define OPEN_KINDS_BELOW 400

struct _SluiceSchemaBrowser
{
  GtkWidget            parent_instance;

  SluiceCatalog       *catalog;
  GtkTreeListModel    *tree_model;
  GtkSingleSelection  *tree_selection;
  SluiceCatalogObject *selected_object;
  char                *search;

  GtkLabel            *source_label;
  GtkSearchEntry      *search_entry;
  GtkStack            *tree_stack;
  GtkListView         *tree_view;
  GtkStack            *detail_stack;
  GtkLabel            *object_kind;
  GtkLabel            *object_title;
  GtkSourceView       *ddl_view;
  GtkGrid             *attributes_grid;
};

G_DEFINE_FINAL_TYPE (SluiceSchemaBrowser, sluice_schema_browser, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_OBJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The tree ------------------------------------------------------------------ */

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GListModel *children = sluice_schema_node_get_children (item);

  return children != NULL ? g_object_ref (children) : NULL;
}

static void
setup_tree_row (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (subtitle, TRUE);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_tree_row (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  SluiceSchemaNode *node = gtk_tree_list_row_get_item (row);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  const char *subtitle_text = sluice_schema_node_get_subtitle (node);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_label (GTK_LABEL (title), sluice_schema_node_get_title (node));
  gtk_label_set_label (GTK_LABEL (subtitle), subtitle_text != NULL ? subtitle_text : "");
  gtk_widget_set_tooltip_text (title, sluice_schema_node_get_title (node));
  if (sluice_schema_node_is_group (node))
    gtk_widget_add_css_class (title, "schema-group");
  else
    gtk_widget_remove_css_class (title, "schema-group");
  g_object_unref (node);
}

/* Opens the schemas, and for a small catalog their kinds too, so that the
 * first look shows objects rather than folders. */
static void
open_first_levels (SluiceSchemaBrowser *self)
{
  GListModel *rows = G_LIST_MODEL (self->tree_model);
  gboolean open_kinds = self->catalog != NULL && sluice_catalog_get_n_objects (self->catalog) < OPEN_KINDS_BELOW;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      guint depth = gtk_tree_list_row_get_depth (row);

      if (depth == 0 || (depth == 1 && open_kinds))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static void
rebuild_tree (SluiceSchemaBrowser *self)
{
  g_autoptr(GListStore) roots = NULL;
  gboolean searching = self->search != NULL && *self->search != '\0';

  roots = self->catalog != NULL ? sluice_schema_node_build_tree (self->catalog, self->search)
                                : g_list_store_new (SLUICE_TYPE_SCHEMA_NODE);

  g_clear_object (&self->tree_model);
  /* A search opens everything it kept: the matches are what was asked for. */
  self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (roots)), FALSE, searching,
                                              create_children, NULL, NULL);
  gtk_single_selection_set_model (self->tree_selection, G_LIST_MODEL (self->tree_model));
  gtk_single_selection_set_selected (self->tree_selection, GTK_INVALID_LIST_POSITION);
  if (!searching)
    open_first_levels (self);

  gtk_stack_set_visible_child_name (self->tree_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (roots)) == 0 && searching ? "no-match" : "tree");
}

static void
on_search_changed (SluiceSchemaBrowser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *keep = self->selected_object != NULL
                          ? g_strdup (sluice_catalog_object_get_identity (self->selected_object)) : NULL;

  g_free (self->search);
  self->search = *text != '\0' ? g_utf8_casefold (text, -1) : NULL;
  rebuild_tree (self);
  if (keep != NULL)
    sluice_schema_browser_select_identity (self, keep);
}

/* The selected object ------------------------------------------------------ */

static void
attach_attribute (SluiceSchemaBrowser *self,
                  int                  row,
                  const char          *name,
                  const char          *value)
{
  GtkWidget *name_label = sluice_schema_cell_new (name, FALSE);
  GtkWidget *value_label = sluice_schema_cell_new (value, TRUE);

  gtk_widget_add_css_class (name_label, "dim-label");
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (self->attributes_grid, name_label, 0, row, 1, 1);
  gtk_grid_attach (self->attributes_grid, value_label, 1, row, 1, 1);
}

static void
show_object (SluiceSchemaBrowser *self,
             SluiceCatalogObject *object)
{
  const char * const *names;
  const char * const *dependencies;
  g_autofree char *title = NULL;
  g_autofree char *ddl = NULL;
  int row = 0;

  if (!g_set_object (&self->selected_object, object))
    return;

  sluice_schema_grid_clear (self->attributes_grid);
  if (object == NULL)
    {
      sluice_schema_set_sql (self->ddl_view, NULL);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_OBJECT]);
      return;
    }

  title = sluice_schema_node_qualified_name (object);
  gtk_label_set_label (self->object_kind, sluice_catalog_kind_get_label (sluice_catalog_object_get_kind (object)));
  gtk_label_set_label (self->object_title, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->object_title), sluice_catalog_object_get_identity (object));

  ddl = sluice_catalog_object_to_sql (self->catalog, object);
  sluice_schema_set_sql (self->ddl_view, ddl);

  names = sluice_catalog_object_list_attributes (object);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    attach_attribute (self, row++, names[i], sluice_catalog_object_get_attribute (object, names[i]));

  dependencies = sluice_catalog_object_get_dependencies (object);
  if (dependencies != NULL && dependencies[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", (char **) dependencies);

      attach_attribute (self, row++, _("depends on"), joined);
    }

  gtk_stack_set_visible_child_name (self->detail_stack, "object");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_OBJECT]);
}

static void
on_tree_selection_changed (SluiceSchemaBrowser *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->tree_selection);
  g_autoptr(SluiceSchemaNode) node = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

  /* A kind's group has no DDL; what was shown stays. */
  if (node != NULL && sluice_schema_node_get_object (node) == NULL)
    return;
  show_object (self, node != NULL ? sluice_schema_node_get_object (node) : NULL);
}

/* GObject ------------------------------------------------------------------ */

static void
sluice_schema_browser_dispose (GObject *object)
{
  SluiceSchemaBrowser *self = SLUICE_SCHEMA_BROWSER (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_SCHEMA_BROWSER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->tree_selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->selected_object);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sluice_schema_browser_parent_class)->dispose (object);
}

static void
sluice_schema_browser_finalize (GObject *object)
{
  SluiceSchemaBrowser *self = SLUICE_SCHEMA_BROWSER (object);

  g_free (self->search);

  G_OBJECT_CLASS (sluice_schema_browser_parent_class)->finalize (object);
}

static void
sluice_schema_browser_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SluiceSchemaBrowser *self = SLUICE_SCHEMA_BROWSER (object);

  switch (prop_id)
    {
    case PROP_SELECTED_OBJECT:
      g_value_set_object (value, self->selected_object);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_schema_browser_class_init (SluiceSchemaBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_schema_browser_dispose;
  object_class->finalize = sluice_schema_browser_finalize;
  object_class->get_property = sluice_schema_browser_get_property;

  properties[PROP_SELECTED_OBJECT] =
    g_param_spec_object ("selected-object", NULL, NULL, SLUICE_TYPE_CATALOG_OBJECT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-schema-browser.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaBrowser, source_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaBrowser, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaBrowser, tree_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaBrowser, tree_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaBrowser, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaBrowser, object_kind);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaBrowser, object_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaBrowser, ddl_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaBrowser, attributes_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
}

static void
sluice_schema_browser_init (SluiceSchemaBrowser *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->tree_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->tree_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->tree_selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_tree_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_tree_row), NULL);
  gtk_list_view_set_factory (self->tree_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->tree_view, GTK_SELECTION_MODEL (self->tree_selection));
  g_signal_connect_object (self->tree_selection, "notify::selected-item",
                           G_CALLBACK (on_tree_selection_changed), self, G_CONNECT_SWAPPED);

  sluice_schema_setup_sql_view (self->ddl_view);
  rebuild_tree (self);
}

GtkWidget *
sluice_schema_browser_new (void)
{
  return g_object_new (SLUICE_TYPE_SCHEMA_BROWSER, NULL);
}

/* Shows @catalog (NULL: none): nothing selected, the tree built anew. */
void
sluice_schema_browser_set_catalog (SluiceSchemaBrowser *self,
                                   SluiceCatalog       *catalog)
{
  g_return_if_fail (SLUICE_IS_SCHEMA_BROWSER (self));
  g_return_if_fail (catalog == NULL || SLUICE_IS_CATALOG (catalog));

  g_set_object (&self->catalog, catalog);
  show_object (self, NULL);
  rebuild_tree (self);
}

void
sluice_schema_browser_set_source (SluiceSchemaBrowser *self,
                                  const char          *source)
{
  g_return_if_fail (SLUICE_IS_SCHEMA_BROWSER (self));

  gtk_label_set_label (self->source_label, source != NULL ? source : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), source);
}

GListModel *
sluice_schema_browser_get_tree_rows (SluiceSchemaBrowser *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_BROWSER (self), NULL);
  return G_LIST_MODEL (self->tree_model);
}

void
sluice_schema_browser_set_search (SluiceSchemaBrowser *self,
                                  const char          *text)
{
  g_return_if_fail (SLUICE_IS_SCHEMA_BROWSER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* search-changed comes after a delay; the tree follows at once. */
  on_search_changed (self);
}

gboolean
sluice_schema_browser_select_identity (SluiceSchemaBrowser *self,
                                       const char          *identity)
{
  GListModel *rows;
  SluiceCatalogObject *target;

  g_return_val_if_fail (SLUICE_IS_SCHEMA_BROWSER (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);

  if (self->catalog == NULL || (target = sluice_catalog_lookup (self->catalog, identity)) == NULL)
    return FALSE;

  /* Down the tree: open each row that may hold the object, until its own
   * row comes. */
  rows = G_LIST_MODEL (self->tree_model);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(SluiceSchemaNode) node = gtk_tree_list_row_get_item (row);
      SluiceCatalogObject *object = sluice_schema_node_get_object (node);

      if (object == target)
        {
          gtk_single_selection_set_selected (self->tree_selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->tree_view), "list.scroll-to-item", "u", i);
          return TRUE;
        }

      if (sluice_schema_node_may_hold (node, self->catalog, target))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }

  return FALSE;
}

SluiceCatalogObject *
sluice_schema_browser_get_selected_object (SluiceSchemaBrowser *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_BROWSER (self), NULL);
  return self->selected_object;
}

char *
sluice_schema_browser_dup_ddl (SluiceSchemaBrowser *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_BROWSER (self), NULL);
  return sluice_schema_dup_sql (self->ddl_view);
}

GtkGrid *
sluice_schema_browser_get_attributes (SluiceSchemaBrowser *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_BROWSER (self), NULL);
  return self->attributes_grid;
}
