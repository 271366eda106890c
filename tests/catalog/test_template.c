/* test_template.c - /template/...: rendering and scanning {placeholders}.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "explain_template.h"

/* Knows a, name, empty and self (whose value looks like a placeholder). */
static const char *lookup(void *ctx, const char *name, size_t len)
{
    static const struct {
        const char *name;
        const char *value;
    } known[] = {
        { "a", "1" },
        { "name", "Alice" },
        { "empty", "" },
        { "self", "{a}" },
        { "pct", "%s%n" },
    };
    int *calls = ctx;
    if (calls != NULL) {
        (*calls)++;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
        if (strlen(known[i].name) == len && memcmp(known[i].name, name, len) == 0) {
            return known[i].value;
        }
    }
    return NULL;
}

static const struct {
    const char *tmpl;
    const char *want;
} render_cases[] = {
    { "", "" },
    { "plain text", "plain text" },
    { "{a}", "1" },
    { "x{a}y{name}z", "x1yAlicez" },
    { "{a}{a}", "11" },
    { "[{empty}]", "[]" },
    { "{unknown}", "{unknown}" },           /* unknown names stay */
    { "{a}{unknown}{a}", "1{unknown}1" },
    { "{self}", "{a}" },                    /* values are not re-expanded */
    { "{pct}", "%s%n" },
    { "{{", "{" },
    { "}}", "}" },
    { "{{a}}", "{a}" },                     /* escaped braces, not a placeholder */
    { "{{{a}}}", "{1}" },
    { "{{}}", "{}" },
    { "%s%n%d%%", "%s%n%d%%" },             /* '%' is plain text */
    { "%s{a}%n", "%s1%n" },
    { "{", "{" },                           /* unbalanced: copied literally */
    { "}", "}" },
    { "{a", "{a" },
    { "a}", "a}" },
    { "{}", "{}" },
    { "{{a}", "{a}" },
    { "{a}}", "1}" },
    { "{ a}", "{ a}" },
    { "{a }", "{a }" },
    { "{1a}", "{1a}" },
    { "{a-b}", "{a-b}" },
    { "{{{", "{{" },
    { "}}}", "}}" },
    { "{{a}{name}", "{a}Alice" },
    { "\xff{a}\xfe\xc3", "\xff" "1\xfe\xc3" }, /* invalid UTF-8 passes through */
    { "caf\xc3\xa9 {name}", "caf\xc3\xa9 Alice" },
};

static void test_render_table(void)
{
    const size_t n_cases = G_N_ELEMENTS(render_cases);
    for (size_t i = 0; i < n_cases; i++) {
        GString *out = g_string_new(NULL);
        explain_template_render(out, render_cases[i].tmpl, lookup, NULL);
        g_test_message("case %zu: \"%s\"", i, render_cases[i].tmpl);
        g_assert_cmpstr(out->str, ==, render_cases[i].want);
        g_string_free(out, TRUE);
    }
}

/* render_ids: the same names as lookup, as ids (their index there), plus
 * "nul", known to resolve but whose value is NULL (copied literally). */
static const char *const id_names[] = { "a", "name", "empty", "self", "pct", "nul" };

typedef struct {
    int resolves;
    int values;
} id_calls_t;

static id_calls_t id_calls;

static int resolve_id(const char *name, size_t len)
{
    id_calls.resolves++;
    for (size_t i = 0; i < G_N_ELEMENTS(id_names); i++) {
        if (strlen(id_names[i]) == len && memcmp(id_names[i], name, len) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static const char *value_of(void *ctx, int id)
{
    (void)ctx;
    id_calls.values++;
    g_assert_cmpint(id, >=, 0);
    g_assert_cmpint(id, <, (int)G_N_ELEMENTS(id_names));
    if (strcmp(id_names[id], "nul") == 0) {
        return NULL;
    }
    return lookup(NULL, id_names[id], strlen(id_names[id]));
}

/* Another resolver for the same templates: knows only "a", as id 0,
 * whose value is then "A". */
static int resolve_other(const char *name, size_t len)
{
    return len == 1 && name[0] == 'a' ? 0 : -1;
}

static const char *value_other(void *ctx, int id)
{
    (void)ctx;
    return id == 0 ? "A" : NULL;
}

/* Every case of render's table, compiled: the same output as render,
 * the first time (compiled) and the next (from the cache), from the
 * catalog's own string and from one reused buffer whose text changes. */
static void test_render_ids_table(void)
{
    char buf[64];
    for (size_t i = 0; i < G_N_ELEMENTS(render_cases); i++) {
        g_test_message("case %zu: \"%s\"", i, render_cases[i].tmpl);
        g_assert_cmpuint(strlen(render_cases[i].tmpl), <, sizeof buf);
        g_strlcpy(buf, render_cases[i].tmpl, sizeof buf);
        for (int pass = 0; pass < 2; pass++) {
            GString *out = g_string_new("<");
            explain_template_render_ids(out, render_cases[i].tmpl, resolve_id, value_of, NULL);
            g_assert_cmpstr(out->str + 1, ==, render_cases[i].want);
            g_string_assign(out, "<");
            explain_template_render_ids(out, buf, resolve_id, value_of, NULL);
            g_assert_cmpstr(out->str + 1, ==, render_cases[i].want);
            g_string_free(out, TRUE);
        }
    }
}

static void test_render_ids_null_value(void)
{
    static const struct {
        const char *tmpl;
        const char *want;
    } cases[] = {
        { "{nul}", "{nul}" },
        { "x{nul}y{a}", "x{nul}y1" },
        { "{{nul}}{nul}", "{nul}{nul}" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GString *out = g_string_new(NULL);
        explain_template_render_ids(out, cases[i].tmpl, resolve_id, value_of, NULL);
        g_assert_cmpstr(out->str, ==, cases[i].want);
        /* no value function, or no resolver: every placeholder literal,
         * as render with no lookup */
        GString *none = g_string_new(NULL);
        explain_template_render(none, cases[i].tmpl, NULL, NULL);
        g_string_truncate(out, 0);
        explain_template_render_ids(out, cases[i].tmpl, resolve_id, NULL, NULL);
        g_assert_cmpstr(out->str, ==, none->str);
        g_string_truncate(out, 0);
        explain_template_render_ids(out, cases[i].tmpl, NULL, value_of, NULL);
        g_assert_cmpstr(out->str, ==, none->str);
        g_string_free(none, TRUE);
        g_string_free(out, TRUE);
    }
    GString *out = g_string_new("keep");
    explain_template_render_ids(out, NULL, resolve_id, value_of, NULL);
    explain_template_render_ids(NULL, "{a}", resolve_id, value_of, NULL);
    g_assert_cmpstr(out->str, ==, "keep");
    g_string_free(out, TRUE);
}

/* Names are resolved once per template; values asked on every render. */
static void test_render_ids_resolves_once(void)
{
    char *tmpl = g_strdup("{a} and {name}, {{a}}, {unknown} {a");
    id_calls = (id_calls_t){ 0, 0 };
    for (int i = 0; i < 5; i++) {
        GString *out = g_string_new(NULL);
        explain_template_render_ids(out, tmpl, resolve_id, value_of, NULL);
        g_assert_cmpstr(out->str, ==, "1 and Alice, {a}, {unknown} {a");
        g_string_free(out, TRUE);
    }
    g_assert_cmpint(id_calls.resolves, ==, 3);
    g_assert_cmpint(id_calls.values, ==, 10);
    g_free(tmpl);
}

/* The same address, a new text, or another resolver: never a stale
 * compilation. */
static void test_render_ids_changed_text(void)
{
    static const char *const texts[] = { "{a}", "{name}!", "{a}", "", "{{", "{a}{a}{a}{a}" };
    static const char *const wants[] = { "1", "Alice!", "1", "", "{", "1111" };
    char buf[32];
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
        g_strlcpy(buf, texts[i], sizeof buf);
        GString *out = g_string_new(NULL);
        explain_template_render_ids(out, buf, resolve_id, value_of, NULL);
        g_assert_cmpstr(out->str, ==, wants[i]);
        g_string_free(out, TRUE);
    }
    g_strlcpy(buf, "{a}{name}", sizeof buf);
    GString *out = g_string_new(NULL);
    explain_template_render_ids(out, buf, resolve_id, value_of, NULL);
    explain_template_render_ids(out, buf, resolve_other, value_other, NULL);
    explain_template_render_ids(out, buf, resolve_id, value_of, NULL);
    g_assert_cmpstr(out->str, ==, "1AliceA{name}1Alice");
    g_string_free(out, TRUE);
}

/* More templates than the cache holds, rendered twice: every one right. */
static void test_render_ids_many(void)
{
    enum { N = 5000 };
    char **tmpls = g_new(char *, N);
    for (int i = 0; i < N; i++) {
        tmpls[i] = g_strdup_printf("%d:{a}{name}", i);
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < N; i++) {
            GString *out = g_string_new(NULL);
            explain_template_render_ids(out, tmpls[i], resolve_id, value_of, NULL);
            gchar *want = g_strdup_printf("%d:1Alice", i);
            g_assert_cmpstr(out->str, ==, want);
            g_free(want);
            g_string_free(out, TRUE);
        }
    }
    for (int i = 0; i < N; i++) {
        g_free(tmpls[i]);
    }
    g_free(tmpls);
}

static void test_render_appends(void)
{
    GString *out = g_string_new("before:");
    explain_template_render(out, "{name}", lookup, NULL);
    g_assert_cmpstr(out->str, ==, "before:Alice");
    explain_template_render(out, NULL, lookup, NULL);
    g_assert_cmpstr(out->str, ==, "before:Alice");
    g_string_free(out, TRUE);
}

static void test_render_null_lookup(void)
{
    GString *out = g_string_new(NULL);
    explain_template_render(out, "{a} {{x}} %s", NULL, NULL);
    g_assert_cmpstr(out->str, ==, "{a} {x} %s");
    g_string_free(out, TRUE);
}

static void test_render_calls_lookup_once_per_placeholder(void)
{
    int calls = 0;
    GString *out = g_string_new(NULL);
    explain_template_render(out, "{a} {{a}} {b} {a", lookup, &calls);
    g_assert_cmpint(calls, ==, 2);
    g_string_free(out, TRUE);
}

/* A template of n copies of unit. */
static char *repeat(const char *unit, size_t n)
{
    size_t ulen = strlen(unit);
    char *s = g_malloc(ulen * n + 1);
    for (size_t i = 0; i < n; i++) {
        memcpy(s + i * ulen, unit, ulen);
    }
    s[ulen * n] = '\0';
    return s;
}

static void test_render_huge(void)
{
    static const struct {
        const char *unit;
        const char *out_unit;
    } cases[] = {
        { "{a}", "1" },
        { "{", "{" },          /* a megabyte of unclosed braces */
        { "{a", "{a" },
        { "}", "}" },
        { "{unknown}", "{unknown}" },
        { "x", "x" },
    };
    const size_t n = 1u << 20;
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *tmpl = repeat(cases[i].unit, n);
        GString *out = g_string_new(NULL);
        explain_template_render(out, tmpl, lookup, NULL);
        if (strcmp(cases[i].unit, "{") == 0 || strcmp(cases[i].unit, "}") == 0) {
            /* pairs become single braces */
            g_assert_cmpuint(out->len, ==, n / 2);
        } else {
            g_assert_cmpuint(out->len, ==, strlen(cases[i].out_unit) * n);
            g_assert_true(strncmp(out->str, cases[i].out_unit, strlen(cases[i].out_unit)) == 0);
        }
        g_string_free(out, TRUE);
        g_free(tmpl);
    }
    /* One placeholder with a megabyte-long name. */
    char *name = repeat("n", n);
    char *tmpl = g_strconcat("{", name, "}", NULL);
    GString *out = g_string_new(NULL);
    explain_template_render(out, tmpl, lookup, NULL);
    g_assert_cmpstr(out->str, ==, tmpl);
    g_string_free(out, TRUE);
    g_free(tmpl);
    g_free(name);
}

static void collect(void *ctx, const char *name, size_t len)
{
    GString *names = ctx;
    if (names->len > 0) {
        g_string_append_c(names, ',');
    }
    g_string_append_len(names, name, (gssize)len);
}

static void test_scan_table(void)
{
    static const struct {
        const char *tmpl;
        gboolean    ok;
        const char *names;        /* visited before the stop */
        gsize       bad_offset;   /* when !ok */
    } cases[] = {
        { "", TRUE, "", 0 },
        { "no placeholders", TRUE, "", 0 },
        { "{a} and {b_2}", TRUE, "a,b_2", 0 },
        { "{{a}} {_x}", TRUE, "_x", 0 },
        { "{{{a}}}", TRUE, "a", 0 },
        { "%s%n", TRUE, "", 0 },
        { "\xff{a}\xfe", TRUE, "a", 0 },
        { "{", FALSE, "", 0 },
        { "ab{", FALSE, "", 2 },
        { "{a", FALSE, "", 0 },
        { "{a}{b", FALSE, "a", 3 },
        { "}", FALSE, "", 0 },
        { "{a}}", FALSE, "a", 3 },
        { "x}y", FALSE, "", 1 },
        { "{}", FALSE, "", 0 },
        { "{a b}", FALSE, "", 0 },
        { "{1a}", FALSE, "", 0 },
        { "{a-b}", FALSE, "", 0 },
        { "{ a}", FALSE, "", 0 },
        { "{{a}", FALSE, "", 3 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GString *names = g_string_new(NULL);
        gsize bad = 12345;
        g_test_message("case %zu: \"%s\"", i, cases[i].tmpl);
        gboolean ok = explain_template_scan(cases[i].tmpl, collect, names, &bad);
        g_assert_cmpint(ok, ==, cases[i].ok);
        g_assert_cmpstr(names->str, ==, cases[i].names);
        if (!cases[i].ok) {
            g_assert_cmpuint(bad, ==, cases[i].bad_offset);
        } else {
            g_assert_cmpuint(bad, ==, 12345);   /* untouched */
        }
        g_string_free(names, TRUE);
    }
}

static void test_scan_null_arguments(void)
{
    g_assert_true(explain_template_scan(NULL, collect, NULL, NULL));
    g_assert_true(explain_template_scan("{a}{b}", NULL, NULL, NULL));
    g_assert_false(explain_template_scan("{a", NULL, NULL, NULL));
}

static void count(void *ctx, const char *name, size_t len)
{
    (void)name;
    (void)len;
    (*(size_t *)ctx)++;
}

static void test_scan_huge(void)
{
    const size_t n = 1u << 20;
    char *tmpl = repeat("{a}", n);
    size_t seen = 0;
    g_assert_true(explain_template_scan(tmpl, count, &seen, NULL));
    g_assert_cmpuint(seen, ==, n);
    g_free(tmpl);

    tmpl = repeat("{a", n);
    size_t bad = 1;
    g_assert_false(explain_template_scan(tmpl, count, &seen, &bad));
    g_assert_cmpuint(bad, ==, 0);
    g_free(tmpl);
}

/* explain_decimal_backwards writes what printf's %llu (and "-" %llu) writes. */
static void test_decimal_backwards(void)
{
    static const struct {
        uint64_t v;
        bool     negative;
    } cases[] = {
        { 0, false }, { 7, false }, { 10, false }, { 4294967295u, false },
        { UINT64_MAX, false }, { 1, true }, { 2147483648u, true },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char buf[32];
        memset(buf, 'x', sizeof buf);
        const char *got = explain_decimal_backwards(buf + sizeof buf - 1, cases[i].v,
                                                    cases[i].negative);
        char want[32];
        snprintf(want, sizeof want, "%s%" G_GUINT64_FORMAT, cases[i].negative ? "-" : "",
                 (guint64)cases[i].v);
        g_assert_cmpstr(got, ==, want);
        g_assert_true(got >= buf);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/template/render/table", test_render_table);
    g_test_add_func("/template/render/appends", test_render_appends);
    g_test_add_func("/template/render/null-lookup", test_render_null_lookup);
    g_test_add_func("/template/render/lookup-calls", test_render_calls_lookup_once_per_placeholder);
    g_test_add_func("/template/render/huge", test_render_huge);
    g_test_add_func("/template/render-ids/table", test_render_ids_table);
    g_test_add_func("/template/render-ids/null-value", test_render_ids_null_value);
    g_test_add_func("/template/render-ids/resolves-once", test_render_ids_resolves_once);
    g_test_add_func("/template/render-ids/changed-text", test_render_ids_changed_text);
    g_test_add_func("/template/render-ids/many", test_render_ids_many);
    g_test_add_func("/template/scan/table", test_scan_table);
    g_test_add_func("/template/scan/null-arguments", test_scan_null_arguments);
    g_test_add_func("/template/scan/huge", test_scan_huge);
    g_test_add_func("/template/decimal-backwards", test_decimal_backwards);
    return g_test_run();
}
