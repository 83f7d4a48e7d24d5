// `perf script` text into weighted call stacks (profile.h); errors name "file:line".
#include "profile/profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "profile/text.h"
#include "util/error.h"

namespace hone::profile {

using namespace text;

// ---- perf script --------------------------------------------------------------------------

namespace {

struct PerfHeader {
  std::string comm;
  std::string event;
  std::string_view inline_frame;  // "addr sym (dso)" on the header line (no -g), or empty
};

// "COMM PID[/TID] [CPU] TIME: [PERIOD] EVENT: [IP SYM (DSO)]": the command name may contain
// spaces, so the line is matched from the pid onwards and the command is what comes before.
bool parse_perf_header(std::string_view line, PerfHeader& h) {
  std::vector<std::string_view> t = split_ws(line);
  auto is_pid = [](std::string_view s) {
    size_t slash = s.find('/');
    if (slash == std::string_view::npos)
      return all_of(s, is_digit) || (s.size() > 1 && s[0] == '-' && all_of(s.substr(1), is_digit));
    return all_of(s.substr(0, slash), is_digit) && all_of(s.substr(slash + 1), is_digit);
  };
  auto is_time = [](std::string_view s) {
    if (s.size() < 3 || s.back() != ':') return false;
    s.remove_suffix(1);
    size_t dot = s.find('.');
    return dot != std::string_view::npos && all_of(s.substr(0, dot), is_digit) && all_of(s.substr(dot + 1), is_digit);
  };
  for (size_t i = 1; i < t.size(); ++i) {
    if (!is_pid(t[i])) continue;
    size_t j = i + 1;
    if (j < t.size() && t[j].size() > 2 && t[j].front() == '[' && t[j].back() == ']' &&
        all_of(t[j].substr(1, t[j].size() - 2), is_digit))
      ++j;  // [CPU]
    if (j < t.size() && is_time(t[j])) ++j;
    if (j < t.size() && all_of(t[j], is_digit)) ++j;  // period
    if (j >= t.size() || t[j].size() < 2 || t[j].back() != ':' || is_time(t[j])) continue;
    h.event = std::string(t[j].substr(0, t[j].size() - 1));
    const char* comm_begin = t[0].data();
    const char* comm_end = t[i - 1].data() + t[i - 1].size();
    h.comm = std::string(comm_begin, comm_end);
    const char* rest = t[j].data() + t[j].size();
    h.inline_frame = trim(std::string_view(rest, line.data() + line.size() - rest));
    return true;
  }
  return false;
}

struct PerfFrame {
  uint64_t address = 0;
  bool address_known = false;
  std::string symbol;  // offset stripped
  std::string dso;     // without parentheses; "" when not printed
};

// "ADDRESS SYMBOL[+0xOFF] (DSO)": the symbol may contain spaces and parentheses
// ("operator()", "std::function<void (int)>"), so the dso is the parenthesised group that
// closes the line.
bool parse_perf_frame(std::string_view line, PerfFrame& f) {
  line = trim(line);
  size_t sp = 0;
  while (sp < line.size() && !is_space(line[sp])) ++sp;
  std::string_view addr = line.substr(0, sp);
  if (!all_of(addr, is_hex) || addr.size() > 16) return false;
  f.address = std::strtoull(std::string(addr).c_str(), nullptr, 16);
  f.address_known = true;
  std::string_view rest = trim(line.substr(sp));
  f.dso.clear();
  if (!rest.empty() && rest.back() == ')') {
    int depth = 0;
    for (size_t i = rest.size(); i-- > 0;) {
      if (rest[i] == ')') ++depth;
      if (rest[i] == '(' && --depth == 0) {
        if (i == 0 || is_space(rest[i - 1])) {
          f.dso = std::string(rest.substr(i + 1, rest.size() - i - 2));
          rest = trim(rest.substr(0, i));
        }
        break;
      }
    }
  }
  if (rest.empty()) return false;
  // "+0x1a" offset.
  size_t plus = rest.rfind("+0x");
  if (plus != std::string_view::npos && plus > 0 && all_of(rest.substr(plus + 3), is_hex)) rest = rest.substr(0, plus);
  f.symbol = std::string(rest);
  return true;
}

bool is_kernel_frame(const PerfFrame& f) {
  if (f.dso.rfind("[kernel", 0) == 0) return true;
  if (f.dso == "[unknown]" || f.dso == "[vdso]" || f.dso == "[vsyscall]") return false;
  // Kernel text (and modules, printed as "[module]") lives in the top half of the address space.
  return f.address >= 0xffff800000000000ull;
}

std::string frame_name(const PerfFrame& f) {
  if (f.symbol == "[unknown]" || f.symbol.empty()) {
    if (f.dso.empty() || f.dso == "[unknown]") return "[unknown]";
    return "[unknown] (" + basename_of(f.dso) + ")";
  }
  return demangle(f.symbol);
}

}  // namespace

Profile parse_perf_script(std::string_view text, const std::string& source, const PerfScriptOptions& opts) {
  Lines lines(text, source);
  lines.reject_binary();
  Profile p;
  p.unit = "samples";
  p.process_root = true;
  StackSet stacks;

  bool in_sample = false, keep = false;
  bool any_callchain = false;
  int header_line = 0;
  PerfHeader h;
  std::vector<PerfFrame> frames;  // leaf first, as perf prints them

  auto finish = [&]() {
    if (!in_sample) return;
    in_sample = false;
    if (!keep) return;
    // Leaf-first frames → root-first names, kernel frames dropped or kept, runs of [unknown]
    // (unwinding that lost its way) merged into one.
    std::vector<std::string> names;
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
      std::string name;
      if (!opts.kernel && is_kernel_frame(*it)) {
        name = "[kernel]";
      } else {
        name = folded_safe(frame_name(*it));
      }
      if (!names.empty() && names.back() == name && (name == "[kernel]" || name.rfind("[unknown]", 0) == 0)) continue;
      names.push_back(std::move(name));
    }
    names.insert(names.begin(), folded_safe(h.comm));
    stacks.add(std::move(names), 1);
  };

  std::string_view line;
  while (lines.next(line)) {
    if (trim(line).empty()) {
      finish();
      continue;
    }
    if (!is_space(line[0])) {
      if (line[0] == '#') continue;  // `perf script --header` comments
      finish();
      h = PerfHeader{};
      if (!parse_perf_header(line, h))
        fail(
            "{}: expected a sample header 'COMMAND PID TIME: [PERIOD] EVENT:' (output of `perf "
            "script`), got {}",
            lines.where(), quote(line));
      in_sample = true;
      header_line = lines.number();
      frames.clear();
      if (p.event.empty()) p.event = h.event;
      // One event per profile: the first one recorded (perf record -e a,b interleaves them).
      keep = h.event == p.event && (opts.comm.empty() || h.comm == opts.comm);
      if (!h.inline_frame.empty()) {
        PerfFrame f;
        if (!parse_perf_frame(h.inline_frame, f))
          fail("{}: expected 'ADDRESS SYMBOL (DSO)' after the event, got {}", lines.where(), quote(h.inline_frame));
        frames.push_back(std::move(f));
      }
      continue;
    }
    if (!in_sample)
      fail("{}: a stack frame outside any sample (a sample header line is missing before it): {}", lines.where(),
           quote(line));
    PerfFrame f;
    if (!parse_perf_frame(line, f))
      fail("{}: expected a stack frame 'ADDRESS SYMBOL+OFFSET (DSO)', got {}", lines.where(), quote(line));
    any_callchain = true;
    frames.push_back(std::move(f));
  }
  // perf script ends every sample with a blank line; a last header without frames (when other
  // samples have them) means the text stops in the middle of a sample.
  if (in_sample && frames.empty() && any_callchain)
    fail("{}:{}: truncated: the sample that starts here has no stack frames", source, header_line);
  finish();
  stacks.into(p);
  return p;
}

}  // namespace hone::profile
