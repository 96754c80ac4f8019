#include "auth/accounts.hpp"

#include <algorithm>

#include "tally/engine/crypto_random.hpp"
#include "tally/engine/names.hpp"

namespace tally::server {
namespace {

constexpr std::size_t kMaxNameBytes = 48;

bool name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

// The hash a login against no account is checked against: same parameters as a real
// account's, so the refusal takes as long as a wrong password.
const engine::PasswordHash& dummy_hash() {
  static const engine::PasswordHash hash = [] {
    auto made = engine::hash_password("no account has this password", engine::PasswordSalt{});
    return made ? *made : engine::PasswordHash{};
  }();
  return hash;
}

}  // namespace

Result<engine::Role> account_role(std::string_view name) {
  const auto role = engine::parse_role(name);
  if (!role || *role == engine::Role::kOfficer) {
    return make_error(
        ErrorCode::kInvalidArgument,
        "the role must be operator, supervisor or auditor, not '" + std::string(name) + "'");
  }
  return *role;
}

Result<AccountRow> new_account(const std::string& name, std::string_view role,
                               std::string_view password, std::uint64_t created_ms,
                               const engine::ScryptParams& params) {
  if (name.empty() || name.size() > kMaxNameBytes ||
      !std::all_of(name.begin(), name.end(), name_character)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "an account name is 1 to 48 of a-z, 0-9, '.', '_' and '-' "
                      "(e.g. nguyen.van.a)");
  }
  auto account_role_value = account_role(role);
  if (!account_role_value) return std::move(account_role_value).error();
  if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes) {
    return make_error(ErrorCode::kInvalidArgument, "a password has 10 to 1024 bytes");
  }
  engine::PasswordSalt salt{};
  if (auto status = engine::random_bytes(salt); !status) return std::move(status).error();
  auto hash = engine::hash_password(password, salt, params);
  if (!hash) return std::move(hash).error();
  return AccountRow{name, *account_role_value, *hash, created_ms, false};
}

std::optional<AccountRow> check_login(const std::optional<AccountRow>& account,
                                      std::string_view password) {
  // An over-long password is refused, after hashing its first bytes (the same cost).
  const bool usable = account && !account->disabled && password.size() <= kMaxPasswordBytes;
  password = password.substr(0, kMaxPasswordBytes);
  const bool matches =
      engine::password_matches(usable ? account->password : dummy_hash(), password);
  if (usable && matches) return account;
  return std::nullopt;
}

}  // namespace tally::server
