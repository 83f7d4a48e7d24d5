// The parsers on real captured output (tests/fixtures/perf, tests/fixtures/callgrind; see the
// README there for how each file was recorded), plus hand-made snippets for the cases the
// captures do not contain (mangled names, Rust, broken input).
#include "profile/profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>

#include "util/error.h"

namespace hone::profile {
namespace {

using ::testing::HasSubstr;

std::string fixture(const std::string& rel) {
  std::ifstream in(std::string(HONE_SOURCE_DIR) + "/tests/fixtures/" + rel, std::ios::binary);
  EXPECT_TRUE(in) << rel;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string joined(const Stack& s) {
  std::string out;
  for (const std::string& f : s.frames) out += (out.empty() ? "" : ";") + f;
  return out;
}

double weight_of(const Profile& p, const std::string& folded_stack) {
  for (const Stack& s : p.stacks)
    if (joined(s) == folded_stack) return s.weight;
  return 0;
}

bool has_frame(const Profile& p, const std::string& name) {
  for (const Stack& s : p.stacks)
    if (std::find(s.frames.begin(), s.frames.end(), name) != s.frames.end()) return true;
  return false;
}

double sum_weights(const Profile& p) {
  double w = 0;
  for (const Stack& s : p.stacks) w += s.weight;
  return w;
}

// The message of the hone::Error that f throws ("" if none).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// ---- perf script: examples/wc's wc-naive -------------------------------------------------

TEST(PerfScript, FramePointerStacksOfWcNaive) {
  Profile p = parse_perf_script(fixture("perf/wc-naive-fp.txt"), "wc-naive-fp.txt");
  EXPECT_EQ(p.event, "cpu-clock");
  EXPECT_EQ(p.unit, "samples");
  EXPECT_TRUE(p.process_root);
  EXPECT_EQ(p.total, 86);  // grep -c cpu-clock: one sample per header
  EXPECT_DOUBLE_EQ(sum_weights(p), p.total);
  // The most common stack, root first, with the command as its root frame.
  EXPECT_GT(weight_of(p, "wc-naive;__libc_start_call_main;main;wc::classify_char"), 20);
  // The planted hotspot is first by self.
  std::vector<Hotspot> h = hotspots(p, 5);
  ASSERT_FALSE(h.empty());
  EXPECT_EQ(h[0].function, "wc::classify_char");
  EXPECT_GT(h[0].self_share, 0.4);
  EXPECT_DOUBLE_EQ(h[0].self_share, h[0].self / p.total);
}

TEST(PerfScript, DwarfStacksOfWcNaiveAreDeep) {
  Profile p = parse_perf_script(fixture("perf/wc-naive-dwarf.txt"), "wc-naive-dwarf.txt");
  EXPECT_EQ(p.total, 90);
  EXPECT_GE(p.max_depth, 8u);
  // DWARF unwinding sees count_char (frame pointers miss it) and inlined frames; perf prints
  // main twice for the inlined count_file, and the parser keeps what perf says.
  EXPECT_GT(weight_of(p,
                      "wc-naive;_start;__libc_start_main_impl;__libc_start_call_main;main;main;wc::count_char;"
                      "wc::classify_char"),
            20);
  EXPECT_TRUE(has_frame(p, "count_file"));
  EXPECT_TRUE(has_frame(p, "std::istream::get"));
  EXPECT_EQ(hotspots(p, 1).at(0).function, "wc::classify_char");
  // By total, the process root is no function: main leads, at (nearly) every sample.
  std::vector<Hotspot> t = hotspots_by_total(p, 6);
  for (const Hotspot& x : t) EXPECT_NE(x.function, "wc-naive");
  auto main = std::find_if(t.begin(), t.end(), [](const Hotspot& x) { return x.function == "main"; });
  ASSERT_NE(main, t.end());
  EXPECT_GT(main->total_share, 0.9);
  EXPECT_EQ(t[0].function, "_start");  // the root of every stack, the dynamic loader's too
  EXPECT_DOUBLE_EQ(t[0].total_share, 1.0);
}

// ---- perf script: the shared C++ fixture with kernel frames --------------------------------

TEST(PerfScript, KernelFramesCollapseUnlessKept) {
  std::string text = fixture("perf/prog-fp.txt");
  Profile user = parse_perf_script(text, "prog-fp.txt");
  PerfScriptOptions keep;
  keep.kernel = true;
  Profile all = parse_perf_script(text, "prog-fp.txt", keep);
  EXPECT_EQ(user.total, 378);
  EXPECT_EQ(all.total, 378);
  // Dropped: kernel functions vanish, their time stays visible as one [kernel] frame under the
  // user-space code that entered the kernel.
  EXPECT_FALSE(has_frame(user, "handle_mm_fault"));
  EXPECT_FALSE(has_frame(user, "clear_page_erms"));
  EXPECT_GE(weight_of(user, "prog;__libc_start_call_main;__memset_avx512_unaligned_erms;[kernel]"), 2);
  // Kept: the kernel's own frames, root first below the faulting memset.
  EXPECT_TRUE(has_frame(all, "handle_mm_fault"));
  EXPECT_FALSE(has_frame(all, "[kernel]"));
  EXPECT_GE(weight_of(all,
                      "prog;__libc_start_call_main;__memset_avx512_unaligned_erms;asm_exc_page_fault;"
                      "exc_page_fault;handle_mm_fault;__handle_mm_fault;do_anonymous_page;"
                      "vma_alloc_folio_noprof;alloc_pages_mpol;__alloc_frozen_pages_noprof;"
                      "get_page_from_freelist;clear_page_erms"),
            1);
}

TEST(PerfScript, UnknownFramesNameTheirObjectAndMerge) {
  Profile p = parse_perf_script(fixture("perf/prog-fp.txt"), "prog-fp.txt");
  // "[unknown] ([unknown])" twice at the root of a stack becomes one "[unknown]".
  EXPECT_GE(weight_of(p, "prog;[unknown];_dl_lookup_symbol_x"), 1);
  EXPECT_GE(weight_of(p, "prog;[unknown];[unknown] (libgcc_s.so.1)"), 1);
  for (const Stack& s : p.stacks)
    for (size_t i = 1; i < s.frames.size(); ++i)
      EXPECT_FALSE(s.frames[i] == "[unknown]" && s.frames[i - 1] == "[unknown]") << joined(s);
}

TEST(PerfScript, TemplatesRecursionAndInlinedFrames) {
  Profile fp = parse_perf_script(fixture("perf/prog-fp.txt"), "prog-fp.txt");
  EXPECT_EQ(hotspots(fp, 1).at(0).function,
            "std::__introsort_loop<__gnu_cxx::__normal_iterator<int*, std::vector<int, std::allocator<int> > >, long, "
            "__gnu_cxx::__ops::_Iter_less_iter>");
  // Recursion stays: textops::fib calls itself many frames deep.
  size_t deepest = 0;
  for (const Stack& s : fp.stacks)
    deepest = std::max<size_t>(deepest, std::count(s.frames.begin(), s.frames.end(), "textops::fib"));
  EXPECT_GE(deepest, 10u);
  Profile dw = parse_perf_script(fixture("perf/prog-dwarf.txt"), "prog-dwarf.txt");
  EXPECT_EQ(dw.total, 35);
  EXPECT_TRUE(has_frame(dw, "std::vector<int, std::allocator<int> >::vector"));  // (inlined)
  EXPECT_TRUE(has_frame(dw, "textops::sort_chunks"));
}

TEST(PerfScript, CommFilterKeepsOneCommand) {
  std::string text = fixture("perf/wc-naive-fp.txt");
  PerfScriptOptions o;
  o.comm = "wc-naive";
  EXPECT_EQ(parse_perf_script(text, "x", o).total, 86);
  o.comm = "other";
  EXPECT_EQ(parse_perf_script(text, "x", o).total, 0);
}

TEST(PerfScript, HeaderVariants) {
  // A command name with spaces, pid/tid, a CPU column, an event with modifiers, no period;
  // a sample without a call chain (the frame on the header line); mangled and Rust symbols as
  // `perf script --no-demangle` or an older perf prints them.
  std::string text =
      "Web Content 12/34 [003] 10.000001: cycles:u: \n"
      "\t    4011d6 _ZN7textops3fibEj+0x16 (/tmp/prog)\n"
      "\t    401000 main+0x10 (/tmp/prog)\n"
      "\n"
      "Web Content 12/34 [003] 10.000002: cycles:u:      4011d6 core::fmt::write::h0123456789abcdef+0x2 (/tmp/r)\n"
      "\n"
      "Web Content 12/34 [003] 10.000003: cycles:u: \n"
      "\t    4011d6 _RNvNtCs1234_7mycrate3foo3bar+0x1 (/tmp/r)\n"
      "\t    401000 operator() (/tmp/prog)\n"
      "\n"
      "other 1 2.0: 1 task-clock: \n"  // a second event: not mixed in
      "\t    401000 main (/tmp/prog)\n"
      "\n";
  Profile p = parse_perf_script(text, "variants.txt");
  EXPECT_EQ(p.event, "cycles:u");
  EXPECT_EQ(p.total, 3);
  EXPECT_EQ(weight_of(p, "Web Content;main;textops::fib(unsigned int)"), 1);
  EXPECT_EQ(weight_of(p, "Web Content;core::fmt::write"), 1);
  EXPECT_EQ(weight_of(p, "Web Content;operator();mycrate::foo::bar"), 1);
}

// ---- demangling ------------------------------------------------------------------------------

TEST(Demangle, Cxx) {
  EXPECT_EQ(demangle("_ZN7textops3fibEj"), "textops::fib(unsigned int)");
  EXPECT_EQ(demangle("_ZNSt6vectorIiSaIiEE9push_backERKi"),
            "std::vector<int, std::allocator<int> >::push_back(int const&)");
  EXPECT_EQ(demangle("__ZN7textops3fibEj"), "textops::fib(unsigned int)");  // macOS-style extra _
  EXPECT_EQ(demangle("main"), "main");
  EXPECT_EQ(demangle("textops::fib"), "textops::fib");
  EXPECT_EQ(demangle("_Znot-a-symbol"), "_Znot-a-symbol");
}

TEST(Demangle, RustLegacy) {
  EXPECT_EQ(demangle("_ZN4core3fmt5write17h0123456789abcdefE"), "core::fmt::write");
  EXPECT_EQ(demangle("core::fmt::write::h0123456789abcdef"), "core::fmt::write");  // perf-demangled
  EXPECT_EQ(
      demangle("_ZN66_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..ops..drop..Drop$GT$4drop17h0123456789abcdefE"),
      "<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop");
  EXPECT_EQ(demangle("foo::hnotahash"), "foo::hnotahash");
}

TEST(Demangle, RustV0) {
  EXPECT_EQ(demangle("_RNvC6_123foo3bar"), "123foo::bar");
  EXPECT_EQ(demangle("_RNvNtCs1234_7mycrate3foo3bar"), "mycrate::foo::bar");
  EXPECT_EQ(demangle("_RINvNtC3std3mem8align_ofjE"), "std::mem::align_of::<usize>");
  EXPECT_EQ(demangle("_RNCNCNgCs6DXkGYLi8lr_2cc5spawn00B5_"), "cc::spawn::{closure#0}::{closure#0}");
  EXPECT_EQ(demangle("_RNvMsr_NtCs3ssYzQotkvD_3std4pathNtB5_7PathBuf3newCs15kBYyAo9fc_7mycrate"),
            "<std::path::PathBuf>::new");
  EXPECT_EQ(demangle("_RNvNtCs1234_7mycrate3foo3bar.llvm.1234"), "mycrate::foo::bar");
  EXPECT_EQ(demangle("_Rgarbage"), "_Rgarbage");
  EXPECT_EQ(demangle("_RNvC99_x"), "_RNvC99_x");  // length runs past the end
}

// ---- folded stacks ---------------------------------------------------------------------------

TEST(Folded, RoundTripsARealProfile) {
  Profile p = parse_perf_script(fixture("perf/wc-naive-dwarf.txt"), "wc-naive-dwarf.txt");
  std::string folded = to_folded(p);
  EXPECT_THAT(folded, HasSubstr("wc-naive;_start;__libc_start_main_impl;__libc_start_call_main;main;main;"
                                "wc::count_char;wc::classify_char "));
  Profile back = parse_folded(folded, "x.folded");
  EXPECT_EQ(back.total, p.total);
  EXPECT_EQ(back.stacks.size(), p.stacks.size());
  EXPECT_EQ(to_folded(back), folded);
  // Sorted, one stack a line, weight last.
  std::vector<std::string> rows;
  std::istringstream in(folded);
  for (std::string l; std::getline(in, l);) rows.push_back(l);
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end()));
}

TEST(Folded, MergesDuplicatesAndKeepsFractions) {
  Profile p = parse_folded("a;b 2\n# comment\n\na;b 3\na;c 0.5\n", "x.folded");
  EXPECT_EQ(p.total, 5.5);
  EXPECT_EQ(weight_of(p, "a;b"), 5);
  EXPECT_EQ(to_folded(p), "a;b 5\na;c 0.5\n");
}

TEST(Folded, NamesWithSemicolonsStayOneFrame) {
  Profile p;
  p.stacks.push_back(Stack{{"main", "weird;name"}, 1});
  p.total = 1;
  EXPECT_EQ(to_folded(p), "main;weird:name 1\n");
}

TEST(Folded, BadLinesNameFileAndLine) {
  EXPECT_THAT(error_of([] { parse_folded("a;b 1\na;b x\n", "s.folded"); }), HasSubstr("s.folded:2:"));
  EXPECT_THAT(error_of([] { parse_folded("a;b 1\nnoweight\n", "s.folded"); }), HasSubstr("s.folded:2:"));
  EXPECT_THAT(error_of([] { parse_folded("a;;b 1\n", "s.folded"); }), HasSubstr("s.folded:1: empty frame"));
  EXPECT_THAT(error_of([] { parse_folded("a;b -1\n", "s.folded"); }), HasSubstr("s.folded:1:"));
  EXPECT_THAT(error_of([] { parse_folded("a;b 1\na;b 2", "s.folded"); }), HasSubstr("s.folded:2: truncated"));
}

// ---- hotspots --------------------------------------------------------------------------------

Profile small_profile() {
  // main: 10 samples alone; main→parse 30 self + main→parse→lex 40; main→lex 20 (lex twice in
  // one stack counts once toward its total).
  return parse_folded("p;main 10\np;main;parse 30\np;main;parse;lex 40\np;main;lex;lex 20\n", "small");
}

TEST(Hotspots, BySelfAndByTotal) {
  Profile p = small_profile();
  p.process_root = true;
  std::vector<Hotspot> s = hotspots(p, 10);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].function, "lex");
  EXPECT_EQ(s[0].self, 60);
  EXPECT_EQ(s[0].total, 60);
  EXPECT_DOUBLE_EQ(s[0].self_share, 0.6);
  EXPECT_EQ(s[1].function, "parse");
  EXPECT_EQ(s[1].self, 30);
  EXPECT_EQ(s[1].total, 70);
  EXPECT_EQ(s[2].function, "main");
  EXPECT_EQ(s[2].self, 10);
  EXPECT_DOUBLE_EQ(s[2].total_share, 1.0);

  std::vector<Hotspot> t = hotspots_by_total(p, 2);
  ASSERT_EQ(t.size(), 2u);  // top n; the process root "p" is not a function
  EXPECT_EQ(t[0].function, "main");
  EXPECT_EQ(t[1].function, "parse");
  EXPECT_DOUBLE_EQ(t[1].total_share, 0.7);

  p.process_root = false;  // folded from elsewhere: the first frame is a function like any other
  EXPECT_EQ(hotspots_by_total(p, 1).at(0).function, "main");  // tie with "p" broken by self
  EXPECT_EQ(hotspots(p, 1).size(), 1u);
}

TEST(Hotspots, DiffRanksByChangeInShare) {
  Profile a = small_profile();
  Profile b = parse_folded("p;main 10\np;main;parse 30\np;main;parse;lex 10\n", "b");  // lex got faster
  std::vector<HotspotDelta> d = diff_hotspots(a, b, 10);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].function, "lex");
  EXPECT_DOUBLE_EQ(d[0].self_share_a, 0.6);
  EXPECT_DOUBLE_EQ(d[0].self_share_b, 0.2);
  EXPECT_EQ(d[0].self_a, 60);
  EXPECT_EQ(d[0].self_b, 10);
  EXPECT_EQ(d[1].function, "parse");  // 30% → 60%
  EXPECT_DOUBLE_EQ(d[1].self_share_b, 0.6);
  // A function only in B shows with A's share 0.
  Profile c = parse_folded("p;main;fresh 5\np;main 5\n", "c");
  std::vector<HotspotDelta> dc = diff_hotspots(a, c, 1);
  ASSERT_EQ(dc.size(), 1u);
  EXPECT_EQ(dc[0].function, "lex");  // -60 points beats fresh's +50
  EXPECT_EQ(diff_hotspots(a, c, 10).size(), 4u);
}

TEST(Hotspots, InstructionDiffsRankByCount) {
  // B doubles x and y (their shares stay at half) and adds a little z.
  Profile a = parse_folded("main;x 500\nmain;y 500\n", "a");
  Profile b = parse_folded("main;x 1000\nmain;y 1000\nmain;z 10\n", "b");
  EXPECT_EQ(diff_hotspots(a, b, 1).at(0).function, "z");  // samples: by share
  a.unit = b.unit = "instructions";
  EXPECT_EQ(diff_hotspots(a, b, 1).at(0).function, "x");  // exact counts: by count
}

// ---- perf script: errors ---------------------------------------------------------------------

TEST(PerfScriptErrors, TruncatedInputNamesFileAndLine) {
  std::string text = fixture("perf/wc-naive-fp.txt");
  // Cut in the middle of a frame line.
  std::string cut = text.substr(0, text.find("wc::classify_char+0x44") + 8);
  std::string e = error_of([&] { parse_perf_script(cut, "cut.txt"); });
  EXPECT_THAT(e, HasSubstr("truncated"));
  int line = 1 + static_cast<int>(std::count(cut.begin(), cut.end(), '\n'));
  EXPECT_THAT(e, HasSubstr("cut.txt:" + std::to_string(line) + ":"));
  // Cut right after a sample header.
  std::string header_cut = text.substr(0, text.find('\n', text.find("wc-naive  8585   314.834488")) + 1);
  e = error_of([&] { parse_perf_script(header_cut, "cut.txt"); });
  EXPECT_THAT(e, HasSubstr("truncated"));
  EXPECT_THAT(e, HasSubstr("cut.txt:" + std::to_string(std::count(header_cut.begin(), header_cut.end(), '\n')) + ":"));
}

TEST(PerfScriptErrors, GarbageNamesFileAndLine) {
  EXPECT_THAT(error_of([] { parse_perf_script("hello world\n", "g.txt"); }),
              HasSubstr("g.txt:1: expected a sample header"));
  EXPECT_THAT(error_of([] { parse_perf_script("\t  4011d6 main (/x)\n", "g.txt"); }),
              HasSubstr("g.txt:1: a stack frame outside any sample"));
  EXPECT_THAT(error_of([] { parse_perf_script("prog 1 1.0: 1 cpu-clock: \n\tzzz main (/x)\n", "g.txt"); }),
              HasSubstr("g.txt:2: expected a stack frame"));
  EXPECT_THAT(error_of([] { parse_perf_script(std::string("PERFILE2\0\0\0\x01", 12), "perf.data"); }),
              HasSubstr("perf.data:1: binary data"));
  // Empty output is no error: a program too short to be sampled.
  EXPECT_EQ(parse_perf_script("", "empty.txt").total, 0);
}

// ---- callgrind -------------------------------------------------------------------------------

TEST(Callgrind, ExclusiveAndInclusiveCostsOfARealRun) {
  CallgrindProfile c = parse_callgrind(fixture("callgrind/callgrind.out"), "callgrind.out");
  EXPECT_EQ(c.event, "Ir");
  EXPECT_EQ(c.total, 309852950);
  double self = 0;
  for (const CallgrindFunction& f : c.functions) self += f.self;
  EXPECT_EQ(self, c.total);  // every instruction is some function's own
  ASSERT_FALSE(c.functions.empty());
  EXPECT_TRUE(std::is_sorted(c.functions.begin(), c.functions.end(),
                             [](const CallgrindFunction& a, const CallgrindFunction& b) { return a.self > b.self; }));
  auto find = [&](const std::string& name) -> const CallgrindFunction* {
    for (const CallgrindFunction& f : c.functions)
      if (f.name == name) return &f;
    return nullptr;
  };
  // Recursion levels ("fib(unsigned int)'2") are one function.
  const CallgrindFunction* fib = find("textops::fib(unsigned int)");
  ASSERT_NE(fib, nullptr);
  EXPECT_EQ(find("textops::fib(unsigned int)'2"), nullptr);
  EXPECT_EQ(fib->inclusive, fib->self);  // calls nothing else
  EXPECT_EQ(fib->object, "/home/dev/proj/prog");
  const CallgrindFunction* main = find("main");
  ASSERT_NE(main, nullptr);
  EXPECT_GT(main->inclusive, 0.95 * c.total);
  EXPECT_LE(main->inclusive, c.total);
  EXPECT_LT(main->self, main->inclusive);
  // Names are unique; code without symbols is named by address and object.
  std::set<std::string> names;
  for (const CallgrindFunction& f : c.functions) EXPECT_TRUE(names.insert(f.name).second) << f.name;
  EXPECT_NE(find("0x17d460 (libstdc++.so.6.0.30)"), nullptr);
  EXPECT_NE(find("(below main)"), nullptr);
  for (const CallgrindFunction& f : c.functions) {
    EXPECT_GE(f.inclusive, f.self) << f.name;
    EXPECT_LE(f.inclusive, c.total) << f.name;
  }
}

TEST(Callgrind, StacksRebuiltFromTheCallGraph) {
  CallgrindProfile c = parse_callgrind(fixture("callgrind/callgrind.out"), "callgrind.out");
  Profile p;
  p.stacks = c.stacks;
  p.unit = "instructions";
  for (const Stack& s : c.stacks) p.total += s.weight;
  // The stacks carry (nearly) every instruction: only rounding is lost.
  EXPECT_NEAR(p.total, c.total, c.total * 1e-4);
  // Self costs survive the reconstruction.
  std::vector<Hotspot> h = hotspots(p, 3);
  ASSERT_FALSE(h.empty());
  EXPECT_EQ(h[0].function, c.functions[0].name);
  EXPECT_NEAR(h[0].self, c.functions[0].self, c.functions[0].self * 1e-3);
  // main's callees sit below (below main).
  bool found = false;
  for (const Stack& s : c.stacks) {
    auto m = std::find(s.frames.begin(), s.frames.end(), "main");
    if (m != s.frames.end() && m != s.frames.begin() && *(m - 1) == "(below main)" &&
        s.frames.back() == "textops::fib(unsigned int)")
      found = true;
  }
  EXPECT_TRUE(found);
  // Folded output of an instruction profile parses back.
  EXPECT_EQ(parse_folded(to_folded(p), "cg.folded").total, p.total);
}

TEST(Callgrind, WcNaiveHotspotIsClassifyChar) {
  CallgrindProfile c = parse_callgrind(fixture("callgrind/wc-naive.callgrind.out"), "wc-naive.callgrind.out");
  EXPECT_EQ(c.total, 10456206);
  ASSERT_FALSE(c.functions.empty());
  EXPECT_EQ(c.functions[0].name, "wc::classify_char(char)");
  EXPECT_GT(c.functions[0].self / c.total, 0.3);
}

TEST(CallgrindErrors, TruncatedInputNamesFileAndLine) {
  std::string text = fixture("callgrind/callgrind.out");
  // Mid-line.
  std::string cut = text.substr(0, text.find("fn=(1186) textops::fib") + 12);
  std::string e = error_of([&] { parse_callgrind(cut, "cg.out"); });
  EXPECT_THAT(e, HasSubstr("truncated"));
  EXPECT_THAT(e, HasSubstr(fmt::format("cg.out:{}:", std::count(cut.begin(), cut.end(), '\n') + 1)));
  // At a line boundary, before the totals: line.
  std::string lines = text.substr(0, text.find("fn=(1186) textops::fib"));
  e = error_of([&] { parse_callgrind(lines, "cg.out"); });
  EXPECT_THAT(e, HasSubstr("truncated"));
  EXPECT_THAT(e, HasSubstr("totals:"));
  // Right after a calls= line.
  std::string call = text.substr(0, text.find('\n', text.find("calls=196417")) + 1);
  e = error_of([&] { parse_callgrind(call, "cg.out"); });
  EXPECT_THAT(e, HasSubstr(fmt::format("cg.out:{}: truncated", std::count(call.begin(), call.end(), '\n'))));
}

TEST(CallgrindErrors, GarbageNamesFileAndLine) {
  EXPECT_THAT(error_of([] { parse_callgrind("hello world\n", "x.out"); }), HasSubstr("x.out:1: not callgrind output"));
  EXPECT_THAT(error_of([] { parse_callgrind("", "x.out"); }), HasSubstr("x.out: empty"));
  std::string head = "# callgrind format\nversion: 1\npositions: line\nevents: Ir\n";
  EXPECT_THAT(error_of([&] { parse_callgrind(head + "fn=(1) main\n0 5\nfn=(2)\n", "x.out"); }),
              HasSubstr("x.out:7: id (2) is used before it is defined"));
  EXPECT_THAT(error_of([&] { parse_callgrind(head + "fn=(1) main\n0 x5\n", "x.out"); }),
              HasSubstr("x.out:6: expected costs as whole numbers"));
  EXPECT_THAT(error_of([&] { parse_callgrind(head + "0 5\n", "x.out"); }),
              HasSubstr("x.out:5: expected fn= before the first cost line"));
  EXPECT_THAT(error_of([&] { parse_callgrind(head + "fn=main\nwhat is this\n", "x.out"); }),
              HasSubstr("x.out:6: expected"));
  EXPECT_THAT(error_of([&] { parse_callgrind(head + "fn=main\ncfn=f\ncalls=1 0\nfn=g\n", "x.out"); }),
              HasSubstr("x.out:8: expected the cost line of the calls= line"));
  EXPECT_THAT(error_of([] { parse_callgrind("# callgrind format\nfn=main\n0 5\n", "x.out"); }),
              HasSubstr("x.out:3: expected an 'events:' header"));
}

TEST(Callgrind, MinimalUncompressedFile) {
  // Names without compression, two positions (instr line), a missing trailing cost column.
  std::string text =
      "version: 1\npositions: instr line\nevents: Ir Dr\nsummary: 100 7\n"
      "ob=/bin/x\nfn=main\n0x10 1 10 1\n+2 * 5\ncfn=work\ncalls=2 0x40 3\n0x12 1 80 6\n"
      "fn=work\n0x40 3 80 6\ntotals: 100 7\n";
  CallgrindProfile c = parse_callgrind(text, "min.out");
  EXPECT_EQ(c.total, 100);
  ASSERT_EQ(c.functions.size(), 2u);
  EXPECT_EQ(c.functions[0].name, "work");
  EXPECT_EQ(c.functions[0].self, 80);
  EXPECT_EQ(c.functions[1].name, "main");
  EXPECT_EQ(c.functions[1].self, 15);
  EXPECT_EQ(c.functions[1].inclusive, 95);
  ASSERT_EQ(c.stacks.size(), 2u);
  Profile p;
  p.stacks = c.stacks;
  p.total = 95;
  EXPECT_EQ(to_folded(p), "main 15\nmain;work 80\n");
}

TEST(Callgrind, MutualRecursionFoldsAndCountsOnce) {
  // main → a → b → a → c: a and b call each other.
  std::string text =
      "events: Ir\nfn=main\n0 0\ncfn=a\ncalls=1 0\n0 95\n"
      "fn=a\n0 10\ncfn=b\ncalls=1 0\n0 90\ncfn=c\ncalls=1 0\n0 35\n"
      "fn=b\n0 50\ncfn=a\ncalls=1 0\n0 40\nfn=c\n0 35\n";
  CallgrindProfile c = parse_callgrind(text, "rec.out");
  EXPECT_EQ(c.total, 95);
  double sum = 0;
  for (const Stack& s : c.stacks) {
    sum += s.weight;
    EXPECT_LE(std::count(s.frames.begin(), s.frames.end(), "a"), 1) << "recursion folds";
  }
  EXPECT_NEAR(sum, 95, 2);
  for (const CallgrindFunction& f : c.functions) EXPECT_LE(f.inclusive, 95) << f.name;
}

}  // namespace
}  // namespace hone::profile
