/* explain_timing.h - the engine's reasoning about time and flow.
 *
 * Plain C11, no I/O. explain_segment() calls explain_timing_segment()
 * last, with the rest of the result filled in; it reads the stream's
 * engine state and the facts, updates stream->timing and fills
 * out->timing. Deterministic: a replay from a checkpoint gives the same
 * numbers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_TIMING_H
#define EXPLAIN_TIMING_H

#include "explain_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fills out->timing for the segment facts describes (out holds the rest
 * of the engine's verdict on it, stream the state after it) and updates
 * stream->timing. Never fails. */
void explain_timing_segment(explain_stream_t *stream, const explain_facts_t *facts,
                            explain_result_t *out);

/* For the last segment of a stream that did not close (no RST, not both
 * FINs acknowledged) when nothing later of it will come: fills out's
 * end-of-stream summary with the numbers so far and sets
 * out->timing.summary_so_far. stream is the state after out's segment
 * (explain_store_is_last_of_stream()). Returns false, leaving out alone,
 * when the stream closed (its summary was on the closing segment). */
bool explain_timing_summary_so_far(const explain_stream_t *stream, explain_result_t *out);

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_TIMING_H */
