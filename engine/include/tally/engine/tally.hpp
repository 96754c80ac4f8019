// The tally: per electoral unit and per level, from the accepted station records, by the
// rules of Law 85/2015/QH13 Art. 78–80 (ELECTION_RULES.md).
//
// Used by tallyd (incrementally, as records are accepted), by the offline tools and by
// the auditor's verifier (from scratch, with tally_all()). Every decision is made with
// integer arithmetic; percentages are only for display.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// Sums of a unit's reported station records.
struct UnitTotals {
  std::size_t stations_expected = 0;
  std::size_t stations_reported = 0;
  Count registered = 0;
  Count voted = 0;
  Count valid = 0;
  Count invalid = 0;
  std::vector<Count> votes;  // per candidate, in the unit's candidate order
  bool operator==(const UnitTotals&) const = default;
};

// Where a unit stands.
enum class UnitStatus : std::uint8_t {
  kPending,       // no station has reported yet
  kElected,       // more than half of the registered voters voted: winners decided
  kRevoteNeeded,  // half or fewer voted: a re-vote (bầu cử lại, Art. 80), nobody elected
};

// The decision for one unit (Art. 78–80).
struct UnitResult {
  UnitStatus status = UnitStatus::kPending;
  bool complete = false;  // every station of the unit has reported
  // Elected candidates (indexes into the unit's candidates), most votes first, older
  // first among equal votes.
  std::vector<std::size_t> winners;
  // Candidates above half tied for the last seat(s) with equal votes and equal birth
  // dates: the law gives no order, so those seats go to the election committee.
  std::vector<std::size_t> tied_for_committee;
  int seats_filled = 0;
  // A supplementary election (bầu cử thêm, Art. 79) is needed: for the National Assembly
  // when any seat is short, for People's Councils when fewer than two thirds are filled.
  bool supplementary_needed = false;
  bool operator==(const UnitResult&) const = default;
};

// Decides one unit from its totals. Pure; the heart of the law.
UnitResult decide_unit(const ElectoralUnit& unit, LevelKind kind, const UnitTotals& totals);

// True if the filled seats leave a unit short enough to need a supplementary election.
bool needs_supplementary_election(LevelKind kind, int seats, int seats_filled);

// A unit with its totals and decision.
struct UnitTally {
  std::string unit_id;
  UnitTotals totals;
  UnitResult result;
  bool operator==(const UnitTally&) const = default;
};

// Sums over the units of one level.
struct LevelSummary {
  std::string level_id;
  std::size_t units = 0;
  std::size_t units_complete = 0;  // every station reported
  int seats = 0;
  int seats_filled = 0;
  std::size_t units_revote = 0;
  std::size_t units_supplementary = 0;
  std::size_t units_tied = 0;
  std::size_t forms_expected = 0;  // station records expected (one per station)
  std::size_t forms_reported = 0;
  Count registered = 0;
  Count voted = 0;
  Count valid = 0;
  Count invalid = 0;
  bool operator==(const LevelSummary&) const = default;
};

// The whole election: every unit in definition order, every level in level order.
struct ElectionTally {
  std::vector<UnitTally> units;
  std::vector<LevelSummary> levels;
  bool operator==(const ElectionTally&) const = default;
};

// What one station's record adds to its unit's totals.
struct StationContribution {
  std::size_t unit_index = 0;
  Count registered = 0;
  Count voted = 0;
  Count valid = 0;
  Count invalid = 0;
  std::vector<Count> votes;  // per candidate, in the unit's candidate order
};

// Reads the tally fields of an accepted record. Refuses an unknown form, a missing or
// negative tally field, and a vote for a candidate not in the unit.
Result<StationContribution> contribution_of(const ElectionDefinition& definition,
                                            const StationRecord& record);

// Basis points (hundredths of a percent) of part / whole, rounded half up; 0 if whole is 0.
// 931,800 of 934,900 → 9967 (99.67%).
std::int64_t basis_points(Count part, Count whole);
// "99.67" for 9967.
std::string format_percent(std::int64_t basis_points);

// Tallies a set of accepted records from scratch (the verifier's path). Refuses a record
// for an unknown form, a record missing a tally field, a vote for a candidate not in the
// unit, and two records for one form.
Result<ElectionTally> tally_all(const ElectionDefinition& definition,
                                const std::vector<StationRecord>& records);

// The incremental tally tallyd keeps: adding, replacing or withdrawing one station's record
// updates only its unit and, by difference, its level. Holds a reference to `definition`,
// which must outlive it.
class Tally {
 public:
  explicit Tally(const ElectionDefinition& definition);

  // Adds the accepted record of a form, or replaces the one it had.
  Status put(const StationRecord& record);
  // Removes a form's record (submission withdrawn or no longer accepted); no-op if absent.
  void withdraw(const FormId& form);

  [[nodiscard]] const UnitTally& unit(std::size_t unit_index) const { return units_[unit_index]; }
  [[nodiscard]] const LevelSummary& level(std::size_t level_index) const {
    return levels_[level_index];
  }
  [[nodiscard]] ElectionTally snapshot() const { return ElectionTally{units_, levels_}; }

 private:
  void replace_contribution(std::size_t unit_index, const std::string& station_id,
                            const StationContribution* next);

  const ElectionDefinition& definition_;
  std::vector<UnitTally> units_;
  std::vector<LevelSummary> levels_;
  std::vector<std::map<std::string, StationContribution>> contributions_;  // per unit, by station
};

}  // namespace tally::engine
