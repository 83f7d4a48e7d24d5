#include "git/workspace.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "git/fake_repo.h"
#include "util/error.h"

namespace hone::git {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

class WorkspaceTest : public ::testing::Test {
 protected:
  FakeRepo repo;
  Workspace ws{repo, "perf"};
  std::function<void(const std::string&)> record = [this](const std::string& c) { recorded = c; };
  std::string recorded;

  // An attempt whose agent changed something, collected: its branch holds one commit on c0.
  Attempt collected(const std::string& name = "hone/x") {
    Attempt a = ws.start(name, "/repo/.hone/worktrees/x", "c0", "main");
    repo.worktrees.at(a.worktree).changed = true;
    ws.collect(a, "hone: attempt");
    return a;
  }
};

TEST_F(WorkspaceTest, StartBranchIsTheCheckoutsRealBranch) {
  repo.branches["master"] = "c0";
  repo.branches.erase("main");
  repo.on = "master";
  EXPECT_EQ(ws.start_branch(), "master");
}

TEST_F(WorkspaceTest, StartBranchRefusesDetachedOrDirty) {
  repo.on = std::nullopt;
  EXPECT_THAT(error_of([&] { ws.start_branch(); }), HasSubstr("detached HEAD"));
  repo.on = "main";
  repo.dirty = " M src/a.cc";
  EXPECT_THAT(error_of([&] { ws.start_branch(); }), HasSubstr("uncommitted changes"));
}

TEST_F(WorkspaceTest, ATakenBranchNameGetsASuffixAndIsNeverMoved) {
  repo.branches["hone/x"] = "user1";
  repo.branches["hone/x-2"] = "user2";
  Attempt a = ws.start("hone/x", "/wt", "c0", "main");
  EXPECT_EQ(a.branch, "hone/x-3");
  EXPECT_EQ(repo.branches["hone/x"], "user1");
  EXPECT_EQ(repo.branches["hone/x-2"], "user2");
  EXPECT_EQ(repo.branches["hone/x-3"], "c0");
}

TEST_F(WorkspaceTest, AnEmptyPrefixNeverTakesTheUsersBranch) {
  Attempt a = ws.start("main", "/wt", "c0", "main");
  EXPECT_EQ(a.branch, "main-2");
  EXPECT_EQ(repo.branches["main"], "c0");
}

TEST_F(WorkspaceTest, CollectRefusesAWorktreeWhoseGitWasReplaced) {
  Attempt a = ws.start("hone/x", "/wt", "c0", "main");
  repo.worktrees.at("/wt").changed = true;
  repo.worktrees.at("/wt").tampered = "the worktree's .git (/wt/.git) is now a folder";
  EXPECT_THAT(error_of([&] { ws.collect(a, "m"); }), HasSubstr("nothing was staged or committed"));
  EXPECT_EQ(repo.branches["hone/x"], "c0");
  EXPECT_EQ(repo.branches["main"], "c0");
}

TEST_F(WorkspaceTest, KeepMovesTheStartBranchAndTheCheckoutAndCleansUp) {
  Attempt a = collected();
  Keep k = ws.keep(a, "msg", record);
  EXPECT_TRUE(k.applied) << k.why;
  EXPECT_EQ(k.branch, "main");
  EXPECT_EQ(recorded, k.commit);
  EXPECT_EQ(repo.branches["main"], k.commit);
  EXPECT_EQ(repo.index, k.commit);
  EXPECT_EQ(repo.parent[k.commit], "c0");
  EXPECT_FALSE(repo.branches.count("hone/x"));
  EXPECT_THAT(repo.worktrees, IsEmpty());
}

TEST_F(WorkspaceTest, KeepLeavesTheVerifiedWorktreeAsTheKeptCommitsCheckout) {
  repo.adopt = true;
  Attempt a = collected();
  std::string verified = a.head;
  Keep k = ws.keep(a, "msg", record);
  EXPECT_TRUE(k.applied) << k.why;
  // Adopted, built at the collected commit, as the kept one: not removed, its branch gone.
  EXPECT_THAT(repo.log,
              Contains(fmt::format("worktree adopt {} built at {} as {}", a.worktree.string(), verified, k.commit)));
  EXPECT_THAT(repo.log, Not(Contains(fmt::format("worktree remove {}", a.worktree.string()))));
  EXPECT_FALSE(repo.branches.count("hone/x"));
}

TEST_F(WorkspaceTest, KeepRefusesWhenTheCheckoutSwitchedBranch) {
  Attempt a = collected();
  repo.branches["feature"] = "c0";
  repo.on = "feature";
  Keep k = ws.keep(a, "msg", record);
  EXPECT_FALSE(k.applied);
  EXPECT_THAT(k.why, HasSubstr("is on feature now, not on main"));
  EXPECT_THAT(k.why, HasSubstr("stays on branch hone/x"));
  EXPECT_EQ(repo.branches["main"], "c0");
  EXPECT_EQ(repo.branches["feature"], "c0");
  EXPECT_EQ(repo.branches["hone/x"], k.commit);
  EXPECT_EQ(repo.index, "c0");
}

TEST_F(WorkspaceTest, KeepRefusesWhenTheStartBranchMoved) {
  Attempt a = collected();
  repo.branches["main"] = "user";
  repo.index = "user";
  Keep k = ws.keep(a, "msg", record);
  EXPECT_FALSE(k.applied);
  EXPECT_THAT(k.why, HasSubstr("main moved from c0 to user"));
  EXPECT_EQ(repo.branches["main"], "user");
  EXPECT_EQ(repo.branches["hone/x"], k.commit);
}

TEST_F(WorkspaceTest, KeepIsACompareAndSwapAgainstARace) {
  Attempt a = collected();
  int moves = 0;
  repo.before_move = [&] {
    if (++moves == 2) repo.branches["main"] = "racer";  // the user commits between check and swap
  };
  Keep k = ws.keep(a, "msg", record);
  EXPECT_FALSE(k.applied);
  EXPECT_EQ(repo.branches["main"], "racer");
  EXPECT_EQ(repo.index, "c0");
}

TEST_F(WorkspaceTest, KeepRefusesADirtyCheckoutOrOneWhoseFilesCannotMove) {
  Attempt a = collected();
  repo.dirty = " M src/a.cc";
  Keep k = ws.keep(a, "msg", record);
  EXPECT_FALSE(k.applied);
  EXPECT_THAT(k.why, HasSubstr("uncommitted changes"));
  EXPECT_EQ(repo.branches["main"], "c0");

  repo.dirty.clear();
  Attempt b = collected("hone/y");
  repo.blocked = "untracked working tree file 'secret.env' would be overwritten";
  k = ws.keep(b, "msg", record);
  EXPECT_FALSE(k.applied);
  EXPECT_THAT(k.why, HasSubstr("secret.env"));
  EXPECT_EQ(repo.branches["main"], "c0");
}

TEST_F(WorkspaceTest, FinishKeepBringsTheCheckoutAlongAfterACrashBetweenRefAndFiles) {
  Attempt a = collected();
  std::string commit = repo.commit_tree(a.head, "c0", "msg");
  repo.branches["hone/x"] = commit;
  repo.branches["main"] = commit;  // the branch moved, the files did not
  Keep k = ws.finish_keep(a, commit);
  EXPECT_TRUE(k.applied);
  EXPECT_EQ(repo.index, commit);
  EXPECT_FALSE(repo.branches.count("hone/x"));
  EXPECT_EQ(ws.start_branch(), "main");  // clean again
}

TEST_F(WorkspaceTest, FinishKeepOfARecordedCommitKeepsIt) {
  Attempt a = collected();
  std::string commit = repo.commit_tree(a.head, "c0", "msg");  // killed right after writing it
  Keep k = ws.finish_keep(a, commit);
  EXPECT_TRUE(k.applied) << k.why;
  EXPECT_EQ(repo.branches["main"], commit);
  EXPECT_EQ(repo.index, commit);
}

TEST_F(WorkspaceTest, FinishKeepThatCannotApplyLeavesTheCommitOnABranch) {
  Attempt a = collected();
  std::string commit = repo.commit_tree(a.head, "c0", "msg");
  repo.on = std::nullopt;
  repo.detached_at = "c0";
  Keep k = ws.finish_keep(a, commit);
  EXPECT_FALSE(k.applied);
  EXPECT_EQ(repo.branches[k.branch], commit);
  EXPECT_EQ(repo.branches["main"], "c0");
}

TEST_F(WorkspaceTest, ParkNeverOverwritesAnExistingSlowBranchAndParksOnce) {
  repo.branches["hone/slow-x"] = "user";
  Attempt a = collected();
  std::string head = a.head;
  Attempt again = a;
  EXPECT_EQ(ws.park(a, "hone/slow-x"), "hone/slow-x-2");
  EXPECT_EQ(repo.branches["hone/slow-x"], "user");
  EXPECT_EQ(repo.branches["hone/slow-x-2"], head);
  EXPECT_FALSE(repo.branches.count("hone/x"));
  // A hone killed while parking parks again on recovery: the same branch, no copy.
  EXPECT_EQ(ws.park(again, "hone/slow-x"), "hone/slow-x-2");
  EXPECT_FALSE(repo.branches.count("hone/slow-x-3"));
}

TEST_F(WorkspaceTest, DiscardRemovesOnlyTheAttemptsOwnBranch) {
  Attempt a = collected();
  ws.discard(a);
  EXPECT_FALSE(repo.branches.count("hone/x"));
  EXPECT_EQ(repo.branches["main"], "c0");
  EXPECT_THAT(repo.worktrees, IsEmpty());
}

TEST_F(WorkspaceTest, AbandonCommitsWhatTheWorktreeHoldsAndParksItOnANewBranch) {
  repo.branches["hone/abandoned-x"] = "user";
  Attempt a = ws.start("hone/x", "/repo/.hone/worktrees/x", "c0", "main");
  repo.worktrees.at(a.worktree).changed = true;
  EXPECT_EQ(ws.abandon(a, "hone/abandoned-x", "hone: abandoned"), "hone/abandoned-x-2");
  EXPECT_EQ(repo.branches["hone/abandoned-x"], "user");  // never moved
  EXPECT_EQ(repo.branches["hone/abandoned-x-2"], a.head);
  EXPECT_NE(a.head, "c0");
  EXPECT_EQ(repo.parent[a.head], "c0");
  EXPECT_FALSE(repo.branches.count("hone/x"));
  EXPECT_EQ(repo.branches["main"], "c0");
  EXPECT_THAT(repo.worktrees, IsEmpty());
}

TEST_F(WorkspaceTest, AbandonOfAnAttemptThatChangedNothingParksNothing) {
  Attempt a = ws.start("hone/x", "/repo/.hone/worktrees/x", "c0", "main");
  EXPECT_EQ(ws.abandon(a, "hone/abandoned-x", "hone: abandoned"), "");
  EXPECT_FALSE(repo.branches.count("hone/x"));
  EXPECT_FALSE(repo.branches.count("hone/abandoned-x"));
  EXPECT_THAT(repo.worktrees, IsEmpty());
}

TEST_F(WorkspaceTest, AbandonWithTheWorktreeGoneParksTheBranchsCommit) {
  Attempt a = collected();
  std::string head = a.head;
  repo.worktrees.clear();  // deleted by hand (no such folder on disk either)
  a.head = "c0";           // as an old record might say
  EXPECT_EQ(ws.abandon(a, "hone/abandoned-x", "hone: abandoned"), "hone/abandoned-x");
  EXPECT_EQ(repo.branches["hone/abandoned-x"], head);
  EXPECT_FALSE(repo.branches.count("hone/x"));
}

TEST_F(WorkspaceTest, AbandonRefusesAWorktreeNoLongerTheRepositorysAndTouchesNothing) {
  char dir[] = "/tmp/hone-workspace-XXXXXX";  // the folder is there: its files may be the only copy
  ASSERT_NE(mkdtemp(dir), nullptr);
  Attempt a = ws.start("hone/x", dir, "c0", "main");
  repo.worktrees.at(a.worktree).changed = true;
  repo.worktrees.at(a.worktree).tampered = "its .git is a folder: a repository of its own";
  size_t before = repo.log.size();
  EXPECT_THAT(error_of([&] { ws.abandon(a, "hone/abandoned-x", "hone: abandoned"); }),
              HasSubstr("its .git is a folder"));
  EXPECT_EQ(repo.log.size(), before);
  EXPECT_EQ(repo.branches["hone/x"], "c0");
  EXPECT_TRUE(repo.worktrees.count(a.worktree));
  rmdir(dir);
}

}  // namespace
}  // namespace hone::git
