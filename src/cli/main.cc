// hone: a thin main over the CLI library (src/cli), which is tested through the built binary.
#include "cli/app.h"

int main(int argc, char** argv) { return hone::cli::main(argc, argv); }
