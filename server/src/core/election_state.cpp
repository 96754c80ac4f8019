#include "core/election_state.hpp"

#include <algorithm>
#include <set>

#include "tally/engine/form_schema.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/sha256.hpp"

namespace tally::server {

ElectionState::ElectionState(const Reference& reference)
    : reference_(reference), tally_(reference.election()) {}

Status ElectionState::apply(const std::vector<engine::Op>& ops) {
  std::map<engine::FormId, QueuedSince> touched;  // by the last op of the batch that changed it
  Status result;
  for (const auto& op : ops) {
    auto applied = replica_.apply(op);
    if (!applied) {
      result = std::move(applied).error();
      break;
    }
    ++ops_applied_;
    if (op.kind == engine::OpKind::kSubmit) submission_index_.try_emplace(op.dot, ops_applied_);
    if (applied->changed()) touched[op.form] = QueuedSince{ops_applied_, op.hlc};
  }
  for (const auto& [form, by] : touched) refresh(form, by);
  return result;
}

std::string ElectionState::form_version(const engine::FormId& form) const {
  const engine::FormState* state = replica_.state(form);
  const std::string encoded = state != nullptr ? engine::encode_form_state(*state)
                                               : engine::encode_form_state(engine::FormState(form));
  return engine::to_hex(engine::sha256(encoded));
}

const ElectionState::QueuedSince* ElectionState::queued_since(const engine::FormId& form) const {
  auto found = queued_.find(form);
  return found == queued_.end() ? nullptr : &found->second;
}

std::uint64_t ElectionState::accepted_submission_index(const engine::FormId& form) const {
  const FormView* view = this->form(form);
  if (view == nullptr || view->status.stage != engine::FormStage::kAccepted) return 0;
  const engine::FormState* state = replica_.state(form);
  const engine::Register* submission = state ? state->find(engine::kSubmissionPath) : nullptr;
  if (submission == nullptr) return 0;
  std::uint64_t earliest = 0;
  for (const engine::Sibling& sibling : submission->siblings) {
    const auto found = submission_index_.find(sibling.dot);
    if (found == submission_index_.end()) continue;
    if (earliest == 0 || found->second < earliest) earliest = found->second;
  }
  return earliest;
}

const ElectionState::FormView* ElectionState::form(const engine::FormId& form) const {
  auto found = views_.find(form);
  return found == views_.end() ? nullptr : &found->second;
}

void ElectionState::refresh(const engine::FormId& form, const QueuedSince& touched_by) {
  const engine::FormState* state = replica_.state(form);
  const engine::ElectoralUnit* unit = reference_.unit_of(form);
  if (state == nullptr || unit == nullptr) return;  // the core only admits known forms

  FormView fresh;
  fresh.record = state->record();
  fresh.record.schema_id = reference_.schema().id;
  fresh.failures = engine::validate_record(reference_.schema(), fresh.record, *unit,
                                           reference_.election().contest_of(form));
  fresh.status = engine::form_status(*state, fresh.failures);
  const bool in_conflict = !state->conflicts().empty();

  auto [it, inserted] = views_.try_emplace(form);
  FormView& view = it->second;
  const bool was_accepted = !inserted && view.status.stage == engine::FormStage::kAccepted;
  const bool was_flagged = !inserted && view.status.stage == engine::FormStage::kFlagged;
  const bool was_in_conflict = !inserted && in_conflict_.count(form) > 0;
  const bool accepted = fresh.status.stage == engine::FormStage::kAccepted;

  // An accepted record passed the schema's checks, so the tally takes it; the core only
  // admits forms of the definition, so withdrawing cannot be refused.
  if (accepted) {
    if (auto put = tally_.put(fresh.record); !put) static_cast<void>(tally_.withdraw(form));
  } else if (was_accepted) {
    static_cast<void>(tally_.withdraw(form));
  }

  forms_accepted_ = forms_accepted_ - (was_accepted ? 1 : 0) + (accepted ? 1 : 0);
  forms_flagged_ = forms_flagged_ - (was_flagged ? 1 : 0) +
                   (fresh.status.stage == engine::FormStage::kFlagged ? 1 : 0);
  if (was_in_conflict != in_conflict) {
    if (in_conflict) {
      in_conflict_.insert(form);
    } else {
      in_conflict_.erase(form);
    }
  }
  if (was_accepted != accepted) {
    auto& count = accepted_by_station_[form.station_id];
    const std::size_t expected = reference_.forms_of_station(form.station_id);
    const bool station_was_reported = count == expected;
    count = accepted ? count + 1 : count - 1;
    const bool station_reported = count == expected;
    if (station_was_reported != station_reported) {
      stations_reported_ = station_reported ? stations_reported_ + 1 : stations_reported_ - 1;
    }
  }
  // The queue keeps the time a form entered it while it stays there.
  if (fresh.status.stage == engine::FormStage::kFlagged || in_conflict) {
    queued_.try_emplace(form, touched_by);
  } else {
    queued_.erase(form);
  }
  view = std::move(fresh);
}

StateFigures ElectionState::figures() const {
  StateFigures figures;
  figures.conflicts_open = in_conflict_.size();
  figures.forms_accepted = forms_accepted_;
  figures.forms_flagged = forms_flagged_;
  figures.stations_reported = stations_reported_;
  figures.stations_expected = reference_.station_count();
  return figures;
}

}  // namespace tally::server
