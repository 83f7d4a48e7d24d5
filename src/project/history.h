#pragma once
// The project's history across commits (report/history.h) as `hone history` and the HTML pages
// read it: the configured target along the first-parent history of the project's repository.
#include <string>
#include <vector>

#include "config/config.h"
#include "report/history.h"
#include "report/html.h"
#include "store/store.h"

namespace hone {

// `rev`'s first-parent history (newest first); an error when the project is not in git.
std::vector<CommitInfo> first_parent_commits(const Config& cfg, const std::string& rev);
// The options of `hone history`; an unknown benchmark is an error naming the known ones.
HistoryOptions history_options(const Config& cfg, const std::vector<std::string>& benches);
// Each benchmark's stored runs of ours along `rev`'s first-parent history.
std::vector<HistorySeries> project_history(const Config& cfg, Store& store, const std::string& rev,
                                           const HistoryOptions& opts);
// The HTML pages' trend lines along HEAD's history; when there is none (no git), why, in `notes`.
std::vector<html::Trend> page_trends(const Config& cfg, Store& store, std::vector<std::string>& notes);
// `hone show N --html`: one stored run's page, with the project's trends when there is a project.
// `run` is the run as `hone show` read it (load_run), so that it is not read twice.
void write_run_page(const Config* cfg, Store& store, const StoredRun& run, const std::filesystem::path& file);

}  // namespace hone
