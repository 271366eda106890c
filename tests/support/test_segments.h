/* test_segments.h - compact segments for engine-driven unit tests.
 *
 * A test_seg_t is one line of a hand-written conversation; test_facts()
 * turns it into the facts the engine reads. Shared by the engine, event,
 * narrative and voice tests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TEST_SEGMENTS_H
#define TEST_SEGMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "explain_engine.h"

/* Not a TCP flag: marks a SYN that carries a TCP Fast Open option. */
#define TEST_TFO 0x8000

/* One segment: 'c' client->server, 's' server->client. */
typedef struct {
    char     dir;
    uint16_t flags;     /* EXPLAIN_TH_* (and TEST_TFO) */
    uint32_t seq;
    uint32_t ack;
    uint32_t len;
    uint16_t win;
} test_seg_t;

/* The two ends: client 192.168.1.10, server 192.168.1.20, given ports. */
typedef struct {
    uint16_t client_port;
    uint16_t server_port;
} test_ports_t;

/* The facts of seg as frame number frame. Every SYN offers MSS 1460,
 * window scale shift 8 and SACK. */
explain_facts_t test_facts(const test_seg_t *seg, uint32_t frame, test_ports_t ports);

/* The note's netcat session (../shared/seed/tcp-flow-note.txt): client ISN
 * 4126488336 on port 24491, server ISN 547479085 on port 5000. */
#define TEST_NOTE_CLIENT_ISN 4126488336u
#define TEST_NOTE_SERVER_ISN 547479085u
#define TEST_NOTE_PACKETS 9
extern const test_seg_t test_note_flow[TEST_NOTE_PACKETS];
extern const test_ports_t test_note_ports;

#endif /* TEST_SEGMENTS_H */
