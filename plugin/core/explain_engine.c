/* explain_engine.c - the TCP reasoning of tcp-explain.
 *
 * One call per segment: classify the step, do the sequence arithmetic,
 * run the consistency checks, then update the caller's stream record.
 * Sequence numbers are compared modulo 2^32 (RFC 793 / RFC 1982 style).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_engine.h"
#include "explain_timing.h"

#include <glib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Tables generated from the X-macro lists                             */

static const char *const check_ids[] = {
#define EXPLAIN_X_CHECK_ID(name, id, sev) id,
    EXPLAIN_CHECK_LIST(EXPLAIN_X_CHECK_ID)
#undef EXPLAIN_X_CHECK_ID
};

static const explain_severity_t check_severities[] = {
#define EXPLAIN_X_CHECK_SEV(name, id, sev) EXPLAIN_SEVERITY_##sev,
    EXPLAIN_CHECK_LIST(EXPLAIN_X_CHECK_SEV)
#undef EXPLAIN_X_CHECK_SEV
};

static const char *const note_keys[] = {
#define EXPLAIN_X_NOTE_KEY(name, key) key,
    EXPLAIN_NOTE_LIST(EXPLAIN_X_NOTE_KEY)
#undef EXPLAIN_X_NOTE_KEY
};

const char *explain_check_id(explain_check_t check)
{
    return (unsigned)check < EXPLAIN_CHECK_COUNT ? check_ids[check] : NULL;
}

explain_severity_t explain_check_severity(explain_check_t check)
{
    return (unsigned)check < EXPLAIN_CHECK_COUNT ? check_severities[check]
                                                 : EXPLAIN_SEVERITY_WARN;
}

const char *explain_check_state_label(explain_check_state_t state)
{
    switch (state) {
    case EXPLAIN_CHECK_NOT_RUN:   return "not-run";
    case EXPLAIN_CHECK_PASSED:    return "passed";
    case EXPLAIN_CHECK_EXPLAINED: return "explained";
    case EXPLAIN_CHECK_FAILED:    return "failed";
    case EXPLAIN_CHECK_STATE_COUNT:
    default:                      return "?";
    }
}

const char *explain_note_key(explain_note_t note)
{
    return (unsigned)note < EXPLAIN_NOTE_COUNT ? note_keys[note] : NULL;
}

const char *explain_event_label(explain_event_t event)
{
    switch (event) {
#define EXPLAIN_X_EVENT_LABEL(name, label, value) case EXPLAIN_EVENT_##name: return label;
    EXPLAIN_EVENT_LIST(EXPLAIN_X_EVENT_LABEL)
#undef EXPLAIN_X_EVENT_LABEL
    default: return "?";
    }
}

const char *explain_step_label(explain_step_t step)
{
    switch (step) {
#define EXPLAIN_X_STEP_LABEL(name, label, value) case EXPLAIN_STEP_##name: return label;
    EXPLAIN_STEP_LIST(EXPLAIN_X_STEP_LABEL)
#undef EXPLAIN_X_STEP_LABEL
    default: return "?";
    }
}

const char *explain_phase_label(explain_phase_t phase)
{
    switch (phase) {
#define EXPLAIN_X_PHASE_LABEL(name, label, value) case EXPLAIN_PHASE_##name: return label;
    EXPLAIN_PHASE_LIST(EXPLAIN_X_PHASE_LABEL)
#undef EXPLAIN_X_PHASE_LABEL
    default: return "?";
    }
}

const char *explain_role_label(explain_role_t role)
{
    switch (role) {
#define EXPLAIN_X_ROLE_LABEL(name, label, value) case EXPLAIN_ROLE_##name: return label;
    EXPLAIN_ROLE_LIST(EXPLAIN_X_ROLE_LABEL)
#undef EXPLAIN_X_ROLE_LABEL
    default: return "?";
    }
}

/* ------------------------------------------------------------------ */
/* Sequence-space arithmetic (modulo 2^32)                             */

static bool seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static bool seq_gt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static bool seq_ge(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

/* ------------------------------------------------------------------ */

static void side_init(explain_side_t *side, const explain_endpoint_t *endpoint)
{
    memset(side, 0, sizeof *side);
    side->endpoint = *endpoint;
    side->wscale_offered = -1;
}

void explain_stream_init(explain_stream_t *stream)
{
    memset(stream, 0, sizeof *stream);
    stream->client_side = -1;
    stream->first_fin_side = -1;
    stream->side[0].wscale_offered = -1;
    stream->side[1].wscale_offered = -1;
}


/* Which side of the stream sent the segment: 0 or 1. */
static int sender_side(const explain_stream_t *stream, const explain_facts_t *f)
{
    if (explain_endpoint_equal(&f->src, &stream->side[0].endpoint))
        return 0;
    if (explain_endpoint_equal(&f->src, &stream->side[1].endpoint))
        return 1;
    /* Addresses differ from what we saw (NAT, tunnel): fall back on ports. */
    if (f->src.port == stream->side[0].endpoint.port
        && f->dst.port != stream->side[0].endpoint.port)
        return 0;
    return 1;
}

/* Starts (or restarts) the record with the segment's two endpoints. */
static void stream_begin(explain_stream_t *stream, const explain_endpoint_t *first,
                         const explain_endpoint_t *second)
{
    explain_stream_init(stream);
    stream->started = true;
    side_init(&stream->side[0], first);
    side_init(&stream->side[1], second);
}

/* Decides roles by port when no SYN tells: the lower port is the server. */
static void assign_roles_by_port(explain_stream_t *stream)
{
    uint16_t port0 = stream->side[0].endpoint.port;
    uint16_t port1 = stream->side[1].endpoint.port;
    stream->client_side = (port1 > port0) ? 1 : 0;
    stream->role_basis = EXPLAIN_ROLE_BASIS_PORT;
}

/* Forgets gap slot i (the last slot moves into it). */
static void gap_drop(explain_side_t *side, uint8_t i)
{
    side->gaps[i] = side->gaps[side->gap_count - 1];
    side->gap_count--;
}

/* Remembers [start, end) as bytes the capture has not shown; when every
 * slot is taken the oldest range is given up (its bytes, should they come,
 * are then counted as sent again). */
static void gap_add(explain_side_t *side, uint32_t start, uint32_t end)
{
    if (side->gap_count == EXPLAIN_GAP_SLOTS) {
        for (uint8_t i = 1; i < side->gap_count; i++)
            side->gaps[i - 1] = side->gaps[i];
        side->gap_count--;
    }
    side->gaps[side->gap_count].start = start;
    side->gaps[side->gap_count].end = end;
    side->gap_count++;
}

/* Bytes of [start, end) inside the side's gaps; takes them out of the
 * gaps (a range cut in two keeps both parts while a slot is free, else
 * the smaller part is given up). */
static uint32_t gap_take(explain_side_t *side, uint32_t start, uint32_t end)
{
    uint32_t taken = 0;
    for (uint8_t i = 0; i < side->gap_count;) {
        uint32_t gs = side->gaps[i].start;
        uint32_t ge = side->gaps[i].end;
        uint32_t from = seq_gt(start, gs) ? start : gs;
        uint32_t to = seq_lt(end, ge) ? end : ge;
        if (!seq_lt(from, to)) {
            i++;
            continue;
        }
        taken += to - from;
        bool left = seq_lt(gs, from);
        bool right = seq_lt(to, ge);
        if (left && right) {
            side->gaps[i].end = from;
            if (side->gap_count < EXPLAIN_GAP_SLOTS)
                gap_add(side, to, ge);
            else if (ge - to > from - gs)
                side->gaps[i].start = to, side->gaps[i].end = ge;
            i++;
        } else if (left) {
            side->gaps[i].end = from;
            i++;
        } else if (right) {
            side->gaps[i].start = to;
            i++;
        } else {
            gap_drop(side, i);
        }
    }
    /* Gaps never overlap in a sane stream; in any other, never more than
     * the range asked about. */
    return taken < end - start ? taken : end - start;
}

/* New payload bytes in [data_start, data_start + len): bytes the capture
 * shows for the first time, in whatever order they come. Those beyond the
 * side's next seq are new; so are those that fill a gap the capture left
 * before (a segment that came late, out of order, or the resend of bytes
 * whose first copy the capture missed). A segment that starts beyond next
 * seq opens a gap. Updates the gaps. So new + not captured + SYN + FIN =
 * sequence numbers used, and every captured payload byte not new is a
 * byte sent again. */
static uint32_t take_new_bytes(explain_side_t *side, uint32_t data_start, uint32_t len)
{
    uint32_t data_end = data_start + len;
    uint32_t fresh;
    if (!side->next_set)
        return len;
    if (seq_gt(data_start, side->next_seq))
        gap_add(side, side->next_seq, data_start);
    if (seq_ge(data_start, side->next_seq))
        return len;
    if (len == 0)
        return 0;
    fresh = seq_gt(data_end, side->next_seq) ? data_end - side->next_seq : 0;
    fresh += gap_take(side, data_start, seq_gt(data_end, side->next_seq) ? side->next_seq
                                                                         : data_end);
    return fresh < len ? fresh : len;
}

/* The window scale shift in force for a segment of this side:
 * >= 0 scaled, -2 no scaling (SYN, or not negotiated), -1 unknown. */
static int8_t window_shift(const explain_side_t *sender, const explain_side_t *peer, bool syn)
{
    if (syn)
        return -2;
    /* Scaling needs the option in both SYNs: one SYN without it settles it. */
    if ((sender->syn_seen && sender->wscale_offered < 0)
        || (peer->syn_seen && peer->wscale_offered < 0))
        return -2;
    if (!sender->syn_seen || !peer->syn_seen)
        return -1;
    return sender->wscale_offered;
}

/* Everything about one segment, before the record is updated. */
typedef struct {
    explain_stream_t      *stream;
    const explain_facts_t *facts;
    explain_result_t      *out;
    explain_side_t        *sender;
    explain_side_t        *peer;
    int                    d;
    bool                   syn, fin, rst, ack;
    bool                   sender_had_syn;  /* the sender sent a SYN before this segment */
    uint32_t               seg_len;   /* len + SYN + FIN */
    uint32_t               nxt;
} segment_t;

static void note(segment_t *s, explain_note_t n)
{
    s->out->notes |= EXPLAIN_NOTE_BIT(n);
}

static void event(segment_t *s, explain_event_t e)
{
    s->out->events |= EXPLAIN_EVENT_BIT(e);
}

static void check(segment_t *s, explain_check_t c, bool passed)
{
    s->out->checks_applied |= EXPLAIN_CHECK_BIT(c);
    if (!passed)
        s->out->checks_failed |= EXPLAIN_CHECK_BIT(c);
}

/* The SYN-ACK a side of a simultaneous open sends after its own plain SYN:
 * it repeats that SYN's ISN and now acknowledges the peer's SYN. */
static bool simultaneous_open_synack(const segment_t *s)
{
    const explain_side_t *snd = s->sender;
    return s->syn && s->ack && s->sender_had_syn && !snd->synack_sent
           && s->facts->seq_raw == snd->isn && s->peer->syn_seen;
}

/* A SYN that is not the retransmission of this side's SYN, on a stream that
 * already carried a connection, starts a new connection on the same ports. */
static bool starts_new_connection(const explain_stream_t *stream, const explain_side_t *sender,
                                  const explain_facts_t *f)
{
    bool syn_only = (f->flags & (EXPLAIN_TH_SYN | EXPLAIN_TH_ACK | EXPLAIN_TH_RST))
                    == EXPLAIN_TH_SYN;
    if (!syn_only || stream->segments == 0)
        return false;
    if (sender->syn_seen && f->seq_raw == sender->isn)
        return false;
    return sender->syn_seen || !stream->syn_seen || stream->closed;
}

/* Sets base, origin and ISN of the sender, and the peer's base from the ack,
 * the way Wireshark numbers relative sequences. */
static void learn_numbering(segment_t *s)
{
    explain_side_t *snd = s->sender;
    const explain_facts_t *f = s->facts;

    if (!snd->base_set) {
        snd->base = s->syn ? f->seq_raw : f->seq_raw - 1;
        snd->base_set = true;
    }
    if (s->ack && !s->peer->base_set) {
        s->peer->base = f->ack_raw - 1;
        s->peer->base_set = true;
    }
    if (s->syn && !snd->syn_seen) {
        snd->syn_seen = true;
        snd->isn = f->seq_raw;
        snd->origin = f->seq_raw;
        snd->origin_set = true;
        /* RFC 7323: a shift above 14 is taken as 14. */
        snd->wscale_offered = f->opts.has_wscale
                              ? (int8_t)(f->opts.wscale_shift > 14 ? 14 : f->opts.wscale_shift)
                              : -1;
        snd->mss = f->opts.has_mss ? f->opts.mss : 0;
        snd->syn_payload = f->payload_len;
        snd->syn_tfo = f->opts.has_tfo;
        /* A side's first SYN starts its sequence space: anything it sent
         * before (a stale segment) does not count, and relative numbers
         * count from this ISN. */
        snd->next_set = false;
        snd->seq_consumed = 0;
        snd->gap_count = 0;
        snd->base = f->seq_raw;
    }
    if (!snd->origin_set) {
        snd->origin = f->seq_raw;
        snd->origin_set = true;
    }
}

static void decide_roles(segment_t *s)
{
    explain_stream_t *st = s->stream;
    if (s->syn && st->role_basis != EXPLAIN_ROLE_BASIS_SYN) {
        /* SYN alone: the sender opens; SYN-ACK: the sender answers. */
        st->client_side = (int8_t)(s->ack ? 1 - s->d : s->d);
        st->role_basis = EXPLAIN_ROLE_BASIS_SYN;
    } else if (st->role_basis == EXPLAIN_ROLE_BASIS_NONE) {
        assign_roles_by_port(st);
        note(s, EXPLAIN_NOTE_ROLE_BY_PORT);
    }
}

static void classify_rst(segment_t *s)
{
    explain_stream_t *st = s->stream;
    s->out->step = EXPLAIN_STEP_RST;
    /* After the close (both FINs acknowledged, or an earlier reset) a reset
     * neither aborts nor cuts a close short: note.after_close tells it. */
    if (st->closed)
        return;
    if (st->first_fin_side >= 0)
        note(s, EXPLAIN_NOTE_RST_AFTER_FIN);
    else if (!st->handshake_done && st->syn_seen && s->peer->syn_seen && !s->sender->syn_seen)
        note(s, EXPLAIN_NOTE_RST_IN_HANDSHAKE);   /* answers the peer's SYN: refused */
    else
        note(s, EXPLAIN_NOTE_RST_ESTABLISHED);
}

static void classify_syn(segment_t *s)
{
    explain_result_t *out = s->out;
    /* Same ISN again: a retransmission, unless this is the SYN-ACK that a
     * side of a simultaneous open sends after its own plain SYN. */
    bool same_isn = s->sender_had_syn && s->facts->seq_raw == s->sender->isn;
    bool answers_simultaneous_open = same_isn && s->ack && !s->sender->synack_sent;
    bool retransmitted = same_isn && !answers_simultaneous_open;
    out->step = s->ack ? EXPLAIN_STEP_SYN_ACK : EXPLAIN_STEP_SYN;
    out->handshake_step = s->ack ? 2 : 1;
    if (retransmitted)
        note(s, EXPLAIN_NOTE_SYN_RETRANSMITTED);
    if (s->facts->payload_len > 0)
        note(s, EXPLAIN_NOTE_SYN_DATA);
    if (s->facts->opts.has_mss)
        note(s, EXPLAIN_NOTE_OPT_MSS);
    if (s->facts->opts.has_wscale)
        note(s, EXPLAIN_NOTE_OPT_WSCALE);
    if (s->facts->opts.sack_permitted)
        note(s, EXPLAIN_NOTE_OPT_SACK_PERM);
    if (s->facts->opts.has_timestamps)
        note(s, EXPLAIN_NOTE_OPT_TIMESTAMPS);
}

static void classify_fin(segment_t *s)
{
    explain_stream_t *st = s->stream;
    explain_result_t *out = s->out;
    if (st->first_fin_side < 0 || st->first_fin_side == s->d) {
        out->step = EXPLAIN_STEP_FIN;
        out->teardown_step = 1;
    } else {
        out->step = EXPLAIN_STEP_PASSIVE_FIN;
        out->teardown_step = 3;
        if (s->ack && s->peer->fin_seen && s->facts->ack_raw == s->peer->fin_seq + 1
            && st->teardown_seen < 2)
            note(s, EXPLAIN_NOTE_FIN_ALSO_ACKS_FIN);
    }
    if (s->facts->payload_len > 0)
        note(s, EXPLAIN_NOTE_FIN_WITH_DATA);
}

/* An ACK-bearing segment without SYN, FIN or RST. */
static void classify_ack_or_data(segment_t *s)
{
    explain_stream_t *st = s->stream;
    explain_result_t *out = s->out;
    const explain_facts_t *f = s->facts;

    if (s->ack && st->synack_seen && !st->handshake_done && s->d == st->client_side) {
        out->step = EXPLAIN_STEP_HANDSHAKE_ACK;
        out->handshake_step = 3;
        if (f->payload_len > 0)
            note(s, EXPLAIN_NOTE_HANDSHAKE_DATA);
        return;
    }
    if (f->payload_len > 0) {
        out->step = EXPLAIN_STEP_DATA;
        if (s->peer->fin_seen)
            note(s, EXPLAIN_NOTE_HALF_CLOSE_DATA);
        return;
    }
    if (s->ack && s->peer->fin_seen && !s->peer->fin_acked
        && seq_ge(f->ack_raw, s->peer->fin_seq + 1)) {
        if (st->first_fin_side == 1 - s->d) {
            out->step = (s->sender->fin_seen) ? EXPLAIN_STEP_LAST_ACK : EXPLAIN_STEP_FIN_ACK;
        } else {
            out->step = EXPLAIN_STEP_LAST_ACK;
        }
        out->teardown_step = out->step == EXPLAIN_STEP_LAST_ACK ? 4 : 2;
        if (out->step == EXPLAIN_STEP_LAST_ACK)
            note(s, EXPLAIN_NOTE_RECONCILE);
        return;
    }
    out->step = s->ack ? EXPLAIN_STEP_ACK : EXPLAIN_STEP_OTHER;
}

static void classify(segment_t *s)
{
    if (s->rst)
        classify_rst(s);
    else if (s->syn)
        classify_syn(s);
    else if (s->fin)
        classify_fin(s);
    else
        classify_ack_or_data(s);

    if (s->stream->closed && !s->syn)
        note(s, EXPLAIN_NOTE_AFTER_CLOSE);
    if (s->facts->flags & EXPLAIN_TH_PSH)
        note(s, EXPLAIN_NOTE_PSH);
    if (s->facts->flags & EXPLAIN_TH_URG)
        note(s, EXPLAIN_NOTE_URG);
}

/* What this segment's ack acknowledges, compared with the sender's last ack
 * (or, for its first ack, with the first number the peer used). */
static void explain_ack(segment_t *s)
{
    explain_result_t *out = s->out;
    const explain_facts_t *f = s->facts;
    const explain_side_t *snd = s->sender;
    const explain_side_t *peer = s->peer;

    if (!s->ack || !out->prev_ack_known)
        return;
    if (seq_gt(f->ack_raw, out->prev_ack_raw)) {
        out->acked_new = f->ack_raw - out->prev_ack_raw;
        note(s, EXPLAIN_NOTE_ACK_ADVANCES);
    } else if (snd->ack_set) {
        note(s, EXPLAIN_NOTE_ACK_UNCHANGED);
    }
    if (out->acked_new == 0)
        return;
    if (peer->syn_seen && f->ack_raw == peer->isn + 1)
        note(s, EXPLAIN_NOTE_ACKS_SYN);
    if (peer->fin_seen && f->ack_raw == peer->fin_seq + 1)
        note(s, EXPLAIN_NOTE_ACKS_FIN);
}

/* The ack answers the peer's SYN: ISN + 1, or past the data the SYN
 * carried too when that data was accepted (TCP Fast Open). */
static bool acks_isn_plus_one(const explain_side_t *peer, uint32_t ack)
{
    return ack == peer->isn + 1
           || (peer->syn_payload > 0 && ack == peer->isn + 1 + peer->syn_payload);
}

/* Runs every check that applies to the segment, against what the stream
 * showed before it. */
static void run_checks(segment_t *s)
{
    const explain_facts_t *f = s->facts;
    const explain_side_t *snd = s->sender;
    const explain_side_t *peer = s->peer;
    explain_result_t *out = s->out;
    bool syn_repeated = explain_result_has_note(out, EXPLAIN_NOTE_SYN_RETRANSMITTED)
                        || simultaneous_open_synack(s);

    if (s->syn && s->ack && peer->syn_seen)
        check(s, EXPLAIN_CHECK_SYNACK_ACK, acks_isn_plus_one(peer, f->ack_raw));
    if (out->step == EXPLAIN_STEP_HANDSHAKE_ACK && peer->syn_seen)
        check(s, EXPLAIN_CHECK_HANDSHAKE_ACK, acks_isn_plus_one(peer, f->ack_raw));
    /* A reset uses no sequence numbers: its seq need only fall in the
     * receiver's window (seq.rst says so), not continue the sender's. */
    if (snd->next_set && !syn_repeated && !s->rst)
        check(s, EXPLAIN_CHECK_SEQ_CONTINUES, f->seq_raw == snd->next_seq);
    if (s->ack && peer->next_set)
        check(s, EXPLAIN_CHECK_ACK_WITHIN_SENT, !seq_gt(f->ack_raw, peer->next_seq));
    if (snd->fin_seen) {
        uint32_t data_end = f->seq_raw + (s->syn ? 1u : 0u) + f->payload_len;
        bool data_beyond_fin = f->payload_len > 0 && seq_gt(data_end, snd->fin_seq);
        check(s, EXPLAIN_CHECK_NOTHING_AFTER_FIN, !s->syn && !data_beyond_fin);
    }
    /* Wireshark adds only one for a segment with both SYN and FIN. */
    if (f->has_ws_nxtseq && !(s->syn && s->fin)) {
        out->ws_nxtseq_raw = f->seq_raw + (f->ws_nxtseq - f->ws_seq);
        out->ws_nxtseq_known = true;
        check(s, EXPLAIN_CHECK_NXTSEQ_AGREES, out->ws_nxtseq_raw == s->nxt);
    }
}

/* Window notes: on handshake segments and whenever the advertised window changes. */
static void explain_window(segment_t *s)
{
    explain_result_t *out = s->out;
    const explain_side_t *snd = s->sender;
    bool changed = !snd->window_set || snd->last_window != s->facts->window_raw;
    bool handshake = out->handshake_step != 0;

    out->wscale_shift = window_shift(snd, s->peer, s->syn);
    if (out->wscale_shift >= 0)
        out->window_bytes = (uint64_t)s->facts->window_raw << out->wscale_shift;
    else
        out->window_bytes = s->facts->window_raw;
    /* A reset's window means nothing: it is not an offer to receive. */
    if (s->rst || (!handshake && !changed))
        return;
    if (out->wscale_shift >= 0)
        note(s, EXPLAIN_NOTE_WINDOW_SCALED);
    else if (out->wscale_shift == -2)
        note(s, EXPLAIN_NOTE_WINDOW_UNSCALED);
    else
        note(s, EXPLAIN_NOTE_WINDOW_SCALE_UNKNOWN);
}

/* ------------------------------------------------------------------ */
/* Events: what went unusual, with the evidence in the numbers          */

/* Remembers a segment this side sent, for naming retransmitted frames. */
static void remember_segment(explain_side_t *side, uint32_t seq, uint32_t end, uint32_t frame)
{
    if (side->recent_count == EXPLAIN_RECENT_SEGMENTS) {
        uint32_t old_seq = side->recent[side->recent_next].seq;
        uint32_t old_end = side->recent[side->recent_next].end;
        if (!side->evicted_set) {
            side->evicted_lo = old_seq;
            side->evicted_hi = old_end;
            side->evicted_set = true;
        } else {
            if (seq_lt(old_seq, side->evicted_lo))
                side->evicted_lo = old_seq;
            if (seq_gt(old_end, side->evicted_hi))
                side->evicted_hi = old_end;
        }
    }
    side->recent[side->recent_next].seq = seq;
    side->recent[side->recent_next].end = end;
    side->recent[side->recent_next].frame = frame;
    side->recent_next = (uint8_t)((side->recent_next + 1) % EXPLAIN_RECENT_SEGMENTS);
    if (side->recent_count < EXPLAIN_RECENT_SEGMENTS)
        side->recent_count++;
}

/* The earliest remembered frame that carried sequence number seq, or 0:
 * the frame a resent segment's first byte was first seen in (as far as
 * the last EXPLAIN_RECENT_SEGMENTS segments tell). */
static uint32_t recent_frame_holding(const explain_side_t *side, uint32_t seq)
{
    uint32_t found = 0;
    /* An older copy may have fallen out of recent[]: then say nothing. */
    if (side->evicted_set && seq_ge(seq, side->evicted_lo) && seq_lt(seq, side->evicted_hi))
        return 0;
    for (uint8_t i = 0; i < side->recent_count; i++) {
        if (seq_ge(seq, side->recent[i].seq) && seq_lt(seq, side->recent[i].end)
            && (found == 0 || side->recent[i].frame < found))
            found = side->recent[i].frame;
    }
    return found;
}

/* The earliest remembered frame whose bytes overlap [seq, end), or 0. */
static uint32_t recent_frame_overlapping(const explain_side_t *side, uint32_t seq, uint32_t end)
{
    uint32_t found = 0;
    for (uint8_t i = 0; i < side->recent_count; i++) {
        uint32_t rs = side->recent[i].seq;
        uint32_t re = side->recent[i].end;
        if (seq_lt(seq, re) && seq_lt(rs, end) && (found == 0 || side->recent[i].frame < found))
            found = side->recent[i].frame;
    }
    return found;
}

/* The sequence number lies in one of the side's gaps (bytes not captured). */
static bool starts_in_gap(const explain_side_t *side, uint32_t seq)
{
    for (uint8_t i = 0; i < side->gap_count; i++) {
        if (seq_ge(seq, side->gaps[i].start) && seq_lt(seq, side->gaps[i].end))
            return true;
    }
    return false;
}

/* A segment that starts below the sender's next seq: resent, reordered or keep-alive. */
static void detect_going_back(segment_t *s)
{
    const explain_facts_t *f = s->facts;
    const explain_side_t *snd = s->sender;
    const explain_side_t *peer = s->peer;
    explain_result_t *out = s->out;
    uint32_t end = s->nxt;
    bool fills_hole = starts_in_gap(snd, f->seq_raw);

    if (!s->syn && !s->fin && f->payload_len <= 1 && f->seq_raw == snd->next_seq - 1) {
        event(s, EXPLAIN_EVENT_KEEP_ALIVE);
        return;
    }
    bool seen_before = recent_frame_overlapping(snd, f->seq_raw, end) != 0;
    out->orig_frame = recent_frame_holding(snd, f->seq_raw);
    if (peer->dup_acks >= 2 && peer->highest_ack == f->seq_raw) {
        /* The receiver asked for exactly this byte again and again. */
        event(s, EXPLAIN_EVENT_RETRANSMISSION);
        event(s, EXPLAIN_EVENT_FAST_RETRANSMISSION);
        return;
    }
    if (fills_hole && !seen_before) {
        event(s, EXPLAIN_EVENT_OUT_OF_ORDER);
        return;
    }
    event(s, EXPLAIN_EVENT_RETRANSMISSION);
    if (peer->ack_set && seq_ge(peer->highest_ack, end))
        event(s, EXPLAIN_EVENT_SPURIOUS_RETRANSMISSION);
}

/* Events of segments that use sequence numbers (data, SYN, FIN). */
static void detect_sequence_events(segment_t *s)
{
    const explain_facts_t *f = s->facts;
    const explain_side_t *snd = s->sender;
    const explain_side_t *peer = s->peer;

    if (s->rst || !snd->next_set)
        return;
    if (explain_result_has_note(s->out, EXPLAIN_NOTE_SYN_RETRANSMITTED)) {
        event(s, EXPLAIN_EVENT_RETRANSMISSION);
        s->out->orig_frame = recent_frame_holding(snd, f->seq_raw);
        return;
    }
    if (s->syn && s->sender->isn == f->seq_raw)
        return;
    if (s->seg_len == 0) {
        if (s->ack && !s->fin && f->seq_raw == snd->next_seq - 1)
            event(s, EXPLAIN_EVENT_KEEP_ALIVE);
        else if (seq_gt(f->seq_raw, snd->next_seq))
            event(s, EXPLAIN_EVENT_LOST_SEGMENT);   /* an ACK after data not captured */
        return;
    }
    if (seq_lt(f->seq_raw, snd->next_seq))
        detect_going_back(s);
    else if (seq_gt(f->seq_raw, snd->next_seq))
        event(s, EXPLAIN_EVENT_LOST_SEGMENT);
    else if (f->payload_len == 1 && peer->window_set && peer->last_window == 0)
        event(s, EXPLAIN_EVENT_ZERO_WINDOW_PROBE);
}

/* Events of pure ACKs: duplicate ACKs, window updates, answers to probes.
 * As Wireshark defines them: a pure ACK (no data, SYN, FIN or RST) at the
 * sender's next seq, with the same ack as its previous ACK, is a window
 * update when its window (in bytes, as far as the scale is known) differs
 * from the sender's previous one and is not 0; with the same window it is
 * the answer to a keep-alive or a zero-window probe, or a duplicate ACK. */
static void detect_ack_events(segment_t *s)
{
    const explain_facts_t *f = s->facts;
    const explain_side_t *snd = s->sender;
    const explain_side_t *peer = s->peer;
    explain_result_t *out = s->out;

    if (!s->ack || s->syn || s->fin || s->rst || f->payload_len > 0 || !snd->last_ack_set)
        return;
    if (f->ack_raw != snd->last_ack || explain_result_has_event(out, EXPLAIN_EVENT_KEEP_ALIVE))
        return;
    if (!snd->next_set || f->seq_raw != snd->next_seq || !snd->window_set)
        return;
    if (out->window_bytes != snd->last_window_ws) {
        if (f->window_raw != 0) {
            event(s, EXPLAIN_EVENT_WINDOW_UPDATE);
            out->prev_window_raw = snd->last_window;
            out->prev_window_bytes = snd->last_window_ws;
            /* A SYN's window is never scaled; the first scaled one can only
             * say it to the nearest multiple of 2^shift. */
            out->window_rounding = snd->last_window_unscaled && out->wscale_shift > 0
                && snd->last_window_ws > out->window_bytes
                && snd->last_window_ws - out->window_bytes < (UINT64_C(1) << out->wscale_shift);
        }
    } else if (peer->keepalive_pending) {
        event(s, EXPLAIN_EVENT_KEEP_ALIVE_ACK);
    } else if (peer->probe_pending) {
        event(s, EXPLAIN_EVENT_ZERO_WINDOW_PROBE_ACK);
    } else if (f->window_raw != 0) {
        event(s, EXPLAIN_EVENT_DUP_ACK);
        out->dup_ack_count = snd->dup_acks + 1;
    }
}

/* The data ends exactly where the receiver's advertised window ends. */
static void detect_window_full(segment_t *s)
{
    const explain_facts_t *f = s->facts;
    const explain_side_t *peer = s->peer;
    explain_result_t *out = s->out;
    uint32_t data_end = f->seq_raw + (s->syn ? 1u : 0u) + f->payload_len;

    if (f->payload_len == 0 || s->rst || !peer->window_bytes_known || !peer->ack_set)
        return;
    if (peer->last_window_bytes > UINT32_MAX)
        return;
    if (data_end == peer->highest_ack + (uint32_t)peer->last_window_bytes) {
        event(s, EXPLAIN_EVENT_WINDOW_FULL);
        out->in_flight = data_end - peer->highest_ack;
        out->peer_window_bytes = peer->last_window_bytes;
    }
}

/* Handshake and teardown shapes: simultaneous open/close, TCP Fast Open. */
static void detect_shape_events(segment_t *s)
{
    const explain_facts_t *f = s->facts;
    const explain_side_t *peer = s->peer;
    explain_stream_t *st = s->stream;
    explain_result_t *out = s->out;

    if (explain_result_has_note(out, EXPLAIN_NOTE_NEW_CONNECTION))
        event(s, EXPLAIN_EVENT_REUSED_PORTS);
    if (s->syn && !s->ack && peer->syn_seen && !st->synack_seen
        && !explain_result_has_note(out, EXPLAIN_NOTE_SYN_RETRANSMITTED))
        event(s, EXPLAIN_EVENT_SIMULTANEOUS_OPEN);
    if (simultaneous_open_synack(s))
        event(s, EXPLAIN_EVENT_SIMULTANEOUS_OPEN);
    if (s->syn && f->payload_len > 0)
        event(s, f->opts.has_tfo ? EXPLAIN_EVENT_TFO_SYN : EXPLAIN_EVENT_SYN_DATA);
    /* Wireshark saw an old connection on these ports (and gave this SYN a new
     * tcp.stream); a SYN that repeats the ISN we saw is a retransmission. */
    if ((f->analysis & EXPLAIN_TA_REUSED_PORTS) && s->syn && !s->ack
        && !explain_result_has_note(out, EXPLAIN_NOTE_SYN_RETRANSMITTED))
        event(s, EXPLAIN_EVENT_REUSED_PORTS);
    if (s->syn && s->ack && peer->syn_seen && peer->syn_payload > 0 && peer->syn_tfo) {
        if (f->ack_raw == peer->isn + 1 + peer->syn_payload)
            event(s, EXPLAIN_EVENT_TFO_ACCEPTED);
        else if (f->ack_raw == peer->isn + 1)
            event(s, EXPLAIN_EVENT_TFO_IGNORED);
    }
    if (s->rst && !explain_result_has_note(out, EXPLAIN_NOTE_AFTER_CLOSE)) {
        if (explain_result_has_note(out, EXPLAIN_NOTE_RST_IN_HANDSHAKE))
            event(s, EXPLAIN_EVENT_RST_REFUSED);
        else if (explain_result_has_note(out, EXPLAIN_NOTE_RST_AFTER_FIN))
            event(s, EXPLAIN_EVENT_RST_AFTER_FIN);
        else
            event(s, EXPLAIN_EVENT_RST_ABORT);
    }
    if (s->fin && peer->fin_seen && st->first_fin_side != s->d
        && !(s->ack && seq_ge(f->ack_raw, peer->fin_seq + 1)))
        event(s, EXPLAIN_EVENT_SIMULTANEOUS_CLOSE);
    if (explain_result_has_note(out, EXPLAIN_NOTE_HALF_CLOSE_DATA))
        event(s, EXPLAIN_EVENT_HALF_CLOSE);
    if (s->seg_len > 0 && (uint64_t)f->seq_raw + s->seg_len > UINT32_MAX)
        event(s, EXPLAIN_EVENT_SEQ_WRAP);
    if (explain_result_has_note(out, EXPLAIN_NOTE_WINDOW_SCALE_UNKNOWN) && s->sender->packets == 0)
        event(s, EXPLAIN_EVENT_WINDOW_SCALE_UNKNOWN);
}

/* Checks that found something off which an event of the segment accounts
 * for: a seq below the next expected one is a retransmission, a reordered
 * segment or a keep-alive; one above it, bytes the capture does not have. */
static void explain_checks_by_events(explain_result_t *out)
{
    const uint32_t seq_events = EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_RETRANSMISSION)
                                | EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_FAST_RETRANSMISSION)
                                | EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_SPURIOUS_RETRANSMISSION)
                                | EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_OUT_OF_ORDER)
                                | EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_LOST_SEGMENT)
                                | EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_KEEP_ALIVE);
    const uint32_t bit = EXPLAIN_CHECK_BIT(EXPLAIN_CHECK_SEQ_CONTINUES);

    if ((out->checks_failed & bit) && (out->events & seq_events)) {
        out->checks_failed &= ~bit;
        out->checks_explained |= bit;
    }
}

/* Our verdict against Wireshark's, flag by flag: every tcp.analysis flag
 * in EXPLAIN_TA_COMPARED against the event of ours that means the same.
 * The check passes only when each of them is set on both sides or on
 * neither. */
/* X(tcp.analysis flag, our event that means the same), one to one. */
#define EXPLAIN_TA_EVENT_PAIRS(X)                               \
    X(RETRANSMISSION,          RETRANSMISSION)                  \
    X(FAST_RETRANSMISSION,     FAST_RETRANSMISSION)             \
    X(SPURIOUS_RETRANSMISSION, SPURIOUS_RETRANSMISSION)         \
    X(OUT_OF_ORDER,            OUT_OF_ORDER)                    \
    X(LOST_SEGMENT,            LOST_SEGMENT)                    \
    X(ACK_LOST_SEGMENT,        ACK_UNSEEN)                      \
    X(DUPLICATE_ACK,           DUP_ACK)                         \
    X(ZERO_WINDOW,             ZERO_WINDOW)                     \
    X(ZERO_WINDOW_PROBE,       ZERO_WINDOW_PROBE)               \
    X(ZERO_WINDOW_PROBE_ACK,   ZERO_WINDOW_PROBE_ACK)           \
    X(WINDOW_FULL,             WINDOW_FULL)                     \
    X(WINDOW_UPDATE,           WINDOW_UPDATE)                   \
    X(KEEP_ALIVE,              KEEP_ALIVE)                      \
    X(KEEP_ALIVE_ACK,          KEEP_ALIVE_ACK)

static void compare_with_tcp_analysis(segment_t *s)
{
    static const struct {
        uint32_t        ta;
        explain_event_t ours;
    } pairs[] = {
#define EXPLAIN_X_PAIR(ta, ev) { EXPLAIN_TA_##ta, EXPLAIN_EVENT_##ev },
        EXPLAIN_TA_EVENT_PAIRS(EXPLAIN_X_PAIR)
#undef EXPLAIN_X_PAIR
    };
    /* Most segments have none of these flags and none of these events:
     * nothing to compare flag by flag then (the loop's answer is 0). */
#define EXPLAIN_X_TA_OF_PAIR(ta, ev) | EXPLAIN_TA_##ta
#define EXPLAIN_X_EVENT_OF_PAIR(ta, ev) | EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_##ev)
    const uint32_t paired_ta = 0 EXPLAIN_TA_EVENT_PAIRS(EXPLAIN_X_TA_OF_PAIR);
    const uint32_t paired_events = 0 EXPLAIN_TA_EVENT_PAIRS(EXPLAIN_X_EVENT_OF_PAIR);
#undef EXPLAIN_X_TA_OF_PAIR
#undef EXPLAIN_X_EVENT_OF_PAIR
    const explain_facts_t *f = s->facts;
    explain_result_t *out = s->out;
    uint32_t differ = 0;

    if (!f->has_analysis)
        return;
    if ((f->analysis & paired_ta) != 0 || (out->events & paired_events) != 0) {
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            bool ours = explain_result_has_event(out, pairs[i].ours);
            if (ours != ((f->analysis & pairs[i].ta) != 0))
                differ |= pairs[i].ta;
        }
    }
    check(s, EXPLAIN_CHECK_TCP_ANALYSIS, differ == 0);
    /* Wireshark calls the SYN-ACK of a simultaneous open, which repeats the
     * sender's ISN, a retransmission: a difference our event explains. */
    if (differ == EXPLAIN_TA_RETRANSMISSION && simultaneous_open_synack(s)) {
        out->checks_failed &= ~EXPLAIN_CHECK_BIT(EXPLAIN_CHECK_TCP_ANALYSIS);
        out->checks_explained |= EXPLAIN_CHECK_BIT(EXPLAIN_CHECK_TCP_ANALYSIS);
    }
}

/* The ack newly covers bytes of the receiver that the capture has not
 * shown (a gap): they arrived, the capture missed them. */
static bool acks_into_gap(const segment_t *s)
{
    const explain_side_t *peer = s->peer;
    const explain_result_t *out = s->out;
    uint32_t ack = s->facts->ack_raw;

    if (!s->ack || !out->prev_ack_known || !seq_gt(ack, out->prev_ack_raw))
        return false;
    for (uint8_t i = 0; i < peer->gap_count; i++) {
        if (seq_lt(peer->gaps[i].start, ack) && seq_lt(out->prev_ack_raw, peer->gaps[i].end))
            return true;
    }
    return false;
}

static void detect_events(segment_t *s)
{
    explain_result_t *out = s->out;
    const explain_facts_t *f = s->facts;

    detect_shape_events(s);
    detect_sequence_events(s);
    detect_ack_events(s);
    detect_window_full(s);
    if (f->window_raw == 0 && !s->syn && !s->fin && !s->rst)
        event(s, EXPLAIN_EVENT_ZERO_WINDOW);
    if (explain_result_failed(out, EXPLAIN_CHECK_ACK_WITHIN_SENT)) {
        event(s, EXPLAIN_EVENT_ACK_UNSEEN);
    } else if (acks_into_gap(s)) {
        event(s, EXPLAIN_EVENT_ACK_UNSEEN);
        out->acks_gap = true;
    }
    /* the first event in the list's order (lowest bit past NONE) */
    G_STATIC_ASSERT(EXPLAIN_EVENT_COUNT <= 32);
    const uint32_t listed = EXPLAIN_EVENT_COUNT == 32 ? UINT32_MAX
                                                      : (UINT32_C(1) << (EXPLAIN_EVENT_COUNT & 31)) - 1;
    uint32_t later = out->events & listed & ~EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_NONE);
    if (later != 0)
        out->event = (uint8_t)g_bit_nth_lsf(later, -1);
    explain_checks_by_events(out);
    compare_with_tcp_analysis(s);
}

/* Event bookkeeping after the segment: probes, holes, resent bytes. */
static void update_event_state(segment_t *s)
{
    explain_side_t *snd = s->sender;
    explain_side_t *peer = s->peer;
    const explain_facts_t *f = s->facts;
    const explain_result_t *out = s->out;

    if (explain_result_has_event(out, EXPLAIN_EVENT_KEEP_ALIVE))
        snd->keepalive_pending = true;
    if (explain_result_has_event(out, EXPLAIN_EVENT_ZERO_WINDOW_PROBE))
        snd->probe_pending = true;
    if (s->ack && !explain_result_has_event(out, EXPLAIN_EVENT_KEEP_ALIVE)) {
        peer->keepalive_pending = false;
        peer->probe_pending = false;
    }
    if (explain_result_has_event(out, EXPLAIN_EVENT_LOST_SEGMENT)) {
        snd->hole_set = true;
        snd->hole_start = snd->next_seq;
        snd->hole_end = f->seq_raw;
    } else if (explain_result_has_event(out, EXPLAIN_EVENT_OUT_OF_ORDER)
               && f->seq_raw == snd->hole_start) {
        snd->hole_start = s->nxt;
        if (seq_ge(snd->hole_start, snd->hole_end))
            snd->hole_set = false;
    }
    if (s->ack && peer->hole_set && seq_ge(f->ack_raw, peer->hole_end))
        peer->hole_set = false;
    if (explain_result_has_event(out, EXPLAIN_EVENT_DUP_ACK))
        snd->dup_acks++;
    else if (s->ack && (!snd->ack_set || f->ack_raw != snd->highest_ack))
        snd->dup_acks = 0;
    if (s->seg_len > 0 && !s->rst)
        remember_segment(snd, f->seq_raw, s->nxt, f->frame);
    snd->last_seq = f->seq_raw;
    snd->last_seq_set = true;
    if (out->wscale_shift != -1) {
        snd->last_window_bytes = out->window_bytes;
        snd->window_bytes_known = true;
    }
}

/* Moves the record forward past this segment. */
static void update_state(segment_t *s)
{
    explain_stream_t *st = s->stream;
    explain_side_t *snd = s->sender;
    explain_side_t *peer = s->peer;
    const explain_facts_t *f = s->facts;
    explain_result_t *out = s->out;

    snd->packets++;
    st->segments++;
    snd->last_window = f->window_raw;
    snd->last_window_ws = out->window_bytes;
    snd->last_window_unscaled = out->wscale_shift == -2 && s->syn;
    snd->window_set = true;
    if (s->ack) {
        snd->last_ack = f->ack_raw;
        snd->last_ack_set = true;
    }

    /* A zero-window probe's byte is not taken by the receiver (its window
     * is 0): the sender's next seq stays, so a repeated probe is again at
     * next seq and the data that follows is new (RFC 9293 3.8.6.1). */
    bool probe = explain_result_has_event(out, EXPLAIN_EVENT_ZERO_WINDOW_PROBE);
    if (!s->rst) {
        uint32_t data_start = f->seq_raw + (s->syn ? 1u : 0u);
        /* A probe's byte stays unsent as far as next seq goes: it is sent
         * again (as new data) once the window opens. */
        uint32_t fresh = probe ? 0 : take_new_bytes(snd, data_start, f->payload_len);
        out->new_bytes = fresh;
        snd->payload_total += fresh;
        snd->retrans_bytes += f->payload_len - fresh;
        if (probe && snd->next_set) {
            /* next seq, totals and the recent segments stay as they are */
        } else if (!snd->next_set) {
            snd->seq_consumed = s->nxt - snd->origin;
            snd->next_seq = s->nxt;
            snd->next_set = true;
        } else if (seq_gt(s->nxt, snd->next_seq)) {
            snd->seq_consumed += s->nxt - snd->next_seq;
            snd->next_seq = s->nxt;
        }
        if (s->fin && !snd->fin_seen) {
            snd->fin_seen = true;
            snd->fin_seq = data_start + f->payload_len;
        }
    }
    if (s->ack && (!snd->ack_set || seq_gt(f->ack_raw, snd->highest_ack))) {
        snd->highest_ack = f->ack_raw;
        snd->ack_set = true;
    }
    if (s->ack && peer->fin_seen && seq_ge(f->ack_raw, peer->fin_seq + 1))
        peer->fin_acked = true;

    if (s->syn)
        st->syn_seen = true;
    if (s->syn && s->ack)
        snd->synack_sent = true;
    if (s->syn && s->ack)
        st->synack_seen = true;
    if (out->step == EXPLAIN_STEP_HANDSHAKE_ACK)
        st->handshake_done = true;
    if (s->fin && st->first_fin_side < 0)
        st->first_fin_side = (int8_t)s->d;
    if (out->teardown_step > st->teardown_seen)
        st->teardown_seen = out->teardown_step;
    st->steps_seen |= (uint16_t)(1u << out->step);

    if (s->rst || (snd->fin_acked && peer->fin_acked))
        st->closed = true;

    if (st->closed)
        st->phase = EXPLAIN_PHASE_CLOSED;
    else if (st->first_fin_side >= 0)
        st->phase = EXPLAIN_PHASE_TEARDOWN;
    else if (s->syn && !st->handshake_done)
        st->phase = EXPLAIN_PHASE_HANDSHAKE;
    else if (!s->syn && s->ack)
        st->phase = EXPLAIN_PHASE_ESTABLISHED;
    else if (st->phase == EXPLAIN_PHASE_UNKNOWN && !st->syn_seen)
        st->phase = EXPLAIN_PHASE_ESTABLISHED;
    if (st->phase == EXPLAIN_PHASE_ESTABLISHED && !st->handshake_done && st->syn_seen
        && st->synack_seen)
        st->handshake_done = true;
}

/* Copies the per-side totals (after this segment) into the result. */
static void report_totals(segment_t *s)
{
    explain_result_t *out = s->out;
    const explain_side_t *snd = s->sender;
    const explain_side_t *peer = s->peer;

    out->phase = s->stream->phase;
    out->payload_total = snd->payload_total;
    out->seq_consumed = snd->seq_consumed;
    out->syn_count = snd->syn_seen && snd->origin == snd->isn ? 1 : 0;
    out->fin_count = snd->fin_seen ? 1 : 0;
    out->fin_seen = snd->fin_seen;
    out->fin_seq_raw = snd->fin_seq;
    out->peer_payload_total = peer->payload_total;
    out->peer_seq_consumed = peer->seq_consumed;
    out->peer_syn_count = peer->syn_seen && peer->origin == peer->isn ? 1 : 0;
    out->peer_fin_count = peer->fin_seen ? 1 : 0;
    out->peer_fin_seen = peer->fin_seen;
    out->peer_fin_seq_raw = peer->fin_seq;
    out->retrans_bytes = snd->retrans_bytes;
    out->peer_retrans_bytes = peer->retrans_bytes;
    out->steps_seen = s->stream->steps_seen;
    out->fins_acked = snd->fin_acked && peer->fin_acked;
    out->isn_known = snd->syn_seen;
    out->isn_raw = snd->isn;
    out->peer_isn_known = peer->syn_seen;
    out->peer_isn_raw = peer->isn;
}

void explain_segment(explain_stream_t *stream, const explain_facts_t *facts,
                     explain_result_t *out)
{
    segment_t s;

    memset(out, 0, sizeof *out);
    if (!stream->started)
        stream_begin(stream, &facts->src, &facts->dst);

    s.stream = stream;
    s.facts = facts;
    s.out = out;
    s.d = sender_side(stream, facts);
    s.sender = &stream->side[s.d];
    s.peer = &stream->side[1 - s.d];
    s.syn = (facts->flags & EXPLAIN_TH_SYN) != 0;
    s.fin = (facts->flags & EXPLAIN_TH_FIN) != 0;
    s.rst = (facts->flags & EXPLAIN_TH_RST) != 0;
    s.ack = (facts->flags & EXPLAIN_TH_ACK) != 0;
    s.seg_len = facts->payload_len + (s.syn ? 1u : 0u) + (s.fin ? 1u : 0u);
    s.nxt = facts->seq_raw + s.seg_len;

    if (starts_new_connection(stream, s.sender, facts)) {
        explain_endpoint_t first = s.sender->endpoint;
        explain_endpoint_t second = s.peer->endpoint;
        stream_begin(stream, &first, &second);
        s.d = 0;
        s.sender = &stream->side[0];
        s.peer = &stream->side[1];
        note(&s, EXPLAIN_NOTE_NEW_CONNECTION);
    }
    s.sender_had_syn = s.sender->syn_seen;
    if (stream->segments == 0 && !s.syn)
        note(&s, EXPLAIN_NOTE_MIDSTREAM_FIRST);

    out->frame = facts->frame;
    out->flags = facts->flags;
    out->window_raw = facts->window_raw;
    out->seq_raw = facts->seq_raw;
    out->ack_raw = facts->ack_raw;
    out->payload_len = facts->payload_len;
    out->opts = facts->opts;
    out->analysis = facts->analysis;
    out->has_analysis = facts->has_analysis;
    out->sender_side = (uint8_t)s.d;
    out->sender_port = facts->src.port;
    out->receiver_port = facts->dst.port;
    out->nxtseq_raw = s.nxt;
    out->peer_seen = s.peer->packets > 0;

    /* A side's first SYN after segments of its own (a stale conversation on
     * the same ports): what it acknowledged then says nothing about now. */
    if (s.syn && !s.sender->syn_seen && s.sender->packets > 0) {
        s.sender->ack_set = false;
        s.sender->last_ack_set = false;
        s.sender->dup_acks = 0;
    }

    /* What we knew before this segment. */
    out->prev_next_known = s.sender->next_set;
    out->prev_next_raw = s.sender->next_seq;
    /* Before its first ack, a side has acknowledged nothing of the peer:
     * count from the first sequence number the peer was seen using. */
    out->prev_ack_known = s.sender->ack_set || s.peer->origin_set;
    out->prev_ack_raw = s.sender->ack_set ? s.sender->highest_ack : s.peer->origin;
    out->peer_next_known = s.peer->next_set;
    out->peer_ack_known = s.peer->ack_set;
    out->peer_ack_raw = s.peer->highest_ack;
    out->peer_next_raw = s.peer->next_seq;

    decide_roles(&s);
    classify(&s);
    learn_numbering(&s);
    explain_ack(&s);
    run_checks(&s);
    explain_window(&s);
    detect_events(&s);

    out->base_raw = s.sender->base;
    out->seq_rel = facts->seq_raw - s.sender->base;
    out->nxtseq_rel = s.nxt - s.sender->base;
    out->ack_known = s.ack && s.peer->base_set;
    out->peer_base_raw = s.peer->base;
    out->ack_rel = out->ack_known ? facts->ack_raw - s.peer->base : 0;
    out->role = (uint8_t)(stream->client_side == s.d ? EXPLAIN_ROLE_CLIENT : EXPLAIN_ROLE_SERVER);
    out->role_basis = stream->role_basis;

    update_event_state(&s);
    update_state(&s);
    report_totals(&s);
    explain_timing_segment(stream, facts, out);
}
