/* SPDX-License-Identifier: MIT */
#include "slides/pngenc.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* A slide is rows of one background colour broken by anti-aliased text
 * and bars, many rows the same as the one above. This encoder writes
 * what deflate would find there without searching for it: each row
 * (filter None) is matched against the row above at the same place,
 * or against the pixel before (a run of one colour), greedily, and
 * coded with deflate's fixed Huffman codes in one block. No hash
 * chains, no code tables to build: a 1080p slogan costs a few
 * milliseconds where zlib's RLE strategy over Up-filtered rows costs
 * ~10 (`bench-core png`); files stay within a third of zlib's. */

#define CHUNK_BYTES (256u * 1024u) /* IDAT data per chunk */
#define MAX_MATCH   258
#define WINDOW      32768

struct pngenc {
    FILE *f;
    uint8_t *out; /* owned, CHUNK_BYTES + slack: the IDAT being filled */
    size_t n_out;
    uint64_t acc; /* bits not yet written, LSB first */
    int n_acc;
    uint32_t adler; /* of the uncompressed stream */
    bool ok;
};

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void pngenc_chunk(struct pngenc *e, const char *type, const uint8_t *data, size_t len)
{
    uint8_t head[8];
    put32(head, (uint32_t)len);
    memcpy(head + 4, type, 4);
    uint32_t crc = (uint32_t)crc32(0, head + 4, 4);
    if (len)
        crc = (uint32_t)crc32(crc, data, (uInt)len);
    uint8_t tail[4];
    put32(tail, crc);
    if (fwrite(head, 1, 8, e->f) != 8 || (len && fwrite(data, 1, len, e->f) != len) ||
        fwrite(tail, 1, 4, e->f) != 4)
        e->ok = false;
}

static void pngenc_flush_bytes(struct pngenc *e)
{
    while (e->n_acc >= 8) {
        e->out[e->n_out++] = (uint8_t)e->acc;
        e->acc >>= 8;
        e->n_acc -= 8;
    }
    if (e->n_out >= CHUNK_BYTES) {
        pngenc_chunk(e, "IDAT", e->out, e->n_out);
        e->n_out = 0;
    }
}

/* n <= 32 bits of v, LSB first (deflate's bit order). */
static inline void pngenc_bits(struct pngenc *e, uint32_t v, int n)
{
    e->acc |= (uint64_t)v << e->n_acc;
    e->n_acc += n;
    if (e->n_acc >= 32)
        pngenc_flush_bytes(e);
}

/* Huffman codes go most significant bit first: reversed into the stream. */
static inline uint32_t pngenc_rev(uint32_t code, int n)
{
    uint32_t r = 0;
    for (int i = 0; i < n; i++, code >>= 1)
        r = r << 1 | (code & 1);
    return r;
}

static inline void pngenc_literal(struct pngenc *e, unsigned sym)
{
    /* Fixed codes (RFC 1951 3.2.6). */
    if (sym < 144)
        pngenc_bits(e, pngenc_rev(0x30 + sym, 8), 8);
    else if (sym < 256)
        pngenc_bits(e, pngenc_rev(0x190 + sym - 144, 9), 9);
    else if (sym < 280)
        pngenc_bits(e, pngenc_rev(sym - 256, 7), 7);
    else
        pngenc_bits(e, pngenc_rev(0xc0 + sym - 280, 8), 8);
}

static void pngenc_match(struct pngenc *e, unsigned len, unsigned dist)
{
    static const uint16_t len_base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                          15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                          67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const uint8_t len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                          2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    static const uint16_t dist_base[30] = {
        1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
        193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                           6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    int lc = 28;
    while (len_base[lc] > len)
        lc--;
    pngenc_literal(e, 257 + (unsigned)lc);
    if (len_extra[lc])
        pngenc_bits(e, len - len_base[lc], len_extra[lc]);
    int dc = 29;
    while (dist_base[dc] > dist)
        dc--;
    pngenc_bits(e, pngenc_rev((uint32_t)dc, 5), 5);
    if (dist_extra[dc])
        pngenc_bits(e, dist - dist_base[dc], dist_extra[dc]);
}

static inline unsigned pngenc_common(const uint8_t *a, const uint8_t *b, unsigned max)
{
    unsigned n = 0;
    while (n + 8 <= max) {
        uint64_t x, y;
        memcpy(&x, a + n, 8);
        memcpy(&y, b + n, 8);
        if (x != y)
            break;
        n += 8;
    }
    while (n < max && a[n] == b[n])
        n++;
    return n;
}

/* One line of the stream: the filter byte and the row's bytes. prev is
 * the line before (NULL for the first, or when it is beyond the window). */
static void pngenc_line(struct pngenc *e, const uint8_t *line, const uint8_t *prev, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned max = len - i < MAX_MATCH ? (unsigned)(len - i) : MAX_MATCH;
        unsigned up = prev ? pngenc_common(line + i, prev + i, max) : 0;
        /* The pixel before: a run of one colour (3 bytes back, within the row). */
        unsigned run = i >= 4 ? pngenc_common(line + i, line + i - 3, max) : 0;
        if (up >= 3 && up >= run) {
            pngenc_match(e, up, (unsigned)len);
            i += up;
        } else if (run >= 3) {
            pngenc_match(e, run, 3);
            i += run;
        } else {
            pngenc_literal(e, line[i]);
            i++;
        }
    }
}

/* The share of bytes the matcher would leave as literals, over every
 * 8th row (each against the row above, as pngenc_line matches). */
double pngenc_literal_share(const struct pixbuf *pb)
{
    size_t len = (size_t)pb->w * 3;
    uint8_t *lines = malloc(2 * len);
    if (!lines)
        return 1.0;
    size_t literals = 0, total = 0;
    for (int y = 1; y < pb->h; y += 8) {
        for (int k = 0; k < 2; k++) {
            const uint32_t *src = pb->px + (size_t)(y - 1 + k) * pb->stride;
            uint8_t *l = lines + (size_t)k * len;
            for (int x = 0; x < pb->w; x++) {
                l[x * 3] = (uint8_t)(src[x] >> 16);
                l[x * 3 + 1] = (uint8_t)(src[x] >> 8);
                l[x * 3 + 2] = (uint8_t)src[x];
            }
        }
        const uint8_t *prev = lines, *line = lines + len;
        for (size_t i = 0; i < len;) {
            unsigned max = len - i < MAX_MATCH ? (unsigned)(len - i) : MAX_MATCH;
            unsigned up = pngenc_common(line + i, prev + i, max);
            unsigned run = i >= 3 ? pngenc_common(line + i, line + i - 3, max) : 0;
            unsigned m = up > run ? up : run;
            if (m >= 3) {
                i += m;
            } else {
                literals++;
                i++;
            }
        }
        total += len;
    }
    free(lines);
    return total ? (double)literals / (double)total : 0.0;
}

bool pngenc_write(const struct pixbuf *pb, FILE *f)
{
    size_t len = (size_t)pb->w * 3 + 1;
    struct pngenc e = {.f = f, .adler = (uint32_t)adler32(0, NULL, 0), .ok = true};
    uint8_t *lines = malloc(2 * len);
    e.out = malloc(CHUNK_BYTES + 64);
    if (!lines || !e.out) {
        free(lines);
        free(e.out);
        return false;
    }
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    uint8_t ihdr[13];
    put32(ihdr, (uint32_t)pb->w);
    put32(ihdr + 4, (uint32_t)pb->h);
    ihdr[8] = 8;  /* bits per channel */
    ihdr[9] = 2;  /* RGB: the board is opaque, viewers show no alpha */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering (each line says None) */
    ihdr[12] = 0; /* not interlaced */
    if (fwrite(sig, 1, 8, f) != 8)
        e.ok = false;
    pngenc_chunk(&e, "IHDR", ihdr, sizeof(ihdr));
    /* zlib header: deflate, 32 KB window, fastest; then one final block
     * with fixed codes (BFINAL 1, BTYPE 01). */
    e.out[e.n_out++] = 0x78;
    e.out[e.n_out++] = 0x01;
    pngenc_bits(&e, 1, 1);
    pngenc_bits(&e, 1, 2);
    for (int y = 0; y < pb->h && e.ok; y++) {
        uint8_t *line = lines + (size_t)(y & 1) * len;
        const uint8_t *prev = y > 0 && len <= WINDOW ? lines + (size_t)((y + 1) & 1) * len : NULL;
        const uint32_t *src = pb->px + (size_t)y * pb->stride;
        line[0] = 0; /* filter None */
        for (int x = 0; x < pb->w; x++) {
            line[1 + x * 3] = (uint8_t)(src[x] >> 16);
            line[2 + x * 3] = (uint8_t)(src[x] >> 8);
            line[3 + x * 3] = (uint8_t)src[x];
        }
        e.adler = (uint32_t)adler32(e.adler, line, (uInt)len);
        pngenc_line(&e, line, prev, len);
    }
    pngenc_literal(&e, 256); /* end of block */
    if (e.n_acc % 8)
        pngenc_bits(&e, 0, 8 - e.n_acc % 8);
    pngenc_flush_bytes(&e);
    put32(e.out + e.n_out, e.adler);
    e.n_out += 4;
    pngenc_chunk(&e, "IDAT", e.out, e.n_out);
    pngenc_chunk(&e, "IEND", NULL, 0);
    free(lines);
    free(e.out);
    return e.ok;
}
