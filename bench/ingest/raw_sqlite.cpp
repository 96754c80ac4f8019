#include "raw_sqlite.hpp"

#include <algorithm>
#include <chrono>

#include "tally/engine/sha256.hpp"
#include "tally/sqlite/sqlite_db.hpp"

namespace tally::bench {

Result<RawInsertResult> raw_sqlite_insert(const std::string& path,
                                          const std::vector<RawRow>& templates, std::size_t rows,
                                          std::size_t batch) {
  if (templates.empty() || batch == 0) {
    return make_error(ErrorCode::kInvalidArgument,
                      "raw insert needs row templates and a batch size above 0");
  }
  auto db = sqlite::Db::open(path);
  if (!db) return std::move(db).error();
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "CREATE TABLE ops (idx INTEGER PRIMARY KEY, device TEXT NOT NULL, "
                          "counter INTEGER NOT NULL, station TEXT NOT NULL, unit TEXT NOT NULL, "
                          "kind INTEGER NOT NULL, receive_ms INTEGER NOT NULL, op BLOB NOT NULL, "
                          "hash BLOB NOT NULL, UNIQUE (device, counter))",
                          "CREATE INDEX ops_by_station ON ops (station, idx)"}) {
    if (auto status = db->exec(sql); !status) return std::move(status).error();
  }
  auto insert = sqlite::Statement::prepare(
      *db,
      "INSERT INTO ops (idx, device, counter, station, unit, kind, receive_ms, op, hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!insert) return std::move(insert).error();
  auto hash = engine::sha256("bench/ingest raw row");

  RawInsertResult result;
  const auto started = std::chrono::steady_clock::now();
  std::size_t done = 0;
  while (done < rows) {
    sqlite::Transaction transaction(*db, sqlite::Begin::kImmediate);
    if (!transaction.begun()) return transaction.begun().error();
    const std::size_t end = std::min(rows, done + batch);
    for (; done < end; ++done) {
      const RawRow& row = templates[done % templates.size()];
      const auto index = static_cast<std::int64_t>(done + 1);
      std::copy_n(reinterpret_cast<const std::uint8_t*>(&index), sizeof index, hash.begin());
      insert->bind(1, index)
          .bind(2, row.device)
          .bind(3, index)
          .bind(4, row.station)
          .bind(5, row.unit)
          .bind(6, std::int64_t{1})
          .bind(7, std::int64_t{1'621'760'000'000})
          .bind_blob(8, row.op)
          .bind_blob(9, std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
      if (auto status = insert->run(); !status) return std::move(status).error();
    }
    if (auto status = transaction.commit(); !status) return std::move(status).error();
    ++result.transactions;
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  result.rows = rows;
  result.seconds = took.count();
  return result;
}

}  // namespace tally::bench
