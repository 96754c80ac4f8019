// The tally: per electoral unit, the sum of its stations' accepted count records and the
// result the election law gives (ELECTION_RULES.md, Art. 78–80); summaries per level
// and province-wide.
//
// Pure functions over the election definition and accepted StationRecords. The server
// keeps an incremental Tally as records are accepted, adjudicated or withdrawn; the
// verifier and tests recompute with tally_all and compare. Every decision uses integer
// arithmetic only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/percent.hpp"
#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// Sums over the accepted records of one unit's stations.
struct UnitTotals {
  std::string unit_id;
  int stations_reported = 0;  // stations with an accepted record
  int stations_expected = 0;  // stations voting in the unit
  Count registered = 0;       // voters on the lists, as the reported records give them
  Count voted = 0;
  Count valid = 0;
  Count invalid = 0;
  VoteMap votes;  // every candidate of the unit, 0 until votes are reported

  [[nodiscard]] Count turnout_basis_points() const { return basis_points(voted, registered); }
  // Valid ballots as a share of the ballots counted (valid + invalid).
  [[nodiscard]] Count valid_basis_points() const { return basis_points(valid, valid + invalid); }
  bool operator==(const UnitTotals&) const = default;
};

// Where a unit's election stands.
enum class UnitState : std::uint8_t {
  kNoResults,     // no station has reported yet: nothing to decide
  kRevoteNeeded,  // not more than half of the registered voters voted (Art. 80): no winners
  kDecided,       // a valid election: winners decided (seats may be short or tied)
};

// What the law makes of a unit's totals (Art. 78–80).
struct UnitResult {
  std::string unit_id;
  UnitState state = UnitState::kNoResults;
  int seats = 0;
  // Elected candidate ids: most votes first; equal votes, older first; equal votes and
  // birth dates (both elected), by id.
  std::vector<std::string> winners;
  // Candidates above half tied for the last seat(s) on votes and birth date: the unit is
  // flagged for the election committee and `seats_undecided` seats stay open. Sorted by id.
  std::vector<std::string> tied;
  int seats_undecided = 0;
  // Art. 79. Seats left to the committee by a tie count as filled here: the committee
  // fills them from candidates already above half. Never set in a second round: there is
  // no second supplementary election, and a re-vote's result stands.
  bool supplementary_needed = false;

  [[nodiscard]] int seats_filled() const { return static_cast<int>(winners.size()); }
  [[nodiscard]] bool revote_needed() const { return state == UnitState::kRevoteNeeded; }
  [[nodiscard]] bool tie_for_committee() const { return seats_undecided > 0; }
  bool operator==(const UnitResult&) const = default;
};

// Art. 79: National Assembly — any seat short; People's Councils — fewer than two thirds
// of the seats filled (3 * filled < 2 * seats).
bool needs_supplementary_election(LevelKind kind, int seats, int seats_filled);

// The result of one unit: validity (2 * voted > registered, else re-vote), winners
// (2 * votes > valid, most votes first, up to the seats), the tie for the last seat
// (older candidate wins; equal birth dates → committee), supplementary election.
// Independent of the order of the unit's candidate list. In a second round (unit.round_of)
// the same winning rule fills the unit's seats, and nothing calls for a further round: a
// re-vote stands whatever its turnout (Art. 80) and a supplementary election short of
// seats is not held again (Art. 79).
UnitResult decide_unit(const ElectoralUnit& unit, LevelKind kind, const UnitTotals& totals);

// The part of one accepted record that the tally sums; votes in the unit's candidate order.
struct RecordContribution {
  Count registered = 0;
  Count voted = 0;
  Count valid = 0;
  Count invalid = 0;
  std::vector<Count> votes;
  bool operator==(const RecordContribution&) const = default;
};

// A unit's totals with its result.
struct UnitTally {
  UnitTotals totals;
  UnitResult result;
  bool operator==(const UnitTally&) const = default;
};

// Sums over the units of one round of one level.
struct RoundFigures {
  int units = 0;
  int units_complete = 0;  // every station reported
  int seats = 0;  // on polling day the level's seats; in a second round those still to fill
  int seats_filled = 0;
  int seats_undecided = 0;    // left to the committee by ties
  int units_tied = 0;         // flagged for the committee
  int stations_reported = 0;  // accepted records of this round of the level
  int stations_expected = 0;  // one per station of each unit
  Count registered = 0;
  Count voted = 0;
  Count valid = 0;
  Count invalid = 0;

  [[nodiscard]] Count turnout_basis_points() const { return basis_points(voted, registered); }
  [[nodiscard]] Count valid_basis_points() const { return basis_points(valid, valid + invalid); }
  bool operator==(const RoundFigures&) const = default;
};

// The figures of one level. Its own RoundFigures are polling day's (the figures the
// province publishes for the night); `second_round` sums the units that vote again.
struct LevelSummary : RoundFigures {
  std::string level_id;
  int units_revote = 0;         // re-vote needed after polling day (Art. 80)
  int units_supplementary = 0;  // supplementary election needed after polling day (Art. 79)
  RoundFigures second_round;    // supplementary elections and re-votes opened
  int units_final = 0;          // units whose result is final (unit_result_final)

  // Seats filled over both rounds.
  [[nodiscard]] int seats_filled_all_rounds() const {
    return seats_filled + second_round.seats_filled;
  }
  // Every unit's result is final: the level's figures will not change.
  [[nodiscard]] bool final() const { return units_final == units; }
  bool operator==(const LevelSummary&) const = default;
};

// Province-wide counts across levels. Voter figures are per level (LevelSummary): each
// level has its own voter list, as the province publishes them. Unit and seat counts are
// polling day's; the second round's are counted apart.
struct ProvinceSummary {
  int units = 0;
  int units_complete = 0;
  int seats = 0;
  int seats_filled = 0;
  int seats_undecided = 0;
  int units_revote = 0;
  int units_supplementary = 0;
  int units_tied = 0;
  int second_round_units = 0;
  int second_round_seats = 0;  // seats those units fill
  int second_round_seats_filled = 0;
  int units_final = 0;
  int forms_reported = 0;     // accepted records, all levels and rounds
  int forms_expected = 0;     // one per station contest
  int stations_reported = 0;  // stations with at least one accepted record
  int stations_complete = 0;  // stations with an accepted record for every contest
  int stations_expected = 0;
  bool operator==(const ProvinceSummary&) const = default;
};

// A whole tally: units in definition order, levels in definition order, the province.
struct TallyReport {
  std::vector<UnitTally> units;
  std::vector<LevelSummary> levels;
  ProvinceSummary province;
  bool operator==(const TallyReport&) const = default;
};

// Whether the result of first-round unit `unit_index` is final: every station reported,
// no tie left to the committee, and, if it needs a supplementary election or a re-vote,
// that second round opened, every station reported and no tie there. `units` in
// definition order (TallyReport::units, Tally::units()).
bool unit_result_final(const ElectionDefinition& definition, const std::vector<UnitTally>& units,
                       std::size_t unit_index);

// The candidates elected in the unit over both rounds: polling day's winners, then its
// second round's. `unit_index` is a first-round unit.
std::vector<std::string> elected_all_rounds(const ElectionDefinition& definition,
                                            const std::vector<UnitTally>& units,
                                            std::size_t unit_index);

// The tally kept up to date record by record. Putting, replacing or withdrawing one
// record recomputes only its unit and adjusts its level's sums by the difference.
// Holds a reference to the definition, which must outlive it.
class Tally {
 public:
  explicit Tally(const ElectionDefinition& definition);

  // Adds the station's accepted record for its form, or replaces the one there. Refuses
  // (ErrorDomain::kRecord) an unknown station or unit, a station that does not vote in
  // that unit (kUnknownForm), a missing count or vote map (kWrongValueType), a negative
  // or absurdly large count (kNegativeCount, kValueTooLarge) and votes for someone who
  // does not stand in the unit (kUnknownField). A refused record changes nothing.
  Status put(const StationRecord& record);
  // Removes the form's accepted record (e.g. flagged again after acceptance). Withdrawing
  // a form with no record is a no-op; an unknown form is refused (kUnknownForm).
  Status withdraw(const FormId& form);

  [[nodiscard]] const UnitTally* unit(std::string_view unit_id) const;
  [[nodiscard]] const std::vector<UnitTally>& units() const { return units_; }
  [[nodiscard]] const LevelSummary* level(std::string_view level_id) const;
  [[nodiscard]] const std::vector<LevelSummary>& levels() const { return levels_; }
  [[nodiscard]] ProvinceSummary province() const;
  // A copy of everything, comparable with tally_all's.
  [[nodiscard]] TallyReport report() const;

 private:
  void update_unit(std::size_t unit_index, std::size_t station_index, std::size_t slot,
                   std::optional<RecordContribution> next);

  const ElectionDefinition* definition_;
  std::vector<UnitTally> units_;
  std::vector<LevelSummary> levels_;
  // Per unit, per station of the unit (definition's stations_of_unit order): the accepted
  // record's contribution.
  std::vector<std::vector<std::optional<RecordContribution>>> slots_;
  std::vector<int> station_forms_;  // accepted records per station
  int stations_reported_ = 0;
  int stations_complete_ = 0;
};

// The tally recomputed from scratch over `records` (at most one per form). Same
// refusals as Tally::put, plus kInvalidArgument for a second record of one form; the
// error message names the record's position.
Result<TallyReport> tally_all(const ElectionDefinition& definition,
                              const std::vector<StationRecord>& records);

}  // namespace tally::engine
