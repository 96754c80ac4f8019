// Password hashing for the console's accounts: scrypt (RFC 7914, OpenSSL 3's EVP_PBE_scrypt),
// a memory-hard KDF, so that a stolen database costs an attacker ~32 MiB and tens of
// milliseconds per guess (docs/security.md). Pure computation: the salt is given by the
// caller (crypto_random.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "tally/error.hpp"

namespace tally::engine {

// scrypt's cost parameters: N (CPU/memory cost, a power of two), r (block size), p
// (parallelism). Memory is 128 * N * r bytes.
struct ScryptParams {
  std::uint64_t n = 1ULL << 15;  // with r = 8: 32 MiB per hash
  std::uint64_t r = 8;
  std::uint64_t p = 1;
  bool operator==(const ScryptParams&) const = default;
};

using PasswordSalt = std::array<std::uint8_t, 16>;
using PasswordKey = std::array<std::uint8_t, 32>;

// What is stored for a password: the parameters and salt it was hashed with, and the key.
struct PasswordHash {
  ScryptParams params;
  PasswordSalt salt{};
  PasswordKey key{};
  bool operator==(const PasswordHash&) const = default;
};

// Hashes `password` with `salt` and `params`. kInvalidArgument for parameters scrypt
// refuses (N not a power of two, or above the memory bound).
Result<PasswordHash> hash_password(std::string_view password, const PasswordSalt& salt,
                                   const ScryptParams& params = {});

// Whether `password` hashes to `stored` (constant-time comparison of the keys).
[[nodiscard]] bool password_matches(const PasswordHash& stored, std::string_view password);

}  // namespace tally::engine
