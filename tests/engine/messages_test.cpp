#include "tally/engine/messages.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tally/engine/ed25519.hpp"
#include "tally/engine/signing.hpp"
#include "wire_samples.hpp"

namespace tally::engine {
namespace {

ErrorCode decode_code(const std::string& frame, const DecodeLimits& limits = {}) {
  auto message = decode(frame, limits);
  return message.ok() ? ErrorCode::kOk : message.error().code;
}

void put_u64_at(std::string& bytes, std::size_t offset, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
}

// Decodes `frame` and returns the error code and how long decoding took. A decoder that
// allocated what a lying length claims would throw bad_alloc (reported as kMalformed) or
// take far longer than a millisecond; kBadLength proves the length was refused first.
ErrorCode decode_timed(const std::string& frame, std::chrono::nanoseconds& took) {
  auto start = std::chrono::steady_clock::now();
  ErrorCode code = decode_code(frame);
  took = std::chrono::steady_clock::now() - start;
  return code;
}

// Frame layout: version, type, archive flag, then the body.
constexpr std::size_t kBodyOffset = 3;

TEST(MessagesTest, RoundTripsEveryMessageType) {
  for (const Message& message : samples::messages_of_every_type()) {
    std::string frame = encode(message);
    EXPECT_EQ(frame[0], static_cast<char>(kProtocolVersion));
    EXPECT_EQ(static_cast<MessageType>(frame[1]), message_type(message));
    auto decoded = decode(frame);
    ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
    EXPECT_EQ(*decoded, message) << "type " << static_cast<int>(message_type(message));
  }
}

TEST(MessagesTest, RefusesEveryTruncationOfEveryMessage) {
  for (const Message& message : samples::messages_of_every_type()) {
    std::string frame = encode(message);
    for (std::size_t cut = 0; cut < frame.size(); ++cut) {
      ErrorCode code = decode_code(frame.substr(0, cut));
      EXPECT_TRUE(code == ErrorCode::kTruncated || code == ErrorCode::kBadLength)
          << "type " << static_cast<int>(message_type(message)) << " cut at " << cut
          << " gave " << static_cast<int>(code);
    }
  }
}

TEST(MessagesTest, RefusesTrailingBytesAfterEveryMessage) {
  for (const Message& message : samples::messages_of_every_type()) {
    EXPECT_EQ(decode_code(encode(message) + 'x'), ErrorCode::kTrailingBytes);
  }
}

TEST(MessagesTest, RefusesUnknownTypesAndVersions) {
  std::string frame = encode(DownloadRequestMessage{5});
  for (char type : {'\0', '\x0e', '\xff'}) {
    std::string mutated = frame;
    mutated[1] = type;
    EXPECT_EQ(decode_code(mutated), ErrorCode::kUnknownMessageType);
  }
  for (char version : {'\0', '\x02'}) {
    std::string mutated = frame;
    mutated[0] = version;
    EXPECT_EQ(decode_code(mutated), ErrorCode::kUnsupportedVersion);
  }
}

TEST(MessagesTest, RefusesAnOversizeFrameBeforeLookingAtIt) {
  DecodeLimits limits;
  limits.max_frame_bytes = 64;
  std::string frame(65, '\xff');  // not even a valid version byte
  EXPECT_EQ(decode_code(frame, limits), ErrorCode::kFrameTooLarge);
  EXPECT_EQ(decode_code(encode(HeadRequestMessage{}), limits), ErrorCode::kOk);
}

TEST(MessagesTest, RefusesAStringLengthOf2To60BeforeAllocating) {
  std::string frame = encode(HelloMessage{kProtocolVersion, "dev-a", {}});
  put_u64_at(frame, kBodyOffset + 1, std::uint64_t{1} << 60);  // after protocol_version
  std::chrono::nanoseconds took{};
  EXPECT_EQ(decode_timed(frame, took), ErrorCode::kBadLength);
  EXPECT_LT(took, std::chrono::milliseconds(5));
}

TEST(MessagesTest, RefusesAnOpCountBiggerThanTheRemainingBytesBeforeAllocating) {
  std::string frame = encode(UploadBatchMessage{{samples::set_op("dev-a", 1, 1)}});
  std::chrono::nanoseconds took{};
  for (std::uint64_t count : {std::uint64_t{4}, std::uint64_t{9'999}, std::uint64_t{1} << 40}) {
    put_u64_at(frame, kBodyOffset, count);
    EXPECT_EQ(decode_timed(frame, took), ErrorCode::kBadLength) << "count " << count;
    EXPECT_LT(took, std::chrono::milliseconds(5)) << "count " << count;
  }
}

TEST(MessagesTest, RefusesMoreOpsThanTheLimit) {
  UploadBatchMessage batch;
  for (std::uint64_t c = 1; c <= 3; ++c) batch.ops.push_back(samples::set_op("dev-a", c, 1));
  DecodeLimits limits;
  limits.max_ops = 2;
  EXPECT_EQ(decode_code(encode(batch), limits), ErrorCode::kBadLength);
  limits.max_ops = 3;
  EXPECT_EQ(decode_code(encode(batch), limits), ErrorCode::kOk);
}

TEST(MessagesTest, RefusesOutOfRangeEnumsAndBools) {
  std::string enrolled = encode(EnrolledMessage{"d", "s", Role::kOfficer});
  enrolled.back() = '\x05';  // role
  EXPECT_EQ(decode_code(enrolled), ErrorCode::kMalformed);
  std::string error = encode(ErrorMessage{ErrorCode::kTimeout, "slow", false});
  error.back() = '\x02';  // transient
  EXPECT_EQ(decode_code(error), ErrorCode::kMalformed);
  std::string flag = encode(HeadRequestMessage{});
  flag[2] = '\0';  // big-endian archive flag
  EXPECT_EQ(decode_code(flag), ErrorCode::kMalformed);
}

TEST(MessagesTest, RefusesNonCanonicalOpsInsideABatch) {
  std::string frame = encode(UploadBatchMessage{{samples::set_op("dev-a", 1, 1)}});
  std::size_t a = frame.rfind("dev-a");
  std::size_t b = frame.rfind("dev-b");
  frame.replace(a, 5, "dev-b");
  frame.replace(b, 5, "dev-a");
  EXPECT_EQ(decode_code(frame), ErrorCode::kMalformed);
}

TEST(MessagesTest, HelloSignatureBindsServerNonceAndDevice) {
  Ed25519Seed seed{};
  seed.fill(7);
  auto device_key = keypair_from_seed(seed);
  ASSERT_TRUE(device_key.ok());
  Nonce nonce{};
  nonce.fill(0x5a);
  auto signature = device_key->sign(hello_signing_bytes("tallyd-tn", nonce, "dev-a"));
  ASSERT_TRUE(signature.ok());
  auto decoded = decode(encode(HelloMessage{kProtocolVersion, "dev-a", *signature}));
  ASSERT_TRUE(decoded.ok());
  const auto& hello = std::get<HelloMessage>(*decoded);
  const auto& key = device_key->public_key();
  EXPECT_TRUE(verify(key, hello_signing_bytes("tallyd-tn", nonce, hello.device_id),
                     hello.signature));
  EXPECT_FALSE(verify(key, hello_signing_bytes("tallyd-xx", nonce, hello.device_id),
                      hello.signature));
  Nonce other = nonce;
  other[0] ^= 1;
  EXPECT_FALSE(verify(key, hello_signing_bytes("tallyd-tn", other, hello.device_id),
                      hello.signature));
  EXPECT_FALSE(verify(key, hello_signing_bytes("tallyd-tn", nonce, "dev-b"), hello.signature));
  // Length prefixes keep the boundary between server id and nonce unambiguous.
  EXPECT_NE(hello_signing_bytes("ab", nonce, "c"), hello_signing_bytes("a", nonce, "bc"));
}

}  // namespace
}  // namespace tally::engine
