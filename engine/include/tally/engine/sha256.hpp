// SHA-256 over byte strings (OpenSSL 3). Used by the audit chain, submission hashes and
// record hashes; one implementation for all of them.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace tally::engine {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental hasher: feed parts with update(), then finish() once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& update(std::string_view bytes);
  Sha256& update(const Sha256Digest& digest);
  Sha256Digest finish();

 private:
  struct State;
  State* state_;
};

// SHA-256 of one byte string.
Sha256Digest sha256(std::string_view bytes);
// SHA-256 of byte strings one after the other, with no object to make (the Merkle tree's
// leaf and node hashes, millions a second).
Sha256Digest sha256_of(std::initializer_list<std::string_view> parts);

}  // namespace tally::engine
