#!/usr/bin/env bash
# Environment padding (issue 10, Mytkowicz et al.): every measured run inherits HONE_PAD of a
# random length drawn from the seed, so stack alignment averages out; [measure] env_padding =
# false turns it off. The harness reports the length of the HONE_PAD it inherited, plus 1 (ratios need positive values), so the test
# reads exactly what each run got.
source "$(dirname "$0")/common.sh"

write_config() {
  cat > hone.toml <<TOML
[[benchmark]]
name = "pad"
targets = ["a", "b"]

[target.a]
kind = "regex"
command = "sh -c 'echo \"pad: \$((\${{#HONE_PAD}} + 1))\"'"
pattern = 'pad: (?<value>[0-9]+)'

[target.b]
kind = "regex"
command = "sh -c 'echo \"pad: \$((\${{#HONE_PAD}} + 1))\"'"
pattern = 'pad: (?<value>[0-9]+)'

[measure]
metric = "reported"
seed = 42
$1
TOML
}

write_config ""
expect_status 0 "$HONE" bench --runs 12 --format json
cp out.txt on.json
# 12 runs per target, each with its own length in [0, 4096) (reported + 1): both sides padded, lengths varied.
json_check on.json 'all(r["n"] == 12 for r in j["results"]) and len(j["results"]) == 2'
json_check on.json 'all(1 <= r["min"] < r["max"] <= 4096 for r in j["results"])'
json_check on.json 'j["results"][0]["median"] != j["results"][1]["median"]'
run=$(json on.json 'j["run_id"]')
expect_status 0 "$HONE" show "$run" --format json
json_check out.txt 'j["run"]["settings"]["env_pad"] == 4096'

# The same seed pads the same way: the lengths are a function of the seed, round and job.
expect_status 0 "$HONE" bench --runs 12 --format json
json_check out.txt "[r['median'] for r in j['results']] == $(json on.json '[r["median"] for r in j["results"]]')"

# Off: the programs inherit hone's environment as it is.
write_config "env_padding = false"
expect_status 0 "$HONE" bench --runs 4 --format json
json_check out.txt 'all(r["min"] == 1 and r["max"] == 1 for r in j["results"])'
run=$(json out.txt 'j["run_id"]')
expect_status 0 "$HONE" show "$run" --format json
json_check out.txt 'j["run"]["settings"]["env_pad"] == 0'
echo "ok"
