#include "loop/checklist.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hone::loop {
namespace {

using ::testing::HasSubstr;

CandidateRecord cand(int64_t id, std::string status) {
  CandidateRecord c;
  c.id = id;
  c.name = "c" + std::to_string(id);
  c.priority = static_cast<double>(id);
  c.status = std::move(status);
  return c;
}

TEST(Checklist, NextStepFollowsTheProcedure) {
  StatusFacts f;
  f.config_file = "hone.toml";
  EXPECT_THAT(checklist(f).next, HasSubstr("[criteria] done in hone.toml"));
  f.criteria = 2;
  EXPECT_THAT(checklist(f).next, HasSubstr("hone baseline"));
  f.baseline = true;
  EXPECT_THAT(checklist(f).next, HasSubstr("hone profile"));
  f.profiled = true;
  EXPECT_THAT(checklist(f).next, HasSubstr("hone candidate add"));
  f.candidates = {cand(1, "proposed")};
  EXPECT_THAT(checklist(f).next, HasSubstr("hone candidate approve"));
  f.candidates = {cand(1, "approved"), cand(2, "proposed")};
  EXPECT_THAT(checklist(f).next, HasSubstr("hone run --next` (#1 c1)"));
  f.candidates = {cand(1, "slow")};
  EXPECT_THAT(checklist(f).next, HasSubstr("hone report"));
  f.incomplete_report = true;
  EXPECT_THAT(checklist(f).next, HasSubstr("the driver decides"));
  f.final_report = true;
  EXPECT_EQ(checklist(f).next, "done: the final report is in the worklog");
}

TEST(Checklist, BoxesComeFromTheLastAttempt) {
  StatusFacts f;
  f.criteria = 1;
  f.candidates = {cand(1, "kept"), cand(2, "proposed")};
  ExperimentRecord e;
  e.id = 3;
  e.candidate_id = 1;
  e.stage = Stage::done;
  e.outcome = Outcome::kept;
  e.run_id = 7;
  f.last_attempt = e;
  Checklist c = checklist(f);
  std::string text = render_checklist(c);
  EXPECT_THAT(text, HasSubstr("- [x] Done criteria received from driver  (1 in [criteria] done)\n"));
  EXPECT_THAT(text, HasSubstr("- [x] Driver approved the list  (1 proposed awaiting approval)\n"));
  EXPECT_THAT(text, HasSubstr("For Each Optimization (last attempt: #1 attempt 3, kept)\n"));
  EXPECT_THAT(text, HasSubstr("- [x] Commit message includes numbers\n"));
  EXPECT_THAT(text, HasSubstr("- [ ] Final benchmarks match done criteria\n"));

  f.last_attempt->stage = Stage::verifying;
  f.last_attempt->outcome = Outcome::none;
  f.last_attempt->run_id = 0;
  text = render_checklist(checklist(f));
  EXPECT_THAT(text, HasSubstr("(last attempt: #1 attempt 3, verifying)"));
  EXPECT_THAT(text, HasSubstr("- [ ] Results verified by parent agent"));
  EXPECT_THAT(text, HasSubstr("- [ ] Worklog updated"));
}

TEST(Checklist, AnOpenAttemptComesFirstAndSaysWhyTheLastFinishFailed) {
  StatusFacts f;
  f.criteria = 1;
  f.candidates = {cand(1, "approved")};
  ExperimentRecord e;
  e.id = 2;
  e.candidate_id = 1;
  e.mode = "human";
  e.stage = Stage::human;
  e.worktree = "/r/.hone/worktrees/x";
  f.last_attempt = e;
  Checklist c = checklist(f);
  EXPECT_EQ(c.last_attempt, ": #1 attempt 2, open (hone try)");
  EXPECT_EQ(c.next, "attempt 2 is open in /r/.hone/worktrees/x: `hone finish` it, or end it with `hone abandon`");
  EXPECT_EQ(c.next_command, "hone finish");
  f.last_attempt->data["finish_failure"] = "the tests failed: `make test` exited with status 1\n  FAIL x";
  EXPECT_EQ(checklist(f).next,
            "attempt 2 is open in /r/.hone/worktrees/x: the last `hone finish` failed (the tests failed: `make test` "
            "exited with status 1); fix it, then `hone finish` it, or end it with `hone abandon`");
}

}  // namespace
}  // namespace hone::loop

namespace hone::loop {
namespace {

TEST(StatusJson, BoxesByKeyCountsAndTheNextCommand) {
  StatusFacts f;
  f.config_file = "hone.toml";
  f.criteria = 1;
  f.candidates = {cand(1, "proposed"), cand(2, "approved")};
  nlohmann::json j = status_json(f);
  EXPECT_EQ(j["before_starting"][1]["key"], "baseline");
  EXPECT_FALSE(j["before_starting"][1]["done"].get<bool>());
  EXPECT_EQ(j["next_command"], "hone baseline");
  EXPECT_EQ(j["candidates"]["proposed"], 1);
  EXPECT_EQ(j["candidates"]["kept"], 0);
  EXPECT_TRUE(j["last_attempt"].is_null());
  f.criteria = 0;
  EXPECT_TRUE(status_json(f)["next_command"].is_null());  // editing hone.toml is no hone command
}

}  // namespace
}  // namespace hone::loop
