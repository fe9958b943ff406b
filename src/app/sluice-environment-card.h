/* sluice-environment-card.h: one environment's card above the matrix: the
 * version it is at, what it holds and how it stands against the one before
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-matrix-column.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_ENVIRONMENT_CARD (sluice_environment_card_get_type ())
G_DECLARE_FINAL_TYPE (SluiceEnvironmentCard, sluice_environment_card, SLUICE, ENVIRONMENT_CARD, GtkBox)

/* Properties: "column" (construct-only: whose card it is) and "current"
 * (notify: the selected profile's card, outlined). */
GtkWidget          *sluice_environment_card_new         (SluiceMatrixColumn    *column);

SluiceMatrixColumn *sluice_environment_card_get_column  (SluiceEnvironmentCard *self);
gboolean            sluice_environment_card_get_current (SluiceEnvironmentCard *self);
void                sluice_environment_card_set_current (SluiceEnvironmentCard *self,
                                                         gboolean               current);

/* Shows the column's state now.  @previous (nullable) is the nearest
 * environment before this one, on the way to production, that could be
 * read; @rows the matrix's versions (GtkStringObject): the card counts what
 * one has applied and the other has not. */
void                sluice_environment_card_update      (SluiceEnvironmentCard *self,
                                                         SluiceMatrixColumn    *previous,
                                                         GListModel            *rows);

/* The statuses in the order the cards count them (the legend follows it). */
const SluiceMigrationStatus *sluice_environment_card_get_counted_statuses (guint *n_statuses);

G_END_DECLS
