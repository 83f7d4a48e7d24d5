// Profiles (see profile.h): what is derived from weighted call stacks — folded text, hotspot
// tables, per-function differences. The parsers that make stacks are beside this file:
// perf_script.cc, callgrind.cc, demangle.cc (text helpers they share: text.h).
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

// ---- folded stacks ------------------------------------------------------------------------

std::string to_folded(const Profile& p) {
  std::vector<std::string> rows;
  rows.reserve(p.stacks.size());
  for (const Stack& s : p.stacks) {
    if (s.frames.empty() || !(s.weight > 0)) continue;
    std::string row;
    for (size_t i = 0; i < s.frames.size(); ++i) {
      if (i) row += ';';
      row += folded_safe(s.frames[i]);
    }
    row += ' ';
    row += format_weight(s.weight);
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end());
  std::string out;
  for (const std::string& r : rows) {
    out += r;
    out += '\n';
  }
  return out;
}

Profile parse_folded(std::string_view text, const std::string& source) {
  Lines lines(text, source);
  lines.reject_binary();
  Profile p;
  StackSet stacks;
  std::string_view line;
  while (lines.next(line)) {
    std::string_view t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t sp = t.find_last_of(" \t");
    std::string_view num = sp == std::string_view::npos ? std::string_view() : t.substr(sp + 1);
    char* end = nullptr;
    std::string n(num);
    double w = n.empty() ? -1 : std::strtod(n.c_str(), &end);
    if (sp == std::string_view::npos || n.empty() || end != n.c_str() + n.size() || !(w >= 0) || !std::isfinite(w))
      fail("{}: expected folded stack 'frame;frame;... WEIGHT' (a non-negative number last), got {}", lines.where(),
           quote(t));
    std::string_view frames = trim(t.substr(0, sp));
    std::vector<std::string> names;
    size_t at = 0;
    while (at <= frames.size()) {
      size_t semi = frames.find(';', at);
      if (semi == std::string_view::npos) semi = frames.size();
      std::string_view f = frames.substr(at, semi - at);
      if (f.empty()) fail("{}: empty frame name in {}", lines.where(), quote(t));
      names.emplace_back(f);
      at = semi + 1;
    }
    stacks.add(std::move(names), w);
  }
  stacks.into(p);
  return p;
}

// ---- hotspots -----------------------------------------------------------------------------

namespace {

struct Tally {
  double self = 0, total = 0;
};

std::map<std::string, Tally> tally(const Profile& p) {
  std::map<std::string, Tally> t;
  std::unordered_set<std::string_view> seen;
  for (const Stack& s : p.stacks) {
    if (s.frames.empty()) continue;
    // A perf profile's first frame names the process: every sample has it, it is no function.
    size_t first = p.process_root && s.frames.size() > 1 ? 1 : 0;
    t[s.frames.back()].self += s.weight;
    seen.clear();
    for (size_t i = first; i < s.frames.size(); ++i)
      if (seen.insert(s.frames[i]).second) t[s.frames[i]].total += s.weight;
  }
  return t;
}

std::vector<Hotspot> ranked(const Profile& p, size_t n, bool by_total) {
  std::vector<Hotspot> all;
  double total = p.total > 0 ? p.total : 1;
  for (const auto& [name, t] : tally(p)) all.push_back(Hotspot{name, t.self, t.total, t.self / total, t.total / total});
  std::sort(all.begin(), all.end(), [by_total](const Hotspot& a, const Hotspot& b) {
    double ka = by_total ? a.total : a.self, kb = by_total ? b.total : b.self;
    if (ka != kb) return ka > kb;
    double la = by_total ? a.self : a.total, lb = by_total ? b.self : b.total;
    if (la != lb) return la > lb;
    return a.function < b.function;
  });
  // By self, functions that never are a leaf add nothing.
  if (!by_total)
    all.erase(std::remove_if(all.begin(), all.end(), [](const Hotspot& h) { return h.self <= 0; }), all.end());
  if (all.size() > n) all.resize(n);
  return all;
}

}  // namespace

std::vector<Hotspot> hotspots(const Profile& p, size_t n) { return ranked(p, n, false); }
std::vector<Hotspot> hotspots_by_total(const Profile& p, size_t n) { return ranked(p, n, true); }

std::vector<HotspotDelta> diff_hotspots(const Profile& a, const Profile& b, size_t n) {
  std::map<std::string, Tally> ta = tally(a), tb = tally(b);
  std::map<std::string, HotspotDelta> d;
  double total_a = a.total > 0 ? a.total : 1, total_b = b.total > 0 ? b.total : 1;
  for (const auto& [name, t] : ta) {
    HotspotDelta& x = d[name];
    x.function = name;
    x.self_a = t.self;
    x.self_share_a = t.self / total_a;
  }
  for (const auto& [name, t] : tb) {
    HotspotDelta& x = d[name];
    x.function = name;
    x.self_b = t.self;
    x.self_share_b = t.self / total_b;
  }
  std::vector<HotspotDelta> out;
  for (auto& [name, x] : d)
    if (x.self_a > 0 || x.self_b > 0) out.push_back(x);
  // Instruction counts are exact, so the absolute change ranks them; samples are compared by
  // share, since two runs rarely collect the same number of samples.
  bool counts = a.unit == "instructions" && b.unit == "instructions";
  auto change = [counts](const HotspotDelta& x) {
    return counts ? std::fabs(x.self_b - x.self_a) : std::fabs(x.self_share_b - x.self_share_a);
  };
  std::sort(out.begin(), out.end(), [&](const HotspotDelta& x, const HotspotDelta& y) {
    double cx = change(x), cy = change(y);
    if (cx != cy) return cx > cy;
    return x.function < y.function;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

}  // namespace hone::profile
