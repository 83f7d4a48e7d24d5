#include "git/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "git/command.h"
#include "util/clock.h"
#include "util/error.h"

namespace hone::git {

namespace fs = std::filesystem;

LoopLock::LoopLock(const fs::path& common, const fs::path& repo, const std::string& command) {
  fd_ = ::open(common.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) fail("cannot open the git folder {} to lock it: {}", common.string(), std::strerror(errno));
  fs::path note = common / "hone-loop.lock";
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err != EWOULDBLOCK) fail("cannot lock the git folder {}: {}", common.string(), std::strerror(err));
    std::ifstream in(note);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string holder = trim(ss.str());
    fail(
        "another hone process is running the loop in {} ({}); wait for it to finish, or stop it and run again "
        "(lock: an flock on {})",
        repo.string(), holder.empty() ? "unknown pid" : holder, common.string());
  }
  // Who holds it, for the message a second loop gets. Best effort: the lock is the flock.
  std::ofstream out(note, std::ios::trunc);
  out << "pid " << ::getpid() << ": hone " << command << ", since " << utc_timestamp() << "\n";
}

LoopLock::~LoopLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace hone::git
