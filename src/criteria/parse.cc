// The done criteria's sentences parsed into clauses (criteria.h): a tokenizer and a small
// recursive-descent parser whose errors point at the column at fault.
#include "criteria/criteria.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

#include "criteria/units.h"
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

}  // namespace hone::criteria
