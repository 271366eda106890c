/* annotate_config.c - the parts of the configuration that are more than
 * plain values: the --streams list, parsed and queried.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdlib.h>

#include <glib.h>

#include "annotate_config.h"

/* Compares two stream numbers, for qsort. */
static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Parses a plain decimal number (digits only) that fits 32 bits. */
bool annotate_parse_uint32(const char *s, uint32_t *out)
{
    if (!g_ascii_isdigit(*s))
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* Parses "0,2,5-7" into a sorted, duplicate-free list. */
bool annotate_config_parse_streams(annotate_config_t *config, const char *text)
{
    GArray *list = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    gchar **items = g_strsplit(text, ",", -1);
    bool ok = items[0] != NULL;
    for (gchar **item = items; ok && *item != NULL; item++) {
        char *dash = strchr(*item, '-');
        uint32_t from, to;
        if (dash != NULL) {
            *dash = '\0';
            ok = annotate_parse_uint32(*item, &from) && annotate_parse_uint32(dash + 1, &to) &&
                 from <= to && to - from < 1000000u;
        } else {
            ok = annotate_parse_uint32(*item, &from);
            to = from;
        }
        for (uint64_t n = from; ok && n <= to; n++) {
            uint32_t v = (uint32_t)n;
            g_array_append_val(list, v);
        }
    }
    g_strfreev(items);
    if (!ok) {
        g_array_free(list, TRUE);
        return false;
    }
    qsort(list->data, list->len, sizeof(uint32_t), compare_u32);
    guint unique = 0;
    for (guint i = 0; i < list->len; i++) {
        uint32_t v = g_array_index(list, uint32_t, i);
        if (unique == 0 || g_array_index(list, uint32_t, unique - 1) != v)
            g_array_index(list, uint32_t, unique++) = v;
    }
    config->stream_count = unique;
    config->streams = (uint32_t *)(void *)g_array_free(list, FALSE);
    return true;
}

bool annotate_config_stream_selected(const annotate_config_t *config, uint32_t stream)
{
    if (config->stream_count == 0)
        return true;
    return bsearch(&stream, config->streams, config->stream_count, sizeof(uint32_t),
                   compare_u32) != NULL;
}
