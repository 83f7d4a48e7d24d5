#pragma once
// Done criteria: the sentences a driver writes in [criteria] done, parsed into clauses and
// evaluated against recorded measurements with confidence ("faster" means the CI says so,
// not the point estimate). Grammar and examples: docs/criteria.md.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "stats/stats.h"

namespace hone::criteria {

// A sentence that does not parse. column is 1-based into the sentence; message says what was
// expected there, e.g. "expected a target name after 'than'".
class ParseError : public std::runtime_error {
 public:
  // what() is "column N: message".
  ParseError(int column, const std::string& message, const std::string& sentence);
  int column() const { return column_; }
  const std::string& message() const { return message_; }
  const std::string& sentence() const { return sentence_; }
  // Two lines for a terminal: the sentence, and a caret under the column (columns count
  // characters, not bytes, so "µs" is one column wide).
  std::string pointer() const;

 private:
  int column_;
  std::string message_;
  std::string sentence_;
};

// Which benchmarks a clause quantifies over.
struct Quantifier {
  enum Kind { all, count, fraction, one } kind = all;
  int n = 0, m = 0;       // count: at least n; fraction: n/m of the benchmarks
  std::string benchmark;  // one: this benchmark
};

struct Clause {
  enum Kind {
    faster_than,    // "faster than gnu-wc on 3/4 benchmarks"
    no_worse_than,  // "no worse than 2x gnu-wc on any benchmark"
    geomean,        // "geomean speedup >= 1.5x vs baseline" / "vs gnu-wc"
    no_regression,  // "no regression > 5% vs baseline"
    bound,          // "sveltecomponent < 10ms"
  } kind = faster_than;
  std::string text;       // the sentence as written
  std::string reference;  // a target name, or "baseline"
  Quantifier quantifier;
  double factor = 1;    // no_worse_than: 2 (ours/reference <= 2); geomean: 1.5 (speedup >= 1.5)
  double fraction = 0;  // no_regression: 0.05
  std::string op;       // bound: "<", "<=", ">", ">="; geomean: ">=" or ">"; no_regression: ">"
  double value = 0;     // bound: in SI units (seconds, bytes, count)
  std::string unit;     // bound: the unit as written ("ms")
};

Clause parse(std::string_view sentence);

// Whether any of the sentences is judged against the baseline (`vs baseline`, also the reference
// of a clause that names none). A sentence that does not parse counts as not.
bool any_vs_baseline(const std::vector<std::string>& sentences);
// The same of clauses already parsed.
bool references_baseline(const std::vector<Clause>& clauses);

// The numbers clauses are judged on. Every ratio is ours / reference of the metric (time or
// count), so below 1 means ours is faster.
struct BenchNumbers {
  std::string benchmark;
  std::optional<stats::Summary> ours;              // our values on this benchmark
  std::optional<stats::Interval> ours_ci;          // CI of our median
  std::map<std::string, stats::RatioEstimate> vs;  // key: target name or "baseline"
};

struct Data {
  std::string metric = "wall";  // what was measured; bounds need a matching unit
  // Only for metric "reported": the unit of the values, "s" (also when empty: harness times
  // are seconds), "B", or any other name for plain numbers.
  std::string unit;
  std::vector<BenchNumbers> benchmarks;
  std::map<std::string, stats::GeoMean> geomean_vs;  // ours / reference, key as in vs
};

enum class Status { met, not_met, unsure };
const char* status_name(Status s);
const char* status_mark(Status s);  // ✓ ✗ ?

struct Result {
  std::string text;
  Status status = Status::unsure;
  std::string summary;             // "2 of 4 benchmarks faster than gnu-wc with confidence; needs 3"
  std::vector<std::string> lines;  // the numbers behind it, one per benchmark
};

// "✓ faster than gnu-wc on 3/4 benchmarks — met: 4 of 4 benchmarks ...": a result on one line.
std::string result_line(const Result& r);

// Throws hone::Error when the data cannot answer the clause (unknown target, no baseline,
// unknown benchmark, a time bound on a count metric...), naming what is missing.
Result evaluate(const Clause& c, const Data& d);

}  // namespace hone::criteria
