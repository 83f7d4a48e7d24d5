#include "measure/reaper.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace hone {

namespace {

// A ceiling on rounds of "kill hone's children, wait, look again": each round ends one
// generation of a daemon's descendants.
constexpr int kMaxRounds = 64;

struct ProcInfo {
  int pid = 0, ppid = 0, pgrp = 0;
  char state = '?';
  std::string comm;
};

std::vector<ProcInfo> processes() {
  std::vector<ProcInfo> out;
  DIR* d = ::opendir("/proc");
  if (d == nullptr) return out;
  while (dirent* e = ::readdir(d)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    // read(2), not a stream: a process that exits meanwhile makes the read fail with ESRCH,
    // which libstdc++'s filebuf turns into an exception.
    std::string stat;
    int fd = ::open(fmt::format("/proc/{}/stat", pid).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    if (n <= 0) continue;
    stat.assign(buf, static_cast<size_t>(n));
    size_t open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) continue;
    ProcInfo p;
    p.pid = static_cast<int>(pid);
    p.comm = stat.substr(open + 1, close - open - 1);
    std::istringstream rest(stat.substr(close + 1));
    rest >> p.state >> p.ppid >> p.pgrp;
    if (rest) out.push_back(p);
  }
  ::closedir(d);
  return out;
}

std::string describe(const ProcInfo& p) { return fmt::format("{} (pid {})", p.comm, p.pid); }

}  // namespace

Reaper::Reaper() {
  int was = 0;
  ::prctl(PR_GET_CHILD_SUBREAPER, &was, 0, 0, 0);
  was_subreaper_ = was != 0;
  ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

Reaper::~Reaper() {
  if (!was_subreaper_) ::prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
}

std::vector<std::string> Reaper::end(int pgid) {
  std::vector<std::string> ended;
  int self = ::getpid();
  if (pgid > 1) {
    for (const ProcInfo& p : processes())
      if (p.pgrp == pgid && p.state != 'Z') ended.push_back(describe(p));
    ::kill(-pgid, SIGKILL);
  }
  for (int round = 0; round < kMaxRounds; ++round) {
    std::vector<ProcInfo> kids;
    for (const ProcInfo& p : processes())
      if (p.ppid == self) kids.push_back(p);
    if (kids.empty()) break;
    for (const ProcInfo& p : kids) {
      if (p.state != 'Z' && (pgid <= 1 || p.pgrp != pgid)) ended.push_back(describe(p));
      ::kill(p.pid, SIGKILL);
      ::waitpid(p.pid, nullptr, 0);
    }
  }
  return ended;
}

}  // namespace hone
