// Who a protocol-level test device is: its Ed25519 key and, once enrolled, the id tallyd
// gave it; and the messages only that key can sign (Enrol, Hello, a submission). The
// synchronous TestDevice (tests), the swarm's asynchronous devices (bench/ingest) and the
// simulation's devices (tests/faults/sim) all sign through one of these.
#pragma once

#include <string>

#include "tally/engine/ed25519.hpp"
#include "tally/engine/messages.hpp"
#include "tally/engine/op.hpp"

namespace tally::testkit {

class DeviceIdentity {
 public:
  // A fresh random key, not yet enrolled.
  DeviceIdentity();
  // A given key (from a seed, say), enrolled as `id` when it is not empty.
  explicit DeviceIdentity(engine::Ed25519KeyPair key, std::string id = {});

  [[nodiscard]] const engine::Ed25519KeyPair& key() const { return key_; }
  [[nodiscard]] const std::string& id() const { return id_; }
  // The id from the Enrolled answer.
  void set_id(std::string id) { id_ = std::move(id); }

  // Enrol with an operator's one-time code, under `label`.
  [[nodiscard]] engine::EnrolMessage enrol(std::string code, std::string label) const;
  // The Hello answering `challenge`: this id, signed over the server's id and nonce.
  [[nodiscard]] engine::HelloMessage hello(const engine::ChallengeMessage& challenge) const;
  // Signs the submission of `op` (its dot, form and values hash) with this key.
  void sign_submission(engine::Op& op) const;

 private:
  engine::Ed25519KeyPair key_;
  std::string id_;
};

}  // namespace tally::testkit
