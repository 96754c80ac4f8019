#include "tally/engine/messages.hpp"

#include <exception>

#include "tally/engine/op_codec.hpp"
#include "wire/message_fields.hpp"
#include "wire/op_fields.hpp"

namespace tally::engine {
namespace {

using wire::fail;
using wire::WireReader;

// ---- Decoding: the mirror image, every length bounded.

Role read_role(WireReader& r, const char* what) {
  std::uint8_t role = r.u8(what);
  if (role < static_cast<std::uint8_t>(Role::kOfficer) ||
      role > static_cast<std::uint8_t>(Role::kOperator)) {
    fail(ErrorCode::kMalformed, std::string(what) + ": unknown role " + std::to_string(role));
  }
  return static_cast<Role>(role);
}

ChallengeMessage read_challenge(WireReader& r) {
  ChallengeMessage m;
  m.server_id = r.string(kMaxIdBytes, "Challenge.server_id");
  r.bytes(m.nonce, "Challenge.nonce");
  return m;
}
HelloMessage read_hello(WireReader& r) {
  HelloMessage m;
  m.protocol_version = r.u8("Hello.protocol_version");
  m.device_id = r.string(kMaxIdBytes, "Hello.device_id");
  r.bytes(m.signature, "Hello.signature");
  return m;
}
EnrolMessage read_enrol(WireReader& r) {
  EnrolMessage m;
  m.code = r.string(kMaxIdBytes, "Enrol.code");
  r.bytes(m.device_key, "Enrol.device_key");
  m.label = r.string(kMaxLabelBytes, "Enrol.label");
  return m;
}
EnrolledMessage read_enrolled(WireReader& r) {
  EnrolledMessage m;
  m.device_id = r.string(kMaxIdBytes, "Enrolled.device_id");
  m.station_id = r.string(kMaxIdBytes, "Enrolled.station_id");
  m.role = read_role(r, "Enrolled.role");
  return m;
}
WelcomeMessage read_welcome(WireReader& r, const DecodeLimits& limits) {
  WelcomeMessage m;
  m.server_id = r.string(kMaxIdBytes, "Welcome.server_id");
  m.role = read_role(r, "Welcome.role");
  m.station_id = r.string(kMaxIdBytes, "Welcome.station_id");
  m.acked_counter = r.u64("Welcome.acked_counter");
  m.log_index = r.u64("Welcome.log_index");
  r.bytes(m.audit_head, "Welcome.audit_head");
  m.election_json = r.string(limits.max_frame_bytes, "Welcome.election_json");
  m.form_schema_json = r.string(limits.max_frame_bytes, "Welcome.form_schema_json");
  return m;
}
ErrorMessage read_error(WireReader& r) {
  ErrorMessage m;
  m.code = static_cast<ErrorCode>(r.u16("Error.code"));
  m.message = r.string(kMaxErrorMessageBytes, "Error.message");
  m.transient = r.boolean("Error.transient");
  return m;
}
UploadBatchMessage read_upload_batch(WireReader& r, const DecodeLimits& limits) {
  UploadBatchMessage m;
  std::size_t count = r.count(limits.max_ops, wire::kMinOpBytes, "UploadBatch.ops");
  m.ops.reserve(count);
  for (std::size_t i = 0; i < count; ++i) wire::read_op(r, m.ops.emplace_back());
  return m;
}
AckMessage read_ack(WireReader& r) {
  AckMessage m;
  m.device = r.string(kMaxDeviceIdBytes, "Ack.device");
  m.acked_counter = r.u64("Ack.acked_counter");
  m.log_index = r.u64("Ack.log_index");
  r.bytes(m.audit_head, "Ack.audit_head");
  return m;
}
DownloadRequestMessage read_download_request(WireReader& r) {
  return DownloadRequestMessage{r.u64("DownloadRequest.cursor")};
}
PushedOpsMessage read_pushed_ops(WireReader& r, const DecodeLimits& limits) {
  PushedOpsMessage m;
  std::size_t count = r.count(limits.max_ops, 8 + wire::kMinOpBytes, "PushedOps.entries");
  m.entries.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    LogOp& entry = m.entries.emplace_back();
    entry.log_index = r.u64("PushedOps.log_index");
    wire::read_op(r, entry.op);
  }
  m.next_cursor = r.u64("PushedOps.next_cursor");
  m.up_to_date = r.boolean("PushedOps.up_to_date");
  return m;
}
SubmissionReceiptMessage read_submission_receipt(WireReader& r) {
  SubmissionReceiptMessage m;
  m.form.station_id = r.string(kMaxFormPartBytes, "SubmissionReceipt.station");
  m.form.unit_id = r.string(kMaxFormPartBytes, "SubmissionReceipt.unit");
  m.dot.device = r.string(kMaxDeviceIdBytes, "SubmissionReceipt.device");
  m.dot.counter = r.u64("SubmissionReceipt.counter");
  m.log_index = r.u64("SubmissionReceipt.log_index");
  r.bytes(m.audit_head, "SubmissionReceipt.audit_head");
  r.bytes(m.signature, "SubmissionReceipt.signature");
  return m;
}
SignedHeadMessage read_signed_head(WireReader& r) {
  SignedHeadMessage m;
  m.head.log_index = r.u64("SignedHead.log_index");
  r.bytes(m.head.head, "SignedHead.head");
  r.bytes(m.head.signature, "SignedHead.signature");
  return m;
}

Message read_body(MessageType type, WireReader& r, const DecodeLimits& limits) {
  switch (type) {
    case MessageType::kChallenge:
      return read_challenge(r);
    case MessageType::kHello:
      return read_hello(r);
    case MessageType::kEnrol:
      return read_enrol(r);
    case MessageType::kEnrolled:
      return read_enrolled(r);
    case MessageType::kWelcome:
      return read_welcome(r, limits);
    case MessageType::kError:
      return read_error(r);
    case MessageType::kUploadBatch:
      return read_upload_batch(r, limits);
    case MessageType::kAck:
      return read_ack(r);
    case MessageType::kDownloadRequest:
      return read_download_request(r);
    case MessageType::kPushedOps:
      return read_pushed_ops(r, limits);
    case MessageType::kSubmissionReceipt:
      return read_submission_receipt(r);
    case MessageType::kHeadRequest:
      return HeadRequestMessage{};
    case MessageType::kSignedHead:
      return read_signed_head(r);
  }
  fail(ErrorCode::kUnknownMessageType,
       "unknown message type " + std::to_string(static_cast<unsigned>(type)));
}

Error wire_error(ErrorCode code, std::string message) {
  return make_error(code, std::move(message));
}

}  // namespace

MessageType message_type(const Message& message) {
  return std::visit([](const auto& m) { return m.kType; }, message);
}

std::string encode(const Message& message) {
  std::string frame;
  frame.push_back(static_cast<char>(kProtocolVersion));
  frame.push_back(static_cast<char>(message_type(message)));
  wire::write_archive(frame, [&](wire::Archive& ar) { wire::write_body(ar, message); });
  return frame;
}

Result<Message> decode(std::string_view frame, const DecodeLimits& limits) {
  if (frame.size() > limits.max_frame_bytes) {
    return wire_error(ErrorCode::kFrameTooLarge, "frame of " + std::to_string(frame.size()) +
                                                     " bytes exceeds the limit of " +
                                                     std::to_string(limits.max_frame_bytes));
  }
  try {
    WireReader r(frame);
    std::uint8_t version = r.u8("frame version");
    if (version != kProtocolVersion) {
      return wire_error(ErrorCode::kUnsupportedVersion,
                        "protocol version " + std::to_string(version) + " is not supported");
    }
    auto type = static_cast<MessageType>(r.u8("frame type"));
    if (type < MessageType::kChallenge || type > MessageType::kSignedHead) {
      return wire_error(ErrorCode::kUnknownMessageType,
                        "unknown message type " + std::to_string(static_cast<unsigned>(type)));
    }
    if (r.u8("archive flag") != 1) {
      fail(ErrorCode::kMalformed, "body is not a little-endian portable-binary archive");
    }
    Message message = read_body(type, r, limits);
    r.expect_end("frame");
    return message;
  } catch (const wire::WireError& e) {
    return wire_error(e.code(), e.message());
  } catch (const std::exception& e) {
    return wire_error(ErrorCode::kMalformed, std::string("decoding a frame: ") + e.what());
  }
}

}  // namespace tally::engine
