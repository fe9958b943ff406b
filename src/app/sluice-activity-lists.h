/* sluice-activity-lists.h: the Activity page's secondary tabs: locks not
 * granted, long-running transactions and top statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-activity.h"

G_BEGIN_DECLS

/* Columns of the sessions tree; the long transactions sort like it. */
typedef enum
{
  SESSION_PID,
  SESSION_USER,
  SESSION_DATABASE,
  SESSION_STATE,
  SESSION_WAIT,
  SESSION_TRANSACTION,
  SESSION_QUERY_TIME,
  SESSION_QUERY,
} SluiceActivitySessionColumn;

GtkWidget           *sluice_activity_state_pill_new   (void);
void                 sluice_activity_state_pill_set   (GtkWidget         *pill,
                                                       SluiceSessionInfo *info);
GtkColumnViewColumn *sluice_activity_append_column    (GtkColumnView     *view,
                                                       const char        *title,
                                                       int                id,
                                                       int                fixed_width,
                                                       GCallback          setup,
                                                       GCallback          bind,
                                                       gpointer           bind_data,
                                                       GCompareDataFunc   compare);
/* user_data is the SluiceActivitySessionColumn to compare on. */
int                  sluice_activity_compare_sessions (gconstpointer      a,
                                                       gconstpointer      b,
                                                       gpointer           user_data);

/* The locks and long transactions lists emit "session-activated" (int
 * pid) when a row is activated; a NULL activity empties a list. */
#define SLUICE_TYPE_LOCKS_LIST (sluice_locks_list_get_type ())
G_DECLARE_FINAL_TYPE (SluiceLocksList, sluice_locks_list, SLUICE, LOCKS_LIST, GtkWidget)

void sluice_locks_list_set_activity (SluiceLocksList *self,
                                     SluiceActivity  *activity);

#define SLUICE_TYPE_LONG_TRANSACTIONS_LIST (sluice_long_transactions_list_get_type ())
G_DECLARE_FINAL_TYPE (SluiceLongTransactionsList, sluice_long_transactions_list, SLUICE, LONG_TRANSACTIONS_LIST, GtkWidget)

void sluice_long_transactions_list_set_activity (SluiceLongTransactionsList *self,
                                                 SluiceActivity             *activity);

#define SLUICE_TYPE_STATEMENTS_LIST (sluice_statements_list_get_type ())
G_DECLARE_FINAL_TYPE (SluiceStatementsList, sluice_statements_list, SLUICE, STATEMENTS_LIST, GtkWidget)

void sluice_statements_list_set_activity (SluiceStatementsList *self,
                                          SluiceActivity       *activity);

G_END_DECLS
