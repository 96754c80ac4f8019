#include "tally/sqlite/sqlite_db.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

namespace tally::sqlite {
namespace {

// Names a statement in an error by the start of its SQL, enough to find it in the code.
std::string quoted(std::string_view sql) { return "'" + std::string(sql.substr(0, 60)) + "'"; }

// The error of the last failed call on `db`, with SQLite's extended code and message.
Error last_error(sqlite3* db, std::string_view what) {
  return sqlite_error(sqlite3_extended_errcode(db), what, sqlite3_errmsg(db));
}

// Creates `path` with mode 0600 if missing and sets an existing file to 0600.
Status make_owner_only(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error(ErrorCode::kIoError,
                      "cannot open database " + path + ": " + std::strerror(errno));
  }
  ::fchmod(fd, 0600);
  ::close(fd);
  return {};
}

}  // namespace

Error sqlite_error(int code, std::string_view what, std::string_view detail) {
  std::string message =
      std::string(what) + ": " + std::string(detail) + " (sqlite " + std::to_string(code) + ")";
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return make_error(ErrorCode::kBusy, std::move(message), true);
    case SQLITE_FULL:
      return make_error(ErrorCode::kStorageFull, std::move(message), true);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return make_error(ErrorCode::kCorruption, std::move(message));
    default:
      return make_error(ErrorCode::kIoError, std::move(message));
  }
}

Db::Db(Db&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

// close_v2: a statement still alive keeps the connection until it is finalized.
Db::~Db() { sqlite3_close_v2(db_); }

Result<Db> Db::open(const std::string& path, const OpenOptions& options) {
  if (options.owner_only) {
    if (auto status = make_owner_only(path); !status) return std::move(status).error();
  }
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                    (options.serialized ? SQLITE_OPEN_FULLMUTEX : SQLITE_OPEN_NOMUTEX);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    // Without memory SQLite returns no connection to ask for its message.
    Error error = sqlite_error(rc, "cannot open database " + path,
                               db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(options.busy_timeout.count()));
  return Db(db);
}

Status Db::exec(std::string_view sql) {
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return last_error(db_, "exec " + quoted(sql));
  }
  return {};
}

std::int64_t Db::changes() const { return sqlite3_changes64(db_); }

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      bind_failure_(std::exchange(other.bind_failure_, SQLITE_OK)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_failure_ = std::exchange(other.bind_failure_, SQLITE_OK);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Result<Statement> Statement::prepare(Db& db, std::string_view sql) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
    return sqlite_error(SQLITE_TOOBIG, "prepare " + quoted(sql), sqlite3_errstr(SQLITE_TOOBIG));
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db.db_, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return last_error(db.db_, "prepare " + quoted(sql));
  }
  return Statement(stmt);
}

void Statement::keep_bind_failure(int code) {
  if (bind_failure_ == SQLITE_OK) bind_failure_ = code;
}

Statement& Statement::bind(int index, std::int64_t value) {
  keep_bind_failure(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  keep_bind_failure(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  // A null pointer would bind NULL: pass a valid one for a zero-length blob.
  keep_bind_failure(sqlite3_bind_blob64(stmt_, index, bytes.empty() ? "" : bytes.data(),
                                        bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_null(int index) {
  keep_bind_failure(sqlite3_bind_null(stmt_, index));
  return *this;
}

Result<bool> Statement::step() {
  if (bind_failure_ != SQLITE_OK) {
    Error error = sqlite_error(bind_failure_, "bind " + quoted(sqlite3_sql(stmt_)),
                               sqlite3_errstr(bind_failure_));
    reset();
    return error;
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error error = last_error(sqlite3_db_handle(stmt_), "step " + quoted(sqlite3_sql(stmt_)));
  reset();
  return error;
}

Status Statement::run() {
  Result<bool> stepped = step();
  while (stepped && *stepped) stepped = step();
  reset();
  if (!stepped) return std::move(stepped).error();
  return {};
}

Statement& Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_failure_ = SQLITE_OK;
  return *this;
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

Status prepare_all(Db& db, std::initializer_list<Prepared> statements) {
  for (const auto& item : statements) {
    auto statement = Statement::prepare(db, item.sql);
    if (!statement) return std::move(statement).error();
    *item.statement = std::move(statement).value();
  }
  return {};
}

Transaction::Transaction(Db& db, Begin begin) : db_(db) {
  begun_ = db_.exec(begin == Begin::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN");
  open_ = begun_.ok();
}

Transaction::~Transaction() {
  if (open_) static_cast<void>(db_.exec("ROLLBACK"));
}

Status Transaction::commit() {
  if (!open_) return make_error(ErrorCode::kInternal, "no open transaction");
  open_ = false;
  auto status = db_.exec("COMMIT");
  if (!status) static_cast<void>(db_.exec("ROLLBACK"));
  return status;
}

}  // namespace tally::sqlite
