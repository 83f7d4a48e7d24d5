#include "fleet/shared.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "store/db.h"
#include "util/error.h"

namespace hone::fleet {

std::string shared_store_url(const std::string& configured) {
  const char* env = std::getenv("HONE_STORE");
  if (env != nullptr && *env != '\0') {
    if (!db::is_postgres_url(env))
      fail("HONE_STORE='{}': expected a PostgreSQL URL (postgresql://USER@HOST/DB); unset it for the local store",
           db::redact_url(env));
    return env;
  }
  return configured;
}

Store open_recording_store(const std::string& url, const std::filesystem::path& local, std::string* warning) {
  if (url.empty()) return Store::open(local);
  try {
    return Store::open(url);
  } catch (const StoreUnavailable& e) {
    if (warning)
      *warning = fmt::format(
          "{}; recording in the local store {} instead: run `hone store push` when the shared "
          "store is back",
          e.what(), local.string());
    return Store::open(local);
  }
}

CopyCount copy_runs(Store& from, Store& to) {
  CopyCount n;
  std::vector<RunRecord> runs = from.list_runs(-1);
  std::reverse(runs.begin(), runs.end());  // oldest first: ids in `to` keep the order of time
  for (const RunRecord& r : runs) {
    if (r.status == "running" || r.status == "corrupt" || r.uid.empty()) {
      ++n.skipped;
      continue;
    }
    if (to.find_run(r.uid)) {
      ++n.present;
      continue;
    }
    if (to.copy_run(r, from.jobs(r.id), from.samples(r.id)))
      ++n.copied;
    else
      ++n.present;  // another machine copied it in the meantime
  }
  return n;
}

}  // namespace hone::fleet
