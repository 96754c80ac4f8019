// The election definition: levels, electoral units with seats and candidates, and
// polling stations with their voter lists and units. Loaded from JSON
// (docs/election-definition.md) and checked against the election law before use.
//
// Shared by the tally, the server (scope and reference data), the client (its station's
// forms) and the verifier.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// A calendar date (birth dates, election date). Ordered: earlier dates compare less,
// so an older candidate has the smaller birth date.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

// National Assembly units follow Art. 57 (≤ 3 seats, candidates ≥ seats + 2, any seat
// short → supplementary election); People's Councils follow Art. 58 (≤ 5 seats,
// supplementary election only below two thirds of the seats).
enum class LevelKind : std::uint8_t { kNationalAssembly, kPeoplesCouncil };

// One level of the election, e.g. "NA" (National Assembly) or "COMM" (commune council).
struct Level {
  std::string id;
  std::string name;
  LevelKind kind = LevelKind::kPeoplesCouncil;
};

// A candidate standing in one electoral unit.
struct Candidate {
  std::string id;
  std::string name;
  Date birth_date;
};

// An electoral unit (đơn vị bầu cử) of one level.
struct ElectoralUnit {
  std::string id;
  std::string level_id;
  std::string name;
  int seats = 0;
  std::vector<Candidate> candidates;
};

// A station's part in one level: the unit it votes for and its voter list for that level.
struct StationContest {
  std::string level_id;
  std::string unit_id;
  Count registered = 0;
};

// A polling station (khu vực bỏ phiếu): one count record per contest.
struct PollingStation {
  std::string id;
  std::string name;
  std::vector<StationContest> contests;  // exactly one per level, in level order
};

// A checked election definition with its lookups. Built by load_election_definition()
// (definition_loader.hpp), which refuses a definition that breaks the law's structure, so
// every holder may rely on: ids unique, each station in exactly one unit per level, seats
// and candidate counts within Art. 57/58.
class ElectionDefinition {
 public:
  ElectionDefinition() = default;
  // Takes already-checked parts and indexes them.
  ElectionDefinition(std::string id, std::string name, Date election_date,
                     std::string form_schema_id, std::vector<Level> levels,
                     std::vector<ElectoralUnit> units, std::vector<PollingStation> stations);

  [[nodiscard]] const std::string& id() const { return id_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const Date& election_date() const { return election_date_; }
  [[nodiscard]] const std::string& form_schema_id() const { return form_schema_id_; }
  [[nodiscard]] const std::vector<Level>& levels() const { return levels_; }
  [[nodiscard]] const std::vector<ElectoralUnit>& units() const { return units_; }
  [[nodiscard]] const std::vector<PollingStation>& stations() const { return stations_; }

  // Lookups by id; nullopt / nullptr when unknown.
  [[nodiscard]] std::optional<std::size_t> level_index(std::string_view level_id) const;
  [[nodiscard]] std::optional<std::size_t> unit_index(std::string_view unit_id) const;
  [[nodiscard]] const ElectoralUnit* find_unit(std::string_view unit_id) const;
  [[nodiscard]] const PollingStation* find_station(std::string_view station_id) const;
  // The level of a unit (units are always of a known level).
  [[nodiscard]] const Level& level_of(const ElectoralUnit& unit) const;
  // Indexes into units() of the units of one level, in file order.
  [[nodiscard]] const std::vector<std::size_t>& units_of_level(std::size_t level_index) const {
    return units_by_level_[level_index];
  }
  // Indexes into stations() of the stations voting in one unit, in file order.
  [[nodiscard]] const std::vector<std::size_t>& stations_of_unit(std::size_t unit_index) const {
    return stations_by_unit_[unit_index];
  }
  // The station's contest for the unit named by `form`, or nullptr if the form does not
  // exist (unknown station, unknown unit, or the station does not vote in that unit).
  [[nodiscard]] const StationContest* find_contest(const FormId& form) const;
  // Every form of the election: one per station per level, stations in file order.
  [[nodiscard]] std::vector<FormId> all_forms() const;

 private:
  std::string id_;
  std::string name_;
  Date election_date_;
  std::string form_schema_id_;
  std::vector<Level> levels_;
  std::vector<ElectoralUnit> units_;
  std::vector<PollingStation> stations_;
  std::map<std::string, std::size_t, std::less<>> level_index_;
  std::map<std::string, std::size_t, std::less<>> unit_index_;
  std::map<std::string, std::size_t, std::less<>> station_index_;
  std::vector<std::vector<std::size_t>> units_by_level_;
  std::vector<std::vector<std::size_t>> stations_by_unit_;
};

}  // namespace tally::engine
