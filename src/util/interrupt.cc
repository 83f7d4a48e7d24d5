#include "util/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace hone::interrupt {

namespace {

constexpr int kSlots = 64;  // far more children than hone ever runs at once
std::atomic<pid_t> g_groups[kSlots];
std::atomic<bool> g_requested{false};
std::atomic<int> g_scopes{0};
std::atomic<bool> g_installed{false};
int g_pipe[2] = {-1, -1};

void kill_tracked() {
  for (auto& slot : g_groups) {
    pid_t pg = slot.load();
    if (pg > 1) {
      ::kill(-pg, SIGKILL);
      ::kill(pg, SIGKILL);  // should it have left its group
    }
  }
}

void wake() {
  if (g_pipe[1] >= 0) {
    char c = 1;
    ssize_t ignored = ::write(g_pipe[1], &c, 1);
    (void)ignored;
  }
}

extern "C" void on_signal(int sig) {
  int saved = errno;
  if (sig == SIGINT && g_scopes.load() > 0 && !g_requested.load()) {
    g_requested.store(true);
    wake();
    errno = saved;
    return;
  }
  // Die now, taking every process group hone started along.
  kill_tracked();
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  ::_exit(128 + sig);
}

void drain_pipe() {
  if (g_pipe[0] < 0) return;
  char buf[64];
  while (::read(g_pipe[0], buf, sizeof buf) > 0) {
  }
}

}  // namespace

void install() {
  if (g_installed.exchange(true)) return;
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    ::sigaction(sig, nullptr, &old);
    // Started under nohup: keep ignoring hang-ups. (A shell script's background job starts with
    // SIGINT ignored too, yet `kill -INT` is how a script stops it: SIGINT is always caught.)
    if (sig == SIGHUP && old.sa_handler == SIG_IGN) continue;
    ::sigaction(sig, &sa, nullptr);
  }
}

Scope::Scope() {
  if (g_scopes.fetch_add(1) == 0) {
    g_requested.store(false);
    drain_pipe();
  }
}

Scope::~Scope() { g_scopes.fetch_sub(1); }

bool requested() { return g_requested.load(); }
const std::atomic<bool>& flag() { return g_requested; }
int wake_fd() { return g_pipe[0]; }

void track(pid_t pgid) {
  for (auto& slot : g_groups) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pgid)) return;
  }
}

void untrack(pid_t pgid) {
  for (auto& slot : g_groups) {
    pid_t mine = pgid;
    if (slot.compare_exchange_strong(mine, 0)) return;
  }
}

void request_for_test() {
  g_requested.store(true);
  wake();
}

}  // namespace hone::interrupt
