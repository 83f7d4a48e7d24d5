#include "loop/candidates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.h"

namespace hone::loop {
namespace {

using ::testing::HasSubstr;

CandidateRecord cand(int64_t id, double priority, std::string status = "approved", int64_t builds_on = 0) {
  CandidateRecord c;
  c.id = id;
  c.name = "c" + std::to_string(id);
  c.slug = c.name;
  c.priority = priority;
  c.status = std::move(status);
  c.builds_on = builds_on;
  return c;
}

std::vector<int64_t> ids(const std::vector<CandidateRecord>& v) {
  std::vector<int64_t> out;
  for (const auto& c : v) out.push_back(c.id);
  return out;
}

TEST(RunOrder, PriorityThenFoundationFirst) {
  // #1 builds on #3, which has the lowest priority: #3 must come before #1 anyway.
  std::vector<CandidateRecord> all = {cand(1, 1, "approved", 3), cand(2, 2), cand(3, 3)};
  EXPECT_EQ(ids(run_order(all)), (std::vector<int64_t>{3, 1, 2}));
}

TEST(RunOrder, CycleAndDanglingBuildsOnAreErrors) {
  std::vector<CandidateRecord> cycle = {cand(1, 1, "approved", 2), cand(2, 2, "approved", 1)};
  try {
    run_order(cycle);
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("cycle"));
  }
  EXPECT_THROW(run_order({cand(1, 1, "approved", 9)}), Error);
}

TEST(NextRunnable, OnlyApprovedWithKeptFoundation) {
  std::vector<CandidateRecord> all = {cand(1, 1, "proposed"), cand(2, 2, "approved", 1), cand(3, 3)};
  EXPECT_EQ(next_runnable(all)->id, 3);  // #1 unapproved, #2 waits for #1
  EXPECT_THAT(not_runnable_reason(all[0], all), HasSubstr("not approved"));
  EXPECT_THAT(not_runnable_reason(all[1], all), HasSubstr("builds on #1"));
  all[0].status = "kept";
  EXPECT_EQ(next_runnable(all)->id, 2);
  all[1].status = "slow";
  all[2].status = "dropped";
  EXPECT_FALSE(next_runnable(all));
}

TEST(PriorityBefore, LandsBetweenNeighbours) {
  std::vector<CandidateRecord> all = {cand(1, 1), cand(2, 2), cand(3, 3)};
  all[2].priority = priority_before(all, 2);
  EXPECT_EQ(ids(run_order(all)), (std::vector<int64_t>{1, 3, 2}));
  all[1].priority = priority_before(all, 1);
  EXPECT_EQ(ids(run_order(all)), (std::vector<int64_t>{2, 1, 3}));
  EXPECT_THROW(priority_before(all, 7), Error);
}

TEST(PriorityBefore, AheadOfWhatPullsTheTargetEarly) {
  // #1 builds on #2, so #2 runs first; moving #3 before #2 must put it ahead of both.
  std::vector<CandidateRecord> all = {cand(1, 1, "approved", 2), cand(2, 2), cand(3, 3)};
  all[2].priority = priority_before(all, 2);
  EXPECT_EQ(ids(run_order(all)), (std::vector<int64_t>{3, 2, 1}));
}

TEST(Complexity, Validated) {
  EXPECT_EQ(check_complexity("Low"), "low");
  EXPECT_EQ(check_complexity(""), "");
  EXPECT_THROW(check_complexity("huge"), Error);
}

TEST(CandidatesMarkdown, ProcedureFormat) {
  CandidateRecord a = cand(1, 1);
  a.name = "Compact spans";
  a.current = "112-byte spans";
  a.proposed = "24-byte spans";
  a.gain = "1.3x";
  a.complexity = "medium";
  a.risk = "index overflow";
  CandidateRecord b = cand(2, 2, "proposed", 1);
  b.name = "Cursor cache";
  std::string md = candidates_markdown({a, b});
  EXPECT_THAT(md, HasSubstr("### 1. Compact spans (Foundation) — approved\n- **Current**: 112-byte spans\n"
                            "- **Proposed**: 24-byte spans\n- **Expected gain**: 1.3x\n- **Complexity**: medium\n"
                            "- **Risk**: index overflow\n"));
  EXPECT_THAT(md, HasSubstr("### 2. Cursor cache (Builds on #1) — proposed"));
  // Foundation means others build on it: a lone candidate is neither.
  CandidateRecord lone = cand(3, 3);
  lone.name = "Arena";
  EXPECT_THAT(candidates_markdown({a, b, lone}), HasSubstr("### 3. Arena — approved\n"));
  EXPECT_THAT(candidates_markdown({a}), HasSubstr("### 1. Compact spans — approved\n"));
}

}  // namespace
}  // namespace hone::loop

namespace hone::loop {
namespace {

TEST(CandidateJson, EveryFieldAndWhyItCannotRun) {
  std::vector<CandidateRecord> all = {cand(1, 1, "proposed"), cand(2, 2, "approved", 1)};
  all[0].plan = "first\nsecond\n";
  nlohmann::json j = candidate_json(all[0], all);
  EXPECT_EQ(j["plan"], nlohmann::json({"first", "second"}));
  EXPECT_TRUE(j["builds_on"].is_null());
  EXPECT_FALSE(j["runnable"].get<bool>());
  EXPECT_THAT(j["blocked_by"].get<std::string>(), HasSubstr("not approved yet"));
  nlohmann::json k = candidate_json(all[1], all);
  EXPECT_EQ(k["builds_on"], 1);
  EXPECT_THAT(k["blocked_by"].get<std::string>(), HasSubstr("builds on #1"));
  all[0].status = "kept";
  EXPECT_TRUE(candidate_json(all[1], all)["runnable"].get<bool>());
  EXPECT_TRUE(candidate_json(all[1], all)["blocked_by"].is_null());
  EXPECT_THAT(candidate_json(all[0], all)["blocked_by"].get<std::string>(), HasSubstr("kept"));
}

TEST(CandidateJson, ListInRunOrderAndAttempts) {
  std::vector<CandidateRecord> all = {cand(1, 1, "approved", 2), cand(2, 2)};
  nlohmann::json list = candidate_list_json(all);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["id"], 2);
  ExperimentRecord e;
  e.id = 3;
  e.candidate_id = 2;
  e.stage = Stage::agent;
  nlohmann::json show = candidate_show_json(all[1], all, {e});
  ASSERT_EQ(show["attempts"].size(), 1u);
  EXPECT_TRUE(show["attempts"][0]["outcome"].is_null());
  EXPECT_TRUE(show["attempts"][0]["run_id"].is_null());
  EXPECT_EQ(show["attempts"][0]["stage"], "agent");
}

}  // namespace
}  // namespace hone::loop
