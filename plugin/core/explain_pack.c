/* explain_pack.c - plain data made small by leaving its zero bytes out.
 *
 * Format, per group of 64 bytes (the last one shorter): one byte saying
 * which of its 8-byte blocks hold a byte that is not zero (bit i: block
 * i), then for each such block one byte saying which of its bytes are not
 * zero, then those bytes. An all-zero group costs one byte.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_pack.h"

#include <string.h>

size_t explain_pack_zeros(const void *in, size_t len, uint8_t *out)
{
    const uint8_t *bytes = in;
    size_t used = 0;
    for (size_t group = 0; group < len; group += 64) {
        size_t group_mask_at = used++;
        uint8_t group_mask = 0;
        for (size_t block = 0; block < 8 && group + block * 8 < len; block++) {
            size_t start = group + block * 8;
            size_t end = start + 8 < len ? start + 8 : len;
            if (end - start == 8) {   /* a whole block of zeros: skipped at once */
                uint64_t word;
                memcpy(&word, bytes + start, 8);
                if (word == 0)
                    continue;
            }
            /* each byte written, kept only when not zero (no branch per
             * byte); a zero byte's write lands where the next byte goes,
             * never past what a packing with that byte would use */
            size_t mask_at = used++;
            uint8_t mask = 0;
            for (size_t i = start; i < end; i++) {
                uint8_t b = bytes[i];
                out[used] = b;
                used += b != 0;
                mask |= (uint8_t)((b != 0) << (i - start));
            }
            if (mask == 0) {   /* a short last block of zeros */
                used = mask_at;
                continue;
            }
            out[mask_at] = mask;
            group_mask |= (uint8_t)(1u << block);
        }
        out[group_mask_at] = group_mask;
    }
    return used;
}

size_t explain_unpack_zeros(const uint8_t *in, size_t len, void *out)
{
    uint8_t *bytes = out;
    size_t used = 0;
    memset(bytes, 0, len);
    for (size_t group = 0; group < len; group += 64) {
        uint8_t group_mask = in[used++];
        for (size_t block = 0; block < 8; block++) {
            if ((group_mask & (1u << block)) == 0)
                continue;
            uint8_t mask = in[used++];
            size_t start = group + block * 8;
            for (size_t i = 0; i < 8; i++)
                if (mask & (1u << i))
                    bytes[start + i] = in[used++];
        }
    }
    return used;
}
