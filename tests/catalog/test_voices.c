/* test_voices.c - /voices/...: the three voices (brief, teaching, story)
 * and the shipped languages of the built-in catalog.
 *
 *  - every text id has every voice in English and in every shipped
 *    translation (explain.<ll>.keyfile), so shipped texts never fall back;
 *  - translations keep the placeholders of their English text;
 *  - the note's 9-packet flow (../shared/seed/tcp-flow-note.txt) renders
 *    in each voice and language: non-empty lines, no leftover '{', valid
 *    UTF-8, under 240 bytes, and some sentences checked by hand;
 *  - every text stays under 240 bytes with the widest realistic numbers;
 *  - locale selection and per-text fallback to English;
 *  - annotations/README.md lists every text id.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "explain_catalog.h"
#include "explain_catalog_builtin.h"
#include "explain_engine.h"
#include "explain_narrative.h"
#include "explain_template.h"
#include "test_segments.h"

/* Wireshark cuts tree labels at 240 bytes (ITEM_LABEL_LENGTH). */
#define LINE_MAX_BYTES 240u

#define B EXPLAIN_VOICE_BRIEF
#define T EXPLAIN_VOICE_TEACHING
#define S EXPLAIN_VOICE_STORY

static const char *const voice_names[EXPLAIN_VOICE_COUNT] = { "brief", "teaching", "story" };

/* ---- the embedded key files ---------------------------------------------------- */

static GKeyFile *load_keyfile(const char *data, size_t size)
{
    GKeyFile *kf = g_key_file_new();
    GError *err = NULL;
    if (!g_key_file_load_from_data(kf, data, size, G_KEY_FILE_KEEP_TRANSLATIONS, &err))
        g_error("embedded catalog does not load: %s", err->message);
    return kf;
}

/* annotations/explain.keyfile. */
static GKeyFile *english_keyfile(void)
{
    return load_keyfile(explain_catalog_builtin_data, explain_catalog_builtin_size);
}

/* The locale of a translation file name: "es" for "explain.es.keyfile". */
static char *file_locale(const char *name)
{
    g_assert_true(g_str_has_prefix(name, "explain.") && g_str_has_suffix(name, ".keyfile"));
    return g_strndup(name + strlen("explain."), strlen(name) - strlen("explain.") - strlen(".keyfile"));
}

/* The embedded translation file of a locale, or NULL. */
static const explain_catalog_builtin_file_t *translation_file(const char *locale)
{
    for (size_t i = 0; i < explain_catalog_builtin_translation_count; i++) {
        char *l = file_locale(explain_catalog_builtin_translations[i].name);
        bool match = strcmp(l, locale) == 0;
        g_free(l);
        if (match)
            return &explain_catalog_builtin_translations[i];
    }
    return NULL;
}

/* The text of a key ("brief" or "brief[es]") in a group, unescaped, or NULL. */
static char *keyfile_text(GKeyFile *kf, const char *group, const char *key)
{
    return g_key_file_get_string(kf, group, key, NULL);
}

/* ---- placeholders ------------------------------------------------------------- */

static void add_name(void *set, const char *name, size_t len)
{
    g_hash_table_add(set, g_strndup(name, len));
}

/* The set of placeholder names in a template. */
static GHashTable *placeholders_of(const char *text)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_assert_true(explain_template_scan(text, add_name, set, NULL));
    return set;
}

/* ---- the note's flow ---------------------------------------------------------------- */

#define FL EXPLAIN_TH_FIN
#define SY EXPLAIN_TH_SYN
#define PS EXPLAIN_TH_PSH
#define AK EXPLAIN_TH_ACK

#define C_ISN TEST_NOTE_CLIENT_ISN
#define S_ISN TEST_NOTE_SERVER_ISN

typedef test_seg_t seg_t;
#define note_segs test_note_flow
#define NOTE_PACKETS TEST_NOTE_PACKETS

static explain_facts_t facts_for(const seg_t *seg, uint32_t frame)
{
    return test_facts(seg, frame, test_note_ports);
}

/* What one packet says in one voice and language. */
typedef struct {
    char  *summary;
    char **lines;    /* the narrative, one entry per line */
    char **checks;   /* each check's text (pass or fail), for checks the catalog has */
} told_t;

static void told_clear(told_t *t)
{
    g_free(t->summary);
    g_strfreev(t->lines);
    g_strfreev(t->checks);
}

/* Feeds segs to a fresh stream and tells every packet. */
static void tell_segments(const explain_catalog_t *cat, explain_voice_t voice, const char *lang,
                          const seg_t *segs, size_t n, told_t *out)
{
    explain_telling_t how = { cat, voice, lang, NULL };
    explain_stream_t stream;
    explain_result_t r;

    explain_stream_init(&stream);
    for (size_t i = 0; i < n; i++) {
        explain_facts_t f = facts_for(&segs[i], (uint32_t)i + 1);
        GString *summary = g_string_new(NULL);
        GString *text = g_string_new(NULL);
        GPtrArray *checks = g_ptr_array_new();

        explain_segment(&stream, &f, &r);
        explain_narrative_summary(&how, &r, summary);
        explain_narrative_text(&how, &r, text);
        for (int c = 0; c < EXPLAIN_CHECK_COUNT; c++) {
            char id[96];
            snprintf(id, sizeof id, "check.%s.pass", explain_check_id((explain_check_t)c));
            if (!explain_catalog_has(cat, id))
                continue;   /* coverage is /narrative/catalog-covers-narrative's job */
            GString *check = g_string_new(NULL);
            explain_narrative_check(&how, &r, (explain_check_t)c, check);
            g_ptr_array_add(checks, g_string_free(check, FALSE));
        }
        g_ptr_array_add(checks, NULL);

        out[i].summary = g_string_free(summary, FALSE);
        out[i].lines = g_strsplit(text->str, "\n", -1);
        out[i].checks = (char **)g_ptr_array_free(checks, FALSE);
        g_string_free(text, TRUE);
    }
}

/* A rendered line: non-empty, filled, valid UTF-8, fits a tree label. */
static void assert_line_ok(const char *line, const char *what)
{
    if (line[0] == '\0' || strchr(line, '{') != NULL || strchr(line, '\n') != NULL ||
        strlen(line) >= LINE_MAX_BYTES || !g_utf8_validate(line, -1, NULL))
        g_error("%s: bad line (%zu bytes): \"%s\"", what, strlen(line), line);
}

static void assert_told_ok(const told_t *t, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        char *where = g_strdup_printf("%s, packet %zu", what, i + 1);
        assert_line_ok(t[i].summary, where);
        g_assert_nonnull(t[i].lines[0]);
        for (char **l = t[i].lines; *l; l++)
            assert_line_ok(*l, where);
        for (char **c = t[i].checks; *c; c++)
            assert_line_ok(*c, where);
        g_free(where);
    }
}

static bool has_line(char *const *lines, const char *want)
{
    for (char *const *l = lines; *l; l++) {
        if (strcmp(*l, want) == 0)
            return true;
    }
    return false;
}

/* ---- /voices/complete ------------------------------------------------------------ */

/* Every text id has every voice, non-empty, in English and in every
 * shipped translation; a translation adds no unknown text id. Spanish is
 * shipped. */
static void test_complete(void)
{
    GKeyFile *en = english_keyfile();
    gsize n = 0;
    char **groups = g_key_file_get_groups(en, &n);
    g_assert_cmpuint(n, >, 0);
    g_assert_nonnull(translation_file("es"));

    for (gsize g = 0; g < n; g++) {
        for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
            char *text = keyfile_text(en, groups[g], voice_names[v]);
            if (text == NULL || text[0] == '\0')
                g_error("[%s] has no English %s text", groups[g], voice_names[v]);
            g_free(text);
        }
    }
    for (size_t i = 0; i < explain_catalog_builtin_translation_count; i++) {
        const explain_catalog_builtin_file_t *f = &explain_catalog_builtin_translations[i];
        char *locale = file_locale(f->name);
        GKeyFile *tr = load_keyfile(f->data, f->size);
        for (gsize g = 0; g < n; g++) {
            for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
                char *key = g_strdup_printf("%s[%s]", voice_names[v], locale);
                char *text = keyfile_text(tr, groups[g], key);
                if (text == NULL)
                    text = keyfile_text(en, groups[g], key);
                if (text == NULL || text[0] == '\0')
                    g_error("%s: [%s] has no %s text", f->name, groups[g], key);
                g_free(text);
                g_free(key);
            }
        }
        gsize tn = 0;
        char **tgroups = g_key_file_get_groups(tr, &tn);
        for (gsize g = 0; g < tn; g++) {
            if (!g_key_file_has_group(en, tgroups[g]))
                g_error("%s: [%s] is not a text id of explain.keyfile", f->name, tgroups[g]);
        }
        g_strfreev(tgroups);
        g_key_file_free(tr);
        g_free(locale);
    }
    g_strfreev(groups);
    g_key_file_free(en);
}

/* ---- /voices/placeholders ------------------------------------------------------------ */

/* Every translated text keeps every placeholder of the English text of
 * the same text id and voice (the catalog refuses it otherwise; this
 * names every offender, not only the first). */
static void test_placeholders_kept(void)
{
    GKeyFile *en = english_keyfile();
    gsize n = 0;
    char **groups = g_key_file_get_groups(en, &n);
    unsigned bad = 0;

    for (size_t i = 0; i < explain_catalog_builtin_translation_count; i++) {
        const explain_catalog_builtin_file_t *f = &explain_catalog_builtin_translations[i];
        char *locale = file_locale(f->name);
        GKeyFile *tr = load_keyfile(f->data, f->size);
        for (gsize g = 0; g < n; g++) {
            for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
                char *key = g_strdup_printf("%s[%s]", voice_names[v], locale);
                char *text = keyfile_text(tr, groups[g], key);
                char *ref = keyfile_text(en, groups[g], voice_names[v]);
                if (text != NULL && ref != NULL) {
                    GHashTable *have = placeholders_of(text);
                    GHashTable *need = placeholders_of(ref);
                    GHashTableIter it;
                    gpointer name;
                    g_hash_table_iter_init(&it, need);
                    while (g_hash_table_iter_next(&it, &name, NULL)) {
                        if (!g_hash_table_contains(have, name)) {
                            g_test_message("%s: [%s] %s drops {%s}", f->name, groups[g], key,
                                           (const char *)name);
                            bad++;
                        }
                    }
                    g_hash_table_destroy(have);
                    g_hash_table_destroy(need);
                }
                g_free(text);
                g_free(ref);
                g_free(key);
            }
        }
        g_key_file_free(tr);
        g_free(locale);
    }
    g_assert_cmpuint(bad, ==, 0);
    g_strfreev(groups);
    g_key_file_free(en);
}

/* ---- /voices/shipped-no-fallback ------------------------------------------------------ */

/* With the built-in catalog, a Spanish reader gets the Spanish text of
 * the very voice asked for, for every text id: no shipped text falls back. */
static void test_shipped_no_fallback(void)
{
    explain_catalog_t *cat = explain_catalog_new_builtin();
    GKeyFile *en = english_keyfile();
    const explain_catalog_builtin_file_t *f = translation_file("es");
    GKeyFile *es = load_keyfile(f->data, f->size);
    gsize n = 0;
    char **groups = g_key_file_get_groups(en, &n);

    for (gsize g = 0; g < n; g++) {
        for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
            char *key = g_strdup_printf("%s[es]", voice_names[v]);
            char *want_es = keyfile_text(es, groups[g], key);
            char *want_en = keyfile_text(en, groups[g], voice_names[v]);
            static const char *const spanish[] = { "es", "es_ES.UTF-8", "es_AR", "es_MX.utf8@euro" };
            for (size_t l = 0; l < G_N_ELEMENTS(spanish); l++)
                g_assert_cmpstr(explain_catalog_text(cat, groups[g], (explain_voice_t)v, spanish[l]),
                                ==, want_es);
            g_assert_cmpstr(explain_catalog_text(cat, groups[g], (explain_voice_t)v, NULL), ==, want_en);
            g_free(want_es);
            g_free(want_en);
            g_free(key);
        }
    }
    g_strfreev(groups);
    g_key_file_free(es);
    g_key_file_free(en);
    explain_catalog_free(cat);
}

/* ---- /voices/locale -------------------------------------------------------------------- */

/* "es_ES.UTF-8" selects Spanish; "fr_FR" (not shipped), "C", "" and NULL
 * select English, for a text and for the whole narrative. */
static void test_locale_selection(void)
{
    explain_catalog_t *cat = explain_catalog_new_builtin();
    static const struct {
        const char     *locale;
        explain_voice_t voice;
        const char     *want;
    } cases[] = {
        { "es_ES.UTF-8", T, "cliente" },
        { "es_ES.UTF-8", S, "cliente" },   /* with an article: "del cliente" */
        { "es_ES.UTF-8", B, "cliente" },
        { "es_AR", S, "cliente" },
        { "ES_es.utf8",  T, "cliente" },
        { "es",          T, "cliente" },
        { "fr_FR",       T, "client" },
        { "fr_FR.UTF-8", S, "Client" },
        { "C",           T, "client" },
        { "",            T, "client" },
        { NULL,          S, "Client" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        g_assert_cmpstr(explain_catalog_text(cat, "role.client", cases[i].voice, cases[i].locale),
                        ==, cases[i].want);

    g_assert_true(g_str_has_prefix(explain_catalog_text(cat, "step.syn", T, "es_ES.UTF-8"),
                                   "Paso 1 de 3 del establecimiento (SYN)"));
    g_assert_true(g_str_has_prefix(explain_catalog_text(cat, "step.syn", T, "fr_FR"),
                                   "Handshake step 1 of 3 (SYN)"));

    /* The whole flow in fr_FR is the English flow, voice by voice. */
    for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
        told_t fr[NOTE_PACKETS], english[NOTE_PACKETS];
        tell_segments(cat, (explain_voice_t)v, "fr_FR", note_segs, NOTE_PACKETS, fr);
        tell_segments(cat, (explain_voice_t)v, NULL, note_segs, NOTE_PACKETS, english);
        for (size_t i = 0; i < NOTE_PACKETS; i++) {
            char *a = g_strjoinv("\n", fr[i].lines);
            char *b = g_strjoinv("\n", english[i].lines);
            g_assert_cmpstr(fr[i].summary, ==, english[i].summary);
            g_assert_cmpstr(a, ==, b);
            g_free(a);
            g_free(b);
            told_clear(&fr[i]);
            told_clear(&english[i]);
        }
    }
    explain_catalog_free(cat);
}

/* ---- /voices/note-flow ----------------------------------------------------------------- */

/* Sentences worked out by hand from the note: client ISN 4126488336,
 * server ISN 547479085, 34 bytes of data, orderly close. part 's' is the
 * summary, 't' a line of the narrative. */
typedef struct {
    explain_voice_t voice;
    const char     *lang;
    unsigned        packet;   /* 1-based */
    char            part;
    const char     *want;
} expect_t;

static const expect_t expected[] = {
    /* English, brief: numbers only. */
    { B, NULL, 1, 's', "SYN client->server ISN 4126488336 (raw); rel seq 0 next 1" },
    { B, NULL, 2, 's', "SYN-ACK server->client ISN 547479085 ack 4126488337 = client ISN+1" },
    { B, NULL, 2, 't', "ack 4126488337 = 4126488336+1 (rel 1)" },
    { B, NULL, 4, 't', "next 1+34+0+0=35 (raw 4126488337+34+0+0=4126488371)" },
    { B, NULL, 5, 's', "ACK server->client ack 35 (+34)" },
    { B, NULL, 9, 's', "ACK client->server ack 2 (FIN 4/4), closed" },
    { B, NULL, 9, 't', "ack 2 = 547479086+1 = 547479087 (FIN 1 + 1)" },
    { B, NULL, 9, 't', "next 36+0+0+0=36 (raw 4126488372+0+0+0=4126488372)" },
    /* English, teaching (the lead's texts; more in tests/engine/test_narrative.c). */
    { T, NULL, 2, 's', "Handshake 2/3 (SYN-ACK): server ISN 547479085, ack 4126488337 = client ISN + 1" },
    { T, NULL, 2, 't', "Ack = client ISN + 1 = 4126488336 + 1 = 4126488337 (relative 1): the +1 is "
                       "for the client's SYN, which consumed one sequence number." },
    { T, NULL, 9, 's', "Teardown 4/4 (ACK): client acks the server's FIN, ack 2, connection closed" },
    { T, NULL, 9, 't', "Teardown step 4 of 4 (ACK): the client acknowledges the server's FIN; "
                       "both directions are now closed." },
    /* English, story. */
    { S, NULL, 1, 't', "Client: hello Server, may I open a connection? I'm picking 4126488336 as my "
                       "starting number; Wireshark calls it 0." },
    { S, NULL, 2, 's', "Server: sure, Client! I ack 4126488337, and my number is 547479085." },
    { S, NULL, 2, 't', "Server: sure thing, Client! I got your number 4126488336, and one more than "
                       "that is 4126488337, so that's my ack. My own starting number is 547479085 "
                       "(Wireshark: 0)." },
    { S, NULL, 3, 't', "Your SYN used up one number, so I add one to yours: 547479085 + 1 = 547479086. "
                       "That's what I expect from you next (relative 1)." },
    { S, NULL, 5, 't', "I got 34 more from you: 4126488337 + 34 = 4126488371. Everything before 35 is "
                       "here, so 35 is what I want next." },
    { S, NULL, 9, 's', "Client: got your goodbye (ack 2). All closed, take care!" },
    { S, NULL, 9, 't', "Your FIN (seq 1) counts as one number, so I ack one past it: 2 "
                       "(raw 547479086 + 1 = 547479087)." },
    { S, NULL, 9, 't', "Let's count: I used 36 numbers (1 SYN + 34 bytes + 1 FIN), you used 2 "
                       "(1 SYN + 0 bytes + 1 FIN). It all adds up!" },
    /* Spanish, teaching. */
    { T, "es", 1, 's', "Establecimiento 1/3 (SYN): el cliente abre con ISN 4126488336 (absoluto), "
                       "siguiente seq 1 (relativo)" },
    { T, "es", 2, 's', "Establecimiento 2/3 (SYN-ACK): ISN del servidor 547479085, ack 4126488337 = "
                       "ISN del cliente + 1" },
    { T, "es", 2, 't', "Ack = ISN del cliente + 1 = 4126488336 + 1 = 4126488337 (relativo 1): el +1 "
                       "corresponde al SYN del cliente, que consumió un número de secuencia." },
    { T, "es", 4, 't', "Siguiente seq = seq 1 + len 34 + SYN 0 + FIN 0 = 35 (absoluto 4126488337 + 34 "
                       "+ 0 + 0 = 4126488371)." },
    { T, "es", 9, 's', "Cierre 4/4 (ACK): el cliente confirma el FIN del servidor, ack 2, conexión cerrada" },
    { T, "es", 9, 't', "Paso 4 de 4 del cierre (ACK): el cliente acusa recibo del FIN del servidor; "
                       "ahora ambos sentidos están cerrados." },
    { T, "es", 9, 't', "Ack 2 (absoluto 547479086 + 1 = 547479087): uno más allá del FIN del "
                       "servidor (seq 1), porque el FIN consumió un número de secuencia." },
    { T, "es", 9, 't', "Las cuentas cuadran: el cliente usó 36 números de secuencia = 1 SYN + 34 bytes "
                       "de datos + 1 FIN; el servidor usó 2 = 1 SYN + 0 bytes de datos + 1 FIN." },
    /* Spanish, brief. */
    { B, "es", 2, 's', "SYN-ACK servidor->cliente ISN 547479085 ack 4126488337 = ISN del cliente+1" },
    { B, "es", 4, 's', "DATOS cliente->servidor len 34 seq 1 sig 35 ack 1" },
    { B, "es", 9, 's', "ACK cliente->servidor ack 2 (FIN 4/4), cerrada" },
    { B, "es", 9, 't', "sig 36+0+0+0=36 (abs 4126488372+0+0+0=4126488372)" },
    /* Spanish, story. */
    { S, "es", 2, 's', "Servidor: ¡claro, cliente! Confirmo 4126488337, y mi número es 547479085." },
    { S, "es", 2, 't', "Servidor: ¡claro, cliente! Recibí tu número 4126488336; uno más es 4126488337, "
                       "y ese es mi ack. Mi propio número inicial es 547479085 (Wireshark: 0)." },
    { S, "es", 9, 's', "Cliente: recibí tu despedida (ack 2). Todo cerrado, ¡cuídate!" },
    { S, "es", 9, 't', "Hagamos cuentas: yo usé 36 números (1 SYN + 34 bytes + 1 FIN), tú usaste 2 "
                       "(1 SYN + 0 bytes + 1 FIN). ¡Todo cuadra!" },
};

typedef struct {
    explain_voice_t voice;
    const char     *lang;
} voice_case_t;

/* The flow in one voice and language: well formed, and the expected
 * sentences of that voice and language. For teaching and story in Spanish,
 * every line also differs from the English one (nothing fell back). */
static void test_note_flow_told(gconstpointer data)
{
    const voice_case_t *vc = data;
    explain_catalog_t *cat = explain_catalog_new_builtin();
    told_t told[NOTE_PACKETS];
    char *what = g_strdup_printf("%s/%s", voice_names[vc->voice], vc->lang ? vc->lang : "en");

    tell_segments(cat, vc->voice, vc->lang, note_segs, NOTE_PACKETS, told);
    for (size_t i = 0; i < NOTE_PACKETS; i++) {
        g_test_message("%s packet %zu: %s", what, i + 1, told[i].summary);
        for (char **l = told[i].lines; *l; l++)
            g_test_message("    %s", *l);
    }
    assert_told_ok(told, NOTE_PACKETS, what);
    if (vc->voice == B) {   /* the brief voice: the summary and two lines at most */
        for (size_t i = 0; i < NOTE_PACKETS; i++)
            g_assert_cmpuint(g_strv_length(told[i].lines), <=, 2);
    }

    unsigned checked = 0;
    for (size_t e = 0; e < G_N_ELEMENTS(expected); e++) {
        const expect_t *x = &expected[e];
        if (x->voice != vc->voice || g_strcmp0(x->lang, vc->lang) != 0)
            continue;
        const told_t *t = &told[x->packet - 1];
        if (x->part == 's')
            g_assert_cmpstr(t->summary, ==, x->want);
        else if (!has_line(t->lines, x->want))
            g_error("%s packet %u lacks the line\n  \"%s\"", what, x->packet, x->want);
        checked++;
    }
    g_assert_cmpuint(checked, >=, 4);

    if (vc->lang != NULL && vc->voice != B) {
        told_t english[NOTE_PACKETS];
        tell_segments(cat, vc->voice, NULL, note_segs, NOTE_PACKETS, english);
        for (size_t i = 0; i < NOTE_PACKETS; i++) {
            g_assert_cmpstr(told[i].summary, !=, english[i].summary);
            g_assert_cmpuint(g_strv_length(told[i].lines), ==, g_strv_length(english[i].lines));
            for (guint k = 0; told[i].lines[k]; k++)
                g_assert_cmpstr(told[i].lines[k], !=, english[i].lines[k]);
            for (guint k = 0; told[i].checks[k]; k++)
                g_assert_cmpstr(told[i].checks[k], !=, english[i].checks[k]);
            told_clear(&english[i]);
        }
    }
    for (size_t i = 0; i < NOTE_PACKETS; i++)
        told_clear(&told[i]);
    g_free(what);
    explain_catalog_free(cat);
}

/* ---- /voices/failed-check ---------------------------------------------------------------- */

/* A SYN-ACK that acks the wrong number: the fail texts and the summary
 * suffix, in every voice and language. */
static void test_failed_check(void)
{
    static const seg_t bad[] = {
        { 'c', SY,      100, 0,   0, 1000 },
        { 's', SY | AK, 500, 150, 0, 1000 },
    };
    static const struct {
        explain_voice_t voice;
        const char     *lang;
        const char     *suffix;
        const char     *synack_fail;
    } cases[] = {
        { B, NULL, " [check failed]", "FAIL: SYN-ACK ack 150, expected client ISN+1 = 101" },
        { T, NULL, " [check failed]", NULL },
        { S, NULL, " (something doesn't add up!)",
          "Wait a minute: this answer should ack Client's number plus one, 101, but it says 150. "
          "It doesn't answer the hello we saw (stale, forged, or another SYN was not captured)." },
        { B, "es", " [comprobación fallida]", "FALLO: SYN-ACK ack 150, se esperaba ISN del cliente+1 = 101" },
        { T, "es", " [comprobación fallida]",
          "Comprobación fallida: un SYN-ACK debe acusar recibo del ISN del cliente + 1 = 101, pero "
          "este confirma 150: no responde al SYN visto aquí (una respuesta antigua o falsificada, "
          "o no se capturó otro SYN)." },
        { S, "es", " (¡algo no cuadra!)", NULL },
    };
    explain_catalog_t *cat = explain_catalog_new_builtin();

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        told_t told[G_N_ELEMENTS(bad)];
        explain_telling_t how = { cat, cases[i].voice, cases[i].lang, NULL };
        explain_stream_t stream;
        explain_result_t r;
        GString *fail = g_string_new(NULL);

        tell_segments(cat, cases[i].voice, cases[i].lang, bad, G_N_ELEMENTS(bad), told);
        assert_told_ok(told, G_N_ELEMENTS(bad), "failed check");
        g_assert_true(g_str_has_suffix(told[1].summary, cases[i].suffix));

        explain_stream_init(&stream);
        for (size_t k = 0; k < G_N_ELEMENTS(bad); k++) {
            explain_facts_t f = facts_for(&bad[k], (uint32_t)k + 1);
            explain_segment(&stream, &f, &r);
        }
        g_assert_true(explain_result_failed(&r, EXPLAIN_CHECK_SYNACK_ACK));
        explain_narrative_check(&how, &r, EXPLAIN_CHECK_SYNACK_ACK, fail);
        assert_line_ok(fail->str, "synack_ack.fail");
        if (cases[i].synack_fail != NULL)
            g_assert_cmpstr(fail->str, ==, cases[i].synack_fail);

        g_string_free(fail, TRUE);
        for (size_t k = 0; k < G_N_ELEMENTS(bad); k++)
            told_clear(&told[k]);
    }
    explain_catalog_free(cat);
}

/* ---- /voices/widest-numbers --------------------------------------------------------------- */

/* The words of one voice and language that fill placeholders: the longer
 * role word, every step {missing_steps} can list, two events in
 * {our_verdict}, the longest phase. */
typedef struct {
    const char *role;
    char       *missing_steps;
    char       *our_verdict;
    const char *phase;
} widest_words_t;

static widest_words_t widest_words(const explain_catalog_t *cat, explain_voice_t v,
                                   const char *lang)
{
    static const char *const steps[] = { "syn", "syn-ack", "handshake-ack", "fin", "ack-of-fin",
                                         "second-fin", "last-ack" };
    static const char *const phases[] = { "unknown", "handshake", "established", "teardown",
                                          "closed" };
    widest_words_t w;
    const char *client = explain_catalog_text(cat, "role.client", v, lang);
    const char *server = explain_catalog_text(cat, "role.server", v, lang);
    GString *list = g_string_new(NULL);

    w.role = strlen(client) > strlen(server) ? client : server;
    for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
        char *id = g_strconcat("word.step.", steps[i], NULL);
        g_string_append_printf(list, "%s%s", i ? ", " : "", explain_catalog_text(cat, id, v, lang));
        g_free(id);
    }
    w.missing_steps = g_string_free(list, FALSE);
    w.our_verdict = g_strdup_printf("%s, %s",
        explain_catalog_text(cat, "word.event.spurious_retransmission", v, lang),
        explain_catalog_text(cat, "word.event.window_update", v, lang));
    w.phase = "";
    for (size_t i = 0; i < G_N_ELEMENTS(phases); i++) {
        char *id = g_strconcat("word.phase.", phases[i], NULL);
        const char *p = explain_catalog_text(cat, id, v, lang);
        if (strlen(p) > strlen(w.phase))
            w.phase = p;
        g_free(id);
    }
    return w;
}

/* The widest value a placeholder realistically takes: 10-digit sequence
 * numbers (raw and relative alike), the longest flag list, the words of
 * the voice and language (ctx, a widest_words_t), and so on. */
static const char *widest_value(void *ctx, const char *name, size_t len)
{
    static const struct { const char *name; const char *value; } widest[] = {
        { "flags", "SYN, FIN, RST, PSH, ACK, URG, ECE, CWR, AE" },
        { "sender_port", "65535" }, { "receiver_port", "65535" },
        { "syn", "1" }, { "fin", "1" },
        { "syn_count", "1" }, { "fin_count", "1" },
        { "peer_syn_count", "1" }, { "peer_fin_count", "1" },
        { "window_raw", "65535" }, { "mss", "65535" },
        { "wscale_shift", "14" }, { "opt_wscale_shift", "14" },
        { "wscale_factor", "16384" }, { "opt_wscale_factor", "16384" },
        { "handshake_step", "3" }, { "teardown_step", "4" },
        { "prev_window_raw", "65535" }, { "dup_ack_count", "999" }, { "orig_frame", "9999999" },
        { "len_bytes", "4294967295 bytes" }, { "checks_passed", "7" }, { "checks_explained", "7" },
        { "checks_failed", "7" },
        { "ws_verdict", "tcp.analysis.retransmission, tcp.analysis.window_update" },
    };
    const widest_words_t *w = ctx;
    if ((len == 6 && memcmp(name, "sender", 6) == 0) || (len == 8 && memcmp(name, "receiver", 8) == 0))
        return w->role;
    if (len == 13 && memcmp(name, "missing_steps", 13) == 0)
        return w->missing_steps;
    if (len == 11 && memcmp(name, "our_verdict", 11) == 0)
        return w->our_verdict;
    if (len == 5 && memcmp(name, "phase", 5) == 0)
        return w->phase;
    for (size_t i = 0; i < G_N_ELEMENTS(widest); i++) {
        if (strlen(widest[i].name) == len && memcmp(widest[i].name, name, len) == 0)
            return widest[i].value;
    }
    return "4294967295";   /* every count, length and sequence number */
}

/* Every text of every id, voice and shipped language, with the widest
 * numbers and the longest words of its voice and language, renders
 * under 240 bytes; summaries and brief texts are one line, and a summary
 * with the failed-check suffix still fits. */
static void test_widest_numbers(void)
{
    explain_catalog_t *cat = explain_catalog_new_builtin();
    GKeyFile *en = english_keyfile();
    gsize n = 0;
    char **groups = g_key_file_get_groups(en, &n);
    GPtrArray *langs = g_ptr_array_new_with_free_func(g_free);
    unsigned bad = 0;

    g_ptr_array_add(langs, g_strdup(""));
    for (size_t i = 0; i < explain_catalog_builtin_translation_count; i++)
        g_ptr_array_add(langs, file_locale(explain_catalog_builtin_translations[i].name));

    for (guint l = 0; l < langs->len; l++) {
        const char *lang = g_ptr_array_index(langs, l);
        for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
            widest_words_t words = widest_words(cat, (explain_voice_t)v, lang);
            const char *suffix = explain_catalog_text(cat, "summary.check_failed", (explain_voice_t)v, lang);
            for (gsize g = 0; g < n; g++) {
                const char *tmpl = explain_catalog_text(cat, groups[g], (explain_voice_t)v, lang);
                GString *out = g_string_new(NULL);
                bool summary = g_str_has_prefix(groups[g], "summary.");
                explain_template_render(out, tmpl, widest_value, &words);
                if (summary)
                    g_string_append(out, suffix);
                if (out->len >= LINE_MAX_BYTES ||
                    ((summary || v == B) && strchr(out->str, '\n') != NULL)) {
                    g_test_message("[%s] %s[%s]: %zu bytes: %s", groups[g], voice_names[v], lang,
                                   out->len, out->str);
                    bad++;
                }
                g_string_free(out, TRUE);
            }
            g_free(words.missing_steps);
            g_free(words.our_verdict);
        }
    }
    g_assert_cmpuint(bad, ==, 0);
    g_ptr_array_free(langs, TRUE);
    g_strfreev(groups);
    g_key_file_free(en);
    explain_catalog_free(cat);
}

/* ---- /voices/words --------------------------------------------------------------------------- */

/* The words that placeholders put into texts (steps not seen, our events,
 * the phase) come from the catalog in the reader's language: Spanish
 * texts hold no English label, English ones the labels of explain.step,
 * explain.event and explain.phase. */
static void test_words(void)
{
    static const char teacher[] =
        "[step.ack]\n"
        "teaching=Phase {phase}: the {sender} acknowledges.\n"
        "teaching[es]=Fase {phase}: el {sender} confirma.\n";
    static const struct {
        explain_voice_t voice;
        const char     *lang;
        const char     *so_far;    /* after the SYN */
        const char     *verdict;   /* after the SYN, had the stream ended there */
        const char     *disagree;  /* check.disagrees_with_tcp_analysis.fail */
        const char     *phase;     /* the teacher's step.ack */
    } cases[] = {
        { T, NULL,
          "Not ended yet. Sequence numbers used: client 1, server 0; payload bytes sent again: "
          "client 0, server 0.",
          "Ended without: syn-ack, handshake-ack, fin, ack-of-fin, second-fin, last-ack. "
          "Sequence numbers used: client 1, server 0; payload bytes sent again: client 0, server 0.",
          "Check failed: we see retransmission, dup_ack but Wireshark's TCP analysis says no flag; "
          "both read the same numbers with different rules, so compare the two views.",
          "Phase established: the client acknowledges." },
        { T, "es_ES.UTF-8",
          "Aún no ha terminado. Números de secuencia usados: cliente 1, servidor 0; bytes de "
          "datos reenviados: cliente 0, servidor 0.",
          "Terminó sin: SYN-ACK, ACK 3/3, FIN 1/4, ACK 2/4, FIN 3/4, ACK 4/4. "
          "Números de secuencia usados: cliente 1, servidor 0; bytes de datos reenviados: "
          "cliente 0, servidor 0.",
          "Comprobación fallida: vemos retransmisión, ACK duplicado, pero el análisis TCP de "
          "Wireshark dice ningún indicador: mismos números, reglas distintas; compara ambas "
          "visiones.",
          "Fase establecida: el cliente confirma." },
        { B, "es", "Abierta; cliente 1 seq, servidor 0 seq",
          "Terminada, no vistos: SYN-ACK, ACK 3/3, FIN 1/4, ACK 2/4, FIN 3/4, ACK 4/4; "
          "cliente 1 seq, servidor 0 seq",
          "Difiere de tcp.analysis: nuestro retransmisión, ACK duplicado, Wireshark ningún "
          "indicador", NULL },
        { S, "es", "La conversación sigue. Números usados hasta ahora: cliente 1, servidor 0.",
          "La conversación terminó, pero esta captura nunca mostró: SYN-ACK, ACK 3/3, FIN 1/4, "
          "ACK 2/4, FIN 3/4, ACK 4/4. Números usados: cliente 1, servidor 0.",
          "Wireshark lo ve de otra manera: dice ningún indicador, y yo digo retransmisión, "
          "ACK duplicado.", NULL },
    };
    explain_catalog_t *cat = explain_catalog_new_builtin();
    char *error = NULL;
    g_assert_true(explain_catalog_merge_data(cat, teacher, sizeof teacher - 1, "teacher", &error));
    g_assert_cmpstr(error, ==, NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        explain_telling_t how = { cat, cases[i].voice, cases[i].lang, NULL };
        explain_stream_t stream;
        explain_result_t r;
        explain_facts_t f = facts_for(&note_segs[0], 1);
        GString *out = g_string_new(NULL);

        explain_stream_init(&stream);
        explain_segment(&stream, &f, &r);
        explain_narrative_verdict(&how, &r, out);
        g_assert_cmpstr(out->str, ==, cases[i].so_far);   /* no step is "not seen" yet */
        r.phase = EXPLAIN_PHASE_CLOSED;                    /* as if a reset ended it here */
        g_string_truncate(out, 0);
        explain_narrative_verdict(&how, &r, out);
        g_assert_cmpstr(out->str, ==, cases[i].verdict);

        /* Our events against no tcp.analysis flag, on a pure ACK. */
        memset(&r, 0, sizeof r);
        r.role = EXPLAIN_ROLE_CLIENT;
        r.step = EXPLAIN_STEP_ACK;
        r.phase = EXPLAIN_PHASE_ESTABLISHED;
        r.flags = AK;
        r.events = EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_RETRANSMISSION)
                   | EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_DUP_ACK);
        r.checks_applied = r.checks_failed = EXPLAIN_CHECK_BIT(EXPLAIN_CHECK_TCP_ANALYSIS);
        g_string_truncate(out, 0);
        explain_narrative_check(&how, &r, EXPLAIN_CHECK_TCP_ANALYSIS, out);
        g_assert_cmpstr(out->str, ==, cases[i].disagree);

        if (cases[i].phase != NULL) {
            g_string_truncate(out, 0);
            explain_narrative_id(&how, &r, "step.ack", out);
            g_assert_cmpstr(out->str, ==, cases[i].phase);
        }
        g_string_free(out, TRUE);
    }
    explain_catalog_free(cat);
}

/* ---- /voices/fallback ------------------------------------------------------------------------ */

/* A text missing in a language falls back per text (to the language's
 * teaching text, then to English), never to an empty string: the English
 * built-in texts plus a partial Spanish file. */
static void test_fallback_per_text(void)
{
    static const char partial_es[] =
        "[step.syn]\n"
        "teaching[es]=Paso 1: el {sender} abre con ISN {seq_raw} (relativo {seq_rel}).\n"
        "[summary.syn]\n"
        "brief[es]=SYN {sender}->{receiver} ISN {seq_raw} rel {seq_rel} sig {nxtseq_rel}\n"
        "[role.client]\n"
        "teaching[es]=cliente\n"
        "story[es]=\n";
    char *error = NULL;
    explain_catalog_t *cat = explain_catalog_new_from_data(
        explain_catalog_builtin_data, explain_catalog_builtin_size, "explain.keyfile", &error);
    g_assert_cmpstr(error, ==, NULL);
    g_assert_true(explain_catalog_merge_data(cat, partial_es, sizeof partial_es - 1, "partial", &error));
    g_assert_cmpstr(error, ==, NULL);

    GKeyFile *en = english_keyfile();
    char *en_story_ack = keyfile_text(en, "step.ack", "story");
    char *en_brief_ack = keyfile_text(en, "step.ack", "brief");
    char *en_teaching_syn = keyfile_text(en, "summary.syn", "teaching");

    /* Present in Spanish: used. */
    g_assert_cmpstr(explain_catalog_text(cat, "step.syn", T, "es_ES.UTF-8"), ==,
                    "Paso 1: el {sender} abre con ISN {seq_raw} (relativo {seq_rel}).");
    g_assert_cmpstr(explain_catalog_text(cat, "summary.syn", B, "es"), ==,
                    "SYN {sender}->{receiver} ISN {seq_raw} rel {seq_rel} sig {nxtseq_rel}");
    /* Voice missing in Spanish: the Spanish teaching text (language first). */
    g_assert_cmpstr(explain_catalog_text(cat, "step.syn", S, "es"), ==,
                    "Paso 1: el {sender} abre con ISN {seq_raw} (relativo {seq_rel}).");
    g_assert_cmpstr(explain_catalog_text(cat, "role.client", S, "es"), ==, "cliente");
    /* No Spanish at all: English, same voice. */
    g_assert_cmpstr(explain_catalog_text(cat, "step.ack", S, "es"), ==, en_story_ack);
    g_assert_cmpstr(explain_catalog_text(cat, "step.ack", B, "es_AR"), ==, en_brief_ack);
    g_assert_cmpstr(explain_catalog_text(cat, "summary.syn", T, "es"), ==, en_teaching_syn);
    g_assert_cmpstr(explain_catalog_text(cat, "role.server", B, "es"), ==, "server");

    /* The flow still tells every packet, in every voice. */
    for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
        told_t told[NOTE_PACKETS];
        tell_segments(cat, (explain_voice_t)v, "es", note_segs, NOTE_PACKETS, told);
        assert_told_ok(told, NOTE_PACKETS, "partial Spanish");
        if (v == B)
            /* Per text: role.client has Spanish, role.server only English. */
            g_assert_cmpstr(told[0].summary, ==, "SYN cliente->server ISN 4126488336 rel 0 sig 1");
        if (v == T)
            g_assert_cmpstr(told[0].lines[0], ==, "Paso 1: el cliente abre con ISN 4126488336 (relativo 0).");
        if (v == S)
            g_assert_true(has_line(told[4].lines, "Server: nothing to send myself, cliente; "
                                                  "I'm just telling you what arrived."));
        for (size_t i = 0; i < NOTE_PACKETS; i++)
            told_clear(&told[i]);
    }

    g_free(en_story_ack);
    g_free(en_brief_ack);
    g_free(en_teaching_syn);
    g_key_file_free(en);
    explain_catalog_free(cat);
}

/* ---- /voices/premises ------------------------------------------------------------------ */

/* Renders one text of r: the narrative (part 't'), summary ('s') or verdict ('v'). */
static char *render_part(const explain_catalog_t *cat, explain_voice_t voice, const char *lang,
                         const explain_result_t *r, char part)
{
    explain_telling_t how = { cat, voice, lang, NULL };
    GString *out = g_string_new(NULL);
    if (part == 's')
        explain_narrative_summary(&how, r, out);
    else if (part == 'v')
        explain_narrative_verdict(&how, r, out);
    else
        explain_narrative_text(&how, r, out);
    return g_string_free(out, FALSE);
}

static void assert_has(const char *text, const char *want, bool present)
{
    if ((strstr(text, want) != NULL) != present)
        g_error("%s \"%s\" in:\n%s", present ? "expected" : "unexpected", want, text);
}

/* A pure ACK of the client in an established stream whose handshake was
 * seen, window scale shift 5 in force. */
static explain_result_t established_ack(void)
{
    explain_result_t r;
    memset(&r, 0, sizeof r);
    r.role = EXPLAIN_ROLE_CLIENT;
    r.step = EXPLAIN_STEP_ACK;
    r.phase = EXPLAIN_PHASE_ESTABLISHED;
    r.flags = EXPLAIN_TH_ACK;
    r.ack_known = true;
    r.wscale_shift = 5;
    r.steps_seen = (1u << EXPLAIN_STEP_SYN) | (1u << EXPLAIN_STEP_SYN_ACK)
                   | (1u << EXPLAIN_STEP_HANDSHAKE_ACK);
    return r;
}

/* Issue 14 items 5 and 10: each sentence is chosen only where its premise
 * holds on the packet. */
static void test_premises(void)
{
    explain_catalog_t *cat = explain_catalog_new_builtin();
    explain_result_t r;
    char *text;

    /* A window update says bytes, with the raw fields in brackets... */
    r = established_ack();
    r.event = EXPLAIN_EVENT_WINDOW_UPDATE;
    r.events = EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_WINDOW_UPDATE);
    r.prev_window_raw = 4005;
    r.window_raw = 4096;
    r.prev_window_bytes = 4005u << 5;
    r.window_bytes = 4096u << 5;
    text = render_part(cat, B, NULL, &r, 's');
    assert_has(text, "room 128160 -> 131072 bytes (raw 4005 -> 4096)", true);
    g_free(text);
    text = render_part(cat, T, NULL, &r, 't');
    assert_has(text, "room 128160 -> 131072 bytes (raw field 4005 -> 4096)", true);
    g_free(text);
    /* ... and only the raw fields when the scale is unknown. */
    r.wscale_shift = -1;
    r.prev_window_raw = 500;
    r.window_raw = 800;
    r.prev_window_bytes = 500;
    r.window_bytes = 800;
    text = render_part(cat, T, NULL, &r, 't');
    assert_has(text, "from 500 to 800", true);
    assert_has(text, "bytes (raw", false);
    g_free(text);

    /* A keep-alive without data carries no byte... */
    r = established_ack();
    r.event = EXPLAIN_EVENT_KEEP_ALIVE;
    r.events = EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_KEEP_ALIVE);
    r.payload_len = 0;
    for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
        text = render_part(cat, (explain_voice_t)v, NULL, &r, 's');   /* the event said briefly */
        assert_has(text, "no data", true);
        assert_has(text, "byte", false);
        g_free(text);
    }
    text = render_part(cat, T, NULL, &r, 't');
    assert_has(text, "no data", true);
    assert_has(text, "already acknowledged", false);
    assert_has(text, "its last byte", false);
    g_free(text);
    /* ... one with a byte sends it again. */
    r.payload_len = 1;
    text = render_part(cat, T, NULL, &r, 't');
    assert_has(text, "its last byte", true);
    g_free(text);

    /* "Before the capture began" only when the handshake was not captured. */
    r = established_ack();
    r.event = EXPLAIN_EVENT_ACK_UNSEEN;
    r.events = EXPLAIN_EVENT_BIT(EXPLAIN_EVENT_ACK_UNSEEN);
    text = render_part(cat, T, NULL, &r, 't');
    assert_has(text, "capture began", false);
    assert_has(text, "at its start", false);
    g_free(text);
    r.steps_seen = 1u << EXPLAIN_STEP_DATA;
    text = render_part(cat, T, NULL, &r, 't');
    assert_has(text, "before the capture began", true);
    g_free(text);

    /* Window scale shift 0: never "units of 1 bytes". */
    memset(&r, 0, sizeof r);
    r.role = EXPLAIN_ROLE_SERVER;
    r.step = EXPLAIN_STEP_SYN_ACK;
    r.phase = EXPLAIN_PHASE_HANDSHAKE;
    r.flags = EXPLAIN_TH_SYN | EXPLAIN_TH_ACK;
    r.wscale_shift = -2;
    r.notes = EXPLAIN_NOTE_BIT(EXPLAIN_NOTE_OPT_WSCALE);
    r.opts.has_wscale = true;
    r.opts.wscale_shift = 0;
    for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
        for (int es = 0; es < 2; es++) {
            text = render_part(cat, (explain_voice_t)v, es ? "es" : NULL, &r, 't');
            assert_has(text, "of 1 bytes", false);
            assert_has(text, "de 1 bytes", false);
            assert_has(text, "x1)", false);
            g_free(text);
        }
    }
    r.opts.wscale_shift = 7;
    text = render_part(cat, T, NULL, &r, 't');
    assert_has(text, "units of 128 bytes", true);
    g_free(text);

    /* The summary of a SYN says which numbers are raw and which relative. */
    memset(&r, 0, sizeof r);
    r.role = EXPLAIN_ROLE_CLIENT;
    r.step = EXPLAIN_STEP_SYN;
    r.flags = EXPLAIN_TH_SYN;
    r.seq_raw = 2387613953u;
    r.nxtseq_rel = 1;
    text = render_part(cat, T, NULL, &r, 's');
    assert_has(text, "ISN 2387613953 (raw), next seq 1 (relative)", true);
    g_free(text);

    /* One byte is "1 byte", in every voice and language. */
    r = established_ack();
    r.step = EXPLAIN_STEP_DATA;
    r.payload_len = 1;
    for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
        for (int es = 0; es < 2; es++) {
            for (const char *part = "st"; *part; part++) {
                text = render_part(cat, (explain_voice_t)v, es ? "es" : NULL, &r, *part);
                assert_has(text, " 1 bytes", false);
                g_free(text);
            }
        }
    }
    text = render_part(cat, T, NULL, &r, 's');
    assert_has(text, "sends 1 byte,", true);
    g_free(text);
    r.payload_len = 34;
    text = render_part(cat, T, "es", &r, 's');
    assert_has(text, "envía 34 bytes,", true);
    g_free(text);

    /* The verdict names no missing step before the stream has ended. */
    r = established_ack();
    text = render_part(cat, T, NULL, &r, 'v');
    assert_has(text, "fin", false);
    assert_has(text, "not seen", false);
    g_free(text);
    r.phase = EXPLAIN_PHASE_CLOSED;
    text = render_part(cat, T, NULL, &r, 'v');
    assert_has(text, "Ended without: fin, ack-of-fin, second-fin, last-ack.", true);
    g_free(text);

    explain_catalog_free(cat);
}

/* ---- /voices/spanish-labels ------------------------------------------------------------ */

/* Every label of the Explain tree and every word it shows for a step,
 * phase, event or role is Spanish in Spanish (not the English text);
 * Spanish story lines that open with a role word start with a capital,
 * and the same word takes an article inside a sentence. */
static void test_spanish_labels(void)
{
    explain_catalog_t *cat = explain_catalog_new_builtin();
    for (int v = 0; v < EXPLAIN_VOICE_COUNT; v++) {
        explain_telling_t en = { cat, (explain_voice_t)v, NULL, NULL };
        explain_telling_t es = { cat, (explain_voice_t)v, "es_ES.UTF-8", NULL };
        explain_result_t r = established_ack();
        for (int l = 0; l < EXPLAIN_LABEL_COUNT; l++) {
            GString *a = g_string_new(NULL), *b = g_string_new(NULL);
            explain_narrative_label(&en, &r, (explain_label_t)l, a);
            explain_narrative_label(&es, &r, (explain_label_t)l, b);
            g_assert_cmpuint(a->len, >, 0);
            g_assert_cmpstr(a->str, !=, b->str);
            g_string_free(a, TRUE);
            g_string_free(b, TRUE);
        }
        for (int s = 0; s < EXPLAIN_STEP_COUNT; s++)
            g_assert_cmpstr(explain_narrative_step_word(&es, (explain_step_t)s), !=,
                            explain_step_label((explain_step_t)s));
        for (int p = 0; p < EXPLAIN_PHASE_COUNT; p++)
            g_assert_cmpstr(explain_narrative_phase_word(&es, (explain_phase_t)p), !=,
                            explain_phase_label((explain_phase_t)p));
        for (int e = 1; e < EXPLAIN_EVENT_COUNT; e++)
            g_assert_cmpstr(explain_narrative_event_word(&es, (explain_event_t)e), !=,
                            explain_event_label((explain_event_t)e));
        g_assert_cmpstr(explain_narrative_role_word(&es, EXPLAIN_ROLE_SERVER), ==, "servidor");
    }

    /* The Spanish story: "Servidor: ..." at the start, "del cliente" inside. */
    explain_result_t r;
    memset(&r, 0, sizeof r);
    r.role = EXPLAIN_ROLE_SERVER;
    r.step = EXPLAIN_STEP_SYN_ACK;
    r.flags = EXPLAIN_TH_SYN | EXPLAIN_TH_ACK;
    r.checks_applied = EXPLAIN_CHECK_BIT(EXPLAIN_CHECK_SYNACK_ACK);
    explain_telling_t story = { cat, S, "es", NULL };
    GString *out = g_string_new(NULL);
    explain_narrative_text(&story, &r, out);
    g_assert_true(g_str_has_prefix(out->str, "Servidor: ¡claro, cliente!"));
    g_string_truncate(out, 0);
    explain_narrative_check(&story, &r, EXPLAIN_CHECK_SYNACK_ACK, out);
    assert_has(out->str, "del cliente", true);
    assert_has(out->str, "de cliente", false);
    g_string_free(out, TRUE);
    explain_catalog_free(cat);
}

/* ---- /voices/text-ids-documented ------------------------------------------------------------- */

/* The "Text ids" table of annotations/README.md has one row per text id,
 * and no row for an id that does not exist. */
static void test_text_ids_documented(void)
{
    char *path = g_build_filename(EXPLAIN_ANNOTATIONS_DIR, "README.md", NULL);
    char *readme = NULL;
    g_assert_true(g_file_get_contents(path, &readme, NULL, NULL));
    const char *section = strstr(readme, "\n## Text ids");
    g_assert_nonnull(section);
    const char *end = strstr(section + 1, "\n## ");
    char *table = end ? g_strndup(section, (gsize)(end - section)) : g_strdup(section);

    GKeyFile *en = english_keyfile();
    gsize n = 0;
    char **groups = g_key_file_get_groups(en, &n);
    unsigned bad = 0;
    for (gsize g = 0; g < n; g++) {
        char *row = g_strdup_printf("\n| `%s` |", groups[g]);
        if (strstr(table, row) == NULL) {
            g_test_message("README.md Text ids lacks a row for `%s`", groups[g]);
            bad++;
        }
        g_free(row);
    }
    char **lines = g_strsplit(table, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (!g_str_has_prefix(*l, "| `"))
            continue;
        const char *close = strchr(*l + 3, '`');
        g_assert_nonnull(close);
        char *id = g_strndup(*l + 3, (gsize)(close - (*l + 3)));
        if (!g_key_file_has_group(en, id)) {
            g_test_message("README.md Text ids lists `%s`, which explain.keyfile lacks", id);
            bad++;
        }
        g_free(id);
    }
    g_assert_cmpuint(bad, ==, 0);

    g_strfreev(lines);
    g_strfreev(groups);
    g_key_file_free(en);
    g_free(table);
    g_free(readme);
    g_free(path);
}

int main(int argc, char **argv)
{
    static const voice_case_t flows[] = {
        { B, NULL }, { T, NULL }, { S, NULL }, { B, "es" }, { T, "es" }, { S, "es" },
    };
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/voices/complete", test_complete);
    g_test_add_func("/voices/placeholders-kept", test_placeholders_kept);
    g_test_add_func("/voices/shipped-no-fallback", test_shipped_no_fallback);
    g_test_add_func("/voices/locale", test_locale_selection);
    for (size_t i = 0; i < G_N_ELEMENTS(flows); i++) {
        char *path = g_strdup_printf("/voices/note-flow/%s/%s", voice_names[flows[i].voice],
                                     flows[i].lang ? flows[i].lang : "en");
        g_test_add_data_func(path, &flows[i], test_note_flow_told);
        g_free(path);
    }
    g_test_add_func("/voices/failed-check", test_failed_check);
    g_test_add_func("/voices/widest-numbers", test_widest_numbers);
    g_test_add_func("/voices/words", test_words);
    g_test_add_func("/voices/fallback", test_fallback_per_text);
    g_test_add_func("/voices/text-ids-documented", test_text_ids_documented);
    g_test_add_func("/voices/premises", test_premises);
    g_test_add_func("/voices/spanish-labels", test_spanish_labels);
    return g_test_run();
}
