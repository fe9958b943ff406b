/* sluice-indexes-page.c: every index of a profile's database with its use,
 * size and findings; its tables; the foreign keys no index covers
 *
 * This file holds the GObject type: its properties, template, actions and
 * public API. Its parts share sluice-indexes-page-private.h:
 * sluice-indexes-page-load.c (reading the report), -sampler.c (the scans
 * sparklines), -columns.c (the list's cells and sorting), -filter.c (the
 * search, "only flagged" and the tabs), -detail.c (the selection and the
 * detail pane), -summary.c, -foreign-keys.c and -actions.c (reindex, drop,
 * copy).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sluice-index-detail.h"
#include "sluice-indexes-page-private.h"
#include "sluice-page-util.h"
#include "sluice-tables-view.h"

G_DEFINE_FINAL_TYPE (SluiceIndexesPage, sluice_indexes_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

void
_sluice_indexes_page_notify (SluiceIndexesPage *self,
                             guint              prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Small helpers ----------------------------------------------------------- */

SluiceProfile *
_sluice_indexes_page_get_profile (SluiceIndexesPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

char *
_sluice_indexes_page_index_key (SluiceIndexInfo *index)
{
  return g_strdup_printf ("%s.%s", sluice_index_info_get_schema (index), sluice_index_info_get_name (index));
}

static void
on_profile_connection_changed (SluiceIndexesPage *self)
{
  sluice_indexes_page_reload (self);
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_indexes_page_map (GtkWidget *widget)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (widget);

  GTK_WIDGET_CLASS (sluice_indexes_page_parent_class)->map (widget);

  if (self->dirty)
    sluice_indexes_page_reload (self);
}

static void
sluice_indexes_page_dispose (GObject *object)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (object);

  _sluice_indexes_page_cancel_load (self);
  sluice_page_cancel (&self->action_cancellable);

  _sluice_indexes_page_drop_sampler (self);

  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->profile_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_INDEXES_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->rate_cells, g_hash_table_unref);
  g_clear_object (&self->selected_index);
  g_clear_object (&self->health);
  g_clear_object (&self->connection);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sluice_indexes_page_parent_class)->dispose (object);
}

static void
sluice_indexes_page_finalize (GObject *object)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (object);

  g_clear_error (&self->error);
  g_clear_pointer (&self->search_folded, g_free);
  g_clear_pointer (&self->keep_selection, g_free);

  G_OBJECT_CLASS (sluice_indexes_page_parent_class)->finalize (object);
}

static void
sluice_indexes_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_HEALTH:
      g_value_set_object (value, self->health);
      break;
    case PROP_SELECTED_INDEX:
      g_value_set_object (value, self->selected_index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_indexes_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SluiceIndexesPage *self = SLUICE_INDEXES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sluice_indexes_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_indexes_page_class_init (SluiceIndexesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_indexes_page_dispose;
  object_class->finalize = sluice_indexes_page_finalize;
  object_class->get_property = sluice_indexes_page_get_property;
  object_class->set_property = sluice_indexes_page_set_property;

  widget_class->map = sluice_indexes_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEALTH] =
    g_param_spec_object ("health", NULL, NULL, SLUICE_TYPE_HEALTH,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_INDEX] =
    g_param_spec_object ("selected-index", NULL, NULL, SLUICE_TYPE_INDEX_INFO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "indexes.reload", NULL, _sluice_indexes_page_reload_action);
  gtk_widget_class_install_action (widget_class, "indexes.copy-ddl", NULL, _sluice_indexes_page_copy_ddl_action);
  gtk_widget_class_install_action (widget_class, "indexes.reindex", NULL, _sluice_indexes_page_reindex_action);
  gtk_widget_class_install_action (widget_class, "indexes.drop", NULL, _sluice_indexes_page_drop_action);

  g_type_ensure (SLUICE_TYPE_INDEX_DETAIL);
  g_type_ensure (SLUICE_TYPE_TABLES_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-indexes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, loading_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, stats_reset_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, flag_counts_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, only_flagged_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, section_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, indexes_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, tables_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, foreign_keys_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, indexes_paned);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, index_list_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, index_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, index_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, tables_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexesPage, foreign_key_list);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_search_changed",
                                                G_CALLBACK (_sluice_indexes_page_on_search_changed));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_only_flagged_toggled",
                                                G_CALLBACK (_sluice_indexes_page_on_only_flagged_toggled));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_section_changed",
                                                G_CALLBACK (_sluice_indexes_page_on_section_changed));
}

static void
sluice_indexes_page_init (SluiceIndexesPage *self)
{
  self->sample_interval_ms = SLUICE_INDEX_SAMPLER_DEFAULT_INTERVAL_MS;
  self->rate_cells = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (_sluice_indexes_page_filter_index, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->index_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->index_view, GTK_SELECTION_MODEL (self->selection));
  _sluice_indexes_page_setup_index_view (self);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (_sluice_indexes_page_on_filtered_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (_sluice_indexes_page_on_selection_changed), self, G_CONNECT_SWAPPED);

  /* The sampler follows the list of indexes on screen. */
  g_signal_connect_object (self->indexes_paned, "map",
                           G_CALLBACK (_sluice_indexes_page_update_sampler_running), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->indexes_paned, "unmap",
                           G_CALLBACK (_sluice_indexes_page_update_sampler_running), self, G_CONNECT_SWAPPED);

  self->profile_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::connection",
                                  G_CALLBACK (on_profile_connection_changed), self);

  _sluice_indexes_page_on_section_changed (self);
  _sluice_indexes_page_update_actions (self);
}

void
sluice_indexes_page_reload (SluiceIndexesPage *self)
{
  g_return_if_fail (SLUICE_IS_INDEXES_PAGE (self));

  _sluice_indexes_page_load (self);
}

GtkWidget *
sluice_indexes_page_new (void)
{
  return g_object_new (SLUICE_TYPE_INDEXES_PAGE, NULL);
}

SluiceSession *
sluice_indexes_page_get_session (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->session;
}

void
sluice_indexes_page_set_session (SluiceIndexesPage *self,
                                 SluiceSession     *session)
{
  g_return_if_fail (SLUICE_IS_INDEXES_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* Another profile: nothing of the last one may linger, shown or not. */
  _sluice_indexes_page_cancel_load (self);
  sluice_page_cancel (&self->action_cancellable);
  self->action_running = FALSE;
  _sluice_indexes_page_drop_sampler (self);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->keep_selection, g_free);
  _sluice_indexes_page_clear_results (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  g_signal_group_set_target (self->profile_signals, _sluice_indexes_page_get_profile (self));
  sluice_indexes_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
sluice_indexes_page_get_loading (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), FALSE);
  return self->loading;
}

const char *
sluice_indexes_page_get_view (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const GError *
sluice_indexes_page_get_error (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->error;
}

SluiceHealth *
sluice_indexes_page_get_health (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->health;
}

const char *
sluice_indexes_page_get_section (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->section_stack);
}

void
sluice_indexes_page_set_section (SluiceIndexesPage *self,
                                 const char        *section)
{
  g_return_if_fail (SLUICE_IS_INDEXES_PAGE (self));
  g_return_if_fail (section != NULL);

  gtk_stack_set_visible_child_name (self->section_stack, section);
}

GListModel *
sluice_indexes_page_get_visible_indexes (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

GListModel *
sluice_indexes_page_get_visible_tables (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return sluice_tables_view_get_visible_tables (self->tables_view);
}

SluiceIndexInfo *
sluice_indexes_page_get_selected_index (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->selected_index;
}

gboolean
sluice_indexes_page_select_index (SluiceIndexesPage *self,
                                  const char        *schema,
                                  const char        *name)
{
  guint position;

  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), FALSE);
  g_return_val_if_fail (schema != NULL && name != NULL, FALSE);

  if (self->health == NULL || sluice_health_find_index (self->health, schema, name) == NULL)
    return FALSE;

  position = _sluice_indexes_page_find_visible_position (self, schema, name);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Hidden by a filter: show everything rather than nothing. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_toggle_button_set_active (self->only_flagged_button, FALSE);
      g_clear_pointer (&self->search_folded, g_free);
      _sluice_indexes_page_refilter (self);
      position = _sluice_indexes_page_find_visible_position (self, schema, name);
    }

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  _sluice_indexes_page_scroll_to_position (self, position);
  return self->selected_index != NULL;
}

gboolean
sluice_indexes_page_select_table (SluiceIndexesPage *self,
                                  const char        *schema,
                                  const char        *name)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), FALSE);
  g_return_val_if_fail (schema != NULL && name != NULL, FALSE);

  return sluice_tables_view_select_table (self->tables_view, schema, name);
}

SluiceIndexSampler *
sluice_indexes_page_get_sampler (SluiceIndexesPage *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEXES_PAGE (self), NULL);
  return self->sampler;
}

void
sluice_indexes_page_set_sample_interval (SluiceIndexesPage *self,
                                         guint              interval_ms)
{
  g_return_if_fail (SLUICE_IS_INDEXES_PAGE (self));
  g_return_if_fail (interval_ms > 0);

  self->sample_interval_ms = interval_ms;
  if (self->sampler != NULL)
    sluice_index_sampler_set_interval_ms (self->sampler, interval_ms);
}
