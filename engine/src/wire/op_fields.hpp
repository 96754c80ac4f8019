// Internal: an Op's fields inside a portable-binary archive, shared by the op codec
// (one op per archive) and the messages (ops inline in a batch). write_op is a template
// on the archive: the engine runs it on PortableBinaryWriter, the tests also on cereal's
// PortableBinaryOutputArchive to prove the bytes are cereal's.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "tally/engine/op.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace tally::engine::wire {

// The fewest bytes an op's fields can take (empty strings, no value, empty context):
// device, station and unit lengths (8 each), counter 8, hlc 8 + 4, kind 1, context
// count 8. Lets a batch's op count be checked against the bytes that remain.
inline constexpr std::size_t kMinOpBytes = 8 + 8 + 8 + 4 + 1 + 8 + 8 + 8;

// The tag before an op's value.
enum class ValueTag : std::uint8_t { kCleared = 0, kCount = 1, kText = 2 };

// Set and adjudicate ops name a field and carry a value.
inline bool has_field(OpKind kind) { return kind == OpKind::kSet || kind == OpKind::kAdjudicate; }

template <typename Ar>
void write_value(Ar& ar, const OpValue& value) {
  if (const auto* count = std::get_if<Count>(&value)) {
    ar(static_cast<std::uint8_t>(ValueTag::kCount), *count);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    ar(static_cast<std::uint8_t>(ValueTag::kText));
    put_string(ar, *text);
  } else {
    ar(static_cast<std::uint8_t>(ValueTag::kCleared));
  }
}

// u64 device count; per device in ascending id order: id, u64 prefix, u64 exception
// count, u64 exceptions ascending.
template <typename Ar>
void write_context(Ar& ar, const DotSet& context) {
  put_size(ar, context.devices().size());
  for (const auto& [device, dots] : context.devices()) {
    put_string(ar, device);
    ar(dots.prefix);
    put_size(ar, dots.exceptions.size());
    for (std::uint64_t counter : dots.exceptions) ar(counter);
  }
}

template <typename Ar>
void write_op(Ar& ar, const Op& op) {
  put_string(ar, op.dot.device);
  ar(op.dot.counter, op.hlc.physical_ms, op.hlc.logical, static_cast<std::uint8_t>(op.kind));
  put_string(ar, op.form.station_id);
  put_string(ar, op.form.unit_id);
  if (has_field(op.kind)) {
    put_string(ar, op.field);
    write_value(ar, op.value);
  } else if (op.kind == OpKind::kSubmit) {
    put_bytes(ar, op.submission.values_hash);
    put_bytes(ar, op.submission.signature);
  } else if (op.kind == OpKind::kOpenRound) {
    put_string(ar, op.field);
    write_value(ar, op.value);
    put_bytes(ar, op.submission.values_hash);
    put_bytes(ar, op.submission.signature);
  }
  write_context(ar, op.context);
}

// Reads an op into `op` (a default-constructed Op), in place to spare a move.
void read_op(WireReader& reader, Op& op);

}  // namespace tally::engine::wire
