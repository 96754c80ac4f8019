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
#include <functional>
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

  // "YYYY-MM-DD".
  [[nodiscard]] std::string to_string() const;
};

// Parses "YYYY-MM-DD" (exactly that shape) into a real calendar date (leap years
// included); nullopt for anything else, e.g. "2021-02-29" or "2021-5-23".
std::optional<Date> parse_date(std::string_view text);

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

// The law on units, by level kind.
// Seats a unit may have: National Assembly 1..3 (Art. 57), People's Councils 1..5 (Art. 58).
int max_seats(LevelKind kind);
// The fewest candidates a unit with `seats` seats may have: National Assembly seats + 2
// (Art. 57(6)); People's Councils 1–2 seats: seats + 1, 3 seats: 5, 4–5 seats: seats + 3
// (Art. 58(3)).
int min_candidates(LevelKind kind, int seats);
// "Art. 57(6)" or "Art. 58(3)": the article min_candidates follows, for messages.
std::string_view candidates_article(LevelKind kind);
// "National Assembly" or "People's Council", for messages.
std::string_view kind_name(LevelKind kind);

// Where a candidate stands: the unit's index in ElectionDefinition::units() and the
// candidate's index in that unit's candidate list.
struct CandidatePlace {
  std::size_t unit_index = 0;
  std::size_t candidate_index = 0;
};

// A whole election: its levels, units and stations, indexed for lookups by id.
//
// A value type (copyable; the indexes hold positions, not pointers). Built by
// load_election_definition (definition_loader.hpp), which checks the law first; a
// definition built by hand is indexed as given and must satisfy the same rules before it
// is tallied. Lookups of ids it lacks return nullptr / nullopt. Lookups by id are
// O(log n); by index O(1).
class ElectionDefinition {
 public:
  ElectionDefinition() = default;
  ElectionDefinition(std::string id, std::string name, Date election_date,
                     std::string form_schema_id, std::vector<Level> levels,
                     std::vector<ElectoralUnit> units, std::vector<PollingStation> stations);

  [[nodiscard]] const std::string& id() const { return id_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] Date election_date() const { return election_date_; }
  // The form schema the station records are entered against, e.g. "station-count/1".
  [[nodiscard]] const std::string& form_schema_id() const { return form_schema_id_; }
  [[nodiscard]] const std::vector<Level>& levels() const { return levels_; }
  [[nodiscard]] const std::vector<ElectoralUnit>& units() const { return units_; }
  [[nodiscard]] const std::vector<PollingStation>& stations() const { return stations_; }

  [[nodiscard]] std::optional<std::size_t> level_index(std::string_view level_id) const;
  [[nodiscard]] const Level* level(std::string_view level_id) const;
  [[nodiscard]] std::optional<std::size_t> unit_index(std::string_view unit_id) const;
  [[nodiscard]] const ElectoralUnit* unit(std::string_view unit_id) const;
  [[nodiscard]] std::optional<std::size_t> station_index(std::string_view station_id) const;
  [[nodiscard]] const PollingStation* station(std::string_view station_id) const;
  [[nodiscard]] std::optional<CandidatePlace> candidate(std::string_view candidate_id) const;

  // The index of the unit's level in levels() (0 for a unit whose level is unknown).
  [[nodiscard]] std::size_t level_index_of_unit(std::size_t unit_index) const {
    return unit_level_[unit_index];
  }
  // The kind of the unit's level: which law its results follow.
  [[nodiscard]] LevelKind kind_of_unit(std::size_t unit_index) const;
  // Indices into units() of the level's units, in file order.
  [[nodiscard]] const std::vector<std::size_t>& units_of_level(std::size_t level_index) const {
    return level_units_[level_index];
  }
  // Indices into stations() of the stations voting in the unit, ascending.
  [[nodiscard]] const std::vector<std::size_t>& stations_of_unit(std::size_t unit_index) const {
    return unit_stations_[unit_index];
  }
  // The contest a form counts for: its station's part in the form's unit (voter list
  // included), or nullptr if the form is not one of the definition's.
  [[nodiscard]] const StationContest* contest_of(const FormId& form) const;
  // The station's contest for the level, or nullptr if it has none.
  [[nodiscard]] const StationContest* contest(const PollingStation& station,
                                              std::size_t level_index) const;
  // The station's position in stations_of_unit(unit_index), or nullopt if it does not
  // vote in that unit. O(log n).
  [[nodiscard]] std::optional<std::size_t> station_slot(std::size_t unit_index,
                                                        std::size_t station_index) const;

 private:
  using Index = std::map<std::string, std::size_t, std::less<>>;

  std::string id_;
  std::string name_;
  Date election_date_;
  std::string form_schema_id_;
  std::vector<Level> levels_;
  std::vector<ElectoralUnit> units_;
  std::vector<PollingStation> stations_;

  Index level_by_id_;
  Index unit_by_id_;
  Index station_by_id_;
  std::map<std::string, CandidatePlace, std::less<>> candidate_by_id_;
  std::vector<std::size_t> unit_level_;
  std::vector<std::vector<std::size_t>> level_units_;
  std::vector<std::vector<std::size_t>> unit_stations_;
};

}  // namespace tally::engine
