// The SQLite store's console accounts: written on the write connection outside the group
// commit (like settings), read on a read connection at every login, so that accounts added
// by `tallyd user add` in another process are seen by the running server at once (WAL).
#include <utility>

#include "store/sqlite_store_impl.hpp"

namespace tally::server {
namespace {

constexpr std::string_view kAccountColumns =
    "SELECT name, role, password_key, salt, scrypt_n, scrypt_r, scrypt_p, created_ms, disabled "
    "FROM accounts";

Result<AccountRow> account_of(const sqlite::Statement& row) {
  AccountRow account;
  account.name = row.column_text(0);
  account.role = static_cast<engine::Role>(row.column_int(1));
  if (auto copied = copy_fixed(row.column_blob(2), account.password.key, "password key"); !copied) {
    return std::move(copied).error();
  }
  if (auto copied = copy_fixed(row.column_blob(3), account.password.salt, "password salt");
      !copied) {
    return std::move(copied).error();
  }
  account.password.params = {as_uint(row.column_int(4)), as_uint(row.column_int(5)),
                             as_uint(row.column_int(6))};
  account.created_ms = as_uint(row.column_int(7));
  account.disabled = row.column_int(8) != 0;
  return account;
}

}  // namespace

Status SqliteStore::add_account(const AccountRow& account) {
  std::lock_guard lock(write_mutex_);
  auto statement = sqlite::Statement::prepare(
      writer_,
      "INSERT INTO accounts (name, role, password_key, salt, scrypt_n, scrypt_r, scrypt_p, "
      "created_ms, disabled) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
      "ON CONFLICT (name) DO NOTHING");
  if (!statement) return std::move(statement).error();
  statement->bind(1, account.name)
      .bind(2, static_cast<std::int64_t>(account.role))
      .bind_blob(3, as_bytes(account.password.key))
      .bind_blob(4, as_bytes(account.password.salt))
      .bind(5, as_int(account.password.params.n))
      .bind(6, as_int(account.password.params.r))
      .bind(7, as_int(account.password.params.p))
      .bind(8, as_int(account.created_ms))
      .bind(9, std::int64_t{account.disabled ? 1 : 0});
  if (auto status = statement->run(); !status) return status;
  if (writer_.changes() == 0) {
    return make_error(ErrorCode::kAccountExists, "an account named '" + account.name + "' exists");
  }
  return {};
}

Result<std::optional<AccountRow>> SqliteStore::find_account(const std::string& name) {
  std::optional<AccountRow> found;
  auto reader = take_reader();
  auto query =
      sqlite::Statement::prepare(reader->db, std::string(kAccountColumns) + " WHERE name = ?1");
  if (!query) return std::move(query).error();
  query->bind(1, name);
  auto row = query->step();
  if (!row) return std::move(row).error();
  if (*row) {
    auto account = account_of(*query);
    if (!account) return std::move(account).error();
    found = std::move(account).value();
  }
  return found;
}

Result<std::vector<AccountRow>> SqliteStore::load_accounts() {
  std::vector<AccountRow> accounts;
  auto status = for_each_row(std::string(kAccountColumns) + " ORDER BY name",
                             [&](const sqlite::Statement& row) -> Status {
                               auto account = account_of(row);
                               if (!account) return std::move(account).error();
                               accounts.push_back(std::move(account).value());
                               return {};
                             });
  if (!status) return std::move(status).error();
  return accounts;
}

Status SqliteStore::disable_account(const std::string& name) {
  std::lock_guard lock(write_mutex_);
  auto statement =
      sqlite::Statement::prepare(writer_, "UPDATE accounts SET disabled = 1 WHERE name = ?1");
  if (!statement) return std::move(statement).error();
  statement->bind(1, name);
  if (auto status = statement->run(); !status) return status;
  if (writer_.changes() == 0) {
    return make_error(ErrorCode::kNotFound, "no account named '" + name + "'");
  }
  return {};
}

}  // namespace tally::server
