#include "loop/housekeeping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "git/fake_repo.h"
#include "util/error.h"

namespace hone::loop {
namespace {

using ::testing::HasSubstr;

class AbandonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "hone-housekeeping-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    store_.emplace(Store::open(dir_ / "hone.db"));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // A `hone try` attempt at a new candidate, its worktree and branch made as prepare_attempt does.
  ExperimentRecord open_attempt(bool changed) {
    CandidateRecord c;
    c.name = "Range tests";
    c.slug = "range-tests";
    c.status = "approved";
    int64_t cid = store_->add_candidate(c);
    git::Attempt a = ws_.start("hone/range-tests", "/repo/.hone/worktrees/range-tests", "c0", "main");
    repo_.worktrees.at(a.worktree).changed = changed;
    ExperimentRecord e;
    e.candidate_id = cid;
    e.mode = "human";
    e.stage = Stage::human;
    e.branch = a.branch;
    e.worktree = a.worktree.string();
    e.base_commit = "c0";
    e.data["start_branch"] = "main";
    e.id = store_->begin_experiment(e);
    return e;
  }

  std::filesystem::path dir_;
  std::optional<Store> store_;
  git::FakeRepo repo_;
  git::Workspace ws_{repo_, "perf"};
};

TEST_F(AbandonTest, ParksTheWorkRecordsTheAttemptAndLeavesTheCandidateApproved) {
  ExperimentRecord e = open_attempt(true);
  Abandoned a = abandon(*store_, ws_, "hone/");
  EXPECT_EQ(a.attempt, e.id);
  EXPECT_EQ(a.branch, "hone/abandoned-range-tests");
  EXPECT_EQ(repo_.branches.at(a.branch), a.commit);
  EXPECT_EQ(a.start, "main");
  EXPECT_EQ(repo_.branches.at("main"), "c0");
  ExperimentRecord after = store_->experiments().back();
  EXPECT_EQ(after.stage, Stage::done);
  EXPECT_EQ(after.outcome, Outcome::abandoned);
  EXPECT_EQ(after.branch, a.branch);
  EXPECT_THAT(after.reason, HasSubstr("on branch hone/abandoned-range-tests"));
  EXPECT_EQ(store_->get_candidate(e.candidate_id)->status, "approved");
  EXPECT_THAT(store_->events().back().body, HasSubstr("Status: ABANDONED"));
  // Nothing is open any more.
  EXPECT_THROW(abandon(*store_, ws_, "hone/"), Error);
}

TEST_F(AbandonTest, AnAttemptThatChangedNothingParksNothing) {
  open_attempt(false);
  Abandoned a = abandon(*store_, ws_, "hone/");
  EXPECT_EQ(a.branch, "");
  EXPECT_EQ(a.commit, "");
  EXPECT_FALSE(repo_.branches.count("hone/range-tests"));
  EXPECT_EQ(store_->experiments().back().outcome, Outcome::abandoned);
}

TEST_F(AbandonTest, NoOpenAttemptIsAnError) {
  try {
    abandon(*store_, ws_, "hone/");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("no attempt is open"));
  }
}

}  // namespace
}  // namespace hone::loop
