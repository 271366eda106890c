/* explain_compat.h - every difference between Wireshark versions.
 *
 * Included by the plugin's epan-side files (packet-explain.c, the readers of
 * explain_read.h), the bench floor, tcp-explain-annotate's libwiretap
 * writer and the GUI tests' explain-redissect, after Wireshark's headers.
 * Nothing else in tcp-explain may test a Wireshark version: add a macro
 * here instead. Built and tested against 4.0, 4.4 and 4.6
 * (tools/compat-chroot.sh trixie and forky); the 4.2 branches follow the
 * public API changes of that release.
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
 * (base_seq) and struct tcp_acked (flags, dupack_num). 4.0, 4.4 and 4.6
 * all have them; 4.2 added members and moved from GLib to C99 types, which
 * changed the layout but not the source; 4.6 made tfo_syn_data a bool.
 */

/* Where those members are, per version, as the tap reader was checked
 * against them (tests/readers: both readers give the same facts):
 * X(record, member, offset, size) for each member read, S(record, size)
 * for each record, on LP64 (x86_64, aarch64) Linux. explain_read_tap.c
 * turns them into static assertions, so headers with another layout (a
 * point release that changed packet-tcp.h, a version never checked) stop
 * the build, naming the member, instead of giving users a plugin that
 * reads the wrong bytes of TCP's analysis. For a version without a list
 * here EXPLAIN_TCP_LAYOUT_UNKNOWN is defined, and the tap reader does not
 * build unless -DEXPLAIN_UNCHECKED_TCP_LAYOUT=ON (CMake) says so; then run
 * tests/readers (ctest -R readers) before trusting it.
 * tfo_syn_data is a one-bit field before 4.6, which has no offset. */
#define EXPLAIN_TCP_LAYOUT_TCPHEADER_4_4(X)                                    \
    X(struct tcpheader, th_rawseq, 0, 4)                                       \
    X(struct tcpheader, th_seq, 4, 4)                                          \
    X(struct tcpheader, th_rawack, 8, 4)                                       \
    X(struct tcpheader, th_have_seglen, 16, 1)                                 \
    X(struct tcpheader, th_seglen, 20, 4)                                      \
    X(struct tcpheader, th_sport, 28, 2)                                       \
    X(struct tcpheader, th_dport, 30, 2)                                       \
    X(struct tcpheader, th_hlen, 32, 1)                                        \
    X(struct tcpheader, th_flags, 34, 2)                                       \
    X(struct tcpheader, th_stream, 36, 4)                                      \
    X(struct tcpheader, ip_src, 40, 24)                                        \
    X(struct tcpheader, ip_dst, 64, 24)
#define EXPLAIN_TCP_LAYOUT_ANALYSIS_4_4(X, S)                                  \
    S(struct tcpheader, 136)                                                   \
    X(struct tcp_analysis, flow1, 0, 88)                                       \
    X(struct tcp_analysis, flow2, 88, 88)                                      \
    X(struct tcp_analysis, acked_table, 200, 8)                                \
    S(struct tcp_analysis, 320)                                                \
    X(tcp_flow_t, base_seq, 4, 4)                                              \
    S(tcp_flow_t, 88)                                                          \
    X(struct tcp_acked, flags, 48, 2)                                          \
    X(struct tcp_acked, dupack_num, 52, 4)                                     \
    S(struct tcp_acked, 80)

#if !(defined(__LP64__) && (defined(__x86_64__) || defined(__aarch64__)) && defined(__linux__))
/* Another ABI: offsets differ; nothing recorded to compare with. */
#elif WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR == 6
#define EXPLAIN_TCP_LAYOUT(X, S)                                               \
    EXPLAIN_TCP_LAYOUT_TCPHEADER_4_4(X)                                        \
    EXPLAIN_TCP_LAYOUT_ANALYSIS_4_4(X, S)                                      \
    X(struct tcp_analysis, tfo_syn_data, 282, 1)
#elif WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR == 4
#define EXPLAIN_TCP_LAYOUT(X, S)                                               \
    EXPLAIN_TCP_LAYOUT_TCPHEADER_4_4(X)                                        \
    EXPLAIN_TCP_LAYOUT_ANALYSIS_4_4(X, S)
#elif WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR == 0
#define EXPLAIN_TCP_LAYOUT(X, S)                                               \
    X(struct tcpheader, th_rawseq, 0, 4)                                       \
    X(struct tcpheader, th_seq, 4, 4)                                          \
    X(struct tcpheader, th_rawack, 8, 4)                                       \
    X(struct tcpheader, th_have_seglen, 16, 4)                                 \
    X(struct tcpheader, th_seglen, 20, 4)                                      \
    X(struct tcpheader, th_sport, 28, 2)                                       \
    X(struct tcpheader, th_dport, 30, 2)                                       \
    X(struct tcpheader, th_hlen, 32, 1)                                        \
    X(struct tcpheader, th_flags, 40, 2)                                       \
    X(struct tcpheader, th_stream, 44, 4)                                      \
    X(struct tcpheader, ip_src, 48, 24)                                        \
    X(struct tcpheader, ip_dst, 72, 24)                                        \
    S(struct tcpheader, 144)                                                   \
    X(struct tcp_analysis, flow1, 0, 104)                                      \
    X(struct tcp_analysis, flow2, 104, 104)                                    \
    X(struct tcp_analysis, acked_table, 232, 8)                                \
    S(struct tcp_analysis, 336)                                                \
    X(tcp_flow_t, base_seq, 4, 4)                                              \
    S(tcp_flow_t, 104)                                                         \
    X(struct tcp_acked, flags, 48, 2)                                          \
    X(struct tcp_acked, dupack_num, 52, 4)                                     \
    S(struct tcp_acked, 72)
#else
#define EXPLAIN_TCP_LAYOUT_UNKNOWN 1   /* explain_read_tap.c stops the build */
#endif

/* TCP's analysis flags (struct tcp_acked.flags), as X(TCP_A_ value,
 * EXPLAIN_TA_* bits of the tcp.analysis.* fields the tree shows for it):
 * the TCP_A_* values of epan/dissectors/packet-tcp.c, which does not
 * export them; the same in 4.0, 4.4 and 4.6 (tests/readers fails on a
 * mismatch). A fast or spurious retransmission also shows
 * tcp.analysis.retransmission. TCP_A_DUPLICATE_ACK (0x0010) is
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
 * tree looks them up); the same in 4.0, 4.4 and 4.6. */
#define EXPLAIN_TCP_ACKED_KEY_WORDS 3
#define EXPLAIN_TCP_ACKED_KEY(words, frame, rawseq, rawack)                    \
    ((words)[0] = (frame), (words)[1] = (rawseq), (words)[2] = (rawack))

/* The flow (tcp_flow_t *) of a conversation's tcp_analysis that th's
 * receiver sends: flow2 when th's source address is the greater (or, with
 * equal addresses, its port), else flow1 (the split packet-tcp.h
 * describes for struct tcp_analysis); the same in 4.0, 4.4 and 4.6. */
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
#if EXPLAIN_WS_AT_LEAST(4, 6)
/* 4.6: find_conversation_strat() takes a direction; TCP passes false. */
#define EXPLAIN_TCP_CONVERSATION(pinfo, th)                                    \
    (prefs.conversation_deinterlacing_key != 0                                 \
         ? find_conversation_strat((pinfo), CONVERSATION_TCP, 0, false)       \
         : find_conversation((pinfo)->num, &(th)->ip_src, &(th)->ip_dst,       \
                             CONVERSATION_TCP, (th)->th_sport, (th)->th_dport, 0))
#elif EXPLAIN_WS_AT_LEAST(4, 4)
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
 * Programs on libwiretap and libwsutil (tcp-explain-annotate, the GUI
 * tests' explain-redissect): start-up, and a record's bytes.
 */

/* Wireshark's log, for program progname, with vcmdarg_err (or NULL) told
 * about bad log settings in the environment: 4.6 takes the name from
 * GLib's program name. */
#if EXPLAIN_WS_AT_LEAST(4, 6)
#define EXPLAIN_LOG_INIT(progname, vcmdarg_err)                                \
    (g_set_prgname(progname), ws_log_init(vcmdarg_err))
#else
#define EXPLAIN_LOG_INIT(progname, vcmdarg_err) ws_log_init((progname), (vcmdarg_err))
#endif

/* configuration_init() for a program started as argv0 (Wireshark's own
 * folders: plugins, global configuration); a g_malloc'd error or NULL.
 * 4.6 dropped the second argument (the application name, NULL for us). */
#if EXPLAIN_WS_AT_LEAST(4, 6)
#define EXPLAIN_CONFIGURATION_INIT(argv0) configuration_init(argv0)
#else
#define EXPLAIN_CONFIGURATION_INIT(argv0) configuration_init((argv0), NULL)
#endif

/* A record and its bytes. Up to 4.4 wiretap reads a record's bytes into a
 * Buffer of the caller's and the caller builds the frame's tvb; 4.6 keeps
 * them in the record (wtap_rec.data) and epan builds the tvb. Every macro
 * takes both the record (wtap_rec *) and the Buffer * (ignored on 4.6), so
 * the callers read the same on every version:
 *   EXPLAIN_REC_INIT / EXPLAIN_REC_CLEANUP   set up / free both
 *   EXPLAIN_REC_BYTES                        the record's bytes (uint8_t *)
 *   EXPLAIN_WTAP_READ, EXPLAIN_WTAP_SEEK_READ, EXPLAIN_WTAP_DUMP
 *                                            wtap_read/seek_read/dump
 *   EXPLAIN_DISSECT_RUN(edt, file_type_subtype, rec, buf, fd, with_taps)
 *                                            epan_dissect_run(_with_taps)
 *                                            of the frame fd, no columns */
/* Priming a new epan_dissect_t with the fields post-dissectors asked for
 * (set_postdissector_wanted_hfids): the program's job up to 4.4 (tshark
 * and Wireshark call it before each dissection); 4.6's libwireshark does
 * it itself when it dissects a frame not yet visited, and no longer
 * exports the call. */
#if EXPLAIN_WS_AT_LEAST(4, 6)
#define EXPLAIN_PRIME_POSTDISSECTOR_FIELDS(edt) ((void)(edt))
#else
#define EXPLAIN_PRIME_POSTDISSECTOR_FIELDS(edt) prime_epan_dissect_with_postdissector_wanted_hfids(edt)
#endif

#define EXPLAIN_REC_SPACE 1514   /* the initial size of the bytes' buffer */
#if EXPLAIN_WS_AT_LEAST(4, 6)
#define EXPLAIN_REC_INIT(rec, buf) ((void)(buf), wtap_rec_init((rec), EXPLAIN_REC_SPACE))
#define EXPLAIN_REC_CLEANUP(rec, buf) ((void)(buf), wtap_rec_cleanup(rec))
#define EXPLAIN_REC_BYTES(rec, buf) ((void)(buf), ws_buffer_start_ptr(&(rec)->data))
#define EXPLAIN_WTAP_READ(wth, rec, buf, err, err_info, offset)               \
    ((void)(buf), wtap_read((wth), (rec), (err), (err_info), (offset)))
#define EXPLAIN_WTAP_SEEK_READ(wth, seek_off, rec, buf, err, err_info)        \
    ((void)(buf), wtap_seek_read((wth), (seek_off), (rec), (err), (err_info)))
#define EXPLAIN_WTAP_DUMP(pdh, rec, buf, err, err_info)                        \
    ((void)(buf), wtap_dump((pdh), (rec), (err), (err_info)))
#define EXPLAIN_DISSECT_RUN(edt, file_type_subtype, rec, buf, fd, with_taps)  \
    ((void)(buf),                                                              \
     (with_taps) ? epan_dissect_run_with_taps((edt), (file_type_subtype), (rec), (fd), NULL) \
                 : epan_dissect_run((edt), (file_type_subtype), (rec), (fd), NULL))
#else
#define EXPLAIN_REC_INIT(rec, buf)                                             \
    (wtap_rec_init(rec), ws_buffer_init((buf), EXPLAIN_REC_SPACE))
#define EXPLAIN_REC_CLEANUP(rec, buf) (wtap_rec_cleanup(rec), ws_buffer_free(buf))
#define EXPLAIN_REC_BYTES(rec, buf) ((void)(rec), ws_buffer_start_ptr(buf))
#define EXPLAIN_WTAP_READ(wth, rec, buf, err, err_info, offset)               \
    wtap_read((wth), (rec), (buf), (err), (err_info), (offset))
#define EXPLAIN_WTAP_SEEK_READ(wth, seek_off, rec, buf, err, err_info)        \
    wtap_seek_read((wth), (seek_off), (rec), (buf), (err), (err_info))
#define EXPLAIN_WTAP_DUMP(pdh, rec, buf, err, err_info)                        \
    wtap_dump((pdh), (rec), ws_buffer_start_ptr(buf), (err), (err_info))
#define EXPLAIN_DISSECT_RUN(edt, file_type_subtype, rec, buf, fd, with_taps)  \
    ((with_taps)                                                               \
         ? epan_dissect_run_with_taps((edt), (file_type_subtype), (rec),       \
               tvb_new_real_data(ws_buffer_start_ptr(buf), (fd)->cap_len, (int)(fd)->pkt_len), \
               (fd), NULL)                                                     \
         : epan_dissect_run((edt), (file_type_subtype), (rec),                 \
               tvb_new_real_data(ws_buffer_start_ptr(buf), (fd)->cap_len, (int)(fd)->pkt_len), \
               (fd), NULL))
#endif

/* ------------------------------------------------------------------------
 * Plugin entry points.
 *
 * EXPLAIN_PLUGIN_ENTRY(version, blurb, register_fn) defines what the
 * plugin loader looks up, calling register_fn (void (*)(void)) to register
 * the protocol. The version the loader shows (tshark -G plugins, Help >
 * About Wireshark > Plugins) says which Wireshark the plugin was built for,
 * e.g. "0.1.0 (built for Wireshark 4.6)": the only one that loads it.
 *   4.0:   plugin_version, plugin_want_major/minor, plugin_register
 *   4.2+:  the same plus plugin_describe() -> WS_PLUGIN_DESC_DISSECTOR
 *   newer: a struct ws_module handed over by WIRESHARK_PLUGIN_REGISTER_EPAN
 */
#define EXPLAIN_PLUGIN_VERSION(version_)                                   \
    version_ " (built for Wireshark " G_STRINGIFY(WIRESHARK_VERSION_MAJOR)  \
    "." G_STRINGIFY(WIRESHARK_VERSION_MINOR) ")"

#if defined(WIRESHARK_PLUGIN_REGISTER)

#define EXPLAIN_PLUGIN_ENTRY(version_, blurb_, register_fn_)               \
    static struct ws_module explain_ws_module = {                          \
        .flags = WS_PLUGIN_DESC_DISSECTOR,                                 \
        .version = EXPLAIN_PLUGIN_VERSION(version_),                       \
        .spdx_id = "GPL-2.0-or-later",                                     \
        .home_url = "",                                                    \
        .blurb = blurb_,                                                   \
        .register_cb = &register_fn_,                                      \
    };                                                                     \
    WIRESHARK_PLUGIN_REGISTER_EPAN(&explain_ws_module, 0)

#else

#define EXPLAIN_PLUGIN_ENTRY_COMMON(version_, register_fn_)                \
    WS_DLL_PUBLIC_DEF const char plugin_version[] = EXPLAIN_PLUGIN_VERSION(version_); \
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
