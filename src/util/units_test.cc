#include "util/units.h"

#include <gtest/gtest.h>

namespace hone {
namespace {

TEST(ParseDuration, UnitsAndBareSeconds) {
  EXPECT_EQ(parse_duration("250ms"), 0.25);
  EXPECT_EQ(parse_duration("30s"), 30.0);
  EXPECT_EQ(parse_duration("1.5m"), 90.0);
  EXPECT_EQ(parse_duration("2min"), 120.0);
  EXPECT_EQ(parse_duration("2h"), 7200.0);
  EXPECT_EQ(parse_duration("100us"), 100 / 1e6);
  EXPECT_EQ(parse_duration("100µs"), 100 / 1e6);
  EXPECT_EQ(parse_duration("10ns"), 10 / 1e9);
  EXPECT_EQ(parse_duration("12"), 12.0);
  EXPECT_EQ(parse_duration("0"), 0.0);
  EXPECT_EQ(parse_duration(" 500 ms "), 0.5);
}

TEST(ParseDuration, RejectsJunk) {
  for (const char* bad :
       {"", " ", "abc", "-1s", "+1s", "5 parsecs", "s", "1.5.2s", "1s2", "inf", "nan", "1e400s", "10 S"})
    EXPECT_EQ(parse_duration(bad), std::nullopt) << bad;
}

TEST(ParseFraction, PercentAndBare) {
  EXPECT_EQ(parse_fraction("1%"), 0.01);
  EXPECT_EQ(parse_fraction("0.5%"), 0.005);
  EXPECT_EQ(parse_fraction("0.01"), 0.01);
  EXPECT_EQ(parse_fraction("100%"), 1.0);
  EXPECT_EQ(parse_fraction("0%"), 0.0);
  EXPECT_EQ(parse_fraction("1"), 1.0);
  for (const char* bad : {"", "150%", "1.5", "-1%", "-0.01", "abc", "1 %%", "%", "5 pct"})
    EXPECT_EQ(parse_fraction(bad), std::nullopt) << bad;
}

TEST(ParseFactor, WithAndWithoutX) {
  EXPECT_EQ(parse_factor("2x"), 2.0);
  EXPECT_EQ(parse_factor("1.5x"), 1.5);
  EXPECT_EQ(parse_factor("2"), 2.0);
  EXPECT_EQ(parse_factor("0.5X"), 0.5);
  for (const char* bad : {"", "x", "0x", "0", "-2x", "2xx", "two", "2y"})
    EXPECT_EQ(parse_factor(bad), std::nullopt) << bad;
}

TEST(FormatSeconds, SignificantDigitsAndUnits) {
  EXPECT_EQ(format_seconds(0.0523), "52.3 ms");
  EXPECT_EQ(format_seconds(1.2041), "1.204 s");
  EXPECT_EQ(format_seconds(812e-6), "812 µs");
  EXPECT_EQ(format_seconds(15e-9), "15.0 ns");
  EXPECT_EQ(format_seconds(2.5e-3), "2.500 ms");
  EXPECT_EQ(format_seconds(0.5e-9), "0.500 ns");
  EXPECT_EQ(format_seconds(3725), "3725 s");
  EXPECT_EQ(format_seconds(0), "0 s");
  EXPECT_EQ(format_seconds(-0.0523), "-52.3 ms");
  // Rounding that reaches the next precision or unit.
  EXPECT_EQ(format_seconds(9.99996), "10.0 s");
  EXPECT_EQ(format_seconds(0.09996), "100 ms");
  EXPECT_EQ(format_seconds(0.9996), "1.000 s");
  EXPECT_EQ(format_seconds(999.7e-9), "1.000 µs");
}

TEST(FormatBytes, BinaryUnits) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(1023), "1023 B");
  EXPECT_EQ(format_bytes(1024), "1.000 KiB");
  EXPECT_EQ(format_bytes(12.3 * 1024 * 1024), "12.3 MiB");
  EXPECT_EQ(format_bytes(300.0 * 1024 * 1024), "300 MiB");
  EXPECT_EQ(format_bytes(1.5 * 1024 * 1024 * 1024), "1.500 GiB");
  EXPECT_EQ(format_bytes(1023.9 * 1024), "1.000 MiB");
}

TEST(FormatCount, SiUnits) {
  EXPECT_EQ(format_count(1234000000), "1.234 G");
  EXPECT_EQ(format_count(56.7e6), "56.7 M");
  EXPECT_EQ(format_count(890e3), "890 k");
  EXPECT_EQ(format_count(12), "12");
  EXPECT_EQ(format_count(999), "999");
  EXPECT_EQ(format_count(1000), "1.000 k");
  EXPECT_EQ(format_count(999.7), "1.000 k");
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(2.5e12), "2.500 T");
}

}  // namespace
}  // namespace hone

namespace hone {
namespace {

TEST(Bytes, ParsesUnitsAndRefusesTheRest) {
  EXPECT_EQ(parse_bytes("10MB"), 1e7);
  EXPECT_EQ(parse_bytes("500 kB"), 5e5);
  EXPECT_EQ(parse_bytes("1MiB"), 1048576.0);
  EXPECT_EQ(parse_bytes("4096"), 4096.0);
  EXPECT_FALSE(parse_bytes("10 furlongs"));
  EXPECT_FALSE(parse_bytes("-1MB"));
  EXPECT_FALSE(parse_bytes("MB"));
}

}  // namespace
}  // namespace hone
