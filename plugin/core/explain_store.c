/* explain_store.c - every explained segment of a capture, kept small.
 *
 * Layout: the frame index (pages of FRAME_PAGE frames, see frame_page_t)
 * names the stream slot a frame belongs to, slot_of_stream[tcp.stream] a
 * stream's slot. A slot holds the log
 * bytes and the checkpoints; the engine's live state (with the log's
 * context) sits in a pool, held by the streams active lately: a stream
 * idle for a while gives it up and gets it back by replaying its log.
 * Records added with no result wanted leave the live state stale (only
 * the log's context follows them); the engine catches up from the last
 * checkpoint when a result is wanted (replay_into). Replays start from the nearest checkpoint, or
 * from the cursor the stream's previous replay left when that is nearer: a
 * second pass asks for frames in order, so it runs the engine once per
 * frame, whatever the number of streams.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_store.h"

#include <string.h>

#include <glib.h>

#include "explain_log.h"
#include "explain_pack.h"

/* What a checkpoint copies: the engine's state and the log's context. */
typedef struct {
    explain_stream_t      state;
    explain_log_context_t log_ctx;
} frozen_t;

/* The engine's state and the log's context before one record, packed
 * (explain_pack.h: mostly zero bytes, about a third of frozen_t's). */
typedef struct {
    uint32_t frame;     /* that record's frame */
    uint32_t offset;    /* that record's offset in the log */
    uint8_t *packed;    /* a frozen_t, explain_pack_zeros()'d */
    uint32_t packed_len;
} checkpoint_t;

/* A stream's state after its last record: what the next record is encoded
 * and explained from. Kept only while the stream is active (see live_t). */
typedef struct {
    uint32_t              owner;        /* slot index + 1; 0 when free */
    uint32_t              last_frame;   /* the owner's last frame */
    bool                  stale;        /* state is behind the log: records were
                                         * added with no result wanted (the engine
                                         * runs when one is, see catch_up) */
    uint8_t               fins;         /* without the engine: bit 0/1 side 0/1 sent a
                                         * FIN, bit 2/3 that FIN was acknowledged */
    uint32_t              fin_end[2];   /* seq after each side's FIN */
    explain_stream_t      state;
    explain_log_context_t log_ctx;
} live_t;

/* Where a replay of a stream stopped: the state after the record of frame.
 * Made on the stream's first replay (later passes, a click in the GUI),
 * kept while the stream is replayed (see the pools below). */
typedef struct {
    uint32_t              owner;        /* slot index + 1; 0 when free */
    uint32_t              last_frame;   /* the last frame a replay asked for */
    bool                  valid;
    uint32_t              frame;
    size_t                offset;       /* the next record */
    explain_stream_t      state;
    explain_log_context_t log_ctx;
    explain_result_t      result;       /* of frame */
} cursor_t;

/* What every stream keeps: its log, its checkpoints, and which live state
 * and cursor it holds (index + 1 in their pools; 0: none). */
typedef struct {
    uint8_t      *log;
    uint32_t      log_len;
    uint32_t      log_cap;
    uint32_t      records;
    uint32_t      first_frame;
    uint32_t      last_frame;        /* the stream's latest frame added */
    checkpoint_t *checkpoints;       /* the state before records K, 2K, 3K... */
    uint32_t      checkpoint_count;
    uint32_t      checkpoint_cap;
    uint32_t      live;              /* index + 1 in store->live */
    uint32_t      cursor;            /* index + 1 in store->cursors */
    uint32_t      page_mark;         /* page + 1 of the frame index where page_local is this slot's */
    uint16_t      page_local;
} stream_slot_t;

/* Frames per page of the frame index. */
#define FRAME_PAGE_BITS 12
#define FRAME_PAGE (1u << FRAME_PAGE_BITS)

/* A page of the frame index: which slot each of FRAME_PAGE frames belongs
 * to, as an index into the page's own list of the slots it names (at most
 * FRAME_PAGE of them, so two bytes a frame instead of four; the list adds
 * four bytes per stream seen in the page). */
typedef struct {
    uint32_t *slots;                 /* local index -> slot index */
    uint32_t  count;
    uint32_t  cap;
    uint16_t  local[FRAME_PAGE];     /* frame % FRAME_PAGE -> local index + 1, 0: none */
} frame_page_t;

/* A pool of live states or cursors. A stream idle for more than
 * EXPLAIN_STORE_IDLE_FRAMES frames gives its entry up to a stream that
 * needs one (checked at a clock hand, a few entries per need); the pool
 * grows only when the entries there are all in use. A stream that comes
 * back gets its state again by replaying its log from its last checkpoint:
 * the engine is deterministic, so nothing it says changes. Memory then
 * follows the streams open at once, not all the streams of the capture. */
typedef struct {
    void     *entries;
    size_t    entry_size;
    uint32_t  count;
    uint32_t  cap;
    uint32_t  hand;
    uint32_t  free_head;    /* a freed entry (index + 1; 0: none), linked
                               through their last_frame */
} pool_t;

struct explain_store {
    frame_page_t **pages;           /* frame / FRAME_PAGE -> its page, NULL when none */
    uint32_t       page_cap;
    bool           any_frame;
    uint32_t       last_frame;
    uint32_t      *slot_of_stream;  /* tcp.stream -> slot index + 1 (TCP numbers streams densely) */
    uint32_t       stream_cap;
    stream_slot_t *slots;
    uint32_t       slot_count;
    uint32_t       slot_cap;
    pool_t         live;            /* live_t */
    pool_t         cursors;         /* cursor_t */
    uint32_t       idle_frames;
    uint64_t       segments;
    uint64_t       replays;
    uint64_t       replayed;
    uint64_t       rebuilds;        /* live states rebuilt from the log */
};

explain_store_t *explain_store_new(void)
{
    explain_store_t *store = g_new0(explain_store_t, 1);
    store->live.entry_size = sizeof(live_t);
    store->cursors.entry_size = sizeof(cursor_t);
    store->idle_frames = EXPLAIN_STORE_IDLE_FRAMES;
    return store;
}

void explain_store_set_idle_frames(explain_store_t *store, uint32_t frames)
{
    store->idle_frames = frames;
}

void explain_store_free(explain_store_t *store)
{
    if (store == NULL)
        return;
    for (uint32_t i = 0; i < store->slot_count; i++) {
        g_free(store->slots[i].log);
        for (uint32_t k = 0; k < store->slots[i].checkpoint_count; k++)
            g_free(store->slots[i].checkpoints[k].packed);
        g_free(store->slots[i].checkpoints);
    }
    g_free(store->slots);
    g_free(store->slot_of_stream);
    g_free(store->live.entries);
    g_free(store->cursors.entries);
    for (uint32_t p = 0; p < store->page_cap; p++) {
        if (store->pages[p] != NULL)
            g_free(store->pages[p]->slots);
        g_free(store->pages[p]);
    }
    g_free(store->pages);
    g_free(store);
}

/* A capacity of at least need elements, grown from cap: doubling up to
 * 4096 elements, then by a quarter (less slack in long streams; still a
 * constant number of copies per element). */
static size_t grown_capacity(size_t cap, size_t need, size_t minimum)
{
    size_t next = cap < minimum ? minimum : cap;
    while (next < need)
        next += next < 4096 ? next : next / 4;
    return next;
}

/* The entry at index of a pool; every entry starts with owner, last_frame. */
static void *pool_at(const pool_t *pool, uint32_t index)
{
    return (uint8_t *)pool->entries + (size_t)index * pool->entry_size;
}

typedef struct {
    uint32_t owner;
    uint32_t last_frame;
} pool_head_t;

/* Gives back the slack of a slot's log and checkpoints: done when the
 * stream gives its live state up (closed or idle), as it may never grow
 * again; if it does, it grows as before. */
static void trim_slot(stream_slot_t *slot)
{
    if (slot->log_cap > slot->log_len) {
        slot->log = g_realloc(slot->log, slot->log_len);
        slot->log_cap = slot->log_len;
    }
    if (slot->checkpoint_cap > slot->checkpoint_count) {
        slot->checkpoints = g_renew(checkpoint_t, slot->checkpoints, slot->checkpoint_count);
        slot->checkpoint_cap = slot->checkpoint_count;
    }
}

/* Entries of a pool the clock hand looks at per need before growing it. */
#define POOL_LOOKS 4

/* An entry of pool for slot index (returns its index + 1): a free or idle
 * one (its owner's *handle cleared), else a new one. */
static uint32_t pool_take(explain_store_t *store, pool_t *pool, uint32_t index, uint32_t frame,
                          bool live)
{
    uint32_t got = UINT32_MAX;
    if (pool->free_head != 0) {
        got = pool->free_head - 1;
        pool->free_head = ((pool_head_t *)pool_at(pool, got))->last_frame;
    }
    for (uint32_t look = 0; got == UINT32_MAX && look < POOL_LOOKS && look < pool->count; look++) {
        uint32_t at = pool->hand;
        pool->hand = (pool->hand + 1) % pool->count;
        pool_head_t *head = pool_at(pool, at);
        if (head->owner == 0 || frame - head->last_frame > store->idle_frames) {
            if (head->owner != 0) {
                stream_slot_t *was = &store->slots[head->owner - 1];
                if (live) {
                    was->live = 0;
                    trim_slot(was);
                } else {
                    was->cursor = 0;
                }
            }
            got = at;
            break;
        }
    }
    if (got == UINT32_MAX) {
        if (pool->count == pool->cap) {
            /* an eighth more each time: entries are big, keep little slack */
            pool->cap += pool->cap < 32 ? 4 : pool->cap < 64 ? 8 : pool->cap / 8;
            pool->entries = g_realloc_n(pool->entries, pool->cap, pool->entry_size);
        }
        got = pool->count++;
    }
    memset(pool_at(pool, got), 0, pool->entry_size);
    pool_head_t *head = pool_at(pool, got);
    head->owner = index + 1;
    head->last_frame = frame;
    return got + 1;
}

/* The slot of stream, made on first use. */
static uint32_t slot_index_of(explain_store_t *store, uint32_t stream)
{
    if (stream < store->stream_cap && store->slot_of_stream[stream] != 0)
        return store->slot_of_stream[stream] - 1;

    if (stream >= store->stream_cap) {
        size_t cap = grown_capacity(store->stream_cap, (size_t)stream + 1, 64);
        store->slot_of_stream = g_renew(uint32_t, store->slot_of_stream, cap);
        memset(store->slot_of_stream + store->stream_cap, 0,
               (cap - store->stream_cap) * sizeof(uint32_t));
        store->stream_cap = (uint32_t)cap;
    }
    if (store->slot_count == store->slot_cap) {
        store->slot_cap = (uint32_t)grown_capacity(store->slot_cap, (size_t)store->slot_count + 1, 8);
        store->slots = g_renew(stream_slot_t, store->slots, store->slot_cap);
    }
    uint32_t index = store->slot_count++;
    memset(&store->slots[index], 0, sizeof(stream_slot_t));
    store->slot_of_stream[stream] = index + 1;
    return index;
}

/* Notes that frame belongs to slot index. */
static void set_frame_slot(explain_store_t *store, uint32_t frame, uint32_t index)
{
    uint32_t page_no = frame >> FRAME_PAGE_BITS;
    if (page_no >= store->page_cap) {
        size_t cap = grown_capacity(store->page_cap, (size_t)page_no + 1, 16);
        store->pages = g_renew(frame_page_t *, store->pages, cap);
        memset(store->pages + store->page_cap, 0, (cap - store->page_cap) * sizeof(frame_page_t *));
        store->page_cap = (uint32_t)cap;
    }
    frame_page_t *page = store->pages[page_no];
    if (page == NULL) {
        page = store->pages[page_no] = g_new0(frame_page_t, 1);
        /* frames come in order: the page before is complete, give its slack back */
        frame_page_t *before = page_no > 0 ? store->pages[page_no - 1] : NULL;
        if (before != NULL && before->cap > before->count) {
            before->slots = g_renew(uint32_t, before->slots, before->count);
            before->cap = before->count;
        }
    }
    stream_slot_t *slot = &store->slots[index];
    if (slot->page_mark != page_no + 1) {
        if (page->count == page->cap) {
            page->cap = (uint32_t)grown_capacity(page->cap, (size_t)page->count + 1, 16);
            page->slots = g_renew(uint32_t, page->slots, page->cap);
        }
        slot->page_mark = page_no + 1;
        slot->page_local = (uint16_t)page->count;
        page->slots[page->count++] = index;
    }
    page->local[frame & (FRAME_PAGE - 1)] = (uint16_t)(slot->page_local + 1);
}

/* The slot index + 1 of frame, 0 when it was not added. */
static uint32_t frame_slot(const explain_store_t *store, uint32_t frame)
{
    uint32_t page_no = frame >> FRAME_PAGE_BITS;
    if (page_no >= store->page_cap || store->pages[page_no] == NULL)
        return 0;
    const frame_page_t *page = store->pages[page_no];
    uint16_t local = page->local[frame & (FRAME_PAGE - 1)];
    return local == 0 ? 0 : page->slots[local - 1] + 1;
}

/* The last checkpoint at or before frame, or NULL for the stream's start. */
static const checkpoint_t *checkpoint_before(const stream_slot_t *slot, uint32_t frame)
{
    uint32_t lo = 0, hi = slot->checkpoint_count;   /* answer: checkpoints[lo - 1] */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (slot->checkpoints[mid].frame <= frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? NULL : &slot->checkpoints[lo - 1];
}

/* The state a checkpoint copied, into *state and *log_ctx. */
static void checkpoint_restore(const checkpoint_t *cp, explain_stream_t *state,
                               explain_log_context_t *log_ctx)
{
    frozen_t frozen;
    explain_unpack_zeros(cp->packed, sizeof(frozen), &frozen);
    memcpy(state, &frozen.state, sizeof(*state));
    memcpy(log_ctx, &frozen.log_ctx, sizeof(*log_ctx));
}

/* Appends a checkpoint: the engine's state and the log's context before
 * the record of frame at offset. */
static void append_checkpoint(stream_slot_t *slot, uint32_t frame, size_t offset,
                              const explain_stream_t *state, const explain_log_context_t *log_ctx)
{
    if (slot->checkpoint_count == slot->checkpoint_cap) {
        /* a quarter more each time: checkpoints are big, keep little slack */
        uint32_t cap = slot->checkpoint_cap;
        slot->checkpoint_cap = cap < 4 ? cap + 1 : cap + cap / 4;
        slot->checkpoints = g_renew(checkpoint_t, slot->checkpoints, slot->checkpoint_cap);
    }
    checkpoint_t *cp = &slot->checkpoints[slot->checkpoint_count++];
    cp->frame = frame;
    cp->offset = (uint32_t)offset;
    frozen_t frozen;
    memcpy(&frozen.state, state, sizeof(frozen.state));
    memcpy(&frozen.log_ctx, log_ctx, sizeof(frozen.log_ctx));
    uint8_t packed[EXPLAIN_PACK_MAX(sizeof(frozen_t))];
    cp->packed_len = (uint32_t)explain_pack_zeros(&frozen, sizeof(frozen), packed);
    cp->packed = g_memdup2(packed, cp->packed_len);
}

/* Brings live up to the end of slot's log from its last checkpoint (or the
 * stream's start): the log's context always; with engine, the engine's
 * state too, every record run through the engine again as the first pass
 * would have run it, and the checkpoints the log lacks made on the way
 * (the state before records K, 2K, 3K..., K = EXPLAIN_STORE_CHECKPOINT_EVERY).
 * Without engine the state is left stale. */
static void replay_into(stream_slot_t *slot, live_t *live, bool engine)
{
    size_t offset = 0;
    uint32_t record = 0;   /* index in the log of the record at offset */
    const checkpoint_t *cp = slot->checkpoint_count > 0
        ? &slot->checkpoints[slot->checkpoint_count - 1] : NULL;
    if (cp != NULL) {
        offset = cp->offset;
        record = slot->checkpoint_count * EXPLAIN_STORE_CHECKPOINT_EVERY;
        checkpoint_restore(cp, &live->state, &live->log_ctx);
    } else {
        explain_stream_init(&live->state);
        explain_log_context_init(&live->log_ctx);
    }
    while (offset < slot->log_len) {
        explain_facts_t facts;
        explain_result_t scratch;
        explain_log_context_t before;
        bool checkpoint = engine && record > 0 && record % EXPLAIN_STORE_CHECKPOINT_EVERY == 0
                          && record / EXPLAIN_STORE_CHECKPOINT_EVERY > slot->checkpoint_count;
        if (checkpoint)
            before = live->log_ctx;
        size_t used = explain_log_decode(&live->log_ctx, slot->log + offset,
                                         slot->log_len - offset, &facts);
        if (used == 0)
            break;   /* never: the log holds whole records only */
        if (checkpoint)
            append_checkpoint(slot, facts.frame, offset, &live->state, &before);
        offset += used;
        record++;
        if (engine)
            explain_segment(&live->state, &facts, &scratch);
    }
    live->stale = !engine;
}

/* The live state of slot index, rebuilt from its log when the stream gave
 * it up while idle (see replay_into; the engine's state only with engine,
 * else left stale). */
static live_t *live_of(explain_store_t *store, uint32_t index, uint32_t frame, bool engine)
{
    stream_slot_t *slot = &store->slots[index];
    if (slot->live != 0) {
        live_t *live = pool_at(&store->live, slot->live - 1);
        live->last_frame = frame;
        return live;
    }
    uint32_t taken = pool_take(store, &store->live, index, frame, true);
    slot = &store->slots[index];
    slot->live = taken;
    live_t *live = pool_at(&store->live, taken - 1);
    if (slot->records > 0)
        store->rebuilds++;
    replay_into(slot, live, engine);
    return live;
}

/* A stream that just closed (RST, or both FINs acknowledged) gives its
 * live state back at once: a later segment of it (a late ACK, a resend)
 * rebuilds it from the log like an idle stream's, and keeps it then until
 * it is idle (a closed stream that goes on is not rebuilt per segment). */
static void release_live(explain_store_t *store, stream_slot_t *slot)
{
    pool_head_t *head = pool_at(&store->live, slot->live - 1);
    head->owner = 0;
    head->last_frame = store->live.free_head;
    store->live.free_head = slot->live;
    slot->live = 0;
    trim_slot(slot);
}

/* Keeps the state before the slot's next record when it starts a new stretch. */
static void maybe_checkpoint(stream_slot_t *slot, const live_t *live, uint32_t frame)
{
    if (slot->records == 0 || slot->records % EXPLAIN_STORE_CHECKPOINT_EVERY != 0)
        return;
    append_checkpoint(slot, frame, slot->log_len, &live->state, &live->log_ctx);
}

/* Follows the FINs of a stream whose engine is deferred: true on the ACK
 * that acknowledges the second side's FIN when the first side's already is. */
static bool closes_without_engine(live_t *live, const explain_facts_t *facts)
{
    if (live->fins == 0 && !(facts->flags & EXPLAIN_TH_FIN))
        return false;
    unsigned me = explain_endpoint_equal(&facts->src, &live->log_ctx.endpoint[0]) ? 0u : 1u;
    if (facts->flags & EXPLAIN_TH_FIN) {
        live->fin_end[me] = facts->seq_raw + facts->payload_len
                            + ((facts->flags & EXPLAIN_TH_SYN) ? 2u : 1u);
        live->fins |= (uint8_t)(1u << me);
    }
    unsigned peer = 1u - me;
    if ((facts->flags & EXPLAIN_TH_ACK) && (live->fins & (1u << peer))
        && (int32_t)(facts->ack_raw - live->fin_end[peer]) >= 0)
        live->fins |= (uint8_t)(4u << peer);
    return (live->fins & 0x0c) == 0x0c;
}

bool explain_store_add(explain_store_t *store, const explain_facts_t *facts,
                       explain_result_t *out)
{
    if (store->any_frame && facts->frame <= store->last_frame)
        return false;

    uint32_t index = slot_index_of(store, facts->stream);
    live_t *live = live_of(store, index, facts->frame, out != NULL);
    stream_slot_t *slot = &store->slots[index];
    if (out != NULL && live->stale)
        replay_into(slot, live, true);   /* the engine catches up with the log */
    if (!live->stale)
        maybe_checkpoint(slot, live, facts->frame);

    /* encoded aside, then appended: a log keeps no room for a worst-case
     * record, which would be most of a short stream's log */
    uint8_t record[EXPLAIN_LOG_MAX_RECORD];
    uint32_t used = (uint32_t)explain_log_encode(&live->log_ctx, facts, record);
    if (slot->log_cap - slot->log_len < used) {
        slot->log_cap = (uint32_t)grown_capacity(slot->log_cap, (size_t)slot->log_len + used, 16);
        slot->log = g_renew(uint8_t, slot->log, slot->log_cap);
    }
    memcpy(slot->log + slot->log_len, record, used);
    slot->log_len += used;
    if (slot->records == 0)
        slot->first_frame = facts->frame;
    slot->last_frame = facts->frame;
    slot->records++;

    if (out != NULL) {
        /* a stream that closes gives its live state back at once */
        bool was_closed = live->state.closed;
        explain_segment(&live->state, facts, out);
        if (live->state.closed && !was_closed)
            release_live(store, slot);
    } else {
        live->stale = true;
        /* without the engine, a RST or both FINs acknowledged is the sign
         * the stream is over (giving the state back never changes a result) */
        if ((facts->flags & EXPLAIN_TH_RST) || closes_without_engine(live, facts))
            release_live(store, slot);
    }
    set_frame_slot(store, facts->frame, index);
    store->any_frame = true;
    store->last_frame = facts->frame;
    store->segments++;
    return true;
}

bool explain_store_has(const explain_store_t *store, uint32_t frame)
{
    return frame_slot(store, frame) != 0;
}

bool explain_store_result(explain_store_t *store, uint32_t frame, explain_result_t *out)
{
    uint32_t slot_plus_one = frame_slot(store, frame);
    if (slot_plus_one == 0)
        return false;
    uint32_t index = slot_plus_one - 1;
    stream_slot_t *slot = &store->slots[index];

    /* Records added with no result wanted made no checkpoints: the engine
     * catches up first, so that a replay stays within a checkpoint's
     * stretch. */
    uint32_t checkpoints_due = slot->records > 0
        ? (slot->records - 1) / EXPLAIN_STORE_CHECKPOINT_EVERY : 0;
    if (slot->checkpoint_count < checkpoints_due) {
        live_t *live = live_of(store, index, store->last_frame, true);
        slot = &store->slots[index];
        if (live->stale)
            replay_into(slot, live, true);
    }

    if (slot->cursor == 0)
        slot->cursor = pool_take(store, &store->cursors, index, frame, false);
    cursor_t *cursor = pool_at(&store->cursors, slot->cursor - 1);
    cursor->last_frame = frame;
    bool mine = cursor->valid;
    if (mine && cursor->frame == frame) {
        *out = cursor->result;
        return true;
    }

    /* Start from the checkpoint, or from the cursor when it is nearer. */
    const checkpoint_t *cp = checkpoint_before(slot, frame);
    uint32_t cp_frame = cp != NULL ? cp->frame : slot->first_frame;
    if (!(mine && cursor->frame < frame && cursor->frame >= cp_frame)) {
        cursor->valid = true;
        cursor->frame = 0;
        if (cp != NULL) {
            cursor->offset = cp->offset;
            checkpoint_restore(cp, &cursor->state, &cursor->log_ctx);
        } else {
            cursor->offset = 0;
            explain_stream_init(&cursor->state);
            explain_log_context_init(&cursor->log_ctx);
        }
    }

    store->replays++;
    while (cursor->offset < slot->log_len) {
        explain_facts_t facts;
        size_t used = explain_log_decode(&cursor->log_ctx, slot->log + cursor->offset,
                                         slot->log_len - cursor->offset, &facts);
        if (used == 0 || facts.frame > frame)
            break;
        cursor->offset += used;
        explain_segment(&cursor->state, &facts, &cursor->result);
        cursor->frame = facts.frame;
        store->replayed++;
        if (facts.frame == frame) {
            *out = cursor->result;
            return true;
        }
    }
    cursor->valid = false;   /* a log that does not hold the frame: not reusable */
    return false;
}

bool explain_store_is_last_of_stream(explain_store_t *store, uint32_t frame,
                                     explain_stream_t *state)
{
    if (!explain_store_has(store, frame))
        return false;
    uint32_t index = frame_slot(store, frame) - 1;
    if (store->slots[index].last_frame != frame)
        return false;
    if (state == NULL)
        return true;
    /* A replay up to frame leaves the stream's cursor just after it. */
    explain_result_t scratch;
    if (!explain_store_result(store, frame, &scratch))
        return false;
    const stream_slot_t *slot = &store->slots[index];
    const cursor_t *cursor = pool_at(&store->cursors, slot->cursor - 1);
    *state = cursor->state;
    return true;
}

void explain_store_get_stats(const explain_store_t *store, explain_store_stats_t *stats)
{
    memset(stats, 0, sizeof(*stats));
    stats->segments = store->segments;
    stats->streams = store->slot_count;
    stats->replays = store->replays;
    stats->replayed = store->replayed;
    stats->rebuilds = store->rebuilds;
    stats->live_states = store->live.cap;
    stats->cursors = store->cursors.cap;
    stats->segment_bytes = (uint64_t)store->page_cap * sizeof(frame_page_t *);
    for (uint32_t p = 0; p < store->page_cap; p++)
        if (store->pages[p] != NULL)
            stats->segment_bytes += sizeof(frame_page_t) + (uint64_t)store->pages[p]->cap * sizeof(uint32_t);
    /* per stream: the slots (with their slack), the stream map, and the
     * pools of live states and cursors (they follow the streams open at
     * once: counted here, whatever their number) */
    stats->stream_bytes = (uint64_t)store->slot_cap * sizeof(stream_slot_t)
                          + (uint64_t)store->stream_cap * sizeof(uint32_t)
                          + (uint64_t)store->live.cap * store->live.entry_size
                          + (uint64_t)store->cursors.cap * store->cursors.entry_size;
    for (uint32_t i = 0; i < store->slot_count; i++) {
        const stream_slot_t *slot = &store->slots[i];
        stats->log_bytes += slot->log_len;
        stats->segment_bytes += slot->log_cap + (uint64_t)slot->checkpoint_cap * sizeof(checkpoint_t);
        stats->checkpoints += slot->checkpoint_count;
        for (uint32_t k = 0; k < slot->checkpoint_count; k++)
            stats->checkpoint_bytes += slot->checkpoints[k].packed_len;
    }
    stats->segment_bytes += stats->checkpoint_bytes;
    stats->bytes = sizeof(*store) + stats->segment_bytes + stats->stream_bytes;
}
