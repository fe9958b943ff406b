/* sluice-plan-comparison.c: two plans of one statement, nodes matched
 *
 * Matching walks both trees from the roots: the children of two matched
 * nodes are aligned as sequences (longest common subsequence of their
 * type and relation), so a node inserted or removed at one level leaves
 * its siblings matched.  What is left is then matched anywhere in the
 * plans by type and relation (a subtree that moved under a new Sort), and
 * last by relation alone, which is how "Seq Scan on orders" before meets
 * "Index Scan on orders" after.  Nothing recurses: matched pairs wait in
 * a queue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-plan-comparison.h"
#include "sluice-plan-private.h"

/* Above this many cells an alignment is greedy, not a full LCS table. */
#define MAX_LCS_CELLS (1024 * 1024)

struct _SluicePlanComparison
{
  GObject     parent_instance;

  SluicePlan *before;
  SluicePlan *after;
  guint      *before_match;   /* before id -> after id, or G_MAXUINT */
  guint      *after_match;
  GPtrArray  *pairs;
  double      speedup;
  char       *verdict;
};

G_DEFINE_FINAL_TYPE (SluicePlanComparison, sluice_plan_comparison, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BEFORE,
  PROP_AFTER,
  PROP_VERDICT,
  PROP_SPEEDUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Keys */

static const char *
target_of (SluicePlanNode *node)
{
  if (sluice_plan_node_get_relation_name (node) != NULL)
    return sluice_plan_node_get_relation_name (node);
  if (sluice_plan_node_get_function_name (node) != NULL)
    return sluice_plan_node_get_function_name (node);
  if (sluice_plan_node_get_cte_name (node) != NULL)
    return sluice_plan_node_get_cte_name (node);
  return "";
}

static gboolean
same_kind (SluicePlanNode *a,
           SluicePlanNode *b)
{
  return g_strcmp0 (sluice_plan_node_get_node_type (a), sluice_plan_node_get_node_type (b)) == 0 &&
         g_str_equal (target_of (a), target_of (b));
}

static char *
kind_key (SluicePlanNode *node)
{
  return g_strconcat (sluice_plan_node_get_node_type (node), "\n", target_of (node), NULL);
}

/* Matching */

typedef struct
{
  SluicePlanComparison *self;
  GQueue                queue;    /* of GUINT_TO_POINTER (before id), matched */
} Matcher;

static void
match (Matcher        *matcher,
       SluicePlanNode *before,
       SluicePlanNode *after)
{
  guint b = sluice_plan_node_get_id (before);
  guint a = sluice_plan_node_get_id (after);

  matcher->self->before_match[b] = a;
  matcher->self->after_match[a] = b;
  g_queue_push_tail (&matcher->queue, GUINT_TO_POINTER (b));
}

static gboolean
is_free_before (Matcher        *matcher,
                SluicePlanNode *node)
{
  return matcher->self->before_match[sluice_plan_node_get_id (node)] == G_MAXUINT;
}

static gboolean
is_free_after (Matcher        *matcher,
               SluicePlanNode *node)
{
  return matcher->self->after_match[sluice_plan_node_get_id (node)] == G_MAXUINT;
}

static void
align_lcs (Matcher   *matcher,
           GPtrArray *before,
           GPtrArray *after)
{
  guint n = before->len, m = after->len;
  g_autofree guint *table = g_new0 (guint, (gsize) (n + 1) * (m + 1));
  guint i = 0, j = 0;

#define CELL(x, y) table[(gsize) (x) * (m + 1) + (y)]
  for (guint x = n; x-- > 0;)
    for (guint y = m; y-- > 0;)
      {
        if (same_kind (g_ptr_array_index (before, x), g_ptr_array_index (after, y)))
          CELL (x, y) = CELL (x + 1, y + 1) + 1;
        else
          CELL (x, y) = MAX (CELL (x + 1, y), CELL (x, y + 1));
      }

  while (i < n && j < m)
    {
      SluicePlanNode *b = g_ptr_array_index (before, i);
      SluicePlanNode *a = g_ptr_array_index (after, j);

      if (same_kind (b, a))
        {
          if (is_free_before (matcher, b) && is_free_after (matcher, a))
            match (matcher, b, a);
          i++;
          j++;
        }
      else if (CELL (i + 1, j) >= CELL (i, j + 1))
        i++;
      else
        j++;
    }
#undef CELL
}

/* For huge child lists (an Append of thousands of partitions): each
 * before child takes the first free after child of its kind. */
static void
align_greedy (Matcher   *matcher,
              GPtrArray *before,
              GPtrArray *after)
{
  g_autoptr(GHashTable) free_after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) g_queue_free);

  for (guint j = 0; j < after->len; j++)
    {
      SluicePlanNode *a = g_ptr_array_index (after, j);
      char *key = kind_key (a);
      GQueue *queue = g_hash_table_lookup (free_after, key);

      if (queue == NULL)
        {
          queue = g_queue_new ();
          g_hash_table_insert (free_after, key, queue);
        }
      else
        g_free (key);
      g_queue_push_tail (queue, a);
    }

  for (guint i = 0; i < before->len; i++)
    {
      SluicePlanNode *b = g_ptr_array_index (before, i);
      g_autofree char *key = kind_key (b);
      GQueue *queue = g_hash_table_lookup (free_after, key);
      SluicePlanNode *a;

      while (queue != NULL && (a = g_queue_pop_head (queue)) != NULL)
        {
          if (is_free_after (matcher, a) && is_free_before (matcher, b))
            {
              match (matcher, b, a);
              break;
            }
        }
    }
}

static void
align_children (Matcher        *matcher,
                SluicePlanNode *before,
                SluicePlanNode *after)
{
  GPtrArray *b = sluice_plan_node_get_children (before);
  GPtrArray *a = sluice_plan_node_get_children (after);

  if (b->len == 0 || a->len == 0)
    return;

  if ((gsize) (b->len + 1) * (a->len + 1) <= MAX_LCS_CELLS)
    align_lcs (matcher, b, a);
  else
    align_greedy (matcher, b, a);

  /* Children left at the same place that work on the same table: the
   * same role even if changed (a Seq Scan that became an Index Scan under
   * a join). */
  if (b->len == a->len)
    {
      for (guint i = 0; i < b->len; i++)
        {
          SluicePlanNode *bc = g_ptr_array_index (b, i);
          SluicePlanNode *ac = g_ptr_array_index (a, i);

          if (is_free_before (matcher, bc) && is_free_after (matcher, ac) &&
              *target_of (bc) != '\0' && g_str_equal (target_of (bc), target_of (ac)) &&
              sluice_plan_node_get_relationship (bc) == sluice_plan_node_get_relationship (ac))
            match (matcher, bc, ac);
        }
    }
}

static void
drain (Matcher *matcher)
{
  GPtrArray *before_nodes = sluice_plan_get_nodes (matcher->self->before);
  GPtrArray *after_nodes = sluice_plan_get_nodes (matcher->self->after);

  while (!g_queue_is_empty (&matcher->queue))
    {
      guint b = GPOINTER_TO_UINT (g_queue_pop_head (&matcher->queue));
      guint a = matcher->self->before_match[b];

      align_children (matcher, g_ptr_array_index (before_nodes, b), g_ptr_array_index (after_nodes, a));
    }
}

/* Leftovers matched anywhere, by @key_func equal; pre-order on both sides. */
static void
match_leftovers (Matcher  *matcher,
                 char    *(*key_func) (SluicePlanNode *node))
{
  GPtrArray *before_nodes = sluice_plan_get_nodes (matcher->self->before);
  GPtrArray *after_nodes = sluice_plan_get_nodes (matcher->self->after);
  g_autoptr(GHashTable) free_after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) g_queue_free);

  for (guint j = 0; j < after_nodes->len; j++)
    {
      SluicePlanNode *a = g_ptr_array_index (after_nodes, j);
      char *key;
      GQueue *queue;

      if (!is_free_after (matcher, a) || (key = key_func (a)) == NULL)
        continue;

      queue = g_hash_table_lookup (free_after, key);
      if (queue == NULL)
        {
          queue = g_queue_new ();
          g_hash_table_insert (free_after, key, queue);
        }
      else
        g_free (key);
      g_queue_push_tail (queue, a);
    }

  for (guint i = 0; i < before_nodes->len; i++)
    {
      SluicePlanNode *b = g_ptr_array_index (before_nodes, i);
      g_autofree char *key = NULL;
      GQueue *queue;
      SluicePlanNode *a;

      if (!is_free_before (matcher, b) || (key = key_func (b)) == NULL)
        continue;

      queue = g_hash_table_lookup (free_after, key);
      if (queue != NULL && (a = g_queue_pop_head (queue)) != NULL)
        match (matcher, b, a);
    }

  drain (matcher);
}

static char *
relation_kind_key (SluicePlanNode *node)
{
  if (sluice_plan_node_get_relation_name (node) == NULL)
    return NULL;
  return kind_key (node);
}

/* Scans of one table, whatever their type. */
static char *
relation_key (SluicePlanNode *node)
{
  const char *type = sluice_plan_node_get_node_type (node);

  if (sluice_plan_node_get_relation_name (node) == NULL || type == NULL || strstr (type, "Scan") == NULL)
    return NULL;
  return g_strconcat (sluice_plan_node_get_relation_name (node), "\n",
                      sluice_plan_node_get_alias (node) != NULL ? sluice_plan_node_get_alias (node) : "",
                      NULL);
}

static void
match_plans (SluicePlanComparison *self)
{
  Matcher matcher = { self, G_QUEUE_INIT };
  SluicePlanNode *before_root = sluice_plan_get_root (self->before);
  SluicePlanNode *after_root = sluice_plan_get_root (self->after);

  if (before_root == NULL || after_root == NULL)
    return;

  match (&matcher, before_root, after_root);
  drain (&matcher);
  match_leftovers (&matcher, relation_kind_key);
  match_leftovers (&matcher, relation_key);
}

/* Pairs */

static double
ratio (double after,
       double before)
{
  return before > 0 && after >= 0 ? after / before : 0;
}

static SluicePlanPair *
pair_new (SluicePlanNode *before,
          SluicePlanNode *after)
{
  SluicePlanPair *pair = g_new0 (SluicePlanPair, 1);

  pair->before = before;
  pair->after = after;
  if (before != NULL && after != NULL)
    {
      pair->time_ratio = ratio (sluice_plan_node_get_exclusive_ms (after), sluice_plan_node_get_exclusive_ms (before));
      pair->rows_ratio = ratio (sluice_plan_node_get_total_rows (after), sluice_plan_node_get_total_rows (before));
    }

  return pair;
}

/* Rows in the order of the plan after, each node the plan before lost
 * placed right after the row of the node that came before it there. */
static void
build_pairs (SluicePlanComparison *self)
{
  GPtrArray *before_nodes = sluice_plan_get_nodes (self->before);
  GPtrArray *after_nodes = sluice_plan_get_nodes (self->after);
  g_autofree guint *slot = g_new0 (guint, MAX (before_nodes->len, 1));
  g_autofree guint *after_row = g_new0 (guint, MAX (after_nodes->len, 1));
  g_autoptr(GPtrArray) lost = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint j = 0; j < after_nodes->len; j++)
    {
      after_row[j] = j;
      g_ptr_array_add (lost, g_ptr_array_new ());
    }
  /* Lost nodes before any row at all (no roots): a row of their own. */
  g_ptr_array_add (lost, g_ptr_array_new ());

  for (guint i = 0; i < before_nodes->len; i++)
    {
      if (self->before_match[i] != G_MAXUINT)
        slot[i] = after_row[self->before_match[i]];
      else
        {
          slot[i] = i > 0 ? slot[i - 1] : after_nodes->len;
          g_ptr_array_add (g_ptr_array_index (lost, slot[i]), g_ptr_array_index (before_nodes, i));
        }
    }

  for (guint k = 0; k < lost->len; k++)
    {
      GPtrArray *following = g_ptr_array_index (lost, lost->len - 1);

      if (k < after_nodes->len)
        {
          SluicePlanNode *a = g_ptr_array_index (after_nodes, k);
          SluicePlanNode *b = self->after_match[k] != G_MAXUINT ? g_ptr_array_index (before_nodes, self->after_match[k]) : NULL;

          g_ptr_array_add (self->pairs, pair_new (b, a));
          following = g_ptr_array_index (lost, k);
        }

      for (guint i = 0; i < following->len; i++)
        g_ptr_array_add (self->pairs, pair_new (g_ptr_array_index (following, i), NULL));
    }
}

/* The verdict */

static char *
format_factor (double factor)
{
  return factor >= 10 ? g_strdup_printf ("%.0f", factor) : g_strdup_printf ("%.1f", factor);
}

static gboolean
has_timing (SluicePlan *plan)
{
  return sluice_plan_has_timing (plan) && sluice_plan_get_total_ms (plan) > 0;
}

static char *
speed_phrase (SluicePlanComparison *self,
              gboolean             *slower)
{
  g_autofree char *factor = NULL;
  gboolean by_time = has_timing (self->before) && has_timing (self->after);
  double speedup = self->speedup;

  *slower = FALSE;
  if (speedup <= 0)
    return NULL;

  if (speedup >= 1.05)
    {
      factor = format_factor (speedup);
      return by_time ? g_strdup_printf (_("%sx faster"), factor)
                     : g_strdup_printf (_("estimated %sx cheaper"), factor);
    }

  if (speedup <= 1 / 1.05)
    {
      *slower = TRUE;
      factor = format_factor (1 / speedup);
      return by_time ? g_strdup_printf (_("%sx slower"), factor)
                     : g_strdup_printf (_("estimated %sx dearer"), factor);
    }

  return g_strdup (by_time ? _("about as fast") : _("about the same estimated cost"));
}

static gboolean
is_vowel (char c)
{
  return strchr ("AEIOUaeiou", c) != NULL;
}

/* The scan that changed type, the one that cost the most before. */
static char *
scan_change_phrase (SluicePlanComparison *self)
{
  SluicePlanPair *best = NULL;
  double best_weight = -1;
  const char *type, *what;

  for (guint i = 0; i < self->pairs->len; i++)
    {
      SluicePlanPair *pair = g_ptr_array_index (self->pairs, i);
      double weight;

      if (pair->before == NULL || pair->after == NULL ||
          sluice_plan_node_get_relation_name (pair->after) == NULL ||
          g_strcmp0 (sluice_plan_node_get_node_type (pair->before), sluice_plan_node_get_node_type (pair->after)) == 0)
        continue;

      weight = sluice_plan_node_get_inclusive_ms (pair->before) > 0 ? sluice_plan_node_get_inclusive_ms (pair->before)
                                                                  : sluice_plan_node_get_total_cost (pair->before) / 1e9;
      if (weight > best_weight)
        {
          best = pair;
          best_weight = weight;
        }
    }

  if (best == NULL)
    return NULL;

  type = sluice_plan_node_get_title (best->after);
  what = sluice_plan_node_get_index_name (best->after) != NULL ? sluice_plan_node_get_index_name (best->after)
                                                               : sluice_plan_node_get_relation_name (best->after);

  /* English needs "a"/"an"; each is a message of its own to translate. */
  if (is_vowel (type[0]))
    return g_strdup_printf (_("now an %s on %s"), type, what);
  return g_strdup_printf (_("now a %s on %s"), type, what);
}

static double
rows_read (SluicePlanNode *node)
{
  double loops = sluice_plan_node_get_actual_loops (node);
  double rows = sluice_plan_node_get_actual_rows (node);
  double removed = sluice_plan_node_get_rows_removed_by_filter (node);

  if (loops <= 0 || rows < 0)
    return -1;
  return (rows + MAX (removed, 0)) * loops;
}

/* The node of the plan after that added the most time. */
static char *
slowdown_phrase (SluicePlanComparison *self)
{
  SluicePlanPair *worst = NULL;
  double worst_increase = 0;
  g_autofree char *label = NULL;
  double read;

  for (guint i = 0; i < self->pairs->len; i++)
    {
      SluicePlanPair *pair = g_ptr_array_index (self->pairs, i);
      double increase;

      if (pair->after == NULL)
        continue;
      increase = sluice_plan_node_get_exclusive_ms (pair->after) -
                 (pair->before != NULL ? sluice_plan_node_get_exclusive_ms (pair->before) : 0);
      if (increase > worst_increase)
        {
          worst = pair;
          worst_increase = increase;
        }
    }

  if (worst == NULL)
    return NULL;

  label = sluice_plan_node_dup_label (worst->after);
  read = rows_read (worst->after);
  if (sluice_plan_node_get_relation_name (worst->after) != NULL && read >= 0)
    {
      g_autofree char *count = _sluice_plan_format_count (read);

      return g_strdup_printf (_("%s now reads %s rows"), label, count);
    }

  return g_strdup_printf (_("%s now takes %.1f ms"), label, sluice_plan_node_get_exclusive_ms (worst->after));
}

static gboolean
same_shape (SluicePlanComparison *self)
{
  for (guint i = 0; i < self->pairs->len; i++)
    {
      SluicePlanPair *pair = g_ptr_array_index (self->pairs, i);

      if (pair->before == NULL || pair->after == NULL || !same_kind (pair->before, pair->after) ||
          g_strcmp0 (sluice_plan_node_get_index_name (pair->before), sluice_plan_node_get_index_name (pair->after)) != 0)
        return FALSE;
    }

  return TRUE;
}

static guint
count_changes (SluicePlanComparison *self)
{
  guint changes = 0;

  for (guint i = 0; i < self->pairs->len; i++)
    {
      SluicePlanPair *pair = g_ptr_array_index (self->pairs, i);

      if (pair->before == NULL || pair->after == NULL || !same_kind (pair->before, pair->after))
        changes++;
    }

  return changes;
}

static void
compute_speedup (SluicePlanComparison *self)
{
  SluicePlanNode *before_root = sluice_plan_get_root (self->before);
  SluicePlanNode *after_root = sluice_plan_get_root (self->after);

  self->speedup = 0;
  if (has_timing (self->before) && has_timing (self->after))
    self->speedup = sluice_plan_get_total_ms (self->before) / sluice_plan_get_total_ms (self->after);
  else if (before_root != NULL && after_root != NULL && sluice_plan_node_get_total_cost (after_root) > 0)
    self->speedup = sluice_plan_node_get_total_cost (before_root) / sluice_plan_node_get_total_cost (after_root);
}

static void
compute_verdict (SluicePlanComparison *self)
{
  g_autofree char *speed = NULL;
  g_autofree char *change = NULL;
  gboolean slower;

  compute_speedup (self);
  speed = speed_phrase (self, &slower);

  /* Faster: what changed for the better; slower: where the time went. */
  if (slower)
    change = slowdown_phrase (self);
  if (change == NULL)
    change = scan_change_phrase (self);
  if (change == NULL && same_shape (self))
    change = g_strdup (_("same plan"));
  if (change == NULL)
    {
      guint changes = count_changes (self);

      change = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "plan changed in %u node",
                                             "plan changed in %u nodes", changes),
                                changes);
    }

  if (speed == NULL)
    self->verdict = g_steal_pointer (&change);
  else if (slower)
    self->verdict = g_strdup_printf (_("%s: %s"), speed, change);
  else
    self->verdict = g_strdup_printf (_("%s; %s"), change, speed);
}

/* GObject */

static void
sluice_plan_comparison_finalize (GObject *object)
{
  SluicePlanComparison *self = (SluicePlanComparison *) object;

  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_pointer (&self->before_match, g_free);
  g_clear_pointer (&self->after_match, g_free);
  g_clear_pointer (&self->verdict, g_free);
  g_clear_object (&self->before);
  g_clear_object (&self->after);

  G_OBJECT_CLASS (sluice_plan_comparison_parent_class)->finalize (object);
}

static void
sluice_plan_comparison_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SluicePlanComparison *self = SLUICE_PLAN_COMPARISON (object);

  switch (prop_id)
    {
    case PROP_BEFORE:
      g_value_set_object (value, self->before);
      break;
    case PROP_AFTER:
      g_value_set_object (value, self->after);
      break;
    case PROP_VERDICT:
      g_value_set_string (value, self->verdict);
      break;
    case PROP_SPEEDUP:
      g_value_set_double (value, self->speedup);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_comparison_class_init (SluicePlanComparisonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sluice_plan_comparison_finalize;
  object_class->get_property = sluice_plan_comparison_get_property;

  properties[PROP_BEFORE] = g_param_spec_object ("before", NULL, NULL, SLUICE_TYPE_PLAN, flags);
  properties[PROP_AFTER] = g_param_spec_object ("after", NULL, NULL, SLUICE_TYPE_PLAN, flags);
  properties[PROP_VERDICT] = g_param_spec_string ("verdict", NULL, NULL, NULL, flags);
  properties[PROP_SPEEDUP] = g_param_spec_double ("speedup", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_plan_comparison_init (SluicePlanComparison *self)
{
  self->pairs = g_ptr_array_new_with_free_func (g_free);
}

SluicePlanComparison *
sluice_plan_comparison_new (SluicePlan *before,
                            SluicePlan *after)
{
  SluicePlanComparison *self;
  guint n_before, n_after;

  g_return_val_if_fail (SLUICE_IS_PLAN (before), NULL);
  g_return_val_if_fail (SLUICE_IS_PLAN (after), NULL);

  self = g_object_new (SLUICE_TYPE_PLAN_COMPARISON, NULL);
  self->before = g_object_ref (before);
  self->after = g_object_ref (after);

  n_before = sluice_plan_get_n_nodes (before);
  n_after = sluice_plan_get_n_nodes (after);
  self->before_match = g_new (guint, MAX (n_before, 1));
  self->after_match = g_new (guint, MAX (n_after, 1));
  for (guint i = 0; i < n_before; i++)
    self->before_match[i] = G_MAXUINT;
  for (guint i = 0; i < n_after; i++)
    self->after_match[i] = G_MAXUINT;

  match_plans (self);
  build_pairs (self);
  compute_verdict (self);

  return self;
}

SluicePlan *
sluice_plan_comparison_get_before (SluicePlanComparison *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARISON (self), NULL);

  return self->before;
}

SluicePlan *
sluice_plan_comparison_get_after (SluicePlanComparison *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARISON (self), NULL);

  return self->after;
}

GPtrArray *
sluice_plan_comparison_get_pairs (SluicePlanComparison *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARISON (self), NULL);

  return self->pairs;
}

SluicePlanNode *
sluice_plan_comparison_get_match (SluicePlanComparison *self,
                                  SluicePlanNode       *node)
{
  guint id;

  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARISON (self), NULL);
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (node), NULL);

  id = sluice_plan_node_get_id (node);

  if (id < sluice_plan_get_n_nodes (self->before) && sluice_plan_get_node (self->before, id) == node)
    return self->before_match[id] != G_MAXUINT ? sluice_plan_get_node (self->after, self->before_match[id]) : NULL;
  if (id < sluice_plan_get_n_nodes (self->after) && sluice_plan_get_node (self->after, id) == node)
    return self->after_match[id] != G_MAXUINT ? sluice_plan_get_node (self->before, self->after_match[id]) : NULL;
  return NULL;
}

double
sluice_plan_comparison_get_speedup (SluicePlanComparison *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARISON (self), 0);

  return self->speedup;
}

const char *
sluice_plan_comparison_get_verdict (SluicePlanComparison *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARISON (self), NULL);

  return self->verdict;
}
