/* SPDX-License-Identifier: MIT */
#include "text/font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include FT_SIZES_H
#include <fcntl.h>
#include <hb-ft.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fsutil.h"
#include "util/log.h"
#include "util/paths.h"

#define FONT_FILE_MAX_BYTES (8u * 1024u * 1024u)
/* Sized fonts kept: a size costs ~10 KB (an FT_Size and its glyphs'
 * metrics), and fitting a playlist's texts tries a hundred or so; a
 * long-running player lowers it (font_set_limit). */
#define FONT_CACHE_SIZE 128
#define FONT_GLYPHS_MAX 4096 /* per sized font; a paragraph uses ~100 */
#define COVERAGE_GAMMA  0.8  /* coverage_lut's, written out below */

struct font_file {
    char *data; /* owned read-only mapping of the file (borrowed if shared); FreeType reads it */
    size_t len;
    FT_Face probe; /* owned (borrowed if shared); coverage queries, the face of every size */
    bool shared;   /* data and probe are another entry's: a strike's synthetic bold */
    bool bitmap;
    int bitmap_px;
    bool embolden; /* synthetic bold: each row ORed with itself shifted 1 px */
    /* One HarfBuzz font for every size: its face (tables, shape plans)
     * is made once; it is told the size before shaping. */
    hb_font_t *hb;   /* owned, made at the first shaping */
    FT_Size hb_size; /* the size hb was last told; borrowed, NULL: none */
};

struct glyph_slot {
    uint32_t id;
    bool used;
    bool drawn; /* g.bitmap holds the coverage; else only the metrics are known */
    struct font_glyph g;
};

struct font {
    int file, px;
    enum font_render render;
    unsigned long last_use;
    bool embolden;
    FT_Face face;         /* borrowed: the file's face, shared by its sizes */
    FT_Size size;         /* owned; made the face's active size before every use */
    struct font_file *ff; /* borrowed: the file */
    int ascender, descender;
    struct glyph_slot *glyphs; /* owned open-addressing table */
    size_t glyph_cap, glyph_count;
};

struct font_set {
    FT_Library ft;
    struct font_file files[16];
    int n_files;
    int weights[FONT_WEIGHT_COUNT];   /* file index per weight */
    int fallbacks[2][FONT_CHAIN_MAX]; /* [0] regular, [1] bold */
    int n_fallbacks[2];
    int strikes[2][FONT_STRIKES_MAX]; /* bitmap strikes, tallest first */
    int n_strikes[2];
    bool strikes_loaded;     /* strikes are opened by the first fit that needs them */
    char font_dir[PATH_MAX]; /* where the strikes are */
    enum font_render render;
    bool mono_board; /* every glyph 1-bit: a monochrome LED board */
    struct font cache[FONT_CACHE_SIZE];
    int cache_limit; /* slots in use: cache[0, cache_limit) */
    unsigned long clock;
};

static const char *const weight_files[FONT_WEIGHT_COUNT] = {
    "BeVietnamPro_400Regular.ttf",
    "BeVietnamPro_600SemiBold.ttf",
    "BeVietnamPro_700Bold.ttf",
    "BeVietnamPro_800ExtraBold.ttf",
};

/* Broad coverage for what Be Vietnam Pro lacks (★ → ✓ ...): DejaVu Sans
 * (Bitstream Vera licence, fonts/LICENSE-DejaVu.txt). */
static const char *const fallback_files[2][1] = {{"DejaVuSans.ttf"}, {"DejaVuSans-Bold.ttf"}};

/* misc-fixed from xfonts-base (public domain), tallest first: they keep
 * every Vietnamese tone mark at heights where outlines smear them. */
static const char *const strike_files[] = {"10x20.pcf.gz", "9x18.pcf.gz", "9x15.pcf.gz"};

/* Maps the font read-only instead of copying it to the heap: only the
 * pages FreeType touches become resident, and they are file pages the
 * kernel can drop (DejaVu alone is 1.4 MB, mostly glyphs never drawn). */
static bool map_file(const char *path, size_t cap, char **data, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    bool ok = fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0 && (size_t)st.st_size <= cap;
    void *p = ok ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    if (fd >= 0)
        close(fd);
    if (p == MAP_FAILED)
        return false;
    *data = p;
    *len = (size_t)st.st_size;
    return true;
}

static int add_file(struct font_set *fs, const char *dir, const char *name, bool required)
{
    char path[PATH_MAX];
    if (fs->n_files >= (int)(sizeof(fs->files) / sizeof(fs->files[0])) ||
        !paths_join(path, sizeof(path), dir, name))
        return -1;
    struct font_file *ff = &fs->files[fs->n_files];
    if (!map_file(path, FONT_FILE_MAX_BYTES, &ff->data, &ff->len)) {
        if (required)
            log_error("cannot read font %s: reinstall bangtin's fonts/ folder", path);
        return -1;
    }
    if (FT_New_Memory_Face(fs->ft, (const FT_Byte *)ff->data, (FT_Long)ff->len, 0, &ff->probe) !=
        0) {
        log_error("%s is not a font FreeType can read", path);
        munmap(ff->data, ff->len);
        return -1;
    }
    ff->bitmap = !FT_IS_SCALABLE(ff->probe) && ff->probe->num_fixed_sizes > 0;
    if (ff->bitmap)
        ff->bitmap_px = ff->probe->available_sizes[0].height;
    return fs->n_files++;
}

struct font_set *font_set_load(const char *font_dir)
{
    struct font_set *fs = calloc(1, sizeof(*fs));
    if (!fs)
        return NULL;
    fs->cache_limit = FONT_CACHE_SIZE;
    if (FT_Init_FreeType(&fs->ft) != 0) {
        free(fs);
        return NULL;
    }
    for (int w = 0; w < FONT_WEIGHT_COUNT; w++) {
        fs->weights[w] = add_file(fs, font_dir, weight_files[w], true);
        if (fs->weights[w] < 0) {
            font_set_free(fs);
            return NULL;
        }
    }
    /* Fallbacks and strikes are optional: without them fewer characters
     * draw (reported as missing) and small boards use outlines. */
    for (int b = 0; b < 2; b++)
        for (size_t i = 0; i < sizeof(fallback_files[b]) / sizeof(fallback_files[b][0]); i++) {
            int f = add_file(fs, font_dir, fallback_files[b][i], false);
            if (f >= 0)
                fs->fallbacks[b][fs->n_fallbacks[b]++] = f;
        }
    snprintf(fs->font_dir, sizeof(fs->font_dir), "%s", font_dir);
    return fs;
}

/* Each strike file is opened once (gzipped PCF: FreeType inflates it
 * whole) and its face serves the regular and the emboldened entry. Only
 * small boards' fits get here: a 1080p board never opens them. */
static void load_strikes(struct font_set *fs)
{
    fs->strikes_loaded = true;
    int cap = (int)(sizeof(fs->files) / sizeof(fs->files[0]));
    for (size_t i = 0; i < sizeof(strike_files) / sizeof(strike_files[0]); i++) {
        if (fs->n_files + 2 > cap)
            break;
        int f = add_file(fs, fs->font_dir, strike_files[i], false);
        if (f < 0)
            continue;
        if (!fs->files[f].bitmap) {
            fs->n_files--;
            FT_Done_Face(fs->files[f].probe);
            munmap(fs->files[f].data, fs->files[f].len);
            continue;
        }
        int bold = fs->n_files++;
        fs->files[bold] = fs->files[f];
        fs->files[bold].shared = true;
        fs->files[bold].embolden = true;
        fs->strikes[0][fs->n_strikes[0]++] = f;
        fs->strikes[1][fs->n_strikes[1]++] = bold;
    }
}

static void font_drop(struct font *f)
{
    if (!f->face)
        return;
    for (size_t i = 0; i < f->glyph_cap; i++)
        if (f->glyphs[i].used)
            free(f->glyphs[i].g.bitmap);
    free(f->glyphs);
    if (f->ff->hb_size == f->size)
        f->ff->hb_size = NULL; /* a later size may reuse the address */
    FT_Done_Size(f->size);
    memset(f, 0, sizeof(*f));
}

void font_set_free(struct font_set *fs)
{
    if (!fs)
        return;
    for (int i = 0; i < FONT_CACHE_SIZE; i++)
        font_drop(&fs->cache[i]);
    for (int i = 0; i < fs->n_files; i++) {
        hb_font_destroy(fs->files[i].hb);
        if (fs->files[i].shared)
            continue;
        FT_Done_Face(fs->files[i].probe);
        munmap(fs->files[i].data, fs->files[i].len);
    }
    FT_Done_FreeType(fs->ft);
    free(fs);
}

static int bold_index(enum font_weight weight)
{
    return weight >= FONT_SEMIBOLD ? 1 : 0;
}

int font_set_chain(const struct font_set *fs, enum font_weight weight, int chain[FONT_CHAIN_MAX])
{
    return font_set_chain_from(fs, weight, -1, chain);
}

int font_set_chain_from(const struct font_set *fs, enum font_weight weight, int lead,
                        int chain[FONT_CHAIN_MAX])
{
    int n = 0;
    int b = bold_index(weight);
    if (lead >= 0 && lead < fs->n_files)
        chain[n++] = lead;
    chain[n++] = fs->weights[weight];
    for (int i = 0; i < fs->n_fallbacks[b] && n < FONT_CHAIN_MAX; i++)
        chain[n++] = fs->fallbacks[b][i];
    return n;
}

int font_set_strikes(struct font_set *fs, enum font_weight weight, int out[FONT_STRIKES_MAX])
{
    if (!fs->strikes_loaded)
        load_strikes(fs);
    int b = bold_index(weight);
    for (int i = 0; i < fs->n_strikes[b]; i++)
        out[i] = fs->strikes[b][i];
    return fs->n_strikes[b];
}

const char *font_set_file_name(const struct font_set *fs, int file)
{
    return file >= 0 && file < fs->n_files ? fs->files[file].probe->family_name : NULL;
}

bool font_set_has_char(const struct font_set *fs, int file, uint32_t cp)
{
    return file >= 0 && file < fs->n_files && FT_Get_Char_Index(fs->files[file].probe, cp) != 0;
}

bool font_set_is_bitmap(const struct font_set *fs, int file, int *px)
{
    if (file < 0 || file >= fs->n_files || !fs->files[file].bitmap)
        return false;
    if (px)
        *px = fs->files[file].bitmap_px;
    return true;
}

void font_set_limit(struct font_set *fs, int n_sizes)
{
    n_sizes = n_sizes < 1 ? 1 : n_sizes > FONT_CACHE_SIZE ? FONT_CACHE_SIZE : n_sizes;
    /* Keep the most recently used in the slots that stay. */
    for (int i = 0; i < fs->cache_limit; i++)
        for (int j = i + 1; j < fs->cache_limit; j++)
            if (fs->cache[j].last_use > fs->cache[i].last_use) {
                struct font t = fs->cache[i];
                fs->cache[i] = fs->cache[j];
                fs->cache[j] = t;
            }
    for (int i = n_sizes; i < fs->cache_limit; i++)
        font_drop(&fs->cache[i]);
    fs->cache_limit = n_sizes;
}

void font_set_set_render(struct font_set *fs, enum font_render mode)
{
    /* Sized fonts are cached per mode, so switching costs nothing. */
    fs->render = fs->mono_board ? FONT_RENDER_MONO : mode;
}

void font_set_mono_board(struct font_set *fs, bool mono)
{
    fs->mono_board = mono;
    fs->render = mono ? FONT_RENDER_MONO : fs->render;
}

struct font *font_get(struct font_set *fs, int file, int px)
{
    if (file < 0 || file >= fs->n_files || px <= 0 || px > 2000)
        return NULL;
    struct font *victim = &fs->cache[0];
    for (int i = 0; i < fs->cache_limit; i++) {
        struct font *f = &fs->cache[i];
        if (f->face && f->file == file && f->px == px && f->render == fs->render) {
            f->last_use = ++fs->clock;
            FT_Activate_Size(f->size);
            return f;
        }
        if (!f->face || (victim->face && f->last_use < victim->last_use))
            victim = f;
    }
    font_drop(victim);

    /* A size of the file's one face, not a face per size: the face's
     * tables and the auto-hinter's analysis of the font are made once,
     * which is most of the cost of a size text fitting tries once. */
    const struct font_file *ff = &fs->files[file];
    FT_Face face = ff->probe;
    FT_Size size;
    if (FT_New_Size(face, &size) != 0)
        return NULL;
    FT_Activate_Size(size);
    FT_Error err = ff->bitmap ? FT_Select_Size(face, 0) : FT_Set_Pixel_Sizes(face, 0, (FT_UInt)px);
    if (err != 0) {
        FT_Done_Size(size);
        return NULL;
    }
    victim->face = face;
    victim->size = size;
    victim->file = file;
    victim->px = px;
    victim->render = fs->render;
    victim->ff = &fs->files[file];
    victim->ascender = (int)((face->size->metrics.ascender + 63) >> 6);
    victim->descender = (int)(face->size->metrics.descender >> 6);
    victim->last_use = ++fs->clock;
    victim->glyph_cap = 64;
    victim->glyphs = calloc(victim->glyph_cap, sizeof(struct glyph_slot));
    if (!victim->glyphs) {
        font_drop(victim);
        return NULL;
    }
    victim->embolden = ff->embolden;
    return victim;
}

hb_font_t *font_hb(struct font *f)
{
    /* HarfBuzz asks FreeType at the face's active size, and scales the
     * font's own positioning by what it was told the size is. */
    FT_Activate_Size(f->size);
    struct font_file *ff = f->ff;
    if (!ff->hb) {
        ff->hb = hb_ft_font_create_referenced(f->face);
        hb_ft_font_set_load_flags(ff->hb, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT);
    } else if (ff->hb_size != f->size) {
        hb_ft_font_changed(ff->hb);
    }
    ff->hb_size = f->size;
    return ff->hb;
}

void font_vmetrics(const struct font *f, int *ascender, int *descender)
{
    *ascender = f->ascender;
    *descender = f->descender;
}

/* Linear coverage makes thin strokes (tone marks, the dot below) paler
 * than the eye and a camera expect on a lit board; a mild gamma on
 * coverage, as browsers' text contrast boost does, keeps them solid. */
static const uint8_t coverage_lut[256] = {
    /* (uint8_t)(255 * pow(i / 255.0, COVERAGE_GAMMA) + 0.5), i = 0..255:
     * written out as a constant, so no thread ever writes it. */
    0,   3,   5,   7,   9,   11,  13,  14,  16,  18,  19,  21,  22,  24,  25,  26,  28,  29,  31,
    32,  33,  35,  36,  37,  39,  40,  41,  42,  44,  45,  46,  47,  48,  50,  51,  52,  53,  54,
    56,  57,  58,  59,  60,  61,  63,  64,  65,  66,  67,  68,  69,  70,  71,  73,  74,  75,  76,
    77,  78,  79,  80,  81,  82,  83,  84,  85,  86,  88,  89,  90,  91,  92,  93,  94,  95,  96,
    97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115,
    116, 117, 118, 119, 120, 121, 122, 123, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133,
    134, 135, 136, 137, 138, 139, 140, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151,
    151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 161, 162, 163, 164, 165, 166, 167, 168,
    169, 169, 170, 171, 172, 173, 174, 175, 176, 177, 177, 178, 179, 180, 181, 182, 183, 183, 184,
    185, 186, 187, 188, 189, 190, 190, 191, 192, 193, 194, 195, 196, 196, 197, 198, 199, 200, 201,
    202, 202, 203, 204, 205, 206, 207, 207, 208, 209, 210, 211, 212, 212, 213, 214, 215, 216, 217,
    217, 218, 219, 220, 221, 222, 222, 223, 224, 225, 226, 227, 227, 228, 229, 230, 231, 232, 232,
    233, 234, 235, 236, 236, 237, 238, 239, 240, 240, 241, 242, 243, 244, 245, 245, 246, 247, 248,
    249, 249, 250, 251, 252, 253, 253, 254, 255,
};

/* Drops blank rows and columns around the ink (bitmap fonts' cells carry
 * them), so measured ink is drawn ink. */
static void trim(struct font_glyph *g)
{
    int x0 = g->width, x1 = -1, y0 = g->rows, y1 = -1;
    for (int y = 0; y < g->rows; y++)
        for (int x = 0; x < g->width; x++)
            if (g->bitmap[(size_t)y * g->pitch + x]) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    if (x1 < 0) {
        free(g->bitmap);
        g->bitmap = NULL;
        g->width = g->rows = g->pitch = 0;
        return;
    }
    if (x0 == 0 && y0 == 0 && x1 == g->width - 1 && y1 == g->rows - 1)
        return;
    int nw = x1 - x0 + 1, nh = y1 - y0 + 1;
    for (int y = 0; y < nh; y++)
        memmove(g->bitmap + (size_t)y * nw, g->bitmap + (size_t)(y + y0) * g->pitch + x0,
                (size_t)nw);
    g->left += x0;
    g->top -= y0;
    g->width = g->pitch = nw;
    g->rows = nh;
}

static bool rasterise(struct font *f, uint32_t id, struct font_glyph *g)
{
    bool mono = f->render == FONT_RENDER_MONO;
    FT_Int32 flags = FT_LOAD_DEFAULT | (mono ? FT_LOAD_TARGET_MONO : FT_LOAD_TARGET_LIGHT);
    FT_Activate_Size(f->size);
    if (FT_Load_Glyph(f->face, id, flags) != 0)
        return false;
    FT_GlyphSlot slot = f->face->glyph;
    if (slot->format != FT_GLYPH_FORMAT_BITMAP &&
        FT_Render_Glyph(slot, mono ? FT_RENDER_MODE_MONO : FT_RENDER_MODE_NORMAL) != 0)
        return false;
    const FT_Bitmap *bm = &slot->bitmap;
    g->advance = (int)slot->advance.x;
    g->left = slot->bitmap_left;
    g->top = slot->bitmap_top;
    int bw = (int)bm->width;
    g->width = bw + (f->embolden && bw > 0 ? 1 : 0);
    g->rows = (int)bm->rows;
    g->pitch = g->width;
    g->bitmap = NULL;
    if (bw == 0 || g->rows == 0)
        return true;
    g->bitmap = calloc((size_t)g->width, (size_t)g->rows);
    if (!g->bitmap)
        return false;
    for (int y = 0; y < g->rows; y++) {
        const uint8_t *src = bm->buffer + (ptrdiff_t)y * bm->pitch;
        uint8_t *dst = g->bitmap + (size_t)y * g->pitch;
        if (bm->pixel_mode == FT_PIXEL_MODE_MONO) {
            for (int x = 0; x < bw; x++)
                dst[x] = (src[x >> 3] & (0x80 >> (x & 7))) ? 255 : 0;
        } else {
            for (int x = 0; x < bw; x++)
                dst[x] = coverage_lut[src[x]];
        }
        /* Synthetic bold, as xfonts' 9x15B: the row smeared one pixel
         * right. The cell's own right bearing leaves room for it. */
        if (f->embolden)
            for (int x = g->width - 1; x > 0; x--)
                dst[x] = dst[x] > dst[x - 1] ? dst[x] : dst[x - 1];
    }
    trim(g);
    return true;
}

struct ink_box {
    int x0, x1, y0, y1; /* raster pixels, y up; x1 < x0: no ink */
};

/* Zero coverage writes nothing; an empty span at the clip's right edge
 * carries the row's cover past it. */
static bool span_inks(const FT_Span *s)
{
    return s->coverage && s->len;
}

/* One call is one row, its spans left to right: only the outermost
 * inked spans can widen the box. */
static void ink_spans(int y, int count, const FT_Span *spans, void *user)
{
    struct ink_box *b = user;
    int i = 0, j = count - 1;
    while (i < count && !span_inks(&spans[i]))
        i++;
    if (i == count)
        return;
    while (!span_inks(&spans[j]))
        j--;
    int x0 = spans[i].x, x1 = spans[j].x + spans[j].len - 1;
    if (b->x1 < b->x0) {
        *b = (struct ink_box){x0, x1, y, y};
        return;
    }
    b->x0 = x0 < b->x0 ? x0 : b->x0;
    b->x1 = x1 > b->x1 ? x1 : b->x1;
    b->y0 = y < b->y0 ? y : b->y0;
    b->y1 = y > b->y1 ? y : b->y1;
}

/* The metrics rasterise() would give, without a bitmap: what fitting
 * needs at every size it tries. The same anti-aliasing rasteriser runs
 * with spans instead of a bitmap, clipped to the box FT_Render_Glyph
 * would allocate (FT_Load_Glyph presets it), so the pixels with any
 * coverage, i.e. the trimmed ink, are exactly the same. Bitmap fonts,
 * mono rendering and overlapping outlines (rendered oversampled) take
 * the plain way. */
static bool measure(struct font *f, uint32_t id, struct font_glyph *g, bool *drawn)
{
    *drawn = false;
    if (f->render == FONT_RENDER_MONO || f->embolden)
        return *drawn = true, rasterise(f, id, g);
    FT_Activate_Size(f->size);
    if (FT_Load_Glyph(f->face, id, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT) != 0)
        return false;
    FT_GlyphSlot slot = f->face->glyph;
    if (slot->format != FT_GLYPH_FORMAT_OUTLINE || (slot->outline.flags & FT_OUTLINE_OVERLAP))
        return *drawn = true, rasterise(f, id, g);
    *g = (struct font_glyph){.advance = (int)slot->advance.x};
    if (slot->bitmap.width == 0 || slot->bitmap.rows == 0)
        return true;
    /* Placed in the bitmap's pixels as FT_Render_Glyph places it: the
     * rasteriser's rounding depends on where the outline sits. */
    FT_Pos dx = -64 * (FT_Pos)slot->bitmap_left;
    FT_Pos dy = -64 * ((FT_Pos)slot->bitmap_top - (FT_Pos)slot->bitmap.rows);
    struct ink_box b = {0, -1, 0, -1};
    FT_Raster_Params params = {
        .flags = FT_RASTER_FLAG_AA | FT_RASTER_FLAG_DIRECT | FT_RASTER_FLAG_CLIP,
        .gray_spans = ink_spans,
        .user = &b,
        .clip_box = {0, 0, (FT_Pos)slot->bitmap.width, (FT_Pos)slot->bitmap.rows},
    };
    FT_Outline_Translate(&slot->outline, dx, dy);
    FT_Error err = FT_Outline_Render(slot->library, &slot->outline, &params);
    FT_Outline_Translate(&slot->outline, -dx, -dy);
    if (err != 0)
        return false;
    if (b.x1 < b.x0)
        return true;
    g->left = slot->bitmap_left + b.x0;
    g->top = slot->bitmap_top - (int)slot->bitmap.rows + b.y1 + 1;
    g->width = g->pitch = b.x1 - b.x0 + 1;
    g->rows = b.y1 - b.y0 + 1;
    return true;
}

static bool grow(struct font *f)
{
    size_t ncap = f->glyph_cap * 2;
    struct glyph_slot *n = calloc(ncap, sizeof(*n));
    if (!n)
        return false;
    for (size_t i = 0; i < f->glyph_cap; i++) {
        if (!f->glyphs[i].used)
            continue;
        size_t j = f->glyphs[i].id * 2654435761u % ncap;
        while (n[j].used)
            j = (j + 1) % ncap;
        n[j] = f->glyphs[i];
    }
    free(f->glyphs);
    f->glyphs = n;
    f->glyph_cap = ncap;
    return true;
}

/* The cache slot for id, measured at least; NULL on error. */
static struct glyph_slot *glyph_slot(struct font *f, uint32_t id)
{
    size_t i = id * 2654435761u % f->glyph_cap;
    while (f->glyphs[i].used) {
        if (f->glyphs[i].id == id)
            return &f->glyphs[i];
        i = (i + 1) % f->glyph_cap;
    }
    if (f->glyph_count >= FONT_GLYPHS_MAX)
        return NULL;
    if (f->glyph_count * 2 >= f->glyph_cap) {
        if (!grow(f))
            return NULL;
        i = id * 2654435761u % f->glyph_cap;
        while (f->glyphs[i].used)
            i = (i + 1) % f->glyph_cap;
    }
    struct font_glyph g;
    bool drawn;
    if (!measure(f, id, &g, &drawn))
        return NULL;
    f->glyphs[i] = (struct glyph_slot){.id = id, .used = true, .drawn = drawn, .g = g};
    f->glyph_count++;
    return &f->glyphs[i];
}

const struct font_glyph *font_glyph_metrics(struct font *f, uint32_t id)
{
    struct glyph_slot *s = glyph_slot(f, id);
    return s ? &s->g : NULL;
}

const struct font_glyph *font_glyph(struct font *f, uint32_t id)
{
    struct glyph_slot *s = glyph_slot(f, id);
    if (!s)
        return NULL;
    if (!s->drawn) {
        struct font_glyph g;
        if (!rasterise(f, id, &g))
            return NULL;
        s->g = g;
        s->drawn = true;
    }
    return &s->g;
}
