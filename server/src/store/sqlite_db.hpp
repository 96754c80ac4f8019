// Thin RAII wrappers over the SQLite C API for the server store: a connection and a
// prepared statement that is reset (not re-prepared) between uses.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::server {

// A kStore error naming `what` and SQLite's message for `db`.
Error sqlite_error(sqlite3* db, std::string_view what);

// A prepared statement. Bind parameters are 1-based as in SQLite; columns 0-based.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  static Result<Statement> prepare(sqlite3* db, std::string_view sql);

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // Runs one step: true if a row is available, false when done.
  Result<bool> step();
  // Runs to completion (for statements that return no rows) and resets.
  Status run();
  // Clears bindings and rewinds, ready for the next use.
  void reset();

  [[nodiscard]] std::int64_t column_int(int index) const;
  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] std::string column_blob(int index) const;
  [[nodiscard]] bool column_is_null(int index) const;

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  sqlite3_stmt* stmt_ = nullptr;
};

// An open database connection.
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  ~Connection();

  // Opens `path` (read-write, created if missing) with a busy timeout.
  static Result<Connection> open(const std::string& path);

  // Runs one or more SQL statements that return no rows.
  Status exec(std::string_view sql);
  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// Commits on commit(); rolls back if destroyed before.
class Transaction {
 public:
  Transaction(Connection& connection, bool immediate);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  [[nodiscard]] const Status& begun() const { return begun_; }
  Status commit();

 private:
  Connection& connection_;
  Status begun_;
  bool open_ = false;
};

}  // namespace tally::server
