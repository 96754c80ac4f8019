// tally-night's second round (--rounds 2, the default): once polling day's night is over,
// the operator opens the supplementary elections and re-votes the tally calls for
// (POST /api/v1/rounds), the seeded generator makes the round's paper records, and the
// officers' devices of its stations (their stores from the night, through the client
// library) enter and submit them; the run's ground truth then holds both rounds.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "operator_api.hpp"
#include "tally/engine/definition.hpp"
#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::demo {

// What the second round was: its definition, its paper records, how long it took.
struct SecondRound {
  std::string definition_json;  // the definition with the second round, as tallyd serves it
  engine::ElectionDefinition definition;
  std::vector<engine::StationRecord> records;
  std::size_t units = 0;
  std::size_t stations = 0;
  double seconds = 0;
  // Each device's last own counter after the round (all acknowledged), for the check that
  // every acked op is in the log once.
  std::map<std::string, std::uint64_t> counters;
};

// The round's paper records, deterministic from `seed`: for each station of each
// second-round unit, its polling-day voter list, 80–95 % of polling day's voters, about
// 1 % invalid ballots, and each candidate's votes a seeded share of the valid ones (a
// ballot keeps at most the unit's seats names). A station whose polling-day record is
// missing gets none.
std::vector<engine::StationRecord> second_round_records(
    const engine::ElectionDefinition& definition, const Dataset& polling_day, std::uint64_t seed);

// Opens the round (forced when `force`: stations that never reported leave it unready),
// enters its records on the officers' devices whose stores are under `device_dir`
// (`<station>.a.db`), and waits until tallyd has accepted every one of them, or
// `timeout_seconds` pass. A tally that calls for no second round opens none (`units` 0).
Result<SecondRound> run_second_round(OperatorApi& api, const Dataset& polling_day,
                                     const std::string& device_dir, std::uint64_t seed, bool force,
                                     std::int64_t timeout_seconds);

}  // namespace tally::demo
