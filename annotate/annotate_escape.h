/* annotate_escape.h - text made safe for HTML and for Markdown tables.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_ESCAPE_H
#define ANNOTATE_ESCAPE_H

#include <glib.h>

/* Appends text with & < > " ' as character references. */
void annotate_escape_html(GString *out, const char *text);

/* Appends <tag class="cls">text</tag> (no class attribute when cls is
 * NULL), the text escaped by annotate_escape_html(). */
void annotate_html_element(GString *out, const char *tag, const char *cls, const char *text);

/* Appends text so that Markdown shows it literally inside a paragraph,
 * list item or table cell: backslash-escapes \ ` * _ [ ] < | & ~ (all that
 * could start emphasis, code, a link, an HTML tag or an entity, or end a
 * cell) and turns line breaks and tabs into spaces. Block markup (#, >,
 * "- ") only counts at the start of a line, where callers never put
 * escaped text. */
void annotate_escape_markdown(GString *out, const char *text);

#endif /* ANNOTATE_ESCAPE_H */
