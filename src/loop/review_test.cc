#include "loop/review.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.h"

namespace hone::loop {
namespace {

using ::testing::HasSubstr;

TEST(Numstat, ParsesTextAndBinary) {
  std::vector<FileChange> c = parse_numstat("12\t3\tsrc/count.cc\n-\t-\tdata.bin\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].path, "src/count.cc");
  EXPECT_EQ(c[0].added, 12);
  EXPECT_EQ(c[0].deleted, 3);
  EXPECT_TRUE(c[1].binary);
  EXPECT_THROW(parse_numstat("garbage\n"), Error);
}

TEST(Review, FlagsWhatFakesASpeedup) {
  ProtectRules rules;
  rules.config_file = "examples/wc/hone.toml";
  rules.project_dir = "examples/wc";
  rules.inputs = {"examples/wc/inputs/utf8.txt"};
  rules.patterns = {"gen/"};
  std::vector<FileChange> changes = {
      {"examples/wc/src/count.cc", 5, 4, false},
      {"examples/wc/tests/run-tests.sh", 1, 1, false},
      {"examples/wc/bench/count_bench.cc", 2, 0, false},
      {"examples/wc/inputs/utf8.txt", 0, 900, false},
      {"examples/wc/hone.toml", 1, 1, false},
      {"examples/wc/gen/gen-inputs.cc", 1, 1, false},
      {"src/parser_test.cc", 3, 0, false},
  };
  DiffReview r = review_diff(changes, rules);
  EXPECT_EQ(r.added, 13);
  EXPECT_EQ(r.deleted, 907);
  ASSERT_EQ(r.flags.size(), 6u);
  EXPECT_EQ(r.flags[0].why, "tests");
  EXPECT_EQ(r.flags[1].why, "benchmark code");
  EXPECT_EQ(r.flags[2].why, "benchmark input");
  EXPECT_EQ(r.flags[3].why, "hone.toml");
  EXPECT_EQ(r.flags[4].why, "protected (gen/)");
  EXPECT_EQ(r.flags[5].why, "tests");
  EXPECT_THAT(review_summary(r),
              HasSubstr("7 files changed, +13 −907; touches examples/wc/tests/run-tests.sh (tests)"));
}

TEST(Review, OrdinaryChangeIsClean) {
  DiffReview r = review_diff({{"src/count.cc", 5, 4, false}}, ProtectRules{"hone.toml", "", {}, {"gen/**"}});
  EXPECT_FALSE(r.flagged());
  EXPECT_EQ(review_summary(r), "1 file changed, +5 −4");
}

}  // namespace
}  // namespace hone::loop

namespace hone::loop {
namespace {

FileChange changed(std::string path, std::string old_mode, std::string new_mode, uint64_t size = 10,
                   std::string target = "") {
  FileChange c;
  c.path = std::move(path);
  c.old_mode = std::move(old_mode);
  c.new_mode = std::move(new_mode);
  c.size = size;
  c.link_target = std::move(target);
  return c;
}

TEST(ReviewHazards, WhatAnAgentLeavesBehindIsFlagged) {
  ProtectRules rules;
  rules.max_file_size = 10'000'000;
  DiffReview r = review_diff(
      {changed("src/a.cc", "100644", "100644"), changed("big.bin", "000000", "100644", 300'000'000),
       changed("vendor/lib", "000000", "160000", 0), changed("src/passwd", "000000", "120000", 11, "/etc/passwd"),
       changed("src/up", "000000", "120000", 11, "../../../home"),
       changed("src/inside", "000000", "120000", 5, "../src/a.cc"), changed("run.sh", "100644", "100755")},
      rules);
  ASSERT_EQ(r.hazards.size(), 5u);
  EXPECT_EQ(r.hazards[0].path, "big.bin");
  EXPECT_EQ(r.hazards[0].why, "a large file (300.0 MB > 10.0 MB)");
  EXPECT_THAT(r.hazards[1].why, ::testing::HasSubstr("nested repository"));
  EXPECT_EQ(r.hazards[2].why, "a symlink leaving the worktree (-> /etc/passwd)");
  EXPECT_EQ(r.hazards[3].path, "src/up");
  EXPECT_EQ(r.hazards[4].why, "mode changed from 100644 to 100755");
  EXPECT_THAT(review_hazard(r), ::testing::HasSubstr("big.bin (a large file"));
  EXPECT_THAT(review_summary(r), ::testing::HasSubstr("; leaves behind big.bin"));
}

TEST(ReviewHazards, SizeLimitIsConfigurableAndDeletionsAreNoHazard) {
  ProtectRules rules;
  rules.max_file_size = 1000;
  EXPECT_EQ(review_diff({changed("a.txt", "000000", "100644", 1001)}, rules).hazards.size(), 1u);
  EXPECT_TRUE(review_diff({changed("a.txt", "000000", "100644", 1000)}, rules).hazards.empty());
  EXPECT_TRUE(review_diff({changed("big.bin", "100644", "000000", 0)}, rules).hazards.empty());
  EXPECT_TRUE(review_hazard(review_diff({changed("a.txt", "100644", "100644")}, rules)).empty());
}

TEST(ReviewHazards, ARefusedCollectionIsAHazard) {
  DiffReview r;
  r.refused = "the worktree's .git was deleted";
  EXPECT_FALSE(r.empty());
  EXPECT_THAT(review_hazard(r), ::testing::HasSubstr("not safe to commit from"));
}

}  // namespace
}  // namespace hone::loop
