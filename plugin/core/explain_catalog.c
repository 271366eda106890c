/* explain_catalog.c - the narrative texts, by id, voice and language.
 *
 * Reading a key file (annotations/README.md has the format and rules) is
 * three passes, each reporting the first problem in file order as one
 * line "origin:line: [group] key: problem":
 *  1. a line scan (syntax, UTF-8, text ids, keys, duplicates), which also
 *     records the line of every group and key, since GKeyFile reports no
 *     line numbers; it accepts a subset of what GKeyFile accepts, so a
 *     file that passes it parses the same way in GKeyFile;
 *  2. GKeyFile parses the text and unescapes each value, which is then
 *     checked (length, braces, placeholder names);
 *  3. every translation must keep the placeholders of its English text.
 * An override is read the same way into a temporary, checked against the
 * catalog (known ids, placeholders kept) and only then applied.
 *
 * The catalog is a hash table from text id to a group holding, per voice,
 * a short array of (locale, text). A lookup hashes the id once, splits the
 * requested locale in place and scans those arrays: no allocation.
 * Lookup order for voice V and locale ll_CC@variant (codeset ignored):
 *   V[ll_CC@variant], V[ll@variant], V[ll_CC], V[ll],
 *   then, when V is brief or story, teaching in the same locales,
 *   then V in English (the unlocalized key), then teaching in English.
 * The reader's language wins over the voice: a Spanish reader asking for
 * the brief voice gets the Spanish teaching text before the English brief
 * one. Empty values are never stored, so they always fall back.
 *
 * The narrative asks for the same hundred-odd ids for every packet, so the
 * catalog also keeps those lookups done: explain_catalog_resolve() fills,
 * once per list of ids and language, a table of texts for every voice,
 * and hands it out again for a comparison of the language string. A
 * merge, which may change any text, drops these tables.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_catalog.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "explain_catalog_builtin.h"
#include "explain_file.h"
#include "explain_placeholders.h"
#include "explain_template.h"

/* A locale split into its parts; pointers into the locale string. */
typedef struct {
    const char *lang;
    size_t      lang_len;
    const char *territory;
    size_t      territory_len;
    const char *variant;
    size_t      variant_len;
} locale_parts_t;

typedef struct {
    char          *locale;   /* "" for English */
    locale_parts_t parts;    /* of locale */
    char          *text;     /* never empty */
} catalog_text_t;

typedef struct {
    char   *id;
    GArray *texts[EXPLAIN_VOICE_COUNT];   /* catalog_text_t */
} catalog_group_t;

/* One list of ids resolved in one language, for every voice. */
typedef struct {
    const char *const *ids;       /* the caller's static array */
    size_t             count;
    char              *language;  /* as asked for; "" for NULL */
    const char       **texts;     /* [voice * count + i], owned by the groups */
} catalog_resolved_t;

/* The resolved lists of a catalog. Entries are added under lock and
 * published with an atomic store; readers scan without the lock. Slots
 * fill in order and are only emptied when the catalog changes. */
typedef struct {
    GMutex              lock;
    catalog_resolved_t *slots[EXPLAIN_CATALOG_RESOLVED_MAX];
} catalog_cache_t;

struct explain_catalog {
    GHashTable      *groups;   /* id (owned by the group) -> catalog_group_t */
    catalog_cache_t *cache;    /* a pointer: filled through a const catalog */
};

static const char *const voice_keys[EXPLAIN_VOICE_COUNT] = { "brief", "teaching", "story" };

/* "brief", "teaching" or "story"; NULL for a value outside the enum. */
const char *explain_voice_key(explain_voice_t voice)
{
    if ((int)voice < 0 || voice >= EXPLAIN_VOICE_COUNT) {
        return NULL;
    }
    return voice_keys[voice];
}

/* ==== reading and checking one key file =================================== */

/* Limits, documented in annotations/README.md. */
#define KF_MAX_TEXT   4096u               /* bytes per text, after unescaping */
#define KF_MAX_ID     128u                /* bytes per text id */
#define KF_MAX_FILE   (16u * 1024u * 1024u) /* bytes per file */

/* One [group] header, in file order. */
typedef struct {
    const char *name;
    uint32_t    line;
} kf_group_t;

/* One "voice[locale] = text" line, in file order. */
typedef struct {
    const char     *group;
    const char     *key;      /* as written: "teaching", "teaching[es]" */
    explain_voice_t voice;
    const char     *locale;   /* "" for the English (unlocalized) key */
    uint32_t        line;
    const char     *text;     /* unescaped; NULL when the value is empty */
} kf_text_t;

/* A parsed, checked key file. All strings live as long as it does. */
typedef struct {
    GArray       *groups;     /* kf_group_t */
    GArray       *texts;      /* kf_text_t */
    GStringChunk *strings;
} kf_t;

static void kf_free(kf_t *kf);

/* How much of a name, key or message is shown in an error. */
#define SHOWN_NAME_MAX    64u
#define SHOWN_ORIGIN_MAX  1024u
#define SHOWN_PROBLEM_MAX 1024u

static const char SYNTAX_PROBLEM[] =
    "expected a [text.id] line, a 'voice = text' line or a # comment";

/* ---- error messages ---------------------------------------------------- */

/* Appends s, at most max bytes of it (cut at a character boundary, then
 * "..."), with control characters and invalid UTF-8 bytes shown as '?'. */
static void append_clean(GString *out, const char *s, size_t max)
{
    size_t used = 0;
    const char *p = s;
    while (*p != '\0') {
        gunichar c = g_utf8_get_char_validated(p, -1);
        size_t clen = 1;
        bool printable = false;
        if (c != (gunichar)-1 && c != (gunichar)-2) {
            clen = (size_t)(g_utf8_next_char(p) - p);
            printable = c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) &&
                        c != 0x2028 && c != 0x2029;
        }
        if (used + clen > max) {
            g_string_append(out, "...");
            return;
        }
        if (printable) {
            g_string_append_len(out, p, (gssize)clen);
        } else {
            g_string_append_c(out, '?');
        }
        used += clen;
        p += clen;
    }
}

/* Sets *error (when error is not NULL) to "origin:line: [group] key: "
 * followed by the formatted problem. line 0 leaves out ":line", a NULL
 * group leaves out "[group]", a NULL key leaves out " key". Names are
 * shortened and control characters replaced so the message is one line. */
static void kf_set_error(char **error, const char *origin, uint32_t line,
                         const char *group, const char *key, const char *fmt, ...)
    G_GNUC_PRINTF(6, 7);

static void kf_set_error(char **error, const char *origin, uint32_t line,
                         const char *group, const char *key, const char *fmt, ...)
{
    if (error == NULL) {
        return;
    }
    GString *msg = g_string_new(NULL);
    append_clean(msg, origin != NULL ? origin : "(catalog)", SHOWN_ORIGIN_MAX);
    if (line > 0) {
        g_string_append_printf(msg, ":%" PRIu32, line);
    }
    g_string_append(msg, ": ");
    if (group != NULL) {
        g_string_append_c(msg, '[');
        append_clean(msg, group, SHOWN_NAME_MAX);
        g_string_append_c(msg, ']');
        if (key != NULL) {
            g_string_append_c(msg, ' ');
            append_clean(msg, key, SHOWN_NAME_MAX);
        }
        g_string_append(msg, ": ");
    }
    va_list ap;
    va_start(ap, fmt);
    char *problem = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    append_clean(msg, problem, SHOWN_PROBLEM_MAX);
    g_free(problem);
    *error = g_string_free(msg, FALSE);
}

/* ---- names --------------------------------------------------------------- */

static bool is_ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ascii_alnum(char c)
{
    return is_ascii_alpha(c) || (c >= '0' && c <= '9');
}

/* Text ids: letters, digits, '.', '_' and '-'. */
static bool group_name_valid(const char *s, size_t n)
{
    if (n == 0 || n > KF_MAX_ID) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_ascii_alnum(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-') {
            return false;
        }
    }
    return true;
}

/* Counts a run of bytes matching pred, at most max + 1 of them. */
static size_t span(const char *s, size_t n, bool (*pred)(char), size_t max)
{
    size_t i = 0;
    while (i < n && i <= max && pred(s[i])) {
        i++;
    }
    return i;
}

/* Locales in keys: ll[_CC][@variant], as in "es", "es_AR", "pt_BR",
 * "sr@latin", "es_419". No codeset: texts are always UTF-8. */
static bool locale_valid(const char *s, size_t n)
{
    size_t i = span(s, n, is_ascii_alpha, 8);
    if (i < 2 || i > 8) {
        return false;
    }
    if (i < n && s[i] == '_') {
        size_t t = span(s + i + 1, n - i - 1, is_ascii_alnum, 8);
        if (t < 2 || t > 8) {
            return false;
        }
        i += 1 + t;
    }
    if (i < n && s[i] == '@') {
        size_t m = span(s + i + 1, n - i - 1, is_ascii_alnum, 16);
        if (m < 1 || m > 16) {
            return false;
        }
        i += 1 + m;
    }
    return i == n;
}

typedef enum { KEY_OK, KEY_UNKNOWN, KEY_BAD_LOCALE } key_kind_t;

/* Splits a key "voice" or "voice[locale]". */
static key_kind_t parse_key(const char *k, size_t n, explain_voice_t *voice,
                            const char **locale, size_t *locale_len)
{
    const char *bracket = memchr(k, '[', n);
    size_t vlen = bracket != NULL ? (size_t)(bracket - k) : n;
    bool found = false;
    for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
        const char *name = explain_voice_key((explain_voice_t)v);
        if (strlen(name) == vlen && memcmp(name, k, vlen) == 0) {
            *voice = (explain_voice_t)v;
            found = true;
        }
    }
    if (!found) {
        return KEY_UNKNOWN;
    }
    if (bracket == NULL) {
        *locale = "";
        *locale_len = 0;
        return KEY_OK;
    }
    if (k[n - 1] != ']' || memchr(bracket + 1, '[', n - vlen - 1) != NULL) {
        return KEY_UNKNOWN;
    }
    *locale = bracket + 1;
    *locale_len = n - vlen - 2;
    return locale_valid(*locale, *locale_len) ? KEY_OK : KEY_BAD_LOCALE;
}

/* ---- pass 1: the line scan ------------------------------------------------ */

typedef struct {
    const char  *origin;
    char       **error;
    kf_t        *kf;
    GHashTable  *group_lines;   /* name -> line */
    GHashTable  *key_lines;     /* "group\x1fvoice\x1flocale" (lower case) -> line */
    const char  *group;         /* the current group, in kf->strings */
} line_scan_t;

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_blank_or_comment(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && g_ascii_isspace(s[i])) {
        i++;
    }
    return i == n || s[i] == '#';
}

static bool scan_group_line(line_scan_t *ls, uint32_t line, const char *s, size_t n, bool utf8)
{
    const char *close = memchr(s, ']', n);
    size_t after = close != NULL ? (size_t)(close - s) + 1 : n;
    if (close == NULL || span(s + after, n - after, is_blank, n) != n - after) {
        kf_set_error(ls->error, ls->origin, line, NULL, NULL, "%s",
                     utf8 ? SYNTAX_PROBLEM : "not valid UTF-8");
        return false;
    }
    if (!utf8) {
        kf_set_error(ls->error, ls->origin, line, NULL, NULL, "not valid UTF-8");
        return false;
    }
    const char *name = g_string_chunk_insert_len(ls->kf->strings, s + 1, (gssize)(after - 2));
    if (after - 2 > KF_MAX_ID) {
        kf_set_error(ls->error, ls->origin, line, name, NULL,
                     "text id longer than %u bytes", KF_MAX_ID);
        return false;
    }
    if (!group_name_valid(name, after - 2)) {
        kf_set_error(ls->error, ls->origin, line, name, NULL,
                     "a text id may only use letters, digits, '.', '_' and '-'");
        return false;
    }
    gpointer first = g_hash_table_lookup(ls->group_lines, name);
    if (first != NULL) {
        kf_set_error(ls->error, ls->origin, line, name, NULL,
                     "group appears twice (first on line %u)", GPOINTER_TO_UINT(first));
        return false;
    }
    g_hash_table_insert(ls->group_lines, (gpointer)name, GUINT_TO_POINTER(line));
    kf_group_t g = { name, line };
    g_array_append_val(ls->kf->groups, g);
    ls->group = name;
    return true;
}

static bool scan_key_line(line_scan_t *ls, uint32_t line, const char *s, const char *eq,
                          const char *bad_utf8)
{
    size_t klen = (size_t)(eq - s);
    while (klen > 0 && is_blank(s[klen - 1])) {
        klen--;
    }
    if (klen == 0) {
        kf_set_error(ls->error, ls->origin, line, NULL, NULL, "%s",
                     bad_utf8 != NULL ? "not valid UTF-8" : SYNTAX_PROBLEM);
        return false;
    }
    if (bad_utf8 != NULL && bad_utf8 < s + klen) {
        kf_set_error(ls->error, ls->origin, line, NULL, NULL, "not valid UTF-8");
        return false;
    }
    const char *key = g_string_chunk_insert_len(ls->kf->strings, s, (gssize)klen);
    if (ls->group == NULL) {
        kf_set_error(ls->error, ls->origin, line, NULL, NULL,
                     "'%s' comes before any [text.id] line", key);
        return false;
    }
    if (bad_utf8 != NULL) {
        kf_set_error(ls->error, ls->origin, line, ls->group, key, "text is not valid UTF-8");
        return false;
    }
    explain_voice_t voice = EXPLAIN_VOICE_TEACHING;
    const char *loc = NULL;
    size_t loc_len = 0;
    switch (parse_key(key, klen, &voice, &loc, &loc_len)) {
    case KEY_UNKNOWN:
        kf_set_error(ls->error, ls->origin, line, ls->group, key,
                     "unknown key (expected brief, teaching or story, "
                     "optionally followed by [locale])");
        return false;
    case KEY_BAD_LOCALE:
        kf_set_error(ls->error, ls->origin, line, ls->group, key,
                     "locale must look like ll, ll_CC or ll_CC@variant (e.g. es, pt_BR)");
        return false;
    case KEY_OK:
        break;
    }
    const char *locale = g_string_chunk_insert_len(ls->kf->strings, loc, (gssize)loc_len);
    char *lower = g_ascii_strdown(locale, -1);
    char *dup_key = g_strdup_printf("%s\x1f%d\x1f%s", ls->group, (int)voice, lower);
    g_free(lower);
    gpointer first = g_hash_table_lookup(ls->key_lines, dup_key);
    if (first != NULL) {
        g_free(dup_key);
        kf_set_error(ls->error, ls->origin, line, ls->group, key,
                     "defined twice (first on line %u)", GPOINTER_TO_UINT(first));
        return false;
    }
    g_hash_table_insert(ls->key_lines, dup_key, GUINT_TO_POINTER(line));
    kf_text_t t = { ls->group, key, voice, locale, line, NULL };
    g_array_append_val(ls->kf->texts, t);
    return true;
}

static bool scan_line(line_scan_t *ls, uint32_t line, const char *s, size_t n)
{
    const char *bad = NULL;
    bool utf8 = g_utf8_validate_len(s, n, &bad);
    if (is_blank_or_comment(s, n)) {
        if (!utf8) {
            kf_set_error(ls->error, ls->origin, line, NULL, NULL, "not valid UTF-8");
        }
        return utf8;
    }
    size_t lead = span(s, n, is_blank, n);
    s += lead;
    n -= lead;
    if (s[0] == '[') {
        return scan_group_line(ls, line, s, n, utf8);
    }
    const char *eq = memchr(s, '=', n);
    if (eq == NULL) {
        kf_set_error(ls->error, ls->origin, line, NULL, NULL, "%s",
                     utf8 ? SYNTAX_PROBLEM : "not valid UTF-8");
        return false;
    }
    return scan_key_line(ls, line, s, eq, utf8 ? NULL : bad);
}

static bool scan_lines(line_scan_t *ls, const char *data, size_t len)
{
    uint32_t line = 0;
    size_t pos = 0;
    while (pos < len) {
        line++;
        const char *start = data + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl != NULL ? (size_t)(nl - start) : len - pos;
        pos += n + (nl != NULL ? 1u : 0u);
        if (n > 0 && start[n - 1] == '\r') {
            n--;
        }
        if (!scan_line(ls, line, start, n)) {
            return false;
        }
    }
    return true;
}

/* ---- pass 2: values -------------------------------------------------------- */

typedef struct {
    const char *name;
    size_t      len;
} unknown_name_t;

static void find_unknown(void *ctx, const char *name, size_t len)
{
    unknown_name_t *u = ctx;
    if (u->name == NULL && !explain_placeholder_known(name, len)) {
        u->name = name;
        u->len = len;
    }
}

/* The problem with the brace at offset off of text, which
 * explain_template_scan rejected. */
static void describe_bad_brace(line_scan_t *ls, const kf_text_t *t,
                               const char *text, size_t off)
{
    long at = g_utf8_pointer_to_offset(text, text + off) + 1;
    const char *what;
    const char *hint = "write '{{' for a literal brace";
    if (text[off] == '}') {
        what = "lone '}'";
        hint = "write '}}' for a literal brace";
    } else if (text[off + 1] == '}') {
        what = "empty placeholder {}";
    } else if (strchr(text + off + 1, '}') == NULL) {
        what = "unclosed '{'";
    } else {
        what = "malformed placeholder (a name is letters, digits and '_')";
    }
    kf_set_error(ls->error, ls->origin, t->line, t->group, t->key,
                 "%s at character %ld (%s)", what, at, hint);
}

/* Checks one unescaped value; stores it in t->text (NULL when empty). */
static bool check_value(line_scan_t *ls, kf_text_t *t, const char *value)
{
    size_t len = strlen(value);
    if (len == 0) {
        t->text = NULL;
        return true;
    }
    if (len > KF_MAX_TEXT) {
        kf_set_error(ls->error, ls->origin, t->line, t->group, t->key,
                     "text is %zu bytes, at most %u", len, KF_MAX_TEXT);
        return false;
    }
    if (!g_utf8_validate(value, (gssize)len, NULL)) {
        kf_set_error(ls->error, ls->origin, t->line, t->group, t->key,
                     "text is not valid UTF-8");
        return false;
    }
    size_t bad = 0;
    unknown_name_t unknown = { NULL, 0 };
    if (!explain_template_scan(value, find_unknown, &unknown, &bad)) {
        describe_bad_brace(ls, t, value, bad);
        return false;
    }
    if (unknown.name != NULL) {
        kf_set_error(ls->error, ls->origin, t->line, t->group, t->key,
                     "unknown placeholder {%.*s} (see annotations/README.md)",
                     (int)MIN(unknown.len, (size_t)SHOWN_NAME_MAX), unknown.name);
        return false;
    }
    t->text = g_string_chunk_insert_len(ls->kf->strings, value, (gssize)len);
    return true;
}

static bool read_values(line_scan_t *ls, const char *data, size_t len)
{
    if (ls->kf->texts->len == 0) {
        return true;
    }
    GKeyFile *gkf = g_key_file_new();
    GError *gerr = NULL;
    bool ok = g_key_file_load_from_data(gkf, data, len, G_KEY_FILE_KEEP_TRANSLATIONS, &gerr);
    if (!ok) {
        /* Not expected: the line scan rejects what GKeyFile rejects. */
        kf_set_error(ls->error, ls->origin, 0, NULL, NULL, "%s", gerr->message);
        g_clear_error(&gerr);
    }
    for (guint i = 0; ok && i < ls->kf->texts->len; i++) {
        kf_text_t *t = &g_array_index(ls->kf->texts, kf_text_t, i);
        /* On a bad escape GLib returns a value and sets the error too. */
        char *value = g_key_file_get_string(gkf, t->group, t->key, &gerr);
        if (value == NULL || gerr != NULL) {
            bool escape = gerr == NULL ||
                          g_error_matches(gerr, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
            kf_set_error(ls->error, ls->origin, t->line, t->group, t->key, "%s",
                         escape ? "invalid escape sequence (write \\\\ for a backslash)"
                                : gerr->message);
            g_clear_error(&gerr);
            g_free(value);
            ok = false;
            break;
        }
        ok = check_value(ls, t, value);
        g_free(value);
    }
    g_key_file_free(gkf);
    return ok;
}

/* ---- pass 3: translations keep the English placeholders ------------------- */

static void add_name(void *ctx, const char *name, size_t len)
{
    g_hash_table_add(ctx, g_strndup(name, len));
}

typedef struct {
    GHashTable *have;
    GString    *missing;
    bool        found;
} keep_check_t;

static void check_kept(void *ctx, const char *name, size_t len)
{
    keep_check_t *k = ctx;
    if (k->found) {
        return;
    }
    char *n = g_strndup(name, len);
    if (!g_hash_table_contains(k->have, n)) {
        k->found = true;
        g_string_append_len(k->missing, name, (gssize)MIN(len, (size_t)SHOWN_NAME_MAX));
    }
    g_free(n);
}

/* True when text uses every placeholder reference uses. Otherwise false,
 * with the first missing name (shortened) appended to missing. Both
 * templates must be well formed. */
static bool kf_keeps_placeholders(const char *text, const char *reference, GString *missing)
{
    keep_check_t k = { g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), missing, false };
    explain_template_scan(text, add_name, k.have, NULL);
    explain_template_scan(reference, check_kept, &k, NULL);
    g_hash_table_destroy(k.have);
    return !k.found;
}

static bool check_translations(line_scan_t *ls)
{
    GHashTable *english = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GArray *texts = ls->kf->texts;
    for (guint i = 0; i < texts->len; i++) {
        const kf_text_t *t = &g_array_index(texts, kf_text_t, i);
        if (t->locale[0] == '\0' && t->text != NULL) {
            g_hash_table_insert(english, g_strdup_printf("%s\x1f%d", t->group, (int)t->voice),
                                (gpointer)t->text);
        }
    }
    bool ok = true;
    GString *missing = g_string_new(NULL);
    for (guint i = 0; ok && i < texts->len; i++) {
        const kf_text_t *t = &g_array_index(texts, kf_text_t, i);
        if (t->locale[0] == '\0' || t->text == NULL) {
            continue;
        }
        char *id = g_strdup_printf("%s\x1f%d", t->group, (int)t->voice);
        const char *ref = g_hash_table_lookup(english, id);
        g_free(id);
        if (ref != NULL && !kf_keeps_placeholders(t->text, ref, missing)) {
            kf_set_error(ls->error, ls->origin, t->line, t->group, t->key,
                         "drops placeholder {%s} used by the English text", missing->str);
            ok = false;
        }
    }
    g_string_free(missing, TRUE);
    g_hash_table_destroy(english);
    return ok;
}

/* ---- entry points ------------------------------------------------------------ */

/* Parses and checks len bytes of key-file text (a NUL byte anywhere is an
 * error). Every check that needs only the file itself is done: syntax,
 * UTF-8, group names, keys, duplicates, escapes, text length, braces,
 * unknown placeholders, and that a translation keeps the placeholders of
 * the English text of the same group and voice. On failure returns NULL
 * and sets *error (when error is not NULL) to one line. */
static kf_t *kf_parse(const char *data, size_t len, const char *origin, char **error)
{
    if (data == NULL) {
        len = 0;
        data = "";
    }
    if (len > KF_MAX_FILE) {
        kf_set_error(error, origin, 0, NULL, NULL, "file is %zu bytes, at most %u",
                     len, KF_MAX_FILE);
        return NULL;
    }
    /* A UTF-8 byte order mark, as some editors write, is not text. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }

    kf_t *kf = g_new0(kf_t, 1);
    kf->groups = g_array_new(FALSE, FALSE, sizeof(kf_group_t));
    kf->texts = g_array_new(FALSE, FALSE, sizeof(kf_text_t));
    kf->strings = g_string_chunk_new(4096);

    line_scan_t ls = {
        .origin = origin,
        .error = error,
        .kf = kf,
        .group_lines = g_hash_table_new(g_str_hash, g_str_equal),
        .key_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .group = NULL,
    };
    bool ok = scan_lines(&ls, data, len) && read_values(&ls, data, len) &&
              check_translations(&ls);
    g_hash_table_destroy(ls.group_lines);
    g_hash_table_destroy(ls.key_lines);
    if (!ok) {
        kf_free(kf);
        return NULL;
    }
    return kf;
}

/* Frees kf and every string it holds. NULL is fine. */
static void kf_free(kf_t *kf)
{
    if (kf == NULL) {
        return;
    }
    g_array_free(kf->groups, TRUE);
    g_array_free(kf->texts, TRUE);
    g_string_chunk_free(kf->strings);
    g_free(kf);
}

/* ==== the catalog ========================================================== */

/* ---- locales ------------------------------------------------------------------ */

/* Splits "ll_CC.codeset@variant" (every part but ll optional). */
static void locale_split(const char *s, locale_parts_t *p)
{
    memset(p, 0, sizeof(*p));
    if (s == NULL) {
        return;
    }
    size_t i = strcspn(s, "_.@");
    p->lang = s;
    p->lang_len = i;
    if (s[i] == '_') {
        p->territory = s + i + 1;
        p->territory_len = strcspn(p->territory, ".@");
        i += 1 + p->territory_len;
    }
    if (s[i] == '.') {
        i += strcspn(s + i, "@");
    }
    if (s[i] == '@') {
        p->variant = s + i + 1;
        p->variant_len = strlen(p->variant);
    }
}

static bool part_equal(const char *a, size_t a_len, const char *b, size_t b_len)
{
    return a_len == b_len && (a_len == 0 || g_ascii_strncasecmp(a, b, a_len) == 0);
}

static bool parts_equal(const locale_parts_t *a, const locale_parts_t *b)
{
    return part_equal(a->lang, a->lang_len, b->lang, b->lang_len) &&
           part_equal(a->territory, a->territory_len, b->territory, b->territory_len) &&
           part_equal(a->variant, a->variant_len, b->variant, b->variant_len);
}

static const char *find_exact(const GArray *texts, const locale_parts_t *want)
{
    for (guint i = 0; i < texts->len; i++) {
        const catalog_text_t *t = &g_array_index(texts, catalog_text_t, i);
        if (parts_equal(&t->parts, want)) {
            return t->text;
        }
    }
    return NULL;
}

/* The text for the most specific variant of req: ll_CC@v, ll@v, ll_CC, ll. */
static const char *find_localized(const GArray *texts, const locale_parts_t *req)
{
    for (int i = 0; i < 4; i++) {
        bool with_variant = i < 2;
        bool with_territory = (i % 2) == 0;
        if ((with_variant && req->variant_len == 0) ||
            (with_territory && req->territory_len == 0)) {
            continue;
        }
        locale_parts_t want = {
            req->lang, req->lang_len,
            with_territory ? req->territory : NULL, with_territory ? req->territory_len : 0,
            with_variant ? req->variant : NULL, with_variant ? req->variant_len : 0,
        };
        const char *text = find_exact(texts, &want);
        if (text != NULL) {
            return text;
        }
    }
    return NULL;
}

/* ---- storage ---------------------------------------------------------------------- */

static void text_clear(gpointer data)
{
    catalog_text_t *t = data;
    g_free(t->locale);
    g_free(t->text);
}

static void group_free(gpointer data)
{
    catalog_group_t *g = data;
    for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
        g_array_free(g->texts[v], TRUE);
    }
    g_free(g->id);
    g_free(g);
}

static explain_catalog_t *catalog_new_empty(void)
{
    explain_catalog_t *cat = g_new0(explain_catalog_t, 1);
    cat->groups = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, group_free);
    cat->cache = g_new0(catalog_cache_t, 1);
    g_mutex_init(&cat->cache->lock);
    return cat;
}

/* Drops every resolved list: the texts they point to may change or go. */
static void cache_clear(catalog_cache_t *cache)
{
    for (size_t i = 0; i < EXPLAIN_CATALOG_RESOLVED_MAX; i++) {
        catalog_resolved_t *e = cache->slots[i];
        if (e == NULL) {
            break;
        }
        g_free(e->language);
        g_free(e->texts);
        g_free(e);
        cache->slots[i] = NULL;
    }
}

static catalog_group_t *group_get(explain_catalog_t *cat, const char *id)
{
    catalog_group_t *g = g_hash_table_lookup(cat->groups, id);
    if (g == NULL) {
        g = g_new0(catalog_group_t, 1);
        g->id = g_strdup(id);
        for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
            g->texts[v] = g_array_new(FALSE, FALSE, sizeof(catalog_text_t));
            g_array_set_clear_func(g->texts[v], text_clear);
        }
        g_hash_table_insert(cat->groups, g->id, g);
    }
    return g;
}

/* Sets (adds or replaces) the text of one voice and locale. */
static void text_set(catalog_group_t *g, explain_voice_t voice, const char *locale,
                     const char *text)
{
    GArray *texts = g->texts[voice];
    locale_parts_t want;
    locale_split(locale, &want);
    for (guint i = 0; i < texts->len; i++) {
        catalog_text_t *t = &g_array_index(texts, catalog_text_t, i);
        if (parts_equal(&t->parts, &want)) {
            g_free(t->text);
            t->text = g_strdup(text);
            return;
        }
    }
    catalog_text_t t = { g_strdup(locale), { 0 }, g_strdup(text) };
    locale_split(t.locale, &t.parts);
    g_array_append_val(texts, t);
}

static void apply_texts(explain_catalog_t *cat, const kf_t *kf)
{
    cache_clear(cat->cache);
    for (guint i = 0; i < kf->texts->len; i++) {
        const kf_text_t *t = &g_array_index(kf->texts, kf_text_t, i);
        if (t->text != NULL) {
            text_set(group_get(cat, t->group), t->voice, t->locale, t->text);
        }
    }
}

/* ---- building --------------------------------------------------------------------- */

/* A new catalog from key-file text, or NULL with *error set to one line
 * "origin:line: [group] key: problem". */
explain_catalog_t *explain_catalog_new_from_data(const char *data, size_t len,
                                                 const char *origin, char **error)
{
    kf_t *kf = kf_parse(data, len, origin, error);
    if (kf == NULL) {
        return NULL;
    }
    explain_catalog_t *cat = catalog_new_empty();
    for (guint i = 0; i < kf->groups->len; i++) {
        group_get(cat, g_array_index(kf->groups, kf_group_t, i).name);
    }
    apply_texts(cat, kf);
    kf_free(kf);
    return cat;
}

/* The English text of one voice, without falling back to another voice. */
static const char *english_text(const explain_catalog_t *cat, const char *id,
                                explain_voice_t voice)
{
    const catalog_group_t *g = g_hash_table_lookup(cat->groups, id);
    if (g == NULL) {
        return NULL;
    }
    locale_parts_t english = { 0 };
    return find_exact(g->texts[voice], &english);
}

/* Checks an override against the catalog: known groups only, and every
 * text keeps the placeholders of the English text it overrides or
 * translates. */
static bool check_override(const explain_catalog_t *cat, const kf_t *kf,
                           const char *origin, char **error)
{
    for (guint i = 0; i < kf->groups->len; i++) {
        const kf_group_t *g = &g_array_index(kf->groups, kf_group_t, i);
        if (!g_hash_table_contains(cat->groups, g->name)) {
            kf_set_error(error, origin, g->line, g->name, NULL,
                         "unknown text id (an override can only change existing texts)");
            return false;
        }
    }
    bool ok = true;
    GString *missing = g_string_new(NULL);
    for (guint i = 0; ok && i < kf->texts->len; i++) {
        const kf_text_t *t = &g_array_index(kf->texts, kf_text_t, i);
        const char *ref = english_text(cat, t->group, t->voice);
        if (t->text != NULL && ref != NULL &&
            !kf_keeps_placeholders(t->text, ref, missing)) {
            kf_set_error(error, origin, t->line, t->group, t->key,
                         "drops placeholder {%s} used by the English text", missing->str);
            ok = false;
        }
    }
    g_string_free(missing, TRUE);
    return ok;
}

/* Lays the texts of key-file text over the catalog, all or nothing. */
bool explain_catalog_merge_data(explain_catalog_t *catalog, const char *data,
                                size_t len, const char *origin, char **error)
{
    if (catalog == NULL) {
        kf_set_error(error, origin, 0, NULL, NULL, "no catalog to merge into");
        return false;
    }
    kf_t *kf = kf_parse(data, len, origin, error);
    if (kf == NULL) {
        return false;
    }
    bool ok = check_override(catalog, kf, origin, error);
    if (ok) {
        apply_texts(catalog, kf);
    }
    kf_free(kf);
    return ok;
}

/* Reads path and merges it as explain_catalog_merge_data, with path as
 * the origin in messages. Only a regular file of at most KF_MAX_FILE
 * bytes is read (explain_file_read): /dev/zero, a FIFO or a folder is
 * refused at once, with a message. */
bool explain_catalog_merge_file(explain_catalog_t *catalog, const char *path,
                                char **error)
{
    char *contents = NULL;
    size_t len = 0;
    char *problem = NULL;
    if (path == NULL || !explain_file_read(path, KF_MAX_FILE, &contents, &len, &problem)) {
        kf_set_error(error, path, 0, NULL, NULL, "%s",
                     problem != NULL ? problem : "cannot read: no file name");
        g_free(problem);
        return false;
    }
    bool ok = explain_catalog_merge_data(catalog, contents, len, path, error);
    g_free(contents);
    return ok;
}

/* The built-in texts (annotations/explain.keyfile, then each
 * explain.<locale>.keyfile merged over it). Never NULL: embedded data that
 * does not parse is a build bug (tests/catalog checks it), reported with
 * g_critical, and the catalog keeps whatever did load. */
explain_catalog_t *explain_catalog_new_builtin(void)
{
    char *error = NULL;
    explain_catalog_t *cat = explain_catalog_new_from_data(
        explain_catalog_builtin_data, explain_catalog_builtin_size,
        "annotations/explain.keyfile", &error);
    if (cat == NULL) {
        g_critical("built-in catalog: %s", error);
        g_free(error);
        return catalog_new_empty();
    }
    for (size_t i = 0; i < explain_catalog_builtin_translation_count; i++) {
        const explain_catalog_builtin_file_t *f = &explain_catalog_builtin_translations[i];
        char *origin = g_strconcat("annotations/", f->name, NULL);
        if (!explain_catalog_merge_data(cat, f->data, f->size, origin, &error)) {
            g_critical("built-in catalog: %s", error);
            g_free(error);
            error = NULL;
        }
        g_free(origin);
    }
    return cat;
}

/* Frees the catalog and its texts. NULL is fine. */
void explain_catalog_free(explain_catalog_t *catalog)
{
    if (catalog == NULL) {
        return;
    }
    cache_clear(catalog->cache);
    g_mutex_clear(&catalog->cache->lock);
    g_free(catalog->cache);
    g_hash_table_destroy(catalog->groups);
    g_free(catalog);
}

/* ---- lookup ------------------------------------------------------------------------ */

/* The text of id in voice and language, falling back as described at the
 * top of this file; NULL only when the id has no text at all (or an
 * argument is NULL or out of range). Never an empty string. */
const char *explain_catalog_text(const explain_catalog_t *catalog, const char *id,
                                 explain_voice_t voice, const char *language)
{
    if (catalog == NULL || id == NULL || (int)voice < 0 || voice >= EXPLAIN_VOICE_COUNT) {
        return NULL;
    }
    const catalog_group_t *g = g_hash_table_lookup(catalog->groups, id);
    if (g == NULL) {
        return NULL;
    }
    const char *text = NULL;
    locale_parts_t req;
    locale_split(language, &req);
    if (req.lang_len > 0) {
        text = find_localized(g->texts[voice], &req);
        if (text == NULL && voice != EXPLAIN_VOICE_TEACHING) {
            text = find_localized(g->texts[EXPLAIN_VOICE_TEACHING], &req);
        }
    }
    locale_parts_t english = { 0 };
    if (text == NULL) {
        text = find_exact(g->texts[voice], &english);
    }
    if (text == NULL && voice != EXPLAIN_VOICE_TEACHING) {
        text = find_exact(g->texts[EXPLAIN_VOICE_TEACHING], &english);
    }
    return text;
}

/* True when the catalog has a group named id, even one without texts. */
bool explain_catalog_has(const explain_catalog_t *catalog, const char *id)
{
    return catalog != NULL && id != NULL && g_hash_table_contains(catalog->groups, id);
}

/* The slot holding (ids, count, language), or NULL. Reads the slots
 * without the lock: a slot, once published, does not change until the
 * catalog does. */
static const catalog_resolved_t *cache_find(catalog_cache_t *cache, const char *const *ids,
                                            size_t count, const char *language)
{
    for (size_t i = 0; i < EXPLAIN_CATALOG_RESOLVED_MAX; i++) {
        const catalog_resolved_t *e = g_atomic_pointer_get(&cache->slots[i]);
        if (e == NULL) {
            return NULL;
        }
        if (e->ids == ids && e->count == count && strcmp(e->language, language) == 0) {
            return e;
        }
    }
    return NULL;
}

/* The texts of ids in voice and language, worked out once per (ids,
 * language) for all voices and kept until the catalog changes; NULL when
 * every slot is taken or an argument is bad. */
const char *const *explain_catalog_resolve(const explain_catalog_t *catalog,
                                           const char *const *ids, size_t count,
                                           explain_voice_t voice, const char *language)
{
    if (catalog == NULL || ids == NULL || count == 0 || (int)voice < 0 ||
        voice >= EXPLAIN_VOICE_COUNT) {
        return NULL;
    }
    if (language == NULL) {
        language = "";
    }
    catalog_cache_t *cache = catalog->cache;
    const catalog_resolved_t *found = cache_find(cache, ids, count, language);
    if (found == NULL) {
        g_mutex_lock(&cache->lock);
        found = cache_find(cache, ids, count, language);   /* another thread's? */
        for (size_t i = 0; found == NULL && i < EXPLAIN_CATALOG_RESOLVED_MAX; i++) {
            if (cache->slots[i] != NULL) {
                continue;
            }
            catalog_resolved_t *e = g_new0(catalog_resolved_t, 1);
            e->ids = ids;
            e->count = count;
            e->language = g_strdup(language);
            e->texts = g_new(const char *, count * EXPLAIN_VOICE_COUNT);
            for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
                for (size_t k = 0; k < count; k++) {
                    e->texts[(size_t)v * count + k] =
                        explain_catalog_text(catalog, ids[k], (explain_voice_t)v, language);
                }
            }
            g_atomic_pointer_set(&cache->slots[i], e);
            found = e;
        }
        g_mutex_unlock(&cache->lock);
        if (found == NULL) {
            return NULL;
        }
    }
    return found->texts + (size_t)voice * count;
}
