/* explain_read.h - the facts of a packet's TCP segment (explain_facts_t),
 * read from what Wireshark's TCP dissector found, in either of two ways
 * with identical output:
 *
 *   the field reader (explain_read_fields.c) reads the protocol tree: the
 *     fields of explain_fields.h and the tcp.analysis.* flags of
 *     EXPLAIN_TCP_ANALYSIS_LIST, which the caller asks epan to keep
 *     (set_postdissector_wanted_hfids);
 *   the tap reader (explain_read_tap.c) needs no tree: TCP's tap data for
 *     the packet (struct tcpheader), the frame's bytes for the window and
 *     the options, and TCP's conversation for its analysis flags.
 *
 * Both read the packet's last TCP header (the innermost of a tunnel) and
 * refuse a TCP header quoted inside an ICMP error. Epan-side: only the
 * plugin's Wireshark-facing files include this; the engine stays free of
 * epan. Every difference between Wireshark versions they depend on is in
 * explain_compat.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_READ_H
#define EXPLAIN_READ_H

#include <stdbool.h>

#include <glib.h>

#include <epan/packet.h>

#include "explain_engine.h"

/* TCP's preference "Analyze TCP sequence numbers" (tcp.analyze_sequence_numbers):
 * only when it is on do the tcp.analysis.* flags exist. Read it when a
 * capture starts (an init routine) and pass the value to the readers for
 * the whole capture: a changed TCP preference is applied before the
 * re-dissection it causes, so it cannot change under a pass. False when
 * the preference cannot be found (no TCP). */
bool explain_read_tcp_analysis(void);

/* Sets ep's address from a Wireshark address: true for IPv4 and IPv6,
 * false (ep untouched) for any other kind. Shared by both readers. */
bool explain_read_endpoint(const address *addr, explain_endpoint_t *ep);

/* The frame's time (pinfo->abs_ts) in nanoseconds since the epoch,
 * clamped to the range of int64_t. Shared by both readers. */
int64_t explain_read_time_ns(const packet_info *pinfo);

/* ------------------------------------------------------------------------
 * The field reader.
 */

/* Resolves the TCP/IP fields the field reader reads, every hf id
 * registered under each name (walking same_name_prev_id); warns of each
 * name that is not registered (that fact is then never read). Call at
 * handoff, when every dissector has registered its fields; calling it
 * again resolves again. */
void explain_read_fields_resolve(void);

/* The hf ids to pass to set_postdissector_wanted_hfids(), so that epan
 * keeps those fields in the tree for us: a new GArray of int, which the
 * caller hands over to epan (or frees). Empty before
 * explain_read_fields_resolve(). */
GArray *explain_read_fields_wanted(void);

/* Reads the facts of the packet's last TCP header from the tree into
 * *facts (zeroed first; has_analysis = tcp_analysis). False, with *facts
 * undefined, when the engine should not see this packet: no TCP header
 * with a tcp.stream, a TCP header quoted in an ICMP error, or one missing
 * a field the engine cannot do without (ports, flags, raw seq and ack,
 * tcp.len, IPv4 or IPv6 addresses). */
bool explain_read_fields(proto_tree *tree, const packet_info *pinfo, bool tcp_analysis,
                         explain_facts_t *facts);

/* ------------------------------------------------------------------------
 * The tap reader.
 */

typedef enum {
    EXPLAIN_TAP_READ_OK,        /* *facts holds every fact */
    EXPLAIN_TAP_READ_NO_TCP,    /* nothing for the engine: no TCP, no usable segment
                                   length or addresses, or the listener is not
                                   registered */
    EXPLAIN_TAP_READ_QUOTED,    /* the last TCP header is inside an ICMP error */
    EXPLAIN_TAP_READ_UNTAPPED,  /* TCP gave up on the last TCP header before tapping it
                                   (an exception: a malformed header or options); the
                                   tree may still hold most of its fields, the tap
                                   holds nothing of it */
    EXPLAIN_TAP_READ_NO_HEADER, /* tap data, but the TCP header is in none of the
                                   packet's buffers: *facts holds every fact but the
                                   window (window_raw 0) and the options (none) */
    EXPLAIN_TAP_READ_CUT_SHORT  /* tap data, but the frame was cut short when
                                   captured and the header's fixed 20 bytes are not
                                   all in it (Wireshark 4.6's TCP taps such a header;
                                   4.0's gives up first): no window, nothing for the
                                   engine */
} explain_tap_read_t;

/* Registers the listener on TCP's "tcp" tap that the tap reader needs:
 * no callbacks and no filter, flagged TL_IS_DISSECTOR_HELPER, so it
 * forces neither a dissection nor a tree. Idempotent. False when it
 * cannot (no "tcp" tap: TCP missing). Call from handoff or later. */
bool explain_read_tap_register(void);

/* Removes that listener (the protocol was disabled, or the tap reader is
 * not used any more). Idempotent. */
void explain_read_tap_unregister(void);

/* Reads the facts explain_read_fields() would read for this packet,
 * without a tree: from TCP's tap data for the packet's last TCP header,
 * the bytes of the packet's buffers (window and options) and TCP's
 * conversation (analysis flags, which exist only when tcp_analysis).
 * tvb is the frame's tvb, as a post-dissector gets it. Call it from a
 * post-dissector, while the packet is being dissected; it may be called
 * on any pass. *facts is zeroed first and meaningful for
 * EXPLAIN_TAP_READ_OK and EXPLAIN_TAP_READ_NO_HEADER. */
explain_tap_read_t explain_read_tap(tvbuff_t *tvb, packet_info *pinfo, bool tcp_analysis,
                                    explain_facts_t *facts);

/* Forgets what the tap reader remembers about the open capture (TCP's
 * record of each stream, where headers were found). Call it whenever a
 * capture is opened or closed: what it remembered belongs to that file. */
void explain_read_tap_forget(void);

#endif /* EXPLAIN_READ_H */
