/* explain_narrative.c - turns an engine result into words.
 *
 * Chooses which catalog texts tell a segment's story and fills their
 * placeholders from the result's numbers. Every id it uses is in one
 * static table (text_ids), resolved by the catalog once per language
 * (explain_catalog_resolve): a text is then an index, not an id to build,
 * hash and look up.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_narrative.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "explain_narrative_timing.h"
#include "explain_placeholders.h"
#include "explain_template.h"

typedef enum {
#define EXPLAIN_X_PH_ENUM(name, doc) PH_##name,
    EXPLAIN_PLACEHOLDER_LIST(EXPLAIN_X_PH_ENUM)
#undef EXPLAIN_X_PH_ENUM
    PH_COUNT
} placeholder_t;

static const char *const placeholder_names[] = {
#define EXPLAIN_X_PH_NAME(name, doc) #name,
    EXPLAIN_PLACEHOLDER_LIST(EXPLAIN_X_PH_NAME)
#undef EXPLAIN_X_PH_NAME
};

/* The fixed text ids of the narrative: T_* index text_ids. */
enum {
    T_STEP = 0,                                            /* step.<step> */
    T_SUMMARY = T_STEP + EXPLAIN_STEP_COUNT,               /* summary.<step> */
    T_SUMMARY_MISMATCH = T_SUMMARY + EXPLAIN_STEP_COUNT,   /* summary.<step>_mismatch */
    T_SUMMARY_REFUSED = T_SUMMARY_MISMATCH + EXPLAIN_STEP_COUNT,
    T_SUMMARY_AFTER_FIN = T_SUMMARY_REFUSED + EXPLAIN_STEP_COUNT,
    T_NOTE = T_SUMMARY_AFTER_FIN + EXPLAIN_STEP_COUNT,     /* note.<key> */
    T_EVENT = T_NOTE + EXPLAIN_NOTE_COUNT,                 /* event.<label> */
    T_CHECK_PASS = T_EVENT + EXPLAIN_EVENT_COUNT,          /* check.<id>.pass */
    T_CHECK_FAIL = T_CHECK_PASS + EXPLAIN_CHECK_COUNT,     /* check.<id>.fail */
    T_CHECK_EXPLAINED = T_CHECK_FAIL + EXPLAIN_CHECK_COUNT, /* check.<id>.explained */
    T_WORD_STEP = T_CHECK_EXPLAINED + EXPLAIN_CHECK_COUNT, /* word.step.<step> */
    T_WORD_EVENT = T_WORD_STEP + EXPLAIN_STEP_COUNT,       /* word.event.<label> */
    T_WORD_PHASE = T_WORD_EVENT + EXPLAIN_EVENT_COUNT,     /* word.phase.<label> */
    T_LABEL = T_WORD_PHASE + EXPLAIN_PHASE_COUNT,          /* label.<key> */
    T_RETRANSMISSION_UNSEEN = T_LABEL + EXPLAIN_LABEL_COUNT,
    T_WINDOW_UPDATE_RAW,
    T_KEEP_ALIVE_EMPTY,
    T_ACK_UNSEEN_BEFORE_CAPTURE,
    T_OPT_WSCALE_ZERO,
    T_SEQ_ARITHMETIC,
    T_SEQ_SYN_CONSUMES,
    T_SEQ_FIN_CONSUMES,
    T_SEQ_RST,
    T_ACK_ABSENT,
    T_ACK_PLAIN,
    T_RECONCILE_GAPS,
    T_SUMMARY_CHECK_FAILED,
    T_VERDICT_COMPLETE,
    T_VERDICT_INCOMPLETE,
    T_VERDICT_SO_FAR,
    T_ROLE_CLIENT,
    T_ROLE_SERVER,
    T_WORD_NOTHING_UNUSUAL,
    T_WORD_BYTE,
    T_WORD_BYTES,
    T_WORD_NO_FLAG,
    T_WORD_NONE,
    T_ACK_ABSENT_RST,
    T_ACK_ABSENT_OTHER,
    T_ACK_UNCHANGED_WAITING,
    T_ACK_UNCHANGED_SAME,
    T_ACK_BEHIND,
    T_CHECK_SEQ_EXPLAINED_GAP,
    T_CHECK_TA_PASS_NONE,
    T_VERDICT_COMPLETE_GAPS,
    T_WINDOW_UPDATE_ROUNDING,
    T_WORD_MOD32,
    T_ACK_UNSEEN_GAP,
    T_CHECK_SEQ_EXPLAINED_FRAME,
    T_SUMMARY_RST_AFTER_CLOSE,
    T_STEP_RST_AFTER_CLOSE,
    T_FIN_RETRANSMISSION,
    T_FIN_RETRANSMISSION_UNSEEN,
    T_FIN_SPURIOUS_RETRANSMISSION,
    T_FIN_FAST_RETRANSMISSION,
    T_COUNT
};

/* Ids that no catalog has (summary.data_refused, event.none)
 * stay in the table: they resolve to NULL, as a lookup by
 * name would. */
static const char *const text_ids[T_COUNT] = {
#define EXPLAIN_X_STEP_IDS(name, label, value)                                   \
    [T_STEP + EXPLAIN_STEP_##name] = "step." label,                              \
    [T_SUMMARY + EXPLAIN_STEP_##name] = "summary." label,                        \
    [T_SUMMARY_MISMATCH + EXPLAIN_STEP_##name] = "summary." label "_mismatch",   \
    [T_SUMMARY_REFUSED + EXPLAIN_STEP_##name] = "summary." label "_refused",     \
    [T_SUMMARY_AFTER_FIN + EXPLAIN_STEP_##name] = "summary." label "_after_fin", \
    [T_WORD_STEP + EXPLAIN_STEP_##name] = "word.step." label,
    EXPLAIN_STEP_LIST(EXPLAIN_X_STEP_IDS)
#undef EXPLAIN_X_STEP_IDS
#define EXPLAIN_X_NOTE_IDS(name, key) [T_NOTE + EXPLAIN_NOTE_##name] = "note." key,
    EXPLAIN_NOTE_LIST(EXPLAIN_X_NOTE_IDS)
#undef EXPLAIN_X_NOTE_IDS
#define EXPLAIN_X_EVENT_IDS(name, label, value)                                  \
    [T_EVENT + EXPLAIN_EVENT_##name] = "event." label,                           \
    [T_WORD_EVENT + EXPLAIN_EVENT_##name] = "word.event." label,
    EXPLAIN_EVENT_LIST(EXPLAIN_X_EVENT_IDS)
#undef EXPLAIN_X_EVENT_IDS
#define EXPLAIN_X_CHECK_IDS(name, id, sev)                                       \
    [T_CHECK_PASS + EXPLAIN_CHECK_##name] = "check." id ".pass",                 \
    [T_CHECK_FAIL + EXPLAIN_CHECK_##name] = "check." id ".fail",                 \
    [T_CHECK_EXPLAINED + EXPLAIN_CHECK_##name] = "check." id ".explained",
    EXPLAIN_CHECK_LIST(EXPLAIN_X_CHECK_IDS)
#undef EXPLAIN_X_CHECK_IDS
#define EXPLAIN_X_PHASE_IDS(name, label, value) \
    [T_WORD_PHASE + EXPLAIN_PHASE_##name] = "word.phase." label,
    EXPLAIN_PHASE_LIST(EXPLAIN_X_PHASE_IDS)
#undef EXPLAIN_X_PHASE_IDS
#define EXPLAIN_X_LABEL_IDS(name, key) [T_LABEL + EXPLAIN_LABEL_##name] = "label." key,
    EXPLAIN_LABEL_LIST(EXPLAIN_X_LABEL_IDS)
#undef EXPLAIN_X_LABEL_IDS
    [T_RETRANSMISSION_UNSEEN] = "event.retransmission_unseen_original",
    [T_WINDOW_UPDATE_RAW] = "event.window_update_raw",
    [T_KEEP_ALIVE_EMPTY] = "event.keep_alive_empty",
    [T_ACK_UNSEEN_BEFORE_CAPTURE] = "event.ack_unseen_before_capture",
    [T_OPT_WSCALE_ZERO] = "note.opt_wscale_zero",
    [T_SEQ_ARITHMETIC] = "seq.arithmetic",
    [T_SEQ_SYN_CONSUMES] = "seq.syn_consumes",
    [T_SEQ_FIN_CONSUMES] = "seq.fin_consumes",
    [T_SEQ_RST] = "seq.rst",
    [T_ACK_ABSENT] = "ack.absent",
    [T_ACK_PLAIN] = "ack.plain",
    [T_RECONCILE_GAPS] = "note.reconcile_gaps",
    [T_SUMMARY_CHECK_FAILED] = "summary.check_failed",
    [T_VERDICT_COMPLETE] = "verdict.complete",
    [T_VERDICT_INCOMPLETE] = "verdict.incomplete",
    [T_VERDICT_SO_FAR] = "verdict.so_far",
    [T_ROLE_CLIENT] = "role.client",
    [T_ROLE_SERVER] = "role.server",
    [T_WORD_NOTHING_UNUSUAL] = "word.nothing_unusual",
    [T_WORD_BYTE] = "word.byte",
    [T_WORD_BYTES] = "word.bytes",
    [T_WORD_NO_FLAG] = "word.no_flag",
    [T_WORD_NONE] = "word.none",
    [T_ACK_ABSENT_RST] = "ack.absent_rst",
    [T_ACK_ABSENT_OTHER] = "ack.absent_other",
    [T_ACK_UNCHANGED_WAITING] = "note.ack_unchanged_waiting",
    [T_ACK_UNCHANGED_SAME] = "note.ack_unchanged_same",
    [T_ACK_BEHIND] = "note.ack_behind",
    [T_CHECK_SEQ_EXPLAINED_GAP] = "check.seq_continues.explained_gap",
    [T_CHECK_TA_PASS_NONE] = "check.disagrees_with_tcp_analysis.pass_none",
    [T_VERDICT_COMPLETE_GAPS] = "verdict.complete_gaps",
    [T_WINDOW_UPDATE_ROUNDING] = "event.window_update_rounding",
    [T_WORD_MOD32] = "word.mod32",
    [T_ACK_UNSEEN_GAP] = "event.ack_unseen_gap",
    [T_CHECK_SEQ_EXPLAINED_FRAME] = "check.seq_continues.explained_frame",
    [T_SUMMARY_RST_AFTER_CLOSE] = "summary.rst_after_close",
    [T_STEP_RST_AFTER_CLOSE] = "step.rst_after_close",
    [T_FIN_RETRANSMISSION] = "event.fin_retransmission",
    [T_FIN_RETRANSMISSION_UNSEEN] = "event.fin_retransmission_unseen_original",
    [T_FIN_SPURIOUS_RETRANSMISSION] = "event.fin_spurious_retransmission",
    [T_FIN_FAST_RETRANSMISSION] = "event.fin_fast_retransmission",
};

/* A telling with its texts at hand: texts[T_*] in its voice and language,
 * or NULL when the catalog would not resolve them (then each text is
 * looked up by id, with the same result). */
typedef struct {
    const explain_telling_t *how;
    const char *const       *texts;
} teller_t;

static void teller_init(teller_t *t, const explain_telling_t *how)
{
    t->how = how;
    t->texts = explain_catalog_resolve(how->catalog, text_ids, T_COUNT, how->voice,
                                       how->language);
}

/* The text of text_ids[index]; NULL when the catalog has none. */
static const char *text_at(const teller_t *t, int index)
{
    if (t->texts != NULL)
        return t->texts[index];
    return explain_catalog_text(t->how->catalog, text_ids[index], t->how->voice,
                                t->how->language);
}

/* State of one rendering: the result, who tells it, which check (for
 * {expected_*}), and a buffer for the placeholder being filled. */
typedef struct {
    const teller_t          *tell;
    const explain_result_t  *r;
    int                      check;      /* explain_check_t, or -1 */
    char                     buf[256];
} render_ctx_t;

static const uint8_t placeholder_lengths[] = {
#define EXPLAIN_X_PH_LEN(name, doc) (uint8_t)(sizeof(#name) - 1),
    EXPLAIN_PLACEHOLDER_LIST(EXPLAIN_X_PH_LEN)
#undef EXPLAIN_X_PH_LEN
};

/* Placeholders by name: an open-addressing table, filled once, hashed on
 * the length and three bytes of the name. This runs for every placeholder
 * of every text rendered; a scan of the list cost ~170 instructions. */
#define PH_SLOTS 256u   /* a power of two, well over PH_COUNT */
static uint8_t placeholder_slots[PH_SLOTS];   /* placeholder + 1; 0 is free */

static unsigned placeholder_hash(const char *name, size_t len)
{
    return ((unsigned)len * 31u + (unsigned char)name[0] * 7u
            + (unsigned char)name[len / 2] * 3u + (unsigned char)name[len - 1]) & (PH_SLOTS - 1);
}

static void placeholder_slots_fill(void)
{
    static gsize filled = 0;
    if (g_once_init_enter(&filled)) {
        for (int i = 0; i < PH_COUNT; i++) {
            unsigned h = placeholder_hash(placeholder_names[i], placeholder_lengths[i]);
            while (placeholder_slots[h] != 0)
                h = (h + 1) & (PH_SLOTS - 1);
            placeholder_slots[h] = (uint8_t)(i + 1);
        }
        g_once_init_leave(&filled, 1);
    }
}

/* The placeholder called name (len bytes), or PH_COUNT. */
static placeholder_t placeholder_lookup(const char *name, size_t len)
{
    G_STATIC_ASSERT(PH_COUNT < PH_SLOTS / 2 && PH_COUNT < 255);
    if (len == 0)
        return PH_COUNT;
    placeholder_slots_fill();
    for (unsigned h = placeholder_hash(name, len); placeholder_slots[h] != 0;
         h = (h + 1) & (PH_SLOTS - 1)) {
        int i = placeholder_slots[h] - 1;
        if (placeholder_lengths[i] == len && memcmp(placeholder_names[i], name, len) == 0)
            return (placeholder_t)i;
    }
    return PH_COUNT;
}

/* The word for the sender (receiver when other_side). */
static const char *role_word(const render_ctx_t *ctx, bool other_side)
{
    bool client = ctx->r->role == EXPLAIN_ROLE_CLIENT;
    const char *word;
    if (other_side)
        client = !client;
    word = text_at(ctx->tell, client ? T_ROLE_CLIENT : T_ROLE_SERVER);
    return word ? word : (client ? "client" : "server");
}

/* A word from the catalog in the telling's voice and language. */
static const char *word(const render_ctx_t *ctx, int index)
{
    const char *text = text_at(ctx->tell, index);
    return text != NULL ? text : "";
}

/* The catalog's word for a step, event or phase in the telling's voice and
 * language (word.step.*, word.event.*, word.phase.*), or, in a catalog
 * without it, the engine's label. */
static const char *step_word(const render_ctx_t *ctx, explain_step_t step)
{
    const char *text = step < EXPLAIN_STEP_COUNT ? text_at(ctx->tell, T_WORD_STEP + step) : NULL;
    return text != NULL ? text : explain_step_label(step);
}

static const char *event_word(const render_ctx_t *ctx, explain_event_t event)
{
    const char *text = event < EXPLAIN_EVENT_COUNT ? text_at(ctx->tell, T_WORD_EVENT + event)
                                                   : NULL;
    return text != NULL ? text : explain_event_label(event);
}

static const char *phase_word(const render_ctx_t *ctx, explain_phase_t phase)
{
    const char *text = phase < EXPLAIN_PHASE_COUNT ? text_at(ctx->tell, T_WORD_PHASE + phase)
                                                   : NULL;
    return text != NULL ? text : explain_phase_label(phase);
}

/* v in decimal, in ctx->buf (digits written backwards: no snprintf on
 * this path, which every number of every text takes). */
static const char *fmt_u64(render_ctx_t *ctx, uint64_t v)
{
    return explain_decimal_backwards(ctx->buf + sizeof ctx->buf - 1, v, false);
}

/* Appends item to a ", "-separated list of *used bytes in ctx->buf (kept
 * NUL-terminated); an item that does not fit is left out whole. */
static void list_add(render_ctx_t *ctx, size_t *used, const char *item)
{
    size_t sep = *used > 0 ? 2 : 0;
    size_t n = strlen(item);
    if (*used + sep + n >= sizeof ctx->buf)
        return;
    memcpy(ctx->buf + *used, ", ", sep);
    memcpy(ctx->buf + *used + sep, item, n);
    *used += sep + n;
    ctx->buf[*used] = '\0';
}

static const char *fmt_flags(render_ctx_t *ctx, uint16_t flags)
{
    static const struct { uint16_t bit; const char *name; } names[] = {
        { EXPLAIN_TH_SYN, "SYN" }, { EXPLAIN_TH_FIN, "FIN" }, { EXPLAIN_TH_RST, "RST" },
        { EXPLAIN_TH_PSH, "PSH" }, { EXPLAIN_TH_ACK, "ACK" }, { EXPLAIN_TH_URG, "URG" },
        { EXPLAIN_TH_ECE, "ECE" }, { EXPLAIN_TH_CWR, "CWR" }, { EXPLAIN_TH_AE, "AE" },
    };
    size_t used = 0;
    ctx->buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (flags & names[i].bit)
            list_add(ctx, &used, names[i].name);
    }
    return used > 0 ? ctx->buf : word(ctx, T_WORD_NONE);
}

/* The value a check compared against, raw. */
static uint32_t expected_raw(const explain_result_t *r, int check)
{
    switch (check) {
    case EXPLAIN_CHECK_SYNACK_ACK:
    case EXPLAIN_CHECK_HANDSHAKE_ACK:   return r->peer_isn_raw + 1;
    case EXPLAIN_CHECK_SEQ_CONTINUES:   return r->prev_next_raw;
    case EXPLAIN_CHECK_ACK_WITHIN_SENT: return r->peer_next_raw;
    case EXPLAIN_CHECK_NOTHING_AFTER_FIN: return r->fin_seq_raw;
    case EXPLAIN_CHECK_NXTSEQ_AGREES:   return r->ws_nxtseq_raw;
    default:                            return 0;
    }
}

/* The relative base that applies to the check's expected value. */
static uint32_t expected_base(const explain_result_t *r, int check)
{
    bool about_peer = check == EXPLAIN_CHECK_SYNACK_ACK || check == EXPLAIN_CHECK_HANDSHAKE_ACK
                      || check == EXPLAIN_CHECK_ACK_WITHIN_SENT;
    return about_peer ? r->peer_base_raw : r->base_raw;
}


static uint64_t gap(uint64_t consumed, uint8_t syn, uint8_t fin, uint64_t payload)
{
    uint64_t accounted = (uint64_t)syn + fin + payload;
    return consumed > accounted ? consumed - accounted : 0;
}

/* The events we see on this segment, in words, or "nothing unusual". */
static const char *fmt_our_verdict(render_ctx_t *ctx)
{
    size_t used = 0;
    ctx->buf[0] = '\0';
    for (int e = 1; e < EXPLAIN_EVENT_COUNT; e++) {
        if (explain_result_has_event(ctx->r, (explain_event_t)e))
            list_add(ctx, &used, event_word(ctx, (explain_event_t)e));
    }
    return used > 0 ? ctx->buf : word(ctx, T_WORD_NOTHING_UNUSUAL);
}

/* Wireshark's tcp.analysis flags on this segment, or "no flag". */
static const char *fmt_ws_flags(render_ctx_t *ctx, uint32_t mask)
{
    static const char *const names[] = {
#define EXPLAIN_X_TA_NAME(name, field) field,
        EXPLAIN_TCP_ANALYSIS_LIST(EXPLAIN_X_TA_NAME)
#undef EXPLAIN_X_TA_NAME
    };
    size_t used = 0;
    ctx->buf[0] = '\0';
    for (int i = 0; i < EXPLAIN_TA_COUNT; i++) {
        if (ctx->r->analysis & mask & (1u << i))
            list_add(ctx, &used, names[i]);
    }
    return used > 0 ? ctx->buf : word(ctx, T_WORD_NO_FLAG);
}

/* Our events that the comparison with Wireshark covers, in words. */
static const char *fmt_our_compared(render_ctx_t *ctx)
{
    static const explain_event_t compared[] = {
        EXPLAIN_EVENT_RETRANSMISSION, EXPLAIN_EVENT_FAST_RETRANSMISSION,
        EXPLAIN_EVENT_SPURIOUS_RETRANSMISSION, EXPLAIN_EVENT_OUT_OF_ORDER,
        EXPLAIN_EVENT_LOST_SEGMENT, EXPLAIN_EVENT_ACK_UNSEEN, EXPLAIN_EVENT_DUP_ACK,
        EXPLAIN_EVENT_ZERO_WINDOW, EXPLAIN_EVENT_ZERO_WINDOW_PROBE,
        EXPLAIN_EVENT_ZERO_WINDOW_PROBE_ACK, EXPLAIN_EVENT_WINDOW_FULL,
        EXPLAIN_EVENT_WINDOW_UPDATE, EXPLAIN_EVENT_KEEP_ALIVE, EXPLAIN_EVENT_KEEP_ALIVE_ACK,
    };
    size_t used = 0;
    ctx->buf[0] = '\0';
    for (size_t i = 0; i < sizeof compared / sizeof compared[0]; i++) {
        if (explain_result_has_event(ctx->r, compared[i]))
            list_add(ctx, &used, event_word(ctx, compared[i]));
    }
    return used > 0 ? ctx->buf : word(ctx, T_WORD_NOTHING_UNUSUAL);
}

/* The handshake and teardown steps the stream has not shown so far, in words. */
static const char *fmt_missing_steps(render_ctx_t *ctx)
{
    static const explain_step_t wanted[] = {
        EXPLAIN_STEP_SYN, EXPLAIN_STEP_SYN_ACK, EXPLAIN_STEP_HANDSHAKE_ACK,
        EXPLAIN_STEP_FIN, EXPLAIN_STEP_FIN_ACK, EXPLAIN_STEP_PASSIVE_FIN, EXPLAIN_STEP_LAST_ACK,
    };
    size_t used = 0;
    uint16_t seen = ctx->r->steps_seen;
    ctx->buf[0] = '\0';
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        /* A FIN that also acks the first FIN stands for step 2 as well. */
        if (wanted[i] == EXPLAIN_STEP_FIN_ACK && (seen & (1u << EXPLAIN_STEP_PASSIVE_FIN)))
            continue;
        if (!(seen & (1u << wanted[i])))
            list_add(ctx, &used, step_word(ctx, wanted[i]));
    }
    return used > 0 ? ctx->buf : word(ctx, T_WORD_NONE);
}

/* How many bits of mask are set. */
static uint64_t bits_set(uint32_t mask)
{
    uint64_t n = 0;
    for (; mask != 0; mask &= mask - 1)
        n++;
    return n;
}

/* The placeholder called name as a template id, or -1 (unknown). */
static int placeholder_resolve(const char *name, size_t len)
{
    placeholder_t ph = placeholder_lookup(name, len);
    return ph < PH_COUNT ? (int)ph : -1;
}

/* The text of placeholder id (a placeholder_t) for ctx's result. */
static const char *placeholder_value(void *opaque, int id)
{
    render_ctx_t *ctx = opaque;
    const explain_result_t *r = ctx->r;
    bool syn = (r->flags & EXPLAIN_TH_SYN) != 0;
    bool fin = (r->flags & EXPLAIN_TH_FIN) != 0;
    unsigned shift;

    switch ((placeholder_t)id) {
    case PH_sender:             return role_word(ctx, false);
    case PH_receiver:           return role_word(ctx, true);
    case PH_sender_port:        return fmt_u64(ctx, r->sender_port);
    case PH_receiver_port:      return fmt_u64(ctx, r->receiver_port);
    case PH_flags:              return fmt_flags(ctx, r->flags);
    case PH_frame:              return fmt_u64(ctx, r->frame);
    case PH_seq_rel:            return fmt_u64(ctx, r->seq_rel);
    case PH_seq_raw:            return fmt_u64(ctx, r->seq_raw);
    case PH_ack_rel:            return fmt_u64(ctx, r->ack_rel);
    case PH_ack_raw:            return fmt_u64(ctx, r->ack_raw);
    case PH_nxtseq_rel:         return fmt_u64(ctx, r->nxtseq_rel);
    case PH_nxtseq_raw:         return fmt_u64(ctx, r->nxtseq_raw);
    case PH_len:                return fmt_u64(ctx, r->payload_len);
    case PH_len_bytes:
        snprintf(ctx->buf, sizeof ctx->buf, "%" PRIu32 " %s", r->payload_len,
                 word(ctx, r->payload_len == 1 ? T_WORD_BYTE : T_WORD_BYTES));
        return ctx->buf;
    case PH_syn:                return syn ? "1" : "0";
    case PH_fin:                return fin ? "1" : "0";
    case PH_isn_raw:            return fmt_u64(ctx, r->isn_raw);
    case PH_isn_next_raw:       return fmt_u64(ctx, (uint32_t)(r->isn_raw + 1));
    case PH_peer_isn_raw:       return fmt_u64(ctx, r->peer_isn_raw);
    case PH_peer_isn_next_raw:  return fmt_u64(ctx, (uint32_t)(r->peer_isn_raw + 1));
    case PH_acked:              return fmt_u64(ctx, r->acked_new);
    case PH_prev_ack_rel:       return fmt_u64(ctx, (uint32_t)(r->prev_ack_raw - r->peer_base_raw));
    case PH_prev_ack_raw:       return fmt_u64(ctx, r->prev_ack_raw);
    case PH_expected_rel:
        return fmt_u64(ctx, (uint32_t)(expected_raw(r, ctx->check) - expected_base(r, ctx->check)));
    case PH_expected_raw:       return fmt_u64(ctx, expected_raw(r, ctx->check));
    case PH_window_raw:         return fmt_u64(ctx, r->window_raw);
    case PH_wscale_shift:       return fmt_u64(ctx, r->wscale_shift >= 0 ? (uint64_t)r->wscale_shift : 0);
    case PH_wscale_factor:
        shift = r->wscale_shift >= 0 ? (unsigned)r->wscale_shift : 0;
        return fmt_u64(ctx, UINT64_C(1) << shift);
    case PH_window_bytes:       return fmt_u64(ctx, r->window_bytes);
    case PH_mss:                return fmt_u64(ctx, r->opts.mss);
    case PH_opt_wscale_shift:   return fmt_u64(ctx, r->opts.wscale_shift);
    case PH_opt_wscale_factor:
        shift = r->opts.wscale_shift > 14 ? 14 : r->opts.wscale_shift;
        return fmt_u64(ctx, UINT64_C(1) << shift);
    case PH_tsval:              return fmt_u64(ctx, r->opts.tsval);
    case PH_tsecr:              return fmt_u64(ctx, r->opts.tsecr);
    case PH_payload_total:      return fmt_u64(ctx, r->payload_total);
    case PH_seq_consumed:       return fmt_u64(ctx, r->seq_consumed);
    case PH_syn_count:          return fmt_u64(ctx, r->syn_count);
    case PH_fin_count:          return fmt_u64(ctx, r->fin_count);
    case PH_gap_bytes:
        return fmt_u64(ctx, gap(r->seq_consumed, r->syn_count, r->fin_count, r->payload_total));
    case PH_peer_payload_total: return fmt_u64(ctx, r->peer_payload_total);
    case PH_peer_seq_consumed:  return fmt_u64(ctx, r->peer_seq_consumed);
    case PH_peer_syn_count:     return fmt_u64(ctx, r->peer_syn_count);
    case PH_peer_fin_count:     return fmt_u64(ctx, r->peer_fin_count);
    case PH_peer_gap_bytes:
        return fmt_u64(ctx, gap(r->peer_seq_consumed, r->peer_syn_count, r->peer_fin_count,
                                r->peer_payload_total));
    case PH_handshake_step:     return fmt_u64(ctx, r->handshake_step);
    case PH_teardown_step:      return fmt_u64(ctx, r->teardown_step);
    case PH_phase:              return phase_word(ctx, (explain_phase_t)r->phase);
    case PH_prev_next_rel:      return fmt_u64(ctx, (uint32_t)(r->prev_next_raw - r->base_raw));
    case PH_prev_next_raw:      return fmt_u64(ctx, r->prev_next_raw);
    case PH_peer_next_rel:      return fmt_u64(ctx, (uint32_t)(r->peer_next_raw - r->peer_base_raw));
    case PH_peer_ack_rel:       return fmt_u64(ctx, (uint32_t)(r->peer_ack_raw - r->base_raw));
    case PH_gap_len:            return fmt_u64(ctx, (uint32_t)(r->seq_raw - r->prev_next_raw));
    case PH_orig_frame:         return fmt_u64(ctx, r->orig_frame);
    case PH_dup_ack_count:      return fmt_u64(ctx, r->dup_ack_count);
    case PH_prev_window_raw:    return fmt_u64(ctx, r->prev_window_raw);
    case PH_in_flight:          return fmt_u64(ctx, r->in_flight);
    case PH_peer_window:        return fmt_u64(ctx, r->peer_window_bytes);
    case PH_retrans_bytes:      return fmt_u64(ctx, r->retrans_bytes);
    case PH_peer_retrans_bytes: return fmt_u64(ctx, r->peer_retrans_bytes);
    case PH_our_verdict:        return fmt_our_verdict(ctx);
    case PH_ws_verdict:         return fmt_ws_flags(ctx, UINT32_MAX);
    case PH_missing_steps:      return fmt_missing_steps(ctx);
    case PH_peer_fin_rel:       return fmt_u64(ctx, (uint32_t)(r->peer_fin_seq_raw - r->peer_base_raw));
    case PH_mod_seq:
        return (uint64_t)r->seq_raw + r->payload_len + syn + fin > UINT32_MAX
               ? word(ctx, T_WORD_MOD32) : "";
    case PH_mod_ack:
        return (uint64_t)r->prev_ack_raw + r->acked_new > UINT32_MAX ? word(ctx, T_WORD_MOD32) : "";
    case PH_mod_isn:
        return r->peer_isn_raw == UINT32_MAX ? word(ctx, T_WORD_MOD32) : "";
    case PH_gap_total:
        return fmt_u64(ctx, gap(r->seq_consumed, r->syn_count, r->fin_count, r->payload_total)
                            + gap(r->peer_seq_consumed, r->peer_syn_count, r->peer_fin_count,
                                  r->peer_payload_total));
    case PH_prev_window_bytes:  return fmt_u64(ctx, r->prev_window_bytes);
    case PH_back_len:           return fmt_u64(ctx, (uint32_t)(r->prev_next_raw - r->seq_raw));
    case PH_event:              return event_word(ctx, (explain_event_t)r->event);
    case PH_ws_compared:        return fmt_ws_flags(ctx, EXPLAIN_TA_COMPARED);
    case PH_our_compared:       return fmt_our_compared(ctx);
    case PH_wire_bytes:         return fmt_u64(ctx, r->payload_total + r->retrans_bytes);
    case PH_peer_wire_bytes:    return fmt_u64(ctx, r->peer_payload_total + r->peer_retrans_bytes);
    case PH_checks_passed:
        return fmt_u64(ctx, bits_set(r->checks_applied & ~r->checks_failed & ~r->checks_explained));
    case PH_checks_explained:
        return fmt_u64(ctx, bits_set(r->checks_applied & r->checks_explained));
    case PH_checks_failed:
        return fmt_u64(ctx, bits_set(r->checks_applied & r->checks_failed));
    case PH_COUNT:
    default:                    return NULL;
    }
}

/* A line that opens with a placeholder ("{sender}: ...") starts with a
 * capital letter, whatever the word's case inside a sentence ("del
 * servidor" and "Servidor: ..." from the same word). */
static void capitalize_at(GString *out, gsize at)
{
    gunichar c = g_utf8_get_char_validated(out->str + at, (gssize)(out->len - at));
    if (c == (gunichar)-1 || c == (gunichar)-2 || !g_unichar_islower(c))
        return;
    char upper[8];
    int n = g_unichar_to_utf8(g_unichar_toupper(c), upper);
    g_string_erase(out, (gssize)at, g_utf8_next_char(out->str + at) - (out->str + at));
    g_string_insert_len(out, (gssize)at, upper, n);
}

/* Appends tmpl rendered with r's numbers; returns false when there is no
 * text (NULL or empty). */
static bool append_text(const teller_t *tell, const explain_result_t *r, int check,
                        const char *tmpl, GString *out)
{
    render_ctx_t ctx = { .tell = tell, .r = r, .check = check };
    gsize before = out->len;
    if (tmpl == NULL || tmpl[0] == '\0')
        return false;
    explain_template_render_ids(out, tmpl, placeholder_resolve, placeholder_value, &ctx);
    if (tmpl[0] == '{' && tmpl[1] != '{' && out->len > before
        && (before == 0 || out->str[before - 1] == '\n'))
        capitalize_at(out, before);
    return true;
}

/* Appends the rendered text of text_ids[index]; false when it has no text. */
static bool append_id(const teller_t *tell, const explain_result_t *r, int check, int index,
                      GString *out)
{
    bool appended = append_text(tell, r, check, text_at(tell, index), out);
    if (appended && tell->how->claims != NULL) {
        if (tell->how->claims->len > 0)
            g_string_append_c(tell->how->claims, ',');
        g_string_append(tell->how->claims, text_ids[index]);
    }
    return appended;
}

/* Appends text_ids[index] as a new line of a multi-line narrative. */
static void append_line(const teller_t *tell, const explain_result_t *r, int index,
                        GString *out)
{
    gsize before = out->len;
    if (before > 0)
        g_string_append_c(out, '\n');
    if (!append_id(tell, r, -1, index, out))
        g_string_truncate(out, before);
}

static void append_note_line(const teller_t *tell, const explain_result_t *r,
                             explain_note_t note, GString *out)
{
    if (!explain_result_has_note(r, note))
        return;
    /* shift 0: the window counts in plain bytes, not "units of 1 bytes" */
    if (note == EXPLAIN_NOTE_OPT_WSCALE && r->opts.wscale_shift == 0) {
        append_line(tell, r, T_OPT_WSCALE_ZERO, out);
        return;
    }
    append_line(tell, r, T_NOTE + (int)note, out);
}

/* Any id, looked up by name: not one of text_ids, or a teacher's. */
void explain_narrative_id(const explain_telling_t *how, const explain_result_t *r,
                          const char *id, GString *out)
{
    teller_t tell;
    teller_init(&tell, how);
    append_text(&tell, r, -1, explain_catalog_text(how->catalog, id, how->voice, how->language),
                out);
}

/* True when the stream's handshake was not captured (no SYN seen). */
static bool handshake_unseen(const explain_result_t *r)
{
    return (r->steps_seen & ((1u << EXPLAIN_STEP_SYN) | (1u << EXPLAIN_STEP_SYN_ACK))) == 0;
}

/* The text index that tells event e of r: the variant whose premise
 * holds on r. */
static int event_index(const explain_result_t *r, explain_event_t e)
{
    /* A FIN sent again without data: no "0 bytes sent before". */
    bool bare_fin = (r->flags & EXPLAIN_TH_FIN) && r->payload_len == 0;
    if (e == EXPLAIN_EVENT_RETRANSMISSION && bare_fin)
        return r->orig_frame == 0 ? T_FIN_RETRANSMISSION_UNSEEN : T_FIN_RETRANSMISSION;
    if (e == EXPLAIN_EVENT_SPURIOUS_RETRANSMISSION && bare_fin)
        return T_FIN_SPURIOUS_RETRANSMISSION;
    if (e == EXPLAIN_EVENT_FAST_RETRANSMISSION && bare_fin)
        return T_FIN_FAST_RETRANSMISSION;
    switch (e) {
    case EXPLAIN_EVENT_RETRANSMISSION:
        if (r->orig_frame == 0)
            return T_RETRANSMISSION_UNSEEN;
        break;
    case EXPLAIN_EVENT_WINDOW_UPDATE:
        if (r->window_rounding)
            return T_WINDOW_UPDATE_ROUNDING;
        /* bytes only when the scale is known */
        if (r->wscale_shift == -1)
            return T_WINDOW_UPDATE_RAW;
        break;
    case EXPLAIN_EVENT_KEEP_ALIVE:
        if (r->payload_len == 0)
            return T_KEEP_ALIVE_EMPTY;
        break;
    case EXPLAIN_EVENT_ACK_UNSEEN:
        if (r->acks_gap)
            return T_ACK_UNSEEN_GAP;
        if (handshake_unseen(r))
            return T_ACK_UNSEEN_BEFORE_CAPTURE;
        break;
    default:
        break;
    }
    return T_EVENT + (int)e;
}

/* The main event, briefly, after the summary: "; Duplicate ACK #2 for 101".
 * Resets already say theirs, and a repeated SYN says it as a SYN. */
static void append_summary_event(const explain_telling_t *how, const explain_result_t *r,
                                 GString *out)
{
    explain_telling_t brief = *how;
    teller_t tell;
    int index;

    if (explain_result_has_note(r, EXPLAIN_NOTE_SYN_RETRANSMITTED)) {
        index = T_NOTE + EXPLAIN_NOTE_SYN_RETRANSMITTED;
    } else if (r->event == EXPLAIN_EVENT_NONE || r->event == EXPLAIN_EVENT_RST_REFUSED
               || r->event == EXPLAIN_EVENT_RST_ABORT || r->event == EXPLAIN_EVENT_RST_AFTER_FIN
               || r->event >= EXPLAIN_EVENT_COUNT) {
        return;
    } else {
        index = event_index(r, (explain_event_t)r->event);
    }
    brief.voice = EXPLAIN_VOICE_BRIEF;
    teller_init(&tell, &brief);
    g_string_append(out, "; ");
    append_id(&tell, r, -1, index, out);
}

void explain_narrative_summary(const explain_telling_t *how, const explain_result_t *r,
                               GString *out)
{
    teller_t tell;
    /* A handshake ack that is not ISN + 1 must not be summed up as one,
     * and a reset says whether it refused, aborted or cut a close short. */
    bool mismatch = explain_result_failed(r, EXPLAIN_CHECK_SYNACK_ACK)
                    || explain_result_failed(r, EXPLAIN_CHECK_HANDSHAKE_ACK);
    int variant = mismatch ? T_SUMMARY_MISMATCH : T_SUMMARY;
    if (r->event == EXPLAIN_EVENT_RST_REFUSED)
        variant = T_SUMMARY_REFUSED;
    else if (r->event == EXPLAIN_EVENT_RST_AFTER_FIN)
        variant = T_SUMMARY_AFTER_FIN;
    teller_init(&tell, how);
    if (r->step == EXPLAIN_STEP_RST && explain_result_has_note(r, EXPLAIN_NOTE_AFTER_CLOSE))
        append_id(&tell, r, -1, T_SUMMARY_RST_AFTER_CLOSE, out);
    else if (r->step < EXPLAIN_STEP_COUNT)
        append_id(&tell, r, -1, variant + r->step, out);
    append_summary_event(how, r, out);
    if (explain_result_any_failed(r))
        append_id(&tell, r, -1, T_SUMMARY_CHECK_FAILED, out);
}

/* Which sentence tells an ack that did not advance: below the sender's
 * highest ack; the same, with nothing outstanding from the receiver; the
 * same while the receiver has sent more; or just the same (the receiver's
 * sending not known, or not seen as far as the ack). */
static int ack_unchanged_index(const explain_result_t *r)
{
    if (r->ack_raw != r->prev_ack_raw)
        return T_ACK_BEHIND;
    if (r->peer_next_known && r->peer_next_raw == r->ack_raw)
        return T_NOTE + EXPLAIN_NOTE_ACK_UNCHANGED;
    if (r->peer_next_known && (int32_t)(r->peer_next_raw - r->ack_raw) > 0)
        return T_ACK_UNCHANGED_WAITING;
    return T_ACK_UNCHANGED_SAME;
}

/* The sentence about the ack field: the most specific note that applies. */
static void append_ack_line(const teller_t *tell, const explain_result_t *r, GString *out)
{
    static const explain_note_t ack_notes[] = {
        EXPLAIN_NOTE_ACKS_SYN, EXPLAIN_NOTE_ACKS_FIN,
        EXPLAIN_NOTE_ACK_ADVANCES, EXPLAIN_NOTE_ACK_UNCHANGED,
    };
    if (!(r->flags & EXPLAIN_TH_ACK)) {
        /* "Not heard from the receiver" only while that is so. */
        int index = T_ACK_ABSENT_OTHER;
        if (r->flags & EXPLAIN_TH_RST)
            index = T_ACK_ABSENT_RST;
        else if ((r->flags & EXPLAIN_TH_SYN) && !r->peer_seen)
            index = T_ACK_ABSENT;
        append_line(tell, r, index, out);
        return;
    }
    for (size_t i = 0; i < sizeof ack_notes / sizeof ack_notes[0]; i++) {
        if (explain_result_has_note(r, ack_notes[i])) {
            if (ack_notes[i] == EXPLAIN_NOTE_ACK_UNCHANGED)
                append_line(tell, r, ack_unchanged_index(r), out);
            else
                append_note_line(tell, r, ack_notes[i], out);
            return;
        }
    }
    append_line(tell, r, T_ACK_PLAIN, out);
}

/* One line per event on the segment, main event first. */
static void append_event_lines(const teller_t *tell, const explain_result_t *r, GString *out)
{
    for (int e = 1; e < EXPLAIN_EVENT_COUNT; e++) {
        if (!explain_result_has_event(r, (explain_event_t)e))
            continue;
        /* The fast and spurious kinds, and a repeated SYN's own note,
         * already say it is a retransmission. */
        if (e == EXPLAIN_EVENT_RETRANSMISSION
            && ((r->events & (EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_FAST_RETRANSMISSION)
                              | EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_SPURIOUS_RETRANSMISSION)))
                || explain_result_has_note(r, EXPLAIN_NOTE_SYN_RETRANSMITTED)))
            continue;
        append_line(tell, r, event_index(r, (explain_event_t)e), out);
    }
}

void explain_narrative_text(const explain_telling_t *how, const explain_result_t *r,
                            GString *out)
{
    static const explain_note_t context_notes[] = {
        EXPLAIN_NOTE_NEW_CONNECTION, EXPLAIN_NOTE_MIDSTREAM_FIRST, EXPLAIN_NOTE_ROLE_BY_PORT,
        EXPLAIN_NOTE_SYN_RETRANSMITTED, EXPLAIN_NOTE_AFTER_CLOSE,
    };
    static const explain_note_t detail_notes[] = {
        EXPLAIN_NOTE_SYN_DATA, EXPLAIN_NOTE_HANDSHAKE_DATA, EXPLAIN_NOTE_FIN_WITH_DATA,
        EXPLAIN_NOTE_FIN_ALSO_ACKS_FIN, EXPLAIN_NOTE_HALF_CLOSE_DATA,
        EXPLAIN_NOTE_PSH, EXPLAIN_NOTE_URG,
        EXPLAIN_NOTE_OPT_MSS, EXPLAIN_NOTE_OPT_WSCALE, EXPLAIN_NOTE_OPT_SACK_PERM,
        EXPLAIN_NOTE_OPT_TIMESTAMPS,
        EXPLAIN_NOTE_WINDOW_SCALED, EXPLAIN_NOTE_WINDOW_UNSCALED,
        EXPLAIN_NOTE_WINDOW_SCALE_UNKNOWN,
    };
    teller_t tell;
    bool rst = (r->flags & EXPLAIN_TH_RST) != 0;
    uint64_t sender_gap = gap(r->seq_consumed, r->syn_count, r->fin_count, r->payload_total);
    uint64_t peer_gap = gap(r->peer_seq_consumed, r->peer_syn_count, r->peer_fin_count,
                            r->peer_payload_total);

    teller_init(&tell, how);
    if (how->voice == EXPLAIN_VOICE_BRIEF) {
        /* the summary says the step and the main event: two lines of numbers */
        append_line(&tell, r, rst ? T_SEQ_RST : T_SEQ_ARITHMETIC, out);
        append_ack_line(&tell, r, out);
        return;
    }
    if (rst && explain_result_has_note(r, EXPLAIN_NOTE_AFTER_CLOSE))
        append_line(&tell, r, T_STEP_RST_AFTER_CLOSE, out);
    else if (r->step < EXPLAIN_STEP_COUNT)
        append_line(&tell, r, T_STEP + r->step, out);
    for (size_t i = 0; i < sizeof context_notes / sizeof context_notes[0]; i++) {
        /* a reset after the close says so in its first line */
        if (!(rst && context_notes[i] == EXPLAIN_NOTE_AFTER_CLOSE))
            append_note_line(&tell, r, context_notes[i], out);
    }

    append_event_lines(&tell, r, out);

    if (rst) {
        append_line(&tell, r, T_SEQ_RST, out);
    } else {
        append_line(&tell, r, T_SEQ_ARITHMETIC, out);
        if (r->flags & EXPLAIN_TH_SYN)
            append_line(&tell, r, T_SEQ_SYN_CONSUMES, out);
        if (r->flags & EXPLAIN_TH_FIN)
            append_line(&tell, r, T_SEQ_FIN_CONSUMES, out);
    }
    append_ack_line(&tell, r, out);

    for (size_t i = 0; i < sizeof detail_notes / sizeof detail_notes[0]; i++)
        append_note_line(&tell, r, detail_notes[i], out);

    if (explain_result_has_note(r, EXPLAIN_NOTE_RECONCILE)) {
        int index = (sender_gap || peer_gap) ? T_RECONCILE_GAPS
                                             : T_NOTE + EXPLAIN_NOTE_RECONCILE;
        append_line(&tell, r, index, out);
    }
    explain_narrative_timing(how, r, out);
}

/* The text that tells check's state on r. */
static int check_index(const explain_result_t *r, explain_check_t check)
{
    switch (explain_result_check_state(r, check)) {
    case EXPLAIN_CHECK_FAILED:
        return T_CHECK_FAIL + (int)check;
    case EXPLAIN_CHECK_EXPLAINED:
        if (check == EXPLAIN_CHECK_SEQ_CONTINUES && (int32_t)(r->seq_raw - r->prev_next_raw) > 0)
            return T_CHECK_SEQ_EXPLAINED_GAP;
        if (check == EXPLAIN_CHECK_SEQ_CONTINUES && r->orig_frame != 0)
            return T_CHECK_SEQ_EXPLAINED_FRAME;
        return T_CHECK_EXPLAINED + (int)check;
    case EXPLAIN_CHECK_PASSED:
    case EXPLAIN_CHECK_NOT_RUN:
    case EXPLAIN_CHECK_STATE_COUNT:
    default:
        if (check == EXPLAIN_CHECK_TCP_ANALYSIS && (r->analysis & EXPLAIN_TA_COMPARED) == 0)
            return T_CHECK_TA_PASS_NONE;
        return T_CHECK_PASS + (int)check;
    }
}

void explain_narrative_check(const explain_telling_t *how, const explain_result_t *r,
                             explain_check_t check, GString *out)
{
    teller_t tell;
    if ((unsigned)check >= EXPLAIN_CHECK_COUNT)
        return;
    teller_init(&tell, how);
    append_id(&tell, r, (int)check, check_index(r, check), out);
}

void explain_narrative_claims(const explain_telling_t *how, const explain_result_t *r,
                              GString *out)
{
    explain_telling_t recording = *how;
    GString *scratch = g_string_sized_new(1024);
    recording.claims = out;
    explain_narrative_summary(&recording, r, scratch);
    explain_narrative_text(&recording, r, scratch);
    for (int c = 0; c < EXPLAIN_CHECK_COUNT; c++) {
        if (explain_result_check_state(r, (explain_check_t)c) != EXPLAIN_CHECK_NOT_RUN)
            explain_narrative_check(&recording, r, (explain_check_t)c, scratch);
    }
    explain_narrative_verdict(&recording, r, scratch);
    g_string_free(scratch, TRUE);
}

bool explain_narrative_stream_ended(const explain_result_t *r)
{
    return r->phase == EXPLAIN_PHASE_CLOSED;
}

void explain_narrative_verdict(const explain_telling_t *how, const explain_result_t *r,
                               GString *out)
{
    const uint16_t handshake = (1u << EXPLAIN_STEP_SYN) | (1u << EXPLAIN_STEP_SYN_ACK)
                               | (1u << EXPLAIN_STEP_HANDSHAKE_ACK);
    /* Both FINs acknowledged: the last ACK of a simultaneous close is not
     * the close's end while the other FIN is still unanswered. */
    bool closed_in_order = (r->steps_seen & (1u << EXPLAIN_STEP_LAST_ACK)) != 0 && r->fins_acked;
    bool complete = (r->steps_seen & handshake) == handshake && closed_in_order;
    bool gaps = gap(r->seq_consumed, r->syn_count, r->fin_count, r->payload_total) > 0
                || gap(r->peer_seq_consumed, r->peer_syn_count, r->peer_fin_count,
                       r->peer_payload_total) > 0;
    int index = T_VERDICT_INCOMPLETE;
    if (complete)
        index = gaps ? T_VERDICT_COMPLETE_GAPS : T_VERDICT_COMPLETE;
    teller_t tell;
    /* Mid-stream, a step not seen yet may still come: naming it "not seen"
     * on every packet is noise. */
    if (!explain_narrative_stream_ended(r))
        index = T_VERDICT_SO_FAR;
    teller_init(&tell, how);
    append_id(&tell, r, -1, index, out);
}

void explain_narrative_label(const explain_telling_t *how, const explain_result_t *r,
                             explain_label_t label, GString *out)
{
    static const explain_result_t none;
    teller_t tell;
    if ((unsigned)label >= EXPLAIN_LABEL_COUNT)
        return;
    teller_init(&tell, how);
    append_id(&tell, r != NULL ? r : &none, -1, T_LABEL + (int)label, out);
}

/* A word looked up for the tree, outside any rendering. */
static const char *word_at(const explain_telling_t *how, int index, const char *fallback)
{
    teller_t tell;
    teller_init(&tell, how);
    const char *text = text_at(&tell, index);
    return text != NULL && text[0] != '\0' ? text : fallback;
}

const char *explain_narrative_step_word(const explain_telling_t *how, explain_step_t step)
{
    if ((unsigned)step >= EXPLAIN_STEP_COUNT)
        return explain_step_label(step);
    return word_at(how, T_WORD_STEP + (int)step, explain_step_label(step));
}

const char *explain_narrative_phase_word(const explain_telling_t *how, explain_phase_t phase)
{
    if ((unsigned)phase >= EXPLAIN_PHASE_COUNT)
        return explain_phase_label(phase);
    return word_at(how, T_WORD_PHASE + (int)phase, explain_phase_label(phase));
}

const char *explain_narrative_event_word(const explain_telling_t *how, explain_event_t event)
{
    if ((unsigned)event >= EXPLAIN_EVENT_COUNT)
        return explain_event_label(event);
    return word_at(how, T_WORD_EVENT + (int)event, explain_event_label(event));
}

const char *explain_narrative_role_word(const explain_telling_t *how, explain_role_t role)
{
    if (role == EXPLAIN_ROLE_CLIENT)
        return word_at(how, T_ROLE_CLIENT, explain_role_label(role));
    if (role == EXPLAIN_ROLE_SERVER)
        return word_at(how, T_ROLE_SERVER, explain_role_label(role));
    return explain_role_label(role);
}
