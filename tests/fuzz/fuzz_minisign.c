/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the minisign key and signature parsers must refuse
 * anything malformed without reading out of bounds, and verification of
 * whatever parses must not crash. Built with -Dfuzz=enabled (clang). */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "feed/minisign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[256];
    struct minisign_pubkey pk;
    struct minisign_sig sig;
    (void)minisign_parse_pubkey((const char *)data, size, &pk, why, sizeof(why));
    if (minisign_parse_sig((const char *)data, size, &sig, why, sizeof(why))) {
        /* A key whose id matches, so verification runs to the end. */
        memset(&pk, 0, sizeof(pk));
        memcpy(pk.key_id, sig.key_id, sizeof(pk.key_id));
        (void)minisign_verify(&pk, &sig, data, size, why, sizeof(why));
    }
    return 0;
}
