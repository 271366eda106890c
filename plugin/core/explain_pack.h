/* explain_pack.h - plain data made small by leaving its zero bytes out.
 *
 * Plain C, no Wireshark. The store keeps copies of the engine's state
 * (checkpoints); most of their bytes are zero (empty rings, counters that
 * never moved, the high bytes of small numbers), so a copy keeps only a
 * mask of which bytes are not zero, and those bytes. Lossless for any
 * bytes: unpacking gives back exactly what was packed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_PACK_H
#define EXPLAIN_PACK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Worst-case packed size of len bytes (none of them zero). */
#define EXPLAIN_PACK_MAX(len) ((len) + ((len) + 7) / 8 + ((len) + 63) / 64)

/* Packs in[0..len) into out (room for EXPLAIN_PACK_MAX(len) bytes);
 * returns the bytes written. */
size_t explain_pack_zeros(const void *in, size_t len, uint8_t *out);

/* Unpacks what explain_pack_zeros() wrote for len bytes into out[0..len);
 * returns the packed bytes read. */
size_t explain_unpack_zeros(const uint8_t *in, size_t len, void *out);

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_PACK_H */
