/* sluice-schema-page-sides.c: the choices of the Schema page's compare
 * sides: live profiles, snapshot files (the latest run's named), files opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-application.h"
#include "sluice-schema-page-private.h"

void
_sluice_schema_page_side_free (SluiceSchemaSide *side)
{
  g_clear_object (&side->profile);
  g_clear_object (&side->file);
  g_free (side->label);
  g_free (side);
}

static SluiceSchemaSide *
side_new (SluiceSchemaSideKind  kind,
          SluiceProfile        *profile,
          GFile                *file,
          const char           *label)
{
  SluiceSchemaSide *side = g_new0 (SluiceSchemaSide, 1);

  side->kind = kind;
  side->profile = profile != NULL ? g_object_ref (profile) : NULL;
  side->file = file != NULL ? g_object_ref (file) : NULL;
  side->label = g_strdup (label);
  return side;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceSchemaSide, _sluice_schema_page_side_free)

SluiceSchemaSide *
_sluice_schema_page_side_copy (const SluiceSchemaSide *side)
{
  return side_new (side->kind, side->profile, side->file, side->label);
}

static gboolean
side_equal (const SluiceSchemaSide *a,
            const SluiceSchemaSide *b)
{
  if (a == NULL || b == NULL || a->kind != b->kind)
    return FALSE;
  if (a->kind == SLUICE_SCHEMA_SIDE_LIVE)
    return g_strcmp0 (sluice_profile_get_id (a->profile), sluice_profile_get_id (b->profile)) == 0;
  if (a->kind == SLUICE_SCHEMA_SIDE_FILE)
    return g_file_equal (a->file, b->file);
  return TRUE;
}

SluiceSchemaSide *
_sluice_schema_page_get_side (SluiceSchemaPage *self,
                              gboolean          to_side)
{
  guint position = gtk_drop_down_get_selected (to_side ? self->to_dropdown : self->from_dropdown);

  return position < self->sides->len ? g_ptr_array_index (self->sides, position) : NULL;
}

static guint
find_side (SluiceSchemaPage       *self,
           const SluiceSchemaSide *wanted)
{
  for (guint i = 0; wanted != NULL && i < self->sides->len; i++)
    if (side_equal (g_ptr_array_index (self->sides, i), wanted))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
add_side (SluiceSchemaPage *self,
          SluiceSchemaSide *side)
{
  g_ptr_array_add (self->sides, side);
  gtk_string_list_append (self->side_labels, side->label);
}

/* Whether a word of the file's name ("20260101-120000-before-0012.json")
 * is @first or @second: the runner names the snapshots it takes around a
 * run so ("before"/"pre", "after"/"post"). */
static gboolean
name_says (const char *name,
           const char *first,
           const char *second)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_auto(GStrv) words = g_strsplit_set (folded, "-_. ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_strcmp0 (words[i], first) == 0 || g_strcmp0 (words[i], second) == 0)
      return TRUE;
  return FALSE;
}

/* Rebuilds the choices: this profile live, the others live, the
 * snapshot files (newest first; the newest "before" and "after" ones named
 * as the latest run's), the files opened, "Choose a file…".  What was
 * chosen stays chosen.  @snapshot_files NULL keeps the last listing. */
void
_sluice_schema_page_rebuild_sides (SluiceSchemaPage *self,
                                   GPtrArray        *snapshot_files)
{
  SluiceProfile *profile = _sluice_schema_page_get_profile (self);
  SluiceApplication *application = _sluice_schema_page_get_application (self);
  SluiceSchemaSide *from = _sluice_schema_page_get_side (self, FALSE);
  SluiceSchemaSide *to = _sluice_schema_page_get_side (self, TRUE);
  /* Kept until the end: @from and @to point into it. */
  g_autoptr(GPtrArray) previous = g_steal_pointer (&self->sides);
  g_autoptr(GPtrArray) files = NULL;
  guint before = GTK_INVALID_LIST_POSITION;
  guint after = GTK_INVALID_LIST_POSITION;
  guint position;

  if (snapshot_files != NULL)
    files = g_ptr_array_ref (snapshot_files);
  else
    {
      files = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < previous->len; i++)
        {
          SluiceSchemaSide *side = g_ptr_array_index (previous, i);

          if (side->kind == SLUICE_SCHEMA_SIDE_FILE &&
              g_object_get_data (G_OBJECT (side->file), "sluice-listed") != NULL)
            g_ptr_array_add (files, g_object_ref (side->file));
        }
    }

  self->rebuilding_sides = TRUE;
  self->sides = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_schema_page_side_free);
  gtk_string_list_splice (self->side_labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->side_labels)), NULL);

  if (profile != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Live: %s"), sluice_profile_get_name (profile));

      add_side (self, side_new (SLUICE_SCHEMA_SIDE_LIVE, profile, NULL, label));
    }

  if (application != NULL)
    {
      GListModel *store = G_LIST_MODEL (sluice_application_get_store (application));

      for (guint i = 0; i < g_list_model_get_n_items (store); i++)
        {
          g_autoptr(SluiceProfile) other = g_list_model_get_item (store, i);
          g_autofree char *label = NULL;

          if (profile != NULL && g_strcmp0 (sluice_profile_get_id (other), sluice_profile_get_id (profile)) == 0)
            continue;
          /* Translators: another profile's name. */
          label = g_strdup_printf (_("Live: %s"), sluice_profile_get_name (other));
          add_side (self, side_new (SLUICE_SCHEMA_SIDE_LIVE, other, NULL, label));
        }
    }

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *label = NULL;

      if (before == GTK_INVALID_LIST_POSITION && name_says (name, "before", "pre"))
        {
          /* Translators: a snapshot file's name. */
          label = g_strdup_printf (_("Before the latest run (%s)"), name);
          before = self->sides->len;
        }
      else if (after == GTK_INVALID_LIST_POSITION && name_says (name, "after", "post"))
        {
          /* Translators: a snapshot file's name. */
          label = g_strdup_printf (_("After the latest run (%s)"), name);
          after = self->sides->len;
        }
      else
        {
          /* Translators: a snapshot file's name. */
          label = g_strdup_printf (_("Snapshot: %s"), name);
        }
      g_object_set_data (G_OBJECT (file), "sluice-listed", GINT_TO_POINTER (TRUE));
      add_side (self, side_new (SLUICE_SCHEMA_SIDE_FILE, NULL, file, label));
    }

  for (guint i = 0; i < self->opened_files->len; i++)
    {
      GFile *file = g_ptr_array_index (self->opened_files, i);
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;
      g_autoptr(SluiceSchemaSide) probe = NULL;

      probe = side_new (SLUICE_SCHEMA_SIDE_FILE, NULL, file, NULL);
      if (find_side (self, probe) != GTK_INVALID_LIST_POSITION)
        continue;
      name = g_file_get_basename (file);
      label = g_strdup_printf (_("File: %s"), name);
      add_side (self, side_new (SLUICE_SCHEMA_SIDE_FILE, NULL, file, label));
    }

  add_side (self, side_new (SLUICE_SCHEMA_SIDE_CHOOSE, NULL, NULL, _("Choose a Snapshot File…")));

  /* What the person chose stays; until then, the latest run's pair, else
   * this profile against the next choice. */
  if (self->sides_chosen && (position = find_side (self, from)) != GTK_INVALID_LIST_POSITION)
    self->from_position = position;
  else if (before != GTK_INVALID_LIST_POSITION && after != GTK_INVALID_LIST_POSITION)
    self->from_position = before;
  else
    self->from_position = 0;

  if (self->sides_chosen && (position = find_side (self, to)) != GTK_INVALID_LIST_POSITION)
    self->to_position = position;
  else if (before != GTK_INVALID_LIST_POSITION && after != GTK_INVALID_LIST_POSITION)
    self->to_position = after;
  else
    self->to_position = self->sides->len > 2 ? 1 : 0;

  gtk_drop_down_set_selected (self->from_dropdown, self->from_position);
  gtk_drop_down_set_selected (self->to_dropdown, self->to_position);
  self->rebuilding_sides = FALSE;
  _sluice_schema_page_update_actions (self);
}

typedef struct
{
  SluiceSchemaPage *self;
  gboolean          to_side;
} ChooseOp;

static void
on_choose_response (GtkNativeDialog *chooser,
                    int              response,
                    ChooseOp        *op)
{
  SluiceSchemaPage *self = op->self;
  g_autoptr(GFile) file = NULL;
  g_autoptr(SluiceSchemaSide) wanted = NULL;
  guint position;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file == NULL)
    {
      /* Nothing chosen: the side goes back to what it was. */
      gtk_drop_down_set_selected (op->to_side ? self->to_dropdown : self->from_dropdown,
                                  op->to_side ? self->to_position : self->from_position);
    }
  else
    {
      _sluice_schema_page_remember_file (self, file);
      /* The other side stays as it is while the list grows. */
      self->sides_chosen = TRUE;
      _sluice_schema_page_rebuild_sides (self, NULL);
      wanted = side_new (SLUICE_SCHEMA_SIDE_FILE, NULL, file, NULL);
      position = find_side (self, wanted);
      if (position != GTK_INVALID_LIST_POSITION)
        gtk_drop_down_set_selected (op->to_side ? self->to_dropdown : self->from_dropdown, position);
    }

  g_object_unref (op->self);
  g_free (op);
}

static void
setup_side_label (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* In the button, a long file name must not widen the page (the window
   * would fold its sidebar over it); the list shows it whole. */
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  gtk_list_item_set_child (list_item, label);
}

static void
bind_side_label (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (item));
  gtk_widget_set_tooltip_text (label, gtk_string_object_get_string (item));
}

static void
setup_side_dropdown (GtkDropDown *dropdown)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_side_label), GINT_TO_POINTER (i == 0));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_side_label), NULL);
      if (i == 0)
        gtk_drop_down_set_factory (dropdown, factory);
      else
        gtk_drop_down_set_list_factory (dropdown, factory);
    }
}

static void
on_side_selected (SluiceSchemaPage *self,
                  GParamSpec       *pspec,
                  GtkDropDown      *dropdown)
{
  gboolean to_side = dropdown == self->to_dropdown;
  SluiceSchemaSide *side = _sluice_schema_page_get_side (self, to_side);
  GtkFileChooserNative *chooser;
  ChooseOp *op;

  if (self->rebuilding_sides || side == NULL)
    return;

  if (side->kind != SLUICE_SCHEMA_SIDE_CHOOSE)
    {
      self->sides_chosen = TRUE;
      if (to_side)
        self->to_position = gtk_drop_down_get_selected (dropdown);
      else
        self->from_position = gtk_drop_down_get_selected (dropdown);
      return;
    }

  op = g_new0 (ChooseOp, 1);
  op->self = g_object_ref (self);
  op->to_side = to_side;
  chooser = _sluice_schema_page_snapshot_chooser_new (self, to_side ? _("Choose the Right-Hand Snapshot")
                                                              : _("Choose the Left-Hand Snapshot"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_choose_response), op);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static int
compare_modified (gconstpointer a,
                  gconstpointer b)
{
  GFileInfo *first = *(GFileInfo * const *) a;
  GFileInfo *second = *(GFileInfo * const *) b;
  guint64 first_time = g_file_info_get_attribute_uint64 (first, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  guint64 second_time = g_file_info_get_attribute_uint64 (second, G_FILE_ATTRIBUTE_TIME_MODIFIED);

  /* Newest first; the names (timestamps) break ties. */
  if (first_time != second_time)
    return first_time < second_time ? 1 : -1;
  return -g_strcmp0 (g_file_info_get_name (first), g_file_info_get_name (second));
}

static void
list_snapshots_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GFile *folder = task_data;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  enumerator = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                          G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  /* No folder yet: no snapshot was taken. */
  while (enumerator != NULL && (info = g_file_enumerator_next_file (enumerator, cancellable, NULL)) != NULL)
    {
      if (g_str_has_suffix (g_file_info_get_name (info), ".json"))
        g_ptr_array_add (infos, info);
      else
        g_object_unref (info);
    }

  g_ptr_array_sort (infos, compare_modified);
  for (guint i = 0; i < infos->len; i++)
    g_ptr_array_add (files, g_file_get_child (folder, g_file_info_get_name (g_ptr_array_index (infos, i))));

  g_task_return_pointer (task, files, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_snapshots_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (object);
  g_autoptr(GPtrArray) files = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *profile_id = user_data;

  _sluice_schema_page_end_busy (self);
  /* Another profile since: its own listing follows. */
  if (files == NULL || _sluice_schema_page_get_profile (self) == NULL ||
      g_strcmp0 (profile_id, sluice_profile_get_id (_sluice_schema_page_get_profile (self))) != 0)
    return;

  _sluice_schema_page_rebuild_sides (self, files);
}

void
sluice_schema_page_rescan_snapshots (SluiceSchemaPage *self)
{
  g_autoptr(GTask) task = NULL;
  SluiceProfile *profile;

  g_return_if_fail (SLUICE_IS_SCHEMA_PAGE (self));

  profile = _sluice_schema_page_get_profile (self);
  if (profile == NULL)
    {
      _sluice_schema_page_rebuild_sides (self, NULL);
      return;
    }

  _sluice_schema_page_begin_busy (self);
  task = g_task_new (self, self->io_cancellable, list_snapshots_cb, g_strdup (sluice_profile_get_id (profile)));
  g_task_set_source_tag (task, sluice_schema_page_rescan_snapshots);
  g_task_set_task_data (task, sluice_catalog_folder_for_profile (sluice_profile_get_id (profile)), g_object_unref);
  g_task_run_in_thread (task, list_snapshots_thread);
}

void
_sluice_schema_page_swap_sides_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  SluiceSchemaPage *self = SLUICE_SCHEMA_PAGE (widget);
  guint from = gtk_drop_down_get_selected (self->from_dropdown);
  guint to = gtk_drop_down_get_selected (self->to_dropdown);

  gtk_drop_down_set_selected (self->from_dropdown, to);
  gtk_drop_down_set_selected (self->to_dropdown, from);
}

void
_sluice_schema_page_init_sides (SluiceSchemaPage *self)
{
  self->sides = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_schema_page_side_free);
  self->opened_files = g_ptr_array_new_with_free_func (g_object_unref);
  self->side_labels = gtk_string_list_new (NULL);
  setup_side_dropdown (self->from_dropdown);
  setup_side_dropdown (self->to_dropdown);
  gtk_drop_down_set_model (self->from_dropdown, G_LIST_MODEL (self->side_labels));
  gtk_drop_down_set_model (self->to_dropdown, G_LIST_MODEL (self->side_labels));
  g_signal_connect_object (self->from_dropdown, "notify::selected", G_CALLBACK (on_side_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_dropdown, "notify::selected", G_CALLBACK (on_side_selected), self, G_CONNECT_SWAPPED);
}

GListModel *
sluice_schema_page_get_side_labels (SluiceSchemaPage *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  return G_LIST_MODEL (self->side_labels);
}

gboolean
sluice_schema_page_select_side (SluiceSchemaPage *self,
                                gboolean          to_side,
                                const char       *label)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  for (guint i = 0; i < self->sides->len; i++)
    {
      SluiceSchemaSide *side = g_ptr_array_index (self->sides, i);

      if (side->kind != SLUICE_SCHEMA_SIDE_CHOOSE && g_strcmp0 (side->label, label) == 0)
        {
          gtk_drop_down_set_selected (to_side ? self->to_dropdown : self->from_dropdown, i);
          _sluice_schema_page_update_actions (self);
          return TRUE;
        }
    }
  return FALSE;
}

const char *
sluice_schema_page_get_side_label (SluiceSchemaPage *self,
                                   gboolean          to_side)
{
  SluiceSchemaSide *side;

  g_return_val_if_fail (SLUICE_IS_SCHEMA_PAGE (self), NULL);
  side = _sluice_schema_page_get_side (self, to_side);
  return side != NULL ? side->label : NULL;
}
