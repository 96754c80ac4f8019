// The data set's ground truth: one station count record per station per level, counted so
// that every record passes the station-count/1 checks and every unit's totals realise its
// plan (dataset_outcomes.hpp).
#pragma once

#include <vector>

#include "geography.hpp"
#include "outcomes.hpp"
#include "random.hpp"
#include "tally/engine/record.hpp"

namespace tally::engine::dataset {

// The schema every record names.
inline constexpr const char* kFormSchema = "station-count/1";

// Records in station order, and per station in level order: the record of station s at
// level l is at index s × kLevels + l.
std::vector<StationRecord> count_records(Random& random, const Geography& geography,
                                         const Plans& plans);

}  // namespace tally::engine::dataset
