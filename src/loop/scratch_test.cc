#include "loop/scratch.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace hone::loop {
namespace {

namespace fs = std::filesystem;

TEST(Scratch, MatchesNamesAndPrefixes) {
  EXPECT_TRUE(scratch_matches(".aider.tags.cache.v4", ".aider.tags.cache.v*"));
  EXPECT_TRUE(scratch_matches(".aider.tags.cache.v3", ".aider.tags.cache.v*"));
  EXPECT_FALSE(scratch_matches(".aider.tags.cache.v", ".aider.tags.cache.v*"));  // the prefix alone
  EXPECT_FALSE(scratch_matches("src", ".aider.tags.cache.v*"));
  EXPECT_TRUE(scratch_matches("cache.db", "cache.db"));
  EXPECT_FALSE(scratch_matches("cache.db2", "cache.db"));
  EXPECT_FALSE(scratch_matches("x", "*"));  // never everything
  EXPECT_FALSE(scratch_matches("x", ""));
}

class ScratchFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / fmt::format("hone-scratch-{}", getpid());
    fs::remove_all(root);
    fs::create_directories(root / "wt" / ".aider.tags.cache.v4");
    std::ofstream(root / "wt" / ".aider.tags.cache.v4" / "cache.db") << "x";
    std::ofstream(root / "wt" / ".aider.tags.cache.v3") << "tracked";
    std::ofstream(root / "wt" / "main.cc") << "int main() {}";
  }
  void TearDown() override { fs::remove_all(root); }
  fs::path root;
};

TEST_F(ScratchFiles, MovesUntrackedMatchesOnly) {
  auto tracked = [](const std::string& name) { return name == ".aider.tags.cache.v3"; };
  std::vector<std::string> moved =
      move_scratch(root / "wt", {".aider.tags.cache.v*"}, root / "logs" / "agent-x-1.scratch", tracked);
  ASSERT_EQ(moved, std::vector<std::string>{".aider.tags.cache.v4"});
  EXPECT_TRUE(fs::exists(root / "logs" / "agent-x-1.scratch" / ".aider.tags.cache.v4" / "cache.db"));
  EXPECT_FALSE(fs::exists(root / "wt" / ".aider.tags.cache.v4"));
  EXPECT_TRUE(fs::exists(root / "wt" / ".aider.tags.cache.v3"));  // tracked: the project's
  EXPECT_TRUE(fs::exists(root / "wt" / "main.cc"));

  // A second attempt's cache lands beside the first, not over it.
  fs::create_directories(root / "wt" / ".aider.tags.cache.v4");
  moved = move_scratch(root / "wt", {".aider.tags.cache.v*"}, root / "logs" / "agent-x-1.scratch", tracked);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_TRUE(fs::exists(root / "logs" / "agent-x-1.scratch" / ".aider.tags.cache.v4.2"));
}

TEST_F(ScratchFiles, NoPatternsNoMoves) {
  EXPECT_TRUE(move_scratch(root / "wt", {}, root / "logs", [](const std::string&) { return false; }).empty());
  EXPECT_FALSE(fs::exists(root / "logs"));
}

}  // namespace
}  // namespace hone::loop
