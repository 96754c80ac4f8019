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

// Why a unit votes again after polling day.
enum class RoundKind : std::uint8_t {
  kSupplementary,  // bầu cử thêm (Art. 79): seats short; only unelected candidates stand
  kRevote,         // bầu cử lại (Art. 80): turnout not above half; same candidates, all seats
};

// What makes a unit a second-round unit: the first-round unit it completes, and why.
// The law allows one further round at most: no second supplementary election (Art. 79)
// and no second re-vote (Art. 80).
struct SecondRoundOf {
  std::string unit_id;  // the first-round unit
  RoundKind kind = RoundKind::kSupplementary;
  bool operator==(const SecondRoundOf&) const = default;
};

// An electoral unit (đơn vị bầu cử) of one level. A second-round unit (`round_of` set) is
// a unit of its own, with its own forms, whose seats are the ones its first-round unit
// still has to fill and whose candidates are (some of) that unit's.
struct ElectoralUnit {
  std::string id;
  std::string level_id;
  std::string name;
  int seats = 0;
  std::vector<Candidate> candidates;
  std::optional<SecondRoundOf> round_of;

  // 1 for polling day's unit, 2 for a supplementary election or re-vote.
  [[nodiscard]] int round() const { return round_of ? 2 : 1; }
};

// "supplementary" or "revote", as files and documents write a round's kind.
std::string_view round_kind_name(RoundKind kind);

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
  // Exactly one per level, in level order; then one per second-round unit the station
  // votes in (a unit of its first-round contests that votes again).
  std::vector<StationContest> contests;
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
  // Where the candidate stands on polling day (a second-round unit lists some of its
  // first-round unit's candidates again, under the same ids).
  [[nodiscard]] std::optional<CandidatePlace> candidate(std::string_view candidate_id) const;
  // The second-round unit of a first-round unit, or nullopt if it votes only once.
  [[nodiscard]] std::optional<std::size_t> second_round_unit(std::size_t unit_index) const;
  // The first-round unit a second-round unit completes; a first-round unit's own index.
  [[nodiscard]] std::size_t first_round_unit(std::size_t unit_index) const {
    return first_round_unit_[unit_index];
  }
  // Whether any unit votes a second time.
  [[nodiscard]] bool has_second_round() const { return has_second_round_; }

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
  std::vector<std::size_t> first_round_unit_;
  std::map<std::size_t, std::size_t> second_round_unit_;
  bool has_second_round_ = false;
};

}  // namespace tally::engine
