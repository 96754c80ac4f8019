// PortableBinaryWriter (engine/src/wire/writer.hpp) writes exactly the bytes of cereal's
// PortableBinaryOutputArchive: the same encoders run through both, for every sample
// message and op, and must agree byte for byte. This keeps docs/protocol.md's claim
// "cereal portable binary" true while the engine skips cereal's per-value stream writes.
#include <gtest/gtest.h>

#include <cereal/archives/portable_binary.hpp>
#include <climits>
#include <cstdint>
#include <sstream>
#include <string>

#include "tally/engine/messages.hpp"
#include "tally/engine/op_codec.hpp"
#include "wire/message_fields.hpp"
#include "wire/op_fields.hpp"
#include "wire/writer.hpp"
#include "wire_samples.hpp"

namespace tally::engine {
namespace {

// What cereal's own archive (little-endian option) writes for `write(archive)`.
template <typename Write>
std::string cereal_bytes(Write&& write) {
  std::ostringstream stream(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive archive(
        stream, cereal::PortableBinaryOutputArchive::Options::LittleEndian());
    write(archive);
  }
  return stream.str();
}

// What PortableBinaryWriter writes for `write(archive)`.
template <typename Write>
std::string writer_bytes(Write&& write) {
  std::string out;
  wire::write_archive(out, write);
  return out;
}

TEST(PortableBinaryWriterTest, EveryValueKindMatchesCereal) {
  const std::string text = "Tổ bầu cử số 1";
  const std::array<std::uint8_t, 4> bytes{0xde, 0xad, 0xbe, 0xef};
  auto write = [&](auto& ar) {
    ar(std::uint8_t{0xfe}, std::uint16_t{0xbeef}, std::uint32_t{0xdeadbeef},
       std::uint64_t{0x0123456789abcdef}, std::int64_t{-2}, std::int64_t{INT64_MIN}, true, false);
    wire::put_size(ar, 0);
    wire::put_size(ar, SIZE_MAX);
    wire::put_string(ar, text);
    wire::put_string(ar, std::string());
    wire::put_bytes(ar, bytes);
  };
  EXPECT_EQ(writer_bytes(write), cereal_bytes(write));
}

TEST(PortableBinaryWriterTest, EverySampleOpEncodesAsCerealWouldAndEncodeOpUsesIt) {
  for (const Op& op : samples::ops_of_every_kind()) {
    auto write = [&](auto& ar) { wire::write_op(ar, op); };
    const std::string expected = cereal_bytes(write);
    EXPECT_EQ(writer_bytes(write), expected);
    EXPECT_EQ(encode_op(op), expected);
  }
}

TEST(PortableBinaryWriterTest, EverySampleMessageEncodesAsCerealWouldAndEncodeUsesIt) {
  for (const Message& message : samples::messages_of_every_type()) {
    std::string expected;
    expected.push_back(static_cast<char>(kProtocolVersion));
    expected.push_back(static_cast<char>(message_type(message)));
    expected += cereal_bytes([&](auto& ar) { wire::write_body(ar, message); });
    EXPECT_EQ(encode(message), expected)
        << "message type " << static_cast<int>(message_type(message));
  }
}

TEST(PortableBinaryWriterTest, AppendsAfterWhatTheStringAlreadyHoldsAndGrowsPastItsBuffer) {
  const std::string long_text(100'000, 'x');  // far past the writer's first 256 bytes
  auto write = [&](auto& ar) { wire::put_string(ar, long_text); };
  std::string out = "head";
  wire::write_archive(out, write);
  EXPECT_EQ(out, "head" + cereal_bytes(write));
}

}  // namespace
}  // namespace tally::engine
