// The C header's error constants and version against the C++ table and the CMake project.
#include <gtest/gtest.h>

#include <string>

#include "tally/error.hpp"
#include "tally/tally_c.h"

namespace tally {
namespace {

// No default: -Wswitch flags a C++ code without its C constant; -1 for a non-code.
int c_constant(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return TALLY_E_OK;
    case ErrorCode::kDefinitionParse:
      return TALLY_E_DEFINITION_PARSE;
    case ErrorCode::kDefinitionInvalid:
      return TALLY_E_DEFINITION_INVALID;
    case ErrorCode::kDuplicateId:
      return TALLY_E_DUPLICATE_ID;
    case ErrorCode::kUnknownId:
      return TALLY_E_UNKNOWN_ID;
    case ErrorCode::kSeatsOutOfRange:
      return TALLY_E_SEATS_OUT_OF_RANGE;
    case ErrorCode::kTooFewCandidates:
      return TALLY_E_TOO_FEW_CANDIDATES;
    case ErrorCode::kStationUnitMismatch:
      return TALLY_E_STATION_UNIT_MISMATCH;
    case ErrorCode::kRoundInvalid:
      return TALLY_E_ROUND_INVALID;
    case ErrorCode::kRoundNotReady:
      return TALLY_E_ROUND_NOT_READY;
    case ErrorCode::kSchemaParse:
      return TALLY_E_SCHEMA_PARSE;
    case ErrorCode::kSchemaInvalid:
      return TALLY_E_SCHEMA_INVALID;
    case ErrorCode::kExpressionSyntax:
      return TALLY_E_EXPRESSION_SYNTAX;
    case ErrorCode::kExpressionType:
      return TALLY_E_EXPRESSION_TYPE;
    case ErrorCode::kExpressionEval:
      return TALLY_E_EXPRESSION_EVAL;
    case ErrorCode::kUnknownForm:
      return TALLY_E_UNKNOWN_FORM;
    case ErrorCode::kUnknownField:
      return TALLY_E_UNKNOWN_FIELD;
    case ErrorCode::kWrongValueType:
      return TALLY_E_WRONG_VALUE_TYPE;
    case ErrorCode::kNegativeCount:
      return TALLY_E_NEGATIVE_COUNT;
    case ErrorCode::kValueTooLarge:
      return TALLY_E_VALUE_TOO_LARGE;
    case ErrorCode::kRecordsParse:
      return TALLY_E_RECORDS_PARSE;
    case ErrorCode::kRecordsInvalid:
      return TALLY_E_RECORDS_INVALID;
    case ErrorCode::kCounterGap:
      return TALLY_E_COUNTER_GAP;
    case ErrorCode::kEquivocation:
      return TALLY_E_EQUIVOCATION;
    case ErrorCode::kBadContext:
      return TALLY_E_BAD_CONTEXT;
    case ErrorCode::kCursorFromFuture:
      return TALLY_E_CURSOR_FROM_FUTURE;
    case ErrorCode::kServerForgotAckedOps:
      return TALLY_E_SERVER_FORGOT_ACKED_OPS;
    case ErrorCode::kFrameTooLarge:
      return TALLY_E_FRAME_TOO_LARGE;
    case ErrorCode::kTruncated:
      return TALLY_E_TRUNCATED;
    case ErrorCode::kBadLength:
      return TALLY_E_BAD_LENGTH;
    case ErrorCode::kUnknownMessageType:
      return TALLY_E_UNKNOWN_MESSAGE_TYPE;
    case ErrorCode::kUnsupportedVersion:
      return TALLY_E_UNSUPPORTED_VERSION;
    case ErrorCode::kTrailingBytes:
      return TALLY_E_TRAILING_BYTES;
    case ErrorCode::kMalformed:
      return TALLY_E_MALFORMED;
    case ErrorCode::kUnexpectedMessage:
      return TALLY_E_UNEXPECTED_MESSAGE;
    case ErrorCode::kChainBroken:
      return TALLY_E_CHAIN_BROKEN;
    case ErrorCode::kBadSignature:
      return TALLY_E_BAD_SIGNATURE;
    case ErrorCode::kTallyMismatch:
      return TALLY_E_TALLY_MISMATCH;
    case ErrorCode::kProofFailed:
      return TALLY_E_PROOF_FAILED;
    case ErrorCode::kLogInconsistent:
      return TALLY_E_LOG_INCONSISTENT;
    case ErrorCode::kNotAuthenticated:
      return TALLY_E_NOT_AUTHENTICATED;
    case ErrorCode::kUnknownDevice:
      return TALLY_E_UNKNOWN_DEVICE;
    case ErrorCode::kForbidden:
      return TALLY_E_FORBIDDEN;
    case ErrorCode::kEnrolmentCodeInvalid:
      return TALLY_E_ENROLMENT_CODE_INVALID;
    case ErrorCode::kReplayedHello:
      return TALLY_E_REPLAYED_HELLO;
    case ErrorCode::kDeviceRevoked:
      return TALLY_E_DEVICE_REVOKED;
    case ErrorCode::kBadCredentials:
      return TALLY_E_BAD_CREDENTIALS;
    case ErrorCode::kSessionExpired:
      return TALLY_E_SESSION_EXPIRED;
    case ErrorCode::kCsrfTokenInvalid:
      return TALLY_E_CSRF_TOKEN_INVALID;
    case ErrorCode::kStaleAdjudication:
      return TALLY_E_STALE_ADJUDICATION;
    case ErrorCode::kAccountExists:
      return TALLY_E_ACCOUNT_EXISTS;
    case ErrorCode::kIoError:
      return TALLY_E_IO_ERROR;
    case ErrorCode::kStorageFull:
      return TALLY_E_STORAGE_FULL;
    case ErrorCode::kCorruption:
      return TALLY_E_CORRUPTION;
    case ErrorCode::kNotFound:
      return TALLY_E_NOT_FOUND;
    case ErrorCode::kBusy:
      return TALLY_E_BUSY;
    case ErrorCode::kNotARegularFile:
      return TALLY_E_NOT_A_REGULAR_FILE;
    case ErrorCode::kConnectionFailed:
      return TALLY_E_CONNECTION_FAILED;
    case ErrorCode::kConnectionLost:
      return TALLY_E_CONNECTION_LOST;
    case ErrorCode::kTimeout:
      return TALLY_E_TIMEOUT;
    case ErrorCode::kTlsError:
      return TALLY_E_TLS_ERROR;
    case ErrorCode::kProtocolError:
      return TALLY_E_PROTOCOL_ERROR;
    case ErrorCode::kBatchTooLarge:
      return TALLY_E_BATCH_TOO_LARGE;
    case ErrorCode::kRateLimited:
      return TALLY_E_RATE_LIMITED;
    case ErrorCode::kTooManyConnections:
      return TALLY_E_TOO_MANY_CONNECTIONS;
    case ErrorCode::kSlowConsumer:
      return TALLY_E_SLOW_CONSUMER;
    case ErrorCode::kFileTooLarge:
      return TALLY_E_FILE_TOO_LARGE;
    case ErrorCode::kInternal:
      return TALLY_E_INTERNAL;
    case ErrorCode::kInvalidArgument:
      return TALLY_E_INVALID_ARGUMENT;
  }
  return -1;
}

TEST(CApiConstantsTest, EveryErrorConstantEqualsItsCppCode) {
  for (int value = 0; value < 1200; ++value) {
    const int constant = c_constant(static_cast<ErrorCode>(value));
    if (constant == -1) continue;
    EXPECT_EQ(constant, value);
    EXPECT_STRNE(tally_errstr(value), "unknown error") << value;
  }
  EXPECT_STREQ(tally_errstr(TALLY_E_CONNECTION_LOST), "connection lost");
  EXPECT_STREQ(tally_errstr(99999), "unknown error");
}

TEST(CApiConstantsTest, VersionMacroMatchesTheProjectAndTheLibrary) {
  EXPECT_STREQ(TALLY_VERSION_STRING, TALLY_PROJECT_VERSION);
  EXPECT_STREQ(tally_version(), TALLY_VERSION_STRING);
}

}  // namespace
}  // namespace tally
