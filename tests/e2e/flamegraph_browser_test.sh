#!/usr/bin/env bash
# The flame graph SVG works in a real browser with no network: headless Chromium loads it, a
# driver script injected at its end types into the search box, hovers, clicks to zoom and
# resets, and records what the page shows; the same checks run with the SVG inlined in an HTML
# page. Skips when Chromium is not installed (scripts/setup.sh installs Debian's `chromium`).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
: "${FLAME_SAMPLE:?FLAME_SAMPLE must point at the built flame_sample helper}"

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [[ -z "$CHROMIUM" ]]; then
  echo "SKIP: chromium is not installed (apt-get install chromium, or run scripts/setup.sh)"
  exit 0
fi

# browse URL OUT: the DOM after the page's scripts ran, as Chromium serializes it.
browse() {
  local profile_dir
  profile_dir="$(mktemp -d "$WORK/chromium.XXXXXX")"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-extensions \
    --user-data-dir="$profile_dir" --virtual-time-budget=5000 --dump-dom "$1" \
    >"$2" 2>"$2.err" || { cat "$2.err"; fail "chromium could not load $1"; }
}

# result DUMP OUT: the JSON the driver left in the element with id "result".
result() {
  python3 - "$1" "$2" <<'EOF'
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'id="result"[^>]*>(.*?)</', dom, re.S)
if not m:
    sys.exit("no driver result in the dumped DOM:\n" + dom[-3000:])
open(sys.argv[2], "w", encoding="utf-8").write(html.unescape(m.group(1)))
EOF
}

# Total weight 100, so weights are percentages. Narrow (300 px) so that "tokenize" (20% of
# 280 px) gets a truncated label which a zoom into "parse" must restore.
cat >stacks.folded <<'EOF'
main;parse;count_words 30
main;parse;tokenize 20
main;count_lines;count_chars 25
main;count_lines 10
main;report;Count_Total 5
main;report;std::vector<int>::operator[] 10
EOF
"$FLAME_SAMPLE" --width 300 --title 'Browser <test> & "quotes"' stacks.folded >flame.svg
[[ -s flame.svg ]] || fail "flame_sample wrote nothing"
if command -v xmllint >/dev/null; then
  xmllint --noout flame.svg || fail "flame.svg is not well-formed XML"
fi
expect_not_contains flame.svg "https://"
expect_not_contains flame.svg "url("

# The driver: every step dispatches the events a user would cause, then reads the DOM.
cat >driver.js <<'EOF'
(function () {
  var scripts = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "script");
  var svg = scripts[scripts.length - 1].ownerSVGElement;
  var out = {};
  function $(id) { return svg.querySelector('[id="' + id + '"]'); }
  function frame(name) {
    var gs = svg.querySelectorAll("g.f");
    for (var i = 0; i < gs.length; i++) if (gs[i].getAttribute("data-name") === name) return gs[i];
    return null;
  }
  function state(name) {
    var g = frame(name), r = g.querySelector("rect");
    return { width: +r.getAttribute("width"), x: +r.getAttribute("x"),
             hidden: g.classList.contains("hide"), dim: g.classList.contains("dim"),
             label: g.querySelector("text").textContent };
  }
  function click(name) {
    frame(name).querySelector("rect").dispatchEvent(new MouseEvent("click", { bubbles: true }));
  }
  function type(text) {
    var input = $("search");
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    var matches = [].map.call(svg.querySelectorAll("g.f.match"),
                              function (g) { return g.getAttribute("data-name"); });
    return { matched: $("matched").textContent, frames: matches.sort() };
  }
  try {
    out.fullWidth = +svg.getAttribute("data-full-width");
    out.searchIsInput = $("search") !== null && $("search").localName === "input";
    out.searchShown = out.searchIsInput && $("search").getBoundingClientRect().width > 50;
    out.title = $("title").textContent;
    out.count = type("count");
    out.regex = type("^count_(lines|words)$");
    out.literal = type("operator[]");
    out.cleared = type("");
    frame("count_words").querySelector("rect")
      .dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    out.hover = $("details").textContent;

    out.before = { parse: state("parse"), tokenize: state("tokenize") };
    click("parse");
    out.zoom = { parse: state("parse"), main: state("main"), count_words: state("count_words"),
                 tokenize: state("tokenize"), count_lines: state("count_lines"),
                 report: state("report"),
                 resetShown: !$("reset").classList.contains("hide") };
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    out.escape = { parse: state("parse"), tokenize: state("tokenize"),
                   count_lines: state("count_lines"),
                   resetShown: !$("reset").classList.contains("hide") };
    click("count_lines");
    out.zoom2 = { count_lines: state("count_lines"), parse: state("parse") };
    click("all");
    out.root = { count_lines: state("count_lines"), parse: state("parse") };
  } catch (e) {
    out.error = String(e && e.stack || e);
  }
  var t = document.createElementNS("http://www.w3.org/2000/svg", "text");
  t.setAttribute("id", "result");
  t.textContent = JSON.stringify(out);
  svg.appendChild(t);
})();
EOF

check_driver_result() {
  local r=$1
  json_check "$r" "'error' not in j"
  json_check "$r" "j['searchIsInput'] and j['searchShown']"
  json_check "$r" "j['title'] == 'Browser <test> & \"quotes\"'"
  # (1) search: case-insensitive, nested matches counted once (count_chars sits in count_lines).
  json_check "$r" "j['count']['matched'] == 'Matched: 70.00%'"
  json_check "$r" "j['count']['frames'] == ['Count_Total', 'count_chars', 'count_lines', 'count_words']"
  json_check "$r" "j['regex']['matched'] == 'Matched: 65.00%'"
  json_check "$r" "j['regex']['frames'] == ['count_lines', 'count_words']"
  json_check "$r" "j['literal']['matched'] == 'Matched: 10.00%'"
  json_check "$r" "j['literal']['frames'] == ['std::vector<int>::operator[]']"
  json_check "$r" "j['cleared']['matched'] == '' and j['cleared']['frames'] == []"
  json_check "$r" "j['hover'] == 'count_words (30 samples, 30.00%)'"
  # (2) zoom into parse: it fills the width, its children rescale, siblings hide, parents dim.
  json_check "$r" "abs(j['before']['parse']['width'] - 0.5 * j['fullWidth']) < 0.01"
  json_check "$r" "j['before']['tokenize']['label'] == 'token..'"
  json_check "$r" "abs(j['zoom']['parse']['width'] - j['fullWidth']) < 0.01"
  json_check "$r" "abs(j['zoom']['count_words']['width'] - 0.6 * j['fullWidth']) < 0.01"
  json_check "$r" "abs(j['zoom']['tokenize']['width'] - 0.4 * j['fullWidth']) < 0.01"
  json_check "$r" "j['zoom']['tokenize']['label'] == 'tokenize'"
  json_check "$r" "j['zoom']['count_lines']['hidden'] and j['zoom']['report']['hidden']"
  json_check "$r" "j['zoom']['main']['dim'] and abs(j['zoom']['main']['width'] - j['fullWidth']) < 0.01"
  json_check "$r" "j['zoom']['resetShown']"
  # (3) Escape resets; clicking the root resets.
  json_check "$r" "j['escape']['parse'] == j['before']['parse']"
  json_check "$r" "j['escape']['tokenize'] == j['before']['tokenize']"
  json_check "$r" "not j['escape']['count_lines']['hidden'] and not j['escape']['resetShown']"
  json_check "$r" "abs(j['zoom2']['count_lines']['width'] - j['fullWidth']) < 0.01"
  json_check "$r" "j['zoom2']['parse']['hidden']"
  json_check "$r" "j['root']['parse'] == j['before']['parse']"
  json_check "$r" "not j['root']['count_lines']['hidden']"
}

# The SVG opened on its own, as a user opens hone's output; the driver runs after its script.
python3 - <<'EOF'
svg = open("flame.svg", encoding="utf-8").read()
driver = open("driver.js", encoding="utf-8").read()
assert svg.rstrip().endswith("</svg>")
svg = svg.rstrip()[: -len("</svg>")]
open("driven.svg", "w", encoding="utf-8").write(
    svg + "<script type=\"text/ecmascript\"><![CDATA[" + driver + "]]></script>\n</svg>\n")
EOF
browse "file://$WORK/driven.svg" dom_svg.txt
result dom_svg.txt result_svg.json
check_driver_result result_svg.json

# The same SVG inlined in an HTML page (as a report might embed it).
python3 - <<'EOF'
svg = open("flame.svg", encoding="utf-8").read()
svg = svg[svg.index("<svg"):]
driver = open("driver.js", encoding="utf-8").read()
svg = svg.rstrip()[: -len("</svg>")] + "<script><![CDATA[" + driver + "]]></script></svg>"
open("page.html", "w", encoding="utf-8").write(
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>embed</title></head><body>\n"
    + svg + "\n</body></html>\n")
EOF
browse "file://$WORK/page.html" dom_html.txt
result dom_html.txt result_html.json
check_driver_result result_html.json

echo "PASS: flame graph search, hover, zoom and reset work in $("$CHROMIUM" --version 2>/dev/null)"
