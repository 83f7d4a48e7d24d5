#include "store/store.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>

#include "store/db.h"
#include "store/internal.h"
#include "util/clock.h"
#include "util/error.h"

namespace hone {

using store_detail::current_version;
using store_detail::migrate;
using store_detail::process_alive;
using store_detail::read_user_version;
using store_detail::Stmt;

namespace store_detail {

bool process_alive(int64_t pid) {
  if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) return false;  // never kill(0) or -1
  if (kill(static_cast<pid_t>(pid), 0) == 0) return true;
  return errno != ESRCH;  // EPERM: it exists, owned by someone else
}

}  // namespace store_detail

namespace {

constexpr const char* kStaleNote = "hone stopped before the run finished (crash or kill)";

nlohmann::json parse_json_column(const std::string& text, const std::filesystem::path& path, int64_t run_id,
                                 std::string_view column) {
  if (text.empty()) return nlohmann::json::object();
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    fail("{}: run {} has a {} column that is not a JSON object; the file was edited outside hone", path.string(),
         run_id, column);
  return j;
}

constexpr const char* kRunColumns =
    "id, kind, label, started_at, finished_at, status, note, metric, git_commit, dirty, "
    "config_hash, pid, machine, settings, COALESCE(uid, ''), heartbeat";

// A row whose JSON columns do not parse throws, unless `tolerant`: then it comes back with
// status "corrupt" and the reason as its note, so that one bad row cannot hide the others.
RunRecord read_run(const Stmt& st, const std::filesystem::path& path, bool tolerant = false) {
  RunRecord r;
  r.id = st.int64(0);
  r.kind = st.text(1);
  r.label = st.text(2);
  r.started_at = st.text(3);
  r.finished_at = st.text(4);
  r.status = st.text(5);
  r.note = st.text(6);
  r.metric = st.text(7);
  r.commit = st.text(8);
  r.dirty = st.int64(9) != 0;
  r.config_hash = st.text(10);
  r.pid = st.int64(11);
  r.uid = st.text(14);
  r.heartbeat = st.text(15);
  try {
    r.machine = parse_json_column(st.text(12), path, r.id, "machine");
    r.settings = parse_json_column(st.text(13), path, r.id, "settings");
  } catch (const Error& e) {
    if (!tolerant) throw;
    r.status = "corrupt";
    r.note = e.what();
    r.machine = r.settings = nlohmann::json::object();
  }
  return r;
}

std::string this_host() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

// 32 hex digits from the kernel's random source: a run's identity across stores.
std::string new_uid() {
  unsigned char b[16] = {};
  std::ifstream in("/dev/urandom", std::ios::binary);
  in.read(reinterpret_cast<char*>(b), sizeof b);
  if (!in) fail("cannot read /dev/urandom to name a new run");
  std::string out;
  for (unsigned char c : b) out += fmt::format("{:02x}", c);
  return out;
}

}  // namespace

// ---- lifetime -------------------------------------------------------------------------------

Store Store::open_postgres(const std::string& url) {
  std::unique_ptr<db::Connection> c = db::open_postgres(url);
  std::filesystem::path where = c->where();
  int version = 0;
  {
    Stmt st(*c,
            "SELECT count(*), COALESCE(sum(CASE WHEN table_name = 'hone_schema' THEN 1 ELSE 0 END), 0) "
            "FROM information_schema.tables WHERE table_schema = current_schema()",
            "cannot read the database");
    st.step();
    int64_t tables = st.int64(0), schema = st.int64(1);
    if (tables > 0 && schema == 0)
      fail(
          "{} is a PostgreSQL database but not one hone made (it has tables and no hone_schema); point "
          "[store] url at another database",
          where.string());
    if (schema > 0) version = read_user_version(*c);
  }
  if (version > current_version())
    fail("{} was created by a newer hone (schema {}, this hone knows {}); upgrade hone to use it", where.string(),
         version, current_version());
  migrate(*c, where, version);
  return Store(std::move(c), where);
}

Store Store::open(const std::filesystem::path& path) {
  if (db::is_postgres_url(path.string())) return open_postgres(path.string());
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) fail("{}: cannot create the folder {}: {}", path.string(), path.parent_path().string(), ec.message());
  }

  std::unique_ptr<db::Connection> c = db::open_sqlite(path.string());
  sqlite3* raw = static_cast<sqlite3*>(c->native_handle());

  // The first read of the header tells whether this is SQLite at all.
  int version = 0;
  {
    sqlite3_stmt* probe = nullptr;
    int rc = sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &probe, nullptr);
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(probe);
      if (rc == SQLITE_ROW) version = sqlite3_column_int(probe, 0);
    }
    sqlite3_finalize(probe);
    if ((rc & 0xff) == SQLITE_NOTADB)
      fail(
          "{} is not a hone database (SQLite says: file is not a database); move it aside or "
          "delete it, and hone will create a fresh one",
          path.string());
    if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != SQLITE_OK)
      fail("{}: cannot read the database: {}", path.string(), sqlite3_errmsg(raw));
  }
  if (version > current_version())
    fail(
        "{} was created by a newer hone (schema {}, this hone knows {}); upgrade hone to use it, "
        "or move the file aside to start a fresh record",
        path.string(), version, current_version());
  if (version == 0) {
    Stmt st(*c, "SELECT count(*) FROM sqlite_master", "cannot read the database");
    if (st.step() && st.int64(0) > 0)
      fail(
          "{} is a SQLite database but not one hone made (it has tables and no hone schema "
          "version); point hone at another folder or move the file aside",
          path.string());
  }

  {
    // Returns the mode now in force; some filesystems cannot do WAL, and then SQLite keeps its
    // rollback journal, which still makes each round atomic.
    Stmt st(*c, "PRAGMA journal_mode=WAL", "cannot switch to WAL mode");
    st.run();
  }
  c->exec("PRAGMA foreign_keys=ON", "cannot enable foreign keys");
  c->exec("PRAGMA synchronous=NORMAL", "cannot set synchronous mode");
  migrate(*c, path, version);
  return Store(std::move(c), path);
}

Store::Store(std::unique_ptr<db::Connection> c, std::filesystem::path path)
    : conn_(std::move(c)), path_(std::move(path)) {}
Store::Store(Store&& o) noexcept = default;
Store& Store::operator=(Store&& o) noexcept = default;
Store::~Store() = default;

int Store::current_schema_version() { return current_version(); }

int Store::schema_version() { return read_user_version(*conn_); }

const char* Store::engine() const { return conn_->engine(); }

sqlite3* Store::native_handle() const { return static_cast<sqlite3*>(conn_->native_handle()); }

// ---- writes ---------------------------------------------------------------------------------

int Store::recover_stale_runs() {
  std::vector<int64_t> stale;
  {
    // Only runs recorded on this host: a pid means nothing on another machine of a shared store.
    Stmt st(*conn_, "SELECT id, pid, machine FROM runs WHERE status = 'running'", "cannot look for interrupted runs");
    const std::string host = this_host();
    while (st.step()) {
      auto m = nlohmann::json::parse(st.text(2), nullptr, false);
      std::string recorded_on = m.is_object() ? m.value("hostname", std::string()) : std::string();
      if (!recorded_on.empty() && recorded_on != host) continue;
      if (!process_alive(st.int64(1))) stale.push_back(st.int64(0));
    }
  }
  if (stale.empty()) return 0;
  db::Transaction tx(*conn_, "cannot mark interrupted runs");
  Stmt up(*conn_, "UPDATE runs SET status = 'interrupted', note = ? WHERE id = ? AND status = 'running'",
          "cannot mark interrupted runs");
  int n = 0;
  for (int64_t id : stale) {
    up.bind(1, kStaleNote).bind(2, id).run();
    n += static_cast<int>(up.changes());
    up.reset();
  }
  tx.commit();
  return n;
}

int64_t Store::begin_run(const RunRecord& run) {
  Stmt st(*conn_,
          "INSERT INTO runs (kind, label, started_at, status, note, metric, git_commit, dirty, "
          "config_hash, pid, machine, settings, uid, heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id",
          "cannot record a new run");
  const std::string started = run.started_at.empty() ? utc_timestamp() : run.started_at;
  st.bind(1, run.kind)
      .bind(2, run.label)
      .bind(3, started)
      .bind(4, std::string("running"))
      .bind(5, run.note)
      .bind(6, run.metric)
      .bind(7, run.commit)
      .bind(8, run.dirty)
      .bind(9, run.config_hash)
      .bind(10, run.pid != 0 ? run.pid : static_cast<int64_t>(getpid()))
      .bind(11, run.machine.dump())
      .bind(12, run.settings.dump())
      .bind(13, run.uid.empty() ? new_uid() : run.uid)
      .bind(14, run.heartbeat.empty() ? started : run.heartbeat);
  return st.returned_id(path_, "cannot record a new run");
}

void Store::add_jobs(int64_t run_id, const std::vector<JobRecord>& jobs) {
  if (jobs.empty()) return;
  std::string what = fmt::format("cannot record the jobs of run {}", run_id);
  db::Transaction tx(*conn_, what);
  int64_t position = 0;
  {
    Stmt st(*conn_, "SELECT coalesce(max(position) + 1, 0) FROM jobs WHERE run_id = ?", what);
    st.bind(1, run_id);
    if (st.step()) position = st.int64(0);
  }
  Stmt ins(*conn_, "INSERT INTO jobs (run_id, position, benchmark, target, command) VALUES (?, ?, ?, ?, ?)", what);
  for (const JobRecord& j : jobs) {
    ins.bind(1, run_id).bind(2, position++).bind(3, j.benchmark).bind(4, j.target).bind(5, j.command);
    ins.run();
    ins.reset();
  }
  tx.commit();
}

void Store::add_round(int64_t run_id, const std::vector<SampleRecord>& samples) {
  if (samples.empty()) return;
  std::string what = fmt::format("cannot write round {} of run {}", samples.front().round, run_id);
  db::Transaction tx(*conn_, what);
  Stmt ins(*conn_,
           "INSERT INTO samples (run_id, benchmark, target, round, wall, \"user\", sys, max_rss, "
           "instructions, reported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           what);
  for (const SampleRecord& s : samples) {
    ins.bind(1, run_id)
        .bind(2, s.benchmark)
        .bind(3, s.target)
        .bind(4, s.round)
        .bind(5, s.m.wall)
        .bind(6, s.m.user)
        .bind(7, s.m.sys)
        .bind(8, s.m.max_rss)
        .bind(9, s.m.instructions)
        .bind(10, s.m.reported);
    ins.run();
    ins.reset();
  }
  beat(run_id);  // in the round's transaction: alive exactly when the round is written
  tx.commit();
}

void Store::beat(int64_t run_id) {
  Stmt st(*conn_, "UPDATE runs SET heartbeat = ? WHERE id = ?", fmt::format("cannot mark run {} alive", run_id));
  st.bind(1, utc_timestamp()).bind(2, run_id).run();
}

void Store::finish_run(int64_t run_id, const std::string& status, const std::string& note) {
  if (status != "complete" && status != "interrupted" && status != "failed")
    fail("{}: cannot finish run {} with status '{}' (expected complete, interrupted or failed)", path_.string(), run_id,
         status);
  std::string what = fmt::format("cannot finish run {}", run_id);
  Stmt st(*conn_, "UPDATE runs SET status = ?, note = ?, finished_at = ? WHERE id = ?", what);
  st.bind(1, status).bind(2, note).bind(3, utc_timestamp()).bind(4, run_id).run();
  if (st.changes() != 1) fail("{}: {}: there is no run {}", path_.string(), what, run_id);
}

void Store::update_settings(int64_t run_id, const nlohmann::json& settings) {
  std::string what = fmt::format("cannot update the settings of run {}", run_id);
  Stmt st(*conn_, "UPDATE runs SET settings = ? WHERE id = ?", what);
  st.bind(1, settings.dump()).bind(2, run_id).run();
  if (st.changes() != 1) fail("{}: {}: there is no run {}", path_.string(), what, run_id);
}

// ---- reads ----------------------------------------------------------------------------------

std::vector<RunRecord> Store::list_runs(int limit) {
  Stmt st(*conn_,
          fmt::format("SELECT {} FROM runs ORDER BY started_at DESC, id DESC{}", kRunColumns,
                      limit < 0 ? "" : fmt::format(" LIMIT {}", limit)),
          "cannot list runs");
  std::vector<RunRecord> out;
  while (st.step()) out.push_back(read_run(st, path_, /*tolerant=*/true));
  return out;
}

std::optional<RunRecord> Store::get_run(int64_t id) {
  Stmt st(*conn_, fmt::format("SELECT {} FROM runs WHERE id = ?", kRunColumns), fmt::format("cannot read run {}", id));
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_run(st, path_);
}

std::optional<int64_t> Store::latest_measurement(const std::string& target) {
  for (const RunRecord& r : list_runs(-1)) {
    if (r.status != "complete" || (r.kind != "bench" && r.kind != "baseline")) continue;
    // An agent's (or a person's) run inside an attempt's worktree measured the attempt, not the project.
    if (r.settings.is_object() && r.settings.contains("worktree")) continue;
    for (const JobRecord& j : jobs(r.id))
      if (j.target == target) return r.id;
  }
  return std::nullopt;
}

std::vector<JobRecord> Store::jobs(int64_t run_id) {
  Stmt st(*conn_, "SELECT benchmark, target, command FROM jobs WHERE run_id = ? ORDER BY position",
          fmt::format("cannot read the jobs of run {}", run_id));
  st.bind(1, run_id);
  std::vector<JobRecord> out;
  while (st.step()) out.push_back(JobRecord{st.text(0), st.text(1), st.text(2)});
  return out;
}

std::vector<SampleRecord> Store::samples(int64_t run_id) {
  Stmt st(*conn_,
          "SELECT benchmark, target, round, wall, \"user\", sys, max_rss, instructions, reported "
          "FROM samples WHERE run_id = ? ORDER BY round, id",
          fmt::format("cannot read the samples of run {}", run_id));
  st.bind(1, run_id);
  std::vector<SampleRecord> out;
  while (st.step()) {
    SampleRecord s;
    s.benchmark = st.text(0);
    s.target = st.text(1);
    s.round = static_cast<int>(st.int64(2));
    s.m.wall = st.real(3);
    s.m.user = st.real(4);
    s.m.sys = st.real(5);
    s.m.max_rss = st.real(6);
    s.m.instructions = st.opt_real(7);
    s.m.reported = st.opt_real(8);
    out.push_back(std::move(s));
  }
  return out;
}

void Store::each_sample(int64_t run_id, Metric metric, const std::function<void(const SampleValue&)>& each) {
  std::string_view column = "wall";
  switch (metric) {
    case Metric::wall: column = "wall"; break;
    case Metric::cpu: column = "\"user\" + sys"; break;  // the sum Measurement::cpu() makes
    case Metric::max_rss: column = "max_rss"; break;
    case Metric::instructions: column = "instructions"; break;
    case Metric::reported: column = "reported"; break;
  }
  Stmt st(*conn_,
          fmt::format("SELECT benchmark, target, round, {0} FROM samples WHERE run_id = ? AND {0} IS NOT NULL "
                      "ORDER BY round, id",
                      column),
          fmt::format("cannot read the samples of run {}", run_id));
  st.bind(1, run_id);
  SampleValue v;
  while (st.step()) {
    v.benchmark = st.text_view(0);
    v.target = st.text_view(1);
    v.round = static_cast<int>(st.int64(2));
    v.value = st.real(3);
    each(v);
  }
}

// ---- events and baselines -------------------------------------------------------------------

int64_t Store::add_event(const EventRecord& e) {
  Stmt st(*conn_, "INSERT INTO events (at, kind, title, body, data, run_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          fmt::format("cannot record the {} event", e.kind));
  st.bind(1, e.at.empty() ? utc_timestamp() : e.at).bind(2, e.kind).bind(3, e.title).bind(4, e.body);
  st.bind(5, e.data.dump());
  if (e.run_id > 0)
    st.bind(6, e.run_id);
  else
    st.bind_null(6);
  return st.returned_id(path_, "cannot record an event");
}

std::vector<EventRecord> Store::events() {
  Stmt st(*conn_, "SELECT id, at, kind, title, body, data, COALESCE(run_id, 0) FROM events ORDER BY id",
          "cannot read the events");
  std::vector<EventRecord> out;
  while (st.step()) {
    EventRecord e;
    e.id = st.int64(0);
    e.at = st.text(1);
    e.kind = st.text(2);
    e.title = st.text(3);
    e.body = st.text(4);
    e.data = nlohmann::json::parse(st.text(5), nullptr, false);
    if (e.data.is_discarded()) e.data = nlohmann::json::object();
    e.run_id = st.int64(6);
    out.push_back(std::move(e));
  }
  return out;
}

void Store::set_baseline(const std::string& name, int64_t run_id) {
  Stmt st(*conn_,
          "INSERT INTO baselines (name, run_id, set_at) VALUES (?, ?, ?) "
          "ON CONFLICT(name) DO UPDATE SET run_id = excluded.run_id, set_at = excluded.set_at",
          fmt::format("cannot record baseline '{}'", name));
  st.bind(1, name).bind(2, run_id).bind(3, utc_timestamp());
  st.run();
}

std::optional<int64_t> Store::baseline(const std::string& name) {
  Stmt st(*conn_, "SELECT run_id FROM baselines WHERE name = ?", fmt::format("cannot read baseline '{}'", name));
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

std::vector<std::pair<std::string, int64_t>> Store::baselines() {
  Stmt st(*conn_, "SELECT name, run_id FROM baselines ORDER BY set_at, name", "cannot read the baselines");
  std::vector<std::pair<std::string, int64_t>> out;
  while (st.step()) out.emplace_back(st.text(0), st.int64(1));
  return out;
}

// ---- copies between stores (hone store push/pull) --------------------------------------------

std::optional<int64_t> Store::find_run(const std::string& uid) {
  Stmt st(*conn_, "SELECT id FROM runs WHERE uid = ?", fmt::format("cannot look for run {}", uid));
  st.bind(1, uid);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

std::optional<int64_t> Store::copy_run(const RunRecord& run, const std::vector<JobRecord>& jobs,
                                       const std::vector<SampleRecord>& samples) {
  if (run.uid.empty()) fail("{}: cannot copy run {}: it has no uid", path_.string(), run.id);
  if (run.status == "running")
    fail("{}: cannot copy run {} ({}): it is still running", path_.string(), run.id, run.uid);
  std::string what = fmt::format("cannot copy run {} ({})", run.id, run.uid);
  db::Transaction tx(*conn_, what);
  // Inside the write transaction: two processes pushing one run cannot both insert it (and the
  // unique index on uid would refuse the second anyway).
  if (find_run(run.uid)) return std::nullopt;
  int64_t id = 0;
  {
    Stmt st(*conn_,
            "INSERT INTO runs (kind, label, started_at, finished_at, status, note, metric, git_commit, dirty, "
            "config_hash, pid, machine, settings, uid, heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            what);
    st.bind(1, run.kind).bind(2, run.label).bind(3, run.started_at);
    if (run.finished_at.empty())
      st.bind_null(4);
    else
      st.bind(4, run.finished_at);
    st.bind(5, run.status).bind(6, run.note).bind(7, run.metric).bind(8, run.commit).bind(9, run.dirty);
    st.bind(10, run.config_hash).bind(11, run.pid).bind(12, run.machine.dump()).bind(13, run.settings.dump());
    st.bind(14, run.uid).bind(15, run.heartbeat);
    id = st.returned_id(path_, what);
  }
  Stmt jo(*conn_, "INSERT INTO jobs (run_id, position, benchmark, target, command) VALUES (?, ?, ?, ?, ?)", what);
  for (size_t k = 0; k < jobs.size(); ++k) {
    jo.bind(1, id).bind(2, static_cast<int64_t>(k)).bind(3, jobs[k].benchmark).bind(4, jobs[k].target);
    jo.bind(5, jobs[k].command);
    jo.run();
    jo.reset();
  }
  Stmt sa(
      *conn_,
      "INSERT INTO samples (run_id, benchmark, target, round, wall, \"user\", sys, max_rss, instructions, reported) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      what);
  for (const SampleRecord& x : samples) {
    sa.bind(1, id).bind(2, x.benchmark).bind(3, x.target).bind(4, x.round).bind(5, x.m.wall).bind(6, x.m.user);
    sa.bind(7, x.m.sys).bind(8, x.m.max_rss).bind(9, x.m.instructions).bind(10, x.m.reported);
    sa.run();
    sa.reset();
  }
  tx.commit();
  return id;
}

}  // namespace hone
