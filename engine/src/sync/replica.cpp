#include "tally/engine/replica.hpp"

namespace tally::engine {

Result<ApplyResult> Replica::apply(const Op& op) {
  if (op.kind == OpKind::kOpenRound) {
    // Names no form: only its dot is recorded, so that its author's dots stay contiguous.
    if (Status shape = check_op_shape(op); !shape) return std::move(shape).error();
    if (applied_.contains(op.dot)) return ApplyResult{ApplyOutcome::kDuplicate, 0};
    applied_.add(op.dot);
    return ApplyResult{ApplyOutcome::kApplied, 0};
  }
  auto it = forms_.find(op.form);
  if (it == forms_.end()) {
    // Checked here too so that a refused op creates no form (FormState::apply checks it).
    if (Status shape = check_op_shape(op); !shape) return std::move(shape).error();
    it = forms_.emplace(op.form, FormState(op.form)).first;
  }
  Result<ApplyResult> result = it->second.apply(op);
  if (result.ok() && result->outcome != ApplyOutcome::kDuplicate) applied_.add(op.dot);
  return result;
}

const FormState* Replica::state(const FormId& form) const {
  auto it = forms_.find(form);
  return it == forms_.end() ? nullptr : &it->second;
}

}  // namespace tally::engine
