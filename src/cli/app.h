#pragma once

namespace hone::cli {

// Parses the command line, runs one subcommand and returns the process exit code:
// 0 success, 1 a check failed (later: criteria not met, regression), 2 usage or runtime error,
// 130 interrupted by Ctrl-C. Errors are printed here and only here.
int main(int argc, char** argv);

}  // namespace hone::cli
