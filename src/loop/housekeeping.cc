#include "loop/housekeeping.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <optional>
#include <set>
#include <system_error>

#include "git/command.h"
#include "loop/texts.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace hone::loop {

namespace {

std::string short12(const std::string& c) { return c.substr(0, 12); }

// Disk space under dir: allocated blocks of everything in it, symlinks not followed.
uint64_t disk_usage(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(dir, ec))) return 0;  // a link to a kept attempt's worktree
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    struct stat st;
    if (::lstat(it->path().c_str(), &st) == 0) total += static_cast<uint64_t>(st.st_blocks) * 512;
  }
  return total;
}

// A process (not this one) whose working directory is dir or inside it: "make (pid 4242)".
std::string process_inside(const fs::path& dir) {
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(dir, ec);
  if (ec) return "";
  std::string prefix = canon.string() + "/";
  const pid_t self = ::getpid();
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (std::stol(name) == self) continue;
    std::error_code e2;
    fs::path cwd = fs::read_symlink(it->path() / "cwd", e2);
    if (e2) continue;
    std::string c = cwd.string();
    if (c != canon.string() && c.rfind(prefix, 0) != 0) continue;
    std::string comm;
    if (FILE* f = std::fopen((it->path() / "comm").c_str(), "r")) {
      char buf[64] = {};
      if (std::fgets(buf, sizeof buf, f) != nullptr) comm = buf;
      std::fclose(f);
      while (!comm.empty() && comm.back() == '\n') comm.pop_back();
    }
    return fmt::format("{} (pid {})", comm.empty() ? "?" : comm, name);
  }
  return "";
}

bool is_commit_name(const std::string& s) {
  return s.size() == 12 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

size_t count_lines(const std::string& s) {
  if (s.empty()) return 0;
  size_t n = 1;
  for (char ch : s) n += ch == '\n';
  return n;
}

}  // namespace

git::Attempt attempt_of(const ExperimentRecord& e) {
  git::Attempt a;
  a.start_branch = e.data.value("start_branch", "");
  a.base = e.base_commit;
  a.branch = e.branch;
  a.worktree = e.worktree;
  a.head = e.data.value("head", e.base_commit);
  return a;
}

Abandoned abandon(Store& store, git::Workspace& ws, const std::string& branch_prefix) {
  std::optional<ExperimentRecord> open;
  for (const ExperimentRecord& e : store.experiments())
    if (e.stage == Stage::human) open = e;
  if (!open) fail("no attempt is open: `hone abandon` ends the attempt that `hone try N` started");
  ExperimentRecord e = *open;
  std::optional<CandidateRecord> c = store.get_candidate(e.candidate_id);
  std::string name = c ? c->name : fmt::format("candidate {}", e.candidate_id);
  std::string slug = c ? c->slug : fmt::format("candidate-{}", e.candidate_id);
  git::Attempt a = attempt_of(e);
  std::string parked;
  try {
    parked = ws.abandon(a, branch_prefix + "abandoned-" + slug,
                        fit_subject(fmt::format("hone: attempt {} at {} (abandoned)", e.id, name)));
  } catch (const Error& err) {
    fail(
        "cannot abandon attempt {} at #{} {}: {}; its files in {} may be the only copy of the work: copy what "
        "you need, delete the folder, and run `hone abandon` again",
        e.id, e.candidate_id, name, err.what(), e.worktree);
  }
  Abandoned out;
  out.attempt = e.id;
  out.candidate = e.candidate_id;
  out.name = name;
  out.worktree = e.worktree;
  out.start = e.data.value("start_branch", "main");
  out.branch = parked;
  if (!parked.empty()) out.commit = a.head;

  e.stage = Stage::done;
  e.outcome = Outcome::abandoned;
  e.branch = parked;
  e.data["head"] = a.head;
  // Shown after the outcome ("abandoned — its work is ..."), so it does not repeat it.
  e.reason = parked.empty() ? std::string("it changed nothing, so nothing was parked")
                            : fmt::format("its work is commit {} on branch {}", short12(a.head), parked);
  store.update_experiment(e);
  EventRecord ev;
  ev.kind = "attempt";
  ev.title = fmt::format("Optimization {}: {}", e.candidate_id, name);
  ev.body = fmt::format("Status: ABANDONED\n\n{}\n", e.reason);
  ev.data = {{"candidate", e.candidate_id}, {"experiment", e.id}, {"outcome", e.outcome}};
  store.add_event(ev);
  return out;
}

PruneReport prune(Store& store, git::GitRepo& repo, const fs::path& hone_dir, bool apply) {
  PruneReport report;
  fs::path root = hone_dir / "worktrees";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return report;

  // What is still needed: open attempts' worktrees and bases, and the checkout's HEAD (the
  // base of the next attempt, built already).
  std::map<fs::path, const ExperimentRecord*> last_of;  // the latest attempt in each worktree
  std::set<std::string> needed_commits;
  std::vector<ExperimentRecord> exps = store.experiments();
  for (const ExperimentRecord& e : exps) {
    if (!e.worktree.empty()) last_of[fs::path(e.worktree).lexically_normal()] = &e;
    if (e.stage != Stage::done && !e.base_commit.empty()) needed_commits.insert(e.base_commit);
  }
  std::string head;
  try {
    head = repo.head();
    needed_commits.insert(head);
  } catch (const Error&) {
    // a repository without commits: no checkout is anyone's base
  }
  std::optional<std::string> on = repo.checkout_branch();

  std::vector<fs::path> dirs;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) dirs.push_back(it->path());
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    PruneItem item;
    item.path = dir;
    item.bytes = disk_usage(dir);
    const std::string leaf = dir.filename().string();
    auto known = last_of.find(dir.lexically_normal());
    const ExperimentRecord* e = known == last_of.end() ? nullptr : known->second;
    if (e != nullptr) {
      std::optional<CandidateRecord> c = store.get_candidate(e->candidate_id);
      item.what = fmt::format("attempt {} (#{} {}, {})", e->id, e->candidate_id, c ? c->name : "?",
                              e->stage == Stage::done ? outcome_name(e->outcome) : std::string_view("open"));
    } else if (is_commit_name(leaf) && fs::is_symlink(fs::symlink_status(dir, ec))) {
      item.what = fmt::format("checkout of {} (the kept attempt's worktree {}, built)", leaf,
                              fs::read_symlink(dir, ec).filename().string());
    } else if (is_commit_name(leaf)) {
      item.what = fmt::format("checkout of {}", leaf);
    } else {
      item.what = "a folder no attempt on record uses";
    }
    report.items.push_back(item);
    PruneItem& it = report.items.back();
    auto keep = [&](std::string why) { it.why = std::move(why); };
    auto reclaim = [&](std::string why) {
      it.reclaim = true;
      it.why = std::move(why);
    };

    if (e != nullptr && e->stage != Stage::done) {
      keep(e->stage == Stage::human ? "the attempt is open: `hone finish` it or `hone abandon` it"
                                    : "the attempt is still in progress");
      continue;
    }
    std::string user = process_inside(dir);
    if (!user.empty()) {
      keep(fmt::format("in use: {} works in it", user));
      continue;
    }
    git::Location wt;
    std::string broken = git::verify_worktree(repo.location(), dir, &wt);
    if (!broken.empty()) {
      keep(
          fmt::format("not a worktree of this repository ({}): its files may be the only copy; look, then "
                      "delete it yourself",
                      broken));
      continue;
    }
    git::Result h = git::run(wt, {"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
    std::string commit = h.ok ? h.out : "";
    git::Result sym = git::run(wt, {"symbolic-ref", "--quiet", "--short", "HEAD"});
    // A kept attempt's worktree, detached at the kept commit: that commit's checkout now (its
    // build reused, git::adopt_checkout), judged as one.
    const bool adopted = e != nullptr && e->stage == Stage::done && e->outcome == Outcome::kept && !sym.ok &&
                         !commit.empty() && commit == e->result_commit;
    const bool attempt = !adopted && (e != nullptr || sym.ok);
    if (!attempt) {
      // A measured revision's detached checkout: hone makes it again when it is needed.
      if (!commit.empty() && needed_commits.count(commit)) {
        keep(commit == head
                 ? fmt::format("the checkout of {}'s head, the next attempt's base (built)", on.value_or("HEAD"))
                 : std::string("the base of an open attempt"));
        continue;
      }
      reclaim(commit.empty()
                  ? std::string("a checkout without a commit")
                  : fmt::format("a checkout of {} made to measure it; made again when needed", short12(commit)));
      continue;
    }
    git::Result status = git::run(wt, {"status", "--porcelain", "--untracked-files=all"});
    if (!status.ok) {
      keep(fmt::format("cannot read its status: {}", status.failure));
      continue;
    }
    if (!status.out.empty()) {
      size_t n = count_lines(status.out);
      keep(fmt::format("{} uncommitted or untracked path{} (not ignored): commit them on its branch or delete them", n,
                       n == 1 ? "" : "s"));
      continue;
    }
    if (commit.empty()) {
      reclaim("no commit checked out");
      continue;
    }
    if (sym.ok) {
      reclaim(fmt::format("its work is on branch {} ({})", sym.out, short12(commit)));
      continue;
    }
    git::Result refs = git::run(repo.location(), {"for-each-ref", "--count=1", "--format=%(refname:short)",
                                                  "--contains", commit, "refs/heads", "refs/tags"});
    if (refs.ok && !refs.out.empty()) {
      reclaim(fmt::format("its commit {} is on {}", short12(commit), refs.out));
      continue;
    }
    keep(fmt::format("its commit {} is on no branch: `git -C {} switch -c NAME` keeps it", short12(commit),
                     dir.string()));
  }
  for (const PruneItem& it : report.items)
    if (it.reclaim) report.reclaimable += it.bytes;
  if (!apply) return report;

  for (const PruneItem& it : report.items) {
    if (!it.reclaim) continue;
    repo.remove_worktree(it.path);
    if (fs::exists(fs::symlink_status(it.path, ec)))
      fail("cannot remove {}: it is still there after `git worktree remove`", it.path.string());
    // Build markers of a removed checkout would claim a build that is gone.
    std::string leaf = it.path.filename().string();
    if (is_commit_name(leaf)) {
      for (fs::directory_iterator b(hone_dir / "built", ec), end; !ec && b != end; b.increment(ec))
        if (b->path().filename().string().rfind(leaf, 0) == 0) fs::remove(b->path(), ec);
    }
  }
  report.applied = true;
  return report;
}

}  // namespace hone::loop
