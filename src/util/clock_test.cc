#include "util/clock.h"

#include <gtest/gtest.h>

namespace hone {
namespace {

TEST(ParseUtcTimestamp, ReadsWhatUtcTimestampWrites) {
  EXPECT_EQ(parse_utc_timestamp("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_EQ(parse_utc_timestamp("2026-12-05T10:02:11Z"), 1796464931.0);
  const std::string now = utc_timestamp();
  std::optional<double> back = parse_utc_timestamp(now);
  ASSERT_TRUE(back.has_value()) << now;
  EXPECT_LE(*back, utc_seconds());
  EXPECT_GT(*back, utc_seconds() - 120);
}

TEST(ParseUtcTimestamp, RefusesAnythingElse) {
  for (const char* bad : {"", "2026-12-05", "2026-12-05T10:02:11", "2026-12-05 10:02:11Z", "2026-13-05T10:02:11Z",
                          "2026-12-05T10:02:11Z ", "2026-12-05T25:02:11Z", "yesterday at noon!!!"})
    EXPECT_FALSE(parse_utc_timestamp(bad).has_value()) << bad;
}

}  // namespace
}  // namespace hone
