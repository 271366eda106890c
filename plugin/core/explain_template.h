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

/* Calls visit for each placeholder name in tmpl, in order. Returns false
 * (and stops) at a malformed placeholder: an unclosed '{', an empty or
 * non-identifier name, or a lone '}'. *bad_offset then gets its offset. */
bool explain_template_scan(const char *tmpl,
                           void (*visit)(void *ctx, const char *name, size_t name_len),
                           void *ctx, size_t *bad_offset);

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_TEMPLATE_H */
