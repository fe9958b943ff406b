/* sluice-plan-detail.c: every field of one plan node, and the statement
 * with what the node reads highlighted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>
#include <math.h>

#include "sluice-plan-detail.h"
#include "sluice-plan-format.h"

#define HIGHLIGHT_TAG "relation-highlight"

struct _SluicePlanDetail
{
  GtkWidget        parent_instance;

  SluicePlan      *plan;
  SluicePlanNode  *node;
  GHashTable      *fields;        /* name -> value, as shown */
  guint            n_highlights;

  GtkStack        *stack;
  GtkLabel        *title;
  GtkLabel        *subtitle;
  GtkBox          *groups;
  GtkWidget       *statement_group;
  GtkSourceView   *statement_view;
  GtkTextTag      *highlight_tag;
};

G_DEFINE_FINAL_TYPE (SluicePlanDetail, sluice_plan_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAN,
  PROP_NODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows --------------------------------------------------------------------- */

/* Values longer than this go under their name, across the pane. */
#define SHORT_VALUE_CHARS 24

static GtkWidget *
new_value_label (const char *value)
{
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_can_focus (label, FALSE);
  gtk_widget_add_css_class (label, "plan-field-value");
  return label;
}

/* A short value beside its name, as an AdwActionRow shows a suffix. */
static GtkWidget *
new_short_row (const char *name,
               const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = new_value_label (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

/* A long value (a condition, an output list) under its name, wrapped to
 * the pane's width. */
static GtkWidget *
new_long_row (const char *name,
              const char *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *label = new_value_label (value);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "plan-field-row");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_add_css_class (title, "caption");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
add_field (SluicePlanDetail *self,
           GtkWidget        *group,
           const char       *name,
           const char       *value)
{
  if (value == NULL || *value == '\0')
    return;

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             g_utf8_strlen (value, -1) > SHORT_VALUE_CHARS ? new_long_row (name, value)
                                                                            : new_short_row (name, value));
  g_hash_table_insert (self->fields, g_strdup (name), g_strdup (value));
}

static void
add_field_take (SluicePlanDetail *self,
                GtkWidget        *group,
                const char       *name,
                char             *value)
{
  add_field (self, group, name, value);
  g_free (value);
}

static void
add_count (SluicePlanDetail *self,
           GtkWidget        *group,
           const char       *name,
           double            count)
{
  if (count >= 0)
    add_field_take (self, group, name, sluice_plan_format_count (count));
}

/* A count EXPLAIN gives per loop: with more than one loop, also in all. */
static void
add_per_loop_count (SluicePlanDetail *self,
                    GtkWidget        *group,
                    const char       *name,
                    double            per_loop,
                    double            loops)
{
  g_autofree char *each = NULL;
  g_autofree char *all = NULL;

  if (per_loop < 0)
    return;
  if (loops <= 1)
    {
      add_count (self, group, name, per_loop);
      return;
    }

  each = sluice_plan_format_count (per_loop);
  all = sluice_plan_format_count (per_loop * loops);
  /* Translators: a count per loop, then in all the loops. */
  add_field_take (self, group, name, g_strdup_printf (_("%s per loop, %s in all"), each, all));
}

static void
add_ms (SluicePlanDetail *self,
        GtkWidget        *group,
        const char       *name,
        double            ms)
{
  if (ms >= 0)
    add_field_take (self, group, name, sluice_plan_format_ms (ms));
}

static void
add_kb (SluicePlanDetail *self,
        GtkWidget        *group,
        const char       *name,
        gint64            kb)
{
  if (kb >= 0)
    add_field_take (self, group, name, g_format_size ((guint64) kb * 1024));
}

static GtkWidget *
new_group (const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  return group;
}

/* Appends @group when it holds rows; drops it otherwise. */
static void
append_group (SluicePlanDetail *self,
              GtkWidget        *group,
              guint             fields_before)
{
  if (g_hash_table_size (self->fields) > fields_before)
    gtk_box_append (self->groups, group);
  else
    g_object_unref (g_object_ref_sink (group));
}

/* Groups ------------------------------------------------------------------- */

static void
add_node_group (SluicePlanDetail *self,
                SluicePlanNode   *node)
{
  GtkWidget *group = new_group (_("Node"));
  guint before = g_hash_table_size (self->fields);
  const char *schema = sluice_plan_node_get_schema (node);
  const char *relation = sluice_plan_node_get_relation_name (node);
  SluicePlanRelationship relationship = sluice_plan_node_get_relationship (node);

  add_field (self, group, _("Node Type"), sluice_plan_node_get_node_type (node));
  if (g_strcmp0 (sluice_plan_node_get_title (node), sluice_plan_node_get_node_type (node)) != 0)
    add_field (self, group, _("Shown As"), sluice_plan_node_get_title (node));
  if (relation != NULL && schema != NULL)
    add_field_take (self, group, _("Relation"), g_strdup_printf ("%s.%s", schema, relation));
  else
    add_field (self, group, _("Relation"), relation);
  add_field (self, group, _("Alias"), sluice_plan_node_get_alias (node));
  add_field (self, group, _("Index"), sluice_plan_node_get_index_name (node));
  add_field (self, group, _("CTE"), sluice_plan_node_get_cte_name (node));
  add_field (self, group, _("Function"), sluice_plan_node_get_function_name (node));
  add_field (self, group, _("Join Type"), sluice_plan_node_get_join_type (node));
  add_field (self, group, _("Strategy"), sluice_plan_node_get_strategy (node));
  add_field (self, group, _("Partial Mode"), sluice_plan_node_get_partial_mode (node));
  add_field (self, group, _("Operation"), sluice_plan_node_get_operation (node));
  add_field (self, group, _("Scan Direction"), sluice_plan_node_get_scan_direction (node));
  if (relationship != SLUICE_PLAN_RELATIONSHIP_NONE)
    add_field (self, group, _("Parent Relationship"), sluice_plan_relationship_to_string (relationship));
  add_field (self, group, _("Subplan"), sluice_plan_node_get_subplan_name (node));
  if (sluice_plan_node_get_parallel_aware (node))
    add_field (self, group, _("Parallel Aware"), _("Yes"));
  if (sluice_plan_node_get_async_capable (node))
    add_field (self, group, _("Async Capable"), _("Yes"));
  /* Lines of JSON say little; those of psql's text find the node in it. */
  if (sluice_plan_node_get_line (node) > 0 && self->plan != NULL &&
      sluice_plan_get_source_format (self->plan) == SLUICE_PLAN_FORMAT_TEXT)
    add_field_take (self, group, _("Line in the Plan"), g_strdup_printf ("%u", sluice_plan_node_get_line (node)));

  append_group (self, group, before);
}

static void
add_time_group (SluicePlanDetail *self,
                SluicePlanNode   *node)
{
  GtkWidget *group;
  guint before = g_hash_table_size (self->fields);

  if (!sluice_plan_node_has_actuals (node))
    return;

  group = new_group (_("Time"));
  if (sluice_plan_node_has_timing (node))
    {
      add_ms (self, group, _("Own Time"), sluice_plan_node_get_exclusive_ms (node));
      add_ms (self, group, _("With the Nodes Below"), sluice_plan_node_get_inclusive_ms (node));
      add_field_take (self, group, _("Share of the Total"),
                      sluice_plan_format_share (sluice_plan_node_get_share (node)));
      add_ms (self, group, _("Actual Startup Time (per loop)"), sluice_plan_node_get_actual_startup_ms (node));
      add_ms (self, group, _("Actual Total Time (per loop)"), sluice_plan_node_get_actual_total_ms (node));
    }
  else
    {
      add_field (self, group, _("Timing"), _("Off (EXPLAIN ran with TIMING OFF)"));
    }
  if (sluice_plan_node_get_processes (node) > 1)
    add_field_take (self, group, _("Processes Sharing the Time"),
                    g_strdup_printf ("%.0f", sluice_plan_node_get_processes (node)));
  if (sluice_plan_node_get_actual_loops (node) == 0)
    add_field (self, group, _("Ran"), _("Never (the node was not executed)"));

  append_group (self, group, before);
}

static char *
describe_misestimate (SluicePlanNode *node)
{
  double factor = sluice_plan_node_get_misestimate (node);

  switch (sluice_plan_node_get_estimate (node))
    {
    case SLUICE_PLAN_ESTIMATE_UNDER:
      /* Translators: more rows came than the planner estimated. */
      return g_strdup_printf (_("%.1fx more rows than estimated"), factor);
    case SLUICE_PLAN_ESTIMATE_OVER:
      /* Translators: fewer rows came than the planner estimated. */
      return g_strdup_printf (_("%.1fx fewer rows than estimated"), factor);
    case SLUICE_PLAN_ESTIMATE_EXACT:
      return g_strdup (_("As estimated"));
    case SLUICE_PLAN_ESTIMATE_UNKNOWN:
    default:
      return NULL;
    }
}

static void
add_rows_group (SluicePlanDetail *self,
                SluicePlanNode   *node)
{
  GtkWidget *group = new_group (_("Rows"));
  guint before = g_hash_table_size (self->fields);
  double loops = sluice_plan_node_has_actuals (node) ? sluice_plan_node_get_actual_loops (node) : 1;

  if (sluice_plan_node_has_actuals (node))
    {
      add_count (self, group, _("Actual Rows (per loop)"), sluice_plan_node_get_actual_rows (node));
      add_count (self, group, _("Estimated Rows (per loop)"), sluice_plan_node_get_plan_rows (node));
      add_field_take (self, group, _("Estimate"), describe_misestimate (node));
      add_count (self, group, _("Loops"), sluice_plan_node_get_actual_loops (node));
      add_count (self, group, _("Rows in All Loops"), sluice_plan_node_get_total_rows (node));
    }
  else
    {
      add_count (self, group, _("Estimated Rows"), sluice_plan_node_get_plan_rows (node));
    }
  if (sluice_plan_node_get_plan_width (node) > 0)
    add_field_take (self, group, _("Row Width"),
                    /* Translators: the estimated average width of a row. */
                    g_strdup_printf (_("%d bytes"), sluice_plan_node_get_plan_width (node)));
  add_per_loop_count (self, group, _("Rows Removed by Filter"),
                      sluice_plan_node_get_rows_removed_by_filter (node), loops);
  add_per_loop_count (self, group, _("Rows Removed by Join Filter"),
                      sluice_plan_node_get_rows_removed_by_join_filter (node), loops);
  add_per_loop_count (self, group, _("Rows Removed by Index Recheck"),
                      sluice_plan_node_get_rows_removed_by_index_recheck (node), loops);
  add_count (self, group, _("Heap Fetches"), sluice_plan_node_get_heap_fetches (node));
  if (sluice_plan_node_get_exact_heap_blocks (node) >= 0)
    add_count (self, group, _("Exact Heap Blocks"), (double) sluice_plan_node_get_exact_heap_blocks (node));
  if (sluice_plan_node_get_lossy_heap_blocks (node) >= 0)
    add_count (self, group, _("Lossy Heap Blocks"), (double) sluice_plan_node_get_lossy_heap_blocks (node));

  append_group (self, group, before);
}

static void
add_cost_group (SluicePlanDetail *self,
                SluicePlanNode   *node)
{
  GtkWidget *group = new_group (_("Planner’s Cost"));
  guint before = g_hash_table_size (self->fields);

  if (sluice_plan_node_get_total_cost (node) > 0 || sluice_plan_node_get_startup_cost (node) > 0)
    {
      add_field_take (self, group, _("Startup Cost"), g_strdup_printf ("%.2f", sluice_plan_node_get_startup_cost (node)));
      add_field_take (self, group, _("Total Cost"), g_strdup_printf ("%.2f", sluice_plan_node_get_total_cost (node)));
    }

  append_group (self, group, before);
}

static void
add_conditions_group (SluicePlanDetail *self,
                      SluicePlanNode   *node)
{
  GtkWidget *group = new_group (_("Conditions and Keys"));
  guint before = g_hash_table_size (self->fields);

  add_field (self, group, _("Index Cond"), sluice_plan_node_get_index_cond (node));
  add_field (self, group, _("Recheck Cond"), sluice_plan_node_get_recheck_cond (node));
  add_field (self, group, _("Filter"), sluice_plan_node_get_filter (node));
  add_field (self, group, _("Join Filter"), sluice_plan_node_get_join_filter (node));
  add_field (self, group, _("Hash Cond"), sluice_plan_node_get_hash_cond (node));
  add_field (self, group, _("Merge Cond"), sluice_plan_node_get_merge_cond (node));
  add_field (self, group, _("Sort Key"), sluice_plan_node_get_sort_key (node));
  add_field (self, group, _("Group Key"), sluice_plan_node_get_group_key (node));
  add_field (self, group, _("Output"), sluice_plan_node_get_output (node));

  append_group (self, group, before);
}

static char *
format_used_planned (gint64 used,
                     gint64 planned)
{
  g_autofree char *used_text = sluice_plan_format_count ((double) used);
  g_autofree char *planned_text = NULL;

  if (planned < 0 || planned == used)
    return g_steal_pointer (&used_text);

  planned_text = sluice_plan_format_count ((double) planned);
  /* Translators: hash buckets or batches used, then as planned. */
  return g_strdup_printf (_("%s (planned %s)"), used_text, planned_text);
}

static void
add_sort_hash_group (SluicePlanDetail *self,
                     SluicePlanNode   *node)
{
  GtkWidget *group = new_group (_("Sort and Hash"));
  guint before = g_hash_table_size (self->fields);
  gint64 buckets = sluice_plan_node_get_hash_buckets (node);
  gint64 original_buckets = sluice_plan_node_get_original_hash_buckets (node);
  gint64 batches = sluice_plan_node_get_hash_batches (node);
  gint64 original_batches = sluice_plan_node_get_original_hash_batches (node);

  add_field (self, group, _("Sort Method"), sluice_plan_node_get_sort_method (node));
  if (sluice_plan_node_get_sort_space_kb (node) >= 0)
    {
      g_autofree char *size = g_format_size ((guint64) sluice_plan_node_get_sort_space_kb (node) * 1024);
      const char *type = sluice_plan_node_get_sort_space_type (node);

      add_field_take (self, group, _("Sort Space"),
                      /* Translators: sort space, then where ("Memory" or "Disk", as EXPLAIN says). */
                      type != NULL ? g_strdup_printf (_("%s (%s)"), size, type) : g_strdup (size));
    }
  if (sluice_plan_node_get_sort_spilled (node))
    add_field (self, group, _("Spilled to Disk"), _("Yes: the sort did not fit in work_mem"));

  if (buckets >= 0)
    add_field_take (self, group, _("Hash Buckets"), format_used_planned (buckets, original_buckets));
  if (batches >= 0)
    add_field_take (self, group, _("Hash Batches"), format_used_planned (batches, original_batches));
  add_kb (self, group, _("Peak Memory"), sluice_plan_node_get_peak_memory_kb (node));
  add_kb (self, group, _("Disk Usage"), sluice_plan_node_get_disk_usage_kb (node));

  append_group (self, group, before);
}

static void
add_parallel_group (SluicePlanDetail *self,
                    SluicePlanNode   *node)
{
  GtkWidget *group = new_group (_("Parallel Workers"));
  guint before = g_hash_table_size (self->fields);
  GPtrArray *workers = sluice_plan_node_get_workers (node);

  if (sluice_plan_node_get_workers_planned (node) >= 0)
    add_field_take (self, group, _("Workers Planned"), g_strdup_printf ("%d", sluice_plan_node_get_workers_planned (node)));
  if (sluice_plan_node_get_workers_launched (node) >= 0)
    add_field_take (self, group, _("Workers Launched"), g_strdup_printf ("%d", sluice_plan_node_get_workers_launched (node)));

  for (guint i = 0; workers != NULL && i < workers->len; i++)
    {
      SluicePlanWorker *worker = g_ptr_array_index (workers, i);
      /* Translators: one parallel worker of a node. */
      g_autofree char *name = g_strdup_printf (_("Worker %d"), worker->number);
      g_autofree char *time = sluice_plan_format_ms (worker->actual_total_ms);
      g_autofree char *rows = sluice_plan_format_count (worker->actual_rows);
      g_autofree char *loops = sluice_plan_format_count (worker->actual_loops);

      /* Translators: a worker's time per loop, rows per loop and loops. */
      add_field_take (self, group, name, g_strdup_printf (_("%s, %s rows, %s loops"), time, rows, loops));
    }

  append_group (self, group, before);
}

static void
add_buffer_row (SluicePlanDetail *self,
                GtkWidget        *group,
                const char       *name,
                gint64            inclusive,
                gint64            exclusive)
{
  g_autofree char *all = NULL;
  g_autofree char *own = NULL;

  if (inclusive <= 0 && exclusive <= 0)
    return;

  all = sluice_plan_format_blocks (inclusive);
  own = sluice_plan_format_count ((double) MAX (exclusive, 0));
  /* Translators: blocks with the nodes below, then this node's own count. */
  add_field_take (self, group, name, g_strdup_printf (_("%s (own %s)"), all, own));
}

static void
add_buffers_group (SluicePlanDetail *self,
                   SluicePlanNode   *node)
{
  GtkWidget *group;
  const SluicePlanBuffers *all = sluice_plan_node_get_buffers (node);
  const SluicePlanBuffers *own = sluice_plan_node_get_exclusive_buffers (node);
  guint before = g_hash_table_size (self->fields);

  if (!sluice_plan_node_has_buffers (node) || all == NULL)
    return;

  group = new_group (_("Buffers"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("With the nodes below it; in brackets, this node’s own."));
  add_buffer_row (self, group, _("Shared Hit"), all->shared_hit, own->shared_hit);
  add_buffer_row (self, group, _("Shared Read"), all->shared_read, own->shared_read);
  add_buffer_row (self, group, _("Shared Dirtied"), all->shared_dirtied, own->shared_dirtied);
  add_buffer_row (self, group, _("Shared Written"), all->shared_written, own->shared_written);
  add_buffer_row (self, group, _("Local Hit"), all->local_hit, own->local_hit);
  add_buffer_row (self, group, _("Local Read"), all->local_read, own->local_read);
  add_buffer_row (self, group, _("Local Dirtied"), all->local_dirtied, own->local_dirtied);
  add_buffer_row (self, group, _("Local Written"), all->local_written, own->local_written);
  add_buffer_row (self, group, _("Temp Read"), all->temp_read, own->temp_read);
  add_buffer_row (self, group, _("Temp Written"), all->temp_written, own->temp_written);
  if (all->io_read_ms > 0)
    add_ms (self, group, _("I/O Read Time"), all->io_read_ms);
  if (all->io_write_ms > 0)
    add_ms (self, group, _("I/O Write Time"), all->io_write_ms);
  if (all->temp_io_read_ms > 0)
    add_ms (self, group, _("Temp I/O Read Time"), all->temp_io_read_ms);
  if (all->temp_io_write_ms > 0)
    add_ms (self, group, _("Temp I/O Write Time"), all->temp_io_write_ms);
  if (all->wal_records > 0)
    add_count (self, group, _("WAL Records"), (double) all->wal_records);
  if (all->wal_fpi > 0)
    add_count (self, group, _("WAL Full Page Images"), (double) all->wal_fpi);
  if (all->wal_bytes > 0)
    add_field_take (self, group, _("WAL Bytes"), g_format_size ((guint64) all->wal_bytes));

  append_group (self, group, before);
}

static void
add_other_group (SluicePlanDetail *self,
                 SluicePlanNode   *node)
{
  GPtrArray *other = sluice_plan_node_get_properties (node);
  GtkWidget *group;
  guint before = g_hash_table_size (self->fields);

  if (other == NULL || other->len == 0)
    return;

  group = new_group (_("More"));
  for (guint i = 0; i < other->len; i++)
    {
      SluicePlanProperty *property = g_ptr_array_index (other, i);

      /* A key shown above under its own name is not repeated. */
      if (!g_hash_table_contains (self->fields, property->key))
        add_field (self, group, property->key, property->value);
    }

  append_group (self, group, before);
}

/* The statement ------------------------------------------------------------ */

static const char *
get_highlight_name (SluicePlanNode *node)
{
  const char *name = sluice_plan_node_get_relation_name (node);

  if (name == NULL)
    name = sluice_plan_node_get_cte_name (node);
  if (name == NULL)
    name = sluice_plan_node_get_function_name (node);
  return name;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '$';
}

/* A whole identifier: "orders" in "orders o" and "public.orders", not in
 * "orders_archive". */
static gboolean
is_whole_word (const GtkTextIter *start,
               const GtkTextIter *end)
{
  GtkTextIter before = *start;

  if (gtk_text_iter_backward_char (&before) && is_word_char (gtk_text_iter_get_char (&before)))
    return FALSE;
  return gtk_text_iter_is_end (end) || !is_word_char (gtk_text_iter_get_char (end));
}

static void
update_highlight (SluicePlanDetail *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->statement_view));
  const char *name = self->node != NULL ? get_highlight_name (self->node) : NULL;
  GtkTextIter start, end, match_start, match_end;
  gboolean scrolled = FALSE;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->highlight_tag, &start, &end);
  self->n_highlights = 0;

  if (name == NULL || *name == '\0')
    return;

  while (gtk_text_iter_forward_search (&start, name,
                                       GTK_TEXT_SEARCH_CASE_INSENSITIVE | GTK_TEXT_SEARCH_TEXT_ONLY,
                                       &match_start, &match_end, NULL))
    {
      if (is_whole_word (&match_start, &match_end))
        {
          gtk_text_buffer_apply_tag (buffer, self->highlight_tag, &match_start, &match_end);
          self->n_highlights++;
          if (!scrolled)
            {
              gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->statement_view), &match_start, 0.1, FALSE, 0, 0);
              scrolled = TRUE;
            }
        }
      start = match_end;
    }
}

static void
update_statement (SluicePlanDetail *self)
{
  const char *query = self->plan != NULL ? sluice_plan_get_query (self->plan) : NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->statement_view));
  g_autofree char *trimmed = g_strstrip (g_strdup (query != NULL ? query : ""));

  gtk_text_buffer_set_text (buffer, trimmed, -1);
  gtk_widget_set_visible (self->statement_group, *trimmed != '\0');
  update_highlight (self);
}

static void
update_style_scheme (SluicePlanDetail *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->statement_view)));

  gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita"));
  g_object_set (self->highlight_tag,
                "background", dark ? "rgba(246, 211, 45, 0.35)" : "rgba(246, 211, 45, 0.55)",
                NULL);
}

/* Showing a node ----------------------------------------------------------- */

static void
rebuild (SluicePlanDetail *self)
{
  GtkWidget *child;
  g_autofree char *label = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups))) != NULL)
    gtk_box_remove (self->groups, child);
  g_hash_table_remove_all (self->fields);

  if (self->node == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_highlight (self);
      return;
    }

  label = sluice_plan_format_node_label (self->node);
  gtk_label_set_label (self->title, label);
  if (sluice_plan_node_has_timing (self->node))
    {
      g_autofree char *own = sluice_plan_format_ms (sluice_plan_node_get_exclusive_ms (self->node));
      g_autofree char *share = sluice_plan_format_share (sluice_plan_node_get_share (self->node));
      /* Translators: the detail pane's subtitle: a node's own time and share of the total. */
      g_autofree char *subtitle = g_strdup_printf (_("%s of its own, %s of the total"), own, share);

      gtk_label_set_label (self->subtitle, subtitle);
    }
  else
    {
      gtk_label_set_label (self->subtitle, sluice_plan_node_has_actuals (self->node)
                                           ? _("Ran without timing")
                                           : _("Estimated: the plan has no ANALYZE figures"));
    }

  add_node_group (self, self->node);
  add_time_group (self, self->node);
  add_rows_group (self, self->node);
  add_conditions_group (self, self->node);
  add_sort_hash_group (self, self->node);
  add_parallel_group (self, self->node);
  add_buffers_group (self, self->node);
  add_cost_group (self, self->node);
  add_other_group (self, self->node);

  update_highlight (self);
  gtk_stack_set_visible_child_name (self->stack, "node");
}

/* GObject ------------------------------------------------------------------- */

static void
sluice_plan_detail_dispose (GObject *object)
{
  SluicePlanDetail *self = SLUICE_PLAN_DETAIL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_PLAN_DETAIL);
  /* The template's root is not a bound child: unparent what is left. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->node);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->fields, g_hash_table_unref);

  G_OBJECT_CLASS (sluice_plan_detail_parent_class)->dispose (object);
}

static void
sluice_plan_detail_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SluicePlanDetail *self = SLUICE_PLAN_DETAIL (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_NODE:
      g_value_set_object (value, self->node);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_detail_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SluicePlanDetail *self = SLUICE_PLAN_DETAIL (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      sluice_plan_detail_set_plan (self, g_value_get_object (value));
      break;
    case PROP_NODE:
      sluice_plan_detail_set_node (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_detail_class_init (SluicePlanDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_plan_detail_dispose;
  object_class->get_property = sluice_plan_detail_get_property;
  object_class->set_property = sluice_plan_detail_set_property;

  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, SLUICE_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NODE] =
    g_param_spec_object ("node", NULL, NULL, SLUICE_TYPE_PLAN_NODE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-plan-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, SluicePlanDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanDetail, title);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanDetail, subtitle);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanDetail, groups);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanDetail, statement_group);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanDetail, statement_view);
}

static void
sluice_plan_detail_init (SluicePlanDetail *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->statement_view)));
  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "sql"));
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
  self->highlight_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (buffer), HIGHLIGHT_TAG,
                                                    "weight", PANGO_WEIGHT_BOLD,
                                                    NULL);
  /* Above the syntax colours, which GtkSourceView adds as tags too. */
  gtk_text_tag_set_priority (self->highlight_tag,
                             gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (GTK_TEXT_BUFFER (buffer))) - 1);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);
  update_statement (self);
}

GtkWidget *
sluice_plan_detail_new (void)
{
  return g_object_new (SLUICE_TYPE_PLAN_DETAIL, NULL);
}

SluicePlan *
sluice_plan_detail_get_plan (SluicePlanDetail *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_DETAIL (self), NULL);
  return self->plan;
}

void
sluice_plan_detail_set_plan (SluicePlanDetail *self,
                             SluicePlan       *plan)
{
  g_return_if_fail (SLUICE_IS_PLAN_DETAIL (self));
  g_return_if_fail (plan == NULL || SLUICE_IS_PLAN (plan));

  if (self->plan == plan)
    return;

  g_clear_object (&self->node);
  g_set_object (&self->plan, plan);
  update_statement (self);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE]);
}

SluicePlanNode *
sluice_plan_detail_get_node (SluicePlanDetail *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_DETAIL (self), NULL);
  return self->node;
}

void
sluice_plan_detail_set_node (SluicePlanDetail *self,
                             SluicePlanNode   *node)
{
  g_return_if_fail (SLUICE_IS_PLAN_DETAIL (self));
  g_return_if_fail (node == NULL || SLUICE_IS_PLAN_NODE (node));

  if (!g_set_object (&self->node, node))
    return;

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE]);
}

const char *
sluice_plan_detail_get_field (SluicePlanDetail *self,
                              const char       *name)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_DETAIL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->fields, name);
}

guint
sluice_plan_detail_get_n_highlights (SluicePlanDetail *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_DETAIL (self), 0);
  return self->n_highlights;
}

char *
sluice_plan_detail_dup_highlight_text (SluicePlanDetail *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SLUICE_IS_PLAN_DETAIL (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->statement_view));
  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_starts_tag (&start, self->highlight_tag) &&
      !gtk_text_iter_forward_to_tag_toggle (&start, self->highlight_tag))
    return NULL;

  end = start;
  gtk_text_iter_forward_to_tag_toggle (&end, self->highlight_tag);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
