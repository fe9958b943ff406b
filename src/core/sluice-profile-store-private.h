/* sluice-profile-store-private.h: what the store's files share
 * (sluice-profile-store.c, -file.c, -import.c), and the parsing path of
 * profiles.json for its tests and the fuzz target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-profile-store.h"

G_BEGIN_DECLS

struct _SluiceProfileStore
{
  GObject     parent_instance;

  char       *path;
  GPtrArray  *profiles;

  /* The file's top-level object, so members Sluice does not know survive. */
  JsonObject *root;

  /* What the file held when it was last read or written (SHA-256 of its
   * bytes; NULL when there was no file), to notice another writer. */
  char       *disk_checksum;
  /* Why the last load failed; while set, save() refuses to write. */
  char       *load_error;
  guint       loaded : 1;
};

/* The format version this Sluice reads and writes. */
#define SLUICE_PROFILES_FORMAT_VERSION 1

/* Like sluice_profile_new_from_json(), but the message in @error has no
 * prefix, and @bad_member (when not NULL) is set to the member that was
 * wrong, or NULL when the problem is the object as a whole (a missing
 * member), so that the store can point at the member's line. */
SluiceProfile *_sluice_profile_new_from_json_full      (JsonObject          *object,
                                                        const char         **bad_member,
                                                        GError             **error);

/* Parses @data as the text of profiles.json and, on success, replaces the
 * profiles of @self with those it holds.  @display_name names the text in
 * error messages.  On failure @self's list is left as it was.  Does not
 * touch the file on disk nor the store's record of it. */
gboolean       _sluice_profile_store_load_from_data    (SluiceProfileStore  *self,
                                                        const char          *data,
                                                        gsize                length,
                                                        const char          *display_name,
                                                        GError             **error);

/* The text save() would write. */
char          *_sluice_profile_store_to_data           (SluiceProfileStore  *self,
                                                        gsize               *length);

G_END_DECLS
