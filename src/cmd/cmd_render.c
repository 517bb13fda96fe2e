#include <stdio.h>

#include "cmd/cmd.h"

int cmd_render(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bangtin: render is being built\n");
    return EXIT_RUNTIME;
}
