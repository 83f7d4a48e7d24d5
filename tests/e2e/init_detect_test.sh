#!/usr/bin/env bash
# hone init detects the project (Make, CMake, Cargo, Meson, Go, and Google Benchmark programs
# already built) and writes a hone.toml that works as written: `hone bench` builds and measures,
# the test command passes. A build command that needs a shell is refused at load with a fix.
source "$(dirname "$0")/common.sh"
export CARGO_NET_OFFLINE=true GOFLAGS=-mod=mod GOCACHE="$WORK/go-cache" GOPATH="$WORK/gopath"

# init_project KIND: copies the fixture, runs hone init, checks what it says and that the file
# works: the build, the test command and one bench with the detected targets.
init_project() {
  cp -r "$E2E_DIR/projects/init/$1" "$WORK/$1" && cd "$WORK/$1"
  expect_status 0 "$HONE" init --format json
  cp out.txt init.json
  json_documented init.json Init
  json_check init.json 'j["system"] == "'"$1"'" and j["path"] == "'"$PWD"'/hone.toml"'
  expect_status 0 "$HONE" bench --runs 2 --format json
  cp out.txt bench.json
  test_cmd=$(json init.json 'j["test"] or ""')
  if [[ -n $test_cmd ]]; then
    eval "$test_cmd" >test.log 2>&1 || { cat test.log; fail "$1: the detected test command '$test_cmd' fails"; }
  fi
}

init_project make
json_check init.json 'j["build"] == "make" and j["test"] == "make test"'
json_check init.json '[(t["name"], t["command"], t["kind"]) for t in j["targets"]] == [("ours", "./app {args}", "command")]'
json_check bench.json '[(r["benchmark"], r["target"], r["n"]) for r in j["results"]] == [("default", "ours", 2)]'
expect_contains hone.toml "# Written by \`hone init\`, which found:"
expect_contains hone.toml "#   Makefile: a Makefile"
expect_contains hone.toml "[measure]"
expect_status 2 "$HONE" init
expect_contains err.txt "hone.toml already exists; pass --force to overwrite it"

init_project cargo
json_check init.json 'j["build"] == "cargo build --release" and j["test"] == "cargo test --release"'
json_check init.json '[t["command"] for t in j["targets"]] == ["./target/release/tiny {args}"]'
json_check bench.json '[(r["target"], r["n"]) for r in j["results"]] == [("ours", 2)]'

if command -v go >/dev/null; then
  init_project go
  json_check init.json 'j["build"] == "go build -o build/tiny ." and j["test"] == "go test ./..."'
  json_check bench.json '[(r["target"], r["n"]) for r in j["results"]] == [("ours", 2)]'
else
  echo "SKIP go: not installed (scripts/setup.sh installs golang-go)"
fi

if command -v meson >/dev/null; then
  init_project meson
  json_check init.json '"meson compile -C build" in j["build"] and j["test"] == "meson test -C build --print-errorlogs"'
  json_check init.json '[t["command"] for t in j["targets"]] == ["./build/tiny {args}"]'
  json_check bench.json '[(r["target"], r["n"]) for r in j["results"]] == [("ours", 2)]'
else
  echo "SKIP meson: not installed (scripts/setup.sh installs meson)"
fi

# CMake, with a Google Benchmark program already built in build/: both become targets.

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j2 >/dev/null
cp -r "$E2E_DIR/projects/init/cmake" "$WORK/cmake-built" && cd "$WORK/cmake-built"
rm -rf build && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j2 >/dev/null
expect_status 0 "$HONE" init --format json
cp out.txt init.json
json_documented init.json Init
json_check init.json 'j["system"] == "cmake" and j["test"] == "ctest --test-dir build --output-on-failure"'
json_check init.json '[(t["name"], t["kind"]) for t in j["targets"]] == [("ours", "command"), ("micro", "google-benchmark")]'
json_check init.json '[(b["name"], b["harness"], b["target"]) for b in j["benchmarks"]] == [("default", "", None), ("BM_Sum", "BM_Sum", "micro"), ("BM_Shift-64", "BM_Shift/64", "micro")]'
expect_status 0 "$HONE" bench --runs 2 --format json
json_check out.txt '[(r["benchmark"], r["target"]) for r in j["results"]] == [("default", "ours"), ("BM_Sum", "micro"), ("BM_Shift-64", "micro")]'
expect_contains hone.toml "#   build/micro: a Google Benchmark program with 2 benchmarks"
# One build job per processor: `-j` alone lets make start all of them at once.
expect_contains hone.toml "cmake --build build -j\$(nproc)'"

# Nothing to detect: the generic starter.
mkdir "$WORK/empty" && cd "$WORK/empty"
expect_status 0 "$HONE" init
expect_contains out.txt "edit [[benchmark]] and [target.*]"
expect_contains hone.toml 'command = "./build/app {args}"'

# A build that needs a shell: refused when the file loads, with the fix.
printf '[project]\nname = "x"\nbuild = "cd bench && make"\n[[benchmark]]\nname = "a"\n[target.ours]\ncommand = "true"\n' > hone.toml
expect_status 2 "$HONE" bench
expect_contains err.txt "hone.toml:3:9: [project] build: 'cd' is a shell builtin, not a program, and hone runs commands without a shell; write build = \"make -C bench\", or build = \"sh -c 'cd bench && make'\" to run it in one"
