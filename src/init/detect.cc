#include "init/detect.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "config/config.h"
#include "util/words.h"

namespace hone::init {

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The first capture of `re` in text, or "".
std::string first_match(const std::string& text, const std::string& re) {
  std::smatch m;
  if (std::regex_search(text, m, std::regex(re))) return m[1].str();
  return "";
}

std::vector<std::string> all_matches(const std::string& text, const std::string& re) {
  std::vector<std::string> out;
  std::regex r(re);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), r); it != std::sregex_iterator(); ++it)
    if (std::find(out.begin(), out.end(), (*it)[1].str()) == out.end()) out.push_back((*it)[1].str());
  return out;
}

// A hone benchmark name (letters, digits, '_', '.', '-') for a harness's benchmark name.
std::string bench_name(const std::string& harness) {
  std::string out;
  for (char c : harness)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-') ? c : '-';
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "bench" : out;
}

void ours(Project& p, const std::string& program, const std::string& why) {
  p.targets.push_back({"ours", fmt::format("{} {{args}}", program), "command", why});
}

void cargo(const fs::path& dir, Project& p) {
  std::string toml = read(dir / "Cargo.toml");
  std::string name = first_match(toml, R"(\[package\][^\[]*?\bname\s*=\s*"([^"]+)\")");
  p.system = "cargo";
  p.build = "cargo build --release";
  p.test = "cargo test --release";
  p.found.push_back(fmt::format("Cargo.toml: the Rust crate '{}'", name));
  std::vector<std::string> bins = all_matches(toml, R"(\[\[bin\]\][^\[]*?\bname\s*=\s*"([^"]+)\")");
  if (bins.empty() && fs::exists(dir / "src" / "main.rs")) bins.push_back(name);
  if (!bins.empty())
    ours(p, "./target/release/" + bins[0],
         fmt::format("the crate's binary '{}', built by cargo build --release", bins[0]));
}

void cmake(const fs::path& dir, Project& p) {
  std::string text = read(dir / "CMakeLists.txt");
  p.system = "cmake";
  // Configure (idempotent, quick once done) and build: each attempt's worktree starts without build/.
  // -j alone would let make start every job at once; one per processor instead.
  p.build = "sh -c 'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j$(nproc)'";
  if (std::regex_search(text, std::regex(R"(\b(add_test|gtest_discover_tests|catch_discover_tests)\s*\()")))
    p.test = "ctest --test-dir build --output-on-failure";
  std::vector<std::string> exes = all_matches(text, R"(\badd_executable\s*\(\s*([A-Za-z0-9_.+-]+))");
  p.found.push_back(fmt::format("CMakeLists.txt: a CMake project{}",
                                exes.empty() ? "" : ", executables " + fmt::format("{}", fmt::join(exes, ", "))));
  std::set<std::string> benchy;
  for (const std::string& e : exes)
    if (std::regex_search(
            text, std::regex("target_link_libraries\\s*\\(\\s*" + std::regex_replace(e, std::regex(R"([.+])"), "\\$&") +
                             R"(\b[^)]*benchmark)")))
      benchy.insert(e);
  for (const std::string& e : exes)
    if (!benchy.count(e)) {
      ours(p, "./build/" + e, fmt::format("the executable '{}' of CMakeLists.txt", e));
      break;
    }
}

void meson(const fs::path& dir, Project& p) {
  std::string text = read(dir / "meson.build");
  p.system = "meson";
  p.build = "sh -c 'test -d build || meson setup build --buildtype=release; meson compile -C build'";
  if (std::regex_search(text, std::regex(R"(\btest\s*\()"))) p.test = "meson test -C build --print-errorlogs";
  std::vector<std::string> exes = all_matches(text, R"(\bexecutable\s*\(\s*'([^']+)')");
  p.found.push_back(fmt::format("meson.build: a Meson project{}",
                                exes.empty() ? "" : ", executables " + fmt::format("{}", fmt::join(exes, ", "))));
  if (!exes.empty()) ours(p, "./build/" + exes[0], fmt::format("the executable '{}' of meson.build", exes[0]));
}

void go(const fs::path& dir, Project& p) {
  std::string mod = first_match(read(dir / "go.mod"), R"(\bmodule\s+(\S+))");
  std::string name = mod.substr(mod.find_last_of('/') + 1);
  p.system = "go";
  p.test = "go test ./...";
  p.found.push_back(fmt::format("go.mod: the Go module {}", mod));
  bool main_pkg = false;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".go" && e.path().filename().string().find("_test.go") == std::string::npos &&
        std::regex_search(read(e.path()), std::regex(R"((^|\n)package main\b)")))
      main_pkg = true;
  if (main_pkg) {
    p.build = fmt::format("go build -o build/{} .", name);
    ours(p, "./build/" + name, fmt::format("the module's main package, built to build/{}", name));
  } else {
    p.build = "go build ./...";
  }
}

void make(const fs::path& dir, const fs::path& file, Project& p) {
  std::string text = read(file);
  p.system = "make";
  p.build = "make";
  p.found.push_back(fmt::format("{}: a Makefile", file.filename().string()));
  if (std::regex_search(text, std::regex(R"((^|\n)test\s*:)")))
    p.test = "make test";
  else if (std::regex_search(text, std::regex(R"((^|\n)check\s*:)")))
    p.test = "make check";
  // The default goal: the first rule's target; for `all`, its first prerequisite.
  std::smatch m;
  std::string goal;
  if (std::regex_search(text, m, std::regex(R"((?:^|\n)([A-Za-z0-9_./-]+)\s*:(?!=)([^\n]*))"))) {
    goal = m[1].str();
    if (goal == "all") {
      std::vector<std::string> pre = split_words(m[2].str());
      goal = pre.empty() ? "" : pre[0];
    }
  }
  if (!goal.empty() && goal.find('.') != 0 && goal != "clean")
    ours(p, "./" + goal, fmt::format("the Makefile's default goal '{}'", goal));
  (void)dir;
}

bool executable(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR) && st.st_size < (256 << 20);
}

// Executables under the usual build folders that carry Google Benchmark (its flags, or its
// shared library).
std::vector<fs::path> gbench_programs(const fs::path& dir) {
  std::vector<fs::path> roots;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string n = e.path().filename().string();
    if (e.is_directory() && (n.rfind("build", 0) == 0 || n.rfind("cmake-build", 0) == 0 || n == "out" || n == "bin"))
      roots.push_back(e.path());
  }
  if (fs::is_directory(dir / "target" / "release")) roots.push_back(dir / "target" / "release");
  std::sort(roots.begin(), roots.end());
  std::vector<fs::path> out;
  int looked = 0;
  for (const fs::path& r : roots) {
    for (auto it = fs::recursive_directory_iterator(r, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator() && looked < 400; it.increment(ec)) {
      if (it.depth() > 3 || it->path().filename() == "CMakeFiles") {
        it.disable_recursion_pending();
        continue;
      }
      if (!executable(it->path())) continue;
      ++looked;
      // Linked statically, the flag's name is in the program; dynamically, the library's is.
      std::string bytes = read(it->path());
      if (bytes.find("benchmark_list_tests") != std::string::npos || bytes.find("libbenchmark.so") != std::string::npos)
        out.push_back(it->path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Project detect(const fs::path& dir, const ListTests& list_tests) {
  Project p;
  if (fs::exists(dir / "Cargo.toml"))
    cargo(dir, p);
  else if (fs::exists(dir / "CMakeLists.txt"))
    cmake(dir, p);
  else if (fs::exists(dir / "meson.build"))
    meson(dir, p);
  else if (fs::exists(dir / "go.mod"))
    go(dir, p);
  else
    for (const char* f : {"GNUmakefile", "makefile", "Makefile"})
      if (fs::exists(dir / f)) {
        make(dir, dir / f, p);
        break;
      }
  if (!p.targets.empty()) p.benchmarks.push_back({"default", "", "", ""});

  std::set<std::string> names;
  for (const fs::path& prog : gbench_programs(dir)) {
    std::vector<std::string> tests = list_tests(prog);
    if (tests.empty()) continue;
    std::string rel = fs::relative(prog, dir).string();
    std::string target = bench_name(prog.filename().string());
    if (target == "ours" || names.count(target)) target += "-bench";
    names.insert(target);
    p.found.push_back(fmt::format("{}: a Google Benchmark program with {} benchmarks", rel, tests.size()));
    p.targets.push_back(
        {target,
         fmt::format("./{} --benchmark_filter=^{{harness}}$ --benchmark_format=json --benchmark_repetitions=5", rel),
         "google-benchmark", fmt::format("Google Benchmark program {}; each repetition is one sample", rel)});
    std::set<std::string> used;
    for (size_t i = 0; i < tests.size() && i < 20; ++i) {
      std::string n = bench_name(tests[i]);
      while (used.count(n)) n += "-2";
      used.insert(n);
      p.benchmarks.push_back({n, "", tests[i], target});
    }
  }
  return p;
}

namespace {

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string render_config(const std::string& name, const Project& p) {
  std::string generic = starter_config(name);
  if (p.system.empty() && p.targets.empty()) return generic;
  std::string out =
      "# hone.toml: what hone measures and how. Reference: docs/config.md.\n# Written by `hone init`, which found:\n";
  for (const std::string& f : p.found) out += "#   " + f + "\n";
  out +=
      "# Commands run without a shell (use sh -c '...' for &&, pipes or cd); {args} and {harness}\n"
      "# are replaced by whole words.\n\n[project]\n";
  out += fmt::format("name = {}\n", toml_string(name));
  out += p.build.empty()
             ? "# build = \"\"                         # nothing found to build\n"
             : fmt::format("build = {}    # run in each revision's worktree before measuring\n", toml_string(p.build));
  out += p.test.empty() ? "# test = \"\"                          # the correctness gate: no tests found\n"
                        : fmt::format("test = {}    # must pass before a change is kept\n", toml_string(p.test));
  out += "artifacts = \"perf\"                     # where WORKLOG.md and research/ are written\n\n";
  out +=
      "# One [[benchmark]] per row of the tables: args replaces {args} in command targets; a\n"
      "# benchmark with `targets` runs on those (harness) targets only, `harness` naming it there.\n";
  for (const Benchmark& b : p.benchmarks) {
    out += fmt::format("[[benchmark]]\nname = {}\n", toml_string(b.name));
    if (b.target.empty())
      out += fmt::format("args = {}                              # the input to measure ours on: edit\n",
                         toml_string(b.args));
    else
      out += fmt::format("harness = {}\ntargets = [{}]\n", toml_string(b.harness), toml_string(b.target));
    out += "\n";
  }
  for (const Target& t : p.targets) {
    out += fmt::format("# {}\n[target.{}]\ncommand = {}\n", t.comment, t.name, toml_string(t.command));
    if (t.kind != "command") out += fmt::format("kind = {}\n", toml_string(t.kind));
    out += "\n";
  }
  out +=
      "# A competitor is one more target: a fixed command, not rebuilt, e.g.\n"
      "# [target.competitor]\n# command = \"/usr/bin/other-app {args}\"\n\n";
  size_t rest = generic.find("\n[measure]");
  if (rest != std::string::npos) out += generic.substr(rest + 1);
  return out;
}

nlohmann::json project_json(const Project& p) {
  nlohmann::json targets = nlohmann::json::array(), benchmarks = nlohmann::json::array();
  for (const Target& t : p.targets) targets.push_back({{"name", t.name}, {"command", t.command}, {"kind", t.kind}});
  for (const Benchmark& b : p.benchmarks)
    benchmarks.push_back({{"name", b.name},
                          {"harness", b.harness},
                          {"target", b.target.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.target)}});
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  return {{"system", opt(p.system)}, {"found", p.found},   {"build", opt(p.build)},
          {"test", opt(p.test)},     {"targets", targets}, {"benchmarks", benchmarks}};
}

}  // namespace hone::init
