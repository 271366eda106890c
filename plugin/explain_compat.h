/* explain_compat.h - every difference between Wireshark versions.
 *
 * Included only by packet-explain.c, after the epan headers. Nothing else in
 * tcp-explain may test a Wireshark version: add a macro here instead.
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
