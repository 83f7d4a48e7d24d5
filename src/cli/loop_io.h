#pragma once
// Small helpers of the loop's wiring: files, processes and git, without a shell. Failures throw
// hone::Error naming the command and git's own message.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "measure/runner.h"

namespace hone::cli::loopio {

using Env = std::vector<std::pair<std::string, std::string>>;

std::string trim(std::string s);
std::string read_file(const std::filesystem::path& p);  // "" when unreadable
void write_file(const std::filesystem::path& p, const std::string& text);  // creates folders
// The last n lines of text on one line, joined by " | ": a reason quoting a failure's output.
std::string last_lines(const std::string& text, int n);
// Runs argv in dir (no shell), capturing stdout; stderr comes back as its last 4 KiB.
RunOutcome run_in(const std::filesystem::path& dir, const std::vector<std::string>& argv, double timeout, Env env = {});
// `git ARGS` in dir: trimmed stdout, or hone::Error with git's message.
std::string git(const std::filesystem::path& dir, std::vector<std::string> args, Env env = {});
bool git_ok(const std::filesystem::path& dir, std::vector<std::string> args);
// GIT_AUTHOR_*/GIT_COMMITTER_* for commits when the repository has no identity configured.
Env identity_env(const std::filesystem::path& repo);
// Local git operations are quick; this only guards against a wedged git.
inline constexpr double kGitTimeout = 600;
std::string short12(const std::string& commit);

}  // namespace hone::cli::loopio
