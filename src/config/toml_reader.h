// The TOML side of reading hone.toml: errors that point at file:line:column, unknown keys with
// a "did you mean" or "belongs in [section]" hint, and typed getters (string, integer, duration,
// fraction...) that name the section, key and value at fault. Not part of the config stage's
// interface: config.cc's Parser reads the sections on top of it.
#pragma once

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/values.h"
#include "util/error.h"
#include "util/spelling.h"
#include "util/units.h"

namespace hone::config_toml {

using config_values::describe;
using spelling::join;
using spelling::nearest;

// Each section's name ("[measure]") and known keys, for "it belongs in [measure]" hints.
using Sections = std::vector<std::pair<std::string, const std::vector<std::string>*>>;

class Reader {
 public:
  Reader(std::string display, const Sections& sections) : display_(std::move(display)), sections_(sections) {}

  // ---- errors ----

  // "hone.toml:12:3"
  std::string pos(const toml::source_region& r) const {
    if (r.begin.line == 0) return display_;
    return fmt::format("{}:{}:{}", display_, r.begin.line, r.begin.column);
  }
  std::string at(const toml::source_region& r) const { return pos(r) + ": "; }
  std::string at(const toml::node& n) const { return at(n.source()); }

  template <typename... Args>
  [[noreturn]] void fail_at(const toml::source_region& r, fmt::format_string<Args...> f, Args&&... args) const {
    throw Error(at(r) + fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  [[noreturn]] void fail_at(const toml::node& n, fmt::format_string<Args...> f, Args&&... args) const {
    throw Error(at(n) + fmt::format(f, std::forward<Args>(args)...));
  }

  // Reports the first (in file order) key of `t` that is not in `known`.
  void check_keys(const toml::table& t, const std::vector<std::string>& known, const std::string& section) const {
    const toml::key* first = nullptr;
    for (auto&& [k, v] : t) {
      if (std::find(known.begin(), known.end(), k.str()) != known.end()) continue;
      if (!first || before(k.source(), first->source())) first = &k;
    }
    if (!first) return;
    const toml::node& v = *t.get(first->str());
    std::string what = v.is_table() ? fmt::format("table [{}.{}]", strip(section), first->str())
                                    : fmt::format("key '{}' in {}", first->str(), section);
    fail_at(first->source(), "unknown {}{}", what, hint(std::string(first->str()), known, section));
  }

  static bool before(const toml::source_region& a, const toml::source_region& b) {
    return std::pair(a.begin.line, a.begin.column) < std::pair(b.begin.line, b.begin.column);
  }

  // "[target.ours]" -> "target.ours" for naming sub-tables.
  static std::string strip(const std::string& section) {
    std::string s = section;
    while (!s.empty() && s.front() == '[') s.erase(0, 1);
    while (!s.empty() && s.back() == ']') s.pop_back();
    return s;
  }

  // "; did you mean 'min_runs'?" or "; 'metric' belongs in [measure]" or "".
  std::string hint(const std::string& key, const std::vector<std::string>& known, const std::string& section) const {
    std::string near = nearest(key, known);
    if (!near.empty()) return fmt::format("; did you mean '{}'?", near);
    if (key == "name" && section.rfind("[target.", 0) == 0)
      return fmt::format("; a target is named by its table: {}", section);
    std::vector<std::string> homes;
    for (const auto& [name, keys] : sections_)
      if (name != section && std::find(keys->begin(), keys->end(), key) != keys->end() &&
          !(section.rfind("[target.", 0) == 0 && name == "[target.NAME]"))
        homes.push_back(name);
    if (!homes.empty()) return fmt::format("; '{}' belongs in {}", key, join(homes, " or "));
    return fmt::format(" (known keys: {})", join(known, ", "));
  }

  // ---- typed getters: nullptr / nullopt when the key is absent ----

  const toml::table* table(const toml::node& n, const std::string& what) const {
    if (auto t = n.as_table()) return t;
    fail_at(n, "{} must be a table, got {}", what, describe(n));
  }

  std::optional<std::string> str(const toml::table& t, std::string_view key, const std::string& section) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto s = n->as_string()) return **s;
    fail_at(*n, "{} {} must be a string, got {}", section, key, describe(*n));
  }

  std::optional<bool> boolean(const toml::table& t, std::string_view key, const std::string& section) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto b = n->as_boolean()) return **b;
    fail_at(*n, "{} {} must be a boolean (true or false), got {}", section, key, describe(*n));
  }

  std::optional<int64_t> integer(const toml::table& t, std::string_view key, const std::string& section, int64_t min,
                                 int64_t max = std::numeric_limits<int64_t>::max()) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    auto i = n->as_integer();
    if (!i) fail_at(*n, "{} {} must be an integer, got {}", section, key, describe(*n));
    int64_t v = **i;
    if (v < min) fail_at(*n, "{} {} must be at least {}, got {}", section, key, min, v);
    if (v > max) fail_at(*n, "{} {} must be at most {}, got {}", section, key, max, v);
    return v;
  }

  // A duration: "30s", "500ms", "2h" or a number of seconds (>= 0).
  std::optional<double> duration(const toml::table& t, std::string_view key, const std::string& section) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    std::optional<double> v;
    if (auto s = n->as_string())
      v = parse_duration(**s);
    else if (auto i = n->as_integer())
      v = static_cast<double>(**i);
    else if (auto f = n->as_floating_point())
      v = **f;
    if (!v || !std::isfinite(*v) || *v < 0)
      fail_at(*n,
              "{} {} must be a duration like \"30s\", \"500ms\", \"1.5m\" or \"2h\", or a "
              "non-negative number of seconds, got {}",
              section, key, describe(*n));
    return v;
  }

  // A fraction: "1%", "0.5%" or a number like 0.01. Must lie in [0, 1) (and > 0 when
  // `positive`).
  std::optional<double> fraction(const toml::table& t, std::string_view key, const std::string& section,
                                 bool positive) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    std::optional<double> v;
    if (auto s = n->as_string())
      v = parse_fraction(**s);
    else if (auto i = n->as_integer())
      v = static_cast<double>(**i);
    else if (auto f = n->as_floating_point())
      v = **f;
    if (!v || !std::isfinite(*v))
      fail_at(*n, "{} {} must be a fraction like \"1%\" or 0.01, got {}", section, key, describe(*n));
    if (*v < 0 || *v >= 1 || (positive && *v == 0)) {
      std::string tip;
      if (*v >= 1 && !n->is_string()) tip = fmt::format("; for {} percent write \"{}%\"", *v, *v);
      fail_at(*n, "{} {} must be {} 0 and below 1 (100%), got {}{}", section, key, positive ? "above" : "at least",
              describe(*n), tip);
    }
    return v;
  }

  // A string or an array of strings.
  std::optional<std::vector<std::string>> strings(const toml::table& t, std::string_view key,
                                                  const std::string& section) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto s = n->as_string()) return std::vector<std::string>{**s};
    auto a = n->as_array();
    if (!a) fail_at(*n, "{} {} must be an array of strings, got {}", section, key, describe(*n));
    std::vector<std::string> out;
    for (size_t i = 0; i < a->size(); ++i) {
      const toml::node& e = *a->get(i);
      auto s = e.as_string();
      if (!s) fail_at(e, "{} {}[{}] must be a string, got {}", section, key, i, describe(e));
      out.push_back(**s);
    }
    return out;
  }

  void nonempty(const toml::table& t, std::string_view key, const std::string& section,
                const std::string& value) const {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos)
      fail_at(*t.get(key), "{} {} must not be empty", section, key);
  }

 protected:
  std::string display_;  // the file as messages name it

 private:
  const Sections& sections_;
};

}  // namespace hone::config_toml
