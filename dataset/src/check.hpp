// The generator's self-check: its own sums over the generated records, independent of the
// engine's tally, proving the data set is what it claims before it is written anywhere.
#pragma once

#include <vector>

#include "geography.hpp"
#include "outcomes.hpp"
#include "tally/dataset/generator.hpp"
#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine::dataset {

// Checks every record (station-count/1 checks, 300–4,000 voters), the nesting of units,
// every unit's outcome against its plan (winners above half by a clear margin, no equal
// votes but the planned tie, which age decides) and the levels against kLevelTargets and
// the published turnout. Returns the figures per level, or kInternal naming the first
// thing that does not hold.
Result<std::vector<DatasetLevelFigures>> check_dataset(const Geography& geography,
                                                       const Plans& plans,
                                                       const std::vector<StationRecord>& records);

}  // namespace tally::engine::dataset
