// The console's accounts, one per person (docs/console.md, "Logins"): the rules for a new
// account, shared by `tallyd user add` and POST /api/v1/users, and the check of a password
// at login that costs the same whether the name exists or not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tally/engine/password_hash.hpp"
#include "tally/server/store.hpp"

namespace tally::server {

// Shortest and longest password accepted: long enough to resist guessing past the rate
// limit and the KDF, short enough that a request cannot make scrypt hash megabytes.
inline constexpr std::size_t kMinPasswordBytes = 10;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// The role of an account named "operator", "supervisor" or "auditor" (officers are
// devices, not people at the console); kInvalidArgument otherwise.
Result<engine::Role> account_role(std::string_view name);

// A new account: `name` is 1 to 48 of a-z, 0-9, '.', '_', '-' (it is part of the console
// device id that signs the person's adjudications, core/core.hpp), `password` within the
// bounds above; hashed with a fresh random salt and `params`. kInvalidArgument naming
// what is wrong.
Result<AccountRow> new_account(const std::string& name, std::string_view role,
                               std::string_view password, std::uint64_t created_ms,
                               const engine::ScryptParams& params = {});

// Checks a login against `account` (nullopt: no such name). A missing or disabled account
// hashes the password against a fixed dummy hash, so that every refusal costs one scrypt.
// Returns the account when the password is right and the account enabled.
std::optional<AccountRow> check_login(const std::optional<AccountRow>& account,
                                      std::string_view password);

}  // namespace tally::server
