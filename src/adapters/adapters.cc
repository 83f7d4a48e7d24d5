#include "adapters/adapters.h"

#include <re2/re2.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <system_error>

#include "util/error.h"
#include "util/files.h"
#include "util/json_error.h"

namespace hone::adapters {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// "ns" → 1e-9 and so on; nullopt when the name is not a Google Benchmark time unit.
std::optional<double> time_unit_scale(const std::string& unit) {
  if (unit == "ns") return 1e-9;
  if (unit == "us") return 1e-6;
  if (unit == "ms") return 1e-3;
  if (unit == "s") return 1.0;
  return std::nullopt;
}

// The JSON type as a reader would name it, for "expected a number, found a string".
std::string type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::binary: return "binary data";
    case json::value_t::discarded: return "nothing";
  }
  return "an unknown value";
}

// nlohmann's what() starts with "[json.exception.parse_error.101] ": drop that tag.
std::string strip_json_tag(const char* what) {
  std::string s = what;
  if (!s.empty() && s.front() == '[') {
    const auto end = s.find("] ");
    if (end != std::string::npos) s.erase(0, end + 2);
  }
  return s;
}

json parse_json(std::string_view text, const std::string& source, std::string_view what) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    fail("{}: empty output where {} JSON was expected", source, what);
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    if (e.byte >= text.size())
      fail("{}: truncated {} JSON: input ends at byte {} before the document is complete ({})", source, what,
           text.size(), strip_json_tag(e.what()));
    fail("{}: invalid {} JSON at byte {}: {}", source, what, e.byte, strip_json_tag(e.what()));
  } catch (const json::exception& e) {  // out_of_range: a number too large for a double
    fail("{}: invalid {} JSON: {}", source, what, json_problem(text, e));
  }
}

// Reads a whole file; errors name the path.
std::string read_text(const fs::path& path) {
  std::optional<std::string> text = read_file_if_exists(path, 64 * kMiB, "criterion output file");
  if (!text) fail("{}: file not found", path.string());
  return *text;
}

// Field helpers: `where` names the object within the source ("benchmarks[3]").
const json& require(const json& obj, const char* key, const std::string& source, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end()) fail("{}: {} has no field \"{}\"", source, where, key);
  return *it;
}

double number(const json& v, const std::string& source, const std::string& where) {
  if (!v.is_number()) fail("{}: {} must be a number, found {}", source, where, type_name(v));
  const double d = v.get<double>();
  if (!std::isfinite(d)) fail("{}: {} is not finite", source, where);
  return d;
}

std::string string_field(const json& obj, const char* key, const std::string& source, const std::string& where) {
  const json& v = require(obj, key, source, where);
  if (!v.is_string()) fail("{}: {}.{} must be a string, found {}", source, where, key, type_name(v));
  return v.get<std::string>();
}

const json& array_field(const json& obj, const char* key, const std::string& source, const std::string& where) {
  const json& v = require(obj, key, source, where);
  if (!v.is_array()) fail("{}: {}.{} must be an array, found {}", source, where, key, type_name(v));
  return v;
}

std::string snippet(std::string_view text, size_t max = 80) {
  std::string s(text.substr(0, max));
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (text.size() > max) s += "...";
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Google Benchmark

std::vector<HarnessValue> parse_google_benchmark(std::string_view text, const std::string& source, bool cpu_time) {
  const json root = parse_json(text, source, "Google Benchmark");
  if (!root.is_object())
    fail(
        "{}: expected a JSON object with a \"benchmarks\" array (Google Benchmark "
        "--benchmark_format=json), found {}",
        source, type_name(root));
  const auto it = root.find("benchmarks");
  if (it == root.end())
    fail("{}: missing field \"benchmarks\": is this Google Benchmark --benchmark_format=json output?", source);
  if (!it->is_array()) fail("{}: \"benchmarks\" must be an array, found {}", source, type_name(*it));

  const char* time_key = cpu_time ? "cpu_time" : "real_time";
  std::vector<HarnessValue> out;
  size_t index = 0;
  for (const json& b : *it) {
    const std::string where = fmt::format("benchmarks[{}]", index++);
    if (!b.is_object()) fail("{}: {} must be an object, found {}", source, where, type_name(b));
    const std::string name = string_field(b, "name", source, where);
    const std::string named = fmt::format("{} (\"{}\")", where, name);
    if (const auto e = b.find("error_occurred"); e != b.end() && e->is_boolean() && e->get<bool>()) {
      std::string message = "no message";
      if (const auto m = b.find("error_message"); m != b.end() && m->is_string()) message = m->get<std::string>();
      fail("{}: benchmark \"{}\" reported an error: {}", source, name, message);
    }
    // run_type is "iteration" or "aggregate" (mean, median, stddev, cv, BigO, RMS). Outputs
    // without run_type predate aggregates' marking: skip entries naming an aggregate.
    if (const auto rt = b.find("run_type"); rt != b.end()) {
      if (!rt->is_string()) fail("{}: {}.run_type must be a string, found {}", source, named, type_name(*rt));
      if (rt->get<std::string>() != "iteration") continue;
    } else if (b.contains("aggregate_name")) {
      continue;
    }
    std::string unit = "ns";
    if (const auto u = b.find("time_unit"); u != b.end()) {
      if (!u->is_string()) fail("{}: {}.time_unit must be a string, found {}", source, named, type_name(*u));
      unit = u->get<std::string>();
    }
    const auto scale = time_unit_scale(unit);
    if (!scale) fail("{}: {} has unknown time_unit \"{}\" (expected ns, us, ms or s)", source, named, unit);
    const json& t = require(b, time_key, source, named);
    const double v = number(t, source, fmt::format("{}.{}", named, time_key));
    if (v < 0) fail("{}: {}.{} is negative ({})", source, named, time_key, v);
    out.push_back({name, v * *scale});
  }
  if (out.empty())
    fail(
        "{}: no benchmark results: \"benchmarks\" holds {} entries and none is a repetition "
        "(run_type \"iteration\")",
        source, it->size());
  return out;
}

std::vector<double> values_named(const std::vector<HarnessValue>& values, const std::string& name,
                                 const std::string& source) {
  std::vector<double> out;
  std::vector<std::string> names;
  for (const HarnessValue& v : values) {
    if (v.name == name) out.push_back(v.value);
    if (std::find(names.begin(), names.end(), v.name) == names.end()) names.push_back(v.name);
  }
  if (out.empty()) {
    std::string list;
    for (const std::string& n : names) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", n);
    fail("{}: no benchmark named \"{}\"; found {}", source, name, list.empty() ? "none" : list);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// criterion.rs

std::vector<double> parse_criterion_sample(std::string_view text, const std::string& source) {
  const json root = parse_json(text, source, "criterion sample.json");
  if (!root.is_object())
    fail("{}: expected a JSON object with \"iters\" and \"times\" (criterion sample.json), found {}", source,
         type_name(root));
  const json& iters = array_field(root, "iters", source, "sample");
  const json& times = array_field(root, "times", source, "sample");
  if (iters.size() != times.size())
    fail("{}: \"iters\" has {} entries but \"times\" has {}: they must pair up", source, iters.size(), times.size());
  if (iters.empty()) fail("{}: \"iters\" and \"times\" are empty: no samples", source);
  std::vector<double> out;
  out.reserve(iters.size());
  for (size_t i = 0; i < iters.size(); ++i) {
    const double n = number(iters[i], source, fmt::format("iters[{}]", i));
    const double t = number(times[i], source, fmt::format("times[{}]", i));
    if (n <= 0) fail("{}: iters[{}] is {}: every sample needs at least one iteration", source, i, n);
    if (t < 0) fail("{}: times[{}] is negative ({})", source, i, t);
    out.push_back(t / n * 1e-9);  // criterion records nanoseconds per sample
  }
  return out;
}

std::string parse_criterion_benchmark_id(std::string_view text, const std::string& source) {
  const json root = parse_json(text, source, "criterion benchmark.json");
  if (!root.is_object())
    fail("{}: expected a JSON object with \"full_id\" (criterion benchmark.json), found {}", source, type_name(root));
  if (const auto f = root.find("full_id"); f != root.end()) {
    if (!f->is_string()) fail("{}: \"full_id\" must be a string, found {}", source, type_name(*f));
    if (f->get<std::string>().empty()) fail("{}: \"full_id\" is empty", source);
    return f->get<std::string>();
  }
  // Without full_id: rebuild it as criterion does, group_id/function_id/value_str.
  const auto g = root.find("group_id");
  if (g == root.end())
    fail("{}: missing field \"full_id\" (and \"group_id\"): is this criterion's benchmark.json?", source);
  if (!g->is_string()) fail("{}: \"group_id\" must be a string, found {}", source, type_name(*g));
  std::string id = g->get<std::string>();
  for (const char* key : {"function_id", "value_str"}) {
    const auto p = root.find(key);
    if (p == root.end() || p->is_null()) continue;
    if (!p->is_string()) fail("{}: \"{}\" must be a string or null, found {}", source, key, type_name(*p));
    id += "/" + p->get<std::string>();
  }
  return id;
}

std::map<std::string, fs::path> find_criterion_benchmarks(const fs::path& criterion_dir) {
  std::error_code ec;
  if (!fs::is_directory(criterion_dir, ec))
    fail("{}: criterion output folder not found (run `cargo bench` first, or set criterion_dir)",
         criterion_dir.string());
  std::map<std::string, fs::path> found;
  fs::recursive_directory_iterator it(criterion_dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) fail("{}: cannot list criterion output folder: {}", criterion_dir.string(), ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) fail("{}: cannot list criterion output folder: {}", criterion_dir.string(), ec.message());
    const fs::directory_entry& e = *it;
    // Only `new` holds the latest run; `base` and named baselines hold older ones.
    if (e.path().filename() != "new" || !e.is_directory(ec)) continue;
    const fs::path bench_json = e.path() / "benchmark.json";
    if (!fs::is_regular_file(bench_json, ec)) continue;
    const std::string id = parse_criterion_benchmark_id(read_text(bench_json), bench_json.string());
    const auto [pos, inserted] = found.emplace(id, e.path());
    if (!inserted)
      fail("{}: two criterion benchmarks have the id \"{}\": {} and {}", criterion_dir.string(), id,
           pos->second.string(), e.path().string());
    it.disable_recursion_pending();
  }
  return found;
}

std::vector<double> read_criterion(const fs::path& criterion_dir, const std::string& id) {
  const auto found = find_criterion_benchmarks(criterion_dir);
  const auto it = found.find(id);
  if (it == found.end()) {
    if (found.empty())
      fail(
          "{}: no criterion benchmark \"{}\": the folder holds no <id>/new/benchmark.json at all "
          "(run `cargo bench` first)",
          criterion_dir.string(), id);
    std::string ids;
    for (const auto& [k, _] : found) ids += fmt::format("{}\"{}\"", ids.empty() ? "" : ", ", k);
    fail("{}: no criterion benchmark \"{}\"; found {}", criterion_dir.string(), id, ids);
  }
  const fs::path sample = it->second / "sample.json";
  return parse_criterion_sample(read_text(sample), sample.string());
}

// ---------------------------------------------------------------------------------------------
// hyperfine

std::vector<HyperfineCommand> parse_hyperfine(std::string_view text, const std::string& source) {
  const json root = parse_json(text, source, "hyperfine");
  if (!root.is_object())
    fail("{}: expected a JSON object with a \"results\" array (hyperfine --export-json), found {}", source,
         type_name(root));
  const auto res = root.find("results");
  if (res == root.end()) fail("{}: missing field \"results\": is this hyperfine --export-json output?", source);
  if (!res->is_array()) fail("{}: \"results\" must be an array, found {}", source, type_name(*res));
  if (res->empty()) fail("{}: \"results\" is empty: no commands", source);

  std::vector<HyperfineCommand> out;
  size_t index = 0;
  for (const json& r : *res) {
    const std::string where = fmt::format("results[{}]", index++);
    if (!r.is_object()) fail("{}: {} must be an object, found {}", source, where, type_name(r));
    HyperfineCommand c;
    c.command = string_field(r, "command", source, where);
    const std::string named = fmt::format("{} (\"{}\")", where, c.command);
    const json& times = array_field(r, "times", source, named);
    if (times.empty()) fail("{}: {}.times is empty: no runs", source, named);
    for (size_t i = 0; i < times.size(); ++i) {
      const double t = number(times[i], source, fmt::format("{}.times[{}]", named, i));
      if (t < 0) fail("{}: {}.times[{}] is negative ({})", source, named, i, t);
      c.times.push_back(t);
    }
    for (const auto& [key, dst] : {std::pair{"user", &c.user}, std::pair{"system", &c.system}}) {
      const auto v = r.find(key);
      if (v == r.end() || v->is_null()) continue;
      *dst = number(*v, source, fmt::format("{}.{}", named, key));
    }
    if (const auto codes = r.find("exit_codes"); codes != r.end()) {
      if (!codes->is_array()) fail("{}: {}.exit_codes must be an array, found {}", source, named, type_name(*codes));
      for (size_t i = 0; i < codes->size(); ++i) {
        const json& code = (*codes)[i];
        if (code.is_null()) {
          c.exit_codes.push_back(-1);  // hyperfine writes null for a run killed by a signal
        } else if (code.is_number_integer()) {
          c.exit_codes.push_back(code.get<int>());
        } else {
          fail("{}: {}.exit_codes[{}] must be an integer or null, found {}", source, named, i, type_name(code));
        }
      }
      if (c.exit_codes.size() != c.times.size())
        fail("{}: {} has {} times but {} exit codes: they must pair up", source, named, c.times.size(),
             c.exit_codes.size());
    }
    out.push_back(std::move(c));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// regex

double unit_scale(const std::string& unit) {
  static const std::map<std::string, double, std::less<>> scales = {
      {"", 1},       {"s", 1},    {"sec", 1},  {"ms", 1e-3},    {"us", 1e-6},       {"µs", 1e-6},          {"ns", 1e-9},
      {"ps", 1e-12}, {"min", 60}, {"B", 1},    {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"kB", 1e3},
      {"KB", 1e3},   {"MB", 1e6}, {"GB", 1e9},
  };
  const auto it = scales.find(unit);
  return it == scales.end() ? 1.0 : it->second;
}

std::string regex_value_unit(const std::string& unit) {
  static const std::set<std::string, std::less<>> times = {"s", "sec", "ms", "us", "µs", "ns", "ps", "min"};
  static const std::set<std::string, std::less<>> sizes = {"B", "KiB", "MiB", "GiB", "kB", "KB", "MB", "GB"};
  if (times.count(unit)) return "s";
  if (sizes.count(unit)) return "B";
  return unit;
}

namespace {

// RE2 (Debian's 2022 release) spells a named group (?P<name>...) only; hone also accepts the
// (?<name>...) of Perl, Python 3.x's docs and ECMAScript. Rewrites each "(?<" that opens a
// group, outside escapes, \Q...\E and character classes; a lookbehind "(?<=" / "(?<!" stays as
// written, for RE2 to reject.
std::string re2_syntax(const std::string& pattern) {
  std::string out;
  out.reserve(pattern.size() + 8);
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      if (pattern[i + 1] == 'Q') {  // a literal run up to \E (or the end)
        const size_t e = pattern.find("\\E", i + 2);
        const size_t stop = e == std::string::npos ? pattern.size() : e + 2;
        out.append(pattern, i, stop - i);
        i = stop - 1;
        continue;
      }
      out.append(pattern, i, 2);
      ++i;
      continue;
    }
    if (c == '[') {  // a class: "(?<" inside is literal; "[]...]" and "[^]...]" hold a ']'
      size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      for (; j < pattern.size() && pattern[j] != ']'; ++j)
        if (pattern[j] == '\\') ++j;
      const size_t stop = std::min(j + 1, pattern.size());
      out.append(pattern, i, stop - i);
      i = stop - 1;
      continue;
    }
    if (c == '(' && pattern.compare(i, 3, "(?<") == 0 && i + 3 < pattern.size() && pattern[i + 3] != '=' &&
        pattern[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

// A compiled pattern and the group that holds the number; `problem` says why there is none.
struct CompiledPattern {
  std::unique_ptr<re2::RE2> re;
  int group = 0;
  std::string problem;
};

CompiledPattern compile_pattern(const std::string& pattern) {
  CompiledPattern c;
  if (pattern.empty()) {
    c.problem = "must not be empty";
    return c;
  }
  re2::RE2::Options options(re2::RE2::Quiet);
  c.re = std::make_unique<re2::RE2>(re2_syntax(pattern), options);
  if (!c.re->ok()) {
    // RE2 quotes the pattern it was given: show the group spelling the user wrote.
    std::string why = c.re->error();
    if (pattern.find("(?P<") == std::string::npos)
      for (size_t at = why.find("(?P<"); at != std::string::npos; at = why.find("(?P<", at)) why.erase(at + 2, 1);
    c.problem = fmt::format("is not a valid regular expression (RE2 syntax; no lookaround or backreferences): {}", why);
    return c;
  }
  if (c.re->NumberOfCapturingGroups() == 0) {
    c.problem = "has no group: put (?<value>...) around the number, e.g. 'time: (?<value>[0-9.]+) ms'";
    return c;
  }
  const std::map<std::string, int>& names = c.re->NamedCapturingGroups();
  if (c.re->CapturingGroupNames().size() != names.size()) {  // RE2 lets two groups share a name
    std::map<std::string, int> seen;
    std::string dup;
    for (const auto& [index, name] : c.re->CapturingGroupNames())
      if (++seen[name] == 2) dup = name;
    c.problem = fmt::format("names two groups \"{}\": give each group its own name", dup);
    return c;
  }
  if (const auto v = names.find("value"); v != names.end()) {
    c.group = v->second;
  } else if (!names.empty()) {
    std::string list;
    for (const auto& [name, index] : names) list += (list.empty() ? "" : ", ") + name;
    c.problem = fmt::format("names its groups ({}) but none 'value': write (?<value>...) around the number", list);
  } else {
    c.group = 1;
  }
  return c;
}

}  // namespace

std::string pattern_problem(const std::string& pattern) { return compile_pattern(pattern).problem; }

std::vector<double> parse_regex(std::string_view text, const std::string& pattern, const std::string& unit,
                                const std::string& source) {
  const CompiledPattern c = compile_pattern(pattern);
  if (!c.problem.empty()) fail("regex pattern \"{}\" {}", pattern, c.problem);
  const double scale = unit_scale(unit);

  std::vector<re2::StringPiece> groups(static_cast<size_t>(c.group) + 1);
  std::vector<double> out;
  size_t pos = 0;
  while (pos <= text.size() && c.re->Match(re2::StringPiece(text.data(), text.size()), pos, text.size(),
                                           re2::RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) {
    const re2::StringPiece whole = groups[0];
    const size_t at = static_cast<size_t>(whole.data() - text.data());
    // The next search starts after this match (one byte further after an empty one).
    pos = at + whole.size() + (whole.empty() ? 1 : 0);
    const re2::StringPiece g = groups[static_cast<size_t>(c.group)];
    if (g.data() == nullptr)
      fail("{}: match of regex \"{}\" at byte {} (\"{}\") captured no value", source, pattern, at,
           snippet(std::string_view(whole.data(), whole.size())));
    std::string_view num(g.data(), g.size());
    while (!num.empty() && std::isspace(static_cast<unsigned char>(num.front()))) num.remove_prefix(1);
    while (!num.empty() && std::isspace(static_cast<unsigned char>(num.back()))) num.remove_suffix(1);
    if (!num.empty() && num.front() == '+') num.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(v * scale)))
      fail("{}: regex \"{}\" captured \"{}\" at byte {}, which is too large a number", source, pattern,
           snippet(std::string_view(g.data(), g.size())), at);
    if (ec != std::errc() || end != num.data() + num.size() || !std::isfinite(v))
      fail("{}: regex \"{}\" captured \"{}\" at byte {}, which is not a number", source, pattern,
           snippet(std::string_view(g.data(), g.size())), at);
    out.push_back(v * scale);
  }
  if (out.empty()) {
    if (text.empty()) fail("{}: regex \"{}\" matched nothing: the output is empty", source, pattern);
    fail("{}: regex \"{}\" matched nothing in {} bytes of output (starts with \"{}\")", source, pattern, text.size(),
         snippet(text));
  }
  return out;
}

}  // namespace hone::adapters
