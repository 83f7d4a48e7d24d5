#pragma once
// What an agent CLI leaves in the repository it works in that is never part of a change (aider's
// repository-map cache, .aider.tags.cache.v4/): an [agent] preset names it (AgentConfig::scratch),
// and hone moves it out of the attempt's worktree, into the attempt's log folder, before it
// collects the change. Moved, not deleted, and only when untracked: nothing of the project's.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace hone::loop {

// Whether a file name at the worktree's top matches a scratch pattern: the name itself, or, for
// a pattern ending in '*', any name starting with what comes before it.
bool scratch_matches(const std::string& name, const std::string& pattern);

// Moves every entry at the top of `worktree` that matches a pattern and that `tracked` says git
// does not track into `dest` (created when needed; an existing name there gets ".2", ".3"...).
// Returns the moved names. Errors moving one entry leave it where it is (it is then part of the
// change, and the diff review sees it).
std::vector<std::string> move_scratch(const std::filesystem::path& worktree, const std::vector<std::string>& patterns,
                                      const std::filesystem::path& dest,
                                      const std::function<bool(const std::string&)>& tracked);

}  // namespace hone::loop
