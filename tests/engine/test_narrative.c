/* test_narrative.c - the words for the note's flow, with the built-in catalog.
 *
 * The expected sentences carry numbers worked out by hand from
 * ../shared/seed/tcp-flow-note.txt (client ISN 4126488336, server ISN
 * 547479085, 34 bytes of data, orderly close).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "explain_catalog.h"
#include "explain_engine.h"
#include "explain_narrative.h"
#include "test_segments.h"

#define F EXPLAIN_TH_FIN
#define S EXPLAIN_TH_SYN
#define P EXPLAIN_TH_PSH
#define A EXPLAIN_TH_ACK
#define R EXPLAIN_TH_RST

typedef test_seg_t seg_t;
#define note_segs test_note_flow

/* Sentences (or parts) each packet's narrative or summary must contain. */
typedef struct {
    const char *summary;
    const char *text[4];
} expect_words_t;

static const expect_words_t note_words[] = {
    { "Handshake 1/3 (SYN): client opens with ISN 4126488336 (raw), next seq 1 (relative)",
      { "raw 4126488336", "relative 0",
        "The SYN itself consumes one sequence number, so the client's next sequence number is 1.",
        "MSS option 1460" } },
    { "Handshake 2/3 (SYN-ACK): server ISN 547479085, ack 4126488337 = client ISN + 1",
      { "own ISN, raw 547479085",
        "Ack = client ISN + 1 = 4126488336 + 1 = 4126488337 (relative 1)",
        "SACK permitted", NULL } },
    { "Handshake 3/3 (ACK): client acks 547479086 = server ISN + 1, connection established",
      { "Ack = server ISN + 1 = 547479085 + 1 = 547479086 (relative 1)",
        "Window 10233 x scale 256 (2^8, agreed in the handshake) = 2619648 bytes",
        "connection is established", NULL } },
    { "Data: client sends 34 bytes, seq 1 -> next seq 35, ack 1",
      { "Next seq = seq 1 + len 34 + SYN 0 + FIN 0 = 35",
        "PSH is set",
        "Ack stays 1 (raw 547479086): the server has sent nothing new", NULL } },
    { "ACK: server acknowledges up to 35 (34 new)",
      { "Ack 35 (raw 4126488337 + 34 = 4126488371) acknowledges 34 more sequence numbers",
        NULL } },
    { "Teardown 1/4 (FIN): client closes first, seq 35 -> next seq 36",
      { "active close", "The FIN consumes one sequence number, so the client's next sequence number is 36.",
        NULL } },
    { "Teardown 2/4 (ACK): server acks the client's FIN, ack 36",
      { "Ack 36 (raw 4126488371 + 1 = 4126488372)", NULL } },
    { "Teardown 3/4 (FIN): server closes too, seq 1 -> next seq 2",
      { "passive close", "so the server's next sequence number is 2.", NULL } },
    { "Teardown 4/4 (ACK): client acks the server's FIN, ack 2, connection closed",
      { "the client used 36 sequence numbers = 1 SYN + 34 data bytes + 1 FIN; "
        "the server used 2 = 1 SYN + 0 data bytes + 1 FIN",
        "Ack 2 (raw 547479086 + 1 = 547479087)", NULL } },
};

static explain_facts_t facts_for(const seg_t *seg, uint32_t frame)
{
    return test_facts(seg, frame, test_note_ports);
}

/* Every line of a narrative is non-empty, filled, and fits a tree label. */
static void assert_lines_well_formed(const char *text)
{
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        g_assert_cmpuint(strlen(*l), >, 0);
        g_assert_cmpuint(strlen(*l), <, 240);
        g_assert_null(strchr(*l, '{'));
        g_assert_true(g_utf8_validate(*l, -1, NULL));
    }
    g_strfreev(lines);
}

static void test_note_flow_words(void)
{
    explain_catalog_t *catalog = explain_catalog_new_builtin();
    explain_telling_t how = { catalog, EXPLAIN_VOICE_TEACHING, NULL, NULL };
    explain_stream_t stream;
    explain_result_t r;

    explain_stream_init(&stream);
    for (size_t i = 0; i < G_N_ELEMENTS(note_segs); i++) {
        explain_facts_t f = facts_for(&note_segs[i], (uint32_t)i + 1);
        GString *summary = g_string_new(NULL);
        GString *text = g_string_new(NULL);

        explain_segment(&stream, &f, &r);
        explain_narrative_summary(&how, &r, summary);
        explain_narrative_text(&how, &r, text);
        g_test_message("packet %zu: %s\n%s", i + 1, summary->str, text->str);

        g_assert_cmpstr(summary->str, ==, note_words[i].summary);
        for (size_t k = 0; k < G_N_ELEMENTS(note_words[i].text) && note_words[i].text[k]; k++) {
            if (strstr(text->str, note_words[i].text[k]) == NULL)
                g_error("packet %zu lacks \"%s\" in:\n%s", i + 1, note_words[i].text[k], text->str);
        }
        assert_lines_well_formed(text->str);
        g_string_free(summary, TRUE);
        g_string_free(text, TRUE);
    }
    explain_catalog_free(catalog);
}

/* A failed check says what was expected, in numbers. */
static void test_failed_check_words(void)
{
    explain_catalog_t *catalog = explain_catalog_new_builtin();
    explain_telling_t how = { catalog, EXPLAIN_VOICE_TEACHING, NULL, NULL };
    explain_stream_t stream;
    explain_result_t r;
    seg_t syn = { 'c', S, 100, 0, 0, 1000 };
    seg_t bad_synack = { 's', S | A, 500, 150, 0, 1000 };
    explain_facts_t f;
    GString *out = g_string_new(NULL);
    GString *summary = g_string_new(NULL);

    explain_stream_init(&stream);
    f = facts_for(&syn, 1);
    explain_segment(&stream, &f, &r);
    f = facts_for(&bad_synack, 2);
    explain_segment(&stream, &f, &r);

    explain_narrative_check(&how, &r, EXPLAIN_CHECK_SYNACK_ACK, out);
    g_assert_cmpstr(out->str, ==,
                    "Check failed: a SYN-ACK must acknowledge the client's ISN + 1 = 101, but this "
                    "one acks 150: it does not answer the SYN seen here (a stale or forged reply, "
                    "or another SYN was not captured).");
    g_string_truncate(out, 0);
    /* The client had sent up to 101 (relative 1); 150 is relative 50. */
    explain_narrative_check(&how, &r, EXPLAIN_CHECK_ACK_WITHIN_SENT, out);
    g_assert_nonnull(strstr(out->str, "ack 50 (raw 150)"));
    g_assert_nonnull(strstr(out->str, "(up to 1, raw 101)"));
    explain_narrative_summary(&how, &r, summary);
    /* The summary must not claim 150 = client ISN + 1. */
    g_assert_cmpstr(summary->str, ==,
                    "Handshake 2/3 (SYN-ACK): server ISN 500, ack 150 but client ISN + 1 = 101"
                    "; ACK 50 beyond what was seen sent (1) [check failed]");

    g_string_free(summary, TRUE);
    g_string_free(out, TRUE);
    explain_catalog_free(catalog);
}

/* Every text id the narrative can ask for exists in the built-in catalog. */
static void test_catalog_covers_narrative(void)
{
    explain_catalog_t *catalog = explain_catalog_new_builtin();
    static const char *const fixed_ids[] = {
        "role.client", "role.server", "summary.check_failed", "seq.arithmetic",
        "seq.syn_consumes", "seq.fin_consumes", "seq.rst", "ack.absent", "ack.plain",
        "note.reconcile", "note.reconcile_gaps",
    };
    char id[80];

    for (size_t i = 0; i < G_N_ELEMENTS(fixed_ids); i++)
        g_assert_true(explain_catalog_has(catalog, fixed_ids[i]));
    for (int s = 0; s < EXPLAIN_STEP_COUNT; s++) {
        snprintf(id, sizeof id, "step.%s", explain_step_label((explain_step_t)s));
        g_assert_true(explain_catalog_has(catalog, id));
        snprintf(id, sizeof id, "summary.%s", explain_step_label((explain_step_t)s));
        g_assert_true(explain_catalog_has(catalog, id));
    }
    for (int n = 0; n < EXPLAIN_NOTE_COUNT; n++) {
        snprintf(id, sizeof id, "note.%s", explain_note_key((explain_note_t)n));
        if (!explain_catalog_has(catalog, id))
            g_error("catalog lacks %s", id);
    }
    /* The words of {missing_steps}, {our_verdict} and {phase}. */
    for (int s = EXPLAIN_STEP_SYN; s <= EXPLAIN_STEP_LAST_ACK; s++) {
        if (s == EXPLAIN_STEP_DATA || s == EXPLAIN_STEP_ACK)
            continue;
        snprintf(id, sizeof id, "word.step.%s", explain_step_label((explain_step_t)s));
        if (!explain_catalog_has(catalog, id))
            g_error("catalog lacks %s", id);
    }
    for (int e = 1; e < EXPLAIN_EVENT_COUNT; e++) {
        snprintf(id, sizeof id, "word.event.%s", explain_event_label((explain_event_t)e));
        if (!explain_catalog_has(catalog, id))
            g_error("catalog lacks %s", id);
    }
    for (int p = 0; p < EXPLAIN_PHASE_COUNT; p++) {
        snprintf(id, sizeof id, "word.phase.%s", explain_phase_label((explain_phase_t)p));
        if (!explain_catalog_has(catalog, id))
            g_error("catalog lacks %s", id);
    }
    for (int c = 0; c < EXPLAIN_CHECK_COUNT; c++) {
        snprintf(id, sizeof id, "check.%s.pass", explain_check_id((explain_check_t)c));
        g_assert_true(explain_catalog_has(catalog, id));
        snprintf(id, sizeof id, "check.%s.fail", explain_check_id((explain_check_t)c));
        g_assert_true(explain_catalog_has(catalog, id));
    }
    explain_catalog_free(catalog);
}

/* A RST narrative says which state it came in and uses no arithmetic line. */
static void test_rst_words(void)
{
    explain_catalog_t *catalog = explain_catalog_new_builtin();
    explain_telling_t how = { catalog, EXPLAIN_VOICE_TEACHING, NULL, NULL };
    explain_stream_t stream;
    explain_result_t r;
    seg_t syn = { 'c', S, 1000, 0, 0, 1000 };
    seg_t refuse = { 's', R | A, 0, 1001, 0, 0 };
    explain_facts_t f;
    GString *text = g_string_new(NULL);

    explain_stream_init(&stream);
    f = facts_for(&syn, 1);
    explain_segment(&stream, &f, &r);
    f = facts_for(&refuse, 2);
    explain_segment(&stream, &f, &r);
    explain_narrative_text(&how, &r, text);
    g_assert_nonnull(strstr(text->str, "Reset (RST): the server aborts the connection"));
    g_assert_nonnull(strstr(text->str, "Connection refused: the server answers the SYN with a reset; "
                                       "nothing listens on port 5000"));
    g_assert_null(strstr(text->str, "Window"));
    g_string_truncate(text, 0);
    explain_narrative_summary(&how, &r, text);
    g_assert_cmpstr(text->str, ==, "Reset (RST) from the server: connection refused on port 5000");
    g_assert_null(strstr(text->str, "Next seq ="));
    assert_lines_well_formed(text->str);
    g_string_free(text, TRUE);
    explain_catalog_free(catalog);
}

/* Everything the narrative says about the note's flow in one voice and
 * language: summaries, texts, every check and the verdicts. */
static char *tell_all(const explain_catalog_t *catalog, explain_voice_t voice, const char *lang)
{
    explain_telling_t how = { catalog, voice, lang, NULL };
    explain_stream_t stream;
    explain_result_t r;
    GString *all = g_string_new(NULL);

    explain_stream_init(&stream);
    for (size_t i = 0; i < G_N_ELEMENTS(note_segs); i++) {
        explain_facts_t f = facts_for(&note_segs[i], (uint32_t)i + 1);
        explain_segment(&stream, &f, &r);
        explain_narrative_summary(&how, &r, all);
        g_string_append_c(all, '\n');
        explain_narrative_text(&how, &r, all);
        g_string_append_c(all, '\n');
        for (int c = 0; c < EXPLAIN_CHECK_COUNT; c++) {
            explain_narrative_check(&how, &r, (explain_check_t)c, all);
            g_string_append_c(all, '\n');
        }
        explain_narrative_verdict(&how, &r, all);
        g_string_append_c(all, '\n');
        explain_narrative_id(&how, &r, "note.reconcile", all);
        g_string_append_c(all, '\n');
    }
    return g_string_free(all, FALSE);
}

/* The narrative finds its texts in lists the catalog resolves once; when
 * the catalog holds no more lists, it looks each text up by id and says
 * exactly the same. */
static void test_resolved_or_not(void)
{
    static const char *const other_ids[] = { "step.syn" };
    static const char *const langs[] = { NULL, "es", "es_AR.UTF-8", "fr" };
    explain_catalog_t *fresh = explain_catalog_new_builtin();
    explain_catalog_t *full = explain_catalog_new_builtin();

    for (int i = 0; i < EXPLAIN_CATALOG_RESOLVED_MAX; i++) {
        char *lang = g_strdup_printf("xx%d", i);
        g_assert_nonnull(explain_catalog_resolve(full, other_ids, 1, EXPLAIN_VOICE_BRIEF, lang));
        g_free(lang);
    }
    for (size_t l = 0; l < G_N_ELEMENTS(langs); l++) {
        for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
            char *resolved = tell_all(fresh, (explain_voice_t)v, langs[l]);
            char *again = tell_all(fresh, (explain_voice_t)v, langs[l]);
            char *by_id = tell_all(full, (explain_voice_t)v, langs[l]);
            g_assert_cmpstr(resolved, ==, by_id);
            g_assert_cmpstr(again, ==, by_id);
            g_free(resolved);
            g_free(again);
            g_free(by_id);
        }
    }
    explain_catalog_free(full);
    explain_catalog_free(fresh);
}

/* A teacher's file merged after texts were told changes what is told. */
static void test_merge_after_telling(void)
{
    static const char teacher[] = "[role.client]\nteaching=browser\n";
    explain_catalog_t *catalog = explain_catalog_new_builtin();
    char *before = tell_all(catalog, EXPLAIN_VOICE_TEACHING, NULL);
    g_assert_nonnull(strstr(before, "the client"));
    g_assert_true(explain_catalog_merge_data(catalog, teacher, sizeof teacher - 1, "teacher", NULL));
    char *after = tell_all(catalog, EXPLAIN_VOICE_TEACHING, NULL);
    g_assert_null(strstr(after, "the client"));
    g_assert_nonnull(strstr(after, "the browser"));
    g_free(before);
    g_free(after);
    explain_catalog_free(catalog);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/narrative/note-flow", test_note_flow_words);
    g_test_add_func("/narrative/failed-check", test_failed_check_words);
    g_test_add_func("/narrative/catalog-covers-narrative", test_catalog_covers_narrative);
    g_test_add_func("/narrative/rst", test_rst_words);
    g_test_add_func("/narrative/resolved-or-not", test_resolved_or_not);
    g_test_add_func("/narrative/merge-after-telling", test_merge_after_telling);
    return g_test_run();
}
