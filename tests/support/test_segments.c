/* test_segments.c - compact segments for engine-driven unit tests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test_segments.h"

#include <string.h>

#define F EXPLAIN_TH_FIN
#define S EXPLAIN_TH_SYN
#define P EXPLAIN_TH_PSH
#define A EXPLAIN_TH_ACK
#define C_ISN TEST_NOTE_CLIENT_ISN
#define S_ISN TEST_NOTE_SERVER_ISN

const test_seg_t test_note_flow[TEST_NOTE_PACKETS] = {
    { 'c', S,     C_ISN,      0,          0,  65535 },
    { 's', S | A, S_ISN,      C_ISN + 1,  0,  65535 },
    { 'c', A,     C_ISN + 1,  S_ISN + 1,  0,  10233 },
    { 'c', P | A, C_ISN + 1,  S_ISN + 1,  34, 10233 },
    { 's', A,     S_ISN + 1,  C_ISN + 35, 0,  10233 },
    { 'c', F | A, C_ISN + 35, S_ISN + 1,  0,  10233 },
    { 's', A,     S_ISN + 1,  C_ISN + 36, 0,  10233 },
    { 's', F | A, S_ISN + 1,  C_ISN + 36, 0,  10233 },
    { 'c', A,     C_ISN + 36, S_ISN + 2,  0,  10233 },
};

const test_ports_t test_note_ports = { 24491, 5000 };

explain_facts_t test_facts(const test_seg_t *seg, uint32_t frame, test_ports_t ports)
{
    explain_facts_t f;
    explain_endpoint_t client = { .addr = { 192, 168, 1, 10 }, .addr_len = 4,
                                  .port = ports.client_port };
    explain_endpoint_t server = { .addr = { 192, 168, 1, 20 }, .addr_len = 4,
                                  .port = ports.server_port };

    memset(&f, 0, sizeof f);
    f.frame = frame;
    f.src = seg->dir == 'c' ? client : server;
    f.dst = seg->dir == 'c' ? server : client;
    f.flags = (uint16_t)(seg->flags & ~TEST_TFO);
    f.seq_raw = seg->seq;
    f.ack_raw = seg->ack;
    f.payload_len = seg->len;
    f.window_raw = seg->win;
    if (seg->flags & S) {
        f.opts.has_mss = true;
        f.opts.mss = 1460;
        f.opts.has_wscale = true;
        f.opts.wscale_shift = 8;
        f.opts.sack_permitted = true;
        f.opts.has_tfo = (seg->flags & TEST_TFO) != 0;
    }
    return f;
}
