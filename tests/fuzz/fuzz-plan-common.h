/* fuzz-plan-common.h: what both plan fuzz targets check of a plan or an
 * error
 *
 * A plan that parses must hold together: ids in pre-order, each parent
 * before its children, times that are never negative nor more than a
 * node's own, shares within 0..1; advice and a comparison with itself
 * must run; and the plan saved as Sluice's file must read back with the
 * same nodes.  A refused input must give SLUICE_ERROR_INVALID_INPUT with
 * a UTF-8 message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "sluice.h"

static void
fuzz_plan_fail (const char *what,
                const char *detail)
{
  g_printerr ("%s: %s\n", what, detail != NULL ? detail : "");
  abort ();
}

static void
fuzz_plan_make_criticals_fatal (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      g_once_init_leave (&done, 1);
    }
}

static void
fuzz_plan_check_error (const GError *error)
{
  if (error == NULL || !g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT))
    fuzz_plan_fail ("a refused plan must give SLUICE_ERROR_INVALID_INPUT", error != NULL ? error->message : NULL);
  if (*error->message == '\0' || !g_utf8_validate (error->message, -1, NULL))
    fuzz_plan_fail ("an error message must be UTF-8 text", NULL);
}

static void
fuzz_plan_check_node (SluicePlan     *plan,
                      SluicePlanNode *node,
                      guint           id)
{
  SluicePlanNode *parent = sluice_plan_node_get_parent (node);
  GPtrArray *children = sluice_plan_node_get_children (node);
  double inclusive = sluice_plan_node_get_inclusive_ms (node);
  double exclusive = sluice_plan_node_get_exclusive_ms (node);
  double share = sluice_plan_node_get_share (node);
  g_autofree char *label = sluice_plan_node_dup_label (node);

  if (sluice_plan_node_get_id (node) != id)
    fuzz_plan_fail ("a node out of pre-order", label);
  if ((id == 0) != (parent == NULL) || (parent != NULL && sluice_plan_node_get_id (parent) >= id))
    fuzz_plan_fail ("a parent after its child", label);
  if (parent != NULL && sluice_plan_node_get_depth (node) != sluice_plan_node_get_depth (parent) + 1)
    fuzz_plan_fail ("a depth that is not its parent's plus one", label);
  for (guint c = 0; c < children->len; c++)
    if (sluice_plan_node_get_parent (g_ptr_array_index (children, c)) != node)
      fuzz_plan_fail ("a child that names another parent", label);

  if (!(exclusive >= 0) || !(exclusive <= inclusive) || !(share >= 0 && share <= 1))
    fuzz_plan_fail ("times out of bounds", label);
  if (!(sluice_plan_node_get_misestimate (node) >= 1))
    fuzz_plan_fail ("a misestimate below 1", label);
  if (sluice_plan_node_get_title (node) == NULL || !g_utf8_validate (label, -1, NULL))
    fuzz_plan_fail ("a node without a UTF-8 title", NULL);
  if (plan != NULL && sluice_plan_get_node (plan, id) != node)
    fuzz_plan_fail ("sluice_plan_get_node () disagrees", label);
}

static void
fuzz_plan_check (SluicePlan *plan)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(SluicePlanComparison) comparison = NULL;
  g_autoptr(SluicePlan) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  gsize saved_length;
  guint n = sluice_plan_get_n_nodes (plan);

  if (n == 0 || sluice_plan_get_root (plan) == NULL)
    fuzz_plan_fail ("a plan without nodes", NULL);

  for (guint i = 0; i < n; i++)
    fuzz_plan_check_node (plan, sluice_plan_get_node (plan, i), i);

  warnings = sluice_plan_advise (plan);
  for (guint i = 0; i < warnings->len; i++)
    {
      SluicePlanWarning *warning = g_ptr_array_index (warnings, i);

      if (warning->node >= n || !g_utf8_validate (warning->message, -1, NULL))
        fuzz_plan_fail ("a warning about no node, or not in UTF-8", warning->rule);
    }

  comparison = sluice_plan_comparison_new (plan, plan);
  if (sluice_plan_comparison_get_pairs (comparison)->len < n ||
      !g_utf8_validate (sluice_plan_comparison_get_verdict (comparison), -1, NULL))
    fuzz_plan_fail ("a comparison with itself that loses nodes", NULL);

  saved = sluice_plan_to_saved_data (plan, &saved_length);
  reloaded = sluice_plan_new_from_data (saved, saved_length, &error);
  if (reloaded == NULL)
    fuzz_plan_fail ("a saved plan that does not read back", error->message);
  if (sluice_plan_get_n_nodes (reloaded) != n)
    fuzz_plan_fail ("a saved plan that reads back with other nodes", NULL);
}
