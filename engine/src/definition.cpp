#include "tally/engine/definition.hpp"

#include <utility>

namespace tally::engine {

ElectionDefinition::ElectionDefinition(std::string id, std::string name, Date election_date,
                                       std::string form_schema_id, std::vector<Level> levels,
                                       std::vector<ElectoralUnit> units,
                                       std::vector<PollingStation> stations)
    : id_(std::move(id)),
      name_(std::move(name)),
      election_date_(election_date),
      form_schema_id_(std::move(form_schema_id)),
      levels_(std::move(levels)),
      units_(std::move(units)),
      stations_(std::move(stations)),
      units_by_level_(levels_.size()),
      stations_by_unit_(units_.size()) {
  for (std::size_t i = 0; i < levels_.size(); ++i) level_index_.emplace(levels_[i].id, i);
  for (std::size_t i = 0; i < units_.size(); ++i) {
    unit_index_.emplace(units_[i].id, i);
    if (auto level = level_index(units_[i].level_id)) units_by_level_[*level].push_back(i);
  }
  for (std::size_t i = 0; i < stations_.size(); ++i) {
    station_index_.emplace(stations_[i].id, i);
    for (const StationContest& contest : stations_[i].contests) {
      if (auto unit = unit_index(contest.unit_id)) stations_by_unit_[*unit].push_back(i);
    }
  }
}

namespace {
template <typename Index>
std::optional<std::size_t> lookup(const Index& index, std::string_view id) {
  auto it = index.find(id);
  if (it == index.end()) return std::nullopt;
  return it->second;
}
}  // namespace

std::optional<std::size_t> ElectionDefinition::level_index(std::string_view level_id) const {
  return lookup(level_index_, level_id);
}

std::optional<std::size_t> ElectionDefinition::unit_index(std::string_view unit_id) const {
  return lookup(unit_index_, unit_id);
}

const ElectoralUnit* ElectionDefinition::find_unit(std::string_view unit_id) const {
  auto index = unit_index(unit_id);
  return index ? &units_[*index] : nullptr;
}

const PollingStation* ElectionDefinition::find_station(std::string_view station_id) const {
  auto index = lookup(station_index_, station_id);
  return index ? &stations_[*index] : nullptr;
}

const Level& ElectionDefinition::level_of(const ElectoralUnit& unit) const {
  return levels_[level_index_.find(unit.level_id)->second];
}

const StationContest* ElectionDefinition::find_contest(const FormId& form) const {
  const PollingStation* station = find_station(form.station_id);
  if (station == nullptr) return nullptr;
  for (const StationContest& contest : station->contests) {
    if (contest.unit_id == form.unit_id) return &contest;
  }
  return nullptr;
}

std::vector<FormId> ElectionDefinition::all_forms() const {
  std::vector<FormId> forms;
  forms.reserve(stations_.size() * levels_.size());
  for (const PollingStation& station : stations_) {
    for (const StationContest& contest : station.contests) {
      forms.push_back(FormId{station.id, contest.unit_id});
    }
  }
  return forms;
}

}  // namespace tally::engine
