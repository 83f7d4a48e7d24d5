#include "git/command.h"

#include <fmt/format.h>

#include <stdlib.h>

#include <fstream>

#include "measure/runner.h"
#include "util/error.h"
#include "util/words.h"

namespace hone::git {

namespace fs = std::filesystem;

namespace {

// Variables that would point git at another repository, index or object store than the one
// named on its command line (hone started from a git hook has them set). hone names its
// repository on every call, so they can only misdirect it; and they would pass on to the git
// that `git worktree add` starts in the new worktree.
const char* const kRepositoryVariables[] = {"GIT_DIR",
                                            "GIT_WORK_TREE",
                                            "GIT_INDEX_FILE",
                                            "GIT_COMMON_DIR",
                                            "GIT_OBJECT_DIRECTORY",
                                            "GIT_NAMESPACE",
                                            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                                            "GIT_CEILING_DIRECTORIES",
                                            "GIT_DISCOVERY_ACROSS_FILESYSTEM"};

RunOutcome spawn(const fs::path& dir, std::vector<std::string> args, Env env) {
  static const bool scrubbed = [] {
    for (const char* v : kRepositoryVariables) ::unsetenv(v);
    return true;
  }();
  (void)scrubbed;
  CommandSpec cmd;
  args.insert(args.begin(), "git");
  cmd.argv = std::move(args);
  cmd.display = join_words(cmd.argv);
  cmd.dir = dir.string();
  env.push_back({"GIT_TERMINAL_PROMPT", "0"});
  env.push_back({"GIT_OPTIONAL_LOCKS", "0"});
  cmd.env = std::move(env);
  RunOptions opts;
  opts.capture_stdout = true;
  opts.timeout = kTimeout;
  ProcessRunner runner;
  return runner.run(cmd, opts);
}

Result result_of(const std::vector<std::string>& args, const RunOutcome& r) {
  Result out;
  out.ok = r.ok();
  out.exit_code = r.exit_code;
  out.out = trim(r.stdout_text);
  if (out.ok) return out;
  if (r.spawn_failed) {
    out.failure = r.error;
    return out;
  }
  std::string why = trim(r.stderr_tail);
  if (!why.empty() && r.exit_code != 0 && !r.timed_out && r.signal == 0) {
    out.failure = why;  // git said what went wrong
    return out;
  }
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string how = fmt::format("`{}` {}", join_words(argv), r.describe_failure(kTimeout));
  out.failure = why.empty() ? how : fmt::format("{}: {}", how, why);
  return out;
}

fs::path canonical_or_self(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p : c;
}

std::string read_small(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string s(4096, '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

}  // namespace

std::string trim(std::string s) {
  size_t end = s.find_last_not_of(" \t\r\n");
  s.erase(end == std::string::npos ? 0 : end + 1);
  size_t begin = s.find_first_not_of(" \t\r\n");
  return begin == std::string::npos ? "" : s.substr(begin);
}

Result run(const Location& at, const std::vector<std::string>& args, const Env& env) {
  std::vector<std::string> full = {"--git-dir=" + at.git_dir.string(), "--work-tree=" + at.work_tree.string()};
  full.insert(full.end(), args.begin(), args.end());
  return result_of(args, spawn(at.work_tree, full, env));
}

std::string output(const Location& at, const std::vector<std::string>& args, const std::string& context,
                   const Env& env) {
  Result r = run(at, args, env);
  if (!r.ok) fail("{}: {}", context, r.failure);
  return r.out;
}

std::optional<Location> at_top(const fs::path& dir_in) {
  std::error_code ec;
  if (!fs::is_directory(dir_in, ec)) return std::nullopt;
  fs::path dir = canonical_or_self(fs::absolute(dir_in));
  // A checkout's top holds .git (a folder, or a file pointing at a worktree's git folder).
  if (!fs::exists(fs::symlink_status(dir / ".git", ec))) return std::nullopt;
  Env env = {{"GIT_CEILING_DIRECTORIES", dir.parent_path().string()}};
  RunOutcome r = spawn(dir, {"rev-parse", "--absolute-git-dir", "--show-toplevel"}, env);
  if (!r.ok()) return std::nullopt;
  std::string text = r.stdout_text;
  size_t nl = text.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  fs::path git_dir = trim(text.substr(0, nl));
  fs::path top = trim(text.substr(nl + 1));
  if (top.empty() || canonical_or_self(top) != dir) return std::nullopt;
  return Location{canonical_or_self(git_dir), dir};
}

std::optional<fs::path> find_top(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::nullopt;
  RunOutcome r = spawn(dir, {"rev-parse", "--show-toplevel"}, {});
  if (!r.ok()) return std::nullopt;
  std::string top = trim(r.stdout_text);
  if (top.empty()) return std::nullopt;  // inside .git: no work tree
  return canonical_or_self(top);
}

fs::path common_dir(const Location& at) {
  fs::path c = output(at, {"rev-parse", "--git-common-dir"},
                      fmt::format("cannot find the git folder of {}", at.work_tree.string()));
  if (c.is_relative()) c = at.work_tree / c;
  return canonical_or_self(c);
}

std::string verify_worktree(const Location& repo, const fs::path& path_in, Location* out) {
  std::error_code ec;
  fs::path path = canonical_or_self(fs::absolute(path_in));
  if (!fs::is_directory(path, ec)) return fmt::format("the worktree {} is gone", path.string());
  fs::path dotgit = path / ".git";
  fs::file_status st = fs::symlink_status(dotgit, ec);
  if (!fs::exists(st))
    return fmt::format(
        "the worktree's .git file ({}) was deleted, so git there would fall through to "
        "another repository",
        dotgit.string());
  if (fs::is_directory(st))
    return fmt::format(
        "the worktree's .git ({}) is now a folder: a repository of its own (git init?), no "
        "longer a worktree of {}",
        dotgit.string(), repo.work_tree.string());
  if (!fs::is_regular_file(st)) return fmt::format("the worktree's .git ({}) is not a plain file", dotgit.string());
  std::string text = trim(read_small(dotgit));
  if (text.rfind("gitdir:", 0) != 0)
    return fmt::format("the worktree's .git file ({}) does not name a git folder", dotgit.string());
  fs::path gd = trim(text.substr(7));
  if (gd.is_relative()) gd = path / gd;
  gd = canonical_or_self(gd);
  fs::path common = common_dir(repo);
  if (gd.parent_path() != common / "worktrees")
    return fmt::format("the worktree's .git file ({}) points to {}, not into {}", dotgit.string(), gd.string(),
                       (common / "worktrees").string());
  fs::path back = trim(read_small(gd / "gitdir"));
  if (back.is_relative()) back = gd / back;
  if (canonical_or_self(back) != canonical_or_self(dotgit))
    return fmt::format("the git folder {} does not belong to the worktree {}", gd.string(), path.string());
  // git's own view, looking no higher than the worktree.
  RunOutcome r = spawn(path, {"rev-parse", "--git-common-dir", "--show-toplevel"},
                       {{"GIT_CEILING_DIRECTORIES", path.parent_path().string()}});
  std::string seen = r.stdout_text;
  size_t nl = seen.find('\n');
  if (!r.ok() || nl == std::string::npos)
    return fmt::format("git does not see {} as a worktree: {}", path.string(), trim(r.stderr_tail));
  fs::path seen_common = trim(seen.substr(0, nl));
  if (seen_common.is_relative()) seen_common = path / seen_common;
  fs::path seen_top = trim(seen.substr(nl + 1));
  if (canonical_or_self(seen_common) != common || canonical_or_self(seen_top) != path)
    return fmt::format("git sees {} as part of {} (top {}), not as a worktree of {}", path.string(),
                       canonical_or_self(seen_common).string(), seen_top.string(), repo.work_tree.string());
  if (out) *out = Location{gd, path};
  return "";
}

Env identity_env(const Location& at) {
  // Commits need an author; a repository without one configured gets hone's.
  Env env;
  if (!run(at, {"config", "user.name"}).ok) {
    env.push_back({"GIT_AUTHOR_NAME", "hone"});
    env.push_back({"GIT_COMMITTER_NAME", "hone"});
  }
  if (!run(at, {"config", "user.email"}).ok) {
    env.push_back({"GIT_AUTHOR_EMAIL", "hone@localhost"});
    env.push_back({"GIT_COMMITTER_EMAIL", "hone@localhost"});
  }
  return env;
}

}  // namespace hone::git
