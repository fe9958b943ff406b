/* sluice-environment-card.c: one environment's card above the matrix: the
 * version it is at, what it holds and how it stands against the one before
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-environment-card.h"
#include "sluice-error-text.h"
#include "sluice-history-format.h"

/* The statuses in the order the cards count them. */
static const SluiceMigrationStatus counted_statuses[] = {
  SLUICE_STATUS_APPLIED,
  SLUICE_STATUS_DRIFT,
  SLUICE_STATUS_OUT_OF_ORDER,
  SLUICE_STATUS_FAILED,
  SLUICE_STATUS_MISSING,
  SLUICE_STATUS_PENDING,
};

struct _SluiceEnvironmentCard
{
  GtkBox              parent_instance;

  SluiceMatrixColumn *column;
  gboolean            current;

  GtkLabel           *name_label;
  GtkSpinner         *spinner;
  GtkLabel           *version_label;
  GtkLabel           *environment_pill;
  GtkLabel           *counts_label;
  GtkLabel           *relation_label;
};

G_DEFINE_FINAL_TYPE (SluiceEnvironmentCard, sluice_environment_card, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_COLUMN,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_applied_status (SluiceMigrationStatus status)
{
  return status == SLUICE_STATUS_APPLIED ||
         status == SLUICE_STATUS_DRIFT ||
         status == SLUICE_STATUS_OUT_OF_ORDER;
}

static char *
describe_counts (SluiceStatusReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (counted_statuses); i++)
    {
      guint count = sluice_status_report_count (report, counted_statuses[i]);
      g_autofree char *counted = NULL;

      if (count == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      counted = sluice_status_describe_count (counted_statuses[i], count);
      g_string_append (text, counted);
    }

  if (text->len == 0)
    g_string_append (text, _("No migrations"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* How far this environment is from @previous, the nearest one before it
 * that could be read: what waits to move along the way to production. */
static char *
describe_relation (SluiceEnvironmentCard *self,
                   SluiceMatrixColumn    *previous,
                   GListModel            *rows)
{
  SluiceMatrixColumn *column = self->column;
  const char *previous_name;
  guint behind = 0, ahead = 0;

  if (previous == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkStringObject) row = g_list_model_get_item (rows, i);
      const char *version = gtk_string_object_get_string (row);
      SluiceStatusItem *here = sluice_matrix_column_find_item (column, version);
      SluiceStatusItem *there = sluice_matrix_column_find_item (previous, version);
      gboolean applied_here = here != NULL && is_applied_status (sluice_status_item_get_status (here));
      gboolean applied_there = there != NULL && is_applied_status (sluice_status_item_get_status (there));

      behind += applied_there && !applied_here;
      ahead += applied_here && !applied_there;
    }

  previous_name = sluice_profile_get_name (sluice_matrix_column_get_profile (previous));
  if (behind > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u migration behind %s",
                                         "%u migrations behind %s", behind),
                            behind, previous_name);
  if (ahead > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u migration ahead of %s",
                                         "%u migrations ahead of %s", ahead),
                            ahead, previous_name);
  return g_strdup_printf (_("Level with %s"), previous_name);
}

void
sluice_environment_card_update (SluiceEnvironmentCard *self,
                                SluiceMatrixColumn    *previous,
                                GListModel            *rows)
{
  SluiceMatrixColumnState state;
  SluiceStatusReport *report;
  const GError *error;
  g_autofree char *counts = NULL;
  g_autofree char *relation = NULL;
  g_autofree char *error_text = NULL;
  const char *current;

  g_return_if_fail (SLUICE_IS_ENVIRONMENT_CARD (self));
  g_return_if_fail (previous == NULL || SLUICE_IS_MATRIX_COLUMN (previous));
  g_return_if_fail (G_IS_LIST_MODEL (rows));

  state = sluice_matrix_column_get_state (self->column);
  report = sluice_matrix_column_get_report (self->column);
  error = sluice_matrix_column_get_error (self->column);

  gtk_spinner_set_spinning (self->spinner, state == SLUICE_MATRIX_COLUMN_LOADING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == SLUICE_MATRIX_COLUMN_LOADING);
  gtk_widget_remove_css_class (GTK_WIDGET (self->counts_label), "warning");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);

  switch (state)
    {
    case SLUICE_MATRIX_COLUMN_LOADING:
      gtk_label_set_label (self->version_label, "…");
      gtk_label_set_label (self->counts_label, _("Connecting…"));
      gtk_label_set_label (self->relation_label, "");
      return;

    case SLUICE_MATRIX_COLUMN_UNREACHABLE:
    case SLUICE_MATRIX_COLUMN_UNREADABLE:
      error_text = error != NULL ? sluice_error_text_describe (error) : NULL;
      gtk_label_set_label (self->version_label, state == SLUICE_MATRIX_COLUMN_UNREACHABLE
                                                ? _("Unreachable") : _("Unreadable"));
      gtk_label_set_label (self->counts_label, error_text != NULL ? error_text : "");
      gtk_widget_add_css_class (GTK_WIDGET (self->counts_label), "warning");
      gtk_label_set_label (self->relation_label, _("Nothing was changed there"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), error_text);
      return;

    case SLUICE_MATRIX_COLUMN_READY:
    default:
      break;
    }

  current = sluice_status_report_get_current_version (report);
  gtk_label_set_label (self->version_label, current != NULL ? current : _("Empty"));
  counts = describe_counts (report);
  gtk_label_set_label (self->counts_label, counts);
  relation = describe_relation (self, previous, rows);
  gtk_label_set_label (self->relation_label, relation != NULL ? relation : _("Furthest along the way to production"));
}


/* GObject ----------------------------------------------------------------- */

static void
sluice_environment_card_constructed (GObject *object)
{
  SluiceEnvironmentCard *self = SLUICE_ENVIRONMENT_CARD (object);
  SluiceProfile *profile = sluice_matrix_column_get_profile (self->column);
  SluiceEnvironment environment = sluice_profile_get_environment (profile);

  G_OBJECT_CLASS (sluice_environment_card_parent_class)->constructed (object);

  gtk_label_set_label (self->name_label, sluice_profile_get_name (profile));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), sluice_profile_get_name (profile));

  gtk_label_set_label (self->environment_pill, sluice_environment_get_label (environment));
  gtk_widget_set_css_classes (GTK_WIDGET (self->environment_pill),
                              (const char *[]) { "environment-pill",
                                                 sluice_environment_to_string (environment),
                                                 NULL });
}

static void
sluice_environment_card_dispose (GObject *object)
{
  SluiceEnvironmentCard *self = SLUICE_ENVIRONMENT_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_ENVIRONMENT_CARD);
  g_clear_object (&self->column);

  G_OBJECT_CLASS (sluice_environment_card_parent_class)->dispose (object);
}

static void
sluice_environment_card_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SluiceEnvironmentCard *self = SLUICE_ENVIRONMENT_CARD (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      g_value_set_object (value, self->column);
      break;
    case PROP_CURRENT:
      g_value_set_boolean (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_environment_card_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  SluiceEnvironmentCard *self = SLUICE_ENVIRONMENT_CARD (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      self->column = g_value_dup_object (value);
      break;
    case PROP_CURRENT:
      sluice_environment_card_set_current (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_environment_card_class_init (SluiceEnvironmentCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sluice_environment_card_constructed;
  object_class->dispose = sluice_environment_card_dispose;
  object_class->get_property = sluice_environment_card_get_property;
  object_class->set_property = sluice_environment_card_set_property;

  properties[PROP_COLUMN] =
    g_param_spec_object ("column", NULL, NULL, SLUICE_TYPE_MATRIX_COLUMN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_boolean ("current", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-environment-card.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceEnvironmentCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceEnvironmentCard, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceEnvironmentCard, version_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceEnvironmentCard, environment_pill);
  gtk_widget_class_bind_template_child (widget_class, SluiceEnvironmentCard, counts_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceEnvironmentCard, relation_label);
}

static void
sluice_environment_card_init (SluiceEnvironmentCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sluice_environment_card_new (SluiceMatrixColumn *column)
{
  g_return_val_if_fail (SLUICE_IS_MATRIX_COLUMN (column), NULL);

  return g_object_new (SLUICE_TYPE_ENVIRONMENT_CARD, "column", column, NULL);
}

SluiceMatrixColumn *
sluice_environment_card_get_column (SluiceEnvironmentCard *self)
{
  g_return_val_if_fail (SLUICE_IS_ENVIRONMENT_CARD (self), NULL);
  return self->column;
}

gboolean
sluice_environment_card_get_current (SluiceEnvironmentCard *self)
{
  g_return_val_if_fail (SLUICE_IS_ENVIRONMENT_CARD (self), FALSE);
  return self->current;
}

void
sluice_environment_card_set_current (SluiceEnvironmentCard *self,
                                     gboolean               current)
{
  g_return_if_fail (SLUICE_IS_ENVIRONMENT_CARD (self));

  current = !!current;
  if (self->current == current)
    return;

  self->current = current;
  if (current)
    gtk_widget_add_css_class (GTK_WIDGET (self), "current");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "current");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

const SluiceMigrationStatus *
sluice_environment_card_get_counted_statuses (guint *n_statuses)
{
  g_return_val_if_fail (n_statuses != NULL, NULL);

  *n_statuses = G_N_ELEMENTS (counted_statuses);
  return counted_statuses;
}
