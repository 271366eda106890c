/* explain_placeholders.c - is a {name} one the narrative knows how to fill?
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_placeholders.h"
#include "explain_timing_placeholders.h"

#include <string.h>

typedef struct {
    const char *name;
    size_t      len;
} placeholder_name_t;

static const placeholder_name_t known_names[] = {
#define EXPLAIN_X(name, what) { #name, sizeof(#name) - 1 },
    EXPLAIN_PLACEHOLDER_LIST(EXPLAIN_X)
    EXPLAIN_TIMING_PLACEHOLDER_LIST(EXPLAIN_X)
#undef EXPLAIN_X
};

/* True when the name_len bytes at name spell exactly one of the names in
 * EXPLAIN_PLACEHOLDER_LIST or
 * EXPLAIN_TIMING_PLACEHOLDER_LIST. A NULL name is never known. */
bool explain_placeholder_known(const char *name, size_t name_len)
{
    if (name == NULL) {
        return false;
    }
    for (size_t i = 0; i < sizeof(known_names) / sizeof(known_names[0]); i++) {
        if (known_names[i].len == name_len && memcmp(known_names[i].name, name, name_len) == 0) {
            return true;
        }
    }
    return false;
}
