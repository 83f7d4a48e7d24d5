#!/usr/bin/env bash
# Issue 12: `hone history` shows ours' stored runs along main's first-parent history, marks the
# commit where a planted 20% regression entered (and nothing else), leaves out runs of a dirty
# tree, and keeps the runs of another machine apart; the HTML page draws the trend.
# Measured in instructions (callgrind: exact), so the change and the non-changes are exact.
source "$(dirname "$0")/common.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 0; }
mkdir proj && cd proj
git init -q -b main
cat >hone.toml <<'TOML'
[project]
name = "history"

[[benchmark]]
name = "loop"
args = "1000000"

[[benchmark]]
name = "other"
args = "500000"

[target.ours]
command = "spin {args}"

[measure]
metric = "instructions"

[criteria]
regression = "5%"
TOML
git add hone.toml
git_commit "first"
expect_status 0 "$HONE" bench
echo "# a comment" >>hone.toml
git_commit "a comment"
expect_status 0 "$HONE" bench
sed -i 's/args = "1000000"/args = "1200000"/' hone.toml
git_commit "planted: loop does 20% more work"
expect_status 0 "$HONE" bench
regressed=$(git rev-parse HEAD)
echo "# another" >>hone.toml
git_commit "another comment"
expect_status 0 "$HONE" bench
# A dirty tree's run is not a commit's.
sed -i 's/args = "500000"/args = "900000"/' hone.toml
expect_status 0 "$HONE" bench
git checkout -q hone.toml

expect_status 0 "$HONE" history
cp out.txt history.txt
expect_contains history.txt "loop · instructions · "
expect_contains history.txt "other · instructions · "
expect_contains history.txt "← slower beyond ±5%"
[[ $(grep -c "← slower" history.txt) == 1 ]] || { cat history.txt; fail "exactly one change expected"; }
grep "← slower" history.txt | grep -q "${regressed:0:10}" || { cat history.txt; fail "the change is not at $regressed"; }
grep "← slower" history.txt | grep -q "planted: loop does 20% more work" || fail "the change's subject"

# docs/commands.md shows `hone history --bench loop` as it prints it (commit ids and the machine aside).
expect_status 0 "$HONE" history --bench loop
python3 - "$SOURCE_DIR/docs/commands.md" out.txt <<'PY' || fail "docs/commands.md's hone history example is not what hone prints"
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
cmd = "$ hone history --bench loop\n"
start = doc.index(cmd) + len(cmd)
shown = doc[start:doc.index("```", start)]
got = open(sys.argv[2], encoding="utf-8").read()
def norm(t):
    t = re.sub(r"\b[0-9a-f]{10}\b", "<commit>", t)
    return re.sub(r"(?m)^loop · instructions · .*$", "loop · instructions · <machine>", t)
if norm(shown) != norm(got):
    sys.exit("--- docs:\n" + shown + "--- hone:\n" + got)
PY

expect_status 0 "$HONE" history --format json
cp out.txt history.json
json_documented history.json History
json_check history.json "len(j['series']) == 2 and [s['benchmark'] for s in j['series']] == ['loop', 'other']"
json_check history.json "all(len(s['points']) == 4 for s in j['series'])"
json_check history.json "j['bound'] == 0.05 and j['target'] == 'ours'"
json_check history.json "[p['change'] and p['change']['verdict'] for p in j['series'][0]['points']] == [None, None, 'slower', None]"
json_check history.json "j['series'][0]['points'][2]['commit'] == '$regressed'"
json_check history.json "1.15 < j['series'][0]['points'][2]['change']['ratio'] < 1.25"
json_check history.json "j['series'][0]['points'][2]['change']['ci'][0] > 1.05"
json_check history.json "all(p['change'] is None or p['change']['verdict'] is None for p in j['series'][1]['points'])"

expect_status 0 "$HONE" history --bench other --format json
json_check out.txt "[s['benchmark'] for s in j['series']] == ['other']"
expect_status 2 "$HONE" history --bench nope
expect_contains err.txt "--bench nope: no such benchmark"
expect_contains err.txt "loop, other"

# Another machine's run of the newest commit makes a series of its own.
last=$("$HONE" runs --format json | python3 -c 'import json,sys; print([r for r in json.load(sys.stdin) if not r["dirty"]][0]["id"])')
python3 - "$last" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(".hone/hone.db")
m = json.loads(db.execute("select machine from runs where id = ?", (sys.argv[1],)).fetchone()[0])
m["hostname"] = "elsewhere"
if "id" in m:  # a run recorded with a machine id (fleet/machine_id.h) is told apart by it
    m["name"], m["id"] = "elsewhere", "0123456789ab"
db.execute("update runs set machine = ? where id = ?", (json.dumps(m), sys.argv[1]))
db.commit()
PY
expect_status 0 "$HONE" history --bench loop --format json
json_check out.txt "len(j['series']) == 2 and len({s['machine'] for s in j['series']}) == 2"
json_check out.txt "sorted(len(s['points']) for s in j['series']) == [1, 3]"
json_check out.txt "[s for s in j['series'] if s['machine'].startswith('elsewhere ·')][0]['points'][0]['change'] is None"

# The HTML page draws each series as a trend, the change ringed.
expect_status 0 "$HONE" show "$last" --html page.html
python3 - <<'PY' || fail "the trends section"
import re, sys
t = open("page.html", encoding="utf-8").read()
s = t[t.index('<section id="trends">'):]
s = s[:s.index("</section>")]
figs = re.findall(r'<figure class="trend" data-benchmark="([^"]+)"', s)
assert sorted(figs) == ["loop", "loop", "other", "other"], figs  # two machines each
assert s.count('class="point change"') == 1, s.count('class="point change"')
assert 'class="ring slower"' in s
assert "planted: loop does 20% more work" in s
PY
echo "PASS: history marks the planted regression and keeps machines apart"
