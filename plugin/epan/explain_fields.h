/* explain_fields.h - the TCP (and lower-layer) fields the field reader
 * (explain_read_fields.c, see explain_read.h) reads, by name:
 * X(ENUM_SUFFIX, "wireshark field name", place), where place is
 * PLACE_IN_TCP (added by the chosen TCP layer) or PLACE_BELOW_TCP (added
 * by a layer under it). The includer defines those two names. Wireshark's
 * analysis flags come from EXPLAIN_TCP_ANALYSIS_LIST in explain_engine.h.
 * The tap reader (explain_read_tap.c) reads the same facts without these
 * fields; tests/readers checks that both agree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_FIELDS_H
#define EXPLAIN_FIELDS_H

#define EXPLAIN_READ_FIELD_LIST(X)                                   \
    X(STREAM,       "tcp.stream",                     PLACE_IN_TCP)    \
    X(SRCPORT,      "tcp.srcport",                    PLACE_IN_TCP)    \
    X(DSTPORT,      "tcp.dstport",                    PLACE_IN_TCP)    \
    X(FLAGS,        "tcp.flags",                      PLACE_IN_TCP)    \
    X(SEQ_RAW,      "tcp.seq_raw",                    PLACE_IN_TCP)    \
    X(ACK_RAW,      "tcp.ack_raw",                    PLACE_IN_TCP)    \
    X(LEN,          "tcp.len",                        PLACE_IN_TCP)    \
    X(WINDOW,       "tcp.window_size_value",          PLACE_IN_TCP)    \
    X(WS_SEQ,       "tcp.seq",                        PLACE_IN_TCP)    \
    X(WS_NXTSEQ,    "tcp.nxtseq",                     PLACE_IN_TCP)    \
    X(MSS,          "tcp.options.mss_val",            PLACE_IN_TCP)    \
    X(WSCALE_SHIFT, "tcp.options.wscale.shift",       PLACE_IN_TCP)    \
    X(SACK_PERM,    "tcp.options.sack_perm",          PLACE_IN_TCP)    \
    X(TSVAL,        "tcp.options.timestamp.tsval",    PLACE_IN_TCP)    \
    X(TSECR,        "tcp.options.timestamp.tsecr",    PLACE_IN_TCP)    \
    X(SACK_LE,      "tcp.options.sack_le",            PLACE_IN_TCP)    \
    X(SACK_RE,      "tcp.options.sack_re",            PLACE_IN_TCP)    \
    X(TFO_REQUEST,  "tcp.options.tfo.request",        PLACE_IN_TCP)    \
    X(TFO_COOKIE,   "tcp.options.tfo.cookie",         PLACE_IN_TCP)    \
    X(DUP_ACK_NUM,  "tcp.analysis.duplicate_ack_num", PLACE_IN_TCP)    \
    X(IP_SRC,       "ip.src",                         PLACE_BELOW_TCP) \
    X(IP_DST,       "ip.dst",                         PLACE_BELOW_TCP) \
    X(IPV6_SRC,     "ipv6.src",                       PLACE_BELOW_TCP) \
    X(IPV6_DST,     "ipv6.dst",                       PLACE_BELOW_TCP) \
    X(ICMP,         "icmp",                           PLACE_BELOW_TCP) \
    X(ICMPV6,       "icmpv6",                         PLACE_BELOW_TCP)

#endif /* EXPLAIN_FIELDS_H */
