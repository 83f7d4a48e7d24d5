// Flame graph SVGs: well-formed XML (checked by xmllint when installed, and always by a small
// checker here), names escaped, nothing fetched from the network, deterministic.
#include "profile/flamegraph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <vector>

namespace hone::profile {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A small XML checker: tags balance, attributes are quoted, '&' starts an entity, '<' never
// appears in text or attribute values. Returns "" or what is wrong.
std::string xml_problem(const std::string& s) {
  std::vector<std::string> open;
  size_t i = 0;
  auto check_text = [&](size_t from, size_t to) -> std::string {
    for (size_t k = from; k < to; ++k) {
      if (s[k] == '<') return "raw '<' at " + std::to_string(k);
      if (s[k] == '&') {
        static const std::regex entity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
        if (!std::regex_search(s.substr(k, 12), entity)) return "bare '&' at " + std::to_string(k);
      }
    }
    return "";
  };
  while (i < s.size()) {
    size_t lt = s.find('<', i);
    if (lt == std::string::npos) {
      if (std::string e = check_text(i, s.size()); !e.empty()) return e;
      break;
    }
    if (std::string e = check_text(i, lt); !e.empty()) return e;
    if (s.compare(lt, 9, "<![CDATA[") == 0) {
      size_t end = s.find("]]>", lt);
      if (end == std::string::npos) return "unterminated CDATA";
      i = end + 3;
      continue;
    }
    if (s.compare(lt, 4, "<!--") == 0) {
      size_t end = s.find("-->", lt);
      if (end == std::string::npos) return "unterminated comment";
      i = end + 3;
      continue;
    }
    if (s.compare(lt, 2, "<?") == 0) {
      size_t end = s.find("?>", lt);
      if (end == std::string::npos) return "unterminated declaration";
      i = end + 2;
      continue;
    }
    // A tag: scan to its '>' honouring quoted attribute values.
    size_t k = lt + 1;
    char quote = 0;
    for (; k < s.size(); ++k) {
      if (quote) {
        if (s[k] == quote)
          quote = 0;
        else if (s[k] == '<')
          return "'<' inside an attribute value at " + std::to_string(k);
      } else if (s[k] == '"' || s[k] == '\'') {
        quote = s[k];
      } else if (s[k] == '>') {
        break;
      }
    }
    if (k >= s.size()) return "unterminated tag at " + std::to_string(lt);
    std::string tag = s.substr(lt + 1, k - lt - 1);
    if (std::string e = check_text(lt + 1, k); !e.empty() && e.rfind("bare", 0) == 0) return e;
    if (tag.empty()) return "empty tag";
    static const std::regex name_re("^/?([A-Za-z_][A-Za-z0-9_.:-]*)");
    std::smatch m;
    if (!std::regex_search(tag, m, name_re)) return "bad tag <" + tag + ">";
    std::string name = m[1];
    if (tag[0] == '/') {
      if (open.empty() || open.back() != name)
        return "</" + name + "> closes <" + (open.empty() ? "" : open.back()) + ">";
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(name);
    }
    i = k + 1;
  }
  if (!open.empty()) return "<" + open.back() + "> is never closed";
  return "";
}

// xmllint's verdict when it is installed (scripts/setup.sh installs it); skipped otherwise.
void expect_xmllint_accepts(const std::string& svg) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) return;
  std::filesystem::path f =
      std::filesystem::temp_directory_path() / ("hone_flame_" + std::to_string(getpid()) + ".svg");
  std::ofstream(f, std::ios::binary) << svg;
  int rc = std::system(("xmllint --noout '" + f.string() + "'").c_str());
  std::filesystem::remove(f);
  EXPECT_EQ(rc, 0) << "xmllint rejected the SVG";
}

Profile tricky() {
  Profile p;
  p.event = "cpu-clock";
  p.unit = "samples";
  p.stacks = {
      {{"prog", "main", "std::vector<int>::push_back(int const&)"}, 30},
      {{"prog", "main", "a & b \"quoted\" 'single'"}, 20},
      {{"prog", "main", "<script>alert(1)</script>"}, 5},
      {{"prog", "main",
        "bad\x01"
        "bytes\xff"
        "and ]]> too"},
       5},
      {{"prog", "main", "Привет::世界"}, 10},
      {{"prog", "main"}, 30},
  };
  for (const Stack& s : p.stacks) p.total += s.weight;
  return p;
}

TEST(FlameGraph, IsWellFormedXml) {
  FlameOptions o;
  o.title = "wc <naive> & \"friends\"";
  o.subtitle = "perf record -g -- ./build/wc-naive 'a b.txt'";
  std::string svg = flamegraph_svg(tricky(), o);
  EXPECT_EQ(xml_problem(svg), "");
  expect_xmllint_accepts(svg);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_THAT(svg, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST(FlameGraph, EscapesNames) {
  std::string svg = flamegraph_svg(tricky(), FlameOptions{});
  EXPECT_THAT(svg, HasSubstr("data-name=\"std::vector&lt;int&gt;::push_back(int const&amp;)\""));
  EXPECT_THAT(svg, HasSubstr("a &amp; b &quot;quoted&quot; &#39;single&#39;"));
  EXPECT_THAT(svg, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(svg, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(svg, Not(HasSubstr("std::vector<int>")));
  EXPECT_THAT(svg, HasSubstr("Привет::世界"));  // valid UTF-8 kept as is
  // Hover text: name, weight, share.
  EXPECT_THAT(svg, HasSubstr("<title>std::vector&lt;int&gt;::push_back(int const&amp;) (30 samples, 30.00%)</title>"));
}

TEST(FlameGraph, FetchesNothing) {
  for (const std::string& svg :
       {flamegraph_svg(tricky(), FlameOptions{}), differential_svg(tricky(), tricky(), FlameOptions{})}) {
    EXPECT_THAT(svg, Not(HasSubstr("https://")));
    EXPECT_THAT(svg, Not(HasSubstr("url(")));
    EXPECT_THAT(svg, Not(HasSubstr("href")));
    EXPECT_THAT(svg, Not(HasSubstr("@import")));
    // "http://" only in the two namespace names, which no viewer fetches.
    std::string rest = svg;
    for (const char* ns : {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml"}) {
      for (size_t at; (at = rest.find(ns)) != std::string::npos;) rest.erase(at, std::string(ns).size());
    }
    EXPECT_THAT(rest, Not(HasSubstr("http")));
  }
}

TEST(FlameGraph, InteractiveParts) {
  std::string svg = flamegraph_svg(tricky(), FlameOptions{});
  EXPECT_THAT(svg, HasSubstr("id=\"search\""));
  EXPECT_THAT(svg, HasSubstr("id=\"reset\""));
  EXPECT_THAT(svg, HasSubstr("id=\"details\""));
  EXPECT_THAT(svg, HasSubstr("<script type=\"text/ecmascript\"><![CDATA["));
  // One <g class="f"> per frame: all, prog, main and its six children.
  size_t frames = 0;
  for (size_t at = 0; (at = svg.find("<g class=\"f\"", at)) != std::string::npos; ++at) ++frames;
  EXPECT_EQ(frames, 8u);
}

TEST(FlameGraph, Deterministic) {
  EXPECT_EQ(flamegraph_svg(tricky(), FlameOptions{}), flamegraph_svg(tricky(), FlameOptions{}));
}

TEST(FlameGraph, EmptyProfileStillRenders) {
  std::string svg = flamegraph_svg(Profile{}, FlameOptions{});
  EXPECT_EQ(xml_problem(svg), "");
  EXPECT_THAT(svg, HasSubstr("No samples"));
}

TEST(FlameGraph, DifferentialColoursGrowthRedAndShrinkBlue) {
  Profile a, b;
  a.stacks = {{{"main", "hot"}, 80}, {{"main", "cold"}, 20}};
  a.total = 100;
  b.stacks = {{{"main", "hot"}, 20}, {{"main", "cold"}, 20}, {{"main", "new<T>"}, 10}};
  b.total = 50;
  std::string svg = differential_svg(a, b, FlameOptions{});
  EXPECT_EQ(xml_problem(svg), "");
  expect_xmllint_accepts(svg);
  // hot: 80% → 40% (shrank, blue); cold 20% → 40% (grew, red); new<T> 0 → 20% (grew).
  std::smatch m;
  std::regex hot("data-name=\"hot\"[^>]*data-delta=\"(-?[0-9.]+)\"[^>]*>.*?fill=\"rgb\\((\\d+),(\\d+),(\\d+)\\)\"");
  ASSERT_TRUE(std::regex_search(svg, m, hot));
  EXPECT_DOUBLE_EQ(std::stod(m[1]), -0.4);
  EXPECT_EQ(m[4], "255");  // blue
  std::regex cold("data-name=\"cold\"[^>]*data-delta=\"(-?[0-9.]+)\"[^>]*>.*?fill=\"rgb\\((\\d+),(\\d+),(\\d+)\\)\"");
  ASSERT_TRUE(std::regex_search(svg, m, cold));
  EXPECT_DOUBLE_EQ(std::stod(m[1]), 0.2);
  EXPECT_EQ(m[2], "255");  // red
  EXPECT_THAT(svg, HasSubstr("data-name=\"new&lt;T&gt;\""));
  EXPECT_THAT(svg, HasSubstr("A 0.00%, B 20.00%, +20.00 pp"));
}

}  // namespace
}  // namespace hone::profile
