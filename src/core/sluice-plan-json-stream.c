/* sluice-plan-json-stream.c: EXPLAIN (FORMAT JSON) read in one pass,
 * straight into plan nodes
 *
 * json-glib builds a JsonNode for every value of the text (and emits
 * signals for each) before the plan's reader walks them: for a
 * 10,000-node plan, nine megabytes of JSON, that is most of the time
 * spent.  This reader walks the text once and hands each member of a plan
 * node to _sluice_plan_node_apply_member() as it goes, with one reused
 * JsonNode a type; only values that are lists or objects ("Output",
 * "Workers", "JIT" ...) are built as small JsonNode trees.  The nodes'
 * nesting is kept on a stack of our own, not in recursion.
 *
 * It is the fast path, not a second judge: it accepts only what it is
 * sure json-glib and SluiceJsonReader accept and read the same way (strict
 * JSON, UTF-8, no duplicate members, numbers that fit), and gives up on
 * anything else, including every plan it finds wrong.  The caller then
 * reads the text again the careful way, which takes or refuses it with
 * the usual error and line.  So what it builds is what the careful path
 * would have built, and every error still comes from one place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sluice-plan-private.h"
#include "sluice-plan-json-private.h"

/* Values nested inside a member ("Workers": [{"JIT": {...}}]) are read by
 * recursion; real plans go three levels deep there. */
#define MAX_VALUE_NESTING 32

/* Members without a field a node may hold before the duplicate check
 * gives up (and with it this reader); EXPLAIN (VERBOSE, BUFFERS, WAL,
 * SETTINGS) gives a few. */
#define MAX_OTHER_MEMBERS 64

typedef struct
{
  SluicePlanNode *node;
  /* The members read so far: those the node has a field for by their
   * place in the table of names, the others by a hash of the name. */
  guint64         known_members[SLUICE_PLAN_MEMBER_SLOTS / 64];
  guint64         other_hashes[MAX_OTHER_MEMBERS];
  guint           n_others;
  guint           n_members;
  int             last_member;    /* its place, -1 unknown, -2 none yet */
  guint           n_children;
  gboolean        in_plans;
} Frame;

typedef struct
{
  const char *p;
  const char *end;
  guint       depth;      /* of [ and { open, as find_too_deep () counts */
  guint       max_depth;
  GString    *text;       /* the last string read, decoded */
  GString    *long_key;   /* a member name too long for the stack */
  /* Reused for each scalar member: json_node_set_*() on a node of the
   * same type keeps it (see sluice-plan-text-node.c). */
  JsonNode   *string;
  JsonNode   *real;
  JsonNode   *integer;
  JsonNode   *boolean;
  JsonNode   *null;
  /* EXPLAIN writes a node's members in the same order node after node:
   * the name that followed each one last time (by its place + 2; 0 for a
   * node's first, 1 after an unknown name), checked against the text
   * before a name is read and looked up the slow way. */
  int         next_member[SLUICE_PLAN_MEMBER_SLOTS + 2];
  const char *member_names[SLUICE_PLAN_MEMBER_SLOTS];
  gsize       member_lengths[SLUICE_PLAN_MEMBER_SLOTS];
} Stream;

/* Lexing ------------------------------------------------------------------ */

/* The blanks JSON allows besides the space: line feed, carriage return
 * and tab. */
static inline gboolean
is_blank_but_space (char c)
{
  return (guchar) c < 32 && ((1u << (guchar) c) & ((1u << '\n') | (1u << '\r') | (1u << '\t'))) != 0;
}

/* EXPLAIN's JSON is mostly indentation: a line break, then spaces, two a
 * level and two levels a node.  Runs of spaces are compared sixteen
 * bytes at a time; the other blanks end a run and are stepped over. */
static inline const char *
skip_blank_bytes (const char *p,
                  const char *end)
{
  for (;;)
    {
#ifdef __SSE2__
      const __m128i space = _mm_set1_epi8 (' ');

      while (end - p >= 16)
        {
          guint other = ~(guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_loadu_si128 ((const __m128i *) p), space)) & 0xffff;

          if (other != 0)
            {
              p += __builtin_ctz (other);
              break;
            }
          p += 16;
        }
#endif
      while (p < end && *p == ' ')
        p++;
      if (p >= end || !is_blank_but_space (*p))
        return p;
      p++;
    }
}

static inline void
skip_blanks (Stream *s)
{
  /* Between most tokens there is nothing, or one blank. */
  if (s->p < s->end && (guchar) *s->p > ' ')
    return;
  s->p = skip_blank_bytes (s->p, s->end);
}

/* g_string_append_len () without its call for each piece. */
static inline void
append_text (GString    *text,
             const char *data,
             gsize       length)
{
  if (text->len + length < text->allocated_len)
    {
      memcpy (text->str + text->len, data, length);
      text->len += length;
      text->str[text->len] = '\0';
    }
  else
    g_string_append_len (text, data, length);
}

/* The bytes of a string up to the first one that is not plain ASCII
 * text: its end, a backslash, a control character or a byte >= 0x80. */
static inline const char *
skip_plain (const char *p,
            const char *end)
{
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8 ('"');
  const __m128i backslash = _mm_set1_epi8 ('\\');
  const __m128i blank = _mm_set1_epi8 (0x20);

  while (end - p >= 16)
    {
      __m128i block = _mm_loadu_si128 ((const __m128i *) p);
      /* Signed: below 0x20 are the control characters and every byte
       * from 0x80 on. */
      __m128i stop = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (block, quote),
                                                 _mm_cmpeq_epi8 (block, backslash)),
                                   _mm_cmplt_epi8 (block, blank));
      guint mask = (guint) _mm_movemask_epi8 (stop);

      if (mask != 0)
        return p + __builtin_ctz (mask);
      p += 16;
    }
#endif
  while (p < end && (guchar) *p >= 0x20 && (guchar) *p < 0x80 && *p != '"' && *p != '\\')
    p++;
  return p;
}

/* @text as a string of its own in @buffer, which keeps it. */
static const char *
copy_into (GString    *buffer,
           const char *text,
           gsize       length)
{
  g_string_truncate (buffer, 0);
  g_string_append_len (buffer, text, length);
  return buffer->str;
}

static inline gboolean
take (Stream *s,
      char    c)
{
  skip_blanks (s);
  if (s->p < s->end && *s->p == c)
    {
      s->p++;
      return TRUE;
    }
  return FALSE;
}

static inline gboolean
open_nesting (Stream *s)
{
  return ++s->depth <= s->max_depth;
}

static gboolean
read_hex4 (const char *p,
           gunichar   *value)
{
  *value = 0;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return FALSE;
      *value = (*value << 4) | (gunichar) digit;
    }
  return TRUE;
}

/* A member name's fingerprint for the duplicate check: its length and
 * three eight-byte pieces.  Equal names always match; different names
 * that match only send the plan the careful way. */
static guint64
hash_text (const char *text,
           gsize       length)
{
  guint64 hash = length;
  guint64 piece = 0;

  if (length < 8)
    {
      memcpy (&piece, text, length);
      return (hash * 0x9e3779b97f4a7c15u) ^ piece;
    }

  memcpy (&piece, text, 8);
  hash = (hash * 0x9e3779b97f4a7c15u) ^ piece;
  memcpy (&piece, text + length / 2 - 4, 8);
  hash = (hash * 0x9e3779b97f4a7c15u) ^ piece;
  memcpy (&piece, text + length - 8, 8);
  hash = (hash * 0x9e3779b97f4a7c15u) ^ piece;
  return hash;
}

/* A string, s->p on its opening quote, decoded into s->text.  FALSE for anything strict JSON does not
 * allow, and for what the careful path refuses or changes: bytes that are
 * not UTF-8, "\u0000", surrogates (pairs included: they are rare enough to
 * leave to it). */
static gboolean
read_string (Stream *s)
{
  const char *p = s->p + 1;
  const char *end = s->end;
  const char *run = p;
  gboolean ascii = TRUE;

  g_string_truncate (s->text, 0);

  for (;;)
    {
      guchar c;

      p = skip_plain (p, end);
      if (p >= end)
        return FALSE;

      c = (guchar) *p;
      if (c >= 0x80)
        {
          ascii = FALSE;
          p++;
          continue;
        }
      if (c == '"')
        break;
      if (c != '\\')
        return FALSE;

      /* An escape: what came before it goes in first. */
      append_text (s->text, run, p - run);
      if (end - p < 2)
        return FALSE;

      switch (p[1])
        {
        case '"':  c = '"';  break;
        case '\\': c = '\\'; break;
        case '/':  c = '/';  break;
        case 'b':  c = '\b'; break;
        case 'f':  c = '\f'; break;
        case 'n':  c = '\n'; break;
        case 'r':  c = '\r'; break;
        case 't':  c = '\t'; break;
        case 'u':
          {
            gunichar value;
            char utf8[6];
            int n;

            if (end - p < 6 || !read_hex4 (p + 2, &value) ||
                value == 0 || (value >= 0xd800 && value <= 0xdfff))
              return FALSE;
            n = g_unichar_to_utf8 (value, utf8);
            g_string_append_len (s->text, utf8, n);
            p += 6;
            run = p;
            continue;
          }
        default:
          return FALSE;
        }

      g_string_append_c (s->text, (char) c);
      p += 2;
      run = p;
    }

  append_text (s->text, run, p - run);
  if (!ascii && !g_utf8_validate_len (s->text->str, s->text->len, NULL))
    return FALSE;

  s->p = p + 1;
  return TRUE;
}

/* A string, s->p on its opening quote, read where it lies when it is
 * plain ASCII with nothing escaped (EXPLAIN's member names always are, and
 * most of its values): *@text points into the input, @length bytes, not
 * NUL-terminated.  Otherwise it is decoded into s->text as read_string ()
 * does, and *@text points there. */
static gboolean
read_string_span (Stream      *s,
                  const char **text,
                  gsize       *length)
{
  const char *start = s->p + 1;
  const char *stop = skip_plain (start, s->end);

  if (stop < s->end && *stop == '"')
    {
      *text = start;
      *length = (gsize) (stop - start);
      s->p = stop + 1;
      return TRUE;
    }

  if (!read_string (s))
    return FALSE;
  *text = s->text->str;
  *length = s->text->len;
  return TRUE;
}

typedef enum
{
  NUMBER_NONE,
  NUMBER_INTEGER,
  NUMBER_REAL,
} NumberKind;

/* Exact powers of ten as doubles. */
static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The digits at @p, summed into *@mantissa (which wraps past 19 of
 * them: the caller counts them first). */
static inline const char *
read_digits (const char *p,
             const char *end,
             guint64    *mantissa)
{
  guint64 sum = *mantissa;

  for (; p < end && (guchar) (*p - '0') < 10; p++)
    sum = sum * 10 + (guint64) (*p - '0');
  *mantissa = sum;
  return p;
}

/* A number in JSON's grammar; integers of up to 18 digits (longer ones
 * are left to the careful path, which knows where 64 bits end) and finite
 * reals.  Read in one pass: the digits are checked and summed together. */
static NumberKind
read_number (Stream  *s,
             gint64  *integer,
             double  *real)
{
  const char *start = s->p;
  const char *p = s->p;
  const char *end = s->end;
  const char *integer_digits;
  gboolean negative = FALSE;
  guint64 mantissa = 0;      /* all the digits, while there are at most 19 */
  gsize n_digits;
  gsize n_fraction_digits = 0;
  gboolean has_exponent = FALSE;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }

  integer_digits = p;
  if (p < end && *p == '0')
    p++;
  else
    p = read_digits (p, end, &mantissa);
  n_digits = (gsize) (p - integer_digits);
  if (n_digits == 0)
    return NUMBER_NONE;

  if (p < end && *p == '.')
    {
      const char *fraction = ++p;

      p = read_digits (p, end, &mantissa);
      n_fraction_digits = (gsize) (p - fraction);
      if (n_fraction_digits == 0)
        return NUMBER_NONE;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      const char *exponent_digits;

      has_exponent = TRUE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      exponent_digits = p;
      while (p < end && g_ascii_isdigit (*p))
        p++;
      if (p == exponent_digits)
        return NUMBER_NONE;
    }

  /* "12abc" is not a number followed by something else. */
  if (p < end && (g_ascii_isalnum (*p) || *p == '.' || *p == '+' || *p == '-'))
    return NUMBER_NONE;

  s->p = p;

  if (n_fraction_digits == 0 && !has_exponent)
    {
      if (n_digits > 18)
        return NUMBER_NONE;
      *integer = negative ? -(gint64) mantissa : (gint64) mantissa;
      return NUMBER_INTEGER;
    }

  /* Most reals EXPLAIN prints ("0.010", "1234.56") have few digits: a
   * mantissa below 2^53 and a power of ten up to 22 are both exact
   * doubles, and one division rounds as strtod () does. */
  if (!has_exponent && n_digits + n_fraction_digits <= 19 &&
      mantissa <= (G_GUINT64_CONSTANT (1) << 53) && n_fraction_digits <= 22)
    {
      *real = (double) mantissa / powers_of_ten[n_fraction_digits];
      if (negative)
        *real = -*real;
      return NUMBER_REAL;
    }

  {
    char buffer[64];
    char *parsed_end = NULL;
    gsize length = (gsize) (p - start);

    if (length >= sizeof buffer)
      return NUMBER_NONE;
    memcpy (buffer, start, length);
    buffer[length] = '\0';
    *real = g_ascii_strtod (buffer, &parsed_end);
    if (parsed_end != buffer + length || !isfinite (*real))
      return NUMBER_NONE;
  }

  return NUMBER_REAL;
}

static gboolean
read_word (Stream     *s,
           const char *word,
           gsize       length)
{
  if ((gsize) (s->end - s->p) < length || memcmp (s->p, word, length) != 0)
    return FALSE;
  s->p += length;
  /* "truex" is no literal. */
  return s->p == s->end || !g_ascii_isalnum (*s->p);
}

/* Values ------------------------------------------------------------------ */

static JsonNode *read_value (Stream *s,
                             guint   nesting);

static JsonNode *
read_array (Stream *s,
            guint   nesting)
{
  g_autoptr(JsonArray) array = json_array_new ();

  s->p++;
  if (!open_nesting (s))
    return NULL;

  if (!take (s, ']'))
    {
      do
        {
          JsonNode *element = read_value (s, nesting + 1);

          if (element == NULL)
            return NULL;
          json_array_add_element (array, element);
        }
      while (take (s, ','));

      if (!take (s, ']'))
        return NULL;
    }

  s->depth--;
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
read_object (Stream *s,
             guint   nesting)
{
  g_autoptr(JsonObject) object = json_object_new ();

  s->p++;
  if (!open_nesting (s))
    return NULL;

  if (!take (s, '}'))
    {
      do
        {
          g_autofree char *key = NULL;
          JsonNode *value;

          skip_blanks (s);
          if (s->p >= s->end || *s->p != '"' || !read_string (s))
            return NULL;
          key = g_strndup (s->text->str, s->text->len);
          if (json_object_has_member (object, key) || !take (s, ':'))
            return NULL;

          value = read_value (s, nesting + 1);
          if (value == NULL)
            return NULL;
          json_object_set_member (object, key, value);
        }
      while (take (s, ','));

      if (!take (s, '}'))
        return NULL;
    }

  s->depth--;
  return json_node_init_object (json_node_alloc (), object);
}

/* Any value, built as a JsonNode (a new one, to unref). */
static JsonNode *
read_value (Stream *s,
            guint   nesting)
{
  gint64 integer;
  double real;

  skip_blanks (s);
  if (s->p >= s->end || nesting > MAX_VALUE_NESTING)
    return NULL;

  switch (*s->p)
    {
    case '{':
      return read_object (s, nesting);
    case '[':
      return read_array (s, nesting);
    case '"':
      if (!read_string (s))
        return NULL;
      return json_node_init_string (json_node_alloc (), s->text->str);
    case 't':
      return read_word (s, "true", 4) ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return read_word (s, "false", 5) ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return read_word (s, "null", 4) ? json_node_init_null (json_node_alloc ()) : NULL;
    default:
      switch (read_number (s, &integer, &real))
        {
        case NUMBER_INTEGER:
          return json_node_init_int (json_node_alloc (), integer);
        case NUMBER_REAL:
          return json_node_init_double (json_node_alloc (), real);
        case NUMBER_NONE:
        default:
          return NULL;
        }
    }
}

/* A scalar member's value in one of the reused nodes (borrowed), or a
 * list or object built for it (*@built, to unref). */
static JsonNode *
read_member_value (Stream    *s,
                   JsonNode **built)
{
  gint64 integer;
  double real;

  *built = NULL;
  skip_blanks (s);
  if (s->p >= s->end)
    return NULL;

  switch (*s->p)
    {
    case '{':
    case '[':
      *built = read_value (s, 0);
      return *built;
    case '"':
      if (!read_string (s))
        return NULL;
      json_node_set_string (s->string, s->text->str);
      return s->string;
    case 't':
      if (!read_word (s, "true", 4))
        return NULL;
      json_node_set_boolean (s->boolean, TRUE);
      return s->boolean;
    case 'f':
      if (!read_word (s, "false", 5))
        return NULL;
      json_node_set_boolean (s->boolean, FALSE);
      return s->boolean;
    case 'n':
      return read_word (s, "null", 4) ? s->null : NULL;
    default:
      switch (read_number (s, &integer, &real))
        {
        case NUMBER_INTEGER:
          json_node_set_int (s->integer, integer);
          return s->integer;
        case NUMBER_REAL:
          json_node_set_double (s->real, real);
          return s->real;
        case NUMBER_NONE:
        default:
          return NULL;
        }
    }
}

typedef enum
{
  SCALAR_APPLIED,   /* read and applied */
  SCALAR_OTHER,     /* nothing read: not a scalar the shortcuts take */
  SCALAR_INVALID,   /* not JSON: give up */
} ScalarResult;

/* A member's value, s->p before it, when it is a number, a string or a
 * boolean that _sluice_plan_node_try_*() takes.  When they do not, s->p
 * is put back for read_member_value () to read it again. */
static ScalarResult
try_scalar (Stream         *s,
            SluicePlanNode *node,
            int             member)
{
  const char *start;
  gint64 integer;
  double real;
  gboolean applied;

  skip_blanks (s);
  if (s->p >= s->end)
    return SCALAR_INVALID;

  if (member < 0)
    return SCALAR_OTHER;

  start = s->p;
  switch (*s->p)
    {
    case '"':
      {
        const char *text;
        gsize length;

        if (!read_string_span (s, &text, &length))
          return SCALAR_INVALID;
        applied = _sluice_plan_node_take_string (node, member, text, length);
        break;
      }
    case 't':
    case 'f':
      if (*s->p == 't' ? !read_word (s, "true", 4) : !read_word (s, "false", 5))
        return SCALAR_INVALID;
      applied = _sluice_plan_node_take_boolean (node, member, *start == 't');
      break;
    case '{':
    case '[':
    case 'n':
      return SCALAR_OTHER;
    default:
      switch (read_number (s, &integer, &real))
        {
        case NUMBER_INTEGER:
          applied = _sluice_plan_node_take_number (node, member, (double) integer);
          break;
        case NUMBER_REAL:
          applied = _sluice_plan_node_take_number (node, member, real);
          break;
        case NUMBER_NONE:
        default:
          return SCALAR_INVALID;
        }
    }

  if (applied)
    return SCALAR_APPLIED;
  s->p = start;
  return SCALAR_OTHER;
}

/* The plan's tree ---------------------------------------------------------- */

/* A member name seen twice in one node: json-glib keeps the last value,
 * this reader would apply both; leave such a node to the careful path.
 * (Equal hashes of different names give up too: harmless.) */
static gboolean
note_member (Frame      *frame,
             int         member,
             const char *key,
             gsize       key_length)
{
  guint64 hash;

  if (member >= 0)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << (member % 64);

      if ((frame->known_members[member / 64] & bit) != 0)
        return FALSE;
      frame->known_members[member / 64] |= bit;
      return TRUE;
    }

  hash = hash_text (key, key_length);
  if (frame->n_others >= MAX_OTHER_MEMBERS)
    return FALSE;
  for (guint i = 0; i < frame->n_others; i++)
    if (frame->other_hashes[i] == hash)
      return FALSE;
  frame->other_hashes[frame->n_others++] = hash;
  return TRUE;
}

static Frame *
push_node (SluicePlan     *plan,
           GArray         *stack,
           SluicePlanNode *parent)
{
  Frame *frame;

  g_array_set_size (stack, stack->len + 1);
  frame = &g_array_index (stack, Frame, stack->len - 1);
  frame->node = _sluice_plan_node_new (plan);
  memset (frame->known_members, 0, sizeof frame->known_members);
  frame->n_others = 0;
  frame->n_members = 0;
  frame->last_member = -2;
  frame->n_children = 0;
  frame->in_plans = FALSE;
  _sluice_plan_add_node (plan, frame->node, parent);
  return frame;
}

/* The member name at s->p (its opening quote), when it is the one that
 * followed @last_member last time: its place, with s->p moved past it.
 * -1 when it is not (s->p unmoved). */
static inline int
read_expected_name (Stream      *s,
                    int          last_member,
                    const char **key,
                    gsize       *key_length)
{
  int expected = s->next_member[last_member + 2];
  gsize length;

  if (expected < 0)
    return -1;
  length = s->member_lengths[expected];
  if ((gsize) (s->end - s->p) < length + 2 || s->p[length + 1] != '"' ||
      !_sluice_plan_same_bytes (s->p + 1, s->member_names[expected], length))
    return -1;

  *key = s->p + 1;
  *key_length = length;
  s->p += length + 2;
  return expected;
}

/* Remembers that @member followed @last_member. */
static inline void
note_member_order (Stream *s,
                   int     last_member,
                   int     member)
{
  if (member < 0 || s->next_member[last_member + 2] == member)
    return;
  if (s->member_names[member] == NULL)
    s->member_names[member] = _sluice_plan_member_name (member, &s->member_lengths[member]);
  s->next_member[last_member + 2] = member;
}

/* The tree, s->p on the root node's "{": each node is added as its "{" is
 * read, so the ids are in pre-order as the careful path gives them. */
static gboolean
read_tree (Stream     *s,
           SluicePlan *plan)
{
  g_autoptr(GArray) stack = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 32);
  Frame *frame;

  s->p++;
  if (!open_nesting (s))
    return FALSE;
  frame = push_node (plan, stack, NULL);

  while (stack->len > 0)
    {
      JsonNode *value;
      JsonNode *built;
      const char *problem = NULL;
      gboolean ok;

      frame = &g_array_index (stack, Frame, stack->len - 1);

      if (frame->in_plans)
        {
          SluicePlanNode *parent = frame->node;

          if (take (s, ']'))
            {
              frame->in_plans = FALSE;
              s->depth--;
              continue;
            }
          if (frame->n_children > 0 && !take (s, ','))
            return FALSE;
          if (!take (s, '{') || !open_nesting (s))
            return FALSE;
          frame->n_children++;
          push_node (plan, stack, parent);
          continue;
        }

      /* A member, or the end of the node: the blanks before either are
       * skipped once (this runs for every member of every node). */
      skip_blanks (s);
      if (s->p >= s->end)
        return FALSE;
      if (*s->p == '}')
        {
          if (frame->node->node_type == NULL)
            return FALSE;
          s->p++;
          s->depth--;
          g_array_set_size (stack, stack->len - 1);
          continue;
        }
      if (frame->n_members > 0)
        {
          if (*s->p != ',')
            return FALSE;
          s->p++;
          skip_blanks (s);
        }

      {
        /* The name is mostly read where it lies; one decoded into s->text
         * is kept aside while the value is read. */
        char key_buffer[128];
        const char *key;
        gsize key_length;
        int member;

        if (s->p >= s->end || *s->p != '"')
          return FALSE;
        member = read_expected_name (s, frame->last_member, &key, &key_length);
        if (member < 0)
          {
            if (!read_string_span (s, &key, &key_length))
              return FALSE;
            member = _sluice_plan_member_find (key, key_length);
            note_member_order (s, frame->last_member, member);
          }
        if (!note_member (frame, member, key, key_length))
          return FALSE;
        frame->n_members++;
        frame->last_member = member;
        if (key == s->text->str)
          {
            if (key_length < sizeof key_buffer)
              key = memcpy (key_buffer, key, key_length + 1);
            else
              key = copy_into (s->long_key, key, key_length);
          }

        /* The colon mostly follows the name at once. */
        if (s->p < s->end && *s->p == ':')
          s->p++;
        else if (!take (s, ':'))
          return FALSE;

        if (key_length == 5 && memcmp (key, "Plans", 5) == 0)
          {
            if (!take (s, '[') || !open_nesting (s))
              return FALSE;
            frame->in_plans = TRUE;
            continue;
          }

        /* Most values are numbers and strings of known members: applied
         * straight, with no JsonNode set and read back. */
        switch (try_scalar (s, frame->node, member))
          {
          case SCALAR_APPLIED:
            continue;
          case SCALAR_INVALID:
            return FALSE;
          case SCALAR_OTHER:
          default:
            break;
          }

        /* The general path wants the name as a string of its own. */
        if (key != key_buffer && key != s->long_key->str)
          {
            if (key_length < sizeof key_buffer)
              {
                memcpy (key_buffer, key, key_length);
                key_buffer[key_length] = '\0';
                key = key_buffer;
              }
            else
              key = copy_into (s->long_key, key, key_length);
          }

        value = read_member_value (s, &built);
        if (value == NULL)
          return FALSE;
        ok = _sluice_plan_node_apply_member (frame->node, key, value, &problem);
        g_clear_pointer (&built, json_node_unref);
        if (!ok)
          return FALSE;
      }
    }

  return TRUE;
}

typedef struct
{
  char     *key;
  JsonNode *value;
} Member;

static void
member_clear (gpointer data)
{
  Member *member = data;

  g_free (member->key);
  g_clear_pointer (&member->value, json_node_unref);
}

/* {"Plan": {...}, "Planning Time": ...}, s->p on its "{".  The other
 * members are applied once the tree is in, in their order, as the careful
 * path does. */
static gboolean
read_explain_object (Stream     *s,
                     SluicePlan *plan)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (Member));
  gboolean has_plan = FALSE;

  g_array_set_clear_func (members, member_clear);

  s->p++;
  if (!open_nesting (s))
    return FALSE;

  if (take (s, '}'))
    return FALSE;

  do
    {
      Member member;

      skip_blanks (s);
      if (s->p >= s->end || *s->p != '"' || !read_string (s) || !take (s, ':'))
        return FALSE;

      if (g_str_equal (s->text->str, "Plan"))
        {
          if (has_plan)
            return FALSE;
          skip_blanks (s);
          if (s->p >= s->end || *s->p != '{' || !read_tree (s, plan))
            return FALSE;
          has_plan = TRUE;
          continue;
        }

      /* A saved plan file: the careful path reads those. */
      if (g_str_equal (s->text->str, "sluice_plan"))
        return FALSE;

      for (guint i = 0; i < members->len; i++)
        if (g_str_equal (g_array_index (members, Member, i).key, s->text->str))
          return FALSE;

      member.key = g_strndup (s->text->str, s->text->len);
      member.value = read_value (s, 1);
      g_array_append_val (members, member);
      if (member.value == NULL)
        return FALSE;
    }
  while (take (s, ','));

  if (!take (s, '}') || !has_plan)
    return FALSE;
  s->depth--;

  for (guint i = 0; i < members->len; i++)
    {
      Member *member = &g_array_index (members, Member, i);
      const char *problem = NULL;

      if (!_sluice_plan_apply_summary_member (plan, member->key, member->value, &problem))
        return FALSE;
    }

  return TRUE;
}

/* EXPLAIN's output: [ {...} ] (later elements read and left, as the
 * careful path does) or the object alone. */
static gboolean
read_explain (Stream     *s,
              SluicePlan *plan)
{
  skip_blanks (s);
  if (s->p >= s->end)
    return FALSE;

  if (*s->p == '{')
    {
      if (!read_explain_object (s, plan))
        return FALSE;
    }
  else if (*s->p == '[')
    {
      s->p++;
      if (!open_nesting (s))
        return FALSE;
      skip_blanks (s);
      if (s->p >= s->end || *s->p != '{' || !read_explain_object (s, plan))
        return FALSE;
      while (take (s, ','))
        {
          g_autoptr(JsonNode) ignored = read_value (s, 1);

          if (ignored == NULL)
            return FALSE;
        }
      if (!take (s, ']'))
        return FALSE;
      s->depth--;
    }
  else
    return FALSE;

  skip_blanks (s);
  return s->p == s->end;
}

SluicePlan *
_sluice_plan_parse_json_stream (const char *data,
                                gsize       length,
                                const char *source,
                                gsize       source_length,
                                guint       max_nesting)
{
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GString) text = g_string_sized_new (256);
  g_autoptr(GString) long_key = g_string_new (NULL);
  g_autoptr(JsonNode) string = json_node_init_string (json_node_alloc (), "");
  g_autoptr(JsonNode) real = json_node_init_double (json_node_alloc (), 0);
  g_autoptr(JsonNode) integer = json_node_init_int (json_node_alloc (), 0);
  g_autoptr(JsonNode) boolean = json_node_init_boolean (json_node_alloc (), FALSE);
  g_autoptr(JsonNode) null = json_node_init_null (json_node_alloc ());
  Stream s = {
    .p = data,
    .end = data + length,
    .max_depth = max_nesting,
    .text = text,
    .long_key = long_key,
    .string = string,
    .real = real,
    .integer = integer,
    .boolean = boolean,
    .null = null,
  };

  memset (s.next_member, 0xff, sizeof s.next_member);

  /* The plan keeps its source as a string, and a save reads the JSON
   * again from it: a NUL byte in it (outside what @data holds, in a psql
   * frame) would cut it short.  When the source is @data itself, the
   * reader below gives up on a NUL wherever it is: no need to look twice
   * through megabytes. */
  if ((source != data || source_length != length) &&
      source_length > 0 && memchr (source, '\0', source_length) != NULL)
    return NULL;

  plan = _sluice_plan_new (SLUICE_PLAN_FORMAT_JSON, source, source_length);
  if (!read_explain (&s, plan))
    return NULL;

  _sluice_plan_finish (plan);
  return g_steal_pointer (&plan);
}
