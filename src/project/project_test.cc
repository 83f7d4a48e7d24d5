#include "project/project.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "util/error.h"

namespace hone {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class BuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::path(testing::TempDir()) / "hone-project-build-test";
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    cfg_.root = root_;
    cfg_.file = root_ / "hone.toml";
    cfg_.project.ours = "ours";
    cfg_.project.build = "sh build.sh";
  }
  void script(const std::string& text) { std::ofstream(root_ / "build.sh") << text; }
  std::string error_of_build() {
    try {
      build_project(cfg_);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }

  std::filesystem::path root_;
  Config cfg_;
};

TEST_F(BuildTest, ABuildThatWorksSaysNothing) {
  script("echo built > out.txt\n");
  EXPECT_EQ(error_of_build(), "");
  EXPECT_TRUE(std::filesystem::exists(root_ / "out.txt"));  // ran in the project's folder
}

TEST_F(BuildTest, AFailedBuildQuotesTheCompilersErrorLines) {
  // make prints its own "***" line and the compiler's error may come on stdout (ninja) or stderr.
  script(
      "echo 'cc -c count.c'\necho 'count.c:3:5: error: expected ; before }' >&2\n"
      "echo 'ld: count.o: undefined reference to tally'\necho 'make: *** [Makefile:3: count.o] Error 1' >&2\n"
      "exit 2\n");
  EXPECT_EQ(error_of_build(),
            "build command `sh build.sh` exited with status 2\n"
            "  ld: count.o: undefined reference to tally\n"
            "  count.c:3:5: error: expected ; before }");
}

TEST_F(BuildTest, AFailedBuildWithoutErrorLinesQuotesItsLastStderr) {
  script("echo 'something went wrong' >&2\nexit 1\n");
  std::string e = error_of_build();
  EXPECT_THAT(e, HasSubstr("build command `sh build.sh` exited with status 1\n--- its stderr (last lines) ---\n"));
  EXPECT_THAT(e, HasSubstr("something went wrong"));
}

TEST_F(BuildTest, ABuildThatCannotStartSaysWhy) {
  cfg_.project.build = "./no-such-build-tool";
  std::string e = error_of_build();
  EXPECT_THAT(e, HasSubstr("build command `./no-such-build-tool` cannot run"));
  EXPECT_THAT(e, Not(HasSubstr("--- its stderr")));
}

TEST_F(BuildTest, ACompetitorThatDoesNotBuildIsNamedWithTheCompilersErrorLines) {
  std::filesystem::create_directories(root_ / "rival");
  std::ofstream(root_ / "rival" / "build.sh") << "echo 'rival.c:1:1: error: nope' >&2\nexit 1\n";
  TargetConfig ours, rival, plain;
  ours.name = "ours";
  ours.build = "sh never-run.sh";  // ours is built by [project] build, not here
  rival.name = "rival";
  rival.build = "sh build.sh";
  rival.dir = (root_ / "rival").string();
  plain.name = "plain";  // no build of its own
  cfg_.targets = {ours, plain, rival};
  try {
    build_competitors(cfg_);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), fmt::format("{}: [target.rival] build `sh build.sh` (in {}) exited with status 1\n"
                                                 "  rival.c:1:1: error: nope",
                                                 cfg_.file.string(), (root_ / "rival").string()));
  }
  std::ofstream(root_ / "rival" / "build.sh") << "true\n";
  EXPECT_EQ(build_competitors(cfg_), 1);
}

}  // namespace
}  // namespace hone
