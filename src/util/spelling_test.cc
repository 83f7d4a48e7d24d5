#include "util/spelling.h"

#include <gtest/gtest.h>

namespace hone::spelling {
namespace {

TEST(Spelling, EditDistanceCountsAnAdjacentSwapAsOne) {
  EXPECT_EQ(edit_distance("min_runs", "min_runs"), 0u);
  EXPECT_EQ(edit_distance("min_rusn", "min_runs"), 1u);  // transposition
  EXPECT_EQ(edit_distance("treshold", "threshold"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Spelling, NearestOnlyWhenALikelyTypo) {
  const std::vector<std::string> keys = {"min_runs", "max_runs", "threshold", "warmup"};
  EXPECT_EQ(nearest("MIN_RUSN", keys), "min_runs");  // case does not count
  EXPECT_EQ(nearest("treshold", keys), "threshold");
  EXPECT_EQ(nearest("colour", keys), "");  // nothing close
  EXPECT_EQ(join({"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(join({}, ", "), "");
}

}  // namespace
}  // namespace hone::spelling
