// Hostile frames: sizes, lengths, versions, types and WebSocket framing that lie.
#include "hostile_fixture.hpp"

namespace tally::testkit {
namespace {

using std::chrono::seconds;

// A well-formed Hello frame of a device that is not enrolled (for byte surgery).
std::string sample_hello() {
  engine::HelloMessage hello;
  hello.device_id = "dev-0123456789abcdef";
  return engine::encode(hello);
}

// Offset of the Hello's device-id length (u64) in its frame: version, type, archive flag,
// protocol version.
constexpr std::size_t kHelloIdLengthOffset = 4;

using FrameTest = HostileTest;

TEST_F(FrameTest, InnerLengthThatLiesIsRefusedBeforeAnythingIsAllocated) {
  std::string frame = sample_hello();
  frame[kHelloIdLengthOffset + 7] = 0x10;  // device id length 2^60 in a 100-byte frame
  auto connection = challenged();
  ASSERT_TRUE(connection->send(frame).ok());
  expect_refused(*connection, ErrorCode::kBadLength);
}

TEST_F(FrameTest, TruncatedFrameIsRefused) {
  std::string frame = sample_hello();
  frame.resize(frame.size() - 10);  // the signature's last bytes are missing
  auto connection = challenged();
  ASSERT_TRUE(connection->send(frame).ok());
  expect_refused(*connection, ErrorCode::kTruncated);
}

TEST_F(FrameTest, UnknownMessageTypeIsRefused) {
  std::string frame = sample_hello();
  frame[1] = 0x63;
  auto connection = challenged();
  ASSERT_TRUE(connection->send(frame).ok());
  expect_refused(*connection, ErrorCode::kUnknownMessageType);
}

TEST_F(FrameTest, FrameOfAnotherProtocolVersionIsRefused) {
  std::string frame = sample_hello();
  frame[0] = 0x02;
  auto connection = challenged();
  ASSERT_TRUE(connection->send(frame).ok());
  expect_refused(*connection, ErrorCode::kUnsupportedVersion);
}

TEST_F(FrameTest, HelloAnnouncingAnotherProtocolVersionIsRefused) {
  auto device = enrolled_device(kAttackForm.station_id);
  std::string challenge;
  auto connection = challenged(&challenge);
  std::string frame = hello_frame(*device, challenge);
  frame[3] = 0x07;  // HelloMessage::protocol_version
  ASSERT_TRUE(connection->send(frame).ok());
  expect_refused(*connection, ErrorCode::kUnsupportedVersion);
}

TEST_F(FrameTest, TrailingBytesAfterTheMessageAreRefused) {
  auto device = enrolled_device(kAttackForm.station_id);
  std::string challenge;
  auto connection = challenged(&challenge);
  ASSERT_TRUE(connection->send(hello_frame(*device, challenge) + "x").ok());
  expect_refused(*connection, ErrorCode::kTrailingBytes);
}

TEST_F(FrameTest, BadArchiveFlagIsRefusedAsMalformed) {
  std::string frame = sample_hello();
  frame[2] = 0x00;  // big-endian archive flag
  auto connection = challenged();
  ASSERT_TRUE(connection->send(frame).ok());
  expect_refused(*connection, ErrorCode::kMalformed);
}

TEST_F(FrameTest, OpWithCounterZeroIsRefusedAsMalformed) {
  auto attacker = connected_device(kAttackForm.station_id);
  auto op = attacker->set_op(kAttackForm, "voted", engine::Count{5});
  op.dot.counter = 0;
  ASSERT_TRUE(attacker->send(engine::UploadBatchMessage{{op}}).ok());
  expect_refused(*attacker, ErrorCode::kMalformed);
}

TEST_F(FrameTest, TextFrameIsRefusedAsMalformed) {
  auto connection = raw_websocket();
  ASSERT_TRUE(connection.send_frame(0x1, R"({"type":"hello","device":"dev-1"})"));
  expect_refused(connection, ErrorCode::kMalformed);
}

TEST_F(FrameTest, TextFrameThatIsNotUtf8IsClosedWith1007) {
  auto device = enrolled_device(kAttackForm.station_id);
  std::string challenge;
  auto connection = raw_websocket(&challenge);
  // A binary Hello sent as text: its key and signature bytes are not UTF-8.
  ASSERT_TRUE(connection.send_frame(0x1, hello_frame(*device, challenge)));
  EXPECT_EQ(connection.read_close_code(seconds(5)), kCloseBadPayload);
}

TEST_F(FrameTest, ServerMessageSentByADeviceIsUnexpected) {
  auto attacker = connected_device(kAttackForm.station_id);
  ASSERT_TRUE(attacker->send(engine::AckMessage{attacker->id(), 99, 99, {}}).ok());
  expect_refused(*attacker, ErrorCode::kUnexpectedMessage);
}

class FrameSizeTest : public HostileTest {
 protected:
  FrameSizeTest() { more_flags_ = {"--max-frame-bytes", "65536"}; }
};

TEST_F(FrameSizeTest, FrameOverTheLimitIsClosedWith1009) {
  auto attacker = connected_device(kAttackForm.station_id);
  ASSERT_TRUE(attacker->send_raw(std::string(70'000, 'x')).ok());
  auto reply = attacker->connection()->receive(seconds(5));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::kConnectionLost);
  EXPECT_EQ(attacker->connection()->close_code(), kCloseTooBig);
  EXPECT_EQ(metric("tally_errors_total{code=\"500\"}"), 1);
}

TEST_F(FrameSizeTest, FrameHeaderAnnouncingAPetabyteIsClosedWithoutReadingIt) {
  auto connection = raw_websocket();
  ASSERT_TRUE(connection.send_frame(0x2, "x", true, std::uint64_t{1} << 50));
  EXPECT_EQ(connection.read_close_code(seconds(5)), kCloseTooBig);
}

TEST_F(FrameSizeTest, SmallFragmentsAddingUpToTooMuchAreClosedWith1009) {
  auto connection = raw_websocket();
  const std::string fragment(4096, 'x');
  ASSERT_TRUE(connection.send_frame(0x2, fragment, false));
  for (int i = 0; i < 20; ++i) {
    if (!connection.send_frame(0x0, fragment, false)) break;  // closed on the way: fine
  }
  EXPECT_EQ(connection.read_close_code(seconds(5)), kCloseTooBig);
}

TEST_F(FrameTest, PingFloodIsAnsweredAndCostsNothingButTheAttackersBandwidth) {
  auto device = enrolled_device(kAttackForm.station_id);
  std::string challenge;
  auto connection = raw_websocket(&challenge);
  ASSERT_TRUE(connection.send_frame(0x2, hello_frame(*device, challenge)));
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(connection.send_frame(0x9, "ping"));
  ASSERT_TRUE(connection.send_frame(0x2, engine::encode(engine::HeadRequestMessage{})));
  // Pongs, the Welcome, then the signed head: the connection is served, not refused.
  int pongs = 0;
  bool head = false;
  while (!head) {
    auto frame = connection.read_frame(seconds(5));
    ASSERT_TRUE(frame.has_value()) << "connection ended after " << pongs << " pongs";
    ASSERT_NE(frame->opcode, 0x8) << "closed during the ping flood";
    if (frame->opcode == 0xA) ++pongs;
    if (frame->opcode == 0x2) {
      auto message = engine::decode(frame->payload);
      ASSERT_TRUE(message.ok());
      ASSERT_FALSE(std::holds_alternative<engine::ErrorMessage>(*message));
      head = std::holds_alternative<engine::SignedHeadMessage>(*message);
    }
  }
  EXPECT_GT(pongs, 0);
}

}  // namespace
}  // namespace tally::testkit
