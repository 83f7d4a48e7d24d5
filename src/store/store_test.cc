#include "store/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include "util/error.h"

#include <fmt/format.h>
#include <libpq-fe.h>

namespace hone {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// Every case runs on both engines: SQLite (a file in a temporary folder) and PostgreSQL (a fresh
// database per case on the server HONE_TEST_POSTGRES names, e.g.
// postgresql://hone@/postgres?host=/tmp/pg; tests/store_postgres.sh starts a throwaway cluster
// and sets it). Without HONE_TEST_POSTGRES the PostgreSQL cases are skipped, saying so. Cases
// about SQLite's file (pragmas, foreign files, crash hooks) run on SQLite only.
PGconn* admin_connection() {
  const char* url = std::getenv("HONE_TEST_POSTGRES");
  PGconn* c = PQconnectdb(url);
  EXPECT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  return c;
}

void admin_exec(const std::string& sql) {
  PGconn* c = admin_connection();
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
}

// The URL of another database on the test server (HONE_TEST_POSTGRES's, with its path replaced).
std::string database_url(const std::string& name) {
  std::string url = std::getenv("HONE_TEST_POSTGRES");
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme + 3);
  size_t query = url.find('?', slash == std::string::npos ? 0 : slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, slash == std::string::npos ? url.size() : slash) + "/" + name + tail;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "hone_store_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    db_path_ = dir_ / ".hone" / "hone.db";
    if (postgres()) {
      if (std::getenv("HONE_TEST_POSTGRES") == nullptr)
        GTEST_SKIP() << "HONE_TEST_POSTGRES is not set: no PostgreSQL server to test against "
                        "(tests/store_postgres.sh starts one)";
      static int counter = 0;
      database_ = fmt::format("hone_store_test_{}_{}", getpid(), ++counter);
      admin_exec("CREATE DATABASE " + database_);
      db_path_ = database_url(database_);
    }
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    if (!database_.empty()) admin_exec("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
  }
  bool postgres() const { return GetParam() == "postgresql"; }

  static RunRecord run_of(std::string kind, std::string label = "") {
    RunRecord r;
    r.kind = std::move(kind);
    r.label = std::move(label);
    r.metric = "wall";
    return r;
  }

  static SampleRecord sample(std::string bench, std::string target, int round, double wall) {
    SampleRecord s;
    s.benchmark = std::move(bench);
    s.target = std::move(target);
    s.round = round;
    s.m.wall = wall;
    s.m.user = wall * 0.9;
    s.m.sys = wall * 0.05;
    s.m.max_rss = 4096.0 * 1024;
    return s;
  }

  static std::vector<SampleRecord> round_of(int round, int n = 4) {
    std::vector<SampleRecord> v;
    for (int i = 0; i < n; ++i)
      v.push_back(
          sample("b" + std::to_string(i / 2), i % 2 ? "theirs" : "ours", round, 0.01 * (round + 1) + 0.001 * i));
    return v;
  }

  // Runs one SQL query on a separate, raw connection and returns the first column of the first row.
  std::string raw_query(const std::string& sql) {
    if (postgres()) {
      PGconn* c = PQconnectdb(db_path_.c_str());
      PGresult* r = PQexec(c, sql.c_str());
      EXPECT_TRUE(PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK)
          << PQresultErrorMessage(r);
      std::string out;
      if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
        out = PQgetisnull(r, 0, 0) ? "<NULL>" : PQgetvalue(r, 0, 0);
      PQclear(r);
      PQfinish(c);
      return out;
    }
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    std::string out;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      auto* t = sqlite3_column_text(st, 0);
      out = t ? reinterpret_cast<const char*>(t) : "<NULL>";
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  // The message of the hone::Error that Store::open throws for this path.
  static std::string open_error(const fs::path& p) {
    try {
      Store::open(p);
    } catch (const Error& e) {
      return e.what();
    }
    return "<no error>";
  }

  fs::path dir_;
  fs::path db_path_;  // the SQLite file, or the PostgreSQL URL of this case's database
  std::string database_;
};

// Cases about SQLite's file itself.
#define SQLITE_ONLY() \
  if (postgres()) GTEST_SKIP() << "about the SQLite file only"

TEST_P(StoreTest, CreatesFolderAndReopenKeepsData) {
  SQLITE_ONLY();
  int64_t id = 0;
  {
    Store s = Store::open(db_path_);
    EXPECT_TRUE(fs::exists(db_path_));
    id = s.begin_run(run_of("bench", "wc"));
    s.add_jobs(id, {{"short", "ours", "./wc short.txt"}, {"short", "theirs", "wc short.txt"}});
    s.add_round(id, round_of(0));
    s.add_round(id, round_of(1));
    s.finish_run(id, "complete");
  }
  Store s = Store::open(db_path_);
  auto run = s.get_run(id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->kind, "bench");
  EXPECT_EQ(run->label, "wc");
  EXPECT_EQ(run->status, "complete");
  EXPECT_EQ(s.jobs(id).size(), 2u);
  auto samples = s.samples(id);
  ASSERT_EQ(samples.size(), 8u);
  EXPECT_DOUBLE_EQ(samples[0].m.wall, 0.01);
  EXPECT_DOUBLE_EQ(samples[7].m.wall, 0.02 + 0.003);
  EXPECT_DOUBLE_EQ(samples[7].m.user, (0.02 + 0.003) * 0.9);
  EXPECT_DOUBLE_EQ(samples[7].m.max_rss, 4096.0 * 1024);
}

TEST_P(StoreTest, SchemaVersionIsCurrentAndStableAcrossReopen) {
  SQLITE_ONLY();
  EXPECT_EQ(Store::current_schema_version(), 5);
  {
    Store s = Store::open(db_path_);
    EXPECT_EQ(s.schema_version(), Store::current_schema_version());
  }
  Store s = Store::open(db_path_);
  EXPECT_EQ(s.schema_version(), Store::current_schema_version());
  EXPECT_EQ(raw_query("PRAGMA user_version"), std::to_string(Store::current_schema_version()));
  EXPECT_EQ(raw_query("SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN "
                      "('runs','jobs','samples')"),
            "3");
  EXPECT_EQ(raw_query("SELECT count(*) FROM sqlite_master WHERE type='index' AND "
                      "tbl_name='samples'"),
            "1");
}

TEST_P(StoreTest, EmptyFileIsMigrated) {
  SQLITE_ONLY();
  fs::create_directories(db_path_.parent_path());
  std::ofstream(db_path_).close();  // a zero-byte file is an empty SQLite database
  Store s = Store::open(db_path_);
  EXPECT_EQ(s.schema_version(), Store::current_schema_version());
}

TEST_P(StoreTest, WalModeAndPragmasActive) {
  SQLITE_ONLY();
  Store s = Store::open(db_path_);
  s.begin_run(run_of("bench"));
  EXPECT_EQ(raw_query("PRAGMA journal_mode"), "wal");  // persistent: seen by another connection
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(s.native_handle(), "PRAGMA foreign_keys", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  ASSERT_EQ(sqlite3_prepare_v2(s.native_handle(), "PRAGMA synchronous", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);  // NORMAL
  sqlite3_finalize(st);
}

TEST_P(StoreTest, RoundsOrderedByRoundThenInsertion) {
  Store s = Store::open(db_path_);
  int64_t a = s.begin_run(run_of("bench"));
  int64_t b = s.begin_run(run_of("bench"));
  s.add_round(a, {sample("x", "ours", 1, 1.1), sample("x", "theirs", 1, 1.2)});
  s.add_round(b, {sample("y", "ours", 0, 9.0)});
  s.add_round(a, {sample("x", "theirs", 0, 0.2), sample("x", "ours", 0, 0.1)});
  s.add_round(a, {sample("x", "ours", 2, 2.1)});
  s.add_round(a, {});  // no-op

  auto v = s.samples(a);
  ASSERT_EQ(v.size(), 5u);
  std::vector<std::pair<int, std::string>> got;
  for (auto& x : v) got.emplace_back(x.round, x.target);
  std::vector<std::pair<int, std::string>> want = {{0, "theirs"}, {0, "ours"}, {1, "ours"}, {1, "theirs"}, {2, "ours"}};
  EXPECT_EQ(got, want);
  EXPECT_DOUBLE_EQ(v[0].m.wall, 0.2);
  EXPECT_DOUBLE_EQ(v[4].m.wall, 2.1);
  ASSERT_EQ(s.samples(b).size(), 1u);
  EXPECT_EQ(s.samples(b)[0].benchmark, "y");
  EXPECT_TRUE(s.samples(12345).empty());
}

TEST_P(StoreTest, InstructionsAndReportedNullVersusValue) {
  Store s = Store::open(db_path_);
  int64_t id = s.begin_run(run_of("bench"));
  SampleRecord none = sample("b", "ours", 0, 1.0);
  SampleRecord both = sample("b", "theirs", 0, 1.0);
  both.m.instructions = 123456789012.0;
  both.m.reported = 0.0;  // zero is a value, not absence
  SampleRecord only_reported = sample("c", "ours", 0, 1.0);
  only_reported.m.reported = 4.25e-6;
  s.add_round(id, {none, both, only_reported});

  auto v = s.samples(id);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_FALSE(v[0].m.instructions.has_value());
  EXPECT_FALSE(v[0].m.reported.has_value());
  ASSERT_TRUE(v[1].m.instructions.has_value());
  EXPECT_DOUBLE_EQ(*v[1].m.instructions, 123456789012.0);
  ASSERT_TRUE(v[1].m.reported.has_value());
  EXPECT_DOUBLE_EQ(*v[1].m.reported, 0.0);
  EXPECT_FALSE(v[2].m.instructions.has_value());
  ASSERT_TRUE(v[2].m.reported.has_value());
  EXPECT_DOUBLE_EQ(*v[2].m.reported, 4.25e-6);
  EXPECT_EQ(raw_query("SELECT count(*) FROM samples WHERE instructions IS NULL"), "2");
  EXPECT_EQ(raw_query("SELECT count(*) FROM samples WHERE reported IS NULL"), "1");
}

TEST_P(StoreTest, EachSampleStreamsOneMetricInOrderAndSkipsTheMissing) {
  Store s = Store::open(db_path_);
  int64_t id = s.begin_run(run_of("bench"));
  SampleRecord a = sample("b", "ours", 1, 1.0);
  a.m.user = 0.25;
  a.m.sys = 0.5;
  a.m.reported = 7.0;
  SampleRecord b = sample("b", "theirs", 0, 2.0);
  b.m.user = 0.1;
  b.m.sys = 0.2;
  s.add_round(id, {a});
  s.add_round(id, {b});
  auto collect = [&](Metric m) {
    std::vector<std::tuple<std::string, std::string, int, double>> got;
    s.each_sample(id, m, [&](const Store::SampleValue& v) {
      got.emplace_back(std::string(v.benchmark), std::string(v.target), v.round, v.value);
    });
    return got;
  };
  using Row = std::tuple<std::string, std::string, int, double>;
  EXPECT_EQ(collect(Metric::wall), (std::vector<Row>{{"b", "theirs", 0, 2.0}, {"b", "ours", 1, 1.0}}));
  // cpu is user + sys, the very sum Measurement::cpu() makes.
  EXPECT_EQ(collect(Metric::cpu), (std::vector<Row>{{"b", "theirs", 0, b.m.cpu()}, {"b", "ours", 1, a.m.cpu()}}));
  EXPECT_EQ(collect(Metric::reported), (std::vector<Row>{{"b", "ours", 1, 7.0}}));  // theirs reported nothing
  EXPECT_TRUE(collect(Metric::instructions).empty());
}

TEST_P(StoreTest, ListRunsNewestFirstWithLimit) {
  Store s = Store::open(db_path_);
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(s.begin_run(run_of("bench", "run" + std::to_string(i))));
  auto three = s.list_runs(3);
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three[0].id, ids[4]);
  EXPECT_EQ(three[1].id, ids[3]);
  EXPECT_EQ(three[2].id, ids[2]);
  EXPECT_EQ(three[0].label, "run4");
  EXPECT_EQ(s.list_runs().size(), 5u);
  EXPECT_EQ(s.list_runs(-1).size(), 5u);
  EXPECT_TRUE(s.list_runs(0).empty());

  // An imported run carrying an older start time sorts by that time, not by insertion.
  RunRecord old = run_of("import", "old");
  old.started_at = "2001-01-01T00:00:00Z";
  int64_t old_id = s.begin_run(old);
  auto all = s.list_runs(-1);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all.back().id, old_id);
  EXPECT_EQ(all.back().started_at, "2001-01-01T00:00:00Z");
}

TEST_P(StoreTest, ACorruptRunRowIsListedAsCorruptAndTheOthersAsUsual) {
  Store s = Store::open(db_path_);
  int64_t a = s.begin_run(run_of("bench", "a"));
  int64_t b = s.begin_run(run_of("bench", "b"));
  raw_query(fmt::format("UPDATE runs SET settings = '{{not json' WHERE id = {}", a));
  raw_query(fmt::format("UPDATE runs SET machine = '[1, 2]' WHERE id = {}", b));
  int64_t c = s.begin_run(run_of("bench", "c"));
  auto all = s.list_runs(-1);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, c);
  EXPECT_EQ(all[0].status, "running");
  for (const RunRecord& r : {all[1], all[2]}) {
    EXPECT_EQ(r.status, "corrupt");
    EXPECT_THAT(r.note, HasSubstr("is not a JSON object; the file was edited outside hone"));
  }
  EXPECT_THAT(all[2].note, HasSubstr("run " + std::to_string(a) + " has a settings column"));
  // Asked for by id, the damage is an error naming the store and the run.
  try {
    s.get_run(a);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr(db_path_.string()));
  }
}

TEST_P(StoreTest, GetRunMissingIsNullopt) {
  Store s = Store::open(db_path_);
  EXPECT_FALSE(s.get_run(1).has_value());
  int64_t id = s.begin_run(run_of("bench"));
  EXPECT_TRUE(s.get_run(id).has_value());
  EXPECT_FALSE(s.get_run(id + 1).has_value());
}

TEST_P(StoreTest, BeginRunSetsFields) {
  Store s = Store::open(db_path_);
  RunRecord r = run_of("compare", "'sleep 0.1' vs 'sleep 0.2'");
  r.commit = "1abc5680000000000000000000000000000000ff";
  r.dirty = true;
  r.config_hash = "sha256:beef";
  r.status = "complete";  // ignored: a new run is running
  int64_t id = s.begin_run(r);
  auto got = s.get_run(id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->kind, "compare");
  EXPECT_EQ(got->label, r.label);
  EXPECT_EQ(got->status, "running");
  EXPECT_EQ(got->metric, "wall");
  EXPECT_EQ(got->commit, r.commit);
  EXPECT_TRUE(got->dirty);
  EXPECT_EQ(got->config_hash, "sha256:beef");
  EXPECT_EQ(got->pid, getpid());
  EXPECT_TRUE(got->finished_at.empty());
  EXPECT_TRUE(std::regex_match(got->started_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << got->started_at;

  RunRecord with_pid = run_of("bench");
  with_pid.pid = 424242;
  EXPECT_EQ(s.get_run(s.begin_run(with_pid))->pid, 424242);
}

TEST_P(StoreTest, FinishRun) {
  Store s = Store::open(db_path_);
  int64_t a = s.begin_run(run_of("bench"));
  int64_t b = s.begin_run(run_of("bench"));
  s.finish_run(a, "complete");
  s.finish_run(b, "failed", "command 'x' exited with status 2");
  auto ra = s.get_run(a);
  auto rb = s.get_run(b);
  EXPECT_EQ(ra->status, "complete");
  EXPECT_EQ(ra->note, "");
  EXPECT_TRUE(std::regex_match(ra->finished_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << ra->finished_at;
  EXPECT_GE(ra->finished_at, ra->started_at);
  EXPECT_EQ(rb->status, "failed");
  EXPECT_EQ(rb->note, "command 'x' exited with status 2");

  try {
    s.finish_run(999, "complete");
    FAIL() << "no error for a missing run";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("no run 999"));
    EXPECT_THAT(e.what(), HasSubstr(db_path_.string()));
  }
  EXPECT_THROW(s.finish_run(a, "done"), Error);
}

TEST_P(StoreTest, LatestMeasurementSkipsWorktreeRunsAndOtherTargets) {
  Store s = Store::open(db_path_);
  EXPECT_FALSE(s.latest_measurement("ours"));
  auto add = [&](const std::string& kind, const std::string& target, const std::string& status,
                 nlohmann::json settings = nlohmann::json::object()) {
    RunRecord r = run_of(kind);
    r.settings = std::move(settings);
    int64_t id = s.begin_run(r);
    s.add_jobs(id, {JobRecord{"b", target, "cmd"}});
    s.finish_run(id, status);
    return id;
  };
  int64_t baseline = add("baseline", "ours", "complete");
  add("bench", "theirs", "complete");                             // not ours
  add("bench", "ours", "interrupted");                            // not complete
  add("compare", "ours", "complete");                             // an attempt's pair
  add("bench", "ours", "complete", {{"worktree", "fast-path"}});  // an agent's, in its worktree
  EXPECT_EQ(s.latest_measurement("ours"), baseline);
  int64_t bench = add("bench", "ours", "complete");
  EXPECT_EQ(s.latest_measurement("ours"), bench);
  EXPECT_FALSE(s.latest_measurement("nobody"));
}

TEST_P(StoreTest, JobsKeepOrderAndAppend) {
  Store s = Store::open(db_path_);
  int64_t a = s.begin_run(run_of("bench"));
  int64_t b = s.begin_run(run_of("bench"));
  s.add_jobs(a, {{"z", "ours", "./z"}, {"a", "theirs", "a --fast"}, {"m", "ours", "./m 'x y'"}});
  s.add_jobs(b, {{"only", "ours", "./only"}});
  s.add_jobs(a, {{"late", "ours", "./late"}});
  s.add_jobs(a, {});
  auto ja = s.jobs(a);
  ASSERT_EQ(ja.size(), 4u);
  EXPECT_EQ(ja[0].benchmark, "z");
  EXPECT_EQ(ja[1].benchmark, "a");
  EXPECT_EQ(ja[1].target, "theirs");
  EXPECT_EQ(ja[1].command, "a --fast");
  EXPECT_EQ(ja[2].command, "./m 'x y'");
  EXPECT_EQ(ja[3].benchmark, "late");
  ASSERT_EQ(s.jobs(b).size(), 1u);
  EXPECT_TRUE(s.jobs(777).empty());
  EXPECT_THROW(s.add_jobs(777, {{"x", "y", "z"}}), Error);  // foreign key: no such run
}

TEST_P(StoreTest, MachineAndSettingsJsonRoundTrip) {
  nlohmann::json machine = {{"cpu", "AMD EPYC 7B13 — “µ”"}, {"cores", 2},
                            {"load", {0.5, 0.25, 0.125}},   {"counters", false},
                            {"governor", nullptr},          {"kernel", "6.1.0-18-amd64"}};
  nlohmann::json settings = {{"seed", 18446744073709551615ull},
                             {"precision", 0.01},
                             {"max_time", 30.0},
                             {"nested", {{"a", {1, 2, {{"b", "c"}}}}}}};
  int64_t id = 0;
  {
    Store s = Store::open(db_path_);
    RunRecord r = run_of("bench");
    r.machine = machine;
    r.settings = settings;
    id = s.begin_run(r);
  }
  Store s = Store::open(db_path_);
  auto r = s.get_run(id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->machine, machine);
  EXPECT_EQ(r->settings, settings);

  nlohmann::json updated = settings;
  updated["rounds"] = 37;
  s.update_settings(id, updated);
  EXPECT_EQ(s.get_run(id)->settings, updated);
  EXPECT_EQ(s.get_run(id)->machine, machine);
  EXPECT_THROW(s.update_settings(id + 100, updated), Error);

  // A default record stores empty objects.
  int64_t plain = s.begin_run(run_of("bench"));
  EXPECT_EQ(s.get_run(plain)->machine, nlohmann::json::object());
  EXPECT_EQ(s.get_run(plain)->settings, nlohmann::json::object());
}

// The pid of a process that has exited and been reaped.
pid_t dead_pid() {
  pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

TEST_P(StoreTest, RecoverStaleRunsMarksDeadPidsOnly) {
  Store s = Store::open(db_path_);
  RunRecord dead = run_of("bench", "dead");
  dead.pid = dead_pid();
  int64_t dead_id = s.begin_run(dead);
  int64_t live_id = s.begin_run(run_of("bench", "live"));  // our own pid
  RunRecord done = run_of("bench", "done");
  done.pid = dead_pid();
  int64_t done_id = s.begin_run(done);
  s.finish_run(done_id, "complete");

  EXPECT_EQ(s.recover_stale_runs(), 1);
  auto d = s.get_run(dead_id);
  EXPECT_EQ(d->status, "interrupted");
  EXPECT_EQ(d->note, "hone stopped before the run finished (crash or kill)");
  EXPECT_EQ(s.get_run(live_id)->status, "running");
  EXPECT_EQ(s.get_run(live_id)->note, "");
  EXPECT_EQ(s.get_run(done_id)->status, "complete");
  EXPECT_EQ(s.recover_stale_runs(), 0);  // idempotent
}

TEST_P(StoreTest, NotADatabaseNamesThePath) {
  SQLITE_ONLY();
  fs::create_directories(db_path_.parent_path());
  {
    std::ofstream f(db_path_);
    for (int i = 0; i < 200; ++i) f << "this is a text file, not a database\n";
  }
  std::string msg = open_error(db_path_);
  EXPECT_THAT(msg, HasSubstr(db_path_.string()));
  EXPECT_THAT(msg, HasSubstr("not a hone database"));
  EXPECT_THAT(msg, HasSubstr("move it aside"));

  fs::path tiny = dir_ / "tiny.db";
  std::ofstream(tiny) << "hello\n";
  msg = open_error(tiny);
  EXPECT_THAT(msg, HasSubstr(tiny.string()));
  EXPECT_THAT(msg, HasSubstr("not a hone database"));
}

TEST_P(StoreTest, ForeignSqliteDatabaseIsRefused) {
  SQLITE_ONLY();
  fs::create_directories(db_path_.parent_path());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE contacts (name TEXT)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  std::string msg = open_error(db_path_);
  EXPECT_THAT(msg, HasSubstr(db_path_.string()));
  EXPECT_THAT(msg, HasSubstr("not one hone made"));
}

TEST_P(StoreTest, NewerSchemaIsRefused) {
  SQLITE_ONLY();
  fs::create_directories(db_path_.parent_path());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE future (x); PRAGMA user_version = 99", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  std::string msg = open_error(db_path_);
  EXPECT_THAT(msg, HasSubstr(db_path_.string()));
  EXPECT_THAT(msg, HasSubstr("created by a newer hone (schema 99, this hone knows 5)"));
  // The file is left untouched: still version 99, still not in WAL mode.
  EXPECT_EQ(raw_query("PRAGMA user_version"), "99");
  EXPECT_EQ(raw_query("PRAGMA journal_mode"), "delete");
}

TEST_P(StoreTest, UnwritableFolderIsAnError) {
  SQLITE_ONLY();
  fs::path blocker = dir_ / "file";
  std::ofstream(blocker) << "x";
  std::string msg = open_error(blocker / "sub" / "hone.db");
  EXPECT_THAT(msg, HasSubstr("cannot create the folder"));
  EXPECT_THAT(msg, HasSubstr((blocker / "sub").string()));
}

TEST_P(StoreTest, FailedRoundWritesNothing) {
  Store s = Store::open(db_path_);
  int64_t id = s.begin_run(run_of("bench"));
  s.add_round(id, round_of(0));
  try {
    s.add_round(id + 50, round_of(1));  // no such run: the foreign key fails on the first row
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr(db_path_.string()));
    EXPECT_THAT(e.what(), HasSubstr("cannot write round 1 of run"));
    EXPECT_THAT(e.what(), ::testing::ContainsRegex("FOREIGN KEY constraint failed|violates foreign key constraint"));
  }
  EXPECT_EQ(raw_query("SELECT count(*) FROM samples"), "4");
  // The connection is usable after the rollback.
  s.add_round(id, round_of(1));
  EXPECT_EQ(s.samples(id).size(), 8u);
}

TEST_P(StoreTest, StoreIsMovable) {
  Store a = Store::open(db_path_);
  int64_t id = a.begin_run(run_of("bench"));
  Store b = std::move(a);
  b.add_round(id, round_of(0));
  Store c = Store::open(dir_ / "other.db");
  c = std::move(b);
  EXPECT_EQ(c.path(), db_path_);
  EXPECT_EQ(c.samples(id).size(), 4u);
}

TEST_P(StoreTest, TwoConnectionsSeeEachOthersCommits) {
  Store writer = Store::open(db_path_);
  Store reader = Store::open(db_path_);
  int64_t id = writer.begin_run(run_of("bench"));
  writer.add_round(id, round_of(0));
  EXPECT_EQ(reader.samples(id).size(), 4u);
  reader.finish_run(id, "complete");
  EXPECT_EQ(writer.get_run(id)->status, "complete");
}

// A hone process killed mid-round: the committed rounds survive, the round in flight vanishes,
// and the run is recognisably interrupted.
int g_inserts_before_crash = 0;
void crash_after_inserts(void*, int op, const char*, const char* table, sqlite3_int64) {
  if (op == SQLITE_INSERT && std::string_view(table) == "samples" && --g_inserts_before_crash == 0)
    _exit(42);  // after BEGIN and some inserts, before COMMIT
}

TEST_P(StoreTest, CrashMidRoundLosesOnlyThatRound) {
  SQLITE_ONLY();
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      Store s = Store::open(db_path_);
      int64_t id = s.begin_run(run_of("bench", "crashing"));
      s.add_jobs(id, {{"b0", "ours", "./ours"}, {"b0", "theirs", "./theirs"}});
      for (int r = 0; r < 3; ++r) s.add_round(id, round_of(r, 10));
      g_inserts_before_crash = 5;
      sqlite3_update_hook(s.native_handle(), crash_after_inserts, nullptr);
      s.add_round(id, round_of(3, 10));
    } catch (...) {
      _exit(3);
    }
    _exit(4);  // the hook should have ended us
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 42) << "the child did not stop inside the 4th round";

  Store s = Store::open(db_path_);
  auto runs = s.list_runs();
  ASSERT_EQ(runs.size(), 1u);
  const RunRecord& run = runs[0];
  EXPECT_EQ(run.status, "running");
  EXPECT_EQ(run.pid, child);
  auto samples = s.samples(run.id);
  EXPECT_EQ(samples.size(), 30u);
  std::map<int, int> per_round;
  for (auto& x : samples) ++per_round[x.round];
  EXPECT_EQ(per_round, (std::map<int, int>{{0, 10}, {1, 10}, {2, 10}}));
  EXPECT_EQ(s.jobs(run.id).size(), 2u);

  EXPECT_EQ(s.recover_stale_runs(), 1);
  auto after = s.get_run(run.id);
  EXPECT_EQ(after->status, "interrupted");
  EXPECT_EQ(after->note, "hone stopped before the run finished (crash or kill)");
  // The database keeps working after the crash.
  s.add_round(run.id, round_of(3, 10));
  EXPECT_EQ(s.samples(run.id).size(), 40u);
}

TEST_P(StoreTest, PerformanceOfAddRound) {
  constexpr int kRounds = 1000, kPerRound = 10;
  Store s = Store::open(db_path_);
  int64_t id = s.begin_run(run_of("bench", "perf"));
  std::vector<std::vector<SampleRecord>> rounds;
  for (int r = 0; r < kRounds; ++r) {
    rounds.push_back({});
    for (int i = 0; i < kPerRound; ++i) {
      SampleRecord x = sample("bench" + std::to_string(i / 2), i % 2 ? "theirs" : "ours", r, 0.05 + 1e-6 * i);
      if (i % 3 == 0) x.m.instructions = 1.0e8 + i;
      rounds.back().push_back(std::move(x));
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  for (auto& round : rounds) s.add_round(id, round);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "[ perf     ] add_round: %d rounds x %d samples in %.3f s = %.1f us/round "
      "(%.2f us/sample)\n",
      kRounds, kPerRound, secs, secs / kRounds * 1e6, secs / (kRounds * kPerRound) * 1e6);
  EXPECT_EQ(s.samples(id).size(), static_cast<size_t>(kRounds * kPerRound));
  EXPECT_LT(secs, 20.0);
}

TEST_P(StoreTest, EventsKeepTheirOrderAndFields) {
  Store s = Store::open(db_path_);
  int64_t run = s.begin_run(run_of("baseline"));
  EventRecord a;
  a.kind = "baseline";
  a.title = "Baseline Benchmarks";
  a.body = "| Trace | Our Time |\n";
  a.data = {{"name", "default"}};
  a.run_id = run;
  s.add_event(a);
  EventRecord b;
  b.kind = "note";
  b.title = "Note";
  b.at = "2026-01-02T03:04:05Z";
  s.add_event(b);
  std::vector<EventRecord> ev = s.events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, "baseline");
  EXPECT_EQ(ev[0].body, "| Trace | Our Time |\n");
  EXPECT_EQ(ev[0].data["name"], "default");
  EXPECT_EQ(ev[0].run_id, run);
  EXPECT_EQ(ev[0].at.size(), 20u);  // set by add_event: 2026-11-25T18:02:11Z
  EXPECT_EQ(ev[1].at, "2026-01-02T03:04:05Z");
  EXPECT_EQ(ev[1].run_id, 0);
}

TEST_P(StoreTest, BaselinesPointAtRunsAndMove) {
  Store s = Store::open(db_path_);
  int64_t r1 = s.begin_run(run_of("baseline"));
  int64_t r2 = s.begin_run(run_of("baseline"));
  EXPECT_FALSE(s.baseline("default"));
  s.set_baseline("default", r1);
  EXPECT_EQ(s.baseline("default"), r1);
  s.set_baseline("default", r2);
  EXPECT_EQ(s.baseline("default"), r2);
  s.set_baseline("v1.0", r1);
  EXPECT_EQ(s.baselines().size(), 2u);
}

TEST_P(StoreTest, MigratesAVersionOneDatabaseKeepingItsRuns) {
  SQLITE_ONLY();
  int64_t id = 0;
  {
    Store s = Store::open(db_path_);
    id = s.begin_run(run_of("bench"));
    s.add_round(id, round_of(0));
  }
  // Turn the file back into what hone with schema 1 wrote.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE experiments; DROP TABLE candidates; DROP TABLE events; "
                           "DROP TABLE baselines; DROP INDEX runs_by_uid; ALTER TABLE runs DROP COLUMN uid; "
                           "ALTER TABLE runs DROP COLUMN heartbeat; PRAGMA user_version = 1;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  Store s = Store::open(db_path_);
  EXPECT_EQ(s.schema_version(), Store::current_schema_version());
  EXPECT_EQ(s.samples(id).size(), 4u);
  EventRecord e;
  e.kind = "note";
  e.title = "after migration";
  s.add_event(e);
  EXPECT_EQ(s.events().size(), 1u);
}

TEST_P(StoreTest, AVersionFourDatabaseGetsHeartbeatsThatRoundsMoveOn) {
  SQLITE_ONLY();
  int64_t old = 0;
  {
    Store s = Store::open(db_path_);
    old = s.begin_run(run_of("bench"));
    s.finish_run(old, "complete");
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(db, "ALTER TABLE runs DROP COLUMN heartbeat; PRAGMA user_version = 4;", nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(db);
  }
  Store s = Store::open(db_path_);
  EXPECT_EQ(s.schema_version(), 5);
  EXPECT_EQ(s.get_run(old)->heartbeat, "");  // never kept: unknown, not made up
  RunRecord r = run_of("bench");
  r.started_at = "2026-01-02T03:04:05Z";
  int64_t id = s.begin_run(r);
  EXPECT_EQ(s.get_run(id)->heartbeat, "2026-01-02T03:04:05Z");  // alive when it started
  s.add_round(id, round_of(0));
  EXPECT_GT(s.get_run(id)->heartbeat, "2026-01-02T03:04:05Z");  // and when it wrote a round
}

TEST_P(StoreTest, MigratesAVersionTwoDatabaseToTheLoopTables) {
  SQLITE_ONLY();
  int64_t run = 0;
  {
    Store s = Store::open(db_path_);
    run = s.begin_run(run_of("baseline"));
    s.set_baseline("default", run);
    EventRecord e;
    e.kind = "note";
    e.title = "before the loop";
    s.add_event(e);
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE experiments; DROP TABLE candidates; DROP INDEX runs_by_uid; "
                           "ALTER TABLE runs DROP COLUMN uid; ALTER TABLE runs DROP COLUMN heartbeat; "
                           "PRAGMA user_version = 2;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  Store s = Store::open(db_path_);
  EXPECT_EQ(s.schema_version(), Store::current_schema_version());
  EXPECT_EQ(s.baseline("default"), run);
  EXPECT_EQ(s.get_run(run)->uid.size(), 32u);  // runs from before uids get one
  EXPECT_EQ(s.events().size(), 1u);
  CandidateRecord c;
  c.name = "Lookup table";
  c.slug = "lookup-table";
  EXPECT_EQ(s.add_candidate(c), 1);
}

TEST_P(StoreTest, CandidatesAppendInPriorityOrderAndUpdate) {
  Store s = Store::open(db_path_);
  CandidateRecord a;
  a.name = "Compact spans";
  a.slug = "compact-spans";
  a.gain = "1.3x";
  int64_t ida = s.add_candidate(a);
  CandidateRecord b;
  b.name = "Cursor cache";
  b.slug = "cursor-cache";
  b.builds_on = ida;
  int64_t idb = s.add_candidate(b);
  std::vector<CandidateRecord> all = s.candidates();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, ida);
  EXPECT_EQ(all[1].builds_on, ida);
  EXPECT_LT(all[0].priority, all[1].priority);
  EXPECT_EQ(all[0].status, "proposed");
  EXPECT_EQ(all[0].gain, "1.3x");

  CandidateRecord moved = *s.get_candidate(idb);
  moved.priority = 0.5;
  moved.status = "approved";
  s.update_candidate(moved);
  all = s.candidates();
  EXPECT_EQ(all[0].id, idb);
  EXPECT_EQ(all[0].status, "approved");
  EXPECT_FALSE(s.get_candidate(99));
  moved.id = 99;
  EXPECT_THROW(s.update_candidate(moved), Error);
  // Slugs name branches: two candidates may not share one.
  EXPECT_THROW(s.add_candidate(a), Error);
}

TEST_P(StoreTest, StagesAndOutcomesAreStoredByNameAndAnUnknownOneIsNamed) {
  Store s = Store::open(db_path_);
  CandidateRecord c;
  c.name = "x";
  c.slug = "x";
  ExperimentRecord e;
  e.candidate_id = s.add_candidate(c);
  e.id = s.begin_experiment(e);
  e.stage = Stage::done;
  e.outcome = Outcome::abandoned;
  s.update_experiment(e);
  if (!postgres())
    EXPECT_EQ(raw_query(fmt::format("SELECT stage || '/' || outcome FROM experiments WHERE id = {}", e.id)),
              "done/abandoned");
  for (Stage st : {Stage::preparing, Stage::agent, Stage::human, Stage::verifying, Stage::deciding, Stage::done})
    EXPECT_EQ(parse_stage(stage_name(st)), st);
  for (Outcome o :
       {Outcome::none, Outcome::kept, Outcome::slow, Outcome::rejected, Outcome::interrupted, Outcome::abandoned})
    EXPECT_EQ(parse_outcome(outcome_name(o)), o);
  EXPECT_EQ(fmt::format("{} {}", Stage::verifying, Outcome::slow), "verifying slow");
  EXPECT_EQ(nlohmann::json(Outcome::kept), "kept");
  SQLITE_ONLY();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE experiments SET stage = 'pondering'", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  try {
    s.get_experiment(e.id);
    FAIL() << "an unknown stage was read";
  } catch (const Error& err) {
    EXPECT_THAT(err.what(), HasSubstr(db_path_.string()));
    EXPECT_THAT(err.what(), HasSubstr(fmt::format("experiment {} has an unknown stage 'pondering'", e.id)));
  }
}

TEST_P(StoreTest, ExperimentsRoundTripAndStaleOnesAreFound) {
  Store s = Store::open(db_path_);
  CandidateRecord c;
  c.name = "x";
  c.slug = "x";
  int64_t cid = s.add_candidate(c);
  ExperimentRecord e;
  e.candidate_id = cid;
  e.branch = "hone/x";
  e.data = {{"report", {{"mechanism", "fewer loads"}}}};
  e.id = s.begin_experiment(e);
  EXPECT_TRUE(s.stale_experiments().empty());  // our own pid is alive

  ExperimentRecord dead = *s.get_experiment(e.id);
  EXPECT_EQ(dead.pid, getpid());
  EXPECT_EQ(dead.data["report"]["mechanism"], "fewer loads");
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  dead.pid = child;  // a process that has exited
  dead.stage = Stage::verifying;
  s.update_experiment(dead);
  ASSERT_EQ(s.stale_experiments().size(), 1u);

  dead.stage = Stage::done;
  dead.outcome = Outcome::kept;
  s.update_experiment(dead);
  EXPECT_TRUE(s.stale_experiments().empty());
  ExperimentRecord done = s.experiments(cid).at(0);
  EXPECT_EQ(done.outcome, Outcome::kept);
  EXPECT_FALSE(done.finished_at.empty());
  EXPECT_TRUE(s.experiments(cid + 1).empty());
}

TEST_P(StoreTest, EveryRunHasAStableUid) {
  Store s = Store::open(db_path_);
  int64_t a = s.begin_run(run_of("bench"));
  RunRecord given = run_of("bench");
  given.uid = "0123456789abcdef0123456789abcdef";
  int64_t b = s.begin_run(given);
  EXPECT_EQ(s.get_run(a)->uid.size(), 32u);
  EXPECT_NE(s.get_run(a)->uid, given.uid);
  EXPECT_EQ(s.get_run(b)->uid, given.uid);
  EXPECT_EQ(s.find_run(given.uid), b);
  EXPECT_EQ(s.find_run("nope"), std::nullopt);
  EXPECT_THROW(s.begin_run(given), Error);  // one uid, one run
}

TEST_P(StoreTest, CopyRunKeepsEverythingOnceAndRefusesRunningOnes) {
  fs::path other = dir_ / "other.db";
  Store from = Store::open(other);
  RunRecord r = run_of("bench", "copied");
  r.machine = {{"name", "node-7"}, {"id", "abc"}};
  r.settings = {{"seed", 7}};
  int64_t id = from.begin_run(r);
  from.add_jobs(id, {{"b0", "ours", "spin 1"}, {"b0", "theirs", "spin 2"}});
  from.add_round(id, round_of(0));
  SampleRecord exact = sample("b1", "ours", 1, 0.5);
  exact.m.instructions = 123456789012.0;
  exact.m.reported = 0.1 + 0.2;  // not exactly 0.3: must come back bit for bit
  from.add_round(id, {exact});
  RunRecord running = *from.get_run(id);
  EXPECT_THROW(Store::open(db_path_).copy_run(running, {}, {}), Error);
  from.finish_run(id, "complete");
  RunRecord done = *from.get_run(id);

  Store to = Store::open(db_path_);
  to.begin_run(run_of("bench", "already here"));  // ids differ between the stores
  std::optional<int64_t> copied = to.copy_run(done, from.jobs(id), from.samples(id));
  ASSERT_TRUE(copied);
  EXPECT_NE(*copied, id);
  RunRecord got = *to.get_run(*copied);
  EXPECT_EQ(got.uid, done.uid);
  EXPECT_EQ(got.status, "complete");
  EXPECT_EQ(got.started_at, done.started_at);
  EXPECT_EQ(got.finished_at, done.finished_at);
  EXPECT_EQ(got.pid, done.pid);
  EXPECT_EQ(got.machine, done.machine);
  EXPECT_EQ(got.settings, done.settings);
  ASSERT_EQ(to.jobs(*copied).size(), 2u);
  EXPECT_EQ(to.jobs(*copied)[1].command, "spin 2");
  std::vector<SampleRecord> samples = to.samples(*copied);
  ASSERT_EQ(samples.size(), 5u);
  EXPECT_EQ(samples[4].m.reported, 0.1 + 0.2);
  EXPECT_EQ(samples[4].m.instructions, 123456789012.0);
  EXPECT_EQ(samples[0].m.wall, from.samples(id)[0].m.wall);
  // Again: nothing written.
  EXPECT_EQ(to.copy_run(done, from.jobs(id), from.samples(id)), std::nullopt);
  EXPECT_EQ(to.list_runs(-1).size(), 2u);
}

TEST_P(StoreTest, RecoverStaleRunsLeavesOtherHostsAlone) {
  Store s = Store::open(db_path_);
  RunRecord elsewhere = run_of("bench", "on another host");
  elsewhere.pid = dead_pid();  // dead here, but its pid is another machine's
  elsewhere.machine = {{"hostname", "some-other-host.invalid"}};
  int64_t id = s.begin_run(elsewhere);
  EXPECT_EQ(s.recover_stale_runs(), 0);
  EXPECT_EQ(s.get_run(id)->status, "running");
}

// Eight processes record runs at once, each with its jobs and rounds: nothing is lost, every
// run is whole, ids are unique.
TEST_P(StoreTest, EightWritersAtOnceLoseNothing) {
  { Store::open(db_path_); }  // the schema exists before the writers start
  constexpr int kWriters = 8, kRuns = 5, kRounds = 4;
  std::vector<pid_t> kids;
  for (int w = 0; w < kWriters; ++w) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int code = 0;
      try {
        Store s = Store::open(db_path_);
        for (int r = 0; r < kRuns; ++r) {
          int64_t id = s.begin_run(run_of("bench", fmt::format("writer {} run {}", w, r)));
          s.add_jobs(id, {{"b0", "ours", "x"}, {"b0", "theirs", "y"}, {"b1", "ours", "x"}, {"b1", "theirs", "y"}});
          for (int k = 0; k < kRounds; ++k) s.add_round(id, round_of(k));
          s.finish_run(id, "complete");
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "writer %d: %s\n", w, e.what());
        code = 1;
      }
      _exit(code);
    }
    kids.push_back(pid);
  }
  for (pid_t k : kids) {
    int status = 0;
    waitpid(k, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer failed";
  }
  Store s = Store::open(db_path_);
  std::vector<RunRecord> runs = s.list_runs(-1);
  ASSERT_EQ(runs.size(), size_t{kWriters * kRuns});
  std::set<std::string> labels;
  for (const RunRecord& r : runs) {
    labels.insert(r.label);
    EXPECT_EQ(r.status, "complete");
    EXPECT_EQ(s.jobs(r.id).size(), 4u);
    EXPECT_EQ(s.samples(r.id).size(), size_t{4 * kRounds});
  }
  EXPECT_EQ(labels.size(), size_t{kWriters * kRuns});
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
}  // namespace hone
