// libFuzzer target: hone.toml text → parse_config. Any input must give a Config or a
// hone::Error (a located message), never a crash, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    hone::parse_config(text, "/tmp/hone-fuzz/hone.toml");
  } catch (const hone::Error&) {
  }
  return 0;
}
