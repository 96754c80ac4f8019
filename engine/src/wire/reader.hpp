// Internal: a bounded reader for the cereal portable-binary layout that wire_writer.hpp
// produces. Every length or count is checked against the bytes that remain before
// anything is allocated; every failure throws WireError, which the public decoders catch
// and turn into a Result. Used by the op codec, the message decoder and the audit-log
// reader.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::engine::wire {

// A decoding failure inside the engine; never escapes a public API.
class WireError : public std::exception {
 public:
  WireError(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  [[nodiscard]] ErrorCode code() const { return code_; }
  [[nodiscard]] const std::string& message() const { return message_; }
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }

 private:
  ErrorCode code_;
  std::string message_;
};

[[noreturn]] inline void fail(ErrorCode code, std::string message) {
  throw WireError(code, std::move(message));
}

class WireReader {
 public:
  explicit WireReader(std::string_view bytes)
      : pos_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  [[nodiscard]] std::size_t remaining() const { return static_cast<std::size_t>(end_ - pos_); }

  std::uint8_t u8(const char* what) { return fixed<std::uint8_t>(what); }
  std::uint16_t u16(const char* what) { return fixed<std::uint16_t>(what); }
  std::uint32_t u32(const char* what) { return fixed<std::uint32_t>(what); }
  std::uint64_t u64(const char* what) { return fixed<std::uint64_t>(what); }
  std::int64_t i64(const char* what) { return std::bit_cast<std::int64_t>(u64(what)); }

  // A bool is one byte, 0 or 1; anything else is not canonical.
  bool boolean(const char* what) {
    std::uint8_t byte = u8(what);
    if (byte > 1) fail(ErrorCode::kMalformed, std::string(what) + ": bool byte is not 0 or 1");
    return byte == 1;
  }

  template <std::size_t N>
  void bytes(std::array<std::uint8_t, N>& out, const char* what) {
    need(N, what);
    std::memcpy(out.data(), pos_, N);
    pos_ += N;
  }

  // The next `size` bytes, as a view into the input.
  std::string_view take(std::size_t size, const char* what) {
    need(size, what);
    std::string_view bytes(pos_, size);
    pos_ += size;
    return bytes;
  }

  // A u64 length then that many bytes; the length must be ≤ max_length and fit in
  // what remains.
  std::string string(std::size_t max_length, const char* what) {
    return std::string(take(count(max_length, 1, what), what));
  }

  // A u64 element count; refuses counts above max_count and counts whose elements (each
  // at least min_element_bytes long) cannot fit in the remaining bytes.
  std::size_t count(std::size_t max_count, std::size_t min_element_bytes, const char* what) {
    std::uint64_t declared = u64(what);
    if (declared > max_count) [[unlikely]] {
      fail_length(declared, " exceeds the limit of " + std::to_string(max_count), what);
    }
    if (min_element_bytes != 0 && declared > remaining() / min_element_bytes) [[unlikely]] {
      fail_length(declared,
                  " does not fit in the " + std::to_string(remaining()) + " bytes that remain",
                  what);
    }
    return static_cast<std::size_t>(declared);
  }

  // Fails with kTrailingBytes unless every byte has been read.
  void expect_end(const char* what) const {
    if (pos_ != end_) {
      fail(ErrorCode::kTrailingBytes,
           std::string(what) + ": " + std::to_string(remaining()) + " trailing bytes");
    }
  }

 private:
  void need(std::size_t size, const char* what) const {
    if (remaining() < size) [[unlikely]]
      fail_truncated(size, what);
  }

  // The failures, out of line so that the checks above stay small enough to inline.
  [[noreturn, gnu::cold, gnu::noinline]] void fail_truncated(std::size_t size,
                                                             const char* what) const {
    fail(ErrorCode::kTruncated, std::string(what) + ": needs " + std::to_string(size) + " bytes, " +
                                    std::to_string(remaining()) + " remain");
  }
  [[noreturn, gnu::cold, gnu::noinline]] static void fail_length(std::uint64_t declared,
                                                                 const std::string& why,
                                                                 const char* what) {
    fail(ErrorCode::kBadLength, std::string(what) + ": length " + std::to_string(declared) + why);
  }

  // An unsigned little-endian integer of sizeof(T) bytes, on any host byte order.
  template <typename T>
  T fixed(const char* what) {
    need(sizeof(T), what);
    T value = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&value, pos_, sizeof(T));
    } else {
      for (std::size_t i = 0; i < sizeof(T); ++i) {
        value =
            static_cast<T>(value | (static_cast<T>(static_cast<std::uint8_t>(pos_[i])) << (8 * i)));
      }
    }
    pos_ += sizeof(T);
    return value;
  }

  const char* pos_;
  const char* end_;
};

}  // namespace tally::engine::wire
