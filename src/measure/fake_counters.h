#pragma once
// Fakes of the counter seams, for tests of anything that counts instructions on a machine
// without hardware counters (like ours).
#include <linux/perf_event.h>

#include <cerrno>
#include <vector>

#include "measure/counters.h"

namespace hone {

// Plays the kernel for PerfEventCounters: records every perf_event_open call and answers
// with fds or with open_errno, and serves `value` to reads.
class FakePerfSyscalls : public PerfSyscalls {
 public:
  struct OpenCall {
    perf_event_attr attr;
    pid_t pid;
    int cpu;
    int group_fd;
    unsigned long flags;
  };

  int open_errno = 0;  // non-zero: perf_event_open fails with this errno
  int read_errno = 0;  // non-zero: read_u64 fails with this errno
  uint64_t value = 0;  // what read_u64 returns
  std::vector<OpenCall> opens;
  std::vector<int> reads;   // fds read
  std::vector<int> closed;  // fds closed

  int perf_event_open(perf_event_attr* attr, pid_t pid, int cpu, int group_fd, unsigned long flags) override {
    opens.push_back(OpenCall{*attr, pid, cpu, group_fd, flags});
    if (open_errno != 0) {
      errno = open_errno;
      return -1;
    }
    return next_fd_++;
  }
  bool read_u64(int fd, uint64_t* out) override {
    reads.push_back(fd);
    if (read_errno != 0) {
      errno = read_errno;
      return false;
    }
    *out = value;
    return true;
  }
  void close(int fd) override { closed.push_back(fd); }

  // fds handed out and not closed yet.
  int open_fds() const {
    int handed = next_fd_ - kFirstFd;
    return handed - static_cast<int>(closed.size());
  }

 private:
  static constexpr int kFirstFd = 1000;
  int next_fd_ = kFirstFd;
};

// A whole Counters backend that "counts" a fixed number of instructions per run, for tests of
// the runner and the scheduler.
class FakeCounters : public Counters {
 public:
  explicit FakeCounters(uint64_t per_run = 1000, bool available = true)
      : per_run_(per_run), availability_{available, available ? "" : "fake: no counters"} {}

  const CounterAvailability& availability() override { return availability_; }
  std::unique_ptr<CounterSession> attach(pid_t child) override {
    if (!availability_.available) return nullptr;
    attached.push_back(child);
    return std::make_unique<Session>(per_run_);
  }

  std::vector<pid_t> attached;  // the children attach() was called for

 private:
  class Session : public CounterSession {
   public:
    explicit Session(uint64_t v) : v_(v) {}
    std::optional<uint64_t> instructions() override { return v_; }

   private:
    uint64_t v_;
  };
  uint64_t per_run_;
  CounterAvailability availability_;
};

}  // namespace hone
