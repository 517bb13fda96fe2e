#include "render/marquee.h"

#include <stdlib.h>
#include <string.h>

#include "text/text.h"

struct marquee {
    struct pixbuf *strip; /* owned: the text plus a trailing gap */
    double speed;         /* px/s */
};

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
    m->strip = pixbuf_new(w, h);
    if (!m->strip)
        goto fail;
    pixbuf_fill(m->strip, 0, 0, w, h, bg);
    text_block_draw(tb, fs, m->strip, 0, (h - text_block_height(tb)) / 2, fg);
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
    pixbuf_free(m->strip);
    free(m);
}

const struct pixbuf *marquee_strip(const struct marquee *m)
{
    return m->strip;
}

int marquee_offset(const struct marquee *m, uint64_t t_ms)
{
    /* Whole pixels only: sub-pixel scrolling smears on LED boards. */
    uint64_t travelled = (uint64_t)(m->speed * (double)t_ms / 1000.0);
    return -(int)(travelled % (uint64_t)m->strip->w);
}

void marquee_draw(const struct marquee *m, struct pixbuf *pb, int y, int offset)
{
    /* Fill the view with consecutive copies so the wrap is seamless. */
    int w = m->strip->w;
    int x = offset;
    while (x > 0)
        x -= w;
    for (; x < pb->w; x += w)
        pixbuf_copy(pb, x, y, m->strip);
}
