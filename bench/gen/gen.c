/* bench/gen/gen.c - realistic large TCP captures for the benchmark.
 *
 *   gen --packets N --streams S --seed X -o file.pcap
 *       [--concurrency C] [--snaplen L] [--format pcap|pcapng]
 *       [--loss PERMILLE] [--link ethernet|raw] [--quiet]
 *
 * Writes exactly N packets: S connections (more only if S connections run
 * out of packets before N; fewer complete ones if N cuts them short, as in a
 * real capture), at most C of them open at once, their packets interleaved
 * in time order. Each connection has, drawn from its own random stream:
 *   - a handshake with MSS, SACK permitted, timestamps and window scaling
 *     (each offered in most, not all, connections); sometimes a
 *     retransmitted SYN, sometimes a SYN refused with RST;
 *   - exchanges of data in both directions: requests and responses, uploads,
 *     bulk both ways, MSS-sized segments in slow-start rounds limited by the
 *     receiver's window, delayed ACKs (every second segment, or after a
 *     delay), PSH at the end of a message;
 *   - some loss (segments missing from the capture, or seen and then lost
 *     after the capture point), duplicate ACKs with SACK blocks, fast
 *     retransmission or retransmission after a timeout, reordering;
 *   - zero windows, zero-window probes and window updates; keep-alives;
 *   - teardown by FIN (four-way or three-way, either side first) or an
 *     abort by RST, occasionally mid-transfer;
 *   - when N/S is small, connections whose share is under 10 packets just
 *     open and close (a probe, a health check), so S stays near --streams.
 * Packets are Ethernet + IPv4 (some IPv6) + TCP with correct checksums and
 * deterministic payload bytes, written with tools/tcpgen_capture.c; with
 * --link raw, the same IP packets with no link layer (LINKTYPE_RAW), the
 * cheapest packets tshark reads (no Ethernet, no ARP/VLAN lookups).
 *
 * Deterministic: the same arguments give the same bytes. Each connection
 * draws from its own generator seeded by (seed, connection number), so a
 * connection's packets do not depend on what else is going on.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpgen_capture.h"
#include "tcpgen_frame.h"

/* ------------------------------------------------------------------------
 * Random numbers: xoshiro256** seeded with splitmix64.
 */
typedef struct {
    uint64_t s[4];
} rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1342543de82ef95u);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n). */
static uint32_t rng_below(rng_t *r, uint32_t n)
{
    return n == 0 ? 0 : (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static uint32_t rng_range(rng_t *r, uint32_t lo, uint32_t hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

/* True with probability permille / 1000. */
static bool rng_chance(rng_t *r, uint32_t permille)
{
    return rng_below(r, 1000) < permille;
}

/* ------------------------------------------------------------------------
 * Settings.
 */
typedef struct {
    uint64_t packets;
    uint64_t streams;
    uint64_t seed;
    uint32_t concurrency;
    uint32_t snaplen;          /* 0: whole frames */
    uint32_t loss_permille;    /* per data segment */
    uint32_t linktype;         /* TCPGEN_LINKTYPE_ETHERNET or _RAW */
    tcpgen_capture_format format;
    const char *output;
    bool quiet;
} options_t;

/* Per-connection odds, in permille. */
enum {
    P_IPV6 = 100,
    P_REFUSED = 10,
    P_SYN_RETX = 10,
    P_WSCALE = 900,
    P_SACK = 900,
    P_TIMESTAMPS = 800,
    P_REORDER_ROUND = 8,      /* per round of data */
    P_ZERO_WINDOW = 30,       /* per exchange */
    P_KEEPALIVE = 40,         /* between exchanges */
    P_ABORT_MID = 15,         /* RST in the middle of a transfer, per exchange */
    P_CLOSE_RST = 80,         /* RST instead of FIN at the end */
    P_CLOSE_3WAY = 200,       /* FIN, FIN-ACK, ACK */
    P_SERVER_CLOSES = 400     /* the server sends the first FIN */
};

#define CWND_INITIAL 10u
#define CWND_MAX 44u
#define MAX_SACK_BLOCKS 3
#define MAX_OOO 64
#define QUEUE_CAP 256
#define MAX_EXCHANGES 12

/* ------------------------------------------------------------------------
 * One packet to write: everything needed to build its frame.
 */
typedef struct {
    uint64_t t;                /* microseconds */
    uint32_t seq;
    uint32_t ack;
    uint16_t flags;
    uint16_t win;              /* the window field as on the wire */
    uint16_t len;              /* payload bytes */
    uint8_t  dir;              /* 0: client to server, 1: server to client */
    uint8_t  syn_opts;         /* SYN options (MSS, SACK_PERM, TS, WS as negotiated) */
    uint8_t  nsack;
    uint32_t tsval;
    uint32_t tsecr;
    uint32_t sack[MAX_SACK_BLOCKS][2];
} gpkt_t;

/* One side of a connection. */
typedef struct {
    tcpgen_station st;
    uint16_t port;
    uint16_t ip_id;
    uint32_t isn;
    uint32_t snd_nxt;          /* next sequence number to send */
    uint32_t rcv_nxt;          /* next sequence number expected from the peer */
    uint32_t rcv_win;          /* receive window in bytes */
    uint8_t  wscale;           /* shift offered in the SYN */
    uint16_t mss;              /* MSS offered */
    uint32_t ts_base;
    uint32_t ts_recent;        /* last tsval received from the peer */
    bool     zero_window;      /* advertising a zero window */
    /* Out-of-order data held by this side as receiver: [start, end). */
    uint32_t ooo[MAX_OOO][2];
    unsigned nooo;
} side_t;

typedef enum {
    ST_HANDSHAKE,
    ST_DATA,
    ST_CLOSE,
    ST_DONE
} conn_state_t;

typedef struct {
    uint8_t  dir;              /* sender */
    uint32_t bytes;
} exchange_t;

typedef struct conn {
    uint64_t id;
    rng_t rng;
    side_t side[2];            /* 0 client, 1 server */
    bool   opt_ws, opt_sack, opt_ts;
    uint16_t mss;              /* effective MSS (the smaller offer) */
    uint32_t rtt;              /* microseconds */
    uint32_t gap;              /* microseconds between back-to-back segments */
    uint64_t t;                /* the connection's clock */
    conn_state_t state;
    exchange_t ex[MAX_EXCHANGES];
    unsigned nex, cur_ex;
    uint32_t remaining;        /* bytes left in the current exchange */
    uint32_t cwnd;             /* segments */
    bool     zw_planned;       /* a zero window episode in this exchange */
    bool     abort_planned;    /* an RST in this exchange */
    uint32_t rounds_in_ex;
    /* Packet queue of the current round. */
    gpkt_t q[QUEUE_CAP];
    unsigned qhead, qlen;
    unsigned heap_pos;
} conn_t;

/* Counts for the summary line. */
typedef struct {
    uint64_t packets, bytes_wire, streams, completed, refused, syn_retx, lost_unseen, lost_seen,
             fast_retx, rto_retx, reorders, zero_windows, probes, keepalives, resets, fins,
             dupacks, ipv6, data_segments;
} stats_t;

static stats_t stats;
static uint32_t gen_loss_permille = 5;   /* --loss */

/* ------------------------------------------------------------------------
 * Queue helpers.
 */
static gpkt_t *push(conn_t *c, uint8_t dir, uint16_t flags, uint32_t seq, uint32_t ack,
                    uint16_t len)
{
    if (c->qlen >= QUEUE_CAP) {
        fprintf(stderr, "gen: internal error: round queue overflow\n");
        exit(2);
    }
    gpkt_t *p = &c->q[(c->qhead + c->qlen) % QUEUE_CAP];
    c->qlen++;
    memset(p, 0, sizeof *p);
    side_t *s = &c->side[dir];
    side_t *peer = &c->side[1 - dir];
    p->t = c->t;
    p->dir = dir;
    p->flags = flags;
    p->seq = seq;
    p->ack = (flags & TCPGEN_TCP_ACK) ? ack : 0;
    p->len = len;
    uint32_t w = s->zero_window ? 0 : s->rcv_win;
    if (flags & TCPGEN_TCP_SYN)
        p->win = (uint16_t)(w > 65535 ? 65535 : w);
    else if (c->opt_ws)
        p->win = (uint16_t)((w >> s->wscale) > 65535 ? 65535 : (w >> s->wscale));
    else
        p->win = (uint16_t)(w > 65535 ? 65535 : w);
    if (c->opt_ts) {
        p->tsval = s->ts_base + (uint32_t)(c->t / 1000);
        p->tsecr = (flags & TCPGEN_TCP_SYN) && !(flags & TCPGEN_TCP_ACK) ? 0 : s->ts_recent;
        peer->ts_recent = p->tsval;
    }
    if (flags & TCPGEN_TCP_SYN)
        p->syn_opts = 1;
    return p;
}

/* Records that receiver r got [seq, seq+len): returns true when it was in
 * order (rcv_nxt advanced), false when held out of order. */
static bool receive(side_t *r, uint32_t seq, uint32_t len)
{
    uint32_t end = seq + len;
    if ((int32_t)(seq - r->rcv_nxt) <= 0) {
        if ((int32_t)(end - r->rcv_nxt) > 0)
            r->rcv_nxt = end;
        /* absorb held blocks that now continue */
        bool again = true;
        while (again) {
            again = false;
            for (unsigned i = 0; i < r->nooo; i++) {
                if ((int32_t)(r->ooo[i][0] - r->rcv_nxt) <= 0) {
                    if ((int32_t)(r->ooo[i][1] - r->rcv_nxt) > 0)
                        r->rcv_nxt = r->ooo[i][1];
                    r->ooo[i][0] = r->ooo[r->nooo - 1][0];
                    r->ooo[i][1] = r->ooo[r->nooo - 1][1];
                    r->nooo--;
                    again = true;
                    break;
                }
            }
        }
        return true;
    }
    /* merge with an adjacent held block, else add one */
    for (unsigned i = 0; i < r->nooo; i++) {
        if (r->ooo[i][1] == seq) {
            r->ooo[i][1] = end;
            return false;
        }
        if (r->ooo[i][0] == end) {
            r->ooo[i][0] = seq;
            return false;
        }
    }
    if (r->nooo < MAX_OOO) {
        r->ooo[r->nooo][0] = seq;
        r->ooo[r->nooo][1] = end;
        r->nooo++;
    }
    return false;
}

/* Adds SACK blocks for what receiver r holds out of order, newest first. */
static void add_sack(conn_t *c, gpkt_t *p, const side_t *r)
{
    if (!c->opt_sack)
        return;
    unsigned n = 0;
    for (unsigned i = r->nooo; i > 0 && n < MAX_SACK_BLOCKS; i--, n++) {
        p->sack[n][0] = r->ooo[i - 1][0];
        p->sack[n][1] = r->ooo[i - 1][1];
    }
    p->nsack = (uint8_t)n;
}

/* ------------------------------------------------------------------------
 * The connection's life, one round at a time.
 */

/* Plans the exchanges so the connection has about target packets. */
static void plan_exchanges(conn_t *c, uint64_t target)
{
    rng_t *r = &c->rng;
    /* About 3 packets per 2 MSS of data (delayed ACKs), minus set-up and
     * teardown (about 7) and an ACK per exchange. Short connections get
     * few exchanges, so that --streams S over N packets comes out near S. */
    uint64_t data_pkts = target > 9 ? target - 7 : 2;
    uint64_t budget = data_pkts * 2 / 3 * c->mss;
    if (budget < 200)
        budget = 200;
    uint32_t max_turns = (uint32_t)(data_pkts / 3 < 2 ? 2 : data_pkts / 3 > MAX_EXCHANGES
                                                             ? MAX_EXCHANGES : data_pkts / 3);
    uint32_t kind = rng_below(r, 100);
    c->nex = 0;
    if (target < 10) {
        /* too short for data: opened and closed again (a health check, a
         * probe); keeps --streams S over N packets near S when N/S is small */
        return;
    }
    if (kind < 50) {
        /* requests and responses: 1..4 pairs, responses carry the bulk */
        unsigned pairs = rng_range(r, 1, 4);
        if (pairs > max_turns / 2)
            pairs = max_turns / 2 > 0 ? max_turns / 2 : 1;
        for (unsigned i = 0; i < pairs; i++) {
            uint32_t req = rng_range(r, 80, 1400);
            uint64_t resp = budget / pairs;
            resp = resp / 2 + rng_below(r, (uint32_t)(resp > UINT32_MAX ? UINT32_MAX : resp) + 1);
            c->ex[c->nex++] = (exchange_t){ 0, req };
            c->ex[c->nex++] = (exchange_t){ 1, (uint32_t)(resp < 1 ? 1 : resp > UINT32_MAX / 2 ? UINT32_MAX / 2 : resp) };
        }
    } else if (kind < 75) {
        /* upload: the client sends the bulk, the server answers briefly */
        uint64_t up = budget * 9 / 10;
        c->ex[c->nex++] = (exchange_t){ 0, (uint32_t)(up > UINT32_MAX / 2 ? UINT32_MAX / 2 : up) };
        c->ex[c->nex++] = (exchange_t){ 1, rng_range(r, 40, 600) };
    } else {
        /* bulk both ways, taking turns */
        unsigned turns = rng_range(r, 2, max_turns);
        for (unsigned i = 0; i < turns; i++) {
            uint64_t b = budget / turns;
            b = b / 2 + rng_below(r, (uint32_t)(b > UINT32_MAX ? UINT32_MAX : b) + 1);
            c->ex[c->nex++] = (exchange_t){ (uint8_t)(i & 1), (uint32_t)(b < 1 ? 1 : b > UINT32_MAX / 2 ? UINT32_MAX / 2 : b) };
        }
    }
}

static void start_exchange(conn_t *c)
{
    const exchange_t *e = &c->ex[c->cur_ex];
    c->remaining = e->bytes;
    c->rounds_in_ex = 0;
    c->zw_planned = rng_chance(&c->rng, P_ZERO_WINDOW);
    c->abort_planned = rng_chance(&c->rng, P_ABORT_MID);
}

/* The handshake (or a refused SYN). */
static void round_handshake(conn_t *c)
{
    side_t *cl = &c->side[0], *sv = &c->side[1];
    rng_t *r = &c->rng;
    push(c, 0, TCPGEN_TCP_SYN, cl->isn, 0, 0);
    cl->snd_nxt = cl->isn + 1;
    if (rng_chance(r, P_SYN_RETX)) {
        stats.syn_retx++;
        c->t += 1000000;            /* the initial RTO, 1 s */
        push(c, 0, TCPGEN_TCP_SYN, cl->isn, 0, 0);
    }
    c->t += c->rtt;
    sv->rcv_nxt = cl->isn + 1;
    if (rng_chance(r, P_REFUSED)) {
        stats.refused++;
        stats.resets++;
        push(c, 1, TCPGEN_TCP_RST | TCPGEN_TCP_ACK, 0, cl->isn + 1, 0);
        c->state = ST_DONE;
        return;
    }
    push(c, 1, TCPGEN_TCP_SYN | TCPGEN_TCP_ACK, sv->isn, sv->rcv_nxt, 0);
    sv->snd_nxt = sv->isn + 1;
    cl->rcv_nxt = sv->isn + 1;
    c->t += c->rtt / 50 + 20;
    push(c, 0, TCPGEN_TCP_ACK, cl->snd_nxt, cl->rcv_nxt, 0);
    c->t += c->rtt / 2;
    c->cur_ex = 0;
    c->cwnd = CWND_INITIAL;
    if (c->nex == 0) {
        c->state = ST_CLOSE;
        return;
    }
    c->state = ST_DATA;
    start_exchange(c);
}

/* The receiver acknowledges all it has in order (with SACK blocks for what
 * it holds beyond a hole). */
static gpkt_t *send_ack(conn_t *c, uint8_t receiver)
{
    side_t *rv = &c->side[receiver];
    gpkt_t *p = push(c, receiver, TCPGEN_TCP_ACK, rv->snd_nxt, rv->rcv_nxt, 0);
    add_sack(c, p, rv);
    return p;
}

/* A zero window episode: the receiver's window is closed; the sender probes
 * with one byte until the receiver opens it again. */
static void zero_window_episode(conn_t *c, uint8_t sender)
{
    uint8_t receiver = (uint8_t)(1 - sender);
    side_t *sd = &c->side[sender], *rv = &c->side[receiver];
    stats.zero_windows++;
    rv->zero_window = true;
    c->t += 50;
    send_ack(c, receiver);                 /* TCP ZeroWindow */
    unsigned probes = rng_range(&c->rng, 1, 3);
    uint32_t backoff = 200000;
    for (unsigned i = 0; i < probes; i++) {
        c->t += backoff;
        backoff *= 2;
        stats.probes++;
        push(c, sender, TCPGEN_TCP_ACK, sd->snd_nxt, sd->rcv_nxt, 1);   /* probe */
        c->t += c->rtt;
        send_ack(c, receiver);             /* probe ACK: the byte is not taken */
    }
    c->t += rng_range(&c->rng, 1000, 300000);
    rv->zero_window = false;
    send_ack(c, receiver);                 /* window update */
    c->t += c->rtt / 2;
}

/* One round of data from the current exchange's sender. */
static void round_data(conn_t *c)
{
    rng_t *r = &c->rng;
    const exchange_t *e = &c->ex[c->cur_ex];
    uint8_t sender = e->dir, receiver = (uint8_t)(1 - e->dir);
    side_t *sd = &c->side[sender], *rv = &c->side[receiver];

    if (c->abort_planned && c->rounds_in_ex >= 1) {
        /* the receiving application gives up: RST */
        stats.resets++;
        push(c, receiver, TCPGEN_TCP_RST | TCPGEN_TCP_ACK, rv->snd_nxt, rv->rcv_nxt, 0);
        c->state = ST_DONE;
        return;
    }

    uint32_t room = rv->rcv_win;
    uint32_t n = (room / c->mss) > 0 ? room / c->mss : 1;
    if (n > c->cwnd)
        n = c->cwnd;
    uint32_t need = (c->remaining + c->mss - 1) / c->mss;
    if (n > need)
        n = need;

    struct { uint32_t seq; uint16_t len; bool psh; } segs[CWND_MAX + 2];
    for (uint32_t i = 0; i < n; i++) {
        uint16_t len = (uint16_t)(c->remaining < c->mss ? c->remaining : c->mss);
        segs[i].seq = sd->snd_nxt;
        segs[i].len = len;
        sd->snd_nxt += len;
        c->remaining -= len;
        segs[i].psh = c->remaining == 0;
    }
    /* loss: at most one segment per round; reordering: one adjacent swap */
    int lost = -1;
    bool lost_seen = false;
    for (uint32_t i = 0; i < n && lost < 0; i++) {
        if (rng_chance(r, gen_loss_permille))
            lost = (int)i;
    }
    if (lost >= 0) {
        lost_seen = rng_chance(r, 500);
        if (lost_seen)
            stats.lost_seen++;
        else
            stats.lost_unseen++;
    }
    int swap = -1;
    if (n >= 3 && rng_chance(r, P_REORDER_ROUND)) {
        swap = (int)rng_below(r, n - 1);
        if (swap == lost || swap + 1 == lost)
            swap = -1;
        else
            stats.reorders++;
    }

    unsigned unacked = 0;
    unsigned dupacks = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = k;
        if (swap >= 0 && k == (uint32_t)swap)
            i = k + 1;
        else if (swap >= 0 && k == (uint32_t)swap + 1)
            i = k - 1;
        c->t += c->gap;
        bool is_lost = (int)i == lost;
        if (!is_lost || lost_seen) {
            gpkt_t *p = push(c, sender, TCPGEN_TCP_ACK | (segs[i].psh ? TCPGEN_TCP_PSH : 0),
                             segs[i].seq, sd->rcv_nxt, segs[i].len);
            (void)p;
            stats.data_segments++;
        }
        if (is_lost)
            continue;
        bool had_hole = rv->nooo > 0;
        bool in_order = receive(rv, segs[i].seq, segs[i].len);
        if (!in_order) {
            c->t += 8;
            send_ack(c, receiver);         /* duplicate ACK with SACK */
            dupacks++;
            stats.dupacks++;
            unacked = 0;
        } else if (had_hole) {
            c->t += 8;
            send_ack(c, receiver);         /* the hole is filled: ACK at once */
            unacked = 0;
        } else if (++unacked >= 2) {
            c->t += 8;
            send_ack(c, receiver);         /* delayed ACK: every second segment */
            unacked = 0;
        }
    }
    if (lost >= 0) {
        /* retransmission: fast after three duplicate ACKs, else after RTO */
        if (dupacks >= 3) {
            stats.fast_retx++;
            c->t += c->rtt;
        } else {
            stats.rto_retx++;
            c->t += (c->rtt * 3 > 200000 ? c->rtt * 3 : 200000);
        }
        push(c, sender, TCPGEN_TCP_ACK | (segs[lost].psh ? TCPGEN_TCP_PSH : 0),
             segs[lost].seq, sd->rcv_nxt, segs[lost].len);
        stats.data_segments++;
        receive(rv, segs[lost].seq, segs[lost].len);
        c->t += 8;
        send_ack(c, receiver);
        unacked = 0;
        c->cwnd = c->cwnd / 2 > 2 ? c->cwnd / 2 : 2;
    } else {
        c->cwnd = c->cwnd * 2 > CWND_MAX ? CWND_MAX : c->cwnd * 2;
    }
    /* The end of a message answered at once by the peer: its answer carries
     * the ACK (piggybacking), no separate delayed ACK. */
    bool piggyback = unacked > 0 && lost < 0 && c->remaining == 0 && c->cur_ex + 1 < c->nex
                     && c->ex[c->cur_ex + 1].dir != sender && rng_chance(r, 700);
    if (unacked > 0 && !piggyback) {
        /* the delayed ACK timer, shorter after PSH */
        c->t += segs[n - 1].psh ? rng_range(r, 50, 2000) : rng_range(r, 2000, 40000);
        send_ack(c, receiver);
    }
    c->rounds_in_ex++;

    if (c->zw_planned && c->rounds_in_ex == 2 && c->remaining > 0) {
        c->zw_planned = false;
        zero_window_episode(c, sender);
    }

    c->t += c->rtt;
    if (c->remaining == 0) {
        c->cur_ex++;
        if (c->cur_ex >= c->nex) {
            c->state = ST_CLOSE;
            return;
        }
        /* the next exchange, after some think time; now and then an idle
         * gap long enough for a keep-alive */
        c->t += rng_range(r, 100, 20000);
        if (rng_chance(r, P_KEEPALIVE)) {
            uint8_t who = (uint8_t)rng_below(r, 2);
            side_t *ka = &c->side[who];
            c->t += 45000000;
            stats.keepalives++;
            push(c, who, TCPGEN_TCP_ACK, ka->snd_nxt - 1, ka->rcv_nxt, 0);
            c->t += c->rtt;
            send_ack(c, (uint8_t)(1 - who));
            c->t += rng_range(r, 1000, 5000000);
        }
        if (c->ex[c->cur_ex].dir != sender)
            c->cwnd = CWND_INITIAL > c->cwnd ? c->cwnd : CWND_INITIAL;
        start_exchange(c);
    }
}

/* Teardown: FIN four-way or three-way, or RST. */
static void round_close(conn_t *c)
{
    rng_t *r = &c->rng;
    uint8_t a = rng_chance(r, P_SERVER_CLOSES) ? 1 : 0, b = (uint8_t)(1 - a);
    side_t *sa = &c->side[a], *sb = &c->side[b];
    if (rng_chance(r, P_CLOSE_RST)) {
        stats.resets++;
        push(c, a, TCPGEN_TCP_RST | TCPGEN_TCP_ACK, sa->snd_nxt, sa->rcv_nxt, 0);
        c->state = ST_DONE;
        stats.completed++;
        return;
    }
    stats.fins++;
    push(c, a, TCPGEN_TCP_FIN | TCPGEN_TCP_ACK, sa->snd_nxt, sa->rcv_nxt, 0);
    sa->snd_nxt++;
    sb->rcv_nxt = sa->snd_nxt;
    c->t += c->rtt / 2 + 10;
    if (rng_chance(r, P_CLOSE_3WAY)) {
        push(c, b, TCPGEN_TCP_FIN | TCPGEN_TCP_ACK, sb->snd_nxt, sb->rcv_nxt, 0);
    } else {
        push(c, b, TCPGEN_TCP_ACK, sb->snd_nxt, sb->rcv_nxt, 0);
        c->t += rng_range(r, 20, 50000);
        push(c, b, TCPGEN_TCP_FIN | TCPGEN_TCP_ACK, sb->snd_nxt, sb->rcv_nxt, 0);
    }
    sb->snd_nxt++;
    sa->rcv_nxt = sb->snd_nxt;
    c->t += c->rtt / 2 + 10;
    push(c, a, TCPGEN_TCP_ACK, sa->snd_nxt, sa->rcv_nxt, 0);
    c->state = ST_DONE;
    stats.completed++;
}

/* Fills the queue with the connection's next round. False when it is done. */
static bool next_round(conn_t *c)
{
    c->qhead = 0;
    c->qlen = 0;
    while (c->qlen == 0) {
        switch (c->state) {
        case ST_HANDSHAKE: round_handshake(c); break;
        case ST_DATA:      round_data(c); break;
        case ST_CLOSE:     round_close(c); break;
        case ST_DONE:      return false;
        }
    }
    return true;
}

/* A new connection number id, starting at time t. */
static void conn_init(conn_t *c, uint64_t id, uint64_t seed, uint64_t t, uint64_t target)
{
    memset(c, 0, sizeof *c);
    c->id = id;
    rng_seed(&c->rng, seed, id + 1);
    rng_t *r = &c->rng;
    c->t = t;
    bool v6 = rng_chance(r, P_IPV6);
    if (v6)
        stats.ipv6++;
    uint32_t server = rng_below(r, 64);
    for (int s = 0; s < 2; s++) {
        side_t *sd = &c->side[s];
        sd->st.family = v6 ? 6 : 4;
        uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x00 };
        if (s == 0) {
            /* clients: 10.0.0.0/8 or 2001:db8:c::/48, one per connection id */
            uint32_t host = (uint32_t)(id % 16000000u) + 1;
            if (v6) {
                uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x0c };
                a[12] = (uint8_t)(host >> 24);
                a[13] = (uint8_t)(host >> 16);
                a[14] = (uint8_t)(host >> 8);
                a[15] = (uint8_t)host;
                memcpy(sd->st.addr, a, 16);
            } else {
                sd->st.addr[0] = 10;
                sd->st.addr[1] = (uint8_t)(host >> 16);
                sd->st.addr[2] = (uint8_t)(host >> 8);
                sd->st.addr[3] = (uint8_t)host;
            }
            mac[1] = 0x01;
            mac[3] = (uint8_t)(host >> 16);
            mac[4] = (uint8_t)(host >> 8);
            mac[5] = (uint8_t)host;
            sd->port = (uint16_t)(32768 + (id * 7919u) % 28000u);
        } else {
            if (v6) {
                uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x5e };
                a[15] = (uint8_t)(server + 1);
                memcpy(sd->st.addr, a, 16);
            } else {
                sd->st.addr[0] = 198;
                sd->st.addr[1] = 51;
                sd->st.addr[2] = 100;
                sd->st.addr[3] = (uint8_t)(server + 1);
            }
            mac[1] = 0x02;
            mac[5] = (uint8_t)(server + 1);
            /* ports with no dissector registered in Wireshark 4.0, so the
             * payload is "data" in both runs of a comparison */
            static const uint16_t server_ports[] = { 7001, 7002, 7003, 7004 };
            sd->port = server_ports[server % 4];
        }
        memcpy(sd->st.mac, mac, 6);
        sd->ip_id = (uint16_t)rng_next(r);
        sd->isn = (uint32_t)rng_next(r);
        sd->rcv_win = rng_range(r, 64, 4096) * 1024u;
        sd->wscale = (uint8_t)rng_range(r, 2, 9);
        sd->mss = v6 ? 1440 : 1460;
        if (rng_chance(r, 50))
            sd->mss = rng_chance(r, 500) ? 536 : 1380;
        sd->ts_base = (uint32_t)rng_next(r);
    }
    c->opt_ws = rng_chance(r, P_WSCALE);
    c->opt_sack = rng_chance(r, P_SACK);
    c->opt_ts = rng_chance(r, P_TIMESTAMPS);
    if (!c->opt_ws) {
        for (int s = 0; s < 2; s++)
            if (c->side[s].rcv_win > 65535)
                c->side[s].rcv_win = 65535;
    }
    c->mss = c->side[0].mss < c->side[1].mss ? c->side[0].mss : c->side[1].mss;
    if (c->opt_ts)
        c->mss -= 12;
    /* RTT: mostly LAN to continental, a few long paths */
    uint32_t kind = rng_below(r, 10);
    c->rtt = kind < 3 ? rng_range(r, 100, 2000) : kind < 9 ? rng_range(r, 5000, 60000)
                                                           : rng_range(r, 100000, 300000);
    c->gap = rng_range(r, 12, 120);
    c->state = ST_HANDSHAKE;
    uint64_t vary = target / 2 + rng_below(r, (uint32_t)(target > UINT32_MAX ? UINT32_MAX : target) + 1);
    plan_exchanges(c, vary < 4 ? 4 : vary);
}

/* ------------------------------------------------------------------------
 * Frames.
 */
static uint8_t payload_bytes[65536 + 2048];

static size_t encode_options(const conn_t *c, const gpkt_t *p, uint8_t *o)
{
    size_t n = 0;
    const side_t *s = &c->side[p->dir];
    if (p->syn_opts) {
        /* Linux order: MSS, SACK_PERM, TS, NOP, WS */
        o[n++] = 2; o[n++] = 4; o[n++] = (uint8_t)(s->mss >> 8); o[n++] = (uint8_t)s->mss;
        bool sack_here = c->opt_sack && !(p->flags & TCPGEN_TCP_RST);
        if (sack_here && c->opt_ts) {
            o[n++] = 4; o[n++] = 2;
        } else if (sack_here) {
            o[n++] = 1; o[n++] = 1; o[n++] = 4; o[n++] = 2;
        }
        if (c->opt_ts) {
            if (!sack_here) { o[n++] = 1; o[n++] = 1; }
            o[n++] = 8; o[n++] = 10;
            for (int i = 3; i >= 0; i--) o[n++] = (uint8_t)(p->tsval >> (8 * i));
            for (int i = 3; i >= 0; i--) o[n++] = (uint8_t)(p->tsecr >> (8 * i));
        }
        if (c->opt_ws) {
            o[n++] = 1; o[n++] = 3; o[n++] = 3; o[n++] = s->wscale;
        }
    } else {
        if (c->opt_ts && !(p->flags & TCPGEN_TCP_RST)) {
            o[n++] = 1; o[n++] = 1; o[n++] = 8; o[n++] = 10;
            for (int i = 3; i >= 0; i--) o[n++] = (uint8_t)(p->tsval >> (8 * i));
            for (int i = 3; i >= 0; i--) o[n++] = (uint8_t)(p->tsecr >> (8 * i));
        }
        if (p->nsack > 0) {
            o[n++] = 1; o[n++] = 1; o[n++] = 5; o[n++] = (uint8_t)(2 + 8 * p->nsack);
            for (unsigned b = 0; b < p->nsack; b++)
                for (int e = 0; e < 2; e++)
                    for (int i = 3; i >= 0; i--) o[n++] = (uint8_t)(p->sack[b][e] >> (8 * i));
        }
    }
    while (n % 4)
        o[n++] = 1;
    return n;
}

static bool write_packet(tcpgen_capture *cap, conn_t *c, const gpkt_t *p, uint32_t linktype,
                         uint32_t snaplen, uint8_t *frame)
{
    side_t *s = &c->side[p->dir];
    side_t *d = &c->side[1 - p->dir];
    uint8_t opts[48];
    size_t optlen = encode_options(c, p, opts);
    tcpgen_ip_params ip = { .src = &s->st, .dst = &d->st, .ip_id = s->ip_id++, .ttl = 64, .tos = 0 };
    tcpgen_tcp_params tcp = {
        .src_port = s->port, .dst_port = d->port, .seq = p->seq, .ack = p->ack,
        .flags = p->flags, .window = p->win, .urgent = 0,
        .options = opts, .options_len = optlen, .header_cut = -1,
    };
    size_t len = 0;
    const char *why = NULL;
    const uint8_t *payload = payload_bytes + (p->seq & 0xffffu);
    if (!tcpgen_build_tcp_frame(frame, TCPGEN_MAX_FRAME, &len, linktype, &ip, &tcp,
                                payload, p->len, &why)) {
        fprintf(stderr, "gen: cannot build a frame: %s\n", why != NULL ? why : "?");
        return false;
    }
    tcpgen_capture_packet rec = {
        .timestamp_usec = p->t,
        .data = frame,
        .captured_len = (uint32_t)(snaplen != 0 && len > snaplen ? snaplen : len),
        .original_len = (uint32_t)len,
        .comment = NULL,
    };
    if (!tcpgen_capture_write(cap, &rec)) {
        fprintf(stderr, "gen: %s\n", tcpgen_capture_error(cap));
        return false;
    }
    stats.bytes_wire += len;
    return true;
}

/* ------------------------------------------------------------------------
 * The merge: a binary heap of open connections by the time of their next
 * packet (ties by connection number, so the order is deterministic).
 */
typedef struct {
    conn_t **a;
    unsigned n;
} heap_t;

static bool before(const conn_t *x, const conn_t *y)
{
    uint64_t tx = x->q[x->qhead].t, ty = y->q[y->qhead].t;
    return tx < ty || (tx == ty && x->id < y->id);
}

static void heap_swap(heap_t *h, unsigned i, unsigned j)
{
    conn_t *t = h->a[i];
    h->a[i] = h->a[j];
    h->a[j] = t;
}

static void heap_up(heap_t *h, unsigned i)
{
    while (i > 0) {
        unsigned p = (i - 1) / 2;
        if (!before(h->a[i], h->a[p]))
            break;
        heap_swap(h, i, p);
        i = p;
    }
}

static void heap_down(heap_t *h, unsigned i)
{
    for (;;) {
        unsigned l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && before(h->a[l], h->a[m]))
            m = l;
        if (r < h->n && before(h->a[r], h->a[m]))
            m = r;
        if (m == i)
            break;
        heap_swap(h, i, m);
        i = m;
    }
}

static void heap_push(heap_t *h, conn_t *c)
{
    h->a[h->n] = c;
    heap_up(h, h->n++);
}

static conn_t *heap_pop(heap_t *h)
{
    conn_t *top = h->a[0];
    h->a[0] = h->a[--h->n];
    if (h->n > 0)
        heap_down(h, 0);
    return top;
}

/* ------------------------------------------------------------------------ */

static void usage(FILE *f)
{
    fprintf(f,
        "usage: gen --packets N --streams S --seed X -o FILE\n"
        "           [--concurrency C] [--snaplen L] [--format pcap|pcapng]\n"
        "           [--loss PERMILLE] [--link ethernet|raw] [--quiet]\n"
        "Writes exactly N packets of S interleaved TCP connections (at most C open\n"
        "at once; default min(S, 256)), deterministic from the seed. --snaplen cuts\n"
        "frames to L captured bytes (0, the default, keeps whole frames). --loss is\n"
        "the chance per data segment, in permille, that it is lost (default 5).\n"
        "--link raw writes the IP packets with no link layer (LINKTYPE_RAW).\n");
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-')
        return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    options_t o = { .packets = 0, .streams = 0, .seed = 1, .concurrency = 0, .snaplen = 0,
                    .loss_permille = 5, .linktype = TCPGEN_LINKTYPE_ETHERNET, .format = TCPGEN_FORMAT_PCAP, .output = NULL };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t x = 0;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o.quiet = true;
            continue;
        }
        if (v == NULL) {
            usage(stderr);
            return 2;
        }
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            o.output = v;
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(v, "pcap") == 0)
                o.format = TCPGEN_FORMAT_PCAP;
            else if (strcmp(v, "pcapng") == 0)
                o.format = TCPGEN_FORMAT_PCAPNG;
            else {
                fprintf(stderr, "gen: unknown format %s\n", v);
                return 2;
            }
        } else if (strcmp(a, "--link") == 0) {
            if (strcmp(v, "ethernet") == 0)
                o.linktype = TCPGEN_LINKTYPE_ETHERNET;
            else if (strcmp(v, "raw") == 0)
                o.linktype = TCPGEN_LINKTYPE_RAW;
            else {
                fprintf(stderr, "gen: unknown link type %s (ethernet or raw)\n", v);
                return 2;
            }
        } else if (!parse_u64(v, &x)) {
            fprintf(stderr, "gen: %s wants a number, not %s\n", a, v);
            return 2;
        } else if (strcmp(a, "--packets") == 0) {
            o.packets = x;
        } else if (strcmp(a, "--streams") == 0) {
            o.streams = x;
        } else if (strcmp(a, "--seed") == 0) {
            o.seed = x;
        } else if (strcmp(a, "--concurrency") == 0) {
            o.concurrency = (uint32_t)x;
        } else if (strcmp(a, "--snaplen") == 0) {
            o.snaplen = (uint32_t)x;
        } else if (strcmp(a, "--loss") == 0) {
            o.loss_permille = (uint32_t)(x > 1000 ? 1000 : x);
        } else {
            fprintf(stderr, "gen: unknown option %s\n", a);
            usage(stderr);
            return 2;
        }
        i++;
    }
    if (o.packets == 0 || o.streams == 0 || o.output == NULL) {
        usage(stderr);
        return 2;
    }
    if (o.snaplen != 0 && o.snaplen < 54) {
        fprintf(stderr, "gen: --snaplen below 54 would cut TCP headers\n");
        return 2;
    }
    if (o.concurrency == 0)
        o.concurrency = o.streams < 256 ? (uint32_t)o.streams : 256;
    if (o.concurrency > 1000000)
        o.concurrency = 1000000;
    gen_loss_permille = o.loss_permille;

    rng_t prng;
    rng_seed(&prng, o.seed, 0);
    /* Printable text: random binary now and then looks like the start of
     * some protocol to a heuristic dissector (Thrift, say; "S5" is H1), which would make
     * the two runs of a comparison differ by more than the plugin. */
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz 0123456789.,-\n";
    for (size_t i = 0; i < sizeof payload_bytes; i++)
        payload_bytes[i] = (uint8_t)alphabet[rng_below(&prng, (uint32_t)(sizeof alphabet - 1))];

    char err[256];
    tcpgen_capture *cap = tcpgen_capture_create(o.output, o.format, o.linktype,
                                                o.snaplen != 0 ? o.snaplen : 65535, err, sizeof err);
    if (cap == NULL) {
        fprintf(stderr, "gen: %s\n", err);
        return 1;
    }
    uint8_t *frame = malloc(TCPGEN_MAX_FRAME);
    conn_t *pool = calloc(o.concurrency, sizeof *pool);
    conn_t **free_list = calloc(o.concurrency, sizeof *free_list);
    heap_t heap = { calloc(o.concurrency, sizeof(conn_t *)), 0 };
    if (frame == NULL || pool == NULL || free_list == NULL || heap.a == NULL) {
        fprintf(stderr, "gen: out of memory\n");
        tcpgen_capture_discard(cap);
        return 1;
    }
    unsigned nfree = 0;
    for (uint32_t i = 0; i < o.concurrency; i++)
        free_list[nfree++] = &pool[o.concurrency - 1 - i];

    uint64_t per_stream = (o.packets + o.streams - 1) / o.streams;
    uint64_t t0 = UINT64_C(1704067200) * 1000000u;   /* 2024-01-01 00:00:00 UTC */
    uint64_t now = t0;
    uint64_t started = 0;
    /* Connections arrive spread over the first part of the capture. */
    uint64_t arrival_gap = 200;

    /* open the first connections */
    while (nfree > 0 && started < o.streams) {
        conn_t *c = free_list[--nfree];
        conn_init(c, started, o.seed, now + started * arrival_gap, per_stream);
        started++;
        next_round(c);
        heap_push(&heap, c);
    }

    bool ok = true;
    while (stats.packets < o.packets && ok) {
        if (heap.n == 0) {
            /* every connection ended early: open more than asked */
            conn_t *c = free_list[--nfree];
            conn_init(c, started, o.seed, now + 1000, per_stream);
            started++;
            next_round(c);
            heap_push(&heap, c);
            continue;
        }
        conn_t *c = heap.a[0];
        gpkt_t *p = &c->q[c->qhead];
        if (p->t > now)
            now = p->t;
        ok = write_packet(cap, c, p, o.linktype, o.snaplen, frame);
        stats.packets++;
        c->qhead++;
        c->qlen--;
        if (c->qlen > 0) {
            heap_down(&heap, 0);
            continue;
        }
        c->t = c->t > now ? c->t : now;
        if (next_round(c)) {
            heap_down(&heap, 0);
            continue;
        }
        heap_pop(&heap);
        free_list[nfree++] = c;
        uint64_t left = o.packets - stats.packets;
        if (started < o.streams && left > 0) {
            conn_t *n = free_list[--nfree];
            conn_init(n, started, o.seed, now + 1 + (started % 97) * 10, per_stream);
            started++;
            next_round(n);
            heap_push(&heap, n);
        }
    }
    stats.streams = started;
    free(heap.a);
    free(free_list);
    free(pool);
    free(frame);
    if (!ok) {
        tcpgen_capture_discard(cap);
        return 1;
    }
    if (!tcpgen_capture_finish(cap, err, sizeof err)) {
        fprintf(stderr, "gen: %s\n", err);
        return 1;
    }
    if (!o.quiet) {
        fprintf(stderr,
                "gen: %" PRIu64 " packets, %" PRIu64 " streams (%" PRIu64 " closed, %" PRIu64
                " refused, %" PRIu64 " IPv6), %" PRIu64 " data segments, %" PRIu64
                " wire bytes; lost %" PRIu64 "+%" PRIu64 " (unseen+seen), fast retx %" PRIu64
                ", RTO retx %" PRIu64 ", dup ACKs %" PRIu64 ", reorders %" PRIu64
                ", zero windows %" PRIu64 " (%" PRIu64 " probes), keep-alives %" PRIu64
                ", SYN retx %" PRIu64 ", RSTs %" PRIu64 ", FIN closes %" PRIu64 "\n",
                stats.packets, stats.streams, stats.completed, stats.refused, stats.ipv6,
                stats.data_segments, stats.bytes_wire, stats.lost_unseen, stats.lost_seen,
                stats.fast_retx, stats.rto_retx, stats.dupacks, stats.reorders,
                stats.zero_windows, stats.probes, stats.keepalives, stats.syn_retx,
                stats.resets, stats.fins);
    }
    return 0;
}
