#include "text/font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"
#include "util/log.h"
#include "util/paths.h"

#define FONT_FILE_MAX_BYTES (8u * 1024u * 1024u)
#define FONT_CACHE_SIZE     24
#define FONT_GLYPHS_MAX     4096 /* per sized font; a paragraph uses ~100 */

struct font_file {
    char *data; /* owned file bytes; FreeType reads them in place */
    size_t len;
    FT_Face probe; /* owned; unsized, for coverage queries */
    bool bitmap;
    int bitmap_px;
};

struct glyph_slot {
    uint32_t id;
    bool used;
    struct font_glyph g;
};

struct font {
    int file, px;
    unsigned long last_use;
    FT_Face face;  /* owned */
    hb_font_t *hb; /* owned */
    int ascender, descender;
    struct glyph_slot *glyphs; /* owned open-addressing table */
    size_t glyph_cap, glyph_count;
};

struct font_set {
    FT_Library ft;
    struct font_file files[16];
    int n_files;
    int weights[FONT_WEIGHT_COUNT]; /* file index per weight */
    int fallbacks[FONT_CHAIN_MAX];
    int n_fallbacks;
    enum font_render render;
    struct font cache[FONT_CACHE_SIZE];
    unsigned long clock;
};

static const char *const weight_files[FONT_WEIGHT_COUNT] = {
    "BeVietnamPro_400Regular.ttf",
    "BeVietnamPro_600SemiBold.ttf",
    "BeVietnamPro_700Bold.ttf",
    "BeVietnamPro_800ExtraBold.ttf",
};

static int add_file(struct font_set *fs, const char *dir, const char *name, bool required)
{
    char path[PATH_MAX];
    if (fs->n_files >= (int)(sizeof(fs->files) / sizeof(fs->files[0])) ||
        !paths_join(path, sizeof(path), dir, name))
        return -1;
    struct font_file *ff = &fs->files[fs->n_files];
    if (!fs_read_file(path, FONT_FILE_MAX_BYTES, &ff->data, &ff->len)) {
        if (required)
            log_error("cannot read font %s: reinstall bangtin's fonts/ folder", path);
        return -1;
    }
    if (FT_New_Memory_Face(fs->ft, (const FT_Byte *)ff->data, (FT_Long)ff->len, 0, &ff->probe) !=
        0) {
        log_error("%s is not a font FreeType can read", path);
        free(ff->data);
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
    return fs;
}

static void font_drop(struct font *f)
{
    if (!f->face)
        return;
    for (size_t i = 0; i < f->glyph_cap; i++)
        if (f->glyphs[i].used)
            free(f->glyphs[i].g.bitmap);
    free(f->glyphs);
    hb_font_destroy(f->hb);
    FT_Done_Face(f->face);
    memset(f, 0, sizeof(*f));
}

void font_set_free(struct font_set *fs)
{
    if (!fs)
        return;
    for (int i = 0; i < FONT_CACHE_SIZE; i++)
        font_drop(&fs->cache[i]);
    for (int i = 0; i < fs->n_files; i++) {
        FT_Done_Face(fs->files[i].probe);
        free(fs->files[i].data);
    }
    FT_Done_FreeType(fs->ft);
    free(fs);
}

int font_set_chain(const struct font_set *fs, enum font_weight weight, int chain[FONT_CHAIN_MAX])
{
    int n = 0;
    chain[n++] = fs->weights[weight];
    for (int i = 0; i < fs->n_fallbacks && n < FONT_CHAIN_MAX; i++)
        chain[n++] = fs->fallbacks[i];
    return n;
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

void font_set_set_render(struct font_set *fs, enum font_render mode)
{
    if (fs->render == mode)
        return;
    /* Cached bitmaps were made in the other mode. */
    for (int i = 0; i < FONT_CACHE_SIZE; i++)
        font_drop(&fs->cache[i]);
    fs->render = mode;
}

struct font *font_get(struct font_set *fs, int file, int px)
{
    if (file < 0 || file >= fs->n_files || px <= 0 || px > 2000)
        return NULL;
    struct font *victim = &fs->cache[0];
    for (int i = 0; i < FONT_CACHE_SIZE; i++) {
        struct font *f = &fs->cache[i];
        if (f->face && f->file == file && f->px == px) {
            f->last_use = ++fs->clock;
            return f;
        }
        if (!f->face || (victim->face && f->last_use < victim->last_use))
            victim = f;
    }
    font_drop(victim);

    const struct font_file *ff = &fs->files[file];
    FT_Face face;
    if (FT_New_Memory_Face(fs->ft, (const FT_Byte *)ff->data, (FT_Long)ff->len, 0, &face) != 0)
        return NULL;
    FT_Error err = ff->bitmap ? FT_Select_Size(face, 0) : FT_Set_Pixel_Sizes(face, 0, (FT_UInt)px);
    if (err != 0) {
        FT_Done_Face(face);
        return NULL;
    }
    victim->face = face;
    victim->file = file;
    victim->px = px;
    victim->hb = hb_ft_font_create_referenced(face);
    hb_ft_font_set_load_flags(victim->hb, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT);
    victim->ascender = (int)((face->size->metrics.ascender + 63) >> 6);
    victim->descender = (int)(face->size->metrics.descender >> 6);
    victim->last_use = ++fs->clock;
    victim->glyph_cap = 256;
    victim->glyphs = calloc(victim->glyph_cap, sizeof(struct glyph_slot));
    if (!victim->glyphs) {
        font_drop(victim);
        return NULL;
    }
    /* Mono rendering is chosen per set; remember it in the face's flags. */
    victim->face->generic.data = (void *)(uintptr_t)fs->render;
    return victim;
}

hb_font_t *font_hb(struct font *f)
{
    return f->hb;
}

void font_vmetrics(const struct font *f, int *ascender, int *descender)
{
    *ascender = f->ascender;
    *descender = f->descender;
}

static bool rasterise(struct font *f, uint32_t id, struct font_glyph *g)
{
    bool mono = (uintptr_t)f->face->generic.data == FONT_RENDER_MONO;
    FT_Int32 flags = FT_LOAD_DEFAULT | (mono ? FT_LOAD_TARGET_MONO : FT_LOAD_TARGET_LIGHT);
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
    g->width = (int)bm->width;
    g->rows = (int)bm->rows;
    g->pitch = g->width;
    g->bitmap = NULL;
    if (g->width == 0 || g->rows == 0)
        return true;
    g->bitmap = malloc((size_t)g->width * (size_t)g->rows);
    if (!g->bitmap)
        return false;
    for (int y = 0; y < g->rows; y++) {
        const uint8_t *src = bm->buffer + (ptrdiff_t)y * bm->pitch;
        uint8_t *dst = g->bitmap + (size_t)y * g->pitch;
        if (bm->pixel_mode == FT_PIXEL_MODE_MONO) {
            for (int x = 0; x < g->width; x++)
                dst[x] = (src[x >> 3] & (0x80 >> (x & 7))) ? 255 : 0;
        } else {
            memcpy(dst, src, (size_t)g->width);
        }
    }
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

const struct font_glyph *font_glyph(struct font *f, uint32_t id)
{
    size_t i = id * 2654435761u % f->glyph_cap;
    while (f->glyphs[i].used) {
        if (f->glyphs[i].id == id)
            return &f->glyphs[i].g;
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
    if (!rasterise(f, id, &g))
        return NULL;
    f->glyphs[i] = (struct glyph_slot){.id = id, .used = true, .g = g};
    f->glyph_count++;
    return &f->glyphs[i].g;
}
