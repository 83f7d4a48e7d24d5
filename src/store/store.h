#pragma once
// The record of every measurement: SQLite in .hone/hone.db, WAL mode, schema version with
// migrations. Every raw sample is kept. Writes of one round are one transaction, so a crash
// or Ctrl-C loses at most the round in flight.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
  std::string config_hash;  // of hone.toml's bytes, empty when ad hoc
  int64_t pid = 0;          // of the hone process that recorded it
  nlohmann::json machine = nlohmann::json::object();   // cpu, cores, kernel, load, counters...
  nlohmann::json settings = nlohmann::json::object();  // the measure settings used, incl. seed
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

class Store {
 public:
  // Opens (creating the file and its folder if needed) and migrates to the current schema.
  // Throws hone::Error naming the path when the file is not a hone database or is newer
  // than this hone understands.
  static Store open(const std::filesystem::path& path);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  Store(const Store&) = delete;
  ~Store();

  static int current_schema_version();
  int schema_version();

  // Runs left "running" by a process that no longer exists become "interrupted".
  void recover_stale_runs();

  int64_t begin_run(const RunRecord& run);  // id, started_at, status are set here
  void add_jobs(int64_t run_id, const std::vector<JobRecord>& jobs);
  void add_round(int64_t run_id, const std::vector<SampleRecord>& samples);  // one transaction
  void finish_run(int64_t run_id, const std::string& status, const std::string& note = "");
  void update_settings(int64_t run_id, const nlohmann::json& settings);

  std::vector<RunRecord> list_runs(int limit = 50);  // newest first
  std::optional<RunRecord> get_run(int64_t id);
  std::vector<JobRecord> jobs(int64_t run_id);
  std::vector<SampleRecord> samples(int64_t run_id);  // ordered by round, then insertion

 private:
  explicit Store(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

}  // namespace hone
