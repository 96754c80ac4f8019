#include "tally/engine/hex.hpp"

namespace tally::engine {
namespace {

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const std::uint8_t byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

Status from_hex(std::string_view hex, std::span<std::uint8_t> out) {
  if (hex.size() != out.size() * 2) {
    return make_error(ErrorCode::kInvalidArgument, "expected " + std::to_string(out.size() * 2) +
                                                       " hex digits, got " +
                                                       std::to_string(hex.size()));
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int high = nibble(hex[2 * i]);
    const int low = nibble(hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      return make_error(ErrorCode::kInvalidArgument, "not hex: '" +
                                                         std::string(hex.substr(2 * i, 2)) +
                                                         "' at digit " + std::to_string(2 * i + 1));
    }
    out[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return {};
}

}  // namespace tally::engine
