/* explain_timing.c - the engine's reasoning about time and flow
 * (explain_timing.h).
 *
 * Per direction it keeps a small ring of the segments sent and not yet
 * acknowledged (end, frame, time). An ACK takes from the head every
 * segment it covers whole: those are the frames it answers, and when the
 * last of them ends exactly at the ack, the time since that one was sent
 * is the round-trip time, as Wireshark's tcp.analysis.ack_rtt measures it.
 * Bytes in flight after a data segment are the sender's highest next
 * sequence number minus the receiver's highest ack, as
 * tcp.analysis.bytes_in_flight (Wireshark 4.0) counts them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_timing.h"

#include <string.h>

static const char *const retrans_kind_labels[] = {
#define EXPLAIN_X_RK_LABEL(name, label, value) [value] = label,
    EXPLAIN_RETRANS_KIND_LIST(EXPLAIN_X_RK_LABEL)
#undef EXPLAIN_X_RK_LABEL
};

const char *explain_retrans_kind_label(explain_retrans_kind_t kind)
{
    if ((int)kind < 0 || kind >= EXPLAIN_RETRANS_KIND_COUNT)
        return "?";
    return retrans_kind_labels[kind];
}

static bool seq_ge(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) >= 0;
}

static bool seq_gt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

/* Microseconds since the stream began, or EXPLAIN_TIMING_TOO_LATE. A frame
 * before the first (a capture out of order) counts as at the start. */
static uint32_t stream_us(const explain_timing_t *t, int64_t time_ns)
{
    if (time_ns <= t->start_ns)
        return 0;
    uint64_t us = ((uint64_t)time_ns - (uint64_t)t->start_ns) / 1000u;
    return us >= EXPLAIN_TIMING_TOO_LATE ? EXPLAIN_TIMING_TOO_LATE : (uint32_t)us;
}

/* now - then in ns, both stream times; false when either is too late or
 * then is after now. */
static bool elapsed_ns(const explain_timing_t *t, int64_t now_ns, uint32_t then_us, int64_t *out)
{
    if (then_us == EXPLAIN_TIMING_TOO_LATE)
        return false;
    int64_t then_ns = t->start_ns + (int64_t)then_us * 1000;
    if (now_ns < then_ns)
        return false;
    *out = now_ns - then_ns;
    return true;
}

static explain_timing_seg_t *ring_at(explain_timing_side_t *side, unsigned i)
{
    return &side->unacked[(side->head + i) % EXPLAIN_TIMING_UNACKED];
}

static bool ring_gap_at(const explain_timing_side_t *side, unsigned i)
{
    unsigned slot = (side->head + i) % EXPLAIN_TIMING_UNACKED;
    return (side->gap_before >> slot) & 1u;
}

/* Remembers a segment [start, end) sent for the first time. */
static void ring_push(explain_timing_side_t *side, uint32_t start, uint32_t end, uint32_t frame,
                      uint32_t t_us)
{
    if (side->count == EXPLAIN_TIMING_UNACKED) {
        side->dropped = true;
        return;
    }
    unsigned slot = (side->head + side->count) % EXPLAIN_TIMING_UNACKED;
    side->unacked[slot].start = start;
    side->unacked[slot].end = end;
    side->unacked[slot].frame = frame;
    side->unacked[slot].t_us = t_us;
    if (side->dropped)
        side->gap_before |= (uint16_t)(1u << slot);
    else
        side->gap_before &= (uint16_t)~(1u << slot);
    side->dropped = false;
    side->count++;
}

static void ring_pop(explain_timing_side_t *side)
{
    side->head = (uint8_t)((side->head + 1) % EXPLAIN_TIMING_UNACKED);
    side->count--;
}

/* The remembered unacknowledged segment holding exactly [start, end), or
 * NULL (a resend cut differently is not "the same sequence numbers"). */
static const explain_timing_seg_t *ring_find_same(explain_timing_side_t *side, uint32_t start,
                                                  uint32_t end)
{
    for (unsigned i = 0; i < side->count; i++) {
        const explain_timing_seg_t *seg = ring_at(side, i);
        if (seg->start == start && seg->end == end)
            return seg;
    }
    return NULL;
}

static void note_rtt(explain_timing_side_t *side, int64_t rtt_ns)
{
    uint64_t us = (uint64_t)rtt_ns / 1000u;
    uint32_t us32 = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
    if (side->rtt_samples == 0 || us32 < side->rtt_min_us)
        side->rtt_min_us = us32;
    if (side->rtt_samples == 0 || us32 > side->rtt_max_us)
        side->rtt_max_us = us32;
    side->rtt_sum_us += us32;
    if (side->rtt_samples < UINT32_MAX)
        side->rtt_samples++;
}

/* The ACK of this segment: which of the peer's segments it answers. */
static void match_ack(explain_stream_t *stream, const explain_facts_t *f, explain_result_t *out,
                      unsigned d, int64_t now_ns)
{
    explain_timing_t *t = &stream->timing;
    explain_timing_side_t *me = &t->side[d];
    explain_timing_side_t *peer = &t->side[1 - d];
    explain_timing_result_t *tr = &out->timing;
    uint32_t ack = f->ack_raw;

    unsigned covered = 0;
    bool gap = false;
    explain_timing_seg_t first = { 0, 0, 0, 0 }, last = { 0, 0, 0, 0 };
    while (covered < peer->count && seq_ge(ack, ring_at(peer, covered)->end)) {
        const explain_timing_seg_t *seg = ring_at(peer, covered);
        if (covered == 0)
            first = *seg;
        if (covered > 0 && ring_gap_at(peer, covered))
            gap = true;
        last = *seg;
        covered++;
    }
    /* Everything remembered is covered, but later segments were not
     * remembered and the ack reaches into them: not a whole answer. */
    if (covered > 0 && covered == peer->count && peer->dropped && seq_gt(ack, last.end))
        gap = true;
    /* Or the ack ends inside segments not remembered before the next one. */
    if (covered > 0 && covered < peer->count && ring_gap_at(peer, covered)
        && seq_gt(ack, last.end))
        gap = true;
    /* Acks need not fall where the captured segments end: an earlier ack
     * (ack - acked_new) may have ended inside the first segment covered
     * now, and this one may end inside the segment after the last. */
    uint32_t before = ack - out->acked_new;
    bool rest = covered > 0 && out->acked_new > 0 && seq_gt(before, first.start);
    bool into_next = covered > 0 && covered < peer->count && seq_gt(ack, last.end)
                     && seq_gt(ack, ring_at(peer, covered)->start);
    for (unsigned i = 0; i < covered; i++)
        ring_pop(peer);
    if (peer->count == 0 && !seq_gt(stream->side[1 - d].next_seq, ack))
        peer->dropped = false;   /* all acknowledged: nothing missing any more */

    if (covered == 0) {
        me->pairs = 0;
        return;
    }
    if (!gap) {
        tr->acks_known = true;
        tr->acks_first = first.frame;
        tr->acks_last = last.frame;
        tr->acks_segments = covered;
        tr->acks_bytes = out->acked_new;
        tr->acks_rest = rest;
        tr->acks_into_next = into_next;
        int64_t rtt;
        /* Wireshark shows no ack_rtt of 0 (frames with one time stamp). */
        if (last.end == ack && elapsed_ns(t, now_ns, last.t_us, &rtt) && rtt > 0) {
            tr->rtt_known = true;
            tr->rtt_ns = rtt;
            /* Data sent more than once: which send this ACK answers is
             * not known (Karn), so it is no clean sample for the totals. */
            tr->rtt_resent = peer->tries >= 2 && peer->retry_end == last.end;
            /* One segment answered 30 ms or more later than the shortest
             * round trip seen so far: the receiver waited for a second one. */
            if (!tr->rtt_resent && covered == 1 && peer->rtt_samples > 0
                && rtt >= (int64_t)peer->rtt_min_us * 1000 + INT64_C(30000000)) {
                tr->delayed_timer = true;
                tr->rtt_min_seen_ns = (int64_t)peer->rtt_min_us * 1000;
            }
            if (!tr->rtt_resent)
                note_rtt(peer, rtt);
        }
        int64_t oldest;
        if (elapsed_ns(t, now_ns, first.t_us, &oldest))
            tr->oldest_ns = oldest;
        if (covered == 2) {
            if (me->pairs < UINT8_MAX)
                me->pairs++;
        } else {
            me->pairs = 0;
        }
        tr->delayed_ack = covered == 2 && me->pairs >= 2;
    } else {
        me->pairs = 0;
    }
}

/* The receiver (side d) lets a waiting sender go on when its window
 * holds what is in flight and at least one full segment more. */
static void check_window_opens(explain_stream_t *stream, const explain_facts_t *f,
                               explain_result_t *out, unsigned d, int64_t now_ns)
{
    explain_timing_t *t = &stream->timing;
    explain_timing_side_t *sender = &t->side[1 - d];
    const explain_side_t *snd = &stream->side[1 - d];
    if (!sender->blocked || !(f->flags & EXPLAIN_TH_ACK) || out->wscale_shift == -1)
        return;
    uint64_t in_flight = snd->next_set && seq_gt(snd->next_seq, f->ack_raw)
                             ? (uint64_t)(uint32_t)(snd->next_seq - f->ack_raw) : 0;
    uint64_t mss = stream->side[d].mss != 0 ? stream->side[d].mss : 1;
    if (out->window_bytes < in_flight + mss)
        return;
    sender->blocked = false;
    int64_t waited;
    if (elapsed_ns(t, now_ns, sender->blocked_us, &waited)) {
        out->timing.waited_known = true;
        out->timing.waited_ns = waited;
    }
}

/* Bytes in flight after a data segment, against the receiver's window. */
static void measure_flight(explain_stream_t *stream, explain_result_t *out, unsigned d,
                           uint32_t now_us)
{
    explain_timing_side_t *me = &stream->timing.side[d];
    const explain_side_t *snd = &stream->side[d];
    const explain_side_t *rcv = &stream->side[1 - d];
    explain_timing_result_t *tr = &out->timing;
    if (out->payload_len == 0 || !rcv->ack_set || !snd->next_set)
        return;
    /* As Wireshark 4.0 counts: less what the receiver's last SACK said it
     * holds, and less one for a FIN (or SYN), which carries no byte. */
    uint32_t in_flight = snd->next_seq - rcv->highest_ack
                         - stream->timing.side[1 - d].sacked_bytes;
    if (in_flight == 0 || in_flight >= 2000000000u)
        return;
    if (out->flags & (EXPLAIN_TH_SYN | EXPLAIN_TH_FIN))
        in_flight--;
    tr->in_flight_known = true;
    tr->in_flight = in_flight;
    tr->peer_mss = rcv->mss;
    if (!rcv->window_bytes_known || !rcv->window_set)
        return;
    tr->peer_window_known = true;
    tr->peer_window = rcv->last_window_bytes;
    if (tr->in_flight >= tr->peer_window)
        tr->must_wait = EXPLAIN_WAIT_WINDOW_FULL;
    else if (rcv->mss != 0 && tr->peer_window < rcv->mss)
        tr->must_wait = EXPLAIN_WAIT_BELOW_MSS;
    if (tr->must_wait != EXPLAIN_WAIT_NONE && !me->blocked) {
        me->blocked = true;
        me->blocked_us = now_us;
        if (me->blocked_count < UINT32_MAX)
            me->blocked_count++;
    }
}

/* Congestion hints. An ACK that covers the first segment of the peer's
 * round ends that round. */
static void end_round(explain_timing_side_t *sender, uint32_t ack)
{
    if (!sender->round_open || !seq_ge(ack, sender->round_end))
        return;
    sender->round_open = false;
    sender->round_done = true;
    sender->prev_peak = sender->last_peak;
    sender->last_peak = sender->round_peak;
    sender->loss_before = sender->loss_in_round;
    sender->loss_in_round = false;
    sender->round_peak = 0;
}

/* On a data segment: a new round starts after one ended, and says what
 * the last two rounds' peaks look like, when the numbers support it and
 * the receiver's window did not set the pace. */
static void congestion_hint(explain_stream_t *stream, explain_result_t *out, unsigned d)
{
    explain_timing_side_t *me = &stream->timing.side[d];
    explain_timing_result_t *tr = &out->timing;
    const explain_side_t *snd = &stream->side[d];
    if (tr->in_flight_known && tr->in_flight > me->round_peak)
        me->round_peak = (uint32_t)tr->in_flight;
    if (me->round_open)
        return;
    me->round_open = true;
    me->round_end = snd->next_seq;
    if (!me->round_done)
        return;
    me->round_done = false;
    uint64_t last = me->last_peak, prev = me->prev_peak;
    uint64_t mss = stream->side[1 - d].mss;
    if (prev == 0 || last == 0 || mss == 0)
        return;
    if (tr->peer_window_known && last + mss > tr->peer_window)
        return;   /* the receiver's window, not congestion control, set the pace */
    uint8_t hint = EXPLAIN_CONGESTION_NONE;
    if (me->loss_before && last * 10 <= prev * 6)
        hint = EXPLAIN_CONGESTION_AFTER_LOSS;
    else if (!me->loss_before && last * 10 >= prev * 18)
        hint = EXPLAIN_CONGESTION_SLOW_START;
    else if (!me->loss_before && last > prev && last - prev >= mss / 2
             && last - prev <= mss + mss / 2)
        hint = EXPLAIN_CONGESTION_AVOIDANCE;
    if (hint == EXPLAIN_CONGESTION_NONE)
        return;
    tr->congestion_hint = hint;
    tr->round_peak = (uint32_t)last;
    tr->prev_round_peak = (uint32_t)prev;
}

/* A retransmission: its kind, and how long after the previous send. */
static void time_retransmission(explain_stream_t *stream, const explain_facts_t *f,
                                explain_result_t *out, unsigned d, int64_t now_ns,
                                uint32_t now_us)
{
    explain_timing_t *t = &stream->timing;
    explain_timing_side_t *me = &t->side[d];
    explain_timing_result_t *tr = &out->timing;
    bool resent = explain_result_has_event(out, EXPLAIN_EVENT_RETRANSMISSION)
                  || explain_result_has_note(out, EXPLAIN_NOTE_SYN_RETRANSMITTED);
    if (!resent)
        return;
    const explain_side_t *rcv = &stream->side[1 - d];
    if (explain_result_has_event(out, EXPLAIN_EVENT_SPURIOUS_RETRANSMISSION)) {
        tr->retrans_kind = EXPLAIN_RETRANS_SPURIOUS;
        me->retrans_spurious++;
    } else if (explain_result_has_event(out, EXPLAIN_EVENT_FAST_RETRANSMISSION)) {
        tr->retrans_kind = EXPLAIN_RETRANS_FAST;
        me->retrans_fast++;
    } else if (rcv->dup_acks == 0) {
        tr->retrans_kind = EXPLAIN_RETRANS_TIMEOUT;
        me->retrans_timeout++;
    } else {
        tr->retrans_kind = EXPLAIN_RETRANS_UNKNOWN;
        me->retrans_other++;
    }

    uint32_t start = f->seq_raw;
    uint32_t end = out->nxtseq_raw;
    int64_t since;
    if (me->tries > 0 && me->retry_start == start && me->retry_end == end) {
        /* Again the same data: the previous try is the last resend. */
        if (me->tries < UINT8_MAX)
            me->tries++;
        if (elapsed_ns(t, now_ns, me->retry_us, &since)) {
            tr->retrans_after_known = true;
            tr->retrans_after_ns = since;
        }
    } else {
        me->tries = 2;
        const explain_timing_seg_t *orig = ring_find_same(me, start, end);
        if (orig != NULL) {
            tr->retrans_prev_frame = orig->frame;
            if (elapsed_ns(t, now_ns, orig->t_us, &since)) {
                tr->retrans_after_known = true;
                tr->retrans_after_ns = since;
            }
        }
    }
    tr->retrans_try = me->tries;
    me->retry_start = start;
    me->retry_end = end;
    me->retry_us = now_us;

    /* Backoff: this try waited about twice as long as the one before
     * (1.8 times or more: timers are coarse). */
    uint32_t prev_wait_us = me->retry_wait_us;
    uint32_t wait_us = 0;
    if (tr->retrans_after_known) {
        uint64_t us = (uint64_t)tr->retrans_after_ns / 1000u;
        wait_us = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
    }
    tr->retrans_backoff = tr->retrans_try >= 3 && wait_us != 0 && prev_wait_us != 0
                          && (uint64_t)wait_us * 10u >= (uint64_t)prev_wait_us * 18u;
    me->retry_wait_us = wait_us;
}

/* The SACK blocks of an ACK, relative to the receiver's numbering. */
static void decode_sack(explain_timing_side_t *me, const explain_facts_t *f,
                        explain_result_t *out)
{
    explain_timing_result_t *tr = &out->timing;
    if (!out->ack_known || f->opts.sack_blocks == 0)
        return;
    unsigned n = f->opts.sack_blocks < EXPLAIN_SACK_MAX ? f->opts.sack_blocks : EXPLAIN_SACK_MAX;
    uint32_t base = out->peer_base_raw;
    uint32_t lowest = 0;
    bool any = false;
    for (unsigned i = 0; i < n; i++) {
        tr->sack_le_rel[i] = f->sack_le[i] - base;
        tr->sack_re_rel[i] = f->sack_re[i] - base;
        if (seq_gt(f->sack_le[i], f->ack_raw) && (!any || seq_gt(lowest, f->sack_le[i]))) {
            lowest = f->sack_le[i];
            any = true;
        }
    }
    tr->sack_count = (uint8_t)n;
    /* Bytes the receiver says it holds, for the in-flight count: the
     * first three blocks, as Wireshark 4.0 keeps them. */
    uint32_t held = 0;
    for (unsigned i = 0; i < n && i < 3; i++)
        held += f->sack_re[i] - f->sack_le[i];
    me->sacked_bytes = held;
    if (any) {
        tr->sack_missing = true;
        tr->sack_missing_first = f->ack_raw - base;
        tr->sack_missing_last = lowest - 1u - base;
    }
}

/* The handshake's conclusions, on its third step. */
static void conclude_handshake(const explain_stream_t *stream, explain_result_t *out)
{
    explain_timing_result_t *tr = &out->timing;
    if (out->handshake_step != 3 || stream->client_side < 0)
        return;
    unsigned c = (unsigned)stream->client_side;
    const explain_side_t *cs = &stream->side[c];
    const explain_side_t *ss = &stream->side[1 - c];
    tr->handshake_summary = true;
    tr->mss_client = cs->mss;
    tr->mss_server = ss->mss;
    tr->sack_in_force = stream->timing.side[c].sack_offered
                        && stream->timing.side[1 - c].sack_offered;
    tr->wscale_client = cs->wscale_offered;
    tr->wscale_server = ss->wscale_offered;
    tr->wscale_in_force = cs->wscale_offered >= 0 && ss->wscale_offered >= 0;
    size_t cl = cs->endpoint.addr_len <= 16 ? cs->endpoint.addr_len : 16;
    size_t sl = ss->endpoint.addr_len <= 16 ? ss->endpoint.addr_len : 16;
    memcpy(tr->client_addr, cs->endpoint.addr, cl);
    tr->client_addr_len = (uint8_t)cl;
    tr->client_port = cs->endpoint.port;
    memcpy(tr->server_addr, ss->endpoint.addr, sl);
    tr->server_addr_len = (uint8_t)sl;
    tr->server_port = ss->endpoint.port;
}

static void fill_totals(const explain_stream_t *stream, unsigned i, explain_timing_totals_t *out)
{
    const explain_timing_side_t *t = &stream->timing.side[i];
    out->payload = stream->side[i].payload_total;
    out->resent = stream->side[i].retrans_bytes;
    out->rtt_samples = t->rtt_samples;
    out->rtt_min_us = t->rtt_min_us;
    out->rtt_max_us = t->rtt_max_us;
    out->rtt_avg_us = t->rtt_samples ? (uint32_t)(t->rtt_sum_us / t->rtt_samples) : 0;
    out->min_window = t->min_window;
    out->min_window_set = t->min_window_set;
    out->blocked_count = t->blocked_count;
    out->retrans_timeout = t->retrans_timeout;
    out->retrans_fast = t->retrans_fast;
    out->retrans_spurious = t->retrans_spurious;
    out->retrans_other = t->retrans_other;
}

/* The summary, once, on the segment that closes the stream. */
static void summarize(explain_stream_t *stream, explain_result_t *out, int64_t now_ns)
{
    explain_timing_t *t = &stream->timing;
    explain_timing_result_t *tr = &out->timing;
    if (t->summarized || out->phase != EXPLAIN_PHASE_CLOSED)
        return;
    t->summarized = true;
    tr->stream_summary = true;
    tr->duration_ns = now_ns > t->start_ns ? now_ns - t->start_ns : 0;
    unsigned c = stream->client_side >= 0 ? (unsigned)stream->client_side : 0;
    fill_totals(stream, c, &tr->client);
    fill_totals(stream, 1 - c, &tr->server);
}

void explain_timing_segment(explain_stream_t *stream, const explain_facts_t *facts,
                            explain_result_t *out)
{
    explain_timing_t *t = &stream->timing;
    explain_timing_result_t *tr = &out->timing;
    unsigned d = out->sender_side & 1u;
    explain_timing_side_t *me = &t->side[d];
    int64_t now_ns = facts->time_ns;

    if (!t->started) {
        t->started = true;
        t->start_ns = now_ns;
    }
    uint32_t now_us = stream_us(t, now_ns);
    tr->time_ns = now_ns;
    tr->since_start_ns = now_ns > t->start_ns ? now_ns - t->start_ns : 0;
    if (me->sent_any)
        tr->has_prev = elapsed_ns(t, now_ns, me->last_us, &tr->since_prev_ns);

    bool rst = (facts->flags & EXPLAIN_TH_RST) != 0;
    bool syn = (facts->flags & EXPLAIN_TH_SYN) != 0;
    if (syn && facts->opts.sack_permitted)
        me->sack_offered = true;

    if ((facts->flags & EXPLAIN_TH_ACK) && !rst) {
        match_ack(stream, facts, out, d, now_ns);
        end_round(&t->side[1 - d], facts->ack_raw);
        check_window_opens(stream, facts, out, d, now_ns);
        bool hole_before = me->sack_hole;
        decode_sack(me, facts, out);
        me->sack_hole = tr->sack_missing;
        tr->sack_recovered = hole_before && !tr->sack_missing && tr->acks_known
                             && tr->acks_segments >= 2;
    }

    bool uses_seq = facts->payload_len > 0 || syn || (facts->flags & EXPLAIN_TH_FIN);
    if (uses_seq && !rst) {
        time_retransmission(stream, facts, out, d, now_ns, now_us);
        bool fresh = !out->prev_next_known || seq_gt(out->nxtseq_raw, out->prev_next_raw);
        if (fresh && tr->retrans_kind == EXPLAIN_RETRANS_NONE)
            ring_push(me, facts->seq_raw, out->nxtseq_raw, facts->frame, now_us);
        measure_flight(stream, out, d, now_us);
        if (tr->retrans_kind != EXPLAIN_RETRANS_NONE)
            me->loss_in_round = true;
        if (facts->payload_len > 0)
            congestion_hint(stream, out, d);
    }

    if (!rst && out->wscale_shift != -1) {
        uint64_t w = out->window_bytes > UINT32_MAX ? UINT32_MAX : out->window_bytes;
        if (!me->min_window_set || w < me->min_window) {
            me->min_window = (uint32_t)w;
            me->min_window_set = true;
        }
    }

    conclude_handshake(stream, out);
    me->sent_any = true;
    me->last_us = now_us;
    summarize(stream, out, now_ns);
}
