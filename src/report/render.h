#pragma once
// Reporters: text views of an Analysis. None of them measures or computes statistics.
#include <string>

#include <nlohmann/json.hpp>

#include "report/analysis.h"

namespace hone {

enum class Format { terminal, markdown, json, csv };

// The terminal table: one block per benchmark; per target its median with CI, n, and for
// each candidate the ratio with CI and the verdict in words ("1.32x slower"). Then geomeans
// and notes. color adds ANSI colours to verdicts.
std::string render_terminal(const Analysis& a, bool color);
// The procedure's table: | Trace | Our Time | Competitor | Ratio | (one Competitor/Ratio
// column pair per further target), times with CIs, ratio in words with CI.
std::string render_markdown(const Analysis& a);
// The JSON contract of docs/json.md.
nlohmann::json render_json(const Analysis& a);
// One row per (benchmark, target): benchmark,target,n,median,ci_lo,ci_hi,unit,ratio,ratio_lo,
// ratio_hi,p_value,verdict (comparison columns empty for the baseline).
std::string render_csv(const Analysis& a);

std::string render(const Analysis& a, Format f, bool color);

// A value of the analysis' metric in human units: "52.3 ms", "1.23 G", "12.0 MiB".
std::string format_value(const Analysis& a, double v);

}  // namespace hone
