/* sluice-schema-compare-view.c: two schema catalogs side by side: what was
 * added, removed and changed, attribute by attribute, and the DDL that
 * turns one into the other with its hazards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>

#include "sluice-health-format.h"
#include "sluice-schema-compare-view.h"
#include "sluice-schema-util.h"

enum {
  COLUMN_KIND,
  COLUMN_FROM,
  COLUMN_TO,
};

struct _SluiceSchemaCompareView
{
  GtkWidget           parent_instance;

  SluiceDiff         *diff;
  char               *summary;
  GListStore         *items;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  guint               counts[SLUICE_CHANGE_RENAMED + 1];
  gboolean            changed_only;

  GtkLabel           *added_pill;
  GtkLabel           *removed_pill;
  GtkLabel           *changed_pill;
  GtkLabel           *summary_label;
  GtkStack           *section_stack;
  GtkStack           *list_stack;
  GtkColumnView      *objects_view;
  GtkStack           *detail_stack;
  GtkLabel           *detail_state;
  GtkLabel           *detail_title;
  GtkGrid            *attributes_grid;
  GtkLabel           *from_heading;
  GtkLabel           *to_heading;
  GtkSourceView      *from_sql;
  GtkSourceView      *to_sql;
  GtkLabel           *statements_title;
  GtkListBox         *statements_list;
};

G_DEFINE_FINAL_TYPE (SluiceSchemaCompareView, sluice_schema_compare_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DIFF,
  PROP_SECTION,
  PROP_CHANGED_ONLY,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_classes[] = {
  "schema-added", "schema-removed", "schema-changed", "schema-renamed", "schema-same",
};

static const char *
state_class (SluiceSchemaChangeItem *item)
{
  const SluiceObjectChange *change = sluice_schema_change_item_get_change (item);

  return change != NULL ? state_classes[change->kind] : "schema-same";
}

static const char *
state_label (SluiceSchemaChangeItem *item)
{
  const SluiceObjectChange *change = sluice_schema_change_item_get_change (item);

  if (change == NULL)
    return _("Same");
  switch (change->kind)
    {
    case SLUICE_CHANGE_ADDED:
      return _("Added");
    case SLUICE_CHANGE_REMOVED:
      return _("Removed");
    case SLUICE_CHANGE_RENAMED:
      return _("Renamed");
    case SLUICE_CHANGE_CHANGED:
    default:
      return _("Changed");
    }
}

static void
set_state_classes (GtkWidget  *widget,
                   const char *css_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (widget, state_classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (widget, css_class);
}

/* The list -------------------------------------------------------------- */

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  SluiceSchemaCompareView *self = user_data;

  return !self->changed_only || sluice_schema_change_item_is_changed (item);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column == COLUMN_KIND)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           SluiceSchemaCompareView  *self)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  SluiceSchemaChangeItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  SluiceCatalogObject *object = sluice_schema_change_item_get_object (item);
  g_autofree char *text = NULL;
  GtkWidget *cell;

  switch (column)
    {
    case COLUMN_KIND:
      text = g_strdup (sluice_catalog_kind_get_label (sluice_catalog_object_get_kind (object)));
      break;
    case COLUMN_FROM:
      text = sluice_schema_change_item_dup_name (item, FALSE);
      break;
    case COLUMN_TO:
    default:
      text = sluice_schema_change_item_dup_name (item, TRUE);
      break;
    }

  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (label, text);

  /* The row's colour is on its cells: a column view row cannot be styled
   * from a factory. */
  cell = gtk_widget_get_parent (label);
  if (cell != NULL)
    set_state_classes (cell, state_class (item));
}

static GtkListItemFactory *
column_factory_new (SluiceSchemaCompareView *self,
                    int                      column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  return factory;
}

static void
append_column (SluiceSchemaCompareView *self,
               const char              *title,
               int                      column,
               int                      width)
{
  g_autoptr(GtkColumnViewColumn) view_column = gtk_column_view_column_new (title, column_factory_new (self, column));

  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  else
    gtk_column_view_column_set_expand (view_column, TRUE);
  gtk_column_view_append_column (self->objects_view, view_column);
}

/* The selected object ---------------------------------------------------- */

static void
attach_header (GtkGrid    *grid,
               const char *text,
               int         column)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (grid, label, column, 0, 1, 1);
}

static void
attach_attribute (GtkGrid    *grid,
                  int         row,
                  const char *name,
                  const char *old_value,
                  const char *new_value,
                  gboolean    differs)
{
  GtkWidget *name_label = sluice_schema_cell_new (name, FALSE);
  GtkWidget *old_label = sluice_schema_cell_new (old_value, TRUE);
  GtkWidget *new_label = sluice_schema_cell_new (new_value, TRUE);

  gtk_widget_add_css_class (name_label, "dim-label");
  gtk_widget_set_hexpand (old_label, TRUE);
  gtk_widget_set_hexpand (new_label, TRUE);
  if (differs)
    {
      gtk_widget_add_css_class (old_label, "schema-old-value");
      gtk_widget_add_css_class (new_label, "schema-new-value");
    }
  gtk_grid_attach (grid, name_label, 0, row, 1, 1);
  gtk_grid_attach (grid, old_label, 1, row, 1, 1);
  gtk_grid_attach (grid, new_label, 2, row, 1, 1);
}

static void
fill_attributes (SluiceSchemaCompareView *self,
                 SluiceSchemaChangeItem  *item)
{
  const SluiceObjectChange *change = sluice_schema_change_item_get_change (item);
  SluiceCatalogObject *from = sluice_schema_change_item_get_from (item);
  SluiceCatalogObject *to = sluice_schema_change_item_get_to (item);
  int row = 1;

  sluice_schema_grid_clear (self->attributes_grid);
  attach_header (self->attributes_grid, _("Attribute"), 0);
  attach_header (self->attributes_grid, _("Left"), 1);
  attach_header (self->attributes_grid, _("Right"), 2);

  /* A changed object shows what differs; an added, removed or unchanged
   * one shows all it has. */
  if (change != NULL && change->attributes != NULL && change->attributes->len > 0)
    {
      for (guint i = 0; i < change->attributes->len; i++)
        {
          const SluiceAttributeChange *attribute = g_ptr_array_index (change->attributes, i);

          attach_attribute (self->attributes_grid, row++, attribute->name,
                            attribute->old_value, attribute->new_value, TRUE);
        }
      return;
    }

  {
    SluiceCatalogObject *shown = to != NULL ? to : from;
    const char * const *names = sluice_catalog_object_list_attributes (shown);

    for (guint i = 0; names != NULL && names[i] != NULL; i++)
      attach_attribute (self->attributes_grid, row++, names[i],
                        from != NULL ? sluice_catalog_object_get_attribute (from, names[i]) : NULL,
                        to != NULL ? sluice_catalog_object_get_attribute (to, names[i]) : NULL,
                        FALSE);
  }
}

static void
show_selected (SluiceSchemaCompareView *self)
{
  SluiceSchemaChangeItem *item = gtk_single_selection_get_selected_item (self->selection);
  SluiceCatalogObject *from;
  SluiceCatalogObject *to;
  g_autofree char *from_sql = NULL;
  g_autofree char *to_sql = NULL;
  g_autofree char *title = NULL;

  if (item == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      sluice_schema_set_sql (self->from_sql, NULL);
      sluice_schema_set_sql (self->to_sql, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
      return;
    }

  from = sluice_schema_change_item_get_from (item);
  to = sluice_schema_change_item_get_to (item);
  title = g_strdup (sluice_catalog_object_get_identity (sluice_schema_change_item_get_object (item)));

  gtk_label_set_label (self->detail_state, state_label (item));
  set_state_classes (GTK_WIDGET (self->detail_state), state_class (item));
  gtk_label_set_label (self->detail_title, title);
  fill_attributes (self, item);

  if (from != NULL)
    from_sql = sluice_catalog_object_to_sql (sluice_diff_get_from (self->diff), from);
  if (to != NULL)
    to_sql = sluice_catalog_object_to_sql (sluice_diff_get_to (self->diff), to);
  sluice_schema_set_sql (self->from_sql, from != NULL ? from_sql : _("-- not on this side"));
  sluice_schema_set_sql (self->to_sql, to != NULL ? to_sql : _("-- not on this side"));

  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* The statements -------------------------------------------------------- */

static GtkWidget *
pill_new (const char *text,
          const char *css_class,
          const char *tooltip)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, "schema-hazard");
  gtk_widget_add_css_class (pill, css_class);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (pill, tooltip);
  return pill;
}

static GtkWidget *
statement_row_new (const SluiceDdlStatement *statement,
                   guint                     number)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  GtkWidget *number_label = gtk_label_new (number_text);
  GtkWidget *sql = sluice_schema_cell_new (statement->sql, TRUE);
  gboolean any = FALSE;

  gtk_widget_add_css_class (box, "schema-statement");
  gtk_widget_add_css_class (number_label, "dim-label");
  gtk_widget_add_css_class (number_label, "numeric");
  gtk_box_append (GTK_BOX (header), number_label);

  for (guint bit = 0; bit < 8; bit++)
    {
      SluiceHazards hazard = 1u << bit;
      g_autofree char *css_class = NULL;

      if ((statement->hazards & hazard) == 0)
        continue;
      css_class = sluice_schema_hazard_css_class (hazard);
      gtk_box_append (GTK_BOX (header), pill_new (sluice_hazard_get_label (hazard), css_class, NULL));
      any = TRUE;
    }

  if (statement->lock != SLUICE_LOCK_NONE)
    {
      g_autofree char *text = NULL;

      if (statement->locked_table != NULL)
        /* Translators: a lock mode ("ACCESS EXCLUSIVE") and a table. */
        text = g_strdup_printf (_("%s lock on %s"), sluice_lock_mode_to_string (statement->lock),
                                statement->locked_table);
      else
        /* Translators: a lock mode ("ACCESS EXCLUSIVE"). */
        text = g_strdup_printf (_("%s lock"), sluice_lock_mode_to_string (statement->lock));
      gtk_box_append (GTK_BOX (header), pill_new (text, statement->lock >= SLUICE_LOCK_SHARE ? "lock-strong" : "lock-weak",
                                                  sluice_lock_mode_describe_blocking (statement->lock)));
      any = TRUE;
    }

  if (!any)
    gtk_box_append (GTK_BOX (header), pill_new (_("No hazard"), "none", NULL));

  gtk_widget_set_hexpand (sql, TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (sql), 120);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), sql);

  if (statement->note != NULL)
    {
      GtkWidget *note = sluice_schema_cell_new (statement->note, FALSE);

      gtk_widget_add_css_class (note, "caption");
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (GTK_BOX (box), note);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
fill_statements (SluiceSchemaCompareView *self)
{
  GPtrArray *statements = self->diff != NULL ? sluice_diff_get_statements (self->diff) : NULL;
  guint n = statements != NULL ? statements->len : 0;
  guint risky = 0;
  g_autofree char *title = NULL;

  sluice_widget_remove_children (GTK_WIDGET (self->statements_list));
  for (guint i = 0; i < n; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);

      if (statement->hazards != SLUICE_HAZARD_NONE)
        risky++;
      gtk_list_box_append (self->statements_list, statement_row_new (statement, i + 1));
    }

  if (n > 0)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u statement", "%u statements", n), n);
      g_autofree char *hazards = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u with hazards", "%u with hazards", risky), risky);

      /* Translators: "12 statements · 3 with hazards". */
      title = g_strdup_printf (_("%s · %s"), count, hazards);
    }
  else
    {
      title = g_strdup (_("No statement: both sides are the same"));
    }
  gtk_label_set_label (self->statements_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->statements_list), n > 0);
}

/* The diff -------------------------------------------------------------- */

static void
update_list_state (SluiceSchemaCompareView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  gtk_stack_set_visible_child_name (self->list_stack, shown == 0 && self->diff != NULL ? "equal" : "list");
}

static void
count_items (SluiceSchemaCompareView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *added = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *changed = NULL;

  memset (self->counts, 0, sizeof self->counts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SluiceSchemaChangeItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      const SluiceObjectChange *change = sluice_schema_change_item_get_change (item);

      if (change != NULL)
        self->counts[change->kind]++;
    }

  /* Translators: a count pill of the comparison. */
  added = g_strdup_printf (_("%u added"), self->counts[SLUICE_CHANGE_ADDED]);
  /* Translators: a count pill of the comparison. */
  removed = g_strdup_printf (_("%u removed"), self->counts[SLUICE_CHANGE_REMOVED]);
  /* Translators: a count pill of the comparison (renamed objects count as changed). */
  changed = g_strdup_printf (_("%u changed"), self->counts[SLUICE_CHANGE_CHANGED] + self->counts[SLUICE_CHANGE_RENAMED]);
  gtk_label_set_label (self->added_pill, added);
  gtk_label_set_label (self->removed_pill, removed);
  gtk_label_set_label (self->changed_pill, changed);
}

static void
update_headings (SluiceSchemaCompareView *self)
{
  const char *sides[2] = { NULL, NULL };

  for (guint i = 0; i < 2 && self->diff != NULL; i++)
    {
      SluiceCatalog *catalog = i == 0 ? sluice_diff_get_from (self->diff) : sluice_diff_get_to (self->diff);

      sides[i] = sluice_catalog_get_label (catalog);
      if (sides[i] == NULL)
        sides[i] = sluice_catalog_get_profile_name (catalog);
      if (sides[i] == NULL)
        sides[i] = sluice_catalog_get_database (catalog);
    }

  gtk_label_set_label (self->from_heading, sides[0] != NULL ? sides[0] : _("Left"));
  gtk_label_set_label (self->to_heading, sides[1] != NULL ? sides[1] : _("Right"));
}

/* Actions --------------------------------------------------------------- */

static void
copy_script_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SluiceSchemaCompareView *self = SLUICE_SCHEMA_COMPARE_VIEW (widget);
  g_autofree char *script = NULL;

  if (self->diff == NULL)
    return;
  script = sluice_diff_to_sql (self->diff, FALSE);
  sluice_copy_to_clipboard (widget, script);
  sluice_widget_add_toast (widget, _("Copied the DDL script"));
}

static void
update_actions (SluiceSchemaCompareView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.copy-script",
                                 self->diff != NULL && !sluice_diff_is_empty (self->diff));
}

/* GObject --------------------------------------------------------------- */

static void
sluice_schema_compare_view_dispose (GObject *object)
{
  SluiceSchemaCompareView *self = SLUICE_SCHEMA_COMPARE_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_SCHEMA_COMPARE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->diff);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (sluice_schema_compare_view_parent_class)->dispose (object);
}

static void
sluice_schema_compare_view_finalize (GObject *object)
{
  SluiceSchemaCompareView *self = SLUICE_SCHEMA_COMPARE_VIEW (object);

  g_free (self->summary);

  G_OBJECT_CLASS (sluice_schema_compare_view_parent_class)->finalize (object);
}

static void
sluice_schema_compare_view_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SluiceSchemaCompareView *self = SLUICE_SCHEMA_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIFF:
      g_value_set_object (value, self->diff);
      break;
    case PROP_SECTION:
      g_value_set_string (value, sluice_schema_compare_view_get_section (self));
      break;
    case PROP_CHANGED_ONLY:
      g_value_set_boolean (value, self->changed_only);
      break;
    case PROP_SELECTED:
      g_value_set_object (value, sluice_schema_compare_view_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_schema_compare_view_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SluiceSchemaCompareView *self = SLUICE_SCHEMA_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIFF:
      sluice_schema_compare_view_set_diff (self, g_value_get_object (value));
      break;
    case PROP_SECTION:
      sluice_schema_compare_view_set_section (self, g_value_get_string (value));
      break;
    case PROP_CHANGED_ONLY:
      sluice_schema_compare_view_set_changed_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_schema_compare_view_class_init (SluiceSchemaCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_schema_compare_view_dispose;
  object_class->finalize = sluice_schema_compare_view_finalize;
  object_class->get_property = sluice_schema_compare_view_get_property;
  object_class->set_property = sluice_schema_compare_view_set_property;

  properties[PROP_DIFF] =
    g_param_spec_object ("diff", NULL, NULL, SLUICE_TYPE_DIFF,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, "objects",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGED_ONLY] =
    g_param_spec_boolean ("changed-only", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, SLUICE_TYPE_SCHEMA_CHANGE_ITEM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "compare.section", "section");
  gtk_widget_class_install_property_action (widget_class, "compare.changed-only", "changed-only");
  gtk_widget_class_install_action (widget_class, "compare.copy-script", NULL, copy_script_action);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-schema-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, added_pill);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, removed_pill);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, changed_pill);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, section_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, objects_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, detail_state);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, detail_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, attributes_grid);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, from_heading);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, to_heading);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, from_sql);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, to_sql);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, statements_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceSchemaCompareView, statements_list);
}

static void
sluice_schema_compare_view_init (SluiceSchemaCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->changed_only = TRUE;
  self->items = g_list_store_new (SLUICE_TYPE_SCHEMA_CHANGE_ITEM);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)), GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->objects_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (show_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_list_state), self, G_CONNECT_SWAPPED);

  append_column (self, _("Kind"), COLUMN_KIND, 110);
  append_column (self, _("Left"), COLUMN_FROM, -1);
  append_column (self, _("Right"), COLUMN_TO, -1);

  sluice_schema_setup_sql_view (self->from_sql);
  sluice_schema_setup_sql_view (self->to_sql);

  count_items (self);
  update_headings (self);
  fill_statements (self);
  update_actions (self);
}

GtkWidget *
sluice_schema_compare_view_new (void)
{
  return g_object_new (SLUICE_TYPE_SCHEMA_COMPARE_VIEW, NULL);
}

SluiceDiff *
sluice_schema_compare_view_get_diff (SluiceSchemaCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), NULL);
  return self->diff;
}

void
sluice_schema_compare_view_set_diff (SluiceSchemaCompareView *self,
                                     SluiceDiff              *diff)
{
  g_autoptr(GListStore) items = NULL;
  guint n_old;

  g_return_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self));
  g_return_if_fail (diff == NULL || SLUICE_IS_DIFF (diff));

  if (!g_set_object (&self->diff, diff))
    return;

  g_clear_pointer (&self->summary, g_free);
  if (diff != NULL)
    self->summary = sluice_diff_describe (diff);
  gtk_label_set_label (self->summary_label, self->summary != NULL ? self->summary : "");

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  items = diff != NULL ? sluice_schema_change_item_list_all (diff) : g_list_store_new (SLUICE_TYPE_SCHEMA_CHANGE_ITEM);
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  {
    guint n_new = g_list_model_get_n_items (G_LIST_MODEL (items));
    g_autoptr(GPtrArray) additions = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < n_new; i++)
      g_ptr_array_add (additions, g_list_model_get_item (G_LIST_MODEL (items), i));
    g_list_store_splice (self->items, 0, n_old, additions->pdata, additions->len);
  }

  count_items (self);
  update_headings (self);
  fill_statements (self);
  update_list_state (self);
  update_actions (self);
  show_selected (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIFF]);
}

const char *
sluice_schema_compare_view_get_summary (SluiceSchemaCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), NULL);
  return self->summary;
}

guint
sluice_schema_compare_view_count (SluiceSchemaCompareView *self,
                                  SluiceChangeKind         kind)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), 0);
  g_return_val_if_fail (kind <= SLUICE_CHANGE_RENAMED, 0);
  return self->counts[kind];
}

GListModel *
sluice_schema_compare_view_get_rows (SluiceSchemaCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

gboolean
sluice_schema_compare_view_get_changed_only (SluiceSchemaCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), FALSE);
  return self->changed_only;
}

void
sluice_schema_compare_view_set_changed_only (SluiceSchemaCompareView *self,
                                             gboolean                 changed_only)
{
  g_return_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self));

  changed_only = !!changed_only;
  if (self->changed_only == changed_only)
    return;

  self->changed_only = changed_only;
  gtk_filter_changed (GTK_FILTER (self->filter),
                      changed_only ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
  update_list_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGED_ONLY]);
}

const char *
sluice_schema_compare_view_get_section (SluiceSchemaCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->section_stack);
}

void
sluice_schema_compare_view_set_section (SluiceSchemaCompareView *self,
                                        const char              *section)
{
  g_return_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self));

  if (g_strcmp0 (section, "objects") != 0 && g_strcmp0 (section, "ddl") != 0)
    return;
  if (g_strcmp0 (sluice_schema_compare_view_get_section (self), section) == 0)
    return;

  gtk_stack_set_visible_child_name (self->section_stack, section);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

SluiceSchemaChangeItem *
sluice_schema_compare_view_get_selected (SluiceSchemaCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

static guint
find_identity (GListModel *model,
               const char *identity)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SluiceSchemaChangeItem) item = g_list_model_get_item (model, i);
      SluiceCatalogObject *from = sluice_schema_change_item_get_from (item);
      SluiceCatalogObject *to = sluice_schema_change_item_get_to (item);

      if ((from != NULL && g_strcmp0 (sluice_catalog_object_get_identity (from), identity) == 0) ||
          (to != NULL && g_strcmp0 (sluice_catalog_object_get_identity (to), identity) == 0))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* GTK 4.8's column view has no scroll_to(): its inner list view has the
 * action. */
static void
scroll_to (SluiceSchemaCompareView *self,
           guint                    position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->objects_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

gboolean
sluice_schema_compare_view_select_identity (SluiceSchemaCompareView *self,
                                            const char              *identity)
{
  guint position;

  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);

  position = find_identity (G_LIST_MODEL (self->filtered), identity);
  if (position == GTK_INVALID_LIST_POSITION && find_identity (G_LIST_MODEL (self->items), identity) != GTK_INVALID_LIST_POSITION)
    {
      sluice_schema_compare_view_set_changed_only (self, FALSE);
      position = find_identity (G_LIST_MODEL (self->filtered), identity);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  scroll_to (self, position);
  return TRUE;
}

GtkGrid *
sluice_schema_compare_view_get_attributes (SluiceSchemaCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), NULL);
  return self->attributes_grid;
}

char *
sluice_schema_compare_view_dup_side_sql (SluiceSchemaCompareView *self,
                                         gboolean                 to_side)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), NULL);
  return sluice_schema_dup_sql (to_side ? self->to_sql : self->from_sql);
}

GtkListBox *
sluice_schema_compare_view_get_statements (SluiceSchemaCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_COMPARE_VIEW (self), NULL);
  return self->statements_list;
}
