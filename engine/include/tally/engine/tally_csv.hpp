// The tally as CSV (docs/cli.md, "CSV"): one row per candidate of every unit, with the
// unit's figures and the law's result beside it, the numbers of the tally file
// (tally_json.hpp) for a spreadsheet. Written by `tallyd export --csv`, `GET
// /api/v1/tally?format=csv` and `tally-offline --csv`. Pure.
#pragma once

#include <string>

#include "tally/engine/definition.hpp"
#include "tally/engine/tally.hpp"

namespace tally::engine {

// `report` (a tally of `definition`) as CSV with a header row; units and candidates in
// definition order.
std::string tally_to_csv(const ElectionDefinition& definition, const TallyReport& report);

}  // namespace tally::engine
