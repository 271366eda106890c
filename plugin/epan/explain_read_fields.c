/* explain_read_fields.c - the field reader: the facts of a packet's TCP
 * segment, read from the protocol tree (explain_read.h).
 *
 * Reads EXPLAIN_READ_FIELD_LIST (explain_fields.h) and Wireshark's analysis
 * flags (EXPLAIN_TCP_ANALYSIS_LIST). IN_TCP fields count only when added by
 * the same TCP layer as the chosen tcp.stream (the last one in the packet),
 * so a tunnel's outer and inner TCP headers never mix. BELOW_TCP fields
 * count only from layers under it: the nearest IP header gives the
 * addresses, and an ICMP/ICMPv6 layer under it means the TCP header is
 * quoted inside an ICMP error.
 *
 * Mutable state: the hf ids, resolved at handoff.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/prefs-int.h>
#include <epan/proto.h>
#include <epan/address.h>
#include <wsutil/wslog.h>

#include "explain_compat.h"

#include "explain_engine.h"
#include "explain_read.h"

typedef enum {
    PLACE_IN_TCP,
    PLACE_BELOW_TCP
} field_place_t;

#include "explain_fields.h"

typedef enum {
#define EXPLAIN_X_FIELD_ENUM(name, abbrev, place) FIELD_##name,
    EXPLAIN_READ_FIELD_LIST(EXPLAIN_X_FIELD_ENUM)
#undef EXPLAIN_X_FIELD_ENUM
    FIELD_ANALYSIS_FIRST,
    FIELD_COUNT = FIELD_ANALYSIS_FIRST + EXPLAIN_TA_COUNT
} read_field_t;

typedef struct {
    const char   *abbrev;
    field_place_t place;
} read_field_info_t;

static const read_field_info_t read_fields[FIELD_COUNT] = {
#define EXPLAIN_X_FIELD_INFO(name, abbrev, place) [FIELD_##name] = { abbrev, place },
    EXPLAIN_READ_FIELD_LIST(EXPLAIN_X_FIELD_INFO)
#undef EXPLAIN_X_FIELD_INFO
#define EXPLAIN_X_TA_INFO(name, abbrev) \
    [FIELD_ANALYSIS_FIRST + EXPLAIN_TA_INDEX_##name] = { abbrev, PLACE_IN_TCP },
    EXPLAIN_TCP_ANALYSIS_LIST(EXPLAIN_X_TA_INFO)
#undef EXPLAIN_X_TA_INFO
};

/* A name may be registered more than once ("tcp.analysis.zero_window_probe_ack"
 * is); we want and read every registration. */
#define EXPLAIN_MAX_IDS_PER_FIELD 8

typedef struct {
    int      ids[EXPLAIN_MAX_IDS_PER_FIELD];
    unsigned count;
} field_ids_t;

/* What one packet's tree holds of one field. */
typedef struct {
    field_info *last;     /* last occurrence in the right place, or NULL */
    unsigned    count;    /* occurrences in the right place */
} field_hit_t;

static field_ids_t read_field_ids[FIELD_COUNT];

/* ======================================================================== */

bool explain_read_tcp_analysis(void)
{
    module_t *tcp = prefs_find_module("tcp");
    pref_t *analyze = tcp != NULL ? prefs_find_preference(tcp, "analyze_sequence_numbers") : NULL;
    return analyze != NULL && prefs_get_bool_value(analyze, pref_current);
}

/* Collects every hf id registered under abbrev into *out (none when unknown). */
static void resolve_field_ids(const char *abbrev, field_ids_t *out)
{
    out->count = 0;
    header_field_info *hfi = proto_registrar_get_byname(abbrev);
    while (hfi != NULL && out->count < EXPLAIN_MAX_IDS_PER_FIELD) {
        out->ids[out->count++] = hfi->id;
        hfi = hfi->same_name_prev_id >= 0
                  ? proto_registrar_get_nth((guint)hfi->same_name_prev_id)
                  : NULL;
    }
}

void explain_read_fields_resolve(void)
{
    for (unsigned f = 0; f < FIELD_COUNT; f++) {
        resolve_field_ids(read_fields[f].abbrev, &read_field_ids[f]);
        if (read_field_ids[f].count == 0)
            ws_warning("Explain TCP: field %s is not registered", read_fields[f].abbrev);
    }
}

GArray *explain_read_fields_wanted(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
    for (unsigned f = 0; f < FIELD_COUNT; f++) {
        for (unsigned i = 0; i < read_field_ids[f].count; i++)
            g_array_append_val(wanted, read_field_ids[f].ids[i]);
    }
    return wanted;
}

/* ========================================================================
 * Reading the tree.
 */

/* The last tcp.stream of the packet, or NULL when the packet has no TCP. */
static field_info *find_tcp_stream(proto_tree *tree)
{
    field_info *last = NULL;
    const field_ids_t *ids = &read_field_ids[FIELD_STREAM];
    for (unsigned i = 0; i < ids->count; i++) {
        GPtrArray *found = proto_get_finfo_ptr_array(tree, ids->ids[i]);
        if (found == NULL || found->len == 0)
            continue;
        field_info *fi = (field_info *)g_ptr_array_index(found, found->len - 1);
        if (last == NULL || EXPLAIN_FI_LAYER(fi) >= EXPLAIN_FI_LAYER(last))
            last = fi;
    }
    return last;
}

/* Fills hits[] with what the tree holds of each field, relative to the TCP
 * layer tcp_layer: see field_place_t. */
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
                int layer = EXPLAIN_FI_LAYER(fi);
                bool in_place = read_fields[f].place == PLACE_IN_TCP
                                    ? layer == tcp_layer
                                    : layer < tcp_layer;
                if (!in_place)
                    continue;
                hits[f].count++;
                if (hits[f].last == NULL || layer >= EXPLAIN_FI_LAYER(hits[f].last))
                    hits[f].last = fi;
            }
        }
    }
}

/* Reads an unsigned integer field; false when absent or of another type. */
static bool hit_uint(const field_hit_t *hit, uint32_t *out)
{
    if (hit->last == NULL || hit->last->hfinfo == NULL || !EXPLAIN_FT_IS_UINT32(hit->last->hfinfo->type))
        return false;
    *out = EXPLAIN_FI_UINT(hit->last);
    return true;
}

/* Copies the bytes of an address field (len bytes) into out. */
static bool hit_address_bytes(const field_hit_t *hit, uint8_t *out, int len)
{
    const field_info *fi = hit->last;
    if (fi == NULL || fi->ds_tvb == NULL || fi->length != len || fi->start < 0
        || !tvb_bytes_exist(fi->ds_tvb, fi->start, len))
        return false;
    tvb_memcpy(fi->ds_tvb, out, fi->start, len);
    return true;
}

int64_t explain_read_time_ns(const packet_info *pinfo)
{
    const int64_t limit = INT64_MAX / 1000000000 - 1;
    int64_t secs = (int64_t)pinfo->abs_ts.secs;
    if (secs > limit)
        return INT64_MAX;
    if (secs < -limit)
        return INT64_MIN;
    return secs * 1000000000 + (int64_t)pinfo->abs_ts.nsecs;
}

/* The raw 32-bit value on the wire under a field (4 bytes), so that a
 * relative SACK edge reads back as the raw one the tap reader sees. */
static bool field_raw_u32(const field_info *fi, uint32_t *out)
{
    if (fi == NULL || fi->ds_tvb == NULL || fi->length != 4 || fi->start < 0
        || !tvb_bytes_exist(fi->ds_tvb, fi->start, 4))
        return false;
    *out = tvb_get_ntohl(fi->ds_tvb, fi->start);
    return true;
}

/* The raw SACK edges of the TCP layer tcp_layer, in the order of the
 * option (the tree's order), the first EXPLAIN_SACK_MAX of each. */
static void read_sack_edges(proto_tree *tree, int tcp_layer, unsigned field, uint32_t *edges)
{
    const field_ids_t *ids = &read_field_ids[field];
    unsigned n = 0;
    for (unsigned i = 0; i < ids->count; i++) {
        GPtrArray *found = proto_get_finfo_ptr_array(tree, ids->ids[i]);
        if (found == NULL)
            continue;
        for (guint k = 0; k < found->len && n < EXPLAIN_SACK_MAX; k++) {
            field_info *fi = (field_info *)g_ptr_array_index(found, k);
            if (EXPLAIN_FI_LAYER(fi) != tcp_layer)
                continue;
            uint32_t value;
            if (field_raw_u32(fi, &value))
                edges[n] = value;
            n++;
        }
    }
}

bool explain_read_endpoint(const address *addr, explain_endpoint_t *ep)
{
    if (addr->type == AT_IPv4 && addr->len == 4) {
        memcpy(ep->addr, addr->data, 4);
        ep->addr_len = 4;
        return true;
    }
    if (addr->type == AT_IPv6 && addr->len == 16) {
        memcpy(ep->addr, addr->data, 16);
        ep->addr_len = 16;
        return true;
    }
    return false;
}

/* Fills the endpoints' addresses from the IP header nearest under TCP,
 * falling back to pinfo's addresses. */
static bool read_addresses(const field_hit_t hits[FIELD_COUNT], const packet_info *pinfo,
                           explain_facts_t *facts)
{
    const field_hit_t *v4 = &hits[FIELD_IP_SRC];
    const field_hit_t *v6 = &hits[FIELD_IPV6_SRC];
    bool use_v6 = v6->last != NULL
                  && (v4->last == NULL || EXPLAIN_FI_LAYER(v6->last) > EXPLAIN_FI_LAYER(v4->last));
    if (use_v6) {
        if (hit_address_bytes(&hits[FIELD_IPV6_SRC], facts->src.addr, 16)
            && hit_address_bytes(&hits[FIELD_IPV6_DST], facts->dst.addr, 16)) {
            facts->src.addr_len = facts->dst.addr_len = 16;
            return true;
        }
    } else if (v4->last != NULL) {
        if (hit_address_bytes(&hits[FIELD_IP_SRC], facts->src.addr, 4)
            && hit_address_bytes(&hits[FIELD_IP_DST], facts->dst.addr, 4)) {
            facts->src.addr_len = facts->dst.addr_len = 4;
            return true;
        }
    }
    return explain_read_endpoint(&pinfo->src, &facts->src)
           && explain_read_endpoint(&pinfo->dst, &facts->dst);
}

bool explain_read_fields(proto_tree *tree, const packet_info *pinfo, bool tcp_analysis,
                         explain_facts_t *facts)
{
    field_info *stream_fi = find_tcp_stream(tree);
    if (stream_fi == NULL)
        return false;

    field_hit_t hits[FIELD_COUNT];
    collect_fields(tree, EXPLAIN_FI_LAYER(stream_fi), hits);

    /* A TCP header inside an ICMP error is a copy of an earlier segment
     * going the other way: feeding it to the engine would corrupt the
     * stream, so such packets get no explanation. */
    if (hits[FIELD_ICMP].count > 0 || hits[FIELD_ICMPV6].count > 0)
        return false;

    memset(facts, 0, sizeof(*facts));
    uint32_t stream, srcport, dstport, flags, seq_raw, ack_raw, len;
    if (!hit_uint(&hits[FIELD_STREAM], &stream) || !hit_uint(&hits[FIELD_SRCPORT], &srcport)
        || !hit_uint(&hits[FIELD_DSTPORT], &dstport) || !hit_uint(&hits[FIELD_FLAGS], &flags)
        || !hit_uint(&hits[FIELD_SEQ_RAW], &seq_raw) || !hit_uint(&hits[FIELD_ACK_RAW], &ack_raw)
        || !hit_uint(&hits[FIELD_LEN], &len))
        return false;
    if (!read_addresses(hits, pinfo, facts))
        return false;

    facts->frame = pinfo->num;
    facts->time_ns = explain_read_time_ns(pinfo);
    facts->stream = stream;
    facts->src.port = (uint16_t)srcport;
    facts->dst.port = (uint16_t)dstport;
    facts->flags = (uint16_t)flags;
    facts->seq_raw = seq_raw;
    facts->ack_raw = ack_raw;
    facts->payload_len = len;

    uint32_t value;
    if (hit_uint(&hits[FIELD_WINDOW], &value))
        facts->window_raw = (uint16_t)value;

    explain_tcp_options_t *opts = &facts->opts;
    if (hit_uint(&hits[FIELD_MSS], &value)) {
        opts->has_mss = true;
        opts->mss = (uint16_t)value;
    }
    if (hit_uint(&hits[FIELD_WSCALE_SHIFT], &value)) {
        opts->has_wscale = true;
        opts->wscale_shift = (uint8_t)value;
    }
    opts->sack_permitted = hits[FIELD_SACK_PERM].count > 0;
    if (hit_uint(&hits[FIELD_TSVAL], &value)) {
        opts->has_timestamps = true;
        opts->tsval = value;
        if (hit_uint(&hits[FIELD_TSECR], &value))
            opts->tsecr = value;
    }
    opts->sack_blocks = (uint8_t)MIN(hits[FIELD_SACK_LE].count, UINT8_MAX);
    if (opts->sack_blocks > 0) {
        read_sack_edges(tree, EXPLAIN_FI_LAYER(stream_fi), FIELD_SACK_LE, facts->sack_le);
        read_sack_edges(tree, EXPLAIN_FI_LAYER(stream_fi), FIELD_SACK_RE, facts->sack_re);
    }
    opts->has_tfo = hits[FIELD_TFO_REQUEST].count > 0 || hits[FIELD_TFO_COOKIE].count > 0;
    facts->has_analysis = tcp_analysis;

    for (unsigned a = 0; a < EXPLAIN_TA_COUNT; a++) {
        if (hits[FIELD_ANALYSIS_FIRST + a].count > 0)
            facts->analysis |= 1u << a;
    }
    if (hit_uint(&hits[FIELD_DUP_ACK_NUM], &value))
        facts->dup_ack_count = value;

    uint32_t ws_seq, ws_nxtseq;
    if (hit_uint(&hits[FIELD_WS_SEQ], &ws_seq) && hit_uint(&hits[FIELD_WS_NXTSEQ], &ws_nxtseq)) {
        facts->has_ws_nxtseq = true;
        facts->ws_seq = ws_seq;
        facts->ws_nxtseq = ws_nxtseq;
    }
    return true;
}
