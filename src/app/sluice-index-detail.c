/* sluice-index-detail.c: the Indexes page's pane about one index: its
 * findings, how it is used, its definition and what can be done with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-health-format.h"
#include "sluice-index-detail.h"
#include "sluice-sparkline.h"

struct _SluiceIndexDetail
{
  GtkWidget        parent_instance;

  SluiceIndexInfo *index;

  GtkStack        *stack;
  GtkLabel        *name_label;
  GtkLabel        *subtitle_label;
  GtkListBox      *findings_list;
  AdwActionRow    *rate_row;
  SluiceSparkline *rate_sparkline;
  GtkLabel        *scans_label;
  GtkLabel        *tuples_label;
  AdwActionRow    *size_row;
  GtkLabel        *size_label;
  GtkLabel        *definition_label;
  GtkLabel        *constraint_label;
};

G_DEFINE_FINAL_TYPE (SluiceIndexDetail, sluice_index_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
describe_kind (SluiceIndexInfo *index)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *table = g_strdup_printf ("%s.%s", sluice_index_info_get_schema (index),
                                            sluice_index_info_get_table (index));

  /* Translators: what an index is on, as in "on public.orders". */
  g_string_append_printf (text, _("on %s"), table);
  g_string_append_printf (text, " · %s", sluice_index_info_get_method (index));
  if (sluice_index_info_get_is_primary (index))
    g_string_append_printf (text, " · %s", _("primary key"));
  else if (sluice_index_info_get_is_unique (index))
    g_string_append_printf (text, " · %s", _("unique"));
  if (sluice_index_info_get_is_partial (index))
    g_string_append_printf (text, " · %s", _("partial"));
  if (!sluice_index_info_get_is_valid (index))
    g_string_append_printf (text, " · %s", _("not valid"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
create_finding_row (SluiceIndexInfo  *index,
                    SluiceIndexFlags  flag,
                    GtkSizeGroup     *pills)
{
  GtkWidget *row = adw_action_row_new ();
  const char *explanation = sluice_index_info_get_explanation (index, flag);
  GtkWidget *pill = sluice_index_flag_pill_new (flag, NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 explanation != NULL ? explanation : sluice_index_flag_get_label (flag));
  /* Pills of one width: the explanations start on one line. */
  gtk_size_group_add_widget (pills, pill);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), pill);
  gtk_widget_add_css_class (row, "finding-row");
  return row;
}

static GtkWidget *
create_no_findings_row (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("object-select-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No findings"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("The index is valid, scanned since the statistics reset, and no other "
                                 "index of the table covers it."));
  gtk_widget_add_css_class (icon, "success");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
fill_findings (SluiceIndexDetail *self)
{
  g_autoptr(GtkSizeGroup) pills = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  const SluiceIndexFlags *flags;
  guint n_flags;
  gboolean any = FALSE;

  sluice_widget_remove_children (GTK_WIDGET (self->findings_list));

  flags = sluice_index_flags_by_severity (&n_flags);
  for (guint i = 0; i < n_flags; i++)
    {
      if (!sluice_index_info_has_flag (self->index, flags[i]))
        continue;
      gtk_list_box_append (self->findings_list, create_finding_row (self->index, flags[i], pills));
      any = TRUE;
    }

  if (!any)
    gtk_list_box_append (self->findings_list, create_no_findings_row ());
}

static void
fill (SluiceIndexDetail *self)
{
  SluiceIndexInfo *index = self->index;
  g_autofree char *subtitle = NULL;
  g_autofree char *scans = NULL;
  g_autofree char *read = NULL;
  g_autofree char *fetched = NULL;
  g_autofree char *tuples = NULL;
  g_autofree char *size = NULL;
  g_autofree char *definition = NULL;
  const char *constraint;

  if (index == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  subtitle = describe_kind (index);
  gtk_label_set_label (self->name_label, sluice_index_info_get_name (index));
  gtk_label_set_label (self->subtitle_label, subtitle);

  fill_findings (self);

  scans = sluice_format_count (sluice_index_info_get_scans (index));
  read = sluice_format_count (sluice_index_info_get_tuples_read (index));
  fetched = sluice_format_count (sluice_index_info_get_tuples_fetched (index));
  /* Translators: tuples read, then tuples fetched. */
  tuples = g_strdup_printf (_("%s / %s"), read, fetched);
  size = g_format_size (sluice_index_info_get_size_bytes (index));
  gtk_label_set_label (self->scans_label, scans);
  gtk_label_set_label (self->tuples_label, tuples);
  gtk_label_set_label (self->size_label, size);
  adw_action_row_set_subtitle (self->size_row, sluice_index_info_get_bloat_note (index));

  definition = sluice_index_info_dup_create_sql (index);
  gtk_label_set_label (self->definition_label, definition);

  constraint = sluice_index_info_get_constraint_name (index);
  if (constraint != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Backs the constraint “%s”: it goes when the constraint "
                                                 "is dropped, not on its own."),
                                               constraint);

      gtk_label_set_label (self->constraint_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->constraint_label), constraint != NULL);

  gtk_stack_set_visible_child_name (self->stack, "index");
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_index_detail_dispose (GObject *object)
{
  SluiceIndexDetail *self = SLUICE_INDEX_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_INDEX_DETAIL);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (sluice_index_detail_parent_class)->dispose (object);
}

static void
sluice_index_detail_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SluiceIndexDetail *self = SLUICE_INDEX_DETAIL (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_object (value, self->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_index_detail_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SluiceIndexDetail *self = SLUICE_INDEX_DETAIL (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      sluice_index_detail_set_index (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_index_detail_class_init (SluiceIndexDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_index_detail_dispose;
  object_class->get_property = sluice_index_detail_get_property;
  object_class->set_property = sluice_index_detail_set_property;

  properties[PROP_INDEX] =
    g_param_spec_object ("index", NULL, NULL, SLUICE_TYPE_INDEX_INFO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SLUICE_TYPE_SPARKLINE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-index-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, findings_list);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, rate_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, rate_sparkline);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, scans_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, tuples_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, size_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, size_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, definition_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceIndexDetail, constraint_label);
}

static void
sluice_index_detail_init (SluiceIndexDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sluice_index_detail_set_rates (self, NULL, 0, FALSE);
}

GtkWidget *
sluice_index_detail_new (void)
{
  return g_object_new (SLUICE_TYPE_INDEX_DETAIL, NULL);
}

SluiceIndexInfo *
sluice_index_detail_get_index (SluiceIndexDetail *self)
{
  g_return_val_if_fail (SLUICE_IS_INDEX_DETAIL (self), NULL);
  return self->index;
}

void
sluice_index_detail_set_index (SluiceIndexDetail *self,
                               SluiceIndexInfo   *index)
{
  g_return_if_fail (SLUICE_IS_INDEX_DETAIL (self));
  g_return_if_fail (index == NULL || SLUICE_IS_INDEX_INFO (index));

  if (!g_set_object (&self->index, index))
    return;

  fill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

void
sluice_index_detail_set_rates (SluiceIndexDetail *self,
                               const double      *rates,
                               guint              n_rates,
                               gboolean           sampling)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (SLUICE_IS_INDEX_DETAIL (self));

  sluice_sparkline_set_values (self->rate_sparkline, rates, n_rates);

  if (n_rates > 0)
    {
      g_autofree char *latest = sluice_format_rate (rates[n_rates - 1]);
      g_autofree char *peak = sluice_format_rate (sluice_sparkline_get_peak (self->rate_sparkline));

      /* Translators: the latest rate of scans per minute, then the highest
       * one since the page was opened. */
      subtitle = g_strdup_printf (_("%s now · peak %s"), latest, peak);
    }
  else if (sampling)
    subtitle = g_strdup (_("Measuring: the rate appears after the second sample"));
  else
    subtitle = g_strdup (_("Sampled only while this page is open"));

  adw_action_row_set_subtitle (self->rate_row, subtitle);
}
