#pragma once
// An in-memory Repo for unit tests of the workspace and the loop: branches, one checkout, linked
// worktrees and commits as plain maps, with knobs for what users and agents do meanwhile
// (switch the checkout, dirty it, tamper with a worktree's .git, move a branch).
#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>

#include "git/repo.h"
#include "util/error.h"

namespace hone::git {

class FakeRepo : public Repo {
 public:
  struct Worktree {
    std::string branch;
    bool changed = false;  // the agent left changes to commit
    std::string tampered;  // non-empty: why check_worktree refuses
  };

  std::map<std::string, std::string> branches;  // name -> commit
  std::map<std::string, std::string> parent;    // commit -> parent
  std::optional<std::string> on = "main";       // the checkout's branch; nullopt: detached
  std::string detached_at;                      // HEAD when detached
  std::string index = "c0";                     // the commit whose tree the checkout's index/files hold
  std::string dirty;                            // checkout_changes' answer
  std::string blocked;                          // checkout_can_move's answer
  std::map<std::filesystem::path, Worktree> worktrees;
  std::vector<std::string> log;  // every mutation, in order
  int next_commit = 1;
  bool adopt = false;                 // adopt_worktree keeps a kept attempt's worktree (else the caller removes it)
  std::function<void()> before_move;  // runs before a move_branch (a race)

  FakeRepo() { branches["main"] = "c0"; }

  std::filesystem::path top() const override { return "/repo"; }
  std::optional<std::string> checkout_branch() override { return on; }
  std::string head() override { return on ? branches.at(*on) : detached_at; }
  std::string checkout_changes(const std::string&) override {
    if (!dirty.empty()) return dirty;
    return index == head() ? "" : " M (index differs from HEAD)";
  }
  bool index_matches(const std::string& commit) override { return index == commit; }
  std::optional<std::string> branch_commit(const std::string& b) override {
    auto it = branches.find(b);
    if (it == branches.end()) return std::nullopt;
    return it->second;
  }
  bool create_branch(const std::string& b, const std::string& c) override {
    if (branches.count(b)) return false;
    branches[b] = c;
    log.push_back(fmt::format("create {} {}", b, c));
    return true;
  }
  bool move_branch(const std::string& b, const std::string& to, const std::string& from) override {
    if (before_move) before_move();
    auto it = branches.find(b);
    if (it == branches.end() || it->second != from) return false;
    it->second = to;
    log.push_back(fmt::format("move {} {} {}", b, from, to));
    return true;
  }
  bool delete_branch(const std::string& b, const std::string& at) override {
    auto it = branches.find(b);
    if (it == branches.end() || it->second != at) return false;
    branches.erase(it);
    log.push_back(fmt::format("delete {}", b));
    return true;
  }
  bool is_ancestor(const std::string& a, const std::string& of) override {
    for (std::string c = of; !c.empty(); c = parent.count(c) ? parent[c] : "")
      if (c == a) return true;
    return false;
  }
  void add_worktree(const std::filesystem::path& p, const std::string& b) override {
    if (worktrees.count(p)) fail("'{}' already exists", p.string());
    worktrees[p] = Worktree{b, false, ""};
    log.push_back(fmt::format("worktree add {} {}", p.string(), b));
  }
  void remove_worktree(const std::filesystem::path& p) override {
    if (worktrees.erase(p)) log.push_back(fmt::format("worktree remove {}", p.string()));
  }
  bool adopt_worktree(const std::filesystem::path& p, const std::string& built, const std::string& commit) override {
    if (!adopt || !worktrees.count(p)) return false;
    worktrees.erase(p);
    log.push_back(fmt::format("worktree adopt {} built at {} as {}", p.string(), built, commit));
    return true;
  }
  std::string check_worktree(const std::filesystem::path& p) override {
    auto it = worktrees.find(p);
    if (it == worktrees.end()) return fmt::format("the worktree {} is gone", p.string());
    return it->second.tampered;
  }
  std::string commit_worktree(const std::filesystem::path& p, const std::string&) override {
    Worktree& w = worktrees.at(p);
    if (!w.tampered.empty()) fail("{}", w.tampered);
    std::string& tip = branches.at(w.branch);
    if (w.changed) {
      std::string c = fmt::format("c{}", next_commit++);
      parent[c] = tip;
      tip = c;
      w.changed = false;
      log.push_back(fmt::format("commit {} on {}", c, w.branch));
    }
    return tip;
  }
  std::string commit_tree(const std::string& tree_of, const std::string& p, const std::string&) override {
    std::string c = fmt::format("c{}", next_commit++);
    parent[c] = p;
    log.push_back(fmt::format("commit-tree {} of {} on {}", c, tree_of, p));
    return c;
  }
  std::string checkout_can_move(const std::string& from, const std::string&) override {
    if (!blocked.empty()) return blocked;
    return index == from ? "" : "the index is not at " + from;
  }
  void checkout_move(const std::string& from, const std::string& to) override {
    if (index != from) fail("checkout not at {}", from);
    index = to;
    log.push_back(fmt::format("checkout {} -> {}", from, to));
  }
  std::vector<TreeChange> changes(const std::string&, const std::string&) override { return {}; }
};

}  // namespace hone::git
