// libFuzzer target: a harness's output → every adapter (Google Benchmark JSON, criterion's
// sample.json and benchmark.json, hyperfine JSON, a regex over stdout). The first byte picks the
// adapter (and, for regex, splits pattern from output at the first newline). Only hone::Error
// may come out.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/adapters.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  using namespace hone::adapters;
  try {
    switch (data[0] % 6) {
      case 0: parse_google_benchmark(text, "fuzz", data[0] & 0x80); break;
      case 1: parse_criterion_sample(text, "fuzz"); break;
      case 2: parse_criterion_benchmark_id(text, "fuzz"); break;
      case 3: parse_hyperfine(text, "fuzz"); break;
      case 4: {
        const size_t nl = text.find('\n');
        if (nl == std::string_view::npos) break;
        parse_regex(text.substr(nl + 1), std::string(text.substr(0, nl)), "ms", "fuzz");
        break;
      }
      case 5: parse_regex(text, R"(.*elapsed: (?<value>[-+0-9.e]+) ?(ms)?)", "ms", "fuzz"); break;
    }
  } catch (const hone::Error&) {
  }
  return 0;
}
