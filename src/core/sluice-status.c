/* sluice-status.c: joining a folder's migrations with a database's history
 *
 * Pure: no I/O.  The rules are documented in sluice-status.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-history-private.h"
#include "sluice-status-private.h"

#define N_STATUSES (SLUICE_STATUS_OUT_OF_ORDER + 1)

struct _SluiceStatusReport
{
  GObject             parent_instance;

  GListStore         *items;
  char               *current_version;
  guint               counts[N_STATUSES];
  SluiceHistoryEntry *last_change;
};

G_DEFINE_FINAL_TYPE (SluiceStatusReport, sluice_status_report, G_TYPE_OBJECT)

/* What the join needs to know, beyond the two lists. */
typedef struct
{
  SluiceHistory      *history;
  SluiceHistoryTool   tool;
  gboolean            compare_checksums;
  /* The highest version an entry covering lower ones names, or NULL. */
  const char         *covered_below;
  /* The highest version of an applied versioned entry, or NULL. */
  const char         *highest_applied;
  GHashTable         *joined_keys;
  /* Entries a migration took already: one row is one migration. */
  GHashTable         *joined_entries;
} Join;

static void
sluice_status_report_finalize (GObject *object)
{
  SluiceStatusReport *self = (SluiceStatusReport *)object;

  g_clear_object (&self->items);
  g_clear_pointer (&self->current_version, g_free);
  g_clear_object (&self->last_change);

  G_OBJECT_CLASS (sluice_status_report_parent_class)->finalize (object);
}

static void
sluice_status_report_class_init (SluiceStatusReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_status_report_finalize;
}

static void
sluice_status_report_init (SluiceStatusReport *self)
{
  self->items = g_list_store_new (SLUICE_TYPE_STATUS_ITEM);
}

/* Checksums */

static gboolean
checksums_follow_one_rule (SluiceHistoryTool     tool,
                           SluiceMigrationFormat format)
{
  if (tool == SLUICE_HISTORY_TOOL_SLUICE)
    return TRUE;

  return format != SLUICE_MIGRATION_FORMAT_AUTO && sluice_history_tool_get_format (tool) == format;
}

static gboolean
checksums_differ (const Join      *join,
                  SluiceMigration *migration,
                  SluiceHistoryEntry *entry)
{
  const char *file = sluice_migration_get_checksum (migration);
  const char *recorded = sluice_history_entry_get_checksum (entry);

  if (!join->compare_checksums || file == NULL || recorded == NULL)
    return FALSE;

  if (join->tool == SLUICE_HISTORY_TOOL_HAND_ROLLED && strlen (file) != strlen (recorded))
    return FALSE;

  /* Hex digests are compared without regard to case. */
  return g_ascii_strcasecmp (file, recorded) != 0;
}

/* Classifying */

static gboolean
is_repeatable (SluiceMigration    *migration,
               SluiceHistoryEntry *entry)
{
  return (migration != NULL && sluice_migration_get_kind (migration) == SLUICE_MIGRATION_REPEATABLE) ||
         (entry != NULL && _sluice_history_entry_get_repeatable (entry));
}

static gboolean
version_at_or_below (SluiceMigration *migration,
                     const char      *version)
{
  return version != NULL &&
         sluice_version_compare (sluice_migration_get_version (migration), version) <= 0;
}

/* Applied without a row of its own: below golang-migrate's single row or
 * a Flyway baseline (a baseline of version 2 stands for V2 as well); or a
 * Flyway baseline migration in a database that versioned migrations have
 * already brought past it, which Flyway never runs. */
static gboolean
is_covered (const Join      *join,
            SluiceMigration *migration)
{
  if (is_repeatable (migration, NULL))
    return FALSE;

  if (version_at_or_below (migration, join->covered_below))
    return TRUE;

  return sluice_migration_get_kind (migration) == SLUICE_MIGRATION_BASELINE &&
         version_at_or_below (migration, join->highest_applied);
}

static SluiceMigrationStatus
classify (const Join         *join,
          SluiceMigration    *migration,
          SluiceHistoryEntry *entry)
{
  if (entry == NULL)
    return is_covered (join, migration) ? SLUICE_STATUS_APPLIED : SLUICE_STATUS_PENDING;

  if (sluice_history_entry_get_state (entry) != SLUICE_HISTORY_APPLIED)
    return SLUICE_STATUS_FAILED;

  if (checksums_differ (join, migration, entry))
    return is_repeatable (migration, entry) ? SLUICE_STATUS_PENDING : SLUICE_STATUS_DRIFT;

  return SLUICE_STATUS_APPLIED;
}

static const char *
migration_key (SluiceMigration *migration)
{
  const char *key = sluice_migration_get_history_key (migration);

  return key != NULL ? key : sluice_migration_get_version (migration);
}

static const char *
find_covered_below (SluiceHistory *history)
{
  GListModel *entries = sluice_history_get_entries (history);
  guint n_items = g_list_model_get_n_items (entries);
  const char *highest = NULL;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceHistoryEntry) entry = g_list_model_get_item (entries, i);
      const char *version = sluice_history_entry_get_version (entry);

      if (_sluice_history_entry_get_covers_lower (entry) &&
          (highest == NULL || sluice_version_compare (version, highest) > 0))
        highest = version;
    }

  return highest;
}

/* The highest version of an applied entry that is neither a baseline nor
 * a repeatable. */
static const char *
find_highest_applied (SluiceHistory *history)
{
  GListModel *entries = sluice_history_get_entries (history);
  guint n_items = g_list_model_get_n_items (entries);
  const char *highest = NULL;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceHistoryEntry) entry = g_list_model_get_item (entries, i);
      const char *version = sluice_history_entry_get_version (entry);

      if (sluice_history_entry_get_state (entry) == SLUICE_HISTORY_APPLIED &&
          !_sluice_history_entry_get_baseline (entry) && !_sluice_history_entry_get_repeatable (entry) &&
          (highest == NULL || sluice_version_compare (version, highest) > 0))
        highest = version;
    }

  return highest;
}

/* A Flyway B file and V file of one version share their key; the row's
 * type says which of the two it records. */
static gboolean
same_kind (SluiceMigration    *migration,
           SluiceHistoryEntry *entry)
{
  return (sluice_migration_get_kind (migration) == SLUICE_MIGRATION_BASELINE) ==
         !!_sluice_history_entry_get_baseline (entry);
}

/* A Sqitch change reworked in the plan, whose earlier form the folder
 * calls name@tag, but whose registry row has the bare name: deployed only
 * in that form so far, or read without sqitch.tags.  The row of the name
 * is the earlier form's when the deploy scripts match (the registry does
 * not allow two rows of one project with one script hash). */
static SluiceHistoryEntry *
find_reworked_entry (const Join      *join,
                     SluiceMigration *migration,
                     const char      *key)
{
  GListModel *entries = sluice_history_get_entries (join->history);
  const char *file = sluice_migration_get_checksum (migration);
  const char *at = strchr (key, '@');
  g_autofree char *name = NULL;

  if (join->tool != SLUICE_HISTORY_TOOL_SQITCH || at == NULL || file == NULL)
    return NULL;

  name = g_strndup (key, at - key);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(SluiceHistoryEntry) entry = g_list_model_get_item (entries, i);
      const char *recorded = sluice_history_entry_get_checksum (entry);

      if (g_str_equal (sluice_history_entry_get_key (entry), name) &&
          recorded != NULL && g_ascii_strcasecmp (file, recorded) == 0)
        return entry;   /* the history keeps it */
    }

  return NULL;
}

/* The latest entry of the migration's key, unless it records another kind
 * of migration or another migration took it already. */
static SluiceHistoryEntry *
find_entry (const Join      *join,
            SluiceMigration *migration)
{
  const char *key = migration_key (migration);
  SluiceHistoryEntry *entry = sluice_history_find (join->history, key);

  if (entry == NULL)
    entry = find_reworked_entry (join, migration, key);

  if (entry == NULL || !same_kind (migration, entry) ||
      g_hash_table_contains (join->joined_entries, entry))
    return NULL;

  return entry;
}

static GPtrArray *
join_folder (Join       *join,
             GListModel *migrations)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items = g_list_model_get_n_items (migrations);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceMigration) migration = g_list_model_get_item (migrations, i);
      SluiceHistoryEntry *entry = find_entry (join, migration);

      if (entry != NULL)
        {
          g_hash_table_add (join->joined_keys, (gpointer) sluice_history_entry_get_key (entry));
          g_hash_table_add (join->joined_entries, entry);
        }
      g_ptr_array_add (items, _sluice_status_item_new (classify (join, migration, entry),
                                                       migration, entry));
    }

  return items;
}

/* Entries no file has, in history order: their latest entry only. */
static GPtrArray *
unjoined_entries (Join     *join,
                  gboolean  have_folder)
{
  GListModel *entries = sluice_history_get_entries (join->history);
  guint n_items = g_list_model_get_n_items (entries);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceHistoryEntry) entry = g_list_model_get_item (entries, i);
      const char *key = sluice_history_entry_get_key (entry);
      gboolean applied = sluice_history_entry_get_state (entry) == SLUICE_HISTORY_APPLIED;
      SluiceMigrationStatus status;

      if (sluice_history_find (join->history, key) != entry ||
          g_hash_table_contains (join->joined_keys, key) ||
          _sluice_history_entry_get_marker (entry))
        continue;

      if (!applied)
        status = SLUICE_STATUS_FAILED;
      else
        status = have_folder ? SLUICE_STATUS_MISSING : SLUICE_STATUS_APPLIED;
      g_ptr_array_add (items, _sluice_status_item_new (status, NULL, entry));
    }

  return items;
}

/* Ordering */

static gboolean
placed_by_version (const Join       *join,
                   SluiceStatusItem *item)
{
  return join->tool != SLUICE_HISTORY_TOOL_SQITCH &&
         !is_repeatable (sluice_status_item_get_migration (item), sluice_status_item_get_entry (item));
}

static int
compare_item_versions (gconstpointer a,
                       gconstpointer b)
{
  return sluice_version_compare (sluice_status_item_get_version (*(SluiceStatusItem **) a),
                                 sluice_status_item_get_version (*(SluiceStatusItem **) b));
}

/* The folder's items keep their order; the others go before the first
 * folder item of a higher version (both lists are in version order). */
static GPtrArray *
merge_items (const Join *join,
             GPtrArray  *folder_items,
             GPtrArray  *other_items)
{
  g_autoptr(GPtrArray) by_version = g_ptr_array_new ();
  g_autoptr(GPtrArray) at_end = g_ptr_array_new ();
  GPtrArray *merged = g_ptr_array_new_with_free_func (g_object_unref);
  guint next = 0;

  for (guint i = 0; i < other_items->len; i++)
    {
      SluiceStatusItem *item = g_ptr_array_index (other_items, i);

      g_ptr_array_add (placed_by_version (join, item) ? by_version : at_end, item);
    }
  g_ptr_array_sort (by_version, compare_item_versions);

  for (guint i = 0; i < folder_items->len; i++)
    {
      SluiceStatusItem *item = g_ptr_array_index (folder_items, i);

      /* A folder's repeatables come after all its versioned migrations. */
      for (; next < by_version->len; next++)
        {
          SluiceStatusItem *other = g_ptr_array_index (by_version, next);

          if (placed_by_version (join, item) && compare_item_versions (&other, &item) > 0)
            break;
          g_ptr_array_add (merged, g_object_ref (other));
        }
      g_ptr_array_add (merged, g_object_ref (item));
    }

  for (; next < by_version->len; next++)
    g_ptr_array_add (merged, g_object_ref (g_ptr_array_index (by_version, next)));
  for (guint i = 0; i < at_end->len; i++)
    g_ptr_array_add (merged, g_object_ref (g_ptr_array_index (at_end, i)));

  return merged;
}

/* Out of order */

typedef struct
{
  SluiceStatusItem *item;
  guint             position;
} Applied;

static int
compare_applied_order (gconstpointer a,
                       gconstpointer b)
{
  const Applied *applied_a = a;
  const Applied *applied_b = b;
  SluiceHistoryEntry *entry_a = sluice_status_item_get_entry (applied_a->item);
  SluiceHistoryEntry *entry_b = sluice_status_item_get_entry (applied_b->item);
  guint rank_a = sluice_history_entry_get_rank (entry_a);
  guint rank_b = sluice_history_entry_get_rank (entry_b);
  GDateTime *at_a = sluice_history_entry_get_applied_at (entry_a);
  GDateTime *at_b = sluice_history_entry_get_applied_at (entry_b);

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;
  if (at_a != NULL && at_b != NULL && !g_date_time_equal (at_a, at_b))
    return g_date_time_compare (at_a, at_b);

  return (applied_a->position > applied_b->position) - (applied_a->position < applied_b->position);
}

/* Walks the applied items in the order they were applied: one that comes
 * before the furthest item applied so far was applied out of order. */
static void
mark_out_of_order (const Join *join,
                   GPtrArray  *items,
                   gboolean    have_folder)
{
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (Applied));
  guint furthest = 0;

  if (!have_folder && join->tool == SLUICE_HISTORY_TOOL_SQITCH)
    return;

  for (guint i = 0; i < items->len; i++)
    {
      SluiceStatusItem *item = g_ptr_array_index (items, i);
      SluiceMigrationStatus status = sluice_status_item_get_status (item);
      SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
      Applied one = { item, i };

      if (entry == NULL || (have_folder && sluice_status_item_get_migration (item) == NULL) ||
          (status != SLUICE_STATUS_APPLIED && status != SLUICE_STATUS_DRIFT) ||
          !placed_by_version (join, item))
        continue;
      g_array_append_val (applied, one);
    }

  g_array_sort (applied, compare_applied_order);

  for (guint i = 0; i < applied->len; i++)
    {
      Applied *one = &g_array_index (applied, Applied, i);

      if (i > 0 && one->position < furthest &&
          sluice_status_item_get_status (one->item) == SLUICE_STATUS_APPLIED)
        _sluice_status_item_set_status (one->item, SLUICE_STATUS_OUT_OF_ORDER);
      furthest = MAX (furthest, one->position);
    }
}

/* Figures */

static gboolean
status_is_applied (SluiceMigrationStatus status)
{
  return status == SLUICE_STATUS_APPLIED || status == SLUICE_STATUS_DRIFT ||
         status == SLUICE_STATUS_OUT_OF_ORDER || status == SLUICE_STATUS_MISSING;
}

static SluiceHistoryEntry *
find_last_change (SluiceHistory *history)
{
  GListModel *entries = sluice_history_get_entries (history);
  guint n_items = g_list_model_get_n_items (entries);
  SluiceHistoryEntry *last = NULL;

  for (guint i = 0; i < n_items; i++)
    {
      SluiceHistoryEntry *entry = g_list_model_get_item (entries, i);
      GDateTime *at = sluice_history_entry_get_applied_at (entry);
      GDateTime *last_at = last != NULL ? sluice_history_entry_get_applied_at (last) : NULL;
      gboolean later;

      g_object_unref (entry);  /* the history keeps it */

      if (last == NULL)
        later = TRUE;
      else if (at != NULL && last_at != NULL && !g_date_time_equal (at, last_at))
        later = g_date_time_compare (at, last_at) > 0;
      else if ((at == NULL) != (last_at == NULL))
        later = at != NULL;
      else
        later = sluice_history_entry_get_rank (entry) >= sluice_history_entry_get_rank (last);

      if (later)
        last = entry;
    }

  return last;
}

/* Whether @item is a later current version than @current (NULL: none yet). */
static gboolean
is_later_version (const Join       *join,
                  SluiceStatusItem *item,
                  SluiceStatusItem *current)
{
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
  SluiceHistoryEntry *current_entry;

  if (current == NULL)
    return TRUE;

  /* Items come in version order; Sqitch's change names have none, so its
   * latest deployed change is the current one. */
  if (join->tool != SLUICE_HISTORY_TOOL_SQITCH)
    return TRUE;

  current_entry = sluice_status_item_get_entry (current);
  return entry != NULL &&
         (current_entry == NULL ||
          sluice_history_entry_get_rank (entry) > sluice_history_entry_get_rank (current_entry));
}

static void
compute_figures (SluiceStatusReport *self,
                 const Join         *join)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  SluiceStatusItem *current = NULL;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      SluiceMigrationStatus status = sluice_status_item_get_status (item);

      self->counts[status]++;
      if (status_is_applied (status) &&
          !is_repeatable (sluice_status_item_get_migration (item), sluice_status_item_get_entry (item)) &&
          is_later_version (join, item, current))
        current = item;  /* the list keeps it */
    }

  if (current != NULL)
    self->current_version = g_strdup (sluice_status_item_get_version (current));
}

SluiceStatusReport *
_sluice_status_report_new_for_migrations (GListModel            *migrations,
                                          SluiceMigrationFormat  format,
                                          SluiceHistory         *history)
{
  SluiceStatusReport *self = g_object_new (SLUICE_TYPE_STATUS_REPORT, NULL);
  g_autoptr(SluiceHistory) empty = NULL;
  g_autoptr(GHashTable) joined_keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) joined_entries = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) folder_items = NULL;
  g_autoptr(GPtrArray) other_items = NULL;
  g_autoptr(GPtrArray) items = NULL;
  Join join = { 0 };

  if (history == NULL)
    history = empty = _sluice_history_new_for_entries (SLUICE_HISTORY_TOOL_NONE, NULL);

  join.history = history;
  join.tool = sluice_history_get_tool (history);
  join.compare_checksums = checksums_follow_one_rule (join.tool, format);
  join.covered_below = find_covered_below (history);
  join.highest_applied = find_highest_applied (history);
  join.joined_keys = joined_keys;
  join.joined_entries = joined_entries;

  folder_items = migrations != NULL ? join_folder (&join, migrations)
                                    : g_ptr_array_new_with_free_func (g_object_unref);
  other_items = unjoined_entries (&join, migrations != NULL);
  items = merge_items (&join, folder_items, other_items);
  mark_out_of_order (&join, items, migrations != NULL);

  g_list_store_splice (self->items, 0, 0, items->pdata, items->len);
  compute_figures (self, &join);
  g_set_object (&self->last_change, find_last_change (history));

  return self;
}

SluiceStatusReport *
sluice_status_report_new (SluiceMigrationFolder *folder,
                          SluiceHistory         *history)
{
  g_return_val_if_fail (!folder || SLUICE_IS_MIGRATION_FOLDER (folder), NULL);
  g_return_val_if_fail (!history || SLUICE_IS_HISTORY (history), NULL);

  if (folder == NULL)
    return _sluice_status_report_new_for_migrations (NULL, SLUICE_MIGRATION_FORMAT_AUTO, history);

  return _sluice_status_report_new_for_migrations (sluice_migration_folder_get_migrations (folder),
                                                   sluice_migration_folder_get_format (folder),
                                                   history);
}

GListModel *
sluice_status_report_get_items (SluiceStatusReport *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_REPORT (self), NULL);

  return G_LIST_MODEL (self->items);
}

const char *
sluice_status_report_get_current_version (SluiceStatusReport *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_REPORT (self), NULL);

  return self->current_version;
}

guint
sluice_status_report_get_pending_count (SluiceStatusReport *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_REPORT (self), 0);

  return self->counts[SLUICE_STATUS_PENDING];
}

guint
sluice_status_report_count (SluiceStatusReport    *self,
                            SluiceMigrationStatus  status)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_REPORT (self), 0);
  g_return_val_if_fail (status < N_STATUSES, 0);

  return self->counts[status];
}

SluiceHistoryEntry *
sluice_status_report_get_last_change (SluiceStatusReport *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_REPORT (self), NULL);

  return self->last_change;
}

char *
sluice_status_report_list_versions (SluiceStatusReport     *self,
                                    SluiceStatusItemFilter  filter,
                                    gpointer                user_data)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) versions = NULL;
  GListModel *items;

  g_return_val_if_fail (SLUICE_IS_STATUS_REPORT (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  items = G_LIST_MODEL (self->items);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

      if (filter (item, user_data))
        g_strv_builder_add (builder, sluice_status_item_get_version (item));
    }

  versions = g_strv_builder_end (builder);
  return versions[0] != NULL ? g_strjoinv (", ", versions) : NULL;
}
