#include "measure/reaper.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "measure/runner.h"

namespace hone {
namespace {

bool alive(int pid) { return ::kill(pid, 0) == 0; }

int read_pid(const std::string& path) {
  std::ifstream in(path);
  int pid = 0;
  in >> pid;
  return pid;
}

TEST(Reaper, EndsWhatACommandLeftInItsGroupAndWhatDaemonizedOutOfIt) {
  char tmpl[] = "/tmp/hone-reaper-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string dir = tmpl;
  Reaper reaper;
  CommandSpec cmd;
  cmd.argv = {"/bin/sh", "-c",
              "echo $$ > \"$0/group\"; sleep 300 & echo $! > \"$0/child\"; "
              "setsid sh -c 'echo $$ > \"$0/daemon\"; exec sleep 300' \"$0\" </dev/null >/dev/null 2>&1 & "
              "while [ ! -s \"$0/daemon\" ]; do sleep 0.01; done",
              dir};
  cmd.display = "leaves two behind";
  // The runner leaves the group's stragglers to the reaper, which names what it ends.
  RunOptions opts;
  opts.leave_group = true;
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd, opts);
  ASSERT_TRUE(r.ok()) << r.stderr_tail;
  int child = read_pid(dir + "/child"), daemon = read_pid(dir + "/daemon");
  ASSERT_GT(child, 1);
  ASSERT_GT(daemon, 1);
  ASSERT_TRUE(alive(child));
  ASSERT_TRUE(alive(daemon));
  std::vector<std::string> ended = reaper.end(read_pid(dir + "/group"));
  EXPECT_FALSE(alive(child));
  EXPECT_FALSE(alive(daemon));
  EXPECT_THAT(ended, ::testing::Contains(::testing::HasSubstr(std::to_string(daemon))));
  EXPECT_THAT(ended, ::testing::Contains(::testing::HasSubstr(std::to_string(child))));
  std::filesystem::remove_all(dir);
}

TEST(Reaper, NothingLeftIsNothingEnded) {
  Reaper reaper;
  EXPECT_TRUE(reaper.end(0).empty());
}

}  // namespace
}  // namespace hone
