#include "git/git.h"
#include "git/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "measure/runner.h"
#include "util/error.h"
#include "util/words.h"

namespace hone::git {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

int count_lines(const fs::path& p) {
  if (!fs::exists(p)) return 0;
  std::string s = slurp(p);
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// Each test gets a fresh folder in /tmp holding `repo` (two commits of a.txt: "one", "two")
// and room beside it for files the builds write, outside any work tree.
class GitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hone-git-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = fs::canonical(tmpl);
    repo_ = root_ / "repo";
    fs::create_directories(repo_);
    run_git(repo_, {"init", "-q"});
    spit(repo_ / "a.txt", "one\n");
    commit("first");
    spit(repo_ / "a.txt", "two\n");
    commit("second");
  }
  void TearDown() override { fs::remove_all(root_); }

  // Runs git in dir for the test's own setup; fails the test on error.
  static std::string run_git(const fs::path& dir, std::vector<std::string> args) {
    CommandSpec cmd;
    cmd.argv = {"git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"};
    cmd.argv.insert(cmd.argv.end(), args.begin(), args.end());
    cmd.dir = dir.string();
    cmd.env = {{"GIT_AUTHOR_NAME", "Test"},
               {"GIT_AUTHOR_EMAIL", "test@example.com"},
               {"GIT_COMMITTER_NAME", "Test"},
               {"GIT_COMMITTER_EMAIL", "test@example.com"}};
    RunOptions opts;
    opts.capture_stdout = true;
    opts.timeout = 60;
    ProcessRunner runner;
    RunOutcome r = runner.run(cmd, opts);
    EXPECT_TRUE(r.ok()) << join_words(cmd.argv) << ": " << r.describe_failure(60) << "\n" << r.stderr_tail;
    std::string out = r.stdout_text;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  std::string git(std::vector<std::string> args) { return run_git(repo_, std::move(args)); }
  void commit(const std::string& message) {
    git({"add", "-A"});
    git({"commit", "-q", "-m", message});
  }
  std::string head(const fs::path& dir) { return run_git(dir, {"rev-parse", "HEAD"}); }
  // A build command that appends a line to `file` beside the repository.
  std::string counting(const std::string& file) { return "sh -c 'echo x >> " + (root_ / file).string() + "'"; }

  fs::path root_, repo_;
};

// --- Queries ---------------------------------------------------------------------------------

TEST_F(GitTest, ResolvesRevisionsToFullCommits) {
  std::string h = resolve(repo_, "HEAD");
  EXPECT_EQ(h, git({"rev-parse", "HEAD"}));
  EXPECT_EQ(h.size(), 40u);
  std::string prev = resolve(repo_, "HEAD~1");
  EXPECT_EQ(prev, git({"rev-parse", "HEAD~1"}));
  EXPECT_NE(prev, h);
  EXPECT_EQ(resolve(repo_, "main"), h);
  EXPECT_EQ(resolve(repo_, h.substr(0, 10)), h);
}

TEST_F(GitTest, BadRevisionErrorNamesItAndCarriesGitsMessage) {
  std::string e = error_of([&] { resolve(repo_, "no-such-branch"); });
  EXPECT_THAT(e, HasSubstr("'no-such-branch'"));
  EXPECT_THAT(e, HasSubstr(repo_.string()));
  EXPECT_THAT(e, HasSubstr("fatal:"));  // git's stderr
  EXPECT_THAT(error_of([&] { resolve(repo_, "HEAD~9"); }), HasSubstr("'HEAD~9'"));
  // A tree is not a commit.
  EXPECT_THAT(error_of([&] { resolve(repo_, "HEAD^{tree}"); }), HasSubstr("cannot resolve"));
}

TEST_F(GitTest, RevisionThatLooksLikeAnOptionIsRejected) {
  std::string e = error_of([&] { resolve(repo_, "--all"); });
  EXPECT_THAT(e, HasSubstr("'--all' is not a revision"));
  EXPECT_THAT(error_of([&] { resolve(repo_, ""); }), HasSubstr("empty revision"));
}

TEST_F(GitTest, ShortIdAndSubject) {
  std::string h = resolve(repo_, "HEAD");
  std::string s = short_id(repo_, h);
  EXPECT_EQ(s.size(), 12u);
  EXPECT_THAT(h, StartsWith(s));
  EXPECT_EQ(subject(repo_, h), "second");
  EXPECT_EQ(subject(repo_, "HEAD~1"), "first");
  EXPECT_THAT(error_of([&] { subject(repo_, "nope"); }), HasSubstr("'nope'"));
}

TEST_F(GitTest, FirstParentLogIsNewestFirstWithSubjects) {
  std::vector<std::pair<std::string, std::string>> log = first_parent_log(repo_, "HEAD");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0], std::make_pair(resolve(repo_, "HEAD"), std::string("second")));
  EXPECT_EQ(log[1], std::make_pair(resolve(repo_, "HEAD~1"), std::string("first")));
  EXPECT_EQ(first_parent_log(repo_, "HEAD", 1).size(), 1u);
  EXPECT_THAT(error_of([&] { first_parent_log(repo_, "nope"); }), HasSubstr("'nope'"));
}

TEST_F(GitTest, ToplevelFromSubfolderAndOutsideARepository) {
  fs::create_directories(repo_ / "x" / "y");
  EXPECT_EQ(toplevel(repo_ / "x" / "y"), repo_);
  EXPECT_EQ(toplevel(repo_), repo_);
  // Keep git from looking above our temporary folder, whatever the machine has there.
  setenv("GIT_CEILING_DIRECTORIES", root_.c_str(), 1);
  fs::create_directories(root_ / "plain");
  EXPECT_EQ(toplevel(root_ / "plain"), std::nullopt);
  unsetenv("GIT_CEILING_DIRECTORIES");
  EXPECT_EQ(toplevel(root_ / "does-not-exist"), std::nullopt);
  EXPECT_EQ(toplevel(repo_ / ".git"), std::nullopt);  // inside .git there is no work tree
}

TEST_F(GitTest, DirtyMeansTrackedFilesChanged) {
  EXPECT_FALSE(is_dirty(repo_));
  spit(repo_ / "new.txt", "untracked\n");
  EXPECT_FALSE(is_dirty(repo_));  // untracked files don't count
  spit(repo_ / "a.txt", "changed\n");
  EXPECT_TRUE(is_dirty(repo_));
  git({"add", "a.txt"});
  EXPECT_TRUE(is_dirty(repo_));  // staged counts too
  EXPECT_THAT(error_of([&] { is_dirty(root_ / "does-not-exist"); }), HasSubstr("does-not-exist"));
}

// --- Checkouts -------------------------------------------------------------------------------

TEST_F(GitTest, WorktreeIsTheRepositoryItself) {
  spit(repo_ / "a.txt", "uncommitted\n");
  Checkout c = checkout(repo_, "WORKTREE");
  EXPECT_TRUE(c.worktree);
  EXPECT_EQ(c.dir, repo_);
  EXPECT_EQ(c.rev, "WORKTREE");
  EXPECT_EQ(c.commit, git({"rev-parse", "HEAD"}));
  EXPECT_FALSE(fs::exists(repo_ / ".hone" / "worktrees"));
}

TEST_F(GitTest, WorktreeOfARepositoryWithoutCommitsHasNoCommit) {
  fs::path fresh = root_ / "fresh";
  fs::create_directories(fresh);
  run_git(fresh, {"init", "-q"});
  Checkout c = checkout(fresh, "WORKTREE");
  EXPECT_TRUE(c.worktree);
  EXPECT_EQ(c.commit, "");
  EXPECT_EQ(c.dir, fresh);
}

TEST_F(GitTest, WorktreeOutsideARepositoryIsAnError) {
  setenv("GIT_CEILING_DIRECTORIES", root_.c_str(), 1);
  fs::create_directories(root_ / "plain");
  std::string e = error_of([&] { checkout(root_ / "plain", "WORKTREE"); });
  unsetenv("GIT_CEILING_DIRECTORIES");
  EXPECT_THAT(e, HasSubstr("not in a git repository"));
}

TEST_F(GitTest, CheckoutCreatesADetachedWorktreeAndReusesIt) {
  std::string prev = git({"rev-parse", "HEAD~1"});
  Checkout c = checkout(repo_, "HEAD~1");
  EXPECT_FALSE(c.worktree);
  EXPECT_EQ(c.rev, "HEAD~1");
  EXPECT_EQ(c.commit, prev);
  EXPECT_EQ(c.dir, repo_ / ".hone" / "worktrees" / prev.substr(0, 12));
  EXPECT_EQ(slurp(c.dir / "a.txt"), "one\n");
  EXPECT_EQ(head(c.dir), prev);
  EXPECT_EQ(run_git(c.dir, {"rev-parse", "--abbrev-ref", "HEAD"}), "HEAD");  // detached
  EXPECT_EQ(slurp(repo_ / "a.txt"), "two\n");                                // the user's tree is untouched

  // Reused, not re-created: a file left in it survives.
  spit(c.dir / "build-output", "keep me\n");
  Checkout again = checkout(repo_, "HEAD~1");
  EXPECT_EQ(again.dir, c.dir);
  EXPECT_EQ(again.commit, prev);
  EXPECT_EQ(slurp(c.dir / "build-output"), "keep me\n");

  // Another name for the same commit shares the worktree.
  EXPECT_EQ(checkout(repo_, prev).dir, c.dir);
  EXPECT_NE(checkout(repo_, "HEAD").dir, c.dir);
}

TEST_F(GitTest, CheckoutUndoesAnEditMadeInsideTheCache) {
  // A tracked file edited in a reused revision checkout would be measured as the commit: the
  // next checkout puts the commit back (and keeps the build's untracked outputs).
  std::string prev = git({"rev-parse", "HEAD~1"});
  Checkout c = checkout(repo_, "HEAD~1");
  spit(c.dir / "build-output", "keep me\n");
  spit(c.dir / "a.txt", "edited\n");
  Checkout again = checkout(repo_, "HEAD~1");
  EXPECT_EQ(again.dir, c.dir);
  EXPECT_EQ(head(again.dir), prev);
  EXPECT_EQ(slurp(again.dir / "a.txt"), "one\n");
  EXPECT_EQ(slurp(again.dir / "build-output"), "keep me\n");
}

TEST_F(GitTest, CheckoutOfABadRevisionNamesIt) {
  std::string e = error_of([&] { checkout(repo_, "v9.9"); });
  EXPECT_THAT(e, HasSubstr("'v9.9'"));
  EXPECT_FALSE(fs::exists(repo_ / ".hone" / "worktrees"));
}

TEST_F(GitTest, HoneFolderKeepsGitStatusClean) {
  Checkout c = checkout(repo_, "HEAD~1");
  build(c, counting("count"), repo_, "");
  EXPECT_EQ(slurp(repo_ / ".hone" / ".gitignore").find('*') != std::string::npos, true);
  EXPECT_EQ(git({"status", "--porcelain", "--untracked-files=all"}), "");
  EXPECT_FALSE(is_dirty(repo_));
}

TEST_F(GitTest, HoneFolderMadeBeforeGetsItsGitignore) {
  fs::create_directories(repo_ / ".hone");
  spit(repo_ / ".hone" / "hone.db", "store");
  ensure_hone_dir(repo_);
  EXPECT_EQ(git({"status", "--porcelain", "--untracked-files=all"}), "");
}

TEST_F(GitTest, MovedHeadInsideTheWorktreeIsReset) {
  std::string h = git({"rev-parse", "HEAD"});
  Checkout c = checkout(repo_, "HEAD");
  run_git(c.dir, {"checkout", "-q", "--detach", "HEAD~1"});
  ASSERT_EQ(slurp(c.dir / "a.txt"), "one\n");
  Checkout again = checkout(repo_, "HEAD");
  EXPECT_EQ(again.dir, c.dir);
  EXPECT_EQ(head(c.dir), h);
  EXPECT_EQ(slurp(c.dir / "a.txt"), "two\n");
}

TEST_F(GitTest, WorktreeWithoutItsGitFileIsRecreated) {
  Checkout c = checkout(repo_, "HEAD~1");
  fs::remove(c.dir / ".git");
  spit(c.dir / "a.txt", "garbage\n");
  Checkout again = checkout(repo_, "HEAD~1");
  EXPECT_EQ(again.dir, c.dir);
  EXPECT_EQ(slurp(c.dir / "a.txt"), "one\n");
  EXPECT_EQ(head(c.dir), c.commit);
  EXPECT_EQ(git({"status", "--porcelain", "--untracked-files=all"}), "");
}

TEST_F(GitTest, UnknownFolderInTheWorktreesPlaceIsReplaced) {
  std::string prev = git({"rev-parse", "HEAD~1"});
  fs::path path = repo_ / ".hone" / "worktrees" / prev.substr(0, 12);
  spit(path / "junk.txt", "not a worktree\n");
  Checkout c = checkout(repo_, "HEAD~1");
  EXPECT_EQ(c.dir, path);
  EXPECT_FALSE(fs::exists(path / "junk.txt"));
  EXPECT_EQ(slurp(path / "a.txt"), "one\n");
  EXPECT_EQ(head(path), prev);
}

TEST_F(GitTest, WorktreeDeletedByHandIsRecreated) {
  Checkout c = checkout(repo_, "HEAD~1");
  fs::remove_all(c.dir);  // still registered with git, but missing
  Checkout again = checkout(repo_, "HEAD~1");
  EXPECT_EQ(again.dir, c.dir);
  EXPECT_EQ(slurp(c.dir / "a.txt"), "one\n");
  EXPECT_EQ(head(c.dir), c.commit);
}

TEST_F(GitTest, PruneForgetsWorktreesDeletedByHand) {
  Checkout c = checkout(repo_, "HEAD~1");
  EXPECT_THAT(git({"worktree", "list"}), HasSubstr(c.dir.string()));
  fs::remove_all(c.dir);
  prune(repo_);
  EXPECT_THAT(git({"worktree", "list"}), Not(HasSubstr(c.dir.string())));
}

// --- Builds ----------------------------------------------------------------------------------

TEST_F(GitTest, BuildRunsOnceperCommitAndCommand) {
  Checkout c = checkout(repo_, "HEAD~1");
  build(c, counting("count"), repo_, "");
  EXPECT_EQ(count_lines(root_ / "count"), 1);
  build(c, counting("count"), repo_, "");
  build(checkout(repo_, "HEAD~1"), counting("count"), repo_, "");
  EXPECT_EQ(count_lines(root_ / "count"), 1);  // cached

  build(c, counting("count") + " ", repo_, "");  // another command (text) builds again
  EXPECT_EQ(count_lines(root_ / "count"), 2);
  build(checkout(repo_, "HEAD"), counting("count"), repo_, "");  // another commit too
  EXPECT_EQ(count_lines(root_ / "count"), 3);

  fs::path log = repo_ / ".hone" / "logs" / ("build-" + c.commit.substr(0, 12) + ".log");
  EXPECT_THAT(slurp(log), HasSubstr("echo x"));
}

TEST_F(GitTest, BuildRunsInTheCheckoutAndLogsItsOutput) {
  Checkout c = checkout(repo_, "HEAD~1");
  build(c, "sh -c 'cat a.txt; echo warning: careful >&2'", repo_, "");
  std::string log = slurp(repo_ / ".hone" / "logs" / ("build-" + c.commit.substr(0, 12) + ".log"));
  EXPECT_THAT(log, HasSubstr("one\n"));  // HEAD~1's a.txt, not the user's
  EXPECT_THAT(log, HasSubstr("warning: careful"));
}

TEST_F(GitTest, BuildOfTheWorktreeIsNeverCached) {
  Checkout c = checkout(repo_, "WORKTREE");
  build(c, counting("count"), repo_, "");
  build(c, counting("count"), repo_, "");
  EXPECT_EQ(count_lines(root_ / "count"), 2);
  EXPECT_TRUE(fs::exists(repo_ / ".hone" / "logs" / "build-WORKTREE.log"));
  EXPECT_FALSE(fs::exists(repo_ / ".hone" / "built"));
  EXPECT_EQ(git({"status", "--porcelain", "--untracked-files=all"}), "");
}

TEST_F(GitTest, EmptyBuildCommandDoesNothing) {
  Checkout c = checkout(repo_, "HEAD~1");
  build(c, "  ", repo_, "");
  EXPECT_FALSE(fs::exists(repo_ / ".hone" / "logs"));
}

TEST_F(GitTest, BuildFailureNamesRevisionLogAndTail) {
  Checkout c = checkout(repo_, "HEAD~1");
  std::string short_commit = c.commit.substr(0, 12);
  std::string cmd = "sh -c 'echo compiling a.c; echo \"a.c:1: error: boom\" >&2; echo " + (root_ / "count").string() +
                    " >> " + (root_ / "count").string() + "; exit 2'";
  std::string e = error_of([&] { build(c, cmd, repo_, ""); });
  fs::path log = repo_ / ".hone" / "logs" / ("build-" + short_commit + ".log");
  EXPECT_THAT(e, StartsWith("build of HEAD~1 (" + short_commit + ") failed: `sh -c"));
  EXPECT_THAT(e, HasSubstr("exited with status 2"));
  EXPECT_THAT(e, HasSubstr("log: " + log.string()));
  // The compiler's error is quoted, not the chatter around it (the log has everything).
  EXPECT_THAT(e, HasSubstr("\n  a.c:1: error: boom"));
  EXPECT_THAT(e, Not(HasSubstr("\n  compiling a.c")));
  std::string text = slurp(log);
  EXPECT_THAT(text, HasSubstr("compiling a.c"));
  EXPECT_THAT(text, HasSubstr("a.c:1: error: boom"));

  // A failed build is not cached: the next call tries again.
  error_of([&] { build(c, cmd, repo_, ""); });
  EXPECT_EQ(count_lines(root_ / "count"), 2);
}

TEST(GitErrorLines, QuotesCompilerAndLinkerErrorsNotMakesSummary) {
  std::string out =
      "cc -O2 -c a.c\n"
      "a.c: In function 'f':\n"
      "a.c:3:5: error: 'x' undeclared (first use in this function)\n"
      "    3 |     x = 1;\n"
      "/usr/bin/ld: b.o: in function `g': undefined reference to `h'\n"
      "error[E0308]: mismatched types\n"
      "make: *** [Makefile:4: a.o] Error 1\n";
  EXPECT_EQ(error_lines(out),
            "  a.c:3:5: error: 'x' undeclared (first use in this function)\n"
            "  /usr/bin/ld: b.o: in function `g': undefined reference to `h'\n"
            "  error[E0308]: mismatched types");
  EXPECT_EQ(error_lines("all good\nmake: *** [x] Error 2\n"), "");
  std::string many;
  for (int i = 0; i < 20; ++i) many += "f.c:" + std::to_string(i) + ":1: error: e\n";
  std::string q = error_lines(many, 3);
  EXPECT_EQ(q, "  f.c:0:1: error: e\n  f.c:1:1: error: e\n  f.c:2:1: error: e\n  ...");
}

TEST_F(GitTest, BuildRunsWithTheGivenEnvironmentAndLogsIt) {
  Checkout c = checkout(repo_, "HEAD~1");
  fs::path out = root_ / "env.txt";
  build(c, "sh -c 'echo $HONE_TEST_VAR > " + out.string() + "'", repo_, "", std::nullopt,
        {{"HONE_TEST_VAR", "from-hone"}});
  EXPECT_EQ(slurp(out), "from-hone\n");
  EXPECT_THAT(slurp(repo_ / ".hone" / "logs" / ("build-" + c.commit.substr(0, 12) + ".log")),
              HasSubstr("# HONE_TEST_VAR=from-hone\n"));
}

TEST_F(GitTest, BuildFailureQuotesOnlyTheLastLines) {
  Checkout c = checkout(repo_, "HEAD~1");
  std::string e = error_of([&] { build(c, "sh -c 'seq 1 100; exit 1'", repo_, ""); });
  EXPECT_THAT(e, HasSubstr("\n  100"));
  EXPECT_THAT(e, HasSubstr("\n  81\n"));
  EXPECT_THAT(e, Not(HasSubstr("\n  80\n")));
}

TEST_F(GitTest, BuildCommandThatCannotRunIsAnError) {
  Checkout c = checkout(repo_, "HEAD~1");
  std::string e = error_of([&] { build(c, "no-such-build-tool-xyz all", repo_, ""); });
  EXPECT_THAT(e, HasSubstr("build of HEAD~1"));
  EXPECT_THAT(e, HasSubstr("no-such-build-tool-xyz"));
  EXPECT_THAT(error_of([&] { build(c, "sh -c 'unterminated", repo_, ""); }), HasSubstr("column"));
}

TEST_F(GitTest, BuildRunsInTheProjectSubfolder) {
  spit(repo_ / "proj" / "only-here.txt", "x\n");
  commit("add proj");
  Checkout c = checkout(repo_, "HEAD");
  build(c, "sh -c 'test -f only-here.txt && pwd >> " + (root_ / "pwd").string() + "'", repo_, "proj");
  EXPECT_EQ(fs::canonical(slurp(root_ / "pwd").substr(0, slurp(root_ / "pwd").size() - 1)),
            fs::canonical(c.dir / "proj"));

  // The same command in another folder is another build.
  build(c, counting("count"), repo_, "proj");
  build(c, counting("count"), repo_, "");
  EXPECT_EQ(count_lines(root_ / "count"), 2);

  // A revision from before the project folder existed.
  Checkout old = checkout(repo_, "HEAD~1");
  std::string e = error_of([&] { build(old, counting("count"), repo_, "proj"); });
  EXPECT_THAT(e, HasSubstr("build of HEAD~1"));
  EXPECT_THAT(e, HasSubstr("'proj' does not exist"));
}

TEST_F(GitTest, RecreatedWorktreeIsBuiltAgain) {
  Checkout c = checkout(repo_, "HEAD~1");
  build(c, counting("count"), repo_, "");
  fs::remove_all(c.dir);  // the build output went with it
  build(checkout(repo_, "HEAD~1"), counting("count"), repo_, "");
  EXPECT_EQ(count_lines(root_ / "count"), 2);

  // So is one whose HEAD had moved.
  run_git(c.dir, {"checkout", "-q", "--detach", "HEAD~0"});  // same commit: still cached
  build(checkout(repo_, "HEAD~1"), counting("count"), repo_, "");
  EXPECT_EQ(count_lines(root_ / "count"), 2);
  Checkout h = checkout(repo_, "HEAD");
  build(h, counting("count"), repo_, "");
  run_git(h.dir, {"checkout", "-q", "--detach", "HEAD~1"});
  build(checkout(repo_, "HEAD"), counting("count"), repo_, "");
  EXPECT_EQ(count_lines(root_ / "count"), 4);
}

TEST_F(GitTest, RelativeRepositoryPathWorks) {
  fs::path cwd = fs::current_path();
  fs::current_path(root_);
  Checkout c = checkout("repo", "HEAD~1");
  fs::current_path(cwd);
  EXPECT_EQ(c.dir, repo_ / ".hone" / "worktrees" / c.commit.substr(0, 12));
  EXPECT_EQ(slurp(c.dir / "a.txt"), "one\n");
}

}  // namespace
}  // namespace hone::git
