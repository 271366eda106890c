/* tcpgen_scenario.h - read a .scn scenario into a list of finished frames.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The whole scenario is read and checked before anything is written, so a
 * bad line never leaves a half-written capture behind. The format itself
 * is described in tests/fixtures/README.md.
 */
#ifndef TCPGEN_SCENARIO_H
#define TCPGEN_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcpgen_capture.h"

/* One frame ready for the capture writer. */
typedef struct tcpgen_record {
    uint64_t timestamp_usec;
    uint8_t *data;               /* captured_len bytes */
    uint32_t captured_len;
    uint32_t original_len;
    char *comment;               /* NULL when the packet has no comment */
} tcpgen_record;

typedef struct tcpgen_scenario {
    tcpgen_capture_format format;
    uint32_t linktype;           /* TCPGEN_LINKTYPE_* */
    uint32_t snaplen;            /* written in the file header */
    tcpgen_record *records;
    size_t record_count;
} tcpgen_scenario;

/* Reads the scenario at path into *scenario. On any problem prints one
 * "path:line: what is wrong" message to errors and returns false; the
 * scenario is then empty and needs no freeing. */
bool tcpgen_scenario_load(const char *path, tcpgen_scenario *scenario, FILE *errors);

/* Frees what tcpgen_scenario_load allocated; safe on an empty scenario. */
void tcpgen_scenario_free(tcpgen_scenario *scenario);

#endif /* TCPGEN_SCENARIO_H */
