#pragma once
// Builds in hone's worktrees through ccache. Each revision and each attempt is built in a fresh
// worktree of its own, so a build system's own incremental state never carries over; ccache's
// does: with its compiler links ("masquerade" folder) first in PATH, and the worktree as
// CCACHE_BASEDIR (paths under it hashed as relative) with CCACHE_NOHASHDIR (the folder left out
// of the hash of -g builds), a translation unit compiled in one worktree is a cache hit in the
// next, and an attempt recompiles only what it changed. ccache keys on the preprocessed input
// and the compiler, so a hit is never a stale object.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"

namespace hone {

using BuildEnv = std::vector<std::pair<std::string, std::string>>;

// The first of `folders` holding ccache's compiler links (a `gcc`, `cc` or `c++` that is a
// symlink to a binary named ccache), or nullopt. HONE_CCACHE_LINKS, when set, is the only folder
// tried (tests; an unusual installation); set empty, none is.
std::optional<std::filesystem::path> ccache_links(const std::vector<std::filesystem::path>& folders = {
                                                      "/usr/lib/ccache", "/usr/lib64/ccache", "/usr/local/lib/ccache",
                                                      "/opt/homebrew/opt/ccache/libexec"});

// The environment for building the checkout whose top folder is `top`: the ccache variables
// when cfg.project.ccache is unset (and ccache is installed) or true, nothing when false. true
// without ccache is an error naming hone.toml's key.
BuildEnv build_env(const Config& cfg, const std::filesystem::path& top);

}  // namespace hone
