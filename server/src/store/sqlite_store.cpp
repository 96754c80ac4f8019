// The SQLite store: opening and migrating, the write connection and its one transaction
// per group commit, and the pool of read connections. WAL lets readers see the last
// committed state while a commit runs. The tables' own reads and writes are in
// sqlite_store_log.cpp, sqlite_store_devices.cpp and sqlite_store_heads.cpp.
#include <algorithm>
#include <cstring>
#include <utility>

#include "base/tuning.hpp"
#include "store/sqlite_migrations.hpp"
#include "store/sqlite_store_impl.hpp"

namespace tally::server {

Status copy_fixed(const std::string& bytes, std::uint8_t* out, std::size_t size, const char* what) {
  if (bytes.size() != size) {
    return make_error(ErrorCode::kCorruption, std::string("stored ") + what + " has " +
                                                  std::to_string(bytes.size()) +
                                                  " bytes, expected " + std::to_string(size));
  }
  std::memcpy(out, bytes.data(), size);
  return {};
}

sqlite::OpenOptions sqlite_options() {
  sqlite::OpenOptions options;
  options.busy_timeout = tuning::kSqliteBusyTimeout;
  return options;
}

Status SqliteStore::open(const SqliteStoreOptions& options) {
  path_ = options.path;
  auto db = sqlite::Db::open(path_, sqlite_options());
  if (!db) return std::move(db).error();
  writer_ = std::move(db).value();
  if (auto status = writer_.exec("PRAGMA journal_mode=WAL"); !status) return status;
  if (auto status = writer_.exec(options.sync == SyncMode::kFull ? "PRAGMA synchronous=FULL"
                                                                 : "PRAGMA synchronous=NORMAL");
      !status) {
    return status;
  }
  if (auto status = migrate(writer_, options.migrate_to); !status) return status;
  if (options.migrate_to == kSqliteSchemaVersion) {
    if (auto status = prepare_writes(); !status) return status;
    writable_ = true;
  }
  const std::size_t readers = std::max<std::size_t>(1, options.read_connections);
  for (std::size_t i = 0; i < readers; ++i) {
    auto reader = StoreReader::open(path_, writable_);
    if (!reader) return std::move(reader).error();
    idle_readers_.push_back(std::make_unique<StoreReader>(std::move(reader).value()));
  }
  return {};
}

Status SqliteStore::commit(const WriteSet& writes) {
  std::lock_guard lock(write_mutex_);
  if (!writable_) {
    return make_error(ErrorCode::kInternal,
                      "store opened below the current schema version is read-only");
  }
  sqlite::Transaction transaction(writer_, sqlite::Begin::kImmediate);
  if (!transaction.begun()) return transaction.begun();
  if (auto status = write_ops(writes.ops); !status) return status;
  if (auto status = write_devices(writes); !status) return status;
  if (writes.head) {
    if (auto status = write_head(*writes.head); !status) return status;
  }
  if (auto status = write_tree(writes); !status) return status;
  return transaction.commit();
}

SqliteStore::ReaderLease SqliteStore::take_reader() {
  std::unique_lock lock(readers_mutex_);
  readers_available_.wait(lock, [this] { return !idle_readers_.empty(); });
  auto reader = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  return ReaderLease(*this, std::move(reader));
}

void SqliteStore::return_reader(std::unique_ptr<StoreReader> reader) {
  {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
  }
  readers_available_.notify_one();
}

Status SqliteStore::for_each_row(std::string_view sql,
                                 const std::function<Status(const sqlite::Statement&)>& visit) {
  auto reader = take_reader();
  auto query = sqlite::Statement::prepare(reader->db, sql);
  if (!query) return std::move(query).error();
  while (true) {
    auto row = query->step();
    if (!row) return std::move(row).error();
    if (!*row) return {};
    if (auto status = visit(*query); !status) return status;
  }
}

Status SqliteStore::prepare_writes() {
  return sqlite::prepare_all(
      writer_,
      {{&insert_op_,
        "INSERT INTO ops (idx, device, counter, station, unit, kind, receive_ms, op, "
        "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
       {&insert_device_,
        "INSERT INTO devices (id, public_key, role, station, label, enrolled_ms, "
        "revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
       {&insert_code_,
        "INSERT INTO enrolment_codes (code_hash, station, role, created_ms, "
        "expires_ms, used_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
       {&use_code_, "UPDATE enrolment_codes SET used_by = ?1 WHERE code_hash = ?2"},
       {&revoke_device_, "UPDATE devices SET revoked = 1 WHERE id = ?1"},
       {&insert_equivocation_,
        "INSERT INTO equivocations (device, counter, received_op, receive_ms) "
        "VALUES (?1, ?2, ?3, ?4)"},
       {&insert_head_,
        "INSERT OR REPLACE INTO signed_heads (idx, head, signature) "
        "VALUES (?1, ?2, ?3)"},
       {&insert_merkle_node_, "INSERT INTO merkle_nodes (level, idx, hash) VALUES (?1, ?2, ?3)"},
       {&insert_tree_head_,
        "INSERT OR REPLACE INTO tree_heads (size, timestamp_ms, root, signature) "
        "VALUES (?1, ?2, ?3, ?4)"}});
}

void WriteSet::merge(WriteSet&& other) {
  auto append = [](auto& into, auto& from) {
    into.insert(into.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
  };
  append(ops, other.ops);
  append(decoded_ops, other.decoded_ops);
  append(new_devices, other.new_devices);
  append(new_codes, other.new_codes);
  append(used_codes, other.used_codes);
  append(revoked_devices, other.revoked_devices);
  append(equivocations, other.equivocations);
  if (other.head) head = other.head;
  append(merkle_nodes, other.merkle_nodes);
  if (other.tree_head) tree_head = other.tree_head;
}

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteStoreOptions& options) {
  auto store = std::make_unique<SqliteStore>();
  if (auto status = store->open(options); !status) return std::move(status).error();
  return std::unique_ptr<Store>(std::move(store));
}

Result<int> sqlite_schema_version(const std::string& path) {
  auto db = sqlite::Db::open(path, sqlite_options());
  if (!db) return std::move(db).error();
  return read_schema_version(*db);
}

}  // namespace tally::server
