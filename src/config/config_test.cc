#include "config/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "util/error.h"

namespace hone {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A valid minimal file most tests extend.
constexpr const char* kMinimal = R"(
[[benchmark]]
name = "small"
args = "in/small.txt"

[target.ours]
command = "./build/app {args}"
)";

Config parse(const std::string& text) { return parse_config(text, "/proj/hone.toml"); }

// The message parse_config throws for text, or "" when it parses.
std::string error_of(const std::string& text) {
  try {
    parse_config(text, "hone.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// ---- defaults -------------------------------------------------------------------------

TEST(ConfigDefaults, EmptyFileHasEveryDefault) {
  Config c = parse("");
  EXPECT_EQ(c.file, fs::path("/proj/hone.toml"));
  EXPECT_EQ(c.root, fs::path("/proj"));
  EXPECT_EQ(c.project.name, "proj");  // the folder's name
  EXPECT_EQ(c.project.build, "");
  EXPECT_EQ(c.project.test, "");
  EXPECT_EQ(c.project.artifacts, "perf");
  EXPECT_EQ(c.project.ours, "ours");
  EXPECT_TRUE(c.benchmarks.empty());
  EXPECT_TRUE(c.targets.empty());
  EXPECT_EQ(c.measure.metric, Metric::wall);
  EXPECT_EQ(c.measure.min_runs, 5);
  EXPECT_EQ(c.measure.max_runs, 200);
  EXPECT_DOUBLE_EQ(c.measure.max_time, 10);
  EXPECT_DOUBLE_EQ(c.measure.precision, 0.01);
  EXPECT_EQ(c.measure.warmup, 1);
  EXPECT_EQ(c.measure.pin, "");
  EXPECT_DOUBLE_EQ(c.measure.timeout, 600);
  EXPECT_DOUBLE_EQ(c.measure.threshold, 0.01);
  EXPECT_FALSE(c.measure.seed.has_value());
  EXPECT_TRUE(c.measure.env_padding);
  EXPECT_TRUE(c.criteria.done.empty());
  EXPECT_DOUBLE_EQ(c.criteria.regression, 0.05);
  EXPECT_EQ(c.agent.command, "");
  EXPECT_DOUBLE_EQ(c.agent.timeout, 7200);
  EXPECT_TRUE(c.agent.context.empty());
  EXPECT_EQ(c.git.branch_prefix, "hone/");
}

TEST(ConfigDefaults, TargetDefaults) {
  Config c = parse(kMinimal);
  ASSERT_EQ(c.targets.size(), 1u);
  const TargetConfig& t = c.targets[0];
  EXPECT_EQ(t.name, "ours");
  EXPECT_EQ(t.command, "./build/app {args}");
  EXPECT_EQ(t.kind, "command");
  EXPECT_FALSE(t.shell);
  EXPECT_EQ(t.dir, "");
  EXPECT_TRUE(t.env.empty());
  EXPECT_EQ(t.build, "");
  EXPECT_EQ(t.pattern, "");
  EXPECT_EQ(t.unit, "");
  EXPECT_EQ(t.criterion_dir, "target/criterion");
  EXPECT_FALSE(t.cpu_time);
  EXPECT_FALSE(t.is_harness());
  ASSERT_EQ(c.benchmarks.size(), 1u);
  EXPECT_TRUE(c.benchmarks[0].targets.empty());
  EXPECT_EQ(c.benchmarks[0].harness, "");
  EXPECT_EQ(c.benchmarks[0].harness_name(), "small");
}

TEST(ConfigDefaults, RelativeFileBecomesAbsolute) {
  Config c = parse_config("", "sub/hone.toml");
  EXPECT_TRUE(c.file.is_absolute());
  EXPECT_EQ(c.file, fs::current_path() / "sub/hone.toml");
  EXPECT_EQ(c.root, fs::current_path() / "sub");
  EXPECT_EQ(c.project.name, "sub");
}

// ---- every key ------------------------------------------------------------------------

TEST(ConfigKeys, Project) {
  Config c = parse(R"(
[project]
name = "textcrdt"
build = "cmake --build build -j"
test = "ctest --test-dir build"
artifacts = "docs/perf"
ours = "mine"
[target.theirs]
command = "x"
[target.mine]
command = "y"
)");
  EXPECT_EQ(c.project.name, "textcrdt");
  EXPECT_EQ(c.project.build, "cmake --build build -j");
  EXPECT_EQ(c.project.test, "ctest --test-dir build");
  EXPECT_EQ(c.project.artifacts, "docs/perf");
  EXPECT_EQ(c.project.ours, "mine");
}

TEST(ConfigKeys, BenchmarkNameArgsAndVars) {
  Config c = parse(R"(
[[benchmark]]
name = "svelte.component-1_x"
args = "traces/svelte.json --quiet"
input = "a.txt"
mode = "fast"
[[benchmark]]
name = "bare"
[target.ours]
command = "run {args}"
)");
  ASSERT_EQ(c.benchmarks.size(), 2u);
  EXPECT_EQ(c.benchmarks[0].name, "svelte.component-1_x");
  EXPECT_EQ(c.benchmarks[0].args, "traces/svelte.json --quiet");
  EXPECT_EQ(c.benchmarks[0].vars, (std::map<std::string, std::string>{{"input", "a.txt"}, {"mode", "fast"}}));
  EXPECT_EQ(c.benchmarks[1].name, "bare");
  EXPECT_EQ(c.benchmarks[1].args, "");
  EXPECT_TRUE(c.benchmarks[1].vars.empty());
}

TEST(ConfigKeys, TargetEveryKey) {
  Config c = parse(R"(
[target.ours]
command = "./replay {args} | tee log"
kind = "google-benchmark"
shell = true
dir = "sub/../build"
env = { LC_ALL = "C", OMP_NUM_THREADS = "1" }
build = "make replay"
)");
  ASSERT_EQ(c.targets.size(), 1u);
  const TargetConfig& t = c.targets[0];
  EXPECT_EQ(t.command, "./replay {args} | tee log");
  EXPECT_EQ(t.kind, "google-benchmark");
  EXPECT_TRUE(t.shell);
  EXPECT_EQ(t.dir, "/proj/build");
  EXPECT_EQ(t.env, (std::map<std::string, std::string>{{"LC_ALL", "C"}, {"OMP_NUM_THREADS", "1"}}));
  EXPECT_EQ(t.build, "make replay");
}

TEST(ConfigKeys, EveryKind) {
  for (std::string kind : {"command", "google-benchmark", "criterion", "hyperfine-json", "regex"}) {
    std::string text = "[target.t]\ncommand = \"x\"\nkind = \"" + kind + "\"\n";
    if (kind == "regex") text += "pattern = '(?<value>\\d+)'\n";
    Config c = parse(text);
    EXPECT_EQ(c.targets[0].kind, kind);
    EXPECT_EQ(c.targets[0].is_harness(), kind != "command");
  }
}

TEST(ConfigKeys, TargetEnvAsSubTable) {
  Config c = parse("[target.ours]\ncommand = \"x\"\n[target.ours.env]\nA = \"1\"\n");
  EXPECT_EQ(c.targets[0].env, (std::map<std::string, std::string>{{"A", "1"}}));
}

TEST(ConfigKeys, TargetDirAbsoluteKept) {
  Config c = parse("[target.t]\ncommand = \"x\"\ndir = \"/opt/diamond/\"\n");
  EXPECT_EQ(c.targets[0].dir, "/opt/diamond");
}

TEST(ConfigKeys, TargetDirDotIsRoot) {
  Config c = parse("[target.t]\ncommand = \"x\"\ndir = \".\"\n");
  EXPECT_EQ(c.targets[0].dir, "/proj");
}

TEST(ConfigKeys, MeasureEveryKey) {
  Config c = parse(R"(
[measure]
metric = "instructions"
min_runs = 3
max_runs = 50
max_time = "1.5m"
precision = "0.5%"
warmup = 0
pin = "0,2-3"
timeout = "250ms"
threshold = 0.02
seed = 42
)");
  EXPECT_EQ(c.measure.metric, Metric::instructions);
  EXPECT_EQ(c.measure.min_runs, 3);
  EXPECT_EQ(c.measure.max_runs, 50);
  EXPECT_DOUBLE_EQ(c.measure.max_time, 90);
  EXPECT_DOUBLE_EQ(c.measure.precision, 0.005);
  EXPECT_EQ(c.measure.warmup, 0);
  EXPECT_EQ(c.measure.pin, "0,2-3");
  EXPECT_DOUBLE_EQ(c.measure.timeout, 0.25);
  EXPECT_DOUBLE_EQ(c.measure.threshold, 0.02);
  ASSERT_TRUE(c.measure.seed.has_value());
  EXPECT_EQ(*c.measure.seed, 42u);
}

TEST(ConfigKeys, EveryMetric) {
  EXPECT_EQ(parse("[measure]\nmetric = \"wall\"").measure.metric, Metric::wall);
  EXPECT_EQ(parse("[measure]\nmetric = \"cpu\"").measure.metric, Metric::cpu);
  EXPECT_EQ(parse("[measure]\nmetric = \"max_rss\"").measure.metric, Metric::max_rss);
  EXPECT_EQ(parse("[measure]\nmetric = \"reported\"").measure.metric, Metric::reported);
}

TEST(ConfigKeys, DurationsAsNumbers) {
  Config c = parse("[measure]\nmax_time = 30\ntimeout = 2.5\n[agent]\ntimeout = 60\n");
  EXPECT_DOUBLE_EQ(c.measure.max_time, 30);
  EXPECT_DOUBLE_EQ(c.measure.timeout, 2.5);
  EXPECT_DOUBLE_EQ(c.agent.timeout, 60);
}

TEST(ConfigKeys, FractionsAsNumbersAndPercent) {
  Config c = parse("[measure]\nprecision = 0.05\nthreshold = \"2%\"\n[criteria]\nregression = 0.1\n");
  EXPECT_DOUBLE_EQ(c.measure.precision, 0.05);
  EXPECT_DOUBLE_EQ(c.measure.threshold, 0.02);
  EXPECT_DOUBLE_EQ(c.criteria.regression, 0.1);
}

TEST(ConfigKeys, ThresholdZeroAllowed) { EXPECT_DOUBLE_EQ(parse("[measure]\nthreshold = 0\n").measure.threshold, 0); }

TEST(ConfigKeys, PinAsInteger) { EXPECT_EQ(parse("[measure]\npin = 1\n").measure.pin, "1"); }

TEST(ConfigKeys, EnvPaddingOnByDefaultAndOff) {
  EXPECT_TRUE(parse("").measure.env_padding);
  EXPECT_FALSE(parse("[measure]\nenv_padding = false\n").measure.env_padding);
  EXPECT_EQ(error_of("[measure]\nenv_padding = \"no\"\n"),
            "hone.toml:2:15: [measure] env_padding must be a boolean (true or false), got string \"no\"");
}

TEST(ConfigKeys, CcacheUnsetTrueFalse) {
  EXPECT_EQ(parse("").project.ccache, std::nullopt);
  EXPECT_EQ(parse("[project]\nccache = true\n").project.ccache, true);
  EXPECT_EQ(parse("[project]\nccache = false\n").project.ccache, false);
  EXPECT_EQ(error_of("[project]\nccache = 1\n"),
            "hone.toml:2:10: [project] ccache must be a boolean (true or false), got integer 1");
}

TEST(ConfigKeys, SeedZero) { EXPECT_EQ(parse("[measure]\nseed = 0\n").measure.seed, 0u); }

TEST(ConfigKeys, MinRunsEqualMaxRuns) {
  Config c = parse("[measure]\nmin_runs = 7\nmax_runs = 7\n");
  EXPECT_EQ(c.measure.min_runs, 7);
  EXPECT_EQ(c.measure.max_runs, 7);
}

TEST(ConfigKeys, Criteria) {
  Config c = parse(R"(
[criteria]
done = ["faster than diamond on 3/4 benchmarks", "no worse than 2x diamond on any"]
regression = "5%"
)");
  EXPECT_THAT(c.criteria.done, ElementsAre("faster than diamond on 3/4 benchmarks", "no worse than 2x diamond on any"));
  EXPECT_DOUBLE_EQ(c.criteria.regression, 0.05);
}

TEST(ConfigKeys, CriteriaDoneSingleString) {
  EXPECT_THAT(parse("[criteria]\ndone = \"x < 10ms\"\n").criteria.done, ElementsAre("x < 10ms"));
}

TEST(ConfigKeys, Agent) {
  Config c = parse(R"(
[agent]
command = "my-agent --prompt-file {prompt} --out {report} -C {worktree}"
timeout = "2h"
context = ["PROCESS.md", "DESIGN.md"]
template = "perf/prompt.md"
protect = ["gen/", "data/*.bin"]
)");
  EXPECT_EQ(c.agent.command, "my-agent --prompt-file {prompt} --out {report} -C {worktree}");
  EXPECT_DOUBLE_EQ(c.agent.timeout, 7200);
  EXPECT_THAT(c.agent.context, ElementsAre("PROCESS.md", "DESIGN.md"));
  EXPECT_EQ(c.agent.prompt_template, "perf/prompt.md");
  EXPECT_THAT(c.agent.protect, ElementsAre("gen/", "data/*.bin"));
}

TEST(ConfigKeys, Git) {
  EXPECT_EQ(parse("[git]\nbranch_prefix = \"perf/\"\n").git.branch_prefix, "perf/");
  EXPECT_EQ(parse("[git]\nbranch_prefix = \"\"\n").git.branch_prefix, "");
  EXPECT_EQ(parse("[machine]\nname = \"ci-large\"\n").machine.name, "ci-large");
  EXPECT_EQ(parse("").machine.name, "");
  EXPECT_EQ(parse("[store]\nurl = \"postgresql://hone@db/perf\"\n").store.url, "postgresql://hone@db/perf");
  EXPECT_EQ(parse("").store.url, "");
}

TEST(ConfigKeys, PlaceholdersFromBenchmarkVars) {
  Config c = parse(R"(
[[benchmark]]
name = "a"
input = "a.txt"
[target.ours]
command = "./app --in={input} {args} {bench} {{literal}}"
)");
  EXPECT_EQ(c.targets[0].command, "./app --in={input} {args} {bench} {{literal}}");
}

TEST(ConfigKeys, DoubledBracesAreLiteral) {
  Config c = parse(R"(
[target.ours]
command = "awk '{{ print $1 }}' in.txt"
shell = true
)");
  EXPECT_EQ(c.targets[0].command, "awk '{{ print $1 }}' in.txt");
}

TEST(ConfigKeys, PlaceholderInsideQuotesAndWords) {
  Config c = parse(R"(
[[benchmark]]
name = "a"
args = "x y"
[target.ours]
command = "./app --in={args} '{bench}.log'"
)");
  EXPECT_EQ(c.targets.size(), 1u);
}

TEST(ConfigKeys, ValueWithQuoteFineInsideAWord) {
  // Substituted textually inside a word, an apostrophe is just a character.
  Config c = parse(R"(
[[benchmark]]
name = "a"
args = "it's"
[target.ours]
command = "./app --title={args}"
)");
  EXPECT_EQ(c.benchmarks[0].args, "it's");
}

// ---- targets: order and ours ----------------------------------------------------------

TEST(ConfigTargets, KeepFileOrder) {
  Config c = parse(R"(
[target.zeta]
command = "z"
[target.alpha]
command = "a"
[target.mid]
command = "m"
[target.beta]
command = "b"
)");
  std::vector<std::string> names;
  for (const auto& t : c.targets) names.push_back(t.name);
  EXPECT_THAT(names, ElementsAre("zeta", "alpha", "mid", "beta"));
}

TEST(ConfigTargets, FileOrderWithInlineTables) {
  Config c = parse(R"(
[target]
zz = { command = "z" }
aa = { command = "a" }
)");
  ASSERT_EQ(c.targets.size(), 2u);
  EXPECT_EQ(c.targets[0].name, "zz");
  EXPECT_EQ(c.targets[1].name, "aa");
}

TEST(ConfigTargets, OursDefaultsToTargetNamedOurs) {
  Config c = parse("[target.diamond]\ncommand = \"d\"\n[target.ours]\ncommand = \"o\"\n");
  EXPECT_EQ(c.project.ours, "ours");
}

TEST(ConfigTargets, OursDefaultsToFirstTarget) {
  Config c = parse("[target.zeta]\ncommand = \"z\"\n[target.alpha]\ncommand = \"a\"\n");
  EXPECT_EQ(c.project.ours, "zeta");
}

TEST(ConfigTargets, OursExplicit) {
  Config c = parse(
      "[project]\nours = \"alpha\"\n[target.zeta]\ncommand = \"z\"\n[target.alpha]\ncommand = "
      "\"a\"\n");
  EXPECT_EQ(c.project.ours, "alpha");
}

TEST(ConfigTargets, OursExplicitWithoutTargetsIsKept) {
  EXPECT_EQ(parse("[project]\nours = \"mine\"\n").project.ours, "mine");
}

TEST(ConfigTargets, FindTargetAndBenchmark) {
  Config c = parse(kMinimal);
  ASSERT_NE(c.find_target("ours"), nullptr);
  EXPECT_EQ(c.find_target("ours")->command, "./build/app {args}");
  EXPECT_EQ(c.find_target("nope"), nullptr);
  ASSERT_NE(c.find_benchmark("small"), nullptr);
  EXPECT_EQ(c.find_benchmark("small")->args, "in/small.txt");
  EXPECT_EQ(c.find_benchmark("nope"), nullptr);
}

// ---- error messages -------------------------------------------------------------------

TEST(ConfigErrors, TomlSyntaxError) {
  EXPECT_EQ(error_of("[measure]\nmin_runs = \n"),
            "hone.toml:2:12: invalid TOML: error while parsing key-value pair: expected value, "
            "saw '\\n'");
}

TEST(ConfigErrors, TomlSyntaxErrorUnterminatedString) {
  EXPECT_THAT(error_of("[project]\nname = \"abc\n"), StartsWith("hone.toml:2:"));
  EXPECT_THAT(error_of("[project]\nname = \"abc\n"), HasSubstr("invalid TOML"));
}

TEST(ConfigErrors, TomlDuplicateTable) {
  EXPECT_THAT(error_of("[measure]\n[measure]\n"), StartsWith("hone.toml:2:1: invalid TOML: "));
}

TEST(ConfigErrors, UnknownKeyWithSuggestion) {
  EXPECT_EQ(error_of("[measure]\nwarmup = 1\n  min_run = 5\n"),
            "hone.toml:3:3: unknown key 'min_run' in [measure]; did you mean 'min_runs'?");
}

TEST(ConfigErrors, UnknownKeySuggestionByTransposition) {
  EXPECT_EQ(error_of("[target.ours]\ncomamnd = \"x\"\n"),
            "hone.toml:2:1: unknown key 'comamnd' in [target.ours]; did you mean 'command'?");
}

TEST(ConfigErrors, UnknownKeySuggestionIgnoresCase) {
  EXPECT_EQ(error_of("[project]\nName = \"x\"\n"),
            "hone.toml:2:1: unknown key 'Name' in [project]; did you mean 'name'?");
}

TEST(ConfigErrors, UnknownKeyWithoutCloseSuggestion) {
  EXPECT_EQ(error_of("[machine]\nnmae = \"x\"\n"),
            "hone.toml:2:1: unknown key 'nmae' in [machine]; did you mean 'name'?");
  EXPECT_EQ(error_of("[machine]\nname = \" \"\n"), "hone.toml:2:8: [machine] name must not be empty");
  EXPECT_EQ(error_of("[store]\nurl = \"/srv/hone.db\"\n"),
            "hone.toml:2:7: [store] url \"/srv/hone.db\" must be a PostgreSQL URL (postgresql://USER@HOST/DB); "
            "leave it out for the local store (.hone/hone.db)");
  EXPECT_EQ(error_of("[git]\nzzzzzz = 1\n"),
            "hone.toml:2:1: unknown key 'zzzzzz' in [git] (known keys: branch_prefix)");
}

TEST(ConfigErrors, UnknownKeyBelongingToAnotherSection) {
  EXPECT_EQ(error_of("[project]\nmetric = \"cpu\"\n"),
            "hone.toml:2:1: unknown key 'metric' in [project]; 'metric' belongs in [measure]");
}

TEST(ConfigErrors, NameInTargetTable) {
  EXPECT_EQ(error_of("[target.ours]\ncommand = \"x\"\nname = \"y\"\n"),
            "hone.toml:3:1: unknown key 'name' in [target.ours]; a target is named by its "
            "table: [target.ours]");
}

TEST(ConfigErrors, BenchmarkKeyInTargetTable) {
  EXPECT_EQ(error_of("[target.ours]\ncommand = \"x\"\nargs = \"y\"\n"),
            "hone.toml:3:1: unknown key 'args' in [target.ours]; 'args' belongs in "
            "[[benchmark]]");
}

TEST(ConfigErrors, FirstUnknownKeyInFileOrder) {
  EXPECT_THAT(error_of("[measure]\nzzzz = 1\nyyyy = 2\naaaa = 3\n"), StartsWith("hone.toml:2:1: unknown key 'zzzz'"));
}

TEST(ConfigErrors, UnknownTable) {
  EXPECT_EQ(error_of("[project]\nname = \"x\"\n\n[mesure]\nmin_runs = 3\n"),
            "hone.toml:4:2: unknown table [mesure]; did you mean [measure]?");
}

TEST(ConfigErrors, UnknownTableWithoutSuggestion) {
  EXPECT_THAT(error_of("[xyzzyplugh]\n"),
              StartsWith("hone.toml:1:2: unknown table [xyzzyplugh] (known tables: [project]"));
}

TEST(ConfigErrors, UnknownArrayOfTables) {
  EXPECT_EQ(error_of("[[benchmarks]]\nname = \"a\"\n"),
            "hone.toml:1:3: unknown table [[benchmarks]]; did you mean [[benchmark]]?");
}

TEST(ConfigErrors, UnknownSubTable) {
  EXPECT_EQ(error_of("[measure.extra]\nx = 1\n"),
            "hone.toml:1:10: unknown table [measure.extra] (known keys: metric, min_runs, "
            "max_runs, max_time, precision, warmup, pin, timeout, threshold, seed, env_padding, duet)");
}

TEST(ConfigErrors, UnknownTopLevelKey) {
  EXPECT_EQ(error_of("name = \"x\"\n"),
            "hone.toml:1:1: unknown key 'name' at top level; 'name' belongs in [project] or "
            "[[benchmark]] or [machine]");
}

TEST(ConfigErrors, WrongTypeInteger) {
  EXPECT_EQ(error_of("[measure]\nmin_runs = \"5\"\n"),
            "hone.toml:2:12: [measure] min_runs must be an integer, got string \"5\"");
}

TEST(ConfigErrors, WrongTypeFloatForInteger) {
  EXPECT_EQ(error_of("[measure]\nwarmup = 1.5\n"),
            "hone.toml:2:10: [measure] warmup must be an integer, got float 1.5");
}

TEST(ConfigErrors, WrongTypeString) {
  EXPECT_EQ(error_of("[project]\nbuild = [\"make\"]\n"), "hone.toml:2:9: [project] build must be a string, got array");
}

TEST(ConfigErrors, WrongTypeBoolean) {
  EXPECT_EQ(error_of("[target.t]\ncommand = \"x\"\nshell = \"yes\"\n"),
            "hone.toml:3:9: [target.t] shell must be a boolean (true or false), got string "
            "\"yes\"");
}

TEST(ConfigErrors, WrongTypeSection) {
  EXPECT_EQ(error_of("measure = 3\n"), "hone.toml:1:11: [measure] must be a table, got integer 3");
}

TEST(ConfigErrors, WrongTypeEnvValue) {
  EXPECT_EQ(error_of("[target.t]\ncommand = \"x\"\nenv = { N = 1 }\n"),
            "hone.toml:3:13: [target.t] env.N must be a string, got integer 1");
}

TEST(ConfigErrors, WrongTypeDoneElement) {
  EXPECT_EQ(error_of("[criteria]\ndone = [\"a\", 2]\n"),
            "hone.toml:2:14: [criteria] done[1] must be a string, got integer 2");
}

TEST(ConfigErrors, WrongTypeBenchmarkVar) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\nthreads = 4\n"),
            "hone.toml:3:11: [[benchmark]] 'a' threads must be a string (extra benchmark keys "
            "are text substituted for {threads}), got integer 4");
}

TEST(ConfigErrors, BadDuration) {
  EXPECT_EQ(error_of("[measure]\nmax_time = \"10 sec\"\n"),
            "hone.toml:2:12: [measure] max_time must be a duration like \"30s\", \"500ms\", "
            "\"1.5m\" or \"2h\", or a non-negative number of seconds, got string \"10 sec\"");
}

TEST(ConfigErrors, NegativeDuration) {
  EXPECT_THAT(error_of("[measure]\ntimeout = -1\n"),
              StartsWith("hone.toml:2:11: [measure] timeout must be a duration"));
}

TEST(ConfigErrors, ZeroMaxTime) {
  EXPECT_EQ(error_of("[measure]\nmax_time = 0\n"), "hone.toml:2:12: [measure] max_time must be above zero");
}

TEST(ConfigErrors, BadAgentTimeout) {
  EXPECT_EQ(parse("[agent]\nmax_file_size = \"2MB\"\n").agent.max_file_size, 2'000'000u);
  EXPECT_EQ(parse("[agent]\nmax_file_size = 4096\n").agent.max_file_size, 4096u);
  EXPECT_EQ(parse("").agent.max_file_size, 10'000'000u);
  EXPECT_THAT(error_of("[agent]\nmax_file_size = \"huge\"\n"),
              StartsWith("hone.toml:2:17: [agent] max_file_size must be a size like"));
  EXPECT_THAT(error_of("[agent]\ntimeout = \"forever\"\n"),
              StartsWith("hone.toml:2:11: [agent] timeout must be a duration"));
}

TEST(ConfigErrors, BadFraction) {
  EXPECT_EQ(error_of("[measure]\nprecision = \"tight\"\n"),
            "hone.toml:2:13: [measure] precision must be a fraction like \"1%\" or 0.01, got "
            "string \"tight\"");
}

TEST(ConfigErrors, FractionOfOneMeansPercentTip) {
  EXPECT_EQ(error_of("[measure]\nprecision = 1\n"),
            "hone.toml:2:13: [measure] precision must be above 0 and below 1 (100%), got "
            "integer 1; for 1 percent write \"1%\"");
}

TEST(ConfigErrors, ZeroPrecision) {
  EXPECT_THAT(error_of("[measure]\nprecision = \"0%\"\n"),
              StartsWith("hone.toml:2:13: [measure] precision must be above 0"));
}

TEST(ConfigErrors, NegativeRegression) {
  EXPECT_THAT(error_of("[criteria]\nregression = -0.1\n"),
              StartsWith("hone.toml:2:14: [criteria] regression must be at least 0"));
}

TEST(ConfigErrors, BadMetric) {
  EXPECT_EQ(error_of("[measure]\nmetric = \"wal\"\n"),
            "hone.toml:2:10: [measure] metric must be one of wall, cpu, max_rss, instructions, "
            "reported, got \"wal\"; did you mean 'wall'?");
}

TEST(ConfigErrors, BadMetricNoSuggestion) {
  EXPECT_EQ(error_of("[measure]\nmetric = \"joules\"\n"),
            "hone.toml:2:10: [measure] metric must be one of wall, cpu, max_rss, instructions, "
            "reported, got \"joules\"");
}

TEST(ConfigErrors, BadKind) {
  EXPECT_EQ(error_of("[target.ours]\ncommand = \"x\"\nkind = \"critreion\"\n"),
            "hone.toml:3:8: [target.ours] kind must be one of command, google-benchmark, "
            "criterion, hyperfine-json, regex, got \"critreion\"; did you mean 'criterion'?");
}

TEST(ConfigErrors, DuplicateBenchmarkName) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\n[[benchmark]]\nname = \"b\"\n"
                     "[[benchmark]]\nname = \"a\"\n[target.t]\ncommand = \"x\"\n"),
            "hone.toml:6:8: duplicate benchmark name \"a\" (first defined at hone.toml:2:8)");
}

TEST(ConfigErrors, BenchmarkWithoutName) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\n[[benchmark]]\nargs = \"x\"\n"),
            "hone.toml:3:1: [[benchmark]] #2 has no name (every [[benchmark]] needs name = "
            "\"...\")");
}

TEST(ConfigErrors, BenchmarkWithoutNameSuggestsTypo) {
  EXPECT_EQ(error_of("[[benchmark]]\nnmae = \"a\"\n"),
            "hone.toml:1:1: [[benchmark]] #1 has no name (every [[benchmark]] needs name = "
            "\"...\"); did you mean 'name' instead of 'nmae'?");
}

TEST(ConfigErrors, BadBenchmarkName) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"two words\"\n"),
            "hone.toml:2:8: [[benchmark]] #1 name \"two words\" is not a valid name: use "
            "letters, digits, '_', '.' and '-' only");
  EXPECT_THAT(error_of("[[benchmark]]\nname = \"\"\n"), StartsWith("hone.toml:2:8: "));
  EXPECT_THAT(error_of("[[benchmark]]\nname = \"a/b\"\n"), HasSubstr("not a valid name"));
}

TEST(ConfigErrors, BenchmarkNameWrongType) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = 3\n"),
            "hone.toml:2:8: [[benchmark]] #1 name must be a string, got integer 3");
}

TEST(ConfigErrors, BenchmarkAsSingleTable) {
  EXPECT_EQ(error_of("[benchmark]\nname = \"a\"\n"),
            "hone.toml:1:1: benchmarks are an array of tables: write [[benchmark]] (two "
            "brackets) for each benchmark, not [benchmark]");
}

TEST(ConfigErrors, BenchmarkReservedBenchKey) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\nbench = \"b\"\n"),
            "hone.toml:3:1: [[benchmark]] 'a' key 'bench' is reserved: {bench} is always the "
            "benchmark's name");
}

TEST(ConfigErrors, MissingCommand) {
  EXPECT_EQ(error_of("[target.ours]\nkind = \"command\"\n"),
            "hone.toml:1:1: [target.ours] needs a command (command = \"...\")");
}

TEST(ConfigErrors, EmptyCommand) {
  EXPECT_EQ(error_of("[target.ours]\ncommand = \"  \"\n"), "hone.toml:2:11: [target.ours] command must not be empty");
}

TEST(ConfigErrors, TargetWithoutName) {
  EXPECT_EQ(error_of("[target]\ncommand = \"x\"\n"),
            "hone.toml:2:1: 'command' in [target] is not a target (the target needs a name): "
            "each target is its own table, like [target.ours] with command = \"...\"");
}

TEST(ConfigErrors, BadTargetName) {
  EXPECT_EQ(error_of("[target.\"my tool\"]\ncommand = \"x\"\n"),
            "hone.toml:1:9: target name \"my tool\" is not a valid name: use letters, digits, "
            "'_', '.' and '-' only");
}

TEST(ConfigErrors, UnknownTargetSubTable) {
  EXPECT_EQ(error_of("[target.ours]\ncommand = \"x\"\n[target.ours.enx]\nA = \"1\"\n"),
            "hone.toml:3:14: unknown table [target.ours.enx]; did you mean 'env'?");
}

TEST(ConfigErrors, BenchmarksWithoutTargets) {
  EXPECT_EQ(error_of("[project]\nname = \"x\"\n[[benchmark]]\nname = \"a\"\n"),
            "hone.toml:3:1: benchmarks need at least one target to run: add a [target.NAME] "
            "table with a command, e.g. [target.ours] command = \"./build/app {args}\"");
}

TEST(ConfigErrors, OursNamesMissingTarget) {
  EXPECT_EQ(error_of("[project]\nours = \"mnie\"\n[target.mine]\ncommand = \"x\"\n"
                     "[target.other]\ncommand = \"y\"\n"),
            "hone.toml:2:8: [project] ours names target \"mnie\", which is not defined (did you "
            "mean 'mine'?); targets: mine, other");
}

TEST(ConfigErrors, MinRunsAboveMaxRuns) {
  EXPECT_EQ(error_of("[measure]\nmin_runs = 10\nmax_runs = 5\n"),
            "hone.toml:2:12: [measure] min_runs (10) must not exceed max_runs (5)");
}

TEST(ConfigErrors, MaxRunsBelowDefaultMinRuns) {
  EXPECT_EQ(error_of("[measure]\nmax_runs = 3\n"),
            "hone.toml:2:12: [measure] min_runs (5) must not exceed max_runs (3)");
}

TEST(ConfigErrors, MinRunsZero) {
  EXPECT_EQ(error_of("[measure]\nmin_runs = 0\n"), "hone.toml:2:12: [measure] min_runs must be at least 1, got 0");
}

TEST(ConfigErrors, NegativeWarmup) {
  EXPECT_EQ(error_of("[measure]\nwarmup = -1\n"), "hone.toml:2:10: [measure] warmup must be at least 0, got -1");
}

TEST(ConfigErrors, NegativeSeed) {
  EXPECT_EQ(error_of("[measure]\nseed = -3\n"), "hone.toml:2:8: [measure] seed must be at least 0, got -3");
}

TEST(ConfigErrors, BadPin) {
  EXPECT_EQ(error_of("[measure]\npin = \"0-x\"\n"),
            "hone.toml:2:7: [measure] pin: bad CPU list \"0-x\": 'x' at column 3 is not a CPU "
            "number; expected CPU numbers and ranges like \"0\", \"2-3\" or \"0,2,4-5\"");
}

TEST(ConfigErrors, BadPinType) {
  EXPECT_EQ(error_of("[measure]\npin = [0, 1]\n"),
            "hone.toml:2:7: [measure] pin must be a CPU list string like \"0\", \"2-3\" or "
            "\"0,2,4-5\", got array");
}

TEST(ConfigErrors, UnknownPlaceholderInCommand) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ninput = \"x\"\n[target.t]\n"
                     "command = \"run {inptu}\"\n"),
            "hone.toml:5:11: [target.t] command uses unknown placeholder {inptu} (did you mean "
            "{input}?); known: {args}, {bench}, {input}");
}

TEST(ConfigErrors, PlaceholderMissingFromOneBenchmark) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ninput = \"x\"\n[[benchmark]]\nname = \"b\"\n"
                     "[target.t]\ncommand = \"run {input}\"\n"),
            "hone.toml:7:11: [target.t] command uses placeholder {input}, but benchmark 'b' "
            "does not set input");
}

TEST(ConfigErrors, BareBraceInCommand) {
  EXPECT_EQ(error_of("[target.t]\ncommand = \"awk '{ print }' f\"\n"),
            "hone.toml:2:11: [target.t] command: '{' that does not start a placeholder like "
            "{args} at column 6 of: awk '{ print }' f (write {{ for a literal brace)");
}

TEST(ConfigErrors, UnterminatedQuoteInCommand) {
  EXPECT_EQ(error_of("[target.t]\ncommand = \"run 'x\"\n"),
            "hone.toml:2:11: [target.t] command: unterminated single quote at column 5 of: "
            "run 'x");
}

TEST(ConfigErrors, UnterminatedQuoteInBuild) {
  EXPECT_EQ(error_of("[project]\nbuild = \"make \\\"all\"\n"),
            "hone.toml:2:9: [project] build: unterminated double quote at column 6 of: make "
            "\"all");
}

TEST(ConfigErrors, ArgsThatCannotBeSplit) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\nargs = \"it's\"\n[target.t]\n"
                     "command = \"run {args}\"\n"),
            "hone.toml:3:8: [[benchmark]] 'a' args: unterminated single quote at column 3 of: "
            "it's (the value replaces {args} as whole words in [target.t] command)");
}

TEST(ConfigErrors, MisspeltArgsInBenchmark) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\narg = \"x\"\n[target.t]\n"
                     "command = \"run {args}\"\n"),
            "hone.toml:3:1: [[benchmark]] 'a' key 'arg' is used by no target command; did you "
            "mean 'args'?");
}

TEST(ConfigKeys, KeyNearArgsIsFineWhenACommandUsesIt) {
  Config c = parse(
      "[[benchmark]]\nname = \"a\"\narg = \"x\"\n[target.t]\n"
      "command = \"run {arg}\"\n");
  EXPECT_EQ(c.benchmarks[0].vars.at("arg"), "x");
}

TEST(ConfigErrors, BenchmarkKeyThatIsNoPlaceholderName) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\nin-file = \"x\"\n"),
            "hone.toml:3:1: [[benchmark]] 'a' key \"in-file\" cannot be a placeholder {name}: "
            "use letters, digits and '_', starting with a letter or '_'");
}

TEST(ConfigErrors, UnknownAgentPlaceholder) {
  EXPECT_EQ(error_of("[agent]\ncommand = \"agent {promt}\"\n"),
            "hone.toml:2:11: [agent] command uses unknown placeholder {promt} (did you mean "
            "{prompt}?); known: {prompt}, {report}, {worktree}, {hone_dir}");
}

TEST(ConfigErrors, BadBranchPrefix) {
  EXPECT_THAT(error_of("[git]\nbranch_prefix = \"my work/\"\n"),
              StartsWith("hone.toml:2:17: [git] branch_prefix \"my work/\" cannot start a git "
                         "branch name"));
  EXPECT_THAT(error_of("[git]\nbranch_prefix = \"a..b\"\n"), HasSubstr("cannot start"));
  EXPECT_EQ(error_of("[git]\nbranch_prefix = \"x.lock/\"\n"),
            "hone.toml:2:17: [git] branch_prefix \"x.lock/\" cannot start a git branch name: the "
            "component \"x.lock\" ends with \".lock\"");
}

// hone's rules agree with git's own: prefix + a slug is a valid branch name exactly when the
// config accepts the prefix.
TEST(ConfigErrors, BranchPrefixRulesAgreeWithGit) {
  for (std::string prefix : {"hone/", "",     "perf-", "a/b/",   "x.lock/", ".hidden/", "a/.b", "ok.lock", "a.lock.b/",
                             "x./",   "-x/",  "/x",    "a//b",   "a..b/",   "a@{b",     "a b/", "a~b",     "a:b",
                             "q?/",   "st*r", "br[",   "back\\", "at@/",    "a/.lock/", "v1.0/"}) {
    std::string cmd = "git check-ref-format --branch '" + prefix + "speed-up-parse' >/dev/null 2>&1";
    bool git_ok = std::system(cmd.c_str()) == 0;
    bool hone_ok = true;
    try {
      parse_config("[git]\nbranch_prefix = '" + prefix + "'\n", "hone.toml");
    } catch (const Error&) {
      hone_ok = false;
    }
    EXPECT_EQ(hone_ok, git_ok) << "prefix \"" << prefix << "\"";
  }
}

TEST(ConfigErrors, NulInEnvironment) {
  EXPECT_EQ(error_of("[target.ours]\ncommand = \"x\"\nenv = { A = \"a\\u0000b\" }\n"),
            "hone.toml:3:13: [target.ours] env.A must not contain a NUL character (\\u0000), got "
            "\"a\\u0000b\"");
}

TEST(ConfigErrors, ContextOutsideTheRepository) {
  char dir_template[] = "/tmp/hone-config-test.XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  std::filesystem::create_directories(dir + "/repo/.git");
  std::filesystem::create_directories(dir + "/repo/sub");
  const std::string file = dir + "/repo/sub/hone.toml";
  auto load = [&](const std::string& context) {
    return parse_config("[agent]\ncontext = ['" + context + "']\n", file);
  };
  EXPECT_EQ(load("../DESIGN.md").agent.context, std::vector<std::string>{"../DESIGN.md"});  // in the repository
  for (const char* outside : {"../../secret.env", "/etc/passwd", "../../repo2/x"}) {
    try {
      load(outside);
      ADD_FAILURE() << outside << " was accepted";
    } catch (const Error& e) {
      EXPECT_THAT(e.what(), HasSubstr(":2:12: [agent] context \"" + std::string(outside) + "\" lies outside "));
      EXPECT_THAT(e.what(), HasSubstr(dir + "/repo (the repository)"));
    }
  }
  // A symbolic link inside the repository that leads out of it is outside too.
  std::filesystem::create_symlink("/etc", dir + "/repo/sub/etc");
  EXPECT_THROW(load("etc/passwd"), Error);
  std::filesystem::remove_all(dir);
}

TEST(ConfigErrors, EmptyDoneEntry) {
  EXPECT_EQ(error_of("[criteria]\ndone = [\"x < 10ms\", \" \"]\n"),
            "hone.toml:2:21: [criteria] done[1] must not be empty");
}

TEST(ConfigErrors, DoneSentencesAreCheckedWhenTheFileLoads) {
  // The column points into the sentence: 'than' is at column 8 of it, the string's quote at 9.
  EXPECT_EQ(error_of("[criteria]\ndone = [\"x < 10ms\",\n  \"faster thn gnu-wc on 3/4 benchmarks\"]\n"),
            "hone.toml:3:11: [criteria] done[1]: expected 'than' after 'faster'\n"
            "  faster thn gnu-wc on 3/4 benchmarks\n"
            "         ^");
}

TEST(ConfigErrors, MessageUsesFileAsGiven) {
  try {
    parse_config("[measure]\nbogus = 1\n", "examples/wc/hone.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), StartsWith("examples/wc/hone.toml:2:1: unknown key 'bogus'"));
  }
}

TEST(ConfigErrors, AbsoluteFileOutsideCwdStaysAbsolute) {
  try {
    parse_config("[measure]\nbogus = 1\n", "/nonexistent-hone/hone.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), StartsWith("/nonexistent-hone/hone.toml:2:1: "));
  }
}

// ---- which benchmarks run on which targets; harness-kind keys -----------------------------

// Two command targets, two harness targets, and benchmarks with and without `targets`.
constexpr const char* kMixed = R"(
[[benchmark]]
name = "file"
args = "in.txt"

[[benchmark]]
name = "micro-only"
harness = "BM_Count/utf8"
targets = ["micro"]

[[benchmark]]
name = "ours-and-micro"
args = "in2.txt"
harness = "BM_Count/short"
targets = ["ours", "micro"]

[[benchmark]]
name = "crit-only"
targets = "crit"

[target.ours]
command = "./wc {args}"

[target.gnu]
command = "wc {args}"

[target.micro]
command = "./bench --benchmark_filter=^{harness}$ --benchmark_format=json"
kind = "google-benchmark"

[target.crit]
command = "cargo bench -- --exact {bench}"
kind = "criterion"
)";

TEST(ConfigRunsOn, BenchmarkTargetsAndHarness) {
  Config c = parse(kMixed);
  ASSERT_EQ(c.benchmarks.size(), 4u);
  EXPECT_TRUE(c.benchmarks[0].targets.empty());
  EXPECT_EQ(c.benchmarks[0].harness, "");
  EXPECT_EQ(c.benchmarks[0].harness_name(), "file");
  EXPECT_THAT(c.benchmarks[1].targets, ElementsAre("micro"));
  EXPECT_EQ(c.benchmarks[1].harness, "BM_Count/utf8");
  EXPECT_EQ(c.benchmarks[1].harness_name(), "BM_Count/utf8");
  // harness is a named field and a placeholder value; targets is no placeholder.
  EXPECT_EQ(c.benchmarks[1].vars, (std::map<std::string, std::string>{{"harness", "BM_Count/utf8"}}));
  EXPECT_THAT(c.benchmarks[2].targets, ElementsAre("ours", "micro"));
  EXPECT_THAT(c.benchmarks[3].targets, ElementsAre("crit"));  // one string is one target
  EXPECT_TRUE(c.benchmarks[3].vars.empty());
}

TEST(ConfigRunsOn, CommandTargetsRunUnrestrictedOrNamingBenchmarks) {
  Config c = parse(kMixed);
  const TargetConfig& ours = *c.find_target("ours");
  const TargetConfig& gnu = *c.find_target("gnu");
  EXPECT_TRUE(c.runs_on(*c.find_benchmark("file"), ours));
  EXPECT_TRUE(c.runs_on(*c.find_benchmark("file"), gnu));
  EXPECT_FALSE(c.runs_on(*c.find_benchmark("micro-only"), ours));
  EXPECT_FALSE(c.runs_on(*c.find_benchmark("micro-only"), gnu));
  EXPECT_TRUE(c.runs_on(*c.find_benchmark("ours-and-micro"), ours));
  EXPECT_FALSE(c.runs_on(*c.find_benchmark("ours-and-micro"), gnu));
  EXPECT_FALSE(c.runs_on(*c.find_benchmark("crit-only"), ours));
}

TEST(ConfigRunsOn, HarnessTargetsRunOnlyNamingBenchmarks) {
  Config c = parse(kMixed);
  const TargetConfig& micro = *c.find_target("micro");
  const TargetConfig& crit = *c.find_target("crit");
  EXPECT_FALSE(c.runs_on(*c.find_benchmark("file"), micro));  // unset targets: not a harness's
  EXPECT_FALSE(c.runs_on(*c.find_benchmark("file"), crit));
  EXPECT_TRUE(c.runs_on(*c.find_benchmark("micro-only"), micro));
  EXPECT_FALSE(c.runs_on(*c.find_benchmark("micro-only"), crit));
  EXPECT_TRUE(c.runs_on(*c.find_benchmark("ours-and-micro"), micro));
  EXPECT_TRUE(c.runs_on(*c.find_benchmark("crit-only"), crit));
  EXPECT_FALSE(c.runs_on(*c.find_benchmark("crit-only"), micro));
}

TEST(ConfigRunsOn, EveryHarnessKindIsAHarness) {
  for (std::string kind : {"google-benchmark", "criterion", "hyperfine-json", "regex"}) {
    SCOPED_TRACE(kind);
    Config c = parse(
        "[[benchmark]]\nname = \"a\"\n[[benchmark]]\nname = \"b\"\ntargets = [\"h\"]\n"
        "[target.cmd]\ncommand = \"x\"\n[target.h]\ncommand = \"y\"\nkind = \"" +
        kind + "\"\n" + (kind == "regex" ? "pattern = '(\\d+)'\n" : ""));
    EXPECT_FALSE(c.runs_on(c.benchmarks[0], c.targets[1]));
    EXPECT_TRUE(c.runs_on(c.benchmarks[1], c.targets[1]));
    EXPECT_TRUE(c.runs_on(c.benchmarks[0], c.targets[0]));
    EXPECT_FALSE(c.runs_on(c.benchmarks[1], c.targets[0]));
  }
}

// {harness} is checked only against the benchmarks a target runs: the file benchmarks set no
// harness, and that is fine because the harness target never runs them.
TEST(ConfigRunsOn, PlaceholdersCheckedOnlyAgainstBenchmarksTheTargetRuns) {
  EXPECT_NO_THROW(parse(kMixed));
  // A command target that uses {harness} runs "file", which has none.
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"file\"\n[[benchmark]]\nname = \"m\"\n"
                     "harness = \"BM_X\"\n[target.ours]\ncommand = \"run {harness}\"\n"),
            "hone.toml:7:11: [target.ours] command uses placeholder {harness}, but benchmark "
            "'file' does not set harness");
  // A harness target that runs a benchmark without harness.
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"m\"\ntargets = [\"micro\"]\n[target.micro]\n"
                     "command = \"./b --benchmark_filter={harness}\"\nkind = \"google-benchmark\"\n"),
            "hone.toml:5:11: [target.micro] command uses placeholder {harness}, but benchmark "
            "'m' does not set harness");
  // Other placeholders too: {input} only where the target runs.
  EXPECT_NO_THROW(
      parse("[[benchmark]]\nname = \"a\"\ninput = \"x\"\n[[benchmark]]\nname = \"b\"\n"
            "targets = [\"other\"]\n[target.ours]\ncommand = \"run {input}\"\n"
            "[target.other]\ncommand = \"other {args}\"\n"));
}

TEST(ConfigRunsOn, HarnessKeyUnusedByCommandsIsFine) {
  // The adapter reads harness from the output even when no command says {harness}.
  Config c = parse(
      "[[benchmark]]\nname = \"a\"\nharness = \"g/a\"\ntargets = [\"crit\"]\n"
      "[target.crit]\ncommand = \"cargo bench\"\nkind = \"criterion\"\n");
  EXPECT_EQ(c.benchmarks[0].harness_name(), "g/a");
}

TEST(ConfigKeys, TargetKindKeys) {
  Config c = parse(R"(
[target.log]
command = "./replay"
kind = "regex"
pattern = 'elapsed: (?<value>[0-9.]+) ms'
unit = "ms"

[target.first-group]
command = "./replay"
kind = "regex"
pattern = 'took (\d+) ns \((?:cold|warm)\)'

[target.python-style]
command = "./replay"
kind = "regex"
pattern = 'took (?P<value>\d+) ms'

[target.crit]
command = "cargo bench"
kind = "criterion"
criterion_dir = "build/criterion"

[target.crit-default]
command = "cargo bench"
kind = "criterion"

[target.micro]
command = "./micro"
kind = "google-benchmark"
cpu_time = true
)");
  ASSERT_EQ(c.targets.size(), 6u);
  EXPECT_EQ(c.find_target("python-style")->pattern, "took (?P<value>\\d+) ms");
  EXPECT_EQ(c.targets[0].pattern, "elapsed: (?<value>[0-9.]+) ms");
  EXPECT_EQ(c.targets[0].unit, "ms");
  EXPECT_EQ(c.targets[1].pattern, "took (\\d+) ns \\((?:cold|warm)\\)");
  EXPECT_EQ(c.targets[1].unit, "");
  EXPECT_EQ(c.find_target("crit")->criterion_dir, "build/criterion");
  EXPECT_EQ(c.find_target("crit-default")->criterion_dir, "target/criterion");
  EXPECT_TRUE(c.find_target("micro")->cpu_time);
  EXPECT_EQ(c.find_target("micro")->pattern, "");
}

TEST(ConfigErrors, UnknownTargetInBenchmarkTargets) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ntargets = [\"ours\", \"mirco\"]\n"
                     "[target.ours]\ncommand = \"x\"\n[target.micro]\ncommand = \"y\"\n"
                     "kind = \"google-benchmark\"\n"),
            "hone.toml:3:20: [[benchmark]] 'a' targets names \"mirco\", which is not a target "
            "(did you mean 'micro'?); targets: ours, micro");
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ntargets = \"gpu\"\n[target.ours]\ncommand = \"x\"\n"),
            "hone.toml:3:11: [[benchmark]] 'a' targets names \"gpu\", which is not a target; "
            "targets: ours");
}

TEST(ConfigErrors, BenchmarkTargetsMalformed) {
  const std::string target = "[target.ours]\ncommand = \"x\"\n";
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ntargets = []\n" + target),
            "hone.toml:3:11: [[benchmark]] 'a' targets must name at least one target; leave it "
            "out to run the benchmark on every command target");
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ntargets = [\"ours\", \"ours\"]\n" + target),
            "hone.toml:3:20: [[benchmark]] 'a' targets names \"ours\" twice");
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ntargets = [\"ours\", 2]\n" + target),
            "hone.toml:3:20: [[benchmark]] 'a' targets[1] must be a string, got integer 2");
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ntargets = 1\n" + target),
            "hone.toml:3:11: [[benchmark]] 'a' targets must be an array of strings, got integer 1");
}

TEST(ConfigErrors, BenchmarkHarnessMalformed) {
  const std::string target = "[target.ours]\ncommand = \"x\"\n";
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\nharness = 3\n" + target),
            "hone.toml:3:11: [[benchmark]] 'a' harness must be a string (the benchmark's name in "
            "the harness's output, like \"BM_Count/utf8\"), got integer 3");
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\nharness = \" \"\n" + target),
            "hone.toml:3:11: [[benchmark]] 'a' harness must not be empty");
}

TEST(ConfigErrors, MisspeltTargetsOrHarnessInBenchmark) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ntarget = \"micro\"\n[target.ours]\n"
                     "command = \"x\"\n"),
            "hone.toml:3:1: [[benchmark]] 'a' key 'target' is used by no target command; did you "
            "mean 'targets'?");
  EXPECT_EQ(error_of("[target.ours]\ncommand = \"x\"\ntargets = [\"ours\"]\n"),
            "hone.toml:3:1: unknown key 'targets' in [target.ours]; 'targets' belongs in "
            "[[benchmark]]");
}

TEST(ConfigErrors, PatternOnNonRegexTarget) {
  EXPECT_EQ(error_of("[target.ours]\ncommand = \"x\"\npattern = 'a(\\d+)'\n"),
            "hone.toml:3:11: [target.ours] pattern is only for kind = \"regex\" targets, and this "
            "target's kind is \"command\"");
  EXPECT_EQ(error_of("[target.m]\ncommand = \"x\"\nkind = \"google-benchmark\"\nunit = \"ms\"\n"),
            "hone.toml:4:8: [target.m] unit is only for kind = \"regex\" targets, and this "
            "target's kind is \"google-benchmark\"");
}

TEST(ConfigErrors, KindKeysOnOtherKinds) {
  EXPECT_EQ(error_of("[target.r]\ncommand = \"x\"\nkind = \"regex\"\npattern = '(\\d+)'\n"
                     "criterion_dir = \"t\"\n"),
            "hone.toml:5:17: [target.r] criterion_dir is only for kind = \"criterion\" targets, "
            "and this target's kind is \"regex\"");
  EXPECT_EQ(error_of("[target.c]\ncommand = \"x\"\nkind = \"criterion\"\ncpu_time = true\n"),
            "hone.toml:4:12: [target.c] cpu_time is only for kind = \"google-benchmark\" targets, "
            "and this target's kind is \"criterion\"");
}

TEST(ConfigErrors, RegexTargetWithoutPattern) {
  EXPECT_EQ(error_of("[target.log]\ncommand = \"x\"\nkind = \"regex\"\n"),
            "hone.toml:3:8: [target.log] has kind = \"regex\" and needs a pattern: a regular "
            "expression over the command's output whose group (?<value>...) matches the number, "
            "e.g. pattern = 'time: (?<value>[0-9.]+) ms'");
}

TEST(ConfigErrors, BadPatterns) {
  auto err = [](const std::string& pattern) {
    return error_of("[target.log]\ncommand = \"x\"\nkind = \"regex\"\npattern = '" + pattern + "'\n");
  };
  EXPECT_EQ(err("took [0-9]+ ms"),
            "hone.toml:4:11: [target.log] pattern \"took [0-9]+ ms\" has no group: put "
            "(?<value>...) around the number, e.g. 'time: (?<value>[0-9.]+) ms'");
  // Non-capturing groups, escaped and bracketed parentheses are no groups.
  EXPECT_THAT(err("(?:a|b)\\(x\\)[(]"), HasSubstr(" has no group: "));
  EXPECT_EQ(err("took (?<ms>\\d+)"),
            "hone.toml:4:11: [target.log] pattern \"took (?<ms>\\\\d+)\" names its groups (ms) "
            "but none 'value': write (?<value>...) around the number");
  EXPECT_THAT(err("took (?<value>\\d+"),
              StartsWith("hone.toml:4:11: [target.log] pattern \"took (?<value>\\\\d+\" is not a "
                         "valid regular expression (RE2 syntax; no lookaround or backreferences): "
                         "missing ): took (?<value>\\d+"));
  EXPECT_THAT(err("(\\d+"), HasSubstr("is not a valid regular expression"));
  EXPECT_THAT(err("(?<value\\d+)"), HasSubstr("invalid named capture group"));
  EXPECT_THAT(err("(?<value>\\d+) (?<value>\\d+)"), HasSubstr("names two groups \"value\""));
  EXPECT_THAT(err("(?<v-1>\\d+)"), HasSubstr("invalid named capture group"));
  // RE2 has no lookbehind (nor backtracking): not a valid pattern.
  EXPECT_THAT(err("(?<=a)(b)"), HasSubstr("no lookaround"));
  EXPECT_EQ(error_of("[target.log]\ncommand = \"x\"\nkind = \"regex\"\npattern = ''\n"),
            "hone.toml:4:11: [target.log] pattern \"\" must not be empty");
  EXPECT_EQ(error_of("[target.log]\ncommand = \"x\"\nkind = \"regex\"\npattern = 1\n"),
            "hone.toml:4:11: [target.log] pattern must be a string, got integer 1");
}

TEST(ConfigErrors, KindKeysWrongTypes) {
  EXPECT_EQ(error_of("[target.m]\ncommand = \"x\"\nkind = \"google-benchmark\"\ncpu_time = \"yes\"\n"),
            "hone.toml:4:12: [target.m] cpu_time must be a boolean (true or false), got string "
            "\"yes\"");
  EXPECT_EQ(error_of("[target.c]\ncommand = \"x\"\nkind = \"criterion\"\ncriterion_dir = \"\"\n"),
            "hone.toml:4:17: [target.c] criterion_dir must not be empty");
  EXPECT_EQ(error_of("[target.r]\ncommand = \"x\"\nkind = \"regex\"\npattern = '(\\d+)'\n"
                     "unit = \"m s\"\n"),
            "hone.toml:5:8: [target.r] unit must be a unit name like \"ms\", got \"m s\"");
}

TEST(ConfigErrors, BenchmarkRunsOnNoTarget) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ntargets = [\"m\"]\n[[benchmark]]\nname = \"b\"\n"
                     "[target.m]\ncommand = \"x\"\nkind = \"google-benchmark\"\n"),
            "hone.toml:4:1: [[benchmark]] 'b' runs on no target: without a targets key it runs on "
            "every command target, and there is none (harness targets run only the benchmarks "
            "that name them); add targets = [\"m\"]");
}

TEST(ConfigErrors, TargetRunsNoBenchmark) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\n[target.ours]\ncommand = \"x\"\n"
                     "[target.micro]\ncommand = \"y\"\nkind = \"google-benchmark\"\n"),
            "hone.toml:5:1: [target.micro] runs no benchmark: a google-benchmark target runs only "
            "the benchmarks that name it in targets; add targets = [\"micro\"] to the "
            "[[benchmark]] tables it should run");
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ntargets = [\"ours\"]\n[target.ours]\n"
                     "command = \"x\"\n[target.gnu]\ncommand = \"y\"\n"),
            "hone.toml:6:1: [target.gnu] runs no benchmark: every [[benchmark]] has a targets "
            "list without \"gnu\"; add it to the targets of the benchmarks it should run");
  // Without benchmarks nothing runs anyway: no error.
  EXPECT_NO_THROW(parse("[target.micro]\ncommand = \"y\"\nkind = \"google-benchmark\"\n"));
}

TEST(ConfigErrors, HarnessTargetCommandCheckedWhenItRunsNothing) {
  // {harness} is known before any benchmark sets it; quotes and braces are still checked.
  EXPECT_NO_THROW(
      parse("[target.m]\ncommand = \"./b --benchmark_filter=^{harness}$\"\n"
            "kind = \"google-benchmark\"\n"));
  EXPECT_THAT(error_of("[target.m]\ncommand = \"./b '{harness}\"\nkind = \"google-benchmark\"\n"),
              StartsWith("hone.toml:2:11: [target.m] command: "));
  EXPECT_THAT(error_of("[[benchmark]]\nname = \"x\"\nharness = \"h\"\n[target.m]\n"
                       "command = \"./b '{harness}\"\nkind = \"google-benchmark\"\n"
                       "[target.ours]\ncommand = \"z\"\n"),
              StartsWith("hone.toml:5:11: [target.m] command: "));
}

// ---- CPU lists ------------------------------------------------------------------------

TEST(CpuList, Single) { EXPECT_THAT(parse_cpu_list("0"), ElementsAre(0)); }
TEST(CpuList, Range) { EXPECT_THAT(parse_cpu_list("2-3"), ElementsAre(2, 3)); }
TEST(CpuList, Mixed) { EXPECT_THAT(parse_cpu_list("0,2,4-5"), ElementsAre(0, 2, 4, 5)); }
TEST(CpuList, SortedAndDeduplicated) { EXPECT_THAT(parse_cpu_list("5, 1-3 ,2"), ElementsAre(1, 2, 3, 5)); }
TEST(CpuList, EmptyIsNone) {
  EXPECT_TRUE(parse_cpu_list("").empty());
  EXPECT_TRUE(parse_cpu_list("  ").empty());
}

std::string cpu_error(const std::string& text) {
  try {
    parse_cpu_list(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(CpuList, Errors) {
  EXPECT_EQ(cpu_error("a"),
            "bad CPU list \"a\": 'a' at column 1 is not a CPU number; expected CPU numbers and "
            "ranges like \"0\", \"2-3\" or \"0,2,4-5\"");
  EXPECT_THAT(cpu_error("3-1"), HasSubstr("range 3-1 runs backwards"));
  EXPECT_THAT(cpu_error("0,"), HasSubstr("a number is missing at the end"));
  EXPECT_THAT(cpu_error("0,,1"), HasSubstr("',' at column 3 is not a CPU number"));
  EXPECT_THAT(cpu_error("-1"), HasSubstr("'-' at column 1"));
  EXPECT_THAT(cpu_error("1 2"), HasSubstr("'2' at column 3"));
  EXPECT_THAT(cpu_error("99999"), HasSubstr("CPU 99999 is too large"));
  EXPECT_THAT(cpu_error("0-"), StartsWith("bad CPU list \"0-\""));
}

// ---- starter file ---------------------------------------------------------------------

TEST(Starter, ParsesBackWithDefaults) {
  Config c = parse(starter_config("textcrdt"));
  EXPECT_EQ(c.project.name, "textcrdt");
  EXPECT_EQ(c.project.artifacts, "perf");
  EXPECT_EQ(c.project.ours, "ours");
  ASSERT_EQ(c.benchmarks.size(), 1u);
  ASSERT_EQ(c.targets.size(), 2u);
  EXPECT_EQ(c.targets[0].name, "ours");
  EXPECT_EQ(c.targets[1].name, "competitor");
  MeasureConfig d;
  EXPECT_EQ(c.measure.metric, d.metric);
  EXPECT_EQ(c.measure.min_runs, d.min_runs);
  EXPECT_EQ(c.measure.max_runs, d.max_runs);
  EXPECT_DOUBLE_EQ(c.measure.max_time, d.max_time);
  EXPECT_DOUBLE_EQ(c.measure.precision, d.precision);
  EXPECT_EQ(c.measure.warmup, d.warmup);
  EXPECT_EQ(c.measure.pin, d.pin);
  EXPECT_DOUBLE_EQ(c.measure.timeout, d.timeout);
  EXPECT_DOUBLE_EQ(c.measure.threshold, d.threshold);
  EXPECT_EQ(c.measure.seed, d.seed);
  EXPECT_EQ(c.measure.env_padding, d.env_padding);
  EXPECT_DOUBLE_EQ(c.criteria.regression, CriteriaConfig{}.regression);
  EXPECT_DOUBLE_EQ(c.agent.timeout, AgentConfig{}.timeout);
  EXPECT_EQ(c.git.branch_prefix, GitConfig{}.branch_prefix);
}

TEST(Starter, DocumentsEveryKey) {
  std::string s = starter_config("x");
  for (std::string key :
       {"[project]",    "name =",        "build =",     "test =",     "artifacts =",     "ours =",      "[[benchmark]]",
        "args =",       "[target.ours]", "command =",   "kind =",     "shell =",         "dir =",       "env =",
        "[measure]",    "metric =",      "min_runs =",  "max_runs =", "max_time =",      "precision =", "warmup =",
        "pin =",        "timeout =",     "threshold =", "seed =",     "env_padding =",   "[criteria]",  "done =",
        "regression =", "[agent]",       "context =",   "[git]",      "branch_prefix =", "targets =",   "harness ="})
    EXPECT_THAT(s, HasSubstr(key));
}

TEST(Starter, QuotesAwkwardNames) {
  Config c = parse(starter_config("we \"quote\" \\ back\tslash"));
  EXPECT_EQ(c.project.name, "we \"quote\" \\ back\tslash");
}

// ---- files ----------------------------------------------------------------------------

class ConfigFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hone_config_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "a/b/c");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  fs::path dir_;
};

TEST_F(ConfigFiles, FindConfigInDir) {
  write(dir_ / "a/hone.toml", "");
  EXPECT_EQ(find_config(dir_ / "a"), dir_ / "a/hone.toml");
}

TEST_F(ConfigFiles, FindConfigWalksParents) {
  write(dir_ / "a/hone.toml", "");
  EXPECT_EQ(find_config(dir_ / "a/b/c"), dir_ / "a/hone.toml");
}

TEST_F(ConfigFiles, FindConfigNearestWins) {
  write(dir_ / "a/hone.toml", "");
  write(dir_ / "a/b/hone.toml", "");
  EXPECT_EQ(find_config(dir_ / "a/b/c"), dir_ / "a/b/hone.toml");
}

TEST_F(ConfigFiles, FindConfigIgnoresDirectoryNamedHoneToml) {
  fs::create_directories(dir_ / "a/b/hone.toml");
  write(dir_ / "a/hone.toml", "");
  EXPECT_EQ(find_config(dir_ / "a/b"), dir_ / "a/hone.toml");
}

TEST_F(ConfigFiles, FindConfigNone) {
  // Nothing in dir_ or (normally) above /tmp; assert only that it does not find ours.
  auto found = find_config(dir_ / "a/b/c");
  if (found) {
    EXPECT_FALSE(found->string().starts_with(dir_.string()));
  }
}

TEST_F(ConfigFiles, LoadConfig) {
  write(dir_ / "a/hone.toml", std::string(kMinimal) + "[target.ours.env]\nX = \"1\"\n");
  Config c = load_config(dir_ / "a/hone.toml");
  EXPECT_EQ(c.file, dir_ / "a/hone.toml");
  EXPECT_EQ(c.root, dir_ / "a");
  EXPECT_EQ(c.project.name, "a");
  EXPECT_EQ(c.targets[0].env.at("X"), "1");
}

TEST_F(ConfigFiles, LoadConfigResolvesDirAgainstItsFolder) {
  write(dir_ / "a/hone.toml", "[target.t]\ncommand = \"x\"\ndir = \"b/c\"\n");
  EXPECT_EQ(load_config(dir_ / "a/hone.toml").targets[0].dir, (dir_ / "a/b/c").string());
}

TEST_F(ConfigFiles, LoadConfigMissingFile) {
  fs::path p = dir_ / "missing.toml";
  try {
    load_config(p);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read " + p.string() + ": No such file or directory");
  }
}

TEST_F(ConfigFiles, LoadConfigDirectory) {
  try {
    load_config(dir_ / "a");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), StartsWith("cannot read " + (dir_ / "a").string() + ": "));
  }
}

TEST_F(ConfigFiles, LoadConfigErrorNamesFile) {
  write(dir_ / "a/hone.toml", "[measure]\nmin_runs = \"5\"\n");
  try {
    load_config(dir_ / "a/hone.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), StartsWith((dir_ / "a/hone.toml").string() + ":2:12: "));
  }
}

TEST_F(ConfigFiles, ExampleConfigParses) {
  fs::path example = fs::path(HONE_SOURCE_DIR) / "examples/wc/hone.toml";
  if (!fs::exists(example)) GTEST_SKIP() << "no " << example;
  Config c = load_config(example);
  EXPECT_FALSE(c.targets.empty());
  // Both kinds: the whole-command targets run the four input files, the Google Benchmark
  // target runs the four micro benchmarks, by their harness names.
  const TargetConfig* ours = c.find_target("ours");
  const TargetConfig* gnu = c.find_target("gnu-wc");
  const TargetConfig* micro = c.find_target("micro");
  ASSERT_TRUE(ours && gnu && micro);
  EXPECT_EQ(c.project.ours, "ours");
  EXPECT_EQ(micro->kind, "google-benchmark");
  std::vector<std::string> on_ours, on_micro, harness;
  for (const auto& b : c.benchmarks) {
    EXPECT_EQ(c.runs_on(b, *ours), c.runs_on(b, *gnu)) << b.name;
    EXPECT_NE(c.runs_on(b, *ours), c.runs_on(b, *micro)) << b.name;
    if (c.runs_on(b, *ours)) on_ours.push_back(b.name);
    if (c.runs_on(b, *micro)) on_micro.push_back(b.name), harness.push_back(b.harness);
  }
  EXPECT_THAT(on_ours, ElementsAre("short-lines", "long-lines", "small-words", "utf8"));
  EXPECT_EQ(on_micro.size(), 4u);
  EXPECT_THAT(harness,
              ElementsAre("BM_Count/short-lines", "BM_Count/long-lines", "BM_Count/small-words", "BM_Count/utf8"));
}

// Every ```toml block of docs/config.md is valid: the reference cannot drift from the parser.
TEST(Docs, EveryTomlExampleParses) {
  fs::path doc = fs::path(HONE_SOURCE_DIR) / "docs/config.md";
  std::ifstream in(doc);
  ASSERT_TRUE(in) << "cannot read " << doc;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  int blocks = 0, complete = 0;
  for (size_t pos = 0; (pos = text.find("```toml\n", pos)) != std::string::npos;) {
    pos += 8;
    size_t end = text.find("```", pos);
    ASSERT_NE(end, std::string::npos);
    std::string block = text.substr(pos, end - pos);
    pos = end + 3;
    ++blocks;
    bool has_targets = block.find("[target.") != std::string::npos;
    // A snippet that shows only benchmarks gets a target so that it stands alone.
    if (!has_targets && block.find("[[benchmark]]") != std::string::npos)
      block += "\n[target.t]\ncommand = \"x {args}\"\n";
    SCOPED_TRACE("block " + std::to_string(blocks) + ":\n" + block);
    Config c;
    EXPECT_NO_THROW(c = parse(block));
    if (block.find("[project]") != std::string::npos && has_targets) {
      ++complete;
      EXPECT_FALSE(c.benchmarks.empty());
      EXPECT_NE(c.find_target(c.project.ours), nullptr);
    }
  }
  EXPECT_GE(blocks, 8);
  EXPECT_EQ(complete, 2);  // the Rust and the C++ example
}

TEST(Docs, DocumentsEveryKey) {
  std::ifstream in(fs::path(HONE_SOURCE_DIR) / "docs/config.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::string key : {"name",     "build",         "test",     "artifacts",     "ours",    "args",      "command",
                          "kind",     "shell",         "dir",      "env",           "metric",  "min_runs",  "max_runs",
                          "max_time", "precision",     "warmup",   "pin",           "timeout", "threshold", "seed",
                          "done",     "regression",    "context",  "branch_prefix", "targets", "harness",   "pattern",
                          "unit",     "criterion_dir", "cpu_time", "template",      "protect"})
    EXPECT_THAT(text, HasSubstr("| `" + key + "` |")) << key;
}

}  // namespace
}  // namespace hone

namespace hone {
namespace {

TEST(ConfigErrors, ShellSyntaxInABuildCommandIsLocatedWithAFix) {
  EXPECT_THAT(error_of("[project]\nbuild = \"cd bench && make\"\n"),
              StartsWith("hone.toml:2:9: [project] build: 'cd' is a shell builtin, not a program"));
  EXPECT_THAT(error_of("[project]\nbuild = \"cd bench && make\"\n"), HasSubstr("build = \"make -C bench\""));
  EXPECT_THAT(error_of("[project]\ntest = \"make && make check\"\n"), HasSubstr("'&&' is shell syntax"));
}

}  // namespace
}  // namespace hone

namespace hone {
namespace {

constexpr const char* kHeldOut = R"(
[[benchmark]]
name = "shown"

[[benchmark]]
name = "hidden"
held_out = true

[target.ours]
command = "./app {bench}"
)";

TEST(ConfigHeldOut, ParsedAndKeptInTheMainCheckout) {
  Config c = parse_config(kHeldOut, "/proj/hone.toml");
  ASSERT_EQ(c.benchmarks.size(), 2u);
  EXPECT_FALSE(c.benchmarks[0].held_out);
  EXPECT_TRUE(c.benchmarks[1].held_out);
  EXPECT_EQ(c.worktree, "");
  EXPECT_EQ(c.home, fs::path("/proj"));
}

TEST(ConfigHeldOut, LeftOutInsideHonesWorktrees) {
  Config c = parse_config(kHeldOut, "/proj/.hone/worktrees/range-tests/hone.toml");
  ASSERT_EQ(c.benchmarks.size(), 1u);
  EXPECT_EQ(c.benchmarks[0].name, "shown");
  EXPECT_EQ(c.worktree, "range-tests");
  EXPECT_EQ(c.home, fs::path("/proj"));
  EXPECT_EQ(c.project.name, "proj");  // not the worktree's name
}

TEST(ConfigHeldOut, EveryBenchmarkHiddenIsAnError) {
  std::string text = std::string(kHeldOut);
  text.replace(text.find("name = \"shown\""), 14, "name = \"shown\"\nheld_out = true");
  EXPECT_THAT(error_of(text), HasSubstr("hone.toml:2:1: every [[benchmark]] has held_out = true"));
  EXPECT_THAT(error_of(std::string(kHeldOut).replace(std::string(kHeldOut).find("true"), 4, "1")),
              HasSubstr("[[benchmark]] 'hidden' held_out must be a boolean (true or false), got integer 1"));
}

TEST(CheckoutOf, MapsAWorktreeFolderToTheMainCheckout) {
  EXPECT_EQ(checkout_of("/r/.hone/worktrees/a1b2c3/sub/dir").home, fs::path("/r/sub/dir"));
  EXPECT_EQ(checkout_of("/r/.hone/worktrees/a1b2c3/sub/dir").worktree, "a1b2c3");
  EXPECT_EQ(checkout_of("/r/.hone/worktrees/x/").home, fs::path("/r"));
  EXPECT_EQ(checkout_of("/r/sub").home, fs::path("/r/sub"));
  EXPECT_EQ(checkout_of("/r/sub").worktree, "");
  EXPECT_EQ(checkout_of("/r/worktrees/x").worktree, "");  // not hone's
}

const char* kLayoutProject = R"([project]
build = "cc -O2 {layout} -o prog prog.c"

[[benchmark]]
name = "b"

[target.ours]
command = "./prog"
)";

TEST(ConfigLayout, VariantsAreTheValuesOfLayoutInTheBuildOfOurs) {
  Config c =
      parse_config(std::string(kLayoutProject) + "\n[layout]\nvariants = [\"-DPAD=0\", \"-DPAD=16\"]\n", "hone.toml");
  EXPECT_EQ(c.layout.variants, (std::vector<std::string>{"-DPAD=0", "-DPAD=16"}));
  EXPECT_TRUE(c.layout.declared());
  EXPECT_FALSE(parse_config("", "hone.toml").layout.declared());
}

TEST(ConfigLayout, ErrorsNameTheProblem) {
  auto error = [](const std::string& text) {
    try {
      parse_config(text, "hone.toml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error(std::string(kLayoutProject) + "[layout]\nvariants = [\"-DPAD=0\"]\n"),
            "hone.toml:10:12: [layout] variants needs at least 2 values (4 or more to tell a layout artifact from "
            "a gain), got 1");
  EXPECT_EQ(error(std::string(kLayoutProject) + "[layout]\nvariants = [\"a\", \"a\"]\n"),
            "hone.toml:10:18: [layout] variants[1] \"a\" is given twice");
  EXPECT_EQ(error(std::string(kLayoutProject) + "[layout]\nvarients = [\"a\", \"b\"]\n"),
            "hone.toml:10:1: unknown key 'varients' in [layout]; did you mean 'variants'?");
  // {layout} without [layout], and [layout] with a build that does not use it.
  EXPECT_EQ(error(kLayoutProject),
            "hone.toml:2:9: the build of ours uses {layout}, but there is no [layout] table giving its variants");
  EXPECT_EQ(error("[project]\nbuild = \"make\"\n[[benchmark]]\nname = \"b\"\n[target.ours]\ncommand = \"x\"\n"
                  "[layout]\nvariants = [\"a\", \"b\"]\n"),
            "hone.toml:8:12: [layout] variants are given, but the build of ours (\"make\") does not use {layout}: "
            "put it where the variant goes, e.g. build = \"make CFLAGS='-O2 {layout}'\"");
}

}  // namespace
}  // namespace hone
