#include "git/repo.h"

#include <fmt/format.h>

#include <map>

#include "git/git.h"
#include "util/error.h"

namespace hone::git {

namespace fs = std::filesystem;

namespace {

std::string ref_of(const std::string& branch) { return "refs/heads/" + branch; }

// Splits NUL-separated output (git's -z formats).
std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\0', pos);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace

GitRepo::GitRepo(const fs::path& top) {
  std::optional<Location> at = at_top(top);
  if (!at) fail("{} is not the top folder of a git checkout", top.string());
  at_ = *at;
  common_ = common_dir(at_);
}

std::optional<std::string> GitRepo::checkout_branch() {
  Result r = run(at_, {"symbolic-ref", "--quiet", "HEAD"});
  if (!r.ok || r.out.rfind("refs/heads/", 0) != 0) return std::nullopt;
  return r.out.substr(11);
}

std::string GitRepo::head() {
  return output(at_, {"rev-parse", "--verify", "HEAD^{commit}"},
                fmt::format("cannot read the HEAD of {}", at_.work_tree.string()));
}

std::string GitRepo::checkout_changes(const std::string& except) {
  std::vector<std::string> args = {"status", "--porcelain", "--untracked-files=no", "--", "."};
  if (!except.empty() && except != ".") args.push_back(":(exclude)" + except);
  return output(at_, args, fmt::format("cannot read the status of {}", at_.work_tree.string()));
}

bool GitRepo::index_matches(const std::string& commit) {
  Result r = run(at_, {"diff-index", "--cached", "--quiet", commit, "--"});
  if (r.ok) return true;
  if (r.exit_code == 1) return false;
  fail("cannot compare the index of {} with {}: {}", at_.work_tree.string(), commit, r.failure);
}

std::optional<std::string> GitRepo::branch_commit(const std::string& branch) {
  Result r = run(at_, {"rev-parse", "--verify", "--quiet", ref_of(branch)});
  if (!r.ok) return std::nullopt;
  return r.out;
}

bool GitRepo::create_branch(const std::string& branch, const std::string& commit) {
  // An empty old value: the ref must not exist (git checks under the ref's lock).
  Result r = run(at_, {"update-ref", "-m", "hone: created", ref_of(branch), commit, ""});
  if (r.ok) return true;
  if (branch_commit(branch)) return false;
  fail("cannot create the branch {} in {}: {}", branch, at_.work_tree.string(), r.failure);
}

bool GitRepo::move_branch(const std::string& branch, const std::string& to, const std::string& from) {
  Result r = run(at_, {"update-ref", "-m", "hone: keep", ref_of(branch), to, from});
  if (r.ok) return true;
  if (branch_commit(branch) != from) return false;
  fail("cannot move the branch {} in {}: {}", branch, at_.work_tree.string(), r.failure);
}

bool GitRepo::delete_branch(const std::string& branch, const std::string& at) {
  Result r = run(at_, {"update-ref", "-d", ref_of(branch), at});
  return r.ok;
}

bool GitRepo::is_ancestor(const std::string& ancestor, const std::string& of) {
  Result r = run(at_, {"merge-base", "--is-ancestor", ancestor, of});
  if (r.ok) return true;
  if (r.exit_code == 1) return false;
  fail("cannot tell whether {} is in the history of {} in {}: {}", ancestor, of, at_.work_tree.string(), r.failure);
}

void GitRepo::add_worktree(const fs::path& path, const std::string& branch) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  output(at_, {"worktree", "add", "--quiet", path.string(), branch},
         fmt::format("cannot make the worktree {} for branch {}", path.string(), branch));
}

void GitRepo::remove_worktree(const fs::path& path) {
  if (path.empty()) return;
  // The link of a commit's checkout to a kept attempt's worktree (adopt_checkout): the link only.
  std::error_code link_ec;
  if (fs::is_symlink(fs::symlink_status(path, link_ec))) {
    fs::remove(path, link_ec);
    return;
  }
  run(at_, {"worktree", "remove", "--force", "--force", path.string()});
  // What git refused (a folder no longer a worktree) goes by hand; remove_all never follows
  // a symlink, so a worktree replaced by a link to elsewhere loses only the link.
  std::error_code ec;
  fs::remove_all(path, ec);
  run(at_, {"worktree", "prune"});
}

bool GitRepo::adopt_worktree(const fs::path& path, const std::string& built, const std::string& commit) {
  return adopt_checkout(at_.work_tree, path, built, commit);
}

std::string GitRepo::check_worktree(const fs::path& path) { return verify_worktree(at_, path, nullptr); }

std::string GitRepo::commit_worktree(const fs::path& path, const std::string& message) {
  Location wt;
  std::string why = verify_worktree(at_, path, &wt);
  if (!why.empty()) fail("{}", why);
  output(wt, {"add", "--all"}, fmt::format("cannot stage the changes in {}", path.string()));
  Result staged = run(wt, {"diff", "--cached", "--quiet"});
  if (!staged.ok && staged.exit_code != 1)
    fail("cannot read the staged changes in {}: {}", path.string(), staged.failure);
  if (!staged.ok)
    // No hooks: hone's bookkeeping commit is not the user's commit.
    output(wt, {"-c", "core.hooksPath=/dev/null", "commit", "--quiet", "--no-verify", "-m", message},
           fmt::format("cannot commit the changes in {}", path.string()), identity_env(at_));
  return output(wt, {"rev-parse", "--verify", "HEAD^{commit}"},
                fmt::format("cannot read the HEAD of {}", path.string()));
}

std::string GitRepo::commit_tree(const std::string& tree_of, const std::string& parent, const std::string& message) {
  return output(at_, {"commit-tree", tree_of + "^{tree}", "-p", parent, "-m", message},
                fmt::format("cannot write the commit in {}", at_.work_tree.string()), identity_env(at_));
}

std::string GitRepo::checkout_can_move(const std::string& from, const std::string& to) {
  Result r = run(at_, {"read-tree", "-m", "-u", "--dry-run", from, to});
  return r.ok ? "" : r.failure;
}

void GitRepo::checkout_move(const std::string& from, const std::string& to) {
  output(at_, {"read-tree", "-m", "-u", from, to},
         fmt::format("cannot update the files of {} from {} to {}", at_.work_tree.string(), from.substr(0, 12),
                     to.substr(0, 12)));
}

std::vector<TreeChange> GitRepo::changes(const std::string& from, const std::string& to) {
  std::string ctx =
      fmt::format("cannot diff {} and {} in {}", from.substr(0, 12), to.substr(0, 12), at_.work_tree.string());
  std::vector<TreeChange> out;
  std::map<std::string, size_t> index;
  // Raw: ":100644 100755 <old> <new> M\0path\0".
  std::vector<std::string> raw =
      split_nul(output(at_, {"diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", from, to}, ctx));
  std::map<std::string, std::string> new_oid;
  for (size_t i = 0; i + 1 < raw.size(); i += 2) {
    const std::string& meta = raw[i];
    if (meta.empty() || meta[0] != ':') fail("{}: cannot read '{}'", ctx, meta);
    TreeChange c;
    c.path = raw[i + 1];
    c.old_mode = meta.substr(1, 6);
    c.new_mode = meta.substr(8, 6);
    size_t sp = meta.find(' ', 15);
    size_t sp2 = sp == std::string::npos ? sp : meta.find(' ', sp + 1);
    if (sp2 != std::string::npos) new_oid[c.path] = meta.substr(sp + 1, sp2 - sp - 1);
    index[c.path] = out.size();
    out.push_back(c);
  }
  if (out.empty()) return out;
  // Lines added and deleted ("-\t-\t" for binary).
  std::string numstat = output(at_, {"diff", "--numstat", "-z", "--no-renames", from, to}, ctx);
  for (const std::string& rec : split_nul(numstat)) {
    size_t t1 = rec.find('\t');
    size_t t2 = t1 == std::string::npos ? t1 : rec.find('\t', t1 + 1);
    if (t2 == std::string::npos) continue;
    auto it = index.find(rec.substr(t2 + 1));
    if (it == index.end()) continue;
    TreeChange& c = out[it->second];
    std::string a = rec.substr(0, t1), d = rec.substr(t1 + 1, t2 - t1 - 1);
    c.added = a == "-" ? -1 : std::stoi(a);
    c.deleted = d == "-" ? -1 : std::stoi(d);
  }
  // Sizes of the new blobs, and where symlinks point.
  std::vector<std::string> args = {"--literal-pathspecs", "ls-tree", "-r", "-l", "-z", to, "--"};
  for (const TreeChange& c : out)
    if (c.new_mode != "000000") args.push_back(c.path);
  if (args.size() > 7) {
    for (const std::string& rec : split_nul(output(at_, args, ctx))) {
      // "<mode> <type> <oid> <size>\t<path>"
      size_t tab = rec.find('\t');
      if (tab == std::string::npos) continue;
      auto it = index.find(rec.substr(tab + 1));
      if (it == index.end()) continue;
      std::string meta = rec.substr(0, tab);
      size_t last = meta.find_last_of(' ');
      std::string size = last == std::string::npos ? "" : trim(meta.substr(last + 1));
      if (!size.empty() && size != "-") out[it->second].size = std::stoull(size);
    }
  }
  for (TreeChange& c : out)
    if (c.new_mode == "120000") c.link_target = output(at_, {"cat-file", "blob", new_oid[c.path]}, ctx);
  return out;
}

}  // namespace hone::git
