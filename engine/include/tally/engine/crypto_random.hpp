// Cryptographically secure random bytes (OpenSSL RAND_bytes), for key seeds and the
// server's handshake nonces. Kept apart from ed25519.hpp, whose functions are pure.
#pragma once

#include <cstdint>
#include <span>

#include "tally/engine/ed25519.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// Fills `out` from the system generator; fails (transient) if it is not seeded.
Status random_bytes(std::span<std::uint8_t> out);

// A fresh Ed25519 seed for a new device or server key.
Result<Ed25519Seed> random_seed();

}  // namespace tally::engine
