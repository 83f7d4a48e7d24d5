#include "measure/counters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/perf_event.h>
#include <unistd.h>

#include <fstream>

#include "measure/fake_counters.h"
#include "measure/runner.h"
#include "util/error.h"

namespace hone {
namespace {

using ::testing::HasSubstr;

TEST(PerfEventCounters, SupportedProbesOnTheCallingThreadThenAttachesToTheChild) {
  FakePerfSyscalls sys;
  sys.value = 123456789;
  PerfEventCounters counters(sys);
  ASSERT_TRUE(counters.availability().available);
  EXPECT_EQ(counters.availability().reason, "");

  ASSERT_EQ(sys.opens.size(), 1u);
  const auto& probe = sys.opens[0];
  EXPECT_EQ(probe.pid, 0);
  EXPECT_EQ(probe.cpu, -1);
  EXPECT_EQ(probe.group_fd, -1);
  EXPECT_EQ(probe.attr.type, PERF_TYPE_HARDWARE);
  EXPECT_EQ(probe.attr.config, PERF_COUNT_HW_INSTRUCTIONS);
  EXPECT_EQ(probe.attr.size, sizeof(perf_event_attr));
  EXPECT_EQ(probe.attr.exclude_kernel, 1u);
  EXPECT_EQ(probe.attr.exclude_hv, 1u);
  EXPECT_EQ(sys.open_fds(), 0) << "the probe's fd is closed";

  std::unique_ptr<CounterSession> session = counters.attach(4242);
  ASSERT_NE(session, nullptr);
  ASSERT_EQ(sys.opens.size(), 2u);
  const auto& a = sys.opens[1];
  EXPECT_EQ(a.pid, 4242);
  EXPECT_EQ(a.cpu, -1);
  EXPECT_EQ(a.group_fd, -1);
  EXPECT_NE(a.flags & PERF_FLAG_FD_CLOEXEC, 0u);
  EXPECT_EQ(a.attr.type, PERF_TYPE_HARDWARE);
  EXPECT_EQ(a.attr.config, PERF_COUNT_HW_INSTRUCTIONS);
  EXPECT_EQ(a.attr.disabled, 1u);
  EXPECT_EQ(a.attr.enable_on_exec, 1u);
  EXPECT_EQ(a.attr.inherit, 1u);
  EXPECT_EQ(a.attr.exclude_kernel, 1u);
  EXPECT_EQ(a.attr.exclude_hv, 1u);

  EXPECT_EQ(session->instructions(), std::optional<uint64_t>(123456789));
  EXPECT_EQ(sys.open_fds(), 1);
  session.reset();
  EXPECT_EQ(sys.open_fds(), 0) << "the session closes its fd";
}

TEST(PerfEventCounters, ProbesOnlyOnce) {
  FakePerfSyscalls sys;
  PerfEventCounters counters(sys);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(counters.availability().available);
  auto s1 = counters.attach(100);
  auto s2 = counters.attach(101);
  ASSERT_EQ(sys.opens.size(), 3u);  // one probe, two attachments
  EXPECT_EQ(sys.opens[0].pid, 0);
  EXPECT_EQ(sys.opens[1].pid, 100);
  EXPECT_EQ(sys.opens[2].pid, 101);

  FakePerfSyscalls none;
  none.open_errno = ENOENT;
  PerfEventCounters unsupported(none);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(unsupported.availability().available);
  EXPECT_EQ(none.opens.size(), 1u);
}

TEST(PerfEventCounters, NoHardwareCounters) {
  for (int err : {ENOENT, EOPNOTSUPP, ENODEV}) {
    FakePerfSyscalls sys;
    sys.open_errno = err;
    PerfEventCounters counters(sys);
    const CounterAvailability& a = counters.availability();
    EXPECT_FALSE(a.available);
    EXPECT_THAT(a.reason, HasSubstr("this CPU or VM exposes no hardware counters (perf_event_open: "));
    EXPECT_THAT(a.reason, HasSubstr(strerrordesc_np(err)));
    EXPECT_EQ(counters.attach(4242), nullptr);
    EXPECT_EQ(sys.opens.size(), 1u) << "attach does not try again";
  }
}

TEST(PerfEventCounters, NotPermittedNamesTheParanoidSetting) {
  std::string level;
  std::ifstream("/proc/sys/kernel/perf_event_paranoid") >> level;
  for (int err : {EACCES, EPERM}) {
    FakePerfSyscalls sys;
    sys.open_errno = err;
    PerfEventCounters counters(sys);
    const CounterAvailability& a = counters.availability();
    EXPECT_FALSE(a.available);
    EXPECT_THAT(a.reason, HasSubstr("/proc/sys/kernel/perf_event_paranoid is " +
                                    (level.empty() ? std::string("unreadable") : level)));
    EXPECT_THAT(a.reason, HasSubstr(strerrordesc_np(err)));
    EXPECT_EQ(counters.attach(4242), nullptr);
  }
}

TEST(PerfEventCounters, OtherErrorsAreStillExplained) {
  FakePerfSyscalls sys;
  sys.open_errno = EINVAL;
  PerfEventCounters counters(sys);
  EXPECT_FALSE(counters.availability().available);
  EXPECT_THAT(counters.availability().reason, HasSubstr("Invalid argument"));
}

TEST(PerfEventCounters, AttachFailureAfterASuccessfulProbeIsAnError) {
  FakePerfSyscalls sys;
  PerfEventCounters counters(sys);
  ASSERT_TRUE(counters.availability().available);
  sys.open_errno = EMFILE;
  try {
    counters.attach(777);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("process 777"));
    EXPECT_THAT(e.what(), HasSubstr("Too many open files"));
  }
}

TEST(PerfEventCounters, FailedReadGivesNoValue) {
  FakePerfSyscalls sys;
  PerfEventCounters counters(sys);
  auto s = counters.attach(5);
  ASSERT_NE(s, nullptr);
  sys.read_errno = EIO;
  EXPECT_EQ(s->instructions(), std::nullopt);
}

// This machine has no hardware counters; others may. Either way the answer must be usable.
TEST(PerfEventCounters, RealKernelAnswersConsistently) {
  PerfEventCounters counters;
  const CounterAvailability& a = counters.availability();
  std::printf("[ counters ] %s\n", a.available ? "hardware counters available" : a.reason.c_str());
  if (!a.available) {
    EXPECT_FALSE(a.reason.empty());
    EXPECT_EQ(counters.attach(getpid()), nullptr);
    return;
  }
  EXPECT_EQ(a.reason, "");
  ProcessRunner runner(&counters);
  RunOptions o;
  o.count_instructions = true;
  RunOutcome r = runner.run(CommandSpec{{"true"}, "true", "", {}}, o);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.m.instructions.has_value());
  EXPECT_GT(*r.m.instructions, 1000);
}

TEST(ProcessRunnerCounters, FillsInstructionsFromTheCounters) {
  FakePerfSyscalls sys;
  sys.value = 424242;
  PerfEventCounters counters(sys);
  ProcessRunner runner(&counters);
  RunOptions o;
  o.count_instructions = true;
  RunOutcome r = runner.run(CommandSpec{{"true"}, "true", "", {}}, o);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.m.instructions, std::optional<double>(424242));
  ASSERT_EQ(sys.opens.size(), 2u);  // probe + the child
  EXPECT_GT(sys.opens[1].pid, 0);
  EXPECT_NE(sys.opens[1].pid, getpid());
  EXPECT_EQ(sys.open_fds(), 0);

  // Not asked to count: no attachment, no value.
  o.count_instructions = false;
  r = runner.run(CommandSpec{{"true"}, "true", "", {}}, o);
  EXPECT_FALSE(r.m.instructions.has_value());
  EXPECT_EQ(sys.opens.size(), 2u);
}

TEST(ProcessRunnerCounters, UnavailableCountersLeaveInstructionsEmpty) {
  FakePerfSyscalls sys;
  sys.open_errno = ENOENT;
  PerfEventCounters counters(sys);
  ProcessRunner runner(&counters);
  RunOptions o;
  o.count_instructions = true;
  RunOutcome r = runner.run(CommandSpec{{"true"}, "true", "", {}}, o);
  EXPECT_TRUE(r.ok());
  EXPECT_FALSE(r.m.instructions.has_value());
}

TEST(FakeCounters, AttachesToTheRealChild) {
  FakeCounters counters(777);
  ProcessRunner runner(&counters);
  RunOptions o;
  o.count_instructions = true;
  RunOutcome r = runner.run(CommandSpec{{"true"}, "true", "", {}}, o);
  EXPECT_EQ(r.m.instructions, std::optional<double>(777));
  ASSERT_EQ(counters.attached.size(), 1u);
  EXPECT_GT(counters.attached[0], 0);
}

}  // namespace
}  // namespace hone
