// libFuzzer target: an agent's report file → loop::parse_agent_report. Never throws: every
// problem is recorded in the outcome.
#include <cstddef>
#include <cstdint>
#include <string>

#include "loop/agent_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  hone::loop::parse_agent_report(text, "report.json");
  return 0;
}
