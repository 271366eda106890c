/* annotate_extras.c - writes ladders, exercises and the quiz of one
 * capture, all or none.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_extras.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "annotate_exercises.h"
#include "annotate_gift.h"
#include "annotate_ladder.h"
#include "annotate_output.h"

bool annotate_extras_wanted(const annotate_config_t *config)
{
    return config->ladder != ANNOTATE_LADDER_NONE || config->exercises ||
           config->quiz != ANNOTATE_QUIZ_NONE;
}

annotate_worksheet_format_t annotate_extras_exercise_format(const annotate_config_t *config)
{
    return config->worksheet == ANNOTATE_WORKSHEET_MD ? ANNOTATE_WORKSHEET_MD : ANNOTATE_WORKSHEET_HTML;
}

static const char *ladder_ext(const annotate_config_t *config)
{
    return config->ladder == ANNOTATE_LADDER_SVG ? "svg" : "mmd";
}

char **annotate_extras_fixed_paths(const annotate_config_t *config, const char *out_base)
{
    GPtrArray *paths = g_ptr_array_new();
    const char *ext = annotate_extras_exercise_format(config) == ANNOTATE_WORKSHEET_MD ? "md" : "html";
    if (config->exercises) {
        g_ptr_array_add(paths, g_strdup_printf("%s.exercises.%s", out_base, ext));
        g_ptr_array_add(paths, g_strdup_printf("%s.answers.%s", out_base, ext));
    }
    if (config->quiz == ANNOTATE_QUIZ_GIFT)
        g_ptr_array_add(paths, g_strdup_printf("%s.quiz.gift", out_base));
    g_ptr_array_add(paths, NULL);
    return (char **)g_ptr_array_free(paths, FALSE);
}

bool annotate_extras_is_ladder_name(const annotate_config_t *config, const char *base_name,
                                    const char *file_name)
{
    if (config->ladder == ANNOTATE_LADDER_NONE)
        return false;
    size_t base_len = strlen(base_name);
    static const char mark[] = ".stream";
    if (strncmp(file_name, base_name, base_len) != 0 ||
        strncmp(file_name + base_len, mark, sizeof mark - 1) != 0)
        return false;
    const char *p = file_name + base_len + sizeof mark - 1;
    const char *digits = p;
    while (g_ascii_isdigit(*p))
        p++;
    return p > digits && *p == '.' && strcmp(p + 1, ladder_ext(config)) == 0;
}

/* What one output holds. */
typedef enum { KIND_LADDER, KIND_EXERCISES, KIND_ANSWERS, KIND_QUIZ } kind_t;

/* Fills one temporary output; false with err on failure. */
static bool fill(const annotate_config_t *config, const annotate_ws_view_t *view, kind_t kind,
                 const annotate_ws_stream_t *stream, annotate_output_t *out, char *err, size_t errlen)
{
    FILE *f = annotate_output_stream(out, err, errlen);
    if (f == NULL)
        return false;
    bool ok;
    if (kind == KIND_LADDER) {
        GString *s = g_string_new(NULL);
        annotate_ladder_opts_t opts = { .packets = config->ladder_packets, .standalone = true };
        if (config->ladder == ANNOTATE_LADDER_SVG)
            annotate_ladder_svg(s, stream, &opts);
        else
            annotate_ladder_mermaid(s, stream, &opts);
        ok = fwrite(s->str, 1, s->len, f) == s->len;
        g_string_free(s, TRUE);
    } else if (kind == KIND_QUIZ) {
        ok = annotate_gift_write(view, f);
    } else {
        ok = annotate_exercises_write(view, annotate_extras_exercise_format(config),
                                      kind == KIND_ANSWERS, f);
    }
    if (!ok)
        snprintf(err, errlen, "cannot write %s", out->final_path);
    return ok;
}

bool annotate_extras_write(const annotate_config_t *config, const annotate_worksheet_t *ws,
                           uint32_t frames, const char *out_base, char *err, size_t errlen)
{
    annotate_ws_view_t *view = annotate_worksheet_view_new(ws, config, frames);
    GArray *outs = g_array_new(FALSE, TRUE, sizeof(annotate_output_t));
    GPtrArray *committed = g_ptr_array_new_with_free_func(g_free);
    bool ok = true;
    const char *ext = annotate_extras_exercise_format(config) == ANNOTATE_WORKSHEET_MD ? "md" : "html";

    /* Every output: its path, what it holds, which stream. */
    typedef struct { char *path; kind_t kind; const annotate_ws_stream_t *stream; } plan_t;
    GArray *plan = g_array_new(FALSE, TRUE, sizeof(plan_t));
    if (config->ladder != ANNOTATE_LADDER_NONE) {
        for (size_t i = 0; i < view->stream_count; i++) {
            plan_t p = { g_strdup_printf("%s.stream%" PRIu32 ".%s", out_base, view->streams[i]->id,
                                         ladder_ext(config)),
                         KIND_LADDER, view->streams[i] };
            g_array_append_val(plan, p);
        }
    }
    if (config->exercises) {
        plan_t e = { g_strdup_printf("%s.exercises.%s", out_base, ext), KIND_EXERCISES, NULL };
        plan_t a = { g_strdup_printf("%s.answers.%s", out_base, ext), KIND_ANSWERS, NULL };
        g_array_append_val(plan, e);
        g_array_append_val(plan, a);
    }
    if (config->quiz == ANNOTATE_QUIZ_GIFT) {
        plan_t q = { g_strdup_printf("%s.quiz.gift", out_base), KIND_QUIZ, NULL };
        g_array_append_val(plan, q);
    }

    for (guint i = 0; ok && i < plan->len && !ANNOTATE_WS_STOPPED(view); i++) {
        plan_t *p = &g_array_index(plan, plan_t, i);
        if (!config->force && annotate_output_exists(p->path)) {
            snprintf(err, errlen, "%s already exists (use --force to overwrite)", p->path);
            ok = false;
            break;
        }
        annotate_output_t out = { 0 };
        if (!annotate_output_create(&out, p->path, err, errlen)) {
            ok = false;
            break;
        }
        g_array_append_val(outs, out);
        ok = fill(config, view, p->kind, p->stream,
                  &g_array_index(outs, annotate_output_t, outs->len - 1), err, errlen);
    }
    if (ok && ANNOTATE_WS_STOPPED(view)) {
        /* A signal came: nothing more is put in place (the caller takes
         * back the capture and worksheet, and the exit status says why). */
        snprintf(err, errlen, "interrupted");
        ok = false;
    }
    for (guint i = 0; ok && i < outs->len; i++) {
        annotate_output_t *o = &g_array_index(outs, annotate_output_t, i);
        ok = annotate_output_commit(o, config->force, err, errlen);
        if (ok)
            g_ptr_array_add(committed, g_strdup(o->final_path));
    }
    if (!ok && !config->force) {
        /* All or none: take back what this run created. */
        for (guint i = 0; i < committed->len; i++)
            remove(g_ptr_array_index(committed, i));
    }
    for (guint i = 0; i < outs->len; i++)
        annotate_output_discard(&g_array_index(outs, annotate_output_t, i));
    for (guint i = 0; i < plan->len; i++)
        g_free(g_array_index(plan, plan_t, i).path);
    g_array_free(plan, TRUE);
    g_array_free(outs, TRUE);
    g_ptr_array_free(committed, TRUE);
    annotate_worksheet_view_free(view);
    return ok;
}
