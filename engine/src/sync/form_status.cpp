#include "tally/engine/form_status.hpp"

#include <variant>

#include "tally/engine/hex.hpp"
#include "tally/engine/record_hash.hpp"

namespace tally::engine {

FormStatus form_status(const FormState& state, const CheckFailures& failures_of_record) {
  FormStatus status;
  const Register* submission = state.find(kSubmissionPath);
  if (submission == nullptr || submission->siblings.empty()) return status;

  const OpValue* submitted = submission->agreed_value();
  if (submitted != nullptr && std::holds_alternative<Cleared>(*submitted)) return status;

  status.stage = FormStage::kFlagged;
  if (submitted == nullptr) status.reasons.push_back({FlagKind::kConflictingSubmissions, {}});
  for (const auto& [path, reg] : state.registers()) {
    if (path != kSubmissionPath && reg.in_conflict()) {
      status.reasons.push_back({FlagKind::kConflictingField, path});
    }
  }
  if (submitted != nullptr &&
      std::get<std::string>(*submitted) != to_hex(record_values_hash(state.record()))) {
    status.reasons.push_back({FlagKind::kValuesChangedSinceSubmission, {}});
  }
  for (const CheckFailure& failure : failures_of_record) {
    if (failure.severity == Severity::kError) {
      status.reasons.push_back({FlagKind::kFailedCheck, failure.check_id});
    }
  }
  if (status.reasons.empty()) status.stage = FormStage::kAccepted;
  return status;
}

std::string_view to_string(FormStage stage) {
  switch (stage) {
    case FormStage::kDraft:
      return "draft";
    case FormStage::kAccepted:
      return "accepted";
    case FormStage::kFlagged:
      return "flagged";
  }
  return "unknown";
}

std::string_view to_string(FlagKind kind) {
  switch (kind) {
    case FlagKind::kConflictingField:
      return "conflicting_field";
    case FlagKind::kConflictingSubmissions:
      return "conflicting_submissions";
    case FlagKind::kValuesChangedSinceSubmission:
      return "values_changed_since_submission";
    case FlagKind::kFailedCheck:
      return "failed_check";
  }
  return "unknown";
}

}  // namespace tally::engine
