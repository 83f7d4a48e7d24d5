#pragma once
// `hone init`: what kind of project a folder holds (Cargo, CMake, Meson, Go, Make) and the
// Google Benchmark programs already built in it, turned into a hone.toml that builds, tests and
// measures it. Reads files only; running a benchmark program to list its benchmarks goes
// through `list_tests`, a seam the tests replace.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hone::init {

struct Target {
  std::string name, command, kind = "command", comment;
};

struct Benchmark {
  std::string name, args, harness, target;  // target: the harness target it runs on, "" = every command target
};

struct Project {
  std::string system;              // "cargo", "cmake", "meson", "go", "make" or "" (none found)
  std::vector<std::string> found;  // what was detected, one line each, for the file's comments and the CLI
  std::string build, test;
  std::vector<Target> targets;
  std::vector<Benchmark> benchmarks;
};

// The names a Google Benchmark program lists with --benchmark_list_tests (one per line); empty
// when it cannot be run.
using ListTests = std::function<std::vector<std::string>(const std::filesystem::path& program)>;

Project detect(const std::filesystem::path& dir, const ListTests& list_tests);

// hone.toml for the project: the detected [project], [[benchmark]] and [target.*] with comments
// saying where each came from, then the documented defaults of every other section. With
// nothing detected, the generic starter.
std::string render_config(const std::string& name, const Project& p);

// `hone init --format json` (docs/json.md, "Init"): what was detected.
nlohmann::json project_json(const Project& p);

}  // namespace hone::init
