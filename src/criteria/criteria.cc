#include "criteria/criteria.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

#include "util/error.h"
#include "util/units.h"

namespace hone::criteria {

// ---------------------------------------------------------------------------------------------
// Errors

ParseError::ParseError(int column, const std::string& message, const std::string& sentence)
    : std::runtime_error(fmt::format("column {}: {}", column, message)),
      column_(column),
      message_(message),
      sentence_(sentence) {}

std::string ParseError::pointer() const {
  return fmt::format("{}\n{}^", sentence_, std::string(static_cast<size_t>(std::max(column_ - 1, 0)), ' '));
}

const char* status_name(Status s) {
  switch (s) {
    case Status::met: return "met";
    case Status::not_met: return "not met";
    case Status::unsure: return "unsure";
  }
  return "?";
}

const char* status_mark(Status s) {
  switch (s) {
    case Status::met: return "✓";
    case Status::not_met: return "✗";
    case Status::unsure: return "?";
  }
  return "?";
}

std::string result_line(const Result& r) {
  return fmt::format("{} {} — {}: {}", status_mark(r.status), r.text, status_name(r.status), r.summary);
}

namespace {

// ---------------------------------------------------------------------------------------------
// Tokens

struct Token {
  std::string text;   // as written
  std::string lower;  // for keyword comparison
  int col = 1;        // 1-based column (characters) of the first character
  int end_col = 1;    // column just past the last character
  size_t offset = 0;  // byte offset into the sentence
  bool op = false;    // <, <=, >, >=
};

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// "≤" and "≥" are three bytes in UTF-8.
constexpr std::string_view kLe = "\xE2\x89\xA4", kGe = "\xE2\x89\xA5";

std::vector<Token> tokenize(std::string_view s) {
  // Column of each byte offset: 1 + the characters before it (UTF-8 continuation bytes do not
  // start a character). Tokens start and end on character boundaries.
  std::vector<int> col(s.size() + 1, 1);
  for (size_t i = 0; i < s.size(); ++i)
    col[i + 1] = col[i] + ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 ? 1 : 0);
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    if (blank(s[i])) {
      ++i;
      continue;
    }
    Token t;
    t.offset = i;
    t.col = col[i];
    size_t j = i;
    if (s[i] == '<' || s[i] == '>') {
      j = i + 1;
      if (j < s.size() && s[j] == '=') ++j;
      t.op = true;
      t.text = std::string(s.substr(i, j - i));
    } else if (s.substr(i, 3) == kLe || s.substr(i, 3) == kGe) {
      j = i + 3;
      t.op = true;
      t.text = s.substr(i, 3) == kLe ? "<=" : ">=";
    } else {
      while (j < s.size() && !blank(s[j]) && s[j] != '<' && s[j] != '>' && s.substr(j, 3) != kLe &&
             s.substr(j, 3) != kGe)
        ++j;
      t.text = std::string(s.substr(i, j - i));
    }
    t.lower = lowercase(t.text);
    t.end_col = col[j];
    out.push_back(std::move(t));
    i = j;
  }
  return out;
}

bool is_name(std::string_view w) {
  if (w.empty()) return false;
  return std::all_of(w.begin(), w.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

bool is_digits(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int> whole_number(std::string_view w) {
  if (!is_digits(w)) return std::nullopt;
  int v = 0;
  const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
  if (ec != std::errc() || end != w.data() + w.size()) return std::nullopt;
  return v;
}

// A non-negative finite number at the start of w ("10" of "10ms"); *used gets its length.
std::optional<double> leading_number(std::string_view w, size_t* used) {
  if (w.empty()) return std::nullopt;
  const bool digit0 = w[0] >= '0' && w[0] <= '9';
  const bool dot_digit = w[0] == '.' && w.size() > 1 && w[1] >= '0' && w[1] <= '9';
  if (!digit0 && !dot_digit) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v, std::chars_format::general);
  if (ec != std::errc() || !std::isfinite(v)) return std::nullopt;
  *used = static_cast<size_t>(end - w.data());
  return v;
}

// "2x", "1.5x", "2" -> 2, 1.5, 2; "10%" -> 1.10.
std::optional<double> factor_of(std::string_view w) {
  size_t used = 0;
  const auto v = leading_number(w, &used);
  if (!v) return std::nullopt;
  const std::string_view rest = w.substr(used);
  if (rest == "%") return 1 + *v / 100;
  if (rest.empty() || rest == "x" || rest == "X") return *v > 0 ? v : std::nullopt;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Units of bounds

enum class Family { time, bytes, count };

const char* family_name(Family f) {
  switch (f) {
    case Family::time: return "a time";
    case Family::bytes: return "a size in bytes";
    case Family::count: return "a plain count";
  }
  return "?";
}

const char* family_units(Family f) {
  switch (f) {
    case Family::time: return "ns, us, µs, ms, s, min or h";
    case Family::bytes: return "B, KiB, MiB, GiB or TiB";
    case Family::count: return "a plain number or k, M, G, T";
  }
  return "?";
}

struct UnitInfo {
  std::string_view name;
  Family family;
  double scale;  // to SI; time units go through parse_duration instead
};
constexpr UnitInfo kUnits[] = {
    {"ns", Family::time, 1e-9},
    {"us", Family::time, 1e-6},
    {"µs", Family::time, 1e-6},
    {"ms", Family::time, 1e-3},
    {"s", Family::time, 1},
    {"min", Family::time, 60},
    {"h", Family::time, 3600},
    {"B", Family::bytes, 1},
    {"KiB", Family::bytes, 1024.0},
    {"MiB", Family::bytes, 1024.0 * 1024},
    {"GiB", Family::bytes, 1024.0 * 1024 * 1024},
    {"TiB", Family::bytes, 1024.0 * 1024 * 1024 * 1024},
    {"", Family::count, 1},
    {"k", Family::count, 1e3},
    {"M", Family::count, 1e6},
    {"G", Family::count, 1e9},
    {"T", Family::count, 1e12},
};

const UnitInfo* find_unit(std::string_view u) {
  for (const UnitInfo& i : kUnits)
    if (i.name == u) return &i;
  return nullptr;
}

Family unit_family(std::string_view u) {
  const UnitInfo* i = find_unit(u);
  return i ? i->family : Family::count;
}

// ---------------------------------------------------------------------------------------------
// Parser

constexpr const char* kFasterQuantifier =
    "expected a benchmark count like 3/4, 'all benchmarks' or 'at least N benchmarks'";
constexpr const char* kOtherQuantifier =
    "expected 'any benchmark', 'all benchmarks', a count like 3/4 or a benchmark name";
constexpr const char* kStart =
    "expected 'faster than', 'no worse than', 'geomean speedup', 'no regression' or a bound "
    "like 'BENCH < 10ms'";

class Parser {
 public:
  explicit Parser(std::string_view sentence) : sentence_(sentence), toks_(tokenize(sentence)) {}

  Clause parse() {
    Clause c;
    c.text = sentence_;
    if (toks_.empty()) error_at(1, "empty sentence: " + std::string(kStart));
    // A name followed by a comparison is a bound.
    const std::string& w = toks_[0].lower;
    const bool keyword = w == "faster" || w == "no" || w == "geomean" || w == "geometric";
    if (toks_.size() >= 2 && toks_[1].op) {
      if (!keyword) return bound(c);
      // "geomean >= 1.5x vs baseline" misses a word; "faster < 10ms" bounds a benchmark
      // called faster. Try the bound; when it does not fit, the keyword's error is the useful one.
      try {
        return bound(c);
      } catch (const ParseError&) {
        pos_ = 0;
        c = Clause{};
        c.text = sentence_;
      }
    }
    if (w == "faster") return faster(c);
    if (w == "no") return no_something(c);
    if (w == "geomean" || w == "geometric") return geomean(c);
    if (toks_.size() == 1 && is_name(toks_[0].text))
      error_here(fmt::format("expected '<', '<=', '>' or '>=' after '{}'", toks_[0].text), 1);
    if (toks_.size() >= 2 && is_name(toks_[0].text) && !toks_[1].text.empty() &&
        (toks_[1].text[0] == '=' || toks_[1].text[0] == '!'))
      error_here(fmt::format("expected '<', '<=', '>' or '>=' after '{}'", toks_[0].text), 1);
    error_here(kStart, 0);
  }

 private:
  std::string sentence_;
  std::vector<Token> toks_;
  size_t pos_ = 0;

  bool at_end() const { return pos_ >= toks_.size(); }
  const Token* peek() const { return at_end() ? nullptr : &toks_[pos_]; }
  const std::string& prev() const { return toks_[pos_ - 1].text; }

  [[noreturn]] void error_at(int col, const std::string& msg) const { throw ParseError(col, msg, sentence_); }
  // At token i (or, past the last token, where the next word would start).
  [[noreturn]] void error_here(const std::string& msg, size_t i) const {
    if (i < toks_.size()) error_at(toks_[i].col, msg);
    error_at(toks_.empty() ? 1 : toks_.back().end_col + 1, msg);
  }
  [[noreturn]] void error_here(const std::string& msg) const { error_here(msg, pos_); }

  bool accept(std::string_view kw) {
    if (!at_end() && toks_[pos_].lower == kw) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(std::string_view kw) {
    if (!accept(kw)) error_here(fmt::format("expected '{}' after '{}'", kw, prev()));
  }
  void expect_end(const char* optional_word = nullptr) {
    if (at_end()) return;
    if (optional_word)
      error_here(fmt::format("expected {} or the end of the sentence after '{}'", optional_word, prev()));
    error_here(fmt::format("expected the end of the sentence after '{}'", prev()));
  }

  // A target name; "baseline" in any case becomes "baseline". Words that continue the
  // sentence ("on", "vs") mean the name is missing.
  std::string target(const std::string& what) {
    const Token* t = peek();
    if (!t || !is_name(t->text) || t->lower == "on" || t->lower == "vs")
      error_here(fmt::format("expected {} after '{}'", what, prev()));
    ++pos_;
    return t->lower == "baseline" ? "baseline" : t->text;
  }

  // The optional "benchmarks" after a quantifier; then the sentence must end.
  void benchmarks_word_then_end(const char* word) {
    if (accept("benchmarks") || accept("benchmark")) return expect_end();
    expect_end(word);
  }

  Quantifier quantifier(bool faster) {
    const char* expected = faster ? kFasterQuantifier : kOtherQuantifier;
    const Token* t = peek();
    if (!t) error_here(expected);
    Quantifier q;
    const std::string& w = t->lower;
    if (const auto slash = w.find('/'); slash != std::string::npos) {
      const auto n = whole_number(std::string_view(w).substr(0, slash));
      const auto m = whole_number(std::string_view(w).substr(slash + 1));
      if (!n || !m) error_here(expected);
      if (*m < 1) error_here(fmt::format("{}: denominator must be at least 1", t->text));
      if (*n < 1) error_here(fmt::format("{}: numerator must be at least 1", t->text));
      if (*n > *m) error_here(fmt::format("{}: numerator larger than denominator", t->text));
      ++pos_;
      q.kind = Quantifier::fraction;
      q.n = *n;
      q.m = *m;
      benchmarks_word_then_end("'benchmarks'");
      return q;
    }
    if (w == "all" || w == "every" || w == "any") {
      if (w == "any" && faster)
        error_here("'any' is ambiguous after 'faster than': write 'all benchmarks' or 'at least 1 benchmark'");
      ++pos_;
      q.kind = Quantifier::all;
      benchmarks_word_then_end(w == "all" ? "'benchmarks'" : "'benchmark'");
      return q;
    }
    if (w == "at") {
      ++pos_;
      expect("least");
      const Token* c = peek();
      const auto n = c ? whole_number(c->text) : std::nullopt;
      if (!n || *n < 1) error_here("expected a whole number of at least 1 after 'at least'");
      ++pos_;
      q.kind = Quantifier::count;
      q.n = *n;
      benchmarks_word_then_end("'benchmarks'");
      return q;
    }
    if (const auto n = whole_number(w);
        n && pos_ + 1 < toks_.size() &&
        (toks_[pos_ + 1].lower == "benchmarks" || toks_[pos_ + 1].lower == "benchmark")) {
      if (*n < 1) error_here("expected a benchmark count of at least 1");
      pos_ += 2;
      q.kind = Quantifier::count;
      q.n = *n;
      expect_end();
      return q;
    }
    if (!is_name(t->text) || w == "benchmarks" || w == "benchmark" || w == "least") error_here(expected);
    ++pos_;
    q.kind = Quantifier::one;
    q.benchmark = t->text;
    expect_end();
    return q;
  }

  double factor(const char* example) {
    const Token* t = peek();
    const auto f = t ? factor_of(t->text) : std::nullopt;
    if (!f) error_here(fmt::format("expected a factor like {} after '{}'", example, prev()));
    ++pos_;
    return *f;
  }

  Clause faster(Clause& c) {
    c.kind = Clause::faster_than;
    ++pos_;
    expect("than");
    c.reference = target("a target name");
    expect("on");
    c.quantifier = quantifier(true);
    return c;
  }

  Clause no_something(Clause& c) {
    ++pos_;
    if (accept("worse")) {
      c.kind = Clause::no_worse_than;
      expect("than");
      c.factor = factor("2x, 1.5x or 10%");
      c.reference = target("a target name");
      expect("on");
      c.quantifier = quantifier(false);
      return c;
    }
    if (accept("regression") || accept("regressions")) {
      c.kind = Clause::no_regression;
      const Token* t = peek();
      if (!t || t->text != ">") error_here(fmt::format("expected '>' after '{}'", prev()));
      ++pos_;
      c.op = ">";
      c.fraction = amount();
      c.reference = "baseline";
      const bool vs = accept("vs");
      if (vs) c.reference = target("a target name or 'baseline'");
      if (accept("on")) {
        c.quantifier = quantifier(false);
      } else {
        expect_end(vs ? "'on'" : "'vs', 'on'");
      }
      return c;
    }
    error_here("expected 'worse' or 'regression' after 'no'");
  }

  // "5%", "0.05" or "1.05x" -> 0.05.
  double amount() {
    const Token* t = peek();
    constexpr const char* kExpected = "expected a percentage like 5% after '>'";
    if (!t) error_here(kExpected);
    size_t used = 0;
    const auto v = leading_number(t->text, &used);
    if (!v) error_here(kExpected);
    const std::string_view rest = std::string_view(t->text).substr(used);
    double f;
    if (rest == "%") {
      f = *v / 100;
    } else if (rest == "x" || rest == "X") {
      if (*v < 1) error_here(fmt::format("{}: a regression factor must be at least 1x", t->text));
      f = *v - 1;
    } else if (rest.empty()) {
      if (*v > 1) error_here(fmt::format("'{}' is ambiguous: write {}% or a fraction like 0.05", t->text, t->text));
      f = *v;
    } else {
      error_here(kExpected);
    }
    ++pos_;
    return f;
  }

  Clause geomean(Clause& c) {
    c.kind = Clause::geomean;
    if (toks_[pos_++].lower == "geometric") expect("mean");
    expect("speedup");
    const Token* t = peek();
    if (!t || (t->text != ">=" && t->text != ">")) error_here(fmt::format("expected '>=' or '>' after '{}'", prev()));
    c.op = t->text;
    ++pos_;
    c.factor = factor("1.5x");
    expect("vs");
    c.reference = target("a target name or 'baseline'");
    expect_end();
    return c;
  }

  Clause bound(Clause& c) {
    c.kind = Clause::bound;
    const Token& name = toks_[0];
    if (!is_name(name.text))
      error_here("expected a benchmark name (letters, digits, '_', '.', '-') before the comparison", 0);
    c.quantifier.kind = Quantifier::one;
    c.quantifier.benchmark = name.text;
    c.op = toks_[1].text;
    pos_ = 2;
    const Token* t = peek();
    size_t used = 0;
    const auto v = t ? leading_number(t->text, &used) : std::nullopt;
    if (!v) error_here(fmt::format("expected a number with a unit like 10ms after '{}'", c.op));
    std::string unit = t->text.substr(used);
    int unit_col = t->col + static_cast<int>(used);
    ++pos_;
    // "10 ms": the unit as its own word. A last word that is not a unit is a wrong unit
    // ("10 MB"), not a stray word.
    if (unit.empty() && !at_end() && (find_unit(toks_[pos_].text) || pos_ + 1 == toks_.size())) {
      unit = toks_[pos_].text;
      unit_col = toks_[pos_].col;
      ++pos_;
    }
    const UnitInfo* u = find_unit(unit);
    if (!u)
      error_at(unit_col, fmt::format("unknown unit '{}': expected ns, us, µs, ms, s, min, h (times), B, KiB, "
                                     "MiB, GiB, TiB (sizes) or k, M, G, T (counts)",
                                     unit));
    c.unit = unit;
    if (u->family == Family::time) {
      // parse_duration divides by exact powers of ten: "250ms" is the double nearest 0.25.
      c.value = *parse_duration(t->text.substr(0, used) + unit);
    } else {
      c.value = *v * u->scale;
    }
    expect_end();
    return c;
  }
};

// ---------------------------------------------------------------------------------------------
// Formatting

// 3 significant digits: 0.165, 6.05, 12.3, 123; plain integers from 1000 up.
std::string sig3(double x) {
  if (!std::isfinite(x)) return x > 0 ? "∞" : "n/a";  // never "nan" or "-inf" in a report
  if (x == 0) return "0";
  int decimals = std::max(0, 2 - static_cast<int>(std::floor(std::log10(std::abs(x)))));
  std::string s = fmt::format("{:.{}f}", x, decimals);
  // Rounding may reach the next power of ten (0.9996 -> "1.000"): one decimal fewer then.
  const double r = std::abs(std::strtod(s.c_str(), nullptr));
  if (decimals > 0 && r > 0 && std::floor(std::log10(r)) > std::floor(std::log10(std::abs(x))))
    s = fmt::format("{:.{}f}", x, decimals - 1);
  return s;
}

std::string factor_text(double f) { return fmt::format("{:g}x", f); }
std::string percent_text(double p) { return fmt::format("{:g}%", p * 100); }

std::string plural(size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string ratio_text(const std::string& ref, const stats::RatioEstimate& r) {
  return fmt::format("ours/{} {}x [{}–{}]", ref, sig3(r.ratio), sig3(r.ci.lo), sig3(r.ci.hi));
}

std::string value_text(Family f, double v) {
  switch (f) {
    case Family::time: return format_seconds(v);
    case Family::bytes: return format_bytes(v);
    case Family::count: return format_count(v);
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Evaluation

std::string join(const std::vector<std::string>& xs) {
  std::string out;
  for (const auto& x : xs) out += (out.empty() ? "" : ", ") + x;
  return out.empty() ? "none" : out;
}

std::vector<std::string> references_with_numbers(const Data& d) {
  std::vector<std::string> out;
  for (const BenchNumbers& b : d.benchmarks)
    for (const auto& [k, v] : b.vs)
      if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  for (const auto& [k, v] : d.geomean_vs)
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  return out;
}

[[noreturn]] void missing_reference(const Data& d, const std::string& ref, std::string_view what) {
  std::vector<std::string> have = references_with_numbers(d);
  if (std::find(have.begin(), have.end(), ref) != have.end())
    fail("no {} against '{}': it needs at least two benchmarks measured against it", what, ref);
  if (ref == "baseline") fail("no {} against 'baseline': run `hone baseline` first", what);
  fail(
      "no {} against '{}': run `hone bench` or `hone baseline` with target '{}' configured "
      "(references with numbers: {})",
      what, ref, ref, join(have));
}

void need_benchmarks(const Data& d) {
  if (d.benchmarks.empty()) fail("no measurements to judge: run `hone bench` or `hone baseline` first");
}

const BenchNumbers& find_benchmark(const Data& d, const std::string& name) {
  need_benchmarks(d);
  for (const BenchNumbers& b : d.benchmarks)
    if (b.benchmark == name) return b;
  std::vector<std::string> names;
  for (const BenchNumbers& b : d.benchmarks) names.push_back(b.benchmark);
  fail(
      "no numbers for benchmark '{}' (benchmarks with numbers: {}): check the name in hone.toml "
      "or run `hone bench`",
      name, join(names));
}

// The benchmarks a ratio clause looks at, each with its ratio against ref: the named one, or
// every benchmark that has numbers against ref (a competitor may run only some benchmarks; a
// benchmark added after the baseline was recorded has no baseline numbers).
std::vector<std::pair<const BenchNumbers*, stats::RatioEstimate>> ratios(const Data& d, const std::string& ref,
                                                                         const Quantifier& q) {
  need_benchmarks(d);
  const bool known =
      std::any_of(d.benchmarks.begin(), d.benchmarks.end(), [&](const BenchNumbers& b) { return b.vs.count(ref) > 0; });
  if (!known) missing_reference(d, ref, "numbers");
  std::vector<std::pair<const BenchNumbers*, stats::RatioEstimate>> out;
  if (q.kind == Quantifier::one) {
    const BenchNumbers& b = find_benchmark(d, q.benchmark);
    const auto it = b.vs.find(ref);
    if (it == b.vs.end()) {
      if (ref == "baseline")
        fail("no baseline numbers for benchmark '{}': run `hone baseline` again to include it", b.benchmark);
      fail(
          "no numbers against '{}' for benchmark '{}': run `hone bench` or `hone baseline` with "
          "'{}' among its targets",
          ref, b.benchmark, ref);
    }
    out.emplace_back(&b, it->second);
    return out;
  }
  for (const BenchNumbers& b : d.benchmarks)
    if (const auto it = b.vs.find(ref); it != b.vs.end()) out.emplace_back(&b, it->second);
  return out;
}

enum class Pass { yes, no, unsure };

// How many benchmarks must pass.
size_t required(const Quantifier& q, size_t n) {
  switch (q.kind) {
    case Quantifier::all: return n;
    case Quantifier::one: return 1;
    case Quantifier::count: return static_cast<size_t>(q.n);
    case Quantifier::fraction:
      return (static_cast<size_t>(q.n) * n + static_cast<size_t>(q.m) - 1) / static_cast<size_t>(q.m);
  }
  return n;
}

struct Words {
  std::string pass_line, fail_line, unsure_line;  // after "→" in a benchmark's line
  std::string slower_line;                        // instead of fail_line when the CI is above 1
  std::string pass, fail, unsure;                 // one benchmark: "short-lines: <pass>"
  std::string counted;                            // "faster than gnu-wc"
  std::string failed;                             // "worse" (empty: not shown in the count)
};

// Shared by faster / no worse than / no regression: every benchmark passes, fails or is
// unsure from its CI; the quantifier says how many must pass.
Result count_clause(const Clause& c, const Data& d, const Words& w,
                    const std::function<Pass(const stats::Interval&)>& judge) {
  Result res;
  res.text = c.text;
  const auto rs = ratios(d, c.reference, c.quantifier);
  size_t yes = 0, no = 0, unsure = 0;
  Pass last = Pass::unsure;
  for (const auto& [b, r] : rs) {
    last = judge(r.ci);
    const std::string& word = last == Pass::yes                       ? w.pass_line
                              : last == Pass::unsure                  ? w.unsure_line
                              : !w.slower_line.empty() && r.ci.lo > 1 ? w.slower_line
                                                                      : w.fail_line;
    (last == Pass::yes ? yes : last == Pass::no ? no : unsure) += 1;
    res.lines.push_back(fmt::format("{}: {} → {}", b->benchmark, ratio_text(c.reference, r), word));
  }
  const size_t n = rs.size(), need = required(c.quantifier, n);
  res.status = yes >= need ? Status::met : yes + unsure < need ? Status::not_met : Status::unsure;
  if (c.quantifier.kind == Quantifier::one) {
    res.summary = fmt::format("{}: {} ({})", rs[0].first->benchmark,
                              last == Pass::yes  ? w.pass
                              : last == Pass::no ? w.fail
                                                 : w.unsure,
                              ratio_text(c.reference, rs[0].second));
    return res;
  }
  res.summary = fmt::format("{} of {} {} with confidence", yes, plural(n, "benchmark"), w.counted);
  if (!w.failed.empty() && no > 0) res.summary += fmt::format(", {} {}", no, w.failed);
  if (unsure > 0) res.summary += fmt::format(", {} unsure", unsure);
  if (c.quantifier.kind == Quantifier::all) {
    res.summary += "; needs all";
  } else {
    res.summary += fmt::format("; needs {}", need);
    if (need > n) res.summary += fmt::format(" but only {} have numbers", plural(n, "benchmark"));
  }
  return res;
}

Result faster(const Clause& c, const Data& d) {
  const std::string& ref = c.reference;
  Words w;
  w.pass_line = "faster";
  w.fail_line = "not faster";
  w.slower_line = "slower";
  w.unsure_line = "unsure (CI crosses 1)";
  w.pass = fmt::format("faster than {} with confidence", ref);
  w.fail = fmt::format("not faster than {}", ref);
  w.unsure = fmt::format("not sure it is faster than {}: the CI crosses 1", ref);
  w.counted = fmt::format("faster than {}", ref);
  return count_clause(c, d, w, [](const stats::Interval& ci) {
    return ci.hi < 1 ? Pass::yes : ci.lo >= 1 ? Pass::no : Pass::unsure;
  });
}

Result no_worse(const Clause& c, const Data& d) {
  const std::string f = factor_text(c.factor);
  Words w;
  w.pass_line = fmt::format("within {}", f);
  w.fail_line = fmt::format("worse than {}", f);
  w.unsure_line = fmt::format("unsure (CI crosses {})", f);
  w.pass = fmt::format("no worse than {} {} with confidence", f, c.reference);
  w.fail = fmt::format("worse than {} {}", f, c.reference);
  w.unsure = fmt::format("not sure it is within {} {}: the CI crosses {}", f, c.reference, f);
  w.counted = fmt::format("no worse than {} {}", f, c.reference);
  w.failed = "worse";
  const double limit = c.factor;
  return count_clause(c, d, w, [limit](const stats::Interval& ci) {
    return ci.hi <= limit ? Pass::yes : ci.lo > limit ? Pass::no : Pass::unsure;
  });
}

Result no_regression(const Clause& c, const Data& d) {
  const std::string p = percent_text(c.fraction);
  const double limit = 1 + c.fraction;
  Words w;
  w.pass_line = fmt::format("within +{}", p);
  w.fail_line = fmt::format("regressed more than {}", p);
  w.unsure_line = fmt::format("unsure (CI crosses {}x)", sig3(limit));
  w.pass = fmt::format("no regression > {} vs {} with confidence", p, c.reference);
  w.fail = fmt::format("regressed more than {} vs {}", p, c.reference);
  w.unsure = fmt::format("not sure it is within +{} of {}: the CI crosses {}x", p, c.reference, sig3(limit));
  w.counted = fmt::format("without a regression > {} vs {}", p, c.reference);
  w.failed = "regressed";
  return count_clause(c, d, w, [limit](const stats::Interval& ci) {
    return ci.hi <= limit ? Pass::yes : ci.lo > limit ? Pass::no : Pass::unsure;
  });
}

Result geomean(const Clause& c, const Data& d) {
  Result res;
  res.text = c.text;
  stats::GeoMean g;
  if (const auto it = d.geomean_vs.find(c.reference); it != d.geomean_vs.end()) {
    g = it->second;
  } else {
    // The analysis has geomeans over two benchmarks or more; the geometric mean of one ratio is
    // that ratio, with its own interval.
    std::vector<stats::RatioEstimate> one;
    for (const BenchNumbers& b : d.benchmarks)
      if (const auto r = b.vs.find(c.reference); r != b.vs.end()) one.push_back(r->second);
    if (one.size() != 1) missing_reference(d, c.reference, "geometric mean");
    g = stats::GeoMean{one[0].ratio, one[0].ci};
  }
  const double inf = std::numeric_limits<double>::infinity();
  const double speedup = g.value > 0 ? 1 / g.value : inf;
  const double lo = g.ci.hi > 0 ? 1 / g.ci.hi : inf, hi = g.ci.lo > 0 ? 1 / g.ci.lo : inf;
  const double s = c.factor;
  if (c.op == ">")
    res.status = lo > s ? Status::met : hi <= s ? Status::not_met : Status::unsure;
  else
    res.status = lo >= s ? Status::met : hi < s ? Status::not_met : Status::unsure;
  for (const BenchNumbers& b : d.benchmarks)
    if (const auto r = b.vs.find(c.reference); r != b.vs.end())
      res.lines.push_back(fmt::format("{}: {}", b.benchmark, ratio_text(c.reference, r->second)));
  res.lines.push_back(fmt::format("geomean: ours/{} {}x [{}–{}] → speedup {}x [{}–{}]", c.reference, sig3(g.value),
                                  sig3(g.ci.lo), sig3(g.ci.hi), sig3(speedup), sig3(lo), sig3(hi)));
  res.summary = fmt::format("geomean speedup vs {} {}x [{}–{}]; needs {} {}", c.reference, sig3(speedup), sig3(lo),
                            sig3(hi), c.op, factor_text(s));
  return res;
}

Family metric_family(const Data& d) {
  if (d.metric == "wall" || d.metric == "cpu") return Family::time;
  if (d.metric == "max_rss") return Family::bytes;
  if (d.metric == "instructions") return Family::count;
  if (d.metric == "reported") {
    if (d.unit.empty()) return Family::time;
    const UnitInfo* u = find_unit(d.unit);
    return u ? u->family : Family::count;
  }
  fail("unknown metric '{}': bounds need wall, cpu, max_rss, instructions or reported", d.metric);
}

Result bound(const Clause& c, const Data& d) {
  Result res;
  res.text = c.text;
  const Family want = metric_family(d), have = unit_family(c.unit);
  if (want != have)
    fail("'{}' bounds {} ({}) but the metric is {}, {}: write the bound in {}", c.text, family_name(have),
         c.unit.empty() ? "a plain number" : c.unit, d.metric, family_name(want), family_units(want));
  const BenchNumbers& b = find_benchmark(d, c.quantifier.benchmark);
  stats::Interval ci;
  if (b.ours_ci) {
    ci = *b.ours_ci;
  } else if (b.ours && b.ours->n > 0 && b.ours->min == b.ours->max) {
    ci = {b.ours->median, b.ours->median};  // a deterministic metric: every value the same
  } else {
    fail("no confidence interval of our median for benchmark '{}': run `hone bench` first", b.benchmark);
  }
  const double v = c.value;
  bool met, not_met;
  if (c.op == "<")
    met = ci.hi < v, not_met = ci.lo >= v;
  else if (c.op == "<=")
    met = ci.hi <= v, not_met = ci.lo > v;
  else if (c.op == ">")
    met = ci.lo > v, not_met = ci.hi <= v;
  else
    met = ci.lo >= v, not_met = ci.hi < v;
  res.status = met ? Status::met : not_met ? Status::not_met : Status::unsure;
  const std::string ours = b.ours ? fmt::format("{} [{}–{}]", value_text(want, b.ours->median), value_text(want, ci.lo),
                                                value_text(want, ci.hi))
                                  : fmt::format("[{}–{}]", value_text(want, ci.lo), value_text(want, ci.hi));
  const std::string word = met ? "met" : not_met ? "not met" : "unsure (CI crosses the bound)";
  res.lines.push_back(fmt::format("{}: ours {}, bound {} {} → {}", b.benchmark, ours, c.op, value_text(want, v), word));
  const std::string bound_text = fmt::format("{} {}", c.op, value_text(want, v));
  res.summary = met       ? fmt::format("{}: ours {} is {} with confidence", b.benchmark, ours, bound_text)
                : not_met ? fmt::format("{}: ours {} is not {}", b.benchmark, ours, bound_text)
                          : fmt::format("{}: ours {}: not sure it is {}, the CI crosses {}", b.benchmark, ours,
                                        bound_text, value_text(want, v));
  return res;
}

}  // namespace

Clause parse(std::string_view sentence) { return Parser(sentence).parse(); }

bool references_baseline(const std::vector<Clause>& clauses) {
  return std::any_of(clauses.begin(), clauses.end(), [](const Clause& c) { return c.reference == "baseline"; });
}

bool any_vs_baseline(const std::vector<std::string>& sentences) {
  return std::any_of(sentences.begin(), sentences.end(), [](const std::string& t) {
    try {
      return parse(t).reference == "baseline";
    } catch (const ParseError&) {
      return false;
    }
  });
}

Result evaluate(const Clause& c, const Data& d) {
  switch (c.kind) {
    case Clause::faster_than: return faster(c, d);
    case Clause::no_worse_than: return no_worse(c, d);
    case Clause::geomean: return geomean(c, d);
    case Clause::no_regression: return no_regression(c, d);
    case Clause::bound: return bound(c, d);
  }
  fail("unknown clause kind");
}

}  // namespace hone::criteria
