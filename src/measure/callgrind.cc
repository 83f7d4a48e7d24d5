// Instruction counts from `valgrind --tool=callgrind`, for machines without hardware counters:
// slow (valgrind runs the program 20-100x slower) but exact, so one run per revision settles a
// comparison.
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "measure/runner.h"
#include "util/error.h"

namespace hone {
namespace {

namespace fs = std::filesystem;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// valgrind expands %p (pid), %q{VAR} and %% in the output file name.
std::string escape_percent(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '%') out += '%';
  }
  return out;
}

// valgrind reports a program it cannot start like a shell ("valgrind: foo: command not
// found", status 127); turn that into the same spawn failure ProcessRunner reports.
void translate_launch_failure(const CommandSpec& cmd, RunOutcome& out) {
  if (out.spawn_failed || out.signal != 0 || out.timed_out) return;
  if (out.exit_code != 127 && out.exit_code != 126) return;
  std::string marker = "valgrind: " + cmd.argv[0] + ": ";
  size_t at = out.stderr_tail.find(marker);
  if (at == std::string::npos) return;
  std::string_view rest = std::string_view(out.stderr_tail).substr(at + marker.size());
  rest = rest.substr(0, rest.find('\n'));
  out.spawn_failed = true;
  out.error =
      fmt::format("cannot run '{}': {}", cmd.argv[0], rest == "command not found" ? "No such file or directory" : rest);
}

}  // namespace

CallgrindRunner::CallgrindRunner(Runner& inner, std::string scratch_dir)
    : inner_(inner), scratch_dir_(std::move(scratch_dir)) {}

RunOutcome CallgrindRunner::run(const CommandSpec& cmd, const RunOptions& opts) {
  if (cmd.argv.empty()) return inner_.run(cmd, opts);
  std::error_code ec;
  fs::create_directories(scratch_dir_, ec);
  if (ec) fail("cannot create the scratch directory '{}' for callgrind: {}", scratch_dir_, ec.message());

  // One file per process: with --trace-children=yes a program that forks ("sh -c", a wrapper
  // script, make) is counted whole, each process writing cg.<hone pid>.<n>.<its pid>.out.
  // (Across an exec only the final program is counted: valgrind restarts in the same process
  // and the same file.)
  const std::string stem = fmt::format("cg.{}.{}.", ::getpid(), counter_++);
  CommandSpec wrapped = cmd;
  wrapped.argv = {"valgrind", "--tool=callgrind", "-q",
                  "--callgrind-out-file=" + escape_percent(scratch_dir_ + "/" + stem) + "%p.out",
                  "--trace-children=yes",
                  // Just the Ir count: no cache or branch simulation, no per-instruction data,
                  // names written out (the file is read once and deleted).
                  "--cache-sim=no", "--branch-sim=no", "--dump-instr=no", "--compress-strings=no", "--"};
  wrapped.argv.insert(wrapped.argv.end(), cmd.argv.begin(), cmd.argv.end());
  RunOptions o = opts;
  o.count_instructions = false;  // hardware counters would count valgrind itself
  RunOutcome out = inner_.run(wrapped, o);
  translate_launch_failure(cmd, out);

  std::vector<std::string> files;
  for (const fs::directory_entry& e : fs::directory_iterator(scratch_dir_, ec)) {
    std::string name = e.path().filename().string();
    if (starts_with(name, stem) && name.size() > 4 && name.compare(name.size() - 4, 4, ".out") == 0)
      files.push_back(e.path().string());
  }
  auto remove_all = [&] {
    for (const std::string& f : files) fs::remove(f, ec);
  };
  if (!out.ok()) {
    remove_all();
    return out;
  }
  if (files.empty()) {
    fail("callgrind wrote no output for '{}': expected {}/{}<pid>.out", cmd.display.empty() ? cmd.argv[0] : cmd.display,
         scratch_dir_, stem);
  }
  double total = 0;
  for (const std::string& f : files) total += parse_callgrind_total(f);  // on error the files stay, for a look
  remove_all();
  out.m.instructions = total;
  return out;
}

bool callgrind_available(std::string* why) {
  // Asked once per process: the answer does not change while hone runs.
  static const std::optional<std::string> problem = []() -> std::optional<std::string> {
    ProcessRunner runner;
    RunOptions opts;
    opts.capture_stdout = true;
    opts.timeout = 30;
    RunOutcome r = runner.run(CommandSpec{{"valgrind", "--version"}, "valgrind --version", "", {}}, opts);
    if (r.spawn_failed)
      return "valgrind is not installed (Debian: apt-get install valgrind); it counts instructions "
             "where the CPU has no hardware counters";
    if (!r.ok() || !starts_with(r.stdout_text, "valgrind-"))
      return fmt::format("valgrind is installed but does not run: 'valgrind --version' {}",
                         r.ok() ? "printed no version" : r.describe_failure(opts.timeout));
    return std::nullopt;
  }();
  if (problem && why) *why = *problem;
  return !problem;
}

double parse_callgrind_total(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    fail("cannot read callgrind output '{}': {}", path, strerrordesc_np(err));
  }
  std::string line;
  size_t lineno = 0;
  std::optional<std::string> first_event;
  std::optional<std::pair<std::string, size_t>> totals, summary;  // the line and its number
  while (std::getline(in, line)) {
    ++lineno;
    if (starts_with(line, "events:")) {
      std::string_view rest = std::string_view(line).substr(7);
      size_t b = rest.find_first_not_of(" \t");
      if (b != std::string_view::npos) {
        rest.remove_prefix(b);
        first_event = std::string(rest.substr(0, rest.find_first_of(" \t\r")));
      }
    } else if (starts_with(line, "totals:")) {
      totals = {line, lineno};
    } else if (starts_with(line, "summary:")) {
      summary = {line, lineno};
    }
  }
  if (lineno == 0) fail("callgrind output '{}' is empty (did valgrind crash?)", path);
  if (!first_event) fail("'{}' is not callgrind output: it has no 'events:' line", path);
  if (*first_event != "Ir") fail("callgrind output '{}' counts '{}' first, not instructions (Ir)", path, *first_event);
  const auto& chosen = totals ? totals : summary;
  if (!chosen)
    fail(
        "callgrind output '{}' is truncated: it has no 'totals:' or 'summary:' line (did the "
        "program or valgrind crash?)",
        path);
  const std::string& text = chosen->first;
  std::string_view rest = std::string_view(text).substr(text.find(':') + 1);
  size_t b = rest.find_first_not_of(" \t");
  rest.remove_prefix(b == std::string_view::npos ? rest.size() : b);
  uint64_t value = 0;
  auto [end, err] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  bool ends_well = end == rest.data() + rest.size() || *end == ' ' || *end == '\t' || *end == '\r';
  if (err != std::errc() || !ends_well)
    fail("callgrind output '{}' line {}: expected an instruction count, found '{}'", path, chosen->second, text);
  return static_cast<double>(value);
}

}  // namespace hone
