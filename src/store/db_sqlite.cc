// The SQLite side of store/db.h.
#include <sqlite3.h>

#include "store/db.h"
#include "util/error.h"

namespace hone::db {
namespace {

std::string sqlite_message(sqlite3* db) {
  std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
  if (db && (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY)
    msg += " (another hone process holds the database; try again when it has finished)";
  return msg;
}

class SqliteStatement : public Statement {
 public:
  SqliteStatement(sqlite3* db, const std::string& where, std::string_view sql, std::string what)
      : db_(db), where_(where), what_(std::move(what)) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s_, nullptr) != SQLITE_OK) fail_db();
  }
  ~SqliteStatement() override { sqlite3_finalize(s_); }

  Statement& bind_int(int i, int64_t v) override { return check(sqlite3_bind_int64(s_, i, v)); }
  Statement& bind_double(int i, double v) override { return check(sqlite3_bind_double(s_, i, v)); }
  Statement& bind_text(int i, std::string_view v) override {
    return check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Statement& bind_null(int i) override { return check(sqlite3_bind_null(s_, i)); }
  bool step() override {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes(db_);
      return false;
    }
    fail_db();
  }
  void reset() override {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  int64_t changes() const override { return changes_; }
  int64_t int64(int col) const override { return sqlite3_column_int64(s_, col); }
  double real(int col) const override { return sqlite3_column_double(s_, col); }
  bool is_null(int col) const override { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string text(int col) const override { return std::string(text_view(col)); }
  std::string_view text_view(int col) const override {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    if (!p) return {};
    return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, col)));
  }

 private:
  [[noreturn]] void fail_db() const { fail("{}: {}: {}", where_, what_, sqlite_message(db_)); }
  Statement& check(int rc) {
    if (rc != SQLITE_OK) fail_db();
    return *this;
  }
  sqlite3* db_;
  const std::string& where_;
  std::string what_;
  sqlite3_stmt* s_ = nullptr;
  int64_t changes_ = 0;
};

class SqliteConnection : public Connection {
 public:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), where_(std::move(path)) {}
  ~SqliteConnection() override { sqlite3_close_v2(db_); }
  const char* engine() const override { return "sqlite"; }
  const std::string& where() const override { return where_; }
  std::unique_ptr<Statement> prepare(std::string_view sql, std::string what) override {
    return std::make_unique<SqliteStatement>(db_, where_, sql, std::move(what));
  }
  void exec(std::string_view sql, std::string_view what) override {
    std::string text(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite_message(db_);
      sqlite3_free(err);
      fail("{}: {}: {}", where_, what, msg);
    }
  }
  void begin(std::string_view what) override { exec("BEGIN IMMEDIATE", what); }
  void commit(std::string_view what) override { exec("COMMIT", what); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }
  void* native_handle() const override { return db_; }

 private:
  sqlite3* db_;
  std::string where_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  auto conn = std::make_unique<SqliteConnection>(raw, path);
  if (rc != SQLITE_OK) fail("{}: cannot open the database: {}", path, sqlite_message(raw));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return conn;
}

}  // namespace hone::db
