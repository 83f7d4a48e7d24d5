#include "loop/io.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/files.h"

namespace hone::loop::io {

namespace fs = std::filesystem;

std::string trim(std::string s) {
  size_t e = s.find_last_not_of(" \t\r\n");
  s.erase(e == std::string::npos ? 0 : e + 1);
  size_t b = s.find_first_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b);
}

std::string read_file(const fs::path& p) {
  try {
    return read_file_if_exists(p, 16 * kMiB, "file hone reads").value_or("");
  } catch (const Error& e) {
    if (std::string_view(e.what()).starts_with("cannot read")) return "";
    throw;  // too large: say so
  }
}

void write_file(const fs::path& p, const std::string& text) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  write_file_checked(p, text);
}

std::string last_lines(const std::string& text, int n) {
  std::vector<std::string> lines;
  std::istringstream in(trim(text));
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  size_t from = lines.size() > static_cast<size_t>(n) ? lines.size() - n : 0;
  std::string out;
  for (size_t i = from; i < lines.size(); ++i) out += (i > from ? " | " : "") + lines[i];
  return out;
}

std::string short12(const std::string& c) { return c.substr(0, 12); }

}  // namespace hone::loop::io
