#pragma once
// Ctrl-C for the whole of hone, so that it stops within a moment whatever is running and
// nothing it started outlives it. Every command hone runs is the leader of its own process
// group (so the terminal's Ctrl-C does not reach it directly); hone tracks those groups here.
//
// - Inside an interrupt::Scope (measuring, the agent), the first Ctrl-C is a request: the flag
//   is raised, the command in flight at that moment is stopped with its whole process group
//   (ProcessRunner watches wake_fd()), and the code that opened the scope winds down (keeps the
//   rounds it has, removes an attempt's worktree). Commands started after the request (that
//   clean-up) run normally.
// - Outside a scope, a second Ctrl-C, or SIGTERM / SIGHUP: every tracked process group is
//   killed and hone dies of the signal at once (exit status 128 + signal, as a shell expects).
#include <sys/types.h>

#include <atomic>

namespace hone::interrupt {

// Installs the handlers for SIGINT, SIGTERM and SIGHUP. Idempotent; the CLI calls it first.
void install();

// While one is alive, Ctrl-C is a request (see above). Nested scopes share one request.
class Scope {
 public:
  Scope();
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
};

// Whether Ctrl-C was pressed since the outermost Scope opened.
bool requested();
const std::atomic<bool>& flag();
// Readable once a request is made, until the next outermost Scope opens; -1 before install().
int wake_fd();

// The process groups of running children, for the handler to kill. Async-signal-safe.
void track(pid_t pgid);
void untrack(pid_t pgid);

// For tests: make a request as Ctrl-C would inside a scope.
void request_for_test();

}  // namespace hone::interrupt
