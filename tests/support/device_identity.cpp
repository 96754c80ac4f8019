#include "device_identity.hpp"

#include "tally/engine/crypto_random.hpp"
#include "tally/engine/signing.hpp"

namespace tally::testkit {
namespace {

engine::Ed25519KeyPair fresh_key() {
  auto seed = engine::random_seed();
  return std::move(engine::keypair_from_seed(seed.value())).value();
}

}  // namespace

DeviceIdentity::DeviceIdentity() : key_(fresh_key()) {}

DeviceIdentity::DeviceIdentity(engine::Ed25519KeyPair key, std::string id)
    : key_(std::move(key)), id_(std::move(id)) {}

engine::EnrolMessage DeviceIdentity::enrol(std::string code, std::string label) const {
  return engine::EnrolMessage{std::move(code), key_.public_key(), std::move(label)};
}

engine::HelloMessage DeviceIdentity::hello(const engine::ChallengeMessage& challenge) const {
  engine::HelloMessage hello;
  hello.device_id = id_;
  hello.signature =
      key_.sign(engine::hello_signing_bytes(challenge.server_id, challenge.nonce, id_)).value();
  return hello;
}

void DeviceIdentity::sign_submission(engine::Op& op) const {
  op.submission.signature =
      key_.sign(engine::submission_signing_bytes(op.dot, op.form, op.submission.values_hash))
          .value();
}

}  // namespace tally::testkit
