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

#endif /* EXPLAIN_NARRATIVE_TIMING_H */
