#pragma once
// The loop's repository, as the small set of git operations the workspace (workspace.h) builds
// on. GitRepo runs them with real git through the one runner (command.h), always naming the
// repository or the attempt's worktree explicitly; FakeRepo (fake_repo.h) keeps them in memory
// so the workspace's rules are unit-tested without git.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "git/command.h"

namespace hone::git {

// One path of a diff between two commits, as the review needs it.
struct TreeChange {
  std::string path;
  std::string old_mode, new_mode;  // "100644", "100755", "120000" symlink, "160000" nested repository; "000000" none
  uint64_t size = 0;               // bytes of the new blob (0 when deleted or not a blob)
  std::string link_target;         // a symlink's target
  int added = 0, deleted = 0;      // lines; -1 for binary
};

class Repo {
 public:
  virtual ~Repo() = default;
  virtual std::filesystem::path top() const = 0;

  // The branch the user's checkout is on ("master"); nullopt on a detached HEAD.
  virtual std::optional<std::string> checkout_branch() = 0;
  virtual std::string head() = 0;  // the checkout's HEAD commit
  // Tracked files of the checkout that differ from HEAD (index or files), as `git status
  // --porcelain` lines; paths under `except` (relative to the top) are not counted.
  virtual std::string checkout_changes(const std::string& except) = 0;
  // Whether the checkout's index holds exactly the tree of `commit`.
  virtual bool index_matches(const std::string& commit) = 0;

  virtual std::optional<std::string> branch_commit(const std::string& branch) = 0;
  // Creates refs/heads/<branch> at commit if no such ref exists; false when it does.
  virtual bool create_branch(const std::string& branch, const std::string& commit) = 0;
  // Compare-and-swap: refs/heads/<branch> from `from` to `to`; false when it is not at `from`.
  virtual bool move_branch(const std::string& branch, const std::string& to, const std::string& from) = 0;
  // Deletes refs/heads/<branch> only if it is at `at`; false otherwise.
  virtual bool delete_branch(const std::string& branch, const std::string& at) = 0;
  virtual bool is_ancestor(const std::string& ancestor, const std::string& of) = 0;

  // A linked worktree at path with branch checked out.
  virtual void add_worktree(const std::filesystem::path& path, const std::string& branch) = 0;
  virtual void remove_worktree(const std::filesystem::path& path) = 0;
  // The worktree of a kept attempt, built at `built`, kept as the checkout of `commit` (the same
  // tree), its build reused (git.h adopt_checkout); false when it cannot be (the caller removes it).
  virtual bool adopt_worktree(const std::filesystem::path& path, const std::string& built,
                              const std::string& commit) = 0;
  // "" when path is still a worktree of this repository; else why not (verify_worktree).
  virtual std::string check_worktree(const std::filesystem::path& path) = 0;
  // Stages everything in the (checked) worktree and commits it when anything changed, on the
  // worktree's branch; returns the worktree's HEAD.
  virtual std::string commit_worktree(const std::filesystem::path& path, const std::string& message) = 0;
  // A new commit holding the tree of `tree_of`, with parent `parent`.
  virtual std::string commit_tree(const std::string& tree_of, const std::string& parent,
                                  const std::string& message) = 0;

  // "" when the checkout's files can move from commit `from` to `to` without touching anything
  // the user changed or left untracked; else git's reason. Changes nothing.
  virtual std::string checkout_can_move(const std::string& from, const std::string& to) = 0;
  // Moves the checkout's index and files from `from` to `to` (a two-tree merge: files that
  // differ between them only).
  virtual void checkout_move(const std::string& from, const std::string& to) = 0;

  virtual std::vector<TreeChange> changes(const std::string& from, const std::string& to) = 0;
};

// The real repository whose checkout's top is `top`.
class GitRepo : public Repo {
 public:
  explicit GitRepo(const std::filesystem::path& top);
  std::filesystem::path top() const override { return at_.work_tree; }
  const Location& location() const { return at_; }
  const std::filesystem::path& common() const { return common_; }

  std::optional<std::string> checkout_branch() override;
  std::string head() override;
  std::string checkout_changes(const std::string& except) override;
  bool index_matches(const std::string& commit) override;
  std::optional<std::string> branch_commit(const std::string& branch) override;
  bool create_branch(const std::string& branch, const std::string& commit) override;
  bool move_branch(const std::string& branch, const std::string& to, const std::string& from) override;
  bool delete_branch(const std::string& branch, const std::string& at) override;
  bool is_ancestor(const std::string& ancestor, const std::string& of) override;
  void add_worktree(const std::filesystem::path& path, const std::string& branch) override;
  void remove_worktree(const std::filesystem::path& path) override;
  bool adopt_worktree(const std::filesystem::path& path, const std::string& built, const std::string& commit) override;
  std::string check_worktree(const std::filesystem::path& path) override;
  std::string commit_worktree(const std::filesystem::path& path, const std::string& message) override;
  std::string commit_tree(const std::string& tree_of, const std::string& parent, const std::string& message) override;
  std::string checkout_can_move(const std::string& from, const std::string& to) override;
  void checkout_move(const std::string& from, const std::string& to) override;
  std::vector<TreeChange> changes(const std::string& from, const std::string& to) override;

 private:
  Location at_;
  std::filesystem::path common_;
};

}  // namespace hone::git
