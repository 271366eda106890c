/* fuzz_input.h - reading a fuzzer's input as a stream of numbers: past
 * its end every read gives 0, so any input is a whole recipe.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *p;
    size_t         n;
} reader_t;

/* The next byte, or 0 past the end. */
static inline uint8_t rd8(reader_t *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

/* The next two bytes, big-endian. */
static inline uint16_t rd16(reader_t *r)
{
    uint16_t hi = rd8(r);
    return (uint16_t)((hi << 8) | rd8(r));
}

/* The next four bytes, big-endian. */
static inline uint32_t rd32(reader_t *r)
{
    uint32_t hi = rd16(r);
    return (hi << 16) | rd16(r);
}

#endif /* FUZZ_INPUT_H */
