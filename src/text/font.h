/* SPDX-License-Identifier: MIT */
#pragma once
/* The bundled fonts: loaded once, sized on demand, glyphs rasterised once.
 *
 * A font_set owns every font file's bytes and a small cache of sized
 * faces (FreeType + HarfBuzz), each with its glyph cache. Callers name a
 * font by (file index, pixel size) and never keep a struct font across
 * calls that may size another font: the cache may evict it. */

#include <stdbool.h>
#include <stdint.h>

#include <hb.h>

enum font_weight { FONT_REGULAR, FONT_SEMIBOLD, FONT_BOLD, FONT_EXTRABOLD, FONT_WEIGHT_COUNT };

/* Rasterising options. Mono draws 1-bit glyphs for monochrome LED boards. */
enum font_render { FONT_RENDER_SMOOTH, FONT_RENDER_MONO };

#define FONT_CHAIN_MAX   6
#define FONT_STRIKES_MAX 4

struct font_set;
struct font;

struct font_glyph {
    int advance;     /* 26.6 */
    int left, top;   /* bitmap offset from the pen position; top is up from baseline */
    int width, rows; /* bitmap size in pixels */
    int pitch;       /* bytes per row */
    uint8_t *bitmap; /* owned by the cache; 8-bit coverage (mono expanded to 0/255);
                      * NULL without ink, and from font_glyph_metrics() */
};

/* Loads every font the product ships from font_dir. NULL with a logged
 * reason if the primary family is missing. */
struct font_set *font_set_load(const char *font_dir);
void font_set_free(struct font_set *fs);

/* The fallback chain for a weight: file indices, primary first, then the
 * broad-coverage fallbacks (DejaVu Sans). */
int font_set_chain(const struct font_set *fs, enum font_weight weight, int chain[FONT_CHAIN_MAX]);
/* The same chain led by file lead (a bitmap strike), when lead >= 0. */
int font_set_chain_from(const struct font_set *fs, enum font_weight weight, int lead,
                        int chain[FONT_CHAIN_MAX]);
/* The bitmap strikes for a weight, tallest first (semibold and heavier get
 * a synthetic 1-px bold). Returns how many. The strike files are opened
 * by the first call, once each: boards that never fit text that small
 * never read them. */
int font_set_strikes(struct font_set *fs, enum font_weight weight, int out[FONT_STRIKES_MAX]);
/* The family name of a file ("Be Vietnam Pro", "Fixed", "DejaVu Sans"). */
const char *font_set_file_name(const struct font_set *fs, int file);

/* True if file covers code point cp. */
bool font_set_has_char(const struct font_set *fs, int file, uint32_t cp);

/* True for a fixed-size bitmap font; *px is its only size. */
bool font_set_is_bitmap(const struct font_set *fs, int file, int *px);

/* Keeps at most n_sizes sized fonts (default 128, enough for fitting a
 * large playlist without sizing the same font twice). A long-running
 * player keeps fewer: each costs memory while a slide shows. */
void font_set_limit(struct font_set *fs, int n_sizes);

/* The mode glyphs are rasterised in from now on (sized fonts are cached
 * per mode). The text engine sets it from text_style.render. */
void font_set_set_render(struct font_set *fs, enum font_render mode);

/* A monochrome LED board (one colour per pixel, on or off): every glyph is
 * drawn 1-bit on whole pixels, whatever the text style asks. */
void font_set_mono_board(struct font_set *fs, bool mono);

/* The font for file at px pixels (the em size), or NULL. Borrowed. */
struct font *font_get(struct font_set *fs, int file, int px);

hb_font_t *font_hb(struct font *f);
/* Ascender and descender in pixels (descender negative), from the font's metrics. */
void font_vmetrics(const struct font *f, int *ascender, int *descender);
/* The glyph's metrics and coverage bitmap, rasterised once. NULL on error. */
const struct font_glyph *font_glyph(struct font *f, uint32_t glyph_id);
/* The same metrics (advance, ink box: left, top, width, rows; width 0
 * without ink) without rasterising a bitmap: measuring text at sizes it
 * will not be drawn at costs a fraction. bitmap may be NULL even with
 * ink. Valid until the next font_glyph() of the same glyph. */
const struct font_glyph *font_glyph_metrics(struct font *f, uint32_t glyph_id);
