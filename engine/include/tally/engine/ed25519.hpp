// Ed25519 signatures (RFC 8032) over byte strings, on OpenSSL 3.
//
// Devices sign their Hello and their submissions; the server signs audit heads and
// submission receipts; the verifier checks them all. Key generation is pure: the caller
// supplies the 32-byte seed (crypto_random.hpp draws one from the system's generator).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include "tally/engine/op.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// The RFC 8032 private key: 32 secret bytes from which the key pair is derived.
using Ed25519Seed = std::array<std::uint8_t, 32>;
// The RFC 8032 public key: 32 bytes (a compressed curve point).
using Ed25519PublicKey = std::array<std::uint8_t, 32>;

// A private key ready to sign, with its public key. Move-only: it owns an OpenSSL key.
class Ed25519KeyPair {
 public:
  Ed25519KeyPair(Ed25519KeyPair&&) noexcept;
  Ed25519KeyPair& operator=(Ed25519KeyPair&&) noexcept;
  ~Ed25519KeyPair();

  [[nodiscard]] const Ed25519Seed& seed() const { return seed_; }
  [[nodiscard]] const Ed25519PublicKey& public_key() const { return public_key_; }

  // Signs `message` (pure Ed25519, no pre-hashing).
  [[nodiscard]] Result<Ed25519Signature> sign(std::string_view message) const;

 private:
  struct Key;
  Ed25519KeyPair(Ed25519Seed seed, Ed25519PublicKey public_key, std::unique_ptr<Key> key);
  friend Result<Ed25519KeyPair> keypair_from_seed(const Ed25519Seed& seed);

  Ed25519Seed seed_{};
  Ed25519PublicKey public_key_{};
  std::unique_ptr<Key> key_;
};

// Derives the key pair of `seed`. Fails only if OpenSSL cannot build the key.
Result<Ed25519KeyPair> keypair_from_seed(const Ed25519Seed& seed);

// True if `signature` is a valid signature of `message` by `public_key`. A malformed
// public key is simply not valid.
[[nodiscard]] bool verify(const Ed25519PublicKey& public_key, std::string_view message,
                          const Ed25519Signature& signature);

}  // namespace tally::engine
