/* explain_narrative.h - turns an engine result into words.
 *
 * Looks texts up in a catalog and fills their placeholders from the
 * result. No text is cached: callers render only what someone asks for
 * (the catalog keeps the lookups of the texts, see explain_catalog_resolve).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_NARRATIVE_H
#define EXPLAIN_NARRATIVE_H

#include <glib.h>

#include "explain_catalog.h"
#include "explain_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where and how to tell it. */
typedef struct {
    const explain_catalog_t *catalog;
    explain_voice_t          voice;
    const char              *language;   /* NULL: English */
    GString                 *claims;     /* NULL, or collects the ids of the texts chosen */
} explain_telling_t;

/* Appends the one-line summary of r (fit for a column) to out. */
void explain_narrative_summary(const explain_telling_t *how, const explain_result_t *r,
                               GString *out);

/* Appends the full narrative of r to out: sentences, one per line
 * ('\n' between lines, none at the end). Does not include checks. */
void explain_narrative_text(const explain_telling_t *how, const explain_result_t *r,
                            GString *out);

/* Appends what check c says about r: its pass text or its fail text. */
void explain_narrative_check(const explain_telling_t *how, const explain_result_t *r,
                             explain_check_t check, GString *out);

/* Appends the stream's verdict so far (after r): complete or not, the
 * steps not seen, sequence numbers used and bytes sent again per side. */
void explain_narrative_verdict(const explain_telling_t *how, const explain_result_t *r,
                               GString *out);

/* Appends to out the ids of every text the narrative chooses for r
 * (summary, narrative lines, each check that ran, verdict), comma-separated:
 * what r claims, for tests that hold each claim against Wireshark's fields. */
void explain_narrative_claims(const explain_telling_t *how, const explain_result_t *r,
                              GString *out);

/* Appends the text of one catalog id rendered with r's numbers
 * (nothing when the id is missing). */
void explain_narrative_id(const explain_telling_t *how, const explain_result_t *r,
                          const char *id, GString *out);

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_NARRATIVE_H */
