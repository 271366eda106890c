/* annotate_packet.h - one packet as tshark with the explain plugin sees it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_PACKET_H
#define ANNOTATE_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain_engine.h"   /* step, role and check ids: the field values */

/* At most this many failed-check messages are kept per packet. */
#define ANNOTATE_MAX_MESSAGES EXPLAIN_CHECK_COUNT

/* The fields of one tshark output line. Strings point into the reader's
 * line buffer and stay valid until the next line is read; absent string
 * fields are "". */
typedef struct {
    uint32_t    frame;
    bool        is_tcp;           /* tcp.stream present */
    bool        explained;        /* explain.summary present */
    uint32_t    stream;
    const char *src_addr;         /* ip(v6).src */
    const char *dst_addr;
    uint16_t    src_port;
    uint16_t    dst_port;
    uint16_t    flags;            /* tcp.flags, EXPLAIN_TH_* bits */
    uint8_t     role;             /* explain_role_t */
    uint8_t     step;             /* explain_step_t */
    uint8_t     phase;            /* explain_phase_t */
    bool        has_ack;          /* explain.ack.raw present */
    bool        has_ack_rel;      /* explain.ack.rel present */
    bool        has_nxtseq;
    uint32_t    seq_rel;
    uint32_t    seq_raw;
    uint32_t    ack_rel;
    uint32_t    ack_raw;
    uint32_t    len;
    uint32_t    nxtseq;
    uint64_t    payload_total;    /* sender's new payload bytes so far */
    uint64_t    seq_consumed;     /* sender's sequence numbers used so far */
    bool        retransmission;   /* tcp.analysis.(fast_|spurious_)retransmission */
    /* For ladders and exercises (issue 17). */
    bool        has_time;         /* frame.time_relative present */
    double      time_rel;         /* seconds since the capture's first frame */
    bool        dup_ack;          /* tcp.analysis.duplicate_ack */
    bool        lost_before;      /* tcp.analysis.lost_segment: a gap before it */
    bool        has_rtt;          /* explain.rtt (issue 15); see annotate_fields.c */
    double      rtt;              /* seconds */
    bool        check_failed;
    bool        check_explained;   /* a check an event of the packet explains */
    uint32_t    failed_checks;    /* EXPLAIN_CHECK_BIT of each failed check */
    size_t      message_count;    /* failed-check messages, in check order */
    const char *messages[ANNOTATE_MAX_MESSAGES];
    const char *summary;
    const char *text;
    /* The explain plugin's end-of-stream summary, its sentences separated
     * by '\n' (explain.stream.summary): on the packet that closes the
     * stream, or (tshark -2 with the fields reader) on the last packet of
     * a stream that did not close; "" elsewhere. */
    const char *stream_summary;
} annotate_packet_t;

#endif /* ANNOTATE_PACKET_H */
