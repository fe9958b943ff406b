/* sluice.h: libsluice, the core of Sluice (no GTK here)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-types.h"
#include "sluice-error.h"
#include "sluice-result.h"
#include "sluice-connection.h"
#include "sluice-profile.h"
#include "sluice-profile-store.h"
#include "sluice-pg-service.h"
#include "sluice-secrets.h"
#include "sluice-session.h"
#include "sluice-server-user.h"
#include "sluice-pg-tool.h"
#include "sluice-sandbox.h"
#include "sluice-overview.h"
#include "sluice-sql.h"
#include "sluice-migration.h"
#include "sluice-migration-folder.h"
#include "sluice-history.h"
#include "sluice-status.h"
#include "sluice-applier.h"
