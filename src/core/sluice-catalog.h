/* sluice-catalog.h: a snapshot of every object a database's schemas hold,
 * read from pg_catalog, saved to and loaded from versioned JSON files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-catalog-object.h"
#include "sluice-connection.h"

G_BEGIN_DECLS

/* The "format_version" this build writes; files of a later version are
 * refused with a message saying so. */
#define SLUICE_CATALOG_FORMAT_VERSION 1

#define SLUICE_TYPE_CATALOG (sluice_catalog_get_type ())
G_DECLARE_FINAL_TYPE (SluiceCatalog, sluice_catalog, SLUICE, CATALOG, GObject)

SluiceCatalog       *sluice_catalog_new                  (void);

/* Reads every object of every schema but pg_catalog, information_schema,
 * pg_toast and temporary schemas, and no object that belongs to an
 * extension (those come with CREATE EXTENSION), in one pipeline of a few
 * queries per kind (never a query per object).  Runs in a REPEATABLE READ
 * READ ONLY transaction so all queries see one state of the catalog.
 * @exclude_schemas (NULL-terminated, nullable) are left out too.  Sets
 * the server version, database name, time taken and duration; the caller
 * sets the profile and migration version. */
void                 sluice_catalog_capture_async        (SluiceConnection    *connection,
                                                          const char * const  *exclude_schemas,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
SluiceCatalog       *sluice_catalog_capture_finish       (GAsyncResult        *result,
                                                          GError             **error);

/* Files.  Reading checks the format name and version, every member of
 * every object, and that identities are unique and children's parents
 * exist; errors are SLUICE_ERROR_INVALID_INPUT naming the file (when
 * given) and the line: a corrupt, truncated or future-version file never
 * gives a partial catalog.  Loading a big file may take a while: the
 * _async variant loads on a worker thread. */
SluiceCatalog       *sluice_catalog_new_from_data        (const char          *data,
                                                          gsize                length,
                                                          const char          *file_name, /* nullable */
                                                          GError             **error);
SluiceCatalog       *sluice_catalog_load_file            (GFile               *file,
                                                          GError             **error);
void                 sluice_catalog_load_file_async      (GFile               *file,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
SluiceCatalog       *sluice_catalog_load_file_finish     (GAsyncResult        *result,
                                                          GError             **error);
char                *sluice_catalog_to_data              (SluiceCatalog       *self,
                                                          gsize               *length);
/* Writes atomically, creating the folders. */
gboolean             sluice_catalog_save_file            (SluiceCatalog       *self,
                                                          GFile               *file,
                                                          GError             **error);
/* The same on a worker thread (a big schema's file is several MB): the
 * catalog is read there, so it must not be changed (objects added,
 * metadata set) until the call finishes. */
void                 sluice_catalog_save_file_async      (SluiceCatalog       *self,
                                                          GFile               *file,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean             sluice_catalog_save_file_finish     (SluiceCatalog       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Where snapshots of a profile are kept:
 * $XDG_DATA_HOME/sluice/snapshots/<profile-id>/ (characters outside
 * [A-Za-z0-9._-] become '_'). */
GFile               *sluice_catalog_folder_for_profile   (const char          *profile_id);

/* Metadata kept in the file. */
const char          *sluice_catalog_get_profile_id       (SluiceCatalog       *self);
const char          *sluice_catalog_get_profile_name     (SluiceCatalog       *self);
void                 sluice_catalog_set_profile          (SluiceCatalog       *self,
                                                          const char          *profile_id,
                                                          const char          *profile_name);
const char          *sluice_catalog_get_database         (SluiceCatalog       *self);
const char          *sluice_catalog_get_server_version   (SluiceCatalog       *self); /* "15.18 (Debian ...)" */
int                  sluice_catalog_get_server_version_num (SluiceCatalog     *self); /* 150018 */
GDateTime           *sluice_catalog_get_taken_at         (SluiceCatalog       *self);
double               sluice_catalog_get_duration_ms      (SluiceCatalog       *self);
/* The migration version current when the snapshot was taken; NULL when
 * not known. */
const char          *sluice_catalog_get_migration_version (SluiceCatalog      *self);
void                 sluice_catalog_set_migration_version (SluiceCatalog      *self,
                                                           const char         *version);
/* A free-form label ("before 0012", "after 0012", "by hand"). */
const char          *sluice_catalog_get_label            (SluiceCatalog       *self);
void                 sluice_catalog_set_label            (SluiceCatalog       *self,
                                                          const char          *label);

/* The objects, in the order: by kind (SluiceCatalogKind order), then by
 * identity; children after their parent's kind.  A GListModel of
 * SluiceCatalogObject. */
GListModel          *sluice_catalog_get_objects          (SluiceCatalog       *self);
guint                sluice_catalog_get_n_objects        (SluiceCatalog       *self);
/* The number of objects of @kind. */
guint                sluice_catalog_count_kind           (SluiceCatalog       *self,
                                                          SluiceCatalogKind    kind);
SluiceCatalogObject *sluice_catalog_lookup               (SluiceCatalog       *self,
                                                          const char          *identity);
/* By OID (and attnum for columns); NULL when no object has it. */
SluiceCatalogObject *sluice_catalog_lookup_oid           (SluiceCatalog       *self,
                                                          SluiceCatalogKind    kind,
                                                          guint32              oid,
                                                          gint                 subid);
/* The children (columns, constraints, indexes, triggers, policies) of the
 * object with @identity, in catalog order (columns by attnum); a new
 * GPtrArray of borrowed objects. */
GPtrArray           *sluice_catalog_get_children         (SluiceCatalog       *self,
                                                          const char          *identity);

/* Adds @object (for the capture, the file loader and tests); the catalog
 * keeps the order documented above.  FALSE, and @object not added, when
 * an object with its identity is already there. */
gboolean             sluice_catalog_add                  (SluiceCatalog       *self,
                                                          SluiceCatalogObject *object);

G_END_DECLS
