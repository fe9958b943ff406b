/* sluice-lint.c: the lint's driver: parse, walk, place, filter
 *
 * The whole text goes through libpg_query's parser once (one call is much
 * cheaper than one per statement); its parse tree comes as protobuf,
 * unpacked by the protobuf-c code inside libpg_query into the typed
 * structs of pg_query.pb-c.h, and each statement a rule looks at is handed
 * to the rules.  Text the parser refuses is split by the scanner instead
 * and each statement parsed alone, so that one bad statement is reported
 * where it is while the others are still linted.
 *
 * Ignore comments are found by reading the lines of the text, not by the
 * scanner: "-- sluice:ignore" inside a string literal would count too,
 * which costs nothing worse than a silenced finding on that line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <pg_query.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-lint-private.h"
#include "sluice-migration-source-private.h"
#include "sluice-sql.h"

struct _SluiceLint
{
  GObject           parent_instance;

  SluiceLintConfig *config;
};

G_DEFINE_FINAL_TYPE (SluiceLint, sluice_lint, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONFIG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Findings ------------------------------------------------------------------- */

SluiceLintFinding *
sluice_lint_finding_copy (const SluiceLintFinding *finding)
{
  SluiceLintFinding *copy;

  g_return_val_if_fail (finding != NULL, NULL);

  copy = g_new0 (SluiceLintFinding, 1);
  copy->file = g_strdup (finding->file);
  copy->line = finding->line;
  copy->column = finding->column;
  copy->rule = g_strdup (finding->rule);
  copy->severity = finding->severity;
  copy->lock = finding->lock;
  copy->message = g_strdup (finding->message);
  copy->why = g_strdup (finding->why);
  copy->rewrite = g_strdup (finding->rewrite);

  return copy;
}

void
sluice_lint_finding_free (SluiceLintFinding *finding)
{
  if (finding == NULL)
    return;

  g_free (finding->file);
  g_free (finding->rule);
  g_free (finding->message);
  g_free (finding->why);
  g_free (finding->rewrite);
  g_free (finding);
}

G_DEFINE_BOXED_TYPE (SluiceLintFinding, sluice_lint_finding,
                     sluice_lint_finding_copy, sluice_lint_finding_free)

SluiceLintSeverity
sluice_lint_findings_get_max_severity (GPtrArray *findings)
{
  SluiceLintSeverity max = SLUICE_LINT_SEVERITY_OFF;

  g_return_val_if_fail (findings != NULL, SLUICE_LINT_SEVERITY_OFF);

  for (guint i = 0; i < findings->len; i++)
    {
      const SluiceLintFinding *finding = g_ptr_array_index (findings, i);

      max = MAX (max, finding->severity);
    }

  return max;
}

/* Lines ------------------------------------------------------------------------ */

typedef struct
{
  const char *text;
  gsize       length;
  GArray     *starts;       /* gsize: offset where each line starts */
  guint       first_line;
} LineIndex;

static void
line_index_init (LineIndex  *index,
                 const char *text,
                 gsize       length,
                 guint       first_line)
{
  gsize zero = 0;

  index->text = text;
  index->length = length;
  index->first_line = MAX (first_line, 1);
  index->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (index->starts, zero);

  for (const char *p = memchr (text, '\n', length); p != NULL;
       p = memchr (p + 1, '\n', length - (p + 1 - text)))
    {
      gsize start = p + 1 - text;

      g_array_append_val (index->starts, start);
    }
}

static void
line_index_clear (LineIndex *index)
{
  g_clear_pointer (&index->starts, g_array_unref);
}

/* 0-based index of the line holding @offset. */
static guint
line_index_find (const LineIndex *index,
                 gsize            offset)
{
  guint low = 0, high = index->starts->len - 1;

  while (low < high)
    {
      guint middle = low + (high - low + 1) / 2;

      if (g_array_index (index->starts, gsize, middle) <= offset)
        low = middle;
      else
        high = middle - 1;
    }

  return low;
}

static void
line_index_position (const LineIndex *index,
                     gsize            offset,
                     guint           *line,
                     guint           *column)
{
  guint i;
  gsize start;

  offset = MIN (offset, index->length);
  i = line_index_find (index, offset);
  start = g_array_index (index->starts, gsize, i);

  *line = index->first_line + i;
  /* In characters; the text was checked to be UTF-8. */
  *column = 1 + (guint) g_utf8_strlen (index->text + start, offset - start);
}

/* Ignore comments ---------------------------------------------------------------- */

#define IGNORE_MARK "sluice:ignore"

typedef struct
{
  GHashTable *by_line;      /* line number -> GPtrArray of rule ids (empty: all) */
  GHashTable *file_rules;   /* rule ids ignored in the whole text */
  gboolean    file_all;
} Ignores;

static void
ignores_init (Ignores *ignores)
{
  ignores->by_line = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  ignores->file_rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ignores->file_all = FALSE;
}

static void
ignores_clear (Ignores *ignores)
{
  g_clear_pointer (&ignores->by_line, g_hash_table_unref);
  g_clear_pointer (&ignores->file_rules, g_hash_table_unref);
}

/* The rule ids in "a, b c" up to the end of the line or a "--". */
static GPtrArray *
parse_rule_list (const char *text,
                 gsize       length)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  gsize i = 0;

  while (i < length)
    {
      gsize start;

      while (i < length && (g_ascii_isspace (text[i]) || text[i] == ','))
        i++;
      if (i + 1 < length && text[i] == '-' && text[i + 1] == '-')
        break;

      start = i;
      while (i < length && (g_ascii_isalnum (text[i]) || text[i] == '-' || text[i] == '_'))
        i++;
      if (i == start)
        break;

      g_ptr_array_add (list, g_ascii_strdown (text + start, i - start));
    }

  return list;
}

/* "-- sluice:ignore RULES" or "-- sluice:ignore-file RULES" in @line. */
static void
ignores_read_line (Ignores    *ignores,
                   guint       number,
                   const char *line,
                   gsize       length)
{
  const char *comment = g_strstr_len (line, length, "--");

  while (comment != NULL)
    {
      const char *p = comment + 2;
      const char *end = line + length;
      gboolean whole_file = FALSE;
      GPtrArray *rules;

      while (p < end && (*p == ' ' || *p == '\t'))
        p++;

      if ((gsize) (end - p) < strlen (IGNORE_MARK) || strncmp (p, IGNORE_MARK, strlen (IGNORE_MARK)) != 0)
        {
          comment = g_strstr_len (p, end - p, "--");
          continue;
        }

      p += strlen (IGNORE_MARK);
      if ((gsize) (end - p) >= strlen ("-file") && strncmp (p, "-file", strlen ("-file")) == 0)
        {
          whole_file = TRUE;
          p += strlen ("-file");
        }

      /* "sluice:ignored" or "sluice:ignore-x" is not the mark. */
      if (p < end && !g_ascii_isspace (*p))
        return;

      rules = parse_rule_list (p, end - p);

      if (whole_file)
        {
          if (rules->len == 0)
            ignores->file_all = TRUE;
          for (guint i = 0; i < rules->len; i++)
            g_hash_table_add (ignores->file_rules, g_strdup (g_ptr_array_index (rules, i)));
          g_ptr_array_unref (rules);
        }
      else
        g_hash_table_replace (ignores->by_line, GUINT_TO_POINTER (number), rules);

      return;
    }
}

static void
ignores_read (Ignores         *ignores,
              const LineIndex *index)
{
  /* Cheap: most texts have none. */
  if (g_strstr_len (index->text, index->length, IGNORE_MARK) == NULL)
    return;

  for (guint i = 0; i < index->starts->len; i++)
    {
      gsize start = g_array_index (index->starts, gsize, i);
      gsize end = i + 1 < index->starts->len ? g_array_index (index->starts, gsize, i + 1) : index->length;

      ignores_read_line (ignores, index->first_line + i, index->text + start, end - start);
    }
}

static gboolean
rule_list_has (GPtrArray  *rules,
               const char *rule)
{
  if (rules->len == 0)
    return TRUE;

  for (guint i = 0; i < rules->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (rules, i), rule))
        return TRUE;
    }

  return FALSE;
}

static gboolean
line_is_comment (const LineIndex *index,
                 guint            line)
{
  guint i = line - index->first_line;
  gsize start, end;

  if (line < index->first_line || i >= index->starts->len)
    return FALSE;

  start = g_array_index (index->starts, gsize, i);
  end = i + 1 < index->starts->len ? g_array_index (index->starts, gsize, i + 1) : index->length;
  while (start < end && (index->text[start] == ' ' || index->text[start] == '\t'))
    start++;

  return end - start >= 2 && index->text[start] == '-' && index->text[start + 1] == '-';
}

/* Whether @rule is silenced for a statement on lines @first to @last: by
 * a comment on those lines or on the comment lines right above them. */
static gboolean
ignores_match (Ignores         *ignores,
               const LineIndex *index,
               const char      *rule,
               guint            first,
               guint            last)
{
  guint above = first;

  if (ignores->file_all || g_hash_table_contains (ignores->file_rules, rule))
    return TRUE;

  if (g_hash_table_size (ignores->by_line) == 0)
    return FALSE;

  while (above > index->first_line && line_is_comment (index, above - 1))
    above--;

  for (guint line = above; line <= last; line++)
    {
      GPtrArray *rules = g_hash_table_lookup (ignores->by_line, GUINT_TO_POINTER (line));

      if (rules != NULL && rule_list_has (rules, rule))
        return TRUE;
    }

  return FALSE;
}

/* One run over one text ---------------------------------------------------------- */

typedef struct
{
  SluiceLintConfig       *config;
  const SluiceLintSource *source;
  LineIndex               lines;
  Ignores                 ignores;
  SluiceLintState         state;
  SluiceLintAllocator    *allocator;
  gsize                   transaction_block_start;
  GPtrArray              *findings;
} Run;

static void
run_add (Run            *run,
         const char     *rule,
         gsize           offset,
         guint           first_line,
         guint           last_line,
         SluiceLockMode  lock,
         char           *message,
         char           *why,
         char           *rewrite)
{
  SluiceLintSeverity severity = sluice_lint_config_get_severity (run->config, rule);
  SluiceLintFinding *finding;

  if (severity == SLUICE_LINT_SEVERITY_OFF || ignores_match (&run->ignores, &run->lines, rule, first_line, last_line))
    {
      g_free (message);
      g_free (why);
      g_free (rewrite);
      return;
    }

  finding = g_new0 (SluiceLintFinding, 1);
  finding->file = g_strdup (run->source->file);
  line_index_position (&run->lines, offset, &finding->line, &finding->column);
  finding->rule = g_strdup (rule);
  finding->severity = severity;
  finding->lock = lock;
  finding->message = message;
  finding->why = why;
  finding->rewrite = rewrite;
  g_ptr_array_add (run->findings, finding);
}

/* Skips blanks and comments from @offset; stops at @end. */
static gsize
skip_blanks (const char *text,
             gsize       offset,
             gsize       end)
{
  while (offset < end)
    {
      if (g_ascii_isspace (text[offset]))
        offset++;
      else if (offset + 1 < end && text[offset] == '-' && text[offset + 1] == '-')
        {
          const char *newline = memchr (text + offset, '\n', end - offset);

          offset = newline != NULL ? (gsize) (newline - text) + 1 : end;
        }
      else if (offset + 1 < end && text[offset] == '/' && text[offset + 1] == '*')
        {
          guint depth = 1;

          offset += 2;
          while (offset < end && depth > 0)
            {
              if (offset + 1 < end && text[offset] == '/' && text[offset + 1] == '*')
                depth++, offset += 2;
              else if (offset + 1 < end && text[offset] == '*' && text[offset + 1] == '/')
                depth--, offset += 2;
              else
                offset++;
            }
        }
      else
        break;
    }

  return offset;
}

static gsize
trim_end (const char *text,
          gsize       start,
          gsize       end)
{
  while (end > start && g_ascii_isspace (text[end - 1]))
    end--;
  return end;
}

static guint
line_of (Run   *run,
         gsize  offset)
{
  return run->lines.first_line + line_index_find (&run->lines, MIN (offset, run->lines.length));
}

/* Runs the rules over one statement's parse tree @node.  @base: where
 * the text the tree's locations count from starts; @start, @end: the
 * statement. */
static void
run_statement (Run                 *run,
               const PgQuery__Node *node,
               gsize                base,
               gsize                start,
               gsize                end)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_lint_hit_free);
  SluiceLintStatement statement = { 0 };
  guint first_line, last_line;
  gboolean was_in_block = run->state.in_transaction_block;

  statement.state = &run->state;
  statement.node = node;
  statement.hits = hits;

  _sluice_lint_rules_check (&statement);

  if (!was_in_block && run->state.in_transaction_block)
    run->transaction_block_start = start;

  if (hits->len == 0)
    return;

  first_line = line_of (run, start);
  last_line = line_of (run, end > start ? end - 1 : start);

  for (guint i = 0; i < hits->len; i++)
    {
      SluiceLintHit *hit = g_ptr_array_index (hits, i);
      gsize offset = hit->location >= 0 ? base + (gsize) hit->location : start;

      /* A location outside the statement would be a parser quirk. */
      if (offset < start || offset > end)
        offset = start;

      run_add (run, hit->rule, offset, first_line, last_line, statement.lock,
               g_steal_pointer (&hit->message), g_steal_pointer (&hit->why),
               g_steal_pointer (&hit->rewrite));
    }
}

static void
run_syntax_error (Run        *run,
                  gsize       offset,
                  gsize       statement_start,
                  gsize       statement_end,
                  const char *detail)
{
  g_autofree char *valid = g_utf8_make_valid (detail, -1);

  run_add (run, "syntax-error", offset, line_of (run, statement_start), line_of (run, statement_end),
           SLUICE_LOCK_NONE,
           g_strdup_printf (_("PostgreSQL’s parser stops here: %s."), valid),
           g_strdup (_("The migration would fail at this statement, after the statements before it ran.")),
           g_strdup (_("Fix the statement; the lint did not check it.")));
}

/* Runs the rules over one statement of a parse tree; FALSE when its
 * place in the text makes no sense. */
static gboolean
run_raw_statement (Run                    *run,
                   const PgQuery__RawStmt *raw,
                   gsize                   base,
                   gsize                   text_end)
{
  gsize start, end;

  if (raw->stmt == NULL || raw->stmt_location < 0 || raw->stmt_len < 0)
    return FALSE;

  /* SELECT, INSERT, CREATE FUNCTION ...: no rule looks at them. */
  if (!_sluice_lint_rules_wanted (raw->stmt->node_case))
    return TRUE;

  /* stmt_len 0: up to the end of the text. */
  start = MIN (base + (gsize) raw->stmt_location, text_end);
  end = raw->stmt_len > 0 ? MIN (start + (gsize) raw->stmt_len, text_end) : text_end;
  end = trim_end (run->lines.text, start, end);
  start = skip_blanks (run->lines.text, start, end);

  run_statement (run, raw->stmt, base, start, end);
  return TRUE;
}

/* Runs each statement of @parse_tree (libpg_query's protobuf); FALSE when
 * it cannot be read. */
static gboolean
run_parse_tree (Run                   *run,
                const PgQueryProtobuf *parse_tree,
                gsize                  base,
                gsize                  text_end)
{
  PgQuery__ParseResult *result;
  gboolean read = TRUE;

  result = pg_query__parse_result__unpack (_sluice_lint_allocator_get (run->allocator),
                                           parse_tree->len, (const uint8_t *) parse_tree->data);

  for (size_t i = 0; result != NULL && i < result->n_stmts && read; i++)
    read = run_raw_statement (run, result->stmts[i], base, text_end);

  /* The hits hold copies: the tree is not needed any more (a failed
   * unpack may have left some of it behind too). */
  _sluice_lint_allocator_reset (run->allocator);
  return result != NULL && read;
}

/* The parser refused the text: split it and parse each statement alone. */
static void
run_statement_by_statement (Run        *run,
                            const char *sql)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  guint error_line = 0;

  statements = _sluice_sql_split_at (sql, 1, &error_line, &error);

  if (statements == NULL)
    {
      gsize offset = 0;

      if (error_line > 0 && error_line - 1 < run->lines.starts->len)
        offset = g_array_index (run->lines.starts, gsize, error_line - 1);
      run_syntax_error (run, offset, offset, offset, error->message);
      return;
    }

  for (guint i = 0; i < statements->len; i++)
    {
      SluiceStatement *statement = g_ptr_array_index (statements, i);
      gsize start = statement->offset;
      gsize end = start + strlen (statement->text);
      PgQueryProtobufParseResult result = pg_query_parse_protobuf (statement->text);

      if (result.error != NULL)
        {
          gsize offset = result.error->cursorpos > 0 ? start + (gsize) result.error->cursorpos - 1 : start;

          run_syntax_error (run, MIN (offset, end), start, end, result.error->message);
        }
      else
        run_parse_tree (run, &result.parse_tree, start, end);

      pg_query_free_protobuf_parse_result (result);
    }
}

static void
run_text (Run        *run,
          const char *sql)
{
  PgQueryProtobufParseResult result = pg_query_parse_protobuf (sql);

  if (result.error == NULL && run_parse_tree (run, &result.parse_tree, 0, run->lines.length))
    {
      pg_query_free_protobuf_parse_result (result);
      return;
    }

  pg_query_free_protobuf_parse_result (result);
  run_statement_by_statement (run, sql);
}

static void
run_check_open_block (Run *run)
{
  gsize start = run->transaction_block_start;

  if (!run->state.in_transaction_block)
    return;

  run_add (run, "uncommitted-transaction", start, line_of (run, start), line_of (run, start),
           SLUICE_LOCK_NONE,
           g_strdup (_("This BEGIN has no COMMIT before the end of the migration.")),
           g_strdup (_("The transaction stays open when the migration ends: its locks are kept and "
                       "its changes are rolled back when the session closes.")),
           g_strdup (_("End the block with COMMIT, or leave out BEGIN and let the tool run the migration "
                       "in its transaction.")));
}

GPtrArray *
sluice_lint_check_sql (SluiceLint             *self,
                       const char             *sql,
                       const SluiceLintSource *source)
{
  static const SluiceLintSource no_source = { NULL, 1, FALSE };
  const char *invalid = NULL;
  gsize length;
  Run run;

  g_return_val_if_fail (SLUICE_IS_LINT (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (source == NULL)
    source = &no_source;

  length = strlen (sql);
  run = (Run) {
    .config = self->config,
    .source = source,
    .findings = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_lint_finding_free),
    .allocator = _sluice_lint_allocator_new (),
  };

  line_index_init (&run.lines, sql, length, source->first_line);
  ignores_init (&run.ignores);
  _sluice_lint_state_init (&run.state);
  run.state.server_version = sluice_lint_config_get_server_version (self->config);
  run.state.transactional = source->transactional;
  run.state.runner_sets_lock_timeout = sluice_lint_config_get_runner_sets_lock_timeout (self->config);

  if (!g_utf8_validate (sql, length, &invalid))
    {
      /* Positions count characters: find the line on bytes, start it there. */
      gsize offset = g_array_index (run.lines.starts, gsize, line_index_find (&run.lines, invalid - sql));

      run_syntax_error (&run, offset, offset, offset, _("this line is not valid UTF-8 text"));
    }
  else
    {
      ignores_read (&run.ignores, &run.lines);
      run_text (&run, sql);
      run_check_open_block (&run);
    }

  _sluice_lint_state_clear (&run.state);
  _sluice_lint_allocator_free (run.allocator);
  ignores_clear (&run.ignores);
  line_index_clear (&run.lines);

  return run.findings;
}

GPtrArray *
sluice_lint_check_file (SluiceLint  *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  const char *invalid = NULL;
  SluiceLintSource source = { path, 1, FALSE };
  gsize length;

  g_return_val_if_fail (SLUICE_IS_LINT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("Could not read %s: %s"), path, local_error->message);
      return NULL;
    }

  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, length, &invalid))
    {
      const char *bad = invalid != NULL ? invalid : memchr (contents, '\0', length);
      guint line = 1;

      for (const char *p = contents; p < bad; p++)
        line += *p == '\n';

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s, line %u: this is not SQL text (not valid UTF-8, or a NUL byte); nothing was linted."),
                   path, line);
      return NULL;
    }

  return sluice_lint_check_sql (self, contents, &source);
}

GPtrArray *
sluice_lint_check_migration (SluiceLint      *self,
                             SluiceMigration *migration)
{
  const char * const *files;
  SluiceLintSource source;
  const char *sql;

  g_return_val_if_fail (SLUICE_IS_LINT (self), NULL);
  g_return_val_if_fail (SLUICE_IS_MIGRATION (migration), NULL);

  files = sluice_migration_get_files (migration);
  sql = sluice_migration_get_up_sql (migration);
  source = (SluiceLintSource) {
    .file = files != NULL ? files[0] : NULL,
    .first_line = sluice_migration_get_up_line (migration),
    .transactional = sluice_migration_get_transactional (migration),
  };

  return sluice_lint_check_sql (self, sql != NULL ? sql : "", &source);
}

/* The object ------------------------------------------------------------------------ */

static void
sluice_lint_finalize (GObject *object)
{
  SluiceLint *self = (SluiceLint *)object;

  g_clear_pointer (&self->config, sluice_lint_config_unref);

  G_OBJECT_CLASS (sluice_lint_parent_class)->finalize (object);
}

static void
sluice_lint_constructed (GObject *object)
{
  SluiceLint *self = (SluiceLint *)object;

  G_OBJECT_CLASS (sluice_lint_parent_class)->constructed (object);

  if (self->config == NULL)
    self->config = sluice_lint_config_new (SLUICE_GUARD_CONFIRM);
}

static void
sluice_lint_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SluiceLint *self = SLUICE_LINT (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_lint_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SluiceLint *self = SLUICE_LINT (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_clear_pointer (&self->config, sluice_lint_config_unref);
      self->config = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_lint_class_init (SluiceLintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_lint_finalize;
  object_class->constructed = sluice_lint_constructed;
  object_class->get_property = sluice_lint_get_property;
  object_class->set_property = sluice_lint_set_property;

  properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL,
                        SLUICE_TYPE_LINT_CONFIG,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_lint_init (SluiceLint *self)
{
}

SluiceLint *
sluice_lint_new (SluiceLintConfig *config)
{
  return g_object_new (SLUICE_TYPE_LINT, "config", config, NULL);
}

SluiceLintConfig *
sluice_lint_get_config (SluiceLint *self)
{
  g_return_val_if_fail (SLUICE_IS_LINT (self), NULL);

  return self->config;
}
