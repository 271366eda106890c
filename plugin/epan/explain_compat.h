/* explain_compat.h - every difference between Wireshark versions.
 *
 * Included by the plugin's epan-side files (packet-explain.c, the readers of
 * explain_read.h) and the bench floor, after the epan headers. Nothing else
 * in tcp-explain may test a Wireshark version: add a macro here instead.
 * Built and tested against 4.0 and 4.4 (tools/compat-trixie.sh); the 4.2
 * branches follow the public API changes of that release.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_COMPAT_H
#define EXPLAIN_COMPAT_H

#include <stdbool.h>

#include <ws_version.h>

/* True when building against Wireshark major.minor or newer. */
#define EXPLAIN_WS_AT_LEAST(major, minor)                                  \
    (WIRESHARK_VERSION_MAJOR > (major) ||                                  \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* 4.2 installs wsutil/plugins.h (WS_PLUGIN_DESC_*, later the module API). */
#if EXPLAIN_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#endif

#if !EXPLAIN_WS_AT_LEAST(4, 0)
#error "tcp-explain needs Wireshark 4.0 or newer"
#endif

/* ------------------------------------------------------------------------
 * field_info: 4.0 embeds the fvalue_t, 4.2 made it a pointer.
 */
#if EXPLAIN_WS_AT_LEAST(4, 2)
#define EXPLAIN_FI_FVALUE(fi) ((fi)->value)
#else
#define EXPLAIN_FI_FVALUE(fi) (&(fi)->value)
#endif

/* The value of an unsigned integer field (FT_UINT8..FT_UINT32). */
#define EXPLAIN_FI_UINT(fi) ((uint32_t)fvalue_get_uinteger(EXPLAIN_FI_FVALUE(fi)))

/* Whether a field type holds such a value: 4.2 renamed IS_FT_UINT32() to
 * FT_IS_UINT32() and dropped the old name. */
#ifdef FT_IS_UINT32
#define EXPLAIN_FT_IS_UINT32(ft) FT_IS_UINT32(ft)
#else
#define EXPLAIN_FT_IS_UINT32(ft) IS_FT_UINT32(ft)
#endif

/* The layer the field was added in (pinfo->curr_layer_num at the time). */
#define EXPLAIN_FI_LAYER(fi) ((fi)->total_layer_num)

/* ------------------------------------------------------------------------
 * Preference storage: 4.4 moved boolean preferences to C99 bool.
 */
#if EXPLAIN_WS_AT_LEAST(4, 4)
typedef bool explain_pref_bool_t;
#else
typedef gboolean explain_pref_bool_t;
#endif

/* ------------------------------------------------------------------------
 * TCP's own records, as the tap reader (explain_read_tap.c) reads them
 * without a tree. These macros expand to uses of <epan/conversation.h>,
 * <epan/prefs.h> and <epan/dissectors/packet-tcp.h>, which the user
 * includes.
 *
 * The members read: struct tcpheader (the "tcp" tap's data: th_rawseq,
 * th_seq, th_rawack, th_ack, th_have_seglen, th_seglen, th_sport,
 * th_dport, th_hlen, th_flags, th_stream, ip_src, ip_dst), struct
 * tcp_analysis (flow1, flow2, acked_table, tfo_syn_data), tcp_flow_t
 * (base_seq) and struct tcp_acked (flags, dupack_num). 4.0 and 4.4 both
 * have them; 4.2 added members and moved from GLib to C99 types, which
 * changes the layout but not the source, so a build against the right
 * headers is all it takes.
 */

/* TCP's analysis flags (struct tcp_acked.flags), as X(TCP_A_ value,
 * EXPLAIN_TA_* bits of the tcp.analysis.* fields the tree shows for it):
 * the TCP_A_* values of epan/dissectors/packet-tcp.c, which does not
 * export them; the same in 4.0 and 4.4. A fast or spurious retransmission
 * also shows tcp.analysis.retransmission. TCP_A_DUPLICATE_ACK (0x0010) is
 * not listed: the tree shows tcp.analysis.duplicate_ack whenever
 * dupack_num is set. */
#define EXPLAIN_TCP_A_LIST(X)                                                  \
    X(0x0001, EXPLAIN_TA_RETRANSMISSION)                                       \
    X(0x0002, EXPLAIN_TA_LOST_SEGMENT)                                         \
    X(0x0004, EXPLAIN_TA_ACK_LOST_SEGMENT)                                     \
    X(0x0008, EXPLAIN_TA_KEEP_ALIVE)                                           \
    X(0x0020, EXPLAIN_TA_ZERO_WINDOW)                                          \
    X(0x0040, EXPLAIN_TA_ZERO_WINDOW_PROBE)                                    \
    X(0x0080, EXPLAIN_TA_ZERO_WINDOW_PROBE_ACK)                                \
    X(0x0100, EXPLAIN_TA_KEEP_ALIVE_ACK)                                       \
    X(0x0200, EXPLAIN_TA_OUT_OF_ORDER)                                         \
    X(0x0400, EXPLAIN_TA_FAST_RETRANSMISSION | EXPLAIN_TA_RETRANSMISSION)      \
    X(0x0800, EXPLAIN_TA_WINDOW_UPDATE)                                        \
    X(0x1000, EXPLAIN_TA_WINDOW_FULL)                                          \
    X(0x2000, EXPLAIN_TA_REUSED_PORTS)                                         \
    X(0x4000, EXPLAIN_TA_SPURIOUS_RETRANSMISSION | EXPLAIN_TA_RETRANSMISSION)

/* Where TCP files a segment's struct tcp_acked: in its conversation's
 * acked_table (a wmem tree), under the key {frame number, raw seq, raw
 * ack}, 3 words of uint32_t (as packet-tcp.c's analysis creates and its
 * tree looks them up); the same in 4.0 and 4.4. */
#define EXPLAIN_TCP_ACKED_KEY_WORDS 3
#define EXPLAIN_TCP_ACKED_KEY(words, frame, rawseq, rawack)                    \
    ((words)[0] = (frame), (words)[1] = (rawseq), (words)[2] = (rawack))

/* The flow (tcp_flow_t *) of a conversation's tcp_analysis that th's
 * receiver sends: flow2 when th's source address is the greater (or, with
 * equal addresses, its port), else flow1 (the split packet-tcp.h
 * describes for struct tcp_analysis); the same in 4.0 and 4.4. */
#define EXPLAIN_TCP_REV_FLOW(tcpd, th)                                         \
    ((cmp_address(&(th)->ip_src, &(th)->ip_dst) > 0                            \
      || (cmp_address(&(th)->ip_src, &(th)->ip_dst) == 0                       \
          && (th)->th_sport > (th)->th_dport))                                 \
         ? &(tcpd)->flow2 : &(tcpd)->flow1)

/* The conversation (conversation_t *, or NULL) in which TCP keeps its
 * analysis of the packet whose TCP header th is, found without creating
 * anything. 4.0 keys TCP conversations by addresses and ports, which th
 * holds as TCP saw them (pinfo's may have changed since, in a tunnel).
 * 4.4 may also key them by interface and VLAN (Preferences > Protocols >
 * Conversation deinterlacing, off by default): TCP then finds them with
 * find_conversation_strat() from pinfo, and so do we. */
#if EXPLAIN_WS_AT_LEAST(4, 4)
#define EXPLAIN_TCP_CONVERSATION(pinfo, th)                                    \
    (prefs.conversation_deinterlacing_key != 0                                 \
         ? find_conversation_strat((pinfo), CONVERSATION_TCP, 0)              \
         : find_conversation((pinfo)->num, &(th)->ip_src, &(th)->ip_dst,       \
                             CONVERSATION_TCP, (th)->th_sport, (th)->th_dport, 0))
#else
#define EXPLAIN_TCP_CONVERSATION(pinfo, th)                                    \
    find_conversation((pinfo)->num, &(th)->ip_src, &(th)->ip_dst,              \
                      CONVERSATION_TCP, (th)->th_sport, (th)->th_dport, 0)
#endif

/* ------------------------------------------------------------------------
 * Plugin entry points.
 *
 * EXPLAIN_PLUGIN_ENTRY(version, blurb, register_fn) defines what the
 * plugin loader looks up, calling register_fn (void (*)(void)) to register
 * the protocol:
 *   4.0:   plugin_version, plugin_want_major/minor, plugin_register
 *   4.2+:  the same plus plugin_describe() -> WS_PLUGIN_DESC_DISSECTOR
 *   newer: a struct ws_module handed over by WIRESHARK_PLUGIN_REGISTER_EPAN
 */
#if defined(WIRESHARK_PLUGIN_REGISTER)

#define EXPLAIN_PLUGIN_ENTRY(version_, blurb_, register_fn_)               \
    static struct ws_module explain_ws_module = {                          \
        .flags = WS_PLUGIN_DESC_DISSECTOR,                                 \
        .version = version_,                                               \
        .spdx_id = "GPL-2.0-or-later",                                     \
        .home_url = "",                                                    \
        .blurb = blurb_,                                                   \
        .register_cb = &register_fn_,                                      \
    };                                                                     \
    WIRESHARK_PLUGIN_REGISTER_EPAN(&explain_ws_module, 0)

#else

#define EXPLAIN_PLUGIN_ENTRY_COMMON(version_, register_fn_)                \
    WS_DLL_PUBLIC_DEF const char plugin_version[] = version_;              \
    WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR; \
    WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR; \
    WS_DLL_PUBLIC void plugin_register(void);                              \
    void plugin_register(void)                                             \
    {                                                                      \
        register_fn_();                                                    \
    }

#if EXPLAIN_WS_AT_LEAST(4, 2)
#define EXPLAIN_PLUGIN_ENTRY(version_, blurb_, register_fn_)               \
    EXPLAIN_PLUGIN_ENTRY_COMMON(version_, register_fn_)                    \
    WS_DLL_PUBLIC uint32_t plugin_describe(void);                          \
    uint32_t plugin_describe(void)                                         \
    {                                                                      \
        return WS_PLUGIN_DESC_DISSECTOR;                                   \
    }
#else
#define EXPLAIN_PLUGIN_ENTRY(version_, blurb_, register_fn_)               \
    EXPLAIN_PLUGIN_ENTRY_COMMON(version_, register_fn_)
#endif

#endif /* WIRESHARK_PLUGIN_REGISTER */

#endif /* EXPLAIN_COMPAT_H */
