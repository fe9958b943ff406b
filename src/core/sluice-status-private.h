/* sluice-status-private.h: building status items and reports inside libsluice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-status.h"

G_BEGIN_DECLS

/* @migration and @entry are nullable (not both). */
SluiceStatusItem   *_sluice_status_item_new        (SluiceMigrationStatus  status,
                                                    SluiceMigration       *migration,
                                                    SluiceHistoryEntry    *entry);
void                _sluice_status_item_set_status (SluiceStatusItem      *self,
                                                    SluiceMigrationStatus  status);

/* The join itself, over a list of SluiceMigration (in the tool's order) in
 * @format; @migrations NULL when no folder is bound.  The unit tests build
 * both sides by hand with it. */
SluiceStatusReport *_sluice_status_report_new_for_migrations (GListModel            *migrations,
                                                              SluiceMigrationFormat  format,
                                                              SluiceHistory         *history);

G_END_DECLS
