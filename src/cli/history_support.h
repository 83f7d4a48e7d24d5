#pragma once
// What `hone history` and the HTML pages' trends share (cmd_history.cc).
#include <string>
#include <vector>

#include "config/config.h"
#include "report/history.h"

namespace hone::cli {

// main's first-parent history (newest first); an error when the project is not in git.
std::vector<CommitInfo> first_parent_commits(const Config& cfg, const std::string& rev);
// The options of `hone history`; an unknown --bench is an error naming the known ones.
HistoryOptions history_options(const Config& cfg, const std::vector<std::string>& benches);

}  // namespace hone::cli
