/* sluice-migration-detail.c: one migration on the History page: when it
 * was applied, whether its file still matches, its SQL and its runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>

#include "sluice-history-format.h"
#include "sluice-history-page-private.h"
#include "sluice-migration-detail.h"

struct _SluiceMigrationDetail
{
  GtkWidget              parent_instance;

  SluiceHistory         *history;
  SluiceStatusItem      *item;
  SluiceConnection      *connection;   /* for the live index statistics */
  char                  *profile_id;   /* whose saved statistics to read */
  GCancellable          *stats_cancellable;

  GtkStack              *stack;
  GtkLabel              *detail_title;
  GtkLabel              *detail_subtitle;
  GtkLabel              *detail_status;
  GtkLabel              *applied_value;
  GtkImage              *checksum_icon;
  GtkLabel              *checksum_value;
  GtkLabel              *checksum_file;
  GtkLabel              *checksum_applied;
  GtkStack              *sql_stack;
  GtkStack              *up_stack;
  GtkStack              *down_stack;
  GtkSourceView         *up_view;
  GtkSourceView         *down_view;
  AdwStatusPage         *no_down_page;
  GtkListBox            *run_log_list;
  GtkWidget             *index_usage_box;
  GtkLabel              *index_usage_note;
  GtkListBox            *index_usage_list;
};

G_DEFINE_FINAL_TYPE (SluiceMigrationDetail, sluice_migration_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The key the history and the run log know this migration by. */
static const char *
get_item_key (SluiceStatusItem *item)
{
  SluiceMigration *migration = sluice_status_item_get_migration (item);
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);

  if (entry != NULL)
    return sluice_history_entry_get_key (entry);
  if (migration != NULL)
    return sluice_migration_get_history_key (migration);
  return sluice_status_item_get_version (item);
}

/* The detail pane --------------------------------------------------------- */

static void
update_style_scheme (SluiceMigrationDetail *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (style_manager)
                                                                ? "Adwaita-dark" : "Adwaita");
  for (guint i = 0; i < 2; i++)
    {
      GtkTextView *view = GTK_TEXT_VIEW (i == 0 ? self->up_view : self->down_view);

      gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (view)), scheme);
    }
}

static void
setup_source_views (SluiceMigrationDetail *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *sql = gtk_source_language_manager_get_language (languages, "sql");

  for (guint i = 0; i < 2; i++)
    {
      GtkTextView *view = GTK_TEXT_VIEW (i == 0 ? self->up_view : self->down_view);
      GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (view));

      gtk_source_buffer_set_language (buffer, sql);
      gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
      gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
    }

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);
}

static void
set_sql (GtkSourceView *view,
         const char    *sql)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autofree char *trimmed = g_strstrip (g_strdup (sql != NULL ? sql : ""));
  GtkTextIter start;

  gtk_text_buffer_set_text (buffer, trimmed, -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

static void
fill_detail_header (SluiceMigrationDetail *self,
                    SluiceStatusItem      *item)
{
  SluiceMigration *migration = sluice_status_item_get_migration (item);
  const char *name = sluice_status_item_get_name (item);
  const char * const *files = migration != NULL ? sluice_migration_get_files (migration) : NULL;
  g_autofree char *file = files != NULL && files[0] != NULL ? g_path_get_basename (files[0]) : NULL;
  g_autofree char *subtitle = NULL;

  gtk_label_set_label (self->detail_title, name != NULL && *name != '\0' ? name : sluice_status_item_get_version (item));

  if (file != NULL)
    /* Translators: a migration's version, then its file's name. */
    subtitle = g_strdup_printf (_("Version %s · %s"), sluice_status_item_get_version (item), file);
  else
    subtitle = g_strdup_printf (_("Version %s · no file in the folder"), sluice_status_item_get_version (item));

  gtk_label_set_label (self->detail_subtitle, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_subtitle),
                               files != NULL && files[0] != NULL ? files[0] : NULL);
  sluice_status_pill_set_status (GTK_WIDGET (self->detail_status), sluice_status_item_get_status (item));
}

static void
fill_applied (SluiceMigrationDetail *self,
              SluiceStatusItem      *item)
{
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
  g_autofree char *when = NULL;
  g_autofree char *took = NULL;
  g_autofree char *text = NULL;
  const char *who;

  if (entry == NULL)
    {
      gtk_label_set_label (self->applied_value, _("Not yet: this migration is pending here"));
      return;
    }

  when = sluice_format_date_time (sluice_history_entry_get_applied_at (entry));
  who = sluice_history_entry_get_applied_by (entry);
  took = sluice_format_duration_ms (sluice_history_entry_get_execution_ms (entry));

  if (sluice_history_entry_get_state (entry) != SLUICE_HISTORY_APPLIED)
    text = who != NULL
           /* Translators: when a migration failed, and the role that ran it. */
           ? g_strdup_printf (_("Failed %s, run by %s"), when, who)
           : g_strdup_printf (_("Failed %s"), when);
  else if (sluice_history_entry_get_execution_ms (entry) >= 0)
    text = who != NULL
           /* Translators: when, by which role, and how long it took. */
           ? g_strdup_printf (_("%s by %s, took %s"), when, who, took)
           : g_strdup_printf (_("%s, took %s"), when, took);
  else
    text = who != NULL ? g_strdup_printf (_("%s by %s"), when, who) : g_strdup (when);

  gtk_label_set_label (self->applied_value, text);
}

static void
set_checksum_line (GtkLabel   *label,
                   const char *caption,
                   const char *checksum)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (label), checksum != NULL);
  if (checksum == NULL)
    return;

  text = g_strdup_printf ("%s  %s", caption, checksum);
  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), checksum);
}

static void
fill_checksum (SluiceMigrationDetail *self,
               SluiceStatusItem      *item)
{
  SluiceMigration *migration = sluice_status_item_get_migration (item);
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
  const char *file_checksum = migration != NULL ? sluice_migration_get_checksum (migration) : NULL;
  const char *applied_checksum = entry != NULL ? sluice_history_entry_get_checksum (entry) : NULL;
  const char *icon = NULL;
  const char *style = NULL;
  const char *tooltip = NULL;
  const char *text;

  if (sluice_status_item_get_status (item) == SLUICE_STATUS_DRIFT)
    {
      icon = "dialog-warning-symbolic";
      style = "warning";
      text = _("The file changed after it was applied");
      tooltip = _("The database ran other SQL than the file holds now. Restore the file as it was, "
                  "or write a new migration for the change.");
    }
  else if (migration == NULL)
    text = _("No file to compare with: it is gone from the folder");
  else if (entry == NULL)
    text = _("Not applied yet: nothing to compare with");
  else if (file_checksum == NULL && applied_checksum == NULL)
    text = _("This tool keeps no checksums");
  else if (applied_checksum == NULL)
    text = _("The history recorded no checksum for it");
  else
    {
      icon = "emblem-ok-symbolic";
      style = "success";
      text = _("Matches: the file is as it was applied");
    }

  gtk_image_set_from_icon_name (self->checksum_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->checksum_icon), icon != NULL);
  gtk_widget_set_css_classes (GTK_WIDGET (self->checksum_icon),
                              (const char *[]) { style != NULL ? style : "dim-label", NULL });
  gtk_label_set_label (self->checksum_value, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->checksum_value), tooltip != NULL ? tooltip : text);

  /* Translators: captions before the two checksums, kept short. */
  set_checksum_line (self->checksum_file, _("File"), file_checksum);
  set_checksum_line (self->checksum_applied, _("Applied"), applied_checksum);
}

static void
fill_sql (SluiceMigrationDetail *self,
          SluiceStatusItem      *item)
{
  SluiceMigration *migration = sluice_status_item_get_migration (item);
  const char *down = migration != NULL ? sluice_migration_get_down_sql (migration) : NULL;

  set_sql (self->up_view, migration != NULL ? sluice_migration_get_up_sql (migration) : NULL);
  set_sql (self->down_view, down);
  gtk_stack_set_visible_child_name (self->up_stack, migration != NULL ? "sql" : "missing");
  gtk_stack_set_visible_child_name (self->down_stack, down != NULL ? "sql" : "none");

  if (migration == NULL)
    adw_status_page_set_description (self->no_down_page,
                                     _("The folder has no file for this migration."));
  else
    adw_status_page_set_description (self->no_down_page,
                                     _("This migration has no down section, so no script can roll it back. "
                                       "Restore from a backup or write a new migration that undoes it."));
}

/* What a run did, in words: "up" and "down" are Sluice's directions;
 * "deploy", "revert" and "fail" Sqitch's events. */
static const char *
describe_run (const char *direction,
              gboolean    success,
              gboolean    finished)
{
  gboolean backwards = g_strcmp0 (direction, "down") == 0 || g_strcmp0 (direction, "revert") == 0;

  if (g_strcmp0 (direction, "fail") == 0)
    return _("Failed to Deploy");
  if (success)
    return backwards ? _("Rolled Back") : _("Applied");
  if (!finished)
    return backwards ? _("Interrupted While Rolling Back") : _("Interrupted While Applying");
  return backwards ? _("Failed to Roll Back") : _("Failed to Apply");
}

static GtkWidget *
create_run_row (SluiceRunRecord *record)
{
  g_autofree char *direction = NULL;
  g_autofree char *error = NULL;
  g_autofree char *sqlstate = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *note = NULL;
  g_autoptr(GDateTime) started_at = NULL;
  g_autoptr(GDateTime) finished_at = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  gboolean success = FALSE;
  int done = 0, total = 0;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  g_object_get (record,
                "direction", &direction,
                "started-at", &started_at,
                "finished-at", &finished_at,
                "success", &success,
                "error", &error,
                "sqlstate", &sqlstate,
                "actor", &actor,
                "statements-done", &done,
                "statements-total", &total,
                "note", &note,
                NULL);

  when = sluice_format_date_time (started_at);
  if (actor != NULL)
    g_string_append_printf (subtitle, _("%s by %s"), when, actor);
  else
    g_string_append (subtitle, when);

  if (total > 0)
    {
      /* Translators: statements completed, of a run's total. */
      g_autofree char *statements = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of %d statement",
                                                                  "%d of %d statements", total),
                                                     done, total);

      g_string_append_printf (subtitle, " · %s", statements);
    }

  if (started_at != NULL && finished_at != NULL)
    {
      g_autofree char *took = sluice_format_duration_ms (g_date_time_difference (finished_at, started_at) / 1000);

      g_string_append_printf (subtitle, " · %s", took);
    }

  if (error != NULL && *error != '\0')
    {
      g_string_append_printf (subtitle, "\n%s", g_strstrip (error));
      if (sqlstate != NULL && *sqlstate != '\0')
        g_string_append_printf (subtitle, " (SQLSTATE %s)", sqlstate);
    }

  if (note != NULL && *note != '\0')
    g_string_append_printf (subtitle, "\n%s", note);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), describe_run (direction, success, finished_at != NULL));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  icon = gtk_image_new_from_icon_name (success ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_add_css_class (icon, success ? "success" : "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static GtkWidget *
create_placeholder_row (const char *title,
                        const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static void
fill_run_log (SluiceMigrationDetail *self,
              SluiceStatusItem      *item)
{
  GListModel *run_log = self->history != NULL ? sluice_history_get_run_log (self->history) : NULL;
  const char *key = get_item_key (item);
  GtkStackPage *page = gtk_stack_get_page (self->sql_stack, gtk_stack_get_child_by_name (self->sql_stack, "log"));
  g_autofree char *title = NULL;
  guint n_runs = 0;

  _sluice_history_page_clear_children (GTK_WIDGET (self->run_log_list));

  for (guint i = 0; run_log != NULL && i < g_list_model_get_n_items (run_log); i++)
    {
      g_autoptr(SluiceRunRecord) record = g_list_model_get_item (run_log, i);
      g_autofree char *record_key = NULL;

      g_object_get (record, "key", &record_key, NULL);
      if (g_strcmp0 (record_key, key) != 0)
        continue;

      gtk_list_box_append (self->run_log_list, create_run_row (record));
      n_runs++;
    }

  if (n_runs == 0)
    {
      SluiceHistoryTool tool = self->history != NULL ? sluice_history_get_tool (self->history)
                                                     : SLUICE_HISTORY_TOOL_NONE;

      if (tool == SLUICE_HISTORY_TOOL_SLUICE || tool == SLUICE_HISTORY_TOOL_SQITCH)
        gtk_list_box_append (self->run_log_list,
                             create_placeholder_row (_("No Runs Logged"),
                                                     _("No attempt to apply or roll back this migration was "
                                                       "recorded in this database.")));
      else
        {
          g_autofree char *subtitle = NULL;

          if (tool == SLUICE_HISTORY_TOOL_NONE)
            subtitle = g_strdup (_("This database has no history table yet, so no run was recorded."));
          else
            subtitle = g_strdup_printf (_("%s records which migrations are applied, not each attempt."),
                                        sluice_format_history_tool (tool));
          gtk_list_box_append (self->run_log_list, create_placeholder_row (_("No Run Log"), subtitle));
        }
    }

  /* Translators: the run log tab, with its number of runs. */
  title = n_runs > 0 ? g_strdup_printf (_("Run Log (%u)"), n_runs) : g_strdup (_("Run Log"));
  gtk_stack_page_set_title (page, title);
}

/* Index usage since the migration ------------------------------------------ */

typedef struct
{
  SluiceMigrationDetail *self;      /* weak: the cancellable says when it is gone */
  SluiceStatsSnapshot   *then;
} StatsLoad;

static void
stats_load_free (StatsLoad *load)
{
  g_clear_object (&load->then);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StatsLoad, stats_load_free)

static void
show_index_usage_note (SluiceMigrationDetail *self,
                       const char            *note)
{
  gtk_label_set_label (self->index_usage_note, note);
  gtk_widget_set_visible (GTK_WIDGET (self->index_usage_note), note != NULL);
  gtk_widget_set_visible (self->index_usage_box, TRUE);
}

static void
show_index_usage (SluiceMigrationDetail *self,
                  SluiceStatsSnapshot   *then,
                  SluiceStatsSnapshot   *now)
{
  g_autoptr(GPtrArray) changes = sluice_stats_snapshot_compare (then, now);
  g_autofree char *saved = sluice_format_date_time (sluice_stats_snapshot_get_taken_at (then));
  g_autofree char *note = NULL;

  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceIndexUsageChange *change = g_ptr_array_index (changes, i);
      g_autofree char *text = sluice_index_usage_change_describe (change);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *table = g_strdup_printf ("%s.%s", change->schema, change->table);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      if (change->table != NULL)
        {
          /* Translators: the table an index belongs to. */
          g_autofree char *subtitle = g_strdup_printf (_("On table %s"), table);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      gtk_list_box_append (self->index_usage_list, row);
    }

  if (changes->len == 0)
    /* Translators: when the statistics were saved. */
    note = g_strdup_printf (_("Statistics saved %s. The database has no indexes of its own tables "
                              "to compare."), saved);
  else
    /* Translators: when the statistics were saved. */
    note = g_strdup_printf (_("Statistics saved %s, right after this migration, compared with the "
                              "statistics now."), saved);

  show_index_usage_note (self, note);
}

static void
live_stats_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(StatsLoad) load = user_data;
  g_autoptr(SluiceStatsSnapshot) now = NULL;
  g_autoptr(GError) error = NULL;

  now = sluice_stats_snapshot_capture_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (now == NULL)
    {
      g_autofree char *note = g_strdup_printf (_("Statistics were saved after this migration, but the "
                                                 "statistics now could not be read: %s"),
                                               error->message);

      show_index_usage_note (load->self, note);
      return;
    }

  show_index_usage (load->self, load->then, now);
}

static void
load_snapshot_in_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  char **key = task_data;
  GError *error = NULL;
  SluiceStatsSnapshot *snapshot = sluice_stats_snapshot_load_for (key[0], key[1], &error);

  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, g_object_unref);
}

static void
saved_stats_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(StatsLoad) load = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  SluiceMigrationDetail *self = load->self;

  load->then = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (cancellable))
    return;

  /* Most runs saved no statistics: nothing to say about them. */
  if (g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND))
    return;

  if (load->then == NULL)
    {
      g_autofree char *note = g_strdup_printf (_("The statistics saved after this migration could not "
                                                 "be read: %s"), error->message);

      show_index_usage_note (self, note);
      return;
    }

  if (self->connection == NULL)
    {
      show_index_usage_note (self, _("Statistics were saved after this migration. Connect to the "
                                     "database to compare them with the statistics now."));
      return;
    }

  sluice_stats_snapshot_capture_async (self->connection, cancellable, live_stats_cb,
                                       g_steal_pointer (&load));
}

static void
fill_index_usage (SluiceMigrationDetail *self,
                  SluiceStatusItem      *item)
{
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);
  g_autoptr(GTask) task = NULL;
  StatsLoad *load;
  char **key;

  if (self->stats_cancellable != NULL)
    g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  _sluice_history_page_clear_children (GTK_WIDGET (self->index_usage_list));
  gtk_widget_set_visible (self->index_usage_box, FALSE);

  if (self->profile_id == NULL || entry == NULL ||
      sluice_history_entry_get_state (entry) != SLUICE_HISTORY_APPLIED)
    return;

  self->stats_cancellable = g_cancellable_new ();
  load = g_new0 (StatsLoad, 1);
  load->self = self;

  /* Reading a file: off the main thread. */
  key = g_new0 (char *, 3);
  key[0] = g_strdup (self->profile_id);
  key[1] = g_strdup (sluice_status_item_get_version (item));
  task = g_task_new (NULL, self->stats_cancellable, saved_stats_cb, load);
  g_task_set_source_tag (task, fill_index_usage);
  g_task_set_task_data (task, key, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, load_snapshot_in_thread);
}

static void
show_detail (SluiceMigrationDetail *self)
{
  SluiceStatusItem *item = self->item;

  if (item == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  fill_detail_header (self, item);
  fill_applied (self, item);
  fill_checksum (self, item);
  fill_sql (self, item);
  fill_run_log (self, item);
  fill_index_usage (self, item);

  /* A migration that did not run: its failure is the first thing to see. */
  if (sluice_status_item_get_status (item) == SLUICE_STATUS_FAILED)
    gtk_stack_set_visible_child_name (self->sql_stack, "log");
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->sql_stack), "log") == 0)
    gtk_stack_set_visible_child_name (self->sql_stack, "up");

  gtk_stack_set_visible_child_name (self->stack, "detail");
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_migration_detail_dispose (GObject *object)
{
  SluiceMigrationDetail *self = SLUICE_MIGRATION_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_MIGRATION_DETAIL);

  if (self->stats_cancellable != NULL)
    g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  g_clear_object (&self->item);
  g_clear_object (&self->history);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->profile_id, g_free);

  G_OBJECT_CLASS (sluice_migration_detail_parent_class)->dispose (object);
}

static void
sluice_migration_detail_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SluiceMigrationDetail *self = SLUICE_MIGRATION_DETAIL (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migration_detail_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  SluiceMigrationDetail *self = SLUICE_MIGRATION_DETAIL (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      sluice_migration_detail_set_history (self, g_value_get_object (value));
      break;
    case PROP_ITEM:
      sluice_migration_detail_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migration_detail_class_init (SluiceMigrationDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_migration_detail_dispose;
  object_class->get_property = sluice_migration_detail_get_property;
  object_class->set_property = sluice_migration_detail_set_property;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, SLUICE_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, SLUICE_TYPE_STATUS_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-migration-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, detail_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, detail_status);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, applied_value);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, checksum_icon);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, checksum_value);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, checksum_file);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, checksum_applied);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, sql_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, up_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, down_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, up_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, down_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, no_down_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, run_log_list);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, index_usage_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, index_usage_note);
  gtk_widget_class_bind_template_child (widget_class, SluiceMigrationDetail, index_usage_list);
}

static void
sluice_migration_detail_init (SluiceMigrationDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_source_views (self);
}

GtkWidget *
sluice_migration_detail_new (void)
{
  return g_object_new (SLUICE_TYPE_MIGRATION_DETAIL, NULL);
}

SluiceHistory *
sluice_migration_detail_get_history (SluiceMigrationDetail *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_DETAIL (self), NULL);
  return self->history;
}

void
sluice_migration_detail_set_history (SluiceMigrationDetail *self,
                                     SluiceHistory         *history)
{
  g_return_if_fail (SLUICE_IS_MIGRATION_DETAIL (self));
  g_return_if_fail (history == NULL || SLUICE_IS_HISTORY (history));

  if (!g_set_object (&self->history, history))
    return;

  /* The run log shown came from the other history. */
  if (self->item != NULL)
    show_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

SluiceStatusItem *
sluice_migration_detail_get_item (SluiceMigrationDetail *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATION_DETAIL (self), NULL);
  return self->item;
}

void
sluice_migration_detail_set_item (SluiceMigrationDetail *self,
                                  SluiceStatusItem      *item)
{
  g_return_if_fail (SLUICE_IS_MIGRATION_DETAIL (self));
  g_return_if_fail (item == NULL || SLUICE_IS_STATUS_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  show_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * sluice_migration_detail_set_stats_source:
 * @connection: (nullable): the open connection to read the statistics now
 * @profile_id: (nullable): the profile whose saved statistics to read
 *
 * Where the "Index Usage Since This Migration" group reads from.
 */
void
sluice_migration_detail_set_stats_source (SluiceMigrationDetail *self,
                                          SluiceConnection      *connection,
                                          const char            *profile_id)
{
  g_return_if_fail (SLUICE_IS_MIGRATION_DETAIL (self));
  g_return_if_fail (connection == NULL || SLUICE_IS_CONNECTION (connection));

  g_set_object (&self->connection, connection);
  if (g_strcmp0 (self->profile_id, profile_id) != 0)
    {
      g_free (self->profile_id);
      self->profile_id = g_strdup (profile_id);
    }

  if (self->item != NULL)
    fill_index_usage (self, self->item);
}
