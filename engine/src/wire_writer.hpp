// Internal: the cereal portable-binary writer every encoder of the engine uses (ops,
// messages). Output is little-endian; the archive begins with cereal's one-byte
// endianness flag (0x01). docs/protocol.md spells out the resulting layout.
#pragma once

#include <cereal/archives/portable_binary.hpp>

#include <array>
#include <cstdint>
#include <ostream>
#include <streambuf>
#include <string>

namespace tally::engine::wire {

// A streambuf that appends to a std::string, so cereal writes without an ostringstream
// copy at the end.
class StringSink : public std::streambuf {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

 protected:
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    out_.append(data, static_cast<std::size_t>(size));
    return size;
  }
  int_type overflow(int_type ch) override {
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      out_.push_back(traits_type::to_char_type(ch));
    }
    return traits_type::not_eof(ch);
  }

 private:
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
