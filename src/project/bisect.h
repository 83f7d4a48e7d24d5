#pragma once
// hone bisect: which commit of BAD's first-parent history after GOOD made a benchmark slower.
//
// The Bisector decides and its caller measures, one step at a time (as jj's library owns a
// command's logic and the command only loops and prints): next_step() names the commit to
// measure against GOOD, record() takes the ratio commit / GOOD with its CI, until next_step() is
// done and result() says what was found. Each probe is one interleaved run of the commit against
// GOOD, so machine drift cancels out of its ratio.
//
// The search:
//  1. BAD against GOOD first. Unless BAD's whole CI lies above 1 + threshold (the noise
//     threshold), no commit is accused: BAD is not shown slower than GOOD, and the result says so.
//  2. The boundary is halfway between GOOD (ratio 1) and BAD's ratio. A probe whose whole CI lies
//     above it is bad, wholly at or below it good, else unsure: it is measured again with more
//     rounds, and when still unsure, skipped (the commit nearest the middle that is not skipped
//     is probed instead, as `git bisect skip` does).
//  3. Binary search between the last good commit and the first bad one: 32 commits take BAD's
//     probe and 5 more. When skipped commits remain between them, the answer is that range.
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "stats/sequential.h"
#include "stats/stats.h"

namespace hone::bisect {

enum class Outcome { good, bad, unsure };
std::string_view outcome_word(Outcome o);  // "good", "bad", "unsure"

// One measurement of a commit against GOOD.
struct Measurement {
  stats::RatioEstimate estimate;  // commit / GOOD
  int64_t run_id = 0;             // the run that recorded it (0: none)
};

struct Probe {
  size_t index = 0;  // into the commits (oldest first; the last is BAD)
  int attempt = 1;   // 1, then 2 when an unsure probe was measured more
  Measurement measurement;
  Outcome outcome = Outcome::unsure;
  double bound = 0;      // what its CI was judged against (1 + threshold for BAD, else the boundary)
  bool skipped = false;  // unsure at its last attempt: left out of the search
};

struct Step {
  bool done = true;
  size_t index = 0;  // the commit to measure against GOOD
  int attempt = 1;   // 2: measure it more than the first time (it was unsure)
  double bound = 0;  // the ratio the CI is judged against: good at or below, bad above
  // What the measurement must find out (stats::bound_question at `bound`): a run may stop as soon
  // as its CI is wholly on one side.
  stats::Question question() const;
};

enum class Verdict {
  searching,   // not done yet
  found,       // first_bad: the first bad commit; its first parent is good (or GOOD itself)
  range,       // one of `suspects` is the first bad commit; skipped probes could not tell which
  not_slower,  // BAD is not shown slower than GOOD beyond the threshold: nobody is accused
};
std::string_view verdict_word(Verdict v);  // "searching", "found", "range", "not_slower"

struct Result {
  Verdict verdict = Verdict::searching;
  std::optional<size_t> first_bad;  // found, range: the first commit known bad
  std::optional<size_t> last_good;  // the last commit known good; nullopt: GOOD itself
  std::vector<size_t> suspects;     // range: the skipped commits after last_good, then first_bad
  double boundary = 0;              // halfway between GOOD and BAD (0 while not known)
  std::vector<Probe> probes;        // in the order measured
};

class Bisector {
 public:
  // `commits`: how many commits follow GOOD on BAD's first-parent history, BAD the last (>= 1).
  // `threshold`: the noise threshold (a ratio within 1 ± threshold is no change), > 0.
  // `max_attempts`: measurements of one commit before an unsure one is skipped (>= 1).
  Bisector(size_t commits, double threshold, int max_attempts = 2);

  Step next_step() const;
  // The measurement of the step next_step() gives now. Throws hone::Error when it is done.
  void record(const Measurement& m);

  const std::vector<Probe>& probes() const { return probes_; }
  Result result() const;
  double threshold() const { return threshold_; }

 private:
  enum class Phase { check_bad, search, done };
  // The next commit to probe in (lo_, hi_), nearest the middle, not skipped; nullopt: none left.
  std::optional<size_t> pick() const;
  void finish_if_settled();

  size_t n_;
  double threshold_;
  int max_attempts_;
  Phase phase_ = Phase::check_bad;
  long lo_ = -1;  // last known good (-1: GOOD)
  long hi_ = 0;   // first known bad
  double boundary_ = 0;
  std::set<size_t> skipped_;
  std::optional<Step> retry_;  // an unsure probe to measure more
  std::vector<Probe> probes_;
};

}  // namespace hone::bisect
