// tally-night's closing report: the server's tally (GET /api/v1/tally) compared with the
// ground truth tallied offline by the engine, per level and per unit, and the figures of
// the run. (The tally table itself is the engine's tally_to_table.)
#pragma once

#include <boost/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "tally/engine/tally.hpp"

namespace tally::demo {

// Every figure where the server's tally differs from the ground truth (empty: a match).
std::vector<std::string> tally_differences(const boost::json::value& server_tally,
                                           const engine::TallyReport& truth);

// The figures of the run.
struct RunFigures {
  double wall_seconds = 0;
  double night_seconds = 0;   // from the first officer's step to the last form accepted
  std::uint64_t ops = 0;      // ops in the server's log
  std::uint64_t conflicts_raised = 0;
  std::uint64_t conflicts_resolved = 0;
  std::uint64_t forms_adjudicated = 0;
  std::uint64_t reconnects = 0;
  std::size_t kills = 0;
  std::size_t kills_survived = 0;
  std::size_t devices = 0;
};
void print_figures(std::ostream& out, const RunFigures& figures);

}  // namespace tally::demo
