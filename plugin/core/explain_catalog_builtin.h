/* explain_catalog_builtin.h - the key files embedded at build time.
 *
 * Defined by catalog_builtin.c, which annotations/CMakeLists.txt generates
 * from annotations/explain.keyfile (the English texts, and any
 * translations it holds itself) and annotations/explain.<locale>.keyfile
 * (translations, merged over it in file-name order). Private to the
 * catalog; library target explain_catalog_data.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_CATALOG_BUILTIN_H
#define EXPLAIN_CATALOG_BUILTIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* annotations/explain.keyfile; a NUL byte follows the size bytes. */
extern const char explain_catalog_builtin_data[];
extern const size_t explain_catalog_builtin_size;

/* One embedded translation file. */
typedef struct {
    const char *name;   /* file name, e.g. "explain.es.keyfile" */
    const char *data;   /* NUL follows the size bytes */
    size_t      size;
} explain_catalog_builtin_file_t;

/* The explain.<locale>.keyfile files, sorted by name; then one all-zero
 * entry. */
extern const explain_catalog_builtin_file_t explain_catalog_builtin_translations[];
extern const size_t explain_catalog_builtin_translation_count;

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_CATALOG_BUILTIN_H */
