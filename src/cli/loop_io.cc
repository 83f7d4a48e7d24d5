#include "cli/loop_io.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/files.h"
#include "util/words.h"

namespace hone::cli::loopio {

namespace fs = std::filesystem;

std::string trim(std::string s) {
  size_t e = s.find_last_not_of(" \t\r\n");
  s.erase(e == std::string::npos ? 0 : e + 1);
  size_t b = s.find_first_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b);
}

std::string read_file(const fs::path& p) {
  try {
    return read_file_if_exists(p, 16 * kMiB, "file hone reads").value_or("");
  } catch (const Error& e) {
    if (std::string_view(e.what()).starts_with("cannot read")) return "";
    throw;  // too large: say so
  }
}

void write_file(const fs::path& p, const std::string& text) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  write_file_checked(p, text);
}

std::string last_lines(const std::string& text, int n) {
  std::vector<std::string> lines;
  std::istringstream in(trim(text));
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  size_t from = lines.size() > static_cast<size_t>(n) ? lines.size() - n : 0;
  std::string out;
  for (size_t i = from; i < lines.size(); ++i) out += (i > from ? " | " : "") + lines[i];
  return out;
}

RunOutcome run_in(const fs::path& dir, const std::vector<std::string>& argv, double timeout, Env env) {
  CommandSpec cmd;
  cmd.argv = argv;
  cmd.display = join_words(argv);
  cmd.dir = dir.string();
  cmd.env = std::move(env);
  RunOptions opts;
  opts.capture_stdout = true;
  opts.timeout = timeout;
  ProcessRunner runner;
  return runner.run(cmd, opts);
}

std::string git(const fs::path& dir, std::vector<std::string> args, Env env) {
  args.insert(args.begin(), "git");
  env.push_back({"GIT_TERMINAL_PROMPT", "0"});
  RunOutcome r = run_in(dir, args, kGitTimeout, env);
  if (!r.ok())
    fail("`{}` in {} {}: {}", join_words(args), dir.string(), r.describe_failure(kGitTimeout), trim(r.stderr_tail));
  return trim(r.stdout_text);
}

bool git_ok(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  return run_in(dir, args, kGitTimeout).ok();
}

Env identity_env(const fs::path& repo) {
  // Commits need an author; a repository without one configured gets hone's.
  Env env;
  if (!git_ok(repo, {"config", "user.name"})) {
    env.push_back({"GIT_AUTHOR_NAME", "hone"});
    env.push_back({"GIT_COMMITTER_NAME", "hone"});
  }
  if (!git_ok(repo, {"config", "user.email"})) {
    env.push_back({"GIT_AUTHOR_EMAIL", "hone@localhost"});
    env.push_back({"GIT_COMMITTER_EMAIL", "hone@localhost"});
  }
  return env;
}

std::string short12(const std::string& c) { return c.substr(0, 12); }


}  // namespace hone::cli::loopio
