#include "git/git.h"
#include "git/log.h"

#include <fmt/format.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <system_error>

#include "git/command.h"
#include "measure/runner.h"
#include "util/error.h"
#include "util/files.h"
#include "util/words.h"

namespace hone::git {
namespace fs = std::filesystem;

namespace {

// How many lines of build output a failure message quotes.
constexpr int kTailLines = 20;

// The checkout at repo's top, as every git call names it; error when repo is none.
Location locate(const fs::path& repo) {
  std::optional<Location> at = at_top(repo);
  if (!at) fail("{} is not the top folder of a git checkout", repo.string());
  return *at;
}

std::string git_output(const fs::path& repo, const std::vector<std::string>& args, const std::string& context) {
  return output(locate(repo), args, context);
}

// A revision or commit given to git on its command line must not be mistaken for an option.
void check_not_option(const std::string& rev, const fs::path& repo) {
  if (rev.empty()) fail("empty revision given for the repository at {}", repo.string());
  if (rev[0] == '-')
    fail("'{}' is not a revision (revisions never start with '-'), in the repository at {}", rev, repo.string());
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

// Is the folder a working worktree of repo whose .git still points into it (a folder whose
// .git file is gone would otherwise be taken for part of repo itself)?
std::optional<Location> valid_worktree(const Location& repo, const fs::path& path) {
  Location wt;
  if (!verify_worktree(repo, path, &wt).empty()) return std::nullopt;
  return wt;
}

// Removes a folder that should be hone's worktree but is not a usable one. git first, so its
// registration goes too; then by hand for what git refuses (a folder git does not know).
void remove_broken(const Location& repo, const fs::path& path) {
  run(repo, {"worktree", "remove", "--force", "--force", path.string()});
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) fail("cannot remove the broken worktree folder {}: {}", path.string(), ec.message());
  // The registration of a folder removed by hand lingers until pruned.
  run(repo, {"worktree", "prune"});
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

std::optional<fs::path> toplevel(const fs::path& dir) { return find_top(dir); }

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

std::vector<std::pair<std::string, std::string>> first_parent_log(const fs::path& repo, const std::string& rev,
                                                                  int limit) {
  check_not_option(rev, repo);
  std::string out =
      git_output(repo, {"log", "--first-parent", fmt::format("--max-count={}", limit), "--format=%H%x1f%s", rev, "--"},
                 fmt::format("cannot read the history of '{}' in {}", rev, repo.string()));
  std::vector<std::pair<std::string, std::string>> log;
  size_t at = 0;
  while (at < out.size()) {
    size_t nl = out.find('\n', at);
    if (nl == std::string::npos) nl = out.size();
    std::string line = out.substr(at, nl - at);
    at = nl + 1;
    size_t sep = line.find('\x1f');
    if (sep == std::string::npos) continue;
    log.emplace_back(line.substr(0, sep), line.substr(sep + 1));
  }
  return log;
}

bool is_dirty(const fs::path& repo) {
  return !git_output(repo, {"status", "--porcelain", "--untracked-files=no"},
                     fmt::format("cannot read the status of {}", repo.string()))
              .empty();
}

Checkout checkout(const fs::path& repo_in, const std::string& rev, const std::string& variant) {
  fs::path repo = fs::absolute(repo_in);
  Checkout c;
  c.rev = rev;
  c.variant = variant;
  if (!variant.empty() && rev == kWorktree) fail("the working tree has no variants (asked for '{}')", variant);

  if (rev == kWorktree) {
    c.worktree = true;
    c.dir = repo;
    std::optional<Location> at = at_top(repo);
    if (!at) fail("cannot use WORKTREE: {} is not in a git repository (or not its top folder)", repo.string());
    // A repository without commits yet has no HEAD to name.
    Result head = run(*at, {"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
    if (head.ok) c.commit = head.out;
    return c;
  }

  c.commit = resolve(repo, rev);
  Location at = locate(repo);
  ensure_hone_dir(repo);
  fs::path path = worktree_path(repo, c.commit);
  if (!variant.empty()) path += "-" + variant;
  c.dir = path;
  std::string what = fmt::format("revision {} ({})", rev, path_id(c.commit));

  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    if (std::optional<Location> wt = valid_worktree(at, path)) {
      Result head = run(*wt, {"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
      // Its tracked files as committed too: an edit made inside the cache (by hand, or by a
      // tool that wandered in) would otherwise be measured as the commit. Untracked files are
      // the build's own outputs.
      Result edits = run(*wt, {"status", "--porcelain", "--untracked-files=no"});
      if (head.ok && head.out == c.commit && edits.ok && edits.out.empty()) return c;
      // Someone moved its HEAD (committed or checked out inside it) or edited its files: back to
      // the commit, and whatever was built there is no build of it any more.
      forget_builds(repo, c.commit);
      Result reset = run(*wt, {"checkout", "--quiet", "--force", "--detach", c.commit});
      if (reset.ok) return c;
    }
    remove_broken(at, path);
  }

  forget_builds(repo, c.commit);
  create_dirs(path.parent_path());
  // --force: also when a worktree registered at this path was deleted by hand.
  std::vector<std::string> args = {"worktree", "add", "--quiet", "--force", "--detach", path.string(), c.commit};
  Result r = run(at, args);
  if (!r.ok) fail("cannot check out {} into {}: {}", what, path.string(), r.failure);
  return c;
}

bool adopt_checkout(const fs::path& repo_in, const fs::path& worktree, const std::string& built,
                    const std::string& commit) {
  fs::path repo = fs::absolute(repo_in);
  Location at = locate(repo);
  std::optional<Location> wt = valid_worktree(at, worktree);
  if (!wt || commit.empty() || built.empty()) return false;
  fs::path link = worktree_path(repo, commit);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(link, ec))) return false;  // the commit has a checkout already
  // The same tree, nothing edited since it was built: the build is a build of `commit`.
  Result tree = run(*wt, {"rev-parse", "--verify", "--quiet", "HEAD^{tree}"});
  Result built_tree = run(at, {"rev-parse", "--verify", "--quiet", built + "^{tree}"});
  Result kept_tree = run(at, {"rev-parse", "--verify", "--quiet", commit + "^{tree}"});
  Result edits = run(*wt, {"status", "--porcelain", "--untracked-files=no"});
  if (!tree.ok || !built_tree.ok || !kept_tree.ok || tree.out != kept_tree.out || built_tree.out != kept_tree.out ||
      !edits.ok || !edits.out.empty())
    return false;
  if (!run(*wt, {"checkout", "--quiet", "--detach", commit}).ok) return false;
  fs::create_symlink(fs::absolute(worktree), link, ec);
  if (ec) return false;
  // Its build markers, now of `commit` too.
  std::string prefix = built + "-";
  for (fs::directory_iterator it(built_dir(repo), ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    std::error_code copy_ec;
    fs::copy_file(it->path(), built_dir(repo) / (commit + "-" + name.substr(prefix.size())),
                  fs::copy_options::overwrite_existing, copy_ec);
  }
  return true;
}

std::string error_lines(const std::string& output, int max) {
  std::string out;
  int n = 0;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    bool hit = line.find("error:") != std::string::npos || line.rfind("error[", 0) == 0 ||
               line.find("undefined reference to") != std::string::npos ||
               line.find("fatal error") != std::string::npos;
    // make's own "*** [Makefile:3: x.o] Error 1" says only which rule failed: the compiler said why.
    if (!hit || line.find("***") != std::string::npos) continue;
    if (n == max) {
      out += "  ...\n";
      break;
    }
    out += "  " + trim(line) + "\n";
    ++n;
  }
  if (!out.empty()) out.pop_back();
  return out;
}

bool build(const Checkout& c, const std::string& build_command, const fs::path& repo_in, const fs::path& subdir,
           const std::optional<std::string>& layout, const std::vector<std::pair<std::string, std::string>>& env) {
  std::vector<std::string> argv =
      layout ? expand_command(build_command, {{"layout", *layout}}) : split_words(build_command);
  if (argv.empty()) return false;
  if (subdir.is_absolute())
    fail("build of {}: the project folder '{}' must be relative to the repository top", label(c), subdir.string());
  fs::path repo = fs::absolute(repo_in);
  fs::path dir = subdir.empty() ? c.dir : c.dir / subdir;
  if (!fs::is_directory(dir))
    fail("build of {}: folder '{}' does not exist in that revision ({})", label(c), subdir.string(), dir.string());

  bool cacheable = !c.worktree && !c.commit.empty();
  std::string key = build_command;
  if (layout) key += "\n{layout}=" + *layout;
  if (!c.variant.empty()) key += "\nvariant=" + c.variant;
  fs::path marker = built_dir(repo) / (c.commit + "-" + command_hash(key, subdir));
  if (cacheable && fs::exists(marker)) return false;

  fs::path hone = ensure_hone_dir(repo);
  create_dirs(hone / "logs");
  fs::path log = hone / "logs" /
                 (c.worktree ? std::string("build-WORKTREE.log")
                             : "build-" + path_id(c.commit) + (c.variant.empty() ? "" : "-" + c.variant) + ".log");

  CommandSpec cmd;
  cmd.argv = argv;
  cmd.display = layout && !layout->empty() ? join_words(argv) : build_command;
  cmd.dir = dir.string();
  cmd.env = env;
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
  std::string env_note;
  for (const auto& [k, v] : env) env_note += fmt::format("# {}={}\n", k, v);
  write_file(log, fmt::format("$ {}\n# in {}\n{}{}", cmd.display, dir.string(), env_note, output));

  if (!r.ok()) {
    std::string how = r.spawn_failed ? r.error : fmt::format("`{}` {}", build_command, r.describe_failure(0));
    // What the compiler said, when it said it; else the output's last lines.
    std::string quoted = r.spawn_failed ? "" : error_lines(output);
    if (quoted.empty()) quoted = last_lines(r.spawn_failed ? "" : output, kTailLines);
    fail("build of {} failed: {}; log: {}{}{}", label(c), how, log.string(), quoted.empty() ? "" : "\n", quoted);
  }
  if (cacheable) {
    create_dirs(marker.parent_path());
    write_file(marker, fmt::format("{}\n{}\n", build_command, dir.string()));
  }
  return true;
}

void prune(const fs::path& repo) {
  git_output(repo, {"worktree", "prune"}, fmt::format("cannot prune the worktrees of {}", repo.string()));
}

}  // namespace hone::git
