#!/usr/bin/env bash
# Issue 12: `hone report --html` and `hone show N --html` write one self-contained page that
# headless Chromium opens with no console error and no request, showing every section: the
# baseline table, strip plots, the forest of ratios, drift, the loop's attempts (kept, slow,
# rejected), start → end, the history and the flame graph links; no element is wider than a
# phone's screen. Screenshots at phone and desktop width (light and dark) are left in
# $HONE_HTML_SHOTS when it is set, for a person to look at.
# Measured by the model of tests/e2e/loop/model.toml (each run reports its own time, a function
# of the code, here spread ±3% along a fixed sequence), with GNU wc as a second model target:
# every outcome is the same on a loaded machine, and nothing is built. The profile is callgrind's (exact counts).
LOOP_CONFIG=model.toml
source "$(dirname "$0")/loop_common.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 0; }
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -n "$CHROMIUM" ]] || { echo "SKIP: chromium is not installed (scripts/setup.sh installs it)"; exit 0; }

make_loop_repo
# Both benchmarks on ours and on a GNU wc that takes 4 ms (2.5x faster than ours' 10 ms). Each
# run's time is spread by ±3% along a fixed sequence (the fractional parts of k times the golden
# ratio, k counting runs in $WORK/runs), so the plots have a spread to draw, the same every time.
cat >spread.sh <<'SH'
k=$(cat "$HONE_SPREAD" 2>/dev/null || echo 0)
echo $((k + 1)) >"$HONE_SPREAD"
awk -v t="$1" -v k="$k" -v a="$2" 'BEGIN { f = (k + 1) * 0.6180339887; f -= int(f); printf "time: %.4f ms (%s)\n", t * (0.97 + 0.06 * f), a }'
SH
echo 'sh spread.sh "$(sh model.sh "$1" | sed -n "s/time: \([0-9.]*\) ms.*/\1/p")" "$1"' >ours-model.sh
echo 'sh spread.sh 4 "$1"' >gnu-model.sh
export HONE_SPREAD="$WORK/runs"
python3 - <<'PY2'
t = open("hone.toml").read()
t = t.replace('targets = ["ours"]', 'targets = ["ours", "gnu-wc"]')
t = t.replace('command = "sh model.sh {args}"', 'command = "sh ours-model.sh {args}"')
t = t.replace("[measure]\n", """[target.gnu-wc]
kind = "regex"
command = "sh gnu-model.sh {args}"
pattern = 'time: (?<value>[0-9.]+) ms'
unit = "ms"

[measure]
""", 1)
open("hone.toml", "w").write(t)
PY2
git add -A
git_commit "gnu-wc model"
expect_status 0 "$HONE" baseline

kept=$(add_candidate "Range tests")
slow=$(add_candidate "Comment only")
rejected=$(add_candidate "Smaller inputs")
expect_status 0 "$HONE" run "$kept"
expect_contains out.txt "#$kept Range tests: kept"
expect_status 0 "$HONE" run "$slow"
expect_contains out.txt "#$slow Comment only: slow"
expect_status 0 "$HONE" run "$rejected"
expect_contains out.txt "#$rejected Smaller inputs: rejected"
expect_status 0 "$HONE" profile utf8 --metric instructions
flame=$(ls perf/research/*-profile-utf8.svg)

set +e
"$HONE" report --html out/report.html >report.txt 2>report.err
status=$?
set -e
[[ $status == 0 || $status == 1 ]] || { cat report.err; fail "hone report exited $status"; }
expect_contains report.err "hone: wrote the HTML report out/report.html"
[[ -s out/report.html ]] || fail "no out/report.html"
if [[ -n "${HONE_HTML_SHOTS:-}" ]]; then mkdir -p "$HONE_HTML_SHOTS" && cp -r out perf "$HONE_HTML_SHOTS/"; fi
final_run=$("$HONE" runs --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
expect_status 0 "$HONE" show "$final_run" --html show.html
expect_contains err.txt "hone: wrote the HTML page show.html"
expect_contains out.txt "ours@start"

# Self-contained: no script, nothing fetched (escaping is unit-tested: names here are plain).
for f in out/report.html show.html; do
  expect_not_contains "$f" "<script"
  python3 - "$f" <<'PY' || fail "$f refers to the network"
import re, sys
t = open(sys.argv[1], encoding="utf-8").read().replace("http://www.w3.org/2000/svg", "")
sys.exit(1 if re.search(r"https?:|//[a-z]", t) else 0)
PY
done

# browse URL OUT [FLAGS...]: the DOM after load, and every console message on OUT.err.
browse() {
  local url=$1 out=$2; shift 2
  local profile_dir
  profile_dir="$(mktemp -d "$WORK/chromium.XXXXXX")"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-extensions \
    --enable-logging=stderr --v=0 --user-data-dir="$profile_dir" --virtual-time-budget=3000 "$@" \
    --dump-dom "$url" >"$out" 2>"$out.err" || { cat "$out.err"; fail "chromium could not load $url"; }
}

browse "file://$WORK/wc/out/report.html" dom.html
if grep -a "CONSOLE" dom.html.err; then fail "console messages while loading the report"; fi
if grep -ai "Content Security Policy\|Refused to" dom.html.err; then fail "the page tried to load something"; fi

bench_count=2
python3 - dom.html "$bench_count" "$flame" <<'PY' || fail "the report's DOM misses something"
import html.parser, sys, os
dom = open(sys.argv[1], encoding="utf-8").read()
benches, flame = int(sys.argv[2]), sys.argv[3]

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections, self.stack, self.els = {}, [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.stack.append(a["id"])
            self.sections[a["id"]] = []
        self.els.append((tag, a, self.stack[-1] if self.stack else None))
    def handle_endtag(self, tag):
        if tag == "section":
            self.stack.pop()
    def handle_data(self, d):
        if self.stack:
            self.sections[self.stack[-1]].append(d)

p = P()
p.feed(dom)
def els(section, tag, **want):
    return [a for t, a, s in p.els if s == section and t == tag and all(a.get(k) == v for k, v in want.items())]
def txt(section):
    return " ".join(p.sections.get(section, []))
problems = []
def check(cond, what):
    if not cond:
        problems.append(what)

for s in ["summary", "baseline", "results", "distributions", "forest", "drift", "loop", "start-end", "trends", "flames"]:
    check(s in p.sections, f"section {s}")
check("ours" in txt("baseline") and "gnu-wc" in txt("baseline"), "baseline table names ours and gnu-wc")
check(len(els("baseline", "tr")) == 1 + 2 * benches, f"baseline rows: {len(els('baseline', 'tr'))}")
check(len(els("distributions", "figure", **{"class": "strip"})) == benches, "a strip plot per benchmark")
check(len(els("distributions", "circle")) >= 2 * benches, "samples drawn")
check(len([a for a in els("distributions", "line") if a.get("class") == "med"]) >= 2 * benches, "medians drawn")
check(len(els("distributions", "rect", **{"class": "ci"})) >= benches, "ratio CIs drawn")
check("x faster" in txt("distributions"), "the ratio in words")
# Ratios: end against start and gnu-wc against start, per benchmark.
check(len(els("forest", "g", **{"class": "row"})) == 2 * benches, f"forest rows: {len(els('forest', 'g', **{'class': 'row'}))}")
check(len(els("forest", "rect", **{"class": "band"})) == 1, "the ±band")
check("±5%" in txt("forest"), "the band is the regression bound")
check(len(els("drift", "figure")) == benches, "a drift figure per benchmark")
outcomes = sorted(a["data-outcome"] for a in els("loop", "g", **{"class": "attempt"}))
check(outcomes == ["kept", "rejected", "slow"], f"attempts on the timeline: {outcomes}")
check(len(els("loop", "tr", **{"class": "attempt"})) == 3, "an attempt row each")
check("Range tests" in txt("loop") and "Comment only" in txt("loop") and "Smaller inputs" in txt("loop"), "candidate names")
check(len([a for a in els("start-end", "tr")]) == 1 + benches, "start → end rows")
check("x faster" in txt("start-end"), "start → end in words")
links = [a["href"] for a in els("flames", "a")]
check(any(os.path.basename(flame) in l for l in links), f"flame graph linked: {links}")
for l in links:
    check(os.path.exists(os.path.join("out", l)), f"link {l} resolves from the page's folder")
if problems:
    sys.exit("missing: " + "; ".join(problems))
PY
git log -1 --format=%h >/dev/null
expect_contains dom.html "$(git rev-parse --short=10 HEAD)"

# show N: the run's sections without the loop's.
browse "file://$WORK/wc/show.html" show_dom.html
if grep -a "CONSOLE" show_dom.html.err; then fail "console messages while loading the show page"; fi
expect_contains show_dom.html '<section id="forest">'
expect_contains show_dom.html '<section id="drift">'
expect_not_contains show_dom.html '<section id="loop">'

# Phone width (Chromium's window is at least 500 px wide, so the page is shown in a 390 px
# iframe): nothing sticks out but the tables, which scroll. The page itself has no script (its
# CSP forbids one); the frame's parent measures it.
phone_frame() {  # phone_frame PAGE OUT [PROBE]
  python3 - "$@" <<'PY'
import html, sys
page = open(sys.argv[1], encoding="utf-8").read()
probe = """<pre id="probe"></pre><script>
function measure() {
  var f = document.getElementById('f'), d = f.contentDocument, vw = d.documentElement.clientWidth, bad = [];
  d.querySelectorAll('main > *, section > *, figure, svg, nav').forEach(function (e) {
    if (e.closest('.scroll')) return;
    var r = e.getBoundingClientRect();
    if (r.right > vw + 1) bad.push(e.tagName + '.' + (e.getAttribute('class') || '') + ':' + Math.round(r.right));
  });
  document.getElementById('probe').textContent =
    JSON.stringify({vw: vw, scroll: d.documentElement.scrollWidth, bad: bad, sections: d.querySelectorAll('section').length});
}
var f = document.getElementById('f');
if (f.contentDocument && f.contentDocument.readyState === 'complete' && f.contentDocument.querySelector('main')) measure();
else f.addEventListener('load', measure);
</script>""" if len(sys.argv) > 3 else ""
open(sys.argv[2], "w", encoding="utf-8").write(
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
    '<iframe id="f" style="width:390px;height:3000px;border:0;display:block" srcdoc="' + html.escape(page, quote=True) +
    '"></iframe>' + probe + '</body></html>')
PY
}
phone_frame out/report.html phone_probe.html probe
browse "file://$WORK/wc/phone_probe.html" probe.html
python3 - probe.html <<'PY' || fail "the page does not fit a phone's width"
import html, json, re, sys
m = re.search(r'<pre id="probe">(.*?)</pre>', open(sys.argv[1], encoding="utf-8").read(), re.S)
if not m or not m.group(1):
    sys.exit("no probe result")
r = json.loads(html.unescape(m.group(1)))
print("phone width:", r)
sys.exit(0 if r["vw"] <= 390 and r["scroll"] <= r["vw"] and not r["bad"] and r["sections"] >= 10 else 1)
PY

if [[ -n "${HONE_HTML_SHOTS:-}" ]]; then
  phone_frame out/report.html phone.html
  shoot() {  # shoot URL SIZE NAME
    for scheme in light dark; do
      extra=()
      [[ $scheme == dark ]] && extra=(--force-dark-mode --blink-settings=preferredColorScheme=0)
      timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$(mktemp -d "$WORK/chromium.XXXXXX")" \
        --window-size="$2" "${extra[@]}" --screenshot="$HONE_HTML_SHOTS/report-$3-$scheme.png" "$1" >/dev/null 2>&1 \
        || fail "screenshot $3 $scheme"
    done
  }
  shoot "file://$WORK/wc/phone.html" 500,3000 phone
  shoot "file://$WORK/wc/out/report.html" 1280,3000 desktop
fi
echo "PASS: the HTML report opens in $("$CHROMIUM" --version 2>/dev/null) with every section"
