#include "tally/error.hpp"

namespace tally {

// A switch without a default: a code added to ErrorCode without a name here is a warning
// (an error under -Werror).
const char* error_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kDefinitionParse:
      return "definition parse";
    case ErrorCode::kDefinitionInvalid:
      return "definition invalid";
    case ErrorCode::kDuplicateId:
      return "duplicate id";
    case ErrorCode::kUnknownId:
      return "unknown id";
    case ErrorCode::kSeatsOutOfRange:
      return "seats out of range";
    case ErrorCode::kTooFewCandidates:
      return "too few candidates";
    case ErrorCode::kStationUnitMismatch:
      return "station unit mismatch";
    case ErrorCode::kRoundInvalid:
      return "round invalid";
    case ErrorCode::kRoundNotReady:
      return "round not ready";
    case ErrorCode::kSchemaParse:
      return "schema parse";
    case ErrorCode::kSchemaInvalid:
      return "schema invalid";
    case ErrorCode::kExpressionSyntax:
      return "expression syntax";
    case ErrorCode::kExpressionType:
      return "expression type";
    case ErrorCode::kExpressionEval:
      return "expression eval";
    case ErrorCode::kUnknownForm:
      return "unknown form";
    case ErrorCode::kUnknownField:
      return "unknown field";
    case ErrorCode::kWrongValueType:
      return "wrong value type";
    case ErrorCode::kNegativeCount:
      return "negative count";
    case ErrorCode::kValueTooLarge:
      return "value too large";
    case ErrorCode::kRecordsParse:
      return "records parse";
    case ErrorCode::kRecordsInvalid:
      return "records invalid";
    case ErrorCode::kCounterGap:
      return "counter gap";
    case ErrorCode::kEquivocation:
      return "equivocation";
    case ErrorCode::kBadContext:
      return "bad context";
    case ErrorCode::kCursorFromFuture:
      return "cursor from future";
    case ErrorCode::kServerForgotAckedOps:
      return "server forgot acked ops";
    case ErrorCode::kFrameTooLarge:
      return "frame too large";
    case ErrorCode::kTruncated:
      return "truncated";
    case ErrorCode::kBadLength:
      return "bad length";
    case ErrorCode::kUnknownMessageType:
      return "unknown message type";
    case ErrorCode::kUnsupportedVersion:
      return "unsupported version";
    case ErrorCode::kTrailingBytes:
      return "trailing bytes";
    case ErrorCode::kMalformed:
      return "malformed";
    case ErrorCode::kUnexpectedMessage:
      return "unexpected message";
    case ErrorCode::kChainBroken:
      return "chain broken";
    case ErrorCode::kBadSignature:
      return "bad signature";
    case ErrorCode::kTallyMismatch:
      return "tally mismatch";
    case ErrorCode::kProofFailed:
      return "proof failed";
    case ErrorCode::kLogInconsistent:
      return "log inconsistent";
    case ErrorCode::kNotAuthenticated:
      return "not authenticated";
    case ErrorCode::kUnknownDevice:
      return "unknown device";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kEnrolmentCodeInvalid:
      return "enrolment code invalid";
    case ErrorCode::kReplayedHello:
      return "replayed hello";
    case ErrorCode::kDeviceRevoked:
      return "device revoked";
    case ErrorCode::kBadCredentials:
      return "bad credentials";
    case ErrorCode::kSessionExpired:
      return "session expired";
    case ErrorCode::kCsrfTokenInvalid:
      return "csrf token invalid";
    case ErrorCode::kStaleAdjudication:
      return "stale adjudication";
    case ErrorCode::kAccountExists:
      return "account exists";
    case ErrorCode::kIoError:
      return "io error";
    case ErrorCode::kStorageFull:
      return "storage full";
    case ErrorCode::kCorruption:
      return "corruption";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kBusy:
      return "busy";
    case ErrorCode::kNotARegularFile:
      return "not a regular file";
    case ErrorCode::kConnectionFailed:
      return "connection failed";
    case ErrorCode::kConnectionLost:
      return "connection lost";
    case ErrorCode::kTimeout:
      return "timeout";
    case ErrorCode::kTlsError:
      return "tls error";
    case ErrorCode::kProtocolError:
      return "protocol error";
    case ErrorCode::kBatchTooLarge:
      return "batch too large";
    case ErrorCode::kRateLimited:
      return "rate limited";
    case ErrorCode::kTooManyConnections:
      return "too many connections";
    case ErrorCode::kSlowConsumer:
      return "slow consumer";
    case ErrorCode::kFileTooLarge:
      return "file too large";
    case ErrorCode::kInternal:
      return "internal";
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
  }
  return "unknown error";
}

}  // namespace tally
