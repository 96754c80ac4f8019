// The one hex codec: lower-case out, either case in, exact lengths, a clear error.
#include "tally/engine/hex.hpp"

#include <gtest/gtest.h>

#include <array>

namespace tally::engine {
namespace {

TEST(HexTest, EncodesLowerCaseTwoDigitsAByte) {
  const std::array<std::uint8_t, 4> bytes{0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(bytes), "000fa0ff");
  EXPECT_EQ(to_hex(std::span<const std::uint8_t>{}), "");
}

TEST(HexTest, DecodesEitherCaseIntoExactlyTheBytesAskedFor) {
  std::array<std::uint8_t, 4> out{};
  ASSERT_TRUE(from_hex("000FA0ff", out).ok());
  EXPECT_EQ(out, (std::array<std::uint8_t, 4>{0x00, 0x0f, 0xa0, 0xff}));
}

TEST(HexTest, RefusesAWrongLengthOrANonHexDigitWithACode) {
  std::array<std::uint8_t, 2> out{};
  auto short_text = from_hex("abc", out);
  ASSERT_FALSE(short_text.ok());
  EXPECT_EQ(short_text.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(short_text.error().message.find("expected 4 hex digits, got 3"), std::string::npos);
  auto not_hex = from_hex("ab0g", out);
  ASSERT_FALSE(not_hex.ok());
  EXPECT_NE(not_hex.error().message.find("'0g'"), std::string::npos) << not_hex.error().message;
}

}  // namespace
}  // namespace tally::engine
