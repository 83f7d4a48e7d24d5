#include "loop/texts.h"

#include <fmt/format.h>

#include <cmath>

#include "util/units.h"

namespace hone::loop {

std::string format_metric(Metric m, double v, const std::string& unit) {
  switch (m) {
    case Metric::wall:
    case Metric::cpu: return format_seconds(v);
    case Metric::max_rss: return format_bytes(v);
    case Metric::instructions: return format_count(v);
    case Metric::reported:
      if (unit == "s") return format_seconds(v);
      if (unit == "B") return format_bytes(v);
      return unit.empty() ? fmt::format("{:.4g}", v) : fmt::format("{:.4g} {}", v, unit);
  }
  return fmt::format("{:.4g}", v);
}

std::string format_change(const stats::RatioEstimate& r) {
  // Speedups read as "x faster" (before/after); the CI inverts with them.
  if (r.ratio <= 1) return fmt::format("{:.2f}x faster [{:.2f}x, {:.2f}x]", 1 / r.ratio, 1 / r.ci.hi, 1 / r.ci.lo);
  return fmt::format("{:.2f}x slower [{:.2f}x, {:.2f}x]", r.ratio, r.ci.lo, r.ci.hi);
}

std::string results_table(const std::vector<BenchResult>& results, Metric m, const std::string& before,
                          const std::string& after, const std::string& change) {
  // Medians beside a paired ratio: the ratio is not the quotient of the two medians (it is the
  // Hodges–Lehmann estimate over the rounds' ratios), so each column says which it is.
  std::string out =
      fmt::format("| Benchmark | {} (median) | {} (median) | {}: paired ratio [95% CI] |\n|---|---|---|---|\n", before,
                  after, change);
  for (const BenchResult& r : results)
    out += fmt::format("| {} | {} | {} | {} |\n", r.benchmark, format_metric(m, r.before, r.unit),
                       format_metric(m, r.after, r.unit), format_change(r.ratio));
  return out;
}

namespace {

// The best gain among the results, for a headline: "2.91x speedup on utf8".
std::string headline(const std::vector<BenchResult>& results) {
  const BenchResult* best = nullptr;
  for (const BenchResult& r : results)
    if (best == nullptr || r.ratio.ratio < best->ratio.ratio) best = &r;
  if (best == nullptr || best->ratio.ratio >= 1) return "";
  double logsum = 0;
  for (const BenchResult& r : results) logsum += std::log(r.ratio.ratio);
  double geo = std::exp(-logsum / static_cast<double>(results.size()));
  return fmt::format("{:.2f}x speedup on {} (geometric mean {:.2f}x over {} benchmark{})", 1 / best->ratio.ratio,
                     best->benchmark, geo, results.size(), results.size() == 1 ? "" : "s");
}

std::string one_line(std::string s) {
  for (char& ch : s)
    if (ch == '\n' || ch == '\r') ch = ' ';
  size_t e = s.find_last_not_of(" .");
  return e == std::string::npos ? "" : s.substr(0, e + 1);
}

}  // namespace

std::string fit_subject(const std::string& message) {
  size_t eol = message.find('\n');
  std::string subject = message.substr(0, eol);
  std::string rest = eol == std::string::npos ? "" : message.substr(eol + 1);
  while (!subject.empty() && (subject.back() == ' ' || subject.back() == '\t' || subject.back() == '\r'))
    subject.pop_back();
  // Offsets where each code point starts (continuation bytes are 10xxxxxx).
  std::vector<size_t> starts;
  for (size_t i = 0; i < subject.size(); ++i)
    if ((static_cast<unsigned char>(subject[i]) & 0xC0) != 0x80) starts.push_back(i);
  if (starts.size() <= kMaxSubject) return subject + (eol == std::string::npos ? "" : "\n" + rest);
  // Room for the text and "...": cut at the last blank inside it, unless that would keep less
  // than half of it (one long word), then in the word.
  const size_t room = kMaxSubject - 3;
  size_t cut = starts[room];
  size_t blank = subject.rfind(' ', cut);
  if (blank != std::string::npos && blank >= cut / 2) cut = blank;
  std::string head = subject.substr(0, cut);
  while (!head.empty() && (head.back() == ' ' || head.back() == ',' || head.back() == ':' || head.back() == ';'))
    head.pop_back();
  std::string body = rest;
  while (!body.empty() && body.front() == '\n') body.erase(0, 1);
  return head + "...\n\n" + subject + (body.empty() ? "\n" : "\n\n" + body);
}

std::string commit_message(const CommitInfo& c) {
  std::string mech = one_line(c.mechanism);
  std::string out = fmt::format("{}: {}\n\n", c.name, mech.empty() ? "no mechanism reported" : mech);
  std::string head = headline(c.results);
  if (!head.empty()) out += head + ".\n\n";
  for (const BenchResult& r : c.results)
    out += fmt::format("  {:<20} {:>10} -> {:>10}  {}\n", r.benchmark, format_metric(c.metric, r.before, r.unit),
                       format_metric(c.metric, r.after, r.unit), format_change(r.ratio));
  out += fmt::format(
      "\nMeasured by hone ({}, median before -> after, then the paired ratio with its 95% CI),\n"
      "interleaved against the base commit: run {}. Candidate #{}.\n",
      metric_name(c.metric), c.run_id, c.candidate_id);
  if (!c.tradeoff.empty()) out += fmt::format("\nTrade-off: {}\n", one_line(c.tradeoff));
  return fit_subject(out);
}

std::string attempt_title(const AttemptEntry& e) { return fmt::format("Optimization {}: {}", e.candidate_id, e.name); }

std::string attempt_body(const AttemptEntry& e) {
  std::string status;
  switch (e.decision.outcome) {
    case Decision::kept: status = "COMPLETE (kept)"; break;
    case Decision::slow: status = e.decision.unsure ? "UNSURE (not kept)" : "SLOW (not kept)"; break;
    case Decision::rejected: status = "REJECTED"; break;
  }
  std::string out = fmt::format("Status: {}\n\nReason: {}\n\nChanges:\n", status, e.decision.reason);
  out += fmt::format("- {}\n", e.mechanism.empty() ? "(no mechanism reported)" : one_line(e.mechanism));
  if (!e.review.empty()) out += fmt::format("- {}\n", e.review);
  for (const std::string& f : e.changed_files) out += fmt::format("  - `{}`\n", f);
  if (!e.results.empty()) out += "\nResults:\n\n" + results_table(e.results, e.metric);
  if (!e.claims.empty()) {
    out += "\nClaims checked against the measurements:\n";
    for (const ClaimCheck& c : e.claims)
      out += fmt::format("- {} {}: {}\n", c.verified ? "verified" : "**unverified**", c.benchmark, c.why);
  }
  if (!e.report_status.empty()) out += fmt::format("\nAgent report: {}\n", e.report_status);
  if (!e.tradeoff.empty()) out += fmt::format("\nTrade-off: {}\n", e.tradeoff);
  if (!e.ideas.empty()) {
    out += "\nIdeas added to the list as proposed candidates:\n";
    for (const std::string& i : e.ideas) out += fmt::format("- {}\n", i);
  }
  out += "\n";
  if (!e.commit.empty()) out += fmt::format("Commit: {}\n", e.commit);
  if (!e.branch.empty()) out += fmt::format("Branch: `{}`\n", e.branch);
  if (!e.lessons.empty()) out += fmt::format("Lessons: `{}`\n", e.lessons);
  return out;
}

std::string lessons_note(const LessonsInput& in) {
  std::string out =
      fmt::format("# Why {} Failed\n\n## What We Tried\n\n{}\n", in.name, in.proposed.empty() ? in.name : in.proposed);
  if (!in.mechanism.empty()) out += fmt::format("\nThe attempt's own account: {}\n", in.mechanism);
  if (!in.branch.empty()) out += fmt::format("\nThe attempt is kept on branch `{}`.\n", in.branch);
  out += "\n## Results\n\n";
  out += in.results.empty() ? "Nothing was measured.\n" : results_table(in.results, in.metric, "Base", "Attempt");
  out += fmt::format("\nhone's verdict: {}\n", in.reason);
  out += "\n## Why It Failed\n\n";
  out += in.notes.empty() ? "(The agent gave no explanation; fill in after reading the diff and a profile.)\n"
                          : in.notes + "\n";
  out += "\n## Lessons\n\n(What we learned: fill in.)\n\n## Future Alternatives\n\n";
  if (in.ideas.empty()) out += "(Other approaches that might work: fill in.)\n";
  for (const std::string& i : in.ideas) out += fmt::format("- {}\n", i);
  return out;
}

namespace {

std::string start_end_table(const std::vector<BenchResult>& start_end, Metric m) {
  if (start_end.empty()) return "(no final measurement)\n";
  return results_table(start_end, m, "Start", "End", "Improvement");
}

std::string applied_list(const std::vector<Applied>& applied) {
  if (applied.empty()) return "None.\n";
  std::string out;
  int n = 0;
  for (const Applied& a : applied)
    out += fmt::format("{}. {}: {}{}\n", ++n, a.name,
                       a.mechanism.empty() ? "(no mechanism reported)" : one_line(a.mechanism),
                       a.commit.empty() ? "" : fmt::format(" ({})", a.commit.substr(0, 12)));
  return out;
}

std::string tried_list(const std::vector<Tried>& tried) {
  if (tried.empty()) return "Nothing else.\n";
  std::string out;
  for (const Tried& t : tried) out += fmt::format("- #{} {}: {} — {}\n", t.id, t.name, t.outcome, t.reason);
  return out;
}

}  // namespace

std::string final_report(const std::vector<BenchResult>& start_end, Metric m, const std::vector<Applied>& applied,
                         const std::vector<std::string>& insights, const std::string& criteria_summary) {
  std::string out = "## Final Results\n\n" + start_end_table(start_end, m);
  out += "\n## Optimizations Applied\n\n" + applied_list(applied);
  out += "\n## Key Insights\n\n";
  if (insights.empty()) out += "- (none recorded)\n";
  for (const std::string& i : insights) out += fmt::format("- {}\n", i);
  if (!criteria_summary.empty()) out += "\n## Done Criteria\n\n" + criteria_summary;
  if (out.back() != '\n') out += "\n";
  return out;
}

std::string incomplete_report(const std::vector<BenchResult>& start_end, Metric m, const std::vector<Applied>& applied,
                              const std::vector<Tried>& tried, const std::string& criteria_summary) {
  std::string out = "The done criteria are not met and no approved candidate is left to run.\n\n";
  out += "## Current Performance\n\n" + start_end_table(start_end, m);
  out += "\n## Optimizations Applied\n\n" + applied_list(applied);
  out += "\n## What Was Tried\n\n" + tried_list(tried);
  if (!criteria_summary.empty()) out += "\n## Done Criteria\n\n" + criteria_summary;
  out +=
      "\n## Next Steps\n\nThe driver decides: revise the done criteria, approve architectural changes "
      "(see the future-optimizations note), or accept the current performance.\n";
  return out;
}

std::string future_optimizations_note(const std::string& project, const std::vector<BenchResult>& start_end, Metric m,
                                      const std::vector<Applied>& applied, const std::vector<Tried>& tried,
                                      const std::vector<std::string>& ideas, const std::string& criteria_summary) {
  std::string out = fmt::format("# Future Optimizations: {}\n\n## What Was Achieved\n\n", project);
  out += start_end_table(start_end, m) + "\n" + applied_list(applied);
  out += "\n## What Was Tried and Did Not Help\n\n" + tried_list(tried);
  if (!criteria_summary.empty()) out += "\n## Where the Done Criteria Stand\n\n" + criteria_summary;
  out += "\n## Why Further Improvement Is Difficult\n\n(Fill in: what limits the remaining gap.)\n";
  out += "\n## What Architectural Changes Might Help\n\n";
  if (ideas.empty()) out += "(Fill in.)\n";
  for (const std::string& i : ideas) out += fmt::format("- {}\n", i);
  out += "\n## Estimated Complexity\n\n(Fill in: low / medium / high for each.)\n";
  return out;
}

}  // namespace hone::loop
