/* sluice-connection-test-row.c: the row that tries a connection and says how it went
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-connection-test-row.h"
#include "sluice-error-text.h"

struct _SluiceConnectionTestRow
{
  AdwActionRow  parent_instance;

  char          *connection;
  SluiceProfile *profile;
  char          *password;

  /* Set while a test runs; each run keeps its own, to tell whether it is
   * still the one the row shows. */
  GCancellable *cancellable;

  /* Template children */
  GtkImage     *status_image;
  GtkSpinner   *spinner;
  GtkButton    *button;
};

G_DEFINE_FINAL_TYPE (SluiceConnectionTestRow, sluice_connection_test_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_PROFILE,
  PROP_PASSWORD,
  PROP_BUSY,
  N_PROPS
};

enum {
  CONNECTION_MISSING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  TEST_IDLE,
  TEST_RUNNING,
  TEST_SUCCEEDED,
  TEST_FAILED,
} TestState;

static void
wipe_password (char **password)
{
  sluice_secure_free (g_steal_pointer (password));
}

static void
show_state (SluiceConnectionTestRow *self,
            TestState                state,
            const char              *message)
{
  gboolean running = state == TEST_RUNNING;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_button_set_label (self->button, running ? _("_Cancel") : _("_Test"));

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_image), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_image), "error");
  switch (state)
    {
    case TEST_SUCCEEDED:
      gtk_image_set_from_icon_name (self->status_image, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_image), "success");
      break;

    case TEST_FAILED:
      gtk_image_set_from_icon_name (self->status_image, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_image), "error");
      break;

    case TEST_IDLE:
    case TEST_RUNNING:
    default:
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_image),
                          state == TEST_SUCCEEDED || state == TEST_FAILED);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), message);
}

static void
set_cancellable (SluiceConnectionTestRow *self,
                 GCancellable            *cancellable)
{
  gboolean was_busy = sluice_connection_test_row_get_busy (self);

  g_set_object (&self->cancellable, cancellable);
  if (was_busy != sluice_connection_test_row_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* A run the user cancelled, or that a newer run replaced, finishes quietly:
 * the row already said so. */
static void
stop_running_test (SluiceConnectionTestRow *self)
{
  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  set_cancellable (self, NULL);
}

/* A test run ------------------------------------------------------------- */

typedef struct
{
  SluiceConnectionTestRow *self;
  GCancellable            *cancellable;
  SluiceConnection        *connection;
  char                    *connection_text;
  char                    *password;
  guint                    n_round_trips;
  gint64                   best_round_trip_us;
} TestRun;

static void
test_run_free (TestRun *run)
{
  if (run->connection != NULL)
    sluice_connection_close (run->connection);
  g_clear_object (&run->connection);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->self);
  g_clear_pointer (&run->connection_text, g_free);
  wipe_password (&run->password);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestRun, test_run_free)

static gboolean
test_run_is_current (TestRun *run)
{
  return !g_cancellable_is_cancelled (run->cancellable) &&
         run->self->cancellable == run->cancellable;
}

static void
finish_test (TestRun    *run,
             TestState   state,
             const char *message)
{
  show_state (run->self, state, message);
  set_cancellable (run->self, NULL);
}

static void
fail_test (TestRun      *run,
           const GError *error)
{
  g_autofree char *message = sluice_error_text_describe (error);

  finish_test (run, TEST_FAILED, message);
}

/* The time of a round trip is taken on the main loop, so a frame being
 * drawn meanwhile can add to it: the best of a few is the network's. */
#define N_ROUND_TRIPS 3

static void on_query_done (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
send_round_trip (TestRun *run)
{
  /* The run goes to the callback: take what the call needs first. */
  SluiceConnection *connection = run->connection;
  GCancellable *cancellable = run->cancellable;

  sluice_connection_query_async (connection, "SELECT 1", NULL, 0,
                                 cancellable,
                                 on_query_done,
                                 run);
}

static char *
describe_success (TestRun *run)
{
  g_autofree char *message = NULL;
  const char *database;
  const char *user;
  double ms;

  /* Translators: the first %s is the server's version string ("15.4 (Debian
   * 15.4-1)"), then the time a "SELECT 1" took, in milliseconds (%.*f: with
   * two decimals under 1 ms, one above).  A no-break space keeps the number
   * and "ms" on one line. */
  ms = run->best_round_trip_us / 1000.0;
  message = g_strdup_printf (_("PostgreSQL %s — round trip %.*f ms"),
                             sluice_connection_get_server_version_string (run->connection),
                             ms < 1.0 ? 2 : 1, ms);

  database = sluice_connection_get_database (run->connection);
  user = sluice_connection_get_user (run->connection);
  if (database != NULL && user != NULL)
    {
      g_autofree char *first = g_steal_pointer (&message);

      /* Translators: the second line of a successful connection test. */
      message = g_strdup_printf (_("%s\nDatabase “%s” as “%s”"), first, database, user);
    }

  return g_steal_pointer (&message);
}

static void
on_query_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TestRun) run = user_data;
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (!test_run_is_current (run))
    return;

  if (rows == NULL)
    {
      fail_test (run, error);
      return;
    }

  if (run->n_round_trips == 0 || sluice_result_get_elapsed_us (rows) < run->best_round_trip_us)
    run->best_round_trip_us = sluice_result_get_elapsed_us (rows);
  if (++run->n_round_trips < N_ROUND_TRIPS)
    {
      send_round_trip (g_steal_pointer (&run));
      return;
    }

  message = describe_success (run);
  finish_test (run, TEST_SUCCEEDED, message);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TestRun) run = user_data;
  g_autoptr(GError) error = NULL;
  gboolean connected;

  connected = sluice_connection_connect_finish (SLUICE_CONNECTION (object), result, &error);
  if (!test_run_is_current (run))
    return;

  if (!connected)
    {
      fail_test (run, error);
      return;
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (run->self), _("Connected, measuring the round trip…"));
  send_round_trip (g_steal_pointer (&run));
}

static void
test_run_connect (TestRun *run)
{
  run->connection = sluice_connection_new (run->connection_text, run->password);
  sluice_connection_connect_async (run->connection,
                                   run->cancellable,
                                   on_connected,
                                   run);
}

static void
on_password_looked_up (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  TestRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->password = sluice_secrets_lookup_finish (result, &error);
  if (!test_run_is_current (run))
    {
      test_run_free (run);
      return;
    }

  /* Without the keyring libpq still has ~/.pgpass, so the test goes on. */
  if (error != NULL)
    g_debug ("Keyring lookup failed, testing without a stored password: %s", error->message);

  test_run_connect (run);
}

void
sluice_connection_test_row_start (SluiceConnectionTestRow *self)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *connection = NULL;
  TestRun *run;

  g_return_if_fail (SLUICE_IS_CONNECTION_TEST_ROW (self));

  connection = g_strstrip (g_strdup (self->connection != NULL ? self->connection : ""));
  if (connection[0] == '\0')
    {
      stop_running_test (self);
      show_state (self, TEST_FAILED, _("Type a connection first"));
      g_signal_emit (self, signals[CONNECTION_MISSING], 0);
      return;
    }

  stop_running_test (self);
  cancellable = g_cancellable_new ();

  run = g_new0 (TestRun, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (cancellable);
  run->connection_text = g_steal_pointer (&connection);

  set_cancellable (self, cancellable);
  show_state (self, TEST_RUNNING, _("Connecting…"));

  if (self->password != NULL && self->password[0] != '\0')
    {
      run->password = g_strdup (self->password);
      test_run_connect (run);
    }
  else if (sluice_connection_test_row_get_uses_stored_password (self))
    sluice_secrets_lookup_async (sluice_profile_get_id (self->profile),
                                 cancellable,
                                 on_password_looked_up,
                                 run);
  else
    test_run_connect (run);
}

void
sluice_connection_test_row_cancel (SluiceConnectionTestRow *self)
{
  g_return_if_fail (SLUICE_IS_CONNECTION_TEST_ROW (self));

  if (self->cancellable == NULL)
    return;

  stop_running_test (self);
  show_state (self, TEST_IDLE, _("Test cancelled: nothing was changed on the server"));
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SluiceConnectionTestRow *self = SLUICE_CONNECTION_TEST_ROW (widget);

  if (self->cancellable != NULL)
    sluice_connection_test_row_cancel (self);
  else
    sluice_connection_test_row_start (self);
}

/* Properties ------------------------------------------------------------- */

gboolean
sluice_connection_test_row_get_busy (SluiceConnectionTestRow *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION_TEST_ROW (self), FALSE);

  return self->cancellable != NULL;
}

const char *
sluice_connection_test_row_get_connection (SluiceConnectionTestRow *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION_TEST_ROW (self), NULL);

  return self->connection;
}

void
sluice_connection_test_row_set_connection (SluiceConnectionTestRow *self,
                                           const char              *connection)
{
  g_return_if_fail (SLUICE_IS_CONNECTION_TEST_ROW (self));

  if (g_strcmp0 (self->connection, connection) == 0)
    return;

  g_free (self->connection);
  self->connection = g_strdup (connection);

  /* A result for another connection would mislead. */
  stop_running_test (self);
  show_state (self, TEST_IDLE, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

SluiceProfile *
sluice_connection_test_row_get_profile (SluiceConnectionTestRow *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION_TEST_ROW (self), NULL);

  return self->profile;
}

void
sluice_connection_test_row_set_profile (SluiceConnectionTestRow *self,
                                        SluiceProfile           *profile)
{
  g_return_if_fail (SLUICE_IS_CONNECTION_TEST_ROW (self));
  g_return_if_fail (profile == NULL || SLUICE_IS_PROFILE (profile));

  if (g_set_object (&self->profile, profile))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/* The keyring password was given for the profile's server: sent to a host
 * someone typed instead, it would reach whoever runs that host.  So it goes
 * only with the very connection it was saved with (the profile's own, read
 * at each test: a save may have changed it). */
gboolean
sluice_connection_test_row_get_uses_stored_password (SluiceConnectionTestRow *self)
{
  g_autofree char *typed = NULL;
  g_autofree char *saved = NULL;

  g_return_val_if_fail (SLUICE_IS_CONNECTION_TEST_ROW (self), FALSE);

  if (self->profile == NULL || (self->password != NULL && self->password[0] != '\0'))
    return FALSE;

  typed = g_strstrip (g_strdup (self->connection != NULL ? self->connection : ""));
  saved = g_strstrip (g_strdup (sluice_profile_get_connection (self->profile) != NULL
                                  ? sluice_profile_get_connection (self->profile) : ""));

  return typed[0] != '\0' && g_str_equal (typed, saved);
}

void
sluice_connection_test_row_set_password (SluiceConnectionTestRow *self,
                                         const char              *password)
{
  g_return_if_fail (SLUICE_IS_CONNECTION_TEST_ROW (self));

  if (g_strcmp0 (self->password, password) == 0)
    return;

  /* The copy being dropped must not linger in freed memory. */
  wipe_password (&self->password);
  self->password = g_strdup (password);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
}

/* Life cycle ------------------------------------------------------------- */

static void
sluice_connection_test_row_dispose (GObject *object)
{
  SluiceConnectionTestRow *self = (SluiceConnectionTestRow *)object;

  /* A run holds the row; this is for a dispose forced from outside.  The
   * run's callbacks see the cancellation and touch nothing. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_CONNECTION_TEST_ROW);

  G_OBJECT_CLASS (sluice_connection_test_row_parent_class)->dispose (object);
}

static void
sluice_connection_test_row_finalize (GObject *object)
{
  SluiceConnectionTestRow *self = (SluiceConnectionTestRow *)object;

  g_clear_pointer (&self->connection, g_free);
  g_clear_object (&self->profile);
  wipe_password (&self->password);

  G_OBJECT_CLASS (sluice_connection_test_row_parent_class)->finalize (object);
}

static void
sluice_connection_test_row_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SluiceConnectionTestRow *self = SLUICE_CONNECTION_TEST_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_string (value, self->connection);
      break;

    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, sluice_connection_test_row_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_connection_test_row_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SluiceConnectionTestRow *self = SLUICE_CONNECTION_TEST_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      sluice_connection_test_row_set_connection (self, g_value_get_string (value));
      break;

    case PROP_PROFILE:
      sluice_connection_test_row_set_profile (self, g_value_get_object (value));
      break;

    case PROP_PASSWORD:
      sluice_connection_test_row_set_password (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_connection_test_row_class_init (SluiceConnectionTestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_connection_test_row_dispose;
  object_class->finalize = sluice_connection_test_row_finalize;
  object_class->get_property = sluice_connection_test_row_get_property;
  object_class->set_property = sluice_connection_test_row_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_string ("connection", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         SLUICE_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Write-only: the row never hands a password out. */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL,
                         NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONNECTION_MISSING] =
    g_signal_new ("connection-missing",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-connection-test-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceConnectionTestRow, status_image);
  gtk_widget_class_bind_template_child (widget_class, SluiceConnectionTestRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceConnectionTestRow, button);

  gtk_widget_class_install_action (widget_class, "connection-test.toggle", NULL, toggle_action);
}

static void
sluice_connection_test_row_init (SluiceConnectionTestRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sluice_connection_test_row_new (void)
{
  return g_object_new (SLUICE_TYPE_CONNECTION_TEST_ROW, NULL);
}
