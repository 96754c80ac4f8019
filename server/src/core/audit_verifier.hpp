// tallyd checking its own audit log while it serves: a background thread re-reads the
// stored log from the store's read connections and verifies it with the engine's streaming
// ChainVerifier (the chain of hashes, every signed head's signature, every submission's
// signature), once from the start when tallyd starts and then incrementally, the entries
// committed since the last pass. The core only pokes it after a commit (never waits for
// it); GET /api/v1/audit reports where it got to (docs/audit.md, "Self-check").
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "tally/engine/audit_chain.hpp"
#include "tally/server/store.hpp"

namespace tally::server {

// Where the self-check got to.
struct AuditCheck {
  bool failed = false;
  std::uint64_t checked_length = 0;  // entries verified (the whole log when it caught up)
  std::uint64_t checked_at_ms = 0;   // when the last pass ended (0: none yet)
  std::string error;                 // the first fault, when failed
};

class AuditVerifier {
 public:
  using Clock = std::function<std::uint64_t()>;  // Unix milliseconds

  // Starts the thread, which verifies the stored log at once. `device_keys` gives the
  // enrolled key of a submission's device (called on the verifier's thread).
  AuditVerifier(Store& store, const engine::Ed25519PublicKey& server_key,
                engine::DeviceKeyLookup device_keys, Clock clock);
  ~AuditVerifier();
  AuditVerifier(const AuditVerifier&) = delete;
  AuditVerifier& operator=(const AuditVerifier&) = delete;

  // New entries were committed: verify them (soon, on the verifier's thread).
  void poke();
  [[nodiscard]] AuditCheck status() const;

 private:
  void run();
  // Verifies the entries stored after the last verified one, with their signed heads.
  void pass();

  Store& store_;
  Clock clock_;
  engine::ChainVerifier verifier_;  // the verifier's thread only

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool poked_ = true;  // the first pass runs at once
  bool stopping_ = false;
  AuditCheck status_;
  std::thread thread_;  // last: started once the rest is built
};

}  // namespace tally::server
