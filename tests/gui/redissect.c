/* redissect.c - preference changes take effect on re-dissection, without
 * reopening the capture file.
 *
 * In the Wireshark GUI a student changes an Explain preference (Edit >
 * Preferences, or right-click the Explain tree > Protocol Preferences).
 * Wireshark then sets the preference, calls the module's apply callback
 * (prefs_apply_all), and re-dissects the open file: it frees the epan
 * session and makes a new one (epan_free + epan_new: init and cleanup
 * routines run), resets every frame (frame_data_reset) and dissects them
 * all again, reading the records from the file it keeps open
 * (wtap_seek_read). That is ui/file.c rescan_packets(redissect = TRUE) in
 * Wireshark 4.0, done here on libwireshark with the real explain plugin.
 *
 * For a list of preference changes, applied one after the other, this
 * program checks that the Explain tree of every frame after
 *   (a) re-dissecting each frame again in the same session, as when a
 *       packet is selected (frames already visited: only rendering runs),
 *   (b) the GUI's full re-dissection above,
 * is the same, byte for byte, as after opening the file afresh with the
 * same preferences; and that each change shows (the texts differ from
 * the state before), the teacher's catalog file included.
 *
 * The Explain tree is compared as Wireshark prints it (proto_tree_print,
 * all subtrees expanded: what tshark -V prints and the GUI shows).
 *
 * usage: explain-redissect CAPTURE CATALOG_FILE
 * Run with WIRESHARK_PLUGIN_DIR pointing at the staged plugin, as an
 * unprivileged user (tests/gui/run_test.sh redissect does both).
 * Exit status: 0 passed, 1 failed, 2 could not run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <epan/epan.h>
#include <epan/epan_dissect.h>
#include <epan/frame_data.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/print.h>
#include <epan/print_stream.h>
#include <epan/proto.h>
#include <epan/tvbuff.h>
#include <wiretap/wtap.h>
#include <wsutil/buffer.h>
#include <wsutil/filesystem.h>
#include <wsutil/privileges.h>
#include <wsutil/report_message.h>
#include <wsutil/wslog.h>

#include "explain_compat.h"

/* What a user's capture file is to Wireshark: the open file and the frames
 * read from it (struct packet_provider_data is the application's own). */
struct packet_provider_data {
    wtap      *wth;
    GPtrArray *frames;     /* frame_data *, frame n at index n - 1 */
};

typedef struct {
    struct packet_provider_data prov;
    epan_t            *epan;
    nstime_t           elapsed;
    const frame_data  *ref;
    frame_data        *prev_dis;
    guint32            cum_bytes;
} session_t;

static int failures;

static void fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    failures++;
}

static _Noreturn void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static _Noreturn void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("explain-redissect: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

/* report_failure()/report_warning() from Wireshark or the plugin (a
 * catalog file it cannot use): printed, and they fail the test. */
static void vreport(const char *kind, const char *fmt, va_list ap)
{
    char *msg = g_strdup_vprintf(fmt, ap);
    fail("reported %s: %s", kind, msg);
    g_free(msg);
}

static void vreport_failure(const char *fmt, va_list ap)
{
    vreport("failure", fmt, ap);
}

static void vreport_warning(const char *fmt, va_list ap)
{
    vreport("warning", fmt, ap);
}

static const struct report_message_routines report_routines = {
    .vreport_failure = vreport_failure,
    .vreport_warning = vreport_warning,
};

static const nstime_t *get_frame_ts(struct packet_provider_data *prov, guint32 frame_num)
{
    if (frame_num == 0 || frame_num > prov->frames->len)
        return NULL;
    const frame_data *fd = (const frame_data *)g_ptr_array_index(prov->frames, frame_num - 1);
    return &fd->abs_ts;
}

static const struct packet_provider_funcs provider_funcs = {
    .get_frame_ts = get_frame_ts,
};

/* The Explain part of what proto_tree_print prints for the dissection:
 * from the top-level line "Explain..." to the next top-level line. Empty
 * when the frame has no Explain tree. */
static char *explain_text(epan_dissect_t *edt)
{
    char *all = NULL;
    size_t all_len = 0;
    FILE *mem = open_memstream(&all, &all_len);
    if (mem == NULL)
        die("open_memstream failed");
    print_stream_t *stream = print_stream_text_stdio_new(mem);
    proto_tree_print(print_dissections_expanded, FALSE, edt, NULL, stream);
    destroy_print_stream(stream);   /* closes mem (fclose): all is complete */

    GString *out = g_string_new(NULL);
    bool in_explain = false;
    for (char *line = all, *next; line != NULL && *line != '\0'; line = next) {
        next = strchr(line, '\n');
        size_t len = next != NULL ? (size_t)(next - line) : strlen(line);
        if (next != NULL)
            next++;
        if (len > 0 && line[0] != ' ')
            in_explain = strncmp(line, "Explain", 7) == 0;
        if (in_explain) {
            g_string_append_len(out, line, (gssize)len);
            g_string_append_c(out, '\n');
        }
    }
    free(all);
    return g_string_free(out, FALSE);
}

/* Dissects one frame (record REC, data BUF) with a visible tree, and
 * returns its Explain text. first_pass: the frame is new or was reset. */
static char *dissect(session_t *s, frame_data *fd, wtap_rec *rec, Buffer *buf, bool first_pass)
{
    epan_dissect_t *edt = epan_dissect_new(s->epan, TRUE, TRUE);
    /* As Wireshark and tshark do: keep the fields post-dissectors read
     * (4.6: libwireshark does it on a frame's first pass). */
    EXPLAIN_PRIME_POSTDISSECTOR_FIELDS(edt);
    if (first_pass)
        frame_data_set_before_dissect(fd, &s->elapsed, &s->ref, s->prev_dis);
    /* As Wireshark's file.c: reading a file and re-dissecting it
     * (add_packet_to_packet_list, rescan_packets) run the taps; showing a
     * selected packet again does not. */
    EXPLAIN_DISSECT_RUN(edt, wtap_file_type_subtype(s->prov.wth), rec, buf, fd, first_pass);
    if (first_pass) {
        frame_data_set_after_dissect(fd, &s->cum_bytes);
        s->prev_dis = fd;
    }
    char *text = explain_text(edt);
    epan_dissect_free(edt);
    return text;
}

/* Reads frame FD's record again from the open file and dissects it. */
static char *redissect_frame(session_t *s, frame_data *fd, bool first_pass)
{
    wtap_rec rec;
    Buffer buf;
    int err = 0;
    gchar *err_info = NULL;
    EXPLAIN_REC_INIT(&rec, &buf);
    if (!EXPLAIN_WTAP_SEEK_READ(s->prov.wth, fd->file_off, &rec, &buf, &err, &err_info))
        die("cannot read frame %u again: %s (%s)", fd->num, wtap_strerror(err),
            err_info != NULL ? err_info : "");
    char *text = dissect(s, fd, &rec, &buf, first_pass);
    EXPLAIN_REC_CLEANUP(&rec, &buf);
    return text;
}

/* Opens CAPTURE in a new session and dissects every frame once, as
 * Wireshark does when it opens a file. Returns the Explain texts. */
static GPtrArray *session_open(session_t *s, const char *capture)
{
    int err = 0;
    gchar *err_info = NULL;
    memset(s, 0, sizeof *s);
    s->prov.wth = wtap_open_offline(capture, WTAP_TYPE_AUTO, &err, &err_info, TRUE);
    if (s->prov.wth == NULL)
        die("cannot open %s: %s (%s)", capture, wtap_strerror(err), err_info != NULL ? err_info : "");
    s->prov.frames = g_ptr_array_new_with_free_func(g_free);
    s->epan = epan_new(&s->prov, &provider_funcs);
    nstime_set_zero(&s->elapsed);

    GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
    wtap_rec rec;
    Buffer buf;
    gint64 offset = 0;
    EXPLAIN_REC_INIT(&rec, &buf);
    while (EXPLAIN_WTAP_READ(s->prov.wth, &rec, &buf, &err, &err_info, &offset)) {
        frame_data *fd = g_new0(frame_data, 1);
        frame_data_init(fd, s->prov.frames->len + 1, &rec, offset, s->cum_bytes);
        g_ptr_array_add(s->prov.frames, fd);
        g_ptr_array_add(texts, dissect(s, fd, &rec, &buf, true));
        wtap_rec_reset(&rec);
    }
    if (err != 0)
        die("cannot read %s: %s (%s)", capture, wtap_strerror(err), err_info != NULL ? err_info : "");
    EXPLAIN_REC_CLEANUP(&rec, &buf);
    wtap_sequential_close(s->prov.wth);   /* as Wireshark: seek_read from now on */
    return texts;
}

/* (a) Every frame dissected again in the same session (visited). */
static GPtrArray *session_rerender(session_t *s)
{
    GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < s->prov.frames->len; i++)
        g_ptr_array_add(texts, redissect_frame(s, g_ptr_array_index(s->prov.frames, i), false));
    return texts;
}

/* (b) The GUI's re-dissection after a preference change. */
static GPtrArray *session_redissect(session_t *s)
{
    epan_free(s->epan);
    s->epan = epan_new(&s->prov, &provider_funcs);
    nstime_set_zero(&s->elapsed);
    s->ref = NULL;
    s->prev_dis = NULL;
    s->cum_bytes = 0;
    for (guint i = 0; i < s->prov.frames->len; i++)
        frame_data_reset(g_ptr_array_index(s->prov.frames, i));
    GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < s->prov.frames->len; i++)
        g_ptr_array_add(texts, redissect_frame(s, g_ptr_array_index(s->prov.frames, i), true));
    return texts;
}

static void session_close(session_t *s)
{
    epan_free(s->epan);
    for (guint i = 0; i < s->prov.frames->len; i++)
        frame_data_destroy(g_ptr_array_index(s->prov.frames, i));
    g_ptr_array_free(s->prov.frames, TRUE);
    wtap_close(s->prov.wth);
    memset(s, 0, sizeof *s);
}

/* Sets one preference ("explain.verbosity:brief") as the GUI does, and
 * applies it (the module's apply callback runs when its value changed). */
static void set_pref(const char *assignment)
{
    char *arg = g_strdup(assignment);
    char *errmsg = NULL;
    if (prefs_set_pref(arg, &errmsg) != PREFS_SET_OK)
        die("cannot set preference %s: %s", assignment, errmsg != NULL ? errmsg : "unknown preference");
    g_free(errmsg);
    g_free(arg);
    prefs_apply_all();
}

/* Frames whose texts differ between A and B; -1 when the frame counts differ. */
static int count_differences(const GPtrArray *a, const GPtrArray *b, guint *first)
{
    if (a->len != b->len)
        return -1;
    int n = 0;
    for (guint i = 0; i < a->len; i++) {
        if (strcmp(g_ptr_array_index(a, i), g_ptr_array_index(b, i)) != 0) {
            if (n == 0 && first != NULL)
                *first = i;
            n++;
        }
    }
    return n;
}

/* Fails WHAT unless GOT equals WANT on every frame; shows the first
 * difference. */
static void expect_same(const char *what, const GPtrArray *got, const GPtrArray *want)
{
    guint first = 0;
    int n = count_differences(got, want, &first);
    if (n == 0) {
        printf("ok: %s: the same Explain trees on all %u frames\n", what, want->len);
    } else if (n < 0) {
        fail("%s: %u frames, expected %u", what, got->len, want->len);
    } else {
        fail("%s: %d frames differ; frame %u is\n%s\ninstead of\n%s", what, n, first + 1,
             (const char *)g_ptr_array_index(got, first),
             (const char *)g_ptr_array_index(want, first));
    }
}

static guint count_explained(const GPtrArray *texts)
{
    guint n = 0;
    for (guint i = 0; i < texts->len; i++)
        n += ((const char *)g_ptr_array_index(texts, i))[0] != '\0';
    return n;
}

static bool any_contains(const GPtrArray *texts, const char *needle)
{
    for (guint i = 0; i < texts->len; i++) {
        if (strstr(g_ptr_array_index(texts, i), needle) != NULL)
            return true;
    }
    return false;
}

typedef struct {
    const char *pref;      /* name:value; "%s" in the value: the catalog file */
    const char *shows;     /* a text some Explain tree must then contain, or NULL */
} change_t;

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: explain-redissect CAPTURE CATALOG_FILE\n");
        return 2;
    }
    const char *capture = argv[1];
    const char *catalog_file = argv[2];

    /* One after the other; the last ones undo the first ones. */
    const change_t changes[] = {
        { "explain.verbosity:brief",      NULL },
        { "explain.verbosity:story",      NULL },
        { "explain.verbosity:teaching",   NULL },
        { "explain.catalog_file:%s",      "Teacher's words:" },
        { "explain.show_relative:FALSE",  NULL },
        { "explain.catalog_file:",        NULL },
        { "explain.show_relative:TRUE",   NULL },
    };
    const size_t n_changes = G_N_ELEMENTS(changes);
    char *assignments[G_N_ELEMENTS(changes)];
    for (size_t c = 0; c < n_changes; c++)
        assignments[c] = g_strdup_printf(changes[c].pref, catalog_file);

    /* As tshark starts (quietly: warnings and worse only). */
    ws_log_set_level(LOG_LEVEL_WARNING);
    init_process_policies();
    relinquish_special_privs_perm();
    init_report_message("explain-redissect", &report_routines);
    char *conf_err = EXPLAIN_CONFIGURATION_INIT(argv[0]);
    if (conf_err != NULL)
        die("cannot find the Wireshark configuration: %s", conf_err);
    wtap_init(TRUE);
    if (!epan_init(NULL, NULL, TRUE))
        die("epan_init failed");
    epan_load_settings();
    if (proto_get_id_by_filter_name("explain") == -1)
        die("the explain plugin is not loaded (WIRESHARK_PLUGIN_DIR, and an unprivileged user?)");
    if (!prefs_is_registered_protocol("explain"))
        die("the explain plugin registers no preferences");

    /* The references: the file opened afresh in each state. */
    GPtrArray *fresh[G_N_ELEMENTS(changes) + 1];
    session_t s;
    for (size_t k = 0; k <= n_changes; k++) {
        if (k > 0)
            set_pref(assignments[k - 1]);
        fresh[k] = session_open(&s, capture);
        session_close(&s);
    }
    if (count_explained(fresh[0]) == 0)
        die("no frame of %s has an Explain tree", capture);
    printf("ok: %u of %u frames explained\n", count_explained(fresh[0]), fresh[0]->len);
    expect_same("opened afresh after undoing every change", fresh[n_changes], fresh[0]);

    /* The student's session: open once, then change preferences live.
     * The preferences are back to their first values now. */
    GPtrArray *live = session_open(&s, capture);
    expect_same("opened with the default preferences", live, fresh[0]);
    g_ptr_array_free(live, TRUE);

    for (size_t k = 1; k <= n_changes; k++) {
        const char *what = assignments[k - 1];
        set_pref(what);

        int changed = count_differences(fresh[k], fresh[k - 1], NULL);
        if (changed > 0)
            printf("ok: %s changes the Explain tree of %d frames\n", what, changed);
        else
            fail("%s changes nothing at all: is the preference used?", what);
        if (changes[k - 1].shows != NULL) {
            if (any_contains(fresh[k], changes[k - 1].shows))
                printf("ok: %s shows \"%s\"\n", what, changes[k - 1].shows);
            else
                fail("%s: no Explain tree contains \"%s\"", what, changes[k - 1].shows);
        }

        char *label = g_strdup_printf("%s, frames selected again (no re-dissection)", what);
        GPtrArray *got = session_rerender(&s);
        expect_same(label, got, fresh[k]);
        g_ptr_array_free(got, TRUE);
        g_free(label);

        label = g_strdup_printf("%s, re-dissected as the GUI does", what);
        got = session_redissect(&s);
        expect_same(label, got, fresh[k]);
        g_ptr_array_free(got, TRUE);
        g_free(label);
    }
    session_close(&s);

    for (size_t k = 0; k <= n_changes; k++)
        g_ptr_array_free(fresh[k], TRUE);
    for (size_t c = 0; c < n_changes; c++)
        g_free(assignments[c]);
    epan_cleanup();
    wtap_cleanup();

    if (failures > 0) {
        printf("explain-redissect: %d checks FAILED\n", failures);
        return 1;
    }
    printf("explain-redissect: passed\n");
    return 0;
}
