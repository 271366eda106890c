/* test_template.c - /template/...: rendering and scanning {placeholders}.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
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

static void test_render_table(void)
{
    static const struct {
        const char *tmpl;
        const char *want;
    } cases[] = {
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
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GString *out = g_string_new(NULL);
        explain_template_render(out, cases[i].tmpl, lookup, NULL);
        g_test_message("case %zu: \"%s\"", i, cases[i].tmpl);
        g_assert_cmpstr(out->str, ==, cases[i].want);
        g_string_free(out, TRUE);
    }
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/template/render/table", test_render_table);
    g_test_add_func("/template/render/appends", test_render_appends);
    g_test_add_func("/template/render/null-lookup", test_render_null_lookup);
    g_test_add_func("/template/render/lookup-calls", test_render_calls_lookup_once_per_placeholder);
    g_test_add_func("/template/render/huge", test_render_huge);
    g_test_add_func("/template/scan/table", test_scan_table);
    g_test_add_func("/template/scan/null-arguments", test_scan_null_arguments);
    g_test_add_func("/template/scan/huge", test_scan_huge);
    return g_test_run();
}
