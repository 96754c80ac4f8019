// The sync protocol's messages and their frames (docs/protocol.md).
//
// A frame is [protocol version u8 = 1][message type u8][cereal portable-binary body].
// The server and the client library encode with encode() and decode every frame they
// receive with decode(), which is hardened against hostile input: it never throws,
// never allocates more than the frame's own size suggests, and returns a kWire error
// code for every way a frame can be wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tally/engine/audit_chain.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/op.hpp"
#include "tally/engine/signing.hpp"
#include "tally/engine/wire_limits.hpp"
#include "tally/error.hpp"

namespace tally::engine {

inline constexpr std::uint8_t kProtocolVersion = 1;

// The message type byte of a frame.
enum class MessageType : std::uint8_t {
  kChallenge = 1,
  kHello = 2,
  kEnrol = 3,
  kEnrolled = 4,
  kWelcome = 5,
  kError = 6,
  kUploadBatch = 7,
  kAck = 8,
  kDownloadRequest = 9,
  kPushedOps = 10,
  kSubmissionReceipt = 11,
  kHeadRequest = 12,
  kSignedHead = 13,
};

// What a connected device may do (DESIGN.md, "Security").
enum class Role : std::uint8_t {
  kOfficer = 1,     // enters its own station's forms
  kSupervisor = 2,  // adjudicates conflicts
  kAuditor = 3,     // reads
  kOperator = 4,    // runs the server, enrols devices
};

// Server → device, first message on a connection: who the server is and a fresh nonce
// the device must sign.
struct ChallengeMessage {
  static constexpr MessageType kType = MessageType::kChallenge;
  std::string server_id;
  Nonce nonce{};
  bool operator==(const ChallengeMessage&) const = default;
};

// Device → server: identifies an enrolled device; `signature` is over
// hello_signing_bytes(server_id, nonce, device_id) with the device's key.
struct HelloMessage {
  static constexpr MessageType kType = MessageType::kHello;
  std::uint8_t protocol_version = kProtocolVersion;
  std::string device_id;
  Ed25519Signature signature{};
  bool operator==(const HelloMessage&) const = default;
};

// Device → server, instead of Hello: enrols a new device with a one-time code.
struct EnrolMessage {
  static constexpr MessageType kType = MessageType::kEnrol;
  std::string code;
  Ed25519PublicKey device_key{};
  std::string label;
  bool operator==(const EnrolMessage&) const = default;
};

// Server → device: enrolment accepted; the device then reconnects and says Hello.
struct EnrolledMessage {
  static constexpr MessageType kType = MessageType::kEnrolled;
  std::string device_id;
  std::string station_id;
  Role role = Role::kOfficer;
  bool operator==(const EnrolledMessage&) const = default;
};

// Server → device after a valid Hello: the device's scope, where its upload stands, and
// the reference data it needs.
struct WelcomeMessage {
  static constexpr MessageType kType = MessageType::kWelcome;
  std::string server_id;
  Role role = Role::kOfficer;
  std::string station_id;            // empty for non-officers
  std::uint64_t acked_counter = 0;   // highest contiguous counter stored for this device
  std::uint64_t log_index = 0;
  Sha256Digest audit_head{};
  std::string election_json;         // election definition (the device's scope)
  std::string form_schema_json;      // form schema
  bool operator==(const WelcomeMessage&) const = default;
};

// Either side: a failure; the sender closes the connection after a non-transient one.
struct ErrorMessage {
  static constexpr MessageType kType = MessageType::kError;
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  bool transient = false;
  bool operator==(const ErrorMessage&) const = default;
};

// Device → server: unacknowledged ops in counter order.
struct UploadBatchMessage {
  static constexpr MessageType kType = MessageType::kUploadBatch;
  std::vector<Op> ops;
  bool operator==(const UploadBatchMessage&) const = default;
};

// Server → device: the device's ops through `acked_counter` are durable.
struct AckMessage {
  static constexpr MessageType kType = MessageType::kAck;
  std::string device;
  std::uint64_t acked_counter = 0;
  std::uint64_t log_index = 0;
  Sha256Digest audit_head{};
  bool operator==(const AckMessage&) const = default;
};

// Device → server: send the ops in my scope after log index `cursor`.
struct DownloadRequestMessage {
  static constexpr MessageType kType = MessageType::kDownloadRequest;
  std::uint64_t cursor = 0;
  bool operator==(const DownloadRequestMessage&) const = default;
};

// One op of the server's log, with its index.
struct LogOp {
  std::uint64_t log_index = 0;
  Op op;
  bool operator==(const LogOp&) const = default;
};

// Server → device: ops after the cursor, in log order.
struct PushedOpsMessage {
  static constexpr MessageType kType = MessageType::kPushedOps;
  std::vector<LogOp> entries;
  std::uint64_t next_cursor = 0;
  bool up_to_date = false;  // no more ops in scope after next_cursor for now
  bool operator==(const PushedOpsMessage&) const = default;
};

// Server → device: the submission `dot` of `form` is in the log at `log_index`;
// `signature` is over receipt_signing_bytes(form, dot, log_index, audit_head).
struct SubmissionReceiptMessage {
  static constexpr MessageType kType = MessageType::kSubmissionReceipt;
  FormId form;
  Dot dot;
  std::uint64_t log_index = 0;
  Sha256Digest audit_head{};
  Ed25519Signature signature{};
  bool operator==(const SubmissionReceiptMessage&) const = default;
};

// Device → server: send me a SignedHead of the current log.
struct HeadRequestMessage {
  static constexpr MessageType kType = MessageType::kHeadRequest;
  bool operator==(const HeadRequestMessage&) const = default;
};

// Server → device: a signed audit head (audit_chain.hpp), on request or at intervals.
struct SignedHeadMessage {
  static constexpr MessageType kType = MessageType::kSignedHead;
  SignedHead head;
  bool operator==(const SignedHeadMessage&) const = default;
};

using Message =
    std::variant<ChallengeMessage, HelloMessage, EnrolMessage, EnrolledMessage, WelcomeMessage,
                 ErrorMessage, UploadBatchMessage, AckMessage, DownloadRequestMessage,
                 PushedOpsMessage, SubmissionReceiptMessage, HeadRequestMessage,
                 SignedHeadMessage>;

// Limits a decoder enforces beyond the fixed per-field limits of docs/protocol.md.
struct DecodeLimits {
  std::size_t max_frame_bytes = std::size_t{1} << 20;  // checked before anything else
  std::size_t max_ops = 10'000;                        // ops in one UploadBatch / PushedOps
};

// Per-field limits (bytes) of the messages and their ops: wire_limits.hpp.

// The frame of `message`.
std::string encode(const Message& message);

// The type of a message, for logs and dispatch.
MessageType message_type(const Message& message);

// Decodes one frame. Errors (domain kWire): kFrameTooLarge, kUnsupportedVersion,
// kUnknownMessageType, kTruncated (a fixed-size field runs past the end), kBadLength (a
// length or count exceeds its limit or the bytes that remain), kMalformed (a value out of
// range or not canonical), kTrailingBytes. Never throws.
Result<Message> decode(std::string_view frame, const DecodeLimits& limits = {});

}  // namespace tally::engine
