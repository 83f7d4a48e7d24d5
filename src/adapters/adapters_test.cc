#include "adapters/adapters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>

#include "util/error.h"

namespace hone::adapters {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

const fs::path kFixtures = fs::path(HONE_SOURCE_DIR) / "tests" / "fixtures";
const fs::path kGbench = kFixtures / "google-benchmark";
const fs::path kCriterionDir = kFixtures / "criterion" / "target" / "criterion";
const fs::path kHyperfine = kFixtures / "hyperfine";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open fixture " << p;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Runs a shell command, returns its stdout; the exit status goes to *status.
std::string run(const std::string& cmd, int* status) {
  FILE* f = popen(cmd.c_str(), "r");
  if (f == nullptr) {
    *status = -1;
    return {};
  }
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const int st = pclose(f);
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// The message of the hone::Error that f throws ("" and a test failure when it throws none).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw a non-hone exception: " << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

// A fresh temp folder removed at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "hone-adapters-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); }

std::map<std::string, std::vector<double>> by_name(const std::vector<HarnessValue>& values) {
  std::map<std::string, std::vector<double>> m;
  for (const auto& v : values) m[v.name].push_back(v.value);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Google Benchmark: captured fixtures

TEST(GoogleBenchmark, RepetitionsFixtureGivesOneValuePerRepetitionAndSkipsAggregates) {
  const fs::path file = kGbench / "gbench-1.7.1-repetitions.json";
  const auto values = parse_google_benchmark(slurp(file), file.string());
  ASSERT_EQ(values.size(), 15u);  // 3 benchmarks x 5 repetitions; 12 aggregates skipped
  const auto m = by_name(values);
  ASSERT_EQ(m.size(), 3u);
  for (const char* name : {"BM_StringAppend/64", "BM_StringAppend/4096", "BM_Sort/4096"}) {
    ASSERT_TRUE(m.count(name)) << name;
    EXPECT_EQ(m.at(name).size(), 5u) << name;
  }
  EXPECT_EQ(values[0].name, "BM_StringAppend/64");
  EXPECT_DOUBLE_EQ(values[0].value, 115.56458046149496e-9);
  EXPECT_DOUBLE_EQ(m.at("BM_StringAppend/4096")[4], 4794.155877069728e-9);
  EXPECT_DOUBLE_EQ(m.at("BM_Sort/4096")[0], 32.60549103485556e-6);  // time_unit "us"
}

TEST(GoogleBenchmark, CpuTimeReadsCpuTime) {
  const fs::path file = kGbench / "gbench-1.7.1-repetitions.json";
  const auto values = parse_google_benchmark(slurp(file), file.string(), /*cpu_time=*/true);
  ASSERT_EQ(values.size(), 15u);
  EXPECT_DOUBLE_EQ(values[0].value, 115.44408433827432e-9);
  EXPECT_DOUBLE_EQ(by_name(values).at("BM_Sort/4096")[1], 32.617404716980616e-6);
}

TEST(GoogleBenchmark, SingleRunFixture) {
  const fs::path file = kGbench / "gbench-1.7.1-single.json";
  const auto values = parse_google_benchmark(slurp(file), file.string());
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0].name, "BM_StringAppend/64");
  EXPECT_EQ(values[1].name, "BM_StringAppend/4096");
  EXPECT_EQ(values[2].name, "BM_Sort/4096");
  EXPECT_DOUBLE_EQ(values[0].value, 1.1787939033551925e+02 * 1e-9);
  EXPECT_DOUBLE_EQ(values[2].value, 3.2376401846570417e+01 * 1e-6);
}

TEST(GoogleBenchmark, ValuesNamedPicksOneBenchmarkOrListsNames) {
  const fs::path file = kGbench / "gbench-1.7.1-repetitions.json";
  const auto values = parse_google_benchmark(slurp(file), file.string());
  EXPECT_EQ(values_named(values, "BM_Sort/4096", file.string()).size(), 5u);
  const std::string msg = error_of([&] { values_named(values, "BM_Nope", file.string()); });
  EXPECT_THAT(msg, AllOf(HasSubstr(file.string()), HasSubstr("\"BM_Nope\""), HasSubstr("\"BM_Sort/4096\""),
                         HasSubstr("\"BM_StringAppend/64\"")));
}

// ---------------------------------------------------------------------------------------------
// Google Benchmark: real output produced now

class GoogleBenchmarkLive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path exe = fs::path(HONE_BINARY_DIR) / "gbench_sample";
    ASSERT_TRUE(fs::exists(exe)) << exe << " is missing: build the gbench_sample target";
    int status = 0;
    output_ = new std::string(run(quote(exe.string()) + " --benchmark_format=json --benchmark_repetitions=3"
                                                        " --benchmark_min_time=0.01 2>/dev/null",
                                  &status));
    ASSERT_EQ(status, 0) << *output_;
  }
  static void TearDownTestSuite() {
    delete output_;
    output_ = nullptr;
  }
  static std::string* output_;
};
std::string* GoogleBenchmarkLive::output_ = nullptr;

TEST_F(GoogleBenchmarkLive, RealTime) {
  ASSERT_NE(output_, nullptr);
  // The real output does hold aggregates, so skipping them is exercised.
  ASSERT_THAT(*output_, HasSubstr("\"run_type\": \"aggregate\""));
  const auto values = parse_google_benchmark(*output_, "gbench_sample");
  ASSERT_EQ(values.size(), 9u) << *output_;
  const auto m = by_name(values);
  ASSERT_EQ(m.size(), 3u);
  for (const char* name : {"BM_Sum/64", "BM_Sum/4096", "BM_Counter"}) {
    ASSERT_TRUE(m.count(name)) << name;
    ASSERT_EQ(m.at(name).size(), 3u) << name;
    for (double v : m.at(name)) {
      EXPECT_GT(v, 1e-11) << name;  // > 0.01 ns per iteration
      EXPECT_LT(v, 1e-3) << name;   // these loops take well under a millisecond
    }
  }
  // Summing 4096 numbers takes longer than summing 64.
  EXPECT_GT(mean(m.at("BM_Sum/4096")), mean(m.at("BM_Sum/64")));
  // BM_Counter reports in microseconds: converted to seconds, 100 LCG steps are ~10 ns - 10 us.
  EXPECT_GT(mean(m.at("BM_Counter")), 1e-8);
  EXPECT_LT(mean(m.at("BM_Counter")), 1e-5);
}

TEST_F(GoogleBenchmarkLive, CpuTime) {
  ASSERT_NE(output_, nullptr);
  const auto real = parse_google_benchmark(*output_, "gbench_sample");
  const auto cpu = parse_google_benchmark(*output_, "gbench_sample", /*cpu_time=*/true);
  ASSERT_EQ(cpu.size(), real.size());
  for (size_t i = 0; i < cpu.size(); ++i) {
    EXPECT_EQ(cpu[i].name, real[i].name);
    EXPECT_GT(cpu[i].value, 0);
    // Single-threaded loops: CPU time tracks wall time (generous bound for a busy machine).
    EXPECT_LT(cpu[i].value, real[i].value * 3 + 1e-6) << cpu[i].name;
  }
  // Real and cpu differ somewhere: the two keys are really read separately.
  bool differ = false;
  for (size_t i = 0; i < cpu.size(); ++i) differ |= cpu[i].value != real[i].value;
  EXPECT_TRUE(differ);
}

TEST_F(GoogleBenchmarkLive, TruncatedRealOutputIsAnError) {
  ASSERT_NE(output_, nullptr);
  const std::string half = output_->substr(0, output_->size() / 2);
  const std::string msg = error_of([&] { parse_google_benchmark(half, "gbench_sample --benchmark_format=json"); });
  EXPECT_THAT(msg, AllOf(HasSubstr("gbench_sample --benchmark_format=json"), HasSubstr("truncated"),
                         HasSubstr(fmt::format("byte {}", half.size()))));
}

// ---------------------------------------------------------------------------------------------
// Google Benchmark: malformed input

TEST(GoogleBenchmarkErrors, TruncatedFixture) {
  const fs::path file = kGbench / "gbench-1.7.1-repetitions.json";
  const std::string text = slurp(file);
  const std::string msg = error_of([&] { parse_google_benchmark(text.substr(0, text.size() / 2), file.string()); });
  EXPECT_THAT(msg, AllOf(HasSubstr(file.string()), HasSubstr("truncated"), HasSubstr("byte")));
}

TEST(GoogleBenchmarkErrors, NotJson) {
  const std::string msg = error_of([] { parse_google_benchmark("not json", "bench.out"); });
  EXPECT_THAT(msg, AllOf(HasSubstr("bench.out"), HasSubstr("invalid Google Benchmark JSON at byte")));
}

TEST(GoogleBenchmarkErrors, ConsoleOutputInsteadOfJson) {
  const std::string msg = error_of([] {
    parse_google_benchmark("-----------\nBenchmark   Time   CPU   Iterations\nBM_X   1 ns   1 ns   100\n", "./gb");
  });
  EXPECT_THAT(msg, AllOf(HasSubstr("./gb"), HasSubstr("invalid"), HasSubstr("at byte")));
}

TEST(GoogleBenchmarkErrors, Empty) {
  EXPECT_THAT(error_of([] { parse_google_benchmark("  \n", "out.json"); }),
              AllOf(HasSubstr("out.json"), HasSubstr("empty")));
}

TEST(GoogleBenchmarkErrors, WrongShapes) {
  EXPECT_THAT(error_of([] { parse_google_benchmark("{\"context\": {}}", "f.json"); }),
              AllOf(HasSubstr("f.json"), HasSubstr("missing field \"benchmarks\"")));
  EXPECT_THAT(error_of([] { parse_google_benchmark("[1, 2]", "f.json"); }),
              AllOf(HasSubstr("f.json"), HasSubstr("expected a JSON object"), HasSubstr("found an array")));
  EXPECT_THAT(error_of([] { parse_google_benchmark("{\"benchmarks\": {}}", "f.json"); }),
              AllOf(HasSubstr("f.json"), HasSubstr("\"benchmarks\" must be an array, found an object")));
  EXPECT_THAT(error_of([] { parse_google_benchmark("{\"benchmarks\": [42]}", "f.json"); }),
              AllOf(HasSubstr("benchmarks[0] must be an object, found a number")));
  EXPECT_THAT(error_of([] { parse_google_benchmark("{\"benchmarks\": [{\"real_time\": 1}]}", "f.json"); }),
              AllOf(HasSubstr("f.json"), HasSubstr("benchmarks[0] has no field \"name\"")));
  EXPECT_THAT(
      error_of([] {
        parse_google_benchmark(
            R"({"benchmarks": [{"name": "BM_A", "run_type": "iteration", "real_time": "fast", "time_unit": "ns"}]})",
            "f.json");
      }),
      AllOf(HasSubstr("f.json"), HasSubstr("\"BM_A\""), HasSubstr("real_time must be a number, found a string")));
  EXPECT_THAT(error_of([] {
                parse_google_benchmark(R"({"benchmarks": [{"name": "BM_A", "run_type": "iteration", "cpu_time": 3}]})",
                                       "f.json");
              }),
              AllOf(HasSubstr("\"BM_A\""), HasSubstr("no field \"real_time\"")));
  EXPECT_THAT(
      error_of([] {
        parse_google_benchmark(
            R"({"benchmarks": [{"name": "BM_A", "run_type": "iteration", "real_time": 3, "time_unit": "fortnights"}]})",
            "f.json");
      }),
      AllOf(HasSubstr("\"BM_A\""), HasSubstr("unknown time_unit \"fortnights\"")));
  EXPECT_THAT(
      error_of([] {
        parse_google_benchmark(
            R"({"benchmarks": [{"name": "BM_A", "run_type": "iteration", "real_time": -3, "time_unit": "ns"}]})",
            "f.json");
      }),
      HasSubstr("negative"));
}

TEST(GoogleBenchmarkErrors, ErrorOccurredNamesBenchmarkAndMessage) {
  const std::string msg = error_of([] {
    parse_google_benchmark(
        R"({"benchmarks": [{"name": "BM_Open", "run_type": "iteration", "error_occurred": true,
            "error_message": "could not open input", "real_time": 0, "time_unit": "ns"}]})",
        "./gb");
  });
  EXPECT_THAT(msg, AllOf(HasSubstr("./gb"), HasSubstr("\"BM_Open\""), HasSubstr("could not open input")));
}

TEST(GoogleBenchmarkErrors, OnlyAggregatesOrNothing) {
  EXPECT_THAT(error_of([] { parse_google_benchmark(R"({"benchmarks": []})", "f.json"); }),
              AllOf(HasSubstr("f.json"), HasSubstr("no benchmark results")));
  EXPECT_THAT(error_of([] {
                parse_google_benchmark(
                    R"({"benchmarks": [{"name": "BM_A_mean", "run_type": "aggregate", "aggregate_name": "mean",
                        "real_time": 3, "time_unit": "ns"}]})",
                    "f.json");
              }),
              HasSubstr("no benchmark results"));
}

TEST(GoogleBenchmark, OutputWithoutRunTypeSkipsNamedAggregates) {
  const auto values = parse_google_benchmark(
      R"({"benchmarks": [{"name": "BM_A", "real_time": 2, "cpu_time": 1, "time_unit": "ms"},
                          {"name": "BM_A_mean", "aggregate_name": "mean", "real_time": 2, "time_unit": "ms"}]})",
      "old.json");
  ASSERT_EQ(values.size(), 1u);
  EXPECT_DOUBLE_EQ(values[0].value, 2e-3);
}

// ---------------------------------------------------------------------------------------------
// criterion.rs: captured fixture

TEST(Criterion, SampleFixtureGivesPerIterationSeconds) {
  const fs::path file = kCriterionDir / "spin 1000" / "new" / "sample.json";
  const auto values = parse_criterion_sample(slurp(file), file.string());
  ASSERT_EQ(values.size(), 100u);  // one value per sample
  EXPECT_DOUBLE_EQ(values[0], 391010.0 / 243.0 * 1e-9);
  EXPECT_DOUBLE_EQ(values[1], 781809.0 / 486.0 * 1e-9);
  // criterion's own estimate of the mean, from the same samples (nanoseconds).
  const auto est = nlohmann::json::parse(slurp(kCriterionDir / "spin 1000" / "new" / "estimates.json"));
  EXPECT_NEAR(mean(values), est["mean"]["point_estimate"].get<double>() * 1e-9, 1e-15);
  for (double v : values) {
    EXPECT_GT(v, 1e-6);  // cargo bench printed ~1.63 µs
    EXPECT_LT(v, 3e-6);
  }
}

TEST(Criterion, BenchmarkIdFromFixture) {
  const fs::path file = kCriterionDir / "spin 1000" / "new" / "benchmark.json";
  EXPECT_EQ(parse_criterion_benchmark_id(slurp(file), file.string()), "spin 1000");
}

TEST(Criterion, BenchmarkIdWithoutFullIdIsRebuilt) {
  EXPECT_EQ(parse_criterion_benchmark_id(R"({"group_id": "parse", "function_id": "json", "value_str": "1024"})", "b"),
            "parse/json/1024");
  EXPECT_EQ(parse_criterion_benchmark_id(R"({"group_id": "spin", "function_id": null, "value_str": null})", "b"),
            "spin");
}

TEST(Criterion, FindBenchmarksOnFixtureTree) {
  const auto found = find_criterion_benchmarks(kCriterionDir);
  ASSERT_EQ(found.size(), 1u);
  ASSERT_TRUE(found.count("spin 1000"));
  EXPECT_EQ(found.at("spin 1000"), kCriterionDir / "spin 1000" / "new");
}

TEST(Criterion, ReadCriterionById) {
  const auto values = read_criterion(kCriterionDir, "spin 1000");
  ASSERT_EQ(values.size(), 100u);
  EXPECT_DOUBLE_EQ(values[0], 391010.0 / 243.0 * 1e-9);
}

TEST(Criterion, ReadCriterionMissingIdListsIdsFound) {
  const std::string msg = error_of([] { read_criterion(kCriterionDir, "spin 2000"); });
  EXPECT_THAT(msg, AllOf(HasSubstr(kCriterionDir.string()), HasSubstr("\"spin 2000\""), HasSubstr("\"spin 1000\"")));
}

TEST(Criterion, GroupsNestedIdsAndOnlyTheNewFolder) {
  TempDir tmp;
  const fs::path dir = tmp.path / "criterion";
  const std::string sample = slurp(kCriterionDir / "spin 1000" / "new" / "sample.json");
  // A group benchmark as criterion lays it out, plus the previous run in base/ and a report/.
  spit(dir / "parse" / "json_1024" / "new" / "benchmark.json",
       R"({"group_id":"parse","function_id":"json","value_str":"1024","full_id":"parse/json/1024"})");
  spit(dir / "parse" / "json_1024" / "new" / "sample.json",
       R"({"sampling_mode":"Flat","iters":[10,10],"times":[100,300]})");
  spit(dir / "parse" / "json_1024" / "base" / "benchmark.json",
       R"({"group_id":"parse","function_id":"json","value_str":"1024","full_id":"parse/json/1024"})");
  spit(dir / "parse" / "json_1024" / "base" / "sample.json", R"({"iters":[1],"times":[1]})");
  spit(dir / "parse" / "report" / "index.html", "<html></html>");
  spit(dir / "spin 1000" / "new" / "benchmark.json", slurp(kCriterionDir / "spin 1000" / "new" / "benchmark.json"));
  spit(dir / "spin 1000" / "new" / "sample.json", sample);
  const auto found = find_criterion_benchmarks(dir);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found.at("parse/json/1024"), dir / "parse" / "json_1024" / "new");
  const auto values = read_criterion(dir, "parse/json/1024");
  ASSERT_EQ(values.size(), 2u);
  EXPECT_DOUBLE_EQ(values[0], 10e-9);
  EXPECT_DOUBLE_EQ(values[1], 30e-9);
}

// ---------------------------------------------------------------------------------------------
// criterion.rs: malformed input

TEST(CriterionErrors, Sample) {
  const fs::path file = kCriterionDir / "spin 1000" / "new" / "sample.json";
  const std::string text = slurp(file);
  EXPECT_THAT(error_of([&] { parse_criterion_sample(text.substr(0, text.size() / 2), file.string()); }),
              AllOf(HasSubstr(file.string()), HasSubstr("truncated"), HasSubstr("byte")));
  EXPECT_THAT(error_of([] { parse_criterion_sample("not json", "s.json"); }),
              AllOf(HasSubstr("s.json"), HasSubstr("invalid criterion sample.json JSON at byte")));
  EXPECT_THAT(error_of([] { parse_criterion_sample(R"({"iters":[1,2,3],"times":[1,2]})", "s.json"); }),
              AllOf(HasSubstr("s.json"), HasSubstr("\"iters\" has 3 entries but \"times\" has 2")));
  EXPECT_THAT(error_of([] { parse_criterion_sample(R"({"iters":[1,0],"times":[1,2]})", "s.json"); }),
              AllOf(HasSubstr("s.json"), HasSubstr("iters[1] is 0")));
  EXPECT_THAT(error_of([] { parse_criterion_sample(R"({"iters":[],"times":[]})", "s.json"); }),
              AllOf(HasSubstr("s.json"), HasSubstr("no samples")));
  EXPECT_THAT(error_of([] { parse_criterion_sample(R"({"iters":[1]})", "s.json"); }),
              AllOf(HasSubstr("s.json"), HasSubstr("no field \"times\"")));
  EXPECT_THAT(error_of([] { parse_criterion_sample(R"({"iters":"1","times":[1]})", "s.json"); }),
              AllOf(HasSubstr("s.json"), HasSubstr("iters must be an array, found a string")));
  EXPECT_THAT(error_of([] { parse_criterion_sample(R"({"iters":[1],"times":[null]})", "s.json"); }),
              AllOf(HasSubstr("s.json"), HasSubstr("times[0] must be a number, found null")));
  EXPECT_THAT(error_of([] { parse_criterion_sample("[]", "s.json"); }),
              AllOf(HasSubstr("s.json"), HasSubstr("expected a JSON object")));
}

TEST(CriterionErrors, BenchmarkJson) {
  const fs::path file = kCriterionDir / "spin 1000" / "new" / "benchmark.json";
  const std::string text = slurp(file);
  EXPECT_THAT(error_of([&] { parse_criterion_benchmark_id(text.substr(0, text.size() / 2), file.string()); }),
              AllOf(HasSubstr(file.string()), HasSubstr("truncated")));
  EXPECT_THAT(error_of([] { parse_criterion_benchmark_id(R"({"title": "x"})", "b.json"); }),
              AllOf(HasSubstr("b.json"), HasSubstr("missing field \"full_id\"")));
  EXPECT_THAT(error_of([] { parse_criterion_benchmark_id(R"({"full_id": 3})", "b.json"); }),
              AllOf(HasSubstr("b.json"), HasSubstr("\"full_id\" must be a string, found a number")));
}

TEST(CriterionErrors, Folders) {
  TempDir tmp;
  EXPECT_THAT(error_of([&] { find_criterion_benchmarks(tmp.path / "nope"); }),
              AllOf(HasSubstr((tmp.path / "nope").string()), HasSubstr("not found"), HasSubstr("cargo bench")));
  fs::create_directories(tmp.path / "empty");
  EXPECT_TRUE(find_criterion_benchmarks(tmp.path / "empty").empty());
  EXPECT_THAT(error_of([&] { read_criterion(tmp.path / "empty", "x"); }),
              AllOf(HasSubstr("\"x\""), HasSubstr("no <id>/new/benchmark.json")));
  // benchmark.json present, sample.json missing: the error names the missing file.
  spit(tmp.path / "c" / "a" / "new" / "benchmark.json", R"({"full_id": "a"})");
  EXPECT_THAT(error_of([&] { read_criterion(tmp.path / "c", "a"); }),
              AllOf(HasSubstr((tmp.path / "c" / "a" / "new" / "sample.json").string()), HasSubstr("not found")));
  // A truncated sample.json in the tree: the error names that file.
  const std::string sample = slurp(kCriterionDir / "spin 1000" / "new" / "sample.json");
  spit(tmp.path / "c" / "a" / "new" / "sample.json", sample.substr(0, 100));
  EXPECT_THAT(error_of([&] { read_criterion(tmp.path / "c", "a"); }),
              AllOf(HasSubstr((tmp.path / "c" / "a" / "new" / "sample.json").string()), HasSubstr("truncated")));
  // A garbage benchmark.json is named too.
  spit(tmp.path / "c" / "b" / "new" / "benchmark.json", "garbage");
  EXPECT_THAT(error_of([&] { find_criterion_benchmarks(tmp.path / "c"); }),
              HasSubstr((tmp.path / "c" / "b" / "new" / "benchmark.json").string()));
}

// ---------------------------------------------------------------------------------------------
// criterion.rs: live, when cargo and Debian's criterion crates are installed

std::optional<fs::path> find_on_path(const std::string& exe) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::stringstream ss(path);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path p = fs::path(dir) / exe;
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return std::nullopt;
}

bool registry_has_criterion(const fs::path& registry) {
  std::error_code ec;
  if (!fs::is_directory(registry, ec)) return false;
  for (const auto& e : fs::directory_iterator(registry, ec))
    if (e.path().filename().string().rfind("criterion-0.", 0) == 0 && fs::exists(e.path() / "Cargo.toml", ec))
      return true;
  return false;
}

TEST(CriterionLive, CargoBenchOutputIsRead) {
  const fs::path registry = "/usr/share/cargo/registry";
  const auto cargo = find_on_path("cargo");
  if (!cargo) GTEST_SKIP() << "cargo is not on PATH (Debian package: cargo)";
  if (!registry_has_criterion(registry))
    GTEST_SKIP() << registry << " has no criterion crate (Debian package: librust-criterion-dev)";

  TempDir tmp;
  const fs::path proj = tmp.path / "honelive";
  spit(proj / "Cargo.toml", R"([package]
name = "honelive"
version = "0.1.0"
edition = "2018"

[dev-dependencies]
criterion = "0.3"

[[bench]]
name = "live"
harness = false
)");
  spit(proj / "src" / "lib.rs", R"(pub fn spin(n: u64) -> u64 {
    let mut s = 0u64;
    for i in 0..n { s = s.wrapping_mul(6364136223846793005).wrapping_add(i); }
    s
}
)");
  // criterion 0.3's --warm-up-time/--measurement-time take whole seconds: set shorter ones here.
  spit(proj / "benches" / "live.rs", R"(use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::time::Duration;
fn b(c: &mut Criterion) {
    c.bench_function("spin 100", |b| b.iter(|| honelive::spin(black_box(100))));
    let mut g = c.benchmark_group("grp");
    g.bench_function("spin 400", |b| b.iter(|| honelive::spin(black_box(400))));
    g.finish();
}
criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(500)).sample_size(20);
    targets = b
}
criterion_main!(benches);
)");
  // Offline: crates-io replaced by Debian's vendored crates.
  spit(tmp.path / "cargo-home" / "config.toml", fmt::format(R"([source.crates-io]
replace-with = "debian"
[source.debian]
directory = "{}"
)",
                                                            registry.string()));
  // The compiled dependencies are kept (in the build folder, or where HONE_CARGO_TARGET_DIR
  // says) so reruns take seconds; the criterion output goes to a fresh folder every time.
  const fs::path target = HONE_CARGO_TARGET_DIR;
  const fs::path out = tmp.path / "target" / "criterion";
  const std::string cmd = fmt::format(
      "cd {} && CARGO_HOME={} CARGO_TARGET_DIR={} CRITERION_HOME={} {} bench --offline --bench live -- --noplot 2>&1",
      quote(proj.string()), quote((tmp.path / "cargo-home").string()), quote(target.string()), quote(out.string()),
      quote(cargo->string()));
  int status = 0;
  const std::string log = run(cmd, &status);
  ASSERT_EQ(status, 0) << cmd << "\n" << log;

  const auto found = find_criterion_benchmarks(out);
  ASSERT_EQ(found.size(), 2u) << log;
  ASSERT_TRUE(found.count("spin 100")) << log;
  ASSERT_TRUE(found.count("grp/spin 400")) << log;
  const auto a = read_criterion(out, "spin 100");
  const auto b = read_criterion(out, "grp/spin 400");
  ASSERT_EQ(a.size(), 20u);
  ASSERT_EQ(b.size(), 20u);
  for (const auto* v : {&a, &b})
    for (double x : *v) {
      EXPECT_GT(x, 1e-10);  // > 0.1 ns per iteration
      EXPECT_LT(x, 1e-4);   // a few hundred multiply-adds are far below 100 µs
    }
  EXPECT_GT(mean(b), mean(a));  // 4x the work
  EXPECT_THAT(error_of([&] { read_criterion(out, "spin 999"); }),
              AllOf(HasSubstr("\"spin 100\""), HasSubstr("\"grp/spin 400\"")));
}

// ---------------------------------------------------------------------------------------------
// hyperfine

TEST(Hyperfine, TwoCommands) {
  const fs::path file = kHyperfine / "two-commands.json";
  const auto cmds = parse_hyperfine(slurp(file), file.string());
  ASSERT_EQ(cmds.size(), 2u);
  for (const auto& c : cmds) {
    EXPECT_EQ(c.command, "./spin 42000000");
    ASSERT_EQ(c.times.size(), 100u);
    ASSERT_EQ(c.exit_codes.size(), 100u);
    for (int code : c.exit_codes) EXPECT_EQ(code, 0);
    for (double t : c.times) {
      EXPECT_GT(t, 0.04);
      EXPECT_LT(t, 0.1);
    }
  }
  EXPECT_DOUBLE_EQ(cmds[0].times[0], 0.048732384000000004);
  EXPECT_DOUBLE_EQ(cmds[1].times[0], 0.047006781000000004);
  ASSERT_TRUE(cmds[0].user && cmds[0].system);
  EXPECT_DOUBLE_EQ(*cmds[0].user, 0.04686872000000001);
  EXPECT_DOUBLE_EQ(*cmds[0].system, 0.0008457199999999999);
  EXPECT_DOUBLE_EQ(*cmds[1].user, 0.04697762999999997);
  EXPECT_NEAR(mean(cmds[0].times), 0.048898263040000015, 1e-12);  // hyperfine's own mean
}

TEST(Hyperfine, OneCommand) {
  const fs::path file = kHyperfine / "one-command-no-shell.json";
  const auto cmds = parse_hyperfine(slurp(file), file.string());
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].command, "true");
  EXPECT_EQ(cmds[0].times.size(), 200u);
  EXPECT_EQ(cmds[0].exit_codes.size(), 200u);
  EXPECT_DOUBLE_EQ(*cmds[0].user, 0.0004894449999999997);
  EXPECT_DOUBLE_EQ(*cmds[0].system, 4.7859999999999986e-05);
  EXPECT_NEAR(mean(cmds[0].times), 0.0006236294849999997, 1e-12);
}

TEST(Hyperfine, OptionalFieldsAndSignalledRuns) {
  const auto cmds = parse_hyperfine(
      R"({"results": [{"command": "a", "times": [0.5, 0.25], "user": null, "exit_codes": [0, null]},
                       {"command": "b", "times": [1]}]})",
      "h.json");
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_FALSE(cmds[0].user.has_value());
  EXPECT_FALSE(cmds[0].system.has_value());
  EXPECT_EQ(cmds[0].exit_codes, (std::vector<int>{0, -1}));
  EXPECT_TRUE(cmds[1].exit_codes.empty());
}

TEST(HyperfineErrors, MalformedInput) {
  const fs::path file = kHyperfine / "two-commands.json";
  const std::string text = slurp(file);
  EXPECT_THAT(error_of([&] { parse_hyperfine(text.substr(0, text.size() / 2), file.string()); }),
              AllOf(HasSubstr(file.string()), HasSubstr("truncated"), HasSubstr("byte")));
  EXPECT_THAT(error_of([] { parse_hyperfine("not json", "h.json"); }),
              AllOf(HasSubstr("h.json"), HasSubstr("invalid hyperfine JSON at byte")));
  EXPECT_THAT(error_of([] { parse_hyperfine(R"({"benchmarks": []})", "h.json"); }),
              AllOf(HasSubstr("h.json"), HasSubstr("missing field \"results\"")));
  EXPECT_THAT(error_of([] { parse_hyperfine(R"({"results": []})", "h.json"); }),
              AllOf(HasSubstr("h.json"), HasSubstr("no commands")));
  EXPECT_THAT(error_of([] { parse_hyperfine(R"({"results": [{"times": [1]}]})", "h.json"); }),
              AllOf(HasSubstr("h.json"), HasSubstr("results[0] has no field \"command\"")));
  EXPECT_THAT(error_of([] { parse_hyperfine(R"({"results": [{"command": "x", "mean": 1}]})", "h.json"); }),
              AllOf(HasSubstr("h.json"), HasSubstr("(\"x\") has no field \"times\"")));
  EXPECT_THAT(error_of([] { parse_hyperfine(R"({"results": [{"command": "x", "times": [1, "2"]}]})", "h.json"); }),
              AllOf(HasSubstr("h.json"), HasSubstr("times[1] must be a number, found a string")));
  EXPECT_THAT(error_of([] { parse_hyperfine(R"({"results": [{"command": "x", "times": []}]})", "h.json"); }),
              AllOf(HasSubstr("h.json"), HasSubstr("no runs")));
  EXPECT_THAT(error_of([] {
                parse_hyperfine(R"({"results": [{"command": "x", "times": [1, 2], "exit_codes": [0]}]})", "h.json");
              }),
              AllOf(HasSubstr("h.json"), HasSubstr("2 times but 1 exit codes")));
  EXPECT_THAT(error_of([] {
                parse_hyperfine(R"({"results": [{"command": "x", "times": [1], "exit_codes": ["ok"]}]})", "h.json");
              }),
              HasSubstr("exit_codes[0] must be an integer or null, found a string"));
  EXPECT_THAT(
      error_of([] { parse_hyperfine(R"({"results": [{"command": "x", "times": [1], "user": "1s"}]})", "h.json"); }),
      HasSubstr("user must be a number, found a string"));
}

// ---------------------------------------------------------------------------------------------
// regex

TEST(Regex, NamedGroup) {
  const auto v = parse_regex("run 1: 12 items in 3.5 ms\n", R"((\d+) items in (?<value>[0-9.]+) ms)", "ms", "cmd");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_DOUBLE_EQ(v[0], 3.5e-3);
}

TEST(Regex, FirstGroupWithoutNamedGroup) {
  const auto v = parse_regex("elapsed: 250 us (x 3)", R"(elapsed: (\d+) us \(x (\d+)\))", "us", "cmd");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_DOUBLE_EQ(v[0], 250e-6);
}

TEST(Regex, MultipleMatchesAndUnits) {
  const std::string out = "time=1.5ms\nnoise\ntime=2ms\ntime=0.25ms\n";
  EXPECT_EQ(parse_regex(out, R"(time=(?<value>[0-9.]+)ms)", "ms", "cmd"), (std::vector<double>{1.5e-3, 2e-3, 0.25e-3}));
  EXPECT_EQ(parse_regex(out, R"(time=(?<value>[0-9.]+)ms)", "", "cmd"), (std::vector<double>{1.5, 2, 0.25}));
  EXPECT_EQ(parse_regex("rss 2 MiB", R"(rss (?<value>\d+))", "MiB", "cmd"), (std::vector<double>{2.0 * 1048576}));
  EXPECT_EQ(parse_regex("3 ops", R"((\d+) ops)", "ops", "cmd"), (std::vector<double>{3}));
  EXPECT_EQ(parse_regex("t 1e3 ns, t +2.5e-1 s", R"(t ([-+0-9.e]+))", "ns", "cmd"),
            (std::vector<double>{1e3 * 1e-9, 0.25e-9}));
}

TEST(Regex, UnitScale) {
  EXPECT_DOUBLE_EQ(unit_scale("ns"), 1e-9);
  EXPECT_DOUBLE_EQ(unit_scale("us"), 1e-6);
  EXPECT_DOUBLE_EQ(unit_scale("µs"), 1e-6);
  EXPECT_DOUBLE_EQ(unit_scale("ms"), 1e-3);
  EXPECT_DOUBLE_EQ(unit_scale("s"), 1);
  EXPECT_DOUBLE_EQ(unit_scale(""), 1);
  EXPECT_DOUBLE_EQ(unit_scale("B"), 1);
  EXPECT_DOUBLE_EQ(unit_scale("KiB"), 1024);
  EXPECT_DOUBLE_EQ(unit_scale("MiB"), 1048576);
  EXPECT_DOUBLE_EQ(unit_scale("items"), 1);
}

TEST(Regex, NamedGroupsInBothSpellingsAndOnlyCapturingGroupsCount) {
  // Escaped and bracketed parentheses, (?:...) and a "(?<" inside a class are no groups.
  EXPECT_EQ(parse_regex("(7) [ b 9", R"(\((\d)\) [[(] (?:a|b) (?<value>\d))", "", "cmd"), (std::vector<double>{9}));
  EXPECT_EQ(parse_regex("x1 y2", R"(x(?<x>\d) y(?P<value>\d))", "", "cmd"), (std::vector<double>{2}));
  EXPECT_EQ(parse_regex("<3> 4", R"([(?<]3> (?<value>\d))", "", "cmd"), (std::vector<double>{4}));
  EXPECT_EQ(parse_regex("(?<a>5", R"(\Q(?<a>\E(?<value>\d))", "", "cmd"), (std::vector<double>{5}));
}

TEST(Regex, LongLinesAndBacktrackingPatternsAreLinear) {
  // std::regex recursed once per character here and crashed on a 200 KB line.
  std::string line(200 * 1024, 'x');
  line += " elapsed: 12.5 ms\n";
  EXPECT_EQ(parse_regex(line, R"(.*elapsed: (?<value>[0-9.]+) ms)", "ms", "cmd"), (std::vector<double>{12.5e-3}));
  // (a+)+b backtracks exponentially in a backtracking engine; RE2 answers at once.
  const std::string as(100000, 'a');
  EXPECT_THAT(error_of([&] { parse_regex(as, R"((a+)+b)", "", "cmd"); }), HasSubstr("matched nothing"));
  // An empty match moves on by one byte instead of looping.
  EXPECT_THAT(error_of([] { parse_regex("abc", R"((\d*))", "", "cmd"); }), HasSubstr("captured \"\""));
}

TEST(RegexErrors, NoMatchNamesSource) {
  EXPECT_THAT(error_of([] { parse_regex("hello world\n", R"(time=(\d+))", "ms", "./bench --fast"); }),
              AllOf(HasSubstr("./bench --fast"), HasSubstr("time=(\\d+)"), HasSubstr("matched nothing"),
                    HasSubstr("hello world")));
  EXPECT_THAT(error_of([] { parse_regex("", R"(time=(\d+))", "ms", "./bench"); }),
              AllOf(HasSubstr("./bench"), HasSubstr("output is empty")));
}

TEST(RegexErrors, BadPattern) {
  EXPECT_THAT(
      error_of([] { parse_regex("x", "time=(\\d+", "ms", "cmd"); }),
      AllOf(HasSubstr("regex pattern \"time=(\\d+\" is not a valid regular expression"), HasSubstr("missing )")));
  EXPECT_THAT(error_of([] { parse_regex("x", "(?<value\\d+)", "ms", "cmd"); }),
              HasSubstr("invalid named capture group"));
  EXPECT_THAT(error_of([] { parse_regex("x", "(?<value>a)(?<value>b)", "ms", "cmd"); }),
              HasSubstr("names two groups \"value\""));
  EXPECT_THAT(error_of([] { parse_regex("x", "(?<=a)(b)", "ms", "cmd"); }), HasSubstr("no lookaround"));
  EXPECT_THAT(error_of([] { parse_regex("x", "", "ms", "cmd"); }), HasSubstr("must not be empty"));
  EXPECT_EQ(pattern_problem(R"(t=(?<value>\d+))"), "");
}

TEST(RegexErrors, PatternWithoutGroup) {
  EXPECT_THAT(error_of([] { parse_regex("time=5", R"(time=\d+)", "ms", "cmd"); }),
              AllOf(HasSubstr("time=\\d+"), HasSubstr("has no group")));
  EXPECT_THAT(error_of([] { parse_regex("time=5", R"(time=(?:\d+)\(x\)[(])", "ms", "cmd"); }),
              HasSubstr("has no group"));
  EXPECT_THAT(error_of([] { parse_regex("time=5", R"(time=(?<t>\d+))", "ms", "cmd"); }),
              HasSubstr("names its groups (t) but none 'value'"));
}

TEST(RegexErrors, CapturedTextNotANumber) {
  EXPECT_THAT(error_of([] { parse_regex("time=fast", R"(time=(\w+))", "ms", "cmd"); }),
              AllOf(HasSubstr("cmd"), HasSubstr("\"fast\""), HasSubstr("not a number")));
  EXPECT_THAT(error_of([] { parse_regex("a", R"(a(?<value>\d)?)", "", "cmd"); }),
              AllOf(HasSubstr("cmd"), HasSubstr("captured no value")));
  EXPECT_THAT(error_of([] { parse_regex("t=1e999", R"(t=(\S+))", "", "cmd"); }),
              HasSubstr("captured \"1e999\" at byte 0, which is too large a number"));
}

}  // namespace
}  // namespace hone::adapters

namespace hone::adapters {
namespace {

TEST(Regex, ValueUnitAfterScaling) {
  EXPECT_EQ(regex_value_unit("ms"), "s");
  EXPECT_EQ(regex_value_unit("µs"), "s");
  EXPECT_EQ(regex_value_unit("MiB"), "B");
  EXPECT_EQ(regex_value_unit(""), "");
  EXPECT_EQ(regex_value_unit("ops/s"), "ops/s");
}

}  // namespace
}  // namespace hone::adapters
