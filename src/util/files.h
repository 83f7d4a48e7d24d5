#pragma once
// Whole files in and out, with the two guarantees hone owes its user: a read is bounded (a
// config that is really /dev/zero, a 5 GB "report", is an error naming the file, not a process
// that grows until the machine swaps), and every write is checked (a full disk is an error
// naming the file and a non-zero exit, never a silently truncated file or an exit status 0).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hone {

constexpr size_t kMiB = 1024 * 1024;

// The whole file, or hone::Error: "cannot read PATH: No such file or directory", "PATH is
// larger than 4 MiB: is it the right file? (a WHAT is at most 4 MiB)".
std::string read_file_bounded(const std::filesystem::path& path, size_t limit, std::string_view what);
// The same, but nullopt when the file does not exist (other failures still throw).
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path, size_t limit, std::string_view what);

// Writes text to path (creating or truncating it) and checks every write and the close:
// hone::Error "cannot write PATH: No space left on device". With `atomic`, the text goes to
// PATH.tmp-PID first and is renamed over PATH once complete, so a reader never sees half a file.
void write_file_checked(const std::filesystem::path& path, std::string_view text, bool atomic = false);
// Appends text to path (creating it), checked the same way.
void append_file_checked(const std::filesystem::path& path, std::string_view text);

// Flushes stdout and reports a failed write to it ("cannot write to standard output: No space
// left on device"); "" when everything written so far reached it. For the CLI's exit status.
std::string stdout_problem();

}  // namespace hone
