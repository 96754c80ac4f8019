#include "tally/engine/op_codec.hpp"

#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "wire/op_fields.hpp"

namespace tally::engine {
namespace wire {
namespace {

OpValue read_value(WireReader& reader) {
  switch (static_cast<ValueTag>(reader.u8("op.value tag"))) {
    case ValueTag::kCleared:
      return Cleared{};
    case ValueTag::kCount:
      return reader.i64("op.value count");
    case ValueTag::kText:
      return reader.string(kMaxTextBytes, "op.value text");
  }
  fail(ErrorCode::kMalformed, "op.value: unknown value tag");
}

// Reads a context and refuses anything but DotSet's normal form: devices strictly
// ascending, no empty entries, exceptions strictly ascending and above prefix + 1.
DotSet read_context(WireReader& reader) {
  constexpr std::size_t kMinDeviceBytes = 8 + 8 + 8;  // id length, prefix, exception count
  std::size_t devices = reader.count(kMaxContextDevices, kMinDeviceBytes, "op.context devices");
  std::size_t exceptions_left = kMaxContextExceptions;
  DotSet::Entries parts;
  parts.reserve(devices);  // bounded by the bytes that remain
  for (std::size_t i = 0; i < devices; ++i) {
    std::string device = reader.string(kMaxDeviceIdBytes, "op.context device id");
    if (device.empty()) fail(ErrorCode::kMalformed, "op.context: empty device id");
    if (!parts.empty() && !(parts.back().first < device)) {
      fail(ErrorCode::kMalformed, "op.context: device '" + device + "' out of order");
    }
    DotSet::DeviceDots dots;
    dots.prefix = reader.u64("op.context prefix");
    std::size_t count = reader.count(exceptions_left, 8, "op.context exceptions");
    if (count > 0 && dots.prefix >= UINT64_MAX - 1) {
      fail(ErrorCode::kMalformed, "op.context: exceptions above the largest counter");
    }
    exceptions_left -= count;
    dots.exceptions.reserve(count);         // bounded by the bytes that remain
    std::uint64_t floor = dots.prefix + 1;  // every exception must exceed prefix + 1
    for (std::size_t j = 0; j < count; ++j) {
      std::uint64_t counter = reader.u64("op.context exception");
      if (counter <= floor) {
        fail(ErrorCode::kMalformed, "op.context: exception " + std::to_string(counter) +
                                        " of device '" + device + "' is not in normal form");
      }
      dots.exceptions.push_back(counter);
      floor = counter;
    }
    if (dots.prefix == 0 && dots.exceptions.empty()) {
      fail(ErrorCode::kMalformed, "op.context: device '" + device + "' has no dots");
    }
    parts.emplace_back(std::move(device), std::move(dots));
  }
  return DotSet::from_devices(std::move(parts));
}

}  // namespace

void read_op(WireReader& reader, Op& op) {
  op.dot.device = reader.string(kMaxDeviceIdBytes, "op.dot device");
  if (op.dot.device.empty()) fail(ErrorCode::kMalformed, "op.dot: empty device id");
  op.dot.counter = reader.u64("op.dot counter");
  if (op.dot.counter == 0) fail(ErrorCode::kMalformed, "op.dot: counter 0");
  op.hlc.physical_ms = reader.u64("op.hlc physical");
  op.hlc.logical = reader.u32("op.hlc logical");
  std::uint8_t kind = reader.u8("op.kind");
  if (kind < static_cast<std::uint8_t>(OpKind::kSet) ||
      kind > static_cast<std::uint8_t>(OpKind::kOpenRound)) {
    fail(ErrorCode::kMalformed, "op.kind: unknown kind " + std::to_string(kind));
  }
  op.kind = static_cast<OpKind>(kind);
  op.form.station_id = reader.string(kMaxFormPartBytes, "op.form station");
  op.form.unit_id = reader.string(kMaxFormPartBytes, "op.form unit");
  if (has_field(op.kind)) {
    op.field = reader.string(kMaxFieldBytes, "op.field");
    if (op.field.empty()) fail(ErrorCode::kMalformed, "op.field: empty field");
    op.value = read_value(reader);
  } else if (op.kind == OpKind::kSubmit) {
    reader.bytes(op.submission.values_hash, "op.submission hash");
    reader.bytes(op.submission.signature, "op.submission signature");
  } else if (op.kind == OpKind::kOpenRound) {
    op.field = reader.string(kMaxFieldBytes, "op.field");
    op.value = read_value(reader);
    reader.bytes(op.submission.values_hash, "op.submission hash");
    reader.bytes(op.submission.signature, "op.submission signature");
  }
  op.context = read_context(reader);
}

}  // namespace wire

std::string encode_op(const Op& op) {
  std::string out;
  wire::write_archive(out, [&](wire::Archive& ar) { wire::write_op(ar, op); });
  return out;
}

Result<Op> decode_op(std::string_view bytes) {
  try {
    wire::WireReader reader(bytes);
    if (reader.u8("op archive flag") != 1) {
      wire::fail(ErrorCode::kMalformed, "op: not a little-endian portable-binary archive");
    }
    Op op;
    wire::read_op(reader, op);
    reader.expect_end("op");
    return op;
  } catch (const wire::WireError& e) {
    return make_error(e.code(), e.message());
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kMalformed, std::string("op: ") + e.what());
  }
}

}  // namespace tally::engine
