#include "tally/engine/password_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace tally::engine {
namespace {

// scrypt's memory bound: what N = 2^15, r = 8 needs (32 MiB) with room for stronger
// parameters; OpenSSL's default bound (32 MiB) is just too small for them.
constexpr std::uint64_t kMaxScryptMemory = 256ULL * 1024 * 1024;

}  // namespace

Result<PasswordHash> hash_password(std::string_view password, const PasswordSalt& salt,
                                   const ScryptParams& params) {
  PasswordHash hash;
  hash.params = params;
  hash.salt = salt;
  if (EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), params.n, params.r,
                     params.p, kMaxScryptMemory, hash.key.data(), hash.key.size()) != 1) {
    return make_error(ErrorCode::kInvalidArgument, "scrypt refused N=" + std::to_string(params.n) +
                                                       " r=" + std::to_string(params.r) +
                                                       " p=" + std::to_string(params.p));
  }
  return hash;
}

bool password_matches(const PasswordHash& stored, std::string_view password) {
  auto computed = hash_password(password, stored.salt, stored.params);
  return computed && CRYPTO_memcmp(computed->key.data(), stored.key.data(), stored.key.size()) == 0;
}

}  // namespace tally::engine
