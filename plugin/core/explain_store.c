/* explain_store.c - every explained segment of a capture, kept small.
 *
 * Layout: frame_slot[frame] names the stream slot a frame belongs to (0:
 * none). A slot holds the engine's live state, the log context, the log
 * bytes and the checkpoints. Replays start from the nearest checkpoint, or
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

/* The engine's state and the log's context before one record. */
typedef struct {
    uint32_t              frame;    /* that record's frame */
    size_t                offset;   /* that record's offset in the log */
    explain_stream_t      state;
    explain_log_context_t log_ctx;
} checkpoint_t;

typedef struct {
    explain_stream_t      state;     /* after the last record */
    explain_log_context_t log_ctx;   /* after the last record */
    uint8_t              *log;
    size_t                log_len;
    size_t                log_cap;
    uint32_t              records;
    uint32_t              first_frame;
    checkpoint_t         *checkpoints;   /* the state before records K, 2K, 3K... */
    uint32_t              checkpoint_count;
    uint32_t              checkpoint_cap;
    struct cursor        *cursor;        /* where the last replay stopped, or NULL */
} stream_slot_t;

/* Where a replay of a stream stopped: the state after the record of frame.
 * Made on the stream's first replay (later passes, a click in the GUI). */
typedef struct cursor {
    bool                  valid;
    uint32_t              frame;
    size_t                offset;       /* the next record */
    explain_stream_t      state;
    explain_log_context_t log_ctx;
    explain_result_t      result;       /* of frame */
} cursor_t;

struct explain_store {
    uint32_t      *frame_slot;      /* frame -> slot index + 1, 0 when not explained */
    size_t         frame_cap;
    bool           any_frame;
    uint32_t       last_frame;
    GHashTable    *slot_of_stream;  /* tcp.stream -> slot index + 1 */
    stream_slot_t **slots;
    uint32_t       slot_count;
    uint32_t       slot_cap;
    uint64_t       cursors;         /* slots with a cursor */
    uint64_t       segments;
    uint64_t       replays;
    uint64_t       replayed;
};

explain_store_t *explain_store_new(void)
{
    explain_store_t *store = g_new0(explain_store_t, 1);
    store->slot_of_stream = g_hash_table_new(g_direct_hash, g_direct_equal);
    return store;
}

void explain_store_free(explain_store_t *store)
{
    if (store == NULL)
        return;
    for (uint32_t i = 0; i < store->slot_count; i++) {
        g_free(store->slots[i]->log);
        g_free(store->slots[i]->checkpoints);
        g_free(store->slots[i]->cursor);
        g_free(store->slots[i]);
    }
    g_free(store->slots);
    g_hash_table_destroy(store->slot_of_stream);
    g_free(store->frame_slot);
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

/* The slot of stream, made on first use. */
static uint32_t slot_index_of(explain_store_t *store, uint32_t stream)
{
    gpointer found = g_hash_table_lookup(store->slot_of_stream, GUINT_TO_POINTER(stream));
    if (found != NULL)
        return GPOINTER_TO_UINT(found) - 1;

    if (store->slot_count == store->slot_cap) {
        store->slot_cap = (uint32_t)grown_capacity(store->slot_cap, (size_t)store->slot_count + 1, 64);
        store->slots = g_renew(stream_slot_t *, store->slots, store->slot_cap);
    }
    stream_slot_t *slot = g_new0(stream_slot_t, 1);
    explain_stream_init(&slot->state);
    explain_log_context_init(&slot->log_ctx);
    uint32_t index = store->slot_count++;
    store->slots[index] = slot;
    g_hash_table_insert(store->slot_of_stream, GUINT_TO_POINTER(stream), GUINT_TO_POINTER(index + 1));
    return index;
}

/* Notes that frame belongs to slot index. */
static void set_frame_slot(explain_store_t *store, uint32_t frame, uint32_t index)
{
    if ((size_t)frame >= store->frame_cap) {
        size_t cap = grown_capacity(store->frame_cap, (size_t)frame + 1, 1024);
        store->frame_slot = g_renew(uint32_t, store->frame_slot, cap);
        memset(store->frame_slot + store->frame_cap, 0, (cap - store->frame_cap) * sizeof(uint32_t));
        store->frame_cap = cap;
    }
    store->frame_slot[frame] = index + 1;
}

/* Keeps the state before the slot's next record when it starts a new stretch. */
static void maybe_checkpoint(stream_slot_t *slot, uint32_t frame)
{
    if (slot->records == 0 || slot->records % EXPLAIN_STORE_CHECKPOINT_EVERY != 0)
        return;
    if (slot->checkpoint_count == slot->checkpoint_cap) {
        /* a quarter more each time: checkpoints are big, keep little slack */
        uint32_t cap = slot->checkpoint_cap;
        slot->checkpoint_cap = cap < 4 ? cap + 1 : cap + cap / 4;
        slot->checkpoints = g_renew(checkpoint_t, slot->checkpoints, slot->checkpoint_cap);
    }
    checkpoint_t *cp = &slot->checkpoints[slot->checkpoint_count++];
    cp->frame = frame;
    cp->offset = slot->log_len;
    cp->state = slot->state;
    cp->log_ctx = slot->log_ctx;
}

bool explain_store_add(explain_store_t *store, const explain_facts_t *facts,
                       explain_result_t *out)
{
    if (store->any_frame && facts->frame <= store->last_frame)
        return false;

    uint32_t index = slot_index_of(store, facts->stream);
    stream_slot_t *slot = store->slots[index];
    maybe_checkpoint(slot, facts->frame);

    /* Encoded aside first: reserving room for the worst case in the log
     * itself would leave that much slack in every short stream. */
    uint8_t record[EXPLAIN_LOG_MAX_RECORD];
    size_t record_len = explain_log_encode(&slot->log_ctx, facts, record);
    if (slot->log_cap - slot->log_len < record_len) {
        slot->log_cap = grown_capacity(slot->log_cap, slot->log_len + record_len, 64);
        slot->log = g_renew(uint8_t, slot->log, slot->log_cap);
    }
    memcpy(slot->log + slot->log_len, record, record_len);
    slot->log_len += record_len;
    if (slot->records == 0)
        slot->first_frame = facts->frame;
    slot->records++;

    explain_segment(&slot->state, facts, out);
    set_frame_slot(store, facts->frame, index);
    store->any_frame = true;
    store->last_frame = facts->frame;
    store->segments++;
    return true;
}

bool explain_store_has(const explain_store_t *store, uint32_t frame)
{
    return (size_t)frame < store->frame_cap && store->frame_slot[frame] != 0;
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

bool explain_store_result(explain_store_t *store, uint32_t frame, explain_result_t *out)
{
    if (!explain_store_has(store, frame))
        return false;
    stream_slot_t *slot = store->slots[store->frame_slot[frame] - 1];

    if (slot->cursor == NULL) {
        slot->cursor = g_new0(cursor_t, 1);
        store->cursors++;
    }
    cursor_t *cursor = slot->cursor;
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
            cursor->state = cp->state;
            cursor->log_ctx = cp->log_ctx;
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

void explain_store_get_stats(const explain_store_t *store, explain_store_stats_t *stats)
{
    memset(stats, 0, sizeof(*stats));
    stats->segments = store->segments;
    stats->streams = store->slot_count;
    stats->replays = store->replays;
    stats->replayed = store->replayed;
    stats->segment_bytes = (uint64_t)store->frame_cap * sizeof(uint32_t);
    /* per stream: the slot, its pointer, and a GHashTable entry (key, value,
     * hash; the table keeps up to twice as many buckets as entries) */
    stats->stream_bytes = (uint64_t)store->slot_cap * sizeof(stream_slot_t *)
                          + (uint64_t)store->slot_count * 2 * (2 * sizeof(void *) + sizeof(unsigned))
                          + store->cursors * sizeof(cursor_t);
    for (uint32_t i = 0; i < store->slot_count; i++) {
        const stream_slot_t *slot = store->slots[i];
        stats->log_bytes += slot->log_len;
        stats->segment_bytes += slot->log_cap + (uint64_t)slot->checkpoint_cap * sizeof(checkpoint_t);
        stats->stream_bytes += sizeof(*slot);
    }
    stats->bytes = sizeof(*store) + stats->segment_bytes + stats->stream_bytes;
}
