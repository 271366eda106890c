/* packet-explain.c - the Wireshark post-dissector of tcp-explain.
 *
 * An adapter: it reads the facts of each TCP segment (explain_read.h: from
 * TCP's tap data, with no tree, or from TCP's fields in the tree), hands
 * them to the engine on the first pass through the capture's store
 * (explain_store.h, which keeps a few bytes per segment and gives any
 * frame's result back later), and renders the result as the "Explain"
 * tree, display-filter fields and expert infos.
 *
 * Mutable state: the registration ids, the preferences with the catalog
 * they select, and the open capture file's store; nothing else.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <wsutil/report_message.h>
#include <wsutil/wslog.h>

#include "explain_compat.h"

#include "explain_catalog.h"
#include "explain_engine.h"
#include "explain_narrative.h"
#include "explain_narrative_timing.h"
#include "explain_read.h"
#include "explain_store.h"
#include "explain_timing.h"
#include "explain_timing_tree.h"
#include "explain_tree_items.h"

#ifndef EXPLAIN_VERSION
#define EXPLAIN_VERSION "0.0.0"
#endif

/* ========================================================================
 * Registration ids (set once at registration/handoff).
 */
static int proto_explain = -1;
static dissector_handle_t explain_handle;

static int hf_step = -1;
static int hf_phase = -1;
static int hf_role = -1;
static int hf_summary = -1;
static int hf_text = -1;
static int hf_line = -1;
static int hf_seq_rel = -1;
static int hf_seq_raw = -1;
static int hf_ack_rel = -1;
static int hf_ack_raw = -1;
static int hf_nxtseq = -1;
static int hf_nxtseq_raw = -1;
static int hf_len = -1;
static int hf_payload_total = -1;
static int hf_seq_consumed = -1;
static int hf_resent_total = -1;
static int hf_wire_total = -1;
static int hf_acked = -1;
static int hf_window_bytes = -1;
static int hf_check_failed = -1;
static int hf_check_explained = -1;
static int hf_check_state = -1;
static int hf_claims = -1;
static int hf_orig_frame = -1;
static int hf_event = -1;
static int hf_verdict = -1;
static int hf_stream_summary = -1;

static gint ett_explain = -1;
static gint ett_explain_text = -1;
static gint ett_explain_checks = -1;
static gint ett_explain_check = -1;

static expert_field ei_check[EXPLAIN_CHECK_COUNT] = {
#define EXPLAIN_X_EI_INIT(name, id, sev) EI_INIT,
    EXPLAIN_CHECK_LIST(EXPLAIN_X_EI_INIT)
#undef EXPLAIN_X_EI_INIT
};

/* ========================================================================
 * Preferences and the catalog they select.
 */
/* Where the first pass reads a TCP segment's facts from. */
typedef enum {
    EXPLAIN_READER_TAP = 0,     /* TCP's tap data: no tree needed */
    EXPLAIN_READER_FIELDS = 1   /* TCP's fields in the tree */
} explain_reader_t;

typedef struct {
    gint                reader;         /* explain_reader_t */
    gint                verbosity;      /* explain_voice_t */
    const char         *language;       /* "" follows the user's locale */
    const char         *catalog_file;   /* "" uses the built-in texts only */
    explain_pref_bool_t show_relative;  /* relative numbers first in labels */
    explain_catalog_t  *catalog;        /* built-in + catalog_file, never NULL after registration */
    char               *reported_error; /* last catalog error reported, so each is reported once */
} explain_settings_t;

static explain_settings_t settings = {
    .reader = EXPLAIN_READER_TAP,
    .verbosity = EXPLAIN_VOICE_TEACHING,
    .language = "",
    .catalog_file = "",
    .show_relative = TRUE,
    .catalog = NULL,
    .reported_error = NULL,
};

/* ========================================================================
 * Per capture file: every explained segment, kept compactly (explain_store.h).
 */
typedef struct {
    explain_store_t *store;          /* frames -> results, replayed on demand */
    bool             tcp_analysis;   /* TCP's "Analyze TCP sequence numbers" is on */
} explain_capture_t;

static explain_capture_t capture_context;   /* store is set between init and cleanup */

/* ======================================================================== */

/* Maps the engine's severity to Wireshark's expert severity. */
static int severity_to_expert(explain_severity_t severity)
{
    switch (severity) {
    case EXPLAIN_SEVERITY_ERROR: return PI_ERROR;
    case EXPLAIN_SEVERITY_WARN:  return PI_WARN;
    case EXPLAIN_SEVERITY_NOTE:
    default:                     return PI_NOTE;
    }
}

/* Sets up how the first pass reads TCP: while the protocol is enabled,
 * either TCP's tap (the listener registered, no fields wanted: a packet
 * nobody looks at needs no tree) or TCP's fields (wanted, so epan keeps
 * them in the tree for us); while it is disabled, neither. */
static void update_reader(void)
{
    if (explain_handle == NULL)
        return;
    bool enabled = proto_is_protocol_enabled(find_protocol_by_id(proto_explain));
    bool tap = enabled && settings.reader == EXPLAIN_READER_TAP;
    bool fields = enabled && settings.reader == EXPLAIN_READER_FIELDS;
    if (tap && !explain_read_tap_register())
        ws_warning("Explain TCP: TCP's tap is missing: no explanations");
    if (!tap)
        explain_read_tap_unregister();
    set_postdissector_wanted_hfids(explain_handle, fields ? explain_read_fields_wanted() : NULL);
}

/* Init routine: a fresh store for the capture file being opened. */
static void explain_init_capture(void)
{
    explain_store_free(capture_context.store);
    capture_context.store = explain_store_new();
    explain_read_tap_forget();
    capture_context.tcp_analysis = explain_read_tcp_analysis();
    update_reader();
}

/* With EXPLAIN_STORE_STATS set in the environment, prints what the store
 * holds when a capture closes (bench/run counts memory with it). */
static void report_store_stats(const explain_store_t *store)
{
    if (store == NULL || g_getenv("EXPLAIN_STORE_STATS") == NULL)
        return;
    explain_store_stats_t stats;
    explain_store_get_stats(store, &stats);
    fprintf(stderr, "explain store: segments %" PRIu64 " streams %" PRIu64 " log_bytes %" PRIu64
            " segment_bytes %" PRIu64 " stream_bytes %" PRIu64 " bytes %" PRIu64
            " replays %" PRIu64 " replayed %" PRIu64 " rebuilds %" PRIu64
            " live_states %" PRIu64 " cursors %" PRIu64 "\n",
            stats.segments, stats.streams, stats.log_bytes, stats.segment_bytes,
            stats.stream_bytes, stats.bytes, stats.replays, stats.replayed, stats.rebuilds,
            stats.live_states, stats.cursors);
}

/* Cleanup routine: the capture file is going away, and its store with it. */
static void explain_cleanup_capture(void)
{
    report_store_stats(capture_context.store);
    explain_store_free(capture_context.store);
    capture_context.store = NULL;
    explain_read_tap_forget();
    if (explain_handle != NULL)
        set_postdissector_wanted_hfids(explain_handle, NULL);
}

/* Reads the facts of the packet's segment the way the preference says.
 * The tap reader needs no tree; a header it finds in no buffer of the
 * packet is explained without window and options (never seen in practice:
 * TCP reassembled or decrypted from another buffer). */
static bool read_facts(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                       explain_facts_t *facts)
{
    if (settings.reader == EXPLAIN_READER_FIELDS)
        return tree != NULL && explain_read_fields(tree, pinfo, capture_context.tcp_analysis, facts);
    switch (explain_read_tap(tvb, pinfo, capture_context.tcp_analysis, facts)) {
    case EXPLAIN_TAP_READ_OK:
    case EXPLAIN_TAP_READ_NO_HEADER:
        return true;
    case EXPLAIN_TAP_READ_NO_TCP:
    case EXPLAIN_TAP_READ_QUOTED:
    case EXPLAIN_TAP_READ_UNTAPPED:
    default:
        return false;
    }
}

/* The packet's result into *out: explained now on the first pass, given
 * back by the store on every later one (the same result, whatever the
 * order of passes). False when the packet is not explained. */
static bool packet_result(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                          explain_result_t *out)
{
    explain_store_t *store = capture_context.store;
    if (store == NULL)
        return false;
    if (explain_store_has(store, pinfo->num))
        return explain_store_result(store, pinfo->num, out);
    /* Not explained yet. Usually the first pass, but not always: tshark -2
     * runs its first pass without taps, and so does the GUI's read filter,
     * so the tap reader finds nothing there and the frame is explained on
     * the next pass that has them. The store takes frames only in
     * increasing order, so no frame is ever explained out of turn. */

    explain_facts_t facts;
    if (!read_facts(tvb, pinfo, tree, &facts))
        return false;
    return explain_store_add(store, &facts, out);
}

/* The end-of-stream summary on the last packet of a stream that did not
 * close (issue 15). Only on a frame visited again that the store held
 * before this pass reached it: the store has then seen every frame read
 * so far (the GUI after reading, tshark -2 with the fields reader). A
 * frame explained just now gets none, later frames may still come: the
 * first pass, and tshark -2's second pass with the tap reader (its first
 * pass has no taps, so the store fills during the second). */
static void add_summary_so_far(packet_info *pinfo, bool stored_before, explain_result_t *r)
{
    explain_store_t *store = capture_context.store;
    if (!stored_before || !pinfo->fd->visited || r->timing.stream_summary
        || !explain_store_is_last_of_stream(store, pinfo->num, NULL))
        return;
    explain_stream_t *state = wmem_new(pinfo->pool, explain_stream_t);
    if (explain_store_is_last_of_stream(store, pinfo->num, state))
        explain_timing_summary_so_far(state, r);
}

/* ========================================================================
 * Text.
 */

/* True for the locales that mean "no translation": C, C.UTF-8, POSIX. */
static bool is_untranslated_locale(const char *name)
{
    return strcmp(name, "C") == 0 || strncmp(name, "C.", 2) == 0 || strcmp(name, "POSIX") == 0;
}

/* How to tell it, from the current preferences. language is NULL for
 * English; an empty preference follows the user's locale. */
static explain_telling_t current_telling(void)
{
    explain_telling_t how;
    how.catalog = settings.catalog;
    how.voice = (settings.verbosity >= 0 && settings.verbosity < EXPLAIN_VOICE_COUNT)
                    ? (explain_voice_t)settings.verbosity
                    : EXPLAIN_VOICE_TEACHING;
    how.language = NULL;
    how.claims = NULL;
    if (settings.language != NULL && settings.language[0] != '\0') {
        how.language = settings.language;
    } else {
        const gchar *const *names = g_get_language_names();
        if (names != NULL && names[0] != NULL && !is_untranslated_locale(names[0]))
            how.language = names[0];
    }
    return how;
}

/* How to tell it, worked out once per change of preferences (the apply
 * callback clears telling_now) and handed to each packet on first use:
 * most packets render no text, and g_get_language_names() costs about 800
 * instructions a call, which a visible tree paid on every packet. */
typedef struct {
    explain_telling_t how;
    bool              ready;
} telling_cache_t;

static telling_cache_t telling_now = { .ready = false };

static const explain_telling_t *get_telling(telling_cache_t *cache)
{
    if (!cache->ready) {
        if (!telling_now.ready) {
            telling_now.how = current_telling();
            telling_now.ready = true;
        }
        cache->how = telling_now.how;
        cache->ready = true;
    }
    return &cache->how;
}

/* Moves a rendered text into packet scope (so no tree call, which may throw,
 * can leak it) and frees the GString. */
static char *to_packet_scope(packet_info *pinfo, GString *text)
{
    char *copy = wmem_alloc(pinfo->pool, text->len + 1);   /* wmem_strndup copies bytewise */
    memcpy(copy, text->str, text->len + 1);
    g_string_free(text, TRUE);
    return copy;
}

/* The buffer every text is told into before its copy in packet scope:
 * one for the whole run (dissection runs on one thread). */
static GString *text_scratch(void)
{
    static GString *scratch;
    if (scratch == NULL)
        scratch = g_string_sized_new(1024);
    g_string_truncate(scratch, 0);
    return scratch;
}

/* A copy of text in packet scope. */
static char *copy_to_packet(packet_info *pinfo, const GString *text)
{
    char *copy = wmem_alloc(pinfo->pool, text->len + 1);
    memcpy(copy, text->str, text->len + 1);
    return copy;
}

/* The one-line summary, in packet scope. */
static char *render_summary(packet_info *pinfo, const explain_telling_t *how,
                            const explain_result_t *r)
{
    GString *text = text_scratch();
    explain_narrative_summary(how, r, text);
    return copy_to_packet(pinfo, text);
}

/* The stream's verdict, in packet scope. */
static char *render_verdict(packet_info *pinfo, const explain_telling_t *how,
                            const explain_result_t *r)
{
    GString *text = text_scratch();
    explain_narrative_verdict(how, r, text);
    return copy_to_packet(pinfo, text);
}

/* The full narrative ('\n' between lines), in packet scope. */
static char *render_narrative(packet_info *pinfo, const explain_telling_t *how,
                              const explain_result_t *r)
{
    GString *text = text_scratch();
    explain_narrative_text(how, r, text);
    return copy_to_packet(pinfo, text);
}

/* What check says about r (pass or fail text), in packet scope. */
static char *render_check(packet_info *pinfo, const explain_telling_t *how,
                          const explain_result_t *r, explain_check_t check)
{
    GString *text = text_scratch();
    explain_narrative_check(how, r, check, text);
    if (text->len == 0)
        g_string_append_printf(text, "Check %s %s.", explain_check_id(check),
                               explain_check_state_label(explain_result_check_state(r, check)));
    return copy_to_packet(pinfo, text);
}

/* One hidden explain.stream.summary per sentence of the end-of-stream
 * summary, when someone asks for it (-T fields, a filter): what
 * tcp-explain-annotate puts at the end of each stream's worksheet section. */
static void add_stream_summary_text(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                                    telling_cache_t *how, const explain_result_t *r)
{
    if (!r->timing.stream_summary || !proto_field_is_referenced(tree, hf_stream_summary))
        return;
    GString *text = g_string_sized_new(512);
    explain_narrative_stream_summary(get_telling(how), r, text);
    char *lines = wmem_strdup(pinfo->pool, text->str);
    g_string_free(text, TRUE);
    for (char *line = lines; line != NULL;) {
        char *end = strchr(line, '\n');
        if (end != NULL)
            *end = '\0';
        if (line[0] != '\0') {
            proto_item *item = proto_tree_add_string(tree, hf_stream_summary, tvb, 0, 0, line);
            proto_item_set_generated(item);
            proto_item_set_hidden(item);
        }
        line = end != NULL ? end + 1 : NULL;
    }
}

/* ========================================================================
 * The tree.
 */

/* The values' English names (explain.step, .phase, .event, .role). */
static const value_string step_names[] = {
#define EXPLAIN_X_STEP_VS(name, label, value) { value, label },
    EXPLAIN_STEP_LIST(EXPLAIN_X_STEP_VS)
#undef EXPLAIN_X_STEP_VS
    { 0, NULL }
};

static const value_string phase_names[] = {
#define EXPLAIN_X_PHASE_VS(name, label, value) { value, label },
    EXPLAIN_PHASE_LIST(EXPLAIN_X_PHASE_VS)
#undef EXPLAIN_X_PHASE_VS
    { 0, NULL }
};

static const value_string event_names[] = {
#define EXPLAIN_X_EVENT_VS(name, label, value) { value, label },
    EXPLAIN_EVENT_LIST(EXPLAIN_X_EVENT_VS)
#undef EXPLAIN_X_EVENT_VS
    { 0, NULL }
};

static const value_string role_names[] = {
#define EXPLAIN_X_ROLE_VS(name, label, value) { value, label },
    EXPLAIN_ROLE_LIST(EXPLAIN_X_ROLE_VS)
#undef EXPLAIN_X_ROLE_VS
    { 0, NULL }
};


/* What every item of one Explain tree needs: the items' context (labels
 * told when the tree is shown). */
typedef struct {
    explain_items_t items;
} tree_ctx_t;

/* The catalog's text of label (with r's numbers); the tree is shown. */
static const char *label_text(const tree_ctx_t *t, explain_label_t label)
{
    return explain_items_label(&t->items, label);
}

/* Adds an enum field labelled "Name: word (value)", the word in the
 * reader's language (the filter value stays the number or English label).
 * Where label and word are the field's own name and value name,
 * Wireshark's label is the same and is left to Wireshark. */
static void add_enum_item(const tree_ctx_t *t, proto_tree *tree, int hf, explain_label_t label,
                          uint32_t value, const char *word, const value_string *names)
{
    const explain_items_t *c = &t->items;
    if (!explain_items_wanted(c, tree, hf))
        return;
    proto_item *item;
    if (c->how == NULL || (explain_items_label_is_name(c, hf, label)
                           && g_strcmp0(word, try_val_to_str(value, names)) == 0)) {
        item = proto_tree_add_uint(tree, hf, c->tvb, 0, 0, value);
    } else {
        item = proto_tree_add_uint_format(tree, hf, c->tvb, 0, 0, value, "%s: %s (%u)",
                                          label_text(t, label), word, value);
    }
    explain_items_finish(c, item);
}

/* Adds a relative/raw pair of uint fields, the preferred one first and
 * labelled with the other in parentheses. */
static void add_number_pair(const tree_ctx_t *t, proto_tree *tree, int hf_rel, int hf_raw,
                            explain_label_t label_rel, explain_label_t label_raw,
                            uint32_t rel, uint32_t raw, bool relative_first)
{
    const explain_items_t *c = &t->items;
    int first_hf = relative_first ? hf_rel : hf_raw;
    int second_hf = relative_first ? hf_raw : hf_rel;
    uint32_t first = relative_first ? rel : raw;
    uint32_t second = relative_first ? raw : rel;
    if (explain_items_wanted(c, tree, first_hf)) {
        proto_item *item;
        if (c->how != NULL) {
            /* "Label: first (other second)", put together without printf */
            const char *name = label_text(t, relative_first ? label_rel : label_raw);
            const char *other = label_text(t, relative_first ? EXPLAIN_LABEL_RAW
                                                             : EXPLAIN_LABEL_RELATIVE);
            explain_label_buf_t b;
            explain_label_buf_init(&b);
            explain_label_buf_add(&b, name);
            explain_label_buf_add(&b, ": ");
            explain_label_buf_add_u64(&b, first);
            explain_label_buf_add(&b, " (");
            explain_label_buf_add(&b, other);
            explain_label_buf_add(&b, " ");
            explain_label_buf_add_u64(&b, second);
            explain_label_buf_add(&b, ")");
            item = !b.overflowed
                ? proto_tree_add_uint_format(tree, first_hf, c->tvb, 0, 0, first, "%s", b.text)
                : proto_tree_add_uint_format(tree, first_hf, c->tvb, 0, 0, first, "%s: %u (%s %u)",
                                             name, first, other, second);
        } else {
            item = proto_tree_add_uint(tree, first_hf, c->tvb, 0, 0, first);
        }
        explain_items_finish(c, item);
    }
    explain_items_add_u32(c, tree, second_hf, relative_first ? label_raw : label_rel, second);
}

/* " (mod 2^32)" in the reader's language when a + b + c + d wrapped
 * around, else "". */
static const char *wrap_note(const tree_ctx_t *t, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint64_t sum = (uint64_t)a + b + c + d;
    return sum > UINT32_MAX ? label_text(t, EXPLAIN_LABEL_MOD_2_32) : "";
}

/* Adds explain.nxtseq, its label spelling out seq + len + SYN + FIN. */
static void add_nxtseq_relative(const tree_ctx_t *t, proto_tree *tree, uint32_t syn, uint32_t fin)
{
    const explain_items_t *c = &t->items;
    const explain_result_t *r = c->r;
    if (!explain_items_wanted(c, tree, hf_nxtseq))
        return;
    proto_item *item = c->how != NULL
        ? proto_tree_add_uint_format(tree, hf_nxtseq, c->tvb, 0, 0, r->nxtseq_rel, "%s%s",
                                     label_text(t, EXPLAIN_LABEL_NXTSEQ),
                                     wrap_note(t, r->seq_rel, r->payload_len, syn, fin))
        : proto_tree_add_uint(tree, hf_nxtseq, c->tvb, 0, 0, r->nxtseq_rel);
    explain_items_finish(c, item);
}

/* Adds explain.nxtseq.raw, with the same sum in raw numbers. */
static void add_nxtseq_raw(const tree_ctx_t *t, proto_tree *tree, uint32_t syn, uint32_t fin)
{
    const explain_items_t *c = &t->items;
    const explain_result_t *r = c->r;
    if (!explain_items_wanted(c, tree, hf_nxtseq_raw))
        return;
    proto_item *item = c->how != NULL
        ? proto_tree_add_uint_format(tree, hf_nxtseq_raw, c->tvb, 0, 0, r->nxtseq_raw, "%s%s",
                                     label_text(t, EXPLAIN_LABEL_NXTSEQ_RAW),
                                     wrap_note(t, r->seq_raw, r->payload_len, syn, fin))
        : proto_tree_add_uint(tree, hf_nxtseq_raw, c->tvb, 0, 0, r->nxtseq_raw);
    explain_items_finish(c, item);
}

/* Adds the next sequence number, relative and raw, the preferred one first. */
static void add_nxtseq(const tree_ctx_t *t, proto_tree *tree, bool relative_first)
{
    uint32_t syn = (t->items.r->flags & EXPLAIN_TH_SYN) ? 1 : 0;
    uint32_t fin = (t->items.r->flags & EXPLAIN_TH_FIN) ? 1 : 0;
    if (relative_first) {
        add_nxtseq_relative(t, tree, syn, fin);
        add_nxtseq_raw(t, tree, syn, fin);
    } else {
        add_nxtseq_raw(t, tree, syn, fin);
        add_nxtseq_relative(t, tree, syn, fin);
    }
}

/* Adds the window in bytes when the scale in force is known. */
static void add_window(const tree_ctx_t *t, proto_tree *tree)
{
    const explain_result_t *r = t->items.r;
    explain_label_t label;
    if (r->wscale_shift >= 0)
        label = EXPLAIN_LABEL_WINDOW_SCALED;
    else if (r->wscale_shift == -2)
        label = EXPLAIN_LABEL_WINDOW_UNSCALED;
    else
        return;   /* scale not known: the raw window is in the TCP tree */
    explain_items_add_u64_text(&t->items, tree, hf_window_bytes, label, r->window_bytes);
}

/* Adds one explain.line per sentence of narrative under tree. */
static void add_lines(proto_tree *tree, tvbuff_t *tvb, char *narrative)
{
    char *line = narrative;
    while (line != NULL) {
        char *end = strchr(line, '\n');
        if (end != NULL)
            *end = '\0';
        if (line[0] != '\0') {
            proto_item *item = proto_tree_add_string_format(tree, hf_line, tvb, 0, 0, line,
                                                            "%s", line);
            proto_item_set_generated(item);
        }
        line = end != NULL ? end + 1 : NULL;
    }
}

/* Adds the explanation: explain.text holds the whole narrative on one line
 * (its label just "Explanation", since labels stop at ITEM_LABEL_LENGTH),
 * and one explain.line child per sentence. In the brief voice the lines
 * (two at most) stand right under the summary and explain.text is hidden.
 * Cuts narrative into lines. */
static void add_narrative(const tree_ctx_t *t, proto_tree *tree, char *narrative)
{
    const explain_items_t *c = &t->items;
    if (!explain_items_wanted(c, tree, hf_text)) {
        add_lines(tree, c->tvb, narrative);   /* where epan would put them */
        return;
    }
    char *joined = wmem_strdup(c->pinfo->pool, narrative);
    for (char *nl = strchr(joined, '\n'); nl != NULL; nl = strchr(nl + 1, '\n'))
        *nl = ' ';   /* g_strdelimit calls strchr for every byte */

    proto_item *text_item = c->how != NULL
        ? proto_tree_add_string_format(tree, hf_text, c->tvb, 0, 0, joined, "%s",
                                       label_text(t, EXPLAIN_LABEL_EXPLANATION))
        : proto_tree_add_string(tree, hf_text, c->tvb, 0, 0, joined);
    proto_item_set_generated(text_item);
    if (c->brief) {
        proto_item_set_hidden(text_item);
        add_lines(tree, c->tvb, narrative);
        return;
    }
    add_lines(proto_item_add_subtree(text_item, ett_explain_text), c->tvb, narrative);
}

/* True when the Checks subtree is worth showing in the brief and story
 * voices: a check failed, or an event explains what a check found. */
static bool checks_worth_telling(const explain_result_t *r)
{
    return ((r->checks_failed | r->checks_explained) & r->checks_applied) != 0;
}

/* explain.check.state's value ("<id>:<state>") of every check and state,
 * made once: 4 items a packet. The item is hidden: Wireshark makes its
 * label ("Check state: <id>:<state>") only if someone shows it. */
static const char *check_state_value[EXPLAIN_CHECK_COUNT][EXPLAIN_CHECK_STATE_COUNT];

static void make_check_state_values(void)
{
    for (unsigned c = 0; c < EXPLAIN_CHECK_COUNT; c++) {
        for (unsigned s = 0; s < EXPLAIN_CHECK_STATE_COUNT; s++) {
            check_state_value[c][s] = g_strdup_printf("%s:%s", explain_check_id((explain_check_t)c),
                explain_check_state_label((explain_check_state_t)s));
        }
    }
}

/* Adds the Checks subtree. Failed checks always raise their expert info
 * (filters and the expert tap need it); an explained check adds
 * explain.check.explained and its text, a passed one its text when shown.
 * Each check also adds explain.check.state (its id and state). The brief
 * and story voices show the subtree only when a check is worth telling
 * (checks_worth_telling): otherwise it is there, hidden, for filters.
 * Every check's text is told with texts; with every_text, also the texts
 * nobody sees (explain.claims records them). */
static void add_checks(const tree_ctx_t *t, proto_tree *tree, const explain_telling_t *texts,
                       bool every_text)
{
    const explain_items_t *c = &t->items;
    const explain_result_t *r = c->r;
    if (r->checks_applied == 0)
        return;
    bool shown = c->how != NULL;
    if (shown && c->how->voice != EXPLAIN_VOICE_TEACHING && !checks_worth_telling(r))
        shown = false;

    unsigned count[EXPLAIN_CHECK_STATE_COUNT] = { 0 };
    for (unsigned k = 0; k < EXPLAIN_CHECK_COUNT; k++)
        count[explain_result_check_state(r, (explain_check_t)k)]++;

    proto_item *checks_item = NULL;
    proto_tree *checks_tree;
    if (shown) {
        checks_tree = proto_tree_add_subtree(tree, c->tvb, 0, 0, ett_explain_checks,
                &checks_item, label_text(t, EXPLAIN_LABEL_CHECKS));
        proto_item_set_generated(checks_item);
    } else if (c->how != NULL || proto_field_is_referenced(tree, hf_text_only)) {
        checks_tree = proto_tree_add_subtree(tree, c->tvb, 0, 0, ett_explain_checks,
                                             &checks_item, "Checks");
        if (c->how != NULL)
            proto_item_set_hidden(checks_item);   /* printed nowhere, children included */
        proto_item_set_generated(checks_item);
    } else {
        checks_tree = tree;   /* what epan makes of a text item nobody sees */
    }

    proto_item *item;
    if (count[EXPLAIN_CHECK_FAILED] > 0) {
        item = shown
            ? proto_tree_add_boolean_format(checks_tree, hf_check_failed, c->tvb, 0, 0, TRUE,
                                            "%s", label_text(t, EXPLAIN_LABEL_CHECK_FAILED))
            : proto_tree_add_boolean(checks_tree, hf_check_failed, c->tvb, 0, 0, TRUE);
        proto_item_set_generated(item);
    }
    if (count[EXPLAIN_CHECK_EXPLAINED] > 0) {
        item = shown
            ? proto_tree_add_boolean_format(checks_tree, hf_check_explained, c->tvb, 0, 0, TRUE,
                                            "%s", label_text(t, EXPLAIN_LABEL_CHECK_EXPLAINED))
            : proto_tree_add_boolean(checks_tree, hf_check_explained, c->tvb, 0, 0, TRUE);
        proto_item_set_generated(item);
    }

    bool want_state = proto_field_is_referenced(tree, hf_check_state);
    if (want_state && check_state_value[0][0] == NULL)
        make_check_state_values();
    for (unsigned k = 0; k < EXPLAIN_CHECK_COUNT; k++) {
        explain_check_t check = (explain_check_t)k;
        explain_check_state_t state = explain_result_check_state(r, check);
        if (state == EXPLAIN_CHECK_NOT_RUN)
            continue;
        if (want_state) {
            item = proto_tree_add_string(checks_tree, hf_check_state, c->tvb, 0, 0,
                                         check_state_value[k][state]);
            proto_item_set_hidden(item);
        }
        if (state == EXPLAIN_CHECK_FAILED) {
            char *text = render_check(c->pinfo, texts, r, check);
            item = proto_tree_add_expert_format(checks_tree, c->pinfo, &ei_check[k], c->tvb,
                                                0, 0, "%s", text);
            proto_item_set_generated(item);
        } else if (shown) {   /* pass and explained texts are only read */
            char *text = render_check(c->pinfo, texts, r, check);
            proto_tree_add_subtree(checks_tree, c->tvb, 0, 0, ett_explain_check, &item, text);
            proto_item_set_generated(item);
        } else if (every_text) {
            render_check(c->pinfo, texts, r, check);
        }
    }
}

/* Adds explain.claims: the ids of the texts the narrative chose for this
 * segment (summary, lines, checks, verdict), comma-separated, so a test
 * can hold each text's premise against Wireshark's own fields. claims was
 * recorded while those texts were told (explain_narrative_claims tells
 * them in the same order). */
static void add_claims(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, GString *claims)
{
    char *text = to_packet_scope(pinfo, claims);
    proto_item *item = proto_tree_add_string(tree, hf_claims, tvb, 0, 0, text);
    proto_item_set_generated(item);
    proto_item_set_hidden(item);
}

/* Adds the Explain tree for one result. Text is rendered only when someone
 * will see or filter on it (explain.claims needs every text); numbers are
 * added when shown or referred to. */
static void render_result(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                          const explain_result_t *r)
{
    telling_cache_t how = { .ready = false };
    bool relative_first = settings.show_relative;
    bool want_claims = proto_field_is_referenced(tree, hf_claims);
    bool want_summary = proto_field_is_referenced(tree, hf_summary);
    bool want_text = proto_field_is_referenced(tree, hf_text)
                     || proto_field_is_referenced(tree, hf_line);
    bool want_verdict = proto_field_is_referenced(tree, hf_verdict);
    tree_ctx_t t = { .items = { .tvb = tvb, .pinfo = pinfo, .how = NULL, .r = r, .brief = false } };
    if (PTREE_DATA(tree)->visible) {
        t.items.how = get_telling(&how);
        t.items.brief = t.items.how->voice == EXPLAIN_VOICE_BRIEF;
    }
    const explain_items_t *c = &t.items;

    /* The texts, told once; with explain.claims wanted, told by a telling
     * that records their ids. */
    explain_telling_t recording;
    const explain_telling_t *texts = NULL;
    if (want_claims) {
        recording = *get_telling(&how);
        recording.claims = g_string_sized_new(256);
        texts = &recording;
    } else if (want_summary || want_text || want_verdict
               || (r->checks_failed & r->checks_applied) != 0 || c->how != NULL) {
        texts = get_telling(&how);
    }
    char *summary = want_summary || want_claims ? render_summary(pinfo, texts, r) : NULL;
    char *narrative = want_text || want_claims ? render_narrative(pinfo, texts, r) : NULL;

    proto_item *top = want_summary
        ? proto_tree_add_protocol_format(tree, proto_explain, tvb, 0, 0, "Explain: %s", summary)
        : proto_tree_add_item(tree, proto_explain, tvb, 0, 0, ENC_NA);
    proto_tree *sub = proto_item_add_subtree(top, ett_explain);
    proto_item *item;

    add_enum_item(&t, sub, hf_step, EXPLAIN_LABEL_STEP, r->step, c->how != NULL
                  ? explain_narrative_step_word(c->how, (explain_step_t)r->step) : NULL,
                  step_names);
    add_enum_item(&t, sub, hf_phase, EXPLAIN_LABEL_PHASE, r->phase, c->how != NULL
                  ? explain_narrative_phase_word(c->how, (explain_phase_t)r->phase) : NULL,
                  phase_names);
    add_enum_item(&t, sub, hf_role, EXPLAIN_LABEL_ROLE, r->role, c->how != NULL
                  ? explain_narrative_role_word(c->how, (explain_role_t)r->role) : NULL,
                  role_names);
    if (r->event != EXPLAIN_EVENT_NONE) {
        add_enum_item(&t, sub, hf_event, EXPLAIN_LABEL_EVENT, r->event, c->how != NULL
                      ? explain_narrative_event_word(c->how, (explain_event_t)r->event) : NULL,
                      event_names);
    }
    if (r->orig_frame != 0 && explain_items_wanted(c, sub, hf_orig_frame)) {
        item = proto_tree_add_uint(sub, hf_orig_frame, tvb, 0, 0, r->orig_frame);
        proto_item_set_generated(item);
    }

    if (want_summary) {
        item = c->how != NULL
            ? proto_tree_add_string_format(sub, hf_summary, tvb, 0, 0, summary, "%s: %s",
                                           label_text(&t, EXPLAIN_LABEL_SUMMARY), summary)
            : proto_tree_add_string(sub, hf_summary, tvb, 0, 0, summary);
        explain_items_finish(c, item);
    }
    if (want_text)
        add_narrative(&t, sub, narrative);

    add_number_pair(&t, sub, hf_seq_rel, hf_seq_raw, EXPLAIN_LABEL_SEQ, EXPLAIN_LABEL_SEQ_RAW,
                    r->seq_rel, r->seq_raw, relative_first);
    if (r->flags & EXPLAIN_TH_ACK) {
        if (r->ack_known) {
            add_number_pair(&t, sub, hf_ack_rel, hf_ack_raw, EXPLAIN_LABEL_ACK,
                            EXPLAIN_LABEL_ACK_RAW, r->ack_rel, r->ack_raw, relative_first);
        } else {
            explain_items_add_u32(c, sub, hf_ack_raw, EXPLAIN_LABEL_ACK_RAW, r->ack_raw);
        }
    }
    add_nxtseq(&t, sub, relative_first);

    explain_items_add_u32(c, sub, hf_len, EXPLAIN_LABEL_LEN, r->payload_len);
    explain_items_add_u64(c, sub, hf_payload_total, EXPLAIN_LABEL_PAYLOAD_TOTAL, r->payload_total);
    explain_items_add_u64(c, sub, hf_resent_total, EXPLAIN_LABEL_RESENT, r->retrans_bytes);
    explain_items_add_u64_text(c, sub, hf_wire_total, EXPLAIN_LABEL_WIRE_TOTAL,
                               r->payload_total + r->retrans_bytes);
    explain_items_add_u64(c, sub, hf_seq_consumed, EXPLAIN_LABEL_SEQ_CONSUMED, r->seq_consumed);
    if ((r->flags & EXPLAIN_TH_ACK) && r->ack_known)
        explain_items_add_u32(c, sub, hf_acked, EXPLAIN_LABEL_ACKED, r->acked_new);
    add_window(&t, sub);
    explain_timing_tree_add(sub, tvb, pinfo, c->how, c->brief, r);
    add_stream_summary_text(sub, tvb, pinfo, &how, r);
    add_checks(&t, sub, texts, want_claims);
    char *verdict = want_verdict || want_claims ? render_verdict(pinfo, texts, r) : NULL;
    if (want_claims)
        add_claims(sub, tvb, pinfo, recording.claims);
    if (want_verdict) {
        item = c->how != NULL
            ? proto_tree_add_string_format(sub, hf_verdict, tvb, 0, 0, verdict, "%s: %s",
                                           label_text(&t, EXPLAIN_LABEL_VERDICT), verdict)
            : proto_tree_add_string(sub, hf_verdict, tvb, 0, 0, verdict);
        explain_items_finish(c, item);
    }
}

/* When the tree is hidden and nothing refers to explain.* (no filter, column
 * or field: proto_field_is_referenced() on the protocol is then false), epan
 * fakes away every item render_result() adds under the Explain item (not
 * the Explain item itself: items at the root are never faked). What is left
 * to do is that item and the expert info of each failed check, added where
 * render_result() adds them, so the expert tap, _ws.expert and the Expert
 * column see the same thing. */
static void render_hidden(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                          const explain_result_t *r)
{
    proto_item *top = proto_tree_add_item(tree, proto_explain, tvb, 0, 0, ENC_NA);
    proto_tree *sub = proto_item_add_subtree(top, ett_explain);
    if ((r->checks_failed & r->checks_applied) == 0)
        return;
    telling_cache_t how = { .ready = false };
    for (unsigned c = 0; c < EXPLAIN_CHECK_COUNT; c++) {
        explain_check_t check = (explain_check_t)c;
        if (!(r->checks_applied & EXPLAIN_CHECK_BIT(c)) || !explain_result_failed(r, check))
            continue;
        char *text = render_check(pinfo, get_telling(&how), r, check);
        proto_item *item = proto_tree_add_expert_format(sub, pinfo, &ei_check[c], tvb, 0, 0,
                                                        "%s", text);
        proto_item_set_generated(item);
    }
}

/* The post-dissector: explain on the first pass (with or without a tree),
 * render whenever there is a tree. */
static int dissect_explain(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    explain_result_t result;
    if (tree == NULL) {
        /* Nothing to show: the facts are recorded, and the engine runs for
         * the stream when a later pass (or a tree) wants a result. */
        explain_facts_t facts;
        if (capture_context.store != NULL && !explain_store_has(capture_context.store, pinfo->num)
            && read_facts(tvb, pinfo, NULL, &facts))
            explain_store_add(capture_context.store, &facts, NULL);
        return 0;
    }
    bool stored_before = capture_context.store != NULL
                         && explain_store_has(capture_context.store, pinfo->num);
    if (!packet_result(tvb, pinfo, tree, &result))
        return 0;
    add_summary_so_far(pinfo, stored_before, &result);

    if (!proto_field_is_referenced(tree, proto_explain))
        render_hidden(tvb, pinfo, tree, &result);
    else
        render_result(tvb, pinfo, tree, &result);
    return (int)tvb_captured_length(tvb);
}

/* ========================================================================
 * Preferences.
 */

/* Reports a catalog problem, but each distinct message only once. */
static void report_catalog_error_once(const char *error)
{
    if (settings.reported_error != NULL && strcmp(settings.reported_error, error) == 0)
        return;
    g_free(settings.reported_error);
    settings.reported_error = g_strdup(error);
    report_failure("Explain TCP: catalog file not used, keeping the built-in texts: %s", error);
}

/* Apply callback: rebuilds the catalog (built-in texts, then the teacher's
 * file over them). On a bad file the built-in texts stay. */
static void explain_apply_preferences(void)
{
    explain_catalog_t *fresh = explain_catalog_new_builtin();
    if (settings.catalog_file != NULL && settings.catalog_file[0] != '\0') {
        char *error = NULL;
        if (explain_catalog_merge_file(fresh, settings.catalog_file, &error)) {
            g_free(settings.reported_error);
            settings.reported_error = NULL;
        } else {
            report_catalog_error_once(error != NULL ? error : settings.catalog_file);
        }
        g_free(error);
    }
    explain_catalog_t *old = settings.catalog;
    settings.catalog = fresh;
    telling_now.ready = false;   /* voice, language or catalog may have changed */
    explain_items_forget_labels();
    explain_catalog_free(old);
}

static const enum_val_t verbosity_values[] = {
    { "brief",    "Brief: one line of facts",             EXPLAIN_VOICE_BRIEF },
    { "teaching", "Teaching: explains the reasoning",     EXPLAIN_VOICE_TEACHING },
    { "story",    "Story: tells it as a conversation",    EXPLAIN_VOICE_STORY },
    { NULL, NULL, 0 }
};

static const enum_val_t reader_values[] = {
    { "tap",    "TCP's tap data (fast: no protocol tree needed)", EXPLAIN_READER_TAP },
    { "fields", "TCP's fields in the protocol tree (slower)",     EXPLAIN_READER_FIELDS },
    { NULL, NULL, 0 }
};

/* Registers the preferences of the "explain" module. */
static void register_preferences(void)
{
    module_t *module = prefs_register_protocol(proto_explain, explain_apply_preferences);


    prefs_register_enum_preference(module, "verbosity", "Verbosity",
        "How much the explanation says: brief, teaching or story",
        &settings.verbosity, verbosity_values, FALSE);
    prefs_register_string_preference(module, "language", "Language",
        "Language of the explanations (e.g. \"es\" or \"de_AT\"); empty follows your locale",
        &settings.language);
    prefs_register_filename_preference(module, "catalog_file", "Catalog file",
        "A key file with your own texts, laid over the built-in ones "
        "(see annotations/README.md); empty uses the built-in texts",
        &settings.catalog_file, FALSE);
    prefs_register_bool_preference(module, "show_relative", "Relative numbers first",
        "Show relative sequence numbers first in labels (raw numbers are always in the fields)",
        &settings.show_relative);
    /* last: a setting for checking and measuring, not for reading */
    prefs_register_enum_preference(module, "reader", "Read TCP from",
        "Where the first pass reads each TCP segment: TCP's tap data, which needs no "
        "protocol tree, or TCP's fields, which makes every packet build one. Both give "
        "the same explanations",
        &settings.reader, reader_values, FALSE);
}

/* ========================================================================
 * Registration.
 */

/* Registers the protocol, its fields, expert infos, preferences and the
 * post-dissector. */
static void proto_register_explain(void)
{
    static hf_register_info hf[] = {
        { &hf_step, { "Step", "explain.step", FT_UINT8, BASE_DEC, VALS(step_names), 0x0,
            "What this segment does in its connection", HFILL } },
        { &hf_phase, { "Phase", "explain.phase", FT_UINT8, BASE_DEC, VALS(phase_names), 0x0,
            "Phase of the connection after this segment", HFILL } },
        { &hf_role, { "Sender role", "explain.role", FT_UINT8, BASE_DEC, VALS(role_names), 0x0,
            "Whether the client or the server sent this segment", HFILL } },
        { &hf_summary, { "Summary", "explain.summary", FT_STRING, BASE_NONE, NULL, 0x0,
            "One-line explanation of this segment", HFILL } },
        { &hf_text, { "Explanation", "explain.text", FT_STRING, BASE_NONE, NULL, 0x0,
            "The full explanation, sentences joined by spaces", HFILL } },
        { &hf_line, { "Line", "explain.line", FT_STRING, BASE_NONE, NULL, 0x0,
            "One sentence of the explanation", HFILL } },
        { &hf_seq_rel, { "Sequence number", "explain.seq.rel", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Sequence number relative to the sender's ISN", HFILL } },
        { &hf_seq_raw, { "Sequence number (raw)", "explain.seq.raw", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Sequence number as on the wire", HFILL } },
        { &hf_ack_rel, { "Acknowledgment number", "explain.ack.rel", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Acknowledgment number relative to the receiver's ISN", HFILL } },
        { &hf_ack_raw, { "Acknowledgment number (raw)", "explain.ack.raw", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Acknowledgment number as on the wire", HFILL } },
        { &hf_nxtseq, { "Next sequence number", "explain.nxtseq", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Relative seq + len + SYN + FIN: what the receiver should acknowledge", HFILL } },
        { &hf_nxtseq_raw, { "Next sequence number (raw)", "explain.nxtseq.raw", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Raw seq + len + SYN + FIN", HFILL } },
        { &hf_len, { "Payload length", "explain.len", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Payload bytes in this segment", HFILL } },
        { &hf_payload_total, { "New payload bytes so far", "explain.bytes.payload_total", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Payload bytes of the sender seen for the first time so far, in whatever order they came (bytes sent again not counted)", HFILL } },
        { &hf_resent_total, { "Payload bytes sent again so far", "explain.bytes.resent", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Payload bytes of the sender seen again so far: retransmissions, keep-alive bytes, zero-window probes", HFILL } },
        { &hf_wire_total, { "Payload bytes on the wire so far", "explain.bytes.on_wire", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Every payload byte of the sender captured so far: new + sent again", HFILL } },
        { &hf_seq_consumed, { "Sequence numbers used so far", "explain.bytes.seq_consumed", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Sequence numbers the sender has used so far: payload plus SYN and FIN", HFILL } },
        { &hf_acked, { "Newly acknowledged", "explain.bytes.acked", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Sequence numbers this segment acknowledges for the first time", HFILL } },
        { &hf_window_bytes, { "Window", "explain.window.bytes", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Receive window in bytes after window scaling", HFILL } },
        { &hf_event, { "Event", "explain.event", FT_UINT8, BASE_DEC, VALS(event_names), 0x0,
            "The main unusual thing about this segment (retransmission, gap, duplicate ACK...)", HFILL } },
        { &hf_verdict, { "Stream so far", "explain.verdict", FT_STRING, BASE_NONE, NULL, 0x0,
            "The stream's verdict after this segment: complete or not, steps missing, totals", HFILL } },
        { &hf_check_failed, { "A check failed", "explain.check.failed", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Present (true) when at least one consistency check failed on this segment and no event of the segment explains it", HFILL } },
        { &hf_check_explained, { "A check is explained", "explain.check.explained", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Present (true) when a check found something off that an event of this segment explains (a retransmission, a gap in the capture...)", HFILL } },
        { &hf_check_state, { "Check state", "explain.check.state", FT_STRING, BASE_NONE, NULL, 0x0,
            "One per check that ran: \"<id>:passed\", \"<id>:explained\" or \"<id>:failed\"", HFILL } },
        { &hf_orig_frame, { "First sent in frame", "explain.orig_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The frame that first carried this resent segment's first byte (among the sender's last few segments)", HFILL } },
        { &hf_stream_summary, { "Stream summary sentence", "explain.stream.summary", FT_STRING, BASE_NONE, NULL, 0x0,
            "One sentence of the end-of-stream summary (on the segment that closes the stream, or with explain.stream.so_far), one per occurrence; hidden", HFILL } },
        { &hf_claims, { "Claims", "explain.claims", FT_STRING, BASE_NONE, NULL, 0x0,
            "Ids of the catalog texts chosen for this segment, comma-separated (for checking each text's premise)", HFILL } },
    };

    static gint *ett[] = {
        &ett_explain,
        &ett_explain_text,
        &ett_explain_checks,
        &ett_explain_check,
    };

    static ei_register_info ei[] = {
#define EXPLAIN_X_EI_INFO(name, id, sev)                                         \
        { &ei_check[EXPLAIN_CHECK_##name],                                      \
          { "explain.check." id, PI_SEQUENCE, PI_NOTE,                          \
            "TCP explain check failed: " id, EXPFILL } },
        EXPLAIN_CHECK_LIST(EXPLAIN_X_EI_INFO)
#undef EXPLAIN_X_EI_INFO
    };
    for (unsigned c = 0; c < EXPLAIN_CHECK_COUNT; c++)
        ei[c].eiinfo.severity = severity_to_expert(explain_check_severity((explain_check_t)c));

    proto_explain = proto_register_protocol("Explain TCP", "Explain", "explain");
    proto_register_field_array(proto_explain, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    explain_timing_tree_register(proto_explain);
    expert_module_t *expert = expert_register_protocol(proto_explain);
    expert_register_field_array(expert, ei, array_length(ei));

    settings.catalog = explain_catalog_new_builtin();
    register_preferences();

    explain_handle = create_dissector_handle(dissect_explain, proto_explain);
    register_postdissector(explain_handle);
    register_init_routine(explain_init_capture);
    register_cleanup_routine(explain_cleanup_capture);
}

/* Handoff: every dissector has registered its fields; resolve ours. A
 * missing name (a Wireshark that renamed a field) only loses that fact. */
static void proto_reg_handoff_explain(void)
{
    explain_read_fields_resolve();
}

/* Hands our registration functions to the plugin loader. */
static void explain_plugin_register(void)
{
    static proto_plugin plugin;
    plugin.register_protoinfo = proto_register_explain;
    plugin.register_handoff = proto_reg_handoff_explain;
    proto_register_plugin(&plugin);
}

EXPLAIN_PLUGIN_ENTRY(EXPLAIN_VERSION, "Explains TCP packet by packet", explain_plugin_register)
