/* bench-plan-scroll.c: laying out and scrolling a 10,000-node plan in the
 * Plans page's tree and graph, against the 50 ms target
 *
 * The plan is generated as EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) would
 * give it for a report over many partitions: a Limit over a Sort over a
 * HashAggregate over an Append whose members are joins of varied shapes
 * (hash, merge and nested loop joins, bitmap scans, sorts, materialized
 * inner sides, some with many loops), 10,000 nodes, times adding up as a
 * server's do.  Then:
 *
 *  1. the graph's layout (SluicePlanFlameLayout) and the tree's model
 *     (SluicePlanTree's GtkTreeListModel, with its rows opened) are timed,
 *     best and median of several runs;
 *  2. the tree, all 10,000 rows open, is shown in a window and scrolled
 *     from top to bottom, half a page per frame (each step is an
 *     adjustment change made on a frame clock tick), then by 60 jumps to
 *     random places;
 *  3. the graph is shown, zoomed in step by step around its middle and
 *     panned across.
 *
 * While 2 and 3 run, a 1 ms periodic source records every gap on the main
 * loop, and the frame clock every interval between frames: the largest is
 * the longest the window could not react; with the CPU each gap took, of
 * the main thread and of the whole process (Mesa's rasterizer threads
 * draw under Xvfb), which say what a frame costs whatever else the
 * machine is running.  Figures are printed against
 * the 50 ms target, with ratios.  Run under Xvfb (meson does):
 * bench-plan-scroll [--write FILE] [--nodes N] [--renderer cairo]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sluice-plan.h"
#include "sluice-plan-flame.h"
#include "sluice-plan-flame-layout.h"
#include "sluice-plan-tree.h"

#define TARGET_MS        50.0
#define RUNS             7
#define DEFAULT_NODES    10000
#define TICK_MS          1
#define JUMPS            60
#define ZOOM_FRAMES      90
#define PAN_FRAMES       150
#define WAIT_TIMEOUT_S   120
#define WARM_UP_STEPS    2

/* Generating the plan ------------------------------------------------------ */

typedef struct
{
  JsonBuilder *builder;
  GRand       *rand;
  guint        n_nodes;
  guint        n_relations;
} Generator;

typedef struct
{
  double inclusive_ms;  /* time × loops */
  double rows;          /* per loop */
} Figures;

static const char * const tables[] = {
  "orders", "order_lines", "customers", "invoices", "payments", "shipments",
  "products", "stock_moves", "events", "sessions",
};

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
begin_node (Generator  *gen,
            const char *type,
            const char *relationship)
{
  gen->n_nodes++;
  json_builder_begin_object (gen->builder);
  add_string (gen->builder, "Node Type", type);
  if (relationship != NULL)
    add_string (gen->builder, "Parent Relationship", relationship);
  json_builder_set_member_name (gen->builder, "Parallel Aware");
  json_builder_add_boolean_value (gen->builder, FALSE);
}

/* The figures every node has, once its children's are known. */
static void
end_node (Generator     *gen,
          const Figures *figures,
          double         loops,
          double         plan_rows)
{
  JsonBuilder *builder = gen->builder;
  double per_loop_ms = figures->inclusive_ms / MAX (loops, 1);

  add_double (builder, "Startup Cost", 0.42 * gen->n_nodes);
  add_double (builder, "Total Cost", 10.0 + per_loop_ms * 37.0);
  add_double (builder, "Plan Rows", plan_rows);
  add_int (builder, "Plan Width", 8 + gen->n_nodes % 64);
  add_double (builder, "Actual Startup Time", per_loop_ms * 0.1);
  add_double (builder, "Actual Total Time", per_loop_ms);
  add_double (builder, "Actual Rows", figures->rows);
  add_double (builder, "Actual Loops", loops);
  add_int (builder, "Shared Hit Blocks", 10 + g_rand_int_range (gen->rand, 0, 400));
  add_int (builder, "Shared Read Blocks", g_rand_int_range (gen->rand, 0, 40));
  add_int (builder, "Shared Dirtied Blocks", 0);
  add_int (builder, "Shared Written Blocks", 0);
  add_int (builder, "Temp Read Blocks", 0);
  add_int (builder, "Temp Written Blocks", 0);
  json_builder_end_object (builder);
}

static void
add_relation (Generator *gen)
{
  const char *table = tables[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (tables))];
  g_autofree char *name = g_strdup_printf ("%s_p%u", table, gen->n_relations++);

  add_string (gen->builder, "Relation Name", name);
  add_string (gen->builder, "Schema", "public");
  add_string (gen->builder, "Alias", name);
}

static Figures build_subtree (Generator *gen, guint budget, const char *relationship);

/* A scan: the leaves. */
static Figures
build_scan (Generator  *gen,
            const char *relationship,
            double      loops)
{
  static const char * const kinds[] = { "Seq Scan", "Index Scan", "Index Only Scan" };
  const char *kind = kinds[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (kinds))];
  Figures figures;

  begin_node (gen, kind, relationship);
  add_relation (gen);
  if (strcmp (kind, "Seq Scan") == 0)
    {
      add_string (gen->builder, "Filter", "(status = 'open'::text)");
      add_double (gen->builder, "Rows Removed by Filter", g_rand_int_range (gen->rand, 0, 5000));
    }
  else
    {
      g_autofree char *index = g_strdup_printf ("idx_%u", gen->n_relations);

      add_string (gen->builder, "Scan Direction", "Forward");
      add_string (gen->builder, "Index Name", index);
      add_string (gen->builder, "Index Cond", "(customer_id = c.id)");
      if (strcmp (kind, "Index Only Scan") == 0)
        add_double (gen->builder, "Heap Fetches", g_rand_int_range (gen->rand, 0, 50));
    }

  figures.rows = g_rand_int_range (gen->rand, 1, 3000);
  figures.inclusive_ms = g_rand_double_range (gen->rand, 0.01, 3.0) * loops;
  end_node (gen, &figures, loops, figures.rows * g_rand_double_range (gen->rand, 0.2, 4.0));
  return figures;
}

/* A Bitmap Heap Scan over its Bitmap Index Scan: two nodes. */
static Figures
build_bitmap_scan (Generator  *gen,
                   const char *relationship)
{
  Figures index_figures, figures;

  begin_node (gen, "Bitmap Heap Scan", relationship);
  add_relation (gen);
  add_string (gen->builder, "Recheck Cond", "(placed_at >= now() - '30 days'::interval)");
  json_builder_set_member_name (gen->builder, "Plans");
  json_builder_begin_array (gen->builder);
  begin_node (gen, "Bitmap Index Scan", "Outer");
  add_string (gen->builder, "Index Name", "idx_placed_at");
  index_figures.rows = g_rand_int_range (gen->rand, 10, 5000);
  index_figures.inclusive_ms = g_rand_double_range (gen->rand, 0.05, 1.0);
  end_node (gen, &index_figures, 1, index_figures.rows);
  json_builder_end_array (gen->builder);

  figures.rows = index_figures.rows;
  figures.inclusive_ms = index_figures.inclusive_ms + g_rand_double_range (gen->rand, 0.1, 2.0);
  end_node (gen, &figures, 1, figures.rows * 1.3);
  return figures;
}

/* A node with one child: Sort, Hash, Materialize, Aggregate. */
static Figures
build_unary (Generator  *gen,
             const char *type,
             guint       budget,
             const char *relationship)
{
  Figures child, figures;

  begin_node (gen, type, relationship);
  if (strcmp (type, "Sort") == 0)
    {
      add_string (gen->builder, "Sort Key", "o.placed_at DESC");
      add_string (gen->builder, "Sort Method", "quicksort");
      add_int (gen->builder, "Sort Space Used", 25 + g_rand_int_range (gen->rand, 0, 2000));
      add_string (gen->builder, "Sort Space Type", "Memory");
    }
  else if (strcmp (type, "Hash") == 0)
    {
      add_int (gen->builder, "Hash Buckets", 1024);
      add_int (gen->builder, "Original Hash Buckets", 1024);
      add_int (gen->builder, "Hash Batches", 1);
      add_int (gen->builder, "Original Hash Batches", 1);
      add_int (gen->builder, "Peak Memory Usage", 64 + g_rand_int_range (gen->rand, 0, 4000));
    }
  json_builder_set_member_name (gen->builder, "Plans");
  json_builder_begin_array (gen->builder);
  child = build_subtree (gen, budget - 1, "Outer");
  json_builder_end_array (gen->builder);

  figures.rows = strcmp (type, "Aggregate") == 0 ? 1 : child.rows;
  figures.inclusive_ms = child.inclusive_ms + g_rand_double_range (gen->rand, 0.01, 1.5);
  end_node (gen, &figures, 1, figures.rows);
  return figures;
}

/* A join: its outer side, and its inner side (under a Hash for a hash
 * join, run once per outer row for a nested loop). */
static Figures
build_join (Generator  *gen,
            guint       budget,
            const char *relationship)
{
  static const char * const kinds[] = { "Hash Join", "Nested Loop", "Merge Join" };
  const char *kind = kinds[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (kinds))];
  guint rest = budget - 1;
  guint outer_budget = rest > 2 ? (guint) g_rand_int_range (gen->rand, 1, rest) : 1;
  guint inner_budget = rest - outer_budget;
  Figures outer, inner, figures;

  if (inner_budget == 0)
    return build_unary (gen, "Materialize", budget, relationship);

  begin_node (gen, kind, relationship);
  add_string (gen->builder, "Join Type", g_rand_boolean (gen->rand) ? "Inner" : "Left");
  json_builder_set_member_name (gen->builder, "Plans");
  json_builder_begin_array (gen->builder);
  outer = build_subtree (gen, outer_budget, "Outer");
  if (strcmp (kind, "Hash Join") == 0 && inner_budget >= 2)
    inner = build_unary (gen, "Hash", inner_budget, "Inner");
  else if (strcmp (kind, "Nested Loop") == 0 && inner_budget == 1)
    inner = build_scan (gen, "Inner", MAX (1, MIN (outer.rows, 500)));
  else
    inner = build_subtree (gen, inner_budget, "Inner");
  json_builder_end_array (gen->builder);

  if (strcmp (kind, "Hash Join") == 0)
    add_string (gen->builder, "Hash Cond", "(o.customer_id = c.id)");
  else if (strcmp (kind, "Merge Join") == 0)
    add_string (gen->builder, "Merge Cond", "(o.id = l.order_id)");

  figures.rows = MAX (1, (outer.rows + inner.rows) / 2);
  figures.inclusive_ms = outer.inclusive_ms + inner.inclusive_ms + g_rand_double_range (gen->rand, 0.05, 4.0);
  end_node (gen, &figures, 1, figures.rows * g_rand_double_range (gen->rand, 0.05, 20.0));
  return figures;
}

static Figures
build_subtree (Generator  *gen,
               guint       budget,
               const char *relationship)
{
  if (budget <= 1)
    return build_scan (gen, relationship, 1);
  if (budget == 2)
    return g_rand_boolean (gen->rand) ? build_bitmap_scan (gen, relationship)
                                      : build_unary (gen, "Sort", budget, relationship);
  if (g_rand_int_range (gen->rand, 0, 5) == 0)
    return build_unary (gen, g_rand_boolean (gen->rand) ? "Sort" : "Aggregate", budget, relationship);
  return build_join (gen, budget, relationship);
}

/* json-glib prints a double with 17 significant digits
 * (0.40000000000000002); EXPLAIN prints times to three places, costs to
 * two and counts whole.  The plan's numbers are written again as EXPLAIN
 * writes them (the generator pretty-prints one member a line). */
static char *
as_explain_numbers (const char *json)
{
  GString *out = g_string_sized_new (strlen (json));
  const char *line = json;

  while (*line != '\0')
    {
      const char *eol = strchr (line, '\n');
      const char *separator;
      const char *name;
      char *number_end = NULL;
      double value = 0;

      if (eol == NULL)
        eol = line + strlen (line);
      separator = g_strstr_len (line, eol - line, "\" : ");
      name = separator != NULL ? memchr (line, '"', separator - line) : NULL;
      if (name != NULL)
        value = g_ascii_strtod (separator + 4, &number_end);

      if (name != NULL && number_end > separator + 4 && (number_end == eol || *number_end == ','))
        {
          gsize name_length = separator - (name + 1);
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];
          const char *format = "%.0f";

          if (name_length >= 4 && memcmp (separator - 4, "Time", 4) == 0)
            format = "%.3f";
          else if (name_length >= 4 && memcmp (separator - 4, "Cost", 4) == 0)
            format = "%.2f";
          g_string_append_len (out, line, separator + 4 - line);
          g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, format, value));
          g_string_append_len (out, number_end, eol - number_end);
        }
      else
        g_string_append_len (out, line, eol - line);

      if (*eol == '\n')
        g_string_append_c (out, *eol++);
      line = eol;
    }

  return g_string_free (out, FALSE);
}

static char *
generate_plan_json (guint n_nodes)
{
  Generator gen = { json_builder_new (), g_rand_new_with_seed (20240312), 0, 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  Figures members = { 0, 0 };
  Figures aggregate, sort, limit;
  guint budget = n_nodes - 4;    /* Limit, Sort, HashAggregate, Append */

  json_builder_begin_array (gen.builder);
  json_builder_begin_object (gen.builder);
  json_builder_set_member_name (gen.builder, "Plan");

  begin_node (&gen, "Limit", NULL);
  json_builder_set_member_name (gen.builder, "Plans");
  json_builder_begin_array (gen.builder);
  begin_node (&gen, "Sort", "Outer");
  add_string (gen.builder, "Sort Key", "(sum(o.total)) DESC");
  add_string (gen.builder, "Sort Method", "top-N heapsort");
  json_builder_set_member_name (gen.builder, "Plans");
  json_builder_begin_array (gen.builder);
  begin_node (&gen, "Aggregate", "Outer");
  add_string (gen.builder, "Strategy", "Hashed");
  add_string (gen.builder, "Group Key", "c.region");
  json_builder_set_member_name (gen.builder, "Plans");
  json_builder_begin_array (gen.builder);
  begin_node (&gen, "Append", "Outer");
  json_builder_set_member_name (gen.builder, "Plans");
  json_builder_begin_array (gen.builder);

  /* Members of 1 to 24 nodes until the budget is spent. */
  while (budget > 0)
    {
      guint size = MIN (budget, (guint) g_rand_int_range (gen.rand, 1, 25));
      Figures member = build_subtree (&gen, size, "Member");

      budget -= size;
      members.inclusive_ms += member.inclusive_ms;
      members.rows += member.rows;
    }
  json_builder_end_array (gen.builder);
  members.inclusive_ms += 2.0;
  end_node (&gen, &members, 1, members.rows);

  json_builder_end_array (gen.builder);
  aggregate.rows = 4;
  aggregate.inclusive_ms = members.inclusive_ms + 35.0;
  end_node (&gen, &aggregate, 1, 4);

  json_builder_end_array (gen.builder);
  sort.rows = 4;
  sort.inclusive_ms = aggregate.inclusive_ms + 0.02;
  end_node (&gen, &sort, 1, 4);

  json_builder_end_array (gen.builder);
  limit.rows = 4;
  limit.inclusive_ms = sort.inclusive_ms + 0.01;
  end_node (&gen, &limit, 1, 4);

  add_double (gen.builder, "Planning Time", 48.5);
  json_builder_set_member_name (gen.builder, "Triggers");
  json_builder_begin_array (gen.builder);
  json_builder_end_array (gen.builder);
  add_double (gen.builder, "Execution Time", limit.inclusive_ms + 0.3);
  json_builder_end_object (gen.builder);
  json_builder_end_array (gen.builder);

  root = json_builder_get_root (gen.builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  g_object_unref (gen.builder);
  g_rand_free (gen.rand);
  json = json_generator_to_data (generator, NULL);
  return as_explain_numbers (json);
}

/* Timing ------------------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_of (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
percentile_of (GArray *values,
               double  fraction)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  index = MIN (values->len - 1, (guint) (fraction * values->len));
  return g_array_index (values, double, index);
}

static void
print_timing (const char *what,
              GArray     *ms)
{
  double best = G_MAXDOUBLE;
  double median;

  for (guint i = 0; i < ms->len; i++)
    best = MIN (best, g_array_index (ms, double, i));
  median = median_of (ms);
  g_print ("%-44s best %8.2f ms   median %8.2f ms   %6.3fx of %.0f ms\n",
           what, best, median, median / TARGET_MS, TARGET_MS);
}

/* The main loop's gaps, and the frame clock's intervals. */
typedef struct
{
  const char *name;
  GArray     *gaps;      /* ms, between ticks of the 1 ms source */
  GArray     *frames;    /* ms, between frames */
  GArray     *gap_cpu;   /* ms of main-thread CPU within each gap */
  GArray     *gap_process_cpu;  /* ms of the whole process's CPU within each gap */
  double      largest_gap_cpu_ms;   /* the main thread's CPU within the largest gap */
  double      largest_cpu_gap_ms;   /* the most CPU the main thread spent between two ticks */
  guint       largest_gap_step;     /* the step during which the largest gap fell */
  double      first_frames_ms;      /* the largest gap of the first frames, apart */
  gint64      last_tick;
  gint64      last_tick_cpu;
  gint64      last_tick_process_cpu;
  gint64      last_frame;
  guint       steps;
  guint       max_drawn;
  gboolean    done;
} Phase;

static Phase *current_phase;

/* CPU time of the main thread.  A gap between ticks is wall time: on a
 * loaded machine it includes time the scheduler gave to other processes;
 * the CPU the main thread burnt within it is what our code costs. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* CPU time of the whole process, in µs: the main thread and the threads
 * that draw for it (Mesa's software rasterizer under Xvfb): what a frame
 * cost, whoever else wanted the cores meanwhile. */
static gint64
process_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static double
largest_of (GArray *values)
{
  double largest = 0;

  for (guint i = 0; i < values->len; i++)
    largest = MAX (largest, g_array_index (values, double, i));
  return largest;
}

static gboolean
on_loop_tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  gint64 process_cpu = process_cpu_us ();

  if (current_phase != NULL)
    {
      /* The first frames of a phase build the view's rows (or draw a new
       * plan) and are reported apart from the steady scrolling. */
      if (current_phase->last_tick != 0 && current_phase->steps < WARM_UP_STEPS)
        current_phase->first_frames_ms = MAX (current_phase->first_frames_ms,
                                              (now - current_phase->last_tick) / 1000.0);
      else if (current_phase->last_tick != 0)
        {
          double gap = (now - current_phase->last_tick) / 1000.0;
          double gap_cpu = (cpu - current_phase->last_tick_cpu) / 1000.0;
          double gap_process_cpu = (process_cpu - current_phase->last_tick_process_cpu) / 1000.0;

          if (gap > largest_of (current_phase->gaps))
            {
              current_phase->largest_gap_cpu_ms = gap_cpu;
              current_phase->largest_gap_step = current_phase->steps;
            }
          current_phase->largest_cpu_gap_ms = MAX (current_phase->largest_cpu_gap_ms, gap_cpu);
          g_array_append_val (current_phase->gaps, gap);
          g_array_append_val (current_phase->gap_cpu, gap_cpu);
          g_array_append_val (current_phase->gap_process_cpu, gap_process_cpu);
        }
      current_phase->last_tick = now;
      current_phase->last_tick_cpu = cpu;
      current_phase->last_tick_process_cpu = process_cpu;
    }

  return G_SOURCE_CONTINUE;
}

static void
record_frame (Phase *phase)
{
  gint64 now = g_get_monotonic_time ();

  if (phase->last_frame != 0 && phase->steps >= WARM_UP_STEPS)
    {
      double interval = (now - phase->last_frame) / 1000.0;

      g_array_append_val (phase->frames, interval);
    }
  phase->last_frame = now;
}

static void
begin_phase (Phase      *phase,
             const char *name)
{
  memset (phase, 0, sizeof *phase);
  phase->name = name;
  phase->gaps = g_array_new (FALSE, FALSE, sizeof (double));
  phase->frames = g_array_new (FALSE, FALSE, sizeof (double));
  phase->gap_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  phase->gap_process_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  current_phase = phase;
}

static void
end_phase (Phase *phase)
{
  current_phase = NULL;
}

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("the benchmark did not finish within %d s", WAIT_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

static void
run_until_done (Phase *phase)
{
  guint timeout = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_timeout, NULL);

  while (!phase->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

/* Scrolling the tree ----------------------------------------------------------- */

typedef struct
{
  Phase         *phase;
  Phase         *jump_phase;
  GtkAdjustment *adjustment;
  GRand         *rand;
  guint          jumps_left;
} TreeScroll;

static gboolean
scroll_tree_tick (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  TreeScroll *scroll = user_data;
  GtkAdjustment *adjustment = scroll->adjustment;
  double page = gtk_adjustment_get_page_size (adjustment);
  double bottom = gtk_adjustment_get_upper (adjustment) - page;
  double value = gtk_adjustment_get_value (adjustment);

  record_frame (scroll->phase);
  scroll->phase->steps++;

  if (value < bottom && scroll->jumps_left == JUMPS)
    {
      /* Down half a page a frame: a fast, steady scroll. */
      gtk_adjustment_set_value (adjustment, MIN (value + page / 2, bottom));
      return G_SOURCE_CONTINUE;
    }

  if (scroll->jumps_left == JUMPS && scroll->phase != scroll->jump_phase)
    {
      /* The bottom: now the jumps, measured apart. */
      scroll->phase->done = TRUE;
      scroll->phase = scroll->jump_phase;
      current_phase = scroll->phase;
      record_frame (scroll->phase);
    }

  if (scroll->jumps_left > 0)
    {
      scroll->jumps_left--;
      gtk_adjustment_set_value (adjustment, g_rand_double_range (scroll->rand, 0, bottom));
      return G_SOURCE_CONTINUE;
    }

  scroll->phase->done = TRUE;
  return G_SOURCE_REMOVE;
}

/* The graph: zoom in, then pan. */
typedef struct
{
  Phase           *phase;
  SluicePlanFlame *flame;
  GtkAdjustment   *hadjustment;
  guint            frame;
} FlameMove;

static gboolean
move_flame_tick (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  FlameMove *move = user_data;
  double width = gtk_widget_get_width (widget);

  record_frame (move->phase);
  move->phase->steps++;
  move->phase->max_drawn = MAX (move->phase->max_drawn, sluice_plan_flame_get_n_drawn (move->flame));

  if (move->frame < ZOOM_FRAMES)
    sluice_plan_flame_zoom_at (move->flame, 1.12, width / 2);
  else if (move->frame < ZOOM_FRAMES + PAN_FRAMES)
    gtk_adjustment_set_value (move->hadjustment,
                              gtk_adjustment_get_value (move->hadjustment) +
                              gtk_adjustment_get_page_size (move->hadjustment) / 3);
  else
    {
      move->phase->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  move->frame++;
  return G_SOURCE_CONTINUE;
}

static void
print_phase (Phase *phase)
{
  double largest_gap = largest_of (phase->gaps);
  double largest_frame = largest_of (phase->frames);

  g_print ("%s: %u steps, one per frame\n", phase->name, phase->steps);
  if (phase->first_frames_ms > 0)
    g_print ("  first frames (rows made, or a new plan drawn): the largest gap %.2f ms = %.3fx of %.0f ms\n",
             phase->first_frames_ms, phase->first_frames_ms / TARGET_MS, TARGET_MS);
  g_print ("  largest main-loop stall  %8.2f ms   %6.3fx of %.0f ms   (99th percentile %.2f ms, %u samples)\n",
           largest_gap, largest_gap / TARGET_MS, TARGET_MS, percentile_of (phase->gaps, 0.99), phase->gaps->len);
  g_print ("    at step %u, of which main-thread CPU %.2f ms; the most CPU between two ticks %.2f ms = %.3fx of %.0f ms\n",
           phase->largest_gap_step, phase->largest_gap_cpu_ms,
           phase->largest_cpu_gap_ms, phase->largest_cpu_gap_ms / TARGET_MS, TARGET_MS);
  /* The stall is wall time, and on a shared machine partly other
   * programs' turn on the cores: the CPU each gap took says what the
   * tree itself costs a frame, loaded machine or not. */
  g_print ("  CPU a gap, main thread:  median %.2f ms, 99th percentile %.2f ms, most %.2f ms\n",
           percentile_of (phase->gap_cpu, 0.5), percentile_of (phase->gap_cpu, 0.99), largest_of (phase->gap_cpu));
  g_print ("  CPU a gap, whole process (with the rasterizer's threads):  median %.2f ms, 99th percentile %.2f ms, most %.2f ms\n",
           percentile_of (phase->gap_process_cpu, 0.5), percentile_of (phase->gap_process_cpu, 0.99),
           largest_of (phase->gap_process_cpu));
  g_print ("  longest frame interval   %8.2f ms   %6.3fx of %.0f ms   (median %.2f ms, 99th percentile %.2f ms)\n",
           largest_frame, largest_frame / TARGET_MS, TARGET_MS,
           percentile_of (phase->frames, 0.5), percentile_of (phase->frames, 0.99));
  if (phase->max_drawn > 0)
    g_print ("  most boxes drawn in one frame: %u\n", phase->max_drawn);
}

static void
load_app_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  /* As the application looks: Adwaita and Sluice's style (its row tints). */
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *write_path = NULL;
  g_autofree char *renderer = NULL;
  int n_nodes = DEFAULT_NODES;
  GOptionEntry entries[] = {
    { "write", 0, 0, G_OPTION_ARG_FILENAME, &write_path, "Write the generated plan to FILE and exit", "FILE" },
    { "nodes", 0, 0, G_OPTION_ARG_INT, &n_nodes, "Nodes in the plan (10,000)", "N" },
    { "renderer", 0, 0, G_OPTION_ARG_STRING, &renderer, "GTK's renderer (GSK_RENDERER): gl, cairo", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- lay out and scroll a large plan");
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GArray) parse_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) flame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tree_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) expand_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window;
  GtkWidget *tree;
  GtkWidget *flame;
  GtkWidget *scroller;
  Phase tree_phase, jump_phase, flame_phase;
  TreeScroll tree_scroll;
  FlameMove flame_move;
  gint64 start;
  double first_frame_ms;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  json = generate_plan_json (MAX (n_nodes, 8));
  if (write_path != NULL)
    {
      if (!g_file_set_contents (write_path, json, -1, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return 0;
    }

  if (renderer != NULL)
    g_setenv ("GSK_RENDERER", renderer, TRUE);
  adw_init ();
  load_app_style ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* 0. The plan, parsed as the Plans page has it parsed: from a buffer of
   * its own (the server's answer), which the plan keeps, copied before the
   * clock starts. */
  for (guint i = 0; i < RUNS; i++)
    {
      char *copy = g_strdup (json);
      double ms;

      g_clear_object (&plan);
      start = g_get_monotonic_time ();
      plan = sluice_plan_new_from_json_take (copy, strlen (json), &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (plan == NULL)
        g_error ("the generated plan does not parse: %s", error->message);
      g_array_append_val (parse_ms, ms);
    }

  g_print ("\nA plan of %u nodes, %u levels deep, %.1f MB of EXPLAIN JSON; target %.0f ms.\n\n",
           sluice_plan_get_n_nodes (plan), sluice_plan_get_max_depth (plan) + 1,
           strlen (json) / 1e6, TARGET_MS);
  print_timing ("parse (JSON + model)", parse_ms);

  /* 1. Layouts, away from any window. */
  for (guint i = 0; i < RUNS; i++)
    {
      SluicePlanFlameLayout *layout;
      double ms;

      start = g_get_monotonic_time ();
      layout = sluice_plan_flame_layout_new (plan);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (flame_ms, ms);
      g_assert (sluice_plan_flame_layout_get_n_rows (layout) == sluice_plan_get_max_depth (plan) + 1);
      sluice_plan_flame_layout_free (layout);
    }
  print_timing ("graph layout (SluicePlanFlameLayout)", flame_ms);

  tree = g_object_ref_sink (sluice_plan_tree_new ());
  for (guint i = 0; i < RUNS; i++)
    {
      double ms;

      sluice_plan_tree_set_plan (SLUICE_PLAN_TREE (tree), NULL);
      start = g_get_monotonic_time ();
      sluice_plan_tree_set_plan (SLUICE_PLAN_TREE (tree), plan);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (tree_ms, ms);

      start = g_get_monotonic_time ();
      sluice_plan_tree_expand_all (SLUICE_PLAN_TREE (tree));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (expand_ms, ms);
      g_assert (g_list_model_get_n_items (sluice_plan_tree_get_rows (SLUICE_PLAN_TREE (tree))) ==
                sluice_plan_get_n_nodes (plan));
    }
  print_timing ("tree model (GtkTreeListModel, rows opened)", tree_ms);
  print_timing ("  opening any rows left closed", expand_ms);

  g_timeout_add (TICK_MS, on_loop_tick, NULL);

  /* 2. The tree, in a window, scrolled. */
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (window), tree);
  g_object_unref (tree);

  begin_phase (&jump_phase, "tree: 60 jumps to random places, one a frame");
  begin_phase (&tree_phase, "tree: scrolled from top to bottom, half a page a frame");
  start = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (tree) || gtk_widget_get_height (tree) == 0)
    g_main_context_iteration (NULL, TRUE);
  first_frame_ms = (g_get_monotonic_time () - start) / 1000.0;

  tree_scroll.phase = &tree_phase;
  tree_scroll.jump_phase = &jump_phase;
  tree_scroll.adjustment = sluice_plan_tree_get_vadjustment (SLUICE_PLAN_TREE (tree));
  tree_scroll.rand = g_rand_new_with_seed (7);
  tree_scroll.jumps_left = JUMPS;
  gtk_widget_add_tick_callback (tree, scroll_tree_tick, &tree_scroll, NULL);
  run_until_done (&tree_phase);
  run_until_done (&jump_phase);
  end_phase (&jump_phase);
  g_rand_free (tree_scroll.rand);

  g_print ("\nrenderer: %s (under Xvfb GL is Mesa's software rasterizer; --renderer=cairo picks cairo)\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_print ("window shown with the tree (its first frame: GTK, the theme and fonts start too) in %.1f ms\n",
           first_frame_ms);
  print_phase (&tree_phase);
  print_phase (&jump_phase);

  /* 3. The graph, zoomed and panned. */
  flame = sluice_plan_flame_new ();
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), flame);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  start = g_get_monotonic_time ();
  sluice_plan_flame_set_plan (SLUICE_PLAN_FLAME (flame), plan);
  g_print ("\ngraph: plan set (layout included) in %.2f ms\n", (g_get_monotonic_time () - start) / 1000.0);

  begin_phase (&flame_phase, "graph: zoomed in 12% a frame, then panned a third of the width a frame");
  flame_move.phase = &flame_phase;
  flame_move.flame = SLUICE_PLAN_FLAME (flame);
  flame_move.hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (flame));
  flame_move.frame = 0;
  gtk_widget_add_tick_callback (flame, move_flame_tick, &flame_move, NULL);
  run_until_done (&flame_phase);
  end_phase (&flame_phase);
  print_phase (&flame_phase);
  g_print ("  final zoom %.0fx\n", sluice_plan_flame_get_zoom (SLUICE_PLAN_FLAME (flame)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (tree_phase.gap_cpu);
  g_array_unref (tree_phase.gap_process_cpu);
  g_array_unref (jump_phase.gap_cpu);
  g_array_unref (jump_phase.gap_process_cpu);
  g_array_unref (flame_phase.gap_cpu);
  g_array_unref (flame_phase.gap_process_cpu);
  g_array_unref (tree_phase.gaps);
  g_array_unref (tree_phase.frames);
  g_array_unref (jump_phase.gaps);
  g_array_unref (jump_phase.frames);
  g_array_unref (flame_phase.gaps);
  g_array_unref (flame_phase.frames);
  return 0;
}
