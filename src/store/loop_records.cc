// The optimization loop's records: the candidate list (procedure 1.4) and every attempt at one.
#include <iterator>

#include "store/internal.h"
#include "store/store.h"
#include "util/clock.h"

namespace hone {

using store_detail::process_alive;
using store_detail::Stmt;

namespace {

constexpr std::string_view kStageNames[] = {"preparing", "agent", "human", "verifying", "deciding", "done"};
constexpr std::string_view kOutcomeNames[] = {"", "kept", "slow", "rejected", "interrupted", "abandoned"};

}  // namespace

std::string_view stage_name(Stage s) { return kStageNames[static_cast<size_t>(s)]; }
std::string_view outcome_name(Outcome o) { return kOutcomeNames[static_cast<size_t>(o)]; }

std::optional<Stage> parse_stage(std::string_view name) {
  for (size_t i = 0; i < std::size(kStageNames); ++i)
    if (kStageNames[i] == name) return static_cast<Stage>(i);
  return std::nullopt;
}

std::optional<Outcome> parse_outcome(std::string_view name) {
  for (size_t i = 0; i < std::size(kOutcomeNames); ++i)
    if (kOutcomeNames[i] == name) return static_cast<Outcome>(i);
  return std::nullopt;
}

namespace {

constexpr const char* kCandidateColumns =
    "id, name, slug, current, proposed, gain, complexity, risk, goal, plan, COALESCE(builds_on, 0), "
    "priority, status, source, created_at, updated_at";

CandidateRecord read_candidate(const Stmt& st) {
  CandidateRecord c;
  c.id = st.int64(0);
  c.name = st.text(1);
  c.slug = st.text(2);
  c.current = st.text(3);
  c.proposed = st.text(4);
  c.gain = st.text(5);
  c.complexity = st.text(6);
  c.risk = st.text(7);
  c.goal = st.text(8);
  c.plan = st.text(9);
  c.builds_on = st.int64(10);
  c.priority = st.real(11);
  c.status = st.text(12);
  c.source = st.text(13);
  c.created_at = st.text(14);
  c.updated_at = st.text(15);
  return c;
}

constexpr const char* kExperimentColumns =
    "id, candidate_id, mode, stage, outcome, reason, branch, worktree, base_commit, result_commit, "
    "COALESCE(run_id, 0), pid, started_at, COALESCE(finished_at, ''), data";

ExperimentRecord read_experiment(const Stmt& st, const std::filesystem::path& path) {
  ExperimentRecord e;
  e.id = st.int64(0);
  e.candidate_id = st.int64(1);
  e.mode = st.text(2);
  const std::string stage = st.text(3), outcome = st.text(4);
  std::optional<Stage> sv = parse_stage(stage);
  std::optional<Outcome> ov = parse_outcome(outcome);
  if (!sv)
    fail("{}: experiment {} has an unknown stage '{}'; the file was edited outside hone, or by a newer hone",
         path.string(), e.id, stage);
  if (!ov)
    fail("{}: experiment {} has an unknown outcome '{}'; the file was edited outside hone, or by a newer hone",
         path.string(), e.id, outcome);
  e.stage = *sv;
  e.outcome = *ov;
  e.reason = st.text(5);
  e.branch = st.text(6);
  e.worktree = st.text(7);
  e.base_commit = st.text(8);
  e.result_commit = st.text(9);
  e.run_id = st.int64(10);
  e.pid = st.int64(11);
  e.started_at = st.text(12);
  e.finished_at = st.text(13);
  e.data = nlohmann::json::parse(st.text(14), nullptr, false);
  if (e.data.is_discarded()) e.data = nlohmann::json::object();
  return e;
}

}  // namespace

int64_t Store::add_candidate(const CandidateRecord& c) {
  std::string what = fmt::format("cannot add candidate '{}'", c.name);
  db::Transaction tx(*conn_, what);
  double priority = c.priority;
  if (priority == 0) {
    Stmt st(*conn_, "SELECT COALESCE(max(priority), 0) + 1 FROM candidates", what);
    if (st.step()) priority = st.real(0);
  }
  std::string now = utc_timestamp();
  Stmt st(*conn_,
          "INSERT INTO candidates (name, slug, current, proposed, gain, complexity, risk, goal, plan, "
          "builds_on, priority, status, source, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          what);
  st.bind(1, c.name).bind(2, c.slug).bind(3, c.current).bind(4, c.proposed).bind(5, c.gain);
  st.bind(6, c.complexity).bind(7, c.risk).bind(8, c.goal).bind(9, c.plan);
  if (c.builds_on > 0)
    st.bind(10, c.builds_on);
  else
    st.bind_null(10);
  st.bind(11, priority).bind(12, c.status).bind(13, c.source).bind(14, now).bind(15, now);
  int64_t id = st.returned_id(path_, what);
  tx.commit();
  return id;
}

void Store::update_candidate(const CandidateRecord& c) {
  std::string what = fmt::format("cannot update candidate {}", c.id);
  Stmt st(*conn_,
          "UPDATE candidates SET name = ?, slug = ?, current = ?, proposed = ?, gain = ?, "
          "complexity = ?, risk = ?, goal = ?, plan = ?, builds_on = ?, priority = ?, status = ?, "
          "source = ?, updated_at = ? WHERE id = ?",
          what);
  st.bind(1, c.name).bind(2, c.slug).bind(3, c.current).bind(4, c.proposed).bind(5, c.gain);
  st.bind(6, c.complexity).bind(7, c.risk).bind(8, c.goal).bind(9, c.plan);
  if (c.builds_on > 0)
    st.bind(10, c.builds_on);
  else
    st.bind_null(10);
  st.bind(11, c.priority).bind(12, c.status).bind(13, c.source).bind(14, utc_timestamp()).bind(15, c.id);
  st.run();
  if (st.changes() != 1) fail("{}: {}: there is no candidate {}", path_.string(), what, c.id);
}

std::vector<CandidateRecord> Store::candidates() {
  Stmt st(*conn_, fmt::format("SELECT {} FROM candidates ORDER BY priority, id", kCandidateColumns),
          "cannot read the candidates");
  std::vector<CandidateRecord> out;
  while (st.step()) out.push_back(read_candidate(st));
  return out;
}

std::optional<CandidateRecord> Store::get_candidate(int64_t id) {
  Stmt st(*conn_, fmt::format("SELECT {} FROM candidates WHERE id = ?", kCandidateColumns),
          fmt::format("cannot read candidate {}", id));
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_candidate(st);
}

int64_t Store::begin_experiment(const ExperimentRecord& e) {
  Stmt st(*conn_,
          "INSERT INTO experiments (candidate_id, mode, stage, outcome, reason, branch, worktree, "
          "base_commit, result_commit, pid, started_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id",
          fmt::format("cannot record an attempt at candidate {}", e.candidate_id));
  st.bind(1, e.candidate_id)
      .bind(2, e.mode)
      .bind(3, stage_name(e.stage))
      .bind(4, outcome_name(e.outcome))
      .bind(5, e.reason);
  st.bind(6, e.branch).bind(7, e.worktree).bind(8, e.base_commit).bind(9, e.result_commit);
  st.bind(10, e.pid != 0 ? e.pid : static_cast<int64_t>(getpid()));
  st.bind(11, e.started_at.empty() ? utc_timestamp() : e.started_at).bind(12, e.data.dump());
  return st.returned_id(path_, "cannot record an attempt");
}

void Store::update_experiment(const ExperimentRecord& e) {
  std::string what = fmt::format("cannot update attempt {}", e.id);
  std::string finished = e.finished_at;
  if (finished.empty() && e.stage == Stage::done) finished = utc_timestamp();
  Stmt st(*conn_,
          "UPDATE experiments SET mode = ?, stage = ?, outcome = ?, reason = ?, branch = ?, worktree = ?, "
          "base_commit = ?, result_commit = ?, run_id = ?, pid = ?, finished_at = ?, data = ? WHERE id = ?",
          what);
  st.bind(1, e.mode).bind(2, stage_name(e.stage)).bind(3, outcome_name(e.outcome)).bind(4, e.reason).bind(5, e.branch);
  st.bind(6, e.worktree).bind(7, e.base_commit).bind(8, e.result_commit);
  if (e.run_id > 0)
    st.bind(9, e.run_id);
  else
    st.bind_null(9);
  st.bind(10, e.pid);
  if (finished.empty())
    st.bind_null(11);
  else
    st.bind(11, finished);
  st.bind(12, e.data.dump()).bind(13, e.id);
  st.run();
  if (st.changes() != 1) fail("{}: {}: there is no attempt {}", path_.string(), what, e.id);
}

std::vector<ExperimentRecord> Store::experiments(int64_t candidate_id) {
  Stmt st(*conn_,
          fmt::format("SELECT {} FROM experiments WHERE ? = 0 OR candidate_id = ? ORDER BY id", kExperimentColumns),
          "cannot read the attempts");
  st.bind(1, candidate_id).bind(2, candidate_id);
  std::vector<ExperimentRecord> out;
  while (st.step()) out.push_back(read_experiment(st, path_));
  return out;
}

std::optional<ExperimentRecord> Store::get_experiment(int64_t id) {
  Stmt st(*conn_, fmt::format("SELECT {} FROM experiments WHERE id = ?", kExperimentColumns),
          fmt::format("cannot read attempt {}", id));
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_experiment(st, path_);
}

std::vector<ExperimentRecord> Store::stale_experiments() {
  std::vector<ExperimentRecord> out;
  for (ExperimentRecord& e : experiments())
    if (e.stage != Stage::done && !process_alive(e.pid)) out.push_back(std::move(e));
  return out;
}

}  // namespace hone
