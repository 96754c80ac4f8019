#include "core/election_state.hpp"

#include <algorithm>
#include <set>

#include "tally/engine/form_schema.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/sha256.hpp"

namespace tally::server {

ElectionState::ElectionState(Reference reference)
    : reference_(std::move(reference)), tally_(reference_.election()) {}

Status ElectionState::apply(const std::vector<engine::Op>& ops) {
  std::map<engine::FormId, QueuedSince> touched;  // by the last op of the batch that changed it
  Status result;
  for (const auto& op : ops) {
    if (op.kind == engine::OpKind::kOpenRound) {
      // The round is derived from the tally of every op before it: the forms touched so far
      // are refreshed first.
      for (const auto& [form, by] : touched) refresh(form, by);
      touched.clear();
      if (auto opened = open_second_round(op); !opened) {
        result = std::move(opened).error();
        break;
      }
    }
    auto applied = replica_.apply(op);
    if (!applied) {
      result = std::move(applied).error();
      break;
    }
    ++ops_applied_;
    if (op.kind == engine::OpKind::kSubmit) submission_index_.try_emplace(op.dot, ops_applied_);
    if (applied->changed() && op.kind != engine::OpKind::kOpenRound) {
      touched[op.form] = QueuedSince{ops_applied_, op.hlc};
    }
  }
  for (const auto& [form, by] : touched) refresh(form, by);
  return result;
}

std::string ElectionState::SecondRoundCall::blocking() const {
  const auto units = [](const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) text += (text.empty() ? "" : ", ") + id;
    return text;
  };
  std::string reasons;
  if (!plan.unreported.empty()) reasons = "unreported stations in " + units(plan.unreported);
  if (!in_conflict.empty()) {
    reasons += (reasons.empty() ? "" : "; ") + std::string("conflicts in ") + units(in_conflict);
  }
  return reasons;
}

Result<ElectionState::SecondRoundCall> ElectionState::second_round_call() const {
  auto plan = engine::plan_second_round(reference_.election(), tally_.report());
  if (!plan) return std::move(plan).error();
  if (plan->units.empty()) {
    return make_error(
        ErrorCode::kRoundInvalid,
        "no unit needs a supplementary election or a re-vote" +
            std::string(plan->without_candidates.empty() ? ""
                                                         : " that has candidates left to stand"));
  }
  SecondRoundCall call;
  std::set<std::string, std::less<>> conflicted;
  for (const auto& form : in_conflict_) conflicted.insert(form.unit_id);
  for (const auto& unit : plan->units) {
    if (conflicted.contains(unit.of_unit)) call.in_conflict.push_back(unit.of_unit);
  }
  call.plan = std::move(plan).value();
  return call;
}

Result<ElectionState::SecondRoundDraft> ElectionState::draft_second_round() const {
  auto call = second_round_call();
  if (!call) return std::move(call).error();
  auto extended = engine::definition_with_second_round(reference_.election_json(),
                                                       reference_.election(), call->plan.units);
  if (!extended) return std::move(extended).error();
  SecondRoundDraft draft{std::move(call).value(), std::move(extended).value(), {}};
  draft.definition_hash = engine::sha256(draft.definition_json);
  return draft;
}

Status ElectionState::open_second_round(const engine::Op& op) {
  const auto mismatch = [](const std::string& what) {
    return make_error(ErrorCode::kTallyMismatch, "the opening of round 2 " + what);
  };
  auto draft = draft_second_round();
  if (!draft) return mismatch("cannot be derived again: " + draft.error().to_string());
  if (draft->definition_hash != op.submission.values_hash) {
    return mismatch("opens a definition (" + engine::to_hex(op.submission.values_hash) +
                    ") other than the one the tally before it gives (" +
                    engine::to_hex(draft->definition_hash) + ")");
  }
  if (op.field != engine::kForcedOpening && !draft->call.ready()) {
    return mismatch("is not forced, yet the round was not ready: " + draft->call.blocking());
  }
  auto extended = reference_.with_election(std::move(draft->definition_json));
  if (!extended)
    return mismatch("opens a definition that does not load: " + extended.error().to_string());
  reference_ = std::move(extended).value();
  // The new definition has more units and forms: the tally starts over from the accepted
  // records, and a station is reported once its second-round forms are too.
  tally_ = engine::Tally(reference_.election());
  for (const auto& [form, view] : views_) {
    if (view.status.stage == engine::FormStage::kAccepted)
      static_cast<void>(tally_.put(view.record));
  }
  stations_reported_ = 0;
  for (const auto& [station, accepted] : accepted_by_station_) {
    if (accepted == reference_.forms_of_station(station)) ++stations_reported_;
  }
  second_round_ = RoundOpening{ops_applied_ + 1, op};
  return {};
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
