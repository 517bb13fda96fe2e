/* SPDX-License-Identifier: MIT */
#pragma once
/* Exit statuses of the bangtin executable (DESIGN.md, "Command line"). The
 * run loop returns them too, so they live in the application layer. */

enum exit_code {
    EXIT_OK = 0,
    EXIT_CONTENT = 1, /* bad playlist, bad text */
    EXIT_USAGE = 2,
    EXIT_RUNTIME = 3, /* network, I/O, display */
};
