// A replica: the merged state and history of many forms, as the server or a device
// holds them in memory.
//
// apply() routes an op to its form (created on first use), merges it and records it in
// the form's history, and says what changed so that the caller can update tallies and
// push changes incrementally. Pure: the receive time is handed in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include "tally/engine/form_history.hpp"
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

class Replica {
 public:
  // One form's merge state and, apart from it, its history.
  struct Form {
    FormState state;
    FormHistory history;
  };

  // Applies `op` to its form. `received_wall_ms` is this replica's wall clock when the op
  // arrived; the skew against the op's HLC goes into the history. Refuses malformed ops
  // (check_op_shape) without changing anything.
  Result<ApplyResult> apply(const Op& op, std::uint64_t received_wall_ms);

  // The form's state or history, or nullptr if no op for it was applied.
  [[nodiscard]] const FormState* state(const FormId& form) const;
  [[nodiscard]] const FormHistory* history(const FormId& form) const;
  [[nodiscard]] std::size_t size() const { return forms_.size(); }
  // Every form, unordered (iterate and sort by id where order matters).
  [[nodiscard]] const std::unordered_map<FormId, Form, FormIdHash>& forms() const {
    return forms_;
  }

 private:
  std::unordered_map<FormId, Form, FormIdHash> forms_;
};

}  // namespace tally::engine
