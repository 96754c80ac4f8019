// SHA-256 over byte strings (OpenSSL 3). Used by the audit chain, submission hashes and
// record hashes; one implementation for all of them.
#pragma once

#include <array>
#include <cstdint>
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

}  // namespace tally::engine
