#pragma once
// One store for a team: every machine records into a shared PostgreSQL store ([store] url or
// HONE_STORE), and a machine that cannot reach it keeps its runs locally (.hone/hone.db) to
// `hone store push` later. Runs carry a uid, so copying between stores never duplicates one.
#include <filesystem>
#include <string>

#include "store/store.h"

namespace hone::fleet {

// HONE_STORE when set and not empty, else `configured` ([store] url); "" = the local store.
// A HONE_STORE that is not a PostgreSQL URL is an error naming it.
std::string shared_store_url(const std::string& configured);

// The store commands record into: the shared one when a URL is given and reachable. When it is
// down (StoreUnavailable), the local store at `local`, and *warning says so (naming the URL, the
// reason and `hone store push`). Any other error (a bad schema...) is thrown.
Store open_recording_store(const std::string& url, const std::filesystem::path& local, std::string* warning);

struct CopyCount {
  int copied = 0;
  int present = 0;  // already there (same uid)
  int skipped = 0;  // still running, or unreadable (corrupt)
};

// Copies every finished run of `from` that `to` does not hold (by uid), oldest first, each with
// its jobs and samples in one transaction of `to`. Safe to repeat and to run from many machines
// at once.
CopyCount copy_runs(Store& from, Store& to);

}  // namespace hone::fleet
