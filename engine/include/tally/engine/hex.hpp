// Hexadecimal text of bytes: the one hex codec of TallySync, for digests, keys and
// signatures in logs, JSON, exports, receipts and the data directory's key files.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::engine {

// Lower-case hex of `bytes` (two characters a byte).
std::string to_hex(std::span<const std::uint8_t> bytes);

// Decodes `hex` (either case) into exactly `out.size()` bytes. kInvalidArgument if `hex`
// is not 2 * out.size() hex digits; `out` is then unspecified.
Status from_hex(std::string_view hex, std::span<std::uint8_t> out);

}  // namespace tally::engine
