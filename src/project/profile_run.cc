#include "project/profile_run.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "git/git.h"
#include "profile/flamegraph.h"
#include "profile/research.h"
#include "project/project.h"
#include "project/revisions.h"
#include "project/session.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/files.h"
#include "util/units.h"
#include "util/words.h"

namespace hone {

namespace {

RunOutcome run_tool(Runner& runner, const std::vector<std::string>& argv, const Job& job, bool capture) {
  CommandSpec cmd{argv, join_words(argv), job.cmd.dir, job.cmd.env};
  RunOptions o;
  o.capture_stdout = capture;
  return runner.run(cmd, o);
}

std::string read_text(const std::filesystem::path& p) { return read_file_bounded(p, 1024 * kMiB, "profile"); }

std::string paranoid_level() {
  std::ifstream in("/proc/sys/kernel/perf_event_paranoid");
  std::string v;
  in >> v;
  return v.empty() ? "?" : v;
}

// The share of samples whose leaf has no symbol: a stripped binary or missing debug info.
double unsymbolized_share(const profile::Profile& p) {
  double w = 0;
  for (const profile::Stack& s : p.stacks)
    if (!s.frames.empty() && (s.frames.back().rfind("[unknown]", 0) == 0 || s.frames.back().rfind("0x", 0) == 0))
      w += s.weight;
  return p.total > 0 ? w / p.total : 0;
}

// The share of samples with a frame of this name.
double frame_share(const profile::Profile& p, const std::string& name) {
  double w = 0;
  for (const profile::Stack& s : p.stacks)
    if (std::find(s.frames.begin(), s.frames.end(), name) != s.frames.end()) w += s.weight;
  return p.total > 0 ? w / p.total : 0;
}

// The share of samples whose stack does not reach a known frame at its root: the unwinder
// lost its way (frame pointers through code built without them, such as libstdc++).
double broken_share(const profile::Profile& p) {
  double w = 0;
  for (const profile::Stack& s : p.stacks)
    if (s.frames.size() > 1 && s.frames[1].rfind("[unknown]", 0) == 0) w += s.weight;
  return p.total > 0 ? w / p.total : 0;
}

// Median stack depth by weight, not counting the process-name root frame.
size_t median_depth(const profile::Profile& p) {
  std::vector<std::pair<size_t, double>> d;
  for (const profile::Stack& s : p.stacks) d.emplace_back(s.frames.size() > 0 ? s.frames.size() - 1 : 0, s.weight);
  std::sort(d.begin(), d.end());
  double half = p.total / 2, acc = 0;
  for (const auto& [depth, w] : d)
    if ((acc += w) >= half) return depth;
  return 0;
}

}  // namespace

CapturedProfile perf_capture(Runner& runner, const Job& job, const ProfileOptions& o,
                             const std::filesystem::path& scratch, const CounterAvailability& av) {
  CapturedProfile c;
  c.command = job.cmd.display;
  RunOptions po;
  po.capture_stdout = true;
  if (runner.run(CommandSpec{{"perf", "--version"}, "perf --version", "", {}}, po).spawn_failed)
    fail(
        "perf is not installed: install it (Debian: apt-get install linux-perf; Ubuntu: "
        "apt-get install linux-tools-$(uname -r)), or profile instructions with valgrind: "
        "hone profile {} --metric instructions",
        job.benchmark);
  std::string event = av.available ? "cycles" : "cpu-clock";
  if (!av.available) c.notes.push_back(fmt::format("sampled the cpu-clock software event: {}", av.reason));
  std::filesystem::path data = scratch / "perf.data";
  profile::Profile fp_profile;
  std::string fp_how;
  double fp_broken = 0;
  for (bool dwarf : {false, true}) {
    std::vector<std::string> argv = {"perf", "record",     "-q", "-e", event, "-F", std::to_string(o.frequency),
                                     "-o",   data.string()};
    if (dwarf)
      argv.insert(argv.end(), {"--call-graph", "dwarf"});
    else
      argv.push_back("-g");
    argv.push_back("--");
    argv.insert(argv.end(), job.cmd.argv.begin(), job.cmd.argv.end());
    RunOutcome rec = run_tool(runner, argv, job, false);
    if (!rec.ok()) {
      const std::string& tail = rec.stderr_tail;
      auto said = [&](const char* what) { return tail.find(what) != std::string::npos; };
      if (said("perf_event_paranoid") || said("Permission error") || said("No permission") ||
          said("Operation not permitted"))
        fail(
            "perf may not sample here (kernel.perf_event_paranoid = {}): run `sudo sysctl "
            "kernel.perf_event_paranoid=1` (or profile as root), or profile instructions with "
            "valgrind instead: hone profile {} --metric instructions\n--- perf said ---\n{}",
            paranoid_level(), job.benchmark, tail);
      fail("`{}` under perf record {}\n--- its stderr (last lines) ---\n{}", job.cmd.display, rec.describe_failure(0),
           tail);
    }
    RunOutcome script = run_tool(runner, {"perf", "script", "-i", data.string()}, job, true);
    if (!script.ok()) fail("perf script -i {} {}\n{}", data.string(), script.describe_failure(0), script.stderr_tail);
    profile::PerfScriptOptions popts;
    popts.kernel = o.kernel;
    c.profile = profile::parse_perf_script(script.stdout_text, data.string(), popts);
    if (c.profile.total <= 0)
      fail(
          "perf recorded no samples of `{}`: it ran for too short a time; profile a longer "
          "benchmark or raise --frequency",
          job.cmd.display);
    c.how = fmt::format("perf record -e {} -F {} {}", event, o.frequency,
                        dwarf ? "--call-graph dwarf (DWARF unwinding)" : "-g (frame pointers)");
    // Frame-pointer unwinding stops at code built without frame pointers (libstdc++, most
    // distribution libraries): when stacks come out shallow or broken, DWARF unwinding sees
    // through (at the cost of a bigger perf.data). If it does no better (a perf without DWARF
    // support), the frame-pointer profile stays.
    size_t depth = median_depth(c.profile);
    double broken = broken_share(c.profile);
    if (dwarf) {
      if (broken > fp_broken + 0.05) {
        c.profile = std::move(fp_profile);
        c.how = fp_how;
        c.notes.push_back("DWARF unwinding did no better: kept the frame-pointer stacks");
      }
      break;
    }
    if (depth <= 1) {
      c.notes.push_back(
          fmt::format("frame-pointer stacks came out shallow (median depth {}): "
                      "recorded again with --call-graph dwarf",
                      depth));
    } else if (broken > 0.1) {
      c.notes.push_back(
          fmt::format("frame-pointer unwinding lost its way in {:.0f}% of the stacks (code "
                      "built without frame pointers): recorded again with --call-graph dwarf",
                      broken * 100));
    } else {
      break;
    }
    fp_profile = std::move(c.profile);
    fp_how = c.how;
    fp_broken = broken;
  }
  // Shares from few samples are rough: a 50% share from 100 samples is 50 ± 10 points.
  if (c.profile.total < 400)
    c.notes.push_back(
        fmt::format("only {:.0f} samples: shares are rough (±{:.0f} points at 50%); {}profile a "
                    "longer benchmark",
                    c.profile.total, 100 * 1.96 * std::sqrt(0.25 / c.profile.total),
                    o.frequency < 4999 ? "raise --frequency (e.g. 4999) or " : ""));
  // A stripped program shows as "[unknown] (program)" frames; code without symbols elsewhere
  // (JIT, stripped libraries) as unknown leaves.
  std::string program = std::filesystem::path(job.cmd.argv.at(0)).filename().string();
  double in_program = frame_share(c.profile, "[unknown] (" + program + ")");
  double unknown = unsymbolized_share(c.profile);
  if (in_program > 0.05)
    c.notes.insert(c.notes.begin(),
                   fmt::format("{} has no symbols ({:.0f}% of the samples are in it as [unknown]): build it "
                               "with debug info (-g) and do not strip it, and keep frame pointers "
                               "(-fno-omit-frame-pointer) so stacks unwind; Rust: debug = true and "
                               "RUSTFLAGS=\"-C force-frame-pointers=yes\"",
                               program, in_program * 100));
  else if (unknown > 0.5)
    c.notes.insert(c.notes.begin(),
                   fmt::format("{:.0f}% of the samples landed in code without symbols: build the program "
                               "with debug info (-g, not stripped) and keep frame pointers "
                               "(-fno-omit-frame-pointer)",
                               unknown * 100));
  return c;
}

CapturedProfile callgrind_capture(Runner& runner, const Job& job, const std::filesystem::path& scratch) {
  CapturedProfile c;
  c.command = job.cmd.display;
  std::filesystem::path out = scratch / "callgrind.out";
  std::vector<std::string> argv = {"valgrind", "--tool=callgrind", "-q", "--callgrind-out-file=" + out.string(), "--"};
  argv.insert(argv.end(), job.cmd.argv.begin(), job.cmd.argv.end());
  RunOutcome r = run_tool(runner, argv, job, false);
  if (!r.ok()) fail("`{}` under callgrind {}\n{}", job.cmd.display, r.describe_failure(0), r.stderr_tail);
  profile::CallgrindProfile cp = profile::parse_callgrind(read_text(out), out.string());
  c.profile.event = cp.event;
  c.profile.unit = "instructions";
  c.profile.stacks = cp.stacks;
  c.profile.total = cp.total;
  for (const profile::Stack& s : cp.stacks) c.profile.max_depth = std::max(c.profile.max_depth, s.frames.size());
  c.functions = cp.functions;
  c.how = "valgrind --tool=callgrind (exact instruction counts)";
  return c;
}

namespace {

std::string pct(double f) { return fmt::format("{:.1f}%", f * 100); }

std::string weight_text(const profile::Profile& p, double w) {
  return p.unit == "instructions" ? format_count(w) : fmt::format("{:.0f}", w);
}

}  // namespace

std::string hotspot_tables(const CapturedProfile& c, size_t top, const std::string& level, const std::string& of) {
  const profile::Profile& p = c.profile;
  std::string out;
  if (!c.functions.empty()) {
    out += fmt::format("{} Hotspots by self{} ({} instructions in all)\n\n", level, of, format_count(p.total));
    out += "| # | Function | Self | Self % | Inclusive % |\n|---|---|---|---|---|\n";
    for (size_t i = 0; i < c.functions.size() && i < top; ++i) {
      const profile::CallgrindFunction& f = c.functions[i];
      out += fmt::format("| {} | `{}` | {} | {} | {} |\n", i + 1, f.name, format_count(f.self), pct(f.self / p.total),
                         pct(f.inclusive / p.total));
    }
    std::vector<profile::CallgrindFunction> by_total = c.functions;
    std::stable_sort(by_total.begin(), by_total.end(),
                     [](const auto& a, const auto& b) { return a.inclusive > b.inclusive; });
    out += fmt::format(
        "\n{} Hotspots by total{}\n\n| # | Function | Inclusive | Inclusive % | Self % |\n"
        "|---|---|---|---|---|\n",
        level, of);
    for (size_t i = 0; i < by_total.size() && i < top; ++i) {
      const profile::CallgrindFunction& f = by_total[i];
      out += fmt::format("| {} | `{}` | {} | {} | {} |\n", i + 1, f.name, format_count(f.inclusive),
                         pct(f.inclusive / p.total), pct(f.self / p.total));
    }
    return out;
  }
  out += fmt::format("{} Hotspots by self{} ({:.0f} samples in all)\n\n", level, of, p.total);
  out += "| # | Function | Samples | Self % | Total % |\n|---|---|---|---|---|\n";
  int i = 0;
  for (const profile::Hotspot& h : profile::hotspots(p, top))
    out += fmt::format("| {} | `{}` | {} | {} | {} |\n", ++i, h.function, weight_text(p, h.self), pct(h.self_share),
                       pct(h.total_share));
  out += fmt::format("\n{} Hotspots by total{}\n\n| # | Function | Total % | Self % |\n|---|---|---|---|\n", level, of);
  i = 0;
  for (const profile::Hotspot& h : profile::hotspots_by_total(p, top))
    out += fmt::format("| {} | `{}` | {} | {} |\n", ++i, h.function, pct(h.total_share), pct(h.self_share));
  return out;
}

// Samples at a fixed rate measure time, so their counts are shown beside the shares; instruction
// counts are exact and shown as they are.
std::string diff_table(const CapturedProfile& a, const CapturedProfile& b, size_t top) {
  std::string out = fmt::format("## What changed: {} → {}\n\n", a.label, b.label);
  bool counts = a.profile.unit == "instructions";
  out += counts ? "| Function | Self (A) | Self (B) | Change | Self % (A) | Self % (B) |\n|---|---|---|---|---|---|\n"
                : "| Function | Self % (A) | Self % (B) | Change (points) | Samples (A → B) |\n|---|---|---|---|---|\n";
  for (const profile::HotspotDelta& d : profile::diff_hotspots(a.profile, b.profile, top)) {
    if (counts) {
      std::string change = d.self_a > 0 ? fmt::format("{:+.1f}%", (d.self_b / d.self_a - 1) * 100) : "new";
      out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", d.function, format_count(d.self_a),
                         format_count(d.self_b), change, pct(d.self_share_a), pct(d.self_share_b));
    } else {
      out += fmt::format("| `{}` | {} | {} | {:+.1f} | {:.0f} → {:.0f} |\n", d.function, pct(d.self_share_a),
                         pct(d.self_share_b), (d.self_share_b - d.self_share_a) * 100, d.self_a, d.self_b);
    }
  }
  double change = a.profile.total > 0 ? (b.profile.total / a.profile.total - 1) * 100 : 0;
  if (counts)
    out += fmt::format("\nTotal: {} → {} instructions ({:+.1f}%).\n", format_count(a.profile.total),
                       format_count(b.profile.total), change);
  else
    out += fmt::format(
        "\nTotal: {:.0f} → {:.0f} samples ({:+.1f}%; at a fixed sampling rate, samples are "
        "CPU time, but one profile is no measurement: use `hone compare` for that).\n",
        a.profile.total, b.profile.total, change);
  return out;
}

ProfileResult profile_benchmark(const Config& cfg, Store& store, const ProfileRequest& req, ProfileObserver& obs) {
  const std::string target = req.target.empty() ? cfg.project.ours : req.target;
  const ProfileOptions& o = req.options;
  std::vector<std::string> revs = req.revs;
  if (!req.against.empty()) {
    std::optional<int64_t> run = store.baseline(req.against);
    if (!run) fail("no baseline named '{}': run `hone baseline` first", req.against);
    std::optional<RunRecord> rec = store.get_run(*run);
    if (!rec || rec->commit.empty()) fail("baseline '{}' (run {}) was not recorded in a git commit", req.against, *run);
    if (revs.size() > 1) fail("--against takes at most one --rev (the revision to compare)");
    revs.insert(revs.begin(), rec->commit);
    if (revs.size() == 1) revs.push_back(git::kWorktree);
  }
  if (revs.size() > 2) fail("give at most two --rev: one to profile a revision, two to compare them");

  std::vector<Job> jobs;
  std::vector<std::string> commits;
  if (revs.empty()) {
    if (!req.no_build && !cfg.project.build.empty()) build_project(cfg);
    jobs = configured_jobs(cfg, {req.bench}, {target});
    std::string commit;
    if (std::optional<std::filesystem::path> top = git::toplevel(cfg.root)) {
      try {
        commit = git::resolve(*top, "HEAD");
      } catch (const Error&) {
        // a repository without commits yet
      }
    }
    commits.push_back(commit);
  } else {
    std::vector<Revision> r = prepare_revisions(cfg, revs, target);
    jobs = revision_jobs(cfg, r, {req.bench}, target);
    for (const Revision& x : r) commits.push_back(x.checkout.commit);
  }
  if (jobs.empty()) fail("target '{}' does not run benchmark '{}'", target, req.bench);

  std::filesystem::path scratch = cfg.root / ".hone" / "profile" / std::to_string(getpid());
  std::filesystem::create_directories(scratch);
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  } cleanup{scratch};

  ProcessRunner runner;
  PerfEventCounters counters;
  std::vector<CapturedProfile> caps;
  for (size_t i = 0; i < jobs.size(); ++i) {
    // A baseline's revision is its name, not its 40-digit commit.
    std::string label = !req.against.empty() && i == 0 ? target + "@" + req.against : jobs[i].target;
    obs.profiling(jobs[i], label);
    CapturedProfile c;
    if (o.instructions) {
      std::string why;
      if (!callgrind_available(&why)) fail("--metric instructions needs valgrind: {}", why);
      c = callgrind_capture(runner, jobs[i], scratch);
    } else {
      c = perf_capture(runner, jobs[i], o, scratch, counters.availability());
    }
    c.label = label;
    c.commit = commits[i];
    for (const std::string& n : c.notes) obs.note(n);
    caps.push_back(std::move(c));
  }
  return write_profile_note(cfg, store, req.bench, std::move(caps), o.top);
}

ProfileResult write_profile_note(const Config& cfg, Store& store, const std::string& bench,
                                 std::vector<CapturedProfile> caps, size_t top) {
  // The note, the flame graph and the folded stacks, numbered together.
  std::filesystem::path dir = research_dir(cfg);
  int number = profile::next_note_number(dir);
  std::string slug = profile::slugify(fmt::format("profile {}{}", bench, caps.size() == 2 ? " diff" : ""));
  std::filesystem::path note = profile::note_path(dir, number, slug, ".md");
  std::filesystem::path svg = profile::note_path(dir, number, slug, ".svg");
  profile::FlameOptions fo;
  fo.title = caps.size() == 2 ? fmt::format("{}: {} → {}", bench, caps[0].label, caps[1].label)
                              : fmt::format("{}: {}", bench, caps[0].label);
  fo.subtitle = fmt::format("{} · {}", caps.back().how, caps.back().command);
  std::string md = fmt::format("# Profile: {} ({})\n\n", bench,
                               caps.size() == 2 ? caps[0].label + " → " + caps[1].label : caps[0].label);
  md += fmt::format("*{} · {} · {}*\n\n", cfg.project.name, utc_date(), caps.back().how);
  for (const CapturedProfile& c : caps)
    md += fmt::format("- `{}`: `{}` at commit {}\n", c.label, c.command,
                      c.commit.empty() ? "(none)" : c.commit.substr(0, 12));
  md += fmt::format(
      "\nFlame graph{}: [{}]({}) (open in a browser: hover for numbers, click to zoom, "
      "search to highlight).",
      caps.size() == 2 ? " (B's shape, red = grew, blue = shrank)" : "", svg.filename().string(),
      svg.filename().string());
  std::vector<std::filesystem::path> folded;
  for (size_t i = 0; i < caps.size(); ++i) {
    std::string suffix = caps.size() == 2 ? (i == 0 ? "-a" : "-b") : "";
    folded.push_back(profile::note_path(dir, number, slug + suffix, ".folded"));
  }
  md += " Folded stacks: ";
  for (size_t i = 0; i < folded.size(); ++i)
    md += fmt::format("{}[{}]({})", i ? ", " : "", folded[i].filename().string(), folded[i].filename().string());
  md += ".\n\n";
  std::vector<std::string> notes;
  for (const CapturedProfile& c : caps)
    for (const std::string& n : c.notes) {
      std::string line = caps.size() == 2 && n.rfind("sampled the", 0) != 0 ? c.label + ": " + n : n;
      if (std::find(notes.begin(), notes.end(), line) == notes.end()) notes.push_back(line);
    }
  if (!notes.empty()) {
    md += "## Notes\n\n";
    for (const std::string& n : notes) md += "- " + n + "\n";
    md += "\n";
  }
  std::string tables;
  if (caps.size() == 2) tables += diff_table(caps[0], caps[1], top) + "\n";
  for (const CapturedProfile& c : caps)
    tables += hotspot_tables(c, top, "##", caps.size() == 2 ? ": " + c.label : "") + "\n";
  md += tables;
  profile::write_new_file(svg, caps.size() == 2 ? profile::differential_svg(caps[0].profile, caps[1].profile, fo)
                                                : profile::flamegraph_svg(caps[0].profile, fo));
  for (size_t i = 0; i < caps.size(); ++i) profile::write_new_file(folded[i], profile::to_folded(caps[i].profile));
  profile::write_new_file(note, md);

  EventRecord e;
  e.kind = "profile";
  e.title = fmt::format("Profile: {}", bench);
  e.body = fmt::format("Hotspots and flame graph in [{}]({}).\n",
                       std::filesystem::relative(note, dir.parent_path()).string(),
                       std::filesystem::relative(note, dir.parent_path()).string());
  e.data = {{"note", note.string()}, {"svg", svg.string()}};
  store.add_event(e);
  ProfileResult result;
  result.profiles = std::move(caps);
  result.note = note;
  result.svg = svg;
  result.folded = std::move(folded);
  result.tables = std::move(tables);
  return result;
}

nlohmann::json profile_json(const ProfileResult& r, size_t top) {
  nlohmann::json j = {{"note", r.note.string()}, {"svg", r.svg.string()}, {"profiles", nlohmann::json::array()}};
  for (const CapturedProfile& c : r.profiles) {
    nlohmann::json hs = nlohmann::json::array();
    if (!c.functions.empty()) {
      for (size_t i = 0; i < c.functions.size() && i < top; ++i)
        hs.push_back({{"function", c.functions[i].name},
                      {"self", c.functions[i].self},
                      {"total", c.functions[i].inclusive},
                      {"self_share", c.functions[i].self / c.profile.total},
                      {"total_share", c.functions[i].inclusive / c.profile.total}});
    } else {
      for (const profile::Hotspot& h : profile::hotspots(c.profile, top))
        hs.push_back({{"function", h.function},
                      {"self", h.self},
                      {"total", h.total},
                      {"self_share", h.self_share},
                      {"total_share", h.total_share}});
    }
    j["profiles"].push_back({{"label", c.label},
                             {"command", c.command},
                             {"commit", c.commit},
                             {"how", c.how},
                             {"event", c.profile.event},
                             {"unit", c.profile.unit},
                             {"total", c.profile.total},
                             {"hotspots", hs},
                             {"notes", c.notes}});
  }
  j["folded"] = nlohmann::json::array();
  for (const std::filesystem::path& f : r.folded) j["folded"].push_back(f.string());
  if (r.profiles.size() == 2) {
    j["changes"] = nlohmann::json::array();
    for (const profile::HotspotDelta& d : profile::diff_hotspots(r.profiles[0].profile, r.profiles[1].profile, top))
      j["changes"].push_back({{"function", d.function},
                              {"self_a", d.self_a},
                              {"self_b", d.self_b},
                              {"self_share_a", d.self_share_a},
                              {"self_share_b", d.self_share_b}});
  }
  return j;
}

}  // namespace hone
