/* bench/sizes.c - prints the sizes bench/run needs to count what explain.so
 * keeps per TCP packet and per stream.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include "explain_engine.h"

int main(void)
{
    printf("result %zu\nstream %zu\nfacts %zu\nptr %zu\n", sizeof(explain_result_t),
           sizeof(explain_stream_t), sizeof(explain_facts_t), sizeof(void *));
    return 0;
}
