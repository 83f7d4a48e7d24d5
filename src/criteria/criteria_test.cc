#include "criteria/criteria.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.h"

namespace hone::criteria {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// ---- helpers ----

// The ParseError that parse(sentence) throws; fails the test when it parses.
ParseError parse_error(std::string_view sentence) {
  try {
    parse(sentence);
  } catch (const ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "parsed without error: " << sentence;
  return ParseError(0, "", "");
}

// The message of the hone::Error that f throws ("" if none).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

stats::RatioEstimate R(double ratio, double lo, double hi) { return {ratio, {lo, hi}}; }

BenchNumbers bench(std::string name, std::map<std::string, stats::RatioEstimate> vs) {
  BenchNumbers b;
  b.benchmark = std::move(name);
  b.vs = std::move(vs);
  return b;
}

// Benchmarks a..z named after their ratios against one reference.
Data against(const std::string& ref, const std::vector<stats::RatioEstimate>& rs) {
  Data d;
  const char* names[] = {"short-lines", "long-lines", "unicode", "binary", "empty", "huge"};
  for (size_t i = 0; i < rs.size(); ++i) d.benchmarks.push_back(bench(names[i], {{ref, rs[i]}}));
  return d;
}

Result eval(std::string_view sentence, const Data& d) { return evaluate(parse(sentence), d); }

// Confident answers, and the case the issue insists on: point estimate faster, CI not.
const stats::RatioEstimate kFaster = R(0.80, 0.75, 0.85);
const stats::RatioEstimate kSlower = R(1.30, 1.25, 1.35);
const stats::RatioEstimate kStraddle = R(0.97, 0.93, 1.02);

// ============================================================================================
// Parsing: every form

TEST(Parse, FasterOnFraction) {
  const Clause c = parse("faster than gnu-wc on 3/4 benchmarks");
  EXPECT_EQ(c.kind, Clause::faster_than);
  EXPECT_EQ(c.text, "faster than gnu-wc on 3/4 benchmarks");
  EXPECT_EQ(c.reference, "gnu-wc");
  EXPECT_EQ(c.quantifier.kind, Quantifier::fraction);
  EXPECT_EQ(c.quantifier.n, 3);
  EXPECT_EQ(c.quantifier.m, 4);
  // "benchmarks" is optional; singular accepted.
  EXPECT_EQ(parse("faster than gnu-wc on 3/4").quantifier.kind, Quantifier::fraction);
  EXPECT_EQ(parse("faster than gnu-wc on 1/1 benchmark").quantifier.n, 1);
  EXPECT_EQ(parse("faster than gnu-wc on 4/4 benchmarks").quantifier.m, 4);
}

TEST(Parse, FasterOnAll) {
  for (const char* s :
       {"faster than diamond on all benchmarks", "faster than diamond on every benchmark", "faster than diamond on all",
        "Faster Than diamond ON ALL BENCHMARKS", "  faster   than\tdiamond on all  "}) {
    const Clause c = parse(s);
    EXPECT_EQ(c.kind, Clause::faster_than) << s;
    EXPECT_EQ(c.reference, "diamond") << s;
    EXPECT_EQ(c.quantifier.kind, Quantifier::all) << s;
    EXPECT_EQ(c.text, s);
  }
}

TEST(Parse, FasterOnAtLeastN) {
  Clause c = parse("faster than gnu-wc on at least 2 benchmarks");
  EXPECT_EQ(c.quantifier.kind, Quantifier::count);
  EXPECT_EQ(c.quantifier.n, 2);
  c = parse("faster than gnu-wc on at least 1 benchmark");
  EXPECT_EQ(c.quantifier.n, 1);
  c = parse("faster than gnu-wc on AT LEAST 3");
  EXPECT_EQ(c.quantifier.kind, Quantifier::count);
  EXPECT_EQ(c.quantifier.n, 3);
  // "on N benchmarks" means at least N.
  c = parse("faster than gnu-wc on 2 benchmarks");
  EXPECT_EQ(c.quantifier.kind, Quantifier::count);
  EXPECT_EQ(c.quantifier.n, 2);
}

TEST(Parse, FasterOnOneBenchmark) {
  const Clause c = parse("faster than gnu-wc on short-lines");
  EXPECT_EQ(c.kind, Clause::faster_than);
  EXPECT_EQ(c.quantifier.kind, Quantifier::one);
  EXPECT_EQ(c.quantifier.benchmark, "short-lines");
  // Names keep their case; a digits-only name is a benchmark unless "benchmarks" follows.
  EXPECT_EQ(parse("faster than GNU_wc.2 on Big.File_1").quantifier.benchmark, "Big.File_1");
  EXPECT_EQ(parse("faster than GNU_wc.2 on Big.File_1").reference, "GNU_wc.2");
  EXPECT_EQ(parse("faster than x on 4096").quantifier.benchmark, "4096");
}

TEST(Parse, FasterThanBaseline) {
  EXPECT_EQ(parse("faster than baseline on all").reference, "baseline");
  EXPECT_EQ(parse("faster than Baseline on all").reference, "baseline");
}

TEST(Parse, NoWorseThanFactorForms) {
  Clause c = parse("no worse than 2x gnu-wc on any benchmark");
  EXPECT_EQ(c.kind, Clause::no_worse_than);
  EXPECT_DOUBLE_EQ(c.factor, 2);
  EXPECT_EQ(c.reference, "gnu-wc");
  EXPECT_EQ(c.quantifier.kind, Quantifier::all);
  EXPECT_DOUBLE_EQ(parse("no worse than 1.5x gnu-wc on any").factor, 1.5);
  EXPECT_DOUBLE_EQ(parse("no worse than 1.5X gnu-wc on any").factor, 1.5);
  EXPECT_DOUBLE_EQ(parse("no worse than 2 gnu-wc on any").factor, 2);
  EXPECT_DOUBLE_EQ(parse("no worse than 10% gnu-wc on any").factor, 1.10);
  EXPECT_DOUBLE_EQ(parse("no worse than 150% gnu-wc on any").factor, 2.5);
}

TEST(Parse, NoWorseThanQuantifiers) {
  EXPECT_EQ(parse("no worse than 2x gnu-wc on all benchmarks").quantifier.kind, Quantifier::all);
  EXPECT_EQ(parse("no worse than 2x gnu-wc on every benchmark").quantifier.kind, Quantifier::all);
  EXPECT_EQ(parse("NO WORSE THAN 2x gnu-wc ON ANY").quantifier.kind, Quantifier::all);
  const Clause one = parse("no worse than 2x gnu-wc on unicode");
  EXPECT_EQ(one.quantifier.kind, Quantifier::one);
  EXPECT_EQ(one.quantifier.benchmark, "unicode");
  const Clause frac = parse("no worse than 2x baseline on 3/4 benchmarks");
  EXPECT_EQ(frac.reference, "baseline");
  EXPECT_EQ(frac.quantifier.kind, Quantifier::fraction);
  EXPECT_EQ(frac.quantifier.n, 3);
  EXPECT_EQ(parse("no worse than 2x x on at least 2 benchmarks").quantifier.n, 2);
}

TEST(Parse, Geomean) {
  Clause c = parse("geomean speedup >= 1.5x vs baseline");
  EXPECT_EQ(c.kind, Clause::geomean);
  EXPECT_EQ(c.op, ">=");
  EXPECT_DOUBLE_EQ(c.factor, 1.5);
  EXPECT_EQ(c.reference, "baseline");
  EXPECT_EQ(c.quantifier.kind, Quantifier::all);
  c = parse("geomean speedup > 2 vs gnu-wc");
  EXPECT_EQ(c.op, ">");
  EXPECT_DOUBLE_EQ(c.factor, 2);
  EXPECT_EQ(c.reference, "gnu-wc");
  c = parse("Geometric Mean speedup>=1.2x VS gnu-wc");
  EXPECT_EQ(c.kind, Clause::geomean);
  EXPECT_EQ(c.op, ">=");
  EXPECT_DOUBLE_EQ(c.factor, 1.2);
  EXPECT_DOUBLE_EQ(parse("geomean speedup ≥ 20% vs baseline").factor, 1.2);
}

TEST(Parse, AnyVsBaseline) {
  EXPECT_TRUE(any_vs_baseline({"faster than gnu-wc on 3/4", "geomean speedup >= 1.5x vs baseline"}));
  EXPECT_TRUE(any_vs_baseline({"no regression > 5%"}));  // the default reference
  EXPECT_FALSE(any_vs_baseline({"faster than gnu-wc on 3/4", "geomean speedup > 2 vs gnu-wc"}));
  EXPECT_FALSE(any_vs_baseline({"faster than baseline on"}));  // does not parse: not counted
  EXPECT_FALSE(any_vs_baseline({}));
  EXPECT_TRUE(references_baseline({parse("faster than x on all"), parse("no regression > 5%")}));
  EXPECT_FALSE(references_baseline({parse("faster than x on all")}));
}

TEST(Parse, NoRegression) {
  Clause c = parse("no regression > 5% vs baseline");
  EXPECT_EQ(c.kind, Clause::no_regression);
  EXPECT_DOUBLE_EQ(c.fraction, 0.05);
  EXPECT_EQ(c.op, ">");
  EXPECT_EQ(c.reference, "baseline");
  EXPECT_EQ(c.quantifier.kind, Quantifier::all);
  c = parse("no regression > 5%");  // vs baseline by default
  EXPECT_EQ(c.reference, "baseline");
  EXPECT_DOUBLE_EQ(c.fraction, 0.05);
  c = parse("no regression > 2.5% vs gnu-wc");
  EXPECT_EQ(c.reference, "gnu-wc");
  EXPECT_DOUBLE_EQ(c.fraction, 0.025);
  c = parse("no regression > 0.1 vs baseline on short-lines");
  EXPECT_DOUBLE_EQ(c.fraction, 0.1);
  EXPECT_EQ(c.quantifier.kind, Quantifier::one);
  EXPECT_EQ(c.quantifier.benchmark, "short-lines");
  c = parse("no regression > 5% on unicode");
  EXPECT_EQ(c.reference, "baseline");
  EXPECT_EQ(c.quantifier.benchmark, "unicode");
  EXPECT_NEAR(parse("no regressions > 1.05x vs baseline on all benchmarks").fraction, 0.05, 1e-12);
  EXPECT_EQ(parse("no regression > 5% vs baseline on all benchmarks").quantifier.kind, Quantifier::all);
}

TEST(Parse, BoundTimes) {
  Clause c = parse("sveltecomponent < 10ms");
  EXPECT_EQ(c.kind, Clause::bound);
  EXPECT_EQ(c.quantifier.kind, Quantifier::one);
  EXPECT_EQ(c.quantifier.benchmark, "sveltecomponent");
  EXPECT_EQ(c.op, "<");
  EXPECT_DOUBLE_EQ(c.value, 0.01);
  EXPECT_EQ(c.unit, "ms");
  c = parse("x <= 10 ms");
  EXPECT_EQ(c.op, "<=");
  EXPECT_DOUBLE_EQ(c.value, 0.01);
  EXPECT_EQ(c.unit, "ms");
  c = parse("x > 1.5s");
  EXPECT_EQ(c.op, ">");
  EXPECT_DOUBLE_EQ(c.value, 1.5);
  c = parse("x >= 100us");
  EXPECT_EQ(c.op, ">=");
  EXPECT_DOUBLE_EQ(c.value, 100e-6);
  EXPECT_DOUBLE_EQ(parse("x < 250µs").value, 250e-6);
  EXPECT_EQ(parse("x < 250µs").unit, "µs");
  EXPECT_DOUBLE_EQ(parse("x < 800ns").value, 800e-9);
  EXPECT_DOUBLE_EQ(parse("x < 2min").value, 120);
  // No blanks needed around the operator; ≤ and ≥ are accepted.
  c = parse("short-lines<10ms");
  EXPECT_EQ(c.quantifier.benchmark, "short-lines");
  EXPECT_EQ(c.op, "<");
  EXPECT_EQ(parse("x ≤ 10ms").op, "<=");
  EXPECT_EQ(parse("x≥10ms").op, ">=");
  // A benchmark may be called like a keyword: the comparison decides.
  c = parse("faster < 10ms");
  EXPECT_EQ(c.kind, Clause::bound);
  EXPECT_EQ(c.quantifier.benchmark, "faster");
}

TEST(Parse, BoundSizesAndCounts) {
  Clause c = parse("x < 512MiB");
  EXPECT_DOUBLE_EQ(c.value, 512.0 * 1024 * 1024);
  EXPECT_EQ(c.unit, "MiB");
  EXPECT_DOUBLE_EQ(parse("x < 100 KiB").value, 102400);
  EXPECT_DOUBLE_EQ(parse("x < 2GiB").value, 2.0 * 1024 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(parse("x < 4096B").value, 4096);
  c = parse("x < 1.5G");
  EXPECT_DOUBLE_EQ(c.value, 1.5e9);
  EXPECT_EQ(c.unit, "G");
  EXPECT_DOUBLE_EQ(parse("x < 250M").value, 250e6);
  EXPECT_DOUBLE_EQ(parse("x < 10k").value, 10e3);
  c = parse("x <= 2000000");
  EXPECT_DOUBLE_EQ(c.value, 2e6);
  EXPECT_EQ(c.unit, "");
}

// ============================================================================================
// Parsing: malformed sentences, each with its column and message

struct Bad {
  const char* sentence;
  int column;
  const char* message;
};

// Names the case in test output.
void PrintTo(const Bad& b, std::ostream* os) { *os << '"' << b.sentence << '"'; }

const Bad kBad[] = {
    {"", 1,
     "empty sentence: expected 'faster than', 'no worse than', 'geomean speedup', 'no regression' "
     "or a bound like 'BENCH < 10ms'"},
    {"   ", 1,
     "empty sentence: expected 'faster than', 'no worse than', 'geomean speedup', 'no regression' "
     "or a bound like 'BENCH < 10ms'"},
    {"make it fast", 1,
     "expected 'faster than', 'no worse than', 'geomean speedup', 'no regression' or a bound "
     "like 'BENCH < 10ms'"},
    {"faster", 8, "expected 'than' after 'faster'"},
    {"faster then gnu-wc on all", 8, "expected 'than' after 'faster'"},
    {"faster than", 13, "expected a target name after 'than'"},
    {"faster than on all", 13, "expected a target name after 'than'"},
    {"faster than gnu/wc on all", 13, "expected a target name after 'than'"},
    {"faster than gnu-wc in 3/4 benchmarks", 20, "expected 'on' after 'gnu-wc'"},
    {"faster than gnu-wc on", 23, "expected a benchmark count like 3/4, 'all benchmarks' or 'at least N benchmarks'"},
    {"faster than gnu-wc on three/four benchmarks", 23,
     "expected a benchmark count like 3/4, 'all benchmarks' or 'at least N benchmarks'"},
    {"faster than gnu-wc on 5/4 benchmarks", 23, "5/4: numerator larger than denominator"},
    {"faster than gnu-wc on 3/0 benchmarks", 23, "3/0: denominator must be at least 1"},
    {"faster than gnu-wc on 0/4 benchmarks", 23, "0/4: numerator must be at least 1"},
    {"faster than gnu-wc on any benchmark", 23,
     "'any' is ambiguous after 'faster than': write 'all benchmarks' or 'at least 1 benchmark'"},
    {"faster than gnu-wc on at most 2 benchmarks", 26, "expected 'least' after 'at'"},
    {"faster than gnu-wc on at least two benchmarks", 32, "expected a whole number of at least 1 after 'at least'"},
    {"faster than gnu-wc on at least 0 benchmarks", 32, "expected a whole number of at least 1 after 'at least'"},
    {"faster than x on 0 benchmarks", 18, "expected a benchmark count of at least 1"},
    {"faster than gnu-wc on 3/4 runs", 27, "expected 'benchmarks' or the end of the sentence after '3/4'"},
    {"faster than gnu-wc on 3/4 benchmarks please", 38, "expected the end of the sentence after 'benchmarks'"},
    {"faster than gnu-wc on short-lines and long-lines", 35, "expected the end of the sentence after 'short-lines'"},
    {"no better than 2x gnu-wc on any", 4, "expected 'worse' or 'regression' after 'no'"},
    {"no worse 2x gnu-wc on any", 10, "expected 'than' after 'worse'"},
    {"no worse than twice gnu-wc on any", 15, "expected a factor like 2x, 1.5x or 10% after 'than'"},
    {"no worse than 2y gnu-wc on any", 15, "expected a factor like 2x, 1.5x or 10% after 'than'"},
    {"no worse than 2x on any", 18, "expected a target name after '2x'"},
    {"no worse than 2x gnu-wc", 25, "expected 'on' after 'gnu-wc'"},
    {"no worse than 2x gnu-wc on", 28,
     "expected 'any benchmark', 'all benchmarks', a count like 3/4 or a benchmark name"},
    {"no worse than 2x gnu-wc on any benchmark at all", 42, "expected the end of the sentence after 'benchmark'"},
    {"geomean >= 1.5x vs baseline", 9, "expected 'speedup' after 'geomean'"},
    {"geometric speedup >= 1.5x vs baseline", 11, "expected 'mean' after 'geometric'"},
    {"geomean speedup < 1.5x vs baseline", 17, "expected '>=' or '>' after 'speedup'"},
    {"geomean speedup >= fast vs baseline", 20, "expected a factor like 1.5x after '>='"},
    {"geomean speedup >= 1.5x", 25, "expected 'vs' after '1.5x'"},
    {"geomean speedup >= 1.5x vs", 28, "expected a target name or 'baseline' after 'vs'"},
    {"geomean speedup >= 1.5x vs baseline on all", 37, "expected the end of the sentence after 'baseline'"},
    {"no regression >= 5% vs baseline", 15, "expected '>' after 'regression'"},
    {"no regression", 15, "expected '>' after 'regression'"},
    {"no regression > 5 vs baseline", 17, "'5' is ambiguous: write 5% or a fraction like 0.05"},
    {"no regression > 0.5x", 17, "0.5x: a regression factor must be at least 1x"},
    {"no regression > lots", 17, "expected a percentage like 5% after '>'"},
    {"no regression > 5% against baseline", 20, "expected 'vs', 'on' or the end of the sentence after '5%'"},
    {"no regression > 5% vs baseline in ci", 32, "expected 'on' or the end of the sentence after 'baseline'"},
    {"sveltecomponent", 17, "expected '<', '<=', '>' or '>=' after 'sveltecomponent'"},
    {"sveltecomponent = 10ms", 17, "expected '<', '<=', '>' or '>=' after 'sveltecomponent'"},
    {"sveltecomponent < fast", 19, "expected a number with a unit like 10ms after '<'"},
    {"sveltecomponent < -5ms", 19, "expected a number with a unit like 10ms after '<'"},
    {"sveltecomponent <", 19, "expected a number with a unit like 10ms after '<'"},
    {"sveltecomponent < 10parsecs", 21,
     "unknown unit 'parsecs': expected ns, us, µs, ms, s, min, h (times), B, KiB, MiB, GiB, TiB "
     "(sizes) or k, M, G, T (counts)"},
    {"sveltecomponent < 10 MB", 22,
     "unknown unit 'MB': expected ns, us, µs, ms, s, min, h (times), B, KiB, MiB, GiB, TiB "
     "(sizes) or k, M, G, T (counts)"},
    {"sveltecomponent < 10ms or so", 24, "expected the end of the sentence after '10ms'"},
    {"svelte/component < 10ms", 1, "expected a benchmark name (letters, digits, '_', '.', '-') before the comparison"},
    // Columns count characters: "µ" is two bytes but one column.
    {"x < 10µs extra", 10, "expected the end of the sentence after '10µs'"},
};

class Malformed : public ::testing::TestWithParam<Bad> {};

TEST_P(Malformed, ColumnAndMessage) {
  const Bad& b = GetParam();
  const ParseError e = parse_error(b.sentence);
  EXPECT_EQ(e.column(), b.column) << b.sentence;
  EXPECT_EQ(e.message(), b.message) << b.sentence;
  EXPECT_EQ(e.sentence(), b.sentence);
  EXPECT_EQ(std::string(e.what()), fmt::format("column {}: {}", b.column, b.message)) << b.sentence;
}

INSTANTIATE_TEST_SUITE_P(Sentences, Malformed, ::testing::ValuesIn(kBad));

TEST(ParseErrors, PointerPutsCaretUnderColumn) {
  const ParseError e = parse_error("faster than gnu-wc in 3/4 benchmarks");
  EXPECT_EQ(e.pointer(),
            "faster than gnu-wc in 3/4 benchmarks\n"
            "                   ^");
}

// ============================================================================================
// Evaluation: faster than

TEST(EvaluateFaster, PointEstimateFasterButCiStraddlingOneIsNotFaster) {
  // The issue's case: 0.97 says faster, [0.93, 1.02] does not.
  const Data d = against("gnu-wc", {kStraddle});
  const Result one = eval("faster than gnu-wc on short-lines", d);
  EXPECT_EQ(one.status, Status::unsure);
  EXPECT_THAT(one.lines, ElementsAre("short-lines: ours/gnu-wc 0.970x [0.930–1.02] → unsure (CI crosses 1)"));
  EXPECT_EQ(one.summary,
            "short-lines: not sure it is faster than gnu-wc: the CI crosses 1 (ours/gnu-wc 0.970x "
            "[0.930–1.02])");
  const Result all = eval("faster than gnu-wc on all benchmarks", d);
  EXPECT_EQ(all.status, Status::unsure);
  EXPECT_EQ(all.summary, "0 of 1 benchmark faster than gnu-wc with confidence, 1 unsure; needs all");
}

TEST(EvaluateFaster, ThreeOfFourMet) {
  const Data d = against("gnu-wc", {kFaster, kFaster, kFaster, kSlower});
  const Result r = eval("faster than gnu-wc on 3/4 benchmarks", d);
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(r.text, "faster than gnu-wc on 3/4 benchmarks");
  EXPECT_EQ(r.summary, "3 of 4 benchmarks faster than gnu-wc with confidence; needs 3");
  EXPECT_THAT(r.lines, ElementsAre("short-lines: ours/gnu-wc 0.800x [0.750–0.850] → faster",
                                   "long-lines: ours/gnu-wc 0.800x [0.750–0.850] → faster",
                                   "unicode: ours/gnu-wc 0.800x [0.750–0.850] → faster",
                                   "binary: ours/gnu-wc 1.30x [1.25–1.35] → slower"));
}

TEST(EvaluateFaster, ThreeOfFourWithTwoConfidentAndOneStraddlingIsUnsure) {
  // Point estimates say 3 of 4 are faster; the CIs say only 2 for sure.
  const Data d = against("gnu-wc", {kFaster, kFaster, kStraddle, kSlower});
  const Result r = eval("faster than gnu-wc on 3/4 benchmarks", d);
  EXPECT_EQ(r.status, Status::unsure);
  EXPECT_EQ(r.summary, "2 of 4 benchmarks faster than gnu-wc with confidence, 1 unsure; needs 3");
  EXPECT_EQ(r.lines[2], "unicode: ours/gnu-wc 0.970x [0.930–1.02] → unsure (CI crosses 1)");
}

TEST(EvaluateFaster, ThreeOfFourWithOneConfidentAndThreeSlowerIsNotMet) {
  const Data d = against("gnu-wc", {kFaster, kSlower, kSlower, kSlower});
  const Result r = eval("faster than gnu-wc on 3/4 benchmarks", d);
  EXPECT_EQ(r.status, Status::not_met);
  EXPECT_EQ(r.summary, "1 of 4 benchmarks faster than gnu-wc with confidence; needs 3");
}

TEST(EvaluateFaster, IssueExampleAllSlower) {
  const Data d = against("gnu-wc", {R(6.05, 6.01, 6.09), R(3.2, 3.1, 3.3), R(2, 1.9, 2.1), R(1.5, 1.4, 1.6)});
  const Result r = eval("faster than gnu-wc on 3/4 benchmarks", d);
  EXPECT_EQ(r.status, Status::not_met);
  EXPECT_STREQ(status_name(r.status), "not met");
  EXPECT_EQ(r.summary, "0 of 4 benchmarks faster than gnu-wc with confidence; needs 3");
  EXPECT_EQ(r.lines[0], "short-lines: ours/gnu-wc 6.05x [6.01–6.09] → slower");
  EXPECT_EQ(r.lines[2], "unicode: ours/gnu-wc 2.00x [1.90–2.10] → slower");
}

TEST(EvaluateFaster, FractionRoundsUp) {
  // 3/4 of 5 benchmarks is 3.75: needs 4.
  Data d = against("x", {kFaster, kFaster, kFaster, kSlower, kSlower});
  Result r = eval("faster than x on 3/4 benchmarks", d);
  EXPECT_EQ(r.status, Status::not_met);
  EXPECT_EQ(r.summary, "3 of 5 benchmarks faster than x with confidence; needs 4");
  // 1/2 of 4 is exactly 2.
  d = against("x", {kFaster, kFaster, kSlower, kSlower});
  EXPECT_EQ(eval("faster than x on 1/2 benchmarks", d).status, Status::met);
}

TEST(EvaluateFaster, AllAndAtLeastAndOne) {
  const Data d = against("x", {kFaster, kFaster, kStraddle});
  EXPECT_EQ(eval("faster than x on all benchmarks", d).status, Status::unsure);
  EXPECT_EQ(eval("faster than x on at least 2 benchmarks", d).status, Status::met);
  EXPECT_EQ(eval("faster than x on at least 3 benchmarks", d).status, Status::unsure);
  const Result r = eval("faster than x on at least 4 benchmarks", d);
  EXPECT_EQ(r.status, Status::not_met);
  EXPECT_EQ(r.summary,
            "2 of 3 benchmarks faster than x with confidence, 1 unsure; needs 4 but only 3 "
            "benchmarks have numbers");
  const Result one = eval("faster than x on long-lines", d);
  EXPECT_EQ(one.status, Status::met);
  EXPECT_EQ(one.summary, "long-lines: faster than x with confidence (ours/x 0.800x [0.750–0.850])");
  EXPECT_EQ(one.lines.size(), 1u);
  const Data slower = against("x", {kSlower, kFaster});
  EXPECT_EQ(eval("faster than x on short-lines", slower).status, Status::not_met);
  EXPECT_EQ(eval("faster than x on short-lines", slower).summary,
            "short-lines: not faster than x (ours/x 1.30x [1.25–1.35])");
  EXPECT_EQ(eval("faster than x on all", slower).status, Status::not_met);
}

TEST(EvaluateFaster, CiTouchingOne) {
  // hi == 1 is not "below 1": unsure. lo == 1 cannot be faster: not met, "not faster".
  EXPECT_EQ(eval("faster than x on all", against("x", {R(0.95, 0.9, 1.0)})).status, Status::unsure);
  const Result r = eval("faster than x on all", against("x", {R(1.02, 1.0, 1.04)}));
  EXPECT_EQ(r.status, Status::not_met);
  EXPECT_EQ(r.lines[0], "short-lines: ours/x 1.02x [1.00–1.04] → not faster");
}

TEST(EvaluateFaster, AgainstBaseline) {
  Data d = against("gnu-wc", {kSlower, kSlower});
  d.benchmarks[0].vs["baseline"] = kFaster;
  d.benchmarks[1].vs["baseline"] = kFaster;
  const Result r = eval("faster than baseline on all", d);
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(r.lines[0], "short-lines: ours/baseline 0.800x [0.750–0.850] → faster");
}

TEST(EvaluateFaster, SignificantDigits) {
  const Data d = against("x", {R(0.165, 0.163, 0.167), R(0.0123, 0.01234, 0.01236), R(1234.4, 1000.2, 99999),
                               R(0.99996, 0.99951, 0.99999)});
  const Result r = eval("faster than x on all", d);
  EXPECT_EQ(r.lines[0], "short-lines: ours/x 0.165x [0.163–0.167] → faster");
  EXPECT_EQ(r.lines[1], "long-lines: ours/x 0.0123x [0.0123–0.0124] → faster");
  EXPECT_EQ(r.lines[2], "unicode: ours/x 1234x [1000–99999] → slower");
  EXPECT_EQ(r.lines[3], "binary: ours/x 1.00x [1.00–1.00] → faster");
}

// ============================================================================================
// Evaluation: no worse than

TEST(EvaluateNoWorse, MetWhenEveryCiIsWithinTheFactor) {
  const Data d = against("gnu-wc", {R(1.5, 1.4, 1.6), R(1.95, 1.9, 2.0), kFaster});
  const Result r = eval("no worse than 2x gnu-wc on any benchmark", d);
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(r.summary, "3 of 3 benchmarks no worse than 2x gnu-wc with confidence; needs all");
  EXPECT_EQ(r.lines[1], "long-lines: ours/gnu-wc 1.95x [1.90–2.00] → within 2x");
}

TEST(EvaluateNoWorse, NotMetWhenAnyCiIsAboveTheFactor) {
  const Data d = against("gnu-wc", {R(1.5, 1.4, 1.6), R(2.2, 2.1, 2.3), R(1.95, 1.9, 2.05)});
  const Result r = eval("no worse than 2x gnu-wc on any benchmark", d);
  EXPECT_EQ(r.status, Status::not_met);
  EXPECT_EQ(r.summary, "1 of 3 benchmarks no worse than 2x gnu-wc with confidence, 1 worse, 1 unsure; needs all");
  EXPECT_EQ(r.lines[1], "long-lines: ours/gnu-wc 2.20x [2.10–2.30] → worse than 2x");
  EXPECT_EQ(r.lines[2], "unicode: ours/gnu-wc 1.95x [1.90–2.05] → unsure (CI crosses 2x)");
}

TEST(EvaluateNoWorse, UnsureWhenACiStraddlesTheFactor) {
  const Data d = against("gnu-wc", {R(1.5, 1.4, 1.6), R(1.95, 1.9, 2.05)});
  EXPECT_EQ(eval("no worse than 2x gnu-wc on all benchmarks", d).status, Status::unsure);
  // On the benchmark that is clearly within: met.
  EXPECT_EQ(eval("no worse than 2x gnu-wc on short-lines", d).status, Status::met);
  EXPECT_EQ(eval("no worse than 2x gnu-wc on short-lines", d).summary,
            "short-lines: no worse than 2x gnu-wc with confidence (ours/gnu-wc 1.50x [1.40–1.60])");
}

TEST(EvaluateNoWorse, PercentAndFractionForms) {
  const Data d = against("x", {R(1.05, 1.02, 1.08), R(1.12, 1.11, 1.13), R(1.0, 0.98, 1.02)});
  EXPECT_EQ(eval("no worse than 10% x on any", d).status, Status::not_met);
  EXPECT_EQ(eval("no worse than 10% x on short-lines", d).status, Status::met);
  EXPECT_EQ(eval("no worse than 10% x on 2/3 benchmarks", d).status, Status::met);
  EXPECT_EQ(eval("no worse than 1.1x x on at least 3 benchmarks", d).status, Status::not_met);
  EXPECT_EQ(eval("no worse than 1.1x x on any", d).lines[0], "short-lines: ours/x 1.05x [1.02–1.08] → within 1.1x");
}

// ============================================================================================
// Evaluation: geomean

Data with_geomean(const std::string& ref, double value, double lo, double hi) {
  Data d = against(ref, {kFaster, R(0.5, 0.45, 0.55)});
  d.geomean_vs[ref] = stats::GeoMean{value, {lo, hi}};
  return d;
}

TEST(EvaluateGeomean, Met) {
  const Data d = with_geomean("baseline", 0.6, 0.55, 0.65);
  const Result r = eval("geomean speedup >= 1.5x vs baseline", d);
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(r.summary, "geomean speedup vs baseline 1.67x [1.54–1.82]; needs >= 1.5x");
  EXPECT_THAT(r.lines, ElementsAre("short-lines: ours/baseline 0.800x [0.750–0.850]",
                                   "long-lines: ours/baseline 0.500x [0.450–0.550]",
                                   "geomean: ours/baseline 0.600x [0.550–0.650] → speedup 1.67x [1.54–1.82]"));
}

TEST(EvaluateGeomean, OneBenchmarkIsItsOwnGeometricMean) {
  // The analysis computes geomeans over two benchmarks or more; with one, its ratio stands.
  const Result r = eval("geomean speedup >= 2x vs baseline", against("baseline", {R(0.4, 0.35, 0.45)}));
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(r.summary, "geomean speedup vs baseline 2.50x [2.22–2.86]; needs >= 2x");
  EXPECT_EQ(eval("geomean speedup >= 3x vs baseline", against("baseline", {R(0.4, 0.35, 0.45)})).status,
            Status::not_met);
}

TEST(EvaluateGeomean, UnsureWhenSpeedupCiStraddles) {
  // speedup [1/0.7, 1/0.62] = [1.43, 1.61]
  EXPECT_EQ(eval("geomean speedup >= 1.5x vs baseline", with_geomean("baseline", 0.66, 0.62, 0.7)).status,
            Status::unsure);
}

TEST(EvaluateGeomean, NotMet) {
  // speedup [1.25, 1.43]
  const Result r = eval("geomean speedup >= 1.5x vs gnu-wc", with_geomean("gnu-wc", 0.75, 0.7, 0.8));
  EXPECT_EQ(r.status, Status::not_met);
  EXPECT_EQ(r.summary, "geomean speedup vs gnu-wc 1.33x [1.25–1.43]; needs >= 1.5x");
}

TEST(EvaluateGeomean, StrictAndNonStrictAtTheBoundary) {
  // Lower end of the speedup CI exactly 2 (1 / 0.5).
  const Data d = with_geomean("baseline", 0.45, 0.4, 0.5);
  EXPECT_EQ(eval("geomean speedup >= 2x vs baseline", d).status, Status::met);
  EXPECT_EQ(eval("geomean speedup > 2x vs baseline", d).status, Status::unsure);
  // Upper end exactly 2.5 (1 / 0.4).
  EXPECT_EQ(eval("geomean speedup > 2.5x vs baseline", d).status, Status::not_met);
  EXPECT_EQ(eval("geomean speedup >= 2.5x vs baseline", d).status, Status::unsure);
}

// ============================================================================================
// Evaluation: no regression

Data vs_baseline(const std::vector<stats::RatioEstimate>& rs) { return against("baseline", rs); }

TEST(EvaluateNoRegression, Met) {
  const Result r = eval("no regression > 5% vs baseline", vs_baseline({R(1.01, 0.99, 1.03), kFaster}));
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(r.summary, "2 of 2 benchmarks without a regression > 5% vs baseline with confidence; needs all");
  EXPECT_EQ(r.lines[0], "short-lines: ours/baseline 1.01x [0.990–1.03] → within +5%");
}

TEST(EvaluateNoRegression, NotMetWhenOneRegressedWithConfidence) {
  const Result r = eval("no regression > 5% vs baseline",
                        vs_baseline({R(1.01, 0.99, 1.03), R(1.10, 1.07, 1.13), R(1.05, 1.03, 1.07)}));
  EXPECT_EQ(r.status, Status::not_met);
  EXPECT_EQ(r.summary,
            "1 of 3 benchmarks without a regression > 5% vs baseline with confidence, 1 regressed, 1 "
            "unsure; needs all");
  EXPECT_EQ(r.lines[1], "long-lines: ours/baseline 1.10x [1.07–1.13] → regressed more than 5%");
  EXPECT_EQ(r.lines[2], "unicode: ours/baseline 1.05x [1.03–1.07] → unsure (CI crosses 1.05x)");
}

TEST(EvaluateNoRegression, UnsureWhenACiStraddlesTheBound) {
  EXPECT_EQ(eval("no regression > 5% vs baseline", vs_baseline({R(1.01, 0.99, 1.03), R(1.05, 1.03, 1.07)})).status,
            Status::unsure);
}

TEST(EvaluateNoRegression, OnOneBenchmarkAndVsTarget) {
  Data d = vs_baseline({R(1.10, 1.07, 1.13), R(1.01, 0.99, 1.03)});
  EXPECT_EQ(eval("no regression > 5% vs baseline on long-lines", d).status, Status::met);
  EXPECT_EQ(eval("no regression > 5% on short-lines", d).status, Status::not_met);
  EXPECT_EQ(eval("no regression > 5% on short-lines", d).summary,
            "short-lines: regressed more than 5% vs baseline (ours/baseline 1.10x [1.07–1.13])");
  d.benchmarks[0].vs["gnu-wc"] = R(0.5, 0.45, 0.55);
  d.benchmarks[1].vs["gnu-wc"] = R(0.5, 0.45, 0.55);
  EXPECT_EQ(eval("no regression > 5% vs gnu-wc", d).status, Status::met);
}

// ============================================================================================
// Evaluation: bounds

Data ours(const std::string& metric, const std::string& name, double median, double lo, double hi) {
  Data d;
  d.metric = metric;
  BenchNumbers b;
  b.benchmark = name;
  b.ours = stats::Summary{};
  b.ours->n = 10;
  b.ours->median = median;
  b.ours->min = lo;
  b.ours->max = hi;
  b.ours_ci = stats::Interval{lo, hi};
  d.benchmarks.push_back(b);
  return d;
}

TEST(EvaluateBound, TimeBelow) {
  const Data met = ours("wall", "sveltecomponent", 0.0085, 0.008, 0.009);
  Result r = eval("sveltecomponent < 10ms", met);
  EXPECT_EQ(r.status, Status::met);
  EXPECT_THAT(r.lines, ElementsAre("sveltecomponent: ours 8.500 ms [8.000 ms–9.000 ms], bound < 10.0 ms → met"));
  EXPECT_EQ(r.summary, "sveltecomponent: ours 8.500 ms [8.000 ms–9.000 ms] is < 10.0 ms with confidence");
  r = eval("sveltecomponent < 10ms", ours("wall", "sveltecomponent", 0.0105, 0.010, 0.011));
  EXPECT_EQ(r.status, Status::not_met);
  EXPECT_EQ(r.summary, "sveltecomponent: ours 10.5 ms [10.0 ms–11.0 ms] is not < 10.0 ms");
  r = eval("sveltecomponent < 10ms", ours("wall", "sveltecomponent", 0.0099, 0.009, 0.011));
  EXPECT_EQ(r.status, Status::unsure);
  EXPECT_EQ(r.lines[0],
            "sveltecomponent: ours 9.900 ms [9.000 ms–11.0 ms], bound < 10.0 ms → unsure (CI crosses the bound)");
  EXPECT_EQ(r.summary,
            "sveltecomponent: ours 9.900 ms [9.000 ms–11.0 ms]: not sure it is < 10.0 ms, the CI crosses 10.0 ms");
}

TEST(EvaluateBound, OperatorsAtTheEdges) {
  const Data d = ours("cpu", "x", 0.0095, 0.009, 0.010);  // [9ms, 10ms]
  EXPECT_EQ(eval("x < 10ms", d).status, Status::unsure);  // hi == 10 is not below
  EXPECT_EQ(eval("x <= 10ms", d).status, Status::met);
  EXPECT_EQ(eval("x < 9ms", d).status, Status::not_met);  // lo == 9 is not below
  EXPECT_EQ(eval("x <= 9ms", d).status, Status::unsure);
  EXPECT_EQ(eval("x <= 8ms", d).status, Status::not_met);
  EXPECT_EQ(eval("x > 8ms", d).status, Status::met);
  EXPECT_EQ(eval("x > 9ms", d).status, Status::unsure);  // lo == 9 is not above
  EXPECT_EQ(eval("x >= 9ms", d).status, Status::met);
  EXPECT_EQ(eval("x > 10ms", d).status, Status::not_met);  // hi == 10 is not above
  EXPECT_EQ(eval("x >= 10ms", d).status, Status::unsure);
  EXPECT_EQ(eval("x >= 11ms", d).status, Status::not_met);
  EXPECT_EQ(eval("x < 9500us", d).status, Status::unsure);
  EXPECT_EQ(eval("x < 0.02s", d).status, Status::met);
  EXPECT_EQ(eval("x > 5000000ns", d).status, Status::met);
}

TEST(EvaluateBound, BytesAndCounts) {
  const Data rss = ours("max_rss", "x", 300.0 * 1024 * 1024, 290.0 * 1024 * 1024, 310.0 * 1024 * 1024);
  const Result r = eval("x < 512MiB", rss);
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(r.lines[0], "x: ours 300 MiB [290 MiB–310 MiB], bound < 512 MiB → met");
  EXPECT_EQ(eval("x < 300MiB", rss).status, Status::unsure);
  EXPECT_EQ(eval("x < 0.25GiB", rss).status, Status::not_met);

  const Data ins = ours("instructions", "x", 1.2e9, 1.19e9, 1.21e9);
  EXPECT_EQ(eval("x < 1.5G", ins).status, Status::met);
  EXPECT_EQ(eval("x < 1200M", ins).status, Status::unsure);
  EXPECT_EQ(eval("x > 1000000000", ins).status, Status::met);
  EXPECT_EQ(eval("x < 900000k", ins).status, Status::not_met);
}

TEST(EvaluateBound, DeterministicCountWithoutCi) {
  Data d = ours("instructions", "x", 5e6, 5e6, 5e6);
  d.benchmarks[0].ours_ci.reset();
  EXPECT_EQ(eval("x < 6M", d).status, Status::met);
  EXPECT_EQ(eval("x < 5M", d).status, Status::not_met);
  EXPECT_EQ(eval("x <= 5M", d).status, Status::met);
}

TEST(EvaluateBound, ReportedMetricUsesDataUnit) {
  Data d = ours("reported", "BM_Count", 2e-6, 1.9e-6, 2.1e-6);
  EXPECT_EQ(eval("BM_Count < 3us", d).status, Status::met);  // empty unit: harness seconds
  d.unit = "B";
  EXPECT_EQ(eval("BM_Count < 1KiB", d).status, Status::met);
  EXPECT_THAT(error_of([&] { eval("BM_Count < 3us", d); }), HasSubstr("metric is reported, a size in bytes"));
  d.unit = "widgets";
  EXPECT_EQ(eval("BM_Count < 1", d).status, Status::met);
}

TEST(EvaluateBound, UnitThatDoesNotFitTheMetricIsAnError) {
  const Data wall = ours("wall", "x", 0.0085, 0.008, 0.009);
  EXPECT_EQ(error_of([&] { eval("x < 512MiB", wall); }),
            "'x < 512MiB' bounds a size in bytes (MiB) but the metric is wall, a time: write the bound "
            "in ns, us, µs, ms, s, min or h");
  EXPECT_EQ(error_of([&] { eval("x < 10", wall); }),
            "'x < 10' bounds a plain count (a plain number) but the metric is wall, a time: write the "
            "bound in ns, us, µs, ms, s, min or h");
  const Data ins = ours("instructions", "x", 1e9, 1e9, 1e9);
  EXPECT_EQ(error_of([&] { eval("x < 10ms", ins); }),
            "'x < 10ms' bounds a time (ms) but the metric is instructions, a plain count: write the "
            "bound in a plain number or k, M, G, T");
  const Data rss = ours("max_rss", "x", 1e6, 1e6, 1e6);
  EXPECT_THAT(error_of([&] { eval("x < 1G", rss); }), HasSubstr("write the bound in B, KiB, MiB, GiB or TiB"));
}

// ============================================================================================
// Evaluation: missing data

TEST(EvaluateErrors, UnknownTarget) {
  const Data d = against("gnu-wc", {kFaster});
  EXPECT_EQ(error_of([&] { eval("faster than bsd-wc on all", d); }),
            "no numbers against 'bsd-wc': run `hone bench` or `hone baseline` with target 'bsd-wc' "
            "configured (references with numbers: gnu-wc)");
  EXPECT_THAT(error_of([&] { eval("no worse than 2x bsd-wc on any", d); }), HasSubstr("'bsd-wc'"));
}

TEST(EvaluateErrors, NoBaselineNumbers) {
  const Data d = against("gnu-wc", {kFaster});
  EXPECT_EQ(error_of([&] { eval("no regression > 5% vs baseline", d); }),
            "no numbers against 'baseline': run `hone baseline` first");
  EXPECT_EQ(error_of([&] { eval("faster than baseline on all", d); }),
            "no numbers against 'baseline': run `hone baseline` first");
}

TEST(EvaluateErrors, GeomeanMissing) {
  const Data d = against("baseline", {kFaster});
  // Numbers against the baseline on two benchmarks but no geomean of them (the analysis makes
  // one whenever there are two): an error, not a guess. (One benchmark is its own geomean.)
  EXPECT_EQ(error_of([&] {
              eval("geomean speedup >= 1.5x vs baseline", against("baseline", {kFaster, kFaster}));
            }),
            "no geometric mean against 'baseline': it needs at least two benchmarks measured against it");
  EXPECT_EQ(error_of([&] { eval("geomean speedup >= 1.5x vs baseline", against("gnu-wc", {kFaster})); }),
            "no geometric mean against 'baseline': run `hone baseline` first");
  EXPECT_THAT(error_of([&] { eval("geomean speedup >= 1.5x vs gnu-wc", d); }),
              HasSubstr("no geometric mean against 'gnu-wc'"));
}

TEST(EvaluateErrors, UnknownBenchmark) {
  const Data d = against("gnu-wc", {kFaster, kFaster});
  EXPECT_EQ(error_of([&] { eval("faster than gnu-wc on nope", d); }),
            "no numbers for benchmark 'nope' (benchmarks with numbers: short-lines, long-lines): check "
            "the name in hone.toml or run `hone bench`");
  EXPECT_THAT(error_of([&] { eval("nope < 10ms", d); }), HasSubstr("no numbers for benchmark 'nope'"));
}

TEST(Evaluate, CountsOnlyBenchmarksWithNumbersAgainstTheReference) {
  // A competitor that runs only some benchmarks, and a benchmark added after the baseline.
  Data d = against("baseline", {kFaster, kSlower});
  d.benchmarks.push_back(bench("micro", {{"gnu-wc", kFaster}}));
  d.benchmarks[0].vs["gnu-wc"] = kSlower;
  const Result reg = eval("no regression > 5%", d);
  EXPECT_EQ(reg.status, Status::not_met);
  EXPECT_EQ(reg.lines.size(), 2u);
  EXPECT_EQ(reg.summary,
            "1 of 2 benchmarks without a regression > 5% vs baseline with confidence, 1 regressed; "
            "needs all");
  const Result f = eval("faster than gnu-wc on 1/2 benchmarks", d);
  EXPECT_EQ(f.status, Status::met);
  EXPECT_THAT(f.lines, ElementsAre("short-lines: ours/gnu-wc 1.30x [1.25–1.35] → slower",
                                   "micro: ours/gnu-wc 0.800x [0.750–0.850] → faster"));
}

TEST(EvaluateErrors, ReferenceMissingOnTheNamedBenchmark) {
  Data d = against("baseline", {kFaster, kFaster});
  d.benchmarks.push_back(bench("new-bench", {{"gnu-wc", kFaster}}));
  EXPECT_EQ(error_of([&] { eval("no regression > 5% on new-bench", d); }),
            "no baseline numbers for benchmark 'new-bench': run `hone baseline` again to include it");
  EXPECT_EQ(error_of([&] { eval("faster than gnu-wc on short-lines", d); }),
            "no numbers against 'gnu-wc' for benchmark 'short-lines': run `hone bench` or `hone "
            "baseline` with 'gnu-wc' among its targets");
}

TEST(EvaluateErrors, NoMeasurementsAtAll) {
  const Data d;
  EXPECT_EQ(error_of([&] { eval("faster than gnu-wc on all", d); }),
            "no measurements to judge: run `hone bench` or `hone baseline` first");
  EXPECT_EQ(error_of([&] { eval("x < 10ms", d); }),
            "no measurements to judge: run `hone bench` or `hone baseline` first");
}

TEST(EvaluateErrors, BoundWithoutOurNumbers) {
  Data d = against("gnu-wc", {kFaster});
  EXPECT_EQ(error_of([&] { eval("short-lines < 10ms", d); }),
            "no confidence interval of our median for benchmark 'short-lines': run `hone bench` first");
  d.metric = "cycles";
  EXPECT_THAT(error_of([&] { eval("short-lines < 10ms", d); }), HasSubstr("unknown metric 'cycles'"));
}

TEST(Status, Names) {
  EXPECT_STREQ(status_name(Status::met), "met");
  EXPECT_STREQ(status_name(Status::not_met), "not met");
  EXPECT_STREQ(status_name(Status::unsure), "unsure");
}

TEST(Status, MarksAndResultLine) {
  EXPECT_STREQ(status_mark(Status::met), "✓");
  EXPECT_STREQ(status_mark(Status::not_met), "✗");
  EXPECT_STREQ(status_mark(Status::unsure), "?");
  Result r;
  r.text = "faster than gnu-wc on 3/4 benchmarks";
  r.status = Status::not_met;
  r.summary = "2 of 4 benchmarks faster than gnu-wc with confidence; needs 3";
  EXPECT_EQ(result_line(r),
            "✗ faster than gnu-wc on 3/4 benchmarks — not met: 2 of 4 benchmarks faster than gnu-wc "
            "with confidence; needs 3");
}

}  // namespace
}  // namespace hone::criteria
