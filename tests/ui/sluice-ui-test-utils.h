/* sluice-ui-test-utils.h: what the ui tests share: init, waiting, renders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_test_init() with isolated XDG dirs (it drops its own varargs), a
 * GNOME-like font and the source tree's icons, so renders look as on a
 * desktop. */
void        sluice_ui_test_init            (int            *argc,
                                            char         ***argv);

/* Runs what is pending on the default main context, and syncs the display. */
void        sluice_ui_test_flush           (void);

/* Waits until @widget was drawn once more (bounded: fails the test). */
void        sluice_ui_test_wait_for_draw   (GtkWidget      *widget);

typedef gboolean (*SluiceUiTestCondition) (gpointer user_data);

/* Iterates the default main context until @condition holds; fails the test
 * after @timeout_ms. */
void        sluice_ui_test_wait_until      (SluiceUiTestCondition condition,
                                            gpointer              user_data,
                                            guint                 timeout_ms);

/* Renders @widget (a window, usually) with its own renderer, frame
 * included; @origin (nullable) gets where the widget's (0, 0) is in it. */
GdkTexture *sluice_ui_test_render          (GtkWidget        *widget,
                                            graphene_point_t *origin);

/* Renders @widget to $builddir/tests/ui/screens/@name and says where. */
void        sluice_ui_test_save_png        (GtkWidget      *widget,
                                            const char     *name);

/* The first mapped GtkLabel under @root whose text is @text (exact), or
 * that contains it (when @exact is FALSE). */
GtkLabel   *sluice_ui_test_find_label      (GtkWidget      *root,
                                            const char     *text,
                                            gboolean        exact);

/* The first mapped widget under @root that has every CSS class listed
 * (NULL-terminated). */
GtkWidget  *sluice_ui_test_find_by_classes (GtkWidget      *root,
                                            const char     *first_class,
                                            ...) G_GNUC_NULL_TERMINATED;

/* The pixel at (@x, @y) of @texture, unpremultiplied, as 0-255 values. */
void        sluice_ui_test_read_pixel      (GdkTexture     *texture,
                                            int             x,
                                            int             y,
                                            guint8         *red,
                                            guint8         *green,
                                            guint8         *blue);

G_END_DECLS
