#include "git/workspace.h"

#include <fmt/format.h>

#include "util/error.h"
#include "util/fault.h"

namespace hone::git {

namespace {

// How many suffixes a taken branch name may get before hone gives up.
constexpr int kMaxSuffix = 100;

std::string short12(const std::string& c) { return c.substr(0, 12); }

}  // namespace

std::string Workspace::start_branch() {
  std::optional<std::string> b = repo_.checkout_branch();
  if (!b) fail("{} is on a detached HEAD: check out the branch the loop should commit to", repo_.top().string());
  std::string changes = repo_.checkout_changes(except_);
  if (!changes.empty())
    fail(
        "the working tree of {} has uncommitted changes to tracked files:\n{}\ncommit or stash them first: "
        "the loop builds only on committed code",
        repo_.top().string(), changes);
  return *b;
}

std::string Workspace::new_branch(const std::string& name, const std::string& commit) {
  for (int i = 1; i <= kMaxSuffix; ++i) {
    std::string n = i == 1 ? name : fmt::format("{}-{}", name, i);
    if (repo_.create_branch(n, commit)) return n;
  }
  fail("branches {} to {}-{} all exist in {}: delete some of them", name, name, kMaxSuffix, repo_.top().string());
}

Attempt Workspace::start(const std::string& name, const std::filesystem::path& path, const std::string& base,
                         const std::string& start_branch) {
  Attempt a;
  a.start_branch = start_branch;
  a.base = base;
  a.worktree = path;
  a.branch = new_branch(name, base);
  a.head = base;
  try {
    repo_.add_worktree(path, a.branch);
  } catch (const Error&) {
    repo_.delete_branch(a.branch, base);
    throw;
  }
  return a;
}

std::string Workspace::collect(Attempt& a, const std::string& message) {
  std::string why = repo_.check_worktree(a.worktree);
  if (!why.empty()) fail("{}; nothing was staged or committed", why);
  a.head = repo_.commit_worktree(a.worktree, message);
  return a.head;
}

Keep Workspace::keep(Attempt& a, const std::string& message, const std::function<void(const std::string&)>& record) {
  a.collected = a.head;
  std::string commit = repo_.commit_tree(a.head, a.base, message);
  record(commit);
  fault::point("commit");
  // From here on the verified commit is on a branch: the attempt's own.
  if (repo_.move_branch(a.branch, commit, a.head)) {
    a.head = commit;
  } else {
    a.branch = new_branch(a.branch + "-verified", commit);
    a.head = commit;
  }
  Keep k = apply(a, commit);
  // Refused: the branch holds the work; its worktree would only stop the user checking it out.
  if (!k.applied) repo_.remove_worktree(a.worktree);
  return k;
}

Keep Workspace::apply(Attempt& a, const std::string& commit) {
  Keep k;
  k.commit = commit;
  k.branch = a.branch;
  std::string where = fmt::format("the verified commit {} stays on branch {}", short12(commit), a.branch);
  std::optional<std::string> on = repo_.checkout_branch();
  if (!on || *on != a.start_branch) {
    k.why = fmt::format("the checkout of {} is {} now, not on {} where the attempt started; {}", repo_.top().string(),
                        on ? "on " + *on : std::string("on a detached HEAD"), a.start_branch, where);
    return k;
  }
  std::string changes = repo_.checkout_changes(except_);
  if (!changes.empty()) {
    k.why = fmt::format("the checkout of {} has uncommitted changes to tracked files ({}); {}", a.start_branch, changes,
                        where);
    return k;
  }
  std::optional<std::string> tip = repo_.branch_commit(a.start_branch);
  if (tip != a.base) {
    k.why = fmt::format("{} moved from {} to {} during the attempt; {}", a.start_branch, short12(a.base),
                        tip ? short12(*tip) : std::string("nowhere (deleted)"), where);
    return k;
  }
  std::string blocked = repo_.checkout_can_move(a.base, commit);
  if (!blocked.empty()) {
    k.why = fmt::format("the checkout's files cannot move to it: {}; {}", blocked, where);
    return k;
  }
  if (!repo_.move_branch(a.start_branch, commit, a.base)) {
    k.why = fmt::format("{} moved during the keep; {}", a.start_branch, where);
    return k;
  }
  fault::point("branch");
  repo_.checkout_move(a.base, commit);
  fault::point("checkout");
  // The attempt's worktree, built and verified, stays as the kept commit's checkout (the same
  // tree): the next attempt's base is not built again.
  if (a.collected.empty() || !repo_.adopt_worktree(a.worktree, a.collected, commit)) repo_.remove_worktree(a.worktree);
  repo_.delete_branch(a.branch, commit);
  k.applied = true;
  k.branch = a.start_branch;
  return k;
}

Keep Workspace::finish_keep(Attempt& a, const std::string& commit) {
  std::optional<std::string> tip = repo_.branch_commit(a.start_branch);
  if (tip && repo_.is_ancestor(commit, *tip)) {
    // The branch moved; were the checkout's files left behind (killed before they moved)?
    Keep k;
    k.commit = commit;
    k.branch = a.start_branch;
    k.applied = true;
    if (repo_.checkout_branch() == a.start_branch && *tip == commit && repo_.index_matches(a.base) &&
        !repo_.index_matches(commit))
      repo_.checkout_move(a.base, commit);
    repo_.remove_worktree(a.worktree);
    if (std::optional<std::string> mine = repo_.branch_commit(a.branch)) repo_.delete_branch(a.branch, *mine);
    return k;
  }
  // Not kept yet: the commit onto the attempt's branch (hone's own), then keep as usual.
  std::optional<std::string> mine = repo_.branch_commit(a.branch);
  if (!mine)
    a.branch = new_branch(a.branch, commit);
  else if (*mine != commit && !repo_.move_branch(a.branch, commit, *mine))
    a.branch = new_branch(a.branch + "-verified", commit);
  a.head = commit;
  Keep k = apply(a, commit);
  if (!k.applied) repo_.remove_worktree(a.worktree);
  return k;
}

std::string Workspace::park(Attempt& a, const std::string& slow_name) {
  repo_.remove_worktree(a.worktree);
  std::string slow;
  // Parked before (a hone killed while parking): the branch at this very commit is it.
  for (int i = 1; i <= kMaxSuffix && slow.empty(); ++i) {
    std::string n = i == 1 ? slow_name : fmt::format("{}-{}", slow_name, i);
    std::optional<std::string> at = repo_.branch_commit(n);
    if (!at) break;
    if (*at == a.head) slow = n;
  }
  if (slow.empty()) slow = new_branch(slow_name, a.head);
  fault::point("park");
  if (slow != a.branch) repo_.delete_branch(a.branch, a.head);
  a.branch = slow;
  return slow;
}

std::string Workspace::abandon(Attempt& a, const std::string& parked_name, const std::string& message) {
  std::string why = repo_.check_worktree(a.worktree);
  if (why.empty()) {
    collect(a, message);
  } else {
    // A folder that is there but no longer the repository's may hold the only copy of the work.
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(a.worktree, ec)))
      fail("{}; nothing was staged or committed", why);
    if (std::optional<std::string> at = repo_.branch_commit(a.branch)) a.head = *at;
  }
  if (a.head == a.base) {
    discard(a);
    return "";
  }
  return park(a, parked_name);
}

void Workspace::discard(Attempt& a) {
  repo_.remove_worktree(a.worktree);
  if (a.branch.empty()) return;
  if (std::optional<std::string> at = repo_.branch_commit(a.branch)) repo_.delete_branch(a.branch, *at);
}

}  // namespace hone::git
