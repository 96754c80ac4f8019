// The SQLite store's signed heads (one per group commit with ops) and settings.
#include <utility>

#include "store/sqlite_store_impl.hpp"

namespace tally::server {

Status SqliteStore::write_head(const engine::SignedHead& head) {
  insert_head_.bind(1, as_int(head.log_index))
      .bind_blob(2, as_bytes(head.head))
      .bind_blob(3, as_bytes(head.signature));
  return insert_head_.run();
}

Result<std::vector<engine::SignedHead>> SqliteStore::load_heads(std::uint64_t after) {
  std::vector<engine::SignedHead> heads;
  // `after` is a number: written into the query, it cannot change the query's meaning.
  auto status = for_each_row(
      "SELECT idx, head, signature FROM signed_heads WHERE idx > " + std::to_string(after) +
          " ORDER BY idx",
      [&](const sqlite::Statement& row) -> Status {
        engine::SignedHead head;
        head.log_index = as_uint(row.column_int(0));
        if (auto copied = copy_fixed(row.column_blob(1), head.head, "head"); !copied) {
          return copied;
        }
        if (auto copied = copy_fixed(row.column_blob(2), head.signature, "head signature");
            !copied) {
          return copied;
        }
        heads.push_back(head);
        return {};
      });
  if (!status) return std::move(status).error();
  return heads;
}

Result<std::optional<std::string>> SqliteStore::get_setting(const std::string& key) {
  std::optional<std::string> value;
  auto reader = take_reader();
  auto query = sqlite::Statement::prepare(reader->db, "SELECT value FROM settings WHERE key = ?1");
  if (!query) return std::move(query).error();
  query->bind(1, key);
  auto row = query->step();
  if (!row) return std::move(row).error();
  if (*row) value = query->column_text(0);
  return value;
}

Status SqliteStore::put_setting(const std::string& key, const std::string& value) {
  std::lock_guard lock(write_mutex_);
  auto statement =
      sqlite::Statement::prepare(writer_,
                                 "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!statement) return std::move(statement).error();
  statement->bind(1, key).bind(2, value);
  return statement->run();
}

}  // namespace tally::server
