#include "loop/driver.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "criteria/criteria.h"
#include "git/command.h"
#include "git/git.h"
#include "git/workspace.h"
#include "loop/agent_report.h"
#include "loop/attempt.h"
#include "loop/candidates.h"
#include "loop/housekeeping.h"
#include "loop/io.h"
#include "loop/prompt.h"
#include "loop/review.h"
#include "loop/scratch.h"
#include "loop/test_failure.h"
#include "loop/texts.h"
#include "loop/worklog.h"
#include "measure/reaper.h"
#include "measure/runner.h"
#include "profile/research.h"
#include "project/build_cache.h"
#include "project/project.h"
#include "project/revisions.h"
#include "project/session.h"
#include "report/render.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/fault.h"
#include "util/interrupt.h"
#include "util/words.h"

namespace hone::loop {

namespace fs = std::filesystem;
using io::last_lines;
using io::read_file;
using io::short12;
using io::trim;
using io::write_file;

namespace {

// How many lines of a failing test or build a reason quotes.
constexpr int kTailLines = 8;

fs::path hone_dir(const LoopContext& ctx) { return git::ensure_hone_dir(ctx.repo); }
fs::path artifacts_dir(const LoopContext& ctx) { return ctx.cfg.root / ctx.cfg.project.artifacts; }

// The workspace of the loop: git for attempts, with the artifacts folder (where hone writes
// the worklog and notes into the checkout) not counting as uncommitted work.
git::Workspace workspace(const LoopContext& ctx) {
  return git::Workspace(*ctx.git, fs::relative(artifacts_dir(ctx), ctx.repo).generic_string());
}

using loop::attempt_of;

// The branch an attempt started from, for messages ("main" for records older than the field).
std::string start_of(const ExperimentRecord& e) { return e.data.value("start_branch", "main"); }

// Runs [project] test in dir; "" when it passed, else a reason quoting its last lines.
std::string run_tests(const LoopContext& ctx, const fs::path& dir, const std::string& log_name) {
  if (ctx.cfg.project.test.empty()) return "";
  CommandSpec cmd;
  cmd.argv = split_words(ctx.cfg.project.test);
  cmd.display = ctx.cfg.project.test;
  cmd.dir = dir.string();
  RunOptions opts;
  opts.capture_stdout = true;
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd, opts);
  fs::path log = hone_dir(ctx) / "logs" / log_name;
  write_file(log, fmt::format("$ {}\n# in {}\n{}\n--- stderr (last 4 KiB) ---\n{}", cmd.display, dir.string(),
                              r.stdout_text, r.stderr_tail));
  if (r.ok()) return "";
  // The lines that name the failing tests (loop/test_failure.h), not the runner's last line.
  return fmt::format("`{}` {} (log: {}): {}", cmd.display, r.spawn_failed ? r.error : r.describe_failure(0),
                     log.string(), loop::test_failure_excerpt(r.stdout_text + "\n" + r.stderr_tail, kTailLines));
}

// Paths of the benchmark inputs, relative to the repository top: words of each benchmark's
// args and variables that name a file or folder in the project.
std::vector<std::string> benchmark_inputs(const LoopContext& ctx) {
  std::vector<std::string> out;
  auto consider = [&](const std::string& value) {
    std::vector<std::string> words;
    try {
      words = split_words(value);
    } catch (const Error&) {
      return;
    }
    for (const std::string& w : words) {
      if (w.empty() || w[0] == '-') continue;
      fs::path p = fs::path(w).is_absolute() ? fs::path(w) : ctx.cfg.root / w;
      fs::path rel = fs::relative(p, ctx.repo).lexically_normal();
      if (rel.empty() || *rel.begin() == "..") continue;
      // Inputs are often generated (not in git), so the name counts even when the file is absent,
      // as long as it looks like a path.
      if (w.find('/') != std::string::npos || w.find('.') != std::string::npos || fs::exists(p))
        out.push_back(rel.generic_string());
    }
  };
  for (const BenchmarkConfig& b : ctx.cfg.benchmarks) {
    consider(b.args);
    for (const auto& [k, v] : b.vars) consider(v);
  }
  return out;
}

loop::ProtectRules protect_rules(const LoopContext& ctx) {
  loop::ProtectRules r;
  r.config_file = fs::relative(ctx.cfg.file, ctx.repo).generic_string();
  r.project_dir = ctx.subdir.generic_string();
  r.inputs = benchmark_inputs(ctx);
  r.patterns = ctx.cfg.agent.protect;
  r.max_file_size = ctx.cfg.agent.max_file_size;
  return r;
}

fs::path attempt_worktree(const LoopContext& ctx, const CandidateRecord& c) {
  return hone_dir(ctx) / "worktrees" / c.slug;
}

// Ctrl-C during an attempt: it is closed as interrupted, its worktree and branch go, main is
// as it was. `what` says what stopped ("stopped the agent, removed ...").
void close_interrupted(LoopContext& ctx, ExperimentRecord& e, const std::string& reason, const std::string& what) {
  e.stage = Stage::done;
  e.outcome = Outcome::interrupted;
  e.reason = reason;
  git::Attempt a = attempt_of(e);
  workspace(ctx).discard(a);
  ctx.store->update_experiment(e);
  fmt::print(stderr, "hone: interrupted: {}\n", what);
}

// A person's attempt (`hone try`) whose verification failed or stopped: open again, nothing
// of it lost, for `hone finish` once fixed (or `hone abandon`).
void reopen(LoopContext& ctx, ExperimentRecord& e, const std::string& why) {
  e.stage = Stage::human;
  e.outcome = Outcome::none;
  e.reason = fmt::format("`hone finish` failed: {}", why);
  e.data["finish_failure"] = why;
  ctx.store->update_experiment(e);
}

std::string reopen_hint(const ExperimentRecord& e) {
  return fmt::format(
      "attempt {} stays open: fix it in {} and run `hone finish` again, or end it with `hone abandon` "
      "(its work is parked on a branch)",
      e.id, e.worktree);
}

// The latest measurement of ours against the competitors, as the procedure's table.
std::string current_state(Store& store, const Config& cfg) {
  const std::string& ours = cfg.project.ours;
  std::optional<int64_t> run = store.latest_measurement(ours);
  if (!run) return "";
  Analysis a = without_benchmarks(analyze_run(store, *run), cfg.held_out_names());
  return fmt::format("{}\n(run {}, {}; 95% confidence intervals in brackets)", trim(render_markdown(a)), *run,
                     metric_name(a.metric));
}

std::vector<fs::path> notes_matching(const fs::path& dir, const std::string& needle) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".md" && e.path().filename().string().find(needle) != std::string::npos)
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

loop::PromptInputs prompt_inputs(LoopContext& ctx, const CandidateRecord& c) {
  loop::PromptInputs in;
  in.id = c.id;
  in.name = c.name;
  in.project = ctx.cfg.project.name;
  in.current = c.current;
  in.proposed = c.proposed;
  in.gain = c.gain;
  in.complexity = c.complexity;
  in.risk = c.risk;
  in.goal = c.goal;
  in.plan = c.plan;
  for (const std::string& f : ctx.cfg.agent.context) in.context_files.push_back((ctx.cfg.root / f).string());
  // Every research and profile note (what earlier work learned), then the lessons of failed
  // attempts; a note about a held-out benchmark (its name in the file name) is not shown.
  const std::set<std::string> hidden = ctx.cfg.held_out_names();
  auto shown = [&](const fs::path& p) {
    std::string f = p.filename().string();
    return std::none_of(hidden.begin(), hidden.end(),
                        [&](const std::string& h) { return f.find(h) != std::string::npos; });
  };
  for (const fs::path& p : notes_matching(research_dir(ctx), ""))
    if (p.filename().string().find("-lessons") == std::string::npos && shown(p)) in.context_files.push_back(p.string());
  for (const fs::path& p : notes_matching(research_dir(ctx), "-lessons")) {
    in.context_files.push_back(p.string());
    in.lessons_files.push_back(p.string());
  }
  in.current_state = current_state(*ctx.store, ctx.cfg);
  in.test_command = ctx.cfg.project.test;
  // The quick check: the worktree against the base, interleaved, recorded in the main store.
  std::string base = "HEAD";
  try {
    base = git::resolve(ctx.repo, "HEAD").substr(0, 12);
  } catch (const Error&) {
  }
  in.bench_command = fmt::format("hone compare {} WORKTREE", base);
  in.start_branch = ctx.git->checkout_branch().value_or("");
  in.regression = ctx.cfg.criteria.regression;
  return in;
}

std::string prompt_template(const LoopContext& ctx, std::string* name) {
  if (ctx.cfg.agent.prompt_template.empty()) {
    *name = "the built-in prompt template";
    return loop::default_prompt_template();
  }
  fs::path p = ctx.cfg.root / ctx.cfg.agent.prompt_template;
  *name = p.string();
  if (!fs::exists(p)) fail("{}: [agent] template: {} does not exist", ctx.cfg.file.string(), p.string());
  return read_file(p);
}

void add_attempt_event(LoopContext& ctx, const loop::AttemptEntry& entry, const ExperimentRecord& e) {
  EventRecord ev;
  ev.kind = "attempt";
  ev.title = loop::attempt_title(entry);
  ev.body = loop::attempt_body(entry);
  ev.run_id = e.run_id;
  ev.data = {{"candidate", e.candidate_id}, {"experiment", e.id}, {"outcome", e.outcome}};
  ctx.store->add_event(ev);
}

void kill_orphaned_agent(const ExperimentRecord& e);  // below, with the agent's signal handling

std::string unique_slug(Store& store, const std::string& base) {
  std::set<std::string> used;
  for (const CandidateRecord& c : store.candidates()) used.insert(c.slug);
  if (!used.count(base)) return base;
  for (int i = 2;; ++i) {
    std::string s = fmt::format("{}-{}", base, i);
    if (!used.count(s)) return s;
  }
}

}  // namespace

// ---- context ----------------------------------------------------------------------------------

fs::path research_dir(const LoopContext& ctx) { return hone::research_dir(ctx.cfg); }

LoopContext loop_context(const Config& cfg, Store& store) {
  LoopContext ctx;
  ctx.cfg = cfg;
  ctx.store = &store;
  std::optional<fs::path> top = git::toplevel(cfg.root);
  if (!top) fail("{} is not inside a git repository: the loop keeps its history in git", cfg.root.string());
  ctx.repo = fs::weakly_canonical(*top);
  ctx.git = std::make_shared<git::GitRepo>(ctx.repo);
  ctx.subdir = fs::relative(fs::weakly_canonical(cfg.root), ctx.repo);
  if (ctx.subdir == ".") ctx.subdir.clear();
  return ctx;
}

CandidateRecord candidate_or_fail(Store& store, int64_t id) {
  std::optional<CandidateRecord> c = store.get_candidate(id);
  if (!c) fail("there is no candidate {} (see `hone candidate list`)", id);
  return *c;
}

// ---- recovery ---------------------------------------------------------------------------------

std::vector<std::string> recover_attempts(LoopContext& ctx) {
  std::vector<std::string> lines;
  git::Workspace ws = workspace(ctx);
  for (ExperimentRecord e : ctx.store->stale_experiments()) {
    if (e.stage == Stage::human) continue;  // a person's attempt waits for `hone finish`
    kill_orphaned_agent(e);
    CandidateRecord c = candidate_or_fail(*ctx.store, e.candidate_id);
    git::Attempt a = attempt_of(e);
    std::string start = start_of(e);
    std::string decision = e.stage == Stage::deciding ? e.data.value("decision", "") : "";
    std::string what = fmt::format("attempt {} at #{} {}", e.id, c.id, c.name);
    if (e.mode == "human" && decision.empty()) {
      // `hone finish` stopped before deciding: the person's attempt is theirs again, unchanged.
      reopen(ctx, e, fmt::format("hone (pid {}) stopped while verifying it", e.pid));
      lines.push_back(
          fmt::format("{}: `hone finish` (pid {}) stopped before deciding; {}", what, e.pid, reopen_hint(e)));
      continue;
    }
    e.stage = Stage::done;
    if (decision == "kept" && !e.result_commit.empty()) {
      // Killed while keeping: the verified commit exists; finish the keep, or leave it on a branch.
      git::Keep k = ws.finish_keep(a, e.result_commit);
      if (k.applied) {
        e.outcome = Outcome::kept;
        c.status = "kept";
        ctx.store->update_candidate(c);
        lines.push_back(fmt::format("{} had already committed {}; finished keeping it on {} and recorded it as kept",
                                    what, short12(e.result_commit), start));
      } else {
        e.outcome = Outcome::rejected;
        e.branch = k.branch;
        e.reason = fmt::format("verified, but not kept: {}", k.why);
        lines.push_back(fmt::format("{}: the verified commit {} was not kept: {}", what, short12(k.commit), k.why));
      }
    } else if (decision == "slow") {
      std::string slow = ws.park(a, ctx.cfg.git.branch_prefix + "slow-" + c.slug);
      e.branch = slow;
      e.outcome = Outcome::slow;
      lines.push_back(
          fmt::format("{} was decided slow before hone (pid {}) stopped; parked it on {}", what, e.pid, slow));
    } else if (!decision.empty()) {
      // Decided (rejected, or kept before its commit was written): nothing is deleted; the
      // attempt's branch holds its work.
      e.outcome = decision == "kept" ? Outcome::interrupted : parse_outcome(decision).value_or(Outcome::interrupted);
      e.reason = fmt::format("hone (pid {}) stopped after deciding '{}'; the attempt's work is on branch {}", e.pid,
                             decision, e.branch);
      lines.push_back(fmt::format("{} was decided '{}' before hone (pid {}) stopped; its work stays on branch {}", what,
                                  decision, e.pid, e.branch));
    } else {
      e.outcome = Outcome::interrupted;
      std::string head = ctx.git->branch_commit(start).value_or(e.base_commit);
      e.reason = fmt::format("hone (pid {}) stopped before the attempt finished; {} was left at {}", e.pid, start,
                             short12(head));
      ws.discard(a);
      lines.push_back(
          fmt::format("{} was interrupted (hone pid {} is gone); cleaned up its worktree and branch, {} "
                      "untouched at {}",
                      what, e.pid, start, short12(head)));
    }
    ctx.store->update_experiment(e);
    EventRecord ev;
    ev.kind = "attempt";
    ev.title = fmt::format("Optimization {}: {}", c.id, c.name);
    ev.body = fmt::format("Status: {}\n\n{}\n",
                          e.outcome == Outcome::kept          ? "COMPLETE (kept, recovered)"
                          : e.outcome == Outcome::slow        ? "FAILED (slow, recovered)"
                          : e.outcome == Outcome::interrupted ? "INTERRUPTED"
                                                              : "REJECTED (recovered)",
                          lines.back());
    ev.data = {{"candidate", c.id}, {"experiment", e.id}, {"outcome", e.outcome}};
    ctx.store->add_event(ev);
  }
  if (!lines.empty()) update_worklog(ctx.cfg, *ctx.store);
  return lines;
}

// ---- prepare ----------------------------------------------------------------------------------

std::string candidate_prompt(LoopContext& ctx, const CandidateRecord& c, const std::string& worktree,
                             const std::string& branch, const std::string& report_file) {
  loop::PromptInputs in = prompt_inputs(ctx, c);
  in.worktree = worktree;
  in.branch = branch;
  in.report_file = report_file;
  std::string name;
  std::string tmpl = prompt_template(ctx, &name);
  return loop::render_prompt(tmpl, loop::prompt_values(in), name);
}

loop::PromptView prompt_preview(LoopContext& ctx, const CandidateRecord& c) {
  // The paths the candidate's next attempt will use (prepare_attempt numbers them per candidate).
  const size_t number = ctx.store->experiments(c.id).size() + 1;
  fs::path wt = attempt_worktree(ctx, c);
  if (!ctx.subdir.empty()) wt /= ctx.subdir;
  loop::PromptView p{c.id,
                     c.name,
                     wt.string(),
                     ctx.cfg.git.branch_prefix + c.slug,
                     (hone_dir(ctx) / "reports" / fmt::format("{}-{}.json", c.slug, number)).string(),
                     ""};
  p.text = candidate_prompt(ctx, c, p.worktree, p.branch, p.report_file);
  return p;
}

ExperimentRecord prepare_attempt(LoopContext& ctx, const CandidateRecord& c, const std::string& mode) {
  std::vector<CandidateRecord> all = ctx.store->candidates();
  std::string why = loop::not_runnable_reason(c, all);
  if (!why.empty()) fail("cannot attempt candidate {}: {}", c.id, why);
  for (const ExperimentRecord& open : ctx.store->experiments(c.id))
    if (open.stage == Stage::human)
      fail("attempt {} at candidate {} is open in {} (hone try): run `hone finish`, or `hone abandon`, first", open.id,
           c.id, open.worktree);
  git::Workspace ws = workspace(ctx);
  std::string start = ws.start_branch();
  std::string base = ctx.git->head();

  // 0. The competitors' own builds, so that a missing binary shows now, not after the attempt.
  build_competitors(ctx.cfg);

  // 1. The loop never builds on red: the tests must pass at the base (remembered per commit).
  fs::path marker = hone_dir(ctx) / "tested" / (base + ".ok");
  if (!ctx.cfg.project.test.empty() && !fs::exists(marker)) {
    std::vector<Revision> revs = prepare_revisions(ctx.cfg, {base}, ctx.cfg.project.ours);
    fs::path dir = ctx.subdir.empty() ? revs[0].checkout.dir : revs[0].checkout.dir / ctx.subdir;
    std::string failure = run_tests(ctx, dir, "test-" + short12(base) + ".log");
    if (!failure.empty())
      fail("the tests fail at {}'s head ({}): the loop never builds on red; fix {} first: {}", start, short12(base),
           start, failure);
    write_file(marker, ctx.cfg.project.test + "\n");
  }

  // 2. A branch and a worktree of the attempt's own, from the base. Its files are numbered per
  // candidate: range-tests-1.json is the candidate's first attempt, whatever its record's id.
  const size_t number = ctx.store->experiments(c.id).size() + 1;
  ExperimentRecord e;
  e.candidate_id = c.id;
  e.mode = mode;
  e.stage = Stage::preparing;
  e.worktree = attempt_worktree(ctx, c).string();
  e.base_commit = base;
  e.data["start_branch"] = start;
  e.id = ctx.store->begin_experiment(e);
  // A worktree left there by an earlier attempt of this candidate (rejected ones stay for
  // inspection): its work is on that attempt's branch.
  ctx.git->remove_worktree(e.worktree);
  // Its own branch, never one that exists (a taken name gets -2, -3, ...).
  git::Attempt a = ws.start(ctx.cfg.git.branch_prefix + c.slug, e.worktree, base, start);
  e.branch = a.branch;
  ctx.store->update_experiment(e);

  // 3. The prompt, as a file the agent (or person) reads.
  fs::path prompt = hone_dir(ctx) / "prompts" / fmt::format("{}-{}.md", c.slug, number);
  fs::path report = hone_dir(ctx) / "reports" / fmt::format("{}-{}.json", c.slug, number);
  std::error_code ec;
  fs::remove(report, ec);
  fs::create_directories(report.parent_path(), ec);
  fs::path wt_project = ctx.subdir.empty() ? fs::path(e.worktree) : fs::path(e.worktree) / ctx.subdir;
  write_file(prompt, candidate_prompt(ctx, c, wt_project.string(), e.branch, report.string()));
  e.data["prompt"] = prompt.string();
  e.data["number"] = number;
  e.data["report"] = report.string();
  e.data["log"] = (hone_dir(ctx) / "logs" / fmt::format("agent-{}-{}.log", c.slug, number)).string();
  e.stage = mode == "human" ? Stage::human : Stage::agent;
  ctx.store->update_experiment(e);
  return e;
}

// ---- the agent --------------------------------------------------------------------------------

namespace {

// The agent of a dead hone may still run: kill its process group before cleaning up.
void kill_orphaned_agent(const ExperimentRecord& e) {
  std::string pidfile = e.data.value("agent_pidfile", "");
  if (pidfile.empty()) return;
  std::string text = trim(read_file(pidfile));
  pid_t pid = 0;
  try {
    pid = static_cast<pid_t>(std::stol(text));
  } catch (const std::exception&) {
    return;
  }
  if (pid > 1) ::kill(-pid, SIGKILL);
}

}  // namespace

AgentOutcome run_agent(LoopContext& ctx, ExperimentRecord& e, const CandidateRecord& c) {
  if (ctx.cfg.agent.command.empty())
    fail("{}: [agent] command is not set: set it, or attempt the candidate yourself with `hone try {}`",
         ctx.cfg.file.string(), c.id);
  std::string prompt = e.data["prompt"], report = e.data["report"], log = e.data["log"];
  fs::path wt_project = ctx.subdir.empty() ? fs::path(e.worktree) : fs::path(e.worktree) / ctx.subdir;
  std::vector<std::string> argv = expand_command(ctx.cfg.agent.command, {{"prompt", prompt},
                                                                         {"report", report},
                                                                         {"worktree", wt_project.string()},
                                                                         {"hone_dir", hone_dir(ctx).string()}});
  // The prompt goes to stdin and both outputs to the log. The redirections are done by sh with
  // the agent's argv passed as "$@", so nothing in it is interpreted by a shell.
  std::string pidfile = (hone_dir(ctx) / "reports" / fmt::format("agent-{}.pid", e.id)).string();
  e.data["agent_pidfile"] = pidfile;
  ctx.store->update_experiment(e);
  std::vector<std::string> wrapped = {
      "/bin/sh", "-c",
      "echo $$ >\"$HONE_AGENT_PIDFILE\"; exec \"$@\" <\"$HONE_PROMPT_FILE\" >>\"$HONE_AGENT_LOG\" 2>&1", "hone-agent"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  write_file(log, fmt::format("$ {}\n# in {}\n", join_words(argv), wt_project.string()));
  CommandSpec cmd;
  cmd.argv = wrapped;
  cmd.display = join_words(argv);
  cmd.dir = wt_project.string();
  cmd.env = {{"HONE_PROMPT_FILE", prompt},
             {"HONE_REPORT_FILE", report},
             {"HONE_WORKTREE", wt_project.string()},
             {"HONE_CANDIDATE", c.name},
             {"HONE_CANDIDATE_ID", std::to_string(c.id)},
             {"HONE_AGENT_LOG", log},
             {"HONE_AGENT_PIDFILE", pidfile}};
  RunOptions opts;
  opts.timeout = ctx.cfg.agent.timeout;
  opts.leave_group = true;  // the Reaper below ends and names what the agent left running
  fmt::print(stderr, "hone: attempt {} at #{} {}: running the agent in {} (log: {})\n", e.id, c.id, c.name,
             wt_project.string(), log);
  RunOutcome r;
  {
    // Ctrl-C stops the agent with its process group (util/interrupt.h).
    interrupt::Scope scope;
    // hone becomes the agent's descendants' subreaper: what it leaves running, in its process
    // group or daemonized out of it, is ended with it.
    Reaper reaper;
    ProcessRunner runner;
    r = runner.run(cmd, opts);
    int group = 0;
    try {
      group = std::stoi(trim(read_file(pidfile)));
    } catch (const std::exception&) {
    }
    std::vector<std::string> left = reaper.end(group);
    if (!left.empty()) {
      fmt::print(stderr, "hone: the agent left {} process{} running; ended: {}\n", left.size(),
                 left.size() == 1 ? "" : "es", fmt::join(left, ", "));
      e.data["leftover_processes"] = left;
      ctx.store->update_experiment(e);
    }
  }
  // What the preset's CLI leaves in the repository that is never a change (loop/scratch.h).
  std::vector<std::string> moved = loop::move_scratch(
      e.worktree, ctx.cfg.agent.scratch, fs::path(log).replace_extension(".scratch"), [&](const std::string& name) {
        std::optional<git::Location> at = git::at_top(e.worktree);
        return !at || !git::run(*at, {"ls-files", "--", name}).out.empty();
      });
  if (!moved.empty())
    fmt::print(stderr, "hone: moved what {} leaves in the worktree ({}) to {}\n", ctx.cfg.agent.preset,
               fmt::join(moved, ", "), fs::path(log).replace_extension(".scratch").string());
  AgentOutcome out;
  if (r.interrupted) {
    // Ctrl-C: the agent is gone; close the attempt so main stays as it was.
    out.interrupted = true;
    close_interrupted(ctx, e, fmt::format("interrupted (Ctrl-C) while the agent ran; {} untouched", start_of(e)),
                      "stopped the agent, removed the attempt's worktree and branch");
    return out;
  }
  if (r.ok()) return out;
  if (r.timed_out)
    out.failure = fmt::format(
        "the agent timed out after {:.0f} s and was killed with its process group; the "
        "worktree is kept for inspection: {} (log: {})",
        ctx.cfg.agent.timeout, e.worktree, log);
  else
    out.failure = fmt::format("the agent {} (log: {}); the worktree is kept for inspection: {}",
                              r.spawn_failed ? r.error : r.describe_failure(ctx.cfg.agent.timeout), log, e.worktree);
  return out;
}

// ---- verify, decide, record -------------------------------------------------------------------

namespace {

// The attempt's world for loop::run_attempt: its worktree and branch, the build and tests
// there, the interleaved measurement against the base, and main.
class CliWorld : public loop::AttemptWorld {
 public:
  CliWorld(LoopContext& ctx, ExperimentRecord& e, const CandidateRecord& c)
      : ctx_(ctx), e_(e), c_(c), wt_(e.worktree) {}

  loop::DiffReview collect_changes() override {
    // Whatever the agent left, committed or not, becomes one commit on its branch — but only
    // while the worktree is still the repository's: an agent that deleted or replaced its .git
    // would otherwise have git fall through to the user's checkout.
    git::Workspace ws = workspace(ctx_);
    git::Attempt a = attempt_of(e_);
    try {
      head_ = ws.collect(a, loop::fit_subject(fmt::format("hone: attempt {} at {}", e_.id, c_.name)));
    } catch (const Error& err) {
      loop::DiffReview refused;
      refused.refused = err.what();
      return refused;
    }
    e_.data["head"] = head_;
    ctx_.store->update_experiment(e_);
    fault::point("collect");
    std::vector<loop::FileChange> files;
    for (const git::TreeChange& t : ctx_.git->changes(e_.base_commit, head_)) {
      loop::FileChange f;
      f.path = t.path;
      f.binary = t.added < 0;
      f.added = std::max(t.added, 0);
      f.deleted = std::max(t.deleted, 0);
      f.old_mode = t.old_mode;
      f.new_mode = t.new_mode;
      f.size = t.size;
      f.link_target = t.link_target;
      files.push_back(f);
    }
    return loop::review_diff(files, protect_rules(ctx_));
  }

  std::string build() override {
    fault::point("build");
    try {
      git::build(after().checkout, ctx_.cfg.build_of(ctx_.cfg.project.ours), ctx_.repo, ctx_.subdir,
                 ctx_.cfg.layout.declared() ? std::optional<std::string>("") : std::nullopt, build_env(ctx_.cfg, wt_));
    } catch (const Error& err) {
      return last_lines(err.what(), kTailLines);
    }
    return "";
  }

  std::string test() override {
    return run_tests(ctx_, ctx_.subdir.empty() ? wt_ : wt_ / ctx_.subdir, fmt::format("test-attempt-{}.log", e_.id));
  }

  loop::Measured measure() override {
    fault::point("measure");
    std::vector<Revision> base = prepare_revisions(ctx_.cfg, {e_.base_commit}, ctx_.cfg.project.ours);
    base[0].label = fmt::format("{}@base", ctx_.cfg.project.ours);
    fmt::print(stderr, "hone: attempt {}: measuring {} against the base {}, interleaved\n", e_.id, after().label,
               short12(e_.base_commit));
    std::vector<RunRecord> newest = ctx_.store->list_runs(1);
    int64_t last_run = newest.empty() ? 0 : newest.front().id;
    PairMeasurement m;
    try {
      m = measure_pair(ctx_, base[0], after(), fmt::format("attempt {}: #{} {}", e_.id, c_.id, c_.name));
    } catch (const Error&) {
      // Ctrl-C before the first round ends is an error to the session, which records its run
      // as interrupted first: to the attempt it is an interruption like any other.
      newest = ctx_.store->list_runs(1);
      if (!newest.empty() && newest.front().id > last_run && newest.front().status == "interrupted")
        return loop::Measured{{}, std::nullopt, "", newest.front().id, true};
      throw;
    }
    e_.run_id = m.run_id;
    return loop::Measured{m.results, m.criteria_met, m.criteria_summary, m.run_id, m.interrupted};
  }

  loop::LayoutMeasured measure_layouts() override {
    // Base and attempt, each built at every [layout] variant in worktrees of their own, each pair
    // measured interleaved (measure_pair without competitors or criteria).
    loop::LayoutMeasured lm;
    const size_t n = ctx_.cfg.layout.variants.size();
    const std::string& ours = ctx_.cfg.project.ours;
    for (size_t i = 0; i < n; ++i) {
      Revision before = prepare_layout_revision(ctx_.cfg, e_.base_commit, "base", i, ours);
      Revision after = prepare_layout_revision(ctx_.cfg, head_, c_.slug, i, ours);
      fmt::print(stderr, "hone: attempt {}: layout variant {} of {} ({}): measuring {} against {}, interleaved\n",
                 e_.id, i + 1, n, ctx_.cfg.layout.variants[i], after.label, before.label);
      PairMeasurement m;
      try {
        m = measure_pair(ctx_, before, after,
                         fmt::format("attempt {}: #{} {}, layout variant {}", e_.id, c_.id, c_.name, i + 1), true);
      } catch (const Interrupted&) {
        lm.interrupted = true;
        return lm;
      }
      if (m.interrupted) {
        lm.interrupted = true;
        return lm;
      }
      layout_runs_.push_back(m.run_id);
      lm.variants.push_back(m.results);
      ctx_.git->remove_worktree(after.checkout.dir);  // the attempt's variants are not built on again
    }
    return lm;
  }

  void decided(const loop::AttemptOutcome& o) override {
    e_.stage = Stage::deciding;
    e_.reason = o.decision.reason;
    e_.data["decision"] = loop::outcome_name(o.decision.outcome);
    e_.data["review"] = loop::review_summary(o.review);
    nlohmann::json claims = nlohmann::json::array();
    for (const loop::ClaimCheck& cc : o.claims)
      claims.push_back({{"benchmark", cc.benchmark}, {"verified", cc.verified}, {"why", cc.why}});
    e_.data["claims"] = claims;
    nlohmann::json results = nlohmann::json::array();
    for (const loop::BenchResult& r : o.measured.results)
      results.push_back({{"benchmark", r.benchmark},
                         {"before", r.before},
                         {"after", r.after},
                         {"ratio", r.ratio.ratio},
                         {"ci", {r.ratio.ci.lo, r.ratio.ci.hi}}});
    e_.data["results"] = results;
    e_.data["criteria_met"] = o.measured.criteria_met.value_or(false);
    if (!o.measured.criteria_summary.empty()) e_.data["criteria_summary"] = o.measured.criteria_summary;
    if (!o.layout.empty()) {
      nlohmann::json layout = nlohmann::json::array();
      for (const loop::LayoutResult& l : o.layout) {
        nlohmann::json variants = nlohmann::json::array();
        for (const stats::RatioEstimate& r : l.variants)
          variants.push_back({{"ratio", r.ratio}, {"ci", {r.ci.lo, r.ci.hi}}});
        layout.push_back({{"benchmark", l.benchmark},
                          {"ratio", l.across.ratio},
                          {"ci", {l.across.ci.lo, l.across.ci.hi}},
                          {"variants", variants}});
      }
      e_.data["layout"] = layout;
      e_.data["layout_runs"] = layout_runs_;
    }
    ctx_.store->update_experiment(e_);
  }

  loop::Kept commit_to_main(const std::string& message) override {
    // One squashed commit on the base; the branch the loop started from moves to it only by
    // compare-and-swap from the base, and only while the checkout is on it and clean.
    git::Workspace ws = workspace(ctx_);
    git::Attempt a = attempt_of(e_);
    git::Keep k = ws.keep(a, message, [&](const std::string& commit) {
      e_.result_commit = commit;
      ctx_.store->update_experiment(e_);  // recovery sees the commit before any branch does
    });
    if (!k.applied) e_.branch = k.branch;
    return loop::Kept{k.commit, k.branch, k.why};
  }

  std::string park_slow() override {
    git::Workspace ws = workspace(ctx_);
    git::Attempt a = attempt_of(e_);
    e_.branch = ws.park(a, ctx_.cfg.git.branch_prefix + "slow-" + c_.slug);
    ctx_.store->update_experiment(e_);
    return e_.branch;
  }

  std::string write_lessons(const std::string& text) override {
    int n = profile::next_note_number(research_dir(ctx_));
    fs::path note = profile::note_path(research_dir(ctx_), n, c_.slug + "-lessons", ".md");
    profile::write_new_file(note, text);
    e_.data["lessons"] = note.string();
    ctx_.store->update_experiment(e_);
    fault::point("lessons");
    return fs::relative(note, ctx_.cfg.root).string();
  }

  std::string keep_for_inspection() override { return e_.branch; }

 private:
  const Revision& after() {
    if (!after_)
      after_ = Revision{"attempt", fmt::format("{}@{}", ctx_.cfg.project.ours, c_.slug),
                        git::Checkout{e_.branch, head_, false, wt_}};
    return *after_;
  }

  LoopContext& ctx_;
  ExperimentRecord& e_;
  const CandidateRecord& c_;
  fs::path wt_;
  std::string head_;
  std::optional<Revision> after_;
  std::vector<int64_t> layout_runs_;  // the sessions of measure_layouts
};

}  // namespace

AttemptResult verify_and_decide(LoopContext& ctx, ExperimentRecord& e, const std::string& agent_failure) {
  CandidateRecord c = candidate_or_fail(*ctx.store, e.candidate_id);
  AttemptResult result;
  result.experiment = e.id;
  e.stage = Stage::verifying;
  e.pid = getpid();
  ctx.store->update_experiment(e);

  MeasureConfig measure = apply_flags(ctx.cfg.measure, ctx.flags);
  loop::AttemptInputs in;
  in.candidate_id = c.id;
  in.name = c.name;
  in.proposed = c.proposed;
  in.agent_failure = agent_failure;
  in.report = loop::read_agent_report(e.data.value("report", ""));
  in.allow_bench_changes = ctx.allow_bench_changes;
  in.regression = ctx.cfg.criteria.regression;
  in.threshold = measure.threshold;
  in.metric = measure.metric;
  in.held_out = ctx.cfg.held_out_names();
  in.layout_variants = ctx.cfg.layout.variants.size();
  e.data["mechanism"] = in.report.report.mechanism;
  e.data["notes"] = in.report.report.notes;
  e.data["report_status"] = loop::report_status_name(in.report.status);
  e.data["report_problems"] = in.report.problems;
  // A person's attempt is theirs to fix when verification fails (loop/attempt.h).
  in.fixable = e.mode == "human";

  CliWorld world(ctx, e, c);
  loop::AttemptOutcome o;
  try {
    o = loop::run_attempt(world, in);
  } catch (const Error& err) {
    if (!in.fixable || e.stage != Stage::verifying) throw;
    reopen(ctx, e, err.what());
    fail("{}\n{}", err.what(), reopen_hint(e));
  }
  if (o.interrupted && in.fixable) {
    reopen(ctx, e, "interrupted (Ctrl-C) while measuring");
    fmt::print(stderr, "hone: interrupted: {}\n", reopen_hint(e));
    result.interrupted = true;
    return result;
  }
  if (o.interrupted) {
    close_interrupted(ctx, e, fmt::format("interrupted (Ctrl-C) while measuring; {} untouched", start_of(e)),
                      fmt::format("removed the attempt's worktree and branch; {} untouched", start_of(e)));
    result.interrupted = true;
    return result;
  }
  if (!o.still_open.empty()) {
    reopen(ctx, e, o.still_open);
    result.still_open = o.still_open;
    fmt::print("#{} {}: not verified — {}\n", c.id, c.name, o.still_open);
    fmt::print(stderr, "hone: {}\n", reopen_hint(e));
    return result;
  }
  result.decision = o.decision;

  // Bookkeeping (2.3): the list, ideas as proposed candidates, the worklog.
  c.status = loop::outcome_name(o.decision.outcome);
  ctx.store->update_candidate(c);
  for (const std::string& idea : in.report.report.ideas) {
    CandidateRecord n;
    n.name = idea.size() > 80 ? idea.substr(0, 77) + "..." : idea;
    std::vector<CandidateRecord> known = ctx.store->candidates();
    if (std::any_of(known.begin(), known.end(), [&](const CandidateRecord& k) { return k.name == n.name; }))
      continue;  // an idea already on the list
    n.proposed = idea;
    try {
      n.slug = unique_slug(*ctx.store, profile::slugify(n.name).substr(0, 40));
    } catch (const Error&) {
      continue;
    }
    n.source = fmt::format("idea from attempt {} at #{}", e.id, c.id);
    ctx.store->add_candidate(n);
  }
  e.stage = Stage::done;
  switch (o.decision.outcome) {
    case loop::Decision::kept: e.outcome = Outcome::kept; break;
    case loop::Decision::slow: e.outcome = Outcome::slow; break;
    case loop::Decision::rejected: e.outcome = Outcome::rejected; break;
  }
  ctx.store->update_experiment(e);
  add_attempt_event(ctx, o.entry, e);
  update_worklog(ctx.cfg, *ctx.store);
  result.criteria_met = o.decision.outcome == loop::Decision::kept && o.measured.criteria_met.value_or(false);

  const loop::AttemptEntry& entry = o.entry;
  fmt::print("#{} {}: {} — {}\n", c.id, c.name, e.outcome, o.decision.reason);
  if (!o.measured.results.empty()) fmt::print("{}", loop::results_table(o.measured.results, in.metric));
  for (const loop::ClaimCheck& cc : o.claims)
    fmt::print("claim {}: {}: {}\n", cc.verified ? "verified" : "UNVERIFIED", cc.benchmark, cc.why);
  if (o.decision.outcome == loop::Decision::kept && o.measured.criteria_met && !o.measured.criteria_summary.empty())
    fmt::print("done criteria with this commit: {}\n{}", *o.measured.criteria_met ? "met" : "not met",
               o.measured.criteria_summary);
  if (in.report.status != loop::ReportOutcome::ok || !in.report.problems.empty())
    fmt::print("agent report: {}\n", entry.report_status);
  if (!entry.commit.empty() && entry.branch.empty()) fmt::print("commit {} on {}\n", entry.commit, start_of(e));
  if (!entry.commit.empty() && !entry.branch.empty())
    fmt::print("verified commit {} on branch {} ({} untouched)\n", entry.commit, entry.branch, start_of(e));
  else if (!entry.branch.empty())
    fmt::print("branch {}\n", entry.branch);
  if (!entry.lessons.empty()) fmt::print("lessons note {}\n", entry.lessons);
  return result;
}

}  // namespace hone::loop
