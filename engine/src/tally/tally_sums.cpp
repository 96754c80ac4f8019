// Reading records into contributions and keeping unit and level sums.
#include "tally/tally_sums.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace tally::engine {
namespace {

Error record_error(ErrorCode code, const FormId& form, const std::string& what) {
  return make_error(code, "form " + form.to_string() + ": " + what);
}

// Checks a count's range; `name` is its field path for messages.
Status check_count(const FormId& form, const std::string& name, Count value) {
  if (value < 0) {
    return record_error(
        ErrorCode::kNegativeCount, form,
        "field '" + name + "' is " + std::to_string(value) + "; counts cannot be negative");
  }
  if (value > kMaxTallyCount) {
    return record_error(ErrorCode::kValueTooLarge, form,
                        "field '" + name + "' is " + std::to_string(value) +
                            ", above the largest count the tally accepts (" +
                            std::to_string(kMaxTallyCount) + ")");
  }
  return {};
}

Result<Count> read_count(const StationRecord& record, const char* field) {
  const Count* value = record.count(field);
  if (value == nullptr) {
    return record_error(ErrorCode::kWrongValueType, record.form,
                        std::string("field '") + field + "' is missing or not a count");
  }
  if (auto status = check_count(record.form, field, *value); !status) return status.error();
  return *value;
}

}  // namespace

Result<RecordPlace> locate_form(const ElectionDefinition& definition, const FormId& form) {
  auto unit_index = definition.unit_index(form.unit_id);
  if (!unit_index) {
    return record_error(ErrorCode::kUnknownForm, form, "no unit " + form.unit_id);
  }
  auto station_index = definition.station_index(form.station_id);
  if (!station_index) {
    return record_error(ErrorCode::kUnknownForm, form, "no station " + form.station_id);
  }
  auto slot = definition.station_slot(*unit_index, *station_index);
  if (!slot) {
    return record_error(ErrorCode::kUnknownForm, form,
                        "station " + form.station_id + " does not vote in unit " + form.unit_id);
  }
  return RecordPlace{*unit_index, *station_index, *slot};
}

Result<RecordContribution> read_contribution(const ElectoralUnit& unit,
                                             const StationRecord& record) {
  RecordContribution contribution;
  Count* targets[] = {&contribution.registered, &contribution.voted, &contribution.valid,
                      &contribution.invalid};
  const char* names[] = {fields::kRegistered, fields::kVoted, fields::kValid, fields::kInvalid};
  for (std::size_t i = 0; i < 4; ++i) {
    auto value = read_count(record, names[i]);
    if (!value) return std::move(value).error();
    *targets[i] = *value;
  }
  const VoteMap* votes = record.votes(fields::kVotes);
  if (votes == nullptr) {
    return record_error(ErrorCode::kWrongValueType, record.form,
                        "field 'votes' is missing or not a vote map");
  }
  contribution.votes.assign(unit.candidates.size(), 0);
  for (const auto& [candidate_id, count] : *votes) {
    auto candidate = std::find_if(unit.candidates.begin(), unit.candidates.end(),
                                  [&id = candidate_id](const Candidate& c) { return c.id == id; });
    if (candidate == unit.candidates.end()) {
      return record_error(ErrorCode::kUnknownField, record.form,
                          "field 'votes." + candidate_id + "': " + candidate_id +
                              " is not a candidate of unit " + unit.id);
    }
    if (auto status = check_count(record.form, "votes." + candidate_id, count); !status) {
      return status.error();
    }
    contribution.votes[static_cast<std::size_t>(candidate - unit.candidates.begin())] = count;
  }
  return contribution;
}

bool unit_result_final(const ElectionDefinition& definition, const std::vector<UnitTally>& units,
                       std::size_t unit_index) {
  auto settled = [](const UnitTally& unit) {
    return unit.totals.stations_reported == unit.totals.stations_expected &&
           !unit.result.tie_for_committee();
  };
  const UnitTally& first = units[unit_index];
  if (!settled(first)) return false;
  if (!first.result.revote_needed() && !first.result.supplementary_needed) return true;
  auto second = definition.second_round_unit(unit_index);
  return second && settled(units[*second]);
}

std::vector<std::string> elected_all_rounds(const ElectionDefinition& definition,
                                            const std::vector<UnitTally>& units,
                                            std::size_t unit_index) {
  std::vector<std::string> elected = units[unit_index].result.winners;
  if (auto second = definition.second_round_unit(unit_index)) {
    const auto& more = units[*second].result.winners;
    elected.insert(elected.end(), more.begin(), more.end());
  }
  return elected;
}

UnitTotals empty_totals(const ElectionDefinition& definition, std::size_t unit_index) {
  const ElectoralUnit& unit = definition.units()[unit_index];
  UnitTotals totals;
  totals.unit_id = unit.id;
  totals.stations_expected = static_cast<int>(definition.stations_of_unit(unit_index).size());
  for (const Candidate& candidate : unit.candidates) totals.votes.emplace(candidate.id, 0);
  return totals;
}

void add_to_totals(UnitTotals& totals, const ElectoralUnit& unit,
                   const RecordContribution& contribution, int sign) {
  totals.stations_reported += sign;
  totals.registered += sign * contribution.registered;
  totals.voted += sign * contribution.voted;
  totals.valid += sign * contribution.valid;
  totals.invalid += sign * contribution.invalid;
  for (std::size_t c = 0; c < unit.candidates.size(); ++c) {
    totals.votes[unit.candidates[c].id] += sign * contribution.votes[c];
  }
}

std::vector<LevelSummary> empty_levels(const ElectionDefinition& definition) {
  std::vector<LevelSummary> levels(definition.levels().size());
  for (std::size_t l = 0; l < levels.size(); ++l) {
    levels[l].level_id = definition.levels()[l].id;
    for (std::size_t unit_index : definition.units_of_level(l)) {
      const ElectoralUnit& unit = definition.units()[unit_index];
      RoundFigures& round = unit.round_of ? levels[l].second_round : levels[l];
      round.units += 1;
      round.seats += unit.seats;
      round.stations_expected += static_cast<int>(definition.stations_of_unit(unit_index).size());
    }
  }
  return levels;
}

void add_to_level(LevelSummary& level, const ElectoralUnit& unit, const UnitTally& tally,
                  int sign) {
  const UnitTotals& totals = tally.totals;
  const UnitResult& result = tally.result;
  auto flag = [sign](bool set) { return set ? sign : 0; };
  RoundFigures& round = unit.round_of ? level.second_round : level;
  round.units_complete += flag(totals.stations_reported == totals.stations_expected);
  round.seats_filled += sign * result.seats_filled();
  round.seats_undecided += sign * result.seats_undecided;
  round.units_tied += flag(result.tie_for_committee());
  round.stations_reported += sign * totals.stations_reported;
  round.registered += sign * totals.registered;
  round.voted += sign * totals.voted;
  round.valid += sign * totals.valid;
  round.invalid += sign * totals.invalid;
  // decide_unit never calls for a further round after a second one.
  level.units_revote += flag(result.revote_needed());
  level.units_supplementary += flag(result.supplementary_needed);
}

int forms_of_station(const PollingStation& station) {
  return static_cast<int>(station.contests.size());
}

ProvinceSummary summarize_province(const std::vector<LevelSummary>& levels, int stations_reported,
                                   int stations_complete, int stations_expected) {
  ProvinceSummary province;
  for (const LevelSummary& level : levels) {
    province.units += level.units;
    province.units_complete += level.units_complete;
    province.seats += level.seats;
    province.seats_filled += level.seats_filled;
    province.seats_undecided += level.seats_undecided;
    province.units_revote += level.units_revote;
    province.units_supplementary += level.units_supplementary;
    province.units_tied += level.units_tied;
    province.second_round_units += level.second_round.units;
    province.second_round_seats += level.second_round.seats;
    province.second_round_seats_filled += level.second_round.seats_filled;
    province.units_final += level.units_final;
    province.forms_reported += level.stations_reported + level.second_round.stations_reported;
    province.forms_expected += level.stations_expected + level.second_round.stations_expected;
  }
  province.stations_reported = stations_reported;
  province.stations_complete = stations_complete;
  province.stations_expected = stations_expected;
  return province;
}

}  // namespace tally::engine
