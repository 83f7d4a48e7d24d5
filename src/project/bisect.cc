#include "project/bisect.h"

#include <cmath>

#include "util/error.h"

namespace hone::bisect {

std::string_view outcome_word(Outcome o) {
  switch (o) {
    case Outcome::good: return "good";
    case Outcome::bad: return "bad";
    case Outcome::unsure: return "unsure";
  }
  return "unsure";
}

std::string_view verdict_word(Verdict v) {
  switch (v) {
    case Verdict::searching: return "searching";
    case Verdict::found: return "found";
    case Verdict::range: return "range";
    case Verdict::not_slower: return "not_slower";
  }
  return "searching";
}

stats::Question Step::question() const { return stats::bound_question(bound - 1); }

namespace {

// As stats::bound_question: at or below the bound is good, wholly above it bad.
Outcome classify(const stats::Interval& ci, double bound) {
  if (ci.hi <= bound) return Outcome::good;
  if (ci.lo > bound) return Outcome::bad;
  return Outcome::unsure;
}

}  // namespace

Bisector::Bisector(size_t commits, double threshold, int max_attempts)
    : n_(commits), threshold_(threshold), max_attempts_(max_attempts) {
  if (commits == 0) fail("nothing to bisect: no commit after GOOD");
  if (!(threshold > 0) || !std::isfinite(threshold))
    fail("bisect: the noise threshold must be above 0, got {}", threshold);
  if (max_attempts < 1) fail("bisect: at least one attempt per commit, got {}", max_attempts);
  hi_ = static_cast<long>(n_) - 1;
}

std::optional<size_t> Bisector::pick() const {
  if (hi_ - lo_ <= 1) return std::nullopt;
  long mid = lo_ + (hi_ - lo_) / 2;
  // Nearest the middle first, the older side on a tie.
  for (long d = 0; d < hi_ - lo_; ++d)
    for (long c : {mid - d, mid + d})
      if (c > lo_ && c < hi_ && !skipped_.count(static_cast<size_t>(c))) return static_cast<size_t>(c);
  return std::nullopt;
}

Step Bisector::next_step() const {
  if (phase_ == Phase::done) return Step{};
  if (retry_) return *retry_;
  if (phase_ == Phase::check_bad) return Step{false, n_ - 1, 1, 1 + threshold_};
  std::optional<size_t> c = pick();
  if (!c) return Step{};
  return Step{false, *c, 1, boundary_};
}

void Bisector::record(const Measurement& m) {
  Step s = next_step();
  if (s.done) fail("bisect: a measurement recorded after the search ended");
  Probe p;
  p.index = s.index;
  p.attempt = s.attempt;
  p.measurement = m;
  p.bound = s.bound;
  p.outcome = classify(m.estimate.ci, s.bound);
  retry_.reset();
  if (p.outcome == Outcome::unsure) {
    if (s.attempt < max_attempts_) {
      Step more = s;
      more.attempt = s.attempt + 1;
      retry_ = more;
    } else {
      p.skipped = true;
    }
  }
  probes_.push_back(p);
  if (phase_ == Phase::check_bad) {
    if (p.outcome == Outcome::bad) {
      // Halfway between GOOD and BAD: a commit is bad when it is measurably nearer BAD.
      boundary_ = 1 + (m.estimate.ratio - 1) / 2;
      phase_ = Phase::search;
    } else if (!retry_) {
      phase_ = Phase::done;  // not slower: nobody is accused
      return;
    }
  } else if (p.outcome == Outcome::bad) {
    hi_ = static_cast<long>(s.index);
  } else if (p.outcome == Outcome::good) {
    lo_ = static_cast<long>(s.index);
  } else if (p.skipped) {
    skipped_.insert(s.index);
  }
  finish_if_settled();
}

void Bisector::finish_if_settled() {
  if (phase_ == Phase::search && !retry_ && !pick()) phase_ = Phase::done;
}

Result Bisector::result() const {
  Result r;
  r.probes = probes_;
  r.boundary = boundary_;
  if (phase_ != Phase::done) return r;
  if (boundary_ == 0) {
    r.verdict = Verdict::not_slower;
    return r;
  }
  r.first_bad = static_cast<size_t>(hi_);
  if (lo_ >= 0) r.last_good = static_cast<size_t>(lo_);
  if (hi_ - lo_ == 1) {
    r.verdict = Verdict::found;
  } else {
    r.verdict = Verdict::range;
    for (long c = lo_ + 1; c < hi_; ++c) r.suspects.push_back(static_cast<size_t>(c));
    r.suspects.push_back(static_cast<size_t>(hi_));
  }
  return r;
}

}  // namespace hone::bisect
