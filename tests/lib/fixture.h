/* SPDX-License-Identifier: MIT */
#pragma once
/* What every Check suite needs: a private temporary directory, the bundled
 * fonts, files read whole, shell steps that must succeed, and the runner's
 * boilerplate. One copy here instead of one per suite. */

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct font_set;

/* A fresh directory from mkdtemp under $TMPDIR (default /tmp); removed with
 * everything in it by fixture_tmpdir_remove. The returned path is owned by
 * the fixture and valid until then. */
const char *fixture_tmpdir_make(const char *tag);
void fixture_tmpdir_remove(void);
/* tmpdir/name in one of a few rotating static buffers. */
const char *fixture_path(const char *name);

/* A file read whole (at most 64 MiB), NUL-terminated; fails the test when
 * it cannot be read. The caller frees it. */
char *fixture_slurp(const char *path, size_t *len);
/* Runs a shell command; fails the test unless it exits 0. */
void fixture_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The bundled fonts ($BANGTIN_DATA_DIR/fonts), loaded once per process. */
struct font_set *fixture_fonts(void);

struct pixbuf;
/* A w x h picture of one colour; fails the test when out of memory. */
struct pixbuf *fixture_solid(int w, int h, uint32_t argb);
/* The pixel at (x, y) of the one SDL window's surface (the dummy driver's
 * screen; the software renderer draws into it too), as 0xffRRGGBB. */
uint32_t fixture_screen_px(int x, int y);

/* Runs the suite, frees it and returns the process's exit status. */
int fixture_run(Suite *s);

/* How many times slower than a real machine the tests run: 1, or the
 * emulator's factor in a cross build (BANGTIN_TEST_SLOWDOWN, set by
 * tests/meson.build). Scales bounds on elapsed time, never a result. */
int fixture_slowdown(void);
