#include "project/revisions.h"

#include <fmt/format.h>

#include "project/build_cache.h"
#include "project/session.h"
#include "util/error.h"

namespace hone {

namespace {

std::filesystem::path repo_of(const Config& cfg) {
  std::optional<std::filesystem::path> top = git::toplevel(cfg.root);
  if (!top) fail("{} is not inside a git repository: comparing revisions needs git", cfg.root.string());
  return *top;
}

// `path` re-rooted from the user's repository into a checkout of it.
std::string in_checkout(const std::filesystem::path& repo, const git::Checkout& c, const std::filesystem::path& path) {
  std::filesystem::path rel = std::filesystem::relative(path, repo);
  if (rel.empty() || *rel.begin() == "..") return path.string();  // outside the repository
  return (c.dir / rel).lexically_normal().string();
}

}  // namespace

bool all_revisions(const Config& cfg, const std::vector<std::string>& texts) {
  std::optional<std::filesystem::path> top = git::toplevel(cfg.root);
  if (!top) return false;
  for (const std::string& t : texts) {
    if (t == git::kWorktree) continue;
    if (t.find_first_of(" \t'\"") != std::string::npos) return false;
    try {
      git::resolve(*top, t);
    } catch (const Error&) {
      return false;
    }
  }
  return true;
}

std::vector<Revision> prepare_revisions(const Config& cfg, const std::vector<std::string>& revs,
                                        const std::string& target, size_t* builds) {
  const TargetConfig* tc = cfg.find_target(target);
  if (tc == nullptr) fail("no target named '{}' in {}", target, cfg.file.string());
  std::filesystem::path repo = repo_of(cfg);
  std::filesystem::path subdir = std::filesystem::relative(cfg.root, repo);
  if (subdir == ".") subdir.clear();
  const std::string& build = tc->build.empty() ? cfg.project.build : tc->build;
  // Inside an attempt's worktree, revisions are checked out and built by the main checkout, whose
  // builds are cached by commit (the base is usually built already); WORKTREE is the attempt.
  std::filesystem::path home = repo;
  if (!cfg.worktree.empty())
    if (std::optional<std::filesystem::path> top = git::toplevel(cfg.home)) home = *top;
  std::vector<Revision> out;
  for (const std::string& rev : revs) {
    const std::filesystem::path& where = rev == git::kWorktree ? repo : home;
    Revision r{rev, fmt::format("{}@{}", target, rev), git::checkout(where, rev)};
    // The user's own checkout (WORKTREE outside hone's worktrees): its build configuration is not
    // hone's to change. hone's own checkouts, and an attempt's worktree, build through ccache.
    BuildEnv env = rev == git::kWorktree && cfg.worktree.empty() ? BuildEnv{} : build_env(cfg, r.checkout.dir);
    if (git::build(r.checkout, build, where, subdir,
                   cfg.layout.declared() ? std::optional<std::string>("") : std::nullopt, env)) {
      fmt::print(stderr, "hone: built {} ({}): {}\n", rev,
                 r.checkout.commit.empty() ? "no commit" : r.checkout.commit.substr(0, 12), build);
      if (builds) ++*builds;
    }
    out.push_back(std::move(r));
  }
  return out;
}

Revision prepare_layout_revision(const Config& cfg, const std::string& commit, const std::string& label, size_t index,
                                 const std::string& target) {
  if (index >= cfg.layout.variants.size()) fail("{} has no layout variant {}", cfg.file.string(), index + 1);
  std::filesystem::path repo = repo_of(cfg);
  std::filesystem::path subdir = std::filesystem::relative(cfg.root, repo);
  if (subdir == ".") subdir.clear();
  const std::string& variant = cfg.layout.variants[index];
  Revision r{commit, fmt::format("{}@{}~layout{}", target, label, index + 1),
             git::checkout(repo, commit, fmt::format("layout{}", index + 1))};
  if (git::build(r.checkout, cfg.build_of(target), repo, subdir, variant, build_env(cfg, r.checkout.dir)))
    fmt::print(stderr, "hone: built {} ({}) with layout variant {} ({})\n", label, commit.substr(0, 12), index + 1,
               variant);
  return r;
}

std::vector<Job> revision_jobs(const Config& cfg, const std::vector<Revision>& revs,
                               const std::vector<std::string>& benches, const std::string& target) {
  std::filesystem::path repo = repo_of(cfg);
  std::vector<Job> base = configured_jobs(cfg, benches, {target});
  std::vector<Job> jobs;
  for (const Job& j : base)
    for (const Revision& r : revs) {
      Job job = j;
      job.target = r.label;
      job.cmd.dir = in_checkout(repo, r.checkout, job.cmd.dir);
      jobs.push_back(std::move(job));
    }
  return jobs;
}

}  // namespace hone
