/* SPDX-License-Identifier: MIT */
#pragma once
/* Inside the display: what every path shares (struct display) and the
 * table each path fills (struct display_backend), in the manner of a
 * video output driver table. display.c holds the public functions, picks
 * the backend once at open and calls through the table; gpu.c and
 * surface.c are the two implementations. Only src/display/ includes this. */

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "display/display.h"

struct display_band {
    bool on;
    SDL_Rect rect; /* on the board */
    display_band_fn fn;
    void *data; /* borrowed */
};

struct display_ext {
    bool on;
    SDL_Rect rect; /* on the board */
};

struct display_backend;

/* What an open may take (display.c tries them in the order the config's
 * display.renderer asks). */
enum display_be_mode {
    DISPLAY_BE_REAL_GPU, /* a GPU renderer, only if not software GL and with vsync */
    DISPLAY_BE_ANY_GPU,  /* any accelerated renderer */
    DISPLAY_BE_SOFTWARE, /* SDL's software renderer (the surface path cannot rotate) */
};

struct display {
    const struct display_backend *be;
    void *priv;      /* owned by be: its textures or pixel buffers */
    SDL_Window *win; /* owned */
    struct display_opts opts;
    int out_w, out_h; /* the output in pixels */
    int board_w, board_h;
    struct display_band bands[DISPLAY_BANDS];
    struct display_ext ext;
    uint64_t fade_start, fade_ms;
    bool fade_pending; /* the fade starts at the next frame's time */
    int brightness;    /* 0..100 */
    bool blank;
    bool blocking_wait; /* the video driver can sleep until an event */
    bool kms;           /* KMSDRM: the console of a board without a desktop */
    bool software;      /* the CPU makes the pixels */
    bool vsync;         /* presenting waits for a real screen refresh */
    char describe[192]; /* the path taken and why */
    char refused[96];   /* why a path tried first was not taken, or "" */
};

struct display_backend {
    const char *name;
    /* Sets d->priv, d->software, d->vsync and d->describe; false when
     * this path cannot run as mode asks (the window is left usable). */
    bool (*open)(struct display *d, enum display_be_mode mode);
    void (*close)(struct display *d);
    void (*output_size)(struct display *d, int *w, int *h);
    /* own, if not NULL, is pb handed over (the backend frees it). */
    bool (*set_slide)(struct display *d, const struct pixbuf *pb, struct pixbuf *own,
                      uint32_t fade_ms);
    /* d->bands[slot] holds the new rect; make room for it. */
    bool (*set_band)(struct display *d, int slot);
    void (*clear_band)(struct display *d, int slot);
    void (*brightness_changed)(struct display *d);
    void (*blank_changed)(struct display *d);
    bool (*fading)(const struct display *d, uint64_t t_ms);
    bool (*needs_slide)(const struct display *d);
    bool (*frame)(struct display *d, uint64_t t_ms);
    /* true when the board's size changed or textures were lost. */
    bool (*handle_event)(struct display *d, const SDL_Event *ev);
    /* The external frame layer (d->ext holds the rect). */
    unsigned ext_formats;
    bool (*ext_open)(struct display *d);
    bool (*ext_push)(struct display *d, const struct display_ext_frame *f);
    void (*ext_close)(struct display *d);
};

extern const struct display_backend gpu_backend;
extern const struct display_backend surface_backend;

/* Shared by the backends (display.c). */
void display_resolve_board(struct display *d);
