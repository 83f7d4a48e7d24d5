#include "git/git.h"

#include <fmt/format.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <system_error>

#include "measure/runner.h"
#include "util/error.h"
#include "util/files.h"
#include "util/words.h"

namespace hone::git {
namespace fs = std::filesystem;

namespace {

// Local git operations finish in seconds; the limit only guards against a wedged git (a lock
// held by a dead process, a hook waiting for input) hanging hone forever.
constexpr double kGitTimeout = 600;

// How many lines of build output a failure message quotes.
constexpr int kTailLines = 20;

std::string trim(std::string s) {
  size_t end = s.find_last_not_of(" \t\r\n");
  s.erase(end == std::string::npos ? 0 : end + 1);
  size_t begin = s.find_first_not_of(" \t\r\n");
  return begin == std::string::npos ? "" : s.substr(begin);
}

// Runs `git ARGS` in dir, capturing stdout. No shell: args go to git as they are.
RunOutcome run_git(const fs::path& dir, const std::vector<std::string>& args) {
  CommandSpec cmd;
  cmd.argv.reserve(args.size() + 1);
  cmd.argv.push_back("git");
  cmd.argv.insert(cmd.argv.end(), args.begin(), args.end());
  cmd.display = join_words(cmd.argv);
  cmd.dir = dir.string();
  // Never ask for credentials on a terminal hone holds; don't take index.lock for read-only
  // queries such as status, so hone cannot get in the way of the user's own git commands.
  cmd.env = {{"GIT_TERMINAL_PROMPT", "0"}, {"GIT_OPTIONAL_LOCKS", "0"}};
  RunOptions opts;
  opts.capture_stdout = true;
  opts.timeout = kGitTimeout;
  ProcessRunner runner;
  return runner.run(cmd, opts);
}

// Why a git call failed: git's own message when it gave one, else how it ended.
std::string git_failure(const std::vector<std::string>& args, const RunOutcome& r) {
  if (r.spawn_failed) return r.error;
  std::string why = trim(r.stderr_tail);
  if (!why.empty() && r.exit_code != 0) return why;  // git said what went wrong
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string how = fmt::format("`{}` {}", join_words(argv), r.describe_failure(kGitTimeout));
  return why.empty() ? how : fmt::format("{}: {}", how, why);
}

// Runs git and returns its trimmed stdout; on failure throws "<context>: <git's message>".
std::string git_output(const fs::path& dir, const std::vector<std::string>& args,
                       const std::string& context) {
  RunOutcome r = run_git(dir, args);
  if (!r.ok()) fail("{}: {}", context, git_failure(args, r));
  return trim(r.stdout_text);
}

// A revision or commit given to git on its command line must not be mistaken for an option.
void check_not_option(const std::string& rev, const fs::path& repo) {
  if (rev.empty()) fail("empty revision given for the repository at {}", repo.string());
  if (rev[0] == '-')
    fail("'{}' is not a revision (revisions never start with '-'), in the repository at {}", rev,
         repo.string());
}

// The path hone uses for a commit: its first 12 hex digits, stable however many objects the
// repository gains (git's abbreviation may grow to stay unique).
std::string path_id(const std::string& commit) { return commit.substr(0, 12); }

void write_file(const fs::path& p, const std::string& text) { write_file_checked(p, text); }

void create_dirs(const fs::path& p) {
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec) fail("cannot create folder {}: {}", p.string(), ec.message());
}

fs::path canonical_or_self(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p : c;
}

fs::path worktree_path(const fs::path& repo, const std::string& commit) {
  return repo / ".hone" / "worktrees" / path_id(commit);
}

fs::path built_dir(const fs::path& repo) { return repo / ".hone" / "built"; }

// FNV-1a, 64 bits: a stable name for a build command (std::hash may differ between builds).
std::string command_hash(const std::string& command, const fs::path& subdir) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const std::string& s) {
    for (unsigned char ch : s) {
      h ^= ch;
      h *= 1099511628211ull;
    }
  };
  mix(command);
  mix(std::string(1, '\0'));
  mix(subdir.generic_string());
  return fmt::format("{:016x}", h);
}

// A commit's build markers say "its worktree holds a build of it"; once the worktree is
// re-created or reset, that is no longer true.
void forget_builds(const fs::path& repo, const std::string& commit) {
  std::error_code ec;
  fs::directory_iterator it(built_dir(repo), ec);
  if (ec) return;  // nothing built yet
  std::string prefix = commit + "-";
  for (const auto& e : it) {
    if (e.path().filename().string().rfind(prefix, 0) == 0) fs::remove(e.path(), ec);
  }
}

// Is path registered as a worktree of repo (`git worktree list`)?
bool registered(const fs::path& repo, const fs::path& path) {
  RunOutcome r = run_git(repo, {"worktree", "list", "--porcelain"});
  if (!r.ok()) return false;
  fs::path want = canonical_or_self(path);
  std::istringstream lines(r.stdout_text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("worktree ", 0) == 0 && canonical_or_self(line.substr(9)) == want) return true;
  }
  return false;
}

// Is the folder a working worktree of repo: registered, and git inside it sees it as its own
// top (a folder whose .git file is gone would otherwise be taken for part of repo itself)?
bool valid_worktree(const fs::path& repo, const fs::path& path) {
  if (!fs::is_directory(path) || !fs::exists(path / ".git")) return false;
  RunOutcome top = run_git(path, {"rev-parse", "--show-toplevel"});
  if (!top.ok() || canonical_or_self(trim(top.stdout_text)) != canonical_or_self(path))
    return false;
  return registered(repo, path);
}

// Removes a folder that should be hone's worktree but is not a usable one. git first, so its
// registration goes too; then by hand for what git refuses (a folder git does not know).
void remove_broken(const fs::path& repo, const fs::path& path) {
  run_git(repo, {"worktree", "remove", "--force", "--force", path.string()});
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) fail("cannot remove the broken worktree folder {}: {}", path.string(), ec.message());
  // The registration of a folder removed by hand lingers until pruned.
  run_git(repo, {"worktree", "prune"});
}

std::string label(const Checkout& c) {
  if (c.commit.empty()) return c.rev;
  return fmt::format("{} ({})", c.rev, path_id(c.commit));
}

// The last n lines of text, each indented for quoting under a message.
std::string last_lines(const std::string& text, int n) {
  std::string t = trim(text);
  if (t.empty()) return "";
  size_t pos = t.size();
  for (int i = 0; i < n && pos != std::string::npos && pos > 0; ++i) pos = t.rfind('\n', pos - 1);
  std::string tail = pos == std::string::npos ? t : t.substr(pos + 1);
  std::string out;
  std::istringstream lines(tail);
  std::string line;
  while (std::getline(lines, line)) out += "  " + line + "\n";
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace

fs::path ensure_hone_dir(const fs::path& repo) {
  fs::path dir = fs::absolute(repo) / ".hone";
  create_dirs(dir);
  fs::path ignore = dir / ".gitignore";
  if (!fs::exists(ignore)) write_file(ignore, "# hone's working files: never part of the project\n*\n");
  return dir;
}

std::optional<fs::path> toplevel(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::nullopt;
  RunOutcome r = run_git(dir, {"rev-parse", "--show-toplevel"});
  if (!r.ok()) return std::nullopt;
  std::string top = trim(r.stdout_text);
  if (top.empty()) return std::nullopt;  // inside .git: no work tree
  return fs::path(top);
}

std::string resolve(const fs::path& repo, const std::string& rev) {
  check_not_option(rev, repo);
  return git_output(repo, {"rev-parse", "--verify", rev + "^{commit}"},
                    fmt::format("cannot resolve revision '{}' in {}", rev, repo.string()));
}

std::string short_id(const fs::path& repo, const std::string& commit) {
  check_not_option(commit, repo);
  return git_output(repo, {"rev-parse", "--short=12", "--verify", commit + "^{commit}"},
                    fmt::format("cannot resolve revision '{}' in {}", commit, repo.string()));
}

std::string subject(const fs::path& repo, const std::string& commit) {
  check_not_option(commit, repo);
  return git_output(repo, {"log", "-1", "--format=%s", commit, "--"},
                    fmt::format("cannot read the subject of '{}' in {}", commit, repo.string()));
}

bool is_dirty(const fs::path& repo) {
  return !git_output(repo, {"status", "--porcelain", "--untracked-files=no"},
                     fmt::format("cannot read the status of {}", repo.string()))
              .empty();
}

Checkout checkout(const fs::path& repo_in, const std::string& rev) {
  fs::path repo = fs::absolute(repo_in);
  Checkout c;
  c.rev = rev;

  if (rev == kWorktree) {
    c.worktree = true;
    c.dir = repo;
    if (!toplevel(repo)) fail("cannot use WORKTREE: {} is not in a git repository", repo.string());
    // A repository without commits yet has no HEAD to name.
    RunOutcome head = run_git(repo, {"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
    if (head.ok()) c.commit = trim(head.stdout_text);
    return c;
  }

  c.commit = resolve(repo, rev);
  ensure_hone_dir(repo);
  fs::path path = worktree_path(repo, c.commit);
  c.dir = path;
  std::string what = fmt::format("revision {} ({})", rev, path_id(c.commit));

  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    if (valid_worktree(repo, path)) {
      RunOutcome head = run_git(path, {"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
      if (head.ok() && trim(head.stdout_text) == c.commit) return c;
      // Someone moved its HEAD (committed or checked out inside it): back to the commit, and
      // whatever was built there is no build of it any more.
      forget_builds(repo, c.commit);
      RunOutcome reset = run_git(path, {"checkout", "--quiet", "--force", "--detach", c.commit});
      if (reset.ok()) return c;
    }
    remove_broken(repo, path);
  }

  forget_builds(repo, c.commit);
  create_dirs(path.parent_path());
  // --force: also when a worktree registered at this path was deleted by hand.
  std::vector<std::string> args = {"worktree", "add", "--quiet", "--force", "--detach",
                                   path.string(), c.commit};
  RunOutcome r = run_git(repo, args);
  if (!r.ok())
    fail("cannot check out {} into {}: {}", what, path.string(), git_failure(args, r));
  return c;
}

bool build(const Checkout& c, const std::string& build_command, const fs::path& repo_in,
           const fs::path& subdir) {
  std::vector<std::string> argv = split_words(build_command);
  if (argv.empty()) return false;
  if (subdir.is_absolute())
    fail("build of {}: the project folder '{}' must be relative to the repository top", label(c),
         subdir.string());
  fs::path repo = fs::absolute(repo_in);
  fs::path dir = subdir.empty() ? c.dir : c.dir / subdir;
  if (!fs::is_directory(dir))
    fail("build of {}: folder '{}' does not exist in that revision ({})", label(c),
         subdir.string(), dir.string());

  bool cacheable = !c.worktree && !c.commit.empty();
  fs::path marker = built_dir(repo) / (c.commit + "-" + command_hash(build_command, subdir));
  if (cacheable && fs::exists(marker)) return false;

  fs::path hone = ensure_hone_dir(repo);
  create_dirs(hone / "logs");
  fs::path log = hone / "logs" /
                 (c.worktree ? std::string("build-WORKTREE.log")
                             : "build-" + path_id(c.commit) + ".log");

  CommandSpec cmd;
  cmd.argv = argv;
  cmd.display = build_command;
  cmd.dir = dir.string();
  RunOptions opts;
  opts.capture_stdout = true;  // stderr comes back as its last 4 KiB
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd, opts);

  std::string output = r.stdout_text;
  if (!r.stderr_tail.empty()) {
    if (!output.empty() && output.back() != '\n') output += '\n';
    output += "--- stderr (last 4 KiB) ---\n" + r.stderr_tail;
  }
  if (r.spawn_failed) output += r.error + "\n";
  write_file(log, fmt::format("$ {}\n# in {}\n{}", build_command, dir.string(), output));

  if (!r.ok()) {
    std::string how = r.spawn_failed ? r.error
                                     : fmt::format("`{}` {}", build_command,
                                                   r.describe_failure(0));
    std::string tail = last_lines(r.spawn_failed ? "" : output, kTailLines);
    fail("build of {} failed: {}; log: {}{}{}", label(c), how, log.string(),
         tail.empty() ? "" : "\n", tail);
  }
  if (cacheable) {
    create_dirs(marker.parent_path());
    write_file(marker, fmt::format("{}\n{}\n", build_command, dir.string()));
  }
  return true;
}

void prune(const fs::path& repo) {
  git_output(repo, {"worktree", "prune"},
             fmt::format("cannot prune the worktrees of {}", repo.string()));
}

}  // namespace hone::git
