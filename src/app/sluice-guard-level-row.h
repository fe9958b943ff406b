/* sluice-guard-level-row.h: a combo row to pick a guard level, saying what each does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_GUARD_LEVEL_ROW (sluice_guard_level_row_get_type ())
G_DECLARE_FINAL_TYPE (SluiceGuardLevelRow, sluice_guard_level_row, SLUICE, GUARD_LEVEL_ROW, AdwComboRow)

/* An AdwComboRow that lists the guard levels in the order of
 * SluiceGuardLevel (so "selected" is the enum's value), with their whole
 * translated labels.  Its subtitle explains the selected level; its popover
 * explains each one.
 *
 * Property "guard" (SluiceGuardLevel): the selected level; it is notified
 * whenever the selection changes, whoever changed it. */
GtkWidget        *sluice_guard_level_row_new       (void);
SluiceGuardLevel  sluice_guard_level_row_get_guard (SluiceGuardLevelRow *self);
void              sluice_guard_level_row_set_guard (SluiceGuardLevelRow *self,
                                                    SluiceGuardLevel     guard);

G_END_DECLS
