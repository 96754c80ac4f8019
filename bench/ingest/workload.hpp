// The synthetic election and workload W1 of bench/ingest (issue #5, "Tests and
// benchmarks"): an election definition with S polling stations on four levels, and the 44
// ops (4 levels × 11 fields) that each station's officer device uploads in one batch; and
// the endless edits of the soak (issue 21). Deterministic; used by bench/ only.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tally/engine/op.hpp"

namespace tally::bench {

// Fields written per form: the record's nine counts and the votes of two candidates.
inline constexpr std::size_t kW1FieldsPerForm = 11;
inline constexpr std::size_t kW1Levels = 4;
inline constexpr std::size_t kW1OpsPerStation = kW1FieldsPerForm * kW1Levels;

// An election definition (tally-election/1) with `stations` polling stations, named by
// station_id(0 .. stations − 1), on levels NA, PROV, DIST and COMM with units of 1,000,
// 250, 50 and 5 consecutive stations; every unit has 3 seats and 5 candidates.
std::string synthetic_definition_json(std::size_t stations);

// The id of station `index` of the synthetic definition.
std::string station_id(std::size_t index);

// The W1 ops of station `index` entered on device `device_id` (counters 1..44), each with
// the form's version vector as the client library sets it (the device's earlier ops on
// that form) and values that pass the station-count/1 checks.
std::vector<engine::Op> w1_ops(std::size_t index, const std::string& device_id);

// The soak's op with `counter` (1, 2, ...) of station `index`'s device (bench/soak): it
// sets the W1 fields of the station's National Assembly form in turn, round after round,
// the vote counts changing from round to round, with `context` (the device's earlier
// ops, all on that form: a contiguous prefix, so the form's metadata stays small however
// long the soak runs).
engine::Op soak_op(std::size_t index, const std::string& device_id, std::uint64_t counter,
                   const engine::DotSet& context);

}  // namespace tally::bench
