// Error and Result<T>: how every TallySync component reports failure.
//
// Modelled on LevelDB's Status and LiteCore's C4Error: an error has a domain, a stable
// numeric code (also sent on the wire and returned by the C API), a human message, and a
// `transient` flag telling the caller whether retrying later may succeed. Public APIs
// return Result<T> instead of throwing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tally {

// Where an error comes from; lets a caller route or display errors without parsing codes.
enum class ErrorDomain : std::uint8_t {
  kDefinition = 1,  // election definition loading / checking
  kSchema = 2,      // form schema and check expressions
  kRecord = 3,      // station record values
  kSync = 4,        // operations and merge
  kWire = 5,        // message encoding / decoding
  kAudit = 6,       // audit chain and signatures
  kAuth = 7,        // identity, enrolment, roles
  kStore = 8,       // local or server storage
  kNetwork = 9,     // connections, TLS, timeouts
  kLimit = 10,      // rate, size and connection limits
  kInternal = 11,
};

// Stable error codes. Values never change once released: they travel on the wire, in
// the C API and in tool exit messages. Grouped by hundreds per domain.
enum class ErrorCode : std::uint16_t {
  kOk = 0,
  // 100s: definition
  kDefinitionParse = 100,
  kDefinitionInvalid = 101,
  kDuplicateId = 102,
  kUnknownId = 103,
  kSeatsOutOfRange = 104,
  kTooFewCandidates = 105,
  kStationUnitMismatch = 106,
  kRoundInvalid = 107,  // a second-round unit that breaks Art. 79 / 80 or its first round
  // The second round cannot open yet: its units have unreported stations or open conflicts.
  kRoundNotReady = 108,
  // 200s: schema
  kSchemaParse = 200,
  kSchemaInvalid = 201,
  kExpressionSyntax = 202,
  kExpressionType = 203,
  kExpressionEval = 204,
  // 300s: record values
  kUnknownForm = 300,
  kUnknownField = 301,
  kWrongValueType = 302,
  kNegativeCount = 303,
  kValueTooLarge = 304,
  kRecordsParse = 305,    // a records file (docs/formats.md) is not well-formed JSON
  kRecordsInvalid = 306,  // a records file breaks its format (member, type, duplicate form)
  // 400s: sync
  kCounterGap = 400,
  kEquivocation = 401,
  kBadContext = 402,
  kCursorFromFuture = 403,
  kServerForgotAckedOps = 404,
  // 500s: wire
  kFrameTooLarge = 500,
  kTruncated = 501,
  kBadLength = 502,
  kUnknownMessageType = 503,
  kUnsupportedVersion = 504,
  kTrailingBytes = 505,
  kMalformed = 506,
  kUnexpectedMessage = 507,
  // 600s: audit
  kChainBroken = 600,
  kBadSignature = 601,
  kTallyMismatch = 602,
  kProofFailed = 603,      // a Merkle proof does not verify against a signed tree head
  kLogInconsistent = 604,  // two signed tree heads the log cannot both extend (rewritten or split)
  // 700s: auth
  kNotAuthenticated = 700,
  kUnknownDevice = 701,
  kForbidden = 702,
  kEnrolmentCodeInvalid = 703,
  kReplayedHello = 704,
  kDeviceRevoked = 705,  // the operator revoked this device: it may not say Hello again
  // The console's logins (docs/security.md, "Console logins").
  kBadCredentials = 706,    // unknown name, wrong password or disabled account: one answer
  kSessionExpired = 707,    // the session cookie's session ended (idle, lifetime, logout)
  kCsrfTokenInvalid = 708,  // a cookie-authenticated write without its session's X-CSRF-Token
  // An adjudication decided on a form that changed since the supervisor saw it.
  kStaleAdjudication = 709,
  kAccountExists = 710,  // an account of that name exists (disabled ones too)
  // 800s: store
  kIoError = 800,
  kStorageFull = 801,
  kCorruption = 802,
  kNotFound = 803,
  kBusy = 804,
  kNotARegularFile = 805,  // an input file that is a directory, FIFO, device or socket
  // 900s: network
  kConnectionFailed = 900,
  kConnectionLost = 901,
  kTimeout = 902,
  kTlsError = 903,
  kProtocolError = 904,
  // 1000s: limits
  kBatchTooLarge = 1000,
  kRateLimited = 1001,
  kTooManyConnections = 1002,
  kSlowConsumer = 1003,
  kFileTooLarge = 1004,  // an input file above its read bound (tally/files/read_file.hpp)
  // 1100s: internal
  kInternal = 1100,
  kInvalidArgument = 1101,
};

// The code's name in words ("counter gap"; "unknown error" for a value not in ErrorCode),
// as tally_errstr() gives it to C callers.
const char* error_name(ErrorCode code);

// The domain of `code`: its hundreds group (100s definition ... 1100s internal). Codes are
// grouped by domain, so the domain is derived, never chosen, and the two always agree.
constexpr ErrorDomain domain_of(ErrorCode code) {
  const auto hundred = static_cast<unsigned>(code) / 100;
  if (hundred >= static_cast<unsigned>(ErrorDomain::kDefinition) &&
      hundred <= static_cast<unsigned>(ErrorDomain::kInternal)) {
    return static_cast<ErrorDomain>(hundred);
  }
  return ErrorDomain::kInternal;
}

// A failure: what went wrong, where, and whether trying again later may help.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  bool transient = false;

  // Where the error comes from: the hundreds group of its code.
  [[nodiscard]] ErrorDomain domain() const { return domain_of(code); }

  // "E<code> <message>", the form tools print on stderr.
  [[nodiscard]] std::string to_string() const {
    // Appended, not concatenated: g++ 12 at -O3 reports a false -Wrestrict on the chain of
    // operator+ (GCC bug 105329), which would break an app built with -Werror.
    std::string text = "E";
    text += std::to_string(static_cast<unsigned>(code));
    text += ' ';
    text += message;
    return text;
  }
};

inline Error make_error(ErrorCode code, std::string message, bool transient = false) {
  return Error{code, std::move(message), transient};
}

// Either a value or an Error. Small on purpose: ok(), value(), error(), and moves.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation that yields nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  [[nodiscard]] bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace tally
