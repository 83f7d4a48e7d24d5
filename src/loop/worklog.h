#pragma once
// The worklog (perf/WORKLOG.md), rewritten from the store after anything it shows changes.
#include <filesystem>

#include "config/config.h"
#include "store/store.h"

namespace hone::loop {

// Rewrites the worklog from the store, with the candidate list; returns its path.
std::filesystem::path update_worklog(const Config& cfg, Store& store);

}  // namespace hone::loop
