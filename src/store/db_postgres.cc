// The PostgreSQL side of store/db.h, through libpq. Statements are sent with PQexecParams and
// typed parameters (int8, float8, text), results come back as text and are parsed here.
#include <libpq-fe.h>

#include <cstdlib>
#include <vector>

#include "store/db.h"
#include "store/store.h"
#include "util/error.h"

namespace hone::db {

bool is_postgres_url(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string redact_url(std::string_view url) {
  std::string out(url);
  size_t scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  size_t at = out.find('@', scheme + 3);
  size_t slash = out.find('/', scheme + 3);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    size_t colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  size_t pw = out.find("password=");
  if (pw != std::string::npos) {
    size_t end = out.find('&', pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

namespace {

std::string pq_message(PGconn* c, PGresult* r = nullptr) {
  std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (PQstatus(c) == CONNECTION_BAD)
    msg += " (the connection to the store was lost: the PostgreSQL server may be down)";
  return msg;
}

// `?` placeholders to $1, $2...; quoted text is left alone.
std::string number_placeholders(std::string_view sql) {
  std::string out;
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

constexpr Oid kInt8 = 20, kFloat8 = 701, kText = 25;

class PgStatement : public Statement {
 public:
  PgStatement(PGconn* c, const std::string& where, std::string_view sql, std::string what)
      : c_(c), where_(where), sql_(number_placeholders(sql)), what_(std::move(what)) {}
  ~PgStatement() override { clear(); }

  Statement& bind_int(int i, int64_t v) override { return set(i, std::to_string(v), kInt8); }
  Statement& bind_double(int i, double v) override {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return set(i, buf, kFloat8);
  }
  Statement& bind_text(int i, std::string_view v) override { return set(i, std::string(v), kText); }
  Statement& bind_null(int i) override {
    grow(i);
    null_[i - 1] = true;
    types_[i - 1] = 0;
    return *this;
  }
  bool step() override {
    if (!res_) {
      std::vector<const char*> values(params_.size());
      for (size_t k = 0; k < params_.size(); ++k) values[k] = null_[k] ? nullptr : params_[k].c_str();
      res_ = PQexecParams(c_, sql_.c_str(), static_cast<int>(params_.size()), types_.data(), values.data(), nullptr,
                          nullptr, 0);
      ExecStatusType st = PQresultStatus(res_);
      if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        std::string msg = pq_message(c_, res_);
        clear();
        fail("{}: {}: {}", where_, what_, msg);
      }
      const char* n = PQcmdTuples(res_);
      changes_ = n && *n ? std::atoll(n) : 0;
      row_ = -1;
    }
    return ++row_ < PQntuples(res_);
  }
  void reset() override {
    clear();
    params_.clear();
    null_.clear();
    types_.clear();
  }
  int64_t changes() const override { return changes_; }
  int64_t int64(int col) const override { return is_null(col) ? 0 : std::atoll(PQgetvalue(res_, row_, col)); }
  double real(int col) const override { return is_null(col) ? 0 : std::strtod(PQgetvalue(res_, row_, col), nullptr); }
  bool is_null(int col) const override { return PQgetisnull(res_, row_, col) != 0; }
  std::string text(int col) const override { return std::string(text_view(col)); }
  std::string_view text_view(int col) const override {
    if (is_null(col)) return {};
    return std::string_view(PQgetvalue(res_, row_, col), static_cast<size_t>(PQgetlength(res_, row_, col)));
  }

 private:
  void grow(int i) {
    if (static_cast<int>(params_.size()) < i) {
      params_.resize(i);
      null_.resize(i, true);
      types_.resize(i, 0);
    }
  }
  Statement& set(int i, std::string v, Oid type) {
    grow(i);
    params_[i - 1] = std::move(v);
    null_[i - 1] = false;
    types_[i - 1] = type;
    return *this;
  }
  void clear() {
    if (res_) PQclear(res_);
    res_ = nullptr;
  }
  PGconn* c_;
  const std::string& where_;
  std::string sql_;
  std::string what_;
  std::vector<std::string> params_;
  std::vector<bool> null_;
  std::vector<Oid> types_;
  PGresult* res_ = nullptr;
  int row_ = -1;
  int64_t changes_ = 0;
};

class PgConnection : public Connection {
 public:
  PgConnection(PGconn* c, std::string where) : c_(c), where_(std::move(where)) {}
  ~PgConnection() override { PQfinish(c_); }
  const char* engine() const override { return "postgresql"; }
  const std::string& where() const override { return where_; }
  std::unique_ptr<Statement> prepare(std::string_view sql, std::string what) override {
    return std::make_unique<PgStatement>(c_, where_, sql, std::move(what));
  }
  void exec(std::string_view sql, std::string_view what) override {
    std::string text(sql);
    PGresult* r = PQexec(c_, text.c_str());
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string msg = pq_message(c_, r);
      PQclear(r);
      fail("{}: {}: {}", where_, what, msg);
    }
    PQclear(r);
  }
  void begin(std::string_view what) override { exec("BEGIN", what); }
  void commit(std::string_view what) override { exec("COMMIT", what); }
  void rollback() noexcept override {
    if (PQtransactionStatus(c_) != PQTRANS_IDLE) PQclear(PQexec(c_, "ROLLBACK"));
  }
  void* native_handle() const override { return nullptr; }

 private:
  PGconn* c_;
  std::string where_;
};

}  // namespace

std::unique_ptr<Connection> open_postgres(const std::string& url) {
  std::string where = redact_url(url);
  // A bounded wait for a server that does not answer, unless the URL sets one.
  std::string conninfo = url;
  if (url.find("connect_timeout=") == std::string::npos)
    conninfo += (url.find('?') == std::string::npos ? "?" : "&") + std::string("connect_timeout=10");
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (c == nullptr) fail("{}: cannot connect to the store: out of memory", where);
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(c);
    throw StoreUnavailable(fmt::format("{}: the store is down or unreachable: {}", where, msg));
  }
  auto conn = std::make_unique<PgConnection>(c, where);
  // Notices (e.g. "relation already exists, skipping") are not hone's output.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  conn->exec("SET client_min_messages = warning", "cannot configure the connection");
  return conn;
}

}  // namespace hone::db
