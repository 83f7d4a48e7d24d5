#pragma once
// One error convention for the library: throw hone::Error with a precise message that names
// the file:line:column, value or command at fault. Only src/cli prints errors and picks exit codes.
#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace hone {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// Ctrl-C ended the work before it had anything to show: the CLI prints the message and exits
// with 130, as a shell does for a command interrupted by SIGINT.
class Interrupted : public Error {
 public:
  using Error::Error;
};

template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> f, Args&&... args) {
  throw Error(fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace hone
