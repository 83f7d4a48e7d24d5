#include "measure/counters.h"

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "util/error.h"

namespace hone {
namespace {

class RealPerfSyscalls : public PerfSyscalls {
 public:
  int perf_event_open(perf_event_attr* attr, pid_t pid, int cpu, int group_fd, unsigned long flags) override {
    // glibc has no wrapper for this one.
    return static_cast<int>(::syscall(SYS_perf_event_open, attr, pid, cpu, group_fd, flags));
  }
  bool read_u64(int fd, uint64_t* value) override {
    for (;;) {
      ssize_t n = ::read(fd, value, sizeof *value);
      if (n == static_cast<ssize_t>(sizeof *value)) return true;
      if (n < 0 && errno == EINTR) continue;
      if (n >= 0) errno = EIO;  // a short read: not a counter value
      return false;
    }
  }
  void close(int fd) override { ::close(fd); }
};

// Instructions retired in user space only: the kernel's share depends on page cache, timer
// ticks and other noise, and excluding it is what an unprivileged user may count
// (perf_event_paranoid 2).
perf_event_attr instructions_attr() {
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_INSTRUCTIONS;
  attr.disabled = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  return attr;
}

std::string paranoid_setting() {
  std::ifstream in("/proc/sys/kernel/perf_event_paranoid");
  std::string value;
  if (!(in >> value)) return "unreadable";
  return value;
}

CounterAvailability explain(int err) {
  std::string cause = fmt::format("perf_event_open: {}", strerrordesc_np(err));
  switch (err) {
    case ENOENT:
    case EOPNOTSUPP:
    case ENODEV: return {false, fmt::format("this CPU or VM exposes no hardware counters ({})", cause)};
    case EACCES:
    case EPERM:
      return {false, fmt::format("not allowed to count instructions: /proc/sys/kernel/perf_event_paranoid "
                                 "is {}; counting one's own processes needs 2 or less "
                                 "(sysctl kernel.perf_event_paranoid=2) or CAP_PERFMON ({})",
                                 paranoid_setting(), cause)};
    case ENOSYS: return {false, fmt::format("this kernel has no perf events ({})", cause)};
    default: return {false, fmt::format("cannot open an instructions counter ({})", cause)};
  }
}

class PerfCounterSession : public CounterSession {
 public:
  PerfCounterSession(PerfSyscalls& sys, int fd) : sys_(sys), fd_(fd) {}
  ~PerfCounterSession() override { sys_.close(fd_); }
  PerfCounterSession(const PerfCounterSession&) = delete;
  PerfCounterSession& operator=(const PerfCounterSession&) = delete;

  std::optional<uint64_t> instructions() override {
    uint64_t value = 0;
    if (!sys_.read_u64(fd_, &value)) return std::nullopt;
    return value;
  }

 private:
  PerfSyscalls& sys_;
  int fd_;
};

}  // namespace

PerfSyscalls& real_perf_syscalls() {
  static RealPerfSyscalls real;
  return real;
}

const CounterAvailability& PerfEventCounters::availability() {
  if (probed_) return *probed_;
  // Probe on the calling thread: the same event attach() will open, minus the child.
  perf_event_attr attr = instructions_attr();
  int fd = sys_.perf_event_open(&attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
  if (fd >= 0) {
    sys_.close(fd);
    probed_ = CounterAvailability{true, ""};
  } else {
    probed_ = explain(errno);
  }
  return *probed_;
}

std::unique_ptr<CounterSession> PerfEventCounters::attach(pid_t child) {
  if (!availability().available) return nullptr;
  perf_event_attr attr = instructions_attr();
  // Armed now, counting from the child's exec (so hone's own pre-exec work is not counted),
  // and inherited by whatever the program forks.
  attr.enable_on_exec = 1;
  attr.inherit = 1;
  int fd = sys_.perf_event_open(&attr, child, -1, -1, PERF_FLAG_FD_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    fail("cannot attach an instructions counter to process {}: perf_event_open: {}", child, strerrordesc_np(err));
  }
  return std::make_unique<PerfCounterSession>(sys_, fd);
}

}  // namespace hone
