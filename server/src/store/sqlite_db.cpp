#include "store/sqlite_db.hpp"

#include <climits>
#include <utility>

#include "base/tuning.hpp"

namespace tally::server {

Error sqlite_error(sqlite3* db, std::string_view what) {
  const int code = db == nullptr ? SQLITE_ERROR : sqlite3_extended_errcode(db);
  const std::string detail = db == nullptr ? "no connection" : sqlite3_errmsg(db);
  const int primary = code & 0xff;
  ErrorCode error_code = ErrorCode::kIoError;
  bool transient = false;
  if (primary == SQLITE_FULL) {
    // A full disk passes once space is freed: the writer rolls back and devices retry.
    error_code = ErrorCode::kStorageFull;
    transient = true;
  }
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) error_code = ErrorCode::kCorruption;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    error_code = ErrorCode::kBusy;
    transient = true;
  }
  return make_error(error_code,
                    std::string(what) + ": " + detail + " (sqlite " + std::to_string(code) + ")",
                    transient);
}

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Result<Statement> Statement::prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sql.size() > static_cast<std::size_t>(INT_MAX) ||
      sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return sqlite_error(db, "prepare '" + std::string(sql.substr(0, 60)) + "'");
  }
  return Statement(stmt);
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  // A zero-length blob must still be a blob, not NULL: pass a valid pointer.
  sqlite3_bind_blob64(stmt_, index, bytes.empty() ? "" : bytes.data(), bytes.size(),
                      SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error error = sqlite_error(sqlite3_db_handle(stmt_), "step");
  reset();
  return error;
}

Status Statement::run() {
  auto stepped = step();
  reset();
  if (!stepped) return std::move(stepped).error();
  return {};
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr || size <= 0) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::string Statement::column_blob(int index) const {
  const void* blob = sqlite3_column_blob(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (blob == nullptr || size <= 0) return {};
  return std::string(static_cast<const char*>(blob), static_cast<std::size_t>(size));
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Connection::Connection(Connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Connection::~Connection() { sqlite3_close_v2(db_); }

Result<Connection> Connection::open(const std::string& path) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Error error = sqlite_error(db, "open " + path);
    sqlite3_close_v2(db);
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, tuning::kSqliteBusyTimeoutMs);
  return Connection(db);
}

Status Connection::exec(std::string_view sql) {
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_error(db_, "exec '" + text.substr(0, 60) + "'");
  }
  return {};
}

Transaction::Transaction(Connection& connection, bool immediate) : connection_(connection) {
  begun_ = connection_.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
  open_ = begun_.ok();
}

Transaction::~Transaction() {
  if (open_) static_cast<void>(connection_.exec("ROLLBACK"));
}

Status Transaction::commit() {
  if (!open_) return make_error(ErrorCode::kInternal, "no open transaction");
  open_ = false;
  auto status = connection_.exec("COMMIT");
  if (!status) static_cast<void>(connection_.exec("ROLLBACK"));
  return status;
}

}  // namespace tally::server
