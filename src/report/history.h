#pragma once
// A benchmark's history across commits: the stored runs of ours on main's first-parent history,
// one point per commit (its newest complete run), and where a change entered — adjacent points
// whose ratio's CI lies wholly beyond the ±bound. Runs of different machines or metrics are
// separate series: their numbers are never put side by side.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/html.h"
#include "stats/stats.h"
#include "store/store.h"

namespace hone {

struct CommitInfo {
  std::string hash;
  std::string subject;
};

struct HistoryPoint {
  std::string commit, subject;
  int64_t run_id = 0;
  std::string started_at;
  std::vector<double> values;  // the run's samples of ours on this benchmark
  stats::Summary summary;
  stats::Interval median_ci;
  // Against the previous point (this / previous, two separate runs: unpaired); none for the first.
  std::optional<stats::RatioEstimate> change;
  std::string verdict;  // "slower" | "faster" when the whole CI lies beyond the bound, else ""
};

struct HistorySeries {
  std::string benchmark;
  std::string metric;
  std::string machine;               // "host · CPU · N cores": the key that keeps machines apart
  std::vector<HistoryPoint> points;  // oldest first
};

struct HistoryOptions {
  std::string target = "ours";
  std::vector<std::string> benches;  // empty: all
  double bound = 0.05;               // [criteria] regression
  uint64_t seed = 1;
  int resamples = 2000;
};

// The machine key of a run's machine facts.
std::string machine_key(const nlohmann::json& machine);

// commits: main's first-parent history, newest first (`git rev-list --first-parent`). Only
// complete `bench` and `baseline` runs of a clean tree at one of them count (not those measured
// inside an attempt's worktree), and only their `target` samples. Series in order of benchmark (first seen), metric and
// machine.
std::vector<HistorySeries> build_history(Store& store, const std::vector<CommitInfo>& commits,
                                         const HistoryOptions& opts);

std::string render_history_terminal(const std::vector<HistorySeries>& h, const HistoryOptions& opts);
nlohmann::json history_json(const std::vector<HistorySeries>& h, const HistoryOptions& opts);
// The HTML report's trend lines.
std::vector<html::Trend> history_trends(const std::vector<HistorySeries>& h);

}  // namespace hone
