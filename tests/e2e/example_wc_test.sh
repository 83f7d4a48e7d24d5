#!/usr/bin/env bash
# The bundled example: hone bench builds it (project.build = make), measures four inputs for
# ours and GNU wc, and finds the naive counter slower than wc.
source "$(dirname "$0")/common.sh"

cp -r "$SOURCE_DIR/examples/wc" wc
rm -rf wc/build wc/inputs wc/.hone wc/perf
cd wc
expect_status 0 "$HONE" bench --runs 3 --format json
cp out.txt b.json
expect_contains err.txt "building: make"
# Four whole-command benchmarks for ours and GNU wc, four micro-benchmarks for the Google
# Benchmark target (its own per-iteration times, three repetitions per run).
json_check b.json 'len(j["results"]) == 12 and len(j["comparisons"]) == 4'
json_check b.json '[(r["benchmark"], r["target"]) for r in j["results"]][:2] == [("short-lines","ours"),("short-lines","gnu-wc")]'
json_check b.json '{r["benchmark"] for r in j["results"] if r["target"] == "micro"} == {"count-short-lines","count-long-lines","count-small-words","count-utf8"}'
json_check b.json 'all(r["n"] == 9 and 1e-4 < r["median"] < 0.1 for r in j["results"] if r["target"] == "micro")'
json_check b.json 'all(c["baseline"] == "ours" and c["candidate"] == "gnu-wc" for c in j["comparisons"])'
# GNU wc is several times faster than the naive counter on every input.
json_check b.json 'all(c["ratio"] < 0.7 for c in j["comparisons"])'
expect_status 0 "$HONE" show 1 --format markdown
expect_contains out.txt "| Trace | Our Time | Competitor | Ratio |"
expect_contains out.txt "slower"
expect_contains out.txt "| Trace | micro |"
