/* sluice-plans-page-editor.c: the Plans page's SQL editor, its EXPLAIN
 * options (offered as the server's version has them) and the notice
 * under it that a writing statement is run and rolled back
 *
 * Separate from running EXPLAIN (sluice-plans-page-run.c): this is what
 * the person sets up before a run, and what the page says about it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>

#include "sluice-plan-explain.h"
#include "sluice-plans-page-private.h"

/* What a writing statement is checked again after typing stops. */
#define NOTICE_DELAY_MS 250

char *
_sluice_plans_page_get_editor_text (SluicePlansPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
check_active (GtkCheckButton *check)
{
  return gtk_check_button_get_active (check) && gtk_widget_get_visible (GTK_WIDGET (check));
}

/* Options ------------------------------------------------------------------ */

static void
update_option_visibility (SluicePlansPage *self)
{
  int version = self->server_version;

  /* Unknown (not connected yet): offer what PostgreSQL 13 to 16 have. */
  gtk_widget_set_visible (GTK_WIDGET (self->settings_check), version == 0 || version >= 120000);
  gtk_widget_set_visible (GTK_WIDGET (self->wal_check), version == 0 || version >= 130000);
  gtk_widget_set_visible (GTK_WIDGET (self->serialize_check), version >= 170000);
  gtk_widget_set_visible (GTK_WIDGET (self->memory_check), version >= 170000);
}

void
_sluice_plans_page_set_server_version (SluicePlansPage *self,
                                       int              version)
{
  if (self->server_version == version)
    return;
  self->server_version = version;
  update_option_visibility (self);
}

/* The notice under the editor ---------------------------------------------- */

static char *
build_notice (SluicePlansPage *self)
{
  g_autofree char *sql = _sluice_plans_page_get_editor_text (self);
  SluiceProfile *profile = _sluice_plans_page_get_profile (self);
  SluiceGuardLevel guard = profile != NULL ? sluice_profile_get_guard (profile) : SLUICE_GUARD_RELAXED;
  const char *guard_text = "";

  g_strstrip (sql);
  if (*sql == '\0' || !gtk_check_button_get_active (self->analyze_check) || !sluice_plan_statement_writes (sql))
    return NULL;

  if (guard == SLUICE_GUARD_STRICT)
    guard_text = _(" On this profile Sluice first asks for the database’s name to be typed.");
  else if (guard == SLUICE_GUARD_CONFIRM)
    guard_text = _(" On this profile Sluice asks before it runs.");

  /* Translators: the second %s is one of the two sentences above, or nothing. */
  return g_strdup_printf (_("This statement writes. ANALYZE runs it for real, inside a transaction that "
                            "Sluice rolls back: nothing it writes is kept, but it takes its locks and "
                            "fires its triggers while it runs.%s"),
                          guard_text);
}

void
_sluice_plans_page_update_notice (SluicePlansPage *self)
{
  g_clear_handle_id (&self->notice_source, g_source_remove);
  g_free (self->notice);
  self->notice = build_notice (self);

  if (self->notice != NULL)
    gtk_label_set_label (self->notice_label, self->notice);
  gtk_revealer_set_reveal_child (self->notice_revealer, self->notice != NULL);
}

static gboolean
on_notice_timeout (gpointer user_data)
{
  SluicePlansPage *self = user_data;

  self->notice_source = 0;
  _sluice_plans_page_update_notice (self);
  return G_SOURCE_REMOVE;
}

static void
on_editor_changed (SluicePlansPage *self)
{
  /* Parsing on every key is cheap, but a pasted script is not: wait for a
   * pause in the typing. */
  g_clear_handle_id (&self->notice_source, g_source_remove);
  self->notice_source = g_timeout_add (NOTICE_DELAY_MS, on_notice_timeout, self);
  _sluice_plans_page_update_actions (self);
}

/* Style ---------------------------------------------------------------------- */

static void
update_style_scheme (SluicePlansPage *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)));

  gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita"));
}

static void
setup_editor (SluicePlansPage *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)));

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "sql"));
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_editor_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);
}

static void
setup_shortcuts (SluicePlansPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* In the capture phase: the editor would take Ctrl+Enter as a newline. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("plans.run")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
on_option_toggled (SluicePlansPage *self)
{
  _sluice_plans_page_update_notice (self);
}

static void
setup_options (SluicePlansPage *self)
{
  g_autoptr(SluiceExplainOptions) defaults = sluice_explain_options_new ();
  GtkCheckButton *needs_analyze[] = { self->wal_check, self->timing_check, self->serialize_check };

  sluice_plans_page_set_options (self, defaults);
  for (guint i = 0; i < G_N_ELEMENTS (needs_analyze); i++)
    g_object_bind_property (self->analyze_check, "active", needs_analyze[i], "sensitive", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->analyze_check, "toggled", G_CALLBACK (on_option_toggled), self, G_CONNECT_SWAPPED);
  update_option_visibility (self);
}

void
_sluice_plans_page_init_editor (SluicePlansPage *self)
{
  setup_editor (self);
  setup_options (self);
  setup_shortcuts (self);
}

char *
sluice_plans_page_dup_sql (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return _sluice_plans_page_get_editor_text (self);
}

void
sluice_plans_page_set_sql (SluicePlansPage *self,
                           const char      *sql)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)), sql != NULL ? sql : "", -1);
  _sluice_plans_page_update_notice (self);
}

SluiceExplainOptions *
sluice_plans_page_get_options (SluicePlansPage *self)
{
  SluiceExplainOptions *options;
  SluiceProfile *profile;

  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);

  options = sluice_explain_options_new ();
  options->analyze = gtk_check_button_get_active (self->analyze_check);
  options->buffers = gtk_check_button_get_active (self->buffers_check);
  options->verbose = gtk_check_button_get_active (self->verbose_check);
  options->settings = check_active (self->settings_check);
  options->wal = options->analyze && check_active (self->wal_check);
  options->timing = !options->analyze || gtk_check_button_get_active (self->timing_check);
  options->serialize = options->analyze && check_active (self->serialize_check);
  options->memory = check_active (self->memory_check);

  profile = _sluice_plans_page_get_profile (self);
  options->statement_timeout_ms = profile != NULL ? sluice_profile_get_statement_timeout_ms (profile) : 0;
  return options;
}

void
sluice_plans_page_set_options (SluicePlansPage            *self,
                               const SluiceExplainOptions *options)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (options != NULL);

  gtk_check_button_set_active (self->analyze_check, options->analyze);
  gtk_check_button_set_active (self->buffers_check, options->buffers);
  gtk_check_button_set_active (self->verbose_check, options->verbose);
  gtk_check_button_set_active (self->settings_check, options->settings);
  gtk_check_button_set_active (self->wal_check, options->wal);
  gtk_check_button_set_active (self->timing_check, options->timing);
  gtk_check_button_set_active (self->serialize_check, options->serialize);
  gtk_check_button_set_active (self->memory_check, options->memory);
  _sluice_plans_page_update_notice (self);
}

int
sluice_plans_page_get_server_version (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), 0);
  return self->server_version;
}

const char *
sluice_plans_page_get_notice (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->notice;
}
