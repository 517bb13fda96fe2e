/* SPDX-License-Identifier: MIT */
#include "slides/imgdecode.h"

#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* After stdio.h: it uses FILE. */
#include <jpeglib.h>

#include "playlist/imghdr.h"
#include "util/i18n.h"

#define MAX_FACTOR 256 /* k * k * 255 * 255 still fits the 32-bit sums */

size_t imgdecode_budget(int w, int h)
{
    size_t px = 2 * (size_t)(w > 0 ? w : 1) * (size_t)(h > 0 ? h : 1);
    return px < 1024u * 1024u ? 1024u * 1024u : px;
}

int imgdecode_factor(unsigned w, unsigned h, const struct imgdecode_req *req)
{
    if (w == 0 || h == 0)
        return 1;
    double sx = (double)req->dst_w / w, sy = (double)req->dst_h / h;
    double scale = req->cover ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
    /* What loses nothing: the box filter brings the picture to within
     * 1.5x-3x of its final size, bilinear scaling does the rest. */
    int k = scale > 0 ? (int)(1.0 / scale / 1.5) : 1;
    /* What the budget allows. */
    double over = (double)w * h / (double)(req->budget_px ? req->budget_px : 1);
    int kb = over > 1 ? (int)ceil(sqrt(over)) : 1;
    if (kb > k)
        k = kb;
    unsigned side = w < h ? w : h;
    if (k > (int)side)
        k = (int)side;
    if (k > MAX_FACTOR)
        k = MAX_FACTOR;
    return k < 1 ? 1 : k;
}

/* ---- k x k box filter, fed a row at a time ---- */

struct shrink {
    int in_w, k;
    int band;           /* rows summed into acc so far */
    uint32_t *acc;      /* owned, out->w * 4: alpha, red*alpha, green*alpha, blue*alpha */
    struct pixbuf *out; /* owned until taken */
    int out_y;
};

static bool shrink_init(struct shrink *s, int in_w, int in_h, int k)
{
    *s = (struct shrink){.in_w = in_w, .k = k};
    int ow = in_w / k, oh = in_h / k;
    if (!(s->out = pixbuf_new(ow < 1 ? 1 : ow, oh < 1 ? 1 : oh)))
        return false;
    if (k > 1 && !(s->acc = calloc((size_t)s->out->w * 4, sizeof(uint32_t)))) {
        pixbuf_free(s->out);
        s->out = NULL;
        return false;
    }
    return true;
}

static void shrink_free(struct shrink *s)
{
    free(s->acc);
    pixbuf_free(s->out);
    *s = (struct shrink){0};
}

/* Alpha-weighted, so transparent pixels lend no colour. Bilinear
 * scaling alone would skip most source pixels: fine print and hatching
 * in an infographic would turn to noise. */
static void shrink_row(struct shrink *s, const uint32_t *row)
{
    if (s->out_y >= s->out->h)
        return; /* the rows past the last whole block */
    uint32_t *dst = s->out->px + (size_t)s->out_y * s->out->stride;
    if (s->k == 1) {
        memcpy(dst, row, (size_t)s->out->w * 4);
        s->out_y++;
        return;
    }
    for (int ox = 0; ox < s->out->w; ox++) {
        uint32_t *a = s->acc + (size_t)ox * 4;
        const uint32_t *p = row + (size_t)ox * s->k;
        for (int dx = 0; dx < s->k; dx++) {
            uint32_t v = p[dx], al = v >> 24;
            a[0] += al;
            a[1] += ((v >> 16) & 0xff) * al;
            a[2] += ((v >> 8) & 0xff) * al;
            a[3] += (v & 0xff) * al;
        }
    }
    if (++s->band < s->k)
        return;
    uint32_t n = (uint32_t)(s->k * s->k);
    for (int ox = 0; ox < s->out->w; ox++) {
        uint32_t *a = s->acc + (size_t)ox * 4;
        uint32_t sa = a[0], px = 0;
        if (sa)
            px = (sa + n / 2) / n << 24 | (a[1] + sa / 2) / sa << 16 | (a[2] + sa / 2) / sa << 8 |
                 (a[3] + sa / 2) / sa;
        dst[ox] = px;
        a[0] = a[1] = a[2] = a[3] = 0;
    }
    s->band = 0;
    s->out_y++;
}

static struct pixbuf *shrink_take(struct shrink *s)
{
    struct pixbuf *pb = s->out;
    s->out = NULL;
    shrink_free(s);
    return pb;
}

/* ---- PNG ---- */

struct png_err {
    char *why;
    size_t why_len;
};

static void png_on_error(png_structp png, png_const_charp msg)
{
    struct png_err *e = png_get_error_ptr(png);
    snprintf(e->why, e->why_len, _("the PNG file is corrupt (%s): export it again"), msg);
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg; /* ancillary chunk trouble: the pixels still decode */
}

static struct pixbuf *decode_png(FILE *f, const struct imgdecode_req *req, char *why,
                                 size_t why_len)
{
    struct png_err err = {why, why_len};
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, &err, png_on_error, png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    /* volatile: set after setjmp and read by the cleanup after a longjmp. */
    uint32_t *volatile row = NULL;
    uint32_t *volatile whole = NULL;
    struct shrink s = {0};
    struct shrink *volatile sp = &s;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(why, why_len, "%s", _("out of memory"));
        return NULL;
    }
    if (setjmp(png_jmpbuf(png))) {
        free(row);
        free(whole);
        shrink_free(sp);
        png_destroy_read_struct(&png, &info, NULL);
        return NULL;
    }
    png_init_io(png, f);
    png_set_user_limits(png, IMGHDR_MAX_SIDE, IMGHDR_MAX_SIDE);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    int type = png_get_color_type(png, info);
    /* Straight to the slide's words: 8-bit, RGB, an alpha byte. */
    png_set_expand(png);
    png_set_strip_16(png);
    if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(png);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    png_set_bgr(png); /* bytes B, G, R, A are the word 0xAARRGGBB */
    png_set_filler(png, 0xff, PNG_FILLER_AFTER);
#else
    png_set_filler(png, 0xff, PNG_FILLER_BEFORE);
    png_set_swap_alpha(png);
#endif
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 4) {
        snprintf(why, why_len, "%s", _("the PNG file uses a pixel format that cannot be shown"));
        png_longjmp(png, 1);
    }
    int k = imgdecode_factor(w, h, req);
    if (!shrink_init(&s, (int)w, (int)h, k)) {
        snprintf(why, why_len, "%s", _("out of memory"));
        png_longjmp(png, 1);
    }
    if (passes > 1) {
        /* Interlaced: every pass revisits every row, so the full picture
         * is held once (imghdr.h caps it at 4 bytes of 64 Mpx). */
        if (!(whole = malloc((size_t)w * h * 4))) {
            snprintf(why, why_len, "%s", _("out of memory"));
            png_longjmp(png, 1);
        }
        for (int p = 0; p < passes; p++)
            for (png_uint_32 y = 0; y < h; y++)
                png_read_row(png, (png_bytep)(whole + (size_t)y * w), NULL);
        for (png_uint_32 y = 0; y < h; y++)
            shrink_row(&s, whole + (size_t)y * w);
    } else {
        if (!(row = malloc((size_t)w * 4))) {
            snprintf(why, why_len, "%s", _("out of memory"));
            png_longjmp(png, 1);
        }
        for (png_uint_32 y = 0; y < h; y++) {
            png_read_row(png, (png_bytep)row, NULL);
            shrink_row(&s, row);
        }
    }
    png_read_end(png, NULL);
    free(row);
    free(whole);
    png_destroy_read_struct(&png, &info, NULL);
    return shrink_take(&s);
}

/* ---- JPEG ---- */

struct jpeg_err {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char *why;
    size_t why_len;
};

static void jpeg_on_error(j_common_ptr cinfo)
{
    struct jpeg_err *e = (struct jpeg_err *)cinfo->err;
    char msg[JMSG_LENGTH_MAX];
    e->mgr.format_message(cinfo, msg);
    snprintf(e->why, e->why_len, _("the JPEG file is corrupt (%s): export it again"), msg);
    longjmp(e->jump, 1);
}

static void jpeg_on_message(j_common_ptr cinfo, int level)
{
    (void)cinfo;
    (void)level; /* warnings (a truncated file): the decoder fills in grey */
}

static struct pixbuf *decode_jpeg(FILE *f, const struct imgdecode_req *req, char *why,
                                  size_t why_len)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_err err;
    uint8_t *volatile row = NULL;
    struct shrink s = {0};
    struct shrink *volatile sp = &s;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = jpeg_on_error;
    err.mgr.emit_message = jpeg_on_message;
    err.why = why;
    err.why_len = why_len;
    if (setjmp(err.jump)) {
        free(row);
        shrink_free(sp);
        jpeg_destroy_decompress(&cinfo);
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    /* Progressive files keep every coefficient until the last scan: cap
     * the decoder's memory instead of letting it grow with the file. */
    cinfo.mem->max_memory_to_use = 4L * IMGHDR_MAX_PIXELS;
    jpeg_stdio_src(&cinfo, f);
    jpeg_read_header(&cinfo, TRUE);
    bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_BGRA;
#else
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_ARGB;
#endif
    /* Shrink in the decoder by the largest power of two the factor
     * allows: the IDCT makes the smaller picture directly. */
    int k = imgdecode_factor(cinfo.image_width, cinfo.image_height, req);
    cinfo.scale_num = 1;
    cinfo.scale_denom = k >= 8 ? 8 : k >= 4 ? 4 : k >= 2 ? 2 : 1;
    jpeg_calc_output_dimensions(&cinfo);
    int kr = imgdecode_factor(cinfo.output_width, cinfo.output_height, req);
    if (!(row = malloc((size_t)cinfo.output_width * 4)) ||
        !shrink_init(&s, (int)cinfo.output_width, (int)cinfo.output_height, kr)) {
        snprintf(why, why_len, "%s", _("out of memory"));
        longjmp(err.jump, 1);
    }
    jpeg_start_decompress(&cinfo);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW r = row;
        jpeg_read_scanlines(&cinfo, &r, 1);
        uint32_t *px = (uint32_t *)row;
        if (cmyk) {
            /* Adobe's inverted CMYK, as Photoshop writes it. */
            for (JDIMENSION x = 0; x < cinfo.output_width; x++) {
                unsigned c = row[x * 4], m = row[x * 4 + 1], y = row[x * 4 + 2],
                         kk = row[x * 4 + 3];
                px[x] = pixbuf_rgb((uint8_t)(c * kk / 255), (uint8_t)(m * kk / 255),
                                   (uint8_t)(y * kk / 255));
            }
        }
        shrink_row(&s, px);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row);
    return shrink_take(&s);
}

struct pixbuf *imgdecode_load(const char *path, const struct imgdecode_req *req, char *why,
                              size_t why_len)
{
    struct imghdr hdr;
    if (!imghdr_probe_file(path, &hdr, why, why_len))
        return NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_len, "%s", _("the file cannot be opened"));
        return NULL;
    }
    struct pixbuf *pb = NULL;
    if (hdr.kind == IMGHDR_PNG)
        pb = decode_png(f, req, why, why_len);
    else if (hdr.kind == IMGHDR_JPEG)
        pb = decode_jpeg(f, req, why, why_len);
    else
        snprintf(why, why_len, "%s", _("the file is neither PNG nor JPEG"));
    fclose(f);
    return pb;
}
