/* packet-explainfloor.c - the benchmark's floor: a post-dissector that asks
 * for and reads the same TCP fields as explain.so, and does nothing else.
 *
 * What it costs over plain tshark is the cost of asking for a tree: the
 * bar explain.so is measured against (issue 7: explaining may add at most
 * 10% over merely reading the fields). Protocol "explainfloor".
 *
 * Preference explainfloor.mode:
 *   fields (default)  want the fields with set_postdissector_wanted_hfids()
 *                     and read them with proto_get_finfo_ptr_array(), the
 *                     way plugin/packet-explain.c does (same loops);
 *   tap               want no field; register a "tcp" tap listener with no
 *                     callbacks and no filter, and read the current packet's
 *                     struct tcpheader with fetch_tapped_data() plus the
 *                     conversation's analysis with get_tcp_conversation_data():
 *                     the least a tree-free first pass would cost (the
 *                     stretch of issue 7);
 *   none              want nothing, read nothing: the cost of merely being a
 *                     registered post-dissector;
 *   compare           both: want and read the fields, read the tap too, and
 *                     count, per fact the engine takes, the packets where the
 *                     two disagree (printed on stderr when the file closes).
 *
 * The tap reader is the prototype of the tree-free first pass evaluated in
 * bench/RESULTS.md: struct tcpheader has the stream, ports, flags, raw
 * numbers, length and addresses; the window field and the options (MSS,
 * window scale, SACK permitted, timestamps, SACK blocks, TFO) it does not
 * keep, so the reader finds the TCP header in the frame (the first place
 * where ports, seq and ack match) and parses the options itself; the
 * analysis verdicts come from the conversation (get_tcp_conversation_data()
 * ->ta, TCP_A_* values copied from packet-tcp.c, which does not export them).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
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
#include <ws_version.h>

#include "explain_compat.h"

/* The tcp.analysis field names, from the engine's own list. */
#include "explain_engine.h"

#ifndef FLOOR_VERSION
#define FLOOR_VERSION "0.1.0"
#endif

/* ------------------------------------------------------------------------
 * The fields explain.so reads: EXPLAIN_READ_FIELD_LIST (explain_fields.h,
 * shared with plugin/packet-explain.c) and the tcp.analysis flags of
 * EXPLAIN_TCP_ANALYSIS_LIST (explain_engine.h).
 */
typedef enum {
    PLACE_IN_TCP,
    PLACE_BELOW_TCP
} field_place_t;

#include "explain_fields.h"

typedef enum {
#define FLOOR_X_FIELD_ENUM(name, abbrev, place) FIELD_##name,
    EXPLAIN_READ_FIELD_LIST(FLOOR_X_FIELD_ENUM)
#undef FLOOR_X_FIELD_ENUM
    FIELD_ANALYSIS_FIRST,
    FIELD_COUNT = FIELD_ANALYSIS_FIRST + EXPLAIN_TA_COUNT
} read_field_t;

typedef struct {
    const char   *abbrev;
    field_place_t place;
} read_field_info_t;

static const read_field_info_t read_fields[FIELD_COUNT] = {
#define FLOOR_X_FIELD_INFO(name, abbrev, place) [FIELD_##name] = { abbrev, place },
    EXPLAIN_READ_FIELD_LIST(FLOOR_X_FIELD_INFO)
#undef FLOOR_X_FIELD_INFO
#define FLOOR_X_TA_INFO(name, abbrev) \
    [FIELD_ANALYSIS_FIRST + EXPLAIN_TA_INDEX_##name] = { abbrev, PLACE_IN_TCP },
    EXPLAIN_TCP_ANALYSIS_LIST(FLOOR_X_TA_INFO)
#undef FLOOR_X_TA_INFO
};

#define FLOOR_MAX_IDS_PER_FIELD 8

typedef struct {
    int      ids[FLOOR_MAX_IDS_PER_FIELD];
    unsigned count;
} field_ids_t;

typedef struct {
    field_info *last;
    unsigned    count;
} field_hit_t;

enum {
    FLOOR_MODE_FIELDS,
    FLOOR_MODE_TAP,
    FLOOR_MODE_NONE,
    FLOOR_MODE_COMPARE
};

static int proto_floor = -1;
static dissector_handle_t floor_handle;
static field_ids_t read_field_ids[FIELD_COUNT];
static gint floor_mode = FLOOR_MODE_FIELDS;
static int tcp_tap_id = -1;
static bool tap_registered;
static int tap_dummy;
static int proto_icmp_id = -1;
static int proto_icmpv6_id = -1;
static bool tcp_relative_seq = true;
static bool tcp_analyze_seq = true;

/* Where what was read goes, so the compiler cannot drop the reading. */
static volatile uint64_t floor_sink;

/* ------------------------------------------------------------------------ */

/* Version differences come from the plugin's own compatibility header. */
#define FLOOR_FI_UINT(fi) EXPLAIN_FI_UINT(fi)
#define FLOOR_FI_LAYER(fi) EXPLAIN_FI_LAYER(fi)

static void resolve_field_ids(const char *abbrev, field_ids_t *out)
{
    out->count = 0;
    header_field_info *hfi = proto_registrar_get_byname(abbrev);
    while (hfi != NULL && out->count < FLOOR_MAX_IDS_PER_FIELD) {
        out->ids[out->count++] = hfi->id;
        hfi = hfi->same_name_prev_id >= 0
                  ? proto_registrar_get_nth((guint)hfi->same_name_prev_id)
                  : NULL;
    }
}

static void update_wanted_fields(void)
{
    if (floor_handle == NULL)
        return;
    if ((floor_mode != FLOOR_MODE_FIELDS && floor_mode != FLOOR_MODE_COMPARE)
        || !proto_is_protocol_enabled(find_protocol_by_id(proto_floor))) {
        set_postdissector_wanted_hfids(floor_handle, NULL);
        return;
    }
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
    for (unsigned f = 0; f < FIELD_COUNT; f++) {
        for (unsigned i = 0; i < read_field_ids[f].count; i++)
            g_array_append_val(wanted, read_field_ids[f].ids[i]);
    }
    set_postdissector_wanted_hfids(floor_handle, wanted);
}

static void update_tap(void)
{
    bool want = (floor_mode == FLOOR_MODE_TAP || floor_mode == FLOOR_MODE_COMPARE)
                && proto_is_protocol_enabled(find_protocol_by_id(proto_floor));
    if (want && !tap_registered) {
        GString *error = register_tap_listener("tcp", &tap_dummy, NULL, TL_IS_DISSECTOR_HELPER,
                                               NULL, NULL, NULL, NULL);
        if (error != NULL)
            g_string_free(error, TRUE);
        else
            tap_registered = true;
    } else if (!want && tap_registered) {
        remove_tap_listener(&tap_dummy);
        tap_registered = false;
    }
}

static bool tcp_bool_pref(const char *name, bool fallback)
{
    module_t *tcp = prefs_find_module("tcp");
    pref_t *pref = tcp != NULL ? prefs_find_preference(tcp, name) : NULL;
    return pref != NULL ? prefs_get_bool_value(pref, pref_current) != 0 : fallback;
}

static void floor_init(void)
{
    tcp_relative_seq = tcp_bool_pref("relative_sequence_numbers", true);
    tcp_analyze_seq = tcp_bool_pref("analyze_sequence_numbers", true);
    update_wanted_fields();
    update_tap();
}

static void compare_report(void);

static void floor_cleanup(void)
{
    compare_report();
    if (floor_handle != NULL)
        set_postdissector_wanted_hfids(floor_handle, NULL);
}

/* ------------------------------------------------------------------------
 * Reading, as plugin/packet-explain.c reads.
 */
static field_info *find_tcp_stream(proto_tree *tree)
{
    field_info *last = NULL;
    const field_ids_t *ids = &read_field_ids[FIELD_STREAM];
    for (unsigned i = 0; i < ids->count; i++) {
        GPtrArray *found = proto_get_finfo_ptr_array(tree, ids->ids[i]);
        if (found == NULL || found->len == 0)
            continue;
        field_info *fi = (field_info *)g_ptr_array_index(found, found->len - 1);
        if (last == NULL || FLOOR_FI_LAYER(fi) >= FLOOR_FI_LAYER(last))
            last = fi;
    }
    return last;
}

static void collect_fields(proto_tree *tree, int tcp_layer, field_hit_t hits[FIELD_COUNT])
{
    for (unsigned f = 0; f < FIELD_COUNT; f++) {
        hits[f].last = NULL;
        hits[f].count = 0;
        const field_ids_t *ids = &read_field_ids[f];
        for (unsigned i = 0; i < ids->count; i++) {
            GPtrArray *found = proto_get_finfo_ptr_array(tree, ids->ids[i]);
            if (found == NULL)
                continue;
            for (guint k = 0; k < found->len; k++) {
                field_info *fi = (field_info *)g_ptr_array_index(found, k);
                int layer = FLOOR_FI_LAYER(fi);
                bool in_place = read_fields[f].place == PLACE_IN_TCP ? layer == tcp_layer
                                                                     : layer < tcp_layer;
                if (!in_place)
                    continue;
                hits[f].count++;
                if (hits[f].last == NULL || layer >= FLOOR_FI_LAYER(hits[f].last))
                    hits[f].last = fi;
            }
        }
    }
}

static void read_with_fields(proto_tree *tree)
{
    field_info *stream_fi = find_tcp_stream(tree);
    if (stream_fi == NULL)
        return;
    field_hit_t hits[FIELD_COUNT];
    collect_fields(tree, FLOOR_FI_LAYER(stream_fi), hits);
    uint64_t sum = 0;
    for (unsigned f = 0; f < FIELD_COUNT; f++) {
        field_info *fi = hits[f].last;
        sum += hits[f].count;
        if (fi == NULL || fi->hfinfo == NULL)
            continue;
        if (EXPLAIN_FT_IS_UINT32(fi->hfinfo->type)) {
            sum += FLOOR_FI_UINT(fi);
        } else if (fi->ds_tvb != NULL && fi->start >= 0 && (fi->length == 4 || fi->length == 16)
                   && tvb_bytes_exist(fi->ds_tvb, fi->start, fi->length)) {
            uint8_t addr[16];
            tvb_memcpy(fi->ds_tvb, addr, fi->start, fi->length);
            sum += addr[0] + addr[fi->length - 1];
        }
    }
    floor_sink += sum;
}

/* ------------------------------------------------------------------------
 * The facts the engine takes (explain_facts_t), read either way.
 */
typedef struct {
    uint32_t stream, sport, dport, flags, seq_raw, ack_raw, len;
    bool     has_window;
    uint32_t window;
    bool     has_ws_nxtseq;
    uint32_t ws_seq, ws_nxtseq;
    bool     has_mss, has_wscale, sack_perm, has_ts, tfo;
    uint32_t mss, wscale, tsval, tsecr, sack_blocks;
    uint32_t analysis;          /* EXPLAIN_TA_* bits */
    uint32_t dup_ack;
    uint8_t  addr_len;
    uint8_t  src[16], dst[16];
} floor_facts_t;

#define FLOOR_FACT_LIST(X)                                                     \
    X(stream) X(ports) X(flags) X(seq_raw) X(ack_raw) X(len) X(window)          \
    X(ws_nxtseq) X(mss) X(wscale) X(sack_perm) X(timestamps) X(sack_blocks)     \
    X(tfo) X(analysis) X(dup_ack) X(addresses)

enum {
#define FLOOR_X_FACT_ENUM(name) FACT_##name,
    FLOOR_FACT_LIST(FLOOR_X_FACT_ENUM)
#undef FLOOR_X_FACT_ENUM
    FACT_COUNT
};
static const char *const fact_names[FACT_COUNT] = {
#define FLOOR_X_FACT_NAME(name) #name,
    FLOOR_FACT_LIST(FLOOR_X_FACT_NAME)
#undef FLOOR_X_FACT_NAME
};

typedef struct {
    uint64_t packets;          /* packets both readers saw as TCP */
    uint64_t only_fields;      /* TCP for the fields, not for the tap */
    uint64_t only_tap;
    uint64_t header_not_found; /* the tap reader could not find the header */
    uint64_t differ[FACT_COUNT];
    uint32_t first_frame[FACT_COUNT];
    uint64_t analysis_bits_differ[EXPLAIN_TA_COUNT];
} compare_stats_t;

static compare_stats_t compare_stats;

static bool hit_uint_value(const field_hit_t *hit, uint32_t *out)
{
    if (hit->last == NULL || hit->last->hfinfo == NULL || !EXPLAIN_FT_IS_UINT32(hit->last->hfinfo->type))
        return false;
    *out = FLOOR_FI_UINT(hit->last);
    return true;
}

static bool hit_bytes(const field_hit_t *hit, uint8_t *out, int len)
{
    field_info *fi = hit->last;
    if (fi == NULL || fi->ds_tvb == NULL || fi->length != len || fi->start < 0
        || !tvb_bytes_exist(fi->ds_tvb, fi->start, len))
        return false;
    tvb_memcpy(fi->ds_tvb, out, fi->start, len);
    return true;
}

/* As plugin/packet-explain.c's read_facts() reads them. */
static bool facts_from_fields(proto_tree *tree, floor_facts_t *f)
{
    memset(f, 0, sizeof *f);
    field_info *stream_fi = find_tcp_stream(tree);
    if (stream_fi == NULL)
        return false;
    field_hit_t hits[FIELD_COUNT];
    collect_fields(tree, FLOOR_FI_LAYER(stream_fi), hits);
    if (!hit_uint_value(&hits[FIELD_STREAM], &f->stream)
        || !hit_uint_value(&hits[FIELD_SRCPORT], &f->sport)
        || !hit_uint_value(&hits[FIELD_DSTPORT], &f->dport)
        || !hit_uint_value(&hits[FIELD_FLAGS], &f->flags)
        || !hit_uint_value(&hits[FIELD_SEQ_RAW], &f->seq_raw)
        || !hit_uint_value(&hits[FIELD_ACK_RAW], &f->ack_raw)
        || !hit_uint_value(&hits[FIELD_LEN], &f->len))
        return false;
    f->has_window = hit_uint_value(&hits[FIELD_WINDOW], &f->window);
    f->has_ws_nxtseq = hit_uint_value(&hits[FIELD_WS_SEQ], &f->ws_seq)
                       && hit_uint_value(&hits[FIELD_WS_NXTSEQ], &f->ws_nxtseq);
    f->has_mss = hit_uint_value(&hits[FIELD_MSS], &f->mss);
    f->has_wscale = hit_uint_value(&hits[FIELD_WSCALE_SHIFT], &f->wscale);
    f->sack_perm = hits[FIELD_SACK_PERM].count > 0;
    f->has_ts = hit_uint_value(&hits[FIELD_TSVAL], &f->tsval);
    if (f->has_ts)
        hit_uint_value(&hits[FIELD_TSECR], &f->tsecr);
    f->sack_blocks = hits[FIELD_SACK_LE].count;
    f->tfo = hits[FIELD_TFO_REQUEST].count > 0 || hits[FIELD_TFO_COOKIE].count > 0;
    for (unsigned a = 0; a < EXPLAIN_TA_COUNT; a++) {
        if (hits[FIELD_ANALYSIS_FIRST + a].count > 0)
            f->analysis |= 1u << a;
    }
    hit_uint_value(&hits[FIELD_DUP_ACK_NUM], &f->dup_ack);
    const field_hit_t *v4 = &hits[FIELD_IP_SRC], *v6 = &hits[FIELD_IPV6_SRC];
    bool use_v6 = v6->last != NULL
                  && (v4->last == NULL || FLOOR_FI_LAYER(v6->last) > FLOOR_FI_LAYER(v4->last));
    if (use_v6 && hit_bytes(&hits[FIELD_IPV6_SRC], f->src, 16)
        && hit_bytes(&hits[FIELD_IPV6_DST], f->dst, 16))
        f->addr_len = 16;
    else if (!use_v6 && v4->last != NULL && hit_bytes(&hits[FIELD_IP_SRC], f->src, 4)
             && hit_bytes(&hits[FIELD_IP_DST], f->dst, 4))
        f->addr_len = 4;
    return true;
}

/* TCP_A_* of epan/dissectors/packet-tcp.c (4.0), not exported there. */
static const struct {
    uint32_t ws_bit;
    uint32_t ta_bit;
} analysis_map[] = {
    { 0x0001, EXPLAIN_TA_RETRANSMISSION },
    { 0x0002, EXPLAIN_TA_LOST_SEGMENT },
    { 0x0004, EXPLAIN_TA_ACK_LOST_SEGMENT },
    { 0x0008, EXPLAIN_TA_KEEP_ALIVE },
    { 0x0010, EXPLAIN_TA_DUPLICATE_ACK },
    { 0x0020, EXPLAIN_TA_ZERO_WINDOW },
    { 0x0040, EXPLAIN_TA_ZERO_WINDOW_PROBE },
    { 0x0080, EXPLAIN_TA_ZERO_WINDOW_PROBE_ACK },
    { 0x0100, EXPLAIN_TA_KEEP_ALIVE_ACK },
    { 0x0200, EXPLAIN_TA_OUT_OF_ORDER },
    { 0x0400, EXPLAIN_TA_FAST_RETRANSMISSION | EXPLAIN_TA_RETRANSMISSION },
    { 0x0800, EXPLAIN_TA_WINDOW_UPDATE },
    { 0x1000, EXPLAIN_TA_WINDOW_FULL },
    { 0x2000, EXPLAIN_TA_REUSED_PORTS },
    { 0x4000, EXPLAIN_TA_SPURIOUS_RETRANSMISSION | EXPLAIN_TA_RETRANSMISSION },
};

/* Where the TCP header th describes starts in the frame: the first offset
 * where ports, seq and ack all match; -1 when not there (a header that came
 * from a reassembled or decrypted buffer). */
static int find_tcp_header(tvbuff_t *tvb, const struct tcpheader *th)
{
    uint8_t want[12] = {
        (uint8_t)(th->th_sport >> 8), (uint8_t)th->th_sport,
        (uint8_t)(th->th_dport >> 8), (uint8_t)th->th_dport,
        (uint8_t)(th->th_rawseq >> 24), (uint8_t)(th->th_rawseq >> 16),
        (uint8_t)(th->th_rawseq >> 8), (uint8_t)th->th_rawseq,
        (uint8_t)(th->th_rawack >> 24), (uint8_t)(th->th_rawack >> 16),
        (uint8_t)(th->th_rawack >> 8), (uint8_t)th->th_rawack,
    };
    int len = (int)tvb_captured_length(tvb);
    if (len < 20)
        return -1;
    const uint8_t *data = tvb_get_ptr(tvb, 0, len);
    for (int off = 0; off + 20 <= len; off++) {
        if (data[off] == want[0] && memcmp(data + off, want, sizeof want) == 0)
            return off;
    }
    return -1;
}

/* Parses the options as plugin/packet-explain.c reads them from the tree. */
static void parse_options(const uint8_t *o, int len, floor_facts_t *f)
{
    int i = 0;
    while (i < len) {
        uint8_t kind = o[i];
        if (kind == 0)
            break;
        if (kind == 1) {
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
        case 2:
            if (olen == 4) {
                f->has_mss = true;
                f->mss = (uint32_t)v[0] << 8 | v[1];
            }
            break;
        case 3:
            if (olen == 3) {
                f->has_wscale = true;
                f->wscale = v[0];
            }
            break;
        case 4:
            f->sack_perm = true;
            break;
        case 5:
            f->sack_blocks += (uint32_t)(olen - 2) / 8;
            break;
        case 8:
            if (olen == 10) {
                f->has_ts = true;
                f->tsval = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
                f->tsecr = (uint32_t)v[4] << 24 | (uint32_t)v[5] << 16 | (uint32_t)v[6] << 8 | v[7];
            }
            break;
        case 34:
            f->tfo = true;
            break;
        case 254:
            if (olen >= 4 && v[0] == 0xf9 && v[1] == 0x89)
                f->tfo = true;
            break;
        default:
            break;
        }
        i += olen;
    }
}

/* The tree-free reader: the last tcp tap entry of the packet, the frame's
 * bytes for the window and options, the conversation for the analysis. */
static bool facts_from_tap(tvbuff_t *tvb, packet_info *pinfo, floor_facts_t *f)
{
    memset(f, 0, sizeof *f);
    const struct tcpheader *th = NULL;
    for (int idx = 0;; idx++) {
        const struct tcpheader *t = (const struct tcpheader *)fetch_tapped_data(tcp_tap_id, idx);
        if (t == NULL)
            break;
        th = t;
    }
    if (th == NULL)
        return false;
    /* A TCP header quoted in an ICMP error comes after the ICMP layer: not a
     * segment of ours (the fields reader skips it the same way). */
    for (wmem_list_frame_t *l = wmem_list_head(pinfo->layers); l != NULL; l = wmem_list_frame_next(l)) {
        int proto = GPOINTER_TO_INT(wmem_list_frame_data(l));
        if (proto == proto_icmp_id || proto == proto_icmpv6_id)
            return false;
    }
    f->stream = th->th_stream;
    f->sport = th->th_sport;
    f->dport = th->th_dport;
    f->flags = th->th_flags;
    f->seq_raw = th->th_rawseq;
    f->ack_raw = th->th_rawack;
    f->len = th->th_have_seglen ? th->th_seglen : 0;
    if (th->th_have_seglen) {
        f->has_ws_nxtseq = true;
        f->ws_seq = th->th_seq;
        f->ws_nxtseq = th->th_seq + th->th_seglen + ((th->th_flags & 0x003) ? 1u : 0u);
    }
    if (th->ip_src.type == AT_IPv4 && th->ip_src.len == 4 && th->ip_dst.len == 4) {
        memcpy(f->src, th->ip_src.data, 4);
        memcpy(f->dst, th->ip_dst.data, 4);
        f->addr_len = 4;
    } else if (th->ip_src.type == AT_IPv6 && th->ip_src.len == 16 && th->ip_dst.len == 16) {
        memcpy(f->src, th->ip_src.data, 16);
        memcpy(f->dst, th->ip_dst.data, 16);
        f->addr_len = 16;
    }
    int off = find_tcp_header(tvb, th);
    if (off >= 0) {
        const uint8_t *h = tvb_get_ptr(tvb, off, 20);
        f->has_window = true;
        f->window = (uint32_t)h[14] << 8 | h[15];
        int hlen = th->th_hlen;
        if (hlen > 20 && tvb_bytes_exist(tvb, off + 20, hlen - 20))
            parse_options(tvb_get_ptr(tvb, off + 20, hlen - 20), hlen - 20, f);
    } else {
        compare_stats.header_not_found++;
    }
    struct tcp_analysis *tcpd = get_tcp_conversation_data(NULL, pinfo);
    if (tcpd != NULL && tcpd->ta != NULL) {
        for (size_t i = 0; i < sizeof analysis_map / sizeof analysis_map[0]; i++) {
            if (tcpd->ta->flags & analysis_map[i].ws_bit)
                f->analysis |= analysis_map[i].ta_bit;
        }
        if (tcpd->ta->flags & 0x0010)
            f->dup_ack = tcpd->ta->dupack_num;
    }
    /* The TFO verdicts are expert infos of dissect_tcp(), not TCP_A_* flags:
     * tfo_syn on a SYN (not SYN-ACK) with a cookie; on a SYN(-ACK), tfo_ack
     * when it acknowledges more than the SYN, else tfo_ignored when the SYN
     * carried data with a cookie (tcpd->tfo_syn_data). */
    if (f->tfo && (f->flags & 0x012) == 0x002)
        f->analysis |= EXPLAIN_TA_TFO_SYN;
    if ((f->flags & 0x012) == 0x012 && tcp_analyze_seq) {
        if (tcp_relative_seq ? th->th_ack > 1
                             : tcpd != NULL && th->th_ack - tcpd->rev->base_seq > 1)
            f->analysis |= EXPLAIN_TA_TFO_ACK;
        else if (tcpd != NULL && tcpd->tfo_syn_data)
            f->analysis |= EXPLAIN_TA_TFO_IGNORED;
    }
    return true;
}

static void count_differ(unsigned fact, uint32_t frame)
{
    if (compare_stats.differ[fact]++ == 0)
        compare_stats.first_frame[fact] = frame;
}

static void compare_facts(const floor_facts_t *a, const floor_facts_t *b, uint32_t frame)
{
    compare_stats.packets++;
    if (a->stream != b->stream) count_differ(FACT_stream, frame);
    if (a->sport != b->sport || a->dport != b->dport) count_differ(FACT_ports, frame);
    if (a->flags != b->flags) count_differ(FACT_flags, frame);
    if (a->seq_raw != b->seq_raw) count_differ(FACT_seq_raw, frame);
    if (a->ack_raw != b->ack_raw) count_differ(FACT_ack_raw, frame);
    if (a->len != b->len) count_differ(FACT_len, frame);
    if (a->has_window != b->has_window || a->window != b->window) count_differ(FACT_window, frame);
    if (a->has_ws_nxtseq != b->has_ws_nxtseq
        || (a->has_ws_nxtseq && (a->ws_seq != b->ws_seq || a->ws_nxtseq != b->ws_nxtseq)))
        count_differ(FACT_ws_nxtseq, frame);
    if (a->has_mss != b->has_mss || a->mss != b->mss) count_differ(FACT_mss, frame);
    if (a->has_wscale != b->has_wscale || a->wscale != b->wscale) count_differ(FACT_wscale, frame);
    if (a->sack_perm != b->sack_perm) count_differ(FACT_sack_perm, frame);
    if (a->has_ts != b->has_ts || a->tsval != b->tsval || a->tsecr != b->tsecr)
        count_differ(FACT_timestamps, frame);
    if (a->sack_blocks != b->sack_blocks) count_differ(FACT_sack_blocks, frame);
    if (a->tfo != b->tfo) count_differ(FACT_tfo, frame);
    if (a->analysis != b->analysis) {
        count_differ(FACT_analysis, frame);
        for (unsigned i = 0; i < EXPLAIN_TA_COUNT; i++)
            if (((a->analysis ^ b->analysis) >> i) & 1u)
                compare_stats.analysis_bits_differ[i]++;
    }
    if (a->dup_ack != b->dup_ack) count_differ(FACT_dup_ack, frame);
    if (a->addr_len != b->addr_len || memcmp(a->src, b->src, a->addr_len) != 0
        || memcmp(a->dst, b->dst, a->addr_len) != 0)
        count_differ(FACT_addresses, frame);
}

static void compare_report(void)
{
    if (floor_mode != FLOOR_MODE_COMPARE || compare_stats.packets + compare_stats.only_fields
                                            + compare_stats.only_tap == 0)
        return;
    fprintf(stderr, "explainfloor compare: %" PRIu64 " TCP packets read both ways, %" PRIu64
            " only from fields, %" PRIu64 " only from the tap, %" PRIu64
            " TCP headers not found in the frame\n",
            compare_stats.packets, compare_stats.only_fields, compare_stats.only_tap,
            compare_stats.header_not_found);
    for (unsigned i = 0; i < FACT_COUNT; i++) {
        fprintf(stderr, "explainfloor compare: %-12s %" PRIu64 " differ", fact_names[i],
                compare_stats.differ[i]);
        if (compare_stats.differ[i] > 0)
            fprintf(stderr, " (first in frame %u)", compare_stats.first_frame[i]);
        fprintf(stderr, "\n");
    }
    static const char *const ta_names[] = {
#define FLOOR_X_TA_NAME(name, field) field,
        EXPLAIN_TCP_ANALYSIS_LIST(FLOOR_X_TA_NAME)
#undef FLOOR_X_TA_NAME
    };
    for (unsigned i = 0; i < EXPLAIN_TA_COUNT; i++) {
        if (compare_stats.analysis_bits_differ[i] > 0)
            fprintf(stderr, "explainfloor compare:   %s differs in %" PRIu64 " packets\n",
                    ta_names[i], compare_stats.analysis_bits_differ[i]);
    }
    memset(&compare_stats, 0, sizeof compare_stats);
}

static int dissect_floor(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    floor_facts_t a, b;
    switch (floor_mode) {
    case FLOOR_MODE_FIELDS:
        if (tree != NULL)
            read_with_fields(tree);
        break;
    case FLOOR_MODE_TAP:
        if (facts_from_tap(tvb, pinfo, &b))
            floor_sink += b.seq_raw + b.analysis + b.mss + b.window;
        break;
    case FLOOR_MODE_COMPARE:
        if (PINFO_FD_VISITED(pinfo))
            break;     /* the first pass only, as the engine */
        {
            bool fa = tree != NULL && facts_from_fields(tree, &a);
            bool fb = facts_from_tap(tvb, pinfo, &b);
            if (fa && fb)
                compare_facts(&a, &b, pinfo->num);
            else if (fa)
                compare_stats.only_fields++;
            else if (fb)
                compare_stats.only_tap++;
        }
        break;
    default:
        break;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */

static const enum_val_t mode_values[] = {
    { "fields", "Want and read the TCP fields explain reads", FLOOR_MODE_FIELDS },
    { "tap",    "Read the tcp tap's data, want no fields",     FLOOR_MODE_TAP },
    { "none",   "Want nothing, read nothing",                  FLOOR_MODE_NONE },
    { "compare", "Read both ways and count disagreements",     FLOOR_MODE_COMPARE },
    { NULL, NULL, 0 }
};

static void floor_apply_prefs(void)
{
    update_wanted_fields();
    update_tap();
}

static void proto_register_floor(void)
{
    proto_floor = proto_register_protocol("Explain TCP benchmark floor", "ExplainFloor",
                                          "explainfloor");
    module_t *module = prefs_register_protocol(proto_floor, floor_apply_prefs);
    prefs_register_enum_preference(module, "mode", "Mode",
        "fields: read the fields explain reads; tap: read the tcp tap instead; none: nothing; "
        "compare: both, counting disagreements",
        &floor_mode, mode_values, FALSE);
    floor_handle = create_dissector_handle(dissect_floor, proto_floor);
    register_postdissector(floor_handle);
    register_init_routine(floor_init);
    register_cleanup_routine(floor_cleanup);
}

static void proto_reg_handoff_floor(void)
{
    for (unsigned f = 0; f < FIELD_COUNT; f++)
        resolve_field_ids(read_fields[f].abbrev, &read_field_ids[f]);
    tcp_tap_id = find_tap_id("tcp");
    proto_icmp_id = proto_get_id_by_filter_name("icmp");
    proto_icmpv6_id = proto_get_id_by_filter_name("icmpv6");
}

/* Hands our registration functions to the plugin loader. */
static void floor_plugin_register(void)
{
    static proto_plugin plugin;
    plugin.register_protoinfo = proto_register_floor;
    plugin.register_handoff = proto_reg_handoff_floor;
    proto_register_plugin(&plugin);
}

/* The entry points differ between Wireshark versions: the plugin's own
 * compatibility header knows how. */
EXPLAIN_PLUGIN_ENTRY(FLOOR_VERSION, "tcp-explain benchmark floor", floor_plugin_register)
