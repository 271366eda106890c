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

#include <stdint.h>
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

/* A template compiled: segments in order, each a literal run (id -1) or
 * a placeholder with its resolved id; text holds the literal bytes and,
 * for a placeholder, its raw "{name}" (copied when the value is NULL). */
typedef struct {
    int32_t  id;
    uint32_t off;
    uint32_t len;
} template_seg_t;

typedef struct {
    const char                 *key;      /* the template's address */
    explain_template_resolve_fn resolve;
    char                       *src;      /* a copy of the template */
    char                       *text;
    template_seg_t             *segs;
    size_t                      nsegs;
} template_compiled_t;

static void seg_add(GArray *segs, GString *text, int32_t id, const char *p, size_t n)
{
    if (n == 0) {
        return;
    }
    if (id < 0 && segs->len > 0) {
        template_seg_t *last = &g_array_index(segs, template_seg_t, segs->len - 1);
        if (last->id < 0) {                 /* one literal run, not two */
            g_string_append_len(text, p, (gssize)n);
            last->len += (uint32_t)n;
            return;
        }
    }
    template_seg_t seg = { id, (uint32_t)text->len, (uint32_t)n };
    g_string_append_len(text, p, (gssize)n);
    g_array_append_val(segs, seg);
}

/* Compiles tmpl with the same reading as explain_template_render: plain
 * runs, "{{"/"}}" as one brace, {name} resolved once (an unknown name, a
 * lone brace stay literal). */
static template_compiled_t *template_compile(const char *tmpl,
                                             explain_template_resolve_fn resolve)
{
    GArray *segs = g_array_new(FALSE, FALSE, sizeof(template_seg_t));
    GString *text = g_string_new(NULL);
    const char *p = tmpl;
    while (*p != '\0') {
        size_t plain = strcspn(p, "{}");
        if (plain > 0) {
            seg_add(segs, text, -1, p, plain);
            p += plain;
            continue;
        }
        if (p[0] == p[1]) {
            seg_add(segs, text, -1, p, 1);
            p += 2;
            continue;
        }
        if (p[0] == '{') {
            size_t n = name_length(p + 1);
            if (n > 0 && p[1 + n] == '}') {
                int id = resolve != NULL ? resolve(p + 1, n) : -1;
                seg_add(segs, text, id >= 0 ? id : -1, p, n + 2);
                p += n + 2;
                continue;
            }
        }
        seg_add(segs, text, -1, p, 1);
        p++;
    }
    template_compiled_t *c = g_new0(template_compiled_t, 1);
    c->key = tmpl;
    c->resolve = resolve;
    c->src = g_strdup(tmpl);
    c->nsegs = segs->len;
    c->segs = (template_seg_t *)(void *)g_array_free(segs, FALSE);
    c->text = g_string_free(text, FALSE);
    return c;
}

static void template_compiled_free(template_compiled_t *c)
{
    if (c != NULL) {
        g_free(c->src);
        g_free(c->text);
        g_free(c->segs);
        g_free(c);
    }
}

/* Compiled templates of one thread: open addressing on the address, a
 * few probes, the home slot given up when they are all taken. */
#define TEMPLATE_CACHE_SLOTS 1024u
#define TEMPLATE_CACHE_PROBES 8u

typedef struct {
    template_compiled_t *slots[TEMPLATE_CACHE_SLOTS];
} template_cache_t;

static void template_cache_free(gpointer data)
{
    template_cache_t *cache = data;
    for (size_t i = 0; i < TEMPLATE_CACHE_SLOTS; i++) {
        template_compiled_free(cache->slots[i]);
    }
    g_free(cache);
}

static GPrivate template_cache_key = G_PRIVATE_INIT(template_cache_free);

static unsigned cache_home(const char *tmpl, explain_template_resolve_fn resolve)
{
    uintptr_t k = ((uintptr_t)tmpl >> 3) ^ ((uintptr_t)resolve >> 4);
    return (unsigned)(((uint32_t)k * 0x9E3779B1u) >> 22) & (TEMPLATE_CACHE_SLOTS - 1);
}

/* tmpl compiled for resolve, from the cache when its text is unchanged. */
static const template_compiled_t *template_compiled(const char *tmpl,
                                                    explain_template_resolve_fn resolve)
{
    G_STATIC_ASSERT((TEMPLATE_CACHE_SLOTS & (TEMPLATE_CACHE_SLOTS - 1)) == 0);
    template_cache_t *cache = g_private_get(&template_cache_key);
    if (cache == NULL) {
        cache = g_new0(template_cache_t, 1);
        g_private_set(&template_cache_key, cache);
    }
    unsigned home = cache_home(tmpl, resolve);
    unsigned free_slot = home;
    bool have_free = false;
    for (unsigned i = 0; i < TEMPLATE_CACHE_PROBES; i++) {
        unsigned s = (home + i) & (TEMPLATE_CACHE_SLOTS - 1);
        template_compiled_t *c = cache->slots[s];
        if (c == NULL) {
            if (!have_free) {
                free_slot = s;
                have_free = true;
            }
            continue;
        }
        if (c->key == tmpl && c->resolve == resolve) {
            if (strcmp(c->src, tmpl) == 0) {
                return c;
            }
            free_slot = s;                  /* changed text: compile again */
            have_free = true;
            break;
        }
    }
    template_compiled_free(cache->slots[free_slot]);
    cache->slots[free_slot] = template_compile(tmpl, resolve);
    return cache->slots[free_slot];
}

/* Appends what explain_template_render would with lookup = value after
 * resolve, from the template compiled once (see the header). */
void explain_template_render_ids(GString *out, const char *tmpl,
                                 explain_template_resolve_fn resolve,
                                 explain_template_value_fn value, void *ctx)
{
    if (out == NULL || tmpl == NULL) {
        return;
    }
    const template_compiled_t *c = template_compiled(tmpl, resolve);
    for (size_t i = 0; i < c->nsegs; i++) {
        const template_seg_t *seg = &c->segs[i];
        const char *v = seg->id >= 0 && value != NULL ? value(ctx, seg->id) : NULL;
        if (v != NULL) {
            append_bytes(out, v, strlen(v));
        } else {
            append_bytes(out, c->text + seg->off, seg->len);
        }
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
