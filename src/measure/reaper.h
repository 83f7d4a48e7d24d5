#pragma once
// What a command leaves running when it ends. A process group catches the children that stay
// in it (`sleep 300 &`); a daemon leaves it (setsid) and, once its parent exits, is reparented
// to the nearest child subreaper — which hone becomes for the Reaper's lifetime — so it is found
// among hone's own children and ended too.
#include <string>
#include <vector>

namespace hone {

class Reaper {
 public:
  Reaper();   // hone becomes a child subreaper (PR_SET_CHILD_SUBREAPER)
  ~Reaper();  // and stops being one
  Reaper(const Reaper&) = delete;
  Reaper& operator=(const Reaper&) = delete;

  // SIGKILLs process group pgid (when > 1) and every process reparented to hone, waiting for
  // each, until none is left; returns "sleep (pid 4242)" for each process that was still running.
  // Call only when hone has no children of its own running, after a run with
  // RunOptions::leave_group (else the runner has killed the group's stragglers already, unnamed).
  std::vector<std::string> end(int pgid);

 private:
  bool was_subreaper_ = false;
};

}  // namespace hone
