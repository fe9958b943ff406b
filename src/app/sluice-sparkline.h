/* sluice-sparkline.h: a small strip of bars for a rate over the last minutes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SLUICE_TYPE_SPARKLINE (sluice_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (SluiceSparkline, sluice_sparkline, SLUICE, SPARKLINE, GtkWidget)

/* Draws one bar per value, the newest on the right, scaled to the largest
 * value shown, over a faint baseline (a zero is no bar: it lies on the
 * baseline).  Bars sit on whole pixels: crisp at any scale.  The colour is the CSS colour
 * of the "sparkline" node; the newest bar is drawn solid, older ones
 * lighter.
 *
 * Properties: "n-slots" (how many bars the strip holds; older values than
 * that are not drawn) and "peak" (read-only, the largest value shown). */
GtkWidget *sluice_sparkline_new         (void);

void       sluice_sparkline_set_values  (SluiceSparkline *self,
                                         const double    *values,
                                         guint            n_values);
guint      sluice_sparkline_get_n_values (SluiceSparkline *self);
double     sluice_sparkline_get_value   (SluiceSparkline *self,
                                         guint            index);
double     sluice_sparkline_get_peak    (SluiceSparkline *self);

guint      sluice_sparkline_get_n_slots (SluiceSparkline *self);
void       sluice_sparkline_set_n_slots (SluiceSparkline *self,
                                         guint            n_slots);

/* Where the bar of @index (0 = the oldest value held) is drawn, in widget
 * coordinates (0 high for a zero); FALSE when it is out of the slots. */
gboolean   sluice_sparkline_get_bar_area (SluiceSparkline *self,
                                          guint            index,
                                          graphene_rect_t *area);

G_END_DECLS
