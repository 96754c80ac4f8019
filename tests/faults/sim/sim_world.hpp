// Runs one simulated schedule: the devices, the server and the network, tick by tick in
// simulated time, until every device has settled after the network healed; then checks
// every invariant (sim_checks.hpp) and reports the figures. Deterministic: the same seed
// gives the same run, frame for frame. Used by tests/faults/simulation_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim_network.hpp"
#include "sim_schedule.hpp"
#include "sim_server.hpp"

namespace tally::sim {

inline constexpr SimTime kTickMs = 10;
// A run that has not settled this long after the heal has failed to converge.
inline constexpr SimTime kConvergenceDeadlineMs = 300'000;

// What one schedule did and whether it kept every invariant.
struct ScheduleResult {
  std::uint64_t seed = 0;
  std::vector<std::string> failures;  // empty = every invariant held
  bool converged = false;
  SimTime convergence_ms = 0;  // from the heal to quiescence, simulated
  NetworkStats network;
  ServerStats server;
  std::uint64_t devices = 0;
  std::uint64_t double_entries = 0;
  std::uint64_t ops_made = 0;
  std::uint64_t ops_checked = 0;
  std::uint64_t lost = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t heads_checked = 0;  // heads and receipts the devices were given
  std::uint64_t adjudications = 0;
  std::uint64_t resends = 0;
  std::uint64_t max_skew_ms = 0;  // largest device clock skew, either way
  engine::Sha256Digest final_head{};
  std::uint64_t log_size = 0;
  bool operator==(const ScheduleResult&) const = default;
};

ScheduleResult run_schedule(const Schedule& schedule);

}  // namespace tally::sim
