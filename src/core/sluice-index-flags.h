/* sluice-index-flags.h: what the health report finds wrong with an index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum /*< flags >*/
{
  SLUICE_INDEX_FLAG_NONE      = 0,
  SLUICE_INDEX_FLAG_UNUSED    = 1 << 0, /* no scans since the statistics reset, backs no constraint */
  SLUICE_INDEX_FLAG_DUPLICATE = 1 << 1, /* same definition as another index of the table */
  SLUICE_INDEX_FLAG_REDUNDANT = 1 << 2, /* its key columns are a strict prefix of another's */
  SLUICE_INDEX_FLAG_INVALID   = 1 << 3, /* NOT indisvalid, and no build of it is running */
  SLUICE_INDEX_FLAG_BLOATED   = 1 << 4, /* B-tree estimate: >= 30 % and >= 1 MB free space */
} SluiceIndexFlags;

#define SLUICE_INDEX_FLAG_LAST SLUICE_INDEX_FLAG_BLOATED

GType        sluice_index_flags_get_type   (void) G_GNUC_CONST;
#define SLUICE_TYPE_INDEX_FLAGS (sluice_index_flags_get_type ())

/* Thresholds of the bloat flag. */
#define SLUICE_INDEX_BLOAT_MIN_RATIO 0.30
#define SLUICE_INDEX_BLOAT_MIN_BYTES (1024 * 1024)

/* The stable, untranslated name of one flag ("unused", "duplicate",
 * "redundant", "invalid", "bloated"), as the CLI's JSON writes it; NULL for
 * anything that is not exactly one flag. */
const char  *sluice_index_flag_to_string   (SluiceIndexFlags flag);
/* A short translated label of one flag ("Unused", ...), for a badge. */
const char  *sluice_index_flag_get_label   (SluiceIndexFlags flag);
/* The names of every flag set in @flags, in the order of the enum. */
GStrv        sluice_index_flags_to_strv    (SluiceIndexFlags flags);

G_END_DECLS
