#pragma once
// git, as hone uses it: resolve revisions, make a worktree per revision under
// .hone/worktrees/, build there (cached by commit), read HEAD/dirty state. Every call goes
// through the one runner (command.h), naming the repository explicitly; failures throw
// hone::Error with git's stderr. The loop's attempts use the workspace (workspace.h).
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hone::git {

// The revision name that means "the user's working tree, uncommitted changes included".
inline constexpr const char* kWorktree = "WORKTREE";

// <repo>/.hone, created if missing, with a .gitignore of "*" so that nothing hone keeps there
// (worktrees, logs, build markers, the store) shows up in the user's `git status`.
std::filesystem::path ensure_hone_dir(const std::filesystem::path& repo);

// The repository's top folder containing dir, or nullopt when dir is not in a git work tree.
std::optional<std::filesystem::path> toplevel(const std::filesystem::path& dir);

// Full commit id of a revision ("HEAD~1", "main", a sha); error naming the revision.
std::string resolve(const std::filesystem::path& repo, const std::string& rev);
std::string short_id(const std::filesystem::path& repo, const std::string& commit);
// One-line subject of a commit.
std::string subject(const std::filesystem::path& repo, const std::string& commit);
bool is_dirty(const std::filesystem::path& repo);  // tracked files changed (untracked ignored)

// A checked-out revision, ready to build and measure.
struct Checkout {
  std::string rev;            // as the user wrote it ("HEAD~1", "WORKTREE")
  std::string commit;         // full id; for WORKTREE the HEAD it is based on
  bool worktree = false;      // true: the user's working tree itself, with uncommitted changes
  std::filesystem::path dir;  // the repository root of this checkout
  std::string variant;        // "" or a name of its own ("layout-2"): a second build of the commit
};

// "WORKTREE" → the working tree itself. Any other revision → a detached git worktree at
// <repo>/.hone/worktrees/<first 12 hex digits of the commit>, created if missing and reused
// when it exists (reset to the commit if its HEAD moved; removed and re-added when the folder is
// not a valid worktree of repo). Creating or resetting a worktree forgets its build markers.
// Errors name the revision.
// A non-empty variant names a worktree of its own, <...>/<12 hex digits>-<variant>, for a second
// build of the same commit (a layout variant) beside the first.
Checkout checkout(const std::filesystem::path& repo, const std::string& rev, const std::string& variant = "");

// Runs the build command (words, no shell) in c.dir / subdir (subdir: the project folder
// relative to the repository top, "" when the same) unless the marker
// <repo>/.hone/built/<commit>-<hash of command and subdir> says this commit was already built
// there by the same command (never cached for WORKTREE). An empty command does nothing.
// Build output (stdout, then the last 4 KiB of stderr) goes to <repo>/.hone/logs/build-<short>.log
// (build-WORKTREE.log for the working tree); failure throws naming the revision, the log and
// its last lines. Returns false when nothing ran (cached or empty command).
// With a layout (the project declares [layout]), the command's {layout} placeholder is replaced
// by it (util/words.h expand_command; "" for the build as it is) and the marker tells layouts and
// checkout variants apart.
// env: added to the build's environment (project/build_cache.h: ccache).
bool build(const Checkout& c, const std::string& build_command, const std::filesystem::path& repo,
           const std::filesystem::path& subdir, const std::optional<std::string>& layout = std::nullopt,
           const std::vector<std::pair<std::string, std::string>>& env = {});

// A kept attempt's worktree, built and verified, becomes the checkout of the commit it was kept as
// (the same tree, a new commit): the worktree is detached at `commit`, <repo>/.hone/worktrees/
// <12 hex digits of commit> becomes a link to it (build systems record their folder: the worktree
// cannot move), and the build markers of `built` are copied to `commit`, so the next
// attempt's base is not built again. `built`: the commit the worktree was built at (its markers
// are copied). false (then the caller removes the worktree) when the commit has a checkout
// already, the worktree is not a valid one, its tree or `built`'s is not the commit's, or a
// tracked file was edited.
bool adopt_checkout(const std::filesystem::path& repo, const std::filesystem::path& worktree, const std::string& built,
                    const std::string& commit);

// The lines of a build's output that say what failed: compiler and linker errors ("x.c:3:1:
// error: ...", "error[E0308]: ...", "undefined reference to ..."), at most `max` of them, each
// indented; "" when there are none (the caller then quotes the output's last lines).
std::string error_lines(const std::string& output, int max = 12);

// Removes worktrees hone made that no longer exist on disk (git worktree prune).
void prune(const std::filesystem::path& repo);

}  // namespace hone::git
