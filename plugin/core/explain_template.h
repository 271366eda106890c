/* explain_template.h - fills named placeholders in catalog texts.
 *
 * A template is plain text with {name} placeholders. "{{" and "}}" stand
 * for literal braces. Nothing else is special: in particular '%' is copied
 * as is, since templates are never passed to printf.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_TEMPLATE_H
#define EXPLAIN_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Looks up a placeholder by name; returns its text, or NULL when the name
 * is unknown (the placeholder is then copied literally). The text need only
 * stay valid until the next call: the renderer copies it at once. */
typedef const char *(*explain_template_lookup_fn)(void *ctx, const char *name,
                                                  size_t name_len);

/* Appends tmpl to out with every {name} replaced by lookup's answer. */
void explain_template_render(GString *out, const char *tmpl,
                             explain_template_lookup_fn lookup, void *ctx);

/* Maps a placeholder name (name_len bytes) to an id >= 0, or returns -1
 * when the name is unknown. Must give the same answer for the same name
 * every time: its answers are kept (see explain_template_render_ids). */
typedef int (*explain_template_resolve_fn)(const char *name, size_t name_len);

/* The text of placeholder id (an id resolve gave); NULL copies the
 * placeholder literally, as lookup's NULL does. The text need only stay
 * valid until the next call. */
typedef const char *(*explain_template_value_fn)(void *ctx, int id);

/* Appends exactly what explain_template_render(out, tmpl, lookup, ctx)
 * would, where lookup(name) is value(ctx, resolve(name)) for a known name
 * and NULL for an unknown one. Each template is compiled once (literal
 * runs and resolved ids) and kept, per thread, keyed by its address and
 * resolve, and checked against its text on every use, so a template
 * changed or freed and reallocated at the same address is compiled again,
 * never rendered stale. */
void explain_template_render_ids(GString *out, const char *tmpl,
                                 explain_template_resolve_fn resolve,
                                 explain_template_value_fn value, void *ctx);

/* Calls visit for each placeholder name in tmpl, in order. Returns false
 * (and stops) at a malformed placeholder: an unclosed '{', an empty or
 * non-identifier name, or a lone '}'. *bad_offset then gets its offset. */
bool explain_template_scan(const char *tmpl,
                           void (*visit)(void *ctx, const char *name, size_t name_len),
                           void *ctx, size_t *bad_offset);

/* Writes v in decimal, with a '-' first when negative, so that it ends
 * just before end, where a NUL goes; returns where it starts. The 21 bytes
 * before end must be writable. The same digits as printf's %llu, without
 * printf: the placeholders' numbers are filled on every packet. */
static inline char *explain_decimal_backwards(char *end, uint64_t v, bool negative)
{
    char *p = end;
    *p = '\0';
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    if (negative)
        *--p = '-';
    return p;
}

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_TEMPLATE_H */
