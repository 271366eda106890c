/* annotate_escape.c - HTML and Markdown escaping.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_escape.h"

#include <string.h>

void annotate_escape_html(GString *out, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        switch (*p) {
        case '&':  g_string_append(out, "&amp;"); break;
        case '<':  g_string_append(out, "&lt;"); break;
        case '>':  g_string_append(out, "&gt;"); break;
        case '"':  g_string_append(out, "&quot;"); break;
        case '\'': g_string_append(out, "&#39;"); break;
        default:   g_string_append_c(out, *p); break;
        }
    }
}

void annotate_html_element(GString *out, const char *tag, const char *cls, const char *text)
{
    if (cls != NULL)
        g_string_append_printf(out, "<%s class=\"%s\">", tag, cls);
    else
        g_string_append_printf(out, "<%s>", tag);
    annotate_escape_html(out, text);
    g_string_append_printf(out, "</%s>", tag);
}

void annotate_escape_markdown(GString *out, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t') {
            g_string_append_c(out, ' ');
        } else if (strchr("\\`*_[]<|&~", *p) != NULL) {
            g_string_append_c(out, '\\');
            g_string_append_c(out, *p);
        } else {
            g_string_append_c(out, *p);
        }
    }
}
