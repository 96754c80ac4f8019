// ElectionDefinition's indexes, calendar dates and the law's per-kind limits on units.
#include "tally/engine/definition.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace tally::engine {
namespace {

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

// The decimal value of `digits` (all '0'..'9'), or -1.
int parse_digits(std::string_view digits) {
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

template <typename T>
const T* find_in(const std::map<std::string, std::size_t, std::less<>>& index,
                 const std::vector<T>& items, std::string_view id) {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &items[it->second];
}

std::optional<std::size_t> index_in(const std::map<std::string, std::size_t, std::less<>>& index,
                                    std::string_view id) {
  auto it = index.find(id);
  if (it == index.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::string Date::to_string() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
  return text;
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = parse_digits(text.substr(0, 4));
  int month = parse_digits(text.substr(5, 2));
  int day = parse_digits(text.substr(8, 2));
  if (year < 1 || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > days_in_month(year, month)) return std::nullopt;
  return Date{year, month, day};
}

std::string_view round_kind_name(RoundKind kind) {
  return kind == RoundKind::kRevote ? "revote" : "supplementary";
}

int max_seats(LevelKind kind) { return kind == LevelKind::kNationalAssembly ? 3 : 5; }

int min_candidates(LevelKind kind, int seats) {
  if (kind == LevelKind::kNationalAssembly) return seats + 2;
  if (seats <= 2) return seats + 1;
  if (seats == 3) return 5;
  return seats + 3;
}

std::string_view candidates_article(LevelKind kind) {
  return kind == LevelKind::kNationalAssembly ? "Art. 57(6)" : "Art. 58(3)";
}

std::string_view kind_name(LevelKind kind) {
  return kind == LevelKind::kNationalAssembly ? "National Assembly" : "People's Council";
}

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
      unit_level_(units_.size(), 0),
      level_units_(levels_.size()),
      unit_stations_(units_.size()),
      first_round_unit_(units_.size()) {
  for (std::size_t i = 0; i < levels_.size(); ++i) level_by_id_.emplace(levels_[i].id, i);
  for (std::size_t u = 0; u < units_.size(); ++u) {
    unit_by_id_.emplace(units_[u].id, u);
    if (auto level = index_in(level_by_id_, units_[u].level_id)) {
      unit_level_[u] = *level;
      level_units_[*level].push_back(u);
    }
    first_round_unit_[u] = u;
    if (units_[u].round_of) continue;
    for (std::size_t c = 0; c < units_[u].candidates.size(); ++c) {
      candidate_by_id_.emplace(units_[u].candidates[c].id, CandidatePlace{u, c});
    }
  }
  for (std::size_t u = 0; u < units_.size(); ++u) {
    if (!units_[u].round_of) continue;
    if (auto first = index_in(unit_by_id_, units_[u].round_of->unit_id)) {
      first_round_unit_[u] = *first;
      second_round_unit_.emplace(*first, u);
      has_second_round_ = true;
    }
  }
  for (std::size_t s = 0; s < stations_.size(); ++s) {
    station_by_id_.emplace(stations_[s].id, s);
    for (const StationContest& contest : stations_[s].contests) {
      auto unit = index_in(unit_by_id_, contest.unit_id);
      if (!unit) continue;
      auto& members = unit_stations_[*unit];
      if (members.empty() || members.back() != s) members.push_back(s);
    }
  }
}

std::optional<std::size_t> ElectionDefinition::level_index(std::string_view level_id) const {
  return index_in(level_by_id_, level_id);
}

const Level* ElectionDefinition::level(std::string_view level_id) const {
  return find_in(level_by_id_, levels_, level_id);
}

std::optional<std::size_t> ElectionDefinition::unit_index(std::string_view unit_id) const {
  return index_in(unit_by_id_, unit_id);
}

const ElectoralUnit* ElectionDefinition::unit(std::string_view unit_id) const {
  return find_in(unit_by_id_, units_, unit_id);
}

std::optional<std::size_t> ElectionDefinition::station_index(std::string_view station_id) const {
  return index_in(station_by_id_, station_id);
}

const PollingStation* ElectionDefinition::station(std::string_view station_id) const {
  return find_in(station_by_id_, stations_, station_id);
}

std::optional<CandidatePlace> ElectionDefinition::candidate(std::string_view candidate_id) const {
  auto it = candidate_by_id_.find(candidate_id);
  if (it == candidate_by_id_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> ElectionDefinition::second_round_unit(std::size_t unit_index) const {
  auto it = second_round_unit_.find(unit_index);
  if (it == second_round_unit_.end()) return std::nullopt;
  return it->second;
}

LevelKind ElectionDefinition::kind_of_unit(std::size_t unit_index) const {
  return levels_.empty() ? LevelKind::kPeoplesCouncil : levels_[unit_level_[unit_index]].kind;
}

const StationContest* ElectionDefinition::contest_of(const FormId& form) const {
  const PollingStation* found = station(form.station_id);
  if (found == nullptr) return nullptr;
  for (const auto& contest : found->contests) {
    if (contest.unit_id == form.unit_id) return &contest;
  }
  return nullptr;
}

const StationContest* ElectionDefinition::contest(const PollingStation& station,
                                                  std::size_t level_index) const {
  if (level_index >= levels_.size()) return nullptr;
  const std::string& level_id = levels_[level_index].id;
  // Contests are listed in level order (the loader checks), so this is the usual hit.
  if (level_index < station.contests.size() && station.contests[level_index].level_id == level_id) {
    return &station.contests[level_index];
  }
  auto it =
      std::find_if(station.contests.begin(), station.contests.end(),
                   [&](const StationContest& contest) { return contest.level_id == level_id; });
  return it == station.contests.end() ? nullptr : &*it;
}

std::optional<std::size_t> ElectionDefinition::station_slot(std::size_t unit_index,
                                                            std::size_t station_index) const {
  const auto& members = unit_stations_[unit_index];
  auto it = std::lower_bound(members.begin(), members.end(), station_index);
  if (it == members.end() || *it != station_index) return std::nullopt;
  return static_cast<std::size_t>(it - members.begin());
}

}  // namespace tally::engine
