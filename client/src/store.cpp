#include "store.hpp"

#include <functional>
#include <stdexcept>

#include "tally/sqlite/sqlite_db.hpp"

namespace tally::client {
namespace {

constexpr int kSchemaVersion = 1;

constexpr std::string_view kCreateTables = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value NOT NULL);
CREATE TABLE IF NOT EXISTS ops(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  device TEXT NOT NULL, counter INTEGER NOT NULL, form TEXT NOT NULL, bytes BLOB NOT NULL,
  UNIQUE(device, counter));
CREATE TABLE IF NOT EXISTS outbox(counter INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS ack_receipts(
  counter INTEGER PRIMARY KEY, log_index INTEGER NOT NULL, head BLOB NOT NULL,
  received_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS submission_receipts(
  form TEXT NOT NULL, counter INTEGER NOT NULL, log_index INTEGER NOT NULL,
  message BLOB NOT NULL, PRIMARY KEY(form, counter));
)sql";

// The store's SQL reads best as straight-line code, so inside this file a failed call
// throws StoreFailure (check) and each public method turns it back into its Status or
// Result (guarded, guarded_status). Nothing throws out of the store.
class StoreFailure : public std::runtime_error {
 public:
  explicit StoreFailure(Error error)
      : std::runtime_error(error.message), error_(std::move(error)) {}
  [[nodiscard]] const Error& error() const { return error_; }

 private:
  Error error_;
};

void check(Status status) {
  if (!status) throw StoreFailure(std::move(status).error());
}

template <typename T>
T check(Result<T> result) {
  if (!result) throw StoreFailure(std::move(result).error());
  return std::move(result).value();
}

template <typename T>
Result<T> guarded(const std::function<T()>& body) {
  try {
    return body();
  } catch (const StoreFailure& failure) {
    return failure.error();
  }
}

Status guarded_status(const std::function<void()>& body) {
  try {
    body();
    return {};
  } catch (const StoreFailure& failure) {
    return failure.error();
  }
}

// The store file holds the device's private key: 0600 from its first moment. Serialized
// mode: the app's thread and the sync thread both reach the one connection (LocalReplica's
// mutex orders them as well).
sqlite::OpenOptions store_file() {
  sqlite::OpenOptions options;
  options.owner_only = true;
  options.serialized = true;
  return options;
}

std::int64_t to_sql(std::uint64_t value) { return static_cast<std::int64_t>(value); }
std::uint64_t from_sql(std::int64_t value) { return static_cast<std::uint64_t>(value); }

}  // namespace

struct Store::Impl {
  // Opens the file and creates the tables, then prepares the statements (which need them).
  explicit Impl(const std::string& path) : db(check(sqlite::Db::open(path, store_file()))) {
    check(db.exec("PRAGMA journal_mode=WAL"));
    // FULL: an edit's commit is fsynced before the call returns (a returned edit survives
    // power loss, not only a process crash).
    check(db.exec("PRAGMA synchronous=FULL"));
    check(db.exec(kCreateTables));
    check(db.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion)));
    check(sqlite::prepare_all(
        db, {{&get_meta, "SELECT value FROM meta WHERE key = ?1"},
             {&put_meta,
              "INSERT INTO meta(key, value) VALUES(?1, ?2) "
              "ON CONFLICT(key) DO UPDATE SET value = excluded.value"},
             {&insert_op,
              "INSERT OR IGNORE INTO ops(device, counter, form, bytes) VALUES(?1, ?2, ?3, ?4)"},
             {&insert_outbox, "INSERT INTO outbox(counter, bytes) VALUES(?1, ?2)"},
             {&select_log, "SELECT bytes FROM ops ORDER BY seq"},
             {&select_outbox,
              "SELECT counter, bytes FROM outbox WHERE counter > ?1 ORDER BY counter LIMIT ?2"},
             {&count_outbox, "SELECT count(*) FROM outbox"},
             {&delete_outbox, "DELETE FROM outbox WHERE counter <= ?1"},
             {&insert_ack,
              "INSERT OR REPLACE INTO ack_receipts(counter, log_index, head, received_ms) "
              "VALUES(?1, ?2, ?3, ?4)"},
             {&select_last_ack,
              "SELECT counter, log_index, head, received_ms FROM ack_receipts "
              "ORDER BY counter DESC LIMIT 1"},
             {&select_acks,
              "SELECT counter, log_index, head, received_ms FROM ack_receipts ORDER BY counter"},
             {&select_own_ops, "SELECT counter, bytes FROM ops WHERE device = ?1 ORDER BY counter"},
             {&insert_receipt,
              "INSERT OR REPLACE INTO submission_receipts(form, counter, log_index, message) "
              "VALUES(?1, ?2, ?3, ?4)"},
             {&select_receipts,
              "SELECT form, counter, log_index, message FROM submission_receipts "
              "ORDER BY form, counter"}}));
  }

  sqlite::Db db;
  sqlite::Statement get_meta;
  sqlite::Statement put_meta;
  sqlite::Statement insert_op;
  sqlite::Statement insert_outbox;
  sqlite::Statement select_log;
  sqlite::Statement select_outbox;
  sqlite::Statement count_outbox;
  sqlite::Statement delete_outbox;
  sqlite::Statement insert_ack;
  sqlite::Statement select_last_ack;
  sqlite::Statement select_acks;
  sqlite::Statement select_own_ops;
  sqlite::Statement insert_receipt;
  sqlite::Statement select_receipts;

  std::optional<std::string> meta_blob(std::string_view key) {
    get_meta.reset().bind(1, key);
    std::optional<std::string> value;
    if (check(get_meta.step())) value = get_meta.column_blob(0);
    get_meta.reset();
    return value;
  }
  std::int64_t meta_int(std::string_view key) {
    get_meta.reset().bind(1, key);
    std::int64_t value = check(get_meta.step()) ? get_meta.column_int(0) : 0;
    get_meta.reset();
    return value;
  }
  void set_meta_blob(std::string_view key, std::string_view value) {
    check(put_meta.reset().bind(1, key).bind_blob(2, value).run());
  }
  void set_meta_int(std::string_view key, std::int64_t value) {
    check(put_meta.reset().bind(1, key).bind(2, value).run());
  }
  engine::Hlc hlc() {
    return engine::Hlc{from_sql(meta_int("hlc_physical_ms")),
                       static_cast<std::uint32_t>(meta_int("hlc_logical"))};
  }
  void set_hlc_if_newer(engine::Hlc hlc_value) {
    if (hlc_value <= hlc()) return;
    set_meta_int("hlc_physical_ms", to_sql(hlc_value.physical_ms));
    set_meta_int("hlc_logical", static_cast<std::int64_t>(hlc_value.logical));
  }
};

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  return guarded<std::unique_ptr<Store>>(
      [&] { return std::unique_ptr<Store>(new Store(std::make_unique<Impl>(path))); });
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::optional<DeviceIdentity>> Store::identity() {
  return guarded<std::optional<DeviceIdentity>>([&]() -> std::optional<DeviceIdentity> {
    auto device_id = impl_->meta_blob("device_id");
    if (!device_id) return std::nullopt;
    DeviceIdentity identity;
    identity.device_id = *device_id;
    identity.role = impl_->meta_blob("role").value_or("");
    identity.station_id = impl_->meta_blob("station_id").value_or("");
    identity.private_key = impl_->meta_blob("private_key").value_or("");
    identity.server_url = impl_->meta_blob("server_url").value_or("");
    identity.ca_pem = impl_->meta_blob("ca_pem").value_or("");
    return identity;
  });
}

Status Store::save_identity(const DeviceIdentity& identity) {
  return guarded_status([&] {
    sqlite::Transaction transaction(impl_->db);
    check(transaction.begun());
    impl_->set_meta_blob("device_id", identity.device_id);
    impl_->set_meta_blob("role", identity.role);
    impl_->set_meta_blob("station_id", identity.station_id);
    impl_->set_meta_blob("private_key", identity.private_key);
    impl_->set_meta_blob("server_url", identity.server_url);
    impl_->set_meta_blob("ca_pem", identity.ca_pem);
    check(transaction.commit());
  });
}

Result<std::optional<ReferenceJson>> Store::reference_data() {
  return guarded<std::optional<ReferenceJson>>([&]() -> std::optional<ReferenceJson> {
    auto election = impl_->meta_blob("election_json");
    auto schema = impl_->meta_blob("form_schema_json");
    if (!election || !schema) return std::nullopt;
    return ReferenceJson{*election, *schema};
  });
}

Status Store::save_reference_data(const ReferenceJson& reference) {
  return guarded_status([&] {
    sqlite::Transaction transaction(impl_->db);
    check(transaction.begun());
    impl_->set_meta_blob("election_json", reference.election);
    impl_->set_meta_blob("form_schema_json", reference.form_schema);
    check(transaction.commit());
  });
}

Result<std::uint64_t> Store::last_counter() {
  return guarded<std::uint64_t>([&] { return from_sql(impl_->meta_int("counter")); });
}

Result<engine::Hlc> Store::last_hlc() {
  return guarded<engine::Hlc>([&] { return impl_->hlc(); });
}

Status Store::save_hlc(engine::Hlc hlc) {
  return guarded_status([&] {
    sqlite::Transaction transaction(impl_->db);
    check(transaction.begun());
    impl_->set_hlc_if_newer(hlc);
    check(transaction.commit());
  });
}

Status Store::append_local(const LocalOp& op) {
  return guarded_status([&] {
    sqlite::Transaction transaction(impl_->db);
    check(transaction.begun());
    auto last = from_sql(impl_->meta_int("counter"));
    if (op.counter != last + 1) {
      throw StoreFailure(
          make_error(ErrorCode::kCounterGap, "local op counter " + std::to_string(op.counter) +
                                                 " does not follow " + std::to_string(last)));
    }
    auto device = impl_->meta_blob("device_id").value_or("");
    check(impl_->insert_op.reset()
              .bind(1, device)
              .bind(2, to_sql(op.counter))
              .bind(3, op.form)
              .bind_blob(4, op.bytes)
              .run());
    check(impl_->insert_outbox.reset().bind(1, to_sql(op.counter)).bind_blob(2, op.bytes).run());
    impl_->set_meta_int("counter", to_sql(op.counter));
    impl_->set_hlc_if_newer(op.hlc);
    check(transaction.commit());
  });
}

Result<std::size_t> Store::append_remote(const std::vector<RemoteOp>& ops, std::uint64_t cursor) {
  return guarded<std::size_t>([&]() -> std::size_t {
    if (ops.empty() && cursor <= from_sql(impl_->meta_int("cursor"))) return 0;  // no write
    sqlite::Transaction transaction(impl_->db);
    check(transaction.begun());
    std::size_t added = 0;
    for (const auto& op : ops) {
      check(impl_->insert_op.reset()
                .bind(1, op.device)
                .bind(2, to_sql(op.counter))
                .bind(3, op.form)
                .bind_blob(4, op.bytes)
                .run());
      added += static_cast<std::size_t>(impl_->db.changes());
    }
    if (cursor > from_sql(impl_->meta_int("cursor"))) impl_->set_meta_int("cursor", to_sql(cursor));
    check(transaction.commit());
    return added;
  });
}

Result<std::vector<std::string>> Store::log() {
  return guarded<std::vector<std::string>>([&] {
    std::vector<std::string> ops;
    auto& select = impl_->select_log.reset();
    while (check(select.step())) ops.push_back(select.column_blob(0));
    select.reset();
    return ops;
  });
}

Result<std::vector<OutboxEntry>> Store::outbox(std::uint64_t after, std::size_t limit) {
  return guarded<std::vector<OutboxEntry>>([&] {
    std::vector<OutboxEntry> entries;
    auto& select = impl_->select_outbox.reset()
                       .bind(1, to_sql(after))
                       .bind(2, static_cast<std::int64_t>(limit));
    while (check(select.step())) {
      entries.push_back(OutboxEntry{from_sql(select.column_int(0)), select.column_blob(1)});
    }
    select.reset();
    return entries;
  });
}

Result<std::uint64_t> Store::pending_count() {
  return guarded<std::uint64_t>([&] {
    auto& count = impl_->count_outbox.reset();
    check(count.step());
    auto pending = from_sql(count.column_int(0));
    count.reset();
    return pending;
  });
}

Status Store::record_ack(const AckReceipt& receipt) {
  return guarded_status([&] {
    sqlite::Transaction transaction(impl_->db);
    check(transaction.begun());
    check(impl_->insert_ack.reset()
              .bind(1, to_sql(receipt.counter))
              .bind(2, to_sql(receipt.log_index))
              .bind_blob(3, receipt.head)
              .bind(4, receipt.received_ms)
              .run());
    check(impl_->delete_outbox.reset().bind(1, to_sql(receipt.counter)).run());
    check(transaction.commit());
  });
}

Result<std::optional<AckReceipt>> Store::last_ack() {
  return guarded<std::optional<AckReceipt>>([&]() -> std::optional<AckReceipt> {
    auto& select = impl_->select_last_ack.reset();
    std::optional<AckReceipt> receipt;
    if (check(select.step())) {
      receipt = AckReceipt{from_sql(select.column_int(0)), from_sql(select.column_int(1)),
                           select.column_blob(2), select.column_int(3)};
    }
    select.reset();
    return receipt;
  });
}

Result<std::vector<AckReceipt>> Store::ack_receipts() {
  return guarded<std::vector<AckReceipt>>([&] {
    std::vector<AckReceipt> receipts;
    auto& select = impl_->select_acks.reset();
    while (check(select.step())) {
      receipts.push_back(AckReceipt{from_sql(select.column_int(0)), from_sql(select.column_int(1)),
                                    select.column_blob(2), select.column_int(3)});
    }
    select.reset();
    return receipts;
  });
}

Result<std::map<std::uint64_t, std::string>> Store::own_ops(const std::string& device) {
  return guarded<std::map<std::uint64_t, std::string>>([&] {
    std::map<std::uint64_t, std::string> ops;
    auto& select = impl_->select_own_ops.reset().bind(1, device);
    while (check(select.step())) ops.emplace(from_sql(select.column_int(0)), select.column_blob(1));
    select.reset();
    return ops;
  });
}

Result<std::optional<std::string>> Store::receipt_check_state() {
  return guarded<std::optional<std::string>>([&] { return impl_->meta_blob("receipt_check"); });
}

Status Store::save_receipt_check_state(std::string_view state) {
  return guarded_status([&] { impl_->set_meta_blob("receipt_check", state); });
}

Status Store::record_submission_receipt(const SubmissionReceiptRow& receipt) {
  return guarded_status([&] {
    check(impl_->insert_receipt.reset()
              .bind(1, receipt.form)
              .bind(2, to_sql(receipt.counter))
              .bind(3, to_sql(receipt.log_index))
              .bind_blob(4, receipt.message)
              .run());
  });
}

Result<std::vector<SubmissionReceiptRow>> Store::submission_receipts() {
  return guarded<std::vector<SubmissionReceiptRow>>([&] {
    std::vector<SubmissionReceiptRow> rows;
    auto& select = impl_->select_receipts.reset();
    while (check(select.step())) {
      rows.push_back(SubmissionReceiptRow{select.column_text(0), from_sql(select.column_int(1)),
                                          from_sql(select.column_int(2)), select.column_blob(3)});
    }
    select.reset();
    return rows;
  });
}

Result<std::uint64_t> Store::cursor() {
  return guarded<std::uint64_t>([&] { return from_sql(impl_->meta_int("cursor")); });
}

}  // namespace tally::client
