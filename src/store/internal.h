#pragma once
// What the store's sources share and nothing else sees: the statement wrapper its queries use,
// the schema's version and migrations (schema.cc), and whether a recorded pid is alive.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/db.h"
#include "util/error.h"

namespace hone::store_detail {

// A statement on the store's connection, with the `.` syntax the queries below use.
class Stmt {
 public:
  Stmt(db::Connection& c, std::string_view sql, std::string what) : s_(c.prepare(sql, std::move(what))) {}
  template <class T>
  Stmt& bind(int i, const T& v) {
    s_->bind(i, v);
    return *this;
  }
  Stmt& bind_null(int i) {
    s_->bind_null(i);
    return *this;
  }
  bool step() { return s_->step(); }
  void run() { s_->run(); }
  void reset() { s_->reset(); }
  int64_t changes() const { return s_->changes(); }
  int64_t int64(int col) const { return s_->int64(col); }
  double real(int col) const { return s_->real(col); }
  bool is_null(int col) const { return s_->is_null(col); }
  std::optional<double> opt_real(int col) const { return s_->opt_real(col); }
  std::string text(int col) const { return s_->text(col); }
  std::string_view text_view(int col) const { return s_->text_view(col); }
  // Runs an INSERT ... RETURNING id to its end and returns the id (an SQLite statement left
  // mid-row would keep the transaction from committing).
  int64_t returned_id(const std::filesystem::path& path, std::string_view what) {
    if (!s_->step()) fail("{}: {}: no id came back", path.string(), what);
    int64_t id = s_->int64(0);
    s_->run();
    return id;
  }

 private:
  std::unique_ptr<db::Statement> s_;
};

// The schema version this hone writes: the number of migrations.
int current_version();
// The version recorded in the database (SQLite's user_version; PostgreSQL's hone_schema table).
int read_user_version(db::Connection& c);
// Applies the migrations after `version`, for the connection's engine, one transaction each;
// throws hone::Error naming `path` when the database is newer than this hone.
void migrate(db::Connection& c, const std::filesystem::path& path, int version);

// Whether a process with this pid exists on this host (EPERM counts as alive).
bool process_alive(int64_t pid);

}  // namespace hone::store_detail
