// The one table of the wire's limits on ids and strings (bytes), and what they allow a
// definition and a schema to hold. The codec (op_codec, messages) decodes nothing longer;
// the definition and schema loaders accept nothing that would encode longer, so every op
// and message an accepted definition can produce is one the other side decodes (a 130-byte
// candidate id made field paths no store could decode, issue 14). docs/protocol.md,
// "Limits", is this table in prose.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace tally::engine {

// --- What the codec decodes -------------------------------------------------------------
inline constexpr std::size_t kMaxIdBytes = 64;         // messages: server, device, station id, code
inline constexpr std::size_t kMaxDeviceIdBytes = 64;   // an op's dot and context
inline constexpr std::size_t kMaxFormPartBytes = 128;  // an op's station id, unit id, each
inline constexpr std::size_t kMaxFieldBytes = 128;     // an op's field path
inline constexpr std::size_t kMaxTextBytes = 4096;     // an op's text value
inline constexpr std::size_t kMaxLabelBytes = 128;     // Enrol.label
inline constexpr std::size_t kMaxErrorMessageBytes = 4096;
inline constexpr std::size_t kMaxContextDevices = 10'000;
inline constexpr std::size_t kMaxContextExceptions = 10'000;  // over all devices
// The largest frame a device accepts from the server (a Welcome carries the definition).
inline constexpr std::size_t kMaxServerFrameBytes = std::size_t{4} << 20;

// --- What a definition and a schema may hold, so that it fits the above -----------------
// A station id travels in ops (form part) and in Enrolled / Welcome (an id): the smaller.
inline constexpr std::size_t kMaxStationIdBytes = std::min(kMaxIdBytes, kMaxFormPartBytes);
inline constexpr std::size_t kMaxUnitIdBytes = kMaxFormPartBytes;
// A candidate id is the key of a field path "<field>.<candidate>"; the field name gets the
// rest of kMaxFieldBytes.
inline constexpr std::size_t kMaxCandidateIdBytes = 64;
inline constexpr std::size_t kMaxFieldNameBytes = kMaxFieldBytes - 1 - kMaxCandidateIdBytes;
// The election's and levels' ids are not on the wire; they keep the bound of an id.
inline constexpr std::size_t kMaxElectionIdBytes = kMaxIdBytes;
inline constexpr std::size_t kMaxLevelIdBytes = kMaxIdBytes;
// A text field's max_length is in code points, at least one byte each: no more than the
// bytes a text may have (the record check refuses a text above kMaxTextBytes as well).
inline constexpr std::size_t kMaxTextLength = kMaxTextBytes;

static_assert(kMaxFieldNameBytes + 1 + kMaxCandidateIdBytes <= kMaxFieldBytes);

}  // namespace tally::engine
