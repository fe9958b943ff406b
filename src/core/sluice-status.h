/* sluice-status.h: a folder's migrations joined with a database's history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-history.h"
#include "sluice-migration-folder.h"

G_BEGIN_DECLS

/* The CLI's words: "applied", "pending", "missing", "drift", "failed",
 * "out_of_order". */
typedef enum
{
  SLUICE_STATUS_APPLIED,
  SLUICE_STATUS_PENDING,
  SLUICE_STATUS_MISSING,       /* in the history, no file */
  SLUICE_STATUS_DRIFT,         /* applied, but the file's checksum (by the tool's rule) differs */
  SLUICE_STATUS_FAILED,        /* failed, dirty or rolled back */
  SLUICE_STATUS_OUT_OF_ORDER,  /* applied after a migration of a higher version */
} SluiceMigrationStatus;

GType        sluice_migration_status_get_type  (void) G_GNUC_CONST;
#define SLUICE_TYPE_MIGRATION_STATUS (sluice_migration_status_get_type ())
const char  *sluice_migration_status_to_string (SluiceMigrationStatus status);
const char  *sluice_migration_status_get_label (SluiceMigrationStatus status); /* translated */
/* "11 applied", "1 drifted": a count of migrations in @status, as a whole
 * translated phrase with its plural forms (never built from the label). */
char        *sluice_status_describe_count      (SluiceMigrationStatus status,
                                                guint                 count);

#define SLUICE_TYPE_STATUS_ITEM (sluice_status_item_get_type ())
G_DECLARE_FINAL_TYPE (SluiceStatusItem, sluice_status_item, SLUICE, STATUS_ITEM, GObject)

SluiceMigrationStatus sluice_status_item_get_status    (SluiceStatusItem *self);
const char           *sluice_status_item_get_version   (SluiceStatusItem *self);
const char           *sluice_status_item_get_name      (SluiceStatusItem *self);
SluiceMigration      *sluice_status_item_get_migration (SluiceStatusItem *self); /* NULL when missing */
SluiceHistoryEntry   *sluice_status_item_get_entry     (SluiceStatusItem *self); /* NULL when pending */
/* Whether a run applies it: pending, or its last attempt failed and left
 * it unrecorded (the DBA fixed it and runs again).  Not a golang-migrate
 * version left dirty nor a Prisma one marked rolled back: their tool must
 * be told first (migrate force, prisma migrate resolve). */
gboolean              sluice_status_item_can_run       (SluiceStatusItem *self);
/* Whether it can run because its last attempt failed. */
gboolean              sluice_status_item_is_retry      (SluiceStatusItem *self);

#define SLUICE_TYPE_STATUS_REPORT (sluice_status_report_get_type ())
G_DECLARE_FINAL_TYPE (SluiceStatusReport, sluice_status_report, SLUICE, STATUS_REPORT, GObject)

/* Pure: no I/O.  @folder may be NULL (no migration folder bound).
 *
 * The rules, applied to each migration of the folder with the
 * latest history entry of the same key (sluice_migration_get_history_key()
 * equals sluice_history_entry_get_key()):
 *
 * - no entry: PENDING; but APPLIED (with no entry) when an entry that
 *   covers lower versions has the same or a higher version: golang-migrate's
 *   single row is the current version, a Flyway baseline stands for what
 *   lies at and below it.  A Flyway baseline migration (B) is APPLIED with
 *   no entry too once versioned migrations brought the database to its
 *   version: Flyway never runs it there.
 * - a Flyway B file and V file of one version share their key: a
 *   baseline row (SQL_BASELINE, BASELINE) joins the B file, any other row
 *   the V file.  An entry joins one migration only.
 * - Sqitch: the earlier form of a change reworked in the plan (name@tag)
 *   with no row of its key takes a row of the bare name whose script hash
 *   is its deploy script's: deployed only in that form so far, the change
 *   has one row, of its bare name, and the reworked form is PENDING.
 * - entry FAILED, DIRTY or ROLLED_BACK: FAILED.
 * - entry APPLIED, both checksums known and different: DRIFT, the file was
 *   edited after it was applied.  Checksums are compared only when they
 *   follow one rule: Sluice's own history (the applier records the folder's
 *   checksum, whatever its format), or a tool whose format is the folder's.
 *   A Flyway repeatable whose checksum changed is PENDING instead: Flyway
 *   re-applies it.  A hand-rolled runner's checksum of another length is
 *   another algorithm, not an edit.
 * - entry APPLIED otherwise: APPLIED, or OUT_OF_ORDER when it was applied
 *   (entry rank, then applied_at) after a migration that comes later in the
 *   folder's order, the tool's own order (for versioned tools, version
 *   order).  Tools that record no order (dbmate, Rails, golang-migrate)
 *   never report it.
 * - an entry no file has: MISSING when it is applied, FAILED when it
 *   records a failure; placed among the folder's migrations by version
 *   (sluice_version_compare), or last for Sqitch, whose "versions" are
 *   change names, and for Flyway repeatables.  A Flyway baseline row made
 *   by `flyway baseline` is a marker, not a migration, and gives no item.
 *   Without a folder, every entry is an item, APPLIED or FAILED.
 *
 * And for the profile: the current version is that of the last applied
 * item in that order (the highest applied version), repeatables aside, or
 * for Sqitch the latest deployed change; the pending count counts PENDING
 * items; the last change is the history entry with the latest applied_at
 * (ties and tools without times: the highest rank). */
SluiceStatusReport *sluice_status_report_new               (SluiceMigrationFolder *folder,
                                                            SluiceHistory         *history);
/* GListModel of SluiceStatusItem: the folder's order, with missing ones
 * placed by version. */
GListModel         *sluice_status_report_get_items         (SluiceStatusReport *self);
/* The highest applied version, NULL when nothing is applied. */
const char         *sluice_status_report_get_current_version (SluiceStatusReport *self);
guint               sluice_status_report_get_pending_count (SluiceStatusReport *self);
guint               sluice_status_report_count             (SluiceStatusReport   *self,
                                                            SluiceMigrationStatus status);
/* The most recent history entry (last change: who and when), or NULL. */
SluiceHistoryEntry *sluice_status_report_get_last_change   (SluiceStatusReport *self);

/* Whether sluice_status_report_list_versions() names @item. */
typedef gboolean (*SluiceStatusItemFilter) (SluiceStatusItem *item,
                                            gpointer          user_data);
/* "0016, 0017": the versions of the items @filter keeps, in the report's
 * order, for messages; NULL when it keeps none. */
char               *sluice_status_report_list_versions     (SluiceStatusReport     *self,
                                                            SluiceStatusItemFilter  filter,
                                                            gpointer                user_data);

G_END_DECLS
