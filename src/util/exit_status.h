#pragma once
// hone's exit statuses: one list for every command (docs/commands.md, "Exit codes").

namespace hone {

enum class Exit : int {
  ok = 0,            // done; a question answered yes (criteria met, gate clean, a first bad commit found)
  no = 1,            // a question answered no: criteria not met, a regression, an attempt not kept
  error = 2,         // a usage, configuration, measurement or write error (the message on stderr)
  unsure = 3,        // a gate that could not decide at its confidence (`hone check`)
  interrupted = 130  // Ctrl-C (128 + SIGINT): completed rounds kept
};

constexpr int exit_code(Exit e) { return static_cast<int>(e); }

}  // namespace hone
