/* test_catalog.c - /catalog/...: placeholders, lookups with fallbacks,
 * overrides and their errors, and the embedded built-in catalog.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "explain_catalog.h"
#include "explain_catalog_builtin.h"
#include "explain_placeholders.h"
#include "explain_template.h"

/* ---- helpers ------------------------------------------------------------ */

static char *data_path(const char *name)
{
    return g_test_build_filename(G_TEST_DIST, "data", name, NULL);
}

/* The catalog of data/basic.keyfile. */
static explain_catalog_t *basic_catalog(void)
{
    char *path = data_path("basic.keyfile");
    char *contents = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(path, &contents, &len, NULL));
    char *error = NULL;
    explain_catalog_t *cat = explain_catalog_new_from_data(contents, len, path, &error);
    g_assert_cmpstr(error, ==, NULL);
    g_assert_nonnull(cat);
    g_free(contents);
    g_free(path);
    return cat;
}

/* Every text of the basic catalog a failed merge must leave alone. */
static char *snapshot(const explain_catalog_t *cat)
{
    static const char *const ids[] = { "step.syn", "step.ack", "note.psh", "role.client" };
    static const char *const langs[] = { "", "es", "es_AR", "pt_BR", "sr@latin" };
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
            for (size_t l = 0; l < G_N_ELEMENTS(langs); l++) {
                const char *t = explain_catalog_text(cat, ids[i], (explain_voice_t)v, langs[l]);
                g_string_append_printf(s, "%s/%d/%s=%s\n", ids[i], v, langs[l], t ? t : "(null)");
            }
        }
    }
    return g_string_free(s, FALSE);
}

/* ---- placeholders and voices ---------------------------------------------- */

static void test_placeholders_known(void)
{
#define CHECK_KNOWN(name, what) \
    g_assert_true(explain_placeholder_known(#name, strlen(#name)));
    EXPLAIN_PLACEHOLDER_LIST(CHECK_KNOWN)
#undef CHECK_KNOWN

    static const char *const unknown[] = {
        "", "Sender", "sender_", "send", "senderx", "seq", "seq rel", "{sender}", "%s",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(unknown); i++) {
        g_assert_false(explain_placeholder_known(unknown[i], strlen(unknown[i])));
    }
    /* Length counts, not a NUL: "sender" inside a longer buffer. */
    g_assert_true(explain_placeholder_known("sender}", 6));
    g_assert_false(explain_placeholder_known("sender", 5));
    g_assert_false(explain_placeholder_known(NULL, 0));
}

/* annotations/README.md documents every placeholder as `{name}`. */
static void test_placeholders_documented(void)
{
    char *readme = g_build_filename(EXPLAIN_ANNOTATIONS_DIR, "README.md", NULL);
    char *text = NULL;
    g_assert_true(g_file_get_contents(readme, &text, NULL, NULL));
#define CHECK_DOCUMENTED(name, what)                                  \
    if (strstr(text, "`{" #name "}`") == NULL) {                     \
        g_test_message("README.md lacks `{%s}`", #name);            \
        g_test_fail();                                               \
    }
    EXPLAIN_PLACEHOLDER_LIST(CHECK_DOCUMENTED)
#undef CHECK_DOCUMENTED
    g_free(text);
    g_free(readme);
}

static void test_voice_key(void)
{
    g_assert_cmpstr(explain_voice_key(EXPLAIN_VOICE_BRIEF), ==, "brief");
    g_assert_cmpstr(explain_voice_key(EXPLAIN_VOICE_TEACHING), ==, "teaching");
    g_assert_cmpstr(explain_voice_key(EXPLAIN_VOICE_STORY), ==, "story");
    g_assert_null(explain_voice_key(EXPLAIN_VOICE_COUNT));
}

/* ---- lookups ---------------------------------------------------------------- */

typedef struct {
    const char     *id;
    explain_voice_t voice;
    const char     *lang;
    const char     *want;   /* NULL: no text */
} lookup_case_t;

static void check_lookups(const explain_catalog_t *cat, const lookup_case_t *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_test_message("case %zu: %s %s %s", i, cases[i].id,
                       explain_voice_key(cases[i].voice), cases[i].lang ? cases[i].lang : "NULL");
        g_assert_cmpstr(explain_catalog_text(cat, cases[i].id, cases[i].voice, cases[i].lang),
                        ==, cases[i].want);
    }
}

#define T EXPLAIN_VOICE_TEACHING
#define B EXPLAIN_VOICE_BRIEF
#define S EXPLAIN_VOICE_STORY

static void test_lookup_locale_fallback(void)
{
    static const lookup_case_t cases[] = {
        { "step.syn", T, NULL, "SYN from the {sender}, seq {seq_rel}" },
        { "step.syn", T, "", "SYN from the {sender}, seq {seq_rel}" },
        { "step.syn", T, "es", "SYN del {sender}, seq {seq_rel}" },
        { "step.syn", T, "es_AR", "SYN desde el {sender}, seq {seq_rel}" },
        { "step.syn", T, "es_AR.UTF-8", "SYN desde el {sender}, seq {seq_rel}" },
        { "step.syn", T, "es_AR.UTF-8@euro", "SYN desde el {sender}, seq {seq_rel}" },
        { "step.syn", T, "ES_ar", "SYN desde el {sender}, seq {seq_rel}" },
        { "step.syn", T, "es_MX.UTF-8", "SYN del {sender}, seq {seq_rel}" },
        { "step.syn", T, "es.UTF-8", "SYN del {sender}, seq {seq_rel}" },
        { "step.syn", T, "fr_FR.UTF-8", "SYN from the {sender}, seq {seq_rel}" },
        { "step.syn", T, "C", "SYN from the {sender}, seq {seq_rel}" },
        { "step.syn", T, "POSIX", "SYN from the {sender}, seq {seq_rel}" },
        { "step.syn", T, "en_US.UTF-8", "SYN from the {sender}, seq {seq_rel}" },
        { "role.client", T, "pt_BR.UTF-8", "cliente" },
        { "role.client", T, "pt", "client" },
        { "role.client", T, "pt_PT", "client" },
        { "role.client", T, "sr_RS.UTF-8@latin", "klijent RS" },
        { "role.client", T, "sr_ME@latin", "klijent" },
        { "role.client", T, "sr_RS", "client" },
    };
    explain_catalog_t *cat = basic_catalog();
    check_lookups(cat, cases, G_N_ELEMENTS(cases));
    explain_catalog_free(cat);
}

static void test_lookup_voice_fallback(void)
{
    static const lookup_case_t cases[] = {
        { "step.syn", B, NULL, "SYN {seq_rel}" },
        { "step.syn", S, "fr", "Once upon a time the {sender} said SYN at {seq_rel}" },
        /* The reader's language before the voice. */
        { "step.syn", B, "es_AR.UTF-8", "SYN desde el {sender}, seq {seq_rel}" },
        { "step.syn", S, "es", "SYN del {sender}, seq {seq_rel}" },
        { "step.ack", B, "es_ES.UTF-8", "ACK breve {ack_rel}" },
        { "step.ack", B, NULL, "ACK {ack_rel}" },
        { "step.ack", B, "de", "ACK {ack_rel}" },
        { "step.ack", T, "es", "ACK {ack_rel}" },    /* brief[es] is not teaching */
    };
    explain_catalog_t *cat = basic_catalog();
    check_lookups(cat, cases, G_N_ELEMENTS(cases));
    explain_catalog_free(cat);
}

static void test_lookup_empty_falls_back(void)
{
    static const lookup_case_t cases[] = {
        { "step.ack", S, NULL, "ACK {ack_rel}" },          /* story= */
        { "note.psh", T, "es", "PSH: deliver at once" },   /* teaching[es]= */
        { "note.psh", B, NULL, "PSH: deliver at once" },   /* brief= */
        { "note.psh", B, "es", "PSH: deliver at once" },
        { "note.empty", T, NULL, NULL },                   /* nothing to fall back to */
        { "note.empty", S, "es", NULL },
        { "no.such.id", T, NULL, NULL },
    };
    explain_catalog_t *cat = basic_catalog();
    check_lookups(cat, cases, G_N_ELEMENTS(cases));
    g_assert_true(explain_catalog_has(cat, "note.empty"));
    g_assert_true(explain_catalog_has(cat, "step.syn"));
    g_assert_false(explain_catalog_has(cat, "no.such.id"));
    g_assert_false(explain_catalog_has(cat, NULL));
    g_assert_null(explain_catalog_text(cat, NULL, T, NULL));
    g_assert_null(explain_catalog_text(NULL, "step.syn", T, NULL));
    g_assert_null(explain_catalog_text(cat, "step.syn", EXPLAIN_VOICE_COUNT, NULL));
    explain_catalog_free(cat);
}

/* The same lookup twice gives the same pointer: nothing is built per call. */
static void test_lookup_stable(void)
{
    explain_catalog_t *cat = basic_catalog();
    const char *a = explain_catalog_text(cat, "step.syn", B, "es_AR.UTF-8");
    const char *b = explain_catalog_text(cat, "step.syn", B, "es_AR.UTF-8");
    g_assert_true(a == b);
    explain_catalog_free(cat);
}

/* ---- resolved lists ------------------------------------------------------------ */

/* ids includes one the catalog lacks and a NULL: both resolve to NULL. */
static const char *const resolve_ids[] = {
    "step.syn", "step.ack", "note.psh", "role.client", "no.such.id", NULL,
};

/* Each element is what explain_catalog_text says, in every voice and
 * language; the second call hands out the same array. */
static void check_resolved(const explain_catalog_t *cat)
{
    static const char *const langs[] = { NULL, "", "es", "es_AR.UTF-8", "pt_BR", "sr@latin", "C" };
    for (size_t l = 0; l < G_N_ELEMENTS(langs); l++) {
        for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
            const char *const *texts = explain_catalog_resolve(
                cat, resolve_ids, G_N_ELEMENTS(resolve_ids), (explain_voice_t)v, langs[l]);
            g_assert_nonnull(texts);
            for (size_t i = 0; i < G_N_ELEMENTS(resolve_ids); i++) {
                g_assert_true(texts[i] == explain_catalog_text(cat, resolve_ids[i],
                                                               (explain_voice_t)v, langs[l]));
            }
            g_assert_true(texts == explain_catalog_resolve(cat, resolve_ids,
                                                           G_N_ELEMENTS(resolve_ids),
                                                           (explain_voice_t)v, langs[l]));
        }
    }
}

static void test_resolve(void)
{
    explain_catalog_t *cat = basic_catalog();
    check_resolved(cat);
    g_assert_null(explain_catalog_resolve(NULL, resolve_ids, 1, T, NULL));
    g_assert_null(explain_catalog_resolve(cat, NULL, 1, T, NULL));
    g_assert_null(explain_catalog_resolve(cat, resolve_ids, 0, T, NULL));
    g_assert_null(explain_catalog_resolve(cat, resolve_ids, 1, EXPLAIN_VOICE_COUNT, NULL));
    explain_catalog_free(cat);
}

/* A merge changes texts: what was resolved before is worked out again. */
static void test_resolve_after_merge(void)
{
    explain_catalog_t *cat = basic_catalog();
    check_resolved(cat);
    char *path = data_path("override-good.keyfile");
    g_assert_true(explain_catalog_merge_file(cat, path, NULL));
    check_resolved(cat);
    const char *const *texts = explain_catalog_resolve(cat, resolve_ids, 1, T, NULL);
    g_assert_cmpstr(texts[0], ==, "The {sender} starts: seq {seq_rel}, raw {seq_raw}");
    texts = explain_catalog_resolve(cat, resolve_ids, 1, B, "es_AR");
    g_assert_cmpstr(texts[0], ==, "SYN breve {seq_rel}");
    g_free(path);
    explain_catalog_free(cat);
}

/* The catalog keeps EXPLAIN_CATALOG_RESOLVED_MAX lists; past that it
 * says NULL (callers look texts up one by one) and the lists it has stay
 * valid. */
static void test_resolve_full(void)
{
    explain_catalog_t *cat = basic_catalog();
    const char *const *first = explain_catalog_resolve(cat, resolve_ids, 2, S, "lang0");
    g_assert_nonnull(first);
    for (int i = 1; i < EXPLAIN_CATALOG_RESOLVED_MAX; i++) {
        char *lang = g_strdup_printf("lang%d", i);
        g_assert_nonnull(explain_catalog_resolve(cat, resolve_ids, 2, T, lang));
        g_free(lang);
    }
    g_assert_null(explain_catalog_resolve(cat, resolve_ids, 2, T, "one-too-many"));
    g_assert_null(explain_catalog_resolve(cat, resolve_ids, 3, T, "lang0"));
    g_assert_true(explain_catalog_resolve(cat, resolve_ids, 2, S, "lang0") == first);
    g_assert_cmpstr(first[0], ==, explain_catalog_text(cat, "step.syn", S, "lang0"));
    explain_catalog_free(cat);
}

/* ---- overrides -------------------------------------------------------------- */

static void test_merge_success(void)
{
    explain_catalog_t *cat = basic_catalog();
    char *path = data_path("override-good.keyfile");
    char *error = NULL;
    g_assert_true(explain_catalog_merge_file(cat, path, &error));
    g_assert_cmpstr(error, ==, NULL);

    static const lookup_case_t cases[] = {
        { "step.syn", T, NULL, "The {sender} starts: seq {seq_rel}, raw {seq_raw}" },
        { "step.syn", T, "es", "SYN del {sender}, seq {seq_rel}" },        /* untouched */
        { "step.syn", B, "es_AR", "SYN breve {seq_rel}" },                 /* added */
        { "step.syn", B, NULL, "SYN {seq_rel}" },
        { "note.psh", S, NULL, "The {sender} pushes." },
        { "note.psh", T, NULL, "PSH: deliver at once" },                   /* empty: no change */
        { "step.ack", T, NULL, "ACK {ack_rel}" },
    };
    check_lookups(cat, cases, G_N_ELEMENTS(cases));
    g_free(path);
    explain_catalog_free(cat);
}

/* Merging the same override twice replaces, it does not pile up. */
static void test_merge_twice(void)
{
    explain_catalog_t *cat = basic_catalog();
    char *path = data_path("override-good.keyfile");
    g_assert_true(explain_catalog_merge_file(cat, path, NULL));
    char *once = snapshot(cat);
    g_assert_true(explain_catalog_merge_file(cat, path, NULL));
    char *twice = snapshot(cat);
    g_assert_cmpstr(once, ==, twice);
    g_free(once);
    g_free(twice);
    g_free(path);
    explain_catalog_free(cat);
}

/* '%' is text: accepted, stored and rendered exactly as written. */
static const char *percent_lookup(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    if (len == 6 && memcmp(name, "sender", 6) == 0) {
        return "client";
    }
    if (len == 7 && memcmp(name, "seq_rel", 7) == 0) {
        return "1";
    }
    return NULL;
}

static void test_merge_percent(void)
{
    explain_catalog_t *cat = basic_catalog();
    char *path = data_path("override-percent.keyfile");
    char *error = NULL;
    g_assert_true(explain_catalog_merge_file(cat, path, &error));
    g_assert_cmpstr(error, ==, NULL);
    const char *text = explain_catalog_text(cat, "step.syn", T, NULL);
    g_assert_cmpstr(text, ==, "100%s sure: {sender} %n at {seq_rel} %d%% %1$s %*d");
    GString *out = g_string_new(NULL);
    explain_template_render(out, text, percent_lookup, NULL);
    g_assert_cmpstr(out->str, ==, "100%s sure: client %n at 1 %d%% %1$s %*d");
    g_string_free(out, TRUE);
    g_free(path);
    explain_catalog_free(cat);
}

/* Each broken override file: the one-line message, and no change at all. */
static void test_merge_file_errors(void)
{
    static const struct {
        const char *file;
        const char *message;   /* after "<path>:" */
    } cases[] = {
        { "override-syntax.keyfile",
          "4: expected a [text.id] line, a 'voice = text' line or a # comment" },
        { "override-unknown-group.keyfile",
          "4: [step.synn]: unknown text id (an override can only change existing texts)" },
        { "override-unknown-key.keyfile",
          "3: [step.syn] teching: unknown key (expected brief, teaching or story, "
          "optionally followed by [locale])" },
        { "override-unknown-placeholder.keyfile",
          "3: [step.syn] teaching: unknown placeholder {sequence} (see annotations/README.md)" },
        { "override-missing-placeholder.keyfile",
          "5: [step.syn] teaching[es]: drops placeholder {seq_rel} used by the English text" },
        { "override-utf8.keyfile",
          "3: [step.syn] teaching: text is not valid UTF-8" },
        { "override-braces.keyfile",
          "2: [step.syn] teaching: malformed placeholder (a name is letters, digits and '_') "
          "at character 5 (write '{{' for a literal brace)" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        explain_catalog_t *cat = basic_catalog();
        char *before = snapshot(cat);
        char *path = data_path(cases[i].file);
        char *want = g_strconcat(path, ":", cases[i].message, NULL);
        char *error = NULL;
        g_test_message("case %s", cases[i].file);
        g_assert_false(explain_catalog_merge_file(cat, path, &error));
        g_assert_cmpstr(error, ==, want);
        char *after = snapshot(cat);
        g_assert_cmpstr(after, ==, before);
        g_free(after);
        g_free(error);
        g_free(want);
        g_free(path);
        g_free(before);
        explain_catalog_free(cat);
    }
}

static void test_merge_unreadable(void)
{
    explain_catalog_t *cat = basic_catalog();
    char *path = data_path("no-such-file.keyfile");
    char *prefix = g_strconcat(path, ": cannot read: ", NULL);
    char *error = NULL;
    g_assert_false(explain_catalog_merge_file(cat, path, &error));
    g_assert_nonnull(error);
    g_assert_true(g_str_has_prefix(error, prefix));
    g_assert_null(strchr(error, '\n'));
    g_free(error);
    g_free(prefix);
    g_free(path);
    explain_catalog_free(cat);
}

/* Override text built in memory: (data, expected message or NULL). */
typedef struct {
    const char *data;
    const char *message;   /* NULL: the merge succeeds */
} inline_case_t;

static void check_inline_merges(const inline_case_t *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        explain_catalog_t *cat = basic_catalog();
        char *before = snapshot(cat);
        char *error = NULL;
        g_test_message("case %zu: %s", i, cases[i].data);
        bool ok = explain_catalog_merge_data(cat, cases[i].data, strlen(cases[i].data),
                                             "teacher.keyfile", &error);
        g_assert_cmpstr(error, ==, cases[i].message);
        g_assert_cmpint(ok, ==, cases[i].message == NULL);
        if (!ok) {
            char *after = snapshot(cat);
            g_assert_cmpstr(after, ==, before);
            g_free(after);
        }
        g_free(error);
        g_free(before);
        explain_catalog_free(cat);
    }
}

static void test_merge_inline(void)
{
    static const inline_case_t cases[] = {
        /* accepted */
        { "", NULL },
        { "# nothing but a comment\n\n", NULL },
        { "[step.syn]\nbrief=SYN {seq_rel} and {flags}\n", NULL },        /* may add */
        { "\xEF\xBB\xBF[step.syn]\r\nbrief = {seq_rel}\r\n", NULL },       /* BOM, CRLF */
        { "  [step.syn]  \n\tbrief\t=\t{seq_rel} {{literal}}\n", NULL },
        { "[step.syn]\nbrief=a \\\\ b {seq_rel}\\n", NULL },               /* escapes */
        { "[step.syn]\nbrief=%s%n {seq_rel}\n", NULL },
        /* refused */
        { "[step.syn]\nbrief=SYN\n",
          "teacher.keyfile:2: [step.syn] brief: drops placeholder {seq_rel} used by the English text" },
        { "[step.syn]\nstory=Once {sender}\n",
          "teacher.keyfile:2: [step.syn] story: drops placeholder {seq_rel} used by the English text" },
        { "[step.syn]\nbrief=SYN {seq_rel}\nbrief[es]=SYN {seq_rel}\nbrief[es]=again {seq_rel}\n",
          "teacher.keyfile:4: [step.syn] brief[es]: defined twice (first on line 3)" },
        { "[step.syn]\nteaching[es]={sender} {seq_rel}\nteaching[ES]={sender} {seq_rel}\n",
          "teacher.keyfile:3: [step.syn] teaching[ES]: defined twice (first on line 2)" },
        { "[step.syn]\n[note.psh]\n[step.syn]\n",
          "teacher.keyfile:3: [step.syn]: group appears twice (first on line 1)" },
        { "brief=SYN {seq_rel}\n[step.syn]\n",
          "teacher.keyfile:1: 'brief' comes before any [text.id] line" },
        { "[step syn]\nbrief={seq_rel}\n",
          "teacher.keyfile:1: [step syn]: a text id may only use letters, digits, '.', '_' and '-'" },
        { "[step.syn] # comment\n",
          "teacher.keyfile:1: expected a [text.id] line, a 'voice = text' line or a # comment" },
        { "[step.syn\n",
          "teacher.keyfile:1: expected a [text.id] line, a 'voice = text' line or a # comment" },
        { "[step.syn]\n= {seq_rel}\n",
          "teacher.keyfile:2: expected a [text.id] line, a 'voice = text' line or a # comment" },
        { "[step.syn]\nteaching [es] = {sender} {seq_rel}\n",
          "teacher.keyfile:2: [step.syn] teaching [es]: unknown key (expected brief, teaching or "
          "story, optionally followed by [locale])" },
        { "[step.syn]\nTeaching = {sender} {seq_rel}\n",
          "teacher.keyfile:2: [step.syn] Teaching: unknown key (expected brief, teaching or "
          "story, optionally followed by [locale])" },
        { "[step.syn]\nteaching[es-AR] = {sender} {seq_rel}\n",
          "teacher.keyfile:2: [step.syn] teaching[es-AR]: locale must look like ll, ll_CC or "
          "ll_CC@variant (e.g. es, pt_BR)" },
        { "[step.syn]\nteaching[es_AR.UTF-8] = {sender} {seq_rel}\n",
          "teacher.keyfile:2: [step.syn] teaching[es_AR.UTF-8]: locale must look like ll, ll_CC or "
          "ll_CC@variant (e.g. es, pt_BR)" },
        { "[step.syn]\nbrief=a \\q {seq_rel}\n",
          "teacher.keyfile:2: [step.syn] brief: invalid escape sequence (write \\\\ for a backslash)" },
        { "[step.syn]\nbrief={seq_rel} }\n",
          "teacher.keyfile:2: [step.syn] brief: lone '}' at character 11 (write '}}' for a literal brace)" },
        { "[step.syn]\nbrief={seq_rel} {}\n",
          "teacher.keyfile:2: [step.syn] brief: empty placeholder {} at character 11 "
          "(write '{{' for a literal brace)" },
        { "[step.syn]\nbrief=\xc3\xa9t\xc3\xa9 {seq_rel} {\n",
          "teacher.keyfile:2: [step.syn] brief: unclosed '{' at character 15 "
          "(write '{{' for a literal brace)" },
        { "[step.syn]\nbrief={seq_rel} {Sender}\n",
          "teacher.keyfile:2: [step.syn] brief: unknown placeholder {Sender} (see annotations/README.md)" },
        { "[step.syn]\n\xff\n",
          "teacher.keyfile:2: not valid UTF-8" },
        { "# caf\xe9\n[step.syn]\n",
          "teacher.keyfile:1: not valid UTF-8" },
        { "[step.syn]\nbrief\xff=x\n",
          "teacher.keyfile:2: not valid UTF-8" },
        { "[no.such]\n",
          "teacher.keyfile:1: [no.such]: unknown text id (an override can only change existing texts)" },
    };
    check_inline_merges(cases, G_N_ELEMENTS(cases));
}

/* A NUL byte is not text, wherever it is. */
static void test_merge_nul(void)
{
    static const char data[] = "[step.syn]\nbrief=SYN {seq_rel}\0 more\n";
    explain_catalog_t *cat = basic_catalog();
    char *error = NULL;
    g_assert_false(explain_catalog_merge_data(cat, data, sizeof(data) - 1, "nul.keyfile", &error));
    g_assert_cmpstr(error, ==, "nul.keyfile:2: [step.syn] brief: text is not valid UTF-8");
    g_free(error);
    explain_catalog_free(cat);
}

/* Texts up to 4096 bytes; a megabyte-long line is refused by name. */
static void test_merge_long_lines(void)
{
    static const struct {
        const char *head;
        size_t      fill;      /* bytes of 'x' after head */
        const char *tail;
        const char *message;   /* NULL: accepted */
    } cases[] = {
        { "[step.syn]\nbrief={seq_rel}", 4096 - 9, "\n", NULL },
        { "[step.syn]\nbrief={seq_rel}", 4096 - 8, "\n",
          "big.keyfile:2: [step.syn] brief: text is 4097 bytes, at most 4096" },
        { "[step.syn]\nbrief=", 1u << 20, "{seq_rel}\n",
          "big.keyfile:2: [step.syn] brief: text is 1048585 bytes, at most 4096" },
        { "[step.syn]\n", 1u << 20, "\n",
          "big.keyfile:2: expected a [text.id] line, a 'voice = text' line or a # comment" },
        { "[step.syn]\nbrief={seq_rel} {", 1u << 20, "}\n",
          "big.keyfile:2: [step.syn] brief: text is 1048588 bytes, at most 4096" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GString *data = g_string_new(cases[i].head);
        for (size_t k = 0; k < cases[i].fill; k++) {
            g_string_append_c(data, 'x');
        }
        g_string_append(data, cases[i].tail);
        explain_catalog_t *cat = basic_catalog();
        char *error = NULL;
        bool ok = explain_catalog_merge_data(cat, data->str, data->len, "big.keyfile", &error);
        g_test_message("case %zu", i);
        g_assert_cmpstr(error, ==, cases[i].message);
        g_assert_cmpint(ok, ==, cases[i].message == NULL);
        g_free(error);
        explain_catalog_free(cat);
        g_string_free(data, TRUE);
    }
    /* A megabyte-long text id is shortened in the message. */
    GString *data = g_string_new("[");
    for (size_t k = 0; k < (1u << 20); k++) {
        g_string_append_c(data, 'a');
    }
    g_string_append(data, "]\n");
    char *error = NULL;
    explain_catalog_t *cat = explain_catalog_new_from_data(data->str, data->len, "big.keyfile", &error);
    g_assert_null(cat);
    g_assert_nonnull(error);
    g_assert_true(g_str_has_prefix(error, "big.keyfile:1: [aaaa"));
    g_assert_true(g_str_has_suffix(error, "...]: text id longer than 128 bytes"));
    g_assert_cmpuint(strlen(error), <, 200);
    g_free(error);
    g_string_free(data, TRUE);
}

/* ---- catalogs from data ------------------------------------------------------ */

static void test_new_from_data_errors(void)
{
    static const inline_case_t cases[] = {
        { "[a]\nteaching={sender}\nteaching[es]=el emisor\n",
          "t.keyfile:3: [a] teaching[es]: drops placeholder {sender} used by the English text" },
        { "[a]\nteaching[es]=el emisor\nteaching={sender}\n",
          "t.keyfile:2: [a] teaching[es]: drops placeholder {sender} used by the English text" },
        { "[a]\nbrief={sender}\nteaching[es]=el emisor\n", NULL },      /* other voice */
        { "[a]\nteaching={sender}\nstory=\nstory[es]=x\n", NULL },       /* English story is empty */
        { "[a.b_c-d.9]\nteaching=x\n", NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *error = NULL;
        g_test_message("case %zu: %s", i, cases[i].data);
        explain_catalog_t *cat = explain_catalog_new_from_data(cases[i].data, strlen(cases[i].data),
                                                               "t.keyfile", &error);
        g_assert_cmpstr(error, ==, cases[i].message);
        g_assert_true((cat == NULL) == (cases[i].message != NULL));
        g_free(error);
        explain_catalog_free(cat);
    }
    /* error may be NULL */
    g_assert_null(explain_catalog_new_from_data("x", 1, "t.keyfile", NULL));
    explain_catalog_t *empty = explain_catalog_new_from_data(NULL, 0, "t.keyfile", NULL);
    g_assert_nonnull(empty);
    explain_catalog_free(empty);
}

/* ---- the built-in catalog ------------------------------------------------------ */

static void test_builtin(void)
{
    g_assert_cmpuint(explain_catalog_builtin_size, >, 0);
    g_assert_cmpuint(strlen(explain_catalog_builtin_data), ==, explain_catalog_builtin_size);

    /* It parses and validates (the message names the line if not). */
    char *error = NULL;
    explain_catalog_t *cat = explain_catalog_new_from_data(
        explain_catalog_builtin_data, explain_catalog_builtin_size,
        "annotations/explain.keyfile", &error);
    g_assert_cmpstr(error, ==, NULL);
    g_assert_nonnull(cat);
    for (size_t i = 0; i < explain_catalog_builtin_translation_count; i++) {
        const explain_catalog_builtin_file_t *f = &explain_catalog_builtin_translations[i];
        char *origin = g_strconcat("annotations/", f->name, NULL);
        bool merged = explain_catalog_merge_data(cat, f->data, f->size, origin, &error);
        g_assert_cmpstr(error, ==, NULL);
        g_assert_true(merged);
        g_free(origin);
    }
    g_assert_null(explain_catalog_builtin_translations[explain_catalog_builtin_translation_count].data);
    explain_catalog_free(cat);

    /* Every text id has an English teaching text, so every voice and
     * language finds a text. */
    cat = explain_catalog_new_builtin();
    g_assert_nonnull(cat);
    GKeyFile *kf = g_key_file_new();
    g_assert_true(g_key_file_load_from_data(kf, explain_catalog_builtin_data,
                                            explain_catalog_builtin_size,
                                            G_KEY_FILE_KEEP_TRANSLATIONS, NULL));
    gsize n = 0;
    char **groups = g_key_file_get_groups(kf, &n);
    g_assert_cmpuint(n, >, 0);
    for (gsize i = 0; i < n; i++) {
        for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
            static const char *const langs[] = { NULL, "es_AR.UTF-8", "de" };
            for (size_t l = 0; l < G_N_ELEMENTS(langs); l++) {
                const char *text = explain_catalog_text(cat, groups[i], (explain_voice_t)v, langs[l]);
                if (text == NULL) {
                    g_test_message("[%s] has no English teaching text", groups[i]);
                }
                g_assert_nonnull(text);
                g_assert_cmpstr(text, !=, "");
            }
        }
    }
    g_strfreev(groups);
    g_key_file_free(kf);
    explain_catalog_free(cat);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/catalog/placeholders/known", test_placeholders_known);
    g_test_add_func("/catalog/placeholders/documented", test_placeholders_documented);
    g_test_add_func("/catalog/voice-key", test_voice_key);
    g_test_add_func("/catalog/lookup/locale-fallback", test_lookup_locale_fallback);
    g_test_add_func("/catalog/lookup/voice-fallback", test_lookup_voice_fallback);
    g_test_add_func("/catalog/lookup/empty-falls-back", test_lookup_empty_falls_back);
    g_test_add_func("/catalog/lookup/stable", test_lookup_stable);
    g_test_add_func("/catalog/resolve/same-as-lookup", test_resolve);
    g_test_add_func("/catalog/resolve/after-merge", test_resolve_after_merge);
    g_test_add_func("/catalog/resolve/full", test_resolve_full);
    g_test_add_func("/catalog/merge/success", test_merge_success);
    g_test_add_func("/catalog/merge/twice", test_merge_twice);
    g_test_add_func("/catalog/merge/percent-is-text", test_merge_percent);
    g_test_add_func("/catalog/merge/file-errors", test_merge_file_errors);
    g_test_add_func("/catalog/merge/unreadable", test_merge_unreadable);
    g_test_add_func("/catalog/merge/inline", test_merge_inline);
    g_test_add_func("/catalog/merge/nul-byte", test_merge_nul);
    g_test_add_func("/catalog/merge/long-lines", test_merge_long_lines);
    g_test_add_func("/catalog/new/errors", test_new_from_data_errors);
    g_test_add_func("/catalog/builtin", test_builtin);
    return g_test_run();
}
