// The one SQLite wrapper of the tree: a connection (Db), prepared statements that are
// reset and reused rather than prepared again (Statement), BEGIN ... COMMIT transactions
// that roll back when dropped (Transaction), and the one mapping of SQLite's result codes
// to our errors (sqlite_error). Used by the client's store and by tallyd's; internal to
// both (each links it privately).
//
// Every call that can fail returns a Status or Result; nothing throws.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "tally/error.hpp"

// SQLite's own handle types (sqlite3.h declares them the same way), so that users of this
// header need not see sqlite3.h.
struct sqlite3;
struct sqlite3_stmt;

namespace tally::sqlite {

// Our error for SQLite result code `code` (primary or extended) of the call `what`, with
// SQLite's `detail`: busy or locked → transient kBusy (another connection holds the lock),
// full → transient kStorageFull (it passes once space is freed), corrupt or not a database
// → kCorruption, anything else → kIoError.
Error sqlite_error(int code, std::string_view what, std::string_view detail);

// How Db::open opens a file.
struct OpenOptions {
  // How long a statement waits for another connection's lock before it fails with kBusy.
  std::chrono::milliseconds busy_timeout{5000};
  // Create the file with mode 0600 (and set an existing one to 0600) before SQLite opens
  // it, so that it is never readable by others, even for a moment; SQLite gives the -wal
  // and -shm files the same mode. For a file that holds a private key.
  bool owner_only = false;
  // SQLite's serialized mode: several threads may use the connection at once. Otherwise
  // multi-thread mode: one thread at a time, which the caller guarantees (cheaper).
  bool serialized = false;
};

class Statement;

// One open database connection. Default-constructed it is closed; open() gives a usable one.
class Db {
 public:
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  Db(Db&& other) noexcept;
  Db& operator=(Db&& other) noexcept;
  ~Db();

  // Opens `path` read-write, creating it if missing, with extended result codes on.
  static Result<Db> open(const std::string& path, const OpenOptions& options = {});

  // Runs one or more SQL statements that return no rows.
  Status exec(std::string_view sql);
  // Rows inserted, updated or deleted by the last such statement on this connection.
  [[nodiscard]] std::int64_t changes() const;

 private:
  friend class Statement;
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// A prepared statement, kept for reuse (SQLITE_PREPARE_PERSISTENT). Bind parameters are
// 1-based as in SQLite, columns 0-based. A failed bind is kept and returned by the next
// step() or run(), so binds chain.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  static Result<Statement> prepare(Db& db, std::string_view sql);

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  // A zero-length blob is bound as an empty blob, not as NULL.
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // Runs one step: true while a row is available, false when done. On failure the
  // statement is reset.
  Result<bool> step();
  // Steps to completion (for statements that return no rows), then resets.
  Status run();
  // Rewinds and clears the bindings, ready for the next use; returns *this to chain binds.
  Statement& reset();

  [[nodiscard]] std::int64_t column_int(int index) const;
  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] std::string column_blob(int index) const;
  [[nodiscard]] bool column_is_null(int index) const;

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  void keep_bind_failure(int code);

  sqlite3_stmt* stmt_ = nullptr;
  int bind_failure_ = 0;  // the first failed bind's code since the last reset (0: none)
};

// A statement to prepare and where to keep it, for prepare_all.
struct Prepared {
  Statement* statement;
  std::string_view sql;
};

// Prepares each statement into its place, in order; stops at and returns the first failure.
Status prepare_all(Db& db, std::initializer_list<Prepared> statements);

// How a transaction takes its lock.
enum class Begin {
  kImmediate,  // the write lock now (BEGIN IMMEDIATE): a writer never fails later on it
  kDeferred,   // no lock until the first statement (BEGIN): a reader's snapshot
};

// BEGIN ... COMMIT on one connection; rolls back if destroyed before commit() succeeds.
class Transaction {
 public:
  explicit Transaction(Db& db, Begin begin = Begin::kImmediate);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // Whether BEGIN succeeded; check it before using the transaction.
  [[nodiscard]] const Status& begun() const { return begun_; }
  // Commits; if COMMIT fails the transaction is rolled back and the failure returned.
  Status commit();

 private:
  Db& db_;
  Status begun_;
  bool open_ = false;
};

}  // namespace tally::sqlite
