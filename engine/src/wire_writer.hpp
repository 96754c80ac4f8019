// Internal: the cereal portable-binary writer every encoder of the engine uses (ops,
// messages). Output is little-endian; the archive begins with cereal's one-byte
// endianness flag (0x01). docs/protocol.md spells out the resulting layout.
#pragma once

#include <cereal/archives/portable_binary.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <cstdint>
#include <ostream>
#include <streambuf>
#include <string>

namespace tally::engine::wire {

// A streambuf that appends to a std::string through its put area: cereal's many small
// writes become a bounds check and a memcpy. The string is trimmed to what was written
// when the sink is destroyed. Frames are far below 2 GiB, the limit of pbump's int.
class StringSink : public std::streambuf {
 public:
  explicit StringSink(std::string& out) : out_(out) { grow(out.size(), 256); }
  ~StringSink() override { out_.resize(written()); }
  StringSink(const StringSink&) = delete;
  StringSink& operator=(const StringSink&) = delete;

 protected:
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    auto length = static_cast<std::size_t>(size);
    if (static_cast<std::size_t>(epptr() - pptr()) < length) grow(written(), length);
    std::memcpy(pptr(), data, length);
    pbump(static_cast<int>(size));
    return size;
  }
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    if (pptr() == epptr()) grow(written(), 1);
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
    return ch;
  }

 private:
  [[nodiscard]] std::size_t written() const {
    return static_cast<std::size_t>(pptr() - out_.data());
  }
  // Makes room for `extra` more bytes after the first `used`, at least doubling.
  void grow(std::size_t used, std::size_t extra) {
    out_.resize(std::max(out_.size() * 2, used + extra));
    setp(out_.data(), out_.data() + out_.size());
    pbump(static_cast<int>(used));
  }

  std::string& out_;
};

using Archive = cereal::PortableBinaryOutputArchive;

// Runs `write(archive)` on a little-endian portable-binary archive appending to `out`.
template <typename Write>
void write_archive(std::string& out, Write&& write) {
  StringSink sink(out);
  std::ostream stream(&sink);
  Archive archive(stream, Archive::Options::LittleEndian());
  write(archive);
}

// A length or element count: cereal's size tag, a u64.
inline void put_size(Archive& ar, std::size_t size) {
  ar(cereal::make_size_tag(static_cast<cereal::size_type>(size)));
}

// A string: u64 length, then the bytes.
inline void put_string(Archive& ar, const std::string& text) {
  put_size(ar, text.size());
  ar(cereal::binary_data(text.data(), text.size()));
}

// A fixed-size byte array (keys, hashes, signatures, nonces): the bytes, no length.
template <std::size_t N>
void put_bytes(Archive& ar, const std::array<std::uint8_t, N>& bytes) {
  ar(cereal::binary_data(bytes.data(), N));
}

}  // namespace tally::engine::wire
