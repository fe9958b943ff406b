/* sluice-status-item.c: one row of a status report, and the status names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-status-private.h"

struct _SluiceStatusItem
{
  GObject                parent_instance;

  SluiceMigrationStatus  status;
  SluiceMigration       *migration;
  SluiceHistoryEntry    *entry;
};

G_DEFINE_FINAL_TYPE (SluiceStatusItem, sluice_status_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_VERSION,
  PROP_NAME,
  PROP_MIGRATION,
  PROP_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
sluice_migration_status_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SLUICE_STATUS_APPLIED, "SLUICE_STATUS_APPLIED", "applied" },
        { SLUICE_STATUS_PENDING, "SLUICE_STATUS_PENDING", "pending" },
        { SLUICE_STATUS_MISSING, "SLUICE_STATUS_MISSING", "missing" },
        { SLUICE_STATUS_DRIFT, "SLUICE_STATUS_DRIFT", "drift" },
        { SLUICE_STATUS_FAILED, "SLUICE_STATUS_FAILED", "failed" },
        { SLUICE_STATUS_OUT_OF_ORDER, "SLUICE_STATUS_OUT_OF_ORDER", "out_of_order" },
        { 0, NULL, NULL }
      };

      g_once_init_leave (&type_id, g_enum_register_static ("SluiceMigrationStatus", values));
    }

  return type_id;
}

const char *
sluice_migration_status_to_string (SluiceMigrationStatus status)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SLUICE_TYPE_MIGRATION_STATUS);
  GEnumValue *value = g_enum_get_value (klass, status);

  return value != NULL ? value->value_nick : NULL;
}

const char *
sluice_migration_status_get_label (SluiceMigrationStatus status)
{
  switch (status)
    {
    case SLUICE_STATUS_APPLIED: return _("Applied");
    case SLUICE_STATUS_PENDING: return _("Pending");
    /* TRANSLATORS: applied on the database, but its file is gone */
    case SLUICE_STATUS_MISSING: return _("File missing");
    /* TRANSLATORS: the file was edited after it was applied */
    case SLUICE_STATUS_DRIFT: return _("Changed since applied");
    case SLUICE_STATUS_FAILED: return _("Failed");
    case SLUICE_STATUS_OUT_OF_ORDER: return _("Applied out of order");
    default: return NULL;
    }
}

char *
sluice_status_describe_count (SluiceMigrationStatus status,
                              guint                 count)
{
  switch (status)
    {
    case SLUICE_STATUS_APPLIED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u applied", "%u applied", count), count);
    case SLUICE_STATUS_PENDING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pending", "%u pending", count), count);
    case SLUICE_STATUS_MISSING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u missing", "%u missing", count), count);
    case SLUICE_STATUS_DRIFT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u drifted", "%u drifted", count), count);
    case SLUICE_STATUS_FAILED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", count), count);
    case SLUICE_STATUS_OUT_OF_ORDER:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u out of order", "%u out of order", count), count);
    }
}

static void
sluice_status_item_finalize (GObject *object)
{
  SluiceStatusItem *self = (SluiceStatusItem *)object;

  g_clear_object (&self->migration);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (sluice_status_item_parent_class)->finalize (object);
}

static void
sluice_status_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SluiceStatusItem *self = SLUICE_STATUS_ITEM (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_VERSION:
      g_value_set_string (value, sluice_status_item_get_version (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, sluice_status_item_get_name (self));
      break;

    case PROP_MIGRATION:
      g_value_set_object (value, self->migration);
      break;

    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_status_item_class_init (SluiceStatusItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sluice_status_item_finalize;
  object_class->get_property = sluice_status_item_get_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       SLUICE_TYPE_MIGRATION_STATUS, SLUICE_STATUS_PENDING, flags);
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_MIGRATION] =
    g_param_spec_object ("migration", NULL, NULL, SLUICE_TYPE_MIGRATION, flags);
  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, SLUICE_TYPE_HISTORY_ENTRY, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_status_item_init (SluiceStatusItem *self)
{
  self->status = SLUICE_STATUS_PENDING;
}

SluiceStatusItem *
_sluice_status_item_new (SluiceMigrationStatus  status,
                         SluiceMigration       *migration,
                         SluiceHistoryEntry    *entry)
{
  SluiceStatusItem *self;

  g_return_val_if_fail (migration != NULL || entry != NULL, NULL);

  self = g_object_new (SLUICE_TYPE_STATUS_ITEM, NULL);
  self->status = status;
  g_set_object (&self->migration, migration);
  g_set_object (&self->entry, entry);

  return self;
}

void
_sluice_status_item_set_status (SluiceStatusItem      *self,
                                SluiceMigrationStatus  status)
{
  g_return_if_fail (SLUICE_IS_STATUS_ITEM (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

SluiceMigrationStatus
sluice_status_item_get_status (SluiceStatusItem *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_ITEM (self), SLUICE_STATUS_PENDING);

  return self->status;
}

/* The file's version when there is a file: the history's spelling may be
 * shorter (golang-migrate drops leading zeros). */
const char *
sluice_status_item_get_version (SluiceStatusItem *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_ITEM (self), NULL);

  if (self->migration != NULL)
    return sluice_migration_get_version (self->migration);

  return sluice_history_entry_get_version (self->entry);
}

const char *
sluice_status_item_get_name (SluiceStatusItem *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_ITEM (self), NULL);

  if (self->migration != NULL)
    return sluice_migration_get_name (self->migration);

  return sluice_history_entry_get_name (self->entry);
}

SluiceMigration *
sluice_status_item_get_migration (SluiceStatusItem *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_ITEM (self), NULL);

  return self->migration;
}

SluiceHistoryEntry *
sluice_status_item_get_entry (SluiceStatusItem *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_ITEM (self), NULL);

  return self->entry;
}

gboolean
sluice_status_item_is_retry (SluiceStatusItem *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_ITEM (self), FALSE);

  return self->status == SLUICE_STATUS_FAILED && self->migration != NULL && self->entry != NULL &&
         sluice_history_entry_get_state (self->entry) == SLUICE_HISTORY_FAILED;
}

gboolean
sluice_status_item_can_run (SluiceStatusItem *self)
{
  g_return_val_if_fail (SLUICE_IS_STATUS_ITEM (self), FALSE);

  return (self->status == SLUICE_STATUS_PENDING && self->migration != NULL) ||
         sluice_status_item_is_retry (self);
}
