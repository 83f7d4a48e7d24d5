#include "loop/scratch.h"

#include <fmt/format.h>

#include <algorithm>

namespace hone::loop {

namespace fs = std::filesystem;

bool scratch_matches(const std::string& name, const std::string& pattern) {
  if (name.empty() || pattern.empty()) return false;
  if (pattern.back() != '*') return name == pattern;
  std::string prefix = pattern.substr(0, pattern.size() - 1);
  return !prefix.empty() && name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> move_scratch(const fs::path& worktree, const std::vector<std::string>& patterns,
                                      const fs::path& dest, const std::function<bool(const std::string&)>& tracked) {
  std::vector<std::string> moved;
  if (patterns.empty()) return moved;
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(worktree, ec)) {
    std::string name = e.path().filename().string();
    if (name == ".git") continue;
    if (std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return scratch_matches(name, p); }))
      names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (tracked(name)) continue;
    fs::create_directories(dest, ec);
    fs::path to = dest / name;
    for (int i = 2; fs::exists(fs::symlink_status(to, ec)); ++i) to = dest / fmt::format("{}.{}", name, i);
    fs::rename(worktree / name, to, ec);
    if (!ec) moved.push_back(name);
  }
  return moved;
}

}  // namespace hone::loop
