#include "tally/engine/replica.hpp"

#include "tally/engine/hlc.hpp"

namespace tally::engine {

Result<ApplyResult> Replica::apply(const Op& op, std::uint64_t received_wall_ms) {
  if (Status shape = check_op_shape(op); !shape) return std::move(shape).error();
  auto it = forms_.find(op.form);
  if (it == forms_.end()) it = forms_.emplace(op.form, Form{FormState(op.form), {}}).first;
  Form& form = it->second;
  Result<ApplyResult> result = form.state.apply(op);
  if (result.ok() && result->outcome != ApplyOutcome::kDuplicate) {
    form.history.record(op, hlc_skew_ms(op.hlc, received_wall_ms));
  }
  return result;
}

const FormState* Replica::state(const FormId& form) const {
  auto it = forms_.find(form);
  return it == forms_.end() ? nullptr : &it->second.state;
}

const FormHistory* Replica::history(const FormId& form) const {
  auto it = forms_.find(form);
  return it == forms_.end() ? nullptr : &it->second.history;
}

}  // namespace tally::engine
