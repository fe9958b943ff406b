/* sluice-ui-test-utils.c: what the ui tests share: init, waiting, renders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sluice-ui-test-utils.h"

#define DRAW_TIMEOUT_MS 10000

/* GTK 4.8 warns when a widget queued for drawing is snapshot before its
 * first allocation (AdwGizmo inside a view switcher or spinner, under a
 * loaded Xvfb); it draws the next frame correctly.  GTK logs through the
 * structured API, whose always-fatal check lives in the default writer:
 * this writer passes every other message on to it, so every other warning
 * and critical stays fatal. */
static gboolean
is_unallocated_snapshot_warning (GLogLevelFlags   log_level,
                                 const GLogField *fields,
                                 gsize            n_fields)
{
  const char *domain = NULL;
  const char *message = NULL;

  if ((log_level & G_LOG_LEVEL_WARNING) == 0)
    return FALSE;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
        message = fields[i].value;
    }

  return g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
         g_str_has_prefix (message, "Trying to snapshot ") &&
         strstr (message, " without a current allocation") != NULL;
}

static GLogWriterOutput
write_log (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  if (is_unallocated_snapshot_warning (log_level, fields, n_fields))
    {
      fputs ("# (ignored) GTK 4.8: snapshot of a widget before its first allocation\n", stderr);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
sluice_ui_test_init (int    *argc,
                     char ***argv)
{
  g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);
  const char * const *data_dirs = g_get_system_data_dirs ();

  /* Isolated dirs replace the system data dirs too, and with them the MIME
   * database that tells gdk-pixbuf an icon is SVG: keep the real one. */
  for (guint i = 0; data_dirs[i] != NULL; i++)
    g_ptr_array_add (mime_dirs, g_build_filename (data_dirs[i], "mime", NULL));
  g_ptr_array_add (mime_dirs, NULL);
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs->pdata);

  /* What gtk_test_init() does, plus isolated dirs: gtk_test_init() ignores
   * its varargs, so G_TEST_OPTION_ISOLATE_DIRS has to go to g_test_init(). */
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_writer_func (write_log, NULL, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();

  /* Under Xvfb there is no GNOME settings daemon to say which font the
   * desktop uses; Cantarell is what a GNOME 43 user sees. */
  g_object_set (gtk_settings_get_default (),
                "gtk-font-name", "Cantarell 11",
                "gtk-enable-animations", FALSE,
                NULL);

  /* Made now, while the system data dirs are still the real ones (the
   * theme keeps the paths it was made with); plus the app icon, uninstalled. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  SLUICE_SOURCE_ICONS_DIR);
}

void
sluice_ui_test_flush (void)
{
  /* Bounded: a busy source must not hang the test. */
  for (guint i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  gdk_display_sync (gdk_display_get_default ());
  for (guint i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  gboolean *drawn = user_data;

  *drawn = TRUE;
  return G_SOURCE_REMOVE;
}

void
sluice_ui_test_wait_for_draw (GtkWidget *widget)
{
  gboolean drawn = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_assert_true (GTK_IS_WIDGET (widget));

  if (!gtk_widget_get_mapped (widget))
    {
      gtk_test_widget_wait_for_draw (widget);
      sluice_ui_test_flush ();
      return;
    }

  /* A tick callback runs on the next frame; queue one so that there is. */
  gtk_widget_add_tick_callback (widget, on_tick, &drawn, NULL);
  gtk_widget_queue_draw (widget);
  timeout_id = g_timeout_add (DRAW_TIMEOUT_MS, on_timeout, &timed_out);
  while (!drawn && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);

  sluice_ui_test_flush ();
}

void
sluice_ui_test_wait_until (SluiceUiTestCondition condition,
                           gpointer              user_data,
                           guint                 timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
}

GdkTexture *
sluice_ui_test_render (GtkWidget        *widget,
                       graphene_point_t *origin)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  /* A window draws its frame (client-side decorations) outside its own
   * allocation, at negative coordinates: render all of what it drew. */
  gsk_render_node_get_bounds (node, &bounds);
  graphene_rect_union (&bounds, &GRAPHENE_RECT_INIT (0, 0, width, height), &bounds);
  graphene_rect_round_extents (&bounds, &bounds);
  if (origin != NULL)
    *origin = GRAPHENE_POINT_INIT (-bounds.origin.x, -bounds.origin.y);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);

  return gsk_renderer_render_texture (renderer, node, &bounds);
}

void
sluice_ui_test_save_png (GtkWidget  *widget,
                         const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (SLUICE_UI_SCREENS_DIR, name, NULL);

  sluice_ui_test_wait_for_draw (widget);
  texture = sluice_ui_test_render (widget, NULL);

  g_assert_cmpint (g_mkdir_with_parents (SLUICE_UI_SCREENS_DIR, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("rendered %s (%dx%d)", path,
                  gdk_texture_get_width (texture), gdk_texture_get_height (texture));
}

GtkLabel *
sluice_ui_test_find_label (GtkWidget  *root,
                           const char *text,
                           gboolean    exact)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;

  if (GTK_IS_LABEL (root))
    {
      const char *label = gtk_label_get_text (GTK_LABEL (root));

      if (exact ? g_strcmp0 (label, text) == 0 : strstr (label, text) != NULL)
        return GTK_LABEL (root);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = sluice_ui_test_find_label (child, text, exact);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_by_classes (GtkWidget   *root,
                 const char **classes)
{
  gboolean all = TRUE;

  if (!gtk_widget_get_mapped (root))
    return NULL;

  for (guint i = 0; classes[i] != NULL && all; i++)
    all = gtk_widget_has_css_class (root, classes[i]);
  if (all)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_classes (child, classes);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
sluice_ui_test_find_by_classes (GtkWidget  *root,
                                const char *first_class,
                                ...)
{
  g_autoptr(GPtrArray) classes = g_ptr_array_new ();
  const char *name;
  va_list args;

  va_start (args, first_class);
  for (name = first_class; name != NULL; name = va_arg (args, const char *))
    g_ptr_array_add (classes, (gpointer) name);
  va_end (args);
  g_ptr_array_add (classes, NULL);

  return find_by_classes (root, (const char **) classes->pdata);
}

void
sluice_ui_test_read_pixel (GdkTexture *texture,
                           int         x,
                           int         y,
                           guint8     *red,
                           guint8     *green,
                           guint8     *blue)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guint8 *data = g_malloc (stride * height);
  const guint8 *pixel;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (y, <, height);

  /* GDK_MEMORY_DEFAULT: B8G8R8A8, premultiplied. */
  gdk_texture_download (texture, data, stride);
  pixel = data + (gsize) y * stride + (gsize) x * 4;

  if (pixel[3] == 0)
    {
      *red = *green = *blue = 0;
      return;
    }
  *blue = pixel[0] * 255 / pixel[3];
  *green = pixel[1] * 255 / pixel[3];
  *red = pixel[2] * 255 / pixel[3];
}
