/* explain_template.c - fills named placeholders in catalog texts.
 *
 * Works on bytes: only '{', '}' and identifier characters (all ASCII) are
 * looked at, so any other byte, including invalid UTF-8 and '%', is copied
 * unchanged. Every byte is visited a bounded number of times, so the cost
 * is linear in the size of the template whatever it contains.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_template.h"

#include <string.h>

static bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Appends n bytes at p (not inside out) to out. Rendering is mostly this;
 * GLib 2.74's g_string_append_len is a call with checks for overlapping
 * input, so when there is room the bytes are copied here. */
static void append_bytes(GString *out, const char *p, size_t n)
{
    if (n < out->allocated_len - out->len) {
        memcpy(out->str + out->len, p, n);
        out->len += n;
        out->str[out->len] = '\0';
    } else {
        g_string_append_len(out, p, (gssize)n);
    }
}

/* Length of the identifier starting at p (0 when p does not start one). */
static size_t name_length(const char *p)
{
    if (!is_name_start(*p)) {
        return 0;
    }
    size_t n = 1;
    while (is_name_char(p[n])) {
        n++;
    }
    return n;
}

/* Appends tmpl to out with every {name} replaced by lookup's answer.
 * "{{" and "}}" become single braces; anything that is not a well-formed
 * placeholder with a known name is copied as is. A NULL lookup knows no
 * names; a NULL tmpl appends nothing. */
void explain_template_render(GString *out, const char *tmpl,
                             explain_template_lookup_fn lookup, void *ctx)
{
    if (out == NULL || tmpl == NULL) {
        return;
    }
    const char *p = tmpl;
    while (*p != '\0') {
        /* Copy the run of ordinary bytes in one go. */
        size_t plain = strcspn(p, "{}");
        if (plain > 0) {
            append_bytes(out, p, plain);
            p += plain;
            continue;
        }
        if (p[0] == p[1]) {             /* "{{" or "}}" */
            g_string_append_c(out, p[0]);
            p += 2;
            continue;
        }
        if (p[0] == '{') {
            size_t n = name_length(p + 1);
            if (n > 0 && p[1 + n] == '}') {
                const char *value = lookup != NULL ? lookup(ctx, p + 1, n) : NULL;
                if (value != NULL) {
                    append_bytes(out, value, strlen(value));
                } else {
                    append_bytes(out, p, n + 2);
                }
                p += n + 2;
                continue;
            }
        }
        /* A lone '}' or a '{' that does not open a placeholder. */
        g_string_append_c(out, p[0]);
        p++;
    }
}

/* Calls visit for each {name} in tmpl, in order, skipping "{{" and "}}".
 * Returns true when every brace is part of a placeholder or an escape;
 * otherwise stops at the first bad brace, stores its byte offset in
 * *bad_offset (when not NULL) and returns false. visit may be NULL. */
bool explain_template_scan(const char *tmpl,
                           void (*visit)(void *ctx, const char *name, size_t name_len),
                           void *ctx, size_t *bad_offset)
{
    if (tmpl == NULL) {
        return true;
    }
    const char *p = tmpl;
    while (*p != '\0') {
        p += strcspn(p, "{}");
        if (*p == '\0') {
            break;
        }
        if (p[0] == p[1]) {
            p += 2;
            continue;
        }
        if (p[0] == '{') {
            size_t n = name_length(p + 1);
            if (n > 0 && p[1 + n] == '}') {
                if (visit != NULL) {
                    visit(ctx, p + 1, n);
                }
                p += n + 2;
                continue;
            }
        }
        if (bad_offset != NULL) {
            *bad_offset = (size_t)(p - tmpl);
        }
        return false;
    }
    return true;
}
