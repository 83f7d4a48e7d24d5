#include "report/records.h"

namespace hone {

nlohmann::json run_json(const RunRecord& r) {
  return {{"id", r.id},
          {"kind", r.kind},
          {"label", r.label},
          {"started_at", r.started_at},
          {"finished_at", r.finished_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.finished_at)},
          {"status", r.status},
          {"heartbeat", r.heartbeat.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.heartbeat)},
          {"note", r.note},
          {"metric", r.metric},
          {"commit", r.commit.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.commit)},
          {"dirty", r.dirty},
          {"config_hash", r.config_hash},
          {"machine", r.machine},
          {"settings", r.settings}};
}

nlohmann::json runs_json(const std::vector<RunRecord>& runs) {
  nlohmann::json out = nlohmann::json::array();
  for (const RunRecord& r : runs) out.push_back(run_json(r));
  return out;
}

}  // namespace hone
