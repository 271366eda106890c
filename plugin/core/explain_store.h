/* explain_store.h - every explained segment of a capture, kept small.
 *
 * Plain C, no Wireshark. On the first pass the store runs the engine on
 * each segment and keeps, per TCP stream, the engine's live state, a
 * compact log of the segments' facts (explain_log.h) and a copy of the
 * engine's state every EXPLAIN_STORE_CHECKPOINT_EVERY segments, packed
 * without its zero bytes (explain_pack.h). Asked
 * again for a frame, it replays the stream's log from the nearest
 * checkpoint: the engine is deterministic, so the result is the one the
 * first pass gave, while memory stays at a few bytes per segment instead
 * of a whole explain_result_t. A pass that wants no result (no tree)
 * only records the facts; the engine catches up with the stream's log
 * when a result is next wanted, making the checkpoints then.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_STORE_H
#define EXPLAIN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Segments of a stream between two copies of the engine's state: a replay
 * runs the engine at most this many times. */
#define EXPLAIN_STORE_CHECKPOINT_EVERY 128

/* Frames a stream may go without a segment before its live state (the
 * engine's and the log's, about 1.4 KB) may go to another stream; it is
 * rebuilt from the stream's log when the stream comes back. A stream
 * gives it up at once on the segment that closes it (RST, or both FINs
 * acknowledged). */
#define EXPLAIN_STORE_IDLE_FRAMES 4096

typedef struct explain_store explain_store_t;

/* An empty store. Never NULL (aborts on out of memory, as GLib does). */
explain_store_t *explain_store_new(void);

/* Sets how many frames a stream may be idle before it may give up its
 * live state (EXPLAIN_STORE_IDLE_FRAMES by default; the tests use less to
 * make streams rebuild often). Results never depend on it. */
void explain_store_set_idle_frames(explain_store_t *store, uint32_t frames);

/* Frees the store and everything in it; NULL is fine. */
void explain_store_free(explain_store_t *store);

/* First sight of a frame: explains facts (the frame number is
 * facts->frame, the stream facts->stream) into *out and records it. Frames
 * must come in increasing order, as on a first pass. Returns false and
 * leaves *out alone when facts->frame was added before (or is not above
 * every frame added so far): ask explain_store_result() for it instead.
 * out NULL: records the facts only (a pass that shows nothing); the engine
 * runs for the stream when a result is next wanted, from its last
 * checkpoint, and explain_store_result() gives the same results. */
bool explain_store_add(explain_store_t *store, const explain_facts_t *facts,
                       explain_result_t *out);

/* The result of a frame added before, identical to what explain_store_add()
 * gave for it. False when the frame was never added. */
bool explain_store_result(explain_store_t *store, uint32_t frame, explain_result_t *out);

/* True when the frame was added (has a result). */
bool explain_store_has(const explain_store_t *store, uint32_t frame);

/* True when frame was added and no later frame of its stream was (so
 * far: a store still being filled may get more). Then, when state is not
 * NULL, *state is the stream's engine state after frame, as the first
 * pass left it (what an end-of-stream summary counts from). */
bool explain_store_is_last_of_stream(explain_store_t *store, uint32_t frame,
                                     explain_stream_t *state);

/* What the store counts, for the benchmark and the tests. */
typedef struct {
    uint64_t segments;      /* segments added */
    uint64_t streams;
    uint64_t log_bytes;     /* bytes of the facts logs in use */
    uint64_t segment_bytes; /* what grows with segments: the frame index, the
                               logs and the checkpoints, slack included */
    uint64_t stream_bytes;  /* what grows with streams: each stream's slot
                               and map entry, and the pools of live states
                               and replay cursors (which grow with the
                               streams active at once) */
    uint64_t bytes;         /* all of it: segment_bytes + stream_bytes + the store */
    uint64_t replays;       /* explain_store_result() calls that ran the engine */
    uint64_t replayed;      /* engine runs made by those replays */
    uint64_t rebuilds;      /* live states rebuilt from a log (idle streams back) */
    uint64_t live_states;   /* live states in the pool */
    uint64_t cursors;       /* replay cursors in the pool */
    uint64_t checkpoints;   /* copies of the engine's state kept */
    uint64_t checkpoint_bytes; /* their packed bytes (in segment_bytes) */
} explain_store_stats_t;

/* Fills *stats. */
void explain_store_get_stats(const explain_store_t *store, explain_store_stats_t *stats);

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_STORE_H */
