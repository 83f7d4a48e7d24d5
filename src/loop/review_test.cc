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
      {"examples/wc/src/count.cc", 5, 4, false},     {"examples/wc/tests/run-tests.sh", 1, 1, false},
      {"examples/wc/bench/count_bench.cc", 2, 0, false}, {"examples/wc/inputs/utf8.txt", 0, 900, false},
      {"examples/wc/hone.toml", 1, 1, false},         {"examples/wc/gen/gen-inputs.cc", 1, 1, false},
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
  EXPECT_THAT(review_summary(r), HasSubstr("7 files changed, +13 −907; touches examples/wc/tests/run-tests.sh (tests)"));
}

TEST(Review, OrdinaryChangeIsClean) {
  DiffReview r = review_diff({{"src/count.cc", 5, 4, false}}, ProtectRules{"hone.toml", "", {}, {"gen/**"}});
  EXPECT_FALSE(r.flagged());
  EXPECT_EQ(review_summary(r), "1 file changed, +5 −4");
}

}  // namespace
}  // namespace hone::loop
