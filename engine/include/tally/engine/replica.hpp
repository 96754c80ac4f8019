// A replica: the merged state of many forms, as the server or a device holds them in
// memory.
//
// apply() routes an op to its form (created on first use), merges it, and says what
// changed so that the caller can update tallies and push changes incrementally. History
// is kept apart (form_history.hpp): the server builds it from its op log, which records
// each op's receive time, when someone asks for a form's story.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>

#include "tally/engine/form_state.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// Hash of a FormId, for unordered containers keyed by form.
struct FormIdHash {
  std::size_t operator()(const FormId& form) const noexcept {
    const std::size_t station = std::hash<std::string>{}(form.station_id);
    const std::size_t unit = std::hash<std::string>{}(form.unit_id);
    return station ^ (unit + 0x9e3779b97f4a7c15ULL + (station << 6) + (station >> 2));
  }
};

// Many forms' merge state.
class Replica {
 public:
  // Applies `op` to its form. Refuses malformed ops (check_op_shape) without changing
  // anything, so a refused op never creates a form.
  Result<ApplyResult> apply(const Op& op);

  // The form's state, or nullptr if no op for it was applied.
  [[nodiscard]] const FormState* state(const FormId& form) const;
  [[nodiscard]] std::size_t size() const { return forms_.size(); }
  // Every form, unordered (iterate and sort by id where order matters).
  [[nodiscard]] const std::unordered_map<FormId, FormState, FormIdHash>& forms() const {
    return forms_;
  }
  // The dots of every op applied to any form. Device counters run across all of a
  // device's forms, so one form's version vector has gaps where the device edited other
  // forms; this vector stays a contiguous prefix per device under in-order delivery. A
  // device may send it as an op's context instead of the form's vector: the extra dots
  // belong to other forms and never touch this form's registers (docs/sync-model.md).
  [[nodiscard]] const VersionVector& version_vector() const { return applied_; }

 private:
  std::unordered_map<FormId, FormState, FormIdHash> forms_;
  DotSet applied_;
};

}  // namespace tally::engine
