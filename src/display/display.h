/* SPDX-License-Identifier: MIT */
#pragma once
/* The screen: an SDL window (or the whole display on KMSDRM) showing the
 * board's picture pixel-exact inside a viewport, the rest black.
 *
 * Two paths to the screen, chosen once at display_open() (backend.h):
 * the GPU path (SDL_Renderer textures, the board composed every frame)
 * and the surface path (the window surface is the frame buffer; a frame
 * rewrites only what moved). `auto` takes the GPU path only on a real
 * GPU with vsync; software GL (llvmpipe, softpipe, swrast) composing
 * a 1080p board 60 times a second costs a core, the surface path ~2 %.
 *
 * Layers, bottom up: the slide (static; the previous one during a fade),
 * an external frame (video), the moving bands (ticker, a too-long
 * slogan). */

#include <stdbool.h>
#include <stdint.h>

#include "util/pixbuf.h"

struct display;

enum display_renderer {
    DISPLAY_RENDERER_AUTO,    /* GPU when it is a real one with vsync, else surface */
    DISPLAY_RENDERER_GPU,     /* any accelerated renderer, software GL included */
    DISPLAY_RENDERER_SURFACE, /* the window surface, never GL */
};

struct display_opts {
    int w, h; /* window size; 0 = the board's size */
    bool fullscreen;
    int board_w, board_h; /* the viewport's size on the output; 0 = the whole output */
    int view_x, view_y;   /* where the board sits in the output (LED sending cards) */
    int rotate;           /* 0, 90, 180, 270: portrait panos */
    enum display_renderer renderer;
};

/* Parses "auto", "gpu" or "surface" (config display.renderer). */
bool display_renderer_parse(const char *s, enum display_renderer *out);

struct display *display_open(const struct display_opts *opts);
void display_close(struct display *d);

/* The board's size in pixels (after resolving 0 = whole output). */
void display_board_size(const struct display *d, int *w, int *h);
/* The path taken and why, as logged at start ("surface: GL is llvmpipe"). */
const char *display_describe(const struct display *d);
/* True when the pixels are made by the CPU (surface path or SDL's
 * software renderer). */
bool display_is_software(const struct display *d);
/* True when presenting waits for the screen's refresh (a real GPU's
 * vsync): the caller need not sleep between animated frames. False on
 * every other path, where the caller paces frames itself. */
bool display_has_vsync(const struct display *d);

/* Replaces the slide picture; fade_ms > 0 cross-fades from the old one. */
bool display_set_slide(struct display *d, const struct pixbuf *pb, uint32_t fade_ms);
/* The same, taking ownership of *pb (set to NULL): saves a board-sized
 * copy where the display keeps the pixels itself (surface path). */
bool display_take_slide(struct display *d, struct pixbuf **pb, uint32_t fade_ms);

/* Surface path: the display lets go of the slide once the screen shows
 * it. True when it needs the slide again (a brightness change, the
 * window exposed or resized): the caller draws the current slide and
 * hands it over with display_set_slide/display_take_slide (no fade)
 * before the next display_frame(), which draws nothing until then. */
bool display_needs_slide(const struct display *d);

/* A moving band: slot 0 the ticker, slot 1 a slide's marquee. The band is
 * drawn by the callback into a w x h pixbuf the display owns, at (x, y) of
 * the board, every frame it is enabled. */
#define DISPLAY_BANDS 2
typedef void (*display_band_fn)(void *data, struct pixbuf *view, uint64_t t_ms);
bool display_set_band(struct display *d, int slot, int x, int y, int w, int h, display_band_fn fn,
                      void *data);
void display_clear_band(struct display *d, int slot);

/* The external frame layer: pictures made elsewhere (a video decoder),
 * shown in a rectangle of the board above the slide, below the bands.
 * The GPU path takes YUV planes as they leave the decoder (the GPU
 * converts and scales); the surface path takes ARGB already at the
 * rectangle's size (the caller converts, e.g. with swscale). */
enum display_ext_format {
    DISPLAY_EXT_ARGB8888 = 1u << 0, /* planes[0]: 0xAARRGGBB words, alpha ignored */
    DISPLAY_EXT_IYUV = 1u << 1,     /* planes Y, U, V (4:2:0, I420) */
    DISPLAY_EXT_NV12 = 1u << 2,     /* planes Y, interleaved UV */
};
struct display_ext_frame {
    enum display_ext_format format;
    int w, h;
    const uint8_t *planes[3]; /* borrowed for the call */
    int pitches[3];           /* bytes per row of each plane */
};
/* The formats this path takes (a mask of enum display_ext_format). */
unsigned display_ext_formats(const struct display *d);
/* Shows the external layer at (x, y, w, h) of the board. */
bool display_ext_open(struct display *d, int x, int y, int w, int h);
/* Copies one frame in; it is shown from the next display_frame() on. */
bool display_ext_push(struct display *d, const struct display_ext_frame *f);
/* Takes the layer away: the slide shows again where it was. */
void display_ext_close(struct display *d);

/* Brightness 0..100 scales every colour (LED boards at night). */
void display_set_brightness(struct display *d, int level);
/* Blank: the board is scheduled off (black on purpose). */
void display_set_blank(struct display *d, bool blank);

/* True while something moves (fade, bands): the caller keeps presenting. */
bool display_animating(const struct display *d, uint64_t t_ms);

/* Draws and presents one frame for time t_ms (monotonic). false when the
 * renderer failed beyond repair. */
bool display_frame(struct display *d, uint64_t t_ms);

/* Sleeps up to ms or until an event arrives. Video drivers without a
 * blocking wait (dummy, kmsdrm) make SDL_WaitEventTimeout poll every
 * millisecond; there this naps instead, noticing input within 50 ms. */
void display_wait(struct display *d, int ms);

/* Handles SDL window/renderer events (resize, render resets). Returns
 * true if the board's size changed and slides must be redrawn. */
bool display_handle_event(struct display *d, const void *sdl_event);
