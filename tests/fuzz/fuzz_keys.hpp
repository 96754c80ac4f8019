// The fixed keys of the audit-log fuzz target and of the seed corpus it starts from: the
// server signs heads with the key of seed 0x01…, device "dev-a" signs submissions with the
// key of seed 0x02…. Used by audit_log_fuzzer.cpp and fuzz_seed_corpus.cpp.
#pragma once

#include <optional>
#include <string>

#include "fuzz_check.hpp"
#include "tally/engine/audit_chain.hpp"
#include "tally/engine/ed25519.hpp"

namespace tally::fuzz {

// The only device the seed logs know.
inline constexpr const char* kFuzzDevice = "dev-a";

inline engine::Ed25519KeyPair key_from(std::uint8_t fill) {
  engine::Ed25519Seed seed{};
  seed.fill(fill);
  Result<engine::Ed25519KeyPair> pair = engine::keypair_from_seed(seed);
  require(pair.ok(), "an Ed25519 key pair derives from a fixed seed");
  return std::move(pair).value();
}

// The server's and dev-a's key pairs.
struct FuzzKeys {
  engine::Ed25519KeyPair server = key_from(1);
  engine::Ed25519KeyPair device = key_from(2);

  // Finds dev-a's public key; every other device is unknown.
  [[nodiscard]] engine::DeviceKeyLookup lookup() const {
    return [key = device.public_key()](
               const std::string& id) -> std::optional<engine::Ed25519PublicKey> {
      if (id == kFuzzDevice) return key;
      return std::nullopt;
    };
  }
};

}  // namespace tally::fuzz
