// libFuzzer target: a done-criteria sentence → criteria::parse, and a parsed clause evaluated
// against fixed numbers. Only ParseError and hone::Error may come out.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "criteria/criteria.h"
#include "util/error.h"

namespace {

hone::criteria::Data sample_data() {
  using namespace hone;
  criteria::Data d;
  d.metric = "wall";
  for (const char* name : {"small", "large"}) {
    criteria::BenchNumbers b;
    b.benchmark = name;
    const std::vector<double> ours = {0.010, 0.011, 0.012};
    b.ours = stats::summarize(ours);
    b.ours_ci = stats::Interval{0.010, 0.012};
    b.vs["gnu-wc"] = stats::RatioEstimate{0.5, stats::Interval{0.4, 0.6}};
    b.vs["baseline"] = stats::RatioEstimate{0.8, stats::Interval{0.7, 0.9}};
    d.benchmarks.push_back(b);
  }
  d.geomean_vs["gnu-wc"] = stats::GeoMean{0.5, stats::Interval{0.45, 0.55}};
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const hone::criteria::Data numbers = sample_data();
  std::string sentence(reinterpret_cast<const char*>(data), size);
  try {
    hone::criteria::Clause c = hone::criteria::parse(sentence);
    hone::criteria::evaluate(c, numbers);
  } catch (const hone::criteria::ParseError& e) {
    (void)e.pointer();
  } catch (const hone::Error&) {
  }
  return 0;
}
