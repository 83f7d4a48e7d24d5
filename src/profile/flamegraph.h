#pragma once
// Flame graphs rendered by hone from a Profile: a self-contained SVG (inline CSS and JS, no
// network) in which hover shows function, weight and share, click zooms into a frame
// (click the root or press Escape to reset), and a search box highlights matching frames and
// shows their total share. The differential form draws B's shape coloured by growth (red) or
// shrink (blue) of each frame's share against A.
#include <string>

#include "profile/profile.h"

namespace hone::profile {

struct FlameOptions {
  std::string title = "Flame graph";
  std::string subtitle;       // command, commit, event...
  int width = 1200;           // px
  int frame_height = 16;      // px
  double min_width_px = 0.1;  // frames narrower than this are omitted (their weight stays)
};

std::string flamegraph_svg(const Profile& p, const FlameOptions& opts);
std::string differential_svg(const Profile& a, const Profile& b, const FlameOptions& opts);

}  // namespace hone::profile
