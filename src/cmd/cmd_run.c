#include <stdio.h>

#include "cmd/cmd.h"

int cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bangtin: run is being built\n");
    return EXIT_RUNTIME;
}
