/* annotate_blanks.c - which numbers an exercise sheet leaves blank, and
 * their answers (always the row's own fields: nothing is recomputed).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_blanks.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const blank_ids[ANNOTATE_BLANK_COUNT] = {
#define ANNOTATE_X_BLANK_ID(name, id, question) [ANNOTATE_BLANK_##name] = id,
    ANNOTATE_BLANK_LIST(ANNOTATE_X_BLANK_ID)
#undef ANNOTATE_X_BLANK_ID
};

static const char *const blank_questions[ANNOTATE_BLANK_COUNT] = {
#define ANNOTATE_X_BLANK_Q(name, id, question) [ANNOTATE_BLANK_##name] = question,
    ANNOTATE_BLANK_LIST(ANNOTATE_X_BLANK_Q)
#undef ANNOTATE_X_BLANK_Q
};

const char *annotate_blank_id(annotate_blank_t blank)
{
    return blank < ANNOTATE_BLANK_COUNT ? blank_ids[blank] : "?";
}

const char *annotate_blank_question(annotate_blank_t blank)
{
    return blank < ANNOTATE_BLANK_COUNT ? blank_questions[blank] : "?";
}

bool annotate_blanks_parse(const char *text, uint32_t *mask)
{
    uint32_t m = 0;
    gchar **names = g_strsplit(text, ",", -1);
    bool ok = names[0] != NULL;
    for (gchar **n = names; ok && *n != NULL; n++) {
        char *name = g_strstrip(*n);
        bool known = false;
        if (strcmp(name, "bytes_acked") == 0) {   /* the word for acked */
            m |= ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACKED);
            known = true;
        }
        for (unsigned b = 0; b < ANNOTATE_BLANK_COUNT; b++) {
            if (strcmp(name, blank_ids[b]) == 0) {
                m |= ANNOTATE_BLANK_BIT(b);
                known = true;
            }
        }
        ok = known;
    }
    g_strfreev(names);
    if (ok)
        *mask = m;
    return ok;
}

/* What a teacher asks about each step when nothing was chosen: what the
 * step teaches (a SYN or FIN uses one number, data moves next seq by its
 * length, an ACK names the next number it expects). */
static uint32_t default_blanks(unsigned step)
{
    switch (step) {
    case EXPLAIN_STEP_SYN:
    case EXPLAIN_STEP_DATA:
    case EXPLAIN_STEP_FIN:
    case EXPLAIN_STEP_PASSIVE_FIN:
        return ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_NEXT_SEQ);
    case EXPLAIN_STEP_SYN_ACK:
    case EXPLAIN_STEP_HANDSHAKE_ACK:
    case EXPLAIN_STEP_FIN_ACK:
    case EXPLAIN_STEP_LAST_ACK:
        return ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACK);
    case EXPLAIN_STEP_ACK:
        return ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACK) | ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACKED);
    case EXPLAIN_STEP_RST:
        return ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_STEP);
    default:
        return 0;
    }
}

/* Whether the row has a value for the kind. */
static bool has_value(const annotate_ws_row_t *row, unsigned blank)
{
    switch (blank) {
    case ANNOTATE_BLANK_ACK:      return row->has_ack_rel && (row->flags & EXPLAIN_TH_ACK);
    case ANNOTATE_BLANK_NEXT_SEQ: return row->has_nxtseq;
    case ANNOTATE_BLANK_ACKED:    return row->has_acked_new && (row->flags & EXPLAIN_TH_ACK);
    case ANNOTATE_BLANK_STEP:     return annotate_ws_step_words(row->step) != NULL;
    default:                      return true;
    }
}

uint32_t annotate_blanks_for_row(const annotate_ws_row_t *row, uint32_t chosen)
{
    uint32_t want = chosen != 0 ? chosen : default_blanks(row->step);
    uint32_t mask = 0;
    for (unsigned b = 0; b < ANNOTATE_BLANK_COUNT; b++) {
        if ((want & ANNOTATE_BLANK_BIT(b)) && has_value(row, b))
            mask |= ANNOTATE_BLANK_BIT(b);
    }
    return mask;
}

bool annotate_blank_number(const annotate_ws_row_t *row, annotate_blank_t blank, uint32_t *out)
{
    if (blank == ANNOTATE_BLANK_STEP || !has_value(row, blank))
        return false;
    switch (blank) {
    case ANNOTATE_BLANK_SEQ:      *out = row->seq_rel; break;
    case ANNOTATE_BLANK_ACK:      *out = row->ack_rel; break;
    case ANNOTATE_BLANK_LEN:      *out = row->len; break;
    case ANNOTATE_BLANK_NEXT_SEQ: *out = row->nxtseq; break;
    case ANNOTATE_BLANK_ACKED:    *out = row->acked_new; break;
    default:                      return false;
    }
    return true;
}

bool annotate_blank_answer(const annotate_ws_row_t *row, annotate_blank_t blank,
                           char *out, size_t outlen)
{
    if (blank == ANNOTATE_BLANK_STEP) {
        const char *words = annotate_ws_step_words(row->step);
        if (words == NULL)
            return false;
        snprintf(out, outlen, "%s", words);
        return true;
    }
    uint32_t n;
    if (!annotate_blank_number(row, blank, &n))
        return false;
    snprintf(out, outlen, "%" PRIu32, n);
    return true;
}
