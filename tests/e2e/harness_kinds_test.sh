#!/usr/bin/env bash
# Harness targets through the whole pipeline: criterion output read from target/criterion,
# a regex over stdout, a hyperfine JSON imported as a run; malformed output is a clear error.
source "$(dirname "$0")/common.sh"

mkdir proj && cd proj
cp -r "$SOURCE_DIR/tests/fixtures/criterion/target" target
cat > hone.toml <<'TOML'
[project]
name = "harnesses"

[[benchmark]]
name = "spin"
harness = "spin 1000"
targets = ["crit"]

[[benchmark]]
name = "parse"
targets = ["rx"]

[target.crit]
kind = "criterion"
command = "true"

[target.rx]
kind = "regex"
command = "echo 'parse: 12.5 ms/op' 'parse: 12.7 ms/op' 'parse: 12.6 ms/op'"
pattern = 'parse: (?<value>[0-9.]+) ms'
unit = "ms"
TOML
expect_status 0 "$HONE" bench --runs 2 --format json
cp out.txt b.json
# criterion: 100 samples per run, per-iteration times in seconds (a ~45 µs spin loop).
json_check b.json '[(r["benchmark"], r["target"], r["n"]) for r in j["results"]] == [("spin","crit",200),("parse","rx",6)]'
json_check b.json '1e-6 < j["results"][0]["median"] < 1e-3'
json_check b.json 'abs(j["results"][1]["median"] - 0.0126) < 1e-9'

# A truncated criterion file is an error naming it.
f="target/criterion/spin 1000/new/sample.json"
head -c 100 "$f" > cut && mv cut "$f"
expect_status 2 "$HONE" bench --runs 1 --bench spin
expect_contains err.txt "sample.json"

# hyperfine's JSON becomes a run that show and compare understand.
expect_status 0 "$HONE" import "$SOURCE_DIR/tests/fixtures/hyperfine/two-commands.json" --format json
json_check out.txt 'len(j["results"]) == 2 and j["results"][1]["target"].endswith("#2") and j["results"][0]["n"] == 100'
expect_status 0 "$HONE" runs
expect_contains out.txt "import"
echo '{"results": [' > bad.json
expect_status 2 "$HONE" import bad.json
expect_contains err.txt "bad.json"
