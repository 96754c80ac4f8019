// Internal: the body of every wire message inside a portable-binary archive, fields in the
// order of docs/protocol.md. Templates on the archive: messages.cpp encodes with
// PortableBinaryWriter; the tests also run them through cereal's
// PortableBinaryOutputArchive to prove the bytes are cereal's.
#pragma once

#include <cstdint>
#include <variant>

#include "tally/engine/messages.hpp"
#include "wire/op_fields.hpp"

namespace tally::engine::wire {

template <typename Ar>
void write_fields(Ar& ar, const ChallengeMessage& m) {
  put_string(ar, m.server_id);
  put_bytes(ar, m.nonce);
}
template <typename Ar>
void write_fields(Ar& ar, const HelloMessage& m) {
  ar(m.protocol_version);
  put_string(ar, m.device_id);
  put_bytes(ar, m.signature);
}
template <typename Ar>
void write_fields(Ar& ar, const EnrolMessage& m) {
  put_string(ar, m.code);
  put_bytes(ar, m.device_key);
  put_string(ar, m.label);
}
template <typename Ar>
void write_fields(Ar& ar, const EnrolledMessage& m) {
  put_string(ar, m.device_id);
  put_string(ar, m.station_id);
  ar(static_cast<std::uint8_t>(m.role));
}
template <typename Ar>
void write_fields(Ar& ar, const WelcomeMessage& m) {
  put_string(ar, m.server_id);
  ar(static_cast<std::uint8_t>(m.role));
  put_string(ar, m.station_id);
  ar(m.acked_counter, m.log_index);
  put_bytes(ar, m.audit_head);
  put_string(ar, m.election_json);
  put_string(ar, m.form_schema_json);
}
template <typename Ar>
void write_fields(Ar& ar, const ErrorMessage& m) {
  ar(static_cast<std::uint16_t>(m.code));
  put_string(ar, m.message);
  ar(m.transient);
}
template <typename Ar>
void write_fields(Ar& ar, const UploadBatchMessage& m) {
  put_size(ar, m.ops.size());
  for (const Op& op : m.ops) write_op(ar, op);
}
template <typename Ar>
void write_fields(Ar& ar, const AckMessage& m) {
  put_string(ar, m.device);
  ar(m.acked_counter, m.log_index);
  put_bytes(ar, m.audit_head);
}
template <typename Ar>
void write_fields(Ar& ar, const DownloadRequestMessage& m) {
  ar(m.cursor);
}
template <typename Ar>
void write_fields(Ar& ar, const PushedOpsMessage& m) {
  put_size(ar, m.entries.size());
  for (const LogOp& entry : m.entries) {
    ar(entry.log_index);
    write_op(ar, entry.op);
  }
  ar(m.next_cursor, m.up_to_date);
}
template <typename Ar>
void write_fields(Ar& ar, const SubmissionReceiptMessage& m) {
  put_string(ar, m.form.station_id);
  put_string(ar, m.form.unit_id);
  put_string(ar, m.dot.device);
  ar(m.dot.counter, m.log_index);
  put_bytes(ar, m.audit_head);
  put_bytes(ar, m.signature);
}
template <typename Ar>
void write_fields(Ar&, const HeadRequestMessage&) {}
template <typename Ar>
void write_fields(Ar& ar, const SignedHeadMessage& m) {
  ar(m.head.log_index);
  put_bytes(ar, m.head.head);
  put_bytes(ar, m.head.signature);
}

// Writes the fields of whichever message `message` holds (not its frame header).
template <typename Ar>
void write_body(Ar& ar, const Message& message) {
  std::visit([&ar](const auto& m) { write_fields(ar, m); }, message);
}

}  // namespace tally::engine::wire
