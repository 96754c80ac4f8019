// The handshake over a real socket: enrolment codes, Hello, and their refusals.
#include "server_fixture.hpp"
#include "tally/engine/signing.hpp"

namespace tally::testkit {
namespace {

using HandshakeTest = ServerFixture;

TEST_F(HandshakeTest, EnrolledOfficerIsWelcomedWithItsStationAndReferenceData) {
  auto device = enrolled_device("TN-0001");
  auto welcome = device->hello();
  ASSERT_TRUE(welcome.ok()) << welcome.error().to_string();
  EXPECT_EQ(welcome->role, engine::Role::kOfficer);
  EXPECT_EQ(welcome->station_id, "TN-0001");
  EXPECT_EQ(welcome->acked_counter, 0u);
  EXPECT_NE(welcome->election_json.find("mini-2021"), std::string::npos);
  EXPECT_NE(welcome->form_schema_json.find("station-count/1"), std::string::npos);
}

TEST_F(HandshakeTest, EnrolmentCodeWorksOnlyOnce) {
  const std::string code = new_code("TN-0001");
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

TEST_F(HandshakeTest, HelloSignedByAnotherKeyIsRefused) {
  auto device = enrolled_device("TN-0001");
  TestDevice impostor("127.0.0.1", server_.port());
  auto challenge_connection = connect_ws("127.0.0.1", server_.port());
  ASSERT_TRUE(challenge_connection.ok());
  auto frame = (*challenge_connection)->receive(std::chrono::seconds(5));
  ASSERT_TRUE(frame.ok());
  auto challenge = std::get<engine::ChallengeMessage>(engine::decode(*frame).value());
  engine::HelloMessage hello;
  hello.device_id = device->id();
  hello.signature =
      impostor.key()
          .sign(engine::hello_signing_bytes(challenge.server_id, challenge.nonce, device->id()))
          .value();
  ASSERT_TRUE((*challenge_connection)->send(engine::encode(hello)).ok());
  auto reply = engine::decode((*challenge_connection)->receive(std::chrono::seconds(5)).value());
  ASSERT_TRUE(reply.ok());
  ASSERT_TRUE(std::holds_alternative<engine::ErrorMessage>(*reply));
  EXPECT_EQ(std::get<engine::ErrorMessage>(*reply).code, ErrorCode::kBadSignature);
}

TEST_F(HandshakeTest, ReplayedHelloFailsOnANewConnection) {
  auto device = enrolled_device("TN-0001");
  // Record a valid Hello for one connection's nonce...
  auto first = connect_ws("127.0.0.1", server_.port());
  ASSERT_TRUE(first.ok());
  auto challenge = std::get<engine::ChallengeMessage>(
      engine::decode((*first)->receive(std::chrono::seconds(5)).value()).value());
  engine::HelloMessage hello;
  hello.device_id = device->id();
  hello.signature =
      device->key()
          .sign(engine::hello_signing_bytes(challenge.server_id, challenge.nonce, device->id()))
          .value();
  // ...and replay it on another connection, which has a fresh nonce.
  auto second = connect_ws("127.0.0.1", server_.port());
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE((*second)->receive(std::chrono::seconds(5)).ok());
  ASSERT_TRUE((*second)->send(engine::encode(hello)).ok());
  auto reply = engine::decode((*second)->receive(std::chrono::seconds(5)).value());
  ASSERT_TRUE(reply.ok());
  ASSERT_TRUE(std::holds_alternative<engine::ErrorMessage>(*reply));
  EXPECT_EQ(std::get<engine::ErrorMessage>(*reply).code, ErrorCode::kBadSignature);
}

TEST_F(HandshakeTest, UnknownDeviceIsRefused) {
  TestDevice stranger("127.0.0.1", server_.port());
  auto welcome = stranger.hello();
  ASSERT_FALSE(welcome.ok());
  EXPECT_EQ(welcome.error().code, ErrorCode::kUnknownDevice);
}

TEST_F(HandshakeTest, UploadBeforeHelloIsRefused) {
  auto connection = connect_ws("127.0.0.1", server_.port());
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE((*connection)->receive(std::chrono::seconds(5)).ok());
  ASSERT_TRUE((*connection)->send(engine::encode(engine::UploadBatchMessage{})).ok());
  auto reply = engine::decode((*connection)->receive(std::chrono::seconds(5)).value());
  ASSERT_TRUE(reply.ok());
  ASSERT_TRUE(std::holds_alternative<engine::ErrorMessage>(*reply));
  EXPECT_EQ(std::get<engine::ErrorMessage>(*reply).code, ErrorCode::kNotAuthenticated);
  auto closed = (*connection)->receive(std::chrono::seconds(5));
  EXPECT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, ErrorCode::kConnectionLost);
}

TEST_F(HandshakeTest, MalformedFrameGetsAWireErrorAndOthersKeepSyncing) {
  auto good = connected_device("TN-0002");
  auto connection = connect_ws("127.0.0.1", server_.port());
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE((*connection)->receive(std::chrono::seconds(5)).ok());
  ASSERT_TRUE((*connection)->send(std::string("\x01\x63garbage", 9)).ok());
  auto reply = engine::decode((*connection)->receive(std::chrono::seconds(5)).value());
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(std::get<engine::ErrorMessage>(*reply).code, ErrorCode::kUnknownMessageType);

  auto ack = good->upload({good->set_op({"TN-0002", "NA-01"}, "voted", engine::Count{600})});
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  EXPECT_EQ(ack->acked_counter, 1u);
}

}  // namespace
}  // namespace tally::testkit

namespace tally::testkit {
namespace {

class HandshakeTimeoutTest : public ServerFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.initialised());
    ASSERT_TRUE(server_.start(false, {"--handshake-timeout-seconds", "1"}));
  }
};

TEST_F(HandshakeTimeoutTest, SilentConnectionAfterTheChallengeIsClosedWithATimeout) {
  auto connection = connect_ws("127.0.0.1", server_.port());
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE((*connection)->receive(std::chrono::seconds(5)).ok());  // the Challenge
  auto reply = (*connection)->receive(std::chrono::seconds(5));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  auto message = engine::decode(*reply);
  ASSERT_TRUE(message.ok());
  ASSERT_TRUE(std::holds_alternative<engine::ErrorMessage>(*message));
  EXPECT_EQ(std::get<engine::ErrorMessage>(*message).code, ErrorCode::kTimeout);
}

}  // namespace
}  // namespace tally::testkit
