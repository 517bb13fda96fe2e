#pragma once
/* Writes a pixbuf as a PNG file, atomically. */

#include <stdbool.h>

#include "util/pixbuf.h"

bool png_write(const struct pixbuf *pb, const char *path);
