// Tallying accepted station records: from scratch (tally_all) and incrementally (Tally).
// Both sum the same StationContributions and fold units into levels with the same
// function, so they can only differ if the incremental bookkeeping is wrong.
#include "tally/engine/tally.hpp"

#include <utility>

namespace tally::engine {
namespace {

Error record_error(ErrorCode code, const FormId& form, const std::string& what) {
  return make_error(ErrorDomain::kRecord, code, "record " + form.to_string() + ": " + what);
}

void add_contribution(UnitTotals& totals, const StationContribution& contribution, int sign) {
  totals.registered += sign * contribution.registered;
  totals.voted += sign * contribution.voted;
  totals.valid += sign * contribution.valid;
  totals.invalid += sign * contribution.invalid;
  for (std::size_t i = 0; i < totals.votes.size(); ++i) {
    totals.votes[i] += sign * contribution.votes[i];
  }
  if (sign > 0) {
    ++totals.stations_reported;
  } else {
    --totals.stations_reported;
  }
}

// Adds (sign +1) or removes (sign -1) one unit's figures from its level's sums.
void fold_unit_into_level(LevelSummary& level, const UnitTally& unit, int sign) {
  auto step = [sign](std::size_t& counter, bool condition) {
    if (!condition) return;
    counter = sign > 0 ? counter + 1 : counter - 1;
  };
  level.forms_reported = sign > 0 ? level.forms_reported + unit.totals.stations_reported
                                  : level.forms_reported - unit.totals.stations_reported;
  level.registered += sign * unit.totals.registered;
  level.voted += sign * unit.totals.voted;
  level.valid += sign * unit.totals.valid;
  level.invalid += sign * unit.totals.invalid;
  level.seats_filled += sign * unit.result.seats_filled;
  step(level.units_complete, unit.result.complete);
  step(level.units_revote, unit.result.status == UnitStatus::kRevoteNeeded);
  step(level.units_supplementary, unit.result.supplementary_needed);
  step(level.units_tied, !unit.result.tied_for_committee.empty());
}

// The tally of an election with nothing reported: every unit pending.
ElectionTally empty_tally(const ElectionDefinition& definition) {
  ElectionTally tally;
  for (const Level& level : definition.levels()) tally.levels.push_back(LevelSummary{level.id});
  for (std::size_t i = 0; i < definition.units().size(); ++i) {
    const ElectoralUnit& unit = definition.units()[i];
    UnitTally unit_tally{unit.id, {}, {}};
    unit_tally.totals.stations_expected = definition.stations_of_unit(i).size();
    unit_tally.totals.votes.assign(unit.candidates.size(), 0);
    unit_tally.result = decide_unit(unit, definition.level_of(unit).kind, unit_tally.totals);
    LevelSummary& level = tally.levels[*definition.level_index(unit.level_id)];
    ++level.units;
    level.seats += unit.seats;
    level.forms_expected += unit_tally.totals.stations_expected;
    fold_unit_into_level(level, unit_tally, +1);
    tally.units.push_back(std::move(unit_tally));
  }
  return tally;
}

}  // namespace

Result<StationContribution> contribution_of(const ElectionDefinition& definition,
                                            const StationRecord& record) {
  const StationContest* contest = definition.find_contest(record.form);
  if (contest == nullptr) {
    return record_error(ErrorCode::kUnknownForm, record.form,
                        "no such form: the station does not vote in that unit");
  }
  StationContribution contribution;
  contribution.unit_index = *definition.unit_index(record.form.unit_id);
  const ElectoralUnit& unit = definition.units()[contribution.unit_index];
  std::pair<const char*, Count*> counts[] = {{fields::kRegistered, &contribution.registered},
                                             {fields::kVoted, &contribution.voted},
                                             {fields::kValid, &contribution.valid},
                                             {fields::kInvalid, &contribution.invalid}};
  for (auto [name, target] : counts) {
    const Count* value = record.count(name);
    if (value == nullptr) {
      return record_error(ErrorCode::kWrongValueType, record.form,
                          std::string("field '") + name + "' is missing or not a count");
    }
    if (*value < 0) {
      return record_error(ErrorCode::kNegativeCount, record.form,
                          std::string("field '") + name + "' is negative");
    }
    *target = *value;
  }
  const VoteMap* votes = record.votes(fields::kVotes);
  if (votes == nullptr) {
    return record_error(ErrorCode::kWrongValueType, record.form,
                        "field 'votes' is missing or not a candidate-vote map");
  }
  contribution.votes.assign(unit.candidates.size(), 0);
  for (const auto& [candidate_id, count] : *votes) {
    std::size_t index = 0;
    while (index < unit.candidates.size() && unit.candidates[index].id != candidate_id) ++index;
    if (index == unit.candidates.size()) {
      return record_error(
          ErrorCode::kUnknownField, record.form,
          "votes for '" + candidate_id + "', who is not a candidate of unit " + unit.id);
    }
    if (count < 0) {
      return record_error(ErrorCode::kNegativeCount, record.form,
                          "votes for '" + candidate_id + "' are negative");
    }
    contribution.votes[index] = count;
  }
  return contribution;
}

Result<ElectionTally> tally_all(const ElectionDefinition& definition,
                                const std::vector<StationRecord>& records) {
  ElectionTally tally = empty_tally(definition);
  std::map<FormId, bool> seen;
  for (const StationRecord& record : records) {
    if (!seen.emplace(record.form, true).second) {
      return record_error(ErrorCode::kDuplicateId, record.form, "two records for one form");
    }
    auto contribution = contribution_of(definition, record);
    if (!contribution.ok()) return std::move(contribution).error();
    add_contribution(tally.units[contribution->unit_index].totals, *contribution, +1);
  }
  for (LevelSummary& level : tally.levels) {
    std::string level_id = std::move(level.level_id);
    std::size_t units = level.units;
    int seats = level.seats;
    std::size_t forms_expected = level.forms_expected;
    level = LevelSummary{std::move(level_id), units};
    level.seats = seats;
    level.forms_expected = forms_expected;
  }
  for (std::size_t i = 0; i < tally.units.size(); ++i) {
    const ElectoralUnit& unit = definition.units()[i];
    UnitTally& unit_tally = tally.units[i];
    unit_tally.result = decide_unit(unit, definition.level_of(unit).kind, unit_tally.totals);
    fold_unit_into_level(tally.levels[*definition.level_index(unit.level_id)], unit_tally, +1);
  }
  return tally;
}

Tally::Tally(const ElectionDefinition& definition)
    : definition_(definition), contributions_(definition.units().size()) {
  ElectionTally initial = empty_tally(definition);
  units_ = std::move(initial.units);
  levels_ = std::move(initial.levels);
}

Status Tally::put(const StationRecord& record) {
  auto contribution = contribution_of(definition_, record);
  if (!contribution.ok()) return std::move(contribution).error();
  replace_contribution(contribution->unit_index, record.form.station_id, &*contribution);
  return {};
}

void Tally::withdraw(const FormId& form) {
  auto unit_index = definition_.unit_index(form.unit_id);
  if (!unit_index) return;
  replace_contribution(*unit_index, form.station_id, nullptr);
}

void Tally::replace_contribution(std::size_t unit_index, const std::string& station_id,
                                 const StationContribution* next) {
  auto& stations = contributions_[unit_index];
  auto previous = stations.find(station_id);
  if (previous == stations.end() && next == nullptr) return;

  const ElectoralUnit& unit = definition_.units()[unit_index];
  UnitTally& unit_tally = units_[unit_index];
  LevelSummary& level = levels_[*definition_.level_index(unit.level_id)];
  fold_unit_into_level(level, unit_tally, -1);
  if (previous != stations.end()) {
    add_contribution(unit_tally.totals, previous->second, -1);
    stations.erase(previous);
  }
  if (next != nullptr) {
    add_contribution(unit_tally.totals, *next, +1);
    stations.emplace(station_id, *next);
  }
  unit_tally.result = decide_unit(unit, definition_.level_of(unit).kind, unit_tally.totals);
  fold_unit_into_level(level, unit_tally, +1);
}

}  // namespace tally::engine
