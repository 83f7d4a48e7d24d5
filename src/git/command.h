#pragma once
// The one way hone runs git. No shell; no terminal prompts; no optional locks (a read-only query
// never takes index.lock from under the user's own git); a timeout against a wedged git; and
// always an explicit repository: every command gets --git-dir and --work-tree (and the index
// file), so it can never fall through to another repository by discovery from its folder — the
// way an attempt whose .git was deleted once committed the user's files.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hone::git {

using Env = std::vector<std::pair<std::string, std::string>>;

// A checkout as git is told about it on every call.
struct Location {
  std::filesystem::path git_dir;    // absolute: <top>/.git, or <common>/worktrees/<name>
  std::filesystem::path work_tree;  // absolute top of the checkout
};

struct Result {
  bool ok = false;
  int exit_code = 0;
  std::string out;      // stdout, trimmed
  std::string failure;  // when !ok: git's own message, else how it ended
};

// Runs `git ARGS` at `at`, from its work tree (so paths are relative to its top).
Result run(const Location& at, const std::vector<std::string>& args, const Env& env = {});
// Trimmed stdout; on failure throws hone::Error "<context>: <git's message>".
std::string output(const Location& at, const std::vector<std::string>& args, const std::string& context,
                   const Env& env = {});

// The one use of discovery: which checkout is `dir` the top of? Git may look for a repository
// in dir itself but never above it (GIT_CEILING_DIRECTORIES), so a folder whose .git is gone is
// no checkout rather than part of its parent's. nullopt when dir is not a checkout's top.
std::optional<Location> at_top(const std::filesystem::path& dir);
// The top of the checkout containing dir (looking upwards): where the user's project lives.
std::optional<std::filesystem::path> find_top(const std::filesystem::path& dir);
// The repository's common git folder (shared by all its worktrees), canonical.
std::filesystem::path common_dir(const Location& at);

// Is `path` still a linked worktree of the repository at `repo`? Its .git must be a file naming
// a git folder inside repo's common folder under worktrees/, which names it back, and git itself
// (looking no higher than path) must agree on the top and the common folder. "" and *out set
// when so; else why not ("its .git is a folder: a repository of its own (git init?)").
std::string verify_worktree(const Location& repo, const std::filesystem::path& path, Location* out);

// GIT_AUTHOR_*/GIT_COMMITTER_* for a commit when the repository has no identity configured.
Env identity_env(const Location& at);

std::string trim(std::string s);
// Local git operations finish in seconds; the limit only guards against a wedged git (a lock
// held by a dead process, a hook waiting for input) hanging hone forever.
inline constexpr double kTimeout = 600;

}  // namespace hone::git
