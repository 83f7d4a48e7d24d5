// callgrind's output format into per-function costs and call stacks (profile.h); errors name
// "file:line".
#include "profile/profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "profile/text.h"
#include "util/error.h"

namespace hone::profile {

using namespace text;

// ---- callgrind ------------------------------------------------------------------------------

namespace {

struct CgFunction {
  std::string name, object;
  double self = 0;
  std::map<size_t, double> calls;  // callee → inclusive cost of the calls (summed over call sites)
};

// "fib(unsigned int)'2" (a recursion level with --separate-recs) → "fib(unsigned int)".
std::string strip_recursion_level(std::string name) {
  size_t q = name.rfind('\'');
  if (q != std::string::npos && q + 1 < name.size() && all_of(std::string_view(name).substr(q + 1), is_digit))
    name.resize(q);
  return name;
}

class CallgrindParser {
 public:
  CallgrindParser(std::string_view text, const std::string& source) : lines_(text, source), source_(source) {}

  CallgrindProfile parse() {
    lines_.reject_binary();
    std::string_view line;
    bool first = true;
    while (lines_.next(line)) {
      std::string_view t = trim(line);
      if (first && !t.empty()) {
        first = false;
        // Every callgrind file starts with a header line such as "# callgrind format" or
        // "version: 1"; anything else is not one.
        static constexpr std::string_view kFirst[] = {
            "# callgrind format", "version:", "creator:", "pid:", "cmd:", "positions:", "events:", "desc:", "part:"};
        if (std::none_of(std::begin(kFirst), std::end(kFirst), [&](std::string_view k) { return t.rfind(k, 0) == 0; }))
          fail("{}: not callgrind output (expected '# callgrind format' or 'version: 1' first), got {}", lines_.where(),
               quote(t));
      }
      if (t.empty() || t[0] == '#') continue;
      line_ = t;
      if (is_cost_start(t[0])) {
        cost_line(t);
      } else if (size_t eq = t.find('='); eq != std::string_view::npos && eq < t.find(':')) {
        spec(t.substr(0, eq), t.substr(eq + 1));
      } else if (size_t colon = t.find(':'); colon != std::string_view::npos) {
        header(t.substr(0, colon), trim(t.substr(colon + 1)));
      } else {
        bad("a cost line, a 'key=value' line or a 'key: value' header");
      }
    }
    if (first) fail("{}: empty: no callgrind output", source_);
    if (pending_call_)
      fail("{}:{}: truncated: a calls= line without the cost line that must follow it", source_, lines_.number());
    if (events_.empty()) fail("{}: not callgrind output: no 'events:' line", source_);
    if (have_summary_ && !have_totals_)
      fail(
          "{}:{}: truncated: callgrind ends its output with a 'totals:' line and this file has none "
          "(cut off while being written?)",
          source_, lines_.number());
    return build();
  }

 private:
  Lines lines_;
  const std::string& source_;
  std::string_view line_;

  std::vector<std::string> events_;
  size_t event_index_ = 0;
  size_t positions_ = 1;
  double summary_ = 0, totals_ = 0;
  bool have_summary_ = false, have_totals_ = false;

  std::map<int64_t, std::string> objects_, files_, names_;  // compressed ids
  std::string object_;                                      // ob=
  std::string call_object_;                                 // cob= for the next call
  bool call_object_set_ = false;
  std::vector<CgFunction> fns_;
  std::unordered_map<std::string, size_t> index_;  // object + '\0' + name → fns_
  size_t current_ = SIZE_MAX;
  size_t callee_ = SIZE_MAX;
  bool pending_call_ = false;

  [[noreturn]] void bad(std::string_view expected) {
    fail("{}: expected {}, got {}", lines_.where(), expected, quote(line_));
  }

  static bool is_cost_start(char c) { return is_digit(c) || c == '+' || c == '-' || c == '*'; }

  // "(id) name", "(id)" or "name" with separate id spaces per kind.
  std::string compressed(std::map<int64_t, std::string>& ids, std::string_view v) {
    v = trim(v);
    if (v.empty() || v[0] != '(') return std::string(v);
    size_t close = v.find(')');
    if (close == std::string_view::npos) bad("'(id)' or '(id) name'");
    std::string_view id = v.substr(1, close - 1);
    if (!all_of(id, is_digit)) bad("a numeric id in '(id)'");
    int64_t n = std::strtoll(std::string(id).c_str(), nullptr, 10);
    std::string_view name = trim(v.substr(close + 1));
    if (!name.empty()) {
      ids[n] = std::string(name);
      return std::string(name);
    }
    auto it = ids.find(n);
    if (it == ids.end()) fail("{}: id ({}) is used before it is defined: {}", lines_.where(), n, quote(line_));
    return it->second;
  }

  // Functions are told apart by object and name, as callgrind does (libc has two
  // "(below main)", one calling the other); tables merge equal names. Code without a symbol,
  // which callgrind names by its address, gets its object's name added:
  // "0x1ab70 (ld-linux-x86-64.so.2)".
  size_t function(const std::string& raw_name, const std::string& object) {
    std::string name = demangle(strip_recursion_level(raw_name));
    if (name.size() > 2 && name.compare(0, 2, "0x") == 0 && all_of(std::string_view(name).substr(2), is_hex)) {
      size_t digits = name.find_first_not_of('0', 2);
      name = "0x" + (digits == std::string::npos ? std::string("0") : name.substr(digits));
      if (!object.empty()) name += " (" + basename_of(object) + ")";
    }
    std::string key = object + '\0' + name;
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    fns_.push_back(CgFunction{name, object, 0, {}});
    index_.emplace(std::move(key), fns_.size() - 1);
    return fns_.size() - 1;
  }

  void spec(std::string_view key, std::string_view value) {
    if (pending_call_ && key != "cob" && key != "cfi" && key != "cfl" && key != "cfn")
      bad("the cost line of the calls= line before");
    if (key == "ob") {
      object_ = compressed(objects_, value);
    } else if (key == "cob") {
      call_object_ = compressed(objects_, value);
      call_object_set_ = true;
    } else if (key == "fl" || key == "fi" || key == "fe" || key == "cfi" || key == "cfl") {
      compressed(files_, value);
    } else if (key == "fn") {
      current_ = function(compressed(names_, value), object_);
      call_object_set_ = false;
    } else if (key == "cfn") {
      callee_ = function(compressed(names_, value), call_object_set_ ? call_object_ : object_);
    } else if (key == "calls") {
      if (current_ == SIZE_MAX) bad("fn= before the first calls= line");
      if (callee_ == SIZE_MAX) bad("cfn= before calls=");
      std::vector<std::string_view> w = split_ws(value);
      if (w.empty() || !all_of(w[0], is_digit)) bad("'calls=COUNT TARGET'");
      pending_call_ = true;
    } else if (key == "jump" || key == "jcnd") {
      // Jump counts (--collect-jumps): not costs.
    } else {
      bad("one of ob= fl= fi= fe= fn= cob= cfi= cfl= cfn= calls= jump= jcnd=");
    }
  }

  void header(std::string_view key, std::string_view value) {
    if (key == "events") {
      events_.clear();
      for (std::string_view e : split_ws(value)) events_.emplace_back(e);
      if (events_.empty()) bad("event names after 'events:'");
      auto ir = std::find(events_.begin(), events_.end(), "Ir");
      event_index_ = ir == events_.end() ? 0 : static_cast<size_t>(ir - events_.begin());
    } else if (key == "positions") {
      positions_ = split_ws(value).size();
      if (positions_ == 0) bad("'positions: line' or 'positions: instr line'");
    } else if (key == "summary" || key == "totals") {
      std::vector<std::string_view> v = split_ws(value);
      double x = 0;
      if (event_index_ < v.size()) {
        if (!all_of(v[event_index_], is_digit)) bad("numbers after '" + std::string(key) + ":'");
        x = std::strtod(std::string(v[event_index_]).c_str(), nullptr);
      }
      if (key == "summary") {
        summary_ += x;
        have_summary_ = true;
      } else {
        totals_ += x;
        have_totals_ = true;
      }
    } else if (key == "version" || key == "creator" || key == "pid" || key == "cmd" || key == "part" || key == "desc" ||
               key == "thread" || key == "event" || key == "timeframe (BB)") {
      // Facts about the run; not needed for the profile.
    } else if (!key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '_' || c == '(' || c == ')';
               })) {
      // Other "key: value" headers from newer versions: ignored.
    } else {
      bad("a cost line, a 'key=value' line or a 'key: value' header");
    }
  }

  void cost_line(std::string_view t) {
    if (events_.empty()) bad("an 'events:' header before the first cost line");
    if (current_ == SIZE_MAX) bad("fn= before the first cost line");
    std::vector<std::string_view> w = split_ws(t);
    if (w.size() < positions_) bad(fmt::format("{} position(s) and then costs", positions_));
    for (size_t i = 0; i < positions_; ++i) {
      std::string_view pos = w[i];
      if (pos == "*") continue;
      if (pos[0] == '+' || pos[0] == '-') pos.remove_prefix(1);
      if (pos.rfind("0x", 0) == 0) pos.remove_prefix(2);
      if (!all_of(pos, is_hex)) bad("a position (number, +N, -N or *) at the start of a cost line");
    }
    if (w.size() - positions_ > events_.size())
      bad(fmt::format("at most {} cost(s) after the position(s)", events_.size()));
    double cost = 0;
    for (size_t i = positions_; i < w.size(); ++i) {
      if (!all_of(w[i], is_digit)) bad("costs as whole numbers");
      if (i - positions_ == event_index_) cost = std::strtod(std::string(w[i]).c_str(), nullptr);
    }
    if (pending_call_) {
      pending_call_ = false;
      call_object_set_ = false;
      // A function calling itself (recursion callgrind did not separate) adds nothing to its
      // inclusive cost: the callee's own cost lines already count it.
      if (callee_ != current_) fns_[current_].calls[callee_] += cost;
    } else {
      fns_[current_].self += cost;
    }
  }

  CallgrindProfile build() {
    CallgrindProfile out;
    out.event = events_[event_index_];
    double self_sum = 0;
    for (const CgFunction& f : fns_) self_sum += f.self;
    out.total = have_summary_ ? summary_ : have_totals_ ? totals_ : self_sum;
    out.stacks = stacks(std::max(out.total, self_sum));
    // Inclusive cost is self + the calls' costs, exact — except in a cycle of calls (a calls b
    // calls a), where the calls' costs count the cycle more than once; there the rebuilt stacks
    // (which count each instruction once) give it.
    std::unordered_map<std::string, double> in_stacks;
    std::unordered_set<std::string_view> seen;
    for (const Stack& st : out.stacks) {
      seen.clear();
      for (const std::string& name : st.frames)
        if (seen.insert(name).second) in_stacks[name] += st.weight;
    }
    // One row per name: self costs add up; the inclusive cost is the largest (when one calls
    // the other, the caller's covers both).
    std::map<std::string, CallgrindFunction> rows;
    for (const CgFunction& f : fns_) {
      if (f.self <= 0 && f.calls.empty()) continue;
      double inclusive = f.self;
      for (const auto& [callee, c] : f.calls) inclusive += c;
      auto it = in_stacks.find(folded_safe(f.name));
      if (it != in_stacks.end() && inclusive > it->second + 1e-3 * out.total + 1)
        inclusive = std::max(f.self, it->second);
      inclusive = std::min(inclusive, std::max(out.total, self_sum));
      auto [row, fresh] = rows.try_emplace(f.name, CallgrindFunction{f.name, f.object, 0, 0});
      row->second.self += f.self;
      row->second.inclusive = std::max({row->second.inclusive, inclusive, row->second.self});
    }
    for (auto& [name, row] : rows) out.functions.push_back(std::move(row));
    std::sort(out.functions.begin(), out.functions.end(), [](const CallgrindFunction& a, const CallgrindFunction& b) {
      if (a.self != b.self) return a.self > b.self;
      if (a.inclusive != b.inclusive) return a.inclusive > b.inclusive;
      return a.name < b.name;
    });
    return out;
  }

  // Callgrind records a call graph, not stacks. Stacks are rebuilt by walking down from the
  // functions nobody calls and splitting each function's cost among its callees in proportion
  // to what the calls cost (the assumption gprof and every callgrind flame graph make), so the
  // weights always add up to the cost walked. Recursion folds: a call back into a function on
  // the path continues from that function's place on the path. Paths carrying less than 1e-5
  // of the total stop where they are, their cost staying with the last function.
  std::vector<Stack> stacks(double total) {
    std::vector<bool> called(fns_.size(), false);
    for (const CgFunction& f : fns_)
      for (const auto& [callee, c] : f.calls) called[callee] = true;
    std::vector<size_t> path;                          // function indices, root first
    std::vector<size_t> place(fns_.size(), SIZE_MAX);  // index in path, or SIZE_MAX
    const double floor = total * 1e-5;
    std::map<std::vector<size_t>, double> acc;
    int folds = 0;
    std::function<void(size_t, double)> walk = [&](size_t at, double flow) {
      const CgFunction& f = fns_[at];
      double whole = f.self;
      for (const auto& [callee, c] : f.calls) whole += c;
      path.push_back(at);
      place[at] = path.size() - 1;
      double keep = whole > 0 ? flow * f.self / whole : flow;
      if (whole > 0) {
        for (const auto& [callee, c] : f.calls) {
          double part = flow * c / whole;
          if (part <= 0) continue;
          if (part < floor || path.size() >= 256 || (place[callee] != SIZE_MAX && folds >= 64)) {
            keep += part;
          } else if (place[callee] != SIZE_MAX) {
            // Back to an ancestor: continue from its place, then restore the path.
            std::vector<size_t> tail(path.begin() + static_cast<long>(place[callee]), path.end());
            for (size_t x : tail) place[x] = SIZE_MAX;
            path.resize(path.size() - tail.size());
            ++folds;
            walk(callee, part);
            --folds;
            for (size_t x : tail) {
              place[x] = path.size();
              path.push_back(x);
            }
          } else {
            walk(callee, part);
          }
        }
      }
      if (keep > 0) acc[path] += keep;
      place[at] = SIZE_MAX;
      path.pop_back();
    };
    for (size_t i = 0; i < fns_.size(); ++i) {
      if (called[i]) continue;
      double whole = fns_[i].self;
      for (const auto& [callee, c] : fns_[i].calls) whole += c;
      if (whole > 0) walk(i, whole);
    }
    // Rounded to whole instructions; identical name paths (folded recursion) merge.
    std::map<std::vector<std::string>, double> named;
    for (const auto& [ids, w] : acc) {
      std::vector<std::string> f;
      for (size_t id : ids) f.push_back(folded_safe(fns_[id].name));
      named[std::move(f)] += w;
    }
    std::vector<Stack> out;
    for (auto& [frames, w] : named) {
      double r = std::round(w);
      if (r > 0) out.push_back(Stack{frames, r});
    }
    return out;
  }
};

}  // namespace

CallgrindProfile parse_callgrind(std::string_view text, const std::string& source) {
  return CallgrindParser(text, source).parse();
}

}  // namespace hone::profile
