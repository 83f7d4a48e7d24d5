#include "loop/worklog.h"

#include <fmt/format.h>

#include "loop/candidates.h"
#include "report/worklog.h"
#include "util/error.h"

namespace hone::loop {

std::filesystem::path update_worklog(const Config& cfg, Store& store) {
  std::vector<CandidateRecord> candidates = store.candidates();
  std::string list;
  if (!candidates.empty()) {
    try {
      list = loop::candidates_markdown(candidates);
    } catch (const Error& e) {
      list = fmt::format("(the list cannot be ordered: {})\n", e.what());
    }
  }
  return write_worklog(cfg.root, cfg.project.artifacts, cfg.project.name, store, list);
}

}  // namespace hone::loop
