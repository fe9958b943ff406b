/* sluice-plan-json-private.h: the one-pass reader of EXPLAIN's JSON
 * (internal to libsluice)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-plan.h"

G_BEGIN_DECLS

/* Reads EXPLAIN (FORMAT JSON) output in one pass, nesting at most
 * @max_nesting levels of [ and {.  Returns NULL, with no error, whenever
 * it is not sure: the caller then reads @data with SluiceJsonReader,
 * which takes the plan or says what is wrong with it and where.  Saved
 * plan files are left to that path too.  A plan it returns keeps no
 * JsonNode of its source (see sluice_plan_to_saved_data()). */
SluicePlan *_sluice_plan_parse_json_stream (const char *data,
                                            gsize       length,
                                            const char *source,
                                            gsize       source_length,
                                            guint       max_nesting);

G_END_DECLS
