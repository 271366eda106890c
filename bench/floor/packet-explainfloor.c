/* packet-explainfloor.c - the benchmark's floor: a post-dissector that reads
 * a packet's TCP facts (explain_facts_t) the way explain.so reads them, and
 * does nothing else.
 *
 * What it costs over plain tshark is the cost of reading the facts: the bar
 * explain.so is measured against (issue 7: explaining may add at most 10%
 * over merely reading the fields). Protocol "explainfloor". Both readers
 * are the plugin's own (plugin/epan/explain_read.h), so the floor measures and
 * compares exactly what the plugin runs.
 *
 * Preference explainfloor.mode:
 *   fields (default)  want the fields explain reads
 *                     (set_postdissector_wanted_hfids()) and read them from
 *                     the tree with the field reader, explain_read_fields();
 *   tap               want no field: register the tap reader's "tcp" tap
 *                     listener and read with explain_read_tap(), no tree:
 *                     the least a tree-free first pass costs (the stretch of
 *                     issue 7);
 *   none              want nothing, read nothing: the cost of merely being a
 *                     registered post-dissector;
 *   compare           both readers on the first pass, and count, per member
 *                     of explain_facts_t, the packets where they disagree
 *                     (printed on stderr when the capture closes; the test
 *                     tests/readers and bench/run read that report).
 *
 * The compare report, lines on stderr starting "explainfloor compare: ":
 *   N TCP packets read both ways, F only from fields, T only from the tap,
 *     Q quoted in ICMP errors, U not tapped, H TCP headers not found in
 *     the packet
 *   only from fields: first in frame <n>     when F > 0 (and so for T)
 *   <member> <count> differ [(first in frame <n>)]       one per member
 *   <tcp.analysis field> differs in <count> packets      when any does
 *   <tcp.analysis field> seen in <count> packets         the flags both read
 *   result: same | differ
 * "differ" when a member differs, or one reader saw a TCP segment for the
 * engine where the other did not, or a header was not found.
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
#include <epan/proto.h>

#include "explain_compat.h"

#include "explain_engine.h"
#include "explain_read.h"

#ifndef FLOOR_VERSION
#define FLOOR_VERSION "0.1.0"
#endif

enum {
    FLOOR_MODE_FIELDS,
    FLOOR_MODE_TAP,
    FLOOR_MODE_NONE,
    FLOOR_MODE_COMPARE
};

static int proto_floor = -1;
static dissector_handle_t floor_handle;
static gint floor_mode = FLOOR_MODE_FIELDS;
static bool tcp_analysis = true;   /* TCP's analysis runs in this capture */

/* Where what was read goes, so the compiler cannot drop the reading. */
static volatile uint64_t floor_sink;

/* ------------------------------------------------------------------------
 * The members of explain_facts_t, compared one by one:
 * X(name, expression true when facts a and b agree on it).
 */
static bool same_endpoint(const explain_endpoint_t *a, const explain_endpoint_t *b)
{
    return a->addr_len == b->addr_len && a->port == b->port
           && memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

#define FLOOR_FACT_LIST(X)                                                     \
    X(frame,          a->frame == b->frame)                                     \
    X(stream,         a->stream == b->stream)                                   \
    X(src,            same_endpoint(&a->src, &b->src))                          \
    X(dst,            same_endpoint(&a->dst, &b->dst))                          \
    X(flags,          a->flags == b->flags)                                     \
    X(seq_raw,        a->seq_raw == b->seq_raw)                                 \
    X(ack_raw,        a->ack_raw == b->ack_raw)                                 \
    X(payload_len,    a->payload_len == b->payload_len)                         \
    X(window_raw,     a->window_raw == b->window_raw)                           \
    X(mss,            a->opts.has_mss == b->opts.has_mss                        \
                      && a->opts.mss == b->opts.mss)                            \
    X(wscale,         a->opts.has_wscale == b->opts.has_wscale                  \
                      && a->opts.wscale_shift == b->opts.wscale_shift)          \
    X(sack_permitted, a->opts.sack_permitted == b->opts.sack_permitted)         \
    X(timestamps,     a->opts.has_timestamps == b->opts.has_timestamps          \
                      && a->opts.tsval == b->opts.tsval                         \
                      && a->opts.tsecr == b->opts.tsecr)                        \
    X(sack_blocks,    a->opts.sack_blocks == b->opts.sack_blocks)               \
    X(tfo,            a->opts.has_tfo == b->opts.has_tfo)                       \
    X(analysis,       a->analysis == b->analysis)                               \
    X(has_analysis,   a->has_analysis == b->has_analysis)                       \
    X(dup_ack_count,  a->dup_ack_count == b->dup_ack_count)                     \
    X(ws_nxtseq,      a->has_ws_nxtseq == b->has_ws_nxtseq                      \
                      && a->ws_seq == b->ws_seq && a->ws_nxtseq == b->ws_nxtseq) \
    X(time_ns,        a->time_ns == b->time_ns)                                 \
    X(sack_edges,     memcmp(a->sack_le, b->sack_le, sizeof a->sack_le) == 0    \
                      && memcmp(a->sack_re, b->sack_re, sizeof a->sack_re) == 0) \
    X(everything,     memcmp(a, b, sizeof *a) == 0)

enum {
#define FLOOR_X_FACT_ENUM(name, same) FACT_##name,
    FLOOR_FACT_LIST(FLOOR_X_FACT_ENUM)
#undef FLOOR_X_FACT_ENUM
    FACT_COUNT
};

static const char *const fact_names[FACT_COUNT] = {
#define FLOOR_X_FACT_NAME(name, same) #name,
    FLOOR_FACT_LIST(FLOOR_X_FACT_NAME)
#undef FLOOR_X_FACT_NAME
};

static const char *const analysis_names[EXPLAIN_TA_COUNT] = {
#define FLOOR_X_TA_NAME(name, field) field,
    EXPLAIN_TCP_ANALYSIS_LIST(FLOOR_X_TA_NAME)
#undef FLOOR_X_TA_NAME
};

typedef struct {
    bool     active;            /* a capture is open in compare mode */
    uint64_t packets;           /* packets both readers gave the engine */
    uint64_t only_fields;       /* for the engine by the fields, not by the tap */
    uint64_t only_tap;
    uint64_t quoted;            /* TCP quoted in an ICMP error (both readers skip it) */
    uint64_t untapped;          /* TCP gave up on the header before tapping it */
    uint32_t first_only_fields;
    uint32_t first_only_tap;
    uint64_t header_not_found;  /* the tap reader found no header bytes */
    uint64_t differ[FACT_COUNT];
    uint32_t first_frame[FACT_COUNT];
    uint64_t analysis_differ[EXPLAIN_TA_COUNT];
    uint64_t analysis_seen[EXPLAIN_TA_COUNT];
} compare_stats_t;

static compare_stats_t compare_stats;

/* ------------------------------------------------------------------------ */

/* Wants the fields while they are read (fields and compare modes). */
static void update_wanted_fields(void)
{
    if (floor_handle == NULL)
        return;
    if ((floor_mode != FLOOR_MODE_FIELDS && floor_mode != FLOOR_MODE_COMPARE)
        || !proto_is_protocol_enabled(find_protocol_by_id(proto_floor))) {
        set_postdissector_wanted_hfids(floor_handle, NULL);
        return;
    }
    set_postdissector_wanted_hfids(floor_handle, explain_read_fields_wanted());
}

/* Listens to TCP's tap while it is read (tap and compare modes). */
static void update_tap(void)
{
    bool want = (floor_mode == FLOOR_MODE_TAP || floor_mode == FLOOR_MODE_COMPARE)
                && proto_is_protocol_enabled(find_protocol_by_id(proto_floor));
    if (want)
        explain_read_tap_register();
    else
        explain_read_tap_unregister();
}

static void compare_report(void);

/* Init routine: TCP's analysis preference for this capture, and what to want. */
static void floor_init(void)
{
    tcp_analysis = explain_read_tcp_analysis();
    explain_read_tap_forget();
    update_wanted_fields();
    update_tap();
    memset(&compare_stats, 0, sizeof compare_stats);
    compare_stats.active = floor_mode == FLOOR_MODE_COMPARE;
}

/* Cleanup routine: the capture closes; report a comparison. */
static void floor_cleanup(void)
{
    compare_report();
    explain_read_tap_forget();
    if (floor_handle != NULL)
        set_postdissector_wanted_hfids(floor_handle, NULL);
}

/* ------------------------------------------------------------------------
 * compare mode.
 */
static void count_differ(unsigned fact, uint32_t frame)
{
    if (compare_stats.differ[fact]++ == 0)
        compare_stats.first_frame[fact] = frame;
}

static void compare_facts(const explain_facts_t *a, const explain_facts_t *b, uint32_t frame)
{
    compare_stats.packets++;
#define FLOOR_X_FACT_COMPARE(name, same) \
    if (!(same))                         \
        count_differ(FACT_##name, frame);
    FLOOR_FACT_LIST(FLOOR_X_FACT_COMPARE)
#undef FLOOR_X_FACT_COMPARE
    for (unsigned i = 0; i < EXPLAIN_TA_COUNT; i++) {
        uint32_t bit = 1u << i;
        if ((a->analysis ^ b->analysis) & bit)
            compare_stats.analysis_differ[i]++;
        else if (a->analysis & bit)
            compare_stats.analysis_seen[i]++;
    }
}

static void compare_report(void)
{
    if (!compare_stats.active)
        return;
    compare_stats.active = false;
    const compare_stats_t *s = &compare_stats;
    const char *tag = "explainfloor compare: ";
    fprintf(stderr, "%s%" PRIu64 " TCP packets read both ways, %" PRIu64 " only from fields, %"
            PRIu64 " only from the tap, %" PRIu64 " quoted in ICMP errors, %" PRIu64
            " not tapped, %" PRIu64 " TCP headers not found in the packet\n",
            tag, s->packets, s->only_fields, s->only_tap, s->quoted, s->untapped,
            s->header_not_found);
    if (s->only_fields > 0)
        fprintf(stderr, "%sonly from fields: first in frame %" PRIu32 "\n", tag,
                s->first_only_fields);
    if (s->only_tap > 0)
        fprintf(stderr, "%sonly from the tap: first in frame %" PRIu32 "\n", tag,
                s->first_only_tap);
    bool differ = s->only_fields != 0 || s->only_tap != 0 || s->header_not_found != 0;
    for (unsigned i = 0; i < FACT_COUNT; i++) {
        fprintf(stderr, "%s%-14s %" PRIu64 " differ", tag, fact_names[i], s->differ[i]);
        if (s->differ[i] > 0) {
            fprintf(stderr, " (first in frame %" PRIu32 ")", s->first_frame[i]);
            differ = true;
        }
        fprintf(stderr, "\n");
    }
    for (unsigned i = 0; i < EXPLAIN_TA_COUNT; i++) {
        if (s->analysis_differ[i] > 0)
            fprintf(stderr, "%s  %s differs in %" PRIu64 " packets\n", tag, analysis_names[i],
                    s->analysis_differ[i]);
    }
    for (unsigned i = 0; i < EXPLAIN_TA_COUNT; i++) {
        if (s->analysis_seen[i] > 0)
            fprintf(stderr, "%s  %s seen in %" PRIu64 " packets\n", tag, analysis_names[i],
                    s->analysis_seen[i]);
    }
    fprintf(stderr, "%sresult: %s\n", tag, differ ? "differ" : "same");
}

/* Both readers on one packet (the first pass only, as the engine). */
static void compare_packet(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    explain_facts_t a, b;
    bool fa = tree != NULL && explain_read_fields(tree, pinfo, tcp_analysis, &a);
    explain_tap_read_t rb = explain_read_tap(tvb, pinfo, tcp_analysis, &b);
    bool fb = rb == EXPLAIN_TAP_READ_OK || rb == EXPLAIN_TAP_READ_NO_HEADER;
    if (rb == EXPLAIN_TAP_READ_NO_HEADER)
        compare_stats.header_not_found++;
    if (rb == EXPLAIN_TAP_READ_QUOTED)
        compare_stats.quoted++;
    if (rb == EXPLAIN_TAP_READ_UNTAPPED)
        compare_stats.untapped++;
    if (fa && fb) {
        compare_facts(&a, &b, pinfo->num);
    } else if (fa) {
        if (compare_stats.only_fields++ == 0)
            compare_stats.first_only_fields = pinfo->num;
    } else if (fb) {
        if (compare_stats.only_tap++ == 0)
            compare_stats.first_only_tap = pinfo->num;
    }
}

/* ------------------------------------------------------------------------ */

static int dissect_floor(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    explain_facts_t facts;
    switch (floor_mode) {
    case FLOOR_MODE_FIELDS:
        if (tree != NULL && explain_read_fields(tree, pinfo, tcp_analysis, &facts))
            floor_sink += facts.seq_raw + facts.analysis + facts.opts.mss + facts.window_raw;
        break;
    case FLOOR_MODE_TAP:
        if (explain_read_tap(tvb, pinfo, tcp_analysis, &facts) == EXPLAIN_TAP_READ_OK)
            floor_sink += facts.seq_raw + facts.analysis + facts.opts.mss + facts.window_raw;
        break;
    case FLOOR_MODE_COMPARE:
        if (!PINFO_FD_VISITED(pinfo))
            compare_packet(tvb, pinfo, tree);
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
    explain_read_fields_resolve();
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
