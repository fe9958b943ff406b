/* sluice-plan-compare-view.c: two plans side by side, nodes matched, and
 * a one-line verdict
 *
 * One list row per pair of the comparison, so that matched nodes sit on
 * one line: the plan before on the left, the change in the middle, the
 * plan after on the right; a node only one plan has leaves the other side
 * empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sluice-plan-compare-row.h"
#include "sluice-plan-compare-view.h"
#include "sluice-plan-format.h"
#include "sluice-plan-io.h"
#include "sluice-plan-run.h"

#define MAX_INDENT_DEPTH 20
#define INDENT_PX        12
/* Changes smaller than this are noise between two runs: not coloured. */
#define NOTABLE_CHANGE_MS 0.1

typedef enum
{
  COLUMN_BEFORE_NODE,
  COLUMN_BEFORE_TIME,
  COLUMN_BEFORE_ROWS,
  COLUMN_CHANGE,
  COLUMN_AFTER_NODE,
  COLUMN_AFTER_TIME,
  COLUMN_AFTER_ROWS,
} Column;

typedef enum
{
  SIDE_BEFORE,
  SIDE_AFTER,
} Side;

struct _SluicePlanCompareView
{
  GtkWidget             parent_instance;

  GListStore           *runs;
  SluicePlanComparison *comparison;
  GListStore           *rows;
  GtkSingleSelection   *selection;
  GCancellable         *cancellable;
  gboolean              follow_latest;
  gboolean              updating;

  GtkLabel             *verdict_label;
  GtkLabel             *totals_label;
  GtkDropDown          *before_dropdown;
  GtkDropDown          *after_dropdown;
  GtkLabel             *error_label;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkColumnView        *column_view;
};

G_DEFINE_FINAL_TYPE (SluicePlanCompareView, sluice_plan_compare_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNS,
  PROP_COMPARISON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Cells -------------------------------------------------------------------- */

static const SluicePlanPair *
get_item_pair (GtkListItem *list_item)
{
  SluicePlanCompareRow *row = gtk_list_item_get_item (list_item);

  return row != NULL ? sluice_plan_compare_row_get_pair (row) : NULL;
}

static SluicePlan *
get_item_plan (GtkListItem *list_item,
               Side         side)
{
  SluicePlanComparison *comparison = sluice_plan_compare_row_get_comparison (gtk_list_item_get_item (list_item));

  return side == SIDE_BEFORE ? sluice_plan_comparison_get_before (comparison)
                             : sluice_plan_comparison_get_after (comparison);
}

/* The whole name of a node, however narrow its column: asked for when
 * shown, not set on bind (a pointer query per cell in GTK 4.8). */
static gboolean
on_query_label_tooltip (GtkWidget  *label,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (label));

  if (text == NULL || *text == '\0' || g_strcmp0 (text, "—") == 0)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* GtkInscriptions: sized by characters rather than by laying out their
 * text, so that a comparison of thousands of nodes scrolls lightly. */
static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_inscription_new (NULL);
  GtkInscription *inscription = GTK_INSCRIPTION (label);

  gtk_inscription_set_text_overflow (inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (column == COLUMN_BEFORE_NODE || column == COLUMN_AFTER_NODE)
    {
      gtk_inscription_set_min_chars (inscription, 12);
      gtk_inscription_set_nat_chars (inscription, 40);
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_query_label_tooltip), NULL);
    }
  else
    {
      gtk_inscription_set_xalign (inscription, column == COLUMN_CHANGE ? 0.5f : 1.f);
      gtk_inscription_set_min_chars (inscription, 4);
      gtk_inscription_set_nat_chars (inscription, column == COLUMN_CHANGE ? 24 : 10);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_list_item_set_child (list_item, label);
}

static void
bind_node (GtkWidget      *label,
           SluicePlanNode *node)
{
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (label, "dim-label");
  if (node == NULL)
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (label), "—");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_start (label, 0);
      return;
    }

  text = sluice_plan_format_node_label (node);
  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  gtk_widget_set_margin_start (label, MIN (sluice_plan_node_get_depth (node), MAX_INDENT_DEPTH) * INDENT_PX);
}

static void
bind_time (GtkWidget      *label,
           SluicePlan     *plan,
           SluicePlanNode *node)
{
  g_autofree char *text = NULL;

  if (node != NULL && sluice_plan_format_uses_time (plan))
    text = sluice_plan_format_ms (sluice_plan_node_get_exclusive_ms (node));
  gtk_inscription_set_text (GTK_INSCRIPTION (label), text != NULL ? text : "—");
}

static void
bind_rows (GtkWidget      *label,
           SluicePlanNode *node)
{
  g_autofree char *text = NULL;

  if (node != NULL)
    text = sluice_plan_format_count_short (sluice_plan_node_has_actuals (node)
                                           ? sluice_plan_node_get_total_rows (node)
                                           : sluice_plan_node_get_plan_rows (node));
  gtk_inscription_set_text (GTK_INSCRIPTION (label), text != NULL ? text : "—");
}

static char *
describe_rows_change (double ratio)
{
  /* Row counts that moved less than twofold say little. */
  if (ratio <= 0 || isnan (ratio) || (ratio > 0.5 && ratio < 2))
    return NULL;
  if (ratio < 1)
    /* Translators: the node after gives this many times fewer rows. */
    return g_strdup_printf (1 / ratio < 10 ? _("%.1fx fewer rows") : _("%.0fx fewer rows"), 1 / ratio);
  /* Translators: the node after gives this many times more rows. */
  return g_strdup_printf (ratio < 10 ? _("%.1fx more rows") : _("%.0fx more rows"), ratio);
}

static void
set_change_class (GtkWidget  *label,
                  const char *css_class)
{
  static const char * const classes[] = { "plan-better", "plan-worse", "plan-new", "plan-gone" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (label, classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

static void
bind_change (GtkWidget            *label,
             const SluicePlanPair *pair)
{
  g_autofree char *time = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *text = NULL;
  const char *css_class = NULL;
  double before_ms, after_ms;
  gboolean notable;

  if (pair->before == NULL || pair->after == NULL)
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (label), pair->before == NULL
                                              /* Translators: a node only the plan after has. */
                                              ? C_("plan node", "new")
                                              /* Translators: a node only the plan before had. */
                                              : C_("plan node", "gone"));
      set_change_class (label, pair->before == NULL ? "plan-new" : "plan-gone");
      return;
    }

  before_ms = sluice_plan_node_get_exclusive_ms (pair->before);
  after_ms = sluice_plan_node_get_exclusive_ms (pair->after);
  notable = fabs (after_ms - before_ms) >= NOTABLE_CHANGE_MS;

  /* A ratio of two times too small to measure says nothing. */
  time = notable ? sluice_plan_format_ratio (pair->time_ratio) : NULL;
  rows = describe_rows_change (pair->rows_ratio);
  if (time != NULL && rows != NULL)
    /* Translators: a time change, then a row count change. */
    text = g_strdup_printf (_("%s · %s"), time, rows);
  else
    text = g_strdup (time != NULL ? time : rows);
  if (text == NULL && pair->time_ratio > 0)
    /* Translators: a node's time hardly changed between the two plans. */
    text = g_strdup (_("about the same"));

  if (notable && pair->time_ratio > 0)
    {
      if (pair->time_ratio <= 0.95)
        css_class = "plan-better";
      else if (pair->time_ratio >= 1.05)
        css_class = "plan-worse";
    }

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text != NULL ? text : "—");
  set_change_class (label, css_class);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const SluicePlanPair *pair = get_item_pair (list_item);

  if (pair == NULL)
    return;

  switch (column)
    {
    case COLUMN_BEFORE_NODE:
      bind_node (label, pair->before);
      break;
    case COLUMN_BEFORE_TIME:
      bind_time (label, get_item_plan (list_item, SIDE_BEFORE), pair->before);
      break;
    case COLUMN_BEFORE_ROWS:
      bind_rows (label, pair->before);
      break;
    case COLUMN_CHANGE:
      bind_change (label, pair);
      break;
    case COLUMN_AFTER_NODE:
      bind_node (label, pair->after);
      break;
    case COLUMN_AFTER_TIME:
      bind_time (label, get_item_plan (list_item, SIDE_AFTER), pair->after);
      break;
    case COLUMN_AFTER_ROWS:
      bind_rows (label, pair->after);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_column (SluicePlanCompareView *self,
            const char            *title,
            Column                 column_id,
            int                    fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column_id));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column_id));

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  else
    gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

static void
create_columns (SluicePlanCompareView *self)
{
  add_column (self, _("Before"), COLUMN_BEFORE_NODE, -1);
  add_column (self, _("Own Time"), COLUMN_BEFORE_TIME, 90);
  add_column (self, _("Rows"), COLUMN_BEFORE_ROWS, 70);
  add_column (self, _("Change"), COLUMN_CHANGE, 180);
  add_column (self, _("After"), COLUMN_AFTER_NODE, -1);
  add_column (self, _("Own Time"), COLUMN_AFTER_TIME, 90);
  add_column (self, _("Rows"), COLUMN_AFTER_ROWS, 70);
}

/* Choosers ----------------------------------------------------------------- */

static GtkListItemFactory *
create_run_factory (void)
{
  g_autoptr(GtkBuilderScope) scope = NULL;
  const char *ui =
    "<?xml version='1.0' encoding='UTF-8'?>"
    "<interface>"
    "  <template class='GtkListItem'>"
    "    <property name='child'>"
    "      <object class='GtkLabel'>"
    "        <property name='xalign'>0</property>"
    "        <property name='ellipsize'>end</property>"
    "        <property name='width-chars'>20</property>"
    "        <property name='max-width-chars'>60</property>"
    "        <binding name='label'>"
    "          <lookup name='label' type='SluicePlanRun'>"
    "            <lookup name='item'>GtkListItem</lookup>"
    "          </lookup>"
    "        </binding>"
    "      </object>"
    "    </property>"
    "  </template>"
    "</interface>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (ui, strlen (ui));

  g_type_ensure (SLUICE_TYPE_PLAN_RUN);
  return gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
}

static SluicePlanRun *
get_chosen_run (GtkDropDown *dropdown)
{
  return gtk_drop_down_get_selected_item (dropdown);
}

/* The verdict is a sentence's lower-case middle ("now an Index Scan
 * on …"); as a heading it starts with a capital. */
static char *
capitalize (const char *text)
{
  g_autofree char *first = NULL;
  const char *rest;

  if (text == NULL || *text == '\0')
    return g_strdup ("");

  rest = g_utf8_next_char (text);
  first = g_utf8_strup (text, rest - text);
  return g_strconcat (first, rest, NULL);
}

static void
show_comparison (SluicePlanCompareView *self)
{
  SluicePlanRun *before = get_chosen_run (self->before_dropdown);
  SluicePlanRun *after = get_chosen_run (self->after_dropdown);
  guint n_runs = self->runs != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->runs)) : 0;
  GPtrArray *pairs;
  g_autofree char *before_ms = NULL;
  g_autofree char *after_ms = NULL;
  g_autofree char *totals = NULL;
  g_autofree char *verdict = NULL;

  g_clear_object (&self->comparison);
  g_list_store_remove_all (self->rows);

  if (before == NULL || after == NULL || n_runs < 2)
    {
      gtk_label_set_label (self->verdict_label, _("Nothing to Compare Yet"));
      gtk_label_set_label (self->totals_label,
                           n_runs == 1 ? _("One plan so far: change the schema or the statement and run it again.")
                                       : _("No plans yet."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARISON]);
      return;
    }

  self->comparison = sluice_plan_comparison_new (sluice_plan_run_get_plan (before), sluice_plan_run_get_plan (after));
  pairs = sluice_plan_comparison_get_pairs (self->comparison);
  for (guint i = 0; i < pairs->len; i++)
    {
      g_autoptr(SluicePlanCompareRow) row = sluice_plan_compare_row_new (self->comparison, i);

      g_list_store_append (self->rows, row);
    }

  verdict = capitalize (sluice_plan_comparison_get_verdict (self->comparison));
  gtk_label_set_label (self->verdict_label, verdict);
  before_ms = sluice_plan_format_ms (sluice_plan_get_total_ms (sluice_plan_run_get_plan (before)));
  after_ms = sluice_plan_format_ms (sluice_plan_get_total_ms (sluice_plan_run_get_plan (after)));
  /* Translators: the total times of the two plans compared, and how many
   * rows of nodes (matched or not) the comparison has. */
  totals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Before #%u: %s · After #%u: %s · %u row of nodes",
                                         "Before #%u: %s · After #%u: %s · %u rows of nodes",
                                         pairs->len),
                            sluice_plan_run_get_number (before), before_ms,
                            sluice_plan_run_get_number (after), after_ms, pairs->len);
  gtk_label_set_label (self->totals_label, totals);
  gtk_stack_set_visible_child_name (self->stack, "compare");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARISON]);
}

static void
choose (SluicePlanCompareView *self,
        guint                  before,
        guint                  after)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->before_dropdown, before);
  gtk_drop_down_set_selected (self->after_dropdown, after);
  self->updating = FALSE;
  show_comparison (self);
}

static void
follow_latest_runs (SluicePlanCompareView *self)
{
  guint n = self->runs != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->runs)) : 0;

  if (n >= 2)
    choose (self, n - 2, n - 1);
  else
    choose (self, n > 0 ? 0 : GTK_INVALID_LIST_POSITION, n > 0 ? 0 : GTK_INVALID_LIST_POSITION);
}

/* Before the drop-downs see the change: they move their selection as
 * runs come and go, which is not a choice by hand. */
static void
on_runs_changing (SluicePlanCompareView *self,
                  guint                  position,
                  guint                  removed,
                  guint                  added)
{
  self->updating = TRUE;
}

static void
on_runs_changed (SluicePlanCompareView *self,
                 guint                  position,
                 guint                  removed,
                 guint                  added)
{
  self->updating = FALSE;
  if (self->follow_latest)
    follow_latest_runs (self);
  else
    show_comparison (self);
}

static void
on_dropdown_changed (SluicePlanCompareView *self)
{
  if (self->updating)
    return;

  /* A choice by hand stays, however many runs follow. */
  self->follow_latest = FALSE;
  show_comparison (self);
}

/* Opening files ------------------------------------------------------------ */

typedef struct
{
  SluicePlanCompareView *self;
  Side                   side;
  char                  *name;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->self);
  g_free (data->name);
  g_free (data);
}

static void
show_error (SluicePlanCompareView *self,
            const char            *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  OpenData *data = user_data;
  SluicePlanCompareView *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = sluice_plan_io_load_finish (result, &error);
  g_autoptr(SluicePlanRun) run = NULL;
  guint n;

  if (plan == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: a file name, then why it could not be read. */
          g_autofree char *message = g_strdup_printf (_("“%s” was not added: %s"), data->name, error->message);

          show_error (self, message);
        }
      open_data_free (data);
      return;
    }

  show_error (self, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  run = sluice_plan_run_new (plan, data->name, n + 1);
  self->follow_latest = FALSE;
  self->updating = TRUE;
  g_list_store_append (self->runs, run);
  self->updating = FALSE;

  if (data->side == SIDE_BEFORE)
    choose (self, n, gtk_drop_down_get_selected (self->after_dropdown));
  else
    choose (self, gtk_drop_down_get_selected (self->before_dropdown), n);
  open_data_free (data);
}

static void
on_file_chosen (GtkNativeDialog *chooser,
                int              response,
                OpenData        *data)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file == NULL || data->self->runs == NULL)
    {
      open_data_free (data);
      return;
    }

  data->name = g_file_get_basename (file);
  sluice_plan_io_load_async (file, data->self->cancellable, load_cb, data);
}

static void
open_plan_file (SluicePlanCompareView *self,
                Side                   side)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  OpenData *data = g_new0 (OpenData, 1);

  chooser = gtk_file_chooser_native_new (side == SIDE_BEFORE ? _("Open the Plan Before") : _("Open the Plan After"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  sluice_plan_io_add_filters (GTK_FILE_CHOOSER (chooser));

  data->self = g_object_ref (self);
  data->side = side;
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_open_before_clicked (SluicePlanCompareView *self)
{
  open_plan_file (self, SIDE_BEFORE);
}

static void
on_open_after_clicked (SluicePlanCompareView *self)
{
  open_plan_file (self, SIDE_AFTER);
}

/* GObject ------------------------------------------------------------------- */

static void
sluice_plan_compare_view_dispose (GObject *object)
{
  SluicePlanCompareView *self = SLUICE_PLAN_COMPARE_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->runs != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->runs, on_runs_changing, self);
      g_signal_handlers_disconnect_by_func (self->runs, on_runs_changed, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_PLAN_COMPARE_VIEW);
  /* The template's root is not a bound child: unparent what is left. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->comparison);
  g_clear_object (&self->runs);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sluice_plan_compare_view_parent_class)->dispose (object);
}

static void
sluice_plan_compare_view_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SluicePlanCompareView *self = SLUICE_PLAN_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_RUNS:
      g_value_set_object (value, self->runs);
      break;
    case PROP_COMPARISON:
      g_value_set_object (value, self->comparison);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_compare_view_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  SluicePlanCompareView *self = SLUICE_PLAN_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_RUNS:
      sluice_plan_compare_view_set_runs (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_compare_view_class_init (SluicePlanCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_plan_compare_view_dispose;
  object_class->get_property = sluice_plan_compare_view_get_property;
  object_class->set_property = sluice_plan_compare_view_set_property;

  properties[PROP_RUNS] =
    g_param_spec_object ("runs", NULL, NULL, G_TYPE_LIST_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPARISON] =
    g_param_spec_object ("comparison", NULL, NULL, SLUICE_TYPE_PLAN_COMPARISON,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-plan-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SluicePlanCompareView, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanCompareView, totals_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanCompareView, before_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanCompareView, after_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanCompareView, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanCompareView, stack);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanCompareView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SluicePlanCompareView, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_open_before_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_open_after_clicked);
}

static void
sluice_plan_compare_view_init (SluicePlanCompareView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->follow_latest = TRUE;
  self->cancellable = g_cancellable_new ();
  self->rows = g_list_store_new (SLUICE_TYPE_PLAN_COMPARE_ROW);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  create_columns (self);

  factory = create_run_factory ();
  gtk_drop_down_set_factory (self->before_dropdown, factory);
  gtk_drop_down_set_factory (self->after_dropdown, factory);
  g_signal_connect_object (self->before_dropdown, "notify::selected",
                           G_CALLBACK (on_dropdown_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->after_dropdown, "notify::selected",
                           G_CALLBACK (on_dropdown_changed), self, G_CONNECT_SWAPPED);

  show_comparison (self);
}

GtkWidget *
sluice_plan_compare_view_new (void)
{
  return g_object_new (SLUICE_TYPE_PLAN_COMPARE_VIEW, NULL);
}

GListStore *
sluice_plan_compare_view_get_runs (SluicePlanCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARE_VIEW (self), NULL);
  return self->runs;
}

void
sluice_plan_compare_view_set_runs (SluicePlanCompareView *self,
                                   GListStore            *runs)
{
  g_return_if_fail (SLUICE_IS_PLAN_COMPARE_VIEW (self));
  g_return_if_fail (runs == NULL || G_IS_LIST_STORE (runs));

  if (self->runs == runs)
    return;

  if (self->runs != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->runs, on_runs_changing, self);
      g_signal_handlers_disconnect_by_func (self->runs, on_runs_changed, self);
    }
  g_set_object (&self->runs, runs);

  /* Around the drop-downs' own handlers: connected before them, and after. */
  if (runs != NULL)
    {
      g_signal_connect_object (runs, "items-changed", G_CALLBACK (on_runs_changing), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runs, "items-changed", G_CALLBACK (on_runs_changed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->before_dropdown, G_LIST_MODEL (runs));
  gtk_drop_down_set_model (self->after_dropdown, G_LIST_MODEL (runs));
  self->updating = FALSE;

  self->follow_latest = TRUE;
  follow_latest_runs (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNS]);
}

void
sluice_plan_compare_view_select (SluicePlanCompareView *self,
                                 guint                  before,
                                 guint                  after)
{
  g_return_if_fail (SLUICE_IS_PLAN_COMPARE_VIEW (self));

  self->follow_latest = FALSE;
  choose (self, before, after);
}

SluicePlanComparison *
sluice_plan_compare_view_get_comparison (SluicePlanCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARE_VIEW (self), NULL);
  return self->comparison;
}

const char *
sluice_plan_compare_view_get_verdict (SluicePlanCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARE_VIEW (self), NULL);
  return self->comparison != NULL ? sluice_plan_comparison_get_verdict (self->comparison) : NULL;
}

GListModel *
sluice_plan_compare_view_get_rows (SluicePlanCompareView *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARE_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
}
