/* test-activity-tree.c: the blocking tree built from pg_blocking_pids()
 * lists, without a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice.h"
#include "sluice-activity-private.h"

static SluiceSessionInfo *
make_session (int        pid,
              const int *blocked_by,
              guint      n_blocked_by)
{
  SluiceSessionFacts *facts = sluice_session_facts_new (pid);

  facts->state = g_strdup (n_blocked_by > 0 ? "active" : "idle in transaction");
  if (n_blocked_by > 0)
    g_array_append_vals (facts->blocked_by, blocked_by, n_blocked_by);
  return sluice_session_info_new_take_facts (facts);
}

#define SESSION(pid, ...) \
  make_session (pid, (const int []) { 0, __VA_ARGS__ } + 1, \
                G_N_ELEMENTS (((const int []) { 0, __VA_ARGS__ })) - 1)

static int
pid_at (GListModel *model,
        guint       position)
{
  g_autoptr(SluiceSessionInfo) info = g_list_model_get_item (model, position);

  return sluice_session_info_get_pid (info);
}

static GListModel *
children_of (GPtrArray *sessions,
             int        pid)
{
  for (guint i = 0; i < sessions->len; i++)
    {
      SluiceSessionInfo *info = g_ptr_array_index (sessions, i);

      if (sluice_session_info_get_pid (info) == pid)
        return sluice_session_info_get_children (info);
    }

  g_assert_not_reached ();
}

static void
test_chain (void)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) roots = g_list_store_new (SLUICE_TYPE_SESSION_INFO);

  /* A holds a table lock; B waits for A; C waits for B and, because its
   * request conflicts with A's lock too, for A as well. */
  g_ptr_array_add (sessions, SESSION (100));
  g_ptr_array_add (sessions, SESSION (200, 100));
  g_ptr_array_add (sessions, SESSION (300, 100, 200));
  g_ptr_array_add (sessions, SESSION (400));
  sluice_activity_build_tree (sessions, roots);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roots)), ==, 1);
  g_assert_cmpint (pid_at (G_LIST_MODEL (roots), 0), ==, 100);
  /* A > B > C, not C twice. */
  g_assert_cmpuint (g_list_model_get_n_items (children_of (sessions, 100)), ==, 1);
  g_assert_cmpint (pid_at (children_of (sessions, 100), 0), ==, 200);
  g_assert_cmpuint (g_list_model_get_n_items (children_of (sessions, 200)), ==, 1);
  g_assert_cmpint (pid_at (children_of (sessions, 200), 0), ==, 300);
  g_assert_cmpuint (g_list_model_get_n_items (children_of (sessions, 300)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (children_of (sessions, 400)), ==, 0);

  g_assert_true (sluice_session_info_get_blocking (g_ptr_array_index (sessions, 0)));
  g_assert_true (sluice_session_info_get_blocking (g_ptr_array_index (sessions, 1)));
  g_assert_false (sluice_session_info_get_blocking (g_ptr_array_index (sessions, 2)));
  g_assert_false (sluice_session_info_get_blocking (g_ptr_array_index (sessions, 3)));
  g_assert_true (sluice_session_info_get_blocked (g_ptr_array_index (sessions, 2)));
}

static void
test_two_roots_and_shared_waiter (void)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) roots = g_list_store_new (SLUICE_TYPE_SESSION_INFO);

  /* 30 waits for two independent holders: it shows under both. */
  g_ptr_array_add (sessions, SESSION (10));
  g_ptr_array_add (sessions, SESSION (20));
  g_ptr_array_add (sessions, SESSION (30, 10, 20));
  sluice_activity_build_tree (sessions, roots);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roots)), ==, 2);
  g_assert_cmpint (pid_at (children_of (sessions, 10), 0), ==, 30);
  g_assert_cmpint (pid_at (children_of (sessions, 20), 0), ==, 30);
}

static void
test_deadlock_has_no_cycle (void)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) roots = g_list_store_new (SLUICE_TYPE_SESSION_INFO);

  /* A deadlock the server has not broken yet: no root, and no session is
   * its own descendant (a tree view would expand forever). */
  g_ptr_array_add (sessions, SESSION (1, 2));
  g_ptr_array_add (sessions, SESSION (2, 1));
  g_ptr_array_add (sessions, SESSION (3, 2));
  sluice_activity_build_tree (sessions, roots);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roots)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (children_of (sessions, 1)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (children_of (sessions, 2)), ==, 1);
  g_assert_cmpint (pid_at (children_of (sessions, 2), 0), ==, 3);
}

static void
test_blocker_not_listed (void)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) roots = g_list_store_new (SLUICE_TYPE_SESSION_INFO);

  /* 99 is not listed (it is the session asking): 50 waits for it and
   * blocks 60, so 50 is where the tree starts. */
  g_ptr_array_add (sessions, SESSION (50, 99));
  g_ptr_array_add (sessions, SESSION (60, 50));
  sluice_activity_build_tree (sessions, roots);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roots)), ==, 1);
  g_assert_cmpint (pid_at (G_LIST_MODEL (roots), 0), ==, 50);
}

static void
test_parse_pid_array (void)
{
  g_autoptr(GArray) empty = sluice_activity_parse_pid_array ("{}");
  g_autoptr(GArray) three = sluice_activity_parse_pid_array ("{12,345,6789}");
  g_autoptr(GArray) null = sluice_activity_parse_pid_array (NULL);

  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (null->len, ==, 0);
  g_assert_cmpuint (three->len, ==, 3);
  g_assert_cmpint (g_array_index (three, int, 0), ==, 12);
  g_assert_cmpint (g_array_index (three, int, 2), ==, 6789);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/activity/tree/chain", test_chain);
  g_test_add_func ("/activity/tree/shared-waiter", test_two_roots_and_shared_waiter);
  g_test_add_func ("/activity/tree/deadlock", test_deadlock_has_no_cycle);
  g_test_add_func ("/activity/tree/blocker-not-listed", test_blocker_not_listed);
  g_test_add_func ("/activity/pid-array", test_parse_pid_array);

  return g_test_run ();
}
