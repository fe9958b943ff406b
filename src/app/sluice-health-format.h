/* sluice-health-format.h: how index, table and session figures read on
 * screen, the same on the Indexes and Activity pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice.h"
#include "sluice-activity.h"
#include "sluice-health.h"

G_BEGIN_DECLS

/* "12,345" (grouped as the locale groups); "—" when @count < 0. */
char        *sluice_format_count            (gint64            count);
/* "12 k", "3.4 M": for narrow cells, with the exact count in a tooltip. */
char        *sluice_format_count_short      (gint64            count);
/* "0.4 s", "12 s", "3 min 5 s", "2 h 10 min", "3 d 4 h"; "—" when < 0. */
char        *sluice_format_seconds          (double            seconds);
/* "just now", "5 min ago", "3 h ago", "4 days ago"; @never_text for NULL. */
char        *sluice_format_time_ago         (GDateTime        *when,
                                             const char       *never_text);
/* "0.42 ms", "12 ms", "3.4 s", "2 min 5 s"; "—" when < 0. */
char        *sluice_format_milliseconds     (double            ms);
/* @query on one line: runs of white space (newlines too) made one space. */
char        *sluice_format_query_line       (const char       *query);
/* A rate of scans per minute: "0", "0.5", "12", "1.2 k". */
char        *sluice_format_rate             (double            per_minute);

/* The flags of an index, most serious first: INVALID, DUPLICATE,
 * REDUNDANT, UNUSED, BLOATED; @n_flags gets the count. */
const SluiceIndexFlags *sluice_index_flags_by_severity (guint *n_flags);
/* The CSS class of a flag pill ("invalid", ...); the pill has "flag-pill". */
const char  *sluice_index_flag_css_class    (SluiceIndexFlags  flag);
/* A label styled as a pill for @flag, its tooltip @explanation. */
GtkWidget   *sluice_index_flag_pill_new     (SluiceIndexFlags  flag,
                                             const char       *explanation);
/* A sort key: a larger number for more serious flags. */
guint        sluice_index_flags_severity    (SluiceIndexFlags  flags);

/* The CSS class of a session state pill ("active", "idle",
 * "idle-in-transaction", "blocked", ...); the pill has "state-pill". */
const char  *sluice_session_state_css_class (SluiceSessionInfo *session);
/* The state as shown: "Active", "Idle in Transaction", "Waiting" ... */
const char  *sluice_session_state_label     (SluiceSessionInfo *session);

/* Puts @text on the clipboard of @widget's display. */
void         sluice_copy_to_clipboard       (GtkWidget        *widget,
                                             const char       *text);
/* Shows @message in the nearest AdwToastOverlay above @widget, if any. */
void         sluice_widget_add_toast        (GtkWidget        *widget,
                                             const char       *message);
/* The same, shown until dismissed (adw_toast_dismiss()): for work that
 * runs.  Returns a new reference, or NULL when there is no overlay. */
AdwToast    *sluice_widget_add_progress_toast (GtkWidget      *widget,
                                             const char       *message);

/* A grid of facts, a dim name on the left and its value on the right, one
 * to a line: denser than a list of rows, for figures. */
GtkWidget   *sluice_facts_new               (void);
void         sluice_facts_add               (GtkWidget        *facts,
                                             const char       *name,
                                             const char       *value,
                                             gboolean          warn);

/* Removes every child of a GtkListBox, a GtkBox or any other parent. */
void         sluice_widget_remove_children  (GtkWidget        *parent);

G_END_DECLS
