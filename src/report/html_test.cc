#include "report/html.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <fstream>
#include <regex>

#include "util/random.h"

namespace hone::html {
namespace {

namespace fs = std::filesystem;

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size())) ++n;
  return n;
}

// The part of the page between <section id="ID"> and its </section>.
std::string section_of(const std::string& page, const std::string& id) {
  size_t at = page.find("<section id=\"" + id + "\">");
  if (at == std::string::npos) return "";
  return page.substr(at, page.find("</section>", at) - at);
}

Series series(const std::string& bench, const std::string& target, std::vector<double> values) {
  Series s{bench, target, "./" + target + " " + bench, {}, values};
  for (size_t i = 0; i < values.size(); ++i) s.rounds.push_back(static_cast<int>(i));
  return s;
}

StoredRun stored(std::vector<Series> ss, int64_t id = 7) {
  StoredRun r;
  r.record.id = id;
  r.record.kind = "attempt";
  r.record.status = "complete";
  r.record.label = "final report: start vs end";
  r.record.metric = "wall";
  r.record.commit = "0123456789abcdef";
  r.series = ss;
  AnalyzeOptions o;
  o.seed = 42;
  o.resamples = 200;
  r.analysis = analyze(ss, o);
  r.analysis.run_id = id;
  return r;
}

Page sample_page() {
  Page p;
  p.title = "wc <loop> & \"friends\"";
  p.generated_at = "2026-12-04T10:00:00Z";
  p.band = 0.05;
  p.run = stored({series("utf8", "ours@start", {10, 10.2, 9.9, 10.1, 10.3, 9.8}),
                  series("utf8", "ours@end", {2, 2.1, 1.9, 2.05, 2.02, 1.98}),
                  series("short <b>lines</b>", "ours@start", {5, 5.1, 4.9, 5.05, 5.0, 4.95}),
                  series("short <b>lines</b>", "ours@end", {5.02, 5.1, 4.95, 5.0, 5.06, 4.97})});
  p.start_end = true;
  p.baseline =
      stored({series("utf8", "ours", {10, 10.1, 9.9, 10, 10.2}), series("utf8", "gnu-wc", {1, 1.1, 0.9, 1, 1.05})}, 1);
  p.baseline_name = "default";
  AttemptView a;
  a.experiment = 1;
  a.candidate = 1;
  a.name = "Range tests <fast>";
  a.outcome = "kept";
  a.reason = "4.9x faster on utf8";
  a.result_commit = "abcdef0123456789";
  a.results = {{"utf8", 10, 2, 0.2, 0.19, 0.21}};
  AttemptView b = a;
  b.experiment = 2;
  b.candidate = 2;
  b.name = "Smaller inputs";
  b.outcome = "rejected";
  b.reason = "changed the benchmark's inputs";
  b.result_commit.clear();
  b.results.clear();
  AttemptView c = a;
  c.experiment = 3;
  c.candidate = 3;
  c.name = "Comment only";
  c.outcome = "slow";
  c.result_commit.clear();
  c.branch = "hone/slow-comment-only";
  c.results = {{"utf8", 2, 2.01, 1.005, 0.99, 1.02}};
  p.attempts = {a, b, c};
  p.flames = {{"03-profile-utf8.svg", "research/03-profile-utf8.svg"}};
  return p;
}

TEST(Html, HasEverySectionAndNoExternalResource) {
  std::string page = render_page(sample_page());
  for (const char* id :
       {"summary", "baseline", "results", "distributions", "forest", "drift", "loop", "start-end", "trends", "flames"})
    EXPECT_NE(page.find(fmt::format("<section id=\"{}\">", id)), std::string::npos) << id;
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  // The only URL is SVG's namespace, which nothing fetches.
  std::string no_ns = std::regex_replace(page, std::regex("http://www\\.w3\\.org/2000/svg|http-equiv"), "");
  EXPECT_EQ(no_ns.find("http"), std::string::npos);
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(page.find("name=\"viewport\""), std::string::npos);
  EXPECT_NE(page.find("@media (prefers-color-scheme:dark)"), std::string::npos);
  EXPECT_NE(page.find("@media (max-width:600px)"), std::string::npos);
}

TEST(Html, EscapesNamesFromTheStore) {
  std::string page = render_page(sample_page());
  EXPECT_EQ(page.find("<b>lines</b>"), std::string::npos);
  EXPECT_EQ(page.find("<loop>"), std::string::npos);
  EXPECT_EQ(page.find("<fast>"), std::string::npos);
  EXPECT_NE(page.find("short &lt;b&gt;lines&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(page.find("<title>wc &lt;loop&gt; &amp; &quot;friends&quot;</title>"), std::string::npos);
  EXPECT_NE(page.find("Range tests &lt;fast&gt;"), std::string::npos);
}

TEST(Html, StripPlotDrawsEverySampleAndItsMedian) {
  Page p = sample_page();
  std::string dist = section_of(render_page(p), "distributions");
  EXPECT_EQ(count(dist, "<figure class=\"strip\""), 2u);
  EXPECT_EQ(count(dist, "class=\"pt "), 24u);  // 4 series × 6 samples
  EXPECT_EQ(count(dist, "class=\"med\""), 4u);
  EXPECT_EQ(count(dist, "class=\"ci\""), 2u);  // one ratio per benchmark
  EXPECT_NE(dist.find("x faster"), std::string::npos) << dist;
  EXPECT_NE(dist.find("paired ratio over the rounds of one interleaved run"), std::string::npos);
}

TEST(Html, ForestHasARowPerRatioAndTheBand) {
  Page p = sample_page();
  std::string forest = section_of(render_page(p), "forest");
  EXPECT_EQ(count(forest, "<g class=\"row\">"), 2u);
  EXPECT_NE(forest.find("class=\"band\""), std::string::npos);
  EXPECT_NE(forest.find("±5 band"), std::string::npos);
  EXPECT_NE(forest.find("class=\"whisker faster\""), std::string::npos);  // utf8: 5x faster
}

TEST(Html, LoopTimelineShowsOutcomesNumbersAndCommits) {
  std::string loop = section_of(render_page(sample_page()), "loop");
  EXPECT_EQ(count(loop, "<g class=\"attempt\""), 3u);
  EXPECT_EQ(count(loop, "<tr class=\"attempt\">"), 3u);
  for (const char* o : {"data-outcome=\"kept\"", "data-outcome=\"rejected\"", "data-outcome=\"slow\""})
    EXPECT_NE(loop.find(o), std::string::npos) << o;
  EXPECT_NE(loop.find("<code>abcdef0123</code>"), std::string::npos);
  EXPECT_NE(loop.find("hone/slow-comment-only"), std::string::npos);
  EXPECT_NE(loop.find("utf8: 0.20x [0.19x, 0.21x]"), std::string::npos) << loop;
}

TEST(Html, StartEndTableAndChart) {
  std::string se = section_of(render_page(sample_page()), "start-end");
  EXPECT_NE(se.find("ours@start → ours@end"), std::string::npos);
  EXPECT_EQ(count(se, "<tr><td>"), 2u);
  EXPECT_NE(se.find("x faster"), std::string::npos);
}

TEST(Html, ShowPageLeavesOutTheLoop) {
  Page p = sample_page();
  p.start_end = false;
  p.attempts.clear();
  std::string page = render_page(p);
  EXPECT_EQ(page.find("<section id=\"loop\">"), std::string::npos);
  EXPECT_EQ(page.find("<section id=\"start-end\">"), std::string::npos);
  EXPECT_NE(page.find("<section id=\"forest\">"), std::string::npos);
}

TEST(Html, EmptyPartsSayWhy) {
  Page p;
  p.title = "empty";
  std::string page = render_page(p);
  EXPECT_NE(section_of(page, "baseline").find("No baseline recorded"), std::string::npos);
  EXPECT_NE(section_of(page, "flames").find("No flame graphs yet"), std::string::npos);
  EXPECT_NE(section_of(page, "trends").find("No stored runs"), std::string::npos);
}

TEST(Html, NonFiniteValuesNeverReachThePage) {
  Page p = sample_page();
  for (ComparisonRow& c : p.run->analysis.comparisons) c.estimate = stats::RatioEstimate{NAN, {NAN, INFINITY}};
  std::string page = render_page(p);
  EXPECT_EQ(page.find("nan"), std::string::npos);
  EXPECT_EQ(page.find("inf"), std::string::npos);
  EXPECT_NE(section_of(page, "forest").find("out of range"), std::string::npos);
}

TEST(Html, LargeRunsAreThinnedAndFast) {
  // 200 benchmarks × 2 targets × 25 samples = 10,000 samples; and one benchmark of 10,000 samples
  // per side, drawn thinned.
  Page p;
  p.title = "large";
  Rng rng(7);
  std::vector<Series> ss;
  for (int b = 0; b < 200; ++b)
    for (const char* t : {"ours@start", "ours@end"}) {
      std::vector<double> v;
      for (int i = 0; i < 25; ++i) v.push_back(1e-3 * (1 + b * 0.01) * (1 + 0.02 * rng.uniform()));
      ss.push_back(series(fmt::format("bench-{}", b), t, v));
    }
  auto t0 = std::chrono::steady_clock::now();
  p.run = stored(ss);
  auto t1 = std::chrono::steady_clock::now();
  std::string page = render_page(p);
  auto t2 = std::chrono::steady_clock::now();
  double analyse = std::chrono::duration<double>(t1 - t0).count(),
         render = std::chrono::duration<double>(t2 - t1).count();
  std::printf("200 benchmarks, 10,000 samples: analysis %.3f s, render %.3f s, %zu bytes\n", analyse, render,
              page.size());
  EXPECT_LT(render, 2.0);
  EXPECT_EQ(count(section_of(page, "distributions"), "<figure class=\"strip\""), 200u);

  std::vector<double> a, b;
  for (int i = 0; i < 10000; ++i) a.push_back(1 + rng.uniform()), b.push_back(2 + rng.uniform());
  p.run = stored({series("big", "ours@start", a), series("big", "ours@end", b)});
  page = render_page(p);
  std::string dist = section_of(page, "distributions");
  EXPECT_EQ(count(dist, "class=\"pt "), 800u);
  EXPECT_NE(dist.find("drawn as 400 samples evenly spaced in rank"), std::string::npos);
  EXPECT_LE(count(section_of(page, "drift"), "<polyline"), 2u);

  // Many thinned series: the page's dots stay within 20,000 (here 50 of each side's 1000), so a
  // browser opens it in about a second (bench/html.sh).
  ss.clear();
  for (int b = 0; b < 200; ++b)
    for (const char* t : {"ours@start", "ours@end"}) {
      std::vector<double> v;
      for (int i = 0; i < 1000; ++i) v.push_back(1e-3 * (1 + b * 0.01) * (1 + 0.02 * rng.uniform()));
      ss.push_back(series(fmt::format("bench-{}", b), t, v));
    }
  p.run = stored(ss);
  dist = section_of(render_page(p), "distributions");
  EXPECT_EQ(count(dist, "class=\"pt "), 20000u);
  EXPECT_NE(dist.find("drawn as 50 samples evenly spaced in rank"), std::string::npos);
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "hone_html_test_XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

TEST(Html, FlameLinksAreRelativeToThePageAndEncoded) {
  TempDir d;
  fs::create_directories(d.path / "perf" / "research");
  std::ofstream(d.path / "perf" / "research" / "02-profile-a b#1.svg") << "<svg/>";
  std::ofstream(d.path / "perf" / "research" / "01-profile-x.svg") << "<svg/>";
  std::ofstream(d.path / "perf" / "research" / "01-notes.md") << "x";
  std::vector<FlameLink> f = find_flames(d.path / "perf" / "research", d.path / "out" / "report.html");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].label, "01-profile-x.svg");
  EXPECT_EQ(f[0].href, "../perf/research/01-profile-x.svg");
  EXPECT_EQ(f[1].href, "../perf/research/02-profile-a%20b%231.svg");
  EXPECT_TRUE(find_flames(d.path / "missing", d.path / "r.html").empty());
}

TEST(Html, AttemptsAndPagesFromTheStore) {
  TempDir d;
  Store store = Store::open(d.path / "hone.db");
  CandidateRecord c;
  c.name = "Range tests";
  c.slug = "range-tests";
  int64_t cid = store.add_candidate(c);
  ExperimentRecord e;
  e.candidate_id = cid;
  int64_t eid = store.begin_experiment(e);
  e.id = eid;
  e.stage = Stage::done;
  e.outcome = Outcome::kept;
  e.reason = "faster";
  e.result_commit = "feedface00112233";
  e.data["results"] = nlohmann::json::array(
      {{{"benchmark", "utf8"}, {"before", 10.0}, {"after", 2.0}, {"ratio", 0.2}, {"ci", {0.19, 0.21}}}});
  store.update_experiment(e);
  std::vector<AttemptView> a = load_attempts(store);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].name, "Range tests");
  EXPECT_EQ(a[0].outcome, "kept");
  EXPECT_EQ(a[0].result_commit, "feedface00112233");
  ASSERT_EQ(a[0].results.size(), 1u);
  EXPECT_DOUBLE_EQ(a[0].results[0].lo, 0.19);

  PageSources s;
  s.title = "t";
  s.attempts = true;
  s.file = d.path / "sub" / "r.html";
  Page p = collect_page(store, s);
  EXPECT_FALSE(p.run);
  EXPECT_FALSE(p.baseline);
  write_page(p, s.file);
  std::ifstream in(s.file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("<g class=\"attempt\" data-outcome=\"kept\">"), std::string::npos);
}

}  // namespace
}  // namespace hone::html
