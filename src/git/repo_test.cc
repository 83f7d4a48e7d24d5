// GitRepo and the workspace against real git: the rules of workspace.h where only git can
// break them (a worktree whose .git was replaced, refs moved behind hone's back, untracked files
// in the user's checkout).
#include "git/repo.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "git/workspace.h"
#include "measure/runner.h"
#include "util/error.h"

namespace hone::git {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

class RepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hone-repo-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = fs::canonical(tmpl);
    top_ = root_ / "repo";
    fs::create_directories(top_);
    sh(top_, {"init", "-q", "-b", "master"});
    spit(top_ / "a.txt", "one\n");
    spit(top_ / ".gitignore", ".hone/\n");
    sh(top_, {"add", "-A"});
    sh(top_, {"commit", "-q", "-m", "first"});
    base_ = sh(top_, {"rev-parse", "HEAD"});
    repo_ = std::make_unique<GitRepo>(top_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // git run by the test itself (as the user or an agent would), by discovery from dir.
  static std::string sh(const fs::path& dir, std::vector<std::string> args) {
    CommandSpec cmd;
    cmd.argv = {"git", "-c", "commit.gpgsign=false", "-c", "user.name=T", "-c", "user.email=t@x"};
    cmd.argv.insert(cmd.argv.end(), args.begin(), args.end());
    cmd.dir = dir.string();
    RunOptions opts;
    opts.capture_stdout = true;
    ProcessRunner runner;
    RunOutcome r = runner.run(cmd, opts);
    EXPECT_TRUE(r.ok()) << r.stderr_tail;
    return trim(r.stdout_text);
  }

  fs::path root_, top_;
  std::string base_;
  std::unique_ptr<GitRepo> repo_;
};

TEST_F(RepoTest, AWorktreeWhoseGitWasReplacedIsRefusedAndTheUsersFilesStayOut) {
  spit(top_ / "secret.env", "API_KEY=x\n");
  Workspace ws(*repo_, "perf");
  fs::path wt = top_ / ".hone" / "worktrees" / "x";
  Attempt a = ws.start("hone/x", wt, base_, ws.start_branch());
  spit(wt / "a.txt", "faster\n");
  fs::remove_all(wt / ".git");
  sh(wt, {"init", "-q"});  // the agent's "clean up"
  EXPECT_THAT(repo_->check_worktree(wt), HasSubstr("is now a folder"));
  std::string err;
  try {
    ws.collect(a, "m");
  } catch (const Error& e) {
    err = e.what();
  }
  EXPECT_THAT(err, HasSubstr("nothing was staged or committed"));
  EXPECT_EQ(sh(top_, {"rev-parse", "master"}), base_);
  EXPECT_EQ(sh(top_, {"rev-parse", "hone/x"}), base_);
  EXPECT_EQ(sh(top_, {"status", "--porcelain"}), "?? secret.env");

  fs::remove_all(wt / ".git");  // deleted outright: git would find the user's repository above
  EXPECT_THAT(repo_->check_worktree(wt), HasSubstr("was deleted"));
  EXPECT_THROW(repo_->commit_worktree(wt, "m"), Error);
  EXPECT_EQ(sh(top_, {"status", "--porcelain"}), "?? secret.env");
}

TEST_F(RepoTest, AWorktreeWhoseGitPointsElsewhereIsRefused) {
  Workspace ws(*repo_, "");
  fs::path wt = top_ / ".hone" / "worktrees" / "x";
  ws.start("hone/x", wt, base_, "master");
  EXPECT_EQ(repo_->check_worktree(wt), "");
  spit(wt / ".git", "gitdir: " + (top_ / ".git").string() + "\n");
  EXPECT_THAT(repo_->check_worktree(wt), HasSubstr("not into"));
}

TEST_F(RepoTest, BranchesAreCreatedOnlyWhenAbsentAndMovedOnlyByCompareAndSwap) {
  EXPECT_FALSE(repo_->create_branch("master", base_));
  EXPECT_TRUE(repo_->create_branch("hone/x", base_));
  spit(top_ / "a.txt", "two\n");
  sh(top_, {"commit", "-q", "-am", "second"});
  std::string second = sh(top_, {"rev-parse", "HEAD"});
  EXPECT_FALSE(repo_->move_branch("hone/x", second, second));  // not at `from`
  EXPECT_EQ(repo_->branch_commit("hone/x"), base_);
  EXPECT_TRUE(repo_->move_branch("hone/x", second, base_));
  EXPECT_FALSE(repo_->delete_branch("hone/x", base_));
  EXPECT_TRUE(repo_->delete_branch("hone/x", second));
  EXPECT_FALSE(repo_->branch_commit("hone/x"));
  EXPECT_EQ(repo_->checkout_branch(), "master");
}

TEST_F(RepoTest, KeepMovesMasterAndTheFilesAndRefusesToOverwriteUntrackedFiles) {
  Workspace ws(*repo_, "");
  fs::path wt = top_ / ".hone" / "worktrees" / "x";
  Attempt a = ws.start("hone/x", wt, base_, ws.start_branch());
  spit(wt / "a.txt", "faster\n");
  spit(wt / "new.txt", "new\n");
  ws.collect(a, "attempt");
  spit(top_ / "new.txt", "the user's own, untracked\n");
  std::string recorded;
  Keep k = ws.keep(a, "Faster: by hand", [&](const std::string& c) { recorded = c; });
  EXPECT_FALSE(k.applied);
  EXPECT_THAT(k.why, HasSubstr("new.txt"));
  EXPECT_EQ(sh(top_, {"rev-parse", "master"}), base_);
  EXPECT_EQ(sh(top_, {"rev-parse", "hone/x"}), recorded);
  EXPECT_EQ(sh(top_, {"show", "hone/x:a.txt"}), "faster");

  fs::remove(top_ / "new.txt");
  Attempt again;
  again.start_branch = "master";
  again.base = base_;
  again.branch = "hone/x";
  again.worktree = wt;
  again.head = recorded;
  Keep k2 = ws.finish_keep(again, recorded);
  EXPECT_TRUE(k2.applied) << k2.why;
  EXPECT_EQ(sh(top_, {"rev-parse", "master"}), recorded);
  EXPECT_EQ(sh(top_, {"status", "--porcelain", "--untracked-files=no"}), "");
  EXPECT_EQ(sh(top_, {"log", "-1", "--format=%s"}), "Faster: by hand");
  EXPECT_FALSE(repo_->branch_commit("hone/x"));
}

TEST_F(RepoTest, FinishKeepBringsTheFilesAlongWhenOnlyTheBranchMoved) {
  Workspace ws(*repo_, "");
  fs::path wt = top_ / ".hone" / "worktrees" / "x";
  Attempt a = ws.start("hone/x", wt, base_, ws.start_branch());
  spit(wt / "a.txt", "faster\n");
  ws.collect(a, "attempt");
  std::string c = repo_->commit_tree(a.head, base_, "kept");
  ASSERT_TRUE(repo_->move_branch("master", c, base_));  // killed right after this
  EXPECT_NE(sh(top_, {"status", "--porcelain", "--untracked-files=no"}), "");
  Keep k = ws.finish_keep(a, c);
  EXPECT_TRUE(k.applied);
  EXPECT_EQ(sh(top_, {"status", "--porcelain", "--untracked-files=no"}), "");
  std::ifstream in(top_ / "a.txt");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "faster");
}

TEST_F(RepoTest, ChangesReportModesSizesLinksAndNestedRepositories) {
  Workspace ws(*repo_, "");
  fs::path wt = top_ / ".hone" / "worktrees" / "x";
  Attempt a = ws.start("hone/x", wt, base_, "master");
  spit(wt / "big.bin", std::string(5000, 'x'));
  fs::create_symlink("/etc/passwd", wt / "passwd");
  fs::permissions(wt / "a.txt", fs::perms::owner_exec, fs::perm_options::add);
  fs::create_directories(wt / "vendor" / "dep");
  sh(wt / "vendor" / "dep", {"init", "-q"});
  spit(wt / "vendor" / "dep" / "x", "x\n");
  sh(wt / "vendor" / "dep", {"add", "x"});
  sh(wt / "vendor" / "dep", {"commit", "-q", "-m", "dep"});
  std::string head = ws.collect(a, "attempt");
  std::map<std::string, TreeChange> by;
  for (const TreeChange& t : repo_->changes(base_, head)) by[t.path] = t;
  ASSERT_EQ(by.size(), 4u);
  EXPECT_EQ(by["big.bin"].size, 5000u);
  EXPECT_EQ(by["big.bin"].old_mode, "000000");
  EXPECT_EQ(by["passwd"].new_mode, "120000");
  EXPECT_EQ(by["passwd"].link_target, "/etc/passwd");
  EXPECT_EQ(by["a.txt"].old_mode, "100644");
  EXPECT_EQ(by["a.txt"].new_mode, "100755");
  EXPECT_EQ(by["vendor/dep"].new_mode, "160000");
}

}  // namespace
}  // namespace hone::git

#include "git/lock.h"

namespace hone::git {
namespace {

TEST_F(RepoTest, OneLoopPerRepositoryAlsoWhenTheLockFileIsDeleted) {
  auto first = std::make_unique<LoopLock>(repo_->common(), top_, "run");
  std::string err;
  try {
    LoopLock second(repo_->common(), top_, "run --next");
  } catch (const Error& e) {
    err = e.what();
  }
  EXPECT_THAT(err, HasSubstr("another hone process is running the loop"));
  EXPECT_THAT(err, HasSubstr(fmt::format("pid {}: hone run", getpid())));
  fs::remove(repo_->common() / "hone-loop.lock");
  EXPECT_THROW(LoopLock(repo_->common(), top_, "run"), Error);
  first.reset();
  LoopLock third(repo_->common(), top_, "run");  // released with its holder
}

}  // namespace
}  // namespace hone::git
