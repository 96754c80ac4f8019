// The outcome of checking a record against its form schema.
//
// Produced by validation (form_schema.hpp), consumed by the form lifecycle (a failed
// error-level check flags a submitted record), the server, the client and the exports.
#pragma once

#include <string>
#include <vector>

namespace tally::engine {

// Errors flag the record; warnings are shown but do not stop acceptance
// (e.g. received ≠ voted: a voter may leave without casting).
enum class Severity : unsigned char { kError, kWarning };

// One check that did not hold.
struct CheckFailure {
  std::string check_id;     // the check's id in the schema, e.g. "valid_plus_invalid"
  Severity severity = Severity::kError;
  std::string message;      // human text with the actual numbers
  bool operator==(const CheckFailure&) const = default;
};

using CheckFailures = std::vector<CheckFailure>;

// True if any failure is an error (not a warning).
inline bool has_errors(const CheckFailures& failures) {
  for (const auto& failure : failures) {
    if (failure.severity == Severity::kError) return true;
  }
  return false;
}

}  // namespace tally::engine
