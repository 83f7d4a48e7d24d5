#include "loop/review.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "util/error.h"

namespace hone::loop {

namespace fs = std::filesystem;

std::vector<FileChange> parse_numstat(const std::string& text) {
  std::vector<FileChange> out;
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    if (line.empty()) continue;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) fail("git diff --numstat line {}: cannot read '{}'", n, line);
    FileChange c;
    std::string a = line.substr(0, t1), d = line.substr(t1 + 1, t2 - t1 - 1);
    c.path = line.substr(t2 + 1);
    if (a == "-" && d == "-") {
      c.binary = true;
    } else {
      try {
        c.added = std::stoi(a);
        c.deleted = std::stoi(d);
      } catch (const std::exception&) {
        fail("git diff --numstat line {}: cannot read the counts in '{}'", n, line);
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

bool under(const std::string& path, const std::string& dir) {
  if (dir.empty()) return false;
  std::string d = dir;
  while (!d.empty() && d.back() == '/') d.pop_back();
  return path == d || path.rfind(d + "/", 0) == 0;
}

// Folder names and file-name parts by which projects commonly mark tests and benchmarks.
const std::set<std::string> kTestDirs = {"test", "tests", "testdata", "testing", "spec", "__tests__", "fixtures"};
const std::set<std::string> kBenchDirs = {"bench", "benches", "benchmark", "benchmarks"};

std::string classify(const std::string& path, const ProtectRules& rules) {
  if (path == rules.config_file) return "hone.toml";
  for (const std::string& in : rules.inputs)
    if (under(path, in)) return "benchmark input";
  fs::path p(path);
  std::string file = lower(p.filename().string());
  bool test_dir = false, bench_dir = false;
  for (const auto& part : p.parent_path()) {
    std::string c = lower(part.string());
    test_dir = test_dir || kTestDirs.count(c) > 0;
    bench_dir = bench_dir || kBenchDirs.count(c) > 0;
  }
  if (test_dir || file.rfind("test_", 0) == 0 || file.find("_test.") != std::string::npos ||
      file.find("-test.") != std::string::npos || file.find(".test.") != std::string::npos ||
      file.find("_spec.") != std::string::npos)
    return "tests";
  if (bench_dir || file.find("bench") != std::string::npos) return "benchmark code";
  for (const std::string& pattern : rules.patterns) {
    std::string full = rules.project_dir.empty() ? pattern : rules.project_dir + "/" + pattern;
    bool dir_pattern = !full.empty() && full.back() == '/';
    if ((dir_pattern && under(path, full)) || fnmatch(full.c_str(), path.c_str(), 0) == 0)
      return fmt::format("protected ({})", pattern);
  }
  return "";
}

// A symlink's target that resolves outside the repository (absolute, or climbing out with ..).
bool leaves_repository(const std::string& link_path, const std::string& target) {
  if (target.empty()) return false;
  if (target[0] == '/') return true;
  fs::path resolved = (fs::path(link_path).parent_path() / target).lexically_normal();
  return !resolved.empty() && *resolved.begin() == "..";
}

std::string size_words(uint64_t bytes) {
  if (bytes >= 1'000'000) return fmt::format("{:.1f} MB", bytes / 1e6);
  if (bytes >= 1'000) return fmt::format("{:.1f} kB", bytes / 1e3);
  return fmt::format("{} bytes", bytes);
}

// What of a change never belongs in a commit; "" when nothing.
std::string hazard(const FileChange& c, const ProtectRules& rules) {
  if (c.new_mode == "160000")
    return "a nested repository (gitlink): a folder with its own .git, committed as a pointer";
  if (c.new_mode == "120000" && leaves_repository(c.path, c.link_target))
    return fmt::format("a symlink leaving the worktree (-> {})", c.link_target);
  bool file = c.new_mode == "100644" || c.new_mode == "100755";
  if (file && c.size > rules.max_file_size)
    return fmt::format("a large file ({} > {})", size_words(c.size), size_words(rules.max_file_size));
  bool was = !c.old_mode.empty() && c.old_mode != "000000";
  bool is = !c.new_mode.empty() && c.new_mode != "000000";
  if (was && is && c.old_mode != c.new_mode) return fmt::format("mode changed from {} to {}", c.old_mode, c.new_mode);
  return "";
}

}  // namespace

std::string review_hazard(const DiffReview& r) {
  if (!r.refused.empty()) return fmt::format("the attempt's worktree is not safe to commit from: {}", r.refused);
  if (r.hazards.empty()) return "";
  std::vector<std::string> parts;
  for (const Flag& f : r.hazards) parts.push_back(fmt::format("{} ({})", f.path, f.why));
  return fmt::format(
      "the attempt leaves behind what never belongs in a commit: {}; its branch keeps it for "
      "inspection",
      fmt::join(parts, ", "));
}

DiffReview review_diff(const std::vector<FileChange>& changes, const ProtectRules& rules) {
  DiffReview r;
  r.files = changes;
  for (const FileChange& c : changes) {
    r.added += c.added;
    r.deleted += c.deleted;
    std::string why = classify(c.path, rules);
    if (!why.empty()) r.flags.push_back(Flag{c.path, why});
    std::string left = hazard(c, rules);
    if (!left.empty()) r.hazards.push_back(Flag{c.path, left});
  }
  return r;
}

std::string review_summary(const DiffReview& r) {
  std::string out =
      fmt::format("{} file{} changed, +{} −{}", r.files.size(), r.files.size() == 1 ? "" : "s", r.added, r.deleted);
  if (!r.refused.empty()) return fmt::format("not collected: {}", r.refused);
  if (r.flagged()) {
    std::vector<std::string> parts;
    for (const Flag& f : r.flags) parts.push_back(fmt::format("{} ({})", f.path, f.why));
    out += fmt::format("; touches {}", fmt::join(parts, ", "));
  }
  if (!r.hazards.empty()) {
    std::vector<std::string> parts;
    for (const Flag& f : r.hazards) parts.push_back(fmt::format("{} ({})", f.path, f.why));
    out += fmt::format("; leaves behind {}", fmt::join(parts, ", "));
  }
  return out;
}

}  // namespace hone::loop
