/* sluice-plan-node-title.c: a node's title and label, as EXPLAIN's text
 * format names it ("Parallel Hash Left Join", "Index Scan using i on t")
 *
 * The JSON format gives the pieces (Node Type, Join Type, Strategy, ...)
 * and the views show the name psql would: worked out here from the
 * fields the parsers read, when a view first asks for it (most of a big
 * plan's nodes are never on screen).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-plan-private.h"


/* The node's name as the text format prints it (explain.c's "pname"),
 * from the fields the JSON format gives. */
static char *
make_title (SluicePlanNode *self)
{
  const char *type = self->node_type != NULL ? self->node_type : "";
  const char *join = self->join_type != NULL ? self->join_type : "Inner";
  GString *title = g_string_new (NULL);

  if (self->parallel_aware)
    g_string_append (title, "Parallel ");
  if (self->async_capable)
    g_string_append (title, "Async ");

  if (g_str_equal (type, "Aggregate"))
    {
      const char *strategy = self->strategy != NULL ? self->strategy : "Plain";

      if (g_strcmp0 (self->partial_mode, "Partial") == 0 || g_strcmp0 (self->partial_mode, "Finalize") == 0)
        g_string_append_printf (title, "%s ", self->partial_mode);

      if (g_str_equal (strategy, "Sorted"))
        g_string_append (title, "GroupAggregate");
      else if (g_str_equal (strategy, "Hashed"))
        g_string_append (title, "HashAggregate");
      else if (g_str_equal (strategy, "Mixed"))
        g_string_append (title, "MixedAggregate");
      else
        g_string_append (title, "Aggregate");
    }
  else if (g_str_equal (type, "Hash Join") || g_str_equal (type, "Merge Join"))
    {
      if (g_str_equal (join, "Inner"))
        g_string_append (title, type);
      else
        g_string_append_printf (title, "%s %s Join", g_str_equal (type, "Hash Join") ? "Hash" : "Merge", join);
    }
  else if (g_str_equal (type, "Nested Loop"))
    {
      g_string_append (title, type);
      if (!g_str_equal (join, "Inner"))
        g_string_append_printf (title, " %s Join", join);
    }
  else if (g_str_equal (type, "ModifyTable") && self->operation != NULL)
    g_string_append (title, self->operation);
  else if (g_str_equal (type, "Foreign Scan") && self->operation != NULL &&
           !g_str_equal (self->operation, "Select"))
    g_string_append_printf (title, "Foreign %s", self->operation);
  else if (g_str_equal (type, "SetOp"))
    {
      const char *command = _sluice_plan_properties_lookup (self->properties, "Command");

      g_string_append (title, g_strcmp0 (self->strategy, "Hashed") == 0 ? "HashSetOp" : "SetOp");
      if (command != NULL)
        g_string_append_printf (title, " %s", command);
    }
  else if (g_str_equal (type, "Custom Scan") && _sluice_plan_properties_lookup (self->properties, "Custom Plan Provider"))
    g_string_append_printf (title, "Custom Scan (%s)", _sluice_plan_properties_lookup (self->properties, "Custom Plan Provider"));
  else
    {
      g_string_append (title, type);
      if ((g_str_equal (type, "Index Scan") || g_str_equal (type, "Index Only Scan")) &&
          g_strcmp0 (self->scan_direction, "Backward") == 0)
        g_string_append (title, " Backward");
    }

  return g_string_free (title, FALSE);
}

char *
_sluice_plan_node_make_title (SluicePlanNode *self)
{
  const char *type = self->node_type != NULL ? self->node_type : "";

  /* Most titles are the type itself. */
  if (!self->parallel_aware && !self->async_capable && self->join_type == NULL &&
      self->operation == NULL && self->strategy == NULL && self->scan_direction == NULL &&
      !g_str_equal (type, "Custom Scan") && !g_str_equal (type, "Aggregate"))
    return g_strdup (type);
  return make_title (self);
}

/* What the node works on, as the text format names it. */
static const char *
target_name (SluicePlanNode *self)
{
  if (self->relation_name != NULL)
    return self->relation_name;
  if (self->function_name != NULL)
    return self->function_name;
  if (self->cte_name != NULL)
    return self->cte_name;
  if (_sluice_plan_properties_lookup (self->properties, "Tuplestore Name") != NULL)
    return _sluice_plan_properties_lookup (self->properties, "Tuplestore Name");
  return _sluice_plan_properties_lookup (self->properties, "Table Function Name");
}

char *
sluice_plan_node_dup_label (SluicePlanNode *self)
{
  GString *label;
  const char *target;

  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  label = g_string_new (sluice_plan_node_get_title (self));
  target = target_name (self);

  if (self->index_name != NULL)
    {
      if (g_strcmp0 (self->node_type, "Bitmap Index Scan") == 0)
        g_string_append_printf (label, " on %s", self->index_name);
      else
        g_string_append_printf (label, " using %s", self->index_name);
    }

  if (target != NULL)
    {
      g_string_append (label, " on ");
      if (self->schema != NULL)
        g_string_append_printf (label, "%s.", self->schema);
      g_string_append (label, target);
      if (self->alias != NULL && !g_str_equal (self->alias, target))
        g_string_append_printf (label, " %s", self->alias);
    }
  else if (self->alias != NULL)
    g_string_append_printf (label, " on %s", self->alias);

  return g_string_free (label, FALSE);
}
