// Flame graphs as one self-contained SVG (see flamegraph.h). Stacks are merged by prefix into a
// frame tree whose children are ordered by name (as flamegraph.pl does), laid out with x by
// cumulative weight and y by depth, root at the bottom. Every frame is a
// <g class="f" id="fN" data-...> holding a <title>, a <rect> and a <text>; the inline script
// reads those attributes to implement hover details, zoom, reset and search. Output depends
// only on the input: colours come from a hash of the name, numbers are printed with fixed
// precision, nothing time- or environment-dependent is written.
#include "profile/flamegraph.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <map>
#include <string_view>
#include <vector>

#include "util/markup.h"

namespace hone::profile {
namespace {

// ---- text -------------------------------------------------------------------------------

// Valid UTF-8 with every code point XML 1.0 allows: invalid bytes, control characters,
// surrogates and U+FFFE/U+FFFF become U+FFFD, so any symbol name yields well-formed XML.
std::string sanitize_utf8(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t') {
        out += kReplacement;
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    int len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    }
    bool ok = len > 0 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
      } else {
        cp = (cp << 6) | (cc & 0x3F);
      }
    }
    if (ok) {
      static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF;
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The first n code points of a valid UTF-8 string.
std::string utf8_prefix(std::string_view s, size_t n) {
  size_t i = 0, count = 0;
  while (i < s.size()) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == n) break;
      ++count;
    }
    ++i;
  }
  return std::string(s.substr(0, i));
}

// Label layout shared with the script (kCharWidth, kLabelPad and label() in JS must agree):
// Verdana-ish 12px text averages 0.59em per character; labels need room for 3 characters.
constexpr double kFontSize = 12;
constexpr double kCharWidth = kFontSize * 0.59;
constexpr double kLabelPad = 3;

std::string label_for(const std::string& name, double width) {
  auto fit = static_cast<long>(std::floor((width - 2 * kLabelPad) / kCharWidth));
  if (fit < 3) return "";
  if (utf8_length(name) <= static_cast<size_t>(fit)) return name;
  return utf8_prefix(name, static_cast<size_t>(fit - 2)) + "..";
}

// 1234567 → "1,234,567"; non-integral weights keep two decimals.
std::string format_weight(double w) {
  double r = std::round(w);
  std::string digits;
  std::string frac;
  if (std::fabs(w - r) < 1e-9 * std::max(1.0, std::fabs(w))) {
    digits = fmt::format("{:.0f}", std::fabs(r));
  } else {
    std::string s = fmt::format("{:.2f}", std::fabs(w));
    auto dot = s.find('.');
    digits = s.substr(0, dot);
    frac = s.substr(dot);
  }
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (w < 0 && (r != 0 || !frac.empty()) ? "-" : "") + out + frac;
}

std::string pct(double fraction) { return fmt::format("{:.2f}%", 100 * fraction); }

// ---- frame tree -------------------------------------------------------------------------

struct Node {
  std::string name;                        // sanitized UTF-8
  double weight = 0;                       // inclusive
  std::map<std::string, size_t> children;  // name → index into Tree::nodes, ordered by name
};

struct Tree {
  std::vector<Node> nodes;  // nodes[0] is the root, "all"

  explicit Tree(const Profile& p) {
    nodes.push_back(Node{"all", 0, {}});
    for (const Stack& s : p.stacks) {
      if (!(s.weight > 0) || !std::isfinite(s.weight)) continue;
      size_t at = 0;
      nodes[0].weight += s.weight;
      for (const std::string& raw : s.frames) {
        std::string name = sanitize_utf8(raw);
        auto it = nodes[at].children.find(name);
        size_t next;
        if (it == nodes[at].children.end()) {
          next = nodes.size();
          nodes[at].children.emplace(name, next);
          nodes.push_back(Node{std::move(name), 0, {}});
        } else {
          next = it->second;
        }
        nodes[next].weight += s.weight;
        at = next;
      }
    }
  }

  // Child of `at` called `name`, or npos.
  size_t child(size_t at, const std::string& name) const {
    auto it = nodes[at].children.find(name);
    return it == nodes[at].children.end() ? npos : it->second;
  }
  static constexpr size_t npos = static_cast<size_t>(-1);
};

// A frame as drawn: laid out in px, in preorder (parents before children).
struct Placed {
  size_t node;
  int id;
  int parent;  // id of the parent frame, -1 for the root
  int depth;   // root 0
  double x, w;
  size_t other = Tree::npos;  // differential: the same path in A's tree
};

struct Layout {
  std::vector<Placed> frames;
  int max_depth = 0;
};

constexpr double kXPad = 10;

Layout layout(const Tree& t, double full_width, double min_width_px, const Tree* other = nullptr) {
  Layout out;
  double total = t.nodes[0].weight;
  double scale = total > 0 ? full_width / total : 0;
  // Iterative preorder walk; children visited in name order.
  struct Item {
    size_t node;
    int parent, depth;
    double x;
    size_t other;
  };
  std::vector<Item> todo{{0, -1, 0, kXPad, other ? size_t{0} : Tree::npos}};
  while (!todo.empty()) {
    Item it = todo.back();
    todo.pop_back();
    const Node& n = t.nodes[it.node];
    double w = it.node == 0 ? full_width : n.weight * scale;
    if (it.node != 0 && w < min_width_px) continue;
    int id = static_cast<int>(out.frames.size());
    out.frames.push_back(Placed{it.node, id, it.parent, it.depth, it.x, w, it.other});
    out.max_depth = std::max(out.max_depth, it.depth);
    // Push in reverse so that the first child (by name) is drawn first.
    std::vector<Item> kids;
    double x = it.x;
    for (const auto& [name, idx] : n.children) {
      size_t o = it.other != Tree::npos ? other->child(it.other, name) : Tree::npos;
      kids.push_back(Item{idx, id, it.depth + 1, x, o});
      x += t.nodes[idx].weight * scale;
    }
    for (auto k = kids.rbegin(); k != kids.rend(); ++k) todo.push_back(*k);
  }
  return out;
}

// ---- colours ----------------------------------------------------------------------------

uint32_t fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

// flamegraph.pl's "hot" palette, driven by a hash of the name instead of rand().
std::string warm_colour(std::string_view name) {
  uint32_t h = fnv1a(name);
  double v1 = (h & 0xFF) / 255.0, v2 = ((h >> 8) & 0xFF) / 255.0, v3 = ((h >> 16) & 0xFF) / 255.0;
  int r = 205 + static_cast<int>(50 * v3);
  int g = static_cast<int>(230 * v1);
  int b = static_cast<int>(55 * v2);
  return fmt::format("rgb({},{},{})", r, g, b);
}

// Differential: t in [-1, 1], the change scaled to the largest; red for growth, blue for
// shrink, near-white for none.
std::string diff_colour(double t) {
  t = std::clamp(t, -1.0, 1.0);
  int c = static_cast<int>(std::lround(250 - 210 * std::fabs(t)));
  if (t > 0) return fmt::format("rgb(255,{},{})", c, c);
  if (t < 0) return fmt::format("rgb({},{},255)", c, c);
  return "rgb(250,250,250)";
}

// ---- document ---------------------------------------------------------------------------

constexpr std::string_view kStyle = R"CSS(
svg { background: #f8f8f0; }
text { font-family: Verdana, "DejaVu Sans", sans-serif; fill: #000; }
#title { font-size: 17px; text-anchor: middle; }
.sub { font-size: 12px; text-anchor: middle; fill: #444; }
#details, #matched { font-size: 12px; }
#matched { text-anchor: end; }
.btn { font-size: 12px; cursor: pointer; fill: #0645ad; }
.btn:hover { text-decoration: underline; }
#search { width: 100%; box-sizing: border-box; font: 12px Verdana, "DejaVu Sans", sans-serif;
  padding: 1px 4px; border: 1px solid #aaa; border-radius: 3px; background: #fff; }
.f text { font-size: 12px; pointer-events: none; }
.f rect { cursor: pointer; }
.f:hover rect { stroke: #000; stroke-width: 0.5; }
.f.dim rect { fill-opacity: 0.45; }
.f.dim text { fill-opacity: 0.6; }
.f.match rect { fill: rgb(230,0,230); }
.hide { display: none; }
)CSS";

// Shared by both kinds of graph. Frames are <g class="f"> with data-x/data-w (px in the
// unzoomed layout), data-depth, data-parent (id of the parent frame) and data-weight.
constexpr std::string_view kScript = R"JS(
(function () {
  "use strict";
  var script = document.currentScript;
  var root = (script && script.ownerSVGElement) || document.documentElement;
  function $(id) { return root.querySelector('[id="' + id + '"]'); }
  var X_PAD = +root.getAttribute("data-xpad"), FULL_W = +root.getAttribute("data-full-width");
  var TOTAL = +root.getAttribute("data-total");
  var CHAR_W = 12 * 0.59, LABEL_PAD = 3;
  var details = $("details"), matchedText = $("matched"), resetBtn = $("reset");
  var input = $("search"), searchBtn = $("search-button");
  var frames = [], byId = {};
  var gs = root.querySelectorAll("g.f");
  for (var i = 0; i < gs.length; i++) {
    var g = gs[i];
    var f = {
      g: g, id: g.id, name: g.getAttribute("data-name"),
      weight: +g.getAttribute("data-weight"), depth: +g.getAttribute("data-depth"),
      x: +g.getAttribute("data-x"), w: +g.getAttribute("data-w"),
      parent: byId[g.getAttribute("data-parent")] || null,
      rect: g.querySelector("rect"), text: g.querySelector("text"),
      title: g.querySelector("title")
    };
    f.label = f.text ? f.text.textContent : "";
    frames.push(f);
    byId[f.id] = f;
  }
  var zoomed = null;

  function label(name, w) {
    var fit = Math.floor((w - 2 * LABEL_PAD) / CHAR_W);
    if (fit < 3) return "";
    if (name.length <= fit) return name;
    return name.substring(0, fit - 2) + "..";
  }
  function place(f, x, w, text) {
    f.rect.setAttribute("x", x.toFixed(3));
    f.rect.setAttribute("width", w.toFixed(3));
    if (f.text) {
      f.text.setAttribute("x", (x + LABEL_PAD).toFixed(3));
      f.text.textContent = text === undefined ? label(f.name, w) : text;
    }
  }
  function isAncestor(a, f) {
    for (var p = f.parent; p; p = p.parent) if (p === a) return true;
    return false;
  }

  function zoom(z) {
    if (!z.parent) { reset(); return; }
    zoomed = z;
    var scale = FULL_W / z.w;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i], cl = f.g.classList;
      cl.remove("hide", "dim");
      if (f === z) {
        place(f, X_PAD, FULL_W);
      } else if (isAncestor(f, z)) {
        cl.add("dim");
        place(f, X_PAD, FULL_W);
      } else if (isAncestor(z, f)) {
        place(f, X_PAD + (f.x - z.x) * scale, f.w * scale);
      } else {
        cl.add("hide");
      }
    }
    resetBtn.classList.remove("hide");
    root.setAttribute("data-zoomed", z.id);
  }
  function reset() {
    zoomed = null;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      f.g.classList.remove("hide", "dim");
      place(f, f.x, f.w, f.label);
    }
    resetBtn.classList.add("hide");
    root.removeAttribute("data-zoomed");
  }

  function search(term) {
    var re = null, lower = (term || "").toLowerCase(), total = 0;
    if (term) { try { re = new RegExp(term, "i"); } catch (e) { re = null; } }
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      f.match = !!term && !!f.parent &&
        (f.name.toLowerCase().indexOf(lower) >= 0 || (re !== null && re.test(f.name)));
      f.g.classList.toggle("match", f.match);
    }
    // Each sample once: a match inside a matched frame adds nothing.
    for (i = 0; i < frames.length; i++) {
      f = frames[i];
      if (!f.match) continue;
      var nested = false;
      for (var p = f.parent; p; p = p.parent) if (p.match) { nested = true; break; }
      if (!nested) total += f.weight;
    }
    var share = term && TOTAL > 0 ? (100 * total / TOTAL).toFixed(2) + "%" : "";
    matchedText.textContent = term ? "Matched: " + share : "";
    if (term) root.setAttribute("data-matched", share); else root.removeAttribute("data-matched");
  }

  root.addEventListener("click", function (e) {
    var g = e.target.closest ? e.target.closest("g.f") : null;
    if (g && byId[g.id]) zoom(byId[g.id]);
  });
  root.addEventListener("mouseover", function (e) {
    var g = e.target.closest ? e.target.closest("g.f") : null;
    if (g && byId[g.id]) details.textContent = byId[g.id].title.textContent;
  });
  root.addEventListener("mouseout", function (e) {
    var g = e.target.closest ? e.target.closest("g.f") : null;
    if (g) details.textContent = " ";
  });
  resetBtn.addEventListener("click", function (e) { e.stopPropagation(); reset(); });
  if (input) {
    input.addEventListener("input", function () { search(input.value); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; search(""); }
    });
  }
  if (searchBtn) {
    searchBtn.addEventListener("click", function (e) {
      e.stopPropagation();
      var term = window.prompt("Search (regex or text, case-insensitive):", "");
      if (term !== null) search(term);
    });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") reset();
    else if (input && (e.ctrlKey || e.metaKey) && e.key === "f") { e.preventDefault(); input.focus(); }
  });
  // Exposed for embedding pages and tests.
  root.flamegraph = { zoom: function (id) { if (byId[id]) zoom(byId[id]); }, reset: reset,
                      search: search };
})();
)JS";

struct FrameStyle {
  std::string fill;
  std::string title;               // hover text, unescaped
  std::vector<std::string> extra;  // extra data-* attributes, already formatted
};

template <typename StyleFn>
std::string render(const Tree& t, const Layout& lay, const FlameOptions& opts,
                   const std::vector<std::string>& header_lines, StyleFn&& style) {
  const double width = std::max(opts.width, 100);
  const double full = width - 2 * kXPad;
  const int fh = std::max(opts.frame_height, 4);
  const double total = t.nodes[0].weight;

  // Header: title, then the extra lines; a footer for the details and match lines.
  const double header = 30 + 16 * static_cast<double>(header_lines.size()) + 8;
  const double footer = 26;
  const double height = header + (lay.max_depth + 1) * fh + footer;

  std::string out;
  out.reserve(4096 + lay.frames.size() * 400);
  auto o = std::back_inserter(out);
  fmt::format_to(o, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
  fmt::format_to(o,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{0:.0f}\" "
                 "height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" data-total=\"{2}\" data-xpad=\"{3:.0f}\" "
                 "data-full-width=\"{4:.3f}\" data-frames=\"{5}\">\n",
                 width, height, fmt::format("{:.17g}", total), kXPad, full, lay.frames.size());
  fmt::format_to(o, "<style type=\"text/css\"><![CDATA[{}]]></style>\n", kStyle);
  fmt::format_to(o, "<rect x=\"0\" y=\"0\" width=\"{:.0f}\" height=\"{:.0f}\" fill=\"#f8f8f0\"/>\n", width, height);
  fmt::format_to(o, "<text id=\"title\" x=\"{:.1f}\" y=\"24\">{}</text>\n", width / 2,
                 markup_escape(sanitize_utf8(opts.title)));
  for (size_t i = 0; i < header_lines.size(); ++i) {
    fmt::format_to(o, "<text class=\"sub\" x=\"{:.1f}\" y=\"{:.0f}\">{}</text>\n", width / 2, 42 + 16.0 * i,
                   markup_escape(sanitize_utf8(header_lines[i])));
  }
  fmt::format_to(o, "<text id=\"reset\" class=\"btn hide\" x=\"{:.0f}\" y=\"24\">Reset Zoom</text>\n", kXPad);
  // Search: a real text input where the viewer renders XHTML, else a button that prompts.
  const double sw = std::min(220.0, width / 4);
  fmt::format_to(o,
                 "<switch>\n"
                 "<foreignObject requiredExtensions=\"http://www.w3.org/1999/xhtml\" x=\"{:.1f}\" y=\"8\" "
                 "width=\"{:.1f}\" height=\"24\">"
                 "<div xmlns=\"http://www.w3.org/1999/xhtml\"><input id=\"search\" type=\"search\" "
                 "placeholder=\"Search (regex)\" autocomplete=\"off\" spellcheck=\"false\"/></div>"
                 "</foreignObject>\n"
                 "<text id=\"search-button\" class=\"btn\" x=\"{:.1f}\" y=\"24\" "
                 "text-anchor=\"end\">Search</text>\n"
                 "</switch>\n",
                 width - kXPad - sw, sw, width - kXPad);

  fmt::format_to(o, "<g id=\"frames\">\n");
  for (const Placed& f : lay.frames) {
    const Node& n = t.nodes[f.node];
    double y = header + (lay.max_depth - f.depth) * fh;
    FrameStyle st = style(f, n);
    std::string name = markup_escape(n.name);
    fmt::format_to(o,
                   "<g class=\"f\" id=\"f{}\" data-name=\"{}\" data-weight=\"{}\" data-x=\"{:.3f}\" "
                   "data-w=\"{:.3f}\" data-depth=\"{}\" data-parent=\"{}\"",
                   f.id, name, fmt::format("{:.17g}", n.weight), f.x, f.w, f.depth,
                   f.parent < 0 ? std::string() : fmt::format("f{}", f.parent));
    for (const std::string& a : st.extra) fmt::format_to(o, " {}", a);
    fmt::format_to(o, ">");
    fmt::format_to(o, "<title>{}</title>", markup_escape(st.title));
    fmt::format_to(o,
                   "<rect x=\"{:.3f}\" y=\"{:.1f}\" width=\"{:.3f}\" height=\"{:.1f}\" rx=\"2\" ry=\"2\" "
                   "fill=\"{}\"/>",
                   f.x, y, f.w, fh - 1.0, st.fill);
    fmt::format_to(o, "<text x=\"{:.3f}\" y=\"{:.1f}\">{}</text>", f.x + kLabelPad, y + fh - 4.5,
                   markup_escape(label_for(n.name, f.w)));
    fmt::format_to(o, "</g>\n");
  }
  fmt::format_to(o, "</g>\n");
  fmt::format_to(o, "<text id=\"details\" x=\"{:.0f}\" y=\"{:.0f}\"> </text>\n", kXPad, height - 9);
  fmt::format_to(o, "<text id=\"matched\" x=\"{:.0f}\" y=\"{:.0f}\"></text>\n", width - kXPad, height - 9);
  fmt::format_to(o, "<script type=\"text/ecmascript\"><![CDATA[{}]]></script>\n", kScript);
  fmt::format_to(o, "</svg>\n");
  return out;
}

std::string unit_of(const Profile& p) { return p.unit.empty() ? "samples" : p.unit; }

std::vector<std::string> header_lines(const FlameOptions& opts) {
  std::vector<std::string> lines;
  if (!opts.subtitle.empty()) lines.push_back(opts.subtitle);
  return lines;
}

}  // namespace

std::string flamegraph_svg(const Profile& p, const FlameOptions& opts) {
  Tree t(p);
  double full = std::max(opts.width, 100) - 2 * kXPad;
  Layout lay = layout(t, full, opts.min_width_px);
  const double total = t.nodes[0].weight;
  const std::string unit = unit_of(p);
  std::vector<std::string> lines = header_lines(opts);
  if (total <= 0) lines.push_back("No samples");
  return render(t, lay, opts, lines, [&](const Placed& f, const Node& n) {
    FrameStyle st;
    st.fill = f.node == 0 ? "rgb(235,160,60)" : warm_colour(n.name);
    st.title =
        fmt::format("{} ({} {}, {})", n.name, format_weight(n.weight), unit, pct(total > 0 ? n.weight / total : 0));
    return st;
  });
}

std::string differential_svg(const Profile& a, const Profile& b, const FlameOptions& opts) {
  Tree ta(a), tb(b);
  double full = std::max(opts.width, 100) - 2 * kXPad;
  Layout lay = layout(tb, full, opts.min_width_px, &ta);
  const double total_a = ta.nodes[0].weight, total_b = tb.nodes[0].weight;
  const std::string unit = unit_of(b);

  auto share_a = [&](const Placed& f) {
    return f.other != Tree::npos && total_a > 0 ? ta.nodes[f.other].weight / total_a : 0.0;
  };
  auto share_b = [&](const Placed& f) { return total_b > 0 ? tb.nodes[f.node].weight / total_b : 0.0; };
  double max_change = 0;
  for (const Placed& f : lay.frames) {
    max_change = std::max(max_change, std::fabs(share_b(f) - share_a(f)));
  }

  std::vector<std::string> lines = header_lines(opts);
  lines.push_back(fmt::format(
      "Differential: B's stacks, red = share grew since A, blue = shrank (strongest: {:.2f} pp)", 100 * max_change));
  if (total_b <= 0) lines.push_back("No samples");
  return render(tb, lay, opts, lines, [&](const Placed& f, const Node& n) {
    FrameStyle st;
    double sa = share_a(f), sb = share_b(f), d = sb - sa;
    // Changes below a hundredth of a percentage point print as ±0.00: colour them neutral too.
    double t = max_change > 0 && std::fabs(d) >= 5e-5 ? d / max_change : 0;
    st.fill = diff_colour(t);
    std::string change = fmt::format("{:.2f}", 100 * std::fabs(d));
    st.title = fmt::format("{} ({} {}; A {}, B {}, {}{} pp)", n.name, format_weight(n.weight), unit, pct(sa), pct(sb),
                           d < 0 && change != "0.00" ? "-" : "+", change);
    st.extra.push_back(fmt::format("data-share-a=\"{:.6f}\"", sa));
    st.extra.push_back(fmt::format("data-share-b=\"{:.6f}\"", sb));
    st.extra.push_back(fmt::format("data-delta=\"{:.6f}\"", d));
    return st;
  });
}

}  // namespace hone::profile
