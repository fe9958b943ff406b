/* sluice-window-private.h: what sluice-window.c shares with its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-window.h"

G_BEGIN_DECLS

struct _SluiceWindow
{
  AdwApplicationWindow  parent_instance;

  SluiceApplication    *application;
  GSettings            *settings;
  SluiceProfileStore   *store;
  GtkSorter            *sorter;
  GtkSortListModel     *sorted_profiles;
  SluiceProfile        *selected_profile;
  GSignalGroup         *selected_signals;

  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  GtkWidget            *content_pane;
  GtkListBox           *sidebar_list;
  AdwViewSwitcherTitle *switcher_title;
  GtkLabel             *environment_badge;
  GtkRevealer          *load_error_revealer;
  GtkLabel             *load_error_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *empty_buttons;
  GtkWidget            *reload_button;
  AdwViewStack         *view_stack;
  SluiceOverviewPage   *overview_page;
  SluiceHistoryPage    *history_page;
  SluiceMatrixPage     *matrix_page;
  SluicePlansPage      *plans_page;
  SluiceIndexesPage    *indexes_page;
  SluiceActivityPage   *activity_page;
  SluiceSchemaPage     *schema_page;
  SluiceMigratePage    *migrate_page;
};

void _sluice_window_class_actions_init (SluiceWindowClass *klass);
void _sluice_window_update_actions     (SluiceWindow      *self);

G_END_DECLS
