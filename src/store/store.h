#pragma once
// The record of every measurement: SQLite in .hone/hone.db, WAL mode, schema version with
// migrations. Every raw sample is kept. Writes of one round are one transaction, so a crash
// or Ctrl-C loses at most the round in flight.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/error.h"
#include "util/metric.h"

namespace hone {

struct RunRecord {
  int64_t id = 0;
  std::string kind;         // "bench", "compare", "import"
  std::string label;        // free text, e.g. the compared commands
  std::string started_at;   // ISO 8601 UTC, "2026-11-25T18:02:11Z"
  std::string finished_at;  // empty while running
  std::string status;       // "running", "complete", "interrupted", "failed"
  std::string note;         // why it failed or was interrupted
  std::string metric;       // metric_name()
  std::string commit;       // git HEAD of the project, empty outside git
  bool dirty = false;
  std::string config_hash;                             // of hone.toml's bytes, empty when ad hoc
  int64_t pid = 0;                                     // of the hone process that recorded it
  nlohmann::json machine = nlohmann::json::object();   // cpu, cores, kernel, load, counters...
  nlohmann::json settings = nlohmann::json::object();  // the measure settings used, incl. seed
  // 32 hex digits naming the run in every store it is copied to (hone store push/pull); set by
  // begin_run when empty.
  std::string uid;
  // ISO 8601 UTC of its last sign of life: begin_run, each round written (add_round) and beat()
  // while a round measures. `hone fleet collect` tells a shard whose machine vanished by it.
  std::string heartbeat;
};

// One (benchmark, target) of a run, with the command line it ran.
struct JobRecord {
  std::string benchmark;
  std::string target;
  std::string command;
};

struct SampleRecord {
  std::string benchmark;
  std::string target;
  int round = 0;  // rounds count from 0; samples of one round are paired
  Measurement m;
};

// One entry of the worklog's timeline (baseline recorded, criteria checked, a note...).
struct EventRecord {
  int64_t id = 0;
  std::string at;     // ISO 8601 UTC; set by add_event when empty
  std::string kind;   // "baseline", "criteria", "note", "check", ...
  std::string title;  // the worklog heading
  std::string body;   // markdown, rendered verbatim
  nlohmann::json data = nlohmann::json::object();
  int64_t run_id = 0;  // the run it refers to; 0 = none
};

// One optimization candidate (procedure 1.4), in the order the list runs.
struct CandidateRecord {
  int64_t id = 0;
  std::string name;
  std::string slug;  // unique; names branches, worktrees and notes
  std::string current, proposed, gain, complexity, risk, goal, plan;
  int64_t builds_on = 0;  // another candidate's id; 0 = none
  double priority = 0;    // lower runs first; add_candidate appends when 0
  // proposed (awaiting approval) | approved | kept | slow | rejected | dropped
  std::string status = "proposed";
  std::string source;  // "" = added by a person; "idea from #3" = from an agent's report
  std::string created_at, updated_at;
};

// Where an attempt is. Anything but done with a dead pid is an attempt that hone was stopped in
// the middle of (see stale_experiments). Stored, and shown, by name.
enum class Stage { preparing, agent, human, verifying, deciding, done };
// How a finished attempt ended; none while it runs. Stored, and shown, by name ("" for none).
enum class Outcome { none, kept, slow, rejected, interrupted, abandoned };
std::string_view stage_name(Stage s);
std::string_view outcome_name(Outcome o);
// nullopt for a name that is none of them (a store edited by hand, a newer hone).
std::optional<Stage> parse_stage(std::string_view name);
std::optional<Outcome> parse_outcome(std::string_view name);
// In JSON, by name as well ("" for Outcome::none).
inline void to_json(nlohmann::json& j, Stage s) { j = std::string(stage_name(s)); }
inline void to_json(nlohmann::json& j, Outcome o) { j = std::string(outcome_name(o)); }

// One attempt at a candidate: an agent run (`hone run`) or a person's (`hone try`/`finish`).
struct ExperimentRecord {
  int64_t id = 0;
  int64_t candidate_id = 0;
  std::string mode = "agent";  // agent | human
  Stage stage = Stage::preparing;
  Outcome outcome = Outcome::none;
  std::string reason;
  std::string branch, worktree, base_commit, result_commit;
  int64_t run_id = 0;  // the verification run
  int64_t pid = 0;     // set by begin_experiment
  std::string started_at, finished_at;
  nlohmann::json data = nlohmann::json::object();  // report, review, claims, verdicts, paths
};

namespace db {
class Connection;
}

// A shared store (PostgreSQL) that cannot be reached: the server is down, the network or the
// URL is wrong. Commands that record runs fall back to the local store on it (fleet/shared.h).
class StoreUnavailable : public Error {
 public:
  using Error::Error;
};

class Store {
 public:
  // Opens (creating the file and its folder if needed) and migrates to the current schema.
  // Throws hone::Error naming the path when the file is not a hone database or is newer
  // than this hone understands. A PostgreSQL URL (postgresql://... or postgres://...) opens
  // that database instead, with the same schema (store/db.h); its errors name the URL without
  // its password, and a server that cannot be reached is an error saying the store is down.
  static Store open(const std::filesystem::path& path);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  Store(const Store&) = delete;
  ~Store();

  static int current_schema_version();
  int schema_version();

  // "sqlite" or "postgresql".
  const char* engine() const;

  // Runs left "running" by a process that no longer exists (kill(pid, 0) fails with ESRCH)
  // become "interrupted" with a note saying so. Only liveness is checked: a run whose pid is
  // alive (including our own) is left alone, and so is a run recorded on another host (a
  // shared store). Returns how many runs were marked.
  int recover_stale_runs();

  // Inserts the run and returns its id. status becomes "running"; started_at is now (UTC)
  // unless the record carries one (imports); pid is getpid() unless the record carries one.
  int64_t begin_run(const RunRecord& run);
  // Appends jobs; their order (position) continues after the run's existing jobs.
  void add_jobs(int64_t run_id, const std::vector<JobRecord>& jobs);
  // All samples of one round in one transaction (BEGIN IMMEDIATE ... COMMIT): a crash
  // loses at most this round. Throws hone::Error (nothing written) on any failure.
  void add_round(int64_t run_id, const std::vector<SampleRecord>& samples);
  // Marks the run alive now (its heartbeat) without writing anything else.
  void beat(int64_t run_id);
  // status: "complete", "interrupted" or "failed" (else hone::Error); sets finished_at to now.
  void finish_run(int64_t run_id, const std::string& status, const std::string& note = "");
  void update_settings(int64_t run_id, const nlohmann::json& settings);

  // Newest first; limit < 0: all. A row that cannot be read is listed with status "corrupt"
  // and the reason as its note (get_run throws on it instead).
  std::vector<RunRecord> list_runs(int limit = 50);
  std::optional<RunRecord> get_run(int64_t id);
  // The newest complete `bench` or `baseline` run measured from the main checkout (not from
  // inside an attempt's worktree: settings.worktree unset) that measured `target`: what "the
  // current state" of the project means to criteria and to the agent's prompt.
  std::optional<int64_t> latest_measurement(const std::string& target);
  std::vector<JobRecord> jobs(int64_t run_id);
  std::vector<SampleRecord> samples(int64_t run_id);  // ordered by round, then insertion
  // One metric of a run's samples, streamed in the same order, skipping samples that lack it:
  // what analyses read, so that a run of millions of samples is never held as records. The
  // views are valid only during the call.
  struct SampleValue {
    std::string_view benchmark;
    std::string_view target;
    int round = 0;
    double value = 0;
  };
  void each_sample(int64_t run_id, Metric metric, const std::function<void(const SampleValue&)>& each);

  int64_t add_event(const EventRecord& e);
  std::vector<EventRecord> events();  // oldest first
  // Named baselines: a name ("default") pointing at a recorded run; setting one again moves it.
  void set_baseline(const std::string& name, int64_t run_id);
  std::optional<int64_t> baseline(const std::string& name);
  std::vector<std::pair<std::string, int64_t>> baselines();

  // Candidates, ordered by priority then id. add_candidate returns the new id; a priority of 0
  // puts the candidate last. update_candidate rewrites every field (hone::Error when missing).
  int64_t add_candidate(const CandidateRecord& c);
  void update_candidate(const CandidateRecord& c);
  std::vector<CandidateRecord> candidates();
  std::optional<CandidateRecord> get_candidate(int64_t id);

  // Experiments, oldest first (of one candidate when candidate_id > 0).
  int64_t begin_experiment(const ExperimentRecord& e);
  void update_experiment(const ExperimentRecord& e);  // finished_at is set when stage becomes done
  std::vector<ExperimentRecord> experiments(int64_t candidate_id = 0);
  std::optional<ExperimentRecord> get_experiment(int64_t id);
  // Experiments not done whose process no longer exists: hone was killed in the middle.
  std::vector<ExperimentRecord> stale_experiments();

  const std::filesystem::path& path() const { return path_; }
  // Copies a finished run (any status but "running") with its jobs and samples from another
  // store, keeping its uid, times, status and pid, in one transaction. Returns the new id, or
  // nullopt when a run with that uid is already here (nothing written).
  std::optional<int64_t> copy_run(const RunRecord& run, const std::vector<JobRecord>& jobs,
                                  const std::vector<SampleRecord>& samples);
  // The id of the run with this uid, if any.
  std::optional<int64_t> find_run(const std::string& uid);

  // The SQLite connection, for tests and diagnostics (e.g. sqlite3_update_hook in crash tests);
  // nullptr on PostgreSQL. Never use it in a forked child: open a new Store there.
  sqlite3* native_handle() const;

 private:
  static Store open_postgres(const std::string& url);
  Store(std::unique_ptr<db::Connection> c, std::filesystem::path path);
  std::unique_ptr<db::Connection> conn_;
  std::filesystem::path path_;
};

}  // namespace hone

// `fmt::format("{}", stage)` writes its name.
template <>
struct fmt::formatter<hone::Stage> : fmt::formatter<std::string_view> {
  template <class Ctx>
  auto format(hone::Stage s, Ctx& ctx) const {
    return fmt::formatter<std::string_view>::format(hone::stage_name(s), ctx);
  }
};
template <>
struct fmt::formatter<hone::Outcome> : fmt::formatter<std::string_view> {
  template <class Ctx>
  auto format(hone::Outcome o, Ctx& ctx) const {
    return fmt::formatter<std::string_view>::format(hone::outcome_name(o), ctx);
  }
};
