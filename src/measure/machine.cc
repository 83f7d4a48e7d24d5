#include "measure/machine.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <string_view>

namespace hone {
namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// The value of the first "key : value" line of /proc/cpuinfo whose key is one of keys, tried
// in order (x86 says "model name"; arm64 kernels say "Model name" or only "CPU part").
std::string cpuinfo_value(std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      if (trim(std::string_view(line).substr(0, colon)) == key) return trim(std::string_view(line).substr(colon + 1));
    }
  }
  return "";
}

std::string first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return trim(line);
}

}  // namespace

MachineFacts probe_machine() {
  MachineFacts f;
  f.cpu_model = cpuinfo_value({"model name", "Model name", "Hardware", "cpu model", "CPU part"});
  long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  f.cores = n > 0 ? static_cast<int>(n) : 0;
  f.governor = first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  std::ifstream loadavg("/proc/loadavg");
  if (!(loadavg >> f.load1)) f.load1 = 0;
  struct utsname u;
  if (::uname(&u) == 0) {
    f.kernel = std::string(u.sysname) + " " + u.release;
    f.hostname = u.nodename;
  }
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  int64_t kib = 0;
  while (meminfo >> key >> kib) {
    if (key == "MemTotal:") {
      f.memory = kib * 1024;
      break;
    }
    meminfo.ignore(1 << 10, '\n');
  }
  return f;
}

}  // namespace hone
