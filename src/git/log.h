#pragma once
// Reading a branch's history (defined in git.cc).
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace hone::git {

// The first-parent history of `rev`, newest first, at most `limit` commits: {full id, subject}.
std::vector<std::pair<std::string, std::string>> first_parent_log(const std::filesystem::path& repo,
                                                                  const std::string& rev, int limit = 10000);

}  // namespace hone::git
