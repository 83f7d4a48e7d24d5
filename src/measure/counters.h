#pragma once
// Hardware performance counters (instructions retired) through perf_event_open, behind
// interfaces so the "counters exist" path is testable on machines without them (like ours)
// and the "unsupported" path is a first-class, tested behaviour.
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

struct perf_event_attr;

namespace hone {

// The system calls the counter code needs. The real one calls the kernel; tests fake it.
class PerfSyscalls {
 public:
  virtual ~PerfSyscalls() = default;
  // Returns an fd or -1 with errno set, exactly like the syscall.
  virtual int perf_event_open(perf_event_attr* attr, pid_t pid, int cpu, int group_fd, unsigned long flags) = 0;
  // Reads one uint64 counter value; false with errno set on failure.
  virtual bool read_u64(int fd, uint64_t* value) = 0;
  virtual void close(int fd) = 0;
};
PerfSyscalls& real_perf_syscalls();

struct CounterAvailability {
  bool available = false;
  std::string reason;  // when unavailable: "this CPU/VM exposes no hardware counters (...)"
};

// Counters attached to one child process, armed with enable_on_exec.
class CounterSession {
 public:
  virtual ~CounterSession() = default;
  // Instructions retired by the child (and its descendants), read after it exited.
  virtual std::optional<uint64_t> instructions() = 0;
};

class Counters {
 public:
  virtual ~Counters() = default;
  // Probes once (cached): can we count instructions here?
  virtual const CounterAvailability& availability() = 0;
  // Called between fork and the child's exec. nullptr when unavailable.
  virtual std::unique_ptr<CounterSession> attach(pid_t child) = 0;
};

class PerfEventCounters : public Counters {
 public:
  explicit PerfEventCounters(PerfSyscalls& sys = real_perf_syscalls()) : sys_(sys) {}
  const CounterAvailability& availability() override;
  std::unique_ptr<CounterSession> attach(pid_t child) override;

 private:
  PerfSyscalls& sys_;
  std::optional<CounterAvailability> probed_;
};

}  // namespace hone
