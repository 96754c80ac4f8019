// The station records as CSV (docs/cli.md, "CSV"): one row per entered value of every
// record (a candidate's votes are one value each), the values of the records file
// (records_json.hpp) for a spreadsheet. Written by `tallyd export --csv` and `GET
// /api/v1/records?format=csv`. Pure.
#pragma once

#include <string>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/record.hpp"

namespace tally::engine {

// `records` of `definition` as CSV with a header row: records in the given order, values
// in form order (records_json.hpp). `statuses` is empty or one per record ("accepted",
// ...); without it the status column is empty. Names the definition lacks are empty.
std::string records_to_csv(const ElectionDefinition& definition,
                           const std::vector<StationRecord>& records,
                           const std::vector<std::string>& statuses);

}  // namespace tally::engine
