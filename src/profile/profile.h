#pragma once
// Profiles: where time (or instructions) goes. perf script output and callgrind output are
// parsed here into one model — weighted call stacks — from which the hotspot table, folded
// stacks and flame graphs are derived. Parsers throw hone::Error naming the file and line on
// truncated or garbage input.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hone::profile {

// One distinct call stack, root first ("main;run;count_char"), with its weight (samples for
// perf, instructions for callgrind).
struct Stack {
  std::vector<std::string> frames;  // root first
  double weight = 0;
};

struct Profile {
  std::string event;  // "cpu-clock", "cycles", "Ir"
  std::string unit;   // "samples" or "instructions"
  std::vector<Stack> stacks;
  double total = 0;      // sum of weights
  size_t max_depth = 0;  // deepest stack seen (shallow stacks mean broken unwinding)
  // frames[0] of every stack names the process (perf's folded convention), not a function:
  // hotspot tables leave it out.
  bool process_root = false;
};

struct PerfScriptOptions {
  bool kernel = false;  // keep kernel frames ([kernel.kallsyms]); default: drop them
  std::string comm;     // keep only samples of this command name; "" = all
};

// `perf script` text (default fields: comm pid time: period event: then one frame per line
// "addr symbol+off (dso)"). Each sample weighs 1 (unit "samples"); only the first event seen
// is kept. Symbols are demangled (C++ by the system demangler, Rust legacy hashes stripped,
// Rust v0 by a small demangler of our own); "+0x.." offsets dropped; "[unknown]" frames become
// "[unknown] (dso basename)" and consecutive ones are merged; kernel frames, unless kept,
// collapse into one "[kernel]" frame (so kernel time still shows, under its user-space caller).
// Stacks are stored root first, the command name as the root frame (process_root).
Profile parse_perf_script(std::string_view text, const std::string& source, const PerfScriptOptions& opts = {});

// callgrind output (callgrind_annotate's input): compressed names "fn=(id) name", ob=/fl=
// context, cfn=/calls= call lines, "positions:" and "events:" headers; cost lines per
// position. Builds exclusive cost per function and inclusive cost from calls= lines.
struct CallgrindFunction {
  std::string name;      // demangled
  std::string object;    // ob= (shared object / binary)
  double self = 0;       // exclusive Ir
  double inclusive = 0;  // self + cost of calls made from it
};
struct CallgrindProfile {
  std::string event = "Ir";
  double total = 0;                          // summary:/totals:
  std::vector<CallgrindFunction> functions;  // sorted by self, descending
  // Caller → callee edges with inclusive cost, for a folded view (callgrind has no stacks:
  // folded stacks are reconstructed from the call graph, cut at recursion).
  std::vector<Stack> stacks;
};
CallgrindProfile parse_callgrind(std::string_view text, const std::string& source);

// Folded stacks, one "a;b;c weight" per line, sorted — the format flamegraph.pl and speedscope
// read.
std::string to_folded(const Profile& p);
Profile parse_folded(std::string_view text, const std::string& source);

struct Hotspot {
  std::string function;
  double self = 0;                         // weight where it is the leaf
  double total = 0;                        // weight of stacks containing it (counted once per stack)
  double self_share = 0, total_share = 0;  // fractions of Profile::total
};
// Top n by self (then total) and the same functions' totals.
std::vector<Hotspot> hotspots(const Profile& p, size_t n);
std::vector<Hotspot> hotspots_by_total(const Profile& p, size_t n);

// Per-function change between two profiles (B against A): shares and, for instruction
// profiles, absolute weights.
struct HotspotDelta {
  std::string function;
  double self_share_a = 0, self_share_b = 0;
  double self_a = 0, self_b = 0;
};
std::vector<HotspotDelta> diff_hotspots(const Profile& a, const Profile& b, size_t n);

std::string demangle(std::string_view symbol);

}  // namespace hone::profile
