// Internals shared by the incremental Tally and tally_all: finding a record's unit and
// station, reading what it contributes, and adding (or taking away) contributions from
// unit totals and unit tallies from level sums.
#pragma once

#include <cstddef>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/record.hpp"
#include "tally/engine/tally.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// A form's place in the definition; `slot` is the station's position in
// stations_of_unit(unit_index).
struct RecordPlace {
  std::size_t unit_index = 0;
  std::size_t station_index = 0;
  std::size_t slot = 0;
};

// The largest count the tally accepts in one record: far above any station, small
// enough that no sum or comparison can overflow.
inline constexpr Count kMaxTallyCount = 1'000'000'000'000;

Result<RecordPlace> locate_form(const ElectionDefinition& definition, const FormId& form);

// The record's counts and votes, refused if missing, negative, too large or for a
// candidate who does not stand in the unit.
Result<RecordContribution> read_contribution(const ElectoralUnit& unit,
                                             const StationRecord& record);

// Totals of a unit with no record yet.
UnitTotals empty_totals(const ElectionDefinition& definition, std::size_t unit_index);

// sign +1 adds the record to the totals, -1 takes it away.
void add_to_totals(UnitTotals& totals, const ElectoralUnit& unit,
                   const RecordContribution& contribution, int sign);

// Level sums with the fixed parts (units, seats, stations expected) and nothing reported.
std::vector<LevelSummary> empty_levels(const ElectionDefinition& definition);

// sign +1 adds the unit's figures to its level's sums (to its round's), -1 takes them away.
void add_to_level(LevelSummary& level, const ElectoralUnit& unit, const UnitTally& tally, int sign);

ProvinceSummary summarize_province(const std::vector<LevelSummary>& levels, int stations_reported,
                                   int stations_complete, int stations_expected);

// The records a station is expected to report: one per contest, second rounds included.
int forms_of_station(const PollingStation& station);

}  // namespace tally::engine
