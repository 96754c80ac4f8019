#include "tally/engine/crypto_random.hpp"

#include <openssl/rand.h>

#include <climits>

namespace tally::engine {

Status random_bytes(std::span<std::uint8_t> out) {
  // RAND_bytes takes an int; callers ask for keys and nonces, never gigabytes.
  if (out.size() > static_cast<std::size_t>(INT_MAX) ||
      RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    return make_error(ErrorCode::kInternal, "the system random generator is not available",
                      /*transient=*/true);
  }
  return {};
}

Result<Ed25519Seed> random_seed() {
  Ed25519Seed seed{};
  if (auto status = random_bytes(seed); !status) return std::move(status).error();
  return seed;
}

}  // namespace tally::engine
