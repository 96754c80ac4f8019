// Hostile handshakes: messages before Hello, forged or replayed Hellos, unknown devices,
// second Hellos, and enrolment codes that are expired, used, unknown or misused.

#include <thread>

#include "hostile_fixture.hpp"
#include "tally/engine/signing.hpp"

namespace tally::testkit {
namespace {

using HandshakeTest = HostileTest;

TEST_F(HandshakeTest, UploadBeforeHelloIsRefused) {
  auto connection = challenged();
  TestDevice stranger("127.0.0.1", server_.port());
  auto op = stranger.set_op(kAttackForm, "voted", engine::Count{5});
  op.dot.device = "dev-0000000000000001";
  ASSERT_TRUE(connection->send(engine::encode(engine::UploadBatchMessage{{op}})).ok());
  expect_refused(*connection, ErrorCode::kNotAuthenticated);
}

TEST_F(HandshakeTest, DownloadBeforeHelloIsRefused) {
  auto connection = challenged();
  ASSERT_TRUE(connection->send(engine::encode(engine::DownloadRequestMessage{0})).ok());
  expect_refused(*connection, ErrorCode::kNotAuthenticated);
}

TEST_F(HandshakeTest, HelloSignedWithAnotherKeyIsRefused) {
  auto victim = enrolled_device(kAttackForm.station_id);
  TestDevice impostor("127.0.0.1", server_.port());
  std::string challenge;
  auto connection = challenged(&challenge);
  auto decoded = std::get<engine::ChallengeMessage>(engine::decode(challenge).value());
  engine::HelloMessage hello;
  hello.device_id = victim->id();
  hello.signature =
      impostor.key()
          .sign(engine::hello_signing_bytes(decoded.server_id, decoded.nonce, victim->id()))
          .value();
  ASSERT_TRUE(connection->send(engine::encode(hello)).ok());
  expect_refused(*connection, ErrorCode::kBadSignature);
}

TEST_F(HandshakeTest, HelloReplayedOnAnotherConnectionIsRefused) {
  auto device = enrolled_device(kAttackForm.station_id);
  std::string first_challenge;
  auto first = challenged(&first_challenge);
  const std::string recorded = hello_frame(*device, first_challenge);
  auto second = challenged();
  ASSERT_TRUE(second->send(recorded).ok());
  expect_refused(*second, ErrorCode::kBadSignature);
}

TEST_F(HandshakeTest, HelloOfAnUnknownDeviceIsRefused) {
  TestDevice stranger("127.0.0.1", server_.port());
  std::string challenge;
  auto connection = challenged(&challenge);
  auto decoded = std::get<engine::ChallengeMessage>(engine::decode(challenge).value());
  engine::HelloMessage hello;
  hello.device_id = "dev-ffffffffffffffff";
  hello.signature =
      stranger.key()
          .sign(engine::hello_signing_bytes(decoded.server_id, decoded.nonce, hello.device_id))
          .value();
  ASSERT_TRUE(connection->send(engine::encode(hello)).ok());
  expect_refused(*connection, ErrorCode::kUnknownDevice);
}

TEST_F(HandshakeTest, HelloOfARevokedDeviceIsRefused) {
  auto device = enrolled_device(kAttackForm.station_id);
  std::string errors;
  ASSERT_EQ(server_.run("revoke", {device->id()}, nullptr, &errors), 0) << errors;
  std::string challenge;
  auto connection = challenged(&challenge);
  ASSERT_TRUE(connection->send(hello_frame(*device, challenge)).ok());
  expect_refused(*connection, ErrorCode::kDeviceRevoked);
}

TEST_F(HandshakeTest, SecondHelloOnTheSameConnectionIsUnexpected) {
  auto device = enrolled_device(kAttackForm.station_id);
  std::string challenge;
  auto connection = challenged(&challenge);
  const std::string hello = hello_frame(*device, challenge);
  ASSERT_TRUE(connection->send(hello).ok());
  ASSERT_TRUE(connection->send(hello).ok());
  expect_refused(*connection, ErrorCode::kUnexpectedMessage);
}

TEST_F(HandshakeTest, EnrolAfterHelloIsUnexpected) {
  auto attacker = connected_device(kAttackForm.station_id);
  const std::string code = new_code(kAttackForm.station_id);
  ASSERT_TRUE(attacker->send(engine::EnrolMessage{code, attacker->key().public_key(), "x"}).ok());
  expect_refused(*attacker, ErrorCode::kUnexpectedMessage);
}

TEST_F(HandshakeTest, ExpiredEnrolmentCodeIsRefused) {
  const std::string code = new_code(kAttackForm.station_id, "officer", 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  TestDevice device("127.0.0.1", server_.port());
  auto enrolled = device.enrol(code);
  ASSERT_FALSE(enrolled.ok());
  EXPECT_EQ(enrolled.error().code, ErrorCode::kEnrolmentCodeInvalid);
}

TEST_F(HandshakeTest, ReusedEnrolmentCodeIsRefused) {
  const std::string code = new_code(kAttackForm.station_id);
  TestDevice first("127.0.0.1", server_.port());
  ASSERT_TRUE(first.enrol(code).ok());
  TestDevice second("127.0.0.1", server_.port());
  auto again = second.enrol(code);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kEnrolmentCodeInvalid);
}

TEST_F(HandshakeTest, UnknownEnrolmentCodeIsRefused) {
  TestDevice device("127.0.0.1", server_.port());
  auto enrolled = device.enrol("0000-0000-0000-0000");
  ASSERT_FALSE(enrolled.ok());
  EXPECT_EQ(enrolled.error().code, ErrorCode::kEnrolmentCodeInvalid);
}

TEST_F(HandshakeTest, EnrolmentWithAnOverlongLabelIsRefused) {
  TestDevice device("127.0.0.1", server_.port());
  auto connection = challenged();
  const engine::EnrolMessage enrol{new_code(kAttackForm.station_id), device.key().public_key(),
                                   std::string(129, 'x')};
  ASSERT_TRUE(connection->send(engine::encode(enrol)).ok());
  expect_refused(*connection, ErrorCode::kBadLength);
}

TEST_F(HandshakeTest, EnrolmentWithAKeyAlreadyEnrolledIsRefused) {
  auto device = enrolled_device(kAttackForm.station_id);
  std::string challenge;
  auto connection = challenged(&challenge);
  const engine::EnrolMessage enrol{new_code("", "supervisor"), device->key().public_key(), "x"};
  ASSERT_TRUE(connection->send(engine::encode(enrol)).ok());
  expect_refused(*connection, ErrorCode::kEnrolmentCodeInvalid);
}

TEST_F(HandshakeTest, ThirdConnectionOfADeviceIsToldToRetryLater) {
  auto device = connected_device(kAttackForm.station_id);  // its first connection
  std::vector<std::unique_ptr<WsConnection>> connections;  // its second and third
  for (int i = 0; i < 2; ++i) {
    std::string challenge;
    connections.push_back(challenged(&challenge));
    ASSERT_TRUE(connections.back()->send(hello_frame(*device, challenge)).ok());
  }
  ASSERT_TRUE(connections[0]->receive(std::chrono::seconds(5)).ok());  // Welcome
  expect_refused(*connections[1], ErrorCode::kTooManyConnections, kCloseTryLater);
}

}  // namespace
}  // namespace tally::testkit
