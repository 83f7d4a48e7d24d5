#include "project/build_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "util/error.h"

namespace hone {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class BuildCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hone_build_cache_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "links");
    fs::create_directories(dir_ / "plain");
    std::ofstream(dir_ / "ccache") << "#!/bin/sh\n";
    fs::create_symlink(dir_ / "ccache", dir_ / "links" / "gcc");
    std::ofstream(dir_ / "plain" / "gcc") << "#!/bin/sh\n";  // a compiler, not a link to ccache
    const char* old = std::getenv("HONE_CCACHE_LINKS");
    if (old != nullptr) saved_ = old;
  }
  void TearDown() override {
    if (saved_)
      ::setenv("HONE_CCACHE_LINKS", saved_->c_str(), 1);
    else
      ::unsetenv("HONE_CCACHE_LINKS");
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::optional<std::string> saved_;
};

TEST_F(BuildCacheTest, FindsTheFolderOfCompilerLinksToCcache) {
  ::unsetenv("HONE_CCACHE_LINKS");
  EXPECT_EQ(ccache_links({dir_ / "missing", dir_ / "plain", dir_ / "links"}), dir_ / "links");
  EXPECT_EQ(ccache_links({dir_ / "plain"}), std::nullopt);
  // The override is the only folder tried; empty means none.
  ::setenv("HONE_CCACHE_LINKS", (dir_ / "links").c_str(), 1);
  EXPECT_EQ(ccache_links({}), dir_ / "links");
  ::setenv("HONE_CCACHE_LINKS", "", 1);
  EXPECT_EQ(ccache_links({dir_ / "links"}), std::nullopt);
}

TEST_F(BuildCacheTest, EnvPutsTheLinksFirstAndTheCheckoutAsBaseDir) {
  ::setenv("HONE_CCACHE_LINKS", (dir_ / "links").c_str(), 1);
  Config cfg;
  cfg.file = "/p/hone.toml";
  BuildEnv env = build_env(cfg, "/p/.hone/worktrees/x/../x");
  ASSERT_EQ(env.size(), 3u);
  EXPECT_EQ(env[0].first, "PATH");
  EXPECT_EQ(env[0].second.rfind((dir_ / "links").string() + ":", 0), 0u) << env[0].second;
  EXPECT_EQ(env[1], (std::pair<std::string, std::string>{"CCACHE_BASEDIR", "/p/.hone/worktrees/x"}));
  EXPECT_EQ(env[2], (std::pair<std::string, std::string>{"CCACHE_NOHASHDIR", "true"}));

  cfg.project.ccache = false;
  EXPECT_TRUE(build_env(cfg, "/p").empty());
  cfg.project.ccache = true;
  EXPECT_EQ(build_env(cfg, "/p").size(), 3u);
}

TEST_F(BuildCacheTest, WithoutCcacheUnsetIsOffAndTrueIsAnErrorNamingTheKey) {
  ::setenv("HONE_CCACHE_LINKS", "", 1);
  Config cfg;
  cfg.file = "/p/hone.toml";
  EXPECT_TRUE(build_env(cfg, "/p").empty());
  cfg.project.ccache = true;
  try {
    build_env(cfg, "/p");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("/p/hone.toml: [project] ccache = true, but ccache is not installed"));
  }
}

}  // namespace
}  // namespace hone
