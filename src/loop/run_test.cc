#include "loop/run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "util/error.h"

namespace hone::loop {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A candidate list and worklog in memory; attempts decide as scripted and record what was asked.
class FakeRunWorld : public RunWorld {
 public:
  std::vector<CandidateRecord> list;
  std::vector<EventRecord> log;
  int64_t experiments = 0;
  std::map<int64_t, std::string> outcome;  // candidate id → kept | rejected | slow (default rejected)
  std::set<int64_t> meets;                 // attempts at these candidates meet the done criteria
  std::set<int64_t> interrupts;            // attempts at these candidates are interrupted
  bool final_measurement_meets = false;
  std::vector<std::string> calls;

  void add(int64_t id, const std::string& status = "approved", double priority = 0) {
    CandidateRecord c;
    c.id = id;
    c.name = "c" + std::to_string(id);
    c.status = status;
    c.priority = priority ? priority : static_cast<double>(id);
    list.push_back(c);
  }

  std::vector<CandidateRecord> candidates() override { return list; }
  CandidateRecord candidate(int64_t id) override {
    for (const CandidateRecord& c : list)
      if (c.id == id) return c;
    fail("there is no candidate {} (see `hone candidate list`)", id);
  }
  bool attempted_before() override { return experiments > 0; }
  std::vector<EventRecord> events() override { return log; }
  AttemptResult attempt(const CandidateRecord& c) override {
    calls.push_back("attempt " + std::to_string(c.id));
    AttemptResult r;
    r.experiment = ++experiments;
    if (interrupts.count(c.id)) {
      r.interrupted = true;
      return r;
    }
    for (CandidateRecord& x : list)
      if (x.id == c.id) x.status = outcome.count(c.id) ? outcome[c.id] : "rejected";
    log.push_back({.kind = "attempt"});
    r.criteria_met = meets.count(c.id) > 0;
    return r;
  }
  Completion complete(std::optional<bool> met) override {
    calls.push_back(met ? "report (met known)" : "final measurement");
    Completion c{.report = "", .met = met ? *met : final_measurement_meets};
    c.report = c.met ? "# Final report\n" : "# Incomplete report\n";
    log.push_back({.kind = c.met ? "final" : "incomplete"});
    return c;
  }
};

using Kind = RunStep::Kind;

// Steps until the run is over; the kinds in order, the last one returned in *last.
std::vector<Kind> run_all(RunDriver& d, RunStep* last = nullptr, std::string* printed = nullptr) {
  std::vector<Kind> kinds;
  for (int i = 0; i < 100; ++i) {
    RunStep s = d.next_step();
    kinds.push_back(s.kind);
    if (printed) *printed += s.text;
    if (s.over) {
      if (last) *last = s;
      return kinds;
    }
  }
  ADD_FAILURE() << "the run did not end";
  return kinds;
}

TEST(RunDriver, OneIdAttemptsThatCandidateOnlyEvenIfNotFirst) {
  FakeRunWorld w;
  w.add(1);
  w.add(2);
  RunDriver d(w, RunMode::one, 2);
  RunStep last;
  std::string printed;
  EXPECT_THAT(run_all(d, &last, &printed), ElementsAre(Kind::attempted, Kind::finished));
  EXPECT_EQ(last.exit_status, Exit::ok);
  EXPECT_EQ(printed, "");
  EXPECT_THAT(w.calls, ElementsAre("attempt 2"));
}

TEST(RunDriver, OneIdThatDoesNotExistIsAnErrorNamingIt) {
  FakeRunWorld w;
  RunDriver d(w, RunMode::one, 7);
  EXPECT_THROW(
      {
        try {
          d.next_step();
        } catch (const Error& e) {
          EXPECT_STREQ(e.what(), "there is no candidate 7 (see `hone candidate list`)");
          throw;
        }
      },
      Error);
}

TEST(RunDriver, OneIdMeetingTheCriteriaWritesTheFinalReport) {
  FakeRunWorld w;
  w.add(3);
  w.meets = {3};
  RunDriver d(w, RunMode::one, 3);
  RunStep s = d.next_step();
  EXPECT_EQ(s.kind, Kind::criteria_met);
  EXPECT_EQ(s.text, "the done criteria are met; writing the final report\n");
  EXPECT_EQ(s.candidate, 3);
  EXPECT_EQ(s.experiment, 1);
  EXPECT_FALSE(s.over);
  EXPECT_THAT(w.calls, ElementsAre("attempt 3"));  // announced before the report is written
  s = d.next_step();
  EXPECT_EQ(s.kind, Kind::report);
  EXPECT_EQ(s.text, "# Final report\n");
  EXPECT_TRUE(s.over);
  EXPECT_EQ(s.exit_status, Exit::ok);
  EXPECT_THAT(w.calls, ElementsAre("attempt 3", "report (met known)"));
}

TEST(RunDriver, NextAttemptsTheFirstRunnableInRunOrderOnce) {
  FakeRunWorld w;
  w.add(1, "proposed");
  w.add(2, "approved", 5);
  w.add(3, "approved", 2);
  RunDriver d(w, RunMode::next);
  RunStep last;
  EXPECT_THAT(run_all(d, &last), ElementsAre(Kind::attempted, Kind::finished));
  EXPECT_EQ(last.exit_status, Exit::ok);
  EXPECT_THAT(w.calls, ElementsAre("attempt 3"));
}

TEST(RunDriver, AllRunsUntilTheCriteriaAreMet) {
  FakeRunWorld w;
  w.add(1);
  w.add(2);
  w.add(3);
  w.outcome = {{1, "rejected"}, {2, "kept"}};
  w.meets = {2};
  RunDriver d(w, RunMode::all);
  RunStep last;
  std::string printed;
  EXPECT_THAT(run_all(d, &last, &printed), ElementsAre(Kind::attempted, Kind::criteria_met, Kind::report));
  EXPECT_EQ(last.exit_status, Exit::ok);
  EXPECT_EQ(printed, "the done criteria are met; writing the final report\n# Final report\n");
  EXPECT_THAT(w.calls, ElementsAre("attempt 1", "attempt 2", "report (met known)"));
}

TEST(RunDriver, AllExhaustedWithAReportAfterTheLastAttemptLetsItStand) {
  for (std::string kind : {"final", "incomplete"}) {
    FakeRunWorld w;
    w.add(1, "rejected");
    w.experiments = 1;
    w.log = {{.kind = "attempt"}, {.kind = kind}, {.kind = "note"}};
    RunDriver d(w, RunMode::all);
    RunStep last;
    EXPECT_THAT(run_all(d, &last), ElementsAre(Kind::report_stands));
    EXPECT_EQ(last.text, "no approved candidate is left to run; the " + kind + " report is in the worklog\n");
    EXPECT_EQ(last.exit_status, kind == "final" ? Exit::ok : Exit::no);
    EXPECT_THAT(w.calls, IsEmpty());
  }
}

TEST(RunDriver, AllExhaustedNeedsTheFinalMeasurementWhenNoReportFollowsTheLastAttempt) {
  for (bool meets : {false, true}) {
    FakeRunWorld w;
    w.add(1);
    w.add(2);
    w.final_measurement_meets = meets;
    // A report from an earlier exhaustion does not stand once an attempt followed it.
    w.log = {{.kind = "incomplete"}};
    RunDriver d(w, RunMode::all);
    RunStep last;
    std::string printed;
    EXPECT_THAT(run_all(d, &last, &printed),
                ElementsAre(Kind::attempted, Kind::attempted, Kind::measuring_final, Kind::report));
    EXPECT_EQ(printed, std::string("no approved candidate is left to run; measuring the final state\n") +
                           (meets ? "# Final report\n" : "# Incomplete report\n"));
    EXPECT_EQ(last.exit_status, meets ? Exit::ok : Exit::no);
    EXPECT_THAT(w.calls, ElementsAre("attempt 1", "attempt 2", "final measurement"));
  }
}

TEST(RunDriver, NextWithNothingLeftAfterEarlierAttemptsEndsTheLoopToo) {
  FakeRunWorld w;
  w.add(1, "kept");
  w.experiments = 1;
  w.log = {{.kind = "attempt"}};
  RunDriver d(w, RunMode::next);
  RunStep last;
  EXPECT_THAT(run_all(d, &last), ElementsAre(Kind::measuring_final, Kind::report));
  EXPECT_EQ(last.exit_status, Exit::no);
  EXPECT_THAT(w.calls, ElementsAre("final measurement"));
}

TEST(RunDriver, NothingToRunWithoutAnyAttempt) {
  for (RunMode mode : {RunMode::next, RunMode::all}) {
    FakeRunWorld w;
    w.add(1, "proposed");
    w.add(2, "approved");
    w.list[1].builds_on = 1;  // waits for #1 to be kept
    RunDriver d(w, mode);
    RunStep last;
    EXPECT_THAT(run_all(d, &last), ElementsAre(Kind::nothing_to_run));
    EXPECT_EQ(last.text, "nothing to run: no approved candidate (see `hone candidate list`)\n");
    EXPECT_EQ(last.exit_status, Exit::ok);
    EXPECT_THAT(w.calls, IsEmpty());
  }
}

TEST(RunDriver, InterruptionEndsTheRunWith130AndNothingAfter) {
  FakeRunWorld w;
  w.add(1);
  w.add(2);
  w.add(3);
  w.interrupts = {2};
  RunDriver d(w, RunMode::all);
  RunStep last;
  std::string printed;
  EXPECT_THAT(run_all(d, &last, &printed), ElementsAre(Kind::attempted, Kind::interrupted));
  EXPECT_EQ(last.exit_status, Exit::interrupted);
  EXPECT_EQ(printed, "");
  EXPECT_THAT(w.calls, ElementsAre("attempt 1", "attempt 2"));
}

TEST(RunDriver, AStepThatEndedTheRunIsReturnedAgain) {
  FakeRunWorld w;
  w.add(1);
  RunDriver d(w, RunMode::one, 1);
  run_all(d);
  RunStep again = d.next_step();
  EXPECT_EQ(again.kind, Kind::finished);
  EXPECT_TRUE(again.over);
  EXPECT_THAT(w.calls, ElementsAre("attempt 1"));
}

}  // namespace
}  // namespace hone::loop
