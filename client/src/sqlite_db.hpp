// A thin RAII layer over the SQLite C API for the client store: one connection, prepared
// statements that are reused, and transactions. Internal to the client library.
//
// Errors throw SqliteError (inside the component only); Store turns them into Status.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::client {

// A failed SQLite call, carrying the Error the store reports.
class SqliteError : public std::runtime_error {
 public:
  explicit SqliteError(Error error) : std::runtime_error(error.message), error_(std::move(error)) {}
  [[nodiscard]] const Error& error() const { return error_; }

 private:
  Error error_;
};

// Maps a SQLite result code to our error (busy → transient kBusy, full → kStorageFull...).
Error sqlite_error(int code, std::string_view what, std::string_view detail);

class SqliteDb;

// A prepared statement, reset and rebound for each use.
class Statement {
 public:
  Statement(SqliteDb& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Resets the statement and clears its bindings; returns *this to chain binds.
  Statement& reset();
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  // Steps once: true while a row is available.
  bool step();
  // Steps to completion (for statements that return no rows).
  void run();

  [[nodiscard]] std::int64_t column_int(int index) const;
  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] std::string column_blob(int index) const;
  [[nodiscard]] bool column_is_null(int index) const;

 private:
  SqliteDb& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// One open database connection.
class SqliteDb {
 public:
  // Opens (creating if needed) the file; a new file is created with mode 0600.
  explicit SqliteDb(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more statements that return nothing.
  void exec(std::string_view sql);
  [[nodiscard]] sqlite3* handle() const { return db_; }
  [[noreturn]] void fail(int code, std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back if destroyed before commit().
class Transaction {
 public:
  explicit Transaction(SqliteDb& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  SqliteDb& db_;
  bool done_ = false;
};

}  // namespace tally::client
