#pragma once
// Facts about the machine a run was measured on, recorded with every run so that numbers
// from different machines, loads or CPU governors are never compared unawares.
#include <cstdint>
#include <string>

namespace hone {

struct MachineFacts {
  std::string cpu_model;  // "Intel(R) Xeon(R) ...", or "" when /proc/cpuinfo does not say
  int cores = 0;          // online logical CPUs
  std::string governor;   // cpufreq scaling governor of cpu0, "" when there is none (VMs)
  double load1 = 0;       // one-minute load average
  std::string kernel;     // "Linux 6.1.0-18-amd64"
  std::string hostname;
  int64_t memory = 0;  // MemTotal of /proc/meminfo, in bytes; 0 when it cannot be read
};

// Reads /proc/cpuinfo, sysconf, cpufreq, /proc/loadavg and uname. Never throws: a fact that
// cannot be read is left empty or zero.
MachineFacts probe_machine();

}  // namespace hone
