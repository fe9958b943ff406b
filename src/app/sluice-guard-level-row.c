/* sluice-guard-level-row.c: a combo row to pick a guard level, saying what each does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-guard-level-row.h"

struct _SluiceGuardLevelRow
{
  AdwComboRow parent_instance;
};

G_DEFINE_FINAL_TYPE (SluiceGuardLevelRow, sluice_guard_level_row, ADW_TYPE_COMBO_ROW)

enum {
  PROP_0,
  PROP_GUARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SluiceGuardLevel guard_levels[] = {
  SLUICE_GUARD_RELAXED,
  SLUICE_GUARD_CONFIRM,
  SLUICE_GUARD_STRICT,
};

static const char *
guard_level_explain (SluiceGuardLevel guard)
{
  switch (guard)
    {
    case SLUICE_GUARD_RELAXED:
      return _("Writes run without asking. For sandboxes and your own development databases.");

    case SLUICE_GUARD_CONFIRM:
      return _("Every write asks once for confirmation before it runs.");

    case SLUICE_GUARD_STRICT:
    default:
      return _("Every write asks for the database name to be typed, and EXPLAIN ANALYZE of a write is refused.");
    }
}

SluiceGuardLevel
sluice_guard_level_row_get_guard (SluiceGuardLevelRow *self)
{
  guint selected;

  g_return_val_if_fail (SLUICE_IS_GUARD_LEVEL_ROW (self), SLUICE_GUARD_STRICT);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));

  /* init() gives the row its model, so there is always a selection; were
   * there none, the level that asks the most is the one to assume. */
  if (selected >= G_N_ELEMENTS (guard_levels))
    return SLUICE_GUARD_STRICT;
  return guard_levels[selected];
}

void
sluice_guard_level_row_set_guard (SluiceGuardLevelRow *self,
                                  SluiceGuardLevel     guard)
{
  g_return_if_fail (SLUICE_IS_GUARD_LEVEL_ROW (self));

  /* "guard" is notified from on_selected_changed(). */
  for (guint i = 0; i < G_N_ELEMENTS (guard_levels); i++)
    if (guard_levels[i] == guard)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self), i);
}

static void
on_selected_changed (SluiceGuardLevelRow *self,
                     GParamSpec          *pspec,
                     gpointer             user_data)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               guard_level_explain (sluice_guard_level_row_get_guard (self)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUARD]);
}

static GListModel *
create_guard_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (guard_levels); i++)
    gtk_string_list_append (list, sluice_guard_level_get_label (guard_levels[i]));
  return G_LIST_MODEL (list);
}

/* The row shows the level's whole label (the default factory cuts labels
 * at 20 characters, and the subtitle would squeeze it further); the popover
 * adds what each level does. */
static void
setup_guard_item (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_guard_item (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)),
                       gtk_string_object_get_string (item));
}

static void
setup_guard_list_item (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *explanation = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0.0);
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (explanation), 36);
  gtk_label_set_width_chars (GTK_LABEL (explanation), 36);
  gtk_widget_add_css_class (explanation, "caption");
  gtk_widget_add_css_class (explanation, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), explanation);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (list_item, box);
}

static void
update_guard_list_check (AdwComboRow *row,
                         GParamSpec  *pspec,
                         GtkListItem *list_item)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (list_item));

  gtk_widget_set_opacity (check,
                          adw_combo_row_get_selected (row) == gtk_list_item_get_position (list_item) ? 1.0 : 0.0);
}

static void
bind_guard_list_item (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      SluiceGuardLevelRow      *self)
{
  GtkWidget *labels = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *explanation = gtk_widget_get_last_child (labels);
  guint position = gtk_list_item_get_position (list_item);

  if (position >= G_N_ELEMENTS (guard_levels))
    return;

  gtk_label_set_label (GTK_LABEL (title), sluice_guard_level_get_label (guard_levels[position]));
  gtk_label_set_label (GTK_LABEL (explanation), guard_level_explain (guard_levels[position]));

  /* Tied to the list item, which may outlive neither the row nor us. */
  g_signal_connect_object (self, "notify::selected",
                           G_CALLBACK (update_guard_list_check), list_item, 0);
  update_guard_list_check (ADW_COMBO_ROW (self), NULL, list_item);
}

static void
unbind_guard_list_item (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        SluiceGuardLevelRow      *self)
{
  g_signal_handlers_disconnect_by_func (self, update_guard_list_check, list_item);
}

static void
set_up_factories (SluiceGuardLevelRow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_guard_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_guard_item), NULL);
  adw_combo_row_set_factory (ADW_COMBO_ROW (self), factory);

  /* The factories belong to the row: it outlives their callbacks. */
  g_signal_connect (list_factory, "setup", G_CALLBACK (setup_guard_list_item), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (bind_guard_list_item), self);
  g_signal_connect (list_factory, "unbind", G_CALLBACK (unbind_guard_list_item), self);
  adw_combo_row_set_list_factory (ADW_COMBO_ROW (self), list_factory);
}

static void
sluice_guard_level_row_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SluiceGuardLevelRow *self = SLUICE_GUARD_LEVEL_ROW (object);

  switch (prop_id)
    {
    case PROP_GUARD:
      g_value_set_enum (value, sluice_guard_level_row_get_guard (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_guard_level_row_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SluiceGuardLevelRow *self = SLUICE_GUARD_LEVEL_ROW (object);

  switch (prop_id)
    {
    case PROP_GUARD:
      sluice_guard_level_row_set_guard (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_guard_level_row_class_init (SluiceGuardLevelRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sluice_guard_level_row_get_property;
  object_class->set_property = sluice_guard_level_row_set_property;

  properties[PROP_GUARD] =
    g_param_spec_enum ("guard", NULL, NULL,
                       SLUICE_TYPE_GUARD_LEVEL,
                       SLUICE_GUARD_RELAXED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_guard_level_row_init (SluiceGuardLevelRow *self)
{
  g_autoptr(GListModel) model = create_guard_model ();

  /* Connected first, so that selecting in the new model already explains
   * the level. */
  g_signal_connect (self, "notify::selected", G_CALLBACK (on_selected_changed), NULL);
  set_up_factories (self);
  adw_combo_row_set_model (ADW_COMBO_ROW (self), model);
}

GtkWidget *
sluice_guard_level_row_new (void)
{
  return g_object_new (SLUICE_TYPE_GUARD_LEVEL_ROW, NULL);
}
