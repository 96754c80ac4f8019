// The SQLite store's op log: appending a group's rows and reading the log (pages for
// downloads, a full scan for recovery, one op by its dot).
#include <functional>
#include <utility>

#include "store/sqlite_store_impl.hpp"

namespace tally::server {
namespace {

constexpr const char* kOpColumns =
    "idx, device, counter, station, unit, kind, receive_ms, op, hash";

Result<LogRow> read_log_row(const sqlite::Statement& statement) {
  LogRow row;
  row.entry.index = as_uint(statement.column_int(0));
  row.dot.device = statement.column_text(1);
  row.dot.counter = as_uint(statement.column_int(2));
  row.form.station_id = statement.column_text(3);
  row.form.unit_id = statement.column_text(4);
  row.kind = static_cast<engine::OpKind>(statement.column_int(5));
  row.entry.receive_ms = as_uint(statement.column_int(6));
  row.entry.op_bytes = statement.column_blob(7);
  if (auto status = copy_fixed(statement.column_blob(8), row.entry.hash, "op hash"); !status) {
    return std::move(status).error();
  }
  return row;
}

// Steps `query` (bound by the caller) through its rows, handing each to `visit` until it
// returns false; the statement is reset for its next use either way.
Status visit_log_rows(sqlite::Statement& query, const std::function<bool(LogRow&&)>& visit) {
  Status status;
  while (true) {
    auto row = query.step();
    if (!row) {
      status = std::move(row).error();
      break;
    }
    if (!*row) break;
    auto log_row = read_log_row(query);
    if (!log_row) {
      status = std::move(log_row).error();
      break;
    }
    if (!visit(std::move(log_row).value())) break;
  }
  query.reset();
  return status;
}

}  // namespace

Result<StoreReader> StoreReader::open(const std::string& path, bool current_schema) {
  auto db = sqlite::Db::open(path, sqlite_options());
  if (!db) return std::move(db).error();
  StoreReader reader;
  reader.db = std::move(db).value();
  const std::string select = std::string("SELECT ") + kOpColumns + " FROM ops ";
  const std::string log_all = select + "WHERE idx > ?1 ORDER BY idx LIMIT ?2";
  const std::string log_station = select + "WHERE station = ?3 AND idx > ?1 ORDER BY idx LIMIT ?2";
  const std::string find_op = select + "WHERE device = ?1 AND counter = ?2";
  if (auto status = sqlite::prepare_all(
          reader.db, {{&reader.log_all, log_all},
                      {&reader.log_station, log_station},
                      {&reader.max_index, "SELECT coalesce(max(idx), 0) FROM ops"},
                      {&reader.find_op, find_op}});
      !status) {
    return std::move(status).error();
  }
  if (!current_schema) return reader;
  if (auto status = sqlite::prepare_all(
          reader.db, {{&reader.merkle_nodes,
                       "SELECT hash FROM merkle_nodes WHERE level = ?1 AND idx >= ?2 "
                       "ORDER BY idx LIMIT ?3"},
                      {&reader.tree_heads,
                       "SELECT size, timestamp_ms, root, signature FROM tree_heads "
                       "WHERE size > ?1 ORDER BY size LIMIT ?2"}});
      !status) {
    return std::move(status).error();
  }
  reader.has_tree = true;
  return reader;
}

Status SqliteStore::write_ops(const std::vector<LogRow>& ops) {
  for (const auto& row : ops) {
    insert_op_.bind(1, as_int(row.entry.index))
        .bind(2, row.dot.device)
        .bind(3, as_int(row.dot.counter))
        .bind(4, row.form.station_id)
        .bind(5, row.form.unit_id)
        .bind(6, static_cast<std::int64_t>(row.kind))
        .bind(7, as_int(row.entry.receive_ms))
        .bind_blob(8, row.entry.op_bytes)
        .bind_blob(9, as_bytes(row.entry.hash));
    if (auto status = insert_op_.run(); !status) return status;
  }
  return {};
}

Result<LogPage> SqliteStore::read_log(std::uint64_t after, const LogScope& scope,
                                      std::size_t limit) {
  auto reader = take_reader();
  // One read transaction, so that the page and last_index come from one snapshot.
  sqlite::Transaction snapshot(reader->db, sqlite::Begin::kDeferred);
  if (!snapshot.begun()) return snapshot.begun().error();
  LogPage page;
  {
    auto& max_index = reader->max_index;
    auto row = max_index.step();
    if (!row) return std::move(row).error();
    page.last_index = as_uint(max_index.column_int(0));
    max_index.reset();
  }
  sqlite::Statement& query = scope.station ? reader->log_station : reader->log_all;
  query.bind(1, as_int(after)).bind(2, static_cast<std::int64_t>(limit));
  if (scope.station) query.bind(3, *scope.station);
  auto rows = visit_log_rows(query, [&](LogRow&& row) {
    page.rows.push_back(std::move(row));
    return true;
  });
  if (!rows) return std::move(rows).error();
  static_cast<void>(snapshot.commit());
  return page;
}

Status SqliteStore::scan_log(std::uint64_t after, const std::function<bool(const LogRow&)>& visit) {
  auto reader = take_reader();
  sqlite::Transaction snapshot(reader->db, sqlite::Begin::kDeferred);
  if (!snapshot.begun()) return snapshot.begun();
  auto& query = reader->log_all;
  query.bind(1, as_int(after)).bind(2, std::int64_t{-1});
  if (auto rows = visit_log_rows(query, [&](LogRow&& row) { return visit(row); }); !rows) {
    return rows;
  }
  return snapshot.commit();
}

Result<std::optional<LogRow>> SqliteStore::find_op(const engine::Dot& dot) {
  auto reader = take_reader();
  auto& query = reader->find_op;
  query.bind(1, dot.device).bind(2, as_int(dot.counter));
  auto row = query.step();
  if (!row) return std::move(row).error();
  std::optional<LogRow> found;
  if (*row) {
    auto log_row = read_log_row(query);
    if (!log_row) {
      query.reset();
      return std::move(log_row).error();
    }
    found = std::move(log_row).value();
  }
  query.reset();
  return found;
}

}  // namespace tally::server
