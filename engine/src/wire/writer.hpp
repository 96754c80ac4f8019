// Internal: the cereal portable-binary writer every encoder of the engine uses (ops,
// messages). Output is cereal's PortableBinaryOutputArchive layout with the little-endian
// option: the archive begins with cereal's one-byte endianness flag (0x01), then each
// value's little-endian bytes. docs/protocol.md spells out the resulting layout.
//
// PortableBinaryWriter takes the calls of a cereal output archive (arithmetic values,
// cereal::SizeTag, cereal::BinaryData) and writes the very bytes cereal would, straight
// into a std::string: no stream, no virtual call per value. The encoders are templates on
// the archive, so tests/engine/portable_binary_writer_test.cpp runs them through cereal's
// own archive too and checks that both produce the same bytes for every sample message.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cereal/cereal.hpp>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace tally::engine::wire {

class PortableBinaryWriter {
 public:
  // Appends to `out`, starting with the archive's endianness flag.
  explicit PortableBinaryWriter(std::string& out) : out_(out), used_(out.size()) {
    grow(256);
    (*this)(std::uint8_t{1});
  }
  // Trims `out` to what was written.
  ~PortableBinaryWriter() { out_.resize(used_); }
  PortableBinaryWriter(const PortableBinaryWriter&) = delete;
  PortableBinaryWriter& operator=(const PortableBinaryWriter&) = delete;

  // Writes each value as cereal's portable-binary archive does.
  template <typename... Values>
  void operator()(const Values&... values) {
    (write(values), ...);
  }

 private:
  // An arithmetic value: sizeof(T) bytes, little-endian (a bool is one byte, 0 or 1).
  template <typename T>
  requires std::is_arithmetic_v<T>
  void write(const T& value) {
    static_assert(!std::is_floating_point_v<T>, "the wire carries no floating point");
    std::array<char, sizeof(T)> bytes;
    std::memcpy(bytes.data(), &value, sizeof(T));
    if constexpr (std::endian::native == std::endian::big) {
      std::reverse(bytes.begin(), bytes.end());
    }
    reserve(sizeof(T));
    std::memcpy(out_.data() + used_, bytes.data(), sizeof(T));  // a fixed size: one store
    used_ += sizeof(T);
  }
  // A container size: cereal writes its size_type (u64).
  template <typename T>
  void write(const cereal::SizeTag<T>& tag) {
    write(static_cast<cereal::size_type>(tag.size));
  }
  // Raw bytes, as they are (only byte elements: wider ones would be byte-swapped).
  template <typename T>
  void write(const cereal::BinaryData<T>& data) {
    static_assert(sizeof(std::remove_pointer_t<std::remove_reference_t<T>>) == 1,
                  "binary data must be bytes");
    const auto size = static_cast<std::size_t>(data.size);
    reserve(size);
    std::memcpy(out_.data() + used_, data.data, size);
    used_ += size;
  }

  // Makes sure `size` more bytes fit.
  void reserve(std::size_t size) {
    if (out_.size() - used_ < size) [[unlikely]]
      grow(size);
  }
  // Makes room for `extra` more bytes, at least doubling.
  [[gnu::noinline]] void grow(std::size_t extra) {
    out_.resize(std::max(out_.size() * 2, used_ + extra));
  }

  std::string& out_;
  std::size_t used_;
};

using Archive = PortableBinaryWriter;

// Runs `write(archive)` on a portable-binary writer appending to `out`.
template <typename Write>
void write_archive(std::string& out, Write&& write) {
  Archive archive(out);
  write(archive);
}

// A length or element count: cereal's size tag, a u64.
template <typename Ar>
void put_size(Ar& ar, std::size_t size) {
  ar(cereal::make_size_tag(static_cast<cereal::size_type>(size)));
}

// A string: u64 length, then the bytes.
template <typename Ar>
void put_string(Ar& ar, const std::string& text) {
  put_size(ar, text.size());
  ar(cereal::binary_data(text.data(), text.size()));
}

// A fixed-size byte array (keys, hashes, signatures, nonces): the bytes, no length.
template <typename Ar, std::size_t N>
void put_bytes(Ar& ar, const std::array<std::uint8_t, N>& bytes) {
  ar(cereal::binary_data(bytes.data(), N));
}

}  // namespace tally::engine::wire
