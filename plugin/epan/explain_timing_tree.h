/* explain_timing_tree.h - the "Time and flow" part of the Explain tree
 * (explain_timing_tree.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_TIMING_TREE_H
#define EXPLAIN_TIMING_TREE_H

#include <epan/packet.h>

#include "explain_engine.h"
#include "explain_narrative.h"

/* Registers the explain.time.*, acks.*, rtt, in_flight, window.peer,
 * flow.*, sack.*, retrans.*, handshake.* and stream.* fields under proto. */
void explain_timing_tree_register(int proto);

/* Adds the "Time and flow" subtree of r to tree: the fields that have a
 * value on this segment, labelled through the catalog when how is not NULL
 * (the tree is shown), and hidden (still filterable) in the brief voice. */
void explain_timing_tree_add(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                             const explain_telling_t *how, bool brief,
                             const explain_result_t *r);

#endif /* EXPLAIN_TIMING_TREE_H */
