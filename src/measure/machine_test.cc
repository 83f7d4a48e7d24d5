#include "measure/machine.h"

#include <gtest/gtest.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

namespace hone {
namespace {

TEST(ProbeMachine, ReadsThisMachine) {
  MachineFacts f = probe_machine();
  EXPECT_EQ(f.cores, sysconf(_SC_NPROCESSORS_ONLN));
  EXPECT_GE(f.load1, 0);
  struct utsname u;
  ASSERT_EQ(uname(&u), 0);
  EXPECT_EQ(f.kernel, std::string(u.sysname) + " " + u.release);
  EXPECT_EQ(f.hostname, u.nodename);
  EXPECT_GT(f.memory, int64_t{16} << 20);  // MemTotal, in bytes: more than 16 MiB anywhere
  // The governor is there exactly when cpufreq is.
  bool has_cpufreq = std::ifstream("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").good();
  EXPECT_EQ(f.governor.empty(), !has_cpufreq) << f.governor;
#if defined(__x86_64__)
  EXPECT_FALSE(f.cpu_model.empty());  // x86 kernels always print "model name"
#endif
  // Trimmed: no stray blanks or newlines end up in the store.
  for (const std::string& s : {f.cpu_model, f.governor, f.kernel, f.hostname})
    if (!s.empty()) {
      EXPECT_NE(s.front(), ' ');
      EXPECT_NE(s.back(), '\n');
    }
}

}  // namespace
}  // namespace hone
