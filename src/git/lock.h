#pragma once
// One loop per repository: an flock on the repository's common git folder itself (shared by all
// its worktrees), held while a loop command works and released by the kernel however the
// process ends. A folder cannot be swapped out from under an open descriptor the way a lock file
// can (deleting .hone/loop.lock once let a second loop start); the holder's description goes
// to <common>/hone-loop.lock for the refusal message only.
#include <filesystem>
#include <string>

namespace hone::git {

class LoopLock {
 public:
  // common: the repository's common git folder (GitRepo::common()); repo: its top, for messages.
  LoopLock(const std::filesystem::path& common, const std::filesystem::path& repo, const std::string& command);
  ~LoopLock();
  LoopLock(const LoopLock&) = delete;
  LoopLock& operator=(const LoopLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace hone::git
