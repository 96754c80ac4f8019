// The incremental Tally and the from-scratch tally_all.
#include "tally/engine/tally.hpp"

#include <set>
#include <string>
#include <utility>

#include "tally/tally_sums.hpp"

namespace tally::engine {

Tally::Tally(const ElectionDefinition& definition)
    : definition_(&definition),
      levels_(empty_levels(definition)),
      slots_(definition.units().size()),
      station_forms_(definition.stations().size(), 0) {
  units_.reserve(definition.units().size());
  for (std::size_t u = 0; u < definition.units().size(); ++u) {
    UnitTotals totals = empty_totals(definition, u);
    UnitResult result = decide_unit(definition.units()[u], definition.kind_of_unit(u), totals);
    units_.push_back(UnitTally{std::move(totals), std::move(result)});
    slots_[u].resize(definition.stations_of_unit(u).size());
    add_to_level(levels_[definition.level_index_of_unit(u)], definition.units()[u], units_.back(),
                 +1);
  }
  for (std::size_t u = 0; u < definition.units().size(); ++u) {
    if (definition.units()[u].round_of) continue;
    levels_[definition.level_index_of_unit(u)].units_final +=
        unit_result_final(definition, units_, u) ? 1 : 0;
  }
}

Status Tally::put(const StationRecord& record) {
  auto place = locate_form(*definition_, record.form);
  if (!place) return std::move(place).error();
  auto contribution = read_contribution(definition_->units()[place->unit_index], record);
  if (!contribution) return std::move(contribution).error();
  update_unit(place->unit_index, place->station_index, place->slot,
              std::move(contribution).value());
  return {};
}

Status Tally::withdraw(const FormId& form) {
  auto place = locate_form(*definition_, form);
  if (!place) return std::move(place).error();
  if (slots_[place->unit_index][place->slot]) {
    update_unit(place->unit_index, place->station_index, place->slot, std::nullopt);
  }
  return {};
}

void Tally::update_unit(std::size_t unit_index, std::size_t station_index, std::size_t slot,
                        std::optional<RecordContribution> next) {
  const ElectoralUnit& unit = definition_->units()[unit_index];
  LevelSummary& level = levels_[definition_->level_index_of_unit(unit_index)];
  UnitTally& tally = units_[unit_index];
  std::optional<RecordContribution>& current = slots_[unit_index][slot];
  // The unit's result decides whether its first-round unit's result is final.
  const std::size_t first_round = definition_->first_round_unit(unit_index);
  const int was_final = unit_result_final(*definition_, units_, first_round) ? 1 : 0;

  add_to_level(level, unit, tally, -1);
  if (current) add_to_totals(tally.totals, unit, *current, -1);
  if (next) add_to_totals(tally.totals, unit, *next, +1);
  tally.result = decide_unit(unit, definition_->kind_of_unit(unit_index), tally.totals);
  add_to_level(level, unit, tally, +1);
  level.units_final += (unit_result_final(*definition_, units_, first_round) ? 1 : 0) - was_final;

  const int expected = forms_of_station(definition_->stations()[station_index]);
  int& forms = station_forms_[station_index];
  int before = forms;
  forms += (next ? 1 : 0) - (current ? 1 : 0);
  stations_reported_ += (forms > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
  stations_complete_ += (forms == expected ? 1 : 0) - (before == expected ? 1 : 0);
  current = std::move(next);
}

const UnitTally* Tally::unit(std::string_view unit_id) const {
  auto index = definition_->unit_index(unit_id);
  return index ? &units_[*index] : nullptr;
}

const LevelSummary* Tally::level(std::string_view level_id) const {
  auto index = definition_->level_index(level_id);
  return index ? &levels_[*index] : nullptr;
}

ProvinceSummary Tally::province() const {
  return summarize_province(levels_, stations_reported_, stations_complete_,
                            static_cast<int>(definition_->stations().size()));
}

TallyReport Tally::report() const { return TallyReport{units_, levels_, province()}; }

Result<TallyReport> tally_all(const ElectionDefinition& definition,
                              const std::vector<StationRecord>& records) {
  TallyReport report;
  for (std::size_t u = 0; u < definition.units().size(); ++u) {
    report.units.push_back(UnitTally{empty_totals(definition, u), {}});
  }
  std::set<FormId> seen;
  std::vector<int> station_forms(definition.stations().size(), 0);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const StationRecord& record = records[i];
    auto at = [i](Error error) {
      error.message = "records[" + std::to_string(i) + "]: " + error.message;
      return error;
    };
    auto place = locate_form(definition, record.form);
    if (!place) return at(std::move(place).error());
    const ElectoralUnit& unit = definition.units()[place->unit_index];
    auto contribution = read_contribution(unit, record);
    if (!contribution) return at(std::move(contribution).error());
    if (!seen.insert(record.form).second) {
      return at(make_error(ErrorCode::kInvalidArgument,
                           "a second record for form " + record.form.to_string()));
    }
    add_to_totals(report.units[place->unit_index].totals, unit, *contribution, +1);
    station_forms[place->station_index] += 1;
  }

  report.levels = empty_levels(definition);
  for (std::size_t u = 0; u < definition.units().size(); ++u) {
    UnitTally& tally = report.units[u];
    tally.result = decide_unit(definition.units()[u], definition.kind_of_unit(u), tally.totals);
    add_to_level(report.levels[definition.level_index_of_unit(u)], definition.units()[u], tally,
                 +1);
  }
  for (std::size_t u = 0; u < definition.units().size(); ++u) {
    if (definition.units()[u].round_of) continue;
    report.levels[definition.level_index_of_unit(u)].units_final +=
        unit_result_final(definition, report.units, u) ? 1 : 0;
  }
  int stations_reported = 0;
  int stations_complete = 0;
  for (std::size_t s = 0; s < station_forms.size(); ++s) {
    stations_reported += station_forms[s] > 0 ? 1 : 0;
    stations_complete += station_forms[s] == forms_of_station(definition.stations()[s]) ? 1 : 0;
  }
  report.province = summarize_province(report.levels, stations_reported, stations_complete,
                                       static_cast<int>(definition.stations().size()));
  return report;
}

}  // namespace tally::engine
