// Little-endian appends for every byte string the engine hashes or signs: form state,
// record values hash, audit entries and the chain, the signed messages (signing.cpp).
// Internal to tally_engine; the layouts are in docs/sync-model.md, docs/audit.md and
// docs/protocol.md. (The wire's portable-binary archive has its own writer, wire/writer.hpp,
// which writes cereal's layout into a pre-sized frame.)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tally/engine/dot_set.hpp"

namespace tally::engine::bytes {

inline void append_u8(std::string& out, std::uint8_t value) {
  out.push_back(static_cast<char>(value));
}

inline void append_u32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xffU));
  }
}

inline void append_u64(std::string& out, std::uint64_t value) {
  for (int shift = 0; shift < 64; shift += 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xffU));
  }
}

// Two's complement, little-endian.
inline void append_i64(std::string& out, std::int64_t value) {
  append_u64(out, static_cast<std::uint64_t>(value));
}

// u32 length, then the bytes.
inline void append_string(std::string& out, std::string_view text) {
  append_u32(out, static_cast<std::uint32_t>(text.size()));
  out.append(text);
}

// u32 device count; per device in ascending id order: id, u64 prefix, u32 exception
// count, u64 exceptions ascending.
inline void append_dot_set(std::string& out, const DotSet& set) {
  append_u32(out, static_cast<std::uint32_t>(set.devices().size()));
  for (const auto& [device, dots] : set.devices()) {
    append_string(out, device);
    append_u64(out, dots.prefix);
    append_u32(out, static_cast<std::uint32_t>(dots.exceptions.size()));
    for (std::uint64_t counter : dots.exceptions) append_u64(out, counter);
  }
}

}  // namespace tally::engine::bytes
