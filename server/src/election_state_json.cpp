// ElectionState: the JSON documents of the API and exports.
#include <boost/json.hpp>

#include "election_state.hpp"
#include "json_values.hpp"

namespace tally::server {

namespace json = boost::json;

json::value ElectionState::progress_json() const {
  struct LevelCount {
    std::size_t expected = 0;
    std::size_t accepted = 0;
    std::size_t flagged = 0;
    std::size_t draft = 0;
  };
  std::map<std::string, LevelCount> by_level;
  for (const auto& form : reference_.forms()) {
    const engine::ElectoralUnit* unit = reference_.unit_of(form);
    auto& count = by_level[unit->level_id];
    ++count.expected;
    const FormView* view = this->form(form);
    if (view == nullptr) continue;
    switch (view->status.stage) {
      case engine::FormStage::kAccepted: ++count.accepted; break;
      case engine::FormStage::kFlagged: ++count.flagged; break;
      case engine::FormStage::kDraft: ++count.draft; break;
    }
  }
  json::array levels;
  for (const auto& level : reference_.election().levels()) {
    const auto& count = by_level[level.id];
    levels.push_back(json::object{{"level", level.id},
                                  {"forms_expected", count.expected},
                                  {"forms_accepted", count.accepted},
                                  {"forms_flagged", count.flagged},
                                  {"forms_draft", count.draft}});
  }
  const StateFigures totals = figures();
  return json::object{{"stations_expected", totals.stations_expected},
                      {"stations_reported", totals.stations_reported},
                      {"forms_expected", reference_.forms().size()},
                      {"forms_accepted", totals.forms_accepted},
                      {"forms_flagged", totals.forms_flagged},
                      {"forms_in_conflict", totals.conflicts_open},
                      {"levels", std::move(levels)}};
}

json::value ElectionState::conflicts_json() const {
  json::array forms;
  for (const auto& [id, view] : views_) {
    if (view.status.stage != engine::FormStage::kFlagged && in_conflict_.count(id) == 0) continue;
    json::array fields;
    for (const auto& conflict : replica_.state(id)->conflicts()) {
      json::array siblings;
      for (const auto& sibling : conflict.siblings) siblings.push_back(sibling_json(sibling));
      fields.push_back(json::object{{"path", conflict.path}, {"siblings", std::move(siblings)}});
    }
    forms.push_back(json::object{{"form", id.to_string()},
                                 {"status", engine::to_string(view.status.stage)},
                                 {"reasons", reasons_json(view.status)},
                                 {"fields", std::move(fields)}});
  }
  return json::object{{"conflicts", std::move(forms)}};
}

json::value ElectionState::records_json() const {
  json::array records;
  for (const auto& [id, view] : views_) {
    json::object record{{"form", id.to_string()},
                        {"station", id.station_id},
                        {"unit", id.unit_id},
                        {"schema", view.record.schema_id},
                        {"values", record_values_json(view.record)},
                        {"status", engine::to_string(view.status.stage)}};
    if (view.status.stage == engine::FormStage::kFlagged) {
      record["reasons"] = reasons_json(view.status);
    }
    records.push_back(std::move(record));
  }
  return json::object{{"format", "tally-records/1"},
                      {"election", reference_.election().id()},
                      {"records", std::move(records)}};
}

}  // namespace tally::server

namespace tally::server {

namespace {

const char* unit_status_name(engine::UnitStatus status) {
  switch (status) {
    case engine::UnitStatus::kPending: return "pending";
    case engine::UnitStatus::kElected: return "elected";
    case engine::UnitStatus::kRevoteNeeded: return "revote_needed";
  }
  return "unknown";
}

json::array candidate_ids(const engine::ElectoralUnit& unit,
                          const std::vector<std::size_t>& indexes) {
  json::array ids;
  for (auto index : indexes) ids.push_back(json::string(unit.candidates[index].id));
  return ids;
}

}  // namespace

json::value ElectionState::tally_json() const {
  const auto& election = reference_.election();
  const engine::ElectionTally snapshot = tally_.snapshot();
  json::array units;
  for (std::size_t i = 0; i < snapshot.units.size(); ++i) {
    const auto& tally = snapshot.units[i];
    const auto& unit = election.units()[i];
    json::object votes;
    for (std::size_t c = 0; c < unit.candidates.size() && c < tally.totals.votes.size(); ++c) {
      votes[unit.candidates[c].id] = tally.totals.votes[c];
    }
    units.push_back(json::object{
        {"unit", unit.id},
        {"level", unit.level_id},
        {"seats", unit.seats},
        {"status", unit_status_name(tally.result.status)},
        {"complete", tally.result.complete},
        {"stations_expected", tally.totals.stations_expected},
        {"stations_reported", tally.totals.stations_reported},
        {"registered", tally.totals.registered},
        {"voted", tally.totals.voted},
        {"valid", tally.totals.valid},
        {"invalid", tally.totals.invalid},
        {"turnout_percent",
         engine::format_percent(engine::basis_points(tally.totals.voted, tally.totals.registered))},
        {"votes", std::move(votes)},
        {"winners", candidate_ids(unit, tally.result.winners)},
        {"tied_for_committee", candidate_ids(unit, tally.result.tied_for_committee)},
        {"seats_filled", tally.result.seats_filled},
        {"supplementary_needed", tally.result.supplementary_needed}});
  }
  json::array levels;
  for (const auto& level : snapshot.levels) {
    levels.push_back(json::object{
        {"level", level.level_id},
        {"units", level.units},
        {"units_complete", level.units_complete},
        {"seats", level.seats},
        {"seats_filled", level.seats_filled},
        {"units_revote", level.units_revote},
        {"units_supplementary", level.units_supplementary},
        {"units_tied", level.units_tied},
        {"forms_expected", level.forms_expected},
        {"forms_reported", level.forms_reported},
        {"registered", level.registered},
        {"voted", level.voted},
        {"valid", level.valid},
        {"invalid", level.invalid},
        {"turnout_percent",
         engine::format_percent(engine::basis_points(level.voted, level.registered))},
        {"valid_percent", engine::format_percent(engine::basis_points(level.valid, level.voted))}});
  }
  return json::object{{"format", "tally-results/1"},
                      {"election", election.id()},
                      {"levels", std::move(levels)},
                      {"units", std::move(units)}};
}

}  // namespace tally::server
