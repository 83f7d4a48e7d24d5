#include "loop/prompt.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.h"

namespace hone::loop {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

PromptInputs inputs() {
  PromptInputs in;
  in.id = 2;
  in.name = "Range tests";
  in.project = "wc-example";
  in.proposed = "Two range tests instead of searching tables";
  in.gain = "3x";
  in.context_files = {"/repo/DESIGN.md", "/repo/perf/research/01-x-lessons.md"};
  in.lessons_files = {"/repo/perf/research/01-x-lessons.md"};
  in.current_state = "| Trace | Our Time |\n|---|---|\n| utf8 | 100 ms |";
  in.test_command = "make test";
  in.bench_command = "hone bench";
  in.report_file = "/repo/.hone/reports/range-tests-1.json";
  in.worktree = "/repo/.hone/worktrees/range-tests";
  in.branch = "hone/range-tests";
  in.start_branch = "master";
  in.regression = 0.05;
  return in;
}

TEST(Prompt, DefaultTemplateMirrorsTheProcedure) {
  std::string p = render_prompt(default_prompt_template(), prompt_values(inputs()), "default");
  EXPECT_THAT(p, HasSubstr("You are implementing Optimization 2: Range tests for the wc-example project."));
  EXPECT_THAT(p, HasSubstr("## Context\n\nRead these files first:\n- /repo/DESIGN.md\n"));
  EXPECT_THAT(p, HasSubstr("## Current State\n\n| Trace | Our Time |"));
  EXPECT_THAT(p, HasSubstr("## Goal\n\nTwo range tests instead of searching tables. Expected gain: 3x."));
  EXPECT_THAT(p, HasSubstr("## Implementation Plan\n\n1. Implement: Two range tests"));
  EXPECT_THAT(p, HasSubstr("Must not regress any benchmark by more than 5%"));
  EXPECT_THAT(p, HasSubstr("writing JSON to /repo/.hone/reports/range-tests-1.json"));
  EXPECT_THAT(p, Not(HasSubstr("{{")));
  // The branch a kept change lands on is the checkout's, not a "main" it may not have.
  EXPECT_THAT(p, HasSubstr("commits it to master with the measured numbers"));
}

TEST(Prompt, PlanStepsAreNumbered) {
  PromptInputs in = inputs();
  in.plan = "Replace the tables\n\nKeep the function name";
  EXPECT_EQ(prompt_values(in)["plan"], "1. Replace the tables\n2. Keep the function name");
}

TEST(Prompt, UserTemplateAndUnknownPlaceholder) {
  auto values = prompt_values(inputs());
  EXPECT_EQ(render_prompt("Do {{ name }} in {{worktree}}.", values, "t.md"),
            "Do Range tests in /repo/.hone/worktrees/range-tests.");
  try {
    render_prompt("line one\nDo {{nmae}}.", values, "prompt.md");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("prompt.md:2: unknown placeholder {{nmae}}; known: id, name"));
  }
  EXPECT_THROW(render_prompt("Do {{name", values, "t.md"), Error);
}

}  // namespace
}  // namespace hone::loop
