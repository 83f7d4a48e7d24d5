#include "fleet/shared.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

namespace hone::fleet {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct TempDir {
  fs::path path = fs::temp_directory_path() / fmt::format("hone-shared-{}-{}", getpid(), counter++);
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  static inline int counter = 0;
};

int64_t finished_run(Store& s, const std::string& label, double wall) {
  RunRecord r;
  r.kind = "bench";
  r.label = label;
  r.metric = "wall";
  int64_t id = s.begin_run(r);
  s.add_jobs(id, {{"b", "ours", "x"}});
  SampleRecord x;
  x.benchmark = "b";
  x.target = "ours";
  x.m.wall = wall;
  s.add_round(id, {x});
  s.finish_run(id, "complete");
  return id;
}

TEST(SharedStore, UrlFromEnvironmentOverConfig) {
  unsetenv("HONE_STORE");
  EXPECT_EQ(shared_store_url(""), "");
  EXPECT_EQ(shared_store_url("postgresql://a@b/c"), "postgresql://a@b/c");
  setenv("HONE_STORE", "postgres://team@db/perf", 1);
  EXPECT_EQ(shared_store_url("postgresql://a@b/c"), "postgres://team@db/perf");
  setenv("HONE_STORE", "/srv/hone.db", 1);
  EXPECT_THROW(shared_store_url(""), Error);
  setenv("HONE_STORE", "", 1);
  EXPECT_EQ(shared_store_url("postgresql://a@b/c"), "postgresql://a@b/c");
  unsetenv("HONE_STORE");
}

TEST(SharedStore, ADownStoreFallsBackToTheLocalOneAndSaysSo) {
  TempDir t;
  // A socket folder where no server listens: refused at once, like a store that is down.
  std::string url = fmt::format("postgresql://hone:secret@/perf?host={}", t.path.string());
  std::string warning;
  Store s = open_recording_store(url, t.path / "hone.db", &warning);
  EXPECT_STREQ(s.engine(), "sqlite");
  EXPECT_EQ(s.path(), t.path / "hone.db");
  EXPECT_THAT(warning, HasSubstr("the store is down or unreachable"));
  EXPECT_THAT(warning, HasSubstr("postgresql://hone:***@/perf"));
  EXPECT_THAT(warning, ::testing::Not(HasSubstr("secret")));
  EXPECT_THAT(warning, HasSubstr("hone store push"));
  // Opened for reading, the same store is an error.
  try {
    Store::open(url);
    FAIL();
  } catch (const StoreUnavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("the store is down or unreachable"));
  }
}

TEST(SharedStore, CopyRunsIsIdempotentBothWays) {
  TempDir t;
  Store a = Store::open(t.path / "a.db");
  Store b = Store::open(t.path / "b.db");
  finished_run(a, "a1", 1.0);
  finished_run(a, "a2", 2.0);
  RunRecord running;
  running.kind = "bench";
  a.begin_run(running);  // still running: not copied
  finished_run(b, "b1", 3.0);

  CopyCount n = copy_runs(a, b);
  EXPECT_EQ(n.copied, 2);
  EXPECT_EQ(n.skipped, 1);
  n = copy_runs(a, b);
  EXPECT_EQ(n.copied, 0);
  EXPECT_EQ(n.present, 2);
  n = copy_runs(b, a);  // b1 comes back; a1 and a2 are a's own
  EXPECT_EQ(n.copied, 1);
  EXPECT_EQ(n.present, 2);
  EXPECT_EQ(b.list_runs(-1).size(), 3u);
  EXPECT_EQ(a.list_runs(-1).size(), 4u);
}

}  // namespace
}  // namespace hone::fleet
