// The Thái Nguyên 2021 data set generator: a synthetic election definition and its
// ground-truth station records, built so that tallying them reproduces the province's
// published figures (ELECTION_RULES.md, "Figures to reproduce"; how: docs/dataset.md).
// Seeded and deterministic: a seed gives the same bytes on every platform.
//
// Used by the generate-dataset tool, which writes schemas/elections/thai-nguyen-2021*.json,
// and by the test that proves the committed files are its output. Pure: no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// The seed of the committed data set (the election date).
inline constexpr std::uint64_t kDefaultDatasetSeed = 20'210'523;

// One level's figures as the generator's self-check counted them (its own sums, not the
// tally's).
struct DatasetLevelFigures {
  std::string level_id;
  std::size_t units = 0;
  int seats = 0;
  int seats_filled = 0;
  std::size_t units_supplementary = 0;  // fewer than the law's share of seats filled
  Count registered = 0;
  Count voted = 0;
  bool operator==(const DatasetLevelFigures&) const = default;
};

// A generated data set.
struct GeneratedDataset {
  std::string definition_json;  // format tally-election/1 (docs/election-definition.md)
  std::string records_json;     // format tally-records/1 (docs/formats.md)
  std::size_t stations = 0;
  std::vector<DatasetLevelFigures> figures;  // per level, in level order
};

// Builds the data set from `seed` and checks it with its own sums: every record passes the
// station-count/1 checks, every unit elects exactly as planned, and the levels show the
// published units, seats filled, supplementary elections and turnout. Fails (kInternal,
// naming what did not hold) only if that self-check fails.
Result<GeneratedDataset> generate_thai_nguyen_2021(std::uint64_t seed = kDefaultDatasetSeed);

}  // namespace tally::engine
