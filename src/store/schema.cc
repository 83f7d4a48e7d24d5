// The store's schema: one list of migrations per engine, applied in order, and its version.
#include <iterator>
#include <string_view>

#include "store/internal.h"

namespace hone::store_detail {

namespace {

// ---- schema ---------------------------------------------------------------------------------
// Migration N (1-based) takes a database from user_version N-1 to N. Each step runs in its own
// transaction together with the user_version bump, so a crash mid-migration leaves the file at
// the previous version. Append new steps (events, candidates, experiments...); never edit old ones.
constexpr const char* kMigrations[] = {
    // 1: runs, their jobs, every raw sample.
    R"sql(
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT    NOT NULL,
  label       TEXT    NOT NULL DEFAULT '',
  started_at  TEXT    NOT NULL,
  finished_at TEXT,
  status      TEXT    NOT NULL,
  note        TEXT    NOT NULL DEFAULT '',
  metric      TEXT    NOT NULL DEFAULT '',
  git_commit  TEXT    NOT NULL DEFAULT '',
  dirty       INTEGER NOT NULL DEFAULT 0,
  config_hash TEXT    NOT NULL DEFAULT '',
  pid         INTEGER NOT NULL DEFAULT 0,
  machine     TEXT    NOT NULL DEFAULT '{}',
  settings    TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX runs_by_status ON runs(status);
CREATE TABLE jobs (
  run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  benchmark TEXT    NOT NULL,
  target    TEXT    NOT NULL,
  command   TEXT    NOT NULL,
  PRIMARY KEY (run_id, position)
);
CREATE TABLE samples (
  id           INTEGER PRIMARY KEY,
  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  benchmark    TEXT    NOT NULL,
  target       TEXT    NOT NULL,
  round        INTEGER NOT NULL,
  wall         REAL    NOT NULL,
  user         REAL    NOT NULL,
  sys          REAL    NOT NULL,
  max_rss      REAL    NOT NULL,
  instructions REAL,
  reported     REAL
);
CREATE INDEX samples_by_run ON samples(run_id, round);
)sql",
    // 2: the worklog's timeline, and named baselines (pointers to runs).
    R"sql(
CREATE TABLE events (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT    NOT NULL,
  kind    TEXT    NOT NULL,
  title   TEXT    NOT NULL,
  body    TEXT    NOT NULL DEFAULT '',
  data    TEXT    NOT NULL DEFAULT '{}',
  run_id  INTEGER REFERENCES runs(id)
);
CREATE TABLE baselines (
  name    TEXT    PRIMARY KEY,
  run_id  INTEGER NOT NULL REFERENCES runs(id),
  set_at  TEXT    NOT NULL
);
)sql",
    // 3: the optimization loop: the candidate list (procedure 1.4) and every attempt at one.
    R"sql(
CREATE TABLE candidates (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT    NOT NULL,
  slug        TEXT    NOT NULL UNIQUE,
  current     TEXT    NOT NULL DEFAULT '',
  proposed    TEXT    NOT NULL DEFAULT '',
  gain        TEXT    NOT NULL DEFAULT '',
  complexity  TEXT    NOT NULL DEFAULT '',
  risk        TEXT    NOT NULL DEFAULT '',
  goal        TEXT    NOT NULL DEFAULT '',
  plan        TEXT    NOT NULL DEFAULT '',
  builds_on   INTEGER REFERENCES candidates(id),
  priority    REAL    NOT NULL,
  status      TEXT    NOT NULL,
  source      TEXT    NOT NULL DEFAULT '',
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL
);
CREATE TABLE experiments (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  candidate_id  INTEGER NOT NULL REFERENCES candidates(id),
  mode          TEXT    NOT NULL,
  stage         TEXT    NOT NULL,
  outcome       TEXT    NOT NULL DEFAULT '',
  reason        TEXT    NOT NULL DEFAULT '',
  branch        TEXT    NOT NULL DEFAULT '',
  worktree      TEXT    NOT NULL DEFAULT '',
  base_commit   TEXT    NOT NULL DEFAULT '',
  result_commit TEXT    NOT NULL DEFAULT '',
  run_id        INTEGER REFERENCES runs(id),
  pid           INTEGER NOT NULL DEFAULT 0,
  started_at    TEXT    NOT NULL,
  finished_at   TEXT,
  data          TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX experiments_by_candidate ON experiments(candidate_id);
)sql",
    // 4: a stable identity for every run (uid), so that `hone store push/pull` copies a run
    // between stores once, whatever its id is in each.
    R"sql(
ALTER TABLE runs ADD COLUMN uid TEXT;
UPDATE runs SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE UNIQUE INDEX runs_by_uid ON runs(uid);
)sql",
    // 5: a run's last sign of life (heartbeat), so that a shard whose machine vanished is told
    // from one still measuring.
    R"sql(
ALTER TABLE runs ADD COLUMN heartbeat TEXT NOT NULL DEFAULT '';
)sql",
};

// The same schema on PostgreSQL, one step per version as above: BIGSERIAL for the ids SQLite
// numbers itself, DOUBLE PRECISION for REAL (PostgreSQL's REAL is 4 bytes), BIGINT for
// integers. The version lives in hone_schema (there is no user_version).
constexpr const char* kPgMigrations[] = {
    R"sql(
CREATE TABLE runs (
  id          BIGSERIAL PRIMARY KEY,
  kind        TEXT    NOT NULL,
  label       TEXT    NOT NULL DEFAULT '',
  started_at  TEXT    NOT NULL,
  finished_at TEXT,
  status      TEXT    NOT NULL,
  note        TEXT    NOT NULL DEFAULT '',
  metric      TEXT    NOT NULL DEFAULT '',
  git_commit  TEXT    NOT NULL DEFAULT '',
  dirty       BIGINT  NOT NULL DEFAULT 0,
  config_hash TEXT    NOT NULL DEFAULT '',
  pid         BIGINT  NOT NULL DEFAULT 0,
  machine     TEXT    NOT NULL DEFAULT '{}',
  settings    TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX runs_by_status ON runs(status);
CREATE TABLE jobs (
  run_id    BIGINT  NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  position  BIGINT  NOT NULL,
  benchmark TEXT    NOT NULL,
  target    TEXT    NOT NULL,
  command   TEXT    NOT NULL,
  PRIMARY KEY (run_id, position)
);
CREATE TABLE samples (
  id           BIGSERIAL PRIMARY KEY,
  run_id       BIGINT  NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  benchmark    TEXT    NOT NULL,
  target       TEXT    NOT NULL,
  round        BIGINT  NOT NULL,
  wall         DOUBLE PRECISION NOT NULL,
  "user"       DOUBLE PRECISION NOT NULL,
  sys          DOUBLE PRECISION NOT NULL,
  max_rss      DOUBLE PRECISION NOT NULL,
  instructions DOUBLE PRECISION,
  reported     DOUBLE PRECISION
);
CREATE INDEX samples_by_run ON samples(run_id, round);
)sql",
    R"sql(
CREATE TABLE events (
  id      BIGSERIAL PRIMARY KEY,
  at      TEXT    NOT NULL,
  kind    TEXT    NOT NULL,
  title   TEXT    NOT NULL,
  body    TEXT    NOT NULL DEFAULT '',
  data    TEXT    NOT NULL DEFAULT '{}',
  run_id  BIGINT REFERENCES runs(id)
);
CREATE TABLE baselines (
  name    TEXT    PRIMARY KEY,
  run_id  BIGINT  NOT NULL REFERENCES runs(id),
  set_at  TEXT    NOT NULL
);
)sql",
    R"sql(
CREATE TABLE candidates (
  id          BIGSERIAL PRIMARY KEY,
  name        TEXT    NOT NULL,
  slug        TEXT    NOT NULL UNIQUE,
  current     TEXT    NOT NULL DEFAULT '',
  proposed    TEXT    NOT NULL DEFAULT '',
  gain        TEXT    NOT NULL DEFAULT '',
  complexity  TEXT    NOT NULL DEFAULT '',
  risk        TEXT    NOT NULL DEFAULT '',
  goal        TEXT    NOT NULL DEFAULT '',
  plan        TEXT    NOT NULL DEFAULT '',
  builds_on   BIGINT REFERENCES candidates(id),
  priority    DOUBLE PRECISION NOT NULL,
  status      TEXT    NOT NULL,
  source      TEXT    NOT NULL DEFAULT '',
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL
);
CREATE TABLE experiments (
  id            BIGSERIAL PRIMARY KEY,
  candidate_id  BIGINT  NOT NULL REFERENCES candidates(id),
  mode          TEXT    NOT NULL,
  stage         TEXT    NOT NULL,
  outcome       TEXT    NOT NULL DEFAULT '',
  reason        TEXT    NOT NULL DEFAULT '',
  branch        TEXT    NOT NULL DEFAULT '',
  worktree      TEXT    NOT NULL DEFAULT '',
  base_commit   TEXT    NOT NULL DEFAULT '',
  result_commit TEXT    NOT NULL DEFAULT '',
  run_id        BIGINT REFERENCES runs(id),
  pid           BIGINT  NOT NULL DEFAULT 0,
  started_at    TEXT    NOT NULL,
  finished_at   TEXT,
  data          TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX experiments_by_candidate ON experiments(candidate_id);
)sql",
    R"sql(
ALTER TABLE runs ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX runs_by_uid ON runs(uid);
)sql",
    // 5: a run's last sign of life (heartbeat), so that a shard whose machine vanished is told
    // from one still measuring.
    R"sql(
ALTER TABLE runs ADD COLUMN heartbeat TEXT NOT NULL DEFAULT '';
)sql",
};
static_assert(std::size(kPgMigrations) == std::size(kMigrations), "one PostgreSQL step per SQLite step");

constexpr int kCurrentVersion = static_cast<int>(std::size(kMigrations));

}  // namespace

int current_version() { return kCurrentVersion; }

int read_user_version(db::Connection& c) {
  if (std::string_view(c.engine()) == "postgresql") {
    Stmt st(c, "SELECT COALESCE(max(version), 0) FROM hone_schema", "cannot read the schema version");
    return st.step() ? static_cast<int>(st.int64(0)) : 0;
  }
  Stmt st(c, "PRAGMA user_version", "cannot read the schema version");
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

void migrate(db::Connection& c, const std::filesystem::path& path, int version) {
  const bool pg = std::string_view(c.engine()) == "postgresql";
  const char* const* steps = pg ? kPgMigrations : kMigrations;
  // One step per transaction. The version is re-read inside the write lock (SQLite's BEGIN
  // IMMEDIATE; an advisory lock on PostgreSQL) so two hone processes opening a new store at
  // once apply each step exactly once.
  while (version < kCurrentVersion) {
    db::Transaction tx(c, "cannot upgrade the database schema");
    if (pg) {
      c.exec("SELECT pg_advisory_xact_lock(7243001)", "cannot lock the schema for an upgrade");
      c.exec("CREATE TABLE IF NOT EXISTS hone_schema (version BIGINT NOT NULL)", "cannot record the schema version");
    }
    version = read_user_version(c);
    if (version > kCurrentVersion)
      fail("{} was created by a newer hone (schema {}, this hone knows {})", path.string(), version, kCurrentVersion);
    if (version == kCurrentVersion) break;
    int next = version + 1;
    c.exec(steps[version], fmt::format("cannot upgrade the database schema to version {}", next));
    if (pg)
      c.exec(fmt::format("DELETE FROM hone_schema; INSERT INTO hone_schema (version) VALUES ({})", next),
             "cannot record the schema version");
    else
      c.exec(fmt::format("PRAGMA user_version = {}", next), "cannot record the schema version");
    tx.commit();
    version = next;
  }
}

}  // namespace hone::store_detail
