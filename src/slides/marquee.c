#include "slides/marquee.h"

#include <stdlib.h>
#include <string.h>

#include "text/text.h"

/* The strip is text in one colour on another, anti-aliased: a few
 * hundred distinct colours. It is kept as 8-bit indices into them (a
 * quarter of the bytes; a 1080p ticker's strip is ~3 MB as ARGB), or as
 * ARGB when it has more. */
struct marquee {
    int w, h;
    uint8_t *idx; /* owned, w * h indices into palette; NULL: argb holds it */
    uint32_t palette[256];
    struct pixbuf *argb; /* owned when idx is NULL */
    double speed;        /* px/s */
};

/* Turns the ARGB strip into indices; false (strip kept) when it has
 * more than 256 colours or memory is short. */
static bool index_strip(struct marquee *m, const struct pixbuf *pb)
{
    enum { SLOTS = 1024 }; /* open addressing, at most a quarter full */
    uint32_t keys[SLOTS];
    int16_t vals[SLOTS];
    memset(vals, -1, sizeof(vals));
    int n = 0;
    uint8_t *idx = malloc((size_t)pb->w * (size_t)pb->h);
    if (!idx)
        return false;
    for (int y = 0; y < pb->h; y++) {
        const uint32_t *row = pb->px + (size_t)y * (size_t)pb->stride;
        for (int x = 0; x < pb->w; x++) {
            uint32_t c = row[x];
            size_t k = (c * 2654435761u) % SLOTS;
            while (vals[k] >= 0 && keys[k] != c)
                k = (k + 1) % SLOTS;
            if (vals[k] < 0) {
                if (n == 256) {
                    free(idx);
                    return false;
                }
                keys[k] = c;
                vals[k] = (int16_t)n;
                m->palette[n++] = c;
            }
            idx[(size_t)y * (size_t)pb->w + (size_t)x] = (uint8_t)vals[k];
        }
    }
    m->idx = idx;
    return true;
}

struct marquee *marquee_new(struct font_set *fs, const char *utf8, enum font_weight weight, int h,
                            uint32_t fg, uint32_t bg, double speed)
{
    struct marquee *m = calloc(1, sizeof(*m));
    char *line = strdup(utf8);
    struct text_block *tb = NULL;
    if (!m || !line || h <= 0)
        goto fail;
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    /* One line: a width no text reaches, then the largest size whose ink
     * (stacked marks included) fits the strip's height. */
    struct text_style st = {.weight = weight, .align = LAYOUT_LEFT, .min_px = 6, .max_px = h};
    tb = text_fit(fs, line, &st, 1 << 20, h);
    if (!tb)
        goto fail;
    int gap = h * 2; /* between the end of the text and its next pass */
    int w = text_block_width(tb) + gap;
    m->argb = pixbuf_new(w, h);
    if (!m->argb)
        goto fail;
    m->w = w;
    m->h = h;
    pixbuf_fill(m->argb, 0, 0, w, h, bg);
    text_block_draw(tb, fs, m->argb, 0, (h - text_block_height(tb)) / 2, fg);
    if (index_strip(m, m->argb)) {
        pixbuf_free(m->argb);
        m->argb = NULL;
    }
    m->speed = speed > 0 ? speed : 80;
    text_block_free(tb);
    free(line);
    return m;
fail:
    text_block_free(tb);
    free(line);
    marquee_free(m);
    return NULL;
}

void marquee_free(struct marquee *m)
{
    if (!m)
        return;
    pixbuf_free(m->argb);
    free(m->idx);
    free(m);
}

void marquee_size(const struct marquee *m, int *w, int *h)
{
    *w = m->w;
    *h = m->h;
}

int marquee_offset(const struct marquee *m, uint64_t t_ms)
{
    /* Whole pixels only: sub-pixel scrolling smears on LED boards. */
    uint64_t travelled = (uint64_t)(m->speed * (double)t_ms / 1000.0);
    return -(int)(travelled % (uint64_t)m->w);
}

void marquee_draw(const struct marquee *m, struct pixbuf *pb, int y, int offset)
{
    /* Fill the view with consecutive copies so the wrap is seamless. */
    int w = m->w;
    int x = offset;
    while (x > 0)
        x -= w;
    for (; x < pb->w; x += w) {
        if (m->argb) {
            pixbuf_copy(pb, x, y, m->argb);
            continue;
        }
        /* The copy's columns within the view, rows within pb. */
        int c0 = x < 0 ? -x : 0, c1 = x + w > pb->w ? pb->w - x : w;
        for (int r = 0; r < m->h; r++) {
            if (y + r < 0 || y + r >= pb->h)
                continue;
            const uint8_t *src = m->idx + (size_t)r * (size_t)w;
            uint32_t *dst = pb->px + (size_t)(y + r) * (size_t)pb->stride;
            for (int c = c0; c < c1; c++)
                dst[x + c] = m->palette[src[c]];
        }
    }
}
