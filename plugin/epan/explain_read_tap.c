/* explain_read_tap.c - the tap reader: the facts of a packet's TCP segment
 * without a protocol tree (explain_read.h).
 *
 * Where each fact comes from:
 *   stream, ports, flags, raw seq and ack, segment length, addresses,
 *     Wireshark's seq and next seq: TCP's tap data for the packet's last
 *     TCP header (struct tcpheader);
 *   the raw window and the options (MSS, window scale, SACK permitted,
 *     timestamps, SACK blocks, TFO): not kept by TCP (th_win is scaled),
 *     so read from the header's own bytes, found in the frame (or, when
 *     not there, in another of the packet's buffers, e.g. a reassembled
 *     IP datagram) as the first place where ports, seq, ack, header length
 *     and flags all match; the options are walked as TCP walks them;
 *   the tcp.analysis.* flags and the duplicate ACK number: the struct
 *     tcp_acked TCP filed for this segment in its conversation (looked up,
 *     never created), read only when TCP's analysis runs, as TCP shows it
 *     only then;
 *   tcp.analysis.tfo_syn, tfo_ack and tfo_ignored: expert infos of TCP,
 *     not analysis flags, so decided here by TCP's rules: a SYN carrying a
 *     TFO cookie; a SYN-ACK (with analysis on) acknowledging more than the
 *     SYN, else, when the SYN carried data and a cookie, ignoring it.
 * Every version-specific part of TCP's records is behind explain_compat.h.
 *
 * Mutable state: the listener's registration and the ids resolved with it;
 * per open capture, TCP's analysis record of each stream (found once per
 * stream, not once per packet) and where the last header was found.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/prefs-int.h>
#include <epan/proto.h>
#include <epan/tap.h>
#include <epan/conversation.h>
#include <epan/address.h>
#include <epan/dissectors/packet-tcp.h>

#include "explain_compat.h"

#include "explain_engine.h"
#include "explain_read.h"

/* TCP's records have the layout this reader was checked against
 * (explain_compat.h EXPLAIN_TCP_LAYOUT), or the build stops here. */
#if defined(EXPLAIN_TCP_LAYOUT_UNKNOWN) && !defined(EXPLAIN_UNCHECKED_TCP_LAYOUT)
#error "explain_read_tap.c was checked against the packet-tcp.h of Wireshark 4.0, 4.4 and 4.6, not this version's: compare the members explain_compat.h lists in EXPLAIN_TCP_LAYOUT, or configure with -DEXPLAIN_UNCHECKED_TCP_LAYOUT=ON and run ctest -R readers"
#endif
#ifdef EXPLAIN_TCP_LAYOUT
#define EXPLAIN_X_MEMBER(record, member, offset, size)                             \
    _Static_assert(offsetof(record, member) == (offset)                            \
                       && sizeof(((record *)0)->member) == (size),                 \
                   "packet-tcp.h: " #record "." #member " has moved or changed size "  \
                   "since explain_read_tap.c was checked (explain_compat.h)");
#define EXPLAIN_X_RECORD(record, size)                                             \
    _Static_assert(sizeof(record) == (size),                                       \
                   "packet-tcp.h: " #record " has changed size since "             \
                   "explain_read_tap.c was checked (explain_compat.h)");
EXPLAIN_TCP_LAYOUT(EXPLAIN_X_MEMBER, EXPLAIN_X_RECORD)
#undef EXPLAIN_X_MEMBER
#undef EXPLAIN_X_RECORD
#endif

/* TCP option kinds, and their lengths when fixed (RFC 9293, 7323, 2018,
 * 7413, 6994). */
enum {
    OPT_EOL = 0,
    OPT_NOP = 1,
    OPT_MSS = 2,
    OPT_WSCALE = 3,
    OPT_SACK_PERM = 4,
    OPT_SACK = 5,
    OPT_TIMESTAMPS = 8,
    OPT_TFO = 34,
    OPT_EXP_1 = 253,
    OPT_EXP_2 = 254,
    OPT_LEN_MSS = 4,
    OPT_LEN_WSCALE = 3,
    OPT_LEN_TIMESTAMPS = 10,
    OPT_LEN_EXP_MIN = 4,         /* kind, length, 16-bit experiment id */
    EXP_ID_TFO = 0xf989          /* the experiment id of TCP Fast Open */
};

/* The fixed part of a TCP header. */
enum {
    TCP_HEADER_MIN = 20
};

static struct {
    bool     registered;
    int      tap_id;            /* the "tcp" tap */
    int      proto_tcp;
    int      proto_icmp;
    int      proto_icmpv6;
    pref_t  *exp_options;       /* tcp.dissect_experimental_options_rfc6994 */
} tap_state = {
    .registered = false,
    .tap_id = -1,
    .proto_tcp = -1,
    .proto_icmp = -1,
    .proto_icmpv6 = -1,
    .exp_options = NULL,
};

/* The listener's identity for register_tap_listener(): its address. */
static int tap_listener_key;

/* What the reader remembers about the open capture (explain_read_tap_forget()
 * clears it):
 *   tcpd_by_stream: TCP's struct tcp_analysis of each stream, indexed by
 *     TCP's stream number. TCP numbers every tcp_analysis it creates, once,
 *     so a stream's record, found by its conversation on the stream's first
 *     packet, is the stream's for the whole capture; looking the
 *     conversation up on every packet was half of what reading cost.
 *   header_offset: where the last packet's TCP header started in its frame,
 *     tried first (a capture's frames mostly share their link and IP
 *     header lengths). */
static struct {
    GPtrArray *tcpd_by_stream;
    int        header_offset;
} seen = { .tcpd_by_stream = NULL, .header_offset = -1 };

void explain_read_tap_forget(void)
{
    if (seen.tcpd_by_stream != NULL)
        g_ptr_array_free(seen.tcpd_by_stream, TRUE);
    seen.tcpd_by_stream = NULL;
    seen.header_offset = -1;
}

/* ======================================================================== */

bool explain_read_tap_register(void)
{
    if (tap_state.registered)
        return true;
    int tap_id = find_tap_id("tcp");
    if (tap_id < 0)
        return false;
    GString *error = register_tap_listener("tcp", &tap_listener_key, NULL,
                                           TL_IS_DISSECTOR_HELPER, NULL, NULL, NULL, NULL);
    if (error != NULL) {
        g_string_free(error, TRUE);
        return false;
    }
    tap_state.tap_id = tap_id;
    tap_state.proto_tcp = proto_get_id_by_filter_name("tcp");
    tap_state.proto_icmp = proto_get_id_by_filter_name("icmp");
    tap_state.proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    module_t *tcp = prefs_find_module("tcp");
    tap_state.exp_options = tcp != NULL
        ? prefs_find_preference(tcp, "dissect_experimental_options_rfc6994") : NULL;
    tap_state.registered = true;
    return true;
}

void explain_read_tap_unregister(void)
{
    if (!tap_state.registered)
        return;
    remove_tap_listener(&tap_listener_key);
    tap_state.registered = false;
}

/* ========================================================================
 * The header's bytes.
 */

/* Big-endian 16 and 32-bit numbers. */
static uint16_t get_be16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* True when the bytes at p are th's fixed header as TCP read it: ports,
 * seq, ack, and the data offset (header length / 4) with the 12 flag bits. */
static bool header_at(const uint8_t *p, const struct tcpheader *th, uint16_t off_flags)
{
    return get_be16(p) == (uint16_t)th->th_sport && get_be16(p + 2) == (uint16_t)th->th_dport
           && get_be32(p + 4) == (uint32_t)th->th_rawseq && get_be32(p + 8) == (uint32_t)th->th_rawack
           && get_be16(p + 12) == off_flags;
}

/* Where in tvb the TCP header th describes starts: the first offset where
 * ports, seq, ack, header length and flags all match, with at least the
 * fixed header captured; -1 when nowhere. Sets *data to tvb's captured
 * bytes and *len to their number. */
static int find_header_in(tvbuff_t *tvb, const struct tcpheader *th, const uint8_t **data,
                          int *len)
{
    *len = (int)tvb_captured_length(tvb);
    if (*len < TCP_HEADER_MIN)
        return -1;
    uint16_t off_flags = (uint16_t)((th->th_hlen / 4u) << 12 | (th->th_flags & 0x0fffu));
    const uint8_t *bytes = tvb_get_ptr(tvb, 0, *len);
    *data = bytes;
    int hint = seen.header_offset;
    if (hint >= 0 && hint + TCP_HEADER_MIN <= *len && header_at(bytes + hint, th, off_flags))
        return hint;
    const uint8_t first = (uint8_t)(th->th_sport >> 8);
    for (int off = 0; off + TCP_HEADER_MIN <= *len; off++) {
        if (bytes[off] == first && header_at(bytes + off, th, off_flags))
            return off;
    }
    return -1;
}

/* The header's bytes, found by find_header(): where they start and how
 * many of them (and of what follows) were captured. */
typedef struct {
    const uint8_t *bytes;
    int            captured;
} header_bytes_t;

/* Finds the header's bytes: in the frame, else in the packet's other
 * buffers (the newest that has it). Fills *found and returns the offset
 * in its buffer, or returns -1. */
static int find_header(tvbuff_t *frame, const packet_info *pinfo, const struct tcpheader *th,
                       header_bytes_t *found)
{
    const uint8_t *data;
    int len;
    int off = find_header_in(frame, th, &data, &len);
    if (off >= 0) {
        seen.header_offset = off;
        found->bytes = data + off;
        found->captured = len - off;
        return off;
    }
    for (GSList *s = pinfo->data_src; s != NULL; s = s->next) {
        tvbuff_t *tvb = get_data_source_tvb((const struct data_source *)s->data);
        if (tvb == NULL || tvb == frame)
            continue;
        int at = find_header_in(tvb, th, &data, &len);
        if (at >= 0) {
            off = at;
            found->bytes = data + at;
            found->captured = len - at;
        }
    }
    return off;
}

/* True when experimental options (kinds 253, 254) carry an experiment id
 * (TCP's preference, on by default). */
static bool exp_options_have_id(void)
{
    return tap_state.exp_options == NULL
           || prefs_get_bool_value(tap_state.exp_options, pref_current);
}

/* The TFO option's payload length (after kind and length, and after the
 * experiment id in an experimental option), or -1 when the option is not
 * TCP Fast Open: 0 is a cookie request, more a cookie. */
static int tfo_payload(uint8_t kind, const uint8_t *o, int olen)
{
    if (kind == OPT_TFO)
        return olen - 2;
    if ((kind == OPT_EXP_1 || kind == OPT_EXP_2) && olen >= OPT_LEN_EXP_MIN
        && exp_options_have_id() && get_be16(o + 2) == EXP_ID_TFO)
        return olen - OPT_LEN_EXP_MIN;
    return -1;
}

/* Reads the options facts from the options' bytes o[0..len), as TCP walks
 * them: up to an end-of-list, or to the first option whose length is
 * missing, below 2 or past the end (TCP stops there too). An option of
 * the wrong length gives no value (but SACK permitted counts as seen),
 * and TCP counts a SACK left edge for every 4 bytes that start a block.
 * Sets *tfo_cookie when a TFO option carries a cookie. */
static void read_options(const uint8_t *o, int len, explain_facts_t *facts, bool *tfo_cookie)
{
    explain_tcp_options_t *opts = &facts->opts;
    int i = 0;
    unsigned sack_blocks = 0;
    while (i < len) {
        uint8_t kind = o[i];
        if (kind == OPT_EOL)
            break;
        if (kind == OPT_NOP) {
            i++;
            continue;
        }
        if (i + 1 >= len)
            break;
        int olen = o[i + 1];
        if (olen < 2 || i + olen > len)
            break;
        const uint8_t *v = o + i + 2;
        switch (kind) {
        case OPT_MSS:
            if (olen == OPT_LEN_MSS) {
                opts->has_mss = true;
                opts->mss = get_be16(v);
            }
            break;
        case OPT_WSCALE:
            if (olen == OPT_LEN_WSCALE) {
                opts->has_wscale = true;
                opts->wscale_shift = v[0];
            }
            break;
        case OPT_SACK_PERM:
            opts->sack_permitted = true;
            break;
        case OPT_SACK:
            /* The edges of whole blocks, as TCP shows them (a block cut
             * short counts but has no right edge) */
            for (int b = 0; b + 4 <= olen - 2; b += 8) {
                if (sack_blocks < EXPLAIN_SACK_MAX) {
                    facts->sack_le[sack_blocks] = get_be32(v + b);
                    if (b + 8 <= olen - 2)
                        facts->sack_re[sack_blocks] = get_be32(v + b + 4);
                }
                sack_blocks++;
            }
            break;
        case OPT_TIMESTAMPS:
            if (olen == OPT_LEN_TIMESTAMPS) {
                opts->has_timestamps = true;
                opts->tsval = get_be32(v);
                opts->tsecr = get_be32(v + 4);
            }
            break;
        default: {
            int tfo = tfo_payload(kind, o + i, olen);
            if (tfo >= 0) {
                opts->has_tfo = true;
                if (tfo > 0)
                    *tfo_cookie = true;
            }
            break;
        }
        }
        i += olen;
    }
    opts->sack_blocks = (uint8_t)MIN(sack_blocks, UINT8_MAX);
}

/* ========================================================================
 * The packet.
 */

/* The packet's last TCP header in TCP's tap data (NULL when none), and how
 * many TCP headers TCP tapped. */
static const struct tcpheader *last_tcp_header(unsigned *tapped)
{
    const struct tcpheader *th = NULL;
    unsigned count = 0;
    for (;;) {
        const struct tcpheader *t =
            (const struct tcpheader *)fetch_tapped_data(tap_state.tap_id, (int)count);
        if (t == NULL)
            break;
        th = t;
        count++;
    }
    *tapped = count;
    return th;
}

/* The packet's layers as far as the reader cares: how many TCP layers,
 * and whether an ICMP or ICMPv6 layer lies under the last (that TCP header
 * is then quoted inside an ICMP error). */
typedef struct {
    unsigned tcp_layers;
    bool     quoted;
} tcp_layers_t;

static tcp_layers_t find_tcp_layers(const packet_info *pinfo)
{
    tcp_layers_t found = { .tcp_layers = 0, .quoted = false };
    bool icmp_below = false;
    for (wmem_list_frame_t *l = wmem_list_head(pinfo->layers); l != NULL; l = wmem_list_frame_next(l)) {
        int proto = GPOINTER_TO_INT(wmem_list_frame_data(l));
        if (proto == tap_state.proto_tcp) {
            found.tcp_layers++;
            found.quoted = icmp_below;
        } else if (proto == tap_state.proto_icmp || proto == tap_state.proto_icmpv6) {
            icmp_below = true;
        }
    }
    return found;
}

/* TCP's analysis of the segment: what its tree shows under tcp.analysis
 * for the struct tcp_acked filed for it (the flags, and the duplicate
 * ACK's number), and the TCP Fast Open verdict on a SYN-ACK. */
/* TCP's analysis record of th's stream: remembered, else found by its
 * conversation and remembered when it is the stream's (NULL when none). */
static struct tcp_analysis *stream_analysis(packet_info *pinfo, const struct tcpheader *th)
{
    GPtrArray *known = seen.tcpd_by_stream;
    if (known != NULL && th->th_stream < known->len && known->pdata[th->th_stream] != NULL)
        return (struct tcp_analysis *)known->pdata[th->th_stream];
    conversation_t *conv = EXPLAIN_TCP_CONVERSATION(pinfo, th);
    struct tcp_analysis *tcpd = conv != NULL
        ? (struct tcp_analysis *)conversation_get_proto_data(conv, tap_state.proto_tcp) : NULL;
    if (tcpd == NULL || tcpd->stream != th->th_stream)
        return tcpd;   /* not the stream's own record: looked up again next time */
    if (known == NULL)
        known = seen.tcpd_by_stream = g_ptr_array_new();
    if (th->th_stream >= known->len)
        g_ptr_array_set_size(known, (guint)th->th_stream + 1);
    known->pdata[th->th_stream] = tcpd;
    return tcpd;
}

static void read_analysis(packet_info *pinfo, const struct tcpheader *th, explain_facts_t *facts)
{
    struct tcp_analysis *tcpd = stream_analysis(pinfo, th);

    if (tcpd != NULL && tcpd->acked_table != NULL) {
        uint32_t words[EXPLAIN_TCP_ACKED_KEY_WORDS];
        EXPLAIN_TCP_ACKED_KEY(words, pinfo->num, th->th_rawseq, th->th_rawack);
        wmem_tree_key_t key[2] = {
            { .length = EXPLAIN_TCP_ACKED_KEY_WORDS, .key = words },
            { .length = 0, .key = NULL },
        };
        const struct tcp_acked *ta = (const struct tcp_acked *)wmem_tree_lookup32_array(tcpd->acked_table, key);
        /* TCP shows nothing of a record without flags. */
        if (ta != NULL && ta->flags != 0) {
#define EXPLAIN_X_TCP_A(value, bits) \
            if (ta->flags & (value))  \
                facts->analysis |= (bits);
            EXPLAIN_TCP_A_LIST(EXPLAIN_X_TCP_A)
#undef EXPLAIN_X_TCP_A
            if (ta->dupack_num != 0) {
                facts->analysis |= EXPLAIN_TA_DUPLICATE_ACK;
                facts->dup_ack_count = ta->dupack_num;
            }
        }
    }

    /* A SYN-ACK accepts TFO data when it acknowledges more than the SYN:
     * TCP compares its ack, relative or raw, with the client's ISN + 1
     * (the base of the flow the SYN-ACK answers). */
    if (tcpd != NULL
        && (th->th_flags & (EXPLAIN_TH_SYN | EXPLAIN_TH_ACK)) == (EXPLAIN_TH_SYN | EXPLAIN_TH_ACK)) {
        if (th->th_rawack - EXPLAIN_TCP_REV_FLOW(tcpd, th)->base_seq > 1)
            facts->analysis |= EXPLAIN_TA_TFO_ACK;
        else if (tcpd->tfo_syn_data)
            facts->analysis |= EXPLAIN_TA_TFO_IGNORED;
    }
}

explain_tap_read_t explain_read_tap(tvbuff_t *tvb, packet_info *pinfo, bool tcp_analysis,
                                    explain_facts_t *facts)
{
    memset(facts, 0, sizeof(*facts));
    if (!tap_state.registered)
        return EXPLAIN_TAP_READ_NO_TCP;
    tcp_layers_t layers = find_tcp_layers(pinfo);
    if (layers.tcp_layers == 0)
        return EXPLAIN_TAP_READ_NO_TCP;
    if (layers.quoted)
        return EXPLAIN_TAP_READ_QUOTED;
    /* TCP taps a header when it is done with it: fewer taps than TCP layers
     * means it gave up on the last one (an exception, e.g. in its options),
     * and the last tap entry, if any, is an outer header. */
    unsigned tapped;
    const struct tcpheader *th = last_tcp_header(&tapped);
    if (th == NULL || tapped < layers.tcp_layers)
        return EXPLAIN_TAP_READ_UNTAPPED;
    /* Without a segment length TCP shows no tcp.len: a header too short or
     * in an IP fragment. */
    if (!th->th_have_seglen)
        return EXPLAIN_TAP_READ_NO_TCP;
    if (!(explain_read_endpoint(&th->ip_src, &facts->src)
          && explain_read_endpoint(&th->ip_dst, &facts->dst))
        && !(explain_read_endpoint(&pinfo->src, &facts->src)
             && explain_read_endpoint(&pinfo->dst, &facts->dst)))
        return EXPLAIN_TAP_READ_NO_TCP;

    facts->frame = pinfo->num;
    facts->time_ns = explain_read_time_ns(pinfo);
    facts->stream = th->th_stream;
    facts->src.port = th->th_sport;
    facts->dst.port = th->th_dport;
    facts->flags = th->th_flags;
    facts->seq_raw = th->th_rawseq;
    facts->ack_raw = th->th_rawack;
    facts->payload_len = th->th_seglen;
    /* tcp.seq and tcp.nxtseq: th_seq is relative when TCP shows it so. */
    facts->has_ws_nxtseq = true;
    facts->ws_seq = th->th_seq;
    facts->ws_nxtseq = th->th_seq + th->th_seglen
                       + ((th->th_flags & (EXPLAIN_TH_SYN | EXPLAIN_TH_FIN)) ? 1u : 0u);
    facts->has_analysis = tcp_analysis;

    explain_tap_read_t result = EXPLAIN_TAP_READ_NO_HEADER;
    bool tfo_cookie = false;
    header_bytes_t header = { .bytes = NULL, .captured = 0 };
    if (find_header(tvb, pinfo, th, &header) >= 0) {
        /* header.captured >= TCP_HEADER_MIN: find_header_in matched there */
        const uint8_t *h = header.bytes;
        facts->window_raw = get_be16(h + 14);
        int options_len = (int)th->th_hlen - TCP_HEADER_MIN;
        int captured = header.captured - TCP_HEADER_MIN;
        if (options_len > captured)
            options_len = captured;
        if (options_len > 0)
            read_options(h + TCP_HEADER_MIN, options_len, facts, &tfo_cookie);
        result = EXPLAIN_TAP_READ_OK;
    } else if (tvb_captured_length(tvb) < tvb_reported_length(tvb)) {
        /* Not in the frame, which was cut short when captured: the
         * header's own bytes are cut, so its window is unknown. */
        memset(facts, 0, sizeof(*facts));
        return EXPLAIN_TAP_READ_CUT_SHORT;
    }

    if (tfo_cookie && (th->th_flags & (EXPLAIN_TH_SYN | EXPLAIN_TH_ACK)) == EXPLAIN_TH_SYN)
        facts->analysis |= EXPLAIN_TA_TFO_SYN;
    if (tcp_analysis)
        read_analysis(pinfo, th, facts);
    return result;
}
