/* explain_log.h - a compact, lossless log of the facts of a TCP stream.
 *
 * Plain C11, no I/O, no allocation, no Wireshark headers. Instead of a
 * result per packet, the plugin keeps per stream a byte log of every
 * segment's explain_facts_t and replays the engine from it. Each record
 * is predicted from the records before it in the same log and holds only
 * what differs, so a typical segment takes 2 to 6 bytes (1 more with TCP
 * timestamps); the first record of a log, which names the stream and both
 * endpoints, takes about 30.
 *
 * Records decode back exactly: every field of explain_facts_t, whatever
 * its value (the option values even when their has_* flag is false). An
 * endpoint's value is addr_len and the first addr_len bytes of addr (all
 * 16 when addr_len > 16); decoded endpoints have the rest of addr zero.
 *
 * One record, in this order ("zigzag" is a signed difference mod 2^32,
 * zigzag-mapped; every number is an LEB128 varint unless said otherwise):
 *   header   bit 0 sender side: 0 when (src, dst) are the log's first
 *            (src, dst), 1 when swapped (else any, see extras bit 0);
 *            bit 1 seq as predicted: that side's previous seq + len + SYN
 *            + FIN (before its first record: the other side's last ack);
 *            bits 2-3 ack: 0 the side's previous ack, 1 the other side's
 *            highest seq + len + SYN + FIN, 2 zigzag from that, 3 zigzag
 *            from the side's previous ack;
 *            bit 4 flags, bit 5 len, bit 6 window as the side's previous;
 *            bit 7 an extras byte follows
 *   extras   bit 0 endpoints written, bit 1 stream changed, bit 2 options
 *            not as predicted, bit 3 analysis non-zero, bit 4 dup_ack_count
 *            non-zero, bit 5 has_analysis not the previous record's (true
 *            before the first), bit 6 Wireshark's seq and next seq not as
 *            predicted; bit 7 SACK edges follow
 *   stream, src, dst  the first record: stream, then each endpoint as
 *            addr_len (1 byte), min(addr_len, 16) address bytes, port (2
 *            bytes, big-endian); later records: zigzag stream change and
 *            both endpoints, when the extras say so
 *   frame    frame - previous frame - 1, mod 2^32 (one byte for +1..+128;
 *            a frame going backwards takes 5)
 *   seq      zigzag from the prediction, unless predicted
 *   ack      as bits 2-3 say
 *   flags    flags XOR the side's previous flags, unless the same
 *   len      payload_len, unless the same
 *   window   zigzag of the 16-bit difference, unless the same
 *   options  when not as predicted: a varint of bits (has_mss, has_wscale,
 *            sack_permitted, has_timestamps, mss written, wscale written,
 *            sack_blocks written, has_tfo, timestamps written without
 *            has_timestamps), then mss (2 bytes, big-endian), wscale_shift
 *            (1 byte), sack_blocks (1 byte) when written; mss and wscale
 *            are predicted as the side's previous when present, else 0.
 *            Predicted options are the side's previous ones, and the
 *            timestamps follow whenever has_timestamps (or written): tsval
 *            is predicted as the side's previous tsval, tsecr as the other
 *            side's last tsval (the side's previous tsecr before the other
 *            side's first record); a byte 0sss tttt means tsval + t
 *            (0..15) and tsecr + zigzag s (-4..3), 1000 0sss means tsecr
 *            + zigzag s and a varint tsval difference (mod 2^32) follows,
 *            1000 1000 that it and a zigzag tsecr difference follow
 *   analysis, dup_ack_count  when non-zero
 *   ws       when not as predicted: a byte of bits (has_ws_nxtseq, ws_seq
 *            written, ws_nxtseq written) and the written values, zigzag
 *            from their predictions. Predicted: has_ws_nxtseq as in the
 *            log's last record that was alike in carrying sequence space
 *            (len + SYN + FIN > 0) or not (true before one); when true,
 *            ws_seq = seq + the side's last (ws_seq - seq) (before one: 0
 *            for a SYN, else 1, as Wireshark's relative numbers) and
 *            ws_nxtseq = ws_seq + len + 1 if SYN or FIN (Wireshark counts
 *            them as one); when false, both 0
 *   sack     when the extras say so: a byte n (1..4), the number of
 *            blocks written (up to the last with a non-zero edge), then
 *            per block zigzag(sack_le - ack) and zigzag(sack_re - sack_le)
 *   time     always: z = zigzag of the 64-bit difference from the previous
 *            record's time_ns (0 before the first), as the varint
 *            (z / 1000) << 1 | (z % 1000 != 0), then z % 1000 when not 0
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_LOG_H
#define EXPLAIN_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a log remembers of one direction: its previous record. */
typedef struct {
    bool                  seen;         /* this side has sent a record */
    bool                  ws_known;     /* ws_offset comes from one of its records */
    uint16_t              flags;
    uint16_t              window_raw;
    uint32_t              next_seq;     /* previous seq_raw + payload_len + SYN + FIN */
    uint32_t              highest_end;  /* the furthest such end so far (mod 2^32) */
    uint32_t              ack_raw;
    uint32_t              payload_len;
    uint32_t              ws_offset;    /* ws_seq - seq_raw, last known */
    explain_tcp_options_t opts;
} explain_log_side_t;

/* Prediction state of one stream's log; the same sequence of records
 * must be fed to the encoder's and the decoder's copies. Plain data:
 * copying it (memcpy) makes a checkpoint. */
typedef struct {
    bool               started;       /* a record has been written (read) */
    bool               has_analysis;  /* the last record's has_analysis */
    bool               ws_has[2];     /* last has_ws_nxtseq without [0], with [1] seq space */
    uint32_t           frame;         /* the last record's frame */
    int64_t            time_ns;       /* the last record's time */
    uint32_t           stream;        /* the last record's stream */
    explain_endpoint_t endpoint[2];   /* the first record's src [0] and dst [1] */
    explain_log_side_t side[2];       /* side[0] sends from endpoint[0] */
} explain_log_context_t;

/* Prepares a context for a stream's first record. */
void explain_log_context_init(explain_log_context_t *ctx);

/* Worst-case size of one record in bytes: header and extras (2), stream
 * (5), two endpoints (2 x 19), frame, seq and ack (3 x 5), flags (3), len
 * (5), window (3), options (2 + 2 + 1 + 1) and timestamps (1 + 5 + 5),
 * analysis and dup_ack_count (2 x 5), Wireshark's numbers (1 + 5 + 5),
 * SACK edges (1 + 4 x 2 x 5), time (8 + 2). */
#define EXPLAIN_LOG_MAX_RECORD 160

/* Appends facts as one record: writes at most EXPLAIN_LOG_MAX_RECORD bytes
 * to out, returns how many (at least 2), and advances ctx. Never fails. */
size_t explain_log_encode(explain_log_context_t *ctx, const explain_facts_t *facts,
                          uint8_t *out);

/* Reads one record from in[0..avail) written by explain_log_encode() with a
 * context in the same state: fills *facts with exactly the facts encoded,
 * advances ctx and returns the bytes used; 0 when the bytes are not a
 * whole valid record (ctx is then left as it was, facts unspecified).
 * Never reads beyond in[avail - 1]. */
size_t explain_log_decode(explain_log_context_t *ctx, const uint8_t *in, size_t avail,
                          explain_facts_t *facts);

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_LOG_H */
