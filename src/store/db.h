#pragma once
// The store's small database interface: prepare / bind / step / transaction over one
// connection, with an SQLite implementation (the embedded default, .hone/hone.db) and a
// PostgreSQL one through libpq (a team's shared store). Store (store.h) speaks only to this,
// so its public API and the rest of hone are the same on either engine.
//
// SQL is written once, in the dialect both accept: `?` placeholders (the PostgreSQL side
// renumbers them $1, $2...), COALESCE, INSERT ... RETURNING id, ON CONFLICT ... DO UPDATE.
// Only the schema differs, so each engine has its own list of migrations (store.cc).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hone::db {

class Statement {
 public:
  virtual ~Statement() = default;
  Statement& bind(int i, int64_t v) { return bind_int(i, v); }
  Statement& bind(int i, int v) { return bind_int(i, v); }
  Statement& bind(int i, bool v) { return bind_int(i, v ? 1 : 0); }
  Statement& bind(int i, double v) { return bind_double(i, v); }
  Statement& bind(int i, std::string_view v) { return bind_text(i, v); }
  Statement& bind(int i, const std::string& v) { return bind_text(i, v); }
  Statement& bind(int i, const char* v) { return bind_text(i, v); }
  Statement& bind(int i, const std::optional<double>& v) { return v ? bind_double(i, *v) : bind_null(i); }

  virtual Statement& bind_int(int i, int64_t v) = 0;  // 1-based, as SQLite counts
  virtual Statement& bind_double(int i, double v) = 0;
  virtual Statement& bind_text(int i, std::string_view v) = 0;
  virtual Statement& bind_null(int i) = 0;
  // Runs the statement on the first call; true while a row is available, false when done.
  // Throws hone::Error naming the database and what was being done.
  virtual bool step() = 0;
  void run() {
    while (step()) {
    }
  }
  // Ready to run again, bindings cleared.
  virtual void reset() = 0;
  // Rows an INSERT/UPDATE/DELETE changed (after it ran).
  virtual int64_t changes() const = 0;

  virtual int64_t int64(int col) const = 0;  // 0-based columns, as SQLite counts
  virtual double real(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  virtual std::string text(int col) const = 0;  // "" for NULL
  // The same without a copy: valid until the next step() or reset().
  virtual std::string_view text_view(int col) const = 0;
  std::optional<double> opt_real(int col) const {
    if (is_null(col)) return std::nullopt;
    return real(col);
  }
};

class Connection {
 public:
  virtual ~Connection() = default;
  // "sqlite" or "postgresql".
  virtual const char* engine() const = 0;
  // What error messages name: the file, or the URL without its password.
  virtual const std::string& where() const = 0;
  virtual std::unique_ptr<Statement> prepare(std::string_view sql, std::string what) = 0;
  // One or more statements without parameters or results.
  virtual void exec(std::string_view sql, std::string_view what) = 0;
  // A write transaction: SQLite's BEGIN IMMEDIATE (takes the write lock now), PostgreSQL's BEGIN.
  virtual void begin(std::string_view what) = 0;
  virtual void commit(std::string_view what) = 0;
  virtual void rollback() noexcept = 0;
  // The SQLite handle, for tests; nullptr on PostgreSQL.
  virtual void* native_handle() const = 0;
};

// BEGIN on construction; ROLLBACK on destruction unless commit() succeeded.
class Transaction {
 public:
  Transaction(Connection& c, std::string what) : c_(c), what_(std::move(what)) { c_.begin(what_); }
  ~Transaction() {
    if (!done_) c_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.commit(what_);
    done_ = true;
  }

 private:
  Connection& c_;
  std::string what_;
  bool done_ = false;
};

// Whether `location` is a PostgreSQL URL (postgresql://... or postgres://...).
bool is_postgres_url(std::string_view location);
// The URL with any password replaced by ***, for messages.
std::string redact_url(std::string_view url);

// Opens an SQLite file (created if missing) with the busy timeout, extended codes, WAL...
// Raw: no schema checks (store.cc does those).
std::unique_ptr<Connection> open_sqlite(const std::string& path);
// Connects to PostgreSQL. A server that cannot be reached is an error naming the URL
// (password hidden) and libpq's reason, and saying that the store is down.
std::unique_ptr<Connection> open_postgres(const std::string& url);

}  // namespace hone::db
