#include "init/detect.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "config/config.h"

namespace hone::init {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "hone-detect-XXXXXX").string();
    path = mkdtemp(t.data());
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& text, bool exec = false) {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << text;
    if (exec) ::chmod((path / rel).c_str(), 0755);
  }
};

std::vector<std::string> no_tests(const fs::path&) { return {}; }

TEST(Detect, MakeDefaultGoalThroughAll) {
  TempDir d;
  d.write("Makefile", "CC=cc\nall: prog other\n\nprog: prog.c\n\tcc -o prog prog.c\ncheck: prog\n\t./prog\n");
  Project p = detect(d.path, no_tests);
  EXPECT_EQ(p.system, "make");
  EXPECT_EQ(p.build, "make");
  EXPECT_EQ(p.test, "make check");
  ASSERT_EQ(p.targets.size(), 1u);
  EXPECT_EQ(p.targets[0].command, "./prog {args}");
}

TEST(Detect, CargoBinaryAndCMakeSkipsTheBenchmarkExecutable) {
  TempDir c;
  c.write("Cargo.toml", "[package]\nname = \"fast-thing\"\nversion = \"0.1.0\"\n");
  c.write("src/main.rs", "fn main() {}\n");
  Project p = detect(c.path, no_tests);
  EXPECT_EQ(p.targets.at(0).command, "./target/release/fast-thing {args}");
  TempDir m;
  m.write("CMakeLists.txt",
          "add_executable(micro m.cc)\ntarget_link_libraries(micro PRIVATE benchmark::benchmark)\n"
          "add_executable(app a.c)\n");
  Project q = detect(m.path, no_tests);
  EXPECT_EQ(q.targets.at(0).command, "./build/app {args}");
  EXPECT_EQ(q.test, "");  // no add_test
}

TEST(Detect, GoogleBenchmarkProgramsInBuildFolders) {
  TempDir d;
  d.write("build/bench/micro", "ELF... --benchmark_list_tests ...", true);
  d.write("build/tool", "ELF... nothing", true);
  Project p = detect(d.path, [](const fs::path& prog) {
    EXPECT_EQ(prog.filename(), "micro");
    return std::vector<std::string>{"BM_A", "BM_B/8"};
  });
  ASSERT_EQ(p.targets.size(), 1u);
  EXPECT_EQ(p.targets[0].kind, "google-benchmark");
  EXPECT_THAT(p.targets[0].command, HasSubstr("./build/bench/micro --benchmark_filter=^{harness}$"));
  ASSERT_EQ(p.benchmarks.size(), 2u);
  EXPECT_EQ(p.benchmarks[1].name, "BM_B-8");
  EXPECT_EQ(p.benchmarks[1].harness, "BM_B/8");
  // The file it renders loads.
  std::string text = render_config("x", p);
  Config cfg = parse_config(text, d.path / "hone.toml");
  EXPECT_EQ(cfg.targets.size(), 1u);
  EXPECT_EQ(cfg.benchmarks.size(), 2u);
}

TEST(Detect, RenderedConfigsLoad) {
  TempDir d;
  d.write("meson.build", "project('t', 'c')\nexe = executable('t', 'main.c')\ntest('runs', exe)\n");
  Project p = detect(d.path, no_tests);
  std::string text = render_config("t \"quoted\"", p);
  Config cfg = parse_config(text, d.path / "hone.toml");
  EXPECT_EQ(cfg.project.name, "t \"quoted\"");
  EXPECT_EQ(cfg.project.test, "meson test -C build --print-errorlogs");
  EXPECT_EQ(cfg.targets.at(0).command, "./build/t {args}");
  TempDir empty;
  EXPECT_EQ(render_config("e", detect(empty.path, no_tests)), starter_config("e"));
}

}  // namespace
}  // namespace hone::init
