#include "report/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "report/ratio_words.h"
#include "report/render_text.h"
#include "util/units.h"
#include "util/words.h"

namespace hone {

using namespace render_text;

std::string format_value(const Analysis& a, double v) {
  if (!std::isfinite(v)) return "n/a";
  switch (a.metric) {
    case Metric::wall:
    case Metric::cpu: return format_seconds(v);
    case Metric::max_rss: return format_bytes(v);
    case Metric::instructions: return format_count(v);
    case Metric::reported:
      if (a.unit == "s") return format_seconds(v);
      if (a.unit == "B") return format_bytes(v);
      break;
  }
  std::string num = fmt::format("{:.4g}", v);
  return a.unit.empty() ? num : num + " " + a.unit;
}

std::pair<std::string, std::string> comparison_words(const Analysis& a, const ComparisonRow& c, bool invert) {
  RatioText t = ratio_text(c.estimate.ratio, c.estimate.ci, c.judgement, a.threshold, a.deterministic, invert);
  return {t.words, ci_text(t)};
}

std::string render(const Analysis& a, Format f, bool color) {
  switch (f) {
    case Format::terminal: return render_terminal(a, color);
    case Format::markdown: return render_markdown(a);
    case Format::json: return render_json(a).dump(2) + "\n";
    case Format::csv: return render_csv(a);
  }
  return render_terminal(a, color);
}

}  // namespace hone
