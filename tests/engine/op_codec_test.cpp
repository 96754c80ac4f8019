#include "tally/engine/op_codec.hpp"

#include <gtest/gtest.h>

#include <string>

#include "wire_samples.hpp"

namespace tally::engine {
namespace {

void put_u64_at(std::string& bytes, std::size_t offset, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
}

ErrorCode decode_code(const std::string& bytes) {
  auto op = decode_op(bytes);
  return op.ok() ? ErrorCode::kOk : op.error().code;
}

// Offsets in the encoding of samples::set_op("dev-a", ...) (docs/protocol.md, "Op").
constexpr std::size_t kDeviceLengthOffset = 1;
constexpr std::size_t kCounterOffset = 1 + 8 + 5;
constexpr std::size_t kKindOffset = kCounterOffset + 8 + 8 + 4;

TEST(OpCodecTest, RoundTripsOpsOfEveryKindAndValue) {
  for (const Op& op : samples::ops_of_every_kind()) {
    std::string bytes = encode_op(op);
    auto decoded = decode_op(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
    EXPECT_EQ(*decoded, op);
    EXPECT_EQ(encode_op(*decoded), bytes);
  }
}

TEST(OpCodecTest, EqualOpsEncodeToEqualBytesWhateverOrderTheContextWasBuiltIn) {
  Op forward = samples::set_op("dev-a", 9, 10);
  Op backward = forward;
  forward.context = DotSet{};
  backward.context = DotSet{};
  for (std::uint64_t c = 1; c <= 6; ++c) forward.context.add(Dot{"dev-z", c});
  forward.context.add(Dot{"dev-c", 4});
  for (std::uint64_t c = 6; c >= 1; --c) backward.context.add(Dot{"dev-z", c});
  backward.context.add(Dot{"dev-c", 4});
  EXPECT_EQ(encode_op(forward), encode_op(backward));
}

TEST(OpCodecTest, EncodingStartsWithTheFieldsInTheDocumentedOrder) {
  std::string bytes = encode_op(samples::set_op("dev-a", 4, 1234));
  EXPECT_EQ(bytes[0], '\x01');  // cereal's little-endian flag
  EXPECT_EQ(bytes.substr(kDeviceLengthOffset, 8), std::string("\x05\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(bytes.substr(9, 5), "dev-a");
  EXPECT_EQ(bytes.substr(kCounterOffset, 8), std::string("\x04\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(bytes[kKindOffset], '\x01');
}

TEST(OpCodecTest, RefusesEveryTruncation) {
  for (const Op& op : samples::ops_of_every_kind()) {
    std::string bytes = encode_op(op);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      ErrorCode code = decode_code(bytes.substr(0, cut));
      EXPECT_TRUE(code == ErrorCode::kTruncated || code == ErrorCode::kBadLength)
          << "cut at " << cut << " gave " << static_cast<int>(code);
    }
  }
}

TEST(OpCodecTest, RefusesTrailingBytes) {
  EXPECT_EQ(decode_code(encode_op(samples::set_op("dev-a", 1, 1)) + '\0'),
            ErrorCode::kTrailingBytes);
}

TEST(OpCodecTest, RefusesALyingLengthWithoutAllocatingIt) {
  std::string bytes = encode_op(samples::set_op("dev-a", 1, 1));
  put_u64_at(bytes, kDeviceLengthOffset, std::uint64_t{1} << 60);
  EXPECT_EQ(decode_code(bytes), ErrorCode::kBadLength);
}

TEST(OpCodecTest, RefusesFieldsOverTheirLimits) {
  Op long_device = samples::set_op(std::string(kMaxDeviceIdBytes + 1, 'd'), 1, 1);
  EXPECT_EQ(decode_code(encode_op(long_device)), ErrorCode::kBadLength);
  Op long_text = samples::set_op("dev-a", 1, 1);
  long_text.value = std::string(kMaxTextBytes + 1, 't');
  EXPECT_EQ(decode_code(encode_op(long_text)), ErrorCode::kBadLength);
  long_text.value = std::string(kMaxTextBytes, 't');
  EXPECT_EQ(decode_code(encode_op(long_text)), ErrorCode::kOk);
  Op long_field = samples::set_op("dev-a", 1, 1);
  long_field.field = std::string(kMaxFieldBytes + 1, 'f');
  EXPECT_EQ(decode_code(encode_op(long_field)), ErrorCode::kBadLength);
}

TEST(OpCodecTest, RefusesAContextWithTooManyDevices) {
  Op op = samples::set_op("dev-a", 1, 1);
  std::string bytes = encode_op(op);
  std::size_t devices_offset = bytes.rfind("dev-a") - 8 - 8;  // count, then dev-a's length
  put_u64_at(bytes, devices_offset, kMaxContextDevices + 1);
  EXPECT_EQ(decode_code(bytes), ErrorCode::kBadLength);
}

TEST(OpCodecTest, RefusesContextDevicesOutOfOrder) {
  std::string bytes = encode_op(samples::set_op("dev-a", 1, 1));
  std::size_t a = bytes.rfind("dev-a");
  std::size_t b = bytes.rfind("dev-b");
  bytes.replace(a, 5, "dev-b");
  bytes.replace(b, 5, "dev-a");
  EXPECT_EQ(decode_code(bytes), ErrorCode::kMalformed);
}

TEST(OpCodecTest, RefusesAContextNotInNormalForm) {
  const std::string bytes = encode_op(samples::set_op("dev-a", 1, 1));
  // dev-b: prefix 1, one exception 5. An exception of 2 (= prefix + 1) or 1 (<= prefix)
  // would have been folded into the prefix by DotSet.
  std::size_t exception = bytes.rfind("dev-b") + 5 + 8 + 8;
  for (std::uint64_t bad : {1u, 2u}) {
    std::string mutated = bytes;
    put_u64_at(mutated, exception, bad);
    EXPECT_EQ(decode_code(mutated), ErrorCode::kMalformed) << "exception " << bad;
  }
  // dev-a: prefix 3, no exceptions; prefix 0 leaves an empty entry.
  std::string empty_entry = bytes;
  put_u64_at(empty_entry, bytes.rfind("dev-a") + 5, 0);
  EXPECT_EQ(decode_code(empty_entry), ErrorCode::kMalformed);
}

TEST(OpCodecTest, RefusesUnknownKindsValueTagsAndArchiveFlags) {
  const std::string bytes = encode_op(samples::set_op("dev-a", 1, 1));
  for (char kind : {'\0', '\x06', '\xff'}) {
    std::string mutated = bytes;
    mutated[kKindOffset] = kind;
    EXPECT_EQ(decode_code(mutated), ErrorCode::kMalformed);
  }
  std::string bad_tag = bytes;
  bad_tag[bytes.find("votes.NA-01-C2") + 14] = '\x03';
  EXPECT_EQ(decode_code(bad_tag), ErrorCode::kMalformed);
  std::string big_endian = bytes;
  big_endian[0] = '\0';
  EXPECT_EQ(decode_code(big_endian), ErrorCode::kMalformed);
}

TEST(OpCodecTest, RefusesCounterZeroAndEmptyIds) {
  EXPECT_EQ(decode_code(encode_op(samples::set_op("dev-a", 0, 1))), ErrorCode::kMalformed);
  EXPECT_EQ(decode_code(encode_op(samples::set_op("", 1, 1))), ErrorCode::kMalformed);
  Op no_field = samples::set_op("dev-a", 1, 1);
  no_field.field.clear();
  EXPECT_EQ(decode_code(encode_op(no_field)), ErrorCode::kMalformed);
}

// Canonical = unique: whatever single byte is changed, either the decoder refuses the
// result or the result is exactly the encoding of what it decodes to.
TEST(OpCodecTest, EveryAcceptedByteMutationIsItselfCanonical) {
  std::size_t accepted = 0;
  for (const Op& op : samples::ops_of_every_kind()) {
    const std::string bytes = encode_op(op);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (int value = 0; value < 256; ++value) {
        std::string mutated = bytes;
        mutated[i] = static_cast<char>(value);
        auto decoded = decode_op(mutated);
        if (!decoded.ok()) continue;
        ++accepted;
        ASSERT_EQ(encode_op(*decoded), mutated) << "byte " << i << " = " << value;
      }
    }
  }
  EXPECT_GT(accepted, 0u);
}

}  // namespace
}  // namespace tally::engine
