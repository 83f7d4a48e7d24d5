#pragma once
// The worklog (<artifacts>/WORKLOG.md): a view rendered from the store's events, never edited
// by hand. Rendering is stable — the same events give the same bytes — so the file diffs well
// and re-rendering changes nothing.
#include <filesystem>
#include <string>
#include <vector>

#include "store/store.h"

namespace hone {

// `candidates`: the current candidate list in markdown (the loop's), shown under
// "## Optimization Candidates" before the timeline; "" for none.
std::string render_worklog(const std::string& project, const std::vector<EventRecord>& events,
                           const std::string& candidates = "");

// Renders and writes <root>/<artifacts>/WORKLOG.md when its content changed. Returns its path.
std::filesystem::path write_worklog(const std::filesystem::path& root, const std::string& artifacts,
                                    const std::string& project, Store& store, const std::string& candidates = "");

}  // namespace hone
