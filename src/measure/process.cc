// ProcessRunner: one command, run once, measured. The parent prepares everything before it
// starts the child; the child only makes async-signal-safe system calls and stamps the time
// just before exec, so that the timing window holds the exec and the program, not hone's
// set-up. The child is started the way posix_spawn does it, clone(CLONE_VM | CLONE_VFORK):
// no copy of hone's page tables, which made fork() the largest part of hone's own cost per
// run. Only when hardware counters must be attached to the child before it execs does hone
// fork() instead, and the child waits on a "go" pipe until the counters are armed.
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <latch>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>

#include "measure/runner.h"
#include "util/error.h"
#include "util/interrupt.h"

extern char** environ;

namespace hone {
// Sanitized builds (HONE_SANITIZE) spawn with fork(): ASan's and UBSan's runtimes cannot follow
// a child that shares hone's memory (clone with CLONE_VM aborts in their interceptors).
#ifdef HONE_SANITIZED
constexpr bool kForkOnly = true;
#else
constexpr bool kForkOnly = false;
#endif

namespace {

constexpr size_t kStderrTail = 4096;

// An owned file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);  // never retried on EINTR: on Linux the fd is gone either way
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

[[noreturn]] void sys_fail(const std::string& prog, const char* call) {
  int err = errno;
  fail("cannot run '{}': {}: {}", prog, call, strerrordesc_np(err));
}

struct Pipe {
  Fd read, write;
};

Pipe make_pipe(const std::string& prog) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) sys_fail(prog, "pipe2");
  return Pipe{Fd(fds[0]), Fd(fds[1])};
}

// The child dup2()s its fds onto 0, 1 and 2; a source fd that is itself 0-2 (hone started
// with a closed stdin, say) would be clobbered on the way, so those move up first.
void above_stdio(Fd& fd, const std::string& prog) {
  if (!fd || fd.get() > 2) return;
  int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 3);
  if (moved < 0) sys_fail(prog, "fcntl");
  fd = Fd(moved);
}

void set_nonblocking(const Fd& fd) {
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags >= 0) ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK);
}

// A forked child, leader of its own process group. Until it is reaped, the destructor kills
// the group and reaps the child, so no exception path leaves a process running.
class Child {
 public:
  explicit Child(pid_t pid) : pid_(pid) {}
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (reaped_) return;
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);  // in case it never got its own group
    int status;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    interrupt::untrack(pid_);
  }
  pid_t pid() const { return pid_; }
  void reaped() {
    reaped_ = true;
    interrupt::untrack(pid_);
  }

 private:
  pid_t pid_;
  bool reaped_ = false;
};

int64_t now_ns() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// One page per thread, shared with the children it forks, where a child leaves the time it
// called exec. Mapped once: no system call per run.
volatile int64_t* start_time_slot(const std::string& prog) {
  thread_local volatile int64_t* slot = nullptr;
  if (!slot) {
    void* page = ::mmap(nullptr, sizeof(int64_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) sys_fail(prog, "mmap");
    slot = static_cast<volatile int64_t*>(page);
  }
  return slot;
}

// What the child reports through the error pipe when it cannot get to the program.
enum Stage : int { kStageStdio = 1, kStageAffinity, kStageChdir, kStageExec };
struct ChildError {
  int stage;
  int err;
};

// Everything the child needs, prepared by the parent: the child may not allocate (it shares
// hone's memory, or another thread may have held malloc's lock at a fork) and must not touch
// hone's globals (with CLONE_VM, `environ = ...` would change hone's own environment).
struct ChildPlan {
  int stdin_fd, stdout_fd, stderr_fd;  // all > 2
  int go_fd;                           // read end of the go pipe; -1: exec at once
  int error_fd;                        // write end of the error pipe, close-on-exec
  pid_t parent;
  volatile int64_t* start_ns;  // shared with the parent: when the child called exec
  const cpu_set_t* cpus;       // nullptr: inherit hone's affinity
  const char* dir;             // nullptr: stay in hone's directory
  char** envp;                 // the program's environment
  const char* path;            // the resolved program
  char* const* argv;
};

[[noreturn]] void child_fail(const ChildPlan& p, int stage) {
  ChildError e{stage, errno};
  ssize_t ignored = ::write(p.error_fd, &e, sizeof e);
  (void)ignored;
  ::_exit(127);
}

[[noreturn]] void child_main(const ChildPlan& p) {
  ::setpgid(0, 0);  // the parent does it too; whoever is first wins, the result is the same
  // If hone dies, so does the child, instead of running on unobserved.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != p.parent) ::_exit(127);

  // The program starts with default signal handling, whatever hone blocks or ignores for
  // itself (handlers are reset by exec, but the mask and ignored signals are inherited).
  // Signals arrive blocked (the parent blocked them all around the spawn); a handler of
  // hone's must not run here, in hone's memory, so every caught signal goes back to its
  // default first. (The child has its own copy of the handler table: no CLONE_SIGHAND.)
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    struct sigaction old;
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler != SIG_DFL &&
        (old.sa_handler != SIG_IGN || sig == SIGPIPE))
      ::sigaction(sig, &dfl, nullptr);
  }
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);

  if (::dup2(p.stdin_fd, 0) < 0 || ::dup2(p.stdout_fd, 1) < 0 || ::dup2(p.stderr_fd, 2) < 0) child_fail(p, kStageStdio);
  // Close every other fd: any that hone opened without O_CLOEXEC (a database, a log) stays
  // out of the program, and so do copies of another run's pipes, should a second thread be
  // spawning at the same time (its go pipe must see end of file when it is released).
  int lo = p.go_fd < 0 ? p.error_fd : std::min(p.go_fd, p.error_fd);
  int hi = std::max(p.go_fd, p.error_fd);
  if (lo > 3) ::close_range(3, static_cast<unsigned>(lo - 1), 0);
  if (hi > lo + 1) ::close_range(static_cast<unsigned>(lo + 1), static_cast<unsigned>(hi - 1), 0);
  ::close_range(static_cast<unsigned>(hi + 1), ~0U, 0);

  if (p.cpus && ::sched_setaffinity(0, sizeof(cpu_set_t), p.cpus) != 0) child_fail(p, kStageAffinity);
  if (p.dir && ::chdir(p.dir) != 0) child_fail(p, kStageChdir);

  // Wait for the parent to arm the counters and start the clock: it closes its end of the
  // go pipe. (End of file comes once no copy of that end is open; ours was closed above.)
  if (p.go_fd >= 0) {
    char c;
    while (::read(p.go_fd, &c, 1) < 0 && errno == EINTR) {
    }
  }
  // The clock starts here, in the child, just before exec: how long the scheduler took to
  // wake the child up after its release is noise, not the program's cost. (clock_gettime is
  // async-signal-safe; the store lands in a page shared with the parent.)
  *p.start_ns = now_ns();
  // execvpe with a path that contains a slash does no PATH search (the parent did it) but
  // still runs a script without #! through /bin/sh, as a shell would.
  ::execvpe(p.path, p.argv, p.envp);
  child_fail(p, kStageExec);
}

int clone_entry(void* plan) { child_main(*static_cast<const ChildPlan*>(plan)); }

// The stack the cloned child runs on until it execs: one per thread, mapped once. (The
// parent is suspended meanwhile, so one child at a time uses it.)
char* child_stack_top(const std::string& prog) {
  constexpr size_t kSize = 256 * 1024;  // execvpe's #!-less script fallback builds argv here
  thread_local char* top = nullptr;
  if (!top) {
    void* stack = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) sys_fail(prog, "mmap");
    top = static_cast<char*>(stack) + kSize;
  }
  return top;
}

bool is_executable_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// The PATH search, done by the parent so that it stays out of the timing window (execvp
// would try every PATH entry after the clock started). Returns the path to exec, or "" with
// *err = ENOENT / EACCES like execvp.
std::string resolve_program(const CommandSpec& cmd, int* err) {
  const std::string& name = cmd.argv[0];
  if (name.empty()) {
    *err = ENOENT;
    return "";
  }
  if (name.find('/') != std::string::npos) return name;  // relative to cmd.dir, resolved by exec
  const char* path = nullptr;
  for (const auto& [key, value] : cmd.env)
    if (key == "PATH") path = value.c_str();  // the program's PATH, as execvp would use it
  if (!path) path = ::getenv("PATH");
  if (!path) path = "/bin:/usr/bin";  // glibc's default
  *err = ENOENT;
  std::string_view rest = path;
  for (;;) {
    size_t colon = rest.find(':');
    std::string_view entry = rest.substr(0, colon);
    std::string exec_path = entry.empty() ? "./" + name : std::string(entry) + "/" + name;
    if (exec_path[0] != '/' && exec_path.compare(0, 2, "./") != 0) exec_path = "./" + exec_path;
    // A relative PATH entry is relative to the directory the program will run in.
    std::string check = exec_path[0] != '/' && !cmd.dir.empty() ? cmd.dir + "/" + exec_path : exec_path;
    if (is_executable_file(check)) return exec_path;
    if (::access(check.c_str(), F_OK) == 0) *err = EACCES;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return "";
}

std::string cpu_list(const std::vector<int>& cpus) {
  std::string s;
  for (int c : cpus) s += (s.empty() ? "" : ",") + std::to_string(c);
  return s;
}

std::string describe_child_error(const CommandSpec& cmd, const RunOptions& opts, ChildError e) {
  const char* why = strerrordesc_np(e.err);
  const std::string& prog = cmd.argv[0];
  switch (e.stage) {
    case kStageStdio: return fmt::format("cannot run '{}': cannot set up its stdin/stdout/stderr: {}", prog, why);
    case kStageAffinity:
      return fmt::format("cannot run '{}': cannot pin it to CPUs {}: {}", prog, cpu_list(opts.cpus), why);
    case kStageChdir: return fmt::format("cannot run '{}': cannot enter directory '{}': {}", prog, cmd.dir, why);
    default: return fmt::format("cannot run '{}': {}", prog, why);
  }
}

// Keeps the last kStderrTail bytes of everything appended without allocating: the buffer's
// capacity is reserved up front and old bytes are dropped from the front.
void append_tail(std::string& tail, const char* data, size_t n) {
  if (n >= kStderrTail) {
    tail.assign(data + n - kStderrTail, kStderrTail);
    return;
  }
  if (tail.size() + n > tail.capacity()) tail.erase(0, tail.size() - std::min(tail.size(), kStderrTail));
  tail.append(data, n);
}

// Reads what the pipe holds right now, stopping once the sink holds more than limit bytes, and
// after 4 MiB in one call (so that a command flooding one pipe cannot starve the poll loop's
// other checks). Returns false at end of file.
bool drain(Fd& fd, std::string& sink, bool tail_only, char* buf, size_t buf_size, size_t limit = SIZE_MAX) {
  size_t budget = size_t{4} << 20;
  while ((tail_only || sink.size() <= limit) && budget > 0) {
    ssize_t n = ::read(fd.get(), buf, buf_size);
    if (n > 0) {
      budget -= std::min(budget, static_cast<size_t>(n));
      if (tail_only)
        append_tail(sink, buf, static_cast<size_t>(n));
      else
        sink.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN;  // EAGAIN: nothing more for now; anything else: give up on it
  }
  return true;
}

std::string format_timeout(double seconds) {
  if (seconds >= 1) return fmt::format("{:.1f} s", seconds);
  return fmt::format("{:.0f} ms", seconds * 1000);
}

}  // namespace

std::string RunOutcome::describe_failure(double timeout) const {
  if (spawn_failed) return error;
  if (interrupted) return "stopped by Ctrl-C";
  if (stdout_overflow)
    return fmt::format(
        "wrote more than {} MiB to stdout and was stopped (hone keeps at most {} MiB of a "
        "command's output)",
        stdout_limit >> 20, stdout_limit >> 20);
  if (timed_out) return "timed out after " + format_timeout(timeout > 0 ? timeout : m.wall);
  if (signal != 0) {
    const char* name = sigdescr_np(signal);
    return fmt::format("killed by signal {} ({})", signal, name ? name : "unknown signal");
  }
  if (exit_code != 0) return fmt::format("exited with status {}", exit_code);
  return "";
}

std::vector<RunOutcome> Runner::run_together(const std::vector<CommandSpec>& cmds,
                                             const std::vector<RunOptions>& opts) {
  std::vector<RunOutcome> out;
  for (size_t i = 0; i < cmds.size(); ++i) out.push_back(run(cmds[i], opts[i]));
  return out;
}

std::vector<RunOutcome> ProcessRunner::run_together(const std::vector<CommandSpec>& cmds,
                                                    const std::vector<RunOptions>& opts) {
  const size_t n = cmds.size();
  std::vector<RunOutcome> out(n);
  std::vector<std::exception_ptr> errors(n);
  std::latch start(static_cast<std::ptrdiff_t>(n));
  auto one = [&](size_t i) {
    try {
      start.arrive_and_wait();  // every thread is up: the runs start together
      out[i] = run(cmds[i], opts[i]);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i) {
    try {
      threads.emplace_back(one, i);
    } catch (...) {  // no thread for runs i..n-1: arrive for them, so the started ones are not left waiting
      for (size_t k = i; k < n; ++k) errors[k] = std::current_exception();
      start.count_down(static_cast<std::ptrdiff_t>(n - i));
      break;
    }
  }
  if (n > 0) one(0);
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

RunOutcome ProcessRunner::run(const CommandSpec& cmd, const RunOptions& opts) {
  RunOutcome out;
  if (cmd.argv.empty()) {
    out.spawn_failed = true;
    out.error = "cannot run an empty command";
    return out;
  }
  const std::string& prog = cmd.argv[0];

  // --- Preparation: everything allocated here, before fork and the clock. ---
  int lookup_err = 0;
  std::string path;
  if (prog.find('/') != std::string::npos) {
    path = prog;  // no search: relative to cmd.dir, resolved by exec
  } else {
    std::string key = prog + '\0' + cmd.dir;
    for (const auto& [k, v] : cmd.env)
      if (k == "PATH") key += '\0' + v;
    std::lock_guard<std::mutex> lock(resolved_mutex_);
    auto hit = resolved_.find(key);
    if (hit != resolved_.end()) {
      path = hit->second;
    } else {
      path = resolve_program(cmd, &lookup_err);
      if (!path.empty()) resolved_.emplace(std::move(key), path);
    }
  }
  if (path.empty()) {
    out.spawn_failed = true;
    out.exit_code = 127;
    out.error = fmt::format("cannot run '{}': {}", prog, strerrordesc_np(lookup_err));
    return out;
  }

  std::vector<char*> argv;
  argv.reserve(cmd.argv.size() + 1);
  for (const std::string& a : cmd.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  std::vector<std::string> env_storage;
  std::vector<char*> envp;
  if (!cmd.env.empty()) {
    for (const auto& [key, value] : cmd.env) env_storage.push_back(key + "=" + value);
    for (char** e = environ; e && *e; ++e) {
      std::string_view entry = *e;
      bool overridden = false;
      for (const auto& [key, value] : cmd.env)
        if (entry.size() > key.size() && entry.compare(0, key.size(), key) == 0 && entry[key.size()] == '=')
          overridden = true;
      if (!overridden) envp.push_back(*e);
    }
    for (std::string& s : env_storage) envp.push_back(s.data());
    envp.push_back(nullptr);
  }

  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  for (int c : opts.cpus) {
    if (c < 0 || c >= CPU_SETSIZE) {
      out.spawn_failed = true;
      out.error = fmt::format("cannot run '{}': cannot pin it to CPUs {}: no CPU {}", prog, cpu_list(opts.cpus), c);
      return out;
    }
    CPU_SET(c, &cpus);
  }

  Fd in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!in) sys_fail(prog, "open /dev/null");
  Pipe out_pipe;
  Fd out_null;
  if (opts.capture_stdout) {
    out_pipe = make_pipe(prog);
    out.stdout_text.reserve(64 * 1024);
  } else {
    out_null = Fd(::open("/dev/null", O_WRONLY | O_CLOEXEC));
    if (!out_null) sys_fail(prog, "open /dev/null");
  }
  Pipe err_pipe = make_pipe(prog);
  // Counters are attached to the child before it execs (enable_on_exec), which needs a child
  // that waits: fork it, and release it through the go pipe. Otherwise the cheap clone.
  std::unique_ptr<CounterSession> counters;
  const bool attach = opts.count_instructions && counters_ != nullptr;
  Pipe go = attach ? make_pipe(prog) : Pipe{};
  Pipe error_pipe = make_pipe(prog);
  Fd& child_out = opts.capture_stdout ? out_pipe.write : out_null;
  for (Fd* fd : {&in, &child_out, &err_pipe.write, &go.read, &error_pipe.write}) above_stdio(*fd, prog);

  std::string tail;
  tail.reserve(2 * kStderrTail);
  char buf[64 * 1024];

  *start_time_slot(prog) = 0;
  ChildPlan plan{in.get(),
                 child_out.get(),
                 err_pipe.write.get(),
                 go.read.get(),
                 error_pipe.write.get(),
                 ::getpid(),
                 start_time_slot(prog),
                 opts.cpus.empty() ? nullptr : &cpus,
                 cmd.dir.empty() ? nullptr : cmd.dir.c_str(),
                 cmd.env.empty() ? environ : envp.data(),
                 path.c_str(),
                 argv.data()};
  if (!attach) plan.go_fd = -1;

  int64_t released = 0;
  pid_t pid;
  if (attach || kForkOnly) {
    pid = ::fork();
    if (pid < 0) sys_fail(prog, "fork");
    if (pid == 0) child_main(plan);
    if (!attach) {
      // Sanitized build: the child runs on its own; like after a clone, the window (and the
      // timeout) starts at its exec stamp. One that fails before stamping has no window.
      for (int i = 0; i < 2000 && *plan.start_ns == 0; ++i) ::usleep(500);
      released = *plan.start_ns != 0 ? *plan.start_ns : now_ns();
    }
  } else {
    // Every signal stays blocked until the child has exec'd (see child_main); the parent is
    // suspended until then anyway (CLONE_VFORK).
    sigset_t all, old;
    ::sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &old);
    char* stack = child_stack_top(prog);
    released = now_ns();
    pid = ::clone(clone_entry, stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &plan);
    int err = errno;
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    errno = err;
    if (pid < 0) sys_fail(prog, "clone");
    // The child has exec'd (or failed to): the timeout counts from its stamp, as wall does.
    if (*plan.start_ns >= released) released = *plan.start_ns;
  }

  Child child(pid);
  interrupt::track(pid);
  // Both sides call setpgid, so the group exists before either goes on: no race with a
  // kill(-pgid) below. (After a clone the child has done it already, before its exec.)
  if (attach || kForkOnly) ::setpgid(pid, pid);
  in.reset();
  child_out.reset();
  err_pipe.write.reset();
  if (go.read) go.read.reset();
  error_pipe.write.reset();

  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) sys_fail(prog, "pidfd_open (Linux 5.3 or later is needed)");
  if (opts.capture_stdout) set_nonblocking(out_pipe.read);
  set_nonblocking(err_pipe.read);

  if (attach) counters = counters_->attach(pid);

  // --- The timing window: from the child's exec (it stamps the time itself, just before) to
  // wait4's return. ---
  if (attach) released = now_ns();
  // (A timeout beyond 30 years is no timeout, and must not overflow.)
  const int64_t deadline =
      opts.timeout > 0 && opts.timeout < 1e9 ? released + static_cast<int64_t>(opts.timeout * 1e9) : 0;
  if (attach) go.write.reset();  // release: the child's read() returns 0 and it calls exec

  bool timed_out = false, interrupted = false, overflow = false;
  // Ctrl-C stops the command in flight; one started after the request (clean-up) runs on.
  const int wake = interrupt::requested() ? -1 : interrupt::wake_fd();
  for (;;) {
    pollfd fds[4];
    nfds_t n = 0;
    fds[n++] = pollfd{pidfd.get(), POLLIN, 0};
    int err_slot = -1, out_slot = -1, wake_slot = -1;
    if (wake >= 0) {
      wake_slot = static_cast<int>(n);
      fds[n++] = pollfd{wake, POLLIN, 0};
    }
    if (err_pipe.read) {
      err_slot = static_cast<int>(n);
      fds[n++] = pollfd{err_pipe.read.get(), POLLIN, 0};
    }
    if (out_pipe.read) {
      out_slot = static_cast<int>(n);
      fds[n++] = pollfd{out_pipe.read.get(), POLLIN, 0};
    }
    timespec wait_for;
    timespec* wait_ptr = nullptr;
    if (deadline) {
      int64_t left = deadline - now_ns();
      if (left <= 0) {
        timed_out = true;
        break;
      }
      wait_for = timespec{static_cast<time_t>(left / 1'000'000'000), static_cast<long>(left % 1'000'000'000)};
      wait_ptr = &wait_for;
    }
    int r = ::ppoll(fds, n, wait_ptr, nullptr);
    if (r < 0) {
      if (errno == EINTR) continue;
      sys_fail(prog, "poll");
    }
    if (r == 0) continue;  // the deadline check above decides
    if (err_slot >= 0 && fds[err_slot].revents != 0 && !drain(err_pipe.read, tail, true, buf, sizeof buf))
      err_pipe.read.reset();
    if (out_slot >= 0 && fds[out_slot].revents != 0 &&
        !drain(out_pipe.read, out.stdout_text, false, buf, sizeof buf, opts.max_stdout))
      out_pipe.read.reset();
    if (out.stdout_text.size() > opts.max_stdout) {
      overflow = true;
      break;
    }
    if (wake_slot >= 0 && fds[wake_slot].revents != 0 && interrupt::requested()) {
      interrupted = true;
      break;
    }
    if (fds[0].revents != 0) break;  // the child has exited (a zombie until wait4)
  }
  if (timed_out || interrupted || overflow) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);  // should it have left its group (setsid)
  }
  int status = 0;
  struct rusage ru;
  while (::wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) sys_fail(prog, "wait4");
  }
  const int64_t t1 = now_ns();
  child.reaped();
  // --- End of the timing window. ---

  // Output written just before exit is still in the pipes; take it without waiting for end of
  // file, which a background process still holding the pipe would postpone forever.
  if (err_pipe.read) drain(err_pipe.read, tail, true, buf, sizeof buf);
  if (out_pipe.read && !overflow) drain(out_pipe.read, out.stdout_text, false, buf, sizeof buf, opts.max_stdout);
  if (out.stdout_text.size() > opts.max_stdout) {
    overflow = true;
    out.stdout_text.resize(opts.max_stdout);
  }
  // Processes the command left behind in its group ("sleep 30 &") go too. The group's id
  // stays reserved while any member lives, so this reaches only our stragglers; with none
  // left it fails with ESRCH, which is fine.
  if (!opts.leave_group) ::kill(-pid, SIGKILL);

  if (counters) {
    if (std::optional<uint64_t> v = counters->instructions()) out.m.instructions = static_cast<double>(*v);
  }

  // The write end died with the child (exit or exec), so this read does not block.
  ChildError ce{};
  ssize_t got;
  while ((got = ::read(error_pipe.read.get(), &ce, sizeof ce)) < 0 && errno == EINTR) {
  }
  if (got == static_cast<ssize_t>(sizeof ce)) {
    out.spawn_failed = true;
    out.error = describe_child_error(cmd, opts, ce);
  }

  // The child stamped the time it called exec; one that died before it did was never woken
  // up, or was killed, and its window starts at its release.
  int64_t t0 = *plan.start_ns;
  if (t0 < released || t0 > t1) t0 = released;
  out.m.wall = static_cast<double>(t1 - t0) * 1e-9;
  out.m.user = static_cast<double>(ru.ru_utime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec) * 1e-6;
  out.m.sys = static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) * 1e-6;
  out.m.max_rss = static_cast<double>(ru.ru_maxrss) * 1024.0;  // KiB
  out.timed_out = timed_out;
  out.interrupted = interrupted;
  out.stdout_overflow = overflow;
  out.stdout_limit = opts.max_stdout;
  if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) out.signal = WTERMSIG(status);

  // The last 4 KiB, starting on a character boundary.
  size_t cut = tail.size() > kStderrTail ? tail.size() - kStderrTail : 0;
  while (cut < tail.size() && (static_cast<unsigned char>(tail[cut]) & 0xC0) == 0x80) ++cut;
  out.stderr_tail = tail.substr(cut);
  return out;
}

}  // namespace hone
