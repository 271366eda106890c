/* explain_catalog.h - the narrative texts, by id, voice and language.
 *
 * Texts live in GLib key files (annotations/explain*.keyfile): one group per text
 * id ("step.syn", "check.synack_ack.fail"), one key per voice ("brief",
 * "teaching", "story"), GLib locale keys for translations
 * ("teaching[es]"). The built-in catalog is embedded in the binary; a
 * teacher's own file can override any subset of texts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_CATALOG_H
#define EXPLAIN_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    EXPLAIN_VOICE_BRIEF = 0,
    EXPLAIN_VOICE_TEACHING = 1,
    EXPLAIN_VOICE_STORY = 2,
    EXPLAIN_VOICE_COUNT
} explain_voice_t;

typedef struct explain_catalog explain_catalog_t;

/* The key name of a voice ("brief", "teaching", "story"). */
const char *explain_voice_key(explain_voice_t voice);

/* A new catalog holding the built-in texts. Never NULL. */
explain_catalog_t *explain_catalog_new_builtin(void);

/* A new catalog parsed from key-file text; origin names it in messages.
 * On any problem returns NULL and sets *error (g_free it) to one line
 * "origin:line: key: problem". Placeholders are checked against the known
 * list (explain_placeholders.h). */
explain_catalog_t *explain_catalog_new_from_data(const char *data, size_t len,
                                                 const char *origin, char **error);

/* Lays the texts of an override file over the catalog. On any problem
 * (unreadable file, syntax error, invalid UTF-8, unknown group or key,
 * unknown or missing placeholder) the catalog is left unchanged, false is
 * returned and *error is set to one line naming file, line and key. */
bool explain_catalog_merge_file(explain_catalog_t *catalog, const char *path,
                                char **error);

/* Same as explain_catalog_merge_file, from memory. */
bool explain_catalog_merge_data(explain_catalog_t *catalog, const char *data,
                                size_t len, const char *origin, char **error);

void explain_catalog_free(explain_catalog_t *catalog);

/* The text of group id in the given voice and language (a locale name
 * such as "es" or "es_AR.UTF-8"; NULL or "" means English). Falls back,
 * per text, from the language to English and from brief or story to
 * teaching. NULL only when the id has no text at all. The pointer stays
 * valid until the catalog is changed or freed. */
const char *explain_catalog_text(const explain_catalog_t *catalog, const char *id,
                                 explain_voice_t voice, const char *language);

/* True when the group exists. */
bool explain_catalog_has(const explain_catalog_t *catalog, const char *id);

/* How many id lists and languages one catalog resolves at most (see
 * explain_catalog_resolve). */
#define EXPLAIN_CATALOG_RESOLVED_MAX 16

/* The texts of a fixed list of ids in one voice and language, at once:
 * element i is exactly what explain_catalog_text(catalog, ids[i], voice,
 * language) returns (NULL for an id without text). The lists are worked
 * out on the first call for a pair (ids, language), for every voice, and
 * kept by the catalog, so later calls cost one comparison of language
 * strings: a renderer that tells many packets looks its texts up by
 * index. ids is remembered by address and must outlive the catalog (a
 * static array). The array stays valid until the catalog is changed
 * (merged into) or freed. Returns NULL on a bad argument, or when the
 * catalog already holds EXPLAIN_CATALOG_RESOLVED_MAX other lists (the
 * caller then uses explain_catalog_text). Several threads may call it
 * at once, as they may explain_catalog_text, as long as none changes the
 * catalog meanwhile. */
const char *const *explain_catalog_resolve(const explain_catalog_t *catalog,
                                           const char *const *ids, size_t count,
                                           explain_voice_t voice, const char *language);

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_CATALOG_H */
