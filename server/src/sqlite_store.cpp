// The SQLite store: a write connection (the writer thread's) and a pool of read
// connections. WAL lets readers see the last committed state while a commit runs.
#include "tally/server/sqlite_store.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include "sqlite_db.hpp"
#include "sqlite_migrations.hpp"

namespace tally::server {
namespace {

std::string_view as_bytes(const std::array<std::uint8_t, 32>& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}
std::string_view as_bytes(const std::array<std::uint8_t, 64>& signature) {
  return {reinterpret_cast<const char*>(signature.data()), signature.size()};
}

template <std::size_t N>
Status copy_fixed(const std::string& bytes, std::array<std::uint8_t, N>& out, const char* what) {
  if (bytes.size() != N) {
    return make_error(ErrorDomain::kStore, ErrorCode::kCorruption,
                      std::string("stored ") + what + " has " + std::to_string(bytes.size()) +
                          " bytes, expected " + std::to_string(N));
  }
  std::memcpy(out.data(), bytes.data(), N);
  return {};
}

std::int64_t as_int(std::uint64_t value) { return static_cast<std::int64_t>(value); }
std::uint64_t as_uint(std::int64_t value) { return static_cast<std::uint64_t>(value); }

constexpr const char* kOpColumns =
    "idx, device, counter, station, unit, kind, receive_ms, op, hash";

Result<LogRow> read_log_row(const Statement& statement) {
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

// A read connection with the statements readers use, prepared once.
struct Reader {
  Connection db;
  Statement log_all;
  Statement log_station;
  Statement max_index;
  Statement find_op;

  static Result<Reader> open(const std::string& path) {
    auto db = Connection::open(path);
    if (!db) return std::move(db).error();
    Reader reader;
    reader.db = std::move(db).value();
    const std::string select = std::string("SELECT ") + kOpColumns + " FROM ops ";
    auto log_all =
        Statement::prepare(reader.db.handle(), select + "WHERE idx > ?1 ORDER BY idx LIMIT ?2");
    auto log_station = Statement::prepare(
        reader.db.handle(), select + "WHERE station = ?3 AND idx > ?1 ORDER BY idx LIMIT ?2");
    auto max_index =
        Statement::prepare(reader.db.handle(), "SELECT coalesce(max(idx), 0) FROM ops");
    auto find_op =
        Statement::prepare(reader.db.handle(), select + "WHERE device = ?1 AND counter = ?2");
    for (auto* prepared : {&log_all, &log_station, &max_index, &find_op}) {
      if (!*prepared) return prepared->error();
    }
    reader.log_all = std::move(log_all).value();
    reader.log_station = std::move(log_station).value();
    reader.max_index = std::move(max_index).value();
    reader.find_op = std::move(find_op).value();
    return reader;
  }
};

class SqliteStore final : public Store {
 public:
  Status open(const SqliteStoreOptions& options) {
    path_ = options.path;
    auto db = Connection::open(path_);
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
      auto reader = Reader::open(path_);
      if (!reader) return std::move(reader).error();
      idle_readers_.push_back(std::make_unique<Reader>(std::move(reader).value()));
    }
    return {};
  }

  Status commit(const WriteSet& writes) override {
    std::lock_guard lock(write_mutex_);
    if (!writable_) {
      return make_error(ErrorDomain::kStore, ErrorCode::kInternal,
                        "store opened below the current schema version is read-only");
    }
    Transaction transaction(writer_, /*immediate=*/true);
    if (!transaction.begun()) return transaction.begun();
    for (const auto& row : writes.ops) {
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
    for (const auto& device : writes.new_devices) {
      insert_device_.bind(1, device.id)
          .bind_blob(2, as_bytes(device.public_key))
          .bind(3, static_cast<std::int64_t>(device.role))
          .bind(4, device.station)
          .bind(5, device.label)
          .bind(6, as_int(device.enrolled_ms))
          .bind(7, std::int64_t{device.revoked ? 1 : 0});
      if (auto status = insert_device_.run(); !status) return status;
    }
    for (const auto& code : writes.new_codes) {
      insert_code_.bind_blob(1, as_bytes(code.code_hash))
          .bind(2, code.station)
          .bind(3, static_cast<std::int64_t>(code.role))
          .bind(4, as_int(code.created_ms))
          .bind(5, as_int(code.expires_ms))
          .bind(6, code.used_by);
      if (auto status = insert_code_.run(); !status) return status;
    }
    for (const auto& code : writes.used_codes) {
      use_code_.bind(1, code.used_by).bind_blob(2, as_bytes(code.code_hash));
      if (auto status = use_code_.run(); !status) return status;
    }
    for (const auto& device : writes.revoked_devices) {
      revoke_device_.bind(1, device);
      if (auto status = revoke_device_.run(); !status) return status;
    }
    for (const auto& equivocation : writes.equivocations) {
      insert_equivocation_.bind(1, equivocation.dot.device)
          .bind(2, as_int(equivocation.dot.counter))
          .bind_blob(3, equivocation.received_op)
          .bind(4, as_int(equivocation.receive_ms));
      if (auto status = insert_equivocation_.run(); !status) return status;
    }
    if (writes.head) {
      insert_head_.bind(1, as_int(writes.head->log_index))
          .bind_blob(2, as_bytes(writes.head->head))
          .bind_blob(3, as_bytes(writes.head->signature));
      if (auto status = insert_head_.run(); !status) return status;
    }
    return transaction.commit();
  }

  Result<LogPage> read_log(std::uint64_t after, const LogScope& scope, std::size_t limit) override {
    auto reader = take_reader();
    // One read transaction, so that the page and last_index come from one snapshot.
    Transaction snapshot(reader->db, /*immediate=*/false);
    if (!snapshot.begun()) return snapshot.begun().error();
    LogPage page;
    {
      auto& max_index = reader->max_index;
      auto row = max_index.step();
      if (!row) return std::move(row).error();
      page.last_index = as_uint(max_index.column_int(0));
      max_index.reset();
    }
    Statement& query = scope.station ? reader->log_station : reader->log_all;
    query.bind(1, as_int(after)).bind(2, static_cast<std::int64_t>(limit));
    if (scope.station) query.bind(3, *scope.station);
    while (true) {
      auto row = query.step();
      if (!row) return std::move(row).error();
      if (!*row) break;
      auto log_row = read_log_row(query);
      if (!log_row) {
        query.reset();
        return std::move(log_row).error();
      }
      page.rows.push_back(std::move(log_row).value());
    }
    query.reset();
    static_cast<void>(snapshot.commit());
    return page;
  }

  Status scan_log(std::uint64_t after, const std::function<bool(const LogRow&)>& visit) override {
    auto reader = take_reader();
    Transaction snapshot(reader->db, /*immediate=*/false);
    if (!snapshot.begun()) return snapshot.begun();
    auto& query = reader->log_all;
    query.bind(1, as_int(after)).bind(2, std::int64_t{-1});
    while (true) {
      auto row = query.step();
      if (!row) return std::move(row).error();
      if (!*row) break;
      auto log_row = read_log_row(query);
      if (!log_row) {
        query.reset();
        return std::move(log_row).error();
      }
      if (!visit(*log_row)) break;
    }
    query.reset();
    return snapshot.commit();
  }

  Result<std::optional<LogRow>> find_op(const engine::Dot& dot) override {
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

  Result<std::vector<DeviceRow>> load_devices() override {
    std::vector<DeviceRow> devices;
    auto status = for_each_row(
        "SELECT id, public_key, role, station, label, enrolled_ms, revoked FROM devices "
        "ORDER BY id",
        [&](const Statement& row) -> Status {
          DeviceRow device;
          device.id = row.column_text(0);
          if (auto copied = copy_fixed(row.column_blob(1), device.public_key, "device key");
              !copied) {
            return copied;
          }
          device.role = static_cast<engine::Role>(row.column_int(2));
          device.station = row.column_text(3);
          device.label = row.column_text(4);
          device.enrolled_ms = as_uint(row.column_int(5));
          device.revoked = row.column_int(6) != 0;
          devices.push_back(std::move(device));
          return {};
        });
    if (!status) return std::move(status).error();
    return devices;
  }

  Result<std::vector<EnrolmentCodeRow>> load_enrolment_codes() override {
    std::vector<EnrolmentCodeRow> codes;
    auto status = for_each_row(
        "SELECT code_hash, station, role, created_ms, expires_ms, used_by FROM enrolment_codes "
        "ORDER BY created_ms",
        [&](const Statement& row) -> Status {
          EnrolmentCodeRow code;
          if (auto copied = copy_fixed(row.column_blob(0), code.code_hash, "code hash"); !copied) {
            return copied;
          }
          code.station = row.column_text(1);
          code.role = static_cast<engine::Role>(row.column_int(2));
          code.created_ms = as_uint(row.column_int(3));
          code.expires_ms = as_uint(row.column_int(4));
          code.used_by = row.column_text(5);
          codes.push_back(std::move(code));
          return {};
        });
    if (!status) return std::move(status).error();
    return codes;
  }

  Result<std::vector<engine::SignedHead>> load_heads() override {
    std::vector<engine::SignedHead> heads;
    auto status = for_each_row(
        "SELECT idx, head, signature FROM signed_heads ORDER BY idx",
        [&](const Statement& row) -> Status {
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

  Result<std::vector<EquivocationRow>> load_equivocations() override {
    std::vector<EquivocationRow> rows;
    auto status = for_each_row(
        "SELECT device, counter, received_op, receive_ms FROM equivocations ORDER BY id",
        [&](const Statement& row) -> Status {
          rows.push_back(
              EquivocationRow{engine::Dot{row.column_text(0), as_uint(row.column_int(1))},
                              row.column_blob(2), as_uint(row.column_int(3))});
          return {};
        });
    if (!status) return std::move(status).error();
    return rows;
  }

  Result<std::optional<std::string>> get_setting(const std::string& key) override {
    std::optional<std::string> value;
    auto reader = take_reader();
    auto query =
        Statement::prepare(reader->db.handle(), "SELECT value FROM settings WHERE key = ?1");
    if (!query) return std::move(query).error();
    query->bind(1, key);
    auto row = query->step();
    if (!row) return std::move(row).error();
    if (*row) value = query->column_text(0);
    return value;
  }

  Status put_setting(const std::string& key, const std::string& value) override {
    std::lock_guard lock(write_mutex_);
    auto statement = Statement::prepare(writer_.handle(),
                                        "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!statement) return std::move(statement).error();
    statement->bind(1, key).bind(2, value);
    return statement->run();
  }

 private:
  // Hands out a read connection for the duration of one read; waits if all are busy.
  class ReaderLease {
   public:
    ReaderLease(SqliteStore& store, std::unique_ptr<Reader> reader)
        : store_(store), reader_(std::move(reader)) {}
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    ~ReaderLease() { store_.return_reader(std::move(reader_)); }
    Reader* operator->() const { return reader_.get(); }

   private:
    SqliteStore& store_;
    std::unique_ptr<Reader> reader_;
  };

  ReaderLease take_reader() {
    std::unique_lock lock(readers_mutex_);
    readers_available_.wait(lock, [this] { return !idle_readers_.empty(); });
    auto reader = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    return ReaderLease(*this, std::move(reader));
  }

  void return_reader(std::unique_ptr<Reader> reader) {
    {
      std::lock_guard lock(readers_mutex_);
      idle_readers_.push_back(std::move(reader));
    }
    readers_available_.notify_one();
  }

  Status for_each_row(std::string_view sql, const std::function<Status(const Statement&)>& visit) {
    auto reader = take_reader();
    auto query = Statement::prepare(reader->db.handle(), sql);
    if (!query) return std::move(query).error();
    while (true) {
      auto row = query->step();
      if (!row) return std::move(row).error();
      if (!*row) return {};
      if (auto status = visit(*query); !status) return status;
    }
  }

  Status prepare_writes() {
    struct Prepared {
      Statement* statement;
      const char* sql;
    };
    const Prepared prepared[] = {
        {&insert_op_,
         "INSERT INTO ops (idx, device, counter, station, unit, kind, receive_ms, "
         "op, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
        {&insert_device_,
         "INSERT INTO devices (id, public_key, role, station, label, "
         "enrolled_ms, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
        {&insert_code_,
         "INSERT INTO enrolment_codes (code_hash, station, role, created_ms, "
         "expires_ms, used_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
        {&use_code_, "UPDATE enrolment_codes SET used_by = ?1 WHERE code_hash = ?2"},
        {&revoke_device_, "UPDATE devices SET revoked = 1 WHERE id = ?1"},
        {&insert_equivocation_,
         "INSERT INTO equivocations (device, counter, received_op, "
         "receive_ms) VALUES (?1, ?2, ?3, ?4)"},
        {&insert_head_,
         "INSERT OR REPLACE INTO signed_heads (idx, head, signature) "
         "VALUES (?1, ?2, ?3)"},
    };
    for (const auto& item : prepared) {
      auto statement = Statement::prepare(writer_.handle(), item.sql);
      if (!statement) return std::move(statement).error();
      *item.statement = std::move(statement).value();
    }
    return {};
  }

  std::string path_;
  std::mutex write_mutex_;
  Connection writer_;
  bool writable_ = false;
  Statement insert_op_;
  Statement insert_device_;
  Statement insert_code_;
  Statement use_code_;
  Statement revoke_device_;
  Statement insert_equivocation_;
  Statement insert_head_;

  std::mutex readers_mutex_;
  std::condition_variable readers_available_;
  std::vector<std::unique_ptr<Reader>> idle_readers_;
};

}  // namespace

void WriteSet::merge(WriteSet&& other) {
  auto append = [](auto& into, auto& from) {
    into.insert(into.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
  };
  append(ops, other.ops);
  append(new_devices, other.new_devices);
  append(new_codes, other.new_codes);
  append(used_codes, other.used_codes);
  append(revoked_devices, other.revoked_devices);
  append(equivocations, other.equivocations);
  if (other.head) head = other.head;
}

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteStoreOptions& options) {
  auto store = std::make_unique<SqliteStore>();
  if (auto status = store->open(options); !status) return std::move(status).error();
  return std::unique_ptr<Store>(std::move(store));
}

Result<int> sqlite_schema_version(const std::string& path) {
  auto db = Connection::open(path);
  if (!db) return std::move(db).error();
  return read_schema_version(*db);
}

}  // namespace tally::server
