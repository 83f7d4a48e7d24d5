#pragma once
// What subcommands share: options common to all, the project's config (if any) and store.
#include <filesystem>
#include <optional>
#include <string>

#include "config/config.h"
#include "project/project.h"
#include "report/render.h"
#include "store/store.h"

namespace hone::cli {

struct GlobalOptions {
  std::string config;  // --config; empty = search from the current directory upwards
  std::string format = "terminal";
  std::string color = "auto";
};

// Flags of `bench` and `compare` that override [measure].

// Applies flags on top of the config's [measure]; bad values are errors naming the flag.

// The config named by --config, or found from the current directory; nullopt when none.
std::optional<Config> load_project(const GlobalOptions& g, bool required);
// Commands that change the loop's state (try, finish, run, baseline) run from the main checkout:
// inside one of hone's worktrees they would act on a copy. Throws naming where to run them.
void require_main_checkout(const Config& cfg, const std::string& command);

// .hone/hone.db beside hone.toml, or in the current directory without a project.
std::filesystem::path local_store_path(const std::optional<Config>& cfg);
// The shared store's URL (HONE_STORE, else [store] url), "" when there is none.
std::string shared_store(const std::optional<Config>& cfg);
// Where runs are read and recorded: the shared store's URL (password hidden) or the local file.
std::filesystem::path store_path(const std::optional<Config>& cfg);
// The shared store when one is configured (an error when it is down), else the local one.
Store open_store(const std::optional<Config>& cfg);
// For commands that record runs: the shared store, or the local one with a warning when the
// shared one is down (its runs are pushed later with `hone store push`).
Store open_recording_store(const std::optional<Config>& cfg);
Store open_local_store(const std::optional<Config>& cfg);

Format parse_format(const std::string& name);
bool use_color(const GlobalOptions& g);

}  // namespace hone::cli
