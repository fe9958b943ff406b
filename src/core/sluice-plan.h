/* sluice-plan.h: an EXPLAIN plan, read from JSON or from psql's text, with
 * the times, estimates and buffers of every node worked out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-plan-node.h"

G_BEGIN_DECLS

/* Plans larger than this are refused with SLUICE_ERROR_INVALID_INPUT
 * before anything is parsed (the largest real plans are a few MB). */
#define SLUICE_PLAN_MAX_INPUT_BYTES (64 * 1024 * 1024)
/* JSON plans nested deeper than this many nodes are refused, because
 * json-glib parses recursively on the C stack; the text format has no such
 * limit (its parser keeps its own stack). */
#define SLUICE_PLAN_MAX_JSON_DEPTH 1000

typedef enum
{
  SLUICE_PLAN_FORMAT_JSON,      /* EXPLAIN (FORMAT JSON), bare or in psql's frame */
  SLUICE_PLAN_FORMAT_TEXT,      /* EXPLAIN's text, as psql prints it or not */
} SluicePlanFormat;

/* What EXPLAIN was asked for.  Sluice fills it in when it runs EXPLAIN; a
 * pasted plan only knows analyze, buffers and timing, from what it holds. */
typedef struct
{
  gboolean analyze;
  gboolean buffers;
  gboolean verbose;
  gboolean settings;            /* PostgreSQL 12+ */
  gboolean wal;                 /* PostgreSQL 13+, with ANALYZE */
  gboolean timing;              /* with ANALYZE; TRUE by default */
  gboolean serialize;           /* PostgreSQL 17+, with ANALYZE */
  gboolean memory;              /* PostgreSQL 17+ */
  guint    statement_timeout_ms; /* SET LOCAL statement_timeout; 0 = the server's */
} SluiceExplainOptions;

#define SLUICE_TYPE_EXPLAIN_OPTIONS (sluice_explain_options_get_type ())
GType                 sluice_explain_options_get_type (void) G_GNUC_CONST;
/* ANALYZE, BUFFERS and TIMING on, the rest off. */
SluiceExplainOptions *sluice_explain_options_new      (void);
SluiceExplainOptions *sluice_explain_options_copy     (const SluiceExplainOptions *options);
void                  sluice_explain_options_free     (SluiceExplainOptions       *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceExplainOptions, sluice_explain_options_free)

typedef struct
{
  gint64   functions;
  gboolean inlining;
  gboolean optimization;
  gboolean expressions;
  gboolean deforming;
  double   generation_ms;
  double   deform_ms;           /* PostgreSQL 17+; -1 before */
  double   inlining_ms;
  double   optimization_ms;
  double   emission_ms;
  double   total_ms;
} SluicePlanJit;

typedef struct
{
  char   *name;
  char   *constraint_name;      /* RI triggers; NULL otherwise */
  char   *relation;             /* NULL when EXPLAIN does not say */
  double  time_ms;
  double  calls;
} SluicePlanTrigger;

#define SLUICE_TYPE_PLAN (sluice_plan_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlan, sluice_plan, SLUICE, PLAN, GObject)

/* Properties: "source-format" (SluicePlanFormat), "n-nodes" (guint),
 * "planning-ms", "execution-ms", "total-ms" (doubles), "query" (string,
 * read-write, notifies). */

/* Parsing.  All fail with SLUICE_ERROR_INVALID_INPUT and a message that
 * names the line ("Line 12: ...") for text that is not a plan, and never
 * crash or take more than linear time on any input. */

/* EXPLAIN (FORMAT JSON) output: the array, a bare plan object, either in
 * psql's aligned frame (header, dashes, "+" marks, "(1 row)"), or a plan
 * file Sluice saved. */
SluicePlan       *sluice_plan_new_from_json     (const char   *data,
                                                 gsize         length,
                                                 GError      **error);
/* The same, taking @data (@length bytes and a NUL after them, as
 * g_file_load_contents() gives): the plan keeps it as its source instead
 * of a copy, or frees it. */
SluicePlan       *sluice_plan_new_from_json_take (char        *data,
                                                  gsize        length,
                                                  GError     **error);
/* EXPLAIN's text format: with or without ANALYZE, BUFFERS, VERBOSE,
 * SETTINGS; with psql's "QUERY PLAN" header, dashes and "(N rows)" footer
 * and "+" marks, or without. */
SluicePlan       *sluice_plan_new_from_text     (const char   *data,
                                                 gsize         length,
                                                 GError      **error);
/* Tells JSON (its first character is "[" or "{", or a psql frame around
 * one) from text, and parses it. */
SluicePlan       *sluice_plan_new_from_data     (const char   *data,
                                                 gsize         length,
                                                 GError      **error);
/* As sluice_plan_new_from_json_take(): @data is the plan's, or freed. */
SluicePlan       *sluice_plan_new_from_data_take (char        *data,
                                                  gsize        length,
                                                  GError     **error);
/* Reads a file holding any of the above (up to SLUICE_PLAN_MAX_INPUT_BYTES). */
SluicePlan       *sluice_plan_new_from_file     (GFile        *file,
                                                 GCancellable *cancellable,
                                                 GError      **error);

/* Sluice's plan file: versioned JSON holding the plan as EXPLAIN gave it
 * (JSON, or the text it was read from), the query, the options, the
 * server version and when it was captured.  Written atomically. */
gboolean          sluice_plan_save_to_file      (SluicePlan   *self,
                                                 GFile        *file,
                                                 GCancellable *cancellable,
                                                 GError      **error);
char             *sluice_plan_to_saved_data     (SluicePlan   *self,
                                                 gsize        *length);

SluicePlanFormat  sluice_plan_get_source_format (SluicePlan   *self);
/* The JSON or text the plan was read from, as given. */
const char       *sluice_plan_get_source        (SluicePlan   *self);

/* The tree: nodes numbered in pre-order from 0 (the root). */
SluicePlanNode   *sluice_plan_get_root          (SluicePlan   *self);
guint             sluice_plan_get_n_nodes       (SluicePlan   *self);
SluicePlanNode   *sluice_plan_get_node          (SluicePlan   *self,
                                                 guint         id);
GPtrArray        *sluice_plan_get_nodes         (SluicePlan   *self); /* pre-order */
/* The deepest node's depth (root 0). */
guint             sluice_plan_get_max_depth     (SluicePlan   *self);

/* What the plan holds */
gboolean          sluice_plan_has_actuals       (SluicePlan   *self); /* ANALYZE */
gboolean          sluice_plan_has_timing        (SluicePlan   *self);
gboolean          sluice_plan_has_buffers       (SluicePlan   *self);

/* The summary; -1 when absent. */
double            sluice_plan_get_planning_ms   (SluicePlan   *self);
double            sluice_plan_get_execution_ms  (SluicePlan   *self);
/* The denominator of the nodes' shares: the execution time, else the
 * sum of the exclusive times. */
double            sluice_plan_get_total_ms      (SluicePlan   *self);
/* The sum of every node's exclusive time. */
double            sluice_plan_get_exclusive_sum_ms (SluicePlan *self);
/* NULL when the plan has no "Planning:" buffers (PostgreSQL 13+). */
const SluicePlanBuffers *sluice_plan_get_planning_buffers (SluicePlan *self);
/* NULL when there was no JIT. */
const SluicePlanJit *sluice_plan_get_jit        (SluicePlan   *self);
GPtrArray        *sluice_plan_get_triggers      (SluicePlan   *self); /* of SluicePlanTrigger */
double            sluice_plan_get_trigger_ms    (SluicePlan   *self); /* their sum */
GPtrArray        *sluice_plan_get_settings      (SluicePlan   *self); /* of SluicePlanProperty */
/* EXPLAIN (SERIALIZE), PostgreSQL 17+: -1 / NULL when absent. */
double            sluice_plan_get_serialization_ms (SluicePlan *self);
gint64            sluice_plan_get_serialization_kb (SluicePlan *self);
const char       *sluice_plan_get_serialization_format (SluicePlan *self);
/* Every other summary key ("Query Identifier", "Planning Memory", ...). */
GPtrArray        *sluice_plan_get_summary_properties (SluicePlan *self); /* of SluicePlanProperty */

/* The statement, when known (Sluice ran it, a saved file or a JSON plan
 * with "Query Text" holds it). */
const char       *sluice_plan_get_query         (SluicePlan   *self);
void              sluice_plan_set_query         (SluicePlan   *self,
                                                 const char   *query);

/* How the plan was captured: set by sluice_plan_explain_finish() and kept
 * in saved files; a pasted plan has options guessed from what it holds,
 * server version 0 and no capture time. */
const SluiceExplainOptions *sluice_plan_get_options (SluicePlan *self);
int               sluice_plan_get_server_version (SluicePlan  *self); /* PQserverVersion, 0 unknown */
GDateTime        *sluice_plan_get_captured_at   (SluicePlan   *self); /* NULL unknown */
/* TRUE when EXPLAIN ANALYZE ran a statement that writes, inside a
 * transaction that was rolled back: nothing it did was kept. */
gboolean          sluice_plan_get_rolled_back   (SluicePlan   *self);

/* The nodes with the largest exclusive time first (at most @limit; 0 for
 * all); a new array of borrowed nodes. */
GPtrArray        *sluice_plan_get_top_nodes     (SluicePlan   *self,
                                                 guint         limit);

const char       *sluice_plan_format_to_string  (SluicePlanFormat format); /* "json", "text" */

void              sluice_plan_buffers_add       (SluicePlanBuffers       *sum,
                                                 const SluicePlanBuffers *other);
gboolean          sluice_plan_buffers_is_empty  (const SluicePlanBuffers *buffers);

G_END_DECLS
