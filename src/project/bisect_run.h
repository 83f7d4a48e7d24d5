#pragma once
// `hone bisect GOOD BAD --bench B` on the project: the commits to search, each probe built in a
// worktree of its own (project/revisions.h; builds cached by commit, so GOOD is built once and a
// commit measured again is not rebuilt) and measured against GOOD in one interleaved run recorded
// in the store, and what the search found, as text and as JSON. The search itself is
// bisect::Bisector (project/bisect.h).
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "project/bisect.h"
#include "project/project.h"
#include "store/store.h"

namespace hone {

struct BisectCommit {
  std::string hash;  // full id
  std::string subject;
};

struct BisectPlan {
  std::string good_rev, bad_rev;  // as written
  BisectCommit good;
  std::vector<BisectCommit> commits;  // after GOOD on BAD's first-parent history, oldest first; BAD last
  std::string bench;
  std::string target;  // project.ours
  MeasureConfig measure;
  bool fixed_runs = false;  // --runs N
  double threshold = 0.01;  // the noise threshold ([measure] threshold, --threshold)
};

// Resolves GOOD and BAD in the project's repository and lists the commits between them. Errors:
// not in git, an unknown revision, GOOD not on BAD's first-parent history (or BAD itself), an
// unknown benchmark (naming the known ones).
BisectPlan plan_bisect(const Config& cfg, const std::string& good, const std::string& bad, const std::string& bench,
                       const MeasureFlags& flags);

// Measures the Bisector's steps.
class ProbeRunner {
 public:
  ProbeRunner(const Config& cfg, Store& store, const BisectPlan& plan) : cfg_(cfg), store_(store), plan_(plan) {}
  // Builds GOOD and the step's commit (unless built already) and measures the commit against GOOD,
  // until the step's question is answered or the budget is spent (four times the configured
  // budget at a second attempt). Throws hone::Interrupted when the user stops it (Ctrl-C).
  bisect::Measurement measure(const bisect::Step& step);
  size_t builds() const { return builds_; }  // builds that ran (the others were reused)

 private:
  const Config& cfg_;
  Store& store_;
  const BisectPlan& plan_;
  size_t builds_ = 0;
};

// One line per probe, as it is measured: "probe 2  commit 16/32  1a2b3c4d5e  +0.0% [-0.3%, +0.2%]  good".
std::string render_probe(const BisectPlan& plan, const bisect::Probe& probe, size_t number);
// What was found: the first bad commit with its ratio and CI against GOOD and its parent's, a
// range of suspects, or why nobody is accused; then how many probes and builds it took.
std::string render_bisect(const BisectPlan& plan, const bisect::Result& r, size_t builds);
// `hone bisect --format json` (docs/json.md#bisect).
nlohmann::json bisect_json(const BisectPlan& plan, const bisect::Result& r, size_t builds);

}  // namespace hone
