// A form's lifecycle, computed from its merged state alone: draft, accepted, or flagged
// with reasons. Deterministic from the state, so replicas agree on it as they agree on
// the state.
//
// Used by the server (which records count towards the tally), the client (what the
// officer sees), the dashboard and the exports. Rules in docs/sync-model.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/check_result.hpp"
#include "tally/engine/form_state.hpp"

namespace tally::engine {

enum class FormStage : std::uint8_t {
  kDraft,     // no live submission (never submitted, or withdrawn)
  kAccepted,  // one live submission of exactly the current values, no conflict, checks pass
  kFlagged,   // submitted, but something needs a supervisor: see the reasons
};

// Why a submitted form is flagged.
enum class FlagKind : std::uint8_t {
  kConflictingField,        // detail: the field path
  kConflictingSubmissions,  // concurrent submissions of different values, or submit vs withdraw
  kValuesChangedSinceSubmission,  // the record no longer hashes to the submitted hash
  kFailedCheck,             // detail: the failed check's id
};

struct FlagReason {
  FlagKind kind = FlagKind::kConflictingField;
  std::string detail;
  bool operator==(const FlagReason&) const = default;
};

// The lifecycle stage and, when flagged, every reason (in the order: conflicting
// submissions, conflicting fields by path, changed values, failed checks).
struct FormStatus {
  FormStage stage = FormStage::kDraft;
  std::vector<FlagReason> reasons;
  bool operator==(const FormStatus&) const = default;
};

// The form's stage. `failures_of_record` are the schema check failures of
// state.record(); only error-level failures flag the form.
FormStatus form_status(const FormState& state, const CheckFailures& failures_of_record);

// Stable lower-case names for exports and logs: "draft", "accepted", "flagged";
// "conflicting_field", "conflicting_submissions", "values_changed_since_submission",
// "failed_check".
std::string_view to_string(FormStage stage);
std::string_view to_string(FlagKind kind);

}  // namespace tally::engine
