/* explain_tree_items.h - the labelled items of the Explain tree, for
 * packet-explain.c and explain_timing_tree.c alike: one context, the
 * catalog's labels, and the rules that keep a tree cheap to build.
 *
 * Three rules, each invisible in the tree a reader sees:
 *   - a tree nobody shows (how NULL) gets no labels, and an item whose
 *     field nobody refers to is not added at all (epan would fake it away);
 *   - a label without placeholders is rendered once per telling, not once
 *     per packet;
 *   - where the catalog's label is the field's own name, the item is added
 *     without a label of ours: Wireshark writes the same "Name: value" only
 *     if someone prints it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_TREE_ITEMS_H
#define EXPLAIN_TREE_ITEMS_H

#include <stdbool.h>
#include <stdint.h>

#include <epan/packet.h>

#include "explain_engine.h"
#include "explain_narrative.h"

/* What every item of one Explain tree needs. */
typedef struct {
    tvbuff_t                *tvb;
    packet_info             *pinfo;
    const explain_telling_t *how;     /* labels' telling; NULL: the tree is not shown */
    const explain_result_t  *r;
    bool                     brief;   /* brief voice: numbers hidden, still filterable */
} explain_items_t;

/* Forgets the labels rendered for the last telling (call when preferences
 * change: voice, language or catalog). */
void explain_items_forget_labels(void);

/* True when an item of hf under tree is worth adding: the tree is shown,
 * or something (a filter, a column, tshark -e) refers to hf. */
bool explain_items_wanted(const explain_items_t *c, proto_tree *tree, int hf);

/* The catalog's text of label with c->r's numbers, in packet scope or
 * (for a label without placeholders) kept for the telling. c->how must
 * not be NULL. */
const char *explain_items_label(const explain_items_t *c, explain_label_t label);

/* True when label is constant and the same text as hf's registered name:
 * Wireshark's own label of hf ("Name: value") is then ours. */
bool explain_items_label_is_name(const explain_items_t *c, int hf, explain_label_t label);

/* A label put together without printf (vsnprintf costs ~800 instructions
 * a call): append text and numbers, then hand .text to a "%s" format.
 * A label that would not fit is marked overflowed: format it as before. */
typedef struct {
    char   text[256];   /* longer than ITEM_LABEL_LENGTH: truncated by epan as before */
    size_t len;
    bool   overflowed;
} explain_label_buf_t;

void explain_label_buf_init(explain_label_buf_t *b);
void explain_label_buf_add(explain_label_buf_t *b, const char *s);
void explain_label_buf_add_u64(explain_label_buf_t *b, uint64_t v);

/* Marks item generated and, in the brief voice, hidden. */
void explain_items_finish(const explain_items_t *c, proto_item *item);

/* Number items labelled "Label: value". */
void explain_items_add_u32(const explain_items_t *c, proto_tree *tree, int hf,
                           explain_label_t label, uint32_t v);
void explain_items_add_u64(const explain_items_t *c, proto_tree *tree, int hf,
                           explain_label_t label, uint64_t v);
void explain_items_add_i32(const explain_items_t *c, proto_tree *tree, int hf,
                           explain_label_t label, int32_t v);

/* A uint64 item whose label is the whole text of label (it names the value
 * itself, with r's numbers). */
void explain_items_add_u64_text(const explain_items_t *c, proto_tree *tree, int hf,
                                explain_label_t label, uint64_t v);

/* A duration "Label: 0.028000000 s" (s: the SI unit in every language). */
void explain_items_add_time(const explain_items_t *c, proto_tree *tree, int hf,
                            explain_label_t label, int64_t ns);

/* A boolean whose label says it all (one label for true, one for false). */
void explain_items_add_bool(const explain_items_t *c, proto_tree *tree, int hf,
                            explain_label_t if_true, explain_label_t if_false, bool v);

/* An enum whose label names its value: "Label (value)". */
void explain_items_add_enum_text(const explain_items_t *c, proto_tree *tree, int hf,
                                 explain_label_t label, uint32_t v);

/* A string item "Label: value". */
void explain_items_add_string(const explain_items_t *c, proto_tree *tree, int hf,
                              explain_label_t label, const char *v);

/* A subtree titled label (english when the tree is not shown); in a tree
 * nobody sees, tree itself, as epan would fake it. */
proto_tree *explain_items_add_subtree(const explain_items_t *c, proto_tree *tree, gint ett,
                                      explain_label_t label, const char *english);

#endif /* EXPLAIN_TREE_ITEMS_H */
