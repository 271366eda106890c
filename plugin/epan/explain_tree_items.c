/* explain_tree_items.c - the labelled items of the Explain tree
 * (explain_tree_items.h).
 *
 * Mutable state: the constant labels of the last telling, and a scratch
 * buffer for the others; dissection runs on one thread.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_tree_items.h"

#include "explain_narrative.h"
#include "explain_narrative_timing.h"
#include "explain_template.h"

#include <inttypes.h>
#include <string.h>

#include <epan/proto.h>

static const char *const label_ids[EXPLAIN_LABEL_COUNT] = {
#define EXPLAIN_X_LABEL_ID(name, key) [EXPLAIN_LABEL_##name] = "label." key,
    EXPLAIN_LABEL_LIST(EXPLAIN_X_LABEL_ID)
#undef EXPLAIN_X_LABEL_ID
};

/* The labels without placeholders, rendered once for one telling. */
static struct {
    bool                     ready;
    const explain_catalog_t *catalog;
    explain_voice_t          voice;
    char                    *language;                    /* NULL: English */
    char                    *text[EXPLAIN_LABEL_COUNT];   /* NULL: the label has placeholders */
} constant_labels;

static GString *scratch;   /* renders a label with placeholders before its copy */

void explain_items_forget_labels(void)
{
    for (unsigned i = 0; i < EXPLAIN_LABEL_COUNT; i++) {
        g_free(constant_labels.text[i]);
        constant_labels.text[i] = NULL;
    }
    g_free(constant_labels.language);
    constant_labels.language = NULL;
    constant_labels.catalog = NULL;
    constant_labels.ready = false;
}

/* The constant labels of how, rendered now if how is not the telling they
 * were rendered for. */
static char *const *labels_of(const explain_telling_t *how)
{
    if (constant_labels.ready && constant_labels.catalog == how->catalog
        && constant_labels.voice == how->voice
        && g_strcmp0(constant_labels.language, how->language) == 0)
        return constant_labels.text;
    explain_items_forget_labels();
    explain_telling_t plain = *how;
    plain.claims = NULL;
    for (unsigned i = 0; i < EXPLAIN_LABEL_COUNT; i++) {
        const char *tmpl = explain_catalog_text(how->catalog, label_ids[i], how->voice,
                                                how->language);
        if (tmpl == NULL || strchr(tmpl, '{') != NULL || strchr(tmpl, '}') != NULL)
            continue;
        GString *text = g_string_new(NULL);
        explain_narrative_label(&plain, NULL, (explain_label_t)i, text);
        constant_labels.text[i] = g_string_free(text, FALSE);
    }
    constant_labels.catalog = how->catalog;
    constant_labels.voice = how->voice;
    constant_labels.language = g_strdup(how->language);
    constant_labels.ready = true;
    return constant_labels.text;
}

void explain_label_buf_init(explain_label_buf_t *b)
{
    b->text[0] = '\0';
    b->len = 0;
    b->overflowed = false;
}

void explain_label_buf_add(explain_label_buf_t *b, const char *s)
{
    size_t n = strlen(s);
    if (b->overflowed || n >= sizeof b->text - b->len) {
        b->overflowed = true;
        return;
    }
    memcpy(b->text + b->len, s, n + 1);
    b->len += n;
}

void explain_label_buf_add_u64(explain_label_buf_t *b, uint64_t v)
{
    char digits[24];
    explain_label_buf_add(b, explain_decimal_backwards(digits + sizeof digits - 1, v, false));
}

bool explain_items_wanted(const explain_items_t *c, proto_tree *tree, int hf)
{
    return c->how != NULL || proto_field_is_referenced(tree, hf);
}

const char *explain_items_label(const explain_items_t *c, explain_label_t label)
{
    if ((unsigned)label >= EXPLAIN_LABEL_COUNT)
        return "";
    const char *constant = labels_of(c->how)[label];
    if (constant != NULL)
        return constant;
    if (scratch == NULL)
        scratch = g_string_sized_new(128);
    g_string_truncate(scratch, 0);
    explain_narrative_label(c->how, c->r, label, scratch);
    char *copy = wmem_alloc(c->pinfo->pool, scratch->len + 1);
    memcpy(copy, scratch->str, scratch->len + 1);
    return copy;
}

bool explain_items_label_is_name(const explain_items_t *c, int hf, explain_label_t label)
{
    if (c->how == NULL || (unsigned)label >= EXPLAIN_LABEL_COUNT)
        return false;
    const char *constant = labels_of(c->how)[label];
    return constant != NULL && strcmp(constant, proto_registrar_get_name(hf)) == 0;
}

void explain_items_finish(const explain_items_t *c, proto_item *item)
{
    proto_item_set_generated(item);
    if (c->brief)
        proto_item_set_hidden(item);
}

/* True when the item goes in without a label of ours. */
static bool unlabelled(const explain_items_t *c, int hf, explain_label_t label)
{
    return c->how == NULL || explain_items_label_is_name(c, hf, label);
}

void explain_items_add_u32(const explain_items_t *c, proto_tree *tree, int hf,
                           explain_label_t label, uint32_t v)
{
    if (!explain_items_wanted(c, tree, hf))
        return;
    proto_item *item = unlabelled(c, hf, label)
        ? proto_tree_add_uint(tree, hf, c->tvb, 0, 0, v)
        : proto_tree_add_uint_format(tree, hf, c->tvb, 0, 0, v, "%s: %u",
                                     explain_items_label(c, label), v);
    explain_items_finish(c, item);
}

void explain_items_add_u64(const explain_items_t *c, proto_tree *tree, int hf,
                           explain_label_t label, uint64_t v)
{
    if (!explain_items_wanted(c, tree, hf))
        return;
    proto_item *item = unlabelled(c, hf, label)
        ? proto_tree_add_uint64(tree, hf, c->tvb, 0, 0, v)
        : proto_tree_add_uint64_format(tree, hf, c->tvb, 0, 0, v, "%s: %" PRIu64,
                                       explain_items_label(c, label), v);
    explain_items_finish(c, item);
}

void explain_items_add_i32(const explain_items_t *c, proto_tree *tree, int hf,
                           explain_label_t label, int32_t v)
{
    if (!explain_items_wanted(c, tree, hf))
        return;
    proto_item *item = unlabelled(c, hf, label)
        ? proto_tree_add_int(tree, hf, c->tvb, 0, 0, v)
        : proto_tree_add_int_format(tree, hf, c->tvb, 0, 0, v, "%s: %d",
                                    explain_items_label(c, label), v);
    explain_items_finish(c, item);
}

void explain_items_add_u64_text(const explain_items_t *c, proto_tree *tree, int hf,
                                explain_label_t label, uint64_t v)
{
    if (!explain_items_wanted(c, tree, hf))
        return;
    proto_item *item = c->how != NULL
        ? proto_tree_add_uint64_format(tree, hf, c->tvb, 0, 0, v, "%s",
                                       explain_items_label(c, label))
        : proto_tree_add_uint64(tree, hf, c->tvb, 0, 0, v);
    explain_items_finish(c, item);
}

void explain_items_add_time(const explain_items_t *c, proto_tree *tree, int hf,
                            explain_label_t label, int64_t ns)
{
    if (!explain_items_wanted(c, tree, hf))
        return;
    nstime_t t;
    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    proto_item *item;
    if (c->how == NULL) {
        item = proto_tree_add_time(tree, hf, c->tvb, 0, 0, &t);
    } else {
        /* "Label: <secs>.<9 digits> s", put together by hand when ns >= 0 */
        const char *name = explain_items_label(c, label);
        explain_label_buf_t b;
        explain_label_buf_init(&b);
        if (ns >= 0) {
            char nsecs[10];
            uint32_t rest = (uint32_t)t.nsecs;
            for (int i = 8; i >= 0; i--) {
                nsecs[i] = (char)('0' + rest % 10);
                rest /= 10;
            }
            nsecs[9] = '\0';
            explain_label_buf_add(&b, name);
            explain_label_buf_add(&b, ": ");
            explain_label_buf_add_u64(&b, (uint64_t)t.secs);
            explain_label_buf_add(&b, explain_narrative_decimal_separator(c->how));
            explain_label_buf_add(&b, nsecs);
            explain_label_buf_add(&b, " s");
        }
        item = ns >= 0 && !b.overflowed
            ? proto_tree_add_time_format(tree, hf, c->tvb, 0, 0, &t, "%s", b.text)
            : proto_tree_add_time_format(tree, hf, c->tvb, 0, 0, &t, "%s: %" PRId64 "%s%09d s",
                                         name, (int64_t)t.secs,
                                         explain_narrative_decimal_separator(c->how), t.nsecs);
    }
    explain_items_finish(c, item);
}

void explain_items_add_bool(const explain_items_t *c, proto_tree *tree, int hf,
                            explain_label_t if_true, explain_label_t if_false, bool v)
{
    if (!explain_items_wanted(c, tree, hf))
        return;
    proto_item *item = c->how != NULL
        ? proto_tree_add_boolean_format(tree, hf, c->tvb, 0, 0, v, "%s",
                                        explain_items_label(c, v ? if_true : if_false))
        : proto_tree_add_boolean(tree, hf, c->tvb, 0, 0, v);
    explain_items_finish(c, item);
}

void explain_items_add_enum_text(const explain_items_t *c, proto_tree *tree, int hf,
                                 explain_label_t label, uint32_t v)
{
    if (!explain_items_wanted(c, tree, hf))
        return;
    proto_item *item = c->how != NULL
        ? proto_tree_add_uint_format(tree, hf, c->tvb, 0, 0, v, "%s (%u)",
                                     explain_items_label(c, label), v)
        : proto_tree_add_uint(tree, hf, c->tvb, 0, 0, v);
    explain_items_finish(c, item);
}

void explain_items_add_string(const explain_items_t *c, proto_tree *tree, int hf,
                              explain_label_t label, const char *v)
{
    if (!explain_items_wanted(c, tree, hf))
        return;
    proto_item *item = c->how != NULL   /* Wireshark would escape what it prints */
        ? proto_tree_add_string_format(tree, hf, c->tvb, 0, 0, v, "%s: %s",
                                       explain_items_label(c, label), v)
        : proto_tree_add_string(tree, hf, c->tvb, 0, 0, v);
    explain_items_finish(c, item);
}

proto_tree *explain_items_add_subtree(const explain_items_t *c, proto_tree *tree, gint ett,
                                      explain_label_t label, const char *english)
{
    if (c->how == NULL && !proto_field_is_referenced(tree, hf_text_only))
        return tree;   /* what epan makes of a text item nobody sees */
    proto_item *top;
    proto_tree *sub = proto_tree_add_subtree(tree, c->tvb, 0, 0, ett, &top,
                                             c->how != NULL ? explain_items_label(c, label)
                                                            : english);
    explain_items_finish(c, top);
    return sub;
}
