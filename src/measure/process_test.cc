#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "measure/runner.h"
#include "util/interrupt.h"

namespace hone {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
namespace fs = std::filesystem;

CommandSpec cmd(std::vector<std::string> argv) {
  CommandSpec c;
  c.argv = std::move(argv);
  return c;
}
CommandSpec sh(const std::string& script) { return cmd({"/bin/sh", "-c", script}); }

RunOptions capture() {
  RunOptions o;
  o.capture_stdout = true;
  return o;
}

int count_open_fds() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// True while any process of the group is alive (zombies do not count: they are dead and only
// wait for init to reap them).
bool group_alive(pid_t pgid) {
  if (kill(-pgid, 0) != 0) return errno != ESRCH;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // A process that exits meanwhile fails the read (ESRCH), which the stream throws as.
    std::string stat;
    try {
      std::ifstream in(e.path() / "stat");
      stat.assign(std::istreambuf_iterator<char>(in), {});
    } catch (const std::exception&) {
      continue;
    }
    size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int ppid = 0, group = 0;
    if (sscanf(stat.c_str() + close + 1, " %c %d %d", &state, &ppid, &group) != 3) continue;
    if (group == pgid && state != 'Z' && state != 'X') return true;
  }
  return false;
}

// Waits (generously) for the group to be gone.
bool group_gone_soon(pid_t pgid) {
  for (int i = 0; i < 500; ++i) {
    if (!group_alive(pgid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(ProcessRunner, SuccessfulRun) {
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd({"true"}), {});
  EXPECT_TRUE(r.ok()) << r.describe_failure(0) << r.error;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.signal, 0);
  EXPECT_GT(r.m.wall, 0);
  EXPECT_LT(r.m.wall, 5);
  EXPECT_GE(r.m.user, 0);
  EXPECT_GE(r.m.sys, 0);
  EXPECT_FALSE(r.m.instructions.has_value());
  EXPECT_EQ(r.describe_failure(0), "");
}

// Each side waits for the other's file: they both finish only if they ran at the same time (run
// one after the other, the first would time out). Each reports the CPUs it was allowed to use.
TEST(ProcessRunner, RunTogetherOverlapsTheRunsEachOnItsCpus) {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  for (int c = 0; c < CPU_SETSIZE && cpus.size() < 2; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  if (cpus.size() < 2) GTEST_SKIP() << "needs two CPUs";
  fs::path dir = fs::temp_directory_path() / fmt::format("hone-duet-{}", getpid());
  fs::create_directories(dir);
  auto side = [&](const char* mine, const char* other) {
    return sh(
        fmt::format("touch {0}/{1}; while [ ! -e {0}/{2} ]; do sleep 0.01; done; "
                    "grep Cpus_allowed_list /proc/self/status",
                    dir.string(), mine, other));
  };
  RunOptions a, b;
  a.timeout = b.timeout = 20;
  a.capture_stdout = b.capture_stdout = true;
  a.cpus = {cpus[0]};
  b.cpus = {cpus[1]};
  ProcessRunner runner;
  std::vector<RunOutcome> out = runner.run_together({side("a", "b"), side("b", "a")}, {a, b});
  fs::remove_all(dir);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].ok()) << out[0].describe_failure(20);
  EXPECT_TRUE(out[1].ok()) << out[1].describe_failure(20);
  EXPECT_THAT(out[0].stdout_text, ::testing::HasSubstr(fmt::format("Cpus_allowed_list:\t{}\n", cpus[0])));
  EXPECT_THAT(out[1].stdout_text, ::testing::HasSubstr(fmt::format("Cpus_allowed_list:\t{}\n", cpus[1])));
}

TEST(ProcessRunner, ExitCode) {
  ProcessRunner runner;
  RunOutcome r = runner.run(sh("exit 3"), {});
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.spawn_failed);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.describe_failure(0), "exited with status 3");
}

TEST(ProcessRunner, Signal) {
  ProcessRunner runner;
  RunOutcome r = runner.run(sh("kill -TERM $$"), {});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.signal, SIGTERM);
  EXPECT_EQ(r.describe_failure(0), "killed by signal 15 (Terminated)");
  r = runner.run(sh("kill -KILL $$"), {});
  EXPECT_EQ(r.describe_failure(0), "killed by signal 9 (Killed)");
}

TEST(ProcessRunner, TimeoutKillsTheWholeGroup) {
  ProcessRunner runner;
  RunOptions o = capture();
  o.timeout = 0.3;
  auto start = std::chrono::steady_clock::now();
  RunOutcome r = runner.run(sh("echo $$; sleep 30 & sleep 30"), o);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.describe_failure(0.3), "timed out after 300 ms");
  EXPECT_EQ(r.describe_failure(2), "timed out after 2.0 s");
  EXPECT_GE(r.m.wall, 0.3);
  EXPECT_LT(took, 10);  // not the 30 s of the sleeps
  pid_t pgid = std::atoi(r.stdout_text.c_str());
  ASSERT_GT(pgid, 1) << r.stdout_text;
  EXPECT_TRUE(group_gone_soon(pgid));
  // And once init has reaped the zombies the group id is free: the ESRCH the kernel gives.
  for (int i = 0; i < 1000 && kill(-pgid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(kill(-pgid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(ProcessRunner, WhatACommandLeftInItsGroupIsKilledUnlessTheCallerEndsItItself) {
  ProcessRunner runner;
  RunOutcome r = runner.run(sh("echo $$; sleep 30 >/dev/null 2>&1 &"), capture());
  ASSERT_TRUE(r.ok()) << r.describe_failure(0);
  pid_t pgid = std::atoi(r.stdout_text.c_str());
  ASSERT_GT(pgid, 1) << r.stdout_text;
  EXPECT_TRUE(group_gone_soon(pgid));

  RunOptions o = capture();
  o.leave_group = true;  // measure/reaper.h ends them and names them
  r = runner.run(sh("echo $$; sleep 30 >/dev/null 2>&1 &"), o);
  ASSERT_TRUE(r.ok()) << r.describe_failure(0);
  pgid = std::atoi(r.stdout_text.c_str());
  ASSERT_GT(pgid, 1) << r.stdout_text;
  EXPECT_TRUE(group_alive(pgid));
  kill(-pgid, SIGKILL);
  EXPECT_TRUE(group_gone_soon(pgid));
}

TEST(ProcessRunner, CtrlCStopsTheRunInFlightWithItsGroup) {
  interrupt::install();
  interrupt::Scope scope;
  ProcessRunner runner;
  // The request comes from another thread while the command hangs, as SIGINT's handler would.
  std::thread ctrl_c([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    interrupt::request_for_test();
  });
  auto start = std::chrono::steady_clock::now();
  RunOutcome r = runner.run(sh("echo $$; sleep 30 & sleep 30"), capture());
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ctrl_c.join();
  EXPECT_TRUE(r.interrupted);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.describe_failure(0), "stopped by Ctrl-C");
  EXPECT_LT(took, 10);
  pid_t pgid = std::atoi(r.stdout_text.c_str());
  ASSERT_GT(pgid, 1) << r.stdout_text;
  EXPECT_TRUE(group_gone_soon(pgid));
  // A command started after the request (clean-up) runs to its end.
  RunOutcome after = runner.run(sh("sleep 0.2; echo done"), capture());
  EXPECT_TRUE(after.ok()) << after.describe_failure(0);
  EXPECT_EQ(after.stdout_text, "done\n");
}

TEST(ProcessRunner, StdoutPastTheBoundStopsTheCommand) {
  ProcessRunner runner;
  RunOptions o = capture();
  o.max_stdout = 1 << 20;
  auto start = std::chrono::steady_clock::now();
  RunOutcome r = runner.run(cmd({"yes", "a line of output"}), o);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.stdout_overflow);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.stdout_text.size(), size_t{1} << 20);
  EXPECT_EQ(r.describe_failure(0),
            "wrote more than 1 MiB to stdout and was stopped (hone keeps at most 1 MiB of a command's output)");
  EXPECT_LT(took, 10);
  // Exactly the bound is fine.
  RunOutcome exact = runner.run(sh("head -c 1048576 /dev/zero"), o);
  EXPECT_TRUE(exact.ok()) << exact.describe_failure(0);
  EXPECT_EQ(exact.stdout_text.size(), size_t{1} << 20);
}

TEST(ProcessRunner, StragglersAreKilledAfterANormalExit) {
  ProcessRunner runner;
  auto start = std::chrono::steady_clock::now();
  // The background sleep holds stdout open: the runner must not wait for end of file.
  RunOutcome r = runner.run(sh("echo $$; sleep 30 &"), capture());
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.ok());
  EXPECT_LT(took, 10);
  pid_t pgid = std::atoi(r.stdout_text.c_str());
  ASSERT_GT(pgid, 1);
  EXPECT_TRUE(group_gone_soon(pgid));
}

TEST(ProcessRunner, StderrTailKeepsTheLast4KiB) {
  ProcessRunner runner;
  // 1024 lines of 100 bytes: 100 KiB, numbered so the end is recognizable.
  RunOutcome r = runner.run(sh("i=0; while [ $i -lt 1024 ]; do printf '%099d\\n' $i >&2; i=$((i+1)); done"), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.stderr_tail.size(), 4096u);
  std::string last = std::string(95, '0') + "1023\n";
  EXPECT_EQ(r.stderr_tail.substr(r.stderr_tail.size() - 100), last);
  EXPECT_EQ(r.stderr_tail.substr(r.stderr_tail.size() - 200, 100), std::string(95, '0') + "1022\n");
}

TEST(ProcessRunner, ShortStderrIsKeptWhole) {
  ProcessRunner runner;
  RunOutcome r = runner.run(sh("echo oops >&2; exit 1"), {});
  EXPECT_EQ(r.stderr_tail, "oops\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST(ProcessRunner, StderrTailStartsOnACharacterBoundary) {
  ProcessRunner runner;
  // 3000 two-byte characters: 6000 bytes; the cut at 4096 from the end lands on a boundary
  // only by luck, so make it odd with one leading ASCII byte at the end.
  RunOutcome r = runner.run(sh("i=0; while [ $i -lt 3000 ]; do printf 'é' >&2; i=$((i+1)); done; printf x >&2"), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.stderr_tail.size(), 4095u);
  EXPECT_NE(static_cast<unsigned char>(r.stderr_tail[0]) & 0xC0, 0x80);
}

TEST(ProcessRunner, StdoutCapture) {
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd({"printf", "hello\\nworld"}), capture());
  EXPECT_EQ(r.stdout_text, "hello\nworld");
  r = runner.run(cmd({"head", "-c", "1048576", "/dev/zero"}), capture());
  EXPECT_EQ(r.stdout_text.size(), 1048576u);
  r = runner.run(cmd({"printf", "not captured"}), {});
  EXPECT_EQ(r.stdout_text, "");
}

TEST(ProcessRunner, StdinIsDevNull) {
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd({"wc", "-c"}), capture());  // would hang on a terminal
  EXPECT_EQ(r.stdout_text, "0\n");
}

TEST(ProcessRunner, WorkingDirectory) {
  ProcessRunner runner;
  CommandSpec c = cmd({"/bin/pwd"});
  c.dir = "/tmp";
  EXPECT_EQ(runner.run(c, capture()).stdout_text, "/tmp\n");

  // A relative program path is relative to that directory.
  fs::path dir = fs::temp_directory_path() / ("hone-process-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "hello.sh") << "#!/bin/sh\necho hello from $(basename \"$PWD\")\n"; }
  fs::permissions(dir / "hello.sh", fs::perms::owner_all);
  c = cmd({"./hello.sh"});
  c.dir = dir.string();
  RunOutcome r = runner.run(c, capture());
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.stdout_text, "hello from " + dir.filename().string() + "\n");
  fs::remove_all(dir);

  c = cmd({"true"});
  c.dir = "/no/such/dir";
  r = runner.run(c, {});
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_EQ(r.error, "cannot run 'true': cannot enter directory '/no/such/dir': No such file or directory");
}

TEST(ProcessRunner, Environment) {
  ProcessRunner runner;
  setenv("HONE_TEST_INHERITED", "from hone", 1);
  setenv("HONE_TEST_OVERRIDDEN", "old", 1);
  CommandSpec c = sh("echo \"$HONE_TEST_X|$HONE_TEST_INHERITED|$HONE_TEST_OVERRIDDEN\"");
  c.env = {{"HONE_TEST_X", "a b; $(id)"}, {"HONE_TEST_OVERRIDDEN", "new"}};
  EXPECT_EQ(runner.run(c, capture()).stdout_text, "a b; $(id)|from hone|new\n");
  // The override does not leak into hone.
  EXPECT_STREQ(getenv("HONE_TEST_OVERRIDDEN"), "old");
  // Exactly one definition of an overridden variable reaches the program.
  c = cmd({"env"});
  c.env = {{"HONE_TEST_OVERRIDDEN", "new"}};
  std::string env = runner.run(c, capture()).stdout_text;
  EXPECT_EQ(env.find("HONE_TEST_OVERRIDDEN=old"), std::string::npos);
  EXPECT_NE(env.find("HONE_TEST_OVERRIDDEN=new"), std::string::npos);
  unsetenv("HONE_TEST_INHERITED");
  unsetenv("HONE_TEST_OVERRIDDEN");
}

TEST(ProcessRunner, PathFromTheProgramsEnvironment) {
  fs::path dir = fs::temp_directory_path() / ("hone-path-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "hone-test-prog") << "#!/bin/sh\necho found\n"; }
  fs::permissions(dir / "hone-test-prog", fs::perms::owner_all);
  ProcessRunner runner;
  CommandSpec c = cmd({"hone-test-prog"});
  EXPECT_TRUE(runner.run(c, {}).spawn_failed);
  c.env = {{"PATH", dir.string() + ":/usr/bin:/bin"}};
  RunOutcome r = runner.run(c, capture());
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.stdout_text, "found\n");
  fs::remove_all(dir);
}

TEST(ProcessRunner, SpawnFailureNamesTheCommand) {
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd({"hone-no-such-program", "x"}), {});
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "cannot run 'hone-no-such-program': No such file or directory");
  EXPECT_EQ(r.describe_failure(0), r.error);
  // With a slash there is no PATH search: exec itself fails, in the child.
  r = runner.run(cmd({"./hone-no-such-program"}), {});
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_EQ(r.error, "cannot run './hone-no-such-program': No such file or directory");
  r = runner.run(cmd({"/etc/passwd"}), {});
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_EQ(r.error, "cannot run '/etc/passwd': Permission denied");
  r = runner.run(cmd({}), {});
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_THAT(r.error, HasSubstr("empty command"));
}

TEST(ProcessRunner, ResourceUsage) {
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd({"true"}), {});
  EXPECT_GT(r.m.max_rss, 100 * 1024);
  EXPECT_LT(r.m.max_rss, 1024.0 * 1024 * 1024);
  // A program that touches 64 MiB has a peak RSS of at least that.
  RunOutcome big = runner.run(sh("dd if=/dev/zero bs=64M count=1 of=/dev/null status=none"), {});
  ASSERT_TRUE(big.ok()) << big.stderr_tail;
  EXPECT_GT(big.m.max_rss, 60.0 * 1024 * 1024);
  EXPECT_GE(big.m.user, 0);
  EXPECT_GE(big.m.sys, 0);
}

TEST(ProcessRunner, WallCoversTheSleep) {
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd({"sleep", "0.2"}), {});
  ASSERT_TRUE(r.ok());
  EXPECT_GE(r.m.wall, 0.2);
  EXPECT_LT(r.m.wall, 5);
  EXPECT_LT(r.m.cpu(), 0.2);  // sleeping is not computing
}

TEST(ProcessRunner, CpuTimeOfABusyChild) {
  ProcessRunner runner;
  RunOutcome r = runner.run(sh("i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"), {});
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r.m.cpu(), 0.01);
  EXPECT_LE(r.m.cpu(), r.m.wall * 1.1 + 0.01);  // one thread cannot use more than the wall
}

TEST(ProcessRunner, PinsToCpu0) {
  ProcessRunner runner;
  RunOptions o = capture();
  o.cpus = {0};
  RunOutcome r = runner.run(sh("cat /proc/self/status | grep Cpus_allowed_list"), o);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.stdout_text, "Cpus_allowed_list:\t0\n");
  o.cpus = {100000};
  r = runner.run(cmd({"true"}), o);
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_THAT(r.error, HasSubstr("cannot pin it to CPUs 100000"));
  o.cpus = {1000};  // a valid number, but no such CPU here
  r = runner.run(cmd({"true"}), o);
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_EQ(r.error, "cannot run 'true': cannot pin it to CPUs 1000: Invalid argument");
}

TEST(ProcessRunner, ChildStartsWithDefaultSignals) {
  // hone may ignore SIGPIPE or block SIGINT for itself; the program must not inherit that. What
  // hone's own parent ignored passes through, as exec passes it (`nohup hone bench` keeps SIGHUP
  // ignored in the measured program too), so the expected set is the test's own at its start,
  // SIGPIPE aside: under `setsid nohup` it holds SIGHUP, and it is empty under plain ctest.
  std::string inherited;
  {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("SigIgn:", 0) == 0) inherited = line.substr(line.find_first_not_of(" \t", 7));
  }
  ASSERT_EQ(inherited.size(), 16u) << inherited;
  uint64_t ignored = std::stoull(inherited, nullptr, 16) & ~(uint64_t{1} << (SIGPIPE - 1));
  struct sigaction ign {
  }, old_pipe{};
  ign.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ign, &old_pipe);
  sigset_t block, old_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old_mask);

  ProcessRunner runner;
  RunOutcome r = runner.run(cmd({"grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"}), capture());

  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  sigaction(SIGPIPE, &old_pipe, nullptr);
  EXPECT_EQ(r.stdout_text, fmt::format("SigBlk:\t0000000000000000\nSigIgn:\t{:016x}\n", ignored));
}

TEST(ProcessRunner, SpawningLeavesHonesSignalStateAlone) {
  // The child is cloned into hone's memory (CLONE_VM): it resets caught signals to their
  // defaults in its own handler table, and the parent blocks every signal only around the
  // spawn. Afterwards hone's handlers and mask are as they were.
  static volatile sig_atomic_t hits = 0;
  struct sigaction handler {
  }, old_usr2{};
  handler.sa_handler = [](int) { hits = hits + 1; };
  sigaction(SIGUSR2, &handler, &old_usr2);
  sigset_t block, old_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old_mask);

  ProcessRunner runner;
  // The program sees SIGUSR2 at its default (terminate), not hone's handler.
  RunOutcome r = runner.run(sh("kill -USR2 $$; sleep 5"), RunOptions{});
  EXPECT_EQ(r.signal, SIGUSR2);

  sigset_t now;
  sigprocmask(SIG_SETMASK, nullptr, &now);
  EXPECT_TRUE(sigismember(&now, SIGUSR1));
  EXPECT_FALSE(sigismember(&now, SIGUSR2));
  struct sigaction current {};
  sigaction(SIGUSR2, nullptr, &current);
  EXPECT_EQ(current.sa_handler, handler.sa_handler);
  raise(SIGUSR2);
  EXPECT_EQ(hits, 1);

  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  sigaction(SIGUSR2, &old_usr2, nullptr);
}

TEST(ProcessRunner, NoFdLeaksIntoTheChildOrOutOfTheRunner) {
  int before = count_open_fds();
  int stray = open("/dev/null", O_RDONLY);  // without O_CLOEXEC, as careless code would
  ASSERT_GE(stray, 0);
  ProcessRunner runner;
  RunOutcome r = runner.run(cmd({"test", "-e", "/proc/self/fd/" + std::to_string(stray)}), {});
  EXPECT_EQ(r.exit_code, 1) << "fd " << stray << " leaked into the child";
  close(stray);

  for (int i = 0; i < 20; ++i) {
    runner.run(cmd({"true"}), capture());
    runner.run(cmd({"hone-no-such-program"}), {});
    runner.run(cmd({"./hone-no-such-program"}), {});
    RunOptions o;
    o.timeout = 0.01;
    runner.run(cmd({"sleep", "1"}), o);
  }
  EXPECT_EQ(count_open_fds(), before);
  // And no child is left unreaped.
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(ProcessRunner, TwoThreadsSpawningAtOnce) {
  // Each child closes the other run's pipe copies, so neither waits on the other.
  RunOutcome a, b;
  std::thread t1([&] { a = ProcessRunner().run(cmd({"sleep", "0.2"}), capture()); });
  std::thread t2([&] { b = ProcessRunner().run(cmd({"sleep", "0.2"}), capture()); });
  t1.join();
  t2.join();
  EXPECT_TRUE(a.ok());
  EXPECT_TRUE(b.ok());
  EXPECT_LT(a.m.wall, 5);
  EXPECT_LT(b.m.wall, 5);
}

TEST(ProcessRunner, SpawnFloor) {
  // The cost of measuring nothing: median wall of `true`, the resolution users get.
  ProcessRunner runner;
  std::vector<double> walls;
  for (int i = 0; i < 200; ++i) {
    RunOutcome r = runner.run(cmd({"true"}), {});
    ASSERT_TRUE(r.ok());
    walls.push_back(r.m.wall);
  }
  std::sort(walls.begin(), walls.end());
  double median = (walls[99] + walls[100]) / 2;
  std::printf("[ floor    ] `true`: median wall %.1f us over 200 runs (min %.1f us, p90 %.1f us)\n", median * 1e6,
              walls[0] * 1e6, walls[179] * 1e6);
  RecordProperty("spawn_floor_us", std::to_string(median * 1e6));
  EXPECT_LT(median, 0.05);
}

}  // namespace
}  // namespace hone
