#include "project/build_cache.h"

#include <cstdlib>
#include <system_error>

#include "util/error.h"

namespace hone {

namespace fs = std::filesystem;

namespace {

bool is_ccache_link(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_symlink(p, ec)) return false;
  fs::path target = fs::read_symlink(p, ec);
  return !ec && target.filename() == "ccache";
}

}  // namespace

std::optional<fs::path> ccache_links(const std::vector<fs::path>& folders) {
  std::vector<fs::path> tried = folders;
  if (const char* env = std::getenv("HONE_CCACHE_LINKS")) {
    tried.clear();
    if (*env != '\0') tried.emplace_back(env);
  }
  for (const fs::path& dir : tried)
    for (const char* compiler : {"cc", "gcc", "c++", "g++"})
      if (is_ccache_link(dir / compiler)) return dir;
  return std::nullopt;
}

BuildEnv build_env(const Config& cfg, const fs::path& top) {
  if (cfg.project.ccache == false) return {};
  std::optional<fs::path> links = ccache_links();
  if (!links) {
    if (cfg.project.ccache == true)
      fail(
          "{}: [project] ccache = true, but ccache is not installed (no folder of its compiler links such as "
          "/usr/lib/ccache): install it (Debian: apt install ccache), or set ccache = false",
          cfg.file.string());
    return {};
  }
  const char* path = std::getenv("PATH");
  std::string joined = links->string() + (path != nullptr && *path != '\0' ? ":" + std::string(path) : "");
  return {{"PATH", joined},
          {"CCACHE_BASEDIR", fs::absolute(top).lexically_normal().string()},
          {"CCACHE_NOHASHDIR", "true"}};
}

}  // namespace hone
