/* explain_narrative_timing.h - the sentences about time and flow: which
 * frames an ACK answers and the RTT, pauses, bytes in flight against the
 * window, SACK blocks, retransmission timing, the handshake's conclusions
 * and the end-of-stream summary (catalog groups time.*, flow.*, sack.*,
 * retrans.*, handshake.*, stream.*).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_NARRATIVE_TIMING_H
#define EXPLAIN_NARRATIVE_TIMING_H

#include <glib.h>

#include "explain_narrative.h"

/* Appends the time-and-flow lines of r to out, each on a new line
 * ('\n' before each when out is not empty); nothing when none applies. */
void explain_narrative_timing(const explain_telling_t *how, const explain_result_t *r,
                              GString *out);

/* Appends the sentences of r's end-of-stream summary (when it has one:
 * r->timing.stream_summary), each on a new line as
 * explain_narrative_timing() tells them; nothing otherwise. */
void explain_narrative_stream_summary(const explain_telling_t *how, const explain_result_t *r,
                                      GString *out);

/* The decimal separator of how's language (catalog text
 * word.decimal_separator: "." in English, "," in Spanish), never the
 * process locale's. Never NULL. */
const char *explain_narrative_decimal_separator(const explain_telling_t *how);

/* Writes num to out (outlen bytes, cut if need be) with the decimal point
 * of its first number (whatever character printf used: '.' or a locale's)
 * replaced by how's separator. */
void explain_narrative_localize_decimal(const explain_telling_t *how, const char *num,
                                        char *out, size_t outlen);

#endif /* EXPLAIN_NARRATIVE_TIMING_H */
