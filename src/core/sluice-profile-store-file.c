/* sluice-profile-store-file.c: profiles.json, read and written without
 * losing what a person put in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sluice-error.h"
#include "sluice-json-reader.h"
#include "sluice-profile-store.h"
#include "sluice-profile-store-private.h"

/* Errors */

/* Every refusal to read says where, what, that nothing was changed and
 * what to do. */
G_GNUC_PRINTF (5, 6)
static void
set_invalid_file_error (GError     **error,
                        const char  *display_name,
                        guint        line,
                        guint        column,
                        const char  *format,
                        ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0 && column > 0)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 /* Translators: FILE line N, column M: what is wrong. */
                 _("%s line %u, column %u: %s. The file was not changed; correct it "
                   "in a text editor, or move it away, then load the profiles again."),
                 display_name, line, column, detail);
  else if (line > 0)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 /* Translators: FILE line N: what is wrong. */
                 _("%s line %u: %s. The file was not changed; correct it in a text "
                   "editor, or move it away, then load the profiles again."),
                 display_name, line, detail);
  else
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("%s: %s. The file was not changed; correct it in a text editor, "
                   "or move it away, then load the profiles again."),
                 display_name, detail);
}

/* Reading */

static JsonObject *
copy_object_without (JsonObject *object,
                     const char *left_out)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &node))
    {
      if (g_strcmp0 (member, left_out) != 0)
        json_object_set_member (copy, member, json_node_copy (node));
    }

  return copy;
}

/* json_object_get_string_member_with_default() complains about members
 * that are not text; in a file a person wrote, anything goes. */
static const char *
get_text_member (JsonObject *object,
                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static SluiceProfile *
read_profile (JsonArray         *array,
              guint              index,
              GHashTable        *seen_ids,
              SluiceJsonReader  *reader,
              const char        *display_name,
              GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) without_id = NULL;
  JsonNode *node = json_array_get_element (array, index);
  JsonObject *object;
  SluiceProfile *profile;
  const char *bad_member = NULL;
  const char *name = NULL;
  const char *id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid_file_error (error, display_name,
                              sluice_json_reader_get_element_line (reader, array, index), 0,
                              _("profile #%u is not an object in braces"), index + 1);
      return NULL;
    }

  object = json_node_get_object (node);

  /* Two profiles with one id are most likely a block copied by hand: the
   * copy gets an id of its own rather than being refused. */
  id = get_text_member (object, "id");
  if (id != NULL && g_hash_table_contains (seen_ids, id))
    {
      without_id = copy_object_without (object, "id");
      object = without_id;
    }

  profile = _sluice_profile_new_from_json_full (object, &bad_member, &local_error);
  if (profile == NULL)
    {
      guint line = without_id != NULL
        ? sluice_json_reader_get_object_line (reader, json_node_get_object (node))
        : sluice_json_reader_get_member_line (reader, object, bad_member);

      name = get_text_member (object, "name");
      if (name != NULL && name[0] != '\0' && g_strcmp0 (bad_member, "name") != 0)
        set_invalid_file_error (error, display_name, line, 0,
                                /* Translators: profile #N (“NAME”): what is wrong */
                                _("profile #%u (“%s”): %s"), index + 1, name, local_error->message);
      else
        set_invalid_file_error (error, display_name, line, 0,
                                _("profile #%u: %s"), index + 1, local_error->message);
      return NULL;
    }

  g_hash_table_add (seen_ids, g_strdup (sluice_profile_get_id (profile)));

  return profile;
}

static gboolean
read_version (JsonObject        *root,
              SluiceJsonReader  *reader,
              const char        *display_name,
              GError           **error)
{
  JsonNode *node = json_object_get_member (root, "version");
  gint64 version;

  /* A file written by hand may leave the version out: it is the first. */
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_invalid_file_error (error, display_name,
                              sluice_json_reader_get_member_line (reader, root, "version"), 0,
                              _("“version” must be a whole number"));
      return FALSE;
    }

  version = json_node_get_int (node);
  if (version > SLUICE_PROFILES_FORMAT_VERSION)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s was written by a newer Sluice (format version %lld; this Sluice "
                     "reads version %d). It was not changed, and this Sluice will not "
                     "save over it: use the newer Sluice, or move the file away to "
                     "start afresh."),
                   display_name, (long long) version, SLUICE_PROFILES_FORMAT_VERSION);
      return FALSE;
    }

  if (version < 1)
    {
      set_invalid_file_error (error, display_name,
                              sluice_json_reader_get_member_line (reader, root, "version"), 0,
                              _("“version” is %lld, which no Sluice writes"),
                              (long long) version);
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
read_profiles (JsonNode          *root_node,
               SluiceJsonReader  *reader,
               const char        *display_name,
               GError           **error)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      set_invalid_file_error (error, display_name, 1, 0,
                              _("the file must hold one object in braces, with “version” and “profiles”"));
      return NULL;
    }

  root = json_node_get_object (root_node);
  if (!read_version (root, reader, display_name, error))
    return NULL;

  node = json_object_get_member (root, "profiles");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_steal_pointer (&profiles);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid_file_error (error, display_name,
                              sluice_json_reader_get_member_line (reader, root, "profiles"), 0,
                              _("“profiles” must be a list in square brackets"));
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      SluiceProfile *profile = read_profile (array, i, seen_ids, reader, display_name, error);

      if (profile == NULL)
        return NULL;

      g_ptr_array_add (profiles, profile);
    }

  return g_steal_pointer (&profiles);
}

static void
replace_profiles (SluiceProfileStore *self,
                  GPtrArray          *profiles,
                  JsonObject         *root)
{
  guint removed = self->profiles->len;

  g_clear_pointer (&self->root, json_object_unref);
  if (root != NULL)
    self->root = json_object_ref (root);

  g_ptr_array_set_size (self->profiles, 0);
  if (profiles != NULL)
    {
      for (guint i = 0; i < profiles->len; i++)
        g_ptr_array_add (self->profiles, g_object_ref (g_ptr_array_index (profiles, i)));
    }

  if (removed > 0 || self->profiles->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->profiles->len);
}

static gboolean
text_is_blank (const char *data,
               gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isspace (data[i]))
        return FALSE;
    }

  return TRUE;
}

gboolean
_sluice_profile_store_load_from_data (SluiceProfileStore  *self,
                                      const char          *data,
                                      gsize                length,
                                      const char          *display_name,
                                      GError             **error)
{
  g_autoptr(SluiceJsonReader) reader = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) reader_error = NULL;
  guint line = 0, column = 0;
  JsonNode *root;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);

  /* An empty file holds no profiles, so nothing can be lost by reading it
   * as an empty list (json-glib would give no root at all).  Blank text has
   * nothing the reader's strict checks refuse, so it is taken first. */
  if (text_is_blank (data, length))
    {
      replace_profiles (self, NULL, NULL);
      return TRUE;
    }

  reader = sluice_json_reader_new_from_data (data, length, &line, &column, &reader_error);
  if (reader == NULL)
    {
      set_invalid_file_error (error, display_name, line, column, "%s", reader_error->message);
      return FALSE;
    }

  root = sluice_json_reader_get_root (reader);
  if (root == NULL)
    {
      replace_profiles (self, NULL, NULL);
      return TRUE;
    }

  profiles = read_profiles (root, reader, display_name, error);
  if (profiles == NULL)
    return FALSE;

  replace_profiles (self, profiles, json_node_get_object (root));

  return TRUE;
}

gboolean
sluice_profile_store_load (SluiceProfileStore  *self,
                           GError             **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (self->path);

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          /* No file yet: a new user with no profiles. */
          replace_profiles (self, NULL, NULL);
          g_clear_pointer (&self->disk_checksum, g_free);
          g_clear_pointer (&self->load_error, g_free);
          self->loaded = TRUE;
          return TRUE;
        }

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Could not read the profiles: %s. Nothing was changed; check "
                     "the file’s permissions, then load the profiles again."),
                   local_error->message);
      g_free (self->load_error);
      self->load_error = g_strdup ((*error)->message);
      return FALSE;
    }

  if (!_sluice_profile_store_load_from_data (self, contents, length, display_name, &local_error))
    {
      g_free (self->load_error);
      self->load_error = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_free (self->disk_checksum);
  self->disk_checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
  g_clear_pointer (&self->load_error, g_free);
  self->loaded = TRUE;

  return TRUE;
}

/* Writing */

char *
_sluice_profile_store_to_data (SluiceProfileStore *self,
                               gsize              *length)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(JsonNode) root_node = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;
  char *result;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);

  /* Over a copy of what was read, so that members a newer Sluice added at
   * the top level survive too. */
  root = self->root != NULL ? copy_object_without (self->root, NULL) : json_object_new ();
  json_object_set_int_member (root, "version", SLUICE_PROFILES_FORMAT_VERSION);

  array = json_array_sized_new (self->profiles->len);
  for (guint i = 0; i < self->profiles->len; i++)
    json_array_add_object_element (array, sluice_profile_to_json (g_ptr_array_index (self->profiles, i)));
  json_object_set_array_member (root, "profiles", array);

  root_node = json_node_init_object (json_node_alloc (), root);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root_node);
  text = json_generator_to_data (generator, NULL);

  /* A text file ends with a newline. */
  result = g_strconcat (text, "\n", NULL);
  if (length != NULL)
    *length = strlen (result);

  return result;
}

/* g_file_set_contents() replaces a symbolic link by a file; people keep
 * their configuration in dotfile repositories through links, so write where
 * the link points instead. */
static char *
resolve_links (const char *path)
{
  g_autofree char *resolved = g_strdup (path);

  for (guint i = 0; i < 16; i++)
    {
      g_autofree char *target = g_file_read_link (resolved, NULL);
      g_autofree char *directory = NULL;

      if (target == NULL)
        break;

      if (g_path_is_absolute (target))
        {
          g_free (resolved);
          resolved = g_steal_pointer (&target);
          continue;
        }

      directory = g_path_get_dirname (resolved);
      g_free (resolved);
      resolved = g_build_filename (directory, target, NULL);
    }

  return g_steal_pointer (&resolved);
}

/* A hard link keeps the previous file itself, without Sluice writing its
 * bytes again: whatever a person put in it (even a password Sluice
 * ignores) is not copied.  Where links are not possible, a copy. */
static gboolean
keep_backup (const char  *target,
             const char  *backup,
             const char  *contents,
             gsize        length,
             GError     **error)
{
  if (g_unlink (backup) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", backup, g_strerror (saved_errno));
      return FALSE;
    }

  if (link (target, backup) == 0)
    return TRUE;

  return g_file_set_contents_full (backup, contents, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
check_disk_unchanged (SluiceProfileStore  *self,
                      const char          *display_name,
                      char               **current_contents,
                      gsize               *current_length,
                      GError             **error)
{
  g_autoptr(GError) read_error = NULL;
  g_autofree char *checksum = NULL;

  *current_contents = NULL;
  *current_length = 0;

  if (!g_file_get_contents (self->path, current_contents, current_length, &read_error))
    {
      if (!g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                       _("The profiles were not saved: %s. Nothing was written."),
                       read_error->message);
          return FALSE;
        }
    }
  else
    checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                            (const guchar *)*current_contents,
                                            *current_length);

  if (!self->loaded && checksum != NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: %s exists but was not loaded, and "
                     "saving would replace what it holds. Nothing was written; load "
                     "the profiles first."),
                   display_name);
      return FALSE;
    }

  if (self->loaded && g_strcmp0 (checksum, self->disk_checksum) != 0)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: %s changed on disk since Sluice "
                     "read it (another program or another Sluice wrote to it). The "
                     "file was not touched; load the profiles again, then redo the "
                     "change."),
                   display_name);
      return FALSE;
    }

  return TRUE;
}

/* What save() writes must load again, and a profile without a name does
 * not: refuse before anything is written. */
static gboolean
check_names (SluiceProfileStore  *self,
             GError             **error)
{
  for (guint i = 0; i < self->profiles->len; i++)
    {
      const char *name = sluice_profile_get_name (g_ptr_array_index (self->profiles, i));

      if (name == NULL || text_is_blank (name, strlen (name)))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("The profiles were not saved: profile #%u has no name. "
                         "Nothing was written; give it a name, then save again."),
                       i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
sluice_profile_store_save (SluiceProfileStore  *self,
                           GError             **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *target = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *current = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) write_error = NULL;
  gsize current_length = 0;
  gsize length = 0;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (self->path);

  if (self->load_error != NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: %s could not be read when they "
                     "were loaded, and saving would replace it with less than it holds. "
                     "Nothing was written; fix the file, then load the profiles again."),
                   display_name);
      return FALSE;
    }

  if (!check_names (self, error))
    return FALSE;

  if (!check_disk_unchanged (self, display_name, &current, &current_length, error))
    return FALSE;

  target = resolve_links (self->path);
  directory = g_path_get_dirname (target);
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: could not create the folder %s: %s."),
                   directory, g_strerror (saved_errno));
      return FALSE;
    }

  /* The previous file is kept beside the new one, so a save a person
   * regrets can be undone by hand. */
  if (current != NULL)
    {
      backup = g_strconcat (target, ".bak", NULL);
      if (!keep_backup (target, backup, current, current_length, &write_error))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                       _("The profiles were not saved: could not keep a copy of the "
                         "previous file: %s. Nothing was written."),
                       write_error->message);
          return FALSE;
        }
    }

  text = _sluice_profile_store_to_data (self, &length);
  if (!g_file_set_contents_full (target, text, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &write_error))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: %s. The previous file is unchanged."),
                   write_error->message);
      return FALSE;
    }

  g_free (self->disk_checksum);
  self->disk_checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)text, length);
  self->loaded = TRUE;

  return TRUE;
}

